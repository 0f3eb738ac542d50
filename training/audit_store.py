"""Audit a store's corpus-level speaker figures: the "who gets a voice" numbers an editor may publish.

    whosaid ingest ../shared/data/polnear/train.jsonl ../shared/data/polnear/dev.jsonl --db polnear.duckdb
    PYTHONPATH=src:. python -m training.audit_store --db polnear.duckdb [--top 100] [--rebuild 30]

It checks the store against the evidence it keeps and against the
annotation, never against its own decision rules:

a. among the ``--top`` most-quoted people, any whose stored gender the
   majority of the articles that quote them contradicts (each article's own
   verdict, ``speaker_articles``), and any whose stored gender a minority of
   those articles decided;
b. among them, any name holding a word that is no part of a name: a
   possessive, characters a wrong decoding left, an honorific or title, a single word the corpus writes in
   lower case, a word the corpus writes in lower case (an adjective, insult
   or headline verb; not a surname the speaker's own articles write after
   "Mr."/"Ms.", as "Mr. Hedge" or the family name of "Mr. Ban", nor the
   last word of a name they use alone with a verb of saying, "Sharp said"), an
   organisation word, or a name no article body writes; and, listed apart
   because each is a name but may not be one person, a single word other
   speakers' full names hold (a bare "Bob" beside Bob Corker, a bare "Obama"
   beside Barack and Michelle Obama);
c. the women's share of gendered person quotes by the stored (corpus)
   gender against the share by each quote's own-article gender (bar: within
   2 points);
d. on the annotated articles (``--annotated``), the stored women's share
   against the annotation's (bar: within 3 points), and each annotated
   speaker's stored gender against the annotation's;
e. which of the names found in a and b ``whosaid speakers list`` flags; with
   ``--rebuild N``, whether a merge, a split and a relabel made with
   ``whosaid speakers`` on a store of the first N train articles survive
   ingesting them again into a new store with the registry.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

from training.polnear import POLNEAR, read_jsonl

GENDERS = ("female", "male")
# Words that say who someone is, not what they are called.
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr sen senator rep gov governor president pres secretary gen general rev sir dame lord lady"
    " judge justice mayor chairman chief prof professor pope king queen prince minister speaker".split()
)
# Words of an organisation's name that no person's name holds.
ORGANIZATION_WORDS = frozenset(
    "house campaign administration party committee department agency office council association union"
    " university institute foundation news times post network group team inc corp company".split()
)
# Letters of any alphabet: "François" is one word, not "Fran" and "ois".
_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_'’.-]*)*")
# What a wrong decoding leaves in a name that was not repaired: "Stefan KÃ", "JesÃÂos".
_GARBLED = re.compile(r"[ÃÂ](?=$|[\s\WÃÂ])|Ã[\x80-\xbf]|(?<=[a-z])Ã")
_POSSESSIVE = re.compile(r"\w['’]s?\b(?!\w)|s['’]$")


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part:,}/{whole:,})" if whole else "n/a (0)"


def top_people(con: duckdb.DuckDBPyConnection, top: int) -> list[tuple]:
    return con.execute(
        """SELECT s.speaker_id, s.name, s.gender, count(*) AS quotes, count(DISTINCT q.article_id) AS articles
           FROM quotes q JOIN speakers s USING (speaker_id)
           WHERE s.kind = 'person'
           GROUP BY ALL ORDER BY quotes DESC, s.name LIMIT ?""",
        [top],
    ).fetchall()


def article_verdicts(con: duckdb.DuckDBPyConnection, sids: list[str]) -> dict[str, Counter]:
    """Per speaker, how many of its articles' own verdicts say female and male (an article that says both counts for neither)."""
    rows = con.execute(
        """SELECT speaker_id, article_id, list(DISTINCT gender) FILTER (WHERE gender IN ('female', 'male'))
           FROM speaker_articles WHERE speaker_id IN (SELECT unnest(?)) GROUP BY ALL""",
        [sids],
    ).fetchall()
    counts: dict[str, Counter] = defaultdict(Counter)
    for sid, _, labels in rows:
        counts[sid]["articles"] += 1
        if labels and len(labels) == 1:
            counts[sid][labels[0]] += 1
    return counts


