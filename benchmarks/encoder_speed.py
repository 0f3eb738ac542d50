"""Words per second of the transformer encoder (run by hand on a quiet machine, not a test).

    python benchmarks/encoder_speed.py                 # first 10 PolNeAR train articles
    python benchmarks/encoder_speed.py --articles 30 --json encoder.json

Encodes each article's text as words (``\\w+|[^\\w\\s]``, the shape of spaCy's tokens)
in the encoder's default windows, with numpy's BLAS limited to 1 and to 2 threads, once
running all 6 layers and once the first 3 (a reader of the middle layer pays for no
more). All four settings run in the same process on the same words, so their ratios
hold on any machine; CPU time is reported beside wall time because a shared machine
makes wall time noisy.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from whosaid.encoder import Encoder

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear" / "train.jsonl"
WORD = re.compile(r"\w+|[^\w\s]")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    texts = []
    with open(args.corpus, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and len(texts) < args.articles:
                texts.append(WORD.findall(json.loads(line)["text"]))
    n_words = sum(map(len, texts))
    encoder = Encoder.load()
    encoder.word_states(texts[0][:50], layers=(1,))  # warm up the BLAS and the tokenizer
    figures = {"articles": len(texts), "words": n_words, "runs": []}
    for threads in (1, 2):
        for depth in (6, 3):
            with threadpool_limits(limits=threads, user_api="blas"):
                wall, cpu = time.perf_counter(), time.process_time()
                for words in texts:
                    encoder.word_states(words, layers=(depth,))
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            run = {"threads": threads, "layers": depth, "seconds": round(wall, 2),
                   "cpu_seconds": round(cpu, 2), "words_per_s": round(n_words / wall, 1),
                   "words_per_cpu_s": round(n_words / cpu, 1)}
            figures["runs"].append(run)
            print(f"{threads} thread(s), {depth} layers: {run['words_per_s']:8.1f} words/s "
                  f"({run['words_per_cpu_s']:.1f} per CPU second, {wall:.1f} s)", flush=True)
    base = figures["runs"][0]["words_per_s"]
    for run in figures["runs"]:
        run["ratio_to_1_thread_6_layers"] = round(run["words_per_s"] / base, 2)
    print(f"{n_words} words in {len(texts)} articles; ratios to 1 thread, 6 layers: "
          + ", ".join(f"{r['threads']}t/{r['layers']}L {r['ratio_to_1_thread_6_layers']}" for r in figures["runs"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
