"""Name mentions: every name of a person, organisation or place, stripped to the name.

One pass over ``doc.ents`` finds the names and strips what is not part of the
name (a leading "the", titles such as "Sen.", a possessive "'s", a verb a
headline runs into a name); NER's mistakes about people are corrected here.
``entities`` groups the mentions into entities.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Doc, Span, Token

from ..context import ArticleContext, document_text, strings_of, token_table
from ..lexicon import (
    BODY_KIND_WORDS,
    NAME_SUFFIXES,
    MEDIA_KIND_NOUNS,
    ORG_KIND_QUALIFIERS,
    ORG_KIND_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PERSON_TITLES,
    PLATFORMS,
    QUESTIONER_LABELS,
    SPEECH_LEMMAS,
    TITLES,
    WORK_NOUNS,
    is_person_noun,
    title_gender,
)
from .bodies import KIND_WORD_NAMES, QUOTED_NAMES, STATE_BODIES, kind_word_names, quoted_names, state_bodies
from .missed import PLACE_OR_BODY_WORDS, add_missed_names, repeated_full_names
from .name_edges import (
    LEADING_ROLE_WORDS,
    INITIAL_FIRST_NAMES,
    INNER_BREAKS,
    FIRST_NAME_PEOPLE,
    ROLE_APPOSITION_PEOPLE,
    SPLIT_FIRST_NAMES,
    SURNAME_PEOPLE,
    first_name_before,
    first_name_people,
    role_apposition_people,
    split_first_names,
    inner_break,
    without_leading_roles,
    people_tagged_organizations,
)
from .rules import declare
from .settings import DEFAULT, Settings
from .words import (
    CAPITALISED_ROLES,
    NameMention,
    TitleCaseLines,
    apposed_age,
    capitalised_by_position,
    common_first_name,
    english_word,
    first_name_gender,
    is_initialism,
    is_title,
    is_verb,
    known_first_name,
    name_words,
    role_capital,
    person_words,
    title_case_lines,
)

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
PLACE_OR_ORG_LABELS = frozenset({"ORG", "FAC", "GPE", "LOC", "NORP"})
ROLE_LABEL = declare(
    "role-label", "source",
    '"HOST:", "INTERVIEWER:", "Moderator:", "Q:": a transcript label that is the questioner\'s role names no one '
    "(no organisation, no person); the turn is speech by an unnamed speaker",
)
GLUED_WORDS = declare(
    "glued-words", "table",
    'no insult, adjective or headline verb run into a name given cleanly elsewhere ("Crooked Hillary Clinton", '
    '"Rip Donald Trump", "Fox News Nemesis")',
)
COMMON_WORD_SURNAMES = declare(
    "common-word-surnames", "table",
    'a surname that is also a common word is a name where the tagger read the word ("Will urged", "From said")',
)
MISSED_FULL_NAMES = declare(
    "missed-full-names", "table",
    'a common first name and a surname NER passed over are a person\'s name ("Bernie Sanders won ...")',
)
REPEATED_FULL_NAMES = declare(
    "repeated-full-names", "table",
    'a person\'s full name NER tags elsewhere is the person\'s name where NER tagged nothing or only part of it '
    '("Ivanka" read as a product before "Trump"), so a shared surname goes to the one the article names first',
)
PLURAL_POSSESSIVE_NAMES = declare(
    "plural-possessive-names", "table",
    'an organisation\'s name runs on past a plural noun\'s possessive apostrophe to the capitalised words NER '
    'tagged with it ("the Tenants\' Alliance", "the Department of Veterans\' Affairs"), where a possessive '
    'otherwise ends a name ("Christie\'s Nov." is Christie)',
)
BODY_NAMES = declare(
    "body-names", "table",
    'a headline name runs as far as the body writes it: "Clinton Cash Debunks Hillary" is "Clinton Cash" '
    'where the body writes "the book Clinton Cash", not the "Clinton" a headline verb "Cash" would leave; '
    'it starts where the body starts it ("DJ Martin Solveig" is the body\'s "Martin Solveig")',
)
KIND_PREFIXES = declare(
    "kind-prefixes", "table",
    '"super PAC Priorities USA Action": the kind of body written before a name of two words or more is '
    "no part of it",
)
ACRONYM_ORGANIZATIONS = declare(
    "acronym-organizations", "table",
    '"Junge SVP" tagged PERSON is an organisation when its last word is an acronym the article names an '
    "organisation on its own; the acronym is then no one's surname",
)
POSITION_CAPITALS = declare(
    "position-capitals", "table",
    'a one-word "person" that is an English word and no common first name, capitalised only where a '
    'sentence or headline begins ("Aides said", "Research suggests", "Report Reveals ..."), is no name, nor is '
    'such a noun after the name of a body or place ("Another GOP Figure Endorses ...")',
)
POSITION_CAPITAL_BODIES = declare(
    "position-capital-bodies", "table",
    'a one-word "organisation" that is such a word ("Farmers cannot ship grain", "Digital experts said") is '
    "no name either",
)
NUMBER_ENDS = declare(
    "number-ends", "table",
    'a count or score NER ran into a name is no part of it: "Ana Ruiz 1, Tom Reyes 2", "leads Ruiz 50 percent", '
    '"Eastport City 2-1": a person\'s name ends before a whole number, any name before a score',
)
VERB_EDGES = declare(
    "verb-edges", "table",
    'a word the parse reads as a verb or preposition opening a person\'s name, outside its noun phrase, '
    'is no part of it ("Said Comey,", "Among Latinos,", "After Telling Jeb Bush"), nor is a colon and '
    'what follows it ("Luciana Lopez: Saying ...")',
)
WORK_TITLES = declare(
    "work-titles", "table",
    '"ABC\'s TV show Scandal", "the book Clinton Cash": a name written right after a lower-case noun for a made '
    "work is the work's title, not a person, whatever NER called it (or where it missed it)",
)
AGENT_ROLE_PEOPLE = declare(
    "agent-role-people", "table",
    '"soprano soloist Megan Ellis" tagged ORG: a first name and surname right after a lower-case noun the '
    'lexicon reads as a person\'s role by its ending ("soloist", "organiser"), though it does not list it, are a '
    "person's name, as after a listed one (`role-named-people`)",
)
KIND_NOUN_BODIES = declare(
    "kind-noun-bodies", "table",
    '"the union Unite", "the charity Shelterwise": a name written right after "the" and a lower-case noun for a '
    "kind of body that it names is that body, an organisation, whatever NER called it (or where it missed it)",
)
ROLE_TITLED_PEOPLE = declare(
    "role-titled-people", "table",
    'a capitalised role noun before a common first name and a surname is the person\'s role whatever NER called '
    'the run ("Nurse Grace Adeyemi" tagged FAC or ORG, when "Adeyemi" is tagged a person or stands alone as a subject '
    'elsewhere; "Farmer Hugo Blanc" tagged EVENT) or where it missed it ("Scientist Ines Duarte" found by a later '
    '"Duarte"): the name is the person\'s, without the role, and no organisation; a role noun that is itself a '
    'common first name ("Hunter", "Carter") stays the first name',
)
ROLE_NAMED_PEOPLE = declare(
    "role-named-people", "table",
    '"GOP presidential candidate Carly Fiorina" tagged ORG: a first name and surname written right after a '
    "person's role noun are a person's name, so her bare surname is not her husband's",
)
MISSED_ROLE_NAMES = declare(
    "missed-role-names", "table",
    '"the prophet Ezra wrote", "his sister Mabel was crowned", "co-Host Dana Reyes said": a common first name '
    "(and up to two more capitalised words) NER passed over, written right after a person's role noun the parse "
    "ties it to, is a person's name",
)
NUMBERED_NAMES = declare(
    "numbered-names", "table",
    'a "person" named by one word and a number, whom the article never names without it ("Isaiah 45:1 reads", '
    '"House Bill 1523", "Ginbot 7"), is a thing or a body, never he or she',
)
APPOSED_PEOPLE = declare(
    "apposed-people", "table",
    '"Sable Mason, the state director of volunteers": a name NER tags PERSON that is in apposition with a '
    "person's role noun stays a person, though its words are English words and no common first name, so "
    '"said Mason" is she, not an organisation',
)
PLACES_IN_LONGER_NAMES = declare(
    "places-in-longer-names", "table",
    '"Sandy Hook" beside "Sandy Hook Elementary School": a name of two words or more NER tags PERSON, that it '
    "also tags as no person where the name stands alone, that opens a longer name of a body or place the "
    "article gives, and that has no title and no first name of a known gender, is a place or body (of the kind NER "
    "gives it where it stands alone), never he or she",
)
AGE_APPOSITIONS = declare(
    "age-appositions", "table",
    '"Nadia Ferrer, 41, said": a name with an age set off by commas after it is a person\'s whatever NER '
    'tagged it, and "the 41-year-old" describes that person',
)
ORGANIZATION_LIKE_NAMES = declare(
    "word-names", "table",
    '"persons" named only by English words and no first name ("Black Lives Matter") are organisations, as '
    'are such names NER missed and short acronyms ("Right Wing Watch reported", "The FEC"); '
    '"the Clintons" is a family, never he or she',
)
OUTLET_NAMES = declare(
    "outlet-names", "table",
    '"Politico reported", "as Breitbart reported": a one-word "person" that is the name of an outlet or firm '
    "the lexicon knows, and no common first name, is an organisation",
)


def entity_extents(doc: Doc) -> list[tuple[int, int, str]]:
    """``(ent.start, ent.end, ent.label_)`` of each of ``doc.ents``, read from the doc's entity
    arrays: ``doc.ents`` makes a new ``Span`` for every entity on each access. An entity opens at
    a B tag with a label and runs to the next token that is no I (as ``doc.ents`` reads them)."""
    if not len(doc):
        return []
    tags = doc.to_array([ENT_IOB, ENT_TYPE])
    iob, label = tags[:, 0], tags[:, 1]
    begins = np.flatnonzero((iob == 3) & (label != 0))
    stops = np.append(np.flatnonzero(iob != 1), len(doc))
    ends = stops[np.searchsorted(stops, begins, side="right")]
    return list(zip(begins.tolist(), ends.tolist(), strings_of(doc, label[begins].tolist())))


_SCORE = re.compile(r"\d+[-–—]\d+")
_COUNT = re.compile(r"\d+|[-–—]")
# Words a number names ("House Bill 412", "Proposition 8"), even in a run NER tagged PERSON.
_NUMBERED_WORDS = frozenset({"bill", "act", "proposition", "prop", "amendment", "measure", "resolution", "section",
                             "article", "title", "chapter", "question", "initiative", "ordinance", "route",
                             "local"})
# What a poll's figure after a name counts: "Trump 34 percent" is no body named "Trump 34".
_SHARES = frozenset({"percent", "%", "points", "percentage"})
_DASHES = frozenset({"-", "–", "—"})


def _before_numbers(text: list[str], start: int, end: int, person: bool) -> int:
    """Where a name ends without the count or score NER ran into it: a person's name holds no
    whole number ("Ana Ruiz 1", "Reyes - 60"), no name a score ("Eastport City 2-1") or a poll's
    share ("Ruiz 34 percent", tagged ORG); a station or a road keeps its number ("KWVB 7",
    "Interstate 15"), a persona its version ("Nightjar 2.0"), a bill its number ("House Bill 412")."""
    # Nearly every name ends in a word with no digit at its end and no dash: nothing to cut
    # (``\d`` is among what ``str.isdigit`` reads as a digit).
    if end - start > 1 and not (text[end - 1][-1:].isdigit() or text[end - 1] in _DASHES):
        return end
    while end - start > 1 and text[end - 2].lower() not in _NUMBERED_WORDS:
        poll = end < len(text) and text[end].lower() in _SHARES and _COUNT.fullmatch(text[end - 1])
        if _SCORE.fullmatch(text[end - 1]) or poll or (person and _COUNT.fullmatch(text[end - 1])):
            end -= 1
        elif end - start > 3 and _SCORE.fullmatch("".join(text[end - 3 : end])):
            end -= 3  # the tokenizer splits "2-1" into three
        else:
            break
    return end


def name_mentions(context: ArticleContext, settings: Settings = DEFAULT) -> list[NameMention]:
    """Every person, organisation and place name of the article, stripped to the name."""
    doc = context.doc
    found: list[NameMention] = []
    title_lines = title_case_lines(doc)
    # Where the headline's first line ends; a text that opens with its body has none.
    body_from = context.text.find("\n") if context.headline_end else -1
    # Words that end a person's name somewhere in running text: "Trump" in
    # "Donald Trump Says" is a surname to keep, "Says" is not.
    ents = entity_extents(doc)
    t = token_table(doc)
    surname_words: set[str] = set()
    # Words of the persons' names running text writes: "Will" of a headline's "Will Sanders come down"
    # is none when the body writes only "Bernie Sanders".
    body_person_words: set[str] = set()
    for ent_start, ent_end, label in ents:
        if label == "PERSON":
            at = t.idx[ent_start]
            if at not in title_lines:
                surname_words.add(t.lower[ent_end - 1])
                if at > body_from:
                    body_person_words.update(t.lower[ent_start:ent_end])
    text = context.text
    # Where the last dateline ends: a name after it, with the word before it, is read past none.
    datelines_end = max((end for _, end in context.datelines), default=-1)

    def text_between(first: int, stop: int) -> str:  # ``doc[first:stop].text``
        return text[t.idx[first]:t.end[stop - 1]] if stop > first else ""

    def title_at(i: int) -> bool:  # ``is_title(doc[i])``
        return t.lower[i] in TITLES and (t.text[i].istitle() or t.lower[i].endswith("."))

    for ent_start, ent_end, ent_label in ents:
        if ent_label in NOT_NAME_LABELS:
            continue
        if settings.on(ROLE_LABEL) and _role_label(text, t.idx[ent_start], t.end[ent_end - 1]):
            continue  # a transcript's "HOST:" names a role, no organisation or person
        if ent_end - ent_start == 1 and t.tag[ent_start] in ("NN", "NNP") and ent_label not in PLACE_LABELS \
                and settings.on(CAPITALISED_ROLES) and role_capital(doc, ent_start, context.headline_end):
            continue  # "Hacker who revealed ...": a role noun opening the headline, no one's name
        start, end = ent_start, ent_end
        titles: list[str] = []
        # A name never starts with a lower-case word: "the", "federal", "former".
        # A capital "The" inside a sentence is part of the name ("The New York Post").
        while start < end:
            role = title_at(start) or _leading_role(doc, start, end, ent_label, settings)
            if not (
                role
                or t.text[start].islower()
                or (t.lower[start] == "the" and not (ent_label == "ORG" and _mid_sentence_the(doc[start])))
                or t.punct[start]
            ):
                break
            if role:
                titles.append(t.lower[start])
            start += 1
        end = _name_end(doc, start, end, ent_label == "ORG" and settings.on(PLURAL_POSSESSIVE_NAMES))
        if ent_label == "PERSON":
            start, end = _person_edges(t, start, end, start == ent_start, settings)
        if settings.on(NUMBER_ENDS):
            end = _before_numbers(t.text, start, end, ent_label == "PERSON")
        if ent_label == "PERSON" and settings.on(VERB_EDGES):
            edges = _without_verb_edges(t, start, end)
            if edges[0] > start and edges[1] - edges[0] == 1 and t.lower[edges[0]] not in surname_words:
                continue  # "Among Latinos": what is left is one word no name in running text ends with
            start, end = edges
        if ent_label == "ORG" and end - start > 2 and t.lower[start] in KIND_ABBREVIATIONS \
                and settings.on(KIND_PREFIXES):
            start += 1  # "super PAC Priorities USA Action" is Priorities USA Action
        if ent_label == "PERSON":
            # "Stu" + a no-break space + "Burguiere": NER stops at the space.
            while end + 1 < len(t.text) and t.space[end] and "\n" not in t.text[end] \
                    and t.pos[end + 1] == "PROPN" and t.text[end + 1].istitle() and not t.ent[end + 1]:
                end += 2
        # Headlines glue verbs onto names: "Obama Says", "Glenn Beck Blasts Drudge".
        if end - start > 1 and t.idx[start] in title_lines:
            for i in range(start + 1, end):
                if doc[i].lower_ not in surname_words and is_verb(doc[i].lower_) and not (
                    # "Clinton Cash Debunks Hillary": "Cash" is a verb, but the
                    # body writes "the book Clinton Cash".
                    settings.on(BODY_NAMES) and _written_in_body(context.text, doc[start : i + 1].text, title_lines)
                ):
                    end = _name_end(doc, start, i)  # "Judicial Watch: State ..." is "Judicial Watch"
                    break
        if (ent_label == "PERSON" and end - start > 1 and body_from > 0 and settings.on(BODY_NAMES)
                and (t.idx[start] in title_lines or t.idx[start] < body_from)):
            start = _body_start(context, start, end, title_lines, body_from, body_person_words)
        if start >= end or (
            end - start == 1
            and ent_label == "PERSON"
            and (
                (t.pos[start] in ("VERB", "AUX") and t.lower[start] not in surname_words)
                # A headline capitalises common nouns; the body would write a name again.
                or (t.pos[start] == "NOUN" and t.idx[start] < body_from and t.lower[start] not in body_person_words)
                or (settings.on(POSITION_CAPITALS) and capitalised_by_position(doc, t.text[start]))
            )
        ) or (
            # The small model tags a sentence's capitalised first noun ORG as readily as PERSON.
            end - start == 1
            and ent_label == "ORG"
            and settings.on(POSITION_CAPITAL_BODIES)
            and capitalised_by_position(doc, t.text[start])
        ):
            continue  # "Said" or "Library" opening a headline is no one's name
        # Titles just outside the entity: "Sen. Ted Cruz", "Lt. Gen. Michael Flynn".
        before = ent_start - 1
        while before >= 0 and title_at(before) and len(titles) < 4:
            titles.insert(0, t.lower[before])
            before -= 1
        label = ent_label
        if label != "PERSON" and (
            title_gender(titles)
            or _person_by_title_or_speech(doc, start, end, titles, label)
            or (label == "ORG" and settings.on(ROLE_NAMED_PEOPLE) and _person_by_role_noun(doc, start, end))
            or (label == "ORG" and settings.on(AGENT_ROLE_PEOPLE) and _person_by_role_noun(doc, start, end, _agent_noun))
        ):
            # An honorific makes a person: "Mr. Trump" is no organisation.
            label = "PERSON"
        elif label not in PLACE_LABELS and (
            (end < len(doc) and t.lower[end] in MEDIA_KIND_NOUNS)
            or (settings.on(WORK_TITLES) and after_work_noun(doc, start))
            or (settings.on(KIND_NOUN_BODIES) and after_kind_noun(doc, start, end))
        ):
            # "Family Circle magazine", "Morning Joe show": whatever NER called it, an outlet.
            label = "ORG"
        elif label not in NAME_LABELS:
            continue
        if label == "ORG" and all(t.lower[i] in _TYPE_WORDS or title_at(i) for i in range(start, end)):
            continue  # "Super PAC", "Navy Capt": a kind of body or a rank, not a name
        while label == "ORG" and end - start > 1 and title_at(end - 1):
            end -= 1  # "Navy Capt" + ". Jeff Davis": the rank is the person's
        if label == "PERSON" and end - start == 1 and t.lower[start] in PLATFORMS:
            label = "ORG"
        if label == "NORP" and (end - start > 1 or t.tag[start] in ("NNPS", "NNS")):
            continue  # "Democrats", "Republicans": groups, not named entities
        previous = found[-1] if found else None
        if previous is not None and previous.label == label and (
            # NER split one name in two: "Keith" + "Lamont Scott",
            # "the U.S. District Court" + "for the Northern District".
            (label == "PERSON" and previous.end == start)
            or (label == "ORG" and previous.end + 1 == ent_start and t.lower[previous.end] in ("for", "of"))
        ):
            joined = previous.start
            if label == "PERSON" and settings.on(BODY_NAMES) and body_from > 0 and (
                    doc[joined].idx in title_lines or doc[joined].idx < body_from):
                # "McCain Challenger" + "Kelli Ward" on a headline: the body's "Kelli Ward".
                joined = _body_start(context, joined, end, title_lines, body_from, body_person_words)
            span = Span(doc, joined, end)
            found[-1] = NameMention(joined, end, span.root.i if joined > previous.start else previous.head,
                                    _name_text(span.text), label, previous.titles)
            continue
        span = Span(doc, start, end)
        name = _name_text(text_between(start, end))
        if t.idx[start - 1 if start > 0 else 0] < datelines_end:
            start, name, label = _after_dateline(context, start, end, name, label)
            if start is None:
                continue
        found.append(NameMention(start, end, span.root.i, name, label, tuple(titles)))
    if settings.on(ORGANIZATION_LIKE_NAMES):
        found = _without_families(doc, found)
    if settings.on(NUMBERED_NAMES):
        _numbered_names(t, found)
    if settings.on(SPLIT_FIRST_NAMES):
        found = split_first_names(doc, t, found, ents)
    if settings.on(ROLE_APPOSITION_PEOPLE):
        role_apposition_people(doc, t, found)
    if settings.on(SURNAME_PEOPLE):
        people_tagged_organizations(doc, t, found)
    if settings.on(FIRST_NAME_PEOPLE):
        first_name_people(doc, t, found)
    _places_named_like_people(doc, found)
    if settings.on(PLACES_IN_LONGER_NAMES):
        _places_in_longer_names(doc, found, ents, settings.first_name_confidence)
    if settings.on(ACRONYM_ORGANIZATIONS):
        _organizations_by_acronym(found)
    if settings.on(ORGANIZATION_LIKE_NAMES):
        _organizations_named_like_people(doc, found, settings)
    if settings.on(OUTLET_NAMES):
        _outlets_named_like_people(doc, found)
    if settings.on(AGE_APPOSITIONS):
        for m in found:
            # An age is set off by a comma right after the name's head: no ``Token`` made for the others.
            if m.label != "PERSON" and t.text[m.head + 1 : m.head + 2] == [","] and apposed_age(doc[m.head]) is not None:
                m.label = "PERSON"  # NER tags a name with an age a place or a body now and then; a place has no age
    if settings.on(KIND_WORD_NAMES):
        found = kind_word_names(doc, found, title_lines)
    if settings.on(STATE_BODIES):
        found = state_bodies(doc, found)
    if settings.on(QUOTED_NAMES):
        found = quoted_names(doc, found)
    found = add_missed_names(doc, found, ents, settings.on(COMMON_WORD_SURNAMES), settings.on(MISSED_FULL_NAMES),
                             settings.on(ROLE_TITLED_PEOPLE), settings.on(MISSED_ROLE_NAMES))
    if settings.on(REPEATED_FULL_NAMES):
        found = repeated_full_names(doc, found, ents)
    for m in found:
        m.quoted = bool(context.token_in_quote[m.start])
    if settings.on(GLUED_WORDS):
        _drop_glued_words(doc, found, title_lines)
    _keep_suffix_stops(t, found)
    return found


def _keep_suffix_stops(t, found: list[NameMention]) -> None:
    """The tokenizer keeps "Jr." whole but splits "Sr." into "Sr" and ".", and a name loses its trailing
    punctuation: give "Sr" back the stop the text wrote, so "Sr." and "Jr." read alike (and "Sr" and "Jr")."""
    for m in found:
        last = m.end - 1
        if (m.end < len(t.text) and t.text[m.end] == "." and t.idx[m.end] == t.end[last]
                and t.lower[last] in _STOPLESS_SUFFIXES and m.text.endswith(t.text[last])):
            m.text += "."


# Suffixes written with a stop ("Sr."), as the tokenizer leaves them when it splits the stop off.
_STOPLESS_SUFFIXES = frozenset(s for s in NAME_SUFFIXES if f"{s}." in NAME_SUFFIXES)


POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
# A closing quotation mark the tokenizer left glued to the name after it: 'paranoia,”Clinton'.
_GLUED = re.compile(r"^\S*[”\"](?=\w)")


# The speaker's name after a role label: "HOST (Julia Marsh):".
NAMED_AFTER_ROLE = re.compile(r"[ \t\xa0]*\([^()\n]{1,60}\)[ \t\xa0]*:")


def _role_label(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a questioner's label opening its line: "HOST: ...", "“Q: ...",
    "HOST (Julia Marsh): ...", "Q. ..." (NER's "Q." holds its full stop)."""
    label = text[start:end].lower()
    if label != "q." and label not in QUESTIONER_LABELS:
        return False  # read first: it rules out nearly every name
    line_start = text.rfind("\n", 0, start) + 1
    if label == "q." and not text[line_start:start].strip(" \t\"“'‘"):
        return True
    return ((text[end:end + 1] == ":" or NAMED_AFTER_ROLE.match(text, end) is not None) and not text[line_start:start].strip(" \t\"“'‘")
            and label in QUESTIONER_LABELS)


