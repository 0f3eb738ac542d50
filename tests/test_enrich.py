"""Speaker profiles: gender from the article's evidence, role, overrides."""

from __future__ import annotations

import re

import pytest

from whosaid.enrich import OverridesError, load_gender_overrides
from whosaid.enrich.evidence import decide, first_name, stated_pronouns
from whosaid.enrich.names import guess, lexicon_available
from whosaid.enrich.overrides import parse_csv
from whosaid.enrich.profile import profile
from whosaid.parse import load_pipeline
from whosaid.records import Evidence, Speaker

needs_lexicon = pytest.mark.skipif(not lexicon_available(), reason="first-name lexicon package not installed")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def spans(text: str, *words: str) -> list[tuple[int, int]]:
    """Offsets of every occurrence of each word (whole words only)."""
    found = []
    for word in words:
        found += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    return sorted(found)


def person(text: str, name: str, *mentioned: str, aliases: tuple[str, ...] = ()) -> Speaker:
    return Speaker(name=name, kind="person", aliases=aliases, quoted=True, mentions=spans(text, name, *aliases, *mentioned))


def run(nlp, text: str, *speakers: Speaker, **options) -> list[Speaker]:
    return profile(nlp(text), list(speakers), **options)


def kinds(speaker: Speaker) -> list[str]:
    return [e.kind for e in speaker.gender_evidence]


# ------------------------------------------------------------------ pronouns


def test_pronoun_the_resolver_tied_to_the_person_gives_gender_with_its_paragraph(nlp):
    text = "Council vote\n\nRobin Vale opposed the plan.\n\nShe said the budget was too small."
    (speaker,) = run(nlp, text, person(text, "Robin Vale", "She"), first_names=False)
    assert speaker.gender == "female"
    assert str(speaker.gender_evidence[0]) == 'pronoun "She", paragraph 3'


def test_pronoun_not_tied_to_the_person_is_not_evidence(nlp):
    # "He" is inside the speech and refers to someone else: only mentions count.
    text = 'Robin Vale spoke.\n\n"He never called me back," Robin Vale said.'
    (speaker,) = run(nlp, text, person(text, "Robin Vale"), first_names=False)
    assert speaker.gender == "unknown"
    assert speaker.gender_evidence == ()


def test_pronoun_inside_the_persons_own_description_belongs_to_someone_else(nlp):
    text = "Tara Quill, her Green Party opponent, spoke first. Ms. Penn replied that she would win."
    tara = person(text, "Tara Quill", "her")
    (tara,) = run(nlp, text, tara, first_names=False)
    assert "pronoun" not in kinds(tara)
    assert tara.gender == "unknown"


def test_a_pronoun_in_her_own_words_of_the_gender_used_in_naming_her_is_someone_elses(nlp):
    # "His coach" names her by someone else's "his"; the "he" she is reported saying is that someone.
    text = "Oskar Lind won the race. His coach, Rosa Kemp, said he had trained for years."
    said = (text.index("he had"), len(text) - 1)
    rosa = person(text, "Rosa Kemp", "His", "he")
    (alone,) = run(nlp, text, person(text, "Rosa Kemp", "His", "he"), first_names=False)
    (rosa,) = run(nlp, text, rosa, first_names=False, own_words={0: [said]})
    assert "pronoun" not in kinds(rosa) and rosa.gender == "unknown"
    # Without the attribution to her, the link stands as the resolver gave it.
    assert alone.gender == "male"


def test_a_pronoun_in_the_speakers_own_words_counts_when_naming_them_used_none(nlp):
    text = "Budget row\n\nThe treasurer, Omar Haskins, said he would resign."
    said = (text.index("he would"), len(text) - 1)
    (omar,) = run(nlp, text, person(text, "Omar Haskins", "he"), first_names=False, own_words={0: [said]})
    assert omar.gender == "male"


def test_they_counts_only_when_the_article_says_the_person_uses_it(nlp):
    text = "Sam Ortiz, who uses they/them pronouns, led the march. They said the city must listen."
    (sam,) = run(nlp, text, person(text, "Sam Ortiz", "They"), first_names=False)
    assert sam.gender == "nonbinary"
    assert sam.gender_evidence[0].kind == "stated pronouns"
    assert str(sam.gender_evidence[0]).startswith('stated pronouns "they/them"')
    assert "pronoun" in kinds(sam)

    plain = "Sam Ortiz led the march. They said the city must listen."
    (sam,) = run(nlp, plain, person(plain, "Sam Ortiz", "They"), first_names=False)
    assert sam.gender == "unknown"


