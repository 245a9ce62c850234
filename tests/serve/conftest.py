"""A copy of the shared refresh of the embedded default, shared by the tests of what reads the
published warehouse (exports, the PostgreSQL publish, the report, `infratrack sql`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.warehouse.files import data_paths
from tests.refreshes import copy_data_dir


@pytest.fixture(scope="package")
def data_dir(tmp_path_factory, sample_data_dir: Path) -> Iterator[Path]:
    path = copy_data_dir(sample_data_dir, tmp_path_factory.mktemp("serve") / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFRATRACK_DATA_DIR", str(path))
        patch.setenv("DAGSTER_HOME", str(path / "dagster_home"))
        yield path


@pytest.fixture
def published(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The published DuckDB file of the shared refresh, with the data folder set for the CLI."""
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(data_dir))
    path = data_paths().published
    assert path.exists()
    return path
