"""A run killed with SIGKILL loses nothing it committed, leaves no half article, and the next run completes the set."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time

import psutil

from whosaid.store import Store

FIRST = ["Ann", "Omar", "Lena", "Kofi", "Mia", "Raj", "Sofia", "Jonas", "Ines", "Tariq"]
LAST = ["Berg", "Okafor", "Haddad", "Novak", "Reyes", "Lindqvist", "Costa", "Ward", "Ito", "Mensah"]
N_ARTICLES = 40


def write_corpus(path) -> None:
    rng = random.Random(7)
    with open(path, "w") as handle:
        for i in range(N_ARTICLES):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            text = (
                f"Town news number {i}\n\n"
                f"The town hall opened a new office on Main Street on day {i}.\n\n"
                f"\"We waited {i + 2} years for this,\" said {name}, who chairs the residents' group. "
                f"{name.split()[1]} said the office would open on weekdays."
            )
            handle.write(json.dumps({"id": f"town-{i}", "outlet": "Town Crier", "date": f"2024-01-{i % 28 + 1:02d}", "text": text}) + "\n")


def command(corpus, db):
    return [sys.executable, "-m", "whosaid.cli", "ingest", str(corpus), "--db", str(db),
            "--workers", "2", "--batch-size", "2", "--log-every", "0"]


def check_whole_articles(db) -> int:
    with Store(db) as store:
        con = store.connection
        half = con.execute(
            "SELECT count(*) FROM articles a WHERE n_quotes <> (SELECT count(*) FROM quotes q WHERE q.article_id = a.article_id)"
        ).fetchone()[0]
        orphans = con.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT article_id FROM articles)").fetchone()[0]
        assert half == 0 and orphans == 0
        assert con.execute("SELECT count(*) - count(DISTINCT source_id) FROM articles").fetchone()[0] == 0
        # Speakers a killed run stored but had not linked yet are linked once the store is opened again.
        unlinked = con.execute("SELECT count(*) FROM quotes WHERE mention_id IS NOT NULL AND speaker_id IS NULL").fetchone()[0]
        assert unlinked == 0
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_sigkill_midway_then_rerun_completes_without_duplicates(tmp_path):
    corpus, db = tmp_path / "town.jsonl", tmp_path / "town.duckdb"
    write_corpus(corpus)
    process = subprocess.Popen(command(corpus, db), stderr=subprocess.PIPE, text=True)
    stored_before_kill = 0
    deadline = time.monotonic() + 240
    try:
        for line in process.stderr:
            if line.startswith("ingest:"):
                stored_before_kill = int(line.split()[1])
                if stored_before_kill >= 4:
                    break
            assert time.monotonic() < deadline, "ingest made no progress"
        assert 4 <= stored_before_kill < N_ARTICLES, "the run finished before it could be killed"
        workers = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    # The workers notice their parent is gone and stop on their own.
    gone, alive = psutil.wait_procs(workers, timeout=15)
    for leftover in alive:
        leftover.kill()
    assert not alive, f"worker processes outlived the killed run: {[p.pid for p in alive]}"

    stored_after_kill = check_whole_articles(db)
    assert stored_after_kill >= stored_before_kill

    rerun = subprocess.run([*command(corpus, db), "--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == stored_after_kill
    assert summary["ingested"] == N_ARTICLES - stored_after_kill
    assert check_whole_articles(db) == N_ARTICLES


def test_ctrl_c_stops_promptly_keeps_what_was_stored_and_says_how_to_go_on(tmp_path):
    corpus, db = tmp_path / "town.jsonl", tmp_path / "town.duckdb"
    write_corpus(corpus)
    process = subprocess.Popen(
        command(corpus, db), stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a shell's background job ignores it
    )
    try:
        for line in process.stderr:
            if line.startswith("ingest:") and int(line.split()[1]) >= 2:
                break
        workers = psutil.Process(process.pid).children(recursive=True)
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert process.returncode == 130, rest
    assert "Stopped:" in rest and "again to carry on" in rest
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive
    assert 2 <= check_whole_articles(db) < N_ARTICLES
