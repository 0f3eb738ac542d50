"""Long articles parsed in bounded pieces, read as one document.

spaCy's parser and entity recogniser keep working memory for every token of a
batch at once, so memory grows with the longest article: a 2 MB article parsed
whole took 6.5 GB. An article over ``PIECE_CHARS`` is cut at paragraph breaks
(else line breaks, else spaces) into pieces of at most that many characters.
Each piece is parsed with ``CONTEXT_CHARS`` of the text either side of it, so
the words at its edges see the neighbours a whole parse would show them, and
only the piece's own tokens are kept. The pieces are parsed in batches of at
most ``BATCH_CHARS`` characters and joined back into one ``Doc`` of the whole
text (``Doc.from_docs``): offsets index the whole article, and every later
stage (quotes, attribution, speakers and their references across the article)
reads it whole.

Articles up to ``PIECE_CHARS`` are parsed whole, exactly as before; a longer
one gives the same parse as a whole parse wherever a piece ends at a paragraph
break (tests/test_long_articles.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..headline import HEADLINE_END
from .wrap import ORIGINAL_TEXT, unwrapped

PIECE_CHARS = 50_000
CONTEXT_CHARS = 1_000
BATCH_CHARS = 100_000

# Set on the Doc of text that does not start the article: its first line is not the headline.
CONTINUES = "whosaid.piece_continues_article"

Context = TypeVar("Context")

_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"\s+"))


def piece_bounds(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` of each piece: consecutive and covering ``text``.

    A piece holds at most ``limit`` characters plus the whitespace it ends
    with: a cut falls after a run of whitespace, so each piece after the first
    starts at a word, where a whole parse starts a token too. Only a text with
    no whitespace in ``limit`` characters is cut inside a word.
    """
    bounds = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        bounds.append((start, end))
        start = end
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    """Where the piece starting at ``start`` ends: after the last paragraph break before ``limit``,
    else the last line break, else the last space."""
    for pattern in _CUTS:
        last = None
        for last in pattern.finditer(text, start + 1, limit):
            pass
        if last is not None:
            return pattern.match(text, last.start()).end()
    return limit


def parse_article(nlp: Language, text: str | Doc, piece_chars: int = PIECE_CHARS) -> Doc:
    """``text`` parsed by ``nlp``, in pieces if it is long; one Doc of the whole text."""
    return next(parse_articles(nlp, [(text, None)], piece_chars=piece_chars))[0]


def opening_with_body(nlp: Language, text: str) -> Doc:
    """``text``, not yet parsed, marked as opening with its body (``Article.headline_end`` 0), so
    the parse reads no headline line: what to give ``parse_articles`` for such a text."""
    doc = nlp.make_doc(text)
    doc.user_data[HEADLINE_END] = 0
    return doc


def parse_articles(
    nlp: Language,
    items: Iterable[tuple[str | Doc, Context]],
    batch_size: int = 8,
    piece_chars: int = PIECE_CHARS,
    batch_chars: int = BATCH_CHARS,
) -> Iterator[tuple[Doc, Context]]:
    """``(doc, context)`` for each ``(text, context)``, in order, streamed. A text may come as an
    unparsed Doc carrying what the parse reads of it (``opening_with_body``).

    A batch holds at most ``batch_size`` texts or pieces and, unless a single
    one is longer, at most ``batch_chars`` characters. A hard-wrapped text is
    parsed with its wraps made spaces (``wrap``): its Doc holds that copy, of the
    same length, and ``wrap.original_text(doc)`` gives the text as given.
    """
    pending: list[Doc] = []
    for batch in _batches(_pieces(nlp, _unwrapped(nlp, items), piece_chars), batch_size, batch_chars):
        for doc, ((context, original), keep, last) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
            pending.append(_kept(doc, keep))
            if last:
                joined = _joined(pending)
                if original is not None:
                    joined.user_data[ORIGINAL_TEXT] = original
                yield joined, context
                pending = []


def _unwrapped(nlp: Language, items: Iterable[tuple[str | Doc, Context]]):
    """``(text to parse, (context, original text or None))``: a hard-wrapped text is parsed with its wraps
    made spaces (``wrap``), and its original kept for the outputs."""
    for given, context in items:
        text = given.text if isinstance(given, Doc) else given
        opens_with_body = isinstance(given, Doc) and given.user_data.get(HEADLINE_END) == 0
        plain = unwrapped(text, opens_with_headline=not opens_with_body)
        if plain is text:
            yield given, (context, None)
        elif opens_with_body:
            yield opening_with_body(nlp, plain), (context, text)
        else:
            yield plain, (context, text)


def _pieces(nlp: Language, items: Iterable[tuple[str, Context]], piece_chars: int):
    """``(text or Doc, (context, chars to keep, is last piece))`` for every piece of every article."""
    for given, context in items:
        text = given.text if isinstance(given, Doc) else given
        bounds = piece_bounds(text, piece_chars)
        if len(bounds) == 1:
            yield given, (context, None, True)
            continue
        opens_with_body = isinstance(given, Doc) and given.user_data.get(HEADLINE_END) == 0
        for n, (start, end) in enumerate(bounds):
            before = _context_start(text, start)
            after = _context_end(text, end)
            piece: str | Doc = text[before:after]
            if before:
                piece = nlp.make_doc(piece)
                piece.user_data[CONTINUES] = True
            elif opens_with_body:
                piece = opening_with_body(nlp, piece)
            yield piece, (context, (start - before, end - before), n == len(bounds) - 1)


def _context_start(text: str, start: int) -> int:
    """Where the text parsed with a piece starting at ``start`` begins: a word about ``CONTEXT_CHARS`` before."""
    if start <= CONTEXT_CHARS:
        return 0
    last = None
    for last in _CUTS[-1].finditer(text, max(0, start - 2 * CONTEXT_CHARS), start - CONTEXT_CHARS):
        pass
    return last.end() if last is not None else start - CONTEXT_CHARS


def _context_end(text: str, end: int) -> int:
    """Where the text parsed with a piece ending at ``end`` ends: after a word about ``CONTEXT_CHARS`` on."""
    if len(text) - end <= CONTEXT_CHARS:
        return len(text)
    space = _CUTS[-1].search(text, end + CONTEXT_CHARS, end + 2 * CONTEXT_CHARS)
    return space.start() if space is not None else end + CONTEXT_CHARS


def _kept(doc: Doc, keep: tuple[int, int] | None) -> Doc:
    """The tokens of ``doc`` that start within ``keep`` (character offsets), as a Doc of their own."""
    if keep is None:
        return doc
    start, end = keep
    first = next((t.i for t in doc if t.idx >= start), len(doc))
    stop = next((t.i for t in doc[first:] if t.idx >= end), len(doc))
    return doc[first:stop].as_doc()


def _batches(pieces, batch_size: int, batch_chars: int):
    batch: list = []
    chars = 0
    for piece in pieces:
        size = len(piece[0].text if isinstance(piece[0], Doc) else piece[0])
        if batch and (len(batch) >= batch_size or chars + size > batch_chars):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += size
    if batch:
        yield batch


def _joined(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    # whosaid reads no vectors, and the pieces carry no user data of their own.
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
