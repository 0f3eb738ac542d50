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

