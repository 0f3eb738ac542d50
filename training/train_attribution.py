"""Train the attribution model of a pipeline on PolNeAR train, or cross-validate it there.

Every candidate token of every training article (see
``whosaid.attribute.features``) is labelled 1 when it anchors a gold cue (the
token of the cue whose syntactic head lies outside the cue), and a logistic
regression is fitted on its sparse features. The weights are written as JSON,
together with the cue-span table learned from the same gold cues.

    PYTHONPATH=src:. .venv/bin/python -m training.train_attribution                      # fast
    PYTHONPATH=src:. .venv/bin/python -m training.train_attribution --pipeline accurate  # md parses
    PYTHONPATH=src:. .venv/bin/python -m training.train_attribution --folds 5            # 5-fold CV report
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from whosaid.attribute.boundaries import cut_features, cuts
from whosaid.attribute.candidates import Candidate, Reading, candidate_indices
from whosaid.attribute.content import content_candidates
from whosaid.attribute import encoder_verifier
from whosaid.attribute.encoder_boundaries import bucket_features, cut_input
from whosaid.attribute.extractor import read_candidates
from whosaid.attribute.features import ClauseRates, QuoteContext, content_child_features, cue_features
from whosaid.attribute.model import FORMAT, AttributionModel, ContentHeads, LinearModel
from whosaid.attribute.representation import Representation, load_word_clusters
from whosaid.attribute import border, source_edges
from whosaid.attribute.source import read_source
from whosaid.attribute.spans import (CONTENT, ELSEWHERE, attachable, attached_rates, attachment_keys, cue_heads,
                                     object_of, reported, settle_cue)
from whosaid.attribute.tokens import anchor_of, span_tokens, subtree_ids
from whosaid.pipelines import PIPELINES, get_pipeline
from whosaid.quotes import find_quote_spans
from training.eval_attribution import load_scorer
from training.encoder_cues import (FOLDS as ENCODER_FOLDS, HEAD_C, TUNED_STATES_CACHE, oof_head, out_of_fold,
                                   tuned_cue_table, tuned_states, tuned_tag_table, tuned_tagger)
from training.polnear import load_split

FOLDS = 2
# The tuned encoder layers a model reads ship beside it under this name.
TUNED_LAYERS = "encoder_tuned_layers_{pipeline}.safetensors"
# Weights smaller than this change no decision on dev and only make the file larger.
PRUNE = 0.01


def cue_lemma_counts(articles, docs) -> Counter:
    """How many gold cues each lemma anchors in training."""
    found = Counter()
    for article, doc in zip(articles, docs):
        for attribution in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, attribution["cue"]))
            if anchor is not None:
                found[anchor.lemma_.lower()] += 1
    return found


# Gold cues with a subject a lemma must anchor in training for its subject to be read
# as content, and the share of them whose content holds the subject and that name no source.
SUBJECT_CONTENT_MIN = 10
SUBJECT_CONTENT_RATE = 0.5


def subject_content_lemmas(articles, docs) -> list[str]:
    """Lemmas whose gold cues mostly report their subject, with no source ("Trump
    seemed irritated": content "Trump ... irritated"; ``content._subject_as_content``)."""
    seen, reported = Counter(), Counter()
    for article, doc in zip(articles, docs):
        for attribution in article["attributions"]:
            anchor = anchor_of(span_tokens(doc, attribution["cue"]))
            subject = next((c for c in anchor.children if c.dep_ in ("nsubj", "csubj")), None) if anchor else None
            if subject is None:
                continue
            lemma = anchor.lemma_.lower()
            seen[lemma] += 1
            content = {t.i for t in span_tokens(doc, attribution["content"])}
            reported[lemma] += subject.i in content and not attribution["source"]
    return sorted(lemma for lemma, n in seen.items()
                  if n >= SUBJECT_CONTENT_MIN and reported[lemma] >= SUBJECT_CONTENT_RATE * n)


def cue_lemmas(articles, docs) -> list[str]:
    """Lemmas anchoring at least one gold cue in training: the only candidate cue words."""
    return sorted(cue_lemma_counts(articles, docs))


def count_attachments(anchor, cue_ids, content_ids, counts: Counter) -> None:
    """Count the words that could join a gold cue's anchor and those the gold cue
    includes, ``counts[level, key, word key, "seen" or "in"]`` for the levels of
    ``spans.attachment_keys`` (the shape's rate is read off the rare words only).
    Prepositions after the cue and after the complements it takes in are counted
    again under whether their object is in the gold content (``spans.settle_cue``
    reads these)."""

    def count(head, child, included, given=""):
        by_lemma, by_word, shape = attachment_keys(head, child, given)
        for level, key in (("lemma", by_lemma), ("word", by_word), ("shape", shape)):
            counts[level, key, by_word, "seen"] += 1
            counts[level, key, by_word, "in"] += included

    for child, phrase in attachable(anchor):
        count(anchor, child, all(i in cue_ids for i in phrase))
    for head in cue_heads(anchor, cue_ids):
        for child, _ in attachable(head):
            obj = object_of(child)
            if child.dep_ == "prep" and child.i > head.i and obj is not None:
                count(head, child, child.i in cue_ids, CONTENT if obj.i in content_ids else ELSEWHERE)


# Occurrences a key needs in training to have a rate of its own.
MIN_COUNT = {"lemma": 3, "word": 5, "shape": 5}


def attachment_rates(counts: Counter) -> dict[str, float]:
    """Share of gold cues including an attached word ("has said", "also said", "called
    for"), per anchor lemma and word, per word, and per shape over the words too rare
    to have a rate of their own (what the shape stands in for at inference)."""
    seen, included = Counter(), Counter()
    for (level, key, by_word, what), n in counts.items():
        if level == "shape" and counts["word", by_word, by_word, "seen"] >= MIN_COUNT["word"]:
            continue
        (seen if what == "seen" else included)[level, key] += n
    rates = {key: round(included[level, key] / n, 3) for (level, key), n in seen.items() if n >= MIN_COUNT[level]}
    return dict(sorted(rates.items()))


def collect(articles, docs, lemmas=None, representation: Representation | None = None, roles: bool = False):
    rows, labels = [], []
    content_rows, content_labels = [], []
    child_tags = getattr(representation, "child_features", None)
    # Words attached to an anchor that gold cues include (``count_attachments``).
    attachments = Counter()
    for article, doc in zip(articles, docs):
        quotes = QuoteContext.of(doc, find_quote_spans(doc.text))
        gold = set()
        for attribution in article["attributions"]:
            tokens = span_tokens(doc, attribution["cue"])
            anchor = anchor_of(tokens)
            if anchor is None:
                continue
            gold.add(anchor.i)
            cue_ids = {t.i for t in tokens}
            content = {t.i for t in span_tokens(doc, attribution["content"]) if not t.is_punct}
            source = {t.i for t in span_tokens(doc, attribution["source"])}
            for child in content_candidates(anchor, cue_ids | source):
                phrase = [i for i in subtree_ids(child) if not doc[i].is_punct] or [child.i]
                content_rows.append(content_child_features(child, anchor, quotes.inside)
                                    + (child_tags(child) if child_tags is not None else []))
                content_labels.append(int(sum(i in content for i in phrase) * 2 >= len(phrase)))
            count_attachments(anchor, cue_ids, content, attachments)
        for i in candidate_indices(doc, lemmas):
            row = cue_features(doc[i], quotes, roles)
            if representation is not None:
                row += representation.cue_features(doc[i])
            rows.append(row)
            labels.append(int(i in gold))
    return rows, labels, content_rows, content_labels, attachments


def _valued(row):
    """A row's features as (name, value) pairs: a string is worth 1, a pair its value (``levels``)."""
    return ((f, 1) if f.__class__ is str else f for f in row)


def fit(rows, labels, c):
    """A logistic regression on sparse features, as pruned JSON-ready weights."""
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(dict(_valued(row)) for row in rows)
    # liblinear takes 32-bit indices only.
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=0)
    model.fit(matrix, labels)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
        if abs(w) >= PRUNE
    }
    return {"c": c, "intercept": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}


