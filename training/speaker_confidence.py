"""Whether a speaker confidence can leave weak speakers unresolved: measured on PolNeAR train-speakers.

Every attribution the engine finds in a train-speakers article (its own quotes,
attribute stage and resolver, on the pipeline's cached parses; ``--gold-spans``:
the gold attributions, the resolver alone) whose content the scorer matches to a
gold attribution with a speaker, and for which the resolver names someone, is
one example: the evidence for that speaker (``training.speaker_evidence``) and
whether the scorer counts the speaker right. A logistic regression over the
evidence is scored by cross-validation grouped by article (every attribution of
an article in one fold; with several pipelines, an article's examples of each
share its fold), and the held-out confidences give the curve of the scorer's
speaker row: leaving every speaker below a threshold unresolved, the precision
and recall that remain. The operating point is the lowest threshold at which
the held-out predictions reach ``--precision`` (0.975). ``--paths`` counts right
and wrong speakers by the form of the source mention, how far back its
antecedent was named, past how many rivals, and how sure the span was.

    PYTHONPATH=src:. .venv/bin/python -m training.speaker_confidence --pipeline fast,accurate --curve
    ... training.speaker_confidence --pipeline fast --paths                # the path table
    ... training.speaker_confidence --pipeline fast --gold-spans --paths   # the resolver alone
    ... training.speaker_confidence --pipeline fast,accurate --without rivals   # a feature left out

Findings and figures: docs/resolution.md, "Speaker confidence".
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from training.polnear import SHARED, gold_attributions, load_split
from training.speaker_evidence import FEATURES, FORMS, evidence
from whosaid.resolve.rules import REGISTRY
from whosaid.resolve.settings import DEFAULT

sys.path.insert(0, str((SHARED / "eval").resolve()))
import score as scorer  # noqa: E402  (the shared scorer, read from ../shared)

CACHE = Path(".cache") / "speaker-confidence"
SPLIT = "train-speakers"


def examples(pipeline: str, split: str = SPLIT, refresh: bool = False, gold_spans: bool = False) -> dict:
    """Per article: every named speaker's evidence and whether it is right, with the gold count.
    ``gold_spans``: the resolver reads the gold attributions instead of those the engine finds.

    Cached by pipeline and split: the attribute stage of the accurate pipeline is slow."""
    path = CACHE / f"{split}-{pipeline}{'-gold' if gold_spans else ''}.pickle"
    if path.exists() and not refresh:
        return pickle.loads(path.read_bytes())
    from whosaid.attribute import find_attributions
    from whosaid.attribute.model import load_model
    from whosaid.context import ArticleContext
    from whosaid.pipelines import get_pipeline
    from whosaid.quotes import find_quote_spans
    from whosaid.resolve.resolver import Resolver
    from whosaid.resolve.sources import source_referents

    articles, docs = load_split(split, pipeline=pipeline)
    model = load_model(get_pipeline(pipeline).attribution_model)
    out = {"gold": 0, "articles": []}
    for article, doc in zip(articles, docs):
        context = ArticleContext(doc)
        if gold_spans:
            found = gold_attributions(article)
        else:
            found = find_attributions(doc, find_quote_spans(context.text, context.headline_end > 0), model)
        resolver = Resolver(doc, author=article.get("author"), context=context)
        heads: list = []
        referents = source_referents(resolver, found, heads)
        features = evidence(resolver, found, heads, referents)
        # The rules each speaker depends on: switched off one at a time, the speaker changes.
        depends: list[list[str]] = [[] for _ in found]
        for rule in REGISTRY:
            other = Resolver(doc, author=article.get("author"), context=context, settings=DEFAULT.without(rule))
            for i, without in enumerate(source_referents(other, found)):
                if features[i] is not None and _name(other, without) != resolver.table[referents[i].entity].canonical:
                    depends[i].append(rule)
        words = scorer.Words(article["text"])
        gold = [
            {"c": words.of(a.get("content")), "who": scorer.surname(a.get("speaker"))}
            for a in article["attributions"]
        ]
        gold = [g for g in gold if g["c"]]
        pred = [{"c": words.of(att.content)} for att in found]
        keep = [i for i, p in enumerate(pred) if p["c"]]
        matched = scorer.match_contents(gold, [pred[i] for i in keep])
        out["gold"] += sum(1 for g in gold if g["who"])
        rows = []
        for gi, pi in matched:
            i = keep[pi]
            if not gold[gi]["who"] or features[i] is None:
                continue
            name = resolver.table[referents[i].entity].canonical
            rows.append({
                "features": features[i],
                "right": scorer.same_speaker(gold[gi]["who"], scorer.surname(name)),
                "speaker": name,
                "source": " | ".join(article["text"][s:e] for s, e in found[i].source),
                "depends": depends[i],
            })
        out["articles"].append({"id": article["id"], "rows": rows})
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out))
    return out


def _name(r, found) -> str | None:
    return r.table[found.entity].canonical if found.entity is not None and found.entity >= 0 else None


def matrix(data: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, y, groups = [], [], []
    for g, article in enumerate(data["articles"]):
        for row in article["rows"]:
            x.append([row["features"][name] for name in FEATURES])
            y.append(row["right"])
            groups.append(g)
    return np.array(x, dtype=float), np.array(y, dtype=bool), np.array(groups)


def fit(x: np.ndarray, y: np.ndarray, c: float, trees: bool | tuple[int, int] = False):
    """A logistic regression, or with ``trees`` boosted trees (True: depth 2, 100 trees; or (depth, trees))."""
    if trees:
        from sklearn.ensemble import GradientBoostingClassifier

        depth, count = (2, 100) if trees is True else trees
        return GradientBoostingClassifier(
            max_depth=depth, n_estimators=count, learning_rate=0.05, random_state=0
        ).fit(x, y)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=2000).fit(x, y)


def held_out(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int, c: float, trees: bool = False) -> np.ndarray:
    """Each example's confidence from a model fitted without its article."""
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        scores[test] = fit(x[train], y[train], c, trees).predict_proba(x[test])[:, 1]
    return scores


