"""Whose campaign speaks: the campaign of someone the article shows running for office."""

from __future__ import annotations

from whosaid.resolve import resolve_speakers
from whosaid.resolve.settings import Settings

from .test_resolve import attribution, speaker

OFF = Settings().without("candidate-campaigns")


def test_the_campaign_is_the_campaign_of_the_one_running_not_of_its_staff(nlp):
    text = (
        "Phone bank opens\n\n"
        "Senator Ann Lee hired Tom Price for her reelection campaign last spring. Price, who had worked on "
        "Lee's 2010 campaign, set up the phone bank in his own office.\n\n"
        "The campaign said the phone bank would open on Monday."
    )
    doc = nlp(text)
    found = attribution(text, "The campaign", "said", "the phone bank would open on Monday")
    assert speaker(resolve_speakers(doc, [found])) == "Ann Lee campaign"
    # By salience alone the staffer, the subject just before, would own it.
    assert speaker(resolve_speakers(doc, [found], settings=OFF)) == "Tom Price campaign"


def test_a_family_surname_campaign_is_the_campaign_of_the_family_member_running(nlp):
    text = (
        "As Tom Lee turns 70, a look at his role\n\n"
        "Former Mayor Tom Lee marked his 70th birthday on Friday, at the start of a year in which he could become "
        "the state's first gentleman.\n\n"
        "If Ann Lee wins the governor's race, her husband would become the first man in the role.\n\n"
        "While the Lee campaign has stayed quiet on the topic, pundits have not. Ann Lee, in her campaign "
        "speeches, has said she will ask her husband for advice on trade."
    )
    doc = nlp(text)
    found = attribution(text, "the Lee campaign", "has stayed quiet", "on the topic")
    assert speaker(resolve_speakers(doc, [found])) == "Ann Lee campaign"
    # "Lee" alone reads as the article's main Lee, who is not running.
    assert speaker(resolve_speakers(doc, [found], settings=OFF)) == "Tom Lee campaign"


def test_a_candidate_s_campaign_account_speaks_for_the_campaign(nlp):
    text = (
        "Debate night\n\n"
        "Ann Lee and Tom Price met for their last debate on Tuesday.\n\n"
        "Lee's official campaign account posted that the moderators had been unfair."
    )
    doc = nlp(text)
    found = attribution(text, "Lee's official campaign account", "posted", "that the moderators had been unfair")
    assert speaker(resolve_speakers(doc, [found])) == "Ann Lee campaign"
    assert speaker(resolve_speakers(doc, [found], settings=OFF)) is None


def test_a_person_s_office_is_theirs_not_the_most_salient_body(nlp):
    text = (
        "Harbour vote\n\n"
        "The Port Authority asked the city council on Tuesday to close the old harbour. "
        "Councillor Ada Fisher voted against the plan. "
        "Fisher's office said the vote had been rushed."
    )
    said = attribution(text, "Fisher's office", "said", "the vote had been rushed")
    assert speaker(resolve_speakers(nlp(text), [said])) == "Ada Fisher's office"
    before = resolve_speakers(nlp(text), [said], settings=Settings().without("personal-offices"))
    assert speaker(before) != "Ada Fisher's office"


def test_an_office_owned_by_a_description_is_a_body_of_its_own(nlp):
    text = (
        "Harbour vote\n\n"
        "Prosecutor Ada Fisher opened an inquiry into the harbour deal on Tuesday. "
        "The district attorney's office said the inquiry would take a year."
    )
    said = attribution(text, "The district attorney's office", "said", "the inquiry would take a year")
    assert speaker(resolve_speakers(nlp(text), [said])) != "Ada Fisher's office"
