"""Attributions whose content is a bare noun phrase the cue governs ("discussed | the budget"):
which cue lemmas they come with, what act they get, and how gold annotates them.

``act.topic_object`` makes such a speech attribution ``other`` when its cue lemma seldom takes a
clause (``act.TOPIC_CLAUSE_RATE``): its noun object names what the words were about, not the
words. This tool gives the figures that rule stands on, on train only:

* gold attributions of train whose content is a bare noun object (``act.bare_noun_object``), by
  cue lemma: the lemma's clause rate and the act with and without the rule;
* with ``PREDICTIONS`` (out-of-fold predictions of train, ``train_attribution --folds 5
  --predictions P``): the predictions whose content is a bare noun object, by cue lemma, how many
  a gold attribution matches (the scorer's content Dice >= 0.5, one to one), how the matched gold
  content hangs off its cue, and the act with and without the rule; every act's count;
* with ``--extract`` (``whosaid extract`` of ``--split``, train-speakers by default): its quotes'
  acts with and without the rule, and the share of women among the speech quotes whose gender is
  known, by the quote's own gender and by the gender of the gold speaker its content matches.

    PYTHONPATH=src:. python -m training.topic_objects [PREDICTIONS] [--lemmas 40] [--examples 3]
    PYTHONPATH=src:. python -m training.topic_objects --extract tsp_fast.jsonl [--split train-speakers]
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import Counter, defaultdict
from pathlib import Path

from whosaid.attribute.act import TOPIC_CLAUSE_RATE, bare_noun_object, cue_anchor, decide_act, load_act_model
from whosaid.attribute.tokens import anchor_of, span_tokens
from whosaid.records import Attribution
from training.eval_attribution import load_scorer
from training.polnear import gold_attributions, load_split, read_jsonl
from training.speech_proxy import gold_act
from training.unmatched_predictions import content_shape


def _offsets(value) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in value or [])


def _text(doc, spans) -> str:
    return " ".join(doc.text[s:e] for s, e in spans)


def gold_rows(articles, docs, model, without):
    """One row per gold attribution of train with a bare noun object."""
    scorer = load_scorer()
    rows = []
    for article, doc in zip(articles, docs):
        words = scorer.Words(article["text"])
        for gold, record in zip(article["attributions"], gold_attributions(article)):
            anchor = anchor_of(span_tokens(doc, record.cue))
            if anchor is None or not words.of(gold.get("content")) or words.has_quote(gold.get("content")):
                continue
            if bare_noun_object(record, doc, anchor) is None:
                continue
            rows.append({"lemma": anchor.lemma_.lower(), "before": gold_act(gold, doc, words, without),
                         "after": gold_act(gold, doc, words, model),
                         "text": f"{_text(doc, record.cue)} | {_text(doc, record.content)[:60]}"})
    return rows


def prediction_rows(articles, docs, predictions: dict, model, without):
    """One row per predicted attribution: its act with and without the rule, and for a bare noun
    object its lemma, whether gold matches it and the matched gold content's shape."""
    scorer = load_scorer()
    rows = []
    for article, doc in zip(articles, docs):
        if article["id"] not in predictions:
            continue
        words = scorer.Words(article["text"])
        golds = [g for g in article["attributions"] if words.of(g.get("content"))]
        quotes = [q for q in predictions[article["id"]]["quotes"] if words.of(q["content"])]
        matched = dict((pi, gi) for gi, pi in scorer.match_contents(
            [{"c": words.of(g["content"])} for g in golds], [{"c": words.of(q["content"])} for q in quotes]))
        for pi, quote in enumerate(quotes):
            record = Attribution(content=_offsets(quote["content"]), source=_offsets(quote.get("source")),
                                 cue=_offsets(quote.get("cue")), kind=quote.get("kind") or "indirect")
            anchor = cue_anchor(record, doc)
            row = {"before": decide_act(record, doc, without), "after": decide_act(record, doc, model), "lemma": None}
            if bare_noun_object(record, doc, anchor) is not None:
                gold = golds[matched[pi]] if pi in matched else None
                gold_anchor = anchor_of(span_tokens(doc, _offsets(gold["cue"]))) if gold else None
                row.update(lemma=anchor.lemma_.lower(), matched=gold is not None,
                           gold_shape=content_shape(doc, gold_anchor, "direct" if words.has_quote(gold["content"])
                                                    else "indirect", _offsets(gold["content"])) if gold else "-",
                           text=f"{_text(doc, record.cue)} | {_text(doc, record.content)[:60]}")
            rows.append(row)
    return rows