def test_stated_pronouns_read_common_wordings():
    assert stated_pronouns("who uses they/them pronouns") == "nonbinary"
    assert stated_pronouns("whose pronouns are she/her") == "female"
    assert stated_pronouns("(pronouns: he/him)") == "male"
    assert stated_pronouns("who goes by she/they") == "nonbinary"
    assert stated_pronouns("who used the money for them") is None


def test_stated_pronouns_read_wordings_without_a_slash():
    # The wording style guides give: the pronoun named, not paired with a slash.
    assert stated_pronouns("who uses the pronoun they") == "nonbinary"
    assert stated_pronouns("who uses the pronouns they and them") == "nonbinary"
    assert stated_pronouns("who uses they pronouns") == "nonbinary"
    assert stated_pronouns("who prefers the pronouns he and him") == "male"
    assert stated_pronouns("who goes by the pronoun she") == "female"
    # "pronoun" must be said: a verb before a plural is no statement.
    assert stated_pronouns("who uses they say is broken") is None
    assert stated_pronouns("the pronoun they chose for the campaign") is None


def test_a_person_who_uses_the_pronoun_they_is_nonbinary_and_their_they_quote_is_theirs():
    import whosaid

    text = (
        "Boathouse reopens as studios\n\n"
        "The studios were set up by sculptor Robin Vale, who uses the pronoun they. "
        "Vale said the rent had been agreed in March. "
        '"We wanted somewhere artists could afford," they said.'
    )
    result = whosaid.analyze(text)
    robin = next(person for person in result.speakers if person.name == "Robin Vale")
    assert robin.gender == "nonbinary"
    assert robin.gender_evidence[0].kind == "stated pronouns"
    assert [quote.speaker for quote in result.quotes] == ["Robin Vale", "Robin Vale"]


# --------------------------------------------------------------- honorifics


def test_honorific_before_the_name(nlp):
    text = "Ms. Kerry Dunmore, the treasurer, said the books balanced."
    (speaker,) = run(nlp, text, person(text, "Kerry Dunmore"), first_names=False)
    assert speaker.gender == "female"
    assert str(speaker.gender_evidence[0]) == 'honorific "Ms.", paragraph 1'


def test_honorific_outweighs_a_single_misattached_pronoun_and_the_conflict_is_reported(nlp):
    text = "Mr. Lee Carver spoke to the board. He was not pleased, and she knew it."
    # The "she" is tied to Carver by mistake, as a resolver may do.
    (speaker,) = run(nlp, text, person(text, "Lee Carver", "He", "she"), first_names=False)
    assert speaker.gender == "male"
    labels = [(e.kind, e.label) for e in speaker.gender_evidence]
    assert labels[0] == ("honorific", "male")
    conflict = [e for e in speaker.gender_evidence if e.kind == "conflict"]
    assert len(conflict) == 1 and "female 1" in conflict[0].text
    # The losing evidence stays in the trail, after the conflict note.
    assert labels.index(("conflict", "male")) < labels.index(("pronoun", "female"))


def test_evenly_split_evidence_is_unknown_with_the_tie_reported():
    label, trail = decide(
        [Evidence("female", "pronoun", "she", "paragraph 2"), Evidence("male", "pronoun", "he", "paragraph 3")]
    )
    assert label == "unknown"
    assert any(e.kind == "conflict" and "tie" in e.where for e in trail)


# ----------------------------------------------------------------- role nouns


def test_gendered_title_before_the_name(nlp):
    text = "Councilwoman Pat Reyes voted against the measure."
    (speaker,) = run(nlp, text, person(text, "Pat Reyes"), first_names=False)
    assert speaker.gender == "female"
    assert speaker.gender_evidence[0].kind == "role noun"
    assert speaker.gender_evidence[0].text == "Councilwoman"


def test_mens_national_team_player_is_male_evidence(nlp):
    text = "Among the critics was former Canadian men's national team player Robin Ashgrove, who posted a video."
    (speaker,) = run(nlp, text, person(text, "Robin Ashgrove"), first_names=False)
    assert speaker.gender == "male"
    assert speaker.gender_evidence[0].text == "men's national team player"
    assert speaker.role == "former Canadian men's national team player"


