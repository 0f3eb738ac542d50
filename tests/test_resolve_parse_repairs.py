"""Which earlier person a mention means, by the role its phrase has in the sentence, read again where the parse slips."""

from __future__ import annotations

from whosaid.records import Attribution
from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings
from whosaid.resolve.table import fronted_subject

from .test_resolve import at, attribution, speaker

# The parser hangs "Dale Brooks" on "Karen Holt" as an apposition, so "praised"
# has no subject: the opening phrase ends at the comma and Brooks is its subject.
CAMPAIGN_TRAIL = (
    "Levees hold\n\n"
    "Tom Baxter, the county engineer, inspected the levees on Monday. Baxter found no cracks.\n\n"
    "While on the campaign trail for his wife Democratic Senate candidate Karen Holt, "
    "former governor Dale Brooks praised the repairs. "
)


def _he_said(text: str) -> Attribution:
    he = at(text, " he said")
    source = (he[0] + 1, he[0] + 3)
    return Attribution(content=(at(text, "The levees will hold"),), source=(source,), cue=((source[1] + 1, he[1]),))


def test_a_subject_read_as_an_apposition_is_told_from_a_true_apposition(nlp):
    doc = nlp(CAMPAIGN_TRAIL)
    brooks = next(t for t in doc if t.text == "Brooks")
    engineer = next(t for t in doc if t.text == "engineer")
    assert fronted_subject(doc, brooks.i)
    # A true apposition, with its own verb's subject before it, is left alone.
    assert not fronted_subject(doc, engineer.i)


def test_a_subject_read_as_an_apposition_is_salient_as_a_subject(nlp):
    text = CAMPAIGN_TRAIL + '"The levees will hold," he said.'
    doc = nlp(text)
    assert speaker(resolve_speakers(doc, [_he_said(text)])) == "Dale Brooks"
    without = resolve_speakers(doc, [_he_said(text)], settings=Settings().without("phrase-roles"))
    assert speaker(without) == "Tom Baxter"


BOARD_VOTE = (
    "School board picks a chair\n\n"
    "Most members backed Maria Lopez for the chair on Tuesday.\n\n"
    "One member, treasurer Ruth Okonkwo, cast her vote for Lopez last week "
    "to let Lopez focus on the budget fight ahead.\n\n"
    "\u201cWe need to close this contest and get back to the schools,\u201d she said."
)


def test_a_name_apposed_to_the_subject_is_the_pronoun_s_antecedent(nlp):
    doc = nlp(BOARD_VOTE)
    found = attribution(BOARD_VOTE, "she", "said", "We need to close this contest and get back to the schools")
    assert speaker(resolve_speakers(doc, [found])) == "Ruth Okonkwo"
    # Read as the parser attached them, "Ruth Okonkwo" is a mere apposition and
    # "Lopez" the subject of "focus", as salient as the sentence's subject.
    off = resolve_speakers(doc, [found], settings=Settings().without("phrase-roles"))
    assert speaker(off) != "Ruth Okonkwo"


def test_the_predicate_of_be_stands_for_its_subject(nlp):
    text = (
        "Budget fight\n\n"
        "The council approved the budget on Monday. Tom Price voted against it. The plan's backers included "
        "Ann Lee, who was one of the first council members to argue that the library should stay open."
    )
    doc = nlp(text)
    found = attribution(text, "one of the first council members", "to argue", "that the library should stay open")
    assert speaker(resolve_speakers(doc, [found])) == "Ann Lee"
    assert speaker(resolve_speakers(doc, [found], settings=Settings().without("predicate-nominal"))) is None



# The accurate pipeline's parser makes "Dan Ellery" the subject of "stated" and hangs "In" on that verb;
# the small one reads the phrase right. The description after the comma is the subject on either parse.
MORNING_SHOW = (
    "Adler on the budget\n\n"
    "WASHINGTON — Ruth Adler no longer recognises the senator she once worked with.\n\n"
    "In an interview with Morning Talk hosts Dan Ellery and Cora Bright, the Democratic presidential candidate "
    "stated that the budget was a fraud."
)


def test_a_subject_a_parse_reads_into_an_opening_phrase_is_none_on_either_parse(nlp):
    from whosaid.parse import load_pipeline

    found = attribution(MORNING_SHOW, "the Democratic presidential candidate", "stated", "the budget was a fraud")
    for doc in (nlp(MORNING_SHOW), load_pipeline("md")(MORNING_SHOW)):
        assert speaker(resolve_speakers(doc, [found])) == "Ruth Adler"
    misread = load_pipeline("md")(MORNING_SHOW)
    assert speaker(resolve_speakers(misread, [found], settings=Settings().without("opening-phrases"))) == "Dan Ellery"
