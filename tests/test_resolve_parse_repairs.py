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

