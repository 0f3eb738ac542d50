"""Load test of the dashboard: latency of every read route under concurrent clients.

Drives a dashboard with concurrent async clients over a mix of every GET route
of the JSON API and of the HTML pages, for a fixed time, and reports p50 / p95
/ p99 latency per route and overall, every error, the requests served per
second, the server's CPU time per request (when the server runs on this
machine) and the load average, which tells how busy the machine was. Run by
hand:

    .venv/bin/python benchmarks/load_api.py                   # synthesise 1,000 articles and serve them
    .venv/bin/python benchmarks/load_api.py --db news.duckdb  # serve a copy of an existing store
    .venv/bin/python benchmarks/load_api.py --url http://127.0.0.1:8000   # a dashboard already running

Everything the requests ask for (article and speaker ids, words, outlets,
dates) is sampled from the dashboard itself through its API. Only loopback
addresses are driven. Analysing an article (POST /analyze) runs the language
model and is left out of the mix.

The synthetic articles come from templates in this file and are stored
through ``Store.add`` with hand-built results, so no language model runs.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
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
from typing import Any

import httpx

from whosaid.records import Article, ArticleResult, Evidence, Quote, Speaker
from whosaid.store import Store
from whosaid.store.search import build_search_index

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
uvicorn.run(create_app(sys.argv[1], read_only=True, cache_bytes=0), host="127.0.0.1", port=int(sys.argv[2]),
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
        build_search_index(store.connection)  # as `whosaid ingest` does when it finishes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_loopback(url: str) -> None:
    """Refuse to load anything but this machine."""
    host = httpx.URL(url).host
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise SystemExit(f"load_api: cannot resolve {host!r}: {exc}") from None
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"load_api: {url} is not on this machine; only loopback addresses are driven")


def server_pid(url: str) -> int | None:
    """The process listening on the URL's port on this machine, when it can be seen."""
    try:
        import psutil
    except ImportError:
        return None
    port = httpx.URL(url).port or 80
    try:
        for conn in psutil.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port == port and conn.pid:
                return conn.pid
    except psutil.AccessDenied:
        pass
    return None