def gold_matcher(article, scorer):
    """Whether a predicted attribution matches some gold one as the scorer counts it."""
    words = scorer.Words(article["text"])
    gold = [(words.of(g["content"]), words.of(g["source"])) for g in article["attributions"]]
    gold = [(c, s) for c, s in gold if c]

    def matches(attribution) -> bool:
        content, source = words.of(attribution.content), words.of(attribution.source)
        return any(
            scorer.dice(content, gc) >= 0.5 and ((not gs and not source) or bool(gs & source))
            for gc, gs in gold
        )

    return matches


# A lemma none of whose training candidates reaches this share of the candidate
# threshold never anchors a cue: leaving it out of the candidates ("of", "in", "year")
# saves a third of the cue model's work and changes no decision.
HOPELESS = 0.8


def hopeful_lemmas(rows, cue: LinearModel, lemmas: list[str], candidate_threshold: float) -> list[str]:
    """The cue lemmas some training candidate of which scores at least ``HOPELESS`` of
    the candidate threshold."""
    floor = HOPELESS * candidate_threshold
    best: dict[str, float] = {}
    for row in rows:
        lemma = row[1][2:]  # the "l=" feature
        if best.get(lemma, 0.0) < floor:
            best[lemma] = max(best.get(lemma, 0.0), cue.probability(row))
    return [lemma for lemma in lemmas if best.get(lemma, 1.0) >= floor]


def cue_rates(per_doc) -> dict[str, float]:
    """Share of each lemma's candidate tokens in these articles (``collect``'s rows) that anchor a gold cue."""
    seen, anchored = Counter(), Counter()
    for rows, labels, *_ in per_doc:
        for row, label in zip(rows, labels):
            lemma = row[1][2:]  # the "l=" feature
            seen[lemma] += 1
            anchored[lemma] += label
    return {lemma: round(anchored[lemma] / n, 3) for lemma, n in sorted(seen.items())}


def content_heads_of(args) -> ContentHeads | None:
    """What the verifier reads of the content's head word, as ``args`` ask."""
    if not getattr(args, "content_heads", False):
        return None
    return ContentHeads(tuple(getattr(args, "content_head_clusters", ())))


