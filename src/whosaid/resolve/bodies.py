"""Names of bodies NER left out or cut short.

A run of capitalised words closed by a capitalised word for a kind of body
("Our Principles PAC", "USA TODAY/Suffolk University Poll") is an
organisation's name, wherever the tagger started or stopped it; a country's
ministry or department written in lower case ("China's foreign ministry") is
an organisation too, named as news names it ("Chinese Foreign Ministry"); so
is a movement named in quotation marks before its kind ('the "Fight for 15"
movement').
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..context import token_table
from ..lexicon import BODY_KIND_WORDS, ORG_KIND_QUALIFIERS, ORG_NOUNS, STATE_BODY_NOUNS, TITLES
from .affiliations import agree
from .rules import declare
from .words import NameMention, TitleCaseLines

KIND_WORD_NAMES = declare(
    "kind-word-names", "table",
    'a run of capitalised words closed by a capitalised word for a kind of body ("Our Principles PAC", '
    '"USA TODAY/Suffolk University Poll") is an organisation\'s name, however NER cut it',
)
STATE_BODIES = declare(
    "state-bodies", "table",
    '"China\'s foreign ministry" is an organisation, named "Chinese Foreign Ministry" where the article '
    'writes "Chinese"',
)

QUOTED_NAMES = declare(
    "quoted-names", "table",
    'the capitalised words in quotation marks before a lower-case word for a movement or group '
    '(\'the "Fight for 15" movement\', \'a "Stop Trump" campaign\') are that body\'s name',
)
# The lower-case words after a quoted name that make it a body's: 'the "Never Trump" movement'.
_QUOTED_KINDS = BODY_KIND_WORDS | {"campaign", "group", "initiative", "effort", "network"}
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``"})
# Words of a name that need no capital: "Fight for 15", "Gang of Eight".
_SMALL_WORDS = frozenset({"for", "of", "the", "and", "on", "to", "a", "in"})

# Words that join the capitalised words of one name: "USA TODAY/Suffolk", "Club for Growth".
_JOINERS = frozenset({"/", "&", "-", "of", "for", "and"})
# Labels a body's name may swallow: NER often tags part of it as a place or nationality.
_SWALLOWED = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART"})
# Words of a kind of body, not of a name: "Super PAC" alone is no one's name.
_KIND_ONLY = ORG_NOUNS | BODY_KIND_WORDS | ORG_KIND_QUALIFIERS


def kind_word_names(doc: Doc, found: list[NameMention], title_lines: TitleCaseLines) -> list[NameMention]:
    """``found`` with the bodies' names closed by a kind word added, and what they swallow removed."""
    owner: dict[int, NameMention] = {i: m for m in found for i in range(m.start, m.end)}
    added: list[NameMention] = []
    swallowed: set[int] = set()
    # Only the kind words are looked at, found over one array of the document and read from its
    # token table (most are written in lower case and go no further).
    t = token_table(doc)
    for i in t.with_lower(BODY_KIND_WORDS):
        if not (t.text[i][:1].isupper() and t.pos[i] == "PROPN") or t.idx[i] in title_lines:
            continue
        if i + 1 < len(doc) and _name_word(doc, i + 1, owner) and doc[i + 1].lower_ not in BODY_KIND_WORDS:
            continue  # the name goes on past the kind word: "Party Leader", "Committee Chairman Smith"
        start = i
        while start > 0:
            before = start - 1
            if _name_word(doc, before, owner):
                start = before
            elif doc[before].lower_ in _JOINERS and before > 0 and _name_word(doc, before - 1, owner):
                start = before - 1
            else:
                break
        end = i + 1
        if end - start < 2 or all(doc[k].lower_ in _KIND_ONLY for k in range(start, end)):
            continue  # "Super PAC" names a kind of body, no body
        inside = {id(owner[k]) for k in range(start, end) if k in owner}
        if all(m.start >= start and m.end <= end for m in found if id(m) in inside):
            swallowed |= inside
            span = doc[start:end]
            added.append(NameMention(start, end, span.root.i, span.text, "ORG", ()))
    if not added:
        return found
    return sorted([m for m in found if id(m) not in swallowed] + added, key=lambda m: m.start)


