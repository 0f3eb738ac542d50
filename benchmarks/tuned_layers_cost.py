"""CPU cost of the accurate attribute stage with the shipped tuned layers and with other
fine-tuning runs' layers in their place (run by hand, not a test).

    PYTHONPATH=src:. python benchmarks/tuned_layers_cost.py --sample 30 RUN/half-0
    PYTHONPATH=src:. python benchmarks/tuned_layers_cost.py --sample 30 --model OTHER/attribution_model_accurate.json

Each run (``training/finetune_encoder.py --out``) replaces only the tuned tagger of the
shipped accurate model: its layer file, depth and tag and anchor heads. The model's other
weights stay, so its decisions are not the ones a model trained on that run would make,
but the encoder runs the same sentences through the run's layers: what the stage costs
with more or fewer tuned layers. Passes alternate between the models and each keeps its
cheapest (CPU time of this process, one BLAS thread as the stage runs it). ``--model``
measures whole other accurate models (their layer files beside them) the same way.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import threading
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear" / "train.jsonl"


def main() -> None:
    from threadpoolctl import threadpool_limits

    from training.encoder_cues import tuned_tagger
    from whosaid.attribute import find_attributions
    from whosaid.attribute.model import AttributionModel
    from whosaid.engine import Engine
    from whosaid.quotes import find_quote_spans

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=Path, nargs="*", help="fine-tuning runs to measure beside the shipped layers")
    parser.add_argument("--model", type=Path, nargs="*", default=[],
                        help="other accurate model files to measure beside the shipped one")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sample", type=int, default=30, help="the first N articles")
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()

    with open(args.corpus, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(args.sample))]
    engine = Engine(pipeline="accurate")
    shipped = engine.attribution_model
    docs = list(engine.nlp.pipe(texts))
    spans = [find_quote_spans(doc.text) for doc in docs]
    models = {f"shipped, {shipped.representation.tuned.depth} layers": shipped}
    for run in args.runs:
        tagger = tuned_tagger(run)
        # A representation of its own (its per-thread cache too), so no model reads another's states.
        representation = dataclasses.replace(shipped.representation, tuned=tagger, _local=threading.local())
        models[f"{run}, {tagger.depth} layers"] = dataclasses.replace(shipped, representation=representation)

    for path in args.model:
        models[str(path)] = AttributionModel.from_file(path)

    cheapest = dict.fromkeys(models, float("inf"))
    with threadpool_limits(limits=1, user_api="blas"):
        for model in models.values():  # loading the layers stays out of the timing
            for doc, found in zip(docs[:2], spans[:2]):
                find_attributions(doc, found, model)
        for _ in range(args.passes):
            for name, model in models.items():
                started = time.process_time()
                for doc, found in zip(docs, spans):
                    find_attributions(doc, found, model)
                cheapest[name] = min(cheapest[name], time.process_time() - started)
    for name, seconds in cheapest.items():
        print(f"{name}: attribute stage {1000 * seconds / len(docs):.1f} CPU ms an article "
              f"(cheapest of {args.passes} passes over {len(docs)} articles)")


if __name__ == "__main__":
    main()
