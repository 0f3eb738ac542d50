"""Odd input gives a clean result or a clear error naming the input, and offsets always index the text."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whosaid.engine import Engine, InputError, MAX_CHARS
from whosaid.records import Article


@pytest.fixture(scope="module")
def engine(nlp):
    return Engine(nlp=nlp)


def assert_offsets_valid(text, result):
    for quote in result.quotes:
        assert quote.content, "every quote has content"
        for role in ("content", "source", "cue"):
            for start, end in getattr(quote, role):
                assert 0 <= start < end <= len(text), (role, start, end, len(text))
        assert quote.text == " … ".join(text[s:e] for s, e in quote.content)
        assert 0.0 <= quote.confidence <= 1.0


NAMES = ["Ana Ruiz", "Tom Baker", "Dr. Lena Ortiz", "the minister", "a spokesman", "officials", "she", "he"]
CUES = ["said", "told reporters", "wrote on Twitter", "argued", "added", "claimed"]
CLAUSES = [
    "the bridge will reopen in May",
    "nobody had warned the residents",
    "prices rose by 4 percent",
    "l'équipe a gagné 3–1 à Zürich",
    "the 'so-called' plan is dead",
    "„es war ein Fehler“",
]
MARKS = [('"', '"'), ("“", "”"), ("‘", "’"), ("«", "»"), ('"', ""), ("", "”")]


@st.composite
def sentences(draw):
    who, cue, clause = draw(st.sampled_from(NAMES)), draw(st.sampled_from(CUES)), draw(st.sampled_from(CLAUSES))
    opening, closing = draw(st.sampled_from(MARKS))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"{who.capitalize()} {cue} that {clause}."
    if shape == 1:
        return f"{opening}{clause.capitalize()},{closing} {who} {cue}."
    if shape == 2:
        return f"{who.capitalize()} {cue}: {opening}{clause.capitalize()}.{closing}"
    if shape == 3:
        return f"According to {who}, {clause}."
    return draw(st.text(min_size=0, max_size=60))


@st.composite
def articles(draw):
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=3), min_size=1, max_size=4))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    headline = draw(st.sampled_from(["Council row", "", "Élection: «surprise»"]))
    return headline + separator + separator.join(" ".join(p) for p in paragraphs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(articles())
def test_offsets_index_the_original_text(engine, text):
    assert_offsets_valid(text, engine.analyze(text, "generated"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Headline only",
        "Budget\n\nThe council met on Tuesday and approved the budget without debate.",
        'Row\n\n"This never closes, the mayor said. And neither does this paragraph.\n\nNew paragraph.',
        "Row\n\n\u201cUnbalanced\u201d\u201d marks \u201e everywhere\u201c said nobody \" at all.",
        "Le maire\n\n«Nous allons reconstruire le mur», a déclaré le maire mardi.",
        "市长\n\n市长周二表示，将重建防洪墙。",
    ],
)
def test_odd_articles_give_a_clean_result(engine, text):
    result = engine.analyze(text, "odd")
    assert result.error is None
    assert_offsets_valid(text, result)


def test_a_megabyte_article_is_read(engine):
    paragraph = '"We will rebuild the wall before winter," Mayor Elena Marsh said on Tuesday. ' * 12
    text = "Flood wall\n\n" + "\n\n".join([paragraph] * (1_000_000 // len(paragraph) + 1))
    assert len(text) >= 1_000_000
    result = engine.analyze(text, "big")
    assert_offsets_valid(text, result)
    assert len(result.quotes) > 1000


def test_too_long_or_non_text_input_is_named(engine):
    with pytest.raises(InputError, match="'huge'"):
        engine.analyze("x" * (MAX_CHARS + 1), "huge")
    with pytest.raises(InputError, match="'number'"):
        engine.analyze(42, "number")


@pytest.mark.parametrize("text", [42, None])
def test_whosaid_analyze_names_a_text_that_is_no_string(text):
    # Without an id the text's own is made from it, which must not fail before the type is checked.
    import whosaid

    with pytest.raises(InputError, match=rf"^'text' must be a string, got {type(text).__name__}$"):
        whosaid.analyze(text)


def test_bytes_given_as_text_are_named_with_how_to_decode_them():
    import whosaid
    from whosaid.ingest.encoding import decode

    data = "Vote\n\n\u201cWe won,\u201d Ana Ruiz said.".encode("cp1252")
    with pytest.raises(InputError, match=r"^'text' must be a string, got bytes; decode them first") as raised:
        whosaid.analyze(data)
    assert "whosaid.ingest.encoding.decode(data).text" in str(raised.value)
    assert decode(data).text == "Vote\n\n\u201cWe won,\u201d Ana Ruiz said."  # the advice given holds


def test_a_bad_article_in_a_batch_does_not_stop_it(engine):
    batch = [
        Article("first", 'Vote\n\n"We won," Ana Ruiz said.'),
        Article("broken", None),
        Article("last", 'Loss\n\n"We lost," Tom Baker said.'),
    ]
    results = list(engine.analyze_many(batch))
    assert [r.id for r in results] == ["first", "broken", "last"]
    assert results[1].error and "broken" in results[1].error
    assert results[0].quotes and results[2].quotes
    json.dumps([r.to_json() for r in results])
