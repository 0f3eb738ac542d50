"""Corpus speakers derived from every article's speakers, so that they depend on the corpus, never on its order.

What a store keeps as fact is each article's own speaker: the name, kind
and gender evidence the article gives (a *mention*, ``mention_id``). The
same full name in two articles is one mention; a bare name ("Obama",
"Mrs. Obama", "Bob") is a mention of its article, joined by what that
article shows.

Corpus speakers are derived from all mentions at once by the rules of
``speakers.py``: registered speakers first, then full names (sorted by
mention id), then bare names, each placed by what its own article shows,
knowing the full names' final quote counts and genders. Every rule compares
names that share a surname (or, for organisations, a key, or a registry
entry), so the mentions fall into independent groups (``group_keys``, kept
in the store's ``mention_groups`` table): relinking the groups a batch of
articles touched gives what relinking the whole corpus gives, whatever order
the articles came in and however they were split into batches.

A given name alone joins a full-named person only when it is that person's
surname and the bare-surname rules pick them ("Cruz", which the first-name
lexicon also knows, is Ted Cruz when he is the one Cruz); otherwise it stays
a speaker of its own article, flagged by ``whosaid speakers list``.

A namesake entry of the registry (``whosaid speakers split --article``) gives
the person of a name in some articles a mention of their own
(``namesake_mention_id``), marked as those articles' own: a full name so
marked is a speaker of its own, never linked by name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lexicon import NICKNAMES, STORE_ACRONYM_SKIPS, initials_of
from ..records import Evidence, Speaker
from .gender import GENDERS, GenderTally
from .names import (
    HONORIFICS,
    bare_honorific,
    canonical_id,
    honorific_gender,
    middle_initials,
    name_key,
    organization_key,
    person_key,
    speaker_id,
    split_key,
)
from .registry import RegisteredSpeaker
from .speakers import KnownSpeaker, SpeakerIndex, family, surname_first

_WORDS = re.compile(r"[^\W_]+")


def capitals_only(name: str) -> bool:
    """ "OBAMA", "WALLACE": a name written in capitals, as transcripts label speakers."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def lone_given_name(speaker: Speaker, kind: str) -> bool:
    """Whether an article's speaker is a given name alone ("Bob"): one word, no honorific in the name or
    the article's evidence (news writes surnames after "Mr."), not a transcript's capitals label, and a
    first name the first-name lexicon knows."""
    if kind != "person":
        return False
    key = person_key(speaker.name)
    if len(key) != 1 or honorific_gender(speaker.name) or len(speaker.name.split()) != 1 or capitals_only(speaker.name):
        return False
    if any(isinstance(e, Evidence) and e.kind == "honorific" for e in speaker.gender_evidence):
        return False
    from ..enrich import names

    return names.lexicon_available() and names.guess(speaker.name) is not None


def mention_id(speaker: Speaker, kind: str, article_id: str) -> tuple[str, bool]:
    """The id of an article's speaker as a stored fact, and whether it is a speaker of that article alone.

    A full name is one mention across articles. A bare name ("Obama", "Mrs. Obama", "Bob") is a mention
    of its article: which namesake it means is decided from what that article shows (its gender), never
    from what other articles say of another person called the same.
    """
    key = name_key(speaker.name, kind)
    if kind == "person" and key and not split_key(key)[0]:
        digest = hashlib.sha256(f"{canonical_id(speaker.name, kind)}|article:{article_id}".encode()).hexdigest()[:16]
        return digest, lone_given_name(speaker, kind)
    return canonical_id(speaker.name, kind), False


def namesake_mention_id(name: str, kind: str, articles: tuple[str, ...]) -> str:
    """The article speaker, and corpus speaker, of a namesake entry: the person called ``name`` in
    ``articles`` alone, apart from everyone else of that name."""
    listed = ",".join(sorted(articles))
    return hashlib.sha256(f"{canonical_id(name, kind)}|namesake:{listed}".encode()).hexdigest()[:16]


def names_namesake(namesake_name: str, kind: str, name: str) -> bool:
    """Whether an article's speaker ``name`` is the namesake's person in a namesake article: the same full
    name, or (a person) that name's surname alone ("Dale", "Mr. Dale" beside "Chris Dale")."""
    key, wanted = name_key(name, kind), name_key(namesake_name, kind)
    if not key or not wanted:
        return False
    if key == wanted:
        return True
    if kind != "person":
        return False
    given, surname, suffix = split_key(key)
    return not given and (surname, suffix) == split_key(wanted)[1:]


def apply_namesakes(namesakes: Iterable, article_id: str, quotes: list[dict], speakers: list) -> list:
    """An article's speakers (one per quote, None for an unnamed source) with the namesake entries
    (``registry.Namesake``) that list the article applied: the person they name there takes the entry's
    own id (``namesake_mention_id``), in the quote rows' ``mention_id`` too. The store and the Spark job
    both read an article's speakers through this."""
    entries = [n for n in namesakes if article_id in n.articles]
    if not entries:
        return speakers
    from dataclasses import replace

    found = []
    for quote, fact in zip(quotes, speakers):
        entry = next((n for n in entries if fact is not None and names_namesake(n.name, n.kind, fact.speaker.name)), None)
        if entry is not None:
            fact = replace(fact, mention_id=namesake_mention_id(entry.name, entry.kind, entry.articles), own_article=True)
            quote["mention_id"] = fact.mention_id
        found.append(fact)
    return found


@dataclass(slots=True)
class Mention:
    """One article-level speaker across the articles that give it (one article for a lone given name)."""

    mention_id: str
    names: Counter = field(default_factory=Counter)  # written forms, by quotes
    name_articles: Counter = field(default_factory=Counter)  # written forms, by articles writing them
    kinds: Counter = field(default_factory=Counter)  # kinds articles gave it, by articles
    quotes: int = 0
    tally: GenderTally = field(default_factory=GenderTally)
    article_id: str | None = None  # a given name alone ("Bob"): the one article it is a speaker of

    @property
    def kind(self) -> str:
        return min(self.kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0] if self.kinds else "person"

    @property
    def name(self) -> str:
        return display_name(self.names, self.kind)


def display_name(names: Counter, kind: str) -> str:
    """The form a name is shown in: a person's name as running text writes it rather than a transcript's
    capitals, an organisation's in the capitals of an acronym; then the most used; ties alphabetically."""
    if kind == "person":
        rank = lambda kv: (capitals_only(kv[0]), -kv[1], kv[0])  # noqa: E731
    else:
        rank = lambda kv: (-kv[1], -sum(c.isupper() for c in kv[0]), kv[0])  # noqa: E731
    return min(names.items(), key=rank)[0] if names else ""


def registered_speaker(entry: RegisteredSpeaker) -> KnownSpeaker | None:
    key = name_key(entry.name, entry.kind)
    if not key:
        return None
    honorific = bare_honorific(entry.name, key) if entry.kind == "person" else None
    gender = entry.gender if entry.gender in GENDERS else "unknown"
    return KnownSpeaker(canonical_id(entry.name, entry.kind), entry.name, entry.kind, key, gender, entry.role,
                        registered=True, honorific=honorific)


def short_given_name(key: tuple[str, ...]) -> bool:
    """Whether a person's name key starts with the usual short form of a first name ("chris", "ed")."""
    given = split_key(key)[0] if key else ()
    return bool(given) and given[0] in NICKNAMES


def written_key(name: str) -> tuple[str, ...]:
    """A full name's words however the articles classed it: "Bernie Sanders" the person and "Bernie
    Sanders" NER read as an organisation share it."""
    return organization_key(name)


_ACRONYM = re.compile(r"^[a-z]{2,6}$")


def acronyms(key: tuple[str, ...]) -> set[str]:
    """The acronyms an organisation's key may be written as: its initials with or without its small words
    ("federal bureau of investigation": fbi, fboi), or the key itself when it is one short word ("fbi")."""
    if len(key) == 1:
        return {key[0]} if _ACRONYM.match(key[0]) else set()
    forms = {initials_of(key), initials_of(key, STORE_ACRONYM_SKIPS)}
    return {f for f in forms if _ACRONYM.match(f)}


def _name_groups(name: str, kind: str) -> set[tuple]:
    key = name_key(name, kind)
    if not key:
        return set()
    groups: set[tuple] = set()
    written = written_key(name)
    if len(written) > 1:
        groups.add(("written", *written))
    if family(kind) != "person":
        forms = acronyms(key) if len(key) > 1 or capitals_only(name) else set()
        return groups | {("organization", *key)} | {("acronym", form) for form in forms}
    given, surname, suffix = split_key(key)
    groups.add(("person", surname, *suffix))
    if given:
        groups |= {("person", first, *suffix) for first in surname_first(name, key)}
    return groups


def group_keys(name: str, kind: str) -> set[str]:
    """The group keys of an article speaker called ``name``: its surname (with any suffix) for a person,
    its key for an organisation, and its written words. Every linking rule compares names sharing one, so
    article speakers that share none cannot change each other's corpus speaker."""
    return {"\x1f".join(group) for group in _name_groups(name, kind)}


def registered_group_keys(known: KnownSpeaker, aliases: tuple[str, ...]) -> set[str]:
    """The group keys a registered speaker joins: those of its name and of every alias, read as a
    person's and as an organisation's (a registry name links either)."""
    keys: set[str] = set()
    for name in (known.name, *aliases):
        keys |= group_keys(name, "person") | group_keys(name, "organization")
    return keys


@dataclass(slots=True)
class Linked:
    """Where each mention went, and the corpus speakers they make (name, kind, and own article if any)."""

    links: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, KnownSpeaker] = field(default_factory=dict)
    own_article: dict[str, str] = field(default_factory=dict)


def link_mentions(
    mentions: Iterable[Mention],
    registered: Iterable[tuple[KnownSpeaker, tuple[str, ...]]] = (),
    registered_gender: dict[str, str] | None = None,
    defined: set[tuple[str, tuple[str, ...]]] | None = None,
) -> Linked:
    """Link ``mentions`` to corpus speakers; the result depends on the set of mentions, not their order.

    ``defined`` holds the (acronym, organisation key) pairs some article writes together ("acronyms.py"):
    an acronym joins its organisation only when the pair is there. None joins on the initials alone."""
    registered_gender = registered_gender or {}
    registered_list = list(registered)
    index = SpeakerIndex()
    for known, aliases in registered_list:
        index.add(KnownSpeaker(known.speaker_id, known.name, known.kind, known.key, known.gender, known.role,
                               True, known.honorific), aliases)
    full, bare, namesakes = [], [], []
    for mention in sorted(mentions, key=lambda m: m.mention_id):
        key = name_key(mention.name, mention.kind)
        if not key:
            continue
        if mention.article_id is not None and any(
                split_key(k)[0] or mention.kind != "person" for k in (name_key(n, mention.kind) for n in mention.names) if k):
            # Marked as its articles' own but holding a full name: a namesake entry's person
            # (``namesake_mention_id``), a speaker of their own whatever others of that name do.
            namesakes.append(mention)
            continue
        is_bare = mention.kind == "person" and not split_key(key)[0]
        (bare if is_bare else full).append(mention)
    # Initialled names first: "David Whitman" then finds every "David X. Whitman" there is, and joins one
    # only when there is one, whatever order the articles came in. Likewise a short first name ("Chris")
    # after the full ones: it then sees both a Christopher and a Christine, whatever their ids.
    full.sort(key=lambda m: (not middle_initials(name_key(m.name, m.kind)) if m.kind == "person" else True,
                             m.kind == "person" and short_given_name(name_key(m.name, m.kind)), m.mention_id))
    kinds = corpus_kinds(full)
    spelled = spelled_out(full, kinds, defined)
    result = Linked()
    tallies: dict[str, GenderTally] = {}
    members: dict[str, list[Mention]] = {}

    def place(mention: Mention, sid: str) -> None:
        result.links[mention.mention_id] = sid
        members.setdefault(sid, []).append(mention)
        tallies.setdefault(sid, GenderTally()).merge(mention.tally)

    def decided(sid: str) -> str:
        return (tallies.get(sid) or GenderTally()).decide(registered_gender.get(sid)).gender

    for mention in full:
        kind = kinds.get(mention.mention_id, mention.kind)
        name = mention.name if index.registered_for(mention.name) else spelled.get(mention.mention_id, mention.name)
        sid = index.link(name, kind, mention.tally.decide().gender)
        if sid is None:
            continue
        index.speakers[sid].quotes += mention.quotes
        place(mention, sid)
    # Bare names are linked knowing the genders and quote counts their full-named namesakes ended up with.
    for sid, known in index.speakers.items():
        if known.kind == "person" and sid in tallies:
            known.gender = decided(sid)
    # Each bare name is placed by what its own article shows, never as part of another bare name's group:
    # an ungendered "Smith" that joins John Smith takes no other article's "Smith" (a woman) with it.
    own: dict[str, KnownSpeaker] = {}
    for mention in namesakes:
        full_names = Counter({n: c for n, c in mention.names.items()
                              if split_key(name_key(n, mention.kind) or ("",))[0] or mention.kind != "person"})
        name = display_name(full_names, mention.kind) or mention.name
        own[mention.mention_id] = KnownSpeaker(mention.mention_id, name, mention.kind, name_key(name, mention.kind))
        place(mention, mention.mention_id)
    homeless: dict[tuple[str, ...], list[tuple[Mention, str]]] = {}
    for mention in bare:
        wanted = honorific_gender(mention.name) or mention.tally.decide().gender
        key = name_key(mention.name, "person")
        _, surname, suffix = split_key(key)
        home = index.registered_for(mention.name) or index.home_for_surname(surname, suffix, wanted)
        if home is not None:
            place(mention, home)
        elif mention.article_id is not None:
            sid = mention.mention_id
            own[sid] = KnownSpeaker(sid, mention.name, "person", key)
            result.own_article[sid] = mention.article_id
            place(mention, sid)
        else:
            homeless.setdefault(key, []).append((mention, wanted))
    # A bare name no full name takes is a speaker of the gender its article shows ("Mrs. Smith" and a
    # "Smith" called "she" are one, a "Smith" called "he" another); one that shows none joins the one gender
    # shown among them, and stays apart when both are.
    for key, group in homeless.items():
        shown = {gender for _, gender in group if gender in GENDERS}
        for mention, gender in group:
            bucket = gender if gender in GENDERS else (min(shown) if len(shown) == 1 else None)
            sid = speaker_id(key, "person", bucket)
            own.setdefault(sid, KnownSpeaker(sid, mention.name, "person", key, honorific=bucket))
            place(mention, sid)
    for sid, group in members.items():
        if not group:
            continue
        known = own.get(sid) or index.speakers[sid]
        if not known.registered:
            known.name = corpus_name(group, known.kind) or known.name
        result.speakers[sid] = known
    for known, _ in registered_list:
        result.speakers.setdefault(known.speaker_id, index.speakers.get(known.speaker_id, known))
    return result


