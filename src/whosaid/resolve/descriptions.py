"""Descriptions: "the company", "the ministry", "the Russian leader", "his attorney", "her campaign".

A description refers to an entity the article described that way (an
apposition, a premodifier, a title: "Twitter, the social media company",
"Russian President Vladimir Putin") or, failing that, to the most salient
entity it fits: an organisation of the kind the noun names ("the company" is
no ministry), a person of the gender the noun states. Plural and indefinite
descriptions ("critics", "a source") name nobody; an organisation's possession
("the agency's bureaucracy") speaks for it. Each function here is a mention
rule; ``mentions`` registers them in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..lexicon import (
    FIRST_SECOND_PRONOUNS,
    INDEFINITE_DETERMINERS,
    KIN_NOUNS,
    MEDIUM_NOUNS,
    ORG_KIND_WORDS,
    ORG_NOUN_KINDS,
    ORG_NOUN_NAMES,
    ORG_NOUNS,
    PARTY_NOUNS,
    PERSONAL_ORG_NOUNS,
    SAYING_NOUNS,
    TITLES,
    is_person_noun,
    noun_gender,
)
from .affiliations import agree, normal, qualifiers
from .bodies import kind_only
from .entities import Entity
from .names import AGE_APPOSITIONS
from .words import CAPITALISED_ROLES, age_description, name_words, role_capital
from .linking import GROUP, NOBODY, Referent, best, determiner
from ..context import token_table

if TYPE_CHECKING:
    from .resolver import Resolver

# Nouns that stand for a state's government rather than an organisation.
STATE_NOUNS = frozenset({"government", "state", "country", "nation", "administration"})
# Modifiers that say nothing about which organisation a description means.
GENERIC_MODIFIERS = frozenset({"new", "same", "other", "former", "whole", "entire", "own", "latter"})

# Switches registered with the mention rules (see ``mentions``).
THE_CAMPAIGN = "the-campaign"
AFFILIATED = "affiliated-description"
ORGANIZATION_KINDS = "organization-kinds"
UNNAMED_BODIES = "unnamed-bodies"
UNNAMED_PEOPLE = "unnamed-people"
DESCRIBED_AGREEMENT = "described-agreement"
PLACE_BODIES = "place-bodies"
NEAR_BODIES = "near-bodies"
REPEATED_BODIES = "repeated-bodies"
DESCRIBED_EARLIER = "described-earlier"
CANDIDATE_CAMPAIGNS = "candidate-campaigns"
OWN_TEAM_NOUNS = "own-team-nouns"
OTHER_ROLE_PEOPLE = "other-role-people"
OWNERS_WORDS = "owners-words"
EPITHET_SUBJECTS = "epithet-subjects"
AFFILIATED_ROLES = "affiliated-roles"
# What a campaign speaks through: "Trump's campaign account", "her campaign statement".
_CAMPAIGN_VOICES = MEDIUM_NOUNS | {"account"}
# Determiners that bring someone new into the story ("a nurse", "one man"),
# unlike "no other secretary of state" or "every official".
_INTRODUCING = frozenset({"a", "an", "one", "another"})
# Roles of someone running for office: their campaign is theirs.
_CANDIDATE_ROLES = frozenset({"candidate", "nominee", "hopeful", "contender", "challenger"})


def is_description(token: Token) -> bool:
    # A lower-case word tagged PROPN ("bloc" in a headline) is a common noun all the same.
    # "The Super PAC": a proper noun that only names a kind of body is one too.
    return token.pos_ in ("NOUN", "NUM", "PRON", "DET", "ADJ") or (
        token.pos_ == "PROPN" and (token.is_lower or kind_only(token))
    )


# ------------------------------------------------------------------ rules


def capitalised_role(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    """ "Lawmaker Urges Probe ...", "Hacker who revealed ...": a role noun alone, capitalised because it opens a
    headline or a sentence, is a description ("the lawmaker"), not someone named "Lawmaker"."""
    lower = token.lower_
    if (
        not r.settings.on(CAPITALISED_ROLES)
        or not role_capital(r.doc, token.i, r.context.headline_end)
        or any(c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in token.children)
        or any(lower in e.words for e in r.table.entities)
    ):
        return None
    # "Painter and award-winning novelist Clara Quist": the name in its own phrase.
    for k in range(token.left_edge.i, token.right_edge.i + 1):
        e_id = r.table.token_entity.get(k)
        if k in span and e_id is not None and r.table[e_id].kind == "person":
            return Referent(e_id, "person")
    named = next(
        (c for c in token.conjuncts if c.i in span and c.text[:1].isupper() and not is_person_noun(c.lower_)), None
    )
    if named is not None:
        return r.referent(named, span)
    if token.idx < r.context.headline_end and not any(e.fits(lower, set()) for e in r.table.entities):
        return NOBODY  # a headline's "Hacker" no one is described as: whoever the body introduces, if anyone
    person = person_description(r, token, lower, exclude=set())
    return Referent(person, "person") if person is not None else NOBODY


def bare_title(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if token.pos_ == "PROPN" and TITLES.get(token.lower_):
        person = person_description(r, token, TITLES[token.lower_], exclude=set())
        return Referent(person, "person") if person is not None else NOBODY
    return None


def personal_organization(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not is_description(token) or lemma not in PERSONAL_ORG_NOUNS:
        return None
    owner = possessor(r, token)
    # "his legal team" is no campaign.
    plain = lemma in ("campaign", "administration") or not any(
        c.dep_ in ("amod", "compound") and c.pos_ != "PROPN" for c in token.children
    )
    if owner is not None and r.table[owner].kind == "person" and plain:
        noun = PERSONAL_ORG_NOUNS[lemma]
        if noun == "campaign" and r.settings.on(CANDIDATE_CAMPAIGNS):
            owner = _running_relative(r, owner)
        if noun != lemma and r.settings.on(OWN_TEAM_NOUNS) and owner not in candidates(r) and not _about_elections(r):
            # "her team announced" of a tennis player: a team, not a campaign, in an article about no election.
            return Referent(personal_organization_of(r, owner, lemma, possessive=True), "organization")
        return Referent(personal_organization_of(r, owner, noun), "organization")
    if lemma == "campaign" and determiner(token) == "the" and r.settings.on(THE_CAMPAIGN):
        return _the_campaign(r, token)
    return None


# Words only an article about an election or a run for office uses; "race" and "vote" have other senses.
_ELECTION_WORDS = frozenset(
    "campaign campaigns campaigning candidate candidates candidacy election elections electoral primary primaries "
    "nominee nomination caucus caucuses ballot ballots voters polls polling".split()
)


def _about_elections(r: Resolver) -> bool:
    """Whether the article speaks of an election anywhere: there a person's "team" or "camp" is their campaign
    even where the article shows no one running (train's articles about the 2016 race say "Rubio's team")."""
    return len(token_table(r.doc).with_lower(tuple(_ELECTION_WORDS))) > 0


def _the_campaign(r: Resolver, token: Token) -> Referent | None:
    if any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in token.children):
        return None  # "the 2016 campaign", "the Senate campaign": some other one
    entities = r.table.entities
    campaigns = [k for k, e in enumerate(entities) if e.kind == "organization" and e.canonical.endswith(" campaign")]
    if campaigns:
        return Referent(r.linker.most_salient(token, campaigns), "organization")
    people = [k for k, e in enumerate(entities) if e.kind == "person"]
    if r.settings.on(CANDIDATE_CAMPAIGNS):
        # "the campaign" refers back: to the campaign of someone the article ran one for before.
        running = candidates(r, before=token.i)
        people = [k for k in people if k in running] or people
    found = r.linker.scores(token, set(people))
    if not found:
        return None
    return Referent(personal_organization_of(r, best(found), "campaign"), "organization")


