"""Which person a role written beside a name belongs to, and names that are no person's, as far as the
resolver's mentions decide the role and gender the profile reads."""

from __future__ import annotations

from whosaid.enrich.profile import profile
from whosaid.records import Attribution
from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings

from .test_resolve import attribution


def profiled(nlp, text: str, *attributions: Attribution, settings: Settings = Settings()):
    doc = nlp(text)
    resolution = resolve_speakers(doc, list(attributions), settings=settings)
    people = {s.name: s for s in profile(doc, list(resolution.entities))}
    return resolution, people


def test_a_description_with_a_name_beside_it_is_that_name_s_role_only(nlp):
    text = (
        "Harbour vote\n\n"
        '"We will not give up the quay," said Mara Keane, the council leader. '
        "The opposition leader, Tobias Lund, said the plan was dead."
    )
    quote = attribution(text, "Mara Keane", "said", "We will not give up the quay")
    _, people = profiled(nlp, text, quote)
    assert people["Mara Keane"].role == "council leader"
    assert people["Tobias Lund"].role == "opposition leader"
    # Without the rule the second description went to the person described as a leader before.
    _, before = profiled(nlp, text, quote, settings=Settings().without("apposed-descriptions"))
    assert "opposition leader" in before["Mara Keane"].role