def _after_dateline(context: ArticleContext, start: int, end: int, text: str, label: str):
    """A name without the dateline before it: "CHARLOTTE, N.C.—" names no one,
    and the first name the tokenizer glued to it ("N.C.—Donald" + "Trump") is
    the name's. (None, ..) when the name is all dateline."""
    t = token_table(context.doc)
    first, last_end = t.idx[start], t.end[end - 1]
    for line_start, line_end in context.datelines:
        if line_start <= first < line_end:
            if last_end <= line_end:
                return None, text, label
            # The name's tokens start after the dateline too, as its text does.
            while start < end - 1 and t.idx[start] < line_end:
                start += 1
            return start, context.text[line_end:last_end], label
        if start > 0 and t.idx[start - 1] < line_end < t.end[start - 1]:
            # The tokenizer glued the name's first word to the dateline.
            first_name = context.text[line_end : t.end[start - 1]]
            if first_name.isalpha() and first_name[:1].isupper():
                if common_first_name(first_name):
                    label = "PERSON"
                return start - 1, f"{first_name} {text}", label
    return start, text, label


def _written_in_body(text: str, phrase: str, title_lines: TitleCaseLines, offset: int = 0) -> bool:
    """Whether ``phrase``, as a run of whole words, is written on a line that is no headline
    (``text`` starts at ``offset`` of the article)."""
    if not phrase:
        return any(m.start() + offset not in title_lines for m in re.finditer(r"(?<![\w-])(?![\w-])", text))
    # Found with ``str.find``, resumed as a regular-expression scan would: compiling a
    # pattern for each phrase costs more than the search.
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or not _joins_word(text[at - 1])) and (end == len(text) or not _joins_word(text[end])):
            if at + offset not in title_lines:
                return True
            at = text.find(phrase, end)
        else:
            at = text.find(phrase, at + 1)
    return False


