"""Speech-only precision and recall of predictions on PolNeAR, as a stand-in for
speech-only test sets.

A speech-only set annotates what was said or written and nothing else; whosaid's
output for it is the attributions whose ``act`` is ``speech``. PolNeAR annotates
every attribution (speech, belief, what a poll shows), so on it:

* **speech precision**: the share of predicted ``speech`` attributions that match a
  gold attribution as the scorer's ``attribution`` figure counts it (content Dice
  >= 0.5, one-to-one, the source right). It bounds a speech-only set's precision
  from above: what matches no PolNeAR attribution (``laid off 75 employees``) is
  wrong there too.
* **speech recall**: the share of gold attributions whose own act is ``speech``
  (``attribute.act`` read on the gold cue, source and content) that a predicted
  ``speech`` attribution matches.

    PYTHONPATH=src:. python -m training.speech_proxy PREDICTIONS.jsonl [--split train]

The predictions need each quote's ``act`` (``training.eval_attribution.predict``
writes it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from spacy.tokens import Doc

from whosaid.attribute.act import ActModel, decide_act, load_act_model
from whosaid.records import Attribution
from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl


def _offsets(value) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in value or [])


def gold_act(attribution: dict, doc: Doc, words, act_model: ActModel) -> str:
    """The act of a gold attribution, read as the engine reads a finished one."""
    content = attribution.get("content")
    if words.has_quote(content):
        kind = "direct" if doc.text[content[0][0]:content[0][0] + 1] in "\"“«„" else "mixed"
    else:
        kind = "indirect"
    record = Attribution(content=_offsets(content), source=_offsets(attribution.get("source")),
                         cue=_offsets(attribution.get("cue")), kind=kind)
    return decide_act(record, doc, act_model)


def speech_counts(articles, docs, predictions: dict, scorer=None, act_model: ActModel | None = None) -> dict:
    """``{"precision": (right, predicted), "recall": (found, gold)}`` over the articles,
    speech attributions only (module docstring). ``predictions`` maps an article id to
    its prediction line."""
    scorer = scorer or load_scorer()
    act_model = act_model or load_act_model()
    right = predicted = found = gold_speech = 0
    for article, doc in zip(articles, docs):
        words = scorer.Words(article["text"])
        gold, acts = [], []
        for attribution in article["attributions"]:
            content = words.of(attribution.get("content"))
            if content:
                gold.append({"c": content, "s": words.of(attribution.get("source"))})
                acts.append(gold_act(attribution, doc, words, act_model))
        pred, pred_acts = [], []
        for quote in predictions.get(article["id"], {}).get("quotes", []):
            content = words.of(quote.get("content"))
            if content:
                pred.append({"c": content, "s": words.of(quote.get("source"))})
                pred_acts.append(quote["act"])
        # The scorer's one-to-one matching over all attributions, as its "attribution" counts it.
        matched = [(gi, pi) for gi, pi in scorer.match_contents(gold, pred)
                   if scorer.source_ok(gold[gi], pred[pi], False)]
        predicted += sum(act == "speech" for act in pred_acts)
        right += sum(pred_acts[pi] == "speech" for _, pi in matched)
        gold_speech += sum(act == "speech" for act in acts)
        found += sum(acts[gi] == "speech" and pred_acts[pi] == "speech" for gi, pi in matched)
    return {"precision": (right, predicted), "recall": (found, gold_speech)}


def summary(counts: dict) -> str:
    (right, predicted), (found, gold) = counts["precision"], counts["recall"]
    p, r = right / max(predicted, 1), found / max(gold, 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"speech P {p:.3f} ({right}/{predicted}) R {r:.3f} ({found}/{gold}) F1 {f:.3f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--split", default="train")
    parser.add_argument("--pipeline", default=None, help="whose parses the act is read on (default: fast)")
    args = parser.parse_args(argv)
    articles, docs = load_split(args.split, pipeline=args.pipeline)
    predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    print(summary(speech_counts(articles, docs, predictions)))


if __name__ == "__main__":
    main()
