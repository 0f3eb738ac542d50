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

The same file keeps the corrections of single quotes that ``whosaid quotes
exclude|reassign`` make (``QuoteCorrection``): in YAML an entry with a
``quote`` field, in CSV a row whose ``quote`` column is filled (``name`` then
holds the speaker a quote is given to)::

    - quote: 3f2a9c1d0b7e6a54:4
      span: [1042, 1107]
      action: reassign
      name: Ann Lee
      kind: person
      text: The bridge stays open
      reason: the article's next sentence names her
      by: editor
      at: '2026-12-07T11:20:00+00:00'

A quote is found again by its article and the span of its content
(``span``: where the first part starts and the last ends), so a correction
holds when the same article is read again, whatever order its quotes come in.
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
CORRECTIONS = ("exclude", "reassign")
# The columns a CSV registry holds corrections in, after the speakers' own.
CORRECTION_COLUMNS = ("quote", "span", "action", "text", "reason", "by", "at")
_QUOTE_ID = re.compile(r"^([0-9a-f]{16}):(\d+)$")


class RegistryError(ValueError):
    """A registry file whosaid cannot read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class RegisteredSpeaker:
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"
    gender: str = "unknown"
    role: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteCorrection:
    """A user's correction of one quote: not a quote at all (``exclude``), or said by ``speaker``
    (``reassign``, with the speaker's kind). ``quote_id`` is the id the quote had when corrected
    (``article_id:position``); ``span`` locates it for good (``article_id`` and ``span`` are the key)."""

    quote_id: str
    span: tuple[int, int]
    action: str
    speaker: str | None = None
    kind: str = "person"
    text: str = ""
    reason: str | None = None
    by: str | None = None
    at: str | None = None

    @property
    def article_id(self) -> str:
        return self.quote_id.split(":", 1)[0]

    @property
    def key(self) -> str:
        return quote_span_key(self.article_id, *self.span)


def quote_span_key(article_id: str, start: int, end: int) -> str:
    """How a correction finds its quote: the article and where the quote's content starts and ends."""
    return f"{article_id}:{start}-{end}"


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


def _is_correction(fields: dict) -> bool:
    return bool(str(fields.get("quote") or "").strip())


def _correction(fields: dict, where: str) -> QuoteCorrection:
    quote_id = str(fields.get("quote") or "").strip()
    if not _QUOTE_ID.match(quote_id):
        raise RegistryError(f"{where}: quote {quote_id!r} is not a quote id (article id:position)")
    action = str(fields.get("action") or "").strip().lower()
    if action not in CORRECTIONS:
        raise RegistryError(f"{where}: action {action!r} is not one of {', '.join(CORRECTIONS)}")
    span = fields.get("span")
    if isinstance(span, str):
        span = re.split(r"[-\s,]+", span.strip().strip("[]"))
    try:
        start, end = (int(v) for v in span)
    except (TypeError, ValueError):
        raise RegistryError(f"{where}: span {span!r} is not two offsets (start-end)") from None
    speaker = str(fields.get("name") or "").strip() or None
    if action == "reassign" and not speaker:
        raise RegistryError(f"{where}: a reassigned quote needs the name of its speaker")
    kind = str(fields.get("kind") or "person").strip().lower()
    if kind in ("org", "organisation"):
        kind = "organization"
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    text = lambda k: str(fields[k]).strip() if fields.get(k) not in (None, "") else None  # noqa: E731
    return QuoteCorrection(quote_id, (start, end), action, speaker if action == "reassign" else None, kind,
                           text("text") or "", text("reason"), text("by"), text("at"))


def load_registry(path: str | Path) -> list[RegisteredSpeaker]:
    """The speakers a registry file holds (its quote corrections are read by ``load_corrections``)."""
    return [e for e in _read(path) if isinstance(e, RegisteredSpeaker)]


def load_corrections(path: str | Path) -> list[QuoteCorrection]:
    """The quote corrections a registry file holds, in the order they were made."""
    return [e for e in _read(path) if isinstance(e, QuoteCorrection)]


def _read(path: str | Path) -> list[RegisteredSpeaker | QuoteCorrection]:
    path = Path(path)
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
        entries = []
        for n, row in enumerate(rows, 2):
            fields = {k.strip().lower(): v for k, v in row.items() if k}
            read = _correction if _is_correction(fields) else _entry
            entries.append(read(fields, f"{path}, row {n}"))
        return entries
    raise RegistryError(f"{path}: a speaker registry must be .csv, .yaml or .yml")


def _from_yaml(text: str, path: Path) -> list[RegisteredSpeaker | QuoteCorrection]:
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
        read = _correction if _is_correction(fields) else _entry
        result.append(read(fields, f"{path}, entry {n}"))
    return result


def _correction_fields(c: QuoteCorrection) -> dict:
    return {"quote": c.quote_id, "span": list(c.span), "action": c.action, "name": c.speaker,
            "kind": c.kind if c.speaker else None, "text": c.text or None, "reason": c.reason, "by": c.by, "at": c.at}


def save_registry(path: str | Path, entries: list[RegisteredSpeaker],
                  corrections: list[QuoteCorrection] | None = None) -> None:
    """Write ``entries`` and ``corrections`` to ``path`` in the format its suffix names; the file is
    replaced only when complete. Without ``corrections``, those the file holds now are kept."""
    path = Path(path)
    suffix = path.suffix.lower()
    if corrections is None:
        corrections = load_corrections(path) if path.exists() and suffix in (".csv", ".yaml", ".yml") else []
    if suffix in (".yaml", ".yml"):
        import yaml

        data = [
            {k: v for k, v in (("name", e.name), ("aliases", list(e.aliases) or None), ("kind", e.kind),
                               ("gender", None if e.gender == "unknown" else e.gender), ("role", e.role)) if v}
            for e in entries
        ]
        data += [{k: v for k, v in _correction_fields(c).items() if v} for c in corrections]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        header = ["name", "aliases", "kind", "gender", "role"]
        # A registry without corrections keeps the five columns it always had.
        writer.writerow(header + (list(CORRECTION_COLUMNS) if corrections else []))
        blank = [""] * len(CORRECTION_COLUMNS) if corrections else []
        for e in entries:
            writer.writerow([e.name, ";".join(e.aliases), e.kind, "" if e.gender == "unknown" else e.gender, e.role or "", *blank])
        for c in corrections:
            fields = _correction_fields(c)
            fields["span"] = f"{c.span[0]}-{c.span[1]}"
            writer.writerow([c.speaker or "", "", c.kind if c.speaker else "", "", "",
                             *(fields[k] or "" for k in CORRECTION_COLUMNS)])
        text = out.getvalue()
    else:
        raise RegistryError(f"{path}: a speaker registry must be .csv, .yaml or .yml")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
