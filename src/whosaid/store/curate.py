"""Looking after a store's speakers: find the suspicious ones, and merge, split or relabel them.

Every change is written to the speaker registry file first (CSV or YAML, see
``registry.py``) and then applied to the store, so ingesting the same
articles into a new store with that registry gives the same speakers:

- merge A into B: B's entry gets every name A went by in its articles as an alias;
- split a name off S: the name gets an entry of its own, so it no longer links to S;
- relabel S: S's entry gets the new name (the old names become aliases), kind or gender.

Flags (``flag_speakers``) point at names that are probably not a person's
name, or a gender the articles disagree on:

- "common word": a one-word name, or a word before another person's name or
  surname ("Scandal", "Team Trump", "Rip Donald Trump"), that the articles
  themselves write in lower case at least as often as capitalised
  mid-sentence, unless it is a widespread first name ("Bill");
- "another speaker's name with extra words": "Crooked Hillary Clinton";
- "possessive": "Trump's";
- "named only in headlines": a person every quote's source names in a headline,
  or whose name no article body writes;
- "an organisation's name": an organisation of the same name quoted at least
  as often, a last word that names a kind of body, or an acronym;
- "a surname several people share": a bare surname more than one full-named
  person could be;
- "a name other people's full names hold": a one-word name that is the first
  name or a middle word of other speakers' full names ("Bob" beside Bob
  Corker and Bob Woodward, "Ban" beside Ban Ki-moon): who it is, the
  articles that quote it do not say in full;
- "a word before an organisation's name": "Eurosceptic SVP" beside the
  organisation "SVP";
- "the end of a name another speaker of its article has": "Pierre Dubois" or
  "Dubois" quoted apart from "Jean-Pierre Dubois" in one article, a name cut
  short or a surname the article's linking did not join;
- "gender from one pronoun": one pronoun in one of several articles decided it;
- "maybe the same person as": a first name and its short form, or a suffix,
  keep two speakers apart that no article quotes together ("Joe Biden",
  "Joseph R. Biden Jr.");
- "gender conflict": at least a fifth of the articles that gender the person disagree (unless the
  registry sets the gender);
- "different middle initials in its articles": "David R. Whitman" and "David K. Whitman" held by one
  speaker (a registry merge, or a store linked before initials parted people): probably two people;
- "one of several people with middle initials": a "David Whitman" that linking left apart because
  David R. and David K. Whitman both fit;
- "a given name alone": "Bob" from an article that never gives his surname, a speaker of that
  article only (``linking.py``).
- "all words common": a name of several words, each one the articles write in
  lower case at least as often as capitalised mid-sentence and none a
  widespread first name ("Right Wing Watch", "Major Companies");
- "punctuation in the name": a colon, or punctuation before the first word
  ("Luciana Lopez: Saying", "-Philip Bump");
- "garbled characters": what a wrong decoding left that the repair on
  storing could not undo ("Stefan KÃ").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ftfy.badness import is_bad

from ..lexicon import ORG_NOUNS
from .gender import CONFLICT_FLAG_SHARE
from .names import SUFFIXES, honorific_gender, initials_conflict, middle_initials, name_key, organization_key, person_key, speaker_id, split_key
from .registry import Namesake, RegisteredSpeaker
from .speakers import short_forms

if TYPE_CHECKING:
    import duckdb

    from . import Store

# A first name this many people have is a name even when it is also a word ("Bill", "Rush").
COMMON_FIRST_NAME_COUNT = 1000
# A gender one pronoun in one article decided is worth a look when this many articles quote the person.
THIN_GENDER_ARTICLES = 4
# Last words of a name that say it is a body, not a person ("Obama White House", "Gallup Poll").
ORGANIZATION_WORDS = ORG_NOUNS | frozenset({"poll", "pac"})
# Casing is counted in this many articles (the first by id: a fixed sample of a large store).
CASING_SAMPLE = 3000
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_POSSESSIVE = re.compile(r"\w['’‘]s?(?:\s|$)|s['’‘]$")
_SPEAKER_ID = re.compile(r"^[0-9a-f]{16}$")
# A colon anywhere, or punctuation before the first letter: "Luciana Lopez: Saying", "-Philip Bump".
_PUNCTUATED = re.compile(r":|^[^\w\"'“‘(]")
# The first byte of a two-byte character read as Latin-1, left at the end of a word, beside another
# or inside a lower-case word:
# "Stefan KÃ", "JesÃÂos".
_LEFT_BY_DECODING = re.compile(r"[ÃÂ](?=$|[\s\WÃÂ])|(?<=[a-z])Ã")


class CurationError(ValueError):
    """A speaker that cannot be found or a change that cannot be made; the message says which and why."""


class AmbiguousSpeaker(CurationError):
    """A name several speakers share (namesakes): the message names each with its id, role and articles."""


@dataclass(slots=True)
class SpeakerRow:
    speaker_id: str
    name: str
    kind: str
    gender: str
    quotes: int
    articles: int
    summary: str | None
    registered: bool
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "speaker_id": self.speaker_id, "name": self.name, "kind": self.kind, "gender": self.gender,
            "quotes": self.quotes, "articles": self.articles, "gender_summary": self.summary,
            "registered": self.registered, "flags": self.flags,
        }


def speaker_rows(con: duckdb.DuckDBPyConnection, kind: str | None = None, act: str = "all") -> list[SpeakerRow]:
    """Every speaker with counts of their quotes of ``act`` (speech, thought, other or all) and of the
    articles holding them, most quoted first. A speaker with no quote of ``act`` is kept, with 0:
    a name to check is one to check whatever it was reported to say or think."""
    where, params = ("WHERE s.kind = ?", [kind]) if kind else ("", [])
    act_where, act_params = ("AND coalesce(act, 'speech') = ?", [act]) if act != "all" else ("", [])
    rows = con.execute(
        f"""SELECT s.speaker_id, s.name, s.kind, s.gender, coalesce(q.quotes, 0), coalesce(q.articles, 0),
                   s.gender_summary, s.registered
            FROM speakers s
            LEFT JOIN (SELECT speaker_id, count(*) AS quotes, count(DISTINCT article_id) AS articles
                       FROM quotes WHERE speaker_id IS NOT NULL {act_where} GROUP BY 1) q USING (speaker_id)
            {where}
            ORDER BY 5 DESC, s.name, s.speaker_id""",
        act_params + params,
    ).fetchall()
    return [SpeakerRow(*row) for row in rows]


def _casing(con: duckdb.DuckDBPyConnection, words: set[str]) -> tuple[Counter, Counter]:
    """How often the articles write each of ``words`` in lower case, and capitalised mid-sentence."""
    lower, capital = Counter(), Counter()
    texts = con.execute("SELECT text FROM articles ORDER BY article_id LIMIT ?", [CASING_SAMPLE]).fetchall()
    for (text,) in texts:
        for match in _TOKEN.finditer(text):
            token = match.group()
            folded = token.lower()
            if folded not in words:
                continue
            if token.islower():
                lower[folded] += 1
            elif token[0].isupper() and token[1:].islower():
                before = text[max(0, match.start() - 3) : match.start()].rstrip(" \t")
                if before and before[-1] not in ".!?\"“”:\n":
                    capital[folded] += 1
    return lower, capital


def _first_name(word: str, min_count: int = 0) -> bool:
    """Whether ``word`` is a first name at least ``min_count`` people in the first-name lexicon have."""
    from ..enrich import names

    if not names.lexicon_available():
        return False
    guess = names.guess(word)
    return guess is not None and guess.count >= min_count


def flag_speakers(con: duckdb.DuckDBPyConnection, rows: list[SpeakerRow]) -> None:
    """Fill each row's ``flags``."""
    people = [r for r in rows if r.kind == "person"]
    keys = {r.speaker_id: person_key(r.name) for r in people}
    full_names = {key: r.name for r in people if len(key := keys[r.speaker_id]) >= 2}
    surnames = {split_key(key)[1] for key in keys.values() if key}
    full_by_surname: dict[str, list[str]] = {}
    # First names and middle words of full names: "bob" of Bob Corker, "ban" of Ban Ki-moon.
    full_by_given: dict[str, list[str]] = {}
    for key, name in full_names.items():
        given, surname, _ = split_key(key)
        if given:
            full_by_surname.setdefault(surname, []).append(name)
        for word in set(given):
            full_by_given.setdefault(word, []).append(name)
    words = {w for key in keys.values() for w in key}
    lower, capital = _casing(con, words)
    common = {
        w for w in words
        if len(w) > 1 and lower[w] >= 2 and lower[w] >= capital[w] and not _first_name(w, COMMON_FIRST_NAME_COUNT)
    }
    headline_only = {
        sid for (sid,) in con.execute(
            """SELECT q.speaker_id FROM quotes q JOIN articles a USING (article_id)
               WHERE q.speaker_id IS NOT NULL
               GROUP BY 1
               HAVING bool_and(len(q.source) > 0 AND q.source[1][2] <= a.headline_end)"""
        ).fetchall()
    }
    # A name no article body writes: a headline's words around it ("Will Sanders come down ...").
    # A name repaired on storing ("FranÃ§ois" as "François") is written as the article resolved it.
    unwritten = {
        sid for (sid,) in con.execute(
            """SELECT q.speaker_id FROM quotes q JOIN speakers s USING (speaker_id) JOIN articles a USING (article_id)
               WHERE s.kind = 'person' AND NOT s.registered
               GROUP BY q.speaker_id, s.name
               HAVING NOT bool_or(strpos(substr(a.text, a.headline_end + 1), s.name) > 0
                                  OR strpos(substr(a.text, a.headline_end + 1), q.speaker_name) > 0)"""
        ).fetchall()
    }
    # An organisation quoted at least as often under the name: "Politico" is the outlet, not a person.
    # Every act counts here, whatever act the rows were counted for, so the flags do not move with it.
    quoted = dict(con.execute(
        "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY 1"
    ).fetchall())
    organizations = {
        organization_key(name): (name, quotes) for name, quotes in con.execute(
            """SELECT s.name, count(q.quote_id) FROM speakers s LEFT JOIN quotes q USING (speaker_id)
               WHERE s.kind = 'organization' GROUP BY ALL"""
        ).fetchall()
    }
    thin = _thin_genders(con)
    # A given name alone ("Bob"): a speaker of one article, never merged with another article's Bob.
    own_article = dict(con.execute("SELECT speaker_id, only_article FROM speakers WHERE only_article IS NOT NULL").fetchall())
    same_person = _same_person_candidates(con, people, keys)
    by_surname = _joined_by_surname(con, keys)
    cut_short = _ends_of_names_in_one_article(con)
    conflicted = {
        sid for sid, top, total in con.execute(
            """SELECT speaker_id, max(n), sum(n) FROM (
                   SELECT speaker_id, gender, count(DISTINCT article_id) AS n FROM speaker_articles
                   WHERE basis = 'text' GROUP BY ALL)
               -- A gender set in the registry settles the disagreement: nothing is left to check.
               WHERE speaker_id NOT IN (SELECT speaker_id FROM speakers WHERE gender_basis = 'registry')
               GROUP BY 1 HAVING count(*) > 1"""
        ).fetchall()
        if 1 - top / total >= CONFLICT_FLAG_SHARE
    }
    initials = _initials_flags(con, people, keys)
    for row in rows:
        flags = row.flags
        if row.speaker_id in initials:
            flags.append(initials[row.speaker_id])
        if row.kind == "person" and (key := keys[row.speaker_id]):
            # "Scandal" alone, or a word glued to someone's name ("Team Trump"); not "Ban Ki-moon".
            rest = key[1:]
            if key[0] in common and (not rest or rest in full_names or (len(rest) == 1 and rest[0] in surnames)):
                flags.append(f"common word {_TOKEN.findall(row.name)[0]!r}" if _TOKEN.findall(row.name) else "common word")
            inner = _inner_name(key, full_names, common)
            if inner:
                flags.append(f"another speaker's name with extra words: {inner}")
            if row.speaker_id in cut_short:
                longer, article = cut_short[row.speaker_id]
                flags.append(f"the end of a name another speaker of its article has: {longer} (article {article})")
            if row.speaker_id in headline_only or row.speaker_id in unwritten:
                flags.append("named only in headlines")
            organization = _organization_name(row.name, key, organizations, quoted.get(row.speaker_id, 0))
            if organization:
                flags.append(f"an organisation's name: {organization}")
            if len(key) == 1 and len(sharing := sorted(full_by_surname.get(key[0], ()))) > 1:
                flags.append(f"a surname several people share: {', '.join(sharing[:4])}")
            if len(key) == 1 and (holding := sorted(full_by_given.get(key[0], ()))):
                more = f" and {len(holding) - 4:,} more" if len(holding) > 4 else ""
                flags.append(f"a name other people's full names hold: {', '.join(holding[:4])}{more}")
            body = organizations.get(organization_key(" ".join(row.name.split()[1:]))) if len(key) > 1 else None
            # An acronym or a name of several words: a one-word "organisation" may be a surname NER mistook.
            if body and (body[0].isupper() or len(body[0].split()) > 1) and not _first_name(key[0]):
                flags.append(f"a word before an organisation's name: {row.name.split()[0]!r} before {body[0]!r}")
            if row.speaker_id in by_surname:
                joined = by_surname[row.speaker_id]
                more = f" and {len(joined) - 3:,} more" if len(joined) > 3 else ""
                flags.append(f"joined by surname only in article{'s' if len(joined) != 1 else ''} "
                             f"{', '.join(joined[:3])}{more}")
            if row.speaker_id in same_person:
                flags.append(f"maybe the same person as {same_person[row.speaker_id]} (never quoted in one article)")
            if row.speaker_id in thin and row.gender in thin[row.speaker_id]:
                flags.append(thin[row.speaker_id][row.gender])
            if len(key) > 1 and all(w in common for w in key):
                flags.append("all words common")
        if row.speaker_id in own_article:
            flags.append(f"a given name alone: the speaker of article {own_article[row.speaker_id]} only")
        if _PUNCTUATED.search(row.name):
            flags.append("punctuation in the name")
        if is_bad(row.name) or _LEFT_BY_DECODING.search(row.name):
            flags.append("garbled characters")
        if _POSSESSIVE.search(row.name):
            flags.append("possessive")
        if row.speaker_id in conflicted:
            flags.append("gender conflict")


def _initials_flags(
    con: duckdb.DuckDBPyConnection, people: list[SpeakerRow], keys: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """People whose articles write different middle initials ("David R." and "David K. Whitman" in one
    speaker), and people named without one whom several initialled namesakes fit, by speaker id."""
    found: dict[str, str] = {}
    written: dict[str, set[str]] = {}
    for sid, name in con.execute(
        """SELECT DISTINCT q.speaker_id, q.speaker_name FROM quotes q JOIN speakers s USING (speaker_id)
           WHERE s.kind = 'person' AND q.speaker_name IS NOT NULL"""
    ).fetchall():
        written.setdefault(sid, set()).add(name)
    for sid, names in written.items():
        distinct: dict[tuple[str, ...], str] = {}
        for name in sorted(names):
            key = person_key(name)
            if key and middle_initials(key):
                distinct.setdefault(middle_initials(key), name)
        if len(distinct) > 1:
            found[sid] = "different middle initials in its articles: " + ", ".join(sorted(distinct.values()))
    by_ends: dict[tuple, list[SpeakerRow]] = {}
    for row in people:
        given, surname, suffix = split_key(keys[row.speaker_id]) if keys[row.speaker_id] else ((), "", ())
        if given:
            by_ends.setdefault((given[0], surname, suffix), []).append(row)
    for group in by_ends.values():
        for row in group:
            if middle_initials(keys[row.speaker_id]):
                continue
            fitting = sorted(other.name for other in group if other is not row
                             and middle_initials(keys[other.speaker_id])
                             and not initials_conflict(keys[row.speaker_id], keys[other.speaker_id]))
            if len(fitting) > 1:
                found.setdefault(row.speaker_id, "one of several people with middle initials: " + ", ".join(fitting))
    return found


def _ends_of_names_in_one_article(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """People quoted apart from someone whose name ends with theirs in the same article ("Pierre Dubois"
    beside "Jean-Pierre Dubois"): one article names one person so, and its linking kept two."""
    rows = con.execute(
        """SELECT DISTINCT ON (sx.speaker_id) sx.speaker_id, sy.name, x.article_id
           FROM quotes x JOIN quotes y USING (article_id)
           JOIN speakers sx ON sx.speaker_id = x.speaker_id JOIN speakers sy ON sy.speaker_id = y.speaker_id
           WHERE sx.kind = 'person' AND sy.kind = 'person' AND sx.speaker_id <> sy.speaker_id
             AND (ends_with(sy.name, ' ' || sx.name) OR ends_with(sy.name, '-' || sx.name))
           ORDER BY sx.speaker_id, sy.name, x.article_id"""
    ).fetchall()
    return {speaker: (longer, article) for speaker, longer, article in rows}


def _joined_by_surname(con: duckdb.DuckDBPyConnection, keys: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The articles that name a person with a full name only by surname or a label ("Grant", "GRANT:", "Mr.
    Grant"): linking joined them to the full name of other articles (docs/corpus.md), which an editor may
    want to check. By speaker id, the articles sorted."""
    full = {sid for sid, key in keys.items() if len(split_key(key)[0]) > 0}
    if not full:
        return {}
    names: dict[tuple[str, str], set[str]] = {}
    for sid, article, name in con.execute(
        "SELECT DISTINCT speaker_id, article_id, speaker_name FROM quotes WHERE speaker_id IS NOT NULL"
    ).fetchall():
        if sid in full:
            names.setdefault((sid, article), set()).add(name or "")
    joined: dict[str, list[str]] = {}
    for (sid, article), written in names.items():
        if not any(split_key(person_key(name))[0] for name in written if person_key(name)):
            joined.setdefault(sid, []).append(article)
    return {sid: sorted(articles) for sid, articles in joined.items()}


def _organization_name(
    name: str, key: tuple[str, ...], organizations: dict[tuple[str, ...], tuple[str, int]], quotes: int
) -> str | None:
    """What says a person's name is an organisation's: an organisation of that name quoted as often ("Politico"),
    a last word that names a kind of body ("Obama White House", "Gallup Poll"), or an acronym ("Junge SVP")."""
    same = organizations.get(organization_key(name))
    if same is not None and same[1] >= quotes:
        return f"also the organisation {same[0]!r}, quoted {same[1]:,} times"
    words = _TOKEN.findall(name)
    if len(words) < 2:
        return None
    last = words[-1]
    if last.lower() in ORGANIZATION_WORDS and key[-1] not in SUFFIXES:
        return f"{last!r} names a kind of body"
    if len(last) >= 2 and last.isupper() and last.isalpha() and last.lower() not in SUFFIXES:
        return f"{last!r} is an acronym"
    return None


def _same_person_candidates(
    con: duckdb.DuckDBPyConnection, people: list[SpeakerRow], keys: dict[str, tuple[str, ...]]
) -> dict[str, str]:
    """People whose names may be one person's, kept apart by the linking rules: a first name and its
    short form ("Joseph R. Biden Jr." and "Joe Biden"), or a suffix one name has and the other lacks.
    Two that are quoted in one article are two people (Donald Trump and Donald Trump Jr.)."""
    by_surname: dict[str, list[tuple[str, tuple[str, ...], tuple[str, ...]]]] = {}
    for row in people:
        given, surname, suffix = split_key(keys[row.speaker_id]) if keys[row.speaker_id] else ((), "", ())
        if given:
            by_surname.setdefault(surname, []).append((row.speaker_id, given, suffix))
    pairs = []
    for group in by_surname.values():
        for i, (a, given_a, suffix_a) in enumerate(group):
            for b, given_b, suffix_b in group[i + 1 :]:
                if given_a[0] == given_b[0] and suffix_a == suffix_b:
                    continue  # the linking rules already had their say on these
                if given_a[0] == given_b[0] or short_forms(given_a[0], given_b[0]):
                    pairs.append((a, b))
    if not pairs:
        return {}
    together = {
        (a, b) for a, b in con.execute(
            """SELECT DISTINCT x.speaker_id, y.speaker_id FROM quotes x JOIN quotes y USING (article_id)
               WHERE x.speaker_id IN (SELECT unnest(?)) AND y.speaker_id IN (SELECT unnest(?))""",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        ).fetchall()
    }
    names = {row.speaker_id: row.name for row in people}
    found: dict[str, str] = {}
    for a, b in pairs:
        if (a, b) not in together and (b, a) not in together:
            found.setdefault(a, names[b])
            found.setdefault(b, names[a])
    return found


def _thin_genders(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Speakers whose gender one article's single pronoun decided while more articles that quote them say nothing,
    not even the first name."""
    rows = con.execute(
        """SELECT speaker_id, any_value(gender) FILTER (WHERE basis = 'text'),
                  count(DISTINCT article_id) FILTER (WHERE basis = 'text'),
                  sum(strength) FILTER (WHERE basis = 'text'), count(DISTINCT article_id)
           FROM speaker_articles GROUP BY 1
           HAVING count(DISTINCT article_id) FILTER (WHERE basis = 'text') = 1
              AND count(DISTINCT article_id) FILTER (WHERE basis = 'first name') = 0
              AND count(DISTINCT article_id) >= ?""",
        [THIN_GENDER_ARTICLES],
    ).fetchall()
    return {
        sid: {gender: f"gender from one pronoun in 1 of {articles:,} articles"}
        for sid, gender, _, strength, articles in rows
        if strength is not None and strength < 1.0
    }


def _inner_name(key: tuple[str, ...], full_names: dict[tuple[str, ...], str], common: set[str]) -> str | None:
    """The full name of another speaker that ``key`` holds with words around it that are no first name.

    "Crooked Hillary Clinton" holds "Hillary Clinton"; "Debbie Wasserman
    Schultz" holds "Wasserman Schultz" after a first name, which is no flag.
    """
    for size in range(len(key) - 1, 1, -1):
        for start in range(len(key) - size + 1):
            inner = key[start : start + size]
            if inner not in full_names:
                continue
            after = [w for w in key[start + size :] if w not in SUFFIXES]
            if after or (start and (key[0] in common or not _first_name(key[0]))):
                return full_names[inner]
    return None


# -- finding speakers --------------------------------------------------------------


def find_speaker(con: duckdb.DuckDBPyConnection, ref: str, kind: str | None = None,
                 aliases: bool = False) -> tuple[str, str, str]:
    """(id, name, kind) of the speaker ``ref`` names: an id, or a name as stored (any case); with ``aliases``,
    failing those, a name some article gave the speaker ("Marsh" for Elena Marsh), when only one speaker went by it.
    Changes (merge, relabel, reassign) name a speaker by its id or own name only: an alias is read, never chosen."""
    ref = ref.strip()
    if _SPEAKER_ID.match(ref):
        row = con.execute("SELECT speaker_id, name, kind FROM speakers WHERE speaker_id = ?", [ref]).fetchone()
        if row:
            return row
    kind_clause, kind_params = (" AND s.kind = ?", [kind]) if kind else ("", [])
    rows = con.execute(
        f"SELECT speaker_id, name, kind FROM speakers s WHERE lower(name) = ?{kind_clause} ORDER BY speaker_id",
        [ref.casefold(), *kind_params],
    ).fetchall()
    called = "called"
    if not rows and aliases:
        rows = con.execute(
            f"""SELECT DISTINCT s.speaker_id, s.name, s.kind FROM speaker_aliases a JOIN speakers s USING (speaker_id)
                WHERE lower(a.alias) = ?{kind_clause} ORDER BY s.speaker_id""",
            [ref.casefold(), *kind_params],
        ).fetchall()
        called = "called or went by"
    if len(rows) == 1:
        return rows[0]
    if not rows:
        raise CurationError(f"no speaker is {called} {ref!r}; `whosaid speakers list --search {ref!r}` finds similar names")
    raise AmbiguousSpeaker(f"several speakers are {called} {ref!r}: {'; '.join(_candidate(con, *row) for row in rows)}; "
                           "give the id of the one meant")


# How many of a candidate's articles an ambiguous name's message lists.
ARTICLES_SHOWN = 3


def _candidate(con: duckdb.DuckDBPyConnection, sid: str, name: str, kind: str) -> str:
    """One speaker of a shared name, for telling it apart: its id, kind, role and articles."""
    role = con.execute("SELECT role FROM speakers WHERE speaker_id = ?", [sid]).fetchone()[0]
    articles = [r[0] for r in con.execute(
        """SELECT article_id FROM (SELECT article_id FROM quotes WHERE speaker_id = ?
                                   UNION SELECT article_id FROM speaker_articles WHERE speaker_id = ?) ORDER BY 1""",
        [sid, sid]).fetchall()]
    shown = ", ".join(articles[:ARTICLES_SHOWN]) + (f" and {len(articles) - ARTICLES_SHOWN} more" if len(articles) > ARTICLES_SHOWN else "")
    where = f"{len(articles)} article{'s' if len(articles) != 1 else ''}" + (f": {shown}" if articles else "")
    return f"{sid} ({kind}{', ' + role if role else ''}; {where})"


def refuse_namesake(con: duckdb.DuckDBPyConnection, sid: str, name: str) -> None:
    """A namesake's speaker (``split --article``) shares its name with another: a registry entry under that
    name would be the other's, so it is not merged or relabelled."""
    if con.execute("SELECT 1 FROM speaker_articles WHERE speaker_id = ? AND own_article AND mention_id = ? LIMIT 1",
                   [sid, sid]).fetchone():
        raise CurationError(f"{sid} is the namesake split off {name!r} in some articles: it cannot be merged, "
                            "split or relabelled (its registry entry would be the other person's)")


def article_names(con: duckdb.DuckDBPyConnection, sid: str) -> list[tuple[str, int]]:
    """The names articles gave the quotes linked to ``sid``, with how many quotes each."""
    return con.execute(
        """SELECT speaker_name, count(*) FROM quotes WHERE speaker_id = ? AND speaker_name IS NOT NULL
           GROUP BY 1 ORDER BY 2 DESC, 1""",
        [sid],
    ).fetchall()


# -- changing the registry and the store ---------------------------------------------


def _same_entry(entry: RegisteredSpeaker, name: str, kind: str) -> bool:
    return speaker_id(name_key(entry.name, entry.kind), entry.kind) == speaker_id(name_key(name, kind), kind)


def _names_of(entry: RegisteredSpeaker) -> set[tuple[str, ...]]:
    return {k for n in (entry.name, *entry.aliases) for k in (person_key(n), organization_key(n)) if k}


def _without_names(entry: RegisteredSpeaker, names: list[str]) -> RegisteredSpeaker:
    gone = {k for n in names for k in (person_key(n), organization_key(n)) if k}
    kept = tuple(a for a in entry.aliases if not ({person_key(a), organization_key(a)} & gone))
    return replace(entry, aliases=kept)


def merge(store: Store, registry: list[RegisteredSpeaker], sources: list[str], target: str) -> list[RegisteredSpeaker]:
    """Merge speakers ``sources`` (ids) into ``target`` (id); returns the new registry."""
    con = store.connection
    tid, tname, tkind = find_speaker(con, target)
    refuse_namesake(con, tid, tname)
    aliases: list[str] = []
    moving = []
    for ref in sources:
        sid, name, kind = find_speaker(con, ref)
        refuse_namesake(con, sid, name)
        if sid == tid:
            raise CurationError(f"{name!r} is the speaker to merge into; name another")
        moving.append(sid)
        aliases.extend([name, *(n for n, _ in article_names(con, sid))])
    # Entries of the merged speakers are folded into the target's.
    merged = [e for e in registry if any(_same_entry(e, *find_speaker(con, s)[1:]) for s in moving)]
    for entry in merged:
        aliases.extend([entry.name, *entry.aliases])
    registry = [e for e in registry if e not in merged]
    entry = next((e for e in registry if _same_entry(e, tname, tkind)), None)
    base = entry or RegisteredSpeaker(tname, (), tkind)
    known = _names_of(base)
    extra = []
    for alias in aliases:
        keys = {person_key(alias), organization_key(alias)}
        if not keys & known:
            extra.append(alias)
            known |= keys
    updated = replace(base, aliases=(*base.aliases, *extra))
    registry = [updated if e is entry else e for e in registry] if entry else [*registry, updated]
    store.merge_speakers(moving, tid)
    store.register_speakers([updated])
    return registry


def split(store: Store, registry: list[RegisteredSpeaker], ref: str, names: list[str]) -> list[RegisteredSpeaker]:
    """Give each of ``names`` (names articles gave speaker ``ref``) a speaker of its own; returns the new registry.

    A name is split off with every way of writing it that links the same
    ("OBAMA" and "Obama"), everywhere in the store, as a rebuild would.
    """
    con = store.connection
    sid, sname, skind = find_speaker(con, ref)
    refuse_namesake(con, sid, sname)
    variants: dict[tuple[str, ...], list[tuple[str, int]]] = {}
    for used, count in article_names(con, sid):
        variants.setdefault(name_key(used, skind), []).append((used, count))

    def listed() -> str:
        return "; ".join(" / ".join(repr(n) for n, _ in group) + f" ({sum(c for _, c in group):,})" for group in variants.values())

    if not names:
        if len(variants) == 1:
            # Nothing to split off by name: the likely wish is to part namesakes, which --article does.
            articles = "; ".join(f"{aid} ({outlet or 'no outlet'}: {title or 'untitled'})" for aid, outlet, title in con.execute(
                """SELECT DISTINCT q.article_id, a.outlet, a.title FROM quotes q JOIN articles a USING (article_id)
                   WHERE q.speaker_id = ? ORDER BY 2 NULLS LAST, 1""", [sid]).fetchall())
            raise CurationError(f"every quote of {sname!r} calls it {listed()}: there is no other name to split off; "
                                f"to part namesakes (two people of one name) give --article ID, of: {articles}")
        raise CurationError(f"say which names to split off {sname!r} with --name; its articles call it: {listed()}")
    own_key = name_key(sname, skind)
    new_entries = []
    for name in names:
        key = name_key(name, skind)
        if key not in variants:
            raise CurationError(f"no quote of {sname!r} names it {name!r}; its articles call it: {listed()}")
        if key == own_key:
            raise CurationError(f"{name!r} is how {sname!r} itself is named; " + _same_name_advice(name, sname, variants[key]))
        written = max(variants[key], key=lambda nc: nc[1])[0]
        new_entries.append(RegisteredSpeaker(written, (), skind))
    registry = [_without_names(e, names) if _same_entry(e, sname, skind) else e for e in registry]
    registry = [e for e in registry if not any(_same_entry(e, n.name, n.kind) for n in new_entries)]
    # The speaker's own entry, if it has one, loses the names split off: a merge had made them its aliases.
    kept = [e for e in registry if _same_entry(e, sname, skind)]
    registry.extend(new_entries)
    store.register_speakers([*kept, *new_entries])
    return registry


def split_namesake(store: Store, namesakes: list[Namesake], ref: str, articles: list[str]) -> tuple[list[Namesake], str]:
    """Give the person speaker ``ref`` is in ``articles`` (article ids) a speaker of their own: a namesake of
    the person of that name elsewhere. Returns the new namesake entries and the new speaker's id."""
    from .linking import namesake_mention_id

    con = store.connection
    sid, sname, skind = find_speaker(con, ref)
    refuse_namesake(con, sid, sname)
    quoted = {r[0] for r in con.execute(
        "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ? AND article_id IN (SELECT unnest(?))",
        [sid, articles]).fetchall()}
    if missing := [a for a in articles if a not in quoted]:
        raise CurationError(f"{sname!r} is not quoted in article {', '.join(missing)}; its articles: "
                            + ", ".join(r[0] for r in con.execute(
                                "SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ? ORDER BY 1", [sid]).fetchall()))
    everywhere = {r[0] for r in con.execute("SELECT DISTINCT article_id FROM quotes WHERE speaker_id = ?", [sid]).fetchall()}
    if everywhere <= set(articles):
        raise CurationError(f"{sname!r} is quoted in those articles only: leave one of them out to part namesakes")
    entry = Namesake(sname, tuple(sorted(set(articles))), skind)
    store.split_namesakes([entry])
    return [*namesakes, entry], namesake_mention_id(entry.name, entry.kind, entry.articles)


def _same_name_advice(name: str, sname: str, written: list[tuple[str, int]]) -> str:
    """What to do instead of splitting off a name that differs from the speaker's only by an honorific:
    "Mrs. Whitfield" from a "Whitfield" that also holds "Mr. Whitfield"'s quotes. A registered gender
    keeps the other gender's honorific from linking to the speaker, so that one becomes a speaker of its own."""
    gender = honorific_gender(name)
    others = {honorific_gender(n) for n, _ in written} - {gender, None}
    if gender is None or len(others) != 1:
        return "relabel the speaker instead"
    return (f"to give the quotes that call it {name!r} a speaker of their own, give {sname!r} the other quotes' "
            f"gender: `whosaid speakers relabel {sname!r} --gender {others.pop()}`")


def relabel(
    store: Store, registry: list[RegisteredSpeaker], ref: str, *,
    name: str | None = None, kind: str | None = None, gender: str | None = None, role: str | None = None,
) -> list[RegisteredSpeaker]:
    """Give speaker ``ref`` a new canonical name, kind, gender or role (shown on every quote); returns the
    new registry."""
    con = store.connection
    sid, sname, skind = find_speaker(con, ref)
    refuse_namesake(con, sid, sname)
    entry = next((e for e in registry if _same_entry(e, sname, skind)), None)
    base = entry or RegisteredSpeaker(sname, (), skind)
    new_name, new_kind = name or base.name, kind or base.kind
    aliases = list(base.aliases)
    if new_name != base.name or new_kind != base.kind:
        # The old names keep linking here, whatever kind articles give them.
        aliases.extend([base.name, *(n for n, _ in article_names(con, sid))])
    keys: set[tuple[str, ...]] = {person_key(new_name), organization_key(new_name)}
    kept = []
    for alias in aliases:
        alias_keys = {person_key(alias), organization_key(alias)}
        if not alias_keys & keys:
            kept.append(alias)
            keys |= alias_keys
    updated = RegisteredSpeaker(new_name, tuple(kept), new_kind, gender or base.gender, role or base.role)
    # One row per speaker: an entry already naming the speaker it becomes gives way to the new one.
    registry = [e for e in registry if e is entry or not _same_entry(e, new_name, new_kind)]
    registry = [updated if e is entry else e for e in registry] if entry else [*registry, updated]
    store.register_speakers([updated])
    new_id = speaker_id(name_key(updated.name, updated.kind), updated.kind)
    if new_id != sid and store.speaker(sid) is not None:
        store.merge_speakers([sid], new_id)
    return registry
