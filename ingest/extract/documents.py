"""The extraction step: every landed document the extractor has not read at its version,
read in batches (in worker processes when asked) and its facts landed in raw_extracted_facts.

It imports the extractor and `ingest.land`, never `ingest.http` or `ingest.sources`: extraction
never imports fetching.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from datetime import UTC, datetime

from ingest import progress
from ingest.extract import EXTRACTOR_VERSION, extract_facts
from ingest.extract.batch import extract_batch
from ingest.land.batches import Batching, BatchLanding, StepReport
from ingest.land.rawstore import RAW_EXTRACTED_FACTS, RawStore


def _extraction_context() -> multiprocessing.context.BaseContext:
    """Worker processes forked from a fork server that has imported only the extractor.

    Not a plain fork: the parent holds DuckDB and HTTP threads a fork would copy mid-flight. Not
    spawn either: each spawned worker re-imports the parent's main module (the CLI, Dagster or a
    benchmark) and the whole ingest stack, seconds of start-up that ate a second process's gain.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([extract_batch.__module__])
    return context


def extract_documents(
    store: RawStore,
    extractor: Callable = extract_facts,
    processes: int = 1,
    batch_documents: int = 200,
) -> StepReport:
    """Run the extractor over every document it has not read at this version.

    The unread documents are found by their keys alone and their texts streamed in batches, so
    memory stays flat as the corpus grows; each batch's facts land as their own part file, and
    with `processes` > 1 batches run in that many worker processes."""
    report = StepReport()
    now = datetime.now(UTC)
    landing = BatchLanding(
        store, RAW_EXTRACTED_FACTS, "extractor", Batching(documents=5 * batch_documents)
    )
    with store.unextracted_documents(EXTRACTOR_VERSION, batch_documents) as (
        total,
        pending,
        batches,
    ):
        report.skipped_known = total - pending
        progress.report("documents extracted", 0, pending)

        def landed(result: tuple[list[dict], list[str]], size: int) -> None:
            rows, failures = result
            report.attempted += size
            report.failed += len(failures)
            report.errors.extend(failures)
            for row in rows:
                landing.add(row, 0)
            progress.report("documents extracted", report.attempted, pending)

        if processes <= 1:
            for batch in batches:
                landed(extract_batch(batch, now, extractor), len(batch))
        else:
            with ProcessPoolExecutor(processes, mp_context=_extraction_context()) as pool:
                in_flight: dict[Future, int] = {}
                for batch in batches:
                    in_flight[pool.submit(extract_batch, batch, now, extractor)] = len(batch)
                    if len(in_flight) >= 2 * processes:
                        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                        for future in done:
                            landed(future.result(), in_flight.pop(future))
                for future in as_completed(list(in_flight)):
                    landed(future.result(), in_flight.pop(future))
    landing.flush()
    report.landed = landing.landed
    return report
