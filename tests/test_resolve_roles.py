"""Which person a role written beside a name belongs to, and names that are no person's, as far as the
resolver's mentions decide the role and gender the profile reads."""

from __future__ import annotations

from whosaid.enrich.profile import profile
from whosaid.records import Attribution
from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings

from .test_resolve import at, attribution, entity, speaker


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


def test_an_apposition_after_two_joined_names_describes_the_last(nlp):
    text = (
        "Cookie poll\n\n"
        "Kitchen rivalries flared again on Friday when Peter Vance and Ilse Marr, Republican nominee Tom Marr's "
        "wife, submitted cookie recipes for the magazine's poll. Vance submitted oatmeal cookies."
    )
    quote = attribution(text, "Vance", "submitted", "oatmeal cookies")
    resolution, people = profiled(nlp, text, quote)
    assert speaker(resolution) == "Peter Vance"
    vance, marr = people["Peter Vance"], people["Ilse Marr"]
    assert not (vance.role or "").endswith("wife")
    assert all(e.label != "female" for e in vance.gender_evidence)
    # Her description holds another man's name as its possessor; it is still hers, not a name of hers.
    assert marr.role == "Republican nominee Tom Marr's wife"
    assert any(e.kind == "description" and e.text == "wife" for e in marr.gender_evidence)
    _, before = profiled(nlp, text, quote, settings=Settings().without("last-conjunct-appositions"))
    assert any(e.label == "female" for e in before["Peter Vance"].gender_evidence)


def test_the_head_of_a_source_span_that_names_someone_else_s_relative_is_no_mention_of_the_speaker(nlp):
    text = (
        "Office news\n\n"
        "Kay Dunn started on Monday as office manager. She is well liked by Mr. Vance's daughter Ivanka and "
        "her husband, Colm Avery, who had been running the office for a decade."
    )
    source = "Mr. Vance's daughter Ivanka and her husband, Colm Avery, who had been running the office for a decade"
    found = Attribution(content=(at(text, "She"),), source=(at(text, source),), cue=(at(text, "is well liked"),))
    resolution, people = profiled(nlp, text, found)
    assert speaker(resolution) == "Colm Avery"
    mentioned = [text[start:end] for start, end in entity(resolution, "Colm Avery").mentions]
    assert "daughter" not in mentioned
    avery = people["Colm Avery"]
    assert avery.gender == "male"
    assert all(e.label != "female" for e in avery.gender_evidence)


def test_a_name_written_after_a_noun_for_a_work_is_no_person(nlp):
    text = (
        "Late shows\n\n"
        "Critics will discuss the cable series Harbinger depicting a mine collapse in graphic detail."
    )
    found = attribution(text, "Harbinger", "depicting", "a mine collapse")
    resolution = resolve_speakers(nlp(text), [found])
    assert speaker(resolution) == "Harbinger"
    assert resolution.kinds[0] == "organization"
    untitled = resolve_speakers(nlp(text), [found], settings=Settings().without("work-titles"))
    assert untitled.kinds[0] == "person"


def test_a_description_stating_a_gender_is_no_mention_of_a_person_of_the_other(nlp):
    text = (
        "Club vote\n\n"
        "Tom Varga, the club president, spoke on Monday. He said the vote would be fair. "
        "Members hope to elect the first female president next year."
    )
    _, people = profiled(nlp, text)
    varga = people["Tom Varga"]
    assert varga.role == "club president"
    assert all(e.label != "female" for e in varga.gender_evidence)
    _, before = profiled(nlp, text, settings=Settings().without("description-agreement"))
    assert "female president" in before["Tom Varga"].role
