"""Source rules: from an attribution's source span (or its cue) to the mention that names the speaker.

The source head is the syntactic root of the source span, or the token the
attribute stage found; with no span, the cue verb's subject. The mention
rules (``mentions``) then say whom it refers to; the rules here cover what the
span's shape or its neighbours tell besides. Each is a named entry of the
registry (see ``rules``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..records import Attribution
from .linking import NOBODY, Referent, determiner
from ..context import token_table
from ..lexicon import (
    INDEFINITE_DETERMINERS,
    LABEL_TITLES,
    ORG_NOUNS,
    QUESTIONER_LABELS,
    ROLE_SYNONYMS,
    SPEECH_LEMMAS,
    UNNAMED_SOURCE_NOUNS,
    is_person_noun,
    noun_gender,
)
from .names import AGE_APPOSITIONS, POSITION_CAPITALS, POSSESSIVES, ROLE_LABEL
from .words import age_description, capitalised_by_position, common_first_name, is_title, name_words
from .introductions import INTRODUCED_SPEAKERS, introduced_speaker
from .entities import Entity
from .descriptions import defined_by_owner
from .mentions import SURNAME_NOUNS, entity_referent, referent, unlisted_name
from .rules import declare
from .table import SUBJECT_DEPS, pronoun_gender

if TYPE_CHECKING:
    from .resolver import Resolver

LABEL_TITLE_WORDS = frozenset(t.lower() for t in LABEL_TITLES)

DATELINE = declare("dateline", "source", '"WASHINGTON -- President Obama": a dateline opening the span is no part of it')
FINAL_NAME = declare(
    "final-name", "source",
    '"Coast Guard spokesman Capt. Ray Holden", "Jack Dorsey, recently named ...": a name that closes the '
    "span's first phrase names the speaker, unless a preposition or possessive ties it to someone else; "
    'an organisation\'s possessive does not ("Breitbart News’ Michael Patrick Leahy")',
)
OWNED_NAMES = declare(
    "owned-names", "source",
    '"the chairwoman of Florida\'s Hillsborough County GOP": a name the parse hangs inside a prepositional '
    "phrase or a possessive of the span's head is whom the speaker belongs to, not the speaker, however many "
    "words stand between the tie and the name",
)
NAMED_FRAGMENT = declare(
    "named-fragment", "source",
    'a span the parse breaks in pieces ("Diocese spokesman" + "the Rev. Paul Amara"): the piece that is a name',
)
CUE_SUBJECT = declare(
    "cue-subject", "source", "a cue but no source span: the cue verb's subject, or the agent of a passive cue"
)
READ_SUBJECTS = declare(
    "read-subjects", "source",
    '"Instead, Will called for ...", "In a talk with radio hosts Dan Pike and Sara Moss, the Green candidate '
    'stated": with no source span and a cue verb the parse gave no subject, the subject is what the linker reads '
    "as that verb's subject (`phrase-roles`), or a name the table knows that the parse hung on the verb as its "
    "auxiliary",
)
SECOND_SUBJECT = declare(
    "second-subject", "source", "a source naming nobody: a second, named subject the parser gave the cue verb"
)
SPEAKER_LABEL = declare(
    "speaker-label", "source",
    '"WALLACE:", "Reyes:": a transcript label names the article\'s person with that name, or a person of its own',
)
PERSON_LABELS = declare(
    "person-labels", "source",
    '"JULIA MARSH:" where a turn reads "HOST (Julia Marsh):", "MR. OKAFOR:", "JAMES WHITFIELD:": a transcript '
    "label the transcript shows is a person's (named in parentheses after a role, titled, or a common first "
    "name and a surname) names a person, whatever NER made of it; in capitals only, it is written in title case",
)
LABEL_NAMES = declare(
    "label-names", "source",
    '"JAKE TAPPER:", "BOULDUAN:": a transcript label in capitals that NER left out is a name, never a '
    "description of someone else",
)
NOT_IN_CONTENT = declare(
    "not-in-content", "source",
    '"Okafor has signed a new contract, the club announced": a description source never stands for the one '
    "its words name as their subject",
)
INTRODUCED_LATER = declare(
    "introduced-later", "source",
    '"A famous TV journalist ... Jorge Ramos", a headline\'s "Another GOP Figure": a description naming no one '
    "known yet is the person the next sentences introduce and quote",
)
CATAPHORIC_DESCRIPTIONS = declare(
    "cataphoric-descriptions", "source",
    '"The deputy head of Peru\'s delegation said ... Vice Admiral Luis Ocampo told reporters": a definite '
    "description no one named before it was described by is the person the next sentences introduce and "
    "quote, of its gender, rather than whoever salience offers",
)
NAMED_JUST_BEFORE = declare(
    "named-just-before", "source",
    '"Rubio says he opposes the plan. The GOP candidate says he will work to overturn it": a definite '
    "description whose salient person was named in its sentence or the one before refers back to them; it "
    "introduces no one named after it",
)
ANONYMOUS_SOURCES = declare(
    "anonymous-sources", "source",
    '"a campaign official who was not authorized to speak publicly", "A White House official, who requested '
    'anonymity": a description whose sentence says the source is not named stands for no one named, neither '
    "the salient person nor the one the next sentences introduce",
)
DESCRIBED_OTHERWISE = declare(
    "described-otherwise", "source",
    '"a federal judge ruled ... State spokesman Mark Toner said": a description in the body that refers to no '
    "one before it is not someone introduced after it whom the article describes only by other roles",
)
LATER_ROLES = declare(
    "later-roles", "source",
    '"Pavel Novak ... the Brno goalkeeper said ... His agent, Lena Hartmann, said": a description no owner '
    "defines, which salience gave to someone named before it, does not pass to a person introduced after it "
    "whom the article describes only by other roles",
)
HEADLINE_ROLES = declare(
    "headline-roles", "source",
    '"WSJ editorial: ...", "Democrats\' new warning: ...": a headline\'s noun that names no role of a person '
    "introduces no one, as in the body",
)
UNNAMED_OFFICIALS = declare(
    "unnamed-officials", "source",
    '"a senior law enforcement official", "A Democratic aide": an indefinite official, aide or source is '
    "news writing's way of quoting someone it does not name, not the person the next sentences introduce",
)
PLURAL_SOURCES = declare(
    "plural-sources", "source",
    '"the campaigns agree", "The lawyers also pointed to": a plural common noun with no owner is a group, '
    "never one person or organisation",
)
REPORTED_SPEAKERS = declare(
    "reported-speakers", "source",
    '"Pruitt said Vance is his second pick. He\'s leaning toward Hale, he said": a "he" or "she" source '
    "whose antecedent was last named, in this sentence or the one before, inside what a named person was "
    "reported saying is that person, of the pronoun's gender",
)
RELATIVE_OBJECTS = declare(
    "relative-objects", "source",
    '"the pages, which she said were all her work": a relative pronoun the source span begins with is what '
    "was said, not who said it; the words after it are the source",
)
CARRY_ON = declare(
    "carry-on", "source",
    "a quote with no source and no cue carries on the speaker of the quote before it, if close enough",
)



def source_referents(
    r: Resolver, attributions: list[Attribution], heads: list[Token | None] | None = None
) -> list[Referent]:
    """The referent of every attribution's source; ``heads``, when given, receives each source's
    head word (None where there is none), the mention the speaker was read from
    (``training.speaker_evidence`` describes the evidence from it)."""
    settings = r.settings
    referents: list[Referent] = []
    roots: list[Token | None] = [] if heads is None else heads
    anonymous: set[int] = set()
    labels = _label_spans(r, attributions) if settings.on(PERSON_LABELS) or settings.on(LABEL_NAMES) else {}
    if labels and settings.on(PERSON_LABELS):
        _persons_by_label(r, labels)
    for i, att in enumerate(attributions):
        source_tokens = r.context.tokens(att.source)
        if settings.on(ROLE_LABEL) and _is_role_label(r, att):
            # (Before the name search: the parse may hang the person addressed on the label, "HOST: Dr. Osei, ...".)
            roots.append(None)
            referents.append(Referent(None, "unnamed"))
            continue
        final = _final_name(r, source_tokens) if settings.on(FINAL_NAME) and att.source else None
        root = final or source_root(r, att) or (cue_subject(r, att) if settings.on(CUE_SUBJECT) else None)
        roots.append(root)
        if root is None:
            referents.append(NOBODY)
            continue
        in_span = {t.i for t in source_tokens}
        if final is not None:
            # What follows the name is about it ("Nora Vance, who lost to Tom
            # Hale and ..."): the name alone is the mention.
            in_span = {root.i}
        if root.tag_ == "NN" and root.i not in r.table.token_entity and settings.on(ANONYMOUS_SOURCES) \
                and _said_anonymously(r, root):
            anonymous.add(len(referents))
            referents.append(Referent(None, "unnamed"))
            continue
        if i in labels and settings.on(LABEL_NAMES) and root.is_upper and root.i not in r.table.token_entity:
            # The tagger reads a label in capitals as a common noun ("TAPPER", "BOULDUAN"), which
            # would then stand for whoever fits the description; a label only ever names its speaker.
            found = unlisted_name(r, root)
        else:
            found = referent(r, root, in_span)
        if (
            found.entity is not None and settings.on(PLURAL_SOURCES) and root.tag_ == "NNS"
            and root.i not in r.table.token_entity and not any(c.dep_ == "poss" for c in root.children)
            and not (settings.on(SURNAME_NOUNS) and root.is_title and found.entity >= 0
                     and r.table[found.entity].surname == root.lower_)
        ):
            found = Referent(None, "group")
        if found.entity is not None and root.tag_ == "PRP" and settings.on(REPORTED_SPEAKERS):
            speaker = _reporting_speaker(r, root, found.entity)
            if speaker is not None:
                found = Referent(speaker, "person")
        if root.tag_ == "PRP" and settings.on(INTRODUCED_SPEAKERS):
            speaker = introduced_speaker(r, root, found.entity)
            if speaker is not None:
                found = Referent(speaker, "person")
        if found.entity is not None and settings.on(NOT_IN_CONTENT) and root.pos_ == "NOUN":
            named = _content_subjects(r, att.content)
            if found.entity in named:
                r.linker.excluded = frozenset(named)
                try:
                    found = referent(r, root, in_span)
                finally:
                    r.linker.excluded = frozenset()
        if found.entity is None and found.kind == "unnamed" and settings.on(SECOND_SUBJECT):
            found = _other_subject(r, att, root) or found
        if found.entity is None and settings.on(SPEAKER_LABEL) and _is_speaker_label(r, att, root):
            # The tagger reads a label as a common noun (even a plural), but it
            # only ever names who speaks.
            found = unlisted_name(r, root)
        if found.entity is not None:
            entity = r.table[found.entity]
            mention = (root.idx, root.idx + len(root))
            # "Mr. Lee's daughter Ann and her husband, Tom Berg": where the span names the speaker, the
            # name is the mention, and its head noun ("daughter") may be someone else's description.
            entity_of = r.table.token_entity
            named_in_span = root.i not in entity_of and any(
                entity_of.get(t.i) == found.entity for t in source_tokens
            )
            if not named_in_span and not any(s <= mention[0] < e for s, e in entity.mentions):
                entity.mentions.append(mention)
        referents.append(found)
    if labels and settings.on(PERSON_LABELS):
        _title_case_labels(r, labels, referents)
    if settings.on(INTRODUCED_LATER):
        _introduced_later(r, [None if i in anonymous else root for i, root in enumerate(roots)], referents)
    if settings.on(CARRY_ON):
        _carry_on(r, attributions, referents)
    return referents


def _introduced_later(r: Resolver, roots: list[Token | None], referents: list[Referent]) -> None:
    """A description that names no one yet ("a famous TV journalist", "the
    ex-wife of Glen Farrow who ..."), or a headline's, stands for the person
    the text goes on to introduce by name and quote: the nearest speaker named
    by name within ``introduced_within`` sentences whose first mention comes
    after the description."""
    context = r.context
    sentence_of = context.sentence_of
    body_start = next((t.i for t in r.doc if t.idx >= context.headline_end), len(r.doc))
    for i, root in enumerate(roots):
        if root is None or context.token_in_quote[root.i] or root.i in r.table.token_entity:
            continue
        in_headline = root.idx < context.headline_end
        if root.tag_ != "NN" and not (in_headline and root.tag_ == "NNP"):
            continue
        unnamed = in_headline or (referents[i].entity is None and referents[i].kind == "unnamed")
        if not unnamed and not _cataphoric(r, root, referents[i]):
            continue
        if not in_headline and r.settings.on(UNNAMED_OFFICIALS) and root.lemma_.lower() in UNNAMED_SOURCE_NOUNS \
                and determiner(root) in INDEFINITE_DETERMINERS:
            continue
        if (not in_headline or r.settings.on(HEADLINE_ROLES)) and not is_person_noun(root.lemma_.lower()):
            continue
        if in_headline and root.lemma_.lower() in ORG_NOUNS:
            continue  # "Port council approves ferry subsidy": a body, not the person quoted next
        if in_headline and not is_person_noun(root.lemma_.lower()) and r.settings.on(POSITION_CAPITALS) \
                and capitalised_by_position(r.doc, root.text):
            continue  # "Report Reveals ...": a common noun the headline capitalises, no person
        first_sentence = sentence_of[body_start] if in_headline and body_start < len(r.doc) else sentence_of[root.i]
        after = context.headline_end if in_headline else root.idx + len(root)
        quoted = {referents[j].entity for j, other in enumerate(roots) if other is not None and other.i > root.i}
        introduced = sorted(
            (min(m.head for m in entity.name_mentions), e_id)
            for e_id, entity in enumerate(r.table.entities)
            if entity.kind == "person" and e_id in quoted and entity.name_mentions
        )
        gender = noun_gender(root.lemma_.lower())
        for first, e_id in introduced:
            if gender and r.table[e_id].gender not in (None, gender):
                continue
            # A description its owner defines ("the Pentagon's top adviser") may introduce someone
            # the article describes otherwise; a bare role ("the Brno goalkeeper") refers back.
            if not in_headline and r.settings.on(DESCRIBED_OTHERWISE if unnamed else LATER_ROLES) \
                    and (unnamed or not defined_by_owner(r, root)) \
                    and not r.table[e_id].may_be_described_as(root.lemma_.lower()) \
                    and not _named_in_phrase(r, e_id, root):
                continue
            if not unnamed and len(r.table[e_id].words) < 2:
                continue  # someone a description introduces is named in full
            if r.doc[first].idx > after and sentence_of[first] - first_sentence <= r.settings.introduced_within:
                referents[i] = Referent(e_id, "person")
                break


# What news writing says of a source it does not name.
_ANONYMOUS = re.compile(
    r"\banonymity\b|\bnot authori[sz]ed to\b|\bdeclined to be (?:identified|named)\b"
    r"|\bnot (?:to )?be (?:identified|named)\b|\bwithout being (?:identified|named)\b",
    re.IGNORECASE,
)


def _said_anonymously(r: Resolver, root: Token) -> bool:
    """Whether the sentence of a description source says the source goes unnamed."""
    sentence_of = r.context.sentence_of  # non-decreasing: a sentence's tokens are one run of it
    sentence = sentence_of[root.i]
    start, end = bisect_left(sentence_of, sentence), bisect_right(sentence_of, sentence)
    # The sentence sliced from the article's text: ``Span.text`` joins its tokens anew.
    t = token_table(r.doc)
    return bool(_ANONYMOUS.search(r.context.text[t.idx[start]:t.end[end - 1]]))


def _named_in_phrase(r: Resolver, e_id: int, root: Token) -> bool:
    """Whether the description's own phrase names the person ("Vance's chief pollster and
    strategist Owen Ruddick"): then it is they whatever roles it gives them."""
    return any(root.left_edge.i <= m.head <= root.right_edge.i for m in r.table[e_id].name_mentions)


def _cataphoric(r: Resolver, root: Token, found: Referent) -> bool:
    """A definite person description ("The deputy head of Peru's delegation", "The Pentagon's
    top adviser") that salience gave to someone, while no one named before it was described
    with its noun: it may introduce the person named next."""
    if not r.settings.on(CATAPHORIC_DESCRIPTIONS) or found.entity is None or found.kind != "person":
        return False
    if not any((c.dep_ == "det" and c.lower_ == "the") or c.dep_ == "poss" for c in root.children):
        return False
    sentence = r.context.sentence_of[root.i]
    if any(r.context.sentence_of[m.head] == sentence for m in r.table[found.entity].name_mentions):
        return False  # "Pagliano's attorney, Mark J. MacDougall": named with it
    if r.settings.on(NAMED_JUST_BEFORE) and any(
        r.context.sentence_of[m.head] == sentence - 1 for m in r.table[found.entity].name_mentions
    ):
        return False  # "Rubio says ... The GOP candidate says": news writing names, then describes
    lemma = root.lemma_.lower()
    synonyms = ROLE_SYNONYMS.get(lemma, (lemma,))
    return not any(
        entity.kind == "person" and entity.name_mentions and entity.name_mentions[0].head < root.i
        and any(role in entity.descriptors for role in synonyms)
        for entity in r.table.entities
    )


def _reporting_speaker(r: Resolver, pronoun: Token, chosen: int) -> int | None:
    """The named person who was reported saying the clause where ``chosen``, the pronoun's antecedent,
    was last named in this sentence or the one before ("Pruitt" in "Pruitt said Vance is his
    second pick"), if of the pronoun's gender; else None."""
    last = r.linker.last_mention(chosen, pronoun.i)
    if last is None or r.context.sentence_of[pronoun.i] - r.context.sentence_of[last] > 1:
        return None
    t = token_table(r.doc)
    k = last
    # Up from the mention to the clause a verb of saying reports.
    while t.head[k] != k and not (t.dep[k] == "ccomp" and t.lemma[t.head[k]] in SPEECH_LEMMAS):
        k = t.head[k]
    if t.head[k] == k:
        return None
    gender = pronoun_gender(pronoun.lower_)
    for child in t.children[t.head[k]]:
        speaker = r.table.token_entity.get(child) if t.dep[child] in SUBJECT_DEPS else None
        if speaker is not None and speaker != chosen:
            entity = r.table[speaker]
            return speaker if entity.kind == "person" and entity.gender in (None, gender) else None
    return None


def _content_subjects(r: Resolver, offsets) -> set[int]:
    """The entities named as the subject of a main verb of the content
    ("Okafor" in "Okafor has agreed a new contract, the club announced")."""
    tokens = r.context.tokens(offsets)
    inside = {t.i for t in tokens}
    return {
        r.table.token_entity[t.i] for t in tokens
        if t.i in r.table.token_entity and t.pos_ == "PROPN" and t.dep_ in SUBJECT_DEPS
        and (t.head.head.i not in inside or t.head.dep_ in ("ROOT", "ccomp"))
    }


def source_root(r: Resolver, attribution: Attribution) -> Token | None:
    """The head word of the source mention: the syntactic root of the source
    span ("The Clinton campaign" → "campaign"), read by the rules here; with
    no span, the head the attribute stage gave.

    The span is read again even when the attribute stage gave its head: on
    train-speakers its own reading (a name closing the first phrase, a
    dateline dropped) names 640 speakers right through the engine against
    637 from the given head. A head outside the span is whom a span naming no one
    stands for (an interview's "A:", its head the interviewee's name in the intro)."""
    head = attribution.source_head
    spans = attribution.source
    if head is not None and len(spans) == 1 and not spans[0][0] <= head < spans[0][1]:
        span = r.context.span(head, head + 1)
        if span is not None and len(span):
            return span[0]
    tokens = r.context.tokens(attribution.source)
    if r.settings.on(DATELINE):
        tokens = _without_dateline(r, tokens)
    final = _final_name(r, tokens) if r.settings.on(FINAL_NAME) else None
    if final is not None:
        return final
    tokens = [t for t in tokens if not (t.is_punct or t.is_space)]
    if r.settings.on(RELATIVE_OBJECTS) and len(tokens) > 1 and tokens[0].tag_ in _RELATIVE_TAGS:
        tokens = tokens[1:]
    if tokens:
        inside = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        named = [t for t in roots if t.i in r.table.token_entity] if r.settings.on(NAMED_FRAGMENT) else []
        # "the 34-year-old said": the small parse hangs "the" and "old" each on the verb.
        aged = [t for t in roots if age_description(t)] if r.settings.on(AGE_APPOSITIONS) else []
        nominal = [t for t in roots if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "DET", "ADJ")]
        return (named or aged or nominal or roots or tokens)[0]
    if attribution.source_token is not None:
        return r.doc[attribution.source_token]
    if attribution.source_head is not None:
        span = r.context.span(attribution.source_head, attribution.source_head + 1)
        if span is not None and len(span):
            return span[0]
    return None


