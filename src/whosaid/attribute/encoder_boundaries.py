"""Encoder boundaries: the boundary model's view of a cut through the encoder.

A cut at a content's edge (``boundaries.Cut``) is decided from word identities
and the parse ("his prediction", "to acknowledge", "Meet the Press on Sunday"
look alike there). A logistic-regression head reads the frozen layer states
(``encoder_cues``) of four words around the cut, side by side: the cue's anchor,
the head of the phrase cut, the removed word nearest the edge and the kept word
nearest the edge, and gives the probability that the cut brings the content
closer to what annotators mark. The boundary model reads it in ten buckets
(``benc=0`` ... ``benc=9``, alone and with the kind of cut) beside its own
features.

Only content words and colons have states (the words a cue head reads, so the
states of training's cue encoding serve here too); a word of the four that is
not one is stood in for by the nearest one on its side of the cut, or, if none,
by the head's mean (no evidence either way).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from spacy.tokens import Token

from .boundaries import Cut
from .candidates import CANDIDATE_POS
from .tokens import token_table

PARTS = 4  # anchor, phrase head, removed edge word, kept edge word


def has_state(doc, i: int) -> bool:
    """Whether token ``i`` is one whose state the heads read: a content word or a colon."""
    table = token_table(doc)
    return table.pos[i] in CANDIDATE_POS or table.text[i] == ":"


def cut_words(cut: Cut, anchor: Token) -> tuple[int | None, ...]:
    """The four words whose states describe ``cut`` (None where the cut has no such word)."""
    doc = anchor.doc
    removed = [i for i in cut.removed if has_state(doc, i)]
    kept = [i for i in cut.kept if has_state(doc, i)]
    if cut.side == "right":
        # Dropping (or adding) words after the edge: the edge lies before removed[0].
        edge = cut.removed[0]
        removed_word = removed[0] if removed else None
        kept_word = max((i for i in kept if i < edge), default=None)
    else:
        edge = cut.removed[-1]
        removed_word = removed[-1] if removed else None
        kept_word = min((i for i in kept if i > edge), default=None)
    phrase = cut.phrase.i if has_state(doc, cut.phrase.i) else removed_word
    return anchor.i, phrase, removed_word, kept_word


def cut_input(cut: Cut, anchor: Token, state_of: Callable[[int], np.ndarray | None],
              width: int) -> tuple[np.ndarray, np.ndarray]:
    """The head's input for ``cut``: the four states side by side (float32, ``PARTS * width``)
    and which of the four are present."""
    return stacked(cut_words(cut, anchor), state_of, width)


def stacked(words, state_of: Callable[[int], np.ndarray | None], width: int) -> tuple[np.ndarray, np.ndarray]:
    """The states of ``words`` side by side (zeros for a word that is None or has no
    state), and which are present."""
    vector = np.zeros(len(words) * width, dtype=np.float32)
    present = np.zeros(len(words), dtype=bool)
    for k, i in enumerate(words):
        state = state_of(i) if i is not None else None
        if state is not None:
            vector[k * width:(k + 1) * width] = state
            present[k] = True
    return vector, present


def fill_missing(vector: np.ndarray, present: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """``vector`` with each absent word's block set to ``mean``'s (standardised to zero)."""
    width = len(vector) // len(present)
    for k in np.flatnonzero(~present):
        vector[k * width:(k + 1) * width] = mean[k * width:(k + 1) * width]
    return vector


def bucket_features(probability: float, op: str, smooth: bool = False) -> list:
    from .encoder_cues import BUCKETS
    from .levels import levelled

    # "benc=5", then with the kind of cut: "benc=right|5"
    return levelled(probability, BUCKETS, smooth, ("benc=", ""), (f"benc={op}|", ""))
