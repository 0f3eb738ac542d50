"""Predictions that are not attributions: what the false positives of out-of-fold predictions are.

Reads train predictions kept by cross-validation (``training.train_attribution --folds K
--predictions P``: article ``i`` read by the model that did not train on fold ``i % K``)
and takes as false positive every prediction the scorer's one-to-one content matching
(word Dice >= 0.5) gives to no gold attribution. They are counted by cue lemma and by
shape:

* how often the cue lemma anchors a gold cue in the *other* folds (never, 1-2, 3+): a
  lemma a model never saw as a cue is read by its class and context alone;
* whether the lemma is a verb of motion, state or change ("reach", "hit", "go",
  "become"), which reports nothing (a list for this count only, not read by the engine);
* how the content hangs off the cue (``unmatched_predictions.content_shape``), and for a
  noun-phrase object whether it is bare (no clause, no quotation) and whether its head is
  a negative or quantity word ("nothing", "little", "much");
* where cue and content sit against a clause that modifies a noun, as the verifier's
  ``features.relative_clause_features`` read it: a cue in such a clause with what the noun
  is to it and whether the content lies inside, a content that is such a clause or opens
  with a noun it modifies;
* act crossed with the lemma's gold cues in the other folds, and predictions sharing a
  cue anchor.

It also lists how gold annotates a speech verb whose object is such a word ("said
nothing", "said little about", "would not say", "declined to say"): ``--silences``.

    PYTHONPATH=src:. python -m training.false_positives P [--folds 5] [--lemmas 30] [--silences]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from whosaid.attribute.features import relative_clause_features
from whosaid.attribute.tokens import anchor_of, span_tokens
from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl
from training.unmatched_predictions import content_shape

# For the count only: verbs whose object is where something went or what it became.
MOTION_STATE_CHANGE = frozenset("""reach hit go come become get turn grow rise fall remain stay move leave arrive
    enter return head lead run land drop climb jump fly travel walk spread sink soar surge slip
    end begin start finish""".split())
# Negative and quantity words that fill an object slot without saying what was said.
EMPTY_OBJECTS = frozenset("""nothing little much anything something everything none more less lot few
    plenty all""".split())
SILENCE = re.compile(
    r"\b(?:said|says|say|saying|told|tell|added)\s+(?:nothing|little|much|something|anything)\b"
    r"|\b(?:would|will|did|could|does|do)\s*(?:not|n't|n’t)\s+(?:say|comment|elaborate|discuss|specify)\b"
    r"|\b(?:declined|refused)\s+to\s+(?:say|comment|elaborate|discuss|specify|answer)\b", re.I)


def object_head(doc, anchor, content):
    """The head word of a noun-phrase content, or None."""
    tokens = span_tokens(doc, content)
    ids = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)


def lemma_counts_by_fold(articles, docs, folds: int) -> list[Counter]:
    per_fold = [Counter() for _ in range(folds)]
    for i, (article, doc) in enumerate(zip(articles, docs)):
        for gold in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, gold["cue"]))
            if anchor is not None:
                per_fold[i % folds][anchor.lemma_.lower()] += 1
    return per_fold


def read_predictions(path: Path, folds: int):
    articles, docs = load_split("train")
    scorer = load_scorer()
    predicted = {p["id"]: p for p in read_jsonl(path)}
    per_fold = lemma_counts_by_fold(articles, docs, folds)
    rows = []
    for i, (article, doc) in enumerate(zip(articles, docs)):
        if article["id"] not in predicted:
            continue
        others = sum((per_fold[k] for k in range(folds) if k != i % folds), Counter())
        words = scorer.Words(article["text"])
        gold = [{"c": c} for g in article["attributions"] if (c := words.of(g["content"]))]
        quotes = [q for q in predicted[article["id"]]["quotes"] if words.of(q["content"])]
        matched = {pi for _, pi in scorer.match_contents(gold, [{"c": words.of(q["content"])} for q in quotes])}
        anchors = Counter(anchor.i for q in quotes if q["cue"] and (anchor := anchor_of(span_tokens(doc, q["cue"]))))
        for pi, quote in enumerate(quotes):
            anchor = anchor_of(span_tokens(doc, quote["cue"])) if quote["cue"] else None
            lemma = anchor.lemma_.lower() if anchor is not None else "-"
            shape = content_shape(doc, anchor, quote["kind"], quote["content"])
            head = object_head(doc, anchor, quote["content"]) if shape in ("noun object", "preposition object") else None
            rows.append({
                "relative clause": relative_clause_class(anchor, quote, doc),
                "shared anchor": anchor is not None and anchors[anchor.i] > 1,
                "lemma": lemma,
                "shape": shape,
                "act": quote.get("act", "?"),
                "fp": pi not in matched,
                "gold cues elsewhere": others[lemma] if anchor is not None else None,
                "motion": lemma in MOTION_STATE_CHANGE,
                "empty object": head is not None and head.lower_ in EMPTY_OBJECTS,
                "text": (doc.text[quote["cue"][0][0]:quote["cue"][0][1]] if quote["cue"] else "") + " | "
                        + " ".join(doc.text[s:e] for s, e in quote["content"])[:70],
            })
    return rows


def relative_clause_class(anchor, quote, doc) -> str:
    """Where a prediction's cue and content sit against a clause that modifies a noun, named by
    the verifier's relative-clause features (``features.relative_clause_features``): ``rel=GAP|in``,
    ``|out`` or ``|quote`` for a cue in such a clause, else ``crel=...`` or ``nrel=...`` for the
    content, else ``-``."""
    if anchor is None:
        return "-"
    content = None if quote["kind"] in ("direct", "mixed") else [
        t.i for t in span_tokens(doc, quote["content"]) if not (t.is_punct or t.is_space)]
    found = relative_clause_features(anchor, content or None)
    return next((f for f in found if f.startswith("rel=") and "|" in f), None) or \
        next((f for f in found if f.startswith(("crel=", "nrel="))), "-")


def seen_bucket(n) -> str:
    return "no cue" if n is None else "never" if n == 0 else "1-2" if n < 3 else "3+"


def table(rows, key, title: str, limit: int | None = None) -> None:
    every = Counter(key(r) for r in rows)
    fp = Counter(key(r) for r in rows if r["fp"])
    print(f"\n{title}: predicted, false positives (share of predicted), share of all false positives")
    total = sum(fp.values())
    for value, n in sorted(every.items(), key=lambda kv: -fp[kv[0]])[:limit]:
        print(f"  {str(value):<24}{n:>7}{fp[value]:>7} ({fp[value] / n:.2f}) {fp[value] / max(total, 1):.3f}")


def silences() -> None:
    """How gold annotates speech verbs with an empty object and refusals to say."""
    articles, _ = load_split("train")
    found = Counter()
    for article in articles:
        text = article["text"]
        for m in SILENCE.finditer(text):
            start, end = m.span()
            hits = [g for g in article["attributions"] if any(s <= start < e or start <= s < end for s, e in g["cue"])]
            words = " ".join(m.group(0).lower().split())
            family = ("refused" if words.startswith(("declined", "refused")) else
                      "negated" if any(n in words for n in ("not", "n't", "n’t")) else "empty object")
            if not hits:
                found[family, "none"] += 1
                continue
            content = " ".join(text[s:e] for s, e in hits[0]["content"])
            cue = " ".join(text[s:e] for s, e in hits[0]["cue"])
            found[family, "attribution, content a topic" if cue.lower().endswith(("about", "of", "on"))
                  else "attribution"] += 1
            print(f"  {family:<13} cue {cue!r:<34} content {content[:60]!r}")
    print("\nhow gold annotates them (family, annotation): count")
    for key, n in sorted(found.items()):
        print(f"  {key}: {n}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path, help="out-of-fold train predictions (train_attribution --predictions)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--lemmas", type=int, default=30, help="how many cue lemmas to list")
    parser.add_argument("--examples", type=int, default=0, help="false positives to print per shape")
    parser.add_argument("--silences", action="store_true", help="also list how gold annotates 'said nothing' and kin")
    args = parser.parse_args(argv)
    rows = read_predictions(args.predictions, args.folds)
    fps = [r for r in rows if r["fp"]]
    print(f"{len(rows)} predicted, {len(fps)} false positives (no gold content at Dice >= 0.5, one to one)")
    table(rows, lambda r: seen_bucket(r["gold cues elsewhere"]), "cue lemma's gold cues in the other folds")
    table(rows, lambda r: r["motion"], "verb of motion, state or change")
    table(rows, lambda r: r["shape"], "content shape")
    table([r for r in rows if r["shape"] == "noun object"], lambda r: r["empty object"],
          "noun-phrase object: a negative or quantity word heads it")
    table(rows, lambda r: r["act"], "act")
    table(rows, lambda r: r["relative clause"], "clause modifying a noun (features.relative_clause_features)")
    table(rows, lambda r: (r["act"], seen_bucket(r["gold cues elsewhere"])), "act, cue lemma's gold cues elsewhere")
    table(rows, lambda r: r["shared anchor"], "two or more predictions on one cue anchor")
    table(rows, lambda r: r["lemma"], "cue lemma", args.lemmas)
    if args.examples:
        for shape in Counter(r["shape"] for r in fps):
            print(f"\n{shape}:")
            for r in [r for r in fps if r["shape"] == shape][:args.examples]:
                print("  ", r["text"])
    if args.silences:
        print()
        silences()


if __name__ == "__main__":
    main()
