"""Where a parse-derived content ends: learned cuts at its edges.

The content of a cue is read off the dependency parse as whole phrases, so it
takes in whatever the parser hung on them: a trailing "in an interview with the
Post", ", which he denied", "on Monday as he issued a statement", or a leading
"it clear" of "made it clear that ...". PolNeAR's annotators leave such words
out more often than not, but not always, so the decision is learned: every
phrase that reaches one edge of the content is a candidate cut, described by
sparse features and scored by a logistic regression (``boundary`` in the model
file). The likeliest cut above one half is made, and the content is examined
again, a few times at most.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .spans import trimmed

# A cut must leave at least this many words; more than three rounds never helped.
MIN_KEPT = 1
ROUNDS = 3
CUT_THRESHOLD = 0.65
QUOTE_MARKS = frozenset("\"“”„«»")


@dataclass(frozen=True, slots=True)
class Cut:
    """Removing ``removed`` (token indices) from one edge of a content."""

    side: str  # "right" or "left"
    op: str  # "right" drops a phrase at the end, "left-drop" one at the start, "left-keep" keeps only the last phrase
    phrase: Token  # the phrase head whose subtree reaches the edge
    removed: tuple[int, ...]
    kept: tuple[int, ...]


def _words(ids, doc: Doc) -> int:
    return sum(1 for i in ids if not doc[i].is_punct and not doc[i].is_space)


GROW_STOPS = frozenset({",", ";", "—", "–", "--", ":"})
MAX_GROWTHS = 3


def _growths(ids: list[int], doc: Doc, excluded) -> list[Cut]:
    """The content carried on to the next comma (or the sentence end) when the parse
    left the rest of a list or clause out: "wants to triple X, | grow Y and create Z"."""
    last = ids[-1]
    sent = doc[last].sent
    out: list[Cut] = []
    added: list[int] = []
    j = last + 1
    while j < sent.end and len(out) < MAX_GROWTHS:
        token = doc[j]
        if j in excluded or "\n" in doc[j - 1].text_with_ws or any(ch in QUOTE_MARKS for ch in token.text):
            break
        added.append(j)
        at_stop = j + 1 >= sent.end or doc[j + 1].text in GROW_STOPS or (doc[j + 1].is_punct and j + 2 >= sent.end)
        if at_stop and _words(added, doc):
            grown = trimmed(ids + added, doc)
            members = set(added)
            root = next((doc[k] for k in added if doc[k].head.i not in members or doc[k].head.i == k), doc[added[0]])
            out.append(Cut(side="right", op="grow", phrase=root, removed=tuple(added), kept=tuple(grown)))
        j += 1
    return out


def cuts(ids: list[int], doc: Doc, excluded=frozenset()) -> list[Cut]:
    """Every phrase of the content that reaches its first or last word, as a candidate cut,
    and the content carried on to the next comma."""
    if not ids:
        return []
    growths = _growths(ids, doc, excluded)
    if len(ids) < 2:
        return growths
    members = set(ids)
    first, last = ids[0], ids[-1]
    out: list[Cut] = []
    seen: set[tuple[str, int]] = set()
    for i in ids:
        token = doc[i]
        left, right = token.left_edge.i, token.right_edge.i
        options = []
        if left > first and right >= last:
            # Drop the phrase reaching the end, or keep only it.
            options.append(("right", "right", left, token))
            options.append(("left", "left-keep", left - 1, token))
        elif left <= first and right < last:
            options.append(("left", "left-drop", right, token))
        for side, op, at, phrase in options:
            if side == "right":
                kept = trimmed([j for j in ids if j < at], doc)
                removed = tuple(j for j in ids if j >= at)
            else:
                kept = trimmed([j for j in ids if j > at], doc)
                removed = tuple(j for j in ids if j <= at)
            if (side, at) in seen or _words(kept, doc) < MIN_KEPT or not _words(removed, doc):
                continue
            seen.add((side, at))
            out.append(Cut(side=side, op=op, phrase=phrase, removed=removed, kept=tuple(kept)))
    return out + growths


def _size(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-8" if n <= 8 else "9-16" if n <= 16 else "17+"


def cut_features(cut: Cut, anchor: Token, how: str) -> list[str]:
    """Sparse features of one candidate cut."""
    doc = anchor.doc
    phrase = cut.phrase
    side = cut.op
    dep = phrase.dep_
    lemma = anchor.lemma_.lower()
    removed = [doc[i] for i in cut.removed if not doc[i].is_space]
    kept = [doc[i] for i in cut.kept]
    words = [t for t in removed if not t.is_punct]
    first_removed = words[0].lower_ if words else "<p>"
    if side == "right":
        boundary = doc[cut.removed[0] - 1] if cut.removed[0] > 0 else None
        edge_word = first_removed
    else:
        boundary = doc[cut.removed[-1] + 1] if cut.removed[-1] + 1 < len(doc) else None
        edge_word = words[-1].lower_ if words else "<p>"
    mark = boundary.text if boundary is not None and boundary.is_punct else "w"
    quoted_removed = any(ch in QUOTE_MARKS for t in removed for ch in t.text)
    quoted_kept = any(ch in QUOTE_MARKS for t in kept for ch in t.text)
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words)
    head = phrase.head
    depth = 0
    node = phrase
    kept_set = set(cut.kept)
    while node.head.i != node.i and node.head.i in kept_set and depth < 4:
        node = node.head
        depth += 1
    n_removed, n_kept = len(words), _words(cut.kept, doc)
    removed_set = set(cut.removed)
    roots = [t for t in words if t.head.i not in removed_set or t.head.i == t.i]
    root = roots[0] if roots else phrase
    kept_first = next((t.lower_ for t in kept if not t.is_punct), "<p>")
    share = "lt25" if n_removed * 4 < n_removed + n_kept else "lt50" if n_removed * 2 < n_removed + n_kept else "ge50"
    return [
        "bias",
        "s=" + side,
        "d=" + side + "|" + dep,
        "dp=" + side + "|" + dep + "|" + phrase.pos_,
        "dt=" + side + "|" + dep + "|" + phrase.tag_,
        "hd=" + side + "|" + dep + "|" + head.dep_ + "|" + head.pos_,
        "w=" + side + "|" + edge_word,
        "dw=" + side + "|" + dep + "|" + edge_word,
        "pw=" + side + "|" + dep + "|" + phrase.lower_,
        "m=" + side + "|" + mark,
        "dm=" + side + "|" + dep + "|" + mark,
        "n=" + side + "|" + _size(n_removed),
        "dn=" + side + "|" + dep + "|" + _size(n_removed),
        "k=" + side + "|" + _size(n_kept),
        "share=" + side + "|" + share,
        "dshare=" + side + "|" + dep + "|" + share,
        "q=" + side + "|" + str(quoted_removed) + "|" + str(quoted_kept),
        "fin=" + side + "|" + dep + "|" + str(finite),
        "depth=" + side + "|" + str(depth),
        "ddepth=" + side + "|" + dep + "|" + str(depth),
        "how=" + side + "|" + how + "|" + dep,
        "l=" + side + "|" + lemma + "|" + dep,
        "e=" + side + "|" + phrase.ent_type_,
        "kf=" + side + "|" + kept_first,
        "dkf=" + side + "|" + dep + "|" + kept_first,
        "r=" + side + "|" + root.dep_ + "|" + root.pos_,
        "rl=" + side + "|" + root.lemma_.lower(),
        "rlk=" + side + "|" + root.lemma_.lower() + "|" + kept_first,
        "lr=" + side + "|" + lemma + "|" + root.dep_,
        "nroots=" + side + "|" + str(min(len(roots), 3)),
        "sent=" + side + "|" + str(phrase.sent.start != doc[cut.kept[0]].sent.start if cut.kept else False),
    ]


def refine(ids: list[int], anchor: Token, how: str, score: Callable[[list[str]], float] | None,
           excluded=frozenset()) -> list[int]:
    """The content with the cuts the model is sure of made, likeliest first."""
    if score is None:
        return ids
    doc = anchor.doc
    for _ in range(ROUNDS):
        scored = [(score(cut_features(cut, anchor, how)), cut) for cut in cuts(ids, doc, excluded)]
        if not scored:
            break
        best_p, best = max(scored, key=lambda pair: pair[0])
        if best_p < CUT_THRESHOLD:
            break
        ids = list(best.kept)
    return ids
