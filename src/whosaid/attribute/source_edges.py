"""Where a source mention ends: the rules' mention trimmed where a learned model, reading
a per-word tagger's source probabilities, says gold's mention stops short of it.

The rules (``source.source_ids``) take the speaker's whole noun phrase, with its
appositions, roles and relative clauses: PolNeAR keeps them about as often as not
("Ann Lee, a nurse at the clinic", "Ann Lee | , who ran the clinic for years"), with
no sign in the syntax alone. A tagger fine-tuned on PolNeAR reads every word in its
sentence and gives it a probability of being a source word. Each place where the
mention could end earlier (the start of a phrase hanging right of the source word:
an apposition, a relative clause, a prepositional phrase) or begin later (after a
phrase hanging left of it: a role, a title) is a candidate ``Cut``; a logistic
regression (``source_edges`` of the model file) scores it from the phrase's relation,
its first word, the punctuation setting it off, whether it holds a name, and the
tagger's mean source probability of the words it removes and of those it keeps. On
each side the likeliest cut above ``THRESHOLD`` is made. The source word itself is
never cut off, and a model without a tagger leaves the mention as the rules read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Token

from .tag_features import SOURCE, level
from .tokens import token_table, trimmed


# A cut is made when its probability reaches this.
THRESHOLD = 0.5

# Phrases after the source word a mention may end before: appositions, relative and
# participle clauses, prepositional phrases, conjuncts ("Ann Lee | , a nurse at the clinic").
RIGHT_PHRASES = frozenset({"appos", "relcl", "acl", "prep", "conj", "cc", "advcl", "amod", "npadvmod", "dep"})

# Words before the source word a mention may begin after: roles, titles, determiners
# ("Hospital spokesman | Tomas Berg", "former | treasurer ...").
LEFT_PHRASES = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "advmod", "npadvmod", "quantmod"})


@dataclass(frozen=True, slots=True)
class Cut:
    """The mention without the words of one side: ``side`` "right" keeps the words
    before ``at``, "left" the words from ``at`` on; ``relation`` is that of the phrase cut
    off (to the word it hangs from)."""

    side: str
    at: int
    relation: str
    kept: tuple[int, ...]
    removed: tuple[int, ...]


def cuts(span: list[int], source: Token, head: Token | None = None) -> list[Cut]:
    """Every cut of the mention ``span`` (sorted token indices) of ``source``: before each
    phrase hanging right of a mention word after the source word, after each phrase
    hanging left of one before it; none that removes ``head``, the word the speaker is
    resolved from ("the spokesman, Ann Lee" keeps the name)."""
    if len(span) < 2 or source.i not in span:
        return []
    doc = source.doc
    t = token_table(doc)
    inside = set(span)
    found: dict[tuple[str, int], str] = {}
    for w in span:
        for c in t.children[w]:
            if c not in inside or t.punct[c]:
                continue
            if c > source.i and c > w and t.dep[c] in RIGHT_PHRASES:
                start = _phrase_edge(t, c, inside, -1)
                if start > source.i:
                    found.setdefault(("right", start), t.dep[c])
            elif c < source.i and c < w and t.dep[c] in LEFT_PHRASES and not _same_name(doc, c, source.i):
                end = _phrase_edge(t, c, inside, +1)
                if end < source.i:
                    found.setdefault(("left", end + 1), t.dep[c])
    out = []
    for (side, at), relation in sorted(found.items()):
        kept = trimmed([i for i in span if (i < at if side == "right" else i >= at)], doc)
        if not kept or source.i not in kept or len(kept) == len(span) or (
                head is not None and head.i in span and head.i not in kept):
            continue
        removed = tuple(i for i in span if i not in set(kept))
        out.append(Cut(side, at, relation, tuple(kept), removed))
    return out


def _same_name(doc, c: int, source: int) -> bool:
    """Whether word ``c`` opens or continues the named entity the source word closes
    ("Tomas | Berg"): a cut never falls inside a name."""
    return doc[c].ent_iob_ != "O" and all(doc[k].ent_iob_ == "I" for k in range(c + 1, source + 1))


def _phrase_edge(t, c: int, inside: set[int], step: int) -> int:
    """The first (``step`` -1) or last (``step`` +1) mention word of ``c``'s phrase."""
    farther = min if step < 0 else max
    edge = c
    stack = [c]
    while stack:
        k = stack.pop()
        edge = farther(edge, k)
        stack.extend(g for g in t.children[k] if g in inside)
    # A mark setting the phrase off goes with it (", a nurse").
    while edge + step in inside and t.punct[edge + step]:
        edge += step
    return edge


