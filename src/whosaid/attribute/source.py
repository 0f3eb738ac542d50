"""Decision: who is speaking. The source of a cue is read off the dependency parse,
by PolNeAR's conventions: the active subject or passive agent, found by climbing
through ``advcl``/``conj``/``xcomp`` ("X walked out, saying ...", also when the parser
hung the participle on the verb's object: "X criticized the plan, saying ..."), the
noun a participle modifies, ``according to X``, ``X's statement``, the object of the verb an
infinitive complements ("prompted Lee to call"); a passive subject is never the
source. The mention is the speaker's whole noun phrase ("Spokeswoman
Haley Morris", "Seth McKee, a political scientist"), kept within its paragraph,
without what PolNeAR leaves out of it: a participle clause or adjective phrase set
off by a comma ("Marco Rubio, speaking at a rally, said"), the day the speaker spoke
on ("The campaign on Monday said"), a leading "even", a dateline
("RENO, Nev. (AP) -"); a subject the parser split in two ("Tennis great | Billie
Jean King") is one mention.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..context import dateline_end
from ..lexicon import SPLIT_STOP_TITLES
from .candidates import Candidate, Reading
from .tokens import across_paragraphs, paragraph_index, same_paragraph, subtree_ids, text_of, token_table, trimmed

# Relations through which a cue without its own subject shares its head's:
# "X walked out, saying ...", "X smiled and said ...", "X wants to say ...".
SHARES_SUBJECT = frozenset({"advcl", "conj", "xcomp", "pcomp", "ccomp", "prep", "dep"})

# Relations by which a cue modifies its speaker: "officials, speaking on ...".
MODIFIES_SPEAKER = frozenset({"acl", "relcl", "appos", "amod"})

# Relations from an object up to its verb: "criticized | the plan", "wrote | to | the
# council", "gave | the council | a copy" (a copula's complement is left out: the
# participle then describes the subject's kind, "are rulings restricting ..., limiting").
OBJECT_PATH = frozenset({"dobj", "pobj", "prep", "appos", "npadvmod", "dative", "oprd"})

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
    candidate.source_head = source_head_token(_named_part(source, candidate.source_span))


def _named_part(source: Token, span: list[int]) -> Token:
    """The word of the mention the speaker is resolved from: of a subject split in two,
    the name; after a title whose stop was split off, the name it goes on to."""
    doc = source.doc
    if (source.lower_ in SPLIT_STOP_TITLES and span and span[-1] > source.i + 1
            and doc[source.i + 1].text == "."):
        return doc[span[-1]]
    named = [part for part in split_subject(source) if part.ent_type_ == "PERSON"]
    return named[-1] if named else source


def _subject(token: Token) -> Token | None:
    """The speaker a verb names: its active subject or its passive agent ("by X").

    A passive subject is what was said about, not who said it ("which is defined as").
    """
    # Read from the token table: a Token is made only for the word found.
    doc = token.doc
    t = token_table(doc)
    paragraph = paragraph_index(doc)
    own = paragraph[token.i]
    subjects = [c for c in t.children[token.i] if paragraph[c] == own and t.dep[c] in ("nsubj", "csubj")]
    if len(subjects) > 1:
        return _nearest_subject(doc, token, subjects)
    for c in t.children[token.i]:
        if paragraph[c] != own:
            continue
        if t.dep[c] in ("nsubj", "csubj"):
            return doc[c]
        if t.dep[c] == "agent":
            pobj = next((g for g in t.children[c] if t.dep[g] == "pobj"), None)
            if pobj is not None:
                return doc[pobj]
    return None


def _nearest_subject(doc: Doc, verb: Token, subjects: list[int]) -> Token:
    """Of several subjects the parser gave one verb, the one nearest before it (with the
    rest of a subject split in two): the others are a dateline or a fronted phrase
    ("DES MOINES - ... Ann Lee said", "The day before, at a rally, Lee said")."""
    before = [c for c in subjects if c < verb.i and not _opens_relative_clause(doc[c])] or [
        c for c in subjects if c < verb.i]
    nearest = doc[before[-1] if before else subjects[0]]
    return split_subject(nearest)[0]


def _opens_relative_clause(token: Token) -> bool:
    """A relative pronoun ("which", "who", "that", "what"): the parser at times gives it
    the verb of the clause it opens as a second subject ("the plan, which the mayor
    claims ...", "what she said is ..."), where the speaker is the other subject."""
    return token.tag_ in ("WDT", "WP")


def _is_passive(token: Token) -> bool:
    t = token_table(token.doc)
    return any(t.dep[c] in ("nsubjpass", "auxpass") for c in t.children[token.i])


def _object_controller(token: Token) -> Token | None:
    """The object of the verb an infinitive complements, which is who does what the
    infinitive says: "the defeat prompted Lee to call for a recount", "forced the
    senator to concede"."""
    if token.dep_ != "xcomp" or token.head.i == token.i:
        return None
    t = token_table(token.doc)
    for c in t.children[token.head.i]:
        if t.dep[c] == "dobj" and c < token.i:
            return token.doc[c]
    return None


def _past_reported_clause(token: Token) -> Token:
    """The verb whose subject ``token`` (a participle or coordinated verb without one)
    shares: its head, or, when the parser hung it on the verb of a reported clause, the
    verb that reports it ("Ann Lee argued that the plan would fail, saying ...": Lee
    says, not the plan)."""
    head = token.head
    reporter = head.head
    if (token.dep_ in ("advcl", "conj") and head.dep_ == "ccomp" and reporter.i < head.i
            and reporter.pos_ in ("VERB", "AUX") and not across_paragraphs(head, reporter)
            and _subject(reporter) is not None):
        return reporter
    return head


def _clause_past_object(participle: Token) -> Token | None:
    """The verb whose subject a participle set off after that verb's object shares, when
    the parser hung the participle on the object ("Ann Lee criticized the plan, saying
    ...", "... wrote to the council, having argued ...": Lee, not the plan)."""
    doc = participle.doc
    start = participle.left_edge.i
    if (participle.dep_ not in ("acl", "amod") or not _is_participle(participle) or start == 0
            or doc[start - 1].text != ","):
        return None
    node = participle.head
    while node.dep_ in OBJECT_PATH and node.pos_ not in ("VERB", "AUX"):
        node = node.head
    if (node.pos_ not in ("VERB", "AUX") or node.i > participle.i or across_paragraphs(node, participle)
            or node.dep_ in MODIFIES_SPEAKER):
        # A clause that itself modifies a noun ("precedents restricting suits, limiting
        # ...") gives the participle no speaker of its own.
        return None
    return node


def _is_participle(token: Token) -> bool:
    """A present participle ("saying"), or a perfect one ("having suggested")."""
    if token.tag_ == "VBG":
        return True
    return token.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "having" for c in token.children)


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
        if _read_as_verb(anchor):
            return _subject(anchor)
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
            clause = _clause_past_object(token)
            if clause is None:
                return _name_before_apposition(token) or token.head
            token = clause
            continue
        if token.dep_ not in SHARES_SUBJECT or token.head.i == token.i:
            return None
        if across_paragraphs(token, token.head):
            return _paragraph_opening_subject(token)
        controller = _object_controller(token)
        if controller is not None:
            return controller
        token = _past_reported_clause(token)
    return None


