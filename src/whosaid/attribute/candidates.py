"""Step 1 of the stage: what may become an attribution.

Every token that may anchor a cue (``candidate_indices``) starts a ``Candidate``;
the decisions (``cue``, ``source``, ``content``, then the verifier) fill it in,
and ``spans`` turns it into the spans that are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Token

from ..records import QuoteSpan
from .features import LEMMA_CLASSES, QuoteContext
from ..context import LEMMA_COLUMN, POS_COLUMN, TEXT_COLUMN
from .tokens import text_of, token_table

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADP", "ADJ", "PROPN"})


def candidate_indices(doc: Doc, lemmas: frozenset[str] | None = None) -> list[int]:
    """The tokens that may anchor a cue: colons, and content words whose lemma, given
    the lemmas seen anchoring cues in training, is one of those or a verb of a cue
    class. Found over the columns of the article's token table: most tokens are not
    candidates, and reading each as a ``Token`` is the cost."""
    if not len(doc):
        return []
    t = token_table(doc)
    found = t.among(POS_COLUMN, CANDIDATE_POS)
    if lemmas is not None:
        # Decided once for each distinct lemma of the article's content words, over the codes of
        # the lemma column (no string-store key of every token looked up).
        codes, names = t.codes[:, LEMMA_COLUMN], t.names
        anchors = np.zeros(len(names), dtype=bool)
        for k in np.unique(codes[found]).tolist():
            lemma = names[k].lower()
            anchors[k] = lemma in lemmas or lemma in LEMMA_CLASSES
        found &= anchors[codes]
    return np.flatnonzero(found | t.among(TEXT_COLUMN, (":",))).tolist()


@dataclass(frozen=True, slots=True)
class Reading:
    """What every decision reads of one article besides its parse: the text and where
    its quotations are."""

    doc: Doc
    text: str
    quotes: QuoteContext
    quote_spans: list[QuoteSpan]
    starts: list[int]  # where each quotation starts
    quote_at: dict[int, QuoteSpan]  # quotations by where they start

    @classmethod
    def of(cls, doc: Doc, quote_spans: list[QuoteSpan]) -> Reading:
        return cls(doc=doc, text=text_of(doc), quotes=QuoteContext.of(doc, quote_spans), quote_spans=quote_spans,
                   starts=[q.start for q in quote_spans], quote_at={q.start: q for q in quote_spans})


@dataclass(slots=True)
class Candidate:
    """One cue anchor and what the decisions read around it, as token indices of the
    article; ``spans.reported`` gives the attribution it reports."""

    anchor: Token
    cue_probability: float
    cue: list[int]  # the cue's words before the content is read (``spans.cue_tokens``)
    introduced: QuoteSpan | None = None  # the quotation the cue opens onto, if any
    source: Token | None = None  # the word the source is read from
    source_span: list[int] = field(default_factory=list)
    source_head: Token | None = None  # the word the speaker resolver starts from
    # The content as the verifier reads it: character offsets, and how it hangs off the cue.
    content: tuple[tuple[int, int], ...] = ()
    how: str = ""
    # How the parse content hangs off the cue, before a content in quotations becomes
    # them (``how`` then says so): what the boundary model reads.
    relation: str = ""
    # The content's tokens as the parse gave them (None when the content is the quotation
    # the cue opens onto), and whether they lie in quotations and became those: only a
    # parse content that did not has edges to cut and words to hand over to the cue.
    parse_content: list[int] | None = None
    quoted: bool = False
    features: list[str] = field(default_factory=list)  # what the verifier reads
    confidence: float = 0.0

    @property
    def excluded(self) -> set[int]:
        """Words the content may never take: the cue's and the source's."""
        return set(self.cue) | set(self.source_span)
