"""The cue model's weights of all an article's candidate tokens at once: to rule out,
before anything else is read of them, the tokens that cannot anchor a cue, and to give
the others their exact cue probability without building their features.

``cue_features`` describes a token by feature strings whose weights a dictionary look-up
finds; five candidate tokens in six score below the candidate threshold, most of them far
below. ``CueTerms`` reads the same weights for every candidate of an article in a few
numpy passes: the cue model's weights are keyed once per model by the ids of their parts
(``ld=say|ccomp`` under the ids of "say" and "ccomp"), and each token's parts are read as
ids from the article's token table. ``CueTerms.scores`` sums them family by family, which
differs from ``LinearModel.probability``'s sum only by rounding, so a token is ruled out
only when it falls short of the threshold by more than ``MARGIN``; ``CueTerms.ordered``
gives a token's weights in the order of its features, which ``LinearModel.weighed`` sums
as ``probability`` sums the features' own (the same floats added in the same order).

This mirrors ``cue_features`` family by family; tests/test_attribute_steps.py checks
that the two give the same weights, in the same order, for every candidate of real
articles, so a feature added there must be added here too.
"""

from __future__ import annotations

import math
import threading
from itertools import combinations

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..context import LEMMA_COLUMN, POS_COLUMN
from ..lexicon import is_person_noun
from .features import FRAME, LEMMA_CLASSES, PRONOUNS, ROLE_KIND, SUBJECTS, WORDED_CHILDREN, QuoteContext
from .tokens import token_table

# How far below the threshold a score must fall for its token to be ruled out; the
# rounding of a sum of a few dozen weights is many orders of magnitude smaller.
MARGIN = 1e-6

# Feature families of ``cue_features``: the prefix of the feature string and how many
# parts joined by "|" follow it.
FAMILIES = {
    "l=": 1, "w=": 1, "p=": 1, "t=": 1, "d=": 1, "ld=": 2, "lt=": 2, "h=": 1, "dhp=": 2, "td=": 2, "ltd=": 3,
    "q=": 1, "lq=": 2, "cls=": 1, "clsd=": 2, "clsq=": 2, "pv=": 1, "nx=": 1, "lnx=": 2, "quote_follows|": 1,
    "quote_precedes|": 1, "hld=": 2, "c=": 1, "lc=": 2, "cw=": 2, "lcw=": 3, "sk=": 1, "lsk=": 2, "ccm=": 1,
    "ccq=": 1, "pobj=": 1, "nosubj|": 1, "fr=": 1, "lfr=": 2, "sq=": 1, "sqall=": 1, "colon_next_quote=": 1,
}
# Features that are the whole string.
CONSTANTS = ("bias", "quote_follows", "quote_precedes")
_BITS = 21  # bits of one part's id in a family's key (three parts fit an int64)
_FRAME_ORDER = sorted(FRAME)


