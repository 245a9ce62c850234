"""The freshness checks run as their own job: they judge the raw Parquet files, warn on stale
sources, pass the offline sample as exempt, materialize nothing and never wait for a refresh."""

from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FX_RATES, RawStore
from ingest.warehouse.files import data_paths
from ingest.warehouse.freshness import EXEMPT_OFFLINE
from orchestration.definitions import defs
from orchestration.defs.resources import InfratrackSettings
from orchestration.recovery import writer_lock

LIVE_SOURCES = """\
name: live_test
news:
  feeds: [https://news.example/feed.xml]
sec:
  companyfacts: [789019]
fx:
  files: [https://ecb.example/eurofxref.zip]
"""


def run_checks(sources_file: str | None = None) -> dg.ExecuteInProcessResult:
    settings: dict = {"writer_wait_seconds": 1.0}
    if sources_file:
        settings["sources_file"] = sources_file
    with dg.instance_for_test() as instance:
        return defs.resolve_job_def("freshness_checks").execute_in_process(
            instance=instance,
            run_config={"resources": {"settings": {"config": settings}}},
            raise_on_error=False,
        )


def evaluations(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.asset_key.to_user_string(): e for e in result.get_asset_check_evaluations()}


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_the_offline_sample_passes_as_exempt_without_materializing_or_waiting(data_dir):
    # A refresh holding the writer lock must not hold up a run that only reads.
    with writer_lock(data_paths().writer_lock, "a-refresh", 1.0, say=print):
        result = run_checks()
    assert result.success
    assert result.get_asset_materialization_events() == []
    checks = evaluations(result)
    assert set(checks) == {"raw/raw_documents", "raw/raw_sec_facts", "raw/raw_fx_rates"}
    for evaluation in checks.values():
        assert evaluation.check_name == "freshness" and evaluation.passed
        assert evaluation.metadata["detail"].value == EXEMPT_OFFLINE
        assert evaluation.metadata["state"].value == "exempt"


def test_a_run_that_writes_still_waits_for_the_writer_lock(data_dir):
    """Only the read-only check job skips the lock: an asset run (which carries an empty asset
    selection too) waits, and gives up while a refresh holds it."""

    @dg.asset
    def writes(settings: InfratrackSettings) -> None:
        pass

    with (
        writer_lock(data_paths().writer_lock, "a-refresh", 1.0, say=print),
        dg.instance_for_test() as instance,
    ):
        result = dg.materialize(
            [writes],
            resources={"settings": InfratrackSettings(writer_wait_seconds=0.5)},
            instance=instance,
            raise_on_error=False,
        )
    assert not result.success
    assert result.get_asset_materialization_events() == []


def test_stale_and_empty_sources_fail_with_a_warning(data_dir, tmp_path):
    sources = tmp_path / "live.yml"
    sources.write_text(LIVE_SOURCES)
    store = RawStore(data_paths().raw)
    now = datetime.now(UTC)
    three_hours_ago = now - timedelta(hours=3)
    store.append(
        RAW_DOCUMENTS,
        [{"document_id": stable_id("old page"), "fetched_at": three_hours_ago}],
        "live_test",
        three_hours_ago.date(),
    )
    store.append(
        RAW_FX_RATES,
        [{"rate_id": stable_id("today"), "fetched_at": now - timedelta(hours=1)}],
        "live_test",
        now.date(),
    )
    result = run_checks(str(sources))
    # A failed WARN check is a finding, not a failed run.
    assert result.success
    assert result.get_asset_materialization_events() == []
    checks = evaluations(result)
    news, filings, fx = (
        checks[f"raw/{t}"] for t in ("raw_documents", "raw_sec_facts", "raw_fx_rates")
    )
    assert not news.passed and news.severity is dg.AssetCheckSeverity.WARN
    assert news.metadata["state"].value == "stale"
    assert 2.9 < news.metadata["age_hours"].value < 3.1
    assert not filings.passed and filings.metadata["state"].value == "empty"
    assert fx.passed and fx.metadata["state"].value == "fresh"


def test_the_check_job_selects_the_checks_alone_and_is_scheduled():
    job = defs.resolve_job_def("freshness_checks")
    assert not job.asset_layer.selected_asset_keys, "the check job materializes no asset"
    assert {k.name for k in job.asset_layer.asset_graph.asset_check_keys} == {"freshness"}
    assert defs.resolve_schedule_def("freshness_half_hourly").job_name == "freshness_checks"
