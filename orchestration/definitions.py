"""The one code location of infratrack."""

from __future__ import annotations

import dagster as dg

from orchestration.defs import raw_assets, warehouse_assets
from orchestration.defs.freshness import FRESHNESS_CHECKS, freshness_checks, freshness_half_hourly
from orchestration.defs.jobs import JOBS, SCHEDULES
from orchestration.defs.resources import build_resources

defs = dg.Definitions(
    assets=[
        raw_assets.raw_documents,
        raw_assets.raw_extracted_facts,
        raw_assets.raw_sec_facts,
        raw_assets.raw_fx_rates,
        raw_assets.raw_fetch_errors,
        warehouse_assets.warehouse_models,
        warehouse_assets.published_warehouse,
    ],
    asset_checks=FRESHNESS_CHECKS,
    jobs=[*JOBS, freshness_checks],
    schedules=[*SCHEDULES, freshness_half_hourly],
    resources=build_resources(),
)
