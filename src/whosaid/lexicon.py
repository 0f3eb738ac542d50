"""Word lists of English news prose that more than one stage reads.

One place for the verbs of saying, the titles written before names, the
honorifics and gendered nouns, the role and organisation nouns and the
pronouns, so that the attribute, resolve and enrich stages agree on them (the
resolver and the gender evidence must read "chairman" the same way). All
entries are lower case and describe general usage, never one article.
"""

from __future__ import annotations

# ---------------------------------------------------------------- saying

# Verbs whose subject is someone who speaks ("Elena Marsh said"): lemmas.
SPEECH_LEMMAS = frozenset(
    """
    say tell add explain write ask announce insist warn argue claim note state reply respond
    recall answer tweet declare exclaim shout yell retort quip post
    """.split()
)
# Verbs that only ever report speech: one directly followed by a quotation cues
# it ('responded "no"') whatever a classifier thinks of the rare construction.
REPORTING_ONLY_LEMMAS = frozenset(
    """
    say respond reply answer tell write tweet add ask declare exclaim shout yell retort quip
    explain insist warn state post
    """.split()
)
# Inflected forms of verbs that report speech, as written between a quotation
# and its speaker ('"...," said Marsh'; '"...," Marsh added').
SPEECH_FORMS = frozenset(
    """
    said says say added adds told tells asked asks replied replies responded responds wrote writes
    tweeted tweets explained explains insisted insists warned warns declared declares stated states
    noted notes continued continues recalled recalls shouted shouts yelled yells exclaimed quipped
    remarked acknowledged admitted admits argued argues conceded concedes countered counters agreed
    agrees observed announced announces whispered cautioned predicted promised complained boasted
    claimed claims concluded mused joked jokes emphasized emphasised stressed stresses
    """.split()
)
# Plural present forms of speech verbs ("reply Ana and Tom"), where SPEECH_FORMS does not list them.
SPEECH_BASE_FORMS = frozenset(
    """
    tell ask reply respond write tweet explain insist warn declare state note continue recall shout
    yell exclaim quip remark acknowledge admit argue concede counter agree observe announce whisper
    caution predict promise complain boast claim conclude muse joke emphasize emphasise stress
    """.split()
)
# Verbs whose object is the person spoken to ("told the BBC", "asked Ann").
ADDRESS_VERBS = frozenset(
    """
    tell ask inform assure warn remind advise brief urge promise reassure question
    notify caution beg implore answer text email
    """.split()
)

# ---------------------------------------------------------------- titles