# "which", "that" (WDT) and "who", "whom" (WP) opening a relative clause.
_RELATIVE_TAGS = frozenset({"WDT", "WP"})
# What ends the span's first phrase: an apposition, a parenthesis, a relative clause.
_PHRASE_ENDS = frozenset({",", "(", "—", "–", "--", ";", ":", "who", "whose", "which", "that"})
# Words that make the name after them someone else's: "a spokesman for Hillary Clinton".
_TIES = frozenset({"for", "of", "to", "with", "at", "from", "by", "about", "'s", "’s", "'", "’"})


def _final_name(r: Resolver, tokens: list[Token]) -> Token | None:
    """The person or organisation named at the end of the span's first phrase."""
    phrase: list[Token] = []
    for t in tokens:
        if t.lower_ in _PHRASE_ENDS:
            break
        phrase.append(t)
    while phrase and (phrase[-1].is_punct or phrase[-1].is_space):
        phrase.pop()
    if not phrase or any(t.pos_ == "CCONJ" for t in phrase):
        return None
    last = phrase[-1]
    e_id = r.table.of(last)
    if e_id is None or r.table[e_id].kind == "place":
        return None
    first = last
    while first.i > phrase[0].i and r.table.of(first.i - 1) == e_id:
        first = r.doc[first.i - 1]
    before = first.i - 1
    while before >= phrase[0].i and (is_title(r.doc[before]) or r.doc[before].pos_ == "DET"):
        before -= 1
    if before >= phrase[0].i and (r.doc[before].lower_ in _TIES or r.doc[before].tag_ == "POS"):
        return last if _after_body_possessive(r, before, phrase[0].i, e_id) else None
    if r.settings.on(OWNED_NAMES) and _owned(last, {t.i for t in phrase}):
        return None
    return last


