"""The archive collect step: the pages of the news-crawl archives (WARC) that cover one day,
landed like fetched pages with their archive and record offset as lineage.
"""

from __future__ import annotations

from datetime import date

from ingest import progress
from ingest.http.fetcher import FetchResult
from ingest.land.batches import BatchLanding, ErrorLog, StepReport
from ingest.land.rawstore import RAW_DOCUMENTS, RawStore
from ingest.relevance import judge
from ingest.sources.archive import ArchiveSkip, archive_day, read_warc
from ingest.sources.config import SourcesConfig
from ingest.sources.news.article import ParseError
from ingest.sources.news.collect import document_row
from ingest.sources.news.encoding import decode

# The languages the extractor reads; an archive's pages in others are not landed.
ARCHIVE_LANGUAGES = frozenset({"en", "zh"})


def collect_archives(config: SourcesConfig, store: RawStore, day: date) -> StepReport:
    """Land the pages of the news-crawl archives (WARC) that cover `day`: HTML responses in the
    tracked languages that are about AI infrastructure, parsed like fetched pages, each with its
    archive and record offset as lineage. Records already landed are skipped."""
    report = StepReport()
    errors = ErrorLog(store, config.name, "archive", report)
    landing = BatchLanding(
        store, RAW_DOCUMENTS, config.name, config.batching, errors.flush, fetch_date=day
    )
    archives = [path for path in config.warc_files() if archive_day(path) == day]
    for number, path in enumerate(archives):
        progress.report("archives read", number, len(archives))
        for item in read_warc(path, config.politeness.max_bytes):
            if isinstance(item, ArchiveSkip):
                if item.reason.startswith(("truncated archive", "corrupt archive")):
                    errors.record(f"{item.archive}#{item.offset}", "archive", item.reason)
                else:
                    report.skipped_filtered += 1
                continue
            report.attempted += 1
            # A cheap look at the raw page first: most of a news crawl is about something else,
            # and parsing is the expensive step.
            if not judge(None, decode(item.content, item.content_type)[0]).relevant:
                report.skipped_filtered += 1
                continue
            page = FetchResult(
                url=item.url,
                final_url=item.url,
                status=item.http_status,
                content=item.content,
                content_type=item.content_type,
                fetched_at=item.fetched_at,
            )
            try:
                row = document_row(config.name, item.url, page, archive=(item.archive, item.offset))
            except ParseError as exc:
                errors.record(item.url, "parse", str(exc), item.http_status)
                continue
            if row["language"] not in ARCHIVE_LANGUAGES:
                report.skipped_filtered += 1
                continue
            if not judge(row["title"], row["main_text"]).relevant:
                report.skipped_filtered += 1
                continue
            landing.add(row, len(item.content))
    progress.report("archives read", len(archives), len(archives))
    landing.flush()
    report.landed = landing.landed
    return report
