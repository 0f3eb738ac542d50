"""What kind of act an attribution reports: ``speech``, ``thought`` or ``other``.

``speech``: the source said, told, wrote, tweeted, announced ("according to",
"in a statement"). ``thought``: the source believes, thinks, wants, plans,
hopes, fears, expects. ``other``: what a document, poll, study or action
shows or suggests ("the data show", "a poll found").

The act comes first from the cue's anchor lemma. A lemma the training labels
name (``training/data/act_cues.csv``) has that act; any other lemma is read by
a logistic regression (``models/act_model.json``, trained by
``training/train_act.py``) over its en_core_web_md static vector and a few
parse features (who the source is, whether the content is an infinitive, a
quotation, ...). The vector part is precomputed per lemma of the cue
vocabulary, so inference needs no vectors; a lemma missing from the table gets
the mean vector part over the training cues (the classifier's prior), with the
parse features still read. Then, as in the labels, what a document "says" is
``other``: a speech cue whose source is a document noun ("the report said", "a
poll found").
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ..context import headline_end_of
from ..records import Attribution
from .tokens import anchor_of, span_tokens

Act = Literal["speech", "thought", "other"]
ACTS: tuple[Act, ...] = ("speech", "thought", "other")
ACT_MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "act_model.json"
ACT_FORMAT = "whosaid-act-logreg/1"

FIRST_PERSON = frozenset({"i", "we", "me", "us"})
PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "which", "that"})
MODALS = frozenset({"would", "could", "may", "might", "should", "will", "can", "must", "'d", "’d", "'ll", "’ll"})
SOURCE_DEPS = ("nsubj", "nsubjpass", "agent", "poss", "pobj")
# "declined to comment", "did not respond to a request for comment": the source is named and gives
# no words, so counting it as speech would give a voice to someone who kept silent.
REFUSING_LEMMAS = frozenset({"decline", "refuse"})
NEGATIONS = frozenset({"not", "n't", "n’t", "no", "never"})
ANSWER_LEMMAS = frozenset({"comment", "respond", "return"})
# How far into the content the answer word is looked for: "to comment", "a request for comment".
ANSWER_WINDOW = 4


@dataclass(frozen=True, slots=True)
class ActModel:
    labelled: dict[str, Act]
    lemma_scores: dict[str, tuple[float, ...]]
    prior: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    document_nouns: frozenset[str]
    # Per cue lemma: the share of its verb uses in train that take a clause (``topic_object``).
    clause_rates: dict[str, float] = dataclasses.field(default_factory=dict)

    def scores(self, lemma: str, features: list[str]) -> list[float]:
        base = self.lemma_scores.get(lemma, self.prior)
        total = [b + v for b, v in zip(self.bias, base)]
        for feature in features:
            for k, w in enumerate(self.weights.get(feature, ())):
                total[k] += w
        return total

    def probabilities(self, lemma: str, features: list[str]) -> dict[Act, float]:
        scores = self.scores(lemma, features)
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        return {act: e / sum(exp) for act, e in zip(ACTS, exp)}

    def decide(self, lemma: str, features: list[str]) -> Act:
        act = self.labelled.get(lemma)
        if act is None:
            scores = self.scores(lemma, features)
            act = ACTS[scores.index(max(scores))]
        if act == "speech" and "source:document" in features:
            return "other"
        return act

    @classmethod
    def from_json(cls, data: dict) -> ActModel:
        if data.get("format") != ACT_FORMAT:
            raise ValueError(f"act model has format {data.get('format')!r}, expected {ACT_FORMAT!r}")
        return cls(
            labelled=dict(data["labelled"]),
            lemma_scores={k: tuple(v) for k, v in data["lemma_scores"].items()},
            prior=tuple(data["prior"]),
            weights={k: tuple(v) for k, v in data["weights"].items()},
            bias=tuple(data["bias"]),
            document_nouns=frozenset(data["document_nouns"]),
            clause_rates=dict(data.get("clause_rates", {})),
        )


@lru_cache(maxsize=1)
def load_act_model(path: Path = ACT_MODEL_PATH) -> ActModel:
    with open(path, encoding="utf-8") as handle:
        return ActModel.from_json(json.load(handle))


def cue_anchor(attribution: Attribution, doc: Doc) -> Token | None:
    if attribution.cue_token is not None and attribution.cue_token < len(doc):
        return doc[attribution.cue_token]
    return anchor_of(span_tokens(doc, attribution.cue))


def source_head(attribution: Attribution, doc: Doc) -> Token | None:
    if attribution.source_token is not None and attribution.source_token < len(doc):
        return doc[attribution.source_token]
    return anchor_of(span_tokens(doc, attribution.source))


def act_features(attribution: Attribution, doc: Doc, anchor: Token | None, document_nouns: frozenset[str]) -> list[str]:
    """The parse features of the act classifier (the cue lemma is read separately)."""
    features: list[str] = []
    source = source_head(attribution, doc)
    if source is None:
        features.append("source:none")
    else:
        lower = source.lower_
        if lower in FIRST_PERSON:
            features.append("source:first_person")
        elif lower in PRONOUNS:
            features.append("source:pronoun")
        elif source.lemma_.lower() in document_nouns and source.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
            features.append("source:document")
        elif source.ent_type_ in ("PERSON", "ORG"):
            features.append("source:named")
    if attribution.kind in ("direct", "mixed"):
        features.append(f"content:{attribution.kind}")
    if anchor is None:
        return features
    features.append(f"pos:{anchor.pos_}")
    content_starts = {start for start, _ in attribution.content}
    for child in anchor.children:
        if child.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            features.append("content:infinitive")
        elif child.dep_ in ("aux",) and child.lower_ in MODALS:
            features.append("modal")
        elif child.dep_ in ("auxpass", "nsubjpass"):
            features.append("passive")
        elif child.dep_ == "neg":
            features.append("negated")
        elif child.dep_ == "ccomp" and child.left_edge.idx in content_starts:
            features.append("content:clause")
    return sorted(set(features))


def _negated_before(verb: Token, outside: set[int]) -> bool:
    """Whether a "not" or "never" hangs on ``verb`` before it, other than the tokens ``outside``."""
    return any(c.dep_ == "neg" and c.i < verb.i and c.i not in outside for c in verb.children)


def is_non_answer(attribution: Attribution, doc: Doc, anchor: Token | None) -> bool:
    """Whether the attribution reports that its source gave no answer: "declined to comment",
    "did not respond to a request for comment", "did not return calls".

    A quotation is an answer whatever its cue ("responded: 'Absolutely not'"). The answer
    word is the cue's, or follows a refusing cue ("declined | to comment")."""
    if anchor is None or attribution.kind != "indirect":
        return False
    cue = span_tokens(doc, attribution.cue)
    cue_ids = {t.i for t in cue}
    refusing = anchor.lemma_.lower() in REFUSING_LEMMAS
    negated = any(t.dep_ == "neg" or t.lower_ in NEGATIONS for t in cue) or _negated_before(anchor, cue_ids)
    if not (refusing or negated):
        return False
    if any(t.lemma_.lower() in ANSWER_LEMMAS for t in cue):
        return True
    return refusing and any(t.lemma_.lower() in ANSWER_LEMMAS
                            for t in span_tokens(doc, attribution.content)[:ANSWER_WINDOW])


