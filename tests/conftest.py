from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "sources" / "sample"
SEED_FILE = REPO_ROOT.parent / "shared" / "seed" / "000_83e50cba1bb5f80c.txt"


@pytest.fixture
def seed_text() -> str:
    """The founding article; it lives outside the repo and is never copied into it."""
    if not SEED_FILE.exists():
        pytest.skip("the seed article (../shared/seed) is not present")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR
