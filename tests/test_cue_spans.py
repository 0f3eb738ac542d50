"""Cue extent: which words attached to a cue's anchor join the cue, by learned rates.

The rates here are written by hand; the trained ones live in the model file
(``attached_cue_words``, counted by ``training.train_attribution.count_attachments``).
"""

from __future__ import annotations

from collections import Counter

import pytest

from whosaid.attribute.model import JOIN_RATE, first_rate
from whosaid.attribute.spans import cue_tokens, settle_cue


def joins_by(rates: dict[str, float]):
    return lambda keys: first_rate(rates, keys) >= JOIN_RATE


def cue_of(nlp, text: str, anchor: str, rates: dict[str, float]) -> str:
    doc = nlp(text)
    token = next(t for t in doc if t.text == anchor)
    ids = cue_tokens(token, joins_by(rates))
    return doc[min(ids):max(ids) + 1].text


def test_a_rare_manner_adverb_joins_by_its_shape(nlp):
    text = "The senator cynically dismissed the report."
    assert cue_of(nlp, text, "dismissed", {"advmod|L|<ly>": 0.95}) == "cynically dismissed"
    # A word seen often enough has a rate of its own, whatever its shape.
    assert cue_of(nlp, text, "dismissed", {"advmod|L|<ly>": 0.95, "advmod|L|cynically": 0.2}) == "dismissed"


def test_a_date_after_the_verb_joins_by_the_rate_of_dates(nlp):
    text = "The senator said Friday that taxes would rise."
    assert cue_of(nlp, text, "said", {"npadvmod|R|<DATE>": 0.6}) == "said Friday"
    # The verb's own rate wins over the general one.
    assert cue_of(nlp, text, "said", {"npadvmod|R|<DATE>": 0.6, "say|npadvmod|R|<DATE>": 0.4}) == "said"


def test_a_noun_cue_takes_its_article_and_adjectives(nlp):
    text = "The mayor offered a tacit acknowledgment of the problem."
    rates = {"det|L|a": 0.8, "amod|L|<*>": 0.8}
    assert cue_of(nlp, text, "acknowledgment", rates) == "a tacit acknowledgment"


def test_a_complement_carries_the_cue_on_when_its_verb_does(nlp):
    rates = joins_by({"continue|xcomp|R|*": 1.0, "want|xcomp|R|*": 0.1})
    doc = nlp("She continued to insist that the plan works.")
    # The content as the parse gives it: the complement with its clause.
    assert settle_cue(doc[1], [1], list(range(2, 8)), rates) == ([1, 2, 3], list(range(4, 8)))
    doc = nlp("She wants to insist that the plan works.")
    assert settle_cue(doc[1], [1], list(range(2, 8)), rates) == ([1], list(range(2, 8)))


def test_an_adjective_after_a_copula_carries_the_cue_on(nlp):
    doc = nlp("The voters were sure that taxes would rise.")
    cue = cue_tokens(doc[2], lambda keys: False)
    assert settle_cue(doc[2], cue, list(range(3, 8)), joins_by({"be|acomp|R|*": 0.99})) == ([2, 3], list(range(4, 8)))


def test_a_preposition_whose_object_is_the_content_joins_by_its_conditional_rate(nlp):
    doc = nlp("The senator called for new elections.")
    anchor, prep = doc[2], doc[3]
    content = [3, 4, 5]
    assert settle_cue(anchor, [2], content, joins_by({"call|prep|R|for|content": 0.9})) == ([2, 3], [4, 5])
    assert settle_cue(anchor, [2], content, joins_by({"call|prep|R|for|content": 0.2})) == ([2], content)
    # One the cue took in on its general rate returns to the content.
    assert settle_cue(anchor, [2, 3], [4, 5], joins_by({"prep|R|for|content": 0.2})) == ([2], [3, 4, 5])
    assert prep.text == "for"


def test_a_preposition_saying_where_leaves_the_cue(nlp):
    doc = nlp("The minister said in Paris that the talks would resume.")
    content = list(range(5, 10))
    rates = joins_by({"say|prep|R|in|elsewhere": 0.3})
    assert settle_cue(doc[2], [2, 3], content, rates) == ([2], content)


def test_a_carried_cue_takes_the_preposition_of_its_complement(nlp):
    doc = nlp("Voters are worried about the cost.")
    rates = joins_by({"be|acomp|R|*": 0.99, "worried|prep|R|about|content": 0.9})
    assert settle_cue(doc[1], [1], [2, 3, 4, 5], rates) == ([1, 2, 3], [4, 5])


def test_a_light_verb_takes_its_object_and_the_preposition_the_object_selects(nlp):
    doc = nlp("The senator made the case for new elections.")
    content = list(range(3, 8))
    rates = joins_by({"make|dobj|R|*": 0.9, "case|prep|R|for|content": 0.9})
    assert settle_cue(doc[2], [2], content, rates) == ([2, 3, 4, 5], [6, 7])
    # A verb whose object is usually the content keeps it there.
    assert settle_cue(doc[2], [2], content, joins_by({"make|dobj|R|*": 0.2})) == ([2], content)


def test_a_space_between_auxiliary_and_verb_does_not_break_the_cue(nlp):
    text = "The senator has\u00a0acknowledged that he lied."
    assert cue_of(nlp, text, "acknowledged", {"aux|L|has": 0.99}) == "has\u00a0acknowledged"


def test_a_shape_rate_is_read_off_the_rare_words_only():
    from training.train_attribution import attachment_rates

    counts = Counter()

    def seen(word, n, included):
        for level, key in (("lemma", f"say|advmod|L|{word}"), ("word", f"advmod|L|{word}"), ("shape", "advmod|L|<ly>")):
            counts[level, key, f"advmod|L|{word}", "seen"] += n
            counts[level, key, f"advmod|L|{word}", "in"] += included

    seen("usually", 50, 5)
    seen("cynically", 2, 2)
    seen("boldly", 3, 3)
    rates = attachment_rates(counts)
    assert rates["advmod|L|usually"] == pytest.approx(0.1)
    assert "advmod|L|boldly" not in rates
    assert rates["advmod|L|<ly>"] == 1.0
    assert rates["say|advmod|L|boldly"] == 1.0


def test_the_for_opening_an_infinitive_clause_joins_the_cue_before_it(nlp):
    doc = nlp("The union called for the council to resign.")
    called, marker = doc[2], doc[3]
    assert (marker.dep_, marker.head.head.text) == ("mark", "called")
    assert settle_cue(called, [2], list(range(3, 8)), joins_by({})) == ([2, 3], list(range(4, 8)))
    # After words the cue does not take, it stays in the content.
    doc = nlp("The union called loudly for the council to resign.")
    assert doc[4].dep_ == "mark"
    assert settle_cue(doc[2], [2], list(range(4, 9)), joins_by({})) == ([2], list(range(4, 9)))
