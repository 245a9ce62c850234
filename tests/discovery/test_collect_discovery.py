"""Discovery through the news step: discovered pages land with their query as lineage, the
relevance gates skip off-topic listings before fetching and off-topic pages after parsing (recorded,
never landed, never fetched again), and each query's window moves on with each run."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FETCH_ERRORS, RAW_SOURCE_RUNS, RawStore
from ingest.sources.config import SourcesConfigError, load_sources
from ingest.sources.discovery.gdelt import lineage, recorded_file
from ingest.sources.discovery.settings import DiscoveryQuery
from ingest.sources.discovery.window import INDEX_LAG
from ingest.sources.fetching import fetcher_for
from ingest.sources.news.collect import collect_news

QUERY = DiscoveryQuery("capex", "en")
ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
ON_TOPIC = "https://news.example/dc.html"
OFF_TOPIC_TEXT = "https://news.example/marketing.html"
OFF_TOPIC_TITLE = "https://news.example/football.html"


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{body} Paragraph {n} goes on at some length.</p>" for n in range(6))
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    sites = tmp_path / "sites" / "news.example"
    sites.mkdir(parents=True)
    (sites / "dc.html").write_text(
        page("Data centre boom", "The operator will build a 200 MW data centre for GPUs.")
    )
    (sites / "marketing.html").write_text(
        page("Microsoft names a head of marketing", "She ran campaigns for soft drinks before.")
    )
    recorded = tmp_path / "gdelt"
    recorded.mkdir()
    items = [
        {"url": ON_TOPIC, "title": "Data centre boom", "seendate": "20250716T081500Z"},
        {"url": OFF_TOPIC_TEXT, "title": "Microsoft names a head of marketing"},
        {"url": OFF_TOPIC_TITLE, "title": "Harbour City sign a striker"},
    ]
    recorded_file(recorded, QUERY).write_text(json.dumps({"articles": items}))
    path = tmp_path / "sources.yml"
    path.write_text(
        "name: t\nmirrors:\n  'https://': sites/\n"
        "discovery:\n  recorded: gdelt/\n  window_hours: 6\n"
        "  queries:\n    - {query: capex, language: en}\n"
        "politeness: {delay_per_host_seconds: 0, max_retries: 0}\n"
    )
    return path


def run(path: Path, store: RawStore):
    config = load_sources(path)
    with fetcher_for(config) as fetcher:
        return collect_news(config, fetcher, store)


def test_discovered_pages_land_with_the_query_as_lineage_and_off_topic_ones_are_skipped(
    sources, tmp_path
):
    store = RawStore(tmp_path / "raw")
    report = run(sources, store)
    documents = store.read(RAW_DOCUMENTS)
    assert list(documents["url"]) == [ON_TOPIC]
    assert list(documents["feed_url"]) == [lineage(ENDPOINT, QUERY)]
    skipped = store.read(RAW_FETCH_ERRORS).set_index("url")
    assert set(skipped["stage"]) == {"relevance"}
    assert skipped.loc[OFF_TOPIC_TITLE, "reason"].startswith("before fetch: listing: no AI")
    assert skipped.loc[OFF_TOPIC_TEXT, "reason"].startswith("after parse: no AI-infrastructure")
    assert (report.attempted, report.failed, report.skipped_filtered) == (2, 0, 2)
    (tally,) = store.read(RAW_SOURCE_RUNS).to_dict("records")
    assert tally["source_ref"] == lineage(ENDPOINT, QUERY)
    counts = ("found", "skipped_before_fetch", "fetched", "relevant", "succeeded")
    assert tuple(tally[c] for c in counts) == (3, 1, 2, 1, True)
    assert tally["window_end"] - tally["window_start"] == timedelta(hours=6)

    again = run(sources, store)
    assert (again.attempted, again.landed, again.skipped_known) == (0, 0, 3)
    runs = store.read(RAW_SOURCE_RUNS).sort_values("started_at").to_dict("records")
    assert runs[1]["window_start"] == runs[0]["window_end"] - INDEX_LAG


def test_a_query_the_index_cannot_answer_fails_its_tally_and_keeps_the_window(sources, tmp_path):
    for answer in (tmp_path / "gdelt").iterdir():
        answer.write_text("Your search contained a phrase that was too short.")
    store = RawStore(tmp_path / "raw")
    report = run(sources, store)
    assert report.failed == 1 and "answered with text" in report.errors[0]
    (tally,) = store.read(RAW_SOURCE_RUNS).to_dict("records")
    assert not tally["succeeded"] and "answered with text" in tally["error"]
    run(sources, store)
    _, second = store.read(RAW_SOURCE_RUNS).sort_values("started_at").to_dict("records")
    # Nothing was answered, so the second run looks back the whole window again.
    assert second["window_end"] - second["window_start"] == timedelta(hours=6)


def test_feed_items_with_off_topic_titles_are_not_fetched(tmp_path):
    feeds = tmp_path / "sites" / "feeds.example"
    feeds.mkdir(parents=True)
    (feeds / "f.xml").write_text(
        "<rss><channel>"
        "<item><title>Recipe: a summer salad</title><link>https://news.example/salad</link></item>"
        "<item><link>https://news.example/untitled</link></item>"
        "</channel></rss>"
    )
    path = tmp_path / "s.yml"
    path.write_text(
        "mirrors:\n  'https://': sites/\nnews:\n  feeds: [https://feeds.example/f.xml]\n"
        "politeness: {delay_per_host_seconds: 0, max_retries: 0}\n"
    )
    store = RawStore(tmp_path / "raw")
    report = run(path, store)
    errors = store.read(RAW_FETCH_ERRORS).set_index("url")
    assert errors.loc["https://news.example/salad", "stage"] == "relevance"
    # An item with no title cannot be judged before fetching: it is fetched (a 404 here).
    assert errors.loc["https://news.example/untitled", "stage"] == "fetch"
    assert report.attempted == 1


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("discovery:\n  queries: []\n", ":3: discovery.queries: List should have at least 1 item"),
        (
            "discovery:\n  queries:\n    - {query: capex, language: fr}\n",
            ":4: discovery.queries.0.language: Input should be 'en' or 'zh'",
        ),
        (
            'discovery:\n  queries:\n    - {query: "a\\nb", language: en}\n',
            ":4: discovery.queries.0.query: a query may not hold control characters",
        ),
        (
            "discovery:\n  max_records: 1000\n  queries:\n    - {query: capex, language: en}\n",
            ":3: discovery.max_records: Input should be less than or equal to 250",
        ),
        (
            "discovery:\n  window_hours: 100000\n  queries:\n    - {query: capex, language: en}\n",
            ":3: discovery.window_hours: Input should be less than or equal to 2160",
        ),
        (
            "discovery:\n  endpoint: gopher://x\n  queries:\n    - {query: capex, language: en}\n",
            ":3: discovery.endpoint: URL scheme 'gopher' is not allowed",
        ),
        (
            "discovery:\n  sort: relevance\n  queries:\n    - {query: capex, language: en}\n",
            ":3: discovery.sort: unknown key",
        ),
        (
            "discovery:\n  queries:\n    - {query: capex}\n",
            ":4: discovery.queries.0.language: Field required",
        ),
    ],
)
def test_a_bad_discovery_block_names_the_key_and_line(tmp_path, block, message):
    path = tmp_path / "s.yml"
    path.write_text("name: t\n" + block)
    with pytest.raises(SourcesConfigError) as raised:
        load_sources(path)
    assert message in str(raised.value)


def test_the_sample_and_live_sources_files_carry_discovery():
    root = Path(__file__).resolve().parents[2] / "sources"
    sample = load_sources(root / "default.yml")
    assert sample.discovery is not None and sample.is_offline
    assert {q.language for q in sample.discovery.queries} == {"en", "zh"}
    for query in sample.discovery.queries:
        assert sample.discovery.recorded is not None
        assert recorded_file(sample.discovery.recorded, query).is_file()
    live = load_sources(root / "live.yml")
    assert live.discovery is not None and live.discovery.endpoint == ENDPOINT
    assert not live.is_offline
