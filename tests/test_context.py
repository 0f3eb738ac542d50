"""What the stages after parsing read of one article: quotation ranges, datelines, the token table."""

from __future__ import annotations

import pytest

from whosaid.context import (
    DEP_COLUMN, ENT_COLUMN, LEMMA_COLUMN, POS_COLUMN, TEXT_COLUMN, ArticleContext, _quoted_ranges, token_table,
)
from whosaid.resolve.names import _written_in_body
from whosaid.resolve.words import TitleCaseLines


def test_quotation_ranges_close_on_their_mark_or_at_the_end_of_the_paragraph():
    text = 'A "b c" d\n“e f\ng ”h i” j\n``k\'\' l'
    straight = text.index('"b')
    curly = text.index("“e")
    doubled = text.index("``k")
    assert _quoted_ranges(text) == [
        (straight, text.index('" d') + 1),
        (curly, text.index("\ng ")),  # left open: runs to the end of its paragraph
        # a closing mark never opens a quotation ("g ”h i” j" holds none)
        (doubled, text.index("'' l") + 2),
    ]


def test_datelines_and_bylines_open_a_line_and_nothing_else_does(nlp):
    text = (
        "Ferry fares rise\n\nPORTVILLE, Ore. — The council voted on Tuesday.\n\nBy JANE ROE\n\n"
        "The mayor said the NORTH DOCK — closed since May — would reopen."
    )
    context = ArticleContext(nlp(text))
    byline = text.index("By JANE")
    assert context.datelines == [
        (text.index("PORTVILLE"), text.index("The council")),
        (byline, byline + len("By JANE ROE")),
    ]
    assert context.in_dateline(text.index("Ore.")) and not context.in_dateline(text.index("NORTH"))


BYLINE_BODY = ('The county library will close two hours early through August, director Lena Fischer said. '
               '"Our budget simply does not stretch further," Fischer said.')


@pytest.mark.parametrize("byline", [
    "By Dana Ruiz, Courier Staff Writer", "By Dana Ruiz, staff writer", "By Dana Ruiz | Courier Staff Writer",
    "By Dana Ruiz / Staff Writer", "Dana Ruiz | Staff Writer", "Dana Ruiz, Staff Writer",
    "By Dana Ruiz and Omar Haddad, Courier Staff Writers",
    # A credit on the line under the writer's name: the two lines are one byline.
    "By Dana Ruiz\nCourier Staff Writer", "Dana Ruiz\nStaff Writer",
])
def test_a_byline_with_the_writers_credit_names_no_one_the_article_mentions(nlp, byline):
    import whosaid

    text = f"Library hours cut for summer\n\n{byline}\n\n{BYLINE_BODY}"
    context = ArticleContext(nlp(text))
    start = text.index(byline)
    assert (start, start + len(byline)) in context.datelines
    result = whosaid.analyze(text)
    assert [(p.name, p.role) for p in result.speakers] == [("Lena Fischer", "director")]


@pytest.mark.parametrize("line", [
    "By Tuesday, the council had voted to cut the library's hours.",
    "Lena Fischer, the director, said the reporter was wrong.",
])
def test_a_sentence_opening_on_by_or_a_name_is_no_byline(nlp, line):
    text = f"Library hours cut for summer\n\n{line}\n\nStaff Writer"
    assert ArticleContext(nlp(text)).datelines == []


@pytest.mark.parametrize("line, dateline", [
    ("Lyon, March 3 (AFP) \u2013 The council voted.", "Lyon, March 3 (AFP) \u2013 "),
    ("New Haven (Reuters) - The council voted.", "New Haven (Reuters) - "),
    ("PARIS \u2014 The council voted.", "PARIS \u2014 "),
    ("WASHINGTON (Reuters) - The council voted.", "WASHINGTON (Reuters) - "),
    # A place in title case without an agency is no sure dateline; a one-letter bracket is a party.
    ("Paris \u2014 the council voted.", None),
    ("Jordan (R) \u2014 who chairs the panel \u2014 voted no.", None),
])
def test_a_dateline_in_title_case_is_one_with_its_agency(nlp, line, dateline):
    text = "Ferry fares rise\n\n" + line
    context = ArticleContext(nlp(text))
    start = text.index(line)
    assert context.datelines == ([(start, start + len(dateline))] if dateline else [])


