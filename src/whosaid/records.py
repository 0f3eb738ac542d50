"""Typed records passed between the stages of whosaid.

Every offset is a Python string offset into the original article text, as a
half-open ``(start, end)`` pair. Span fields are tuples of such pairs because a
quote can be interrupted by its cue ("We lost," he said, "and that is all.").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .headline import headline_end

Offsets = tuple[tuple[int, int], ...]


def _offsets(pairs) -> Offsets:
    return tuple((int(start), int(end)) for start, end in pairs)
QuoteKind = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group", "unnamed"]
Gender = Literal["female", "male", "nonbinary", "unknown"]
# What the attribution reports: words said or written, a belief or intention,
# or what a document, poll or action shows (``whosaid.attribute.act``).
Act = Literal["speech", "thought", "other"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input article: ``text``, perhaps opened by its headline, and what the input says about it.

    ``headline_end`` is where the headline that opens ``text`` ends (0: the text opens with its
    body). Left out, it is decided from ``text`` and ``title`` (``whosaid.headline``), once, here;
    every stage reads it from the record.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    date: str | None = None
    author: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    headline_end: int | None = None

    def __post_init__(self):
        if self.headline_end is None and isinstance(self.text, str):
            object.__setattr__(self, "headline_end", headline_end(self.text, self.title))


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A run of text between quotation marks, found before any cue is known.

    ``continues`` is true when the span opens a paragraph that carries on the
    previous paragraph's unclosed quote; ``runs_on`` when the span is that unclosed
    quote, carried on by the next paragraph (the two are one quotation).
    """

    start: int
    end: int
    continues: bool = False
    runs_on: bool = False


@dataclass(slots=True)
class Attribution:
    """A found attribution before its speaker is resolved.

    ``source_head`` is the character offset of the head word of the source
    mention (the word the resolver starts from), or ``None`` without a source.
    ``cue_token`` and ``source_token`` are the token indices, in the article's
    parse, of the cue's verb and of the source's head word, when the stage
    that found the attribution knows them (``None`` for one built from
    offsets alone, such as a gold annotation): the resolver reads them
    instead of finding them again. ``act`` is set by the attribute stage
    (``attribute.act``) once the spans are final.
    """

    content: Offsets
    source: Offsets = ()
    cue: Offsets = ()
    kind: QuoteKind = "indirect"
    source_head: int | None = None
    addressee: Offsets = ()
    medium: Offsets = ()
    confidence: float = 1.0
    cue_token: int | None = None
    source_token: int | None = None
    act: Act = "speech"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a gender label was given: ``kind`` is pronoun, honorific, role noun,
    first name or override; ``text`` is what was seen; ``where`` locates it."""

    label: Gender
    kind: str
    text: str
    where: str = ""
    weight: float = 1.0

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f'{self.kind} "{self.text}"{where}'


@dataclass(slots=True)
class Speaker:
    """A person, organisation or group the article mentions."""

    name: str
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()
    gender: Gender = "unknown"
    gender_evidence: tuple[Evidence, ...] = ()
    role: str | None = None
    quoted: bool = False
    # Every mention resolved to this speaker (names, pronouns, descriptions),
    # as character offsets: the evidence the enrich stage reads.
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_plain(self) -> dict[str, Any]:
        """Every field as lists, dicts, strings and numbers (JSON- and msgpack-ready); ``from_plain`` reverses it."""
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        data["gender_evidence"] = [asdict(e) for e in self.gender_evidence]
        data["mentions"] = [list(pair) for pair in self.mentions]
        return data

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Speaker:
        return cls(**{
            **data,
            "aliases": tuple(data.get("aliases", ())),
            "gender_evidence": tuple(Evidence(**e) for e in data.get("gender_evidence", ())),
            "mentions": [tuple(pair) for pair in data.get("mentions", ())],
        })


@dataclass(slots=True)
class Quote:
    """Who said what: the record of the public interface and of ``extract`` output (docs/schema.md).

    ``content``, ``source`` and ``cue`` are ``(start, end)`` character offsets into the article text, several
    pairs when the cue interrupts the quote; ``text``, ``source_text`` and ``cue_text`` are those spans'
    words. ``kind``: direct (within quotation marks), indirect or mixed. ``speaker``: the named person or
    organisation the source resolves to ("Elena Marsh" for "she"), None when the article names none
    (``speaker_kind`` unnamed or group; ``speaker_description`` then says who, when it can). ``gender`` with
    its ``gender_evidence`` and ``role`` are the speaker's, as the article shows them. ``addressee`` and
    ``medium``: to whom or where it was said ("told reporters", "on Twitter"). ``act``: speech, thought
    (believes, plans) or other (what a poll or document shows, "declined to comment"). ``confidence``: the
    attribution model's, 0 to 1.
    """

    content: Offsets
    source: Offsets
    cue: Offsets
    kind: QuoteKind
    speaker: str | None
    speaker_kind: SpeakerKind
    text: str = ""
    source_text: str = ""
    cue_text: str = ""
    addressee: str | None = None
    medium: str | None = None
    confidence: float = 1.0
    gender: Gender = "unknown"
    gender_evidence: tuple[str, ...] = ()
    role: str | None = None
    act: Act = "speech"
    # With no named speaker, the description the source stands for ("the
    # regional water board" for the "which" of "the board, which said").
    speaker_description: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The quote as ``extract`` writes it, as a JSON-ready dict (not a string: ``json.dumps`` it): every
        field, offsets as lists of pairs."""
        data = asdict(self)
        for key in ("content", "source", "cue"):
            data[key] = [list(pair) for pair in data[key]]
        data["gender_evidence"] = list(self.gender_evidence)
        return data

    to_plain = to_json

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> Quote:
        """The quote back from ``to_plain`` (or an ``extract`` line's quote)."""
        return cls(**{
            **data,
            **{key: _offsets(data.get(key, ())) for key in ("content", "source", "cue")},
            "gender_evidence": tuple(data.get("gender_evidence", ())),
        })


@dataclass(slots=True)
class ArticleResult:
    """Everything whosaid read in one article."""

    id: str
    quotes: list[Quote]
    speakers: list[Speaker] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The article's ``extract`` line (``quotes`` and ``people``, docs/schema.md) as a JSON-ready dict, not a
        string: ``json.dumps(result.to_json(), ensure_ascii=False)`` gives the line. The name is kept for the
        callers that use it."""
        return {
            "id": self.id,
            "quotes": [q.to_json() for q in self.quotes],
            "people": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "aliases": list(s.aliases),
                    "gender": s.gender,
                    "gender_evidence": [str(e) for e in s.gender_evidence],
                    "role": s.role,
                    "quoted": s.quoted,
                }
                for s in self.speakers
            ],
        }
