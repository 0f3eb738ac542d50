"""The find-quotes stage: quotation-mark spans, before any cue is known."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from whosaid.quotes import find_quote_spans


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


def test_paragraph_not_opening_with_a_mark_does_not_continue():
    text = '"The league is tougher now.\n\nHe left the room. "Fine," she said.'
    spans = find_quote_spans(text)
    assert [q.continues for q in spans] == [False, False]


def test_unclosed_quote_stops_at_the_paragraph_end():
    text = 'He shouted "stop the bus\n\nNobody listened.'
    assert texts(text) == ['"stop the bus']


@given(st.text(alphabet='ab "“”\'\n.,', max_size=200))
def test_spans_are_ordered_disjoint_and_start_on_a_mark(text):
    spans = find_quote_spans(text)
    for q in spans:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] in '"“”„«»\''
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
