"""Names NER passed over: a surname the article gives elsewhere, a common word
that is a surname here ("Will urged"), a first name and a surname ("Bernie
Sanders won"), a one-word organisation named elsewhere, a name the article
gives a person's role.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import POS
from spacy.tokens import Doc, Token

from ..context import token_table
from ..lexicon import (
    MEDIUM_NOUNS,
    NAME_SUFFIXES,
    ORG_NOUNS,
    PLATFORMS,
    TITLES,
    WORK_NOUNS,
    is_listed_person_noun,
    is_person_noun,
)
from .name_edges import without_leading_roles
from .words import NameMention, common_first_name, english_word, is_title


def add_missed_names(
    doc: Doc, found: list[NameMention], ents: list[tuple[int, int, str]], common_words: bool = True,
    first_names: bool = True, role_words: bool = False, role_names: bool = False,
) -> list[NameMention]:
    """Proper nouns NER passed over that repeat a person's surname elsewhere
    ("Mehmet Oz" untagged while "Oz" is tagged, "Trump" tagged in one sentence
    and missed in the next) are person names too. ``ents`` are the (start, end, label)
    of the doc's entities (``names.entity_extents``)."""
    surnames = {
        m.words[-1]
        for m in found
        if m.label == "PERSON" and m.words and m.words[-1] not in NAME_SUFFIXES
    }
    covered = {i for m in found for i in range(m.start, m.end)}
    for ent_start, ent_end, _ in ents:
        covered.update(range(ent_start, ent_end))
    added: list[NameMention] = []
    # Proper nouns found over one array of the document, not token by token.
    propn = np.flatnonzero(doc.to_array(POS) == doc.vocab.strings.add("PROPN")).tolist()
    others = _repeated_organizations(doc, found, covered)
    if common_words:
        others |= _surname_words(doc, surnames, covered)
    t = token_table(doc)
    other_at = {token.i for token in others}
    # Read from the token table: a ``Token`` is made only for a capitalised word no name covers.
    for i in sorted({i for i in propn if i not in covered} | other_at):
        if i in covered or not t.text[i][:1].isupper() or t.dep[i] == "compound":
            continue
        token = doc[i]
        start = i
        first_name = first_names and _after_first_name(doc, token, covered)
        if i in other_at and not first_name:
            label = "ORG" if token.lower_ not in surnames else "PERSON"
            span = doc[token.i : token.i + 1]
            added.append(NameMention(token.i, token.i + 1, token.i, span.text, label, ()))
            continue
        elif token.lower_.replace("’", "'") in surnames:
            # Read from the token table: a ``Token`` only for a word that passes the rest.
            while start > 0 and t.pos[start - 1] == "PROPN" and t.head[start - 1] == i \
                    and t.dep[start - 1] in ("compound", "flat") and start - 1 not in covered \
                    and not is_title(doc[start - 1]) and not _adjective_here(doc, doc[start - 1]):
                start -= 1
            if role_words:
                start = without_leading_roles(t, start, token.i + 1)  # "Scientist Ines Duarte": her role
        elif _described_as_person(token):
            # "Taylor Quinn, the plant manager, ...": a name the article gives a
            # person's role is a person's, however the parse split it.
            while start > 0 and start - 1 not in covered and token.i - start < 3 and _name_word(doc[start - 1]):
                start -= 1
        elif first_name:
            # "Bernie Sanders won in Michigan": a common first name and a surname
            # NER passed over (often the first words after a headline).
            start = token.i - 1
        elif role_names and (after_role := _name_after_role(doc, token, covered)) is not None:
            start = after_role
        else:
            continue
        span = doc[start : token.i + 1]
        added.append(NameMention(start, token.i + 1, token.i, span.text, "PERSON", _titles_before(doc, start)))
    if not added:
        return found
    return sorted(found + added, key=lambda m: m.start)


