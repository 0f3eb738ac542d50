"""Gender evidence about one speaker, each piece with its weight and place.

Weights say how far each kind of evidence is trusted; the label with the most
weight wins (``decide``). A person's own stated pronouns outweigh everything
the article says otherwise; each pronoun the resolver tied to the person
counts once; an honorific or a role noun written next to the name counts
double, since the writer put it there on purpose; a role noun in a
description the resolver tied to the person counts like a pronoun; a first
name, at most half a pronoun, so any text evidence comes first.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from ..context import Paragraphs
from ..lexicon import (
    FEMALE_PHRASES,
    GENDERED_ADJECTIVES,
    GENDERED_TEAM_WORDS,
    HONORIFIC_GENDER,
    MALE_PHRASES,
    NAME_PREFIXES,
    NEOPRONOUNS,
    PRONOUN_GENDER,
    SPORT_PERSON_NOUNS,
    THEY_PRONOUNS,
    honorific_label,
    noun_label,
)
from ..records import Evidence
from . import names
from .roles import RolePhrase

STATED_WEIGHT = 10.0
HONORIFIC_WEIGHT = 2.0
ROLE_NOUN_WEIGHT = 2.0
# A description is tied to the person by the resolver, like a pronoun, so it
# weighs like one; a title or appositive is written next to the name.
DESCRIPTION_WEIGHT = 1.0
PRONOUN_WEIGHT = 1.0
FIRST_NAME_WEIGHT = 0.5
# A label is given only when at least one piece for it weighs this much:
# a first name above the threshold does, a loosely used "spokesman" does not.
COMMIT_FLOOR = 0.45
# A resolver's single link that other evidence contradicts ("Chairman Lee"
# and one "she") is not enough; two agreeing links are.
CONTESTED_SUPPORT = 2.0
# How many pieces of one kind for one label the trail shows; all of them count.
TRAIL_PER_KIND = 3

# "who uses they/them pronouns", "whose pronouns are she/her", "(pronouns: he/they)"
_STATED = re.compile(
    r"\b(?:uses?|using|go(?:es)? by|prefers?|pronouns?\s*(?:are|is|:|,)?)\s+(?:the\s+)?(?:pronouns?\s+)?[\"“']?"
    r"(she|he|they|xe|ze|ey)\s*/\s*(her|hers|him|his|them|their|they|she|he|xem|xyr|zir|hir|em)\b",
    re.IGNORECASE,
)


# Style guides word it without a slash: "who uses the pronoun they", "uses the pronouns they and
# them", "who uses they pronouns". The word "pronoun" is required, so "uses they" alone is not one.
_PRONOUN_WORD = r"(she|he|they|xe|ze|ey)"
_CASE_WORD = r"(her|hers|him|his|them|their|they|she|he|xem|xyr|zir|hir|em)"
_STATED_WORDED = re.compile(
    r"\b(?:uses?|using|go(?:es)? by|prefers?)\s+(?:"
    r"(?:the\s+)?pronouns?\s+[\"“']?" + _PRONOUN_WORD + r"[\"”']?(?:\s*(?:,|and|or)\s*[\"“']?" + _CASE_WORD + r"\b)?"
    r"|[\"“']?" + _PRONOUN_WORD + r"[\"”']?(?:\s*(?:and|or)\s*[\"“']?" + _CASE_WORD + r"[\"”']?)?\s+pronouns?"
    r")\b",
    re.IGNORECASE,
)


def stated_statement(sentence_text: str) -> tuple[re.Match[str], str, str] | None:
    """The first pronoun statement in ``sentence_text``: its match, the gender it implies and the pronouns as
    stated ("they/them", "they")."""
    found = [m for m in (_STATED.search(sentence_text), _STATED_WORDED.search(sentence_text)) if m]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    words = [word.lower() for word in match.groups() if word]
    genders = {PRONOUN_GENDER.get(word) for word in words}
    if words[0] in ("she", "he") and len(genders) == 1:
        label = PRONOUN_GENDER[words[0]]
    else:
        label = "nonbinary"
    return match, label, "/".join(words)


def stated_pronouns(sentence_text: str) -> str | None:
    """The gender a stated pronoun set implies: she/her female, he/him male, they/them or mixed nonbinary."""
    statement = stated_statement(sentence_text)
    return statement[1] if statement else None


def pronoun_statements(text: str) -> list[int]:
    """Where the article states someone's pronouns ("uses they/them"); searched once per article."""
    if "/" not in text and "pronoun" not in text.lower():  # most articles state none
        return []
    return sorted({m.start() for pattern in (_STATED, _STATED_WORDED) for m in pattern.finditer(text)})


