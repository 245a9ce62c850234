"""A sources file (see ingest/sources/config.py) that points a refresh at a running CorpusServer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import yaml

from benchmarks.synthetic.server import CorpusServer

SOURCES_NAME = "synthetic"
# The range politeness.max_concurrency accepts.
MAX_CONCURRENCY = 64


def write_sources_file(
    path: str | Path,
    server: CorpusServer,
    days: Iterable[date] | None = None,
    delay_per_host_seconds: float = 0.0,
    max_concurrency: int | None = None,
) -> Path:
    """Write the sources file: every host's feed (one feed per host and day when `days` is
    given), every `host:port` allowed as a private host, no retries. `max_concurrency` is
    written only when given (politeness.max_concurrency)."""
    if max_concurrency is not None and (
        not isinstance(max_concurrency, int)
        or isinstance(max_concurrency, bool)
        or not 1 <= max_concurrency <= MAX_CONCURRENCY
    ):
        raise ValueError(
            f"max_concurrency must be from 1 to {MAX_CONCURRENCY}, got {max_concurrency!r}"
        )
    # No days: one feed of all its articles per host.
    per_host: list[date | None] = list(days) if days is not None else [None]
    feeds = [server.feed_url(host, day) for host in server.hosts for day in per_host]
    politeness: dict[str, object] = {
        "timeout_seconds": 30.0,
        "delay_per_host_seconds": float(delay_per_host_seconds),
        "max_retries": 0,
        "allow_private_hosts": [f"{host}:{server.port}" for host in server.hosts],
    }
    if max_concurrency is not None:
        politeness["max_concurrency"] = max_concurrency
    document = {"name": SOURCES_NAME, "news": {"feeds": feeds}, "politeness": politeness}
    path = Path(path)
    header = f"# The synthetic corpus served on loopback: {server.corpus!r}\n"
    path.write_text(header + yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path
