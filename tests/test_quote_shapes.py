"""Quotation styles and cue shapes, attributed: sentences written for these tests in the
shapes of other projects' quote-extraction tests (textacy's ``direct_quotations``,
Stanford CoreNLP's QuoteAnnotator, statement-extractor). Where whosaid follows another
convention than those projects, docs/attribution.md says which and why."""

from __future__ import annotations

import dataclasses

import pytest

from whosaid.attribute import find_attributions
from whosaid.attribute.attributions import assemble, run_to_closing_mark
from whosaid.attribute.model import load_model
from whosaid.quotes import find_quote_spans


@pytest.fixture(scope="module")
def read(nlp):
    def read(text: str):
        attributions = find_attributions(nlp(text), find_quote_spans(text))
        return [
            {
                "content": [text[s:e] for s, e in a.content],
                "source": " ".join(text[s:e] for s, e in a.source),
                "cue": " ".join(text[s:e] for s, e in a.cue),
                "kind": a.kind,
            }
            for a in attributions
        ]

    return read


def by_cue(found, cue: str):
    matching = [a for a in found if a["cue"] == cue]
    assert len(matching) == 1, found
    return matching[0]


# Quotation styles


def test_single_quoted_speech(read):
    att = by_cue(read("'We will not back down,' said the minister."), "said")
    assert att["source"] == "the minister"
    assert att["content"] == ["'We will not back down,'"]
    assert att["kind"] == "direct"


def test_single_quoted_speech_interrupted_by_its_cue(read):
    att = by_cue(read("'Good morning,' she said, 'are you ready to leave?'"), "said")
    assert att["source"] == "she"
    assert att["content"] == ["'Good morning,'", "'are you ready to leave?'"]


@pytest.mark.parametrize("quote", ["« We will win »", "«We will win»", "„We will win“"])
def test_guillemets_and_low_marks(read, quote):
    att = by_cue(read(f"{quote}, the mayor said."), "said")
    assert att["source"] == "the mayor"
    assert att["content"] == [quote]
    assert att["kind"] == "direct"


def test_an_unbalanced_mark_leaves_the_rest_of_the_article_alone(read):
    found = read(
        "Strike\n\n'We will not back down,\" said the union leader.\n\n"
        "The talks went on. \"We expect a deal by Friday,\" the envoy said.\n\n"
        "\"It will take time,\" Ms. Okafor added."
    )
    by_source = {a["source"]: a["content"] for a in found}
    assert by_source["the union leader"] == ["'We will not back down,\""]
    assert by_source["the envoy"] == ['"We expect a deal by Friday,"']
    assert by_source["Ms. Okafor"] == ['"It will take time,"']


def test_an_unbalanced_mark_leaves_the_rest_of_its_paragraph_alone(read):
    found = read(
        "'We will not back down,\" said the union leader. The talks went on. "
        "\"We expect a deal by Friday,\" the envoy said. \"It will take time,\" Ms. Okafor added."
    )
    assert [(a["source"], a["content"], a["kind"]) for a in found] == [
        ("the union leader", ["'We will not back down,\""], "direct"),
        ("the envoy", ['"We expect a deal by Friday,"'], "direct"),
        ("Ms. Okafor", ['"It will take time,"'], "direct"),
    ]


def test_nested_quote_of_the_same_mark_stays_whole(read):
    att = by_cue(read("“Morning,” she said, “did you “sleep” at all?”"), "said")
    assert att["content"] == ["“Morning,”", "“did you “sleep” at all?”"]


# Cue shapes


@pytest.mark.parametrize("text", ['"Farewell" -- said Mr. Pemberton.', '"Farewell" — said Mr. Pemberton.',
                                  '"Farewell"--said Mr. Pemberton.', '"Farewell"—said Mr. Pemberton.'])
def test_a_dash_before_the_cue(read, text):
    att = by_cue(read(text), "said")
    assert att["source"] == "Mr. Pemberton"
    assert att["content"] == ['"Farewell"']


def test_the_quote_and_dash_rule_leaves_other_dashes_alone(nlp):
    words = [t.text for t in nlp.make_doc('a well-known man--really, "so"--and the 2016--17 season')]
    assert words[:6] == ["a", "well", "-", "known", "man", "--"]
    assert words[8:13] == ['"', "so", '"', "--", "and"]


