"""Quote travel at corpus size: linking trimmed and reworded quotes, and reading ``quote_occurrences``.

Builds a store of about 1,000 articles and 19,000 quotes without a language
model: the sentences of PolNeAR train articles (from ../shared, read in place)
become their quotes, and a tenth of the articles are carried again by another
outlet with every quote trimmed by its first word or with one word changed.
Then it times

* ``Store.link_quotes`` (8-gram shingles, candidate pairs, groups),
* reading the whole ``quote_occurrences`` view, and, as the baseline measured
  in the same run, the view as it was before travel groups: grouping by exact
  folded text only.

Run by hand:

    PYTHONPATH=src python benchmarks/quote_travel.py [--articles 1000] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

from whosaid.records import Article, ArticleResult, Quote
from whosaid.store import Store

TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "train.jsonl"
OUTLETS = ["Wire", "Gazette", "Ledger", "Courier", "Herald", "Post", "Times"]

EXACT_VIEW = """
WITH linkable AS (
    SELECT q.quote_id, q.norm_text, q.article_id, a.outlet, a.date, a.ingested_at
    FROM quotes q JOIN articles a USING (article_id)
    WHERE len(string_split(q.norm_text, ' ')) >= 4
)
SELECT quote_id,
       first_value(quote_id) OVER w AS first_quote_id,
       count(DISTINCT article_id) OVER (PARTITION BY norm_text) AS n_articles,
       count(DISTINCT outlet) OVER (PARTITION BY norm_text) AS n_outlets
FROM linkable
WINDOW w AS (PARTITION BY norm_text ORDER BY date NULLS LAST, ingested_at, article_id, quote_id)
"""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]


def article(text: str, quotes: list[str], outlet: str, day: int) -> tuple[Article, ArticleResult]:
    found, start = [], 0
    for quote in quotes:
        at = text.index(quote, start)
        found.append(Quote(content=((at, at + len(quote)),), source=(), cue=(), kind="direct", speaker=None,
                           speaker_kind="unnamed", text=quote))
        start = at + len(quote)
    return (Article(id="", text=text, outlet=outlet, date=f"2016-{1 + day % 12:02d}-{1 + day % 28:02d}"),
            ArticleResult(id="", quotes=found))


def variant(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if rng.random() < 0.5:
        return " ".join(words[1:])  # trimmed by its first word
    i = rng.randrange(len(words))
    words[i] = "indeed"
    return " ".join(words)  # one word changed


def build(db: Path, n_articles: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    texts = [json.loads(line)["text"] for line in open(TRAIN, encoding="utf-8")]
    pairs = []
    day = 0
    while len(pairs) < n_articles:
        for text in texts:
            if len(pairs) >= n_articles:
                break
            quotes = sentences(text)[:30]
            if not quotes:
                continue
            day += 1
            body = "\n\n".join(quotes)
            headline = f"Story {day}"
            pairs.append(article(f"{headline}\n\n{body}", quotes, rng.choice(OUTLETS), day))
            if rng.random() < 0.1 and len(pairs) < n_articles:
                changed = [variant(q, rng) for q in quotes]
                pairs.append(article(f"{headline} again\n\n" + "\n\n".join(changed), changed, rng.choice(OUTLETS), day + 1))
    with Store(db) as store:
        for start in range(0, len(pairs), 64):
            store.add_many(pairs[start:start + 64])
        counts = store.counts()
    return counts


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "travel.duckdb"
        counts = build(db, args.articles)
        with Store(db) as store:
            con = store.connection
            baseline, _ = timed(lambda: con.execute(EXACT_VIEW).fetchall())
            link_s, linked = timed(store.link_quotes)
            view_s, rows = timed(lambda: con.execute("SELECT * FROM quote_occurrences").fetchall())
            again_s, _ = timed(store.link_quotes)  # nothing new: the cost of a run that adds nothing
            groups = con.execute(
                "SELECT count(DISTINCT group_id), count(*) FILTER (WHERE NOT same_text) FROM quote_occurrences"
            ).fetchone()
    result = {
        "articles": counts["articles"], "quotes": counts["quotes"], "texts_linked": linked,
        "groups": groups[0], "quotes_linked_as_variants": groups[1],
        "link_quotes_s": round(link_s, 3), "link_quotes_again_s": round(again_s, 3),
        "view_s": round(view_s, 3), "exact_view_baseline_s": round(baseline, 3),
        "view_over_baseline": round(view_s / baseline, 2) if baseline else None,
        "link_over_baseline": round(link_s / baseline, 2) if baseline else None,
        "view_rows": len(rows),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
