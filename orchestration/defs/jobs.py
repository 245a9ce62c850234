"""Jobs and their schedules. The refresh jobs run in one process: each extra process pays 5-7 s
of imports, and the warehouse has one writer anyway. A backfill's day partitions are separate runs
of `news_backfill`, on the Definitions' executor, side by side."""

from __future__ import annotations

from datetime import UTC

import dagster as dg

from orchestration.defs.raw_assets import (
    RAW_DOCUMENTS_KEY,
    RAW_EXTRACTED_FACTS_KEY,
    RAW_FX_RATES_KEY,
    RAW_SEC_FACTS_KEY,
)

RAW_FILINGS_AND_FX = dg.AssetSelection.assets(RAW_SEC_FACTS_KEY, RAW_FX_RATES_KEY)
RAW_NEWS = dg.AssetSelection.assets(RAW_DOCUMENTS_KEY, RAW_EXTRACTED_FACTS_KEY)


def _half(raw: dg.AssetSelection, other_raw: dg.AssetSelection) -> dg.AssetSelection:
    """What `raw` feeds, plus every model and seed those need (on a new warehouse the other half's
    staging views and the seeds do not exist yet), without fetching the other half's sources."""
    return (raw.downstream() | raw.downstream().upstream()).materializable() - other_raw


refresh_all = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    description="Everything: news, extraction, filings, FX, the dbt warehouse and its published copy.",
)
refresh_news = dg.define_asset_job(
    "refresh_news",
    selection=_half(dg.AssetSelection.assets(RAW_DOCUMENTS_KEY), RAW_FILINGS_AND_FX),
    executor_def=dg.in_process_executor,
    description="News feeds and articles, extraction, and the warehouse downstream of them.",
)
refresh_filings_and_fx = dg.define_asset_job(
    "refresh_filings_and_fx",
    selection=_half(RAW_FILINGS_AND_FX, RAW_NEWS),
    executor_def=dg.in_process_executor,
    description="SEC companyfacts and ECB rates, and the warehouse downstream of them.",
)

news_backfill = dg.define_asset_job(
    "news_backfill",
    selection=dg.AssetSelection.assets(RAW_DOCUMENTS_KEY),
    description="One day's news partition: that day's archived pages (and, for today, the feeds).",
)
extract_and_build = dg.define_asset_job(
    "extract_and_build",
    selection=_half(
        dg.AssetSelection.assets(RAW_EXTRACTED_FACTS_KEY),
        RAW_FILINGS_AND_FX | dg.AssetSelection.assets(RAW_DOCUMENTS_KEY),
    ),
    executor_def=dg.in_process_executor,
    description="Extraction of every unread document and the warehouse downstream: a backfill's last run.",
)


@dg.schedule(
    name="news_hourly", job=refresh_news, cron_schedule="7 * * * *", execution_timezone="UTC"
)
def news_hourly(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Today's news partition, again each hour: what is already landed is not fetched again."""
    day = context.scheduled_execution_time.astimezone(UTC).date()
    return dg.RunRequest(partition_key=day.isoformat())


# The SEC updates companyfacts overnight and the ECB publishes around 16:00 CET.
filings_and_fx_daily = dg.ScheduleDefinition(
    name="filings_and_fx_daily",
    job=refresh_filings_and_fx,
    cron_schedule="30 16 * * *",
    execution_timezone="UTC",
)

JOBS = [refresh_all, refresh_news, refresh_filings_and_fx, news_backfill, extract_and_build]
SCHEDULES = [news_hourly, filings_and_fx_daily]
