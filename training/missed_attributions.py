"""Where the gold attributions the engine misses are lost, step by step.

Reads train articles' out-of-fold predictions and the fold models that made them
(``training.cv_attribution --predictions P --models DIR``: article ``i`` is read by
the model of fold ``i % K``, which did not train on it). A gold attribution with a
source is missed when no prediction matches it as the scorer's ``attribution``
counts (content Dice >= 0.5 one to one, a shared source word). Each miss is put in
the first step its cue's anchor (``tokens.anchor_of``) fails, read again with that
fold's model:

* ``a`` not a candidate (``candidates.candidate_indices``), split by why: the cue
  has no anchor; the anchor's part of speech is outside ``CANDIDATE_POS``; its lemma
  never anchored a cue in the training folds; its lemma did, but was pruned as
  hopeless (``train_attribution.HOPELESS``);
* ``b`` a candidate scored below the cue threshold (``cue.read_cue`` turns it away);
* ``c`` past the cue step, lost later: no content found (``content.read_content``),
  or the verifier's confidence below the threshold;
* ``d`` reported, but its content matches the gold one at Dice < 0.5;
* ``e`` reported with that content, but the source shares no word with gold's;
* ``f`` reported with content and source right, but lost when the attributions were
  assembled or matched one to one (another attribution took the gold one).

A source is *named* when a word of it is a proper noun or in a PERSON, ORG, NORP or
GPE entity: the misses a speaker-recall figure feels.

    PYTHONPATH=src:. python -m training.cv_attribution --predictions /tmp/cv.jsonl --models /tmp/cv-models
    PYTHONPATH=src:. python -m training.missed_attributions /tmp/cv.jsonl /tmp/cv-models
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from whosaid.attribute.candidates import CANDIDATE_POS, Reading, candidate_indices
from whosaid.attribute.cue import read_cue
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.features import LEMMA_CLASSES
from whosaid.attribute.model import AttributionModel
from whosaid.attribute.spans import reported
from whosaid.attribute.tokens import anchor_of, span_tokens
from whosaid.attribute.verifier import verify
from whosaid.quotes import find_quote_spans
from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl
from training.train_attribution import cue_lemma_counts

BUCKETS = {
    "a no anchor": "a",
    "a part of speech": "a",
    "a lemma unseen": "a",
    "a lemma hopeless": "a",
    "b below cue threshold": "b",
    "c no content": "c",
    "c verifier": "c",
    "d content off": "d",
    "e source wrong": "e",
    "f assembly": "f",
}
NAMED_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def named(tokens) -> bool:
    return any(t.pos_ == "PROPN" or t.ent_type_ in NAMED_ENTITIES for t in tokens)


def why_missed(doc, attribution, reading: Reading, model: AttributionModel, seen: set[str], words, scorer,
               candidates) -> tuple[str, str]:
    """The step a missed gold attribution is lost at (a key of ``BUCKETS``) and its cue's form."""
    cue = span_tokens(doc, attribution["cue"])
    anchor = anchor_of(cue)
    if anchor is None:
        return "a no anchor", "(none)"
    lemma = anchor.lemma_.lower()
    form = f"{lemma}/{anchor.pos_}" + (f" +{len(cue) - 1}" if len(cue) > 1 else "")
    if anchor.i not in candidate_indices(doc, model.cue_lemmas):
        if anchor.pos_ not in CANDIDATE_POS:
            return "a part of speech", form
        return ("a lemma hopeless" if lemma in seen else "a lemma unseen"), form
    if read_cue(anchor, reading, model) is None:
        return "b below cue threshold", form
    candidate = next((c for c in candidates if c.anchor.i == anchor.i), None)
    if candidate is None:
        return "c no content", form
    if candidate.confidence < model.threshold:
        return "c verifier", form
    found = reported(candidate, model)
    gold_content, gold_source = words.of(attribution["content"]), words.of(attribution["source"])
    if scorer.dice(gold_content, words.of(found.content)) < 0.5:
        return "d content off", form
    if not gold_source & words.of(found.source):
        return "e source wrong", form
    return "f assembly", form


def analyse(predictions_path: Path, models: Path, folds: int) -> dict:
    scorer = load_scorer()
    articles, docs = load_split("train")
    by_id = {p["id"]: p for p in read_jsonl(predictions_path)}
    fold_models = [AttributionModel.from_file(models / f"fold-{k + 1}-of-{folds}.json") for k in range(folds)]
    # Lemmas that anchored a gold cue in each fold's training articles (some of which the
    # model then prunes as hopeless).
    seen = [set(cue_lemma_counts([a for i, a in enumerate(articles) if i % folds != k],
                                 [d for i, d in enumerate(docs) if i % folds != k])) for k in range(folds)]
    missed, named_missed = Counter(), Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    total = named_total = 0
    for i, (article, doc) in enumerate(zip(articles, docs)):
        model = fold_models[i % folds]
        words = scorer.Words(article["text"])
        gold = [g for g in article["attributions"] if words.of(g["content"])]
        pred = [{"c": c, "s": words.of(q.get("source"))}
                for q in by_id.get(article["id"], {"quotes": []})["quotes"] if (c := words.of(q.get("content")))]
        matched = {gi: pi for gi, pi in scorer.match_contents([{"c": words.of(g["content"])} for g in gold], pred)}
        reading = Reading.of(doc, find_quote_spans(doc.text))
        candidates = None
        for gi, attribution in enumerate(gold):
            source = words.of(attribution["source"])
            if not source:
                continue
            is_named = named(span_tokens(doc, attribution["source"]))
            total += 1
            named_total += is_named
            if gi in matched and source & pred[matched[gi]]["s"]:
                continue
            if candidates is None:
                candidates = read_candidates(reading, model)
                for candidate in candidates:
                    candidate.confidence = verify(candidate, reading, model)
            step, form = why_missed(doc, attribution, reading, model, seen[i % folds], words, scorer, candidates)
            missed[step] += 1
            named_missed[step] += is_named
            forms[step][form] += 1
    return {"missed": missed, "named": named_missed, "forms": forms, "total": total, "named total": named_total}


def report(found: dict, top: int = 15) -> str:
    missed, named_missed = found["missed"], found["named"]
    lines = [f"sourced gold attributions {found['total']:,} ({found['named total']:,} named), "
             f"missed {sum(missed.values()):,} ({sum(named_missed.values()):,} named)", "",
             "| step | missed | named source | most frequent cue forms (lemma/POS, +N more cue words) |",
             "|---|---|---|---|"]
    for step in BUCKETS:
        if not missed[step]:
            continue
        common = ", ".join(f"{form} {n}" for form, n in found["forms"][step].most_common(top))
        lines.append(f"| {step} | {missed[step]:,} | {named_missed[step]:,} | {common} |")
    for letter in sorted(set(BUCKETS.values())):
        steps = [s for s, b in BUCKETS.items() if b == letter]
        lines.append(f"{letter}: {sum(missed[s] for s in steps):,} missed, "
                     f"{sum(named_missed[s] for s in steps):,} named")
    return "\n".join(lines)


def main(argv=None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("predictions", type=Path, help="out-of-fold predictions of train (cv_attribution)")
    options.add_argument("models", type=Path, help="the fold models that made them (cv_attribution --models)")
    options.add_argument("--folds", type=int, default=5)
    options.add_argument("--top", type=int, default=15)
    args = options.parse_args(argv)
    print(report(analyse(args.predictions, args.models, args.folds), args.top))


if __name__ == "__main__":
    main()
