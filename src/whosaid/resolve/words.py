"""The words of names: what a name's words are, and what a word is.

A name's words (lower case, for comparing), whether a word is a title, a verb,
an English word or a common first name, and which lines are headline-like
(most words capitalised, where names and verbs run together).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from ..context import document_text, headline_end_of, per_doc, token_table
from ..lexicon import NAME_SUFFIXES, PERSON_NOUNS, TITLES, is_person_noun, noun_gender

HEADLINE_VERBS = frozenset(
    "says said tells told asks warns claims urges vows slams admits denies calls wants "
    "backs rejects defends blasts praises attacks hits responds insists "
    "is are was were has have had does did may might will would can could should must".split()
)


@lru_cache(maxsize=1)
def _lemma_tables():
    """The lemmatizer tables of the loaded pipeline (``lemma_index``, ``lemma_exc``), or None without them."""
    try:
        from ..parse import load_pipeline

        return load_pipeline().get_pipe("lemmatizer").lookups
    except (ImportError, OSError, KeyError, ValueError):
        return None


def _lemma_words(table: str, part: str | None = None) -> frozenset[str]:
    """The words of one lemmatizer table, of one part of speech or of all; empty without the table."""
    lookups = _lemma_tables()
    try:
        index = lookups.get_table(table)
        return frozenset(index[part]) if part else frozenset(word for words in index.values() for word in words)
    except (AttributeError, KeyError, ValueError):
        return frozenset()


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    """Base forms of English verbs and their irregular forms ("sent" → "send"); with no pipeline or
    no lemma tables, empty (the short list still applies)."""
    return _lemma_words("lemma_index", "verb") | _lemma_words("lemma_exc", "verb")


_TITLE_SMALL_WORDS = frozenset(
    "a an the and but or nor for of in on at to by with from as vs via per".split()
)


_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


class TitleCaseLines:
    """Headline-like lines (most words capitalised), where names and verbs run
    together; a line is read only when a name on it asks."""

    def __init__(self, text: str, headline: bool = True):
        self.text = text
        # Whether the first line is the article's headline, which capitalises more loosely.
        self.headline = headline
        self.starts = [0]
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._lines: dict[int, bool] = {}
        # The line last asked about, (start, end, headline-like): the rules ask about the words
        # of one line after another, most often several times running.
        self._last: tuple[int, int, bool] = (0, 0, False)

    def __contains__(self, at: int) -> bool:
        start, end, found = self._last
        if start <= at < end:
            return found
        n = bisect.bisect_right(self.starts, at) - 1
        end = self.starts[n + 1] - 1 if n + 1 < len(self.starts) else len(self.text)
        if not 0 <= at < end:
            return False  # the line break itself, or outside the text
        found = self._lines.get(n)
        if found is None:
            found = self._lines[n] = _title_case(self.text, self.starts[n], end, n == 0 and self.headline)
        self._last = (self.starts[n], end, found)
        return found


# The name stage and the casing of words read the same lines of the same article.
@per_doc
def title_case_lines(doc) -> TitleCaseLines:
    """The ``TitleCaseLines`` of ``doc``'s text, kept for the doc last asked about."""
    return TitleCaseLines(document_text(doc), headline_end_of(doc) > 0)


def _title_case(text: str, start: int, end: int, headline: bool = False) -> bool:
    """Whether at least three words of the line, and all but small ones, are
    capitalised; on the headline's line one in four of the others may not be
    ("... Just One or Two Cases where Gifts Slipped past the
    Auditors"). Read only until the line is plainly prose."""
    share = 4 if headline else 0
    capitalised = lower = 0
    for match in _TITLE_WORD.finditer(text, start, end):
        word = match.group()
        if word.lower() in _TITLE_SMALL_WORDS:
            continue
        if word[0].isupper():
            capitalised += 1
        else:
            lower += 1
            if share * lower > capitalised + lower or not share:
                return False
    return capitalised >= 3


