"""Decision: whether a token anchors a cue. The learned cue model scores every
candidate token; those above the model's candidate threshold anchor a cue, and so
does a pure speech verb that opens straight onto a quotation (``responded "no"``).
The quotation a cue opens onto is found here, since it decides the latter.
"""

from __future__ import annotations

import math

from spacy.tokens import Doc, Token

from ..context import LEMMA_COLUMN
from ..lexicon import REPORTING_ONLY_LEMMAS
from ..quotes import QUOTATION_MARKS
from ..records import QuoteSpan
from .candidates import Candidate, Reading, candidate_indices
from .cue_scores import MARGIN, cue_terms, threshold_score
from .features import cue_features
from .spans import cue_tokens
from .tokens import token_table

# A verb that only reports speech, directly followed by a quotation, cues it at least this surely.
SPEECH_VERB_PRIOR = 0.5
# Words a cue may put between itself and the quotation it introduces: "wrote on Twitter:".
INTRODUCING = frozenset({":", ",", "-", "—"})
QUOTE_MARKS = QUOTATION_MARKS


def cue_candidates(reading: Reading, model) -> list[int]:
    """The tokens that may anchor a cue (``candidates.candidate_indices``), less those
    ``read_cue`` would turn away on their cue score alone (``scored_cue_candidates``)."""
    return [i for i, _ in scored_cue_candidates(reading, model)]


def scored_cue_candidates(reading: Reading, model) -> list[tuple[int, float | None]]:
    """The tokens that may anchor a cue (``candidates.candidate_indices``), less those
    ``read_cue`` would turn away on their cue score alone, each with its cue probability
    when that is known already (else None).

    Scored all at once (``cue_scores``), a token that falls short of the candidate
    threshold, even with the most the model's representation could add, is left out
    unless it is a speech verb (which ``read_cue`` reads whatever its score). For a model
    without a representation, the weights read at once also give each token left in its
    exact cue probability (``CueTerms.ordered``): its features need not be built again."""
    doc = reading.doc
    indices = candidate_indices(doc, model.cue_lemmas)
    unknown = [(i, None) for i in indices]
    limit = threshold_score(model.candidate_threshold) - MARGIN
    if model.representation is not None:
        limit -= model.representation.ceiling(model.cue)
    if limit == -math.inf or not indices:
        return unknown
    terms = cue_terms(doc, reading.quotes, indices, model.cue.weights, model.subject_roles)
    if terms is None:
        return unknown
    short = (terms.scores(model.cue.intercept) < limit).tolist()
    # ``_speech_verb`` read from the token table: no ``Token`` made for each token that falls short.
    t = token_table(doc)
    pos, lemma_codes, names = t.pos, t.codes[:, LEMMA_COLUMN], t.names
    rows = [r for r, (i, out) in enumerate(zip(indices, short))
            if not out or (pos[i] == "VERB" and names[lemma_codes[i]] in REPORTING_ONLY_LEMMAS)]
    if model.representation is not None:
        return [(indices[r], None) for r in rows]
    return [(indices[r], model.cue.weighed(weights)) for r, weights in zip(rows, terms.ordered(rows))]


def _speech_verb(token: Token) -> bool:
    """A verb that only reports speech ("said", "told"), told by its part of speech from
    the token table first: most candidates are no verb."""
    return token_table(token.doc).pos[token.i] == "VERB" and token.lemma_ in REPORTING_ONLY_LEMMAS


def cue_evidence(token: Token, reading: Reading, model) -> list[str] | None:
    """The cue features of ``token`` other than its representation's, or None when even
    the most the representation could add leaves it below the candidate threshold (and
    it is no speech verb): such a token anchors no cue, and its representation is never
    read. What the representation reads can cost more than the rest (encoder cues run a
    transformer over the sentence)."""
    features = cue_features(token, reading.quotes, model.subject_roles)
    representation = model.representation
    if representation is not None and not _speech_verb(token) and \
            model.cue.probability(features, representation.ceiling(model.cue)) < model.candidate_threshold:
        return None
    return features


def read_cue(token: Token, reading: Reading, model, evidence: list[str] | None = None,
             probability: float | None = None) -> Candidate | None:
    """A candidate anchored on ``token`` with its cue probability and words, or None
    when the token anchors no cue. ``evidence``: its ``cue_evidence``, if already read;
    ``probability``: its cue probability, if already known (``scored_cue_candidates``)."""
    if probability is None:
        features = evidence if evidence is not None else cue_evidence(token, reading, model)
        if features is None:
            return None
        if model.representation is not None:
            features = features + model.representation.cue_features(token)
        probability = model.cue.probability(features)
    floor = model.candidate_threshold
    speech_verb = _speech_verb(token)
    if probability < floor and not speech_verb:
        return None
    cue = cue_tokens(token, model.joins_cue)
    introduced = _introduced_quote(token, cue, reading.quote_at)
    if introduced is not None and probability >= floor and (
            _quote_opens_clause(introduced, reading.text) or _quote_modifies_later_word(introduced, token.doc)):
        # 'he said "budget reforms" and unpaid taxes would pay for them': the quotation
        # is only the start of what was said; the parse gives the whole clause.
        introduced = None
    if probability < floor:
        if introduced is None:
            return None
        probability = max(probability, SPEECH_VERB_PRIOR)
    return Candidate(anchor=token, cue_probability=probability, cue=cue, introduced=introduced)


def _introduced_quote(anchor, cue: list[int], quote_at: dict[int, QuoteSpan]) -> QuoteSpan | None:
    """The quotation a cue opens onto: ``responded "no"``, ``wrote on Twitter: "..."``."""
    doc = anchor.doc
    # Read from the token table (a token's trailing white space is one space at most,
    # so a line break is always in some token's text).
    t = token_table(doc)
    a = anchor.i
    own_phrases = {
        i for c in t.children[a] if t.dep[c] in ("prep", "npadvmod", "advmod") and c > a
        for i in range(doc[c].left_edge.i, doc[c].right_edge.i + 1)
    }
    text, space = t.text, t.space
    i = max(cue) + 1
    while i < len(doc) and i <= max(cue) + 8:
        after_colon = text[i - 1] == ":" or (space[i - 1] and i >= 2 and text[i - 2] == ":")
        if "\n" in text[i - 1] and not after_colon:
            # Only a colon carries a cue over to the next paragraph ("The Times reports:").
            return None
        if t.idx[i] in quote_at:
            return quote_at[t.idx[i]]
        if text[i] in INTRODUCING or i in own_phrases or (space[i] and text[i - 1] == ":"):
            i += 1
            continue
        return None
    return None


def _quote_opens_clause(quote: QuoteSpan, text: str) -> bool:
    """Whether a quotation of a few words is only the start of a clause the sentence
    carries on with in lower case ('"budget reforms" and unpaid taxes would ...'),
    rather than the whole answer ('responded "no" when asked')."""
    inner = text[quote.start:quote.end].strip(QUOTE_MARKS + " ")
    if len(inner.split()) < 2 or inner[-1] in ".,!?;:…—-":
        return False
    rest = text[quote.end:quote.end + 40]
    words = rest.lstrip(" \t")
    return len(words) < len(rest) and bool(words) and (words[0].islower() or words[0].isdigit())


def _quote_modifies_later_word(quote: QuoteSpan, doc: Doc) -> bool:
    """Whether the quotation's words hang off a word after it in their sentence
    (Reveals ‘Demoralizing’ Experience): a modifier inside a longer phrase, whose
    whole the parse gives."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.head.i >= span.end and root.head.sent == root.sent and not root.head.is_punct
