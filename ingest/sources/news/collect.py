"""The steps of a refresh as plain functions: collect news, extract facts, load SEC and FX.

Each step reads the sources file, fetches through one `Fetcher`, lands raw rows through the
`RawStore` and returns a `StepReport`. A page that fails to fetch or parse is recorded in
`raw_fetch_errors` and skipped; the step goes on with the rest.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, as_completed, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from ingest import progress
from ingest.extract import EXTRACTOR_VERSION, extract_facts
from ingest.extract.batch import extract_batch
from ingest.http.fetcher import Fetcher, FetchError, FetchResult
from ingest.land.keys import sha256, stable_id
from ingest.land.rawstore import (
    RAW_DOCUMENTS,
    RAW_EXTRACTED_FACTS,
    RAW_FETCH_ERRORS,
    RAW_FX_RATES,
    RAW_SEC_FACTS,
    RawStore,
    RawTable,
)
from ingest.relevance import Relevance, judge, judge_listing
from ingest.sources.archive import ArchiveSkip, archive_day, read_warc
from ingest.sources.config import Batching, SecFiler, SourcesConfig
from ingest.sources.discovery.discover import discover
from ingest.sources.discovery.gdelt import GdeltClient
from ingest.sources.discovery.runs import LISTED_ARTICLES, SourceTally, land_tallies
from ingest.sources.fx.rates import FxParseError, parse_ecb_rates
from ingest.sources.news.article import ParseError, parse_article
from ingest.sources.news.encoding import decode
from ingest.sources.news.feeds import FeedParseError, parse_feed
from ingest.sources.news.fingerprint import simhash64
from ingest.sources.sec.client import SecClient, SecForbiddenError, SecUserAgentError
from ingest.sources.sec.companyfacts import SecParseError, parse_companyfacts

# The languages the extractor reads; an archive's pages in others are not landed.
ARCHIVE_LANGUAGES = frozenset({"en", "zh"})


@dataclass
class StepReport:
    attempted: int = 0
    landed: int = 0
    skipped_known: int = 0
    # Read but not landed by design: not a page, another language, not about AI infrastructure.
    skipped_filtered: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def merged(self, other: StepReport) -> StepReport:
        return StepReport(
            self.attempted + other.attempted,
            self.landed + other.landed,
            self.skipped_known + other.skipped_known,
            self.skipped_filtered + other.skipped_filtered,
            self.failed + other.failed,
            self.errors + other.errors,
        )

    @property
    def failure_rate(self) -> float:
        return self.failed / self.attempted if self.attempted else 0.0


def _today() -> date:
    return datetime.now(UTC).date()


class _ErrorLog:
    def __init__(
        self, store: RawStore, source_name: str, source_type: str, report: StepReport
    ) -> None:
        self.store, self.source_name, self.source_type, self.report = (
            store,
            source_name,
            source_type,
            report,
        )
        self.rows: list[dict] = []
        self.landed = 0

    def record(self, url: str, stage: str, reason: str, status: int | None = None) -> None:
        self.report.failed += 1
        self.report.errors.append(f"{url}: {stage}: {reason}")
        self._add(url, stage, reason, status)

    def skip(self, url: str, stage: str, reason: str) -> None:
        """A page left out by design (off topic): recorded like an error, so it is not fetched
        again, but counted as filtered, not as a failure."""
        self.report.skipped_filtered += 1
        self._add(url, stage, reason, None)

    def _add(self, url: str, stage: str, reason: str, status: int | None) -> None:
        now = datetime.now(UTC)
        self.rows.append(
            {
                # The same failure on a later refresh is the same error, not a new row.
                "error_id": stable_id(url, stage, reason),
                "source_name": self.source_name,
                "source_type": self.source_type,
                "url": url,
                "stage": stage,
                "reason": reason,
                "http_status": status,
                "occurred_at": now,
                "fetch_date": now.date(),
            }
        )

    def flush(self) -> int:
        """Land the errors recorded so far (a refresh killed later keeps them too)."""
        if self.rows:
            self.landed += self.store.append(
                RAW_FETCH_ERRORS, self.rows, self.source_name, _today()
            )
            self.rows = []
        return self.landed


class _BatchLanding:
    def __init__(
        self,
        store: RawStore,
        table: RawTable,
        source_name: str,
        batching: Batching,
        on_flush: Callable[[], object] = lambda: None,
        fetch_date: date | None = None,
    ) -> None:
        self.store, self.table, self.source_name, self.batching = (
            store,
            table,
            source_name,
            batching,
        )
        self.on_flush = on_flush
        # The raw folder's date: today for fetched pages, the crawl's day for archived ones.
        self.fetch_date = fetch_date
        self.known = store.keys(table)
        self.rows: list[dict] = []
        self.bytes = 0
        self.landed = 0

    def add(self, row: dict, size: int) -> None:
        self.rows.append(row)
        self.bytes += size
        if (
            len(self.rows) >= self.batching.documents
            or self.bytes >= self.batching.megabytes * 1_000_000
        ):
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.landed += self.store.append(
                self.table,
                self.rows,
                self.source_name,
                self.fetch_date or _today(),
                known=self.known,
            )
        self.rows, self.bytes = [], 0
        self.on_flush()


def document_row(
    source_name: str,
    url: str,
    page: FetchResult,
    linked_from: str | None = None,
    archive: tuple[str, int] | None = None,
) -> dict:
    """The raw_documents row of a fetched or archived page; ParseError when it has no article
    text. `archive` is the (WARC file name, record offset) an archived page was read from."""
    html, encoding = decode(page.content, page.content_type)
    article = parse_article(html, page.final_url)
    content_hash = sha256(page.content)
    return {
        "document_id": stable_id(url, content_hash),
        "source_name": source_name,
        "feed_url": linked_from,
        "url": url,
        "final_url": page.final_url,
        "fetched_at": page.fetched_at,
        "fetch_date": page.fetched_at.date(),
        "http_status": page.status,
        "content_sha256": content_hash,
        "encoding": encoding,
        "title": article.title,
        "published_on": article.published_on,
        "language": article.language,
        "main_text": article.main_text,
        "text_simhash64": simhash64(article.main_text),
        "html": html,
        "archive_name": archive[0] if archive else None,
        "archive_offset": archive[1] if archive else None,
        "source_type": "news",
    }


RELEVANCE_STAGE = "relevance"


def judged_off_topic(store: RawStore) -> set[str]:
    """URLs a relevance gate already left out: not fetched again (unless refetching)."""
    errors = store.read(RAW_FETCH_ERRORS, ["url", "stage"])
    return set(errors.loc[errors["stage"] == RELEVANCE_STAGE, "url"].dropna())


def collect_news(
    config: SourcesConfig,
    fetcher: Fetcher,
    store: RawStore,
    refetch: bool = False,
    batching: Batching | None = None,
    index: GdeltClient | None = None,
) -> StepReport:
    """Fetch the feeds, the articles they link, the articles the discovery queries find and the
    listed articles; land raw_documents in batches as pages arrive.

    Pages already landed, or already judged off topic, are not fetched again. A listing whose
    title and snippet name no AI-infrastructure, cloud, finance or company term is skipped before
    fetching, a page whose text is not about them after parsing; both are recorded in
    raw_fetch_errors with stage 'relevance' and never extracted. Each source's tally lands in
    raw_source_runs."""
    report = StepReport()
    started = datetime.now(UTC)
    errors = _ErrorLog(store, config.name, "news", report)
    known_urls = store.distinct(RAW_DOCUMENTS, "url") | judged_off_topic(store)
    article_urls: dict[str, str | None] = {}
    tallies: dict[str | None, SourceTally] = {}

    def offer(url: str, source: str | None, title: str | None, snippet: str | None) -> None:
        tally = tallies[source]
        tally.found += 1
        if url in article_urls:
            return  # another source listed it first and keeps it as its lineage
        if not refetch and url in known_urls:
            tally.already_landed += 1
            report.skipped_known += 1
            return
        if title or snippet:
            verdict = judge_listing(title, snippet)
            if not verdict.relevant:
                tally.skipped_before_fetch += 1
                errors.skip(url, RELEVANCE_STAGE, f"before fetch: {verdict.reason}")
                return
        article_urls[url] = source

    if config.articles:
        tallies[None] = SourceTally("list", LISTED_ARTICLES, started)
        for url in config.articles:
            offer(url, None, None, None)
    for feed_number, feed_url in enumerate(config.feeds, start=1):
        progress.report("feeds read", feed_number - 1, len(config.feeds))
        tallies[feed_url] = tally = SourceTally("feed", feed_url, started)
        try:
            items = parse_feed(fetcher.fetch(feed_url, trusted=True).content, feed_url)
        except FetchError as exc:
            errors.record(feed_url, "feed", exc.reason, exc.status)
            tally.failed(exc.reason)
            continue
        except FeedParseError as exc:
            errors.record(feed_url, "feed", str(exc))
            tally.failed(str(exc))
            continue
        for item in items:
            offer(item.url, feed_url, item.title, item.summary)
    progress.report("feeds read", len(config.feeds), len(config.feeds))
    if config.discovery is not None:
        client = index or GdeltClient(config.discovery, config.politeness)
        try:
            for answer in discover(config.discovery, store, client, started):
                tallies[answer.tally.source] = answer.tally
                if not answer.tally.succeeded:
                    errors.record(answer.tally.source, "discovery", answer.tally.error or "")
                for article in answer.articles:
                    offer(article.url, answer.tally.source, article.title, None)
        finally:
            if index is None:
                client.close()
    to_fetch = article_urls
    # Every listing is offered by now; the landed URLs may be many.
    known_urls.clear()
    landing = _BatchLanding(
        store, RAW_DOCUMENTS, config.name, batching or config.batching, errors.flush
    )
    # Listed in the sources file itself (no feed links it): trusted like the file.
    requests = ((url, linked_from is None) for url, linked_from in to_fetch.items())

    def parsed(
        url: str, page: FetchResult
    ) -> tuple[dict, int] | tuple[ParseError, int] | tuple[Relevance, int]:
        try:
            row = document_row(config.name, url, page, linked_from=to_fetch[url])
        except ParseError as exc:
            return exc, page.status
        verdict = judge(row["title"], row["main_text"])
        if not verdict.relevant:
            return verdict, page.status
        return row, len(page.content)

    progress.report("pages fetched", 0, len(to_fetch))
    for url, outcome in fetcher.fetch_many(requests, then=parsed):
        report.attempted += 1
        tally = tallies[to_fetch[url]]
        tally.fetched += 1
        if isinstance(outcome, FetchError):
            errors.record(url, "fetch", outcome.reason, outcome.status)
        elif isinstance(outcome, tuple):
            row, size_or_status = outcome
            if isinstance(row, ParseError):
                errors.record(url, "parse", str(row), size_or_status)
            elif isinstance(row, Relevance):
                errors.skip(url, RELEVANCE_STAGE, f"after parse: {row.reason}")
            else:
                tally.relevant += 1
                landing.add(row, size_or_status)
        progress.report("pages fetched", report.attempted, len(to_fetch))
    landing.flush()
    errors.flush()
    land_tallies(store, config.name, tallies.values())
    report.landed = landing.landed
    return report


def collect_archives(config: SourcesConfig, store: RawStore, day: date) -> StepReport:
    """Land the pages of the news-crawl archives (WARC) that cover `day`: HTML responses in the
    tracked languages that are about AI infrastructure, parsed like fetched pages, each with its
    archive and record offset as lineage. Records already landed are skipped."""
    report = StepReport()
    errors = _ErrorLog(store, config.name, "archive", report)
    landing = _BatchLanding(
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
    landing = _BatchLanding(
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


def open_sec_client(
    config: SourcesConfig,
    filers: list[SecFiler],
    errors: _ErrorLog,
    client: SecClient | None = None,
) -> SecClient | None:
    """The SEC client for `filers`, or None when the SEC would refuse it: a live refresh without
    a User-Agent records each filer as failed with the reason, and news and FX go on."""
    try:
        return client or SecClient.from_sources(config)
    except SecUserAgentError as exc:
        for filer in filers:
            errors.report.attempted += 1
            errors.record(filer.url, "fetch", str(exc))
        errors.flush()
        return None


def collect_sec(
    config: SourcesConfig, store: RawStore, client: SecClient | None = None
) -> StepReport:
    """Fetch companyfacts of each filer through the polite SEC client (User-Agent, 10 requests a
    second, retries, conditional requests) and land every new vintage of the tracked tags."""
    report = StepReport()
    errors = _ErrorLog(store, config.name, "sec", report)
    rows: list[dict] = []
    sec = open_sec_client(config, config.sec_filers, errors, client)
    if sec is None:
        return report
    with sec:
        for filer in config.sec_filers:
            progress.report("filings read", report.attempted, len(config.sec_filers))
            report.attempted += 1
            try:
                response = sec.get(filer.url, ("cik", "facts"))
                vintages = parse_companyfacts(response.content)
            except SecForbiddenError as exc:
                # Every other filer would be refused the same way: stop asking.
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                break
            except FetchError as exc:
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                continue
            except SecParseError as exc:
                errors.record(filer.url, "parse", str(exc), getattr(exc, "status", None))
                continue
            content_hash = sha256(response.content)
            for v in vintages:
                rows.append(
                    {
                        # frame moves to the newest filing over time; it is not part of a vintage's identity.
                        "vintage_id": stable_id(
                            v.cik,
                            v.taxonomy,
                            v.tag,
                            v.unit,
                            v.period_start,
                            v.period_end,
                            v.value,
                            v.accn,
                            v.fy,
                            v.fp,
                            v.form,
                            v.filed,
                        ),
                        "cik": v.cik,
                        "entity_name": v.entity_name,
                        "taxonomy": v.taxonomy,
                        "tag": v.tag,
                        "unit": v.unit,
                        "period_start": v.period_start,
                        "period_end": v.period_end,
                        "value": v.value,
                        "accn": v.accn,
                        "fy": v.fy,
                        "fp": v.fp,
                        "form": v.form,
                        "filed": v.filed,
                        "frame": v.frame,
                        "source_url": filer.url,
                        "fetched_at": response.fetched_at,
                        "content_sha256": content_hash,
                        "fetch_date": response.fetched_at.date(),
                    }
                )
    progress.report("filings read", report.attempted, len(config.sec_filers))
    report.landed = store.append(RAW_SEC_FACTS, rows, config.name, _today())
    errors.flush()
    return report


def collect_fx(config: SourcesConfig, fetcher: Fetcher, store: RawStore) -> StepReport:
    """Fetch the ECB rate files and land rates not stored yet."""
    report = StepReport()
    errors = _ErrorLog(store, config.name, "fx", report)
    rows: list[dict] = []
    for url in config.fx_files:
        report.attempted += 1
        try:
            result = fetcher.fetch(url, trusted=True)
            rates = parse_ecb_rates(result.content)
        except FetchError as exc:
            errors.record(url, "fetch", exc.reason, exc.status)
            continue
        except FxParseError as exc:
            errors.record(url, "parse", str(exc))
            continue
        content_hash = sha256(result.content)
        rows.extend(
            {
                "rate_id": stable_id(r.rate_date, r.currency),
                "rate_date": r.rate_date,
                "currency": r.currency,
                "units_per_eur": r.units_per_eur,
                "source_url": url,
                "fetched_at": result.fetched_at,
                "content_sha256": content_hash,
                "fetch_date": result.fetched_at.date(),
            }
            for r in rates
        )
    report.landed = store.append(RAW_FX_RATES, rows, config.name, _today())
    errors.flush()
    return report


def fetcher_for(config: SourcesConfig, user_agent: str | None = None) -> Fetcher:
    politeness = (
        replace(config.politeness, user_agent=user_agent) if user_agent else config.politeness
    )
    return Fetcher(politeness, config.mirrors)
