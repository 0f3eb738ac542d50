"""Descriptions that stand for a person ("the Brno goalkeeper", "the 41-year-old"): the person the article
describes with those words, and no one it introduces only afterwards in another role."""

from __future__ import annotations

from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings

from .test_resolve import attribution, speaker


def resolved(nlp, text: str, *attributions, settings: Settings = Settings()):
    return resolve_speakers(nlp(text), list(attributions), settings=settings)


def test_an_age_set_off_after_a_name_makes_the_year_old_that_person(nlp):
    text = (
        "Marathon record falls\n\n"
        "Nadia Ferrer, 41, said she had trained at altitude for six months.\n\n"
        "Her coach, Tomas Lind, 52, said the record had been his goal for years.\n\n"
        '"My legs were fresh until the last mile," the 41-year-old said.'
    )
    quote = attribution(text, "the 41-year-old", "said", "My legs were fresh until the last mile")
    assert speaker(resolved(nlp, text, quote)) == "Nadia Ferrer"
    assert speaker(resolved(nlp, text, quote, settings=Settings().without("age-appositions"))) != "Nadia Ferrer"


def test_an_age_set_off_after_a_name_makes_it_a_person_s(nlp):
    text = (
        "Bakery closes\n\n"
        "Chelsea Paris, 67, said the bakery would close in May.\n\n"
        '"I have baked every morning since 1979," the 67-year-old said.'
    )
    quotes = (
        attribution(text, "Chelsea Paris", "said", "the bakery would close in May"),
        attribution(text, "the 67-year-old", "said", "I have baked every morning since 1979"),
    )
    result = resolved(nlp, text, *quotes)
    assert [speaker(result, i) for i in (0, 1)] == ["Chelsea Paris", "Chelsea Paris"]
    assert result.kinds == ["person", "person"]
    # The small model tags the name an organisation.
    assert resolved(nlp, text, *quotes, settings=Settings().without("age-appositions")).kinds[0] == "organization"


def test_a_role_that_refers_back_does_not_pass_to_someone_introduced_later(nlp):
    text = (
        "Goalkeeper to contest fine\n\n"
        "Pavel Novak will contest the fine handed to him after Saturday's match.\n\n"
        '"The referee never saw the replay. Nobody asked me," the Brno goalkeeper said on Monday.\n\n'
        "His agent, Lena Hartmann, said the league had ignored the footage."
    )
    quote = attribution(text, "the Brno goalkeeper", "said", "The referee never saw the replay. Nobody asked me")
    agent = attribution(text, "His agent, Lena Hartmann", "said", "the league had ignored the footage")
    result = resolved(nlp, text, quote, agent)
    assert speaker(result, 0) == "Pavel Novak"
    assert speaker(result, 1) == "Lena Hartmann"
    before = resolved(nlp, text, quote, agent, settings=Settings().without("later-roles"))
    assert speaker(before, 0) == "Lena Hartmann"


def test_an_occupation_with_no_agent_ending_is_a_description_of_the_article_s_person(nlp):
    text = (
        "Village loses its last midwife\n\n"
        "Agnes Wole has delivered more than 2,000 babies in the valley since 1988.\n\n"
        '"Every one of them still waves at me in the market," the midwife said on Friday.'
    )
    quote = attribution(text, "the midwife", "said", "Every one of them still waves at me in the market")
    assert speaker(resolved(nlp, text, quote)) == "Agnes Wole"


def test_a_year_old_the_parse_hangs_on_the_cue_verb_is_its_subject(nlp):
    text = (
        "Marathon record falls\n\n"
        "Nadia Ferrer, 41, said she had trained at altitude for six months.\n\n"
        "The 41-year-old added that she would race again in the autumn."
    )
    quote = attribution(text, None, "added", "that she would race again in the autumn")
    assert speaker(resolved(nlp, text, quote)) == "Nadia Ferrer"
    assert speaker(resolved(nlp, text, quote, settings=Settings().without("age-appositions"))) is None


def test_a_body_that_runs_a_service_is_no_person_another_body_employs(nlp):
    # "operator", "provider", "supplier" end like agent nouns but in news name the company that runs
    # the trains or the network; the union's leader is the one person the article names before it.
    text = (
        "Ferry strike off\n\n"
        '"Our crews can accept this offer," said union leader Dara Quinn.\n\n'
        "The ferry operator said in a statement that sailings would run as usual."
    )
    union = attribution(text, "union leader Dara Quinn", "said", "Our crews can accept this offer")
    operator = attribution(text, "The ferry operator", "said", "that sailings would run as usual")
    result = resolved(nlp, text, union, operator)
    assert speaker(result, 0) == "Dara Quinn"
    assert speaker(result, 1) is None and result.kinds[1] == "organization"
    quinn = next(e for e in result.entities if e.name == "Dara Quinn")
    assert "operator" not in (quinn.role or "")


