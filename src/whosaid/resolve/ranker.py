"""A learned ranker over the candidate antecedents of a pronoun or a description.

Where the resolver must pick one of several people or organisations ("he",
"the Russian leader", "the company"), each candidate the article mentioned
before the mention is described by a few numbers (``FEATURES``: how far back
and in what role it was last mentioned, how often, whether it was just quoted,
whether the description fits what the article said of it) and scored by a
linear model per kind of decision; the highest score wins. The weights are
fitted by ``training/train_resolve_ranker.py`` (pairwise logistic regression
on train-speakers) and shipped as ``models/resolve_ranker.json``.

The hand-written salience order stays as the fallback (no candidate
mentioned before, or the ``learned-ranker`` rule switched off) and as one of
the features: the ranker learns when to overrule it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "resolve_ranker.json"
FORMAT = "whosaid-resolve-ranker/1"
# The decisions the ranker makes: a "he"/"she", a person description, an organisation description.
KINDS = ("pronoun", "person", "organization")

FEATURES = (
    "hand",  # the hand-written salience order's choice
    "salience",  # the hand salience score within the window (role weight, decayed per sentence)
    "top_salience",  # the most salient candidate within the window
    "sentences_back",  # narrative sentences since its last mention (log)
    "tokens_back",  # tokens since its last mention (log)
    "same_sentence",  # last mentioned in the mention's own sentence
    "paragraphs_back",  # paragraph breaks since its last mention (log)
    "last_subject",  # last mention a main-clause subject
    "last_quoted",  # last mention inside quotation marks
    "last_modifier",  # last mention a modifier ("the Clinton campaign")
    "last_possessor",  # last mention a possessor ("Trump's plan")
    "last_apposition",  # last mention an apposition or described by one
    "parallel",  # subject mention, last mentioned as a subject
    "recent_speaker",  # subject of a verb of saying within the last three sentences
    "mentions",  # mentions so far (log)
    "prominence",  # mentions so far, as a share of the most mentioned candidate's
    "first_in_headline",  # named in the headline
    "most_recent",  # the candidate mentioned last
    "gender_known",  # its gender is known (pronouns: and agrees)
    "unnamed",  # someone introduced indefinitely, not named
    "described",  # the article described it with the mention's noun (and qualifiers)
    "affiliated",  # its party or place agrees with the description's qualifiers
    "name_word",  # the description's noun or modifiers are words of its name
    "kind_known",  # its kind of organisation is known and is the description's
)


@dataclass(frozen=True, slots=True)
class Ranker:
    """One weight vector per kind of decision; a candidate's score is the dot
    product of its standardised features with the weights."""

    weights: dict[str, tuple[float, ...]]
    means: dict[str, tuple[float, ...]]
    scales: dict[str, tuple[float, ...]]

    def score(self, kind: str, features: tuple[float, ...]) -> float:
        weights = self.weights[kind]
        means, scales = self.means[kind], self.scales[kind]
        return sum(w * (x - m) / s for w, x, m, s in zip(weights, features, means, scales))

    def best(self, kind: str, rows: dict[int, tuple[float, ...]]) -> int | None:
        """The candidate with the highest score; None when this kind has no weights."""
        if kind not in self.weights or not rows:
            return None
        # Ties (identical features) go to the hand choice, then to the earliest id.
        return max(rows, key=lambda k: (round(self.score(kind, rows[k]), 9), rows[k][0], -k))

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "features": list(FEATURES),
            "kinds": {
                kind: {"weights": list(self.weights[kind]), "means": list(self.means[kind]),
                       "scales": list(self.scales[kind])}
                for kind in self.weights
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> Ranker:
        if data.get("format") != FORMAT:
            raise ValueError(f"expected format {FORMAT!r}, found {data.get('format')!r}")
        if tuple(data.get("features", ())) != FEATURES:
            raise ValueError("the ranker was trained on other features than this version computes")
        kinds = data["kinds"]
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown decision kinds {sorted(unknown)}")
        for kind, part in kinds.items():
            if not len(part["weights"]) == len(part["means"]) == len(part["scales"]) == len(FEATURES):
                raise ValueError(f"kind {kind!r}: expected {len(FEATURES)} weights, means and scales")
        return cls(
            weights={k: tuple(v["weights"]) for k, v in kinds.items()},
            means={k: tuple(v["means"]) for k, v in kinds.items()},
            scales={k: tuple(v["scales"]) for k, v in kinds.items()},
        )


def load_ranker(path: Path = MODEL_PATH) -> Ranker | None:
    """The shipped ranker (or the one ``using`` set), loaded once; None if the file is missing."""
    if _override:
        return _override[-1]
    return _load(path)


@lru_cache(maxsize=2)
def _load(path: Path) -> Ranker | None:
    if not path.exists():
        return None
    return Ranker.from_json(json.loads(path.read_text(encoding="utf-8")))


_override: list[Ranker | None] = []
_recorders: list[list] = []


@contextmanager
def using(ranker: Ranker | None) -> Iterator[None]:
    """Resolve with ``ranker`` instead of the shipped one (None: the hand order), for cross-validation."""
    _override.append(ranker)
    try:
        yield
    finally:
        _override.pop()


@contextmanager
def recording() -> Iterator[list]:
    """Collect every ranked decision made inside the block, as
    ``Decision`` records, for training."""
    found: list = []
    _recorders.append(found)
    try:
        yield found
    finally:
        _recorders.pop()


@dataclass(slots=True)
class Decision:
    token: int
    kind: str
    rows: dict[int, tuple[float, ...]]
    hand: int | None
    chosen: int | None


def recording_active() -> bool:
    return bool(_recorders)


def record(decision: Decision) -> None:
    if _recorders:
        _recorders[-1].append(decision)


def log1(x: float) -> float:
    return math.log1p(max(x, 0.0))