def _joins_word(ch: str) -> bool:
    """A character that continues a word (``[\\w-]``)."""
    return ch.isalnum() or ch in "_-"


def _body_start(
    context: ArticleContext, start: int, end: int, title_lines: TitleCaseLines, body_from: int, body_person_words: set[str]
) -> int:
    """Where a headline's person name starts if the body does not write it whole: where the body starts it.

    "DJ Martin Solveig sorry ..." is the body's "Martin Solveig"; "McCain
    Challenger Kelli Ward" its "Kelli Ward". A lone surname is what is left
    only when no word dropped is part of a person's name in the body: "Will
    Sanders come down ...?" is "Sanders" where the body writes "Bernie
    Sanders" and writes "will", and "Hears About Obama" is "Obama"; a
    headline's "Hillary Clinton" stays whole over a body that writes only
    "Mrs. Clinton". A lone word is left only when the body writes it in a
    person's name: "Bellwether County" over a body's "Vigo County" stays whole.
    """
    doc, body = context.doc, context.text[body_from:]
    if _written_in_body(body, doc[start:end].text, title_lines, body_from):
        return start
    for cut in range(start + 1, end):
        if doc[cut].is_punct or doc[cut].is_space:
            continue
        alone = all(t.is_punct or t.lower_ in NAME_SUFFIXES for t in doc[cut + 1 : end])
        if alone and (doc[cut].lower_ not in body_person_words
                      or not all(_no_first_name_here(t, body_person_words) for t in doc[start:cut])):
            break
        if _written_in_body(body, doc[cut:end].text, title_lines, body_from):
            return cut
    return start


