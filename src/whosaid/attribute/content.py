"""Decision: what was said. The content of a cue is the quotation it opens onto
(``wrote on Twitter: "..."``, both parts when the cue interrupts one sentence), or
else the child phrases of the cue that the learned content model selects, by
PolNeAR's conventions ("that he was sorry" keeps its complementiser; "according
to X" attributes the clause it modifies). A content lying inside quotations
becomes those quotations.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from ..lexicon import MEDIUM_NOUNS, MEDIUM_PREPOSITIONS
from ..quotes import QUOTATION_MARKS
from ..records import QuoteSpan
from .candidates import Candidate, Reading
from .features import content_child_features
from .tokens import overlap, paragraph_index, runs, same_paragraph, subtree_ids, token_table, trimmed

QUOTE_MARKS = QUOTATION_MARKS

CONTENT_CHILDREN = ("ccomp", "xcomp", "dobj", "attr", "oprd", "csubjpass", "nsubjpass")

NOT_CONTENT = frozenset({"nsubj", "csubj", "aux", "auxpass", "neg", "punct", "cc", "mark", "det", "case", "expl", "poss", "compound"})


def read_content(candidate: Candidate, reading: Reading, model) -> bool:
    """Fill in the content of ``candidate`` (its cue and source read), or say there is none.

    Sets ``content`` (character offsets, as the verifier reads them), ``how`` (how
    the content hangs off the cue), ``parse_content`` and ``quoted``.
    """
    anchor = candidate.anchor
    doc = anchor.doc
    text = reading.text
    quote_spans = reading.quote_spans
    if candidate.introduced is not None:
        candidate.content = _interrupted(candidate.introduced, anchor, quote_spans, text)
        candidate.how = "introduced" if len(candidate.content) == 1 else "interrupted"
    else:
        subject = _subject_as_content(candidate, model)
        extra = getattr(model.representation, "child_features", None)
        content = content_ids(anchor, candidate.cue, candidate.source_span, model.content.probability,
                               reading.quotes.inside, extra)
        content = _clause_on_medium(anchor, content, set(candidate.cue) | set(candidate.source_span))
        if subject is not None and content:
            content = sorted(set(content) | (subtree_ids(subject) - set(candidate.cue)))
        content = _in_paragraph(content, anchor)
        content = tidy_content(content, candidate.excluded, doc)
        if not content or _only_when(content, doc):
            return False
        candidate.how = candidate.relation = _content_relation(anchor, content)
        candidate.parse_content = content
        candidate.content = runs(content, doc)
    # A content inside quotations is those quotations, however the parse cut them.
    quoted = _enclosing_quotes(candidate.content, quote_spans, reading.starts, text)
    if quoted:
        candidate.content = quoted
        candidate.how += "|quote"
        candidate.quoted = True
    return True


# Complements that say something of a subject: "appears | to be safer", "seemed | irritated".
PREDICATE_COMPLEMENTS = frozenset({"xcomp", "acomp", "ccomp", "attr", "oprd", "advcl"})


def _subject_as_content(candidate: Candidate, model) -> Token | None:
    """The subject of a cue whose lemma reports its subject rather than a speaker
    ("Trump seemed irritated", "the economics appear to be improving"; learned per
    lemma, ``AttributionModel.subject_content``): the candidate loses its source and
    the subject's phrase joins the content."""
    anchor, source = candidate.anchor, candidate.source
    if (anchor.lemma_.lower() not in model.subject_content or source is None or source.head.i != anchor.i
            or source.dep_ not in ("nsubj", "csubj")):
        return None
    if not any(child.dep_ in PREDICATE_COMPLEMENTS for child in anchor.children):
        return None  # "He appeared on television": no predicate is said of the subject
    candidate.source, candidate.source_span, candidate.source_head = None, [], None
    return source


def content_candidates(anchor: Token, excluded: set[int]) -> list[Token]:
    """Children of the cue whose phrases may carry its content."""
    found = []
    doc = anchor.doc
    t = token_table(doc)
    index = paragraph_index(doc)
    own = index[anchor.i]
    for c in t.children[anchor.i]:
        child = doc[c]
        edge = child.right_edge.i if c < anchor.i else child.left_edge.i
        if index[edge] != own:
            # A phrase across a paragraph break is a parser error, never content.
            continue
        if c in excluded:
            # "called for X": the preposition belongs to the cue, its object to the content.
            if t.dep[c] == "prep":
                found.extend(doc[g] for g in t.children[c] if t.dep[g] in ("pobj", "pcomp"))
        elif t.dep[c] not in NOT_CONTENT and t.tag[c] not in ("WP", "WDT"):
            # A wh-word object ("what she describes as ...") only fills the gap of the clause.
            found.append(child)
    return found