def fold_models(per_doc, cue_words, lemmas, args, representation=None,
                subject_content=frozenset(), clause_rates=None) -> list[AttributionModel]:
    """For each half of train, the cue and content models fitted on the other half."""
    models = []
    for fold in range(FOLDS):
        fitted = [i for i in range(len(per_doc)) if i % FOLDS != fold]
        cue = fit([r for i in fitted for r in per_doc[i][0]], [y for i in fitted for y in per_doc[i][1]], args.c)
        content = fit([r for i in fitted for r in per_doc[i][2]], [y for i in fitted for y in per_doc[i][3]],
                      args.content_c)
        model = AttributionModel(
            cue=LinearModel(cue["weights"], cue["intercept"]),
            content=LinearModel(content["weights"], content["intercept"]),
            attached_cue_words=cue_words,
            cue_lemmas=representation.candidates(lemmas) if representation else frozenset(lemmas),
            candidate_threshold=args.candidate_threshold,
            representation=representation,
            subject_content=frozenset(subject_content),
            content_heads=content_heads_of(args),
            # Rates of the half the models are fitted on: the verifier learns from candidates of
            # the other half, as it reads articles it never saw.
            cue_rates=cue_rates([per_doc[i] for i in fitted]) if getattr(args, "cue_rates", False)
            else None,
            relative_clauses=getattr(args, "relative_clauses", False),
            subject_roles=bool(getattr(args, "subject_roles", False)),
            clause_rates=clause_rates,
        )
        models.append(model)
    return models


def boundary_data(articles, docs, models, encoder=None):
    """Candidate cuts of the contents of each half of train, read with the other half's models.

    A cut is labelled 1 when it brings the content closer (word Dice) to the gold
    content it already matches (Dice >= 0.5). With ``encoder`` (the encoder cues the
    models read), also each cut's encoder input (``encoder_boundaries.cut_input``): the
    states side by side, which words had one, and the article it belongs to.
    """
    dice = load_scorer().dice
    rows, labels = [], []
    encoded = _EncoderRows()
    for fold, model in enumerate(models):
        # The tagger's view of a cut (``tag_features``), as ``EncoderCues.boundary_features`` adds it.
        cut_tags = getattr(model.representation, "cut_tag_features", None)
        for i in range(fold, len(docs), FOLDS):
            doc = docs[i]
            golds = [{t.i for t in span_tokens(doc, a["content"]) if not t.is_punct}
                     for a in articles[i]["attributions"]]
            golds = [g for g in golds if g]

            for candidate in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model):
                # The content as the parse gave it, before any cut.
                ids = candidate.parse_content
                if ids is None:
                    continue
                words = {k for k in ids if not doc[k].is_punct}
                best = max(golds, key=lambda g: dice(g, words), default=set())
                before = dice(best, words)
                if before < 0.5:
                    continue
                for cut in cuts(ids, doc, candidate.excluded):
                    kept = {k for k in cut.kept if not doc[k].is_punct}
                    rows.append(cut_features(cut, candidate.anchor, candidate.relation) + (
                        cut_tags(cut, candidate.anchor) if cut_tags is not None else []))
                    labels.append(int(dice(best, kept) > before))
                    if encoder is not None:
                        encoded.add(cut_input(cut, candidate.anchor, lambda k: encoder.state(doc, k),
                                              len(encoder.head.mean)), i)
    return rows, labels, encoded.arrays() if encoder is not None else None


class _EncoderRows:
    """A head's training inputs as rows are read: the vector, which of its words had
    states, and the article (for out-of-fold training by article)."""

    def __init__(self):
        self.inputs, self.present, self.groups = [], [], []

    def add(self, vector_and_present, article: int) -> None:
        vector, found = vector_and_present
        self.inputs.append(vector)
        self.present.append(found)
        self.groups.append(article)

    def arrays(self):
        return np.array(self.inputs, dtype=np.float32), np.array(self.present), np.array(self.groups)


def boundary_ops(rows) -> list[str]:
    """The kind of each cut (``Cut.op``), as its features name it (the "s=" feature)."""
    return [row[1][2:] for row in rows]


def verifier_data(articles, docs, models, encoder=None):
    """Candidate attributions of each half of train, read with the other half's models
    (which have no verifier and no boundary model yet), labelled by whether the
    scorer counts what they report right. With ``encoder``, also each candidate's
    encoder input (``encoder_verifier.candidate_input``), as ``boundary_data`` gives."""
    scorer = load_scorer()
    rows, labels = [], []
    encoded = _EncoderRows()
    for fold, model in enumerate(models):
        for i in range(fold, len(docs), FOLDS):
            doc = docs[i]
            matches = gold_matcher(articles[i], scorer)
            for candidate in read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model):
                rows.append(candidate.features)
                labels.append(int(matches(reported(candidate, model))))
                if encoder is not None:
                    encoded.add(encoder_verifier.candidate_input(
                        candidate, lambda k: encoder.state(doc, k), len(encoder.head.mean)), i)
    return rows, labels, encoded.arrays() if encoder is not None else None


