"""Where a person's name begins and ends inside the span NER drew, read off the parse and casing.

Models draw different spans: one tags "Juan Manriquez of Oakland" or
"Christie “New Jersey" as one person, another leaves the first name out of
"Morris J. Brooks Jr.". These constraints hold for any parse: a person's name
holds no lower-case word but a surname particle, no quotation mark it does not
close, and begins with the first name written right before a middle initial.
"""

from __future__ import annotations

from ..context import document_text
from ..lexicon import BODY_KIND_WORDS, NAME_PARTICLES, NAME_SUFFIXES, ORG_NOUNS, TITLES, is_listed_person_noun, is_person_noun
from .rules import declare
from .words import (
    NameMention, common_first_name, english_word, known_first_name, name_words, noun_lemmas, plural_noun,
    written_in_lower_case,
)

INNER_BREAKS = declare(
    "inner-breaks", "table",
    'a person\'s name ends before a lower-case word inside it that is no surname particle ("Juan Manriquez of '
    'Oakland", "Christie endorsed Trump"), a comma ("Christie, New Jersey") and a quotation mark it does not close '
    '("Christie “New Jersey"); '
    '"Ban Ki-moon", "Charles de Gaulle" and a nickname in quotation marks stay whole',
)
INITIAL_FIRST_NAMES = declare(
    "initial-first-names", "table",
    'a name that begins with a middle initial begins with the first name written right before it, which NER '
    'left out ("Morris" + "J. Brooks Jr.")',
)

_OPENING = frozenset({"“", "‘", "«"})
_CLOSING = frozenset({"”", "’", "»"})
_STRAIGHT = frozenset({'"'})


def inner_break(t, start: int, end: int) -> int:
    """Where a person's name from ``start`` ends, given the span NER drew ending at ``end``."""
    straight = 0
    for i in range(start + 1, end):
        word = t.text[i]
        if word in _STRAIGHT:
            straight += 1
            if not any(t.text[k] in _STRAIGHT for k in range(i + 1, end)) and straight % 2:
                return _before(t, start, i)
        elif word in _OPENING:
            if not any(t.text[k] in _CLOSING for k in range(i + 1, end)):
                return _before(t, start, i)
        elif word in (",", ";") and not (i + 1 < end and t.lower[i + 1] in NAME_SUFFIXES):
            return _before(t, start, i)  # "Christie, New Jersey": "Jr." alone follows a comma in a name
        elif word.isalpha() and word.islower() and word not in NAME_PARTICLES and not _after_hyphen(t, i):
            return _before(t, start, i)
    return end


def first_name_before(t, start: int, end: int) -> int:
    """Where a person's name begins when NER started it at a middle initial: at the first name before it
    that the parse reads as part of the same name ("Morris" + "J. Brooks Jr.")."""
    initial = t.text[start]
    if start == 0 or end - start < 2 or not (len(initial) == 2 and initial[0].isupper() and initial[1] == "."):
        return start
    before = start - 1
    if (t.ent[before] or t.pos[before] != "PROPN" or not t.text[before].istitle()
            or t.lower[before] in TITLES or not start <= t.head[before] < end
            or not known_first_name(t.text[before])):
        return start
    return before


def _after_hyphen(t, i: int) -> bool:
    """A word joined by a hyphen to the word before it, without spaces: "Ki-moon"."""
    return i >= 2 and t.text[i - 1] in ("-", "‐") and t.end[i - 1] == t.idx[i] and t.end[i - 2] == t.idx[i - 1]


def _before(t, start: int, i: int) -> int:
    while i > start and (t.punct[i - 1] or t.space[i - 1]):
        i -= 1
    return i


SURNAME_PEOPLE = declare(
    "surname-people", "table",
    'a name NER tagged as an organisation that is the full name of a person the article names in full, or a '
    'common first name and the surname of one ("Melania Trump" tagged ORG beside "Donald Trump"), or that person\'s surname with a comma or a verb run '
    'into it ("Christie, New Jersey", "Christie endorsed Trump" beside "Chris Christie"), is that person\'s',
)


def people_tagged_organizations(doc, t, found: list) -> None:
    """Names NER tagged ORG that are a person's surname or full name in this article, turned into the person's."""
    full_names = {
        m.words for m in found
        if m.label == "PERSON" and len(m.words) > 1 and known_first_name(doc[m.start].text)
    }
    if not full_names:
        return
    surnames = {words[-1] for words in full_names}
    for k, m in enumerate(found):
        if m.label != "ORG":
            continue
        end = _organization_break(t, m.start, m.end)
        words = name_words(doc[m.start:end].text) if end != m.end else m.words
        # A one-word ORG is left as NER tagged it: entities join it to the person by surname already.
        if not words or any(w in ORG_NOUNS for w in words) or not (  # "Clinton Foundation" stays
            words in full_names
            or (end != m.end and len(words) == 1 and words[0] in surnames)
            or (2 <= len(words) <= 3 and words[-1] in surnames and words[0] not in surnames
                and common_first_name(doc[m.start].text)
                and all(t.pos[i] == "PROPN" and t.text[i].istitle() for i in range(m.start, end)))
        ):
            continue
        if end == m.end:
            m.label = "PERSON"
        else:
            span = doc[m.start:end]
            found[k] = NameMention(m.start, end, span.root.i, " ".join(span.text.split()), "PERSON", m.titles, m.quoted)


