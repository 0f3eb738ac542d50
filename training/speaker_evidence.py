"""The evidence a named speaker rests on, described in a few numbers.

A named speaker rests on evidence of very different strength: a full name in
the source span, a bare surname, "he" three sentences after the last name, a
description ("the company") given to the most salient organisation, a quote
with no source carrying on the speaker of the one before. ``evidence`` describes
it by what holds in any article, not by the words of a particular one: the form
of the source mention, how far back and past how many rivals of its kind its
antecedent was last named, how sure the attribute stage was of the span, how
much of the article names the speaker, whether namesakes or mixed NER labels
make the name itself uncertain. ``training.speaker_confidence`` reads which of
these predict a wrong speaker.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter

from spacy.tokens import Token

from whosaid.lexicon import FIRST_SECOND_PRONOUNS, RELATIVE_PRONOUNS
from whosaid.records import Attribution
from whosaid.resolve.linking import Referent
from whosaid.resolve.resolver import Resolver

# The form of the source mention the speaker was read from.
FORMS = ("full-name", "one-word-name", "pronoun", "relative", "first-person", "description", "carried")
# Beyond these the evidence is as weak as it gets; capping keeps the few far outliers from
# setting a slope.
MAX_SENTENCES = 12
MAX_RIVALS = 6

FEATURES = (
    *(f"form={form}" for form in FORMS),
    "organization",
    "sentences-back",
    "named-only-after",
    "rivals",
    "attribution-doubt",
    "article-share",
    "in-headline",
    "namesakes",
    "mixed-labels",
    "source-words",
    "named-sources",
)


def evidence(
    r: Resolver, attributions: list[Attribution], heads: list[Token | None], referents: list[Referent]
) -> list[dict[str, float] | None]:
    """The evidence for each attribution's speaker (``referents[i]``, read from the source head
    ``heads[i]``, None when the quote carried on the speaker before it); None where it names no one."""
    named = [
        (m.head, k) for k, entity in enumerate(r.table.entities) if entity.kind != "place"
        for m in entity.name_mentions
    ]
    named.sort()
    named_at = [head for head, _ in named]
    total = max(1, len(named))
    surnames = Counter(e.surname for e in r.table.entities if e.kind == "person" and e.surname)
    forms = [
        _form(r, head, att, found.entity) if head is not None and found.entity is not None and found.entity >= 0 else None
        for att, head, found in zip(attributions, heads, referents)
    ]
    by_name = Counter(
        found.entity for found, form in zip(referents, forms) if form in ("full-name", "one-word-name")
    )
    out: list[dict[str, float] | None] = []
    for att, head, found in zip(attributions, heads, referents):
        if found.entity is None or found.entity < 0:
            out.append(None)
            continue
        entity = r.table[found.entity]
        if head is None:
            form = "carried"
            span = r.context.span(*_first_pair(att.content))
            at = span[0].i if span is not None else 0
        else:
            form = _form(r, head, att, found.entity)
            at = head.i
        features = dict.fromkeys(FEATURES, 0.0)
        features[f"form={form}"] = 1.0
        features["organization"] = float(entity.kind != "person")
        back = rivals = 0
        if form not in ("full-name", "one-word-name"):
            mine = [m.head for m in entity.name_mentions if m.head <= at]
            if not mine:
                features["named-only-after"] = 1.0
                back = MAX_SENTENCES
            else:
                last = max(mine)
                sentence_of = r.context.narrative_sentence_of
                back = sentence_of[at] - sentence_of[last]
                person = entity.kind == "person"
                rivals = len({
                    k for _, k in named[bisect_right(named_at, last):bisect_left(named_at, at)]
                    if k != found.entity and (r.table[k].kind == "person") == person
                })
        features["sentences-back"] = math.log1p(min(max(back, 0), MAX_SENTENCES))
        features["rivals"] = math.log1p(min(rivals, MAX_RIVALS))
        features["attribution-doubt"] = 1.0 - min(max(att.confidence, 0.0), 1.0)
        features["article-share"] = len(entity.name_mentions) / total
        features["in-headline"] = float(head is not None and head.idx < r.context.headline_end)
        features["namesakes"] = float(entity.kind == "person" and surnames[entity.surname] > 1)
        features["mixed-labels"] = float(len({m.label for m in entity.name_mentions}) > 1)
        features["source-words"] = math.log1p(min(len(r.context.tokens(att.source)), 20))
        features["named-sources"] = math.log1p(min(by_name[found.entity], 10))
        out.append(features)
    return out


def _first_pair(offsets) -> tuple[int, int]:
    return min(offsets, default=(0, 1))


def _form(r: Resolver, head: Token, attribution: Attribution, e_id: int) -> str:
    entity_of = r.table.token_entity
    if entity_of.get(head.i) == e_id or (
        head.i not in entity_of and any(entity_of.get(t.i) == e_id for t in r.context.tokens(attribution.source))
    ):
        for m in r.table[e_id].name_mentions:
            if m.start <= head.i < m.end or (head.i not in entity_of and m.start >= head.left_edge.i
                                             and m.end <= head.right_edge.i + 1):
                return "full-name" if len(m.words) >= 2 else "one-word-name"
        return "one-word-name"
    lower = head.lower_
    if lower in RELATIVE_PRONOUNS:
        return "relative"
    if lower in FIRST_SECOND_PRONOUNS:
        return "first-person"
    if head.tag_ in ("PRP", "PRP$"):
        return "pronoun"
    return "description"
