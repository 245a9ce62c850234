"""The landing step of exchange announcements: list each tracked issuer's results announcements
of the configured period on each configured exchange (HKEX; SSE for an issuer listed there),
fetch each new PDF politely and land it as a raw_documents row.

One row per announcement: source_type 'exchange_announcement', the issuer as subject_entity, the
exchange's announcement id as filing_id, its filing date, and its pages as main_text (see
`paged_text`); the extraction step reads facts from that text. Announcements already landed
(by URL) are not fetched again; a list, look-up or PDF that fails is recorded in
raw_fetch_errors and skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ingest.http.fetcher import Fetcher, FetchError, FetchResult
from ingest.land.batches import BatchLanding, ErrorLog, StepReport
from ingest.land.keys import sha256, stable_id
from ingest.land.paged_text import join_pages, page_text
from ingest.land.rawstore import RAW_DOCUMENTS, RawStore
from ingest.sources.config import ExchangeSources, SourcesConfig
from ingest.sources.exchanges.hkex import (
    Announcement,
    AnnouncementList,
    AnnouncementListError,
    parse_stock_id,
    parse_title_search,
    stock_id_url,
    title_search_url,
)
from ingest.sources.exchanges.issuers import issuer
from ingest.sources.exchanges.pdf import PdfError, PdfPage, read_pdf
from ingest.sources.exchanges.sse import REQUEST_HEADERS as SSE_HEADERS
from ingest.sources.exchanges.sse import bulletin_query_url, parse_bulletins
from ingest.sources.news.article import detect_language
from ingest.sources.news.fingerprint import simhash64

SOURCE_TYPE = "exchange_announcement"


def announcement_row(
    source_name: str, announcement: Announcement, page: FetchResult, pages: list[PdfPage]
) -> dict:
    """The raw_documents row of a fetched announcement PDF, read into `pages`."""
    main_text = join_pages([page_text(p.text, p.tables) for p in pages])
    content_hash = sha256(page.content)
    return {
        "document_id": stable_id(announcement.url, content_hash),
        "source_name": source_name,
        "feed_url": None,
        "url": announcement.url,
        "final_url": page.final_url,
        "fetched_at": page.fetched_at,
        "fetch_date": page.fetched_at.date(),
        "http_status": page.status,
        "content_sha256": content_hash,
        "encoding": None,
        "title": announcement.title,
        "published_on": announcement.filing_date,
        "language": detect_language(main_text),
        "main_text": main_text,
        "text_simhash64": simhash64(main_text),
        "html": None,
        "archive_name": None,
        "archive_offset": None,
        "source_type": SOURCE_TYPE,
        "subject_entity": announcement.issuer,
        "filing_id": announcement.announcement_id,
        "filing_date": announcement.filing_date,
    }


def list_announcements(
    exchange: ExchangeSources, fetcher: Fetcher, errors: ErrorLog
) -> list[Announcement]:
    """The results announcements of every configured issuer on every configured exchange;
    failures are recorded."""
    found: list[Announcement] = []
    if "HKEX" in exchange.markets:
        found += list_hkex_announcements(exchange, fetcher, errors)
    if "SSE" in exchange.markets:
        found += list_sse_announcements(exchange, fetcher, errors)
    return found


LIST_STAGE = "announcement list"


@dataclass
class _ListPages:
    """Fetches an exchange's list and look-up pages, remembering the last one asked for: the
    page a list that fails to parse, or a record it refuses, is recorded against."""

    fetcher: Fetcher
    last_url: str = ""

    def content(self, url: str, headers: dict[str, str] | None = None) -> bytes:
        self.last_url = url
        return self.fetcher.fetch(url, headers=headers, trusted=True).content


def _per_issuer(
    exchange: ExchangeSources,
    pages: _ListPages,
    errors: ErrorLog,
    list_issuer: Callable[[str], AnnouncementList | None],
) -> list[Announcement]:
    """What `list_issuer` lists for each configured issuer (None: not listed on this exchange);
    a list that fails loses that issuer's announcements only, with the reason recorded."""
    found: list[Announcement] = []
    for name in exchange.issuers:
        try:
            listed = list_issuer(name)
        except FetchError as exc:
            errors.record(exc.url, LIST_STAGE, exc.reason, exc.status)
            continue
        except AnnouncementListError as exc:
            errors.record(pages.last_url, LIST_STAGE, f"{name}: {exc}")
            continue
        if listed is None:
            continue
        for reason in listed.refused:
            errors.record(pages.last_url, LIST_STAGE, f"{name}: {reason}")
        found.extend(listed.announcements)
    return found


