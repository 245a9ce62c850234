"""One refresh's tally per source (a feed, a discovery query, the sources file's article list, an
issuer), landed as `raw_source_runs` rows: what the source listed and what became of it.

Filings adapters build their issuer rows with `SourceTally("issuer", "<issuer>", started_at)`
and land them with `land_tallies`, so `infratrack status` shows them beside feeds and queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_SOURCE_RUNS, SOURCE_KINDS, RawStore
from ingest.sources.discovery.window import Window

# The `source` of the articles a sources file lists itself.
LISTED_ARTICLES = "articles listed in the sources file"


@dataclass
class SourceTally:
    kind: str
    source: str
    started_at: datetime
    succeeded: bool = True
    error: str | None = None
    found: int = 0
    already_landed: int = 0
    skipped_before_fetch: int = 0
    fetched: int = 0
    relevant: int = 0
    window: Window | None = None

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"source kind {self.kind!r} is not one of {SOURCE_KINDS}")

    def failed(self, reason: str) -> None:
        self.succeeded, self.error = False, reason

    def row(self, source_name: str) -> dict:
        return {
            "run_id": stable_id(self.kind, self.source, self.started_at.isoformat()),
            "source_name": source_name,
            "source_kind": self.kind,
            "source_ref": self.source,
            "started_at": self.started_at,
            "succeeded": self.succeeded,
            "error": self.error,
            "found": self.found,
            "already_landed": self.already_landed,
            "skipped_before_fetch": self.skipped_before_fetch,
            "fetched": self.fetched,
            "relevant": self.relevant,
            "window_start": self.window.start if self.window else None,
            "window_end": self.window.end if self.window else None,
            "fetch_date": self.started_at.date(),
        }


def land_tallies(store: RawStore, source_name: str, tallies: Iterable[SourceTally]) -> int:
    rows = [tally.row(source_name) for tally in tallies]
    if not rows:
        return 0
    return store.append(RAW_SOURCE_RUNS, rows, source_name, rows[0]["fetch_date"])
