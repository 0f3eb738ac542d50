"""Word lists the resolver reads: titles, role nouns, organisation nouns, media.

All entries are lower case. They describe English news usage in general, not
any one article.
"""

from __future__ import annotations

# Titles written before a name, mapped to the role noun a later description
# would use ("Sen. Ted Cruz" ... "the senator").
TITLES: dict[str, str] = {
    "mr.": "", "mr": "", "mrs.": "", "mrs": "", "ms.": "", "ms": "", "miss": "",
    "dr.": "doctor", "dr": "doctor", "prof.": "professor", "professor": "professor",
    "sen.": "senator", "sen": "senator", "senator": "senator",
    "rep.": "representative", "rep": "representative", "representative": "representative",
    "gov.": "governor", "gov": "governor", "governor": "governor",
    "lt.": "lieutenant", "gen.": "general", "general": "general", "col.": "colonel",
    "maj.": "major", "capt.": "captain", "sgt.": "sergeant", "adm.": "admiral",
    "del.": "delegate", "atty.": "attorney", "rev.": "reverend", "sir": "", "dame": "",
    "lord": "", "lady": "",
    "president": "president", "pres.": "president", "vice": "", "mayor": "mayor",
    "chancellor": "chancellor", "minister": "minister", "premier": "premier",
    "secretary": "secretary", "judge": "judge", "justice": "justice", "chief": "",
    "prime": "", "king": "king", "queen": "queen", "prince": "prince", "princess": "princess",
    "pope": "pope", "chairman": "chairman", "chairwoman": "chairwoman", "coach": "coach",
    "speaker": "speaker", "commissioner": "commissioner", "ambassador": "ambassador",
    "attorney": "attorney", "sheriff": "sheriff", "detective": "detective", "officer": "officer",
}
HONORIFIC_GENDER: dict[str, str] = {
    "mr.": "male", "mr": "male", "sir": "male", "lord": "male", "king": "male", "prince": "male",
    "mrs.": "female", "mrs": "female", "ms.": "female", "ms": "female", "miss": "female",
    "dame": "female", "lady": "female", "queen": "female", "princess": "female",
}
# Titles that only ever lead a person's name: "Mayor Elena Marsh" is a person
# whatever NER calls it. Left out: "General" (Motors), "Premier" (League),
# "Chief", "Vice", "Prime" (parts of longer titles) and "Speaker".
PERSON_TITLES = frozenset(TITLES) - frozenset(
    {"general", "gen.", "chief", "vice", "prime", "premier", "speaker", "lord", "lady", "king", "queen"}
)
# Verbs of saying whose subject is someone who speaks.
SPEECH_LEMMAS = frozenset(
    "say tell add explain write ask announce insist warn argue claim note state reply respond recall".split()
)
NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})

# Nouns that name a person by role. Agentive suffixes cover most of the rest.
PERSON_NOUNS = frozenset(
    """
    president senator mayor governor minister chancellor secretary spokesman spokeswoman
    spokesperson official candidate nominee chairman chairwoman chair director chief ceo
    executive founder lawyer attorney judge justice representative congressman
    congresswoman lawmaker legislator diplomat ambassador envoy general admiral officer
    commander sheriff detective prosecutor analyst expert economist professor scientist
    researcher doctor physician surgeon nurse author writer journalist reporter editor
    columnist correspondent host anchor moderator historian activist advocate adviser
    advisor aide assistant deputy head leader manager strategist consultant pollster
    businessman businesswoman billionaire entrepreneur owner investor banker developer
    striker defender midfielder goalkeeper forward player coach captain athlete star
    champion winner singer musician dj actor actress artist rapper comedian producer
    director filmmaker designer architect engineer teacher student victim witness
    survivor resident neighbor neighbour friend mother father wife husband son daughter
    brother sister uncle aunt widow widower man woman boy girl lady gentleman veteran
    soldier pilot driver owner priest pastor bishop pope king queen prince princess
    premier ruler dictator mogul tycoon governor-elect incumbent challenger opponent
    rival critic supporter chief-executive commissioner inspector agent trooper officer
    campaigner organizer organiser negotiator mediator prosecutor defendant plaintiff
    suspect candidate vice-president student resident participant applicant consultant
    assistant attendant servant immigrant migrant emigrant claimant defendant descendant
    correspondent president agent nominee appointee employee trustee detainee
    """.split()
)
FEMALE_NOUNS = frozenset(
    """
    woman lady mother wife daughter sister aunt widow girl actress queen princess
    businesswoman spokeswoman chairwoman congresswoman grandmother niece bride
    """.split()
)
MALE_NOUNS = frozenset(
    """
    man gentleman father husband son brother uncle widower boy actor king prince
    businessman spokesman chairman congressman grandfather nephew groom
    """.split()
)

