"""Load test of the dashboard's JSON API: latency under concurrent clients.

Builds (or takes) a store of at least 1,000 articles, starts `whosaid serve`
on 127.0.0.1 in its own process, and drives it with concurrent async clients
over a mix of endpoints for a fixed time. Reports p50 / p99 latency per
endpoint and overall, and every error. Run by hand:

    .venv/bin/python benchmarks/load_api.py                  # synthesise 1,000 articles
    .venv/bin/python benchmarks/load_api.py --db news.duckdb # an existing store (copied first)

The synthetic articles come from templates in this file and are stored
through ``Store.add`` with hand-built results, so no language model runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import httpx

from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
from whosaid.store import Store

FIRST_NAMES = {
    "female": ["Anna", "Ruth", "Helen", "Priya", "Lena", "Maria", "Grace", "Fatima", "Yuki", "Clara", "Ines", "Olga"],
    "male": ["Martin", "Daniel", "Tom", "Omar", "Lucas", "Peter", "Jonas", "Rafael", "Kenji", "Ivan", "Samuel", "Hugo"],
    "unknown": ["Alex", "Sam", "Robin", "Kim", "Jordan", "Charlie"],
}
SURNAMES = [
    "Solveig", "Berg", "Okafor", "Price", "Rivera", "Marsh", "Nair", "Fischer", "Moreau", "Tanaka", "Kowalski",
    "Haddad", "Silva", "Novak", "Larsen", "Costa", "Weber", "Ahmed", "Duarte", "Keller", "Lindqvist", "Mensah",
]
ROLES = ["minister", "mayor", "coach", "striker", "economist", "nurse", "union leader", "professor", "CEO", "senator"]
ORGANISATIONS = ["Port Authority", "City Council", "Central Bank", "Health Ministry", "Rail Union", "Football Club"]
OUTLETS = ["Harbour Gazette", "Northern Ledger", "Evening Courier", "Daily Lantern", "Coast Herald", "Valley Times"]
TOPICS = ["the budget", "the new tram line", "the strike", "the election", "the hospital", "the final", "housing"]
SAYINGS = [
    "We will not accept {topic} as it stands",
    "Nobody expected {topic} to go this way",
    "This is the most important vote on {topic} in a decade",
    "Our members are ready to talk about {topic}",
    "The numbers on {topic} speak for themselves",
    "I have never seen anything like {topic}",
]
PRONOUN = {"female": "she", "male": "he", "unknown": "they"}

SERVE_UNCACHED = """
import sys, uvicorn
from whosaid.serve import create_app
uvicorn.run(create_app(sys.argv[1], read_only=True, cache_size=0), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def synthesise(n_articles: int, seed: int = 7) -> list[tuple[Article, ArticleResult]]:
    """Short articles with two to four quotes each, speakers drawn from a fixed pool."""
    rng = random.Random(seed)
    people = []
    for i in range(260):
        gender = rng.choices(["female", "male", "unknown"], weights=[4, 5, 1])[0]
        name = f"{rng.choice(FIRST_NAMES[gender])} {SURNAMES[i % len(SURNAMES)]}{'' if i < len(SURNAMES) else '-' + str(i)}"
        people.append((name, gender, rng.choice(ROLES)))
    start = date(2024, 1, 1)
    pairs = []
    for n in range(n_articles):
        topic = rng.choice(TOPICS)
        headline = f"Debate over {topic} continues ({n})"
        text = headline + "\n\n"
        quotes, speakers = [], {}
        for _ in range(rng.randint(2, 4)):
            if rng.random() < 0.15:
                org = rng.choice(ORGANISATIONS)
                saying = rng.choice(SAYINGS).format(topic=topic)
                content = f"{saying[0].lower()}{saying[1:]}."
                sentence = f"The {org} said that {content} "
                c0 = len(text) + sentence.index("that ") + 5
                s0 = len(text) + 4
                cue0 = len(text) + sentence.index(" said") + 1
                text += sentence
                speakers.setdefault(org, Speaker(name=org, kind="organization", quoted=True))
                quotes.append(Quote(
                    content=((c0, c0 + len(content) - 1),), source=((s0, s0 + len(org)),), cue=((cue0, cue0 + 4),),
                    kind="indirect", speaker=org, speaker_kind="organization", text=content[:-1],
                ))
                continue
            name, gender, role = rng.choice(people)
            saying = f'"{rng.choice(SAYINGS).format(topic=topic)},"'
            mention = PRONOUN[gender] if name in speakers else f"{role} {name}"
            sentence = f"{saying} {mention} said. "
            c0 = len(text)
            s0 = c0 + len(saying) + 1
            cue0 = s0 + len(mention) + 1
            text += sentence
            evidence = (Evidence(gender, "pronoun", PRONOUN[gender]),) if gender != "unknown" else ()
            speakers.setdefault(name, Speaker(name=name, gender=gender, gender_evidence=evidence, role=role, quoted=True))
            quotes.append(Quote(
                content=((c0, c0 + len(saying)),), source=((s0, s0 + len(mention)),), cue=((cue0, cue0 + 4),),
                kind="direct", speaker=name, speaker_kind="person", text=saying, gender=gender, role=role,
                gender_evidence=tuple(str(e) for e in evidence),
            ))
        day = start + timedelta(days=rng.randrange(540))
        article = Article(id=f"synthetic-{n}", text=text.strip(), title=headline, outlet=rng.choice(OUTLETS),
                          date=day.isoformat())
        pairs.append((article, ArticleResult(id=article.id, quotes=quotes, speakers=list(speakers.values()))))
    return pairs


def build_store(path: Path, n_articles: int) -> None:
    pairs = synthesise(n_articles)
    with Store(path) as store:
        for i in range(0, len(pairs), 100):
            store.add_many(pairs[i:i + 100])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sample_ids(path: Path) -> dict[str, list]:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "articles": [r[0] for r in con.execute("SELECT article_id FROM articles USING SAMPLE 200 ROWS").fetchall()],
            "speakers": [r[0] for r in con.execute("SELECT speaker_id FROM speakers USING SAMPLE 200 ROWS").fetchall()],
            "names": [r[0].split()[-1] for r in con.execute("SELECT name FROM speakers USING SAMPLE 50 ROWS").fetchall()],
            "outlets": [r[0] for r in con.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL").fetchall()],
            "words": [w for r in con.execute("SELECT text FROM quotes USING SAMPLE 50 ROWS").fetchall()
                      for w in r[0].strip('"“”,.').split() if len(w) > 4][:80],
            "n_articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
        }
    finally:
        con.close()


def request_mix(ids: dict[str, list], rng: random.Random):
    """(endpoint label, path, params) picked with the weights a dashboard session produces."""
    outlets = ids["outlets"] or [None]
    choices = [
        (3, lambda: ("overview", "/api/overview", {})),
        (1, lambda: ("overview outlet", "/api/overview", {"outlet": rng.choice(outlets)})),
        (2, lambda: ("trends month", "/api/trends", {"group": "month"})),
        (2, lambda: ("trends outlet", "/api/trends", {"group": "outlet"})),
        (1, lambda: ("women by outlet", "/api/trends/women", {})),
        (3, lambda: ("voices", "/api/voices", {"limit": 50, "offset": rng.choice([0, 0, 50])})),
        (1, lambda: ("voices women", "/api/voices", {"gender": "female"})),
        (4, lambda: ("search words", "/api/quotes", {"q": rng.choice(ids["words"] or ["the"])})),
        (2, lambda: ("search speaker", "/api/quotes", {"speaker": rng.choice(ids["names"] or ["a"]),
                                                        "outlet": rng.choice(outlets)})),
        (1, lambda: ("search dates", "/api/quotes", {"date_from": "2024-03-01", "date_to": "2024-09-30",
                                                      "kind": "direct", "offset": rng.randrange(0, 500)})),
        (4, lambda: ("article", f"/api/articles/{rng.choice(ids['articles'])}", {})),
        (3, lambda: ("speaker", f"/api/speakers/{rng.choice(ids['speakers'])}", {})),
        (2, lambda: ("articles", "/api/articles", {"offset": rng.randrange(0, max(1, ids["n_articles"] - 50))})),
        (1, lambda: ("outlets", "/api/outlets", {})),
    ]
    weights = [w for w, _ in choices]
    makers = [m for _, m in choices]
    while True:
        yield rng.choices(makers, weights)[0]()


async def drive(base: str, ids: dict[str, list], clients: int, duration: float) -> tuple[dict, list[str]]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(n: int) -> None:
        mix = request_mix(ids, random.Random(n))
        async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:
            while time.monotonic() < deadline:
                label, path, params = next(mix)
                began = time.perf_counter()
                try:
                    response = await http.get(path, params={k: v for k, v in params.items() if v is not None})
                    elapsed = time.perf_counter() - began
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {label} {path} {params}")
                except httpx.HTTPError as exc:
                    elapsed = time.perf_counter() - began
                    errors.append(f"{type(exc).__name__} {label} {path}")
                latencies[label].append(elapsed)

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux), to show cost apart from machine load."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if q < 100 else max(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store to serve (copied to a temporary folder)")
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles when no --db (default 1000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache (worst case)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="whosaid-load-") as tmp:
        store = Path(tmp) / "load.duckdb"
        if args.db:
            shutil.copy(args.db, store)
        else:
            began = time.perf_counter()
            build_store(store, args.articles)
            print(f"built a store of {args.articles:,} synthetic articles in {time.perf_counter() - began:.1f} s")
        ids = sample_ids(store)
        if ids["n_articles"] < 1000:
            print(f"warning: the store has {ids['n_articles']} articles; the target is measured on 1,000 or more")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        if args.no_cache:
            # The app without its answer cache: every request reaches DuckDB.
            command = [sys.executable, "-c", SERVE_UNCACHED, str(store), str(port)]
        else:
            command = [sys.executable, "-m", "whosaid.cli", "serve", "--db", str(store), "--port", str(port),
                       "--read-only"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(200):
                try:
                    if httpx.get(base + "/api/outlets", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    print(server.stderr.read(), file=sys.stderr)
                    return 1
                time.sleep(0.1)
            print(f"{args.clients} clients for {args.duration:.0f} s against {base} ({ids['n_articles']:,} articles)")
            cpu_before, load_before = cpu_seconds(server.pid), load_average()
            latencies, errors = asyncio.run(drive(base, ids, args.clients, args.duration))
            cpu_after, load_after = cpu_seconds(server.pid), load_average()
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()

    every = [x for values in latencies.values() for x in values]
    report = {
        "articles": ids["n_articles"], "clients": args.clients, "cache": not args.no_cache, "duration_s": args.duration,
        "requests": len(every), "errors": len(errors), "throughput_rps": round(len(every) / args.duration, 1),
        "p50_ms": round(percentile(every, 50) * 1000, 1), "p99_ms": round(percentile(every, 99) * 1000, 1),
        "endpoints": {
            label: {"requests": len(v), "p50_ms": round(percentile(v, 50) * 1000, 1),
                    "p99_ms": round(percentile(v, 99) * 1000, 1)}
            for label, v in sorted(latencies.items())
        },
        "cpus": os.cpu_count(),
        "server_cpu_ms_per_request": (
            round((cpu_after - cpu_before) * 1000 / max(1, len(every)), 2)
            if cpu_before is not None and cpu_after is not None else None
        ),
        "load_average": [round(load_before, 2), round(load_after, 2)] if load_before is not None else None,
    }
    print(f"\n{'endpoint':<18}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for label, row in report["endpoints"].items():
        print(f"{label:<18}{row['requests']:>9}{row['p50_ms']:>9}{row['p99_ms']:>9}")
    print(f"{'all':<18}{report['requests']:>9}{report['p50_ms']:>9}{report['p99_ms']:>9}")
    print(f"\n{report['throughput_rps']} requests/s, {len(errors)} errors; "
          f"server CPU {report['server_cpu_ms_per_request']} ms per request; "
          f"load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs")
    for line in errors[:20]:
        print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    met = not errors and report["p99_ms"] < 300
    print("target (p99 < 300 ms, no errors):", "met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
