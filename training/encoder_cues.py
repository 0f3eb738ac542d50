"""Encoder cues for training: frozen encoder states of train's candidate words, the cue
head fitted on them, and out-of-fold probabilities for the cue model to learn from.

Every content word and colon of an article (``candidate_indices`` without a lemma
filter) gets its first-subword state at one layer, its sentence encoded on its own
(``whosaid.attribute.encoder_cues``). States are cached per article under
``.cache/encoder-states/`` (float16), so a second training run only fits.

The head is a logistic regression on standardised states, labelled as the cue model
is (the token anchoring a gold cue). The cue model must learn how far to trust the
head on articles the head did not learn from, as at inference; so on train every
article gets the probability of a head fitted on the folds it is not in
(``FOLDS`` folds, article ``i`` in fold ``i % FOLDS``), and the shipped head is
fitted on all of train.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

from whosaid.attribute.candidates import candidate_indices
from whosaid.attribute.encoder_cues import CueHead, EncoderCues, TunedTagger
from whosaid.attribute.tokens import anchor_of, span_tokens

CACHE = Path(".cache") / "encoder-states"
FOLDS = 5
HEAD_C = 0.1  # the probe's setting (docs/encoder.md)
HIDDEN_ALPHA = 1e-3  # L2 of an MLP head


def _key(doc, layer: int) -> str:
    starts = ",".join(str(s.start) for s in doc.sents)
    return hashlib.sha1(f"{layer}\n{starts}\n{doc.text}".encode()).hexdigest()[:24]


def _encode_one(args) -> tuple[np.ndarray, np.ndarray]:
    doc, layer = args
    from threadpoolctl import threadpool_limits

    from whosaid.attribute.encoder_cues import load_encoder

    encoder = load_encoder()
    ids = np.asarray(candidate_indices(doc, None), dtype=np.int32)
    states = np.zeros((len(ids), encoder.width), dtype=np.float16)
    wanted = set(ids.tolist())
    where = {int(i): m for m, i in enumerate(ids)}
    with threadpool_limits(limits=1, user_api="blas"):
        for sent in doc.sents:
            inside = [i for i in range(sent.start, sent.end) if i in wanted]
            if inside:
                rows = encoder.word_states(sent, layers=(layer,))[0]
                for i in inside:
                    states[where[i]] = rows[i - sent.start]
    return ids, states


_DOCS: list = []


def _encode_index(job) -> tuple[int, np.ndarray, np.ndarray]:
    index, layer = job
    return (index, *_encode_one((_DOCS[index], layer)))


class _InProcess:
    """A pool of one: the encoding runs here."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    @staticmethod
    def imap_unordered(function, jobs):
        return map(function, jobs)


def encoder_states(docs, layer: int = 3, workers: int = 2, cache: Path = CACHE, log=print):
    """Per article: (candidate token indices, their float16 states at ``layer``)."""
    global _DOCS
    out: list = [None] * len(docs)
    todo = []
    for k, doc in enumerate(docs):
        path = cache / f"{_key(doc, layer)}.npz"
        if path.exists():
            with np.load(path) as data:
                out[k] = (data["ids"], data["states"])
        else:
            todo.append(k)
    if not todo:
        return out
    cache.mkdir(parents=True, exist_ok=True)
    started, words = time.time(), 0
    _DOCS = docs  # forked workers read the parses from the parent's memory
    jobs = [(k, layer) for k in todo]
    with (multiprocessing.get_context("fork").Pool(workers) if workers > 1 else _InProcess()) as pool:
        for n, (k, ids, states) in enumerate(pool.imap_unordered(_encode_index, jobs)):
            np.savez(cache / f"{_key(docs[k], layer)}.npz", ids=ids, states=states)
            out[k] = (ids, states)
            words += len(docs[k])
            if n % 50 == 49 or n == len(todo) - 1:
                log(f"  encoded {n + 1}/{len(todo)} articles, {words:,} tokens, "
                    f"{words / (time.time() - started):.0f} tokens/s")
    _DOCS = []
    return out


def cue_anchors(article, doc) -> set[int]:
    found = set()
    for attribution in article["attributions"]:
        anchor = anchor_of(span_tokens(doc, attribution["cue"]))
        if anchor is not None:
            found.add(anchor.i)
    return found


