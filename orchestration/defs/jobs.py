"""Jobs and their schedules. Every job runs in one process: each extra process pays 5-7 s of
imports, and the warehouse has one writer anyway."""

from __future__ import annotations

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

news_hourly = dg.ScheduleDefinition(
    name="news_hourly",
    job=refresh_news,
    cron_schedule="7 * * * *",
    execution_timezone="UTC",
)
# The SEC updates companyfacts overnight and the ECB publishes around 16:00 CET.
filings_and_fx_daily = dg.ScheduleDefinition(
    name="filings_and_fx_daily",
    job=refresh_filings_and_fx,
    cron_schedule="30 16 * * *",
    execution_timezone="UTC",
)

JOBS = [refresh_all, refresh_news, refresh_filings_and_fx]
SCHEDULES = [news_hourly, filings_and_fx_daily]
