"""Corrections of single quotes (`whosaid quotes`): exclude, reassign, restore; kept through rebuilds and
re-ingests; the figures follow. Also the role a quote's own article gives, and the acronym join."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.test_store import make_article, said
from whosaid.cli import main as cli_main
from whosaid.records import ArticleResult
from whosaid.serve import create_app
from whosaid.store import Store
from whosaid.store.names import article_id
from whosaid.store.registry import QuoteCorrection, RegisteredSpeaker, load_corrections, load_registry, save_registry

LOCAL = "http://127.0.0.1"


def _two_quotes(article, first, first_speaker, second, second_speaker, **kw) -> ArticleResult:
    one, two = said(article, first, first_speaker, **kw), said(article, second, second_speaker, **kw)
    return ArticleResult(id=article.id, quotes=[*one.quotes, *two.quotes], speakers=[*one.speakers, *two.speakers])


def _corpus():
    """Three invented articles: Ines Varga twice, Hugo Lind once, and a line that is no quote."""
    a = make_article('"The tunnel opens in June," Ines Varga said. "Nobody wants delays," Hugo Lind said.',
                     id="t1", outlet="Ridge Courier", date=date(2025, 3, 2))
    b = make_article('"We found the money," Ines Varga said.', id="t2", outlet="Ridge Courier", date=date(2025, 4, 9))
    c = make_article('"Road closed ahead," the sign said, Hugo Lind wrote.', id="t3", outlet="Valley Post",
                     date=date(2025, 5, 1))
    return [
        (a, _two_quotes(a, "The tunnel opens in June,", "Ines Varga", "Nobody wants delays,", "Hugo Lind")),
        (b, said(b, "We found the money,", "Ines Varga", gender="female")),
        (c, said(c, "Road closed ahead,", "Hugo Lind", gender="male")),
    ]


def _quote_id(store: Store, text: str) -> tuple[str, tuple[int, int]]:
    qid, content = store.connection.execute(
        "SELECT quote_id, content FROM quotes WHERE text = ? UNION ALL SELECT quote_id, content FROM corrected_quotes "
        "WHERE text = ? LIMIT 1", [text, text]).fetchone()
    return qid, (content[0][0], content[-1][1])


def _counts(store: Store) -> list[tuple[str, int]]:
    return sorted(store.connection.execute(
        "SELECT speaker, count(*) FROM quotes WHERE speaker IS NOT NULL GROUP BY ALL").fetchall())


def _correction(store: Store, text: str, action: str, speaker: str | None = None, kind: str = "person") -> QuoteCorrection:
    qid, span = _quote_id(store, text)
    return QuoteCorrection(qid, span, action, speaker, kind, text, "checked", "tester", "2025-06-01T10:00:00+00:00")


def test_an_excluded_quote_leaves_every_count_and_comes_back_when_restored(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.add_many(_corpus())
        before = _counts(store)
        assert before == [("Hugo Lind", 2), ("Ines Varga", 2)]
        gender_before = store.connection.execute("SELECT name, gender, gender_summary FROM speakers ORDER BY 1").fetchall()
        sign = _correction(store, "Road closed ahead,", "exclude")
        store.correct_quotes([sign])
        assert _counts(store) == [("Hugo Lind", 1), ("Ines Varga", 2)]
        # The article still says he is a man: evidence comes from the text, counts from the quotes.
        assert store.connection.execute(
            "SELECT name, gender, gender_summary FROM speakers ORDER BY 1").fetchall() == gender_before
        assert store.connection.execute("SELECT n_quotes FROM articles WHERE source_id = 't3'").fetchone() == (0,)
        store.restore_quotes([sign.key])
        assert _counts(store) == before
        assert store.connection.execute("SELECT count(*) FROM corrected_quotes").fetchone() == (0,)


def test_a_reassigned_quote_counts_for_its_new_speaker_and_its_own_role_and_gender_go(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        pairs = _corpus()
        a, result = pairs[0]
        pairs[0] = (a, replace(result, quotes=[replace(result.quotes[0], role="engineer", gender="female"),
                                               result.quotes[1]]))
        store.add_many(pairs)
        store.correct_quotes([_correction(store, "The tunnel opens in June,", "reassign", "Hugo Lind")])
        assert _counts(store) == [("Hugo Lind", 3), ("Ines Varga", 1)]
        row = store.connection.execute(
            "SELECT speaker, speaker_name, role, gender, mention_id FROM quotes WHERE text = 'The tunnel opens in June,'").fetchone()
        assert row == ("Hugo Lind", "Hugo Lind", None, "unknown", None)


def test_a_quote_given_to_a_new_speaker_through_the_command_line(tmp_path):
    db, registry = tmp_path / "s.duckdb", tmp_path / "speakers.csv"
    with Store(db) as store:
        store.add_many(_corpus())
        qid, _ = _quote_id(store, "Road closed ahead,")
    assert cli_main(["quotes", "reassign", qid, "Ridge Roads Office", "--new", "--kind", "organization", "--db", str(db),
                     "--speakers", str(registry), "--by", "desk", "--reason", "the sign is the office's"]) == 0
    assert [(e.name, e.kind) for e in load_registry(registry)] == [("Ridge Roads Office", "organization")]
    [kept] = load_corrections(registry)
    assert (kept.quote_id, kept.action, kept.speaker, kept.kind, kept.by, kept.reason) == (
        qid, "reassign", "Ridge Roads Office", "organization", "desk", "the sign is the office's")
    with Store(db) as store:
        assert ("Ridge Roads Office", 1) in _counts(store)
    assert cli_main(["quotes", "reassign", qid, "Nobody Known", "--db", str(db), "--speakers", str(registry)]) == 1


def test_corrections_hold_through_a_rebuild_in_any_order_and_a_re_ingest(tmp_path, capsys):
    db, registry = tmp_path / "s.duckdb", tmp_path / "speakers.yaml"
    pairs = _corpus()
    with Store(db) as store:
        store.add_many(pairs)
        sign, _ = _quote_id(store, "Road closed ahead,")
        tunnel, _ = _quote_id(store, "The tunnel opens in June,")
    assert cli_main(["quotes", "exclude", sign, "--reason", "a sign, not a speaker", "--db", str(db),
                     "--speakers", str(registry)]) == 0
    assert cli_main(["quotes", "reassign", tunnel, "Hugo Lind", "--db", str(db), "--speakers", str(registry)]) == 0
    with Store(db) as store:
        corrected = _counts(store)
        store.add_many(pairs)  # the same articles read again are skipped, the corrections stay
        assert _counts(store) == corrected == [("Hugo Lind", 2), ("Ines Varga", 1)]
    for n, order in enumerate((pairs, pairs[::-1])):
        with Store(tmp_path / f"rebuilt{n}.duckdb", speakers=registry) as rebuilt:
            for pair in order:
                rebuilt.add(*pair)
            assert _counts(rebuilt) == corrected
            assert _quote_id(rebuilt, "Road closed ahead,")[0] == sign
    capsys.readouterr()
    assert cli_main(["quotes", "list", str(db), "--excluded", "--json"]) == 0
    [excluded] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (excluded["quote_id"], excluded["correction"], excluded["reason"]) == (sign, "exclude", "a sign, not a speaker")
    assert cli_main(["quotes", "restore", sign, "--db", str(db), "--speakers", str(registry)]) == 0
    assert [c.action for c in load_corrections(registry)] == ["reassign"]
    with Store(db) as store:
        assert _counts(store) == [("Hugo Lind", 3), ("Ines Varga", 1)]


def test_a_correction_whose_article_changed_is_listed_as_applying_to_nothing(tmp_path, capsys):
    db, registry = tmp_path / "s.duckdb", tmp_path / "speakers.yaml"
    pairs = _corpus()
    with Store(db) as store:
        store.add_many(pairs)
        sign, _ = _quote_id(store, "Road closed ahead,")
    assert cli_main(["quotes", "exclude", sign, "--db", str(db), "--speakers", str(registry)]) == 0
    older = pairs[2][0]
    newer = make_article('"Road closed ahead until Friday," the sign said, Hugo Lind wrote.', id="t3", outlet="Valley Post")
    with Store(db) as store:
        store.add_many([(newer, said(newer, "Road closed ahead until Friday,", "Hugo Lind", gender="male"))])
        store.replace_reused_ids([newer])
        assert not store.has(article_id(older.text))
        assert ("Hugo Lind", 2) in _counts(store)
    capsys.readouterr()
    assert cli_main(["quotes", "list", str(db), "--corrections", "--json"]) == 0
    [state] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert state["applied_to"] is None and "not in this store" in state["problem"]


def test_speaker_edits_keep_the_corrections_the_registry_file_holds(tmp_path):
    registry = tmp_path / "speakers.csv"
    correction = QuoteCorrection("0123456789abcdef:2", (10, 40), "exclude", text="a line", reason="no quote", by="desk")
    save_registry(registry, [RegisteredSpeaker("Ines Varga", ("I. Varga",))], corrections=[correction])
    save_registry(registry, [RegisteredSpeaker("Ines Varga", ("I. Varga", "Varga"))])
    assert load_corrections(registry) == [correction]
    assert [e.aliases for e in load_registry(registry)] == [("I. Varga", "Varga")]


def test_figures_and_the_api_leave_an_excluded_quote_out(tmp_path):
    db, registry = tmp_path / "s.duckdb", tmp_path / "speakers.yaml"
    with Store(db) as store:
        store.add_many(_corpus())
        sign, _ = _quote_id(store, "Road closed ahead,")

    def figures():
        with TestClient(create_app(db, read_only=True), base_url=LOCAL) as client:
            overview = client.get("/api/overview").json()
            voices = {v["name"]: v["quotes"] for v in client.get("/api/voices").json()["items"]}
            ids = {q["quote_id"] for q in client.get("/api/quotes").json()["items"]}
        return overview, voices, ids

    overview, voices, ids = figures()
    assert voices == {"Hugo Lind": 2, "Ines Varga": 2} and sign in ids
    assert cli_main(["quotes", "exclude", sign, "--db", str(db), "--speakers", str(registry)]) == 0
    overview_after, voices_after, ids_after = figures()
    assert voices_after == {"Hugo Lind": 1, "Ines Varga": 2} and sign not in ids_after
    assert overview_after != overview


def test_quote_lists_show_the_role_of_the_quote_s_own_article_unless_the_registry_gives_one(tmp_path):
    a = make_article('"The ferry is late," Mara Quill said.', id="r1", date=date(2024, 1, 5))
    b = make_article('"The budget holds," Mara Quill said.', id="r2", date=date(2025, 2, 7))
    pairs = [(a, said(a, "The ferry is late,", "Mara Quill", gender="female", role="harbour master")),
             (b, said(b, "The budget holds,", "Mara Quill", gender="female", role="mayor"))]
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_many(pairs)

    def roles():
        with TestClient(create_app(db, read_only=True), base_url=LOCAL) as client:
            quotes = {q["text"]: q["role"] for q in client.get("/api/quotes").json()["items"]}
            speaker_id = client.get("/api/voices").json()["items"][0]["speaker_id"]
            speaker = client.get(f"/api/speakers/{speaker_id}").json()
        return quotes, speaker["role"], [r["role"] for r in speaker["roles"]]

    assert roles() == ({"The ferry is late,": "harbour master", "The budget holds,": "mayor"}, "mayor",
                       ["mayor", "harbour master"])
    assert cli_main(["speakers", "relabel", "Mara Quill", "--role", "port commissioner", "--db", str(db),
                     "--speakers", str(tmp_path / "speakers.csv")]) == 0
    quotes, current, listed = roles()
    assert quotes == {"The ferry is late,": "port commissioner", "The budget holds,": "port commissioner"}
    assert current == "port commissioner" and listed == ["mayor", "harbour master"]


def _organisation_quote(text: str, name: str, n: int):
    record = make_article(f'"Inquiry {n} is open," {text}', id=f"o{n}")
    return record, said(record, f"Inquiry {n} is open,", name, kind="organization")


def _organisations(store: Store) -> list[tuple[str, int]]:
    return sorted(store.connection.execute(
        "SELECT speaker, count(*) FROM quotes WHERE speaker_kind = 'organization' GROUP BY ALL").fetchall())


@pytest.mark.parametrize("reverse", [False, True])
def test_an_acronym_joins_a_full_name_only_where_an_article_spells_it_out(tmp_path, reverse):
    pairs = [
        _organisation_quote("the Vote Poll said.", "Vote Poll", 0),
        _organisation_quote("the VP said.", "VP", 1),
        _organisation_quote("the Tidal Energy Board said.", "Tidal Energy Board", 2),
        _organisation_quote("the TEB said.", "TEB", 3),
        _organisation_quote("said the board. The Tidal Energy Board (TEB) meets monthly.", "TEB", 4),
        _organisation_quote("the Coastal Water Office said.", "Coastal Water Office", 5),
        # Named in full in one sentence and shortened in the next, as news does.
        _organisation_quote("said CWO. The Coastal Water Office opened in May.", "CWO", 6),
    ]
    with Store(tmp_path / f"acronyms{reverse}.duckdb") as store:
        for pair in pairs[::-1] if reverse else pairs:
            store.add(*pair)
        assert _organisations(store) == [("CWO", 2), ("TEB", 3), ("VP", 1), ("Vote Poll", 1)]


def test_a_reassignment_finds_its_speaker_by_id_before_name():
    from whosaid.store.corrections import reassignment_target

    striker = ("01062a2d811644f2", "Ada Brook", "person", False)
    minister = ("8bcd84d883df1117", "Ada Brook", "person", False)
    both = [striker, minister]
    # Two speakers of one name: the id tells them apart; without one (or with an id no speaker has) none is picked.
    assert reassignment_target("Ada Brook", "person", minister[0], both) == minister[:3]
    assert reassignment_target("Ada Brook", "person", None, both) is None
    assert reassignment_target("Ada Brook", "person", "ffffffffffffffff", both) is None
    # An id no speaker has any more: the name finds the one speaker called so, in any case.
    assert reassignment_target("ada brook", "person", "ffffffffffffffff", [striker]) == striker[:3]
    # Among several of the name, the one registered speaker; an organisation of the name is not a person.
    registered = (minister[0], "Ada Brook", "person", True)
    assert reassignment_target("Ada Brook", "person", None, [striker, registered]) == registered[:3]
    assert reassignment_target("Ada Brook", "person", None, [("aaaaaaaaaaaaaaaa", "Ada Brook", "organization", False)]) is None


def test_quotes_list_finds_a_speaker_by_id_by_name_in_any_case_and_by_an_alias_and_lists_namesakes(tmp_path, capsys):
    a = make_article('"The quay reopens," Elena Marsh said. "The fares hold," Marsh added.', id="m1")
    b = make_article('"The pier is safe," Tom Marsh said. "No more delays," Marsh added.', id="m2")
    c = make_article('"The ferry is late," Mara Quill said.', id="m3")
    pairs = [
        (a, _two_quotes(a, "The quay reopens,", "Elena Marsh", "The fares hold,", "Elena Marsh", aliases=("Marsh",))),
        (b, _two_quotes(b, "The pier is safe,", "Tom Marsh", "No more delays,", "Tom Marsh", aliases=("Marsh",))),
        (c, said(c, "The ferry is late,", "Mara Quill", aliases=("Quill",))),
    ]
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.add_many(pairs)
        ids = dict(store.connection.execute("SELECT name, speaker_id FROM speakers").fetchall())

    def listed(ref):
        code = cli_main(["quotes", "list", str(db), "--speaker", ref, "--json"])
        out, err = capsys.readouterr()
        return code, {json.loads(line)["text"] for line in out.splitlines()}, err

    marsh = {"The quay reopens,", "The fares hold,"}
    for ref in (ids["Elena Marsh"], "Elena Marsh", "elena MARSH"):
        assert listed(ref)[:2] == (0, marsh)
    assert listed("quill")[:2] == (0, {"The ferry is late,"})  # the name its article gave her
    # "Marsh" is the name of two speakers' articles: both are named, with their ids, and nothing is listed.
    code, quotes, err = listed("Marsh")
    assert code == 1 and not quotes
    assert "several speakers are called or went by 'Marsh'" in err
    assert ids["Elena Marsh"] in err and ids["Tom Marsh"] in err
    code, quotes, err = listed("Ann Lee")
    assert code == 1 and "no speaker is called or went by 'Ann Lee'" in err
    # A change names its speaker by id or own name only: an alias is read, never chosen.
    with Store(db, read_only=True) as store:
        qid = _quote_id(store, "The ferry is late,")[0]
    assert cli_main(["quotes", "reassign", qid, "quill", "--db", str(db),
                     "--speakers", str(tmp_path / "speakers.csv")]) == 1
    assert "no speaker is called 'quill'" in capsys.readouterr().err