def border_rows(article, doc, candidates, model):
    """The border model's rows of one article (``whosaid.attribute.border``): for every
    candidate anchoring a gold cue whose content the parse gave, each word right of the
    anchor that may join the cue, labelled 1 when gold's cue holds it. Read as inference
    reads them: the cue as first read, the content as the parse gave it."""
    gold = {}
    for attribution in article["attributions"]:
        tokens = span_tokens(doc, attribution["cue"])
        anchor = anchor_of(tokens)
        if anchor is not None:
            gold.setdefault(anchor.i, {t.i for t in tokens})
    tags = model.representation.word_tags(doc) if hasattr(model.representation, "word_tags") else None
    rows, labels = [], []
    for candidate in candidates:
        cue_ids = gold.get(candidate.anchor.i)
        if cue_ids is None or candidate.parse_content is None or candidate.quoted:
            continue
        anchor = candidate.anchor
        words = border.region(anchor, set(candidate.source_span))
        settled, _ = settle_cue(anchor, candidate.cue, candidate.parse_content, model.joins_cue)
        rows += border.word_features(anchor, words, candidate.parse_content, candidate.cue, settled, tags,
                                     attached_rates(anchor, candidate.parse_content, model))
        labels += [int(j in cue_ids) for j in words]
    return rows, labels


def border_model(articles, docs, artifact: dict, representation, c: float) -> dict:
    """The border model (``whosaid.attribute.border``) fitted on ``articles`` read with the
    model of ``artifact`` (its cue, content and boundary decisions, and ``representation``,
    the one in memory: the encoder's probabilities of training articles held out of the
    heads that give them)."""
    data = {k: v for k, v in artifact.items() if k not in ("representation", "border")}
    model = AttributionModel.from_dict(data)
    if representation is not None:
        model = dataclasses.replace(model, representation=representation,
                                    cue_lemmas=representation.candidates(frozenset(artifact["cue_lemmas"])))
    rows, labels = [], []
    for article, doc in zip(articles, docs):
        candidates = read_candidates(Reading.of(doc, find_quote_spans(doc.text)), model)
        found = border_rows(article, doc, candidates, model)
        rows += found[0]
        labels += found[1]
    return fit(rows, labels, c)


def source_edge_rows(article, doc, tags):
    """The source-edge model's rows of one article (``whosaid.attribute.source_edges``): for
    every gold cue, the source the rules read from its anchor, and each cut of that mention
    labelled by whether it gives the gold mention's edge on its side. Mentions sharing no
    word with gold (another phrase, or none) teach nothing of edges and are left out."""
    reading = Reading.of(doc, find_quote_spans(doc.text))
    rows, labels = [], []
    for attribution in article["attributions"]:
        cue = span_tokens(doc, attribution.get("cue") or [])
        anchor = anchor_of(cue)
        if anchor is None:
            continue
        candidate = Candidate(anchor=anchor, cue_probability=1.0, cue=[t.i for t in cue])
        read_source(candidate, reading)
        gold = {t.i for t in span_tokens(doc, attribution.get("source") or []) if not (t.is_punct or t.is_space)}
        if candidate.source is None or not gold & set(candidate.source_span):
            continue
        for cut in source_edges.cuts(candidate.source_span, candidate.source, candidate.source_head):
            rows.append(source_edges.cut_features(cut, candidate.source, tags))
            labels.append(source_edges.label(cut, gold))
    return rows, labels


def source_edge_model(articles, docs, representation, c: float) -> dict:
    """The source-edge model fitted on ``articles``, reading the tags of ``representation``
    (for training articles, those of the tagger run that did not train on them)."""
    rows, labels = [], []
    for article, doc in zip(articles, docs):
        found = source_edge_rows(article, doc, representation.word_tags(doc))
        rows += found[0]
        labels += found[1]
    return fit(rows, labels, c)


# Gold cues a lemma must anchor in training for its cluster to widen the cue candidates.
CLUSTER_SEED_COUNT = 2


