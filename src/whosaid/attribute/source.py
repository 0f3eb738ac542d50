"""Decision: who is speaking. The source of a cue is read off the dependency parse,
by PolNeAR's conventions: the active subject or passive agent, found by climbing
through ``advcl``/``conj``/``xcomp`` ("X walked out, saying ..."), the noun a
participle modifies, ``according to X``, ``X's statement``; a passive subject is
never the source. The mention is the speaker's whole noun phrase ("Spokeswoman
Haley Morris", "Seth McKee, a political scientist"), kept within its paragraph.
"""

from __future__ import annotations

from spacy.tokens import Token

from .candidates import Candidate, Reading
from .tokens import across_paragraphs, same_paragraph, subtree_ids, trimmed

# Relations through which a cue without its own subject shares its head's:
# "X walked out, saying ...", "X smiled and said ...", "X wants to say ...".
SHARES_SUBJECT = frozenset({"advcl", "conj", "xcomp", "pcomp", "ccomp", "prep", "dep"})

# Relations by which a cue modifies its speaker: "officials, speaking on ...".
MODIFIES_SPEAKER = frozenset({"acl", "relcl", "appos", "amod"})

SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def read_source(candidate: Candidate, reading: Reading) -> None:
    """Fill in the source of ``candidate`` (its cue read): the word it is read from,
    its mention, and the word the speaker resolver starts from; none when the parse
    names no one."""
    anchor = candidate.anchor
    source = source_token(anchor)
    inside = reading.quotes.inside
    if source is not None and inside[source.i] and not inside[anchor.i]:
        # A subject inside the quotation belongs to the quoted words: the speaker is
        # named after the cue instead ("..., said James Acton, a physicist").
        source = _inverted_subject(anchor)
    if source is None:
        return
    candidate.source = source
    candidate.source_span = source_ids(source, anchor)
    candidate.source_head = source_head_token(source)


def _subject(token: Token) -> Token | None:
    """The speaker a verb names: its active subject or its passive agent ("by X").

    A passive subject is what was said about, not who said it ("which is defined as").
    """
    for child in token.children:
        if across_paragraphs(child, token):
            continue
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _is_passive(token: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in token.children)


def _name_before_apposition(verb: Token) -> Token | None:
    """The name a clause opens with when the parser hung the cue on the last noun of
    that name's apposition instead: "Roy Cooper, McCrory's opponent in the election,
    called for ..." (parsed as "the election, called")."""
    if verb.dep_ != "acl" or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    node, through_apposition = verb.head, False
    while node.dep_ in ("pobj", "prep", "appos", "compound", "poss", "amod"):
        through_apposition |= node.dep_ == "appos"
        node = node.head
    if (through_apposition and node.pos_ == "PROPN" and node.ent_type_ in ("PERSON", "ORG")
            and node.dep_ in ("nsubj", "ROOT") and node.i < verb.i):
        return node
    return None


def source_token(anchor: Token) -> Token | None:
    """The head of the source mention for a cue anchored on ``anchor``."""
    lemma = anchor.lemma_.lower()
    if lemma == "accord":
        for child in anchor.children:
            for grandchild in child.children if child.lower_ == "to" else ():
                if grandchild.dep_ == "pobj":
                    return grandchild
            if child.dep_ == "pobj":
                return child
        return None
    if anchor.text == ":":
        head = anchor.head
        found = _subject(head) if head.pos_ in ("VERB", "AUX") else None
        if found is None and head.pos_ in ("PROPN", "NOUN", "PRON") and head.i < anchor.i:
            return head
        return found
    if anchor.pos_ in ("NOUN", "PROPN"):
        for child in anchor.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        governor = anchor.head
        if anchor.dep_ == "pobj":
            governor = governor.head
        found = _subject(governor) if governor.i != anchor.i else None
        return found
    token = anchor
    for _ in range(4):
        found = _subject(token)
        if found is not None or _is_passive(token):
            return found
        if token.dep_ in MODIFIES_SPEAKER and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return _name_before_apposition(token) or token.head
        if token.dep_ not in SHARES_SUBJECT or token.head.i == token.i:
            return None
        if across_paragraphs(token, token.head):
            return _paragraph_opening_subject(token)
        token = token.head
    return None


def _inverted_subject(anchor):
    for child in anchor.rights:
        if child.pos_ in ("PROPN", "NOUN", "PRON") and child.dep_ in ("nsubj", "dobj", "npadvmod", "attr", "appos", "dep"):
            return child
    return None


def _paragraph_opening_subject(verb: Token) -> Token | None:
    """The noun phrase opening a paragraph before its verb, when the parser has
    tied the verb to the previous paragraph and lost its subject."""
    doc = verb.doc
    start = verb.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    words = doc[start:verb.i]
    if not len(words) or any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    nouns = [t for t in words if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return nouns[-1] if nouns else None


def source_ids(source: Token, anchor: Token) -> list[int]:
    """The source mention: the head's noun phrase, never reaching into the cue's clause."""
    top = source
    while top.dep_ in ("conj", "appos", "compound") and not across_paragraphs(top, top.head):
        top = top.head
    if across_paragraphs(top, top.head):
        # A phrase the parser tied to another paragraph: take its words in this one.
        start = source.i
        while start > 0 and "\n" not in source.doc[start - 1].text_with_ws:
            start -= 1
        return trimmed(range(start, source.i + 1), source.doc)
    if source.head.i == anchor.i or source.i > anchor.i or anchor.head.i != source.i:
        ids = subtree_ids(source)
    else:
        # The cue modifies its speaker ("officials speaking on condition ..."):
        # the mention stops where the cue's own phrase begins.
        ids = set(range(source.left_edge.i, anchor.left_edge.i))
    if anchor.i in ids:
        ids = {i for i in ids if i < anchor.left_edge.i or i > anchor.right_edge.i}
    return trimmed(same_paragraph(ids, source), source.doc)


def source_head_token(source: Token) -> Token:
    """The word the speaker resolver starts from: the name when an apposition gives one."""
    if source.ent_type_ in SPEAKER_ENTITIES or source.pos_ in ("PRON", "PROPN"):
        return source
    for child in source.children:
        if child.dep_ in ("appos", "compound") and child.ent_type_ == "PERSON":
            while child.i + 1 < len(child.doc) and child.doc[child.i + 1].ent_iob_ == "I":
                child = child.doc[child.i + 1]
            return child
    return source
