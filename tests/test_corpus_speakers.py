"""One person across many articles: corpus gender from every article's evidence, identity, curation.

Each test builds a small corpus of articles written for it, with the
per-article results the engine would give (speaker, gender, evidence and its
paragraph), and checks what the store makes of them.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from whosaid.cli import main
from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
from whosaid.store import Store
from whosaid.store.names import article_id
from whosaid.store.registry import load_registry

PRONOUNS = {"female": "she", "male": "he"}


def article(*paragraphs: str) -> Article:
    return Article(id="", text="\n\n".join(("A headline", *paragraphs)))


def paragraph_of(art: Article, offset: int) -> int:
    return art.text[:offset].count("\n\n") + 1


def quoted(art: Article, quote: str, name: str, gender: str = "unknown", evidence=(), kind="person", aliases=()) -> ArticleResult:
    """The result for one quote of ``quote`` by ``name``; ``evidence`` is (label, kind, word) found in the text."""
    pieces = []
    for label, ev_kind, word in evidence:
        at = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", art.text).start()
        weight = {"honorific": 2.0, "role noun": 2.0, "pronoun": 1.0}.get(ev_kind, 0.5)
        pieces.append(Evidence(label, ev_kind, word, f"paragraph {paragraph_of(art, at)}", weight))
    start = art.text.index(quote)
    speaker = Speaker(name=name, kind=kind, gender=gender, gender_evidence=tuple(pieces), quoted=True, aliases=tuple(aliases))
    q = Quote(content=((start, start + len(quote)),), source=(), cue=(), kind="direct", speaker=name,
              speaker_kind=kind, text=quote, gender=gender, gender_evidence=tuple(str(p) for p in pieces))
    return ArticleResult(id=art.id, quotes=[q], speakers=[speaker])


def said_by(name: str, gender: str, line: str, honorific: str | None = None) -> tuple[Article, ArticleResult]:
    """An article where ``name`` says ``line`` and a pronoun (or an honorific) shows ``gender``."""
    if honorific:
        art = article(f'"{line}," {honorific} {name.split()[-1]} said at the meeting.')
        return art, quoted(art, f"{line},", name, gender, [(gender, "honorific", honorific)])
    pronoun = PRONOUNS[gender]
    art = article(f'"{line}," {name} said.', f"Later {pronoun} added nothing.")
    return art, quoted(art, f"{line},", name, gender, [(gender, "pronoun", pronoun)])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "corpus.duckdb") as s:
        yield s


def speaker_row(store: Store, art: Article | tuple[Article, ArticleResult]) -> dict:
    """The corpus speaker of an article's quote, and what the quote row carries of it."""
    art = art[0] if isinstance(art, tuple) else art
    cur = store.connection.execute(
        """SELECT s.speaker_id, s.name, s.gender, s.gender_summary, s.gender_conflict, s.gender_basis,
                  q.speaker, q.speaker_gender, q.gender AS article_gender
           FROM quotes q JOIN speakers s USING (speaker_id) WHERE q.article_id = ?""",
        [article_id(art.text)],
    )
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone()))


# -- corpus gender -------------------------------------------------------------------


def test_gender_is_decided_by_the_majority_of_articles_and_the_conflict_is_shown(store):
    first = said_by("Dana Reyes", "male", "The plan is dead")  # a misresolved pronoun, first in
    store.add(*first)
    assert speaker_row(store, first)["gender"] == "male"
    others = [said_by("Dana Reyes", "female", f"Point number {i} stands") for i in range(3)]
    for pair in others:
        store.add(*pair)
    row = speaker_row(store, first)
    assert row["gender"] == "female" and row["gender_basis"] == "articles"
    assert row["gender_summary"] == "female in 3 articles, male in 1" and row["gender_conflict"]
    # The first quote now carries the corpus gender; its own article's verdict is kept beside it.
    assert (row["speaker_gender"], row["article_gender"]) == ("female", "male")
    assert store.connection.execute("SELECT count(DISTINCT speaker_gender) FROM quotes").fetchone() == (1,)


def test_one_article_counts_once_however_many_pronouns_it_misresolves(store):
    loud = article('"No," Dana Reyes said.', " ".join(["He left."] * 8))
    store.add(loud, quoted(loud, "No,", "Dana Reyes", "male", [("male", "pronoun", "He")] * 8))
    for i in range(2):
        store.add(*said_by("Dana Reyes", "female", f"Yes to item {i}", honorific="Ms."))
    assert speaker_row(store, loud)["gender"] == "female"


def test_text_evidence_outweighs_the_first_name_lexicon(store):
    by_name = []
    for i in range(3):
        art = article(f'"Line {i} here," Robin Vale said.')
        by_name.append(art)
        store.add(art, quoted(art, f"Line {i} here,", "Robin Vale", "female", [("female", "first name", "Robin")]))
    store.add(*said_by("Robin Vale", "male", "Another line", honorific="Mr."))
    row = speaker_row(store, by_name[0])
    assert row["gender"] == "male"
    assert row["gender_summary"] == "male in 1 article, female by first name only in 3 articles"


def test_a_tie_leaves_the_gender_unknown(store):
    one = said_by("Sam Okafor", "male", "First thing")
    store.add(*one)
    store.add(*said_by("Sam Okafor", "female", "Second thing"))
    row = speaker_row(store, one)
    assert row["gender"] == "unknown" and row["gender_conflict"]


def test_every_evidence_row_names_its_article_and_paragraph(store):
    art = article('"We build," said Lena Ortiz, the councilwoman.', "Asked again, she said no.")
    result = quoted(art, "We build,", "Lena Ortiz", "female",
                    [("female", "role noun", "councilwoman"), ("female", "pronoun", "she")])
    store.add(art, result)
    rows = store.connection.execute(
        "SELECT speaker_id, article_id, paragraph, kind, label, text, strength FROM gender_evidence ORDER BY paragraph"
    ).fetchall()
    sid = speaker_row(store, art)["speaker_id"]
    assert [(r[2], r[3], r[5]) for r in rows] == [(2, "role noun", "councilwoman"), (3, "pronoun", "she")]
    paragraphs = art.text.split("\n\n")
    for speaker_id, aid, paragraph, _, label, text, strength in rows:
        assert (speaker_id, aid, label) == (sid, article_id(art.text), "female") and strength > 0
        assert re.search(rf"\b{text}\b", paragraphs[paragraph - 1])


def test_a_store_made_before_votes_were_kept_is_brought_up_to_date(tmp_path):
    path = tmp_path / "old.duckdb"
    pairs = [said_by("Dana Reyes", "male", "The plan is dead")] + [
        said_by("Dana Reyes", "female", f"Point {i} stands") for i in range(2)
    ]
    with Store(path) as s:
        for pair in pairs:
            s.add(*pair)
        # What an earlier whosaid left: no votes, no evidence rows, the first article's gender.
        s.connection.execute("DELETE FROM speaker_articles; DELETE FROM gender_evidence")
        s.connection.execute("UPDATE speakers SET gender = 'male', gender_summary = NULL")
        s.connection.execute("UPDATE quotes SET speaker = NULL, speaker_gender = NULL, mention_id = NULL")
    with Store(path) as s:
        row = speaker_row(s, pairs[0][0])
        assert (row["gender"], row["speaker"], row["speaker_gender"]) == ("female", "Dana Reyes", "female")
        assert row["gender_summary"] == "female in 2 articles, male in 1"
        assert s.connection.execute("SELECT count(*) FROM gender_evidence WHERE paragraph = 3").fetchone() == (3,)


