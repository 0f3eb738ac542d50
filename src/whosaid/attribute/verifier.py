"""Decision: whether a candidate is reported. The verifier, a logistic regression
over the whole candidate (``features.attribution_features``: cue probability,
lemma, how the content was found, its size, whether it is a finite clause, its
first word, the kind and side of the source; in the accurate pipeline also a head
on the encoder states of its words, ``encoder_verifier``), gives the attribution's
``confidence``; those at or above the model's threshold are reported.
"""

from __future__ import annotations

from ..lexicon import REPORTING_ONLY_LEMMAS
from ..quotes import QUOTATION_MARKS
from .candidates import Candidate, Reading

QUOTE_MARKS = QUOTATION_MARKS


def verify(candidate: Candidate, reading: Reading, model) -> float:
    """The confidence of a candidate: the verifier's probability, or the cue
    probability for a model without a verifier."""
    if model.verifier is None:
        return candidate.cue_probability
    confidence = model.verifier.probability(candidate.features)
    if candidate.anchor.lemma_ in REPORTING_ONLY_LEMMAS and _speech_tagged(candidate.content, reading.text):
        # '"Yes," she said': a quotation closed by a comma, question or exclamation
        # mark and tagged by a speech verb is a direct quote however short it is.
        confidence = max(confidence, candidate.cue_probability)
    return confidence


def _speech_tagged(content, text: str) -> bool:
    """Whether the content is a quotation whose own punctuation hands over to a speech tag."""
    first_start, first_end = content[0]
    inner = text[first_start:first_end].rstrip(QUOTE_MARKS + " ")
    return bool(inner) and inner[-1] in ",?!" and text[first_start] in QUOTE_MARKS
