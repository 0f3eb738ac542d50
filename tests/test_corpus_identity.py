"""Corpus speakers are a function of the corpus: the same articles in any order or batches give the same speakers.

Small corpora written for these tests, with the per-article results the
engine would give; see ``test_corpus_speakers.py`` for the helpers.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from whosaid.commands.stats import read_store
from whosaid.store import Store, is_current, open_current
from whosaid.store.gender import ArticleVote, GenderTally
from whosaid.store.curate import flag_speakers, speaker_rows
from whosaid.store.names import article_id
from whosaid.store.registry import RegisteredSpeaker

from .test_corpus_speakers import article, interview, quoted, said_by, speaker_row


def bare(name: str, line: str, gender: str = "unknown") -> tuple:
    """An article quoting a one-word name; with a gender, a pronoun shows it."""
    if gender == "unknown":
        art = article(f'"{line}," {name} said.')
        return art, quoted(art, f"{line},", name)
    pronoun = {"female": "she", "male": "he"}[gender]
    art = article(f'"{line}," {name} said.', f"Later {pronoun} left.")
    return art, quoted(art, f"{line},", name, gender, [(gender, "pronoun", pronoun)])


def mixed_corpus() -> list[tuple]:
    """Full names, namesakes near the dominance threshold, bare surnames, Mr./Mrs., given names alone,
    a short form, a transcript label and organisations."""
    pairs = [said_by("Barnaby Quill", "male", f"Harbour line {i}") for i in range(9)]
    pairs += [said_by("Odile Quill", "female", "The tide turns")]
    pairs += [bare("Quill", f"The dock is ours {i}") for i in range(3)]
    pairs += [said_by("Mrs. Quill", "female", "The tide is ours", honorific="Mrs.")]
    pairs += [said_by("Edward G. Rendell", "male", "The state will pay"), said_by("Ed Rendell", "male", "Later")]
    pairs += [bare("Rendell", "We pay now", "male")]
    # A short form one long interview quotes more often than the full name two reports write.
    pairs += [interview("Dan Kestrel", ["The kiln is hot", "The glaze is set", "Firing starts at noon"])]
    pairs += [said_by("Daniel Kestrel", "male", f"The pottery reopens {i}") for i in range(2)]
    pairs += [bare("Bob", "The fence is down"), bare("Bob", "The fence is up", "male"), said_by("Bob Corker", "male", "No")]
    label = article('CORKER: "Are you running?"')
    pairs.append((label, quoted(label, "Are you running?", "CORKER")))
    # A full name one article's NER read as an organisation's.
    pairs += [said_by("Ada Wren", "female", f"The bridge opens {i}") for i in range(2)]
    misread = article('"The bridge is late," Ada Wren said.')
    pairs.append((misread, quoted(misread, "The bridge is late,", "Ada Wren", kind="organization")))
    for line in ("Ready", "Still ready"):
        org = article(f'"{line}," NATO said.')
        pairs.append((org, quoted(org, f"{line},", "NATO" if line == "Ready" else "Nato", kind="organization")))
    # An ungendered bare surname beside a woman's of the name and the one full-named man; bare surnames of
    # both genders and of none, with no full name.
    pairs += [said_by("Tobias Quarmby", "male", "The mill stays open"), bare("Quarmby", "The mill will close", "female"),
              bare("Quarmby", "Nobody knows yet")]
    pairs += [bare("Vantre", "Safe", "female"), bare("Vantre", "Not safe", "male"), bare("Vantre", "Who knows")]
    return pairs


def speakers_table(store: Store) -> list[tuple]:
    """What a user reads: every speaker with its name, kind, gender, quotes and articles, and each quote's speaker."""
    speakers = store.connection.execute(
        """SELECT s.speaker_id, s.name, s.kind, s.gender, s.gender_summary, s.role, s.only_article,
                  count(q.quote_id), count(DISTINCT q.article_id)
           FROM speakers s LEFT JOIN quotes q USING (speaker_id) GROUP BY ALL ORDER BY ALL"""
    ).fetchall()
    quotes = store.connection.execute(
        "SELECT quote_id, speaker_id, speaker, speaker_gender FROM quotes ORDER BY quote_id").fetchall()
    aliases = store.connection.execute("SELECT * FROM speaker_aliases ORDER BY ALL").fetchall()
    return [speakers, quotes, aliases]


