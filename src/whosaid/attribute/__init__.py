"""Attribute stage: cues, sources and contents of direct, indirect and mixed quotes.

``extractor`` reads the stage's steps in order: candidates, representation,
decisions (cue, source, content, verifier), spans, attributions; ``act`` then
tells each finished attribution's act (speech, thought or other).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..records import Attribution, QuoteSpan


def find_attributions(doc: Doc, quote_spans: list[QuoteSpan], model=None) -> list[Attribution]:
    """All attributions in a parsed article, with character offsets into ``doc.text``.

    ``model`` is the ``AttributionModel`` that decides (default: the fast pipeline's).
    """
    from .act import label_acts
    from .extractor import extract

    return label_acts(doc, extract(doc, quote_spans, model=model))
