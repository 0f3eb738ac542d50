"""Interview transcripts: speaker labels at the start of a paragraph, on texts written for these tests."""

from __future__ import annotations

import pytest

from whosaid.attribute import find_attributions
from whosaid.attribute.transcript import headline_label, interview_questions, introduced_paragraphs, transcript_turns
from whosaid.quotes import find_quote_spans
from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import DEFAULT

INTERVIEW = (
    "Mayor takes questions on the bridge\n\n"
    "Mayor Elena Marsh spoke to the Tribune on Sunday about the repairs.\n\n"
    "KOVAC: Will the bridge reopen in May?\n\n"
    "MARSH: We hope so. The engineers are still testing the cables.\n\n"
    "The tests will take weeks, and we will publish every result.\n\n"
    "(CROSSTALK)\n\n"
    "KOVAC: And the cost?\n\n"
    "MARSH: Nobody knows yet, but the council has set money aside."
)


@pytest.fixture(scope="module")
def interview(nlp):
    doc = nlp(INTERVIEW)
    attributions = find_attributions(doc, find_quote_spans(INTERVIEW))
    return doc, attributions


def texts(text, attribution):
    return (
        " ".join(text[s:e] for s, e in attribution.source),
        " ".join(text[s:e] for s, e in attribution.cue),
        [text[s:e] for s, e in attribution.content],
    )


def test_each_labelled_paragraph_is_a_turn_of_its_speaker(interview):
    _, attributions = interview
    turns = [texts(INTERVIEW, a) for a in attributions if a.cue and INTERVIEW[a.cue[0][0]] == ":"]
    assert turns == [
        ("KOVAC", ":", ["Will the bridge reopen in May?"]),
        ("MARSH", ":", [
            "We hope so. The engineers are still testing the cables.",
            "The tests will take weeks, and we will publish every result.",
        ]),
        ("KOVAC", ":", ["And the cost?"]),
        ("MARSH", ":", ["Nobody knows yet, but the council has set money aside."]),
    ]


def test_no_other_attribution_is_read_into_a_turn(interview):
    _, attributions = interview
    turn_start = INTERVIEW.index("KOVAC")
    inside = [a for a in attributions if a.content[0][0] > turn_start and INTERVIEW[a.cue[0][0]] != ":"]
    # Only the parser's reading of the stage direction may remain, never a cue inside the spoken words.
    assert all(not a.cue for a in inside), [texts(INTERVIEW, a) for a in inside]


def test_labels_resolve_to_the_article_s_name_or_their_own(interview):
    doc, attributions = interview
    resolution = resolve_speakers(doc, attributions)
    names = {}
    for i, attribution in enumerate(attributions):
        label = " ".join(INTERVIEW[s:e] for s, e in attribution.source)
        index = resolution.speakers[i]
        if label in ("KOVAC", "MARSH"):
            names.setdefault(label, set()).add(resolution.entities[index].name if index is not None else None)
    # An ALL-CAPS surname is the person the article names in full; an unknown one keeps its own name, cased.
    assert names == {"MARSH": {"Elena Marsh"}, "KOVAC": {"Kovac"}}


def test_quoted_transcript_and_question_answer_labels(nlp):
    text = (
        "Reading the tapes\n\n"
        "The station released the recording on Friday.\n\n"
        '"Q: Why did the plant close?\n\n'
        '"A: Because the orders stopped coming.\n\n'
        '"Q: Will it open again?\n\n'
        '"A: Not this year."'
    )
    doc = nlp(text)
    turns = transcript_turns(doc)
    # The interviewer's questions are no one's quotes; the answers are the speaker's own words.
    assert [text[slice(*t.source[0])] for t in turns] == ["A", "A"]
    assert [text[slice(*t.content[0])] for t in interview_questions(doc)] == ["Why did the plant close?",
                                                                              "Will it open again?"]
    assert text[slice(*turns[0].content[0])] == "Because the orders stopped coming."
    assert text[slice(*turns[1].content[-1])] == "Not this year."


