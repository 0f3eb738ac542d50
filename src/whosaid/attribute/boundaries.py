"""Where a parse-derived content ends: learned cuts at its edges.

The content of a cue is read off the dependency parse as whole phrases, so it
takes in whatever the parser hung on them: a trailing "in an interview with the
Post", ", which he denied", "on Tuesday as she left the hearing", or a leading
"it clear" of "made it clear that ...". PolNeAR's annotators leave some such
words out and keep others (most trailing comma phrases stay), with little sign
in the text, so the decision is learned: every
phrase that reaches one edge of the content is a candidate cut, described by
sparse features and scored by a logistic regression (``boundary`` in the model
file), and so is carrying the content on to the next comma. The likeliest cut
above ``CUT_THRESHOLD`` is made, and the content is examined again, a few times
at most. Only reported attributions are refined: the verifier reads the content
as the parse gave it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IS_PUNCT, IS_SPACE, SENT_START
from spacy.tokens import Doc, Token

from ..context import TAG_COLUMN
from .tokens import TokenTable, paragraph_index, per_doc, text_of, token_table, trimmed

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


FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")


@dataclass(frozen=True, slots=True)
class _TokenArrays:
    """Per-token facts the cut features read many times, computed once per doc (as
    lists: a cut reads a few tokens at a time, where numpy's per-call cost dominates)."""

    word: list[bool]  # neither punctuation nor space
    quote: list[bool]  # holds a quotation mark
    finite: list[bool]  # a finite verb or modal
    sentence: list[int]  # sentence number
    punct: list[bool]
    breaks: list[bool]  # a line break follows
    table: TokenTable  # the words and relations as strings (``tokens.token_table``)
    head: list[int]  # index of the head token


_QUOTE_MARK = re.compile("[" + "".join(sorted(QUOTE_MARKS)) + "]")


@per_doc
def _arrays(doc: Doc) -> _TokenArrays:
    # Read from the token table where it holds the facts already; the few quotation marks
    # are placed by their offsets, with no array of every token's start built.
    table = token_table(doc)
    values = doc.to_array([IS_PUNCT, IS_SPACE, SENT_START])
    paragraphs = paragraph_index(doc)
    breaks = np.zeros(len(doc), dtype=bool)
    breaks[:-1] = paragraphs[1:] != paragraphs[:-1]
    quote = [False] * len(doc)
    starts = table.idx
    for match in _QUOTE_MARK.finditer(text_of(doc)):
        quote[bisect_right(starts, match.start()) - 1] = True
    return _TokenArrays(
        word=((values[:, 0] == 0) & (values[:, 1] == 0)).tolist(),
        quote=quote,
        finite=table.among(TAG_COLUMN, FINITE_TAGS).tolist(),
        sentence=np.cumsum(values[:, 2] == 1).tolist(),
        punct=table.punct,
        breaks=breaks.tolist(),
        table=table,
        head=table.head,
    )


# How deep inside the content a phrase may sit to be cut: deeper ones were
# (almost) never the right cut on PolNeAR dev, and offering them is most of the cost.
MAX_DEPTH = {"right": 0, "left-keep": 1, "left-drop": 1}
GROW_STOPS = frozenset({",", ";", "—", "–", "--", ":"})
MAX_GROWTHS = 3


def _growths(ids: list[int], doc: Doc, excluded) -> list[Cut]:
    """The content carried on to the next comma (or the sentence end) when the parse
    left the rest of a list or clause out: "wants to triple X, | grow Y and create Z"."""
    a = _arrays(doc)
    last = ids[-1]
    sentence = a.sentence[last]
    end = last + 1
    while end < len(doc) and a.sentence[end] == sentence:
        end += 1
    out: list[Cut] = []
    added: list[int] = []
    words = 0
    j = last + 1
    while j < end and len(out) < MAX_GROWTHS:
        if j in excluded or a.breaks[j - 1] or a.quote[j]:
            break
        added.append(j)
        words += int(a.word[j])
        at_stop = j + 1 >= end or a.table.text[j + 1] in GROW_STOPS or (a.punct[j + 1] and j + 2 >= end)
        if at_stop and words:
            grown = trimmed(ids + added, doc)
            members = set(added)
            root = next((k for k in added if a.head[k] not in members or a.head[k] == k), added[0])
            out.append(Cut(side="right", op="grow", phrase=doc[root], removed=tuple(added), kept=tuple(grown)))
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
    first, last = ids[0], ids[-1]
    arrays = _arrays(doc)
    word = arrays.word
    # Words among ids[:k], so that a cut's sizes need no pass over its tokens.
    before = list(accumulate(map(word.__getitem__, ids), initial=0))
    total = before[-1]
    out: list[Cut] = []
    seen: set[tuple[str, int]] = set()
    members = set(ids)
    for i in ids:
        token = doc[i]
        left, right = token.left_edge.i, token.right_edge.i
        options = []
        if left > first and right >= last:
            # Drop the phrase reaching the end, or keep only it.
            options.append(("right", "right", left, i))
            options.append(("left", "left-keep", left - 1, i))
        elif left <= first and right < last:
            options.append(("left", "left-drop", right, i))
        else:
            continue  # the phrase reaches neither edge (most do not): no cut
        depth, node = 0, i
        while arrays.head[node] != node and arrays.head[node] in members and depth <= MAX_DEPTH["left-keep"]:
            node = arrays.head[node]
            depth += 1
        options = [option for option in options if depth <= MAX_DEPTH[option[1]]]
        for side, op, at, phrase in options:
            if (side, at) in seen:
                continue
            seen.add((side, at))
            if side == "right":
                split = bisect_left(ids, at)
                kept_words, removed_words = before[split], total - before[split]
            else:
                split = bisect_right(ids, at)
                kept_words, removed_words = total - before[split], before[split]
            if kept_words < MIN_KEPT or not removed_words:
                continue
            if side == "right":
                kept, removed = trimmed(ids[:split], doc), tuple(ids[split:])
            else:
                kept, removed = trimmed(ids[split:], doc), tuple(ids[:split])
            out.append(Cut(side=side, op=op, phrase=doc[phrase], removed=removed, kept=tuple(kept)))
    return out + growths


def _size(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-8" if n <= 8 else "9-16" if n <= 16 else "17+"


def cut_features(cut: Cut, anchor: Token, how: str) -> list[str]:
    """Sparse features of one candidate cut."""
    doc = anchor.doc
    a = _arrays(doc)
    t = a.table
    p = cut.phrase.i
    side = cut.op
    dep = t.dep[p]
    lemma = t.lemma[anchor.i]
    removed_ids = cut.removed
    kept_ids = cut.kept
    word = a.word
    is_word = word.__getitem__
    words = list(compress(removed_ids, map(is_word, removed_ids)))
    first_removed = t.lower[words[0]] if words else "<p>"
    if side == "right":
        boundary = cut.removed[0] - 1
        edge_word = first_removed
    else:
        boundary = cut.removed[-1] + 1
        edge_word = t.lower[words[-1]] if words else "<p>"
    mark = t.text[boundary] if 0 <= boundary < len(doc) and not a.word[boundary] else "w"
    mark = mark.strip() or "w"
    quoted_removed = any(map(a.quote.__getitem__, removed_ids))
    quoted_kept = any(map(a.quote.__getitem__, kept_ids))
    finite = any(map(a.finite.__getitem__, removed_ids))
    heads = a.head
    head = heads[p]
    depth = 0
    node = p
    kept_set = set(kept_ids)
    while heads[node] != node and heads[node] in kept_set and depth < 4:
        node = heads[node]
        depth += 1
    n_removed, n_kept = len(words), sum(map(is_word, kept_ids))
    removed_set = set(removed_ids)
    roots = [i for i in words if heads[i] not in removed_set or heads[i] == i]
    root = roots[0] if roots else p
    first_kept = next(compress(kept_ids, map(is_word, kept_ids)), None)
    kept_first = t.lower[first_kept] if first_kept is not None else "<p>"
    root_dep, root_lemma = t.dep[root], t.lemma[root]
    share = "lt25" if n_removed * 4 < n_removed + n_kept else "lt50" if n_removed * 2 < n_removed + n_kept else "ge50"
    # Each feature string is built in one step (an f-string allocates once, where a
    # chain of "+" allocates per part).
    removed_size = _size(n_removed)
    kept_size = _size(n_kept)
    pos, tag, lower, ent = t.pos[p], t.tag[p], t.lower[p], t.ent[p]
    head_dep, head_pos, root_pos = t.dep[head], t.pos[head], t.pos[root]
    roots_n = min(len(roots), 3)
    sent = bool(kept_ids) and a.sentence[p] != a.sentence[kept_ids[0]]
    return [
        "bias",
        f"s={side}",
        f"d={side}|{dep}",
        f"dp={side}|{dep}|{pos}",
        f"dt={side}|{dep}|{tag}",
        f"hd={side}|{dep}|{head_dep}|{head_pos}",
        f"w={side}|{edge_word}",
        f"dw={side}|{dep}|{edge_word}",
        f"pw={side}|{dep}|{lower}",
        f"m={side}|{mark}",
        f"dm={side}|{dep}|{mark}",
        f"n={side}|{removed_size}",
        f"dn={side}|{dep}|{removed_size}",
        f"k={side}|{kept_size}",
        f"share={side}|{share}",
        f"dshare={side}|{dep}|{share}",
        f"q={side}|{quoted_removed}|{quoted_kept}",
        f"fin={side}|{dep}|{finite}",
        f"depth={side}|{depth}",
        f"ddepth={side}|{dep}|{depth}",
        f"how={side}|{how}|{dep}",
        f"l={side}|{lemma}|{dep}",
        f"e={side}|{ent}",
        f"kf={side}|{kept_first}",
        f"dkf={side}|{dep}|{kept_first}",
        f"r={side}|{root_dep}|{root_pos}",
        f"rl={side}|{root_lemma}",
        f"rlk={side}|{root_lemma}|{kept_first}",
        f"lr={side}|{lemma}|{root_dep}",
        f"nroots={side}|{roots_n}",
        f"sent={side}|{sent}",
    ]


def refine(ids: list[int], anchor: Token, how: str, score: Callable[[list[str]], float] | None,
           excluded=frozenset(), extra: Callable[[Cut, Token], list[str]] | None = None) -> list[int]:
    """The content with the cuts the model is sure of made, likeliest first; ``extra`` gives
    a cut's features beyond ``cut_features`` (the model's representation: ``encoder_boundaries``)."""
    if score is None:
        return ids
    doc = anchor.doc
    for _ in range(ROUNDS):
        if extra is None:
            scored = [(score(cut_features(cut, anchor, how)), cut) for cut in cuts(ids, doc, excluded)]
        else:
            scored = [(score(cut_features(cut, anchor, how) + extra(cut, anchor)), cut)
                      for cut in cuts(ids, doc, excluded)]
        if not scored:
            break
        best_p, best = max(scored, key=lambda pair: pair[0])
        if best_p < CUT_THRESHOLD:
            break
        ids = list(best.kept)
    return ids
