"""Freshness of the raw layer: fresh, stale, empty, exempt and unlisted sources, judged on Parquet
files landed in a temporary raw store."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FX_RATES, RAW_SEC_FACTS, RawStore
from ingest.sources.config import SecFiler, SourcesConfig, load_sources
from ingest.warehouse.freshness import EXEMPT_OFFLINE, FRESHNESS_RULES, State, format_age, staleness
from tests.conftest import REPO_ROOT

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LIVE = SourcesConfig(
    name="live",
    path=Path("live.yml"),
    feeds=["https://news.example/feed.xml"],
    sec_filers=[SecFiler(789019, "https://data.sec.gov/api/xbrl/companyfacts/CIK0000789019.json")],
    fx_files=["https://www.ecb.europa.eu/stats/eurofxref/eurofxref.zip"],
)


def land(store: RawStore, table, fetched_at: datetime, name: str = "live") -> None:
    row = {table.key: stable_id(table.name, fetched_at), "fetched_at": fetched_at}
    assert store.append(table, [row], name, fetched_at.date()) == 1


@pytest.fixture
def store(tmp_path) -> RawStore:
    store = RawStore(tmp_path / "raw")
    store.ensure_tables()
    return store


def by_label(store: RawStore, config: SourcesConfig = LIVE, now: datetime = NOW) -> dict:
    return {s.label: s for s in staleness(store, config, now)}


def test_recent_rows_are_fresh(store):
    land(store, RAW_DOCUMENTS, NOW - timedelta(minutes=30))
    land(store, RAW_SEC_FACTS, NOW - timedelta(days=1))
    land(store, RAW_FX_RATES, NOW - timedelta(hours=20))
    judged = by_label(store)
    assert {label: s.state for label, s in judged.items()} == {
        "news": State.FRESH,
        "filings": State.FRESH,
        "FX rates": State.FRESH,
    }
    assert judged["news"].age == timedelta(minutes=30)
    assert not any(s.is_stale for s in judged.values())


def test_the_newest_row_counts_not_the_oldest(store):
    land(store, RAW_DOCUMENTS, NOW - timedelta(days=30))
    land(store, RAW_DOCUMENTS, NOW - timedelta(minutes=5))
    land(store, RAW_DOCUMENTS, NOW - timedelta(days=3))
    assert by_label(store)["news"].newest == NOW - timedelta(minutes=5)


def test_rows_older_than_the_limit_are_stale(store):
    land(store, RAW_DOCUMENTS, NOW - timedelta(hours=3, minutes=5))
    land(store, RAW_SEC_FACTS, NOW - timedelta(days=2, seconds=1))
    land(store, RAW_FX_RATES, NOW - timedelta(days=2))  # exactly at the limit: not older
    judged = by_label(store)
    assert judged["news"].state is State.STALE and judged["news"].is_stale
    assert judged["news"].message == (
        "newest fetched_at 2026-03-10 08:55 UTC, 3 h 05 min old (max 2 h)"
    )
    assert judged["filings"].state is State.STALE
    assert judged["FX rates"].state is State.FRESH


def test_an_empty_table_is_stale(store):
    land(store, RAW_DOCUMENTS, NOW)
    judged = by_label(store)
    assert judged["filings"].state is State.EMPTY and judged["filings"].is_stale
    assert judged["filings"].newest is None and judged["filings"].age is None
    assert judged["filings"].message == "no filings landed yet (max 2 d)"


def test_a_store_with_no_folder_at_all_is_empty(tmp_path):
    judged = by_label(RawStore(tmp_path / "nothing"))
    assert {s.state for s in judged.values()} == {State.EMPTY}


def test_the_offline_sample_is_exempt_however_old(store):
    sample = load_sources(REPO_ROOT / "sources" / "default.yml")
    assert sample.is_offline
    land(store, RAW_DOCUMENTS, NOW - timedelta(days=400))
    judged = by_label(store, sample)
    assert {s.state for s in judged.values()} == {State.EXEMPT}
    assert {s.message for s in judged.values()} == {EXEMPT_OFFLINE}
    assert not any(s.is_stale for s in judged.values())
    # The age is still told, for whoever reads the status.
    assert judged["news"].age == timedelta(days=400)
    assert judged["filings"].newest is None


def test_a_kind_of_source_the_file_does_not_list_is_not_judged(store):
    news_only = SourcesConfig(name="news_only", path=Path("n.yml"), feeds=LIVE.feeds)
    land(store, RAW_DOCUMENTS, NOW - timedelta(minutes=1))
    judged = by_label(store, news_only)
    assert judged["news"].state is State.FRESH
    assert judged["filings"].state is State.NOT_LISTED and not judged["filings"].is_stale
    assert judged["FX rates"].message == "not judged: news_only lists no FX rates"


def test_rows_from_a_clock_ahead_of_ours_are_not_negative_age(store):
    land(store, RAW_DOCUMENTS, NOW + timedelta(minutes=10))
    assert by_label(store)["news"].age == timedelta(0)


def test_now_must_carry_a_timezone(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        staleness(store, LIVE, datetime(2026, 3, 10, 12, 0))


def test_newest_accepts_only_the_table_columns(store):
    land(store, RAW_FX_RATES, NOW)
    assert store.newest(RAW_FX_RATES, "fetched_at") == NOW
    for hostile in ("fetched_at\") FROM read_csv('/etc/passwd') --", "no_such_column"):
        with pytest.raises(ValueError, match="has no column"):
            store.newest(RAW_FX_RATES, hostile)


def test_newest_reads_a_date_column_too(store):
    store.append(
        RAW_FX_RATES,
        [{"rate_id": "a", "rate_date": date(2026, 3, 9), "fetched_at": NOW}],
        "live",
        NOW.date(),
    )
    assert store.newest(RAW_FX_RATES, "rate_date") == date(2026, 3, 9)


def test_one_rule_per_raw_table_with_its_limit():
    assert {(r.table.name, r.max_age) for r in FRESHNESS_RULES} == {
        ("raw_documents", timedelta(hours=2)),
        ("raw_sec_facts", timedelta(days=2)),
        ("raw_fx_rates", timedelta(days=2)),
    }


@pytest.mark.parametrize(
    ("age", "text"),
    [
        (timedelta(minutes=45, seconds=59), "45 min"),
        (timedelta(hours=3, minutes=5), "3 h 05 min"),
        (timedelta(hours=2), "2 h"),
        (timedelta(days=2, hours=4), "2 d 04 h"),
        (timedelta(days=2), "2 d"),
    ],
)
def test_format_age(age, text):
    assert format_age(age) == text
