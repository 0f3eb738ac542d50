"""Mention rules: what the mention a source head stands for refers to.

``referent(resolver, token, span)`` tries the rules of ``MENTION_RULES`` in
order; the first that answers decides. A name goes to its entity, a pronoun to
its antecedent, "who"/"which" to the noun the clause modifies, a description
to the entity the article described that way, a plural or a coordination to a
group. Each rule is a named entry of the registry (see ``rules``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..context import token_table
from ..lexicon import (
    FIRST_SECOND_PRONOUNS,
    NAME_SUFFIXES,
    ORG_NOUNS,
    PARTY_NOUNS,
    QUANTITY_NOUNS,
    RELATIVE_PRONOUNS,
    TITLES,
    is_person_noun,
)
from . import descriptions
from .bodies import kind_only
from .entities import Entity
from .linking import GROUP, NOBODY, Referent, determiner
from .name_edges import LEADING_ROLE_WORDS, without_leading_roles
from .names import (
    KIND_NOUN_BODIES, ORGANIZATION_LIKE_NAMES, PLACE_OR_ORG_LABELS, POSITION_CAPITALS, WORK_TITLES, after_kind_noun,
    after_work_noun,
)
from .rules import RuleList, declare
from .table import OPENING_PHRASES, PHRASE_ROLES, SUBJECT_DEPS, fronted_subject
from .words import capitalised_by_position, common_first_name, english_word, is_initialism, known_first_name, name_words

BODY_NOUN_NAMES = declare(
    "body-noun-names", "mention",
    '"Congress voted", "Parliament said": a proper noun NER missed that is one word for a kind of body is an '
    "organisation, not a person of its own",
)

if TYPE_CHECKING:
    from .resolver import Resolver

MENTION_RULES = RuleList("mention")


def referent(r: Resolver, token: Token, span: set[int] | None = None) -> Referent:
    """What the mention headed by ``token`` refers to; ``span`` is the source's tokens, if any."""
    found = MENTION_RULES.first(r.settings, r, token, span or set())
    return found if found is not None else NOBODY


def entity_referent(r: Resolver, e_id: int) -> Referent:
    return Referent(e_id, r.table.kind_of(e_id))


# ------------------------------------------------------------------ rules


