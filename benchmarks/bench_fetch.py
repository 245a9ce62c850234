"""Pages per second end to end (fetch, parse, land) from many loopback hosts, with one fetch at a
time and with eight, each host at its politeness delay and the server answering after a latency,
as a distant site does."""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.results import machine, record
from benchmarks.synthetic_corpus import CorpusServer, SyntheticCorpus, write_sources_file
from ingest.http.fetcher import Fetcher
from ingest.land.rawstore import RawStore
from ingest.sources.config import load_sources
from ingest.sources.news.collect import collect_news


def pages_per_second(server: CorpusServer, concurrency: int, delay: float, folder: Path) -> str:
    sources = write_sources_file(
        folder / f"sources-{concurrency}.yml",
        server,
        delay_per_host_seconds=delay,
        max_concurrency=concurrency,
    )
    config = load_sources(sources)
    store = RawStore(folder / f"raw-{concurrency}")
    start = time.perf_counter()
    with Fetcher(config.politeness, config.mirrors) as fetcher:
        report = collect_news(config, fetcher, store)
    elapsed = time.perf_counter() - start
    return (
        f"concurrency {concurrency}: {report.landed} pages landed in {elapsed:.1f} s = "
        f"{report.landed / elapsed:.1f} pages/s ({report.failed} failed)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--hosts", type=int, default=30)
    parser.add_argument("--delay", type=float, default=0.5, help="per-host delay, seconds")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency, seconds")
    args = parser.parse_args()
    started = machine()
    corpus = SyntheticCorpus(
        articles=args.articles, days=1, start=date(2025, 1, 1), hosts=args.hosts
    )
    lines = [
        f"{args.articles} articles on {args.hosts} hosts, per-host delay {args.delay:g} s, "
        f"server latency {args.latency:g} s"
    ]
    with tempfile.TemporaryDirectory() as name, CorpusServer(corpus, args.latency) as server:
        for concurrency in (1, 8):
            lines.append(pages_per_second(server, concurrency, args.delay, Path(name)))
    record("Fetching: pages per second, concurrency 1 and 8", lines, started)


if __name__ == "__main__":
    main()
