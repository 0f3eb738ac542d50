"""Why found quotes miss their named speaker: each gold attribution of a speaker set that names
its speaker, whose content a prediction matches (the scorer's matching: content Dice >= 0.5 on
words, one to one), but whose predicted speaker is missing or another one, put in one class:

* ``no source``: the prediction has no source span (a carried-on quote, a cue with no subject);
* ``source elsewhere, same sentence`` / ``source elsewhere, other sentence``: the predicted
  source shares no word with the gold source (taken from another clause, or the speaker is
  named in a sentence before or after the quotation's);
* ``source found, unnamed`` / ``source found, wrong name``: the predicted source shares a word
  with the gold source, and the resolver named no one, or someone else.

Each miss is then resolved again with its gold source span (the rest of the article's
predictions as they are): ``gold span right`` says the resolver names the speaker from the
gold span, so the source choice is what fails; otherwise the resolver fails on the mention
itself. Each class is split by the gold mention type (``train-speakers.json``), the predicted
source's form (``X's N``: a noun with a possessor, the form "Zornick's comment" takes), and for
pronouns and descriptions by how many sentences back the speaker's surname was last written
(outside the source itself).

    # an extract of the speaker set (speakers as the engine names them)
    PYTHONPATH=src:. python -m training.speaker_misses PRED.jsonl [--pipeline accurate]
    # out of fold: speaker_losses --fold-models DIR --save OOF.jsonl, then
    PYTHONPATH=src:. python -m training.speaker_misses OOF.jsonl

``--examples CLASS`` lists the misses of the classes starting with CLASS.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
from collections import Counter
from pathlib import Path

from training.eval_attribution import load_scorer
from training.polnear import POLNEAR, load_split, read_jsonl

CLASSES = (
    "no source",
    "source elsewhere, same sentence",
    "source elsewhere, other sentence",
    "source found, unnamed",
    "source found, wrong name",
)
DISTANCES = ("same sentence", "1 back", "2-4 back", "5+ back", "not before")


def _offsets(value) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in value or [])


def _attribution(quote: dict, source=None):
    from whosaid.records import Attribution

    return Attribution(content=_offsets(quote.get("content")),
                       source=_offsets(quote.get("source") if source is None else source),
                       cue=_offsets(quote.get("cue")), kind=quote.get("kind") or "indirect")


def _resolved(doc, author, quotes: list[dict], sources: dict[int, list]) -> list[str | None]:
    """The speaker name of every quote, resolved from its spans (``sources`` replaces some
    quotes' source spans)."""
    from whosaid.resolve.resolver import Resolver

    attributions = [_attribution(q, sources.get(i)) for i, q in enumerate(quotes)]
    resolution = Resolver(doc, author=author).resolve(attributions)
    return [resolution.entities[k].name if k is not None else None for k in resolution.speakers]


def source_form(doc, spans) -> str:
    """The form of a predicted source: none, pronoun, name, X's N (a noun with a possessor),
    description."""
    start = min((s for s, _ in spans), default=None)
    if start is None:
        return "none"
    end = max(e for _, e in spans)
    tokens = [t for t in doc if start <= t.idx < end and not t.is_punct and not t.is_space]
    if not tokens:
        return "none"
    ids = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[0])
    if root.pos_ == "PRON":
        return "pronoun"
    if root.pos_ == "NOUN" and any(c.dep_ == "poss" for c in root.children):
        return "X's N"
    if root.pos_ == "PROPN" or root.ent_type_:
        return "name"
    return "description"


def sentences_back(doc, text: str, speaker: str, source) -> str:
    """How many sentences before the gold source the speaker's surname was last written."""
    words = re.findall(r"\w+", speaker or "")
    if not words or not source:
        return "not before"
    start = min(s for s, _ in source)
    end = max(e for _, e in source)
    starts = [s.start_char for s in doc.sents]
    here = bisect.bisect_right(starts, start) - 1
    found = [m.start() for m in re.finditer(r"\b" + re.escape(words[-1]) + r"\b", text)
             if m.start() < start or m.start() >= end]
    before = [m for m in found if m < start]
    if not before:
        return "not before"
    back = here - (bisect.bisect_right(starts, before[-1]) - 1)
    return DISTANCES[0] if back == 0 else DISTANCES[1] if back == 1 else DISTANCES[2] if back <= 4 else DISTANCES[3]