FIRST_NAME_PEOPLE = declare(
    "first-name-people", "table",
    'a name of two words NER tagged ORG, a first name (hyphenated or not) and a capitalised surname, is a person\'s when the first name '
    'is common and the surname no English word ("Sean Hannity", "Carly Fiorina"), or when NER tags the surname '
    'alone PERSON elsewhere ("Parker Griffith" ... "Griffith said"); "Orlando Sentinel", "America Rising", '
    '"Brennan Center", "Morgan Stanley" stay organisations',
)


def first_name_people(doc, t, found: list) -> None:
    """Two-word ORG names that are a first name and a surname, turned into people's."""
    tagged_surnames = {m.words[0] for m in found if m.label == "PERSON" and len(m.words) == 1}
    for m in found:
        if m.label != "ORG" or len(m.words) != 2:
            continue
        # A hyphenated first name is several tokens written as one word ("Hans-Peter" is Hans, -, Peter).
        first, last = doc[m.start:m.end - 1].text, t.text[m.end - 1]
        if " " in first or "\n" in first:
            continue
        if not all(_name_word(w) for w in (first, last)) or m.words[1] in BODY_KIND_WORDS or m.words[1] in ORG_NOUNS:
            continue
        # The lexicon lists some hyphenated names under few people ("Karl-Heinz") though the first part is common.
        common = common_first_name(first) or common_first_name(first.split("-")[0])
        if (common and not english_word(m.words[1])) or (
            m.words[1] in tagged_surnames and known_first_name(first)
        ):
            m.label = "PERSON"


ROLE_APPOSITION_PEOPLE = declare(
    "role-apposition-people", "table",
    'a name NER tagged ORG that stands in apposition with a singular role noun of a person, either way round '
    '("The minister, Paul Dent, announced", "Paul Dent, the minister,"), and opens with a known first name is a '
    "person's, whatever the surname means in English: the small model reads such names as bodies when a "
    'platform or a company is named in the same sentence ("... announced his resignation on Twitter")',
)


def role_apposition_people(doc, t, found: list) -> None:
    """ORG names in apposition with a person's role noun, turned into people's."""
    for m in found:
        if m.label != "ORG" or not 2 <= len(m.words) <= 3:
            continue
        words = [t.text[i] for i in range(m.start, m.end)]
        if not all(_name_word(w) for w in words) or any(w in ORG_NOUNS or w in BODY_KIND_WORDS for w in m.words):
            continue
        # An apposition is set off by a comma; "a Bear Stearns assistant" is a name used as a modifier.
        if not known_first_name(words[0]) or not (
                (m.start > 0 and t.text[m.start - 1] == ",") or (m.end < len(doc) and t.text[m.end] == ",")):
            continue
        head = doc[m.head]
        partners = [head.head] if head.dep_ == "appos" else []
        partners += [c for c in head.children if c.dep_ == "appos"]
        if any(p.tag_ == "NN" and is_listed_person_noun(p.lemma_.lower()) and p.lemma_.lower() not in ORG_NOUNS
               and not (m.start <= p.i < m.end) for p in partners):
            m.label = "PERSON"


def _name_word(word: str) -> bool:
    """A capitalised word of letters (an apostrophe or hyphen inside: "O’Donnell", "Eva-Maria"), not in capitals."""
    return word[:1].isupper() and not word.isupper() and word.replace("’", "").replace("'", "").replace("-", "").isalpha()


def _organization_break(t, start: int, end: int) -> int:
    """Where an organisation's name ends at a comma or at a lower-case word the parse reads as a verb."""
    for i in range(start + 1, end):
        if t.text[i] == "," or (t.text[i].islower() and t.tag[i].startswith("VB")):
            return _before(t, start, i)
    return end


LEADING_ROLE_WORDS = declare(
    "leading-role-words", "table",
    'a capitalised role noun or plural noun written before a person\'s first name and surname is no part of the '
    'name ("Celebrities Julianne Moore", "co-Anchor DeMarco Morgan"), whether NER tagged the run or missed it; '
    'a word that is a known first name stays ("Hunter Biden")',
)


def role_word_before_name(t, i: int) -> bool:
    """Whether word ``i``, before the rest of a person's name, is a role or plural common noun, not a name:
    capitalised, no common first name, written otherwise than in capitals."""
    word = t.text[i]
    if not word[:1].isupper() or word.isupper() or common_first_name(word):
        return False
    lower = t.lower[i]
    return _plural_of_noun(lower) or (english_word(lower) and (is_person_noun(lower) or is_person_noun(t.lemma[i])))


