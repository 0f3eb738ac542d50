"""Source, cue and content spans around a cue anchor, read off the dependency parse.

The conventions follow PolNeAR's annotation: the source is the speaker's whole
noun phrase ("Spokeswoman Haley Morris", "Seth McKee, a political scientist"),
the content keeps its complementiser ("that he was sorry", "if she knew"), and
"according to X" attributes the clause it modifies.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import numpy as np

from spacy.attrs import IDX
from spacy.tokens import Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Relations through which a cue without its own subject shares its head's:
# "X walked out, saying ...", "X smiled and said ...", "X wants to say ...".
SHARES_SUBJECT = frozenset({"advcl", "conj", "xcomp", "pcomp", "ccomp", "prep", "dep"})
# Relations by which a cue modifies its speaker: "officials, speaking on ...".
MODIFIES_SPEAKER = frozenset({"acl", "relcl", "appos", "amod"})
CONTENT_CHILDREN = ("ccomp", "xcomp", "dobj", "attr", "oprd", "csubjpass", "nsubjpass")
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
EDGE_PUNCT = frozenset({",", ";", "—", "–", "-", "(", ")", ":", "--"})


def subtree_ids(token: Token) -> set[int]:
    return set(range(token.left_edge.i, token.right_edge.i + 1))


def trimmed(ids: Iterable[int], doc) -> list[int]:
    """Sorted token indices without punctuation or conjunctions hanging at either edge."""
    ordered = sorted(ids)
    while ordered and (doc[ordered[0]].text in EDGE_PUNCT or doc[ordered[0]].dep_ == "cc"):
        ordered.pop(0)
    while ordered and (doc[ordered[-1]].text in EDGE_PUNCT or doc[ordered[-1]].dep_ == "cc"):
        ordered.pop()
    return ordered


# Relations of words that may join a cue's anchor in the cue span: auxiliaries,
# negation, adverbs, particles, prepositions ("has not yet said", "called for"),
# time words ("said Friday") and, for a noun cue, its article and adjectives
# ("a tacit acknowledgment").
ATTACHABLE = frozenset({"aux", "auxpass", "neg", "advmod", "prt", "prep", "npadvmod", "det", "amod"})
# Relations that bring the words they open with along: "said last week", "a most eloquent plea".
PHRASAL = frozenset({"npadvmod", "amod", "advmod"})
# How far from the anchor an attached word may stand.
CUE_WINDOW = 3
TIME_ENTITIES = frozenset({"DATE", "TIME"})


def attached_phrase(child: Token) -> list[int]:
    """The words that join a cue with ``child``: for a time word or modifier, with the
    words it opens with ("last week", "very publicly") but not those it goes on to
    ("stopped short | of ...")."""
    if child.dep_ in PHRASAL:
        return list(range(min([child.i] + [g.left_edge.i for g in child.lefts]), child.i + 1))
    return [child.i]


def bridges(token: Token) -> bool:
    """Whether a word between the anchor and an attached one lets the cue run on:
    another attachable word, or a space within the line ("has\xa0acknowledged")."""
    return token.dep_ in ATTACHABLE or (token.is_space and "\n" not in token.text)


def attached_word(child: Token) -> str:
    """The word under which an attached child is counted: a date or time by its entity
    type, so that "said Friday" and "said Monday" share one estimate; a complement by
    its lemma ("went on to say", "goes on to say")."""
    if child.dep_ == "npadvmod" and child.ent_type_ in TIME_ENTITIES:
        return "<" + child.ent_type_ + ">"
    if child.dep_ in CHAINED:
        return child.lemma_.lower()
    return child.lower_


def attached_shape(child: Token) -> str:
    """The back-off of a word seen too rarely to have a rate of its own: for adverbs,
    whether it is an -ly manner adverb ("cynically dismissed")."""
    return "<ly>" if child.dep_ == "advmod" and child.lower_.endswith("ly") else "<*>"


def attachment_keys(anchor: Token, child: Token, given: str = "") -> tuple[str, str, str]:
    """Keys of the learned attachment rates, most specific first: per anchor lemma,
    per word, per shape (see ``AttributionModel.attachment_rate``), each with the
    relation and the side of the anchor the word stands on ("said Friday" joins more
    often than "Friday, ... said"). ``given`` names a condition the rates are counted
    under ("content": the word's object is the content)."""
    lemma = anchor.lemma_.lower()
    relation = f"{child.dep_}|{'L' if child.i < anchor.i else 'R'}"
    word = attached_word(child)
    suffix = "|" + given if given else ""
    # Whether a complement carries the cue on depends on the verb it completes
    # ("tried to", "went on to" do; "wants to", "plans to" do not), not on its own word.
    general = f"{lemma}|{relation}|*" if child.dep_ in CHAINED else f"{relation}|{word}"
    return (f"{lemma}|{relation}|{word}{suffix}", general + suffix,
            f"{relation}|{attached_shape(child)}{suffix}")


def object_of(preposition: Token) -> Token | None:
    return next((g for g in preposition.children if g.dep_ in ("pobj", "pcomp")), None)


# Complements that carry a cue's verb on: "are convinced | that ...", "went on to
# explain | that ...", a light verb's object ("made the case | for ..."), a copula's
# noun ("is a critic | of ..."). They join with the words they open with ("too
# concerned", "a policy paper").
CHAINED = frozenset({"acomp", "xcomp", "advcl", "attr", "dobj"})
NOUN_MODIFIERS = frozenset({"compound", "nummod"})


def chained_phrase(child: Token) -> list[int] | None:
    """A complement with the words it opens with, or None when those are not all
    auxiliaries, adverbs or a noun's modifiers ("to", "too", "a policy") but, say,
    a subject ("wants | his rival to lose")."""
    start = min([child.i] + [g.left_edge.i for g in child.lefts])
    phrase = list(range(start, child.i + 1))
    if all(bridges(child.doc[i]) or child.doc[i].dep_ in NOUN_MODIFIERS for i in phrase[:-1]):
        return phrase
    return None


def attachable(anchor: Token) -> list[tuple[Token, list[int]]]:
    """Children that could join the cue of ``anchor``, with their phrases: within the
    window and separated from the anchor only by words that could join it too."""
    doc = anchor.doc
    out = []
    for child in anchor.children:
        if child.dep_ in CHAINED and child.i > anchor.i:
            phrase = chained_phrase(child)
            if phrase is None:
                continue
        elif child.dep_ not in ATTACHABLE or child.is_punct:
            continue
        else:
            phrase = attached_phrase(child)
        if max(abs(i - anchor.i) for i in phrase) > CUE_WINDOW:
            continue
        between = range(max(phrase) + 1, anchor.i) if child.i < anchor.i else range(anchor.i + 1, min(phrase))
        if all(bridges(doc[i]) for i in between):
            out.append((child, phrase))
    return out


def cue_tokens(anchor: Token, joins_cue) -> list[int]:
    """The anchor plus the attached words gold cues usually include, as one contiguous run.

    ``joins_cue(keys)`` says whether an attached word belongs to the cue, given its
    ``attachment_keys``.
    """
    lemma = anchor.lemma_.lower()
    ids = {anchor.i}
    for child in anchor.children:
        if lemma == "accord" and child.lower_ == "to":
            ids.add(child.i)
    for child, phrase in attachable(anchor):
        # A complement carrying the cue on joins once the content is read (``settle_cue``).
        if child.dep_ not in CHAINED and joins_cue(attachment_keys(anchor, child)):
            ids.update(phrase)
    run = set(range(min(ids), max(ids) + 1))
    # Words between the anchor and an attached word are part of the cue only
    # when they are themselves auxiliaries or adverbs ("has repeatedly said").
    if all(bridges(anchor.doc[i]) or i in ids for i in run):
        return sorted(run)
    low = high = anchor.i
    while low - 1 in ids:
        low -= 1
    while high + 1 in ids:
        high += 1
    return list(range(low, high + 1))


def settle_cue(anchor: Token, cue: list[int], content: list[int], joins_cue) -> tuple[list[int], list[int]]:
    """The cue and content once the words after the cue are placed.

    PolNeAR's cues take a complement that carries the verb on ("are convinced | that
    ...", "continued to insist | that ...") and the preposition a verb selects, leaving
    its object to the content ("called for | new elections", "are worried about | the
    cost"), with a light verb's object ("made the case for | Clinton"); a preposition
    that only says where or how stays out ("said | in Washington"). ``joins_cue(keys)``
    says whether such a word belongs to the cue (``attachment_keys``); for a
    preposition the keys name whether its object is the content. A word goes with
    the cue only where the cue can take it in one run; a preposition the cue gives up
    returns to the content when its object is there.
    The content was read with the cue's own words only, as the verifier knows it.
    """
    ids = set(content)
    cue, content = list(cue), list(content)
    doc = anchor.doc

    def leaves_content(phrase) -> bool:
        # A content is never emptied into its cue ("He was eager."): the words stay.
        return any(i not in phrase and not doc[i].is_punct for i in content)

    for child, phrase in attachable(anchor):
        if (child.dep_ in CHAINED and min(phrase) == max(cue) + 1
                and joins_cue(attachment_keys(anchor, child)) and leaves_content(phrase)):
            cue.extend(phrase)
            content = [i for i in content if i not in phrase]
    heads = cue_heads(anchor, cue)
    for head in heads:
        for child, _ in attachable(head):
            obj = object_of(child)
            if child.dep_ != "prep" or child.i < head.i or obj is None:
                continue
            given = CONTENT if obj.i in ids else ELSEWHERE
            joins = joins_cue(attachment_keys(head, child, given=given))
            if joins and child.i == max(cue) + 1 and leaves_content([child.i]):
                cue.append(child.i)
                content = [i for i in content if i != child.i]
            elif not joins and child.i == max(cue):
                cue.remove(child.i)
                if given == CONTENT:
                    content = sorted(content + [child.i])
    return sorted(cue), content


def cue_heads(anchor: Token, cue) -> list[Token]:
    """The anchor and the complements carrying it on within the cue ("went on to
    explain"): each may select a preposition ("are worried | about")."""
    ids = set(cue)
    return [anchor] + [child for child, phrase in attachable(anchor)
                       if child.dep_ in CHAINED and all(i in ids for i in phrase)]


# Conditions the rates of prepositions are counted under: the preposition's object
# is the content, or not.
CONTENT = "content"
ELSEWHERE = "elsewhere"


def _subject(token: Token) -> Token | None:
    """The speaker a verb names: its active subject or its passive agent ("by X").

    A passive subject is what was said about, not who said it ("which is defined as").
    """
    for child in token.children:
        if _across_paragraphs(child, token):
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
        if _across_paragraphs(token, token.head):
            return _paragraph_opening_subject(token)
        token = token.head
    return None


def per_doc(compute):
    """``compute(doc)`` cached for the doc last asked about: the stages ask for the
    same per-doc facts once per candidate token."""
    last: list = [None, None]

    @functools.wraps(compute)
    def cached(doc):
        if last[0] is not doc:
            last[:] = [doc, compute(doc)]
        return last[1]

    return cached


def tokens_holding(doc, pattern: re.Pattern) -> np.ndarray:
    """Per token: whether a match of ``pattern`` falls in its text or trailing space,
    found from the text rather than by reading every token."""
    found = np.zeros(len(doc), dtype=bool)
    positions = [m.start() for m in pattern.finditer(doc.text)]
    if positions and len(doc):
        starts = doc.to_array([IDX]).reshape(-1).astype(np.int64)
        found[np.searchsorted(starts, positions, side="right") - 1] = True
    return found


_NEWLINE = re.compile("\n")


@per_doc
def paragraph_index(doc) -> np.ndarray:
    """Paragraph number of every token (a paragraph ends at a line break)."""
    breaks = tokens_holding(doc, _NEWLINE)
    index = np.zeros(len(doc), dtype=np.int32)
    if len(doc) > 1:
        index[1:] = np.cumsum(breaks[:-1])
    return index


def _across_paragraphs(a: Token, b: Token) -> bool:
    index = paragraph_index(a.doc)
    return index[a.i] != index[b.i]


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
    while top.dep_ in ("conj", "appos", "compound") and not _across_paragraphs(top, top.head):
        top = top.head
    if _across_paragraphs(top, top.head):
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



def same_paragraph(ids, token: Token) -> list[int]:
    """The tokens of ``ids`` in ``token``'s paragraph: a phrase the parser stretched
    over a paragraph break (often into the headline) is cut back."""
    doc = token.doc
    index = paragraph_index(doc)
    own = index[token.i]
    return [i for i in ids if index[i] == own and not doc[i].is_space]


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


NOT_CONTENT = frozenset({"nsubj", "csubj", "aux", "auxpass", "neg", "punct", "cc", "mark", "det", "case", "expl", "poss", "compound"})


def content_candidates(anchor: Token, excluded: set[int]) -> list[Token]:
    """Children of the cue whose phrases may carry its content."""
    found = []
    index = paragraph_index(anchor.doc)
    for child in anchor.children:
        edge = child.right_edge if child.i < anchor.i else child.left_edge
        if index[edge.i] != index[anchor.i]:
            # A phrase across a paragraph break is a parser error, never content.
            continue
        if child.i in excluded:
            # "called for X": the preposition belongs to the cue, its object to the content.
            if child.dep_ == "prep":
                found.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif child.dep_ not in NOT_CONTENT and child.tag_ not in ("WP", "WDT"):
            # A wh-word object ("what she describes as ...") only fills the gap of the clause.
            found.append(child)
    return found


# The complements that tell an addressee ("told a meeting that ...") from a
# controller ("told his aides to leave"): whose phrase is content depends on them.
FRAME_RELATIONS = frozenset({"dobj", "ccomp", "xcomp", "dative", "prep", "advcl", "attr", "acomp", "oprd"})


def content_child_features(child: Token, anchor: Token, inside_quote) -> list[str]:
    """Sparse features deciding whether one child phrase of a cue belongs to its content."""
    dep = child.dep_
    side = "R" if child.i > anchor.i else "L"
    lemma = anchor.lemma_.lower()
    siblings = {c.dep_ for c in anchor.children}
    prev_tok = child.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
    feats = [
        "bias",
        "d=" + dep,
        "ds=" + dep + "|" + side,
        "ld=" + lemma + "|" + dep,
        "p=" + child.pos_,
        "dt=" + dep + "|" + child.tag_,
        "ap=" + anchor.pos_,
        "q=" + str(bool(inside_quote[child.i])),
        "e=" + child.ent_type_,
        "comma=" + str(prev_tok is not None and prev_tok.text == ","),
        "dcomma=" + dep + "|" + str(prev_tok is not None and prev_tok.text == ","),
        "hasccomp=" + str("ccomp" in siblings) + "|" + dep,
        "hasdobj=" + str("dobj" in siblings) + "|" + dep,
        "hasxcomp=" + str("xcomp" in siblings) + "|" + dep,
        "frame=" + dep + "|" + "+".join(sorted(siblings & FRAME_RELATIONS)),
        "lframe=" + lemma + "|" + dep + "|" + "+".join(sorted(siblings & FRAME_RELATIONS)),
    ]
    first = child.left_edge.lower_ if child.left_edge.is_alpha else "<p>"
    feats.append("f=" + dep + "|" + first)
    feats.append("lf=" + lemma + "|" + dep + "|" + first)
    feats.append("n=" + dep + "|" + str(min(child.right_edge.i - child.left_edge.i + 1, 6)))
    if dep in ("prep", "agent", "dative", "advmod", "npadvmod", "prt"):
        feats.append("w=" + dep + "|" + child.lower_)
        feats.append("lw=" + lemma + "|" + child.lower_)
    return feats


# Marks of a clause that only says when, or concedes ("..., although he refused ...").
TIME_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "as", "although", "though", "whereas"})


