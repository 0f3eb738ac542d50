"""Find-quotes stage: runs of text between quotation marks, before any cue is known."""

from __future__ import annotations

from ..records import QuoteSpan


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quoted run in ``text``, straight or curly marks, paragraphs continued."""
    from .marks import find_quote_spans as find

    return find(text)
