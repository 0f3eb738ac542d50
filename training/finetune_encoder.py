"""Fine-tune the first layers of all-MiniLM-L6-v2 with a per-word tag head (none, cue,
source, content) on the rows of ``training/export_token_tags.py``.

Runs in a separate environment with torch (torch is not a dependency of whosaid; see
docs/encoder.md, "Fine-tuning the encoder"); it imports neither whosaid nor spaCy. What
it writes is read at run time by the numpy forward (``Encoder.load(tuned=...)``):

* ``layers.safetensors``: the tuned transformer layers under the upstream names
  (``encoder.layer.K.…``), float16, with the base file's sha256 in the metadata. The
  embeddings stay frozen and are read from the installed package, so the file holds only
  the layers (3 layers: about 11 MB).
* ``head.json``: the tag head (a linear layer on the last tuned layer's first-subword
  state of each word), the anchor head (a logistic unit on the same state: does this cue
  candidate anchor a gold cue, the decision the attribute stage's cue head makes; trained
  on candidates only, its loss added to the tags'), and the run's settings and timings.
* ``predictions.npz``: both heads' probabilities for every word of the articles the run
  did not train on (``probabilities``, ``anchor``), computed with the float16-rounded
  layers that ship.
* ``frozen.npz`` (``--frozen-states``): the untuned model's states at the same layer for
  every word of both halves, for a baseline head fitted on the same words.
* ``check.npz``: a few held-out sentences' subword ids and their states at the last tuned
  layer, each sentence run alone, which ``training.tuned_encoder_report --check`` compares with the numpy forward.

Each sentence is encoded on its own, as the attribute stage encodes it; sentences are
packed into windows of at most ``--window`` rows, each attending only to itself, so a
window of many short sentences trains as they run at inference. Articles are split by
index: ``--train-half 0`` trains on even-numbered articles and predicts the odd ones.

    /work/train-venv/bin/python training/finetune_encoder.py \
        --rows .cache/token-tags/train.jsonl --archive "$ARCHIVE" \
        --out .cache/tuned-encoder/half-0 --frozen-states
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
import zipfile
from pathlib import Path

import numpy as np

TAGS = ("none", "cue", "source", "content")
CLS_ID, SEP_ID = 101, 102  # the uncased WordPiece vocabulary's special tokens


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_base(archive: Path) -> tuple[dict, dict[str, np.ndarray], str]:
    """(config, float32 tensors, sha256 of the safetensors file) of the upstream model."""
    from safetensors.numpy import load

    with zipfile.ZipFile(archive) as opened:
        raw = opened.read("model.safetensors")
        config = json.loads(opened.read("config.json"))
    return config, load(raw), hashlib.sha256(raw).hexdigest()


def first_subwords(word_of: list[int]) -> list[int]:
    """Position of each word's first subword (words without subwords have none)."""
    seen, found = set(), []
    for position, word in enumerate(word_of):
        if word not in seen:
            seen.add(word)
            found.append(position)
    return found


def pack(rows: list[dict], window: int) -> list[list[int]]:
    """Row indices grouped into windows of at most ``window`` subwords with their special
    tokens, in the given order."""
    windows, current, size = [], [], 0
    for k, row in enumerate(rows):
        n = len(row["ids"]) + 2
        if current and size + n > window:
            windows.append(current)
            current, size = [], 0
        current.append(k)
        size += n
    if current:
        windows.append(current)
    return windows


