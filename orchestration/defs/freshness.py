"""Freshness checks on the raw assets, with the job and schedule that run them alone.

Each check judges one rule of `ingest/warehouse/freshness.py` (news older than 2 hours, filings and FX rates
older than 2 days) and fails with severity WARN. They run after each refresh of their asset, and
every 30 minutes in the `freshness_checks` job, which only reads the raw Parquet files: it
materializes nothing and, tagged as reading only, does not wait for the writer lock.
"""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg

from ingest.land.rawstore import RawStore
from ingest.warehouse.freshness import FRESHNESS_RULES, FreshnessRule, format_age, judge
from orchestration.defs.resources import READS_ONLY_TAG, InfratrackSettings

CHECK_NAME = "freshness"


def raw_asset_key(rule: FreshnessRule) -> dg.AssetKey:
    return dg.AssetKey(["raw", rule.table.name])


def _freshness_check(rule: FreshnessRule) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=raw_asset_key(rule),
        name=CHECK_NAME,
        description=(
            f"The newest {rule.label} row was fetched at most {format_age(rule.max_age)} ago "
            "(the offline sample sources are exempt)."
        ),
    )
    def check(settings: InfratrackSettings) -> dg.AssetCheckResult:
        judged = judge(rule, RawStore(settings.paths().raw), settings.sources(), datetime.now(UTC))
        metadata: dict[str, dg.RawMetadataValue] = {
            "state": judged.state.value,
            "detail": judged.message,
            "max_age_hours": rule.max_age.total_seconds() / 3600,
        }
        if judged.newest is not None and judged.age is not None:
            metadata["newest_fetched_at"] = judged.newest.isoformat()
            metadata["age_hours"] = round(judged.age.total_seconds() / 3600, 2)
        return dg.AssetCheckResult(
            passed=not judged.is_stale,
            severity=dg.AssetCheckSeverity.WARN,
            description=judged.message,
            metadata=metadata,
        )

    return check


FRESHNESS_CHECKS = [_freshness_check(rule) for rule in FRESHNESS_RULES]

freshness_checks = dg.define_asset_job(
    "freshness_checks",
    selection=dg.AssetSelection.checks(*FRESHNESS_CHECKS),
    executor_def=dg.in_process_executor,
    tags={READS_ONLY_TAG: "true"},
    description="The freshness checks of the raw assets, without materializing anything.",
)
# Between the hourly news refresh (minute 7) and the next, so each refresh is judged once done.
freshness_half_hourly = dg.ScheduleDefinition(
    name="freshness_half_hourly",
    job=freshness_checks,
    cron_schedule="22,52 * * * *",
    execution_timezone="UTC",
)