@pytest.mark.parametrize("role", ["HOST", "INTERVIEWER", "MODERATOR", "PRESENTER", "ANCHOR", "CO-HOST"])
def test_a_questioner_s_role_label_is_an_unnamed_speaker_s_turn(nlp, role):
    text = (
        "Evening Desk: the ferry strike\n\n"
        f"{role}: Commissioner Okafor, will the ferry strike go ahead on Friday?\n\n"
        "OKAFOR: I hope not. We have put a fair offer on the table.\n\n"
        f"{role}: Dr. Mensah, the crews say the offer is too low. Are they right?\n\n"
        "MENSAH: They are, and I would tell the commissioner so."
    )
    doc = nlp(text)
    attributions = find_attributions(doc, find_quote_spans(text))
    resolution = resolve_speakers(doc, attributions)
    asked = [i for i, a in enumerate(attributions) if " ".join(text[s:e] for s, e in a.source) == role]
    # The questions are speech, set out as turns like the answers, by someone the text never names.
    assert len(asked) == 2
    # A turn is its speaker's own words, though the page sets no quotation marks.
    assert {a.kind for a in attributions if text[slice(*a.cue[0])] == ":"} == {"direct"}
    assert [(resolution.speakers[i], resolution.kinds[i]) for i in asked] == [(None, "unnamed")] * 2
    assert not any(role.lower() in e.name.lower() for e in resolution.entities)
    # The person addressed in a question is not who asks it.
    answers = {resolution.entities[resolution.speakers[i]].name for i, a in enumerate(attributions)
               if " ".join(text[s:e] for s, e in a.source) in ("OKAFOR", "MENSAH")}
    assert answers == {"Okafor", "Mensah"}
    without = resolve_speakers(doc, attributions, settings=DEFAULT.without("role-label"))
    assert any(without.speakers[i] is not None for i in asked)


def test_named_dialogue_needs_people_of_the_article_taking_turns(nlp):
    text = (
        "A night of sparring\n\n"
        "The host, Dana Reyes, questioned Senator Paul Okafor at the studio.\n\n"
        "Reyes: What is your plan for the port?\n\n"
        "Okafor: We will dredge it next year.\n\n"
        "Reyes: And the budget?\n\n"
        "Okafor: It is already approved."
    )
    doc = nlp(text)
    turns = transcript_turns(doc)
    assert [text[slice(*t.source[0])] for t in turns] == ["Reyes", "Okafor", "Reyes", "Okafor"]
    # The tagger reads a label at the start of a line as a plural noun; it is still the person.
    resolution = resolve_speakers(doc, turns)
    assert [resolution.entities[i].name for i in resolution.speakers] == ["Dana Reyes", "Paul Okafor"] * 2


@pytest.mark.parametrize("text", [
    # Notes, credits, times and tallies.
    "Council notes\n\nThe council met on Tuesday.\n\nUPDATE: The vote was moved to Friday.\n\n"
    "NOTE: Times are local.\n\nContributing: Ann Lee.\n\nThe meeting starts at 10:30 in the hall.",
    # Candidates named in headings, each once: a list, not a dialogue.
    "The field\n\nAnna Berg and Tom Hale ran for mayor against Ruth Ames.\n\nBerg: Win the suburbs.\n\n"
    "Hale: Hold the center.\n\nAmes: Survive the primary.",
    "Results\n\nAnna Berg and Tom Hale ran for mayor.\n\nBerg: 4,210.\n\nHale: 3,900.\n\nBerg: 4,500.\n\nHale: 4,100.",
    # Headings of a newsletter in capitals.
    "Morning brief\n\nHere is the news.\n\nPORT: CRANES HALTED BY WIND.\n\nRAIL: STRIKE ENDS AFTER TWO DAYS.",
])
def test_labelled_lines_that_are_not_transcripts(nlp, text):
    assert transcript_turns(nlp(text)) == []


def test_the_headline_is_left_to_the_learned_stage(nlp):
    text = "Marsh: The Bridge Will Reopen\n\nMayor Elena Marsh said on Sunday that the bridge would reopen."
    assert transcript_turns(nlp(text)) == []