def _no_first_name_here(token: Token, body_person_words: set[str]) -> bool:
    """A headline word before a surname that is no one's first name in this article: part of no
    name the body writes, and no common first name unless the article also writes it in lower case
    ("Will" where it writes "will")."""
    if token.lower_ in body_person_words:
        return False
    return not common_first_name(token.text) or any(t.text == token.lower_ for t in token.doc)


def _person_edges(t, start: int, end: int, from_ner_start: bool, settings: Settings) -> tuple[int, int]:
    """A person's name within the span NER drew: cut at a word no name holds, begun at a first name NER left out."""
    if settings.on(INNER_BREAKS) and end - start > 1:
        end = inner_break(t, start, end)
    if from_ner_start and settings.on(INITIAL_FIRST_NAMES):
        start = first_name_before(t, start, end)
    if settings.on(LEADING_ROLE_WORDS):
        start = without_leading_roles(t, start, end)
    return start, end


def _name_end(doc: Doc, start: int, end: int, plural_possessives: bool = False) -> int:
    """Where a name ends: before a possessive ("Christie’s Nov." is Christie's)
    and before punctuation or space at its end. With ``plural_possessives`` (an organisation's
    name), a plural noun's apostrophe followed by a capitalised word is inside the name."""
    t = token_table(doc)
    for i in range(start + 1, end):
        if plural_possessives and _plural_possessive_inside(t, i, end):
            continue
        if t.tag[i] == "POS" or t.lower[i] in POSSESSIVES:
            end = i
            break
    # A lower-case word never ends a name: 'Juan "Chico" Manriquez of'; but the
    # second part of a hyphenated given name is part of it ("Ban Ki-moon").
    while end > start and (
        t.tag[end - 1] == "POS" or t.punct[end - 1] or t.space[end - 1]
        or (t.text[end - 1].islower() and not _hyphen_joined(t, start, end - 1))
    ):
        end -= 1
    return end


