"""One speaker across many articles: the rules that link names between articles.

Within an article the resolver already maps "he", "the Lyon striker" and
"Solveig" to the fullest name the article gives. Across articles these rules
apply, in order:

1. A name (or alias) from the user's registry file links to that registered
   speaker, whatever articles say.
2. The same canonical name links to the same speaker (case, accents,
   honorifics and middle initials do not matter).
3. A person known only by one name ("Solveig") links to the one full-named
   person with that surname. If no such person exists yet, it becomes a speaker
   of its own and is merged into the first full name that arrives with that
   surname ("Martin Solveig"). If several full-named people share the surname,
   the bare name stays separate rather than being guessed.
4. Two different full names are never merged ("John Smith" vs "Jane Smith").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import name_key, speaker_id


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


@dataclass(slots=True)
class Link:
    """Where a name went: ``created`` when a new speaker was made, ``absorbed`` the ids merged into it."""

    speaker_id: str
    created: bool = False
    absorbed: list[str] = field(default_factory=list)


class SpeakerIndex:
    """In-memory index of the store's speakers; the store is its only writer."""

    def __init__(self) -> None:
        self.speakers: dict[str, KnownSpeaker] = {}
        self._by_key: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        self._by_surname: dict[str, set[str]] = {}
        self._by_first_last: dict[tuple[str, str], set[str]] = {}

    def add(self, speaker: KnownSpeaker, alias_keys: tuple[tuple[str, ...], ...] = ()) -> None:
        self.speakers[speaker.speaker_id] = speaker
        fam = family(speaker.kind)
        for key in {speaker.key, *alias_keys}:
            if key:
                self._by_key.setdefault((fam, key), set()).add(speaker.speaker_id)
        if fam == "person" and len(speaker.key) > 1:
            self._by_surname.setdefault(speaker.key[-1], set()).add(speaker.speaker_id)
            self._by_first_last.setdefault((speaker.key[0], speaker.key[-1]), set()).add(speaker.speaker_id)

    def remove(self, sid: str) -> None:
        self.speakers.pop(sid, None)
        for index in (self._by_key, self._by_surname, self._by_first_last):
            for ids in index.values():
                ids.discard(sid)

    def find(self, kind: str, keys: tuple[tuple[str, ...], ...]) -> set[str]:
        """Ids of the speakers any of ``keys`` names exactly."""
        fam = family(kind)
        return set().union(*(self._by_key.get((fam, key), set()) for key in keys))

    def _pick(self, ids: set[str]) -> str:
        # A registered speaker wins a tie; otherwise the choice is stable across runs.
        return min(ids, key=lambda i: (not self.speakers[i].registered, i))

    def link(self, name: str, kind: str) -> Link | None:
        """The speaker ``name`` is, creating or merging speakers as the rules say; None for an empty name."""
        key = name_key(name, kind)
        if not key:
            return None
        fam = family(kind)
        exact = self._by_key.get((fam, key))
        if fam == "person" and len(key) == 1:
            full_named = self._by_surname.get(key[0], set())
            registered = {i for i in exact or () if self.speakers[i].registered}
            if registered:
                return Link(self._pick(registered))
            if len(full_named) == 1:
                return Link(next(iter(full_named)))
            if exact:
                return Link(self._pick(exact))
            return self._create(name, kind, key)
        if exact:
            return Link(self._pick(exact))
        if fam == "person":
            same_ends = self._by_first_last.get((key[0], key[-1]), set())
            if len(same_ends) == 1:
                return Link(next(iter(same_ends)))
        link = self._create(name, kind, key)
        if fam == "person":
            link.absorbed = self._bare_surnames_for(link.speaker_id, key[-1])
        return link

    def _create(self, name: str, kind: str, key: tuple[str, ...]) -> Link:
        sid = speaker_id(key, kind)
        self.add(KnownSpeaker(sid, name, kind, key))
        return Link(sid, created=True)

    def _bare_surnames_for(self, sid: str, surname: str) -> list[str]:
        if self._by_surname.get(surname) != {sid}:
            return []
        bare = self._by_key.get(("person", (surname,)), set())
        absorbed = [i for i in sorted(bare) if i != sid and not self.speakers[i].registered]
        for other in absorbed:
            self.remove(other)
        return absorbed
