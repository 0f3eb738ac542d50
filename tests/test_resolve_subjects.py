"""Who a sentence is about, for the "he" or "she" after it: a name the parse hangs off the subject.

The parses are set by hand where the installed model may read the sentence otherwise, so the tests show
what a rule does with the parse the other model gives.
"""

from __future__ import annotations

from whosaid.records import Attribution
from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import DEFAULT

from .test_resolve import at, speaker
from .test_resolve_name_edges import _reparsed, _span


def _he_said(text: str, content: str) -> Attribution:
    he = text.index("he said")
    return Attribution(content=(at(text, content),), source=((he, he + 2),), cue=((he + 3, he + 7),))


def test_a_name_the_parse_hangs_on_the_title_before_it_is_the_subject(nlp):
    text = (
        "Budget\n\n"
        "Victor Hale chairs the finance committee. Senator Paul Okafor called the cuts cruel on Monday.\n\n"
        "Committee Chairman Victor Hale responded by reading the figures aloud. "
        '"The numbers speak for themselves," he said.'
    )
    # As the accurate model parses "Senate Majority Whip John Cornyn responded": the title is the subject.
    doc = _reparsed(nlp(text), {
        "Chairman": ("nsubj", "responded"), "Hale": ("appos", "Chairman"),
        "Victor": ("compound", "Hale"), "Committee": ("compound", "Chairman"),
    })
    doc.ents = [_span(doc, "Victor Hale", "PERSON"), _span(doc, "Paul Okafor", "PERSON"),
                _span(doc, "Victor Hale", "PERSON", nth=2)]
    said = _he_said(text, '"The numbers speak for themselves,"')
    assert speaker(resolve_speakers(doc, [said])) == "Victor Hale"
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("adjacent-appositions"))) == "Paul Okafor"


def test_the_owner_of_a_sentences_subject_is_who_it_is_about(nlp):
    text = (
        "Housing\n\n"
        "Ed Marsh presented the plan to the council on Monday.\n\n"
        "Mayor Dan Reyes's support for the plan came with conditions. "
        "He may cut its budget, he said."
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Ed Marsh", "PERSON"), _span(doc, "Dan Reyes", "PERSON")]
    said = _he_said(text, "He may cut its budget")
    assert speaker(resolve_speakers(doc, [said])) == "Dan Reyes"
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("subject-possessors"))) == "Ed Marsh"

