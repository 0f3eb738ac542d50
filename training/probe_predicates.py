"""Does a model report predicates that attribute nothing ("laid off 75 employees")?

``training/data/non_attribution_predicates.tsv`` holds sentences written for whosaid:
news-style events (label ``none``) and sentences whose predicate attributes (``cue``),
the same subjects in both. Each sentence is read on its own as a one-line article;
the figures are the share of ``none`` sentences with an attribution reported (should
be 0) and of ``cue`` sentences with one (should be 1). Not training data: no model
learns from these sentences.

    PYTHONPATH=src:. python -m training.probe_predicates --pipeline accurate [--model FILE]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from whosaid.attribute.extractor import extract
from whosaid.attribute.model import load_model
from whosaid.parse import load_pipeline
from whosaid.pipelines import PIPELINES, get_pipeline
from whosaid.quotes import find_quote_spans

SENTENCES = Path(__file__).resolve().parent / "data" / "non_attribution_predicates.tsv"


def read_sentences(path: Path = SENTENCES) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        next(rows)
        return [(label, sentence) for label, sentence in rows]


def reported(sentences, nlp, model) -> list[list[str]]:
    """The cue words of what the model reports in each sentence."""
    out = []
    for doc in nlp.pipe(sentences):
        found = extract(doc, find_quote_spans(doc.text), model=model)
        out.append([" ".join(doc.text[s:e] for s, e in a.cue) for a in found])
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", choices=tuple(PIPELINES), default="fast")
    parser.add_argument("--model", type=Path, help="default: the pipeline's model")
    args = parser.parse_args(argv)
    pipeline = get_pipeline(args.pipeline)
    rows = read_sentences()
    cues = reported([s for _, s in rows], load_pipeline(pipeline.spacy_size),
                    load_model(args.model or pipeline.attribution_model))
    figures = {}
    for label in ("none", "cue"):
        picked = [(s, c) for (lab, s), c in zip(rows, cues) if lab == label]
        hits = [(s, c) for s, c in picked if c]
        figures[label] = {"reported": len(hits), "sentences": len(picked)}
        print(f"{label}: {len(hits)}/{len(picked)} sentences with an attribution reported")
        if label == "none":
            for sentence, cue in hits:
                print(f"    {cue}: {sentence}")
    return figures


if __name__ == "__main__":
    main()