# Titles written before a name, mapped to the role noun a later description
# would use ("Sen. Ted Cruz" ... "the senator"); "" for a title with no role.
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
    "rabbi": "rabbi", "imam": "imam", "archbishop": "archbishop",
    # Members of elected bodies, written before the name as "Senator" is.
    "congressman": "congressman", "congresswoman": "congresswoman",
    "councilman": "councilman", "councilwoman": "councilwoman", "councilmember": "councilmember",
    "councillor": "councillor", "councilor": "councilor", "alderman": "alderman", "mp": "mp", "mep": "mep",
    "assemblyman": "assemblyman", "assemblywoman": "assemblywoman", "assemblymember": "assemblymember",
    "pastor": "pastor", "reverend": "reverend", "rev": "reverend",
    # Abbreviations the tokenizer splits from their full stop ("Capt" + ".").
    "capt": "captain", "sgt": "sergeant", "col": "colonel", "maj": "major", "lt": "lieutenant",
    "adm": "admiral", "cmdr": "commander", "supt": "superintendent", "amb": "ambassador",
}
# Titles that only ever lead a person's name: "Mayor Elena Marsh" is a person
# whatever NER calls it. Left out: "General" (Motors), "Premier" (League),
# "Chief", "Vice", "Prime" (parts of longer titles) and "Speaker".
PERSON_TITLES = frozenset(TITLES) - frozenset(
    {"general", "gen.", "chief", "vice", "prime", "premier", "speaker", "lord", "lady", "king", "queen"}
)
# Titles a transcript's speaker label may open with ("SEN. WARREN:"), as
# written without the full stop.
LABEL_TITLES = (
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Prof", "Rev", "Sec", "Amb", "Lt", "Col",
    "Capt", "Judge", "Justice", "President", "Senator", "Governor",
)
# Titles and honorifics a canonical name may still start with, without the full stop.
NAME_PREFIXES = frozenset(
    """
    mr mrs ms miss mx dr prof sen rep gov lt gen col maj capt sgt adm rev sir dame lord lady
    president vice senator representative governor mayor judge justice secretary minister
    chancellor premier king queen prince princess pope chief coach professor doctor father sister
    """.split()
)
NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
# Lower-case words that are part of a surname: "Charles de Gaulle", "Ludwig van Beethoven", "Osama bin Laden".
NAME_PARTICLES = frozenset(
    "de da di do dos das del della der den du des van von la le bin ibn al el y ter ten zu".split()
)
# Usual short forms of English first names: "Joe Biden" is "Joseph R. Biden Jr.".
NICKNAMES: dict[str, frozenset[str]] = {
    short: frozenset(full.split())
    for short, full in {
        "joe": "joseph", "bill": "william", "will": "william", "billy": "william", "bob": "robert",
        "rob": "robert", "bobby": "robert", "mike": "michael", "jim": "james", "jimmy": "james",
        "tom": "thomas", "tommy": "thomas", "ted": "edward theodore", "ed": "edward", "dick": "richard",
        "rick": "richard", "rich": "richard", "chuck": "charles", "charlie": "charles", "dan": "daniel",
        "danny": "daniel", "dave": "david", "steve": "steven stephen", "chris": "christopher christine",
        "nick": "nicholas", "tony": "anthony", "andy": "andrew", "drew": "andrew", "ben": "benjamin",
        "sam": "samuel samantha", "matt": "matthew", "pat": "patrick patricia", "jeff": "jeffrey",
        "greg": "gregory", "jon": "jonathan", "larry": "lawrence", "jerry": "gerald jerome",
        "hank": "henry", "harry": "harold henry", "al": "albert alan alfred", "fred": "frederick",
        "ron": "ronald", "don": "donald", "ken": "kenneth", "tim": "timothy", "pete": "peter",
        "liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth", "kate": "katherine catherine",
        "kathy": "katherine kathleen", "sue": "susan", "jenny": "jennifer", "jen": "jennifer",
        "debbie": "deborah", "peggy": "margaret", "maggie": "margaret", "meg": "margaret",
        "nancy": "ann anne", "becky": "rebecca", "vicky": "victoria", "cathy": "catherine",
    }.items()
}

