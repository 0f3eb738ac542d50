"""Names on a headline line: where they end when words and verbs run together."""

from __future__ import annotations

from whosaid.resolve.resolver import Resolver
from whosaid.resolve.settings import Settings

# A first line with a few lower-case words is still the headline.
HEADLINE = (
    "Carter Cash Debunks Warren: Only \u2018One or Two\u2019 Farms where Prices Slipped through the Cracks.\n\n"
    "Senator Elizabeth Warren is under fire. The book Carter Cash says prices were rigged."
)


def names(nlp, text: str, settings: Settings = Settings()) -> set[str]:
    return {e.canonical for e in Resolver(nlp(text), settings=settings).entities}


def test_a_headline_name_ends_where_the_body_writes_it(nlp):
    found = names(nlp, HEADLINE)
    assert "Carter Cash" in found
    assert not any("Debunks" in name for name in found)
    # "Cash" reads as a headline verb when the body is not consulted.
    assert "Carter Cash" not in names(nlp, HEADLINE, Settings().without("body-names"))


def test_a_prose_line_with_capitalised_names_is_no_headline(nlp):
    text = (
        "Budget talks stall\n\n"
        "The council met on Monday to argue over the budget.\n\n"
        "Rep. Debbie Lane Schultz, D-Fla., chairs the National Farm Policy Committee."
    )
    assert "National Farm Policy Committee" in names(nlp, text)


def test_the_kind_of_body_before_a_name_is_no_part_of_it(nlp):
    text = (
        "Ad war\n\n"
        "The ads came from super PAC American Values Fund. "
        "Last week, super PAC Voters First Action said it would spend more."
    )
    found = names(nlp, text)
    assert not any(name.startswith("PAC") for name in found)
    assert {"American Values Fund", "Voters First Action"} <= found


def test_a_headline_name_starts_where_the_body_starts_it(nlp):
    from whosaid.resolve.names import name_mentions
    from whosaid.context import ArticleContext

    text = ("DJ Rosa Quint sorry for her joke at the awards\n\n"
            "Dutch DJ and producer Rosa Quint apologised on Monday. Quint said she meant no harm.")
    doc = nlp(text)
    # The tagger's reading under test, whatever this parser makes of the headline: one
    # three-word name there, the body's two-word name.
    body = text.index("Rosa Quint", 10)
    doc.ents = [doc.char_span(0, len("DJ Rosa Quint"), "PERSON"),
                doc.char_span(body, body + len("Rosa Quint"), "PERSON")]
    headline_names = lambda settings: {m.text for m in name_mentions(ArticleContext(doc), settings) if m.start < 4}
    assert headline_names(Settings()) == {"Rosa Quint"}
    assert headline_names(Settings().without("body-names")) == {"DJ Rosa Quint"}
