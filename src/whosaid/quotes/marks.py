"""Quotation-mark spans: every run of text between quotation marks.

Marks are read one paragraph at a time, so that an unbalanced mark costs at most
its own paragraph. Each mark's direction comes from what touches it, not only
from its glyph: a mark with a word right after it and a space (or the paragraph
start, or an opening bracket) before it can open; one with a word right before
it can close. The glyph decides only what the neighbours leave open: straight
``"`` alternate, curly ``“`` opens unless it clearly closes (German ``„…“``,
sloppy ``“Hello,“``), ``”`` closes unless it clearly opens (``”a disgrace”``),
guillemets face either way (French ``« … »`` with inner spaces, German ``»…«``).
A mark with spaces on both sides is neither (a stray ``"``).

Double marks (``"`` ``“ ”`` ``„`` ``« »``, and ``''``/``````  as some wires print
them) and single marks (``'`` ``‘ ’`` ``‚`` ``‹ ›``) pair with their own kind, so
quotations nest: ``“how “are” you doing?”`` is one quotation, as is
``"He said 'never'."``. Only the outermost quotations are returned.

A single mark is also the apostrophe, so it only counts where an apostrophe
cannot be: one between two letters or digits (``don't``, ``d’Or``, ``O'Neill``)
never is a quotation mark; one closing a word (``the Smiths'``) closes only a
single quotation already open, and one opening a word (``'90s``, ``’em``) that
nothing closes in its paragraph was an apostrophe after all.

A double quotation still open at the end of its paragraph ends there, and the
next paragraph's first quotation, when that paragraph opens with a mark (the
newswire convention for a quotation running over paragraphs), is flagged as
continuing it (``continues``), and the open one as running on (``runs_on``); a single quotation does the same when the next paragraph opens
with a single mark. A closing double mark with no double quotation open closes a
single one (``'We will not back down," said the minister``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from ..records import QuoteSpan

MARK = re.compile(r"``|''|[\"“”„«»'‘’‚‹›`]")
DOUBLE_MARKS = frozenset({'"', "“", "”", "„", "«", "»", "''", "``"})
# Glyph preference where the neighbours leave the direction open.
OPENS = frozenset({"“", "„", "«", "‘", "‚", "‹", "`", "``"})
CLOSES = frozenset({"”", "»", "’", "›"})
GUILLEMETS = frozenset({"«", "»", "‹", "›"})
# Neighbours that let a mark open after them or close before them, like a space.
OPENING_PUNCTUATION = frozenset("([{—–-/:")
CLOSING_PUNCTUATION = frozenset(",.;:!?)]}…—–-")
FEET_AND_INCHES = re.compile(r"\d['’]\d{1,2}$")
# Every character that can be (part of) a quotation mark.
QUOTATION_MARKS = "\"“”„«»'‘’‚‹›`"
QUOTE_CHARACTERS = frozenset(QUOTATION_MARKS)
PARAGRAPH = re.compile(r"[^\n]+")
# A line ending on one of these ends its paragraph at a single line break.
LINE_END = frozenset(".!?:;)") | QUOTE_CHARACTERS


@dataclass(slots=True)
class _Mark:
    at: int
    end: int
    double: bool
    mode: str  # "open", "close" or "either" (closes an open quotation of its kind, else opens)


def _space(ch: str) -> bool:
    # Invisible format characters (direction marks, zero-width spaces) count as space.
    return not ch or ch.isspace() or unicodedata.category(ch) == "Cf"


def _neighbour(text: str, at: int, step: int, start: int, stop: int) -> str:
    """The character next to a mark, looking past a space that only separates it from
    another mark (``'Primates,' ''``: wires space adjacent marks apart)."""
    i = at
    if start <= i < stop and text[i] == " ":
        j = i
        while start <= j < stop and text[j] == " " and abs(j - i) < 2:
            j += step
        if start <= j < stop and text[j] in QUOTE_CHARACTERS:
            return text[j]
    return text[i] if start <= i < stop else ""


def _read_mark(text: str, at: int, end: int, start: int, stop: int) -> _Mark | None:
    """A mark at ``text[at:end]`` and which way it faces, or ``None`` for an apostrophe."""
    glyph = text[at:end]
    before = _neighbour(text, at - 1, -1, start, stop)
    after = _neighbour(text, end, 1, start, stop)
    double = glyph in DOUBLE_MARKS
    if not double and (before.isalnum() and after.isalnum() or after.isdigit() and not before.isalnum()):
        return None  # don't, d’Or, O'Neill, dog‘s; '90s
    if before.isdigit() and FEET_AND_INCHES.search(text, max(start, at - 6), at):
        return None  # 6’2”, 5'11"
    # Clearly opening: a word after it, a space, bracket or mark before it; clearly
    # closing: the other way round.
    free_after = not _space(after) and after not in CLOSING_PUNCTUATION
    free_before = not _space(before) and before not in OPENING_PUNCTUATION
    left = free_after and (_space(before) or before in OPENING_PUNCTUATION or before in QUOTE_CHARACTERS)
    right = free_before and (_space(after) or after in CLOSING_PUNCTUATION or after in QUOTE_CHARACTERS)
    if left != right:
        return _Mark(at, end, double, "open" if left else "close")
    if not double and _space(before) and _space(after):
        return None  # a stray single mark
    # Neither or both: the glyph says which way it faces, the paragraph's edges
    # override it (``They see that. “`` closes), straight marks alternate.
    if not after:
        mode = "close"
    elif not before:
        mode = "open"
    elif glyph in OPENS:
        mode = "open"
    elif glyph in CLOSES:
        mode = "close"
    else:
        mode = "either"
    return _Mark(at, end, double, mode)


def _paragraph_spans(text: str, start: int, end: int, next_opens_single: bool) -> tuple[list[tuple[int, int]], bool]:
    """Outermost quoted runs of one paragraph, and whether the last one is left open."""
    closed: list[tuple[int, int]] = []
    stack: list[_Mark] = []
    # Positions in the stack of the open double and single quotations, innermost last.
    open_at: dict[bool, list[int]] = {True: [], False: []}
    for match in MARK.finditer(text, start, end):
        mark = _read_mark(text, match.start(), match.end(), start, end)
        if mark is None:
            continue
        if mark.mode != "open":
            same, other = open_at[mark.double], open_at[not mark.double]
            k = same[-1] if same else None
            if k is not None and not mark.double and other and other[-1] > k:
                # A single mark does not close across an open double quotation: it is
                # an apostrophe there (‘bout ... “Surge alters residents’ routines”).
                k = None
            if k is None and mark.double and mark.mode == "close" and stack and not same:
                k = 0  # 'We will not back down," said the minister
            if k is not None:
                closed.append((stack[k].at, mark.end))
                del stack[k:]
                for positions in open_at.values():
                    while positions and positions[-1] >= k:
                        positions.pop()
                continue
        if mark.mode != "close":
            open_at[mark.double].append(len(stack))
            stack.append(mark)
    # Unclosed single marks were apostrophes ('em, the Smiths'), unless the
    # quotation runs on into a paragraph that opens with a single mark.
    left_open = next((m for m in stack if m.double or next_opens_single), None)
    if left_open is not None:
        tail = end
        while tail > left_open.at + 1 and text[tail - 1].isspace():
            tail -= 1
        if tail - left_open.at > 1:
            closed.append((left_open.at, tail))
        else:
            left_open = None
    return _outermost(closed), left_open is not None


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and s < kept[-1][1]:
            continue
        kept.append((s, e))
    return kept


def _opens_with_single(text: str, start: int, end: int) -> bool:
    match = MARK.match(text, start + len(text[start:end]) - len(text[start:end].lstrip()))
    if match is None or match.group() in DOUBLE_MARKS:
        return False
    mark = _read_mark(text, match.start(), match.end(), start, end)
    return mark is not None and mark.mode != "close"


def _paragraphs(text: str, opens_with_headline: bool = True) -> list[tuple[int, int]]:
    """Paragraph extents: a blank line always ends one; a single line break ends one
    after the first line when it is the headline, and after sentence-final punctuation,
    as the parse stage reads them, so that a hard-wrapped paragraph stays whole."""
    lines = [m.span() for m in PARAGRAPH.finditer(text) if m.group().strip()]
    paragraphs: list[tuple[int, int]] = []
    first_joined = 1 if opens_with_headline else 0
    for n, (start, end) in enumerate(lines):
        if n > first_joined and _wraps(text, lines[n - 1], start):
            paragraphs[-1] = (paragraphs[-1][0], end)
        else:
            paragraphs.append((start, end))
    return paragraphs


def _wraps(text: str, line: tuple[int, int], next_start: int) -> bool:
    """Whether a line runs on into the next one: one line break between them, and
    no sentence-final punctuation ending it."""
    last = text[line[0]:line[1]].rstrip()
    return text.count("\n", line[1], next_start) == 1 and last[-1] not in LINE_END


def find_quote_spans(text: str, opens_with_headline: bool = True) -> list[QuoteSpan]:
    """Every quoted run in ``text`` as character offsets that include the marks."""
    found: list[QuoteSpan] = []
    paragraphs = _paragraphs(text, opens_with_headline)
    previous_open = False
    for n, (start, end) in enumerate(paragraphs):
        next_single = n + 1 < len(paragraphs) and _opens_with_single(text, *paragraphs[n + 1])
        spans, left_open = _paragraph_spans(text, start, end, next_single)
        first_mark = start + len(text[start:end]) - len(text[start:end].lstrip())
        opens_with_mark = bool(spans) and spans[0][0] == first_mark
        for i, (s, e) in enumerate(spans):
            if e - s <= 2:
                continue
            continues = previous_open and opens_with_mark and i == 0
            if continues and found and found[-1].end <= start:
                # The open quotation the paragraph before left runs on into this one.
                found[-1] = replace(found[-1], runs_on=True)
            found.append(QuoteSpan(s, e, continues=continues))
        previous_open = left_open
    return found
