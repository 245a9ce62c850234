"""Pages per second the synthetic corpus server delivers: 2,000 articles on 50 loopback hosts,
fetched once each by 16 threads with httpx. The server runs in this process, as it does under the
refresh benchmarks; the client runs in a child process so the two do not share one GIL.
Target: more than 500 pages/s on 2 cores, so the server is never what a refresh benchmark
measures."""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic_corpus import CorpusServer, SyntheticCorpus  # noqa: E402

TARGET_PAGES_PER_SECOND = 500


def fetch_all(urls: list[str], threads: int) -> tuple[int, int, float, float]:
    """Fetch every URL once; returns (pages with status 200, bytes, seconds, CPU seconds of this
    process)."""
    import httpx

    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    with httpx.Client(limits=limits, timeout=30) as client:

        def fetch(url: str) -> int:
            response = client.get(url)
            return len(response.content) if response.status_code == 200 else -1

        started, cpu_started = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(threads) as pool:
            sizes = list(pool.map(fetch, urls))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return sum(size >= 0 for size in sizes), sum(max(size, 0) for size in sizes), elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    corpus = SyntheticCorpus(args.articles, args.days, date(2025, 1, 1), args.hosts)
    with CorpusServer(corpus) as server:
        urls = [
            f"{server.base_url(corpus.host_of(i))}{corpus.path_of(i)}" for i in range(len(corpus))
        ]
        with multiprocessing.get_context("spawn").Pool(1) as client:
            client.apply(abs, (0,))  # the child has started and imported what it needs
            server_cpu_started = time.process_time()
            ok, size, elapsed, client_cpu = client.apply(fetch_all, (urls, args.threads))
            server_cpu = time.process_time() - server_cpu_started
        fetched_twice = sum(count > 1 for count in server.requests.values())
    rate = ok / elapsed
    verdict = "above" if rate > TARGET_PAGES_PER_SECOND else "BELOW"
    print(
        f"corpus server: {ok}/{len(urls)} pages from {args.hosts} hosts with {args.threads} "
        f"threads in {elapsed:.2f} s: {rate:.0f} pages/s, {size / elapsed / 1e6:.1f} MB/s "
        f"({verdict} the {TARGET_PAGES_PER_SECOND} pages/s target); "
        f"{fetched_twice} URLs requested more than once"
    )
    # On a shared machine the end-to-end rate is whatever CPU the client gets; the server's own
    # cost per page says what it could serve if it had a core to itself.
    print(
        f"  server CPU {server_cpu * 1000 / ok:.2f} ms/page (about {ok / server_cpu:.0f} pages per "
        f"CPU-second); client CPU {client_cpu * 1000 / ok:.2f} ms/page"
    )


if __name__ == "__main__":
    main()