def _plural_possessive_inside(t, i: int, end: int) -> bool:
    """Whether word ``i`` is the bare apostrophe of a plural common noun ("Tenants'", "Veterans'") with a
    capitalised word after it before ``end``: the name of a body owned by no one ("Tenants' Alliance").
    A person's "Sanders'" is a singular proper noun, and "'s" is a singular possessive: both end a name."""
    return (
        t.text[i] in ("'", "’")
        and i + 1 < end
        and t.text[i + 1][:1].isupper()
        and t.tag[i - 1] in ("NNS", "NNPS")
        and t.lower[i - 1].endswith("s")
        and t.end[i - 1] == t.idx[i]
        and english_word(t.lower[i - 1])
    )


# Tags of a verb or preposition: "Said Comey", "Telling Jeb Bush", "Among Latinos".
_VERB_OR_PREPOSITION_TAGS = frozenset({"VBD", "VBG", "VBN", "VBZ", "IN", "TO"})


def _without_verb_edges(t, start: int, end: int) -> tuple[int, int]:
    """A person's name without a verb or preposition the parse reads before it, outside the
    name's noun phrase (a first name such as "Hope" or "Will" is read as part of it), and
    without a colon and the words after it."""
    for i in range(start + 1, end):
        if t.text[i] == ":":
            end = _name_end_before(t, start, i)
            break
    while end - start >= 2 and t.tag[start] in _VERB_OR_PREPOSITION_TAGS and t.tag[start + 1] == "NNP" and (
        t.dep[start] not in ("compound", "flat") or not common_first_name(t.text[start])
    ):
        start += 1
    return start, end


