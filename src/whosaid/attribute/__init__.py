"""Attribute stage: cues, sources and contents of direct, indirect and mixed quotes.

``extractor`` reads the stage's steps in order: candidates, representation,
decisions (cue, source, content, verifier), spans, attributions.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Attribution, QuoteSpan


def find_attributions(doc: Doc, quote_spans: list[QuoteSpan]) -> list[Attribution]:
    """All attributions in a parsed article, with character offsets into ``doc.text``."""
    from .extractor import extract

    return extract(doc, quote_spans)