# The models ``nested`` chooses among: the regression, and boosted trees of (depth, trees).
NESTED_CHOICES: tuple[bool | tuple[int, int], ...] = (False, (2, 100), (2, 200), (3, 100), (3, 200))


def nested(x: np.ndarray, y: np.ndarray, groups: np.ndarray, folds: int, c: float, precision: float):
    """The whole procedure measured on articles it never saw: in each of ``folds`` outer folds,
    the model and its threshold are chosen by 5-fold cross-validation on the other folds alone
    (the lowest threshold reaching ``precision``, with the model that keeps the most speakers
    there), then applied to the held-out fold. Returns which speakers stay named and the choices."""
    from sklearn.model_selection import GroupKFold

    kept = np.ones(len(y), dtype=bool)
    choices = []
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        best = None
        for trees in NESTED_CHOICES:
            scores = held_out(x[train], y[train], groups[train], 5, c, trees)
            point = operating_point(curve(scores, y[train], len(train)), precision)
            if point is not None and (best is None or point[3] > best[0]):
                best = (point[3], point[0], trees)
        if best is None:
            continue
        kept[test] = fit(x[train], y[train], c, best[2]).predict_proba(x[test])[:, 1] >= best[1]
        choices.append((best[2] or "regression", round(best[1], 3)))
    return kept, choices


def path_of(features: dict[str, float]) -> tuple:
    """The path a speaker was read by: form of the mention, sentences back and rivals (bucketed), kind."""
    form = next(form for form in FORMS if features[f"form={form}"])
    back = min(3, round(float(np.expm1(features["sentences-back"]))))
    rivals = min(2, round(float(np.expm1(features["rivals"]))))
    return form, back, rivals, bool(features["organization"])


def per_path_abstention(data: dict, folds: int, cut: float, least: int) -> tuple[int, int]:
    """(right, wrong) kept when each held-out fold leaves unnamed the paths whose precision on the
    other folds is under ``cut`` over at least ``least`` speakers."""
    from sklearn.model_selection import GroupKFold

    rows = [(g, path_of(row["features"]), row["right"]) for g, article in enumerate(data["articles"])
            for row in article["rows"]]
    groups = np.array([g for g, _, _ in rows])
    kept = np.ones(len(rows), dtype=bool)
    for train, test in GroupKFold(n_splits=folds).split(rows, groups=groups):
        n, right = Counter(), Counter()
        for i in train:
            n[rows[i][1]] += 1
            right[rows[i][1]] += rows[i][2]
        weak = {path for path in n if n[path] >= least and right[path] / n[path] < cut}
        for i in test:
            kept[i] = rows[i][1] not in weak
    y = np.array([r for _, _, r in rows], dtype=bool)
    return int((y & kept).sum()), int((~y & kept).sum())


