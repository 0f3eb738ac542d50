"""Train the act classifier (speech / thought / other) on PolNeAR train's gold cues.

PolNeAR has no act labels. ``training/data/act_cues.csv`` labels the cue
lemma types (every anchor lemma seen at least 3 times among train's gold
cues, counted by ``--count``); a gold cue takes its lemma's label, except that
a speech cue whose source is a document ("the report says", "a poll found")
is ``other``. At run time a labelled lemma keeps its label (the same
document rule applies) and the classifier reads every other lemma. Which nouns are documents is itself learned:
``training/data/act_sources.csv`` labels a few source nouns ``document`` or
``agent``, and a logistic regression on their en_core_web_md vectors labels
every noun lemma of train.

The act classifier is a multinomial logistic regression over the anchor
lemma's vector (unit length) and the parse features of
``whosaid.attribute.act.act_features``. Generalisation to lemmas never seen in
training is measured by grouped cross-validation over lemmas (5 folds, every
instance of a lemma in the same fold). The shipped file holds the parse
weights and, per lemma of the cue vocabulary, the vector part of the scores,
so inference needs no vectors.

    PYTHONPATH=src:. .venv/bin/python -m training.train_act [--count] [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from whosaid.attribute.act import ACT_FORMAT, ACT_MODEL_PATH, ACTS, act_features, source_head
from whosaid.attribute.tokens import anchor_of, span_tokens
from whosaid.attribute.attributions import _kind
from whosaid.attribute.features import LEMMA_CLASSES
from whosaid.attribute.model import load_model
from whosaid.lexicon import SPEECH_LEMMAS
from whosaid.parse import load_pipeline
from whosaid.quotes import find_quote_spans
from whosaid.records import Attribution
from training.polnear import load_split

DATA = Path(__file__).resolve().parent / "data"
CUE_LABELS = DATA / "act_cues.csv"
SOURCE_LABELS = DATA / "act_sources.csv"
INSTANCES = Path(".cache") / "act-instances.pkl"
SEED = 0
FOLDS = 5
# Chosen by grouped cross-validation over lemmas (``--sweep``, best per lemma type
# and per cue): the regularisation, whether classes are balanced, and how much
# each gold cue weighs. A cue weighs count ** -LEMMA_DAMPING of its lemma: at 1.0
# every lemma type weighs the same, so "say" (a quarter of the cues) does not
# decide on its own where the boundaries between acts lie in the vector space.
C = 0.3
BALANCED = False
LEMMA_DAMPING = 1.0
DOCUMENT_THRESHOLD = 0.7
# A lemma's clause rate is kept when train holds at least this many verb uses of it.
CLAUSE_RATE_MIN_USES = 10


def read_labels(path: Path, value: str) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["lemma"]: row[value] for row in csv.DictReader(handle)}


def instances():
    """Every gold cue of train: its anchor lemma, parse features (no document
    test yet), source lemma and entity type. Cached: reading train's parses is slow."""
    if INSTANCES.exists():
        return pickle.loads(INSTANCES.read_bytes())
    articles, docs = load_split("train")
    found, nouns = [], Counter()
    for article, doc in zip(articles, docs):
        spans = find_quote_spans(doc.text)
        starts = [q.start for q in spans]
        nouns.update(t.lemma_.lower() for t in doc if t.pos_ == "NOUN" and t.is_alpha)
        for gold in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, gold.get("cue") or []))
            if anchor is None:
                continue
            content = tuple(tuple(p) for p in gold.get("content") or [])
            attribution = Attribution(
                content=content, source=tuple(tuple(p) for p in gold.get("source") or []),
                cue=tuple(tuple(p) for p in gold["cue"]),
                kind=_kind(content, spans, starts, doc.text) if content else "indirect",
            )
            source = source_head(attribution, doc)
            found.append({
                "lemma": anchor.lemma_.lower(),
                "features": act_features(attribution, doc, anchor, frozenset()),
                "source_lemma": source.lemma_.lower() if source is not None else None,
                "source_ent": source.ent_type_ if source is not None else "",
            })
    INSTANCES.parent.mkdir(parents=True, exist_ok=True)
    INSTANCES.write_bytes(pickle.dumps((found, nouns)))
    return found, nouns


def clause_rates(docs, vocabulary) -> dict[str, float]:
    """Per lemma of ``vocabulary``: the share of its verb uses in ``docs`` that govern a clause
    ("said | that ...", "discussed | how ..."), read by ``act.topic_object``."""
    uses, clauses = Counter(), Counter()
    for doc in docs:
        for token in doc:
            if token.pos_ == "VERB":
                lemma = token.lemma_.lower()
                uses[lemma] += 1
                clauses[lemma] += any(c.dep_ == "ccomp" for c in token.children)
    return {lemma: round(clauses[lemma] / uses[lemma], 3) for lemma in sorted(vocabulary)
            if uses[lemma] >= CLAUSE_RATE_MIN_USES}