def _read_as_verb(noun: Token) -> bool:
    """A cue the tagger read as a noun but the parser as a verb, giving it a subject and
    no determiner or possessor ("Trump claims he ...", "The findings point to ...");
    unlike a noun with a subject in a small clause ("made the levy a talking point")."""
    children = [c.dep_ for c in noun.children]
    return "nsubj" in children and not any(d in ("det", "poss") for d in children)


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
    """The source mention: the head's noun phrase, never reaching into the cue's clause,
    without the asides PolNeAR leaves out; a subject split in two is taken whole."""
    ids = _phrase_ids(source, anchor)
    parts = split_subject(source)
    if len(parts) > 1:
        words = set(ids).union(*(_phrase_ids(part, anchor) for part in parts if part is not source))
        ids = trimmed(same_paragraph(range(min(words), max(words) + 1), source), source.doc)
    return _with_name_after_title(_without_dateline(ids, parts[-1]), source)


TIME_ENTITIES = frozenset({"DATE", "TIME"})

# Marks that set an aside off from the noun it follows.
SET_OFF = frozenset({",", "(", "--", "\u2014", "\u2013"})
DATELINE_DASHES = frozenset({"-", "--", "\u2014", "\u2013"})


def _phrase_top(source: Token) -> Token:
    """The head of the phrase ``source`` is a conjunct, apposition or compound part of."""
    top = source
    while top.dep_ in ("conj", "appos", "compound") and not across_paragraphs(top, top.head):
        top = top.head
    return top


def _phrase_ids(source: Token, anchor: Token) -> list[int]:
    ids = _noun_phrase_ids(source, anchor)
    asides = _asides(_phrase_top(source))
    if asides:
        ids = trimmed([i for i in ids if i not in asides], source.doc)
    return _without_even(ids, source.doc)


