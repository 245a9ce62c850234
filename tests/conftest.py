from __future__ import annotations

import os
from pathlib import Path

import pytest

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
