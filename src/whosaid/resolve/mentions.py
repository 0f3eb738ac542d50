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

from ..lexicon import (
    FIRST_SECOND_PRONOUNS,
    INDEFINITE_DETERMINERS,
    KIN_NOUNS,
    MEDIUM_NOUNS,
    ORG_NOUN_NAMES,
    ORG_NOUNS,
    PERSONAL_ORG_NOUNS,
    RELATIVE_PRONOUNS,
    TITLES,
    is_person_noun,
    noun_gender,
)
from .entities import Entity
from .linking import GROUP, NOBODY, Referent, best, determiner
from .rules import RuleList, declare
from .table import SUBJECT_DEPS, qualifiers

if TYPE_CHECKING:
    from .resolver import Resolver

MENTION_RULES = RuleList("mention")

# Nouns that stand for a state's government rather than an organisation.
STATE_NOUNS = frozenset({"government", "state", "country", "nation", "administration"})
# Nouns a place's government goes by once the place is named.
PLACE_NOUNS = frozenset({"state", "country", "nation"})
# Modifiers that say nothing about which organisation a description means.
GENERIC_MODIFIERS = frozenset({"new", "same", "other", "former", "whole", "entire", "own", "latter"})


def referent(r: Resolver, token: Token, span: set[int] | None = None) -> Referent:
    """What the mention headed by ``token`` refers to; ``span`` is the source's tokens, if any."""
    found = MENTION_RULES.first(r.settings, r, token, span or set())
    return found if found is not None else NOBODY


def entity_referent(r: Resolver, e_id: int) -> Referent:
    return Referent(e_id, r.table.kind_of(e_id))


# ------------------------------------------------------------------ rules