def representation_of(args, lemma_counts: Counter) -> Representation | None:
    """The word-cluster representation ``args`` ask for, its candidate clusters taken
    from the lemmas anchoring gold cues in training."""
    if not args.clusters:
        return None
    clusters = load_word_clusters()
    representation = Representation(clusters, tuple(args.clusters), neighbours=args.cluster_neighbours,
                                    verifier=args.cluster_verifier,
                                    candidate_granularity=args.cluster_candidates)
    if not args.cluster_candidates:
        return representation
    seeds = {representation.cluster_of(lemma, args.cluster_candidates)
             for lemma, n in lemma_counts.items() if n >= CLUSTER_SEED_COUNT}
    return Representation(clusters, tuple(args.clusters), args.cluster_neighbours, args.cluster_verifier,
                          args.cluster_candidates, frozenset(seeds - {None}))


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", choices=tuple(PIPELINES), default="fast",
                        help="parse train with this pipeline's spaCy pipeline and write its model file (default: fast)")
    parser.add_argument("--out", type=Path, help="default: the pipeline's model file (whosaid.pipelines)")
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="instead of training the model, report K-fold cross-validation on train (train on "
                             "K-1 folds, score the one left out with ../shared/eval/score.py)")
    parser.add_argument("--predictions", type=Path, metavar="JSONL",
                        help="with --folds: write every train article's out-of-fold predictions here "
                             "(training/content_edges.py reads them)")
    parser.add_argument("--fold-models", type=Path, metavar="DIR",
                        help="with --folds: keep each fold's model here, and read it back instead of training on "
                             "later runs (a change to inference alone is measured without training again)")
    parser.add_argument("--c", type=float, default=0.25, help="cue model: inverse L2 regularisation strength")
    parser.add_argument("--content-c", type=float, default=0.25, help="content model: inverse L2 strength")
    parser.add_argument("--verifier-c", type=float, default=0.3, help="verifier: inverse L2 strength")
    parser.add_argument("--boundary-c", type=float, default=0.3, help="content boundary model: inverse L2 strength")
    parser.add_argument("--candidate-threshold", type=float, default=0.25,
                        help="cue probability a token needs to become a candidate attribution")
    parser.add_argument("--threshold", type=float, default=0.25,
                        help="verifier probability an attribution needs to be reported")
    parser.add_argument("--clusters", type=int, nargs="*", default=[],
                        help="word-cluster granularities the cue model reads (models/word_clusters.tsv); none: off")
    parser.add_argument("--no-cluster-neighbours", dest="cluster_neighbours", action="store_false",
                        help="read only the cue's own clusters, not those of its subject and complements")
    parser.add_argument("--no-cluster-verifier", dest="cluster_verifier", action="store_false",
                        help="the verifier does not read the cue's clusters")
    parser.add_argument("--encoder-layer", type=int, default=None, metavar="L",
                        help="the cue model also reads a cue head on the encoder's layer L (whosaid.attribute."
                             "encoder_cues; 3 is half the model); 0: off (default: the pipeline's, 3 for "
                             "accurate, 0 for fast)")
    parser.add_argument("--tuned-cues", type=Path, nargs=2, metavar="RUN",
                        help="the cue model reads a fine-tuned encoder's cue probability instead of the frozen "
                             "head's, each article's from the run of training/finetune_encoder.py that did not "
                             "train on it (two runs, one per half of train); without --folds also --tuned-encoder")
    parser.add_argument("--tuned-encoder", type=Path, metavar="RUN",
                        help="with --tuned-cues and --tuned-tags, not --folds: the run on all of train whose layers "
                             "and heads the written model reads at inference (its layer file is copied beside it)")
    parser.add_argument("--tuned-tags", action="store_true",
                        help="with --tuned-cues: the content model, the boundary model and the verifier also read "
                             "the runs' per-word source and content tags (whosaid.attribute.tag_features)")
    parser.add_argument("--tuned-states", action="store_true",
                        help="with --tuned-tags: the boundary and verification heads read the fine-tuned layers' "
                             "states (each train article's from the --tuned-cues run that did not train on it) "
                             "instead of the frozen ones, so that inference runs one forward of the encoder")
    parser.add_argument("--tuned-states-cache", type=Path, default=TUNED_STATES_CACHE,
                        help="where the tuned states of train's articles are kept between runs")
    parser.add_argument("--tuned-rows", type=Path, default=Path(".cache/token-tags/train.jsonl"),
                        help="the rows the --tuned-cues runs read (training/export_token_tags.py)")
    parser.add_argument("--tuned-column", choices=("anchor", "cue"), default="anchor",
                        help="the runs' anchor head or their cue tag")
    parser.add_argument("--encoder-c", type=float, default=HEAD_C, help="encoder cue head: inverse L2 strength")
    parser.add_argument("--encoder-hidden", type=int, default=0, metavar="N",
                        help="the encoder cue head has one hidden ReLU layer of N units (an MLP); 0: a "
                             "logistic regression")
    parser.add_argument("--encoder-heads-hidden", type=int, default=0, metavar="N",
                        help="the same for the boundary and verification heads")
    parser.add_argument("--encoder-verifier", action="store_true",
                        help="the verifier also reads the encoder cue head's bucket of the anchor")
    parser.add_argument("--no-encoder-boundary", dest="encoder_boundary", action="store_false",
                        help="the boundary model does not read a head on the encoder states around a cut "
                             "(whosaid.attribute.encoder_boundaries; read whenever the encoder cues are)")
    parser.add_argument("--encoder-boundary-c", type=float, default=HEAD_C,
                        help="encoder boundary head: inverse L2 strength")
    parser.add_argument("--no-encoder-verification", dest="encoder_verification", action="store_false",
                        help="the verifier does not read a head on the encoder states of the cue, the content's "
                             "head and the source (whosaid.attribute.encoder_verifier; read whenever the encoder "
                             "cues are)")
    parser.add_argument("--encoder-verification-c", type=float, default=HEAD_C,
                        help="encoder verification head: inverse L2 strength")
    parser.add_argument("--content-heads", action="store_true",
                        help="the verifier reads the word the content hangs from: its relation to the cue, lemma, "
                             "kind, a number or possessive determining it (features.content_head_features)")
    parser.add_argument("--content-head-clusters", type=int, nargs="*", default=[],
                        help="with --content-heads: also the word clusters of that word and of the cue at these "
                             "granularities (models/word_clusters.tsv)")
    parser.add_argument("--cue-rates", action="store_true",
                        help="the verifier reads how often the cue lemma anchored a gold cue among its candidates in "
                             "training, alone and with the content's shape (features.cue_rate_features)")
    parser.add_argument("--relative-clauses", action="store_true",
                        help="the verifier reads a cue or content inside a clause that modifies a noun: what the "
                             "noun is to the clause, whether the content lies in it (features.relative_clause_features)")
    parser.add_argument("--clause-rates", action="store_true",
                        help="the verifier reads the content's kind with how often the cue's verb and a noun "
                             "object's head take a clause in the training text (features.clause_rate_features)")
    parser.add_argument("--border", action="store_true",
                        help="learn where the cue ends and the content begins: a border model scores each word right "
                             "of a cue's anchor as the cue's or not (whosaid.attribute.border), instead of the "
                             "learned rates alone (spans.settle_cue)")
    parser.add_argument("--colon-quotes", action="store_true",
                        help="a quotation a clause introduces with a colon is its subject's when no attribution "
                             "reaches it (docs/attribution.md, colon-introduced quotations)")
    parser.add_argument("--subject-roles", action="store_true",
                        help="the cue model and verifier read a role noun subject or source (\"the senator said\") "
                             "as a kind of its own (features.ROLE_KIND), not as any noun")
    parser.add_argument("--close-quotations", action="store_true",
                        help="a content whose last words lie inside a quotation runs on to its closing mark "
                             "(docs/attribution.md, where matched contents miss their edges)")
    parser.add_argument("--unlinked-names", action="store_true",
                        help="a quotation naming a term or a work (one word, capitalised words) is never linked on "
                             "to the quotation before it (docs/attribution.md, where matched contents miss their edges)")
    parser.add_argument("--border-c", type=float, default=1.0, help="border model: inverse L2 strength")
    parser.add_argument("--source-edges", action="store_true",
                        help="train a source-edge model that cuts the rules' source mention short where the "
                             "fine-tuned encoder's source tags say gold's ends (needs --tuned-tags; "
                             "whosaid.attribute.source_edges)")
    parser.add_argument("--source-edges-c", type=float, default=0.3, help="source-edge model: inverse L2 strength")
    parser.add_argument("--smooth-levels", action="store_true",
                        help="with encoder cues: the span decisions and the verifier read the encoder's probabilities "
                             "(heads, tuned tags) and the verifier the cue probability shared between the two "
                             "nearest buckets instead of in one (whosaid.attribute.levels)")
    parser.add_argument("--cluster-candidates", type=int, default=0,
                        help="granularity whose clusters of training cue lemmas widen the cue candidates; 0: off")
    return parser


