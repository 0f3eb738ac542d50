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
Beside it may sit heads for the boundary model and the verifier, reading the same
states (``encoder_boundaries``, ``encoder_verifier``).

With a fine-tuned tagger (``TunedTagger``: tuned copies of the same layers, a file
beside the model, and two heads trained with them) the cue probability is the
tagger's anchor unit instead of the frozen head's, and the tagger's per-word
none/cue/source/content probabilities (``word_tags``) are read by the content,
boundary and verifier models (``tag_features``). The boundary and verification
heads read the states they were trained on: the frozen ones (an article then runs
two forwards of the first layers, the frozen and the tuned) or, in a model trained
with ``tuned_states``, the tuned layers' own (one forward).
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

BUCKETS = 10
# With a tuned tagger, a sentence whose anchor probabilities reach this gets its frozen
# states with the first that a head reads (``EncoderCues._frozen_states``): a speed
# setting only, the states are the same either way. On 20 train articles the heads
# needed 8,801 frozen rows: one sentence at a time they took 295 forwards and the stage
# 5.5 CPU s; with a hint of 0.05, 11,721 rows in 23 forwards (4.1 s); 0.15, 9,899 in 30
# (3.8 s); 0.3, 9,383 in 68 (3.7 s); 0.5, 9,078 in 111 (4.4 s).
STATE_HINT = 0.25


def bucket(probability: float, name: str = "enc") -> str:
    """The feature a head's probability is read as: ``name=0`` ... ``name=9``."""
    return name + "=" + str(min(int(probability * BUCKETS), BUCKETS - 1))


@dataclass(frozen=True, slots=True)
class CueHead:
    """A small classifier over a standardised encoder state of one layer: a logistic
    regression, or with ``hidden`` weights one ReLU layer before it (an MLP), which can
    read combinations of dimensions a linear head cannot."""

    layer: int
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    hidden: np.ndarray | None = None  # (width, units)
    hidden_bias: np.ndarray | None = None

    def probabilities(self, states: np.ndarray) -> np.ndarray:
        """The probability of each row of ``states`` (n, width) anchoring a cue."""
        values = (states - self.mean) / self.scale
        if self.hidden is not None:
            values = np.maximum(values @ self.hidden + self.hidden_bias, 0.0)
        score = values @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-score))

    def to_json(self) -> dict:
        data = {"layer": self.layer, "mean": _rounded(self.mean), "scale": _rounded(self.scale),
                "weights": _rounded(self.weights), "intercept": round(float(self.intercept), 6)}
        if self.hidden is not None:
            data["hidden"] = [_rounded(row) for row in self.hidden]
            data["hidden_bias"] = _rounded(self.hidden_bias)
        return data

    @classmethod
    def from_json(cls, data: dict) -> CueHead:
        hidden = {}
        if data.get("hidden") is not None:
            hidden = {"hidden": np.asarray(data["hidden"], dtype=np.float32),
                      "hidden_bias": np.asarray(data["hidden_bias"], dtype=np.float32)}
        return cls(layer=int(data["layer"]), mean=np.asarray(data["mean"], dtype=np.float32),
                   scale=np.asarray(data["scale"], dtype=np.float32),
                   weights=np.asarray(data["weights"], dtype=np.float32), intercept=float(data["intercept"]),
                   **hidden)


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]


