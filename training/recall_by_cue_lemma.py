"""Recall of gold attributions by how often their cue's lemma anchored a cue in PolNeAR train.

A gold attribution is found when a prediction's content matches it as the scorer's
``content@0.5`` counts (word Dice >= 0.5, one to one). Its cue lemma is the lemma of
the cue's anchor (``attribute.tokens.anchor_of``) in the pipeline's parse; the bands
count that lemma's gold cues in train: unseen, 1-9, 10+.

    whosaid extract ../shared/data/polnear/dev.jsonl --pipeline accurate -o pred.jsonl
    PYTHONPATH=src:. python -m training.recall_by_cue_lemma dev pred.jsonl --pipeline accurate
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from whosaid.attribute.tokens import anchor_of, span_tokens
from training.eval_attribution import load_scorer
from training.polnear import load_split
from training.train_attribution import cue_lemma_counts

BANDS = ("unseen", "1-9", "10+")


def band(count: int) -> str:
    return "unseen" if count == 0 else "1-9" if count < 10 else "10+"


def recall_by_band(articles, docs, predictions: dict, train_counts: Counter, scorer) -> dict:
    found, total = Counter(), Counter()
    for article, doc in zip(articles, docs):
        words = scorer.Words(article["text"])
        gold = [g for g in article["attributions"] if words.of(g["content"])]
        predicted = predictions.get(article["id"], {})
        pred = [{"c": words.of(p.get("content"))} for p in predicted.get("quotes", predicted.get("attributions", []))]
        pred = [p for p in pred if p["c"]]
        matched = {gi for gi, _ in scorer.match_contents([{"c": words.of(g["content"])} for g in gold], pred)}
        for gi, attribution in enumerate(gold):
            anchor = anchor_of(span_tokens(doc, attribution["cue"]))
            name = "no cue" if anchor is None else band(train_counts[anchor.lemma_.lower()])
            total[name] += 1
            found[name] += gi in matched
    return {name: {"recall": round(found[name] / total[name], 3) if total[name] else None,
                   "found": found[name], "gold": total[name]} for name in (*BANDS, "no cue")}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", help="a PolNeAR split the predictions are of (dev, dev-speakers)")
    parser.add_argument("predictions", type=Path, help="JSONL written by `whosaid extract`")
    parser.add_argument("--pipeline", default="fast", help="the pipeline whose parses give the cue lemmas")
    args = parser.parse_args(argv)
    train_articles, train_docs = load_split("train", pipeline=args.pipeline)
    counts = cue_lemma_counts(train_articles, train_docs)
    articles, docs = load_split(args.split, pipeline=args.pipeline)
    with open(args.predictions, encoding="utf-8") as handle:
        predictions = {p["id"]: p for p in map(json.loads, handle) if p}
    figures = recall_by_band(articles, docs, predictions, counts, load_scorer())
    for name, row in figures.items():
        print(f"{name:8} recall {row['recall']}  ({row['found']}/{row['gold']})")
    return figures


if __name__ == "__main__":
    main()
