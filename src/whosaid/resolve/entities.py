"""Name mentions grouped into entities: one person, organisation or place each.

Full person names group by surname and compatible first name ("Hillary
Clinton" is not "Bill Clinton"); a bare surname or first name goes to the
entity it abbreviates; organisation names fold short forms and acronyms into
their full names. An entity's canonical name is the fullest form the article
gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..context import token_table
from ..lexicon import (
    ENTITY_ACRONYM_SKIPS,
    HEAD_ROLES,
    LEGAL_DESIGNATORS,
    NAME_SUFFIXES,
    NICKNAMES,
    ORG_ABBREVIATIONS,
    ROLE_SYNONYMS,
    ROLELESS_PERSON_NOUNS,
    ROLES_COVERED,
    initials_of,
    title_gender,
)
from .affiliations import agree
from .names import PLACE_LABELS
from .words import NameMention, common_first_name, is_initialism, name_words, person_words


@dataclass(slots=True)
class Entity:
    """A person, organisation or place, built from the names that refer to it."""

    kind: str  # person, organization, place
    canonical: str
    names: list[str] = field(default_factory=list)
    name_mentions: list[NameMention] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # Role noun → the proper modifiers it came with ("candidate" → {"democratic"}).
    descriptors: dict[str, set[str]] = field(default_factory=dict)
    gender_votes: dict[str, float] = field(default_factory=dict)
    # Party and place the words around its names give: {"democratic", "nevada"}.
    affiliations: set[str] = field(default_factory=set)
    gender: str | None = None
    quoted: bool = False

    # Read in every comparison while grouping names: computed once per canonical
    # name as (canonical, words, surname, first name).
    _words_of: tuple = ("", (), None, None)

    def _name_parts(self) -> tuple:
        if self._words_of[0] != self.canonical:
            words = name_words(self.canonical)
            bare = [w for w in words if w not in NAME_SUFFIXES]
            self._words_of = (
                self.canonical,
                words,
                bare[-1] if bare else None,
                bare[0] if len(bare) > 1 else None,
            )
        return self._words_of

    @property
    def words(self) -> tuple[str, ...]:
        return self._name_parts()[1]

    @property
    def surname(self) -> str | None:
        return self._name_parts()[2]

    @property
    def first(self) -> str | None:
        return self._name_parts()[3]

    def add(self, mention: NameMention, doc: Doc) -> None:
        self.name_mentions.append(mention)
        if mention.text not in self.names:
            self.names.append(mention.text)
        t = token_table(doc)
        self.mentions.append((t.idx[mention.start], t.end[mention.end - 1]))
        if _fuller(mention.text, self.canonical, len(mention.words), len(self.words)):
            self.canonical = mention.text

    def describe(self, lemma: str, qualifiers: set[str] = frozenset()) -> None:
        for role in ROLE_SYNONYMS.get(lemma, (lemma,)):
            self.descriptors.setdefault(role, set()).update(qualifiers)

    def fits(self, lemma: str, qualifiers: set[str]) -> bool:
        """Whether "the <qualifiers> <lemma>" can describe this entity: the role
        was seen ("the leader" for any head of state or body), and no proper
        qualifier contradicts ("GOP" vs "Democratic", "Russian" vs "Syrian")."""
        seen = self.descriptors.get(lemma)
        if seen is None and lemma in HEAD_ROLES:
            heads = [q for role, q in self.descriptors.items() if role in HEAD_ROLES]
            seen = set().union(*heads) if heads else None
        if seen is None:
            return False
        known = seen | self.affiliations
        return not (known and qualifiers) or agree(qualifiers, known)

    def may_be_described_as(self, lemma: str) -> bool:
        """Whether a description with the noun ``lemma`` can be this person while the article names the
        roles it gives them: it gives them none, or this one (a general noun covers the particular roles
        it names: "lawmaker" the representative)."""
        if lemma in ROLELESS_PERSON_NOUNS or not self.descriptors:
            return True
        roles = set(ROLE_SYNONYMS.get(lemma, (lemma,))) | ROLES_COVERED.get(lemma, frozenset())
        return any(role in self.descriptors for role in roles)

    def vote_gender(self, label: str | None, weight: float) -> None:
        if label:
            self.gender_votes[label] = self.gender_votes.get(label, 0.0) + weight



def _fuller(candidate: str, current: str, a: int, b: int) -> bool:
    """Whether name ``candidate`` of ``a`` words is fuller than ``current`` of ``b``."""
    if a != b:
        return a > b
    # Same length: prefer the properly cased form over "PENCE" or "pence".
    return current.isupper() and not candidate.isupper()



def _canonical(entity: Entity, legal_names: bool = True) -> str:
    """The fullest name the article gives outside quotation marks; inside them
    only when it names the entity nowhere else, or adds only a common first
    name ("Hillary Clinton" in a quote, "Clinton" in the article's own words).
    A company the article also names without its legal designator goes by that
    name ("Brightwave", not "Brightwave Inc."), as readers and annotators call it."""
    if not entity.name_mentions:
        return entity.canonical
    clean = [m for m in entity.name_mentions if not m.quoted] or entity.name_mentions
    best = clean[0]
    for m in clean[1:]:
        if _fuller(m.text, best.text, len(m.words), len(best.words)):
            best = m
    words = best.words
    best = best.text
    if legal_names and entity.kind == "organization":
        short = next((m for m in clean if _legal_form_of(words, m.words)), None)
        if short is not None:
            return short.text
    for m in entity.name_mentions:
        if m.quoted and m.words[1:] == words and common_first_name(m.text.split()[0]):
            return m.text
    return best


def _same_generation(a: str | None, b: str | None, first_a: str | None, first_b: str | None) -> bool:
    """Whether two names with these suffixes can be one person. "Donald Trump
    Jr." is the son of "Donald Trump" and "Charles Elliott Jr." the father of
    "Charles Elliott III"; but "Joe Biden" is "Joseph R. Biden Jr." written
    informally: a son named after his father shares the first name as written."""
    if a == b:
        return True
    if a and b:
        return False
    return bool(first_a and first_b and first_a.rstrip(".") != first_b.rstrip("."))


def _suffix(words: tuple[str, ...]) -> str | None:
    return next((w.rstrip(".") for w in words if w in NAME_SUFFIXES), None)


def _compatible_first(a: str | None, b: str | None) -> bool:
    """Two first names of one person: the same, an initial of the other, or its
    usual short form ("Joe" and "Joseph")."""
    if not a or not b:
        return True
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return True
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ())


def _spelled_out(short: str, long_words: tuple[str, ...]) -> bool:
    """Whether a name with initials ends the longer one spelled out: "NY Daily
    News" and "New York Daily News", "U.S. Senate" and "United States Senate"."""
    words: list[str] = []
    for word in short.split():
        if is_initialism(word):
            words.extend(word.replace(".", "").lower())
        else:
            words.extend(name_words(word))
    if not any(len(w) == 1 for w in words) or len(words) > len(long_words):
        return False
    tail = long_words[-len(words) :]
    return all(w == t or (len(w) == 1 and t.startswith(w)) for w, t in zip(words, tail))


def _spelled(words: tuple[str, ...]) -> tuple[str, ...]:
    """An organisation's name words with abbreviations written out ("dept." → "department")."""
    return tuple(ORG_ABBREVIATIONS.get(w.rstrip("."), w) for w in words)


def build_entities(
    doc: Doc,
    mentions: list[NameMention],
    first_name_gender: Callable[[str], str | None] | None = None,
    honorifics: bool = True,
    inner_surnames: bool = True,
    person_honorifics: bool = True,
    legal_names: bool = True,
) -> tuple[list[Entity], dict[int, int]]:
    """Group name mentions into entities; also map each name token to its entity.

    With ``honorifics``, "Mr. X" and "Mrs. X" pick the person of that gender;
    ``first_name_gender`` tells the gender nearly everyone with a first name has.
    """
    entities: list[Entity] = []
    owner: list[int | None] = [None] * len(mentions)

    def words_of(m: NameMention) -> list[str]:
        return list(person_words(m.text))

    # 1. Full person names: same surname and compatible first name.
    for i, m in enumerate(mentions):
        if m.label != "PERSON" or len(words_of(m)) < 2:
            continue
        words = words_of(m)
        suffix = _suffix(m.words)
        for e_id, e in enumerate(entities):
            if e.surname != words[-1]:
                continue
            shorter, longer = sorted((tuple(words), person_words(e.canonical)), key=len)
            if (
                # "Guajardo Villarreal" is "Ildefonso Guajardo Villarreal" without the given name.
                (_compatible_first(e.first, words[0]) or longer[-len(shorter):] == shorter)
                and _same_generation(suffix, _suffix(e.words), words[0], e.first)
            ):
                owner[i] = e_id
                break
        else:
            entities.append(Entity("person", m.text))
            owner[i] = len(entities) - 1
        entities[owner[i]].add(m, doc)

    def nearest(candidates: list[int], token: int) -> int:
        """The entity a bare surname or first name means among several that share it.

        Articles introduce the main person first and call relatives or
        namesakes by their full or first names afterwards, so a bare "Scott"
        goes to the entity named most often so far, then to the one named first.
        """
        def rank(e_id: int) -> tuple[int, int, int]:
            heads = [n.head for n in entities[e_id].name_mentions]
            before = [h for h in heads if h <= token]
            if before:
                return (0, -len(before), min(before))
            return (1, min(h - token for h in heads), 0)

        return min(candidates, key=rank)

    def gender_of(e_id: int) -> str | None:
        """What the honorifics before its names, else its first name, say of a person's gender."""
        entity = entities[e_id]
        for n in entity.name_mentions:
            if title_gender(n.titles):
                return title_gender(n.titles)
        return first_name_gender(entity.first) if first_name_gender and entity.first else None

    # 2. Everything else, in text order.
    persons = [k for k, e in enumerate(entities) if e.kind == "person" and e.first]
    # Full names do not change from here on: bare names only join them.
    by_surname_of: dict[str, list[int]] = {}
    by_first_of: dict[str, list[int]] = {}
    by_words_of: dict[tuple[str, ...], list[int]] = {}
    # Words between first name and surname: the first of two surnames ("Ms. Acosta" is Melba Acosta Febo).
    by_inner_of: dict[str, list[int]] = {}
    for k in persons:
        by_surname_of.setdefault(entities[k].surname, []).append(k)
        by_first_of.setdefault(entities[k].first, []).append(k)
        by_words_of.setdefault(entities[k].words, []).append(k)
        # Not a headline's capitals ("WASSERMAN SCHULTZ RESIGNS"), where the words are no name's parts.
        for inner in set(person_words(entities[k].canonical)[1:-1]) if not entities[k].canonical.isupper() else ():
            if len(inner) > 2 and inner.isalpha():
                by_inner_of.setdefault(inner, []).append(k)
    # Entities by the words of their canonical name, kept current as names are added.
    holders: dict[tuple[str, ...], set[int]] = {}
    for k, e in enumerate(entities):
        holders.setdefault(e.words, set()).add(k)
    for i, m in enumerate(mentions):
        if owner[i] is not None:
            continue
        words = words_of(m) or list(m.words)
        if not words:
            continue
        chosen: int | None = None
        if len(words) == 1:
            w = words[0]
            by_surname = by_surname_of.get(w, [])
            if _suffix(m.words):
                # "Trump Jr." is the one whose name carries the suffix.
                by_surname = [k for k in by_surname if _suffix(entities[k].words) == _suffix(m.words)]
            by_first = by_first_of.get(w, [])
            by_inner = [] if by_surname or by_first or _suffix(m.words) else by_inner_of.get(w, [])
            honorific = title_gender(m.titles) if honorifics else None
            if honorific and (by_surname or by_first or by_inner):
                # "Mrs. Obama" is Michelle Obama, not Barack; with no woman of
                # that name she is someone of her own.
                by_surname = [k for k in by_surname if gender_of(k) in (None, honorific)]
                by_first = [k for k in by_first if gender_of(k) in (None, honorific)]
                by_inner = [k for k in by_inner if gender_of(k) in (None, honorific)]
            if by_surname:
                chosen = nearest(by_surname, m.head)
            elif by_first and m.label == "PERSON":
                chosen = nearest(by_first, m.head)
            elif len(by_inner) == 1 and m.label == "PERSON" and inner_surnames:
                chosen = by_inner[0]
        elif m.label != "PERSON":
            # "Ada Hegerberg" tagged ORG is still the person.
            same = by_words_of.get(tuple(words), [])
            if same:
                chosen = same[0]
        if chosen is None and m.label == "NORP":
            continue  # a nationality that is not a surname of anyone here
        if chosen is None:
            # The same name again ("Politifact" ... "Politifact"), whatever NER
            # called it each time.
            same = holders.get(tuple(m.words))
            honorific = title_gender(m.titles) if honorifics else None
            if same and honorific:
                # "Mr. Whitfield" after "Mrs. Whitfield" is her husband, not her.
                same = {k for k in same if gender_of(k) in (None, honorific)}
            if same:
                chosen = min(same)
        if chosen is None:
            kind = "person" if m.label == "PERSON" else ("place" if m.label in PLACE_LABELS else "organization")
            entities.append(Entity(kind, m.text))
            chosen = len(entities) - 1
            was = None
        else:
            was = entities[chosen].words
        owner[i] = chosen
        entities[chosen].add(m, doc)
        now = entities[chosen].words
        if now != was:
            if was is not None:
                holders[was].discard(chosen)
            holders.setdefault(now, set()).add(chosen)

    if person_honorifics:
        for entity in entities:
            # "Regalado" tagged ORG, then "Mr. Regalado" throughout: an honorific makes a person.
            if entity.kind == "organization" and any(title_gender(n.titles) for n in entity.name_mentions):
                entity.kind = "person"

    if legal_names:
        _type_legal_short_forms(entities, gender_of)
    entities, remap = _merge_organizations(entities, doc, legal_names)
    for entity in entities:
        entity.canonical = _canonical(entity, legal_names)
    token_owner: dict[int, int] = {}
    for i, m in enumerate(mentions):
        if owner[i] is None:
            continue
        e_id = remap[owner[i]]
        for t in range(m.start, m.end):
            token_owner[t] = e_id
    return entities, token_owner


def _legal_form_of(long_words: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Whether ``long_words`` are ``words`` with a company's legal designators after them ("Brightwave Inc.")."""
    extra = long_words[len(words):]
    return bool(extra) and long_words[: len(words)] == words and all(w in LEGAL_DESIGNATORS for w in extra)


def _type_legal_short_forms(entities: list[Entity], gender_of: Callable[[int], str | None]) -> None:
    """A one-word "person" whose name with a legal designator is an organisation the article names
    ("In a statement, Brightwave said" after "Brightwave Inc.") is that company: the small model tags
    a bare company name PERSON where a verb of saying follows it. Someone with a gender (an honorific,
    a common first name) stays a person."""
    names = {e.words for e in entities if e.kind == "organization"}
    for k, entity in enumerate(entities):
        if entity.kind != "person" or len(entity.words) != 1 or gender_of(k) or common_first_name(entity.words[0]):
            continue
        if any(_legal_form_of(words, entity.words) for words in names):
            entity.kind = "organization"


def _merge_organizations(
    entities: list[Entity], doc: Doc, legal_names: bool = True
) -> tuple[list[Entity], list[int]]:
    """Fold "the Post" into "The New York Post", "S.E.C." and "Brightwave" into their full names."""
    remap = list(range(len(entities)))
    orgs = [k for k, e in enumerate(entities) if e.kind in ("organization", "place")]
    words_of = {k: _spelled(entities[k].words) for k in orgs}
    for k in orgs:
        short = entities[k]
        words = words_of[k]
        if not words:
            continue
        compact = "".join(words).replace(".", "")
        bare = short.canonical.replace(".", "")
        abbreviation = " " not in bare and len(bare) >= 2 and bare.isupper()
        initials = any(len(w.replace(".", "")) >= 2 and w.replace(".", "").isupper() for w in short.canonical.split())
        best = None
        for j in orgs:
            if j == k or remap[j] != j:
                continue
            long_words = words_of[j]
            if long_words == words and len(entities[j].canonical) > len(short.canonical):
                best = j  # "State Dept." and "State Department"
                break
            if len(long_words) <= len(words):
                continue
            if legal_names and entities[j].kind == "organization" and _legal_form_of(long_words, words):
                best = j  # "Brightwave" and "Brightwave Inc."
                break
            if abbreviation and initials_of(long_words, ENTITY_ACRONYM_SKIPS) == compact:
                best = j
                break
            if short.kind == entities[j].kind and (
                # An acronym is a name of its own: "the SVP" is not its youth wing "Junge SVP".
                (long_words[-len(words) :] == words and not abbreviation)
                or (initials and _spelled_out(short.canonical, long_words))
            ):
                best = j
        if best is not None:
            remap[k] = best
    def root(k: int) -> int:
        while remap[k] != k:
            k = remap[k]
        return k

    remap = [root(k) for k in range(len(entities))]
    kept: list[Entity] = []
    index: dict[int, int] = {}
    for k, e in enumerate(entities):
        if remap[k] == k:
            index[k] = len(kept)
            kept.append(e)
    for k, e in enumerate(entities):
        if remap[k] != k:
            target = kept[index[remap[k]]]
            for m in e.name_mentions:
                target.add(m, doc)
    return kept, [index[remap[k]] for k in range(len(entities))]
