"""Tag features: what a per-word tagger says of a candidate's spans.

A fine-tuned encoder (``training/finetune_encoder.py``) gives every word four
probabilities: none, cue, source, content. The decisions that choose spans read
the parse and word identities; these features let them read the tagger too:

* the content model (which child phrases of a cue are its content): the mean
  content probability of the phrase;
* the boundary model (where a content ends): the mean content probability of the
  words a cut removes and of the words it keeps;
* the verifier (is the candidate reported): the mean content probability of its
  content, the mean source probability of its source, the cue probability of its
  anchor.

Each mean is read in ``LEVELS`` buckets, so the linear models learn how far to
trust it (with ``smooth``, shared between its two nearest buckets: ``levels``).
``tags`` is an array (tokens x 4) of one article; a word the tagger gave nothing
(a whitespace token) is NaN and left out of the means.
"""

from __future__ import annotations

import numpy as np

from .levels import levelled
from .tokens import char_range, subtree_ids, token_table

CUE, SOURCE, CONTENT = 1, 2, 3  # columns of the tag array, in the tagger's order
LEVELS = 5


def level(values: np.ndarray) -> str:
    """The bucket of the mean of ``values`` (NaN left out): "0" ... "4", or "none"."""
    values = values[~np.isnan(values)]
    if not len(values):
        return "none"
    return str(min(int(float(values.mean()) * LEVELS), LEVELS - 1))


def _levels(values: np.ndarray, smooth: bool, *names: tuple[str, str]) -> list:
    """The features ``before + level + after`` of the mean of ``values`` (NaN left out) for
    each ``(before, after)`` of ``names``: ``level`` as it reads it, or "none"."""
    values = values[~np.isnan(values)]
    if not len(values):
        return [before + "none" + after for before, after in names]
    return levelled(float(values.mean()), LEVELS, smooth, *names)


def _words(doc, ids) -> list[int]:
    """``ids`` without punctuation and white space, whose tags say little of a span."""
    t = token_table(doc)
    return [i for i in ids if not t.punct[i] and not t.space[i]]


def child_features(tags: np.ndarray, child, smooth: bool = False) -> list:
    """The content model's view of a cue's child phrase (the child's subtree)."""
    doc = child.doc
    values = tags[_words(doc, sorted(subtree_ids(child))), CONTENT]
    return _levels(values, smooth, ("tc=", ""), (f"tcd={token_table(doc).dep[child.i]}|", ""))


def cut_features(tags: np.ndarray, cut, doc, smooth: bool = False) -> list:
    """The boundary model's view of a content cut: the content probability of what it
    removes, of what it keeps, and which is higher."""
    removed = tags[_words(doc, cut.removed), CONTENT]
    kept = tags[_words(doc, cut.kept), CONTENT]
    gap = "none"
    if (~np.isnan(removed)).any() and (~np.isnan(kept)).any():
        difference = float(np.nanmean(kept)) - float(np.nanmean(removed))
        gap = "lower" if difference > 0.5 else "low" if difference > 0.2 else "even" if difference > -0.2 else "higher"
    op = cut.op
    return (_levels(removed, smooth, (f"tcr={op}|", "")) + _levels(kept, smooth, (f"tck={op}|", ""))
            + [f"tcg={op}|{gap}"])


def candidate_features(tags: np.ndarray, candidate, smooth: bool = False) -> list:
    """The verifier's view of a whole candidate."""
    doc = candidate.anchor.doc
    if candidate.parse_content is not None:
        content = candidate.parse_content
    else:
        content = [k for s, e in candidate.content if (r := char_range(doc, s, e)) for k in range(*r)]
    source = _levels(tags[_words(doc, candidate.source_span), SOURCE], smooth, ("tvs=", "")) \
        if candidate.source_span else ["tvs=absent"]
    return (_levels(tags[_words(doc, content), CONTENT], smooth, ("tvc=", "")) + source
            + _levels(tags[[candidate.anchor.i], CUE], smooth, ("tva=", "")))