def campaign_owners(r: Resolver) -> list[tuple[int, int, bool]]:
    """(token, person, by surname alone) for every campaign the article ties to a
    person: "the Clinton campaign", "Clinton's 2008 campaign", "her campaigning".
    "By surname alone" is a bare surname other people named in the article share.
    Read once per article through ``Resolver.campaign_owners``."""
    t = token_table(r.doc)
    found = []
    for i in t.with_lower(("campaign", "campaigns", "campaigning", "candidacy")):
        # "her campaign speeches": the owner hangs on the noun "campaign" modifies.
        owned = t.children[i] + (t.children[t.head[i]] if t.dep[i] == "compound" else ())
        for child in owned:
            if t.dep[child] == "poss" or (t.dep[child] == "compound" and t.pos[child] == "PROPN" and child < i):
                e_id = r.table.token_entity.get(child)
                if e_id is None and t.tag[child] == "PRP$":
                    e_id = r.linker.pronoun_referent.get(child, NOBODY).entity
                if e_id is not None and e_id >= 0 and r.table[e_id].kind == "person":
                    found.append((i, e_id, _family_name(r, child, e_id)))
    return found


def _family_name(r: Resolver, token: int, e_id: int) -> bool:
    """Whether a name token is a bare surname another person named in the article shares."""
    entities = r.table.entities
    surname = entities[e_id].surname
    if not surname or r.doc[token].lower_ != surname or r.table.token_entity.get(token - 1) == e_id:
        return False
    return any(k != e_id and e.kind == "person" and e.surname == surname for k, e in enumerate(entities))


