"""Refreshes that always recover: one writer at a time, and no run left behind by a dead process.

A refresh holds an exclusive `flock` on the data folder's writer lock for its whole run. The kernel
releases the lock when the process dies, however it dies (SIGKILL, the OOM killer), so a refresh
never waits on a dead one. What a dead process leaves in the Dagster instance (a run still
`STARTED`, holding its pool slots) is found by the process identity tagged on the run: a run whose
process is gone is marked failed and its slots are freed before the next refresh goes on.

A refresh that finds the lock held by a live process waits, says so once, gives up after a timeout,
and answers SIGTERM and SIGINT while it waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import dagster as dg
from dagster._utils.interrupts import check_captured_interrupt

PID_TAG = "infratrack/pid"
HOST_TAG = "infratrack/host"
# The process's start time in clock ticks since boot (/proc/PID/stat field 22): a PID the kernel
# reused for another process has another start time.
PROCESS_START_TAG = "infratrack/process_start"
UNFINISHED_STATUSES = [
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
WAIT_POLL_SECONDS = 0.5


class WriterBusyError(RuntimeError):
    """The writer lock stayed held by a live refresh past the timeout."""


class RefreshInterrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT arrived while waiting for the writer lock."""


def _process_start(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its closing one.
    return stat.rsplit(")", 1)[1].split()[19]


def process_identity() -> dict[str, str]:
    """Tags naming this process, for `process_is_gone` to test later."""
    pid = os.getpid()
    return {
        PID_TAG: str(pid),
        HOST_TAG: socket.gethostname(),
        PROCESS_START_TAG: _process_start(pid) or "",
    }


def process_is_gone(tags: Mapping[str, str]) -> bool | None:
    """True when the tagged process has ended, False when it runs, None when unknown (untagged,
    or tagged on another machine)."""
    if PID_TAG not in tags or tags.get(HOST_TAG) != socket.gethostname():
        return None
    pid = int(tags[PID_TAG])
    start = _process_start(pid)
    if start is None:
        return True
    recorded = tags.get(PROCESS_START_TAG)
    return bool(recorded) and recorded != start


@dataclass(frozen=True)
class RecoveredRun:
    run_id: str
    job_name: str
    pid: str


def recover_stale_runs(
    instance: dg.DagsterInstance, current_run_id: str | None = None
) -> list[RecoveredRun]:
    """Mark unfinished runs whose process is gone as failed and free their pool slots."""
    recovered = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=UNFINISHED_STATUSES)):
        if run.run_id == current_run_id or not process_is_gone(run.tags):
            continue
        instance.report_run_failed(
            run,
            message=f"infratrack: the process of this run (pid {run.tags[PID_TAG]}) is gone; "
            "marked failed by the next refresh",
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        recovered.append(RecoveredRun(run.run_id, run.job_name, run.tags[PID_TAG]))
    return recovered


def recovery_message(recovered: list[RecoveredRun]) -> str:
    runs = ", ".join(f"{r.job_name} {r.run_id[:8]} (pid {r.pid})" for r in recovered)
    noun = "run" if len(recovered) == 1 else "runs"
    return f"recovered {len(recovered)} interrupted {noun} whose process is gone: {runs}; marked failed, pool slots freed"


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    try:
        holder = json.loads(handle.read() or "{}")
    except json.JSONDecodeError:
        return "another refresh"
    since = holder.get("since", "?")
    return f"refresh run {str(holder.get('run_id', '?'))[:8]} (pid {holder.get('pid', '?')}, since {since})"


@contextlib.contextmanager
def writer_lock(
    path: Path,
    run_id: str,
    timeout_seconds: float,
    say: Callable[[str], None],
    interrupted: Callable[[], bool] = check_captured_interrupt,
) -> Iterator[None]:
    """Hold the data folder's writer lock for the block; wait for a live holder up to the
    timeout, answering interrupts (Dagster captures SIGTERM/SIGINT into a flag during a run)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + timeout_seconds
        announced = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not announced:
                    say(
                        f"waiting for {_holder(handle)} to finish; "
                        f"giving up after {timeout_seconds:g} s"
                    )
                    announced = True
                if interrupted():
                    raise RefreshInterrupted(
                        "interrupted while waiting for the writer lock"
                    ) from None
                if time.monotonic() >= deadline:
                    raise WriterBusyError(
                        f"{_holder(handle)} still holds the warehouse after {timeout_seconds:g} s; "
                        "try again later"
                    ) from None
                time.sleep(WAIT_POLL_SECONDS)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(
                json.dumps(
                    {
                        "pid": os.getpid(),
                        "run_id": run_id,
                        "since": f"{datetime.now(UTC):%H:%M:%S} UTC",
                    }
                )
            )
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def setup_lock(path: Path) -> Iterator[None]:
    """Serialise first-time set-up (the instance's SQLite schema, dagster.yaml, the dbt manifest)
    between refreshes started at the same moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
