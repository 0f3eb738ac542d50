"""The find-quotes stage: quotation-mark spans, before any cue is known."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from whosaid.quotes import QUOTATION_MARKS, find_quote_spans


def texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quote_spans(text)]


def test_straight_marks_pair_up_within_a_paragraph():
    text = 'The coach said "we were tired" and "the pitch was wet" after the match.'
    assert texts(text) == ['"we were tired"', '"the pitch was wet"']


def test_curly_marks_and_a_quote_inside_a_quote():
    text = "“He told me ‘never again’ and I believed him,” Tom Reyes said."
    assert texts(text) == ["“He told me ‘never again’ and I believed him,”"]


def test_closing_curly_mark_used_for_both_ends():
    text = "She called it ”a disgrace” on Monday."
    assert texts(text) == ["”a disgrace”"]


def test_doubled_apostrophes_are_quotation_marks():
    text = "''I loved it,'' she said. ''Yes.''"
    assert texts(text) == ["''I loved it,''", "''Yes.''"]


def test_apostrophes_are_not_quotation_marks():
    assert find_quote_spans("It's the team's best season, the players' union said.") == []


def test_quotation_running_over_paragraphs_is_split_and_flagged():
    text = (
        '"We trained hard all winter," the coach said. "The league is tougher now.\n\n'
        '"Next season will be different."\n\n'
        'The club was founded in 1901.'
    )
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == [
        '"We trained hard all winter,"',
        '"The league is tougher now.',
        '"Next season will be different."',
    ]
    assert [q.continues for q in spans] == [False, False, True]


def test_a_quotation_over_three_paragraphs_is_flagged_at_each_join():
    text = ('"The pier is unsafe.\n\n'
            '"Nobody should fish from it this summer.\n\n'
            '"We will close it on Friday," the harbour master said.')
    spans = find_quote_spans(text)
    assert [(q.runs_on, q.continues) for q in spans] == [(True, False), (True, True), (False, True)]


def test_paragraph_not_opening_with_a_mark_does_not_continue():
    text = '"The league is tougher now.\n\nHe left the room. "Fine," she said.'
    spans = find_quote_spans(text)
    assert [q.continues for q in spans] == [False, False]


def test_unclosed_quote_stops_at_the_paragraph_end():
    text = 'He shouted "stop the bus\n\nNobody listened.'
    assert texts(text) == ['"stop the bus']


@given(st.text(alphabet='ab1 "“”„«»‘’`\'\n.,-', max_size=200))
def test_spans_are_ordered_disjoint_and_start_on_a_mark(text):
    spans = find_quote_spans(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] in QUOTATION_MARKS
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start


# Quotation styles. The shapes follow other projects' quote-finder tests (Stanford
# CoreNLP's QuoteAnnotator, textacy); the sentences are written for these tests.


def test_single_marks_are_quotation_marks():
    text = "'We will not back down,' said the minister."
    assert texts(text) == ["'We will not back down,'"]


def test_single_marks_around_a_cue_give_both_parts():
    text = "'Good morning,' she said, 'are you ready to leave?'"
    assert texts(text) == ["'Good morning,'", "'are you ready to leave?'"]


def test_curly_single_marks_with_an_apostrophe_inside():
    text = "‘It’s over for them,’ the coach said."
    assert texts(text) == ["‘It’s over for them,’"]


def test_apostrophes_inside_and_at_the_end_of_words_stay_apostrophes():
    text = "O'Neill didn't see the Smiths' van near the Palme d’Or stand, the guard's report said."
    assert find_quote_spans(text) == []
    quoted = "\"The Smiths' van doesn't belong to O'Neill,\" said the guard at the d’Or stand."
    assert texts(quoted) == ["\"The Smiths' van doesn't belong to O'Neill,\""]


def test_a_possessive_closes_nothing_inside_a_double_quotation():
    text = "‘bout time, he wrote under “Thefts on Elm Street alter residents’ habits”, a headline."
    assert texts(text) == ["“Thefts on Elm Street alter residents’ habits”"]


def test_a_word_opening_with_an_apostrophe_or_a_year_is_not_a_quotation():
    assert texts("In the '90s, 'grunge' ruled and we'd dance 'til dawn.") == ["'grunge'"]


def test_german_and_french_marks():
    assert texts("Her answer, „we will manage“, became a slogan.") == ["„we will manage“"]
    assert texts("« We will win », the mayor said.") == ["« We will win »"]
    assert texts("«We will win», the mayor said.") == ["«We will win»"]
    assert texts("»We will win«, the mayor said.") == ["»We will win«"]


def test_nested_quotes_of_the_same_mark_are_not_cut():
    text = "“Morning,” she said, “did you “sleep” at all?”"
    assert texts(text) == ["“Morning,”", "“did you “sleep” at all?”"]
    straight = 'He shrugged: "They call it "progress" around here," and left.'
    assert texts(straight) == ['"They call it "progress" around here,"']


def test_an_opening_glyph_used_to_close():
    assert texts("“Morning,“ she said, “ready?”") == ["“Morning,“", "“ready?”"]


def test_a_mark_before_a_dash():
    assert texts('"Farewell" -- said Mr. Pemberton') == ['"Farewell"']
    assert texts("“All the best!”—And off he went.") == ["“All the best!”"]


def test_single_quotation_enclosing_double_ones_is_one_quotation():
    text = "'\"Stop,\" he told me, \"or I call the police.\"'"
    assert texts(text) == [text]


def test_feet_and_inches_are_not_quotation_marks():
    assert find_quote_spans("The guard is 6'2\" and his partner 5’9”, the file says.") == []


def test_an_unbalanced_mark_costs_at_most_its_paragraph():
    text = (
        "'We will not back down,\" said the minister.\n\n"
        "The talks went on. \"We expect a deal,\" the envoy said.\n\n"
        "\"It will take time,\" she added."
    )
    assert texts(text) == [
        "'We will not back down,\"",
        '"We expect a deal,"',
        '"It will take time,"',
    ]
    stray = 'He is 6\'2" tall and "calm," a colleague said.\n\n"He never shouts," she added.'
    assert texts(stray) == ['"calm,"', '"He never shouts,"']


def test_an_unclosed_single_mark_at_a_paragraph_end_is_an_apostrophe():
    text = "'Morning,' she said, 'are you ready to leave?\n\nThey left."
    assert texts(text) == ["'Morning,'"]


def test_a_single_quotation_running_over_paragraphs_is_flagged():
    text = "Then she said 'We waited,\n\n'and we waited some more.'"
    spans = find_quote_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["'We waited,", "'and we waited some more.'"]
    assert [q.continues for q in spans] == [False, True]


def test_a_closing_mark_with_a_space_before_it_still_closes():
    # Wires space adjacent marks apart; sloppy text puts a space before a closing mark.
    text = "\"He said, 'Enough,' \" Ms. Lee recalled. \"Then what? \" she asked."
    assert texts(text) == ["\"He said, 'Enough,' \"", '"Then what? "']


def test_a_quotation_in_a_hard_wrapped_paragraph_stays_whole():
    text = (
        "Storm\n\n"
        "'Shut the doors,' said the keeper, 'and\n"
        "check whether the lamp is marked \"spare\" or not.'\n"
        "Nobody moved."
    )
    assert texts(text) == [
        "'Shut the doors,'",
        "'and\ncheck whether the lamp is marked \"spare\" or not.'",
    ]
