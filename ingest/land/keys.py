"""Row keys: short stable hashes of the parts that identify a row, and content hashes.

A module of its own, free of storage imports, so that extraction workers can key their rows
without loading DuckDB and pandas.
"""

from __future__ import annotations

import hashlib
from typing import Any


def stable_id(*parts: Any) -> str:
    """A short, stable key from the parts that identify a row."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:24]


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
