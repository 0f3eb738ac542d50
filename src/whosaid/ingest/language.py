"""Is this text English? A cheap test on function words, since whosaid reads English only.

Function words ("the", "and", "said" in English; "le", "et", "que" in
French) make up a large, steady share of any running text in its language
and a small one of text in another. The test counts, among the first
``SAMPLE_WORDS`` words, the share that are stop words of each of a set of
languages (spaCy's own stop-word lists, so no model or download is needed),
and reads the text as English when English stop words are at least
``MIN_ENGLISH_SHARE`` of the words and more than any other language's.

Capitalised words that no language lists as a function word are left out
of the count: they are mostly names, which belong to no language, and a
short brief dense with them would otherwise read as no language at all.

On the 840 articles of PolNeAR train the English share is 0.38 at the
lowest and always ahead of the next language by 0.28 or more (0.26 and 0.18
when names were counted); a paragraph of French, German, Spanish or Dutch
scores under 0.10 for English, and a name-dense German brief 0.27 but still
far under its German share. Texts under ``MIN_WORDS`` words, or with under
half that many left once names are taken out, are too short to judge and pass.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache

from .markup import without_markup

# Languages of spaCy with stop-word lists, English first; their names for messages.
LANGUAGES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "da": "Danish", "nb": "Norwegian", "fi": "Finnish", "pl": "Polish",
    "ro": "Romanian", "tr": "Turkish", "id": "Indonesian", "ca": "Catalan", "cs": "Czech", "hu": "Hungarian",
}
SAMPLE_WORDS = 400
MIN_WORDS = 20
MIN_ENGLISH_SHARE = 0.15

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    english: bool
    language: str | None  # "French", ...; None when no listed language fits (another script, too few words)
    english_share: float
    words: int

    def warning(self) -> str | None:
        """Why the text will not be read well, for a warning or a reject reason; None for English."""
        if self.english:
            return None
        looks = f"it reads like {self.language}" if self.language else "few of its words are English"
        return f"not English ({looks}; {self.english_share:.0%} English function words): whosaid reads English only"


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    lists = {}
    for code in LANGUAGES:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
        lists[code] = frozenset(word.lower() for word in module.STOP_WORDS)
    return lists


@lru_cache(maxsize=1)
def _any_stop_word() -> frozenset[str]:
    return frozenset().union(*_stop_words().values())


def guess_language(text: str) -> LanguageGuess:
    # A page's tags copied into a JSON "text" ("<p>", "<a href=...>") are no words of its language: counted,
    # their "p", "a" and "href" made an English article read as Romanian (the markup warning names them).
    words = []
    for match in _WORD.finditer(without_markup(text) if "<" in text else text):
        words.append(match.group())
        if len(words) >= SAMPLE_WORDS:
            break
    if len(words) < MIN_WORDS:
        return LanguageGuess(True, None, 0.0, len(words))
    # A capitalised word no language lists as a function word is most likely a name, and names are of no
    # language: a short brief dense with them ("Chris Evans", "Margaret Boyd") would read as no language at all.
    any_stop = _any_stop_word()
    words = [w.lower() for w in words if not w[0].isupper() or w.lower() in any_stop]
    if len(words) < MIN_WORDS // 2:
        return LanguageGuess(True, None, 0.0, len(words))
    shares = {code: sum(word in stop for word in words) / len(words) for code, stop in _stop_words().items()}
    english = shares.pop("en")
    best = max(shares, key=shares.get)
    if english >= MIN_ENGLISH_SHARE and english > shares[best]:
        return LanguageGuess(True, "English", english, len(words))
    other = LANGUAGES[best] if shares[best] >= MIN_ENGLISH_SHARE else None
    return LanguageGuess(False, other, english, len(words))


def is_english(text: str) -> bool:
    return guess_language(text).english
