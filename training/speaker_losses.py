"""Where the named gold attributions of a speaker set go: the scorer's speaker recall, taken apart.

Every gold attribution that carries a speaker name (the scorer's ``speaker`` row counts
these) is put in one bucket, with the scorer's own matching (its module is imported:
content Dice >= 0.5 on words, one to one, best pairs first; its surname match):

* ``right``: matched, and the predicted speaker names the same one;
* ``wrong name``: matched, a speaker named, another one;
* ``matched, no source``: matched, the prediction has no source span and names no one;
* ``matched, source unnamed``: matched with a source, no speaker, kind ``unnamed`` and no
  description: the resolver found no one the source stands for;
* ``matched, source a group or unnamed body``: matched with a source the resolver read as a
  group, an organisation with no name, or a description (``speaker_description``);
* ``boundary``: no match, but a prediction's content shares words with it (Dice < 0.5),
  split by whether that prediction is free or matched to another gold attribution;
* ``cue found, no content``: no content overlaps, but a prediction's cue shares a word with
  the gold cue;
* ``not found``: nothing of it predicted.

Each bucket is split by the gold mention type (``train-speakers.json``: name, nominal,
pronoun, other) and the speaker's kind; ``not found`` also by direct or indirect (a
quotation mark in the content) and by how often the cue's lemma anchors a gold cue in
all of train (``unseen``, ``1-9``, ``10+``; the fast parse's lemmas).

Predictions are read three ways:

    # an extract of the speaker set (speakers as the engine names them)
    PYTHONPATH=src:. python -m training.speaker_losses PRED.jsonl
    # out of fold: every article read by the engine with the attribution model of its fold
    # (train_attribution --folds 5 --fold-models DIR; article i of train is in fold i % K)
    PYTHONPATH=src:. python -m training.speaker_losses --fold-models DIR
    # predicted spans without speakers (train_attribution --predictions P), resolved as
    # eval_resolve resolves gold spans: the source head found again from the span
    PYTHONPATH=src:. python -m training.speaker_losses --resolve-spans P --pipeline accurate

``--examples BUCKET`` lists that bucket's attributions; ``--markdown`` prints the tables
as docs/resolution.md holds them.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from training.eval_attribution import load_scorer
from training.polnear import POLNEAR, read_jsonl
from training.recall_by_cue_lemma import band

BUCKETS = (
    "right",
    "wrong name",
    "matched, no source",
    "matched, source unnamed",
    "matched, source a group or unnamed body",
    "boundary, content free",
    "boundary, content matched elsewhere",
    "cue found, no content",
    "not found",
)
MENTIONS = ("name", "nominal", "pronoun", "other")
BANDS = ("unseen", "1-9", "10+", "no cue")


def _converted(words, scorer, attributions) -> list[dict]:
    """The scorer's view of each attribution (word sets, surname), the record kept beside it."""
    out = []
    for a in attributions or []:
        content = words.of(a.get("content"))
        if content:
            out.append({"c": content, "s": words.of(a.get("source")), "q": words.of(a.get("cue")),
                        "who": scorer.surname(a.get("speaker")), "record": a})
    return out


def bucket_of(gold: dict, pred: list[dict], matched: dict[int, int], gi: int, scorer) -> str:
    if gi in matched:
        p = pred[matched[gi]]
        if p["who"]:
            return "right" if scorer.same_speaker(gold["who"], p["who"]) else "wrong name"
        record = p["record"]
        if not p["s"]:
            return "matched, no source"
        if record.get("speaker_kind") in (None, "unnamed") and not record.get("speaker_description"):
            return "matched, source unnamed"
        return "matched, source a group or unnamed body"
    taken = set(matched.values())
    overlapping = [pi for pi, p in enumerate(pred) if p["c"] & gold["c"]]
    if overlapping:
        if any(pi not in taken for pi in overlapping):
            return "boundary, content free"
        return "boundary, content matched elsewhere"
    if gold["q"] and any(p["q"] & gold["q"] for p in pred):
        return "cue found, no content"
    return "not found"


