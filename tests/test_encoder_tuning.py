"""Fine-tuning the encoder: per-word tags exported from annotated articles, the packing
the trainer reads them with, and tuned layers loaded into the numpy forward. The
training itself needs torch, which only the training environment has."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from safetensors.numpy import save_file

from training import finetune_encoder
from training.export_token_tags import TAGS, export, word_tags
from whosaid.encoder import Encoder, EncoderNotInstalled
from whosaid.encoder.bert import Bert
from whosaid.encoder.weights import WEIGHTS_SHA256, read_archive, read_tuned_layers

FIRST = "Mayor Ana Ruiz said the bridge would reopen in May. The council, she told reporters, agreed."
SECOND = "Rain fell all night. Officials warned that roads near the river could flood again by morning."


def _span(text: str, part: str, occurrence: int = 0) -> list[list[int]]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return [[start, start + len(part)]]


ARTICLES = [
    {"text": FIRST, "attributions": [
        {"source": _span(FIRST, "Mayor Ana Ruiz"), "cue": _span(FIRST, "said"),
         "content": _span(FIRST, "the bridge would reopen in May")},
        # The second quote's content holds its own cue and source, which keep their tags.
        {"source": _span(FIRST, "she"), "cue": _span(FIRST, "told"),
         "content": _span(FIRST, "The council, she told reporters, agreed")},
    ]},
    {"text": SECOND, "attributions": [
        {"source": _span(SECOND, "Officials"), "cue": _span(SECOND, "warned"),
         "content": _span(SECOND, "roads near the river could flood again by morning")},
    ]},
]


@pytest.fixture(scope="module")
def base():
    try:
        return read_archive()
    except EncoderNotInstalled as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(a["text"]) for a in ARTICLES]


def test_a_word_takes_the_narrowest_role_covering_it(docs):
    doc = docs[0]
    tags = dict(zip([t.text for t in doc], [TAGS[k] for k in word_tags(doc, ARTICLES[0]["attributions"])]))
    assert [tags[w] for w in ("Ruiz", "said", "bridge", "May")] == ["source", "cue", "content", "content"]
    # Inside the second quote's content, its cue and source are not content.
    assert [tags[w] for w in ("council", "she", "told", "agreed")] == ["content", "source", "cue", "content"]
    assert set(word_tags(docs[1], [])) == {0}


def test_export_writes_every_word_once_aligned_to_its_subwords(tmp_path, base, docs):
    config, tensors, tokenizer_json = base
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tokenizer_json)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    # A window of 10 subwords cuts the longer sentences into pieces.
    encoder = Encoder(Bert(config, tensors), tokenizer, window=10, overlap=0)
    path = tmp_path / "rows.jsonl"
    written = export(ARTICLES, docs, encoder, path, log=lambda *_: None)
    rows = finetune_encoder.read_rows(path)
    assert written == len(rows) > sum(len(list(d.sents)) for d in docs)
    for k, doc in enumerate(docs):
        mine = [r for r in rows if r["article"] == k]
        words = [w for r in mine for w in range(r["start"], r["start"] + len(r["tags"]))]
        assert words == list(range(len(doc)))
        tags = word_tags(doc, ARTICLES[k]["attributions"])
        assert [t for r in mine for t in r["tags"]] == tags
        for row in mine:
            assert len(row["ids"]) <= 8 and len(row["ids"]) == len(row["word_of"])
            assert row["word_of"][0] == 0 and row["word_of"][-1] == len(row["tags"]) - 1
            encoding = tokenizer.encode([doc[row["start"] + w].text for w in range(len(row["tags"]))],
                                        is_pretokenized=True, add_special_tokens=False)
            assert (row["ids"], row["word_of"]) == (encoding.ids, encoding.word_ids)
    said = next(r for r in rows if r["article"] == 0 and "say" in r["lemmas"])
    position = said["lemmas"].index("say")
    assert said["anchor"][position] == 1 and said["candidate"][position] == 1
    assert sum(r["anchor"][i] for r in rows for i in range(len(r["tags"]))) == 3


def test_windows_hold_whole_sentences_within_the_limit():
    rows = [{"ids": [7] * n} for n in (5, 3, 9, 1, 12)]
    windows = finetune_encoder.pack(rows, window=12)
    assert [k for w in windows for k in w] == list(range(5))
    for window in windows:
        assert sum(len(rows[k]["ids"]) + 2 for k in window) <= 12 or len(window) == 1
    assert windows == [[0, 1], [2], [3], [4]]
    assert finetune_encoder.first_subwords([0, 0, 1, 2, 2, 2, 3]) == [0, 2, 3, 6]


def _copy_of_layers(tensors: dict, layers=(0, 1, 2), dtype=np.float16) -> dict:
    return {name: value.astype(dtype) for name, value in tensors.items()
            if any(name.startswith(f"encoder.layer.{k}.") for k in layers)}


def test_tuned_layers_replace_only_their_own(tmp_path, base):
    config, tensors, _ = base
    tuned = _copy_of_layers(tensors)
    tuned["encoder.layer.2.output.LayerNorm.weight"] = (tuned["encoder.layer.2.output.LayerNorm.weight"] * 1.5)
    path = tmp_path / "layers.safetensors"
    save_file(tuned, str(path), metadata={"base_sha256": WEIGHTS_SHA256, "layers": "3"})
    replaced = read_tuned_layers(path, tensors)
    assert set(replaced) == set(tuned) and all(v.dtype == np.float32 for v in replaced.values())

    ids = np.array([101, 1996, 2533, 2056, 1012, 102])
    before = Bert(config, tensors).forward(ids, depth=4)
    after = Bert(config, {**tensors, **replaced}).forward(ids, depth=4)
    # Layers 0 and 1 were copied at float16: the states move only by that rounding.
    assert np.abs(after[2] - before[2]).max() < 0.05
    assert np.abs(after[3] - before[3]).max() > 0.5
    # Layer 4 is the installed one, fed the changed layer-3 states.
    assert not np.allclose(after[4], before[4])


def test_tuned_layers_load_through_the_encoder(tmp_path, base):
    config, tensors, _ = base
    path = tmp_path / "layers.safetensors"
    save_file(_copy_of_layers(tensors, (0,), np.float32), str(path), metadata={"base_sha256": WEIGHTS_SHA256})
    words = ["The", "minister", "said", "nothing", "."]
    assert np.array_equal(Encoder.load(tuned=path).word_states(words, layers=(3,)),
                          Encoder(Bert(config, tensors), Encoder.load().tokenizer).word_states(words, layers=(3,)))


@pytest.mark.parametrize("problem", ["digest", "embeddings", "shape", "not a file"])
def test_tuned_layers_that_do_not_fit_are_refused(tmp_path, base, problem):
    _, tensors, _ = base
    tuned = _copy_of_layers(tensors, (0,))
    metadata = {"base_sha256": "0" * 64 if problem == "digest" else WEIGHTS_SHA256}
    if problem == "embeddings":
        tuned["embeddings.word_embeddings.weight"] = tensors["embeddings.word_embeddings.weight"]
    if problem == "shape":
        tuned["encoder.layer.0.output.dense.bias"] = np.zeros(7, dtype=np.float16)
    path = tmp_path / "layers.safetensors"
    if problem == "not a file":
        path.write_bytes(b"not safetensors")
    else:
        save_file(tuned, str(path), metadata=metadata)
    with pytest.raises(ValueError):
        read_tuned_layers(path, tensors)


def _training_python() -> str:
    """A Python with torch: ``WHOSAID_TRAIN_PYTHON`` (the separate training environment)
    or this one if it has torch."""
    named = os.environ.get("WHOSAID_TRAIN_PYTHON")
    if named:
        return named
    if importlib.util.find_spec("torch") is None:
        pytest.skip("torch is installed only in the training environment; set WHOSAID_TRAIN_PYTHON "
                    "to its python to run this (docs/encoder.md, Fine-tuning the encoder)")
    return sys.executable


def test_a_tiny_fine_tuning_run_is_read_back_by_the_numpy_forward(tmp_path, base, docs):
    from training.tuned_encoder_report import check
    from whosaid.encoder import archive_path

    python = _training_python()
    rows = tmp_path / "rows.jsonl"
    export(ARTICLES, docs, Encoder.load(overlap=0), rows, log=lambda *_: None)
    out = tmp_path / "run"
    subprocess.run([python, finetune_encoder.__file__, "--rows", str(rows), "--archive", str(archive_path()),
                    "--out", str(out), "--lr", "1e-3", "--window", "64"], check=True, timeout=300)
    head = json.loads((out / "head.json").read_text())
    assert head["training"]["steps"] >= 1 and head["layer"] == 3
    assert check(out) < 1e-3
    _, tensors, _ = base
    tuned = read_tuned_layers(out / "layers.safetensors", tensors)
    assert len(tuned) == 3 * 16
    weight = "encoder.layer.0.output.dense.weight"
    assert np.abs(tuned[weight] - tensors[weight]).max() > 1e-3
    probabilities = np.load(out / "predictions.npz")["probabilities"]
    assert probabilities.shape == (len(docs[1]), len(TAGS))
    assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-4)

    # Shipped beside a model, the run's layers and heads give at inference what the run
    # predicted for the article it did not train on.
    from training.encoder_cues import tuned_tagger
    from whosaid.attribute.candidates import candidate_indices
    from whosaid.attribute.encoder_cues import CueHead, EncoderCues

    tagger = tuned_tagger(out, tmp_path / "model", "layers.safetensors")
    frozen = CueHead(layer=3, mean=np.zeros(384, np.float32), scale=np.ones(384, np.float32),
                     weights=np.zeros(384, np.float32), intercept=0.0)
    cues = EncoderCues(frozen, tuned=tagger)
    doc = docs[1]
    tags = cues.word_tags(doc)[list(range(len(doc))), :]
    assert np.allclose(tags, probabilities, atol=1e-4, equal_nan=True)
    anchor = np.load(out / "predictions.npz")["anchor"]
    for i in candidate_indices(doc, None):
        assert cues.probability(doc[i]) == pytest.approx(float(anchor[i]), abs=1e-4)

    # The run on every article (what a pipeline ships) predicts nothing.
    everything = tmp_path / "all"
    subprocess.run([python, finetune_encoder.__file__, "--rows", str(rows), "--archive", str(archive_path()),
                    "--out", str(everything), "--train-half", "all", "--window", "64"], check=True, timeout=300)
    settings = json.loads((everything / "head.json").read_text())["settings"]
    assert settings["train_half"] == "all" and not (everything / "predictions.npz").exists()
    assert len(read_tuned_layers(everything / "layers.safetensors", tensors)) == 3 * 16


def test_each_article_reads_the_cue_probability_of_the_run_that_did_not_train_on_it(tmp_path, docs):
    from training.encoder_cues import tuned_cue_table
    from whosaid.attribute.candidates import candidate_indices

    rows_path = tmp_path / "rows.jsonl"
    export(ARTICLES, docs, Encoder.load(overlap=0), rows_path, log=lambda *_: None)
    rows = finetune_encoder.read_rows(rows_path)
    runs = []
    for half in (0, 1):
        run = tmp_path / f"half-{half}"
        run.mkdir()
        (run / "head.json").write_text(json.dumps({"settings": {"train_half": half}}))
        held = [r for r in rows if r["article"] % 2 != half]
        # Each word's value names its article and token, so a misplaced one shows.
        anchor = np.array([(r["article"] * 1000 + r["start"] + w) / 10_000 for r in held for w in range(len(r["tags"]))])
        np.savez(run / "predictions.npz", anchor=anchor, probabilities=np.zeros((len(anchor), len(TAGS))))
        runs.append(run)
    table = tuned_cue_table(rows_path, runs, docs)
    for k, doc in enumerate(docs):
        assert table[id(doc)] == {i: (k * 1000 + i) / 10_000 for i in candidate_indices(doc, None)}
    with pytest.raises(ValueError, match="one run per half"):
        tuned_cue_table(rows_path, runs[:1], docs)
    np.savez(runs[0] / "predictions.npz", anchor=np.zeros(3), probabilities=np.zeros((3, len(TAGS))))
    with pytest.raises(ValueError, match="line up"):
        tuned_cue_table(rows_path, runs, docs)


def _report_run(path, half, probabilities, anchor):
    path.mkdir()
    (path / "head.json").write_text(json.dumps({"settings": {"train_half": half}, "training": {"steps": 1}}))
    np.savez(path / "predictions.npz", probabilities=np.asarray(probabilities, np.float32),
             anchor=np.asarray(anchor, np.float32))


def test_the_report_measures_runs_of_other_settings_on_the_same_held_out_words(tmp_path):
    from training.tuned_encoder_report import report

    # Article 0 is trained on (half 0); articles 1 and 3 are held out. The lemma "claim"
    # anchors a cue only in the held-out half, so its word is unseen there.
    rows = [
        {"article": 0, "tags": [2, 1, 3], "anchor": [0, 1, 0], "candidate": [0, 1, 1], "lemmas": ["she", "say", "tax"]},
        {"article": 1, "tags": [2, 1, 3, 0], "anchor": [0, 1, 0, 0], "candidate": [0, 1, 1, 1],
         "lemmas": ["he", "claim", "rise", "rain"]},
        {"article": 2, "tags": [0], "anchor": [0], "candidate": [1], "lemmas": ["rain"]},
        {"article": 3, "tags": [1, 3], "anchor": [1, 0], "candidate": [1, 1], "lemmas": ["say", "rise"]},
    ]
    gold = [2, 1, 3, 0, 1, 3]
    exact = np.eye(4)[gold]
    exact[4] = np.nan  # a word without a subword is measured by no run
    _report_run(tmp_path / "right", 0, exact, [0, 0.9, 0.1, 0.1, 0.9, 0.1])
    # The other setting calls the unseen cue "claim" content and its anchor unlikely.
    wrong = np.eye(4)[[2, 3, 3, 0, 1, 3]]
    _report_run(tmp_path / "other", 0, wrong, [0, 0.1, 0.1, 0.1, 0.9, 0.1])

    figures = report(rows, tmp_path / "right", (tmp_path / "other",), log=lambda *_: None)
    assert figures["words"] == 5 and "frozen" not in figures["tags"]
    right, other = figures["tags"]["tuned"], figures["tags"][f"tuned {tmp_path / 'other'}"]
    assert right["cue"] == (1.0, 1.0, 1) and right["cue_unseen_recall"] == (1.0, 1)
    assert other["cue"][1] == 0.0 and other["content"][0] == pytest.approx(2 / 3)
    scores = figures["anchors"]["scores"]
    assert figures["anchors"]["anchors"] == 1 and figures["anchors"]["unseen"] == 1
    assert scores["tuned anchor head"][0.25][1] == 1.0
    assert scores[f"tuned {tmp_path / 'other'} anchor head"][0.25][1] == 0.0

    _report_run(tmp_path / "half-1", 1, np.eye(4)[[3, 0]], [0.1, 0.1])
    with pytest.raises(ValueError, match="not the same held-out words"):
        report(rows, tmp_path / "right", (tmp_path / "half-1",), log=lambda *_: None)
