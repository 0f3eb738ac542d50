"""Hard-wrapped paragraphs read as the running text they are.

Plain-text e-mails, wire feeds and ``.txt`` dumps break every paragraph's
lines at a fixed width. Given to the parser, each of those line breaks is a
token of its own in the middle of a sentence, and subjects, cues and quote
spans come out wrong. So where a line break is a wrap, the text the parser
reads has a space in its place: one character for one, so every offset the
parse gives indexes the original text, which is what every output refers to.

A line break is a wrap when the text is hard-wrapped and the line before it is
full: a line of the text's width could not have taken the next line's first
word. The text's width is its longest line of at most ``MAX_WIDTH`` characters
among lines followed by another line (no blank line between); the text is
hard-wrapped when that width is at least ``MIN_WIDTH``, at least
``MIN_FULL_SHARE`` of the lines followed by another line are full, and at
least ``MIN_FULL_LINES`` full lines end inside a sentence (short paragraphs
one a line end where their sentences do). Short lines (verse, addresses), a list of lines that fill
the width only now and then, the break that ends a headline line, and a line
that opens with a speaker label (a transcript's ``NAME:``) or a list marker
keep their breaks.

The engine parses through ``pieces.parse_articles``, which applies this; a
pipeline called directly (``nlp(text)``, the spaCy component) parses the text
as given, since a spaCy ``Doc`` must hold the text it was given:
``nlp(unwrapped_doc(nlp, text))`` reads it as the engine does.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

# Wrap widths seen in plain text run from about 60 to 80 columns; a longer line is a paragraph written whole.
MAX_WIDTH = 100
# Narrower "full" lines are verse, addresses or lists, which keep their breaks.
MIN_WIDTH = 40
MIN_FULL_LINES = 3
MIN_FULL_SHARE = 0.5

# What a line ending a sentence ends with (as ``paragraph_breaks`` reads a line break).
_SENTENCE_END = frozenset('.!?:;"\'”’»)')

# Where the original text is kept on a parse made of its unwrapped copy (``Doc.user_data``).
ORIGINAL_TEXT = "whosaid.original_text"

# A line that starts something of its own: a list item, a speaker or section label.
_OWN_LINE = re.compile(
    r"""[ \t]*(?:[*•·>]|-(?!-)|\d{1,3}[.)]\s|\(?[a-z]\)\s
    |(?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*:\s)""",
    re.VERBOSE,
)


def unwrapped(text: str, opens_with_headline: bool = True) -> str:
    """``text`` with every line break that is a hard wrap made a space (the same length as ``text``)."""
    if text.count("\n") < MIN_FULL_LINES:
        return text
    lines = _lines(text)
    first = 1 if opens_with_headline else 0
    followed = [
        (start, end, lines[n + 1][0])
        for n, (start, end) in enumerate(lines[:-1])
        if n >= first and text[start:end].strip() and text[lines[n + 1][0]:lines[n + 1][1]].strip()
    ]
    widths = [len(text[start:end].rstrip()) for start, end, _ in followed]
    width = max((w for w in widths if w <= MAX_WIDTH), default=0)
    if width < MIN_WIDTH:
        return text
    wraps = [
        end
        for (start, end, next_start), length in zip(followed, widths)
        if length <= width and _fills(text, length, next_start, width)
    ]
    # A hard-wrapped text fills most of its lines, and breaks many of them inside a sentence; a list
    # of short lines fills few, and short paragraphs one a line end where their sentences do.
    inside_sentence = sum(text[:end].rstrip()[-1] not in _SENTENCE_END for end in wraps)
    if inside_sentence < MIN_FULL_LINES or len(wraps) < MIN_FULL_SHARE * len(widths):
        return text
    chars = list(text)
    for end in wraps:
        chars[end] = " "
    return "".join(chars)


def _fills(text: str, length: int, next_start: int, width: int) -> bool:
    """Whether a line of ``length`` characters is full: it could not have taken the next line's first word."""
    next_end = text.find("\n", next_start)
    following = text[next_start:len(text) if next_end < 0 else next_end]
    return length + 1 + len(following.split(None, 1)[0]) > width and not _OWN_LINE.match(following)


def _lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line, the line break left out."""
    lines, start = [], 0
    for line in text.split("\n"):
        lines.append((start, start + len(line)))
        start += len(line) + 1
    return lines


def unwrapped_doc(nlp: Language, text: str) -> Doc:
    """An unparsed Doc of ``text`` with its hard wraps made spaces, for ``nlp(doc)``.

    The whosaid component then reads it as ``whosaid.analyze`` reads ``text``:
    the same quotes and speakers, every offset and quoted text those of ``text``
    as given (the Doc's own text has a space for each wrap, one for one).
    ``text`` is a plain-text article, its first line the headline.
    """
    plain = unwrapped(text)
    doc = nlp.make_doc(plain)
    if plain is not text:
        doc.user_data[ORIGINAL_TEXT] = text
    return doc


def original_text(doc: Doc, parsed: str | None = None) -> str:
    """The text a parse's offsets index: the original of a parse made of its unwrapped copy.
    ``parsed``: the doc's own text (``doc.text``), when the caller has already read it."""
    original = doc.user_data.get(ORIGINAL_TEXT)
    if original is not None:
        return original
    # ``doc.text`` joins every token anew (0.4-0.7 ms an article of 700 words).
    return doc.text if parsed is None else parsed
