"""Whether a text opens with a headline: decided once where the article is read, and read by every stage."""

from __future__ import annotations

import json

import pytest

from whosaid.engine import Engine
from whosaid.headline import headline_end
from whosaid.ingest.pages import read_html
from whosaid.ingest.readers import read_jsonl, read_text
from whosaid.records import Article

TITLE = "Ferry contract cancelled, minister says"
# A body that names its speaker with her role in the first paragraph and describes her again later.
BODY = (
    "Transport minister Anne Rigby told a meeting in Dunmore on Friday that the ferry contract would be cancelled.\n\n"
    "\u201cThe operator has broken every promise,\u201d said Rigby, a former harbour pilot.\n\n"
    "The operator said it would appeal.\n"
)


# -- the decision --------------------------------------------------------------------


def test_a_title_the_text_does_not_repeat_means_the_text_opens_with_its_body():
    assert headline_end(BODY, TITLE) == 0


def test_a_title_the_first_line_repeats_is_the_headline_whatever_its_case_and_final_stop():
    text = "Ferry Contract Cancelled, Minister Says.\n\n" + BODY
    assert headline_end(text, TITLE) == text.index("\n")


def test_a_title_may_run_over_two_lines_of_the_text():
    text = "Ferry contract cancelled; \nMinister says the operator broke its promises.\n\n" + BODY
    title = "Ferry contract cancelled; Minister says the operator broke its promises"
    assert headline_end(text, title) == text.index("\n\n")


def test_a_title_repeated_with_a_single_line_break_before_the_body_still_ends_at_its_line():
    text = TITLE + "\n" + BODY
    assert headline_end(text, TITLE) == len(TITLE)


def test_a_first_line_that_only_begins_with_the_title_is_body():
    assert headline_end("Ferry contract cancelled on Friday after a vote.\n\nMore.", "Ferry contract cancelled") == 0


def test_without_a_title_a_short_first_paragraph_is_the_headline_and_a_long_one_is_body():
    assert headline_end(TITLE + "\n\n" + BODY) == len(TITLE)
    deck = TITLE + "; \nThe operator will appeal, and the ferries keep sailing until it is heard."
    assert headline_end(deck + "\n\n" + BODY) == len(deck)
    # A lede on one line, shorter than a paragraph limit but longer than any headline line.
    lede = "The minister, who took office in the spring, spoke for an hour. " * 4
    assert 200 < len(lede) < 400 and headline_end(lede + "\n\n" + BODY) == 0
    assert headline_end("The minister spoke. " * 25 + "\n\n" + BODY) == 0
    assert headline_end("One paragraph and nothing else.") == 0


# -- where articles are read -----------------------------------------------------------


def jsonl_articles(tmp_path, *records):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with open(path, "rb") as handle:
        return [item.article for item in read_jsonl(handle, str(path))]


def test_a_jsonl_line_with_a_title_and_a_body_first_text_opens_with_its_body(tmp_path):
    body_first, repeated, untitled = jsonl_articles(
        tmp_path,
        {"id": "a", "title": TITLE, "text": BODY},
        {"id": "b", "title": TITLE, "text": f"{TITLE}\n\n{BODY}"},
        {"id": "c", "text": f"{TITLE}\n\n{BODY}"},
    )
    assert (body_first.headline_end, body_first.title) == (0, TITLE)
    assert (repeated.headline_end, repeated.title) == (len(TITLE), TITLE)
    # Without a title field, the headline the text opens with is the title.
    assert (untitled.headline_end, untitled.title) == (len(TITLE), TITLE)


def test_a_text_file_opens_with_its_first_line_as_headline():
    article = read_text(f"{TITLE}\n{BODY}".encode(), "ferry.txt").article
    assert article.title == TITLE and article.headline_end == len(TITLE)


def test_a_web_page_opens_with_its_title_and_one_without_a_title_with_its_body():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page = f"<html><head><title>{TITLE}</title></head><body><article>{paragraphs}</article></body></html>"
    article = read_html(page.encode(), "ferry.html").article
    assert article.text.startswith(article.title) and article.headline_end == len(article.title) > 0
    untitled = read_html(f"<html><body><article>{paragraphs}</article></body></html>".encode(), "bare.html").article
    # Its short first paragraph would pass for a headline in a text with nothing else to go by.
    assert untitled.title is None and untitled.text.startswith("Transport minister") and untitled.headline_end == 0
    assert headline_end(untitled.text) > 0


# -- the stages read it ----------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(nlp):
    return Engine(nlp=nlp)


def test_roles_of_a_body_first_text_read_its_first_paragraph_as_body(engine):
    body_first = next(engine.analyze_many([Article(id="a", text=BODY, title=TITLE)]))
    headed = next(engine.analyze_many([Article(id="b", text=f"{TITLE}\n\n{BODY}", title=TITLE)]))
    rigby = next(s for s in body_first.speakers if s.name == "Anne Rigby")
    # Read in order, the first paragraph's role comes first, as it does when a headline stands above it.
    assert rigby.role.startswith("Transport minister")
    assert rigby.role == next(s for s in headed.speakers if s.name == "Anne Rigby").role
    # What a headline would have been: the first paragraph's role goes last.
    taken_as_headline = engine.analyze(BODY, headline_end=BODY.index("\n\n"))
    assert not next(s for s in taken_as_headline.speakers if s.name == "Anne Rigby").role.startswith("Transport")


def test_the_decision_travels_with_the_article_to_the_parse(engine):
    from whosaid.context import ArticleContext, carry_headline

    doc = engine.nlp(BODY)
    assert ArticleContext(doc).headline_end == BODY.index("\n\n")  # no decision: the text's layout
    carry_headline(doc, 0)
    assert ArticleContext(doc).headline_end == 0
