"""dbt build times on a synthetic raw layer of many documents: a first build, an incremental
build after 1% more documents (and their facts) land, and a --full-refresh of the same raw layer.

    .venv/bin/python benchmarks/bench_incremental.py [--documents 100000] [--new-share 0.01]

The corpus is invented here (random words, random fingerprints, a share of them near-copies of
an earlier one, a few facts per document about the seeded companies); no page text is used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.land.keys import stable_id  # noqa: E402
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_EXTRACTED_FACTS, RawStore  # noqa: E402
from ingest.warehouse.files import DataPaths, ensure_warehouse  # noqa: E402

DBT_DIR = ROOT / "dbt_project"
ENTITIES = ["Microsoft", "Alphabet", "Amazon", "Meta", "Oracle", "Alibaba", "Baidu", "Tencent"]
WORDS = [f"w{n}" for n in range(2000)]
BATCH = 1000
COPY_SHARE = 0.05


def synthetic_documents(rng: random.Random, first: int, count: int, earlier: list[int]) -> list:
    rows = []
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(first, first + count):
        url = f"https://news.example/{n}.html"
        text = " ".join(rng.choices(WORDS, k=250))
        if earlier and rng.random() < COPY_SHARE:
            simhash = rng.choice(earlier)
            for bit in rng.sample(range(64), rng.randint(1, 8)):
                simhash ^= 1 << bit
        else:
            simhash = rng.getrandbits(64)
        earlier.append(simhash)
        fetched = start + timedelta(minutes=7 * n)
        rows.append(
            {
                "document_id": stable_id(url, n),
                "source_name": "synthetic",
                "feed_url": None,
                "url": url,
                "final_url": url,
                "fetched_at": fetched,
                "fetch_date": fetched.date(),
                "http_status": 200,
                "content_sha256": stable_id(n),
                "encoding": "utf-8",
                "title": f"Synthetic page {n}",
                "published_on": fetched.date(),
                "language": "en",
                "main_text": text,
                "text_simhash64": simhash - ((simhash >> 63) << 64),  # signed, as BIGINT
                "html": "",
            }
        )
    return rows


def synthetic_facts(rng: random.Random, documents: list) -> list:
    rows = []
    for doc in documents:
        for ordinal in range(3):
            metric = rng.choice(["capex", "revenue", "compute", "power"])
            unit = {"capex": "USD", "revenue": "USD", "compute": "EFLOPS", "power": "MW"}[metric]
            rows.append(
                {
                    "fact_id": stable_id(doc["document_id"], "bench", ordinal),
                    "document_id": doc["document_id"],
                    "extractor_version": "bench",
                    "ordinal": ordinal,
                    "entity": rng.choice(ENTITIES),
                    "metric": metric,
                    "value": rng.choice([10, 20, 25, 40, 75, 80]) * 1e9,
                    "unit": unit,
                    "bound": rng.choice(["exact", "approx"]),
                    "period": str(rng.choice([2024, 2025, 2026])),
                    "kind": rng.choice(["actual", "plan"]),
                    "yoy": None,
                    "segment": None,
                    "precision": None,
                    "evidence": "synthetic evidence",
                    "char_start": 0,
                    "char_end": 10,
                    "confidence": rng.random(),
                    "entity_type": "company",
                    "extracted_at": doc["fetched_at"],
                    "fetch_date": doc["fetch_date"],
                }
            )
    return rows


def land(store: RawStore, rng: random.Random, first: int, count: int, earlier: list[int]) -> None:
    for batch in range(first, first + count, BATCH):
        size = min(BATCH, first + count - batch)
        documents = synthetic_documents(rng, batch, size, earlier)
        day = documents[0]["fetch_date"]
        store.append(RAW_DOCUMENTS, documents, "synthetic", day)
        store.append(RAW_EXTRACTED_FACTS, synthetic_facts(rng, documents), "extractor", day)


def dbt_build(env: dict[str, str], target: Path, *extra: str) -> tuple[float, dict[str, float]]:
    """Seconds of one `dbt build` and its five slowest nodes. Its own target folder: the
    project's manifest (read by Dagster) stays as `make` parsed it."""
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "build",
            "--quiet",
            "--profiles-dir",
            ".",
            "--target-path",
            str(target),
            *extra,
        ],
        cwd=DBT_DIR,
        env=env,
        check=True,
    )
    elapsed = time.perf_counter() - start
    results = json.loads((target / "run_results.json").read_text())
    slowest = sorted(
        ((r["unique_id"].split(".")[-1], r["execution_time"]) for r in results["results"]),
        key=lambda item: -item[1],
    )[:5]
    return elapsed, dict(slowest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--new-share", type=float, default=0.01)
    args = parser.parse_args()
    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, INFRATRACK_DATA_DIR=folder)
        paths = DataPaths(Path(folder))
        ensure_warehouse(paths.warehouse)
        store = RawStore(paths.raw)
        store.ensure_tables()
        earlier: list[int] = []
        land(store, rng, 0, args.documents, earlier)
        target = Path(folder) / "dbt_target"
        first, first_slowest = dbt_build(env, target)
        added = max(1, int(args.documents * args.new_share))
        land(store, rng, args.documents, added, earlier)
        incremental, incremental_slowest = dbt_build(env, target)
        warehouse_mb = paths.warehouse.stat().st_size / 1e6
        full, full_slowest = dbt_build(env, target, "--full-refresh")
    print(f"dbt build on {args.documents} synthetic documents ({date.today()}):")
    print(f"  first build {first:.1f} s; slowest: {first_slowest}")
    print(
        f"  incremental, {added} new documents: {incremental:.1f} s; slowest: {incremental_slowest}"
    )
    print(f"  --full-refresh of the same raw layer: {full:.1f} s; slowest: {full_slowest}")
    print(f"  warehouse file after the incremental build: {warehouse_mb:.0f} MB")


if __name__ == "__main__":
    main()
