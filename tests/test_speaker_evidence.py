"""The evidence a named speaker rests on (training.speaker_evidence), read off the resolver's own work."""

from __future__ import annotations

import math

import numpy as np

from training.speaker_confidence import curve, operating_point
from training.speaker_evidence import FORMS, evidence
from whosaid.records import Attribution
from whosaid.resolve.resolver import Resolver
from whosaid.resolve.sources import source_referents

TEXT = (
    "Harbour plan stalls\n\n"
    'Mayor Greta Lindqvist opened the new ferry terminal on Monday. "It is a fine day for the town," '
    "Lindqvist told the crowd.\n\n"
    "Councillor Piet Ostrander and the harbourmaster Tomas Brenner walked beside her. Brenner praised the "
    "new cranes. Ostrander counted the boats.\n\n"
    '"We waited eleven years for this," she said.'
)


def at(needle: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(needle, start + 1)
    return (start, start + len(needle))


def read(nlp, attributions):
    doc = nlp(TEXT)
    resolver = Resolver(doc)
    heads: list = []
    referents = source_referents(resolver, attributions, heads)
    names = [resolver.table[f.entity].canonical if f.entity is not None and f.entity >= 0 else None for f in referents]
    return names, evidence(resolver, attributions, heads, referents)


def form(features) -> str:
    return next(f for f in FORMS if features[f"form={f}"])


def test_a_name_in_the_span_is_near_evidence_and_a_later_pronoun_far_past_rivals(nlp):
    named = Attribution(
        content=(at('"It is a fine day for the town,"'),), source=(at("Lindqvist", 2),), cue=(at("told"),),
        confidence=0.9,
    )
    pronoun = Attribution(
        content=(at('"We waited eleven years for this,"'),), source=(at("she"),), cue=(at("said"),), confidence=0.4,
    )
    names, (near, far) = read(nlp, [named, pronoun])
    assert names == ["Greta Lindqvist", "Greta Lindqvist"]
    assert form(near) == "one-word-name" and near["sentences-back"] == 0 and near["rivals"] == 0
    assert form(far) == "pronoun"
    # Named last in the sentence of her quote, three narrated sentences before "she".
    assert math.expm1(far["sentences-back"]) >= 2
    # Ostrander and Brenner were named in between: two people "she" could not skip by gender alone.
    assert round(math.expm1(far["rivals"])) == 2
    assert far["attribution-doubt"] > near["attribution-doubt"]


def test_a_quote_with_no_source_carries_on_the_speaker_before_it_as_weaker_evidence(nlp):
    named = Attribution(content=(at('"It is a fine day for the town,"'),), source=(at("Lindqvist", 2),), cue=(at("told"),))
    orphan = Attribution(content=(at('"We waited eleven years for this,"'),))
    names, (_, carried) = read(nlp, [named, orphan])
    assert names == ["Greta Lindqvist", "Greta Lindqvist"]
    assert form(carried) == "carried"
    assert carried["sentences-back"] > 0


def test_no_evidence_where_no_one_is_named(nlp):
    orphan = Attribution(content=(at('"It is a fine day for the town,"'),))
    names, features = read(nlp, [orphan])
    assert names == [None] and features == [None]


def test_the_operating_point_is_the_lowest_threshold_reaching_the_precision():
    scores = np.array([0.95, 0.9, 0.8, 0.6, 0.3])
    right = np.array([True, True, True, False, True])
    rows = curve(scores, right, gold=5)
    assert rows[0][1:] == (0.8, 0.8, 4, 1)
    chosen = operating_point(rows, 0.975)
    assert chosen[0] == 0.8 and chosen[3:] == (3, 0)
    assert operating_point(rows, 1.01) is None
