"""Encoder cues: a cue feature read from a transformer's view of the word in its sentence.

The cue model knows a word by its identity and its parse, so a cue word rare or
absent in training ("lamented", "bristled") has little weight of its own. A
small logistic-regression head reads the candidate's frozen state at one
middle layer of all-MiniLM-L6-v2 (``whosaid.encoder``; three layers cost half
the model) and gives the probability that the word anchors a cue; the cue model
reads that probability in ten buckets (``enc=0`` ... ``enc=9``) beside its own
features, and learns in training (from out-of-fold probabilities) how far to
trust it. Each sentence holding a candidate is encoded on its own, as in
training. The head is 386 numbers stored in the attribution model's JSON.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Token

from .features import UNKNOWN_PREFIX

BUCKETS = 10


def bucket(probability: float) -> str:
    return "enc=" + str(min(int(probability * BUCKETS), BUCKETS - 1))


@dataclass(frozen=True, slots=True)
class CueHead:
    """A logistic regression over a standardised encoder state of one layer."""

    layer: int
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float

    def probabilities(self, states: np.ndarray) -> np.ndarray:
        """The probability of each row of ``states`` (n, width) anchoring a cue."""
        score = ((states - self.mean) / self.scale) @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-score))

    def to_json(self) -> dict:
        return {"layer": self.layer, "mean": _rounded(self.mean), "scale": _rounded(self.scale),
                "weights": _rounded(self.weights), "intercept": round(float(self.intercept), 6)}

    @classmethod
    def from_json(cls, data: dict) -> CueHead:
        return cls(layer=int(data["layer"]), mean=np.asarray(data["mean"], dtype=np.float32),
                   scale=np.asarray(data["scale"], dtype=np.float32),
                   weights=np.asarray(data["weights"], dtype=np.float32), intercept=float(data["intercept"]))


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


@dataclass(slots=True)
class EncoderCues:
    """The representation a model trained with encoder cues reads (``AttributionModel.representation``).

    A sentence is encoded when the cue decision first reads one of its candidates
    (``cue.read_cue`` reads none that could not reach the candidate threshold
    whatever the head said); the probabilities of the article last read are kept
    (only while its ``Doc`` lives), one article per thread, so threads that share the
    model (the dashboard's server) never read each other's.
    """

    head: CueHead
    # The verifier reads the anchor's bucket too.
    verifier: bool = False
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    kind = "encoder-cues"

    def _known(self, doc: Doc) -> dict[int, float]:
        """The probabilities read so far of ``doc``'s tokens, in this thread."""
        local = self._local
        if getattr(local, "doc", None) is None or local.doc() is not doc:
            local.doc, local.probability = weakref.ref(doc), {}
        return local.probability

    def probabilities(self, doc: Doc, indices: list[int]) -> dict[int, float]:
        """The head's probability for every token of the sentences holding ``indices``,
        each sentence encoded on its own."""
        found: dict[int, float] = {}
        for i in indices:
            if i not in found:
                found.update(self.sentence_probabilities(doc[i].sent))
        return found

    def sentence_probabilities(self, sent) -> dict[int, float]:
        """The head's probability for every token of one sentence, by token index."""
        encoder = load_encoder()
        # One BLAS thread: ingest scales with worker processes, and threads of one
        # worker stall each other on a busy machine (docs/encoder.md).
        with blas_controller().limit(limits=1, user_api="blas"):
            states = encoder.word_states(sent, layers=(self.head.layer,))[0]
        return dict(zip(range(sent.start, sent.end), self.head.probabilities(states).tolist()))

    def probability(self, token: Token) -> float:
        known = self._known(token.doc)
        if token.i not in known:
            known.update(self.probabilities(token.doc, [token.i]))
        return known[token.i]

    def ceiling(self, cue_model, unknown: bool = False) -> float:
        """The most the bucket feature (with its unknown-lemma twin when ``unknown``, see
        ``cue.representation_features``) may add to a cue score under ``cue_model``."""
        weights = cue_model.weights
        return max(0.0, *(weights.get(f"enc={k}", 0.0) + (weights.get(UNKNOWN_PREFIX + f"enc={k}", 0.0) if unknown else 0.0)
                          for k in range(BUCKETS)))

    def cue_features(self, token: Token) -> list[str]:
        return [bucket(self.probability(token))]

    def verifier_features(self, token: Token) -> list[str]:
        if not self.verifier:
            return []
        return ["v" + bucket(self.probability(token))]

    def candidates(self, lemmas):
        return lemmas

    def to_json(self) -> dict:
        return {"kind": self.kind, "head": self.head.to_json(), "verifier": self.verifier}

    @classmethod
    def from_json(cls, data: dict) -> EncoderCues:
        return cls(head=CueHead.from_json(data["head"]), verifier=data.get("verifier", False))


_ENCODER = None
_CONTROLLER = None


def blas_controller():
    """threadpoolctl's view of the BLAS libraries, found once per process (finding them is
    the slow part of limiting their threads)."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER


def load_encoder():
    """The installed encoder, loaded once per process (``whosaid.encoder``)."""
    global _ENCODER
    if _ENCODER is None:
        from ..encoder import Encoder

        _ENCODER = Encoder.load()
    return _ENCODER
