"""Rows of the corpus tables built from one article and its result.

The DuckDB store and the Spark job both build their rows here, so a corpus
ingested on a laptop and one processed on a cluster have the same columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, NamedTuple

from ..records import Article, ArticleResult, Quote, Speaker
from .gender import article_vote, evidence_rows
from .linking import mention_id
from .names import article_id, name_key, quote_key, readable_speaker


def parse_date(value: object) -> dt.date | None:
    """A calendar date from ISO 8601 ("2015-11-11", "2015-11-11T09:30:00Z"), e-mail style dates, or a date
    written out in English with the month's name, the day and a four-digit year ("March 5, 2026",
    "Mar. 5, 2026", "5 March 2026", "Thursday, March 5, 2026"). All-number dates other than ISO ("05/03/2026")
    stay unread: the day and month cannot be told apart."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return _written_date(text)


_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?(?![a-z])", re.IGNORECASE
)
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _written_date(text: str) -> dt.date | None:
    """A date written with the month's name, a day and a four-digit year, read by dateutil; None when any of the
    three is missing ("March 2026" names no day) or the words around them are not a date."""
    if len(text) > 64 or not _MONTH_NAME.search(text) or not _FOUR_DIGIT_YEAR.search(text):
        return None
    from dateutil import parser

    try:
        # Read twice with different defaults: a part the text leaves out would take the default's.
        first = parser.parse(text, default=dt.datetime(2000, 1, 1))
        second = parser.parse(text, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return None
    return first.date() if first.date() == second.date() else None


# A news article older than this is a mistyped or misread date ("0201-10-03"),
# and one stored with it would stretch every monthly figure back to it.
EARLIEST_DATE = dt.date(1900, 1, 1)


def latest_date(today: dt.date | None = None) -> dt.date:
    """The last plausible publication date: tomorrow, so an article from a time zone ahead is kept."""
    return (today or dt.date.today()) + dt.timedelta(days=1)


class CheckedDate(NamedTuple):
    date: dt.date | None
    problem: str | None  # why the input's date was not kept; None when it was kept or there was none


def checked_date(value: object, today: dt.date | None = None) -> CheckedDate:
    """The publication date to store, or None with the reason: unreadable, before 1900, or after tomorrow.

    Every way into the store (``whosaid ingest``, the dashboard, Spark) stores dates through here.
    """
    if value is None or not str(value).strip():
        return CheckedDate(None, None)
    parsed = parse_date(value)
    shown = str(value).strip()[:40]
    if parsed is None:
        return CheckedDate(None, f"date {shown!r} is not a date")
    if parsed < EARLIEST_DATE:
        return CheckedDate(None, f"date {parsed.isoformat()} is before {EARLIEST_DATE.year}")
    latest = latest_date(today)
    if parsed > latest:
        return CheckedDate(None, f"date {parsed.isoformat()} is in the future (after {latest.isoformat()})")
    return CheckedDate(parsed, None)


def _spans_text(text: str, spans) -> str | None:
    parts = [text[s:e] for s, e in spans]
    return " … ".join(parts) if parts else None


@dataclass(slots=True)
class ArticleRows:
    """Everything one article adds to the store: its row, its quotes, and the speakers quoted."""

    article: dict[str, Any]
    quotes: list[dict[str, Any]]
    # The article's own Speaker record for each quote (None for unnamed sources).
    quote_speakers: list[Speaker | None] = field(default_factory=list)


def article_rows(article: Article, result: ArticleResult) -> ArticleRows:
    key = article_id(article.text)
    text = article.text
    extra = article.extra or {}
    published = checked_date(article.date)
    row = {
        "article_id": key,
        "source_id": article.id if article.id and article.id != key else None,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "date": published.date,
        "date_problem": published.problem,
        "author": article.author,
        "path": extra.get("path"),
        "text": text,
        "n_quotes": len(result.quotes),
        "headline_end": article.headline_end,
    }
    by_name: dict[str, Speaker] = {}
    for speaker in result.speakers:
        by_name.setdefault(speaker.name, speaker)
    quotes = []
    speakers: list[Speaker | None] = []
    for position, quote in enumerate(result.quotes):
        quotes.append(quote_row(key, position, text, quote))
        if quote.speaker:
            speakers.append(by_name.get(quote.speaker) or Speaker(name=quote.speaker, kind=quote.speaker_kind))
        else:
            speakers.append(None)
    return ArticleRows(row, quotes, speakers)


@dataclass(frozen=True, slots=True)
class ArticleSpeaker:
    """A quoted speaker as its article gives it: the stored fact corpus speakers are derived from."""

    speaker: Speaker  # under its repaired name (``names.readable_speaker``)
    kind: str  # person, organization or group
    mention_id: str
    own_article: bool  # a given name alone: a speaker of this article only


def article_speakers(rows: ArticleRows) -> list[ArticleSpeaker | None]:
    """Each quote's article speaker, also written into the quote rows' ``mention_id``; None for an unnamed
    source or a name with nothing to key it on. The store, the Spark job and both read speakers this way."""
    aid = rows.article["article_id"]
    found: list[ArticleSpeaker | None] = []
    for quote, speaker in zip(rows.quotes, rows.quote_speakers):
        fact = None
        if speaker is not None:
            speaker = readable_speaker(speaker)
            kind = speaker.kind if speaker.kind in ("person", "organization", "group") else "person"
            if name_key(speaker.name, kind):
                mid, own = mention_id(speaker, kind, aid)
                quote["mention_id"] = mid
                fact = ArticleSpeaker(speaker, kind, mid, own)
        found.append(fact)
    return found


def speaker_fact_rows(aid: str, speakers: list[ArticleSpeaker | None], *,
                      ids_are_mentions: bool = False) -> tuple[list[dict], list[dict]]:
    """The ``speaker_articles`` rows (one vote per name the article gives) and ``gender_evidence`` rows of an
    article's speakers. ``speaker_id`` is NULL until the store links them, or the article speaker's own id
    where the Spark job replaces it after linking (``ids_are_mentions``)."""
    votes: list[dict] = []
    evidence: list[dict] = []
    seen: set[str] = set()
    for fact in speakers:
        if fact is None or fact.speaker.name in seen:
            continue
        seen.add(fact.speaker.name)
        sid = fact.mention_id if ids_are_mentions else None
        vote = article_vote(fact.speaker)
        votes.append({"speaker_id": sid, "article_id": aid, "name": fact.speaker.name, "gender": vote.gender,
                      "basis": vote.basis, "strength": vote.strength, "mention_id": fact.mention_id,
                      "kind": fact.kind, "own_article": fact.own_article})
        for row in evidence_rows(sid, aid, fact.speaker):
            row["name"], row["mention_id"] = fact.speaker.name, fact.mention_id
            evidence.append(row)
    return votes, evidence


# Each text's first publication date, the earliest date any copy gives: what lists and monthly figures over
# every outlet date a text by (``articles.date`` is the first copy read). Joined ``USING (article_id)``.
FIRST_PUBLISHED = "(SELECT article_id, min(date) AS date FROM article_publications GROUP BY article_id)"


def publication_row(article: Article) -> dict[str, Any]:
    """Where and when one copy of an article was published; one row per (article, outlet, date, url)."""
    key = article_id(article.text)
    extra = article.extra or {}
    date = checked_date(article.date).date
    identity = "\x1f".join((key, article.outlet or "", date.isoformat() if date else "", article.url or ""))
    return {
        "publication_key": hashlib.md5(identity.encode("utf-8", "surrogatepass")).hexdigest(),
        "article_id": key,
        "outlet": article.outlet,
        "date": date,
        "url": article.url,
        "path": extra.get("path"),
        "source_id": article.id if article.id and article.id != key else None,
        "encoding": extra.get("encoding"),
    }


def quote_row(key: str, position: int, text: str, quote: Quote) -> dict[str, Any]:
    content_text = quote.text or _spans_text(text, quote.content) or ""
    return {
        "quote_id": f"{key}:{position}",
        "article_id": key,
        "position": position,
        "kind": quote.kind,
        "text": content_text,
        "norm_text": quote_key(content_text),
        "content": [list(p) for p in quote.content],
        "source": [list(p) for p in quote.source],
        "cue": [list(p) for p in quote.cue],
        "cue_text": _spans_text(text, quote.cue),
        "source_text": _spans_text(text, quote.source),
        # Filled by whoever links speakers across articles: the corpus speaker's id, name and gender.
        "speaker_id": None,
        "speaker": None,
        "speaker_gender": None,
        "speaker_name": quote.speaker,
        "speaker_kind": quote.speaker_kind,
        "addressee": quote.addressee,
        "medium": quote.medium,
        "confidence": float(quote.confidence),
        "gender": quote.gender,
        "gender_evidence": list(quote.gender_evidence),
        "role": quote.role,
        "act": quote.act,
        "speaker_description": quote.speaker_description,
        # The article's own speaker (whosaid.store.linking), filled with speaker_id.
        "mention_id": None,
    }


PUBLICATION_COLUMNS = ("publication_key", "article_id", "outlet", "date", "url", "path", "source_id", "encoding")
ARTICLE_COLUMNS = (
    "article_id", "source_id", "url", "outlet", "title", "date", "date_problem", "author", "path", "text", "n_quotes",
    "headline_end",
)
QUOTE_COLUMNS = (
    "quote_id", "article_id", "position", "kind", "text", "norm_text", "content", "source", "cue",
    "cue_text", "source_text", "speaker_id", "speaker", "speaker_gender", "speaker_name", "speaker_kind", "addressee", "medium",
    "confidence", "gender", "gender_evidence", "role", "act", "speaker_description", "mention_id",
)
