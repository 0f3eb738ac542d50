"""Attributions of one parsed article: learned cue detection, then parse-based spans.

1. Every candidate token is scored by the trained cue classifier
   (``whosaid.models/cue_model.json``); those above the threshold anchor a cue.
2. Each cue's source and content are read off the dependency parse (``spans``).
3. Quotations are linked: content that falls inside a quotation becomes the
   whole quotation, a quotation interrupted by its cue gains its second part,
   and a paragraph carrying on an attributed quotation becomes an attribution
   of its own with no source or cue.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort

from spacy.tokens import Doc

from ..quotes import QUOTATION_MARKS
from ..records import Attribution, QuoteSpan
from ..lexicon import REPORTING_ONLY_LEMMAS
from .features import LEMMA_CLASSES, QuoteContext, attribution_features, candidate_indices, cue_features
from .model import JOIN_RATE, AttributionModel, first_rate, load_model
from .boundaries import refine
from .tags import find_tags
from .transcript import with_transcript
from .spans import tidy_content, same_paragraph, content_ids, settle_cue, cue_tokens, runs, source_head_token, source_ids, source_token

# A quotation signed on its own line: ``"..." ― Sonya Herridge``.
SIGNATURE = re.compile(r"[ \t\xa0]*\n?[ \t\xa0]*([―—–])[ \t\xa0]*([A-Z][\w.'’-]*(?:[ \t\xa0]+[A-Z][\w.'’-]*){0,4})")
# A verb that only reports speech, directly followed by a quotation, cues it at least this surely.
SPEECH_VERB_PRIOR = 0.5
# Words a cue may put between itself and the quotation it introduces: "wrote on Twitter:".
INTRODUCING = frozenset({":", ",", "-", "—"})
QUOTE_MARKS = QUOTATION_MARKS
TITLE_WORD = re.compile(r"\w[\w'’-]*")
# Words a title leaves in lower case ("One Hundred Years of Solitude").
TITLE_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


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


def _enclosing_quotes(content, quote_spans, starts, text):
    """The quotations holding every word of ``content``, or ``()`` when some word is outside all."""
    found: list[tuple[int, int]] = []
    for s, e in content:
        if not any(ch.isalnum() for ch in text[s:e]):
            continue
        at = bisect_right(starts, s + 2) - 1
        if at < 0:
            return ()
        quote = quote_spans[at]
        inside = _overlap((s, e), (quote.start, quote.end))
        if inside < 0.9 * (e - s):
            return ()
        if (quote.start, quote.end) not in found:
            found.append((quote.start, quote.end))
    return tuple(found)


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
            if _overlap((s, e), (quote_spans[k].start, quote_spans[k].end)) and quote_spans[k] not in found:
                found.append(quote_spans[k])
            k += 1
    return found


def _quotes_speech(text: str, quote: tuple[int, int], content) -> bool:
    """Whether a quotation inside a content gives the speaker's words, rather than
    naming a term or a work: a single quoted word (cats are "cuties") or a run of
    capitalised words in a lower-case sentence ("One Hundred Years of Solitude")
    is a scare quote or a title, and the attribution stays indirect."""
    quoted = text[quote[0]:quote[1]]
    words = TITLE_WORD.findall(quoted)
    if len(words) <= 1:
        return False
    major = [w for w in words if w.lower() not in TITLE_SMALL_WORDS]
    if major and all(w[0].isupper() or w[0].isdigit() for w in major):
        around = [
            word.group() for s, e in content for word in TITLE_WORD.finditer(text, s, e)
            if not quote[0] <= word.start() < quote[1]
        ]
        if around and 2 * sum(w[0].islower() for w in around) >= len(around):
            return False
    return True


def extract(
    doc: Doc,
    quote_spans: list[QuoteSpan],
    threshold: float | None = None,
    model: AttributionModel | None = None,
) -> list[Attribution]:
    """All attributions of a parsed article.

    Cue candidates above the model's candidate threshold get a source and content;
    the verifier then scores each whole attribution and those at or above
    ``threshold`` (the model's tuned one by default) are kept.
    """
    model = model or load_model()
    if threshold is None:
        threshold = model.threshold
    found = [a for a in candidates(doc, quote_spans, model, refine_above=threshold) if a.confidence >= threshold]
    return _finish(doc, quote_spans, with_transcript(doc, _apply_tags(doc, quote_spans, found)))


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
            if id(attribution) in dropped or not any(_overlap(f, reach) for f in attribution.content):
                continue
            agrees = (
                attribution.content[0] == quote
                and all(fragment[0] >= quote[0] for fragment in attribution.content)
                and any(_overlap(c, tag.cue) for c in attribution.cue)
                and any(_overlap(s, tag.source) for s in attribution.source)
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


def candidates(doc: Doc, quote_spans: list[QuoteSpan], model: AttributionModel, verify: bool = True,
               refine_above: float | None = None) -> list[Attribution]:
    """Every candidate attribution, confidence from the verifier (or the cue model without one)."""
    return [a for a, _ in scored_candidates(doc, quote_spans, model, verify, refine_above=refine_above)]


def scored_candidates(doc, quote_spans, model, verify=True, on_content=None, refine_above=None):
    """Candidate attributions with their verifier features.

    ``on_content(anchor, ids, how, excluded)``, when given, sees each parse-derived content
    before its edges are cut (training reads the cuts from there); the edges of
    candidates below ``refine_above`` are left as they are.
    """
    text = doc.text
    quotes = QuoteContext.of(doc, quote_spans)
    starts = [q.start for q in quote_spans]
    quote_at = {q.start: q for q in quote_spans}
    floor = model.candidate_threshold
    lemmas = model.cue_lemmas

    found: list[tuple[Attribution, list[str]]] = []
    for index in candidate_indices(doc, lemmas):
        token = doc[index]
        feats = cue_features(token, quotes)
        if model.representation is not None:
            feats += model.representation.cue_features(token)
        probability = model.cue.probability(feats)
        if probability < floor and (token.lemma_ not in REPORTING_ONLY_LEMMAS or token.pos_ != "VERB"):
            continue
        cue = cue_tokens(token, model.joins_cue)
        introduced = _introduced_quote(token, cue, quote_at)
        if introduced is not None and probability >= floor and (
                _quote_opens_clause(introduced, text) or _quote_modifies_later_word(introduced, doc)):
            # 'he said "budget reforms" and unpaid taxes would pay for them': the quotation
            # is only the start of what was said; the parse gives the whole clause.
            introduced = None
        if probability < floor:
            if introduced is None:
                continue
            probability = max(probability, SPEECH_VERB_PRIOR)
        source = source_token(token)
        if source is not None and quotes.inside[source.i] and not quotes.inside[token.i]:
            # A subject inside the quotation belongs to the quoted words: the speaker is
            # named after the cue instead ("..., said James Acton, a physicist").
            source = _inverted_subject(token)
        source_span = source_ids(source, token) if source is not None else []
        parse_content = None
        if introduced is not None:
            content_offsets = _interrupted(introduced, token, quote_spans, text)
            how = "introduced" if len(content_offsets) == 1 else "interrupted"
        else:
            content = content_ids(token, cue, source_span, model.content.probability, quotes.inside)
            content = _in_paragraph(content, token)
            excluded = set(cue) | set(source_span)
            content = tidy_content(content, excluded, doc)
            if not content or _only_when(content, doc):
                continue
            how = _content_relation(token, content)
            if on_content is not None:
                on_content(token, content, how, excluded)
            parse_content = content
            content_offsets = runs(content, doc)
        # A content inside quotations is those quotations, however the parse cut them.
        quoted = _enclosing_quotes(content_offsets, quote_spans, starts, text)
        if quoted:
            content_offsets = quoted
            how += "|quote"
        head = source_head_token(doc[source.i]) if source is not None else None
        attribution = Attribution(
            content=content_offsets,
            source=runs(source_span, doc),
            cue=runs(cue, doc),
            source_head=head.idx if head is not None else None,
            confidence=probability,
            cue_token=token.i,
            source_token=head.i if head is not None else None,
        )
        # The verifier reads the content as the parse gave it.
        features = attribution_features(token, probability, source, how, content_offsets, text)
        if model.representation is not None:
            features += model.representation.verifier_features(token)
        if verify and model.verifier is not None:
            attribution.confidence = model.verifier.probability(features)
            if token.lemma_ in REPORTING_ONLY_LEMMAS and _speech_tagged(content_offsets, text):
                # '"Yes," she said': a quotation closed by a comma, question or exclamation
                # mark and tagged by a speech verb is a direct quote however short it is.
                attribution.confidence = max(attribution.confidence, probability)
        if parse_content is not None and not quoted:
            # What is reported: the content's edges cut (only for attributions that are
            # kept: the cuts are the slow part), then a preposition the cue selects moved
            # into the cue.
            if model.boundary is not None and (refine_above is None or attribution.confidence >= refine_above):
                parse_content = refine(parse_content, token, how, model.boundary.probability, excluded)
            cue_ids, reported = _preposition_joins_cue(token, cue, parse_content, model.attached_cue_words)
            attribution.content = runs(reported, doc)
            attribution.cue = runs(cue_ids, doc)
        found.append((attribution, features))
    return found


def _preposition_joins_cue(anchor, cue: list[int], content: list[int], rates: dict[str, float]) -> tuple[list[int], list[int]]:
    """The cue and content once the words after the cue are placed (``spans.settle_cue``:
    complements carrying the cue on, prepositions) by the model's learned rates
    (``attached_cue_words``). The content keeps its original extent for the
    verifier; the words move afterwards.
    """
    return settle_cue(anchor, cue, content, lambda keys: first_rate(rates, keys) >= JOIN_RATE)


def _finish(doc: Doc, quote_spans: list[QuoteSpan], found: list[Attribution]) -> list[Attribution]:
    text = doc.text
    attributions = _deduplicated(found)
    _link_quotations(attributions, quote_spans, doc)
    starts = [q.start for q in quote_spans]
    for attribution in attributions:
        attribution.kind = _kind(attribution.content, quote_spans, starts, text)
    attributions.sort(key=lambda a: a.content[0])
    return attributions


def _content_relation(anchor, content: list[int]) -> str:
    """How the content hangs off its cue: the relation of its root phrase."""
    ids = set(content)
    roots = [i for i in content if anchor.doc[i].head.i not in ids or anchor.doc[i].head.i == i]
    root = anchor.doc[roots[0]]
    if root.head.i == anchor.i:
        return "child:" + root.dep_ + ("+" if len(roots) > 1 else "")
    if anchor.head.i == root.i:
        return "parent:" + anchor.dep_
    return "other"


def _speech_tagged(content, text: str) -> bool:
    """Whether the content is a quotation whose own punctuation hands over to a speech tag."""
    first_start, first_end = content[0]
    inner = text[first_start:first_end].rstrip(QUOTE_MARKS + " ")
    return bool(inner) and inner[-1] in ",?!" and text[first_start] in QUOTE_MARKS


def _only_when(ids: list[int], doc: Doc) -> bool:
    """Whether a content is nothing but a date or time ("apologized on | Monday"):
    that says when something was said, never what."""
    words = [doc[i] for i in ids if not doc[i].is_punct]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME") or t.pos_ == "ADP" for t in words)


def _quote_modifies_later_word(quote: QuoteSpan, doc: Doc) -> bool:
    """Whether the quotation's words hang off a word after it in their sentence
    (Reveals ‘Demoralizing’ Experience): a modifier inside a longer phrase, whose
    whole the parse gives."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.head.i >= span.end and root.head.sent == root.sent and not root.head.is_punct


def _quote_opens_clause(quote: QuoteSpan, text: str) -> bool:
    """Whether a quotation of a few words is only the start of a clause the sentence
    carries on with in lower case ('"budget reforms" and unpaid taxes would ...'),
    rather than the whole answer ('responded "no" when asked')."""
    inner = text[quote.start:quote.end].strip(QUOTE_MARKS + " ")
    if len(inner.split()) < 2 or inner[-1] in ".,!?;:…—-":
        return False
    rest = text[quote.end:quote.end + 40]
    words = rest.lstrip(" \t")
    return len(words) < len(rest) and bool(words) and (words[0].islower() or words[0].isdigit())


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
        if before.end <= anchor.idx and "\n" not in text[before.end:quote.start] and not ends:
            # '"A," Trump said, adding, "B."': a cue that follows another verb opens only
            # onto its own quotation; the first belongs to the verb before it.
            first = doc.char_span(before.end, anchor.idx, alignment_mode="expand")
            if first is None or not any(t.pos_ == "VERB" and t.i != anchor.i for t in first):
                return ((before.start, before.end), (quote.start, quote.end))
    return ((quote.start, quote.end),)


def _inverted_subject(anchor):
    for child in anchor.rights:
        if child.pos_ in ("PROPN", "NOUN", "PRON") and child.dep_ in ("nsubj", "dobj", "npadvmod", "attr", "appos", "dep"):
            return child
    return None


def _in_paragraph(ids: list[int], anchor) -> list[int]:
    """Content tokens of the cue's own paragraph: a parse that reaches past a paragraph break is wrong."""
    doc = anchor.doc
    kept = same_paragraph(ids, anchor)
    while kept and doc[kept[-1]].is_punct and doc[kept[-1]].text not in QUOTE_MARKS:
        kept.pop()
    return kept


def _introduced_quote(anchor, cue: list[int], quote_at: dict[int, QuoteSpan]) -> QuoteSpan | None:
    """The quotation a cue opens onto: ``responded "no"``, ``wrote on Twitter: "..."``."""
    doc = anchor.doc
    own_phrases = {
        i for child in anchor.children if child.dep_ in ("prep", "npadvmod", "advmod") and child.i > anchor.i
        for i in range(child.left_edge.i, child.right_edge.i + 1)
    }
    i = max(cue) + 1
    while i < len(doc) and i <= max(cue) + 8:
        after_colon = doc[i - 1].text == ":" or (doc[i - 1].is_space and i >= 2 and doc[i - 2].text == ":")
        if "\n" in doc[i - 1].text_with_ws and not after_colon:
            # Only a colon carries a cue over to the next paragraph ("The Times reports:").
            return None
        token = doc[i]
        if token.idx in quote_at:
            return quote_at[token.idx]
        if token.text in INTRODUCING or i in own_phrases or (token.is_space and doc[i - 1].text == ":"):
            i += 1
            continue
        return None
    return None


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


# Share of two contents' joint size their overlap must reach for them to compete
# (tuned on PolNeAR dev): overlapping candidates are mostly rival readings of one content.
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
            shared = _overlap(span, other_span)
            if shared and 2 * shared >= CLASH * (size + other_span[1] - other_span[0]):
                clash = True
                break
        if not clash:
            kept.append(attribution)
            index.add(attribution, len(kept))
    return kept


def _link_quotations(attributions: list[Attribution], quote_spans: list[QuoteSpan], doc: Doc) -> None:
    text = doc.text
    claimed: dict[int, Attribution] = {}
    bounds = [(q.start, q.end) for q in quote_spans]
    bound_starts = [start for start, _ in bounds]
    for attribution in attributions:
        for fragment in attribution.content:
            # Quotations are in text order and do not overlap: only those from the
            # one opening before the fragment up to its end can touch it.
            k = max(0, bisect_right(bound_starts, fragment[0]) - 1)
            while k < len(bounds) and bounds[k][0] < fragment[1]:
                if _overlap(fragment, bounds[k]) > 0:
                    claimed.setdefault(k, attribution)
                k += 1
    _signed_quotations(attributions, quote_spans, claimed, text)
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
        if same_paragraph and owner.cue and _overlap(last, (previous.start, previous.end)):
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