def curve(scores: np.ndarray, y: np.ndarray, gold: int) -> list[tuple[float, float, float, int, int]]:
    """(threshold, precision, recall, right, wrong) of the named speakers at or above each threshold."""
    rows = []
    for threshold in sorted({0.0, *np.round(scores, 4)}):
        keep = scores >= threshold
        right, wrong = int((y & keep).sum()), int((~y & keep).sum())
        rows.append((float(threshold), right / max(1, right + wrong), right / gold, right, wrong))
    return rows


def operating_point(rows, precision: float):
    """The lowest threshold whose precision reaches ``precision`` (the most recall), or None."""
    return next((row for row in rows if row[1] >= precision), None)


def paths(data: dict, name: str) -> None:
    table: dict[str, Counter] = defaultdict(Counter)
    for article in data["articles"]:
        for row in article["rows"]:
            f = row["features"]
            form = next(form for form in FORMS if f[f"form={form}"])
            kind = "org" if f["organization"] else "person"
            back = int(round(np.expm1(f["sentences-back"])))
            rivals = int(round(np.expm1(f["rivals"])))
            doubt = "weak-span" if f["attribution-doubt"] > 0.5 else "firm-span"
            for key in (form, f"{form} {kind}", f"{form} back={min(back, 3)}{'+' if back >= 3 else ''}",
                        f"{form} rivals={min(rivals, 2)}{'+' if rivals >= 2 else ''}", f"{form} {doubt}",
                        f"any {doubt}", f"{form} named-only-after" if f["named-only-after"] else None):
                if key:
                    table[key][row["right"]] += 1
    rules: dict[str, Counter] = defaultdict(Counter)
    for article in data["articles"]:
        for row in article["rows"]:
            for rule in row["depends"] or ["(no rule: the name, or the base linking)"]:
                rules[rule][row["right"]] += 1
    print(f"\n{name}: named speakers by the rules they depend on (n, right, wrong, precision)")
    for key in sorted(rules, key=lambda k: -sum(rules[k].values())):
        c = rules[key]
        n = c[True] + c[False]
        print(f"  {key:40}{n:>6}{c[True]:>7}{c[False]:>7}{c[True] / n:>8.3f}")
    print(f"\n{name}: named speakers by path (n, right, wrong, precision)")
    for key in sorted(table):
        c = table[key]
        n = c[True] + c[False]
        print(f"  {key:40}{n:>6}{c[True]:>7}{c[False]:>7}{c[True] / n:>8.3f}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pipeline", default="fast", help="fast, accurate, or both: fast,accurate")
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--precision", type=float, default=0.975)
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument(
        "--trees", nargs="?", const="2,100", metavar="DEPTH,TREES",
        help="boosted trees instead of the regression (default depth 2, 100 trees)",
    )
    parser.add_argument(
        "--per-path", type=float, nargs=2, metavar=("CUT", "LEAST"),
        help="also measure leaving unnamed every path under precision CUT over at least LEAST speakers",
    )
    parser.add_argument(
        "--nested", action="store_true",
        help="also measure the choice of model and threshold itself by nested cross-validation",
    )
    parser.add_argument("--without", action="append", default=[], metavar="FEATURE", help="leave a feature out")
    parser.add_argument("--paths", action="store_true", help="right and wrong speakers by path")
    parser.add_argument("--curve", action="store_true", help="print the whole threshold curve")
    parser.add_argument("--gold-spans", action="store_true", help="the resolver alone, on gold attributions")
    parser.add_argument(
        "--report", metavar="SPLIT",
        help="also apply the model fitted on train-speakers, at the cross-validated threshold, to this speaker "
             "set (dev-speakers: read to report only, never to choose)",
    )
    parser.add_argument("--refresh", action="store_true", help="read the articles again, not the cache")
    args = parser.parse_args(argv)
    if args.trees:
        args.trees = tuple(int(v) for v in args.trees.split(","))
    pipelines = args.pipeline.split(",")
    data = {p: examples(p, refresh=args.refresh, gold_spans=args.gold_spans) for p in pipelines}
    use = np.array([name not in args.without and name.split("=")[0] not in args.without for name in FEATURES])

    xs, ys, gs, scores_by = [], [], [], {}
    for p in pipelines:
        x, y, groups = matrix(data[p])
        xs.append(x[:, use])
        ys.append(y)
        gs.append(groups)  # an article's examples of both pipelines share its folds
        if args.paths:
            paths(data[p], p)
    x, y, groups = np.vstack(xs), np.concatenate(ys), np.concatenate(gs)
    scores = held_out(x, y, groups, args.folds, args.c, args.trees)
    start = 0
    for p, yp in zip(pipelines, ys):
        sp = scores[start:start + len(yp)]
        start += len(yp)
        scores_by[p] = (sp, yp)
    pooled = curve(scores, y, sum(data[p]["gold"] for p in pipelines))
    chosen = operating_point(pooled, args.precision)
    print(f"\n{len(y)} named speakers, {int((~y).sum())} wrong; {args.folds}-fold CV grouped by article")
    for p in pipelines:
        sp, yp = scores_by[p]
        rows = curve(sp, yp, data[p]["gold"])
        base = rows[0]
        print(f"{p}: all named P {base[1]:.4f} R {base[2]:.4f} ({base[3]} right, {base[4]} wrong of {data[p]['gold']})")
        if chosen:
            at = next((r for r in rows if r[0] >= chosen[0]), rows[-1])
            print(f"{p}: at threshold {chosen[0]:.4f}: P {at[1]:.4f} R {at[2]:.4f} ({at[3]} right, {at[4]} wrong)")
        if args.curve:
            for t in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9):
                at = next((r for r in rows if r[0] >= t), rows[-1])
                print(f"    >= {t:.2f}: P {at[1]:.4f} R {at[2]:.4f} right {at[3]} wrong {at[4]}")
    if chosen is None:
        print(f"pooled: no threshold reaches precision {args.precision}")
    else:
        print(f"pooled: threshold {chosen[0]:.4f} P {chosen[1]:.4f} R {chosen[2]:.4f} "
              f"(recall {pooled[0][2]:.4f} with none)")
    if args.nested:
        kept, choices = nested(x, y, groups, args.folds, args.c, args.precision)
        start = 0
        for p, yp in zip(pipelines, ys):
            k = kept[start:start + len(yp)]
            start += len(yp)
            right, wrong = int((yp & k).sum()), int((~yp & k).sum())
            print(f"{p}, nested: P {right / max(1, right + wrong):.4f} R {right / data[p]['gold']:.4f} ({right}/{wrong})")
        print("chosen in each outer fold:", choices)
    if args.per_path:
        for p in pipelines:
            right, wrong = per_path_abstention(data[p], args.folds, args.per_path[0], int(args.per_path[1]))
            print(f"{p}, per path under {args.per_path[0]} over {int(args.per_path[1])}: "
                  f"P {right / max(1, right + wrong):.4f} R {right / data[p]['gold']:.4f} ({right}/{wrong})")
    if chosen is None:
        return
    final = fit(x, y, args.c, args.trees)
    names = [name for name, on in zip(FEATURES, use) if on]
    print("weights fitted on every example:" if not args.trees else "feature importances, fitted on every example:")
    for name, w in zip(names, final.feature_importances_ if args.trees else final.coef_[0]):
        print(f"  {name:24}{w:+.3f}")
    if args.report:
        for p in pipelines:
            other = examples(p, split=args.report, refresh=args.refresh, gold_spans=args.gold_spans)
            xr, yr, _ = matrix(other)
            kept = final.predict_proba(xr[:, use])[:, 1] >= chosen[0]
            before = curve(np.zeros(len(yr)), yr, other["gold"])[0]
            right, wrong = int((yr & kept).sum()), int((~yr & kept).sum())
            print(f"{args.report} {p}: all named P {before[1]:.4f} R {before[2]:.4f} ({before[3]}/{before[4]}); "
                  f"at {chosen[0]:.4f}: P {right / max(1, right + wrong):.4f} R {right / other['gold']:.4f} "
                  f"({right}/{wrong})")


if __name__ == "__main__":
    main(sys.argv[1:])