def _coordination(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    return GROUP if _is_conjoined_group(r, token) or _span_joins_several(r, span) else None


def _name(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    e_id = r.table.of(token)
    return entity_referent(r, e_id) if e_id is not None else None


SURNAME_NOUNS = "surname-nouns"


def _surname_noun(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    # The tagger reads a surname ending in -s as a plural noun ("Mendes said", "Fields added"): a
    # capitalised noun with no determiner that is the surname of someone the article names is that person.
    if token.pos_ != "NOUN" or not token.is_title or determiner(token) is not None:
        return None
    k = _person_with_surname(r, token.lower_)
    return Referent(k, "person") if k is not None else None


def _person_with_surname(r: Resolver, surname: str, suffix: str | None = None) -> int | None:
    """The first person of the article with that surname (and that suffix: "Trump Jr."), if any."""
    for k, e in enumerate(r.table.entities):
        if e.kind == "person" and e.surname == surname and (suffix is None or suffix in e.words or f"{suffix}." in e.words):
            return k
    return None


def _relative(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if token.tag_ in ("WP", "WDT") or (token.lower_ in RELATIVE_PRONOUNS and token.dep_ in SUBJECT_DEPS):
        return _relative_antecedent(r, token)
    return None


def _first_second(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lower = token.lower_
    if lower not in FIRST_SECOND_PRONOUNS:
        return None
    if lower in ("i", "me", "my") and r.author and not r.context.token_in_quote[token.i]:
        return Referent(r.author_id(), "person")  # the columnist's own "I"
    return GROUP if lower in ("we", "us", "our", "you", "your") else NOBODY


def _pronoun(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    known = r.linker.pronoun_referent.get(token.i)
    if known is not None and known.entity not in r.linker.excluded:
        return known
    if token.tag_ in ("PRP", "PRP$"):
        return r.linker.resolve_pronoun(token)
    return None


def _unlisted(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if kind_only(token):
        return None  # "a Super PAC" names a kind of body, no one
    if token.tag_ in ("NNP", "NN") and r.settings.on(POSITION_CAPITALS) and capitalised_by_position(r.doc, token.text) and not any(
        t.pos_ == "PROPN" and t.dep_ in ("compound", "flat") and t.i < token.i and t.ent_type_ not in PLACE_OR_ORG_LABELS
        for t in token.children
    ):
        # "Aides said", "Research suggests", "Another GOP Figure Endorses ...": a common noun opening a sentence
        # or headline, alone or after the name of a body or place it belongs to.
        return None
    if r.settings.on(NAME_RUNS) and _body_word_run(r, token):
        return None  # "the Trump Campaign", "New Poll": a body, no person
    if (token.pos_ == "PROPN" and token.text[:1].isupper()) or _looks_like_name(r, token):
        return unlisted_name(r, token)
    return None


def _apposed_name(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    table = r.table
    apposed = [c for c in token.children if c.dep_ == "appos" and c.i in table.token_entity]
    if not apposed and span:
        # "An attorney for Okonkwo, Dana Whitfield", where the parser hangs the
        # name on "Okonkwo": the last appositive name inside the source span.
        apposed = [
            r.doc[i] for i in sorted(span)
            if r.doc[i].dep_ == "appos" and i in table.token_entity and r.doc[i].head.i in span
        ]
    if (
        not apposed and token.dep_ == "appos" and token.head.i in table.token_entity and token.head.i < token.i
        and not (
            r.settings.on(PHRASE_ROLES)
            and fronted_subject(r.doc, token.i, through_openings=r.settings.on(OPENING_PHRASES))
        )
    ):
        # "Harbour Watch, a residents' group formed to ...": the description stands for the name it follows.
        return entity_referent(r, table.token_entity[token.head.i])
    if not apposed:
        return None
    return entity_referent(r, table.token_entity[apposed[-1].i])


def _conjoined_name(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    """ "Former House speaker and Ohioan Jim Tate", "lobbyist and party strategist Ana Ruiz": a singular role
    with no determiner or owner, coordinated with one person's name, only premodifies that name."""
    if token.tag_ != "NN" or not is_person_noun(token.lemma_.lower()) or token.i in r.table.token_entity:
        return None
    if any(c.dep_ in ("det", "poss") for c in token.children):
        return None  # "the mayor and Gov. Tom Hale" are two people
    conjuncts = [c for c in token.children if c.dep_ == "conj"]
    if len(conjuncts) != 1 or conjuncts[0].i not in r.table.token_entity:
        return None
    e_id = r.table.token_entity[conjuncts[0].i]
    return Referent(e_id, "person") if r.table[e_id].kind == "person" else None


# ---------------------------------------------------------------- helpers


def _is_conjoined_group(r: Resolver, token: Token) -> bool:
    """ "Obama and Trump", "Craig Bryan and other scientists": more than one referent."""
    conjuncts = [token, *[c for c in token.children if c.dep_ == "conj"]]
    for c in list(conjuncts[1:]):
        conjuncts.extend(cc for cc in c.children if cc.dep_ == "conj")
    if len(conjuncts) < 2:
        return False
    distinct: set = set()
    for c in conjuncts:
        if c.i in r.table.token_entity:
            distinct.add(r.table.token_entity[c.i])
        elif c.tag_ in ("NNS", "NNPS") or c.pos_ == "PROPN":
            distinct.add(("other", c.i))
        elif c.tag_ in ("PRP",):
            distinct.add(("pronoun", c.i))
    return len(distinct) >= 2


def _span_joins_several(r: Resolver, span: set[int]) -> bool:
    """A source that coordinates several referents, however it is parsed:
    "Mayoral candidates Nora Vance and Tom Hale", "Craig Bryan,
    head of ..., and other scientists", "the nominee and his aides". Only
    the top level counts (the root and what hangs on it by conj or appos),
    so "founder and head of Farmers and Ranchers United" is one person.
    """
    doc = r.doc
    lower = token_table(doc).lower
    if not any(lower[i] in ("and", "&") for i in span):
        return False
    top = [i for i in span if _top_level(doc[i], span)]
    names = {r.table.token_entity[i] for i in top if i in r.table.token_entity}
    plural = any(doc[i].dep_ == "conj" and doc[i].tag_ in ("NNS", "NNPS") for i in top)
    return len(names) >= 2 or plural


def _top_level(token: Token, span: set[int]) -> bool:
    while token.head.i in span and token.head.i != token.i:
        # Name-internal compounds ("Donald" in "Donald Trump") belong to
        # their head; anything else but conj and appos is a modifier.
        name_part = token.dep_ in ("compound", "flat") and token.pos_ == "PROPN" and token.head.pos_ == "PROPN"
        if token.dep_ not in ("conj", "appos") and not name_part:
            return False
        token = token.head
    return True


def _relative_antecedent(r: Resolver, token: Token) -> Referent:
    table, doc = r.table, r.doc
    noun = token.head.head if token.head.dep_ in ("relcl", "acl") else None
    if noun is None or noun.i == token.i or noun.i > token.i:
        # Parse did not attach the clause: the nearest name before it in the sentence.
        sent = token.sent
        names = [i for i in range(token.i - 1, sent.start - 1, -1) if i in table.token_entity]
        if not names:
            return NOBODY
        noun = doc[names[0]]
    if noun.lower_ in ("some", "many", "most", "all", "those", "others"):
        return GROUP
    e_id = table.token_entity.get(noun.i)
    if token.lower_ == "which":
        found = referent(r, noun)
        # "which" never stands for a person.
        if found.entity is not None and table[found.entity].kind == "person":
            return NOBODY
        return found
    if token.lower_ in ("who", "whom"):
        # "singers like Ada Moss and Lou Reyes, who joked",
        # "Mr. Hale and Ms. Vance, who sent": the parser hangs the clause on
        # the list, but it tells about the name right before "who".
        before = token.i - 1
        while before > 0 and doc[before].is_punct:
            before -= 1
        named = table.token_entity.get(before)
        if named is not None and table[named].kind == "person":
            return Referent(named, "person")
    if token.lower_ in ("who", "whom") and e_id is not None and table[e_id].kind == "place":
        # "Rhea Tolland, 61, of Dover, Del., who": "who" wants a person.
        people = [
            i for i in range(noun.i - 1, token.sent.start - 1, -1)
            if i in table.token_entity and table[table.token_entity[i]].kind == "person"
        ]
        if people:
            noun = doc[people[0]]
    return referent(r, noun)


def relative_antecedent_phrase(r: Resolver, token: Token) -> str | None:
    """ "the regional water board" for the "which" of "the regional water
    board, which said": the noun phrase a relative pronoun stands for, without
    its relative clause; None for any other word."""
    if not (token.tag_ in ("WP", "WDT") or token.lower_ in RELATIVE_PRONOUNS):
        return None
    clause = token.head
    noun = clause.head if clause.dep_ in ("relcl", "acl") else None
    if noun is None or noun.i >= token.i or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    words = [t for t in noun.subtree if t.i < clause.left_edge.i or t.i == noun.i]
    words = [t for t in words if not t.is_punct or t.i < noun.i]
    if words and words[0].dep_ == "prep":
        words = words[1:]
    text = r.doc[words[0].i : words[-1].i + 1].text if words else ""
    return text or None


def _looks_like_name(r: Resolver, token: Token) -> bool:
    """A capitalised singular noun with no determiner that is not a role or
    organisation noun: headlines often tag names as common nouns."""
    lemma = token.lemma_.lower()
    in_headline = token.idx < r.context.headline_end
    return (
        token.tag_ == "NN"
        and token.text[:1].isupper()
        and (in_headline or token.i != token.sent.start)
        and determiner(token) is None
        and not is_person_noun(lemma)
        and lemma not in ORG_NOUNS
    )


def unlisted_name(r: Resolver, token: Token) -> Referent:
    """A proper noun NER missed: match its last word to a known name, else keep it."""
    table = r.table
    words = [
        t for t in token.subtree
        if t.pos_ == "PROPN" and t.i <= token.i and t.dep_ in ("compound", "flat") or t.i == token.i
    ]
    dropped = False
    if r.settings.on(NAME_RUNS):
        run = _name_run(r, words, token)
        dropped, words = len(run) < len(words), run
    if r.settings.on(CAPITALS_NAMES) and token.is_upper:
        words = _capitals_name(r, token) or words
    surname, suffix = token.lower_, None
    ordered = sorted(words, key=lambda t: t.i)
    if surname in NAME_SUFFIXES and len(ordered) > 1:
        # "Trump Jr.": the surname before the suffix, and the person who has both.
        surname, suffix = ordered[-2].lower_, surname.rstrip(".")
    if len(surname) < 2:
        return NOBODY  # "Q:" and "A:" stand for people the label does not name
    k = _person_with_surname(r, surname, suffix)
    if k is not None:
        return Referent(k, "person")
    for k, e in enumerate(table.entities):
        if e.words and e.words[-1] == surname:
            return entity_referent(r, k)
    if r.settings.on(LEADING_ROLE_WORDS) and len(ordered) > 2 and ordered[-1].i - ordered[0].i == len(ordered) - 1:
        words = ordered[without_leading_roles(token_table(r.doc), ordered[0].i, ordered[-1].i + 1) - ordered[0].i:]
    name = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.lower_ not in TITLES)
    if not name or (dropped and len(words) == 1 and token.tag_ not in ("NNS", "NNPS") and english_word(token.lower_) and not common_first_name(token.text)):
        return NOBODY  # "Dan Loeb's Third Point" leaves no one's "Point"
    if name.isupper():
        name = r.cased(name)
    if token.tag_ == "NNPS":
        return GROUP
    named_like_a_body = r.settings.on(ORGANIZATION_LIKE_NAMES) and _named_like_a_body(words)
    body_noun = r.settings.on(BODY_NOUN_NAMES) and len(words) == 1 and token.lower_ in ORG_NOUNS
    titled_work = r.settings.on(WORK_TITLES) and after_work_noun(r.doc, ordered[0].i)
    kind_named = r.settings.on(KIND_NOUN_BODIES) and after_kind_noun(r.doc, ordered[0].i, ordered[-1].i + 1)
    kind = "organization" if named_like_a_body or body_noun or titled_work or kind_named else "person"
    entity = Entity(kind, name)
    entity.names.append(name)
    k = table.add(entity)
    table.token_entity[token.i] = k
    entity.mentions.append((token.idx, token.idx + len(token)))
    return Referent(k, kind)


CAPITALS_NAMES = declare(
    "capitals-names", "mention",
    '"KATE MORROW:", "said SUSAN HALVERSON": a name written in capitals is read whole from its first name, '
    "whatever the tagger made of each word (an adverb, an adjective): the capitals words written right "
    "before the surname on its line, from a common first name or as the article writes them elsewhere in "
    "title case",
)


def _capitals_name(r: Resolver, token: Token) -> list[Token] | None:
    """The words of a name in capitals that ends at ``token``, or None when no such run opens on a name.

    Only words on the surname's own line, each in capitals (an initial "B." too), with nothing but a
    space between them, and no title: "CNN ANCHOR KATE MORROW" is read from "KATE".
    """
    doc, text = r.doc, r.context.text
    start = token.i
    while start > 0:
        before = doc[start - 1]
        if not (before.is_upper and (before.is_alpha or is_initialism(before.text))) or "\n" in before.whitespace_:
            break
        if before.whitespace_ != " " or before.lower_.rstrip(".") in TITLES:
            break
        start -= 1
    for first in range(start, token.i):
        word = doc[first].text
        run = doc[first : token.i + 1]
        written = " ".join(w.capitalize() for w in run.text.split())
        if (word.isalpha() and common_first_name(word.capitalize())) or written in text:
            return list(run)
    return None


def _named_like_a_body(words: list[Token]) -> bool:
    """A name NER missed that is an acronym ("FEC") or a run of English words with no common first name
    ("Right Wing Watch", "Playing Field Promotions"): an organisation's, as NER's own such "persons" are."""
    texts = [t.text for t in words if t.is_alpha or is_initialism(t.text)]
    if not texts or is_person_noun(texts[-1].lower()) or texts[-1].lower() in PARTY_NOUNS:
        return False  # "one New Hampshire Democrat", "Hollywood Actor": a person described, unnamed
    if len(texts) == 1:
        return _acronym(texts[0])
    return len(texts) >= 2 and all(_acronym(w) or (english_word(w.lower()) and not common_first_name(w)) for w in texts)


def _acronym(word: str) -> bool:
    """Capital initials, four at most: "FEC", "U.N."; a transcript's "TAPPER:" or "JOEL BENENSON:" is a name in capitals."""
    return is_initialism(word) and len(word.replace(".", "")) <= 4 and not known_first_name(word.title())


NAME_RUNS = declare(
    "name-runs", "mention",
    'a proper noun NER missed is named by the proper nouns written right before it, not by others of its '
    'phrase ("Dan Loeb\'s Third Point" is "Third Point"), less the name of an organisation the article '
    'names that opens the run ("White House Rahm Emanuel"); such a name closed by a word for a kind of body '
    '("Trump Campaign", "New Poll") is no person',
)


def _name_run(r: Resolver, words: list[Token], token: Token) -> list[Token]:
    """The words of ``words`` written without a gap up to ``token`` (a hyphen or a space joins),
    less an organisation's name opening them before a first name."""
    at = {t.i for t in words}
    doc = r.doc
    start = token.i
    while start - 1 in at or (start - 2 in at and (doc[start - 1].text in ("-", "\u2010") or doc[start - 1].is_space)):
        start -= 1 if start - 1 in at else 2
    run = [t for t in words if t.i >= start]
    organizations = {e.words for e in r.table.entities if e.kind == "organization"}
    for cut in range(len(run) - 2, 0, -1):
        if known_first_name(run[cut].text) and name_words(" ".join(t.text for t in run[:cut])) in organizations:
            return run[cut:]  # "White House Rahm Emanuel" is Rahm Emanuel
    return run


def _body_word_run(r: Resolver, token: Token) -> bool:
    """A proper noun closing a run of capitalised words, the run's last a word for a kind of body."""
    return (
        token.tag_ == "NNP"
        and token.lower_ in ORG_NOUNS  # singular: "Anti-Trump Groups" is a group
        and token.i > 0
        and r.doc[token.i - 1].text[:1].isupper()
        and r.doc[token.i - 1].dep_ in ("compound", "amod", "flat")
    )


def _predicate(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    """ "Gil Marsh, who was one of the first county clerks to back ...": a
    description that is the predicate of "be" stands for the verb's subject."""
    verb = token.head
    if token.dep_ != "attr" or verb.lemma_ != "be" or verb.i in span or token.tag_ in ("NNS", "NNPS"):
        return None  # "The main obstacle has been rural voters": a plural predicate is a group
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    # The subject names someone: a name, a pronoun, or "who" after a name; not a
    # description or words quoted ("'Anybody but Trump' was another").
    if (
        subject is None or subject.i in span or r.context.token_in_quote[subject.i]
        or not (subject.i in r.table.token_entity or subject.tag_ in ("PRP", "WP"))
    ):
        return None
    found = referent(r, subject)
    return found if found.entity is not None and found.entity >= 0 else None


# Shares of a whole: "a quarter of Americans", "42 percent of the Republicans surveyed", "two-thirds of voters".
_SHARE_NOUNS = frozenset("quarter quarters third thirds half percent fraction share portion".split())


def _quantity_group(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    share = r.settings.on(SHARE_GROUPS) and (lemma in _SHARE_NOUNS or lemma.rsplit("-", 1)[-1] in _SHARE_NOUNS)
    if token.tag_ not in ("NN", "NNS") or not (lemma in QUANTITY_NOUNS or share) or token.i in r.table.token_entity:
        return None
    if token.tag_ == "NNS" and not share:
        return None
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and any(
            c.dep_ == "pobj" and c.tag_ in ("NNS", "NNPS") for c in prep.children
        ):
            return GROUP
    return None


SHARE_GROUPS = declare(
    "share-groups", "mention",
    '"Only a quarter of Americans agree", "42 percent of the Republicans surveyed", "two-thirds of the voters": a '
    "share of a plural is a group, as `quantity-groups` reads an amount of one, not a person whose role ends like "
    '"-er" ("quarter") nor the most salient one',
)


# The mention rules, in the order they are tried (with the switches that act inside them).
for name, summary, function in (
    ("coordination", '"Obama and Trump", "X and his aides": more than one referent is a group', _coordination),
    ("name", "a name (or title + name, bare surname, first name) is its entity", _name),
    (
        SURNAME_NOUNS,
        '"Mendes said", "Fields added": a surname the tagger reads as a plural noun is the person named so, '
        "not a group",
        _surname_noun,
    ),
    ("relative-pronoun", '"who"/"which" stand for the noun their clause modifies; "which" never a person', _relative),
    (
        "predicate-nominal",
        '"Gil Marsh, who was one of the first county clerks to back": the singular predicate of "be" '
        "whose subject names someone (a name, a pronoun, a \"who\" after a name) is that someone",
        _predicate,
    ),
    (
        "first-second-person",
        '"I" outside quotes is the byline\'s author; "we"/"you" a group; else unnamed',
        _first_second,
    ),
    ("pronoun", "a third-person pronoun is its antecedent (see linking)", _pronoun),
    (
        "bare-title",
        'a capitalised title standing alone ("Senator from Texas") is read as "the senator"',
        descriptions.bare_title,
    ),
    (
        "party-member",
        '"the Nevada Democrat", "the South Carolina Republican": a person described by party and place',
        descriptions.party_member,
    ),
    (
        descriptions.CAPITALISED_ROLES,
        '"Lawmaker Urges Probe ...", "Hacker who revealed ...": a role noun alone, capitalised only because it '
        'opens a headline or a sentence, is a description ("the lawmaker"), never someone named "Lawmaker"',
        descriptions.capitalised_role,
    ),
    (
        "unlisted-name",
        "a proper noun NER missed: the known name with that last word, else a person of its own",
        _unlisted,
    ),
    (
        "apposed-name",
        '"Another critic, Nadia Holm", "Harbour Watch, a residents\' group": a description and the name in '
        "apposition to it are one",
        _apposed_name,
    ),
    (
        "conjoined-name",
        '"Former House speaker and Ohioan Jim Tate", "lobbyist and party strategist Ana Ruiz": a singular role '
        "with no determiner or owner, coordinated with one person's name, is that person, not a description "
        "of someone else",
        _conjoined_name,
    ),
    (
        "personal-organization",
        '"the Clinton campaign", "her team", "the Sanders camp": the person\'s campaign, an organisation',
        descriptions.personal_organization,
    ),
    (
        "owner-speaks",
        '"the agency\'s bureaucracy" speaks for the agency, "Marsh\'s statement" for Marsh',
        descriptions.owner_speaks,
    ),
    (
        "personal-offices",
        '"Councillor Ada Fisher\'s office said", "his office said": a person\'s office is an organisation of theirs '
        '("Ada Fisher\'s office"), not the most salient body named',
        descriptions.personal_office,
    ),
    (
        "quantity-groups",
        '"a number of Democrats", "a roster of donors", "a handful of aides": a word for an amount of the plural '
        "it governs is a group, not one person the next sentences introduce",
        _quantity_group,
    ),
    ("plural-group", '"critics", "officials", "people", "police": a group', descriptions.plural),
    (
        "indefinite",
        '"a source" is unnamed; "a panel of the X Court", "A House panel" the organisation named so',
        descriptions.indefinite,
    ),
    (
        "organization-description",
        '"the ministry", "the agency": the organisation of that kind the article described so, or the most salient',
        descriptions.organization,
    ),
    (
        "person-description",
        '"the mayor", "the 41-year-old": the person described that way, else the most salient one',
        descriptions.person,
    ),
):
    MENTION_RULES(name, summary)(function)

declare(
    descriptions.THE_CAMPAIGN, "mention",
    '"the campaign" with no owner: the campaign last named, else the campaign of the most salient person',
)
declare(
    descriptions.CANDIDATE_CAMPAIGNS, "mention",
    'a campaign is the campaign of someone the article shows running ("the Clinton campaign", "her campaigning", '
    '"the nominee"): "the campaign" with none named is the most salient such person\'s, "the Clinton campaign" '
    'with two Clintons named is the campaign of the one who runs, and "Trump\'s campaign account" speaks for Trump\'s campaign',
)
declare(
    descriptions.OWN_TEAM_NOUNS, "mention",
    '"her team", "his camp" of someone the article does not show running for office: an organisation named '
    'with the article\'s own noun ("Dora Varga\'s team"), not a campaign',
)
declare(
    descriptions.OTHER_ROLE_PEOPLE, "mention",
    '"Helen Doyle, the coach, said ... The 29-year-old midfielder said": a position on a side ("midfielder", '
    '"coach", "referee") no one was described with does not fall to the most salient person the article gave '
    "another such position while someone given none could be meant",
)
declare(
    descriptions.OWNERS_WORDS, "mention",
    '"Marsh\'s comment", "his remarks", "the senator\'s critique": a person\'s possessive of a noun for what '
    "someone said or holds speaks for that person, as a statement does, and a plural one is no group",
)
declare(
    descriptions.AFFILIATED, "mention",
    '"the Russian leader", "the GOP nominee": with no one described so, the most salient person the article '
    "ties to that party or place",
)
declare(
    descriptions.EPITHET_SUBJECTS, "mention",
    '"House Speaker Lena Ortiz says ... The Ohio Republican says": a definite description with a party or place '
    "that the article tied to no one it described with the noun is the person the sentence before named as its "
    "main subject, when that person's gender and known party and place agree with it",
)
declare(
    descriptions.AFFILIATED_ROLES, "mention",
    '"Al Ruiz, a Republican strategist, ... The GOP nominee said": of the people the article ties to a '
    "description's party or place (`affiliated-description`), only one named before it whom no other role the "
    "article gives rules out",
)
declare(
    descriptions.PLACE_BODIES, "mention",
    '"a New Hampshire ballot commission ... the commission said": a body described by its place alone is an '
    "unnamed body of its own (see unnamed-bodies), not an organisation of another place named before",
)
declare(
    descriptions.DESCRIBED_EARLIER, "mention",
    '"the senator" refers back: of the people the article described with the noun, one named before the '
    "description, when there is one, never one the article names only after it",
)
declare(
    descriptions.DESCRIBED_AGREEMENT, "mention",
    '"the chairwoman" is no man the article called a chairman: a gendered role noun takes only a person of its '
    "gender among those described with it, as it does among the rest",
)
declare(
    descriptions.UNNAMED_BODIES, "mention",
    '"the nurses\' union" is no organisation named only later in the body, and "the union" after it is that '
    "unnamed body, not the nearest named one",
)
declare(
    descriptions.UNNAMED_PEOPLE, "mention",
    '"A nurse ... returned. The nurse later sued": a definite description takes up the unnamed person an '
    "indefinite one with the same noun brought in, when no one was named since, not the most salient named person",
)
declare(
    descriptions.NEAR_BODIES, "mention",
    '"the poll", "the newspaper" that no organisation was described with or named with: the most salient '
    "organisation only when it was named within reach or is of the noun's kind, else an unnamed one",
)
declare(
    descriptions.REPEATED_BODIES, "mention",
    '"the minister said the ministry had found ...": a description the body already wrote where no organisation '
    "it could mean was named stays that unnamed body when it comes again, not an organisation named in between",
)
declare(
    descriptions.ORGANIZATION_KINDS, "mention",
    '"the company" is no ministry: a description takes only an organisation of the kind it names, or of no known kind',
)