# "failed to mention", beside the refusals: the source gave none of the words the verb after it names.
WITHHOLDING_LEMMAS = REFUSING_LEMMAS | {"fail"}


def withholds_words(attribution: Attribution, doc: Doc, anchor: Token | None, model: ActModel) -> bool:
    """Whether the cue says its source did not say what the content holds: a speech verb that is
    negated ("has not said whether she will resign", "would never say") or that a refusal governs
    ("refused to say whether", "declined | to say when", "failed to mention"). The verb's own act
    decides whether it is one of speech, so "did not think" stays a thought. A quotation is words
    the source gave, whatever its cue."""
    if anchor is None or attribution.kind == "direct":
        return False
    cue_ids = {t.i for t in span_tokens(doc, attribution.cue)}
    content_ids = {t.i for t in span_tokens(doc, attribution.content)}
    content_starts = {start for start, _ in attribution.content}

    def speech_verb(token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and model.labelled.get(token.lemma_.lower()) == "speech"

    def negated(token: Token) -> bool:
        # ("'Apparently not,' he said": the parse may hang the content's own "not" on the cue.)
        return _negated_before(token, content_ids)

    if speech_verb(anchor) and negated(anchor):
        return True
    if anchor.lemma_.lower() in WITHHOLDING_LEMMAS and not negated(anchor):
        # "refused | to say whether ...": the speech verb may open the content rather than end the cue.
        return any(
            c.dep_ == "xcomp" and speech_verb(c) and (c.i in cue_ids or c.left_edge.idx in content_starts)
            for c in anchor.children
        )
    head = anchor.head
    return (
        anchor.dep_ == "xcomp" and speech_verb(anchor) and head.lemma_.lower() in WITHHOLDING_LEMMAS
        and not negated(head)
    )


# Relations of a content's head to its cue that make it the cue's object ("said | nothing").
OBJECT_RELATIONS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})