def train(articles, docs, args, log=print) -> dict:
    """The model artifact (JSON-ready) trained on ``articles`` and their parses."""
    started = time.time()
    counts = cue_lemma_counts(articles, docs)
    lemmas = sorted(counts)
    representation = getattr(args, "encoder_cues", None) or representation_of(args, counts)
    candidates = representation.candidates(lemmas) if representation else frozenset(lemmas)
    roles = bool(getattr(args, "subject_roles", False))
    per_doc = [collect([a], [d], candidates, representation, roles) for a, d in zip(articles, docs)]
    attachments = Counter()
    for *_, doc_attachments in per_doc:
        attachments.update(doc_attachments)
    # A word attached to a cue ("has said", "also said", "called for") joins the cue span
    # when gold cues usually include it: per lemma when seen often enough, else in general.
    cue_words = attachment_rates(attachments)
    rows = [r for d in per_doc for r in d[0]]
    labels = [y for d in per_doc for y in d[1]]
    content_rows = [r for d in per_doc for r in d[2]]
    content_labels = [y for d in per_doc for y in d[3]]
    log(f"{len(rows):,} candidates, {sum(labels):,} cues; {len(content_rows):,} content phrases "
        f"({time.time() - started:.0f}s)")
    subject_content = subject_content_lemmas(articles, docs)
    # Counted on the text of all the training articles (no annotation is read), as at inference.
    clause_rates = ClauseRates.count(docs) if getattr(args, "clause_rates", False) else None
    models = fold_models(per_doc, cue_words, lemmas, args, representation, subject_content, clause_rates)
    encoder = representation if getattr(args, "encoder_boundary", False) and hasattr(representation, "state") \
        else None
    boundary_rows, boundary_labels, encoder_inputs = boundary_data(articles, docs, models, encoder)
    log(f"{len(boundary_rows):,} candidate content cuts, {sum(boundary_labels):,} closer to gold "
        f"({time.time() - started:.0f}s)")
    if encoder is not None:
        # The boundary model learns how far to trust the head from probabilities of heads
        # that did not see the cut's article, as at inference.
        head, probabilities = oof_head(*encoder_inputs[:2], np.array(boundary_labels), encoder_inputs[2],
                                       representation.head.layer, args.encoder_boundary_c, log=log,
                                       hidden=getattr(args, "encoder_heads_hidden", 0))
        for row, cut_op, probability in zip(boundary_rows, boundary_ops(boundary_rows), probabilities):
            row += bucket_features(float(probability), cut_op, representation.smooth)
        representation = representation.with_heads(boundary=head)
    boundary = fit(boundary_rows, boundary_labels, args.boundary_c)
    encoder = representation if getattr(args, "encoder_verification", False) and hasattr(representation, "state") \
        else None
    verifier_rows, verifier_labels, encoder_inputs = verifier_data(articles, docs, models, encoder)
    log(f"{len(verifier_rows):,} candidate attributions, {sum(verifier_labels):,} right "
        f"({time.time() - started:.0f}s)")
    if encoder is not None:
        head, probabilities = oof_head(*encoder_inputs[:2], np.array(verifier_labels), encoder_inputs[2],
                                       representation.head.layer, args.encoder_verification_c, log=log,
                                       hidden=getattr(args, "encoder_heads_hidden", 0))
        for row, probability in zip(verifier_rows, probabilities):
            row += encoder_verifier.bucket_features(float(probability), representation.smooth)
        representation = representation.with_heads(verification=head)
    verifier = fit(verifier_rows, verifier_labels, args.verifier_c)
    cue = fit(rows, labels, args.c)
    content = fit(content_rows, content_labels, args.content_c)
    lemmas = hopeful_lemmas(rows, LinearModel(cue["weights"], cue["intercept"]), lemmas,
                           args.candidate_threshold)
    artifact = {
        "format": FORMAT,
        "trained_on": f"PolNeAR train, {get_pipeline(args.pipeline).spacy_size} parses ({args.pipeline} pipeline)",
        "candidate_threshold": args.candidate_threshold,
        "threshold": args.threshold,
        "attached_cue_words": cue_words,
        "cue_lemmas": lemmas,
        "subject_content_lemmas": subject_content,
        "cue": cue,
        "content": content,
        "verifier": verifier,
        "boundary": boundary,
    }
    if content_heads_of(args) is not None:
        artifact["content_heads"] = content_heads_of(args).to_json()
    if getattr(args, "cue_rates", False):
        artifact["cue_rates"] = cue_rates(per_doc)
    if getattr(args, "colon_quotes", False):
        artifact["colon_quotes"] = True
    if clause_rates is not None:
        artifact["clause_rates"] = clause_rates.to_json()
    if getattr(args, "relative_clauses", False):
        artifact["relative_clauses"] = True
    if roles:
        artifact["subject_roles"] = True
    if getattr(args, "close_quotations", False):
        artifact["close_quotations"] = True
    if getattr(args, "unlinked_names", False):
        artifact["unlinked_names"] = True
    if getattr(args, "border", False):
        artifact["border"] = border_model(articles, docs, artifact, representation, args.border_c)
        log(f"border model: {len(artifact['border']['weights']):,} weights ({time.time() - started:.0f}s)")
    if getattr(args, "source_edges", False):
        artifact["source_edges"] = source_edge_model(articles, docs, representation, args.source_edges_c)
        log(f"source-edge model: {len(artifact['source_edges']['weights']):,} weights ({time.time() - started:.0f}s)")
    if representation is not None:
        artifact["representation"] = representation.to_json()
    return artifact