def _trailing_time_clauses(head: Token) -> set[int]:
    """A clause set off by a comma that only says when ("..., just minutes after she won")
    or concedes ("..., although he refused to ...") belongs to the narration, not to
    what was said."""
    doc = head.doc
    out: set[int] = set()
    for child in head.rights:
        if child.dep_ not in ("advcl", "npadvmod") or child.left_edge.i == 0:
            continue
        if doc[child.left_edge.i - 1].text != ",":
            continue
        marks = {g.lower_ for g in child.subtree if g.dep_ in ("mark", "advmod") and g.head.i == child.i}
        if marks & TIME_MARKS or child.dep_ == "npadvmod":
            out |= set(range(child.left_edge.i - 1, head.right_edge.i + 1))
    return out


def content_ids(anchor: Token, cue: list[int], source: list[int], chooser=None, inside_quote=None) -> list[int]:
    """The reported content of a cue, or nothing when the parse offers none.

    ``chooser`` scores the cue's child phrases (the learned content model); without
    it the first complement in ``CONTENT_CHILDREN`` order is taken.
    """
    doc = anchor.doc
    excluded = set(cue) | set(source)
    lemma = anchor.lemma_.lower()
    if lemma == "accord":
        sent = anchor.sent
        phrase = subtree_ids(anchor)
        ids = [i for i in range(sent.start, sent.end) if i not in phrase and i not in excluded]
        return trimmed(ids, doc)
    if anchor.text == ":":
        end = anchor.i + 1
        while end < len(doc) and "\n" not in doc[end].text:
            end += 1
        return trimmed(range(anchor.i + 1, end), doc)
    children = list(anchor.children)
    if chooser is not None and anchor.dep_ != "parataxis":
        candidates = content_candidates(anchor, excluded)
        scored = [(chooser(content_child_features(c, anchor, inside_quote)), c) for c in candidates]
        chosen = [c for p, c in scored if p >= 0.5]
        if not chosen and scored:
            best_p, best = max(scored, key=lambda pair: pair[0])
            chosen = [best] if best_p >= 0.2 else []
        if chosen:
            ids: set[int] = set()
            for child in chosen:
                ids |= subtree_ids(child) - _trailing_time_clauses(child)
            return trimmed(ids - excluded, doc)
    for dep in CONTENT_CHILDREN:
        for child in children:
            if child.dep_ == dep and child.i not in excluded:
                # "told the BBC that ...": the object names the addressee, not the content.
                if dep == "dobj" and any(c.dep_ == "ccomp" for c in children):
                    continue
                return trimmed(subtree_ids(child) - excluded, doc)
    for child in children:
        if child.i in cue:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return trimmed(subtree_ids(pobj) - excluded, doc)
    if anchor.pos_ in ("NOUN", "PROPN"):
        for child in children:
            if child.dep_ in ("acl", "ccomp", "relcl") and child.i > anchor.i:
                return trimmed(subtree_ids(child) - excluded, doc)
    if anchor.dep_ == "parataxis" or (anchor.dep_ == "ROOT" and not any(c.dep_ in CONTENT_CHILDREN for c in children)):
        # "The plan, he said, is sound" and "Taxes will rise, he said": the rest of the sentence.
        sent = anchor.sent
        own = subtree_ids(anchor) if anchor.dep_ == "parataxis" else {anchor.i} | excluded
        ids = [i for i in range(sent.start, sent.end) if i not in own and i not in excluded]
        return trimmed(ids, doc)
    for child in children:
        if child.dep_ == "prep" and child.i > anchor.i:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return trimmed(subtree_ids(pobj) - excluded, doc)
    return []


