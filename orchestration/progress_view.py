"""What `infratrack refresh` shows while it works: live bars per step in a terminal, plain
timestamped lines (one per finished step, and one every few seconds on a long one) in a log."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from ingest.progress import LOGGER, StepProgress

# A long step writes a line at most this often to a log; a finished step always writes one.
PLAIN_INTERVAL_SECONDS = 5.0


class _Bars(logging.Handler):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.progress = Progress(
            TextColumn("{task.description:<28}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
        )
        self.tasks: dict[str, TaskID] = {}

    def emit(self, record: logging.LogRecord) -> None:
        step: StepProgress | None = getattr(record, "progress", None)
        if step is None:
            return
        if step.step not in self.tasks:
            self.tasks[step.step] = self.progress.add_task(step.step, total=step.total)
        self.progress.update(self.tasks[step.step], completed=step.done, total=step.total)


class _Lines(logging.Handler):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.stream = stream
        self.last_line: dict[str, float] = {}
        self.finished: set[tuple[str, int]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        step: StepProgress | None = getattr(record, "progress", None)
        if step is None:
            return
        now = time.monotonic()
        finished = step.total is not None and step.done >= step.total
        if finished:
            if (step.step, step.done) in self.finished:
                return
            self.finished.add((step.step, step.done))
        elif now - self.last_line.get(step.step, now) < PLAIN_INTERVAL_SECONDS:
            self.last_line.setdefault(step.step, now)
            return
        self.last_line[step.step] = now
        total = "?" if step.total is None else step.total
        self.stream.write(f"{datetime.now():%H:%M:%S} {step.step} {step.done}/{total}\n")
        self.stream.flush()


@contextlib.contextmanager
def progress_view(stream: TextIO, interactive: bool) -> Iterator[None]:
    """Show the refresh's progress on `stream` for the block: bars when `interactive`."""
    handler: _Bars | _Lines = _Bars(stream) if interactive else _Lines(stream)
    previous_level, previous_propagate = LOGGER.level, LOGGER.propagate
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False  # the view is the only place progress is shown
    LOGGER.addHandler(handler)
    if isinstance(handler, _Bars):
        handler.progress.start()
    try:
        yield
    finally:
        if isinstance(handler, _Bars):
            handler.progress.stop()
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(previous_level)
        LOGGER.propagate = previous_propagate