def fit_head(states: np.ndarray, labels: np.ndarray, layer: int, c: float = HEAD_C, hidden: int = 0) -> CueHead:
    """A logistic regression on standardised ``states`` (inverse L2 strength ``c``), or with
    ``hidden`` units an MLP of one ReLU layer (L2 ``HIDDEN_ALPHA``, early stopping on a
    tenth of the rows, seeded)."""
    states = states.astype(np.float32)
    mean = states.mean(axis=0)
    scale = states.std(axis=0) + 1e-6
    standard = (states - mean) / scale
    if hidden:
        model = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=HIDDEN_ALPHA, early_stopping=True,
                              max_iter=50, random_state=0)
        model.fit(standard, labels)
        return CueHead(layer=layer, mean=mean, scale=scale, weights=model.coefs_[1][:, 0].astype(np.float32),
                       intercept=float(model.intercepts_[1][0]), hidden=model.coefs_[0].astype(np.float32),
                       hidden_bias=model.intercepts_[0].astype(np.float32))
    model = LogisticRegression(C=c, max_iter=500, random_state=0)
    model.fit(standard, labels)
    return CueHead(layer=layer, mean=mean, scale=scale, weights=model.coef_[0].astype(np.float32),
                   intercept=float(model.intercept_[0]))


class OutOfFoldCues(EncoderCues):
    """Encoder cues whose probabilities on training articles were computed beforehand:
    each by a head that never saw its article (``out_of_fold``)."""

    __slots__ = ("table", "states", "tags")

    def __init__(self, head: CueHead, table: dict[int, dict[int, float]], verifier: bool = False,
                 states: dict | None = None, boundary: CueHead | None = None, verification: CueHead | None = None,
                 tags: dict | None = None, tuned: TunedTagger | None = None, tuned_states: bool = False):
        super().__init__(head=head, verifier=verifier, boundary=boundary, verification=verification, tuned=tuned,
                         tuned_states=tuned_states)
        self.table = table  # id(doc) -> token index -> probability
        self.states = states if states is not None else {}  # id(doc) -> (token index -> row, states)
        self.tags = tags  # id(doc) -> tokens x 4 tag probabilities (``tuned_tag_table``), or None

    def word_tags(self, doc):
        return None if self.tags is None else self.tags[id(doc)]

    def sentences_probabilities(self, sents):
        known = self.table[id(sents[0].doc)]
        return {i: known[i] for sent in sents for i in range(sent.start, sent.end) if i in known}

    def state(self, doc, i: int):
        rows, states = self.states.get(id(doc), ({}, None))
        row = rows.get(i)
        return None if row is None else states[row].astype(np.float32)

    def with_heads(self, **heads) -> OutOfFoldCues:
        kept = {"boundary": self.boundary, "verification": self.verification}
        return OutOfFoldCues(self.head, self.table, self.verifier, self.states, tags=self.tags, tuned=self.tuned,
                             tuned_states=self.tuned_states, **(kept | heads))


def out_of_fold(articles, docs, layer: int = 3, c: float = HEAD_C, folds: int = FOLDS, log=print,
                cache: Path = CACHE, workers: int = 2, verifier: bool = False, hidden: int = 0):
    """(the head fitted on all ``docs``, a representation giving each article the
    probabilities of a head fitted on the folds it is not in)."""
    per_doc = encoder_states(docs, layer, workers, cache, log)
    labels = []
    for article, doc, (ids, _) in zip(articles, docs, per_doc):
        gold = cue_anchors(article, doc)
        labels.append(np.array([int(i) in gold for i in ids.tolist()], dtype=np.int8))
    table: dict[int, dict[int, float]] = {}
    started = time.time()
    for fold in range(folds):
        fitted = [k for k in range(len(docs)) if k % folds != fold]
        head = fit_head(np.concatenate([per_doc[k][1] for k in fitted]),
                        np.concatenate([labels[k] for k in fitted]), layer, c, hidden)
        for k in range(fold, len(docs), folds):
            ids, states = per_doc[k]
            table[id(docs[k])] = dict(zip(ids.tolist(), head.probabilities(states.astype(np.float32)).tolist()))
        log(f"  encoder head, fold {fold + 1}/{folds} ({time.time() - started:.0f}s)")
    head = fit_head(np.concatenate([s for _, s in per_doc]), np.concatenate(labels), layer, c, hidden)
    states = {id(doc): (dict(zip(ids.tolist(), range(len(ids)))), rows) for doc, (ids, rows) in zip(docs, per_doc)}
    return head, OutOfFoldCues(head, table, verifier, states)