class CueWeights:
    """A cue model's weights keyed by the ids of their parts, family by family."""

    def __init__(self, weights: dict[str, float]):
        vocabulary: dict[str, int] = {}

        def ident(word: str) -> int:
            return vocabulary.setdefault(word, len(vocabulary) + 1)

        # Every word the scoring compares against has an id, so that an unknown word
        # (id 0, in no key) never passes for one of them.
        for word in (*WORDED_CHILDREN, *SUBJECTS, *FRAME, *PRONOUNS, *LEMMA_CLASSES, "ccomp", "pobj", "mark", "pron",
                     "<s>", "</s>", "-", "True", "False", "none", "", ":", ",", ROLE_KIND):
            ident(word)
        for classes in LEMMA_CLASSES.values():
            for name in classes:
                ident(name)
        keyed: dict[str, dict[tuple[int, ...], float]] = {family: {} for family in FAMILIES}
        self.constants = {name: weights.get(name, 0.0) for name in CONSTANTS}
        for feature, weight in weights.items():
            family = _family(feature)
            if family is None:
                continue
            rest = feature[len(family):]
            parts = FAMILIES[family]
            if parts == 1:
                keyed[family][(ident(rest),)] = weight
                continue
            # A word may itself hold "|": the feature is filed under every way of reading its parts.
            pieces = rest.split("|")
            for cuts in combinations(range(1, len(pieces)), parts - 1):
                bounds = (0, *cuts, len(pieces))
                key = tuple(ident("|".join(pieces[a:b])) for a, b in zip(bounds, bounds[1:]))
                keyed[family][key] = weight
        self.usable = len(vocabulary) < 1 << _BITS
        self.vocabulary = vocabulary
        # The words' string-store keys, ascending, and their ids: an article's strings are found
        # among them by their keys (``TokenTable.keys``), with no string hashed or looked up.
        words = list(vocabulary)
        string_keys = np.fromiter(map(get_string_id, words), dtype=np.uint64, count=len(words))
        order = np.argsort(string_keys)
        self.string_keys = string_keys[order]
        self.string_ids = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.int64, count=len(words))[order]
        # A family of one part is an array over the ids (one look-up per token); the others
        # are sorted keys searched.
        self.dense: dict[str, np.ndarray] = {}
        self.tables = {}
        for family, table in keyed.items():
            if FAMILIES[family] == 1:
                dense = np.zeros(len(vocabulary) + 1)
                dense[[key[0] for key in table]] = list(table.values())
                self.dense[family] = dense
                continue
            keys = np.array([_combine(*key) for key in table], dtype=np.int64)
            values = np.array(list(table.values()), dtype=np.float64)
            order = np.argsort(keys)
            self.tables[family] = (keys[order], values[order])
        # Each lemma's verb classes ("none" for a lemma of none), in slots padded with 0.
        slots = max(len(c) for c in LEMMA_CLASSES.values())
        self.lemma_classes = np.zeros((len(vocabulary) + 1, slots), dtype=np.int64)
        self.lemma_classes[:, 0] = vocabulary["none"]
        for lemma, classes in LEMMA_CLASSES.items():
            self.lemma_classes[vocabulary[lemma], :len(classes)] = [vocabulary[c] for c in classes]
        size = len(vocabulary) + 1

        def marked(words) -> np.ndarray:
            found = np.zeros(size, dtype=bool)
            found[[vocabulary[word] for word in words]] = True
            return found

        self.pronoun, self.worded, self.subject = marked(PRONOUNS), marked(WORDED_CHILDREN), marked(SUBJECTS)
        # The bit of each relation of a verb's frame; the frame's string under each set of bits.
        self.frame_bit = np.zeros(size, dtype=np.int64)
        for bit, name in enumerate(_FRAME_ORDER):
            self.frame_bit[vocabulary[name]] = 1 << bit
        self.frames = np.array([vocabulary.get("+".join(name for k, name in enumerate(_FRAME_ORDER) if mask >> k & 1), 0)
                                for mask in range(1 << len(_FRAME_ORDER))], dtype=np.int64)

    def columns(self, table) -> tuple[np.ndarray, ...]:
        """The ids of each token's lemma (lower-cased), lower-cased form, part of speech,
        tag, relation and entity type, found once per distinct string of the article."""
        names, keys, codes = table.names, table.keys, table.codes
        plain = np.zeros(len(keys), dtype=np.int64)
        if len(keys) and len(self.string_keys):
            at = np.minimum(np.searchsorted(self.string_keys, keys), len(self.string_keys) - 1)
            found = self.string_keys[at] == keys
            plain[found] = self.string_ids[at[found]]
        # A lemma is read lower-cased: only the lemmas that lower-casing changes (names) are
        # looked up again, by string.
        lowered = plain.copy()
        used = np.zeros(len(names), dtype=bool)
        used[codes[:, 0]] = True
        get = self.vocabulary.get
        for k in np.flatnonzero(used).tolist():
            name = names[k]
            lower = name.lower()
            if lower != name:
                lowered[k] = get(lower, 0)
        return (lowered[codes[:, 0]], *(plain[codes[:, k]] for k in (1, 3, 4, 5, 6)))

    def weight(self, family: str, *parts: np.ndarray) -> np.ndarray:
        """The weight of each row's feature of ``family``, 0 for a feature the model lacks."""
        if len(parts) == 1:
            return self.dense[family][parts[0]]
        keys, values = self.tables[family]
        query = _combine(*parts)
        if not len(keys):
            return np.zeros(np.shape(query))
        at = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
        return np.where(keys[at] == query, values[at], 0.0)


def _role_nouns(table, rows: np.ndarray) -> np.ndarray:
    """Whether each token of ``rows`` is a common noun naming a person by role (``features._kind_at``),
    decided once per distinct lemma."""
    names = table.names
    distinct, inverse = np.unique(table.codes[rows, LEMMA_COLUMN], return_inverse=True)
    person = np.fromiter((is_person_noun(names[k].lower()) for k in distinct.tolist()), dtype=bool,
                         count=len(distinct))
    return person[inverse.reshape(-1)] & table.among(POS_COLUMN, ("NOUN",))[rows]