def gives_no_words(attribution: Attribution, doc: Doc, anchor: Token | None) -> bool:
    """Whether the content is an object that stands in for words without giving any: "said
    nothing", "said little about the tram", "has said something". The parse marks such a head
    itself: an indefinite pronoun is a pronoun carrying a noun's tag ("nothing", "something"),
    a quantity an adjective or adverb taking the object's place ("little", "much")."""
    if anchor is None or attribution.kind != "indirect":
        return False
    tokens = span_tokens(doc, attribution.content)
    ids = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)
    if root is None or root.head.i != anchor.i or root.dep_ not in OBJECT_RELATIONS:
        return False
    if not ((root.pos_ == "PRON" and root.tag_ == "NN") or (root.dep_ == "dobj" and root.pos_ in ("ADJ", "ADV"))):
        return False
    # Only a topic may follow ("nothing | about the budget"): "many | of the pledges" and "the same"
    # stand for words that were said, "as much" for an admission.
    return all(c.dep_ == "prep" and c.lower_ != "of" for c in root.children)


# A cue lemma whose verb uses take a clause less often than this ("discuss" 0.08, "mention" 0.09,
# "criticize" 0.01 of their uses in train) names with a noun object what the words were about or
# aimed at; one that takes a clause more often ("deny" 0.19, "confirm" 0.27, "announce" 0.41) uses
# its noun object for what was said ("announced his resignation", "denied the charges").
TOPIC_CLAUSE_RATE = 0.15
# Relations of a content's head to its cue (or to the cue's preposition) that make it the cue's object.
TOPIC_RELATIONS = frozenset({"dobj", "nsubjpass"})
# Children of the cue that predicate something of its object ("called him a liar", "described the plan
# as dead", "urged them to act"): object and predicate together say what was said.
PREDICATE_RELATIONS = frozenset({"oprd", "xcomp", "ccomp", "acomp"})
# Words that open a clause inside a noun phrase ("the claim that the port would close").
COMPLEMENTIZERS = frozenset({"that", "whether", "if"})


def bare_noun_object(attribution: Attribution, doc: Doc, anchor: Token | None) -> Token | None:
    """The head of the content when the content is nothing but a noun phrase the cue governs
    ("discussed | the budget", "talked about | the tram", "the budget | was discussed"), else None.
    A clause, a quotation, a predicate on the object ("called | him a liar", "described | the plan
    as dead"), a clause inside the noun phrase ("rejected | the claim that ...") or a verb after one
    of its prepositions ("accused | the mayor of hiding the report") each give what was said, so
    none of them is bare."""
    if anchor is None or attribution.kind != "indirect" or not attribution.content:
        return None
    tokens = [t for t in span_tokens(doc, attribution.content) if not t.is_punct]
    ids = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), None)
    if root is None or root.pos_ not in ("NOUN", "PROPN", "PRON") or root.tag_ in ("WDT", "WP", "WP$"):
        return None
    governed = (root.head.i == anchor.i and root.dep_ in TOPIC_RELATIONS) or (
        root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.i == anchor.i)
    if not governed:
        return None
    phrase = {t.i for t in root.subtree}
    if any(t.i not in phrase for t in tokens):
        return None
    if any(c.dep_ in PREDICATE_RELATIONS or (c.dep_ == "prep" and c.lower_ == "as") for c in anchor.children):
        return None
    if any(t.dep_ == "mark" and t.lower_ in COMPLEMENTIZERS for t in tokens):
        return None
    # "accused the mayor | of hiding the report", "praised the board | for acting": a verb after a
    # preposition in the phrase gives the charge or the reason, which is what was said.
    if any(t.dep_ == "pcomp" and t.pos_ in ("VERB", "AUX") for t in tokens):
        return None
    return root