def test_womens_player_in_an_appositive(nlp):
    text = "Jordan Flint, the league's best women's player, scored twice on Sunday."
    (speaker,) = run(nlp, text, person(text, "Jordan Flint"), first_names=False)
    assert speaker.gender == "female"
    assert speaker.gender_evidence[0].kind == "role noun"


def test_men_s_in_a_non_sport_title_says_nothing(nlp):
    text = "Men's rights campaigner Casey Morrow spoke at the rally."
    (speaker,) = run(nlp, text, person(text, "Casey Morrow"), first_names=False)
    assert speaker.gender == "unknown"


@needs_lexicon
def test_generic_spokesman_gives_way_to_a_clear_first_name(nlp):
    text = "Mary Roe, a spokesman for the county sheriff, said the road was closed."
    (speaker,) = run(nlp, text, person(text, "Mary Roe"))
    assert speaker.role == "spokesman for the county sheriff"
    assert speaker.gender == "female"
    assert any(e.kind == "conflict" for e in speaker.gender_evidence)


def test_a_loosely_used_title_alone_does_not_give_a_gender(nlp):
    text = "Xqzzyv Roe, a spokesman for the county sheriff, said the road was closed."
    (speaker,) = run(nlp, text, person(text, "Xqzzyv Roe"))
    assert speaker.gender == "unknown"
    assert [str(e) for e in speaker.gender_evidence] == ['role noun "spokesman", paragraph 1']


# ---------------------------------------------------------------- first names


@needs_lexicon
def test_first_name_is_the_last_resort_and_says_how_sure_it_is(nlp):
    text = "Stu Marlowe wrote on his blog that the match was unfair."
    (speaker,) = run(nlp, text, person(text, "Stu Marlowe"))
    assert speaker.gender == "male"
    (evidence,) = speaker.gender_evidence
    assert evidence.kind == "first name" and evidence.text == "Stu"
    assert re.fullmatch(r'first name "Stu", 0\.9\d male|first name "Stu", 1\.00 male', str(evidence))


@needs_lexicon
def test_text_evidence_comes_before_the_first_name(nlp):
    text = "Hegan Ward said the plan would fail. She voted no."
    (speaker,) = run(nlp, text, person(text, "Hegan Ward", "She"))
    text2 = "Congressman Martin Oyelaran said the plan would fail."
    (other,) = run(nlp, text2, person(text2, "Martin Oyelaran"))
    assert speaker.gender_evidence[0].kind == "pronoun"
    assert other.gender_evidence[0].kind == "role noun"
    assert other.gender_evidence[-1].kind == "first name"


@needs_lexicon
def test_ambiguous_or_unknown_first_names_give_unknown(nlp):
    assert guess("Stu").label == "male" and guess("Stu").confidence > 0.95
    assert guess("Taylor").confidence < 0.95  # used for everyone
    assert guess("Xqzzyv") is None
    text = "Taylor Brandt and Xqzzyv Ormond said the park would close."
    taylor, other = run(nlp, text, person(text, "Taylor Brandt"), person(text, "Xqzzyv Ormond"))
    assert (taylor.gender, other.gender) == ("unknown", "unknown")
    assert taylor.gender_evidence == () and other.gender_evidence == ()


@needs_lexicon
def test_a_first_name_given_to_women_and_men_alike_never_decides_and_the_text_does():
    # "Pat" is held by men and women in comparable shares: alone it says nothing; a "she", a "Ms."
    # or a "congresswoman" the text ties to her does, and a clearly male first name still does.
    assert guess("Pat").confidence < 0.8
    nlp = load_pipeline()
    alone = "Pat Lindqvist said the harbour would reopen in May."
    (speaker,) = run(nlp, alone, person(alone, "Pat Lindqvist"))
    assert speaker.gender == "unknown" and speaker.gender_evidence == ()
    told = "Pat Lindqvist said the harbour would reopen in May. She chairs the board."
    (speaker,) = run(nlp, told, person(told, "Pat Lindqvist", "She"))
    assert speaker.gender == "female" and kinds(speaker) == ["pronoun"]
    titled = "Congresswoman Pat Lindqvist said the harbour would reopen in May."
    (speaker,) = run(nlp, titled, person(titled, "Pat Lindqvist"))
    assert speaker.gender == "female" and "first name" not in kinds(speaker)
    male = "Gregor Lindqvist said the harbour would reopen in May."
    (speaker,) = run(nlp, male, person(male, "Gregor Lindqvist"))
    assert speaker.gender == "male" and kinds(speaker) == ["first name"]


