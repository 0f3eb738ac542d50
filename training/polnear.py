"""Read PolNeAR-format JSONL (the scorer's gold format) and parse it once, cached."""

from __future__ import annotations

import json
from pathlib import Path

from whosaid.parse.cache import parse_cached

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR = SHARED / "data" / "polnear"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_attributions(article: dict):
    """The article's annotated attributions as engine records, for measuring a stage on gold spans."""
    from whosaid.records import Attribution

    def offsets(value) -> tuple[tuple[int, int], ...]:
        return tuple((int(s), int(e)) for s, e in value or [])

    return [
        Attribution(
            content=offsets(a.get("content")),
            source=offsets(a.get("source")),
            cue=offsets(a.get("cue")),
            kind=a.get("kind") or "indirect",
        )
        for a in article["attributions"]
    ]


def load_split(name: str, n_process: int = 1, pipeline: str | None = None):
    """The articles of a split (``train``, ``dev``, ``dev-speakers``) and their parses by the spaCy
    pipeline of ``pipeline`` (``whosaid.pipelines``; default: fast)."""
    from whosaid.parse import load_pipeline
    from whosaid.pipelines import get_pipeline

    docs = read_jsonl(POLNEAR / f"{name}.jsonl")
    nlp = load_pipeline(get_pipeline(pipeline).spacy_size)
    parses = parse_cached([d["text"] for d in docs], nlp=nlp, n_process=n_process)
    return docs, parses


if __name__ == "__main__":
    import sys

    for split in sys.argv[1:] or ["dev", "train", "dev-speakers"]:
        articles, parsed = load_split(split, n_process=2)
        print(split, len(articles), "articles,", sum(len(d) for d in parsed), "tokens")
