"""The trained attribution models: JSON weights of two logistic regressions, loaded once.

``cue`` scores candidate cue tokens; ``content`` scores the child phrases of a
cue as part of its content or not. Inference is a deterministic sum of weights.
"""

from __future__ import annotations

import json
import math
from itertools import repeat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .encoder_cues import EncoderCues
from .features import ClauseRates, content_head_features
from .representation import Representation, load_word_clusters

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "attribution_model.json"
FORMAT = "whosaid-attribution-logreg/1"


# At most this many features are kept in a model's table of the features read (``LinearModel.frequent``):
# a few megabytes a model, and 100 PolNeAR train articles read about 19,000 distinct features of the
# boundary model, 7,500 of the content model and 7,000 of the verifier.
FREQUENT_FEATURES = 32768
# What the table gives for a feature it lacks: NaN, which no weight is, so finding it among the
# weights compares floats only.
_UNREAD = math.nan


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A logistic regression over sparse string features, each worth 1 or, given as a
    ``(string, value)`` pair, ``value`` (``levels``); ``weights`` are not changed once the
    model is built."""

    weights: dict[str, float]
    intercept: float
    # The weights of the features read so far (up to ``FREQUENT_FEATURES`` of them), the same
    # values: ``weights`` holds every feature of training, spread over megabytes, where a
    # look-up misses the processor's caches several times (about 300 ns); the features articles
    # read are a few thousand, read again and again, and their own table stays in the caches.
    frequent: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def probability(self, features: list[str], bonus: float = 0.0) -> float:
        """The probability of ``features``, with ``bonus`` added to their score."""
        # One C-level pass over the features (no generator frame per feature); the weights are
        # summed in the order of the features, as before the table, so the sum is the same.
        frequent = self.frequent
        # Summed straight from the look-ups, no list of weights built: nearly every feature is in
        # the table, and the list is only needed to fill in the few that are not.
        total = sum(map(frequent.get, features, repeat(_UNREAD, len(features))))
        # A NaN sum: some feature is not in the table yet (a sum in C, where a search of the
        # list for the NaN compared every weight in Python's float comparison).
        if total != total:
            weights = list(map(frequent.get, features, repeat(_UNREAD, len(features))))
            for k, weight in enumerate(weights):
                if weight is _UNREAD:
                    feature = features[k]
                    if feature.__class__ is tuple:
                        # A feature worth a share of 1 (``levels``): its name's weight, times the share.
                        name, share = feature
                        weight = frequent.get(name)
                        if weight is None:
                            weight = self.weights.get(name, 0.0)
                            if len(frequent) < FREQUENT_FEATURES:
                                frequent[name] = weight
                        weights[k] = weight * share
                        continue
                    weight = weights[k] = self.weights.get(feature, 0.0)
                    if len(frequent) < FREQUENT_FEATURES:
                        frequent[feature] = weight
            total = sum(weights)
        score = self.intercept + bonus + total
        return 1.0 / (1.0 + math.exp(-score))

    def weighed(self, weights, bonus: float = 0.0) -> float:
        """The probability of features whose weights (0.0 for a feature the model lacks)
        are ``weights``, in the order of the features: the same sum, added in the same
        order, as ``probability`` of the features themselves."""
        score = self.intercept + bonus + sum(weights)
        return 1.0 / (1.0 + math.exp(-score))

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(weights=data["weights"], intercept=data["intercept"])


@dataclass(frozen=True, slots=True)
class ContentHeads:
    """The verifier reads the word a parse content hangs from (``features.content_head_features``),
    with its word clusters at ``granularities`` (none: the word alone)."""

    granularities: tuple[int, ...] = ()

    def features(self, candidate) -> list[str]:
        clusters = load_word_clusters() if self.granularities else None
        return content_head_features(candidate.anchor, candidate.parse_content, clusters, self.granularities)

    def to_json(self) -> dict:
        return {"granularities": list(self.granularities)}


# Share of gold cues an attached word must reach to join the cue: a word joins when
# gold cues more often include it than not. (Two-fold cross-validation on train
# preferred 0.6, which dev did not confirm.)
JOIN_RATE = 0.5


def first_rate(rates: dict[str, float], keys) -> float:
    """The learned share of gold cues including an attached word, under the most
    specific of its ``keys`` seen often enough in training (``spans.attachment_keys``)."""
    for key in keys:
        rate = rates.get(key)
        if rate is not None:
            return rate
    return 0.0


@dataclass(frozen=True, slots=True)
class AttributionModel:
    cue: LinearModel
    content: LinearModel
    # Share of gold cues that include a word attached to their anchor, keyed per
    # anchor lemma, per word and per shape ("say|npadvmod|R|<DATE>",
    # "advmod|L|also", "advmod|L|<ly>"), some under a condition ("call|prep|R|for|content");
    # see ``spans.attachment_keys``.
    attached_cue_words: dict[str, float]
    # Lemmas seen anchoring a cue in training; other tokens are never candidates.
    cue_lemmas: frozenset[str] | None = None
    # Scores a whole candidate attribution (cue, source and content together).
    verifier: LinearModel | None = None
    # Scores cutting a phrase off one edge of a parse-derived content (``boundaries``).
    boundary: LinearModel | None = None
    # Cue probability a token needs to become a candidate, and the verifier
    # probability (or, without a verifier, cue probability) an attribution needs.
    candidate_threshold: float = 0.5
    threshold: float = 0.5
    # Lemmas whose subject gold contents include, with no source ("Trump seemed
    # irritated", "the economics appear to be improving"): learned from training
    # (``training.train_attribution.subject_content_lemmas``), read by ``content``.
    subject_content: frozenset[str] = frozenset()
    # What the cue model and verifier read beyond the parse: word clusters
    # (``representation``) or encoder cues (``encoder_cues``).
    representation: Representation | EncoderCues | None = None
    # Whether (and with which word clusters) the verifier reads the content's head word.
    content_heads: ContentHeads | None = None
    # Share of each cue lemma's training candidates that anchored a gold cue: when present, the
    # verifier reads it with the content's shape (``features.cue_rate_features``).
    cue_rates: dict[str, float] | None = None
    # Scores each word right of a cue's anchor as the cue's or not (``border``); without
    # it the words are placed by the learned rates (``spans.settle_cue``).
    border: LinearModel | None = None
    # Whether a quotation a clause introduces with a colon is its subject's when no attribution
    # reaches it (``attributions._colon_introduced``): what cross-validation on train supports
    # for the pipeline the model was trained for.
    colon_quotes: bool = False
    # Whether a content whose last words lie inside a quotation runs on to its closing mark
    # (``attributions.run_to_closing_mark``), as cross-validation on train supports.
    close_quotations: bool = False
    # Whether a quotation naming a term or a work ("Morning Hour") stays out of the quotation
    # before it (``attributions.names_a_term``), as cross-validation on train supports.
    unlinked_names: bool = False
    # Scores cutting the rules' source mention short on either side, reading a tagger's source
    # probabilities (``source_edges``); without it the mention is the rules'.
    source_edges: LinearModel | None = None
    # Whether the verifier reads a cue or content inside a clause modifying a noun
    # (``features.relative_clause_features``).
    relative_clauses: bool = False
    # Whether the cue model and verifier read a common noun naming a person by role ("the
    # senator said") as a subject and source kind of its own (``features.ROLE_KIND``), not as
    # any noun: the features the model was trained on.
    subject_roles: bool = False
    # How often each verb and noun takes a clause in training text: when present, the verifier
    # reads them with the content's kind (``features.clause_rate_features``).
    clause_rates: ClauseRates | None = None

    def attachment_rate(self, keys) -> float:
        return first_rate(self.attached_cue_words, keys)

    def joins_cue(self, keys) -> bool:
        return self.attachment_rate(keys) >= JOIN_RATE

    @classmethod
    def from_file(cls, path: Path) -> AttributionModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path}: expected format {FORMAT!r}, found {data.get('format')!r}")
        return cls.from_dict(data, Path(path).parent)

    @classmethod
    def from_dict(cls, data: dict, directory: Path = MODEL_PATH.parent) -> AttributionModel:
        """The model of a loaded artifact; a word-cluster table it names is read from ``directory``."""
        representation = representation_from_json(data.get("representation"), directory)
        lemmas = frozenset(data["cue_lemmas"]) if data.get("cue_lemmas") else None
        return cls(
            cue=LinearModel.from_json(data["cue"]),
            content=LinearModel.from_json(data["content"]),
            attached_cue_words=dict(data["attached_cue_words"]),
            verifier=LinearModel.from_json(data["verifier"]) if data.get("verifier") else None,
            boundary=LinearModel.from_json(data["boundary"]) if data.get("boundary") else None,
            cue_lemmas=representation.candidates(lemmas) if representation else lemmas,
            representation=representation,
            candidate_threshold=data.get("candidate_threshold", 0.5),
            threshold=data.get("threshold", 0.5),
            subject_content=frozenset(data.get("subject_content_lemmas", ())),
            content_heads=ContentHeads(tuple(data["content_heads"]["granularities"]))
            if data.get("content_heads") is not None else None,
            cue_rates=dict(data["cue_rates"]) if data.get("cue_rates") is not None else None,
            border=LinearModel.from_json(data["border"]) if data.get("border") else None,
            colon_quotes=bool(data.get("colon_quotes", False)),
            close_quotations=bool(data.get("close_quotations", False)),
            unlinked_names=bool(data.get("unlinked_names", False)),
            source_edges=LinearModel.from_json(data["source_edges"]) if data.get("source_edges") else None,
            relative_clauses=bool(data.get("relative_clauses", False)),
            subject_roles=bool(data.get("subject_roles", False)),
            clause_rates=ClauseRates.from_json(data["clause_rates"]) if data.get("clause_rates") else None,
        )


def representation_from_json(data: dict | None, directory: Path):
    """The representation an artifact names: word clusters (the older artifacts' only
    kind, so the default) or encoder cues."""
    if not data:
        return None
    if data.get("kind") == EncoderCues.kind:
        return EncoderCues.from_json(data, directory)
    return Representation.from_json(data, directory)


def load_model(path: Path = MODEL_PATH) -> AttributionModel:
    """The model in ``path``, loaded once per process however the path is spelled."""
    return _load(Path(path).resolve())


# One entry per pipeline (``whosaid.pipelines``) and a spare for a model under training.
@lru_cache(maxsize=4)
def _load(path: Path) -> AttributionModel:
    if not path.exists():
        raise FileNotFoundError(
            f"attribution model {path} is missing; train it with "
            "`PYTHONPATH=. python -m training.train_attribution` (add `--pipeline accurate` for the accurate one)"
        )
    return AttributionModel.from_file(path)
