"""whosaid stats: shares of quotes and of distinct people by gender, unknowns kept."""

from __future__ import annotations

import json
import re

import pytest

from whosaid.cli import main
from whosaid.commands.stats import QuoteRow, summarize


def quote(speaker, gender="unknown", kind="person"):
    return {"speaker": speaker, "speaker_kind": kind, "gender": gender, "text": "…"}


LINES = [
    {
        "id": "a1", "outlet": "Harbour Times", "date": "2024-03-02",
        "quotes": [
            quote("Ann Lidell", "female"), quote("Ann Lidell", "female"), quote("Bram Tolle", "unknown"),
            quote("the ministry", kind="organization"),
        ],
    },
    {
        "id": "a2", "outlet": "Valley Post", "date": "2024-04-09",
        "quotes": [quote("Bram Tolle", "male"), quote(None, kind="unnamed"), quote("Sam Ortiz", "nonbinary")],
    },
    {"id": "a3", "outlet": "Valley Post", "date": "2024-04-10", "quotes": [quote("Quill Vant", "unknown")]},
]


@pytest.fixture
def extract_file(tmp_path):
    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in LINES), encoding="utf-8")
    return path


def stats_json(capsys, *argv) -> dict:
    assert main(["stats", *map(str, argv), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    data["_stderr"] = captured.err
    return data


def test_quote_and_speaker_shares_keep_unknowns(extract_file, capsys):
    data = stats_json(capsys, extract_file)["overall"]
    quotes, people = data["quotes"], data["speakers"]
    # 6 quotes by people: Ann ×2 female, Bram unknown then male, Sam nonbinary, Quill unknown.
    assert quotes["total"] == 6
    assert {g: quotes[g]["count"] for g in ("female", "male", "nonbinary", "unknown")} == {
        "female": 2, "male": 1, "nonbinary": 1, "unknown": 2,
    }
    assert quotes["female"]["share"] == pytest.approx(2 / 6, abs=1e-4)
    assert quotes["female"]["share_of_known"] == pytest.approx(2 / 4, abs=1e-4)
    # Bram is shown as a man in one article, so he counts as a man; Quill stays unknown.
    assert people["total"] == 4
    assert {g: people[g]["count"] for g in ("female", "male", "nonbinary", "unknown")} == {
        "female": 1, "male": 1, "nonbinary": 1, "unknown": 1,
    }
    assert data["articles"] == 3


def test_quotes_without_a_person_speaker_are_counted_apart(extract_file, capsys):
    quotes = stats_json(capsys, extract_file)["overall"]["quotes"]
    assert quotes["no_person_speaker"] == 2
    assert quotes["no_person_speaker_by_kind"] == {"organization": 1, "unnamed": 1}
    assert quotes["all"] == 8


def test_grouped_by_outlet_and_month(extract_file, capsys):
    groups = stats_json(capsys, extract_file, "--by", "outlet", "--by", "month")["groups"]
    assert [(g["outlet"], g["month"]) for g in groups] == [("Harbour Times", "2024-03"), ("Valley Post", "2024-04")]
    valley = groups[1]
    assert valley["quotes"]["total"] == 3
    assert valley["quotes"]["unknown"]["count"] == 1
    assert valley["speakers"]["total"] == 3


def test_table_output_names_the_counts_and_the_no_person_quotes(extract_file, capsys):
    assert main(["stats", str(extract_file)]) == 0
    out = capsys.readouterr().out
    for word in ("women", "men", "nonbinary", "unknown", "2 (33.3%)"):
        assert word in out
    assert "2 quotes had no person speaker (organization 1, unnamed 1)" in " ".join(out.split())


def test_grouped_table_shows_an_outlet_name_with_brackets_as_written(tmp_path, capsys):
    path = tmp_path / "quotes.jsonl"
    lines = [{"id": "b1", "outlet": "[the] harbour times", "quotes": [quote("Ann Lidell", "female")]}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["stats", str(path), "--by", "outlet"]) == 0
    assert "[the] harbour times" in capsys.readouterr().out


@pytest.mark.parametrize("by", [["outlet"], ["month"], ["outlet", "month"]])
def test_grouped_table_keeps_every_figure_at_80_columns(tmp_path, capsys, monkeypatch, by):
    outlets = ["The Associated Press International Wire Service", "Harbour Times"]
    lines = [
        {"id": f"a{n}", "outlet": outlets[n % 2], "date": f"2024-{n % 12 + 1:02d}-01",
         "quotes": [quote(f"Person {k}", "female") for k in range(1 + n % 3)] + [quote("Quill Vant", "unknown")] * (n % 2)}
        for n in range(24)
    ]
    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    args = [a for key in by for a in ("--by", key)]
    assert main(["stats", str(path), *args]) == 0
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 80
    header = next(i for i, line in enumerate(out) if line.split()[:len(by)] == by)
    assert out[header].split()[len(by):] == ["quotes", "women", "men", "nb", "unkn.", "no-person", "people", "women"]
    rows = [line.split() for line in out[header + 2 :] if "%" in line]
    figures = stats_json(capsys, path, *args)
    # After the cross table of two keys come the totals of each outlet, then of each month.
    expected = figures["groups"] + [row for name in by for row in figures.get("totals", {}).get(name, [])]
    assert len(rows) == len(expected)
    for row, group in zip(rows, expected):
        quotes, speakers = group["quotes"], group["speakers"]
        figures = row[-8:]
        assert figures[0] == f"{quotes['total']:,}" + ("†" if quotes["small_sample"] else "")
        assert figures[1] == f"{quotes['female']['count'] / quotes['total']:.0%}"  # "100%" whole
        assert figures[7] == f"{speakers['female']['count'] / speakers['total']:.0%}"
    assert any(row[-7] == "100%" for row in rows)
    if by == ["month"]:
        assert all(any(cell.startswith("2024-") and len(cell) == 7 for cell in row) for row in rows)


def test_outlets_sharing_their_first_words_stay_told_apart_at_80_columns(tmp_path, capsys, monkeypatch):
    """Long names wrap rather than end in an ellipsis, which would print both as "The Daily Cour…"."""
    outlets = ["The Daily Courier and Evening Post of Northfield", "The Daily Courier and Evening Post of Southfield"]
    lines = [{"id": f"a{n}", "outlet": outlets[n % 2], "quotes": [quote(f"Person {n}", "female")] * (1 + n % 2)}
             for n in range(6)]
    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["stats", str(path), "--by", "outlet"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in out) <= 80
    assert "…" not in "\n".join(out)
    header = next(i for i, line in enumerate(out) if line.split()[:1] == ["outlet"])
    end = next(i for i, line in enumerate(out) if line.startswith("quotes:"))
    # Each name read down its column, row by row: a row starts on the line with its figures.
    names: list[list[str]] = []
    for line in out[header + 2 : end]:
        if "%" in line:
            names.append([])
        names[-1].append(re.split(r"\s{2,}", line.strip())[0])
    assert sorted(" ".join(parts) for parts in names) == sorted(outlets)


def test_a_tie_between_articles_leaves_the_person_unknown():
    rows = [QuoteRow("a", "Kit Vale", "person", "female"), QuoteRow("b", "Kit Vale", "person", "male")]
    overall, _ = summarize(rows)
    assert overall.speaker_genders() == {"unknown": 1}


def test_bad_lines_are_reported_with_their_number_and_the_rest_counted(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(LINES[0]) + "\n{oops\n", encoding="utf-8")
    data = stats_json(capsys, path)
    assert data["skipped_lines"] == 1
    assert data["overall"]["quotes"]["total"] == 3
    assert "mixed.jsonl, line 2: skipped, not JSON" in data["_stderr"]


def test_articles_instead_of_extract_output_get_a_clear_error(tmp_path, capsys):
    path = tmp_path / "articles.jsonl"
    path.write_text('{"id": "a", "text": "Ann said so."}\n', encoding="utf-8")
    assert main(["stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert "articles.jsonl" in err and "whosaid extract" in err


def test_missing_input_is_named(tmp_path, capsys):
    assert main(["stats", str(tmp_path / "nowhere.jsonl")]) == 1
    assert "nowhere.jsonl: no such file" in capsys.readouterr().err


def test_reads_a_store(tmp_path, capsys):
    pytest.importorskip("duckdb")
    from whosaid.records import Article, ArticleResult, Quote, Speaker
    from whosaid.store import Store

    def result(article_id, rows):
        quotes = [
            Quote(content=((i * 10, i * 10 + 5),), source=(), cue=(), kind="direct", speaker=name,
                  speaker_kind=kind, text="words", gender=gender)
            for i, (name, kind, gender) in enumerate(rows)
        ]
        people = {name: Speaker(name=name, kind=kind, gender=gender, quoted=True) for name, kind, gender in rows if name}
        return ArticleResult(id=article_id, quotes=quotes, speakers=list(people.values()))

    db = tmp_path / "news.duckdb"
    with Store(str(db)) as store:
        text = "x" * 60
        store.add(Article(id="s1", text=text + "1", outlet="Harbour Times", date="2024-03-02"),
                  result("s1", [("Ann Lidell", "person", "female"), ("the ministry", "organization", "unknown")]))
        store.add(Article(id="s2", text=text + "2", outlet="Valley Post", date="2024-04-09"),
                  result("s2", [("Bram Tolle", "person", "male"), ("Quill Vant", "person", "unknown")]))
    data = stats_json(capsys, db, "--by", "outlet")
    quotes = data["overall"]["quotes"]
    assert (quotes["total"], quotes["no_person_speaker"]) == (3, 1)
    assert [quotes[g]["count"] for g in ("female", "male", "unknown")] == [1, 1, 1]
    assert data["overall"]["speakers"]["total"] == 3
    assert [g["outlet"] for g in data["groups"]] == ["Harbour Times", "Valley Post"]


def test_shares_resting_on_few_quotes_are_marked_as_on_the_dashboard(extract_file, tmp_path, capsys):
    from whosaid.serve.queries import SMALL_SAMPLE_QUOTES

    few = stats_json(capsys, extract_file, "--by", "outlet")
    assert few["overall"]["quotes"]["small_sample"] is True
    assert all(g["quotes"]["small_sample"] for g in few["groups"])
    assert main(["stats", str(extract_file), "--by", "outlet"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"† Only 6 quotes from people: fewer than {SMALL_SAMPLE_QUOTES}" in out
    assert "Valley Post 3†" in out and f"†: fewer than {SMALL_SAMPLE_QUOTES} quotes" in out

    enough = tmp_path / "enough.jsonl"
    line = {"id": "big", "outlet": "Big Daily", "quotes": [quote(f"Person {i}", "female") for i in range(SMALL_SAMPLE_QUOTES)]}
    enough.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert stats_json(capsys, enough)["overall"]["quotes"]["small_sample"] is False
    assert main(["stats", str(enough), "--by", "outlet"]) == 0
    assert "†" not in capsys.readouterr().out


def test_the_title_counts_every_article_read_and_names_the_act_of_its_quotes(tmp_path, capsys, monkeypatch):
    lines = [
        {"id": "k1", "outlet": "Kestrel Weekly", "date": "2025-05-06", "quotes": [quote("Ada Vesk", "female")]},
        {"id": "k2", "date": "2025-05-07", "quotes": [{**quote("Ada Vesk", "female"), "act": "thought"}]},
        {"id": "k3", "outlet": "Kestrel Weekly", "quotes": []},
    ]
    path = tmp_path / "quotes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    data = stats_json(capsys, path)
    assert (data["articles_read"], data["overall"]["articles"], data["quotes_of_every_act"]) == (3, 1, 2)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["stats", str(path), "--by", "outlet", "--by", "month"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "3 articles, 1 speech quote (2 of every act)" in out
    assert "left out: 1 thought " in out  # an act, not the column of quotes with no person speaker
    assert main(["stats", str(path), "--act", "all", "--by", "outlet", "--by", "month"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "3 articles, 2 quotes of every act" in out
    # A missing outlet is named as the dashboard names it.
    assert "(none)" not in out and "(no outlet) 2025-05" in out
