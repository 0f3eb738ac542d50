"""Long articles: parsed in bounded pieces, read as one document, refused over the limit.

Memory and time at 2,000,000 characters are measured by benchmarks/long_article.py,
not here; these tests check that reading in pieces changes nothing.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.long_article import build_article
from whosaid.cli import main
from whosaid.engine import MAX_CHARS, Engine, InputError, read_doc
from whosaid.parse.pieces import parse_article, parse_articles, piece_bounds
from whosaid.parse.wrap import ORIGINAL_TEXT, original_text, unwrapped
from whosaid.records import Article

ANNOTATIONS = ("text", "tag_", "dep_", "lemma_", "ent_iob_", "ent_type_", "is_sent_start", "whitespace_")


def hard_wrapped(text: str, width: int = 70) -> str:
    """Plain text as wire copy often comes: paragraphs broken into lines."""
    return "\n\n".join("\n".join(textwrap.wrap(p, width)) for p in text.split("\n\n"))


def annotations(doc) -> list[tuple]:
    return [(*(getattr(t, a) for a in ANNOTATIONS), t.head.i) for t in doc]


@pytest.fixture(scope="module")
def medium_article() -> str:
    return hard_wrapped(build_article(24_000))


@pytest.fixture(scope="module")
def whole_parse(nlp, medium_article):
    # A hard-wrapped text is parsed unwrapped (whosaid.parse.wrap), whole or in pieces.
    doc = nlp(unwrapped(medium_article))
    doc.user_data[ORIGINAL_TEXT] = medium_article
    return doc


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=300), st.integers(1, 40))
@settings(max_examples=300, deadline=None)
def test_pieces_cover_the_text_in_order_and_start_at_a_word(text, limit):
    bounds = piece_bounds(text, limit)
    assert "".join(text[start:end] for start, end in bounds) == text
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(bounds, bounds[1:]))
    for (start, end), _ in zip(bounds, bounds[1:]):
        # A cut follows whitespace unless the piece's reach held none to cut at.
        assert text[end - 1].isspace() or not any(c.isspace() for c in text[start + 1 : start + limit])
    assert all(len(text[start:end].rstrip()) <= limit for start, end in bounds)


def test_a_piece_ends_after_a_paragraph_break_when_there_is_one():
    text = "Headline\n\n" + "First paragraph, short.\n\n" + "Second paragraph " * 3 + "\n\nThird."
    (start, end), *_ = piece_bounds(text, 60)
    assert text[:end] == "Headline\n\nFirst paragraph, short.\n\n"


def test_a_short_article_is_one_piece():
    text = build_article(3_000)
    assert piece_bounds(text) == [(0, len(text))]


def test_pieces_give_the_parse_of_the_whole_article(nlp, medium_article, whole_parse):
    assert len(piece_bounds(medium_article, 4_000)) > 5
    whole = whole_parse
    pieced = parse_article(nlp, medium_article, piece_chars=4_000)
    assert pieced.text == unwrapped(medium_article) != medium_article
    assert original_text(pieced) == medium_article
    assert annotations(pieced) == annotations(whole)
    assert [(e.start_char, e.end_char, e.label_) for e in pieced.ents] == [
        (e.start_char, e.end_char, e.label_) for e in whole.ents
    ]


def test_pieces_give_the_quotes_and_speakers_of_a_single_parse(nlp, medium_article, whole_parse):
    whole = read_doc(whole_parse)
    pieced = read_doc(parse_article(nlp, medium_article, piece_chars=4_000))
    assert len(whole.quotes) > 100
    assert pieced.quotes == whole.quotes
    assert pieced.speakers == whole.speakers


def test_batches_of_pieces_keep_articles_whole_and_in_order(nlp, medium_article, whole_parse):
    short = 'Vote\n\n"We won," Ana Ruiz said.'
    items = [(short, "a"), (medium_article, "b"), ("", "c"), (short, "d")]
    out = list(parse_articles(nlp, items, batch_size=3, piece_chars=4_000, batch_chars=9_000))
    assert [context for _, context in out] == ["a", "b", "c", "d"]
    assert [original_text(doc) for doc, _ in out] == [text for text, _ in items]
    assert annotations(out[1][0]) == annotations(whole_parse)


def test_engine_reads_a_long_article_in_pieces_with_offsets_into_the_whole():
    text = build_article(110_000)
    engine = Engine()
    result = engine.analyze(text, "long")
    assert len(result.quotes) > 500
    for quote in result.quotes:
        assert all(text[start:end] in quote.text for start, end in quote.content)
    batch = list(engine.analyze_many([Article("long", text), Article("short", build_article(2_000))]))
    assert [r.id for r in batch] == ["long", "short"]
    assert batch[0].quotes == result.quotes


def test_an_article_over_the_limit_is_refused_naming_the_limit():
    with pytest.raises(InputError, match=r"'huge' has 2,000,001 characters; whosaid reads articles of up to 2,000,000"):
        Engine().analyze("x " * (MAX_CHARS // 2) + "x", "huge")


@pytest.mark.parametrize("command", ["analyze", "extract", "ingest"])
def test_help_states_the_limit(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"{MAX_CHARS:,} characters" in " ".join(capsys.readouterr().out.split())
