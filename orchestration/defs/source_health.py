"""The quiet-sources check on the news asset: a feed, discovery query or issuer read in the last
week whose pages yielded no fact for a week fails it with severity WARN (ingest/sources/discovery/health.py
judges; the offline sample is exempt). It runs after each refresh of raw_documents."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from ingest.land.rawstore import RawStore
from ingest.sources.discovery.health import QUIET_AFTER, source_health
from orchestration.defs.resources import InfratrackSettings

CHECK_NAME = "sources_yield_facts"


@dg.asset_check(
    asset=dg.AssetKey(["raw", "raw_documents"]),
    name=CHECK_NAME,
    description=(
        f"Every feed, discovery query and issuer read in the last {QUIET_AFTER.days} days yielded "
        "a fact in that time (the offline sample sources are exempt)."
    ),
)
def sources_yield_facts(settings: InfratrackSettings) -> dg.AssetCheckResult:
    health = source_health(RawStore(settings.paths().raw), settings.sources(), datetime.now(UTC))
    quiet = [h for h in health if h.is_quiet]
    return dg.AssetCheckResult(
        passed=not quiet,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            "; ".join(h.warning for h in quiet) if quiet else f"{len(health)} sources yielding"
        ),
        metadata={
            "sources": len(health),
            "quiet": len(quiet),
            "quiet_sources": ", ".join(h.source for h in quiet)[:2000],
        },
    )
