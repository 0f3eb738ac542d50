"""A person's name within the span NER drew: cut at what no name holds, begun where the name begins.

Models draw name spans differently; each test sets the entities by hand, so it
holds whatever the installed model tags, and shows the answer without the rule.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import DEFAULT

from whosaid.records import Attribution

from .test_resolve import at, attribution, entity, speaker


def _span(doc, words: str, label: str, nth: int = 1) -> Span:
    """The entity over the nth run of ``words`` (split on spaces, as the tokenizer does here)."""
    parts = words.split()
    seen = 0
    for i in range(len(doc) - len(parts) + 1):
        if [t.text for t in doc[i : i + len(parts)]] == parts:
            seen += 1
            if seen == nth:
                return Span(doc, i, i + len(parts), label=label)
    raise AssertionError(f"{words!r} not in the text")


def test_a_place_after_of_is_no_part_of_a_persons_name(nlp):
    text = (
        "Vigil in the park\n\n"
        "Rosa Quill of Fresno carried a candle through the crowd on Sunday.\n\n"
        '"We came for our friends," she said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Rosa Quill of Fresno", "PERSON")]
    said = attribution(text, "she", "said", '"We came for our friends,"')
    assert speaker(resolve_speakers(doc, [said])) == "Rosa Quill"
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("inner-breaks"))) == "Rosa Quill of Fresno"


def test_a_verb_or_an_open_quotation_mark_inside_a_persons_name_ends_it(nlp):
    text = (
        "Endorsement\n\n"
        "Governor Dale Brightwater spoke on Monday. Brightwater backed Hollins last week.\n\n"
        "Crowds held signs calling Brightwater “Lake County's shame.” "
        '"I made my choice," Brightwater said.'
    )
    doc = nlp(text)
    doc.ents = [
        _span(doc, "Dale Brightwater", "PERSON"),
        _span(doc, "Brightwater backed Hollins", "PERSON"),
        _span(doc, "Brightwater “ Lake County", "PERSON"),
        _span(doc, "Brightwater", "PERSON", nth=4),
    ]
    said = attribution(text, "Brightwater", "said", '"I made my choice,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Dale Brightwater"
    names = {e.name for e in result.entities}
    assert not any("backed" in n or "“" in n for n in names)
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("inner-breaks"))
    assert any("backed" in e.name or "“" in e.name for e in without.entities)


def test_surname_particles_hyphenated_given_names_and_nicknames_stay_whole(nlp):
    text = (
        "Harbour plan\n\n"
        'Anna de Vries and Juan "Chico" Ortega met Lee Ji-hoon on Monday.\n\n'
        '"The plan is sound," de Vries said.'
    )
    doc = nlp(text)
    doc.ents = [
        _span(doc, "Anna de Vries", "PERSON"),
        _span(doc, 'Juan " Chico " Ortega', "PERSON"),
        _span(doc, "Lee Ji - hoon", "PERSON"),
    ]
    said = attribution(text, "de Vries", "said", '"The plan is sound,"')
    names = {e.name for e in resolve_speakers(doc, [said]).entities}
    assert {"Anna de Vries", 'Juan "Chico" Ortega', "Lee Ji-hoon"} <= names


def test_a_name_ner_began_at_a_middle_initial_begins_at_the_first_name_before_it(nlp):
    text = (
        "Primary\n\n"
        "The seat was won in 2010 by Walter J. Harmon Jr., who has kept it since. "
        "Representative Harmon spoke to voters on Friday.\n\n"
        '"Trade took our jobs," Harmon said.'
    )
    doc = nlp(text)
    walter = next(t for t in doc if t.text == "Walter")
    # What the rule reads: the parse takes the first name into the name's phrase.
    assert walter.pos_ == "PROPN" and walter.head.text in ("Harmon", "Jr.")
    doc.ents = [_span(doc, "J. Harmon Jr.", "PERSON"), _span(doc, "Harmon", "PERSON", nth=2)]
    said = attribution(text, "Harmon", "said", '"Trade took our jobs,"')
    assert speaker(resolve_speakers(doc, [said])) == "Walter J. Harmon Jr."
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("initial-first-names"))) == "J. Harmon Jr."


def test_a_full_name_tagged_as_an_organisation_is_a_person_beside_a_relative(nlp):
    text = (
        "Gala\n\n"
        "Peter Vance and Susan Vance arrived at the gala on Friday. The magazine Home Weekly ran her recipe.\n\n"
        '"We are thrilled," she said.'
    )
    doc = nlp(text)
    doc.ents = [
        _span(doc, "Peter Vance", "PERSON"),
        _span(doc, "Susan Vance", "ORG"),
        _span(doc, "Home Weekly", "ORG"),
    ]
    said = attribution(text, "she", "said", '"We are thrilled,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Susan Vance"
    assert next(e for e in result.entities if e.name == "Susan Vance").kind == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("surname-people", "first-name-people"))
    assert next(e for e in without.entities if e.name == "Susan Vance").kind != "person"



def _reparsed(doc, changes: dict[str, tuple[str, str]], tagged: dict[str, tuple[str, str]] | None = None):
    """The doc again with the dependency of some words changed: {word: (dep, head word)}, and the tags of
    some: {word: (tag, part of speech)}, so a test shows what a rule does with a parse another model gives,
    whatever the installed model reads (a word's last occurrence is the one changed)."""
    from spacy.tokens import Doc

    index = {t.text: t.i for t in doc}
    heads = [t.head.i for t in doc]
    deps = [t.dep_ for t in doc]
    tags = [t.tag_ for t in doc]
    pos = [t.pos_ for t in doc]
    for word, (dep, head) in changes.items():
        heads[index[word]], deps[index[word]] = index[head], dep
    for word, (tag, part) in (tagged or {}).items():
        tags[index[word]], pos[index[word]] = tag, part
    iob = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    return Doc(
        doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
        tags=tags, pos=pos, lemmas=[t.lemma_ for t in doc],
        heads=heads, deps=deps, ents=iob,
    )


def test_a_name_opening_a_sentence_the_parse_hangs_as_a_modifier_is_its_subject(nlp):
    text = (
        "Trade\n\n"
        "Representative Harmon spoke to voters in Decatur on Friday.\n\n"
        "Mr. Autor, like most historians, is still persuaded of the value of trade. "
        'But he recognizes that voters are frustrated. "The costs are real," he said.'
    )
    parsed = nlp(text)
    doc = _reparsed(parsed, {"Autor": ("npadvmod", "persuaded")})
    doc.ents = [_span(doc, "Harmon", "PERSON"), _span(doc, "Autor", "PERSON")]
    he = text.index("he said")
    said = Attribution(content=(at(text, '"The costs are real,"'),), source=((he, he + 2),), cue=((he + 3, he + 7),))
    assert speaker(resolve_speakers(doc, [said])) == "Autor"
    assert speaker(resolve_speakers(doc, [said], settings=DEFAULT.without("phrase-roles"))) == "Harmon"


def test_a_persons_name_after_an_organisations_possessive_is_the_speaker(nlp):
    text = (
        "Book\n\n"
        "The Daily Ledger reviewed the book this week.\n\n"
        "Daily Ledger’s Marta Kell wrote that the book was a hoax."
    )
    # As one model parses it: the organisation hangs on the verb, beside the person's name (the last
    # "Ledger" is the one the dependency change reaches).
    doc = _reparsed(nlp(text), {"Ledger": ("dep", "wrote")})
    doc.ents = [_span(doc, "Daily Ledger", "ORG"), _span(doc, "Daily Ledger", "ORG", nth=2),
                _span(doc, "Marta Kell", "PERSON")]
    wrote = attribution(text, "Daily Ledger’s Marta Kell", "wrote", "that the book was a hoax")
    result = resolve_speakers(doc, [wrote])
    assert speaker(result) == "Marta Kell"


def test_a_role_or_plural_noun_before_a_first_name_is_no_part_of_the_name(nlp):
    text = (
        "Gun laws\n\n"
        "Singers Carla Bruneau and Dee Amsel went on Twitter to back the plan on Monday.\n\n"
        '"This will save lives," Bruneau wrote.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Singers Carla Bruneau", "PERSON"), _span(doc, "Dee Amsel", "PERSON"),
                _span(doc, "Bruneau", "PERSON", nth=2)]
    wrote = attribution(text, "Bruneau", "wrote", '"This will save lives,"')
    assert speaker(resolve_speakers(doc, [wrote])) == "Carla Bruneau"
    without = resolve_speakers(doc, [wrote], settings=DEFAULT.without("leading-role-words"))
    assert speaker(without) == "Singers Carla Bruneau"


def test_a_common_first_name_that_is_also_a_role_noun_stays_in_the_name(nlp):
    text = (
        "Hearing\n\n"
        "Hunter Scott Biden spoke on Monday.\n\n"
        '"We will comply," Biden said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Hunter Scott Biden", "PERSON"), _span(doc, "Biden", "PERSON", nth=2)]
    said = attribution(text, "Biden", "said", '"We will comply,"')
    assert speaker(resolve_speakers(doc, [said])) == "Hunter Scott Biden"


def test_a_headline_common_noun_after_a_bodys_name_names_no_one(nlp):
    text = (
        "Another NRA Figure Endorses Dana Kell.\n\n"
        "Some figure in the group has come out for her this week, and more are expected to follow."
    )
    # As one model reads the headline: "Figure" a proper noun, "NRA" an organisation's name modifying it.
    doc = _reparsed(
        nlp(text),
        {"Another": ("det", "Figure"), "NRA": ("compound", "Figure"), "Figure": ("nsubj", "Endorses"),
         "Endorses": ("ROOT", "Endorses"), "Dana": ("compound", "Kell"), "Kell": ("dobj", "Endorses")},
        {"NRA": ("NNP", "PROPN"), "Figure": ("NNP", "PROPN"), "Endorses": ("VBZ", "VERB")},
    )
    doc.ents = [_span(doc, "NRA", "ORG"), _span(doc, "Dana Kell", "PERSON")]
    endorses = attribution(text, "Another NRA Figure", "Endorses", "Dana Kell")
    assert speaker(resolve_speakers(doc, [endorses])) is None
    without = resolve_speakers(doc, [endorses], settings=DEFAULT.without("position-capitals"))
    assert speaker(without) == "NRA Figure"


def test_a_first_name_and_surname_tagged_as_an_organisation_is_a_person(nlp):
    text = (
        "School board vote\n\n"
        "Megan Tolliver chairs the district's finance panel. The Austin Ledger reported the vote on Tuesday.\n\n"
        '"We balanced the budget," Tolliver said.'
    )
    doc = nlp(text)
    doc.ents = [
        _span(doc, "Megan Tolliver", "ORG"),
        _span(doc, "Austin Ledger", "ORG"),
        _span(doc, "Tolliver", "ORG", nth=2),
    ]
    said = attribution(text, "Tolliver", "said", '"We balanced the budget,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Megan Tolliver"
    assert next(e for e in result.entities if e.name == "Megan Tolliver").kind == "person"
    # A common first name before an English word is a paper's name, not a person's.
    assert next(e for e in result.entities if e.name == "Austin Ledger").kind == "organization"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("first-name-people"))
    assert next(e for e in without.entities if e.name == "Megan Tolliver").kind == "organization"


def test_a_full_name_tagged_as_an_organisation_is_a_person_whose_surname_ner_tags_as_one(nlp):
    text = (
        "Harbour plan\n\n"
        "Walter Crane led the harbour commission for a decade. The Carter Center studied the plan.\n\n"
        '"The docks need dredging," Crane said.'
    )
    doc = nlp(text)
    doc.ents = [
        _span(doc, "Walter Crane", "ORG"),
        _span(doc, "Carter Center", "ORG"),
        _span(doc, "Crane", "PERSON", nth=2),
    ]
    said = attribution(text, "Crane", "said", '"The docks need dredging,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Walter Crane"
    assert next(e for e in result.entities if e.name == "Walter Crane").kind == "person"
    assert next(e for e in result.entities if e.name == "Carter Center").kind == "organization"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("first-name-people"))
    assert speaker(without) == "Crane"


@pytest.mark.parametrize("first, surname", [("Karl-Heinz", "Odermatt"), ("Marie-Claire", "Vautrin"), ("Jean-Paul", "Hollis")])
@pytest.mark.parametrize("surname_label", ["PERSON", None])
def test_a_hyphenated_first_name_and_surname_tagged_as_an_organisation_is_a_person(nlp, first, surname, surname_label):
    # The tokenizer splits the first name at its hyphen: the name is four tokens, still two words.
    text = (
        "Ferry timetable\n\n"
        f"{first} {surname}, a ferry captain, criticised the timetable on Monday.\n\n"
        f'"The crossings are too short," {surname} said.'
    )
    doc = nlp(text)
    tokens = first.replace("-", " - ")
    doc.ents = [_span(doc, f"{tokens} {surname}", "ORG")] + (
        [_span(doc, surname, surname_label, nth=2)] if surname_label else [])
    said = attribution(text, surname, "said", '"The crossings are too short,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == f"{first} {surname}"
    assert next(e for e in result.entities if e.name == f"{first} {surname}").kind == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("first-name-people"))
    assert next(e for e in without.entities if e.name == f"{first} {surname}").kind == "organization"


def test_a_word_for_a_kind_of_body_ner_missed_is_an_organisation(nlp):
    text = (
        "Dam funding\n\n"
        "The river authority asked for money in March.\n\n"
        'Parliament said the dam "must wait another year."'
    )
    doc = nlp(text)
    doc.ents = []
    said = attribution(text, "Parliament", "said", '"must wait another year."')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Parliament"
    assert next(e for e in result.entities if e.name == "Parliament").kind == "organization"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("body-noun-names"))
    assert next(e for e in without.entities if e.name == "Parliament").kind == "person"


def test_they_does_not_turn_a_first_name_ner_tags_as_a_person_into_an_organisation(nlp):
    text = (
        "Gala night\n\n"
        "Marisol opened the evening with a toast. They applauded for a long time.\n\n"
        '"We did it together," Marisol said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Marisol", "PERSON"), _span(doc, "Marisol", "PERSON", nth=2)]
    said = attribution(text, "Marisol", "said", '"We did it together,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Marisol"
    assert result.kinds[0] == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("tagged-first-names"))
    assert without.kinds[0] == "organization"


def _welder_text(role: str, first: str, surname: str) -> str:
    return (
        "Harbour works\n\n"
        f"{role} {first} {surname} said on Tuesday that the crane had been unsafe for months.\n\n"
        f'"Nobody listened to us," {surname} said. She added that the crew would meet again.'
    )


def test_a_role_noun_before_a_name_ner_tagged_as_a_place_or_event_is_her_role(nlp):
    for label, role, first, surname in (("FAC", "Welder", "Rosa", "Pinheiro"), ("EVENT", "Painter", "Daniel", "Reyes")):
        text = _welder_text(role, first, surname)
        doc = nlp(text)
        doc.ents = [_span(doc, f"{role} {first} {surname}", label), _span(doc, surname, "PERSON", nth=2)]
        said = attribution(text, surname, "said", '"Nobody listened to us,"')
        resolution = resolve_speakers(doc, [said])
        assert speaker(resolution) == f"{first} {surname}"
        assert entity(resolution, f"{first} {surname}").kind == "person"
        without = resolve_speakers(doc, [said], settings=DEFAULT.without("role-titled-people"))
        assert speaker(without) != f"{first} {surname}"


def test_a_role_noun_before_a_name_ner_tagged_as_an_organisation_twice_is_her_role(nlp):
    # One model tags the whole run and the surname alone ORG: the surname standing alone as the subject of
    # "said" shows it is the person's.
    text = _welder_text("Glazier", "Rosa", "Pinheiro")
    doc = nlp(text)
    doc.ents = [_span(doc, "Glazier Rosa Pinheiro", "ORG"), _span(doc, "Pinheiro", "ORG", nth=2)]
    said = attribution(text, "Pinheiro", "said", '"Nobody listened to us,"')
    resolution = resolve_speakers(doc, [said])
    assert speaker(resolution) == "Rosa Pinheiro"
    assert entity(resolution, "Rosa Pinheiro").kind == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("role-titled-people"))
    assert speaker(without) != "Rosa Pinheiro"


def test_a_role_noun_before_a_name_ner_missed_is_no_part_of_it(nlp):
    text = _welder_text("Chemist", "Alma", "Ferreira")
    doc = nlp(text)
    doc.ents = [_span(doc, "Ferreira", "PERSON", nth=2)]
    said = attribution(text, "Ferreira", "said", '"Nobody listened to us,"')
    assert speaker(resolve_speakers(doc, [said])) == "Alma Ferreira"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("role-titled-people"))
    assert speaker(without) == "Chemist Alma Ferreira"