def audit_gender(con, people) -> list[str]:
    verdicts = article_verdicts(con, [p[0] for p in people])
    contradicted, minority = [], []
    for sid, name, gender, quotes, _ in people:
        votes = verdicts[sid]
        gendered = votes["female"] + votes["male"]
        if not gendered:
            continue
        majority = next((g for g in GENDERS if votes[g] * 2 > gendered), None)
        line = f"{name!r}: stored {gender}; articles female {votes['female']}, male {votes['male']}, of {votes['articles']} ({quotes} quotes)"
        if gender in GENDERS and majority and majority != gender:
            contradicted.append(line)
        elif gender in GENDERS and votes[gender] * 2 < votes["articles"] and votes[gender] < 2 and votes["articles"] >= 4:
            # Decided by one article of many, the rest silent: thin, worth a look.
            minority.append(line)
    print(f"\na. gender contradicted by the majority of the speaker's own articles: {len(contradicted)}")
    for line in contradicted:
        print("   ", line)
    print(f"   gender decided by a single article of four or more that quote them: {len(minority)}")
    for line in minority:
        print("   ", line)
    return [line.split("'")[1] for line in contradicted + minority]


def _casing(texts: list[str]) -> tuple[Counter, Counter]:
    lower, capital = Counter(), Counter()
    for text in texts:
        for match in _TOKEN.finditer(text):
            token = match.group().rstrip(".")
            if token.islower():
                lower[token] += 1
            elif token[:1].isupper() and token[1:].islower():
                before = text[max(0, match.start() - 3) : match.start()].rstrip(" \t")
                if before and before[-1] not in ".!?\"“”:\n—-(":
                    capital[token.lower()] += 1
    return lower, capital


def name_problems(con, people) -> dict[str, list[str]]:
    texts = [t for (t,) in con.execute("SELECT text FROM articles").fetchall()]
    lower, capital = _casing(texts)
    bodies = {
        sid: [t for (t,) in con.execute(
            "SELECT DISTINCT a.text FROM quotes q JOIN articles a USING (article_id) WHERE q.speaker_id = ?", [sid]
        ).fetchall()]
        for sid, *_ in people
    }
    written_as = {
        sid: [n for (n,) in con.execute(
            "SELECT DISTINCT speaker_name FROM quotes WHERE speaker_id = ? AND speaker_name IS NOT NULL", [sid]
        ).fetchall()]
        for sid, *_ in people
    }
    # Every word of every other full-named person: a single-word name among them is ambiguous.
    full_name_words: dict[str, set[str]] = defaultdict(set)
    for (other,) in con.execute("SELECT name FROM speakers WHERE kind = 'person'").fetchall():
        other_words = [w.rstrip(".").lower() for w in _TOKEN.findall(other)]
        if len(other_words) > 1:
            for word in other_words:
                full_name_words[word].add(other)
    problems: dict[str, list[str]] = {}
    ambiguous: dict[str, str] = {}
    for sid, name, *_ in people:
        found = []
        words = [w.rstrip(".") for w in _TOKEN.findall(name)]
        if _POSSESSIVE.search(name):
            found.append("possessive")
        if _GARBLED.search(name):
            found.append("garbled characters")
        if words and words[0].lower() in TITLE_WORDS:
            found.append(f"title {words[0]!r}")
        if len(words) == 1:
            folded = words[0].lower()
            sharing = sorted(full_name_words[folded])
            if lower[folded] > capital[folded]:
                found.append("single word the corpus writes in lower case")
            elif sharing:
                ambiguous[name] = f"single word {len(sharing)} other full names hold ({', '.join(sharing[:3])})"
        for word in words[1:] if len(words) > 1 else []:
            if word.lower() in ORGANIZATION_WORDS:
                found.append(f"organisation word {word!r}")
            elif len(word) > 1 and word.isupper() and word.isalpha() and word not in ("II", "III", "IV", "JR", "SR"):
                found.append(f"acronym {word!r}")
        for word in words if len(words) > 1 else []:
            folded = word.lower()
            if _surname_after_honorific(word, bodies[sid]) or _speaks_alone(word, words, bodies[sid]):
                continue  # "Oliver K. Hedge" is "Mr. Hedge" in his articles: a surname, whatever "hedge" is elsewhere
            if len(folded) > 2 and lower[folded] >= 3 and lower[folded] > 2 * capital[folded]:
                found.append(f"word the corpus writes in lower case {word!r} ({lower[folded]} lower, {capital[folded]} capitalised)")
        # A name repaired on storing ("FranÃ§ois" as "François") is written as its articles resolved it.
        as_written = {name, *written_as[sid]}
        written = any(n in text[text.find("\n\n") :] for text in bodies[sid] for n in as_written)
        if not written and not name.isupper():
            found.append("no article body writes it")
        if found:
            problems[name] = found
    print(f"\nb. names holding a word that is no part of a name: {len(problems)} of {len(people)}")
    for name, found in problems.items():
        print(f"    {name!r}: {'; '.join(found)}")
    print(f"   names, each of one word, that other people's full names hold (who is meant, the corpus cannot say): "
          f"{len(ambiguous)} of {len(people)}")
    for name, found in ambiguous.items():
        print(f"    {name!r}: {found}")
    return {**problems, **{name: [found] for name, found in ambiguous.items()}}


