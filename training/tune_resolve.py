"""Choose the resolver's settings by cross-validation on train-speakers.

Each candidate value of the settings named is tried on the gold attribution
spans of train-speakers. The articles are cut into folds; for each fold the
value that names the most speakers right on the other folds is scored on it.
The cross-validated figure says what choosing by this grid is worth on
articles not chosen on; the value chosen on all articles is what
``Settings`` should hold if it differs.

    PYTHONPATH=src:. .venv/bin/python training/tune_resolve.py description_bonus=0.5,1,2 name_word_bonus=0,0.5,1
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace

from training.eval_resolve import named_right, predict
from training.polnear import load_split
from whosaid.resolve.settings import DEFAULT, Settings


def grid(specs: list[str]) -> list[Settings]:
    names, values = [], []
    for spec in specs:
        name, _, raw = spec.partition("=")
        if not hasattr(DEFAULT, name):
            raise SystemExit(f"no setting named {name!r}")
        kind = type(getattr(DEFAULT, name))
        names.append(name)
        values.append([kind(v) for v in raw.split(",")])
    return [replace(DEFAULT, **dict(zip(names, combo))) for combo in itertools.product(*values)]


def per_article(articles, docs, settings: Settings) -> list[tuple[int, int]]:
    lines, _ = predict(articles, docs, settings)
    return [named_right([a], [line])[::2] for a, line in zip(articles, lines)]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings", nargs="+", metavar="NAME=V1,V2,...")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    articles, docs = load_split("train-speakers")
    candidates = grid(args.settings)
    changed = [s.split("=")[0] for s in args.settings]
    table = [per_article(articles, docs, settings) for settings in candidates]
    named = sum(n for _, n in table[0])
    for settings, rows in zip(candidates, table):
        label = ", ".join(f"{name}={getattr(settings, name)}" for name in changed)
        print(f"{label:60} {sum(r for r, _ in rows)}/{named}")
    folds = [list(range(k, len(articles), args.folds)) for k in range(args.folds)]
    right = 0
    for held in folds:
        rest = [i for i in range(len(articles)) if i not in held]
        chosen = max(range(len(candidates)), key=lambda c: sum(table[c][i][0] for i in rest))
        right += sum(table[chosen][i][0] for i in held)
    default = next((c for c, s in enumerate(candidates) if s == DEFAULT), None)
    print(f"cross-validated ({args.folds} folds): {right}/{named} = {right / named:.3f}")
    if default is not None:
        print(f"the defaults: {sum(r for r, _ in table[default])}/{named}")
    best = max(range(len(candidates)), key=lambda c: sum(r for r, _ in table[c]))
    print("chosen on all articles:", ", ".join(f"{name}={getattr(candidates[best], name)}" for name in changed))


if __name__ == "__main__":
    main(sys.argv[1:])
