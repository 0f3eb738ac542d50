"""Gendered words of English news prose: pronouns, honorifics, role nouns.

All entries are lower case. Each list describes general usage, never one article.
"""

from __future__ import annotations

PRONOUN_GENDER: dict[str, str] = {
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
}
# Singular "they" counts only for a person the article says uses it.
THEY_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themself", "themselves"})
NEOPRONOUNS = frozenset({"xe", "xem", "xyr", "ze", "zir", "hir", "ey", "em"})

HONORIFIC_GENDER: dict[str, str] = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "monsieur": "male",
    "herr": "male", "señor": "male", "senor": "male",
    "mrs": "female", "ms": "female", "miss": "female", "madam": "female", "madame": "female",
    "mme": "female", "mlle": "female", "dame": "female", "lady": "female", "señora": "female",
    "frau": "female",
    "mx": "nonbinary",
}

# Nouns that say the person's gender. "spokesman", "chairman" and the like are
# kept apart: news writing long used them for women too, so they weigh little.
FEMALE_NOUNS = frozenset(
    """
    woman lady girl mother mom mum wife daughter sister aunt niece grandmother grandma
    granddaughter widow bride girlfriend fiancee stepmother stepdaughter matriarch
    actress waitress hostess heiress princess queen duchess empress countess baroness
    nun sportswoman businesswoman spokeswoman chairwoman congresswoman councilwoman
    assemblywoman alderwoman anchorwoman policewoman servicewoman stateswoman
    congresswomen councilwomen frontwoman horsewoman craftswoman camerawoman
    committeewoman newswoman saleswoman sportswomen kinswoman countrywoman
    """.split()
)
MALE_NOUNS = frozenset(
    """
    man boy gentleman father dad son husband brother uncle nephew grandfather grandpa
    grandson widower groom boyfriend fiance stepfather stepson patriarch
    prince king duke emperor baron
    monk sportsman businessman congressman assemblyman anchorman
    policeman serviceman statesman frontman horseman craftsman cameraman committeeman
    newsman salesman kinsman countryman fireman
    """.split()
)
# "actor", "host", "heir" and "waiter" are left out: they are used for
# everyone now, so they say nothing about the person.
WEAK_MALE_NOUNS = frozenset(
    {"chairman", "spokesman", "councilman", "alderman", "freshman", "ombudsman", "foreman", "middleman"}
)
# Multi-word phrases, matched on lower-cased text.
FEMALE_PHRASES = ("first lady",)
MALE_PHRASES = ("first gentleman",)

# "women's player", "men's national team player": a team sport's men's or
# women's side says the player's gender, not the coach's or the fan's.
SPORT_PERSON_NOUNS = frozenset(
    """
    player striker forward midfielder defender goalkeeper goalie keeper captain athlete
    star champion international winner medalist medallist runner sprinter swimmer skier
    skater golfer boxer wrestler cyclist gymnast footballer cricketer batsman bowler
    pitcher quarterback guard center centre winger fullback rower jumper olympian
    """.split()
)
GENDERED_TEAM_WORDS = {"women": "female", "men": "male", "woman": "female", "man": "male",
                       "girls": "female", "boys": "male", "ladies": "female"}
GENDERED_ADJECTIVES = {"female": "female", "male": "male", "transgender": None, "nonbinary": "nonbinary",
                       "non-binary": "nonbinary"}


def noun_label(word: str) -> tuple[str, float] | None:
    """The gender a role noun states and how much it weighs (1.0 strong, less when used loosely)."""
    word = word.lower()
    if word in FEMALE_NOUNS:
        return "female", 1.0
    if word in MALE_NOUNS:
        return "male", 1.0
    if word in WEAK_MALE_NOUNS:
        return "male", 0.2
    return None


def honorific_label(word: str) -> str | None:
    return HONORIFIC_GENDER.get(word.lower().rstrip("."))