# ---------------------------------------------------------------- gender

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
PRONOUN_GENDER: dict[str, str] = {
    **{word: "male" for word in MALE_PRONOUNS},
    **{word: "female" for word in FEMALE_PRONOUNS},
}
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
# Singular "they" counts only for a person the article says uses it.
THEY_PRONOUNS = PLURAL_PRONOUNS | {"themself"}
NEOPRONOUNS = frozenset({"xe", "xem", "xyr", "ze", "zir", "hir", "ey", "em"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
FIRST_SECOND_PRONOUNS = frozenset({"i", "me", "my", "mine", "we", "us", "our", "you", "your", "yours"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})
INDEFINITE_DETERMINERS = frozenset(
    {"a", "an", "one", "another", "some", "any", "several", "many", "few", "each", "every", "no"}
)

# Honorifics, written without the full stop: "Mrs." makes a woman, "Mr." a man.
HONORIFIC_GENDER: dict[str, str] = {
    "mr": "male", "mister": "male", "sir": "male", "lord": "male", "monsieur": "male",
    "herr": "male", "señor": "male", "senor": "male",
    "mrs": "female", "ms": "female", "miss": "female", "madam": "female", "madame": "female",
    "mme": "female", "mlle": "female", "dame": "female", "lady": "female", "señora": "female",
    "frau": "female",
    "mx": "nonbinary",
}
# Titles of courtesy: they say how a person is addressed, not what they do
# ("Dr. Alan Pike" is no role; "the hospital's medical director" is).
COURTESY_TITLES = frozenset({*HONORIFIC_GENDER, "dr", "doctor", "rev", "reverend"})
# Titles before a name that say the person's gender: honorifics and royal titles.
TITLE_GENDER: dict[str, str] = {
    **HONORIFIC_GENDER,
    "king": "male", "prince": "male", "queen": "female", "princess": "female",
}

# Nouns that say the person's gender.
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
# News writing long used these for women too, so they weigh little and never
# keep a woman from being meant. "actor", "host", "heir" and "waiter" are used
# for everyone now and say nothing.
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


def noun_gender(word: str) -> str | None:
    """The gender a role noun firmly states ("wife", "congressman"); a loosely
    used one ("chairman", "spokesman") states none."""
    found = noun_label(word)
    return found[0] if found is not None and found[1] >= 1.0 else None


def honorific_label(word: str) -> str | None:
    return HONORIFIC_GENDER.get(word.lower().rstrip("."))


def title_gender(titles) -> str | None:
    """The gender the first gendered title before a name states ("Mrs.", "King")."""
    for title in titles:
        label = TITLE_GENDER.get(title.lower().rstrip("."))
        if label:
            return label
    return None


# ---------------------------------------------------------------- roles

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
    chef cook midwife nun monk imam rabbi cleric vicar chaplain medic paramedic mechanic
    clerk cop guard referee nanny maid waitress hostess heiress poet pundit
    """.split()
)
# Relatives: "X's wife" is another person, usually sharing X's surname.
KIN_NOUNS = frozenset(
    """
    wife husband son daughter mother father brother sister widow widower child
    grandson granddaughter grandmother grandfather nephew niece cousin uncle aunt
    """.split()
)

# Nouns that name an organisation by type ("the agency said"); every noun of
# ``ORG_NOUN_KINDS`` below ("the tabloid", "the PAC") is one too.
_ORG_TYPE_NOUNS = frozenset(
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
# Kinds of organisation, known by the words their names use ("Department of
# Justice", "New York Times", "Cisco Systems"); a name with none of them
# ("Twitter", "Ventas", "FBI") may be of any kind.
ORG_KIND_WORDS: dict[str, frozenset[str]] = {
    "government": frozenset(
        """
        department ministry agency bureau office administration commission authority council
        committee subcommittee court tribunal senate house congress parliament cabinet embassy
        police army navy military government pentagon kremlin treasury secretariat legislature
        assembly service guard corps
        """.split()
    ),
    "party": frozenset({"party", "gop", "democrats", "republicans", "caucus"}),
    "media": frozenset(
        """
        times post news journal herald tribune guardian gazette magazine tv television network
        broadcasting radio press daily weekly review chronicle observer telegraph reuters
        cnn msnbc nbc abc cbs npr bbc fox politico breitbart
        """.split()
    ),
    "education": frozenset({"university", "college", "school", "academy", "institute"}),
    "company": frozenset(
        """
        inc corp corporation co company ltd llc plc systems partners holdings capital bank bancorp
        communications airlines airways motors industries technologies pharmaceuticals energy
        group twitter facebook google apple amazon microsoft instagram youtube
        """.split()
    ),
    "poll": frozenset({"poll", "survey"}),
    "group": frozenset(
        """
        association union federation coalition alliance movement pac foundation fund center centre
        network organization organisation society league council project action campaign
        """.split()
    ),
}
# Legal designators a company's name may end in or drop: "Brightwave Inc." is "Brightwave".
LEGAL_DESIGNATORS = frozenset(
    "inc incorporated corp corporation co ltd limited llc llp lp plc gmbh ag".split()
)
# Abbreviations written in organisations' names: "State Dept." is the State Department.
ORG_ABBREVIATIONS: dict[str, str] = {
    "dept": "department", "depts": "departments", "assn": "association", "assoc": "association",
    "corp": "corporation", "univ": "university", "govt": "government", "natl": "national",
    "intl": "international", "admin": "administration", "cmte": "committee", "comm": "commission",
    "bros": "brothers", "mfg": "manufacturing", "dist": "district",
}
# What kind of organisation a description names: "the company" is no ministry.
ORG_NOUN_KINDS: dict[str, frozenset[str]] = {
    **{noun: frozenset({"company"}) for noun in (
        "company firm corporation giant retailer manufacturer maker startup airline bank conglomerate "
        "automaker carrier chain insurer lender operator provider supplier"
    ).split()},
    **{noun: frozenset({"government"}) for noun in (
        "agency department ministry bureau office administration government commission committee panel "
        "court service authority regulator tribunal council cabinet embassy legislature"
    ).split()},
    **{noun: frozenset({"media"}) for noun in (
        "newspaper paper magazine network outlet broadcaster station publisher journal tabloid daily "
        "channel"
    ).split()},
    **{noun: frozenset({"group", "party"}) for noun in (
        "group organization organisation association coalition alliance union federation foundation "
        "movement pac charity campaign caucus"
    ).split()},
    "party": frozenset({"party"}),
    "poll": frozenset({"poll"}),
    "survey": frozenset({"poll"}),
    "university": frozenset({"education"}),
    "school": frozenset({"education"}),
    "institute": frozenset({"education", "group"}),
}
ORG_NOUNS = _ORG_TYPE_NOUNS | frozenset(ORG_NOUN_KINDS)
# Capitalised words that close the name of a body: "Our Principles PAC",
# "Suffolk University Poll", "Senate Judiciary Committee".
BODY_KIND_WORDS = frozenset(
    """
    pac poll committee subcommittee commission council party caucus foundation association
    coalition alliance federation union league society institute movement fund project
    ministry department agency bureau university college academy
    """.split()
)
# Words that only qualify a kind of body and name none: "a super PAC", "a political
# action committee", "the national party".
ORG_KIND_QUALIFIERS = frozenset({"super", "political", "action", "national"})
# Nouns of a state's bodies, which a country's possessive names: "China's foreign ministry".
STATE_BODY_NOUNS = frozenset({"ministry", "department", "embassy", "consulate", "agency", "bureau"})
# Kinds of outlet written after an outlet's name: "the nationalist Global Times tabloid".
MEDIA_KIND_NOUNS = frozenset({"magazine", "newspaper", "network", "channel", "tabloid", "daily", "weekly", "website"})
# Rank and office abbreviations whose stop the tokenizer may split off, ending the
# sentence before the name they go on to ("Navy Capt | . | Jeff Davis").
SPLIT_STOP_TITLES = frozenset({
    "adm", "capt", "cmdr", "col", "cpl", "det", "dr", "gen", "gov", "lt", "maj", "mr", "mrs", "ms",
    "prof", "pvt", "rep", "rev", "sen", "sgt", "st", "supt",
})

# Party labels as news writes them ("GOP", "(R-Texas)", "a Democrat"), to the party.
PARTY_LABELS: dict[str, str] = {
    "gop": "republican", "r": "republican", "rep": "republican", "republican": "republican",
    "republicans": "republican", "d": "democratic", "dem": "democratic", "democrat": "democratic",
    "democrats": "democratic", "democratic": "democratic", "i": "independent", "independent": "independent",
    "libertarian": "libertarian",
}
# Party members named by their party: "the Nevada Democrat", "the South Carolina Republican".
PARTY_NOUNS = frozenset({"republican", "democrat", "independent", "libertarian"})
# Roles that head a country or an organisation: "the Russian leader" is its president.
HEAD_ROLES = frozenset(
    "president premier chancellor king queen minister chairman chairwoman chair head chief leader ruler "
    "dictator monarch emir sultan".split()
)
# US states as news abbreviates them (AP style and postal codes), to their names.
US_STATES: dict[str, str] = {
    abbreviation: state
    for state, abbreviations in {
        "alabama": "ala al", "alaska": "ak", "arizona": "ariz az", "arkansas": "ark ar", "california": "calif ca",
        "colorado": "colo co", "connecticut": "conn ct", "delaware": "del de", "florida": "fla fl",
        "georgia": "ga", "hawaii": "hi", "idaho": "id", "illinois": "ill il", "indiana": "ind in",
        "iowa": "ia", "kansas": "kan ks", "kentucky": "ky", "louisiana": "la", "maine": "me",
        "maryland": "md", "massachusetts": "mass ma", "michigan": "mich mi", "minnesota": "minn mn",
        "mississippi": "miss ms", "missouri": "mo", "montana": "mont mt", "nebraska": "neb ne",
        "nevada": "nev nv", "new hampshire": "nh", "new jersey": "nj", "new mexico": "nm",
        "new york": "ny", "north carolina": "nc", "north dakota": "nd", "ohio": "oh",
        "oklahoma": "okla ok", "oregon": "ore or", "pennsylvania": "pa", "rhode island": "ri",
        "south carolina": "sc", "south dakota": "sd", "tennessee": "tenn tn", "texas": "tex tx",
        "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wash wa",
        "west virginia": "wva wv", "wisconsin": "wis wi", "wyoming": "wyo wy",
    }.items()
    for abbreviation in abbreviations.split()
}

# Role nouns news writing uses for one another: "his attorney" is the lawyer
# the article named ("Pagliano's lawyer, Mark MacDougall").
_SYNONYM_GROUPS = (frozenset({"lawyer", "attorney", "counsel"}),)
ROLE_SYNONYMS: dict[str, frozenset[str]] = {word: group for group in _SYNONYM_GROUPS for word in group}
# A general role noun and the particular roles an article may name instead: "one lawmaker" is
# the representative introduced next, "a famous TV journalist" the reporter.
_LEGISLATORS = frozenset(
    {"senator", "representative", "congressman", "congresswoman", "legislator", "lawmaker", "assemblyman",
     "assemblywoman"}
)
_JOURNALISTS = frozenset({"reporter", "correspondent", "anchor", "columnist", "editor", "journalist"})
ROLES_COVERED: dict[str, frozenset[str]] = {
    "lawmaker": _LEGISLATORS, "legislator": _LEGISLATORS, "journalist": _JOURNALISTS,
    "doctor": frozenset({"physician", "surgeon"}), "physician": frozenset({"doctor", "surgeon"}),
}
# Person nouns that say nothing of a role.
ROLELESS_PERSON_NOUNS = frozenset({"man", "woman", "person", "someone", "individual", "boy", "girl"})
# The nouns news writing quotes its unnamed sources by ("a senior official", "a Democratic aide").
UNNAMED_SOURCE_NOUNS = frozenset({"official", "aide", "source", "insider"})
# Words for an amount of what their "of" governs ("a number of", "a handful of"). "Number"
# and "roster" read as agent nouns by their ending, which would make them a person.
QUANTITY_NOUNS = frozenset(
    "number majority minority plurality handful roster couple dozen host slew array bunch pair trio "
    "series variety group lot".split()
)
# Organisations that belong to a person, and what they are called: "the Clinton
# campaign", "her team" and "the Sanders camp" are the candidate's campaign.
PERSONAL_ORG_NOUNS: dict[str, str] = {
    "campaign": "campaign", "team": "campaign", "camp": "campaign", "administration": "administration",
}

# ---------------------------------------------------------------- media

# Platforms and outlets NER often mislabels as persons.
PLATFORMS = frozenset(
    """
    twitter facebook instagram youtube tiktok snapchat linkedin reddit telegram whatsapp
    weibo wechat threads bluesky mastodon truth
    """.split()
)
# Nouns for a made work whose title may follow them ("the TV show Scandal", "the book Clinton Cash").
WORK_NOUNS = frozenset(
    """
    show series miniseries sitcom drama film movie documentary biopic book novel memoir album song
    play musical opera podcast episode poem
    """.split()
)
# Nouns for the channel a statement went out through ("in a statement").
# Transcript labels for whoever asks the questions: a role, never anyone's name ("HOST:", "Q:").
QUESTIONER_LABELS = frozenset(
    {"q", "question", "questioner", "interviewer", "host", "co-host", "moderator", "presenter", "anchor", "reporter"}
)
# Words that qualify a role in a transcript label without naming anyone: "GUEST HOST", "CO HOST".
ROLE_QUALIFIERS = frozenset({"co", "guest", "senior", "chief"})
# The prepositions that introduce a channel: "said in a statement", "wrote on Twitter".
MEDIUM_PREPOSITIONS = frozenset({"on", "in", "via", "through", "during", "at", "over"})
MEDIUM_NOUNS = frozenset(
    """
    statement interview tweet post letter email e-mail speech op-ed column blog video
    release conference briefing broadcast show program programme podcast memo
    message text call appearance address remarks testimony hearing note essay article
    editorial documentary radio television tv newspaper magazine website twitter
    facebook instagram youtube tiktok
    """.split()
)

# Nouns for what someone said or holds ("his comments", "Marsh's claim", "her critique"): the
# possessor of one is who said it, as the possessor of a statement is.
SAYING_NOUNS = frozenset(
    """
    comment remark response reply reaction answer rhetoric claim argument critique criticism warning
    word explanation assessment view takeaway position stance complaint accusation suggestion promise
    pledge vow boast admission denial retort quip
    """.split()
)

AGENT_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "eer")


def is_listed_person_noun(lemma: str) -> bool:
    """Whether the lexicon lists a common noun as a person's ("spokeswoman", "author"), not only
    because it ends like one ("operator", "computer")."""
    return lemma in PERSON_NOUNS or lemma in FEMALE_NOUNS or lemma in MALE_NOUNS or lemma in WEAK_MALE_NOUNS


def is_person_noun(lemma: str) -> bool:
    """Whether a common noun plausibly names a person by role."""
    if is_listed_person_noun(lemma):
        return True
    if lemma in ORG_NOUNS or lemma in MEDIUM_NOUNS:
        return False
    return len(lemma) > 4 and lemma.endswith(AGENT_SUFFIXES)


# Small words an organisation's acronym may leave out ("Federal Bureau of Investigation" is FBI):
# the article's entity table reads initials without the first set; the store's speaker linking
# tries each name's initials both with all its words and without the second.
ENTITY_ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "on", "&"})
STORE_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "to", "at", "de"})


def initials_of(words, skipped: frozenset[str] = frozenset()) -> str:
    """The first letters of ``words``, leaving out those in ``skipped``: an acronym's candidate."""
    return "".join(w[0] for w in words if w not in skipped)
