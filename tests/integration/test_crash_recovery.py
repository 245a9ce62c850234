"""A refresh killed with SIGKILL at any point leaves nothing the next refresh cannot recover from.

Each refresh runs as its own process group, the way cron or the OOM killer meets it; the group is
killed during the raw steps, during dbt and at the publish, one after the other on one data folder.
The refresh after the last kill must complete on its own, and every mart must equal a clean run's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import dagster as dg
import pytest

from ingest.land.rawstore import RAW_TABLES, RawStore
from tests.refreshes import INFRATRACK, mart_fingerprints, refresh_env, run_refresh

pytestmark = pytest.mark.integration

KILL_POINTS = {
    # Logged when the news step has landed its pages: extraction, SEC and FX come next.
    "raw": "raw__raw_documents",
    "dbt": "Running dbt command",
    "publish": "Finished dbt command",
}


def kill_refresh_at(data_dir: Path, marker: str, after_seconds: float, log: Path) -> None:
    """Start a refresh, SIGKILL its whole process group once `marker` is logged. The last stage
    can finish in the moment between the marker and the signal: then the refresh is started
    again, so the stage is always met by the kill."""
    for _attempt in range(3):
        if _kill_one_refresh_at(data_dir, marker, after_seconds, log):
            return
    pytest.fail(f"three refreshes finished before the kill after {marker!r}")


def _kill_one_refresh_at(data_dir: Path, marker: str, after_seconds: float, log: Path) -> bool:
    with log.open("w") as err:
        process = subprocess.Popen(
            [INFRATRACK, "refresh", "--quiet", "--verbose"],
            env=refresh_env(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        deadline = time.monotonic() + 300
        while marker not in log.read_text(errors="replace"):
            assert process.poll() is None, (
                f"the refresh ended before {marker!r}:\n{log.read_text()}"
            )
            assert time.monotonic() < deadline, f"{marker!r} never logged"
            time.sleep(0.05)
        time.sleep(after_seconds)
        if process.poll() is not None:
            return False  # it finished first: nothing was interrupted
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        return True


def test_two_refreshes_at_once_both_complete_offline(sample_refreshes):
    """The second waits for the first, and says so; neither makes a network call on the offline
    sample (no version checks)."""
    assert sample_refreshes.returncodes == [0, 0], sample_refreshes.stderr
    assert sum("waiting for refresh run" in err for err in sample_refreshes.stderr) == 1
    assert sample_refreshes.network_connections == 0


def test_refresh_recovers_after_sigkill_at_every_stage(tmp_path, sample_data_dir):
    clean_marts = mart_fingerprints(sample_data_dir)
    data_dir = tmp_path / "data"
    kill_refresh_at(data_dir, KILL_POINTS["raw"], 0.5, tmp_path / "kill_raw.log")
    kill_refresh_at(data_dir, KILL_POINTS["dbt"], 3.0, tmp_path / "kill_dbt.log")
    kill_refresh_at(data_dir, KILL_POINTS["publish"], 0.0, tmp_path / "kill_publish.log")
    # The refreshes after the first kill each found a dead run to recover before they went on.
    for log in ("kill_dbt.log", "kill_publish.log"):
        assert "recovered 1 interrupted run whose process is gone" in (tmp_path / log).read_text()

    final = run_refresh(data_dir)
    assert final.returncode == 0, final.stderr[-2000:]
    assert "recovered 1 interrupted run whose process is gone" in final.stderr
    assert mart_fingerprints(data_dir) == clean_marts

    store = RawStore(data_dir / "raw")
    for table in RAW_TABLES.values():
        keys = store.read(table, [table.key])[table.key]
        assert keys.is_unique, f"{table.name} holds a row twice"

    with dg.DagsterInstance.from_config(str(data_dir / "dagster_home")) as instance:
        unfinished = instance.get_runs(
            filters=dg.RunsFilter(
                statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING]
            )
        )
        assert unfinished == []
        for pool in instance.event_log_storage.get_concurrency_keys():
            assert instance.event_log_storage.get_concurrency_info(pool).claimed_slots == []