_SPEECH = "said|says|told|added|wrote|argued|noted|explained|asked|replied"


def _speaks_alone(word: str, words: list[str], texts: list[str]) -> bool:
    """The last word of a name that the speaker's own articles use alone as the subject of a verb of saying
    ("Sharp said", "said Law"): a surname, whatever the word is elsewhere. A word glued before a name
    ("Telling Jeb Bush") is never its last word."""
    if word != words[-1]:
        return False
    pattern = re.compile(rf"\b{re.escape(word)} (?:{_SPEECH})\b|\b(?:said|says) {re.escape(word)}\b")
    return any(pattern.search(text) for text in texts)


def _surname_after_honorific(word: str, texts: list[str]) -> bool:
    pattern = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? {re.escape(word)}\b")
    return any(pattern.search(text) for text in texts)


def women_share(con) -> None:
    stored = Counter(dict(con.execute(
        """SELECT speaker_gender, count(*) FROM quotes
           WHERE speaker_id IS NOT NULL AND speaker_kind = 'person' AND speaker_gender IN ('female', 'male') GROUP BY 1"""
    ).fetchall()))
    own = Counter(dict(con.execute(
        """SELECT gender, count(*) FROM quotes
           WHERE speaker_id IS NOT NULL AND speaker_kind = 'person' AND gender IN ('female', 'male') GROUP BY 1"""
    ).fetchall()))
    a, b = stored["female"] / max(1, sum(stored.values())), own["female"] / max(1, sum(own.values()))
    gap = 100 * abs(a - b)
    print("\nc. women's share of gendered named-person quotes")
    print(f"    stored corpus gender:     {percent(stored['female'], sum(stored.values()))}")
    print(f"    each quote's own article: {percent(own['female'], sum(own.values()))}")
    print(f"    gap {gap:.1f} points: {'PASS' if gap <= 2 else 'FAIL'} (bar 2)")


def annotated(con, path: Path) -> None:
    from whosaid.store.names import article_id

    gold = read_jsonl(path)
    ids = {article_id(a["text"]): a for a in gold}
    present = [aid for (aid,) in con.execute("SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))", [list(ids)]).fetchall()]
    counts = Counter()
    for article in gold:
        for att in article["attributions"]:
            if att.get("speaker_kind") == "person" and att.get("speaker") and att.get("gender") in GENDERS:
                counts[att["gender"]] += 1
    stored = Counter(dict(con.execute(
        """SELECT speaker_gender, count(*) FROM quotes
           WHERE article_id IN (SELECT unnest(?)) AND speaker_id IS NOT NULL AND speaker_kind = 'person'
             AND speaker_gender IN ('female', 'male') GROUP BY 1""",
        [present],
    ).fetchall()))
    a, b = stored["female"] / max(1, sum(stored.values())), counts["female"] / max(1, sum(counts.values()))
    gap = 100 * abs(a - b)
    print(f"\nd. annotated articles ({path.name}: {len(present)} of {len(gold)} in the store)")
    print(f"    annotation: {percent(counts['female'], sum(counts.values()))} of gendered named-person attributions are by women")
    print(f"    store:      {percent(stored['female'], sum(stored.values()))} of gendered named-person quotes")
    print(f"    gap {gap:.1f} points: {'PASS' if gap <= 3 else 'FAIL'} (bar 3)")
    # Each annotated attribution against the store's quote with the same content.
    wrong = Counter()
    for article in gold:
        quotes = con.execute(
            """SELECT content, speaker, speaker_gender FROM quotes
               WHERE article_id = ? AND speaker_kind = 'person' AND speaker_gender IN ('female', 'male')""",
            [article_id(article["text"])],
        ).fetchall()
        for att in article["attributions"]:
            if att.get("speaker_kind") != "person" or att.get("gender") not in GENDERS or not att.get("speaker"):
                continue
            gold_chars = {i for s, e in att["content"] for i in range(s, e)}
            for content, speaker, gender in quotes:
                chars = {i for s, e in content for i in range(s, e)}
                if 2 * len(chars & gold_chars) >= len(chars) + len(gold_chars) - 2 * len(chars & gold_chars) and gender != att["gender"]:
                    wrong[(speaker, gender, att["speaker"], att["gender"])] += 1
                    break
    print(f"    quotes whose stored gender the annotation of the same content contradicts: {sum(wrong.values())}")
    for (speaker, gender, gold_name, gold_gender), n in wrong.most_common():
        print(f"      {speaker!r} stored {gender}; annotated {gold_name!r} {gold_gender} ({n})")


