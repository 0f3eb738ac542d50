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
    # "Cash" reads as a headline verb when the body is not consulted (nor the body's "The book" before it).
    assert "Carter Cash" not in names(nlp, HEADLINE, Settings().without("body-names", "work-titles"))


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


def _headline_names(nlp, text: str, headline: str | list[str], body_names: list[str], settings: Settings) -> set[str]:
    """The names read on the first line when the tagger gives ``headline`` (one name or its pieces)
    and ``body_names`` as persons."""
    from whosaid.context import ArticleContext
    from whosaid.resolve.names import name_mentions

    doc = nlp(text)
    pieces = [headline] if isinstance(headline, str) else headline
    spans = [doc.char_span(text.index(piece), text.index(piece) + len(piece), "PERSON") for piece in pieces]
    for name in body_names:
        at = text.index(name, text.index("\n"))
        spans.append(doc.char_span(at, at + len(name), "PERSON"))
    doc.ents = spans
    first_line = text.index("\n")
    return {m.text for m in name_mentions(ArticleContext(doc), settings) if doc[m.start].idx < first_line}


def test_a_headline_word_before_a_surname_the_body_gives_another_first_name_is_dropped(nlp):
    text = ("Game over. Will Marsh come down off the pique?\n\n"
            "After Tuesday night, Bernard Marsh has no path left. Marsh said he will fight on.")
    read = lambda settings: _headline_names(nlp, text, "Will Marsh", ["Bernard Marsh"], settings)
    assert read(Settings()) == {"Marsh"}
    assert read(Settings().without("body-names")) == {"Will Marsh"}
    # Several words, down to the two the body writes.
    text = ("Senate Challenger Dana Reyes: Cut the Budget\n\n"
            "Former state senator Dr. Dana Reyes spoke on Monday. Reyes said cuts must come.")
    assert _headline_names(nlp, text, "Senate Challenger Dana Reyes", ["Dana Reyes"], Settings()) == {"Dana Reyes"}
    # The tagger's two pieces of it, joined as one name first.
    assert _headline_names(nlp, text, ["Senate Challenger", "Dana Reyes"], ["Dana Reyes"], Settings()) == {"Dana Reyes"}
    # A lone word is left only when the body writes it in a person's name.
    text = "Bellwether County Says Marsh Will Win\n\nVigo County has only missed twice, Bernard Marsh said."
    assert "Bellwether County" in _headline_names(nlp, text, "Bellwether County", ["Bernard Marsh"], Settings())


def test_a_headline_first_name_the_body_does_not_write_is_kept(nlp):
    # The body writes only "Mrs. Marsh" and another Marsh's full name; "Helen" is a name it writes
    # ("Helen Ruth"), so the headline's "Helen Marsh" stays whole.
    text = ("Helen Marsh wins the primary\n\n"
            "Mrs. Marsh thanked voters, with her husband Bernard Marsh and their daughter Helen Ruth.")
    read = _headline_names(nlp, text, "Helen Marsh", ["Bernard Marsh", "Helen Ruth"], Settings())
    assert read == {"Helen Marsh"}
    # A common first name the body writes as no name at all is kept too: it may be hers.
    text = "Helen Marsh wins the primary\n\nMrs. Marsh thanked voters, with her husband Bernard Marsh."
    assert _headline_names(nlp, text, "Helen Marsh", ["Bernard Marsh"], Settings()) == {"Helen Marsh"}


def test_a_headline_body_is_not_the_person_quoted_next_but_a_headline_role_is(nlp):
    from whosaid.records import Attribution
    from whosaid.resolve import resolve_speakers

    def headline_speaker(headline: str, source: str, cue: str, content: str):
        text = (f"{headline}\n\n"
                "The harbour board met on Tuesday.\n\n"
                "\"We cannot wait another winter,\" said Nora Valdes, who chairs the board.")
        span = lambda needle: ((text.index(needle), text.index(needle) + len(needle)),)
        quoted = "\"We cannot wait another winter,\""
        resolution = resolve_speakers(nlp(text), [
            Attribution(content=span(content), source=span(source), cue=span(cue)),
            Attribution(content=span(quoted), source=span("Nora Valdes"), cue=span("said")),
        ])
        index = resolution.speakers[0]
        return resolution.entities[index].name if index is not None else None

    assert headline_speaker("Harbour chairwoman wants new ferry", "Harbour chairwoman", "wants",
                            "new ferry") == "Nora Valdes"
    assert headline_speaker("Harbour council approves ferry subsidy", "Harbour council", "approves",
                            "ferry subsidy") != "Nora Valdes"


def test_a_common_noun_opening_a_sentence_case_headline_is_no_name(nlp):
    from whosaid.context import ArticleContext
    from whosaid.resolve.names import name_mentions

    text = ("Library reopens after roof repairs\n\n"
            "The central library reopened on Saturday. \"We missed our readers,\" said librarian Fiona Grey.")
    doc = nlp(text)
    grey = text.index("Fiona Grey")
    # NER's reading under test: the headline's first word taken for a person.
    doc.ents = [doc.char_span(0, len("Library"), "PERSON"), doc.char_span(grey, grey + len("Fiona Grey"), "PERSON")]
    assert doc[0].pos_ == "NOUN"
    assert {m.text for m in name_mentions(ArticleContext(doc))} == {"Fiona Grey"}
