"""Name mentions: every name of a person, organisation or place, stripped to the name.

One pass over ``doc.ents`` finds the names and strips what is not part of the
name (a leading "the", titles such as "Sen.", a possessive "'s", a verb a
headline runs into a name); NER's mistakes about people are corrected here.
``entities`` groups the mentions into entities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import POS
from spacy.tokens import Doc, Token

from ..lexicon import (
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    NAME_SUFFIXES,
    ORG_NOUNS,
    PERSON_TITLES,
    PLATFORMS,
    SPEECH_LEMMAS,
    TITLES,
    is_person_noun,
)

PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
ORG_LABELS = frozenset({"ORG", "FAC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
PLACE_OR_ORG_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP"})
HEADLINE_VERBS = frozenset(
    "says said tells told asks warns claims urges vows slams admits denies calls wants "
    "backs rejects defends blasts praises attacks hits responds insists "
    "is are was were has have had does did may might will would can could should must".split()
)


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    """Base forms of English verbs, from the lemmatizer tables of the loaded pipeline."""
    try:
        from ..parse import load_pipeline

        lookups = load_pipeline().get_pipe("lemmatizer").lookups
        irregular = lookups.get_table("lemma_exc")["verb"]  # "sent" → "send"
        return frozenset(lookups.get_table("lemma_index")["verb"]) | frozenset(irregular)
    except (ImportError, OSError, KeyError, ValueError):
        # No pipeline or no lemma tables: the short list still applies.
        return frozenset()


_TITLE_SMALL_WORDS = frozenset(
    "a an the and but or nor for of in on at to by with from as vs via per".split()
)


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


class _TitleCaseLines:
    """Headline-like lines (most words capitalised), where names and verbs run
    together; a line is read only when a name on it asks."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._lines: dict[int, bool] = {}

    def __contains__(self, at: int) -> bool:
        n = bisect.bisect_right(self.starts, at) - 1
        end = self.starts[n + 1] - 1 if n + 1 < len(self.starts) else len(self.text)
        if not 0 <= at < end:
            return False  # the line break itself, or outside the text
        found = self._lines.get(n)
        if found is None:
            line = self.text[self.starts[n] : end]
            words = [w for w in _TITLE_WORD.findall(line) if w.lower() not in _TITLE_SMALL_WORDS]
            found = self._lines[n] = len(words) >= 3 and all(w[0].isupper() for w in words)
        return found


def _inside(at: int, lines: _TitleCaseLines) -> bool:
    return at in lines


def _is_verb(word: str) -> bool:
    if word in HEADLINE_VERBS:
        return True
    verbs = _verb_lemmas()
    forms = {word}
    if word.endswith("s"):
        forms.update((word[:-1], word[:-2]))
    if word.endswith("ed"):
        forms.update((word[:-1], word[:-2]))
    if word.endswith("ing"):
        forms.update((word[:-3], word[:-3] + "e"))
    return any(form in verbs for form in forms if len(form) > 2)
_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class NameMention:
    start: int  # first token of the name proper
    end: int  # token after the name
    head: int  # the token the name's syntax hangs on
    text: str
    label: str
    titles: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return name_words(self.text)


@lru_cache(maxsize=8192)
def name_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


@lru_cache(maxsize=8192)
def person_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in name_words(text) if w not in NAME_SUFFIXES)


def is_title(token: Token) -> bool:
    return token.lower_ in TITLES and (token.is_title or token.lower_.endswith("."))


