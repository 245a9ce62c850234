"""Refresh progress: plain lines in a log (each finished step once, a long step every few
seconds), live bars in a terminal, and nothing at all when nobody listens."""

from __future__ import annotations

import io
import logging

import pytest

from ingest import progress
from orchestration import progress_view as view


def test_a_log_gets_one_line_per_finished_step(monkeypatch):
    clock = iter(float(t) for t in range(100))
    monkeypatch.setattr(view.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    with view.progress_view(stream, interactive=False):
        for done in range(4):
            progress.report("feeds read", done, 3)
        progress.report("feeds read", 3, 3)  # a repeated final report adds no line
    lines = stream.getvalue().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["feeds read 3/3"]


def test_a_long_step_writes_a_line_every_few_seconds(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(view.time, "monotonic", lambda: now[0])
    stream = io.StringIO()
    with view.progress_view(stream, interactive=False):
        for done in range(0, 21):
            progress.report("pages fetched", done, 20)
            now[0] += 1.0  # one page a second
    steps = [line.split(" ", 1)[1] for line in stream.getvalue().splitlines()]
    assert steps == [
        "pages fetched 5/20",
        "pages fetched 10/20",
        "pages fetched 15/20",
        "pages fetched 20/20",
    ]


def test_a_terminal_gets_bars():
    stream = io.StringIO()
    with view.progress_view(stream, interactive=True):
        progress.report("documents extracted", 7, 9)
    text = stream.getvalue()
    assert "documents extracted" in text and "7/9" in text


def test_without_a_listener_reports_are_silent_and_the_logger_is_restored(capsys):
    with view.progress_view(io.StringIO(), interactive=False):
        pass
    assert progress.LOGGER.propagate and progress.LOGGER.level == logging.NOTSET
    progress.report("feeds read", 1, 1)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("total", [None, 0])
def test_unknown_or_empty_totals_are_shown(total):
    stream = io.StringIO()
    with view.progress_view(stream, interactive=False):
        progress.report("filings read", 0, total)
    if total == 0:
        assert stream.getvalue().split(" ", 1)[1] == "filings read 0/0\n"
    else:
        assert stream.getvalue() == ""
