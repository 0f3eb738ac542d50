"""A learned ranker over a pronoun's candidate antecedents.

Each candidate the agreement constraints leave is described by what the text
before the pronoun says of it (how salient, how far back, in what role, how
often mentioned); a linear model trained on train-speakers
(``training/train_ranker.py``) scores them and the best wins. It is used only
where it beats the hand-set salience order by cross-validation; see
``docs/resolution.md``.
"""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from .linking import Linker

FEATURES = (
    "salience",  # the hand-set score: best mention, weighted by role, decayed per sentence
    "steps back",  # narrative sentences since the last mention (0 to 1 over ten)
    "same sentence",
    "last as subject",
    "last in quotes",
    "last as possessor",
    "mentions",  # log of the mentions so far
    "most recent",  # the last one mentioned of all candidates
    "top salience",  # the hand-set order's choice
    "gender known",  # the person's gender is known (and agrees)
    "unnamed",  # someone introduced indefinitely
    "parallel",  # a subject pronoun and a subject last mention
)


def pronoun_features(linker: Linker, token: Token, candidates: set[int]) -> dict[int, list[float]]:
    """The feature vector of every candidate mentioned before ``token``."""
    context = linker.context
    step = context.narrative_sentence_of[token.i]
    sent = context.sentence_of[token.i]
    end = bisect.bisect_left(linker._event_tokens, token.i)
    last: dict[int, object] = {}
    counts: dict[int, int] = {}
    for event in linker.events[:end]:
        if event.entity in candidates:
            last[event.entity] = event
            counts[event.entity] = counts.get(event.entity, 0) + 1
    if not last:
        return {}
    salience = linker.scores(token, set(last))
    top = max(salience, key=salience.get) if salience else None
    recent = max(last, key=lambda k: last[k].token)
    subject = token.dep_ in ("nsubj", "nsubjpass")
    settings = linker.settings
    found: dict[int, list[float]] = {}
    for k, event in last.items():
        entity = linker.table[k] if k >= 0 else None
        found[k] = [
            salience.get(k, 0.0),
            min(step - event.step, 10) / 10,
            float(event.sent == sent),
            float(event.dep in ("nsubj", "nsubjpass")),
            float(event.weight == settings.quoted_weight),
            float(event.dep == "poss"),
            math.log1p(counts[k]),
            float(k == recent),
            float(k == top),
            float(entity is not None and entity.gender is not None),
            float(k < 0),
            float(subject and event.dep in ("nsubj", "nsubjpass")),
        ]
    return found


def rank(weights: tuple[float, ...], features: dict[int, list[float]]) -> int | None:
    if not features:
        return None
    return max(features, key=lambda k: sum(w * x for w, x in zip(weights, features[k])))
