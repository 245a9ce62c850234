from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.refreshes import (
    Backfill,
    SampleRefreshes,
    refresh_env,
    refresh_the_sample_twice_at_once,
    run_backfill,
    write_backfill_archives,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "sources" / "sample"
SEED_FILE = REPO_ROOT.parent / "shared" / "seed" / "000_83e50cba1bb5f80c.txt"
CELERY_TESTS_ENV = "INFRATRACK_CELERY_TESTS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `celery` start PostgreSQL, Redis and celery workers: they run only when
    $INFRATRACK_CELERY_TESTS is 1 (.ci/run sets it), and say so when skipped."""
    if os.environ.get(CELERY_TESTS_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"celery deploy stack: opt in with {CELERY_TESTS_ENV}=1")
    for item in items:
        if item.get_closest_marker("celery"):
            item.add_marker(skip)


@pytest.fixture
def seed_text() -> str:
    """The founding article; it lives outside the repo and is never copied into it."""
    if not SEED_FILE.exists():
        pytest.skip("the seed article (../shared/seed) is not present")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_refreshes(tmp_path_factory: pytest.TempPathFactory) -> SampleRefreshes:
    """The bundled sample refreshed on an empty data folder (twice at once: the second run waits
    for the first). Shared: tests that go on from it work on a copy (`copy_data_dir`)."""
    return refresh_the_sample_twice_at_once(tmp_path_factory.mktemp("sample-refreshes"))


@pytest.fixture(scope="session")
def sample_data_dir(sample_refreshes: SampleRefreshes) -> Path:
    """The data folder of the shared sample refresh, once it has succeeded. Read it, never write."""
    if sample_refreshes.returncodes != [0, 0]:
        pytest.fail(f"the shared sample refresh failed: {sample_refreshes.stderr}")
    return sample_refreshes.data_dir


@pytest.fixture(scope="session")
def thirty_day_backfill(tmp_path_factory: pytest.TempPathFactory) -> Backfill:
    """The synthetic corpus backfilled over 30 days on the in-process executor, two day partitions
    at a time. Shared by the backfill test and the celery test, which compares its marts."""
    folder = tmp_path_factory.mktemp("backfill")
    sources, corpus = write_backfill_archives(folder)
    data_dir = folder / "data"
    env = refresh_env(data_dir, {"INFRATRACK_EXECUTOR": "in_process"})
    return Backfill(sources, corpus, data_dir, run_backfill(env, sources))
