"""Addressee and medium of an attribution, read from its cue's dependents.

Addressee — to whom it was said:
  * the object of a verb of addressing: "told the BBC" → "BBC",
    "asking Ada Hegerberg if" → "Ada Hegerberg", "told reporters" → "reporters";
  * the object of "to": "said to reporters", "wrote to the governor";
  * the partner of an interview: "in an interview with CNN" → "CNN",
    "in a Fox News interview" → "Fox News".

Medium — through what it was said:
  * a named platform, outlet or programme after on/in/via/through: "wrote on
    Twitter" → "Twitter", "said on Fox News" → "Fox News", "wrote in a
    Facebook post" → "Facebook"; "tweeted" → "Twitter";
  * otherwise the kind of channel: "in a statement" → "statement",
    "at a news conference" → "news conference", "in an interview" → "interview".

Names come out canonical (the entity's fullest name, no leading "the");
other noun phrases come out without determiners.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from ..context import token_table
from ..records import Attribution
from ..lexicon import ADDRESS_VERBS, MEDIUM_NOUNS, MEDIUM_PREPOSITIONS, ORG_NOUNS, PLATFORMS, is_person_noun

if TYPE_CHECKING:
    from .resolver import Resolver

# Channels whose outlet is the one asking the questions.
CONVERSATION_NOUNS = frozenset({"interview", "conversation", "call", "chat", "exchange", "q&a"})
# Channels a speaker issues themselves: "a White House statement" is a statement.
ISSUED_NOUNS = frozenset(
    {"statement", "release", "letter", "memo", "speech", "conference", "briefing", "remarks",
     "testimony", "address", "message", "note", "hearing"}
)
# People spoken to who are not named: "told reporters", "said to the crowd".
AUDIENCE_NOUNS = frozenset(
    {"reporter", "journalist", "audience", "crowd", "supporter", "voter", "lawmaker", "member",
     "student", "viewer", "listener", "reader", "press", "media", "congregation", "delegate"}
)
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
# Verbs that name their channel: "tweeted that" went out on Twitter.
MEDIUM_VERBS = {"tweet": "Twitter", "retweet": "Twitter"}
# Platforms named by a capital letter alone ("posted on X", Twitter's later name), read only as the
# object of "on": no tagger takes the letter for a name, and a lower-case "x" is no platform.
LETTER_PLATFORMS = frozenset({"X"})


def addressee_and_medium(resolver: Resolver, attribution: Attribution) -> tuple[str | None, str | None]:
    verb = _cue_verb(resolver, attribution)
    if verb is None:
        return None, None
    content = attribution.content

    def outside(token: Token) -> bool:
        return not any(s <= token.idx < e for s, e in content)

    addressee: str | None = None
    medium: str | None = None
    # The verb's children read from the token table: a ``Token`` is made only for the few that
    # name an addressee or a medium.
    t = token_table(resolver.doc)
    lemma = t.lemma[verb.i]
    # "according to X" names the source, not an addressee.
    says_to = lemma != "accord"
    for c in t.children[verb.i]:
        at = t.idx[c]
        if any(s <= at < e for s, e in content):
            continue
        dep, lower = t.dep[c], t.lower[c]
        if dep in OBJECT_DEPS and lemma in ADDRESS_VERBS and addressee is None:
            if t.pos[c] in ("NOUN", "PROPN", "PRON") and lower not in ("what", "that", "it"):
                addressee = _name(resolver, resolver.doc[c])
        elif dep == "prep" and lower == "to" and says_to and addressee is None:
            pobj = _pobj(resolver.doc[c])
            if pobj is not None and outside(pobj) and _addressable(resolver, pobj):
                addressee = _name(resolver, pobj)
        elif dep == "prep" and lower in MEDIUM_PREPOSITIONS and medium is None:
            pobj = _pobj(resolver.doc[c])
            if pobj is None or not outside(pobj):
                continue
            found_medium, partner = _channel(resolver, pobj)
            if found_medium:
                medium = found_medium
                if partner and addressee is None:
                    addressee = partner
    if medium is None and lemma in MEDIUM_VERBS:
        medium = MEDIUM_VERBS[lemma]
    return addressee, medium


def _cue_verb(resolver: Resolver, attribution: Attribution) -> Token | None:
    if attribution.cue_token is not None:
        return resolver.doc[attribution.cue_token]
    tokens = resolver.context.tokens(attribution.cue)
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    if verbs:
        # "has said", "was quoted as saying": the lexical verb is the last one.
        return verbs[-1]
    return tokens[0] if tokens else None


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj":
            return child
    return None


def _addressable(resolver: Resolver, token: Token) -> bool:
    """Whether "to X" can be whom something was said to: a named person or
    organisation, a pronoun, or people ("reporters", "the committee"), not
    "to varying degrees"."""
    if token.tag_ in ("PRP",) or _outlet(resolver, token, kinds=("person", "organization")):
        return True
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (is_person_noun(lemma) or lemma in ORG_NOUNS or lemma in AUDIENCE_NOUNS)


def _outlet(resolver: Resolver, token: Token, kinds=("organization",)) -> str | None:
    """The canonical name of the named entity ``token`` belongs to, if of ``kinds``."""
    e_id = resolver.table.token_entity.get(token.i)
    if e_id is None:
        return token.text if token.lower_ in PLATFORMS else None
    entity = resolver.entities[e_id]
    if entity.kind in kinds or token.lower_ in PLATFORMS:
        return entity.canonical
    return None


def _channel(resolver: Resolver, pobj: Token) -> tuple[str | None, str | None]:
    """(medium, interview partner) for the object of on/in/via/...."""
    if pobj.text in LETTER_PLATFORMS and pobj.head.lower_ == "on":
        return pobj.text, None
    if pobj.i in resolver.table.token_entity:
        return _outlet(resolver, pobj), None
    lemma = pobj.lemma_.lower()
    if lemma in MEDIUM_NOUNS:
        partner = None
        for child in pobj.children:
            outlet = _outlet(resolver, child, kinds=("person", "organization")) if child.dep_ in ("poss", "compound") else None
            if outlet and lemma in CONVERSATION_NOUNS:
                partner = outlet  # "a Fox News interview"
            elif outlet and lemma not in ISSUED_NOUNS and _outlet(resolver, child):
                return outlet, None  # "a Facebook post", "a Wall Street Journal essay"
            elif child.dep_ == "prep" and child.lower_ == "with" and lemma in CONVERSATION_NOUNS:
                with_obj = _pobj(child)
                if with_obj is not None:
                    partner = _name(resolver, with_obj)
        return _noun_phrase(pobj), partner
    # A programme named after its network: "on CNN's Reliable Sources".
    for child in pobj.children:
        if child.dep_ == "poss" and _outlet(resolver, child):
            return _outlet(resolver, child), None
    return None, None


def _noun_phrase(noun: Token) -> str:
    """The noun with its compounds: "news conference", "prime-time speech"."""
    compounds = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < noun.i]
    start = min((min(t.i for t in c.subtree) for c in compounds), default=noun.i)
    return noun.doc[start : noun.i + 1].text.lower()


def _name(resolver: Resolver, token: Token) -> str:
    name = resolver.canonical_name(token)
    if name:
        return name
    if token.tag_ in ("PRP", "PRP$"):
        return token.text
    keep = [
        t for t in token.subtree
        if t.i <= token.i and t.dep_ in ("compound", "amod", "nmod") or t.i == token.i
    ]
    start = min(t.i for t in keep)
    return resolver.doc[start : token.i + 1].text
