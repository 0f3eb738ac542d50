"""One name per outlet: "breitbart", "www.breitbart.com" and "Breitbart News" are one outlet.

Names are compared by a key: accents, case, a leading "the", spaces and
punctuation are dropped ("The New York Times" is ``newyorktimes``), and a web
address keeps only its site name ("https://www.nytimes.com/..." is
``nytimes``; "bbc.co.uk" is ``bbc``). A name whose key is in the mapping
becomes the mapping's name; any other name keeps the first form seen for its
key, so "riverside-gazette.example" and "Riverside Gazette" are one outlet.

The mapping shipped with whosaid (``outlets.csv`` next to this file) names a
few dozen large English-language outlets. A user file (``whosaid ingest
--outlets FILE``) adds to it and wins over it; it is CSV with a header::

    name,aliases
    Riverside Gazette,rg;riverside-gazette.example;The Gazette

or YAML, a mapping from name to aliases::

    Riverside Gazette: [rg, riverside-gazette.example]
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..store.names import fold

# Second-level labels of country domains: "bbc.co.uk" is the site "bbc".
_SECOND_LEVEL = frozenset("co com org net gov ac edu ne or go".split())
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class OutletFileError(ValueError):
    """An outlet mapping file whosaid cannot read; the message names the file and the row."""


def host_of(url: str | None) -> str | None:
    """The host of a web address without "www.", or None."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _looks_like_address(name: str) -> bool:
    return " " not in name and ("." in name or "/" in name)


def outlet_key(name: str) -> str:
    """The key outlet names are compared by (see the module docstring)."""
    folded = fold(name).strip()
    if _looks_like_address(folded):
        host = host_of(folded) or folded
        labels = [label for label in host.split(".") if label]
        if len(labels) > 1:
            labels.pop()  # the top-level domain
            if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
                labels.pop()
        return _NOT_ALNUM.sub("", labels[-1]) if labels else ""
    if folded.startswith("the "):
        folded = folded[4:]
    return _NOT_ALNUM.sub("", folded)


def _split_aliases(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [a.strip() for a in re.split(r"[;|]", str(value)) if a.strip()]


def read_mapping(text: str, where: str, yaml: bool = False) -> dict[str, str]:
    """Keys of every name and alias in a mapping file's text, to the name."""
    if yaml:
        import yaml as pyyaml

        try:
            data = pyyaml.safe_load(text) or {}
        except pyyaml.YAMLError as exc:
            raise OutletFileError(f"{where}: not valid YAML ({exc})") from None
        if not isinstance(data, dict):
            raise OutletFileError(f"{where}: expected a mapping from outlet name to aliases")
        rows = [(str(name), _split_aliases(aliases)) for name, aliases in data.items()]
    else:
        reader = csv.DictReader(text.splitlines())
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "name" not in fields:
            raise OutletFileError(f"{where}: the first row must be a header with a 'name' column")
        rows = []
        for number, row in enumerate(reader, 2):
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            name = (row.get("name") or "").strip()
            if not name:
                raise OutletFileError(f"{where}, row {number}: needs a name")
            rows.append((name, _split_aliases(row.get("aliases"))))
    mapping = {}
    for name, aliases in rows:
        for alias in (name, *aliases):
            if key := outlet_key(alias):
                mapping[key] = name.strip()
    return mapping


def default_mapping() -> dict[str, str]:
    text = resources.files(__package__).joinpath("outlets.csv").read_text(encoding="utf-8")
    return read_mapping(text, "outlets.csv")


def load_mapping(path: str | Path) -> dict[str, str]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutletFileError(f"{path}: cannot read ({exc})") from None
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".yaml", ".yml"):
        raise OutletFileError(f"{path}: an outlet mapping must be .csv, .yaml or .yml")
    return read_mapping(text, str(path), yaml=suffix != ".csv")


class OutletNames:
    """Gives each outlet one name: the mapping's, else the first form seen for its key.

    With ``remember=False`` a name not in the mapping is kept as given, so the
    result does not depend on what was seen before (Spark executors).
    """

    def __init__(
        self, extra: str | Path | dict[str, str] | None = None, known: list[str] = (), remember: bool = True
    ):
        self.remember = remember
        self.mapping = default_mapping()
        if extra is not None:
            self.mapping.update(extra if isinstance(extra, dict) else load_mapping(extra))
        self.seen: dict[str, str] = {}
        for name in known:
            self.canonical(name)

    def canonical(self, name: str | None) -> str | None:
        if name is None or not name.strip():
            return None
        name = " ".join(name.split())
        key = outlet_key(name)
        if not key:
            return name
        if key in self.mapping:
            return self.mapping[key]
        return self.seen.setdefault(key, name) if self.remember else name