def stated_evidence(
    doc: Doc, names_found: Iterable[Span], paragraphs: Paragraphs, statements: list[int]
) -> list[Evidence]:
    """Pronouns the article says the person uses, stated right after a mention of their name.

    ``statements`` are the offsets ``pronoun_statements`` found in the article.
    """
    found: list[Evidence] = []
    if not statements:
        return found
    for span in names_found:
        # Only a statement within a sentence's reach of the name can be about it.
        nearest = bisect.bisect_left(statements, span.end_char)
        if nearest == len(statements) or statements[nearest] - span.end_char > 400:
            continue
        sent = span.sent
        tail_end = sent.end
        # The statement must come before another person is named in the sentence.
        for ent in sent.ents:
            if ent.label_ == "PERSON" and ent.start >= span.end:
                tail_end = ent.start
                break
        tail = doc[span.end : tail_end]
        if not len(tail):
            continue
        statement = stated_statement(tail.text)
        if statement:
            _, label, text = statement
            found.append(Evidence(label, "stated pronouns", text, paragraphs.where(span.start_char), STATED_WEIGHT))
    return found


def pronoun_evidence(pronouns: Iterable[Span], stated: str | None, paragraphs: Paragraphs) -> list[Evidence]:
    """One piece per pronoun the resolver tied to the person.

    "they" counts only for a person who states they use it: otherwise it is far
    more often a misattached plural.
    """
    found: list[Evidence] = []
    for span in pronouns:
        word = span.text.lower()
        if word in PRONOUN_GENDER:
            label = PRONOUN_GENDER[word]
        elif word in NEOPRONOUNS or (word in THEY_PRONOUNS and stated == "nonbinary"):
            label = "nonbinary"
        else:
            continue
        found.append(Evidence(label, "pronoun", span.text, paragraphs.where(span.start_char), PRONOUN_WEIGHT))
    return found


def honorific_evidence(doc: Doc, name_starts: Iterable[int], paragraphs: Paragraphs) -> list[Evidence]:
    """ "Ms. Roe", "Mr Smith": the honorific right before the name (or opening it)."""
    found: list[Evidence] = []
    seen: set[int] = set()
    for start in name_starts:
        i = start - 1
        while i >= 0 and doc[i].lower_.rstrip(".") in HONORIFIC_GENDER:
            if i not in seen:
                seen.add(i)
                label = honorific_label(doc[i].text)
                found.append(Evidence(label, "honorific", doc[i].text, paragraphs.where(doc[i].idx), HONORIFIC_WEIGHT))
            i -= 1
    return found


def _gendered_modifier(phrase: RolePhrase) -> tuple[str, str] | None:
    """ "men's national team player", "female senator": a modifier that genders the phrase's head."""
    doc = phrase.span.doc
    head = doc[phrase.head]
    for token in phrase.span:
        if token.i >= head.i:
            break
        word = token.lower_
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        possessive = nxt is not None and (nxt.tag_ == "POS" or nxt.lower_ in ("'s", "’s", "'"))
        if word in GENDERED_TEAM_WORDS and possessive and head.lower_ in SPORT_PERSON_NOUNS:
            return GENDERED_TEAM_WORDS[word], doc[token.i : head.i + 1].text
        if word in GENDERED_ADJECTIVES and GENDERED_ADJECTIVES[word] and token.pos_ == "ADJ":
            return GENDERED_ADJECTIVES[word], doc[token.i : head.i + 1].text
    return None


