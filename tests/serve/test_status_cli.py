"""`infratrack status` after one real refresh of the offline sample: every asset's last run and
rows, the sample's fetch errors, exempt freshness, the review queue; and stale sources judged
later against live sources."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from ingest.land.rawstore import RAW_FETCH_ERRORS, RAW_TABLES, RawStore
from ingest.sources.config import load_sources
from ingest.warehouse.files import MART_TABLES, data_paths
from orchestration.cli import main
from orchestration.status import HEALTHY, UNHEALTHY, collect_status
from tests.test_freshness_checks import LIVE_SOURCES


@pytest.fixture
def status_json(published: Path, monkeypatch, capsys) -> tuple[int, dict]:
    monkeypatch.setenv("DAGSTER_HOME", str(data_paths().dagster_home))
    code = main(["status", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_fresh_refresh_of_the_sample_is_healthy(status_json):
    code, status = status_json
    assert code == HEALTHY
    assert status["refreshed"] and status["healthy"] and status["problems"] == []
    assert status["sources"] == "sample (offline sample)"
    assert {f["state"] for f in status["freshness"]} == {"exempt"}
    assert status["failed_runs_24h"] == []


def test_each_asset_has_its_last_run_and_its_rows(status_json, published):
    assets = {a["asset"]: a for a in status_json[1]["assets"]}
    store = RawStore(data_paths().raw)
    for table in ("raw_documents", "raw_extracted_facts", "raw_sec_facts", "raw_fx_rates"):
        asset = assets[f"raw/{table}"]
        assert asset["last_run_status"] == "success"
        assert asset["last_materialized_at"] is not None
        assert asset["rows"] == store.count(RAW_TABLES[table]) > 0
    with duckdb.connect(str(published), read_only=True) as con:
        for mart in MART_TABLES:
            asset = assets[f"main/{mart}"]
            assert asset["last_run_status"] == "success"
            assert asset["rows"] == con.execute(f"select count(*) from {mart}").fetchall()[0][0]
    assert assets["published_warehouse"]["last_run_status"] == "success"
    # Written by the raw assets as they go, never materialized on its own.
    assert assets["raw/raw_fetch_errors"]["last_materialized_at"] is None


def test_fetch_errors_and_the_review_queue_match_the_data(status_json, published):
    status = status_json[1]
    errors = RawStore(data_paths().raw).read(RAW_FETCH_ERRORS, ["stage"])
    assert status["fetch_errors_24h"] == errors["stage"].value_counts().to_dict()
    assert sum(status["fetch_errors_24h"].values()) > 0, "the sample holds broken pages"
    with duckdb.connect(str(published), read_only=True) as con:
        queued = con.execute(
            "select count(*) from (select fact_id, review_state from fct_capex union all "
            "select fact_id, review_state from fct_revenue union all "
            "select fact_id, review_state from fct_compute_capacity union all "
            "select fact_id, review_state from fct_accelerator_counts union all "
            "select fact_id, review_state from fct_power_capacity) where review_state = 'needs_review'"
        ).fetchall()[0][0]
    assert queued > 0
    assert status["review_queue"]["total"] == queued


def test_the_table_says_the_same(published, monkeypatch, capsys):
    monkeypatch.setenv("DAGSTER_HOME", str(data_paths().dagster_home))
    assert main(["status"]) == HEALTHY
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1] == "healthy"
    store = RawStore(data_paths().raw)
    documents = next(line for line in lines if line.startswith("raw/raw_documents "))
    assert documents.split()[-2:] == ["success", str(store.count(RAW_TABLES["raw_documents"]))]
    assert "exempt" in next(line for line in lines if line.startswith("news "))
    stages = store.read(RAW_FETCH_ERRORS, ["stage"])["stage"].value_counts().sort_index()
    by_stage = ", ".join(f"{stage} {n}" for stage, n in stages.items())
    assert f"fetch errors by stage: {by_stage}" in out
    assert "failed runs: none" in out
    assert "facts await review" in out


def test_live_sources_a_day_later_are_stale(published, tmp_path):
    """The same data judged against live sources a day after the refresh: news is stale, and the
    report says so and exits 1."""
    sources = tmp_path / "live.yml"
    sources.write_text(LIVE_SOURCES)
    paths = data_paths()
    report = collect_status(
        paths,
        load_sources(sources),
        paths.dagster_home,
        now=datetime.now(UTC) + timedelta(days=1),
    )
    states = {s.label: s.state.value for s in report.freshness}
    assert states == {"news": "stale", "filings": "fresh", "FX rates": "fresh"}
    assert report.exit_code == UNHEALTHY
    assert [p.split(":")[0] for p in report.problems] == ["news stale"]