def extract_effect(path: Path, split: str, pipeline: str, model, without) -> None:
    """Acts of an extract's quotes with and without the rule, and women's share of speech quotes."""
    articles, docs = load_split(split, pipeline=pipeline)
    scorer = load_scorer()
    extract = {p["id"]: p for p in read_jsonl(path)}
    acts, women = Counter(), {"quote": Counter(), "gold speaker": Counter()}
    for article, doc in zip(articles, docs):
        if article["id"] not in extract:
            continue
        words = scorer.Words(article["text"])
        golds = [g for g in article["attributions"] if words.of(g.get("content"))]
        quotes = [q for q in extract[article["id"]]["quotes"] if words.of(q["content"])]
        matched = {pi: golds[gi] for gi, pi in scorer.match_contents(
            [{"c": words.of(g["content"])} for g in golds], [{"c": words.of(q["content"])} for q in quotes])}
        for pi, quote in enumerate(quotes):
            record = Attribution(content=_offsets(quote["content"]), source=_offsets(quote.get("source")),
                                 cue=_offsets(quote.get("cue")), kind=quote.get("kind") or "indirect")
            before, after = decide_act(record, doc, without), decide_act(record, doc, model)
            acts[before, after] += 1
            genders = {"quote": quote.get("gender"), "gold speaker": (matched.get(pi) or {}).get("gender")}
            for reading, gender in genders.items():
                if gender in ("female", "male"):
                    women[reading]["before", gender] += before == "speech"
                    women[reading]["after", gender] += after == "speech"
    print(f"\n{path} ({split}): {sum(acts.values())} quotes; act before -> after: {dict(acts)}")
    for reading, counts in women.items():
        shares = []
        for when in ("before", "after"):
            female, male = counts[when, "female"], counts[when, "male"]
            shares.append(f"{female}/{female + male} = {female / max(female + male, 1):.3f}")
        print(f"  women's share of speech quotes by {reading} gender: {shares[0]} -> {shares[1]}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions", type=Path, nargs="?", help="out-of-fold train predictions")
    parser.add_argument("--lemmas", type=int, default=40, help="how many cue lemmas to list")
    parser.add_argument("--examples", type=int, default=2, help="examples per lemma")
    parser.add_argument("--extract", type=Path, help="a whosaid extract of --split: its acts and women's share")
    parser.add_argument("--split", default="train-speakers", help="the split --extract was made of (never dev)")
    parser.add_argument("--pipeline", default="fast",
                        help="the pipeline whose parses are read (that made the predictions or --extract)")
    args = parser.parse_args(argv)
    model = load_act_model()
    without = dataclasses.replace(model, clause_rates={})
    if args.extract is not None:
        extract_effect(args.extract, args.split, args.pipeline, model, without)
        return
    rates = model.clause_rates
    articles, docs = load_split("train", pipeline=args.pipeline)

    def rate(lemma):
        return f"{rates[lemma]:.2f}" if lemma in rates else "-"

    rows = gold_rows(articles, docs, model, without)
    moved = Counter((r["before"], r["after"]) for r in rows)
    print(f"gold attributions of train with a bare noun object: {len(rows)}; act before -> after (clause rate < "
          f"{TOPIC_CLAUSE_RATE}): {dict(moved)}")
    by_lemma = defaultdict(list)
    for r in rows:
        by_lemma[r["lemma"]].append(r)
    print(f"  {'lemma':<14}{'gold':>5}{'rate':>6}  speech before -> after  examples")
    for lemma, found in sorted(by_lemma.items(), key=lambda kv: -len(kv[1]))[:args.lemmas]:
        before = sum(r["before"] == "speech" for r in found)
        after = sum(r["after"] == "speech" for r in found)
        print(f"  {lemma:<14}{len(found):>5}{rate(lemma):>6}  {before:>6} -> {after:<6}  "
              f"{[r['text'] for r in found[:args.examples]]}")
    if args.predictions is None:
        return
    predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    rows = prediction_rows(articles, docs, predictions, model, without)
    print(f"\n{len(rows)} predictions; acts before {dict(Counter(r['before'] for r in rows))}, "
          f"after {dict(Counter(r['after'] for r in rows))}")
    bare = [r for r in rows if r["lemma"] is not None]
    print(f"predictions with a bare noun object: {len(bare)}, matched by gold {sum(r['matched'] for r in bare)}; "
          f"matched gold content shape {dict(Counter(r['gold_shape'] for r in bare if r['matched']))}")
    changed = [r for r in bare if r["before"] != r["after"]]
    print(f"  act changed {len(changed)}: matched by gold {sum(r['matched'] for r in changed)}, "
          f"{dict(Counter((r['before'], r['after']) for r in changed))}")
    by_lemma = defaultdict(list)
    for r in bare:
        by_lemma[r["lemma"]].append(r)
    print(f"  {'lemma':<14}{'pred':>5}{'gold':>5}{'rate':>6}  acts before -> after  examples")
    for lemma, found in sorted(by_lemma.items(), key=lambda kv: -len(kv[1]))[:args.lemmas]:
        print(f"  {lemma:<14}{len(found):>5}{sum(r['matched'] for r in found):>5}{rate(lemma):>6}  "
              f"{dict(Counter(r['before'] for r in found))} -> {dict(Counter(r['after'] for r in found))}  "
              f"{[r['text'] for r in found[:args.examples]]}")


if __name__ == "__main__":
    main()
