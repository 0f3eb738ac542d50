"""Facts about a parsed article's tokens that every step of the stage reads:
paragraphs, token sets as phrases, and token runs as character offsets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import numpy as np
from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from ..context import TokenTable, document_text, per_doc, token_table  # noqa: F401 (read by the stage's steps)

EDGE_PUNCT = frozenset({",", ";", "—", "–", "-", "(", ")", ":", "--"})


# ``doc.text``, built once per article from the doc's arrays (spaCy joins the text
# of every token each time it is asked for it).
text_of = document_text


def tokens_holding(doc, pattern: re.Pattern) -> np.ndarray:
    """Per token: whether a match of ``pattern`` falls in its text or trailing space,
    found from the text rather than by reading every token."""
    found = np.zeros(len(doc), dtype=bool)
    positions = [m.start() for m in pattern.finditer(text_of(doc))]
    if positions and len(doc):
        starts = doc.to_array([IDX]).reshape(-1).astype(np.int64)
        found[np.searchsorted(starts, positions, side="right") - 1] = True
    return found


_NEWLINE = re.compile("\n")


@per_doc
def paragraph_index(doc) -> np.ndarray:
    """Paragraph number of every token (a paragraph ends at a line break)."""
    breaks = tokens_holding(doc, _NEWLINE)
    index = np.zeros(len(doc), dtype=np.int32)
    if len(doc) > 1:
        index[1:] = np.cumsum(breaks[:-1])
    return index


def across_paragraphs(a: Token, b: Token) -> bool:
    index = paragraph_index(a.doc)
    return index[a.i] != index[b.i]


def same_paragraph(ids, token: Token) -> list[int]:
    """The tokens of ``ids`` in ``token``'s paragraph: a phrase the parser stretched
    over a paragraph break (often into the headline) is cut back."""
    doc = token.doc
    index = paragraph_index(doc)
    own = index[token.i]
    space = token_table(doc).space
    return [i for i in ids if index[i] == own and not space[i]]


def subtree_ids(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def trimmed(ids: Iterable[int], doc) -> list[int]:
    """Sorted token indices without punctuation or conjunctions hanging at either edge."""
    ordered = sorted(ids)
    t = token_table(doc)
    text, dep = t.text, t.dep
    while ordered and (text[ordered[0]] in EDGE_PUNCT or dep[ordered[0]] == "cc"):
        ordered.pop(0)
    while ordered and (text[ordered[-1]] in EDGE_PUNCT or dep[ordered[-1]] == "cc"):
        ordered.pop()
    return ordered


def runs(ids: list[int], doc) -> tuple[tuple[int, int], ...]:
    """Character offsets of the contiguous runs of sorted token indices."""
    out: list[tuple[int, int]] = []
    t = token_table(doc)
    idx, end = t.idx, t.end
    start = prev = None
    for i in ids:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append((idx[start], end[prev]))
            start = prev = i
    if start is not None:
        out.append((idx[start], end[prev]))
    return tuple(out)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """How many characters two (start, end) spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def char_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The tokens ``doc.char_span(start, end, alignment_mode="expand")`` covers, as
    indices [first, stop), or None where it gives none; found in the token table
    rather than by building the span and its tokens."""
    t = token_table(doc)
    length = len(text_of(doc))

    def token_at(char: int) -> int:  # the token whose text or trailing space holds ``char``
        return bisect_right(t.idx, char) - 1 if 0 <= char < length else -1

    first, last = token_at(start), token_at(end - 1)
    if first < 0 or last < 0:
        return None
    if start == t.end[first]:
        first += 1  # the trailing space of a token is no part of it here
    if first > last + 1:  # an empty or reversed range: spaCy decides
        span = doc.char_span(start, end, alignment_mode="expand")
        return None if span is None else (span.start, span.end)
    return first, last + 1


def span_tokens(doc: Doc, offsets) -> list[Token]:
    """The tokens covering character ``offsets`` (a gold or predicted span's runs)."""
    tokens: list[Token] = []
    for start, end in offsets:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    return tokens


def anchor_of(tokens: list[Token]) -> Token | None:
    """The token of a cue whose syntactic head lies outside it: the one the cue model scores."""
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return tokens[0] if tokens else None
