"""Measure the resolve stage alone, on gold attribution spans.

For every gold attribution of the seed article and of PolNeAR dev-speakers an
``Attribution`` is built from the gold source, cue and content (no source head:
the resolver finds it), the resolver names the speaker, and the predictions are
scored with the shared scorer. ``--errors`` lists every wrong or missing
speaker with the gold mention type, for error analysis.

    PYTHONPATH=. .venv/bin/python training/eval_resolve.py [--errors]
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

SEED_GOLD = SHARED / "data" / "seed" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"
OUT = Path(".cache") / "eval" / "resolve"


def predict(articles: list[dict], docs) -> tuple[list[dict], float]:
    lines, elapsed = [], 0.0
    for article, doc in zip(articles, docs):
        attributions = gold_attributions(article)
        started = time.perf_counter()
        resolution = Resolver(doc, author=article.get("author")).resolve(attributions)
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
            if not want:
                continue
            if got and got.split()[-1].lower() == want.split()[-1].lower():
                continue
            note = notes.get(gold.get("id"), {})
            source = " | ".join(text[s:e] for s, e in gold.get("source") or [])
            out.append(
                f"{article['id'][:40]:40} {gold.get('id', ''):4} {note.get('mention_type', '?'):8} "
                f"{source[:50]!r:52} gold={want!r} got={got!r}"
            )
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list wrong or missing speakers")
    parser.add_argument(
        "--pipeline", action="store_true", help="also score the whole engine (found attributions, not gold ones)"
    )
    args = parser.parse_args(argv)

    seed = read_jsonl(SEED_GOLD)
    seed_lines, seed_time = predict(seed, parse_cached([a["text"] for a in seed]))
    print("seed\n" + score(SEED_GOLD, seed_lines, "seed"))
    for gold, pred in zip(seed[0]["attributions"], seed_lines[0]["quotes"]):
        if gold.get("addressee") != pred["addressee"] or gold.get("medium") != pred["medium"]:
            print(f"  addressee/medium: gold {gold.get('addressee')}/{gold.get('medium')} got {pred['addressee']}/{pred['medium']}")

    articles, docs = load_split("dev-speakers")
    lines, elapsed = predict(articles, docs)
    print("dev-speakers\n" + score(POLNEAR / "dev-speakers.jsonl", lines, "dev-speakers"))
    print(f"resolve time: {elapsed + seed_time:.2f}s for {len(articles) + len(seed)} articles")
    if args.pipeline:
        from whosaid.engine import read_doc

        started = time.perf_counter()
        found = [read_doc(doc, article["id"], article.get("author")).to_json() for article, doc in zip(articles, docs)]
        print(f"dev-speakers through the engine ({time.perf_counter() - started:.1f}s)")
        print(score(POLNEAR / "dev-speakers.jsonl", found, "dev-speakers-engine"))
    if args.errors:
        evidence = json.loads((POLNEAR / "dev-speakers.json").read_text(encoding="utf-8"))["speakers"]
        for row in speaker_errors(seed, seed_lines, {}) + speaker_errors(articles, lines, evidence):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
