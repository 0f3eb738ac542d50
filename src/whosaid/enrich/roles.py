"""What the article calls a speaker: titles before the name, appositives, affiliations.

"Italian chef and author Paola Rinaldi"        → "Italian chef and author"
"Jane Roe, a spokesman for the county sheriff" → "spokesman for the county sheriff"
"A spokeswoman for the port, Jane Roe"          → "spokeswoman for the port"
"the mayor, Ann Lee,"                          → "mayor"
"Dana Okafor of the Urban Institute"           → "Urban Institute"
"the Oslo grandmaster" (a description resolved to the speaker) → "Oslo grandmaster"

Premodifiers are read left to right from the words before the name rather
than from the parse, because small parsers often mis-attach a coordinated
title ("DJ and musician") to the verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..context import document_text, token_table
from ..lexicon import COURTESY_TITLES, is_listed_person_noun, is_person_noun
from . import names

# Entity types a capitalised word in a title may belong to: "U.S. men's team
# player", "Oslo grandmaster", "Harbour FM host".
TITLE_ENTITY_TYPES = frozenset({"", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
TITLE_POS = frozenset({"ADJ", "NOUN", "PROPN"})
AFFILIATION_PREPS = frozenset({"of", "at", "from", "with"})
# The prepositions a role noun takes its employer or principal with: "spokeswoman for", "adviser to".
ROLE_COMPLEMENT_PREPS = frozenset({"for", "to", "of", "at"})
# Places are left out: "Johnnie Wilson of Springfield, Va." is a home town, not a role.
AFFILIATION_TYPES = frozenset({"ORG"})
# "Bryan Pagliano, ..., last year": a time or amount set off by commas is no role.
NOT_ROLE_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
NOUN_MODIFIER_DEPS = frozenset({"det", "amod", "compound", "nmod", "poss", "case", "nummod", "quantmod"})
NAME_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp"})
LEADING_JUNK_POS = frozenset({"DET", "CCONJ", "PUNCT", "PART", "ADP"})
MAX_ROLE_TOKENS = 14


@dataclass(frozen=True, slots=True)
class RolePhrase:
    """A phrase that describes the speaker; ``head`` is its main noun (a token index)."""

    span: Span
    head: int
    source: str  # premodifier | appositive | description | affiliation

    @property
    def text(self) -> str:
        span = self.span
        # "His lawyer" is the role "lawyer": a possessive determiner says whose, not what the person is.
        # The span keeps it, for what it tells of whose description a pronoun in it is.
        start = next((t.idx for t in span if t.tag_ not in ("PRP$", "WP$")), span.end_char)
        # The article's text, kept for the doc, sliced: ``Span.text`` joins its tokens anew.
        return document_text(span.doc)[start : span.end_char]


def _is_title_token(doc: Doc, i: int, name_start: int) -> bool:
    t = token_table(doc)
    if t.tag[i] == "POS" or t.lower[i] in ("'s", "’s"):
        return True
    if t.pos[i] == "CCONJ" and t.lower[i] in ("and", "&"):
        return True
    if _in_hyphenated_word(doc, i):
        return True  # "co-founder", "Vice-chancellor": one role word, kept whole
    if t.text[i] == "-" or t.pos[i] not in TITLE_POS:
        return False
    token = doc[i]
    if t.pos[i] == "PROPN" and t.text[i][:1].islower():
        return True  # "harbour master": a lower-case word is no one's name, whatever NER made of it
    if t.pos[i] == "PROPN":
        if _role_word(token):
            return True  # "Librarian" in "Librarian Helen Marsh", whatever NER made of it
        if token.ent_type_ == "PERSON":
            # Another person's name belongs to a title only as a possessive or
            # a modifier of a title noun: "Ann Lidell's campaign manager",
            # "Lidell campaign manager"; never right before the name itself.
            j = i
            while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I" and doc[j + 1].ent_type_ == "PERSON":
                j += 1
            if j + 1 >= name_start:
                return False
            nxt = doc[j + 1]
            return nxt.tag_ == "POS" or nxt.lower_ in ("'s", "’s") or nxt.pos_ == "NOUN"
        return token.ent_type_ in TITLE_ENTITY_TYPES
    return True


def _in_hyphenated_word(doc: Doc, i: int) -> bool:
    """A hyphen glued to the words on both sides, or a word glued to such a hyphen after it."""
    # The words are read from the token table, so a ``Token`` is made only beside a hyphen.
    text = token_table(doc).text

    def word(k: int) -> bool:
        return doc[k].is_alpha or doc[k].like_num  # "29-year-old" too

    def glued_hyphen(k: int) -> bool:
        return (
            0 < k < len(text) - 1 and text[k] == "-" and not doc[k - 1].whitespace_
            and not doc[k].whitespace_ and word(k + 1)
        )
    return glued_hyphen(i) or (
        i + 1 < len(text) and text[i + 1] == "-" and word(i) and not doc[i].whitespace_ and glued_hyphen(i + 1)
    )


def _known_first_name(word: str) -> bool:
    return names.lexicon_available() and names.guess(word) is not None


def _role_word(token: Token) -> bool:
    """A capitalised role noun that is not also a first name ("Librarian", not "Hunter")."""
    return token.is_title and is_person_noun(token.lower_) and not _known_first_name(token.text)


def _first_name(token: Token) -> bool:
    """A capitalised given name ("Elena"), not a role word or a place."""
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC")
        and not is_person_noun(token.lower_)
        and _known_first_name(token.text)
    )


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    t = token_table(doc)
    while start < end and (t.pos[start] in LEADING_JUNK_POS or t.tag[start] == "POS"):
        if t.dep[start] == "det" and _owns_next(doc, start + 1, end):
            break  # "the hospital's medical director": the possessor keeps its article
        start += 1
    while end > start and (t.pos[end - 1] in ("PUNCT", "CCONJ", "DET", "ADP")):
        end -= 1
    return start, end


def _owns_next(doc: Doc, start: int, end: int) -> bool:
    """Whether the phrase from ``start`` opens with a common noun that owns what
    follows ("hospital's" in "hospital's medical director")."""
    j = start
    while j < end and doc[j].pos_ in ("ADJ", "NOUN") and doc[j].tag_ != "POS":
        j += 1
    return start < j < end and doc[j - 1].pos_ == "NOUN" and (doc[j].tag_ == "POS" or doc[j].text in ("'s", "’s", "'", "’"))


def premodifier(doc: Doc, name_start: int) -> RolePhrase | None:
    """The title written right before a name: "Norwegian chess champion" Ida Brekke."""
    end = name_start
    t = token_table(doc)
    # A first name before a bare surname is part of the name: "Mayor Elena" is no title.
    while end > 0 and t.pos[end - 1] == "PROPN" and _first_name(doc[end - 1]):
        end -= 1
    while end > 0 and t.lower[end - 1].rstrip(".") in COURTESY_TITLES and t.text[end - 1].istitle():
        end -= 1
    if end > 0 and not doc[end - 1].whitespace_ and _in_hyphenated_word(doc, end - 1):
        return None  # "Samantha-Jo Roth" read from "Jo": the word before is the name's own
    # Back to the start of the name's sentence, found token by token
    # (``Token.sent`` scans the document for every name).
    i = end - 1
    in_sentence = i >= 0 and True not in t.sent_start[i + 1 : name_start + 1]
    while in_sentence and _is_title_token(doc, i, end):
        i -= 1
        in_sentence = i >= 0 and not t.sent_start[i + 1]
    if end - 1 >= 0 and t.pos[end - 1] == "CCONJ":
        return None  # "female voters and Trump": another conjunct, not a title
    start, stop = _trim(doc, i + 1, end)
    if start >= stop or t.pos[stop - 1] not in ("NOUN", "PROPN") or t.tag[stop - 1] in ("NNS", "NNPS"):
        return None
    if not any(t.pos[k] == "NOUN" or t.text[k].istitle() for k in range(start, stop)):
        return None
    if stop - start > MAX_ROLE_TOKENS:
        start = stop - MAX_ROLE_TOKENS
    return RolePhrase(doc[start:stop], stop - 1, "premodifier")


def _phrase_without_clauses(doc: Doc, head: Token, exclude: set[int]) -> tuple[int, int] | None:
    """The contiguous words of ``head``'s phrase, stopping at a clause or an excluded word."""
    cut = set(exclude)
    for child in head.subtree:
        if child.is_space and "\n" in child.text:
            cut.add(child.i)
        if child.dep_ in CLAUSE_DEPS and child is not head:
            cut.update(t.i for t in child.subtree)
        if _time_adjunct(child):
            cut.update(t.i for t in child.subtree)
    start = end = head.i
    while start - 1 >= head.left_edge.i and (start - 1) not in cut:
        start -= 1
    while end + 1 <= head.right_edge.i and (end + 1) not in cut:
        end += 1
    start, stop = _trim(doc, start, end + 1)
    start = _word_start(doc, start)
    if start >= stop or stop - start > MAX_ROLE_TOKENS:
        return None
    return start, stop


