"""The resolver on bodies NER leaves out or cuts short, and on descriptions that introduce a speaker named next.

Each test also switches its rule off, so it shows what the rule itself does.
"""

from __future__ import annotations

from whosaid.context import ArticleContext
from whosaid.resolve import resolve_speakers
from whosaid.resolve.names import name_mentions
from whosaid.resolve.settings import Settings

from .test_resolve import attribution, speaker

PAC_ARTICLE = (
    "Ads target the frontrunner\n\n"
    "The ads come from Our Values PAC, a super PAC aimed at the frontrunner.\n\n"
    "Our Values PAC, which was founded by a former aide, said the frontrunner had misled voters.\n\n"
    "The super PAC also said it would spend two million dollars in May."
)


def _speakers(nlp, text: str, *attributions, settings: Settings | None = None) -> list[str | None]:
    result = resolve_speakers(nlp(text), list(attributions), settings=settings)
    return [speaker(result, i) for i in range(len(attributions))]


def test_a_body_named_by_words_closed_by_its_kind_is_an_organisation(nlp):
    attributions = (
        attribution(PAC_ARTICLE, "a super PAC", "aimed", "at the frontrunner"),
        attribution(PAC_ARTICLE, "Our Values PAC, which was founded by a former aide,", "said",
                    "the frontrunner had misled voters"),
        attribution(PAC_ARTICLE, "which", "founded", "by a former aide"),
        attribution(PAC_ARTICLE, "The super PAC", "said", "it would spend two million dollars in May"),
    )
    assert _speakers(nlp, PAC_ARTICLE, *attributions) == ["Our Values PAC"] * 4
    # NER tags only "PAC": without the rule "Super PAC" or nobody speaks.
    without = _speakers(nlp, PAC_ARTICLE, *attributions, settings=Settings().without("kind-word-names"))
    assert "Our Values PAC" not in without


def test_a_poll_named_in_capitals_is_what_the_poll_says_later(nlp):
    text = (
        "Voters split on the harbor plan\n\n"
        "In a national Metro News/Lakeside University Poll, likely voters were split on the harbor plan.\n\n"
        "The poll found that most voters want a vote on it."
    )
    found = attribution(text, "The poll", "found", "that most voters want a vote on it")
    assert _speakers(nlp, text, found) == ["Metro News/Lakeside University Poll"]
    assert _speakers(nlp, text, found, settings=Settings().without("kind-word-names")) == [None]


def test_a_kind_of_body_alone_names_no_body(nlp):
    text = "Ads target the frontrunner\n\nA Super PAC said the frontrunner had misled voters."
    found = attribution(text, "A Super PAC", "said", "the frontrunner had misled voters")
    assert _speakers(nlp, text, found) == [None]


def test_a_country_s_ministry_in_lower_case_is_an_organisation_named_by_its_people(nlp):
    text = (
        "Talks stall\n\n"
        "A Peruvian diplomat said the talks had stalled, while Peru's foreign ministry also weighed in on Monday.\n\n"
        "\"Both sides must return to the table,\" the ministry said in a statement."
    )
    attributions = (
        attribution(text, "Peru's foreign ministry", "weighed in", "on Monday"),
        attribution(text, "the ministry", "said", "Both sides must return to the table"),
    )
    assert _speakers(nlp, text, *attributions) == ["Peruvian Foreign Ministry"] * 2
    assert _speakers(nlp, text, *attributions, settings=Settings().without("state-bodies")) == [None, None]


def test_a_country_s_ministry_without_its_people_written_keeps_the_country_s_name(nlp):
    text = (
        "Talks stall\n\n"
        "Norway's foreign ministry weighed in on Monday.\n\n"
        "\"Both sides must return to the table,\" the ministry said in a statement."
    )
    found = attribution(text, "the ministry", "said", "Both sides must return to the table")
    assert _speakers(nlp, text, found) == ["Norway's Foreign Ministry"]


def test_a_description_no_one_was_given_introduces_the_person_quoted_next(nlp):
    text = (
        "Summit opens\n\n"
        "President Paul Okafor opened the summit on Friday and praised the delegates.\n\n"
        "Ministers from twelve countries met behind closed doors until late in the evening.\n\n"
        "The deputy head of Peru's delegation to the summit said the talks had stalled.\n\n"
        "\"We will not sign this,\" said Carlos Quispe, a navy captain."
    )
    attributions = (
        attribution(text, "The deputy head of Peru's delegation to the summit", "said", "the talks had stalled"),
        attribution(text, "Carlos Quispe, a navy captain", "said", "We will not sign this"),
    )
    assert _speakers(nlp, text, *attributions) == ["Carlos Quispe", "Carlos Quispe"]
    # Salience alone gives "the deputy head" to the president named before it.
    off = _speakers(nlp, text, *attributions, settings=Settings().without("cataphoric-descriptions"))
    assert off[0] == "Paul Okafor"