def sample_ids(base: str) -> dict[str, list]:
    """Ids, names, words, outlets and a date range to ask about, read from the dashboard's own API."""
    with httpx.Client(base_url=base, timeout=60) as http:
        def get(path: str, **params) -> Any:
            response = http.get(path, params=params)
            response.raise_for_status()
            return response.json()

        rng = random.Random(3)
        n_articles = get("/api/articles", limit=1)["total"]
        articles, dates = [], []
        for offset in sorted(rng.sample(range(max(1, n_articles)), min(4, max(1, n_articles)))):
            items = get("/api/articles", limit=50, offset=max(0, min(offset, n_articles - 50)))["items"]
            articles += [a["article_id"] for a in items]
            dates += [a["date"] for a in items if a["date"]]
        speakers, names = [], []
        for offset in (0, 100, 400):
            for voice in get("/api/voices", limit=50, offset=offset)["items"]:
                speakers.append(voice["speaker_id"])
                names.append(voice["name"].split()[-1])
        quotes = get("/api/quotes", limit=200)["items"]
        words = [w.strip('"“”‘’,.;:!?()') for q in quotes for w in q["text"].split()]
    dates.sort()
    return {
        "articles": articles or ["missing"],
        "speakers": speakers or ["missing"],
        "names": names[::3] or ["a"],
        "outlets": [o["outlet"] for o in get_outlets(base)] or [None],
        "words": [w for w in dict.fromkeys(words) if len(w) > 4][:80] or ["the"],
        # A stretch in the middle of the store's dates, so a date search finds something.
        "date_from": dates[len(dates) // 4] if dates else "2000-01-01",
        "date_to": dates[3 * len(dates) // 4] if dates else "2100-01-01",
        "n_articles": n_articles,
    }


def get_outlets(base: str) -> list[dict]:
    response = httpx.get(base + "/api/outlets", timeout=60)
    response.raise_for_status()
    return response.json()


def request_mix(ids: dict[str, list], rng: random.Random):
    """(route label, path, params) picked with the weights a dashboard session might produce: every GET route."""
    outlets = ids["outlets"]
    dates = {"date_from": ids["date_from"], "date_to": ids["date_to"]}

    def offset(limit: int = 50) -> int:
        return rng.randrange(0, max(1, ids["n_articles"] - limit))

    choices = [
        # JSON API
        (3, lambda: ("overview", "/api/overview", {})),
        (1, lambda: ("overview outlet", "/api/overview", {"outlet": rng.choice(outlets)})),
        (2, lambda: ("trends month", "/api/trends", {"group": "month"})),
        (2, lambda: ("trends outlet", "/api/trends", {"group": "outlet"})),
        (1, lambda: ("trends women", "/api/trends/women", {})),
        (3, lambda: ("voices", "/api/voices", {"limit": 50, "offset": rng.choice([0, 0, 50])})),
        (1, lambda: ("voices women", "/api/voices", {"gender": "female"})),
        (4, lambda: ("search words", "/api/quotes", {"q": rng.choice(ids["words"])})),
        (2, lambda: ("search speaker", "/api/quotes", {"speaker": rng.choice(ids["names"]),
                                                        "outlet": rng.choice(outlets)})),
        (1, lambda: ("search dates", "/api/quotes", {**dates, "kind": "direct", "offset": rng.randrange(0, 500)})),
        (1, lambda: ("quotes csv", "/api/quotes.csv", {"q": rng.choice(ids["words"])})),
        (1, lambda: ("voices csv", "/api/voices.csv", rng.choice([{}, {"gender": "female"}]))),
        (1, lambda: ("trends csv", "/api/trends.csv", {"group": rng.choice(["month", "outlet"])})),
        (1, lambda: ("women csv", "/api/trends/women.csv", {})),
        (4, lambda: ("article", f"/api/articles/{rng.choice(ids['articles'])}", {})),
        (3, lambda: ("speaker", f"/api/speakers/{rng.choice(ids['speakers'])}", {})),
        (2, lambda: ("articles", "/api/articles", {"offset": offset()})),
        (1, lambda: ("outlets", "/api/outlets", {})),
        (1, lambda: ("openapi", "/openapi.json", {})),
        # HTML pages
        (2, lambda: ("page overview", "/", {})),
        (1, lambda: ("page trends", "/trends", {})),
        (1, lambda: ("page voices", "/voices", {})),
        (2, lambda: ("page search", "/search", {"q": rng.choice(ids["words"])})),
        (1, lambda: ("page articles", "/articles", {"offset": offset()})),
        (2, lambda: ("page article", f"/articles/{rng.choice(ids['articles'])}", {})),
        (1, lambda: ("page speaker", f"/speakers/{rng.choice(ids['speakers'])}", {})),
        (1, lambda: ("page docs", "/docs", {})),
        (1, lambda: ("page analyze", "/analyze", {})),
    ]
    weights = [w for w, _ in choices]
    makers = [m for _, m in choices]
    while True:
        yield rng.choices(makers, weights)[0]()


async def drive(
    base: str, ids: dict[str, list], clients: int, duration: float, requests: int | None = None
) -> tuple[dict, list[str]]:
    """Every client asks, waits for the answer and asks again until ``duration`` is up or, with
    ``requests``, until that many requests (the same list every run, shared by the clients) are answered."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    fixed = None
    if requests is not None:
        mix = request_mix(ids, random.Random(0))
        fixed = iter([next(mix) for _ in range(requests)])

    async def client(n: int) -> None:
        mix = fixed or request_mix(ids, random.Random(n))
        async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as http:
            while time.monotonic() < deadline:
                try:
                    label, path, params = next(mix)
                except StopIteration:
                    return
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


def start_server(args: argparse.Namespace, tmp: str) -> tuple[subprocess.Popen, str]:
    """`whosaid serve` on a copy of --db (or a synthetic store) on a free loopback port."""
    store = Path(tmp) / "load.duckdb"
    if args.db:
        shutil.copy(args.db, store)
    else:
        began = time.perf_counter()
        build_store(store, args.articles)
        print(f"built a store of {args.articles:,} synthetic articles in {time.perf_counter() - began:.1f} s")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    if args.no_cache:
        # The app without its answer cache: every request reaches DuckDB.
        command = [sys.executable, "-c", SERVE_UNCACHED, str(store), str(port)]
    else:
        command = [sys.executable, "-m", "whosaid.cli", "serve", "--db", str(store), "--port", str(port),
                   "--read-only"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        try:
            if httpx.get(base + "/api/outlets", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"load_api: the server did not start:\n{server.stderr.read()}")
        time.sleep(0.1)
    stop_server(server)
    raise SystemExit("load_api: the server did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def summarise(latencies: dict[str, list[float]]) -> dict[str, dict]:
    def figures(values: list[float]) -> dict:
        return {"requests": len(values), **{f"p{q}_ms": round(percentile(values, q) * 1000, 1) for q in (50, 95, 99)}}

    every = [x for values in latencies.values() for x in values]
    return {"routes": {label: figures(v) for label, v in sorted(latencies.items())}, "all": figures(every)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a dashboard already running on this machine (e.g. http://127.0.0.1:8000)")
    parser.add_argument("--db", type=Path, help="an existing store to serve (copied to a temporary folder)")
    parser.add_argument("--articles", type=int, default=1000, help="synthetic articles when no --db (default 1000)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--requests", type=int, help="send this many requests (the same ones every run, to compare "
                        "two builds by the server CPU they take) and stop, or when --duration is up")
    parser.add_argument("--no-cache", action="store_true", help="serve without the answer cache (worst case)")
    parser.add_argument("--server-pid", type=int, help="the running server's process id, for its CPU time "
                        "(found from --url's port when psutil can see it)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.url and (args.db or args.no_cache):
        parser.error("--url drives a running dashboard; --db and --no-cache are for the one this script starts")
    if not 1 <= args.clients <= 1000 or not 0 < args.duration <= 3600:
        parser.error("--clients must be 1 to 1,000 and --duration more than 0 and at most 3,600 seconds")
    if args.requests is not None and not 1 <= args.requests <= 1_000_000:
        parser.error("--requests must be 1 to 1,000,000")

    with tempfile.TemporaryDirectory(prefix="whosaid-load-") as tmp:
        server = None
        if args.url:
            base = args.url.rstrip("/")
            check_loopback(base)
            pid = args.server_pid or server_pid(base)
        else:
            server, base = start_server(args, tmp)
            pid = server.pid
        try:
            ids = sample_ids(base)
            if ids["n_articles"] < 1000:
                print(f"warning: the store has {ids['n_articles']} articles; the target is measured on 1,000 or more")
            bound = f"{args.requests:,} requests or {args.duration:.0f} s" if args.requests else f"{args.duration:.0f} s"
            print(f"{args.clients} clients for {bound} against {base} ({ids['n_articles']:,} articles)")
            cpu_before, load_before = (cpu_seconds(pid) if pid else None), load_average()
            began = time.monotonic()
            latencies, errors = asyncio.run(drive(base, ids, args.clients, args.duration, args.requests))
            elapsed = time.monotonic() - began
            cpu_after, load_after = (cpu_seconds(pid) if pid else None), load_average()
        finally:
            if server is not None:
                stop_server(server)

    figures = summarise(latencies)
    n = figures["all"]["requests"]
    report = {
        "url": base if args.url else None, "articles": ids["n_articles"], "clients": args.clients,
        "cache": not args.no_cache, "errors": len(errors),
        "seconds": round(elapsed, 1), "throughput_rps": round(n / elapsed, 1), **figures, "cpus": os.cpu_count(),
        "server_cpu_s": round(cpu_after - cpu_before, 2) if cpu_before is not None and cpu_after is not None else None,
        "server_cpu_ms_per_request": (
            round((cpu_after - cpu_before) * 1000 / max(1, n), 2)
            if cpu_before is not None and cpu_after is not None else None
        ),
        "load_average": [round(load_before, 2), round(load_after, 2)] if load_before is not None else None,
    }
    print(f"\n{'route':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for label, row in [*report["routes"].items(), ("all", report["all"])]:
        print(f"{label:<18}{row['requests']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}")
    cpu = report["server_cpu_ms_per_request"]
    print(f"\n{report['throughput_rps']} requests/s, {len(errors)} errors; "
          f"server CPU {'unknown (pass --server-pid)' if cpu is None else f'{cpu} ms'} per request; "
          f"load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} CPUs")
    for line in errors[:20]:
        print("  " + line)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    met = not errors and report["all"]["p99_ms"] < 300
    print("target (p99 < 300 ms, no errors):", "met" if met else "NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