# Prepositions that give an example of the head, not its owner: "critics like Huffman".
_EXAMPLES = frozenset({"like", "as", "including", "unlike"})


def _owned(name: Token, phrase: set[int]) -> bool:
    """Whether the parse hangs ``name`` through a preposition or a possessive on a phrase
    headed by someone ("the chairwoman of Ohio's Marlow County GOP", "supporters of
    Democrat Hillary Clinton", "many in GOP"). A thing's owner speaks for it ("a report in the
    Harbor City Ledger"), and an example is who is meant ("candidates like Marco Rubio")."""
    k = name
    while k.head.i != k.i and k.head.i in phrase and k.head.ent_iob_ == "I" and k.ent_iob_ in ("B", "I"):
        k = k.head  # from inside a name ("Color of Change") to its root
    tied = False
    for _ in range(len(phrase)):
        head = k.head
        if head.i == k.i or head.i not in phrase:
            break
        if head.dep_ == "prep" and head.lower_ in _EXAMPLES:
            return False
        if k.dep_ in ("pobj", "poss"):
            tied = True
        k = head
    return tied and _someone(k)


def _someone(head: Token) -> bool:
    """A phrase head that stands for people: a role noun, a plural, "many", "some", "one", a
    person's name ("Dale Pruitt of digital consulting firm Brightline")."""
    if head.pos_ == "NOUN":
        return head.tag_ == "NNS" or is_person_noun(head.lemma_.lower())
    if head.pos_ == "PROPN":
        return head.tag_ == "NNPS" or head.ent_type_ == "PERSON"
    return head.pos_ in ("PRON", "DET", "ADJ", "NUM")


