from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource

from ingest.config import SourcesConfig, load_sources
from ingest.rawstore import RawStore
from ingest.warehouse import REPO_ROOT, DataPaths, data_paths
from orchestration.project import dbt_project

DEFAULT_SOURCES = REPO_ROOT / "sources" / "default.yml"


class InfratrackSettings(dg.ConfigurableResource):
    """Which sources file a refresh reads. The data folder is $INFRATRACK_DATA_DIR for every
    process (Dagster and dbt alike), so it is not a per-run setting."""

    sources_file: str = os.environ.get("INFRATRACK_SOURCES", str(DEFAULT_SOURCES))

    def sources(self) -> SourcesConfig:
        return load_sources(Path(self.sources_file))

    def paths(self) -> DataPaths:
        return data_paths()

    def raw_store(self) -> RawStore:
        store = RawStore(self.paths().raw)
        store.ensure_tables()
        return store


def build_resources() -> dict[str, object]:
    return {
        "settings": InfratrackSettings(),
        # The dbt of this environment, found without relying on PATH (cron, the UI daemon).
        "dbt": DbtCliResource(
            project_dir=dbt_project, dbt_executable=str(Path(sys.executable).parent / "dbt")
        ),
    }