def test_an_organisation_opening_with_a_role_noun_and_a_first_name_stays_whole(nlp):
    text = (
        "Grants\n\n"
        "The Plumber Grace Foundation said on Tuesday that it would fund two more schools.\n\n"
        '"Every child deserves clean water," the foundation said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Plumber Grace Foundation", "ORG")]
    names = {e.name for e in resolve_speakers(doc, []).entities}
    assert "Plumber Grace Foundation" in names and "Grace Foundation" not in names


@pytest.mark.parametrize("sentence", [
    "The port director, Colin Hedge, announced his retirement on Facebook.",
    "Colin Hedge, the port director, announced his retirement on Facebook.",
])
def test_a_name_in_apposition_with_a_person_s_role_is_a_person_whatever_ner_says(nlp, sentence):
    text = f"Port director retires\n\n{sentence} \"It has been forty good years,\" he wrote."
    doc = nlp(text)
    # NER as the small model reads such sentences: the person a body, the platform a person.
    doc.ents = [_span(doc, "Colin Hedge", "ORG"), _span(doc, "Facebook", "PERSON")]
    wrote = attribution(text, "he", "wrote", '"It has been forty good years,"')
    result = resolve_speakers(doc, [wrote])
    assert speaker(result) == "Colin Hedge" and result.kinds == ["person"]
    assert entity(result, "Colin Hedge").kind == "person"
    before = resolve_speakers(doc, [wrote], settings=DEFAULT.without("role-apposition-people"))
    assert entity(before, "Colin Hedge").kind == "organization"


def test_a_company_named_with_a_role_noun_but_no_comma_stays_a_company(nlp):
    text = "Deal agreed\n\nShe was a Morgan Hale analyst for ten years, the report said."
    doc = nlp(text)
    doc.ents = [_span(doc, "Morgan Hale", "ORG")]
    said = attribution(text, "the report", "said", "She was a Morgan Hale analyst for ten years")
    assert entity(resolve_speakers(doc, [said]), "Morgan Hale").kind == "organization"


def _director_text(first: str, surname: str) -> str:
    return (
        "Ferry timetable changes\n\n"
        f"{first} {surname}, a harbour director, said on Monday that the late crossings would end in March.\n\n"
        f'"The boats are half empty after nine," {surname} said.'
    )


@pytest.mark.parametrize("first_label, surname_label", [
    ("NORP", None), ("NORP", "ORG"), ("PRODUCT", "PERSON"), ("WORK_OF_ART", None),
])
def test_a_first_name_ner_tagged_as_a_group_or_thing_joins_the_surname_after_it(nlp, first_label, surname_label):
    text = _director_text("Marta", "Dostal")
    doc = nlp(text)
    # The small model's reading: the first name alone a nationality or a product, the surname a body or nothing.
    first = _span(doc, "Marta", first_label)
    surname = [Span(doc, first.end, first.end + 1, label=surname_label)] if surname_label else []
    doc.ents = [first, *surname, _span(doc, "Dostal", "ORG", nth=2)]
    said = attribution(text, "Dostal", "said", '"The boats are half empty after nine,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Marta Dostal" and result.kinds == ["person"]
    assert entity(result, "Marta Dostal").kind == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("split-first-names"))
    assert speaker(without) != "Marta Dostal" or entity(without, "Marta Dostal").kind != "person"


def test_a_nationality_before_a_role_or_a_longer_name_stays_apart(nlp):
    text = (
        "Trade talks\n\n"
        "German Chancellor Ida Brenner met the Christian Falk Choir on Monday.\n\n"
        '"We sang for an hour," the choir said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "German", "NORP"), _span(doc, "Ida Brenner", "PERSON"), _span(doc, "Christian", "NORP")]
    said = attribution(text, "the choir", "said", '"We sang for an hour,"')
    names = {e.name for e in resolve_speakers(doc, [said]).entities}
    assert "Ida Brenner" in names
    assert not {"German Chancellor", "Christian Falk"} & names


@pytest.mark.parametrize("label", ["FAC", "NORP", "WORK_OF_ART"])
def test_a_first_name_and_surname_ner_tagged_together_as_a_thing_are_a_person(nlp, label):
    text = _director_text("Marta", "Dostal")
    doc = nlp(text)
    doc.ents = [_span(doc, "Marta Dostal", label), _span(doc, "Dostal", "ORG", nth=2)]
    said = attribution(text, "Dostal", "said", '"The boats are half empty after nine,"')
    result = resolve_speakers(doc, [said])
    assert speaker(result) == "Marta Dostal" and entity(result, "Marta Dostal").kind == "person"
    without = resolve_speakers(doc, [said], settings=DEFAULT.without("split-first-names"))
    assert speaker(without) != "Marta Dostal" or entity(without, "Marta Dostal").kind != "person"


def test_a_group_or_a_quoted_title_opening_with_a_first_name_is_no_person(nlp):
    text = (
        "Parish notes\n\n"
        'The priest, a devout Roman Catholic, read "Marta Dostal" aloud on Sunday.\n\n'
        '"It moved everyone," the priest said.'
    )
    doc = nlp(text)
    doc.ents = [_span(doc, "Roman Catholic", "NORP"), _span(doc, "Marta Dostal", "WORK_OF_ART")]
    said = attribution(text, "the priest", "said", '"It moved everyone,"')
    people = {e.name for e in resolve_speakers(doc, [said]).entities if e.kind == "person"}
    assert not {"Roman Catholic", "Marta Dostal"} & people