# Relatives: "X's wife" is another person, usually sharing X's surname.
KIN_NOUNS = frozenset(
    """
    wife husband son daughter mother father brother sister widow widower child
    grandson granddaughter grandmother grandfather nephew niece cousin uncle aunt
    """.split()
)

# Nouns that name an organisation by type ("the agency said").
ORG_NOUNS = frozenset(
    """
    agency ministry department court committee panel bloc alliance government company
    firm council commission union party campaign administration organization
    organisation institute foundation board newspaper network journal paper office
    bureau service university club team league federation association group
    corporation bank authority regulator tribunal parliament congress senate house
    legislature cabinet embassy police force army military navy coalition center centre
    charity network broadcaster station magazine outlet publisher studio
    label fund school hospital airline manufacturer retailer startup lab laboratory
    """.split()
)
# Words an organisation's name uses for what a description calls it:
# "the agency" may be the Congressional Budget Office.
ORG_NOUN_NAMES: dict[str, frozenset[str]] = {
    "agency": frozenset({"agency", "office", "administration", "department", "bureau", "service",
                         "commission", "authority", "board", "investigations", "institute"}),
    "department": frozenset({"department", "ministry", "office"}),
    "ministry": frozenset({"ministry", "department"}),
    "panel": frozenset({"panel", "committee", "commission", "board", "subcommittee"}),
    "committee": frozenset({"committee", "subcommittee", "panel"}),
    "company": frozenset({"company", "inc", "corp", "corporation", "co", "group", "ltd", "llc"}),
    "firm": frozenset({"firm", "inc", "corp", "corporation", "co", "group", "ltd", "llc", "partners"}),
    "bloc": frozenset({"union", "bloc"}),
    "alliance": frozenset({"alliance", "nato", "organization"}),
    "court": frozenset({"court", "tribunal"}),
    "newspaper": frozenset({"times", "post", "journal", "herald", "tribune", "guardian", "gazette", "news"}),
    "paper": frozenset({"times", "post", "journal", "herald", "tribune", "guardian", "gazette", "news"}),
    "network": frozenset({"news", "broadcasting", "network", "television", "tv"}),
}

# Role nouns news writing uses for one another: "his attorney" is the lawyer
# the article named ("Pagliano's lawyer, Mark MacDougall").
_SYNONYM_GROUPS = (frozenset({"lawyer", "attorney", "counsel"}),)
ROLE_SYNONYMS: dict[str, frozenset[str]] = {word: group for group in _SYNONYM_GROUPS for word in group}

# Organisations that belong to a person: "the Clinton campaign", "her campaign".
PERSONAL_ORG_NOUNS = frozenset({"campaign", "administration", "team", "camp"})

# Platforms and outlets NER often mislabels as persons.
PLATFORMS = frozenset(
    """
    twitter facebook instagram youtube tiktok snapchat linkedin reddit telegram whatsapp
    weibo wechat threads bluesky mastodon truth
    """.split()
)
# Nouns for the channel a statement went out through ("in a statement").
MEDIUM_NOUNS = frozenset(
    """
    statement interview tweet post letter email e-mail speech op-ed column blog video
    release conference briefing broadcast show program programme podcast memo
    message text call appearance address remarks testimony hearing note essay article
    editorial documentary radio television tv newspaper magazine website twitter
    facebook instagram youtube tiktok
    """.split()
)
# Verbs whose object is the person spoken to ("told the BBC", "asked Ann").
ADDRESS_VERBS = frozenset(
    """
    tell ask inform assure warn remind advise brief urge promise reassure question
    notify caution beg implore answer text email
    """.split()
)

# Pronouns by what they can refer to.
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_SECOND_PRONOUNS = frozenset(
    {"i", "me", "my", "mine", "we", "us", "our", "you", "your", "yours"}
)
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})
INDEFINITE_DETERMINERS = frozenset(
    {"a", "an", "one", "another", "some", "any", "several", "many", "few", "each", "every", "no"}
)

AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "eer")


def is_person_noun(lemma: str) -> bool:
    """Whether a common noun plausibly names a person by role."""
    if lemma in PERSON_NOUNS or lemma in FEMALE_NOUNS or lemma in MALE_NOUNS:
        return True
    if lemma in ORG_NOUNS or lemma in MEDIUM_NOUNS:
        return False
    return len(lemma) > 4 and lemma.endswith(AGENT_SUFFIXES)


def noun_gender(lemma: str) -> str | None:
    if lemma in FEMALE_NOUNS:
        return "female"
    if lemma in MALE_NOUNS:
        return "male"
    return None