def list_hkex_announcements(
    exchange: ExchangeSources, fetcher: Fetcher, errors: ErrorLog
) -> list[Announcement]:
    pages = _ListPages(fetcher)

    def list_issuer(name: str) -> AnnouncementList:
        code = issuer(name).hkex_code
        lookup = stock_id_url(exchange.base_url, code, exchange.language)
        stock_id = parse_stock_id(pages.content(lookup), code)
        url = title_search_url(
            exchange.base_url, stock_id, exchange.from_date, exchange.to_date, exchange.language
        )
        return parse_title_search(pages.content(url), name, code, exchange.base_url)

    return _per_issuer(exchange, pages, errors, list_issuer)


def list_sse_announcements(
    exchange: ExchangeSources, fetcher: Fetcher, errors: ErrorLog
) -> list[Announcement]:
    """The periodic reports of the issuers listed in Shanghai (an issuer without an SSE code is
    not asked about)."""
    pages = _ListPages(fetcher)

    def list_issuer(name: str) -> AnnouncementList | None:
        code = issuer(name).sse_code
        if code is None:
            return None
        url = bulletin_query_url(exchange.sse_query_url, code, exchange.from_date, exchange.to_date)
        return parse_bulletins(
            pages.content(url, SSE_HEADERS),
            name,
            code,
            exchange.from_date,
            exchange.to_date,
            exchange.sse_static_url,
        )

    return _per_issuer(exchange, pages, errors, list_issuer)


def _pdf_headers(announcement: Announcement) -> dict[str, str] | None:
    # SSE's PDF host, like its query, expects a visitor from the exchange's own site.
    return SSE_HEADERS if announcement.exchange == "SSE" else None


def collect_announcements(
    config: SourcesConfig, store: RawStore, fetcher: Fetcher | None = None
) -> StepReport:
    """Land the new results announcements of the sources file's `exchanges:` section."""
    report = StepReport()
    exchange = config.exchanges
    if exchange is None or not exchange.issuers:
        return report
    errors = ErrorLog(store, config.name, SOURCE_TYPE, report)
    # Results announcements run to megabytes of PDF: their own cap, the file's other politeness.
    politeness = replace(config.politeness, max_bytes=exchange.max_pdf_bytes)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(politeness, config.mirrors)
    try:
        announcements = list_announcements(exchange, fetcher, errors)
        known = store.distinct(RAW_DOCUMENTS, "url")
        landing = BatchLanding(store, RAW_DOCUMENTS, config.name, config.batching, errors.flush)
        for announcement in dict.fromkeys(announcements):
            if announcement.url in known:
                report.skipped_known += 1
                continue
            report.attempted += 1
            try:
                page = fetcher.fetch(announcement.url, headers=_pdf_headers(announcement))
                pages = read_pdf(page.content)
            except FetchError as exc:
                errors.record(announcement.url, "fetch", exc.reason, exc.status)
                continue
            except PdfError as exc:
                errors.record(announcement.url, "parse", str(exc), page.status)
                continue
            landing.add(announcement_row(config.name, announcement, page, pages), len(page.content))
            known.add(announcement.url)
        landing.flush()
        report.landed = landing.landed
    finally:
        errors.flush()
        if own_fetcher:
            fetcher.close()
    return report
