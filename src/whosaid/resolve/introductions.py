"""A "he"/"she" source right after the sentence that introduces someone is that someone.

News writing introduces a person by full name, often with a role, and quotes
them in the next sentence: "... courtesy of Lyle Barrow, a delegate from
Idaho. 'I heard it last night,' he said." Salience alone gives that "he"
to a man who was the subject two sentences back, because the newcomer was
introduced as an object or an apposition. The rule acts on sources only, and
only where nothing else in the two sentences could be meant: the pronoun's
own sentence names no one of its gender before it, and the sentence before
names exactly one person of that gender, for the first time in the article,
and has no other subject that could be a person of that gender ("The former
Maryland governor ... behind Bernie Sanders. He ..." stays the governor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..context import token_table
from ..lexicon import is_person_noun, noun_gender
from .rules import declare
from .table import SUBJECT_DEPS, pronoun_gender

if TYPE_CHECKING:
    from .resolver import Resolver

INTRODUCED_SPEAKERS = declare(
    "introduced-speakers", "source",
    '"... courtesy of Lyle Barrow, a delegate from Idaho. \'I heard it,\' he said": a "he" or "she" source '
    "whose sentence names no one of its gender before it is the one person of that gender the sentence before "
    "introduces by full name, when no other subject there could be meant",
)


def introduced_speaker(r: Resolver, pronoun: Token, chosen: int | None) -> int | None:
    """The person the narrative sentence before ``pronoun`` introduces, if the rule applies; else None."""
    gender = pronoun_gender(pronoun.lower_)
    if pronoun.lower_ not in ("he", "she") or gender is None:
        return None
    linker, table, context = r.linker, r.table, r.context
    step_of, quoted = linker.step_of, context.token_in_quote
    step = step_of[pronoun.i]
    if step == 0:
        return None
    before: set[int] = set()
    for event in reversed(linker.events_before(pronoun.i)):
        if event.step < step - 1:
            break
        if quoted[event.token] or not _agrees(r, event.entity, gender):
            continue
        if event.step == step:
            return None  # someone of its gender was named in its own sentence
        before.add(event.entity)
    if len(before) != 1:
        return None
    (person,) = before
    if person == chosen or person < 0:
        return None
    entity = table[person]
    first = min((m for m in entity.name_mentions if not m.quoted), key=lambda m: m.start, default=None)
    if first is None or step_of[first.start] != step - 1 or len(first.words) < 2:
        return None
    if _other_subject(r, pronoun.i, step, set(range(first.start, first.end)) | {first.head}, gender):
        return None
    return person


def _agrees(r: Resolver, e_id: int, gender: str) -> bool:
    if e_id < 0:
        return r.linker.anonymous.get(e_id) in (None, gender)
    entity = r.table[e_id]
    return entity.kind == "person" and entity.gender in (None, gender)


def _other_subject(r: Resolver, end: int, step: int, name: set[int], gender: str) -> bool:
    """Whether the words before token ``end``, back to the start of the narrative sentence before
    ``step``, have a subject that could be a person of ``gender`` other than the introduced one
    (``name``: its tokens): a singular person noun ("the former governor") or an agreeing pronoun,
    not one whose phrase holds the name ("The director of the centre, Ina Kirsch, told")."""
    t = token_table(r.doc)
    step_of, quoted = r.linker.step_of, r.context.token_in_quote
    k = end - 1
    while k >= 0 and step_of[k] >= step - 1:
        if t.dep[k] in SUBJECT_DEPS and not quoted[k] and k not in name:
            word = t.lower[k]
            if pronoun_gender(word) == gender and word in ("he", "she"):
                return True
            if t.tag[k] == "NN" and is_person_noun(t.lemma[k]) and noun_gender(t.lemma[k]) in (None, gender):
                phrase = r.doc[k]
                if not phrase.left_edge.i <= min(name) <= phrase.right_edge.i:
                    return True
        k -= 1
    return False