def name_mentions(doc: Doc, text: str | None = None) -> list[NameMention]:
    """Every person, organisation and place name in ``doc``, stripped to the name.

    ``text`` is ``doc.text`` when the caller has it already (spaCy joins it anew on each access).
    """
    found: list[NameMention] = []
    title_lines = _TitleCaseLines(doc.text if text is None else text)
    # Words that end a person's name somewhere in running text: "Trump" in
    # "Donald Trump Says" is a surname to keep, "Says" is not.
    ents = doc.ents  # a new tuple of new spans on each access
    surname_words = {
        ent[-1].lower_
        for ent in ents
        if ent.label_ == "PERSON" and not _inside(ent.start_char, title_lines)
    }
    for ent in ents:
        if ent.label_ in NOT_NAME_LABELS:
            continue
        start, end = ent.start, ent.end
        titles: list[str] = []
        # A name never starts with a lower-case word: "the", "federal", "former".
        # A capital "The" inside a sentence is part of the name ("The New York Post").
        while start < end and (
            doc[start].text.islower()
            or (doc[start].lower_ == "the" and not (ent.label_ == "ORG" and _mid_sentence_the(doc[start])))
            or is_title(doc[start])
            or doc[start].is_punct
            or (ent.label_ not in PLACE_OR_ORG_LABELS and _leading_role(doc, start, end))
        ):
            if is_title(doc[start]) or (ent.label_ not in PLACE_OR_ORG_LABELS and _leading_role(doc, start, end)):
                titles.append(doc[start].lower_)
            start += 1
        while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        # Headlines glue verbs onto names: "Obama Says", "Glenn Beck Blasts Drudge".
        if end - start > 1 and _inside(doc[start].idx, title_lines):
            for i in range(start + 1, end):
                if doc[i].lower_ not in surname_words and _is_verb(doc[i].lower_):
                    end = i
                    break
        if start >= end:
            continue
        # Titles just outside the entity: "Sen. Ted Cruz", "Lt. Gen. Michael Flynn".
        before = ent.start - 1
        while before >= 0 and is_title(doc[before]) and len(titles) < 4:
            titles.insert(0, doc[before].lower_)
            before -= 1
        label = ent.label_
        if label != "PERSON" and _person_by_title_or_speech(doc, start, end, titles, label):
            label = "PERSON"
        elif label not in NAME_LABELS:
            continue
        if label == "PERSON" and end - start == 1 and doc[start].lower_ in PLATFORMS:
            label = "ORG"
        if label == "NORP" and (end - start > 1 or doc[start].tag_ in ("NNPS", "NNS")):
            continue  # "Democrats", "Republicans": groups, not named entities
        previous = found[-1] if found else None
        if previous is not None and previous.label == label and (
            # NER split one name in two: "Keith" + "Lamont Scott",
            # "the U.S. Court of Appeals" + "for the Sixth Circuit".
            (label == "PERSON" and previous.end == start)
            or (label == "ORG" and previous.end + 1 == ent.start and doc[previous.end].lower_ in ("for", "of"))
        ):
            span = doc[previous.start : end]
            found[-1] = NameMention(previous.start, end, previous.head, span.text, label, previous.titles)
            continue
        span = doc[start:end]
        found.append(
            NameMention(start, end, span.root.i, span.text, label, tuple(titles))
        )
    _places_named_like_people(doc, found)
    return _add_missed_names(doc, found, ents)


# Entity types that never hold a name: numbers, dates, amounts.
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def _plain_name(doc: Doc, start: int, end: int) -> bool:
    """One to three capitalised proper nouns, none of them a title or an organisation word."""
    return 1 <= end - start <= 3 and all(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in TITLES and t.lemma_.lower() not in ORG_NOUNS
        for t in doc[start:end]
    )


def _person_by_title_or_speech(doc: Doc, start: int, end: int, titles: list[str], label: str) -> bool:
    """A name NER called something else that is a person's: led by a person
    title ("Mayor Elena Marsh" tagged WORK_OF_ART), or the subject of a verb of
    saying, written as a first name and surname, with "he" or "she" later in
    the text. Organisations, places and nationalities speak too ("Wells Fargo
    said", "Democrats said"): for them only a title counts."""
    if not _plain_name(doc, start, end):
        return False
    # A person title, or a role noun written before the name ("Librarian").
    if any(t in PERSON_TITLES or (t not in TITLES and is_person_noun(t)) for t in titles):
        return True
    if label in NAME_LABELS or end - start < 2 or not _known_first_name(doc[start].text):
        return False
    root = doc[start:end].root
    if root.dep_ != "nsubj" or root.head.lemma_ not in SPEECH_LEMMAS:
        return False
    return any(t.lower_ in PERSON_PRONOUNS for t in doc[end:])


