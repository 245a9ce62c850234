"""Progress of the long steps of a refresh (feeds read, pages fetched, documents extracted,
filings read, dbt models built), told to whoever listens.

Steps report through a standard logger, so `ingest` stays free of any front end: the CLI listens
and draws bars in a terminal or prints plain lines in a log; under the Dagster daemon or webserver
nobody listens and a report costs one level check.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

LOGGER = logging.getLogger("infratrack.progress")


@dataclass(frozen=True)
class StepProgress:
    step: str
    done: int
    total: int | None


def report(step: str, done: int, total: int | None = None) -> None:
    """`done` of `total` units of `step` are finished (`total` None when not known ahead)."""
    if LOGGER.isEnabledFor(logging.INFO):
        LOGGER.info(
            "%s %d/%s",
            step,
            done,
            "?" if total is None else total,
            extra={"progress": StepProgress(step, done, total)},
        )
