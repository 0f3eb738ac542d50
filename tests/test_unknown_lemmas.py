"""Verbs no training cue had: candidates read as one unknown lemma, in the model and in training."""

from __future__ import annotations

from collections import Counter

from whosaid.attribute.candidates import candidate_indices
from whosaid.attribute.cue import representation_features
from whosaid.attribute.features import UNKNOWN_LEMMA, UNKNOWN_PREFIX, QuoteContext, attribution_features, cue_features
from whosaid.attribute.model import AttributionModel, LinearModel
from whosaid.quotes import find_quote_spans

TEXT = "The farmers lamented that the harvest was poor. The mayor said the road would reopen."


def _index(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_a_verb_of_an_unseen_lemma_is_a_candidate_only_when_the_seen_lemmas_are_given(nlp):
    doc = nlp(TEXT)
    lamented, said, harvest = _index(doc, "lamented"), _index(doc, "said"), _index(doc, "harvest")
    lemmas = frozenset({"say"})
    assert lamented not in candidate_indices(doc, lemmas)
    widened = candidate_indices(doc, lemmas, seen=frozenset({"say"}))
    assert lamented in widened and said in widened
    # Only verbs are widened: an unseen noun stays out.
    assert harvest not in widened
    # A verb whose lemma anchored a cue in training is no unknown one, whatever the candidate lemmas.
    assert lamented not in candidate_indices(doc, lemmas, seen=frozenset({"say", "lament"}))


def test_an_unknown_lemma_reads_the_unknown_word_in_every_lemma_feature(nlp):
    doc = nlp(TEXT)
    token = doc[_index(doc, "lamented")]
    quotes = QuoteContext.of(doc, find_quote_spans(TEXT))
    known, unknown = cue_features(token, quotes), cue_features(token, quotes, unknown=True)
    assert "l=lament" in known and "w=lamented" in known
    assert "l=" + UNKNOWN_LEMMA in unknown and "w=" + UNKNOWN_LEMMA in unknown
    assert not any("lament" in f for f in unknown)
    # What does not name the lemma is read the same way.
    assert [f for f in known if "lament" not in f] == [f for f in unknown if UNKNOWN_LEMMA not in f]
    verifier = attribution_features(token, 0.6, None, "child:ccomp", ((20, 46),), TEXT, unknown=True)
    assert "l=" + UNKNOWN_LEMMA in verifier and not any("lament" in f for f in verifier)


class _Buckets:
    def cue_features(self, token):
        return ["enc=7"]


def test_a_representation_speaks_twice_for_an_unknown_lemma(nlp):
    doc = nlp(TEXT)
    token = doc[_index(doc, "lamented")]
    assert representation_features(_Buckets(), token, unknown=False) == ["enc=7"]
    assert representation_features(_Buckets(), token, unknown=True) == ["enc=7", UNKNOWN_PREFIX + "enc=7"]


def test_the_model_reads_lemmas_outside_the_seen_ones_as_unknown():
    empty = LinearModel({}, 0.0)
    model = AttributionModel(cue=empty, content=empty, attached_cue_words={}, seen_lemmas=frozenset({"say"}))
    assert model.is_unknown("lament") and not model.is_unknown("say")
    # A model trained without unknown lemmas knows of none.
    assert not AttributionModel(cue=empty, content=empty, attached_cue_words={}).is_unknown("lament")


def test_training_reads_a_lemma_only_one_article_has_both_by_name_and_as_unknown(nlp):
    from training.train_attribution import collect, cue_lemma_articles, seen_elsewhere

    texts = ["Officials lamented that the bridge was closed. The mayor said the road would reopen.",
             "The senator said the vote was close. Farmers grumbled that prices fell."]
    docs = [nlp(t) for t in texts]

    def attribution(doc, text, cue):
        cue_token = doc[_index(doc, cue)]
        content = doc[cue_token.i + 1:cue_token.sent.end - 1]
        return {"cue": [[cue_token.idx, cue_token.idx + len(cue_token)]],
                "source": [], "content": [[content.start_char, content.end_char]]}

    articles = [{"id": str(k), "text": t, "attributions": [attribution(d, t, w) for w in words]}
                for k, (t, d, words) in enumerate(zip(texts, docs, (("lamented", "said"), ("said", "grumbled"))))]
    by_article = cue_lemma_articles(articles, docs)
    assert by_article == Counter({"say": 2, "lament": 1, "grumble": 1})
    # To the first article, "lament" is its own: no other article has it.
    assert seen_elsewhere(articles[0], docs[0], by_article) == frozenset({"say", "grumble"})
    rows, labels, *_ = collect([articles[0]], [docs[0]], frozenset(by_article), None, by_article)
    cues = [row for row, label in zip(rows, labels) if label == 1]
    assert sum("l=lament" in row for row in cues) == 1 and sum("l=say" in row for row in cues) == 1
    # The one unknown cue is the twin of "lamented"; "said" is known from the other article.
    unknown = [row for row in cues if "l=" + UNKNOWN_LEMMA in row]
    assert len(unknown) == 1 and "d=ROOT" in unknown[0]
    # Without the counts nothing is unknown.
    plain, *_ = collect([articles[0]], [docs[0]], frozenset(by_article))
    assert not any("l=" + UNKNOWN_LEMMA in row for row in plain)
