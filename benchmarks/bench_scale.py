"""A full refresh of N synthetic articles from news-crawl archives, then an incremental one that
adds 1 % more, each through `infratrack backfill` (land, extract, dbt build, publish) in its own
process: wall time and the peak memory of the largest process. Then `dbt build` alone on the
N + 1 % articles, full (`--full-refresh`) and incremental.

The corpus spreads its articles evenly over 101 days: days 1-100 are the full refresh, day 101
(1 % of N) the increment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.measure import run_measured
from benchmarks.results import machine, record
from benchmarks.synthetic_corpus import SyntheticCorpus, write_warcs
from ingest.warehouse.files import DataPaths

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DAYS = 100
START = date(2025, 1, 1)


def timed(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall seconds and the peak resident memory (MB) of the command's largest process."""
    result = run_measured(command, env, cwd)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{result.stderr[-3000:]}")
    return result.seconds, result.peak_mb


def backfill(env: dict[str, str], sources: Path, first: date, last: date) -> tuple[float, float]:
    return timed(
        [
            str(BIN / "infratrack"),
            "backfill",
            *("--from", first.isoformat(), "--to", last.isoformat()),
            *("--sources", str(sources), "--processes", "2", "--quiet"),
        ],
        env,
    )


def dbt_build(env: dict[str, str], *options: str) -> float:
    project = ROOT / "dbt_project"
    elapsed, _ = timed(
        [
            str(BIN / "dbt"),
            "build",
            "--quiet",
            "--project-dir",
            ".",
            "--profiles-dir",
            ".",
            *options,
        ],
        env,
        cwd=project,
    )
    results = json.loads((project / "target" / "run_results.json").read_text())
    failed = [r["unique_id"] for r in results["results"] if r["status"] in {"error", "fail"}]
    if failed:
        raise SystemExit(f"dbt build failed: {failed[:5]}")
    return elapsed


def last_dbt_build_seconds(data_dir: Path) -> float:
    """The elapsed time dbt recorded for the last build a refresh of `data_dir` ran."""
    run_results = DataPaths(data_dir).dbt_target / "run_results.json"
    return float(json.loads(run_results.read_text())["elapsed_time"])


def scale(articles: int) -> list[str]:
    corpus = SyntheticCorpus(
        articles=articles * (DAYS + 1) // DAYS, days=DAYS + 1, start=START, hosts=50
    )
    days = corpus.days()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = dict(
            os.environ,
            INFRATRACK_DATA_DIR=str(folder / "data"),
            DAGSTER_HOME=str(folder / "data" / "dagster_home"),
        )
        sources = folder / "sources.yml"
        sources.write_text("name: bench\narchives:\n  warc: ['warc/*.warc.gz']\n")
        write_warcs(corpus, folder / "warc", days=days[:DAYS])
        full_seconds, full_mb = backfill(env, sources, days[0], days[DAYS - 1])
        write_warcs(corpus, folder / "warc", days=days[DAYS:])
        increment_seconds, increment_mb = backfill(env, sources, days[DAYS], days[DAYS])
        dbt_incremental = last_dbt_build_seconds(folder / "data")
        dbt_full = dbt_build(env, "--full-refresh")
    increment = len(list(corpus.articles_on(days[DAYS])))
    return [
        f"{articles:,} articles, full refresh: {full_seconds:.0f} s, peak memory {full_mb:.0f} MB",
        f"+{increment:,} articles (1 %), incremental refresh: {increment_seconds:.0f} s = "
        f"{increment_seconds / full_seconds:.1%} of the full refresh (target <= 10 %), "
        f"peak memory {increment_mb:.0f} MB",
        f"dbt build at {articles + increment:,} articles: full (--full-refresh) {dbt_full:.0f} s, "
        f"incremental (the 1 % increment) {dbt_incremental:.0f} s",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--articles", type=int, nargs="+", default=[10_000, 100_000], help="corpus sizes"
    )
    args = parser.parse_args()
    started = machine()
    lines: list[str] = []
    for articles in args.articles:
        lines.extend(scale(articles))
        print("\n".join(lines[-3:]), flush=True)
    record("Scale: full and incremental refresh", lines, started)


if __name__ == "__main__":
    main()
