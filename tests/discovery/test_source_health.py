"""Source health: each feed's, query's and issuer's tallies and facts over the last week, a
source quiet for a week as a warning in `infratrack status` and in the news asset's check."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from ingest.land.keys import stable_id
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RawStore
from ingest.sources.config import SourcesConfig
from ingest.sources.discovery.health import SourceState, source_health
from ingest.sources.discovery.runs import SourceTally, land_tallies
from ingest.warehouse.files import data_paths
from orchestration.dagster_home import prepare_dagster_home
from orchestration.defs.resources import InfratrackSettings
from orchestration.defs.source_health import sources_yield_facts
from orchestration.status import collect_status, render

NOW = datetime(2025, 7, 20, 12, 0, tzinfo=UTC)
FEED = "https://feeds.example/dc.xml"
QUIET_FEED = "https://feeds.example/phones.xml"
QUERY = "https://api.gdeltproject.org/api/v2/doc/doc?query=capex+sourcelang%3Aenglish"


def live(path: Path) -> SourcesConfig:
    return SourcesConfig(name="live", path=path, feeds=[FEED, QUIET_FEED])


def tally(kind: str, source: str, days_ago: float, **counts: int) -> SourceTally:
    return SourceTally(kind, source, NOW - timedelta(days=days_ago), **counts)  # type: ignore[arg-type]


def document(url: str, lineage: str | None, days_ago: float, **extra: object) -> dict:
    fetched = NOW - timedelta(days=days_ago)
    return {
        "document_id": stable_id(url),
        "feed_url": lineage,
        "url": url,
        "fetched_at": fetched,
        "fetch_date": fetched.date(),
        "source_type": "news",
    } | extra


def fact(document_id: str, n: int) -> dict:
    return {"fact_id": stable_id(document_id, n), "document_id": document_id}


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    store = RawStore(tmp_path / "raw")
    land_tallies(
        store,
        "live",
        [
            tally("feed", FEED, 9, found=10, fetched=8, relevant=6),
            tally("feed", FEED, 1, found=4, fetched=3, relevant=2),
            tally("feed", QUIET_FEED, 10, found=20, fetched=20, relevant=1),
            tally("feed", QUIET_FEED, 0.5, found=5, fetched=5, relevant=0),
            tally("query", QUERY, 2, found=7, fetched=3, relevant=3),
            tally("issuer", "Meta", 1, found=1, fetched=1, relevant=1),
        ],
    )
    documents = [
        document("https://a.example/1", FEED, 1),
        document("https://a.example/old", FEED, 9),
        document("https://p.example/1", QUIET_FEED, 9),
        document(
            "https://ir.example/8k", None, 1, source_type="press_release", subject_entity="Meta"
        ),
    ]
    store.append(RAW_DOCUMENTS, documents, "live", date(2025, 7, 19))
    facts = [fact(stable_id("https://a.example/1"), n) for n in range(3)]
    facts += [
        fact(stable_id("https://a.example/old"), 0),
        fact(stable_id("https://p.example/1"), 0),
    ]
    facts += [fact(stable_id("https://ir.example/8k"), n) for n in range(2)]
    store.append(RAW_EXTRACTED_FACTS, facts, "extractor", date(2025, 7, 19))
    return store


def test_each_source_is_tallied_over_the_last_week(store, tmp_path):
    health = {(h.kind, h.source): h for h in source_health(store, live(tmp_path), NOW)}
    feed = health[("feed", FEED)]
    # Only the run and the page of the last 7 days count; the last fact page is the newest.
    assert (feed.found, feed.fetched, feed.relevant, feed.facts) == (4, 3, 2, 3)
    assert feed.state is SourceState.YIELDING
    assert feed.last_success == NOW - timedelta(days=1)
    quiet = health[("feed", QUIET_FEED)]
    assert quiet.state is SourceState.QUIET and quiet.facts == 0
    assert quiet.last_fact_page_at == NOW - timedelta(days=9)
    assert quiet.warning.endswith("yielded no facts since 2025-07-11 (quiet for over 7 days)")
    # First read two days ago with nothing yet: too new to judge.
    assert health[("query", QUERY)].state is SourceState.NEW
    issuer = health[("issuer", "Meta")]
    assert (issuer.facts, issuer.state) == (2, SourceState.YIELDING)


def test_the_offline_sample_is_never_quiet(store, tmp_path):
    offline = SourcesConfig(name="sample", path=tmp_path, feeds=["file:///feed.xml"])
    assert {h.state for h in source_health(store, offline, NOW)} == {SourceState.EXEMPT}


def test_a_source_not_read_for_a_week_is_not_listed(store, tmp_path):
    later = source_health(store, live(tmp_path), NOW + timedelta(days=6))
    assert ("query", QUERY) not in {(h.kind, h.source) for h in later}


def test_status_shows_the_sources_and_warns_about_a_quiet_one(store, tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    paths = data_paths()
    paths.raw.parent.mkdir(parents=True, exist_ok=True)
    store.root.rename(paths.raw)
    home = prepare_dagster_home()
    report = collect_status(paths, live(tmp_path), home, now=NOW)
    assert report.warnings == [
        f"feed {QUIET_FEED} yielded no facts since 2025-07-11 (quiet for over 7 days)"
    ]
    assert report.to_dict()["sources_7d"][0]["kind"] == "feed"
    report.refreshed = True
    text = render(report, 200)
    assert "sources in the last 7 days" in text and f"warning: feed {QUIET_FEED}" in text
    # A quiet source is worth a look, not a failure of the data folder.
    assert not any("quiet" in problem for problem in report.problems)


def test_the_asset_check_warns_about_a_quiet_source(store, tmp_path, monkeypatch):
    sources_file = tmp_path / "live.yml"
    sources_file.write_text(f"name: live\nnews:\n  feeds: [{FEED}, {QUIET_FEED}]\n")
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    data_paths().raw.parent.mkdir(parents=True, exist_ok=True)
    store.root.rename(data_paths().raw)
    monkeypatch.setattr("orchestration.defs.source_health.datetime", _FrozenClock)
    result = sources_yield_facts(settings=InfratrackSettings(sources_file=str(sources_file)))
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["quiet_sources"].value == QUIET_FEED


class _FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return NOW