def _adjective_here(doc: Doc, token: Token) -> bool:
    """A capitalised word the article uses as an adjective or a nationality elsewhere ("the Eurosceptic SVP"
    beside "Eurosceptic initiatives", "Swiss"), and no first name: glued before a name, never part of it."""
    if common_first_name(token.text):
        return False
    t = token_table(doc)
    return any(
        t.text[i] == token.text and i != token.i and (t.pos[i] == "ADJ" or t.ent[i] == "NORP")
        for i in range(len(t.text))
    )


def _after_first_name(doc: Doc, token: Token, covered: set[int]) -> bool:
    """Whether a proper noun NER passed over follows a common first name it also passed over."""
    before = doc[token.i - 1] if token.i > 0 else None
    return (
        before is not None
        and before.i not in covered
        and _name_word(before)
        and token.pos_ == "PROPN"
        and token.lower_ not in PLACE_OR_BODY_WORDS
        and common_first_name(before.text)
    )


def _surname_words(doc: Doc, surnames: set[str], covered: set[int]) -> set[Token]:
    """Surnames that are also common words and that the tagger read as such:
    "Will urged" (George Will), "From said" (Al From), "Sanders supports". The
    word is capitalised, and a subject, or it stands in mid-sentence, or it
    opens a clause whose verb has no subject."""
    common = [w for w in surnames if english_word(w) or w in _FUNCTION_WORDS]
    if not common:
        return set()
    found = set()
    t = token_table(doc)
    # A surname's own mentions are covered: a ``Token`` is made only for the others.
    for i in t.with_lower(common):
        if i in covered or t.pos[i] == "PROPN" or not t.text[i].istitle():
            continue
        token = doc[i]
        if t.dep[i] in ("nsubj", "nsubjpass") or i != token.sent.start:
            found.add(token)
            continue
        head = t.head[i]
        if (
            i < head
            and t.dep[i] in ("aux", "prep", "advmod", "mark", "npadvmod")
            and t.pos[head] in ("VERB", "AUX")
            and not any(t.dep[c] in ("nsubj", "nsubjpass") for c in t.children[head])
        ):
            found.add(token)
    return found


def _repeated_organizations(doc: Doc, found: list[NameMention], covered: set[int]) -> set[Token]:
    """A one-word organisation name NER tagged once and missed elsewhere
    ("Twitter takes bigger steps" in a headline, "the SVP said"), and platforms, whatever the tagger made of them."""
    names = {m.words[0] for m in found if m.label in ("ORG", "FAC") and len(m.words) == 1} | PLATFORMS
    t = token_table(doc)
    return {
        doc[i] for i in t.with_lower(names)
        if i not in covered and (t.text[i].istitle() or t.text[i].isupper()) and t.dep[i] != "compound"
    }


def tokens_among(doc: Doc, words) -> list[Token]:
    """The tokens whose lower-case form is one of ``words``, read from the article's token table
    (a ``Token`` is made only for those)."""
    return [doc[i] for i in token_table(doc).with_lower(words)]

# Last words of names of places and bodies that start with a first name
# ("Jordan River", "Lincoln Center", "Washington Post").
PLACE_OR_BODY_WORDS = ORG_NOUNS | frozenset(
    "river street avenue park lake mountain island county city center centre square bridge road hall "
    "post times news journal tribune herald".split()
)


# Closed-class words that are also surnames ("From", "Will", "May"): the
# lemmatizer's tables list only open-class words.
_FUNCTION_WORDS = frozenset("from will may can might must shall should would could".split())


