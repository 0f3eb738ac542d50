"""Every speaker a resolver rule changes over a split's gold spans, to read one by one.

The resolver reads each gold attribution of the split (``train`` by default: its 840 articles
carry gold spans but no speaker names, so what a rule changes there is read by hand) once with
every rule and once with the named rules switched off; each attribution whose speaker or kind
differs is listed with its source text, before and after.

    PYTHONPATH=src:. python -m training.rule_changes personal-offices
    PYTHONPATH=src:. python -m training.rule_changes personal-offices --parse accurate --split train-speakers
"""

from __future__ import annotations

import argparse
import sys

from training.eval_resolve import predict
from training.polnear import load_split
from whosaid.resolve.rules import REGISTRY
from whosaid.resolve.settings import DEFAULT


def changes(articles: list[dict], docs, rules: list[str]) -> list[tuple[str, str, str, str]]:
    """(article id, source text, speaker without the rules, speaker with them) for every change."""
    with_rules, _ = predict(articles, docs, DEFAULT)
    without, _ = predict(articles, docs, DEFAULT.without(*rules))
    found = []
    for article, on, off in zip(articles, with_rules, without):
        text = article["text"]
        for after, before in zip(on["quotes"], off["quotes"]):
            if (after["speaker"], after["speaker_kind"]) == (before["speaker"], before["speaker_kind"]):
                continue
            source = " | ".join(text[s:e] for s, e in after["source"])
            found.append(
                (article["id"], source, f"{before['speaker']} ({before['speaker_kind']})",
                 f"{after['speaker']} ({after['speaker_kind']})")
            )
    return found


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rules", nargs="+", metavar="RULE", help="the rules to switch off")
    parser.add_argument("--split", default="train", help="train (default) or train-speakers")
    parser.add_argument("--parse", default=None, metavar="PIPELINE", help="fast (default) or accurate parses")
    args = parser.parse_args(argv)
    unknown = [name for name in args.rules if name not in REGISTRY]
    if unknown:
        parser.error(f"no rule named {', '.join(unknown)}")
    articles, docs = load_split(args.split, pipeline=args.parse)
    found = changes(articles, docs, args.rules)
    for article_id, source, before, after in found:
        print(f"{article_id[:40]:40} {source[:60]!r:62} {before} -> {after}")
    print(f"{len(found)} speakers changed in {len({f[0] for f in found})} of {len(articles)} articles")


if __name__ == "__main__":
    main(sys.argv[1:])
