"""HTTP and local fetching with timeouts, retries, per-host politeness and offline mirrors.

Every network call of the pipeline goes through `Fetcher`, so politeness (User-Agent, delay per
host, timeouts, retry with backoff) is set in one place, from the sources file.
"""

from __future__ import annotations

import email.utils
import time
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A URL could not be fetched; `reason` is a short machine-friendly cause."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    fetched_at: datetime
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Politeness:
    user_agent: str = "infratrack/0.1 (+https://github.com/infratrack)"
    timeout_seconds: float = 20.0
    delay_per_host_seconds: float = 1.0
    max_retries: int = 3
    backoff_seconds: float = 1.0
    max_bytes: int = 20_000_000
    respect_robots: bool = True


def _utcnow() -> datetime:
    return datetime.now(UTC)


def retry_delay(response: httpx.Response, backoff: float, cap: float = 60.0) -> float:
    """How long to wait before retrying: the server's Retry-After (seconds or an HTTP date),
    capped, else the caller's exponential backoff."""
    retry_after = response.headers.get("Retry-After", "").strip()
    if retry_after.isdigit():
        return min(float(retry_after), cap)
    if retry_after:
        try:
            when = email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            return backoff
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return min(max((when - _utcnow()).total_seconds(), 0.0), cap)
    return backoff


class Fetcher:
    """Fetches `http(s)://` and `file://` URLs.

    `mirrors` maps a URL prefix to a local folder: the bundled sample corpus keeps the real-looking
    URLs of its pages (they are what analysts see as the source) while the bytes come from disk.
    """

    def __init__(
        self,
        politeness: Politeness | None = None,
        mirrors: dict[str, Path] | None = None,
        sleep=time.sleep,
    ) -> None:
        self.politeness = politeness or Politeness()
        # Longest prefix first, so a specific mirror wins over a catch-all one.
        self.mirrors = dict(sorted((mirrors or {}).items(), key=lambda item: -len(item[0])))
        self._sleep = sleep
        self._last_request_at: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._client = httpx.Client(
            headers={"User-Agent": self.politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=self.politeness.timeout_seconds,
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        local = self._local_path(url)
        if local is not None:
            return self._fetch_local(url, local)
        if not url.startswith(("http://", "https://")):
            raise FetchError(url, "unsupported URL scheme")
        if self.politeness.respect_robots and not self._allowed_by_robots(url):
            raise FetchError(url, "disallowed by robots.txt")
        return self._fetch_http(url, headers or {})

    def _allowed_by_robots(self, url: str) -> bool:
        """The site's robots.txt, read once per host; a missing or unreadable one allows all."""
        parts = urllib.parse.urlparse(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                response = self._client.get(origin + "/robots.txt")
                if response.status_code == 200:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(response.text.splitlines())
            except httpx.HTTPError:
                parser = None
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(self.politeness.user_agent, url)

    def _local_path(self, url: str) -> Path | None:
        if url.startswith("file://"):
            return Path(urllib.request.url2pathname(urllib.parse.urlparse(url).path))
        for prefix, folder in self.mirrors.items():
            if url.startswith(prefix):
                relative = urllib.parse.unquote(url[len(prefix) :].split("#")[0].split("?")[0])
                return folder / relative
        return None

    def _fetch_local(self, url: str, path: Path) -> FetchResult:
        if not path.is_file():
            raise FetchError(url, "HTTP 404 not found (no such file in the local mirror)", 404)
        return FetchResult(
            url=url,
            final_url=url,
            status=200,
            content=path.read_bytes(),
            content_type=None,
            fetched_at=_utcnow(),
        )

    def _wait_for_host(self, url: str) -> None:
        host = urllib.parse.urlparse(url).netloc
        last = self._last_request_at.get(host)
        if last is not None:
            remaining = self.politeness.delay_per_host_seconds - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request_at[host] = time.monotonic()

    def _fetch_http(self, url: str, headers: dict[str, str]) -> FetchResult:
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                response = self._client.get(url, headers=headers)
            except httpx.TimeoutException as exc:
                if attempt >= self.politeness.max_retries:
                    raise FetchError(url, f"timeout after {attempt + 1} attempts") from exc
            except httpx.HTTPError as exc:
                if attempt >= self.politeness.max_retries:
                    raise FetchError(url, f"connection error: {type(exc).__name__}") from exc
            else:
                if (
                    response.status_code in RETRYABLE_STATUSES
                    and attempt < self.politeness.max_retries
                ):
                    self._sleep(self._retry_delay(response, attempt))
                    attempt += 1
                    continue
                return self._result(url, response)
            self._sleep(self.politeness.backoff_seconds * 2**attempt)
            attempt += 1

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        return retry_delay(response, self.politeness.backoff_seconds * 2**attempt)

    def _result(self, url: str, response: httpx.Response) -> FetchResult:
        status = response.status_code
        if status == 304:
            return FetchResult(
                url,
                str(response.url),
                status,
                b"",
                response.headers.get("content-type"),
                _utcnow(),
                dict(response.headers),
            )
        if status >= 400:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), status)
        if len(response.content) > self.politeness.max_bytes:
            raise FetchError(url, f"response larger than {self.politeness.max_bytes} bytes", status)
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content=response.content,
            content_type=response.headers.get("content-type"),
            fetched_at=_utcnow(),
            headers=dict(response.headers),
        )
