"""Spans: the words reported for a candidate, once the decisions are made.

The cue is its anchor plus the attached words gold cues usually include ("has
said", "also said", "called for", "according to", "cynically dismissed"), learned
per lemma, per word and per word shape (``cue_tokens``; the cue decision reads
them to see what follows the cue). Once the content is read, its edges are cut
where the boundary model is sure (``boundaries``), and the words after the cue are
placed (``settle_cue``): a complement carrying the verb on ("are convinced |
that") and the preposition it selects join the cue. A model with a border model
places the words right of the anchor by it instead (``placed``, ``border``), reading
the rates' placing as one of its features. A model with a source-edge model cuts the
rules' source mention short where it reads a tagger's tags (``source_mention``,
``source_edges``).
"""

from __future__ import annotations

import math

from spacy.tokens import Token

from ..records import Attribution
from . import border, source_edges
from .boundaries import refine
from .candidates import Candidate
from .tokens import TokenTable, per_doc, runs, token_table


def reported(candidate: Candidate, model) -> Attribution:
    """The attribution a candidate reports, with its ``confidence``: character spans
    of its cue, source and content, the content's edges cut and the cue's words
    placed."""
    anchor, doc = candidate.anchor, candidate.anchor.doc
    head = candidate.source_head
    cue, content = candidate.cue, candidate.content
    if candidate.parse_content is not None and not candidate.quoted:
        # The verifier read the content as the parse gave it; what is reported is cut
        # at its edges, then a preposition the cue selects moves into the cue.
        ids = candidate.parse_content
        if model.boundary is not None:
            extra = model.representation.boundary_features if model.representation is not None else None
            ids = refine(ids, anchor, candidate.relation, model.boundary.probability, candidate.excluded, extra)
        if model.border is not None:
            cue, ids = placed(candidate, cue, ids, model)
        else:
            cue, ids = settle_cue(anchor, cue, ids, model.joins_cue)
        content = runs(ids, doc)
    return Attribution(
        content=content,
        source=runs(source_mention(candidate, model), doc),
        cue=runs(cue, doc),
        source_head=head.idx if head is not None else None,
        confidence=candidate.confidence,
        cue_token=anchor.i,
        source_token=head.i if head is not None else None,
    )


def source_mention(candidate: Candidate, model) -> list[int]:
    """The source mention reported: the rules' (``source``), cut short where the model's
    source-edge model reads the tagger's tags (``source_edges``). The verifier read the
    rules' mention."""
    span = candidate.source_span
    if model.source_edges is None or candidate.source is None or not hasattr(model.representation, "word_tags"):
        return span
    tags = model.representation.word_tags(candidate.anchor.doc)
    if tags is None:
        return span
    return source_edges.trim(span, candidate.source, candidate.source_head, model.source_edges.probability, tags)


def placed(candidate: Candidate, cue: list[int], content: list[int], model) -> tuple[list[int], list[int]]:
    """The cue and content once the border model has placed the words right of the anchor
    (``border``), reading the content as the parse gave it, the tagger's word tags where
    the model has a tagger, and the learned rate of each word attached to the anchor."""
    anchor = candidate.anchor
    tags = model.representation.word_tags(anchor.doc) if hasattr(model.representation, "word_tags") else None
    parse_content = candidate.parse_content or []
    settled, _ = settle_cue(anchor, cue, parse_content, model.joins_cue)
    return border.place(anchor, cue, content, parse_content, settled, set(candidate.source_span),
                        model.border.probability, tags, attached_rates(anchor, parse_content, model))


def attached_rates(anchor: Token, content: list[int] | None, model):
    """The learned share of gold cues holding each word attached to ``anchor``
    (``attachment_keys``; a preposition's under whether its object is in ``content``),
    as a function of the word's index: NaN for a word not attached."""
    ids = set(content or ())
    rates = {}
    for child, _ in attachable(anchor):
        given = ""
        if child.dep_ == "prep":
            obj = object_of(child)
            given = CONTENT if obj is not None and obj.i in ids else ELSEWHERE
        rates[child.i] = model.attachment_rate(attachment_keys(anchor, child, given=given))
    return lambda i: rates.get(i, math.nan)


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


def bridges_at(t: TokenTable, i: int) -> bool:
    """Whether word ``i``, between the anchor and an attached one, lets the cue run on:
    another attachable word, or a space within the line ("has\xa0acknowledged")."""
    return t.dep[i] in ATTACHABLE or (t.space[i] and "\n" not in t.text[i])


def attached_word(t: TokenTable, c: int) -> str:
    """The word under which attached child ``c`` is counted: a date or time by its entity
    type, so that "said Friday" and "said Monday" share one estimate; a complement by
    its lemma ("went on to say", "goes on to say")."""
    if t.dep[c] == "npadvmod" and t.ent[c] in TIME_ENTITIES:
        return "<" + t.ent[c] + ">"
    return t.lemma[c] if t.dep[c] in CHAINED else t.lower[c]


