"""A speaker's gender across the corpus, decided from every article's evidence.

Each article that quotes a person gives its own verdict (see
``whosaid.enrich.evidence.decide``) with the evidence behind it. Across
articles:

- an article's vote is its verdict, weighted by how strongly its text backs
  it: an honorific or a role noun next to the name, or two pronouns, make a
  full vote (``ARTICLE_VOTE_CAP``); a single pronoun half of one. No article
  counts for more than one vote, so one article's misresolved pronouns cannot
  outvote many articles;
- votes from the text (words next to the name, what the resolver linked to
  the person) decide; the first-name lexicon decides only for a speaker no
  article's text genders, since it says the same in every article;
- the label with the most weight wins; a tie leaves the speaker ``unknown``;
- a registry's gender, then a gender overrides file, win over all of it.

The conflict is kept and shown: "female in 41 articles, male in 1".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..records import Evidence, Speaker

GENDERS = ("female", "male", "nonbinary")
# Evidence kinds that are the article's own text, not the first-name lexicon.
NOT_TEXT = frozenset({"first name", "conflict", "override"})
# An honorific (2.0) or two pronouns (1.0 each) make a full vote.
ARTICLE_VOTE_CAP = 2.0
# A gender conflict is worth a curator's look when the other side holds this share of the articles.
CONFLICT_FLAG_SHARE = 0.2
_PARAGRAPH = re.compile(r"paragraph (\d+)")


@dataclass(frozen=True, slots=True)
class ArticleVote:
    """One article's verdict on one speaker: ``basis`` is text, first name, override, undecided or none."""

    gender: str
    basis: str
    strength: float


def article_vote(speaker: Speaker) -> ArticleVote:
    evidence = [e for e in speaker.gender_evidence if isinstance(e, Evidence)]
    if any(e.kind == "override" for e in evidence):
        # "unknown" in an overrides file stops inference: it is a vote too.
        return ArticleVote(speaker.gender if speaker.gender in GENDERS else "unknown", "override", 1.0)
    if speaker.gender not in GENDERS:
        return ArticleVote("unknown", "undecided" if evidence else "none", 0.0)
    support = sum(e.weight for e in evidence if e.label == speaker.gender and e.kind not in NOT_TEXT)
    if support > 0:
        return ArticleVote(speaker.gender, "text", min(support, ARTICLE_VOTE_CAP) / ARTICLE_VOTE_CAP)
    named = max((e.weight for e in evidence if e.kind == "first name"), default=0.0)
    return ArticleVote(speaker.gender, "first name", named)


def paragraph_of(where: str) -> int | None:
    match = _PARAGRAPH.search(where or "")
    return int(match.group(1)) if match else None


def evidence_rows(speaker_id: str, article_id: str, speaker: Speaker) -> list[dict]:
    """The ``gender_evidence`` table's rows for one speaker in one article; the conflict note is left out."""
    rows = []
    for piece in speaker.gender_evidence:
        if not isinstance(piece, Evidence) or piece.kind == "conflict":
            continue
        rows.append({
            "speaker_id": speaker_id, "article_id": article_id, "paragraph": paragraph_of(piece.where),
            "kind": piece.kind, "strength": float(min(piece.weight, 1e9)), "label": piece.label, "text": piece.text,
        })
    return rows


@dataclass(frozen=True, slots=True)
class CorpusGender:
    gender: str
    basis: str | None  # articles | first name | registry | override | None when nothing decided
    summary: str  # "female in 41 articles, male in 1"
    conflict: bool  # the articles' text disagrees


@dataclass(slots=True)
class GenderTally:
    """The votes of every article about one speaker, kept up to date as articles arrive."""

    text_articles: Counter = field(default_factory=Counter)
    text_strength: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    name_articles: Counter = field(default_factory=Counter)
    override_articles: Counter = field(default_factory=Counter)
    undecided: int = 0

    def add(self, vote: ArticleVote, articles: int = 1) -> None:
        if vote.basis == "text":
            self.text_articles[vote.gender] += articles
            self.text_strength[vote.gender] += vote.strength
        elif vote.basis == "first name":
            self.name_articles[vote.gender] += articles
        elif vote.basis == "override":
            self.override_articles[vote.gender] += articles
        elif vote.basis == "undecided":
            self.undecided += articles

    def merge(self, other: GenderTally) -> None:
        self.text_articles.update(other.text_articles)
        for label, weight in other.text_strength.items():
            self.text_strength[label] += weight
        self.name_articles.update(other.name_articles)
        self.override_articles.update(other.override_articles)
        self.undecided += other.undecided

    def summary(self) -> str:
        parts = [
            f"{label} in {n:,} article{'s' if n != 1 else ''}" if i == 0 else f"{label} in {n:,}"
            for i, (label, n) in enumerate(
                sorted(self.text_articles.items(), key=lambda kv: (-self.text_strength[kv[0]], -kv[1], kv[0]))
            )
        ]
        named = sum(self.name_articles.values())
        if named:
            # Most articles; a tie named alphabetically, not by the order the votes were read in.
            label = min(self.name_articles.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            parts.append(f"{label} by first name only in {named:,} article{'s' if named != 1 else ''}")
        if self.undecided:
            parts.append(f"undecided in {self.undecided:,}")
        return ", ".join(parts) if parts else "no evidence in any article"

    @property
    def conflict(self) -> bool:
        return sum(1 for n in self.text_articles.values() if n) > 1

    def flagged_conflict(self) -> bool:
        """A conflict a curator should look at: the other side holds a real share of the articles."""
        total = sum(self.text_articles.values())
        if not self.conflict or not total:
            return False
        return 1 - max(self.text_articles.values()) / total >= CONFLICT_FLAG_SHARE

    def decide(self, registered_gender: str | None = None) -> CorpusGender:
        summary = self.summary()
        if registered_gender in GENDERS:
            return CorpusGender(registered_gender, "registry", f"set in the registry; articles: {summary}", self.conflict)
        if self.override_articles:
            return CorpusGender(_most(self.override_articles) or "unknown", "override", summary, self.conflict)
        if self.text_strength:
            ranked = sorted(self.text_strength.items(), key=lambda kv: -kv[1])
            if len(ranked) > 1 and abs(ranked[0][1] - ranked[1][1]) < 1e-9:
                return CorpusGender("unknown", None, summary, True)
            return CorpusGender(ranked[0][0], "articles", summary, self.conflict)
        if self.name_articles:
            label = _most(self.name_articles)
            return CorpusGender(label or "unknown", "first name" if label else None, summary, False)
        return CorpusGender("unknown", None, summary, False)


def _most(counts: Counter) -> str | None:
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]
