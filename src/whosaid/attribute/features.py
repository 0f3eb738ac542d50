"""Step 2 of the stage: what the decisions read, shared by training and inference.

Each decision weighs sparse string features (lexical, dependency and quotation
context) with a linear model: ``cue_features`` describe a token that may anchor
a cue (the verb of "said", "according" of "according to", the noun of "in a
statement", the colon of "X wrote:"), ``content_child_features`` one child phrase
of a cue that may be part of its content, ``attribution_features`` a whole
candidate for the verifier. (The content boundary model's features are those of
its candidate cuts, ``boundaries.cut_features``.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token

from ..lexicon import is_person_noun
from ..records import QuoteSpan
from .levels import levelled
from .tokens import TokenTable, char_range, token_table

# Children whose word, not only their relation, tells what the verb does.
WORDED_CHILDREN = frozenset({"prep", "prt", "mark", "agent", "dative", "aux", "auxpass", "neg", "advmod"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Relations that make up a verb's subcategorisation frame.
FRAME = frozenset({"ccomp", "xcomp", "dobj", "dative", "nsubj", "nsubjpass", "prep", "advcl", "agent", "attr"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "who", "you"})


@dataclass(slots=True)
class QuoteContext:
    """Where the quotation marks are, token by token."""

    inside: np.ndarray  # bool per token: within a quoted span
    opens: np.ndarray  # bool per token: the opening mark of a quoted span
    spans: list[QuoteSpan]
    sentence_quoted: np.ndarray  # bool per token: its sentence has a quoted token
    sentence_all_quoted: np.ndarray  # bool per token: every token of its sentence is quoted
    # The same facts as lists, made on first use by ``cue_features`` (``_quote_lists``).
    lists: tuple | None = None

    @classmethod
    def of(cls, doc: Doc, spans: list[QuoteSpan]) -> QuoteContext:
        starts = doc.to_array([IDX]).reshape(-1).astype(np.int64)
        inside = np.zeros(len(doc), dtype=bool)
        opens = np.zeros(len(doc), dtype=bool)
        if spans and len(doc):
            bounds = np.array([(s.start, s.end) for s in spans], dtype=np.int64)
            # Spans never overlap and come sorted, so one search per token finds its span,
            # and the token opens it when it starts where the span does.
            which = np.searchsorted(bounds[:, 0], starts, side="right") - 1
            valid = which >= 0
            inside[valid] = starts[valid] < bounds[which[valid], 1]
            opens[valid] = starts[valid] == bounds[which[valid], 0]
        any_quoted = np.zeros(len(doc), dtype=bool)
        all_quoted = np.zeros(len(doc), dtype=bool)
        if inside.any():
            # Per sentence from the sentence starts, without a Span per sentence.
            sentence = np.cumsum(doc.to_array([SENT_START]).reshape(-1) == 1)
            sentence -= sentence[0]
            quoted = np.bincount(sentence, weights=inside)
            size = np.bincount(sentence)
            any_quoted = (quoted > 0)[sentence]
            all_quoted = (quoted == size)[sentence]
        return cls(inside=inside, opens=opens, spans=spans,
                   sentence_quoted=any_quoted, sentence_all_quoted=all_quoted)


# Verb classes of attribution cues, so that a rare lemma shares what its class has learned.
VERB_CLASSES = {
    "speech": """say tell add state declare announce explain insist note remark reply respond answer
        argue claim assert contend maintain mention comment report write tweet post testify admit
        acknowledge concede confirm deny reiterate repeat stress emphasize emphasise warn caution
        predict promise pledge vow boast complain joke quip ask question wonder urge call suggest
        propose recommend describe characterize label dub praise criticize slam blast attack accuse
        charge blame defend thank applaud hail dismiss reject condemn denounce mock ridicule
        recall recount reveal disclose point counter retort concede rebut cite quote""".split(),
    "belief": """think believe feel know expect hope fear worry doubt suspect assume suppose consider
        regard view see find conclude understand realize realise recognize recognise agree disagree
        seem appear imagine guess estimate reckon trust accept""".split(),
    "intent": """want plan intend aim seek try hope wish decide refuse agree offer demand push press
        support oppose endorse back favor favour reject vote campaign lobby""".split(),
    "evidence": """show indicate suggest find reveal prove demonstrate document highlight illustrate
        confirm according report poll survey study statement interview""".split(),
}
LEMMA_CLASSES: dict[str, tuple[str, ...]] = {}
for _name, _lemmas in VERB_CLASSES.items():
    for _lemma in _lemmas:
        LEMMA_CLASSES[_lemma] = LEMMA_CLASSES.get(_lemma, ()) + (_name,)


# The kind of a common noun that names a person by role ("the senator", "a spokeswoman"), for a
# model that reads it (``AttributionModel.subject_roles``): such a subject speaks as a name or a
# pronoun does, where "the report" or "the economy" rarely does.
ROLE_KIND = "role"


def _subject_kind(token: Token) -> str:
    lower = token.lower_
    if lower in PRONOUNS:
        return "pron"
    if token.ent_type_:
        return token.ent_type_
    return token.pos_


def _kind_at(table: TokenTable, k: int, roles: bool = False) -> str:
    """The kind of token ``k`` (a subject, a source, an object) read from the article's token
    table: "pron", its entity type, with ``roles`` "role" for a person's role noun, else its
    part of speech."""
    if table.lower[k] in PRONOUNS:
        return "pron"
    if table.ent[k]:
        return table.ent[k]
    if roles and table.pos[k] == "NOUN" and is_person_noun(table.lemma[k]):
        return ROLE_KIND
    return table.pos[k]


def _quote_lists(quotes: QuoteContext) -> tuple[list[bool], list[bool], list[bool], list[bool], list[bool]]:
    """The quotation facts ``cue_features`` reads, as lists (numpy's per-element reads
    cost more than the features), kept on the article's ``QuoteContext`` so that
    threads reading different articles never share them: whether each token is inside
    a quotation, opens one, has a quoted token among the six before it, and whether
    its sentence has a quoted token and is all quoted."""
    if quotes.lists is None:
        inside = quotes.inside
        counts = np.concatenate(([0], np.cumsum(inside, dtype=np.int64)))
        at = np.arange(len(inside))
        before = counts[at] - counts[np.maximum(at - 6, 0)] > 0
        quotes.lists = (inside.tolist(), quotes.opens.tolist(), before.tolist(),
                        quotes.sentence_quoted.tolist(), quotes.sentence_all_quoted.tolist())
    return quotes.lists


def cue_features(token: Token, quotes: QuoteContext, roles: bool = False) -> list[str]:
    """Sparse features of one candidate cue token; ``roles``: a role noun is a kind of its own
    (``_kind_at``)."""
    # Read from the token table: this runs for every candidate token of every article.
    t = token_table(token.doc)
    in_quote, opens, quoted_before, sentence_quoted, sentence_all_quoted = _quote_lists(quotes)
    i = token.i
    n = len(t.head)
    lemma, dep, tag = t.lemma[i], t.dep[i], t.tag[i]
    head = t.head[i]
    head_lemma = t.lemma[head]
    inside = in_quote[i]
    q = str(inside)
    lb = lemma + "|"  # the prefix of every feature conditioned on the lemma
    feats = [
        "bias",
        "l=" + lemma,
        "w=" + t.lower[i],
        "p=" + t.pos[i],
        "t=" + tag,
        "d=" + dep,
        "ld=" + lb + dep,
        "lt=" + lb + tag,
        "h=" + head_lemma,
        "dhp=" + dep + "|" + t.pos[head],
        "td=" + tag + "|" + dep,
        "ltd=" + lb + tag + "|" + dep,
        "q=" + q,
        "lq=" + lb + q,
    ]
    for cls in LEMMA_CLASSES.get(lemma, ("none",)):
        feats += ("cls=" + cls, "clsd=" + cls + "|" + dep, "clsq=" + cls + "|" + q)
    has_next = i + 1 < n
    feats.append("pv=" + (t.lower[i - 1] if i > 0 else "<s>"))
    if has_next:
        following = t.lower[i + 1]
        feats += ("nx=" + following, "lnx=" + lb + following)
        after = i + 2 if t.text[i + 1] in (":", ",") and i + 2 < n else i + 1
        if opens[after]:
            feats += ("quote_follows", "quote_follows|" + lemma)
    else:
        feats.append("nx=</s>")
    if not inside and quoted_before[i]:
        # '"...," the senator said': the quotation closes just before the cue.
        feats += ("quote_precedes", "quote_precedes|" + lemma)
    feats.append("hld=" + head_lemma + "|" + dep)
    has_subject = False
    frame = set()
    for child in t.children[i]:
        cdep = t.dep[child]
        if cdep in FRAME:
            frame.add(cdep)
        feats += ("c=" + cdep, "lc=" + lb + cdep)
        if cdep in WORDED_CHILDREN:
            worded = cdep + "|" + t.lower[child]
            feats += ("cw=" + worded, "lcw=" + lb + worded)
        if cdep in SUBJECTS:
            has_subject = True
            kind = _kind_at(t, child, roles)
            feats += ("sk=" + kind, "lsk=" + lb + kind)
        elif cdep == "ccomp":
            marks = [t.lower[g] for g in t.children[child] if t.dep[g] == "mark"]
            feats += ("ccm=" + (marks[0] if marks else "-"), "ccq=" + str(in_quote[child]))
        elif cdep == "pobj":
            feats.append("pobj=" + _kind_at(t, child, roles))
    if not has_subject:
        feats.append("nosubj|" + dep)
    frame_key = "+".join(sorted(frame))
    feats += ("fr=" + frame_key, "lfr=" + lb + frame_key,
              "sq=" + str(sentence_quoted[i]), "sqall=" + str(sentence_all_quoted[i]))
    if t.text[i] == ":":
        feats.append("colon_next_quote=" + str(has_next and in_quote[i + 1]))
    return feats


# The complements that tell an addressee ("told a meeting that ...") from a
# controller ("told his aides to leave"): whose phrase is content depends on them.
FRAME_RELATIONS = frozenset({"dobj", "ccomp", "xcomp", "dative", "prep", "advcl", "attr", "acomp", "oprd"})


def content_child_features(child: Token, anchor: Token, inside_quote) -> list[str]:
    """Sparse features deciding whether one child phrase of a cue belongs to its content."""
    t = token_table(child.doc)
    c, a = child.i, anchor.i
    dep = t.dep[c]
    side = "R" if c > a else "L"
    lemma = t.lemma[a]
    siblings = {t.dep[k] for k in t.children[a]}
    left_edge, right_edge = child.left_edge, child.right_edge
    left = left_edge.i
    comma = str(left > 0 and t.text[left - 1] == ",")
    frame = "+".join(sorted(siblings & FRAME_RELATIONS))
    # Each feature string is built in one step (an f-string allocates once, where a
    # chain of "+" allocates per part).
    feats = [
        "bias",
        "d=" + dep,
        f"ds={dep}|{side}",
        f"ld={lemma}|{dep}",
        "p=" + t.pos[c],
        f"dt={dep}|{t.tag[c]}",
        "ap=" + t.pos[a],
        f"q={bool(inside_quote[c])}",
        "e=" + t.ent[c],
        "comma=" + comma,
        f"dcomma={dep}|{comma}",
        f"hasccomp={'ccomp' in siblings}|{dep}",
        f"hasdobj={'dobj' in siblings}|{dep}",
        f"hasxcomp={'xcomp' in siblings}|{dep}",
        f"frame={dep}|{frame}",
        f"lframe={lemma}|{dep}|{frame}",
    ]
    first = t.lower[left] if left_edge.is_alpha else "<p>"
    feats.append(f"f={dep}|{first}")
    feats.append(f"lf={lemma}|{dep}|{first}")
    feats.append(f"n={dep}|{min(right_edge.i - left + 1, 6)}")
    if dep in ("prep", "agent", "dative", "advmod", "npadvmod", "prt"):
        feats.append(f"w={dep}|{t.lower[c]}")
        feats.append(f"lw={lemma}|{t.lower[c]}")
    return feats


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _bucket(value: float, step: float = 0.1) -> str:
    return f"{min(int(value / step), int(1 / step) - 1)}"


def attribution_features(anchor: Token, cue_probability: float, source: Token | None, how: str,
                         content: tuple[tuple[int, int], ...], text: str, roles: bool = False,
                         smooth: bool = False) -> list:
    """Sparse features of a whole candidate attribution, for the verifier; ``roles``: a role
    noun source is a kind of its own (``_kind_at``); with ``smooth`` the cue probability is
    shared between its two nearest buckets (``levels``)."""
    doc = anchor.doc
    t = token_table(doc)
    a = anchor.i
    lemma = t.lemma[a]
    if source is None:
        source_kind = "none"
    else:
        source_kind = _kind_at(t, source.i, roles)
    # Only whether there are more than 20 words matters: a fragment is split no further
    # than its 22nd word (``maxsplit`` keeps the rest as one piece).
    words = sum(len(text[s:e].split(None, 21)) for s, e in content)
    size = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
    cue_bin = _bucket(cue_probability)
    ranges = [char_range(doc, s, e) for s, e in content]
    finite = any(t.tag[k] in FINITE_TAGS for r in ranges if r for k in range(*r))
    first = ranges[0]
    opener = t.lower[first[0]] if first is not None and first[1] > first[0] else ""
    if opener and not opener.isalpha():
        opener = "<punct>"
    side = "after" if content[0][0] > anchor.idx else "before"
    source_side = "none" if source is None else ("after" if source.i > anchor.i else "before")
    pos, dep, tag = t.pos[a], t.dep[a], t.tag[a]
    # Each feature string is built in one step (an f-string allocates once, where a
    # chain of "+" allocates per part).
    if smooth:
        leading = ["bias", *levelled(cue_probability, 10, True, ("p=", "")), "l=" + lemma,
                   *levelled(cue_probability, 10, True, (f"lp={lemma}|", ""), ("phow=", f"|{how}"),
                             ("psize=", f"|{size}"))]
    else:
        leading = ["bias", "p=" + cue_bin, "l=" + lemma, f"lp={lemma}|{cue_bin}", f"phow={cue_bin}|{how}",
                   f"psize={cue_bin}|{size}"]
    return leading + [
        "how=" + how,
        f"lhow={lemma}|{how}",
        "src=" + source_kind,
        f"lsrc={lemma}|{source_kind}",
        f"srchow={source_kind}|{how}",
        "size=" + size,
        f"sizehow={size}|{how}",
        f"lsize={lemma}|{size}",
        f"frags={min(len(content), 3)}",
        f"pos={pos}|{dep}",
        f"finite={finite}",
        f"lfinite={lemma}|{finite}",
        "open=" + opener,
        f"lopen={lemma}|{opener}",
        f"side={side}|{source_side}",
        "tag=" + tag,
        f"openhow={opener}|{how}",
        f"srcsize={source_kind}|{size}",
        f"dephow={dep}|{how}",
    ] + [f"cls={cls}|{how}" for cls in LEMMA_CLASSES.get(lemma, ("none",))]


# Relations of a content's head to its cue, as ``content_head_features`` names them.
_NOUN_CONTENT = frozenset({"dobj", "nsubjpass", "attr", "oprd", "pobj"})


def content_head_features(anchor: Token, parse_content: list[int] | None, clusters=None,
                          granularities: tuple[int, ...] = ()) -> list[str]:
    """Verifier features of the word a parse content hangs from, so that what a verb
    does to an object ("laid off | 300 workers", "dismissed | their manager") is told
    from what it reports ("denied | the report", "dismissed | the allegations"): the
    head's relation to the cue with its lemma, its kind (pronoun, entity type or part of
    speech), whether a number or a possessive determines it, and, with ``clusters``, its
    word clusters and the cue's clusters under the same relation, which reach nouns and
    verbs training saw rarely. A quotation the cue opens onto has no parse content and
    no such features."""
    if not parse_content:
        return []
    t = token_table(anchor.doc)
    ids = set(parse_content)
    head = t.head
    root = next(i for i in parse_content if head[i] not in ids or head[i] == i)
    if head[root] == anchor.i:
        relation = t.dep[root]
    elif head[root] != root and head[head[root]] == anchor.i and t.dep[root] in ("pobj", "pcomp"):
        relation = "pobj"  # "called for | new elections": the object of the cue's preposition
    else:
        return []
    shape = "noun" if relation in _NOUN_CONTENT else relation
    lemma = t.lemma[root]
    kind = _kind_at(t, root)
    determiners = [t.dep[c] for c in t.children[root] if t.dep[c] in ("nummod", "poss")]
    feats = [
        "hshape=" + shape,
        f"hl={shape}|{lemma}",
        f"hk={shape}|{kind}",
        f"hdet={shape}|{'+'.join(sorted(determiners)) or '-'}",
        f"hcue={t.lemma[anchor.i]}|{shape}|{kind}",
    ]
    if clusters is not None:
        feats += [f"{name}|{shape}" for name in clusters.features("hc", lemma, granularities)]
        feats += [f"{name}|{shape}" for name in clusters.features("cc", t.lemma[anchor.i], granularities)]
    return feats



# Relations of a content's root to its cue that make the content a noun phrase: the object of
# "reached | the mayor's home", "said | nothing", the subject of a passive cue.
_NOUN_PHRASE = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})


def rate_bucket(rate: float | None) -> str:
    """A cue lemma's share of its training candidates that anchored a gold cue, coarsely."""
    if rate is None:
        return "unseen"
    return "0" if rate == 0 else "<.05" if rate < 0.05 else "<.2" if rate < 0.2 else "<.5" if rate < 0.5 else ">=.5"