def test_a_headline_label_naming_someone_of_the_article(nlp):
    text = "Marsh: The Bridge Will Reopen in May\n\nMayor Elena Marsh said on Sunday that the repairs were done."
    found = headline_label(nlp(text))
    assert found is not None
    assert text[slice(*found.source[0])] == "Marsh"
    assert text[slice(*found.content[0])] == "The Bridge Will Reopen in May"


def test_a_headline_label_with_its_topic(nlp):
    text = "Okafor on the Port: Dredging Starts Next Year\n\nGovernor Paul Okafor spoke at the docks on Friday."
    found = headline_label(nlp(text))
    assert found is not None
    assert text[slice(*found.source[0])] == "Okafor"
    assert text[slice(*found.content[0])] == "Dredging Starts Next Year"


@pytest.mark.parametrize("text", [
    "Poll: Voters Back the Bridge Plan\n\nMayor Elena Marsh said on Sunday that the repairs were done.",
    "The Latest: Marsh visits the bridge\n\nMayor Elena Marsh said on Sunday that the repairs were done.",
    "BREAKING: Bridge Reopens\n\nMayor Elena Marsh said on Sunday that the repairs were done.",
    # Nobody below the headline goes by that name.
    "Harbor Lights: A Night on the Water\n\nMayor Elena Marsh said on Sunday that the repairs were done.",
])
def test_headlines_that_name_no_speaker(nlp, text):
    assert headline_label(nlp(text)) is None


def test_a_paragraph_introduced_by_a_speech_verb_and_a_colon(nlp):
    text = (
        "Talk radio\n\n"
        "The host spoke for an hour on Monday.\n\n"
        "Lena Brooks added:\n\n"
        "And from a supposed favorite, this reeks of fear. I have never seen anything like it.\n\n"
        "The show airs daily."
    )
    doc = nlp(text)
    found = introduced_paragraphs(doc)
    assert [(text[slice(*a.source[0])], text[slice(*a.cue[0])], text[slice(*a.content[0])]) for a in found] == [
        ("Lena Brooks", "added", "And from a supposed favorite, this reeks of fear. I have never seen anything like it.")
    ]
    attributions = find_attributions(doc, find_quote_spans(text))
    inside = [a for a in attributions if a.content[0][0] >= text.index("And from")]
    assert len(inside) == 1 and inside[0].source == found[0].source


def test_a_list_after_a_colon_is_not_introduced_speech(nlp):
    text = (
        "Checklist\n\n"
        "The council has the following tasks ahead:\n\n"
        "Repair the bridge before the winter storms arrive in the valley."
    )
    assert introduced_paragraphs(nlp(text)) == []


def test_a_plural_before_a_headline_colon_names_nobody(nlp):
    from whosaid.records import Attribution

    text = "Insiders: Voters Back the Bridge Plan\n\nMayor Elena Marsh welcomed the result on Sunday."
    label = Attribution(content=((10, 36),), source=((0, 8),), cue=((8, 9),))
    resolution = resolve_speakers(nlp(text), [label])
    assert resolution.speakers == [None]
    assert all(e.name != "Insiders" for e in resolution.entities)


PANEL = (
    "Transcript: Evening Desk on the ferry strike\n\n"
    "{role} (Priya Kallis): Commissioner, the crews walk out on Friday. Can you stop them?\n\n"
    "ROBERT OKAFOR: We have put a fair offer on the table, and it is still there.\n\n"
    "PRIYA KALLIS: The crews call it too low.\n\n"
    "ROBERT OKAFOR: Then they should come back and talk to us."
)


def _turns_and_speakers(nlp, text, settings=DEFAULT):
    doc = nlp(text)
    attributions = [a for a in find_attributions(doc, find_quote_spans(text)) if a.cue and text[a.cue[0][0]] == ":"]
    resolution = resolve_speakers(doc, attributions, settings=settings)
    return [
        (
            " ".join(text[s:e] for s, e in a.source),
            resolution.entities[k].name if (k := resolution.speakers[i]) is not None else None,
            resolution.kinds[i],
        )
        for i, a in enumerate(attributions)
    ]


