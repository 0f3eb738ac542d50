"""Keys that decide when two names or two quotes are the same across articles.

Persons: honorifics, suffixes, accents, case and punctuation never make a
difference ("Dr. José Núñez Jr." is "jose nunez"), and a middle initial does
not either ("George W. Bush" is "george bush"). Organisations: a leading
"the" and punctuation do not ("The U.N." is "un").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr sen rep gov gen col capt lt sgt".split()
)
SUFFIXES = frozenset("jr sr ii iii iv".split())
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")


def fold(text: str) -> str:
    """Case-folded, accents removed, compatibility characters unified."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def person_key(name: str) -> tuple[str, ...]:
    words = [_POSSESSIVE.sub("", w).replace("’", "'") for w in _WORD.findall(fold(name))]
    words = [w for w in words if w]
    while words and words[0] in HONORIFICS:
        words.pop(0)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    if len(words) > 2:
        # Middle initials vary between outlets; first and last names do not.
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return tuple(words)


def organization_key(name: str) -> tuple[str, ...]:
    words = _WORD.findall(fold(name).replace(".", ""))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return tuple(words)


def name_key(name: str, kind: str) -> tuple[str, ...]:
    return person_key(name) if kind == "person" else organization_key(name)


def speaker_id(key: tuple[str, ...], kind: str) -> str:
    """Stable id of a speaker: the same canonical name gives the same id in every store and on Spark."""
    family = "person" if kind == "person" else "organization"
    return hashlib.sha256(f"{family}:{' '.join(key)}".encode()).hexdigest()[:16]


_QUOTE_NOISE = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def quote_key(text: str) -> str:
    """The text a quote is linked on: case, accents, punctuation and spacing folded."""
    return _SPACES.sub(" ", _QUOTE_NOISE.sub(" ", fold(text))).strip()


def article_id(text: str) -> str:
    """Stable article id: the first 16 hex digits of the SHA-256 of its whitespace-normalised text.

    Runs of spaces, tabs and line breaks count as one space and the ends are
    trimmed, so two copies that differ only in spacing (trailing blank lines,
    Windows line ends, indentation) are one article.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