def _name_after_role(doc: Doc, token: Token, covered: set[int]) -> int | None:
    """Where a name NER passed over starts when a noun for a person's role is written right before it
    and the parse ties the two ("the prophet Ezra wrote", "his sister Mabel was crowned", "co-Host Dana
    Reyes said"): its first word a common first name, at most three words. None when it is no such name.

    The role is a noun the lexicon lists for a person, or any lower-case noun the name is in apposition
    with ("the prophet Ezra"), which is how English writes a role before a name, unless it is a word
    for a body, a made work or a medium ("the film Annie")."""
    start = token.i
    while (
        start > 0 and token.i - start < 2 and start - 1 not in covered
        and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper()
        and doc[start - 1].head.i == token.i and doc[start - 1].dep_ in ("compound", "flat")
        and not is_listed_person_noun(doc[start - 1].lower_)
    ):
        start -= 1
    if start == 0 or start - 1 in covered or not common_first_name(doc[start].text):
        return None
    if any(t.lower_ in PLACE_OR_BODY_WORDS or is_title(t) for t in doc[start : token.i + 1]):
        return None
    role = doc[start - 1]
    lemma = role.lemma_.lower()
    if role.pos_ in ("NOUN", "PROPN") and is_listed_person_noun(role.lower_):
        tied = role.head.i == token.i and role.dep_ in ("compound", "nmod", "amod")
        return start if tied or (token.dep_ == "appos" and token.head.i == role.i) else None
    if (
        role.pos_ == "NOUN" and role.text.islower() and token.dep_ == "appos" and token.head.i == role.i
        and lemma not in ORG_NOUNS and lemma not in WORK_NOUNS and lemma not in MEDIUM_NOUNS
    ):
        return start
    return None


def _described_as_person(token: Token) -> bool:
    return any(
        child.dep_ == "appos" and child.pos_ == "NOUN" and is_person_noun(child.lemma_.lower())
        for child in token.children
    )


def _name_word(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.is_title and not is_title(token) and token.lower_ not in TITLES


def repeated_full_names(doc: Doc, found: list[NameMention], ents: list[tuple[int, int, str]]) -> list[NameMention]:
    """A person's full name found elsewhere, written where NER tagged nothing or
    only a part of it ("Ivanka" as a product, then "Trump"), is the person's
    name there too, so a surname two people share goes to the one named first."""
    fulls: dict[str, list[tuple[str, ...]]] = {}
    t = token_table(doc)
    for m in found:
        if m.label == "PERSON" and len(m.words) >= 2 and m.words[-1] not in NAME_SUFFIXES:
            words = tuple(t.lower[m.start : m.end])
            if words not in fulls.get(words[0], ()):
                fulls.setdefault(words[0], []).append(words)
    if not fulls:
        return found
    # Each token's mention; a shorter one inside the full name (the surname alone) gives way to it.
    owner = {i: m for m in found for i in range(m.start, m.end)}
    extent = {i: (start, end) for start, end, _ in ents for i in range(start, end)}
    added: list[NameMention] = []
    replaced: set[int] = set()
    for i in t.with_lower(fulls):
        for words in fulls[t.lower[i]]:
            end = i + len(words)
            if tuple(t.lower[i:end]) != words:
                continue
            inside = {id(owner[k]): owner[k] for k in range(i, end) if k in owner}
            if any(m.start < i or m.end > end or m.end - m.start == end - i for m in inside.values()):
                continue
            # An entity reaching past the name ("the Carly Fiorina Show") is something else's name.
            if any(extent[k][0] < i or extent[k][1] > end for k in range(i, end) if k in extent):
                continue
            mention = NameMention(i, end, end - 1, doc[i:end].text, "PERSON", _titles_before(doc, i))
            added.append(mention)
            replaced.update(inside)
            for k in range(i, end):
                owner[k] = mention
            break
    if not added:
        return found
    return sorted([m for m in found if id(m) not in replaced] + added, key=lambda m: m.start)


def _titles_before(doc: Doc, start: int) -> tuple[str, ...]:
    """The titles written right before a name ("Sen.", "Rep.", at most four), lower-cased."""
    titles: list[str] = []
    before = start - 1
    while before >= 0 and is_title(doc[before]) and len(titles) < 4:
        titles.insert(0, doc[before].lower_)
        before -= 1
    return tuple(titles)