@pytest.mark.parametrize("role", ["HOST", "MODERATOR", "Host", "GUEST HOST"])
def test_a_role_label_with_a_name_in_parentheses_is_that_person_s_turn(nlp, role):
    text = PANEL.format(role=role)
    turns = transcript_turns(nlp(text))
    first = turns[0]
    assert text[slice(*first.source[0])] == "Priya Kallis"
    assert text[slice(*first.content[0])] == "Commissioner, the crews walk out on Friday. Can you stop them?"
    assert [text[slice(*t.source[0])] for t in turns[1:]] == ["ROBERT OKAFOR", "PRIYA KALLIS", "ROBERT OKAFOR"]


def test_capital_labels_of_people_are_persons_written_as_names(nlp):
    turns = _turns_and_speakers(nlp, PANEL.format(role="HOST"))
    assert turns == [
        ("Priya Kallis", "Priya Kallis", "person"),
        ("ROBERT OKAFOR", "Robert Okafor", "person"),
        ("PRIYA KALLIS", "Priya Kallis", "person"),
        ("ROBERT OKAFOR", "Robert Okafor", "person"),
    ]
    # Without it, and without readable-capitals (which shows any person named only in capitals
    # readably), the capitals stay as they are written.
    without = _turns_and_speakers(nlp, PANEL.format(role="HOST"), DEFAULT.without("person-labels", "readable-capitals"))
    assert ("ROBERT OKAFOR", "ROBERT OKAFOR", "person") in without


def test_a_label_spelled_elsewhere_keeps_the_article_s_spelling(nlp):
    text = (
        "Harbour talks stall\n\n"
        "Mayor Dana McAllister met the dockers' union on Monday.\n\n"
        "DANA MCALLISTER: We will not sell the harbour.\n\n"
        "TOM BREEN: Then we will keep the gates shut.\n\n"
        "DANA MCALLISTER: That hurts the whole city."
    )
    names = {source: name for source, name, _ in _turns_and_speakers(nlp, text)}
    assert names == {"DANA MCALLISTER": "Dana McAllister", "TOM BREEN": "Tom Breen"}


@pytest.mark.parametrize("label", ["SENATOR LENNOX (D-Ohio)", "LENNOX (Ohio)"])
def test_a_name_followed_by_a_note_gives_the_note_no_turn(nlp, label):
    text = (
        "Senate hearing on rail safety\n\n"
        "Senator Amy Lennox questioned the regulator for an hour.\n\n"
        f"{label}: Why were the brakes never inspected?\n\n"
        "HALE: We inspected them every year."
    )
    turns = transcript_turns(nlp(text))
    assert "D-Ohio" not in [text[slice(*t.source[0])] for t in turns]
    assert "Ohio" not in [text[slice(*t.source[0])] for t in turns]


def test_a_capital_label_the_tagger_reads_as_a_noun_still_names_its_speaker(nlp):
    text = (
        "Sunday interview: the governor on the pipeline\n\n"
        "On Sunday, Governor Ruth Calder defended the pipeline against its critics.\n\n"
        "NINA HUNTER: Governor, the tribes say the route crosses their water.\n\n"
        "CALDER: We moved the route twice to keep it away from the river.\n\n"
        "HUNTER: And if it leaks?\n\n"
        "CALDER: Then the company pays for every cent of the cleanup."
    )
    for settings in (DEFAULT, DEFAULT.without("label-names")):
        turns = _turns_and_speakers(nlp, text, settings)
        asked = {name for source, name, _ in turns if source in ("NINA HUNTER", "HUNTER")}
        assert {name for source, name, _ in turns if source == "CALDER"} == {"Ruth Calder"}
        # Read as the noun "hunter", the label would stand for the governor she questions.
        assert asked == ({"Nina Hunter"} if settings is DEFAULT else {"Ruth Calder"})


BAKER_INTRO = "The baker Tomas Lindqvist talks about his shop, which turns forty this year."


def _interview(answers: list[str], intro: str = BAKER_INTRO) -> str:
    return (
        "Bread before dawn: a conversation\n\n"
        f"{intro}\n\n"
        "Q: When does your day start?\n\n"
        f"{answers[0]}: At three. The ovens need an hour before the first loaf goes in.\n\n"
        "Q: Do you ever take a holiday?\n\n"
        f"{answers[1]}: Once, in 1998. I worried about the starter the whole week.\n\n"
        "Q: Who will run the shop after you?\n\n"
        f"{answers[2]}: My niece, if she still wants it by then."
    )