_GENDERED_PHRASES = tuple(
    (re.compile(rf"\b{re.escape(words)}\b"), words, label)
    for phrase_words, label in ((FEMALE_PHRASES, "female"), (MALE_PHRASES, "male"))
    for words in phrase_words
)


def role_noun_evidence(phrases: Iterable[RolePhrase], paragraphs: Paragraphs) -> list[Evidence]:
    """Gendered words in what the article calls the person: "councilwoman", "actress", "women's player"."""
    found: list[Evidence] = []
    for phrase in phrases:
        where = paragraphs.where(phrase.span.start_char)
        described = phrase.source == "description"
        strength = DESCRIPTION_WEIGHT if described else ROLE_NOUN_WEIGHT
        kind = "description" if described else "role noun"
        low = phrase.text.lower()
        for pattern, words, label in _GENDERED_PHRASES:
            if pattern.search(low):
                found.append(Evidence(label, kind, words, where, strength))
        modified = _gendered_modifier(phrase)
        if modified:
            found.append(Evidence(modified[0], kind, modified[1], where, strength))
            continue
        head = phrase.span.doc[phrase.head]
        # A coordinated title ("DJ and musician") has several heads.
        heads = [head, *(t for t in head.conjuncts if t.i in range(phrase.span.start, phrase.span.end))]
        if phrase.source == "premodifier":
            # The title's last word, and the last word before each "and":
            # "DJ and musician"; never a possessor ("his wife's lawyer").
            span = phrase.span
            heads = [span[-1]] + [t for t in span[:-1] if t.nbor(1).pos_ == "CCONJ"]
        for token in heads:
            labelled = noun_label(token.lower_) or noun_label(token.lemma_)
            if labelled:
                found.append(Evidence(labelled[0], kind, token.text, where, strength * labelled[1]))
    return found


def unnamed_source_evidence(doc: Doc, source: Iterable[tuple[int, int]], paragraphs: Paragraphs) -> list[Evidence]:
    """The gendered noun that heads a source naming nobody: "a spokeswoman for the council", "her mother".

    Such a quote has no speaker to profile, yet its own words say who spoke;
    the noun is written there on purpose, so it weighs as a role noun next to a
    name (a loosely used "spokesman" alone then decides nothing).
    """
    found: list[Evidence] = []
    for start, end in source:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        if head.pos_ not in ("NOUN", "PROPN"):
            continue
        labelled = noun_label(head.lower_) or noun_label(head.lemma_)
        if labelled:
            found.append(Evidence(labelled[0], "role noun", head.text, paragraphs.where(head.idx),
                                  ROLE_NOUN_WEIGHT * labelled[1]))
    return found