def kind_only(token) -> bool:
    """ "Super PAC", "the Committee": a proper noun whose words only say what kind of body it is
    ("Congress" or "the Senate" alone name one body)."""
    if token.lower_ not in BODY_KIND_WORDS:
        return False
    return all(c.lower_ in _KIND_ONLY for c in token.children if c.dep_ == "compound" and c.i < token.i)


def _name_word(doc: Doc, i: int, owner: dict[int, NameMention]) -> bool:
    """A capitalised word that may be part of a body's name: no title, no person's name, and
    no plain word opening a sentence ("Our" opening one is any sentence's, "Suffolk" a name)."""
    token = doc[i]
    if not token.text[:1].isupper() or token.lower_ in TITLES or token.lower_ == "the":
        return False
    if token.is_upper and token.lower_ in BODY_KIND_WORDS:
        return False  # "super PAC American Values Fund": the kind written before a name is no part of it
    mention = owner.get(i)
    if mention is not None and mention.label not in _SWALLOWED:
        return False
    return i != token.sent.start or token.pos_ == "PROPN"


def state_bodies(doc: Doc, found: list[NameMention]) -> list[NameMention]:
    """ "China's foreign ministry": a country's ministry, department or embassy is an organisation,
    named as news names it ("Chinese Foreign Ministry", where the article writes "Chinese"; else
    "China's Foreign Ministry")."""
    covered = {i for m in found for i in range(m.start, m.end)}
    peoples = [m.text for m in found if m.label == "NORP" and len(m.words) == 1]
    added: list[NameMention] = []
    for m in found:
        if m.label != "GPE" or m.end + 1 >= len(doc) or doc[m.end].tag_ != "POS":
            continue
        place = doc[m.end - 1]
        noun = place.head
        if (
            place.dep_ != "poss" or noun.i <= m.end or noun.lemma_.lower() not in STATE_BODY_NOUNS
            or not noun.is_lower or any(k in covered for k in range(m.end + 1, noun.i + 1))
        ):
            continue
        words = [t for t in doc[m.end + 1 : noun.i + 1] if t.is_alpha]
        if len(words) < 2 or any(t.dep_ not in ("amod", "compound") for t in words[:-1]):
            continue  # "China's ministry" alone names no particular one
        people = next((p for p in peoples if agree({p.lower()}, {m.text.lower()})), None)
        owner = people if people else f"{m.text}'s"
        name = " ".join([owner] + [t.text[:1].upper() + t.text[1:] for t in words])
        added.append(NameMention(words[0].i, noun.i + 1, noun.i, name, "ORG", ()))
    if not added:
        return found
    return sorted(found + added, key=lambda m: m.start)


def quoted_names(doc: Doc, found: list[NameMention]) -> list[NameMention]:
    """``found`` with the bodies named in quotation marks before a word for their kind
    ('the "Fight for 15" movement') added; a person's name so written ("Ted Cruz"
    campaign) is the person's, and left alone."""
    covered = {i for m in found if m.label == "PERSON" for i in range(m.start, m.end)}
    added: list[NameMention] = []
    t = token_table(doc)
    for i in t.with_lower(_QUOTED_KINDS):
        close = i - 1
        if not t.text[i].islower() or close < 2 or t.text[close] not in _QUOTE_MARKS:
            continue
        start = close - 1
        while start > 0 and close - start <= 6 and doc[start - 1].text not in _QUOTE_MARKS:
            start -= 1
        if start == 0 or doc[start - 1].text not in _QUOTE_MARKS or doc[start - 1].text == "”":
            continue
        words = [t for t in doc[start:close] if not t.is_punct]
        if not words or not words[0].text[:1].isupper() or any(t.i in covered for t in words) or not all(
            t.text[:1].isupper() or t.like_num or t.lower_ in _SMALL_WORDS or t.text.startswith("$")
            for t in words
        ):
            continue
        span = doc[start:close]
        added.append(NameMention(start, close, span.root.i, span.text, "ORG", ()))
    if not added:
        return found
    inside = {i for m in added for i in range(m.start, m.end)}
    kept = [m for m in found if not any(i in inside for i in range(m.start, m.end))]
    return sorted(kept + added, key=lambda m: m.start)
