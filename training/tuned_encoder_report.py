"""Word-level figures of a fine-tuned encoder (``training/finetune_encoder.py``) on the
articles it did not train on, against the frozen encoder's state at the same layer with
logistic heads fitted on the articles the tuned one trained on (same words, same split;
only when the run wrote those states, ``--frozen-states``), and against runs of other
settings on the same half (``--against``: more epochs, another learning rate).

* **Tags** (every word with a subword): cue, source and content precision and recall of
  the argmax tag; the frozen baseline is a four-class logistic regression (C 0.1 on
  standardised states, the cue head's setting). Cue recall is also given for words whose
  lemma was never tagged cue in the training half.
* **Cue anchors** (the cue candidates of the attribute stage, content words and colons):
  what the pipeline's cue head decides. The tuned model's cue probability and the frozen
  four-class head's (and the tuned anchor head's, when the run has one) are compared with
  a binary head fitted on anchors of candidates, the recipe of the shipped cue head (``training/encoder_cues.fit_head``): ROC AUC, average
  precision, and precision / recall at 0.25 and 0.5, also on anchors whose lemma never
  anchored a cue in the training half.

``--check`` compares the numpy forward with the tuned layers (``Encoder.load(tuned=...)``)
with the states the trainer wrote for a few held-out sentences.

    PYTHONPATH=src:. python -m training.tuned_encoder_report \
        --rows .cache/token-tags/train.jsonl --run .cache/tuned-encoder/half-0 --check
    PYTHONPATH=src:. python -m training.tuned_encoder_report \
        --run .cache/tuned-encoder/half-0-2-epochs --against .cache/tuned-encoder/half-0
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from training.export_token_tags import TAGS

HEAD_C = 0.1


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def flatten(rows: list[dict]) -> dict[str, np.ndarray]:
    """Word arrays of ``rows`` in order: tag, anchor, candidate, lemma."""
    return {
        "tags": np.array([t for r in rows for t in r["tags"]], dtype=np.int64),
        "anchor": np.array([a for r in rows for a in r["anchor"]], dtype=bool),
        "candidate": np.array([c for r in rows for c in r["candidate"]], dtype=bool),
        "lemmas": np.array([w for r in rows for w in r["lemmas"]], dtype=object),
    }


def precision_recall(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, int]:
    hits = int((predicted & gold).sum())
    return hits / max(1, int(predicted.sum())), hits / max(1, int(gold.sum())), int(gold.sum())


def tag_figures(probabilities: np.ndarray, words: dict, unseen: np.ndarray) -> dict:
    """P/R per tag of the argmax, cue recall of words whose lemma the training half never tagged cue."""
    predicted = probabilities.argmax(axis=1)
    found = {}
    for k, tag in enumerate(TAGS[1:], start=1):
        found[tag] = precision_recall(predicted == k, words["tags"] == k)
    cue = words["tags"] == 1
    found["cue_unseen_recall"] = precision_recall(predicted == 1, cue & unseen)[1:]
    return found


def anchor_figures(scores: np.ndarray, anchors: np.ndarray, unseen: np.ndarray) -> dict:
    from sklearn.metrics import average_precision_score, roc_auc_score

    found = {"auc": roc_auc_score(anchors, scores), "ap": average_precision_score(anchors, scores)}
    for threshold in (0.25, 0.5):
        chosen = scores >= threshold
        p, r, _ = precision_recall(chosen, anchors)
        p_unseen, r_unseen, n_unseen = precision_recall(chosen & unseen, anchors & unseen)
        found[threshold] = (p, r, r_unseen, p_unseen, n_unseen)
    return found


def fit_logistic(states: np.ndarray, labels: np.ndarray, c: float = HEAD_C):
    from sklearn.linear_model import LogisticRegression

    mean = states.mean(axis=0)
    scale = states.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, max_iter=500, random_state=0)
    model.fit((states - mean) / scale, labels)
    return lambda x: model.predict_proba((x - mean) / scale)


def read_predictions(run: Path) -> tuple[np.ndarray, np.ndarray | None]:
    """A run's held-out tag probabilities and anchor probabilities (None before the anchor unit)."""
    with np.load(run / "predictions.npz") as predictions:
        return predictions["probabilities"], predictions["anchor"] if "anchor" in predictions else None


