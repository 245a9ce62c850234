"""Landing of earnings press releases: for each filer the sources file lists under
`sec.submissions`, its newest 8-K earnings releases (Item 2.02) are located, their exhibit 99.1
fetched through the polite SEC client and landed in raw_documents as `press_release` documents
with the issuer, the accession number and the filing date.

A release whose accession is already landed is not fetched again; a filing that fails to fetch,
names no exhibit 99.1 or holds no text is recorded in raw_fetch_errors and skipped.
"""

from __future__ import annotations

import csv
import urllib.parse
from functools import lru_cache
from pathlib import Path

from ingest import progress
from ingest.http.fetcher import FetchError, FetchResult
from ingest.land.batches import BatchLanding, ErrorLog, StepReport
from ingest.land.rawstore import RAW_DOCUMENTS, RawStore
from ingest.reference import REFERENCE_DIR
from ingest.sources.config import SourcesConfig
from ingest.sources.filings.exhibits import (
    MAX_INDEX_BYTES,
    FilingIndexError,
    document_url,
    exhibit_by_name,
    exhibit_by_type,
    filing_index_page_url,
    filing_index_url,
    parse_filing_index,
)
from ingest.sources.filings.submissions import (
    Filing,
    FilingsParseError,
    earnings_releases,
    parse_submissions,
)
from ingest.sources.news.article import ParseError
from ingest.sources.news.collect import document_row
from ingest.sources.sec.client import SecClient, SecForbiddenError
from ingest.sources.sec.collect import open_sec_client
from ingest.sources.sec.companyfacts import SecParseError

SOURCE_TYPE = "press_release"


class _Skip(Exception):
    """One release cannot be landed: (url, stage, reason, status)."""

    def __init__(self, url: str, stage: str, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.url, self.stage, self.reason, self.status = url, stage, reason, status


@lru_cache(maxsize=1)
def issuers(reference_dir: Path = REFERENCE_DIR) -> dict[int, str]:
    """CIK -> canonical company name, from the company reference data."""
    with (reference_dir / "companies.csv").open(encoding="utf-8") as handle:
        return {
            int(row["sec_cik"]): row["entity"]
            for row in csv.DictReader(handle)
            if row["sec_cik"].strip().isdigit()
        }


def locate_exhibit(sec: SecClient, release: Filing) -> str:
    """The URL of a filing's exhibit 99.1: by file name from index.json, else by document type
    from the index page. Raises _Skip."""
    index_url = filing_index_url(release.cik, release.accession, sec.archives_url)
    try:
        names = parse_filing_index(sec.get(index_url, ("directory",)).content)
        name = exhibit_by_name(names)
        if name is None:
            page_url = filing_index_page_url(release.cik, release.accession, sec.archives_url)
            page = sec.get(page_url, expect_json=False, max_bytes=MAX_INDEX_BYTES)
            name = exhibit_by_type(page.content)
        if name is None:
            raise FilingIndexError(f"filing {release.accession} lists no exhibit 99.1")
        return document_url(release.cik, release.accession, name, sec.archives_url)
    except SecForbiddenError:
        raise
    except FetchError as exc:
        raise _Skip(exc.url, "fetch", exc.reason, exc.status) from exc
    except (SecParseError, FilingIndexError) as exc:
        raise _Skip(index_url, "parse", str(exc)) from exc


def release_row(
    source_name: str,
    sec: SecClient,
    release: Filing,
    issuer: str | None,
    max_bytes: int,
    linked_from: str,
) -> dict:
    """The raw_documents row of one release's exhibit 99.1; `linked_from` is the submissions
    index that listed it. Raises _Skip."""
    url = locate_exhibit(sec, release)
    try:
        response = sec.get(url, expect_json=False, max_bytes=max_bytes)
    except SecForbiddenError:
        raise
    except FetchError as exc:
        raise _Skip(url, "fetch", exc.reason, exc.status) from exc
    final_url = response.final_url or url
    if urllib.parse.urlsplit(final_url).netloc != urllib.parse.urlsplit(url).netloc:
        # A redirect off the SEC's archives is not the filing's exhibit.
        raise _Skip(url, "fetch", f"redirected off the archives to {final_url[:200]}")
    page = FetchResult(
        url=url,
        final_url=final_url,
        status=response.status,
        content=response.content,
        content_type="text/html",
        fetched_at=response.fetched_at,
    )
    try:
        row = document_row(source_name, url, page, linked_from=linked_from)
    except ParseError as exc:
        raise _Skip(url, "parse", str(exc), response.status) from exc
    row.update(
        source_type=SOURCE_TYPE,
        subject_entity=issuer,
        filing_id=release.accession,
        filing_date=release.filing_date,
        # The release is dated by its filing, not by whatever date the page text shows.
        published_on=release.filing_date,
    )
    return row


def collect_press_releases(
    config: SourcesConfig, store: RawStore, client: SecClient | None = None
) -> StepReport:
    """Land the newest earnings releases of each filer in `config.submissions` not landed yet."""
    report = StepReport()
    errors = ErrorLog(store, config.name, SOURCE_TYPE, report)
    if not config.submissions:
        return report
    sec = open_sec_client(config, config.submissions, errors, client)
    if sec is None:
        return report
    landed_filings = store.distinct(RAW_DOCUMENTS, "filing_id")
    landing = BatchLanding(store, RAW_DOCUMENTS, config.name, config.batching, errors.flush)
    max_bytes = config.politeness.max_bytes
    refused = False
    with sec:
        for number, filer in enumerate(config.submissions):
            if refused:
                break
            progress.report("filers' releases read", number, len(config.submissions))
            try:
                response = sec.get(filer.url, ("cik", "filings"))
                page = parse_submissions(response.content, expected_cik=filer.cik)
            except SecForbiddenError as exc:
                report.attempted += 1
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                break  # every other request would be refused the same way
            except FetchError as exc:
                report.attempted += 1
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                continue
            except (SecParseError, FilingsParseError) as exc:
                report.attempted += 1
                errors.record(filer.url, "parse", str(exc))
                continue
            releases = earnings_releases(page.filings)[: config.releases_per_filer]
            issuer = issuers().get(filer.cik)
            for release in releases:
                if release.accession in landed_filings:
                    report.skipped_known += 1
                    continue
                report.attempted += 1
                try:
                    row = release_row(config.name, sec, release, issuer, max_bytes, filer.url)
                except SecForbiddenError as exc:
                    errors.record(exc.url, "fetch", exc.reason, exc.status)
                    refused = True
                    break
                except _Skip as skip:
                    errors.record(skip.url, skip.stage, skip.reason, skip.status)
                    continue
                landing.add(row, len(row["html"] or ""))
                landed_filings.add(release.accession)
    progress.report("filers' releases read", len(config.submissions), len(config.submissions))
    landing.flush()
    errors.flush()
    report.landed = landing.landed
    return report