def attached_shape(t: TokenTable, c: int) -> str:
    """The back-off of a word seen too rarely to have a rate of its own: for adverbs,
    whether it is an -ly manner adverb ("cynically dismissed")."""
    return "<ly>" if t.dep[c] == "advmod" and t.lower[c].endswith("ly") else "<*>"


def attachment_keys(anchor: Token, child: Token, given: str = "") -> tuple[str, str, str]:
    """Keys of the learned attachment rates, most specific first: per anchor lemma,
    per word, per shape (see ``AttributionModel.attachment_rate``), each with the
    relation and the side of the anchor the word stands on ("said Friday" joins more
    often than "Friday, ... said"). ``given`` names a condition the rates are counted
    under ("content": the word's object is the content)."""
    t = token_table(anchor.doc)
    c = child.i
    lemma, dep = t.lemma[anchor.i], t.dep[c]
    relation = f"{dep}|{'L' if c < anchor.i else 'R'}"
    word, shape = attached_word(t, c), attached_shape(t, c)
    suffix = "|" + given if given else ""
    # Whether a complement carries the cue on depends on the verb it completes
    # ("tried to", "went on to" do; "wants to", "plans to" do not), not on its own word.
    general = f"{lemma}|{relation}|*" if dep in CHAINED else f"{relation}|{word}"
    return (f"{lemma}|{relation}|{word}{suffix}", general + suffix, f"{relation}|{shape}{suffix}")


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
    t = token_table(child.doc)
    if all(bridges_at(t, i) or t.dep[i] in NOUN_MODIFIERS for i in phrase[:-1]):
        return phrase
    return None


def attachable(anchor: Token) -> list[tuple[Token, list[int]]]:
    """Children that could join the cue of ``anchor``, with their phrases: within the
    window and separated from the anchor only by words that could join it too.
    (Kept per word of the article last read: the cue, its spans and its heads ask
    for the same words' children; the lists are only read.)"""
    seen = _attachable_by_word(anchor.doc)
    found = seen.get(anchor.i)
    if found is None:
        found = seen[anchor.i] = _attachable(anchor)
    return found


@per_doc
def _attachable_by_word(doc) -> dict[int, list[tuple[Token, list[int]]]]:
    return {}


def _attachable(anchor: Token) -> list[tuple[Token, list[int]]]:
    doc = anchor.doc
    t = token_table(doc)
    a = anchor.i
    out = []
    # Relations read from the token table: a Token is made only for a child that may join.
    for c in t.children[a]:
        dep = t.dep[c]
        if dep in CHAINED and c > a:
            child = doc[c]
            phrase = chained_phrase(child)
            if phrase is None:
                continue
        elif dep not in ATTACHABLE or t.punct[c]:
            continue
        else:
            child = doc[c]
            phrase = attached_phrase(child)
        if max(abs(i - a) for i in phrase) > CUE_WINDOW:
            continue
        between = range(max(phrase) + 1, a) if c < a else range(a + 1, min(phrase))
        if all(bridges_at(t, i) for i in between):
            out.append((child, phrase))
    return out


def cue_tokens(anchor: Token, joins_cue) -> list[int]:
    """The anchor plus the attached words gold cues usually include, as one contiguous run.

    ``joins_cue(keys)`` says whether an attached word belongs to the cue, given its
    ``attachment_keys``.
    """
    t = token_table(anchor.doc)
    ids = {anchor.i}
    if t.lemma[anchor.i] == "accord":
        ids.update(c for c in t.children[anchor.i] if t.lower[c] == "to")
    for child, phrase in attachable(anchor):
        # A complement carrying the cue on joins once the content is read (``settle_cue``).
        if child.dep_ not in CHAINED and joins_cue(attachment_keys(anchor, child)):
            ids.update(phrase)
    run = set(range(min(ids), max(ids) + 1))
    # Words between the anchor and an attached word are part of the cue only
    # when they are themselves auxiliaries or adverbs ("has repeatedly said").
    if all(i in ids or bridges_at(t, i) for i in run):
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
    returns to the content when its object is there. The "for" of an infinitive clause
    right after the cue joins it ("called for | the state to act").
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
    # "called for | the state to act": the "for" opening an infinitive clause the anchor
    # governs is the cue's when it follows the cue (33 of 35 such gold cues in train).
    for clause in anchor.children:
        marker = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"), None)
        if marker is not None and marker.i == max(cue) + 1 and leaves_content([marker.i]):
            cue.append(marker.i)
            content = [i for i in content if i != marker.i]
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
