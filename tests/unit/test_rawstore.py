import multiprocessing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_FX_RATES, RAW_TABLES, RawSchemaError, RawStore


def rate(day: int, value: float) -> dict:
    return {
        "rate_id": stable_id(f"2025-01-{day:02d}", "USD"),
        "rate_date": date(2025, 1, day),
        "currency": "USD",
        "units_per_eur": value,
        "source_url": "https://example/",
        "fetched_at": datetime.now(UTC),
        "content_sha256": "x",
        "fetch_date": date(2025, 1, 31),
    }


def test_append_is_idempotent_and_partitioned(tmp_path):
    store = RawStore(tmp_path)
    store.ensure_tables()
    assert (
        store.append(RAW_FX_RATES, [rate(2, 1.03), rate(3, 1.04)], "sample", date(2025, 1, 31)) == 2
    )
    assert (
        store.append(RAW_FX_RATES, [rate(2, 1.03), rate(3, 1.04)], "sample", date(2025, 1, 31)) == 0
    )
    assert (
        store.append(RAW_FX_RATES, [rate(3, 1.04), rate(6, 1.05)], "sample", date(2025, 2, 1)) == 1
    )
    assert store.count(RAW_FX_RATES) == 3
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("part-*.parquet"))
    assert [f.split("/")[:3] for f in files] == [
        ["raw_fx_rates", "source=sample", "fetch_date=2025-01-31"],
        ["raw_fx_rates", "source=sample", "fetch_date=2025-02-01"],
    ]


def test_a_row_with_a_field_the_table_lacks_is_refused_and_nothing_lands(tmp_path):
    store = RawStore(tmp_path)
    store.ensure_tables()
    misspelt = {**rate(4, 1.02), "units_per_euro": 1.02}
    with pytest.raises(RawSchemaError, match="raw_fx_rates has no column units_per_euro"):
        store.append(RAW_FX_RATES, [rate(2, 1.03), misspelt], "sample", date(2025, 1, 31))
    assert store.count(RAW_FX_RATES) == 0


def test_landed_files_are_never_rewritten(tmp_path):
    store = RawStore(tmp_path)
    store.append(RAW_FX_RATES, [rate(2, 1.03)], "sample", date(2025, 1, 31))
    (first,) = tmp_path.rglob("part-*.parquet")
    before = first.stat().st_mtime_ns
    store.append(RAW_FX_RATES, [rate(2, 1.03), rate(3, 1.04)], "sample", date(2025, 1, 31))
    assert first.stat().st_mtime_ns == before


def test_empty_tables_have_a_schema(tmp_path):
    store = RawStore(tmp_path)
    store.ensure_tables()
    for table in RAW_TABLES.values():
        assert store.count(table) == 0
        assert list(store.read(table).columns) == table.column_names


def _ensure_tables(root: str) -> None:
    RawStore(root).ensure_tables()


def test_processes_that_start_at_once_all_create_the_tables(tmp_path):
    """The day partitions of a backfill start side by side on a new data folder: each writes the
    schema files, and none may find its temporary file renamed away by another."""
    context = multiprocessing.get_context("spawn")
    roots = [str(tmp_path / f"store-{attempt}") for attempt in range(3)]
    processes = [
        context.Process(target=_ensure_tables, args=(root,)) for root in roots for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * len(processes)
    for root in roots:
        assert not list(Path(root).rglob("*.tmp"))
        store = RawStore(root)
        for table in RAW_TABLES.values():
            assert list(store.read(table).columns) == table.column_names
