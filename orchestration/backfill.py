"""Backfills: many day partitions of the news asset, each its own Dagster run, side by side.

A day's run only lands raw part files (no warehouse write), so runs need no writer lock and go
in parallel: `processes` worker processes each import the code location once and take days from
a shared queue. With the celery executor, each run's step executes on a celery worker instead of
in the worker process (the deployment in deploy/). The warehouse is rebuilt once afterwards.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

from ingest import progress
from orchestration.defs.executors import EXECUTOR_ENV

# Ten years of days: a longer range is almost surely a typo in a year.
MAX_BACKFILL_DAYS = 3660
BACKFILL_TAG = "dagster/backfill"
PARTITION_TAG = "dagster/partition"
STEP = "day partitions landed"


class BackfillError(ValueError):
    """The date range of a backfill is not one."""


@dataclass(frozen=True)
class PartitionOutcome:
    day: str
    success: bool
    rows_added: int
    reason: str = ""


def backfill_days(start: str, end: str) -> list[str]:
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError as exc:
        raise BackfillError(f"dates are YYYY-MM-DD: {exc}") from exc
    if last < first:
        raise BackfillError(f"--to {last} is before --from {first}")
    count = (last - first).days + 1
    if count > MAX_BACKFILL_DAYS:
        raise BackfillError(f"{count} days is more than the {MAX_BACKFILL_DAYS} one backfill takes")
    return [(first + timedelta(days=offset)).isoformat() for offset in range(count)]


def _run_config(sources: Path) -> dict:
    return {
        "resources": {
            "settings": {"config": {"sources_file": str(sources), "warehouse_writer": False}}
        },
        "loggers": {"console": {"config": {"log_level": "WARNING"}}},
    }


def run_partition(day: str, sources: str, backfill_id: str, executor: str) -> PartitionOutcome:
    """One day's run, in the calling process (a worker of `run_backfill`)."""
    # The Definitions pick their executor from the environment when first imported here.
    os.environ[EXECUTOR_ENV] = executor
    from ingest.warehouse.files import data_paths
    from orchestration.cli import _failure_reason
    from orchestration.definitions import reconstructable_job

    log_dir = data_paths().root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    with (
        dg.DagsterInstance.get() as instance,
        (log_dir / f"backfill-{backfill_id}-{day}.log").open("w") as log,
    ):
        # dagster prints each step's events on stdout; a backfill's terminal shows days, not steps.
        stdout = os.dup(1)
        os.dup2(log.fileno(), 1)
        try:
            result = dg.execute_job(
                reconstructable_job("news_backfill"),
                instance=instance,
                run_config=_run_config(Path(sources)),
                tags={PARTITION_TAG: day, BACKFILL_TAG: backfill_id},
            )
        finally:
            os.dup2(stdout, 1)
            os.close(stdout)
        added = 0
        for event in result.all_events:
            if event.is_step_materialization:
                value = event.step_materialization_data.materialization.metadata.get("rows_added")
                if value is not None and isinstance(value.value, int | float | str):
                    added += int(value.value)
        reason = "" if result.success else _failure_reason(result)
        return PartitionOutcome(day, result.success, added, reason)


def run_backfill(
    days: list[str],
    sources: Path,
    processes: int,
    executor: str = "in_process",
    on_outcome: Callable[[PartitionOutcome], None] = lambda _outcome: None,
) -> list[PartitionOutcome]:
    """Run every day's partition, `processes` at a time; one failed day does not stop the rest."""
    backfill_id = uuid.uuid4().hex[:8]
    outcomes: list[PartitionOutcome] = []
    progress.report(STEP, 0, len(days))
    # Spawned, not forked: dagster and DuckDB hold threads a fork would copy mid-flight.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(min(processes, len(days)), mp_context=context) as pool:
        futures = {
            pool.submit(run_partition, day, str(sources), backfill_id, executor): day
            for day in days
        }
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as exc:  # a worker that died takes only its day down
                outcome = PartitionOutcome(
                    futures[future], False, 0, f"{type(exc).__name__}: {exc}"
                )
            outcomes.append(outcome)
            on_outcome(outcome)
            progress.report(STEP, len(outcomes), len(days))
    return sorted(outcomes, key=lambda outcome: outcome.day)