@lru_cache(maxsize=65536)
def is_verb(word: str) -> bool:
    if word in HEADLINE_VERBS:
        return True
    verbs = _verb_lemmas()
    forms = {word}
    if word.endswith("s"):
        forms.update((word[:-1], word[:-2]))
    if word.endswith("ed"):
        forms.update((word[:-1], word[:-2]))
    if word.endswith("ing"):
        forms.update((word[:-3], word[:-3] + "e"))
    return any(form in verbs for form in forms if len(form) > 2)
_WORD = re.compile(r"[\w'’-]+")


@dataclass(slots=True)
class NameMention:
    start: int  # first token of the name proper
    end: int  # token after the name
    head: int  # the token the name's syntax hangs on
    text: str
    label: str
    titles: tuple[str, ...] = ()
    quoted: bool = False  # written inside quotation marks
    words: tuple[str, ...] = field(init=False)  # lower-case words of ``text``, read in every comparison

    def __post_init__(self) -> None:
        self.words = name_words(self.text)


@lru_cache(maxsize=8192)
def is_initialism(word: str) -> bool:
    """Whether a word is written in capital initials, with or without dots: "SVP", "U.S.", "N.Y."."""
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isalpha() and letters.isupper()


@lru_cache(maxsize=8192)
def name_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


@lru_cache(maxsize=8192)
def person_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in name_words(text) if w not in NAME_SUFFIXES)


def is_title(token: Token) -> bool:
    return token.lower_ in TITLES and (token.is_title or token.lower_.endswith("."))



# People counted under a first name in the lexicon for it to count as a common
# first name: "Rip" (290) or "Rabbi" (77) are listed, "Hunter" (270,000) is one.
COMMON_FIRST_NAME_COUNT = 5000


# Asked for the same few hundred words again and again, by every rule that reads names; the
# answer never changes within a process.
@lru_cache(maxsize=65536)
def common_first_name(word: str) -> bool:
    try:
        from ..enrich.names import guess, lexicon_available
    except ImportError:
        return False
    found = guess(word) if lexicon_available() else None
    return found is not None and found.count >= COMMON_FIRST_NAME_COUNT


