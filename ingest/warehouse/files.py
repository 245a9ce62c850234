"""Warehouse file housekeeping: paths, creation in a format DuckDB 1.x clients can open, the
published read-only copy, and read-only queries.

dbt is the only writer of the warehouse. Readers (ad-hoc SQL, BI tools) open the published
copy, made after each refresh, so they never hold the writer's lock.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.land.atomic import replacing

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR_ENV = "INFRATRACK_DATA_DIR"
# Many BI drivers bundle DuckDB 1.x, which cannot open files written in the 2.0 format.
STORAGE_COMPATIBILITY_VERSION = "v1.5.0"


class WarehouseMissingError(FileNotFoundError):
    pass


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "infratrack.duckdb"

    @property
    def published(self) -> Path:
        return self.root / "published" / "infratrack.duckdb"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this data folder's builds, one for every build: the parse state
        dbt leaves in it spares the next build a full parse. (The profile's warehouse path is part
        of that state, so a state made for another data folder is of no use here.)"""
        return self.root / "warehouse" / "dbt_target"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    @property
    def writer_lock(self) -> Path:
        """Held by the one refresh writing the raw layer and the warehouse."""
        return self.root / ".writer.lock"

    @property
    def setup_lock(self) -> Path:
        """Held while a refresh sets up the Dagster instance and the dbt manifest."""
        return self.root / ".setup.lock"


def data_paths() -> DataPaths:
    """The data folder: $INFRATRACK_DATA_DIR, else data/ in the repository."""
    return DataPaths(Path(os.environ.get(DATA_DIR_ENV) or REPO_ROOT / "data").resolve())


def ensure_warehouse(path: Path) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.connect(
        str(path), config={"storage_compatibility_version": STORAGE_COMPATIBILITY_VERSION}
    ).close()


def publish(warehouse: Path, published: Path) -> None:
    """Copy the built warehouse to the readers' file, atomically."""
    published.parent.mkdir(parents=True, exist_ok=True)
    with replacing(published) as temporary:
        shutil.copyfile(warehouse, temporary)


def connect_read_only(
    path: Path, config: dict[str, str | bool | int | float | list[str]] | None = None
) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseMissingError(
            f"no warehouse at {path}: run `make run` (or `infratrack refresh`) to build it"
        )
    return duckdb.connect(str(path), read_only=True, config=config or {})


MART_TABLES = (
    "fct_capex",
    "fct_revenue",
    "fct_compute_capacity",
    "fct_accelerator_counts",
    "fct_power_capacity",
    "fct_capex_plan_vs_actual",
    "fct_capex_guidance_history",
    "fct_fact_conflicts",
    "dim_company",
    "dim_source",
)
# Each fact mart (the ones whose facts are reviewed): the metric it holds, its value column and its
# unit, as SQL.
FACT_MARTS = {
    "fct_capex": ("capex", "value_native", "currency"),
    "fct_revenue": ("revenue", "value_native", "currency"),
    "fct_compute_capacity": ("compute", "capacity_eflops", "'EFLOPS'"),
    "fct_accelerator_counts": ("accelerators", "accelerator_count", "'count'"),
    "fct_power_capacity": ("power", "power_mw", "'MW'"),
}