def _leading_role(doc: Doc, start: int, end: int) -> bool:
    """ "Librarian Helen Marsh": a capitalised role noun before a first name and
    surname is a role, not part of the name; a first name that looks like one
    ("Hunter Biden", "Baker Mayfield") is kept."""
    token = doc[start]
    if end - start < 3 or not token.is_title or token.lower_ in TITLES or not is_person_noun(token.lower_):
        return False
    if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[start + 1 : end]):
        return False
    return not _known_first_name(token.text)


def _known_first_name(word: str) -> bool:
    try:
        from ..enrich.names import guess, lexicon_available
    except ImportError:
        return False
    return lexicon_available() and guess(word) is not None


def _places_named_like_people(doc: Doc, found: list[NameMention]) -> None:
    """A one-word "person" that is a place or club: "the Lyon striker", "Lyon"
    tagged ORG as often as PERSON. Such a name is never "he" or "she"."""
    in_full_names = {w for m in found if m.label == "PERSON" and len(m.words) > 1 for w in m.words}
    other: dict[tuple[str, ...], list[str]] = {}
    for m in found:
        if m.label in ("ORG", "GPE", "LOC", "FAC") and len(m.words) == 1:
            other.setdefault(m.words, []).append(m.label)
    single: dict[tuple[str, ...], list[NameMention]] = {}
    for m in found:
        if m.label == "PERSON" and len(m.words) == 1 and m.words[0] not in in_full_names:
            single.setdefault(m.words, []).append(m)
    for words, mentions in single.items():
        if any(m.titles for m in mentions):
            continue
        labels = other.get(words, [])
        if labels and len(labels) >= len(mentions):
            label = max(set(labels), key=labels.count)
        elif all(_attributive(doc[m.head]) for m in mentions):
            label = "ORG"
        else:
            continue
        for m in mentions:
            m.label = label


def _attributive(token: Token) -> bool:
    """A name modifying a role noun: "Lyon" in "the Lyon striker"."""
    head = token.head
    return token.dep_ == "compound" and head.pos_ == "NOUN" and is_person_noun(head.lemma_.lower())


def _add_missed_names(doc: Doc, found: list[NameMention], ents=None) -> list[NameMention]:
    """Proper nouns NER passed over that repeat a person's surname elsewhere
    ("Mehmet Oz" untagged while "Oz" is tagged, "Trump" tagged in one sentence
    and missed in the next) are person names too."""
    surnames = {
        m.words[-1]
        for m in found
        if m.label == "PERSON" and m.words and m.words[-1] not in NAME_SUFFIXES
    }
    covered = {i for m in found for i in range(m.start, m.end)}
    for ent in doc.ents if ents is None else ents:
        covered.update(range(ent.start, ent.end))
    added: list[NameMention] = []
    # Proper nouns found over one array of the document, not token by token.
    propn = np.flatnonzero(doc.to_array(POS) == doc.vocab.strings.add("PROPN")).tolist()
    for token in (doc[i] for i in propn):
        if token.i in covered or not token.text[:1].isupper() or token.dep_ == "compound":
            continue
        start = token.i
        if token.lower_.replace("’", "'") in surnames:
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == token.i \
                    and doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].i not in covered \
                    and not is_title(doc[start - 1]):
                start -= 1
        elif _described_as_person(token):
            # "Taylor Quinn, the plant manager, ...": a name the article gives a
            # person's role is a person's, however the parse split it.
            while start > 0 and start - 1 not in covered and token.i - start < 3 and _name_word(doc[start - 1]):
                start -= 1
        else:
            continue
        titles = []
        before = start - 1
        while before >= 0 and is_title(doc[before]) and len(titles) < 4:
            titles.insert(0, doc[before].lower_)
            before -= 1
        span = doc[start : token.i + 1]
        added.append(NameMention(start, token.i + 1, token.i, span.text, "PERSON", tuple(titles)))
    if not added:
        return found
    return sorted(found + added, key=lambda m: m.start)


def _described_as_person(token: Token) -> bool:
    return any(
        child.dep_ == "appos" and child.pos_ == "NOUN" and is_person_noun(child.lemma_.lower())
        for child in token.children
    )


def _name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_title and not is_title(token) and token.lower_ not in TITLES


def _mid_sentence_the(token: Token) -> bool:
    if token.text != "The" or token.i == token.sent.start or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not (before.is_space or before.is_punct and before.text in ".!?:;\"“”'‘’—-")