@dataclass(frozen=True, slots=True)
class TunedTagger:
    """Fine-tuned encoder layers (``training/finetune_encoder.py``; a float16 file beside
    the model, checked against ``sha256`` and, by ``Encoder.load``, against the installed
    base weights) and the two heads trained with them on the last tuned layer's
    first-subword state of each word: the tags (none, cue, source, content; a softmax)
    and the anchor unit (whether the word anchors a cue; a logistic unit)."""

    path: Path
    sha256: str
    depth: int
    tag_weights: np.ndarray  # (4, width)
    tag_bias: np.ndarray  # (4,)
    anchor_weights: np.ndarray  # (width,)
    anchor_bias: float

    def read(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(tag probabilities (n, 4), anchor probabilities (n,)) of words' states (n, width)."""
        logits = states @ self.tag_weights.T + self.tag_bias
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        anchor = 1.0 / (1.0 + np.exp(-(states @ self.anchor_weights + self.anchor_bias)))
        return logits, anchor

    def to_json(self) -> dict:
        return {"layers": self.path.name, "sha256": self.sha256, "depth": self.depth,
                "tags": {"weights": [_rounded(row) for row in self.tag_weights], "bias": _rounded(self.tag_bias)},
                "anchor": {"weights": _rounded(self.anchor_weights), "bias": round(float(self.anchor_bias), 6)}}

    @classmethod
    def from_json(cls, data: dict, directory: Path) -> TunedTagger:
        return cls(path=Path(directory) / data["layers"], sha256=data["sha256"], depth=int(data["depth"]),
                   tag_weights=np.asarray(data["tags"]["weights"], dtype=np.float32),
                   tag_bias=np.asarray(data["tags"]["bias"], dtype=np.float32),
                   anchor_weights=np.asarray(data["anchor"]["weights"], dtype=np.float32),
                   anchor_bias=float(data["anchor"]["bias"]))


class _ArticleTags:
    """An article's tag probabilities (tokens x 4, NaN for a word without subwords),
    indexed as an array: each sentence indexed is run through the tuned layers (on its
    own, once per article) when first read."""

    def __init__(self, cues: EncoderCues, doc: Doc):
        self.cues, self.doc = cues, doc

    def __getitem__(self, key):
        rows = key[0] if isinstance(key, tuple) else key
        rows = np.atleast_1d(np.arange(len(self.doc))[rows])
        self.cues._known(self.doc)
        if len(rows):
            self.cues.probabilities(self.doc, rows.tolist())
        return self.cues._local.tags[key]

    def __len__(self) -> int:
        return len(self.doc)


@dataclass(slots=True)
class EncoderCues:
    """The representation a model trained with encoder cues reads (``AttributionModel.representation``).

    The sentences holding a candidate the cue decision reads (``cue.cue_evidence`` keeps
    none that could not reach the candidate threshold whatever the head said) are
    encoded together before it reads them (``prepare``), any other sentence a head
    reads when it first does; the probabilities of the article last read are kept
    (only while its ``Doc`` lives), one article per thread, so threads that share the
    model (the dashboard's server) never read each other's.
    """

    head: CueHead
    # The verifier reads the anchor's bucket too.
    verifier: bool = False
    # A head on the states around a content cut, read by the boundary model (``encoder_boundaries``).
    boundary: CueHead | None = None
    # A head on the states of a whole candidate's words, read by the verifier (``encoder_verifier``).
    verification: CueHead | None = None
    # Fine-tuned layers whose anchor unit replaces ``head`` and whose tags the span decisions read.
    tuned: TunedTagger | None = None
    # With ``tuned``: the boundary and verification heads read the tuned layers' states of
    # the forward that gives the tags, not a second, frozen forward.
    tuned_states: bool = False
    # The heads' and the tagger's probabilities are read by the span decisions and the verifier
    # shared between neighbouring buckets instead of in one (``levels``).
    smooth: bool = False
    _local: threading.local = field(default_factory=threading.local, repr=False, compare=False)

    kind = "encoder-cues"

    def _known(self, doc: Doc) -> dict[int, float]:
        """The probabilities read so far of ``doc``'s tokens, in this thread."""
        local = self._local
        if getattr(local, "doc", None) is None or local.doc() is not doc:
            local.doc, local.probability, local.states, local.encoded = weakref.ref(doc), {}, {}, set()
            local.tags = np.full((len(doc), 4), np.nan, dtype=np.float32) if self.tuned is not None else None
            local.frozen = set()  # sentences whose frozen states are known, with a tuned tagger
        return local.probability

    def probabilities(self, doc: Doc, indices: list[int]) -> dict[int, float]:
        """The head's probability for every token of the sentences holding ``indices``,
        each sentence encoded on its own (once per article) and all of them in one
        packed forward (``Encoder.word_states_many``)."""
        known = self._known(doc)
        sents = {}
        for i in indices:
            sent = doc[i].sent
            sents.setdefault(sent.start, sent)
        encoded = self._local.encoded
        missing = [sent for start, sent in sents.items() if start not in encoded]
        if missing:
            known.update(self.sentences_probabilities(missing))
            encoded.update(sent.start for sent in missing)
        return {j: known[j] for sent in sents.values() for j in range(sent.start, sent.end) if j in known}

    def prepare(self, doc: Doc, indices: list[int]) -> None:
        """Encode at once the sentences of the candidates the cue decision is about to read
        (``cue.cue_evidence``), rather than one forward per sentence as it reads them."""
        self.probabilities(doc, indices)

    def sentences_probabilities(self, sents: list) -> dict[int, float]:
        """The head's probability for every token of sentences of one article, by token
        index, each sentence encoded on its own (with a tuned tagger: its anchor unit's,
        the sentences' tags kept for ``word_tags``)."""
        if self.tuned is not None:
            return self._tuned_probabilities(sents)
        encoder = load_encoder()
        # One BLAS thread: ingest scales with worker processes, and threads of one
        # worker stall each other on a busy machine (docs/encoder.md).
        with blas_controller().limit(limits=1, user_api="blas"):
            rows = encoder.word_states_many(sents, layers=(self.head.layer,))
        self._known(sents[0].doc)
        found: dict[int, float] = {}
        for sent, states in zip(sents, rows):
            states = states[0]
            # The boundary head reads the same states of the cut's words later.
            self._local.states.update(zip(range(sent.start, sent.end), states))
            found.update(zip(range(sent.start, sent.end), self.head.probabilities(states).tolist()))
        return found

    def _tuned_probabilities(self, sents: list) -> dict[int, float]:
        with blas_controller().limit(limits=1, user_api="blas"):
            tags, anchor, states = self._tuned_read(sents)
        self._known(sents[0].doc)
        for sent in sents:
            self._local.tags[sent.start:sent.end] = tags[sent.start:sent.end]
        if self.tuned_states:
            self._local.states.update(states)
        return anchor

    def _frozen_states(self, doc: Doc, i: int) -> None:
        """With a tuned tagger, the frozen states the boundary and verification heads read:
        token ``i``'s sentence and, in the same packed forward, every sentence read so far
        where the anchor unit gives some word ``STATE_HINT`` or more (where the candidates
        whose words those heads read come from). Which sentences share a forward changes
        no state (``Encoder.word_states_many``), only how many forwards run."""
        local = self._local
        sents = {doc[i].sent.start: doc[i].sent}
        for j, probability in local.probability.items():
            if probability >= STATE_HINT:
                sent = doc[j].sent
                sents.setdefault(sent.start, sent)
        missing = [sent for start, sent in sorted(sents.items()) if start not in local.frozen]
        with blas_controller().limit(limits=1, user_api="blas"):
            rows = load_encoder().word_states_many(missing, layers=(self.head.layer,))
        for sent, states in zip(missing, rows):
            local.states.update(zip(range(sent.start, sent.end), states[0]))
            local.frozen.add(sent.start)

    def _tuned_read(self, sents: list) -> tuple[np.ndarray, dict[int, float], dict[int, np.ndarray]]:
        """The tuned layers' tags (an article-wide array, filled for ``sents`` only), anchor
        probabilities and first-subword states (both by token index) of sentences
        (``tuned_word_states``)."""
        tagger = self.tuned
        tags = np.full((len(sents[0].doc), 4), np.nan, dtype=np.float32)
        anchor: dict[int, float] = {}
        states: dict[int, np.ndarray] = {}
        for words, word_states in tuned_word_states(tagger, sents):
            word_tags, word_anchor = tagger.read(word_states)
            tags[words] = word_tags
            anchor.update(zip(words.tolist(), word_anchor.tolist()))
            states.update(zip(words.tolist(), word_states))
        return tags, anchor, states

    def probability(self, token: Token) -> float:
        known = self._known(token.doc)
        if token.i not in known:
            known.update(self.probabilities(token.doc, [token.i]))
        return known[token.i]

    def state(self, doc: Doc, i: int) -> np.ndarray | None:
        """Token ``i``'s state at the head's layer, its sentence encoded on its own (once per
        article); None for a word the heads do not read (``encoder_boundaries.has_state``)."""
        from .encoder_boundaries import has_state

        if not has_state(doc, i):
            return None
        self._known(doc)
        states = self._local.states
        if i not in states:
            if self.tuned is None or self.tuned_states:
                self.probabilities(doc, [i])
            else:
                self._frozen_states(doc, i)
        return states.get(i)

    def word_tags(self, doc: Doc):
        """Per-word none/cue/source/content probabilities of a tagger (tokens x 4, indexed
        as an array), or None where the representation has no tagger (``tag_features``)."""
        if self.tuned is None:
            return None
        self._known(doc)
        return _ArticleTags(self, doc)

    def cut_tag_features(self, cut, anchor: Token) -> list[str]:
        tags = self.word_tags(anchor.doc)
        if tags is None:
            return []
        from . import tag_features

        return tag_features.cut_features(tags, cut, anchor.doc, self.smooth)

    def child_features(self, child: Token) -> list[str]:
        """The tagger's view of a cue's child phrase, for the content model (none without a tagger)."""
        tags = self.word_tags(child.doc)
        if tags is None:
            return []
        from . import tag_features

        return tag_features.child_features(tags, child, self.smooth)

    def boundary_features(self, cut, anchor: Token) -> list[str]:
        """The boundary head's bucket for a content cut (none without a boundary head), and
        the tagger's view of it."""
        if self.boundary is None:
            return self.cut_tag_features(cut, anchor)
        from .encoder_boundaries import bucket_features, cut_input

        doc = anchor.doc
        inputs = cut_input(cut, anchor, lambda i: self.state(doc, i), len(self.head.mean))
        return bucket_features(_probability(self.boundary, *inputs), cut.op, self.smooth) \
            + self.cut_tag_features(cut, anchor)

    def candidate_features(self, candidate) -> list[str]:
        """The verification head's bucket for a whole candidate (none without the head), and
        the tagger's view of it."""
        doc = candidate.anchor.doc
        tags = self.word_tags(doc)
        found = []
        if tags is not None:
            from . import tag_features

            found = tag_features.candidate_features(tags, candidate, self.smooth)
        if self.verification is None:
            return found
        from .encoder_verifier import bucket_features, candidate_input

        inputs = candidate_input(candidate, lambda i: self.state(doc, i), len(self.head.mean))
        return bucket_features(_probability(self.verification, *inputs), self.smooth) + found

    def with_heads(self, **heads) -> EncoderCues:
        """These cues with other heads for the boundary model or the verifier (``boundary=``,
        ``verification=``)."""
        kept = {"boundary": self.boundary, "verification": self.verification}
        return EncoderCues(head=self.head, verifier=self.verifier, tuned=self.tuned, tuned_states=self.tuned_states,
                           smooth=self.smooth, **(kept | heads))

    def ceiling(self, cue_model) -> float:
        """The most the one bucket feature may add to a cue score under ``cue_model``."""
        return max(0.0, *(cue_model.weights.get(f"enc={k}", 0.0) for k in range(BUCKETS)))

    def cue_features(self, token: Token) -> list[str]:
        return [bucket(self.probability(token))]

    def verifier_features(self, token: Token) -> list[str]:
        if not self.verifier:
            return []
        from .levels import levelled

        return levelled(self.probability(token), BUCKETS, self.smooth, ("venc=", ""))

    def candidates(self, lemmas):
        return lemmas

    def to_json(self) -> dict:
        data = {"kind": self.kind, "head": self.head.to_json(), "verifier": self.verifier}
        for name in ("boundary", "verification", "tuned"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name).to_json()
        if self.tuned_states and self.tuned is not None:
            # (Training's cross-validation keeps out-of-fold states in a representation without layers.)
            data["tuned_states"] = True
        if self.smooth:
            data["smooth"] = True
        return data

    @classmethod
    def from_json(cls, data: dict, directory: Path | None = None) -> EncoderCues:
        """``directory``: where a tuned tagger's layer file lies (the model's own folder)."""
        heads = {name: CueHead.from_json(data[name]) for name in ("boundary", "verification") if data.get(name)}
        if data.get("tuned"):
            if directory is None:
                raise ValueError("a model with a tuned tagger needs the folder of its layer file")
            heads["tuned"] = TunedTagger.from_json(data["tuned"], directory)
        if data.get("tuned_states") and "tuned" not in heads:
            raise ValueError("heads that read tuned states need the tuned layers")
        return cls(head=CueHead.from_json(data["head"]), verifier=data.get("verifier", False),
                   tuned_states=bool(data.get("tuned_states", False)), smooth=bool(data.get("smooth", False)),
                   **heads)


_ENCODER = None
_TUNED_ENCODERS: dict = {}
_CONTROLLER = None


def _probability(head: CueHead, vector: np.ndarray, present: np.ndarray) -> float:
    """A head's probability for one input of stacked word states, absent words read as its mean."""
    from .encoder_boundaries import fill_missing

    return float(head.probabilities(fill_missing(vector, present, head.mean)[None, :])[0])


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


def tuned_word_states(tagger: TunedTagger, sents: list):
    """(token indices, their first-subword states at the tagger's last layer) of each
    sentence, each encoded on its own and all of them in one packed forward, a sentence
    longer than one window cut into pieces as training cut it (``load_tuned_encoder``); a
    sentence without subwords gives nothing. What inference reads and what training's
    tuned states (``training/encoder_cues.py``) are made of."""
    encoder = load_tuned_encoder(tagger)
    texts = [[t.text for t in sent] for sent in sents]
    for sent, sub in zip(sents, encoder.subword_states_many(texts, layers=(tagger.depth,))):
        if not len(sub.ids):
            continue
        starts = np.flatnonzero(np.r_[True, sub.word_of[1:] != sub.word_of[:-1]])
        yield sent.start + sub.word_of[starts], sub.states[0, starts]


def load_tuned_encoder(tagger: TunedTagger):
    """The encoder with ``tagger``'s tuned layers, loaded once per process. Its file must be
    the one the model was trained with (``tagger.sha256``). A sentence longer than one
    window runs in pieces that do not overlap, as training cut it
    (``training/export_token_tags.py``)."""
    key = (str(tagger.path), tagger.sha256)
    if key not in _TUNED_ENCODERS:
        from ..encoder import Encoder

        try:
            digest = hashlib.sha256(tagger.path.read_bytes()).hexdigest()
        except OSError as error:
            raise FileNotFoundError(f"the tuned encoder layers {tagger.path} are missing: {error}") from error
        if digest != tagger.sha256:
            raise ValueError(f"{tagger.path} has sha256 {digest}, but the model was trained with {tagger.sha256}")
        encoder = Encoder.load(tuned=tagger.path, window=256, overlap=0)
        # Only the tuned layers run, and the embeddings are the installed ones, which the
        # frozen encoder holds already: about 70 MB less in every worker.
        encoder.bert.layers = encoder.bert.layers[:tagger.depth]
        encoder.bert.words = load_encoder().bert.words
        _TUNED_ENCODERS[key] = encoder
    return _TUNED_ENCODERS[key]