def _asides(node: Token, top: bool = True) -> set[int]:
    """What PolNeAR leaves out after the mention's nouns: participle clauses and
    adjective phrases set off by a comma ("Nora Vance, celebrating a win in
    Ohio, said"; "Tom Hale, eager all night to needle rivals, said"; in
    train, 0 of 19 such participles after a name, 2 of 28 after a noun), unlike
    appositions and past participles ("A Channel 9 survey, conducted together with ...");
    and the day the speaker spoke on ("The Sanders campaign on Monday said"), but
    not a date inside an apposition ("a strategist on the 2012 campaign")."""
    out: set[int] = set()
    doc = node.doc
    for child in node.rights:
        start = child.left_edge.i
        set_off = start > 0 and doc[start - 1].text in SET_OFF
        if set_off and ((child.dep_ in ("acl", "advcl") and child.tag_ == "VBG") or child.dep_ == "amod"):
            out.update(range(start - 1, child.right_edge.i + 1))
        elif (top and child.dep_ == "prep" and child.lower_ in ("on", "during") and not set_off
              and any(t.ent_type_ in TIME_ENTITIES for t in child.subtree)):
            out.update(range(start, child.right_edge.i + 1))
        elif child.dep_ in ("appos", "conj", "compound"):
            out |= _asides(child, top=False)
    return out


def _without_even(ids: list[int], doc) -> list[int]:
    """"Even some allies said": gold sources leave a leading "even" out (in train, 27 of 38)."""
    if ids and doc[ids[0]].lower_ == "even" and doc[ids[0]].dep_ == "advmod":
        return ids[1:]
    return ids


def _without_dateline(ids: list[int], source: Token) -> list[int]:
    """A mention opening an article's first line may carry its dateline ("RENO, Nev.
    (AP) - Donald Trump said"): the words up to the dash are no part of it."""
    doc = source.doc
    if not ids:
        return ids
    first = doc[ids[0]]
    text = text_of(doc)  # Doc.text joins every token again on each read
    if first.idx == 0 or text[first.idx - 1] == "\n":
        # A dateline in title case carries its agency: "Lyon, March 3 (AFP) – Odile Fournel said".
        end = dateline_end(text, first.idx)
        if end is not None and end <= source.idx:
            return trimmed([i for i in ids if doc[i].idx >= end], doc)
    if not (first.is_upper and len(first.text) > 1):
        return ids
    for k, i in enumerate(ids[:10]):
        if i >= source.i:
            break
        if doc[i].text in DATELINE_DASHES and doc[i].whitespace_:
            return trimmed(ids[k + 1:], doc)
    return ids


def _with_name_after_title(ids: list[int], source: Token) -> list[int]:
    """A mention ending on a title abbreviation whose stop was split off goes on to the
    name after it ("said Coast Guard spokesman Capt. Ray Holden")."""
    doc = source.doc
    if not ids:
        return ids
    last = doc[ids[-1]]
    stop = last.i + 1
    if (last.lower_ not in SPLIT_STOP_TITLES or last.whitespace_ or stop + 1 >= len(doc)
            or doc[stop].text != "."):
        return ids
    end = stop + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    if end == stop + 1:
        return ids
    return trimmed(same_paragraph(set(ids) | set(range(stop, end)), source), doc)


def split_subject(source: Token) -> list[Token]:
    """The subjects of one verb that the parser split one noun phrase into, in order,
    with nothing between them but a dateline's dash ("Fox News' | Bret Baier noticed",
    "Chess great | Ana Marie Duval recalled"); ``[source]`` when there is none."""
    verb = source.head
    if source.dep_ != "nsubj" or verb.i < source.i:
        return [source]
    subjects = [c for c in verb.lefts if c.dep_ == "nsubj" and not _opens_relative_clause(c)]
    if len(subjects) < 2 or source not in subjects:
        return [source]
    doc = source.doc

    def adjacent(first: Token, second: Token) -> bool:
        # Nothing between them, or a dateline's dash ("TUCSON (AP) - | Governor Ruiz").
        gap = range(first.right_edge.i + 1, second.left_edge.i)
        return (len(gap) == 0 or (len(gap) == 1 and doc[gap[0]].text in DATELINE_DASHES)) and not any(
            doc[i].is_quote or doc[i].is_space for i in range(first.left_edge.i, second.right_edge.i + 1))

    at = subjects.index(source)
    group = [source]
    for first, second in zip(subjects[at:], subjects[at + 1:]):
        if not adjacent(first, second):
            break
        group.append(second)
    for first, second in zip(reversed(subjects[:at]), reversed(subjects[1:at + 1])):
        if not adjacent(first, second):
            break
        group.insert(0, first)
    return group


def _noun_phrase_ids(source: Token, anchor: Token) -> list[int]:
    top = _phrase_top(source)
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