def _family(feature: str) -> str | None:
    for family in ("quote_follows|", "quote_precedes|", "nosubj|"):
        if feature.startswith(family):
            return family
    equals = feature.find("=")
    family = feature[:equals + 1] if equals > 0 else None
    return family if family in FAMILIES else None


def _combine(*parts):
    key = parts[0]
    for part in parts[1:]:
        key = (key << _BITS) | part
    return key


_TABLES: dict[int, tuple[dict, CueWeights]] = {}
_LOCK = threading.Lock()


def cue_weights(weights: dict[str, float]) -> CueWeights:
    """The keyed weights of a cue model, built once per model (a few models at most are kept)."""
    found = _TABLES.get(id(weights))
    if found is not None and found[0] is weights:
        return found[1]
    with _LOCK:
        found = _TABLES.get(id(weights))
        if found is not None and found[0] is weights:
            return found[1]
        if len(_TABLES) >= 4:
            _TABLES.clear()  # training scores with many models, one after the other
        keyed = CueWeights(weights)
        _TABLES[id(weights)] = (weights, keyed)
        return keyed


def cue_scores(doc: Doc, quotes: QuoteContext, indices: list[int], weights: dict[str, float],
               intercept: float, roles: bool = False) -> np.ndarray | None:
    """The cue model's score (before the logistic) of each token of ``indices``, as
    ``read_cue`` computes it from ``cue_features`` up to rounding; None when the model's
    words are too many to key."""
    terms = cue_terms(doc, quotes, indices, weights, roles)
    return None if terms is None else terms.scores(intercept)


def cue_terms(doc: Doc, quotes: QuoteContext, indices: list[int], weights: dict[str, float],
              roles: bool = False) -> CueTerms | None:
    """The weights of every feature of each token of ``indices``, family by family; None
    when the model's words are too many to key. ``roles`` as ``cue_features`` takes it."""
    w = cue_weights(weights)
    if not w.usable:
        return None
    return CueTerms(doc, quotes, np.asarray(indices, dtype=np.int64), w, roles)