def cue_rate_features(anchor: Token, parse_content: list[int] | None, quoted: bool,
                      cue_rates: dict[str, float]) -> list[str]:
    """Verifier features that tell a predicate reporting words or thoughts from one that does
    not ("has reached | the mayor's home"): how often the cue's lemma anchored a gold cue among
    its training candidates (``cue_rates``, counted on the articles the model trains on),
    alone and with the shape of the content (a quotation, a clause, a noun phrase). The
    verifier reads the lemma itself too, but a lemma seen a few times has no weight to speak
    of, while its rate is read on every candidate of it."""
    t = token_table(anchor.doc)
    a = anchor.i
    rate = rate_bucket(cue_rates.get(t.lemma[a]))
    if parse_content is None or quoted:
        shape = "quote"
    else:
        ids = set(parse_content)
        head = t.head
        root = next(i for i in parse_content if head[i] not in ids or head[i] == i)
        if head[root] == a and t.dep[root] in _NOUN_PHRASE:
            shape = "noun"
        elif (head[root] == a and t.dep[root] in ("ccomp", "xcomp")) or any(t.tag[k] in FINITE_TAGS
                                                                               for k in parse_content):
            shape = "clause"
        else:
            shape = "other"
    return [f"crate={rate}", f"crate={rate}|{shape}"]


