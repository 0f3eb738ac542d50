"""Where the article mentions a speaker, split by kind: names, pronouns, descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..context import ArticleContext, token_table
from ..lexicon import HONORIFIC_GENDER, NEOPRONOUNS, PRONOUN_GENDER, THEY_PRONOUNS
from ..records import Speaker

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


@dataclass(slots=True)
class Mentions:
    names: list[Span] = field(default_factory=list)
    pronouns: list[Span] = field(default_factory=list)
    descriptions: list[Span] = field(default_factory=list)
    # ``name_tokens`` of each of ``names``, in the same order (None where it finds no name word).
    name_ranges: list[tuple[int, int] | None] = field(default_factory=list)


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
    t = token_table(span.doc)
    word = t.lower[span.start]
    return word in PRONOUN_GENDER or word in THEY_PRONOUNS or word in NEOPRONOUNS or t.pos[span.start] == "PRON"


def _without_possessive(word: str) -> str:
    # Only a word ending in s or an apostrophe can carry a possessive.
    return _POSSESSIVE.sub("", word) if word[-1:] in ("s", "'", "’") else word


def name_tokens(span: Span, words: set[str]) -> tuple[int, int] | None:
    """Document token range [start, end) of the name a mention holds, if any.

    The range widens over name words just outside the mention: a resolver
    that gives "Marsh" alone still means "Elena Marsh".
    """
    doc = span.doc
    text = token_table(doc).text
    hits = [i for i in range(span.start, span.end) if _without_possessive(text[i]) in words]
    if not hits:
        return None
    start, end = hits[0], hits[-1] + 1
    while start > 0 and text[start - 1] in words:
        start -= 1
    while end < len(doc) and text[end] in words:
        end += 1
    return start, end


def _owns_the_rest(span: Span, held: tuple[int, int]) -> bool:
    """ "Republican nominee Tom Marr's wife" given to Ann Marr: the name in it is a possessor, and the
    mention is what that name owns, a description of her, not her name."""
    t = token_table(span.doc)
    end = held[1]
    possessive = end < span.end and (t.tag[end] == "POS" or t.lower[end] in ("'s", "’s", "'", "’"))
    return possessive and any(t.pos[i] == "NOUN" for i in range(end + 1, span.end))


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _occurrences(text: str, phrase: str) -> list[int]:
    """Where ``phrase`` stands as whole words in ``text`` (no word character
    just before or after), found without compiling a pattern per name."""
    found: list[int] = []
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
            found.append(at)
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)
    return found


def collect(
    doc: Doc, speaker: Speaker, index: ArticleContext | None = None, words: set[str] | None = None
) -> Mentions:
    """Split the resolver's mentions of ``speaker`` and add where its full name is written.

    The full canonical name is searched for in the text as well, so a
    premodifier or honorific next to a mention the resolver skipped still
    counts; a bare surname is not searched, since another person may share it.
    """
    index = ArticleContext.of(doc, index)
    words = name_words(speaker) if words is None else words
    found = Mentions()
    pos = token_table(doc).pos
    seen: set[tuple[int, int]] = set()
    # Each name with the name tokens it holds, read once here for the profile too.
    names: list[tuple[Span, tuple[int, int] | None]] = []
    for start, end in sorted(set(speaker.mentions)):
        span = index.span(start, end)
        if span is None or (span.start, span.end) in seen:
            continue
        seen.add((span.start, span.end))
        if is_pronoun(span):
            found.pronouns.append(span)
            continue
        held = name_tokens(span, words)
        if held and _owns_the_rest(span, held):
            held = None
        if held:
            names.append((span, held))
        elif any(pos[i] in ("NOUN", "PROPN") for i in range(span.start, span.end)):
            found.descriptions.append(span)
    full = speaker.name.strip()
    if " " in full:
        name_starts = {span.start for span, _ in names}
        for at in _occurrences(index.text, full):
            span = index.span(at, at + len(full))
            if span is not None and span.start not in name_starts:
                name_starts.add(span.start)
                names.append((span, name_tokens(span, words)))
    names.sort(key=lambda pair: pair[0].start)
    found.names = [span for span, _ in names]
    found.name_ranges = [held for _, held in names]
    return found