# -- identity ------------------------------------------------------------------------


def test_mr_and_mrs_keep_family_members_apart(store):
    barack = said_by("Barack Obama", "male", "Yes we can")
    michelle = said_by("Michelle Obama", "female", "When they go low")
    store.add(*barack)
    store.add(*michelle)
    mrs = said_by("Mrs. Obama", "female", "It reminds us of who we are", honorific="Mrs.")
    mr = said_by("Mr. Obama", "male", "Not this time", honorific="Mr.")
    store.add(*mrs)
    store.add(*mr)
    assert speaker_row(store, mrs)["name"] == "Michelle Obama"
    assert speaker_row(store, mr)["name"] == "Barack Obama"
    # Gender from pronouns picks the namesake as an honorific does.
    she = said_by("Obama", "female", "We will be fine")
    store.add(*she)
    assert speaker_row(store, she)["name"] == "Michelle Obama"
    # With nothing to tell them apart, a bare surname is not guessed.
    bare = article('"Fine," Obama said.')
    store.add(bare, quoted(bare, "Fine,", "Obama"))
    assert speaker_row(store, bare)["name"] == "Obama"


def test_a_bare_honorific_name_waits_for_the_full_name_of_its_gender(store):
    mrs = said_by("Mrs. Alvarez", "female", "The harbour will open", honorific="Mrs.")
    mr = said_by("Mr. Alvarez", "male", "The harbour will close", honorific="Mr.")
    store.add(*mrs)
    store.add(*mr)
    assert speaker_row(store, mrs)["speaker_id"] != speaker_row(store, mr)["speaker_id"]
    store.add(*said_by("Rosa Alvarez", "female", "Open it is"))
    assert speaker_row(store, mrs)["name"] == "Rosa Alvarez"
    assert speaker_row(store, mr)["name"] == "Mr. Alvarez"
    store.add(*said_by("Tomas Alvarez", "male", "Closed it is"))
    assert speaker_row(store, mr)["name"] == "Tomas Alvarez"


def bare_surname(name: str, line: str, gender: str = "unknown") -> tuple[Article, ArticleResult]:
    """An article quoting a bare surname; with a gender, a pronoun shows it (no honorific)."""
    if gender == "unknown":
        art = article(f'"{line}," {name} said.')
        return art, quoted(art, f"{line},", name)
    art = article(f'"{line}," {name} said.', f"Later {PRONOUNS[gender]} left.")
    return art, quoted(art, f"{line},", name, gender, [(gender, "pronoun", PRONOUNS[gender])])


def test_an_ungendered_surname_does_not_carry_a_woman_into_a_mans_name(tmp_path):
    tobias = said_by("Tobias Quarmby", "male", "The mill stays open")
    # Several articles each way, so that the result cannot hang on which article's mention is read first.
    hers = [bare_surname("Quarmby", f"The mill will close {i}", "female") for i in range(3)]
    unknowns = [bare_surname("Quarmby", f"Nobody knows yet {i}") for i in range(3)]
    with Store(tmp_path / "alone.duckdb") as alone:
        alone.add_many([tobias, *hers])
        # Alone, her "Quarmby" is nobody's: the one Quarmby with a full name is a man.
        assert {speaker_row(alone, her)["name"] for her in hers} == {"Quarmby"}
    with Store(tmp_path / "with.duckdb") as store:
        store.add_many([tobias, *hers, *unknowns])
        # An article that shows nothing about its Quarmby may mean the one full-named Quarmby; it does not
        # bring another article's woman along with it.
        assert {speaker_row(store, unknown)["name"] for unknown in unknowns} == {"Tobias Quarmby"}
        assert {(speaker_row(store, her)["name"], speaker_row(store, her)["gender"]) for her in hers} == {("Quarmby", "female")}
        assert speaker_row(store, tobias)["gender"] == "male"


def test_bare_surnames_of_two_genders_are_two_people_and_an_ungendered_one_joins_neither(tmp_path):
    her = bare_surname("Vantre", "The bridge is safe", "female")
    him = bare_surname("Vantre", "The bridge is not safe", "male")
    mrs = said_by("Mrs. Vantre", "female", "We will see", honorific="Mrs.")
    unknown = bare_surname("Vantre", "Nobody knows")
    with Store(tmp_path / "two.duckdb") as store:
        store.add_many([her, him, mrs, unknown])
        ids = {name: speaker_row(store, pair)["speaker_id"] for name, pair in
               (("her", her), ("him", him), ("mrs", mrs), ("unknown", unknown))}
        # The woman a pronoun shows and the one "Mrs." names may be one; the man is another.
        assert ids["her"] == ids["mrs"] != ids["him"]
        assert speaker_row(store, him)["gender"] == "male" and speaker_row(store, her)["gender"] == "female"
        # Which of the two the ungendered one means is not guessed.
        assert ids["unknown"] not in (ids["her"], ids["him"])
    with Store(tmp_path / "one.duckdb") as store:
        store.add_many([her, unknown])
        # With one gender shown among them, the ungendered bare name is that speaker, as it would be
        # the one full-named person of the name.
        assert speaker_row(store, unknown)["speaker_id"] == speaker_row(store, her)["speaker_id"]


def test_junior_is_not_his_father(store):
    father = said_by("Donald Trump", "male", "We will win")
    son = said_by("Donald Trump Jr.", "male", "My father will win")
    short = said_by("Trump Jr.", "male", "Dad is right")
    for pair in (father, son, short):
        store.add(*pair)
    assert speaker_row(store, father)["speaker_id"] != speaker_row(store, son)["speaker_id"]
    assert speaker_row(store, short)["name"] == "Donald Trump Jr."


def test_different_first_names_never_merge(store):
    hillary = said_by("Hillary Clinton", "female", "Stronger together")
    bill = said_by("Bill Clinton", "male", "I feel your pain")
    store.add(*hillary)
    store.add(*bill)
    assert speaker_row(store, hillary)["speaker_id"] != speaker_row(store, bill)["speaker_id"]
    walker = said_by("George Walker Bush", "male", "Mission accomplished")
    george = said_by("George Bush", "male", "Read my lips")
    jeb = said_by("Jeb Bush", "male", "Please clap")
    for pair in (walker, george, jeb):
        store.add(*pair)
    assert speaker_row(store, walker)["speaker_id"] == speaker_row(store, george)["speaker_id"]
    assert speaker_row(store, jeb)["speaker_id"] != speaker_row(store, george)["speaker_id"]


