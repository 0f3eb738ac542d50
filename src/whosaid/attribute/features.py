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

from ..records import QuoteSpan
from .tokens import TokenTable, token_table

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

    @classmethod
    def of(cls, doc: Doc, spans: list[QuoteSpan]) -> QuoteContext:
        starts = doc.to_array([IDX]).reshape(-1).astype(np.int64)
        inside = np.zeros(len(doc), dtype=bool)
        opens = np.zeros(len(doc), dtype=bool)
        if spans and len(doc):
            opens = np.isin(starts, [s.start for s in spans])
            bounds = np.array([(s.start, s.end) for s in spans], dtype=np.int64)
            # Spans never overlap and come sorted, so one search per token finds its span.
            which = np.searchsorted(bounds[:, 0], starts, side="right") - 1
            valid = which >= 0
            inside[valid] = starts[valid] < bounds[which[valid], 1]
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


def _subject_kind(token: Token) -> str:
    lower = token.lower_
    if lower in PRONOUNS:
        return "pron"
    if token.ent_type_:
        return token.ent_type_
    return token.pos_


def _kind_at(table: TokenTable, k: int) -> str:
    """``_subject_kind`` of token ``k``, read from the article's token table."""
    if table.lower[k] in PRONOUNS:
        return "pron"
    return table.ent[k] or table.pos[k]


def cue_features(token: Token, quotes: QuoteContext) -> list[str]:
    """Sparse features of one candidate cue token."""
    # Read from the token table: this runs for every candidate token of every article.
    t = token_table(token.doc)
    i = token.i
    n = len(t.head)
    lemma, dep, tag = t.lemma[i], t.dep[i], t.tag[i]
    head = t.head[i]
    head_lemma = t.lemma[head]
    inside = bool(quotes.inside[i])
    feats = [
        "bias",
        "l=" + lemma,
        "w=" + t.lower[i],
        "p=" + t.pos[i],
        "t=" + tag,
        "d=" + dep,
        "ld=" + lemma + "|" + dep,
        "lt=" + lemma + "|" + tag,
        "h=" + head_lemma,
        "dhp=" + dep + "|" + t.pos[head],
        "td=" + tag + "|" + dep,
        "ltd=" + lemma + "|" + tag + "|" + dep,
        "q=" + str(inside),
        "lq=" + lemma + "|" + str(inside),
    ]
    for cls in LEMMA_CLASSES.get(lemma, ("none",)):
        feats.append("cls=" + cls)
        feats.append("clsd=" + cls + "|" + dep)
        feats.append("clsq=" + cls + "|" + str(inside))
    has_next = i + 1 < n
    feats.append("pv=" + (t.lower[i - 1] if i > 0 else "<s>"))
    feats.append("nx=" + (t.lower[i + 1] if has_next else "</s>"))
    if has_next:
        feats.append("lnx=" + lemma + "|" + t.lower[i + 1])
        after = i + 2 if t.text[i + 1] in (":", ",") and i + 2 < n else i + 1
        if quotes.opens[after]:
            feats.append("quote_follows")
            feats.append("quote_follows|" + lemma)
    lo = max(i - 6, 0)
    if not inside and quotes.inside[lo:i].any():
        # '"...," the senator said': the quotation closes just before the cue.
        feats.append("quote_precedes")
        feats.append("quote_precedes|" + lemma)
    feats.append("hld=" + head_lemma + "|" + dep)
    has_subject = False
    frame = set()
    for child in t.children[i]:
        cdep = t.dep[child]
        if cdep in FRAME:
            frame.add(cdep)
        feats.append("c=" + cdep)
        feats.append("lc=" + lemma + "|" + cdep)
        if cdep in WORDED_CHILDREN:
            feats.append("cw=" + cdep + "|" + t.lower[child])
            feats.append("lcw=" + lemma + "|" + cdep + "|" + t.lower[child])
        if cdep in SUBJECTS:
            has_subject = True
            kind = _kind_at(t, child)
            feats.append("sk=" + kind)
            feats.append("lsk=" + lemma + "|" + kind)
        elif cdep == "ccomp":
            marks = [t.lower[g] for g in t.children[child] if t.dep[g] == "mark"]
            feats.append("ccm=" + (marks[0] if marks else "-"))
            feats.append("ccq=" + str(bool(quotes.inside[child])))
        elif cdep == "pobj":
            feats.append("pobj=" + _kind_at(t, child))
    if not has_subject:
        feats.append("nosubj|" + dep)
    frame_key = "+".join(sorted(frame))
    feats.append("fr=" + frame_key)
    feats.append("lfr=" + lemma + "|" + frame_key)
    feats.append("sq=" + str(bool(quotes.sentence_quoted[i])))
    feats.append("sqall=" + str(bool(quotes.sentence_all_quoted[i])))
    if t.text[i] == ":":
        feats.append("colon_next_quote=" + str(has_next and bool(quotes.inside[i + 1])))
    return feats


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


def _bucket(value: float, step: float = 0.1) -> str:
    return f"{min(int(value / step), int(1 / step) - 1)}"


def attribution_features(anchor: Token, cue_probability: float, source: Token | None, how: str,
                         content: tuple[tuple[int, int], ...], text: str) -> list[str]:
    """Sparse features of a whole candidate attribution, for the verifier."""
    doc = anchor.doc
    lemma = anchor.lemma_.lower()
    if source is None:
        source_kind = "none"
    else:
        source_kind = _subject_kind(source)
    words = sum(len(text[s:e].split()) for s, e in content)
    size = "1" if words <= 1 else "2-3" if words <= 3 else "4-8" if words <= 8 else "9-20" if words <= 20 else "21+"
    cue_bin = _bucket(cue_probability)
    first = doc.char_span(content[0][0], content[0][1], alignment_mode="expand")
    tokens = [t for s, e in content for t in (doc.char_span(s, e, alignment_mode="expand") or ())]
    finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens)
    opener = first[0].lower_ if first is not None and len(first) else ""
    if opener and not opener.isalpha():
        opener = "<punct>"
    side = "after" if content[0][0] > anchor.idx else "before"
    source_side = "none" if source is None else ("after" if source.i > anchor.i else "before")
    return [
        "bias",
        "p=" + cue_bin,
        "l=" + lemma,
        "lp=" + lemma + "|" + cue_bin,
        "phow=" + cue_bin + "|" + how,
        "psize=" + cue_bin + "|" + size,
        "how=" + how,
        "lhow=" + lemma + "|" + how,
        "src=" + source_kind,
        "lsrc=" + lemma + "|" + source_kind,
        "srchow=" + source_kind + "|" + how,
        "size=" + size,
        "sizehow=" + size + "|" + how,
        "lsize=" + lemma + "|" + size,
        "frags=" + str(min(len(content), 3)),
        "pos=" + anchor.pos_ + "|" + anchor.dep_,
        "finite=" + str(finite),
        "lfinite=" + lemma + "|" + str(finite),
        "open=" + opener,
        "lopen=" + lemma + "|" + opener,
        "side=" + side + "|" + source_side,
        "tag=" + anchor.tag_,
        "openhow=" + opener + "|" + how,
        "srcsize=" + source_kind + "|" + size,
        "dephow=" + anchor.dep_ + "|" + how,
    ] + ["cls=" + cls + "|" + how for cls in LEMMA_CLASSES.get(lemma, ("none",))]