def test_tokens_by_lower_case_word_are_the_ones_a_scan_of_the_tokens_finds(nlp):
    doc = nlp("The Party said the party and PARTY members met. Party on, said a member.")
    words = {"party", "members", "absent"}
    assert token_table(doc).with_lower(words) == [t.i for t in doc if t.lower_ in words]
    assert token_table(doc).with_lower({"absent"}) == []


def test_tokens_among_words_of_any_column_are_the_ones_a_scan_of_the_tokens_finds(nlp):
    # Parts of speech, relations and entity types are spaCy symbols, not hashed strings; a token
    # outside every entity has the empty type.
    doc = nlp("Mayor Ines Alder told reporters in Portville that the ferry would run again.")
    table = token_table(doc)
    for column, read, words in (
        (POS_COLUMN, lambda t: t.pos_, ("NOUN", "PROPN", "ABSENT")),
        (DEP_COLUMN, lambda t: t.dep_, ("nsubj", "dobj", "pobj")),
        (ENT_COLUMN, lambda t: t.ent_type_, ("", "PERSON")),
        (LEMMA_COLUMN, lambda t: t.lemma_, ("tell", "run", "ferry")),
        (TEXT_COLUMN, lambda t: t.text, ("Mayor", "mayor")),
    ):
        assert table.among(column, words).tolist() == [read(t) in words for t in doc], column
    assert not table.among(POS_COLUMN, ()).any()


def test_the_token_table_marks_where_the_parser_starts_sentences(nlp):
    doc = nlp("The ferry left at noon. It came back late. Nobody minded.")
    assert token_table(doc).sent_start == [bool(t.is_sent_start) for t in doc]
    assert sum(token_table(doc).sent_start) == len(list(doc.sents))


def test_a_headline_name_is_written_in_the_body_only_as_whole_words_off_the_headline():
    headline = "Clinton Cash Debunks Hillary\n\n"
    written = headline + "She read the book Clinton Cash, out in May."
    assert _written_in_body(written, "Clinton Cash", TitleCaseLines(written))
    # Only in the headline, inside a longer word, or joined by a hyphen: not written in the body.
    elsewhere = headline + "She ate Clinton Cashews and read the Clinton Cash-style reviews."
    assert not _written_in_body(elsewhere, "Clinton Cash", TitleCaseLines(elsewhere))


def test_the_token_tables_distinct_keys_are_those_numpy_finds():
    # ``_distinct`` stands in for ``np.unique(keys, return_inverse=True)`` in every token
    # table: the same sorted keys and the same index of each, for few and for many
    # distinct keys, repeated ones, the largest string-store hashes and no keys at all.
    import numpy as np

    from whosaid.context import _distinct

    rng = np.random.default_rng(3)
    cases = [np.zeros((0, 7), dtype=np.uint64), np.array([[2**64 - 1, 0, 2**63, 5, 5, 5, 0]], dtype=np.uint64)]
    cases += [rng.integers(0, high, size=(rows, 7), dtype=np.uint64) for rows in (1, 3, 800) for high in (4, 2**64 - 1)]
    for keys in cases:
        distinct, index = _distinct(keys)
        expected_distinct, expected_index = np.unique(keys, return_inverse=True)
        assert distinct.tolist() == expected_distinct.tolist()
        assert index.shape == keys.shape
        assert index.reshape(-1).tolist() == expected_index.reshape(-1).tolist()
        assert (distinct[index] == keys).all()


def _quoted_ranges_by_scan(text: str) -> list[tuple[int, int]]:
    """The quotation ranges read mark by mark and line break by line break, as the rule says."""
    ranges, open_at, at = [], None, 0
    while at < len(text):
        mark = text[at : at + 2] if text[at : at + 2] in ("''", "``") else text[at]
        if mark == "\n":
            if open_at is not None:
                ranges.append((open_at, at))
                open_at = None
        elif mark in ('"', "“", "”", "''", "``"):
            if open_at is None and mark != "”":
                open_at = at
            elif open_at is not None and mark not in ("“", "``"):
                ranges.append((open_at, at + len(mark)))
                open_at = None
        at += len(mark)
    if open_at is not None:
        ranges.append((open_at, len(text)))
    return ranges


def test_quotation_ranges_are_the_ones_a_scan_of_every_mark_and_line_break_finds():
    import random

    pieces = ['"', "“", "”", "''", "``", "'", "`", "\n", "\n\n", "a", "b c", " "]
    chooser = random.Random(7)
    for _ in range(2000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 16)))
        assert _quoted_ranges(text) == _quoted_ranges_by_scan(text), repr(text)