def _after_body_possessive(r: Resolver, mark: int, phrase_start: int, named: int) -> bool:
    """ "Breitbart News’ Michael Patrick Leahy": a person's name right after the possessive of the
    organisation that opens the phrase is the speaker, that organisation's person ("A panel ... led by
    MSNBC’s Chris Matthews" is not Matthews)."""
    if r.doc[mark].lower_ not in POSSESSIVES or mark == 0 or r.table[named].kind != "person":
        return False
    owner = r.table.of(mark - 1)
    if owner is None or r.table[owner].kind != "organization":
        return False
    first = mark - 1
    while first > phrase_start and r.table.of(first - 1) == owner:
        first -= 1
    return all(r.doc[k].pos_ == "DET" or r.doc[k].is_punct for k in range(phrase_start, first))


def cue_verb_tokens(r: Resolver, attribution: Attribution) -> list[Token]:
    """The cue's verbs; the one the attribute stage found, when it says."""
    if attribution.cue_token is not None:
        return [r.doc[attribution.cue_token]]
    return [t for t in r.context.tokens(attribution.cue) if t.pos_ in ("VERB", "AUX")]


def cue_subject(r: Resolver, attribution: Attribution) -> Token | None:
    """With a cue but no source span, the cue verb's own subject (or the
    agent of a passive cue) is the source."""
    if attribution.source or not attribution.cue:
        return None
    verbs = cue_verb_tokens(r, attribution)
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
    if r.settings.on(AGE_APPOSITIONS):
        # "The 34-year-old added that ...": the medium parse hangs "old" on the verb as a modifier.
        aged = next((c for c in verb.lefts if age_description(c)), None)
        if aged is not None:
            return aged
    if r.settings.on(READ_SUBJECTS):
        return _read_subject(r, verb, content)
    return None


