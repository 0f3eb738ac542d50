"""What runs on Spark executors: read inputs, analyse them with one engine per Python worker, emit rows.

The engine (and its spaCy pipeline) is loaded once per Python worker process
on first use and kept in a module global, so a worker that handles many
partitions loads the model once, never once per record.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice

from ..ingest.readers import Item, article_from_fields, json_error, read_warc
from ..store.gender import article_vote, evidence_rows
from ..store.names import canonical_id, name_key
from ..store.rows import ARTICLE_COLUMNS, QUOTE_COLUMNS, article_rows

_ENGINE = None
BATCH = 16

SPEAKER_MENTION_COLUMNS = ("speaker_id", "name", "kind", "gender", "gender_evidence", "role", "aliases", "article_id")
REJECT_COLUMNS = ("path", "reason")
VOTE_COLUMNS = ("speaker_id", "article_id", "name", "gender", "basis", "strength")
EVIDENCE_COLUMNS = ("speaker_id", "article_id", "paragraph", "kind", "strength", "label", "text", "name")


def engine():
    global _ENGINE
    if _ENGINE is None:
        from ..engine import Engine

        _ENGINE = Engine()
    return _ENGINE


def items_from_lines(rows: Iterable[tuple[str, str]]) -> Iterator[Item]:
    """JSONL lines as ``(file, line)`` pairs."""
    for file, line in rows:
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(file, error=f"not JSON ({json_error(exc, line=False)}): {line[:60]!r}")
            continue
        where = f"{file}#{fields.get('id')}" if isinstance(fields, dict) and fields.get("id") else file
        yield article_from_fields(fields, where)


def items_from_warcs(files: Iterable[tuple[str, bytes]]) -> Iterator[Item]:
    """WARC files as ``(path, content)`` pairs."""
    for path, content in files:
        yield from read_warc(io.BytesIO(content), path)


def analyze_items(items: Iterable[Item]) -> Iterator[tuple[str, tuple]]:
    """``(table, row)`` pairs for articles, quotes, speaker mentions, gender votes and evidence, and rejects,
    row values in column order."""
    items = iter(items)
    while batch := list(islice(items, BATCH)):
        articles = []
        for item in batch:
            if item.error or item.article is None:
                yield "rejects", (item.where, item.error or "unreadable")
            else:
                articles.append(item.article)
        if not articles:
            continue
        for article, result in zip(articles, engine().analyze_many(articles, batch_size=len(articles))):
            if result.error:
                yield "rejects", (article.extra.get("path", article.id), result.error)
                continue
            rows = article_rows(article, result)
            aid = rows.article["article_id"]
            yield "articles", tuple(rows.article[c] for c in ARTICLE_COLUMNS)
            voted: set[str] = set()
            for quote, speaker in zip(rows.quotes, rows.quote_speakers):
                if speaker is not None:
                    kind = speaker.kind if speaker.kind in ("person", "organization", "group") else "person"
                    if name_key(speaker.name, kind):
                        quote["speaker_id"] = canonical_id(speaker.name, kind)
                        yield "speaker_mentions", (
                            quote["speaker_id"], speaker.name, kind, speaker.gender,
                            [str(e) for e in speaker.gender_evidence], speaker.role,
                            [speaker.name, *speaker.aliases], aid,
                        )
                        if speaker.name not in voted:
                            voted.add(speaker.name)
                            vote = article_vote(speaker)
                            yield "speaker_articles", (quote["speaker_id"], aid, speaker.name, vote.gender, vote.basis, vote.strength)
                            for row in evidence_rows(quote["speaker_id"], aid, speaker):
                                yield "gender_evidence", (*(row[c] for c in EVIDENCE_COLUMNS[:-1]), speaker.name)
                yield "quotes", tuple(quote[c] for c in QUOTE_COLUMNS)