# Relations that make a clause modify a noun: "the rival who said ...", "the plan he proposed",
# "a report detailing ...", "the proposal championed by ...".
_NOUN_CLAUSES = frozenset({"relcl", "acl"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})


def _relative_gap(t: TokenTable, a: int) -> str:
    """What the noun a clause modifies is to the clause's verb ``a``: its subject ("the rival
    who said", "a report detailing"), its object ("the plan he proposed"), or the subject of a
    passive participle ("the proposal championed by")."""
    subjects = [c for c in t.children[a] if t.dep[c] in SUBJECTS]
    if subjects:
        first = subjects[0]
        return "subject" if t.tag[first] in _RELATIVE_TAGS or t.lower[first] == "that" else "object"
    if t.dep[a] == "acl":
        return "passive" if t.tag[a] == "VBN" else "subject" if t.tag[a] == "VBG" else "acl"
    return "none"


def relative_clause_features(anchor: Token, parse_content: list[int] | None) -> list[str]:
    """Verifier features of a cue or content inside a clause that modifies a noun. A cue verb
    in such a clause reports when the noun is its subject ("the senator who said that ...") and
    seldom when the noun is what the verb did ("the inquiry she called for", "the workers it laid
    off"), whose content the parse then takes from elsewhere; a content that is such a clause
    ("issued a release | that praised the deal") or opens with a noun it modifies ("backed | the
    plan the council drafted") is the object of what the cue did more often than what it said."""
    t = token_table(anchor.doc)
    a = anchor.i
    feats = []
    if t.dep[a] in _NOUN_CLAUSES:
        gap = _relative_gap(t, a)
        if parse_content is None:
            side = "quote"
        else:
            left, right = anchor.left_edge.i, anchor.right_edge.i
            inside = sum(left <= k <= right for k in parse_content)
            side = "in" if 2 * inside >= len(parse_content) else "out"
        noun = _kind_at(t, t.head[a])
        feats += [f"rel={gap}", f"rel={gap}|{side}", f"reln={gap}|{noun}"]
    if parse_content:
        ids = set(parse_content)
        head = t.head
        root = next(i for i in parse_content if head[i] not in ids or head[i] == i)
        if t.dep[root] in _NOUN_CLAUSES and head[root] not in ids:
            feats.append(f"crel={t.dep[root]}|{_relative_gap(t, root)}")
        elif t.pos[root] in _NOUN_POS:
            clauses = [c for c in t.children[root] if t.dep[c] in _NOUN_CLAUSES and c in ids]
            if clauses:
                feats.append(f"nrel={t.dep[clauses[0]]}|{_relative_gap(t, clauses[0])}")
    return feats


