"""Measure the resolve stage alone, on gold attribution spans.

For every gold attribution of the seed article and of a PolNeAR speaker set
(train-speakers by default: develop there; dev-speakers only to report) an
``Attribution`` is built from the gold source, cue and content (no source head:
the resolver finds it), the resolver names the speaker, and the predictions are
scored with the shared scorer.

    PYTHONPATH=src:. .venv/bin/python training/eval_resolve.py                  # seed + train-speakers
    ... training/eval_resolve.py --split dev-speakers                          # report on dev
    ... training/eval_resolve.py --without dateline --without carry-on         # without some rules
    ... training/eval_resolve.py --ablate                                      # what every rule adds
    ... training/eval_resolve.py --errors                                      # every wrong or missing speaker
    ... training/eval_resolve.py --pipeline                                    # also the whole engine
    ... training/eval_resolve.py --parse accurate                              # on the accurate pipeline's parses
    ... training/eval_resolve.py --rules                                       # the registry
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from training.polnear import POLNEAR, SHARED, gold_attributions, load_split, read_jsonl
from whosaid.parse.cache import parse_cached
from whosaid.resolve.resolver import Resolver
from whosaid.resolve.rules import REGISTRY
from whosaid.resolve.settings import DEFAULT, Settings

SEED_GOLD = SHARED / "data" / "seed" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"
OUT = Path(".cache") / "eval" / "resolve"

sys.path.insert(0, str(SCORER.parent))
import score as scorer  # noqa: E402  (the shared scorer, read from ../shared)


def predict(articles: list[dict], docs, settings: Settings = DEFAULT) -> tuple[list[dict], float]:
    lines, elapsed = [], 0.0
    for article, doc in zip(articles, docs):
        attributions = gold_attributions(article)
        started = time.perf_counter()
        resolution = Resolver(doc, author=article.get("author"), settings=settings).resolve(attributions)
        elapsed += time.perf_counter() - started
        quotes = []
        for i, att in enumerate(attributions):
            index = resolution.speakers[i]
            speaker = resolution.entities[index] if index is not None else None
            quotes.append(
                {
                    "content": [list(p) for p in att.content],
                    "source": [list(p) for p in att.source],
                    "cue": [list(p) for p in att.cue],
                    "speaker": speaker.name if speaker else None,
                    "speaker_kind": speaker.kind if speaker else resolution.kinds[i],
                    "addressee": resolution.addressees[i],
                    "medium": resolution.media[i],
                }
            )
        lines.append({"id": article["id"], "quotes": quotes})
    return lines, elapsed


def named_right(articles: list[dict], lines: list[dict]) -> tuple[int, int, int]:
    """(right, predicted, named) over the gold attributions that name a speaker, in the scorer's terms."""
    right = predicted = named = 0
    for article, line in zip(articles, lines):
        for gold, pred in zip(article["attributions"], line["quotes"]):
            if not gold.get("speaker"):
                continue
            named += 1
            if pred["speaker"]:
                predicted += 1
                right += scorer.same_speaker(scorer.surname(gold["speaker"]), scorer.surname(pred["speaker"]))
    return right, predicted, named


def score(gold: Path, lines: list[dict], name: str) -> str:
    OUT.mkdir(parents=True, exist_ok=True)
    pred = OUT / f"{name}.jsonl"
    with open(pred, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(line) + "\n" for line in lines)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred)], capture_output=True, text=True, check=True
    )
    return result.stdout


def speaker_errors(articles: list[dict], lines: list[dict], evidence: dict) -> list[str]:
    out = []
    for article, line in zip(articles, lines):
        text = article["text"]
        notes = evidence.get(article["id"], {})
        for gold, pred in zip(article["attributions"], line["quotes"]):
            want = gold.get("speaker")
            got = pred["speaker"]
            if not want or scorer.same_speaker(scorer.surname(want), scorer.surname(got)):
                continue
            note = notes.get(gold.get("id"), {})
            source = " | ".join(text[s:e] for s, e in gold.get("source") or [])
            out.append(
                f"{article['id'][:40]:40} {gold.get('id', ''):4} {note.get('mention_type', '?'):8} "
                f"{source[:50]!r:52} gold={want!r} got={got!r}"
            )
    return out


def found_attributions(docs) -> list[list]:
    """The attributions the engine's own stages find (no gold spans), once per article."""
    from whosaid.attribute import find_attributions
    from whosaid.quotes import find_quote_spans

    return [find_attributions(doc, find_quote_spans(doc.text)) for doc in docs]