def test_a_bare_surname_joins_the_full_name_that_holds_nearly_all_its_namesakes_quotes(store):
    for i in range(3):
        store.add(*said_by("Barnaby Quill", "male", f"Harbour line {i}"))
    store.add(*said_by("Odile Quill", "female", "The tide turns"))
    # Three quotes of four: no full name dominates yet, so the bare name is not guessed.
    early = article('"The dock is ours," Quill said.')
    store.add(early, quoted(early, "The dock is ours,", "Quill"))
    assert speaker_row(store, early)["name"] == "Quill"
    for i in range(3, 12):
        store.add(*said_by("Barnaby Quill", "male", f"Harbour line {i}"))
    # Twelve of thirteen quotes (92%): a bare "Quill" now means Barnaby Quill, and the bare
    # speaker made before joins him when the name is met again.
    later = article('"The cranes stay," Quill said.')
    store.add(later, quoted(later, "The cranes stay,", "Quill"))
    assert speaker_row(store, later)["name"] == "Barnaby Quill"
    assert speaker_row(store, early)["name"] == "Barnaby Quill"
    # Gender still decides first: "Mrs. Quill" is the one woman of the name, whoever dominates.
    mrs = said_by("Mrs. Quill", "female", "The tide is ours", honorific="Mrs.")
    store.add(*mrs)
    assert speaker_row(store, mrs)["name"] == "Odile Quill"
    counts = dict(store.connection.execute(
        "SELECT s.name, count(*) FROM quotes q JOIN speakers s USING (speaker_id) GROUP BY 1").fetchall())
    assert counts == {"Barnaby Quill": 14, "Odile Quill": 2}


def test_a_name_written_family_name_first_takes_its_first_word_as_the_surname(store):
    early = said_by("Mr. Pyon", "male", "The border will open", honorific="Mr.")
    store.add(*early)
    full = said_by("Pyon Dae-sung", "male", "The treaty holds")
    store.add(*full)
    later = said_by("Mr. Pyon", "male", "The talks go on", honorific="Mr.")
    store.add(*later)
    # The bare name made first joins the full name when it arrives, and a later one links to it.
    assert speaker_row(store, early)["name"] == speaker_row(store, later)["name"] == "Pyon Dae-sung"
    # A Western name keeps its last word as the surname: "Mr. Hart" is not Hart Selden.
    selden = said_by("Hart Selden", "male", "No comment")
    hart = said_by("Mr. Hart", "male", "Some comment", honorific="Mr.")
    store.add(*selden)
    store.add(*hart)
    assert speaker_row(store, hart)["name"] == "Mr. Hart"


def test_a_bare_surname_stays_apart_when_no_namesake_dominates(store):
    for i in range(10):
        store.add(*said_by("Barnaby Quill", "male", f"Harbour line {i}"))
    for i in range(3):
        store.add(*said_by("Odile Quill", "female", f"Tide line {i}"))
    bare = article('"The dock is ours," Quill said.')
    store.add(bare, quoted(bare, "The dock is ours,", "Quill"))
    # Ten of thirteen (77%) is not enough to tell who is meant.
    assert speaker_row(store, bare)["name"] == "Quill"


def test_a_transcript_label_in_capitals_takes_the_name_running_text_writes(store):
    label = article('WALLACE: "Are you running?"', 'TRUMP: "We will see."')
    store.add(label, quoted(label, "Are you running?", "WALLACE"))
    assert speaker_row(store, label)["name"] == "WALLACE"
    later = said_by("Wallace", "male", "No comment", honorific="Mr.")
    store.add(*later)
    first, second = speaker_row(store, label), speaker_row(store, later)
    assert first["speaker_id"] == second["speaker_id"]
    # The stored quote carries the new name too.
    assert (first["name"], first["speaker"]) == ("Wallace", "Wallace")
    # An organisation's capitals are its name: "NATO" stays "NATO".
    nato = article('"Ready," NATO said.')
    store.add(nato, quoted(nato, "Ready,", "NATO", kind="organization"))
    nato_later = article('"Still ready," Nato said.')
    store.add(nato_later, quoted(nato_later, "Still ready,", "Nato", kind="organization"))
    assert speaker_row(store, nato_later)["name"] == "NATO"


def test_a_first_name_and_its_short_form_are_one_person(store):
    formal = said_by("Edward G. Rendell", "male", "The state will pay")
    short = said_by("Ed Rendell", "male", "We pay later")
    for pair in (formal, short):
        store.add(*pair)
    assert speaker_row(store, short)["speaker_id"] == speaker_row(store, formal)["speaker_id"]
    # "Pat" is Patrick or Patricia: never the one the articles show is of another gender.
    patricia, pat = said_by("Patricia Toomey", "female", "No vote"), said_by("Pat Toomey", "male", "Yes vote")
    for pair in (patricia, pat):
        store.add(*pair)
    assert speaker_row(store, pat)["speaker_id"] != speaker_row(store, patricia)["speaker_id"]
    # With two full names it may be, "Chris" is neither, whichever of the three names' ids sorts first.
    full_names = [said_by("Christopher Vance", "male", "One"), said_by("Christine Vance", "female", "Two")]
    for pair in full_names:
        store.add(*pair)
    chris = article('"Three," Chris Vance said.')
    store.add(chris, quoted(chris, "Three,", "Chris Vance"))
    assert speaker_row(store, chris)["name"] == "Chris Vance"
    assert speaker_row(store, chris)["speaker_id"] not in {speaker_row(store, pair)["speaker_id"] for pair in full_names}


def interview(name: str, lines: list[str]) -> tuple[Article, ArticleResult]:
    """One article quoting ``name`` once per line."""
    art = article(*(f'"{line}," {name} said.' for line in lines), "Later he added nothing.")
    results = [quoted(art, f"{line},", name, "male", [("male", "pronoun", "he")]) for line in lines]
    return art, ArticleResult(id=art.id, quotes=[q for r in results for q in r.quotes], speakers=results[0].speakers)


def test_the_corpus_name_is_the_form_most_articles_use_not_the_most_quoted(store):
    # One long interview calls him "Tom Ashgrove" six times; four reports call him "Thomas Ashgrove" once each.
    store.add(*interview("Tom Ashgrove", ["The dam holds", "The spillway is clear", "We checked twice",
                                           "Rain is due", "The valley is safe", "Call us anytime"]))
    reports = [said_by("Thomas Ashgrove", "male", line) for line in ("Levels are falling", "No leak found",
                                                                      "Inspections continue", "The gates work")]
    for pair in reports:
        store.add(*pair)
    row = speaker_row(store, reports[0])
    assert row["name"] == "Thomas Ashgrove"
    (quotes,) = store.connection.execute("SELECT count(*) FROM quotes WHERE speaker_id = ?", [row["speaker_id"]]).fetchone()
    assert quotes == 10
    # As many articles for each form: the fuller one, though the short form has more quotes.
    store.add(*interview("Will Brackley", ["Fares stay", "Routes stay", "Staff stay"]))
    fuller = said_by("William Brackley", "male", "Timetables change")
    store.add(*fuller)
    assert speaker_row(store, fuller)["name"] == "William Brackley"


# -- curation through `whosaid speakers` ----------------------------------------------


def corpus() -> list[tuple[Article, ArticleResult]]:
    pairs = [said_by("Hillary Clinton", "female", f"Point {i} is ours") for i in range(3)]
    crooked = article('"Very sad," Crooked Hillary Clinton said, in his words.')
    pairs.append((crooked, quoted(crooked, "Very sad,", "Crooked Hillary Clinton", "female")))
    pairs += [said_by("Walter Hale", "male", "Numbers are up"), said_by("Hale", "male", "Numbers are down")]
    acme = article('"Profits fell," Acme said.')
    pairs.append((acme, quoted(acme, "Profits fell,", "Acme", kind="organization")))
    # An article that also calls Walter Hale "Hale": an alias read, never a registry alias.
    both = article('"Up again," Walter Hale said.', 'Hale smiled.')
    pairs.append((both, quoted(both, "Up again,", "Walter Hale", "male", aliases=("Hale",))))
    return pairs


