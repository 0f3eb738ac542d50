"""Score the find-quotes and attribute stages on a PolNeAR split or the seed article.

    PYTHONPATH=. .venv/bin/python -m training.eval_attribution dev [--threshold 0.5] [--out pred.jsonl]
    PYTHONPATH=. .venv/bin/python -m training.eval_attribution seed

Predictions are written in the scorer's format and scored with
``../shared/eval/score.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from pathlib import Path

from whosaid.attribute.act import label_acts
from whosaid.attribute.extractor import extract
from whosaid.attribute.model import load_model
from whosaid.parse.cache import parse_cached
from whosaid.quotes import find_quote_spans
from training.polnear import POLNEAR, SHARED, read_jsonl

SCORER = SHARED / "eval" / "score.py"
SEED = SHARED / "data" / "seed" / "gold.jsonl"


def load_scorer():
    spec = importlib.util.spec_from_file_location("whosaid_shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_path(split: str) -> Path:
    return SEED if split == "seed" else POLNEAR / f"{split}.jsonl"


def predict(articles, docs, threshold: float | None = None, timing: list | None = None,
            model_path: Path | None = None, model=None) -> list[dict]:
    out = []
    if model is None:
        model = load_model(model_path) if model_path else load_model()
    for article, doc in zip(articles, docs):
        started = time.perf_counter()
        attributions = extract(doc, find_quote_spans(doc.text), threshold=threshold, model=model)
        if timing is not None:
            timing.append(time.perf_counter() - started)
        label_acts(doc, attributions)
        out.append({
            "id": article["id"],
            "quotes": [
                {"content": [list(p) for p in a.content], "source": [list(p) for p in a.source],
                 "cue": [list(p) for p in a.cue], "kind": a.kind, "confidence": a.confidence, "act": a.act}
                for a in attributions
            ],
        })
    return out


def evaluate(split: str, threshold: float | None = None, out: Path | None = None,
             model_path: Path | None = None, pipeline: str | None = None) -> dict:
    """Score ``split`` read by ``pipeline``'s spaCy pipeline and (unless ``model_path``) its model."""
    from whosaid.parse import load_pipeline
    from whosaid.pipelines import get_pipeline

    chosen = get_pipeline(pipeline)
    path = gold_path(split)
    articles = read_jsonl(path)
    docs = parse_cached([a["text"] for a in articles], nlp=load_pipeline(chosen.spacy_size))
    model_path = model_path or chosen.attribution_model
    timing: list[float] = []
    predictions = predict(articles, docs, threshold, timing, model_path)
    if out is None:
        out = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    out.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    scorer = load_scorer()
    report = scorer.score(scorer.load(str(path)), scorer.load(str(out)))
    report["ms per article"] = 1000 * sum(timing) / max(len(timing), 1)
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", choices=["dev", "train", "seed", "dev-speakers"])
    parser.add_argument("--threshold", type=float, default=None, help="default: the model's tuned threshold")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--model", type=Path, default=None, help="default: the pipeline's committed model")
    parser.add_argument("--pipeline", choices=("fast", "accurate"), default="fast",
                        help="parse with this pipeline's spaCy pipeline (default: fast)")
    args = parser.parse_args(argv)
    report = evaluate(args.split, args.threshold, args.out, args.model, args.pipeline)
    print(f"{'metric':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>8}{'pred':>8}{'gold':>8}")
    for key, value in report.items():
        if isinstance(value, dict):
            print(f"{key:<22}{value['p']:>8.3f}{value['r']:>8.3f}{value['f1']:>8.3f}"
                  f"{value['tp']:>8}{value['pred']:>8}{value['gold']:>8}")
    print(f"find quotes + attribute: {report['ms per article']:.1f} ms per article (parse excluded)")


if __name__ == "__main__":
    main()
