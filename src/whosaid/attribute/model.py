"""The trained cue classifier: JSON weights of a logistic regression, loaded once."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "cue_model.json"


class CueModel:
    """Scores candidate cue tokens: probability that a token anchors a cue."""

    def __init__(self, weights: dict[str, float], intercept: float, attached_cue_words: list[str]):
        self.weights = weights
        self.intercept = intercept
        self.attached_cue_words = frozenset(attached_cue_words)

    def probability(self, features: list[str]) -> float:
        get = self.weights.get
        score = self.intercept + sum(get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))

    @classmethod
    def from_file(cls, path: Path) -> CueModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data["weights"], data["intercept"], data.get("attached_cue_words", []))


@lru_cache(maxsize=2)
def load_cue_model(path: Path = MODEL_PATH) -> CueModel:
    if not Path(path).exists():
        raise FileNotFoundError(
            f"cue model {path} is missing; train it with `PYTHONPATH=. python -m training.train_attribution`"
        )
    return CueModel.from_file(path)
