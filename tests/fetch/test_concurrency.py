"""Many hosts at once, each at its own pace; pages landing in batches; extraction in processes."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler

from ingest.extract.documents import extract_documents
from ingest.http.fetcher import Fetcher, FetchError, FetchResult, interleave_by_host
from ingest.http.politeness import Politeness
from ingest.land.batches import Batching
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RawStore
from ingest.sources.config import load_sources
from ingest.sources.news.collect import collect_news
from tests.fetch.loopback import LOOPBACK_HOSTS, LoopbackServer
from tests.fetch.test_fetch import ARTICLE_ZH


class _Tracker:
    """Start times per server and the most requests in flight at once, over all servers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.starts: dict[str, list[float]] = defaultdict(list)
        self.in_flight = 0
        self.most_in_flight = 0

    def route(self, server: LoopbackServer, path: str, seconds: float, body: bytes) -> None:
        def answer(_handler: BaseHTTPRequestHandler):
            with self.lock:
                self.starts[server.base_url].append(time.monotonic())
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
            time.sleep(seconds)
            with self.lock:
                self.in_flight -= 1
            return 200, {"Content-Type": "text/html; charset=gbk"}, body

        server.routes[path] = answer


def _fetch_from_hosts(
    tracker: _Tracker, hosts: int, seconds: float, delay: float, concurrency: int
) -> list[tuple[str, FetchResult | FetchError]]:
    """Three pages on each of `hosts` loopback servers, each answering after `seconds`, fetched
    at `concurrency` with `delay` between two requests to one host."""
    with contextlib.ExitStack() as stack:
        servers = [stack.enter_context(LoopbackServer()) for _ in range(hosts)]
        urls = []
        for server in servers:
            for page in range(3):
                tracker.route(server, f"/p{page}.html", seconds, b"page")
                urls.append((server.url(f"/p{page}.html"), True))
        politeness = Politeness(
            delay_per_host_seconds=delay,
            max_concurrency=concurrency,
            max_retries=0,
            respect_robots=False,
            allow_private_hosts=LOOPBACK_HOSTS,
        )
        with Fetcher(politeness) as fetcher:
            return list(fetcher.fetch_many(urls))


def test_hosts_are_fetched_at_once_and_each_at_its_delay():
    tracker = _Tracker()
    outcomes = dict(_fetch_from_hosts(tracker, hosts=3, seconds=0.0, delay=1.0, concurrency=8))
    assert all(isinstance(outcome, FetchResult) for outcome in outcomes.values())
    assert len(outcomes) == 9
    for starts in tracker.starts.values():
        gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
        assert len(starts) == 3 and min(gaps) >= 0.95
    # Each host's first page is asked for before any host's second: the hosts ran side by side.
    first_requests = max(starts[0] for starts in tracker.starts.values())
    second_requests = min(starts[1] for starts in tracker.starts.values())
    assert first_requests < second_requests


def test_no_more_than_max_concurrency_fetches_are_in_flight():
    tracker = _Tracker()
    outcomes = _fetch_from_hosts(tracker, hosts=6, seconds=0.2, delay=0.0, concurrency=3)
    assert len(outcomes) == 18
    assert 1 < tracker.most_in_flight <= 3


def test_failures_are_yielded_with_their_url_not_raised():
    with LoopbackServer() as server:
        server.route("/ok.html", body=b"fine")
        server.route("/broken.html", status=500)
        politeness = Politeness(
            max_retries=0, respect_robots=False, allow_private_hosts=LOOPBACK_HOSTS
        )
        with Fetcher(politeness) as fetcher:
            outcomes = dict(
                fetcher.fetch_many(
                    [
                        (server.url("/ok.html"), False),
                        (server.url("/broken.html"), False),
                        ("file:///etc/passwd", False),
                    ]
                )
            )
    assert isinstance(outcomes[server.url("/ok.html")], FetchResult)
    assert isinstance(outcomes[server.url("/broken.html")], FetchError)
    assert outcomes[server.url("/broken.html")].status == 500
    assert isinstance(outcomes["file:///etc/passwd"], FetchError)


def test_interleaving_takes_one_url_per_host_in_turn():
    urls = ["a/1", "a/2", "a/3", "b/1", "c/1", "c/2"]
    ordered = interleave_by_host(urls, lambda url: url.split("/")[0])
    assert ordered == ["a/1", "b/1", "c/1", "a/2", "c/2", "a/3"]


def _feed(urls: list[str]) -> bytes:
    items = "".join(
        f"<item><title>AI data center capex</title><link>{url}</link></item>" for url in urls
    )
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
    ).encode()


def test_pages_land_in_batches_and_extraction_runs_in_processes(tmp_path):
    with LoopbackServer() as server:
        pages = [server.url(f"/a{number}.html") for number in range(7)]
        for number in range(7):
            # Distinct bytes per page: each is its own document.
            server.route(f"/a{number}.html", body=ARTICLE_ZH + f"<!-- {number} -->".encode())
        server.route("/feed.xml", body=_feed(pages))
        sources = tmp_path / "sources.yml"
        sources.write_text(
            f"name: loopback\nnews:\n  feeds: ['{server.url('/feed.xml')}']\n"
            "politeness: {delay_per_host_seconds: 0, max_retries: 0, max_concurrency: 4,"
            " allow_private_hosts: ['127.0.0.1']}\n"
        )
        config = load_sources(sources)
        store = RawStore(tmp_path / "raw")
        with Fetcher(config.politeness) as fetcher:
            report = collect_news(config, fetcher, store, batching=Batching(documents=3))
    assert (report.attempted, report.landed, report.failed) == (7, 7, 0)
    part_files = sorted(store.table_dir(RAW_DOCUMENTS).rglob("part-*.parquet"))
    assert len(part_files) == 3  # 3 + 3 + 1

    extracted = extract_documents(store, processes=2, batch_documents=2)
    assert extracted.attempted == 7 and extracted.failed == 0
    facts = store.read(RAW_EXTRACTED_FACTS)
    assert set(facts["document_id"]) == store.keys(RAW_DOCUMENTS)
    assert facts["fact_id"].is_unique
    in_one_process = RawStore(tmp_path / "raw-copy")
    documents = store.read(RAW_DOCUMENTS)
    in_one_process.append(
        RAW_DOCUMENTS, documents.to_dict("records"), "copy", documents["fetch_date"].iloc[0]
    )
    extract_documents(in_one_process, processes=1)
    single = in_one_process.read(RAW_EXTRACTED_FACTS)
    columns = ["fact_id", "entity", "metric", "value", "period"]
    assert sorted(map(tuple, single[columns].astype(str).values)) == sorted(
        map(tuple, facts[columns].astype(str).values)
    )
    assert extract_documents(store, processes=2).attempted == 0
