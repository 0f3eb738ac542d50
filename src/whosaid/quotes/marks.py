"""Quotation-mark spans: every run of text between double quotation marks.

Straight marks (``"``) open and close by alternation within a paragraph; curly
marks say which way they face, but sloppy text often uses the closing mark for
both, so a closing mark met outside a quotation opens one. A quotation still open
at the end of a paragraph ends there, and the next paragraph's quotation — when
that paragraph opens with a mark, the newswire convention for a quotation running
over several paragraphs — is flagged as continuing it. A doubled apostrophe (``''``) counts as a straight double mark, as some wires
print it. Single marks are left
alone: they are apostrophes far more often than quotations, and the quotations
they do mark sit inside double-marked ones.
"""

from __future__ import annotations

import re

from ..records import QuoteSpan

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
MARK = re.compile(r"[\"“”„«»]|''")
PARAGRAPH = re.compile(r"[^\n]+")


def _paragraph_spans(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], bool]:
    """Quoted runs of one paragraph, and whether the last one is left open."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for match in MARK.finditer(text, start, end):
        mark, at, after = match.group(), match.start(), match.end()
        if open_at is None:
            if mark in CLOSING and spans and _only_space(text, spans[-1][1], at):
                # A doubled closing mark (``””``) closes the same quotation.
                continue
            open_at = at
        elif mark in OPENING and mark != text[open_at]:
            # An opening mark inside a quotation opened by another kind nests.
            continue
        else:
            spans.append((open_at, after))
            open_at = None
    left_open = open_at is not None
    if left_open:
        tail = end
        while tail > open_at + 1 and text[tail - 1].isspace():
            tail -= 1
        if tail - open_at > 1:
            spans.append((open_at, tail))
        else:
            left_open = False
    return spans, left_open


def _only_space(text: str, start: int, end: int) -> bool:
    return not text[start:end].strip()


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted run in ``text`` as character offsets that include the marks."""
    found: list[QuoteSpan] = []
    previous_open = False
    for paragraph in PARAGRAPH.finditer(text):
        start, end = paragraph.span()
        spans, left_open = _paragraph_spans(text, start, end)
        first_mark = len(text[start:end]) - len(text[start:end].lstrip())
        opens_with_mark = bool(spans) and spans[0][0] == start + first_mark
        for i, (s, e) in enumerate(spans):
            if e - s <= 2:
                continue
            found.append(QuoteSpan(s, e, continues=previous_open and opens_with_mark and i == 0))
        if paragraph.group().strip():
            previous_open = left_open
    return found