# Marks of a clause that only says when, or concedes ("..., although he refused ...").
TIME_MARKS = frozenset({"after", "before", "when", "while", "since", "until", "as", "although", "though", "whereas"})


def _trailing_time_clauses(head: Token) -> set[int]:
    """A clause set off by a comma that only says when ("..., just minutes after she won")
    or concedes ("..., although he refused to ...") belongs to the narration, not to
    what was said."""
    doc = head.doc
    t = token_table(doc)
    out: set[int] = set()
    # The clauses among the head's children after it, found in the token table.
    for c in t.children[head.i]:
        if c < head.i or t.dep[c] not in ("advcl", "npadvmod"):
            continue
        child = doc[c]
        if child.left_edge.i == 0 or t.text[child.left_edge.i - 1] != ",":
            continue
        marks = {t.lower[g] for g in t.children[c] if t.dep[g] in ("mark", "advmod")}
        if marks & TIME_MARKS or t.dep[c] == "npadvmod":
            out |= set(range(child.left_edge.i - 1, head.right_edge.i + 1))
    return out


def content_ids(anchor: Token, cue: list[int], source: list[int], chooser=None, inside_quote=None,
                extra=None) -> list[int]:
    """The reported content of a cue, or nothing when the parse offers none.

    ``chooser`` scores the cue's child phrases (the learned content model); without
    it the first complement in ``CONTENT_CHILDREN`` order is taken. ``extra`` gives a
    child's features beyond ``content_child_features`` (a tagger's: ``tag_features``).
    """
    doc = anchor.doc
    excluded = set(cue) | set(source)
    lemma = token_table(doc).lemma[anchor.i]
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
    if chooser is not None and anchor.dep_ != "parataxis":
        candidates = content_candidates(anchor, excluded)
        if extra is None:
            scored = [(chooser(content_child_features(c, anchor, inside_quote)), c) for c in candidates]
        else:
            scored = [(chooser(content_child_features(c, anchor, inside_quote) + extra(c)), c) for c in candidates]
        chosen = [c for p, c in scored if p >= 0.5]
        if not chosen and scored:
            best_p, best = max(scored, key=lambda pair: pair[0])
            chosen = [best] if best_p >= 0.2 else []
        if chosen:
            ids: set[int] = set()
            for child in chosen:
                ids |= subtree_ids(child) - _trailing_time_clauses(child)
            return trimmed(ids - excluded, doc)
    children = list(anchor.children)
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
    if anchor.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        # "As the report noted, trust is collapsing" and "..., as critics point out": the
        # clause the cue modifies, within its sentence.
        sent = anchor.sent
        ids = subtree_ids(anchor.head) - subtree_ids(anchor) - excluded
        return trimmed((i for i in ids if sent.start <= i < sent.end), doc)
    for child in children:
        if child.dep_ == "prep" and child.i > anchor.i:
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return trimmed(subtree_ids(pobj) - excluded, doc)
    return []


CLAUSE_DEPS = frozenset({"acl", "relcl", "ccomp", "advcl"})


def _clause_on_medium(anchor: Token, ids: list[int], excluded: set[int]) -> list[int]:
    """``said in a statement that it would ...``: the parser may hang the that-clause on the
    medium noun instead of the verb; it is still what the verb reports, and the medium is not
    part of it (PolNeAR train: all 15 cues of this shape, on either parse, have the that-clause
    alone as content). The clause replaces a content that holds the medium noun or is empty."""
    t = token_table(anchor.doc)
    for prep in t.children[anchor.i]:
        if t.dep[prep] != "prep" or t.lower[prep] not in MEDIUM_PREPOSITIONS or prep < anchor.i:
            continue
        for noun in t.children[prep]:
            if t.dep[noun] != "pobj" or t.lemma[noun] not in MEDIUM_NOUNS:
                continue
            for clause in t.children[noun]:
                if (t.dep[clause] in CLAUSE_DEPS and clause > noun and (not ids or noun in ids)
                        and any(t.dep[m] == "mark" and t.lower[m] == "that" for m in t.children[clause])):
                    return trimmed(subtree_ids(anchor.doc[clause]) - excluded, anchor.doc)
    return ids


