"""A hard-wrapped copy of a PolNeAR-format JSONL file whose gold offsets stay valid.

Plain-text e-mails, wire feeds and ``.txt`` dumps break each paragraph's lines at
a fixed width. This writes PolNeAR that way: inside each line of the text, the
space at each wrap point becomes a line break (one character for one, so every
gold offset still holds). ``--body-first`` also cuts each text to open with its
body (the headline paragraph and the attributions in it removed, offsets
shifted, the title kept), so the wrapped text starts with a wrapped paragraph.

    python -m training.hard_wrap IN.jsonl OUT.jsonl --width 72 [--body-first]
"""

from __future__ import annotations

import argparse
import json
import sys

SPAN_FIELDS = ("source", "cue", "content")


def hard_wrap(text: str, width: int) -> str:
    """``text`` with each line broken at spaces into lines of at most ``width`` characters
    (a longer word keeps a line of its own); the same length as ``text``."""
    chars = list(text)
    line_start = 0
    last_space = -1
    for i in range(len(text) + 1):
        ch = text[i] if i < len(text) else "\n"
        if ch == " " and i + 1 < len(text) and text[i + 1] == " ":
            continue  # a break goes at the last space of a run, so the new line starts with a word
        if ch in " \n":
            if i - line_start > width and last_space > line_start:
                chars[last_space] = "\n"
                line_start = last_space + 1
            last_space = i
        if ch == "\n":
            line_start, last_space = i + 1, -1
    return "".join(chars)


def opening_with_body(article: dict) -> tuple[dict, int]:
    """The article cut to open with its body; and how many attributions in the headline were dropped."""
    text = article["text"]
    cut = text.find("\n\n")
    if cut < 0:
        return article, 0
    while cut < len(text) and text[cut] in "\n \t":
        cut += 1
    kept, dropped = [], 0
    for attribution in article["attributions"]:
        spans = [s for key in SPAN_FIELDS for s in attribution.get(key) or []]
        if any(start < cut for start, _ in spans):
            dropped += 1
            continue
        shifted = dict(attribution)
        for key in SPAN_FIELDS:
            if attribution.get(key):
                shifted[key] = [[s - cut, e - cut] for s, e in attribution[key]]
        kept.append(shifted)
    return {**article, "text": text[cut:], "attributions": kept}, dropped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=72, help="0 leaves the lines as they are")
    parser.add_argument("--body-first", action="store_true")
    args = parser.parse_args(argv)
    dropped = 0
    with open(args.input, encoding="utf-8") as source, open(args.output, "w", encoding="utf-8") as out:
        for line in source:
            article = json.loads(line)
            if args.body_first:
                article, lost = opening_with_body(article)
                dropped += lost
            if args.width:
                article["text"] = hard_wrap(article["text"], args.width)
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    if args.body_first:
        print(f"{dropped} attributions in headlines dropped", file=sys.stderr)


if __name__ == "__main__":
    main()