def test_present_tense_inverted(read):
    att = by_cue(read('"We adore dogs!" reply Maria and Tom.'), "reply")
    assert att["source"] == "Maria and Tom"
    assert att["content"] == ['"We adore dogs!"']


@pytest.mark.parametrize("tag, source, verb", [
    ("the girl whimpered", "the girl", "whimpered"),
    ("he shrugged", "he", "shrugged"),
    ("she laughed", "she", "laughed"),
    ("the old farmer sighed", "the old farmer", "sighed"),
    ("Ms. Okafor groaned", "Ms. Okafor", "groaned"),
])
def test_manner_of_speaking_verbs(read, tag, source, verb):
    text = f'"Not again, he is behind the shed!" {tag}.'
    att = by_cue(read(text), verb)
    assert att["source"] == source
    assert att["content"] == ['"Not again, he is behind the shed!"']


def test_any_verb_tags_speech_only_of_a_speaker(read):
    text = "When the rally ended — “We will win this, all of us!” — the balloons drifted down."
    assert not [a for a in read(text) if a["cue"] == "drifted"]


def test_a_quotation_inside_a_sentence_is_not_tagged_alone(read):
    # The tag belongs to the whole sentence: the quotation is only part of the content.
    found = read('Golf clubs are "just scraping by these days," said Mr. Hale.')
    att = by_cue(found, "said")
    assert att["source"] == "Mr. Hale"
    assert att["content"] != ['"just scraping by these days,"']


# Quotes that carry a speaker on


def test_a_quotation_after_a_mixed_quote_continues_its_speaker(read):
    text = ('"The judge has every reason" to release him, Mendicino said. '
            '"I am extremely concerned about his health."')
    att = by_cue(read(text), "said")
    assert att["source"] == "Mendicino"
    assert att["content"][-1] == '"I am extremely concerned about his health."'


def test_a_quotation_paragraph_continues_the_speaker_before_it(read):
    text = ('Appeal\n\n"We will appeal this ruling," Ana Ruiz said on Monday.\n\n'
            '"It cannot stand, and we will say so in every court."')
    att = by_cue(read(text), "said")
    assert att["source"] == "Ana Ruiz"
    assert att["content"] == ['"We will appeal this ruling,"',
                              '"It cannot stand, and we will say so in every court."']


def test_a_quotation_over_paragraphs_is_the_speaker_of_its_closing_cue(read):
    """Its first paragraphs are not the previous speaker's, though no cue stands in them."""
    text = ('Harbour\n\n"The money will be found," said the council leader, Peter Grant.\n\n'
            '"We cannot keep patching the wall. The stones have moved since the storms.\n\n'
            '"The council has to pay for a new one before spring.\n\n'
            '"Otherwise the fish market will flood again," said the engineer, Mary Holt.')
    found = read(text)
    grant = next(a for a in found if "Grant" in a["source"])
    holt = next(a for a in found if "Holt" in a["source"])
    assert grant["content"] == ['"The money will be found,"']
    assert [c[:12] for c in holt["content"]] == ['"We cannot k', '"The council', '"Otherwise t']
    assert len(found) == 2


def test_a_quoted_report_is_not_claimed_by_the_speaker_it_quotes(read):
    """The report's paragraphs open with straight marks, the speaker's words inside it with curly ones."""
    text = ('Harbour\n\nThe Coastal Gazette ran a long report on the pier on Monday.\n\n'
            '"The pier at Westport has been closed since the storm.\n\n'
            '“Repairs would cost more than a new pier,” the chief engineer said."')
    found = read(text)
    engineer = [a for a in found if "engineer" in a["source"]]
    assert engineer and not any(c.startswith('"The pier') for a in engineer for c in a["content"])