def build_model(torch, config: dict, tensors: dict[str, np.ndarray], depth: int):
    """The embeddings (frozen) and the first ``depth`` layers of the model, in torch."""
    nn = torch.nn
    functional = torch.nn.functional
    width, heads = int(config["hidden_size"]), int(config["num_attention_heads"])
    eps = float(config["layer_norm_eps"])

    def tensor(name):
        return torch.from_numpy(np.ascontiguousarray(tensors[name], dtype=np.float32))

    class Layer(nn.Module):
        def __init__(self, prefix: str):
            super().__init__()
            att = prefix + "attention.self."
            self.query, self.key, self.value = (self.linear(att + n) for n in ("query", "key", "value"))
            self.out = self.linear(prefix + "attention.output.dense")
            self.norm1 = self.norm(prefix + "attention.output.LayerNorm")
            self.up = self.linear(prefix + "intermediate.dense")
            self.down = self.linear(prefix + "output.dense")
            self.norm2 = self.norm(prefix + "output.LayerNorm")

        @staticmethod
        def linear(name):
            weight = tensor(name + ".weight")
            layer = nn.Linear(weight.shape[1], weight.shape[0])
            with torch.no_grad():
                layer.weight.copy_(weight)
                layer.bias.copy_(tensor(name + ".bias"))
            return layer

        @staticmethod
        def norm(name):
            layer = nn.LayerNorm(width, eps=eps)
            with torch.no_grad():
                layer.weight.copy_(tensor(name + ".weight"))
                layer.bias.copy_(tensor(name + ".bias"))
            return layer

        def forward(self, x, mask):
            batch, rows, _ = x.shape
            size = width // heads

            def split(t):
                return t.view(batch, rows, heads, size).transpose(1, 2)

            context = functional.scaled_dot_product_attention(
                split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=mask)
            x = self.norm1(self.out(context.transpose(1, 2).reshape(batch, rows, width)) + x)
            return self.norm2(self.down(functional.gelu(self.up(x))) + x)

    class Tuned(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("words", tensor("embeddings.word_embeddings.weight"))
            self.register_buffer("positions", tensor("embeddings.position_embeddings.weight"))
            self.register_buffer("segment", tensor("embeddings.token_type_embeddings.weight")[0])
            self.embedding_norm = Layer.norm("embeddings.LayerNorm")
            self.embedding_norm.requires_grad_(False)
            self.layers = nn.ModuleList(Layer(f"encoder.layer.{k}.") for k in range(depth))
            self.head = nn.Linear(width, len(TAGS))
            # Whether a cue candidate anchors a gold cue: what the attribute stage's cue head gives.
            self.anchor = nn.Linear(width, 1)
            torch.manual_seed(0)
            for head in (self.head, self.anchor):
                nn.init.normal_(head.weight, std=0.02)
                nn.init.zeros_(head.bias)

        def forward(self, ids, positions, groups):
            """States of the last tuned layer; rows attend within their group only
            (a sentence; padding is group -1 and attends to itself)."""
            mask = (groups[:, :, None] == groups[:, None, :])[:, None]
            x = self.embedding_norm(self.words[ids] + self.positions[positions] + self.segment)
            for layer in self.layers:
                x = layer(x, mask)
            return x

    return Tuned()


def batch_inputs(torch, rows: list[dict], windows: list[list[int]]):
    """Padded (ids, positions, groups, word positions, tags, anchors, candidate mask, word
    keys) of windows."""
    sequences = []
    for window in windows:
        ids, positions, groups, word_rows, tags, keys = [], [], [], [], [], []
        anchors, candidates = [], []
        for group, k in enumerate(window):
            row = rows[k]
            offset = len(ids) + 1  # the sentence's [CLS] comes first
            ids += [CLS_ID, *row["ids"], SEP_ID]
            positions += list(range(len(row["ids"]) + 2))
            groups += [group] * (len(row["ids"]) + 2)
            for position in first_subwords(row["word_of"]):
                word = row["word_of"][position]
                word_rows.append(offset + position)
                tags.append(row["tags"][word])
                anchors.append(row["anchor"][word])
                candidates.append(row["candidate"][word])
                keys.append((k, word))
        sequences.append((ids, positions, groups, word_rows, tags, keys, anchors, candidates))
    longest = max(len(s[0]) for s in sequences)
    ids = torch.zeros((len(sequences), longest), dtype=torch.long)
    positions = torch.zeros_like(ids)
    groups = torch.full_like(ids, -1)
    picks, tags, keys, anchors, candidates = [], [], [], [], []
    for b, (i, p, g, w, t, k, a, c) in enumerate(sequences):
        ids[b, :len(i)] = torch.tensor(i)
        positions[b, :len(p)] = torch.tensor(p)
        groups[b, :len(g)] = torch.tensor(g)
        picks += [b * longest + r for r in w]
        tags += t
        keys += k
        anchors += a
        candidates += c
    return (ids, positions, groups, torch.tensor(picks, dtype=torch.long), torch.tensor(tags),
            torch.tensor(anchors, dtype=torch.float32), torch.tensor(candidates, dtype=torch.bool), keys)


def round_to_float16(torch, model) -> None:
    """Round the tuned layers to the float16 values the exported file holds."""
    with torch.no_grad():
        for parameter in model.layers.parameters():
            parameter.copy_(parameter.half().float())


def export_layers(model, path: Path, base_sha256: str, depth: int) -> None:
    from safetensors.numpy import save_file

    tensors = {}
    for k, layer in enumerate(model.layers):
        p = f"encoder.layer.{k}."
        names = {
            "attention.self.query": layer.query, "attention.self.key": layer.key,
            "attention.self.value": layer.value, "attention.output.dense": layer.out,
            "attention.output.LayerNorm": layer.norm1, "intermediate.dense": layer.up,
            "output.dense": layer.down, "output.LayerNorm": layer.norm2,
        }
        for name, module in names.items():
            tensors[p + name + ".weight"] = module.weight.detach().numpy().astype(np.float16)
            tensors[p + name + ".bias"] = module.bias.detach().numpy().astype(np.float16)
    save_file(tensors, str(path), metadata={"base_sha256": base_sha256, "layers": str(depth)})


def predict(torch, model, rows: list[dict], window: int, batch: int):
    """Tag probabilities and last-tuned-layer states of every word of ``rows``: dicts keyed
    by (row, word)."""
    probabilities, states = {}, {}
    windows = pack(rows, window)
    model.eval()
    with torch.no_grad():
        for start in range(0, len(windows), batch):
            ids, positions, groups, picks, *_, keys = batch_inputs(torch, rows, windows[start:start + batch])
            hidden = model(ids, positions, groups).reshape(-1, model.head.in_features)[picks]
            probs = torch.cat([torch.softmax(model.head(hidden), dim=-1), torch.sigmoid(model.anchor(hidden))], dim=1)
            for key, p, h in zip(keys, probs.numpy(), hidden.numpy()):
                probabilities[key] = p
                states[key] = h
    return probabilities, states


def check_states(torch, model, rows: list[dict]) -> dict[str, np.ndarray]:
    """Each row's sentence alone, with its special tokens: subword ids (JSON) and the last
    tuned layer's states of every subword, stacked."""
    sequences = [[CLS_ID, *row["ids"], SEP_ID] for row in rows]
    model.eval()
    with torch.no_grad():
        states = [model(torch.tensor([ids]), torch.arange(len(ids))[None], torch.zeros(1, len(ids), dtype=torch.long))[0]
                  for ids in sequences]
    return {"ids": np.array(json.dumps(sequences)), "states": torch.cat(states).numpy()}


def word_table(rows: list[dict], found: dict, width: int, dtype) -> np.ndarray:
    """Rows' words in order (row by row, word by word), ``found`` per word, NaN where a
    word has no subword."""
    total = sum(len(row["tags"]) for row in rows)
    table = np.full((total, width), np.nan, dtype=dtype)
    n = 0
    for k, row in enumerate(rows):
        for word in range(len(row["tags"])):
            value = found.get((k, word))
            if value is not None:
                table[n] = value
            n += 1
    return table


def main(argv: list[str] | None = None) -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=Path, required=True, help="export_token_tags output")
    parser.add_argument("--archive", type=Path, required=True, help="the installed model.zip")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--train-half", default="0", choices=("0", "1", "all"),
                        help="train on articles whose index %% 2 is this and predict the others; "
                             "'all' trains on every article (the shipped run) and predicts none")
    parser.add_argument("--depth", type=int, default=3, help="layers tuned (and run)")
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3, help="learning rate of the two heads")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=8, help="windows per step")
    parser.add_argument("--window", type=int, default=256, help="subwords per window")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N windows only")
    parser.add_argument("--frozen-states", action="store_true",
                        help="also write the untuned model's states of every word")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(args.rows)
    if args.train_half == "all":
        train, held = rows, []
    else:
        args.train_half = int(args.train_half)  # head.json records the half as a number
        train = [r for r in rows if r["article"] % 2 == args.train_half]
        held = [r for r in rows if r["article"] % 2 != args.train_half]
    config, tensors, base_sha256 = read_base(args.archive)
    model = build_model(torch, config, tensors, args.depth)
    width = model.head.in_features

    if args.frozen_states:
        started = time.time()
        frozen = {}
        for name, part in (("train", train), ("held", held)):
            _, states = predict(torch, model, part, args.window, args.batch)
            frozen[name] = word_table(part, states, width, np.float16)
        np.savez(args.out / "frozen.npz", **frozen)
        print(f"frozen states of {sum(len(v) for v in frozen.values()):,} words in {time.time() - started:.0f}s",
              flush=True)

    def epoch_windows(epoch: int) -> tuple[list[dict], list[list[int]]]:
        """The training sentences in an order of their own each epoch, packed into windows."""
        order = list(range(len(train)))
        random.Random(args.seed + epoch).shuffle(order)
        shuffled = [train[k] for k in order]
        windows = pack(shuffled, args.window)
        return shuffled, windows[:args.limit] if args.limit else windows

    shuffled, windows = epoch_windows(0)
    steps = math.ceil(len(windows) / args.batch) * args.epochs
    trainable = [p for p in model.parameters() if p.requires_grad]
    # The heads start from nothing; at the layers' rate they would barely move in one epoch.
    heads = [*model.head.parameters(), *model.anchor.parameters()]
    optimiser = torch.optim.AdamW([
        {"params": [p for p in model.layers.parameters()], "lr": args.lr},
        {"params": heads, "lr": args.head_lr},
    ], weight_decay=0.01)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup))))
    print(f"training on {len(train):,} sentences of {len({r['article'] for r in train})} articles: "
          f"{len(windows):,} windows, {steps} steps; predicting {len(held):,} sentences", flush=True)
    started = time.time()
    step, losses = 0, []
    for epoch in range(args.epochs):
        if epoch:
            shuffled, windows = epoch_windows(epoch)
        model.train()
        for start in range(0, len(windows), args.batch):
            ids, positions, groups, picks, tags, anchors, candidates, _ = batch_inputs(
                torch, shuffled, windows[start:start + args.batch])
            hidden = model(ids, positions, groups).reshape(-1, width)[picks]
            loss = torch.nn.functional.cross_entropy(model.head(hidden), tags)
            if candidates.any():
                loss = loss + torch.nn.functional.binary_cross_entropy_with_logits(
                    model.anchor(hidden[candidates])[:, 0], anchors[candidates])
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            losses.append(float(loss.detach()))
            if step % 20 == 0 or step == steps:
                elapsed = time.time() - started
                print(f"  epoch {epoch + 1} step {step}/{steps} loss {np.mean(losses[-20:]):.4f} "
                      f"{elapsed / (step * args.batch):.3f} s per window", flush=True)
    seconds = time.time() - started

    round_to_float16(torch, model)
    export_layers(model, args.out / "layers.safetensors", base_sha256, args.depth)
    if held:
        predicted, _ = predict(torch, model, held, args.window, args.batch)
        table = word_table(held, predicted, len(TAGS) + 1, np.float32)
        np.savez(args.out / "predictions.npz", probabilities=table[:, :len(TAGS)], anchor=table[:, len(TAGS)])
    # With nothing held out, the check sentences are training ones: the check compares two
    # forwards of the same file, which needs no unseen text.
    np.savez(args.out / "check.npz", **check_states(torch, model, (held or train)[:5]))
    head = {
        "tags": list(TAGS), "layer": args.depth,
        "weights": model.head.weight.detach().numpy().round(6).tolist(),
        "bias": model.head.bias.detach().numpy().round(6).tolist(),
        "anchor": {"weights": model.anchor.weight.detach().numpy()[0].round(6).tolist(),
                   "bias": round(float(model.anchor.bias.detach()), 6)},
        "base_sha256": base_sha256,
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "training": {"windows": len(windows), "steps": steps, "seconds": round(seconds, 1),
                     "seconds_per_window": round(seconds / max(1, len(windows) * args.epochs), 3),
                     "final_loss": round(float(np.mean(losses[-20:])), 4) if losses else None,
                     "torch": torch.__version__},
    }
    (args.out / "head.json").write_text(json.dumps(head) + "\n", encoding="utf-8")
    print(f"trained {len(windows):,} windows in {seconds:.0f}s; wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
