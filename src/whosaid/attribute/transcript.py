"""Interview transcripts: ``WALLACE: Let's start ...`` / ``PENCE: Well, ...``.

A paragraph opening with a speaker label (one to three capitalised or
ALL-CAPS words, optionally led by a title, then a colon) is an attribution
with the label as source, the colon as cue and the rest of the paragraph as
content. The parse has no verb to anchor such a turn, so the learned stage
misses it or reads attributions of its own into the spoken words.

Labelled lines are also section heads, notes and lists ("UPDATE:",
"Contributing: Ann Lee.", "Clinton: 547.", "Sanders: Win in a walk."), so a
label counts only when it looks like a speaker in a transcript:

* an ALL-CAPS label that names a person of the article ("PENCE" where "Mike
  Pence" is named), carries a title ("MR. SMITH"), or is "Q" or "A" in an
  article with both; or an ALL-CAPS label alongside such a one in a dialogue
  ("WALLACE", never named in full, speaking with "PENCE");
* a label of role words naming its speaker in parentheses ("HOST (Julia
  Marsh):", "Moderator (Ana Ruiz):"): the name is the source;
* a capitalised label ("Matthews:") only in a dialogue of people the article
  names, where some speaker takes the floor more than once: headings that
  introduce each candidate in turn name every one of them once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..context import headline_end_of
from ..lexicon import LABEL_TITLES, PERSON_NOUNS, QUESTIONER_LABELS, ROLE_QUALIFIERS, SPEECH_FORMS, TITLES
from ..records import Attribution
from ..resolve.words import common_first_name
from .tokens import per_doc, text_of
TITLE = rf"(?:{'|'.join(LABEL_TITLES)})\.?"
WORD = r"[A-Z][\w.'’-]*"
LABEL = re.compile(
    rf"""[ \t\xa0"“'‘]*                            # a quotation mark may open the paragraph
    (?P<label>(?:(?i:{TITLE})[ \t\xa0]+)?{WORD}(?:[ \t\xa0]+{WORD}){{0,2}})
    (?:[ \t\xa0]*\([ \t\xa0]*(?P<name>{WORD}(?:[ \t\xa0]+{WORD}){{1,3}})[ \t\xa0]*\))?
    [ \t\xa0]*(?P<colon>:)[ \t\xa0]+(?=\S)""",
    re.VERBOSE,
)
# Words that make a label a role rather than a name: "HOST (Julia Marsh):".
ROLE_WORDS = QUESTIONER_LABELS | PERSON_NOUNS | {t.rstrip(".") for t in TITLES} | ROLE_QUALIFIERS
TITLED = re.compile(rf"(?i:{TITLE})[ \t\xa0]")
# ALL-CAPS words that head notes and sections, not speakers.
NOT_SPEAKERS = frozenset(
    """
    update updated updates correction corrections clarification note editor editor's editors
    photo photos video videos watch listen read look related previously source sources byline
    email e-mail twitter facebook online contributing credit credits breaking exclusive boom
    busted warning spoiler advertisement transcript disclaimer subscribe summary background
    where when what who why how date time cost price tickets info information details location
    address phone web website hours short reads stat week the of
    """.split()
)
# A paragraph that only describes the scene: "(CROSSTALK)", "[Laughter]".
STAGE_DIRECTION = re.compile(r"""[\s"“'‘]*[(\[].*[)\]][\s.”"'’]*$""")
# Unlabelled paragraphs a turn can carry on over before the next label.
MAX_CONTINUATION = 4
CONFIDENCE = 0.95
CLOSERS = " \t\xa0\"”'’"
QUOTE_OPENERS = "\"“'‘«„<"


@dataclass(slots=True)
class _Line:
    start: int
    end: int


@dataclass(slots=True)
class _Turn:
    line: int  # index of the labelled paragraph
    label: tuple[int, int]
    colon: int
    content_start: int
    key: str  # the label's last word, upper case: "KATE BOULDUAN" and "BOULDUAN" are one speaker
    caps: bool
    titled: bool
    named: bool  # a role label with the speaker's name in parentheses


@per_doc
def _text_and_lines(doc: Doc) -> tuple[str, list[_Line]]:
    """The article's text and its non-blank lines, read once for the three layout readers."""
    text = text_of(doc)
    lines, start = [], 0
    for at in [m.start() for m in re.finditer("\n", text)] + [len(text)]:
        if text[start:at].strip():
            lines.append(_Line(start, at))
        start = at + 1
    return text, lines


def _turn(text: str, k: int, line: _Line) -> _Turn | None:
    match = LABEL.match(text, line.start, line.end)
    if match is None:
        return None
    label = match.group("label")
    rest = text[match.end():line.end]
    if match.group("name") is not None:
        roles = re.findall(r"[^\W\d_]+", label)
        if not all(w.lower() in ROLE_WORDS for w in roles) or not re.search(r"[^\W\d_]{2,}", rest):
            return None  # "TED CRUZ (R-TEXAS):" is left alone: a name with a note, not a role
        name = match.span("name")
        last = re.findall(r"[\w'’-]+", match.group("name"))[-1]
        return _Turn(k, name, match.start("colon"), match.end(), last.upper(), label.isupper(), False, True)
    if any(ch.isdigit() for ch in label) or not re.search(r"[^\W\d_]{2,}|\bI\b", rest) or rest.isupper():
        return None  # "STEP 2:", "Clinton: 547.", "UN: PEACEKEEPERS PAID ..."
    words = re.findall(r"[\w'’-]+", label)
    titled = bool(TITLED.match(label)) and len(words) > 1
    bare = words[1:] if titled else words
    caps = all(w.isupper() for w in bare)
    if caps and any(w.lower() in NOT_SPEAKERS for w in bare):
        return None
    return _Turn(k, match.span("label"), match.start("colon"), match.end(), bare[-1].upper(), caps, titled, False)


# "Q. Why now?" / "A. Because ...": question and answer labels closed by a full stop.
DOTTED_LABEL = re.compile(r"""[ \t\xa0"“'‘]*(?P<label>[QA])(?P<colon>\.)[ \t\xa0]+(?=\S)""")


def _dotted_turns(text: str, lines: list[_Line], labelled: set[int]) -> list[_Turn]:
    """The "Q." and "A." turns of a page with two or more "Q." paragraphs; none elsewhere,
    where "A. Lee said" opens on an initial."""
    found = []
    for k, line in enumerate(lines):
        match = DOTTED_LABEL.match(text, line.start, line.end)
        if k == 0 or k in labelled or match is None or not re.search(r"[^\W\d_]{2,}", text[match.end():line.end]):
            continue
        key = match.group("label")
        found.append(_Turn(k, match.span("label"), match.start("colon"), match.end(), key, True, False, False))
    return found if sum(t.key == "Q" for t in found) >= 2 else []


def _people(doc: Doc) -> set[str]:
    """Upper-case words of the person names the article gives."""
    return {
        token.text.upper()
        for ent in doc.ents if ent.label_ == "PERSON"
        for token in ent if token.text[:1].isalpha()
    }


# Labels of an interview's questions and answers: "Q:", "Question:"; "A:", "Answer:".
QUESTION_KEYS = frozenset({"Q", "QUESTION"})
ANSWER_KEYS = frozenset({"A", "ANSWER"})


def _is_interview(turns: list[_Turn]) -> bool:
    """Two or more paragraphs open on a question label: the page is laid out as an interview,
    a single "Q:" (inside a quotation, a heading) is not."""
    return sum(t.key in QUESTION_KEYS for t in turns) >= 2


def _speakers(turns: list[_Turn], people: set[str]) -> list[_Turn]:
    kept = _dialogue_speakers(turns, people)
    if _is_interview(turns):
        # One named interviewee answers, where a dialogue of capitalised labels wants two.
        return [t for t in turns if t in kept or t.key in QUESTION_KEYS | ANSWER_KEYS or t.key in people]
    return kept


def _dialogue_speakers(turns: list[_Turn], people: set[str]) -> list[_Turn]:
    keys = {t.key for t in turns}
    counts = {key: sum(t.key == key for t in turns) for key in keys}
    qa = {"Q", "A"} <= keys

    def personal(turn: _Turn) -> bool:
        return turn.key in people or turn.titled or turn.named or (qa and turn.key in ("Q", "A"))

    caps = [t for t in turns if t.caps]
    caps_dialogue = len({t.key for t in caps}) >= 2 and any(personal(t) for t in caps)
    named = [t for t in turns if not t.caps and t.key in people]
    named_dialogue = len({t.key for t in named}) >= 2 and any(counts[t.key] >= 2 for t in named)
    kept = []
    for turn in turns:
        if turn.named:
            kept.append(turn)
        elif turn.caps and (caps_dialogue or (personal(turn) and turn.key not in ("Q", "A"))):
            kept.append(turn)
        elif not turn.caps and named_dialogue and turn.key in people:
            kept.append(turn)
    return kept


# "Obama on Climate Change: ...", "Clinton to Planned Parenthood: ...": the speaker
# and what the words are about, or whom they are for, before the colon.
HEADLINE_LABEL = re.compile(
    rf"""[ \t\xa0]*(?P<label>(?:(?i:{TITLE})[ \t\xa0]+)?{WORD}(?:[ \t\xa0]+{WORD}){{0,2}})
    (?:[ \t\xa0]+(?:on|to|at)[ \t\xa0]+[^:\n]{{1,60}})?
    [ \t\xa0]*(?P<colon>:)[ \t\xa0]+(?=\S)""",
    re.VERBOSE,
)


def headline_label(doc: Doc) -> Attribution | None:
    """A headline that gives a speaker and their words: "Politifact: Trump Is Right".

    The label must name a person or organisation the article names again below
    the headline; section words ("Poll:", "The Latest:", "BREAKING:") and
    headlines that only open with a name ("Ted Cruz Endorses Trump") are left
    to the learned stage.
    """
    text, lines = _text_and_lines(doc)
    if len(lines) < 2 or lines[0].start != 0 or not headline_end_of(doc):
        return None  # a text that opens with its body has no headline to label
    line = lines[0]
    match = HEADLINE_LABEL.match(text, line.start, line.end)
    if match is None:
        return None
    rest = text[match.end():line.end]
    words = re.findall(r"[\w'’-]+", match.group("label"))
    if any(w.lower() in NOT_SPEAKERS for w in words) or not re.search(r"[^\W\d_]{2,}", rest):
        return None
    body = {
        token.text.upper()
        for ent in doc.ents if ent.label_ in ("PERSON", "ORG") and ent.start_char >= lines[1].start
        for token in ent if token.text[:1].isalpha()
    }
    if words[-1].upper() not in body:
        return None
    label = match.span("label")
    last_word = text.rfind(" ", *label) + 1 or label[0]
    colon = match.start("colon")
    return Attribution(
        content=((match.end(), _trimmed_end(text, match.end(), line.end)),),
        source=(label,),
        cue=((colon, colon + 1),),
        source_head=max(last_word, label[0]),
        confidence=CONFIDENCE,
    )


# Verbs that hand a paragraph over to the words they report: "Limbaugh added:".
INTRODUCING_VERBS = SPEECH_FORMS | {"reports", "reported", "writes"}


def introduced_paragraphs(doc: Doc) -> list[Attribution]:
    """Paragraphs set out as what someone said, introduced by a paragraph that
    ends on a speech verb and a colon ("Limbaugh added:"), with no quotation
    marks: the learned stage carries a colon over only onto a quotation."""
    text, lines = _text_and_lines(doc)
    found = []
    for k, line in enumerate(lines[1:-1], start=1):
        body = text[line.start:line.end].rstrip()
        if not body.endswith(":"):
            continue
        span = doc.char_span(line.start + len(body) - 1, line.start + len(body), alignment_mode="expand")
        if span is None or len(span) != 1:
            continue
        verb = span[0].head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.lower_ not in INTRODUCING_VERBS or verb.pos_ != "VERB" or subject is None:
            continue
        after = lines[k + 1]
        words = text[after.start:after.end]
        if words.lstrip()[:1] in QUOTE_OPENERS or _turn(text, k + 1, after) is not None or len(words.split()) < 4:
            continue
        source = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
        if source[0] < line.start:
            continue
        found.append(Attribution(
            content=((after.start, _trimmed_end(text, after.start, after.end)),),
            source=(source,),
            cue=((verb.idx, verb.idx + len(verb)),),
            source_head=subject.idx,
            confidence=CONFIDENCE,
        ))
    return found


def transcript_turns(doc: Doc) -> list[Attribution]:
    """The speaker turns of the article's transcripts, if it has any: quotes of their speakers' own words, so
    ``direct`` whether or not the page sets them in quotation marks. An interview's questions ("Q:") are not
    among them (``interview_questions``)."""
    return _transcript(doc)[0]


def interview_questions(doc: Doc) -> list[Attribution]:
    """The questions of an interview set out as questions and answers ("Q:", "QUESTION:"): the interviewer's, the
    outlet's own words as its narration is, so no quote and no one's voice; each ends the answer before it."""
    return _transcript(doc)[1]


def _transcript(doc: Doc) -> tuple[list[Attribution], list[Attribution]]:
    """The turns of the article's transcripts: its speakers' turns, and an interview's questions."""
    text, lines = _text_and_lines(doc)
    # The headline is left to the learned stage: "Pence: Flowers Won't Be at Debate".
    candidates = [t for k, line in enumerate(lines) if k > 0 and (t := _turn(text, k, line)) is not None]
    dotted = _dotted_turns(text, lines, {t.line for t in candidates})
    if dotted:
        candidates = sorted(candidates + dotted, key=lambda t: t.line)
    if not candidates:
        return [], []
    turns = _speakers(candidates, _people(doc))
    labelled = {t.line for t in candidates}
    interviewee = None
    if _is_interview(turns):
        first_question = next(t for t in turns if t.key in QUESTION_KEYS)
        interviewee = _interviewee(doc, lines[first_question.line].start)
    spoken, questions = [], []
    for n, turn in enumerate(turns):
        line = lines[turn.line]
        content = [(turn.content_start, _trimmed_end(text, turn.content_start, line.end))]
        # Paragraphs after the turn belong to it while the next turn is still to come.
        following = turns[n + 1].line if n + 1 < len(turns) else None
        if following is not None and following - turn.line - 1 <= MAX_CONTINUATION:
            for k in range(turn.line + 1, following):
                if k in labelled:
                    break
                after = lines[k]
                if STAGE_DIRECTION.match(text, after.start, after.end):
                    continue
                start = after.start + len(text[after.start:after.end]) - len(text[after.start:after.end].lstrip(CLOSERS))
                content.append((start, _trimmed_end(text, start, after.end)))
        content = [(s, e) for s, e in content if e > s]
        # An answer's label names no one: the resolver starts from the interviewee's name instead.
        head = interviewee if interviewee is not None and turn.key in ANSWER_KEYS else turn.label
        last_word = text.rfind(" ", *head) + 1 or head[0]
        (questions if turn.key in QUESTION_KEYS else spoken).append(Attribution(
            content=tuple(content),
            source=(turn.label,),
            cue=((turn.colon, turn.colon + 1),),
            kind="direct",
            source_head=max(last_word, head[0]),
            confidence=CONFIDENCE,
        ))
    return spoken, questions


def _interviewee(doc: Doc, first_turn: int) -> tuple[int, int] | None:
    """The mention of the one person the intro (the text before the first turn) names,
    its first in the intro's body, after the headline when there is one; None if the
    intro names nobody or more than one person."""
    mentions = [ent for ent in doc.ents if ent.label_ == "PERSON" and ent.end_char <= first_turn]
    if len({ent[-1].text.upper() for ent in mentions}) > 1:
        # NER also reads titles as persons ("her new film, Salt Roads"): a person's full name
        # opens on a first name.
        full = {ent[-1].text.upper() for ent in mentions if len(ent) > 1 and common_first_name(ent[0].text)}
        mentions = [ent for ent in mentions if ent[-1].text.upper() in full]
    if len({ent[-1].text.upper() for ent in mentions}) != 1:
        return None
    headline_end = headline_end_of(doc) or 0
    ent = next((e for e in mentions if e.start_char >= headline_end), mentions[0])
    return ent.start_char, ent.end_char


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in CLOSERS + "\r":
        end -= 1
    return end


def with_transcript(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """``found`` with the transcript's turns in place of attributions read into them."""
    spoken, questions = _transcript(doc)
    turns = spoken + introduced_paragraphs(doc)
    headline = headline_label(doc)
    if headline is not None:
        turns.insert(0, headline)
    # What the learned stage reads into a question is left out too: the question is no one's quote.
    regions = [(t.source[0][0], t.content[-1][1]) for t in turns + questions]
    if not regions:
        return found

    def inside(attribution: Attribution) -> bool:
        size = sum(e - s for s, e in attribution.content)
        covered = sum(
            max(0, min(e, r_end) - max(s, r_start)) for s, e in attribution.content for r_start, r_end in regions
        )
        return 2 * covered >= size

    return [a for a in found if not inside(a)] + turns
