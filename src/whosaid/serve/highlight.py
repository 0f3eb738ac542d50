"""Mark every quote, cue and source mention inside an article's text.

Quotes may be interrupted by their cue and share a cue or a source with other
quotes, so the text is cut at every span boundary and each piece is marked with
all the roles that cover it. The result is HTML meant for a ``white-space:
pre-wrap`` block, so the article's own line breaks survive untouched.

Each paragraph is a ``<span class="para" id="p-N">``, numbered as gender
evidence numbers them (blocks between blank lines, the headline is 1), so a
piece of evidence links to ``/articles/ID#p-N``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

PALETTE_SIZE = 8
# The paragraph break of whosaid.enrich.mentions.Paragraphs: evidence and anchors count alike.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_starts(text: str) -> list[int]:
    """Offset of each paragraph's first character; paragraph N starts at index N - 1."""
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _paragraph_spans(text: str) -> tuple[dict[int, int], set[int]]:
    """Where each paragraph opens (offset -> number) and where one closes (the blank lines stay outside)."""
    opens = {start: n for n, start in enumerate(paragraph_starts(text), 1) if start < len(text)}
    closes = {m.start() for m in _PARAGRAPH_BREAK.finditer(text)} | {len(text)}
    return opens, closes


@dataclass(frozen=True)
class Marked:
    """One quote as the highlighter needs it."""

    position: int
    content: Sequence[Sequence[int]]
    source: Sequence[Sequence[int]]
    cue: Sequence[Sequence[int]]
    speaker: str | None
    source_text: str | None
    colour: int | None  # palette index, None for an unnamed source


def speaker_colours(quotes: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Palette index per speaker, in order of first quote."""
    colours: dict[str, int] = {}
    for quote in quotes:
        key = quote.get("speaker_id") or quote.get("speaker_name")
        if key and key not in colours:
            colours[key] = len(colours) % PALETTE_SIZE
    return colours


def marked_quotes(quotes: Iterable[dict[str, Any]]) -> list[Marked]:
    quotes = list(quotes)
    colours = speaker_colours(quotes)
    marked = []
    for quote in quotes:
        key = quote.get("speaker_id") or quote.get("speaker_name")
        marked.append(
            Marked(
                position=quote["position"],
                content=quote.get("content") or (),
                source=quote.get("source") or (),
                cue=quote.get("cue") or (),
                speaker=quote.get("speaker_name"),
                source_text=quote.get("source_text"),
                colour=colours.get(key) if key else None,
            )
        )
    return marked


def resolution_label(source_text: str | None, speaker: str | None) -> str | None:
    """"he → Martin Solveig" when the mention does not already spell out the canonical name."""
    if not source_text or not speaker:
        return None
    if speaker.casefold() in " ".join(source_text.split()).casefold():
        return None
    return f"{source_text} → {speaker}"


def _valid(spans: Sequence[Sequence[int]], length: int) -> list[tuple[int, int]]:
    out = []
    for span in spans:
        if len(span) != 2:
            continue
        start, end = max(0, int(span[0])), min(length, int(span[1]))
        if start < end:
            out.append((start, end))
    return out


def highlight(text: str, quotes: Sequence[Marked], focus: int | None = None) -> Markup:
    """The article as HTML with ``<mark>`` for quote content and spans for cues and sources.

    ``focus`` is the position of the quote to emphasise (the one a link pointed at).
    """
    length = len(text)
    roles: list[tuple[int, int, str, Marked]] = []
    for quote in quotes:
        for start, end in _valid(quote.content, length):
            roles.append((start, end, "content", quote))
        for start, end in _valid(quote.cue, length):
            roles.append((start, end, "cue", quote))
        for start, end in _valid(quote.source, length):
            roles.append((start, end, "source", quote))

    opens, closes = _paragraph_spans(text)
    cuts = sorted({0, length, *opens, *closes, *(r[0] for r in roles), *(r[1] for r in roles)})
    anchored: set[int] = set()
    badges_done: set[tuple[int, str]] = set()
    html: list[str] = []
    inside = False
    for start, end in zip(cuts, cuts[1:]):
        if start in closes and inside:
            html.append("</span>")
            inside = False
        if start in opens:
            html.append(f'<span class="para" id="p-{opens[start]}">')
            inside = True
        piece = escape(text[start:end])
        covering = [r for r in roles if r[0] <= start and end <= r[1]]
        if not covering:
            html.append(piece)
            continue
        content = [r[3] for r in covering if r[2] == "content"]
        cues = [r[3] for r in covering if r[2] == "cue"]
        sources = [r for r in covering if r[2] == "source"]
        inner = str(piece)
        if cues:
            inner = f'<span class="cue" title="cue">{inner}</span>'
        if sources:
            quote = sources[0][3]
            inner = f'<span class="source{_colour(quote)}" title="speaker mention">{inner}</span>'
        if content:
            quote = content[0]
            classes = "quote" + _colour(quote)
            if focus is not None and any(q.position == focus for q in content):
                classes += " focus"
            anchor = ""
            if quote.position not in anchored:
                anchored.add(quote.position)
                anchor = f' id="q-{quote.position}"'
            title = escape(quote.speaker or "unnamed source")
            inner = (
                f'<mark class="{classes}"{anchor} data-quote="{quote.position}" '
                f'title="{title}">{inner}</mark>'
            )
        html.append(inner)
        # The resolution follows the mention it explains: "he → Martin Solveig".
        for s_start, s_end, _, quote in sources:
            label_key = (s_end, quote.speaker or "")
            if s_end == end and label_key not in badges_done and quote.speaker:
                badges_done.add(label_key)
                if resolution_label(text[s_start:s_end], quote.speaker):
                    html.append(
                        f' <span class="resolved{_colour(quote)}">→ {escape(quote.speaker)}</span>'
                    )
    if inside:
        html.append("</span>")
    return Markup("".join(html))


def _colour(quote: Marked) -> str:
    return f" sp-{quote.colour}" if quote.colour is not None else " sp-none"