def unit(vectors, word: str) -> np.ndarray | None:
    key = vectors.strings[word] if word in vectors.strings else None
    if key is None or key not in vectors.key2row:
        return None
    v = vectors.data[vectors.key2row[key]]
    norm = float(np.linalg.norm(v))
    return v / norm if norm else None


def document_nouns(vectors, nouns) -> list[str]:
    labels = read_labels(SOURCE_LABELS, "kind")
    seeds = [(w, k) for w, k in labels.items() if unit(vectors, w) is not None]
    x = np.array([unit(vectors, w) for w, _ in seeds])
    y = np.array([k == "document" for _, k in seeds])
    clf = LogisticRegression(C=C, max_iter=2000, random_state=SEED).fit(x, y)
    words = sorted(w for w in nouns if unit(vectors, w) is not None)
    p = clf.predict_proba(np.array([unit(vectors, w) for w in words]))[:, 1]
    found = {w for w, q in zip(words, p) if q >= DOCUMENT_THRESHOLD}
    found |= {w for w, k in labels.items() if k == "document"}
    return sorted(found - {w for w, k in labels.items() if k != "document"})


EXCLUSIVE_SOURCE = ("source:none", "source:first_person", "source:pronoun", "source:named")


def with_documents(instance, documents: set[str]) -> list[str]:
    features = list(instance["features"])
    if (not any(f in features for f in EXCLUSIVE_SOURCE) and instance["source_lemma"] in documents
            and instance["source_ent"] not in ("PERSON", "ORG", "NORP", "GPE")):
        features.append("source:document")
    return sorted(features)


def deduplicated(rows, y, groups):
    """Identical (lemma, features, act) rows once, with their count: the fits run on a few thousand rows."""
    counts = Counter(zip(((lemma, tuple(f)) for lemma, f in rows), y.tolist()))
    keys = sorted(counts, key=lambda k: (k[0][0], k[0][1], k[1]))
    return ([(lemma, list(f)) for (lemma, f), _ in keys], np.array([a for _, a in keys]),
            np.array([lemma for (lemma, _), _ in keys]), np.array([counts[k] for k in keys], dtype=float))


def fit(x, y, counts, lemma_counts, groups, c=C, balanced=BALANCED, damping=LEMMA_DAMPING):
    weight = counts * np.array([lemma_counts[g] for g in groups], dtype=float) ** -damping
    if balanced:
        totals = np.bincount(y, weights=weight, minlength=len(ACTS))
        weight = weight * (totals.sum() / (len(ACTS) * totals))[y]
    return LogisticRegression(C=c, max_iter=2000, random_state=SEED).fit(x, y, sample_weight=weight)