def as_model(artifact: dict) -> AttributionModel:
    """The artifact as inference reads it (through a file, as the committed model is read)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        path.write_text(json.dumps(artifact), encoding="utf-8")
        return AttributionModel.from_file(path)


# What the cross-validation report gives per fold and on average: the scorer's F1 of each.
CV_METRICS = ("attribution", "content@0.5", "cue exact", "source exact", "content exact", "direct")


def cross_validate(articles, docs, args) -> list[dict]:
    """Train on all folds but one and score the one left out, for each of ``args.folds`` folds of
    train (article ``i`` is in fold ``i % folds``); the scorer's F1s per fold. With
    ``args.fold_models`` each fold's model is kept there and read back on a later run instead
    of trained again (a change to how spans are read, measured on the same models); with
    ``args.predictions`` every article's out-of-fold predictions are written there."""
    from training.eval_attribution import load_scorer, predict

    scorer = load_scorer()
    reports = []
    every = [None] * len(docs)
    for fold in range(args.folds):
        fitted = [i for i in range(len(docs)) if i % args.folds != fold]
        held = [i for i in range(len(docs)) if i % args.folds == fold]
        started = time.time()
        kept = args.fold_models / f"fold-{fold + 1}-of-{args.folds}.json" if args.fold_models else None
        if kept is not None and kept.exists():
            artifact = json.loads(kept.read_text(encoding="utf-8"))
        else:
            artifact = train([articles[i] for i in fitted], [docs[i] for i in fitted], args, log=lambda _: None)
            if kept is not None:
                kept.parent.mkdir(parents=True, exist_ok=True)
                kept.write_text(json.dumps(artifact, separators=(",", ":")), encoding="utf-8")
        if getattr(args, "border", False) and "border" not in artifact:
            # A kept fold model from before the border model: fitted on the fold's training articles.
            heads = as_model(artifact).representation
            representation = args.encoder_cues.with_heads(boundary=heads.boundary, verification=heads.verification) \
                if getattr(args, "encoder_cues", None) is not None else None
            artifact["border"] = border_model([articles[i] for i in fitted], [docs[i] for i in fitted], artifact,
                                              representation, args.border_c)
        elif not getattr(args, "border", False):
            artifact.pop("border", None)
        # Inference options: a kept fold model is read with them or without them as asked.
        artifact["colon_quotes"] = bool(getattr(args, "colon_quotes", False))
        artifact["close_quotations"] = bool(getattr(args, "close_quotations", False))
        artifact["unlinked_names"] = bool(getattr(args, "unlinked_names", False))
        if getattr(args, "source_edges", False) and "source_edges" not in artifact:
            # A kept fold model from before the source-edge model: fitted on the fold's training articles.
            artifact["source_edges"] = source_edge_model([articles[i] for i in fitted], [docs[i] for i in fitted],
                                                         args.encoder_cues, args.source_edges_c)
        elif not getattr(args, "source_edges", False):
            artifact.pop("source_edges", None)
        model = as_model(artifact)
        if getattr(args, "encoder_cues", None) is not None:
            # Held-out articles keep the probabilities of the head fitted without their fold
            # (and the boundary head trained on the other folds).
            model = dataclasses.replace(model, representation=args.encoder_cues.with_heads(
                boundary=model.representation.boundary, verification=model.representation.verification))
        predictions = predict([articles[i] for i in held], [docs[i] for i in held], model=model)
        for i, predicted in zip(held, predictions):
            every[i] = predicted
        if args.predictions is not None:
            # Written after every fold, so that a long run's first folds can be read before it ends.
            args.predictions.write_text("".join(json.dumps(p) + "\n" for p in every if p is not None),
                                        encoding="utf-8")
        report = scorer.score({articles[i]["id"]: articles[i] for i in held}, {p["id"]: p for p in predictions})
        reports.append({metric: report[metric]["f1"] for metric in CV_METRICS})
        print(f"fold {fold + 1}/{args.folds} ({len(held)} articles held out, {time.time() - started:.0f}s): "
              + ", ".join(f"{m} {reports[-1][m]:.4f}" for m in CV_METRICS), flush=True)
    mean = {m: sum(r[m] for r in reports) / len(reports) for m in CV_METRICS}
    print(f"{args.folds}-fold mean on train ({args.pipeline}): " + ", ".join(f"{m} {mean[m]:.4f}" for m in CV_METRICS))
    return reports


