"""One refresh of the embedded default into a temporary data folder, shared by the tests of what
reads the published warehouse (exports, the PostgreSQL publish, the report, `infratrack sql`)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.warehouse import data_paths
from orchestration.cli import main


@pytest.fixture(scope="package")
def data_dir(tmp_path_factory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("serve-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INFRATRACK_DATA_DIR", str(path))
        patch.setenv("DAGSTER_HOME", str(path / "dagster_home"))
        assert main(["refresh", "--quiet"]) == 0
        yield path


@pytest.fixture
def published(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The published DuckDB file of the shared refresh, with the data folder set for the CLI."""
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(data_dir))
    path = data_paths().published
    assert path.exists()
    return path
