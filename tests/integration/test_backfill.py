"""A 30-day backfill of the synthetic corpus from WARC archives: day partitions run side by side in
worker processes, each is a Dagster run of its partition, the warehouse is built once at the end,
and running the backfill again adds nothing."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from ingest.land.rawstore import RAW_DOCUMENTS, RawStore
from tests.refreshes import BACKFILL_DAYS, Backfill, refresh_env, run_backfill

pytestmark = pytest.mark.integration


def part_files(data_dir: Path) -> list[Path]:
    return sorted(RawStore(data_dir / "raw").table_dir(RAW_DOCUMENTS).rglob("part-*.parquet"))


def test_a_parallel_backfill_lands_every_day_once_and_a_rerun_adds_nothing(
    thirty_day_backfill: Backfill,
):
    corpus, data_dir, first = (
        thirty_day_backfill.corpus,
        thirty_day_backfill.data_dir,
        thirty_day_backfill.result,
    )
    assert first.returncode == 0, first.stderr[-3000:]
    assert f"{BACKFILL_DAYS} day partitions, {BACKFILL_DAYS} succeeded" in first.stderr

    store = RawStore(data_dir / "raw")
    documents = store.read(RAW_DOCUMENTS, ["url", "fetch_date", "archive_name"])
    relevant = [a for a in (corpus.article(i) for i in range(len(corpus))) if a.facts]
    assert len(documents) >= len(relevant)
    assert documents["url"].is_unique
    assert documents["fetch_date"].nunique() == BACKFILL_DAYS
    assert documents["archive_name"].str.startswith("CC-NEWS-").all()

    with dg.DagsterInstance.from_config(str(data_dir / "dagster_home")) as instance:
        runs = instance.get_run_records(dg.RunsFilter(job_name="news_backfill"))
        assert len(runs) == BACKFILL_DAYS
        assert {r.dagster_run.tags["dagster/partition"] for r in runs} == {
            d.isoformat() for d in corpus.days()
        }
        assert all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs)
        # Two processes ran the days side by side: more than one process identity.
        assert len({r.dagster_run.tags["infratrack/pid"] for r in runs}) == 2
        materialized = instance.get_materialized_partitions(dg.AssetKey(["raw", "raw_documents"]))
        assert len(materialized) == BACKFILL_DAYS

    with duckdb.connect(str(data_dir / "published" / "infratrack.duckdb"), read_only=True) as con:
        [(capex_rows,)] = con.execute("select count(*) from fct_capex").fetchall()
        assert capex_rows > 0

    files_before = part_files(data_dir)
    again = run_backfill(refresh_env(data_dir), thirty_day_backfill.sources, "--land-only")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 documents landed" in again.stderr
    assert part_files(data_dir) == files_before
