"""Where predicted contents miss their gold content's edges.

Reads a split's predictions (for train, those kept by cross-validation: each article
read by fold models that did not train on it) and, for every prediction the scorer
matches to a gold attribution at content Dice >= 0.5 (its one-to-one matching) whose
content words are not exactly the gold ones, says how each edge is wrong:

* ``start`` / ``end``: the first or last content word is before or after gold's
  (``long``: the prediction takes in words gold leaves out; ``short``: it leaves out
  words gold holds);
* ``inside``: first and last words agree, the words between differ (``attribution
  clause``: the words that differ hold the gold cue or source, "..., he said, ...").

Each edge error is put under what the words in question are, read on the parse:

* ``sentence``: they cross a sentence end (a following or earlier sentence, a
  multi-sentence quotation cut short or run on);
* ``quotation``: the prediction stops at a quotation mark gold runs past, or runs
  past one where gold stops;
* ``that``: a leading complementiser alone (``that``, ``whether``, ``if``);
* ``cue words``: they hold words of the gold cue or source;
* otherwise the words' phrase, by its root's relation: ``clause`` (advcl, relcl,
  acl, ccomp, xcomp, parataxis, a verb's conj), ``prep phrase``, ``adverbial``
  (advmod, npadvmod), ``conjunct`` (another conj or cc), ``subject``, ``object``,
  ``other``; with ``, `` when a comma sets them off at the edge.

The scorer compares word sets, so punctuation and quotation marks themselves never
make a content inexact; ``quotation`` names an edge placed at a mark.

    PYTHONPATH=src:. python -m training.train_attribution --folds 5 --predictions /tmp/oof.jsonl
    PYTHONPATH=src:. python -m training.content_edges /tmp/oof.jsonl [--pipeline accurate] [--examples 3]
"""

from __future__ import annotations

import argparse
import bisect
from collections import Counter, defaultdict
from pathlib import Path

from training.eval_attribution import load_scorer
from training.polnear import load_split, read_jsonl

CLAUSES = frozenset({"advcl", "relcl", "acl", "ccomp", "xcomp", "parataxis", "csubj", "pcomp"})
PREPOSITIONS = frozenset({"prep", "agent", "pobj", "dative"})
ADVERBIALS = frozenset({"advmod", "npadvmod", "tmod", "neg"})
COMPLEMENTISERS = frozenset({"that", "whether", "if"})
QUOTE_MARKS = "\"“”«»„"


class _Article:
    """An article's scorer words mapped to its parse's tokens."""

    def __init__(self, article: dict, doc, scorer):
        self.text, self.doc = article["text"], doc
        self.words = scorer.Words(article["text"])
        starts = [t.idx for t in doc]
        self.token = [max(bisect.bisect_right(starts, s) - 1, 0) for s in self.words.starts]

    def between(self, a: int, b: int) -> str:
        """The text between the end of word ``a`` and the start of word ``b`` (a < b)."""
        return self.text[self.words.ends[a]:self.words.starts[b]]

    def crosses_sentence(self, a: int, b: int) -> bool:
        """Whether a sentence starts after word ``a`` and at or before word ``b``."""
        doc = self.doc
        return any(doc[k].is_sent_start for k in range(self.token[a] + 1, self.token[b] + 1))

    def phrase_kind(self, word_ids: list[int]) -> str:
        """The relation group of the root of the tokens holding ``word_ids``."""
        tokens = sorted({self.token[w] for w in word_ids})
        members = set(tokens)
        doc = self.doc
        roots = [k for k in tokens if doc[k].head.i not in members or doc[k].head.i == k]
        root = doc[roots[0]] if roots else doc[tokens[0]]
        dep = root.dep_
        if dep in CLAUSES or (dep == "conj" and root.pos_ in ("VERB", "AUX")):
            return "clause"
        if dep in PREPOSITIONS:
            return "prep phrase"
        if dep in ADVERBIALS:
            return "adverbial"
        if dep in ("conj", "cc", "preconj"):
            return "conjunct"
        if dep in ("nsubj", "nsubjpass", "expl"):
            return "subject"
        if dep in ("dobj", "attr", "oprd", "iobj"):
            return "object"
        return "other"


def classify_edge(art: _Article, side: str, longer: bool, differing: list[int], edge: int,
                  gold_other: frozenset) -> str:
    """What the ``differing`` words at one edge are. ``edge`` is the word of the other
    span that bounds them (the gold's last word for a long end, the prediction's for a
    short one, and so on); ``gold_other`` the gold cue and source words."""
    if side == "end":
        first, last = edge, differing[-1]
        gap = art.between(edge, differing[0])
    else:
        first, last = differing[0], edge
        gap = art.between(differing[-1], edge)
    if art.crosses_sentence(first, last):
        return "sentence"
    if any(mark in gap for mark in QUOTE_MARKS):
        return "quotation"
    if side == "start" and len(differing) == 1 and art.text[art.words.starts[differing[0]]:
                                                            art.words.ends[differing[0]]].lower() in COMPLEMENTISERS:
        return "that"
    if any(w in gold_other for w in differing):
        return "cue words"
    comma = ", " if "," in gap or ";" in gap or "-" in gap else ""
    return comma + art.phrase_kind(differing)


