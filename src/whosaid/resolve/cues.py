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

from ..records import Attribution
from .lexicon import ADDRESS_VERBS, MEDIUM_NOUNS, PLATFORMS

if TYPE_CHECKING:
    from .resolver import Resolver

MEDIUM_PREPOSITIONS = frozenset({"on", "in", "via", "through", "during", "at", "over"})
# Channels whose outlet is the one asking the questions.
CONVERSATION_NOUNS = frozenset({"interview", "conversation", "call", "chat", "exchange", "q&a"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})
# Verbs that name their channel: "tweeted that" went out on Twitter.
MEDIUM_VERBS = {"tweet": "Twitter", "retweet": "Twitter"}


def addressee_and_medium(resolver: Resolver, attribution: Attribution) -> tuple[str | None, str | None]:
    verb = _cue_verb(resolver, attribution)
    if verb is None:
        return None, None
    content = attribution.content

    def outside(token: Token) -> bool:
        return not any(s <= token.idx < e for s, e in content)

    addressee: str | None = None
    medium: str | None = None
    for child in verb.children:
        if not outside(child):
            continue
        if child.dep_ in OBJECT_DEPS and verb.lemma_.lower() in ADDRESS_VERBS and addressee is None:
            if child.pos_ in ("NOUN", "PROPN", "PRON") and child.lower_ not in ("what", "that", "it"):
                addressee = _name(resolver, child)
        elif child.dep_ == "prep" and child.lower_ == "to" and addressee is None:
            pobj = _pobj(child)
            if pobj is not None and pobj.pos_ in ("NOUN", "PROPN", "PRON") and outside(pobj):
                addressee = _name(resolver, pobj)
        elif child.dep_ == "prep" and child.lower_ in MEDIUM_PREPOSITIONS and medium is None:
            pobj = _pobj(child)
            if pobj is None or not outside(pobj):
                continue
            found_medium, partner = _channel(resolver, pobj)
            if found_medium:
                medium = found_medium
                if partner and addressee is None:
                    addressee = partner
    if medium is None and verb.lemma_.lower() in MEDIUM_VERBS:
        medium = MEDIUM_VERBS[verb.lemma_.lower()]
    return addressee, medium


def _cue_verb(resolver: Resolver, attribution: Attribution) -> Token | None:
    tokens = []
    for start, end in attribution.cue:
        span = resolver.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.extend(span)
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


def _channel(resolver: Resolver, pobj: Token) -> tuple[str | None, str | None]:
    """(medium, interview partner) for the object of on/in/via/...."""
    name = resolver.canonical_name(pobj)
    if name is not None:
        entity_kind = resolver.entities[resolver._token_entity[pobj.i]].kind if pobj.i in resolver._token_entity else None
        if entity_kind == "organization" or pobj.lower_ in PLATFORMS:
            return name, None
        return None, None
    lemma = pobj.lemma_.lower()
    if lemma in MEDIUM_NOUNS:
        partner = None
        for child in pobj.children:
            if child.dep_ in ("poss", "compound") and child.pos_ == "PROPN":
                outlet = _name(resolver, child)
                if lemma in CONVERSATION_NOUNS:
                    partner = outlet
                else:
                    return outlet, None
            elif child.dep_ == "prep" and child.lower_ == "with" and lemma in CONVERSATION_NOUNS:
                with_obj = _pobj(child)
                if with_obj is not None:
                    partner = _name(resolver, with_obj)
        words = [c.lower_ for c in pobj.children if c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < pobj.i]
        return " ".join([*words, pobj.lower_]), partner
    # A programme named after its network: "on CNN's State of the Union".
    for child in pobj.children:
        if child.dep_ == "poss" and resolver.canonical_name(child):
            return resolver.canonical_name(child), None
    return None, None


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
