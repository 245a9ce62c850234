"""The one HTTP core under every network read: the news fetcher and the SEC client alike.

A GET here is: the caller's pacing hook before each attempt (a per-host delay, a rate cap),
redirects followed by hand so each hop's scheme is checked (its address is checked by the
guarded transport), the body read under a size cap and a whole-request deadline, retries with
exponential backoff on timeouts, dropped connections, 429 and 5xx (honouring Retry-After), and
conditional requests against a `ConditionalCache` when the caller keeps one.
"""

from __future__ import annotations

import email.utils
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Self

import httpx

from ingest.http.body import BodyError, Deadline, read_body
from ingest.http.cache import ConditionalCache
from ingest.http.guard import AddressBlockedError, AddressPolicy, guarded_client

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
WEB_SCHEMES = ("http://", "https://")


class FetchError(Exception):
    """A URL could not be fetched; `reason` is a short machine-friendly cause."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff_seconds: float = 1.0
    # A server may ask for a long pause; past this the wait is capped, not obeyed.
    max_retry_after_seconds: float = 60.0


@dataclass(frozen=True)
class HttpResponse:
    """`status` is this exchange's (304 when revalidated); `content` is then the cached body."""

    url: str
    final_url: str
    status: int
    reason_phrase: str
    content: bytes
    headers: httpx.Headers
    fetched_at: datetime
    from_cache: bool = False


def utcnow() -> datetime:
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
        return min(max((when - utcnow()).total_seconds(), 0.0), cap)
    return backoff


class _Retryable(Exception):
    """A failure worth another try: a timeout, a dropped connection, 429 or a 5xx."""

    def __init__(self, reason: str, status: int | None, response: httpx.Response | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.response = response

    def delay(self, backoff: float, cap: float) -> float:
        return retry_delay(self.response, backoff, cap) if self.response is not None else backoff

    def final_reason(self, attempts: int) -> str:
        if self.reason == "timeout":
            return f"timeout after {attempts} attempts"
        return f"{self.reason} after {attempts} attempts"


class HttpCore:
    """A guarded, thread-safe HTTP client with retries, caps, deadlines and revalidation.

    `before_attempt(url)` runs before every attempt, retries included, so a caller's pacing
    (politeness delay per host, a requests-per-second cap) also spaces the retries.
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        headers: Mapping[str, str],
        timeout_seconds: float,
        retry: RetryPolicy,
        max_redirects: int = 5,
        before_attempt: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retry = retry
        self.max_redirects = max_redirects
        self._before_attempt = before_attempt or (lambda _url: None)
        self._sleep = sleep
        self._client = guarded_client(
            policy, headers=dict(headers), timeout_seconds=timeout_seconds
        )

    def close(self) -> None:
        self._client.close()

    def stream(self, url: str):
        """One raw GET, no retries or redirects (robots.txt: its own rules say what answers mean)."""
        return self._client.stream("GET", url)

    def get(
        self,
        url: str,
        *,
        max_bytes: int,
        deadline: Deadline,
        headers: Mapping[str, str] | None = None,
        cache: ConditionalCache | None = None,
        accept: Callable[[HttpResponse], None] | None = None,
    ) -> HttpResponse:
        """The response to a GET of `url`; statuses of 400 and up are returned, not raised,
        so callers give them their own meaning. Raises FetchError when no answer came.

        With a `cache`, a stored copy is revalidated (If-None-Match / If-Modified-Since), a 304
        returns the stored body, and a 2xx body replaces it once `accept` (which raises on a
        body that is not what was asked for) has passed it, so a bad answer never evicts a good copy.
        """
        request_headers = dict(headers or {})
        cached = cache.load(url) if cache is not None else None
        if cached is not None:
            request_headers.update(cached.validators())
        attempt = 0
        while True:
            self._before_attempt(url)
            try:
                response = self._follow(url, request_headers, max_bytes, deadline)
                break
            except _Retryable as retry:
                if attempt >= self.retry.max_retries:
                    raise FetchError(url, retry.final_reason(attempt + 1), retry.status) from None
                delay = retry.delay(
                    self.retry.backoff_seconds * 2**attempt, self.retry.max_retry_after_seconds
                )
                if delay >= deadline.remaining():
                    raise FetchError(
                        url,
                        f"{retry.reason}; the next try ({delay:g} s away) is past the "
                        f"{deadline.seconds:g} s request deadline",
                        retry.status,
                    ) from None
                self._sleep(delay)
                attempt += 1
        if response.status == 304:
            if cached is None:
                raise FetchError(url, "HTTP 304 to an unconditional request", 304)
            return HttpResponse(
                url,
                response.final_url,
                304,
                response.reason_phrase,
                cached.content,
                response.headers,
                response.fetched_at,
                from_cache=True,
            )
        if 200 <= response.status < 300:
            if accept is not None:
                accept(response)
            if cache is not None:
                cache.store(url, response.content, response.headers, response.fetched_at)
        return response

    def _follow(
        self, url: str, headers: dict[str, str], max_bytes: int, deadline: Deadline
    ) -> HttpResponse:
        """One attempt: the request and its redirects, each hop's scheme checked here."""
        current = url
        seen = {url}
        for _hop in range(self.max_redirects + 1):
            if deadline.expired():
                raise FetchError(
                    url, f"not complete within the {deadline.seconds:g} s request deadline"
                )
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    # httpx counts 304 as a redirect; here it is a revalidated cache entry.
                    if response.is_redirect and response.status_code != 304:
                        current = urllib.parse.urljoin(
                            current, response.headers.get("location", "")
                        )
                        if not current.lower().startswith(WEB_SCHEMES):
                            raise FetchError(
                                url, f"redirect to a non-http(s) URL {current[:60]!r} refused"
                            )
                        if current in seen:
                            raise FetchError(url, f"redirect loop at {current}")
                        seen.add(current)
                        continue
                    status = response.status_code
                    phrase = f"HTTP {status} {response.reason_phrase}".strip()
                    if status in RETRYABLE_STATUSES:
                        raise _Retryable(phrase, status, response)
                    content = b""
                    if 200 <= status < 300:
                        try:
                            content = read_body(response, max_bytes, deadline)
                        except BodyError as exc:
                            raise FetchError(url, exc.reason, status) from exc
                    return HttpResponse(
                        url,
                        str(response.url),
                        status,
                        response.reason_phrase,
                        content,
                        response.headers,
                        utcnow(),
                    )
            except AddressBlockedError as exc:
                raise FetchError(url, str(exc)) from exc
            except httpx.TimeoutException as exc:
                raise _Retryable("timeout", None) from exc
            except httpx.HTTPError as exc:
                raise _Retryable(f"connection error: {type(exc).__name__}", None) from exc
        raise FetchError(url, f"more than {self.max_redirects} redirects")


class HttpCoreClient:
    """A client built on one `HttpCore` (kept in `_http`): closing it closes the core, and it
    closes itself at the end of a `with` block."""

    _http: HttpCore

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