def _words(t, ids) -> list[int]:
    return [i for i in ids if not t.punct[i] and not t.space[i]]


def cut_features(cut: Cut, source: Token, tags) -> list[str]:
    """What the model reads of a cut: its side and relation, the first word it removes and
    the mark before it, the source word's kind, whether the removed and kept words hold a
    name, their sizes, and the tagger's mean source probability of each and their gap."""
    doc = source.doc
    t = token_table(doc)
    side, relation = cut.side, f"{cut.side}|{cut.relation}"
    removed_words = _words(t, cut.removed)
    kept_words = _words(t, cut.kept)
    first = cut.removed[0] if side == "right" else cut.removed[-1]
    mark = t.text[cut.at - 1] if side == "right" and t.punct[cut.at - 1] else (
        t.text[first] if t.punct[first] else "none")
    opener = next((i for i in (cut.removed if side == "right" else reversed(cut.removed)) if not t.punct[i]), first)
    kind = "name" if source.ent_type_ in ("PERSON", "ORG") else source.pos_
    removed_name = any(t.ent[i] in ("PERSON", "ORG") for i in removed_words)
    rows = [
        f"r={relation}",
        f"rk={relation}|{kind}",
        f"w={side}|{t.lower[opener]}",
        f"rw={relation}|{t.lower[opener]}",
        f"m={relation}|{mark}",
        f"n={relation}|{'name' if removed_name else 'noname'}",
        f"s={relation}|{min(len(removed_words), 6)}",
        f"k={side}|{min(len(kept_words), 4)}",
    ]
    if tags is not None:
        removed = np.asarray(tags[removed_words, SOURCE], dtype=np.float64) if removed_words else np.array([])
        kept = np.asarray(tags[kept_words, SOURCE], dtype=np.float64) if kept_words else np.array([])
        out, inn = level(removed), level(kept)
        gap = "none"
        if out != "none" and inn != "none":
            difference = float(np.nanmean(kept)) - float(np.nanmean(removed))
            gap = "lower" if difference > 0.5 else "low" if difference > 0.2 else "even" if difference > -0.2 \
                else "higher"
        rows += [f"to={out}", f"tro={relation}|{out}", f"tk={side}|{inn}", f"tg={side}|{gap}",
                 f"trg={relation}|{gap}", f"tog={out}|{gap}"]
    return rows


def trim(span: list[int], source: Token, head: Token | None, probability, tags) -> list[int]:
    """The mention ``span`` with, on each side, the likeliest cut reaching ``THRESHOLD`` made
    (none removing ``head``)."""
    best: dict[str, tuple[float, Cut]] = {}
    for cut in cuts(span, source, head):
        p = probability(cut_features(cut, source, tags))
        if p >= THRESHOLD and (cut.side not in best or p > best[cut.side][0]):
            best[cut.side] = (p, cut)
    if not best:
        return span
    kept = set(span)
    for _, cut in best.values():
        kept &= set(cut.kept)
    return trimmed(kept, source.doc)


def label(cut: Cut, gold: set[int]) -> int:
    """Whether a cut gives gold's edge on its side (gold: the gold mention's words)."""
    if not gold:
        return 0
    if cut.side == "right":
        return int(max(cut.kept) == max(gold))
    return int(min(cut.kept) == min(gold))