def test_first_name_skips_titles_and_initials_and_needs_a_surname():
    assert first_name("Sen. Ted Cruz") == "Ted"
    assert first_name("J. Edgar Hoover") == "Edgar"
    assert first_name("Haskins") is None
    assert first_name("President Haskins") is None


# --------------------------------------------------------- who gets a gender


def test_no_evidence_at_all_is_unknown(nlp):
    text = "Quillon Vantreska said the harbour would reopen in May."
    (speaker,) = run(nlp, text, person(text, "Quillon Vantreska"))
    assert speaker.gender == "unknown" and speaker.gender_evidence == ()


def test_organisations_get_a_role_but_never_a_gender(nlp):
    text = "The ministry said on Tuesday that she would resign."
    org = Speaker(name="the ministry", kind="organization", mentions=spans(text, "The ministry", "she"))
    (org,) = run(nlp, text, org)
    assert org.gender == "unknown" and org.gender_evidence == ()


def test_unquoted_people_are_profiled_too_and_stay_unquoted(nlp):
    text = "Mrs. Edda Korr watched as Mr. Bram Tolle said the vote was fixed."
    edda = Speaker("Edda Korr", mentions=spans(text, "Edda Korr"), quoted=False)
    bram = Speaker("Bram Tolle", mentions=spans(text, "Bram Tolle"), quoted=True)
    edda, bram = run(nlp, text, edda, bram, first_names=False)
    assert (edda.gender, edda.quoted) == ("female", False)
    assert (bram.gender, bram.quoted) == ("male", True)


# ---------------------------------------------------------------------- roles


def test_coordinated_title_before_the_name_is_the_role(nlp):
    text = "Italian chef and author Paola Rinaldi apologized on Monday."
    (speaker,) = run(nlp, text, person(text, "Paola Rinaldi"))
    assert speaker.role == "Italian chef and author"


def test_appositive_after_the_name_and_name_after_the_role(nlp):
    text = "The mayor, Ann Lidell, said the bridge was safe. Omar Haskins, a professor of engineering who studied it, agreed."
    ann, omar = run(nlp, text, person(text, "Ann Lidell"), person(text, "Omar Haskins"))
    assert ann.role == "mayor"
    assert omar.role == "professor of engineering"


def test_a_role_drops_a_possessive_determiner_and_how_long_but_keeps_the_workplace(nlp):
    text = ("Her uncle, Piet Claes, said the ferry was late. Mira Osei, a ward nurse at St Luke's for nine years, "
            "said the shifts were long. Dr. Hal Brandt, the chief surgeon since 2019, agreed.")
    piet, mira, hal = run(nlp, text, person(text, "Piet Claes"), person(text, "Mira Osei"), person(text, "Hal Brandt"))
    assert piet.role == "uncle"
    assert mira.role == "ward nurse at St Luke's"
    assert hal.role == "chief surgeon"


def test_compound_and_hyphenated_roles_are_kept_whole(nlp):
    text = ('"The tide was against us," said harbour master Ivo Brandt. The bakery\'s co-owner, Lea Moss, '
            "agreed. Vice-chancellor Ruth Obi said nothing.")
    ivo, lea, ruth = run(nlp, text, person(text, "Ivo Brandt"), person(text, "Lea Moss"), person(text, "Ruth Obi"))
    assert ivo.role == "harbour master"
    assert lea.role == "co-owner"
    assert ruth.role == "Vice-chancellor"
    # A hyphenated first name is the name's own, whatever part of it the name was read from.
    text = "Anna-Lena Berg said the vote was close."
    (anna,) = run(nlp, text, Speaker(name="Lena Berg", kind="person", mentions=spans(text, "Lena Berg")))
    assert anna.role is None


def test_affiliation_joins_the_role(nlp):
    text = "Dana Okafor of the Urban Institute said rents would rise."
    (speaker,) = run(nlp, text, person(text, "Dana Okafor"))
    assert speaker.role == "Urban Institute"


