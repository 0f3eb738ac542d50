"""Extract train articles with the accurate pipeline, each read by the tuned tagger that
did not train on it, so that figures on train are not flattered by the tagger having
seen the article.

The shipped tagger (``docs/encoder.md``) was fine-tuned on all of train; the two half
runs of ``training/finetune_encoder.py --train-half 0|1`` each trained on the train
articles whose index in train.jsonl is even (0) or odd (1). An article of index ``i``
is read here with the run of half ``1 - i % 2``: the shipped attribution model, its
tagger fields (layers, sha256, tag and anchor heads) replaced by that run's, written
to a temporary directory that is removed afterwards. The cue, content, boundary and
verifier models stay the shipped ones (trained on out-of-fold tags already).

    PYTHONPATH=src:. python -m training.crossfit_tagger \\
        /work/shared/data/polnear/train-speakers.jsonl -o tsp_crossfit.jsonl \\
        --runs .cache/tuned-encoder/half-0 .cache/tuned-encoder/half-1
    python /work/shared/eval/score.py /work/shared/data/polnear/train-speakers.jsonl tsp_crossfit.jsonl

Output lines are those of ``whosaid extract --pipeline accurate``, in input order.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from training.encoder_cues import tuned_tagger
from training.polnear import read_jsonl

TRAIN = Path("/work/shared/data/polnear/train.jsonl")


def held_out_half(article_id: str, train_index: dict[str, int]) -> int:
    """The half run that did not train on the article: 1 for an even index, 0 for odd."""
    try:
        return 1 - train_index[article_id] % 2
    except KeyError:
        raise ValueError(f"article {article_id!r} is not in train; the half runs only hold out train") from None


def model_with_tagger(run: Path, directory: Path, pipeline_model: Path) -> Path:
    """A copy of ``pipeline_model`` in ``directory`` whose tagger is the one of ``run``."""
    model = json.loads(pipeline_model.read_text(encoding="utf-8"))
    name = f"tuned_layers_{run.name}.safetensors"
    model["representation"]["tuned"] = tuned_tagger(run, directory, name).to_json()
    path = directory / f"attribution_model_{run.name}.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def extract(articles: Path, output: Path, pipeline_model: Path) -> None:
    """``whosaid extract --pipeline accurate`` with ``pipeline_model`` as the attribution model."""
    from whosaid import cli, pipelines

    shipped = pipelines.PIPELINES["accurate"]
    pipelines.PIPELINES["accurate"] = replace(shipped, attribution_model=pipeline_model)
    try:
        code = cli.main(["extract", str(articles), "-o", str(output), "--quiet", "--pipeline", "accurate"])
    finally:
        pipelines.PIPELINES["accurate"] = shipped
    if code:
        raise SystemExit(f"extract of {articles} failed with exit code {code}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path, help="a JSONL file of train articles (e.g. train-speakers.jsonl)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--runs", type=Path, nargs=2, required=True, metavar="RUN",
                        help="the fine-tuning runs of half 0 and half 1 (layers.safetensors, head.json)")
    parser.add_argument("--train", type=Path, default=TRAIN, help="train.jsonl, whose order numbers the halves")
    args = parser.parse_args(argv)

    from whosaid.pipelines import PIPELINES

    train_index = {row["id"]: i for i, row in enumerate(read_jsonl(args.train))}
    lines = [line for line in args.articles.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [json.loads(line)["id"] for line in lines]
    half_of = [held_out_half(article_id, train_index) for article_id in ids]
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="crossfit-tagger-") as tmp:
        tmp = Path(tmp)
        for half in sorted(set(half_of)):
            chosen = [line for line, h in zip(lines, half_of) if h == half]
            subset, output = tmp / f"articles-{half}.jsonl", tmp / f"extract-{half}.jsonl"
            subset.write_text("\n".join(chosen) + "\n", encoding="utf-8")
            models = tmp / f"models-{half}"
            models.mkdir()
            model = model_with_tagger(args.runs[half], models, PIPELINES["accurate"].attribution_model)
            print(f"{len(chosen)} articles read with the tagger of {args.runs[half]}", file=sys.stderr, flush=True)
            extract(subset, output, model)
            for line in output.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    results[json.loads(line)["id"]] = line
    missing = [article_id for article_id in ids if article_id not in results]
    if missing:
        raise SystemExit(f"{len(missing)} articles have no output, e.g. {missing[0]!r}")
    args.output.write_text("".join(results[article_id] + "\n" for article_id in ids), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
