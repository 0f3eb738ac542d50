"""Keys that decide when two names or two quotes are the same across articles.

Persons: honorifics, accents, case and punctuation never make a difference
("Dr. José Núñez" is "jose nunez"). A middle initial is part of the key
("David R. Whitman" is "david r whitman"): two different initials are two
people, and a name written without one joins the one initialled namesake it
can be (``speakers.SpeakerIndex.link``). A generational suffix is part of the
name: "Donald Trump Jr." is "donald trump jr", never "donald trump".
Organisations: a leading "the" and punctuation do not ("The U.N." is "un").

A gendered honorific is not part of the key but is kept apart from it
(``honorific_gender``): "Mrs. Obama" and "Mr. Obama" have the same key and
are still two people.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from functools import lru_cache

from ftfy import TextFixerConfig, fix_text

from ..lexicon import HONORIFIC_GENDER, NAME_SUFFIXES
from ..records import Speaker

HONORIFICS = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr sen rep gov gen col capt lt sgt".split()
)
# The honorifics that say a gender ("Mrs.", "Sir"); the others ("Dr.", "Sen.") do not.
GENDERED_HONORIFICS = HONORIFIC_GENDER
SUFFIXES = frozenset(suffix.rstrip(".") for suffix in NAME_SUFFIXES)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")


def fold(text: str) -> str:
    """Case-folded, accents removed, compatibility characters unified."""
    if text.isascii():
        # Nothing to decompose or drop (most English text): the same result at a fraction of the cost.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def readable_name(name: str) -> str:
    """A name a wrong decoding garbled ("FranÃ§ois Hollande"), repaired ("François Hollande").

    Only a speaker's name is repaired; the article text keeps every character, so
    its offsets hold. A name garbled past repair (characters lost) stays as it is.
    """
    if name.isascii():
        return name
    repaired = fix_text(name, _REPAIR)
    # Only a repair changes the name: "Peña" decomposed stays as the article writes it.
    return name if repaired == unicodedata.normalize("NFC", name) else repaired


def readable_speaker(speaker: Speaker) -> Speaker:
    """The article's speaker under its repaired name, the garbled form kept as an alias."""
    name = readable_name(speaker.name)
    if name == speaker.name:
        return speaker
    return dataclasses.replace(speaker, name=name, aliases=(speaker.name, *speaker.aliases))


# Undo wrong decodings (also of text a parse stored decomposed, "A" + a combining tilde) and
# nothing else: quotation marks, widths and ligatures stay as written.
_REPAIR = TextFixerConfig(
    unescape_html=False, fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False,
    fix_line_breaks=False, normalization="NFC", explain=False,
)


def _person_words(name: str) -> list[str]:
    words = [_POSSESSIVE.sub("", w).replace("’", "'") for w in _WORD.findall(fold(name))]
    return [w for w in words if w]


# Corpus linking asks for the same few thousand names again after every batch.
@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> tuple[str, ...]:
    """Given names, surname, then any suffix: "Mr. Donald J. Trump Jr." is ("donald", "trump", "jr")."""
    words = _person_words(name)
    while words and words[0] in HONORIFICS:
        words.pop(0)
    suffix = []
    while len(words) > 1 and words[-1] in SUFFIXES:
        suffix.insert(0, words.pop())
    return (*words, *suffix)


def middle_initials(key: tuple[str, ...]) -> tuple[str, ...]:
    """The middle initials of a person key ("r" of "david r whitman"); empty for a name without one."""
    given = split_key(key)[0]
    return tuple(w for w in given[1:] if len(w) == 1)


def initials_conflict(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two person keys give different middle initials: "David R." and "David K." are two people;
    a name without one conflicts with none."""
    first, second = middle_initials(a), middle_initials(b)
    return bool(first) and bool(second) and first != second


def split_key(key: tuple[str, ...]) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """A person key as (given names, surname, suffixes); given names are empty for a bare surname."""
    end = len(key)
    while end > 1 and key[end - 1] in SUFFIXES:
        end -= 1
    return key[: end - 1], key[end - 1], key[end:]


def honorific_gender(name: str) -> str | None:
    """The gender a leading honorific states ("Mrs. Obama": female), or None without one."""
    for word in _person_words(name):
        if word not in HONORIFICS:
            return None
        if word in GENDERED_HONORIFICS:
            return GENDERED_HONORIFICS[word]
    return None


@lru_cache(maxsize=1 << 16)
def organization_key(name: str) -> tuple[str, ...]:
    words = _WORD.findall(fold(name).replace(".", ""))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return tuple(words)


def name_key(name: str, kind: str) -> tuple[str, ...]:
    return person_key(name) if kind == "person" else organization_key(name)


def speaker_id(key: tuple[str, ...], kind: str, honorific: str | None = None) -> str:
    """Stable id of a speaker: the same canonical name gives the same id in every store and on Spark.

    ``honorific`` separates bare surnames by the gender their honorific
    states: "Mrs. Obama" and "Mr. Obama" are two speakers.
    """
    family = "person" if kind == "person" else "organization"
    qualifier = f"|{honorific}" if honorific else ""
    return hashlib.sha256(f"{family}:{' '.join(key)}{qualifier}".encode()).hexdigest()[:16]


def canonical_id(name: str, kind: str) -> str:
    """The id a speaker called ``name`` gets: "Mrs. Obama" alone is not "Mr. Obama"."""
    key = name_key(name, kind)
    return speaker_id(key, kind, bare_honorific(name, key) if kind == "person" else None)


def bare_honorific(name: str, key: tuple[str, ...]) -> str | None:
    """The honorific's gender when ``name`` is a bare surname ("Mrs. Obama"); None otherwise."""
    return honorific_gender(name) if key and not split_key(key)[0] else None


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
