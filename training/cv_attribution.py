"""Cross-validate the attribution models on PolNeAR train (k folds by article).

Each fold's models are trained on the other folds exactly as
``training.train_attribution`` trains the shipped model (same options), the
held-out articles are read, and all folds' predictions are scored together
with ``../shared/eval/score.py``. Recall is also split by how often the gold
cue's lemma anchors a cue in the training folds (10+, 1-9, unseen): the share of
gold attributions whose content a prediction matches at word Dice >= 0.5.

    PYTHONPATH=src:. python -m training.cv_attribution [train options, e.g. --clusters 64 256]

The same split of recall for predictions on another split, lemmas counted in all of train:

    PYTHONPATH=src:. python -m training.cv_attribution --buckets dev PREDICTIONS.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from whosaid.attribute.model import AttributionModel
from training.eval_attribution import load_scorer, predict
from training.polnear import POLNEAR, load_split
from training.train_attribution import anchor_of, cue_lemma_counts, parser, span_tokens, train

BUCKETS = ("10+", "1-9", "unseen")


def bucket(count: int) -> str:
    return "10+" if count >= 10 else "1-9" if count else "unseen"


def recall_by_bucket(articles, docs, predictions, counts: Counter, scorer, found: Counter, total: Counter) -> None:
    for article, doc, predicted in zip(articles, docs, predictions):
        words = scorer.Words(article["text"])
        pred = [{"c": c} for q in predicted["quotes"] if (c := words.of(q["content"]))]
        gold = [(g, c) for g in article["attributions"] if (c := words.of(g["content"]))]
        # The scorer's own one-to-one matching, as its content@0.5 counts it.
        matched = {gi for gi, _ in scorer.match_contents([{"c": c} for _, c in gold], pred)}
        for gi, (attribution, _) in enumerate(gold):
            anchor = anchor_of(span_tokens(doc, attribution["cue"]))
            key = bucket(counts[anchor.lemma_.lower()]) if anchor is not None else "unseen"
            total[key] += 1
            found[key] += gi in matched


def cross_validate(args, folds: int, quiet: bool = True, keep: Path | None = None) -> dict:
    articles, docs = load_split("train")
    scorer = load_scorer()
    found, total = Counter(), Counter()
    predictions = [None] * len(articles)
    started = time.time()
    for fold in range(folds):
        fitted = [i for i in range(len(articles)) if i % folds != fold]
        held = [i for i in range(len(articles)) if i % folds == fold]
        train_articles, train_docs = [articles[i] for i in fitted], [docs[i] for i in fitted]
        artifact = train(train_articles, train_docs, args, log=(lambda *_: None) if quiet else print)
        model = AttributionModel.from_dict(artifact)
        held_articles, held_docs = [articles[i] for i in held], [docs[i] for i in held]
        predicted = predict(held_articles, held_docs, model=model)
        for i, p in zip(held, predicted):
            predictions[i] = p
        recall_by_bucket(held_articles, held_docs, predicted, cue_lemma_counts(train_articles, train_docs),
                         scorer, found, total)
        print(f"fold {fold + 1}/{folds} done ({time.time() - started:.0f}s)", file=sys.stderr)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
        out.write("".join(json.dumps(p) + "\n" for p in predictions))
    report = scorer.score(scorer.load(str(POLNEAR / "train.jsonl")), scorer.load(out.name))
    if keep is not None:
        Path(out.name).replace(keep)
    else:
        Path(out.name).unlink()
    report["content@0.5 recall by cue lemma"] = {k: (found[k], total[k]) for k in BUCKETS}
    return report


def buckets_of(split: str, predictions_path: Path) -> str:
    """Content@0.5 recall of a split's predictions by how often the cue lemma anchors a cue in train."""
    from training.polnear import read_jsonl

    articles, docs = load_split(split)
    by_id = {p["id"]: p for p in read_jsonl(predictions_path)}
    predictions = [by_id.get(a["id"], {"quotes": []}) for a in articles]
    found, total = Counter(), Counter()
    recall_by_bucket(articles, docs, predictions, cue_lemma_counts(*load_split("train")), load_scorer(),
                     found, total)
    return ", ".join(f"{k} {found[k] / max(total[k], 1):.3f} ({found[k]}/{total[k]})" for k in BUCKETS)


def main(argv=None) -> None:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--folds", type=int, default=5)
    options.add_argument("--label", default="")
    options.add_argument("--buckets", nargs=2, metavar=("SPLIT", "PREDICTIONS"))
    options.add_argument("--predictions", type=Path, metavar="JSONL",
                         help="keep every train article's out-of-fold predictions here, for error analysis")
    known, rest = options.parse_known_args(argv)
    if known.buckets:
        print(f"{known.buckets[0]} content@0.5 recall by cue lemma count in train: "
              + buckets_of(known.buckets[0], Path(known.buckets[1])))
        return
    args = parser().parse_args(rest)
    report = cross_validate(args, known.folds, keep=known.predictions)
    print(f"== {known.label or ' '.join(rest) or 'baseline'} ({known.folds}-fold CV on train)")
    print(f"{'metric':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>8}{'pred':>8}{'gold':>8}")
    for key, value in report.items():
        if isinstance(value, dict) and "f1" in value:
            print(f"{key:<22}{value['p']:>8.3f}{value['r']:>8.3f}{value['f1']:>8.3f}"
                  f"{value['tp']:>8}{value['pred']:>8}{value['gold']:>8}")
    print("content@0.5 recall by cue lemma count in training folds: " + ", ".join(
        f"{k} {f / max(n, 1):.3f} ({f}/{n})" for k, (f, n) in report["content@0.5 recall by cue lemma"].items()))


if __name__ == "__main__":
    main()