def misses(articles: list[dict], docs, predictions: dict, evidence: dict) -> tuple[list[dict], int]:
    """One row per matched named gold attribution whose speaker is missed; and how many matched.
    ``evidence``: article id -> gold id -> its notes (``mention_type``), as the speaker set's JSON."""
    scorer = load_scorer()
    rows, matched_named = [], 0
    for article, doc in zip(articles, docs):
        text = article["text"]
        words = scorer.Words(text)
        gold = [g for g in article["attributions"] if words.of(g.get("content"))]
        quotes = [q for q in predictions.get(article["id"], {}).get("quotes", []) if words.of(q.get("content"))]
        pairs = scorer.match_contents([{"c": words.of(g["content"])} for g in gold],
                                      [{"c": words.of(q["content"])} for q in quotes])
        missed = []
        for gi, pi in pairs:
            g, q = gold[gi], quotes[pi]
            who = scorer.surname(g.get("speaker"))
            if not who:
                continue
            matched_named += 1
            if not scorer.same_speaker(who, scorer.surname(q.get("speaker"))):
                missed.append((g, pi))
        if not missed:
            continue
        as_given = _resolved(doc, article.get("author"), quotes, {})
        with_gold = _resolved(doc, article.get("author"), quotes, {pi: g.get("source") for g, pi in missed})
        for g, pi in missed:
            q = quotes[pi]
            gold_source, source = words.of(g.get("source")), words.of(q.get("source"))
            if not source:
                kind = "no source"
            elif not gold_source & source:
                same = _sentence(doc, g.get("source")) == _sentence(doc, q.get("source"))
                kind = "source elsewhere, same sentence" if same else "source elsewhere, other sentence"
            else:
                kind = "source found, wrong name" if q.get("speaker") else "source found, unnamed"
            mention = evidence.get(article["id"], {}).get(g.get("id"), {}).get("mention_type") or "other"
            rows.append({
                "class": kind, "article": article["id"], "id": g.get("id"), "mention": mention,
                "form": source_form(doc, q.get("source")),
                "distance": sentences_back(doc, text, g["speaker"], g.get("source"))
                if mention in ("pronoun", "nominal") else "-",
                "gold span right": scorer.same_speaker(scorer.surname(g["speaker"]), scorer.surname(with_gold[pi])),
                "spans resolve as engine": as_given[pi] == q.get("speaker"),
                "gold speaker": g["speaker"],
                "gold source": " | ".join(text[s:e] for s, e in g.get("source") or []),
                "source": " | ".join(text[s:e] for s, e in q.get("source") or []),
                "cue": " | ".join(text[s:e] for s, e in q.get("cue") or []),
                "speaker": q.get("speaker"),
            })
    return rows, matched_named


def _sentence(doc, spans) -> int | None:
    if not spans:
        return None
    start = min(s for s, _ in spans)
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return span[0].sent.start if span is not None and len(span) else None


def table(rows: list[dict], matched_named: int) -> str:
    lines = [f"matched named gold attributions: {matched_named}; speaker missed: {len(rows)}",
             "| class | n | gold span right | name | nominal | pronoun | predicted source form |",
             "|---|---|---|---|---|---|---|"]
    for name in CLASSES:
        here = [r for r in rows if r["class"] == name]
        if not here:
            continue
        mentions = Counter(r["mention"] for r in here)
        forms = Counter(r["form"] for r in here)
        lines.append(f"| {name} | {len(here)} | {sum(r['gold span right'] for r in here)} | {mentions['name']} | "
                     f"{mentions['nominal']} | {mentions['pronoun']} | "
                     + ", ".join(f"{f} {n}" for f, n in forms.most_common()) + " |")
    distances = Counter(r["distance"] for r in rows if r["distance"] != "-")
    lines.append("pronoun and description sources, speaker's surname last written: "
                 + ", ".join(f"{d} {distances[d]}" for d in DISTANCES if distances[d]))
    lines.append(f"spans resolved from the JSON as the engine named them: "
                 f"{sum(r['spans resolve as engine'] for r in rows)}/{len(rows)}")
    return "\n".join(lines)


def main(argv=None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("predictions", type=Path, help="predictions with speakers (an extract of the speaker set)")
    options.add_argument("--split", default="train-speakers", help="speaker set (default: train-speakers)")
    options.add_argument("--pipeline", default=None, help="parse to resolve with (fast or accurate)")
    options.add_argument("--examples", metavar="CLASS", action="append", default=[],
                         help="list the misses of this class (a prefix will do)")
    args = options.parse_args(argv)
    predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    articles, docs = load_split(args.split, pipeline=args.pipeline)
    evidence = json.loads((POLNEAR / f"{args.split}.json").read_text(encoding="utf-8"))["speakers"]
    rows, matched_named = misses(articles, docs, predictions, evidence)
    print(table(rows, matched_named))
    for prefix in args.examples:
        for r in rows:
            if r["class"].startswith(prefix):
                print(f"{r['class'][:24]:24} {r['article'][:30]:30} {r['id']:4} {r['mention']:8} {r['form']:11} "
                      f"{'G' if r['gold span right'] else '-'} gold={r['gold speaker']!r} "
                      f"src={r['gold source'][:40]!r} pred_src={r['source'][:40]!r} got={r['speaker']!r} "
                      f"cue={r['cue'][:20]!r} {r['distance']}")


if __name__ == "__main__":
    main()
