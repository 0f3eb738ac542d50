"""Resolve each attribution's source mention to a canonical speaker.

``Resolver(doc)`` reads the parse once and builds a table of entities (see
``names``), of the descriptions the article attaches to them (appositives,
premodifiers, titles, predicates), and of what every third-person pronoun
outside quotation marks refers to. ``resolve`` then looks each attribution's
source up in that table:

* a name → its entity, named by the fullest form the article gives;
* a pronoun → its antecedent: the most salient gender-compatible entity, where
  salience favours recent mentions and grammatical subjects;
* a relative pronoun ("Stu Holden, who wrote") → the noun the clause modifies;
* a definite description ("the mayor", "the agency") → the entity the article
  described that way, or else the most salient compatible one;
* plural or indefinite descriptions ("critics", "a source"), conjoined names
  and first or second person pronouns → no speaker, kind ``group`` or ``unnamed``;
* no source at all (a quote carried on into the next paragraph) → the speaker
  of the attribution before it.

Addressee and medium come from the cue's dependents; see ``cues``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc, Span, Token

from ..records import Attribution, Speaker, SpeakerKind
from . import Resolution
from .cues import addressee_and_medium
from ..lexicon import (
    FEMALE_PRONOUNS,
    FIRST_SECOND_PRONOUNS,
    INDEFINITE_DETERMINERS,
    KIN_NOUNS,
    MALE_PRONOUNS,
    MEDIUM_NOUNS,
    NEUTER_PRONOUNS,
    ORG_NOUN_NAMES,
    ORG_NOUNS,
    PERSONAL_ORG_NOUNS,
    PLURAL_PRONOUNS,
    RELATIVE_PRONOUNS,
    TITLES,
    is_person_noun,
    noun_gender,
    title_gender,
)
from .names import Entity, build_entities, name_mentions
from .text import doc_text

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Relatives who usually carry the family name.
FAMILY_NOUNS = frozenset({"wife", "husband", "son", "daughter", "brother", "sister", "child", "widow", "father"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "iobj"})
# Nouns that stand for a state's government rather than an organisation.
STATE_NOUNS = frozenset({"government", "state", "country", "nation", "administration"})
# Nouns a place's government goes by once the place is named.
PLACE_NOUNS = frozenset({"state", "country", "nation"})
NOUN_DEPS = ARGUMENT_DEPS | {"pobj", "appos", "poss"}
THIRD_PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS
WINDOW = 4  # sentences a pronoun looks back before widening the search
DECAY = 0.5
# Straight and curly double quotes, and the doubled marks some archives use (``, '').
_QUOTE = re.compile(r"[\"“”]|''|``")


@dataclass(slots=True)
class Event:
    """A mention that makes an entity salient at a point of the text."""

    token: int
    sent: int
    entity: int
    weight: float
    dep: str
    head: int


@dataclass(slots=True)
class Referent:
    """What a mention refers to: an entity, or a kind of nobody in particular."""

    entity: int | None
    kind: SpeakerKind
    unnamed: int | None = None  # the unnamed person meant, to keep following them


NOBODY = Referent(None, "unnamed")
GROUP = Referent(None, "group")


# Modifiers that say nothing about which organisation a description means.
GENERIC_MODIFIERS = frozenset({"new", "same", "other", "former", "whole", "entire", "own", "latter"})


class Resolver:
    def __init__(self, doc: Doc, author: str | None = None):
        self.doc = doc
        self._author = byline_name(author)
        self._author_entity: int | None = None
        self.text = doc_text(doc)
        self._quotes = _quoted_ranges(self.text)
        self._quoted_at: dict[int, bool] = {}  # character offset → inside quotation marks
        # The headline is the first line when a blank line follows it.
        first_break = self.text.find("\n\n")
        self._headline_end = first_break if 0 <= first_break < 400 else 0
        self._sent_of = _sentence_index(doc)
        mentions = name_mentions(doc, self.text)
        self.entities, self._token_entity = build_entities(doc, mentions)
        self._collect_descriptors(mentions)
        self._events: list[Event] = []
        self._event_tokens: list[int] = []  # kept sorted: events arrive in text order
        self._pronoun_referent: dict[int, Referent] = {}
        self._anonymous: dict[int, str | None] = {}  # unnamed people: negative id → gender
        self._read_mentions(mentions)
        self._name_relatives()

    # ------------------------------------------------------------------ table

    def _in_quote(self, token: Token) -> bool:
        at = token.idx
        inside = self._quoted_at.get(at)
        if inside is None:
            i = bisect.bisect_right(self._quotes, (at, float("inf"))) - 1
            inside = self._quoted_at[at] = i >= 0 and self._quotes[i][0] <= at < self._quotes[i][1]
        return inside

    def _collect_descriptors(self, mentions) -> None:
        """Role nouns the article attaches to each named person or organisation.

        "Norwegian soccer star Ada Hegerberg", "Ban Ki-moon, the secretary
        general", "Sen. Ted Cruz", "Obama is the president": each description
        also counts as a mention of the entity.
        """
        doc = self.doc
        for m in mentions:
            e_id = self._token_entity.get(m.head)
            if e_id is None:
                continue
            entity = self.entities[e_id]
            previous = None
            for title in m.titles:
                # A title ("Sen.") names its role; a role noun before the name ("Librarian") is one.
                role = TITLES[title] if title in TITLES else title if is_person_noun(title) else None
                # "Vice President Biden" is not "the president".
                if role and previous != "vice":
                    entity.describe(role)
                previous = title
            if entity.kind == "person":
                entity.vote_gender(title_gender(m.titles), 3.0)
            head = doc[m.head]
            name_qualifiers = _qualifiers(head, before=m.start)
            for child in head.children:
                if child.i < m.start and child.dep_ in ("compound", "amod", "nmod") and child.pos_ == "NOUN":
                    self._describe(entity, child, mark=False, qualifiers=name_qualifiers)
                elif child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.i not in self._token_entity:
                    self._describe(entity, child, mark=True)
            if head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.i not in self._token_entity:
                self._describe(entity, head.head, mark=True)
            role = self._role_before_name(head)
            if role is not None:
                self._describe(entity, role, mark=True)
            if head.dep_ in SUBJECT_DEPS and head.head.lemma_ == "be" and not self._in_quote(head.head):
                for child in head.head.children:
                    if child.dep_ == "attr" and child.pos_ == "NOUN":
                        self._describe(entity, child, mark=True)

    def _role_before_name(self, head: Token) -> Token | None:
        """The role noun a name closes when the parser hung the name on the role's
        own complement: "An attorney for Pagliano, Mark MacDougall," makes
        MacDougall apposed to Pagliano, but he is the attorney."""
        if head.dep_ != "appos" or head.head.pos_ != "PROPN" or head.head.dep_ != "pobj":
            return None
        prep = head.head.head
        noun = prep.head
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "to") or noun.pos_ != "NOUN":
            return None
        if noun.i in self._token_entity or not is_person_noun(noun.lemma_.lower()) or noun.tag_ == "NNS":
            return None
        return noun

    def _describe(self, entity: Entity, noun: Token, mark: bool, qualifiers: set[str] = frozenset()) -> None:
        lemma = noun.lemma_.lower()
        entity.describe(lemma, _qualifiers(noun) | qualifiers)
        # "DJ and musician": both roles. Compounds ("national team player")
        # qualify the role and are not roles themselves.
        for child in noun.children:
            if child.dep_ == "conj" and child.pos_ == "NOUN":
                entity.describe(child.lemma_.lower())
        if entity.kind == "person":
            entity.vote_gender(noun_gender(lemma), 2.0)
        if mark:
            start = min(t.i for t in noun.subtree if t.i <= noun.i)
            entity.mentions.append((self.doc[start].idx, noun.idx + len(noun)))

    def _name_relatives(self) -> None:
        """Give a relative introduced by first name the family's surname:
        "George W. Bush ... and his wife, Laura," → "Laura Bush"."""
        doc = self.doc
        for entity in self.entities:
            if entity.kind != "person" or len(entity.words) != 1 or not entity.name_mentions:
                continue
            head = doc[entity.name_mentions[0].head]
            kin = head.head if head.dep_ == "appos" else None
            if kin is None or kin.lemma_.lower() not in FAMILY_NOUNS:
                continue
            possessor = next((c for c in kin.children if c.dep_ == "poss"), None)
            if possessor is None:
                continue
            relative = self._token_entity.get(possessor.i)
            if relative is None and possessor.i in self._pronoun_referent:
                relative = self._pronoun_referent[possessor.i].entity
            if relative is None or self.entities[relative].kind != "person":
                continue
            surname = self.entities[relative].canonical.split()[-1]
            if self.entities[relative].surname and surname.lower() != entity.words[0]:
                entity.canonical = f"{entity.canonical} {surname}"

    def _weight(self, token: Token) -> float:
        if self._in_quote(token):
            return 0.3
        if token.dep_ in SUBJECT_DEPS:
            return 2.0 if not token.head.dep_ in ("relcl", "acl") else 1.5
        if token.dep_ == "compound":
            return 0.5
        return 1.0

    def _read_mentions(self, mentions) -> None:
        """One pass in text order: names and descriptions make entities salient,
        pronouns are resolved against what came before them."""
        doc = self.doc
        heads = sorted({m.head for m in mentions})
        items: list[tuple[int, str]] = [(i, "name") for i in heads]
        # Tags, parts of speech, dependencies and words compared as ids over
        # one array of the whole document, not token by token.
        strings = doc.vocab.strings

        def ids(labels) -> np.ndarray:
            return np.array(sorted({strings.add(label) for label in labels}), dtype=np.uint64)

        tag, pos, dep, lower = doc.to_array([TAG, POS, DEP, LOWER]).reshape(-1, 4).T
        pronoun = np.isin(tag, ids(("PRP", "PRP$"))) & np.isin(lower, ids(THIRD_PERSON_PRONOUNS))
        noun = ~pronoun & (pos == strings.add("NOUN")) & np.isin(dep, ids(NOUN_DEPS))
        who = ~pronoun & ~noun & (lower == strings.add("who")) & np.isin(dep, ids(SUBJECT_DEPS))
        items.extend((i, "pronoun") for i in np.flatnonzero(pronoun).tolist())
        items.extend((i, "noun") for i in np.flatnonzero(noun).tolist())
        relcl = strings.add("relcl")
        items.extend((i, "relative") for i in np.flatnonzero(who).tolist() if doc[i].head.dep == relcl)
        items.sort()
        # Every role noun some entity was described by; descriptions are all
        # collected before this pass.
        self._described = {lemma for e in self.entities for lemma in e.descriptors}
        self._seed_genders(items)
        for i, what in items:
            token = doc[i]
            if what == "name":
                e_id = self._token_entity.get(i)
                if e_id is not None:
                    self._add_event(token, e_id)
            elif what == "noun":
                self._read_noun(token)
            elif what == "relative":
                # "Hillary Clinton — who's called for tax hikes — ...": the
                # relative clause makes its antecedent a subject too.
                antecedent = self._token_entity.get(token.head.head.i)
                if antecedent is not None and self.entities[antecedent].kind == "person":
                    self._add_event(token, antecedent)
            elif not self._in_quote(token):
                referent = self._resolve_pronoun(token)
                self._pronoun_referent[i] = referent
                if referent.entity is not None:
                    entity = self.entities[referent.entity]
                    entity.mentions.append((token.idx, token.idx + len(token)))
                    if entity.gender is None and entity.kind == "person":
                        entity.gender = _pronoun_gender(token.lower_)
                    self._add_event(token, referent.entity)
                elif referent.unnamed is not None:
                    self._add_event(token, referent.unnamed)

    def _add_anonymous(self, token: Token, gender: str | None) -> None:
        """An unnamed person as a referent of its own (a negative id)."""
        anonymous = -1 - token.i
        self._anonymous[anonymous] = gender
        self._add_event(token, anonymous)

    def _add_event(self, token: Token, entity: int) -> None:
        self._event_tokens.append(token.i)
        self._events.append(
            Event(token.i, self._sent_of[token.i], entity, self._weight(token), token.dep_, token.head.i)
        )

    def _read_noun(self, token: Token) -> None:
        """Definite descriptions the article used for a known entity count as its mentions."""
        if token.i in self._token_entity or self._in_quote(token) or token.tag_ in ("NNS", "NNPS"):
            return
        det = _determiner(token)
        lemma = token.lemma_.lower()
        if det in INDEFINITE_DETERMINERS:
            # "a woman", "a federal judge": someone unnamed whom later pronouns
            # may mean, so they do not drift to a named person.
            if is_person_noun(lemma) and (
                token.dep_ in SUBJECT_DEPS or (token.dep_ in ARGUMENT_DEPS and noun_gender(lemma))
            ):
                self._add_anonymous(token, noun_gender(lemma))
            return
        if lemma not in self._described:
            return
        # "Norway's national team" belongs to someone else.
        if any(c.dep_ == "poss" for c in token.children):
            return
        qualifiers = _qualifiers(token)
        # A description refers back: the entity must have been named before it.
        matches = [
            k for k, e in enumerate(self.entities)
            if e.fits(lemma, qualifiers) and e.name_mentions and e.name_mentions[0].head < token.i
        ]
        if not matches:
            return
        e_id = self._most_salient(token, matches) if len(matches) > 1 else matches[0]
        if e_id is None:
            return
        start = min(t.i for t in token.subtree if t.i <= token.i)
        self.entities[e_id].mentions.append((self.doc[start].idx, token.idx + len(token)))
        self._add_event(token, e_id)

    def _seed_genders(self, items) -> None:
        """Fix each person's gender before pronouns are resolved.

        A pronoun in a sentence (outside quotes) that mentions only one person
        can refer only to that person; honorifics and gendered role nouns were
        counted already.
        """
        doc = self.doc
        people_in_sentence: dict[int, set[int]] = {}
        pronouns: list[Token] = []
        for i, what in items:
            token = doc[i]
            if self._in_quote(token):
                continue
            if what == "name":
                e_id = self._token_entity.get(i)
                if e_id is not None and self.entities[e_id].kind == "person":
                    people_in_sentence.setdefault(self._sent_of[i], set()).add(e_id)
            elif what == "pronoun" and _pronoun_gender(token.lower_):
                pronouns.append(token)
        for token in pronouns:
            people = people_in_sentence.get(self._sent_of[token.i], set())
            if len(people) == 1:
                # Possessives often belong to someone else ("Trump, her opponent").
                weight = 1.0 if token.dep_ in SUBJECT_DEPS else 0.3
                self.entities[next(iter(people))].vote_gender(_pronoun_gender(token.lower_), weight)
        for entity in self.entities:
            if entity.kind == "person" and entity.first:
                entity.vote_gender(_first_name_gender(entity.first), 3.0)
            if entity.gender_votes:
                label, weight = max(entity.gender_votes.items(), key=lambda kv: kv[1])
                if weight > sum(entity.gender_votes.values()) - weight:
                    entity.gender = label

    # -------------------------------------------------------------- salience

    def _scores(self, token: Token, candidates: set[int], window: int = WINDOW) -> dict[int, float]:
        """Salience of each candidate just before ``token``."""
        sent = self._sent_of[token.i]
        end = bisect.bisect_left(self._event_tokens, token.i)
        scores: dict[int, float] = {}
        for event in reversed(self._events[:end]):
            distance = sent - event.sent
            if distance > window:
                break
            if event.entity not in candidates:
                continue
            # A pronoun cannot share its clause with its antecedent ("he told Smith").
            if (
                distance == 0
                and event.head == token.head.i
                and event.dep in ARGUMENT_DEPS
                and token.dep_ in ARGUMENT_DEPS
            ):
                continue
            bonus = 1.0 + (0.5 if token.dep_ in SUBJECT_DEPS and event.dep in SUBJECT_DEPS else 0.0)
            # The best single mention counts, not how often an entity came up;
            # among equals the more recent one wins.
            score = event.weight * bonus * DECAY**distance + 1e-4 * event.token / len(self.doc)
            if score > scores.get(event.entity, 0.0):
                scores[event.entity] = score
        return scores

    def _most_salient(self, token: Token, candidates, window: int = WINDOW) -> int | None:
        candidates = set(candidates)
        if not candidates:
            return None
        scores = self._scores(token, candidates, window)
        if not scores:
            scores = self._scores(token, candidates, window=10_000)
        if not scores:
            # Nothing before it (a headline): the first of them the text names next.
            start = bisect.bisect_right(self._event_tokens, token.i)
            return next((e.entity for e in self._events[start:] if e.entity in candidates), None)
        return _best(scores)

    def _resolve_pronoun(self, token: Token) -> Referent:
        lower = token.lower_
        gender = _pronoun_gender(lower)
        if gender:
            candidates = {
                k for k, e in enumerate(self.entities) if e.kind == "person" and e.gender in (None, gender)
            }
            candidates.update(k for k, g in self._anonymous.items() if g in (None, gender))
            e_id = self._most_salient(token, candidates)
            if e_id is not None and e_id < 0:
                return Referent(None, "unnamed", e_id)
            return Referent(e_id, "person") if e_id is not None else NOBODY
        if lower in NEUTER_PRONOUNS or lower in PLURAL_PRONOUNS:
            # Only an organisation that was the subject just before is a safe
            # antecedent for "it"/"they"; plural "they" mostly means people the
            # article never names, and countries are rarely "they".
            kinds = ("organization",) if lower in PLURAL_PRONOUNS else ("organization", "place")
            candidates = {k for k, e in enumerate(self.entities) if e.kind in kinds or _maybe_organization(e)}
            if token.dep_ in SUBJECT_DEPS:
                scores = self._scores(token, candidates, window=1)
                if scores:
                    best = _best(scores)
                    if scores[best] >= 2.0 * DECAY:
                        if self.entities[best].kind == "person":
                            self.entities[best].kind = "organization"  # "they" settled it
                        return Referent(best, "organization")
            return GROUP if lower in PLURAL_PRONOUNS else NOBODY
        return NOBODY

    # ------------------------------------------------------------- resolving

    def source_root(self, attribution: Attribution) -> Token | None:
        """The head word of the source mention: the syntactic root of the source
        span ("The Clinton campaign" → "campaign"), else the given ``source_head``."""
        doc = self.doc
        tokens = [t for t in _without_dateline(span_tokens(doc, attribution.source)) if not (t.is_punct or t.is_space)]
        if tokens:
            inside = {t.i for t in tokens}
            roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
            # A mis-parsed span falls into pieces ("Vatican spokesman" + "the Rev.
            # Federico Lombardi"): the piece that is a name says who it is.
            named = [t for t in roots if t.i in self._token_entity]
            nominal = [t for t in roots if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "DET", "ADJ")]
            return (named or nominal or roots or tokens)[0]
        if attribution.source_head is not None:
            span = doc.char_span(attribution.source_head, attribution.source_head + 1, alignment_mode="expand")
            if span is not None and len(span):
                return span[0]
        return None

    def _cue_subject(self, attribution: Attribution) -> Token | None:
        """With a cue but no source span, the cue verb's own subject (or the
        agent of a passive cue) is the source."""
        if attribution.source or not attribution.cue:
            return None
        verbs = [t for t in span_tokens(self.doc, attribution.cue) if t.pos_ in ("VERB", "AUX")]
        if not verbs:
            return None
        verb = verbs[-1]
        content = attribution.content
        for child in verb.children:
            if any(s <= child.idx < e for s, e in content):
                continue
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "agent":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None

    def referent(self, token: Token, span: set[int] | None = None) -> Referent:
        """What the mention headed by ``token`` refers to."""
        lower = token.lower_
        span = span or set()
        if self._is_conjoined_group(token) or self._span_joins_several(span):
            return GROUP
        if token.i in self._token_entity:
            e_id = self._token_entity[token.i]
            entity = self.entities[e_id]
            kind = "person" if entity.kind == "person" else "organization"
            return Referent(e_id, kind)
        if token.tag_ in ("WP", "WDT") or (lower in RELATIVE_PRONOUNS and token.dep_ in SUBJECT_DEPS):
            return self._relative_antecedent(token)
        if lower in FIRST_SECOND_PRONOUNS:
            if lower in ("i", "me", "my") and self._author and not self._in_quote(token):
                return Referent(self._author_id(), "person")  # the columnist's own "I"
            return GROUP if lower in ("we", "us", "our", "you", "your") else NOBODY
        if token.i in self._pronoun_referent:
            return self._pronoun_referent[token.i]
        if token.tag_ in ("PRP", "PRP$"):
            return self._resolve_pronoun(token)
        if token.pos_ == "PROPN" and TITLES.get(token.lower_):
            # A capitalised title standing alone: "Senator from Texas".
            person = self._person_description(token, TITLES[token.lower_], exclude=set())
            return Referent(person, "person") if person is not None else NOBODY
        if (token.pos_ == "PROPN" and token.text[:1].isupper()) or self._looks_like_name(token):
            return self._unlisted_name(token)
        named = self._apposed_name(token, span)
        if named is not None:
            return named
        # A lower-case word tagged PROPN ("bloc" in a headline) is a common noun all the same.
        if token.pos_ in ("NOUN", "NUM", "PRON", "DET", "ADJ") or (token.pos_ == "PROPN" and token.is_lower):
            return self._description(token)
        return NOBODY

    def _is_conjoined_group(self, token: Token) -> bool:
        """ "Obama and Trump", "Craig Bryan and other scientists": more than one referent."""
        conjuncts = [token, *[c for c in token.children if c.dep_ == "conj"]]
        for c in list(conjuncts[1:]):
            conjuncts.extend(cc for cc in c.children if cc.dep_ == "conj")
        if len(conjuncts) < 2:
            return False
        distinct: set = set()
        for c in conjuncts:
            if c.i in self._token_entity:
                distinct.add(self._token_entity[c.i])
            elif c.tag_ in ("NNS", "NNPS") or c.pos_ == "PROPN":
                distinct.add(("other", c.i))
            elif c.tag_ in ("PRP",):
                distinct.add(("pronoun", c.i))
        return len(distinct) >= 2

    def _author_id(self) -> int:
        if self._author_entity is None:
            for k, entity in enumerate(self.entities):
                if entity.kind == "person" and entity.words == tuple(self._author.lower().split()):
                    self._author_entity = k
                    break
            else:
                self.entities.append(Entity("person", self._author, names=[self._author]))
                self._author_entity = len(self.entities) - 1
        return self._author_entity

    def _apposed_name(self, token: Token, span: set[int]) -> Referent | None:
        """A description followed by its name: "Another critic, Laurence H. Tribe",
        "An attorney for Pagliano, Mark MacDougall" (where the parser hangs the
        name on "Pagliano"): the last appositive name inside the source span."""
        apposed = [c for c in token.children if c.dep_ == "appos" and c.i in self._token_entity]
        if not apposed and span:
            apposed = [
                self.doc[i] for i in sorted(span)
                if self.doc[i].dep_ == "appos" and i in self._token_entity and self.doc[i].head.i in span
            ]
        if not apposed:
            return None
        e_id = self._token_entity[apposed[-1].i]
        return Referent(e_id, "person" if self.entities[e_id].kind == "person" else "organization")

    def _span_joins_several(self, span: set[int]) -> bool:
        """A source that coordinates several referents, however it is parsed:
        "Presidential candidates Hillary Clinton and Donald Trump", "Craig Bryan,
        head of ..., and other scientists", "the nominee and his aides". Only
        the top level counts (the root and what hangs on it by conj or appos),
        so "founder and CEO of Iraq and Afghanistan Veterans" is one person.
        """
        doc = self.doc
        if not any(doc[i].lower_ in ("and", "&") for i in span):
            return False
        top = [i for i in span if self._top_level(doc[i], span)]
        names = {self._token_entity[i] for i in top if i in self._token_entity}
        plural = any(doc[i].dep_ == "conj" and doc[i].tag_ in ("NNS", "NNPS") for i in top)
        return len(names) >= 2 or plural

    def _detached_name(self, root: Token, span: set[int]) -> Referent | None:
        """A description whose name the parser cut loose ("Apple's chief
        executive, Tim Cook," with "Cook" hung outside the span): the one
        person named in a separate fragment of the source."""
        loose = {
            self._token_entity[i]
            for i in span
            if i in self._token_entity
            and i != root.i
            and self.doc[i].head.i not in span
            and self.entities[self._token_entity[i]].kind == "person"
        }
        if len(loose) != 1:
            return None
        return Referent(loose.pop(), "person")

    @staticmethod
    def _top_level(token: Token, span: set[int]) -> bool:
        while token.head.i in span and token.head.i != token.i:
            # Name-internal compounds ("Donald" in "Donald Trump") belong to
            # their head; anything else but conj and appos is a modifier.
            name_part = token.dep_ in ("compound", "flat") and token.pos_ == "PROPN" and token.head.pos_ == "PROPN"
            if token.dep_ not in ("conj", "appos") and not name_part:
                return False
            token = token.head
        return True

    def _relative_antecedent(self, token: Token) -> Referent:
        noun = token.head.head if token.head.dep_ in ("relcl", "acl") else None
        if noun is None or noun.i == token.i or noun.i > token.i:
            # Parse did not attach the clause: the nearest name before it in the sentence.
            sent = token.sent
            names = [i for i in range(token.i - 1, sent.start - 1, -1) if i in self._token_entity]
            if not names:
                return NOBODY
            noun = self.doc[names[0]]
        if noun.lower_ in ("some", "many", "most", "all", "those", "others"):
            return GROUP
        e_id = self._token_entity.get(noun.i)
        if token.lower_ == "which":
            referent = self.referent(noun)
            # "which" never stands for a person.
            if referent.entity is not None and self.entities[referent.entity].kind == "person":
                return NOBODY
            return referent
        if token.lower_ in ("who", "whom"):
            # "celebrities like Patti LaBelle and Stevie Wonder, who joked",
            # "Mr. Kerry and Mr. Obama, who sent": the parser hangs the clause on
            # the list, but it tells about the name right before "who".
            before = token.i - 1
            while before > 0 and self.doc[before].is_punct:
                before -= 1
            named = self._token_entity.get(before)
            if named is not None and self.entities[named].kind == "person":
                return Referent(named, "person")
        if token.lower_ in ("who", "whom") and e_id is not None and self.entities[e_id].kind == "place":
            # "Donna Rawlings, 59, of Ashton, Md., who": "who" wants a person.
            people = [
                i for i in range(noun.i - 1, token.sent.start - 1, -1)
                if i in self._token_entity and self.entities[self._token_entity[i]].kind == "person"
            ]
            if people:
                noun = self.doc[people[0]]
        return self.referent(noun)

    def _looks_like_name(self, token: Token) -> bool:
        """A capitalised singular noun with no determiner that is not a role or
        organisation noun: headlines often tag names as common nouns."""
        lemma = token.lemma_.lower()
        in_headline = token.idx < self._headline_end
        return (
            token.tag_ == "NN"
            and token.text[:1].isupper()
            and (in_headline or token.i != token.sent.start)
            and _determiner(token) is None
            and not is_person_noun(lemma)
            and lemma not in ORG_NOUNS
        )

    def _apposed_speaker(self, root: Token, attribution: Attribution) -> Token:
        """The person a misparse hung in apposition to another one: "To understand
        the real Dred Scott, Chief Justice Roberts said": of two people in
        apposition, the one the cue follows speaks."""
        e_id = self._token_entity.get(root.i)
        if e_id is None or not attribution.cue or self.entities[e_id].kind != "person":
            return root
        cue_start = min(s for s, _ in attribution.cue)
        for child in root.children:
            other = self._token_entity.get(child.i)
            if child.dep_ != "appos" or other is None or other == e_id or self.entities[other].kind != "person":
                continue
            between = self.text[child.right_edge.idx + len(child.right_edge) : cue_start]
            if child.i > root.i and not between.strip(" ,\xa0"):
                return child
        return root

    def _other_subject(self, attribution: Attribution, root: Token) -> Referent | None:
        """A cue verb the parser gave two subjects ("THE BORROWING Back when he wrote
        his book, Mr. McKinley said"): when the source names nobody, the other
        subject that names someone speaks."""
        verbs = [t for t in span_tokens(self.doc, attribution.cue) if t.pos_ in ("VERB", "AUX")]
        for verb in verbs[-1:]:
            for child in verb.children:
                if child.dep_ in SUBJECT_DEPS and child.i != root.i and child.i in self._token_entity:
                    e_id = self._token_entity[child.i]
                    return Referent(e_id, "person" if self.entities[e_id].kind == "person" else "organization")
        return None

    def _is_speaker_label(self, attribution: Attribution, root: Token) -> bool:
        """A transcript's speaker label: a colon for cue, for source a capitalised
        name of a person of the article, or an ALL-CAPS word that labels more
        than one paragraph ("WALLACE:"). "Poll:" or "Insiders:" over a headline
        name nobody."""
        cue = attribution.cue
        if not (
            len(cue) == 1
            and self.text[cue[0][0] : cue[0][1]] == ":"
            and root.is_alpha
            and root.text[:1].isupper()
            and root.idx < cue[0][0]
        ):
            return False
        if any(e.kind == "person" and root.lower_ in (e.surname, e.first) for e in self.entities):
            return True
        label = re.compile(r"^[ \t\"“'‘]*" + re.escape(root.text) + r"[ \t]*:", re.MULTILINE)
        return root.is_upper and len(root) > 1 and len(label.findall(self.text)) >= 2

    def _unlisted_name(self, token: Token) -> Referent:
        """A proper noun NER missed: match its last word to a known name, else keep it."""
        words = [t for t in token.subtree if t.pos_ == "PROPN" and t.i <= token.i and t.dep_ in ("compound", "flat") or t.i == token.i]
        surname = token.lower_
        if len(surname) < 2:
            return NOBODY  # "Q:" and "A:" stand for people the label does not name
        for k, e in enumerate(self.entities):
            if e.kind == "person" and e.surname == surname:
                return Referent(k, "person")
        for k, e in enumerate(self.entities):
            if e.words and e.words[-1] == surname:
                return Referent(k, "person" if e.kind == "person" else "organization")
        name = " ".join(t.text for t in sorted(words, key=lambda t: t.i) if t.lower_ not in TITLES)
        if not name:
            return NOBODY
        if name.isupper():
            name = self._cased(name)
        if token.tag_ == "NNPS":
            return GROUP
        entity = Entity("person", name)
        entity.names.append(name)
        self.entities.append(entity)
        k = len(self.entities) - 1
        self._token_entity[token.i] = k
        entity.mentions.append((token.idx, token.idx + len(token)))
        return Referent(k, "person")

    def _cased(self, name: str) -> str:
        """A name written in capitals ("WALLACE") as the article writes it elsewhere, else capitalised."""
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", self.text, flags=re.IGNORECASE):
            if not match.group().isupper() and match.group()[:1].isupper():
                return match.group()
        return " ".join(word.capitalize() for word in name.split())

    def _description(self, token: Token) -> Referent:
        lemma = token.lemma_.lower()
        det = _determiner(token)
        owner = self._possessor(token)
        if lemma in PERSONAL_ORG_NOUNS and owner is not None and self.entities[owner].kind == "person":
            return Referent(self._personal_org(owner, lemma), "organization")
        owned = self._owner_speaks(token, lemma)
        if owned is not None:
            return owned
        if token.tag_ in ("NNS", "NNPS") or lemma in ("people", "police"):
            return GROUP
        if det in INDEFINITE_DETERMINERS or token.pos_ in ("NUM", "PRON", "DET"):
            org = None
            if lemma in ORG_NOUNS:
                org = self._of_organization(token)
                if org is None and det in ("a", "an"):
                    org = self._introduced_organization(token, lemma)
            return Referent(org, "organization") if org is not None else NOBODY
        if lemma in PLACE_NOUNS and det == "the":
            place = self._place_description(token)
            if place is not None:
                return Referent(place, "organization")
        if lemma in ORG_NOUNS and not is_person_noun(lemma):
            org = self._of_organization(token)
            if org is None:
                org = self._organization_description(token, lemma)
            # "The ministry said", with no ministry named: an organisation all the same.
            return Referent(org, "organization")
        if is_person_noun(lemma) or _is_age(token):
            person = self._person_description(token, lemma, exclude={owner} if owner is not None else set())
            return Referent(person, "person") if person is not None else NOBODY
        return NOBODY

    def _owner_speaks(self, token: Token, lemma: str) -> Referent | None:
        """What belongs to someone and is not a person speaks for its owner: "the
        agency's bureaucracy" for the agency, "Trump's tweet" for Trump."""
        if is_person_noun(lemma) or lemma in ORG_NOUNS or token.tag_ in ("NNS", "NNPS"):
            return None
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        if possessor is None or possessor.tag_ == "PRP$" and possessor.lower_ in FIRST_SECOND_PRONOUNS:
            return None
        referent = self.referent(possessor)
        if referent.entity is None or referent.entity < 0:
            return None
        kind = self.entities[referent.entity].kind
        if kind == "organization" or (kind == "person" and lemma in MEDIUM_NOUNS):
            return referent
        return None

    def _possessor(self, token: Token) -> int | None:
        """The entity a noun belongs to: "Clinton's campaign", "her campaign", "the Clinton campaign"."""
        for child in token.children:
            if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
                if child.i in self._token_entity:
                    return self._token_entity[child.i]
                if child.tag_ == "PRP$":
                    referent = self._pronoun_referent.get(child.i) or self._resolve_pronoun(child)
                    return referent.entity
        return None

    def _defined_by_name(self, noun: Token) -> bool:
        """Whether a role noun is pinned to a named entity ("the head of Sony
        Pictures Television", "a spokesman for Mr. Trump"): such a person is
        not whoever was mentioned last."""
        return any(
            prep.dep_ == "prep"
            and prep.lower_ in ("of", "for", "at", "to")
            and any(p.dep_ == "pobj" and p.i in self._token_entity for p in prep.children)
            for prep in noun.children
        )

    def _personal_org(self, person: int, noun: str) -> int:
        name = f"{self.entities[person].canonical} {noun}"
        for k, e in enumerate(self.entities):
            if e.canonical == name:
                return k
        self.entities.append(Entity("organization", name, names=[name]))
        return len(self.entities) - 1

    def _of_organization(self, token: Token) -> int | None:
        """ "A three-judge panel of the U.S. Court of Appeals" speaks for the court."""
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    e_id = self._token_entity.get(pobj.i)
                    if e_id is not None and self.entities[e_id].kind == "organization":
                        return e_id
        return None

    def _organization_description(self, token: Token, lemma: str) -> int | None:
        """The organisation a description ("the agency", "the regional water board") stands for, if named."""
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        wanted = {_stem(w) for w in modifiers | {lemma} | ORG_NOUN_NAMES.get(lemma, frozenset())}
        kinds = ("organization", "place") if lemma in STATE_NOUNS else ("organization",)
        candidates = [k for k, e in enumerate(self.entities) if e.kind in kinds]
        if not candidates:
            return None
        described = [k for k in candidates if lemma in self.entities[k].descriptors]
        if described:
            return self._most_salient(token, described)
        overlap = {k: len(wanted & {_stem(w) for w in self.entities[k].words}) for k in candidates}
        best = max(overlap.values())
        if best:
            return self._most_salient(token, [k for k in candidates if overlap[k] == best])
        if lemma in STATE_NOUNS or modifiers - GENERIC_MODIFIERS:
            # "the regional water board" names its own kind of body; when no
            # organisation's name matches those words it is another, unnamed one.
            return None
        return self._most_salient(token, candidates, window=2)

    def _place_description(self, token: Token) -> int | None:
        """The place "the state" or "the country" stands for: one named in the same
        sentence or the one before ("the 2000 election in Florida, when the state
        stated"). A modifier ("the Gulf state") names some other place."""
        if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() not in GENERIC_MODIFIERS for c in token.children):
            return None
        places = {k for k, e in enumerate(self.entities) if e.kind == "place"}
        scores = self._scores(token, places, window=1)
        return _best(scores) if scores else None

    def _introduced_organization(self, token: Token, lemma: str) -> int | None:
        """The organisation an indefinite description introduces before the article
        names it: "A House panel voted ..." is the House Oversight Committee named
        further on, "a federal appeals court" the Court of Appeals. Its own
        modifiers must be in the name, not only the kind of body."""
        modifiers = {_stem(c.lemma_.lower()) for c in token.children if c.dep_ in ("compound", "amod")}
        kind = {_stem(w) for w in {lemma} | ORG_NOUN_NAMES.get(lemma, frozenset())}
        named = []
        for k, e in enumerate(self.entities):
            words = {_stem(w) for w in e.words}
            if e.kind == "organization" and words & kind and words & modifiers:
                named.append(k)
        if not named:
            return None
        return self._most_salient(token, named)

    def _person_description(self, token: Token, lemma: str, exclude: set[int]) -> int | None:
        people = [k for k, e in enumerate(self.entities) if e.kind == "person" and k not in exclude]
        if lemma in KIN_NOUNS and exclude:
            relative = self.entities[next(iter(exclude))]
            family = [k for k in people if self.entities[k].surname == relative.surname]
            if len(family) == 1:
                return family[0]
        qualifiers = _qualifiers(token)
        described = [k for k in people if self.entities[k].fits(lemma, qualifiers)]
        if described:
            return self._most_salient(token, described) or described[0]
        if any(c.dep_ == "poss" for c in token.children) or self._defined_by_name(token):
            # "Pagliano's lawyer", "his attorney": someone defined by another
            # person, whom the article has not described that way: not simply
            # whoever was mentioned last.
            return None
        gender = noun_gender(lemma)
        compatible = [k for k in people if gender is None or self.entities[k].gender in (None, gender)]
        return self._most_salient(token, compatible)

    # ------------------------------------------------------------------ main

    def resolve(self, attributions: list[Attribution]) -> Resolution:
        resolution = Resolution()
        referents: list[Referent] = []
        for att in attributions:
            root = self.source_root(att) or self._cue_subject(att)
            if root is None:
                referents.append(NOBODY)
                continue
            root = self._apposed_speaker(root, att)
            in_span = {t.i for t in span_tokens(self.doc, att.source)}
            referent = self.referent(root, in_span)
            if referent is NOBODY and root.pos_ == "NOUN":
                referent = self._detached_name(root, in_span) or referent
            if referent.entity is None and referent.kind == "unnamed":
                referent = self._other_subject(att, root) or referent
            if referent.entity is None and self._is_speaker_label(att, root):
                # "WALLACE:", "Reyes:": the tagger reads a label as a common noun
                # (even a plural), but it only ever names who speaks.
                referent = self._unlisted_name(root)
            if referent.entity is not None:
                entity = self.entities[referent.entity]
                mention = (root.idx, root.idx + len(root))
                if not any(s <= mention[0] < e for s, e in entity.mentions):
                    entity.mentions.append(mention)
            referents.append(referent)
        # Quotes with no source carry on the quote just before them (the next
        # paragraph or the one after); an orphan far from any quote stays unnamed.
        order = sorted(range(len(attributions)), key=lambda i: _first_offset(attributions[i].content))
        previous: int | None = None
        for i in order:
            att = attributions[i]
            if not att.source and not att.cue and previous is not None:
                gap = self.text[_last_offset(attributions[previous].content) : _first_offset(att.content)]
                if gap.count("\n\n") <= 2:
                    referents[i] = referents[previous]
            previous = i

        index: dict[int, int] = {}
        for k, entity in enumerate(self.entities):
            quoted = any(r.entity == k for r in referents)
            if entity.kind == "place" and not quoted:
                continue
            index[k] = len(resolution.entities)
            resolution.entities.append(self._speaker(entity, quoted))
        for att, referent in zip(attributions, referents):
            resolution.speakers.append(index.get(referent.entity) if referent.entity is not None else None)
            resolution.kinds.append(referent.kind)
            addressee, medium = addressee_and_medium(self, att)
            resolution.addressees.append(addressee)
            resolution.media.append(medium)
        return resolution

    def canonical_name(self, token: Token) -> str | None:
        """The canonical name of the entity ``token`` is part of, if any."""
        e_id = self._token_entity.get(token.i)
        if e_id is None and token.tag_ in ("PRP", "PRP$"):
            e_id = self._pronoun_referent.get(token.i, NOBODY).entity
        return self.entities[e_id].canonical if e_id is not None else None

    def _speaker(self, entity: Entity, quoted: bool) -> Speaker:
        kind: SpeakerKind = "person" if entity.kind == "person" else "organization"
        aliases = tuple(n for n in entity.names if n != entity.canonical)
        return Speaker(
            name=entity.canonical,
            kind=kind,
            aliases=aliases,
            quoted=quoted,
            mentions=sorted(set(entity.mentions)),
        )


_PERSON_IN_BYLINE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][\w.'’-]*)+$")


def byline_name(author: str | None) -> str | None:
    """The one person a byline names ("By EDUARDO PORTER. Email: ..." →
    "Eduardo Porter"), or None for no byline or several authors."""
    if not author or author.strip().lower() in ("none", "null", "staff"):
        return None
    text = re.sub(r"^\s*by\s+", "", author.strip(), flags=re.IGNORECASE)
    parts = [p.strip() for p in re.split(r"[,;|]", text)]
    # "Sean Sullivan,Sari Horwitz" names two people; "David Jackson, @djusatoday, USA TODAY" one.
    if sum(bool(_PERSON_IN_BYLINE.match(p)) for p in parts) > 1:
        return None
    text = re.split(r"[.,;|@(]|\s-\s|\bEmail\b", text)[0].strip()
    if not text or re.search(r"\band\b|&", text, flags=re.IGNORECASE) or len(text.split()) > 4:
        return None
    if text.isupper():
        text = " ".join(word.capitalize() for word in text.split())
    return text


def _best(scores: dict[int, float]) -> int:
    return max(scores, key=lambda k: scores[k])


def _first_name_gender(first: str) -> str | None:
    """The gender nearly everyone with this first name has, when the offline
    first-name lexicon is installed; pronouns and honorifics outvote it."""
    try:
        from ..enrich.names import guess, lexicon_available
    except ImportError:
        return None
    if not lexicon_available():
        return None
    found = guess(first)
    return found.label if found is not None and found.confidence >= 0.95 else None


DATELINE_DASHES = frozenset({"--", "-", "—", "–"})
# What a dateline may hold besides the place in capitals: "(AP)", "(Reuters)".
_DATELINE_WORD = re.compile(r"^(?:[A-Z][A-Z.'’-]*|\(\w+\)|[(),.])$")


def _without_dateline(tokens: list[Token]) -> list[Token]:
    """A source span opening a paragraph with its dateline ("WASHINGTON --
    President Obama") without it: the parser often makes the place the subject."""
    dash = next((k for k, t in enumerate(tokens) if t.text in DATELINE_DASHES), None)
    if not dash:
        return tokens
    first = tokens[0]
    opens_paragraph = first.i == 0 or "\n" in first.doc[first.i - 1].text_with_ws
    if opens_paragraph and all(_DATELINE_WORD.match(t.text) for t in tokens[:dash]):
        return tokens[dash + 1 :]
    return tokens


def _maybe_organization(entity: Entity) -> bool:
    """A one-word "person" the article never gives a title, a role, a full name or
    a gender: NER tags names like "Politifact" PERSON, and "they" may mean it."""
    return (
        entity.kind == "person"
        and len(entity.words) == 1
        and entity.gender is None
        and not entity.gender_votes
        and not entity.descriptors
        and not any(m.titles for m in entity.name_mentions)
    )


def _pronoun_gender(lower: str) -> str | None:
    if lower in MALE_PRONOUNS:
        return "male"
    if lower in FEMALE_PRONOUNS:
        return "female"
    return None


# Party labels written two ways.
_QUALIFIER_SYNONYMS = {"gop": "republican", "r": "republican", "d": "democratic", "democrat": "democratic"}


def _qualifiers(noun: Token, before: int | None = None) -> set[str]:
    """Capitalised modifiers of a noun ("GOP", "Democratic", "French"): the ones
    that tell two people with the same role apart."""
    limit = noun.i if before is None else before
    return {
        _QUALIFIER_SYNONYMS.get(child.lower_, child.lower_)
        for child in noun.children
        if child.i < limit
        and child.dep_ in ("amod", "compound", "nmod")
        and child.pos_ in ("PROPN", "ADJ")
        and child.text[:1].isupper()
        and child.lower_ not in TITLES
    }


def _stem(word: str) -> str:
    """Crude plural folding, enough to meet "appeals court" and "Court of Appeals"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _is_age(token: Token) -> bool:
    """A person named by age: "the 41-year-old"."""
    return token.lower_ == "old" and any(
        c.lower_ in ("year", "month") and c.dep_ == "npadvmod" for c in token.children
    )


def _determiner(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ in ("det", "poss", "nummod", "predet"):
            return child.lower_
    return None


def _first_offset(offsets) -> int:
    return min((s for s, _ in offsets), default=0)


def _last_offset(offsets) -> int:
    return max((e for _, e in offsets), default=0)


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks, paragraph by paragraph."""
    ranges: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        open_at: int | None = None
        for match in _QUOTE.finditer(paragraph):
            mark, at = match.group(), offset + match.start()
            if open_at is None and mark != "”":
                open_at = at
            elif open_at is not None and mark not in ("“", "``"):
                ranges.append((open_at, at + len(mark)))
                open_at = None
        if open_at is not None:
            ranges.append((open_at, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return ranges


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token; a line break also ends a sentence, since
    the parser sometimes runs a headline into the first paragraph."""
    n_tokens = len(doc)
    if not n_tokens:
        return []
    # Sentence starts as the parser marked them, which is what ``Doc.sents`` reads.
    boundary = (doc.to_array(SENT_START) == 1).astype(np.int64)
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            boundary[i + 1] = 1
    boundary[0] = 0
    return np.cumsum(boundary).tolist()


def span_tokens(doc: Doc, offsets) -> list[Token]:
    tokens: list[Token] = []
    for start, end in offsets:
        span: Span | None = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    return tokens
