"""Measure speaker gender on the seed article and PolNeAR dev-speakers.

Two modes, both scored by the shared scorer (its ``gender`` row counts only
attributions whose speaker was resolved right and whose gold gender the
article itself shows):

* ``--mode gold`` (default): attributions built from the gold source, cue and
  content; the resolver names the speaker and the enrich stage profiles it.
  This isolates gender from quote finding.
* ``--mode e2e``: the whole engine after parsing (``whosaid.engine.read_doc``).

``--errors`` lists every wrong or missing gender with its evidence trail;
``--no-first-names`` measures what the article's own words give.

    PYTHONPATH=. .venv/bin/python training/eval_gender.py [--mode e2e] [--errors]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from whosaid.enrich.profile import profile
from whosaid.parse.cache import parse_cached
from whosaid.resolve import resolve_speakers

from training.polnear import POLNEAR, SHARED, gold_attributions, load_split, read_jsonl

SEED_GOLD = SHARED / "data" / "seed" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"
OUT = Path(".cache") / "eval" / "gender"


def _span_json(offsets) -> list[list[int]]:
    return [list(pair) for pair in offsets]


def predict_gold_spans(article: dict, doc, first_names: bool) -> list[dict]:
    attributions = gold_attributions(article)
    resolution = resolve_speakers(doc, attributions)
    profile(doc, resolution.entities, first_names=first_names)
    quotes = []
    for i, att in enumerate(attributions):
        index = resolution.speakers[i]
        speaker = resolution.entities[index] if index is not None else None
        person = speaker is not None and speaker.kind == "person"
        quotes.append(
            {
                "content": _span_json(att.content),
                "source": _span_json(att.source),
                "cue": _span_json(att.cue),
                "speaker": speaker.name if speaker else None,
                "gender": speaker.gender if person else None,
                "gender_evidence_trail": [str(e) for e in speaker.gender_evidence] if person else [],
            }
        )
    return quotes


def predict_end_to_end(article: dict, doc, first_names: bool) -> list[dict]:
    from whosaid.engine import read_doc

    if not first_names:
        raise SystemExit("--no-first-names is measured with --mode gold only")
    result = read_doc(doc, article["id"])
    quotes = []
    for quote in result.quotes:
        data = quote.to_json()
        data["gender_evidence_trail"] = data.pop("gender_evidence")
        quotes.append(data)
    return quotes


def run(gold_path: Path, articles: list[dict], docs, mode: str, first_names: bool, name: str) -> tuple[str, list[dict]]:
    predict = predict_gold_spans if mode == "gold" else predict_end_to_end
    lines = [{"id": a["id"], "quotes": predict(a, d, first_names)} for a, d in zip(articles, docs)]
    OUT.mkdir(parents=True, exist_ok=True)
    pred = OUT / f"{name}-{mode}.jsonl"
    with open(pred, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold_path), str(pred)], capture_output=True, text=True, check=True
    )
    return result.stdout, lines


def gender_rows(report: str) -> str:
    rows = [line for line in report.splitlines() if line.split()[:1] in (["gender"], ["speaker"], ["attribution"])]
    header = next((line for line in report.splitlines() if line.strip().startswith(("metric", "row", "p "))), "")
    return "\n".join(([header] if header else []) + rows)


def errors(articles: list[dict], lines: list[dict]) -> list[str]:
    """Gold attributions with a text-evidenced gender where the predicted speaker's gender differs."""
    out = []
    for article, line in zip(articles, lines):
        text = article["text"]
        predicted = {tuple(map(tuple, q["content"])): q for q in line["quotes"]}
        for gold in article["attributions"]:
            if gold.get("gender_evidence") != "text" or not gold.get("gender"):
                continue
            pred = predicted.get(tuple((int(s), int(e)) for s, e in gold.get("content") or []))
            if pred is None:
                continue
            got_speaker = pred.get("speaker") or ""
            if not got_speaker or got_speaker.split()[-1].lower() != gold["speaker"].split()[-1].lower():
                continue
            if (pred.get("gender") or "unknown") == gold["gender"]:
                continue
            source = " | ".join(text[s:e] for s, e in gold.get("source") or [])
            out.append(
                f"{article['id'][:36]:36} {source[:30]!r:32} {gold['speaker']!r}: gold {gold['gender']}, "
                f"got {pred.get('gender')}; " + "; ".join(pred.get("gender_evidence_trail") or [])
            )
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("gold", "e2e"), default="gold", help="gold spans (default) or end to end")
    parser.add_argument("--errors", action="store_true", help="list wrong or missing genders with their evidence")
    parser.add_argument("--no-first-names", action="store_true", help="use the article's words only")
    args = parser.parse_args(argv)
    first_names = not args.no_first_names

    seed = read_jsonl(SEED_GOLD)
    seed_report, seed_lines = run(SEED_GOLD, seed, parse_cached([a["text"] for a in seed]), args.mode, first_names, "seed")
    print(f"seed ({args.mode})\n{gender_rows(seed_report)}")
    articles, docs = load_split("dev-speakers")
    dev_report, dev_lines = run(POLNEAR / "dev-speakers.jsonl", articles, docs, args.mode, first_names, "dev-speakers")
    print(f"dev-speakers ({args.mode})\n{gender_rows(dev_report)}")
    if args.errors:
        if args.mode == "e2e":
            print("(error listing matches gold contents exactly; with --mode e2e it shows only exact matches)")
        for row in errors(seed, seed_lines) + errors(articles, dev_lines):
            print(row)


if __name__ == "__main__":
    main(sys.argv[1:])
