"""Hard-wrapped plain text (each paragraph's lines broken at a fixed width) reads as its unwrapped form."""

from __future__ import annotations

import html
import re
import textwrap

import pytest
from fastapi.testclient import TestClient

from whosaid.engine import Engine
from whosaid.parse.pieces import opening_with_body, parse_article
from whosaid.parse.wrap import original_text, unwrapped

ARTICLE = (
    "Riverside ferry returns after a winter ashore\n\n"
    "The Riverside ferry will sail again from the north quay on the first Monday of May, "
    "the harbour board said on Tuesday, after a winter in which its hull was rebuilt plank by plank "
    "at the old boatyard below the bridge.\n\n"
    "\u201cWe have waited a long time for this, and so have the people who cross every morning to "
    "work in the mills on the far bank,\u201d said Tomasz Brennan, who chairs the harbour board. "
    "He added that fares would stay as they were until the end of the summer season.\n\n"
    "Marta Oyelaran, who runs the bakery beside the landing stage, said the crossing had been "
    "missed more than anyone expected. \u201cHalf my customers came over on the first boat of the "
    "day, and without it the street has been quiet as a Sunday,\u201d she said.\n\n"
    "The board expects the first crossings to be full and has asked passengers to buy their "
    "tickets at the quay office rather than on board, Brennan said.\n"
)


def hard_wrapped(text: str, width: int) -> str:
    """Every paragraph after the headline broken into lines of at most ``width`` columns,
    a line break in place of a space, so the text keeps its length."""
    headline, body = text.split("\n\n", 1)
    wrapped = "\n\n".join("\n".join(textwrap.wrap(p, width)) for p in body.rstrip("\n").split("\n\n"))
    return f"{headline}\n\n{wrapped}\n"


@pytest.mark.parametrize("width", [60, 72, 80])
def test_wrap_points_become_spaces_and_nothing_else_changes(width):
    wrapped = hard_wrapped(ARTICLE, width)
    assert len(wrapped) == len(ARTICLE) and wrapped != ARTICLE
    assert unwrapped(wrapped) == ARTICLE
    assert unwrapped(ARTICLE) is ARTICLE


@pytest.fixture(scope="module")
def engine(nlp):
    return Engine(nlp=nlp)


def spans(result):
    return [(q.content, q.source, q.cue, q.speaker, q.kind) for q in result.quotes]


@pytest.mark.parametrize("width", [60, 72])
def test_a_hard_wrapped_article_gives_the_quotes_speakers_and_offsets_of_its_unwrapped_form(engine, width):
    wrapped = hard_wrapped(ARTICLE, width)
    plain, read = engine.analyze(ARTICLE), engine.analyze(wrapped)
    assert {q.speaker for q in plain.quotes} >= {"Tomasz Brennan", "Marta Oyelaran"}
    assert spans(read) == spans(plain)
    assert [s.name for s in read.speakers] == [s.name for s in plain.speakers]
    # The quotes quote the text as given, its line breaks included.
    for quote in read.quotes:
        assert quote.text == " … ".join(wrapped[s:e] for s, e in quote.content)
    assert any("\n" in quote.text for quote in read.quotes)


def test_the_parse_keeps_the_original_text_for_the_outputs(nlp):
    wrapped = hard_wrapped(ARTICLE, 60)
    doc = parse_article(nlp, wrapped)
    assert doc.text == ARTICLE and original_text(doc) == wrapped
    # No line break inside a paragraph reaches the parser as a token of its own.
    assert [t.text for t in doc if t.is_space] == ["\n\n"] * 4 + ["\n"]
    body_first = wrapped.split("\n\n", 1)[1]
    doc = parse_article(nlp, opening_with_body(nlp, body_first))
    assert original_text(doc) == body_first and "\n" not in doc.text.split("\n\n")[0]
    assert original_text(parse_article(nlp, ARTICLE)) == ARTICLE


TRANSCRIPT = (
    "Mayor takes questions on the ferry\n\n"
    "HOLLIS: Mayor Dunmore, the ferry has been out of the water all winter. When will people be\n"
    "able to cross the river again without driving the long way round by the bridge?\n"
    "DUNMORE: The first boat sails on the first Monday of May, and the fares stay the same.\n"
    "HOLLIS: And the mills on the far bank, will they change their hours to suit the boat?\n"
    "DUNMORE: We have asked them to, and they have said they will think about it this week.\n"
)


