"""`infratrack status` without a refresh: a data folder nothing touched, a job whose last run
failed (and then succeeded), and a sources file it cannot read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import dagster as dg
import pytest

from ingest.sources.config import load_sources
from ingest.warehouse.files import data_paths
from orchestration.cli import main
from orchestration.dagster_home import prepare_dagster_home
from orchestration.status import HEALTHY, UNHEALTHY, collect_status
from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "sources" / "default.yml"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return tmp_path / "data"


def test_a_data_folder_never_refreshed_says_so(data_dir, capsys):
    assert main(["status"]) == UNHEALTHY
    out = capsys.readouterr().out
    assert f"no refresh yet in {data_dir}: run `make run`" in out
    assert "Traceback" not in out
    assert main(["status", "--format", "json"]) == UNHEALTHY
    status = json.loads(capsys.readouterr().out)
    assert status["refreshed"] is False and status["healthy"] is False
    assert status["assets"] == [] and status["review_queue"] is None
    assert not data_dir.exists(), "status writes nothing"


def test_an_instance_set_up_without_a_refresh_is_not_refreshed(data_dir, capsys):
    prepare_dagster_home()  # as `infratrack ui` does before any refresh
    assert main(["status"]) == UNHEALTHY
    assert "no refresh yet" in capsys.readouterr().out


def _job(succeeds: bool) -> dg.JobDefinition:
    @dg.op
    def fetch_news() -> None:
        if not succeeds:
            raise ConnectionError("news.example refused the connection")

    @dg.job(name="refresh_news")
    def refresh_news() -> None:
        fetch_news()

    return refresh_news


def test_a_job_whose_last_run_failed_is_unhealthy_until_it_succeeds(data_dir):
    home = prepare_dagster_home()
    sample = load_sources(SAMPLE)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        _job(succeeds=False).execute_in_process(instance=instance, raise_on_error=False)
        failed = collect_status(data_paths(), sample, home)
        _job(succeeds=True).execute_in_process(instance=instance)
        recovered = collect_status(data_paths(), sample, home)
    assert failed.refreshed and failed.exit_code == UNHEALTHY
    (problem,) = failed.problems
    assert problem.startswith("the last refresh_news run ")
    assert problem.endswith("failed: news.example refused the connection")
    assert [r.job for r in failed.failed_runs] == ["refresh_news"]
    # A failure stays listed for 24 hours, but only the newest run of a job judges its health.
    assert recovered.exit_code == HEALTHY and recovered.problems == []
    assert [r.job for r in recovered.failed_runs] == ["refresh_news"]
    assert recovered.to_dict()["failed_runs_24h"][0]["ended_at"] is not None


def test_failures_older_than_a_day_are_not_listed(data_dir):
    home = prepare_dagster_home()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        _job(succeeds=False).execute_in_process(instance=instance, raise_on_error=False)
        later = collect_status(
            data_paths(), load_sources(SAMPLE), home, now=datetime(2999, 1, 1, tzinfo=UTC)
        )
    assert later.failed_runs == []


def test_an_unreadable_sources_file_is_a_one_line_error(data_dir, tmp_path, capsys):
    hostile = tmp_path / "hostile.yml"
    hostile.write_text("news:\n  feeds: [javascript:alert(1)]\n")
    assert main(["status", "--sources", str(hostile)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("infratrack: error: ") and "scheme 'javascript' is not allowed" in err
