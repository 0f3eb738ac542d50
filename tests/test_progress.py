"""Progress without a terminal: status lines a log or a batch job keeps, never a bar."""

from __future__ import annotations

from whosaid.progress import article_progress


def test_without_a_terminal_a_status_line_comes_each_interval(capsys):
    with article_progress("extracting", 4, log_every=0) as advance:
        for _ in range(4):
            advance()
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == [f"extracting: {n}/4 articles" for n in (1, 2, 3, 4)]
    assert "articles/s" in lines[0] and "left" in lines[0]


def test_a_short_run_or_a_quiet_one_prints_nothing(capsys):
    with article_progress("extracting", 3) as advance:
        advance(3)
    with article_progress("extracting", 3, enabled=False, log_every=0) as advance:
        advance(3)
    assert capsys.readouterr().err == ""
