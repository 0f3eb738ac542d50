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

The same file keeps the corrections of single quotes that ``whosaid quotes
exclude|reassign`` make (``QuoteCorrection``): in YAML an entry with a
``quote`` field, in CSV a row whose ``quote`` column is filled (``name`` then
holds the speaker a quote is given to)::

    - quote: 3f2a9c1d0b7e6a54:4
      span: [1042, 1107]
      action: reassign
      name: Ann Lee
      kind: person
      speaker_id: 9d41c07be25a8f13
      text: The bridge stays open
      reason: the article's next sentence names her
      by: editor
      at: '2026-12-07T11:20:00+00:00'

A quote is found again by its article and the span of its content
(``span``: where the first part starts and the last ends), so a correction
holds when the same article is read again, whatever order its quotes come in.
A reassignment also keeps the id of the speaker chosen (``speaker_id``), which
tells apart two speakers of one name (a namesake entry's and the other's);
when no speaker has that id, the name finds it.

Each loader reads its own kind of entry and leaves the others out
(``load_registry`` the speakers, ``load_namesakes`` the namesake entries,
``load_corrections`` the quote corrections); ``save_registry`` writes all
three, keeping those of the file it is not given.
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
CORRECTION_COLUMNS = ("quote", "span", "action", "speaker_id", "text", "reason", "by", "at")
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
    (``reassign``, with the speaker's kind and, when chosen by it, id). ``quote_id`` is the id the quote had
    when corrected (``article_id:position``); ``span`` locates it for good (``article_id`` and ``span`` are the
    key)."""

    quote_id: str
    span: tuple[int, int]
    action: str
    speaker: str | None = None
    kind: str = "person"
    text: str = ""
    reason: str | None = None
    by: str | None = None
    at: str | None = None
    speaker_id: str | None = None

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


def _kind(fields: dict, where: str) -> str:
    kind = str(fields.get("kind") or "person").strip().lower()
    if kind in ("org", "organisation"):
        kind = "organization"
    if kind not in KINDS:
        raise RegistryError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return kind


def _entry(fields: dict, where: str) -> RegisteredSpeaker:
    name = str(fields.get("name") or "").strip()
    if not name:
        raise RegistryError(f"{where}: needs a name")
    kind = _kind(fields, where)
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


def _is_correction(fields: dict) -> bool:
    return bool(str(fields.get("quote") or "").strip())


def _is_namesake(fields: dict) -> bool:
    return not _is_correction(fields) and bool(_aliases(fields.get("articles")))


def _namesake(fields: dict, where: str) -> Namesake:
    entry = _entry(fields, where)
    return Namesake(entry.name, _aliases(fields.get("articles")), entry.kind)


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
    kind = _kind(fields, where)
    text = lambda k: str(fields[k]).strip() if fields.get(k) not in (None, "") else None  # noqa: E731
    reassign = action == "reassign"
    return QuoteCorrection(quote_id, (start, end), action, speaker if reassign else None, kind,
                           text("text") or "", text("reason"), text("by"), text("at"),
                           text("speaker_id") if reassign else None)


def load_registry(path: str | Path) -> list[RegisteredSpeaker]:
    """The registered speakers of a registry file (namesake entries are read by ``load_namesakes``, quote
    corrections by ``load_corrections``)."""
    return [e for e in _read(path) if isinstance(e, RegisteredSpeaker)]


def load_namesakes(path: str | Path) -> list[Namesake]:
    """The namesake entries of a registry file: those with ``articles``."""
    return [e for e in _read(path) if isinstance(e, Namesake)]


def load_corrections(path: str | Path) -> list[QuoteCorrection]:
    """The quote corrections a registry file holds, in the order they were made."""
    return [e for e in _read(path) if isinstance(e, QuoteCorrection)]


def _read(path: str | Path) -> list[RegisteredSpeaker | Namesake | QuoteCorrection]:
    """Every entry of a registry file, each read as what it is: a bad entry of any kind is an error."""
    entries = []
    for fields, where in _fields(Path(path)):
        read = _correction if _is_correction(fields) else _namesake if _is_namesake(fields) else _entry
        entries.append(read(fields, where))
    return entries


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


def _correction_fields(c: QuoteCorrection) -> dict:
    return {"quote": c.quote_id, "span": list(c.span), "action": c.action, "name": c.speaker,
            "kind": c.kind if c.speaker else None, "speaker_id": c.speaker_id, "text": c.text or None,
            "reason": c.reason, "by": c.by, "at": c.at}


def save_registry(path: str | Path, entries: list[RegisteredSpeaker], *,
                  namesakes: list[Namesake] | None = None, corrections: list[QuoteCorrection] | None = None) -> None:
    """Write ``entries``, ``namesakes`` and ``corrections`` to ``path`` in the format its suffix names; the
    file is replaced only when complete. ``namesakes=None`` keeps the namesake entries the file has,
    ``corrections=None`` the quote corrections it has."""
    path = Path(path)
    suffix = path.suffix.lower()
    readable = path.exists() and suffix in (".csv", ".yaml", ".yml")
    if namesakes is None:
        namesakes = load_namesakes(path) if readable else []
    if corrections is None:
        corrections = load_corrections(path) if readable else []
    if suffix in (".yaml", ".yml"):
        import yaml

        data = [
            {k: v for k, v in (("name", e.name), ("aliases", list(e.aliases) or None), ("kind", e.kind),
                               ("gender", None if e.gender == "unknown" else e.gender), ("role", e.role)) if v}
            for e in entries
        ] + [{"name": n.name, "kind": n.kind, "articles": list(n.articles)} for n in namesakes]
        data += [{k: v for k, v in _correction_fields(c).items() if v} for c in corrections]
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif suffix == ".csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        # The articles column only when a namesake entry needs it, the correction columns only when a
        # correction does: a registry without either keeps the five columns it always had.
        more = (["articles"] if namesakes else []) + (list(CORRECTION_COLUMNS) if corrections else [])
        writer.writerow(["name", "aliases", "kind", "gender", "role", *more])

        def row(first: list[str], **fields: str) -> list[str]:
            return [*first, *(fields.get(k) or "" for k in more)]

        for e in entries:
            writer.writerow(row([e.name, ";".join(e.aliases), e.kind, "" if e.gender == "unknown" else e.gender, e.role or ""]))
        for n in namesakes:
            writer.writerow(row([n.name, "", n.kind, "", ""], articles=";".join(n.articles)))
        for c in corrections:
            fields = _correction_fields(c)
            fields["span"] = f"{c.span[0]}-{c.span[1]}"
            writer.writerow(row([c.speaker or "", "", c.kind if c.speaker else "", "", ""],
                                **{k: fields[k] for k in CORRECTION_COLUMNS}))
        text = out.getvalue()
    else:
        raise RegistryError(f"{path}: a speaker registry must be .csv, .yaml or .yml")
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