@MENTION_RULES("coordination", '"Obama and Trump", "X and his aides": more than one referent is a group')
def _coordination(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    return GROUP if _is_conjoined_group(r, token) or _span_joins_several(r, span) else None


@MENTION_RULES("name", "a name (or title + name, bare surname, first name) is its entity")
def _name(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    e_id = r.table.of(token)
    return entity_referent(r, e_id) if e_id is not None else None


@MENTION_RULES("relative-pronoun", '"who"/"which" stand for the noun their clause modifies; "which" never a person')
def _relative(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if token.tag_ in ("WP", "WDT") or (token.lower_ in RELATIVE_PRONOUNS and token.dep_ in SUBJECT_DEPS):
        return _relative_antecedent(r, token)
    return None


@MENTION_RULES("first-second-person", '"I" outside quotes is the byline\'s author; "we"/"you" a group; else unnamed')
def _first_second(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lower = token.lower_
    if lower not in FIRST_SECOND_PRONOUNS:
        return None
    if lower in ("i", "me", "my") and r.author and not r.context.in_quote(token.idx):
        return Referent(r.author_id(), "person")  # the columnist's own "I"
    return GROUP if lower in ("we", "us", "our", "you", "your") else NOBODY


@MENTION_RULES("pronoun", "a third-person pronoun is its antecedent (see linking)")
def _pronoun(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if token.i in r.linker.pronoun_referent:
        return r.linker.pronoun_referent[token.i]
    if token.tag_ in ("PRP", "PRP$"):
        return r.linker.resolve_pronoun(token)
    return None


@MENTION_RULES("bare-title", 'a capitalised title standing alone ("Senator from Texas") is read as "the senator"')
def _bare_title(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if token.pos_ == "PROPN" and TITLES.get(token.lower_):
        person = _person_description(r, token, TITLES[token.lower_], exclude=set())
        return Referent(person, "person") if person is not None else NOBODY
    return None


@MENTION_RULES("unlisted-name", "a proper noun NER missed: the known name with that last word, else a person of its own")
def _unlisted(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if (token.pos_ == "PROPN" and token.text[:1].isupper()) or _looks_like_name(r, token):
        return unlisted_name(r, token)
    return None


@MENTION_RULES("apposed-name", '"Another critic, Laurence H. Tribe": the name in apposition to a description')
def _apposed_name(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    table = r.table
    apposed = [c for c in token.children if c.dep_ == "appos" and c.i in table.token_entity]
    if not apposed and span:
        # "An attorney for Pagliano, Mark MacDougall", where the parser hangs the
        # name on "Pagliano": the last appositive name inside the source span.
        apposed = [
            r.doc[i] for i in sorted(span)
            if r.doc[i].dep_ == "appos" and i in table.token_entity and r.doc[i].head.i in span
        ]
    if not apposed:
        return None
    return entity_referent(r, table.token_entity[apposed[-1].i])


def _is_description(token: Token) -> bool:
    # A lower-case word tagged PROPN ("bloc" in a headline) is a common noun all the same.
    return token.pos_ in ("NOUN", "NUM", "PRON", "DET", "ADJ") or (token.pos_ == "PROPN" and token.is_lower)


@MENTION_RULES("personal-organization", '"the Clinton campaign", "her campaign": the person\'s campaign, an organisation')
def _personal_org(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not _is_description(token) or lemma not in PERSONAL_ORG_NOUNS:
        return None
    owner = _possessor(r, token)
    # "his legal team" is no campaign.
    plain = lemma in ("campaign", "administration") or not any(
        c.dep_ in ("amod", "compound") and c.pos_ != "PROPN" for c in token.children
    )
    if owner is not None and r.table[owner].kind == "person" and plain:
        return Referent(_personal_organization(r, owner, PERSONAL_ORG_NOUNS[lemma]), "organization")
    if lemma == "campaign" and determiner(token) == "the" and r.settings.on(THE_CAMPAIGN):
        return _the_campaign(r, token)
    return None


THE_CAMPAIGN = declare(
    "the-campaign", "mention",
    '"the campaign" with no owner: the campaign last named, else the campaign of the most salient person',
)


def _the_campaign(r: Resolver, token: Token) -> Referent | None:
    if any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in token.children):
        return None  # "the 2016 campaign", "the Senate campaign": some other one
    entities = r.table.entities
    campaigns = [k for k, e in enumerate(entities) if e.kind == "organization" and e.canonical.endswith(" campaign")]
    if campaigns:
        return Referent(r.linker.most_salient(token, campaigns), "organization")
    people = [k for k, e in enumerate(entities) if e.kind == "person"]
    found = r.linker.scores(token, set(people))
    if not found:
        return None
    return Referent(_personal_organization(r, best(found), "campaign"), "organization")


@MENTION_RULES("owner-speaks", '"the agency\'s bureaucracy" speaks for the agency, "Marsh\'s statement" for Marsh')
def _owner_speaks(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not _is_description(token) or is_person_noun(lemma) or lemma in ORG_NOUNS or token.tag_ in ("NNS", "NNPS"):
        return None
    possessor = next((c for c in token.children if c.dep_ == "poss"), None)
    if possessor is None or possessor.tag_ == "PRP$" and possessor.lower_ in FIRST_SECOND_PRONOUNS:
        return None
    owner = referent(r, possessor)
    if owner.entity is None or owner.entity < 0:
        return None
    kind = r.table[owner.entity].kind
    if kind == "organization" or (kind == "person" and lemma in MEDIUM_NOUNS):
        return owner
    return None


@MENTION_RULES("plural-group", '"critics", "officials", "people", "police": a group')
def _plural(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if _is_description(token) and (token.tag_ in ("NNS", "NNPS") or token.lemma_.lower() in ("people", "police")):
        return GROUP
    return None


@MENTION_RULES(
    "indefinite", '"a source" is unnamed; "a panel of the X Court", "A House panel" the organisation named so'
)
def _indefinite(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if not _is_description(token):
        return None
    det = determiner(token)
    if not (det in INDEFINITE_DETERMINERS or token.pos_ in ("NUM", "PRON", "DET")):
        return None
    lemma = token.lemma_.lower()
    org = None
    if lemma in ORG_NOUNS:
        org = _of_organization(r, token)
        if org is None and det in ("a", "an"):
            org = _introduced_organization(r, token, lemma)
    return Referent(org, "organization") if org is not None else NOBODY


@MENTION_RULES("place-description", '"the state", "the country": the place named in the same or the previous sentence')
def _place(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if not _is_description(token) or token.lemma_.lower() not in PLACE_NOUNS or determiner(token) != "the":
        return None
    place = _place_description(r, token)
    return Referent(place, "organization") if place is not None else None


@MENTION_RULES(
    "organization-description",
    '"the ministry", "the agency": the organisation whose name shares the noun or a word names use for it',
)
def _organization(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not _is_description(token) or lemma not in ORG_NOUNS or is_person_noun(lemma):
        return None
    org = _of_organization(r, token)
    if org is None:
        org = _organization_description(r, token, lemma)
    # "The ministry said", with no ministry named: an organisation all the same.
    return Referent(org, "organization")


@MENTION_RULES(
    "person-description", '"the mayor", "the 41-year-old": the person described that way, else the most salient one'
)
def _person(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not _is_description(token) or not (is_person_noun(lemma) or _is_age(token)):
        return None
    owner = _possessor(r, token)
    person = _person_description(r, token, lemma, exclude={owner} if owner is not None else set())
    return Referent(person, "person") if person is not None else NOBODY


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
    "Presidential candidates Hillary Clinton and Donald Trump", "Craig Bryan,
    head of ..., and other scientists", "the nominee and his aides". Only
    the top level counts (the root and what hangs on it by conj or appos),
    so "founder and CEO of Iraq and Afghanistan Veterans" is one person.
    """
    doc = r.doc
    if not any(doc[i].lower_ in ("and", "&") for i in span):
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
        # "celebrities like Patti LaBelle and Stevie Wonder, who joked",
        # "Mr. Kerry and Mr. Obama, who sent": the parser hangs the clause on
        # the list, but it tells about the name right before "who".
        before = token.i - 1
        while before > 0 and doc[before].is_punct:
            before -= 1
        named = table.token_entity.get(before)
        if named is not None and table[named].kind == "person":
            return Referent(named, "person")
    if token.lower_ in ("who", "whom") and e_id is not None and table[e_id].kind == "place":
        # "Donna Rawlings, 59, of Ashton, Md., who": "who" wants a person.
        people = [
            i for i in range(noun.i - 1, token.sent.start - 1, -1)
            if i in table.token_entity and table[table.token_entity[i]].kind == "person"
        ]
        if people:
            noun = doc[people[0]]
    return referent(r, noun)


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
    surname = token.lower_
    if len(surname) < 2:
        return NOBODY  # "Q:" and "A:" stand for people the label does not name
    for k, e in enumerate(table.entities):
        if e.kind == "person" and e.surname == surname:
            return Referent(k, "person")
    for k, e in enumerate(table.entities):
        if e.words and e.words[-1] == surname:
            return entity_referent(r, k)
    name = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.lower_ not in TITLES)
    if not name:
        return NOBODY
    if name.isupper():
        name = r.cased(name)
    if token.tag_ == "NNPS":
        return GROUP
    entity = Entity("person", name)
    entity.names.append(name)
    k = table.add(entity)
    table.token_entity[token.i] = k
    entity.mentions.append((token.idx, token.idx + len(token)))
    return Referent(k, "person")


def _possessor(r: Resolver, token: Token) -> int | None:
    """The entity a noun belongs to: "Clinton's campaign", "her campaign", "the Clinton campaign"."""
    for child in token.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            if child.i in r.table.token_entity:
                return r.table.token_entity[child.i]
            if child.tag_ == "PRP$":
                found = r.linker.pronoun_referent.get(child.i) or r.linker.resolve_pronoun(child)
                return found.entity
    return None


def _defined_by_name(r: Resolver, noun: Token) -> bool:
    """Whether a role noun is pinned to a named entity ("the head of Sony
    Pictures Television", "a spokesman for Mr. Trump"): such a person is
    not whoever was mentioned last."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in ("of", "for", "at", "to")
        and any(p.dep_ == "pobj" and p.i in r.table.token_entity for p in prep.children)
        for prep in noun.children
    )


def _personal_organization(r: Resolver, person: int, noun: str) -> int:
    name = f"{r.table[person].canonical} {noun}"
    for k, e in enumerate(r.table.entities):
        if e.canonical == name:
            return k
    return r.table.add(Entity("organization", name, names=[name]))


def _of_organization(r: Resolver, token: Token) -> int | None:
    """ "A three-judge panel of the U.S. Court of Appeals" speaks for the court."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                e_id = r.table.token_entity.get(pobj.i)
                if e_id is not None and r.table[e_id].kind == "organization":
                    return e_id
    return None


def _organization_description(r: Resolver, token: Token, lemma: str) -> int | None:
    """The organisation a description ("the agency", "the regional water board") stands for, if named."""
    modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    wanted = {_stem(w) for w in modifiers | {lemma} | ORG_NOUN_NAMES.get(lemma, frozenset())}
    kinds = ("organization", "place") if lemma in STATE_NOUNS else ("organization",)
    entities = r.table.entities
    candidates = [k for k, e in enumerate(entities) if e.kind in kinds]
    if not candidates:
        return None
    described = [k for k in candidates if lemma in entities[k].descriptors]
    if described:
        return r.linker.most_salient(token, described)
    overlap = {k: len(wanted & {_stem(w) for w in entities[k].words}) for k in candidates}
    top = max(overlap.values())
    if top:
        return r.linker.most_salient(token, [k for k in candidates if overlap[k] == top])
    if lemma in STATE_NOUNS or modifiers - GENERIC_MODIFIERS:
        # "the regional water board" names its own kind of body; when no
        # organisation's name matches those words it is another, unnamed one.
        return None
    return r.linker.most_salient(token, candidates, window=r.settings.organization_fallback_window)


def _place_description(r: Resolver, token: Token) -> int | None:
    """The place "the state" or "the country" stands for: one named in the same
    sentence or the one before ("the 2000 election in Florida, when the state
    stated"). A modifier ("the Gulf state") names some other place."""
    if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() not in GENERIC_MODIFIERS for c in token.children):
        return None
    places = {k for k, e in enumerate(r.table.entities) if e.kind == "place"}
    found = r.linker.scores(token, places, window=r.settings.place_window)
    return best(found) if found else None


def _introduced_organization(r: Resolver, token: Token, lemma: str) -> int | None:
    """The organisation an indefinite description introduces before the article
    names it: "A House panel voted ..." is the House Oversight Committee named
    further on, "a federal appeals court" the Court of Appeals. Its own
    modifiers must be in the name, not only the kind of body."""
    modifiers = {_stem(c.lemma_.lower()) for c in token.children if c.dep_ in ("compound", "amod")}
    kind = {_stem(w) for w in {lemma} | ORG_NOUN_NAMES.get(lemma, frozenset())}
    named = []
    for k, e in enumerate(r.table.entities):
        words = {_stem(w) for w in e.words}
        if e.kind == "organization" and words & kind and words & modifiers:
            named.append(k)
    if not named:
        return None
    return r.linker.most_salient(token, named)


def _person_description(r: Resolver, token: Token, lemma: str, exclude: set[int]) -> int | None:
    entities = r.table.entities
    people = [k for k, e in enumerate(entities) if e.kind == "person" and k not in exclude]
    if lemma in KIN_NOUNS and exclude:
        relative = entities[next(iter(exclude))]
        family = [k for k in people if entities[k].surname == relative.surname]
        if len(family) == 1:
            return family[0]
    wanted = qualifiers(token)
    described = [k for k in people if entities[k].fits(lemma, wanted)]
    if described:
        return r.linker.most_salient(token, described) or described[0]
    if any(c.dep_ == "poss" for c in token.children) or _defined_by_name(r, token):
        # "Pagliano's lawyer", "his attorney": someone defined by another
        # person, whom the article has not described that way: not simply
        # whoever was mentioned last.
        return None
    gender = noun_gender(lemma)
    compatible = [k for k in people if gender is None or entities[k].gender in (None, gender)]
    return r.linker.most_salient(token, compatible)


def _stem(word: str) -> str:
    """Crude plural folding, enough to meet "appeals court" and "Court of Appeals"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_age(token: Token) -> bool:
    """A person named by age: "the 41-year-old"."""
    return token.lower_ == "old" and any(c.lower_ in ("year", "month") and c.dep_ == "npadvmod" for c in token.children)