def _word_start(doc: Doc, start: int) -> int:
    """Where the hyphenated word that ``start`` ends begins: a parse may cut "co-founder" to "founder"."""
    while start >= 2 and _in_hyphenated_word(doc, start - 1) and _in_hyphenated_word(doc, start - 2):
        start -= 2
    return start


def _time_adjunct(token: Token) -> bool:
    """ "for twelve years", "since 2019": how long or when is no part of a role ("nurse at St Jude's")."""
    return token.dep_ == "prep" and any(o.dep_ == "pobj" and o.ent_type_ in NOT_ROLE_ENTITIES for o in token.children)


def _is_possessor(doc: Doc, name_end: int) -> bool:
    """ "Sanders' son, Tywanza": what follows a possessive name describes someone else."""
    t = token_table(doc)
    return name_end < len(doc) and (t.tag[name_end] == "POS" or t.text[name_end] in ("'s", "’s", "'", "’"))


def _name_head(doc: Doc, start: int, end: int) -> int:
    """The index of the name's syntactic head."""
    heads = token_table(doc).head
    for i in range(start, end):
        if not (start <= heads[i] < end) or heads[i] == i:
            return i
    return end - 1


def _closed(doc: Doc, end: int) -> bool:
    """Whether a phrase ending before token ``end`` is set off as an appositive is.

    A real appositive ends at a comma, a dash, a relative clause or the
    sentence's end; "according to Ann Lidell, the move reeks of fear" is a misparse.
    """
    t = token_table(doc)
    while end < len(doc) and _time_adjunct(doc[end]):
        end = doc[end].right_edge.i + 1
    if end >= len(doc) or t.sent_start[end]:
        return True
    return t.punct[end] or t.lower[end] in ("who", "whose", "whom", "which", "that")