def test_an_organisations_role_is_never_a_word_of_its_own_name(nlp):
    # "of Coastal Studies" hangs on "Institute" as "of the Urban Institute" hangs on a person's name.
    text = ("The Northern Institute of Coastal Studies, a research charity, said the dunes were moving. "
            "The Federal Office of Tidal Surveys said the charts would be redrawn.")
    institute = Speaker("Northern Institute of Coastal Studies", kind="organization",
                        mentions=spans(text, "Northern Institute of Coastal Studies"))
    office = Speaker("Federal Office of Tidal Surveys", kind="organization", mentions=spans(text, "Federal Office of Tidal Surveys"))
    institute, office = run(nlp, text, institute, office)
    assert institute.role == "research charity"
    assert office.role is None


def test_descriptions_the_resolver_tied_to_the_person_join_the_role(nlp):
    text = "Norwegian chess champion Ida Brekke won again. The Oslo grandmaster said she was tired."
    (speaker,) = run(nlp, text, person(text, "Ida Brekke", "The Oslo grandmaster", "she"))
    assert speaker.role == "Norwegian chess champion, Oslo grandmaster"


def test_a_name_after_an_employers_name_takes_the_persons_own_noun(nlp):
    """The spokeswoman is the one named, not the ferry operator; a company's name after a person's
    noun and its object names the company, which keeps the nearer noun."""
    text = "A spokeswoman for the ferry operator, Ruth Keane, said sailings would resume."
    (ruth,) = run(nlp, text, person(text, "Ruth Keane"))
    assert ruth.role == "spokeswoman for the ferry operator"
    text = "A senior engineer at the parent company, Harlow Marine Group, said the repairs would take a week."
    firm = Speaker(name="Harlow Marine Group", kind="organization", aliases=(), quoted=True,
                   mentions=spans(text, "Harlow Marine Group"))
    (firm,) = run(nlp, text, firm)
    assert firm.role == "parent company"


def test_an_organisation_inside_someone_elses_title_gets_no_role_from_it(nlp):
    """ "Former" belongs to the goalkeeper, not to the club named inside his title."""
    text = "Former Westport Rovers goalkeeper Sam Hale has retired, the club said.\n\nFormer minister Alan Price praised him."
    club = Speaker(name="Westport Rovers", kind="organization", aliases=(), quoted=True, mentions=spans(text, "Westport Rovers"))
    club_profile, sam, alan = run(nlp, text, club, person(text, "Sam Hale"), person(text, "Alan Price"))
    assert club_profile.role is None
    assert sam.role == "Former Westport Rovers goalkeeper"
    assert alan.role == "Former minister"


# ------------------------------------------------------------------ overrides


def test_override_wins_over_inference_and_is_the_first_evidence(nlp, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,gender\nlee carver,female\n", encoding="utf-8")
    text = "Mr. Lee Carver spoke to the board. He was not pleased."
    (speaker,) = run(nlp, text, person(text, "Lee Carver", "He"), overrides=path)
    assert speaker.gender == "female"
    assert speaker.gender_evidence[0].kind == "override"
    assert str(speaker.gender_evidence[0]) == f'override "Lee Carver", {path}'
    # What the article said is still shown after the override.
    assert "honorific" in kinds(speaker)


def test_override_matches_an_alias_and_a_mapping_works_as_well(nlp):
    text = "Robin Vale opposed the plan."
    speaker = person(text, "Robin Vale", aliases=("Vale",))
    (speaker,) = run(nlp, text, speaker, overrides={"Vale": "nonbinary"})
    assert speaker.gender == "nonbinary"


def test_overrides_yaml_mapping_and_list(tmp_path):
    pytest.importorskip("yaml")
    mapping = tmp_path / "o.yaml"
    mapping.write_text("Ana Souza: F\nKim Lee: non-binary\n", encoding="utf-8")
    listed = tmp_path / "o.yml"
    listed.write_text("- name: Ana Souza\n  gender: female\n", encoding="utf-8")
    assert load_gender_overrides(mapping).lookup("ana  souza") == ("female", "ana  souza")
    assert load_gender_overrides(mapping).lookup("Kím Lee")[0] == "nonbinary"
    assert load_gender_overrides(listed).lookup("Ana Souza")[0] == "female"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", "name,gender\nAna Souza,female\nKim Lee,purple\n", "bad.csv, line 3: 'purple' is not a gender"),
        ("short.csv", "Ana Souza\n", "short.csv, line 1: expected two columns"),
        ("twice.csv", "Ana Souza,female\nana souza,male\n", "twice.csv, line 2: 'ana souza' is given as male here but as female"),
        ("list.yaml", "- Ana Souza\n", "list.yaml, item 1: expected a mapping with 'name' and 'gender'"),
        ("people.json", "{}", "unknown overrides format '.json'"),
    ],
)
def test_bad_overrides_files_are_named_with_the_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if name.endswith(".yaml"):
        pytest.importorskip("yaml")
    with pytest.raises(OverridesError) as caught:
        load_gender_overrides(path)
    assert message in str(caught.value)


