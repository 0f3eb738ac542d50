"""A pronoun source right after someone's introduction, descriptions that would reach forward, headline role nouns."""

from __future__ import annotations

from whosaid.resolve import resolve_speakers
from whosaid.resolve.resolver import Resolver
from whosaid.resolve.settings import DEFAULT

from whosaid.records import Attribution

from .test_resolve import at, attribution, run, speaker


def pronoun_source(text: str, pronoun: str, cue: str, content: str) -> Attribution:
    """An attribution whose source is the pronoun written right before its cue ("he said")."""
    start = at(text, f"{pronoun} {cue}")[0]
    return Attribution(
        content=(at(text, content),),
        source=((start, start + len(pronoun)),),
        cue=((start + len(pronoun) + 1, start + len(pronoun) + 1 + len(cue)),),
    )

INTRODUCED = (
    "Budget talks stall\n\n"
    "Governor Tom Wexler told reporters on Monday that the budget would pass by June. "
    "He said the Senate was close to a deal.\n\n"
    "The delay drew criticism from business groups, courtesy of Henry Vale, president of the Harbor "
    "Chamber of Commerce.\n\n"
    '"We are worried about the schools," he said.'
)


def test_a_he_after_the_sentence_that_introduces_a_man_is_that_man(nlp):
    found = pronoun_source(INTRODUCED, "he", "said", "We are worried about the schools")
    assert speaker(run(nlp, INTRODUCED, found)) == "Henry Vale"
    # Salience alone keeps the governor, the subject two sentences back: the rule is what names Vale.
    without = resolve_speakers(nlp(INTRODUCED), [found], settings=DEFAULT.without("introduced-speakers"))
    assert speaker(without) == "Tom Wexler"


def test_a_he_whose_own_sentence_names_a_man_first_stays_with_salience(nlp):
    text = (
        "Budget talks stall\n\n"
        "Governor Tom Wexler told reporters on Monday that the budget would pass by June.\n\n"
        "The delay drew criticism from Henry Vale, president of the Harbor Chamber of Commerce.\n\n"
        "Wexler met the chamber on Tuesday, and he said the complaints were heard."
    )
    found = pronoun_source(text, "he", "said", "the complaints were heard")
    assert speaker(run(nlp, text, found)) == "Tom Wexler"


def test_a_she_is_not_the_man_the_sentence_before_introduces(nlp):
    text = (
        "Budget talks stall\n\n"
        "Senator Ann Ruiz said on Monday that the budget would pass by June.\n\n"
        "The delay drew criticism from Henry Vale, president of the Harbor Chamber of Commerce.\n\n"
        '"We will get it done," she said.'
    )
    found = pronoun_source(text, "she", "said", "We will get it done")
    assert speaker(run(nlp, text, found)) == "Ann Ruiz"


def test_a_subject_description_in_the_sentence_before_keeps_its_pronoun(nlp):
    text = (
        "Campaign trims staff\n\n"
        "Governor Tom Wexler moved staff to Iowa on Monday.\n\n"
        "The former governor has trailed far behind Mark Dillon in the polls.\n\n"
        "He said the campaign would run lean."
    )
    found = pronoun_source(text, "He", "said", "the campaign would run lean")
    assert speaker(run(nlp, text, found)) == "Tom Wexler"


def test_a_description_does_not_reach_forward_past_someone_who_fits(nlp):
    text = (
        "Trade bill advances\n\n"
        "Ruth Alden (D-Ohio) pressed for the tariff bill on Monday. "
        "The Democratic senator said the vote would come within a week.\n\n"
        "Later in the day Mark Dillon, the Democratic senator who leads the farm caucus, met growers."
    )
    found = attribution(text, "The Democratic senator", "said", "the vote would come within a week")
    assert speaker(run(nlp, text, found)) == "Ruth Alden"
    # Only Dillon is described as a senator, but he is named after the description.
    without = resolve_speakers(nlp(text), [found], settings=DEFAULT.without("described-earlier"))
    assert speaker(without) == "Mark Dillon"


def test_a_headline_role_noun_is_no_one_named_so(nlp):
    text = (
        "Lawmaker Urges Probe Of Pipeline Deal\n\n"
        "A state legislator on Monday called for an investigation into the pipeline contract. "
        'Rep. Dana Fisk said the deal was rushed. "We need answers," Fisk said.'
    )
    found = attribution(text, "Lawmaker", "Urges", "Probe Of Pipeline Deal")
    result = run(nlp, text, found)
    assert speaker(result) != "Lawmaker"
    assert "Lawmaker" not in {e.name for e in result.entities}
    without = resolve_speakers(nlp(text), [found], settings=DEFAULT.without("capitalised-roles"))
    assert speaker(without) == "Lawmaker"



def test_a_pronoun_bound_to_someone_else_gives_no_gender(nlp):
    text = (
        "Debate night\n\n"
        "Senator Ruth Alden spoke first and defended her tax plan.\n\n"
        "Then Robin Sayre, who has trailed in the polls, began to challenge her on spending. "
        "Sayre later said that Alden's attacks on her record were unfair."
    )
    table_of = lambda settings: {  # noqa: E731
        e.canonical: e.gender for e in Resolver(nlp(text), settings=settings).table.entities
    }
    assert table_of(DEFAULT)["Robin Sayre"] is None
    assert table_of(DEFAULT.without("bound-pronouns"))["Robin Sayre"] == "female"


def test_a_reflexive_pronoun_still_gives_the_gender(nlp):
    text = "Campaign\n\nRobin Sayre calls herself a pragmatist."
    genders = {e.canonical: e.gender for e in Resolver(nlp(text)).table.entities}
    assert genders["Robin Sayre"] == "female"


def test_a_name_set_off_inside_the_subject_phrase_is_the_subject(nlp):
    text = (
        "Sanctions vote\n\n"
        "Prime Minister Carl Osterberg spoke to the assembly on Monday.\n\n"
        "Later the French ambassador to the United Nations, Paul Ardent, uttered a warning about the vote. "
        "He said the council would not wait."
    )
    found = pronoun_source(text, "He", "said", "the council would not wait")
    assert speaker(run(nlp, text, found)) == "Paul Ardent"
    # "the French ambassador", apposed to the name, is his mention too, with a subject's weight.
    without = resolve_speakers(
        nlp(text),
        [found],
        settings=DEFAULT.without("subject-appositions", "introduced-speakers", "apposed-descriptions"),
    )
    assert speaker(without) != "Paul Ardent"