def oof_head(inputs: np.ndarray, present: np.ndarray, labels: np.ndarray, groups: np.ndarray,
                  layer: int, c: float = HEAD_C, folds: int = FOLDS, log=print, hidden: int = 0):
    """(a head fitted on all rows, each row's probability from a head fitted on the articles of
    the other ``folds - 1`` folds). ``inputs``: states side by side (of the words around a
    cut: ``encoder_boundaries.cut_input``; of a candidate's: ``encoder_verifier``),
    ``present``: which words had a state, ``groups``: the article each row belongs to (its
    fold is ``group % folds``)."""
    inputs = _filled(inputs, present)
    probabilities = np.zeros(len(labels))
    started = time.time()
    for fold in range(folds):
        held = groups % folds == fold
        head = fit_head(inputs[~held], labels[~held], layer, c, hidden)
        probabilities[held] = head.probabilities(inputs[held])
        log(f"  encoder head, fold {fold + 1}/{folds} ({time.time() - started:.0f}s)")
    log(f"  encoder head: out-of-fold ROC AUC {roc_auc_score(labels, probabilities):.3f} on "
        f"{len(labels):,} rows ({present.all(axis=1).mean():.0%} with all {present.shape[1]} states)")
    return fit_head(inputs, labels, layer, c, hidden), probabilities


def _filled(inputs: np.ndarray, present: np.ndarray) -> np.ndarray:
    """``inputs`` with each absent word's block set to the mean of the present ones, as
    inference stands the head's mean in for a word without a state."""
    width = inputs.shape[1] // present.shape[1]
    for k in range(present.shape[1]):
        block = slice(k * width, (k + 1) * width)
        if present[:, k].any():
            inputs[~present[:, k], block] = inputs[present[:, k], block].mean(axis=0)
    return inputs