def test_a_description_right_after_a_name_refers_back_to_it(nlp):
    text = (
        "Levy vote nears\n\n"
        "Maria Lindqvist says the new levy will hurt farmers. The regional councillor says she will vote "
        "against it on Monday.\n\n"
        "\"This is the wrong tax at the wrong time,\" said Tomas Berg, a grain farmer."
    )
    attributions = (
        attribution(text, "The regional councillor", "says", "she will vote against it on Monday"),
        attribution(text, "Tomas Berg, a grain farmer", "said", "This is the wrong tax at the wrong time"),
    )
    assert _speakers(nlp, text, *attributions)[0] == "Maria Lindqvist"
    # Read as introducing someone, the councillor would be the farmer quoted next; later-roles also keeps
    # it from him, as the article calls him a farmer.
    off = _speakers(nlp, text, *attributions, settings=Settings().without("named-just-before", "later-roles"))
    assert off[0] == "Tomas Berg"
    assert _speakers(nlp, text, *attributions, settings=Settings().without("named-just-before"))[0] == "Maria Lindqvist"


def test_a_description_the_article_gave_someone_before_still_refers_back(nlp):
    text = (
        "Summit opens\n\n"
        "Paul Okafor, the head of Peru's delegation, opened the summit on Friday.\n\n"
        "The head of Peru's delegation said the talks had stalled.\n\n"
        "\"We will not sign this,\" said Carlos Quispe, a navy captain."
    )
    attributions = (
        attribution(text, "The head of Peru's delegation", "said", "the talks had stalled"),
        attribution(text, "Carlos Quispe, a navy captain", "said", "We will not sign this"),
    )
    assert _speakers(nlp, text, *attributions)[0] == "Paul Okafor"


def test_a_gendered_description_skips_a_person_of_the_other_gender(nlp):
    text = (
        "Summit opens\n\n"
        "President Paul Okafor opened the summit on Friday and praised the delegates.\n\n"
        "The spokeswoman of Peru's delegation said the talks had stalled.\n\n"
        "\"We will not sign this,\" said Carlos Quispe, a navy captain. \"Not now,\" added Mr. Quispe."
    )
    found = attribution(text, "The spokeswoman of Peru's delegation", "said", "the talks had stalled")
    quispe = attribution(text, "Carlos Quispe, a navy captain", "said", "We will not sign this")
    assert _speakers(nlp, text, found, quispe)[0] != "Carlos Quispe"


def test_a_tabloid_is_an_organisation_noun(nlp):
    text = (
        "Fans abroad\n\n"
        "The Harbor Times published an editorial on Thursday.\n\n"
        "But as the tabloid noted, the candidate has few fans in the port city."
    )
    found = attribution(text, "the tabloid", "noted", "the candidate has few fans in the port city")
    assert _speakers(nlp, text, found) == ["Harbor Times"]


def test_a_body_named_in_quotation_marks_before_its_kind_is_an_organisation(nlp):
    text = (
        "Wage measure heads to the ballot\n\n"
        "Economists at the Midwest Policy Institute expect the measure to pass.\n\n"
        'Getting it onto the ballot was the largest win so far for the "Pay Fair Now" movement, which began '
        "with protests in Ohio.\n\n"
        "The group's appeals for a national wage increase have fallen short in Congress."
    )
    found = attribution(text, "The group's", "appeals", "for a national wage increase")
    assert _speakers(nlp, text, found) == ["Pay Fair Now"]
    assert _speakers(nlp, text, found, settings=Settings().without("quoted-names")) != ["Pay Fair Now"]


def test_a_person_s_name_in_quotation_marks_before_campaign_stays_the_person(nlp):
    text = 'Convention floor\n\nOne delegate wore a cowboy hat and a "Ted Cruz" campaign button. Ted Cruz spoke later.'
    doc = nlp(text)
    mentions = [m for m in name_mentions(ArticleContext(doc)) if m.text == "Ted Cruz"]
    assert len(mentions) == 2 and all(m.label == "PERSON" for m in mentions)


def test_a_description_the_body_wrote_before_any_body_was_named_stays_that_unnamed_body(nlp):
    text = (
        "Schools to get more teachers\n\n"
        "Minister Ruth Amadi said on Monday that the ministry had found money for 300 teachers.\n\n"
        "Tomas Berg, who teaches at Kingsmead, was doubtful. \"We have heard this before,\" he said.\n\n"
        "The ministry said the money would arrive in April."
    )
    said = attribution(text, "The ministry", "said", "the money would arrive in April")
    assert _speakers(nlp, text, said) == [None]
    # Without the rule the school named in between, whose kind its name does not show, is taken.
    assert _speakers(nlp, text, said, settings=Settings().without("repeated-bodies")) == ["Kingsmead"]
