"""Where predicted cue spans differ from gold's extent, and how gold cues extend.

Reads out-of-fold predictions of train (``training.cv_attribution --predictions P`` or
``training.train_attribution --folds 5 --predictions P``). Every prediction the scorer
matches to a gold attribution (content Dice >= 0.5, one to one) whose cue is not the
gold cue's words is put in one bucket:

* ``no cue`` / ``other anchor``: the prediction has no cue, or its cue shares no word
  with gold's;
* otherwise by the words one cue has and the other lacks: ``too long`` (the prediction
  has words gold leaves out), ``too short`` (gold has words the prediction lacks) or
  ``longer and shorter``, on the ``left`` or ``right`` of the words they share (or
  ``both sides``), and by what the differing word next to the shared ones is: auxiliary
  or modal, negation, adverb, particle, preposition, the object of a preposition
  ("said with | a laugh"), an object or recipient ("told | reporters"), a complement
  carrying the verb on ("continued | to say"), a noun's determiner or modifier, a time
  word ("said | Friday"), a conjoined or subordinate verb ("issued a statement |
  calling on"), other. The second table counts every differing word's kind once per
  prediction.

``--gold`` also gives, for every gold cue of train, how often each kind of word the
cue's anchor governs is inside the cue (words of the kind in the cue / anchors with
such a word beside them).

    PYTHONPATH=src:. python -m training.cue_differences PREDICTIONS.jsonl [--pipeline accurate] [--gold]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from whosaid.attribute.tokens import anchor_of, span_tokens
from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl

WORD = re.compile(r"\w")

KINDS = {
    "aux": "auxiliary/modal", "auxpass": "auxiliary/modal",
    "neg": "negation",
    "advmod": "adverb",
    "prt": "particle",
    "prep": "preposition", "agent": "preposition",
    "pobj": "preposition's object", "pcomp": "preposition's object",
    "dobj": "object/recipient", "dative": "object/recipient",
    "xcomp": "complement", "acomp": "complement", "attr": "complement", "oprd": "complement",
    "det": "noun modifier", "amod": "noun modifier", "compound": "noun modifier", "poss": "noun modifier",
    "nummod": "noun modifier",
    "npadvmod": "time word",
    "conj": "conjoined/subordinate verb", "advcl": "conjoined/subordinate verb", "cc": "conjoined/subordinate verb",
    "ccomp": "conjoined/subordinate verb", "acl": "conjoined/subordinate verb", "relcl": "conjoined/subordinate verb",
}


def kind_of(token, core: set[int]) -> str:
    """What a word one cue has and the other lacks is, read from the relation that ties
    it to the words both cues share: its own, or that of its ancestor the shared words
    govern (the object of "in | a statement" is the preposition's object, "reporters"
    of "told | reporters" an object)."""
    node = token
    while node.head.i != node.i and node.head.i not in core:
        if node.dep_ in ("pobj", "pcomp"):
            return KINDS["pobj"]
        node = node.head
    if token.dep_ in ("pobj", "pcomp"):
        return KINDS["pobj"]
    if node.head.i in core:
        return KINDS.get(node.dep_, "other")
    return "other"


def words(tokens) -> set[int]:
    """Indices of the tokens holding a word character: the scorer compares only words."""
    return {t.i for t in tokens if WORD.search(t.text)}


def classify(doc, gold_cue, predicted_cue) -> tuple[str, list[tuple[str, str, str]]]:
    """The bucket of a predicted cue whose words differ from gold's, and each differing
    word's (direction, side, kind)."""
    gold, predicted = words(span_tokens(doc, gold_cue)), words(span_tokens(doc, predicted_cue))
    if not predicted:
        return "no cue", []
    core = gold & predicted
    if not core:
        return "other anchor", []
    low, high = min(core), max(core)
    differences = []
    for direction, ids in (("too long", predicted - gold), ("too short", gold - predicted)):
        for i in sorted(ids):
            side = "left" if i < low else "right" if i > high else "inside"
            differences.append((direction, side, kind_of(doc[i], core)))
    directions = {d for d, _, _ in differences}
    sides = {s for _, s, _ in differences}
    if len(directions) > 1 or len(sides) > 1:
        return "longer and shorter" if len(directions) > 1 else f"{next(iter(directions))}, both sides", differences
    # One run of words on one side: named by the word next to the shared ones ("said |
    # in a statement" is a preposition, "said with | a laugh" the preposition's object).
    nearest = min(sorted(predicted ^ gold), key=lambda i: min(abs(i - low), abs(i - high)))
    return f"{next(iter(directions))}, {next(iter(sides))}, {kind_of(doc[nearest], core)}", differences


