"""The store's write path at corpus size: does storing an article cost the same at the millionth as at the first?

``whosaid ingest`` hands the store one batch of analysed articles at a time
(``--batch-size``, 8 by default) and the store commits each: the article and
quote rows, each article's speakers (mentions), the corpus speakers those
mentions link to, their genders, kinds, aliases and roles. Linking rereads
every mention that shares a surname (or organisation key) with the batch's,
so a name a news crawl carries in a large share of its articles ("Trump")
could make each batch cost more than the one before.

This builds synthetic analysed articles, with no language model and no
parse, and feeds them to the writer side of ``ingest`` (``Run.write``, which
calls ``Store.add_many``) in batches as ``ingest`` does. Printed per window
of ``--every`` articles: the writer's CPU ms per article (DuckDB's threads
included), the clock ms per article, the part of the CPU spent linking
speakers (``Store.link``), and the process's resident and peak
memory, and how much of it DuckDB holds (its buffer cache grows with the file
up to DuckDB's memory limit). The articles are made up (names from syllables, quotes from a made-up
vocabulary) but shaped like news: speakers drawn by a Zipf law over a few
thousand people and organisations, surnames shared by unrelated people and
by family members of both genders, articles naming some people only by
surname or "Mr."/"Mrs." + surname, lone given names, acronyms, occasional
conflicting gender evidence, roles, and quotes carried by several articles.

Run by hand:

    PYTHONPATH=src python benchmarks/store_scale.py [--articles 50000] [--every 5000] [--batch 8] [--json out.json]

The cost per article should stay flat as the store grows (or grow like log n);
compare the first and last windows (``last/first`` in the summary).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from whosaid.ingest import IngestSummary, Run
from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
from whosaid.store import Store

# Common English given names (public knowledge, used as a first-name lexicon would know them).
FEMALE = ("Anna Mary Linda Susan Karen Nancy Lisa Sarah Emily Laura Helen Sandra Donna Carol Ruth Sharon "
          "Michelle Amy Kathleen Angela Rebecca Julie Joyce Victoria Kelly Christina Joan Evelyn Judith "
          "Megan Cheryl Andrea Hannah Martha Jacqueline Gloria Teresa Ann Sara Madison Frances Kathryn").split()
MALE = ("James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew Anthony "
        "Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason "
        "Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel").split()
SYLLABLES = ("bar bel cor dan del fen gar hal jor kel lan mar nor par quin ros sal tor val wen "
             "bri cal dor fal gil hen kor lor mel nev ol pen rav sten thal ul vor wyn zel").split()
ROLES = ("senator governor spokesman spokeswoman chairman mayor analyst professor director "
         "minister economist attorney candidate adviser lawmaker official").split()
ORG_WORDS = ("Institute Council Bureau Agency Party Committee Ministry Foundation Group Association "
             "Commission Department Center Union League").split()
WORDS = ("we will not the people of our country want a plan for jobs and this is about what they said "
         "never always fair deal tax vote law it time to be clear that i think every family can "
         "go back work hard on change future city state here now new strong year").split()
VERBS = ("said", "told reporters", "added", "wrote", "argued", "said in a statement")


def made_word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Person:
    given: str
    surname: str
    kind: str  # person | organization
    gender: str
    role: str | None
    acronym: str | None = None

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}" if self.kind == "person" else self.surname


def population(rng: random.Random, people: int, organisations: int) -> list[Person]:
    """Speakers in order of how often they are quoted (Zipf rank); surnames shared by families and namesakes."""
    surnames = sorted({made_word(rng, rng.choice((2, 2, 3))) for _ in range(people)})
    rng.shuffle(surnames)
    surnames = surnames[: max(1, people * 2 // 3)]  # about 1.5 people per surname on average
    cumulative = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(len(surnames))))
    out: list[Person] = []
    taken: set[str] = set()
    while len(out) < people:
        surname = rng.choices(surnames, cum_weights=cumulative)[0]
        gender = rng.choice(("female", "male"))
        given = rng.choice(FEMALE if gender == "female" else MALE)
        if f"{given} {surname}" in taken:
            continue
        taken.add(f"{given} {surname}")
        out.append(Person(given, surname, "person", gender, rng.choice(ROLES)))
    for _ in range(organisations):
        words = [made_word(rng, 2) for _ in range(rng.choice((1, 2)))] + [rng.choice(ORG_WORDS)]
        name = " ".join(words)
        acronym = "".join(w[0] for w in words).upper() if len(words) > 1 and rng.random() < 0.5 else None
        out.append(Person("", name, "organization", "unknown", None, acronym))
    rng.shuffle(out)
    return out


HONORIFIC = {"female": "Mrs.", "male": "Mr."}
PRONOUN = {"female": "she", "male": "he"}


def speaker_record(rng: random.Random, who: Person, rank: int) -> Speaker:
    """How one article names and genders a speaker: the full name mostly; by surname alone (more often for the
    most quoted), with an honorific, or a given name alone now and then; gender evidence that is sometimes wrong."""
    if who.kind == "organization":
        name = who.acronym if who.acronym and rng.random() < 0.3 else who.surname
        aliases = tuple(a for a in (who.surname, who.acronym) if a and a != name)
        return Speaker(name=name, kind="organization", aliases=aliases)
    roll = rng.random()
    bare_share = 0.12 if rank < 20 else 0.04
    if roll < bare_share:
        name = who.surname if rng.random() < 0.6 else f"{HONORIFIC[who.gender]} {who.surname}"
    elif roll < bare_share + 0.01:
        name = who.given
    else:
        name = who.name
    gender = who.gender
    if rng.random() < 0.03:
        gender = "female" if gender == "male" else "male"  # a misresolved pronoun
    evidence: list[Evidence] = []
    if rng.random() < 0.7:
        evidence.append(Evidence(gender, "pronoun", PRONOUN[gender], f"paragraph {rng.randint(2, 20)}", 1.0))
    if name.startswith(("Mr.", "Mrs.")) or rng.random() < 0.15:
        evidence.append(Evidence(who.gender, "honorific", HONORIFIC[who.gender], f"paragraph {rng.randint(2, 20)}", 2.0))
    if not evidence and rng.random() < 0.5:
        evidence.append(Evidence(who.gender, "first name", who.given, "", 0.97))
    if not evidence:
        gender = "unknown"
    aliases = (who.surname, f"{HONORIFIC[who.gender]} {who.surname}") if name == who.name else ()
    role = who.role if rng.random() < 0.4 else None
    return Speaker(name=name, kind="person", aliases=aliases, gender=gender, gender_evidence=tuple(evidence),
                   role=role, quoted=True)


class Corpus:
    """A stream of (article, result) pairs, each article with its own text."""

    def __init__(self, seed: int, people: int, organisations: int):
        self.rng = random.Random(seed)
        self.speakers = population(self.rng, people, organisations)
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** 1.05 for r in range(len(self.speakers))))
        self.famous_quotes: list[str] = []
        self.serial = 0

    def quote_text(self) -> str:
        rng = self.rng
        if self.famous_quotes and rng.random() < 0.05:
            return rng.choice(self.famous_quotes)  # a quote other outlets carry too
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
        text = words[0].upper() + words[1:] + "."
        if rng.random() < 0.01:
            self.famous_quotes.append(text)
        return text

    def article(self) -> tuple[Article, ArticleResult]:
        rng = self.rng
        self.serial += 1
        ranks = sorted(set(rng.choices(range(len(self.speakers)), cum_weights=self.cumulative, k=rng.randint(1, 6))))
        records = [(self.speakers[r], speaker_record(rng, self.speakers[r], r)) for r in ranks]
        title = " ".join(made_word(rng, 2) for _ in range(rng.randint(4, 9)))
        parts = [title, "", f"Report {self.serial}. " + " ".join(rng.choice(WORDS) for _ in range(40)) + "."]
        offset = len(parts[0]) + 2 + len(parts[2])
        quotes: list[Quote] = []
        for _ in range(rng.randint(2, 26)):
            who, speaker = rng.choice(records)
            content = self.quote_text()
            verb = rng.choice(VERBS)
            paragraph = f'"{content}" {speaker.name} {verb}.'
            start = offset + 2 + 1
            source_at = start + len(content) + 2
            cue_at = source_at + len(speaker.name) + 1
            quotes.append(Quote(
                content=((start, start + len(content)),), source=((source_at, source_at + len(speaker.name)),),
                cue=((cue_at, cue_at + len(verb)),), kind=rng.choice(("direct", "direct", "indirect", "mixed")),
                speaker=speaker.name, speaker_kind=speaker.kind, text=content, source_text=speaker.name,
                cue_text=verb, confidence=round(rng.uniform(0.5, 1.0), 3), gender=speaker.gender,
                gender_evidence=tuple(f"{e.kind} {e.text!r}" for e in speaker.gender_evidence),
                role=speaker.role, act=rng.choice(("speech", "speech", "speech", "thought"))))
            parts.extend(["", paragraph])
            offset += 2 + len(paragraph)
        if rng.random() < 0.1:  # an unnamed source
            quotes.append(Quote(content=((0, 5),), source=(), cue=(), kind="indirect", speaker=None,
                                speaker_kind="unnamed", text=parts[0][:5]))
        text = "\n".join(parts)
        outlet = rng.choice(("Riverside Gazette", "Northern Ledger", "Valley Courier", "Harbor Herald", "Wire"))
        day = 1 + self.serial % 28
        article = Article(id=f"a{self.serial}", text=text, title=title, outlet=outlet, date=f"2016-{1 + self.serial % 12:02d}-{day:02d}",
                          extra={"path": f"synthetic.jsonl:{self.serial}"})
        return article, ArticleResult(id=article.id, quotes=quotes, speakers=[s for _, s in records])


def memory_mb() -> tuple[float, float]:
    """(resident, peak resident) memory of this process in MB."""
    now = peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--every", type=int, default=5_000, help="print a line per this many articles")
    parser.add_argument("--batch", type=int, default=8, help="articles per commit, as ingest's --batch-size")
    parser.add_argument("--people", type=int, default=4_000)
    parser.add_argument("--organisations", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="store file (default: a temporary one)")
    parser.add_argument("--link-each-batch", action="store_true",
                        help="link speakers after every batch (Store.add_many), as the store did before ingest deferred it")
    parser.add_argument("--json", help="write the windows here")
    args = parser.parse_args()

    corpus = Corpus(args.seed, args.people, args.organisations)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "scale.duckdb")
        windows = []
        with Store(db) as store:
            run = Run(store, IngestSummary(db=db, workers=1), [], progress=False)
            linking = [0.0]  # CPU seconds spent linking speakers (Store.link), a share of each window's cost
            if hasattr(store, "link"):
                link = store.link

                def timed_link() -> int:
                    c0 = time.process_time()
                    try:
                        return link()
                    finally:
                        linking[0] += time.process_time() - c0

                store.link = timed_link
            done = quotes = 0
            next_line = args.every
            cpu = clock = 0.0
            print(f"{'articles':>9} {'quotes':>9} {'speakers':>9} {'cpu ms/art':>10} {'wall ms/art':>11} {'of it link':>8} {'rss MB':>7} {'peak MB':>8} {'duckdb':>7}")
            while done < args.articles:
                size = min(args.batch, args.articles - done)
                pairs = [corpus.article() for _ in range(size)]
                outcomes = [(a.extra["path"], a, r, None) for a, r in pairs]
                c0, w0 = time.process_time(), time.perf_counter()
                if args.link_each_batch:
                    store.add_many(pairs)
                else:
                    run.write(outcomes)
                cpu += time.process_time() - c0
                clock += time.perf_counter() - w0
                done += size
                quotes += sum(len(r.quotes) for _, r in pairs)
                if done >= next_line or done == args.articles:
                    next_line += args.every
                    window = done - (windows[-1]["articles"] if windows else 0)
                    speakers = store.connection.execute("SELECT count(*) FROM speakers").fetchone()[0]
                    rss, peak = memory_mb()
                    duck = store.connection.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] / 2**20
                    row = {"articles": done, "quotes": quotes, "speakers": speakers,
                           "cpu_ms_per_article": 1000 * cpu / window, "wall_ms_per_article": 1000 * clock / window,
                           "link_ms_per_article": 1000 * linking[0] / window,
                           "rss_mb": rss, "peak_rss_mb": peak, "duckdb_mb": duck}
                    windows.append(row)
                    print(f"{done:>9,} {quotes:>9,} {speakers:>9,} {row['cpu_ms_per_article']:>10.2f} "
                          f"{row['wall_ms_per_article']:>11.2f} {row['link_ms_per_article']:>8.2f} {rss:>7.0f} {peak:>8.0f} "
                          f"{duck:>7.0f}", flush=True)
                    cpu = clock = linking[0] = 0.0
            total_cpu = sum(w["cpu_ms_per_article"] * (w["articles"] - (windows[i - 1]["articles"] if i else 0))
                            for i, w in enumerate(windows)) / 1000
            c0 = time.process_time()
            if hasattr(run, "link_speakers"):  # what ingest does at the end of a run
                run.link_speakers()
            final = time.process_time() - c0
            total_cpu += final
            print(f"last link of speakers: {final:.2f} CPU s; the whole run: {1000 * total_cpu / done:.2f} CPU ms per article")
            c0, w0 = time.process_time(), time.perf_counter()
            linked = store.link_quotes()
            print(f"link_quotes at the end: {time.process_time() - c0:.1f} CPU s, {time.perf_counter() - w0:.1f} s, {linked} texts linked")
        first, last = windows[0]["cpu_ms_per_article"], windows[-1]["cpu_ms_per_article"]
        print(f"last/first window, CPU ms per article: {last:.2f} / {first:.2f} = {last / first:.2f}")
        if args.json:
            Path(args.json).write_text(json.dumps({"args": vars(args), "windows": windows, "final_link_cpu_s": final,
                                                   "cpu_ms_per_article": 1000 * total_cpu / done}, indent=2))


if __name__ == "__main__":
    main()