def _speakers_of(nlp, text):
    doc = nlp(text)
    attributions = find_attributions(doc, find_quote_spans(text))
    resolution = resolve_speakers(doc, attributions)
    turns = []
    for i, attribution in enumerate(attributions):
        if text[slice(*attribution.cue[0])] != ":":
            continue
        index = resolution.speakers[i]
        name = resolution.entities[index].name if index is not None else None
        turns.append((" ".join(text[s:e] for s, e in attribution.source), name, resolution.kinds[i], attribution.kind))
    return turns


@pytest.mark.parametrize(
    "answers",
    [["A", "A", "A"], ["Tomas Lindqvist", "Lindqvist", "Lindqvist"], ["Lindqvist", "Lindqvist", "Lindqvist"]],
    ids=["q-a", "q-name", "q-surname"],
)
def test_an_interview_s_questions_are_no_quotes_and_its_answers_the_interviewee_s_own_words(nlp, answers):
    text = _interview(answers)
    turns = _speakers_of(nlp, text)
    # The interviewer asks for the outlet: a question is no one's quote, neither a "Q" nor an unnamed source's.
    assert not any(label == "Q" for label, _, _, _ in turns)
    assert not any("holiday" in " ".join(text[s:e] for s, e in a.content)
                   for a in find_attributions(nlp(text), find_quote_spans(text)))
    # An "A:" keeps its label for source; the intro's one person is who it stands for; the words are his own.
    assert [(label, name, kind) for label, name, _, kind in turns] == [
        (label, "Tomas Lindqvist", "direct") for label in answers
    ]


def test_an_interview_with_question_labels_and_the_interviewee_s_surname_in_capitals(nlp):
    text = _interview(["LINDQVIST"] * 3).replace("Q:", "QUESTION:")
    turns = _speakers_of(nlp, text)
    assert [(label, name, kind) for label, name, _, kind in turns] == [("LINDQVIST", "Tomas Lindqvist", "direct")] * 3


def test_an_answer_label_names_no_one_when_the_intro_names_two_people(nlp):
    intro = "Tomas Lindqvist and his niece Greta Holm told us about the shop, which turns forty this year."
    turns = _speakers_of(nlp, _interview(["A", "A", "A"], intro))
    assert len(turns) == 3
    assert {name for label, name, _, _ in turns if label == "A"} == {None}


def test_a_single_question_label_inside_a_quotation_is_no_interview(nlp):
    text = (
        "Council papers show a tense meeting\n\n"
        "Councillor Ines Varga read out the letter she had sent to the mayor in March.\n\n"
        '"Q: Why was the library budget cut without a vote? I asked this twice and heard nothing," '
        "the letter said.\n\n"
        "Varga: the mayor never answered, she said."
    )
    assert transcript_turns(nlp(text)) == []


def test_question_and_answer_labels_closed_by_a_full_stop(nlp):
    text = _interview(["A", "A", "A"]).replace("Q:", "Q.").replace("A:", "A.")
    doc = nlp(text)
    attributions = find_attributions(doc, find_quote_spans(text))
    resolution = resolve_speakers(doc, attributions)
    dotted = []
    for i, attribution in enumerate(attributions):
        if text[slice(*attribution.cue[0])] == ".":
            index = resolution.speakers[i]
            dotted.append((text[slice(*attribution.source[0])],
                           resolution.entities[index].name if index is not None else None, resolution.kinds[i]))
    assert [label for label, _, _ in dotted] == ["A"] * 3
    assert {name for label, name, kind in dotted if label == "A"} == {"Tomas Lindqvist"}


def test_a_paragraph_opening_on_an_initial_is_no_answer(nlp):
    text = (
        "Harbour plan approved\n\n"
        "The council approved the harbour plan on Tuesday after a long debate.\n\n"
        "A. Lindqvist, who runs the bakery on the quay, said the works would close his street for a month.\n\n"
        "Q. Marsh, the harbour master, said the dredging would start in May."
    )
    assert transcript_turns(nlp(text)) == []
