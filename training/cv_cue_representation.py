"""Ablate the word-cluster features of the cue model by k-fold cross-validation on PolNeAR train.

Cheaper than ``training.cv_attribution`` (which trains and runs the whole
stage per fold): only the cue classifier is fitted, and it is scored on the
held-out folds' gold cue anchors: the share found at the candidate threshold,
split by how often the anchor's lemma anchors a gold cue in the training folds,
and the precision of candidates at that threshold. Candidates are the tokens
the shipped model would consider given the training folds alone.

    PYTHONPATH=src:. python -m training.cv_cue_representation ["VARIANT" ...]
"""

from __future__ import annotations

from collections import Counter

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from whosaid.attribute.candidates import candidate_indices
from whosaid.attribute.features import LEMMA_CLASSES, QuoteContext, cue_features
from whosaid.attribute.representation import CueLemmas, cue_cluster_features, load_word_clusters
from whosaid.quotes import find_quote_spans
from training.cv_attribution import BUCKETS, bucket
from training.polnear import load_split
from training.train_attribution import CLUSTER_SEED_COUNT, anchor_of, span_tokens

FOLDS = 5
THRESHOLD = 0.25  # the shipped candidate threshold
WIDEN = 1024

VARIANTS = {
    "baseline": dict(granularities=(), neighbours=False, widen=False),
    "c64": dict(granularities=(64,), neighbours=False, widen=False),
    "c256": dict(granularities=(256,), neighbours=False, widen=False),
    "c1024": dict(granularities=(1024,), neighbours=False, widen=False),
    "c64+256+1024": dict(granularities=(64, 256, 1024), neighbours=False, widen=False),
    "c64+256+1024 +neighbours": dict(granularities=(64, 256, 1024), neighbours=True, widen=False),
    "c64+256+1024 +neighbours +widen1024": dict(granularities=(64, 256, 1024), neighbours=True, widen=True),
    "c64+256+1024 +widen1024": dict(granularities=(64, 256, 1024), neighbours=False, widen=True),
    "baseline +widen1024": dict(granularities=(), neighbours=False, widen=True),
}


def main(argv=None) -> None:
    import sys

    chosen = (argv if argv is not None else sys.argv[1:]) or list(VARIANTS)
    articles, docs = load_split("train")
    clusters = load_word_clusters()
    level = clusters.granularities.index(WIDEN)
    lemma_per_doc = []
    for article, doc in zip(articles, docs):
        lemma_per_doc.append(Counter(
            anchor.lemma_.lower() for a in article["attributions"]
            if (anchor := anchor_of(span_tokens(doc, a["cue"]))) is not None))
    every = Counter()
    for counts in lemma_per_doc:
        every.update(counts)
    superset = CueLemmas(frozenset(every), clusters, WIDEN,
                         frozenset(ids[level] for w in every if (ids := clusters.of(w))))
    rows = []  # (doc, lemma, label, base features, cluster features per granularity set, neighbours)
    missing = []  # gold anchors that are never candidates: (doc, lemma)
    for d, (article, doc) in enumerate(zip(articles, docs)):
        quotes = QuoteContext.of(doc, find_quote_spans(doc.text))
        gold = {}
        for a in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, a["cue"]))
            if anchor is not None:
                gold[anchor.i] = anchor.lemma_.lower()
        seen = set()
        for i in candidate_indices(doc, superset):
            token = doc[i]
            seen.add(i)
            rows.append((d, token.lemma_.lower(), int(i in gold), cue_features(token, quotes),
                         cue_cluster_features(token, clusters, None, False),
                         cue_cluster_features(token, clusters, None, True)))
        missing += [(d, lemma) for i, lemma in gold.items() if i not in seen]
    print(f"{len(rows):,} superset candidates, {len(missing)} gold anchors never candidates")

    def keep(features, granularities):
        return [f for f in features if any(f.split("=")[0].endswith(str(k)) for k in granularities)]

    for name in chosen:
        variant = VARIANTS[name]
        found, total, flagged, right = Counter(), Counter(), 0, 0
        for fold in range(FOLDS):
            counts = Counter()
            for d, c in enumerate(lemma_per_doc):
                if d % FOLDS != fold:
                    counts.update(c)
            seeds = {ids[level] for w, n in counts.items() if n >= CLUSTER_SEED_COUNT and (ids := clusters.of(w))}

            def candidate(lemma):
                if lemma in counts or lemma in LEMMA_CLASSES or lemma == ":":
                    return True
                ids = clusters.of(lemma)
                return variant["widen"] and ids is not None and ids[level] in seeds

            def features(row):
                base = row[3]
                if variant["granularities"]:
                    base = base + keep(row[5] if variant["neighbours"] else row[4], variant["granularities"])
                return {f: 1 for f in base}

            fit_rows = [r for r in rows if r[0] % FOLDS != fold and candidate(r[1])]
            test_rows = [r for r in rows if r[0] % FOLDS == fold and candidate(r[1])]
            vectorizer = DictVectorizer()
            x = vectorizer.fit_transform(features(r) for r in fit_rows)
            x.indices = x.indices.astype("int32")
            x.indptr = x.indptr.astype("int32")
            model = LogisticRegression(C=0.25, solver="liblinear", max_iter=200, random_state=0)
            model.fit(x, [r[2] for r in fit_rows])
            probabilities = model.predict_proba(vectorizer.transform(features(r) for r in test_rows))[:, 1]
            for r, p in zip(test_rows, probabilities):
                flagged += p >= THRESHOLD
                right += (p >= THRESHOLD) and r[2]
                if r[2]:
                    key = bucket(counts[r[1]])
                    total[key] += 1
                    found[key] += p >= THRESHOLD
            for d, lemma in missing:
                if d % FOLDS == fold:
                    total[bucket(counts[lemma])] += 1
            for r in rows:  # gold anchors the variant does not make candidates
                if r[0] % FOLDS == fold and r[2] and not candidate(r[1]):
                    total[bucket(counts[r[1]])] += 1
        recall = sum(found.values()) / sum(total.values())
        print(f"{name:<40} anchors found {recall:.3f}  precision@{THRESHOLD} {right / max(flagged, 1):.3f}  "
              f"candidates above {flagged:,}  by lemma: " + ", ".join(
                  f"{k} {found[k] / max(total[k], 1):.3f} ({found[k]}/{total[k]})" for k in BUCKETS), flush=True)


if __name__ == "__main__":
    main()