def losses(articles: list[dict], predictions: dict, evidence: dict, cue_bands: dict | None = None) -> list[dict]:
    """One row per named gold attribution: its bucket, mention type, kind, directness, cue band."""
    scorer = load_scorer()
    rows = []
    for article in articles:
        words = scorer.Words(article["text"])
        gold = _converted(words, scorer, article["attributions"])
        predicted = predictions.get(article["id"], {})
        pred = _converted(words, scorer, predicted.get("quotes", predicted.get("attributions")))
        matched = dict(scorer.match_contents(gold, pred))
        notes = evidence.get(article["id"], {})
        for gi, g in enumerate(gold):
            if not g["who"]:
                continue
            record = g["record"]
            note = notes.get(record.get("id"), {})
            p = pred[matched[gi]]["record"] if gi in matched else None
            rows.append({
                "article": article["id"],
                "id": record.get("id"),
                "bucket": bucket_of(g, pred, matched, gi, scorer),
                "mention": note.get("mention_type") or "other",
                "kind": record.get("speaker_kind") or note.get("kind") or "?",
                "direct": words.has_quote(record.get("content")),
                "band": (cue_bands or {}).get((article["id"], record.get("id")), "no cue"),
                "gold speaker": record.get("speaker"),
                "gold source": " | ".join(article["text"][s:e] for s, e in record.get("source") or []),
                "cue": " | ".join(article["text"][s:e] for s, e in record.get("cue") or []),
                "predicted speaker": p.get("speaker") if p else None,
                "predicted source": " | ".join(article["text"][s:e] for s, e in p.get("source") or []) if p else None,
            })
    return rows


def cue_bands_of(articles: list[dict], pipeline: str | None = None) -> dict:
    """(article id, gold id) -> band of how often its cue's lemma anchors a gold cue in train."""
    from whosaid.attribute.tokens import anchor_of, span_tokens
    from training.polnear import load_split
    from training.train_attribution import cue_lemma_counts

    train, train_docs = load_split("train", pipeline=pipeline)
    counts = cue_lemma_counts(train, train_docs)
    by_id = {a["id"]: doc for a, doc in zip(train, train_docs)}
    out = {}
    for article in articles:
        doc = by_id.get(article["id"])
        if doc is None:
            continue
        for attribution in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, attribution["cue"])) if attribution.get("cue") else None
            out[(article["id"], attribution.get("id"))] = (
                "no cue" if anchor is None else band(counts[anchor.lemma_.lower()]))
    return out


def table(rows: list[dict]) -> str:
    total = len(rows)
    lines = ["| bucket | n | share | " + " | ".join(MENTIONS) + " | person | organization | other kind |",
             "|---|---|---|" + "---|" * (len(MENTIONS) + 3)]
    for name in BUCKETS:
        here = [r for r in rows if r["bucket"] == name]
        if not here:
            continue
        mentions = Counter(r["mention"] for r in here)
        kinds = Counter(r["kind"] for r in here)
        other = len(here) - kinds["person"] - kinds["organization"]
        lines.append(f"| {name} | {len(here)} | {len(here) / total:.3f} | "
                     + " | ".join(str(mentions[m]) for m in MENTIONS)
                     + f" | {kinds['person']} | {kinds['organization']} | {other} |")
    mentions = Counter(r["mention"] for r in rows)
    lines.append(f"| all named | {total} | 1.000 | " + " | ".join(str(mentions[m]) for m in MENTIONS) + " | | | |")
    missing = [r for r in rows if r["bucket"] == "not found"]
    if missing:
        direct = sum(r["direct"] for r in missing)
        bands = Counter(r["band"] for r in missing)
        every_band = Counter(r["band"] for r in rows)
        lines.append("")
        lines.append(f"not found: {direct} direct, {len(missing) - direct} indirect; by cue lemma band "
                     + ", ".join(f"{b} {bands[b]}/{every_band[b]}" for b in BANDS if every_band[b]))
    right = sum(r["bucket"] == "right" for r in rows)
    named = right + sum(r["bucket"] == "wrong name" for r in rows)
    lines.append(f"speaker recall {right}/{total} = {right / total:.3f}, precision {right}/{named}"
                 + (f" = {right / named:.3f}" if named else ""))
    return "\n".join(lines)


