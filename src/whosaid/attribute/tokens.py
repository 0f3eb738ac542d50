"""Facts about a parsed article's tokens that every step of the stage reads:
paragraphs, token sets as phrases, and token runs as character offsets."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Token

from ..context import document_text, strings_of

EDGE_PUNCT = frozenset({",", ";", "—", "–", "-", "(", ")", ":", "--"})


def per_doc(compute):
    """``compute(doc)`` cached for the doc last asked about: the steps ask for the
    same per-doc facts once per candidate token."""
    last: list = [None, None]

    @functools.wraps(compute)
    def cached(doc):
        if last[0] is not doc:
            last[:] = [doc, compute(doc)]
        return last[1]

    return cached


@per_doc
def text_of(doc) -> str:
    """``doc.text``, built once per article (spaCy joins the text of every token
    each time it is asked for it), from the doc's arrays rather than its tokens."""
    return document_text(doc)


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


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The words and relations of every token as plain lists, read from the doc's
    arrays once per article: a feature that reads a token's neighbours, head and
    children this way costs a list lookup instead of a ``Token`` each time."""

    lemma: list[str]  # lower-cased
    lower: list[str]
    text: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent: list[str]
    head: list[int]
    children: list[list[int]]  # in text order, as ``Token.children`` gives them
    idx: list[int]  # where the token starts in the text
    end: list[int]  # where it ends
    space: list[bool]  # the token is white space


_COLUMNS = [LEMMA, LOWER, ORTH, POS, TAG, DEP, ENT_TYPE]
_NUMBERS = [HEAD, IDX, LENGTH, IS_SPACE]


@per_doc
def token_table(doc) -> TokenTable:
    values = doc.to_array(_COLUMNS + _NUMBERS)
    # Each distinct string-store key is read back once; the columns are then indexed in numpy.
    keys, inverse = np.unique(values[:, :len(_COLUMNS)], return_inverse=True)
    inverse = inverse.reshape(len(doc), len(_COLUMNS))
    names = np.array(strings_of(doc, keys.tolist()), dtype=object)

    def column(k: int) -> list[str]:
        return names[inverse[:, k]].tolist()

    lemma = column(0)
    lowered = {word: word.lower() for word in set(lemma)}
    numbers = values[:, len(_COLUMNS):].astype(np.int64)
    heads = (np.arange(len(doc)) + numbers[:, 0]).tolist()
    children: list[list[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    return TokenTable(
        lemma=[lowered[word] for word in lemma], lower=column(1), text=column(2), pos=column(3),
        tag=column(4), dep=column(5), ent=column(6), head=heads, children=children,
        idx=numbers[:, 1].tolist(), end=(numbers[:, 1] + numbers[:, 2]).tolist(), space=(numbers[:, 3] != 0).tolist(),
    )


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