def _name_end_before(t, start: int, i: int) -> int:
    while i > start and (t.punct[i - 1] or t.space[i - 1]):
        i -= 1
    return i


def _hyphen_joined(t, start: int, i: int) -> bool:
    """Whether word ``i`` is joined by a hyphen, without spaces, to a capitalised word of the name before it,
    and read as a proper noun or no English word ("Ki-moon", "Ji-hoon"), not a word made with the name
    ("Trump-led", "Obama-era")."""
    return (
        i - 2 >= start
        and (t.pos[i] == "PROPN" or not english_word(t.lower[i]))
        and t.text[i - 1] in ("-", "‐")
        and t.end[i - 2] == t.idx[i - 1]
        and t.end[i - 1] == t.idx[i]
        and t.text[i - 2][:1].isupper()
        and t.text[i].isalpha()
    )


def _name_text(text: str) -> str:
    """The name's text without what the tokenizer glued to its front ('paranoia,”Clinton')."""
    if '"' in text or "”" in text:
        glued = _GLUED.match(text)
        if glued:
            text = text[glued.end() :]
    return " ".join(text.split())  # a no-break space or a line break inside a name is a space


def _drop_glued_words(doc: Doc, found: list[NameMention], title_lines: TitleCaseLines) -> None:
    """Words run into a name the article gives cleanly elsewhere, dropped.

    An adjective, insult or verb before it ("Crooked Hillary Clinton", "Rip
    Donald Trump" from a headline "Lawmakers Rip Donald Trump", "Derelict
    Obama"): an English word that is no common first name, before the words
    of a person's name written in running text. And on a headline-like line,
    words after such a name that no clean name has ("Fox News Nemesis Just
    Said", "Clinton Cash Debunks Hillary").
    """
    t = token_table(doc)
    clean = [m for m in found if not m.quoted and not t.idx[m.start] in title_lines]
    clean_names = {m.words for m in clean}
    person_names = {person_words(m.text) for m in clean if m.label == "PERSON"}
    person_parts = {w for words in person_names for w in words}
    for k, m in enumerate(found):
        start, end = m.start, m.end
        while end - start >= 2 and _glued_word(t.text[start], t.lower[start], person_parts):
            rest = person_words(doc[start + 1 : end].text)
            if rest in person_names or (len(rest) == 1 and rest[0] in person_parts):
                start += 1
            else:
                break
        if end - start >= 2 and t.idx[start] in title_lines and m.words not in clean_names:
            for cut in range(end - 1, start, -1):
                if name_words(doc[start:cut].text) in clean_names:
                    if all(t.lower_ not in person_parts for t in doc[cut:end]):
                        end = _name_end(doc, start, cut)  # "Judicial Watch:" is "Judicial Watch"
                    break
        if (start, end) != (m.start, m.end):
            span = doc[start:end]
            found[k] = NameMention(start, end, span.root.i, _name_text(span.text), m.label, m.titles, m.quoted)


def _glued_word(text: str, word: str, person_parts: set[str]) -> bool:
    """A capitalised English word (``text``, lower case ``word``) that is neither
    a common first name nor part of a person's name in the article."""
    return (
        text[:1].isupper()
        and word not in person_parts
        and english_word(word)
        and not common_first_name(text)
    )


# Words of a kind of body, not of a name: "Super PAC", "the Foundation".
_TYPE_WORDS = ORG_NOUNS | ORG_KIND_QUALIFIERS
# Kinds of body written in capitals before the name ("super PAC Priorities USA").
KIND_ABBREVIATIONS = frozenset({"pac"})
# Nouns after a name that say it is an outlet: "Family Circle magazine".

# Entity types that never hold a name: numbers, dates, amounts.
NOT_NAME_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def after_work_noun(doc: Doc, start: int) -> bool:
    """Whether the name at ``start`` comes right after a lower-case noun for a made work ("the TV show")."""
    t = token_table(doc)
    i = start - 1
    return i >= 0 and t.pos[i] == "NOUN" and t.text[i].islower() and t.lower[i] in WORK_NOUNS


def after_kind_noun(doc: Doc, start: int, end: int) -> bool:
    """Whether the name in [start, end) is named by "the" and a lower-case noun for a kind of body right
    before it: "The union Unite said". Read on the surface, since a parse often splits the two; not after a
    verb ("told the court Lund had lied": the name opens a clause) nor for a first name and surname."""
    t = token_table(doc)
    i = start - 1
    if i < 1 or t.pos[i] != "NOUN" or not t.text[i].islower() or t.lower[i] not in ORG_NOUNS:
        return False
    if t.lower[i - 1] not in ("the", "a", "an") or (i > 1 and t.pos[i - 2] in ("VERB", "AUX")):
        return False
    return not (end - start > 1 and common_first_name(t.text[start]))


