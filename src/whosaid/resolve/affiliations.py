"""Qualifiers that tell people with the same role apart: party, country, state.

"the Russian leader" means the president the article ties to Russia
("President Arkady Volkov of Russia"), "the Nevada Democrat" the senator
written "Harry Reid (D-Nev.)", "the GOP nominee" not the Democratic one. A
qualifier is kept as lower-case words, party labels and state abbreviations
spelled out ("GOP" → "republican", "Nev." → "nevada"); "Russian" and
"Russia" agree.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..context import token_table
from ..lexicon import PARTY_LABELS, TITLES, US_STATES

# Place words too common to tell two places apart on their own.
_WEAK = frozenset({"north", "south", "east", "west", "new", "united", "the"})
# "(D-Nev.)", "(R-Texas)", "(I-Vt.)": a legislator's party and state.
_LABEL = re.compile(r"\s*\(\s*([DRI])\s*[-–]\s*([A-Z][A-Za-z. ]{0,20}?)\s*\)")
_PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


def normal(word: str) -> list[str]:
    """A qualifier as the words it is compared by."""
    key = word.lower().replace(".", "").replace("’", "'").strip()
    if key in PARTY_LABELS:
        return [PARTY_LABELS[key]]
    if key.replace(" ", "") in US_STATES:
        return US_STATES[key.replace(" ", "")].split()
    return key.split()


def qualifiers(noun: Token, before: int | None = None) -> set[str]:
    """Capitalised modifiers of a noun ("GOP", "Democratic", "French", "South
    Carolina"): the ones that tell two people with the same role apart."""
    limit = noun.i if before is None else before
    found: set[str] = set()
    t = token_table(noun.doc)
    for child in t.children[noun.i]:
        if (
            child < limit
            and t.dep[child] in ("amod", "compound", "nmod")
            and t.pos[child] in ("PROPN", "ADJ")
            and t.text[child][:1].isupper()
            and t.lower[child] not in TITLES
        ):
            found.update(normal(t.text[child]))
    return found


def agree(wanted: set[str], known: set[str]) -> bool:
    """Whether two sets of qualifiers share one: the same word, or a place and
    its people ("russia", "russian"); "north" or "new" alone never decide."""
    for a in wanted - _WEAK:
        for b in known - _WEAK:
            if a == b:
                return True
            short, long_ = sorted((a, b), key=len)
            common = len(short) - 1 if len(short) > 4 else len(short)
            if common >= 4 and long_.startswith(short[:common]):
                return True
    return False


def name_affiliations(doc: Doc, start: int, end: int, text: str) -> set[str]:
    """What the words around a name say of the person's party and place:
    capitalised words before the name and its titles ("Russian President",
    "Texas Sen.", "GOP nominee"), "of Russia" after it, "(D-Nev.)"."""
    found: set[str] = set()
    t = token_table(doc)
    i = start - 1
    while i >= 0 and start - i <= 6:
        if t.punct[i] or t.pos[i] in ("DET", "VERB", "AUX", "ADP", "CCONJ", "PRON") or t.space[i]:
            break
        if t.text[i][:1].isupper() and t.lower[i] not in TITLES and (
            t.ent[i] in _PLACE_LABELS or t.lower[i] in PARTY_LABELS
        ):
            found.update(normal(t.text[i]))
        i -= 1
    if end < len(doc) and t.lower[end] == "of":
        j = end + 1
        if j < len(doc) and t.lower[j] == "the":
            j += 1
        while j < len(doc) and t.ent[j] in _PLACE_LABELS:
            found.update(normal(t.text[j]))
            j += 1
    if end < len(doc):
        label = _LABEL.match(text, t.end[end - 1])
        if label:
            found.update(normal(label.group(1)))
            found.update(normal(label.group(2)))
    return found
