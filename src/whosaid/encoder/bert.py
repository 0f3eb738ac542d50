"""A BERT forward pass in numpy (float32): embeddings, then post-norm transformer layers.

Layer 0 is the embedding output and layer k the output of the k-th transformer layer,
as in the usual ``hidden_states`` numbering. Only as many layers run as the highest one
asked for, so a reader of the middle layers pays for half the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .weights import Config

# Abramowitz & Stegun 7.1.26: |error| < 1.5e-7, below float32 resolution near 1. numpy
# has no erf, and the tanh form of GELU would move the states by about 1e-3.
_P = np.float32(0.3275911)
_A = tuple(np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429))
_SQRT_HALF = np.float32(0.7071067811865476)
# Rows of one packed forward (``Bert.forward_many``): a few articles' worth of sentences.
PACK_ROWS = 4096
# Rows of the GELU's input worked on at a time: its buffers stay in a core's cache.
GELU_ROWS = 64


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU that BERT was trained with, computed in place in ``x``.

    The operations of ``0.5 * x * (1 + erf(x / sqrt 2))`` with A&S's erf, in the same
    order (so the same bits), a block of rows at a time with two buffers: a dozen
    passes over a sentence pack's (n, 1536) rows run from the cache, not from memory."""
    for begin in range(0, len(x), GELU_ROWS):
        _gelu_block(x[begin:begin + GELU_ROWS])
    return x


def _gelu_block(x: np.ndarray) -> None:
    z = np.abs(x)
    z *= _SQRT_HALF
    t = z * _P
    t += 1.0
    np.divide(1.0, t, out=t)
    poly = t * _A[4]
    for a in (_A[3], _A[2], _A[1], _A[0]):
        poly += a
        poly *= t
    np.multiply(z, z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z
    np.subtract(1.0, poly, out=poly)
    np.copysign(poly, x, out=poly)
    poly += 1.0
    x *= 0.5
    x *= poly


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Layer normalisation over the last axis, in place in ``x``."""
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.mean(x * x, axis=-1, keepdims=True)
    variance += np.float32(eps)
    np.sqrt(variance, out=variance)
    x /= variance
    x *= weight
    x += bias
    return x


@dataclass(slots=True)
class Layer:
    qkv: np.ndarray  # (width, 3 * width): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class Bert:
    """The transformer, its matrices stored transposed for ``x @ W``."""

    def __init__(self, config: Config, tensors: dict[str, np.ndarray]):
        self.config = config

        def get(name: str) -> np.ndarray:
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        self.words = get("embeddings.word_embeddings.weight")
        self.positions = get("embeddings.position_embeddings.weight")
        self.segment = get("embeddings.token_type_embeddings.weight")[0]
        self.norm = (get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias"))
        self.layers = []
        for k in range(config.layers):
            p = f"encoder.layer.{k}."
            att = p + "attention.self."
            self.layers.append(Layer(
                qkv=np.ascontiguousarray(np.concatenate(
                    [get(att + n + ".weight") for n in ("query", "key", "value")]).T),
                qkv_bias=np.concatenate([get(att + n + ".bias") for n in ("query", "key", "value")]),
                out=np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                out_bias=get(p + "attention.output.dense.bias"),
                norm1=(get(p + "attention.output.LayerNorm.weight"), get(p + "attention.output.LayerNorm.bias")),
                up=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                up_bias=get(p + "intermediate.dense.bias"),
                down=np.ascontiguousarray(get(p + "output.dense.weight").T),
                down_bias=get(p + "output.dense.bias"),
                norm2=(get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias")),
            ))

    def forward(self, ids: np.ndarray, depth: int | None = None) -> list[np.ndarray]:
        """Hidden states of one sequence of subword ids (special tokens included):
        ``depth + 1`` arrays of shape (len(ids), width), the embeddings first."""
        return self.forward_many([ids], depth)[0]

    def forward_many(self, sequences: list[np.ndarray], depth: int | None = None) -> list[list[np.ndarray]]:
        """``forward`` of each sequence, the sequences run together: their rows are stacked
        for the matrix products and each attends only to itself. Every other step works
        row by row, so each sequence's states are the ones it gets alone (to float32 rounding);
        one product over many short sentences costs far less than one per sentence."""
        config = self.config
        depth = config.layers if depth is None else depth
        if not 0 <= depth <= config.layers:
            raise ValueError(f"depth must be between 0 and {config.layers}, not {depth}")
        for ids in sequences:
            if len(ids) > config.max_positions:
                raise ValueError(f"{len(ids)} subwords exceed the model's {config.max_positions} positions")
        results: list[list[np.ndarray]] = []
        start = 0
        while start < len(sequences):
            # Packs of at most PACK_ROWS rows (a longer sequence runs alone) bound the memory.
            end, rows = start + 1, len(sequences[start])
            while end < len(sequences) and rows + len(sequences[end]) <= PACK_ROWS:
                rows += len(sequences[end])
                end += 1
            results += self._forward_pack(sequences[start:end], depth)
            start = end
        return results

    def _forward_pack(self, sequences: list[np.ndarray], depth: int) -> list[list[np.ndarray]]:
        config = self.config
        lengths = [len(ids) for ids in sequences]
        bounds = np.cumsum([0, *lengths]).tolist()
        ids = np.concatenate(sequences) if sequences else np.zeros(0, dtype=np.int64)
        positions = np.concatenate([np.arange(n) for n in lengths]) if sequences else ids
        eps = config.layer_norm_eps
        x = self.words[ids] + self.positions[positions] + self.segment
        x = layer_norm(x, *self.norm, eps)
        states = [x]
        heads, width = config.heads, config.width
        size = width // heads
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self.layers[:depth]:
            # Each sum below adds its terms in the order of ``a @ W + b + x``, in place.
            qkv = x @ layer.qkv
            qkv += layer.qkv_bias
            context = np.empty((len(ids), width), dtype=np.float32)
            for begin, end in zip(bounds[:-1], bounds[1:]):
                n = end - begin
                # (3, heads, n, size): one batched matmul per step over all heads.
                q, k, v = qkv[begin:end].reshape(n, 3, heads, size).transpose(1, 2, 0, 3)
                scores = (q * scale) @ k.transpose(0, 2, 1)
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                context[begin:end] = (scores @ v).transpose(1, 0, 2).reshape(n, width)
            attended = context @ layer.out
            attended += layer.out_bias
            attended += x
            x = layer_norm(attended, *layer.norm1, eps)
            hidden = x @ layer.up
            hidden += layer.up_bias
            hidden = gelu(hidden)
            out = hidden @ layer.down
            out += layer.down_bias
            out += x
            x = layer_norm(out, *layer.norm2, eps)
            states.append(x)
        return [[layer[begin:end] for layer in states] for begin, end in zip(bounds[:-1], bounds[1:])]
