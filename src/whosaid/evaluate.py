"""Measure whosaid against annotated articles.

The figures follow the project's yardstick exactly (spans compared as sets of
word positions, contents matched one-to-one by Dice >= 0.5, best pairs first),
so a newsroom can measure whosaid on its own annotated articles and get the
numbers quoted in the docs:

  attribution          content matched and source shares a word (or both have none)
  attribution-strict   as above, source words identical
  content@0.5          content matched, whatever the source
  direct               attribution restricted to contents with a quotation mark
  speaker              where gold names a speaker: same surname (last word) and not two
                       different first names, or one name is the other's acronym
  gender               where the speaker is right and the article shows the gender
  cue/source/content exact     identical word sets, one-to-one
  cue/source/content overlap   word overlap of all spans of that role per article
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+")
_QUOTE_MARKS = frozenset("\"“”«»„")
_NO_GENDER = {"", "unknown", "none"}


@dataclass(frozen=True, slots=True)
class _SpeakerKey:
    """What two speaker names are compared on: "Mr. Trump" is "Donald Trump", "Bill
    Clinton" is not "Hillary Clinton", "FBI" is "Federal Bureau of Investigation"."""

    last: str
    acronym: str | None
    first: str | None

    def same(self, other: _SpeakerKey | None) -> bool:
        if other is None:
            return False
        if self.last == other.last:
            return not (self.first and other.first and self.first != other.first)
        return (self.acronym is not None and self.acronym == other.last) or (
            other.acronym is not None and other.acronym == self.last
        )


@dataclass(frozen=True, slots=True)
class _Item:
    source: frozenset[int]
    cue: frozenset[int]
    content: frozenset[int]
    quoted: bool
    speaker: _SpeakerKey | None
    gender: str | None
    gender_in_text: bool


class _Counts:
    __slots__ = ("tp", "pred", "gold")

    def __init__(self) -> None:
        self.tp = self.pred = self.gold = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def figures(self) -> dict[str, float | int]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": self.tp, "pred": self.pred, "gold": self.gold}


def _pairs(value: Any) -> list[tuple[int, int]]:
    if not value:
        return []
    if isinstance(value, Mapping):
        value = [value]
    out = []
    for item in value:
        if isinstance(item, Mapping):
            out.append((int(item["start"]), int(item["end"])))
        else:
            out.append((int(item[0]), int(item[1])))
    return out