def snapshot(path) -> tuple:
    with Store(path, read_only=True) as s:
        speakers = s.connection.execute(
            "SELECT speaker_id, name, kind, gender, registered FROM speakers ORDER BY speaker_id").fetchall()
        quotes = s.connection.execute(
            "SELECT quote_id, speaker_id, speaker, speaker_gender, speaker_kind FROM quotes ORDER BY quote_id").fetchall()
    return speakers, quotes


def speakers_cli(*args: str) -> int:
    return main(["speakers", *args])


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_merge_split_and_relabel_are_kept_in_the_registry_and_survive_a_rebuild(tmp_path, suffix, capsys):
    db, registry = str(tmp_path / "first.duckdb"), str(tmp_path / f"speakers{suffix}")
    pairs = corpus()
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("merge", "Crooked Hillary Clinton", "--into", "Hillary Clinton", "--db", db, "--speakers", registry) == 0
    assert speakers_cli("split", "Walter Hale", "--name", "Hale", "--db", db, "--speakers", registry) == 0
    assert speakers_cli("relabel", "Acme", "--name", "Acme Corp", "--db", db, "--speakers", registry) == 0
    assert speakers_cli("relabel", "Walter Hale", "--gender", "nonbinary", "--db", db, "--speakers", registry) == 0
    # Registered now, Walter Hale keeps "Hale" as an alias read in an article; it links no new quote.
    later = said_by("Hale", "male", "Numbers are flat")
    with Store(db) as s:
        s.add(*later)
        assert speaker_row(s, later)["name"] == "Hale"
    pairs.append(later)
    speakers, quotes = snapshot(db)
    by_name = {name: (sid, gender, registered) for sid, name, _, gender, registered in speakers}
    assert "Crooked Hillary Clinton" not in by_name and "Acme" not in by_name
    assert {"Hillary Clinton", "Walter Hale", "Hale", "Acme Corp"} <= set(by_name)
    assert by_name["Walter Hale"][1] == "nonbinary" and by_name["Hale"][1] == "male"
    hillary = by_name["Hillary Clinton"][0]
    assert sum(1 for q in quotes if q[1] == hillary) == 4
    assert all(q[2] == "Hillary Clinton" for q in quotes if q[1] == hillary)
    entries = {e.name: e for e in load_registry(registry)}
    assert "Crooked Hillary Clinton" in entries["Hillary Clinton"].aliases
    assert entries["Acme Corp"].kind == "organization" and "Acme" in entries["Acme Corp"].aliases

    rebuilt = str(tmp_path / "rebuilt.duckdb")
    with Store(rebuilt, speakers=registry) as s:
        for pair in pairs:
            s.add(*pair)
    assert snapshot(rebuilt) == (speakers, quotes)


def test_list_marks_registered_speakers_and_says_when_none_is_flagged(tmp_path, capsys):
    db, registry = str(tmp_path / "marks.duckdb"), str(tmp_path / "speakers.csv")
    with Store(db) as s:
        for pair in [said_by("Walter Hale", "male", "Up"), said_by("Dora Fenn", "female", "Down")]:
            s.add(*pair)
    assert speakers_cli("relabel", "Walter Hale", "--gender", "nonbinary", "--db", db, "--speakers", registry) == 0
    capsys.readouterr()
    assert speakers_cli("list", "--db", db) == 0
    rows = {line.split("│")[2].strip(): line for line in capsys.readouterr().out.splitlines() if line.count("│") > 3}
    assert "[registered]" in rows["Walter Hale [registered]"] and "Dora Fenn" in rows
    assert speakers_cli("list", "--db", db, "--flagged") == 0
    assert capsys.readouterr().out.strip() == f"{db}: no flagged speakers"


def test_a_registry_applied_to_a_filled_store_equals_a_rebuild_with_it(tmp_path):
    registry = tmp_path / "speakers.csv"
    registry.write_text("name,aliases,kind,gender\nHale,,person,\nHillary Clinton,Crooked Hillary Clinton,person,\n")
    later = tmp_path / "later.duckdb"
    with Store(later) as s:
        for pair in corpus():
            s.add(*pair)
        s.register_speakers(load_registry(registry))
    rebuilt = tmp_path / "rebuilt.duckdb"
    with Store(rebuilt, speakers=str(registry)) as s:
        for pair in corpus():
            s.add(*pair)
    assert snapshot(later) == snapshot(rebuilt)


def test_split_and_merge_explain_what_they_need(tmp_path, capsys):
    db, registry = str(tmp_path / "c.duckdb"), str(tmp_path / "speakers.csv")
    with Store(db) as s:
        for pair in corpus():
            s.add(*pair)
    assert speakers_cli("split", "Walter Hale", "--db", db, "--speakers", registry) == 1
    assert "'Walter Hale' (2); 'Hale' (1)" in capsys.readouterr().err
    assert speakers_cli("merge", "Nobody Here", "--into", "Hillary Clinton", "--db", db, "--speakers", registry) == 1
    assert "no speaker is called 'Nobody Here'" in capsys.readouterr().err


def test_list_flags_words_around_names_possessives_and_gender_conflicts(tmp_path, capsys):
    db = str(tmp_path / "flags.duckdb")
    pairs = corpus()
    rip = article('"Shameful," Rip Donald Trump said.', "Critics rip the plan and rip it again; a scandal, they said.")
    pairs.append((rip, quoted(rip, "Shameful,", "Rip Donald Trump", "male")))
    pairs.append(said_by("Donald Trump", "male", "We win"))
    scandal = article('"Shocking," Scandal said.', "The scandal grew, and scandal after scandal followed.")
    pairs.append((scandal, quoted(scandal, "Shocking,", "Scandal")))
    ban = article('"Peace now," Ban Ki-moon said.', "A ban on arms, and a ban on trade, followed.")
    pairs.append((ban, quoted(ban, "Peace now,", "Ban Ki-moon", "male")))
    possessive = article('"Fine," Trump\'s said.')
    pairs.append((possessive, quoted(possessive, "Fine,", "Trump's")))
    pairs += [said_by("Sam Okafor", "male", "First thing"), said_by("Sam Okafor", "female", "Second thing"),
              said_by("Sam Okafor", "male", "Third thing")]
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("list", "--db", db, "--flagged", "--json", "--limit", "0") == 0
    flagged = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert "another speaker's name with extra words: Hillary Clinton" in flagged["Crooked Hillary Clinton"]
    assert "common word 'Rip'" in flagged["Rip Donald Trump"]
    assert "common word 'Scandal'" in flagged["Scandal"]
    assert "possessive" in flagged["Trump's"]
    assert "gender conflict" in flagged["Sam Okafor"]
    # A common word that is not glued to anyone's name is a name.
    assert not {"Hillary Clinton", "Donald Trump", "Acme", "Ban Ki-moon"} & set(flagged)
    # Walter Hale's only flag: one of his articles calls him just "Hale".
    assert len(flagged["Walter Hale"]) == 1 and flagged["Walter Hale"][0].startswith("joined by surname only in article ")


