"""The code location loads, and its asset keys stay what dbt sources and users rely on."""

import dagster as dg
import pytest

from orchestration.definitions import ASSET_JOB, defs

RAW_KEYS = {
    "raw/raw_documents",
    "raw/raw_extracted_facts",
    "raw/raw_sec_facts",
    "raw/raw_fx_rates",
    "raw/raw_fetch_errors",
    "raw/raw_fact_reviews",
    "raw/raw_entity_merges",
}
MART_KEYS = {
    "main/fct_capex",
    "main/fct_revenue",
    "main/fct_compute_capacity",
    "main/fct_accelerator_counts",
    "main/fct_power_capacity",
    "main/dim_company",
    "main/dim_source",
}


def asset_keys() -> set[str]:
    return {key.to_user_string() for key in defs.resolve_all_asset_keys()}


def test_asset_keys_are_pinned():
    keys = asset_keys()
    assert keys >= RAW_KEYS | MART_KEYS | {"published_warehouse"}
    assert {k for k in keys if k.startswith("staging/")} == {
        "staging/stg_news__documents",
        "staging/stg_news__extracted_facts",
        "staging/stg_news__fetch_errors",
        "staging/stg_sec__fact_vintages",
        "staging/stg_ecb__fx_rates",
        "staging/stg_review__fact_overrides",
        "staging/stg_review__entity_merges",
    }


def test_dbt_sources_are_the_python_raw_assets():
    graph = defs.resolve_asset_graph()
    staging = graph.get(dg.AssetKey(["staging", "stg_news__documents"]))
    assert dg.AssetKey(["raw", "raw_documents"]) in staging.parent_keys
    facts = graph.get(dg.AssetKey(["staging", "stg_news__extracted_facts"]))
    assert dg.AssetKey(["raw", "raw_extracted_facts"]) in facts.parent_keys


def test_reviews_come_from_the_raw_layer_not_from_seeds():
    graph = defs.resolve_asset_graph()
    overrides = graph.get(dg.AssetKey(["staging", "stg_review__fact_overrides"]))
    assert overrides.parent_keys == {dg.AssetKey(["raw", "raw_fact_reviews"])}
    merges = graph.get(dg.AssetKey(["staging", "stg_review__entity_merges"]))
    assert merges.parent_keys == {dg.AssetKey(["raw", "raw_entity_merges"])}
    assert not graph.get(dg.AssetKey(["raw", "raw_fact_reviews"])).is_materializable


def test_jobs_schedules_and_checks():
    assert {s.name: s.cron_schedule for s in defs.schedules} == {
        "news_hourly": "7 * * * *",
        "filings_and_fx_daily": "30 16 * * *",
        "freshness_half_hourly": "22,52 * * * *",
    }
    for name in ("refresh_all", "refresh_news", "refresh_filings_and_fx", "freshness_checks"):
        assert defs.resolve_job_def(name) is not None
    check_names = {
        (k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys
    }
    for raw in (
        "raw/raw_documents",
        "raw/raw_extracted_facts",
        "raw/raw_sec_facts",
        "raw/raw_fx_rates",
    ):
        assert (raw, "non_empty") in check_names
        assert (raw, "not_collapsed") in check_names
    assert ("raw/raw_documents", "fetch_failure_rate") in check_names
    assert ("raw/raw_documents", "sources_yield_facts") in check_names
    for raw in ("raw/raw_documents", "raw/raw_sec_facts", "raw/raw_fx_rates"):
        assert (raw, "freshness") in check_names
    assert any(name.startswith("unique_") for _, name in check_names), (
        "dbt tests surface as asset checks"
    )


@pytest.mark.parametrize(
    ("job", "fetches", "never_fetches"),
    [
        ("refresh_news", {"raw/raw_documents"}, {"raw/raw_sec_facts", "raw/raw_fx_rates"}),
        (
            "refresh_filings_and_fx",
            {"raw/raw_sec_facts", "raw/raw_fx_rates"},
            {"raw/raw_documents"},
        ),
    ],
)
def test_each_half_builds_every_model_a_new_warehouse_needs(job, fetches, never_fetches):
    """On an empty warehouse the other half's staging views and the seeds do not exist yet: a
    half-refresh builds them too, without fetching the other half's sources."""
    selected = {
        k.to_user_string() for k in defs.resolve_job_def(job).asset_layer.selected_asset_keys
    }
    assert fetches <= selected and not never_fetches & selected
    assert {
        "staging/stg_sec__fact_vintages",
        "staging/stg_news__documents",
        "main/dim_source",
        "reference/companies",
    } <= selected


def test_warehouse_writers_share_one_pool():
    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey(["main", "fct_capex"])).pools == {"duckdb_warehouse"}
    assert graph.get(dg.AssetKey("published_warehouse")).pools == {"duckdb_warehouse"}


def test_the_warehouse_jobs_stay_in_process_and_the_asset_job_takes_the_definitions_executor():
    """INFRATRACK_EXECUTOR (orchestration/defs/executors.py) moves only the jobs that do not pin
    an executor; the refresh jobs write the DuckDB warehouse and stay in one process."""
    for name in ("refresh_all", "refresh_news", "refresh_filings_and_fx"):
        assert defs.resolve_job_def(name).executor_def is dg.in_process_executor
    assert defs.resolve_job_def(ASSET_JOB).executor_def is defs.executor