def _held_out_rows(rows_path: Path, runs: list[Path], docs, predictions_of):
    """(row, its words' predictions) for every row of ``rows_path`` (export_token_tags),
    each from the run that did not train on the row's article; ``predictions_of(npz)``
    picks the array of a run's ``predictions.npz``. Checks that the rows are the docs'
    and that the runs read every article between them."""
    import json

    with open(rows_path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if max(r["article"] for r in rows) + 1 != len(docs):
        raise ValueError(f"{rows_path} holds {max(r['article'] for r in rows) + 1} articles, not {len(docs)}")
    covered = set()
    for run in runs:
        half = json.loads((Path(run) / "head.json").read_text(encoding="utf-8"))["settings"]["train_half"]
        with np.load(Path(run) / "predictions.npz") as predictions:
            values = predictions_of(predictions)
        held = [row for row in rows if row["article"] % 2 != half]
        if sum(len(row["tags"]) for row in held) != len(values):
            raise ValueError(f"{run}'s predictions do not line up with {rows_path}")
        n = 0
        for row in held:
            covered.add(row["article"])
            size = len(row["tags"])
            yield row, values[n:n + size]
            n += size
    if len(covered) != len(docs):
        raise ValueError(f"the runs read {len(covered)} of {len(docs)} articles: give one run per half")


def tuned_cue_table(rows_path: Path, runs: list[Path], docs, column: str = "anchor") -> dict[int, dict[int, float]]:
    """id(doc) -> cue candidate index -> probability from a fine-tuned encoder
    (``training/finetune_encoder.py``), each article read by the run that did not train on
    it (``runs``: one per half of the articles). ``column``: the run's anchor head
    (``anchor``) or its cue tag (``cue``). For comparing the tuned cue probability with the
    frozen head's in cross-validation (``train_attribution --tuned-cues``)."""
    def predictions_of(npz):
        return npz["anchor"] if column == "anchor" else npz["probabilities"][:, 1]

    candidates = [set(candidate_indices(doc, None)) for doc in docs]
    table: dict[int, dict[int, float]] = {id(doc): {} for doc in docs}
    for row, values in _held_out_rows(rows_path, runs, docs, predictions_of):
        doc = docs[row["article"]]
        for word, value in enumerate(values):
            i = row["start"] + word
            if i in candidates[row["article"]] and not np.isnan(value):
                table[id(doc)][i] = float(value)
    return table


def tuned_tag_table(rows_path: Path, runs: list[Path], docs) -> dict[int, np.ndarray]:
    """id(doc) -> (tokens x 4) none/cue/source/content probabilities from a fine-tuned
    encoder's tag head, each article read by the run that did not train on it (``runs``:
    one per half of the articles); NaN for a token no row holds or the tagger gave nothing.
    For the tag features of ``whosaid.attribute.tag_features`` in cross-validation
    (``train_attribution --tuned-tags``)."""
    table = {id(doc): np.full((len(doc), 4), np.nan, dtype=np.float32) for doc in docs}
    for row, values in _held_out_rows(rows_path, runs, docs, lambda npz: npz["probabilities"]):
        table[id(docs[row["article"]])][row["start"]:row["start"] + len(values)] = values
    return table


def tuned_tagger(run: Path, directory: Path | None = None, name: str | None = None) -> TunedTagger:
    """The tagger of a fine-tuning run (``training/finetune_encoder.py``, its
    ``layers.safetensors`` and ``head.json``) as a model ships it: the layer file copied
    to ``directory / name``, beside the model that names it; without ``directory``, read
    where the run wrote it."""
    import json
    import shutil

    run = Path(run)
    head = json.loads((run / "head.json").read_text(encoding="utf-8"))
    target = run / "layers.safetensors"
    if directory is not None:
        target = Path(directory) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(run / "layers.safetensors", target)
    return TunedTagger(path=target, sha256=hashlib.sha256(target.read_bytes()).hexdigest(), depth=int(head["layer"]),
                       tag_weights=np.asarray(head["weights"], dtype=np.float32),
                       tag_bias=np.asarray(head["bias"], dtype=np.float32),
                       anchor_weights=np.asarray(head["anchor"]["weights"], dtype=np.float32),
                       anchor_bias=float(head["anchor"]["bias"]))


TUNED_STATES_CACHE = Path(".cache") / "tuned-states"


def tuned_states(docs, runs: list[Path], cache: Path = TUNED_STATES_CACHE, log=print) -> dict:
    """id(doc) -> (token index -> row, float16 states): the tuned layers' first-subword
    states of each article's content words and colons (the words the boundary and
    verification heads read), computed as inference computes them
    (``encoder_cues.tuned_word_states``), each article by the run of ``runs`` (one per half
    of train) that did not train on it, as its anchor probabilities and tags
    (``tuned_cue_table``). ``docs`` are train's, in order (article ``k`` is in half
    ``k % 2``). Cached per article and run under ``cache``."""
    import json

    from threadpoolctl import threadpool_limits

    from whosaid.attribute.encoder_cues import tuned_word_states

    by_half = {}
    for run in runs:
        half = json.loads((Path(run) / "head.json").read_text(encoding="utf-8"))["settings"]["train_half"]
        by_half[half] = tuned_tagger(run)
    if set(by_half) != {0, 1}:
        raise ValueError(f"give one run per half of train, not halves {sorted(by_half)}")
    cache.mkdir(parents=True, exist_ok=True)
    out, started, encoded = {}, time.time(), 0
    for k, doc in enumerate(docs):
        tagger = by_half[1 - k % 2]
        path = cache / f"{tagger.sha256[:12]}-{_key(doc, tagger.depth)}.npz"
        if path.exists():
            with np.load(path) as data:
                ids, states = data["ids"], data["states"]
        else:
            ids = np.asarray(candidate_indices(doc, None), dtype=np.int32)
            wanted = set(ids.tolist())
            sents = [sent for sent in doc.sents if any(sent.start <= i < sent.end for i in wanted)]
            found = {}
            with threadpool_limits(limits=1, user_api="blas"):
                for words, rows in tuned_word_states(tagger, sents) if sents else ():
                    found.update((int(i), row) for i, row in zip(words, rows) if int(i) in wanted)
            ids = np.asarray(sorted(found), dtype=np.int32)
            states = np.array([found[i] for i in ids.tolist()], dtype=np.float16).reshape(len(ids), -1)
            np.savez(path, ids=ids, states=states)
            encoded += 1
            if encoded % 50 == 0:
                log(f"  tuned states of {encoded} articles ({time.time() - started:.0f}s)")
        out[id(doc)] = (dict(zip(ids.tolist(), range(len(ids)))), states)
    return out