def edge_errors(art: _Article, gold: frozenset, pred: frozenset, gold_other: frozenset) -> list[tuple[str, str]]:
    """(edge, what) for each way ``pred`` misses ``gold``: edge is "end long", "start short", ..."""
    out = []
    g0, g1, p0, p1 = min(gold), max(gold), min(pred), max(pred)
    if p1 > g1:
        out.append(("end long", classify_edge(art, "end", True, sorted(w for w in pred if w > g1), g1, gold_other)))
    elif p1 < g1:
        out.append(("end short", classify_edge(art, "end", False, sorted(w for w in gold if w > p1), p1, gold_other)))
    if p0 < g0:
        out.append(("start long", classify_edge(art, "start", True, sorted(w for w in pred if w < g0), g0, gold_other)))
    elif p0 > g0:
        out.append(("start short", classify_edge(art, "start", False, sorted(w for w in gold if w < p0), p0,
                                                 gold_other)))
    low, high = max(g0, p0), min(g1, p1)
    inside = sorted(w for w in (gold ^ pred) if low < w < high)
    if inside:
        kind = "attribution clause" if any(w in gold_other for w in inside) else (
            "sentence" if art.crosses_sentence(inside[0] - 1, inside[-1]) else art.phrase_kind(inside))
        out.append(("inside " + ("long" if any(w in pred for w in inside) else "short"), kind))
    return out


def analyse(articles, docs, predictions: dict, scorer, examples: int = 0):
    """Counts of (edge, what) over all matched, inexact predictions of the articles
    ``predictions`` holds; the number of matched and exact ones; a few examples of each."""
    counts, shown = Counter(), defaultdict(list)
    matched = exact = 0
    for article, doc in zip(articles, docs):
        if article["id"] not in predictions:
            continue  # (a cross-validation still running has written only its first folds)
        art = _Article(article, doc, scorer)
        words = art.words
        gold = [{"c": c, "o": words.of(g.get("cue")) | words.of(g.get("source"))}
                for g in article["attributions"] if (c := words.of(g["content"]))]
        predicted = predictions[article["id"]].get("quotes", [])
        pred = [{"c": c} for q in predicted if (c := words.of(q["content"]))]
        for gi, pi in scorer.match_contents(gold, pred):
            matched += 1
            g, p = gold[gi]["c"], pred[pi]["c"]
            if g == p:
                exact += 1
                continue
            for key in edge_errors(art, g, p, gold[gi]["o"]):
                counts[key] += 1
                if len(shown[key]) < examples:
                    shown[key].append((_words_text(art, g), _words_text(art, p)))
    return counts, matched, exact, shown


def _words_text(art: _Article, ids) -> str:
    """The text of the words ``ids``, a run of words left out shown as " | ": an ``inside``
    error is only seen in what the two spans skip."""
    ids = sorted(ids)
    pieces, first = [], ids[0]
    for previous, word in zip(ids, ids[1:] + [None]):
        if word != previous + 1:
            pieces.append(art.text[art.words.starts[first]:art.words.ends[previous]])
            first = word
    return " | ".join(pieces).replace("\n", " ")


def main(argv=None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("predictions", type=Path)
    options.add_argument("--split", default="train")
    options.add_argument("--pipeline", choices=("fast", "accurate"), default="fast",
                         help="the parse the words are read on")
    options.add_argument("--examples", type=int, default=0, help="show this many examples of each error")
    args = options.parse_args(argv)
    articles, docs = load_split(args.split, pipeline=args.pipeline)
    predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    counts, matched, exact, shown = analyse(articles, docs, predictions, load_scorer(), args.examples)
    print(f"{matched:,} predictions matched at content Dice >= 0.5, {exact:,} exact, "
          f"{matched - exact:,} not; edge errors:")
    by_edge = Counter()
    for (edge, _), n in counts.items():
        by_edge[edge] += n
    for edge, total in by_edge.most_common():
        print(f"{edge:<14}{total:>6}")
        for (e, what), n in counts.most_common():
            if e == edge:
                print(f"    {what:<26}{n:>6}")
                for gold, pred in shown[e, what]:
                    print(f"        gold: {gold[:200]}\n        pred: {pred[:200]}")


if __name__ == "__main__":
    main()
