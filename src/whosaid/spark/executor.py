"""What runs on Spark executors: read inputs, analyse them with one engine per Python worker, emit rows.

The engine (and its spaCy pipeline) is loaded once per Python worker process
on first use and kept in a module global, so a worker that handles many
partitions loads the model once, never once per record.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from ..ingest.outlets import OutletNames
from ..ingest.readers import Item, article_from_fields, decode_line, english_only, json_error, read_warc
from ..store.linking import apply_namesakes
from ..store.registry import Namesake
from ..store.rows import (
    ARTICLE_COLUMNS, PUBLICATION_COLUMNS, QUOTE_COLUMNS, article_rows, article_speakers, publication_row, speaker_fact_rows,
)

_ENGINES: dict = {}
_OUTLETS = None
BATCH = 16

SPEAKER_MENTION_COLUMNS = ("speaker_id", "name", "kind", "gender", "gender_evidence", "role", "aliases", "article_id",
                           "quote_id")
REJECT_COLUMNS = ("path", "reason")
VOTE_COLUMNS = ("speaker_id", "article_id", "name", "gender", "basis", "strength", "mention_id", "kind", "own_article")
EVIDENCE_COLUMNS = ("speaker_id", "article_id", "paragraph", "kind", "strength", "label", "text", "name", "mention_id")
# Rows of one copy of an article end with the hash of its exact text: copies that differ only in
# spacing share an article id, and the driver keeps one copy's rows (offsets differ between copies).
COPY = "copy"


def outlet_names() -> OutletNames:
    global _OUTLETS
    if _OUTLETS is None:
        _OUTLETS = OutletNames(remember=False)
    return _OUTLETS


def engine(pipeline: str | None = None):
    """This worker's engine for ``pipeline`` (``whosaid.pipelines``; default: fast), loaded on first use."""
    from ..pipelines import get_pipeline

    name = get_pipeline(pipeline).name
    if name not in _ENGINES:
        from ..engine import Engine, freeze_loaded

        _ENGINES[name] = Engine(pipeline=name)
        freeze_loaded()  # an executor's worker only reads articles from here on
    return _ENGINES[name]


def items_from_lines(rows: Iterable[tuple]) -> Iterator[Item]:
    """JSONL lines as ``(file, line)`` pairs, or ``(file, line, reused)`` where ``reused`` is set when an
    earlier line of the file gives this line's id another text (``with_reused_ids``): a reject.
    A line of bytes is decoded as ``ingest`` decodes it (UTF-8, else Windows-1252), so a line written on
    Windows keeps its accented letters."""
    for file, line, *reused in rows:
        used = None
        if isinstance(line, (bytes, bytearray)):
            line, used = decode_line(bytes(line))
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Item(file, error=f"not JSON ({json_error(exc, line=False)}): {line[:60]!r}")
            continue
        where = f"{file}#{fields.get('id')}" if isinstance(fields, dict) and fields.get("id") else file
        if reused and reused[0]:
            yield Item(where, error=f"id {str(fields.get('id'))!r} is already used by another text earlier in the "
                                    "file; give each article its own id (an update of a stored article goes in a "
                                    "later run)")
            continue
        item = article_from_fields(fields, where)
        if used and item.article is not None:
            item.article.extra["encoding"] = used
        yield item


def items_from_warcs(files: Iterable[tuple[str, bytes]]) -> Iterator[Item]:
    """WARC files as ``(path, content)`` pairs."""
    for path, content in files:
        yield from read_warc(io.BytesIO(content), path)


def analyze_items(items: Iterable[Item], pipeline: str | None = None,
                  namesakes: Sequence[Namesake] = ()) -> Iterator[tuple[str, tuple]]:
    """``(table, row)`` pairs for articles, quotes, speaker mentions, gender votes and evidence, and rejects,
    row values in column order. Rows of an article's tables end with the copy's text hash (``COPY``),
    and each article copy also gives a ``publications`` row. The registry's ``namesakes`` part their
    person from others of the name in the articles they list, as the store does."""
    items = iter(items)
    while batch := list(islice(items, BATCH)):
        articles = []
        for item in map(english_only, batch):
            if item.error or item.article is None:
                yield "rejects", (item.where, item.error or "unreadable")
            else:
                article = item.article
                articles.append(dataclasses.replace(article, outlet=outlet_names().canonical(article.outlet)))
        if not articles:
            continue
        for article, result in zip(articles, engine(pipeline).analyze_many(articles, batch_size=len(articles))):
            if result.error:
                yield "rejects", (article.extra.get("path", article.id), result.error)
                continue
            copy = hashlib.sha1(article.text.encode("utf-8", "surrogatepass")).hexdigest()
            rows = article_rows(article, result)
            aid = rows.article["article_id"]
            publication = publication_row(article)
            yield "publications", tuple(publication[c] for c in PUBLICATION_COLUMNS)
            yield "articles", (*(rows.article[c] for c in ARTICLE_COLUMNS), copy)
            speakers = apply_namesakes(namesakes, aid, rows.quotes, article_speakers(rows))
            for quote, fact in zip(rows.quotes, speakers):
                if fact is not None:
                    # The article's own speaker; linking on the cluster gives it its corpus speaker.
                    speaker = fact.speaker
                    quote["speaker_id"] = fact.mention_id
                    yield "speaker_mentions", (
                        fact.mention_id, speaker.name, fact.kind, speaker.gender,
                        [str(e) for e in speaker.gender_evidence], speaker.role,
                        [speaker.name, *speaker.aliases], aid, quote["quote_id"], copy,
                    )
            votes, evidence = speaker_fact_rows(aid, speakers, ids_are_mentions=True)
            for vote in votes:
                yield "speaker_articles", (*(vote[c] for c in VOTE_COLUMNS), copy)
            for row in evidence:
                yield "gender_evidence", (*(row[c] for c in EVIDENCE_COLUMNS), copy)
            for quote in rows.quotes:
                yield "quotes", (*(quote[c] for c in QUOTE_COLUMNS), copy)
