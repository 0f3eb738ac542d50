"""Find-quotes stage: runs of text between quotation marks, before any cue is known."""

from __future__ import annotations

from ..records import QuoteSpan
from .marks import QUOTATION_MARKS

__all__ = ["QUOTATION_MARKS", "find_quote_spans"]


def find_quote_spans(text: str, opens_with_headline: bool = True) -> list[QuoteSpan]:
    """Every quoted run in ``text``: double and single marks, straight, curly and
    guillemets, apostrophes left alone, paragraphs continued. ``opens_with_headline``:
    whether the first line is a headline (``Article.headline_end``), which ends at its line break."""
    from .marks import find_quote_spans as find

    return find(text, opens_with_headline)