def engine_out_of_fold(articles: list[dict], models: Path) -> dict:
    """Each article read by the engine with the attribution model of the fold that held it out."""
    from whosaid.attribute.model import AttributionModel
    from whosaid.engine import read_doc
    from training.polnear import load_split

    train_ids = [a["id"] for a in read_jsonl(POLNEAR / "train.jsonl")]
    files = sorted(models.glob("fold-*-of-*.json"))
    folds = int(files[0].stem.rsplit("-", 1)[1])
    fold_models = [AttributionModel.from_file(models / f"fold-{k + 1}-of-{folds}.json") for k in range(folds)]
    speaker_set, docs = load_split("train-speakers")
    by_id = dict(zip((a["id"] for a in speaker_set), docs))
    out = {}
    for article in articles:
        model = fold_models[train_ids.index(article["id"]) % folds]
        result = read_doc(by_id[article["id"]], article["id"], article.get("author"), attribution_model=model)
        out[article["id"]] = result.to_json()
    return out


def resolved_spans(articles: list[dict], path: Path, pipeline: str | None) -> dict:
    """Predicted spans (no speakers, no token heads) resolved as gold spans are by eval_resolve."""
    from whosaid.records import Attribution
    from whosaid.resolve.resolver import Resolver
    from training.polnear import load_split

    predicted = {p["id"]: p for p in read_jsonl(path)}
    names, docs = load_split("train-speakers", pipeline=pipeline)
    by_id = dict(zip((a["id"] for a in names), docs))
    out = {}
    for article in articles:
        quotes = predicted.get(article["id"], {}).get("quotes", [])
        attributions = [Attribution(content=tuple(map(tuple, q.get("content") or [])),
                                    source=tuple(map(tuple, q.get("source") or [])),
                                    cue=tuple(map(tuple, q.get("cue") or [])), kind=q.get("kind") or "indirect")
                        for q in quotes]
        resolution = Resolver(by_id[article["id"]], author=article.get("author")).resolve(attributions)
        lines = []
        for i, (q, att) in enumerate(zip(quotes, attributions)):
            index = resolution.speakers[i]
            speaker = resolution.entities[index] if index is not None else None
            lines.append({**q, "speaker": speaker.name if speaker else None,
                          "speaker_kind": speaker.kind if speaker else resolution.kinds[i],
                          "speaker_description": resolution.descriptions[i] if not speaker else None})
        out[article["id"]] = {"quotes": lines}
    return out


def main(argv=None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("predictions", type=Path, nargs="?", help="an extract of the speaker set")
    options.add_argument("--split", default="train-speakers", help="speaker set (default: train-speakers)")
    options.add_argument("--fold-models", type=Path, metavar="DIR",
                         help="read each article with its fold's attribution model (fast pipeline)")
    options.add_argument("--resolve-spans", type=Path, metavar="JSONL",
                         help="predicted spans without speakers (out-of-fold predictions) to resolve")
    options.add_argument("--pipeline", default=None, help="parse for --resolve-spans (fast or accurate)")
    options.add_argument("--no-cue-bands", action="store_true", help="skip the cue lemma bands (reads all of train)")
    options.add_argument("--examples", metavar="BUCKET", action="append", default=[],
                         help="list the attributions of this bucket (a prefix will do)")
    options.add_argument("--save", type=Path, help="write the resolved predictions here")
    args = options.parse_args(argv)
    articles = read_jsonl(POLNEAR / f"{args.split}.jsonl")
    evidence = json.loads((POLNEAR / f"{args.split}.json").read_text(encoding="utf-8"))["speakers"]
    if args.fold_models:
        predictions = engine_out_of_fold(articles, args.fold_models)
    elif args.resolve_spans:
        predictions = resolved_spans(articles, args.resolve_spans, args.pipeline)
    elif args.predictions:
        predictions = {p["id"]: p for p in read_jsonl(args.predictions)}
    else:
        options.error("give PREDICTIONS, --fold-models or --resolve-spans")
    if args.save:
        args.save.write_text("".join(json.dumps({"id": k, **v}) + "\n" for k, v in predictions.items()),
                             encoding="utf-8")
    bands = None if args.no_cue_bands else cue_bands_of(articles)
    rows = losses(articles, predictions, evidence, bands)
    print(table(rows))
    for prefix in args.examples:
        for r in rows:
            if r["bucket"].startswith(prefix):
                print(f"{r['bucket'][:24]:24} {r['article'][:36]:36} {r['id']:4} {r['mention']:8} "
                      f"{r['gold source'][:40]!r:42} gold={r['gold speaker']!r} "
                      f"pred_src={(r['predicted source'] or '')[:40]!r} got={r['predicted speaker']!r} cue={r['cue'][:20]!r}")


if __name__ == "__main__":
    main()
