"""Where the article mentions a speaker, split by kind: names, pronouns, descriptions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..records import Speaker
from .words import HONORIFIC_GENDER, NEOPRONOUNS, PRONOUN_GENDER, THEY_PRONOUNS

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


class Paragraphs:
    """Maps a character offset to its paragraph number, counting blocks from 1."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]

    def number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def where(self, offset: int) -> str:
        return f"paragraph {self.number(offset)}"


@dataclass(slots=True)
class Mentions:
    names: list[Span] = field(default_factory=list)
    pronouns: list[Span] = field(default_factory=list)
    descriptions: list[Span] = field(default_factory=list)


def name_words(speaker: Speaker) -> set[str]:
    """The capitalised words of the speaker's name and aliases ("Paola", "Rinaldi")."""
    words: set[str] = set()
    for name in (speaker.name, *speaker.aliases):
        for word in _NAME_WORD.findall(name or ""):
            word = _POSSESSIVE.sub("", word)
            if word[:1].isupper() and word.lower().rstrip(".") not in HONORIFIC_GENDER:
                words.add(word)
    return words


def is_pronoun(span: Span) -> bool:
    if len(span) != 1:
        return False
    word = span[0].lower_
    return word in PRONOUN_GENDER or word in THEY_PRONOUNS or word in NEOPRONOUNS or span[0].pos_ == "PRON"


def name_tokens(span: Span, words: set[str]) -> tuple[int, int] | None:
    """Document token range [start, end) of the name inside a mention span, if it holds one."""
    hits = [t.i for t in span if _POSSESSIVE.sub("", t.text) in words]
    if not hits:
        return None
    return hits[0], hits[-1] + 1


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= len(doc.text) else None


def collect(doc: Doc, speaker: Speaker) -> Mentions:
    """Split the resolver's mentions of ``speaker`` and add where its full name is written.

    The full canonical name is searched for in the text as well, so a
    premodifier or honorific next to a mention the resolver skipped still
    counts; a bare surname is not searched, since another person may share it.
    """
    words = name_words(speaker)
    found = Mentions()
    seen: set[tuple[int, int]] = set()
    for start, end in sorted(set(speaker.mentions)):
        span = _span(doc, start, end)
        if span is None or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        if is_pronoun(span):
            found.pronouns.append(span)
        elif name_tokens(span, words):
            found.names.append(span)
        elif any(t.pos_ in ("NOUN", "PROPN") for t in span):
            found.descriptions.append(span)
    full = speaker.name.strip()
    if " " in full:
        for match in re.finditer(rf"(?<!\w){re.escape(full)}(?!\w)", doc.text):
            span = _span(doc, match.start(), match.end())
            if span is not None and not any(n.start == span.start for n in found.names):
                found.names.append(span)
    found.names.sort(key=lambda s: s.start)
    return found
