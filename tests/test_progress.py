"""Progress without a terminal: status lines a log or a batch job keeps, never a bar."""

from __future__ import annotations

from whosaid.progress import article_progress


def test_without_a_terminal_a_status_line_comes_each_interval(capsys):
    with article_progress("extracting", 4, log_every=0) as advance:
        for _ in range(4):
            advance()
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(",")[0] for line in lines] == [f"extracting: {n}/4 articles" for n in (1, 2, 3, 4)]
    assert "articles/s" in lines[0] and "left" not in lines[0], "no estimate from the first articles alone"


def test_time_left_is_estimated_only_once_articles_have_been_coming_for_a_while(capsys, monkeypatch):
    clock = [0.0]
    monkeypatch.setattr("whosaid.progress.time.perf_counter", lambda: clock[0])
    with article_progress("extracting", 100, log_every=0) as advance:
        clock[0] = 40.0  # the models loaded and the first batch was read: a rate from here would say ~65 min
        advance()
        for _ in range(9):
            clock[0] += 2.0  # then an article every 2 s
            advance()
    lines = capsys.readouterr().err.splitlines()
    assert ["left" in line for line in lines] == [False] * 5 + [True] * 5
    assert lines[-1].endswith("about 3 min left"), "90 articles at 2 s each since the first, not at the rate since the start (9 min)"


def test_a_short_run_or_a_quiet_one_prints_nothing(capsys):
    with article_progress("extracting", 3) as advance:
        advance(3)
    with article_progress("extracting", 3, enabled=False, log_every=0) as advance:
        advance(3)
    assert capsys.readouterr().err == ""


def test_time_left_with_a_suffix_shows_nothing_until_the_rate_means_something():
    from rich.progress import Progress

    from whosaid.progress import EstimateColumn

    clock = [0.0]
    bar = Progress(get_time=lambda: clock[0], disable=True)
    task_id = bar.add_task("ingest", total=None)
    task = bar.tasks[task_id]
    column = EstimateColumn(suffix="left")
    assert column.render(task).plain == ""  # models loading: no total, no article done
    bar.update(task_id, total=100)
    clock[0] = 20.0
    bar.update(task_id, completed=20)
    shown = column.render(task).plain
    assert shown.endswith(" left") and shown != " left"
    other = bar.add_task("extract", total=10)
    assert EstimateColumn().render(bar.tasks[other]).plain == "-:--:--"  # no suffix: the usual placeholder