# Words that open a clause completing a noun ("the claim that ...", "the question whether ...").
_COMPLEMENTIZERS = frozenset({"that", "whether", "if"})
# Uses a lemma needs in training before its rate is read; fewer and it counts as unseen.
VERB_USES = 10
NOUN_USES = 5


def _governs_clause(t: TokenTable, k: int) -> bool:
    """Whether verb ``k`` governs a complement clause ("said | that ...", "asked | whether ...")."""
    return any(t.dep[c] == "ccomp" for c in t.children[k])


def _completed_by_clause(t: TokenTable, k: int) -> bool:
    """Whether noun ``k`` is completed by a clause or a verb, as a word for a proposition is
    ("the claim that ...", "a plan to close ...", "the charge of hiding ..."), and a word for a
    thing or a person is not ("75 employees", "its meeting", "the entrance")."""
    for c in t.children[k]:
        if t.dep[c] == "ccomp":
            return True
        if t.dep[c] == "acl" and any((t.dep[g] == "mark" and t.lower[g] in _COMPLEMENTIZERS)
                                     or (t.dep[g] == "aux" and t.lower[g] == "to") for g in t.children[c]):
            return True
        if t.dep[c] == "prep" and any(t.dep[g] == "pcomp" and t.pos[g] == "VERB" for g in t.children[c]):
            return True
    return False