def _plain_name(doc: Doc, start: int, end: int) -> bool:
    """One to three capitalised proper nouns, none of them a title or an organisation word."""
    t = token_table(doc)
    return 1 <= end - start <= 3 and all(
        t.pos[i] == "PROPN" and t.text[i][:1].isupper() and t.lower[i] not in TITLES and t.lemma[i] not in ORG_NOUNS
        for i in range(start, end)
    )


def _person_by_title_or_speech(doc: Doc, start: int, end: int, titles: list[str], label: str) -> bool:
    """A name NER called something else that is a person's: led by a person
    title ("Mayor Elena Marsh" tagged WORK_OF_ART), or the subject of a verb of
    saying, written as a first name and surname, with "he" or "she" later in
    the text. Organisations, places and nationalities speak too ("Wells Fargo
    said", "Democrats said"): for them only a title counts."""
    # A person title, or a role noun written before the name ("Librarian").
    if any(t in PERSON_TITLES or (t not in TITLES and is_person_noun(t)) for t in titles):
        return _plain_name(doc, start, end)
    if label in NAME_LABELS or end - start < 2 or not _plain_name(doc, start, end):
        return False
    if not known_first_name(token_table(doc).text[start]):
        return False
    root = doc[start:end].root
    if root.dep_ != "nsubj" or root.head.lemma_ not in SPEECH_LEMMAS:
        return False
    return any(word in PERSON_PRONOUNS for word in token_table(doc).lower[end:])


def _person_by_role_noun(doc: Doc, start: int, end: int, role_noun=PERSON_NOUNS.__contains__) -> bool:
    """ "former tech executive Carly Fiorina": a first name and surname right
    after a lower-case role noun that only a person holds (``role_noun`` of its lemma)."""
    if start == 0 or end - start < 2 or not _plain_name(doc, start, end):
        return False
    t = token_table(doc)
    role = start - 1
    return (known_first_name(t.text[start]) and t.pos[role] == "NOUN" and t.text[role].islower()
            and role_noun(t.lemma[role]))


def _agent_noun(lemma: str) -> bool:
    """A role noun the lexicon reads by its ending alone ("soloist"); listed ones are `role-named-people`'s."""
    return is_person_noun(lemma) and lemma not in PERSON_NOUNS


def _leading_role(doc: Doc, start: int, end: int, label: str, settings: Settings) -> bool:
    """ "Librarian Helen Marsh": a capitalised role noun before a first name and
    surname is a role, not part of the name; a first name that looks like one
    ("Hunter Biden", "Baker Mayfield") is kept. In a run NER called an
    organisation or a place, only before a common first name and a surname that
    is no organisation or place word and that stands for the person elsewhere,
    tagged PERSON or alone as a subject ("Nurse Grace Adeyemi" ... "Adeyemi
    said", not "Mother Emanuel Church")."""
    if end - start < 3:
        return False
    t = token_table(doc)
    word = t.text[start]
    if not word.istitle() or t.lower[start] in TITLES or not is_person_noun(t.lower[start]):
        return False
    if not all(t.pos[i] == "PROPN" and t.text[i][:1].isupper() for i in range(start + 1, end)):
        return False
    if not settings.on(ROLE_TITLED_PEOPLE):
        return label not in PLACE_OR_ORG_LABELS and not known_first_name(word)
    # A role noun no one is commonly named ("Farmer", "Nurse") is a role even when some people carry it as a name.
    if common_first_name(word):
        return False
    if label not in PLACE_OR_ORG_LABELS:
        return True
    rest = t.lower[start + 1 : end]
    if not common_first_name(t.text[start + 1]) or any(
        w in ORG_NOUNS or w in PLACE_OR_BODY_WORDS or w in BODY_KIND_WORDS for w in rest
    ):
        return False
    # A person named in full is named again by surname, which NER reads as a person's or which stands alone as a
    # subject ("Adeyemi said", "Stone said" that md's NER tags ORG); a body or building ("Mother Emanuel Church",
    # "Charleston Church Shooting") is not.
    surname = t.text[end - 1]
    return any(
        t.text[i] == surname and (
            t.ent[i] == "PERSON"
            or (t.dep[i] in ("nsubj", "nsubjpass") and t.pos[i - 1] != "PROPN" and t.pos[i + 1] != "PROPN")
        )
        for i in range(1, len(t.text) - 1) if not start <= i < end
    )


def _places_named_like_people(doc: Doc, found: list[NameMention]) -> None:
    """A one-word "person" that is a place or club: "the Lyon striker", "Lyon"
    tagged ORG as often as PERSON. Such a name is never "he" or "she"."""
    in_full_names = {w for m in found if m.label == "PERSON" and len(m.words) > 1 for w in m.words}
    other: dict[tuple[str, ...], list[str]] = {}
    for m in found:
        if m.label in ("ORG", "GPE", "LOC", "FAC") and len(m.words) == 1:
            other.setdefault(m.words, []).append(m.label)
    single: dict[tuple[str, ...], list[NameMention]] = {}
    for m in found:
        if m.label == "PERSON" and len(m.words) == 1 and m.words[0] not in in_full_names:
            single.setdefault(m.words, []).append(m)
    for words, mentions in single.items():
        if any(m.titles for m in mentions):
            continue
        labels = other.get(words, [])
        if labels and len(labels) >= len(mentions):
            label = max(set(labels), key=labels.count)
        elif all(_attributive(doc[m.head]) for m in mentions):
            label = "ORG"
        else:
            continue
        for m in mentions:
            m.label = label


