"""A speaker's kind read from the noun written before the name, and bodies of a person named with the article's noun.

Tests that depend on a tag NER gives set the entities by hand, so they hold
whatever the installed model tags, and show the answer without the rule.
"""

from __future__ import annotations

from spacy.tokens import Span

from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import DEFAULT

from .test_resolve import attribution, entity, speaker


def _entity_over(doc, words: str, label: str) -> Span:
    parts = words.split()
    for i in range(len(doc) - len(parts) + 1):
        if [t.text for t in doc[i : i + len(parts)]] == parts:
            return Span(doc, i, i + len(parts), label=label)
    raise AssertionError(f"{words!r} not in the text")


def test_a_name_after_a_role_noun_known_by_its_ending_is_a_person(nlp):
    text = "Concert review\n\nCello soloist Irene Frost said the hall had never sounded better."
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Irene Frost", "ORG")]
    said = attribution(text, "Cello soloist Irene Frost", "said", "the hall had never sounded better")
    resolution = resolve_speakers(doc, [said])
    assert speaker(resolution) == "Irene Frost"
    assert resolution.kinds[0] == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("agent-role-people"))
    assert without.kinds[0] == "organization"


def test_a_name_after_the_and_a_kind_of_body_is_that_body(nlp):
    text = "Valley notes\n\nThe choir sang. The union Metalworx said it would fight the closures."
    doc = nlp(text)
    said = attribution(text, "The union Metalworx", "said", "it would fight the closures")
    for ents in ([], [_entity_over(doc, "Metalworx", "PERSON")]):
        doc.ents = ents
        resolution = resolve_speakers(doc, [said])
        assert speaker(resolution) == "Metalworx"
        assert entity(resolution, "Metalworx").kind == "organization"
        without = resolve_speakers(doc, [said], settings=DEFAULT.without("kind-noun-bodies"))
        assert entity(without, "Metalworx").kind == "person"


def test_a_body_noun_before_the_subject_of_a_clause_names_no_body(nlp):
    text = "Trial\n\nThe lawyer told the court Maria Lund had lied to the police about the night."
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Maria Lund", "PERSON")]
    resolution = resolve_speakers(doc, [attribution(text, "The lawyer", "told", "Maria Lund had lied")])
    assert entity(resolution, "Maria Lund").kind == "person"


def test_the_mp_is_the_person_the_article_is_about_not_a_speaker_named_mp(nlp):
    text = (
        "Resignation\n\n"
        "Owen Hale has quit the shadow cabinet. \"I can no longer back this plan,\" the MP wrote in his letter."
    )
    doc = nlp(text)
    wrote = attribution(text, "the MP", "wrote", '"I can no longer back this plan,"')
    assert speaker(resolve_speakers(doc, [wrote])) == "Owen Hale"


def test_the_team_of_someone_not_running_for_office_is_their_team(nlp):
    text = (
        "Cycling: Moreau out of tour\n\n"
        "French cyclist Lucie Moreau has pulled out of the tour with a knee injury, her team said on Monday."
    )
    doc = nlp(text)
    said = attribution(text, "her team", "said", "French cyclist Lucie Moreau has pulled out of the tour with a knee injury")
    assert speaker(resolve_speakers(doc, [said])) == "Lucie Moreau's team"
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("own-team-nouns"))) == "Lucie Moreau campaign"


def test_a_persons_team_in_an_article_about_an_election_stays_their_campaign(nlp):
    text = (
        "Race for governor\n\n"
        "Paul Ferris will skip the debate on Tuesday. He has trailed in the polls for weeks, "
        "and his team said on Friday that the polls were wrong."
    )
    doc = nlp(text)
    said = attribution(text, "his team", "said on Friday", "the polls were wrong")
    assert speaker(resolve_speakers(doc, [said])) == "Paul Ferris campaign"


def _place_text(first: str) -> str:
    return (
        "Vigil by the river\n\n"
        f"Families from {first} Falls gathered outside {first} Falls Middle School on Friday. "
        f"Mayor Tom Reese walked with families. {first} Falls has grieved for a week. "
        '"We will open again by spring," he said.'
    )


def _tag_place_text(nlp, first: str):
    text = _place_text(first)
    doc = nlp(text)
    doc.ents = [
        _entity_over(doc, f"{first} Falls", "GPE"),
        _entity_over(doc, f"{first} Falls Middle School", "ORG"),
        _entity_over(doc, "Tom Reese", "PERSON"),
    ]
    # The third "<first> Falls", the subject of "has grieved", is the one NER reads as a person.
    place = [i for i, t in enumerate(doc) if t.text == first][2]
    doc.ents = [*doc.ents, Span(doc, place, place + 2, label="PERSON")]
    said = attribution(text, "he", "said", '"We will open again by spring,"')
    return doc, said