class CueTerms:
    """The cue model's weight of each feature ``cue_features`` gives a candidate token,
    read for all an article's candidates at once, family by family (one array of
    weights per family, over the candidates or over their children)."""

    def __init__(self, doc: Doc, quotes: QuoteContext, c: np.ndarray, w: CueWeights, roles: bool = False):
        self.indices = c
        self.constants = w.constants
        if not len(c):
            return
        t = token_table(doc)
        self.children = t.children
        n = len(t.head)
        vocabulary = w.vocabulary
        lemma, lower, pos, tag, dep, ent = w.columns(t)
        head = np.asarray(t.head, dtype=np.int64)
        true, false = vocabulary["True"], vocabulary["False"]
        inside = quotes.inside
        quoted = np.where(inside, true, false)

        L, D, Q = lemma[c], dep[c], quoted[c]
        h = head[c]
        # The families every candidate has, in the order ``cue_features`` gives them.
        self.leading = [w.weight("l=", L), w.weight("w=", lower[c]), w.weight("p=", pos[c]), w.weight("t=", tag[c]),
                        w.weight("d=", D), w.weight("ld=", L, D), w.weight("lt=", L, tag[c]), w.weight("h=", lemma[h]),
                        w.weight("dhp=", D, pos[h]), w.weight("td=", tag[c], D), w.weight("ltd=", L, tag[c], D),
                        w.weight("q=", Q), w.weight("lq=", L, Q)]
        # Verb classes: a slot per class of the lemma (0 past its last).
        slots = w.lemma_classes[L]
        self.classes = [(slots[:, k] > 0, w.weight("cls=", slots[:, k]), w.weight("clsd=", slots[:, k], D),
                         w.weight("clsq=", slots[:, k], Q)) for k in range(slots.shape[1])]
        # Neighbours.
        self.previous = w.weight("pv=", np.where(c > 0, lower[np.maximum(c - 1, 0)], vocabulary["<s>"]))
        self.has_next = has_next = c + 1 < n
        following = lower[np.minimum(c + 1, n - 1)]
        self.next = w.weight("nx=", np.where(has_next, following, vocabulary["</s>"]))
        self.lemma_next = w.weight("lnx=", L, following)
        # A colon or comma is its own lower-cased form, and no other word's.
        colon_id, comma_id = vocabulary[":"], vocabulary[","]
        skips = has_next & ((following == colon_id) | (following == comma_id))
        after = np.where(skips & (c + 2 < n), c + 2, c + 1)
        self.follows = has_next & quotes.opens[np.minimum(after, n - 1)]
        self.quote_follows = w.weight("quote_follows|", L)
        counts = np.concatenate(([0], np.cumsum(inside, dtype=np.int64)))
        before = counts[c] - counts[np.maximum(c - 6, 0)] > 0
        self.precedes = ~inside[c] & before
        self.quote_precedes = w.weight("quote_precedes|", L)
        self.head_lemma_dep = w.weight("hld=", lemma[h], D)
        # The candidates' children, each scored for its head.
        candidate = np.zeros(n, dtype=bool)
        candidate[c] = True
        j = np.flatnonzero(candidate[head] & (head != np.arange(n)))
        self.child_rows = j
        parent = head[j]
        self.parent = parent
        cdep, clemma = dep[j], lemma[parent]
        kind = np.where(ent[j] != vocabulary[""], ent[j], pos[j])
        if roles:
            kind = np.where((ent[j] == vocabulary[""]) & _role_nouns(t, j), vocabulary[ROLE_KIND], kind)
        kind = np.where(w.pronoun[lower[j]], vocabulary["pron"], kind)
        self.child_dep = w.weight("c=", cdep)
        self.child_lemma_dep = w.weight("lc=", clemma, cdep)
        self.worded = w.worded[cdep]
        self.child_word = w.weight("cw=", cdep, lower[j])
        self.child_lemma_word = w.weight("lcw=", clemma, cdep, lower[j])
        self.subject = w.subject[cdep]
        self.subject_kind = w.weight("sk=", kind)
        self.lemma_subject_kind = w.weight("lsk=", clemma, kind)
        marks = np.flatnonzero((dep == vocabulary["mark"]) & (head != np.arange(n)))
        first_mark = np.full(n, n, dtype=np.int64)
        np.minimum.at(first_mark, head[marks], marks)
        mark_word = np.where(first_mark < n, lower[np.minimum(first_mark, n - 1)], vocabulary["-"])
        self.ccomp = cdep == vocabulary["ccomp"]
        self.ccomp_mark = w.weight("ccm=", mark_word[j])
        self.ccomp_quoted = w.weight("ccq=", quoted[j])
        self.pobj = cdep == vocabulary["pobj"]
        self.pobj_kind = w.weight("pobj=", kind)
        has_subject = np.zeros(n, dtype=bool)
        has_subject[parent[self.subject]] = True
        self.no_subject = ~has_subject[c]
        self.no_subject_dep = w.weight("nosubj|", D)
        frame = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(frame, parent, w.frame_bit[cdep])
        F = w.frames[frame[c]]
        self.trailing = [w.weight("fr=", F), w.weight("lfr=", L, F),
                         w.weight("sq=", np.where(quotes.sentence_quoted[c], true, false)),
                         w.weight("sqall=", np.where(quotes.sentence_all_quoted[c], true, false))]
        self.colon = lower[c] == colon_id
        next_quoted = has_next & inside[np.minimum(c + 1, n - 1)]
        self.colon_next_quote = w.weight("colon_next_quote=", np.where(next_quoted, true, false))
        self.n = n

    def scores(self, intercept: float) -> np.ndarray:
        """Each candidate's score before the logistic, summed family by family (so up to
        rounding the sum ``LinearModel.probability`` takes)."""
        c = self.indices
        if not len(c):
            return np.zeros(0)
        k = self.constants
        score = np.full(len(c), intercept + k["bias"])
        for weights in self.leading:
            score += weights
        for present, cls, cls_dep, cls_quoted in self.classes:
            score += np.where(present, cls + cls_dep + cls_quoted, 0.0)
        score += self.previous + self.next + np.where(self.has_next, self.lemma_next, 0.0)
        score += np.where(self.follows, k["quote_follows"] + self.quote_follows, 0.0)
        score += np.where(self.precedes, k["quote_precedes"] + self.quote_precedes, 0.0)
        score += self.head_lemma_dep
        child = self.child_dep + self.child_lemma_dep
        child += np.where(self.worded, self.child_word + self.child_lemma_word, 0.0)
        child += np.where(self.subject, self.subject_kind + self.lemma_subject_kind, 0.0)
        child += np.where(self.ccomp, self.ccomp_mark + self.ccomp_quoted, 0.0)
        child += np.where(self.pobj, self.pobj_kind, 0.0)
        totals = np.zeros(self.n)
        np.add.at(totals, self.parent, child)
        score += totals[c]
        score += np.where(self.no_subject, self.no_subject_dep, 0.0)
        for weights in self.trailing:
            score += weights
        score += np.where(self.colon, self.colon_next_quote, 0.0)
        return score

    def ordered(self, rows: list[int]) -> list[list[float]]:
        """For each candidate of ``rows`` (positions in ``indices``), the weights of its
        features in the order ``cue_features`` gives them, a feature the model lacks
        weighing 0.0: ``LinearModel.weighed`` sums them exactly as
        ``LinearModel.probability`` sums the weights of the features themselves."""
        if not rows:
            return []
        k = self.constants
        take = np.asarray(rows, dtype=np.int64)
        leading = np.stack([weights[take] for weights in self.leading], axis=1).tolist()
        classes = [(present[take].tolist(), np.stack([cls[take], cls_dep[take], cls_quoted[take]], axis=1).tolist())
                   for present, cls, cls_dep, cls_quoted in self.classes]
        previous, following = self.previous[take].tolist(), self.next[take].tolist()
        has_next, lemma_next = self.has_next[take].tolist(), self.lemma_next[take].tolist()
        follows, quote_follows = self.follows[take].tolist(), self.quote_follows[take].tolist()
        precedes, quote_precedes = self.precedes[take].tolist(), self.quote_precedes[take].tolist()
        head_lemma_dep = self.head_lemma_dep[take].tolist()
        no_subject, no_subject_dep = self.no_subject[take].tolist(), self.no_subject_dep[take].tolist()
        trailing = np.stack([weights[take] for weights in self.trailing], axis=1).tolist()
        colon, colon_next_quote = self.colon[take].tolist(), self.colon_next_quote[take].tolist()
        children = self._children(self.indices[take].tolist())
        out = []
        for r, i in enumerate(self.indices[take].tolist()):
            weights = [k["bias"], *leading[r]]
            for present, triples in classes:
                if present[r]:
                    weights += triples[r]
            weights.append(previous[r])
            if has_next[r]:
                weights += (following[r], lemma_next[r])
                if follows[r]:
                    weights += (k["quote_follows"], quote_follows[r])
            else:
                weights.append(following[r])
            if precedes[r]:
                weights += (k["quote_precedes"], quote_precedes[r])
            weights.append(head_lemma_dep[r])
            for child in self.children[i]:
                weights += children[child]
            if no_subject[r]:
                weights.append(no_subject_dep[r])
            weights += trailing[r]
            if colon[r]:
                weights.append(colon_next_quote[r])
            out.append(weights)
        return out

    def _children(self, heads: list[int]) -> dict[int, list[float]]:
        """The weights of the features each child of ``heads`` adds to its head, in order."""
        wanted = np.zeros(self.n, dtype=bool)
        wanted[heads] = True
        at = np.flatnonzero(wanted[self.parent])
        columns = [self.child_dep, self.child_lemma_dep, self.worded, self.child_word, self.child_lemma_word,
                   self.subject, self.subject_kind, self.lemma_subject_kind, self.ccomp, self.ccomp_mark,
                   self.ccomp_quoted, self.pobj, self.pobj_kind]
        found = {}
        for row in zip(self.child_rows[at].tolist(), *(column[at].tolist() for column in columns)):
            (j, c_dep, lemma_dep, worded, word, lemma_word, subject, kind, lemma_kind, ccomp, mark, quoted,
             pobj, pobj_kind) = row
            weights = [c_dep, lemma_dep]
            if worded:
                weights += (word, lemma_word)
            if subject:
                weights += (kind, lemma_kind)
            elif ccomp:
                weights += (mark, quoted)
            elif pobj:
                weights.append(pobj_kind)
            found[j] = weights
        return found


def threshold_score(probability: float) -> float:
    """The score whose logistic is ``probability``: ``-inf`` at 0, ``inf`` at 1."""
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log(probability / (1.0 - probability))