def test_a_quotation_over_paragraphs_after_an_introduction_is_the_introducing_speakers(read):
    """No paragraph of the quotation holds a cue; its marks make it one quotation (each paragraph opens
    with a mark, only the last closes), so the whole of it is the introduction's source's."""
    text = ('Bridge\n\nMayor Elena Marsh spoke to the Gazette about the plan.\n\n'
            '"We have waited for this bridge for twenty years. The old one is falling apart.\n\n'
            '"Every winter the council patches it, and every spring the cracks come back.\n\n'
            '"This time we will build it properly."\n\nWork starts in May.')
    found = read(text)
    marsh = [a for a in found if a["source"] == "Mayor Elena Marsh"]
    assert len(marsh) == 1, found
    assert [c[:12] for c in marsh[0]["content"] if c.startswith('"')] == ['"We have wai', '"Every winte', '"This time w']
    assert not [a for a in found if a["source"] != "Mayor Elena Marsh"]


def test_closed_quotations_after_an_introduction_are_not_carried_by_it(read):
    """Each paragraph closes its quotation: the marks do not make them one, and nothing says whose they are."""
    text = ('Bridge\n\nMayor Elena Marsh spoke to the Gazette about the plan.\n\n'
            '"We have waited for this bridge for twenty years."\n\n'
            '"This time we will build it properly."\n\nWork starts in May.')
    found = read(text)
    assert not [c for a in found for c in a["content"] if c.startswith('"')], found


def test_a_paragraph_between_ends_the_speaker(read):
    text = ('Appeal\n\n"We will appeal this ruling," Ana Ruiz said on Monday.\n\n'
            'The court rose at noon.\n\n'
            '"It cannot stand, and we will say so in every court."')
    att = by_cue(read(text), "said")
    assert att["content"] == ['"We will appeal this ruling,"']


# Scare quotes and titles


@pytest.mark.parametrize("text", [
    'Maria claims that her favourite novel is "War and Peace".',
    'Maria thinks that dogs are "sweethearts".',
])
def test_titles_and_scare_quotes_are_not_quoted_speech(read, text):
    found = read(text)
    assert found and all(a["kind"] == "indirect" for a in found)


def test_a_quoted_phrase_of_the_speaker_is_mixed(read):
    att = by_cue(read('The mayor said the plan was "a disaster for working families".'), "said")
    assert att["kind"] == "mixed"


# The shapes of the other projects' tests


def test_cue_before_a_quotation(read):
    att = by_cue(read('Maria said, "I adore those dogs!"'), "said")
    assert (att["source"], att["content"], att["kind"]) == ("Maria", ['"I adore those dogs!"'], "direct")


def test_pronoun_tag_after_narration(read):
    att = by_cue(read('Maria spoke from the stage. "I adore those dogs," she said.'), "said")
    assert (att["source"], att["content"]) == ("she", ['"I adore those dogs,"'])


def test_inverted_tag_then_a_second_sentence(read):
    # One quote in two parts, as PolNeAR annotates it (textacy reports two).
    att = by_cue(read('"I adore those dogs!" insists Maria. "Yes, I truly do."'), "insists")
    assert att["source"] == "Maria"
    assert att["content"] == ['"I adore those dogs!"', '"Yes, I truly do."']


def test_tag_with_an_adverbial_after_it(read):
    att = by_cue(read('"I guess promises expire," Marlow quipped, to laughter from the crowd.'), "quipped")
    assert (att["source"], att["content"]) == ("Marlow", ['"I guess promises expire,"'])


def test_told_someone_a_quotation(read):
    found = read('Mark, the head of the team, told Jacob "I will make sure you get a raise."')
    att = by_cue(found, "told")
    assert att["source"].startswith("Mark")
    assert att["content"] == ['"I will make sure you get a raise."']


def test_a_quoted_clause_ending_a_statement_is_mixed(read):
    text = ('Harbour Minister Khalid Rahman said in a statement late on Tuesday that the port '
            'had been shut to "protect the lives of the people after the council\'s reckless conduct".')
    att = by_cue(read(text), "said")
    assert "Khalid Rahman" in att["source"]
    assert att["kind"] == "mixed"


def test_a_second_quotation_after_another_verb_is_not_the_first_cue(read):
    text = ('“No, no, no. I never repeat myself,” Keane insisted, before at once '
            'repeating himself by saying, “I never repeat myself.”')
    att = by_cue(read(text), "insisted")
    assert att["source"] == "Keane"
    assert att["content"] == ["“No, no, no. I never repeat myself,”"]


