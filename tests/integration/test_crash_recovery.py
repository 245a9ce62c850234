"""A refresh killed with SIGKILL at any point leaves nothing the next refresh cannot recover from.

Each refresh runs as its own process group, the way cron or the OOM killer meets it; the group is
killed during the raw steps, during dbt and at the publish, one after the other on one data folder.
The refresh after the last kill must complete on its own, and every mart must equal a clean run's.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.rawstore import RAW_TABLES, RawStore

pytestmark = pytest.mark.integration

INFRATRACK = str(Path(sys.executable).parent / "infratrack")
# Ingestion times differ between two runs by nature; every other column must be equal.
INGESTION_TIME_COLUMNS = {"fetched_at", "extracted_at"}
KILL_POINTS = {
    # Logged when the news step has landed its pages: extraction, SEC and FX come next.
    "raw": "raw__raw_documents",
    "dbt": "Running dbt command",
    "publish": "Finished dbt command",
}


def refresh_env(data_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["INFRATRACK_DATA_DIR"] = str(data_dir)
    env["DAGSTER_HOME"] = str(data_dir / "dagster_home")
    env.update(extra or {})
    return env


def run_refresh(
    data_dir: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [INFRATRACK, "refresh", "--quiet"],
        env=refresh_env(data_dir, extra_env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


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


def mart_fingerprints(data_dir: Path) -> dict[str, tuple]:
    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb"), read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'main' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        fingerprints = {}
        for table in tables:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if c not in INGESTION_TIME_COLUMNS
            ]
            row_hash = "hash(" + ", ".join(f'"{c}"' for c in columns) + ")"
            fingerprints[table] = con.execute(
                f"select count(*), bit_xor({row_hash}) from {table}"
            ).fetchall()[0]
        return fingerprints


class ConnectionCounter:
    """A TCP listener on loopback that counts the connections made to it (and answers none)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"


@pytest.fixture(scope="module")
def clean_marts(tmp_path_factory) -> dict[str, tuple]:
    """Two refreshes started at the same moment on an empty data folder: both complete (the second
    waits for the first, and says so), and neither makes a network call on the offline sample
    (every proxy variable points at a counter: no version checks)."""
    data_dir = tmp_path_factory.mktemp("clean")
    counter = ConnectionCounter()
    proxies = {
        name: counter.url
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")
    }
    env = refresh_env(data_dir, {**proxies, "NO_PROXY": "", "no_proxy": ""})
    both = [
        subprocess.Popen(
            [INFRATRACK, "refresh", "--quiet"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600)[1] for process in both]
    assert [process.returncode for process in both] == [0, 0], outputs
    assert sum("waiting for refresh run" in err for err in outputs) == 1
    assert counter.connections == 0
    counter.socket.close()
    return mart_fingerprints(data_dir)


def test_refresh_recovers_after_sigkill_at_every_stage(tmp_path, clean_marts):
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
