"""Does a model report predicates that attribute nothing ("laid off 75 employees")?

``training/data/non_attribution_predicates.tsv`` holds sentences written for whosaid:
news-style events (label ``none``) and sentences whose predicate attributes (``cue``),
the same subjects in both; ``object_predicates.tsv`` the same for predicates whose
content would be a noun-phrase object or an infinitive ("laid off 300 workers" beside
"denied the report"). Each sentence is read on its own as a one-line article;
the figures are the share of ``none`` sentences with an attribution reported (should
be 0) and of ``cue`` sentences with one (should be 1). Not training data: no model
learns from these sentences.

    PYTHONPATH=src:. python -m training.probe_predicates --pipeline accurate [--model FILE] [--sentences TSV] [-v]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from whosaid.attribute.act import label_acts
from whosaid.attribute.extractor import extract
from whosaid.attribute.model import load_model
from whosaid.parse import load_pipeline
from whosaid.pipelines import PIPELINES, get_pipeline
from whosaid.quotes import find_quote_spans

SENTENCES = Path(__file__).resolve().parent / "data" / "non_attribution_predicates.tsv"
OBJECT_SENTENCES = SENTENCES.with_name("object_predicates.tsv")


def read_sentences(path: Path = SENTENCES) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        next(rows)
        return [(label, sentence) for label, sentence in rows]


def reported(sentences, nlp, model, details: list | None = None) -> list[list[str]]:
    """The cue words of what the model reports in each sentence; ``details`` gets, per
    sentence, each reported attribution's cue, confidence and act."""
    out = []
    for doc in nlp.pipe(sentences):
        found = label_acts(doc, extract(doc, find_quote_spans(doc.text), model=model))
        out.append([" ".join(doc.text[s:e] for s, e in a.cue) for a in found])
        if details is not None:
            details.append([(cue, a.confidence, a.act) for cue, a in zip(out[-1], found)])
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", choices=tuple(PIPELINES), default="fast")
    parser.add_argument("--model", type=Path, help="default: the pipeline's model")
    parser.add_argument("--sentences", type=Path, default=SENTENCES, help=f"default: {SENTENCES.name}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every sentence with what is reported (cue, confidence, act)")
    args = parser.parse_args(argv)
    pipeline = get_pipeline(args.pipeline)
    rows = read_sentences(args.sentences)
    details = []
    cues = reported([s for _, s in rows], load_pipeline(pipeline.spacy_size),
                    load_model(args.model or pipeline.attribution_model), details)
    if args.verbose:
        for (label, sentence), found in zip(rows, details):
            print(f"{label:<5} {'; '.join(f'{c} {p:.2f} {act}' for c, p, act in found) or '-':<32} {sentence}")
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
