"""Encoder verification: the verifier's view of a whole candidate through the encoder.

The verifier reads a candidate's cue probability, lemma and how its content was
found, all word identities and parse facts. A logistic-regression head reads the
frozen layer states (``encoder_cues``) of three words side by side: the cue's
anchor, the head of the content within the anchor's sentence and the word the
source is read from, and gives the probability that the candidate reports an
attribution the annotators mark; the verifier reads it in ten buckets
(``venc=0`` ... ``venc=9``). Only words of the anchor's sentence are read, the one
the cue decision has already encoded; a word without a state reads as the head's
mean (``encoder_boundaries.fill_missing``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .candidates import Candidate
from .encoder_boundaries import has_state, stacked
from .tokens import char_range, token_table

PARTS = 3  # anchor, content head, source


def candidate_words(candidate: Candidate) -> tuple[int | None, ...]:
    """The three words whose states describe ``candidate`` (None where it has no such word)."""
    anchor = candidate.anchor
    doc = anchor.doc
    sent = anchor.sent
    if candidate.parse_content is not None:
        ids = [i for i in candidate.parse_content if sent.start <= i < sent.end]
    else:
        ids = [k for s, e in candidate.content if (r := char_range(doc, s, e)) for k in range(*r)
               if sent.start <= k < sent.end]
    inside = set(ids)
    head = token_table(doc).head
    with_state = [i for i in ids if has_state(doc, i)]
    content = next((i for i in with_state if head[i] not in inside or head[i] == i),
                   with_state[0] if with_state else None)
    source = candidate.source
    source = source.i if source is not None and sent.start <= source.i < sent.end and has_state(doc, source.i) \
        else None
    return anchor.i, content, source


def candidate_input(candidate: Candidate, state_of: Callable[[int], np.ndarray | None],
                    width: int) -> tuple[np.ndarray, np.ndarray]:
    """The head's input: the three states side by side (float32) and which are present."""
    return stacked(candidate_words(candidate), state_of, width)


def bucket_features(probability: float, smooth: bool = False) -> list:
    from .encoder_cues import BUCKETS
    from .levels import levelled

    return levelled(probability, BUCKETS, smooth, ("venc=", ""))