def phrases_beside(doc: Doc, name_start: int, name_end: int) -> list[RolePhrase]:
    """What the article writes beside one name: its premodifier, appositives and affiliations, in
    that order. The name's head, and whether the name is a possessor, are read once for the last two."""
    found: list[RolePhrase] = []
    head = _name_head(doc, name_start, name_end)
    t = token_table(doc)
    # "Former Westport Rovers goalkeeper Sam Hale": an organisation's name that modifies a noun after
    # it is part of someone else's title, and the words before it ("Former") belong to that noun.
    # A person keeps the title before their name: "Senator Ann Lee campaign staff".
    if not (t.ent[head] != "PERSON" and t.dep[head] in NAME_MODIFIER_DEPS and t.head[head] >= name_end):
        pre = premodifier(doc, name_start)
        if pre:
            found.append(pre)
    if not _is_possessor(doc, name_end):
        found.extend(_appositives_of(doc, head, name_start))
        found.extend(_affiliations_of(doc, head))
    # "Federal Bureau of Investigation": the parse hangs "of Investigation" on "Bureau" as it would
    # "of the Urban Institute" on a person, but words of the name itself never say what it is.
    # A speaker label's colon opens what is said ("Ruiz: A comedy, if ..."), not what the speaker is.
    after_colon = name_end < len(doc) and t.text[name_end] == ":"
    return [p for p in found if p.span.end <= name_start or (p.span.start >= name_end and not after_colon)]


