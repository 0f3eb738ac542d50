"""User overrides: a file naming people whose gender whosaid must not infer.

Two formats, chosen by the file's suffix:

CSV (``.csv``, ``.tsv``, ``.txt``): two columns, name and gender; a first row
``name,gender`` is read as a header::

    name,gender
    Robin Ashgrove,male
    Alex Kim,nonbinary

YAML (``.yaml``, ``.yml``): a mapping of name to gender, or a list of
``{name: ..., gender: ...}``::

    Robin Ashgrove: male
    Alex Kim: nonbinary

A name matches a speaker's canonical name or any alias, ignoring case,
diacritics and repeated spaces. Genders: female, male, nonbinary, unknown
(also f, m, woman, man, non-binary, nb). ``unknown`` stops any inference.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .names import fold

GENDER_WORDS: dict[str, str] = {
    "female": "female", "f": "female", "woman": "female", "women": "female",
    "male": "male", "m": "male", "man": "male", "men": "male",
    "nonbinary": "nonbinary", "non-binary": "nonbinary", "nb": "nonbinary", "enby": "nonbinary",
    "unknown": "unknown", "?": "unknown",
}
SUFFIX_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".yaml": "yaml", ".yml": "yaml"}


class OverridesError(ValueError):
    """An overrides file that cannot be read; the message names the file and the line or entry."""


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", fold(name))


@dataclass(frozen=True)
class GenderOverrides:
    """Name → gender, read from ``source``."""

    genders: Mapping[str, str] = field(default_factory=dict)
    source: str = ""

    def lookup(self, *names: str) -> tuple[str, str] | None:
        """(gender, the name that matched) for the first of ``names`` listed, or None."""
        for name in names:
            gender = self.genders.get(name_key(name))
            if gender is not None:
                return gender, name
        return None

    def __len__(self) -> int:
        return len(self.genders)


def parse_gender(value: object, where: str) -> str:
    word = str(value).strip().lower() if value is not None else ""
    if word not in GENDER_WORDS:
        raise OverridesError(
            f"{where}: {value!r} is not a gender; use female, male, nonbinary or unknown"
        )
    return GENDER_WORDS[word]


def _from_rows(rows: list[tuple[str, object, str]], source: str) -> GenderOverrides:
    genders: dict[str, str] = {}
    seen_at: dict[str, str] = {}
    for name, value, where in rows:
        if not isinstance(name, str) or not name.strip():
            raise OverridesError(f"{where}: the name is empty")
        gender = parse_gender(value, where)
        key = name_key(name)
        if key in genders and genders[key] != gender:
            raise OverridesError(
                f"{where}: {name.strip()!r} is given as {gender} here but as {genders[key]} at {seen_at[key]}"
            )
        genders[key] = gender
        seen_at[key] = where
    return GenderOverrides(genders, source)


def parse_csv(text: str, source: str = "overrides") -> GenderOverrides:
    content_lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    first = content_lines[0] if content_lines else ""
    tabbed = source.lower().endswith(".tsv") or ("\t" in first and "," not in first)
    dialect = "excel-tab" if tabbed else "excel"
    rows: list[tuple[str, object, str]] = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect=dialect), 1):
        cells = [cell.strip() for cell in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        where = f"{source}, line {number}"
        if number == 1 and [c.lower() for c in cells[:2]] == ["name", "gender"]:
            continue
        if len(cells) < 2 or not cells[1]:
            raise OverridesError(f"{where}: expected two columns, name and gender, got {row!r}")
        rows.append((cells[0], cells[1], where))
    return _from_rows(rows, source)


def parse_yaml(text: str, source: str = "overrides") -> GenderOverrides:
    try:
        import yaml
    except ImportError:
        raise OverridesError(f"{source}: reading YAML needs PyYAML (pip install pyyaml); or write the file as CSV") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}" if mark is not None else ""
        raise OverridesError(f"{source}{at}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    rows: list[tuple[str, object, str]] = []
    if data is None:
        pass
    elif isinstance(data, dict):
        rows = [(str(name), value, f"{source}, entry {str(name)!r}") for name, value in data.items()]
    elif isinstance(data, list):
        for number, item in enumerate(data, 1):
            where = f"{source}, item {number}"
            if not isinstance(item, dict) or "name" not in item or "gender" not in item:
                raise OverridesError(f"{where}: expected a mapping with 'name' and 'gender', got {item!r}")
            rows.append((item["name"], item["gender"], where))
    else:
        raise OverridesError(f"{source}: expected a mapping of name to gender or a list of {{name, gender}}")
    return _from_rows(rows, source)


def load_gender_overrides(path: str | Path) -> GenderOverrides:
    """Read a CSV or YAML overrides file; raises ``OverridesError`` naming the file and line."""
    path = Path(path)
    kind = SUFFIX_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise OverridesError(
            f"{path}: unknown overrides format {path.suffix or '(no suffix)'!r}; use .csv, .tsv, .yaml or .yml"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise OverridesError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise OverridesError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    parse = parse_yaml if kind == "yaml" else parse_csv
    return parse(text, str(path))


def as_overrides(value: GenderOverrides | Mapping[str, str] | str | Path | None) -> GenderOverrides | None:
    """Accept what an API caller may pass: a path, a mapping, loaded overrides or None."""
    if value is None or isinstance(value, GenderOverrides):
        return value
    if isinstance(value, (str, Path)):
        return load_gender_overrides(value)
    if isinstance(value, Mapping):
        return _from_rows([(k, v, f"overrides entry {k!r}") for k, v in value.items()], "overrides")
    raise TypeError(f"gender overrides must be a file path or a mapping of name to gender, not {type(value).__name__}")


OPTION_HELP = (
    "CSV or YAML file of name → gender (female, male, nonbinary, unknown) that wins over "
    "what whosaid infers; see docs/profiles.md"
)


def add_gender_overrides_option(parser) -> None:
    """Add ``--gender-overrides FILE`` to an argparse parser; the value is the loaded overrides.

    A file that cannot be read stops argument parsing with a message naming
    the file and the line, as argparse does for any bad option value.
    """
    import argparse

    def load(value: str) -> GenderOverrides:
        try:
            return load_gender_overrides(value)
        except OverridesError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parser.add_argument("--gender-overrides", metavar="FILE", type=load, default=None, help=OPTION_HELP)
