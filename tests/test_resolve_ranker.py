"""The candidate ranker of the resolve stage: its JSON format, its features, and
descriptions that must go to the entity the article described, not the nearest one."""

from __future__ import annotations

import json

import pytest

from whosaid.parse import load_pipeline
from whosaid.resolve import ranker as learned
from whosaid.resolve.ranker import FEATURES, FORMAT, Ranker
from whosaid.resolve.resolver import Resolver
from tests.test_resolve import attribution, run, speaker


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def one_feature_ranker(feature: str, weight: float = 1.0, kinds=("pronoun", "person", "organization")) -> Ranker:
    weights = tuple(weight if name == feature else 0.0 for name in FEATURES)
    zeros, ones = (0.0,) * len(FEATURES), (1.0,) * len(FEATURES)
    return Ranker({k: weights for k in kinds}, {k: zeros for k in kinds}, {k: ones for k in kinds})


def test_ranker_json_round_trip_loads_and_ranks(tmp_path):
    model = one_feature_ranker("mentions")
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    loaded = learned.load_ranker(path)
    assert loaded == model
    rows = {
        3: tuple(1.0 if n == "hand" else 0.5 if n == "mentions" else 0.0 for n in FEATURES),
        7: tuple(2.0 if n == "mentions" else 0.0 for n in FEATURES),
    }
    assert loaded.best("pronoun", rows) == 7
    # With no weights for a kind, the ranker does not decide.
    assert Ranker({}, {}, {}).best("pronoun", rows) is None


def test_ranker_json_with_other_features_or_format_is_refused():
    data = one_feature_ranker("mentions").to_json()
    with pytest.raises(ValueError, match="other features"):
        Ranker.from_json({**data, "features": list(FEATURES[:-1])})
    with pytest.raises(ValueError, match="format"):
        Ranker.from_json({**data, "format": "something-else/1"})
    assert data["format"] == FORMAT


def test_recorded_pronoun_decision_describes_each_candidate(nlp):
    text = (
        "Budget vote\n\n"
        "Senator Mark Olsen spoke first. Governor Tom Reyes answered on Friday.\n\n"
        "He said the budget was balanced."
    )
    with learned.recording() as decisions:
        resolver = Resolver(nlp(text))
    he = next(t.i for t in resolver.doc if t.text == "He")
    decision = next(d for d in decisions if d.token == he)
    names = {resolver.table[k].canonical: row for k, row in decision.rows.items()}
    assert set(names) == {"Mark Olsen", "Tom Reyes"}
    column = {name: i for i, name in enumerate(FEATURES)}
    assert names[resolver.table[decision.hand].canonical][column["hand"]] == 1.0
    # Reyes was the subject of the sentence just before; Olsen one sentence further back.
    assert names["Tom Reyes"][column["last_subject"]] == 1.0
    assert names["Tom Reyes"][column["sentences_back"]] < names["Mark Olsen"][column["sentences_back"]]


def test_a_ranker_in_use_overrules_the_salience_order(nlp):
    text = (
        "Budget vote\n\n"
        "Mark Olsen chairs the committee. Mark Olsen wrote the bill. Tom Reyes spoke against it.\n\n"
        "He said the budget was balanced."
    )
    found = attribution(text, "He", "said", "the budget was balanced")
    assert speaker(run(nlp, text, found)) == "Tom Reyes"  # the most recent subject
    with learned.using(one_feature_ranker("mentions")):
        assert speaker(run(nlp, text, found)) == "Mark Olsen"  # the most mentioned
    with learned.using(None):
        assert speaker(run(nlp, text, found)) == "Tom Reyes"


def test_the_russian_leader_is_the_russian_president_not_the_nearer_american(nlp):
    text = (
        "Summit ends\n\n"
        "Russian President Vladimir Petrov met American President John Carver in Vienna on Monday. "
        "Carver spoke to reporters after the talks.\n\n"
        "The Russian leader said the talks had been frank."
    )
    found = attribution(text, "The Russian leader", "said", "the talks had been frank")
    assert speaker(run(nlp, text, found)) == "Vladimir Petrov"


def test_the_company_is_the_company_not_the_person_named_last(nlp):
    text = (
        "Plant closes\n\n"
        "Northfield Steel Inc. will close its plant in Dayton. "
        "Mayor Linda Cole met the workers on Tuesday.\n\n"
        "The company said the decision was final."
    )
    found = attribution(text, "The company", "said", "the decision was final")
    result = run(nlp, text, found)
    assert speaker(result) == "Northfield Steel Inc."
    assert result.kinds == ["organization"]
