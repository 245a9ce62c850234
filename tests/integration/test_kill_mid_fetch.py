"""A refresh killed with SIGKILL in the middle of fetching keeps every batch it finished, and the
next refresh fetches only the pages that did not land, duplicating nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RawStore
from tests.fetch.loopback import LoopbackServer
from tests.fetch.test_fetch import ARTICLE_ZH
from tests.refreshes import INFRATRACK, refresh_env

pytestmark = pytest.mark.integration

PAGES = 24
BATCH = 4


def _serve_slowly(server: LoopbackServer, requests: Counter, lock: threading.Lock) -> None:
    links = "".join(
        f"<item><title>Data center capex, part {n}</title><link>{server.url(f'/p{n}.html')}</link></item>"
        for n in range(PAGES)
    )
    server.route(
        "/feed.xml",
        body=f"<?xml version='1.0'?><rss version='2.0'><channel>{links}</channel></rss>".encode(),
    )

    def page(number: int):
        def answer(_handler: BaseHTTPRequestHandler):
            with lock:
                requests[number] += 1
            time.sleep(0.25)
            return (
                200,
                {"Content-Type": "text/html; charset=gbk"},
                ARTICLE_ZH + f"<!--{number}-->".encode(),
            )

        return answer

    for number in range(PAGES):
        server.routes[f"/p{number}.html"] = page(number)


def _landed_urls(store: RawStore) -> list[str]:
    return store.read(RAW_DOCUMENTS, ["url"])["url"].tolist()


def test_killed_refresh_keeps_finished_batches_and_the_next_fetches_only_the_rest(tmp_path):
    requests: Counter = Counter()
    lock = threading.Lock()
    data_dir = tmp_path / "data"
    with LoopbackServer() as server:
        _serve_slowly(server, requests, lock)
        sources = tmp_path / "sources.yml"
        sources.write_text(
            f"name: slow\nnews:\n  feeds: ['{server.url('/feed.xml')}']\n"
            f"landing: {{batch_documents: {BATCH}}}\n"
            "politeness: {delay_per_host_seconds: 0, max_retries: 0, max_concurrency: 2,"
            " allow_private_hosts: ['127.0.0.1'], respect_robots: false}\n"
        )
        store = RawStore(data_dir / "raw")
        # Landing alone: what follows fetching (extraction, dbt) has its own crash tests.
        refresh_news = [INFRATRACK, "refresh", "--quiet", "--sources", str(sources)]
        refresh_news += ["--job", "refresh_news", "--land-only"]
        process = subprocess.Popen(
            refresh_news,
            env=refresh_env(data_dir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 300
            while len(list(store.table_dir(RAW_DOCUMENTS).rglob("part-*.parquet"))) < 2:
                assert process.poll() is None, "the refresh ended before it was killed"
                assert time.monotonic() < deadline, "no two batches landed within 300 s"
                time.sleep(0.05)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        kept = _landed_urls(store)
        with lock:
            asked_before = sum(requests.values())
        assert len(kept) % BATCH == 0 and BATCH * 2 <= len(kept) < PAGES
        assert asked_before < PAGES, "the kill came after every page was fetched"

        finished = subprocess.run(
            refresh_news,
            env=refresh_env(data_dir),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert finished.returncode == 0, finished.stderr[-2000:]

    landed = _landed_urls(store)
    # --land-only stopped at the raw layer: nothing extracted, no warehouse built.
    assert store.count(RAW_EXTRACTED_FACTS) == 0
    assert not (data_dir / "warehouse" / "infratrack.duckdb").exists()
    assert sorted(landed) == sorted({server.url(f"/p{n}.html") for n in range(PAGES)})
    assert store.read(RAW_DOCUMENTS, ["document_id"])["document_id"].is_unique
    kept_numbers = {int(Path(url).stem[1:]) for url in kept}
    assert all(requests[number] == 1 for number in kept_numbers)
    assert sum(requests.values()) == asked_before + (PAGES - len(kept))
