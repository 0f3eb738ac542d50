"""A frozen transformer encoder (all-MiniLM-L6-v2) for word features.

``Encoder.load()`` reads the installed weights (``whosaid.encoder.weights``) and runs the
model in numpy (``whosaid.encoder.bert``). It gives per-subword hidden states of chosen
layers and states pooled per word, aligned one to one with the words passed in (spaCy
tokens or strings), so a token index of a ``Doc`` indexes the result. Texts longer than
one window run in overlapping windows cut at word starts; each subword keeps the state
of the window where it has the most context on both sides. The output depends only on
the input: windows are never padded into batches; many sequences (``word_states_many``)
run in one packed forward whose states are each sequence's own (to float32 rounding: docs/encoder.md).

Speed is set by numpy's BLAS threads (``threadpoolctl.threadpool_limits``) and by how
many layers run: asking for layer 3 runs half the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .bert import Bert
from .weights import EncoderNotInstalled, archive_path, read_archive, read_tuned_layers

__all__ = ["Encoder", "EncoderNotInstalled", "SubwordStates", "archive_path"]

CLS, SEP = "[CLS]", "[SEP]"
POOLINGS = ("first", "mean")


@dataclass(slots=True)
class SubwordStates:
    """Hidden states of a word sequence's subwords (special tokens removed)."""

    ids: np.ndarray  # (n_subwords,) vocabulary ids
    word_of: np.ndarray  # (n_subwords,) index of the word each subword belongs to, non-decreasing
    states: np.ndarray  # (n_layers, n_subwords, width), layers in the order asked for
    windows: list[tuple[int, int]]  # subword ranges the model ran on


