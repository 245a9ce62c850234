"""Extraction throughput with one and with two worker processes, on the same landed documents
(target: two processes at least 1.7 times as fast as one)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.results import machine, record
from benchmarks.synthetic_corpus import SyntheticCorpus, write_warcs
from ingest.collect import collect_archives, extract_documents
from ingest.config import load_sources
from ingest.rawstore import RAW_EXTRACTED_FACTS, RawStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    started = machine()
    corpus = SyntheticCorpus(articles=args.articles, days=1, start=date(2025, 1, 1), hosts=20)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        write_warcs(corpus, folder / "warc")
        sources = folder / "sources.yml"
        sources.write_text("name: bench\narchives:\n  warc: ['warc/*.warc.gz']\n")
        landed = RawStore(folder / "landed")
        collect_archives(load_sources(sources), landed, corpus.days()[0])
        rates: dict[int, float] = {}
        lines: list[str] = []
        for processes in (1, 2):
            copy = folder / f"raw-{processes}"
            shutil.copytree(landed.root, copy)
            store = RawStore(copy)
            start = time.perf_counter()
            report = extract_documents(store, processes=processes)
            elapsed = time.perf_counter() - start
            rates[processes] = report.attempted / elapsed
            facts = store.count(RAW_EXTRACTED_FACTS)
            lines.append(
                f"{processes} process{'es' if processes > 1 else ''}: {report.attempted} "
                f"documents in {elapsed:.1f} s = {rates[processes]:.1f} documents/s "
                f"({facts} facts)"
            )
    lines.append(f"speed-up with 2 processes: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
    record("Extraction: one and two processes", lines, started)


if __name__ == "__main__":
    main()
