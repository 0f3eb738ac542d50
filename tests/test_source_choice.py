"""Who the source of a cue is, on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from whosaid.attribute.candidates import Candidate, Reading
from whosaid.attribute.source import read_source
from whosaid.quotes import find_quote_spans


def source_of(doc: Doc, cue: str) -> str:
    """The source mention read for the cue anchored on the word ``cue``."""
    anchor = next(t for t in doc if t.text == cue)
    candidate = Candidate(anchor=anchor, cue_probability=1.0, cue=[anchor.i])
    read_source(candidate, Reading.of(doc, find_quote_spans(doc.text)))
    return " ".join(doc[i].text for i in candidate.source_span)


@pytest.mark.parametrize("text, cue, source", [
    ("Bridge\n\nThe flood prompted the governor to call for new levees.", "call", "the governor"),
    ("Bridge\n\nThe collapse forced the engineers to admit that the tests were rushed.", "admit", "the engineers"),
])
def test_the_object_of_the_verb_an_infinitive_complements_is_its_speaker(nlp, text, cue, source):
    assert source_of(nlp(text), cue) == source


def test_an_infinitive_without_an_object_before_it_keeps_the_subject(nlp):
    doc = nlp("Bridge\n\nThe governor wants to call for new levees.")
    assert source_of(doc, "call") == "The governor"


@pytest.mark.parametrize("text, cue, source", [
    # The parser hangs the participle or second verb on the verb of the reported clause.
    ("Bridge\n\nMayor Elena Marsh argued that the bridge would fail, saying the steel was old.", "saying",
     "Mayor Elena Marsh"),
    ("Bridge\n\nCouncillor Tom Reyes said the levy was fair and praised the volunteers.", "praised",
     "Councillor Tom Reyes"),
    ("Bridge\n\nCouncillor Tom Reyes said the council had failed the town and urged the mayor to resign.", "urged",
     "Councillor Tom Reyes"),
])
def test_a_verb_hung_on_a_reported_clause_shares_the_reporters_subject(nlp, text, cue, source):
    assert source_of(nlp(text), cue) == source


def test_a_verb_coordinated_within_a_clause_keeps_that_clauses_subject(nlp):
    doc = nlp("Bridge\n\nThe council approved the budget on Monday, and the mayor has touted the vote online.")
    assert source_of(doc, "touted") == "the mayor"


def parsed(nlp, words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    """A parse given word by word, as the parser sometimes reads a sentence."""
    lemmas = ["say" if w == "said" else w.lower() for w in words]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_of_two_subjects_of_one_verb_the_nearest_before_it_is_the_speaker(nlp):
    # "The night before, at a rally, Mayor Marsh said ...", with "The night before" read as a subject.
    words = ["The", "night", "before", ",", "at", "a", "rally", ",", "Mayor", "Marsh", "said", "the",
             "levees", "will", "hold", "."]
    heads = [1, 10, 1, 10, 10, 6, 4, 10, 9, 10, 10, 12, 14, 14, 10, 10]
    deps = ["det", "nsubj", "advmod", "punct", "prep", "det", "pobj", "punct", "compound", "nsubj", "ROOT",
            "det", "nsubj", "aux", "ccomp", "punct"]
    pos = ["DET", "NOUN", "ADV", "PUNCT", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "VERB", "DET", "NOUN",
           "AUX", "VERB", "PUNCT"]
    assert source_of(parsed(nlp, words, heads, deps, pos), "said") == "Mayor Marsh"


def test_a_subject_split_in_two_stays_whole_among_several(nlp):
    # "Chess great | Ana Duval" is one subject the parser split in two.
    words = ["Chess", "great", "Ana", "Duval", "recalled", "the", "match", "."]
    heads = [1, 4, 3, 4, 4, 6, 4, 4]
    deps = ["compound", "nsubj", "compound", "nsubj", "ROOT", "det", "dobj", "punct"]
    pos = ["NOUN", "NOUN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"]
    assert source_of(parsed(nlp, words, heads, deps, pos), "recalled") == "Chess great Ana Duval"
