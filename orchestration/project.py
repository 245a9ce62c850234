"""The dbt project as Dagster sees it. The manifest is a build artifact, prepared one way:
`prepare_manifest` parses the project when the manifest is missing or older than any file dbt
reads (`make prepare` and every `infratrack` command that runs dbt call it; CI and headless runs
have no `dagster dev` to do it). A stale manifest is worse than none: dagster-dbt fails on a
test or model it does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from ingest.warehouse.files import DATA_DIR_ENV, data_paths

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"
# What dbt parses: the project's files and the package's reference data it reads as seeds.
DBT_INPUTS = (
    (DBT_PROJECT_DIR, ("dbt_project.yml", "profiles.yml")),
    (DBT_PROJECT_DIR, ("models/**/*", "macros/**/*", "seeds/**/*", "tests/**/*")),
    (DBT_PROJECT_DIR.parent / "ingest" / "reference", ("*.csv",)),
)


class ManifestError(RuntimeError):
    """dbt could not parse the project."""


# dbt reads the data folder from the environment; set it once so Dagster, dbt parse and dbt
# build agree (a different value between parse and run makes dbt re-parse everything).
os.environ.setdefault(DATA_DIR_ENV, str(data_paths().root))

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()


def manifest_is_stale(manifest: Path | None = None) -> bool:
    """True when the manifest is missing or a file dbt reads changed after it was written."""
    manifest = manifest or dbt_project.manifest_path
    if not manifest.exists():
        return True
    written = manifest.stat().st_mtime
    return any(
        path.is_file() and path.stat().st_mtime > written
        for folder, patterns in DBT_INPUTS
        for pattern in patterns
        for path in folder.glob(pattern)
    )


def prepare_manifest() -> None:
    """Parse the dbt project if its manifest is missing or stale."""
    if not manifest_is_stale():
        return
    dbt = Path(sys.executable).parent / "dbt"
    project = str(DBT_PROJECT_DIR)
    result = subprocess.run(
        [str(dbt), "parse", "--quiet", "--project-dir", project, "--profiles-dir", project],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ManifestError(f"dbt parse failed: {result.stdout[-500:]}{result.stderr[-500:]}")
    # Make and the next check compare file times: the manifest's must be this parse's.
    dbt_project.manifest_path.touch()
