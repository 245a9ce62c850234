"""The dbt project as Dagster sees it. The manifest is a build artifact: `make` prepares it
with `dbt parse` (CI and headless runs have no `dagster dev` to do it)."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_dbt import DbtProject

from ingest.warehouse.files import DATA_DIR_ENV, data_paths

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"

# dbt reads the data folder from the environment; set it once so Dagster, dbt parse and dbt
# build agree (a different value between parse and run makes dbt re-parse everything).
os.environ.setdefault(DATA_DIR_ENV, str(data_paths().root))

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()