def design(rows, vectors, feature_names):
    index = {f: k for k, f in enumerate(feature_names)}
    x = np.zeros((len(rows), 300 + len(feature_names)))
    for r, (lemma, features) in enumerate(rows):
        v = unit(vectors, lemma)
        if v is not None:
            x[r, :300] = v
        for f in features:
            if f in index:
                x[r, 300 + index[f]] = 1.0
    return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", action="store_true", help="print the anchor lemmas of train's gold cues with counts")
    parser.add_argument("--no-write", action="store_true", help="measure only")
    parser.add_argument("--ablate", action="store_true", help="also measure without the parse features and without vectors")
    parser.add_argument("--sweep", action="store_true", help="cross-validate C, class balancing and lemma damping")
    args = parser.parse_args()

    found, nouns = instances()
    counts = Counter(i["lemma"] for i in found)
    if args.count:
        for lemma, n in counts.most_common():
            print(n, lemma)
        return
    vectors = load_pipeline("md").vocab.vectors
    documents = set(document_nouns(vectors, nouns))
    labels = read_labels(CUE_LABELS, "act")
    rows, y, groups = [], [], []
    for instance in found:
        act = labels.get(instance["lemma"])
        if act is None:
            continue
        features = with_documents(instance, documents)
        if act == "speech" and "source:document" in features:
            act = "other"
        rows.append((instance["lemma"], features))
        y.append(ACTS.index(act))
        groups.append(instance["lemma"])
    y, groups = np.array(y), np.array(groups)
    lemma_counts = Counter(groups.tolist())
    rows, y, groups, counts = deduplicated(rows, y, groups)
    feature_names = sorted({f for _, fs in rows for f in fs})
    x = design(rows, vectors, feature_names)
    print(f"{int(counts.sum())} labelled gold cues of {len(found)} ({len(rows)} distinct), {len(lemma_counts)} lemmas, "
          f"{len(documents)} document nouns; classes {dict(zip(ACTS, np.bincount(y, weights=counts).astype(int).tolist()))}")

    def cross_validate(columns, name, quiet=False, document_rule=True, **settings):
        predicted = np.zeros_like(y)
        for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
            clf = fit(x[train][:, columns], y[train], counts[train], lemma_counts, groups[train], **settings)
            predicted[test] = clf.predict(x[test][:, columns])
        # What a document "says" is other, as at run time (``ActModel.decide``).
        if document_rule:
            documented = np.array(["source:document" in f for _, f in rows])
            predicted[documented & (predicted == ACTS.index("speech"))] = ACTS.index("other")
        # Per cue and per lemma type: "say" alone is a quarter of the cues.
        right = (predicted == y) * counts
        type_votes: dict[str, Counter] = {}
        for g, t, p, n in zip(groups, y, predicted, counts):
            type_votes.setdefault(g, Counter())[(t, p)] += n
        per_type = {g: (max(v, key=lambda k: sum(m for (t, _), m in v.items() if t == k[0]))[0],
                        Counter({p: m for (_, p), m in v.items()}).most_common(1)[0][0]) for g, v in type_votes.items()}
        type_accuracy = np.mean([t == p for t, p in per_type.values()])
        if quiet:
            return right.sum() / counts.sum(), type_accuracy
        print(f"{name}: grouped {FOLDS}-fold CV over lemmas (every lemma held out of the fold it is tested in)")
        print(f"  accuracy per cue {right.sum() / counts.sum():.3f}, per lemma type (majority act) {type_accuracy:.3f}")
        for k, act in enumerate(ACTS):
            mask = y == k
            chosen = predicted == k
            types = [g for g, (t, _) in per_type.items() if t == k]
            print(f"  {act:8s} cues {int(counts[mask].sum()):5d} recall {right[mask].sum() / counts[mask].sum():.3f} "
                  f"precision {right[chosen].sum() / max(counts[chosen].sum(), 1):.3f}   "
                  f"lemma types {len(types):3d} correct {np.mean([per_type[g][1] == k for g in types]):.3f}")
        return right.sum() / counts.sum(), type_accuracy

    everything = np.arange(x.shape[1])
    if args.sweep:
        for c in (0.1, 0.3, 1.0, 3.0):
            for balanced in (False, True):
                for damping in (0.0, 0.5, 1.0):
                    cue, kind = cross_validate(everything, "", quiet=True, c=c, balanced=balanced, damping=damping)
                    print(f"C={c:<5} balanced={balanced!s:5} damping={damping}: per cue {cue:.3f}, per lemma type {kind:.3f}")
        return
    cross_validate(everything, "vector + parse")
    if args.ablate:
        cross_validate(np.arange(300), "vector only")
        cross_validate(np.arange(300, x.shape[1]), "parse only")
        cross_validate(np.r_[np.arange(300), [300 + k for k, f in enumerate(feature_names) if f != "source:document"]],
                       "without the document-source feature and rule", document_rule=False)

    clf = fit(x, y, counts, lemma_counts, groups)
    if args.no_write:
        return
    # The lemmas the fast pipeline can anchor a cue on, less those the labels name.
    vocabulary = set(load_model().cue_lemmas or ()) | set(LEMMA_CLASSES) | set(SPEECH_LEMMAS)
    vector_weights = clf.coef_[:, :300]
    lemma_scores = {}
    for lemma in sorted(vocabulary - set(labels)):
        v = unit(vectors, lemma)
        if v is not None and lemma.isalpha():
            lemma_scores[lemma] = [round(float(s), 3) for s in vector_weights @ v]
    prior = np.average(x[:, :300] @ vector_weights.T, axis=0, weights=counts)
    model = {
        "format": ACT_FORMAT,
        "trained_on": "PolNeAR train gold cues, labels training/data/act_cues.csv",
        "classes": list(ACTS),
        "bias": [round(float(b), 4) for b in clf.intercept_],
        "prior": [round(float(p), 4) for p in prior],
        "weights": {f: [round(float(w), 4) for w in clf.coef_[:, 300 + k]] for k, f in enumerate(feature_names)},
        "document_nouns": sorted(documents),
        "labelled": dict(sorted(labels.items())),
        "lemma_scores": lemma_scores,
        "clause_rates": clause_rates(load_split("train")[1], vocabulary | set(labels)),
    }
    ACT_MODEL_PATH.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {ACT_MODEL_PATH} ({ACT_MODEL_PATH.stat().st_size:,} bytes, {len(lemma_scores)} lemmas)")


if __name__ == "__main__":
    main()
