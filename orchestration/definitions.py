"""The one code location of infratrack, and the pointer other processes rebuild its jobs from."""

from __future__ import annotations

import dagster as dg
from dagster._core.definitions.reconstruct import ReconstructableJob, ReconstructableRepository

from orchestration.defs import raw_assets, warehouse_assets
from orchestration.defs.executors import executor_from_env
from orchestration.defs.freshness import FRESHNESS_CHECKS, freshness_checks, freshness_half_hourly
from orchestration.defs.jobs import JOBS, SCHEDULES
from orchestration.defs.resources import build_resources
from orchestration.defs.source_health import sources_yield_facts

defs = dg.Definitions(
    assets=[
        raw_assets.raw_documents,
        raw_assets.raw_extracted_facts,
        raw_assets.raw_sec_facts,
        raw_assets.raw_fx_rates,
        raw_assets.raw_fetch_errors,
        raw_assets.raw_fact_reviews,
        raw_assets.raw_entity_merges,
        warehouse_assets.warehouse_models,
        warehouse_assets.published_warehouse,
    ],
    asset_checks=[*FRESHNESS_CHECKS, sources_yield_facts],
    jobs=[*JOBS, freshness_checks],
    schedules=[*SCHEDULES, freshness_half_hourly],
    resources=build_resources(),
    executor=executor_from_env(),
)

# The job Dagster builds from every asset, on the executor above; execute_job with an
# asset_selection runs a subset of it.
ASSET_JOB = "__ASSET_JOB"


def reconstructable_job(name: str = ASSET_JOB) -> ReconstructableJob:
    """The job `name` of this code location as executors that run steps in other processes (celery
    workers, multiprocess children) need it: a pointer to `defs` here, which each such process
    imports, as Dagster's own run workers do. `dg.reconstructable` cannot point at the asset job,
    which only exists inside the Definitions."""
    return ReconstructableRepository.for_module(__name__, "defs").get_reconstructable_job(name)
