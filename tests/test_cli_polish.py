"""The command line's errors, help and store arguments, as a new user meets them."""

from __future__ import annotations

import json

import pytest

from whosaid.cli import main
from whosaid.store.export import TABLES as EXPORTED


def _store(tmp_path, genders=("female", "male")):
    from tests.fixtures.dashboard.samples import article, build_store

    return build_store(tmp_path / "news.duckdb", [article("Gazette", "2024-03-15", list(genders))])


def test_extract_creates_the_folders_of_its_output(tmp_path, capsys, monkeypatch):
    import whosaid.commands.extract as extract
    from whosaid.records import ArticleResult

    class NoQuotes:
        def analyze_many(self, articles, batch_size=8):
            for article in articles:
                yield ArticleResult(id=article.id, quotes=[])

    monkeypatch.setattr(extract, "engine_from", lambda args: NoQuotes())
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a1", "text": "Quiet day at the harbour."}\n', encoding="utf-8")
    out = tmp_path / "missing" / "sub" / "quotes.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "a1"


def test_extract_names_an_output_that_is_a_folder_in_one_line(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a1", "text": "Quiet day."}\n', encoding="utf-8")
    assert main(["extract", str(source), "-o", str(tmp_path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path} is a folder" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_extract_names_an_output_folder_it_cannot_create(tmp_path, capsys):
    blocker = tmp_path / "plain.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a1", "text": "Quiet day."}\n', encoding="utf-8")
    assert main(["extract", str(source), "-o", str(blocker / "out.jsonl"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"cannot create the folder {blocker}" in err and len(err.strip().splitlines()) == 1


def test_export_onto_an_existing_file_says_to_name_a_folder_and_keeps_the_file(tmp_path, capsys):
    store = _store(tmp_path)
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    assert main(["export", str(store), "--format", "csv", "-o", str(taken)]) == 2
    err = capsys.readouterr().err
    assert f"{taken} is a file" in err and "give -o a folder" in err and len(err.strip().splitlines()) == 1
    assert taken.read_text(encoding="utf-8") == "mine"


def test_a_file_error_the_command_does_not_expect_is_one_line_naming_the_file(tmp_path, capsys, monkeypatch):
    import whosaid.commands.stats as stats

    def refuses(args):
        raise PermissionError(13, "Permission denied", str(tmp_path / "locked.duckdb"))

    monkeypatch.setattr(stats, "run", refuses)
    assert main(["stats", str(tmp_path / "locked.duckdb")]) == 1
    assert capsys.readouterr().err.strip() == f"whosaid stats: {tmp_path / 'locked.duckdb'}: Permission denied"


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_ingest_creates_a_missing_registry_and_says_so(tmp_path, capsys, monkeypatch, suffix):
    import whosaid.ingest as ingest_module
    from whosaid.store.registry import load_registry

    seen = {}

    class Summary:
        rejected = interrupted = 0

        def report(self):
            return "done"

    def fake_ingest(paths, **options):
        seen["registry"] = load_registry(options["speakers"])
        return Summary()

    monkeypatch.setattr(ingest_module, "ingest", fake_ingest)
    registry = tmp_path / f"speakers{suffix}"
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "n.duckdb"), "--speakers", str(registry)]) == 0
    assert seen["registry"] == [] and registry.exists()
    assert f"{registry} did not exist: created it empty" in capsys.readouterr().err


def test_ingest_refuses_a_registry_it_cannot_create(tmp_path, capsys):
    assert main(["ingest", str(tmp_path), "--speakers", str(tmp_path / "speakers.txt")]) == 1
    assert "must be .csv, .yaml or .yml" in capsys.readouterr().err
    assert not (tmp_path / "speakers.txt").exists()


def test_every_speakers_and_articles_action_takes_the_store_first_or_as_db(tmp_path, capsys):
    store = str(_store(tmp_path, ["female", "male"]))
    assert main(["speakers", "list", store, "--json"]) == 0
    name, other = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert main(["speakers", "show", store, name, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["speakers", "show", name, "--db", store, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == first and first["name"] == name
    registry = str(tmp_path / "speakers.csv")
    assert main(["speakers", "relabel", store, name, "--kind", "person", "--gender", "female", "--speakers", registry]) == 0
    assert main(["speakers", "merge", store, other, "--into", name, "--speakers", registry]) == 0
    assert main(["speakers", "list", "--db", store, "--json"]) == 0
    assert [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()] == [name]
    assert main(["articles", "remove", store, "nothing-like-this"]) == 1
    assert f"no article 'nothing-like-this' in {store}" in capsys.readouterr().err


def test_a_mistyped_option_is_refused_by_its_commands_parser_with_the_option_meant(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "articles", "--wokers", "1"])
    err = capsys.readouterr().err
    assert err.startswith("usage: whosaid ingest") and "did you mean --workers?" in err
    with pytest.raises(SystemExit):
        main(["speakers", "list", "--flaged"])
    err = capsys.readouterr().err
    assert err.startswith("usage: whosaid speakers list") and "did you mean --flagged?" in err


@pytest.mark.parametrize("argv", [
    ["speakers", "list"], ["speakers", "show"], ["speakers", "merge"], ["speakers", "split"],
    ["speakers", "relabel"], ["articles", "remove"],
])
def test_every_action_help_has_examples_of_itself(argv, capsys):
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    examples = capsys.readouterr().out.split("examples:")[1]
    assert f"whosaid {' '.join(argv)} " in examples


NAME_DENSE_ENGLISH = [
    "Council backs Harbour Street plan\n\nMayor Elena Marsh and councillor Tom Reyes won Tuesday's vote. "
    "\"Harbour Street needs this,\" Marsh told the Coastal Gazette after the meeting.",
    "Ridgeway United sign Tomasz Kowal\n\nRidgeway United manager Dave Hollis confirmed the signing of Polish "
    "striker Tomasz Kowal on Monday. \"He scores goals,\" Hollis said.",
]
NAME_DENSE_OTHERS = {
    "German": "Kanzler Friedrich Brandt trifft Präsidentin Eva Lindqvist in Berlin\n\nBrandt und Lindqvist sprachen "
              "über Energie, Handel und die Lage in der Ukraine. Beide nannten das Treffen in Berlin am Freitag konstruktiv.",
    "French": "Emmanuel Fournier et Claire Mercier au Sénat\n\nFournier, ministre des Finances, et Mercier, sénatrice "
              "de Gironde, ont débattu mardi du budget. Le vote aura lieu à Paris vendredi prochain selon Matignon.",
    "Spanish": "Pedro Navarro y Carmen Ruiz en el Congreso\n\nNavarro, ministro de Hacienda, y Ruiz, diputada por "
               "Sevilla, debatieron el martes sobre el presupuesto. La votación será en Madrid el jueves, según "
               "fuentes de Moncloa.",
}


@pytest.mark.parametrize("text", NAME_DENSE_ENGLISH)
def test_a_short_english_brief_dense_with_names_is_english(text):
    from whosaid.ingest.language import guess_language

    assert 20 <= len(text.split()) <= 30
    assert guess_language(text).english


@pytest.mark.parametrize("language", sorted(NAME_DENSE_OTHERS))
def test_a_short_brief_dense_with_names_in_another_language_is_still_refused(language):
    from whosaid.ingest.language import guess_language

    guess = guess_language(NAME_DENSE_OTHERS[language])
    assert (guess.english, guess.language) == (False, language)


def test_stats_by_outlet_and_month_gives_each_outlets_and_each_months_totals(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import article, build_store

    store = str(build_store(tmp_path / "news.duckdb", [
        article("Gazette", "2024-03-15", ["female", "male"]),
        article("Gazette", "2024-04-02", ["female"]),
        article("Herald", "2024-03-20", ["male", "male", "female"]),
    ]))
    assert main(["stats", store, "--by", "outlet", "--by", "month", "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    outlets = {row["outlet"]: (row["quotes"]["total"], row["quotes"]["female"]["count"]) for row in totals["outlet"]}
    months = {row["month"]: row["quotes"]["total"] for row in totals["month"]}
    assert outlets == {"Gazette": (3, 2), "Herald": (3, 1)} and months == {"2024-03": 5, "2024-04": 1}
    assert main(["stats", store, "--by", "outlet", "--json"]) == 0
    assert "totals" not in json.loads(capsys.readouterr().out)  # one key: its rows are the totals
    assert main(["stats", store, "--by", "outlet", "--by", "month"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.split()[:3] == ["Gazette", "all", "3†"] for line in lines)
    assert any(line.split()[:3] == ["all", "2024-03", "5†"] for line in lines)


def _said(name: str, gender: str, outlet: str, date: str, headline: str):
    """An article of ``outlet`` in which ``name`` says one thing, with one pronoun of ``gender``."""
    from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker

    text = f"{headline}\n\n"
    saying = f'"{headline} is the news of the day,"'
    c0 = len(text)
    s0 = c0 + len(saying) + 1
    text += f"{saying} {name} said. {'She' if gender == 'female' else 'He'} left soon after."
    evidence = (Evidence(gender, "pronoun", "she" if gender == "female" else "he"),)
    quote = Quote(
        content=((c0, c0 + len(saying)),), source=((s0, s0 + len(name)),), cue=((s0 + len(name) + 1, s0 + len(name) + 5),),
        kind="direct", speaker=name, speaker_kind="person", text=saying, gender=gender,
        gender_evidence=tuple(str(e) for e in evidence),
    )
    return (Article(id=headline, text=text, title=headline, outlet=outlet, date=date),
            ArticleResult(id=headline, quotes=[quote], speakers=[Speaker(name=name, gender=gender, gender_evidence=evidence, quoted=True)]))


def test_a_registry_gender_settles_a_gender_conflict(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import build_store

    store = str(build_store(tmp_path / "news.duckdb", [
        _said("Robin Quayle", "female", "Gazette", "2024-03-01", "Pier repairs begin"),
        _said("Robin Quayle", "male", "Herald", "2024-03-02", "Pier repairs stall"),
    ]))
    assert main(["speakers", "list", store, "--flagged", "--json"]) == 0
    assert "gender conflict" in json.loads(capsys.readouterr().out)["flags"]
    registry = str(tmp_path / "speakers.csv")
    assert main(["speakers", "relabel", store, "Robin Quayle", "--gender", "female", "--speakers", registry]) == 0
    assert main(["speakers", "list", store, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["gender"] == "female" and "gender conflict" not in listed["flags"]
    assert main(["speakers", "show", store, "Robin Quayle"]) == 0
    shown = capsys.readouterr().out
    assert "the registry decided it" in shown and "Pier repairs stall" in shown  # the evidence stays
    assert main(["speakers", "relabel", store, "Robin Quayle", "--gender", "unknown", "--speakers", registry]) == 0
    assert main(["speakers", "list", store, "--json"]) == 0
    assert "gender conflict" in json.loads(capsys.readouterr().out)["flags"]


def test_every_quote_list_of_the_dashboard_shows_the_kind_the_record_has(tmp_path):
    import re
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from tests.fixtures.dashboard.samples import build_store
    from whosaid.serve.app import create_app

    record, result = _said("Robin Quayle", "female", "Gazette", "2024-03-01", "Pier repairs begin")
    mixed = replace(result.quotes[0], kind="mixed")
    path = build_store(tmp_path / "news.duckdb", [(record, replace(result, quotes=[mixed]))])
    with TestClient(create_app(path, read_only=True), base_url="http://127.0.0.1") as client:
        hit = client.get("/api/quotes").json()["items"][0]
        pages = [f"/speakers/{hit['speaker_id']}", "/search?q=news+of+the+day", f"/articles/{hit['article_id']}"]
        for page in pages:
            html = client.get(page).text
            assert re.findall(r'<span class="kind">(\w+)</span>', html) == ["mixed"], page


def _namesake_articles():
    return [
        _said("Chris Dale", "male", "Daily Ledger", "2024-03-01", "Dale double sinks Rovers"),
        _said("Chris Dale", "male", "Northern Post", "2024-03-02", "MP calls for rail inquiry"),
        _said("Chris Dale", "male", "Northern Post", "2024-03-09", "MP backs station plan"),
    ]


def test_split_by_article_parts_namesakes_and_a_rebuild_with_the_registry_parts_them_again(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import build_store
    from whosaid.store import Store
    from whosaid.store.names import article_id
    from whosaid.store.registry import load_namesakes, load_registry

    pairs = _namesake_articles()
    store = build_store(tmp_path / "news.duckdb", pairs)

    def quotes_by_speaker(path):
        assert main(["speakers", "list", str(path), "--json", "--act", "all"]) == 0
        return sorted((row["name"], row["quotes"]) for row in map(json.loads, capsys.readouterr().out.splitlines()))

    assert quotes_by_speaker(store) == [("Chris Dale", 3)]
    registry = tmp_path / "speakers.csv"
    # One article by its article id, one by the id its input gave.
    mp_articles = [article_id(pairs[1][0].text), pairs[2][0].id]
    argv = ["speakers", "split", str(store), "Chris Dale", "--speakers", str(registry)]
    assert main([*argv, *(a for given in mp_articles for a in ("--article", given))]) == 0
    assert "articles ingested later go to the original" in capsys.readouterr().err
    assert quotes_by_speaker(store) == [("Chris Dale", 1), ("Chris Dale", 2)]
    [entry] = load_namesakes(registry)
    assert sorted(entry.articles) == sorted(article_id(p[0].text) for p in pairs[1:]) and load_registry(registry) == []

    # The same articles into a new store with the registry: the same two speakers, the same ids.
    with Store(tmp_path / "again.duckdb", speakers=registry) as again:
        for record, result in pairs:
            again.add(record, result)
    assert quotes_by_speaker(tmp_path / "again.duckdb") == [("Chris Dale", 1), ("Chris Dale", 2)]
    ids = {}
    for path in (store, tmp_path / "again.duckdb"):
        assert main(["speakers", "list", str(path), "--json"]) == 0
        ids[path] = sorted(json.loads(line)["speaker_id"] for line in capsys.readouterr().out.splitlines())
    assert ids[store] == ids[tmp_path / "again.duckdb"]

    # A later article of that name goes to the original speaker, as the help says.
    def by_id():
        assert main(["speakers", "list", str(store), "--json", "--act", "all"]) == 0
        return {row["speaker_id"]: row["quotes"] for row in map(json.loads, capsys.readouterr().out.splitlines())}

    before = by_id()
    with Store(store) as later:
        later.add(*_said("Chris Dale", "male", "Daily Ledger", "2024-03-16", "Dale signs new contract"))
    after = by_id()
    original = next(sid for sid, n in before.items() if n == 1)
    assert after == {**before, original: 2}


def test_split_by_article_refuses_articles_that_do_not_quote_the_speaker(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import build_store

    pairs = _namesake_articles()
    store = str(build_store(tmp_path / "news.duckdb", pairs))
    registry = str(tmp_path / "speakers.csv")
    assert main(["speakers", "split", store, "Chris Dale", "--article", "nothing-here", "--speakers", registry]) == 1
    assert "no article 'nothing-here'" in capsys.readouterr().err
    everything = [a for p in pairs for a in ("--article", p[0].id)]
    assert main(["speakers", "split", store, "Chris Dale", *everything, "--speakers", registry]) == 1
    assert "quoted in those articles only" in capsys.readouterr().err


def test_a_namesake_entry_survives_other_changes_and_its_speaker_is_not_relabelled(tmp_path, capsys):
    from tests.fixtures.dashboard.samples import build_store
    from whosaid.store.linking import names_namesake
    from whosaid.store.registry import load_namesakes, load_registry

    assert names_namesake("Chris Dale", "person", "Dale") and names_namesake("Chris Dale", "person", "Mr. Dale")
    assert not names_namesake("Chris Dale", "person", "Anna Dale") and not names_namesake("Chris Dale", "person", "Chris")
    pairs = [*_namesake_articles(), _said("Ruth Okafor", "female", "Daily Ledger", "2024-03-03", "Ferry fares rise")]
    for suffix in (".yaml", ".csv"):  # the CSV store is the one looked at below
        store = str(build_store(tmp_path / f"news{suffix}.duckdb", pairs))
        registry = str(tmp_path / f"speakers{suffix}")
        assert main(["speakers", "split", store, "Chris Dale", "--article", pairs[0][0].id, "--speakers", registry]) == 0
        assert main(["speakers", "relabel", store, "Ruth Okafor", "--gender", "female", "--speakers", registry]) == 0
        assert [n.name for n in load_namesakes(registry)] == ["Chris Dale"]
        assert [(e.name, e.gender) for e in load_registry(registry)] == [("Ruth Okafor", "female")]
    capsys.readouterr()
    assert main(["speakers", "list", store, "--json", "--search", "dale"]) == 0
    ids = [json.loads(line)["speaker_id"] for line in capsys.readouterr().out.splitlines()]
    assert len(ids) == 2
    refused = [main(["speakers", "relabel", store, sid, "--gender", "male", "--speakers", str(tmp_path / "r.csv")])
               for sid in ids]
    assert sorted(refused) == [0, 1] and "is the namesake split off" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_one_registry_keeps_a_merge_a_namesake_and_a_quote_correction_through_a_rewrite_and_a_rebuild(
        tmp_path, capsys, monkeypatch, suffix):
    from whosaid.store import Store
    from whosaid.store.names import article_id
    from whosaid.store.registry import load_corrections, load_namesakes, load_registry

    pairs = [*_namesake_articles(),
             _said("Ruth Okafor", "female", "Daily Ledger", "2024-03-03", "Ferry fares rise"),
             _said("Ruth Okafor", "female", "Northern Post", "2024-03-04", "Ferry timetable changes"),
             _said("Nan Brandt", "female", "Daily Ledger", "2024-03-05", "Harbour wall repaired"),
             _said("Anneke Brandt", "female", "Northern Post", "2024-03-06", "Harbour fees frozen")]
    by_text = {record.text: result for record, result in pairs}

    from dataclasses import replace

    class Replays:
        """Gives each article the quotes it was made with, as the parser would."""

        def __init__(self, *args, **kwargs):
            pass

        def analyze_many(self, articles, batch_size=8):
            for article in articles:
                yield replace(by_text[article.text], id=article.id)

    monkeypatch.setattr("whosaid.engine.Engine", Replays)
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps({"id": r.id, "text": r.text, "title": r.title, "outlet": r.outlet,
                                          "date": r.date}) + "\n" for r, _ in pairs), encoding="utf-8")
    store, registry = str(tmp_path / "news.duckdb"), str(tmp_path / f"speakers{suffix}")
    assert main(["ingest", str(inputs), "--db", store, "--workers", "1", "--quiet"]) == 0

    def speakers(path):
        capsys.readouterr()
        assert main(["speakers", "list", str(path), "--json", "--act", "all"]) == 0
        return sorted((row["name"], row["quotes"], row["gender"]) for row in map(json.loads, capsys.readouterr().out.splitlines()))

    assert speakers(store) == [("Anneke Brandt", 1, "female"), ("Chris Dale", 3, "male"), ("Nan Brandt", 1, "female"),
                               ("Ruth Okafor", 2, "female")]
    assert main(["speakers", "merge", store, "Nan Brandt", "--into", "Anneke Brandt", "--speakers", registry]) == 0
    assert main(["speakers", "split", store, "Chris Dale", "--article", pairs[0][0].id, "--speakers", registry]) == 0
    with Store(store) as s:
        fares = s.connection.execute("SELECT quote_id FROM quotes WHERE text LIKE '\"Ferry fares rise%'").fetchone()[0]
    assert main(["quotes", "exclude", fares, "--reason", "a price list", "--db", store, "--speakers", registry]) == 0
    # A later rewrite by another command keeps all three kinds of entry, and says so.
    capsys.readouterr()
    assert main(["speakers", "relabel", store, "Ruth Okafor", "--role", "ferry operator", "--speakers", registry]) == 0
    assert "now holds 2 speaker entries, 1 namesake entry and 1 quote correction" in capsys.readouterr().err
    assert [(e.name, e.role) for e in load_registry(registry)] == [("Anneke Brandt", None), ("Ruth Okafor", "ferry operator")]
    assert "Nan Brandt" in load_registry(registry)[0].aliases
    assert [(n.name, n.articles) for n in load_namesakes(registry)] == [("Chris Dale", (article_id(pairs[0][0].text),))]
    assert [(c.quote_id, c.action, c.reason) for c in load_corrections(registry)] == [(fares, "exclude", "a price list")]
    merged = [("Anneke Brandt", 2, "female"), ("Chris Dale", 1, "male"), ("Chris Dale", 2, "male"), ("Ruth Okafor", 1, "female")]
    assert speakers(store) == merged

    # The same articles into a new store with the registry: every entry applied again.
    again = str(tmp_path / "again.duckdb")
    assert main(["ingest", str(inputs), "--db", again, "--speakers", registry, "--workers", "1", "--quiet"]) == 0
    assert speakers(again) == merged
    with Store(again) as s:
        con = s.connection
        assert con.execute("SELECT count(*) FROM quotes WHERE quote_id = ?", [fares]).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM corrected_quotes WHERE quote_id = ?", [fares]).fetchone() == (1,)
        assert con.execute("SELECT role, role_basis FROM speakers WHERE name = 'Ruth Okafor'").fetchone() == (
            "ferry operator", "registry")
        # The exported speakers say so too, as docs/corpus.md lists the column.
        exported = f"SELECT name, role, role_basis FROM ({EXPORTED['speakers']}) WHERE name IN ('Ruth Okafor', 'Anneke Brandt')"
        assert con.execute(exported + " ORDER BY name").fetchall() == [
            ("Anneke Brandt", None, None), ("Ruth Okafor", "ferry operator", "registry")]
    capsys.readouterr()
    ids = {}
    for path in (store, again):
        assert main(["speakers", "list", path, "--json"]) == 0
        ids[path] = sorted(json.loads(line)["speaker_id"] for line in capsys.readouterr().out.splitlines())
    assert ids[store] == ids[again]


def test_speakers_show_places_first_name_evidence_where_the_article_first_names_the_person(tmp_path, capsys):
    """A first name is no sentence of the text, so its evidence has no paragraph; `speakers show` gives the one
    where the article first names the person, as the dashboard links it, not an empty cell."""
    from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
    from whosaid.store import Store

    text = ("Pier repairs begin\n\nWork on the old pier starts on Monday.\n\n"
            '"The timbers are sound," said engineer Marta Quillon.')
    start = text.index('"The timbers')
    evidence = (Evidence("female", "first name", "Marta"),)
    speaker = Speaker(name="Marta Quillon", gender="female", gender_evidence=evidence, quoted=True)
    quote = Quote(content=((start, start + len('"The timbers are sound,"')),), source=(), cue=(), kind="direct",
                  speaker="Marta Quillon", speaker_kind="person", text='"The timbers are sound,"', gender="female",
                  gender_evidence=tuple(str(e) for e in evidence))
    with Store(tmp_path / "news.duckdb") as store:
        store.add(Article(id="p1", text=text, outlet="Gazette", date="2024-03-15"),
                  ArticleResult(id="p1", quotes=[quote], speakers=[speaker]))
    assert main(["speakers", "show", str(tmp_path / "news.duckdb"), "Marta Quillon"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("│ female"))
    assert "first name" in row and row.rstrip(" │").endswith("│ 3"), row


def test_every_quotes_action_takes_the_store_first_or_as_db(tmp_path, capsys):
    """`quotes list STORE` shows the ids; `quotes exclude STORE ID` (the same order) acts on one, as --db does."""
    store = str(_store(tmp_path, ["female", "male"]))
    registry = str(tmp_path / "speakers.csv")
    assert main(["quotes", "list", store, "--json"]) == 0
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["quotes", "exclude", store, first["quote_id"], "--speakers", registry, "--reason", "a sign"]) == 0
    assert main(["quotes", "reassign", store, second["quote_id"], first["speaker_id"], "--speakers", registry]) == 0
    assert main(["quotes", "list", store, "--excluded", "--json"]) == 0
    assert [json.loads(line)["quote_id"] for line in capsys.readouterr().out.splitlines()] == [first["quote_id"]]
    assert main(["quotes", "restore", first["quote_id"], "--db", store, "--speakers", registry]) == 0
    assert main(["quotes", "restore", store, second["quote_id"], "--speakers", registry]) == 0
    assert main(["quotes", "list", store, "--corrections", "--json"]) == 0
    assert capsys.readouterr().out.strip() == ""
    other = str(tmp_path / "other.duckdb")
    assert main(["quotes", "exclude", store, first["quote_id"], "--db", other, "--speakers", registry]) == 2
    assert "give the store once" in capsys.readouterr().err
