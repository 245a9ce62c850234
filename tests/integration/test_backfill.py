"""A 30-day backfill of the synthetic corpus from WARC archives: day partitions run side by side in
worker processes, each is a Dagster run of its partition, the warehouse is built once at the end,
and running the backfill again adds nothing."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from benchmarks.synthetic_corpus import SyntheticCorpus, write_warcs
from ingest.rawstore import RAW_DOCUMENTS, RawStore
from tests.integration.test_crash_recovery import INFRATRACK, refresh_env

pytestmark = pytest.mark.integration

START = date(2025, 1, 1)
DAYS = 30
ARTICLES = 240


def backfill(data_dir: Path, sources: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            INFRATRACK,
            "backfill",
            "--from",
            START.isoformat(),
            "--to",
            date(2025, 1, DAYS).isoformat(),
            "--sources",
            str(sources),
            "--quiet",
            *options,
        ],
        env=refresh_env(data_dir),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def archive_sources(tmp_path_factory) -> tuple[Path, SyntheticCorpus]:
    folder = tmp_path_factory.mktemp("archives")
    corpus = SyntheticCorpus(articles=ARTICLES, days=DAYS, start=START, hosts=12)
    write_warcs(corpus, folder / "warc")
    sources = folder / "sources.yml"
    sources.write_text("name: crawl\narchives:\n  warc: ['warc/*.warc.gz']\n")
    return sources, corpus


def part_files(data_dir: Path) -> list[Path]:
    return sorted(RawStore(data_dir / "raw").table_dir(RAW_DOCUMENTS).rglob("part-*.parquet"))


def test_a_parallel_backfill_lands_every_day_once_and_a_rerun_adds_nothing(
    tmp_path, archive_sources
):
    sources, corpus = archive_sources
    data_dir = tmp_path / "data"

    first = backfill(data_dir, sources, "--processes", "2")
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"{DAYS} day partitions, {DAYS} succeeded" in first.stderr

    store = RawStore(data_dir / "raw")
    documents = store.read(RAW_DOCUMENTS, ["url", "fetch_date", "archive_name"])
    relevant = [a for a in (corpus.article(i) for i in range(len(corpus))) if a.facts]
    assert len(documents) >= len(relevant)
    assert documents["url"].is_unique
    assert documents["fetch_date"].nunique() == DAYS
    assert documents["archive_name"].str.startswith("CC-NEWS-").all()

    with dg.DagsterInstance.from_config(str(data_dir / "dagster_home")) as instance:
        runs = instance.get_run_records(dg.RunsFilter(job_name="news_backfill"))
        assert len(runs) == DAYS
        assert {r.dagster_run.tags["dagster/partition"] for r in runs} == {
            d.isoformat() for d in corpus.days()
        }
        assert all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs)
        # Two processes ran the days side by side: more than one process identity.
        assert len({r.dagster_run.tags["infratrack/pid"] for r in runs}) == 2
        materialized = instance.get_materialized_partitions(dg.AssetKey(["raw", "raw_documents"]))
        assert len(materialized) == DAYS

    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb"), read_only=True) as con:
        [(capex_rows,)] = con.execute("select count(*) from fct_capex").fetchall()
        assert capex_rows > 0

    files_before = part_files(data_dir)
    again = backfill(data_dir, sources, "--processes", "2", "--land-only")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 documents landed" in again.stderr
    assert part_files(data_dir) == files_before