def test_speaker_labels_keep_their_line_breaks(engine):
    label_breaks = [m.start() - 1 for m in re.finditer(r"^[A-Z]+:", TRANSCRIPT, re.M)][1:]
    read = unwrapped(TRANSCRIPT)
    assert all(read[i] == "\n" for i in label_breaks)
    # The one wrapped turn runs on, and the turns are read as they would be unwrapped.
    turns = [q for q in engine.analyze(TRANSCRIPT).quotes if q.cue_text == ":"]
    assert [q.source_text for q in turns] == ["HOLLIS", "DUNMORE", "HOLLIS", "DUNMORE"]


@pytest.mark.parametrize(
    "text",
    [
        # verse: short lines of similar length
        "A poem for the quay\n\nThe river runs beneath the town\nand carries boats both up and down\n"
        "it does not stop for rain or frost\nit counts the hours that we have lost\n",
        # a headline with a subtitle line, then paragraphs written whole
        "Ferry returns in May\nFares stay the same all summer, the harbour board says\n\n"
        "The Riverside ferry will sail again from the north quay in May, the harbour board said.\n",
        # short paragraphs one a line, a single line break between them, among longer ones
        "Quay office opens early\n\n"
        "The harbour board opened its new quay office on Saturday, a week before the ferry returns to the "
        "river after its winter repairs.\n"
        "\u201cPassengers asked for somewhere dry to wait, and now they have one,\u201d said Ines Varga.\n"
        "\u201cPeople kept telling us the old hut was too small for the morning rush,\u201d she added.\n"
        "Tickets will be sold there from seven in the morning until the last boat of the day leaves the "
        "north quay.\n"
        "\u201cWe will keep the prices where they were last year,\u201d said Tomasz Brennan, the chairman.\n"
        "The board said it would review the opening hours once the summer timetable was settled.\n",
        # a list
        "What changes in May\n\nThe board listed what passengers should expect this spring:\n"
        "- tickets are sold at the quay office and not on board the boat from now on\n"
        "- the first crossing leaves at six in the morning and the last one at nine\n"
        "- dogs travel free on the deck if they are kept on a short lead at all times\n",
    ],
)
def test_lines_that_are_not_wraps_keep_their_breaks(text):
    assert unwrapped(text) is text


def test_the_article_page_highlights_quotes_in_the_original_text(tmp_path):
    from whosaid.ingest import ingest
    from whosaid.serve.app import create_app
    from whosaid.store import Store

    wrapped = hard_wrapped(ARTICLE, 72)
    source = tmp_path / "ferry.txt"
    source.write_text(wrapped, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    ingest([str(source)], db=str(db), workers=1, progress=False)
    with Store(str(db)) as store:
        (article_id, text), = store.connection.sql("SELECT article_id, text FROM articles").fetchall()
    assert text == wrapped
    with TestClient(create_app(db, read_only=True), base_url="http://localhost") as client:
        page = client.get(f"/articles/{article_id}").text
    # What each quote mark covers, with the "→ name" labels the page adds left out.
    page = re.sub(r'<span class="resolved[^"]*">[^<]*</span>', "", page)
    marked = [
        html.unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<mark class="quote[^"]*" id="q-\d+"[^>]*>(.*?)</mark>', page, re.S)
    ]
    assert any("\n" in m for m in marked) and all(m in wrapped for m in marked)
    assert any("waited a long time for this" in m for m in marked)


def test_the_component_reads_a_hard_wrapped_text_as_the_engine_does_given_an_unwrapped_doc(engine):
    from whosaid.parse.wrap import unwrapped_doc

    from .test_component import plain_spacy_pipeline

    # A pipeline of its own: whosaid's shared one must stay without the component.
    nlp = plain_spacy_pipeline()
    nlp.add_pipe("whosaid")
    wrapped = hard_wrapped(ARTICLE, 72)
    expected = engine.analyze(wrapped)
    doc = nlp(unwrapped_doc(nlp, wrapped))
    assert [(q.content, q.source, q.cue, q.speaker, q.kind, q.text) for q in doc._.quotes] == \
        [(q.content, q.source, q.cue, q.speaker, q.kind, q.text) for q in expected.quotes]
    assert any("\n" in q.text for q in doc._.quotes)
    # A text that is not hard-wrapped is read as given.
    assert unwrapped_doc(nlp, ARTICLE).text == ARTICLE
