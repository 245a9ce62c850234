"""GDELT's DOC 2.0 API in article-list mode: the request for one query and window, and its answer
read defensively.

A request is `?query=<words> sourcelang:<language>&mode=artlist&format=json&sort=datedesc&
maxrecords=<n>&startdatetime=<YYYYMMDDHHMMSS>&enddatetime=<YYYYMMDDHHMMSS>` (UTC). The answer is
`{"articles": [{"url", "url_mobile", "title", "seendate": "20250131T101500Z", "socialimage",
"domain", "language", "sourcecountry"}, ...]}`, `{}` when nothing matched, and a line of plain
text (still HTTP 200) when GDELT refuses the query. Everything in the answer is a stranger's:
items of the wrong shape, non-web URLs and absurd dates are dropped or blanked, never trusted,
and at most `max_records` items are read however many are sent.
"""

from __future__ import annotations

import hashlib
import json
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ingest.http.body import Deadline
from ingest.http.client import FetchError, HttpCore, HttpCoreClient, RetryPolicy
from ingest.http.fetcher import HostPacer
from ingest.http.guard import AddressPolicy
from ingest.http.politeness import Politeness
from ingest.sources.discovery.settings import INDEX_LANGUAGES, DiscoveryQuery, DiscoverySettings

# An article list of 250 items is well under a megabyte.
MAX_RESPONSE_BYTES = 5_000_000
MAX_URL_LENGTH = 2000
MAX_TITLE_LENGTH = 1000
MAX_FIELD_LENGTH = 200
SEENDATE_FORMAT = "%Y%m%dT%H%M%SZ"
# GDELT's DOC index starts in 2017; a seen date before that or in the future is not a real one.
EARLIEST_SEEN = datetime(2017, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
WINDOW_FORMAT = "%Y%m%d%H%M%S"


class DiscoveryError(Exception):
    """The index could not be asked, or its answer is not an article list."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class IndexedArticle:
    url: str
    title: str | None
    seen_at: datetime | None
    domain: str | None
    language: str | None


@dataclass(frozen=True)
class ArticleList:
    articles: list[IndexedArticle]
    # Items dropped for their shape (not an object, no web URL, a repeat); items past the cap.
    rejected: int = 0
    truncated: int = 0


def index_query(query: DiscoveryQuery) -> str:
    """The query text as sent: the words, restricted to the query's language."""
    return f"{query.query} sourcelang:{INDEX_LANGUAGES[query.language]}"


def lineage(endpoint: str, query: DiscoveryQuery) -> str:
    """The stable name of a query as a source (a document's `feed_url`): the request without its
    window, so every run of the query has the same one."""
    params = {"query": index_query(query), "mode": "artlist", "format": "json"}
    return f"{endpoint}?{urllib.parse.urlencode(params)}"


def request_url(
    endpoint: str, query: DiscoveryQuery, start: datetime, end: datetime, max_records: int
) -> str:
    params = {
        "query": index_query(query),
        "mode": "artlist",
        "format": "json",
        "sort": "datedesc",
        "maxrecords": str(max_records),
        "startdatetime": start.astimezone(UTC).strftime(WINDOW_FORMAT),
        "enddatetime": end.astimezone(UTC).strftime(WINDOW_FORMAT),
    }
    return f"{endpoint}?{urllib.parse.urlencode(params)}"


def recorded_file(folder: Path, query: DiscoveryQuery) -> Path:
    """Where a recorded answer to `query` is kept: named by its language and a digest of its
    words (queries may be Chinese, or hold quotes and colons)."""
    digest = hashlib.sha1(query.query.encode("utf-8")).hexdigest()[:12]
    return folder / f"{query.language}-{digest}.json"


def parse_article_list(content: bytes, max_records: int, now: datetime) -> ArticleList:
    """The articles of an artlist answer; DiscoveryError when it is not one."""
    if len(content) > MAX_RESPONSE_BYTES:
        raise DiscoveryError(f"answer larger than {MAX_RESPONSE_BYTES} bytes")
    text = content.decode("utf-8", errors="replace").strip()
    if not text.startswith("{"):
        # GDELT explains a refused query in a line of text.
        raise DiscoveryError(f"the index answered with text, not JSON: {text[:200]!r}")
    try:
        # strict=False: GDELT titles sometimes carry raw control characters.
        document = json.loads(text, strict=False)
    except (ValueError, RecursionError) as exc:
        raise DiscoveryError(f"the index answered with malformed JSON ({exc})"[:300]) from None
    if not isinstance(document, dict):
        raise DiscoveryError("the index answered with JSON that is not an object")
    items = document.get("articles", [])
    if not isinstance(items, list):
        raise DiscoveryError(f"'articles' is a {type(items).__name__}, not a list")
    articles: list[IndexedArticle] = []
    seen: set[str] = set()
    rejected = 0
    for item in items[:max_records]:
        article = _article(item, now)
        if article is None or article.url in seen:
            rejected += 1
            continue
        seen.add(article.url)
        articles.append(article)
    return ArticleList(articles, rejected, max(len(items) - max_records, 0))


def _article(item: object, now: datetime) -> IndexedArticle | None:
    if not isinstance(item, dict):
        return None
    url = item.get("url")
    if not isinstance(url, str) or not _is_web_url(url.strip()):
        return None
    return IndexedArticle(
        url=url.strip(),
        title=_short_text(item.get("title"), MAX_TITLE_LENGTH),
        seen_at=_seen_at(item.get("seendate"), now),
        domain=_short_text(item.get("domain"), MAX_FIELD_LENGTH),
        language=_short_text(item.get("language"), MAX_FIELD_LENGTH),
    )


def _is_web_url(url: str) -> bool:
    if len(url) > MAX_URL_LENGTH or any(ord(ch) < 33 for ch in url):
        return False
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def _short_text(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned[:limit] or None


def _seen_at(value: object, now: datetime) -> datetime | None:
    if not isinstance(value, str) or len(value) != len("20250131T101500Z"):
        return None
    try:
        seen = datetime.strptime(value, SEENDATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return seen if EARLIEST_SEEN <= seen <= now + FUTURE_SLACK else None


class GdeltClient(HttpCoreClient):
    """Asks GDELT's DOC API through the HTTP core (address guard, caps, deadline, retries on 429
    and 5xx), one request every `delay_seconds`; or reads recorded answers from a folder."""

    def __init__(
        self,
        settings: DiscoverySettings,
        politeness: Politeness | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.politeness = politeness or Politeness()
        self._pacer = HostPacer(sleep)
        self._http = HttpCore(
            AddressPolicy.allowing(self.politeness.allow_private_hosts),
            headers={"User-Agent": self.politeness.user_agent, "Accept": "application/json"},
            timeout_seconds=self.politeness.timeout_seconds,
            retry=RetryPolicy(self.politeness.max_retries, self.politeness.backoff_seconds),
            max_redirects=self.politeness.max_redirects,
            before_attempt=lambda url: self._pacer.wait(
                urllib.parse.urlsplit(url).netloc, settings.delay_seconds
            ),
            sleep=sleep,
        )

    def search(
        self, query: DiscoveryQuery, start: datetime, end: datetime, now: datetime | None = None
    ) -> ArticleList:
        """The articles the index saw for `query` between `start` and `end`."""
        now = now or datetime.now(UTC)
        if self.settings.recorded is not None:
            path = recorded_file(self.settings.recorded, query)
            if not path.is_file():
                raise DiscoveryError(f"no recorded answer {path.name} for {query.query!r}")
            if path.stat().st_size > MAX_RESPONSE_BYTES:
                raise DiscoveryError(f"answer larger than {MAX_RESPONSE_BYTES} bytes")
            return parse_article_list(path.read_bytes(), self.settings.max_records, now)
        url = request_url(self.settings.endpoint, query, start, end, self.settings.max_records)
        try:
            response = self._http.get(
                url,
                max_bytes=MAX_RESPONSE_BYTES,
                deadline=Deadline(self.politeness.request_deadline_seconds),
            )
        except FetchError as exc:
            raise DiscoveryError(exc.reason, exc.status) from None
        if response.status >= 400:
            raise DiscoveryError(
                f"HTTP {response.status} {response.reason_phrase}".strip(), response.status
            )
        return parse_article_list(response.content, self.settings.max_records, now)