def candidates(r: Resolver, before: int | None = None) -> set[int]:
    """The people the article shows running for office: whose campaign it names
    (before token ``before``, if given), or, over the whole article, whom it calls
    a candidate or nominee. A campaign named by a surname family members share
    ("the Clinton campaign") counts only when no one of that family is shown
    running otherwise."""
    entities = r.table.entities
    owners = [(e_id, bare) for i, e_id, bare in r.campaign_owners if before is None or i < before]
    sure = {e_id for e_id, bare in owners if not bare}
    if before is None:
        sure |= {k for k, e in enumerate(entities) if e.kind == "person" and _CANDIDATE_ROLES & set(e.descriptors)}
    families = {entities[k].surname for k in sure}
    return sure | {e_id for e_id, bare in owners if bare and entities[e_id].surname not in families}


def _running_relative(r: Resolver, owner: int) -> int:
    """ "The Clinton campaign", with Bill and Hillary Clinton named: the Clinton
    who runs, when the surname alone was read as the other one."""
    entities = r.table.entities
    running = candidates(r)
    if owner in running:
        return owner
    family = [k for k in running if entities[k].surname and entities[k].surname == entities[owner].surname]
    return family[0] if len(family) == 1 else owner


def owner_speaks(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    # "Marsh's remarks" are hers, not a group: a plural of what someone said speaks for its owner too.
    words = r.settings.on(OWNERS_WORDS) and lemma in SAYING_NOUNS
    if not is_description(token) or is_person_noun(lemma) or lemma in ORG_NOUNS \
            or (token.tag_ in ("NNS", "NNPS") and not words):
        return None
    owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
    if owner_token is None or owner_token.tag_ == "PRP$" and owner_token.lower_ in FIRST_SECOND_PRONOUNS:
        return None
    owner = r.referent(owner_token)
    if owner.entity is None or owner.entity < 0:
        return None
    kind = r.table[owner.entity].kind
    if kind == "person" and r.settings.on(CANDIDATE_CAMPAIGNS):
        # "Trump's campaign account", "her campaign statement": the person's campaign speaks.
        organization = next(
            (PERSONAL_ORG_NOUNS[c.lemma_.lower()] for c in token.children
             if c.dep_ == "compound" and c.lemma_.lower() in PERSONAL_ORG_NOUNS), None,
        )
        if organization is not None and lemma in _CAMPAIGN_VOICES:
            return Referent(personal_organization_of(r, owner.entity, organization), "organization")
    if kind == "organization" or (kind == "person" and (lemma in MEDIUM_NOUNS or words)):
        return owner
    return None


def personal_office(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    """ "Councillor Ada Fisher's office said": an elected person's office is theirs, an organisation of its own
    (as "her team" is), never the most salient body the article named, nor the person in their own words."""
    if token.lemma_.lower() != "office" or token.tag_ != "NN" or not is_description(token):
        return None
    owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
    # "The U.S. attorney's office" is a body of its own: only a name or a pronoun makes the office someone's.
    if owner_token is None or not (
        owner_token.i in r.table.token_entity
        or owner_token.tag_ == "PRP$" and owner_token.lower_ not in FIRST_SECOND_PRONOUNS
    ):
        return None
    owner = r.referent(owner_token)
    if owner.entity is None or owner.entity < 0 or r.table[owner.entity].kind != "person":
        return None
    return Referent(personal_organization_of(r, owner.entity, "office", possessive=True), "organization")


def plural(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if is_description(token) and (token.tag_ in ("NNS", "NNPS") or token.lemma_.lower() in ("people", "police")):
        return GROUP
    return None


def indefinite(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    if not is_description(token):
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


def organization(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    if not is_description(token) or lemma not in ORG_NOUNS or is_person_noun(lemma):
        return None
    org = _of_organization(r, token)
    if org is None:
        org = _organization_description(r, token, lemma)
    # "The ministry said", with no ministry named: an organisation all the same.
    return Referent(org, "organization")


def person(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    lemma = token.lemma_.lower()
    # "the 41-year-old" is whom the article gave that age ("Nadia Ferrer, 41,"), however the parse
    # hangs "year" on "old".
    age = age_description(token) if r.settings.on(AGE_APPOSITIONS) else None
    if not is_description(token) or not (is_person_noun(lemma) or _is_age(token) or age):
        return None
    lemma = age or lemma
    owner = possessor(r, token)
    found = person_description(r, token, lemma, exclude={owner} if owner is not None else set())
    return Referent(found, "person") if found is not None else NOBODY


# ---------------------------------------------------------------- helpers


def possessor(r: Resolver, token: Token) -> int | None:
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


def personal_organization_of(r: Resolver, person_id: int, noun: str, possessive: bool = False) -> int:
    """The organisation ``noun`` of the person: "Hillary Clinton campaign", or with ``possessive``
    "Dora Varga's team"."""
    canonical = r.table[person_id].canonical
    owner = canonical + ("'" if canonical.endswith("s") else "'s") if possessive else canonical
    name = f"{owner} {noun}"
    for k, e in enumerate(r.table.entities):
        if e.canonical == name:
            return k
    return r.table.add(Entity("organization", name, names=[name]))


def _of_organization(r: Resolver, token: Token) -> int | None:
    """ "A five-member panel of the Regional Water Board" speaks for the board."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                e_id = r.table.token_entity.get(pobj.i)
                if e_id is not None and r.table[e_id].kind == "organization":
                    return e_id
    return None


def organization_kinds(entity: Entity) -> set[str]:
    """The kinds of organisation an entity's name or descriptions show; empty when none does."""
    words = set(entity.words)
    kinds = {kind for kind, marks in ORG_KIND_WORDS.items() if words & marks}
    for described in entity.descriptors:
        kinds |= ORG_NOUN_KINDS.get(described, frozenset())
    return kinds


def _organization_description(r: Resolver, token: Token, lemma: str) -> int | None:
    """The organisation a description ("the agency", "the regional water board") stands for, if named."""
    modifiers = _own_modifiers(r, token)
    wanted = {_stem(w) for w in modifiers | {lemma} | ORG_NOUN_NAMES.get(lemma, frozenset())}
    kinds = ("organization", "place") if lemma in STATE_NOUNS else ("organization",)
    entities = r.table.entities
    candidates = [k for k, e in enumerate(entities) if e.kind in kinds]
    wanted_kinds = ORG_NOUN_KINDS.get(lemma)
    if wanted_kinds and r.settings.on(ORGANIZATION_KINDS):
        candidates = [
            k for k in candidates
            if entities[k].kind == "place" or not organization_kinds(entities[k])
            or organization_kinds(entities[k]) & wanted_kinds
        ]
    if not candidates:
        return None
    # "the BLM group": any name of it counts, the short ones too.
    overlap = {k: len(wanted & _name_stems(entities[k])) for k in candidates}
    described = {k for k in candidates if lemma in entities[k].descriptors}
    # Only salience ties the description to any of them: nothing described so, no word of a name.
    by_salience_only = not described and not any(overlap.values())
    if by_salience_only and (lemma in STATE_NOUNS or modifiers - GENERIC_MODIFIERS):
        # "the regional water board" names its own kind of body; when no
        # organisation's name matches those words it is another, unnamed one.
        return None
    if by_salience_only and r.settings.on(REPEATED_BODIES) and _repeats_unnamed_body(r, token, lemma, candidates):
        return None
    if r.settings.on(UNNAMED_BODIES):
        if by_salience_only and _follows_unnamed_body(r, token, lemma):
            # "The nurses' union ... The union said": the body the article
            # introduced without a name, not some organisation named nearby.
            return None
        # With nothing of the kind named before it, a description in the body
        # of the article is no organisation the article only names later.
        before = set(r.linker.named_before(token, candidates))
        if token.idx >= r.context.headline_end:
            # ("the Clinton foundation", in lower case, names it before NER does.)
            # A deck ("bloc aims to ...") may name its body in the very next
            # paragraph; further on it is some other organisation.
            written = r.context.text[: token.idx].lower()
            paragraphs = r.context.paragraphs
            reach = paragraphs.number(token.idx) + 1
            candidates = [
                k for k in candidates
                if k in before or entities[k].canonical.lower() in written
                or any(paragraphs.number(start) <= reach for start, _ in entities[k].mentions)
            ]
            if not candidates:
                return None
    # The most salient of them, where being described so or named with the
    # noun counts as much as a mention one sentence closer.
    settings = r.settings
    bonus = {
        k: (settings.description_bonus if k in described else 0.0) + (settings.name_word_bonus if overlap[k] else 0.0)
        for k in candidates
    }
    if by_salience_only and settings.on(NEAR_BODIES):
        # Nothing but salience ties "the poll" to any of them: only an
        # organisation named within reach, or one of the noun's kind, is a safe guess.
        near = r.linker.scores(token, set(candidates))
        candidates = [
            k for k in candidates
            if k in near or (wanted_kinds and organization_kinds(entities[k]) & wanted_kinds)
        ]
        if not candidates:
            return None
    return r.linker.most_fitting(token, candidates, bonus)


def _own_modifiers(r: Resolver, token: Token) -> set[str]:
    """The words that say which body a description means: "regional water" in
    "the regional water board", "nurses" in "the nurses' union"."""
    words = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
    if r.settings.on(UNNAMED_BODIES):
        words |= {
            c.lemma_.lower() for c in token.children
            if c.dep_ == "poss" and c.pos_ == "NOUN" and c.i not in r.table.token_entity
        }
    return words


def _follows_unnamed_body(r: Resolver, token: Token, lemma: str) -> bool:
    """Whether the article introduced a body of this kind before without a
    name ("the nurses' union", "a regional water board")."""
    doc = r.doc
    start = r.context.headline_end
    for earlier in doc[: token.i]:
        if (
            earlier.idx >= start
            and earlier.lemma_.lower() == lemma
            and earlier.tag_ in ("NN", "NNP")
            and not r.context.token_in_quote[earlier.i]
            and _own_modifiers(r, earlier) - GENERIC_MODIFIERS
            and not _names_a_body(r, earlier, lemma)
        ):
            return True
    return False


def _repeats_unnamed_body(r: Resolver, token: Token, lemma: str, candidates: list[int]) -> bool:
    """Whether the body of the article already wrote this description ("the ministry") where no
    organisation it could mean had been named: the same words later are the same unnamed body, not an
    organisation of another kind named in between ("St Anne's", a hospital)."""
    start = r.context.headline_end
    t = token_table(r.doc)
    # The token table's columns first: a Token is made only for an earlier use of the same noun.
    for i in range(token.i):
        if t.idx[i] < start or t.lemma[i] != lemma or t.tag[i] != "NN" or r.context.token_in_quote[i]:
            continue
        earlier = r.doc[i]
        if (
            any(c.dep_ == "det" and c.lower_ == "the" for c in earlier.children)
            and not _names_a_body(r, earlier, lemma)
            and not r.linker.named_before(earlier, candidates)
        ):
            return True
    return False


def _names_a_body(r: Resolver, token: Token, lemma: str) -> bool:
    """Whether a description carries a name ("the Clinton foundation", "Family
    Circle magazine", "the board of Acme") or matches a named organisation's words."""
    if token.i in r.table.token_entity or _of_organization(r, token) is not None:
        return True
    if any(
        (c.pos_ == "PROPN" or c.i in r.table.token_entity) and not _place_word(r, c)
        for c in token.children if c.dep_ != "det"
    ):
        return True
    wanted = {_stem(w) for w in _own_modifiers(r, token) | {lemma}}
    return any(
        e.kind == "organization" and len(wanted & {_stem(w) for w in e.words}) >= 2 for e in r.table.entities
    )


def _place_word(r: Resolver, token: Token) -> bool:
    """A place that says where a body is, not its name: "a New Hampshire ballot commission"."""
    if not r.settings.on(PLACE_BODIES):
        return False
    e_id = r.table.token_entity.get(token.i)
    return e_id is not None and r.table[e_id].kind == "place"


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


def party_member(r: Resolver, token: Token, span: set[int]) -> Referent | None:
    """ "the Nevada Democrat", "the South Carolina Republican": a person described
    by party (and state), however the tagger read the word."""
    if token.lower_ not in PARTY_NOUNS or determiner(token) not in ("the", "a", "an", "another"):
        return None
    if determiner(token) != "the":
        return NOBODY
    wanted = qualifiers(token) | set(normal(token.text))
    found = person_description(r, token, token.lower_, exclude=set(), wanted=wanted)
    return Referent(found, "person") if found is not None else NOBODY


def person_description(
    r: Resolver, token: Token, lemma: str, exclude: set[int], wanted: set[str] | None = None
) -> int | None:
    entities = r.table.entities
    people = [k for k, e in enumerate(entities) if e.kind == "person" and k not in exclude]
    if lemma in KIN_NOUNS and exclude:
        relative = entities[next(iter(exclude))]
        family = [k for k in people if entities[k].surname == relative.surname]
        if len(family) == 1:
            return family[0]
    wanted = qualifiers(token) if wanted is None else wanted
    gender = noun_gender(lemma)
    described = [k for k in people if entities[k].fits(lemma, wanted)]
    if gender and r.settings.on(DESCRIBED_AGREEMENT):
        described = [k for k in described if entities[k].gender in (None, gender)]
    if wanted and r.settings.on(EPITHET_SUBJECTS) and determiner(token) == "the" \
            and not any(agree(wanted, _known_qualifiers(entities[k])) for k in described):
        # "House Speaker Lena Ortiz says ... The Ohio Republican says": an epithet whose party or place the
        # article tied to no one it described so is the person just named as the subject.
        subject = _epithet_subject(r, token, lemma, people, gender, wanted)
        if subject is not None:
            return subject
    if wanted and r.settings.on(AFFILIATED):
        # Of the people described so, the ones tied to the description's party or place.
        described = [k for k in described if agree(wanted, _known_qualifiers(entities[k]))] or described
    if described and r.settings.on(DESCRIBED_EARLIER):
        # "the senator" refers back: to a senator named before it, not one the article names later.
        earlier = [k for k in described if _first_named(entities[k]) < token.i]
        if earlier:
            described = earlier
        elif not defined_by_owner(r, token) and _fitting_earlier(r, token, people, gender, wanted):
            described = []
    if described:
        return r.linker.most_fitting(token, described) or described[0]
    if any(c.dep_ == "poss" for c in token.children) or _defined_by_name(r, token):
        # "Pagliano's lawyer", "his attorney": someone defined by another
        # person, whom the article has not described that way: not simply
        # whoever was mentioned last.
        return None
    if r.settings.on(UNNAMED_PEOPLE) and _takes_up_unnamed(r, token, lemma):
        return None
    compatible = [k for k in people if gender is None or entities[k].gender in (None, gender)]
    if r.settings.on(OTHER_ROLE_PEOPLE) and lemma in _TEAM_ROLES:
        # "Helen Doyle, the coach, ... The 29-year-old midfielder": someone the article gave another role is
        # not the one a new role noun describes while someone with no role given could be.
        free = [k for k in compatible if not _holds_other_role(entities[k], lemma)]
        compatible = free or compatible
    if wanted and r.settings.on(AFFILIATED):
        # "the Russian leader": of the people the article ties to Russia.
        affiliated = [k for k in compatible if agree(wanted, _known_qualifiers(entities[k]))]
        if r.settings.on(AFFILIATED_ROLES):
            # "Al Ruiz, a Republican strategist, ... The GOP nominee said": a tie to the party is no reason to
            # take someone the article gave another role, or names only after the description.
            affiliated = [
                k for k in affiliated
                if _first_named(entities[k]) < token.i
                and (lemma in PARTY_NOUNS or entities[k].may_be_described_as(lemma))  # a party is no role
            ]
        if affiliated:
            return r.linker.most_fitting(token, affiliated)
    return r.linker.most_fitting(token, compatible)


# A side's positions, none of which one person holds with another: a coach is not the side's midfielder.
# "player", "captain", "star", "winner" go with any of them, and roles of public life are not so either
# (a senator is a candidate, a lawyer and a former prosecutor in one article).
_TEAM_ROLES = frozenset(
    "goalkeeper goalie keeper defender fullback midfielder winger striker forward quarterback pitcher "
    "coach manager trainer referee umpire".split()
)


def _holds_other_role(entity: Entity, lemma: str) -> bool:
    """Whether the article described the person with another of a side's positions than ``lemma``."""
    return any(role != lemma and role in _TEAM_ROLES for role in entity.descriptors)


def _takes_up_unnamed(r: Resolver, token: Token, lemma: str) -> bool:
    """ "A nurse ... returned to the U.S. ... The nurse later sued": a definite
    description takes up the person the article brought in with the same noun
    and an indefinite article, when no one has been named since; it is not
    whoever is most salient."""
    lemmas = token_table(r.doc).lemma
    doc = r.doc
    introduced = [
        -1 - a for a in r.linker.anonymous
        if -1 - a < token.i and lemmas[-1 - a] == lemma and determiner(doc[-1 - a]) in _INTRODUCING
    ]
    if not introduced:
        return False
    last = max(introduced)
    # "A lawmaker in Portugal is urging ... Deputy Rita Gomes said": the
    # person named right after the introduction is who it brought in.
    sentence_of = r.context.sentence_of
    reach = sentence_of[last] + r.settings.introduced_within
    return not any(
        e.kind == "person" and e.name_mentions and last < e.name_mentions[0].head < token.i
        and sentence_of[e.name_mentions[0].head] <= reach
        for e in r.table.entities
    )


def defined_by_owner(r: Resolver, token: Token) -> bool:
    """ "NATO's secretary general", "the head of the RNC's rules committee": a description its owner or
    complement defines may name someone the article introduces only after it."""
    return any(c.dep_ in ("poss", "prep") for c in token.children) or _defined_by_name(r, token)


def _fitting_earlier(r: Resolver, token: Token, people: list[int], gender: str | None, wanted: set[str]) -> bool:
    """Whether someone named before ``token`` could be meant: of the noun's gender and, for "the Democratic
    senator", tied to that party or place."""
    entities = r.table.entities
    for k in people:
        entity = entities[k]
        if _first_named(entity) >= token.i or (gender and entity.gender not in (None, gender)):
            continue
        if not wanted or agree(wanted, _known_qualifiers(entity)):
            return True
    return False


def _epithet_subject(
    r: Resolver, token: Token, lemma: str, people: list[int], gender: str | None, wanted: set[str]) -> int | None:
    """The one person named as the main subject of the sentence before ``token`` whom the description could
    mean: of its gender, and with no party or place the article gives them that contradicts it."""
    sentence_of = r.context.sentence_of
    before = sentence_of[token.i] - 1
    doc = r.doc
    found = set()
    for k in people:
        entity = r.table.entities[k]
        if gender and entity.gender not in (None, gender):
            continue
        known = _known_qualifiers(entity)
        if known and not agree(wanted, known):
            continue
        if lemma not in PARTY_NOUNS and not entity.may_be_described_as(lemma):
            continue  # "De Blasio disbanded the unit. ... the Republican presidential candidate said": the mayor
        for mention in entity.name_mentions:
            head = doc[mention.head]
            if sentence_of[mention.head] == before and head.dep_ in ("nsubj", "nsubjpass") \
                    and head.head.dep_ == "ROOT" and not r.context.token_in_quote[mention.head]:
                found.add(k)
    return found.pop() if len(found) == 1 else None


def _first_named(entity: Entity) -> int:
    return min((m.start for m in entity.name_mentions), default=1 << 30)


def _known_qualifiers(entity: Entity) -> set[str]:
    return entity.affiliations.union(*entity.descriptors.values())


def _name_stems(entity: Entity) -> set[str]:
    return {_stem(w) for name in entity.names or [entity.canonical] for w in name_words(name)} | {
        _stem(w) for w in entity.words
    }


def _stem(word: str) -> str:
    """Crude plural folding, enough to meet "appeals court" and "Court of Appeals"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_age(token: Token) -> bool:
    """A person named by age: "the 41-year-old"."""
    return token.lower_ == "old" and any(c.lower_ in ("year", "month") and c.dep_ == "npadvmod" for c in token.children)