def first_name(name: str) -> str | None:
    """The given name in a canonical name, or None when the name has no given name to read."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    while words and words[0].lower().rstrip(".") in NAME_PREFIXES:
        words = words[1:]
    # An initial says nothing; "J. Edgar Hoover" reads "Edgar".
    while len(words) > 2 and re.fullmatch(r"[A-Z]\.?", words[0]):
        words = words[1:]
    if len(words) < 2 or re.fullmatch(r"[A-Z]\.?", words[0]) or not words[0][:1].isupper():
        return None
    return words[0]


def first_name_evidence(name: str, threshold: float) -> list[Evidence]:
    given = first_name(name)
    if given is None:
        return []
    guess = names.guess(given)
    if guess is None or guess.confidence < threshold:
        return []
    return [
        Evidence(
            guess.label,
            "first name",
            given,
            f"{guess.confidence:.2f} {guess.label}",
            FIRST_NAME_WEIGHT * guess.confidence,
        )
    ]


# Evidence by how directly the text ties it to the person: words written next
# to the name, then what the resolver linked to it, then the name's statistics.
TIERS: dict[str, int] = {
    "stated pronouns": 0, "honorific": 0, "role noun": 0,
    "pronoun": 1, "description": 1, "same name": 1,
    "first name": 2,
}
TIER_NAMES = ("words next to the name", "what the resolver linked to the person", "the first name")


def _tier(piece: Evidence) -> int:
    return TIERS.get(piece.kind, 1)


def _verdict(pieces: list[Evidence]) -> tuple[str | None, str]:
    """The label one tier's evidence gives, or None and why not."""
    totals: dict[str, float] = defaultdict(float)
    for piece in pieces:
        totals[piece.label] += piece.weight
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and abs(ranked[1][1] - ranked[0][1]) < 1e-9:
        return None, "a tie"
    winner = ranked[0][0]
    if all(e.weight < COMMIT_FLOOR for e in pieces if e.label == winner):
        return None, "only loosely used words"
    return winner, ""


def decide(evidence: list[Evidence]) -> tuple[str, tuple[Evidence, ...]]:
    """The gender the evidence shows and its trail: supporting evidence strongest first, then any conflict.

    The most direct tier that agrees with itself decides: words next to the
    name ("Ms.", "councilwoman") over pronouns and descriptions the resolver
    linked, and those over the first name. Pronouns that a first name above
    the threshold contradicts are more often misresolved than not, so that
    conflict is left ``unknown``, and so is a single resolver link that any
    other evidence contradicts. A tied tier, or one backed only by loosely
    used words ("a spokesman"), leaves the decision to the next.
    """
    if not evidence:
        return "unknown", ()
    label, reason = "unknown", "left unknown"
    for tier, tier_name in enumerate(TIER_NAMES):
        pieces = [e for e in evidence if _tier(e) == tier]
        if not pieces:
            continue
        verdict, why = _verdict(pieces)
        if verdict is None:
            reason = f"left unknown: {why} in {tier_name}"
            continue
        names_against = [e for e in evidence if e.kind == "first name" and e.label != verdict]
        if tier == 1 and names_against:
            reason = f"left unknown: {tier_name} against the first name"
            break
        support = sum(e.weight for e in pieces if e.label == verdict)
        if tier == 1 and support < CONTESTED_SUPPORT and any(e.label != verdict for e in evidence):
            reason = f"left unknown: too little of {tier_name} against the rest"
            break
        label, reason = verdict, f"kept {verdict}, from {tier_name}"
        break

    def trail_of(pieces: list[Evidence]) -> list[Evidence]:
        shown: list[Evidence] = []
        seen: set[str] = set()
        per_kind: dict[str, int] = defaultdict(int)
        for piece in sorted(pieces, key=lambda e: (_tier(e), -e.weight)):
            if str(piece) in seen:  # two "he" in one paragraph read the same in the trail
                continue
            seen.add(str(piece))
            per_kind[piece.kind] += 1
            if per_kind[piece.kind] <= TRAIL_PER_KIND:
                shown.append(piece)
        return shown

    totals: dict[str, float] = defaultdict(float)
    for piece in evidence:
        totals[piece.label] += piece.weight
    lead = label if label != "unknown" else max(totals, key=totals.get)
    trail = trail_of([e for e in evidence if e.label == lead])
    others = [e for e in evidence if e.label != lead]
    if others:
        against = ", ".join(f"{lab} {round(w, 2):g}" for lab, w in sorted(totals.items(), key=lambda kv: -kv[1]) if lab != lead)
        trail.append(Evidence(label, "conflict", f"{lead} {round(totals[lead], 2):g} against {against}", reason, 0.0))
        trail.extend(trail_of(others))
    return label, tuple(trail)
