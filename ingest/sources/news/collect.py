"""The news collect step: fetch the feeds, the pages they link, the pages the discovery
queries find and the pages the sources file lists, and land the relevant ones in raw_documents.

A page that fails to fetch or parse is recorded in `raw_fetch_errors` and skipped; the step goes
on with the rest.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ingest import progress
from ingest.http.fetcher import Fetcher, FetchError, FetchResult
from ingest.land.batches import Batching, BatchLanding, ErrorLog, StepReport
from ingest.land.keys import sha256, stable_id
from ingest.land.rawstore import RAW_DOCUMENTS, RAW_FETCH_ERRORS, RawStore
from ingest.relevance import Relevance, judge, judge_listing
from ingest.sources.config import SourcesConfig
from ingest.sources.discovery.discover import discover
from ingest.sources.discovery.gdelt import GdeltClient
from ingest.sources.discovery.runs import LISTED_ARTICLES, SourceTally, land_tallies
from ingest.sources.news.article import ParseError, parse_article
from ingest.sources.news.encoding import decode
from ingest.sources.news.feeds import FeedParseError, parse_feed
from ingest.sources.news.fingerprint import simhash64


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
    errors = ErrorLog(store, config.name, "news", report)
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
    landing = BatchLanding(
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
