"""Memory and time of one very long article (run by hand, not a test).

    python benchmarks/long_article.py                    # a 2,000,000-character article
    python benchmarks/long_article.py --chars 500000 --json long.json

Builds an article of the given length from paragraphs written here (quotes
with cues, pronoun and surname references, unquoted narrative, many different
people), then, each in a fresh process so each peak is its own:
  (a) baseline: the same kind of text as 40 short articles of 5,000 characters
      each, read one by one with ``Engine.analyze``;
  (b) the long article, read with ``Engine.analyze``.
Reports each run's peak resident memory (VmHWM), its memory above the loaded
pipeline, wall and CPU seconds, and (b)'s CPU seconds per character against
(a)'s: the ratio shows whether a long article costs more per character than
short ones.

Target: (b) under 1.5 GB peak at 2,000,000 characters, the documented limit.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

FIRST = ("Ann", "Peter", "Maria", "James", "Ruth", "Omar", "Lena", "David", "Grace", "Tomas", "Nadia", "Henry")
LAST = ("Adeyemi", "Lindqvist", "Okafor", "Brennan", "Castillo", "Hartmann", "Nakamura", "Whitfield", "Moreau", "Kowalski")
ROLES = ("the finance minister", "the mayor", "a council member", "the union leader", "the company's chief executive",
         "a senior official", "the opposition leader", "the health commissioner")
ORGS = ("the city council", "the transport authority", "the ministry", "the workers' union", "the regional hospital")
CLAIMS = ("the budget will be balanced by the end of the year", "the new bridge is safe for traffic",
          "the hospital needs more nurses before the winter", "nobody was told about the contract in advance",
          "the plan will cut waiting times in half", "the figures published last week were wrong",
          "the strike could last until the spring", "the schools will reopen on Monday")
SAYINGS = ("We have done everything we promised", "This is not the time to give up",
           "Nobody in this building knew about it", "The numbers simply do not add up",
           "I will not resign over this", "It is a good day for the people of this city",
           "We need answers, and we need them now", "That decision was taken without us")
NARRATIVE = ("The meeting lasted more than three hours and ended without a vote.",
             "Traffic on the main road was diverted for most of the afternoon.",
             "Several hundred people gathered outside the town hall on Tuesday.",
             "The report runs to more than two hundred pages and was published on Friday.",
             "Last year the council spent almost twice as much on repairs as it had planned.")


def build_article(n_chars: int, seed: int = 7) -> str:
    """A news article of exactly ``n_chars`` characters: a headline, a blank line, paragraphs."""
    rng = random.Random(seed)
    parts = ["City council faces questions over budget", ""]
    length = len(parts[0]) + 2
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        surname = name.split()[1]
        pronoun = rng.choice(("he", "she"))
        paragraph = rng.choice((
            f'"{rng.choice(SAYINGS)}," said {rng.choice(ROLES)}, {name}. "{rng.choice(SAYINGS)}."',
            f"{name}, {rng.choice(ROLES)}, told reporters that {rng.choice(CLAIMS)}. {rng.choice(NARRATIVE)}",
            f'{surname} said {rng.choice(CLAIMS)}. "{rng.choice(SAYINGS)}," {pronoun} added.',
            f"According to {rng.choice(ORGS)}, {rng.choice(CLAIMS)}.",
            f"{rng.choice(NARRATIVE)} {rng.choice(NARRATIVE)}",
            f'{name} said the plan was "{rng.choice(SAYINGS).lower()}" and that {rng.choice(CLAIMS)}.',
        ))
        if length + len(paragraph) + 2 > n_chars:
            break
        parts.append(paragraph)
        parts.append("")
        length += len(paragraph) + 2
    filler = " ".join(NARRATIVE * (1 + n_chars // 100))
    text = "\n".join(parts)
    return text + filler[: n_chars - len(text)]


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_child(kind: str, chars: int) -> dict:
    """In this process: load the engine, read the articles of ``kind``, report."""
    from whosaid.engine import Engine

    engine = Engine()
    engine.analyze(build_article(3000, seed=1))  # warm up: lazy tables load on first use
    loaded = rss_mb()
    texts = [build_article(5000, seed=s) for s in range(40)] if kind == "baseline" else [build_article(chars)]
    wall, cpu = time.perf_counter(), time.process_time()
    quotes = sum(len(engine.analyze(text).quotes) for text in texts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = sum(len(text) for text in texts)
    return {
        "run": kind, "characters": n, "articles": len(texts), "quotes": quotes,
        "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
        "cpu_us_per_char": round(cpu / n * 1e6, 2),
        "loaded_mb": round(loaded), "peak_mb": round(peak_rss_mb()), "above_loaded_mb": round(peak_rss_mb() - loaded),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=2_000_000, help="length of the long article (default: 2,000,000)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    parser.add_argument("--child", choices=("baseline", "long"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.chars)))
        return
    runs = []
    for kind in ("baseline", "long"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, "--chars", str(args.chars)],
            check=True, capture_output=True, text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(runs[-1]), flush=True)
    baseline, long = runs
    summary = {
        "long_peak_mb": long["peak_mb"],
        "under_1_5_gb": long["peak_mb"] < 1536,
        "cpu_per_char_ratio_long_vs_short": round(long["cpu_us_per_char"] / baseline["cpu_us_per_char"], 2),
    }
    print(json.dumps(summary))
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "summary": summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
