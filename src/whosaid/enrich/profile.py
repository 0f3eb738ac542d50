"""Speaker profiles: gender with its evidence trail, and role, from the article's own words.

For each person: the pronouns the resolver tied to them, honorifics, gendered
role nouns and, last and weakest, how people with their first name are
usually gendered (only above a confidence threshold). With no evidence the
gender stays ``unknown``. A user overrides file wins over all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from spacy.tokens import Doc

from ..context import ArticleContext, token_table
from ..lexicon import PRONOUN_GENDER
from ..records import Evidence, Speaker
from . import names
from .evidence import (
    decide,
    first_name_evidence,
    honorific_evidence,
    pronoun_evidence,
    role_noun_evidence,
    pronoun_statements,
    stated_evidence,
)
from .mentions import collect, name_words
from .overrides import GenderOverrides, as_overrides
from .roles import RolePhrase, description, phrases_beside, role_text

# Below a pronoun: it rests on the resolver having split one person in two.
SAME_NAME_WEIGHT = 0.9

OverridesLike = GenderOverrides | Mapping[str, str] | str | Path | None


def profile(
    doc: Doc,
    speakers: list[Speaker],
    overrides: OverridesLike = None,
    first_names: bool = True,
    name_threshold: float = names.DEFAULT_THRESHOLD,
    context: ArticleContext | None = None,
    own_words: Mapping[int, list[tuple[int, int]]] | None = None,
) -> list[Speaker]:
    """Fill ``gender``, ``gender_evidence`` and ``role`` of each speaker in place.

    Only people get a gender; organisations and groups keep ``unknown`` but
    may get a role. ``first_names=False`` keeps to what the article says.
    ``own_words`` maps a speaker's index in ``speakers`` to the character
    ranges of the contents attributed to them.
    """
    overrides = as_overrides(overrides)
    index = ArticleContext.of(doc, context)
    text = index.text
    paragraphs = index.paragraphs
    use_names = first_names and names.lexicon_available()
    headline_end = index.headline_end
    title_case = _title_case(text[:headline_end])
    statements = pronoun_statements(text)
    for number, speaker in enumerate(speakers):
        words = name_words(speaker)
        found = collect(doc, speaker, index, words)
        name_ranges = [r for r in found.name_ranges if r]
        phrases: list[RolePhrase] = []
        for start, end in name_ranges:
            phrases.extend(phrases_beside(doc, start, end))
        # A pronoun inside the person's own title or appositive belongs to
        # someone else: "Tara Quill, her Green Party opponent".
        covered = {i for q in phrases for i in range(q.span.start, q.span.end)}
        # A pronoun the article wrote in naming the person ("His manager, Ann Roe") is someone
        # else's; one of that gender in what she is reported to say is most likely that someone
        # too ("said he had earned it"), and the resolver's link of it to her rests on nearness.
        others = {PRONOUN_GENDER.get(token_table(doc).lower[i]) for i in covered} - {None}
        spoken = (own_words or {}).get(number, ()) if others else ()
        pronoun_at = {
            p.start: p for p in found.pronouns
            if p.start not in covered
            and not (PRONOUN_GENDER.get(p.text.lower()) in others and any(a <= p.start_char < b for a, b in spoken))
        }
        if speaker.kind == "person":
            # A description the resolver linked whose possessor it also linked
            # ("her son", both tied to her) cannot be right in both: drop both.
            for span in found.descriptions:
                phrase = description(span)
                possessor = _possessor(phrase) if phrase else None
                if possessor is not None and possessor.i in pronoun_at:
                    del pronoun_at[possessor.i]
                elif phrase is not None and (possessor is None or possessor.lower_ != "whose"):
                    phrases.append(phrase)
                for i in range(span.start, span.end):
                    pronoun_at.pop(i, None)
        pronouns = sorted(pronoun_at.values(), key=lambda p: p.start)
        # "Dorothy Vale, whose husband, ...": the noun is someone related to her.
        phrases = [p for p in phrases if _possessor_word(p) != "whose"]
        phrases.sort(key=lambda p: p.span.start)
        speaker.role = role_text(_role_order(phrases, headline_end, title_case)) or speaker.role
        if speaker.kind != "person":
            continue

        stated = stated_evidence(doc, found.names, paragraphs, statements)
        stated_label = stated[0].label if stated else None
        evidence: list[Evidence] = [
            *stated,
            *pronoun_evidence(pronouns, stated_label, paragraphs),
            *honorific_evidence(doc, [start for start, _ in name_ranges], paragraphs),
            *role_noun_evidence(phrases, paragraphs),
        ]
        if use_names:
            evidence.extend(first_name_evidence(speaker.name, name_threshold))
        speaker.gender, speaker.gender_evidence = decide(evidence)

    if overrides:
        for speaker in speakers:
            # A gender given for the name says it is a person's, whom NER may have typed as an
            # organisation ("Year 10 pupil Chloe Mason said").
            found = overrides.lookup(speaker.name, *speaker.aliases) if speaker.kind == "organization" else None
            if found is not None and found[0] != "unknown":
                speaker.kind = "person"
    people = [s for s in speakers if s.kind == "person"]
    borrowed = {id(s): _same_name_evidence(s, people) for s in people if not s.gender_evidence}
    for speaker in people:
        piece = borrowed.get(id(speaker))
        if piece is not None:
            speaker.gender, speaker.gender_evidence = piece.label, (piece,)
        override = overrides.lookup(speaker.name, *speaker.aliases) if overrides else None
        if override is not None:
            chosen, matched = override
            note = Evidence(chosen, "override", matched, overrides.source, float("inf"))
            speaker.gender, speaker.gender_evidence = chosen, (note, *speaker.gender_evidence)
    return speakers


def _same_name_evidence(speaker: Speaker, people: list[Speaker]) -> Evidence | None:
    """Evidence from another entry of the article whose name holds all of this one's words.

    A resolver sometimes keeps "Haskins" apart from "Omar Haskins"; when
    every fuller namesake the article profiled agrees, that is this person's
    gender too. Namesakes that disagree (a couple sharing a surname) give nothing.
    """
    words = {w.lower() for w in speaker.name.split()}
    if not words:
        return None
    fuller = [
        other
        for other in people
        if other is not speaker
        and other.gender != "unknown"
        and other.gender_evidence
        and words <= {w.lower() for w in other.name.split()}
    ]
    labels = {other.gender for other in fuller}
    if len(labels) != 1:
        return None
    source = max(fuller, key=lambda o: (len(o.gender_evidence), len(o.name)))
    return Evidence(source.gender, "same name", source.name, str(source.gender_evidence[0]), SAME_NAME_WEIGHT)


def _possessor(phrase: RolePhrase):
    """The possessive word on the phrase's main noun ("her" in "her son"), if any."""
    doc = phrase.span.doc
    t = token_table(doc)
    return next((doc[child] for child in t.children[phrase.head] if t.dep[child] == "poss"), None)


def _possessor_word(phrase: RolePhrase) -> str | None:
    """The lower-case possessive word on the phrase's main noun, if any."""
    t = token_table(phrase.span.doc)
    return next((t.lower[child] for child in t.children[phrase.head] if t.dep[child] == "poss"), None)


def _title_case(headline: str) -> bool:
    """ "Mayor Says Harbour Plan Will Go Ahead Despite Costs": a parse of it is unreliable."""
    words = [w for w in headline.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.7


def _role_order(phrases: list[RolePhrase], headline_end: int, title_case: bool) -> list[RolePhrase]:
    """Body phrases first, in reading order; the headline's last, and none from a Title Case headline."""
    body = [p for p in phrases if p.span.start_char >= headline_end]
    headline = [] if title_case else [p for p in phrases if p.span.start_char < headline_end]
    return body + headline
