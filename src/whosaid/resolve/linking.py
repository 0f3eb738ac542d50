"""Mention linking: salience through the text, and what each pronoun outside quotes refers to.

One pass in text order. Names and the descriptions the article used for a
named entity make it salient; every he/she/him/her/his/it/they outside
quotation marks (inside a quote they speak from the speaker's point of view)
is linked to the most salient entity it agrees with:

* "he", "him", "his" never to a woman, "she", "her" never to a man;
* "it" and "they" only to an organisation that was the subject just before
  ("they" otherwise stays a group);
* a pronoun never takes a co-argument of its own verb ("he told Smith").

Salience is the best single mention, weighted by role (see ``Settings``),
decayed per sentence back; ties go to the most recent. Someone introduced
indefinitely ("a woman who lives nearby complained") competes as an unnamed
referent of their own, so a later "she" stays unnamed instead of drifting to
a named person.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from spacy.tokens import Token

from ..context import DEP_COLUMN, POS_COLUMN, token_table
from ..lexicon import (
    GENDERED_ADJECTIVES,
    INDEFINITE_DETERMINERS,
    KIN_NOUNS,
    NEUTER_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    SPEECH_LEMMAS,
    THEY_PRONOUNS,
    is_person_noun,
    noun_gender,
)
from ..records import SpeakerKind
from .entities import Entity
from .rules import declare
from .words import common_first_name
from .settings import Settings
from .affiliations import qualifiers
from .table import (
    OPENING_PHRASES,
    PHRASE_ROLES,
    STATED_PRONOUNS,
    SUBJECT_DEPS,
    EntityTable,
    fronted_subject,
    in_opening_phrase,
    pronoun_gender,
)

ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "iobj"})
NOUN_DEPS = ARGUMENT_DEPS | {"pobj", "appos", "poss"}
THIRD_PERSON_PRONOUNS = PERSON_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS
_PRONOUNS_AND_WHO = THIRD_PERSON_PRONOUNS | {"who"}

DESCRIPTION_MENTIONS = declare(
    "description-mentions", "linking",
    'a definite description the article used for a named entity ("the senator") is its mention and keeps it salient',
)
UNNAMED_REFERENTS = declare(
    "unnamed-referents", "linking",
    'someone introduced indefinitely ("a woman ... complained") is a referent of their own for later pronouns',
)
REPORTED_INDEFINITES = declare(
    "reported-indefinites", "linking",
    'someone introduced indefinitely inside what a speaker is reported to say ("said a contractor would be '
    'appointed") is no referent for later pronouns: the speaker stays the one followed',
)
RELATIVE_SUBJECTS = declare(
    "relative-subjects", "linking", 'the subject "who" of a relative clause makes its antecedent salient like a subject'
)
CO_ARGUMENT = declare(
    "co-argument", "linking",
    'a pronoun never takes an argument of its own verb ("he told Smith", "Christie, whom he describes")',
)
NARRATIVE_DISTANCE = declare(
    "narrative-distance", "linking",
    "salience decays per sentence of narration: a quoted passage does not push the speaker before it out of reach",
)
ROOT_NAMES = declare(
    "root-names", "linking",
    '"Hale, when pressed about his earlier votes, usually talks right past the questions": a person\'s '
    "name the parse made the root of a body sentence, with a finite verb after it, is that sentence's subject",
)
SUBORDINATE_SUBJECTS = declare(
    "subordinate-subjects", "linking",
    '"Dunn said Hale kept damaging his own bid. \'...\', he said": the subject of a reported or '
    "adverbial clause weighs as a clause's subject, less than the main clause's, so the one who said it stays "
    'the next "he"; the subject of a verb of saying in a reported clause keeps a subject\'s weight',
)
SUBJECT_APPOSITIONS = declare(
    "subject-appositions", "linking",
    '"The Chilean envoy to the trade council, Marta Ruiz, declared": a person\'s name set off by '
    "commas inside the phrase of a subject that is a singular role noun counts as that subject, however the "
    "parse hangs it",
)
ADJACENT_APPOSITIONS = declare(
    "adjacent-appositions", "linking",
    '"Deputy Whip Alma Reyes (D-Ore.) answered": a person\'s name the parse hangs as an apposition '
    "on the subject written right before it, with nothing between (a title the parse read as the head), is "
    "that subject",
)
SUBJECT_POSSESSORS = declare(
    "subject-possessors", "linking",
    '"Dunn\'s fresh praise of his staff came with limits. He may add to it, he said": a person\'s name '
    "that is the possessor of the subject of a sentence's main verb counts as that subject, when the subject is "
    "a thing of theirs and not another person (\"Clinton's husband\")",
)
TAGGED_FIRST_NAMES = declare(
    "tagged-first-names", "linking",
    '"Hillary said ... they": a one-word name that is a common first name NER tags PERSON is no '
    'organisation "it" or "they" may mean',
)
APPOSED_DESCRIPTIONS = declare(
    "apposed-descriptions", "linking",
    '"said Ann Lee, the council leader. The opposition leader, Tom Berg, said": a description set beside a '
    "name as its apposition is that name's mention, never someone else's the article described alike",
)
DESCRIPTION_AGREEMENT = declare(
    "description-agreement", "linking",
    '"the state chairwoman", "the first female president": a description whose noun or adjective states a '
    "gender is no mention of a person the article gives the other gender, as a pronoun is not",
)
ORGANIZATION_PRONOUNS = declare(
    "organization-pronouns", "linking",
    '"it"/"they" as subject link to an organisation that was the subject just before',
)


@dataclass(slots=True)
class Event:
    """A mention that makes an entity salient at a point of the text."""

    token: int
    sent: int
    step: int  # narrative sentence: quoted passages do not count
    entity: int
    weight: float
    dep: str
    head: int
    # A subordinate clause whose subject this is: a pronoun inside it counts the
    # subject's full weight, one outside it the clause subject's (see ``subordinate-subjects``).
    clause: tuple[int, int] | None = None


@dataclass(slots=True)
class Referent:
    """What a mention refers to: an entity, or a kind of nobody in particular."""

    entity: int | None
    kind: SpeakerKind
    unnamed: int | None = None  # the unnamed person meant, to keep following them


NOBODY = Referent(None, "unnamed")
GROUP = Referent(None, "group")


class Linker:
    def __init__(self, table: EntityTable, settings: Settings):
        self.table = table
        self.context = table.context
        self.doc = table.doc
        self.settings = settings
        self.events: list[Event] = []
        self._event_tokens: list[int] = []  # kept sorted: events arrive in text order
        self.pronoun_referent: dict[int, Referent] = {}
        self.anonymous: dict[int, str | None] = {}  # unnamed people: negative id → gender
        # Entities a mention being read cannot mean (see ``sources``: the
        # people named in the words a source is said to have spoken).
        self.excluded: frozenset[int] = frozenset()
        # The entities each kind of pronoun may mean (``_candidates``), and how often a pronoun
        # has changed an entity's kind, which they depend on.
        self._candidate_sets: dict[tuple, tuple[tuple[int, int, int], set[int]]] = {}
        self._kind_changes = 0
        self._tokens = token_table(self.doc)
        # Where each token stands for salience: its sentence, and the step of
        # narration that distance is counted in.
        self._sentence_of = self.context.sentence_of
        self.step_of = (  # read by source rules too (introductions)
            self.context.narrative_sentence_of if settings.on(NARRATIVE_DISTANCE) else self._sentence_of
        )
        self._read_mentions()

    # ---------------------------------------------------------------- pass

    def _read_mentions(self) -> None:
        """Names and descriptions make entities salient, pronouns are resolved
        against what came before them."""
        doc, table, context = self.doc, self.table, self.context
        heads = sorted({m.head for m in table.mentions})
        items: list[tuple[int, str]] = [(i, "name") for i in heads]
        # Found over the columns of the article's token table, no ``Token`` made: the pronouns and
        # "who" by their words, the nouns by their part of speech and dependency.
        t = self._tokens
        tag, pos, dep, head = t.tag, t.pos, t.dep, t.head
        pronouns = set()
        for i in t.with_lower(_PRONOUNS_AND_WHO):
            if t.lower[i] in THIRD_PERSON_PRONOUNS and tag[i] in ("PRP", "PRP$"):
                pronouns.add(i)
                items.append((i, "pronoun"))
            elif pos[i] != "NOUN" and t.lower[i] == "who" and dep[i] in SUBJECT_DEPS and dep[head[i]] == "relcl":
                items.append((i, "relative"))
        nouns = np.flatnonzero(t.among(POS_COLUMN, ("NOUN",)) & t.among(DEP_COLUMN, NOUN_DEPS)).tolist()
        items.extend((i, "noun") for i in nouns if i not in pronouns)
        items.sort()
        # Every role noun some entity was described by; descriptions are all
        # collected before this pass.
        self._described = {lemma for e in table.entities for lemma in e.descriptors}
        quoted = context.token_in_quote
        names = [i for i, what in items if what == "name" and not quoted[i]]
        lower = t.lower
        gendered = [
            doc[i] for i, what in items
            if what == "pronoun" and pronoun_gender(lower[i]) and not quoted[i]
        ]
        table.seed_genders(names, gendered)
        for i, what in items:
            if what == "name":
                e_id = table.token_entity.get(i)
                if e_id is not None:
                    self.add_event(i, e_id)
            elif what == "noun":
                self._read_noun(i)
            elif what == "relative":
                # "Hillary Clinton — who's called for tax hikes — ...": the
                # relative clause makes its antecedent a subject too.
                antecedent = table.token_entity.get(head[head[i]])
                if (
                    antecedent is not None
                    and table[antecedent].kind == "person"
                    and self.settings.on(RELATIVE_SUBJECTS)
                ):
                    self.add_event(i, antecedent)
            elif not quoted[i]:
                referent = self.resolve_pronoun(doc[i])
                self.pronoun_referent[i] = referent
                if referent.entity is not None:
                    entity = table[referent.entity]
                    entity.mentions.append((t.idx[i], t.end[i]))
                    self.add_event(i, referent.entity)
                elif referent.unnamed is not None:
                    self.add_event(i, referent.unnamed)

    def _weight(self, i: int, dep: str, head: int) -> float:
        """The weight of a mention at token ``i`` whose role (``role``) is ``dep`` on ``head``."""
        settings = self.settings
        if self.context.token_in_quote[i]:
            return settings.quoted_weight
        t = self._tokens
        if dep in SUBJECT_DEPS:
            if t.dep[head] in ("relcl", "acl") or (settings.on(PHRASE_ROLES) and _nonfinite(t, head)):
                return settings.clause_subject_weight
            return settings.subject_weight
        if dep == "compound":
            return settings.modifier_weight
        return settings.other_weight

    def role(self, i: int) -> tuple[str, int]:
        """The dependency and head a mention counts with: the parser's, except for
        an apposition that stands for a subject (see ``fronted_subject``), or
        that names the subject right before it ("One delegate, Ann Lee, pledged")."""
        t = self._tokens
        dep, head = t.dep[i], t.head[i]
        if dep in SUBJECT_DEPS and self.settings.on(OPENING_PHRASES) and in_opening_phrase(t, i):
            return "pobj", head
        if dep == "ROOT" and self.settings.on(ROOT_NAMES) and self._root_name_subject(i):
            return "nsubj", i
        if dep in _MODIFIER_DEPS and self.settings.on(PHRASE_ROLES) and _opening_modifier_subject(self.doc, t, i):
            return "nsubj", head
        if dep == "poss" and self.settings.on(SUBJECT_POSSESSORS) and self._owns_main_subject(i, head):
            return t.dep[head], t.head[head]
        if dep != "appos":
            return dep, head
        if not self.settings.on(PHRASE_ROLES):
            return dep, head
        if fronted_subject(self.doc, i, through_openings=self.settings.on(OPENING_PHRASES)):
            return "nsubj", self.doc[i].right_edge.i + 1
        if self.settings.on(SUBJECT_APPOSITIONS):
            subject = self._apposed_subject(i)
            if subject is not None:
                return t.dep[subject], t.head[subject]
        left = self.doc[i].left_edge.i
        if (
            t.dep[head] in SUBJECT_DEPS
            and t.ent[i] == "PERSON"
            and left == head + 1
            and t.ent[head] != "PERSON"
            and self.settings.on(ADJACENT_APPOSITIONS)
        ):
            # The parse read the title before the name as the subject: "Deputy Whip" + "Alma Reyes".
            return t.dep[head], t.head[head]
        # "One delegate, Ann Lee, pledged": set off by commas or dashes, not "the site Gawker".
        if (
            t.dep[head] in SUBJECT_DEPS
            and t.ent[i] == "PERSON"
            and t.punct[head + 1]
            and all(t.punct[k] for k in range(head + 1, left))
        ):
            return t.dep[head], t.head[head]
        return dep, head

    def _owns_main_subject(self, i: int, noun: int) -> bool:
        """Whether the person named at ``i`` owns ``noun``, the subject of a sentence's main verb, and ``noun``
        is a thing of theirs ("Carson's endorsement", "Mr. Obama's style"), not another person ("Clinton's
        husband") nor said inside a reported clause ("Cruz says Obama's actions aren't worth ...")."""
        t = self._tokens
        # An active subject: "Clinton's position was supported by Feinstein, who said" is about Feinstein.
        if t.dep[noun] != "nsubj" or t.dep[t.head[noun]] != "ROOT":
            return False
        if is_person_noun(t.lemma[noun]) or t.lemma[noun] in KIN_NOUNS:
            return False
        e_id = self.table.token_entity.get(i)
        # A person of known gender: NER tags bodies PERSON too ("Team Clinton's", "Pfizer's").
        return e_id is not None and self.table[e_id].kind == "person" and self.table[e_id].gender is not None

    def _apposed_subject(self, i: int) -> int | None:
        """ "The Chilean envoy to the trade council, Marta Ruiz, declared": the subject a person's
        name set off by commas stands for, when the parse hangs it inside the subject's phrase (on the
        subject, or on a noun of its complement) and the subject is a singular role noun."""
        t = self._tokens
        token = self.doc[i]
        left, right = token.left_edge.i, token.right_edge.i
        if t.ent[i] != "PERSON" or left == 0 or t.lower[left - 1] not in (",", "—", "–", "--"):
            return None
        if right + 1 >= len(t.lower) or not t.punct[right + 1]:
            return None
        k = t.head[i]
        for _ in range(5):
            if t.dep[k] in SUBJECT_DEPS:
                return k if t.tag[k] == "NN" and is_person_noun(t.lemma[k]) else None
            if t.dep[k] not in ("pobj", "prep", "compound", "poss") or t.head[k] == k:
                return None
            k = t.head[k]
        return None

    def _root_name_subject(self, i: int) -> bool:
        """ "Hale, when pressed about his earlier votes, usually talks right
        past the questions": a name the parse made the root of a body sentence whose
        finite verb it hung elsewhere is that sentence's subject."""
        t = self._tokens
        if t.ent[i] != "PERSON" or self.doc[i].idx < self.context.headline_end:
            return False
        sent = self.doc[i].sent
        return any(t.tag[k] in ("VBZ", "VBD", "VBP") and k > i for k in range(sent.start, sent.end))

    def events_before(self, i: int) -> list[Event]:
        """The mentions read before token ``i``, in text order."""
        return self.events[: bisect.bisect_left(self._event_tokens, i)]

    def add_event(self, i: int, entity: int) -> None:
        """Token ``i`` mentions ``entity``."""
        self._event_tokens.append(i)
        dep, head = self.role(i)
        weight = self._weight(i, dep, head)
        clause = None
        if dep in SUBJECT_DEPS and weight == self.settings.subject_weight and self.settings.on(SUBORDINATE_SUBJECTS):
            clause = self._subordinate_clause(head)
            if clause is not None:
                weight = self.settings.clause_subject_weight
        self.events.append(Event(i, self._sentence_of[i], self.step_of[i], entity, weight, dep, head, clause))

    def _subordinate_clause(self, verb: int) -> tuple[int, int] | None:
        """The span of the clause headed by ``verb`` when it is reported by or hung on a clause
        whose subject is a named person ("Dunn said Hale kept ...", "Dunn did not sound
        sure when Okoye asked"): its subject is then less what the text goes on about than
        that person. A verb of saying is no such clause, but in an adverbial ("when Okoye asked"):
        one who is said to speak is a speaker too, and the parser often hangs "he said" on the
        quotation before it."""
        t = self._tokens
        top = verb
        while t.dep[top] == "conj":
            top = t.head[top]
        if t.dep[top] == "ROOT" or (t.lemma[verb] in SPEECH_LEMMAS and t.dep[verb] != "advcl"):
            return None
        root = top
        for _ in range(50):
            if t.head[root] == root:
                break
            root = t.head[root]
        subject = self._clause_subject(root)
        if subject is None:
            return None
        e_id = self.table.token_entity.get(subject)
        if (e_id is not None and self.table[e_id].kind == "person") or t.lower[subject] in PERSON_PRONOUNS:
            token = self.doc[verb]
            return token.left_edge.i, token.right_edge.i
        return None

    def _clause_subject(self, verb: int) -> int | None:
        """The subject of ``verb``: its own, a conjoined verb's ("argued ... but suggested"), or for
        a relative "who" the noun the clause modifies ("Harvey, who acknowledged")."""
        t = self._tokens
        for _ in range(4):
            subject = next((c for c in t.children[verb] if t.dep[c] in SUBJECT_DEPS), None)
            if subject is not None:
                if t.lower[subject] in ("who", "that") and t.dep[verb] == "relcl":
                    subject = t.head[verb]
                if any(t.dep[c] == "conj" for c in t.children[subject]):
                    return None  # "Nora Vance and Tom Hale, who say": no one person
                return subject
            if t.dep[verb] != "conj":
                return None
            verb = t.head[verb]
        return None

    def _add_anonymous(self, token: Token, gender: str | None) -> None:
        """An unnamed person as a referent of its own (a negative id)."""
        anonymous = -1 - token.i
        self.anonymous[anonymous] = gender
        self.add_event(token.i, anonymous)

    def _read_noun(self, i: int) -> None:
        """Definite descriptions the article used for a known entity count as its mentions."""
        table = self.table
        t = self._tokens
        if i in table.token_entity or self.context.token_in_quote[i] or t.tag[i] in ("NNS", "NNPS"):
            return
        lemma = t.lemma[i]
        if lemma not in self._described and not is_person_noun(lemma):
            return  # neither a description the article used nor someone unnamed
        token = self.doc[i]
        det = determiner(token)
        if det in INDEFINITE_DETERMINERS:
            # "a woman", "a federal judge": someone unnamed whom later pronouns
            # may mean, so they do not drift to a named person.
            if self.settings.on(UNNAMED_REFERENTS) and is_person_noun(lemma) and (
                token.dep_ in SUBJECT_DEPS or (token.dep_ in ARGUMENT_DEPS and noun_gender(lemma))
            ) and not (self.settings.on(REPORTED_INDEFINITES) and _reported(token)):
                self._add_anonymous(token, noun_gender(lemma))
            return
        if lemma not in self._described or not self.settings.on(DESCRIPTION_MENTIONS):
            return
        # "Norway's national team" belongs to someone else.
        if any(t.dep[c] == "poss" for c in t.children[i]):
            return
        e_id = self._apposed_person(i) if self.settings.on(APPOSED_DESCRIPTIONS) and is_person_noun(lemma) else None
        if e_id is None:
            wanted = qualifiers(token)
            # A description refers back: the entity must have been named before it.
            stated = _stated_gender(token) if self.settings.on(DESCRIPTION_AGREEMENT) else None
            matches = [
                k for k, e in enumerate(table.entities)
                if e.fits(lemma, wanted) and e.name_mentions and e.name_mentions[0].head < token.i
                and not (stated and e.kind == "person" and e.gender and e.gender != stated)
            ]
            if not matches:
                return
            e_id = self.most_salient(token, matches) if len(matches) > 1 else matches[0]
        if e_id is None:
            return
        start = min(t.i for t in token.subtree if t.i <= token.i)
        table[e_id].mentions.append((self.doc[start].idx, token.idx + len(token)))
        self.add_event(token.i, e_id)

    def _apposed_person(self, i: int) -> int | None:
        """The person whose name the noun at ``i`` stands in apposition with, either way round."""
        t = self._tokens
        entity_of = self.table.token_entity
        apposed = [c for c in t.children[i] if t.dep[c] == "appos"]
        if t.dep[i] == "appos":
            apposed.append(t.head[i])
        for j in apposed:
            e_id = entity_of.get(j)
            if e_id is not None and self.table[e_id].kind == "person":
                return e_id
        return None

    # ------------------------------------------------------------ salience

    def scores(self, token: Token, candidates: set[int], window: int | None = None) -> dict[int, float]:
        """Salience of each candidate just before ``token``."""
        settings = self.settings
        window = settings.window if window is None else window
        sent = self._sentence_of[token.i]
        step = self.step_of[token.i]
        end = bisect.bisect_left(self._event_tokens, token.i)
        n_tokens = len(self.doc)
        co_argument = settings.on(CO_ARGUMENT) and token.dep_ in ARGUMENT_DEPS
        subject = token.dep_ in SUBJECT_DEPS
        # "Tom Hale, whom he describes as ...": the relative pronoun is an
        # argument of the pronoun's verb, so its antecedent cannot be the pronoun's.
        bound = self._relative_antecedent_of(token.head) if co_argument else None
        found: dict[int, float] = {}
        for event in reversed(self.events[:end]):
            distance = step - event.step
            if distance > window:
                break
            if event.entity not in candidates or event.entity == bound or event.entity in self.excluded:
                continue
            # A pronoun cannot share its clause with its antecedent ("he told Smith").
            if co_argument and sent == event.sent and event.head == token.head.i and event.dep in ARGUMENT_DEPS:
                continue
            bonus = 1.0 + (settings.parallel_bonus if subject and event.dep in SUBJECT_DEPS else 0.0)
            # The best single mention counts, not how often an entity came up;
            # among equals the more recent one wins.
            weight = event.weight
            if event.clause is not None and event.clause[0] <= token.i <= event.clause[1]:
                weight = settings.subject_weight  # the pronoun is inside the clause the subject heads
            score = weight * bonus * settings.decay**distance + 1e-4 * event.token / n_tokens
            if score > found.get(event.entity, 0.0):
                found[event.entity] = score
        return found

    def _relative_antecedent_of(self, verb: Token) -> int | None:
        """The entity a relative clause headed by ``verb`` modifies, when its
        relative pronoun is one of the verb's arguments."""
        if verb.dep_ != "relcl" or not any(
            c.tag_ in ("WP", "WDT") and c.dep_ in ARGUMENT_DEPS for c in verb.children
        ):
            return None
        return self.table.token_entity.get(verb.head.i)

    def named_before(self, token: Token, candidates) -> list[int]:
        """The candidates the text mentions before ``token``."""
        end = bisect.bisect_left(self._event_tokens, token.i)
        candidates = set(candidates) - self.excluded
        return list(dict.fromkeys(e.entity for e in self.events[:end] if e.entity in candidates))

    def last_mention(self, entity: int, before: int) -> int | None:
        """The token of the last mention of ``entity`` before token ``before``."""
        for event in reversed(self.events[: bisect.bisect_left(self._event_tokens, before)]):
            if event.entity == entity:
                return event.token
        return None

    def most_salient(self, token: Token, candidates, window: int | None = None) -> int | None:
        candidates = set(candidates) - self.excluded
        if not candidates:
            return None
        found = self.scores(token, candidates, window)
        if not found:
            found = self.scores(token, candidates, window=10_000)
        if not found:
            # Nothing before it (a headline): the first of them the text names next.
            start = bisect.bisect_right(self._event_tokens, token.i)
            return next((e.entity for e in self.events[start:] if e.entity in candidates), None)
        return best(found)

    def most_fitting(self, token: Token, candidates, bonus: dict[int, float] | None = None) -> int | None:
        """The candidate a description most likely means: salience, plus any
        ``bonus``, plus how much of the article so far was about it (a
        description names the article's main people more often than a pronoun)."""
        candidates = set(candidates) - self.excluded
        if not candidates:
            return None
        bonus = bonus or {}
        found = self.scores(token, candidates)
        end = bisect.bisect_left(self._event_tokens, token.i)
        counts: dict[int, int] = {}
        for event in self.events[:end]:
            if event.entity in candidates:
                counts[event.entity] = counts.get(event.entity, 0) + 1
        if not found and not counts:
            return self.most_salient(token, candidates)
        top = max(counts.values(), default=1)
        weight = self.settings.prominence_weight
        return max(
            set(found) | set(counts),
            key=lambda k: (found.get(k, 0.0) + bonus.get(k, 0.0) + weight * counts.get(k, 0) / top, found.get(k, 0.0)),
        )

    def _candidates(self, key: tuple, choose) -> set[int]:
        """``choose()``, the entities a kind of pronoun may mean, kept until an entity or an
        unnamed person is added or an entity's kind changes: an article's pronouns ask for the
        same few sets again and again. The set is shared: callers only read it."""
        version = (len(self.table.entities), len(self.anonymous), self._kind_changes)
        kept = self._candidate_sets.get(key)
        if kept is None or kept[0] != version:
            kept = self._candidate_sets[key] = (version, choose())
        return kept[1]

    def resolve_pronoun(self, token: Token) -> Referent:
        table = self.table
        lower = token.lower_
        gender = pronoun_gender(lower)
        if gender:
            def people() -> set[int]:
                found = {k for k, e in enumerate(table.entities) if e.kind == "person" and e.gender in (None, gender)}
                found.update(k for k, g in self.anonymous.items() if g in (None, gender))
                return found

            candidates = self._candidates(("person", gender), people)
            e_id = self.most_salient(token, candidates)
            if e_id is not None and e_id < 0:
                return Referent(None, "unnamed", e_id)
            return Referent(e_id, "person") if e_id is not None else NOBODY
        if lower in THEY_PRONOUNS and self.settings.on(STATED_PRONOUNS):
            # Singular "they" agrees with a person the article says uses it, when no one else, person or
            # body, is more salient.
            nonbinary = self._candidates(("person", "nonbinary"), lambda: {
                k for k, e in enumerate(table.entities) if e.kind == "person" and e.gender == "nonbinary"})
            if nonbinary:
                named = self._candidates(("named",), lambda: {
                    k for k, e in enumerate(table.entities) if e.kind in ("person", "organization")})
                e_id = self.most_salient(token, named)
                if e_id in nonbinary:
                    return Referent(e_id, "person")
        if lower in NEUTER_PRONOUNS or lower in PLURAL_PRONOUNS:
            # Only an organisation that was the subject just before is a safe
            # antecedent for "it"/"they"; plural "they" mostly means people the
            # article never names, and countries are rarely "they".
            kinds = ("organization",) if lower in PLURAL_PRONOUNS else ("organization", "place")
            tagged_people = self.settings.on(TAGGED_FIRST_NAMES)

            def bodies() -> set[int]:
                return {
                    k for k, e in enumerate(table.entities)
                    if e.kind in kinds or (maybe_organization(e) and not (tagged_people and _tagged_first_name(e)))
                }

            candidates = self._candidates(("body", kinds), bodies)
            if token.dep_ in SUBJECT_DEPS and self.settings.on(ORGANIZATION_PRONOUNS):
                found = self.scores(token, candidates, window=1)
                if found:
                    e_id = best(found)
                    if found[e_id] >= self.settings.organization_pronoun_floor:
                        if table[e_id].kind == "person":
                            table[e_id].kind = "organization"  # "they" settled it
                            self._kind_changes += 1
                        return Referent(e_id, "organization")
            return GROUP if lower in PLURAL_PRONOUNS else NOBODY
        return NOBODY


def best(scores: dict[int, float]) -> int:
    return max(scores, key=lambda k: scores[k])


def maybe_organization(entity: Entity) -> bool:
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


def _tagged_first_name(entity: Entity) -> bool:
    """ "Hillary", "Caroline": a common first name NER tags PERSON names a person, whom "it" or
    "they" does not turn into an organisation."""
    return (
        any(m.label == "PERSON" for m in entity.name_mentions)
        and common_first_name(entity.name_mentions[0].text)
    )


def determiner(token: Token) -> str | None:
    t = token_table(token.doc)
    for child in t.children[token.i]:
        if t.dep[child] in ("det", "poss", "nummod", "predet"):
            return t.lower[child]
    return None


def _nonfinite(t, verb: int) -> bool:
    """An infinitive that completes another verb ("allow Clinton to focus", "let
    Lopez focus"), whose subject is that verb's object more than a subject."""
    if t.dep[verb] not in ("xcomp", "ccomp") or t.tag[verb] != "VB":
        return False
    return not any(t.dep[c] in ("aux", "auxpass") and t.tag[c] != "TO" for c in t.children[verb])


# Dependencies a parse may give a subject it failed to read as one.
_MODIFIER_DEPS = frozenset({"npadvmod", "dep"})


def _opening_modifier_subject(doc, t, i: int) -> bool:
    """ "Ms. Lund, like most historians, is still convinced": a person's name opening its sentence that the
    parse hangs as a modifier on a finite verb with no subject of its own is that verb's subject."""
    head = t.head[i]
    if t.ent[i] != "PERSON" or head <= i or t.pos[head] not in ("VERB", "AUX"):
        return False
    sent_start = doc[i].sent.start
    if any(not (t.punct[k] or t.space[k] or t.head[k] == i) for k in range(sent_start, i)):
        return False
    verb_tags = [t.tag[c] for c in t.children[head]] + [t.tag[head]]
    if not any(tag in ("VBZ", "VBD", "VBP", "MD") for tag in verb_tags):
        return False
    return not any(t.dep[c] in ("nsubj", "nsubjpass", "expl", "csubj") for c in t.children[head])


def _stated_gender(noun: Token) -> str | None:
    """The gender a description states by its noun ("chairwoman") or an adjective on it ("female president")."""
    stated = noun_gender(noun.lemma_.lower()) or noun_gender(noun.lower_)
    if stated:
        return stated
    return next(
        (GENDERED_ADJECTIVES[c.lower_] for c in noun.children if c.dep_ == "amod" and GENDERED_ADJECTIVES.get(c.lower_)),
        None,
    )


def _reported(token: Token) -> bool:
    """Whether ``token`` is inside the clause a speech verb reports ("said [a contractor would be hired]")."""
    clause = token
    while clause.head.i != clause.i:
        if clause.dep_ == "ccomp" and clause.head.lemma_ in SPEECH_LEMMAS:
            return True
        clause = clause.head
    return False
