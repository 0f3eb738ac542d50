"""Speech tags right after a quotation, read off the words whatever the parse says.

``"We won," Ana Ruiz said.`` and ``"We won," said Ana Ruiz.``: a quotation whose
own punctuation hands over (a comma, question or exclamation mark before the
closing mark), followed in the same sentence by a noun phrase and a speech verb,
or a speech verb and a noun phrase, is a direct quote of that noun phrase. The
parser sometimes splits such a tag from its quotation (a question mark ends a
sentence, a headline is run into it) and the learned stage then misses it or
stretches the content over the tag's adverbials ("said on Friday"); this rule
does not depend on the parse. The content is the quotation only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..lexicon import SPEECH_BASE_FORMS, SPEECH_FORMS, is_person_noun
from ..quotes import QUOTATION_MARKS
from ..records import QuoteSpan
from .source import source_head_token
from .tokens import text_of

# Words that join a speech verb's cue from before it: "has said", "also said".
CUE_PREFIX = frozenset({"has", "have", "had", "also", "later"})
# Words that show the words before a speech verb are a clause, not a speaker.
NOT_IN_SPEAKER = frozenset({
    "that", "which", "who", "whom", "is", "are", "was", "were", "be", "been", "will", "would", "can",
    "could", "should", "may", "might", "must", "do", "does", "did", "not", "if", "because", "but",
    "when", "while", "as", "so", "than", "to", "what",
})
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "it"})
# Where a speaker named after the verb ends: "said Ana Ruiz on Friday".
AFTER_SPEAKER = frozenset({
    "on", "in", "at", "during", "after", "before", "to", "from", "with", "via", "while", "when",
    "yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "last", "this", "earlier", "later", "recently", "then", "again",
})
HANDOVER = ",?!—–"
DASHES = re.compile(r"-{1,3}|[—–―]")
DASH_AFTER = re.compile(r"[ \t]*(?:-{2,3}|[—–―])")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
WORDLIKE = re.compile(r"^[\w.'’&-]+$")
SENTENCE_END = frozenset({".", "!", "?", ";"})
# What may stand right before a quotation that opens its sentence.
SENTENCE_OPENERS = frozenset(".!?\n(") | frozenset(QUOTATION_MARKS) - {"‘", "„", "‚", "«", "‹", "`"}


@dataclass(slots=True)
class Tag:
    quote: QuoteSpan
    cue: tuple[int, int]
    source: tuple[int, int]
    source_head: int
    region: tuple[int, int]  # characters from the quotation's end to the tag's end
    lexical: bool = True  # the verb is a speech verb, not any verb in the tag's place


def _hands_over(quote: QuoteSpan, text: str) -> bool:
    inner = text[quote.start:quote.end].rstrip(QUOTATION_MARKS + " \n")
    return bool(inner) and inner[-1] in HANDOVER


def _speaker_phrase(words) -> bool:
    if not words or len(words) > 12:
        return False
    first = words[0]
    if len(words) == 1 and first.lower_ in PRONOUNS:
        return True
    if first.lower_ in PRONOUNS:
        return False
    if any(t.lower_ in NOT_IN_SPEAKER or t.lower_ in SPEECH_FORMS for t in words):
        return False
    if not all(WORDLIKE.match(t.text) or t.text == "," for t in words):
        return False
    # A name, or a description starting with a determiner or a title ("librarian Samuel Okafor").
    return any(t.text[:1].isupper() for t in words) or first.lower_ in ("the", "a", "an", "his", "her", "their", "its", "one", "another")


def _head(words) -> int:
    ids = {t.i for t in words}
    roots = [t for t in words if t.head.i not in ids or t.head.i == t.i]
    # The last capitalised word of a name is the likeliest head when the parse is lost.
    root = roots[-1] if roots else words[-1]
    if not (root.text[:1].isupper() or root.lower_ in PRONOUNS):
        names = [t for t in words if t.text[:1].isupper()]
        if names:
            root = names[-1]
    return source_head_token(root).idx


def _dash_after(quote: QuoteSpan, text: str) -> bool:
    """``"Hello" -- said Mr. Cornwallaby``: a dash after the closing mark hands over too."""
    return DASH_AFTER.match(text, quote.end) is not None


def _opens_sentence(quote: QuoteSpan, text: str) -> bool:
    """Whether the quotation opens its sentence: a quotation further into a sentence
    (``ski resorts are "barely breaking even this winter," said ...``) is part of what the
    sentence reports, not all of it."""
    before = text[max(0, quote.start - 80):quote.start].rstrip(" \t\xa0")
    return not before or before[-1] in SENTENCE_OPENERS


def person_like(words) -> bool:
    """A pronoun, a named person, group or organisation, or a noun for a person."""
    if len(words) == 1 and words[0].lower_ in PRONOUNS:
        return True
    if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in words):
        return True
    return is_person_noun(words[-1].lemma_.lower())


def _speech_form(token, first: bool) -> bool:
    """A form of a speech verb. The plural present (``reply Ana and Tom``) is also the
    noun (``the state``): it counts where the parse reads a verb, or where only a verb
    can stand, first after the quotation."""
    if token.lower_ in SPEECH_FORMS:
        return True
    return token.lower_ in SPEECH_BASE_FORMS and (first or token.tag_ == "VBP")


def _manner_verb(words, k: int) -> bool:
    """A finite verb that reports how something was said (``whimpered``, ``shrugged``,
    ``laughed``) in a tag: the quotation is its only object, so nothing but an
    adverbial follows it."""
    token = words[k]
    if token.pos_ != "VERB" or token.tag_ not in FINITE_TAGS:
        return False
    rest = words[k + 1:]
    return not rest or rest[0].text == "," or rest[0].pos_ in ("ADP", "ADV", "SCONJ")


def find_tags(doc: Doc, quote_spans: list[QuoteSpan]) -> list[Tag]:
    text = text_of(doc)
    opens = {q.start for q in quote_spans}
    found = []
    for quote in quote_spans:
        if not (_hands_over(quote, text) or _dash_after(quote, text)) or not _opens_sentence(quote, text):
            continue
        span = doc.char_span(quote.end, len(text), alignment_mode="expand")
        if span is None or not len(span):
            continue
        start = span.start
        if "\n" in doc[start - 1].text_with_ws if start > 0 else False:
            continue
        words = []
        for token in doc[start:start + 25]:
            if token.text in SENTENCE_END or token.idx in opens or token.is_space:
                break
            if not words and DASHES.fullmatch(token.text):
                continue
            words.append(token)
            if "\n" in token.text_with_ws:
                break
        if not words:
            continue
        lexical = True
        verb = next((k for k, t in enumerate(words) if _speech_form(t, k == 0)), None)
        if verb is None:
            # Any verb in the tag's place: "the girl whimpered", "reply Ana and Tom".
            lexical = False
            verb = next((k for k, t in enumerate(words[:8]) if _manner_verb(words, k)), None)
            if verb is None:
                continue
        cue_start = verb
        if verb > 0:
            while cue_start > 0 and words[cue_start - 1].lower_ in CUE_PREFIX:
                cue_start -= 1
            speaker = words[:cue_start]
            while speaker and speaker[-1].text == ",":
                speaker = speaker[:-1]
            if not _speaker_phrase(speaker):
                continue
        else:
            speaker = []
            for token in words[verb + 1:]:
                if token.text == "," or token.lower_ in AFTER_SPEAKER:
                    break
                speaker.append(token)
            if not _speaker_phrase(speaker):
                continue
        if not lexical and not person_like(speaker):
            continue  # "the balloons cascaded": any verb tags speech only of a speaker
        cue = (words[cue_start].idx, words[verb].idx + len(words[verb]))
        source = (speaker[0].idx, speaker[-1].idx + len(speaker[-1]))
        last = words[-1]
        found.append(Tag(quote=quote, cue=cue, source=source, source_head=_head(speaker),
                         region=(quote.end, last.idx + len(last)), lexical=lexical))
    return found