def _appositives_of(doc: Doc, head: int, name_start: int) -> list[RolePhrase]:
    """ "Jane Roe, a spokesman for the sheriff": the phrase set off beside the name (whose head is
    ``head``), either side."""
    found: list[RolePhrase] = []
    t = token_table(doc)
    children = t.children[head]
    conjuncts = [c for c in children if t.dep[c] == "conj"]
    for c in children:
        # "Bill Vale and Mel Tran, the mayor's wife": the appositive is the last conjunct's.
        if any(k < c for k in conjuncts) or t.tag[c] in ("NNS", "NNPS"):
            continue
        if t.dep[c] == "appos" and t.pos[c] == "NOUN" and t.ent[c] not in NOT_ROLE_ENTITIES:
            child = doc[c]
            bounds = _phrase_without_clauses(doc, child, exclude=set())
            if bounds and _closed(doc, bounds[1]):
                found.append(RolePhrase(doc[bounds[0] : bounds[1]], child.i, "appositive"))
    owner_i = t.head[head]
    if t.dep[head] != "appos" or t.pos[owner_i] != "NOUN" or owner_i >= name_start:
        return found
    # "A spokeswoman for the ferry operator, Ruth Keane": a person's name set off after the object of a
    # listed person noun, when that object is no listed person noun itself, is the first noun's
    # person. "a spokeswoman for the mayor, Ann Lee" may name either, and a company's name after
    # "an executive at the parent company," names the company: both are left as written.
    if t.ent[head] == "PERSON":
        while (t.dep[owner_i] == "pobj" and t.lower[t.head[owner_i]] in ROLE_COMPLEMENT_PREPS
               and not is_listed_person_noun(t.lemma[owner_i])):
            outer = t.head[t.head[owner_i]]
            if t.pos[outer] != "NOUN" or t.tag[outer] in ("NNS", "NNPS") or not is_listed_person_noun(t.lemma[outer]):
                break
            owner_i = outer
    name_subtree = {token.i for token in doc[head].subtree}
    first = min(name_subtree)
    if first > 0 and t.text[first - 1] in (",", "—", "–", "-", "("):
        owner = doc[owner_i]
        bounds = _phrase_without_clauses(doc, owner, exclude=name_subtree)
        if bounds:
            found.append(RolePhrase(doc[bounds[0] : bounds[1]], owner.i, "appositive"))
    return found


def _affiliations_of(doc: Doc, head: int) -> list[RolePhrase]:
    """ "Dana Okafor of the Urban Institute": an organisation the name (whose head is ``head``) is
    attached to."""
    found: list[RolePhrase] = []
    t = token_table(doc)
    for prep in t.children[head]:
        if prep < head or t.dep[prep] != "prep" or t.lower[prep] not in AFFILIATION_PREPS:
            continue
        for obj in t.children[prep]:
            if t.dep[obj] == "pobj" and t.ent[obj] in AFFILIATION_TYPES:
                bounds = _phrase_without_clauses(doc, doc[obj], exclude=set())
                if bounds:
                    found.append(RolePhrase(doc[bounds[0] : bounds[1]], obj, "affiliation"))
    return found


def description(span: Span) -> RolePhrase | None:
    """A description mention resolved to the speaker: "the Oslo grandmaster" → "Oslo grandmaster"."""
    doc = span.doc
    start = span.start
    if len(span) == 1 and span.root.pos_ == "NOUN":
        # A resolver may give only the noun ("striker"); its modifiers belong with it ("the Lyon striker").
        head = span.root
        while start > 0 and doc[start - 1].head.i in range(start - 1, head.i + 1) and doc[start - 1].dep_ in NOUN_MODIFIER_DEPS:
            start -= 1
    # A mention never runs across a paragraph break; the words before one are another paragraph's.
    for token in span:
        if token.is_space and "\n" in token.text:
            start = token.i + 1
    start, stop = _trim(doc, start, span.end)
    start = _word_start(doc, start)
    if start >= stop or stop - start > MAX_ROLE_TOKENS:
        return None
    head = span.root
    if head.pos_ != "NOUN" or not (start <= head.i < stop) or head.tag_ in ("NNS", "NNPS"):
        return None
    # Only a noun that names a person by role describes one ("the striker",
    # not "the words" a resolver may have linked).
    if not is_person_noun(head.lemma_.lower()):
        return None
    return RolePhrase(doc[start:stop], head.i, "description")


def role_text(phrases: list[RolePhrase], limit: int = 3) -> str | None:
    """Distinct phrases joined by commas, earliest first; a phrase inside another is dropped."""
    texts: list[str] = []
    for phrase in phrases:
        text = phrase.text.strip()
        low = text.lower()
        if not text or any(low in t.lower() for t in texts):
            continue
        texts = [t for t in texts if t.lower() not in low]
        texts.append(text)
    return ", ".join(texts[:limit]) or None
