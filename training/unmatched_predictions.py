"""Predictions that match no gold attribution, by cue lemma, content shape and act.

Reads predictions of train articles kept by cross-validation (each article read by
models that did not train on it) and tells, for each predicted attribution, whether
the scorer counts it right and whether its content shares any word with a gold
content at all (if not, the predicate most likely attributes nothing: "laid off 300
workers"). Counts are split by how the content hangs off the cue (``content_shape``),
by the act the attribution gets (``attribute.act``) and by cue lemma.

    PYTHONPATH=src:. python -m training.cv_attribution --predictions /tmp/cv.jsonl
    PYTHONPATH=src:. python -m training.unmatched_predictions /tmp/cv.jsonl
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, Token

from whosaid.attribute.act import decide_act, load_act_model
from whosaid.attribute.tokens import anchor_of, span_tokens
from whosaid.records import Attribution
from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl

NOUN_OBJECTS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj"})


def content_shape(doc: Doc, anchor: Token | None, kind: str, content) -> str:
    """How a predicted content hangs off its cue: ``quote`` (direct or mixed),
    ``clause``, ``infinitive``, ``noun object``, ``preposition object`` (of a
    preposition the cue governs), ``governing clause`` (``according to``, ``as``
    clauses), ``no cue`` or ``other``."""
    if kind in ("direct", "mixed"):
        return "quote"
    if anchor is None:
        return "no cue"
    tokens = span_tokens(doc, content)
    ids = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)
    if root is None:
        return "other"
    if root.head.i == anchor.i:
        if root.dep_ == "ccomp":
            return "clause"
        if root.dep_ == "xcomp":
            to = any(c.dep_ == "aux" and c.lower_ == "to" for c in root.children)
            return "infinitive" if to else "other"
        return "noun object" if root.dep_ in NOUN_OBJECTS else "other"
    if root.dep_ in ("pobj", "pcomp") and root.head.head.i == anchor.i:
        return "preposition object"
    if anchor.head.i == root.i:
        return "governing clause"
    return "other"


def read_predictions(path: Path):
    """One row per predicted attribution of the train articles in ``path``: lemma,
    shape, act, whether the scorer counts it right, whether it shares a word with
    any gold content."""
    articles, docs = load_split("train")
    scorer = load_scorer()
    predicted = {p["id"]: p for p in read_jsonl(path)}
    act_model = load_act_model()
    rows = []
    for article, doc in zip(articles, docs):
        if article["id"] not in predicted:
            continue
        words = scorer.Words(article["text"])
        gold = [(c, words.of(g["source"])) for g in article["attributions"] if (c := words.of(g["content"]))]
        for quote in predicted[article["id"]]["quotes"]:
            content, source = words.of(quote["content"]), words.of(quote["source"])
            anchor = anchor_of(span_tokens(doc, quote["cue"])) if quote["cue"] else None
            record = Attribution(content=tuple(map(tuple, quote["content"])), source=tuple(map(tuple, quote["source"])),
                                 cue=tuple(map(tuple, quote["cue"])), kind=quote["kind"])
            rows.append({
                "lemma": anchor.lemma_.lower() if anchor is not None else "-",
                "shape": content_shape(doc, anchor, quote["kind"], quote["content"]),
                "act": decide_act(record, doc, act_model),
                "right": any(scorer.dice(content, gc) >= 0.5 and ((not gs and not source) or bool(gs & source))
                             for gc, gs in gold),
                "any gold": any(content & gc for gc, _ in gold),
            })
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path, help="train predictions (training.cv_attribution --predictions)")
    parser.add_argument("--lemmas", type=int, default=30, help="how many cue lemmas to list")
    args = parser.parse_args(argv)
    rows = read_predictions(args.predictions)
    unmatched = [r for r in rows if not r["any gold"]]
    print(f"{len(rows)} predicted, {sum(not r['right'] for r in rows)} wrong, "
          f"{len(unmatched)} sharing no word with any gold content")
    for key in ("shape", "act"):
        every, wrong, none = (Counter(r[key] for r in part) for part in
                              (rows, [r for r in rows if not r["right"]], unmatched))
        print(f"\nby {key}: predicted, wrong, sharing no word with gold (share)")
        for value, n in every.most_common():
            print(f"  {value:<20}{n:>7}{wrong[value]:>7}{none[value]:>7}  {none[value] / n:.2f}")
    every = Counter(r["lemma"] for r in rows)
    print("\ncue lemmas sharing no word with gold (of predicted), with their commonest shapes")
    for lemma, n in Counter(r["lemma"] for r in unmatched).most_common(args.lemmas):
        shapes = Counter(r["shape"] for r in unmatched if r["lemma"] == lemma).most_common(2)
        print(f"  {lemma:<16}{n:>5} / {every[lemma]:<6}" + ", ".join(f"{s} {k}" for s, k in shapes))


if __name__ == "__main__":
    main()