NONRESTRICTIVE = frozenset({"which", "who", "whom", "whose"})


def tidy_content(ids: list[int], excluded: set[int], doc, gap: int = 30) -> list[int]:
    """PolNeAR's content conventions on a parse-derived content.

    * a hole (a conjunction or adverb the parse hung elsewhere, a phrase it attached
      to the cue) that holds no
      cue or source word is filled: the content reads as one stretch of text;
    * a non-restrictive relative clause closing the content (", which makes him ...")
      is the writer's aside, not what was reported.
    """
    if not ids:
        return ids
    out = [ids[0]]
    for i in ids[1:]:
        hole = range(out[-1] + 1, i)
        if 0 < len(hole) <= gap and not any(k in excluded for k in hole) and not any(
                "\n" in doc[k].text_with_ws for k in range(out[-1], i)):
            out.extend(hole)
        out.append(i)
    last = out[-1]
    for k, i in enumerate(out):
        token = doc[i]
        if (token.dep_ == "relcl" and token.left_edge.i > out[0] and token.right_edge.i >= last - 1
                and doc[token.left_edge.i - 1].text == ","
                and token.left_edge.lower_ in NONRESTRICTIVE):
            cut = token.left_edge.i - 1
            out = [j for j in out if j < cut]
            break
    return out


def runs(ids: list[int], doc) -> tuple[tuple[int, int], ...]:
    """Character offsets of the contiguous runs of sorted token indices."""
    out: list[tuple[int, int]] = []
    start = prev = None
    for i in ids:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            out.append((doc[start].idx, doc[prev].idx + len(doc[prev])))
            start = prev = i
    if start is not None:
        out.append((doc[start].idx, doc[prev].idx + len(doc[prev])))
    return tuple(out)
