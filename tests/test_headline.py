"""Whether a text opens with a headline: decided once where the article is read, and read by every stage."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from whosaid.cli import main
from whosaid.engine import Engine
from whosaid.headline import first_line, headline_end
from whosaid.ingest.pages import read_html
from whosaid.ingest.readers import read_jsonl, read_text
from whosaid.records import Article, ArticleResult, Quote, Speaker
from whosaid.serve import create_app
from whosaid.store import Store
from whosaid.store.names import article_id

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


def test_a_text_that_is_its_title_and_nothing_more_opens_with_its_body():
    # A one-paragraph file: its first line is all there is, so it is the body, not a headline.
    line = "Rigby said the ferry contract would be cancelled, and the operator said it would appeal."
    assert headline_end(line + "\n", line) == 0
    assert headline_end(line + "\n\n  \n", line) == 0
    result = Engine(pipeline="fast").analyze(line + "\n", headline_end=headline_end(line + "\n", first_line(line)))
    assert [q.act for q in result.quotes if q.kind == "indirect"] and all(
        q.act == "speech" for q in result.quotes if q.kind == "indirect")


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


def said(art: Article, name: str, words: str, source: str) -> ArticleResult:
    start, at = art.text.index(words), art.text.index(source)
    quote = Quote(content=((start, start + len(words)),), source=((at, at + len(source)),), cue=(), kind="direct",
                  speaker=name, speaker_kind="person", text=words, source_text=source)
    return ArticleResult(id=art.id, quotes=[quote], speakers=[Speaker(name=name, quoted=True)])


def flags_of(db: str, capsys) -> dict[str, list[str]]:
    assert main(["speakers", "list", "--db", db, "--kind", "person", "--json", "--limit", "0"]) == 0
    return {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}


def test_a_name_in_the_first_paragraph_of_a_body_first_text_is_not_named_only_in_headlines(tmp_path, capsys):
    first = 'Mayor Orla Brennock says "the bridge will open in {month}" and no later.'
    body_first = Article(id="a", text=first.format(month="May") + "\n\nWork goes on.", title="Bridge to open in May")
    headed = Article(id="b", text=first.format(month="June") + "\n\nWork goes on.", title=first.format(month="June"))
    assert (body_first.headline_end, headed.headline_end) == (0, headed.text.index("\n\n"))
    db = str(tmp_path / "news.duckdb")
    with Store(db) as store:
        store.add(body_first, said(body_first, "Orla Brennock", "the bridge will open in May", "Mayor Orla Brennock"))
    assert flags_of(db, capsys)["Orla Brennock"] == []
    with Store(db) as store:
        stored = store.connection.execute("SELECT headline_end FROM articles").fetchall()
    assert stored == [(0,)]
    other = str(tmp_path / "headed.duckdb")
    with Store(other) as store:
        store.add(headed, said(headed, "Orla Brennock", "the bridge will open in June", "Mayor Orla Brennock"))
    assert flags_of(other, capsys)["Orla Brennock"] == ["named only in headlines"]


def test_a_store_written_before_the_decision_was_kept_gets_it_from_the_old_reading(tmp_path):
    db = str(tmp_path / "old.duckdb")
    headed = Article(id="a", text=f"{TITLE}\n\n{BODY}", title=TITLE)
    body_first = Article(id="b", text=BODY, title=TITLE)
    with Store(db) as store:
        store.add(headed, ArticleResult(id="a", quotes=[]))
        store.add(body_first, ArticleResult(id="b", quotes=[]))
        # What the column added to an earlier whosaid's store holds.
        store.connection.execute("UPDATE articles SET headline_end = NULL")
    with Store(db) as store:
        kept = dict(store.connection.execute("SELECT source_id, headline_end FROM articles").fetchall())
    # Before, the first paragraph was the headline when a blank line ended it early.
    assert kept == {"a": len(TITLE), "b": BODY.index("\n\n")}


def test_the_article_page_styles_a_headline_only_when_the_text_opens_with_one(tmp_path):
    db = tmp_path / "news.duckdb"
    headed = Article(id="a", text=f"{TITLE}\n\n{BODY}", title=TITLE)
    body_first = Article(id="b", text=BODY, title=TITLE)
    with Store(db) as store:
        store.add(headed, ArticleResult(id="a", quotes=[]))
        store.add(body_first, ArticleResult(id="b", quotes=[]))
    with TestClient(create_app(db, read_only=True), base_url="http://localhost") as client:
        with_headline = client.get(f"/articles/{article_id(headed.text)}").text
        without = client.get(f"/articles/{article_id(body_first.text)}").text
        css = client.get("/static/style.css").text
        api = [client.get(f"/api/articles/{article_id(a.text)}").json()["headline_end"] for a in (headed, body_first)]
    assert api == [len(TITLE), 0]
    assert 'class="text opens-with-headline"' in with_headline
    assert 'class="text"' in without and "opens-with-headline" not in without
    # Only an article that opens with a headline has its first line set as one.
    assert "article.text.opens-with-headline::first-line" in css and "article.text::first-line" not in css


class QuietEngine:
    """Finds no quotes: what is checked is how the analysed article is shown."""

    def analyze(self, text: str, article_id: str = "", headline_end: int | None = None) -> ArticleResult:
        return ArticleResult(id=article_id, quotes=[])


def test_the_analysis_page_styles_a_headline_only_when_the_pasted_text_opens_with_one(tmp_path):
    db = tmp_path / "news.duckdb"
    Store(db).close()
    app = create_app(db, engine_factory=lambda pipeline: QuietEngine())
    with TestClient(app, base_url="http://localhost") as client:
        # Pasted text is a plain-text article: its first line is the headline.
        pasted = client.post("/analyze", data={"text": f"{TITLE}\n\n{BODY}"}).text
        # A title the text does not open with: the text starts with its body.
        titled = client.post("/analyze", data={"text": BODY, "title": TITLE}).text
    assert 'class="text opens-with-headline"' in pasted
    assert 'id="article-text"' in titled and "opens-with-headline" not in titled


# -- the parse and the attribute stage read it too ----------------------------------------

# A hard-wrapped first paragraph: its first line break falls inside a sentence and a quotation.
WRAPPED = (
    "The harbour master, Ines Varga, said on Monday that \u201cthe new quay will\n"
    "open in May, whatever the weather does,\u201d and that the ferries would follow.\n\n"
    "The council meets again on Thursday.\n"
)


def test_a_text_that_opens_with_its_body_is_parsed_with_no_headline_line(nlp):
    from whosaid.parse.pieces import opening_with_body, parse_article

    after_first_line = WRAPPED.index("\n") + 1
    headed = parse_article(nlp, WRAPPED)
    body_first = parse_article(nlp, opening_with_body(nlp, WRAPPED))
    assert any(t.is_sent_start and t.idx == after_first_line for t in headed)
    assert not any(t.is_sent_start and t.idx == after_first_line for t in body_first)
    # A long text read in pieces (here cut at its paragraph break) reads its first piece the same way.
    pieced = parse_article(nlp, opening_with_body(nlp, WRAPPED), piece_chars=WRAPPED.index("\n\n") + 10)
    assert len(pieced) == len(body_first) and pieced.text == WRAPPED
    assert [t.is_sent_start for t in pieced] == [t.is_sent_start for t in body_first]


def test_a_quotation_over_the_first_line_break_of_a_body_first_text_is_one_span():
    from whosaid.quotes import find_quote_spans

    start, end = WRAPPED.index("\u201c"), WRAPPED.index("\u201d") + 1
    assert [(s.start, s.end) for s in find_quote_spans(WRAPPED, opens_with_headline=False)] == [(start, end)]
    # Read as a headline, the first line ends the quotation's paragraph.
    assert (start, end) not in [(s.start, s.end) for s in find_quote_spans(WRAPPED)]


def test_a_body_first_text_has_no_headline_label(nlp):
    from whosaid.attribute.transcript import headline_label
    from whosaid.context import carry_headline

    text = "Varga: The Quay Opens in May\n\nHarbour master Ines Varga spoke on Monday about the works."
    assert headline_label(nlp(text)) is not None
    doc = nlp(text)
    carry_headline(doc, 0)
    assert headline_label(doc) is None


def test_the_engine_reads_a_body_first_wrapped_text_as_it_reads_the_same_text_under_a_headline(engine):
    body_first = next(engine.analyze_many([Article(id="a", text=WRAPPED, title=TITLE)]))
    headed_text = f"{TITLE}\n\n{WRAPPED}"
    headed = next(engine.analyze_many([Article(id="b", text=headed_text, title=TITLE)]))
    shift = len(TITLE) + 2

    def found(result, offset):  # the body's quotes, offsets into the body
        return [((q.content[0][0] - offset, q.content[-1][1] - offset), q.speaker)
                for q in result.quotes if q.content[0][0] >= offset]

    assert found(body_first, 0) == found(headed, shift)
    assert any(speaker == "Ines Varga" for _, speaker in found(body_first, 0))


def test_a_headline_with_no_full_stop_leaves_the_name_that_opens_the_lede_whole(engine):
    from whosaid.parse.pieces import parse_article

    text = ("Mayor Backs Harbour Plan After Long Talks With Fishing Crews\n"
            "Tomasz Wrona said the crews would get new berths. Ilse Marr said the berths were too small.")
    doc = parse_article(engine.nlp, text)
    sentence_of = {t.text: t.sent.start for t in doc}
    assert sentence_of["Tomasz"] == sentence_of["Wrona"] != sentence_of["Crews"]
    # The rest of the lede's line is parsed as before: its second sentence still starts at "Ilse".
    assert doc[[t.text for t in doc].index("Ilse")].is_sent_start
    assert [q.speaker for q in engine.analyze(text).quotes][:1] == ["Tomasz Wrona"]