def test_a_place_that_opens_a_longer_name_is_no_he_or_she(nlp):
    doc, said = _tag_place_text(nlp, "Casey")
    resolution = resolve_speakers(doc, [said])
    assert speaker(resolution) == "Tom Reese"
    # A place is no speaker the article lists among its people and organisations.
    assert [e.name for e in resolution.entities if e.name == "Casey Falls"] == []
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("places-in-longer-names"))
    assert speaker(without) == "Casey Falls"


def test_a_body_named_after_a_person_keeps_the_person(nlp):
    # "Daniel" is a man's name nearly always: "Daniel Falls" may be the man a body is named after.
    doc, said = _tag_place_text(nlp, "Daniel")
    resolution = resolve_speakers(doc, [said])
    assert entity(resolution, "Daniel Falls").kind == "person"


def _last_entity_over(doc, word: str, label: str) -> Span:
    i = max(t.i for t in doc if t.text == word)
    return Span(doc, i, i + 1, label=label)


def _legal_name_text() -> str:
    return (
        "Plant closing\n\n"
        "Kettlebrook Ltd. will close its mill in Dunmore next spring.\n\n"
        "In a letter to workers, Kettlebrook said the mill had lost money for six years."
    )


def test_a_company_named_without_its_legal_designator_is_the_company(nlp):
    text = _legal_name_text()
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Kettlebrook Ltd.", "ORG"), _last_entity_over(doc, "Kettlebrook", "PERSON")]
    said = attribution(text, "Kettlebrook", "said", "the mill had lost money for six years")
    resolution = resolve_speakers(doc, [said])
    # One company, called by the name without its designator, as the article's own words call it.
    assert speaker(resolution) == "Kettlebrook"
    assert resolution.kinds[0] == "organization"
    assert [e.name for e in resolution.entities if "Kettlebrook" in e.name] == ["Kettlebrook"]
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("legal-names"))
    assert speaker(without) == "Kettlebrook"
    assert without.kinds[0] == "person"
    assert sorted(e.name for e in without.entities if "Kettlebrook" in e.name) == ["Kettlebrook", "Kettlebrook Ltd."]


def test_a_company_short_form_tagged_as_a_body_joins_its_legal_name(nlp):
    text = _legal_name_text()
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Kettlebrook Ltd.", "ORG"), _last_entity_over(doc, "Kettlebrook", "ORG")]
    said = attribution(text, "Kettlebrook", "said", "the mill had lost money for six years")
    joined = resolve_speakers(doc, [said])
    assert speaker(joined) == "Kettlebrook"
    assert [e.name for e in joined.entities if "Kettlebrook" in e.name] == ["Kettlebrook"]
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("legal-names"))
    assert sorted(e.name for e in without.entities if "Kettlebrook" in e.name) == ["Kettlebrook", "Kettlebrook Ltd."]


def test_a_person_whose_surname_names_a_company_stays_a_person(nlp):
    text = (
        "Bakery\n\n"
        "Marlow Co. bakes bread for the town. Mr. Marlow said the ovens were a century old."
    )
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Marlow Co.", "ORG"), _last_entity_over(doc, "Marlow", "PERSON")]
    resolution = resolve_speakers(doc, [attribution(text, "Mr. Marlow", "said", "the ovens were a century old")])
    assert resolution.kinds[0] == "person"


def _harvest_text() -> str:
    return (
        "Harvest stuck\n\n"
        "Farmers cannot move their grain while the river port is shut. Most farmers here store it in old barns, "
        "said Lena Ostrova, who runs a cooperative near Ridgeline."
    )


def test_a_plural_noun_opening_a_sentence_tagged_as_a_body_is_no_name(nlp):
    text = _harvest_text()
    doc = nlp(text)
    doc.ents = [_entity_over(doc, "Farmers", "ORG"), _entity_over(doc, "Lena Ostrova", "PERSON")]
    said = attribution(text, "Lena Ostrova", "said", "Most farmers here store it in old barns")
    names = [e.name for e in resolve_speakers(doc, [said]).entities]
    assert "Farmers" not in names and "Lena Ostrova" in names
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("position-capital-bodies"))
    assert "Farmers" in [e.name for e in without.entities]


def test_a_body_the_article_capitalises_inside_a_sentence_keeps_its_name(nlp):
    text = (
        "Harvest stuck\n\n"
        "Beacon runs the river port. The grain cannot move while Beacon keeps it shut, "
        "said Lena Ostrova, who runs a cooperative."
    )
    doc = nlp(text)
    first = _entity_over(doc, "Beacon", "ORG")
    doc.ents = [first, _last_entity_over(doc, "Beacon", "ORG"), _entity_over(doc, "Lena Ostrova", "PERSON")]
    said = attribution(text, "Lena Ostrova", "said", "The grain cannot move while Beacon keeps it shut")
    assert "Beacon" in [e.name for e in resolve_speakers(doc, [said]).entities]