def spelled_out(full: list[Mention], kinds: dict[str, str],
                defined: set[tuple[str, tuple[str, ...]]] | None = None) -> dict[str, str]:
    """The full name an organisation's acronym is linked under ("FBI": "Federal Bureau of Investigation"),
    by mention id: when exactly one organisation's name among ``full`` has that acronym and, given
    ``defined``, some article writes the acronym beside that name. Two names with the same acronym leave
    it alone (which one it means is not known), as does none, and so do initials no article writes beside
    the name (a title, "VP", is not the "Vote Poll")."""
    names: dict[str, dict[tuple[str, ...], str]] = {}
    short: list[tuple[Mention, str]] = []
    for mention in full:
        if family(kinds.get(mention.mention_id, mention.kind)) == "person":
            continue
        key = organization_key(mention.name)
        if len(key) == 1:
            if _ACRONYM.match(key[0]) and capitals_only(mention.name):
                short.append((mention, key[0]))
            continue
        for form in acronyms(key):
            held = names.setdefault(form, {})
            held[key] = min(held.get(key, mention.name), mention.name)
    return {mention.mention_id: next(iter(names[form].values()))
            for mention, form in short if len(names.get(form, {})) == 1
            and (defined is None or (form, next(iter(names[form]))) in defined)}


def corpus_kinds(full: list[Mention]) -> dict[str, str]:
    """The kind of a full name some articles give as a person's and others as an organisation's: the one
    holding more of its quotes ("Bernie Sanders", read as an organisation in one article, is the person
    of 678 quotes), by mention id of the mentions that change; a tie changes nothing."""
    by_words: dict[tuple[str, ...], list[Mention]] = {}
    for mention in full:
        words = written_key(mention.name)
        if len(words) > 1:
            by_words.setdefault(words, []).append(mention)
    kinds: dict[str, str] = {}
    for group in by_words.values():
        quotes = Counter()
        for mention in group:
            quotes[family(mention.kind)] += mention.quotes
        if len(quotes) < 2:
            continue
        (top, most), (_, second) = quotes.most_common(2)
        if most > second:
            kinds.update({m.mention_id: top for m in group if family(m.kind) != top})
    return kinds


def corpus_name(mentions: Iterable[Mention], kind: str) -> str | None:
    """A corpus speaker's name: the full name most of its articles use ("Hillary Clinton" over "Hillary
    Rodham Clinton" and "Clinton"), as running text writes it rather than in a transcript's capitals.
    Articles, not quotes: one long interview quoting "Tom Ashgrove" twenty times does not outweigh the
    four reports that call him "Thomas Ashgrove". Between names as many articles use, the fuller: more
    words ("Edward G. Rendell" over "Ed Rendell"), then more letters ("William" over "Will"); then the one
    with more quotes; then alphabetically.
    An organisation's is its most used form (``display_name``)."""
    forms: Counter = Counter()
    articles: Counter = Counter()
    for mention in mentions:
        forms.update(mention.names)
        articles.update(mention.name_articles)
    if not forms:
        return None
    if kind != "person":
        return display_name(forms, kind)

    def rank(item: tuple[str, int]) -> tuple:
        name, quotes = item
        key = person_key(name)
        words = [w for w in _WORDS.findall(name) if w.casefold() not in HONORIFICS]
        written, letters = len(words), sum(map(len, words))
        return (not split_key(key)[0] if key else True, capitals_only(name), -articles[name], -len(key), -written,
                -letters, -quotes, name)

    return min(forms.items(), key=rank)[0]
