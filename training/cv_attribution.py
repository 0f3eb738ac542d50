"""Cross-validate the attribution models on PolNeAR train (k folds by article).

Each fold's models are trained on the other folds exactly as
``training.train_attribution`` trains the shipped model (same options), the
held-out articles are read, and all folds' predictions are scored together
with ``../shared/eval/score.py``. Recall is also split by how often the gold
cue's lemma anchors a cue in the training folds (10+, 1-9, unseen): the share of
gold attributions whose content a prediction matches at word Dice >= 0.5.

    PYTHONPATH=src:. python -m training.cv_attribution [train options, e.g. --clusters 64 256]

Each report also gives the speech-only figures (``training.speech_proxy``).
``--thresholds 0.25 0.3 ...`` reads the held-out folds at several verifier
thresholds with the same fold models; ``--models DIR`` keeps the fold models and
reads them back on a later run (a sweep without training again).

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
from training.speech_proxy import speech_counts, summary
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


def fold_model(args, fold: int, folds: int, articles, docs, models: Path | None, quiet: bool = True):
    """The model trained on all folds but ``fold``; with ``models``, kept there as
    ``fold-K-of-N.json`` and read back instead of trained again on a later run."""
    path = models / f"fold-{fold + 1}-of-{folds}.json" if models is not None else None
    if path is not None and path.exists():
        return AttributionModel.from_file(path)
    fitted = [i for i in range(len(articles)) if i % folds != fold]
    artifact = train([articles[i] for i in fitted], [docs[i] for i in fitted], args,
                     log=(lambda *_: None) if quiet else print)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(artifact, separators=(",", ":")), encoding="utf-8")
    return AttributionModel.from_dict(artifact)


def cross_validate(args, folds: int, quiet: bool = True, keep: Path | None = None,
                   thresholds=(None,), models: Path | None = None) -> dict:
    """The scorer's report of every train article read by the fold model that did not
    train on it, with the speech-only figures (``training.speech_proxy``) under
    ``speech``; for several verifier ``thresholds`` (None: the model's), one report
    each, keyed by threshold."""
    articles, docs = load_split("train")
    scorer = load_scorer()
    found, total = Counter(), Counter()
    predictions = {t: [None] * len(articles) for t in thresholds}
    started = time.time()
    for fold in range(folds):
        model = fold_model(args, fold, folds, articles, docs, models, quiet)
        held = [i for i in range(len(articles)) if i % folds == fold]
        held_articles, held_docs = [articles[i] for i in held], [docs[i] for i in held]
        for threshold in thresholds:
            predicted = predict(held_articles, held_docs, threshold=threshold, model=model)
            for i, p in zip(held, predicted):
                predictions[threshold][i] = p
        fitted = [i for i in range(len(articles)) if i % folds != fold]
        recall_by_bucket(held_articles, held_docs, [predictions[thresholds[0]][i] for i in held],
                         cue_lemma_counts([articles[i] for i in fitted], [docs[i] for i in fitted]),
                         scorer, found, total)
        print(f"fold {fold + 1}/{folds} done ({time.time() - started:.0f}s)", file=sys.stderr)
    reports = {}
    for threshold in thresholds:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
            out.write("".join(json.dumps(p) + "\n" for p in predictions[threshold]))
        report = scorer.score(scorer.load(str(POLNEAR / "train.jsonl")), scorer.load(out.name))
        if keep is not None and threshold == thresholds[0]:
            Path(out.name).replace(keep)
        else:
            Path(out.name).unlink()
        report["speech"] = speech_counts(articles, docs, {p["id"]: p for p in predictions[threshold]}, scorer)
        report["content@0.5 recall by cue lemma"] = {k: (found[k], total[k]) for k in BUCKETS}
        reports[threshold] = report
    return reports if len(thresholds) > 1 else reports[thresholds[0]]


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
    options.add_argument("--thresholds", type=float, nargs="+", metavar="T",
                         help="report the held-out folds read at each of these verifier thresholds")
    options.add_argument("--models", type=Path, metavar="DIR",
                         help="keep each fold's model here, and read it back on later runs instead of training")
    known, rest = options.parse_known_args(argv)
    if known.buckets:
        print(f"{known.buckets[0]} content@0.5 recall by cue lemma count in train: "
              + buckets_of(known.buckets[0], Path(known.buckets[1])))
        return
    args = parser().parse_args(rest)
    thresholds = tuple(known.thresholds) if known.thresholds else (None,)
    reports = cross_validate(args, known.folds, keep=known.predictions, thresholds=thresholds, models=known.models)
    if len(thresholds) == 1:
        reports = {thresholds[0]: reports}
    for threshold, report in reports.items():
        shown = f", verifier threshold {threshold}" if threshold is not None else ""
        print(f"== {known.label or ' '.join(rest) or 'baseline'} ({known.folds}-fold CV on train{shown})")
        print(f"{'metric':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>8}{'pred':>8}{'gold':>8}")
        for key, value in report.items():
            if isinstance(value, dict) and "f1" in value:
                print(f"{key:<22}{value['p']:>8.3f}{value['r']:>8.3f}{value['f1']:>8.3f}"
                      f"{value['tp']:>8}{value['pred']:>8}{value['gold']:>8}")
        print(summary(report["speech"]))
        print("content@0.5 recall by cue lemma count in training folds: " + ", ".join(
            f"{k} {f / max(n, 1):.3f} ({f}/{n})" for k, (f, n) in report["content@0.5 recall by cue lemma"].items()))


if __name__ == "__main__":
    main()
