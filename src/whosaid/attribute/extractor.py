"""The attribute stage, step by step: one parsed article in, its attributions out.

1. **Candidates** (``candidates``): the tokens that may anchor a cue.
2. **Representation** (``features``): what each decision reads of a candidate.
3. **Decisions**, each filling in the candidate, in this order:
   ``cue`` (does the token anchor a cue; its words; the quotation it opens onto),
   ``source`` (who speaks), ``content`` (what was said), then ``verifier`` (is the
   whole candidate reported, with what confidence).
4. **Spans** (``spans``, ``boundaries``): the reported words of cue and content.
5. **Attributions** (``attributions``): speech tags and layout added, one
   attribution per content, quotations linked, kinds set.

Training reads the same steps: ``read_candidates`` gives every candidate with
the features its verifier reads, and ``spans.reported`` its spans.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Attribution, QuoteSpan
from .attributions import assemble
from .candidates import Candidate, Reading
from .content import read_content
from .cue import cue_evidence, read_cue, scored_cue_candidates
from .features import attribution_features, clause_rate_features, cue_rate_features, relative_clause_features
from .model import AttributionModel, load_model
from .source import read_source
from .spans import reported
from .verifier import verify


def extract(
    doc: Doc,
    quote_spans: list[QuoteSpan],
    threshold: float | None = None,
    model: AttributionModel | None = None,
) -> list[Attribution]:
    """All attributions of a parsed article.

    Candidates whose verifier confidence reaches ``threshold`` (the model's tuned
    one by default) are reported.
    """
    model = model or load_model()
    if threshold is None:
        threshold = model.threshold
    reading = Reading.of(doc, quote_spans)
    found = []
    for candidate in read_candidates(reading, model):
        candidate.confidence = verify(candidate, reading, model)
        if candidate.confidence >= threshold:
            found.append(reported(candidate, model))
    return assemble(doc, quote_spans, found, colon_quotes=model.colon_quotes,
                    close_quotations=model.close_quotations, unlinked_names=model.unlinked_names)


def read_candidates(reading: Reading, model: AttributionModel) -> list[Candidate]:
    """Every candidate whose cue, source and content decisions find an attribution,
    with the features its verifier reads (``confidence`` is left to ``verify``)."""
    doc = reading.doc
    found = []
    evidence = []
    for i, probability in scored_cue_candidates(reading, model):
        # A token whose cue probability is known already needs no features built.
        features = cue_evidence(doc[i], reading, model) if probability is None else None
        if probability is not None or features is not None:
            evidence.append((i, features, probability))
    if model.representation is not None:
        # What the representation reads of the tokens still in play, worked out at once.
        model.representation.prepare(doc, [i for i, _, _ in evidence])
    for index, features, probability in evidence:
        candidate = read_cue(doc[index], reading, model, features, probability)
        if candidate is None:
            continue
        read_source(candidate, reading)
        if not read_content(candidate, reading, model):
            continue
        # Decisions on the candidate as a whole are made here, before the verifier's
        # features are read; the act is told on finished attributions (``act``).
        candidate.features = attribution_features(candidate.anchor, candidate.cue_probability, candidate.source,
                                                  candidate.how, candidate.content, reading.text,
                                                  model.subject_roles, getattr(model.representation, "smooth", False))
        if model.content_heads is not None:
            candidate.features += model.content_heads.features(candidate)
        if model.cue_rates is not None:
            candidate.features += cue_rate_features(candidate.anchor, candidate.parse_content, candidate.quoted,
                                                    model.cue_rates)
        if model.relative_clauses:
            candidate.features += relative_clause_features(candidate.anchor, candidate.parse_content)
        if model.clause_rates is not None:
            candidate.features += clause_rate_features(candidate.anchor, candidate.parse_content, candidate.quoted,
                                                       model.clause_rates)
        if model.representation is not None:
            candidate.features += model.representation.verifier_features(candidate.anchor)
            candidate.features += model.representation.candidate_features(candidate)
        found.append(candidate)
    return found
