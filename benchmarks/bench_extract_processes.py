"""Extraction throughput with one and with two worker processes, on the same landed documents
(target: two processes at least 1.7 times as fast as one).

Each setting runs `--rounds` times, alternating, and its best round counts: on a shared machine a
neighbour's burst slows one round, never speeds one up."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.results import machine, record
from benchmarks.synthetic_corpus import SyntheticCorpus, write_warcs
from ingest.extract.documents import extract_documents
from ingest.land.rawstore import RAW_EXTRACTED_FACTS, RawStore
from ingest.sources.archive.collect import collect_archives
from ingest.sources.config import load_sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
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
        best: dict[int, float] = {}
        documents: dict[int, int] = {}
        facts: dict[int, int] = {}
        for round_number in range(args.rounds):
            for processes in (1, 2):
                copy = folder / f"raw-{processes}-{round_number}"
                shutil.copytree(landed.root, copy)
                store = RawStore(copy)
                start = time.perf_counter()
                report = extract_documents(store, processes=processes)
                elapsed = time.perf_counter() - start
                best[processes] = min(elapsed, best.get(processes, elapsed))
                documents[processes] = report.attempted
                facts[processes] = store.count(RAW_EXTRACTED_FACTS)
                shutil.rmtree(copy)
        rates = {processes: documents[processes] / best[processes] for processes in best}
        lines = [
            f"{processes} process{'es' if processes > 1 else ''}: {documents[processes]} "
            f"documents in {best[processes]:.1f} s = {rates[processes]:.1f} documents/s "
            f"({facts[processes]} facts; best of {args.rounds} rounds)"
            for processes in (1, 2)
        ]
    lines.append(f"speed-up with 2 processes: {rates[2] / rates[1]:.2f}x (target >= 1.7x)")
    record("Extraction: one and two processes", lines, started)


if __name__ == "__main__":
    main()