def test_missing_overrides_file_is_named(tmp_path):
    with pytest.raises(OverridesError, match="nowhere.csv"):
        load_gender_overrides(tmp_path / "nowhere.csv")


def test_csv_comments_blank_lines_and_tabs():
    overrides = parse_csv("# people we asked\n\nAna Souza\tfemale\n", "o.tsv")
    assert overrides.lookup("Ana Souza") == ("female", "Ana Souza")
    assert len(overrides) == 1


# ------------------------------------------------------- with the real resolver


def test_profile_through_the_resolver_on_a_short_article(nlp):
    from whosaid.records import Attribution
    from whosaid.resolve import resolve_speakers

    text = (
        "Harbour plan\n\nPort director Mirela Dunst said on Monday that the harbour would reopen. "
        "She added that repairs had cost more than planned."
    )
    doc = nlp(text)
    source = text.index("Port director Mirela Dunst")
    cue = text.index("said")
    content = text.index("the harbour")
    att = Attribution(
        content=((content, text.index(".", content)),),
        source=((source, source + len("Port director Mirela Dunst")),),
        cue=((cue, cue + 4),),
    )
    resolution = resolve_speakers(doc, [att])
    profile(doc, resolution.entities, first_names=False)
    speaker = resolution.entities[resolution.speakers[0]]
    assert speaker.name == "Mirela Dunst"
    assert speaker.gender == "female"
    assert speaker.gender_evidence[0].kind == "pronoun"
    assert speaker.role == "Port director"


