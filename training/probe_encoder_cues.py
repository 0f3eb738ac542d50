"""Do frozen encoder features help the cue classifier? A cross-validated probe on PolNeAR train.

Every candidate token of the first ``--articles`` train articles (all content words and
colons: ``candidate_indices`` without a lemma filter, so words never seen anchoring a
cue are candidates too) is labelled 1 when it anchors a gold cue, as in
``training/train_attribution.py``. Articles are split into 5 folds; for each held-out
fold two cue classifiers are fitted on the other four:

  sparse            the attribute stage's sparse features (``cue_features``), logistic regression
  sparse+encoder    the same plus one feature: the bucketed probability that a logistic
                    regression head on the candidate's frozen encoder state gives it,
                    out of fold (inner folds) on the training articles

The head alone is reported too. Recall is broken down by how often the candidate's
lemma anchored a cue in the training folds (never, 1-9 times, 10+). The encoder reads
only the sentences that hold a candidate, each sentence on its own. Dev is not read.

    PYTHONPATH=src:. python -m training.probe_encoder_cues --articles 300 --layer 3
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from whosaid.attribute.candidates import candidate_indices
from whosaid.attribute.encoder_cues import bucket
from whosaid.attribute.features import QuoteContext, cue_features
from whosaid.encoder import Encoder
from whosaid.quotes import find_quote_spans
from training.polnear import load_split
from training.encoder_cues import cue_anchors

FOLDS = 5
INNER_FOLDS = 3
SPARSE_C = 0.25  # the cue model's setting in train_attribution
CACHE = Path(".cache") / "encoder-probe"


def candidates(articles, docs):
    """Per article: candidate token indices, their sparse features, labels and lemmas."""
    out = []
    for article, doc in zip(articles, docs):
        quotes = QuoteContext.of(doc, find_quote_spans(doc.text))
        gold = cue_anchors(article, doc)
        ids = candidate_indices(doc, None)
        out.append({
            "ids": ids,
            "rows": [cue_features(doc[i], quotes) for i in ids],
            "labels": np.array([int(i in gold) for i in ids], dtype=np.int8),
            "lemmas": [doc[i].lemma_.lower() for i in ids],
        })
    return out


def encoder_states(docs, per_doc, layers, encoder, cache: Path) -> np.ndarray:
    """(n_layers, n_candidates, width) first-subword states of every candidate, each
    sentence holding a candidate read on its own. One file per layer under ``cache``."""
    files = {k: cache / f"layer{k}.npy" for k in layers}
    missing = [k for k in layers if not files[k].exists()]
    if missing:
        blocks = []
        started, words = time.time(), 0
        for n, (doc, cand) in enumerate(zip(docs, per_doc)):
            wanted = set(cand["ids"])
            rows = np.zeros((len(missing), len(cand["ids"]), encoder.width), dtype=np.float32)
            where = {i: m for m, i in enumerate(cand["ids"])}
            for sent in doc.sents:
                inside = [i for i in range(sent.start, sent.end) if i in wanted]
                if not inside:
                    continue
                states = encoder.word_states(sent, layers=missing)
                words += len(sent)
                for i in inside:
                    rows[:, where[i]] = states[:, i - sent.start]
            blocks.append(rows)
            if n % 25 == 24:
                print(f"  encoded {n + 1} articles, {words:,} words, "
                      f"{words / (time.time() - started):.0f} words/s", flush=True)
        states = np.concatenate(blocks, axis=1)
        cache.mkdir(parents=True, exist_ok=True)
        for row, k in enumerate(missing):
            np.save(files[k], states[row])
    return np.stack([np.load(files[k]) for k in layers])


def head(states, labels, c):
    model = LogisticRegression(C=c, max_iter=500, random_state=0)
    model.fit(states, labels)
    return model


def head_probabilities(states, labels, groups, fit_rows, apply_rows, c) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold head probabilities on ``fit_rows`` (inner folds by article) and the
    probabilities of a head fitted on all of ``fit_rows`` for ``apply_rows``."""
    inner = np.zeros(len(fit_rows))
    fold_of = groups[fit_rows] % INNER_FOLDS
    for f in range(INNER_FOLDS):
        train, test = fit_rows[fold_of != f], fit_rows[fold_of == f]
        inner[fold_of == f] = head(states[train], labels[train], c).predict_proba(states[test])[:, 1]
    outer = head(states[fit_rows], labels[fit_rows], c).predict_proba(states[apply_rows])[:, 1]
    return inner, outer


def as_int32(matrix):
    """liblinear takes 32-bit indices only."""
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    return matrix


def sparse_model(rows, labels):
    vectorizer = DictVectorizer()
    matrix = as_int32(vectorizer.fit_transform({f: 1 for f in row} for row in rows))
    model = LogisticRegression(C=SPARSE_C, solver="liblinear", max_iter=200, random_state=0)
    model.fit(matrix, labels)
    return vectorizer, model