def test_list_flags_organisation_names_shared_surnames_headline_names_and_thin_genders(tmp_path, capsys):
    db = str(tmp_path / "more-flags.duckdb")
    pairs = []
    # "Politico" is an outlet quoted as one; one article's parse made it a person.
    for line in ("Polls moved", "Turnout rose"):
        outlet = article(f'"{line}," Politico reported.')
        pairs.append((outlet, quoted(outlet, f"{line},", "Politico", kind="organization")))
    person = article('"Nobody knows," Politico said.')
    pairs.append((person, quoted(person, "Nobody knows,", "Politico")))
    poll = article('"Clinton leads," the Gallup Poll said.')
    pairs.append((poll, quoted(poll, "Clinton leads,", "Gallup Poll")))
    # A bare surname two full-named people share stays apart, and says whom it may be.
    pairs += [said_by("Walter Hale", "male", "Up"), said_by("Wendy Hale", "female", "Down")]
    bare = article('"Sideways," Hale said.')
    pairs.append((bare, quoted(bare, "Sideways,", "Hale")))
    # A headline's word before a surname makes a name no body writes.
    headline = Article(id="", text='Will Okafor Stay?\n\n"I am happy here," the striker said.')
    pairs.append((headline, quoted(headline, "I am happy here,", "Will Okafor", "male")))
    # One misread "she" in one article of five decides the gender: worth a look.
    lone = article('"We will see," Lindon Marsh said.', "Then she left.")
    pairs.append((lone, quoted(lone, "We will see,", "Lindon Marsh", "female", [("female", "pronoun", "she")])))
    for i in range(4):
        silent = article(f'"Line {i}," Lindon Marsh said.')
        pairs.append((silent, quoted(silent, f"Line {i},", "Lindon Marsh")))
    # "Joe Reyes" and "Joseph Reyes Jr." stay apart by the linking rules; never quoted together, they
    # may be one person. "Don Hart" and "Don Hart Jr." quoted in one article are two.
    pairs += [said_by("Joe Reyes", "male", "Alpha"), said_by("Joseph Reyes Jr.", "male", "Beta")]
    both = article('"Gamma," Don Hart said.', '"Delta," Don Hart Jr. said.')
    pairs.append((both, ArticleResult(id="", quotes=[*quoted(both, "Gamma,", "Don Hart").quotes,
                                                     *quoted(both, "Delta,", "Don Hart Jr.").quotes],
                                      speakers=[*quoted(both, "Gamma,", "Don Hart").speakers,
                                                *quoted(both, "Delta,", "Don Hart Jr.").speakers])))
    # Two articles that show it, with the rest silent, are no flag.
    pairs += [said_by("Dora Fenn", "female", "Yes"), said_by("Dora Fenn", "female", "No")]
    for i in range(3):
        silent = article(f'"Word {i}," Dora Fenn said.')
        pairs.append((silent, quoted(silent, f"Word {i},", "Dora Fenn")))
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("list", "--db", db, "--kind", "person", "--json", "--limit", "0") == 0
    flags = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert flags["Politico"] == ["an organisation's name: also the organisation 'Politico', quoted 2 times"]
    assert flags["Gallup Poll"] == ["an organisation's name: 'Poll' names a kind of body"]
    # "Hale" is also a first name: with no one Hale it can only mean, it is the speaker of its article alone.
    assert flags["Hale"] == ["a surname several people share: Walter Hale, Wendy Hale",
                             f"a given name alone: the speaker of article {article_id(bare.text)} only"]
    assert flags["Will Okafor"] == ["named only in headlines"]
    assert flags["Lindon Marsh"] == ["gender from one pronoun in 1 of 5 articles"]
    assert flags["Dora Fenn"] == [] and flags["Walter Hale"] == [] and flags["Wendy Hale"] == []
    assert flags["Joe Reyes"] == ["maybe the same person as Joseph Reyes Jr. (never quoted in one article)"]
    assert flags["Don Hart"] == [] and flags["Don Hart Jr."] == []


def test_list_flags_a_one_word_name_other_full_names_hold_and_a_word_before_an_organisation(tmp_path, capsys):
    db = str(tmp_path / "words.duckdb")
    pairs = [said_by("Nell Archer", "female", "North"), said_by("Nell Voss", "female", "South")]
    # An article that withholds her surname: which Nell, the corpus cannot say.
    nell = article('"East," said a guard known only as Nell.')
    pairs.append((nell, quoted(nell, "East,", "Nell", "female")))
    # A one-word name nobody else bears is no other person's name.
    pope = article('"Peace to all," Pope Severin said.')
    pairs.append((pope, quoted(pope, "Peace to all,", "Severin", "male")))
    # An adjective glued to a party's acronym made a "person".
    for line in ("We won", "We lead"):
        party = article(f'"{line}," the NRP said.')
        pairs.append((party, quoted(party, f"{line},", "NRP", kind="organization")))
    glued = article('"We stay," the Eurosceptic NRP said.')
    pairs.append((glued, quoted(glued, "We stay,", "Eurosceptic NRP")))
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("list", "--db", db, "--kind", "person", "--json", "--limit", "0") == 0
    flags = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert flags["Nell"] == ["a name other people's full names hold: Nell Archer, Nell Voss",
                             f"a given name alone: the speaker of article {article_id(nell.text)} only"]
    # "Severin" is also a given name: its article's speaker alone, but no one else's name holds it.
    assert flags["Severin"] == [f"a given name alone: the speaker of article {article_id(pope.text)} only"]
    assert flags["Nell Archer"] == []
    assert "a word before an organisation's name: 'Eurosceptic' before 'NRP'" in flags["Eurosceptic NRP"]


def test_list_flags_a_name_cut_short_beside_the_full_name_in_one_article(tmp_path, capsys):
    db = str(tmp_path / "cut.duckdb")
    # One article's linking kept "Pierre Lamy" and "Lamy" apart from "Jean-Pierre Lamy".
    both = article('"The tram comes first," said Jean-Pierre Lamy.', '"Buses can wait," Pierre Lamy said.',
                   '"We vote in May," Lamy said.')
    results = [quoted(both, "The tram comes first,", "Jean-Pierre Lamy"),
               quoted(both, "Buses can wait,", "Pierre Lamy"), quoted(both, "We vote in May,", "Lamy")]
    # A shorter name in another article only is no flag: two articles may name two people.
    other = article('"Rents are too high," Ines Moreau said.')
    longer = article('"Rents are fair," Marie Ines Moreau said.')
    with Store(db) as s:
        s.add(both, ArticleResult(id="", quotes=[q for r in results for q in r.quotes],
                                  speakers=[p for r in results for p in r.speakers]))
        s.add(other, quoted(other, "Rents are too high,", "Ines Moreau"))
        s.add(longer, quoted(longer, "Rents are fair,", "Marie Ines Moreau"))
    assert speakers_cli("list", "--db", db, "--kind", "person", "--json", "--limit", "0") == 0
    flags = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    cut = f"the end of a name another speaker of its article has: Jean-Pierre Lamy (article {article_id(both.text)})"
    assert cut in flags["Pierre Lamy"] and cut in flags["Lamy"]
    assert not any(f.startswith("the end of a name") for f in flags["Jean-Pierre Lamy"])
    assert not any(f.startswith("the end of a name") for f in flags["Ines Moreau"])