def differences(articles, docs, predictions: dict, scorer):
    """Per matched prediction: (exact, bucket, differences, example)."""
    for article, doc in zip(articles, docs):
        w = scorer.Words(article["text"])
        gold = [g for g in article["attributions"] if w.of(g["content"])]
        pred = [p for p in predictions.get(article["id"], {"quotes": []})["quotes"] if w.of(p["content"])]
        matched = scorer.match_contents([{"c": w.of(g["content"])} for g in gold],
                                        [{"c": w.of(p["content"])} for p in pred])
        for gi, pi in matched:
            g, p = gold[gi], pred[pi]
            if w.of(g["cue"]) == w.of(p.get("cue")):
                yield True, None, [], ""
            else:
                yield (False, *classify(doc, g["cue"], p.get("cue")), example(doc, g["cue"], p.get("cue")))


def example(doc, gold_cue, predicted_cue) -> str:
    """The words around both cues, with gold's and the prediction's cue words."""
    ids = [t.i for t in span_tokens(doc, gold_cue) + span_tokens(doc, predicted_cue or [])]
    around = doc[max(0, min(ids) - 4):min(len(doc), max(ids) + 5)].text.replace("\n", " ")
    gold = " ".join(t.text for t in span_tokens(doc, gold_cue))
    predicted = " ".join(t.text for t in span_tokens(doc, predicted_cue or []))
    return f"{around!r}: gold [{gold}] predicted [{predicted}]"


def gold_extents(articles, docs) -> tuple[Counter, Counter]:
    """Per (kind, side) of a word the gold cue's anchor governs: anchors with such a
    word, and those whose cue includes it."""
    seen, inside = Counter(), Counter()
    for article, doc in zip(articles, docs):
        for attribution in article["attributions"]:
            tokens = span_tokens(doc, attribution["cue"])
            anchor = anchor_of(tokens)
            if anchor is None:
                continue
            ids = {t.i for t in tokens}
            for child in anchor.children:
                kind = KINDS.get(child.dep_)
                if kind is None or child.is_punct:
                    continue
                key = (kind, "left" if child.i < anchor.i else "right")
                seen[key] += 1
                inside[key] += child.i in ids
    return seen, inside


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--pipeline", choices=("fast", "accurate"), default="fast",
                        help="the parses the predictions were read from (default: fast)")
    parser.add_argument("--gold", action="store_true", help="also the extents of train's gold cues")
    parser.add_argument("--examples", type=int, default=0, metavar="N", help="print N examples of each bucket")
    args = parser.parse_args(argv)
    articles, docs = load_split("train", pipeline=args.pipeline)
    predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    scorer = load_scorer()
    buckets, kinds, examples = Counter(), Counter(), {}
    matched = exact = 0
    for is_exact, bucket, diffs, shown in differences(articles, docs, predictions, scorer):
        matched += 1
        exact += is_exact
        if not is_exact:
            buckets[bucket] += 1
            examples.setdefault(bucket, []).append(shown)
            for direction, side, kind in set(diffs):
                kinds[direction, side, kind] += 1
    print(f"matched predictions {matched}, cue exact {exact}, cue differs {matched - exact}")
    print("\n| bucket | predictions |\n|---|---|")
    for bucket, n in buckets.most_common():
        print(f"| {bucket} | {n} |")
        for shown in examples[bucket][:args.examples]:
            print("    " + shown)
    print("\n| difference | side | kind | predictions |\n|---|---|---|---|")
    for (direction, side, kind), n in kinds.most_common():
        print(f"| {direction} | {side} | {kind} | {n} |")
    if args.gold:
        seen, inside = gold_extents(articles, docs)
        print("\n| word the gold cue's anchor governs | side | anchors with one | in the cue | share |\n|---|---|---|---|---|")
        for key, n in seen.most_common():
            print(f"| {key[0]} | {key[1]} | {n} | {inside[key]} | {inside[key] / n:.3f} |")


if __name__ == "__main__":
    main()