def test_a_new_role_noun_is_not_the_salient_person_the_article_gave_another_role(nlp):
    text = (
        "Late drama\n\n"
        "Rovers beat City 2-1 on Saturday thanks to a late header from Luka Brandt.\n\n"
        '"We never stopped believing," said coach Helen Doyle.\n\n'
        "The 29-year-old midfielder, who joined from Porto in the summer, said the goal was the best of his career."
    )
    said = attribution(text, "The 29-year-old midfielder", "said", "the goal was the best of his career")
    assert speaker(resolved(nlp, text, said)) == "Luka Brandt"
    assert speaker(resolved(nlp, text, said, settings=Settings().without("other-role-people"))) == "Helen Doyle"


def test_a_new_role_noun_falls_to_the_salient_person_when_everyone_has_a_role(nlp):
    text = (
        "Rovers edge City\n\n"
        "Luka Brandt, the striker, headed the winner in stoppage time on Saturday.\n\n"
        '"We never gave up," said coach Helen Doyle.\n\n'
        "The midfielder said the goal was the best of his career."
    )
    said = attribution(text, "The midfielder", "said", "the goal was the best of his career")
    on = speaker(resolved(nlp, text, said))
    assert on == speaker(resolved(nlp, text, said, settings=Settings().without("other-role-people")))


def test_an_epithet_no_one_was_described_with_is_the_subject_just_named(nlp):
    text = (
        "Budget talks stall\n\n"
        "The budget passed its first reading with the votes of Ann Kello, a Democrat, on Monday.\n\n"
        "Council Speaker Lena Ortiz says the budget will pass before the recess.\n\n"
        "The Ohio Democrat says the vote will be close."
    )
    quote = attribution(text, "The Ohio Democrat", "says", "the vote will be close")
    assert speaker(resolved(nlp, text, quote)) == "Lena Ortiz"
    assert speaker(resolved(nlp, text, quote, settings=Settings().without("epithet-subjects"))) != "Lena Ortiz"


def test_an_epithet_does_not_take_a_subject_of_another_place_or_role(nlp):
    text = (
        "Harbor vote\n\n"
        "Texas Sen. Ray Colton met with Senator Ada Brill on Monday.\n\n"
        "Colton told reporters the harbor bill was dead.\n\n"
        "The Vermont senator says the bill will pass.\n\n"
        "Mayor Nils Corby criticized the port authority.\n\n"
        "The Oregon senator says the authority did its job."
    )
    quotes = (
        attribution(text, "The Vermont senator", "says", "the bill will pass"),
        attribution(text, "The Oregon senator", "says", "the authority did its job"),
    )
    result = resolved(nlp, text, *quotes)
    assert speaker(result, 0) != "Ray Colton"  # a Texan
    assert speaker(result, 1) != "Nils Corby"  # a mayor


def test_a_bare_role_coordinated_with_a_name_is_that_person(nlp):
    text = (
        "Harbor gala\n\n"
        "Governor Ray Colton opened the harbor on Monday. Colton thanked the crews.\n\n"
        "The port paid for the party, said lobbyist and party strategist Ana Ruiz, the governor's former partner."
    )
    quote = attribution(text, "lobbyist and party strategist Ana Ruiz, the governor's former partner", "said",
                        "The port paid for the party")
    assert speaker(resolved(nlp, text, quote)) == "Ana Ruiz"
    assert speaker(resolved(nlp, text, quote, settings=Settings().without("conjoined-name"))) != "Ana Ruiz"


def test_a_party_tie_does_not_give_a_description_to_someone_of_another_role(nlp):
    text = (
        "Border plan\n\n"
        '"It will not pass," said Al Ruiz, a Republican strategist.\n\n'
        "Tom Hale unveiled his border plan on Monday. Hale promised a fence along the river, "
        "and Hale said the state would pay for it. The crowd cheered.\n\n"
        "The GOP nominee said the fence would be finished within a year."
    )
    quote = attribution(text, "The GOP nominee", "said", "the fence would be finished within a year")
    assert speaker(resolved(nlp, text, quote)) == "Tom Hale"
    assert speaker(resolved(nlp, text, quote, settings=Settings().without("affiliated-roles"))) == "Al Ruiz"


def test_a_share_of_a_plural_is_a_group(nlp):
    text = (
        "Ferry poll\n\n"
        "Mayor Ada Brill wants a new ferry line. Brill says it would pay for itself.\n\n"
        "Only a quarter of residents agree with her, and 42 percent of the commuters surveyed said the fares were too high."
    )
    quotes = (
        attribution(text, "Only a quarter of residents", "agree", "with her"),
        attribution(text, "42 percent of the commuters surveyed", "said", "the fares were too high"),
    )
    result = resolved(nlp, text, *quotes)
    assert [speaker(result, i) for i in (0, 1)] == [None, None]
    assert result.kinds == ["group", "group"]
    without = resolved(nlp, text, *quotes, settings=Settings().without("share-groups"))
    assert without.kinds != ["group", "group"]
