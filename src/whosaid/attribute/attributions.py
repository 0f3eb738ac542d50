"""Attributions: the article's attribution records from its reported candidates.

Speech tags (``tags``) and page layout (``transcript``) add what the parse has no
verb to anchor; of candidates sharing a content the likelier stays; quotations
are linked (a quotation interrupted by its cue gains its second part, a paragraph
carrying an attributed quotation on is attributed too, a quotation signed on its
own line is its signatory's); and each attribution gets its ``kind``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from spacy.tokens import Doc

from ..records import Attribution, QuoteSpan
from .candidates import Candidate, Reading
from .cue import INTRODUCING
from .features import LEMMA_CLASSES
from .source import read_source
from .tags import find_tags, person_like
from .tokens import overlap, runs, text_of
from .transcript import with_transcript

# A quotation signed on its own line: ``"..." ― Sonya Herridge``.
SIGNATURE = re.compile(r"[ \t\xa0]*\n?[ \t\xa0]*([―—–])[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,4})")

TITLE_WORD = re.compile(r"\w[\w'’-]*")

# Quotation marks (and the white space inside them) around a quotation's words.
QUOTE_STRIP = "\"“”'‘’«»„ \t\n\xa0"

# Words a title leaves in lower case ("One Hundred Years of Solitude").
TITLE_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def assemble(doc: Doc, quote_spans: list[QuoteSpan], reported: list[Attribution],
             colon_quotes: bool = False, close_quotations: bool = False,
             unlinked_names: bool = False) -> list[Attribution]:
    """The article's attributions, in text order, from the attributions its candidates
    report; with ``colon_quotes``, quotations introduced by a clause and a colon too; with
    ``close_quotations``, a content stopping inside a quotation runs on to its closing mark;
    with ``unlinked_names``, a quotation that names a term or a work is no later part of a
    content (``names_a_term``)."""
    text = text_of(doc)
    attributions = _deduplicated(with_transcript(doc, _apply_tags(doc, quote_spans, reported)))
    starts = [q.start for q in quote_spans]
    if close_quotations:
        for attribution in attributions:
            attribution.content = run_to_closing_mark(attribution.content, quote_spans, text, starts)
    if colon_quotes:
        attributions += _colon_introduced(doc, quote_spans, attributions)
    _link_quotations(attributions, quote_spans, doc)
    if unlinked_names:
        _unlink_named_terms(attributions, quote_spans, text)
    for attribution in attributions:
        # A transcript's turn is its speaker's own words, quotation marks or none (``transcript``).
        if attribution.kind != "direct":
            attribution.kind = _kind(attribution.content, quote_spans, starts, text)
    attributions.sort(key=lambda a: a.content[0])
    return attributions


# A letter or digit: a stretch of text holds words the scorer counts.
_WORD = re.compile(r"[^\W_]")


def run_to_closing_mark(content: tuple[tuple[int, int], ...], quote_spans: list[QuoteSpan],
                        text: str, starts: list[int] | None = None) -> tuple[tuple[int, int], ...]:
    """The content carried on to the closing mark of a quotation its last words lie in
    (``starts``: the quotations' start offsets, when the caller has them).

    A content read off the parse ends with its phrase, so with its sentence, while a
    quotation it opens may go on over further sentences (``said that "the vote is ours.
    We will win it."``): what the speaker is quoted as saying runs to the closing mark."""
    if not content:
        return content
    start, end = content[-1]
    if starts is None:
        starts = [q.start for q in quote_spans]
    k = bisect_right(starts, end - 1) - 1
    if k < 0:
        return content
    quote = quote_spans[k]
    if not quote.start < end < quote.end or not _WORD.search(text, end, quote.end):
        return content
    return content[:-1] + ((start, quote.end),)


TAG_CONFIDENCE = 0.9

# A tag whose verb is not a speech verb ("the girl whimpered") is read off its place alone.
MANNER_TAG_CONFIDENCE = 0.6


def _apply_tags(doc: Doc, quote_spans: list[QuoteSpan], found: list[Attribution]) -> list[Attribution]:
    """Quotations tagged by a speaker and a speech verb (``tags``) are direct quotes of
    that speaker, whatever the parse made of them: an attribution the parse gave the
    same cue and speaker stays (its spans follow the whole noun phrase), any other
    reaching into the quotation or its tag gives way."""
    index = _ContentIndex(found)
    dropped: set[int] = set()
    for tag in find_tags(doc, quote_spans):
        quote = (tag.quote.start, tag.quote.end)
        reach = (tag.quote.start, tag.region[1])
        kept = None
        clashing = []
        for attribution in index.reaching(*reach):
            if id(attribution) in dropped or not any(overlap(f, reach) for f in attribution.content):
                continue
            if _after_tag(attribution, tag):
                continue
            agrees = (
                attribution.content[0] == quote
                and all(fragment[0] >= quote[0] for fragment in attribution.content)
                and any(overlap(c, tag.cue) for c in attribution.cue)
                and any(overlap(s, tag.source) for s in attribution.source)
                and not any(tag.quote.end < f[0] < tag.region[1] for f in attribution.content)
            )
            if agrees and kept is None:
                kept = attribution
            else:
                clashing.append(attribution)
        dropped.update(id(c) for c in clashing)
        if kept is not None:
            kept.confidence = max(kept.confidence, TAG_CONFIDENCE if tag.lexical else MANNER_TAG_CONFIDENCE)
            continue
        found.append(Attribution(content=(quote,), source=(tag.source,), cue=(tag.cue,),
                                 source_head=tag.source_head,
                                 confidence=TAG_CONFIDENCE if tag.lexical else MANNER_TAG_CONFIDENCE))
        index.add(found[-1], len(found) - 1)
    return [a for a in found if id(a) not in dropped]


def _after_tag(attribution: Attribution, tag) -> bool:
    """Whether an attribution is a second cue's own, later in the tag's sentence: its cue
    and content all come after the tag's speaker and verb (``"...," she said, adding
    that ...``), so it neither reads the quotation nor the tag."""
    end = max(tag.cue[1], tag.source[1])
    return bool(attribution.cue) and all(s >= end for s, _ in attribution.cue + attribution.content)


class _ContentIndex:
    """Attributions by the extent of their content, so that those reaching a range are
    found without scanning every attribution: long articles stay linear."""

    def __init__(self, attributions: list[Attribution] = ()):
        self.entries: list[tuple[int, int, Attribution]] = []  # (start, position, attribution), by start
        self.longest = 0
        for position, attribution in enumerate(attributions):
            self.add(attribution, position)

    def add(self, attribution: Attribution, position: int) -> None:
        start, end = attribution.content[0][0], attribution.content[-1][1]
        self.longest = max(self.longest, end - start)
        insort(self.entries, (start, position, attribution), key=lambda entry: entry[:2])

    def reaching(self, start: int, end: int) -> list[Attribution]:
        """Attributions whose content extent overlaps [start, end), in the order they were added."""
        low = bisect_left(self.entries, start - self.longest, key=lambda entry: entry[0])
        high = bisect_left(self.entries, end, key=lambda entry: entry[0])
        near = [(position, a) for s, position, a in self.entries[low:high] if a.content[-1][1] > start]
        return [a for _, a in sorted(near, key=lambda pair: pair[0])]


# Share of two contents' joint size their overlap must reach for them to compete:
# overlapping candidates are mostly rival readings of one content. Out-of-fold on
# train (5 folds, fast), attribution F1 is flat from 0.1 to 0.3 (0.699, 0.699, 0.698,
# 0.698, 0.698 at 0.1, 0.15, 0.2, 0.25, 0.3) and falls above (0.697, 0.695, 0.694 at
# 0.4, 0.5, 0.6); the value first chosen on dev lies on that plateau and is kept.
CLASH = 0.3


def _deduplicated(found: list[Attribution]) -> list[Attribution]:
    """One attribution per content: of cues sharing a content, the likelier wins."""
    kept: list[Attribution] = []
    index = _ContentIndex()
    for attribution in sorted(found, key=lambda a: -a.confidence):
        span = (attribution.content[0][0], attribution.content[-1][1])
        size = span[1] - span[0]
        clash = False
        for other in index.reaching(*span):
            other_span = (other.content[0][0], other.content[-1][1])
            shared = overlap(span, other_span)
            if shared and 2 * shared >= CLASH * (size + other_span[1] - other_span[0]):
                clash = True
                break
        if not clash:
            kept.append(attribution)
            index.add(attribution, len(kept))
    return kept


COLON_CONFIDENCE = 0.6

# Blanks a colon may leave before the quotation it introduces.
_BLANKS = " \t\xa0"


def _colon_introduced(doc: Doc, quote_spans: list[QuoteSpan], found: list[Attribution]) -> list[Attribution]:
    """Quotations a clause introduces with a colon in the same paragraph, which no
    attribution reaches, as direct quotes of that clause's subject when it names a
    speaker: ``Rubio fired back: "They will lose."``, ``As Lee put it: "..."``. The
    colon hangs off the clause's verb in the parse; the verb need not be a speech verb
    (the colon says what follows is what was said), but its subject must be a
    pronoun, a named person, group or organisation, or a noun for a person."""
    text = text_of(doc)
    index = _ContentIndex(found)
    reading = None
    added = []
    for quote in quote_spans:
        at = quote.start - 1
        while at >= 0 and text[at] in _BLANKS:
            at -= 1
        if at < 0 or text[at] != ":" or index.reaching(quote.start, quote.end):
            continue
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None or span[0].text != ":":
            continue
        colon = span[0]
        verb = _introducing_verb(colon)
        if verb is None:
            continue
        reading = reading or Reading.of(doc, quote_spans)
        if reading.quotes.inside[colon.i]:
            continue
        candidate = Candidate(anchor=verb, cue_probability=1.0, cue=[verb.i, colon.i])
        read_source(candidate, reading)
        if not candidate.source_span or "\n" in text[doc[candidate.source_span[0]].idx:colon.idx]:
            continue
        if not person_like([doc[i] for i in candidate.source_span]):
            continue
        added.append(Attribution(
            content=((quote.start, quote.end),),
            source=runs(candidate.source_span, doc),
            cue=runs(_colon_cue(verb, colon), doc),
            source_head=candidate.source_head.idx,
            confidence=COLON_CONFIDENCE,
            cue_token=verb.i,
            source_token=candidate.source_head.i,
        ))
    return added


# Words between a verb and its colon that PolNeAR counts in the cue: "fired back
# forcefully:", "put it:".
_CUE_WORDS = frozenset({"prt", "advmod", "dobj", "neg", "aux"})


def _colon_cue(verb, colon) -> list[int]:
    """The cue of a colon-introduced quotation: the verb and the colon, with the words
    between when they are all the verb's particles, adverbs or a pronoun object."""
    between = range(verb.i + 1, colon.i)
    doc = verb.doc
    if all(doc[i].head.i == verb.i and doc[i].dep_ in _CUE_WORDS
           and (doc[i].dep_ != "dobj" or doc[i].pos_ == "PRON") for i in between):
        return list(range(verb.i, colon.i + 1))
    return [verb.i, colon.i]


# Tokens that end the clause a colon closes, read backwards from the colon.
_CLAUSE_ENDS = frozenset({".", "!", "?", ";"})


def _introducing_verb(colon):
    """The verb of the clause a colon closes: the colon's head, or, where the parser hung
    the clause on the quotation's verb ("Lee spoke after the talks: "We are done.""), the
    verb of the words before the colon whose head lies outside them."""
    if colon.head.i < colon.i and colon.head.pos_ in ("VERB", "AUX"):
        verb = colon.head
    else:
        doc = colon.doc
        lead = []
        for i in range(colon.i - 1, max(-1, colon.i - 60), -1):
            if doc[i].text in _CLAUSE_ENDS or "\n" in doc[i].text_with_ws:
                break
            lead.append(i)
        inside = set(lead)
        roots = [doc[i] for i in sorted(lead) if doc[i].head.i not in inside or doc[i].head.i == i]
        verb = next((t for t in roots if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or "\n" in text_of(colon.doc)[verb.idx:colon.idx]:
        return None
    return verb


def _link_quotations(attributions: list[Attribution], quote_spans: list[QuoteSpan], doc: Doc) -> None:
    text = text_of(doc)
    claimed: dict[int, Attribution] = {}
    bounds = [(q.start, q.end) for q in quote_spans]
    bound_starts = [start for start, _ in bounds]
    for attribution in attributions:
        for fragment in attribution.content:
            # Quotations are in text order and do not overlap: only those from the
            # one opening before the fragment up to its end can touch it.
            k = max(0, bisect_right(bound_starts, fragment[0]) - 1)
            while k < len(bounds) and bounds[k][0] < fragment[1]:
                if overlap(fragment, bounds[k]) > 0:
                    claimed.setdefault(k, attribution)
                k += 1
    _signed_quotations(attributions, quote_spans, claimed, text)
    _claim_run_on_openings(quote_spans, claimed, text)
    _claim_introduced_runs(attributions, quote_spans, claimed, text)
    # Where every content and cue fragment starts, and whose it is: what speaks
    # between two quotations is found without scanning every attribution.
    fragments = sorted((start, id(a)) for a in attributions for start, _ in a.content + a.cue)
    for k, quote in enumerate(quote_spans):
        if k in claimed or k == 0:
            continue
        previous = quote_spans[k - 1]
        owner = claimed.get(k - 1)
        if owner is None:
            continue
        same_paragraph = "\n" not in text[previous.end:quote.start]
        last = owner.content[-1]
        if same_paragraph and owner.cue and overlap(last, (previous.start, previous.end)):
            # "We lost," the defender said, "and that is all." — the cue sits between
            # the two parts and no other cue does; so after a mixed quote: "..." to
            # release him, Mendicino said. "I am extremely concerned."
            cue_at = owner.cue[0][0]
            if max(previous.end, last[1]) <= cue_at < quote.start and not _introduced_by_verb(doc, quote.start, owner.cue):
                owner.content = owner.content + ((quote.start, quote.end),)
                claimed[k] = owner
                continue
        if quote.continues and not same_paragraph:
            continued = Attribution(content=((quote.start, quote.end),), confidence=owner.confidence)
            attributions.append(continued)
            claimed[k] = continued
        elif not same_paragraph and owner.source and _carries_on(owner, previous, quote, fragments, text):
            # A quotation paragraph with no cue of its own after a paragraph whose
            # speaker is clear is that speaker's: part of the same quote, as PolNeAR
            # annotates it (44 of 81 such paragraphs in train; 7 more are a separate
            # attribution of the same source, 12 another's, 18 not annotated).
            owner.content = owner.content + ((quote.start, quote.end),)
            claimed[k] = owner


def _claim_run_on_openings(quote_spans: list[QuoteSpan], claimed: dict[int, Attribution], text: str) -> None:
    """A quotation running over paragraphs with no cue until a later paragraph ("... spring.
    / "Otherwise the market floods," said Holt.) is the later cue's speaker's from its first
    paragraph, not the speaker's of the quote before it: its earlier paragraphs join that
    content, as PolNeAR annotates such a quotation.

    Paragraphs that open with different marks ('"The report says ... / “We ...,” she said."')
    are left to the other rules: they quote a report that quotes the speaker."""
    for k in range(len(quote_spans) - 2, -1, -1):
        quote, following = quote_spans[k], quote_spans[k + 1]
        owner = claimed.get(k + 1)
        if k in claimed or not (quote.runs_on and following.continues) or owner is None or not owner.cue:
            continue
        if text[quote.start] != text[following.start]:
            continue
        owner.content = tuple(sorted(owner.content + ((quote.start, quote.end),)))
        claimed[k] = owner


def _claim_introduced_runs(attributions: list[Attribution], quote_spans: list[QuoteSpan],
                           claimed: dict[int, Attribution], text: str) -> None:
    """A quotation running over paragraphs with no cue in any of them, opening the paragraph after one
    whose last attribution names its source ("Mayor Lee spoke to the Gazette about the plan. / "We
    waited ... / "Every winter ... / "This time ..."") is that source's: its paragraphs join that
    attribution's content, as PolNeAR annotates an introduced quotation (one attribution, the
    introduction's source and cue). Only a quotation its marks make one (each paragraph opens with the
    same mark, only the last closes) is carried: a closed quotation after a paragraph may be anyone's."""
    cue_starts = sorted((a.cue[0][0], id(a), a) for a in attributions if a.cue)
    k = 0
    while k < len(quote_spans):
        quote = quote_spans[k]
        if k in claimed or quote.continues or not quote.runs_on:
            k += 1
            continue
        run = [k]
        while (run[-1] + 1 < len(quote_spans) and quote_spans[run[-1]].runs_on
               and quote_spans[run[-1] + 1].continues and run[-1] + 1 not in claimed
               and text[quote_spans[run[-1] + 1].start] == text[quote.start]):
            run.append(run[-1] + 1)
        k = run[-1] + 1
        paragraph_start = text.rfind("\n", 0, quote.start) + 1
        if len(run) < 2 or text[paragraph_start:quote.start].strip():
            continue
        before = text[:paragraph_start].rstrip()
        previous_start = before.rfind("\n") + 1
        if not before:
            continue
        # The introduction: the last attribution cued in the paragraph before, wholly inside it.
        introducing = [a for start, _, a in cue_starts if previous_start <= start < len(before)]
        if not introducing:
            continue
        owner = introducing[-1]
        if not owner.source or any(not (previous_start <= s and e <= len(before)) for s, e in owner.content):
            continue
        owner.content = tuple(sorted(owner.content + tuple((quote_spans[i].start, quote_spans[i].end) for i in run)))
        for i in run:
            claimed[i] = owner


def _signed_quotations(attributions, quote_spans, claimed, text) -> None:
    for k, quote in enumerate(quote_spans):
        if k in claimed:
            continue
        match = SIGNATURE.match(text, quote.end)
        if match is None:
            continue
        line_end = text.find("\n", match.end())
        rest = text[match.end(): len(text) if line_end < 0 else line_end]
        if rest.strip() and not rest.lstrip().startswith(","):
            continue
        name_start, name_end = match.span(2)
        last_word = text.rfind(" ", name_start, name_end) + 1 or name_start
        attributions.append(Attribution(
            content=((quote.start, quote.end),),
            source=((name_start, name_end),),
            cue=(match.span(1),),
            source_head=max(last_word, name_start),
            confidence=0.9,
        ))
        claimed[k] = attributions[-1]


def _introduced_by_verb(doc: Doc, at: int, cue) -> bool:
    """Whether a speech verb other than the cue opens onto the quotation at ``at``: ``Keane
    insisted, before repeating himself by saying, "..."`` gives that quotation its own cue."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    i = span.start - 1 if span is not None else -1
    while i >= 0 and (doc[i].is_space or doc[i].text in INTRODUCING):
        i -= 1
    if i < 0 or doc[i].pos_ != "VERB" or "speech" not in LEMMA_CLASSES.get(doc[i].lemma_.lower(), ()):
        return False
    return not any(start <= doc[i].idx < end for start, end in cue)


def _carries_on(owner: Attribution, previous: QuoteSpan, quote: QuoteSpan, fragments, text: str) -> bool:
    """Whether a quotation opening the paragraph right after ``owner``'s quotation, in a
    paragraph no attribution reaches, goes on in the same voice: nothing but the rest
    of the owner's paragraph lies between, and nobody else speaks there."""
    paragraph_start = text.rfind("\n", 0, quote.start) + 1
    if text[paragraph_start:quote.start].strip():
        return False
    if "\n" in text[previous.end:paragraph_start].rstrip():
        return False  # a whole paragraph lies between
    paragraph_end = text.find("\n", quote.start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    k = bisect_left(fragments, (previous.end,))
    while k < len(fragments) and fragments[k][0] < paragraph_end:
        if fragments[k][1] != id(owner):
            return False
        k += 1
    return True


def _kind(content: tuple[tuple[int, int], ...], quote_spans: list[QuoteSpan], starts: list[int], text: str) -> str:
    quotations = [(q.start, q.end) for q in _quotes_within(content, quote_spans, starts)]
    if content and all(fragment in quotations for fragment in content):
        return "direct"
    if any(_quotes_speech(text, quote, content) for quote in quotations):
        return "mixed"
    return "indirect"


def _quotes_within(content, quote_spans: list[QuoteSpan], starts: list[int]) -> list[QuoteSpan]:
    found = []
    for s, e in content:
        k = max(0, bisect_right(starts, s) - 1)
        while k < len(quote_spans) and quote_spans[k].start < e:
            if overlap((s, e), (quote_spans[k].start, quote_spans[k].end)) and quote_spans[k] not in found:
                found.append(quote_spans[k])
            k += 1
    return found


def _unlink_named_terms(attributions: list[Attribution], quote_spans: list[QuoteSpan], text: str) -> None:
    """A quotation naming a term or a work that a content took on after its first part (linked
    as the cue's next quotation, or opened onto by the cue: '"We will win," she said on
    "Morning Hour"') leaves it: gold quotes the speaker's words, not the show's name."""
    quotations = {(q.start, q.end) for q in quote_spans}
    for attribution in attributions:
        if len(attribution.content) < 2:
            continue
        first, *rest = attribution.content
        kept = [f for f in rest if f not in quotations or not names_a_term(text[f[0]:f[1]])]
        if len(kept) < len(rest):
            attribution.content = (first, *kept)


# How a quotation that closes a sentence ends, inside its marks.
SENTENCE_END = (".", "!", "?", ",")


def names_a_term(quoted: str) -> bool:
    """Whether a quotation, read on its own, names a term or a work rather than giving
    someone's words: a single word ("reckless") or capitalised words that do not end as a
    sentence does ("Morning Hour", "The Long Road Home"). Over train's out-of-fold
    predictions, such a quotation joined to the speaker's quotation before it was one gold
    leaves out (docs/attribution.md, where matched contents miss their edges)."""
    words = TITLE_WORD.findall(quoted)
    if len(words) <= 1:
        return True
    body = quoted.strip(QUOTE_STRIP).rstrip()
    return _capitalised_as_a_title(words) and not body.endswith(SENTENCE_END)


def _capitalised_as_a_title(words: list[str]) -> bool:
    """Whether every word but those a title leaves in lower case starts with a capital or a digit."""
    major = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    return bool(major) and all(w[0].isupper() or w[0].isdigit() for w in major)


def _quotes_speech(text: str, quote: tuple[int, int], content) -> bool:
    """Whether a quotation inside a content gives the speaker's words, rather than
    naming a term or a work: a single quoted word (cats are "cuties") or a run of
    capitalised words in a lower-case sentence ("One Hundred Years of Solitude")
    is a scare quote or a title, and the attribution stays indirect."""
    quoted = text[quote[0]:quote[1]]
    words = TITLE_WORD.findall(quoted)
    if len(words) <= 1:
        return False
    if _capitalised_as_a_title(words):
        around = [
            word.group() for s, e in content for word in TITLE_WORD.finditer(text, s, e)
            if not quote[0] <= word.start() < quote[1]
        ]
        if around and 2 * sum(w[0].islower() for w in around) >= len(around):
            return False
    return True
