"""What the stages after parsing read of one article, worked out once.

``ArticleContext.of(doc)`` holds the article's text (``Doc.text`` joins every
token anew on each access), its quotation ranges, paragraphs and sentences,
and finds the tokens under character offsets. The engine builds one per
article and hands it to the resolve and enrich stages; each stage builds its
own when called alone.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .headline import HEADLINE_END, headline_end

# Straight and curly double quotes, and the doubled marks some archives use (``, '').
_QUOTE_MARK = re.compile(r"[\"“”]|''|``")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A place in capitals opening a paragraph ("CHARLOTTE, N.C.", "NEW YORK, Feb. 3"),
# perhaps an agency in brackets, then a dash; or a place in title case with the agency
# that marks it a dateline ("New York (AFP) –", "Lyon, March 3 (Reuters) -": PolNeAR train
# writes 9 such lines, all datelines); a bracket of one letter is a party ("Jordan (R) —").
# Tried at each line start only (a dateline holds no line break).
_DATELINE = re.compile(
    r"[ \t]*(?P<dateline>(?:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*"
    r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z0-9][\w.]*)*)?"
    r"(?:[ \t]*\([A-Za-z .]+\))?"
    r"|[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)*"
    r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z0-9][\w.]*)*)?"
    r"[ \t]*\([A-Za-z][A-Za-z .]+\))"
    r"(?:[ \t]*[—–]|[ \t]+--?)[ \t]*)(?=[\w“\"'‘])"
)


def dateline_end(text: str, start: int) -> int | None:
    """Where a dateline opening the line at ``start`` ends (its dash and the space after), or None."""
    match = _DATELINE.match(text, start)
    return match.end("dateline") if match else None


# A writer's credit: "Staff Writer", "Courier Staff Writers", "senior correspondent" (a few words, any case,
# ending on a word for a journalist).
_CREDIT = (r"(?:[\w.'’&-]+[ \t]+){0,4}(?i:writer|reporter|correspondent|editor|columnist|contributor|"
           r"photographer|journalist)s?")
# Writers' names: "JANE DOE", "Jane Doe and John Roe".
_WRITERS = r"[A-Z][\w.'’-]*(?:(?:[ \t]+|,[ \t]*)(?:[A-Z][\w.'’-]*|and|&))*"
# A line that is only a byline: "By JANE DOE", "By Jane Doe and John Roe", either perhaps with a credit after a
# comma, bar, slash or dash ("By Jane Doe | Courier Staff Writer", "By Jane Doe, staff writer"); or writers'
# names with a credit and no "By" ("Jane Doe | Staff Writer", "Jane Doe, Staff Writer").
_BYLINE = re.compile(
    rf"[ \t]*(?P<byline>By[ \t]+{_WRITERS}(?:[ \t]*[,|/–—-][ \t]*{_CREDIT})?"
    rf"|{_WRITERS}[ \t]*[,|/–—-][ \t]*{_CREDIT})[ \t]*(?=\n|$)"
)
# A line that is only a credit ("Courier Staff Writer") under a byline or under the writers' names alone
# ("By Jane Doe" or "Jane Doe", then "Staff Writer"): the lines are one byline.
_CREDIT_LINE = re.compile(rf"[ \t]*(?P<credit>{_CREDIT})[ \t]*(?=\n|$)")
_NAMES_LINE = re.compile(rf"[ \t]*(?P<names>(?:By[ \t]+)?{_WRITERS})[ \t]*(?=\n|$)")


# String-store keys are hashes of their strings, the same in every vocabulary, so what a
# key reads as is kept across articles: the store decodes a new string on every read.
_STRINGS: dict[int, str] = {}
_MAX_STRINGS = 1_000_000


def strings_of(doc: Doc, keys: list[int]) -> list[str]:
    """The strings of string-store ``keys`` (as ``doc.vocab.strings[key]`` gives them)."""
    found = list(map(_STRINGS.get, keys))
    if None in found:
        if len(_STRINGS) > _MAX_STRINGS:
            _STRINGS.clear()
        store = doc.vocab.strings
        for k, key in enumerate(keys):
            if found[k] is None:
                found[k] = _STRINGS[key] = store[key]
    return found


def per_doc(compute):
    """``compute(doc)`` cached for the doc (or an article's text) last asked about: the
    steps ask for the same per-doc facts once per candidate token. The doc and its value
    are kept as one pair, so a thread never reads the value another thread computed for
    its doc."""
    last = [(None, None)]

    @functools.wraps(compute)
    def cached(doc):
        seen, value = last[0]
        if seen is not doc:
            value = compute(doc)
            last[0] = (doc, value)
        return value

    return cached


@per_doc
def document_text(doc: Doc) -> str:
    """``doc.text``, joined from the words of the token table (spaCy builds it token by
    token, and every stage after parsing reads the table too), and kept for the doc
    last asked about, which every stage after parsing asks for."""
    if not len(doc):
        return ""
    # Words and the gaps after them interleaved in one list and joined once: no string made
    # for each word followed by a space.
    words = token_table(doc).text
    pieces = [""] * (2 * len(words))
    pieces[::2] = words
    pieces[1::2] = _GAPS[doc.to_array(SPACY).astype(np.intp)].tolist()
    return "".join(pieces)


# What follows a token: nothing, or the one space spaCy records (``Token.whitespace_``).
_GAPS = np.array(["", " "], dtype=object)


@dataclass(frozen=True, slots=True)
class TokenTable:
    """The words and relations of every token as plain lists, read from the doc's
    arrays once per article: a feature that reads a token's neighbours, head and
    children this way costs a list lookup instead of a ``Token`` each time (and a
    ``Token``'s string attributes decode a new string on every read)."""

    lemma: list[str]  # lower-cased
    lower: list[str]
    text: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent: list[str]
    head: list[int]
    children: list[tuple[int, ...]]  # in text order, as ``Token.children`` gives them
    idx: list[int]  # where the token starts in the text
    end: list[int]  # where it ends
    space: list[bool]  # the token is white space
    punct: list[bool]  # the token is punctuation
    sent_start: list[bool]  # the parser starts a sentence at the token
    # The distinct strings of the string columns above (lemmas as the parse gives them,
    # before lower-casing), and per token and column (lemma, lower, text, pos, tag, dep,
    # ent) the index of its string among them: for work over whole columns.
    names: list[str]
    codes: np.ndarray
    # The string-store key of each of ``names``, ascending: a word's place among them is found
    # by hashing the word, with no index of every name built per article.
    keys: np.ndarray

    def with_lower(self, words) -> list[int]:
        """The tokens whose lower-case form is one of ``words``, in text order: found over the
        lower-case column's codes, a lookup per word rather than per token."""
        return np.flatnonzero(self.among(LOWER_COLUMN, words)).tolist()

    def among(self, column: int, words) -> np.ndarray:
        """Whether each token's string in ``column`` (``LEMMA_COLUMN`` ... ``ENT_COLUMN``; the lemma
        as the parse gives it) is one of ``words``: a lookup per word rather than per token."""
        keys = self.keys
        among = np.zeros(len(keys), dtype=bool)
        if len(keys):
            wanted = np.fromiter(map(get_string_id, words), dtype=np.uint64)
            at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
            among[at[keys[at] == wanted]] = True
        return among[self.codes[:, column]]


# The columns of ``TokenTable.codes``.
LEMMA_COLUMN, LOWER_COLUMN, TEXT_COLUMN, POS_COLUMN, TAG_COLUMN, DEP_COLUMN, ENT_COLUMN = range(7)


_COLUMNS = [LEMMA, LOWER, ORTH, POS, TAG, DEP, ENT_TYPE]
_NUMBERS = [HEAD, IDX, LENGTH, IS_SPACE, IS_PUNCT, SENT_START]


@per_doc
def token_table(doc) -> TokenTable:
    values = doc.to_array(_COLUMNS + _NUMBERS)
    # Each distinct string-store key is read back once; the columns are then indexed in numpy.
    keys, inverse = _distinct(values[:, :len(_COLUMNS)])
    names = strings_of(doc, keys.tolist())
    strings = np.array(names, dtype=object)
    # Lemmas are read lower-cased: each distinct string is lowered once, not each token's lemma.
    lowered = np.array([name.lower() for name in names], dtype=object)

    def column(k: int) -> list[str]:
        return strings[inverse[:, k]].tolist()

    numbers = values[:, len(_COLUMNS):].astype(np.int64)
    at = np.arange(len(doc))
    heads = at + numbers[:, 0]
    # Each token's children in text order, as a tuple (one shared empty one for the tokens
    # without): a container per token would set off the garbage collector every article.
    dependents = np.flatnonzero(heads != at)
    by_head = dependents[np.argsort(heads[dependents], kind="stable")].tolist()
    counts = np.bincount(heads[dependents], minlength=len(doc))
    children: list[tuple[int, ...]] = [()] * len(doc)
    start = 0
    for head, count in zip(np.flatnonzero(counts).tolist(), counts[counts > 0].tolist()):
        children[head] = tuple(by_head[start:start + count])
        start += count
    heads = heads.tolist()
    return TokenTable(
        lemma=lowered[inverse[:, 0]].tolist(), lower=column(1), text=column(2), pos=column(3),
        tag=column(4), dep=column(5), ent=column(6), head=heads, children=children,
        idx=numbers[:, 1].tolist(), end=(numbers[:, 1] + numbers[:, 2]).tolist(), space=(numbers[:, 3] != 0).tolist(),
        punct=(numbers[:, 4] != 0).tolist(), sent_start=(numbers[:, 5] == 1).tolist(), names=names,
        codes=inverse, keys=keys,
    )


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``keys``, sorted, and each key's index among them, in the
    shape of ``keys``: ``np.unique(keys, return_inverse=True)``, found by one sort and a
    search of the sorted values (``np.unique`` sorts the keys' positions as well, which
    costs twice as much on an article's few thousand keys)."""
    flat = keys.reshape(-1)
    ordered = np.sort(flat)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    distinct = ordered[first]
    return distinct, np.searchsorted(distinct, flat).reshape(keys.shape)


class Paragraphs:
    """Maps a character offset to its paragraph number, counting blocks from 1."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]

    def number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def where(self, offset: int) -> str:
        return f"paragraph {self.number(offset)}"


def first_named_paragraph(text: str, *names: str) -> int | None:
    """The paragraph (numbered as evidence is: the headline is 1) where ``text`` first writes the first of
    ``names`` it holds as whole words; None when it holds none. Evidence of a name itself (its first name)
    has no paragraph of its own: it is shown where the article first names the person."""
    for name in names:
        if name:
            found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
            if found:
                return Paragraphs(text).number(found.start())
    return None


def carry_headline(doc: Doc, end: int) -> None:
    """Record on ``doc`` where the headline that opens its text ends (0: it opens with its body),
    as the article record decided (``Article.headline_end``)."""
    doc.user_data[HEADLINE_END] = int(end)


def headline_end_of(doc: Doc, text: str | None = None) -> int:
    """Where the headline that opens ``doc``'s text ends, 0 when it opens with its body: the article's
    decision carried on the doc, else one made from its text alone (a doc parsed outside the engine)."""
    end = doc.user_data.get(HEADLINE_END)
    if end is None:
        end = headline_end(document_text(doc) if text is None else text)
    return end


class ArticleContext:
    """One parsed article and the facts about its layout that several stages read."""

    def __init__(self, doc: Doc, text: str | None = None):
        self.doc = doc
        self.text = document_text(doc) if text is None else text
        # The tokens of each span asked for: the resolve stage reads one
        # attribution's source and cue several times.
        self._tokens_of: dict[tuple, tuple[Token, ...]] = {}

    @classmethod
    def of(cls, doc: Doc, context: ArticleContext | None = None) -> ArticleContext:
        """``context`` when it is this doc's, else a new one."""
        return context if context is not None and context.doc is doc else cls(doc)

    # ------------------------------------------------------------- layout

    @cached_property
    def paragraphs(self) -> Paragraphs:
        return Paragraphs(self.text)

    @cached_property
    def headline_end(self) -> int:
        """Where the headline that opens the text ends; 0 when the text opens with its body."""
        return headline_end_of(self.doc, self.text)

    @cached_property
    def datelines(self) -> list[tuple[int, int]]:
        """Character ranges of datelines and bylines, which name no one who speaks:
        "CHARLOTTE, N.C.—", "WASHINGTON (AP) — ", "NEW YORK, Feb. 3 (Reuters) - ",
        a paragraph "By JANE DOE", a sign-off "- Jane Doe, Halden"."""
        text = self.text
        found = []
        starts = self._line_starts
        for k, start in enumerate(starts):
            for pattern, group in ((_DATELINE, "dateline"), (_BYLINE, "byline")):
                match = pattern.match(text, start)
                if match:
                    found.append(match.span(group))
            credit = _CREDIT_LINE.match(text, start) if k > 0 else None
            if credit is not None:
                above = _NAMES_LINE.match(text, starts[k - 1])
                if found and found[-1][1] == start - 1:
                    found[-1] = (found[-1][0], credit.end("credit"))
                elif above is not None and above.end() == start - 1:
                    found.append((above.start("names"), credit.end("credit")))
        found.extend(_sign_offs(text))
        return sorted(found)

    @cached_property
    def _line_starts(self) -> list[int]:
        text = self.text
        starts = [0]
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        return starts

    def in_dateline(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.datelines)

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Character ranges inside quotation marks, paragraph by paragraph."""
        return _quoted_ranges(self.text)

    def in_quote(self, offset: int) -> bool:
        quotes = self.quotes
        i = bisect.bisect_right(quotes, (offset, float("inf"))) - 1
        return i >= 0 and quotes[i][0] <= offset < quotes[i][1]

    @cached_property
    def sentence_of(self) -> list[int]:
        """Sentence number of every token; a line break also ends a sentence,
        since the parser sometimes runs a headline into the first paragraph."""
        return _sentence_index(self.doc)

    @cached_property
    def token_in_quote(self) -> np.ndarray:
        """Whether each token starts inside quotation marks."""
        starts = self._token_arrays[0]
        quotes = self.quotes
        if not quotes:
            return np.zeros(len(starts), dtype=bool)
        opens = np.array([q[0] for q in quotes])
        closes = np.array([q[1] for q in quotes])
        k = np.searchsorted(opens, starts, side="right") - 1
        return (k >= 0) & (starts < closes[np.maximum(k, 0)])

    @cached_property
    def narrative_sentence_of(self) -> list[int]:
        """Like ``sentence_of``, but a sentence wholly inside quotation marks does
        not count: a quoted passage is what someone said, and the narration
        around it goes on as if it were one step."""
        sentence_of = np.array(self.sentence_of, dtype=np.int64)
        if not len(sentence_of):
            return []
        words = ~self.doc.to_array(IS_SPACE).astype(bool) & ~self.doc.to_array(IS_PUNCT).astype(bool)
        narrated = np.zeros(sentence_of[-1] + 1, dtype=np.int64)
        narrated[sentence_of[words & ~self.token_in_quote]] = 1
        return np.cumsum(narrated)[sentence_of].tolist()

    # ------------------------------------------------------------- tokens

    @cached_property
    def _token_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        # Offsets and lengths read as one array: a Python loop over tokens costs several times more.
        offsets = self.doc.to_array([IDX, LENGTH]).reshape(-1, 2).astype(np.int64)
        return offsets[:, 0], offsets[:, 0] + offsets[:, 1]

    @cached_property
    def _token_edges(self) -> tuple[list[int], list[int]]:
        starts, ends = self._token_arrays
        return starts.tolist(), ends.tolist()

    def span(self, start: int, end: int) -> Span | None:
        """The tokens the offsets touch (widened to whole tokens), or None outside the text.

        Found by bisection: ``Doc.char_span`` scans the whole document each call.
        """
        if not (0 <= start < end <= len(self.text)):
            return None
        starts, ends = self._token_edges
        first = bisect.bisect_right(ends, start)
        last = bisect.bisect_left(starts, end)
        # ``Span(...)`` rather than ``doc[first:last]``, which normalises the slice in Python.
        return Span(self.doc, first, last) if first < last else None

    def tokens(self, offsets) -> list[Token]:
        """Every token of a possibly interrupted span, in order."""
        key = tuple(map(tuple, offsets))
        found = self._tokens_of.get(key)
        if found is None:
            tokens: list[Token] = []
            for start, end in key:
                span = self.span(start, end)
                if span is not None:
                    tokens.extend(span)
            found = self._tokens_of[key] = tuple(tokens)
        return list(found)


# A writer's name closing a paragraph or standing alone after it, perhaps with a town:
# "... soon parted. - Ann Roe, Halden", "— Amber Phillips." (a first name and a surname at least).
_SIGN_OFF = re.compile(
    r"(?:(?<=[.!?\"”’])[ \t]+|^[ \t]*)(?P<signoff>(?:--?|[—–])[ \t]*[A-Z][\w'’-]*\.?(?:[ \t]+[A-Z][\w'’-]*\.?){1,3}"
    r"(?:,[ \t]*[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})?\.?)[ \t]*$",
    re.MULTILINE,
)


def _sign_offs(text: str) -> list[tuple[int, int]]:
    """Sign-offs, which name the writer as a byline does, not someone the article mentions. A name
    after a paragraph that is all one quotation is the quote's source ('"We will win." / - Ann Roe'),
    as an epigraph names its author, and is kept."""
    found = []
    for match in _sign_off_matches(text):
        start = match.start("signoff")
        before = text[: start].rstrip()
        paragraph = before[before.rfind("\n\n") + 2 if "\n\n" in before else 0:].strip()
        if not paragraph or _QUOTE_MARK.match(paragraph):
            continue
        found.append(match.span("signoff"))
    return found


# A sign-off's dash and the capital after it: no match of ``_SIGN_OFF`` crosses a line, and each holds one.
_DASH = re.compile(r"(?:--?|[—–])[ \t]*[A-Z]")


def _sign_off_matches(text: str):
    """``_SIGN_OFF.finditer(text)``, tried only on the lines that hold a dash: the pattern's
    look-behind is tried at every character of the text otherwise."""
    line_end = -1
    for dash in _DASH.finditer(text):
        if dash.start() < line_end:
            continue
        line_start = text.rfind("\n", 0, dash.start()) + 1
        line_end = text.find("\n", dash.start())
        if line_end < 0:
            line_end = len(text)
        yield from _SIGN_OFF.finditer(text, line_start, line_end)


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    open_at: int | None = None
    # Only the marks are matched; a line break is looked for only while a quotation is open
    # (most of an article's line breaks fall outside quotations).
    for match in _QUOTE_MARK.finditer(text):
        mark, at = match.group(), match.start()
        if open_at is not None:
            # A quotation left open runs to the end of its paragraph.
            end = text.find("\n", open_at, at)
            if end >= 0:
                ranges.append((open_at, end))
                open_at = None
        if open_at is None:
            if mark != "”":
                open_at = at
        elif mark not in ("“", "``"):
            ranges.append((open_at, at + len(mark)))
            open_at = None
    if open_at is not None:
        end = text.find("\n", open_at)
        ranges.append((open_at, end if end >= 0 else len(text)))
    return ranges


def _sentence_index(doc: Doc) -> list[int]:
    if not len(doc):
        return []
    # Sentence starts as the parser marked them, which is what ``Doc.sents`` reads.
    boundary = (doc.to_array(SENT_START) == 1).astype(np.int64)
    words = token_table(doc).text  # no ``Token`` made for each space
    for i in np.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in words[i]:
            boundary[i + 1] = 1
    boundary[0] = 0
    return np.cumsum(boundary).tolist()
