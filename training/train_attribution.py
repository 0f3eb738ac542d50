"""Train the cue classifier of the attribute stage on PolNeAR train.

Every candidate token of every training article (see
``whosaid.attribute.features``) is labelled 1 when it anchors a gold cue (the
token of the cue whose syntactic head lies outside the cue), and a logistic
regression is fitted on its sparse features. The weights are written as JSON,
together with the cue-span table learned from the same gold cues.

    PYTHONPATH=. .venv/bin/python -m training.train_attribution
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from whosaid.attribute.features import QuoteContext, cue_features, is_candidate
from whosaid.attribute.model import FORMAT, MODEL_PATH
from whosaid.attribute.spans import content_candidates, content_child_features, subtree_ids
from whosaid.quotes import find_quote_spans
from whosaid.attribute.spans import ATTACHABLE
from training.polnear import load_split


def span_tokens(doc, offsets):
    tokens = []
    for start, end in offsets:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
    return tokens


def anchor_of(tokens):
    """The cue token whose head lies outside the cue: the one the classifier must find."""
    ids = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in ids or token.head.i == token.i:
            return token
    return tokens[0] if tokens else None


def collect(articles, docs):
    rows, labels = [], []
    content_rows, content_labels = [], []
    # Words attached to an anchor that gold cues include, counted per anchor lemma.
    attached, anchors = Counter(), Counter()
    for article, doc in zip(articles, docs):
        quotes = QuoteContext.of(doc, find_quote_spans(doc.text))
        gold = set()
        for attribution in article["attributions"]:
            tokens = span_tokens(doc, attribution["cue"])
            anchor = anchor_of(tokens)
            if anchor is None:
                continue
            gold.add(anchor.i)
            lemma = anchor.lemma_.lower()
            cue_ids = {t.i for t in tokens}
            content = {t.i for t in span_tokens(doc, attribution["content"]) if not t.is_punct}
            source = {t.i for t in span_tokens(doc, attribution["source"])}
            for child in content_candidates(anchor, cue_ids | source):
                phrase = [i for i in subtree_ids(child) if not doc[i].is_punct] or [child.i]
                content_rows.append(content_child_features(child, anchor, quotes.inside))
                content_labels.append(int(sum(i in content for i in phrase) * 2 >= len(phrase)))
            for child in anchor.children:
                if child.dep_ in ATTACHABLE:
                    for key in (f"{child.dep_}|{child.lower_}", f"{lemma}|{child.dep_}|{child.lower_}"):
                        anchors[key] += 1
                        attached[key] += child.i in cue_ids
        for token in doc:
            if is_candidate(token):
                rows.append(cue_features(token, quotes))
                labels.append(int(token.i in gold))
    return rows, labels, content_rows, content_labels, attached, anchors


def fit(rows, labels, c):
    """A logistic regression on sparse features, as pruned JSON-ready weights."""
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform({f: 1 for f in row} for row in rows)
    # liblinear takes 32-bit indices only.
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=200)
    model.fit(matrix, labels)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
        if abs(w) >= 1e-3
    }
    return {"c": c, "intercept": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--c", type=float, default=1.0, help="cue model: inverse L2 regularisation strength")
    parser.add_argument("--content-c", type=float, default=1.0, help="content model: inverse L2 strength")
    args = parser.parse_args(argv)

    started = time.time()
    articles, docs = load_split("train")
    rows, labels, content_rows, content_labels, attached, anchors = collect(articles, docs)
    print(f"{len(rows):,} candidates, {sum(labels):,} cues; {len(content_rows):,} content phrases "
          f"({time.time() - started:.0f}s)")
    cue = fit(rows, labels, args.c)
    content = fit(content_rows, content_labels, args.content_c)
    # A word attached to a cue ("has said", "also said", "called for") joins the cue span
    # when gold cues usually include it: per lemma when seen often enough, else in general.
    cue_words = {
        key: round(attached[key] / n, 3)
        for key, n in anchors.items()
        if n >= (3 if key.count("|") == 2 else 5)
    }
    artifact = {
        "format": FORMAT,
        "trained_on": "PolNeAR train",
        "attached_cue_words": dict(sorted(cue_words.items())),
        "cue": cue,
        "content": content,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(artifact, separators=(",", ":")), encoding="utf-8")
    print(f"{len(cue['weights']):,} + {len(content['weights']):,} weights, {len(cue_words)} attached cue words -> {args.out} "
          f"({args.out.stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
