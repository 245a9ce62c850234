"""The project's Definitions on the celery executor: a real run of the raw FX and SEC assets from
the bundled sample sources goes through Redis to two celery workers, with the Dagster instance on
PostgreSQL, and lands its rows once; a 30-day backfill of the synthetic corpus through the
workers builds the same marts as the shared one on the in-process executor, and a re-run adds
nothing.

Opt in with INFRATRACK_CELERY_TESTS=1 (.ci/run does): the stack costs about a minute.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import psycopg
import pytest

from ingest.land.rawstore import RAW_FX_RATES, RAW_SEC_FACTS, RawStore
from ingest.warehouse.files import data_paths
from orchestration.definitions import ASSET_JOB
from tests.deploy import services
from tests.refreshes import BACKFILL_DAYS, Backfill, mart_fingerprints, run_backfill

pytestmark = pytest.mark.celery

RAW_KEYS = ("raw/raw_fx_rates", "raw/raw_sec_facts")
RAW_STEPS = {"raw__raw_fx_rates", "raw__raw_sec_facts"}
STEP_EVENTS = {
    dg.DagsterEventType.STEP_START,
    dg.DagsterEventType.STEP_OUTPUT,
    dg.DagsterEventType.ASSET_MATERIALIZATION,
    dg.DagsterEventType.STEP_SUCCESS,
}


def _process_group(pid: int | None) -> int | None:
    if pid is None:
        return None
    try:
        return os.getpgid(pid)
    except ProcessLookupError:  # a process that has ended is in no worker's group
        return None


def _raw_counts() -> dict[str, int]:
    store = RawStore(data_paths().raw)
    return {table.name: store.count(table) for table in (RAW_FX_RATES, RAW_SEC_FACTS)}


def _step_events(instance: dg.DagsterInstance, run_id: str) -> list[dg.DagsterEvent]:
    return [
        record.dagster_event
        for record in instance.all_logs(run_id)
        if record.dagster_event is not None and record.dagster_event.event_type in STEP_EVENTS
    ]


def _rows_added(instance: dg.DagsterInstance, run_id: str) -> dict[str, int]:
    return {
        event.asset_key.to_user_string(): int(
            event.step_materialization_data.materialization.metadata["rows_added"].value
        )
        for event in _step_events(instance, run_id)
        if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION and event.asset_key
    }


def _runs_in_postgres(postgres_url: str, job: str) -> dict[str, str]:
    with psycopg.connect(postgres_url) as connection:
        return dict(
            connection.execute(
                "select run_id, status from runs where pipeline_name = %s", [job]
            ).fetchall()
        )


def test_a_30_day_backfill_through_the_celery_workers_equals_one_on_the_in_process_executor(
    celery_workers: list[services.Worker],
    deploy_env: dict[str, str],
    deploy_instance: dg.DagsterInstance,
    thirty_day_backfill: Backfill,
) -> None:
    """First in this module, so the stack's data folder holds the backfill's news only, like the
    shared in-process backfill's (which ran each day in one process, two days at a time)."""
    sources, corpus = thirty_day_backfill.sources, thirty_day_backfill.corpus
    stack_env = {**os.environ, **deploy_env}

    through_celery = run_backfill(stack_env, sources, "--executor", "celery")
    assert through_celery.returncode == 0, through_celery.stderr[-3000:]
    runs = deploy_instance.get_run_records(dg.RunsFilter(job_name="news_backfill"))
    assert len(runs) == BACKFILL_DAYS
    assert {run.dagster_run.tags["dagster/partition"] for run in runs} == {
        day.isoformat() for day in corpus.days()
    }
    assert all(run.dagster_run.status == dg.DagsterRunStatus.SUCCESS for run in runs)
    worker_groups = {worker.process_group for worker in celery_workers}
    step_pids = {
        event.pid for run in runs for event in _step_events(deploy_instance, run.dagster_run.run_id)
    }
    assert {_process_group(pid) for pid in step_pids} <= worker_groups

    assert thirty_day_backfill.result.returncode == 0, thirty_day_backfill.result.stderr[-3000:]
    assert mart_fingerprints(Path(deploy_env["INFRATRACK_DATA_DIR"])) == mart_fingerprints(
        thirty_day_backfill.data_dir
    )

    again = run_backfill(stack_env, sources, "--executor", "celery", "--land-only")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 documents landed" in again.stderr


def test_raw_assets_run_on_the_celery_workers_once(
    celery_workers: list[services.Worker],
    deploy_env: dict[str, str],
    deploy_postgres: str,
    deploy_instance: dg.DagsterInstance,
) -> None:
    instance = deploy_instance
    assert type(instance.run_storage).__name__ == "PostgresRunStorage"
    assert _raw_counts() == {RAW_FX_RATES.name: 0, RAW_SEC_FACTS.name: 0}

    first = services.run_job(deploy_env, ASSET_JOB, RAW_KEYS)

    assert first.success, f"run {first.run_id} failed: see the worker logs {celery_workers}"
    events = _step_events(instance, first.run_id)
    # The assets' steps, and the steps of their freshness checks, which run with them.
    assert {event.step_key for event in events} == RAW_STEPS | {
        f"{step}_freshness" for step in RAW_STEPS
    }
    # Every step event was written by a pool process of one of the workers, not by this process
    # nor by the run's own process (pids of pool processes: their process group is a worker's).
    worker_groups = {worker.process_group for worker in celery_workers}
    step_pids = {event.pid for event in events}
    assert os.getpid() not in step_pids
    assert {_process_group(pid) for pid in step_pids} <= worker_groups
    handed_to = {
        record.dagster_event.engine_event_data.metadata["Celery worker"].value
        for record in instance.all_logs(first.run_id)
        if record.dagster_event is not None
        and record.dagster_event.is_engine_event
        and "in celery worker" in (record.dagster_event.message or "")
    }
    assert handed_to and handed_to <= {worker.name for worker in celery_workers}

    assert _runs_in_postgres(deploy_postgres, ASSET_JOB) == {first.run_id: "SUCCESS"}
    landed = _raw_counts()
    assert landed[RAW_FX_RATES.name] > 0 and landed[RAW_SEC_FACTS.name] > 0
    assert _rows_added(instance, first.run_id) == {
        "raw/raw_fx_rates": landed[RAW_FX_RATES.name],
        "raw/raw_sec_facts": landed[RAW_SEC_FACTS.name],
    }

    second = services.run_job(deploy_env, ASSET_JOB, RAW_KEYS)

    assert second.success
    assert _raw_counts() == landed
    assert _rows_added(instance, second.run_id) == {"raw/raw_fx_rates": 0, "raw/raw_sec_facts": 0}
    assert _runs_in_postgres(deploy_postgres, ASSET_JOB) == {
        first.run_id: "SUCCESS",
        second.run_id: "SUCCESS",
    }