def first_name_gender(first: str, confidence: float) -> str | None:
    """The gender nearly everyone with this first name has, when the offline
    first-name lexicon is installed; pronouns and honorifics outvote it."""
    try:
        from ..enrich.names import guess, lexicon_available
    except ImportError:
        return None
    if not lexicon_available():
        return None
    found = guess(first)
    return found.label if found is not None and found.confidence >= confidence else None


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Base forms of English adjectives, adverbs, nouns and verbs, from the
    lemmatizer tables of the loaded pipeline."""
    return _lemma_words("lemma_index")


@lru_cache(maxsize=65536)
def english_word(word: str) -> bool:
    words = _dictionary()
    forms = {word}
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("ed"):
        forms.update((word[:-1], word[:-2]))
    return any(form in words for form in forms)


@lru_cache(maxsize=65536)
def known_first_name(word: str) -> bool:
    try:
        from ..enrich.names import guess, lexicon_available
    except ImportError:
        return False
    return lexicon_available() and guess(word) is not None



@per_doc
def _casing(doc) -> tuple[frozenset[str], frozenset[str]]:
    """The words (lower case) the article writes capitalised where only a name is,
    and those it writes in lower case. A name is capitalised inside a sentence of
    running text; the first word of a sentence, and every word of a headline-like
    line, is capitalised whatever it is ("Aides said", "Report Reveals ...")."""
    t = token_table(doc)
    text = document_text(doc)
    title_lines = title_case_lines(doc)
    # The headline's first line capitalises every word; a text that opens with its body has none.
    body_from = text.find("\n") if headline_end_of(doc) else -1
    capitalised, lower = set(), set()
    opening = True  # no word of the sentence read yet: only punctuation or quotation marks
    # The columns read in step (``zip``), not indexed per token.
    for word, starts, punct, space, at, lowered in zip(t.text, t.sent_start, t.punct, t.space, t.idx, t.lower):
        if starts:
            opening = True
        if punct or space:
            continue
        if word.islower():
            lower.add(word)
        elif not opening and word[:1].isupper() and at > body_from and at not in title_lines:
            capitalised.add(lowered)
        opening = False
    return frozenset(capitalised), frozenset(lower)


# The rule (registered with the mention rules) that reads a role noun capitalised by position as a description.
CAPITALISED_ROLES = "capitalised-roles"


def role_capital(doc, i: int, headline_end: int) -> bool:
    """ "Lawmaker Urges Probe ...", "Hacker who revealed ...": token ``i`` is a role noun capitalised only
    because it opens the headline or a sentence; the article never capitalises it inside running text."""
    t = token_table(doc)
    if not _role_word(t.text[i]) or t.tag[i] not in ("NN", "NNP"):
        return False
    if t.idx[i] >= headline_end:
        sentence = doc[i].sent
        first = next((k for k in range(sentence.start, sentence.end) if not (t.punct[k] or t.space[k])), None)
        if first != i:
            return False
    return t.lower[i] not in _casing(doc)[0]


@lru_cache(maxsize=8192)
def _role_word(word: str) -> bool:
    """A capitalised role noun ("Lawmaker", "Hacker"), not in capitals ("MANCHESTER, N.H." is a dateline's)
    and no common first name."""
    lower = word.lower()
    if not (lower in PERSON_NOUNS or noun_gender(lower) or is_person_noun(lower)):
        return False
    if not word[:1].isupper() or word.isupper():
        return False
    if lower not in PERSON_NOUNS and not noun_gender(lower) and not english_word(lower):
        return False
    return not common_first_name(word)


def capitalised_by_position(doc, word: str) -> bool:
    """A one-word "name" that is a common noun: an English word and no common first
    name, which the article writes in lower case (or its singular or plural), or a
    plural noun, and capitalises only where a sentence or headline begins: "Aides
    said", "Research suggests", "Report Reveals ...", never "Trump said" or "Will urged"."""
    lower = word.lower()
    if not word[:1].isupper() or not english_word(lower) or common_first_name(word):
        return False
    capitalised, written_lower = _casing(doc)
    if lower in capitalised:
        return False
    forms = {lower, lower + "s", lower[:-1] if lower.endswith("s") else lower}
    # A plural of an English noun ("Attorneys", "Screens") needs no lower-case use to show it is no one's name.
    return any(form in written_lower for form in forms) or plural_noun(lower)


def written_in_lower_case(doc, lower: str) -> bool:
    """Whether the article writes ``lower`` in lower case somewhere: a common word, whatever a lemma table says."""
    return lower in _casing(doc)[1]


def plural_noun(lower: str) -> bool:
    """ "attorneys", "screens": an English noun with a plural "-s"."""
    return lower.endswith("s") and not lower.endswith("ss") and lower[:-1] in noun_lemmas()


@lru_cache(maxsize=1)
def noun_lemmas() -> frozenset[str]:
    """Base forms of English nouns, from the lemmatizer tables of the loaded pipeline."""
    return _lemma_words("lemma_index", "noun")


def apposed_age(token: Token) -> str | None:
    """The age set off by commas after a name ("Nadia Ferrer, 41, said"), as the description that
    stands for it ("34-year-old"); None when the name has none. Above 120 a number is no age."""
    for child in token.children:
        if (
            child.dep_ in ("appos", "npadvmod", "amod", "nummod") and child.i == token.i + 2
            and token.doc[token.i + 1].text == "," and child.text.isdigit() and 0 < int(child.text) <= 120
            and (child.i + 1 == len(token.doc) or token.doc[child.i + 1].is_punct)
        ):
            return f"{int(child.text)}-year-old"
    return None


def age_description(token: Token) -> str | None:
    """ "the 34-year-old" as "34-year-old", read off the parse of its "old"; None for any other word."""
    if token.lower_ != "old":
        return None
    for unit in token.children:
        if unit.lower_ in ("year", "month") and unit.dep_ in ("npadvmod", "compound"):
            number = next((c for c in unit.children if c.like_num and c.text.isdigit()), None)
            if number is not None:
                return f"{int(number.text)}-{unit.lower_}-old"
    return None
