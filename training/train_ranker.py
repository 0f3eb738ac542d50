"""Train the pronoun ranker on train-speakers and compare it with the salience order by cross-validation.

For every gold attribution of train-speakers whose source is "he", "she",
"him", "her" or "his" and names a speaker, the candidates the agreement
constraints leave are described (``whosaid.resolve.ranker``) and labelled by
whether they are the gold speaker. A logistic regression is fitted on four
folds of articles and the resolver run with it on the fifth; the figure is
the named speakers right over all folds, against the resolver's salience
order on the same articles.

    PYTHONPATH=src:. .venv/bin/python training/train_ranker.py [--folds 5] [--write]

``--write`` prints the weights fitted on all articles, for ``Settings.pronoun_ranker``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

import numpy as np

from training.eval_resolve import named_right, predict, scorer
from training.polnear import gold_attributions, load_split
from whosaid.resolve import linking
from whosaid.resolve.ranker import FEATURES, pronoun_features
from whosaid.resolve.resolver import Resolver
from whosaid.resolve.settings import DEFAULT
from whosaid.resolve.sources import source_root


def examples(articles, docs) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """(article, features of each candidate, labels) for every gold pronoun source."""
    recorded: dict[int, dict[int, list[float]]] = {}
    original = linking.Linker.resolve_pronoun

    def recording(self, token):
        if token.lower_ in linking.MALE_PRONOUNS | linking.FEMALE_PRONOUNS:
            gender = linking.pronoun_gender(token.lower_)
            candidates = {k for k, e in enumerate(self.table.entities) if e.kind == "person" and e.gender in (None, gender)}
            candidates.update(k for k, g in self.anonymous.items() if g in (None, gender))
            recorded[token.i] = pronoun_features(self, token, candidates)
        return original(self, token)

    found = []
    linking.Linker.resolve_pronoun = recording
    try:
        for n, (article, doc) in enumerate(zip(articles, docs)):
            recorded.clear()
            resolver = Resolver(doc, author=article.get("author"))
            for gold, att in zip(article["attributions"], gold_attributions(article)):
                want = gold.get("speaker")
                root = source_root(resolver, att)
                if not want or root is None or root.i not in recorded or not recorded[root.i]:
                    continue
                rows, labels = [], []
                for k, vector in recorded[root.i].items():
                    name = resolver.table[k].canonical if k >= 0 else None
                    rows.append(vector)
                    labels.append(scorer.same_speaker(scorer.surname(want), scorer.surname(name)))
                if any(labels):
                    found.append((n, np.array(rows), np.array(labels, dtype=float)))
    finally:
        linking.Linker.resolve_pronoun = original
    return found


def fit(rows: list[tuple[int, np.ndarray, np.ndarray]]) -> tuple[float, ...]:
    """A pairwise ranking model: the gold candidate against each other one."""
    from sklearn.linear_model import LogisticRegression

    pairs, labels = [], []
    for _, x, y in rows:
        for good in x[y == 1]:
            for bad in x[y == 0]:
                pairs.extend((good - bad, bad - good))
                labels.extend((1, 0))
    if not pairs:
        return tuple(0.0 for _ in FEATURES)
    model = LogisticRegression(C=1.0, max_iter=1000, fit_intercept=False).fit(np.array(pairs), np.array(labels))
    return tuple(round(float(w), 4) for w in model.coef_[0])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    articles, docs = load_split("train-speakers")
    rows = examples(articles, docs)
    print(f"{len(rows)} pronoun sources with the gold speaker among the candidates, {len(FEATURES)} features")
    hand = ranked = 0
    named = 0
    for fold in range(args.folds):
        held = [n for n in range(len(articles)) if n % args.folds == fold]
        weights = fit([r for r in rows if r[0] not in held])
        part = [articles[n] for n in held]
        part_docs = [docs[n] for n in held]
        right_hand, _, n_named = named_right(part, predict(part, part_docs)[0])
        settings = replace(DEFAULT, pronoun_ranker=weights)
        right_ranked, _, _ = named_right(part, predict(part, part_docs, settings)[0])
        hand += right_hand
        ranked += right_ranked
        named += n_named
    print(f"cross-validated, named speakers right: salience order {hand}/{named}, ranker {ranked}/{named}")
    if args.write:
        weights = fit(rows)
        for name, w in zip(FEATURES, weights):
            print(f"  {name:16} {w:+.3f}")
        print("pronoun_ranker =", weights)


if __name__ == "__main__":
    main(sys.argv[1:])
