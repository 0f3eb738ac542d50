"""The verifier may read how often the cue's verb, and a noun object's head, take a clause in the
training text, with the kind of content the cue has, so that a predicate that does something to
its object ("The depot laid off 40 drivers") is told from one that reports ("The depot said the
drivers would be kept")."""

from __future__ import annotations

import dataclasses

from whosaid.attribute.candidates import Reading
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.features import NOUN_USES, VERB_USES, ClauseRates, clause_rate_features, content_shape
from whosaid.attribute.model import AttributionModel, load_model
from whosaid.attribute.tokens import token_table
from whosaid.quotes import find_quote_spans

RATES = ClauseRates(verbs={"say": 0.8, "lay": 0.0, "look": 0.02, "announce": 0.4},
                    nouns={"driver": 0.0, "plan": 0.3, "entrance": 0.0})


def _candidates(nlp, text, rates=RATES):
    doc = nlp(text)
    model = dataclasses.replace(load_model(), clause_rates=rates)
    return {c.anchor.text: c for c in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model)}


def _rate_features(nlp, text, anchor, rates=RATES):
    candidate = _candidates(nlp, text, rates)[anchor]
    return [f for f in candidate.features if f.split("=")[0] in ("vr", "nr", "vnr", "nk")]


def test_rates_are_counted_on_the_text_alone(nlp):
    said = "Mayor Elena Marsh said that the ferry would run again. "
    plan = "The council backed a plan to widen the road. "
    driver = "The depot hired a driver on Monday. "
    docs = [nlp(said * VERB_USES + plan * NOUN_USES + driver * VERB_USES), nlp("The bus was late.")]
    rates = ClauseRates.count(docs)
    assert rates.verbs["say"] == 1.0
    assert rates.verbs["hire"] == 0.0
    assert rates.nouns["plan"] == 1.0
    assert rates.nouns["driver"] == 0.0
    # Fewer uses than the floor: no rate, read as unseen.
    assert "widen" not in rates.verbs and "bus" not in rates.nouns
    assert ClauseRates.from_json(rates.to_json()) == rates


def test_the_content_kind_tells_objects_from_clauses(nlp):
    cases = {
        "The depot laid off 40 drivers on Friday.": ("laid", "noun"),
        "Ms. Ruiz looked at the entrance for a while.": ("looked", "pobj"),
        "The coach said the team had trained hard.": ("said", "clause"),
        "The delegates decided to leave early.": ("decided", "infinitive"),
    }
    for text, (cue, shape) in cases.items():
        doc = nlp(text)
        anchor = next(t for t in doc if t.text == cue)
        t = token_table(doc)
        candidate = _candidates(nlp, text)[cue]
        assert content_shape(t, anchor.i, candidate.parse_content, candidate.quoted)[0] == shape, text
    doc = nlp('The coach said: "We will be back."')
    assert content_shape(token_table(doc), 2, None, True) == ("quote", None)


def test_a_noun_object_is_read_with_its_verb_and_noun_rates(nlp):
    doc = nlp("The depot laid off 40 drivers on Friday.")
    laid = next(t for t in doc if t.text == "laid")
    drivers = next(t for t in doc if t.text == "drivers")
    assert clause_rate_features(laid, [drivers.i - 1, drivers.i], False, RATES) == [
        "vr=<.03|noun", "nr=0|noun", "vnr=<.03|0|noun"]
    doc = nlp("The carmaker announced a plan to close its plant.")
    announced = next(t for t in doc if t.text == "announced")
    content = [t.i for t in doc if t.i > announced.i and not t.is_punct]
    assert clause_rate_features(announced, content, False, RATES) == [
        "vr=<.5|noun", "nr=>=.15|noun", "vnr=<.5|>=.15|noun"]
    # A verb or noun without a rate is unseen.
    assert clause_rate_features(laid, [drivers.i - 1, drivers.i], False, ClauseRates({}, {})) == [
        "vr=unseen|noun", "nr=unseen|noun", "vnr=unseen|unseen|noun"]


def test_the_verifier_reads_the_rates_only_when_the_model_has_them(nlp):
    text = "Mayor Elena Marsh said the ferry would run again."
    assert _rate_features(nlp, text, "said") == ["vr=>=.5|clause"]
    assert _rate_features(nlp, text, "said", rates=None) == []


def test_a_model_file_keeps_its_rates(tmp_path):
    import json

    from whosaid.pipelines import get_pipeline

    data = json.loads(get_pipeline("fast").attribution_model.read_text(encoding="utf-8"))
    data["clause_rates"] = RATES.to_json()
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert AttributionModel.from_file(path).clause_rates == RATES