def ingest(path, pairs, batches=(), registry=None, unlinked=()) -> list[tuple]:
    """Store ``pairs`` in batches cut at the ``batches`` positions, those numbered in ``unlinked`` without
    linking their speakers; the speakers table after the last batch (and a ``link()``)."""
    cuts = [0, *sorted(set(batches)), len(pairs)]
    with Store(path, speakers=registry) as store:
        for number, (start, end) in enumerate(itertools.pairwise(cuts)):
            if end > start:
                store.add_many(pairs[start:end], link=number not in unlinked)
        store.link()
        return speakers_table(store)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(mixed_corpus()))), cuts=st.lists(st.integers(0, len(mixed_corpus())), max_size=4))
def test_any_order_and_any_batches_give_the_same_speakers(tmp_path_factory, order, cuts):
    pairs = mixed_corpus()
    folder = tmp_path_factory.mktemp("order")
    expected = ingest(folder / "one.duckdb", pairs)
    assert ingest(folder / "shuffled.duckdb", [pairs[i] for i in order], cuts) == expected


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(mixed_corpus()))), cuts=st.lists(st.integers(0, len(mixed_corpus())), max_size=5),
       unlinked=st.sets(st.integers(0, 5)))
def test_linking_now_and_then_gives_the_speakers_of_linking_every_batch(tmp_path_factory, order, cuts, unlinked):
    pairs = mixed_corpus()
    folder = tmp_path_factory.mktemp("deferred")
    expected = ingest(folder / "one.duckdb", pairs)
    assert ingest(folder / "deferred.duckdb", [pairs[i] for i in order], cuts, unlinked=unlinked) == expected


def stopped_before_linking(path, pairs) -> None:
    with Store(path) as store:
        store.add_many(pairs[:10])
        store.add_many(pairs[10:], link=False)  # the run is killed before it links these


def test_articles_left_unlinked_by_a_stopped_run_are_linked_when_the_store_is_next_opened(tmp_path):
    pairs = mixed_corpus()
    expected = ingest(tmp_path / "one.duckdb", pairs)
    path = tmp_path / "stopped.duckdb"
    stopped_before_linking(path, pairs)
    with Store(path, read_only=True) as store:
        waiting = store.connection.execute(
            "SELECT count(*) FROM quotes WHERE mention_id IS NOT NULL AND speaker_id IS NULL").fetchone()[0]
        assert waiting > 0 and not is_current(store.connection)
    with open_current(path) as store:  # what export, stats and the dashboard open
        assert speakers_table(store) == expected
        assert is_current(store.connection)
    with Store(path) as store:
        assert speakers_table(store) == expected
    # `whosaid stats` reads the store as linked too.
    stopped_before_linking(tmp_path / "for-stats.duckdb", pairs)
    rows = list(read_store(str(tmp_path / "for-stats.duckdb")))
    with Store(tmp_path / "one.duckdb", read_only=True) as store:
        named = store.connection.execute("SELECT count(*) FROM quotes WHERE speaker_id IS NOT NULL").fetchone()[0]
    assert sum(1 for row in rows if row.speaker is not None) == named > 0


