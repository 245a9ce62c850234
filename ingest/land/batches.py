"""How a collect step lands what it reads: rows in batches, each batch its own part file, so a
refresh killed mid-way keeps every finished batch; failures as rows of raw_fetch_errors; and the
tally of a step (`StepReport`). Shared by every collect step and the extraction step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_FETCH_ERRORS, RawStore, RawTable


@dataclass(frozen=True)
class Batching:
    """Fetched documents land every `documents` pages or `megabytes` of page bytes, each batch
    its own part file, so a refresh killed mid-way keeps every finished batch."""

    documents: int = 200
    megabytes: float = 32.0


@dataclass
class StepReport:
    attempted: int = 0
    landed: int = 0
    skipped_known: int = 0
    # Read but not landed by design: not a page, another language, not about AI infrastructure.
    skipped_filtered: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def merged(self, other: StepReport) -> StepReport:
        return StepReport(
            self.attempted + other.attempted,
            self.landed + other.landed,
            self.skipped_known + other.skipped_known,
            self.skipped_filtered + other.skipped_filtered,
            self.failed + other.failed,
            self.errors + other.errors,
        )

    @property
    def failure_rate(self) -> float:
        return self.failed / self.attempted if self.attempted else 0.0


def utc_today() -> date:
    return datetime.now(UTC).date()


class ErrorLog:
    def __init__(
        self, store: RawStore, source_name: str, source_type: str, report: StepReport
    ) -> None:
        self.store, self.source_name, self.source_type, self.report = (
            store,
            source_name,
            source_type,
            report,
        )
        self.rows: list[dict] = []
        self.landed = 0

    def record(self, url: str, stage: str, reason: str, status: int | None = None) -> None:
        self.report.failed += 1
        self.report.errors.append(f"{url}: {stage}: {reason}")
        self._add(url, stage, reason, status)

    def skip(self, url: str, stage: str, reason: str) -> None:
        """A page left out by design (off topic): recorded like an error, so it is not fetched
        again, but counted as filtered, not as a failure."""
        self.report.skipped_filtered += 1
        self._add(url, stage, reason, None)

    def _add(self, url: str, stage: str, reason: str, status: int | None) -> None:
        now = datetime.now(UTC)
        self.rows.append(
            {
                # The same failure on a later refresh is the same error, not a new row.
                "error_id": stable_id(url, stage, reason),
                "source_name": self.source_name,
                "source_type": self.source_type,
                "url": url,
                "stage": stage,
                "reason": reason,
                "http_status": status,
                "occurred_at": now,
                "fetch_date": now.date(),
            }
        )

    def flush(self) -> int:
        """Land the errors recorded so far (a refresh killed later keeps them too)."""
        if self.rows:
            self.landed += self.store.append(
                RAW_FETCH_ERRORS, self.rows, self.source_name, utc_today()
            )
            self.rows = []
        return self.landed


class BatchLanding:
    def __init__(
        self,
        store: RawStore,
        table: RawTable,
        source_name: str,
        batching: Batching,
        on_flush: Callable[[], object] = lambda: None,
        fetch_date: date | None = None,
    ) -> None:
        self.store, self.table, self.source_name, self.batching = (
            store,
            table,
            source_name,
            batching,
        )
        self.on_flush = on_flush
        # The raw folder's date: today for fetched pages, the crawl's day for archived ones.
        self.fetch_date = fetch_date
        self.known = store.keys(table)
        self.rows: list[dict] = []
        self.bytes = 0
        self.landed = 0

    def add(self, row: dict, size: int) -> None:
        self.rows.append(row)
        self.bytes += size
        if (
            len(self.rows) >= self.batching.documents
            or self.bytes >= self.batching.megabytes * 1_000_000
        ):
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.landed += self.store.append(
                self.table,
                self.rows,
                self.source_name,
                self.fetch_date or utc_today(),
                known=self.known,
            )
        self.rows, self.bytes = [], 0
        self.on_flush()
