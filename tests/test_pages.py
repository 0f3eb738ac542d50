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