# -- the dashboard: evidence linked to its article and paragraph ------------------------


def test_speaker_page_links_each_piece_of_evidence_to_its_article_paragraph(tmp_path):
    from fastapi.testclient import TestClient

    from whosaid.serve import create_app

    db = tmp_path / "dash.duckdb"
    against = said_by("Dana Reyes", "male", "The plan is dead")
    pairs = [against] + [said_by("Dana Reyes", "female", f"Point {i} stands", honorific="Ms.") for i in range(2)]
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
        sid = speaker_row(s, against)["speaker_id"]
    with TestClient(create_app(str(db), read_only=True), base_url="http://localhost") as client:
        data = client.get(f"/api/speakers/{sid}").json()
        assert data["gender"] == "female" and data["gender_summary"] == "female in 2 articles, male in 1"
        assert data["gender_conflict"] and (data["evidence_total"], data["evidence_articles"]) == (3, 3)
        first = data["evidence"][0]  # what goes against the gender comes first
        assert (first["label"], first["kind"], first["text"], first["paragraph"]) == ("male", "pronoun", "he", 3)
        assert first["link"] == f"/articles/{article_id(against[0].text)}#p-3"
        page = client.get(f"/speakers/{sid}").text
        for item in data["evidence"]:
            assert f'href="{item["link"]}"' in page
        article_page = client.get(first["link"].split("#")[0]).text
        # The anchor holds the paragraph the evidence came from.
        anchored = re.search(r'<span class="para" id="p-3">(.*?)</span>', article_page, re.S).group(1)
        assert "Later he added nothing." in anchored
        assert article_page.count('class="para"') == against[0].text.count("\n\n") + 1


def test_paragraph_anchors_count_as_the_evidence_does():
    from whosaid.context import Paragraphs
    from whosaid.serve.highlight import paragraph_starts

    text = "Head\n\nOne\n \nTwo\n\n\n\nThree"
    assert [Paragraphs(text).number(start) for start in paragraph_starts(text)] == [1, 2, 3, 4]
    assert [text[s:].split("\n")[0] for s in paragraph_starts(text)] == ["Head", "One", "Two", "Three"]


def test_a_registered_surname_does_not_take_an_honorific_of_the_other_gender(tmp_path):
    registry = tmp_path / "speakers.csv"
    registry.write_text("name,aliases,kind,gender\nHillary Clinton,Clinton,person,female\n")
    with Store(tmp_path / "r.duckdb", speakers=str(registry)) as s:
        plain = said_by("Clinton", "female", "We are stronger")
        mrs = said_by("Mrs. Clinton", "female", "Together we win", honorific="Mrs.")
        mr = said_by("Mr. Clinton", "male", "I did not", honorific="Mr.")
        for pair in (plain, mrs, mr):
            s.add(*pair)
        assert speaker_row(s, plain)["name"] == speaker_row(s, mrs)["name"] == "Hillary Clinton"
        assert speaker_row(s, mr)["name"] == "Mr. Clinton"


def test_a_name_garbled_by_a_wrong_decoding_is_stored_repaired_and_joins_its_clean_spelling(store):
    garbled = "Am\u00c3\u00a9lie Ch\u00c3\u00a2teau"  # "Amélie Château" decoded as Latin-1
    art = article(f'"We agreed," {garbled} said.')
    store.add(art, quoted(art, "We agreed,", garbled))
    row = speaker_row(store, art)
    assert row["name"] == "Amélie Château" and row["speaker"] == "Amélie Château"
    # The article keeps its text and offsets as read.
    stored = store.connection.execute("SELECT text FROM articles WHERE article_id = ?", [article_id(art.text)]).fetchone()[0]
    assert garbled in stored
    # Text a parse keeps decomposed ("A" + a combining tilde) is repaired alike.
    decomposed = unicodedata.normalize("NFD", garbled)
    again = article(f'"We agreed again," {decomposed} said.')
    store.add(again, quoted(again, "We agreed again,", decomposed))
    assert speaker_row(store, again)["speaker_id"] == row["speaker_id"]
    clean = article('"We meet again," Amelie Chateau said.')
    store.add(clean, quoted(clean, "We meet again,", "Amelie Chateau"))
    assert speaker_row(store, clean)["speaker_id"] == row["speaker_id"]


def test_list_flags_common_word_names_punctuation_and_garbled_characters(tmp_path, capsys):
    db = str(tmp_path / "name-flags.duckdb")
    pairs = corpus()
    watch = article('"Enough," Harbour Wing Watch said.', "The harbour wing is on watch at the harbour, the wing said; the watch goes on.")
    pairs.append((watch, quoted(watch, "Enough,", "Harbour Wing Watch")))
    colon = article('"Fees must fall," Maren Holt: Saying said.', "Saying so, saying it twice.")
    pairs.append((colon, quoted(colon, "Fees must fall,", "Maren Holt: Saying")))
    dash = article('"Later," -Edda Brun said.')
    pairs.append((dash, quoted(dash, "Later,", "-Edda Brun")))
    cut = article('"Yes," Stefan K\u00c3 said.')
    pairs.append((cut, quoted(cut, "Yes,", "Stefan K\u00c3")))
    twice = article('"No," Pedro Jes\u00c3\u00c2os said.')
    pairs.append((twice, quoted(twice, "No,", "Pedro Jes\u00c3\u00c2os")))
    inner = article('"Later," Luis Jes\u00c3os said.')
    pairs.append((inner, quoted(inner, "Later,", "Luis Jes\u00c3os")))
    accents = article('"No," Amélie Château said.', "Amélie Château left.")
    pairs.append((accents, quoted(accents, "No,", "Amélie Château", "female")))
    # Stored repaired, the name is still the one the body writes (garbled): not "named only in headlines".
    repaired = article('"Fine," Ren\u00c3\u00a9e Ol\u00c3\u00a9n said.')
    pairs.append((repaired, quoted(repaired, "Fine,", "Ren\u00c3\u00a9e Ol\u00c3\u00a9n")))
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("list", "--db", db, "--flagged", "--json", "--limit", "0") == 0
    flagged = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert "all words common" in flagged["Harbour Wing Watch"]
    assert "punctuation in the name" in flagged["Maren Holt: Saying"]
    assert "punctuation in the name" in flagged["-Edda Brun"]
    assert "garbled characters" in flagged["Stefan K\u00c3"]
    assert "garbled characters" in flagged["Pedro Jes\u00c3\u00c2os"]
    assert "garbled characters" in flagged["Luis Jes\u00c3os"]
    # Accents are no garbling; a name of words that are also names is no "all words common".
    assert not {"Amélie Château", "Renée Olén", "Hillary Clinton"} & set(flagged)
    assert len(flagged["Walter Hale"]) == 1 and flagged["Walter Hale"][0].startswith("joined by surname only in article ")


def test_a_name_with_accents_decomposed_is_kept_as_its_articles_write_it(store):
    decomposed = unicodedata.normalize("NFD", "Inés Peña")
    art = article(f'"Agreed," {decomposed} said.')
    store.add(art, quoted(art, "Agreed,", decomposed))
    # No repair to make: the stored name is the article's own spelling, so its body still writes it.
    assert speaker_row(store, art)["name"] == decomposed


