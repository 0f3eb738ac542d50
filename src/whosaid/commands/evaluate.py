"""whosaid evaluate: measure whosaid on annotated articles."""

from __future__ import annotations

import argparse
import json
import sys

from ._io import add_engine_options, engine_from


HELP = "run whosaid on annotated articles and print precision, recall and F1"
EPILOG = """\
GOLD.jsonl holds one annotated article a line: "id", "text" and
"attributions", each with "source", "cue" and "content" as lists of
[start, end) character offsets, and optionally "speaker" and "gender"
(with "gender_evidence": "text" where the article shows it). Without any
"speaker", or any "gender" the article shows, the speaker or gender row is
left out, as the scorer leaves it out, and a line on standard error says why.

The figures are those of the project's scorer (today's are in docs/accuracy.md):
attribution (content matched with Dice >= 0.5 on words and source right),
content@0.5, direct, speaker, gender, and exact/overlap per span role.

examples:
  whosaid evaluate gold.jsonl
  whosaid evaluate gold.jsonl --save-predictions pred.jsonl --json
  whosaid evaluate gold.jsonl --predictions pred.jsonl   # score saved output, no engine run
"""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "evaluate", help=HELP, description=HELP, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("gold", metavar="GOLD.jsonl", help="annotated articles")
    parser.add_argument("--predictions", metavar="PRED.jsonl", help="score these instead of running the engine")
    parser.add_argument("--save-predictions", metavar="PRED.jsonl", help="also write the engine's output here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_engine_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate import format_report, read_jsonl, rows_left_out, score

    try:
        gold = read_jsonl(args.gold)
        check_gold(gold, args.gold)
        if args.predictions:
            predictions = read_jsonl(args.predictions)
        else:
            predictions = predict(gold, engine_from(args))
    except (OSError, ValueError) as exc:
        print(f"whosaid: {exc}", file=sys.stderr)
        return 1
    if args.save_predictions:
        with open(args.save_predictions, "w", encoding="utf-8") as out:
            for doc in predictions.values():
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    report = score(gold, predictions)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    # On standard error, so standard output stays the scorer's table.
    for reason in rows_left_out(gold, report):
        print(f"whosaid: {reason}", file=sys.stderr)
    return 0


def check_gold(gold: dict[str, dict], path: str) -> None:
    """Refuse a file that is not annotated, naming it, rather than score it as zero quotes."""
    if not gold:
        raise ValueError(f"{path}: not a gold file: it holds no articles")
    unannotated = [doc_id for doc_id, doc in gold.items() if not isinstance(doc.get("attributions"), list)]
    if not unannotated:
        return
    if len(unannotated) == len(gold):
        hint = (
            "; it looks like `whosaid extract` output: score it with --predictions against a gold file"
            if any("quotes" in doc for doc in gold.values()) else ""
        )
        raise ValueError(f'{path}: not a gold file: no article has an "attributions" list (see --help){hint}')
    raise ValueError(
        f'{path}: article {unannotated[0]!r} has no "attributions" list '
        f"({len(unannotated)} of {len(gold)} articles lack one); an article without quotes has an empty list"
    )


def predict(gold: dict[str, dict], engine) -> dict[str, dict]:
    from ..progress import article_progress
    from ..records import Article

    articles = (Article(id=doc_id, text=doc["text"], title=doc.get("title"), author=doc.get("author")) for doc_id, doc in gold.items())
    predictions = {}
    with article_progress("evaluating", len(gold)) as advance:
        for result in engine.analyze_many(articles):
            predictions[result.id] = result.to_json()
            advance()
    return predictions
