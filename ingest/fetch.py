"""HTTP and local fetching with timeouts, retries, per-host politeness and offline mirrors.

Every network call of the pipeline goes through `Fetcher`, so politeness (User-Agent, delay per
host, timeouts, retry with backoff) and the guards (schemes, addresses, sizes, deadlines) are set
in one place, from the sources file.

What a stranger's document links to is untrusted: only `http(s)` URLs, every hop checked. A
`file://` URL is read only when the sources file names it itself; a mirror serves files only from
inside its own folder.
"""

from __future__ import annotations

import email.utils
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from ingest.http.body import BodyError, Deadline, read_body
from ingest.http.guard import AddressBlockedError, AddressPolicy, guarded_client
from ingest.http.local import LocalPathError, local_path, sorted_mirrors
from ingest.http.politeness import Politeness
from ingest.http.robots import (
    ALLOW_ALL,
    MAX_CRAWL_DELAY_SECONDS,
    RobotsRules,
    rules_for_response,
    unreachable,
)

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


WEB_SCHEMES = ("http://", "https://")
# robots.txt is small by nature; a large one is a mistake or an attack, and is treated as absent.
MAX_ROBOTS_BYTES = 512_000


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
    """Fetches `http(s)://` URLs, and local files the sources file names.

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
        self.mirrors = sorted_mirrors(mirrors)
        self._sleep = sleep
        self._last_request_at: dict[str, float] = {}
        self._robots: dict[str, RobotsRules] = {}
        self._client = guarded_client(
            AddressPolicy.allowing(self.politeness.allow_private_hosts),
            headers={"User-Agent": self.politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout_seconds=self.politeness.timeout_seconds,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(
        self, url: str, headers: dict[str, str] | None = None, trusted: bool = False
    ) -> FetchResult:
        """`trusted` is for URLs the sources file names itself; a URL found in a fetched document
        (a feed item, a link) is not, and may only be `http(s)` or a mirrored prefix."""
        try:
            local = local_path(url, self.mirrors, trusted)
        except LocalPathError as exc:
            raise FetchError(url, exc.reason) from exc
        if local is not None:
            return self._fetch_local(url, local)
        if not url.lower().startswith(WEB_SCHEMES):
            raise FetchError(url, f"unsupported URL scheme in {url[:40]!r}: only http and https")
        deadline = Deadline(self.politeness.request_deadline_seconds)
        if self.politeness.respect_robots:
            self._check_robots(url, deadline)
        return self._fetch_http(url, headers or {}, deadline)

    def _check_robots(self, url: str, deadline: Deadline) -> None:
        """The site's robots.txt, read once per host (`robots.rules_for_response` says what each
        answer means); a robots.txt over the size cap is treated as absent."""
        rules = self._robots_rules(url, deadline)
        if not rules.allows(url, self.politeness.user_agent):
            raise FetchError(
                url, f"disallowed by robots.txt{f': {rules.reason}' if rules.reason else ''}"
            )
        delay = rules.crawl_delay(self.politeness.user_agent)
        if delay is not None and delay > MAX_CRAWL_DELAY_SECONDS:
            raise FetchError(
                url,
                f"robots.txt asks {delay:g} s between requests, over the "
                f"{MAX_CRAWL_DELAY_SECONDS:g} s this fetcher waits: the host is skipped",
            )

    def _robots_rules(self, url: str, deadline: Deadline) -> RobotsRules:
        parts = urllib.parse.urlparse(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                with self._client.stream("GET", origin + "/robots.txt") as response:
                    body = (
                        read_body(response, MAX_ROBOTS_BYTES, deadline)
                        if 200 <= response.status_code < 300
                        else None
                    )
                    rules = rules_for_response(response.status_code, body)
            except BodyError:
                rules = ALLOW_ALL
            except httpx.HTTPError as exc:
                rules = unreachable(type(exc).__name__)
            except AddressBlockedError as exc:
                raise FetchError(url, str(exc)) from exc
            self._robots[origin] = rules
        return self._robots[origin]

    def _host_delay(self, url: str) -> float:
        """The politeness delay, or the host's robots.txt Crawl-delay when that is longer."""
        parts = urllib.parse.urlparse(url)
        rules = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        crawl_delay = rules.crawl_delay(self.politeness.user_agent) if rules else None
        return max(self.politeness.delay_per_host_seconds, crawl_delay or 0.0)

    def _fetch_local(self, url: str, path: Path) -> FetchResult:
        if not path.is_file():
            raise FetchError(url, "HTTP 404 not found (no such file in the local mirror)", 404)
        if path.stat().st_size > self.politeness.max_bytes:
            raise FetchError(url, f"file larger than {self.politeness.max_bytes} bytes")
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
            remaining = self._host_delay(url) - (time.monotonic() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last_request_at[host] = time.monotonic()

    def _fetch_http(self, url: str, headers: dict[str, str], deadline: Deadline) -> FetchResult:
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                return self._follow(url, headers, deadline)
            except _Retryable as retry:
                if attempt >= self.politeness.max_retries:
                    raise FetchError(url, retry.final_reason(attempt + 1), retry.status) from None
                delay = retry.delay(self.politeness.backoff_seconds * 2**attempt)
                if delay >= deadline.remaining():
                    raise FetchError(
                        url,
                        f"{retry.reason}; the next try ({delay:g} s away) is past the "
                        f"{deadline.seconds:g} s request deadline",
                        retry.status,
                    ) from None
                self._sleep(delay)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], deadline: Deadline) -> FetchResult:
        """One attempt: the request and its redirects, each hop's scheme checked here and its
        address by the guarded transport."""
        current = url
        seen = {url}
        for _hop in range(self.politeness.max_redirects + 1):
            if deadline.expired():
                raise FetchError(
                    url, f"not complete within the {deadline.seconds:g} s request deadline"
                )
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urllib.parse.urljoin(current, location)
                        if not current.lower().startswith(WEB_SCHEMES):
                            raise FetchError(
                                url, f"redirect to a non-http(s) URL {current[:60]!r} refused"
                            )
                        if current in seen:
                            raise FetchError(url, f"redirect loop at {current}")
                        seen.add(current)
                        continue
                    if response.status_code in RETRYABLE_STATUSES:
                        raise _Retryable(
                            f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                            response.status_code,
                            response,
                        )
                    return self._result(url, response, deadline)
            except AddressBlockedError as exc:
                raise FetchError(url, str(exc)) from exc
            except httpx.TimeoutException as exc:
                raise _Retryable("timeout", None) from exc
            except httpx.HTTPError as exc:
                raise _Retryable(f"connection error: {type(exc).__name__}", None) from exc
        raise FetchError(url, f"more than {self.politeness.max_redirects} redirects")

    def _result(self, url: str, response: httpx.Response, deadline: Deadline) -> FetchResult:
        status = response.status_code
        if status >= 400:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), status)
        content = b""
        if status != 304:
            try:
                content = read_body(response, self.politeness.max_bytes, deadline)
            except BodyError as exc:
                raise FetchError(url, exc.reason, status) from exc
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content=content,
            content_type=response.headers.get("content-type"),
            fetched_at=_utcnow(),
            headers=dict(response.headers),
        )


class _Retryable(Exception):
    """A failure worth another try: a timeout, a dropped connection, 429 or a 5xx."""

    def __init__(self, reason: str, status: int | None, response: httpx.Response | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.response = response

    def delay(self, backoff: float) -> float:
        return retry_delay(self.response, backoff) if self.response is not None else backoff

    def final_reason(self, attempts: int) -> str:
        if self.reason == "timeout":
            return f"timeout after {attempts} attempts"
        return self.reason if self.status else f"{self.reason} after {attempts} attempts"
