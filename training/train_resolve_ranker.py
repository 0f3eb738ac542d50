"""Fit the resolver's candidate ranker on train-speakers and measure it by cross-validation.

Every gold attribution whose source the resolver reads as a "he"/"she" or a
description, with two or more candidates of which one is the gold speaker,
is a training group: the features of each candidate (``whosaid.resolve.ranker``)
as the hand-ordered resolver saw them, and which candidate is right. A
pairwise logistic regression per kind of decision (right candidate minus each
wrong one) gives the weights.

Articles are cut into folds by index (article i in fold i % k). For each
fold the ranker is fitted on the others and the whole resolver run on the
fold with it; the report compares, on the same articles, the hand order and
the ranker: named speakers right, and right choices in the ranked decisions.
The model is written only with ``--write`` (after looking at the figures).

    PYTHONPATH=src:. .venv/bin/python -m training.train_resolve_ranker            # cross-validate
    PYTHONPATH=src:. .venv/bin/python -m training.train_resolve_ranker --write    # and ship the fit on all
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from training.eval_resolve import named_right, scorer
from training.polnear import gold_attributions, load_split
from whosaid.resolve import ranker as learned
from whosaid.resolve.resolver import Resolver
from whosaid.resolve.ranker import FEATURES, KINDS, MODEL_PATH, Ranker


@dataclass
class Group:
    article: int
    kind: str
    rows: dict[int, tuple[float, ...]]
    right: set[int]
    hand: int | None


def same(gold: str, name: str | None) -> bool:
    return bool(name) and scorer.same_speaker(scorer.surname(gold), scorer.surname(name))


def resolve_article(article: dict, doc, model: Ranker | None):
    """The resolver's speakers for the article's gold attributions with ``model``
    (None: the hand order), and the ranked decisions made on each source."""
    attributions = gold_attributions(article)
    with learned.using(model), learned.recording() as decisions:
        resolver = Resolver(doc, author=article.get("author"))
        resolution = resolver.resolve(attributions)
    last = {d.token: d for d in decisions}
    names = [resolution.entities[s].name if s is not None else None for s in resolution.speakers]
    entities = resolver.table.entities
    groups = []
    for gold, root in zip(article["attributions"], resolver.source_roots):
        decision = last.get(root.i) if root is not None else None
        if not gold.get("speaker") or decision is None:
            groups.append(None)
            continue
        right = {k for k in decision.rows if k >= 0 and same(gold["speaker"], entities[k].canonical)}
        groups.append(Group(-1, decision.kind, decision.rows, right, decision.hand))
    return names, groups


def collect(articles, docs, model: Ranker | None = None) -> tuple[list[list[str | None]], list[Group]]:
    all_names, all_groups = [], []
    for i, (article, doc) in enumerate(zip(articles, docs)):
        names, groups = resolve_article(article, doc, model)
        all_names.append(names)
        for g in groups:
            if g is not None:
                g.article = i
                all_groups.append(g)
    return all_names, all_groups


def trainable(groups: list[Group]) -> list[Group]:
    return [g for g in groups if g.right and len(g.rows) > len(g.right)]


def fit(groups: list[Group], c: float, use: tuple[str, ...] = FEATURES) -> Ranker:
    """Pairwise logistic regression per kind: right candidate minus each wrong one."""
    mask = np.array([name in use for name in FEATURES], dtype=float)
    weights, means, scales = {}, {}, {}
    for kind in KINDS:
        mine = [g for g in trainable(groups) if g.kind == kind]
        if len(mine) < 5:
            continue
        rows = np.array([row for g in mine for row in g.rows.values()], dtype=float)
        mean, scale = rows.mean(axis=0), rows.std(axis=0)
        scale[scale == 0] = 1.0
        pairs = []
        for g in mine:
            for p in g.right:
                for n in g.rows:
                    if n not in g.right:
                        pairs.append((np.array(g.rows[p]) - np.array(g.rows[n])) / scale * mask)
        x = np.array(pairs)
        x = np.vstack([x, -x])
        y = np.r_[np.ones(len(pairs)), np.zeros(len(pairs))]
        model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000).fit(x, y)
        weights[kind] = tuple(float(w) for w in model.coef_[0] * mask)
        means[kind] = tuple(float(m) for m in mean)
        scales[kind] = tuple(float(s) for s in scale)
    return Ranker(weights, means, scales)


def decision_accuracy(groups: list[Group], model: Ranker | None) -> tuple[int, int]:
    """Right choices among the groups with a right candidate and a wrong one."""
    right = total = 0
    for g in trainable(groups):
        chosen = model.best(g.kind, g.rows) if model is not None else None
        chosen = g.hand if chosen is None else chosen
        right += chosen in g.right
        total += 1
    return right, total


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, action="append", help="inverse regularisation strength(s) to compare")
    parser.add_argument("--without-feature", action="append", default=[], help="leave a feature out")
    parser.add_argument(
        "--report", metavar="SPLIT",
        help="also resolve SPLIT (dev-speakers: to report only) with the hand order and the fit on all of train",
    )
    parser.add_argument("--write", action="store_true", help=f"write the fit on all articles to {MODEL_PATH}")
    args = parser.parse_args(argv)
    use = tuple(f for f in FEATURES if f not in args.without_feature)
    articles, docs = load_split("train-speakers")
    hand_names, groups = collect(articles, docs)
    hand_lines = [{"quotes": [{"speaker": n} for n in names]} for names in hand_names]
    hand_right, _, named = named_right(articles, hand_lines)
    by_kind = {kind: decision_accuracy([g for g in groups if g.kind == kind], None) for kind in KINDS}
    print(f"hand order: {hand_right}/{named} named speakers right; ranked decisions "
          + ", ".join(f"{k} {r}/{t}" for k, (r, t) in by_kind.items()))
    for c in args.c or [1.0]:
        right = 0
        decided = {kind: [0, 0] for kind in KINDS}
        for fold in range(args.folds):
            train = [g for g in groups if g.article % args.folds != fold]
            held = [g for g in groups if g.article % args.folds == fold]
            model = fit(train, c, use)
            for kind in KINDS:
                r, t = decision_accuracy([g for g in held if g.kind == kind], model)
                decided[kind][0] += r
                decided[kind][1] += t
            chosen = [i for i in range(len(articles)) if i % args.folds == fold]
            names, _ = collect([articles[i] for i in chosen], [docs[i] for i in chosen], model)
            lines = [{"quotes": [{"speaker": n} for n in ns]} for ns in names]
            right += named_right([articles[i] for i in chosen], lines)[0]
        print(f"ranker C={c}: {right}/{named} named speakers right by {args.folds}-fold CV; ranked decisions "
              + ", ".join(f"{k} {r}/{t}" for k, (r, t) in decided.items()))
    model = fit(groups, (args.c or [1.0])[0], use)
    if args.report:
        other, other_docs = load_split(args.report)
        for label, ranker in (("hand order", None), ("ranker fitted on all of train", model)):
            names, held = collect(other, other_docs, ranker)
            lines = [{"quotes": [{"speaker": n} for n in ns]} for ns in names]
            r, _, n = named_right(other, lines)
            print(f"{args.report}, {label}: {r}/{n} named speakers right")
        _, held = collect(other, other_docs)
        for label, ranker in (("hand order", None), ("ranker", model)):
            print(f"{args.report} ranked decisions, {label}: " + ", ".join(
                f"{k} {r}/{t}" for k in KINDS for r, t in [decision_accuracy([g for g in held if g.kind == k], ranker)]
            ))
    if args.write:
        MODEL_PATH.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
        for kind, weights in model.weights.items():
            print(kind, " ".join(f"{n}={w:+.2f}" for n, w in zip(FEATURES, weights) if w))


if __name__ == "__main__":
    main(sys.argv[1:])