def test_a_closing_mark_with_no_opening_is_no_direct_quote(read):
    text = ('While voicing deep concern at leaders unable to settle their differences," '
            'Ban urged them to show unity.')
    assert all(a["kind"] != "direct" for a in read(text))


def test_an_odd_mark_count_inside_a_quotation(read):
    att = by_cue(read('He walked into the barn. "Where are the horses\' oats?" he asked.'), "asked")
    assert (att["source"], att["content"]) == ("he", ['"Where are the horses\' oats?"'])


def test_attributions_stay_in_their_paragraph(read):
    text = ('Cooks are like everyone else. Conney said the job asks them to "do their best and fix '
            'whatever goes wrong."\nThe chief said violence is never easy for anyone.')
    found = read(text)
    conney = [a for a in found if a["source"] == "Conney"]
    assert conney and all("\n" not in part for part in conney[0]["content"])
    assert not any("chief" in part for part in conney[0]["content"])


def test_a_quoted_modifier_is_part_of_a_longer_content(read):
    found = read('She warned of a "ferocious" fight ahead if the party leaders change the rules.')
    att = by_cue(found, "warned of")
    assert att["content"] != ['"ferocious"']
    assert "fight" in " ".join(att["content"])


def test_a_title_at_the_start_of_a_content_is_not_quoted_speech(read):
    found = read('Her favourite book is "One Hundred Years of Solitude," she said.')
    att = by_cue(found, "said")
    assert att["kind"] == "indirect"


# Quotations a clause introduces with a colon


@pytest.fixture(scope="module")
def colon_read(nlp):
    """The attributions assembled from no candidates at all: what the colon rule adds alone."""
    def read(text: str, colon_quotes: bool = True):
        doc = nlp(text)
        return [
            {"content": [text[s:e] for s, e in a.content], "source": " ".join(text[s:e] for s, e in a.source),
             "cue": " ".join(text[s:e] for s, e in a.cue), "kind": a.kind}
            for a in assemble(doc, find_quote_spans(text), [], colon_quotes=colon_quotes)
        ]

    return read


@pytest.mark.parametrize("text, source, cue", [
    ('As the harbour master put it: "No ship leaves in this fog."', "the harbour master", "put it:"),
    ('Lena Brandt, the union chief, spoke to reporters after the talks: "We are not done yet."',
     "Lena Brandt, the union chief", "spoke :"),
    ('She fired back: "Nobody asked the drivers."', "She", "fired back:"),
])
def test_a_quotation_after_a_colon_is_the_subject_of_the_clause_before_it(colon_read, text, source, cue):
    found = colon_read(text)
    assert found == [{"content": [text[text.index('"'):]], "source": source, "cue": cue, "kind": "direct"}]


def test_the_colon_rule_is_the_model_s_choice(colon_read):
    assert colon_read('As the harbour master put it: "No ship leaves in this fog."', colon_quotes=False) == []


@pytest.mark.parametrize("text", [
    'The report had one line: "Costs rose again."',
    'The storm took the roof off: "Gone," read the sign.',
    'Ana Ruiz spoke first:\n\n"We are not done yet."',
])
def test_a_colon_introduces_speech_only_of_a_speaker_in_its_paragraph(colon_read, text):
    """A document or a thing introducing a quotation does not make it speech."""
    assert colon_read(text) == []


def test_a_quotation_an_attribution_reaches_is_left_to_it(nlp):
    text = 'Ana Ruiz told the council: "We are not done yet."'
    doc = nlp(text)
    spans = find_quote_spans(text)
    found = find_attributions(doc, spans, model=dataclasses.replace(load_model(), colon_quotes=True))
    reaching = [a for a in found if any(s <= text.index('"') < e for s, e in a.content)]
    assert len(reaching) == 1
    assert " ".join(text[s:e] for s, e in reaching[0].source) == "Ana Ruiz"


# A content that stops inside a quotation runs on to its closing mark


def _fragment(text: str, words: str) -> tuple[tuple[int, int], ...]:
    start = text.index(words)
    return ((start, start + len(words)),)


def _as_text(text: str, content) -> list[str]:
    return [text[s:e] for s, e in content]