# A letter or digit (``str.isalnum``: a word character other than the underscore).
_ALNUM = re.compile(r"[^\W_]")

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
    t = token_table(doc)
    out = [ids[0]]
    for i in ids[1:]:
        hole = range(out[-1] + 1, i)
        # (A token's trailing white space is one space: a line break is in its text.)
        if 0 < len(hole) <= gap and not any(k in excluded for k in hole) and not any(
                "\n" in t.text[k] for k in range(out[-1], i)):
            out.extend(hole)
        out.append(i)
    last = out[-1]
    for k, i in enumerate(out):
        if t.dep[i] != "relcl":
            continue
        token = doc[i]
        if (token.left_edge.i > out[0] and token.right_edge.i >= last - 1
                and doc[token.left_edge.i - 1].text == ","
                and token.left_edge.lower_ in NONRESTRICTIVE):
            cut = token.left_edge.i - 1
            out = [j for j in out if j < cut]
            break
    return out


def _in_paragraph(ids: list[int], anchor) -> list[int]:
    """Content tokens of the cue's own paragraph: a parse that reaches past a paragraph break is wrong."""
    t = token_table(anchor.doc)
    kept = same_paragraph(ids, anchor)
    while kept and t.punct[kept[-1]] and t.text[kept[-1]] not in QUOTE_MARKS:
        kept.pop()
    return kept


def _only_when(ids: list[int], doc: Doc) -> bool:
    """Whether a content is nothing but a date or time ("apologized on | Monday"):
    that says when something was said, never what."""
    t = token_table(doc)
    words = [i for i in ids if not t.punct[i]]
    return bool(words) and all(t.ent[i] in ("DATE", "TIME") or t.pos[i] == "ADP" for i in words)


def _content_relation(anchor, content: list[int]) -> str:
    """How the content hangs off its cue: the relation of its root phrase."""
    ids = set(content)
    t = token_table(anchor.doc)
    head = t.head
    roots = [i for i in content if head[i] not in ids or head[i] == i]
    root = roots[0]
    if head[root] == anchor.i:
        return "child:" + t.dep[root] + ("+" if len(roots) > 1 else "")
    if head[anchor.i] == root:
        return "parent:" + t.dep[anchor.i]
    return "other"


def _interrupted(quote: QuoteSpan, anchor, quote_spans: list[QuoteSpan], text: str) -> tuple[tuple[int, int], ...]:
    """The quotation a cue opens onto, preceded by the one it closes when the cue
    interrupts a single sentence: ``"We lost," the defender said, "and that is all."``"""
    k = quote_spans.index(quote)
    if k > 0:
        before = quote_spans[k - 1]
        doc = anchor.doc
        between = doc.char_span(before.end, quote.start, alignment_mode="expand")
        # Sentence ends are tokens of their own: the stop of "Mr." does not end one.
        ends = between is not None and any(t.text in (".", "!", "?") or "\n" in t.text_with_ws for t in between)
        # A quotation closing on a full stop ('... tired of "promises that never come true."
        # Lee says, "..."') ends its sentence: the cue after it opens a new one.
        ends = ends or text[before.start:before.end].rstrip(QUOTE_MARKS + " ").endswith(".")
        if before.end <= anchor.idx and "\n" not in text[before.end:quote.start] and not ends:
            # '"A," Trump said, adding, "B."': a cue that follows another verb opens only
            # onto its own quotation; the first belongs to the verb before it.
            first = doc.char_span(before.end, anchor.idx, alignment_mode="expand")
            if first is None or not any(t.pos_ == "VERB" and t.i != anchor.i for t in first):
                return ((before.start, before.end), (quote.start, quote.end))
    return ((quote.start, quote.end),)


def _enclosing_quotes(content, quote_spans, starts, text):
    """The quotations holding every word of ``content``, or ``()`` when some word is outside all."""
    found: list[tuple[int, int]] = []
    for s, e in content:
        if not _ALNUM.search(text, s, e):
            continue
        at = bisect_right(starts, s + 2) - 1
        if at < 0:
            return ()
        quote = quote_spans[at]
        inside = overlap((s, e), (quote.start, quote.end))
        if inside < 0.9 * (e - s):
            return ()
        if (quote.start, quote.end) not in found:
            found.append((quote.start, quote.end))
    return tuple(found)