def _read_subject(r: Resolver, verb: Token, content) -> Token | None:
    """The subject of a cue verb the parse gave none, read as the linker reads roles: a noun hung as an
    apposition on an opening phrase, a name opening the sentence hung on the verb as a modifier; or a
    name the table knows ("Will", "May") that the parse took for the verb's auxiliary."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return None
    quoted = r.context.token_in_quote
    for k in range(verb.i - 1, verb.sent.start - 1, -1):
        token = r.doc[k]
        if quoted[k] or any(s <= token.idx < e for s, e in content):
            continue
        if token.dep_ == "aux" and token.head.i == verb.i and k in r.table.token_entity:
            return token
        dep, head = r.linker.role(k)
        if dep in SUBJECT_DEPS and head == verb.i:
            return token
    return None


def _without_dateline(r: Resolver, tokens: list[Token]) -> list[Token]:
    """A source span opening a paragraph with its dateline ("WASHINGTON --
    President Obama", "CHARLOTTE, N.C.—Donald Trump") without it: the parser
    often makes the place the subject."""
    kept = [t for t in tokens if not (r.context.in_dateline(t.idx) and r.context.in_dateline(t.idx + len(t) - 1))]
    return kept if kept else tokens


def _other_subject(r: Resolver, attribution: Attribution, root: Token) -> Referent | None:
    """A cue verb the parser gave two subjects ("THE BORROWING Back when he drafted
    that chapter, Mr. Dorsey said")."""
    for verb in cue_verb_tokens(r, attribution)[-1:]:
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and child.i != root.i and child.i in r.table.token_entity:
                return entity_referent(r, r.table.token_entity[child.i])
    return None


def _is_role_label(r: Resolver, attribution: Attribution) -> bool:
    """A transcript's label for whoever asks the questions ("HOST:", "Moderator:", "CO-HOST:", "Q.")."""
    cue, source, text = attribution.cue, attribution.source, r.context.text
    if len(cue) != 1 or len(source) != 1 or source[0][1] > cue[0][0]:
        return False
    label, mark = text[source[0][0]:source[0][1]].strip().lower(), text[cue[0][0]:cue[0][1]]
    return label in QUESTIONER_LABELS and (mark == ":" or (mark == "." and label == "q"))


def _is_speaker_label(r: Resolver, attribution: Attribution, root: Token) -> bool:
    """A transcript's speaker label: a colon for cue, for source a capitalised
    name of a person of the article, or an ALL-CAPS word that labels more
    than one paragraph ("WALLACE:"). "Poll:" or "Insiders:" over a headline
    name nobody."""
    cue = attribution.cue
    text = r.context.text
    if not (
        len(cue) == 1
        and text[cue[0][0] : cue[0][1]] == ":"
        and root.is_alpha
        and root.text[:1].isupper()
        and root.idx < cue[0][0]
    ):
        return False
    if any(e.kind == "person" and root.lower_ in (e.surname, e.first) for e in r.table.entities):
        return True
    label = re.compile(r"^[ \t\"“'‘]*" + re.escape(root.text) + r"[ \t]*:", re.MULTILINE)
    return root.is_upper and len(root) > 1 and len(label.findall(text)) >= 2


def _label_spans(r: Resolver, attributions: list[Attribution]) -> dict[int, tuple[int, int]]:
    """The source spans of the transcript turns (a colon for cue, the label just before it), by attribution."""
    text = r.context.text
    found = {}
    for i, att in enumerate(attributions):
        if len(att.cue) != 1 or len(att.source) != 1 or text[att.cue[0][0]:att.cue[0][1]] != ":":
            continue
        start, end = att.source[0]
        closing = text[end:att.cue[0][0]].strip()
        opening = text[text.rfind("\n", 0, start) + 1:start].strip(" \t\xa0\"“'‘")
        if (closing == "" and opening == "") or (closing == ")" and opening.endswith("(")):
            found[i] = (start, end)
    return found


def _person_label(text: str, start: int, end: int) -> bool:
    """A label the transcript shows is a person's: named in parentheses after a role
    ("HOST (Julia Marsh):"), titled ("MR. OKAFOR:"), or a common first name and a surname."""
    if _next_mark(text, start - 1, -1) == "(" and _next_mark(text, end, 1) == ")":
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", text[start:end])
    if len(words) >= 2 and words[0].lower().rstrip(".") in LABEL_TITLE_WORDS:
        return True
    return (
        2 <= len(words) <= 3 and common_first_name(words[0].title()) and words[-1].lower() not in ORG_NOUNS
    )


def _next_mark(text: str, at: int, step: int) -> str:
    """The first character from ``at`` on (backwards when ``step`` is -1) that is not white space, or ""
    (reading outwards from a label, not slicing the article's text up to it)."""
    while 0 <= at < len(text) and text[at].isspace():
        at += step
    return text[at] if 0 <= at < len(text) else ""


def _persons_by_label(r: Resolver, labels: dict[int, tuple[int, int]]) -> None:
    """Entities named like a person's label become persons: NER often reads a name in
    capitals, or one in parentheses, as an organisation's."""
    text = r.context.text
    person_words = {name_words(text[s:e]) for s, e in labels.values() if _person_label(text, s, e)}
    for entity in r.table.entities:
        if entity.kind == "organization" and entity.words in person_words:
            entity.kind = "person"


def _title_case_labels(r: Resolver, labels: dict[int, tuple[int, int]], referents: list[Referent]) -> None:
    """A person named only by labels in capitals ("JAMES WHITFIELD:") is written as a
    name is ("James Whitfield"), as the article writes it elsewhere if it does."""
    for i in labels:
        entity_id = referents[i].entity
        if entity_id is None:
            continue
        entity = r.table[entity_id]
        if entity.kind != "person" or not entity.canonical.isupper():
            continue
        entity.canonical = r.cased(entity.canonical)


def _carry_on(r: Resolver, attributions: list[Attribution], referents: list[Referent]) -> None:
    """Quotes with no source carry on the quote just before them (the next
    paragraph or the one after); an orphan far from any quote stays unnamed."""
    order = sorted(range(len(attributions)), key=lambda i: _first_offset(attributions[i].content))
    previous: int | None = None
    for i in order:
        att = attributions[i]
        if not att.source and not att.cue and previous is not None:
            gap = r.context.text[_last_offset(attributions[previous].content) : _first_offset(att.content)]
            if gap.count("\n\n") <= r.settings.carry_on_paragraphs:
                referents[i] = referents[previous]
        previous = i


def _first_offset(offsets) -> int:
    return min((s for s, _ in offsets), default=0)


def _last_offset(offsets) -> int:
    return max((e for _, e in offsets), default=0)
