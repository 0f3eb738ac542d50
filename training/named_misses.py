"""Why the attribute stage misses named speakers' attributions, out of fold, in detail.

Every gold attribution of a speaker set (train-speakers: its articles are train's) that names
its speaker and that no out-of-fold prediction matches at content Dice >= 0.5 (the scorer's
one-to-one matching) is put in the step ``missed_attributions.why_missed`` finds, read again
with the model of its fold (article ``i`` of train is in fold ``i % K``), and described by what
that step weighed:

* below the cue threshold: the anchor's cue probability, how often its lemma anchors a gold
  cue in the fold's training articles (``recall_by_cue_lemma.band``), the gold source's form;
* past the cue, below the verifier threshold: the verifier's confidence, the cue probability,
  the feature families with the most negative weights, whether the content it read matches;
* reported with the content at Dice < 0.5: which edge of the content is off.

    PYTHONPATH=src:. python -m training.train_attribution --folds 5 --fold-models DIR --predictions P
    PYTHONPATH=src:. python -m training.named_misses P DIR
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from whosaid.attribute.candidates import Reading
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.features import PRONOUNS, cue_features
from whosaid.attribute.model import AttributionModel
from whosaid.attribute.spans import reported
from whosaid.attribute.tokens import anchor_of, span_tokens
from whosaid.attribute.verifier import verify
from whosaid.quotes import find_quote_spans
from training.eval_attribution import load_scorer
from training.missed_attributions import why_missed
from training.polnear import POLNEAR, load_split, read_jsonl
from training.recall_by_cue_lemma import band
from training.train_attribution import cue_lemma_counts

# Characters an edge may move (a quotation mark, a space) and still be the gold edge.
EDGE_SLACK = 1
PROBABILITY_BINS = (0.05, 0.10, 0.15, 0.20, 0.25)


def mention_form(doc, spans) -> str:
    """A source mention's form: a pronoun, a name (a PERSON word or a proper-noun head), or
    another noun phrase."""
    tokens = span_tokens(doc, spans)
    if not tokens:
        return "none"
    ids = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[0])
    if head.lower_ in PRONOUNS or head.pos_ == "PRON":
        return "pronoun"
    if head.pos_ == "PROPN" or any(t.ent_type_ == "PERSON" for t in tokens):
        return "name"
    return "nominal"


def content_edges(gold, predicted) -> str:
    """Which edges of a predicted content differ from gold's (character spans, each a list of
    (start, end)): "start ok" / "starts early" / "starts late", then the same of its end."""
    gold_start, gold_end = min(s for s, _ in gold), max(e for _, e in gold)
    start, end = min(s for s, _ in predicted), max(e for _, e in predicted)
    first = "start ok" if abs(start - gold_start) <= EDGE_SLACK else "starts early" if start < gold_start \
        else "starts late"
    last = "end ok" if abs(end - gold_end) <= EDGE_SLACK else "ends early" if end < gold_end else "ends late"
    return f"{first}, {last}"


def probability_bin(p: float) -> str:
    low = 0.0
    for high in PROBABILITY_BINS:
        if p < high:
            return f"{low:.2f}-{high:.2f}"
        low = high
    return f">={low:.2f}"


def negative_families(features: list[str], weights: dict[str, float], top: int = 2) -> list[str]:
    """The feature families (the name before "=" or "|") of the ``top`` most negative weights."""
    weighed = sorted((weights.get(f, 0.0), f) for f in features)
    return [f.split("=")[0].split("|")[0] for w, f in weighed[:top] if w < 0]


def misses(predictions: Path, models: Path, split: str = "train-speakers", folds: int = 5) -> list[dict]:
    scorer = load_scorer()
    train_ids = [a["id"] for a in read_jsonl(POLNEAR / "train.jsonl")]
    articles, docs = load_split(split)
    train, train_docs = load_split("train")
    fold_models = [AttributionModel.from_file(models / f"fold-{k + 1}-of-{folds}.json") for k in range(folds)]
    counts = [cue_lemma_counts([a for i, a in enumerate(train) if i % folds != k],
                               [d for i, d in enumerate(train_docs) if i % folds != k]) for k in range(folds)]
    predicted = {p["id"]: p for p in read_jsonl(predictions)}
    rows = []
    for article, doc in zip(articles, docs):
        fold = train_ids.index(article["id"]) % folds
        model = fold_models[fold]
        words = scorer.Words(article["text"])
        gold = [g for g in article["attributions"] if words.of(g["content"])]
        quotes = predicted.get(article["id"], {}).get("quotes", [])
        pred = [{"c": c} for q in quotes if (c := words.of(q.get("content")))]
        matched = dict(scorer.match_contents([{"c": words.of(g["content"])} for g in gold], pred))
        reading = Reading.of(doc, find_quote_spans(doc.text))
        candidates = None
        for gi, attribution in enumerate(gold):
            if not attribution.get("speaker") or gi in matched:
                continue
            if not attribution.get("cue") or not attribution.get("source"):
                rows.append({"step": "no gold cue or source"})
                continue
            if candidates is None:
                candidates = read_candidates(reading, model)
                for candidate in candidates:
                    candidate.confidence = verify(candidate, reading, model)
            step, form = why_missed(doc, attribution, reading, model, set(counts[fold]), words, scorer, candidates)
            anchor = anchor_of(span_tokens(doc, attribution["cue"]))
            row = {"step": step, "form": form, "article": article["id"], "source form":
                   mention_form(doc, attribution["source"]), "direct": words.has_quote(attribution["content"]),
                   "band": band(counts[fold][anchor.lemma_.lower()]) if anchor is not None else "no cue"}
            if anchor is not None and model.representation is None:
                row["cue probability"] = model.cue.probability(cue_features(anchor, reading.quotes))
            candidate = next((c for c in candidates if anchor is not None and c.anchor.i == anchor.i), None)
            if candidate is not None:
                row["confidence"] = candidate.confidence
                row["candidate cue probability"] = candidate.cue_probability
                if model.verifier is not None:
                    row["negative"] = negative_families(candidate.features, model.verifier.weights)
                found = reported(candidate, model)
                row["dice"] = scorer.dice(words.of(attribution["content"]), words.of(found.content))
                if found.content:
                    row["edges"] = content_edges(attribution["content"], found.content)
            rows.append(row)
    return rows


def tables(rows: list[dict]) -> str:
    lines = []

    def count(title, here, key):
        found = Counter(key(r) for r in here)
        lines.append(f"{title} ({len(here)}): " + ", ".join(f"{k} {n}" for k, n in found.most_common()))

    count("steps", rows, lambda r: r["step"])
    below = [r for r in rows if r["step"].startswith("b")]
    count("below the cue threshold, cue probability", below, lambda r: probability_bin(r.get("cue probability", 0)))
    count("below the cue threshold, lemma band", below, lambda r: r["band"])
    count("below the cue threshold, gold source", below, lambda r: r["source form"])
    count("below the cue threshold, direct", below, lambda r: r["direct"])
    verifier = [r for r in rows if r["step"] == "c verifier"]
    count("verifier, confidence", verifier, lambda r: probability_bin(r["confidence"]))
    count("verifier, cue probability", verifier,
          lambda r: ">=0.50" if r["candidate cue probability"] >= 0.5 else "0.25-0.50")
    count("verifier, gold source", verifier, lambda r: r["source form"])
    count("verifier, content read at Dice >= 0.5", verifier, lambda r: r.get("dice", 0) >= 0.5)
    count("verifier, most negative family", verifier, lambda r: (r.get("negative") or ["-"])[0])
    off = [r for r in rows if r["step"].startswith("d")]
    count("content Dice < 0.5, edges", off, lambda r: r.get("edges", "-"))
    count("content Dice < 0.5, direct", off, lambda r: r["direct"])
    return "\n".join(lines)


def main(argv=None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("predictions", type=Path, help="out-of-fold predictions of train (train_attribution)")
    options.add_argument("models", type=Path, help="the fold models that made them (--fold-models)")
    options.add_argument("--split", default="train-speakers")
    options.add_argument("--folds", type=int, default=5)
    args = options.parse_args(argv)
    print(tables(misses(args.predictions, args.models, args.split, args.folds)))


if __name__ == "__main__":
    main()