@dataclass(frozen=True, slots=True)
class ClauseRates:
    """How often a lemma takes a clause in the parses of the training articles, counted on the
    text alone (no annotation): a verb's share of its uses that govern a complement clause, a
    noun's share of its uses that a clause or verb completes. A verb that seldom takes a clause
    does something to its object more often than it reports ("laid off", "wrapped up", "looked
    at"); a noun a clause often completes stands for what was said ("the plan", "the claim")."""

    verbs: dict[str, float]
    nouns: dict[str, float]

    @classmethod
    def count(cls, docs) -> ClauseRates:
        verb_uses, verb_clauses, noun_uses, noun_clauses = {}, {}, {}, {}
        for doc in docs:
            t = token_table(doc)
            for k in range(len(doc)):
                pos = t.pos[k]
                if pos == "VERB":
                    lemma = t.lemma[k]
                    verb_uses[lemma] = verb_uses.get(lemma, 0) + 1
                    verb_clauses[lemma] = verb_clauses.get(lemma, 0) + _governs_clause(t, k)
                elif pos == "NOUN":
                    lemma = t.lemma[k]
                    noun_uses[lemma] = noun_uses.get(lemma, 0) + 1
                    noun_clauses[lemma] = noun_clauses.get(lemma, 0) + _completed_by_clause(t, k)
        return cls(
            verbs={w: round(verb_clauses[w] / n, 3) for w, n in sorted(verb_uses.items()) if n >= VERB_USES},
            nouns={w: round(noun_clauses[w] / n, 3) for w, n in sorted(noun_uses.items()) if n >= NOUN_USES},
        )

    def to_json(self) -> dict:
        return {"verbs": self.verbs, "nouns": self.nouns}

    @classmethod
    def from_json(cls, data: dict) -> ClauseRates:
        return cls(verbs=dict(data["verbs"]), nouns=dict(data["nouns"]))