def main(argv=None) -> None:
    options = parser()
    args = options.parse_args(argv)
    out = args.out or get_pipeline(args.pipeline).attribution_model
    started = time.time()
    articles, docs = load_split("train", pipeline=args.pipeline)
    if args.encoder_layer is None:
        args.encoder_layer = get_pipeline(args.pipeline).encoder_cue_layer
    if args.encoder_layer:
        # Out of fold over the same folds as the cross-validation, so that a held-out
        # article is read by a head that did not learn from it.
        args.encoder_cues = out_of_fold(articles, docs, args.encoder_layer, args.encoder_c,
                                        folds=args.folds or ENCODER_FOLDS, verifier=args.encoder_verifier,
                                        hidden=args.encoder_hidden)[1]
        print(f"encoder cue head on layer {args.encoder_layer} ({time.time() - started:.0f}s)", flush=True)
        args.encoder_cues.smooth = args.smooth_levels
        if args.tuned_cues:
            if not args.folds and not (args.tuned_encoder and args.tuned_tags):
                options.error("a model trained with --tuned-cues reads them at inference: give --tuned-tags and "
                              "--tuned-encoder (the run on all of train), or --folds")
            if args.tuned_encoder and not args.folds:
                # The shipped model reads the run on all of train; its training rows read
                # the runs on halves, each article the run that did not see it, as CV does.
                args.encoder_cues.tuned = tuned_tagger(args.tuned_encoder, out.parent,
                                                       TUNED_LAYERS.format(pipeline=args.pipeline))
                print(f"the model reads the tuned layers of {args.tuned_encoder} -> {args.encoder_cues.tuned.path}",
                      flush=True)
            args.encoder_cues.table = tuned_cue_table(args.tuned_rows, args.tuned_cues, docs, args.tuned_column)
            print(f"cue probabilities of the fine-tuned encoder ({args.tuned_column}) from {args.tuned_cues}", flush=True)
            if args.tuned_tags:
                args.encoder_cues.tags = tuned_tag_table(args.tuned_rows, args.tuned_cues, docs)
                print("the fine-tuned encoder's word tags are read by the content, boundary and verifier models",
                      flush=True)
            if args.tuned_states:
                if not args.tuned_tags:
                    options.error("--tuned-states needs --tuned-tags")
                args.encoder_cues.states = tuned_states(docs, args.tuned_cues, args.tuned_states_cache)
                args.encoder_cues.tuned_states = True
                print(f"the boundary and verification heads read the fine-tuned layers' states "
                      f"({time.time() - started:.0f}s)", flush=True)
        elif args.tuned_tags or args.tuned_encoder or args.tuned_states:
            options.error("--tuned-tags, --tuned-encoder and --tuned-states need --tuned-cues")
    if args.smooth_levels and not args.encoder_layer:
        options.error("--smooth-levels reads encoder probabilities: the pipeline has no encoder cues")
    if args.source_edges and not args.tuned_tags:
        options.error("--source-edges reads the fine-tuned encoder's tags: give --tuned-tags")
    if args.folds:
        if args.folds < 2:
            options.error("--folds needs at least 2 folds")
        cross_validate(articles, docs, args)
        return
    artifact = train(articles, docs, args)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(artifact, separators=(",", ":")), encoding="utf-8")
    print(", ".join(f"{len(artifact[part]['weights']):,}" for part in ("cue", "content", "verifier", "boundary"))
          + f" weights -> {out} ({out.stat().st_size / 1e6:.1f} MB, {time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