def test_gender_overrides_option_loads_the_file_and_names_a_bad_one(tmp_path, capsys):
    import argparse

    from whosaid.enrich import add_gender_overrides_option

    parser = argparse.ArgumentParser(prog="whosaid analyze")
    add_gender_overrides_option(parser)
    good = tmp_path / "people.csv"
    good.write_text("Ana Souza,female\n", encoding="utf-8")
    assert parser.parse_args(["--gender-overrides", str(good)]).gender_overrides.lookup("Ana Souza")[0] == "female"
    assert parser.parse_args([]).gender_overrides is None
    bad = tmp_path / "bad.csv"
    bad.write_text("Ana Souza,maybe\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        parser.parse_args(["--gender-overrides", str(bad)])
    assert "bad.csv, line 1: 'maybe' is not a gender" in capsys.readouterr().err


def test_a_role_never_reaches_across_the_headline(nlp):
    text = (
        "Harbour row\n\nFormer Canadian men's national team player Robin Ashgrove criticised the plan. "
        '"It is a disgrace," Ashgrove said.'
    )
    speaker = person(text, "Robin Ashgrove", aliases=("Ashgrove",))
    # A resolver may tie the headline's noun phrase to the person, as this parse invites.
    speaker.mentions.append((0, text.index("Robin") - 1))
    (speaker,) = run(nlp, text, speaker, first_names=False)
    assert speaker.role == "Former Canadian men's national team player"
    assert speaker.gender == "male"


def test_a_split_entry_takes_the_gender_of_its_fuller_namesake(nlp):
    text = "Omar Haskins spoke first. He said the dam was safe. Later, Haskins changed his mind."
    full = person(text, "Omar Haskins", "He")
    part = Speaker("Haskins", mentions=[(text.rindex("Haskins"), text.rindex("Haskins") + 7)])
    full, part = run(nlp, text, full, part, first_names=False)
    assert part.gender == "male"
    (evidence,) = part.gender_evidence
    assert str(evidence) == 'same name "Omar Haskins", pronoun "He", paragraph 1'


def test_namesakes_that_disagree_give_nothing(nlp):
    text = "Mr. Alder Brook and Mrs. Wren Brook run the farm. Brook said the harvest was poor."
    him = person(text, "Alder Brook")
    her = person(text, "Wren Brook")
    bare = Speaker("Brook", mentions=[(text.rindex("Brook"), text.rindex("Brook") + 5)])
    him, her, bare = run(nlp, text, him, her, bare, first_names=False)
    assert (him.gender, her.gender) == ("male", "female")
    assert bare.gender == "unknown" and bare.gender_evidence == ()


# ------------------------------------------------- conflicts between evidence tiers


def test_words_next_to_the_name_beat_several_misattached_pronouns(nlp):
    text = "Mrs. Wren Talbot met the governor. He told her that he would veto it. He left."
    (speaker,) = run(nlp, text, person(text, "Wren Talbot", "He", "he"), first_names=False)
    assert speaker.gender == "female"
    conflict = next(e for e in speaker.gender_evidence if e.kind == "conflict")
    assert conflict.where == "kept female, from words next to the name"


@needs_lexicon
def test_pronouns_against_a_confident_first_name_are_left_unknown(nlp):
    text = "Martin Gradwell arrived late. She said the train was slow, and she apologised."
    (speaker,) = run(nlp, text, person(text, "Martin Gradwell", "She", "she"))
    assert speaker.gender == "unknown"
    conflict = next(e for e in speaker.gender_evidence if e.kind == "conflict")
    assert "against the first name" in conflict.where
    assert {e.kind for e in speaker.gender_evidence} >= {"pronoun", "first name"}


def test_a_single_pronoun_against_a_loose_title_is_not_enough(nlp):
    text = "Chairman Reo Quarles opened the meeting. She said the budget was late."
    (speaker,) = run(nlp, text, person(text, "Reo Quarles", "She"), first_names=False)
    assert speaker.gender == "unknown"
    two = "Chairman Reo Quarles opened the meeting. She said the budget was late, and she left."
    (speaker,) = run(nlp, two, person(two, "Reo Quarles", "She", "she"), first_names=False)
    assert speaker.gender == "female"


def test_relatives_named_beside_the_person_are_not_the_person(nlp):
    text = (
        "Dorla Venn, whose husband, Navy pilot Ty Venn, died in the crash, spoke on Friday. "
        "The victims included Lena Voss's son, Tomas. "
        "Kel Brand and Mira Tolk, the mayor's wife, arrived together."
    )
    dorla, lena, kel = run(
        nlp, text, person(text, "Dorla Venn"), person(text, "Lena Voss"), person(text, "Kel Brand"), first_names=False
    )
    for speaker in (dorla, lena, kel):
        assert speaker.gender == "unknown", speaker
        assert speaker.role is None, speaker


def test_a_noun_joined_to_the_name_by_and_is_no_title(nlp):
    text = "As if to show the weight of female voters and Gale Renner's weakness with them, the rival spoke."
    (speaker,) = run(nlp, text, person(text, "Gale Renner"), first_names=False)
    assert speaker.gender == "unknown" and speaker.role is None


def test_a_description_whose_possessor_is_also_linked_to_the_person_is_dropped(nlp):
    text = "Ivy Strand spoke after the trial. Her son was among the victims."
    # A resolver that links both "Her" and "Her son" to Strand is wrong about one of them.
    speaker = person(text, "Ivy Strand", "Her", "Her son")
    (speaker,) = run(nlp, text, speaker, first_names=False)
    assert speaker.gender == "unknown"
    assert speaker.role is None


# ------------------------------------------------------------------ robustness

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = [
    "Ms.", "Mr.", "Mx.", "she", "he", "they", "her", "his", "them", "said", "and", ",", ".", "\n\n", "'s",
    "councilwoman", "spokesman", "women's", "men's", "player", "the", "a", "who", "uses", "they/them",
    "pronouns", "Ann", "Lidell", "Omar", "Haskins", "Xqzzyv", '"', "whose", "husband", "of", "Institute",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    cuts=st.lists(st.tuples(st.integers(-5, 200), st.integers(-5, 200)), max_size=6),
    name=st.sampled_from(["Ann Lidell", "Omar Haskins", "Lidell", "", "Ms. Ann Lidell", "Xqzzyv"]),
)
def test_any_text_and_any_mentions_give_a_consistent_profile(nlp, words, cuts, name):
    text = " ".join(words)
    speakers = [
        Speaker(name=name, mentions=[(s, e) for s, e in cuts]),
        Speaker(name="Haskins", kind="organization", mentions=[(0, min(3, len(text)))]),
    ]
    profile(nlp(text), speakers)
    for speaker in speakers:
        assert speaker.gender in ("female", "male", "nonbinary", "unknown")
        if speaker.kind != "person":
            assert speaker.gender == "unknown"
        elif speaker.gender != "unknown":
            supporting = [e for e in speaker.gender_evidence if e.kind != "conflict"]
            assert supporting and supporting[0].label == speaker.gender
        assert speaker.role is None or speaker.role.strip() == speaker.role and "\n" not in speaker.role


def test_a_description_given_as_its_noun_alone_keeps_its_modifiers(nlp):
    text = "Norwegian chess champion Ida Brekke won again. The Oslo grandmaster said little."
    noun = text.index("grandmaster")
    speaker = person(text, "Ida Brekke")
    speaker.mentions.append((noun, noun + len("grandmaster")))
    (speaker,) = run(nlp, text, speaker)
    assert speaker.role == "Norwegian chess champion, Oslo grandmaster"


def test_the_trail_shows_each_piece_of_evidence_once():
    import whosaid

    text = (
        "Harbour vote\n\n"
        "Councillor Tom Reyes said he would vote for the wall, and he urged others to follow.\n"
    )
    reyes = next(p for p in whosaid.analyze(text).speakers if p.name == "Tom Reyes")
    trail = [str(e) for e in reyes.gender_evidence]
    assert reyes.gender == "male"
    assert trail and len(trail) == len(set(trail))


def test_a_courtesy_title_is_no_role_and_a_possessor_keeps_its_article(nlp):
    text = "Dr. Alan Pike, the hospital's medical director, said the changes were needed."
    (speaker,) = run(nlp, text, person(text, "Alan Pike"))
    assert speaker.role == "the hospital's medical director"


def test_a_title_that_is_a_job_stays_the_role(nlp):
    text = "Professor Hana Ruiz said the survey was flawed."
    (speaker,) = run(nlp, text, person(text, "Hana Ruiz"))
    assert speaker.role == "Professor"


def test_an_override_gives_a_name_typed_as_an_organisation_its_person_and_gender(nlp):
    text = "Junior reporter Maren Holt said the paper would close."
    typed = Speaker(name="Maren Holt", kind="organization", quoted=True, mentions=spans(text, "Maren Holt"))
    (speaker,) = run(nlp, text, typed, overrides={"Maren Holt": "female"})
    assert (speaker.kind, speaker.gender) == ("person", "female")
    assert speaker.gender_evidence[0].kind == "override"
    # "unknown" says nothing of what the name is: the kind stays as read.
    typed = Speaker(name="Maren Holt", kind="organization", quoted=True, mentions=spans(text, "Maren Holt"))
    (speaker,) = run(nlp, text, typed, overrides={"Maren Holt": "unknown"})
    assert (speaker.kind, speaker.gender) == ("organization", "unknown")


# ------------------------------------------------------------ unnamed sources


def test_an_unnamed_source_gets_the_gender_its_own_noun_states(nlp):
    from whosaid import Engine

    text = ("Pool closes early\n\n"
            '"The water was too cold for the children," a spokeswoman for the leisure centre said on Friday.\n\n'
            '"We will reopen when the heater is fixed," a spokesman for the council said.\n\n'
            '"It was freezing," her grandmother told the paper.')
    quotes = {q.source_text: q for q in Engine(nlp=nlp).analyze(text).quotes}
    spokeswoman = quotes["a spokeswoman for the leisure centre"]
    assert (spokeswoman.speaker, spokeswoman.speaker_kind) == (None, "unnamed")
    assert spokeswoman.gender == "female"
    assert spokeswoman.gender_evidence == ('role noun "spokeswoman", paragraph 2',)
    assert quotes["her grandmother"].gender == "female"
    # A loosely used "spokesman" is shown as evidence but decides nothing, as for a named person.
    spokesman = quotes["a spokesman for the council"]
    assert spokesman.gender == "unknown" and spokesman.gender_evidence == ('role noun "spokesman", paragraph 3',)


def test_what_follows_a_speaker_label_s_colon_is_no_role(nlp):
    from whosaid.enrich.roles import phrases_beside

    text = "Q: What comes next?\n\nLindqvist: A bakery school, if the bank agrees.\n\nLindqvist, a baker, smiled."
    doc = nlp(text)
    names = [(t.i, t.i + 1) for t in doc if t.text == "Lindqvist"]
    label, running = (tuple(p.text for p in phrases_beside(doc, *span)) for span in names)
    assert label == ()
    assert running == ("baker",)