def _plural_of_noun(lower: str) -> bool:
    """ "celebrities", "voters", "witnesses": the plural of an English noun, "-ies" and "-es" plurals too."""
    nouns = noun_lemmas()
    return plural_noun(lower) or (lower.endswith("ies") and lower[:-3] + "y" in nouns) or (
        lower.endswith("es") and lower[:-2] in nouns)


def without_leading_roles(t, start: int, end: int) -> int:
    """Where a person's name of two or more words starts once the role words before it are dropped."""
    while end - start > 2 and role_word_before_name(t, start) and t.pos[start + 1] == "PROPN" \
            and t.text[start + 1][:1].isupper() and known_first_name(t.text[start + 1]):
        start += 1
    return start


SPLIT_FIRST_NAMES = declare(
    "split-first-names", "table",
    'a common first name NER tagged alone as a group, product, work or building ("Anneliese" NORP in '
    '"Anneliese Brandt, a hospital director") and the capitalised surname right after it, tagged a person, an '
    'organisation or nothing, are one person\'s name, not a body with the first name read into its role, as are a '
    'first name and a surname tagged together so ("Bradley Podliska" FAC) when the surname is no English word; a '
    'surname the article writes in lower case or that is a role ("German Chancellor"), a name that runs on '
    '("the Christian Monitor Breakfast") and a month ("June Trump") stay apart',
)

_QUOTES = _OPENING | _CLOSING | _STRAIGHT
# Labels the small model gives a lone first name now and then; a DATE is a month ("June"), never a first name.
_FIRST_NAME_MISLABELS = frozenset({"NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LANGUAGE", "LAW"})


def split_first_names(doc, t, found: list, ents) -> list:
    """``found`` with a first name NER tagged as no person joined to the surname after it, as a person's name."""
    from .missed import PLACE_OR_BODY_WORDS  # missed.py reads this module's edges

    # ``Doc.text`` joins every token anew on each access; the article's text is kept for the doc.
    text = document_text(doc)
    tagged_ends = {start: (end, label) for start, end, label in ents}
    tagged_surnames = {t.lower[start] for start, end, label in ents if label == "PERSON" and end - start == 1}
    joined: dict[int, NameMention] = {}
    for start, end, label in ents:
        # The first name tagged alone, or the first name and surname tagged together ("Roman Smbatyan" NORP).
        surname = start + 1
        if label not in _FIRST_NAME_MISLABELS or end - start > 2 or surname >= len(doc):
            continue
        first, last = t.text[start], t.text[surname]
        # One space between them: a line break or a comma ends a name.
        if text[t.end[start]:t.idx[surname]] != " " or t.pos[surname] != "PROPN":
            continue
        if not (_name_word(first) and _name_word(last) and common_first_name(first)):
            continue
        # The lemma tables list many surnames ("Brandt", "Fisher"): a common word is one the article writes in
        # lower case, or a role ("German Chancellor", "Christian Speaker").
        lower = t.lower[surname]
        if (written_in_lower_case(doc, lower) or is_person_noun(lower) or lower in TITLES
                or lower in PLACE_OR_BODY_WORDS or lower in BODY_KIND_WORDS):
            continue
        if end - start == 2:
            # Tagged together the two words are as often a group or a title ("Roman Catholic", "Sky High"): the
            # surname must be no English word, or a name NER tags a person where it stands alone.
            if t.lower[start] in TITLES or (english_word(lower) and lower not in tagged_surnames):
                continue
            # Set in quotation marks, the two words are a title ('Ayn Rand\'s "Atlas Shrugged"').
            if 0 < start and end < len(doc) and t.text[start - 1] in _QUOTES and t.text[end] in _QUOTES:
                continue
            stop, surname_label = end, None
        else:
            stop, surname_label = tagged_ends.get(surname, (surname + 1, None))
            if surname_label not in (None, "PERSON", "ORG") or (surname_label is None and t.ent[surname]):
                continue
        if any(not _name_word(t.text[i]) for i in range(surname, stop)):
            stop = surname + 1
        # A name that runs on is a longer one ("the Christian Monitor Breakfast"), not a first name and a surname.
        if stop < len(doc) and text[t.end[stop - 1]:t.idx[stop]] == " " and _name_word(t.text[stop]):
            continue
        span = doc[start:stop]
        joined[start] = NameMention(start, stop, span.root.i, " ".join(span.text.split()), "PERSON")
    if not joined:
        return found
    taken = {i for m in joined.values() for i in range(m.start, m.end)}
    kept = [m for m in found if not any(i in taken for i in range(m.start, m.end))]
    return sorted(kept + list(joined.values()), key=lambda m: m.start)