def test_reversed_and_one_by_one_give_the_speakers_of_one_batch(tmp_path):
    pairs = mixed_corpus()
    expected = ingest(tmp_path / "one.duckdb", pairs)
    assert ingest(tmp_path / "reversed.duckdb", pairs[::-1], range(len(pairs))) == expected
    # A run stopped half way and resumed is two batches.
    assert ingest(tmp_path / "resumed.duckdb", pairs, [len(pairs) // 2]) == expected
    names = {row[1] for row in expected[0]}
    assert {"Barnaby Quill", "Odile Quill", "Edward G. Rendell", "Daniel Kestrel", "Bob Corker", "NATO"} <= names
    assert "Dan Kestrel" not in names
    # (name, gender, quotes) of the bare surnames: the woman "Quarmby" stays apart from Tobias, who takes the
    # ungendered one; "Vantre" is a woman and a man, and the ungendered one is neither.
    bare_names = sorted((row[1], row[3], row[7]) for row in expected[0] if row[1] in ("Quarmby", "Vantre", "Tobias Quarmby"))
    assert bare_names == [("Quarmby", "female", 1), ("Tobias Quarmby", "male", 2),
                          ("Vantre", "female", 1), ("Vantre", "male", 1), ("Vantre", "unknown", 1)]


def test_a_share_crossing_the_threshold_moves_the_join_both_ways(tmp_path):
    with Store(tmp_path / "corpus.duckdb") as store:
        for i in range(3):
            store.add(*said_by("Barnaby Quill", "male", f"Harbour line {i}"))
        store.add(*said_by("Odile Quill", "female", "The tide turns"))
        early = bare("Quill", "The dock is ours")
        store.add(*early)
        assert speaker_row(store, early)["name"] == "Quill"
        # Later batches bring only Barnaby's quotes: 12 of 13 (92%), and the bare name made before joins him
        # without being met again.
        store.add_many([said_by("Barnaby Quill", "male", f"Harbour line {i}") for i in range(3, 12)])
        assert speaker_row(store, early)["name"] == "Barnaby Quill"
        assert store.connection.execute("SELECT count(*) FROM speakers WHERE name = 'Quill'").fetchone() == (0,)
        # Odile is quoted more: 12 of 16 (75%), and the join is undone.
        store.add_many([said_by("Odile Quill", "female", f"Tide line {i}") for i in range(3)])
        row = speaker_row(store, early)
        assert (row["name"], row["speaker"]) == ("Quill", "Quill")
        counts = dict(store.connection.execute(
            "SELECT speaker, count(*) FROM quotes GROUP BY 1").fetchall())
        assert counts == {"Barnaby Quill": 12, "Odile Quill": 4, "Quill": 1}


def test_a_role_leaves_a_speaker_with_the_quotes_that_gave_it(tmp_path):
    early = bare("Quill", "The dock is ours")
    early[1].quotes[0].role = early[1].speakers[0].role = "harbourmaster"
    role = lambda store, name: store.connection.execute(  # noqa: E731
        "SELECT role FROM speakers WHERE name = ?", [name]).fetchone()[0]
    with Store(tmp_path / "corpus.duckdb") as store:
        store.add_many([said_by("Barnaby Quill", "male", f"Harbour line {i}") for i in range(12)])
        store.add_many([said_by("Odile Quill", "female", "The tide turns"), early])
        # The bare name joins Barnaby (12 of 13 Quill quotes) and brings its role.
        assert speaker_row(store, early)["name"] == "Barnaby Quill" and role(store, "Barnaby Quill") == "harbourmaster"
        store.add_many([said_by("Odile Quill", "female", f"Tide line {i}") for i in range(3)])
        # Odile's quotes undo the join: the role goes with the quote, none of Barnaby's gives one.
        assert speaker_row(store, early)["name"] == "Quill"
        assert role(store, "Quill") == "harbourmaster" and role(store, "Barnaby Quill") is None


def test_a_garbled_name_is_linked_by_its_repaired_form_after_the_store_is_reopened(tmp_path):
    garbled = article('"The embassy stays open," FranÃ§ois Delattre said.')
    pairs = [(garbled, quoted(garbled, "The embassy stays open,", "FranÃ§ois Delattre")),
             said_by("François Delattre", "male", "The council meets")]
    expected = ingest(tmp_path / "one.duckdb", pairs)
    assert {row[1] for row in expected[0]} == {"François Delattre"}
    path = tmp_path / "two-runs.duckdb"
    ingest(path, pairs[:1])
    assert ingest(path, pairs[1:]) == expected  # the second run reads the first's speakers back from the store


def test_a_tie_of_first_name_votes_reads_the_same_in_any_order():
    votes = [ArticleVote("male", "first name", 0.97), ArticleVote("female", "first name", 0.97)]
    summaries = set()
    for order in (votes, votes[::-1]):
        tally = GenderTally()
        for vote in order:
            tally.add(vote)
        summaries.add((tally.summary(), tally.decide().gender))
    assert summaries == {("female by first name only in 2 articles", "unknown")}


def test_a_given_name_alone_stays_the_speaker_of_its_article(tmp_path):
    first, second = bare("Bob", "The fence is down", "male"), bare("Bob", "The fence is up", "male")
    with Store(tmp_path / "corpus.duckdb") as store:
        for pair in (first, second, said_by("Bob Corker", "male", "No comment")):
            store.add(*pair)
        a, b = speaker_row(store, first), speaker_row(store, second)
        # Two articles' Bobs are two speakers, each shown as "Bob" with its article; neither is Bob Corker.
        assert a["speaker_id"] != b["speaker_id"] and a["name"] == b["name"] == "Bob"
        only = dict(store.connection.execute("SELECT speaker_id, only_article FROM speakers WHERE name = 'Bob'").fetchall())
        assert only == {a["speaker_id"]: article_id(first[0].text), b["speaker_id"]: article_id(second[0].text)}
        rows = speaker_rows(store.connection, "person")
        flag_speakers(store.connection, rows)
        flagged = {r.speaker_id: r.flags for r in rows}
        assert f"a given name alone: the speaker of article {only[a['speaker_id']]} only" in flagged[a["speaker_id"]]
        corker = next(r.speaker_id for r in rows if r.name == "Bob Corker")
        assert not any("given name alone" in f for f in flagged[corker])
        # A given name that is the one full-named person's surname is that person: "Cruz" is Ted Cruz.
        cruz = bare("Cruz", "We will win", "male")
        store.add(*said_by("Ted Cruz", "male", "We will see"))
        store.add(*cruz)
        assert speaker_row(store, cruz)["name"] == "Ted Cruz"
        # A surname no lexicon knows as a first name is one speaker across articles while nobody fuller is known.
        pairs = [bare("Zbyszewski", "Line one"), bare("Zbyszewski", "Line two")]
        for pair in pairs:
            store.add(*pair)
        assert speaker_row(store, pairs[0])["speaker_id"] == speaker_row(store, pairs[1])["speaker_id"]


def test_a_merge_holds_for_later_articles_and_survives_a_rebuild(tmp_path):
    pairs = [said_by("Hillary Clinton", "female", f"Point {i}") for i in range(2)]
    crooked = article('"Very sad," Crooked Hillary Clinton said.')
    pairs.append((crooked, quoted(crooked, "Very sad,", "Crooked Hillary Clinton", "female")))
    with Store(tmp_path / "first.duckdb") as store:
        store.add_many(pairs)
        target = speaker_row(store, pairs[0])["speaker_id"]
        store.merge_speakers([speaker_row(store, crooked)["speaker_id"]], target)
        assert speaker_row(store, crooked)["speaker_id"] == target
        # The merge is a registry entry now: a later article's name links to the target too, and a later
        # relink (a new namesake) does not undo it.
        again = article('"Sadder," Crooked Hillary Clinton said.')
        pairs += [(again, quoted(again, "Sadder,", "Crooked Hillary Clinton", "female")),
                  said_by("Bill Clinton", "male", "I feel your pain")]
        store.add_many(pairs[3:])
        assert speaker_row(store, again)["speaker_id"] == target
        assert speaker_row(store, crooked)["speaker_id"] == target
        registry = [
            RegisteredSpeaker(name, tuple(a for a, in store.connection.execute(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? AND from_registry AND alias <> ? ORDER BY 1",
                [sid, name]).fetchall()), kind)
            for sid, name, kind in store.connection.execute(
                "SELECT speaker_id, name, kind FROM speakers WHERE registered").fetchall()
        ]
        first = speakers_table(store)
    # The same articles in another order, with the registry the merge wrote, give the same store.
    assert ingest(tmp_path / "rebuilt.duckdb", pairs[::-1], registry=registry)[:2] == first[:2]


@pytest.mark.parametrize("reverse", [False, True])
def test_an_upgraded_store_equals_one_ingested_now(tmp_path, reverse):
    pairs = mixed_corpus()[::-1] if reverse else mixed_corpus()
    expected = ingest(tmp_path / "now.duckdb", pairs)
    path = tmp_path / "old.duckdb"
    ingest(path, pairs)
    with Store(path) as store:
        # What an earlier whosaid left: no article-level speakers.
        for table in ("quotes", "speaker_articles", "gender_evidence"):
            store.connection.execute(f"UPDATE {table} SET mention_id = NULL")
        store.connection.execute("DELETE FROM mention_aliases")
    with Store(path) as store:
        assert speakers_table(store)[:2] == expected[:2]


def test_a_full_name_an_article_reads_as_an_organisation_takes_the_kind_most_quotes_give(tmp_path):
    pairs = [said_by("Ada Wren", "female", f"The bridge opens {i}") for i in range(2)]
    misread = article('"The bridge is late," Ada Wren said.')
    pairs.append((misread, quoted(misread, "The bridge is late,", "Ada Wren", kind="organization")))
    # As many quotes each way: neither article outweighs the other, and they stay two speakers.
    even = article('"Soon," Cal Fenn said.')
    pairs += [said_by("Cal Fenn", "male", "Later"), (even, quoted(even, "Soon,", "Cal Fenn", kind="organization"))]
    speakers, quotes, _ = ingest(tmp_path / "kinds.duckdb", pairs)
    wren = [(row[1], row[2], row[3], row[7]) for row in speakers if row[1] == "Ada Wren"]
    assert wren == [("Ada Wren", "person", "female", 3)]
    # Each quote carries its speaker's kind, so figures on people count all three.
    wren_id = next(row[0] for row in speakers if row[1] == "Ada Wren")
    with Store(tmp_path / "kinds.duckdb") as store:
        kinds = store.connection.execute("SELECT speaker_kind FROM quotes WHERE speaker_id = ?", [wren_id]).fetchall()
    assert sorted(kinds) == [("person",)] * 3
    assert sorted(row[2] for row in speakers if row[1] == "Cal Fenn") == ["organization", "person"]


@pytest.mark.parametrize("seeds", [1, 5, 10_000])
def test_a_registry_relinks_a_filled_store_a_few_groups_at_a_time_as_one_pass_would(tmp_path, monkeypatch, seeds):
    import whosaid.store as store_module

    registry = [RegisteredSpeaker("Barnaby Quill", ("Old Quill",), "person", "male"),
                RegisteredSpeaker("Harbour Board", ("HB",), "organization")]
    pairs = mixed_corpus()
    expected = ingest(tmp_path / "registered-first.duckdb", pairs, registry=registry)
    path = tmp_path / "registered-later.duckdb"
    ingest(path, pairs)
    monkeypatch.setattr(store_module, "RELINK_SEEDS", seeds)
    with Store(path, speakers=registry) as store:
        assert speakers_table(store) == expected
    # The registered speakers are kept, also the one no article names.
    names = {row[1] for row in expected[0]}
    assert "Harbour Board" in names and "Barnaby Quill" in names