def _places_in_longer_names(doc: Doc, found: list[NameMention], ents, confidence: float) -> None:
    """ "In that sense, Grant Park wasn't only a city's loss ... he added": a place whose words read like
    a first name and a surname is tagged PERSON in some sentences and a place or body in others, and names
    the school or body the article calls by its longer name. A body named after a person ("the Eric Trump
    Foundation", "Ted Cruz Super PAC") keeps its person, who has a first name of a known gender or a title."""
    tagged_otherwise: dict[tuple[str, ...], list[str]] = {}
    # Each entity's text sliced from the article's kept text (``doc[start:end].text`` makes a span and
    # joins its tokens anew).
    text, t = document_text(doc), token_table(doc)
    for start, end, label in ents:
        if label != "PERSON" and label not in NOT_NAME_LABELS:
            tagged_otherwise.setdefault(name_words(text[t.idx[start]:t.end[end - 1]]), []).append(label)
    longer = [m.words for m in found if m.label in PLACE_OR_ORG_LABELS]
    people: dict[tuple[str, ...], list[NameMention]] = {}
    for m in found:
        if m.label == "PERSON" and len(m.words) > 1:
            people.setdefault(m.words, []).append(m)
    for words, mentions in people.items():
        if words not in tagged_otherwise or any(m.titles for m in mentions):
            continue
        if not any(len(other) > len(words) and other[: len(words)] == words for other in longer):
            continue
        if first_name_gender(words[0], confidence) is not None:
            continue
        # Of a kind NER gives the name where it stands alone: "Sandy Hook" a place, "Pershing Square" a fund.
        kinds = [label for label in tagged_otherwise[words] if label in NAME_LABELS]
        label = max(set(kinds), key=kinds.count) if kinds else "ORG"
        for m in mentions:
            m.label = label


# Characters of a number as written in a tally, a score, a verse or a version: "300", "42-40", "45:1", "2.0".
_NUMBER_CHARACTERS = frozenset("0123456789:-–./,")


def _numbered_names(t, found: list[NameMention]) -> None:
    """A "person" named by one word and a number, whom the article never names without it, is no
    person: "Isaiah 45:1 reads", "House Bill 1523", "Ginbot 7 has grown" (a verse, a bill, a movement).
    A word the article names a person by elsewhere is left as it is ("Guccifer 2.0" beside "Guccifer",
    a persona named after another; "Cruz 59" in a tally), and so is a full name before a number
    ("Ted Cruz 300") and a number glued to a word ("Trump2016", "L2")."""
    def number(i: int) -> bool:
        return any(c.isdigit() for c in t.text[i]) and all(c in _NUMBER_CHARACTERS for c in t.text[i])

    person_words: set[str] | None = None
    for m in found:
        if m.label != "PERSON" or m.end - m.start < 2 or not number(m.start + 1):
            continue
        if person_words is None:
            # Words of persons' names, up to a number: "Ted Cruz 300" names Cruz as "Ted Cruz" does.
            person_words = set()
            for other in found:
                if other.label == "PERSON":
                    stop = next((i for i in range(other.start, other.end) if number(i)), other.end)
                    if stop - other.start > (1 if stop < other.end else 0):
                        person_words.update(t.lower[other.start:stop])
        if t.lower[m.start] not in person_words:
            m.label = "ORG"


def _organizations_by_acronym(found: list[NameMention]) -> None:
    """A "person" whose last word is an acronym the article names an organisation by on its own: "Junge SVP"
    beside "the SVP". A person's name never ends in a party's or body's acronym; suffixes ("III") are no acronyms."""
    acronyms = {m.text for m in found if m.label == "ORG" and len(m.words) == 1 and _acronym_word(m.text)}
    if not acronyms:
        return
    for m in found:
        if m.label == "PERSON" and len(m.words) > 1 and not title_gender(m.titles):
            last = m.text.split()[-1]
            if last in acronyms:
                m.label = "ORG"


def _acronym_word(word: str) -> bool:
    return is_initialism(word) and word.lower().rstrip(".") not in _SUFFIX_WORDS


_SUFFIX_WORDS = frozenset(s.lower().rstrip(".") for s in NAME_SUFFIXES)


def _without_families(doc: Doc, found: list[NameMention]) -> list[NameMention]:
    """ "the Clintons", "the Obamas": a family is several people, never "he" or "she"."""
    # "Mrs. Whitfield" names a surname as surely as "Ann Whitfield" does.
    surnames = {m.words[-1] for m in found if m.label == "PERSON" and (len(m.words) > 1 or m.titles)}
    return [
        m for m in found
        if not (
            m.label == "PERSON"
            and len(m.words) == 1
            and m.words[0].endswith("s")
            and m.words[0][:-1] in surnames
        )
    ]


def _organizations_named_like_people(doc: Doc, found: list[NameMention], settings: Settings = DEFAULT) -> None:
    """A "person" named only by English words, none of them a common first name,
    with no title: "Black Lives Matter", "Grand Marshal". NER tags such names
    PERSON; they are organisations or things, never "he" or "she" -- unless the
    article describes the name as someone ("Teal Baker, the national director")."""
    for m in found:
        if (
            m.label == "PERSON"
            and m.end - m.start >= 2
            and not m.titles
            and all(t.is_alpha and english_word(t.lower_) and not common_first_name(t.text) for t in doc[m.start : m.end])
            and not (settings.on(APPOSED_PEOPLE) and _apposed_role(doc[m.head]))
        ):
            m.label = "ORG"


# Outlets and firms the lexicon knows by name ("politico", "reuters", "cnn", "facebook").
_OUTLETS = ORG_KIND_WORDS["media"] | ORG_KIND_WORDS["company"]


def _outlets_named_like_people(doc: Doc, found: list[NameMention]) -> None:
    """ "Politico reported": NER tags a one-word outlet PERSON; it is no one's name."""
    for m in found:
        if (
            m.label == "PERSON" and m.end - m.start == 1 and not m.titles
            and doc[m.start].lower_ in _OUTLETS and not known_first_name(doc[m.start].text)
        ):
            m.label = "ORG"


def _apposed_role(token: Token) -> bool:
    """A name in apposition with a person's role noun: "Teal Baker, the national director",
    "the national director, Teal Baker"."""
    def role(noun: Token) -> bool:
        return noun.pos_ == "NOUN" and noun.tag_ == "NN" and is_person_noun(noun.lemma_.lower())

    if token.dep_ == "appos" and role(token.head):
        return True
    return any(child.dep_ == "appos" and role(child) for child in token.children)


def _attributive(token: Token) -> bool:
    """A name modifying a role noun: "Lyon" in "the Lyon striker"."""
    head = token.head
    return token.dep_ == "compound" and head.pos_ == "NOUN" and is_person_noun(head.lemma_.lower())


def _mid_sentence_the(token: Token) -> bool:
    if token.text != "The" or token.i == token.sent.start or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return not (before.is_space or before.is_punct and before.text in ".!?:;\"“”'‘’—-")