def scores(predicted, labels, seen) -> dict:
    """P/R overall, and P/R by how often each candidate's lemma anchored a cue in the
    training folds of its own fold (``seen``)."""
    tp = int(np.sum(predicted & (labels == 1)))
    result = {"P": tp / max(int(predicted.sum()), 1), "R": tp / max(int(labels.sum()), 1),
              "cues": int(labels.sum())}
    band = np.where(seen == 0, "0", np.where(seen < 10, "1-9", "10+"))
    for name in ("0", "1-9", "10+"):
        mask = band == name
        gold = mask & (labels == 1)
        result[f"R_{name}"] = float(np.sum(predicted & gold)) / max(int(gold.sum()), 1)
        result[f"P_{name}"] = float(np.sum(predicted & gold)) / max(int(np.sum(predicted & mask)), 1)
        result[f"cues_{name}"] = int(gold.sum())
    return result


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="first N PolNeAR train articles")
    parser.add_argument("--layer", type=int, nargs="+", default=[3],
                        help="encoder layers whose states (concatenated) the head reads")
    parser.add_argument("--head-c", type=float, default=0.1, help="encoder head: inverse L2 strength")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.25, 0.5],
                        help="cue probabilities counted as a cue (0.25: the stage's candidate threshold)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads for the encoder (2 stall on a machine whose cores are busy)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    started = time.time()
    articles, docs = load_split("train")
    articles, docs = articles[: args.articles], docs[: args.articles]
    per_doc = candidates(articles, docs)
    n_cand = sum(len(c["ids"]) for c in per_doc)
    print(f"{len(docs)} articles, {n_cand:,} candidates, {sum(int(c['labels'].sum()) for c in per_doc):,} cue "
          f"anchors ({time.time() - started:.0f}s)", flush=True)

    encoder = Encoder.load()
    layers = tuple(args.layer)
    cache = CACHE / f"first-{args.articles}"
    with threadpool_limits(limits=args.threads, user_api="blas"):
        states = encoder_states(docs, per_doc, layers, encoder, cache)
    states = np.concatenate(list(states), axis=1)  # layers side by side
    print(f"encoder states {states.shape} ({time.time() - started:.0f}s)", flush=True)

    rows = [r for c in per_doc for r in c["rows"]]
    labels = np.concatenate([c["labels"] for c in per_doc]).astype(int)
    lemmas = [l for c in per_doc for l in c["lemmas"]]
    groups = np.concatenate([np.full(len(c["ids"]), k) for k, c in enumerate(per_doc)])
    # Standardised once: a per-dimension scale learned from all rows leaks no label.
    states = (states - states.mean(axis=0)) / (states.std(axis=0) + 1e-6)

    probability = {name: np.zeros(len(labels)) for name in ("sparse", "sparse+encoder", "encoder head")}
    seen = np.zeros(len(labels), dtype=int)
    for fold in range(FOLDS):
        test = np.flatnonzero(groups % FOLDS == fold)
        train = np.flatnonzero(groups % FOLDS != fold)
        counts = Counter(lemmas[i] for i in train if labels[i])
        seen[test] = [counts[lemmas[i]] for i in test]
        vectorizer, model = sparse_model([rows[i] for i in train], labels[train])
        p = model.predict_proba(as_int32(vectorizer.transform({f: 1 for f in rows[i]} for i in test)))[:, 1]
        probability["sparse"][test] = p

        inner, outer = head_probabilities(states, labels, groups // FOLDS, train, test, args.head_c)
        probability["encoder head"][test] = outer
        train_rows = [rows[i] + [bucket(q)] for i, q in zip(train, inner)]
        vectorizer, model = sparse_model(train_rows, labels[train])
        test_rows = [rows[i] + [bucket(q)] for i, q in zip(test, outer)]
        p = model.predict_proba(as_int32(vectorizer.transform({f: 1 for f in row} for row in test_rows)))[:, 1]
        probability["sparse+encoder"][test] = p
        print(f"fold {fold + 1}/{FOLDS} done ({time.time() - started:.0f}s)", flush=True)

    figures = {"articles": len(docs), "candidates": n_cand, "layers": list(layers), "head_c": args.head_c,
               "results": {}}
    for threshold in args.threshold:
        print(f"threshold {threshold}")
        print(f"{'setting':16} {'P':>6} {'R':>6}   R unseen (n)   R 1-9 (n)   R 10+ (n)   P unseen")
        for name, p in probability.items():
            r = {k: round(v, 3) if isinstance(v, float) else v
                 for k, v in scores(p >= threshold, labels, seen).items()}
            figures["results"][f"{name} @ {threshold}"] = r
            print(f"{name:16} {r['P']:6.3f} {r['R']:6.3f}   {r['R_0']:.3f} ({r['cues_0']})   "
                  f"{r['R_1-9']:.3f} ({r['cues_1-9']})   {r['R_10+']:.3f} ({r['cues_10+']})   {r['P_0']:.3f}")
    print(f"({time.time() - started:.0f}s)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
