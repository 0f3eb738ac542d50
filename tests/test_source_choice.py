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


def parsed(nlp, words: list[str], heads: list[int], deps: list[str], pos: list[str],
           tags: list[str] | None = None) -> Doc:
    """A parse given word by word, as the parser sometimes reads a sentence."""
    lemmas = ["say" if w == "said" else w.lower() for w in words]
    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, tags=tags)


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


def test_a_relative_pronoun_the_parser_made_a_second_subject_is_no_part_of_the_speaker(nlp):
    # "the levy, which the mayor claims was fair", with "which" read as a subject of "claims".
    words = ["Voters", "rejected", "the", "levy", ",", "which", "the", "mayor", "claims", "was", "fair", "."]
    heads = [1, 1, 3, 1, 3, 8, 7, 8, 3, 8, 9, 1]
    deps = ["nsubj", "ROOT", "det", "dobj", "punct", "nsubj", "det", "nsubj", "relcl", "ccomp", "acomp", "punct"]
    pos = ["NOUN", "VERB", "DET", "NOUN", "PUNCT", "PRON", "DET", "NOUN", "VERB", "AUX", "ADJ", "PUNCT"]
    tags = ["NNS", "VBD", "DT", "NN", ",", "WDT", "DT", "NN", "VBZ", "VBD", "JJ", "."]
    assert source_of(parsed(nlp, words, heads, deps, pos, tags), "claims") == "the mayor"


def test_what_opening_a_clause_is_no_part_of_the_speaker(nlp):
    # "needs what the mayor said is a new bridge", with "what" read as a subject of "said".
    words = ["The", "town", "needs", "what", "the", "mayor", "said", "is", "a", "new", "bridge", "."]
    heads = [1, 2, 2, 6, 5, 6, 2, 6, 10, 10, 7, 2]
    deps = ["det", "nsubj", "ROOT", "nsubj", "det", "nsubj", "ccomp", "ccomp", "det", "amod", "attr", "punct"]
    pos = ["DET", "NOUN", "VERB", "PRON", "DET", "NOUN", "VERB", "AUX", "DET", "ADJ", "NOUN", "PUNCT"]
    tags = ["DT", "NN", "VBZ", "WP", "DT", "NN", "VBD", "VBZ", "DT", "JJ", "NN", "."]
    assert source_of(parsed(nlp, words, heads, deps, pos, tags), "said") == "the mayor"


def test_a_relative_pronoun_alone_is_still_a_source(nlp):
    doc = nlp("Bridge\n\nThe levy was backed by Tom Reyes, who said it was fair.")
    assert source_of(doc, "said") == "who"


def participle_on_object(nlp, participle: str, tag: str, words_after: list[str]) -> Doc:
    """"Mayor Elena Marsh criticized the plan, PARTICIPLE ...", with the participle hung
    on "plan" (as the parser sometimes reads it) and what follows on the participle."""
    words = ["Mayor", "Elena", "Marsh", "criticized", "the", "plan", ",", *participle.split(), *words_after, "."]
    at = 7 + len(participle.split()) - 1
    heads = [2, 2, 3, 3, 5, 3, 5] + [at] * (at - 7) + [5] + [at] * len(words_after) + [3]
    deps = (["compound", "compound", "nsubj", "ROOT", "det", "dobj", "punct"] + ["aux"] * (at - 7) + ["acl"]
            + ["dep"] * len(words_after) + ["punct"])
    pos = (["PROPN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"] + ["AUX"] * (at - 7) + ["VERB"]
           + ["X"] * len(words_after) + ["PUNCT"])
    tags = ["NNP", "NNP", "NNP", "VBD", "DT", "NN", ","] + ["VBG"] * (at - 7) + [tag] + ["XX"] * len(words_after) + ["."]
    return parsed(nlp, words, heads, deps, pos, tags)


@pytest.mark.parametrize("participle, tag", [("saying", "VBG"), ("having argued", "VBN")])
def test_a_participle_hung_on_the_object_shares_the_clauses_subject(nlp, participle, tag):
    doc = participle_on_object(nlp, participle, tag, ["it", "was", "rushed"])
    assert source_of(doc, participle.split()[-1]) == "Mayor Elena Marsh"


def test_a_participle_hung_on_the_object_of_a_preposition_shares_the_clauses_subject(nlp):
    # "Marsh wrote to the council, saying it was late", with "saying" hung on "council".
    words = ["Marsh", "wrote", "to", "the", "council", ",", "saying", "it", "was", "late", "."]
    heads = [1, 1, 1, 4, 2, 4, 4, 8, 6, 8, 1]
    deps = ["nsubj", "ROOT", "prep", "det", "pobj", "punct", "acl", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["PROPN", "VERB", "ADP", "DET", "NOUN", "PUNCT", "VERB", "PRON", "AUX", "ADJ", "PUNCT"]
    tags = ["NNP", "VBD", "IN", "DT", "NN", ",", "VBG", "PRP", "VBD", "JJ", "."]
    assert source_of(parsed(nlp, words, heads, deps, pos, tags), "saying") == "Marsh"


@pytest.mark.parametrize("text, cue, source", [
    # Set off after the subject, the participle is the subject's own.
    ("Bridge\n\nThe council, meeting on Monday, approved the plan.", "meeting", "The council"),
    # Not set off, it says which of the object's kind: "groups that support the mayor".
    ("Bridge\n\nThe money came from groups supporting the mayor.", "supporting", "groups"),
])
def test_a_participle_not_set_off_after_an_object_modifies_its_noun(nlp, text, cue, source):
    assert source_of(nlp(text), cue) == source


def test_a_cue_tagged_as_a_noun_that_the_parser_gave_a_subject_is_that_subjects(nlp):
    # "Mayor Marsh claims the levy is fair", with "claims" tagged as a plural noun.
    words = ["Mayor", "Marsh", "claims", "the", "levy", "is", "fair", "."]
    heads = [1, 2, 2, 4, 5, 2, 5, 2]
    deps = ["compound", "nsubj", "ROOT", "det", "nsubj", "ccomp", "acomp", "punct"]
    pos = ["PROPN", "PROPN", "NOUN", "DET", "NOUN", "AUX", "ADJ", "PUNCT"]
    tags = ["NNP", "NNP", "NNS", "DT", "NN", "VBZ", "JJ", "."]
    assert source_of(parsed(nlp, words, heads, deps, pos, tags), "claims") == "Mayor Marsh"


def test_a_noun_with_a_determiner_and_a_subject_is_a_small_clause_not_a_verb(nlp):
    # "The council made the levy a talking point": "the levy" is no speaker of "point".
    words = ["The", "council", "made", "the", "levy", "a", "talking", "point", "."]
    heads = [1, 2, 2, 4, 7, 7, 7, 2, 2]
    deps = ["det", "nsubj", "ROOT", "det", "nsubj", "det", "compound", "ccomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "DET", "NOUN", "DET", "NOUN", "NOUN", "PUNCT"]
    tags = ["DT", "NN", "VBD", "DT", "NN", "DT", "NN", "NN", "."]
    assert source_of(parsed(nlp, words, heads, deps, pos, tags), "point") == "The council"