class Encoder:
    """all-MiniLM-L6-v2 run in numpy. ``window`` counts subwords with the two special
    tokens; ``overlap`` is how many subwords consecutive windows share."""

    def __init__(self, bert: Bert, tokenizer, window: int = 256, overlap: int = 64):
        if not 8 <= window <= bert.config.max_positions:
            raise ValueError(f"window must be between 8 and {bert.config.max_positions}, not {window}")
        if not 0 <= overlap <= (window - 2) // 2:
            raise ValueError(f"overlap must be between 0 and {(window - 2) // 2}, not {overlap}")
        self.bert = bert
        self.tokenizer = tokenizer
        self.window = window
        self.overlap = overlap
        self.cls = tokenizer.token_to_id(CLS)
        self.sep = tokenizer.token_to_id(SEP)

    @classmethod
    def load(cls, archive: Path | None = None, tuned: Path | None = None, **options) -> Encoder:
        """The installed model; raises ``EncoderNotInstalled`` naming the install command.
        ``tuned``: a file of fine-tuned layers (``read_tuned_layers``) replacing the
        installed ones of the same names."""
        from tokenizers import Tokenizer

        config, tensors, tokenizer_json = read_archive(archive)
        if tuned is not None:
            tensors = {**tensors, **read_tuned_layers(Path(tuned), tensors)}
        tokenizer = Tokenizer.from_str(tokenizer_json)
        # The file carries the sentence model's 128-subword truncation and padding: windows
        # are cut here instead, at word starts.
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return cls(Bert(config, tensors), tokenizer, **options)

    @property
    def layers(self) -> int:
        return self.bert.config.layers

    @property
    def width(self) -> int:
        return self.bert.config.width

    def tokenize(self, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Subword ids of the words and the word index of each subword. A word made only of
        whitespace has no subword."""
        if not words:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        encoding = self.tokenizer.encode(list(words), is_pretokenized=True, add_special_tokens=False)
        return (np.asarray(encoding.ids, dtype=np.int64),
                np.asarray(encoding.word_ids, dtype=np.int64))

    def plan_windows(self, word_of: np.ndarray) -> list[tuple[int, int]]:
        """Subword ranges, each at most ``window - 2`` long, starting and ending at word
        starts where a word is shorter than a window."""
        n = len(word_of)
        limit = self.window - 2
        if n <= limit:
            return [(0, n)] if n else []
        starts = np.flatnonzero(np.r_[True, word_of[1:] != word_of[:-1]])
        cuts = np.r_[starts, n]
        windows = []
        begin = 0
        while True:
            if n - begin <= limit:
                windows.append((begin, n))
                return windows
            end = int(cuts[np.searchsorted(cuts, begin + limit, side="right") - 1])
            if end <= begin + limit // 2:
                end = begin + limit  # a very long word (a URL): cut inside it
            windows.append((begin, end))
            following = int(cuts[np.searchsorted(cuts, end - self.overlap, side="left")])
            begin = following if begin < following < end else end

    def subword_states(self, words: Sequence[str], layers: Iterable[int] = (6,)) -> SubwordStates:
        """States of the chosen layers (0 = embeddings, ``self.layers`` = last) for every subword."""
        return self.subword_states_many([words], layers)[0]

    def subword_states_many(self, texts: Sequence[Sequence[str]], layers: Iterable[int] = (6,)) -> list[SubwordStates]:
        """``subword_states`` of each word sequence, every window of every sequence run in
        one packed forward (``Bert.forward_many``): the same states as one at a time."""
        layers = list(layers)
        if not layers or any(not 0 <= k <= self.layers for k in layers):
            raise ValueError(f"layers must be a non-empty list of 0..{self.layers}, not {layers}")
        tokenized = [self.tokenize(words) for words in texts]
        plans = [self.plan_windows(word_of) for _, word_of in tokenized]
        sequences = [np.r_[self.cls, ids[begin:end], self.sep]
                     for (ids, _), windows in zip(tokenized, plans) for begin, end in windows]
        hiddens = iter(self.bert.forward_many(sequences, depth=max(layers)))
        found = []
        for (ids, word_of), windows in zip(tokenized, plans):
            n = len(ids)
            states = np.zeros((len(layers), n, self.width), dtype=np.float32)
            # A subword's best window: the one where its nearer inner edge is farthest away
            # (the text's own start and end are not edges: nothing is missing there).
            best = np.full(n, -1.0)
            position = np.arange(n)
            for begin, end in windows:
                hidden = next(hiddens)
                inner = position[begin:end]
                left = inner - begin if begin > 0 else np.full(end - begin, n)
                right = end - 1 - inner if end < n else np.full(end - begin, n)
                score = np.minimum(left, right).astype(float)
                take = score > best[begin:end]
                best[begin:end][take] = score[take]
                for row, k in enumerate(layers):
                    states[row, begin:end][take] = hidden[k][1:-1][take]
            found.append(SubwordStates(ids=ids, word_of=word_of, states=states, windows=windows))
        return found

    def word_states(self, words: Sequence, layers: Iterable[int] = (6,), pooling: str = "first") -> np.ndarray:
        """(n_layers, len(words), width) states, one row per word: its first subword's state
        or the mean of its subwords'. ``words`` are strings or spaCy tokens (a ``Doc`` or
        ``Span`` works); a word without subwords (whitespace) gets zeros."""
        return self.word_states_many([words], layers, pooling)[0]

    def word_states_many(self, texts: Sequence[Sequence], layers: Iterable[int] = (6,),
                         pooling: str = "first") -> list[np.ndarray]:
        """``word_states`` of each word sequence (e.g. the sentences of an article), run
        together: the same states as one at a time, at a fraction of the cost for short
        sequences (``subword_states_many``)."""
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, not {pooling!r}")
        texts = [[w if isinstance(w, str) else w.text for w in words] for words in texts]
        found = []
        for words, sub in zip(texts, self.subword_states_many(texts, layers)):
            out = np.zeros((sub.states.shape[0], len(words), self.width), dtype=np.float32)
            if len(sub.ids):
                starts = np.flatnonzero(np.r_[True, sub.word_of[1:] != sub.word_of[:-1]])
                owners = sub.word_of[starts]
                if pooling == "first":
                    out[:, owners] = sub.states[:, starts]
                else:
                    sums = np.add.reduceat(sub.states, starts, axis=1)
                    counts = np.diff(np.r_[starts, len(sub.ids)]).astype(np.float32)
                    out[:, owners] = sums / counts[None, :, None]
            found.append(out)
        return found

    def sentence_embeddings(self, texts: Sequence[str], max_subwords: int = 256) -> np.ndarray:
        """The model's sentence embedding: last-layer states averaged over all subwords
        (special tokens included), unit length; texts cut at ``max_subwords``."""
        rows = []
        for text in texts:
            ids = self.tokenizer.encode(text, add_special_tokens=False).ids[: max_subwords - 2]
            hidden = self.bert.forward(np.r_[self.cls, np.asarray(ids, dtype=np.int64), self.sep])[-1]
            mean = hidden.mean(axis=0)
            rows.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        return np.asarray(rows, dtype=np.float32).reshape(len(rows), self.width)
