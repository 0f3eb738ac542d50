"""The transformer encoder: loaded offline from the installed package, deterministic,
aligned to spaCy tokens, windowed over long texts, and a sentence model that ranks
paraphrases first."""

from __future__ import annotations

import importlib.metadata
import importlib.util

import numpy as np
import pytest

from whosaid.encoder import Encoder, EncoderNotInstalled
from whosaid.encoder import weights



def same_states(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal states, to float32 rounding: a BLAS may add a matrix product's terms in another order when
    the product has more rows (OpenBLAS's kernels on AMD EPYC do), so a sequence packed with others can
    differ from its forward alone in the last bits, never by more."""
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-5, atol=1e-5)

@pytest.fixture(scope="module")
def encoder():
    try:
        return Encoder.load()
    except EncoderNotInstalled as error:
        pytest.fail(str(error))


def test_missing_package_names_the_install_command(monkeypatch):
    def missing(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(EncoderNotInstalled, match="requirements/models.txt"):
        Encoder.load()


def test_unreadable_archive_is_named(tmp_path):
    bad = tmp_path / "model.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(EncoderNotInstalled, match=str(bad)):
        weights.read_archive(bad)


def test_loading_never_imports_the_package(encoder):
    import sys

    assert weights.PACKAGE not in sys.modules
    assert weights.archive_path().name == "model.zip"


PARAPHRASES = [
    ("The minister said the new budget would cut taxes for families.",
     "According to the minister, the budget lowers taxes on households.",
     "Heavy snow closed the mountain roads overnight."),
    ("Heavy snow closed the mountain roads overnight.",
     "The roads through the mountains were shut by snowfall during the night.",
     "The minister said the new budget would cut taxes for families."),
    ("The striker scored twice in the second half.",
     "He netted two goals after the break.",
     "The bakery on Elm Street sells rye bread."),
    ("The bakery on Elm Street sells rye bread.",
     "You can buy rye loaves at the Elm Street bakery.",
     "The striker scored twice in the second half."),
    ("Investors pulled money out of tech stocks on Tuesday.",
     "On Tuesday shareholders sold off technology shares.",
     "My grandmother knits scarves every winter."),
]


def test_paraphrases_rank_above_unrelated_sentences(encoder):
    sentences = [s for triple in PARAPHRASES for s in triple]
    vectors = encoder.sentence_embeddings(sentences)
    assert vectors.shape == (len(sentences), encoder.width)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for k in range(len(PARAPHRASES)):
        anchor, paraphrase, unrelated = vectors[3 * k: 3 * k + 3]
        assert anchor @ paraphrase > anchor @ unrelated + 0.2
    # Among every other sentence, an anchor's nearest is its paraphrase.
    anchors = vectors[0::3]
    candidates = vectors[1::3]
    assert list(np.argmax(anchors @ candidates.T, axis=1)) == list(range(len(PARAPHRASES)))


def test_same_input_same_output(encoder):
    words = "The governor told reporters she would veto the bill .".split()
    first = encoder.word_states(words, layers=(3, 6))
    encoder.word_states("Something else entirely , in between .".split(), layers=(6,))
    second = encoder.word_states(words, layers=(3, 6))
    assert np.array_equal(first, second)


def test_word_states_align_with_spacy_tokens(encoder, nlp):
    doc = nlp("Officials in the U.S. said on Tuesday:\n\nthe unbelievably large shipment arrived.")
    states = encoder.word_states(doc, layers=(2, 6))
    assert states.shape == (2, len(doc), encoder.width)
    # The same words as strings give the same rows: the rows are the tokens'.
    assert np.array_equal(states, encoder.word_states([t.text for t in doc], layers=(2, 6)))
    for token in doc:
        empty = not np.any(states[:, token.i])
        assert empty == token.is_space, token.text
    sub = encoder.subword_states([t.text for t in doc], layers=(6,))
    first = {}
    for position, word in enumerate(sub.word_of):
        first.setdefault(int(word), position)
    for token in doc:
        if not token.is_space:
            assert np.array_equal(states[1, token.i], sub.states[0, first[token.i]])
    # "U.S." and "unbelievably" are several subwords; the mean differs from the first.
    us = next(t.i for t in doc if t.text == "U.S.")
    assert np.sum(sub.word_of == us) > 1
    mean = encoder.word_states(doc, layers=(6,), pooling="mean")
    assert np.allclose(mean[0, us], sub.states[0, sub.word_of == us].mean(axis=0), atol=1e-6)
    assert not np.allclose(mean[0, us], states[1, us])


def test_states_are_contextual(encoder):
    river = encoder.word_states("They fished from the river bank .".split())[0, 4]
    money = encoder.word_states("They borrowed from the savings bank .".split())[0, 4]
    again = encoder.word_states("They fished from the river bank .".split())[0, 4]
    assert np.array_equal(river, again)
    assert not np.allclose(river, money, atol=1e-2)


def test_fewer_layers_give_the_same_middle_states(encoder):
    words = "The spokesman denied the report .".split()
    both = encoder.word_states(words, layers=(3, 6))
    middle = encoder.word_states(words, layers=(3,))
    assert np.array_equal(both[0], middle[0])
    assert not np.allclose(both[0], both[1])


def test_long_texts_run_in_windows_cut_at_word_starts(encoder):
    small = Encoder(encoder.bert, encoder.tokenizer, window=40, overlap=10)
    words = ("The mayor said the new bridge , which cost 40 million dollars , would open in "
             "spring . Critics disagreed and called the project unaffordable . ").split() * 6
    sub = small.subword_states(words, layers=(6,))
    windows = sub.windows
    assert len(windows) > 3
    assert windows[0][0] == 0 and windows[-1][1] == len(sub.ids)
    starts = set(np.flatnonzero(np.r_[True, sub.word_of[1:] != sub.word_of[:-1]]).tolist())
    for (begin, end), (next_begin, _) in zip(windows, windows[1:]):
        assert end - begin <= 38
        assert begin in starts and end in starts
        assert begin < next_begin <= end  # consecutive windows touch or overlap
    assert np.all(np.any(sub.states[0] != 0, axis=1))  # every subword got a state
    # A subword in the middle of a window keeps that window's own state.
    begin, end = windows[2]
    alone = small.bert.forward(np.r_[small.cls, sub.ids[begin:end], small.sep])[6][1:-1]
    centre = (begin + end) // 2
    assert same_states(sub.states[0, centre], alone[centre - begin])
    # Windowed states stay close to the states of one long window.
    whole = encoder.subword_states(words, layers=(6,)).states[0]
    cosine = np.sum(whole * sub.states[0], axis=1) / (
        np.linalg.norm(whole, axis=1) * np.linalg.norm(sub.states[0], axis=1))
    assert np.median(cosine) > 0.8


def test_bad_arguments_are_named(encoder):
    with pytest.raises(ValueError, match="layers"):
        encoder.word_states(["a"], layers=(7,))
    with pytest.raises(ValueError, match="pooling"):
        encoder.word_states(["a"], pooling="max")
    assert encoder.word_states([], layers=(1,)).shape == (1, 0, encoder.width)


def test_sequences_run_together_get_their_own_states(encoder, monkeypatch):
    from whosaid.encoder import bert

    small = Encoder(encoder.bert, encoder.tokenizer, window=40, overlap=10)
    texts = [
        "The mayor said the bridge would open in spring .".split(),
        [],
        ("Critics disagreed , and called the project , which cost 40 million dollars , "
         "an unaffordable folly that the city would regret for decades . ").split() * 3,  # several windows
        "Yes .".split(),
    ]
    alone = [small.word_states(words, layers=(2, 3)) for words in texts]
    for rows in (bert.PACK_ROWS, 45):  # one pack, then packs of a window or two each
        monkeypatch.setattr(bert, "PACK_ROWS", rows)
        together = small.word_states_many(texts, layers=(2, 3))
        assert len(together) == len(texts)
        for one, many in zip(alone, together):
            assert one.shape == many.shape
            assert same_states(one, many)
    # The model's own forward of one sequence is the packed forward of that sequence alone.
    ids = np.r_[encoder.cls, encoder.tokenize(texts[0])[0], encoder.sep]
    single = encoder.bert.forward(ids, depth=3)
    packed = encoder.bert.forward_many([ids[:4], ids, ids[2:]], depth=3)[1]
    assert all(same_states(a, b) for a, b in zip(single, packed))
    with pytest.raises(ValueError, match="positions"):
        encoder.bert.forward_many([ids, np.zeros(encoder.bert.config.max_positions + 1, dtype=np.int64)])


def test_gelu_is_the_erf_gelu_whatever_the_block_of_rows(monkeypatch):
    import math

    from whosaid.encoder import bert

    x = np.random.default_rng(0).normal(0, 3, size=(150, 24)).astype(np.float32)
    exact = np.vectorize(lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2))))(x.astype(np.float64))
    whole = bert.gelu(x.copy())
    assert np.abs(whole - exact).max() < 1e-5
    monkeypatch.setattr(bert, "GELU_ROWS", 7)  # blocks that do not divide the rows
    assert np.array_equal(bert.gelu(x.copy()), whole)
