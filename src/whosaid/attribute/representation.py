"""Word clusters: a representation of words that reaches past the training vocabulary.

The cue model knows a word by its identity, so a cue lemma never seen in
training ("lamented") has no weight of its own. Each word of the cluster table
(``models/word_clusters.tsv``, built from en_core_web_md's static vectors by
``training/build_word_clusters.py``) carries the id of its k-means cluster at a
few granularities; a word shares what its cluster learned ("lamented" falls
with "complained", "bemoaned"). The table is plain text, so the fast pipeline,
whose parser has no vectors, reads the same clusters as a pipeline that has them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

WORD_CLUSTERS_PATH = Path(__file__).resolve().parents[1] / "models" / "word_clusters.tsv"
# Relations whose head word says what a cue is about: who speaks, what is said.
NEIGHBOURS = {"nsubj": "subj", "nsubjpass": "subj", "ccomp": "comp", "xcomp": "comp", "dobj": "obj"}


@dataclass(frozen=True, slots=True)
class WordClusters:
    """Cluster ids of lowercased words, one per granularity (e.g. 64, 256, 1024 clusters)."""

    granularities: tuple[int, ...]
    table: dict[str, tuple[int, ...]]

    def of(self, word: str) -> tuple[int, ...] | None:
        return self.table.get(word.lower())

    def features(self, name: str, word: str, granularities=None) -> list[str]:
        """``name + k + "=" + id`` for each granularity ``k`` (``lemma_c256=17``); none for an unknown word."""
        ids = self.table.get(word.lower())
        if ids is None:
            return []
        wanted = granularities or self.granularities
        return [f"{name}{k}={c}" for k, c in zip(self.granularities, ids) if k in wanted]

    @classmethod
    def from_file(cls, path: Path) -> WordClusters:
        with open(path, encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            if header[0] != "#word":
                raise ValueError(f"{path}: not a word cluster table (first line {header[0]!r})")
            granularities = tuple(int(k) for k in header[1:])
            table = {}
            for line in handle:
                word, *ids = line.rstrip("\n").split("\t")
                table[word] = tuple(map(int, ids))
        return cls(granularities, table)


@lru_cache(maxsize=2)
def load_word_clusters(path: Path = WORD_CLUSTERS_PATH) -> WordClusters:
    if not Path(path).exists():
        raise FileNotFoundError(
            f"word cluster table {path} is missing; build it with "
            "`PYTHONPATH=src:. python -m training.build_word_clusters`"
        )
    return WordClusters.from_file(path)


def cue_cluster_features(token: Token, clusters: WordClusters, granularities=None,
                         neighbours: bool = True) -> list[str]:
    """Cluster features of a candidate cue token: its lemma's clusters, alone and with
    its relation, and the clusters of the heads of its subject and complements."""
    lemma = token.lemma_.lower()
    feats = clusters.features("lc", lemma, granularities)
    dep = token.dep_
    feats += [f + "|" + dep for f in feats]
    if neighbours:
        for child in token.children:
            role = NEIGHBOURS.get(child.dep_)
            if role is not None:
                feats += clusters.features(role + "c", child.lemma_, granularities)
    return feats


@dataclass(frozen=True, slots=True)
class CueLemmas:
    """The lemmas that make a token a cue candidate: those seen anchoring cues in
    training, and any word in the same cluster (at ``granularity``) as one seen
    anchoring cues often enough (``cue_clusters``)."""

    lemmas: frozenset[str]
    clusters: WordClusters
    granularity: int
    cue_clusters: frozenset[int]

    def __contains__(self, lemma: str) -> bool:
        if lemma in self.lemmas:
            return True
        ids = self.clusters.table.get(lemma)
        return ids is not None and ids[self.clusters.granularities.index(self.granularity)] in self.cue_clusters

    def __iter__(self):
        return iter(self.lemmas)

    def __len__(self) -> int:
        return len(self.lemmas)


@dataclass(frozen=True, slots=True)
class Representation:
    """Which cluster features the attribution models read, as stored with them."""

    clusters: WordClusters
    granularities: tuple[int, ...]
    # Clusters of the heads of the cue's subject and complements, not only its own.
    neighbours: bool = True
    # The verifier reads the cue's clusters too.
    verifier: bool = True
    # Granularity whose clusters widen the cue candidates (0: no widening) and those clusters.
    candidate_granularity: int = 0
    cue_clusters: frozenset[int] = frozenset()

    kind = "word-clusters"

    def ceiling(self, cue_model) -> float:
        """The most this representation's features may add to a cue score: no bound, as a
        word has several clusters."""
        return math.inf

    def prepare(self, doc, indices: list[int]) -> None:
        """Nothing to work out ahead of the cue decision: a word's clusters are a lookup."""

    def cue_features(self, token: Token) -> list[str]:
        return cue_cluster_features(token, self.clusters, self.granularities, self.neighbours)

    def verifier_features(self, token: Token) -> list[str]:
        if not self.verifier:
            return []
        return self.clusters.features("vlc", token.lemma_, self.granularities)

    def boundary_features(self, cut, anchor: Token) -> list[str]:
        """Word clusters add nothing to the boundary model."""
        return []

    def candidate_features(self, candidate) -> list[str]:
        """Nor to the verifier beyond the cue's clusters (``verifier_features``)."""
        return []

    def candidates(self, lemmas) -> frozenset[str] | CueLemmas:
        if not self.candidate_granularity or lemmas is None:
            return lemmas
        return CueLemmas(frozenset(lemmas), self.clusters, self.candidate_granularity, self.cue_clusters)

    def cluster_of(self, lemma: str, granularity: int) -> int | None:
        ids = self.clusters.table.get(lemma)
        return None if ids is None else ids[self.clusters.granularities.index(granularity)]

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "table": WORD_CLUSTERS_PATH.name,
            "granularities": list(self.granularities),
            "neighbours": self.neighbours,
            "verifier": self.verifier,
            "candidate_granularity": self.candidate_granularity,
            "cue_clusters": sorted(self.cue_clusters),
        }

    @classmethod
    def from_json(cls, data: dict, directory: Path = WORD_CLUSTERS_PATH.parent) -> Representation:
        # A model file kept outside the package still reads the shipped table.
        table = directory / data["table"]
        if not table.exists():
            table = WORD_CLUSTERS_PATH.parent / data["table"]
        return cls(
            clusters=load_word_clusters(table),
            granularities=tuple(data["granularities"]),
            neighbours=data.get("neighbours", True),
            verifier=data.get("verifier", True),
            candidate_granularity=data.get("candidate_granularity", 0),
            cue_clusters=frozenset(data.get("cue_clusters", ())),
        )
