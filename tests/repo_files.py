"""The repository's tracked files, hashed: tests that refresh and review prove they leave the
checkout as they found it (reviews and builds belong in the test's own data folder)."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def tracked_file_hashes() -> dict[str, str]:
    """SHA-256 of every file git tracks here, by path ("missing" for one deleted meanwhile)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    hashes = {}
    for name in filter(None, listed.split("\0")):
        path = REPO_ROOT / name
        hashes[name] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        )
    return hashes


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
