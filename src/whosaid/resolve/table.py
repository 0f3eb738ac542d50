"""The article's entity table: who and what the article names, built once.

``EntityTable(context, settings)`` finds every name (``names``), groups the
names into entities (``entities``), and records what the article says about
each: the role nouns it attaches to them ("Norwegian soccer star Ada
Hegerberg", "Ana Ferreira, the secretary general", "Sen. Ted Cruz", "Obama is
the president") and the gender its words show, which constrains what a
pronoun may refer to. Every name token maps to its entity.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from ..context import ArticleContext, token_table
from ..lexicon import PRONOUN_GENDER, TITLES, is_person_noun, noun_gender, title_gender
from .entities import Entity, build_entities
from .names import AGE_APPOSITIONS, name_mentions
from .affiliations import name_affiliations, qualifiers
from .rules import declare
from .settings import Settings
from .words import apposed_age, first_name_gender

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Words that put a role in the past: "former President Bill Clinton".
_PAST = frozenset({"former", "ex", "ex-", "then", "onetime", "erstwhile", "late"})

HONORIFIC_AGREEMENT = declare(
    "honorific-agreement", "table",
    '"Mrs. Obama" is the Obama who is a woman, "Mr. Obama" the man; with none of that gender, someone of their own',
)
DESCRIPTORS = declare(
    "descriptors", "table",
    'role nouns attached to a name (premodifier, apposition, title, "X is the Y") describe its entity',
)
TITLE_GENDER = declare("title-gender", "table", 'an honorific or royal title ("Mrs.", "King") gives the gender')
ROLE_GENDER = declare("role-gender", "table", 'a gendered role noun attached to a name ("his wife, Laura") gives the gender')
LAST_CONJUNCT_APPOSITIONS = declare(
    "last-conjunct-appositions", "table",
    '"Tom Vale and Ann Marr, the senator\'s wife,": an apposition after two joined names describes the last '
    "of them, however the parse hangs it",
)
SENTENCE_PRONOUN_GENDER = declare(
    "sentence-pronoun-gender", "table",
    'a "he"/"she" in a sentence whose one person is named before it gives that person\'s gender',
)
STATED_PRONOUNS = declare(
    "stated-pronouns", "table",
    'a person the article says uses they/them ("Rivera, who uses they/them pronouns") is nonbinary before pronouns are '
    'resolved, so a "they" may mean them as "she" means a woman, and "she" or "he" does not',
)
# Above every other vote: the article's own word on the person's pronouns.
STATED_PRONOUN_VOTE = 100.0
BOUND_PRONOUNS = declare(
    "bound-pronouns", "table",
    '"Sanders ... began to challenge her", "her rivals, Sen. Bernie Sanders", "Sanders\'s attacks on her record": '
    "a pronoun its sentence ties to someone else (the object of the person's own verb, the possessive of a "
    "phrase the person's name is in apposition with or owns) gives that person no gender",
)
PHRASE_ROLES = declare(
    "phrase-roles", "linking",
    "a mention counts with the role of its phrase in the clause, where the parse attaches it otherwise: a noun "
    'hung as an apposition on an opening phrase right before a verb with no subject is that verb\'s subject '
    '("In an interview with host Mika Brzezinski, the candidate stated": she is not the candidate); a person\'s '
    'name set off by commas or dashes right after a subject is that subject ("One delegate, Ann Lee, pledged"); '
    'the subject of an infinitive completing another verb is a clause\'s subject ("to let Lopez focus"); a '
    'person\'s name opening its sentence, hung as a modifier on a finite verb with no subject, is its subject '
    '("Ms. Lund, like most historians, is still convinced")',
)
OPENING_PHRASES = declare(
    "opening-phrases", "linking",
    '"In an interview with Daybreak hosts Lena Ward and Omar Fisk, the candidate stated": '
    "an opening phrase begun by a preposition is no subject, where a parse reads a verb into it, so the "
    "description after its comma is the subject (`phrase-roles`) on either parse",
)
HONORIFIC_PEOPLE = declare(
    "honorific-people", "table",
    '"Regalado" tagged ORG at first, "Mr. Regalado" afterwards: an entity any of whose names an honorific '
    "leads is a person, whatever its first mention was tagged",
)
INNER_SURNAMES = declare(
    "inner-surnames", "table",
    'a bare name that is the first of two surnames of the one person the article names in full '
    '("Ms. Acosta" is Melba Acosta Febo)',
)
LEGAL_NAMES = declare(
    "legal-names", "table",
    '"Brightwave" and "Brightwave Inc.": a name that is an organisation\'s name without its legal designator '
    "(Inc., Corp., Co., Ltd., LLC, PLC) is that organisation, even where NER tagged it a person",
)
FIRST_NAME_GENDER = declare(
    "first-name-gender", "table", "a first name that nearly everyone with it shares gives the gender, weakly"
)


class EntityTable:
    def __init__(self, context: ArticleContext, settings: Settings):
        self.context = context
        self.doc = context.doc
        self.settings = settings
        self.mentions = name_mentions(context, settings)
        self.entities, self.token_entity = build_entities(
            self.doc,
            self.mentions,
            lambda first: first_name_gender(first, settings.first_name_confidence),
            honorifics=settings.on(HONORIFIC_AGREEMENT),
            inner_surnames=settings.on(INNER_SURNAMES),
            person_honorifics=settings.on(HONORIFIC_PEOPLE),
            legal_names=settings.on(LEGAL_NAMES),
        )
        if settings.on(DESCRIPTORS):
            self._collect_descriptors()

    # ------------------------------------------------------------- lookups

    def __getitem__(self, e_id: int) -> Entity:
        return self.entities[e_id]

    def __len__(self) -> int:
        return len(self.entities)

    def of(self, token: Token | int) -> int | None:
        """The entity a name token belongs to."""
        return self.token_entity.get(token if isinstance(token, int) else token.i)

    def add(self, entity: Entity) -> int:
        self.entities.append(entity)
        return len(self.entities) - 1

    def kind_of(self, e_id: int) -> str:
        """The speaker kind an entity stands for: a person, or an organisation (places included)."""
        return "person" if self.entities[e_id].kind == "person" else "organization"

    # --------------------------------------------------------- descriptions

    def _collect_descriptors(self) -> None:
        """Role nouns the article attaches to each named person or organisation.

        Each description also counts as a mention of the entity.
        """
        doc = self.doc
        t = token_table(doc)
        for m in self.mentions:
            e_id = self.token_entity.get(m.head)
            if e_id is None:
                continue
            entity = self.entities[e_id]
            around = name_affiliations(doc, m.start, m.end, self.context.text) if entity.kind == "person" else set()
            entity.affiliations |= around
            first_title = m.start - len(m.titles)
            # "former President Bill Clinton" is not "the president" now.
            previous = t.lower[first_title - 1] if first_title > 0 else None
            for title in m.titles:
                # A title ("Sen.") names its role; a role noun before the name ("Librarian") is one.
                role = TITLES[title] if title in TITLES else title if is_person_noun(title) else None
                # "Vice President Biden" is not "the president".
                if role and previous not in _PAST and previous != "vice":
                    entity.describe(role, around)
                previous = title
            if entity.kind == "person" and self.settings.on(TITLE_GENDER):
                entity.vote_gender(title_gender(m.titles), self.settings.title_gender_vote)
            h = m.head
            head = doc[h]
            name_qualifiers = qualifiers(head, before=m.start)
            age = apposed_age(head) if entity.kind == "person" and self.settings.on(AGE_APPOSITIONS) else None
            if age is not None:
                entity.describe(age)
            joined = [c for c in t.children[h] if t.dep[c] == "conj"] if self.settings.on(LAST_CONJUNCT_APPOSITIONS) else []
            for child in t.children[h]:
                last = (
                    self.token_entity.get(max((k for k in joined if k < child), default=-1))
                    if joined and t.dep[child] == "appos" else None
                )
                if (
                    last is not None and last != e_id and self.entities[last].kind == "person"
                    and t.tag[child] == "NN" and is_person_noun(t.lemma[child])
                    and child not in self.token_entity
                ):
                    # A plural ("Ann Marr and Tom Vale, two economists,") describes them all, as before.
                    if not self._fronted_subject(child):
                        self._describe(self.entities[last], doc[child], mark=True)
                    continue
                if child < m.start and t.dep[child] in ("compound", "amod", "nmod") and t.pos[child] == "NOUN":
                    self._describe(entity, doc[child], mark=False, extra=name_qualifiers)
                elif (
                    t.dep[child] == "appos" and t.pos[child] in ("NOUN", "PROPN") and child not in self.token_entity
                    and not self._fronted_subject(child)
                ):
                    self._describe(entity, doc[child], mark=True)
            owner = t.head[h]
            if (
                t.dep[h] == "appos" and t.pos[owner] == "NOUN" and owner not in self.token_entity
                and not self._fronted_subject(h)
            ):
                self._describe(entity, doc[owner], mark=True)
            role = self._role_before_name(head) if t.dep[h] == "appos" else None
            if role is not None:
                self._describe(entity, role, mark=True)
            if t.dep[h] in SUBJECT_DEPS and t.lemma[owner] == "be" and doc[owner].lemma_ == "be" \
                    and not self.context.token_in_quote[owner]:
                for child in t.children[owner]:
                    if t.dep[child] == "attr" and t.pos[child] == "NOUN":
                        self._describe(entity, doc[child], mark=True)

    def _fronted_subject(self, i: int) -> bool:
        return self.settings.on(PHRASE_ROLES) and fronted_subject(
            self.doc, i, through_openings=self.settings.on(OPENING_PHRASES)
        )

    def _role_before_name(self, head: Token) -> Token | None:
        """The role noun a name closes when the parser hung the name on the role's
        own complement: "An attorney for Okonkwo, Dana Whitfield," makes
        Whitfield apposed to Okonkwo, but he is the attorney."""
        if head.dep_ != "appos" or head.head.pos_ != "PROPN" or head.head.dep_ != "pobj":
            return None
        prep = head.head.head
        noun = prep.head
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "to") or noun.pos_ != "NOUN":
            return None
        if noun.i in self.token_entity or not is_person_noun(noun.lemma_.lower()) or noun.tag_ == "NNS":
            return None
        return noun

    def _describe(self, entity: Entity, noun: Token, mark: bool, extra: set[str] = frozenset()) -> None:
        lemma = noun.lemma_.lower()
        # "the 2012 GOP nominee", "a former senator": a role the person no longer has.
        past = any(
            c.lower_ in _PAST or (c.like_num and len(c.text) == 4) for c in noun.children if c.i < noun.i
        )
        if not past:
            entity.describe(lemma, qualifiers(noun) | extra)
        # "DJ and musician": both roles. Compounds ("national team player")
        # qualify the role and are not roles themselves.
        for child in noun.children:
            if child.dep_ == "conj" and child.pos_ == "NOUN":
                entity.describe(child.lemma_.lower())
        if entity.kind == "person" and self.settings.on(ROLE_GENDER):
            entity.vote_gender(noun_gender(lemma), self.settings.role_gender_vote)
        if mark:
            start = min(t.i for t in noun.subtree if t.i <= noun.i)
            entity.mentions.append((self.doc[start].idx, noun.idx + len(noun)))

    # --------------------------------------------------------------- gender

    def seed_genders(self, names: list[int], pronouns: list[Token]) -> None:
        """Fix each person's gender before pronouns are resolved.

        ``names`` are name tokens and ``pronouns`` gendered pronouns outside
        quotation marks. A pronoun in a sentence that mentions only one person
        can refer only to that person; honorifics and gendered role nouns were
        counted already.
        """
        settings = self.settings
        sent_of = self.context.sentence_of
        if settings.on(STATED_PRONOUNS):
            self._vote_stated_pronouns(names)
        people_in_sentence: dict[int, set[int]] = {}
        first_named: dict[tuple[int, int], int] = {}
        for i in names:
            e_id = self.token_entity.get(i)
            if e_id is not None and self.entities[e_id].kind == "person":
                people_in_sentence.setdefault(sent_of[i], set()).add(e_id)
                first_named.setdefault((sent_of[i], e_id), i)
        if settings.on(SENTENCE_PRONOUN_GENDER):
            for token in pronouns:
                people = people_in_sentence.get(sent_of[token.i], set())
                # Only a name before the pronoun: "he has chopped Clinton's lead"
                # is about someone else, whom an earlier sentence named.
                if len(people) == 1 and first_named[(sent_of[token.i], next(iter(people)))] < token.i:
                    person = next(iter(people))
                    if settings.on(BOUND_PRONOUNS) and _bound_elsewhere(self, token, person):
                        continue
                    weight = (
                        settings.subject_pronoun_vote if token.dep_ in SUBJECT_DEPS else settings.possessive_pronoun_vote
                    )
                    self.entities[next(iter(people))].vote_gender(pronoun_gender(token.lower_), weight)
        for entity in self.entities:
            if entity.kind == "person" and entity.first and settings.on(FIRST_NAME_GENDER):
                entity.vote_gender(
                    first_name_gender(entity.first, settings.first_name_confidence), settings.first_name_gender_vote
                )
            if entity.gender_votes:
                label, weight = max(entity.gender_votes.items(), key=lambda kv: kv[1])
                if weight > sum(entity.gender_votes.values()) - weight:
                    entity.gender = label


    def _vote_stated_pronouns(self, names: list[int]) -> None:
        """The pronouns an article says a person uses, given to the person named last before the statement in
        its sentence (as enrich reads the statement for gender evidence)."""
        from ..enrich.evidence import stated_pronouns, pronoun_statements

        text = self.context.text  # ``doc.text`` would join every token again
        statements = pronoun_statements(text)
        if not statements:
            return
        t = token_table(self.doc)
        sent_of = self.context.sentence_of
        for at in statements:
            token = bisect.bisect_right(t.idx, at) - 1
            before = [i for i in names if i < token and sent_of[i] == sent_of[token]]
            e_id = self.token_entity.get(before[-1]) if before else None
            if e_id is None or self.entities[e_id].kind != "person":
                continue
            sentence_end = max((i for i in range(token, len(t.idx)) if sent_of[i] == sent_of[token]), default=token)
            label = stated_pronouns(text[t.idx[token]:t.end[sentence_end]])
            self.entities[e_id].vote_gender(label, STATED_PRONOUN_VOTE)


def _bound_elsewhere(table: EntityTable, pronoun: Token, person: int) -> bool:
    """Whether the sentence ties ``pronoun`` to someone other than ``person``: it is the object of a verb
    whose subject is the person ("Sanders ... began to challenge her"), or the possessive of a phrase the
    person's name is in apposition with ("her rivals, Sen. Bernie Sanders") or that the person owns
    ("Sanders's attacks on her willingness")."""
    t = token_table(table.doc)
    owner = table.token_entity.get
    i = pronoun.i
    if t.lower[i].endswith("self"):
        return False  # "Sanders calls himself": a reflexive is the subject
    if t.dep[i] in ("dobj", "dative", "iobj"):
        verb = t.head[i]
        for _ in range(4):  # up through "began to challenge", "and challenged"
            for c in t.children[verb]:
                if t.dep[c] in SUBJECT_DEPS:
                    subject = t.head[verb] if t.lower[c] in ("who", "that") and t.dep[verb] == "relcl" else c
                    return owner(subject) == person
            if t.dep[verb] not in ("xcomp", "conj", "relcl") or t.head[verb] == verb:
                return False
            verb = t.head[verb]
        return False
    if t.dep[i] != "poss":
        return False
    noun = t.head[i]
    if any(t.dep[c] == "appos" and owner(c) == person for c in t.children[noun]):
        return True
    for _ in range(6):  # up through "attacks on her willingness" to the phrase's owner
        if any(t.dep[c] == "poss" and c != i and owner(c) == person for c in t.children[noun]):
            return True
        if t.dep[noun] not in ("pobj", "prep") or t.head[noun] == noun:
            return False
        noun = t.head[noun]
    return False


def pronoun_gender(lower: str) -> str | None:
    return PRONOUN_GENDER.get(lower)


def fronted_subject(doc, i: int, through_openings: bool = False) -> bool:
    """Whether token ``i`` is the subject the parser read as an apposition: it closes
    an opening phrase ("In an interview with X, the candidate stated") and the
    verb right after it, which it hangs under, has no subject of its own.

    ``through_openings``: a "subject" of the verb that a parse read into the opening phrase
    (``in_opening_phrase``) is none."""
    t = token_table(doc)
    if t.dep[i] != "appos" or t.pos[i] not in ("NOUN", "PROPN"):
        return False
    if any(d.dep_ == "appos" for d in doc[i].subtree if d.i != i):
        return False  # the apposition's own apposition is the one that may be the subject
    verb = doc[i].right_edge.i + 1
    if verb >= len(t.dep) or t.pos[verb] not in ("VERB", "AUX") or t.dep[verb] not in ("ROOT", "ccomp", "conj"):
        return False
    subjects = [c for c in t.children[verb] if t.dep[c] in ("nsubj", "nsubjpass", "expl", "csubj")]
    if subjects and not (through_openings and all(in_opening_phrase(t, c) for c in subjects)):
        return False
    ancestor = t.head[i]
    while ancestor != verb and t.head[ancestor] != ancestor:
        ancestor = t.head[ancestor]
    return ancestor == verb


def in_opening_phrase(t, i: int) -> bool:
    """Whether a subject at ``i`` is one a parse read into a phrase that opens its sentence with a
    preposition, before the phrase's comma: "In an interview with Daybreak hosts Lena Ward and Omar
    Fisk, the candidate stated", where a parse takes "hosts" for a verb with Ward its subject,
    or makes Ward the subject of "stated", and hangs "In" on that verb. No subject of
    the sentence. A clause inside such a phrase keeps its subject ("In a sign of how wary Hale
    is, he ..."): the preposition does not hang on its verb. ``t`` is the article's token table."""
    start = i
    while start > 0 and not t.sent_start[start]:
        start -= 1
        if t.text[start] == ",":
            return False
    if start == i or t.dep[start] != "prep" or t.pos[start] != "ADP" or t.head[start] not in (i, t.head[i]):
        return False
    # The phrase's comma comes before the sentence's main verb: "In 2015 Trump said, ..." has none.
    root = i
    while t.head[root] != root:
        root = t.head[root]
    return any(t.text[k] == "," for k in range(i + 1, root))