def report(rows: list[dict], run: Path, against: tuple[Path, ...] = (), log=print) -> dict:
    """Figures of ``run`` on the half it did not train on; of each run of ``against`` (other
    settings trained on the same half) on the same words; and of the frozen baseline when
    the run wrote its states (``--frozen-states``)."""
    head = json.loads((run / "head.json").read_text(encoding="utf-8"))
    half = head["settings"]["train_half"]
    for other in against:
        other_half = json.loads((other / "head.json").read_text(encoding="utf-8"))["settings"]["train_half"]
        if other_half != half:
            raise ValueError(f"{other} trained on half {other_half}, {run} on half {half}: not the same held-out words")
    train = flatten([r for r in rows if r["article"] % 2 == half])
    held = flatten([r for r in rows if r["article"] % 2 != half])
    runs = {"tuned": read_predictions(run), **{f"tuned {other}": read_predictions(other) for other in against}}
    frozen = run / "frozen.npz"
    if frozen.exists():
        with np.load(frozen) as data:
            train_states, held_states = data["train"].astype(np.float32), data["held"].astype(np.float32)
    else:
        train_states = held_states = None
    if any(len(tags) != len(held["tags"]) for tags, _ in runs.values()) or (
            held_states is not None and len(held_states) != len(held["tags"])):
        raise ValueError("the run's word tables do not line up with the rows: was it run on these rows?")
    held_ok = np.ones(len(held["tags"]), dtype=bool)
    for tags, _ in runs.values():
        held_ok &= ~np.isnan(tags).any(axis=1)
    if held_states is not None:
        held_ok &= ~np.isnan(held_states).any(axis=1)
        held_states = held_states[held_ok]
    held = {k: v[held_ok] for k, v in held.items()}
    runs = {name: (tags[held_ok], None if anchor is None else anchor[held_ok])
            for name, (tags, anchor) in runs.items()}

    cue_lemmas = set(train["lemmas"][train["tags"] == 1].tolist())
    anchor_lemmas = set(train["lemmas"][train["anchor"]].tolist())
    unseen_cue = np.array([w not in cue_lemmas for w in held["lemmas"]])
    unseen_anchor = np.array([w not in anchor_lemmas for w in held["lemmas"]])
    chosen = held["candidate"]
    anchors, unseen = held["anchor"][chosen], unseen_anchor[chosen]

    figures = {"words": int(len(held["tags"])), "tags": {},
               "anchors": {"candidates": int(chosen.sum()), "anchors": int(anchors.sum()),
                           "unseen": int((anchors & unseen).sum()), "scores": {}}}
    if held_states is not None:
        train_ok = ~np.isnan(train_states).any(axis=1)
        figures["train_words"] = int(train_ok.sum())
        log(f"frozen four-tag head on {train_ok.sum():,} words ...")
        frozen_tags = fit_logistic(train_states[train_ok], train["tags"][train_ok])(held_states)
        candidates = train_ok & train["candidate"]
        log(f"frozen anchor head on {candidates.sum():,} candidates ...")
        frozen_anchor = fit_logistic(train_states[candidates], train["anchor"][candidates])(held_states)[:, 1]
        figures["tags"]["frozen"] = tag_figures(frozen_tags, held, unseen_cue)
        figures["anchors"]["scores"]["frozen anchor head"] = anchor_figures(frozen_anchor[chosen], anchors, unseen)
        figures["anchors"]["scores"]["frozen cue tag"] = anchor_figures(frozen_tags[chosen, 1], anchors, unseen)
    for name, (tags, anchor) in runs.items():
        figures["tags"][name] = tag_figures(tags, held, unseen_cue)
        figures["anchors"]["scores"][f"{name} cue tag"] = anchor_figures(tags[chosen, 1], anchors, unseen)
        if anchor is not None:
            figures["anchors"]["scores"][f"{name} anchor head"] = anchor_figures(anchor[chosen], anchors, unseen)
    figures["training"] = head["training"]
    return figures


def print_report(figures: dict) -> None:
    fitted = f" (frozen head fitted on {figures['train_words']:,})" if "train_words" in figures else ""
    print(f"\nheld-out words: {figures['words']:,}{fitted}")
    print("| setting | cue P / R | cue R, lemma never cue in training half | source P / R | content P / R |")
    print("|---|---|---|---|---|")
    for name, f in figures["tags"].items():
        r_unseen, n_unseen = f["cue_unseen_recall"]
        print(f"| {name} | {f['cue'][0]:.3f} / {f['cue'][1]:.3f} | {r_unseen:.3f} ({n_unseen}) | "
              f"{f['source'][0]:.3f} / {f['source'][1]:.3f} | {f['content'][0]:.3f} / {f['content'][1]:.3f} |")
    a = figures["anchors"]
    print(f"\ncue anchors among {a['candidates']:,} candidates: {a['anchors']:,} anchors, "
          f"{a['unseen']} with a lemma that never anchored a cue in the training half")
    print("| score | ROC AUC | AP | P / R at 0.25 | R unseen at 0.25 | P / R at 0.5 | R unseen at 0.5 |")
    print("|---|---|---|---|---|---|---|")
    for name, f in a["scores"].items():
        low, high = f[0.25], f[0.5]
        print(f"| {name} | {f['auc']:.3f} | {f['ap']:.3f} | {low[0]:.3f} / {low[1]:.3f} | {low[2]:.3f} | "
              f"{high[0]:.3f} / {high[1]:.3f} | {high[2]:.3f} |")
    print(f"\ntraining: {figures['training']}")


def check(run: Path, tolerance: float = 1e-3) -> float:
    """The largest difference between the trainer's states of a few held-out sentences and
    the numpy forward's with the tuned layers; raises above ``tolerance``."""
    from whosaid.encoder import Encoder

    head = json.loads((run / "head.json").read_text(encoding="utf-8"))
    encoder = Encoder.load(tuned=run / "layers.safetensors")
    with np.load(run / "check.npz") as data:
        sequences = json.loads(str(data["ids"]))
        expected = data["states"]
    layer = head["layer"]
    found = np.concatenate([encoder.bert.forward(np.asarray(ids, dtype=np.int64), depth=layer)[layer]
                            for ids in sequences])
    difference = float(np.abs(found - expected).max())
    if not difference <= tolerance:
        raise ValueError(f"the numpy forward with the tuned layers differs from the trainer's by {difference:.2e}")
    return difference


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=Path, default=Path(".cache/token-tags/train.jsonl"))
    parser.add_argument("--run", type=Path, required=True, help="finetune_encoder's --out")
    parser.add_argument("--check", action="store_true", help="also compare the numpy forward")
    parser.add_argument("--against", type=Path, nargs="+", default=[], metavar="RUN",
                        help="runs of other settings on the same half, measured on the same words")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)
    if args.check:
        print(f"numpy forward with the tuned layers: largest difference {check(args.run):.2e} "
              "from the trainer's states")
    figures = report(read_rows(args.rows), args.run, tuple(args.against))
    print_report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, default=str, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