def flagged(con, names: set[str]) -> None:
    from whosaid.store.curate import flag_speakers, speaker_rows

    every = speaker_rows(con)
    flag_speakers(con, every)
    rows = [r for r in every if r.kind == "person" and r.name in names]
    hit = [r for r in rows if r.flags]
    print(f"\ne. of the {len(rows)} names found in a and b, `whosaid speakers list` flags {len(hit)}")
    for row in rows:
        print(f"    {'flagged' if row.flags else 'NOT flagged'} {row.name!r}: {'; '.join(row.flags)}")


def rebuild_check(n: int) -> None:
    from whosaid.cli import main
    from whosaid.ingest import ingest
    from whosaid.store.curate import speaker_rows

    with tempfile.TemporaryDirectory() as tmp:
        articles = read_jsonl(POLNEAR / "train.jsonl")[:n]
        source = Path(tmp) / "articles.jsonl"
        source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        first, again, registry = (str(Path(tmp) / f) for f in ("first.duckdb", "again.duckdb", "speakers.csv"))
        ingest([str(source)], db=first, workers=1, progress=False)
        con = duckdb.connect(first, read_only=True)
        people = [r for r in speaker_rows(con, "person") if r.quotes]
        names = {r.name: [n for (n,) in con.execute(
            "SELECT DISTINCT speaker_name FROM quotes WHERE speaker_id = ? ORDER BY 1", [r.speaker_id]).fetchall()] for r in people}
        con.close()
        split_from = next((r.name for r in people if len({w.lower() for w in names[r.name]}) > 1), None)
        steps = [["relabel", people[0].name, "--gender", "nonbinary"], ["merge", people[-1].name, "--into", people[1].name]]
        if split_from:
            steps.append(["split", split_from, "--name", min(names[split_from], key=len)])
        for step in steps:
            if main(["speakers", *step, "--db", first, "--speakers", registry]) != 0:
                print(f"    {' '.join(step)}: refused")
        ingest([str(source)], db=again, workers=1, progress=False, speakers=registry)

        def snapshot(path: str):
            con = duckdb.connect(path, read_only=True)
            try:
                speakers = con.execute("SELECT speaker_id, name, kind, gender FROM speakers ORDER BY 1").fetchall()
                quotes = con.execute("SELECT quote_id, speaker_id, speaker, speaker_gender FROM quotes ORDER BY 1").fetchall()
            finally:
                con.close()
            return speakers, quotes

        same = snapshot(first) == snapshot(again)
        print(f"    rebuild of {n} train articles after {'; '.join(' '.join(s[:2]) for s in steps)}: "
              f"{'PASS, the same speakers and quotes' if same else 'FAIL, the rebuilt store differs'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="the store to audit")
    parser.add_argument("--top", type=int, default=100, help="how many of the most-quoted people a and b look at")
    parser.add_argument("--annotated", type=Path, default=POLNEAR / "train-speakers.jsonl", help="speaker annotation to compare with")
    parser.add_argument("--rebuild", type=int, default=0, metavar="N", help="also check that curation survives a rebuild of N train articles")
    args = parser.parse_args(argv)
    con = duckdb.connect(args.db, read_only=True)
    people = top_people(con, args.top)
    print(f"{args.db}: {con.execute('SELECT count(*) FROM articles').fetchone()[0]:,} articles, "
          f"{con.execute('SELECT count(*) FROM quotes').fetchone()[0]:,} quotes; the {len(people)} most-quoted people")
    contradicted = audit_gender(con, people)
    problems = name_problems(con, people)
    women_share(con)
    annotated(con, args.annotated)
    flagged(con, set(contradicted) | set(problems))
    con.close()
    if args.rebuild:
        rebuild_check(args.rebuild)
    return 0


if __name__ == "__main__":
    sys.exit(main())
