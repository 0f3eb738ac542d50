"""The user's speaker registry: canonical names and their aliases, in CSV or YAML.

CSV has a header row; ``name`` is required, ``aliases`` holds several names
separated by ``;`` or ``|``, and ``kind`` (person, organization, group),
``gender`` and ``role`` are optional::

    name,aliases,kind,gender
    Alexandria Ocasio-Cortez,AOC;Ocasio-Cortez,person,female
    European Union,EU,organization,

YAML is a list of the same fields, or a mapping from name to aliases::

    - name: Alexandria Ocasio-Cortez
      aliases: [AOC, Ocasio-Cortez]
      gender: female
    # or
    European Union: [EU]

``whosaid speakers merge|split|relabel`` write the file back with
``save_registry`` (YAML as a list; comments are not kept).

A namesake entry parts two people of one name: it has an ``articles``
field (article ids, separated by ``;`` in CSV), and the person of that name
in those articles is a speaker of their own (``load_namesakes``;
``load_registry`` leaves these entries out)::

    name,aliases,kind,gender,role,articles
    Chris Dale,,person,,,3b28a7d68bc57305;9c01d2e3f4a5b6c7
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("person", "organization", "group")
GENDERS = ("female", "male", "nonbinary", "unknown")


class RegistryError(ValueError):
    """A registry file whosaid cannot read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class RegisteredSpeaker:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    gender: str = "unknown"
    role: str | None = None


def _aliases(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(a.strip() for a in re.split(r"[;|]", value) if a.strip())
    if isinstance(value, (list, tuple)):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return (str(value).strip(),)


def _entry(fields: dict, where: str) -> RegisteredSpeaker:
    name = str(fields.get("name") or "").strip()
    if not name:
        raise RegistryError(f"{where}: needs a name")
    kind = str(fields.get("kind") or "person").strip().lower()
    if kind in ("org", "organisation"):
        kind = "organization"
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    gender = str(fields.get("gender") or "unknown").strip().lower()
    if gender not in GENDERS:
        raise RegistryError(f"{where}: gender {gender!r} is not one of {', '.join(GENDERS)}")
    role = str(fields["role"]).strip() if fields.get("role") else None
    return RegisteredSpeaker(name, _aliases(fields.get("aliases")), kind, gender, role)


@dataclass(frozen=True, slots=True)
class Namesake:
    """The person called ``name`` in ``articles`` (article ids): another person than the one of that name
    elsewhere, kept apart as a speaker of their own."""

    name: str
    articles: tuple[str, ...]
    kind: str = "person"


def _fields(path: Path) -> list[tuple[dict, str]]:
    """Every entry of a registry file as its fields (lower-case keys), with where it is for messages."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"{path}: cannot read ({exc})") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(text, path)
    if path.suffix.lower() == ".csv":
        rows = csv.DictReader(text.splitlines())
        if not rows.fieldnames or "name" not in [f.strip().lower() for f in rows.fieldnames]:
            raise RegistryError(f"{path}: the first row must be a header with a 'name' column")
        return [({k.strip().lower(): v for k, v in row.items() if k}, f"{path}, row {n}") for n, row in enumerate(rows, 2)]
    raise RegistryError(f"{path}: a speaker registry must be .csv, .yaml or .yml")


def _is_namesake(fields: dict) -> bool:
    return bool(_aliases(fields.get("articles")))


def load_registry(path: str | Path) -> list[RegisteredSpeaker]:
    """The registered speakers of a registry file (namesake entries are read by ``load_namesakes``)."""
    return [_entry(fields, where) for fields, where in _fields(Path(path)) if not _is_namesake(fields)]


def load_namesakes(path: str | Path) -> list[Namesake]:
    """The namesake entries of a registry file: those with ``articles``."""
    found = []
    for fields, where in _fields(Path(path)):
        if _is_namesake(fields):
            entry = _entry(fields, where)
            found.append(Namesake(entry.name, _aliases(fields.get("articles")), entry.kind))
    return found


def _from_yaml(text: str, path: Path) -> list[tuple[dict, str]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return []
    if isinstance(data, dict):
        entries = []
        for name, value in data.items():
            fields = dict(value) if isinstance(value, dict) else {"aliases": value}
            fields["name"] = name
            entries.append(fields)
    elif isinstance(data, list):
        entries = data
    else:
        raise RegistryError(f"{path}: expected a list of speakers or a mapping from name to aliases")
    result = []
    for n, fields in enumerate(entries, 1):
        if not isinstance(fields, dict):
            raise RegistryError(f"{path}, entry {n}: expected a mapping with a name")
        result.append(({str(k).strip().lower(): v for k, v in fields.items()}, f"{path}, entry {n}"))
    return result


def save_registry(path: str | Path, entries: list[RegisteredSpeaker], namesakes: list[Namesake] | None = None) -> None:
    """Write ``entries`` and ``namesakes`` to ``path`` in the format its suffix names; the file is replaced
    only when complete. ``namesakes=None`` keeps the namesake entries the file has."""
    path = Path(path)
    suffix = path.suffix.lower()
    if namesakes is None:
        namesakes = load_namesakes(path) if path.exists() and suffix in (".csv", ".yaml", ".yml") else []
    if suffix in (".yaml", ".yml"):
        import yaml

        data = [
            {k: v for k, v in (("name", e.name), ("aliases", list(e.aliases) or None), ("kind", e.kind),
                               ("gender", None if e.gender == "unknown" else e.gender), ("role", e.role)) if v}
            for e in entries
        ] + [{"name": n.name, "kind": n.kind, "articles": list(n.articles)} for n in namesakes]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # The articles column only when a namesake entry needs it: files without one read as before.
        writer.writerow(["name", "aliases", "kind", "gender", "role", *(["articles"] if namesakes else [])])
        for e in entries:
            writer.writerow([e.name, ";".join(e.aliases), e.kind, "" if e.gender == "unknown" else e.gender, e.role or "",
                             *([""] if namesakes else [])])
        for n in namesakes:
            writer.writerow([n.name, "", n.kind, "", "", ";".join(n.articles)])
        text = out.getvalue()
    else:
        raise RegistryError(f"{path}: a speaker registry must be .csv, .yaml or .yml")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
