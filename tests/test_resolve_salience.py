"""Which earlier person a pronoun source means, by the roles their names had."""

from __future__ import annotations

from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings

from .test_resolve import attribution, speaker

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
    # Without reading the apposition as the subject the name loses to the
    # others around it.
    off = resolve_speakers(doc, [found], settings=Settings().without("apposed-subjects", "nonfinite-subjects"))
    assert speaker(off) != "Ruth Okonkwo"



RACE = (
    "Governor race tightens\n\n"
    "Businessman Tom Reyes won the Republican primary in June and leads in the polls.\n\n"
    "The Republican nominee said on Monday that taxes would fall.\n\n"
    "In 2010, Republican nominee Frank Dale lost the race by ten points."
)


def test_a_description_is_not_someone_only_a_later_paragraph_describes_so(nlp):
    doc = nlp(RACE)
    found = attribution(RACE, "The Republican nominee", "said", "that taxes would fall")
    assert speaker(resolve_speakers(doc, [found])) == "Tom Reyes"
    assert speaker(resolve_speakers(doc, [found], settings=Settings().without("described-before"))) == "Frank Dale"


def test_a_description_may_be_someone_its_own_sentence_names(nlp):
    text = (
        "Old friends\n\n"
        "Mr. Hale grew up on Elm Street.\n\n"
        "Hale's younger sister went to school with the mayor, and his sister Gwen still lives nearby, "
        "where she said the neighbours were kind."
    )
    found = attribution(text, "Hale's younger sister", "went", "to school with the mayor")
    assert speaker(resolve_speakers(nlp(text), [found])) == "Gwen"
