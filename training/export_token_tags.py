"""Per-word tags (none, cue, source, content) of annotated articles, on the words the
accurate pipeline encodes, for fine-tuning the encoder (``training/finetune_encoder.py``).

The words are the spaCy tokens of the pipeline's parse (``--pipeline accurate``: the
en_core_web_md parse), one sentence at a time, as ``whosaid.attribute.encoder_cues``
encodes them; each sentence carries its subword ids (all-MiniLM-L6-v2's tokenizer,
special tokens left to the trainer) and the word each subword belongs to. A word is
tagged with the role of the annotated span covering it; a word inside spans of two roles
(a cue inside another quote's content) takes the narrower role, cue before source before
content, since the outer span is the one the other words already teach. Each word also
carries whether it is a cue candidate of the attribute stage (content words and colons,
``candidate_indices`` without a lemma filter), whether it anchors a gold cue (what the
cue head is fitted on) and its lower-cased lemma.

A sentence longer than one window (254 subwords) is written as pieces cut at word starts.
Runs in the product's environment; the output is JSON lines, one per sentence, read by
the trainer with the standard library only:

    PYTHONPATH=src:. python -m training.export_token_tags --split train \
        -o .cache/token-tags/train.jsonl
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from whosaid.attribute.candidates import candidate_indices
from whosaid.attribute.tokens import anchor_of, span_tokens

TAGS = ("none", "cue", "source", "content")
# The narrower role wins where spans of two roles cover a word.
PRIORITY = ("cue", "source", "content")


def word_tags(doc, attributions: Iterable[dict]) -> list[int]:
    """The tag index (``TAGS``) of every token of ``doc``."""
    attributions = list(attributions)
    tags = [0] * len(doc)
    for role in reversed(PRIORITY):
        value = TAGS.index(role)
        for attribution in attributions:
            for token in span_tokens(doc, attribution.get(role) or []):
                tags[token.i] = value
    return tags


def cue_anchor_indices(doc, attributions: Iterable[dict]) -> set[int]:
    found = set()
    for attribution in attributions:
        anchor = anchor_of(span_tokens(doc, attribution.get("cue") or []))
        if anchor is not None:
            found.add(anchor.i)
    return found


def sentence_rows(article_index: int, doc, attributions: list[dict], encoder) -> Iterator[dict]:
    """One row per sentence (or piece of a long one) of ``doc``."""
    tags = word_tags(doc, attributions)
    anchors = cue_anchor_indices(doc, attributions)
    candidates = set(candidate_indices(doc, None))
    for number, sent in enumerate(doc.sents):
        words = [t.text for t in sent]
        ids, word_of = encoder.tokenize(words)
        for begin, end in encoder.plan_windows(word_of) or [(0, 0)]:
            if end <= begin:
                continue
            first_word = int(word_of[begin])
            last_word = int(word_of[end - 1])
            span = range(sent.start + first_word, sent.start + last_word + 1)
            yield {
                "article": article_index,
                "sentence": number,
                "start": span.start,
                "ids": ids[begin:end].tolist(),
                "word_of": (word_of[begin:end] - first_word).tolist(),
                "tags": [tags[i] for i in span],
                "anchor": [int(i in anchors) for i in span],
                "candidate": [int(i in candidates) for i in span],
                "lemmas": [doc[i].lemma_.lower() for i in span],
            }


def export(articles: list[dict], docs, encoder, path: Path, log=print) -> int:
    """Write every sentence row of ``articles`` (parsed as ``docs``) to ``path``; the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for k, (article, doc) in enumerate(zip(articles, docs)):
            for row in sentence_rows(k, doc, article.get("attributions") or [], encoder):
                handle.write(json.dumps(row, separators=(",", ":")) + "\n")
                rows += 1
    tmp.replace(path)
    log(f"{rows:,} sentence rows of {len(articles)} articles -> {path}")
    return rows


def exporting_encoder(window: int = 256):
    """The encoder's tokenizer and window plan; consecutive pieces of a long sentence do
    not overlap, so every word is tagged once."""
    from whosaid.encoder import Encoder

    return Encoder.load(window=window, overlap=0)


def main(argv: list[str] | None = None) -> None:
    from training.polnear import load_split

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="train", help="a PolNeAR split; develop on train only")
    parser.add_argument("--pipeline", default="accurate")
    parser.add_argument("-o", "--output", type=Path, default=Path(".cache/token-tags/train.jsonl"))
    args = parser.parse_args(argv)
    started = time.time()
    articles, docs = load_split(args.split, pipeline=args.pipeline)
    print(f"parsed {len(docs)} articles in {time.time() - started:.0f}s")
    export(articles, docs, exporting_encoder(), args.output)


if __name__ == "__main__":
    main()
