"""First-name gender probabilities, read offline from the ``nomquamgender`` package.

``nomquamgender`` ships ``name_data.json``: for each first name, the number of
sources and of people counted and p(gf), the share of people with that name
who are women. whosaid reads the file itself rather than importing the
package (which pulls in pandas) and keeps only names counted often enough for
the share to mean something.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# A name is looked up only when this many people were counted under it.
MIN_COUNT = 50
# And is used as evidence only when this share of them have one gender.
DEFAULT_THRESHOLD = 0.95

_ENTRY = re.compile(r'"((?:[^"\\]|\\.)*)": \[(\d+), (\d+), ([0-9.eE+-]+)')


class LexiconMissing(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class NameGuess:
    name: str
    label: str  # female | male
    confidence: float  # share of people with this name who have ``label``
    count: int


def fold(name: str) -> str:
    """Lower case without diacritics: "François" → "francois"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()


@lru_cache(maxsize=1)
def _data_file() -> Path:
    # Looked up once per process: the resolver asks for every person it names.
    spec = importlib.util.find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconMissing(
            "the first-name lexicon package 'nomquamgender' is not installed; "
            "install it (pip install nomquamgender==0.1.4) or profile without first names"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "name_data.json"


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[float, int]]:
    # A regular scan of the JSON text keeps memory to the ~90k names kept,
    # where json.load would build all 720k entries first.
    raw = _data_file().read_text(encoding="utf-8")
    table: dict[str, tuple[float, int]] = {}
    for match in _ENTRY.finditer(raw):
        count = int(match.group(3))
        if count >= MIN_COUNT:
            table[match.group(1)] = (float(match.group(4)), count)
    return table


def lexicon_available() -> bool:
    try:
        _data_file()
    except LexiconMissing:
        return False
    return True


# Asked again and again for the same few hundred names; the answer never changes.
@lru_cache(maxsize=65536)
def guess(first_name: str) -> NameGuess | None:
    """The gender most people called ``first_name`` have, or None when the name is unknown."""
    key = fold(first_name)
    if not key or not key[0].isalpha():
        return None
    entry = _table().get(key)
    if entry is None and "-" in key:
        entry = _table().get(key.split("-")[0])
    if entry is None:
        return None
    p_female, count = entry
    if p_female >= 0.5:
        return NameGuess(first_name, "female", p_female, count)
    return NameGuess(first_name, "male", 1.0 - p_female, count)