def topic_object(attribution: Attribution, doc: Doc, anchor: Token | None, clause_rates: dict[str, float]) -> bool:
    """Whether the content names a subject matter, not words: a bare noun phrase
    (``bare_noun_object``) governed by a cue whose lemma seldom takes a clause ("discussed the
    budget", "met to discuss the timetable", "the debate has reached the mayor's home"). A lemma
    without a rate is left alone."""
    if anchor is None:
        return False
    rate = clause_rates.get(anchor.lemma_.lower())
    if rate is None or rate >= TOPIC_CLAUSE_RATE:
        return False
    return bare_noun_object(attribution, doc, anchor) is not None


def is_headline_summary(attribution: Attribution, doc: Doc) -> bool:
    """Whether the attribution is a headline that quotes nobody: "Village mourns beloved baker",
    "Mayor: bridge will reopen". Its words are the desk's summary of the body, not the source's."""
    if attribution.kind != "indirect" or not attribution.content:
        return False
    return attribution.content[0][0] < headline_end_of(doc)


def decide_act(attribution: Attribution, doc: Doc, model: ActModel | None = None) -> Act:
    """The act of one finished attribution.

    Without a cue, a quotation is speech (it continues a quote or stands in for
    one); anything else gets the classifier's prior with its parse features.
    A speech act that is a refusal to answer, whose object gives no words ("said nothing about
    the budget") or names only a topic ("discussed the budget") is ``other``, and so is any act of
    an unquoted headline: none gives anybody's words or beliefs.
    """
    model = model or load_act_model()
    anchor = cue_anchor(attribution, doc)
    if anchor is None and attribution.kind == "direct":
        return "speech"
    lemma = anchor.lemma_.lower() if anchor is not None else ""
    act = model.decide(lemma, act_features(attribution, doc, anchor, model.document_nouns))
    if act == "speech" and (is_non_answer(attribution, doc, anchor) or withholds_words(attribution, doc, anchor, model)
                            or gives_no_words(attribution, doc, anchor)
                            or topic_object(attribution, doc, anchor, model.clause_rates)):
        return "other"
    # "Council backs tram extension": the desk's summary is nobody's belief either.
    if is_headline_summary(attribution, doc):
        return "other"
    return act


def label_acts(doc: Doc | Span, attributions: list[Attribution]) -> list[Attribution]:
    """Sets ``act`` on every attribution (in place) and returns them."""
    model = load_act_model()
    for attribution in attributions:
        attribution.act = decide_act(attribution, doc, model)
    return attributions


def acts_of_cue_texts(rows: list[tuple[str | None, str, bool]], nlp=None) -> list[Act]:
    """Acts for attributions known only by their cue text, kind and whether they had a
    source (quotes stored before the act was kept): the cue text is parsed alone,
    so the parse features that need the sentence are missing."""
    from ..parse import load_pipeline

    nlp = nlp or load_pipeline()
    model = load_act_model()
    acts: list[Act] = []
    for (cue_text, kind, has_source), doc in zip(rows, nlp.pipe(cue or "" for cue, _, _ in rows)):
        features = [] if has_source else ["source:none"]
        if kind in ("direct", "mixed"):
            features.append(f"content:{kind}")
        anchor = anchor_of([t for t in doc if not t.is_punct] or list(doc))
        if anchor is None:
            acts.append("speech" if kind == "direct" else model.decide("", features))
            continue
        features.append(f"pos:{anchor.pos_}")
        acts.append(model.decide(anchor.lemma_.lower(), sorted(features)))
    return acts