def _verb_rate_bucket(rate: float | None) -> str:
    if rate is None:
        return "unseen"
    return "<.03" if rate < 0.03 else "<.1" if rate < 0.1 else "<.25" if rate < 0.25 else "<.5" if rate < 0.5 \
        else ">=.5"


def _noun_rate_bucket(rate: float | None) -> str:
    if rate is None:
        return "unseen"
    return "0" if rate == 0 else "<.05" if rate < 0.05 else "<.15" if rate < 0.15 else ">=.15"


def content_shape(t: TokenTable, a: int, parse_content: list[int] | None, quoted: bool) -> tuple[str, int | None]:
    """What kind of content cue ``a`` has, and its root word: a quotation, a finite clause, an
    infinitive, a noun phrase object ("laid off | 75 employees"), the object of the cue's
    preposition ("looked at | the entrance"), or something else."""
    if parse_content is None or quoted:
        return "quote", None
    ids = set(parse_content)
    head = t.head
    root = next(i for i in parse_content if head[i] not in ids or head[i] == i)
    dep = t.dep[root]
    if head[root] == a and dep in _NOUN_PHRASE:
        return "noun", root
    if head[root] != root and head[head[root]] == a and t.dep[head[root]] == "prep" and dep == "pobj":
        return "pobj", root
    if head[root] == a and dep == "xcomp" and any(t.dep[c] == "aux" and t.lower[c] == "to"
                                                  for c in t.children[root]):
        return "infinitive", root
    if (head[root] == a and dep == "ccomp") or any(t.tag[k] in FINITE_TAGS for k in parse_content):
        return "clause", root
    return "other", root


def clause_rate_features(anchor: Token, parse_content: list[int] | None, quoted: bool,
                         rates: ClauseRates) -> list[str]:
    """Verifier features that tell a predicate that reports from one that does something ("The
    firm laid off 75 employees", "She looked at the entrance"): the content's kind with how
    often the cue's lemma takes a clause in training text, and for a noun object how often a
    clause completes its head noun, alone and with the verb's rate. Both rates are read off the
    parses, so they reach verbs and nouns that never anchored a gold cue."""
    t = token_table(anchor.doc)
    a = anchor.i
    shape, root = content_shape(t, a, parse_content, quoted)
    verb = _verb_rate_bucket(rates.verbs.get(t.lemma[a])) if t.pos[a] == "VERB" else "not-verb"
    feats = [f"vr={verb}|{shape}"]
    if shape in ("noun", "pobj") and t.pos[root] == "NOUN":
        noun = _noun_rate_bucket(rates.nouns.get(t.lemma[root]))
        feats += [f"nr={noun}|{shape}", f"vnr={verb}|{noun}|{shape}"]
    elif shape in ("noun", "pobj"):
        feats.append(f"nk={t.pos[root]}|{shape}")
    return feats