def pipeline_speakers(articles: list[dict], docs, found: list[list], settings: Settings) -> dict:
    """The scorer's speaker figures when the resolver reads the attributions the engine found."""
    preds = {}
    for article, doc, attributions in zip(articles, docs, found):
        resolution = Resolver(doc, author=article.get("author"), settings=settings).resolve(attributions)
        quotes = []
        for i, att in enumerate(attributions):
            index = resolution.speakers[i]
            quotes.append({"content": att.content, "source": att.source, "cue": att.cue,
                           "speaker": resolution.entities[index].name if index is not None else None})
        preds[article["id"]] = {"quotes": quotes}
    return scorer.score({a["id"]: a for a in articles}, preds)["speaker"]


def ablate(articles: list[dict], docs, settings: Settings) -> None:
    """What every rule adds, on gold spans and on the spans the engine finds: the
    change in right and in wrong speakers when the rule is switched off."""
    found = found_attributions(docs)
    right, predicted, named = named_right(articles, predict(articles, docs, settings)[0])
    engine = pipeline_speakers(articles, docs, found, settings)
    print(f"all rules, gold spans: {right}/{named} right ({right / named:.3f}), {predicted - right} wrong")
    print(f"all rules, engine: {engine['tp']}/{engine['gold']} right, {engine['pred'] - engine['tp']} wrong")
    print(f"{'':37}{'gold spans':>16}{'engine':>16}")
    print(f"{'rule':28}{'stage':9}{'right':>8}{'wrong':>8}{'right':>8}{'wrong':>8}")
    for name, rule in REGISTRY.items():
        without = settings.without(name)
        r, p, _ = named_right(articles, predict(articles, docs, without)[0])
        e = pipeline_speakers(articles, docs, found, without)
        print(
            f"{name:28}{rule.stage:9}{right - r:>+8}{(predicted - right) - (p - r):>+8}"
            f"{engine['tp'] - e['tp']:>+8}{(engine['pred'] - engine['tp']) - (e['pred'] - e['tp']):>+8}"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", action="append", help="speaker set(s) to score (default: train-speakers)")
    parser.add_argument("--without", action="append", default=[], metavar="RULE", help="switch a rule off")
    parser.add_argument("--ablate", action="store_true", help="switch every rule off in turn and show what it adds")
    parser.add_argument("--errors", action="store_true", help="list wrong or missing speakers")
    parser.add_argument("--rules", action="store_true", help="list the registry of rules and exit")
    parser.add_argument(
        "--pipeline", action="store_true", help="also score the whole engine (found attributions, not gold ones)"
    )
    parser.add_argument(
        "--parse", default=None, metavar="PIPELINE",
        help="parse with this pipeline's spaCy model (fast or accurate; default: fast)",
    )
    args = parser.parse_args(argv)
    if args.rules:
        for name, rule in REGISTRY.items():
            print(f"{name:28}{rule.stage:9}{rule.summary}")
        return
    unknown = [name for name in args.without if name not in REGISTRY]
    if unknown:
        parser.error(f"no rule named {', '.join(unknown)} (see --rules)")
    settings = DEFAULT.without(*args.without)

    seed = read_jsonl(SEED_GOLD)
    seed_lines, seed_time = predict(seed, parse_cached([a["text"] for a in seed]), settings)
    print("seed\n" + score(SEED_GOLD, seed_lines, "seed"))
    for gold, pred in zip(seed[0]["attributions"], seed_lines[0]["quotes"]):
        if gold.get("addressee") != pred["addressee"] or gold.get("medium") != pred["medium"]:
            print(f"  addressee/medium: gold {gold.get('addressee')}/{gold.get('medium')} got {pred['addressee']}/{pred['medium']}")

    for split in args.split or ["train-speakers"]:
        articles, docs = load_split(split, pipeline=args.parse)
        if args.ablate:
            ablate(articles, docs, settings)
            continue
        lines, elapsed = predict(articles, docs, settings)
        right, predicted, named = named_right(articles, lines)
        print(f"{split}\n" + score(POLNEAR / f"{split}.jsonl", lines, split))
        print(f"named attributions right: {right}/{named} = {right / named:.3f} ({predicted - right} wrong, "
              f"{named - predicted} unnamed)")
        print(f"resolve time: {elapsed:.2f}s for {len(articles)} articles\n")
        if args.pipeline:
            from whosaid.engine import read_doc

            started = time.perf_counter()
            found = [read_doc(doc, a["id"], a.get("author")).to_json() for a, doc in zip(articles, docs)]
            print(f"{split} through the engine ({time.perf_counter() - started:.1f}s)")
            print(score(POLNEAR / f"{split}.jsonl", found, f"{split}-engine"))
        if args.errors:
            evidence = json.loads((POLNEAR / f"{split}.json").read_text(encoding="utf-8"))["speakers"]
            for row in speaker_errors(articles, lines, evidence):
                print(row)
    if args.errors:
        for row in speaker_errors(seed, seed_lines, {}):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
