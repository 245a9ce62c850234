"""Raw-layer assets: thin wrappers around the collect steps of ingest/sources/ and
the extraction step (ingest/extract/documents.py), each with its quality checks.

News is partitioned by day: a day's partition lands that day's pages of the news-crawl archives
in the sources file and, for today only, the pages its live feeds list. A backfill is many day
partitions, each its own run, in parallel (`infratrack backfill`); re-running one adds nothing.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import dagster as dg

from ingest.extract.documents import extract_documents
from ingest.land.batches import StepReport
from ingest.land.rawstore import (
    RAW_DOCUMENTS,
    RAW_EXTRACTED_FACTS,
    RAW_FX_RATES,
    RAW_SEC_FACTS,
    RawTable,
)
from ingest.sources.archive.collect import collect_archives
from ingest.sources.exchanges.collect import collect_announcements
from ingest.sources.fetching import fetcher_for
from ingest.sources.filings.landing import collect_press_releases
from ingest.sources.fx.collect import collect_fx
from ingest.sources.news.collect import collect_news
from ingest.sources.sec.collect import collect_sec
from orchestration.defs.resources import InfratrackSettings

# Over half the pages of a refresh failing means a source changed shape or blocked us.
MAX_PAGE_FAILURE_RATE = 0.5
RAW_POOL = "raw_store"
NEWS_PARTITIONS = dg.DailyPartitionsDefinition(
    start_date="2015-01-01", timezone="UTC", end_offset=1
)


def today_partition() -> str:
    return datetime.now(UTC).date().isoformat()


class ExtractionConfig(dg.Config):
    processes: int = 1


def _checks(key: dg.AssetKey, failure_rate: bool = False) -> list[dg.AssetCheckSpec]:
    specs = [
        dg.AssetCheckSpec(
            "non_empty", asset=key, description="The raw table holds at least one row."
        ),
        dg.AssetCheckSpec(
            "not_collapsed",
            asset=key,
            description="Raw is append-only: the row count never falls below the previous load's.",
        ),
    ]
    if failure_rate:
        specs.append(
            dg.AssetCheckSpec(
                "fetch_failure_rate",
                asset=key,
                description=f"At most {MAX_PAGE_FAILURE_RATE:.0%} of the pages attempted in a refresh failed.",
            )
        )
    return specs


def _previous_total(context: dg.AssetExecutionContext, key: dg.AssetKey) -> int | None:
    event = context.instance.get_latest_materialization_event(key)
    if event is None or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get("total_rows")
    return int(value.value) if value is not None else None


def _results(
    context: dg.AssetExecutionContext,
    key: dg.AssetKey,
    table: RawTable,
    settings: InfratrackSettings,
    report: StepReport,
    failure_rate: bool = False,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    total = settings.raw_store().count(table)
    previous = _previous_total(context, key)
    for error in report.errors:
        context.log.warning(error)
    yield dg.MaterializeResult(
        asset_key=key,
        metadata={
            "total_rows": dg.MetadataValue.int(total),
            "rows_added": dg.MetadataValue.int(report.landed),
            "attempted": dg.MetadataValue.int(report.attempted),
            "failed": dg.MetadataValue.int(report.failed),
            "skipped_already_landed": dg.MetadataValue.int(report.skipped_known),
            "skipped_filtered": dg.MetadataValue.int(report.skipped_filtered),
        },
    )
    yield dg.AssetCheckResult(
        asset_key=key, check_name="non_empty", passed=total > 0, metadata={"total_rows": total}
    )
    yield dg.AssetCheckResult(
        asset_key=key,
        check_name="not_collapsed",
        passed=previous is None or total >= previous,
        metadata={
            "total_rows": total,
            "previous_total_rows": previous if previous is not None else -1,
        },
    )
    if failure_rate:
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name="fetch_failure_rate",
            passed=report.failure_rate <= MAX_PAGE_FAILURE_RATE,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "failure_rate": round(report.failure_rate, 4),
                "failed": report.failed,
                "attempted": report.attempted,
            },
        )


RAW_DOCUMENTS_KEY = dg.AssetKey(["raw", "raw_documents"])
RAW_EXTRACTED_FACTS_KEY = dg.AssetKey(["raw", "raw_extracted_facts"])
RAW_SEC_FACTS_KEY = dg.AssetKey(["raw", "raw_sec_facts"])
RAW_FX_RATES_KEY = dg.AssetKey(["raw", "raw_fx_rates"])
RAW_FETCH_ERRORS_KEY = dg.AssetKey(["raw", "raw_fetch_errors"])
RAW_FACT_REVIEWS_KEY = dg.AssetKey(["raw", "raw_fact_reviews"])
RAW_ENTITY_MERGES_KEY = dg.AssetKey(["raw", "raw_entity_merges"])
# The assets that fetch sources and land them; everything else is derived from the raw layer.
LANDING_KEYS = frozenset({RAW_DOCUMENTS_KEY, RAW_SEC_FACTS_KEY, RAW_FX_RATES_KEY})


@dg.asset(
    key=RAW_DOCUMENTS_KEY,
    group_name="raw",
    kinds={"python", "parquet"},
    partitions_def=NEWS_PARTITIONS,
    check_specs=_checks(RAW_DOCUMENTS_KEY, failure_rate=True),
    description=(
        "News pages, one partition per day: the news-crawl archives of that day and, for today, "
        "the feeds and article lists of the sources file, the filers' 8-K earnings releases "
        "(exhibit 99.1, as press_release documents) and the issuers' exchange results "
        "announcements (PDF, read page by page); fetched or read, decoded, parsed to main text. "
        "Append-only part files, so partitions land side by side."
    ),
)
def raw_documents(context: dg.AssetExecutionContext, settings: InfratrackSettings):
    day = date.fromisoformat(context.partition_key)
    config = settings.sources()
    store = settings.raw_store()
    report = StepReport()
    if config.warc_patterns:
        report = report.merged(collect_archives(config, store, day))
    # Feeds list what is published now: they can only be read into today's partition.
    if day == datetime.now(UTC).date() and (config.feeds or config.articles or config.discovery):
        with fetcher_for(config) as fetcher:
            report = report.merged(collect_news(config, fetcher, store))
    # Earnings releases are documents too: landed here so this run's extraction reads them.
    if day == datetime.now(UTC).date() and config.submissions:
        report = report.merged(collect_press_releases(config, store))
    # Exchange announcements list what is filed now, like feeds.
    if day == datetime.now(UTC).date() and config.exchanges is not None:
        report = report.merged(collect_announcements(config, store))
    yield from _results(
        context, RAW_DOCUMENTS_KEY, RAW_DOCUMENTS, settings, report, failure_rate=True
    )


@dg.asset(
    key=RAW_EXTRACTED_FACTS_KEY,
    group_name="raw",
    kinds={"python", "parquet"},
    pool=RAW_POOL,
    deps=[RAW_DOCUMENTS_KEY],
    check_specs=_checks(RAW_EXTRACTED_FACTS_KEY),
    description="Facts the extractor finds in each document not yet read by this extractor version.",
)
def raw_extracted_facts(
    context: dg.AssetExecutionContext, config: ExtractionConfig, settings: InfratrackSettings
):
    report = extract_documents(settings.raw_store(), processes=config.processes)
    yield from _results(context, RAW_EXTRACTED_FACTS_KEY, RAW_EXTRACTED_FACTS, settings, report)


@dg.asset(
    key=RAW_SEC_FACTS_KEY,
    group_name="raw",
    kinds={"python", "parquet"},
    pool=RAW_POOL,
    check_specs=_checks(RAW_SEC_FACTS_KEY),
    description="Every vintage of the tracked capex and revenue XBRL tags from SEC companyfacts.",
)
def raw_sec_facts(context: dg.AssetExecutionContext, settings: InfratrackSettings):
    report = collect_sec(settings.sources(), settings.raw_store())
    yield from _results(context, RAW_SEC_FACTS_KEY, RAW_SEC_FACTS, settings, report)


@dg.asset(
    key=RAW_FX_RATES_KEY,
    group_name="raw",
    kinds={"python", "parquet"},
    pool=RAW_POOL,
    check_specs=_checks(RAW_FX_RATES_KEY),
    description="ECB euro reference rates (daily and history files).",
)
def raw_fx_rates(context: dg.AssetExecutionContext, settings: InfratrackSettings):
    config = settings.sources()
    with fetcher_for(config) as fetcher:
        report = collect_fx(config, fetcher, settings.raw_store())
    yield from _results(context, RAW_FX_RATES_KEY, RAW_FX_RATES, settings, report)


raw_fetch_errors = dg.AssetSpec(
    RAW_FETCH_ERRORS_KEY,
    group_name="raw",
    kinds={"parquet"},
    deps=[RAW_DOCUMENTS_KEY, RAW_SEC_FACTS_KEY, RAW_FX_RATES_KEY],
    description="Failures recorded by the raw assets as they go (written by them, not materialized alone).",
)
# Written by analysts through the CLI, never by a run: declared so the graph shows where the
# reviews the models apply come from.
raw_fact_reviews = dg.AssetSpec(
    RAW_FACT_REVIEWS_KEY,
    group_name="raw",
    kinds={"parquet"},
    description=(
        "Analyst reviews of extracted facts (`infratrack review accept|correct|reject`), landed "
        "one part file each as they are made, numbered in the order recorded."
    ),
)
raw_entity_merges = dg.AssetSpec(
    RAW_ENTITY_MERGES_KEY,
    group_name="raw",
    kinds={"parquet"},
    description=(
        "Analyst merges of one entity into another (`infratrack review merge`), landed one part "
        "file each as they are made, numbered in the order recorded."
    ),
)