def test_list_flags_a_full_name_joined_by_surname_only(tmp_path, capsys):
    db = str(tmp_path / "joined.duckdb")
    full = said_by("Olivia Grant", "female", "The cranes arrive in May")
    label = article('GRANT: "The ship was held up at sea."', 'HOST: "Thank you."')
    plain = said_by("Tomas Weir", "male", "The quay stays open")
    with Store(db) as s:
        for pair in [full, (label, quoted(label, "The ship was held up at sea.", "GRANT")), plain]:
            s.add(*pair)
    capsys.readouterr()
    assert speakers_cli("list", "--db", db, "--json") == 0
    rows = {row["name"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["Olivia Grant"]["articles"] == 2, "the label joined the full name"
    joined = [f for f in rows["Olivia Grant"]["flags"] if f.startswith("joined by surname only")]
    assert joined == [f"joined by surname only in article {article_id(label.text)}"]
    assert not any(f.startswith("joined by surname") for f in rows["Tomas Weir"]["flags"])


def test_an_organisation_relabelled_a_person_by_name_keeps_its_quotes_in_the_store_the_registry_and_a_rebuild(tmp_path):
    # A one-word name: an organisation's and a person's reading of it share no words beyond it.
    db, registry = str(tmp_path / "label.duckdb"), str(tmp_path / "speakers.csv")
    pairs = []
    for i in range(2):
        art = article(f'"Question {i} stands," MODERATOR said.')
        pairs.append((art, quoted(art, f"Question {i} stands,", "MODERATOR", kind="organization")))
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("relabel", "moderator", "--kind", "person", "--db", db, "--speakers", registry) == 0
    speakers, quotes = snapshot(db)
    assert [(name, kind, registered) for _, name, kind, _, registered in speakers] == [("MODERATOR", "person", True)]
    assert {q[1] for q in quotes} == {speakers[0][0]} and len(quotes) == 2
    # Asked again, by name or by id, nothing moves and the registry keeps one row for the speaker.
    assert speakers_cli("relabel", "MODERATOR", "--kind", "person", "--db", db, "--speakers", registry) == 0
    assert speakers_cli("relabel", speakers[0][0], "--kind", "person", "--db", db, "--speakers", registry) == 0
    assert snapshot(db) == (speakers, quotes)
    assert [(e.name, e.kind) for e in load_registry(registry)] == [("MODERATOR", "person")]
    rebuilt = str(tmp_path / "rebuilt.duckdb")
    with Store(rebuilt, speakers=registry) as s:
        for pair in pairs:
            s.add(*pair)
    assert snapshot(rebuilt) == (speakers, quotes)


def test_relabel_keeps_one_registry_row_when_the_registry_already_names_the_new_speaker(tmp_path):
    db, registry = tmp_path / "stale.duckdb", tmp_path / "speakers.csv"
    art = article('"Nothing to add," Desk Nine said.')
    with Store(str(db)) as s:
        s.add(art, quoted(art, "Nothing to add,", "Desk Nine", kind="organization"))
    registry.write_text("name,aliases,kind,gender,role\nDesk Nine,,person,,\n")
    sid = snapshot(str(db))[0][0][0]
    assert speakers_cli("relabel", sid, "--kind", "person", "--gender", "female", "--db", str(db), "--speakers", str(registry)) == 0
    assert [(e.name, e.kind, e.gender) for e in load_registry(registry)] == [("Desk Nine", "person", "female")]
    speakers, quotes = snapshot(str(db))
    assert [(name, kind, gender) for _, name, kind, gender, _ in speakers] == [("Desk Nine", "person", "female")]
    assert quotes[0][1] == speakers[0][0]


def test_relabel_by_a_name_two_speakers_share_asks_for_the_id(tmp_path, capsys):
    db, registry = str(tmp_path / "two.duckdb"), str(tmp_path / "speakers.csv")
    person, organisation = article('"Yes," Tarn said.'), article('"No," Tarn said in a statement.')
    with Store(db) as s:
        s.add(person, quoted(person, "Yes,", "Tarn"))
        s.add(organisation, quoted(organisation, "No,", "Tarn", kind="organization"))
    assert speakers_cli("relabel", "Tarn", "--kind", "group", "--db", db, "--speakers", registry) == 1
    assert "several speakers are called 'Tarn'" in capsys.readouterr().err


def test_first_name_evidence_links_to_the_paragraph_that_first_names_the_person(tmp_path):
    from fastapi.testclient import TestClient

    from whosaid.serve import create_app

    text = ("Orchard reopens\n\nThe orchard on the hill reopened on Saturday.\n\n"
            '"We kept every tree," Marta Quell said.\n\nQuell planted the first rows in 1998.')
    start = text.index("We kept")
    quote = Quote(content=((start, start + len("We kept every tree,")),), source=(), cue=(), kind="direct",
                  speaker="Marta Quell", speaker_kind="person", text="We kept every tree,", gender="female")
    person = Speaker(name="Marta Quell", kind="person", gender="female", quoted=True,
                     gender_evidence=(Evidence("female", "first name", "Marta", "0.97 female", 0.5),))
    db = tmp_path / "first.duckdb"
    with Store(db) as s:
        s.add(Article(id="orchard", text=text), ArticleResult(id="orchard", quotes=[quote], speakers=[person]))
        sid = s.connection.execute("SELECT speaker_id FROM speakers").fetchone()[0]
    with TestClient(create_app(str(db), read_only=True), base_url="http://localhost") as client:
        piece = client.get(f"/api/speakers/{sid}").json()["evidence"][0]
    assert (piece["kind"], piece["paragraph"]) == ("first name", None)
    assert piece["link"] == f"/articles/{article_id(text)}#p-3"


def test_a_split_decides_both_speakers_genders_again_from_the_quotes_they_now_hold(tmp_path):
    """A wife wrongly merged into her husband's name: splitting her off gives her own quotes' gender back
    to her, his to him, and a rebuild with the registry agrees."""
    db, registry = str(tmp_path / "first.duckdb"), str(tmp_path / "speakers.csv")
    pairs = [said_by("Sam Penrose", "male", f"Fares must rise by {n}") for n in (2, 3)]
    pairs += [said_by("Mrs. Penrose", "female", f"Fares hurt families on day {n}", honorific="Mrs.") for n in (1, 2, 3)]
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("merge", "Mrs. Penrose", "--into", "Sam Penrose", "--db", db, "--speakers", registry) == 0
    with Store(db) as s:
        assert speaker_row(s, pairs[0])["gender"] == "female"  # three honorifics outweigh two pronouns
    assert speakers_cli("split", "Sam Penrose", "--name", "Mrs. Penrose", "--db", db, "--speakers", registry) == 0
    with Store(db) as s:
        husband, wife = speaker_row(s, pairs[0]), speaker_row(s, pairs[-1])
    assert (husband["name"], husband["gender"], husband["speaker_gender"]) == ("Sam Penrose", "male", "male")
    assert (wife["name"], wife["gender"], wife["speaker_gender"]) == ("Mrs. Penrose", "female", "female")
    assert "male" not in wife["gender_summary"].replace("female", "")

    rebuilt = str(tmp_path / "rebuilt.duckdb")
    with Store(rebuilt, speakers=registry) as s:
        for pair in pairs:
            s.add(*pair)
    assert snapshot(rebuilt) == snapshot(db)


def test_a_name_that_differs_only_by_an_honorific_is_parted_by_the_gender_split_points_to(tmp_path, capsys):
    """Mr. and Mrs. Penrose both link to a registered "Penrose": splitting "Mrs. Penrose" off is no split
    of names, and the message names the relabel that parts them; after it each holds their own quotes' gender."""
    db, registry = str(tmp_path / "c.duckdb"), tmp_path / "speakers.csv"
    registry.write_text("name,aliases,kind,gender\nPenrose,,person,\n")
    mr = said_by("Mr. Penrose", "male", "The shop stays open", honorific="Mr.")
    mrs = said_by("Mrs. Penrose", "female", "Fares hurt families", honorific="Mrs.")
    with Store(db, speakers=str(registry)) as s:
        for pair in (mr, mrs):
            s.add(*pair)
        assert speaker_row(s, mr)["speaker_id"] == speaker_row(s, mrs)["speaker_id"]
    assert speakers_cli("split", "Penrose", "--name", "Mrs. Penrose", "--db", db, "--speakers", str(registry)) == 1
    assert "`whosaid speakers relabel 'Penrose' --gender male`" in capsys.readouterr().err
    assert speakers_cli("relabel", "Penrose", "--gender", "male", "--db", db, "--speakers", str(registry)) == 0
    with Store(db) as s:
        husband, wife = speaker_row(s, mr), speaker_row(s, mrs)
    assert (husband["name"], husband["gender"]) == ("Penrose", "male")
    assert (wife["name"], wife["gender"], wife["speaker_gender"]) == ("Mrs. Penrose", "female", "female")


# -- middle initials ----------------------------------------------------------------


def initialled_corpus() -> list[tuple[Article, ArticleResult]]:
    return [said_by("Tomas J. Brenner", "male", "The bridge reopens in May"),
            said_by("Tomas L. Brenner", "male", "Lessons start at nine"),
            said_by("Tomas Brenner", "male", "The barley is late")]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_different_middle_initials_are_two_people_and_a_name_without_one_is_flagged(tmp_path, order, capsys):
    db = str(tmp_path / "initials.duckdb")
    pairs = initialled_corpus()
    with Store(db) as s:
        for i in order:
            s.add(*pairs[i])
        names = [speaker_row(s, pair)["name"] for pair in pairs]
    assert names == ["Tomas J. Brenner", "Tomas L. Brenner", "Tomas Brenner"]
    capsys.readouterr()
    assert speakers_cli("list", "--db", db, "--flagged", "--json") == 0
    flagged = {row["name"]: row["flags"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert flagged == {"Tomas Brenner": ["one of several people with middle initials: Tomas J. Brenner, Tomas L. Brenner"]}


def test_a_name_without_the_initial_joins_the_one_initialled_namesake(store):
    formal, plain = said_by("Ingrid M. Solberg", "female", "Fares rise"), said_by("Ingrid Solberg", "female", "Fares fall")
    store.add(*plain)
    store.add(*formal)
    assert speaker_row(store, plain)["speaker_id"] == speaker_row(store, formal)["speaker_id"]
    assert speaker_row(store, plain)["name"] == "Ingrid M. Solberg"


def test_split_parts_a_merged_initialled_name_and_a_rebuild_keeps_it(tmp_path, capsys):
    db, registry = str(tmp_path / "split.duckdb"), str(tmp_path / "speakers.csv")
    pairs = initialled_corpus()
    with Store(db) as s:
        for pair in pairs:
            s.add(*pair)
    assert speakers_cli("merge", "Tomas J. Brenner", "--into", "Tomas L. Brenner", "--db", db, "--speakers", registry) == 0
    capsys.readouterr()
    assert speakers_cli("list", "--db", db, "--flagged", "--json") == 0
    flags = [f for row in map(json.loads, capsys.readouterr().out.splitlines()) for f in row["flags"]]
    assert "different middle initials in its articles: Tomas J. Brenner, Tomas L. Brenner" in flags
    assert speakers_cli("split", "Tomas L. Brenner", "--name", "Tomas J. Brenner", "--db", db, "--speakers", registry) == 0
    with Store(db, read_only=True) as s:
        assert [speaker_row(s, pair)["name"] for pair in pairs[:2]] == ["Tomas J. Brenner", "Tomas L. Brenner"]
    rebuilt = str(tmp_path / "rebuilt.duckdb")
    with Store(rebuilt, speakers=registry) as s:
        for pair in pairs:
            s.add(*pair)
    assert snapshot(rebuilt) == snapshot(db)


def test_an_honorific_namesake_is_still_no_name_to_split_off(tmp_path, capsys):
    db, registry = str(tmp_path / "hon.duckdb"), str(tmp_path / "speakers.csv")
    registry_path = tmp_path / "speakers.csv"
    registry_path.write_text("name,aliases,kind,gender\nWhitcombe,,person,\n")
    with Store(db, speakers=registry) as s:
        for pair in (said_by("Whitcombe", "female", "Yes", honorific="Mrs."), said_by("Whitcombe", "male", "No", honorific="Mr.")):
            s.add(*pair)
    capsys.readouterr()
    assert speakers_cli("split", "Whitcombe", "--name", "Mrs. Whitcombe", "--db", db, "--speakers", registry) == 1
    assert "itself is named" in capsys.readouterr().err


def test_a_speaker_page_address_still_leads_to_the_speaker_after_a_rename_or_a_merge(tmp_path):
    from fastapi.testclient import TestClient

    from whosaid.serve import create_app

    db, registry = tmp_path / "moved.duckdb", str(tmp_path / "speakers.csv")
    with Store(db) as s:
        for pair in (said_by("Dan Okoye", "male", "The pier stays open"), said_by("Marta Lind", "female", "Fares rise in May"),
                     said_by("M. Lind", "female", "We will publish the figures")):
            s.add(*pair)
        ids = {row[0]: row[1] for row in s.connection.execute("SELECT name, speaker_id FROM speakers").fetchall()}
    assert speakers_cli("relabel", "Dan Okoye", "--name", "Daniel Okoye", "--db", str(db), "--speakers", registry) == 0
    assert speakers_cli("merge", "M. Lind", "--into", "Marta Lind", "--db", str(db), "--speakers", registry) == 0
    with Store(db) as s:
        now = {row[0]: row[1] for row in s.connection.execute("SELECT name, speaker_id FROM speakers").fetchall()}
    assert ids["Dan Okoye"] not in now.values() and ids["M. Lind"] not in now.values()
    with TestClient(create_app(str(db), read_only=True), base_url="http://localhost") as client:
        moved = client.get(f"/speakers/{ids['Dan Okoye']}?act=all", follow_redirects=False)
        assert moved.status_code == 307
        assert moved.headers["location"] == f"/speakers/{now['Daniel Okoye']}?act=all"
        assert "Daniel Okoye" in client.get(f"/speakers/{ids['Dan Okoye']}").text
        assert client.get(f"/speakers/{ids['M. Lind']}", follow_redirects=False).headers["location"] == (
            f"/speakers/{now['Marta Lind']}")
        # An id no name of the store was made from is still not found.
        assert client.get("/speakers/0123456789abcdef", follow_redirects=False).status_code == 404
