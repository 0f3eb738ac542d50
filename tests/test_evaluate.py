"""whosaid evaluate reports exactly the figures of the project's scorer."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import shared_path
from whosaid.cli import main
from whosaid.evaluate import read_jsonl, score


def _dev_sample():
    gold = read_jsonl(shared_path("data", "polnear", "dev-speakers.jsonl"))
    return dict(list(gold.items())[:6])


GOLD = None


def _gold():
    global GOLD
    if GOLD is None:
        GOLD = _dev_sample()
    return GOLD


def _jitter(span, rng, text_len):
    start, end = span
    start = min(max(0, start + rng.randint(-15, 15)), text_len)
    end = min(max(start, end + rng.randint(-15, 15)), text_len)
    return [start, end]


def _name_variants(name):
    """Names the scorer must tell apart or join: another first name, a title, the acronym."""
    if not name:
        return []
    words = name.split()
    variants = [f"Mr. {words[-1]}", "".join(w[0].upper() for w in words)]
    if len(words) > 1:
        variants.append(" ".join(["Alexandra", *words[1:]]))
    return variants


def _perturbed(gold, seed: int):
    """Predictions that are partly right: spans moved, attributions dropped and invented, names changed."""
    rng = random.Random(seed)
    predictions = {}
    for doc_id, doc in gold.items():
        if rng.random() < 0.1:
            continue  # an article with no prediction line at all
        n = len(doc["text"])
        quotes = []
        for att in doc["attributions"]:
            if rng.random() < 0.2:
                continue
            quote = {role: [_jitter(s, rng, n) for s in att.get(role) or []] for role in ("source", "cue", "content")}
            if rng.random() < 0.2:
                quote["source"] = []
            speaker = att.get("speaker")
            quote["speaker"] = rng.choice([speaker, None, "Someone Else", {"name": speaker}, *_name_variants(speaker)])
            quote["gender"] = rng.choice([att.get("gender"), "unknown", "female", "male", None])
            quotes.append(quote)
        for _ in range(rng.randint(0, 2)):
            start = rng.randrange(0, max(1, n - 80))
            quotes.append({"content": [{"start": start, "end": start + 60}], "source": [[start, start + 5]]})
        predictions[doc_id] = {"id": doc_id, "quotes": quotes}
    return predictions


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_figures_equal_the_reference_scorer(reference_scorer, seed):
    gold = _gold()
    predictions = _perturbed(gold, seed)
    assert score(gold, predictions) == reference_scorer.score(gold, predictions)


def test_perfect_predictions_score_one(reference_scorer):
    gold = _gold()
    report = score(gold, gold)
    assert report["attribution"]["f1"] == 1.0
    assert report["speaker"]["r"] == 1.0
    assert report == reference_scorer.score(gold, gold)


def test_cli_prints_the_reference_table(tmp_path, capsys, reference_scorer):
    gold_path = shared_path("data", "seed", "gold.jsonl")
    gold = read_jsonl(gold_path)
    predictions = _perturbed(gold, seed=7)
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(d) + "\n" for d in predictions.values()))

    assert main(["evaluate", str(gold_path), "--predictions", str(pred_path)]) == 0
    ours = capsys.readouterr().out
    reference_scorer.main([str(gold_path), str(pred_path)])
    assert ours == capsys.readouterr().out


def test_unreadable_gold_names_the_line(tmp_path, capsys):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "text": "x", "attributions": []}\n{not json\n')
    assert main(["evaluate", str(bad), "--predictions", str(bad)]) == 1
    assert "line 2" in capsys.readouterr().err


def test_a_file_without_attributions_is_not_a_gold_file(tmp_path, capsys):
    extract_output = tmp_path / "quotes.jsonl"
    extract_output.write_text(json.dumps({"id": "a", "text": "Vote", "quotes": []}) + "\n")
    assert main(["evaluate", str(extract_output), "--predictions", str(extract_output)]) == 1
    err = capsys.readouterr().err
    assert f"{extract_output}: not a gold file" in err and "--predictions" in err


def test_a_gold_file_with_an_unannotated_article_names_it(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "a", "text": "x", "attributions": []}) + "\n" + json.dumps({"id": "b", "text": "y"}) + "\n"
    )
    assert main(["evaluate", str(gold), "--predictions", str(gold)]) == 1
    assert "article 'b' has no \"attributions\" list" in capsys.readouterr().err


def test_speaker_names_match_as_the_scorer_matches_them(reference_scorer):
    text = "The Federal Bureau of Investigation said it. Hillary Clinton said so. Donald Trump said no."
    gold = {"a": {"id": "a", "text": text, "attributions": [
        {"content": [[0, 44]], "speaker": "Federal Bureau of Investigation"},
        {"content": [[45, 69]], "speaker": "Hillary Clinton"},
        {"content": [[70, 91]], "speaker": "Donald Trump"},
    ]}}
    cases = [("FBI", "Bill Clinton", "Mr. Trump", 2), ("F.B.I.", "Clinton", "Donald J. Trump", 3),
             ("CIA", "Hillary Rodham Clinton", "Ivanka Trump", 1)]
    for fbi, clinton, trump, right in cases:
        pred = {"a": {"id": "a", "quotes": [
            {"content": [[0, 44]], "speaker": fbi},
            {"content": [[45, 69]], "speaker": clinton},
            {"content": [[70, 91]], "speaker": trump},
        ]}}
        report = score(gold, pred)
        assert report["speaker"]["tp"] == right, (fbi, clinton, trump)
        assert report == reference_scorer.score(gold, pred)


def _span(text, part):
    start = text.index(part)
    return [[start, start + len(part)]]


HARBOUR = 'Harbour\n\n"The quay opens in May," Ann Lidell said. She thinks the ferry will be late.'


def _harbour_gold(**speaker_fields):
    text = HARBOUR
    att = {"source": _span(text, "Ann Lidell"), "cue": _span(text, "said"),
           "content": _span(text, '"The quay opens in May,"'), **speaker_fields}
    return {"id": "h", "text": text, "attributions": [att]}


def test_a_left_out_row_is_named_with_its_reason_and_the_table_stays_the_scorers(
        tmp_path, capsys, reference_scorer):
    cases = {
        "bare": ({}, ["the speaker row is left out", "the gender row is left out: no attribution"]),
        "no-evidence": ({"speaker": "Ann Lidell", "gender": "female"}, ['the gender row is left out: no attribution']),
        "shown": ({"speaker": "Ann Lidell", "gender": "female", "gender_evidence": "text"}, []),
    }
    for name, (fields, reasons) in cases.items():
        gold_path = tmp_path / f"{name}.jsonl"
        gold_path.write_text(json.dumps(_harbour_gold(**fields)) + "\n")
        assert main(["evaluate", str(gold_path), "--predictions", str(gold_path)]) == 0
        ours = capsys.readouterr()
        notes = [line for line in ours.err.splitlines() if "row is left out" in line]
        assert len(notes) == len(reasons) and all(r in n for r, n in zip(reasons, notes)), (name, ours.err)
        reference_scorer.main([str(gold_path), str(gold_path)])
        assert ours.out == capsys.readouterr().out
    # The gender shown but the speaker got wrong: the row is left out for that reason instead.
    gold_path = tmp_path / "shown.jsonl"
    wrong = _harbour_gold(speaker="Bea Norrie", gender="female")
    pred_path = tmp_path / "wrong.jsonl"
    pred_path.write_text(json.dumps({"id": "h", "quotes": wrong["attributions"]}) + "\n")
    assert main(["evaluate", str(gold_path), "--predictions", str(pred_path)]) == 0
    assert "none of the 1 attributions whose gender the article shows" in capsys.readouterr().err
