"""The resolver's thresholds and weights, each with its default and the reason for it.

``Settings()`` is what the engine uses; ``Settings(window=2)`` or
``DEFAULT.without("dateline")`` give a variant for measuring (see
``training/eval_resolve.py``). ``describe()`` lists every setting with its
reason, as ``docs/resolution.md`` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace


def _setting(default, why: str):
    return field(default=default, metadata={"why": why})


@dataclass(frozen=True, slots=True)
class Settings:
    window: int = _setting(
        4, "sentences a pronoun or description looks back before the search widens to the whole text"
    )
    decay: float = _setting(0.5, "salience kept per sentence back: a mention two sentences back counts a quarter")
    subject_weight: float = _setting(2.0, "a grammatical subject is what the next pronoun most often means")
    clause_subject_weight: float = _setting(
        1.5, "the subject of a relative or participial clause is salient, less than the main clause's"
    )
    modifier_weight: float = _setting(0.5, 'a name used as a modifier ("the Clinton campaign") is barely a mention')
    quoted_weight: float = _setting(0.3, "a name inside quotation marks is spoken about by someone else")
    other_weight: float = _setting(1.0, "objects, possessors and the rest")
    parallel_bonus: float = _setting(0.5, "a subject pronoun prefers an antecedent that was a subject too")
    organization_pronoun_floor: float = _setting(
        1.0, '"it"/"they" take an organisation only when it was a subject in the sentence just before'
    )
    prominence_weight: float = _setting(
        1.0,
        "a description more often means the article's main person or organisation than a pronoun does: the one "
        "mentioned most so far gains this much salience",
    )
    description_bonus: float = _setting(
        1.0, '"the company" means one the article called a company: as salient as a subject one sentence closer'
    )
    name_word_bonus: float = _setting(
        0.5, '"the ministry" may mean an organisation with "Ministry" (or "Department") in its name'
    )
    carry_on_paragraphs: int = _setting(
        2, "a quote with no source carries on the quote before it only across this many paragraph breaks"
    )
    introduced_within: int = _setting(
        2, "a description naming no one yet is someone introduced at most this many sentences on"
    )
    title_gender_vote: float = _setting(3.0, 'an honorific ("Mrs.") is written next to the name: the surest sign')
    role_gender_vote: float = _setting(2.0, 'a gendered role noun in apposition ("his wife, Laura") is next to it')
    first_name_gender_vote: float = _setting(3.0, "a first name nearly everyone with it shares a gender")
    first_name_confidence: float = _setting(
        0.9,
        "share of people with the first name who have that gender, below which the name says nothing here "
        "(0.8 to 0.9 alike by cross-validation on train-speakers, 0.95 loses 'Hillary' at 0.92)",
    )
    subject_pronoun_vote: float = _setting(1.0, 'a subject "she" in a sentence naming one person is about her')
    possessive_pronoun_vote: float = _setting(0.3, 'a possessive often belongs to someone else ("Trump, her opponent")')
    disabled: frozenset[str] = _setting(frozenset(), "rules switched off, by name, for measuring what each adds")

    def on(self, rule: str) -> bool:
        return rule not in self.disabled

    def without(self, *rules: str) -> Settings:
        return replace(self, disabled=self.disabled | frozenset(rules))

    @classmethod
    def describe(cls) -> list[tuple[str, object, str]]:
        """(name, default, reason) of every setting."""
        return [(f.name, f.default, f.metadata["why"]) for f in fields(cls) if f.name not in ("disabled",)]


DEFAULT = Settings()
