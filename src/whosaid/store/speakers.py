"""One speaker across many articles: the rules that link names between articles.

``linking.py`` applies them to every article's speaker at once, so the
result depends on the corpus, not on the order articles arrive in.

Within an article the resolver already maps "he", "the Lyon striker" and
"Solveig" to the fullest name the article gives. Across articles these rules
apply, in order:

1. A name (or alias) from the user's registry file links to that registered
   speaker, whatever articles say, and whatever kind the article gave it.
2. The same canonical name links to the same speaker (case, accents and
   honorifics do not matter; "Jr." and "Sr." do, and so does a middle
   initial: "David R. Whitman" and "David K. Whitman" are two people, and a
   "David Whitman" joins one of them only when he is the one David Whitman
   with an initial, by rule 4).
3. A person known only by a surname ("Solveig", "Mrs. Obama") links to the
   one full-named person with that surname and the gender the mention
   states (its honorific's, or else the one the article showed); with no
   such person, to the one with that surname whose gender is not known yet.
   A mention with no gender links to the one full-named person with that
   surname. Where several full-named people fit, it links to the one that
   holds at least ``DOMINANT_SHARE`` of their quotes (a bare "Obama" is
   Barack Obama, quoted 398 times, beside Michelle Obama's 11). Otherwise
   it becomes a speaker of its own, one per gender shown ("Mrs. Obama" and
   a "Obama" its article calls "she" are one, "Mr. Obama" another; a bare
   name that shows no gender joins the one gender shown among them, or stays
   apart when both are), joined to the full name it fits as soon as there is
   exactly one (or a dominant one), and parted again if that stops being so.
   If several full-named people fit and none dominates, the bare name stays
   separate rather than being guessed (and ``whosaid speakers list`` flags it).
   Each article's bare name is placed alone, by what its own article shows:
   an ungendered "Smith" that joins John Smith takes no other article's
   "Smith" with it, so the gender constraint holds for the whole speaker a
   link makes, not only between two names.
   A name written family name first ("Ban Ki-moon": a Korean given name of
   two syllables joined by a hyphen) has its first word as its surname:
   "Mr. Ban" in an article that never writes the full name links to him.
4. Two different full names are never merged, and two different first names
   never are ("John Smith" vs "Jane Smith"), nor two different middle
   initials; "George Walker Bush", "George W. Bush" and "George Bush" are
   one person when no other George Bush is known.
   A first name and its usual short form are one first name: "Ed Rendell" is
   "Edward G. Rendell" when he is the one person of that surname with
   either ("Pat Toomey" is not a Patricia Toomey the articles show is a woman).
5. A given name alone ("Bob", ``linking.lone_given_name``) is a speaker of its
   own article unless rule 3 makes it a full-named person's surname.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import NICKNAMES
from .gender import GENDERS
from .names import bare_honorific, initials_conflict, name_key, organization_key, person_key, speaker_id, split_key

# A bare surname several full-named people fit means the one with this share of their quotes: a set value,
# not fitted (no annotation names bare-surname speakers across articles). In the PolNeAR train + dev store
# the bare names it decides are 0.97 to 1.00 (Obama, Clinton, Trump, Cruz) and the one it leaves is 0.75
# (George and Chris Wallace); an editor can split a wrong one off with ``whosaid speakers split``.
DOMINANT_SHARE = 0.9
# ... and at least this many quotes: a share of a handful of quotes says nothing.
DOMINANT_QUOTES = 10


def short_forms(a: str, b: str) -> bool:
    """ "Ed" and "Edward", "Dick" and "Richard": one first name the usual short form of the other."""
    return b in NICKNAMES.get(a, ()) or a in NICKNAMES.get(b, ())


# "Ban Ki-moon", "Moon Jae-in": a family name, then a given name of two syllables joined by a hyphen, the
# second in lower case, as Korean names are written in English.
_SURNAME_FIRST = re.compile(r"^[^\W\d_]+ [^\W\d_]+-[^\W\d_]+$")


def surname_first(name: str, key: tuple[str, ...]) -> tuple[str, ...]:
    """The family name of a name written family name first ("Ban" of "Ban Ki-moon"), else nothing."""
    name = " ".join(name.split())
    if _SURNAME_FIRST.match(name) and name.split("-")[-1].islower() and len(key) == 3:
        return (key[0],)
    return ()


def family(kind: str) -> str:
    return "person" if kind == "person" else "organization"


@dataclass(slots=True)
class KnownSpeaker:
    speaker_id: str
    name: str
    kind: str
    key: tuple[str, ...]
    gender: str = "unknown"
    role: str | None = None
    registered: bool = False
    # The gender a bare surname's honorific ("Mrs. Obama") or article states; part of its identity.
    honorific: str | None = None
    # Quotes linked to it so far: which of several full names a bare surname means.
    quotes: int = 0

    @property
    def bare(self) -> bool:
        return self.kind == "person" and not split_key(self.key)[0]


class SpeakerIndex:
    """In-memory index of the store's speakers; the store is its only writer."""

    def __init__(self) -> None:
        self.speakers: dict[str, KnownSpeaker] = {}
        self._by_key: dict[tuple[str, tuple[str, ...], str], set[str]] = {}
        self._registered: dict[tuple[tuple[str, ...], str], set[str]] = {}
        self._full_by_surname: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        self._by_first_last: dict[tuple[str, str, tuple[str, ...]], set[str]] = {}

    def add(self, speaker: KnownSpeaker, aliases: tuple[str, ...] = ()) -> None:
        """Index a speaker under its name; a registered speaker also under its registry ``aliases``."""
        self.speakers[speaker.speaker_id] = speaker
        fam = family(speaker.kind)
        bucket = (speaker.honorific or "") if speaker.bare else ""
        if speaker.key:
            self._by_key.setdefault((fam, speaker.key, bucket), set()).add(speaker.speaker_id)
        for alias in aliases:
            key = name_key(alias, speaker.kind)
            if key:
                self._by_key.setdefault((fam, key, (bare_honorific(alias, key) or "") if fam == "person" else ""), set()).add(speaker.speaker_id)
        if speaker.registered:
            for name in (speaker.name, *aliases):
                for key in (person_key(name), organization_key(name)):
                    if key:
                        self._registered.setdefault((key, bare_honorific(name, key) or ""), set()).add(speaker.speaker_id)
        if fam == "person" and speaker.key:
            given, surname, suffix = split_key(speaker.key)
            if given:
                for family_name in {surname, *surname_first(speaker.name, speaker.key)}:
                    self._full_by_surname.setdefault((family_name, suffix), set()).add(speaker.speaker_id)
                self._by_first_last.setdefault((given[0], surname, suffix), set()).add(speaker.speaker_id)

    def _pick(self, ids: set[str]) -> str:
        # A registered speaker wins a tie; otherwise the choice is stable across runs.
        return min(ids, key=lambda i: (not self.speakers[i].registered, i))

    def registered_for(self, name: str) -> str | None:
        """The registered speaker a name (as a person or an organisation name) belongs to, if any.

        "Mr. Obama" is a registered "Mr. Obama" if there is one, else a registered "Obama"
        who is not known to be a woman.
        """
        ids: set[str] = set()
        for key in (person_key(name), organization_key(name)):
            honorific = bare_honorific(name, key)
            found = self._registered.get((key, honorific), set()) if honorific else set()
            if not found:
                found = {
                    i for i in self._registered.get((key, ""), set())
                    if not honorific or i not in self.speakers or self.speakers[i].gender in (honorific, "unknown")
                }
            ids |= found
        ids = {i for i in ids if i in self.speakers}
        return self._pick(ids) if ids else None

    def link(self, name: str, kind: str, gender: str = "unknown") -> str | None:
        """The speaker a full name or an organisation's name is, creating it as the rules say; None for an
        empty name. (Bare surnames are placed by ``linking.link_mentions``, once every full name is known.)

        ``gender`` is what the article showed about the person: a new speaker starts with it, and it
        keeps a short form from joining a namesake of the other gender.
        """
        key = name_key(name, kind)
        if not key:
            return None
        registered = self.registered_for(name)
        if registered is not None:
            return registered
        fam = family(kind)
        exact = self._by_key.get((fam, key, ""))
        if exact:
            return self._pick(exact)
        if fam != "person" or not split_key(key)[0]:
            return self._create(name, kind, key)
        given, surname, suffix = split_key(key)
        # Different middle initials are different people: "David K. Whitman" never joins "David R. Whitman".
        same_ends = {i for i in self._by_first_last.get((given[0], surname, suffix), set())
                     if not initials_conflict(key, self.speakers[i].key)}
        if len(same_ends) == 1:
            return next(iter(same_ends))
        if not same_ends:
            short_form = self._short_form_of(key, gender)
            if len(short_form) == 1:
                return short_form.pop()
        sid = self._create(name, kind, key)
        self.speakers[sid].gender = gender if gender in GENDERS else "unknown"
        return sid

    def _short_form_of(self, key: tuple[str, ...], gender: str) -> set[str]:
        """Full-named people whose first name is ``first``'s usual short or long form ("Ed" and "Edward"),
        of no other known gender."""
        given, surname, suffix = split_key(key)
        first = given[0]
        found = set()
        for sid in self._full_by_surname.get((surname, suffix), set()):
            other = self.speakers[sid]
            given = split_key(other.key)[0]
            if not given or given[0] == first or not short_forms(first, given[0]) or initials_conflict(key, other.key):
                continue
            if gender in GENDERS and other.gender in GENDERS and gender != other.gender:
                continue
            found.add(sid)
        return found

    def _full_fitting(self, surname: str, suffix: tuple[str, ...], wanted: str | None) -> set[str]:
        """The full-named people a bare surname of ``wanted`` gender may mean: those of that gender, else of none known."""
        ids = self._full_by_surname.get((surname, suffix), set())
        if wanted not in GENDERS:
            return set(ids)
        same = {i for i in ids if self.speakers[i].gender == wanted}
        return same or {i for i in ids if self.speakers[i].gender not in GENDERS}

    def _one_home(self, fitting: set[str]) -> str | None:
        """The full-named person a bare surname means among ``fitting``: the only one, or a dominant one."""
        if len(fitting) == 1:
            return next(iter(fitting))
        if len(fitting) < 2:
            return None
        total = sum(self.speakers[i].quotes for i in fitting)
        top = max(fitting, key=lambda i: (self.speakers[i].quotes, i))
        quotes = self.speakers[top].quotes
        return top if quotes >= DOMINANT_QUOTES and quotes >= DOMINANT_SHARE * total else None

    def home_for_surname(self, surname: str, suffix: tuple[str, ...], wanted: str | None) -> str | None:
        """The full-named person a bare surname of ``wanted`` gender means: the only one, or a dominant one."""
        return self._one_home(self._full_fitting(surname, suffix, wanted))

    def _create(self, name: str, kind: str, key: tuple[str, ...]) -> str:
        sid = speaker_id(key, kind)
        self.add(KnownSpeaker(sid, name, kind, key))
        return sid
