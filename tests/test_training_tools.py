"""Measuring tools of training/: recall by cue-lemma frequency, the predicate sentences, the
cross-fitted tagger extraction."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from training.crossfit_tagger import held_out_half, model_with_tagger
from training.eval_attribution import load_scorer
from training.probe_predicates import OBJECT_SENTENCES, read_sentences
from training.recall_by_cue_lemma import band, recall_by_band


def spans_in(text: str):
    """``at(words)``: the one-fragment span of ``words``' first occurrence in ``text``, as gold and predictions give it."""
    def at(words: str) -> list[list[int]]:
        start = text.index(words)
        return [[start, start + len(words)]]
    return at


def test_bands_split_at_one_and_ten():
    assert [band(n) for n in (0, 1, 9, 10, 250)] == ["unseen", "1-9", "1-9", "10+", "10+"]


def test_recall_counts_a_gold_attribution_found_by_its_content_in_its_lemma_band(nlp):
    text = "The mayor said the bridge would reopen soon. Critics argued it was far too late."
    doc = nlp(text)

    at = spans_in(text)

    gold = [
        {"cue": at("said"), "source": at("The mayor"), "content": at("the bridge would reopen soon")},
        {"cue": at("argued"), "source": at("Critics"), "content": at("it was far too late")},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    # Only the first content is predicted, and with a word missing: Dice >= 0.5 still finds it.
    predictions = {"a": {"id": "a", "quotes": [{"content": at("the bridge would reopen")}]}}
    figures = recall_by_band([article], [doc], predictions, Counter({"say": 12, "argue": 0}), load_scorer())
    assert figures["10+"] == {"recall": 1.0, "found": 1, "gold": 1}
    assert figures["unseen"] == {"recall": 0.0, "found": 0, "gold": 1}
    assert figures["1-9"]["gold"] == 0


def test_predicate_sentences_pair_events_with_attributions():
    rows = read_sentences()
    labels = Counter(label for label, _ in rows)
    assert labels == {"none": 20, "cue": 20}
    assert all(sentence.endswith(".") for _, sentence in rows)


def test_object_predicate_sentences_pair_actions_with_reports_of_the_same_shape():
    rows = read_sentences(OBJECT_SENTENCES)
    assert Counter(label for label, _ in rows) == {"none": 18, "cue": 18}
    # A verb that acts in one sentence reports in another ("dismissed their manager",
    # "dismissed the allegations"): the verb alone cannot tell them apart.
    words = {label: {w for lab, s in rows if lab == label for w in s.split()} for label in ("none", "cue")}
    assert "dismissed" in words["none"] & words["cue"]


def test_a_lemma_whose_gold_contents_hold_its_subject_and_name_no_source_is_learned(nlp):
    from training import train_attribution

    articles, docs = [], []
    for k, (subject, verb, rest) in enumerate([
        ("The plan", "seemed", "doomed from the start"), ("The new bridge", "seems", "safer than the old one"),
        ("The mayor", "said", "the bridge was safe"),
    ]):
        text = f"{subject} {verb} {rest}."
        cue = [[len(subject) + 1, len(subject) + 1 + len(verb)]]
        after = cue[0][1] + 1
        seem = verb.startswith("seem")
        gold = {"cue": cue,
                "source": [] if seem else [[0, len(subject)]],
                "content": [[0, len(subject)], [after, len(text) - 1]] if seem else [[after, len(text) - 1]]}
        articles.append({"id": str(k), "text": text, "attributions": [gold]})
        docs.append(nlp(text))
    assert train_attribution.subject_content_lemmas(articles, docs) == []  # too few to learn from
    many = train_attribution.SUBJECT_CONTENT_MIN
    learned = train_attribution.subject_content_lemmas(articles * many, docs * many)
    assert learned == ["seem"]


def test_the_store_audit_reads_names_as_their_articles_write_them(tmp_path, capsys):
    from training.audit_store import name_problems, top_people
    from whosaid.records import ArticleResult
    from whosaid.store import Store

    from .test_corpus_speakers import article, quoted, said_by

    pairs = [said_by("Nell Archer", "female", "North"), said_by("Nell Voss", "female", "South")]
    # "hedge" is a word elsewhere, but his own article writes "Mr. Hedge": a surname.
    hedge = article('"Golf is thin," said Oliver K. Hedge, who appraises courses.', '"Costs rise," Mr. Hedge said.')
    pairs.append((hedge, quoted(hedge, "Golf is thin,", "Oliver K. Hedge", "male")))
    pairs.append((article("Funds hedge their bets; a hedge fund and another hedge fund fell."), None))
    # "Crooked" is a word the corpus writes in lower case before a name no honorific follows.
    crooked = article('"Sad," said Crooked Dana Reyes.', "The deal was crooked, and crooked it stayed; a crooked path.")
    pairs.append((crooked, quoted(crooked, "Sad,", "Crooked Dana Reyes", "female")))
    # A one-word name nobody else bears is a name; one other full names hold may be any of them.
    pope = article('"Peace to all," Pope Severin said.')
    pairs.append((pope, quoted(pope, "Peace to all,", "Severin", "male")))
    nell = article('"East," said a guard known only as Nell.')
    pairs.append((nell, quoted(nell, "East,", "Nell", "female")))
    with Store(tmp_path / "audit.duckdb") as store:
        for art, result in pairs:
            store.add(art, result or ArticleResult(id="", quotes=[], speakers=[]))
        problems = name_problems(store.connection, top_people(store.connection, 100))
    assert set(problems) == {"Crooked Dana Reyes", "Nell"}
    assert any("lower case 'Crooked'" in p for p in problems["Crooked Dana Reyes"])
    assert problems["Nell"] == ["single word 2 other full names hold (Nell Archer, Nell Voss)"]
    printed = capsys.readouterr().out
    assert "names holding a word that is no part of a name: 1 of" in printed
    assert "that other people's full names hold (who is meant, the corpus cannot say): 1 of" in printed


def test_content_shape_tells_how_a_predicted_content_hangs_off_its_cue(nlp):
    from whosaid.attribute.tokens import anchor_of, span_tokens
    from training.unmatched_predictions import content_shape

    def shape(text, cue, content, kind="indirect"):
        doc = nlp(text)
        at = spans_in(text)
        return content_shape(doc, anchor_of(span_tokens(doc, at(cue))), kind, at(content))

    assert shape("The baker denied the rumour.", "denied", "the rumour") == "noun object"
    assert shape("The baker said that the oven broke.", "said", "that the oven broke") == "clause"
    assert shape("The baker wants to sell the shop.", "wants", "to sell the shop") == "infinitive"
    assert shape("The baker called for calm.", "called for", "calm") == "preposition object"
    assert shape('The baker said: "We are closed."', "said", '"We are closed."', "direct") == "quote"


def test_speech_proxy_counts_only_speech_predictions_and_speech_gold(nlp):
    from training.speech_proxy import speech_counts

    text = ("The mayor said the bridge would reopen in May. The council laid off forty clerks. "
            "Residents believe the repairs will fail. The engineer told reporters the cables were rusty.")
    doc = nlp(text)

    at = spans_in(text)

    gold = [
        {"cue": at("said"), "source": at("The mayor"), "content": at("the bridge would reopen in May")},
        {"cue": at("believe"), "source": at("Residents"), "content": at("the repairs will fail")},
        {"cue": at("told"), "source": at("The engineer"), "content": at("the cables were rusty")},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    predictions = {"a": {"id": "a", "quotes": [
        # Right, and speech.
        {"cue": at("said"), "source": at("The mayor"), "content": at("the bridge would reopen"), "act": "speech"},
        # An action read as speech: matches no gold attribution.
        {"cue": at("laid off"), "source": at("The council"), "content": at("forty clerks"), "act": "speech"},
        # Right, but a belief: neither a speech prediction nor a speech gold attribution.
        {"cue": at("believe"), "source": at("Residents"), "content": at("the repairs will fail"), "act": "thought"},
        # Content right, source wrong: a speech prediction that does not count.
        {"cue": at("told"), "source": at("reporters"), "content": at("the cables were rusty"), "act": "speech"},
    ]}}
    counts = speech_counts([article], [doc], predictions, load_scorer())
    assert counts == {"precision": (1, 3), "recall": (1, 2)}
    # The same right attribution labelled thought is no longer found as speech.
    predictions["a"]["quotes"][0]["act"] = "thought"
    assert speech_counts([article], [doc], predictions, load_scorer()) == {"precision": (0, 2), "recall": (0, 2)}


def test_each_article_is_read_by_the_half_run_that_did_not_train_on_it():
    index = {"even": 4, "odd": 7}
    # Half 0 trained on even indices, so an even article is read by half 1, and the reverse.
    assert held_out_half("even", index) == 1
    assert held_out_half("odd", index) == 0
    with pytest.raises(ValueError, match="not in train"):
        held_out_half("elsewhere", index)


def test_the_temporary_model_names_the_half_run_tagger_and_keeps_everything_else(tmp_path):
    run = tmp_path / "half-1"
    run.mkdir()
    (run / "layers.safetensors").write_bytes(b"tuned layers of one half")
    head = {"layer": 3, "weights": [[0.5, -1.0], [0.0, 2.0], [1.0, 1.0], [-0.5, 0.25]], "bias": [0.1, 0.2, 0.3, 0.4],
            "anchor": {"weights": [0.75, -0.75], "bias": -1.5}}
    (run / "head.json").write_text(json.dumps(head), encoding="utf-8")
    shipped = tmp_path / "shipped.json"
    shipped.write_text(json.dumps({"threshold": 0.25, "representation": {"kind": "encoder-cues", "tuned": {
        "layers": "shipped.safetensors", "sha256": "0" * 64, "depth": 3}}}), encoding="utf-8")

    out = tmp_path / "models"
    out.mkdir()
    model = json.loads(model_with_tagger(run, out, shipped).read_text(encoding="utf-8"))
    tuned = model["representation"]["tuned"]
    layers = out / tuned["layers"]
    assert layers.read_bytes() == b"tuned layers of one half"
    assert tuned["sha256"] == hashlib.sha256(b"tuned layers of one half").hexdigest()
    assert tuned["tags"] == {"weights": head["weights"], "bias": head["bias"]}
    assert tuned["anchor"] == head["anchor"]
    assert model["threshold"] == 0.25 and model["representation"]["kind"] == "encoder-cues"
    assert json.loads(shipped.read_text(encoding="utf-8"))["representation"]["tuned"]["sha256"] == "0" * 64


def test_a_lemma_is_pruned_from_the_candidates_by_its_best_score_against_the_candidate_threshold():
    from whosaid.attribute.model import LinearModel
    from training.train_attribution import hopeful_lemmas

    # Rows as ``cue_features`` gives them: "bias", then the lemma feature.
    cue = LinearModel({"l=ponder": -1.7, "l=say": 2.0, "l=year": -4.0}, 0.0)  # 0.154, 0.881, 0.018
    rows = [["bias", "l=ponder"], ["bias", "l=say"], ["bias", "l=year"]]
    lemmas = ["ponder", "say", "year"]
    assert hopeful_lemmas(rows, cue, lemmas, candidate_threshold=0.25) == ["say"]
    # A lower candidate threshold lets a lemma through that could now reach it.
    assert hopeful_lemmas(rows, cue, lemmas, candidate_threshold=0.15) == ["ponder", "say"]


def test_a_missed_attribution_is_put_in_the_first_step_its_cue_fails(nlp):
    from whosaid.attribute.candidates import Reading
    from whosaid.attribute.extractor import read_candidates
    from whosaid.attribute.model import load_model
    from whosaid.attribute.verifier import verify
    from whosaid.quotes import find_quote_spans
    from training.missed_attributions import why_missed

    text = "The mayor said the bridge would reopen soon. Critics argued that it was far too late."
    doc = nlp(text)
    model = load_model()
    scorer = load_scorer()
    reading = Reading.of(doc, find_quote_spans(text))
    candidates = read_candidates(reading, model)
    for candidate in candidates:
        candidate.confidence = verify(candidate, reading, model)

    at = spans_in(text)

    def step(cue, source, content, seen=frozenset()):
        gold = {"cue": at(cue), "source": at(source), "content": at(content)}
        return why_missed(doc, gold, reading, model, set(seen), scorer.Words(text), scorer, candidates)[0]

    assert step("soon", "The mayor", "the bridge would reopen") == "a part of speech"
    assert step("bridge", "The mayor", "would reopen soon") == "a lemma unseen"
    # Seen anchoring a cue in training, but pruned from the model's candidates.
    assert step("bridge", "The mayor", "would reopen soon", seen={"bridge"}) == "a lemma hopeless"
    # The cue is found and reported: the gold content or source differs from the prediction.
    assert step("said", "The mayor", "Critics argued") == "d content off"
    assert step("said", "Critics", "the bridge would reopen soon") == "e source wrong"
    assert step("said", "The mayor", "the bridge would reopen soon") == "f assembly"


def test_a_matched_prediction_whose_cue_differs_is_put_in_the_bucket_of_the_word_next_to_the_shared_ones(nlp):
    from training.cue_differences import differences

    text = ("The governor said in a short statement that the dam was safe. "
            "The engineers were warning that it leaked. The mayor said nothing would change.")
    doc = nlp(text)
    at = spans_in(text)
    gold = [
        {"cue": at("said in a short statement"), "source": at("The governor"), "content": at("the dam was safe")},
        {"cue": at("were warning"), "source": at("The engineers"), "content": at("it leaked")},
        {"cue": at("said nothing"), "source": at("The mayor"), "content": at("would change")},
    ]
    predicted = [
        {"cue": at("said"), "source": at("The governor"), "content": at("the dam was safe")},
        {"cue": at("warning"), "source": at("The engineers"), "content": at("it leaked")},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    rows = list(differences([article], [doc], {"a": {"id": "a", "quotes": predicted}}, load_scorer()))
    # The third gold attribution is matched by no prediction: it is no cue difference.
    assert sorted((exact, bucket) for exact, bucket, _, _ in rows) == [
        (False, "too short, left, auxiliary/modal"), (False, "too short, right, preposition")]
    statement = next(diffs for _, bucket, diffs, _ in rows if bucket.endswith("preposition"))
    # The object's article and adjective are read as part of the object.
    assert sorted(set(statement)) == [("too short", "right", "preposition"),
                                      ("too short", "right", "preposition's object")]


def test_content_edges_names_how_a_matched_content_misses_its_gold_edges(nlp):
    from training.content_edges import analyse

    text = ('The mayor said the bridge would reopen in spring, at a meeting on Tuesday. '
            '"We have the money. The crews are ready. Nothing stands in the way," the engineer said. '
            'Critics argued that the cost was far too high.')
    doc = nlp(text)
    at = spans_in(text)
    gold = [
        {"cue": at("said"), "source": at("The mayor"), "content": at("the bridge would reopen in spring")},
        {"cue": [], "source": at("the engineer"),
         "content": at("We have the money. The crews are ready. Nothing stands in the way")},
        {"cue": at("argued"), "source": at("Critics"), "content": at("the cost was far too high")},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    predictions = {"a": {"id": "a", "quotes": [
        # Runs on past gold's end into the adjunct set off by a comma.
        {"content": at("the bridge would reopen in spring, at a meeting on Tuesday")},
        # Cut short at the first sentence of a three-sentence quotation.
        {"content": at("We have the money. The crews are ready")},
        # Takes in the complementiser gold leaves out.
        {"content": at("that the cost was far too high")},
    ]}}
    counts, matched, exact, _ = analyse([article], [doc], predictions, load_scorer())
    assert (matched, exact) == (3, 0)
    assert counts["end long", ", prep phrase"] == 1
    assert counts["end short", "sentence"] == 1
    assert counts["start long", "that"] == 1
    assert sum(counts.values()) == 3

    # An exact prediction counts as matched and exact, with no edge error.
    predictions["a"]["quotes"][0]["content"] = at("the bridge would reopen in spring")
    counts, matched, exact, _ = analyse([article], [doc], predictions, load_scorer())
    assert (matched, exact) == (3, 1) and sum(counts.values()) == 2


def test_content_edges_shows_the_words_a_span_skips(nlp):
    from training.content_edges import analyse

    text = 'Councillor Ines Varga said the harbour wall, which storms damaged in March, would be rebuilt by June.'
    doc = nlp(text)
    at = spans_in(text)
    aside_start = text.index(", which")
    aside_end = text.index(" would")
    gold = [{"cue": at("said"), "source": at("Councillor Ines Varga"),
             "content": [[text.index("the harbour"), aside_start], [aside_end + 1, len(text) - 1]]}]
    article = {"id": "a", "text": text, "attributions": gold}
    predictions = {"a": {"id": "a", "quotes": [{"content": at("the harbour wall, which storms damaged in March, "
                                                              "would be rebuilt by June")}]}}
    counts, matched, exact, shown = analyse([article], [doc], predictions, load_scorer(), examples=1)
    assert (matched, exact) == (1, 0)
    [(edge, what)] = counts
    assert edge == "inside long"
    [(gold_text, predicted_text)] = shown[edge, what]
    assert gold_text == "the harbour wall | would be rebuilt by June"
    assert predicted_text == "the harbour wall, which storms damaged in March, would be rebuilt by June"


def test_cross_validation_reads_kept_fold_models_back_and_writes_every_held_out_prediction(nlp, tmp_path, monkeypatch):
    import training.train_attribution as train_attribution
    from whosaid.pipelines import get_pipeline

    texts = ["The mayor said the bridge would reopen in spring.",
             '"We are ready," the engineer said on Monday.']
    articles = [{"id": f"a{k}", "text": text, "attributions": []} for k, text in enumerate(texts)]
    docs = [nlp(text) for text in texts]
    shipped = get_pipeline("fast").attribution_model.read_text(encoding="utf-8")
    for fold in (1, 2):
        (tmp_path / f"fold-{fold}-of-2.json").write_text(shipped, encoding="utf-8")

    def no_training(*_, **__):
        raise AssertionError("a kept fold model is read back, not trained again")

    monkeypatch.setattr(train_attribution, "train", no_training)
    out = tmp_path / "predictions.jsonl"
    args = train_attribution.parser().parse_args(
        ["--folds", "2", "--fold-models", str(tmp_path), "--predictions", str(out)])
    train_attribution.cross_validate(articles, docs, args)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["a0", "a1"]
    assert all(row["quotes"] for row in rows), "each held-out article is read by its fold's model"



def test_every_named_gold_attribution_falls_in_one_loss_bucket():
    from training.speaker_losses import losses

    text = ("Mayor Ann Lee said the bridge would reopen soon. She added that tolls would stay. "
            "Lee also argued the ferry was too slow. Councillor Tom Berg told reporters the plan was late. "
            "He warned that costs would rise. Berg insisted the vote was fair. Critics said nothing.")
    at = spans_in(text)
    gold = [
        {"id": "E1", "source": at("Mayor Ann Lee"), "cue": at("said"), "content": at("the bridge would reopen soon"),
         "speaker": "Ann Lee"},
        {"id": "E2", "source": at("She"), "cue": at("added"), "content": at("that tolls would stay"), "speaker": "Ann Lee"},
        {"id": "E3", "source": at("Lee also"), "cue": at("argued"), "content": at("the ferry was too slow"),
         "speaker": "Ann Lee"},
        {"id": "E4", "source": at("Councillor Tom Berg"), "cue": at("told"), "content": at("the plan was late"),
         "speaker": "Tom Berg"},
        {"id": "E5", "source": at("He"), "cue": at("warned"), "content": at("that costs would rise"),
         "speaker": "Tom Berg"},
        {"id": "E6", "source": at("Berg insisted"), "cue": at("insisted"), "content": at("the vote was fair"),
         "speaker": "Tom Berg"},
        {"id": "E7", "source": at("Critics"), "cue": at("said nothing"), "content": at("nothing"), "speaker": None},
    ]
    predicted = [
        {"content": at("the bridge would reopen soon"), "source": at("Mayor Ann Lee"), "speaker": "Ann Lee"},
        {"content": at("that tolls would stay"), "source": at("She"), "speaker": "Tom Berg"},
        {"content": at("the ferry was too slow"), "source": [], "speaker": None, "speaker_kind": "unnamed"},
        {"content": at("late"), "source": at("Councillor Tom Berg"), "speaker": "Tom Berg"},
        {"content": at("Critics"), "cue": at("warned"), "source": [], "speaker": None},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    notes = {"a": {"E1": {"mention_type": "name"}, "E2": {"mention_type": "pronoun"}}}
    rows = losses([article], {"a": {"quotes": predicted}}, notes)
    assert {r["id"]: r["bucket"] for r in rows} == {
        "E1": "right", "E2": "wrong name", "E3": "matched, no source", "E4": "boundary, content free",
        "E5": "cue found, no content", "E6": "not found",
    }
    assert [r["mention"] for r in rows[:3]] == ["name", "pronoun", "other"]


def test_a_lemma_s_cue_rate_is_the_share_of_its_candidates_anchoring_a_gold_cue():
    from training.train_attribution import cue_rates

    # ``collect``'s rows per article: cue rows ("bias", then the lemma feature) and their labels.
    first = ([["bias", "l=say"], ["bias", "l=reach"], ["bias", "l=say"]], [1, 0, 0], [], [], Counter())
    second = ([["bias", "l=say"], ["bias", "l=reach"]], [1, 0], [], [], Counter())
    assert cue_rates([first, second]) == {"reach": 0.0, "say": 0.667}
    assert cue_rates([second]) == {"reach": 0.0, "say": 1.0}


def test_false_positives_buckets_lemmas_by_their_gold_cues_in_the_other_folds(nlp):
    from training.false_positives import SILENCE, lemma_counts_by_fold, seen_bucket

    assert [seen_bucket(n) for n in (None, 0, 2, 3)] == ["no cue", "never", "1-2", "3+"]
    text = "Ann Lee said the pier was safe. The mayor said nothing."
    article = {"text": text, "attributions": [{"cue": [[8, 12]], "content": [[13, 31]], "source": [[0, 7]]}]}
    doc = nlp(text)
    folds = lemma_counts_by_fold([article, article], [doc, doc], folds=2)
    assert folds[0] == folds[1] == Counter({"say": 1})
    assert [m.group(0) for m in SILENCE.finditer(text + " She declined to say. He did not elaborate.")] == [
        "said nothing", "declined to say", "did not elaborate"]


def test_false_positives_name_where_cue_and_content_sit_against_a_relative_clause(nlp):
    from training.false_positives import relative_clause_class
    from whosaid.attribute.tokens import anchor_of, span_tokens

    def classed(text, cue, content, kind="indirect"):
        doc = nlp(text)
        span = lambda words: [[text.index(words), text.index(words) + len(words)]]  # noqa: E731
        quote = {"cue": span(cue), "content": span(content), "kind": kind}
        return relative_clause_class(anchor_of(span_tokens(doc, quote["cue"])), quote, doc)

    text = "The pilot who warned that the runway was icy resigned on Friday."
    assert classed(text, "warned", "the runway was icy") == "rel=subject|in"
    assert classed(text, "warned", "the runway was icy", kind="direct") == "rel=subject|quote"
    assert classed("The brewery issued a press release that praised the new owners.", "issued",
                   "a press release that praised the new owners") == "nrel=relcl|subject"
    assert classed("The bakery laid off 40 drivers on Friday.", "laid off", "40 drivers") == "-"


def test_a_named_miss_is_described_by_its_source_form_and_the_edges_its_content_misses(nlp):
    from training.named_misses import content_edges, mention_form, negative_families, probability_bin

    text = ("Councillor Mara Ibsen said the ferry would run again. She added that fares would rise. "
            "The harbour master warned of delays.")
    doc = nlp(text)
    at = spans_in(text)
    assert mention_form(doc, at("Councillor Mara Ibsen")) == "name"
    assert mention_form(doc, at("She")) == "pronoun"
    assert mention_form(doc, at("The harbour master")) == "nominal"
    assert mention_form(doc, []) == "none"

    gold = at("the ferry would run again")
    assert content_edges(gold, gold) == "start ok, end ok"
    assert content_edges(gold, at("the ferry would run")) == "start ok, ends early"
    assert content_edges(gold, at("said the ferry would run again. She")) == "starts early, ends late"
    assert content_edges(gold, at("would run again")) == "starts late, end ok"
    # A quotation mark or space more or less at an edge is the same edge.
    start, end = gold[0]
    assert content_edges(gold, [[start - 1, end + 1]]) == "start ok, end ok"

    assert [probability_bin(p) for p in (0.01, 0.12, 0.24, 0.6)] == ["0.00-0.05", "0.10-0.15", "0.20-0.25",
                                                                     ">=0.25"]
    weights = {"src=none": -0.8, "frags=1": -0.4, "l=say": 0.9}
    assert negative_families(["bias", "l=say", "frags=1", "src=none"], weights) == ["src", "frags"]
    assert negative_families(["l=say"], weights) == []


def test_a_found_quote_whose_speaker_is_missed_is_put_in_the_class_its_source_shows(nlp):
    from training.speaker_misses import misses

    text = ("Mayor Ann Lee said the bridge would reopen soon. Councillor Tom Berg, who met her on Monday, "
            "said the plan was late. Berg added that the tolls would stay. The ferry was too slow, Berg argued. "
            "Lee's deputy warned that costs would rise.")
    at = spans_in(text)

    def first_word(words: str) -> list[list[int]]:
        """The span of the first word of ``words``' first occurrence ("Berg" of "Berg added")."""
        start = text.index(words)
        return [[start, start + len(words.split()[0])]]

    gold = [
        {"id": "E1", "source": at("Mayor Ann Lee"), "cue": at("said"), "content": at("the bridge would reopen soon"),
         "speaker": "Ann Lee"},
        {"id": "E2", "source": at("Councillor Tom Berg"), "cue": at("said the"), "content": at("the plan was late"),
         "speaker": "Tom Berg"},
        {"id": "E3", "source": first_word("Berg added"), "cue": at("added"), "content": at("that the tolls would stay"),
         "speaker": "Tom Berg"},
        {"id": "E4", "source": first_word("Berg argued"), "cue": at("argued"), "content": at("The ferry was too slow"),
         "speaker": "Tom Berg"},
        {"id": "E5", "source": at("Lee's deputy"), "cue": at("warned"), "content": at("that costs would rise"),
         "speaker": None},
    ]
    predicted = [
        # Read from the next sentence's subject: the gold span itself names her.
        {"content": at("the bridge would reopen soon"), "source": at("Councillor Tom Berg"), "speaker": "Tom Berg"},
        # Read from the relative clause's object, in the same sentence.
        {"content": at("the plan was late"), "source": first_word("her on Monday"), "speaker": "Ann Lee"},
        {"content": at("that the tolls would stay"), "source": [], "speaker": None},
        {"content": at("The ferry was too slow"), "source": gold[3]["source"], "speaker": None},
        {"content": at("that costs would rise"), "source": at("Lee's deputy"), "speaker": None},
    ]
    article = {"id": "a", "text": text, "attributions": gold}
    notes = {"a": {"E1": {"mention_type": "name"}, "E2": {"mention_type": "name"}}}
    rows, matched = misses([article], [nlp(text)], {"a": {"quotes": predicted}}, notes)
    assert matched == 4, "the unnamed speaker's attribution is not counted"
    assert {r["id"]: r["class"] for r in rows} == {
        "E1": "source elsewhere, other sentence", "E2": "source elsewhere, same sentence", "E3": "no source",
        "E4": "source found, unnamed",
    }
    by_id = {r["id"]: r for r in rows}
    assert by_id["E1"]["gold span right"] and by_id["E2"]["gold span right"]
    assert by_id["E2"]["form"] == "pronoun" and by_id["E3"]["form"] == "none"
    assert by_id["E1"]["mention"] == "name" and by_id["E4"]["mention"] == "other"