class _WordIndex:
    def __init__(self, text: str):
        self.text = text
        matches = list(_WORD.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def words(self, value: Any) -> frozenset[int]:
        found: set[int] = set()
        for start, end in _pairs(value):
            i = bisect.bisect_right(self.ends, start)
            while i < len(self.starts) and self.starts[i] < end:
                found.add(i)
                i += 1
        return frozenset(found)

    def quoted(self, value: Any) -> bool:
        return any(
            ch in _QUOTE_MARKS for start, end in _pairs(value) for ch in self.text[max(0, start - 1) : end + 1]
        )


# Words that stand before a name without being a first name.
_TITLES = frozenset(
    "mr mrs ms miss dr sen senator rep gov governor president secretary gen general judge justice mayor "
    "prof professor sir lord lady rev pope king queen prince princess chancellor minister the".split()
)
_NOT_INITIALS = frozenset(("of", "the", "and", "for", "on", "in"))


def _speaker_key(name: Any) -> _SpeakerKey | None:
    if isinstance(name, Mapping):
        name = name.get("name")
    words = _WORD.findall((name or "").lower())
    if not words:
        return None
    if len(words) > 1 and all(len(w) == 1 for w in words):  # "U.S." is the acronym "us"
        letters = "".join(words)
        return _SpeakerKey(letters, letters, None)
    initials = "".join(w[0] for w in words if w not in _NOT_INITIALS)
    named = [w for w in words if w not in _TITLES]
    first = named[0] if len(named) > 1 and len(named[0]) > 1 else None
    return _SpeakerKey(words[-1], initials if len(initials) > 1 else None, first)


def _gender(record: Mapping[str, Any]) -> str | None:
    value = record.get("gender")
    if isinstance(value, Mapping):
        value = value.get("label") or value.get("value") or value.get("gender")
    value = (value or "").strip().lower()
    return None if value in _NO_GENDER else value


def _items(index: _WordIndex, records: Iterable[Mapping[str, Any]] | None) -> list[_Item]:
    items = []
    for r in records or []:
        content = index.words(r.get("content"))
        if not content:
            continue
        items.append(
            _Item(
                source=index.words(r.get("source")),
                cue=index.words(r.get("cue")),
                content=content,
                quoted=index.quoted(r.get("content")),
                speaker=_speaker_key(r.get("speaker")),
                gender=_gender(r),
                gender_in_text=r.get("gender_evidence") == "text",
            )
        )
    return items


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _match(gold: list[_Item], pred: list[_Item]) -> list[tuple[int, int]]:
    scored = sorted(
        ((_dice(g.content, p.content), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs = []
    for dice, gi, pi in scored:
        if dice < 0.5:
            break
        if gi in taken_gold or pi in taken_pred:
            continue
        taken_gold.add(gi)
        taken_pred.add(pi)
        pairs.append((gi, pi))
    return pairs


def _source_right(gold: _Item, pred: _Item, strict: bool) -> bool:
    if not gold.source or not pred.source:
        return not gold.source and not pred.source
    return gold.source == pred.source if strict else bool(gold.source & pred.source)


def score(gold_docs: Mapping[str, Mapping], pred_docs: Mapping[str, Mapping]) -> dict[str, Any]:
    """Figures for predictions against gold, both keyed by article id."""
    names = ("attribution", "attribution-strict", "content@0.5", "direct", "speaker", "gender")
    counts = {name: _Counts() for name in names}
    roles = {"cue": "cue", "source": "source", "content": "content"}
    exact = {role: _Counts() for role in roles}
    overlap = {role: _Counts() for role in roles}
    for doc_id, gold_doc in gold_docs.items():
        index = _WordIndex(gold_doc["text"])
        pred_doc = pred_docs.get(doc_id, {})
        gold = _items(index, gold_doc.get("attributions"))
        pred = _items(index, pred_doc.get("quotes", pred_doc.get("attributions")))
        pairs = _match(gold, pred)
        counts["attribution"].add(sum(_source_right(gold[g], pred[p], False) for g, p in pairs), len(pred), len(gold))
        counts["attribution-strict"].add(sum(_source_right(gold[g], pred[p], True) for g, p in pairs), len(pred), len(gold))
        counts["content@0.5"].add(len(pairs), len(pred), len(gold))

        named = [(g, p) for g, p in pairs if gold[g].speaker]
        right = [(g, p) for g, p in named if gold[g].speaker.same(pred[p].speaker)]
        counts["speaker"].add(len(right), sum(1 for _, p in named if pred[p].speaker), sum(1 for a in gold if a.speaker))
        shown = [(g, p) for g, p in right if gold[g].gender and gold[g].gender_in_text]
        counts["gender"].add(
            sum(1 for g, p in shown if pred[p].gender == gold[g].gender),
            sum(1 for _, p in shown if pred[p].gender),
            len(shown),
        )

        gold_direct = [a for a in gold if a.quoted]
        pred_direct = [a for a in pred if a.quoted]
        counts["direct"].add(
            sum(_source_right(gold_direct[g], pred_direct[p], False) for g, p in _match(gold_direct, pred_direct)),
            len(pred_direct),
            len(gold_direct),
        )
        for role in roles:
            gold_spans = [getattr(a, role) for a in gold if getattr(a, role)]
            pred_spans = [getattr(a, role) for a in pred if getattr(a, role)]
            unmatched = list(gold_spans)
            hits = 0
            for span in pred_spans:
                if span in unmatched:
                    unmatched.remove(span)
                    hits += 1
            exact[role].add(hits, len(pred_spans), len(gold_spans))
            gold_words = frozenset().union(*gold_spans)
            pred_words = frozenset().union(*pred_spans)
            overlap[role].add(len(gold_words & pred_words), len(pred_words), len(gold_words))

    report: dict[str, Any] = {
        name: c.figures() for name, c in counts.items() if name not in ("speaker", "gender") or c.gold
    }
    report.update({f"{role} exact": c.figures() for role, c in exact.items()})
    report.update({f"{role} overlap": c.figures() for role, c in overlap.items()})
    report["articles"] = len(gold_docs)
    report["articles predicted"] = sum(1 for doc_id in gold_docs if doc_id in pred_docs)
    return report


def rows_left_out(gold_docs: Mapping[str, Mapping], report: Mapping[str, Any]) -> list[str]:
    """Why ``report`` has no speaker or no gender row, one sentence each (the scorer leaves a row out
    when gold gives it nothing to score); empty when both rows are there."""
    named = shown = 0
    for doc in gold_docs.values():
        for item in _items(_WordIndex(doc["text"]), doc.get("attributions")):
            named += item.speaker is not None
            shown += bool(item.gender and item.gender_in_text)
    reasons = []
    if "speaker" not in report:
        reasons.append('the speaker row is left out: no attribution in the gold file names a "speaker"')
    if "gender" not in report:
        if not shown:
            reasons.append(
                'the gender row is left out: no attribution in the gold file has a "gender" with '
                '"gender_evidence": "text", and only genders the article itself shows are scored'
            )
        else:
            reasons.append(
                f"the gender row is left out: none of the {shown:,} attributions whose gender the article shows "
                "was found with its speaker right, and gender is scored only there"
            )
    return reasons


def format_report(report: Mapping[str, Any]) -> str:
    lines = [
        f"articles: {report['articles']} (with predictions: {report['articles predicted']})",
        f"{'metric':<22}{'P':>8}{'R':>8}{'F1':>8}{'tp':>8}{'pred':>8}{'gold':>8}",
    ]
    for name, v in report.items():
        if isinstance(v, Mapping):
            lines.append(f"{name:<22}{v['p']:>8.3f}{v['r']:>8.3f}{v['f1']:>8.3f}{v['tp']:>8}{v['pred']:>8}{v['gold']:>8}")
    return "\n".join(lines)


def read_jsonl(path: str | Path) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                docs[doc["id"]] = doc
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}, line {number}: not an article with an id ({exc})") from exc
    return docs
