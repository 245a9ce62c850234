from __future__ import annotations

import contextlib
import importlib.metadata
import os
import sys
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Self

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging import version

from ingest.land.rawstore import RawStore
from ingest.sources.config import SourcesConfig, load_sources
from ingest.warehouse.files import REPO_ROOT, DataPaths, data_paths
from orchestration.project import dbt_project
from orchestration.recovery import (
    process_identity,
    recover_stale_runs,
    recovery_message,
    writer_lock,
)

DEFAULT_SOURCES = REPO_ROOT / "sources" / "default.yml"
# On a job whose runs write nothing. Dagster records no selection that tells (an asset job's run
# and a run of checks alone both carry an empty asset selection), so the job says it.
READS_ONLY_TAG = "infratrack/reads_only"


class InfratrackSettings(dg.ConfigurableResource):
    """Which sources file a refresh reads. The data folder is $INFRATRACK_DATA_DIR for every
    process (Dagster and dbt alike), so it is not a per-run setting.

    Every writer asset uses this resource, and Dagster sets resources up once per run before any
    step claims a pool slot, so this is where a run takes the writer lock (for the whole run) and
    clears what dead runs left behind (orchestration/recovery.py), whether the run came from
    `infratrack refresh`, a schedule or the UI. A run of a job tagged READS_ONLY_TAG (the
    freshness checks) only reads the raw files, so it takes no lock and never waits for a refresh.
    """

    sources_file: str = os.environ.get("INFRATRACK_SOURCES", str(DEFAULT_SOURCES))
    # A refresh on real sources can take many minutes; a scheduled one that waits longer than
    # this for the previous one gives up (the next tick tries again).
    writer_wait_seconds: float = 3600.0
    # A run that only lands raw part files (a backfill's day partitions) writes no warehouse:
    # it runs beside others without the writer lock.
    warehouse_writer: bool = True

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[Self]:
        instance, run = context.instance, context.run
        if instance is None or run is None or run.tags.get(READS_ONLY_TAG) == "true":
            yield self
            return
        instance.add_run_tags(run.run_id, process_identity())
        if not self.warehouse_writer:
            yield self
            return
        say = context.log.warning if context.log else print
        with writer_lock(self.paths().writer_lock, run.run_id, self.writer_wait_seconds, say=say):
            recovered = recover_stale_runs(instance, current_run_id=run.run_id)
            if recovered:
                say(recovery_message(recovered))
            yield self

    def sources(self) -> SourcesConfig:
        return load_sources(Path(self.sources_file))

    def paths(self) -> DataPaths:
        return data_paths()

    def raw_store(self) -> RawStore:
        store = RawStore(self.paths().raw)
        store.ensure_tables()
        return store


class OfflineDbtCliResource(DbtCliResource):
    """dagster-dbt learns the dbt version by running `dbt --version`, which asks PyPI for the
    latest release on every run (dbt's version check ignores DBT_VERSION_CHECK there). The dbt
    executable is this environment's, so its version is the installed dbt-core's."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))


def build_resources() -> dict[str, object]:
    return {
        "settings": InfratrackSettings(),
        # The dbt of this environment, found without relying on PATH (cron, the UI daemon).
        # DbtCliResource.__init__ takes the DbtProject (and its profiles folder); mypy sees the
        # pydantic field's type, a str.
        "dbt": OfflineDbtCliResource(
            project_dir=dbt_project,  # type: ignore[arg-type]
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }
