"""Refreshes and backfills run the way a user runs them, through the `infratrack` executable in
a process of their own, and what the tests compare between two warehouses."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from benchmarks.synthetic_corpus import SyntheticCorpus, write_warcs

INFRATRACK = str(Path(sys.executable).parent / "infratrack")
# Ingestion times differ between two runs by nature; every other column must be equal.
INGESTION_TIME_COLUMNS = {"fetched_at", "extracted_at"}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


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


def copy_data_dir(source: Path, target: Path) -> Path:
    """A data folder of its own for a test that goes on refreshing where a shared one stopped."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock"))
    return target


def mart_fingerprints(data_dir: Path) -> dict[str, tuple]:
    """Per mart of the published warehouse: its row count and an order-free hash of its rows."""
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


@dataclass(frozen=True)
class SampleRefreshes:
    """Two refreshes of the bundled sample started at the same moment on one empty data folder."""

    data_dir: Path
    returncodes: list[int]
    stderr: list[str]
    network_connections: int


def refresh_the_sample_twice_at_once(data_dir: Path) -> SampleRefreshes:
    """Every proxy variable points at a counter, so a network call (a version check) is counted."""
    counter = ConnectionCounter()
    proxies = dict.fromkeys(PROXY_VARIABLES, counter.url)
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
    counter.socket.close()
    return SampleRefreshes(
        data_dir, [process.returncode for process in both], outputs, counter.connections
    )


BACKFILL_START = date(2025, 1, 1)
BACKFILL_DAYS = 30
BACKFILL_ARTICLES = 240


@dataclass(frozen=True)
class Backfill:
    """A 30-day backfill of the synthetic corpus from WARC archives, two processes at a time."""

    sources: Path
    corpus: SyntheticCorpus
    data_dir: Path
    result: subprocess.CompletedProcess

    @property
    def last_day(self) -> date:
        return BACKFILL_START + timedelta(days=BACKFILL_DAYS - 1)


def write_backfill_archives(folder: Path) -> tuple[Path, SyntheticCorpus]:
    corpus = SyntheticCorpus(
        articles=BACKFILL_ARTICLES, days=BACKFILL_DAYS, start=BACKFILL_START, hosts=12
    )
    write_warcs(corpus, folder / "warc")
    sources = folder / "sources.yml"
    sources.write_text("name: crawl\narchives:\n  warc: ['warc/*.warc.gz']\n")
    return sources, corpus


def run_backfill(
    env: dict[str, str], sources: Path, *options: str, days: int = BACKFILL_DAYS
) -> subprocess.CompletedProcess:
    last = BACKFILL_START + timedelta(days=days - 1)
    return subprocess.run(
        [
            *(INFRATRACK, "backfill", "--from", BACKFILL_START.isoformat(), "--to", str(last)),
            *("--sources", str(sources), "--quiet", "--processes", "2", *options),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
