"""Web pages: the article's own paragraphs, one by one, and none of the page around them."""

from __future__ import annotations

from whosaid.ingest.pages import read_html


def article_page(body: str, title: str = "Ferry fares frozen") -> str:
    return (
        f"<html><head><title>{title} | Estuary Echo</title>"
        "<meta property='og:site_name' content='Estuary Echo'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    )


def paragraphs_of(html: str) -> list[str]:
    item = read_html(html, "page.html")
    assert item.error is None, item.error
    return item.article.text.split("\n\n")


SHORT_BODY = (
    "<p class='byline'>By Tom Fielding</p>"
    "<p>Ferry fares on the estuary route will not rise this winter, the council decided.</p>"
    "<p>\"Families rely on this crossing every single day,\" said councillor Rosa Mbeki.</p>"
    "<p>The freeze costs the council about forty thousand pounds.</p>"
)


def test_a_short_page_keeps_each_paragraph_and_leaves_the_byline_out():
    paragraphs = paragraphs_of(article_page(SHORT_BODY))
    assert paragraphs == [
        "Ferry fares frozen",
        "Ferry fares on the estuary route will not rise this winter, the council decided.",
        "\"Families rely on this crossing every single day,\" said councillor Rosa Mbeki.",
        "The freeze costs the council about forty thousand pounds.",
    ]


def test_a_box_inside_a_short_article_does_not_glue_the_page_into_one_paragraph():
    box = "<div class='author-bio'>Tom Fielding covers transport. \"Sharp and fair,\" says The Ledger.</div>"
    paragraphs = paragraphs_of(article_page(SHORT_BODY + box))
    assert len(paragraphs) == 4
    assert not any("Ledger" in p or "By Tom" in p for p in paragraphs)


LONG_BODY = "".join(
    f"<p>{line}</p>" for line in (
        "The harbour board voted on Tuesday to rebuild the north quay before the storm season.",
        "\"We cannot let another winter pass with the wall in this state,\" said board chair Lena Ortiz.",
        "Work on the quay is expected to start in March and last about eighteen months.",
        "Fishing crews will moor at the south basin while the builders are on site.",
        "The board said the cost would be shared with the regional government.",
    )
)

ASIDES = {
    "paywall notice": "<div class='paywall-message'>Subscribe for full access. \"Unmissable,\" says The Gazette.</div>",
    "author's bio": "<div class='author-box'><p>Sam Reyes writes on the coast. \"A keen eye,\" said The Review.</p></div>",
    "fact box": "<div class='factBox'><p>Key quote</p><p>\"Quays are a town's front door,\" says Prof. Amal Haddad.</p></div>",
    "read-more link": "<p>Read more: <a href='/other'>\"I grew up on these boats,\" says retired skipper</a></p>",
    "complementary region": "<div role='complementary'><p>\"Best harbour in the county,\" said a visitor.</p></div>",
}


def test_asides_in_the_article_are_left_out_and_the_body_is_whole():
    for kind, aside in ASIDES.items():
        middle = LONG_BODY.index("<p>Work")
        paragraphs = paragraphs_of(article_page(LONG_BODY[:middle] + aside + LONG_BODY[middle:], "Quay to be rebuilt"))
        assert len(paragraphs) == 6, kind
        assert all("says" not in p and "Review" not in p and "visitor" not in p for p in paragraphs), (kind, paragraphs)


def test_an_article_whose_own_class_names_a_box_word_is_still_read():
    page = (
        "<html><head><title>Quay to be rebuilt</title></head><body>"
        f"<div class='story has-related-links'>{LONG_BODY}</div>"
        "<div class='related'><p>\"Not again,\" says a neighbour in another story.</p></div></body></html>"
    )
    paragraphs = paragraphs_of(page)
    assert len(paragraphs) == 6 and not any("neighbour" in p for p in paragraphs)


def test_a_subheading_that_restates_a_body_quote_is_not_a_second_quote():
    standfirst = "<h2 class='standfirst'>\u201cWe cannot let another winter pass,\u201d says harbour chief</h2>"
    paragraphs = paragraphs_of(article_page(standfirst + LONG_BODY, "Quay to be rebuilt"))
    assert len(paragraphs) == 6 and not any("harbour chief" in p for p in paragraphs)
    pull = "<blockquote class='pull-quote'>We cannot let another winter pass with the wall in this state</blockquote>"
    assert len(paragraphs_of(article_page(LONG_BODY + pull, "Quay to be rebuilt"))) == 6


def test_a_subheading_with_a_quote_the_body_does_not_have_is_kept():
    subheading = "<h2>\"The old wall is older than the town hall,\" says historian</h2>"
    middle = LONG_BODY.index("<p>Work")
    paragraphs = paragraphs_of(article_page(LONG_BODY[:middle] + subheading + LONG_BODY[middle:], "Quay to be rebuilt"))
    assert paragraphs[3] == "\"The old wall is older than the town hall,\" says historian"


def test_a_crawled_page_is_read_like_the_same_page_on_disk(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from whosaid.ingest.readers import read_paths

    html = article_page(SHORT_BODY + ASIDES["paywall notice"] + ASIDES["read-more link"]).encode()
    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as handle:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        WARCWriter(handle, gzip=True).write_record(WARCWriter(handle, gzip=True).create_warc_record(
            "https://echo.example/ferry", "response", payload=io.BytesIO(html), http_headers=headers))
    item, = read_paths([str(warc)])
    assert item.article.text == read_html(html, "page.html").article.text
    assert item.article.text.split("\n\n") == paragraphs_of(article_page(SHORT_BODY))