def test_a_content_stopping_inside_a_quotation_runs_to_its_closing_mark():
    text = 'The keeper said that "the lock held all winter. It will hold again." Nobody argued.'
    content = _fragment(text, 'that "the lock held all winter')
    carried = run_to_closing_mark(content, find_quote_spans(text), text)
    assert _as_text(text, carried) == ['that "the lock held all winter. It will hold again."']


@pytest.mark.parametrize("text, words", [
    # The quotation closes inside the content.
    ('The keeper said the lock was "sound enough" for the winter.', 'the lock was "sound enough" for the winter'),
    # Only its full stop is left before the closing mark: no word to add.
    ('The keeper said that "the lock held all winter."', 'that "the lock held all winter'),
    # No quotation at all.
    ("The keeper said that the lock held. It will hold again.", "that the lock held"),
])
def test_a_content_outside_an_open_quotation_is_left_as_it_is(text, words):
    content = _fragment(text, words)
    assert run_to_closing_mark(content, find_quote_spans(text), text) == content


def test_only_the_last_fragment_is_carried_on():
    text = 'The rules "are old," the keeper wrote, "but they still serve us. We keep them." He left.'
    spans = find_quote_spans(text)
    first = _fragment(text, 'The rules "are old,"')
    last = _fragment(text, '"but they still serve us')
    carried = run_to_closing_mark(first + last, spans, text)
    assert _as_text(text, carried) == ['The rules "are old,"', '"but they still serve us. We keep them."']


@pytest.fixture(scope="module")
def closing_read(nlp):
    """What the fast model reports with and without carrying contents to the closing mark."""
    model = load_model()

    def read(text: str, close_quotations: bool):
        chosen = dataclasses.replace(model, close_quotations=close_quotations)
        return {" ".join(text[s:e] for s, e in a.cue): _as_text(text, a.content)
                for a in find_attributions(nlp(text), find_quote_spans(text), model=chosen)}

    return read


def test_the_model_chooses_whether_contents_run_to_the_closing_mark(closing_read):
    text = ('The harbour master said that "the ferry will sail at noon. '
            'Passengers should come early and bring their tickets." The crowd waited.')
    without = closing_read(text, close_quotations=False)
    carried = closing_read(text, close_quotations=True)
    assert without["said"] == ['that "the ferry will sail at noon']
    assert carried["said"] == ['that "the ferry will sail at noon. Passengers should come early and bring their tickets."']


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_both_shipped_models_carry_contents_to_the_closing_mark(pipeline):
    from whosaid.pipelines import get_pipeline

    assert load_model(get_pipeline(pipeline).attribution_model).close_quotations


def test_a_quotation_naming_a_term_or_a_work_is_no_ones_words():
    from whosaid.attribute.attributions import names_a_term

    assert names_a_term('"reckless"')
    assert names_a_term("“Morning Hour”")
    assert names_a_term("''The Long Road Home''")
    assert not names_a_term('"We will rebuild the pier."')
    assert not names_a_term('"the ferry runs late,"')
    # Capitalised words closed as a sentence are words said ("Thank You All!").
    assert not names_a_term("“Thank You All!”")


@pytest.fixture(scope="module")
def linking_read(nlp):
    """What the fast model reports with and without leaving a named term or work unlinked."""
    model = load_model()

    def read(text: str, unlinked_names: bool):
        chosen = dataclasses.replace(model, unlinked_names=unlinked_names)
        return {" ".join(text[s:e] for s, e in a.cue): _as_text(text, a.content)
                for a in find_attributions(nlp(text), find_quote_spans(text), model=chosen)}

    return read


@pytest.mark.parametrize("named", ['"Harbour Talk"', '"resolute"'])
def test_the_model_chooses_whether_a_named_term_joins_the_quotation_before_it(linking_read, named):
    text = f'"We will rebuild the pier before winter," Mayor Elena Marsh said on {named} in a firm voice.'

    linked = linking_read(text, unlinked_names=False)
    unlinked = linking_read(text, unlinked_names=True)
    assert unlinked["said"] == ['"We will rebuild the pier before winter,"']
    assert linked["said"] == ['"We will rebuild the pier before winter,"', named]


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_both_shipped_models_leave_named_terms_out_of_later_parts(pipeline):
    from whosaid.pipelines import get_pipeline

    assert load_model(get_pipeline(pipeline).attribution_model).unlinked_names
