"""A polite client for the SEC's data.sec.gov JSON APIs (XBRL companyfacts and submissions).

The SEC's fair-access rules are stricter than the generic `Fetcher` politeness: every request must
carry a User-Agent naming a person and an email (otherwise 403), traffic is capped at 10 requests
per second per client, and the big companyfacts documents are worth revalidating with ETag /
Last-Modified instead of downloading again. This module keeps those rules in one place.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.http.body import Deadline
from ingest.http.cache import ConditionalCache
from ingest.http.client import FetchError, HttpCore, HttpCoreClient, HttpResponse, RetryPolicy
from ingest.http.guard import AddressPolicy
from ingest.http.local import LocalPathError, local_path, sorted_mirrors
from ingest.reference.sec_archives import DEFAULT_ARCHIVES_URL
from ingest.sources.sec.companyfacts import SecParseError

if TYPE_CHECKING:
    from ingest.sources.config import SourcesConfig

DEFAULT_BASE_URL = "https://data.sec.gov"
# The largest companyfacts documents are tens of megabytes; anything far beyond is not one.
MAX_DOCUMENT_BYTES = 200_000_000
USER_AGENT_ENV = "INFRATRACK_SEC_USER_AGENT"
_USER_AGENT_HELP = (
    "the SEC answers 403 to clients without a User-Agent naming a person and an email "
    f"(e.g. 'Jane Doe jane@example.com'); set {USER_AGENT_ENV}"
)
# Lenient on the surrounding text (brackets, product tokens) but strict on there being an address.
_EMAIL = re.compile(r"[^\s@()<>\[\],;]+@[^\s@()<>\[\],;]+\.[A-Za-z]{2,}")


class SecUserAgentError(ValueError):
    """The client would talk to the live SEC without a User-Agent the SEC accepts."""


class SecFetchError(FetchError):
    """An SEC URL could not be fetched; a `FetchError`, so callers' existing handlers catch it."""


class SecForbiddenError(SecFetchError):
    """HTTP 403: the SEC refused the client, almost always for its User-Agent; never retried."""


class SecResponseError(SecParseError):
    """The SEC answered 2xx with a body that is not the JSON document asked for."""

    def __init__(self, url: str, reason: str, status: int) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class SecResponse:
    """`status` is the HTTP status of this exchange (304 when revalidated from the cache).

    `fetched_at` is when the content was last confirmed current, i.e. this request's time, also
    for a 304: the SEC vouched for the cached bytes just now.
    """

    url: str
    status: int
    content: bytes
    from_cache: bool
    fetched_at: datetime
    # Where the bytes came from after redirects (the URL itself when none or read from disk).
    final_url: str | None = None


def companyfacts_url(cik: int, base_url: str = DEFAULT_BASE_URL) -> str:
    """All XBRL facts of one filer, as one JSON document."""
    return f"{base_url}/api/xbrl/companyfacts/CIK{int(cik):010d}.json"


def submissions_url(cik: int, base_url: str = DEFAULT_BASE_URL) -> str:
    """A filer's profile and filings index, as one JSON document."""
    return f"{base_url}/submissions/CIK{int(cik):010d}.json"


def validate_user_agent(user_agent: str | None) -> str:
    """The stripped User-Agent if it names someone and an email; otherwise SecUserAgentError."""
    value = (user_agent or "").strip()
    if not value:
        raise SecUserAgentError(f"no SEC User-Agent given: {_USER_AGENT_HELP}")
    match = _EMAIL.search(value)
    if match is None:
        raise SecUserAgentError(
            f"SEC User-Agent {value!r} has no email address: {_USER_AGENT_HELP}"
        )
    name = value[: match.start()] + value[match.end() :]
    if not re.search(r"[^\W\d_]", name):
        raise SecUserAgentError(f"SEC User-Agent {value!r} has no name: {_USER_AGENT_HELP}")
    return value


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _is_live(url: str) -> bool:
    return url.startswith(("http://", "https://"))


class _RateLimiter:
    """Spaces request starts at least 1/N s apart, across threads sharing one client."""

    def __init__(
        self, per_second: float, clock: Callable[[], float], sleep: Callable[[float], None]
    ) -> None:
        if per_second <= 0:
            raise ValueError("max_requests_per_second must be positive")
        self._interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._next_slot: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        # Holding the lock while sleeping is the point: concurrent callers queue for slots.
        with self._lock:
            now = self._clock()
            if self._next_slot is not None and self._next_slot > now:
                self._sleep(self._next_slot - now)
                # Schedule from the slot, not from a re-read clock, so a slow sleep is not
                # double-counted against the next caller.
                now = self._next_slot
            self._next_slot = now + self._interval


class SecClient(HttpCoreClient):
    """Fetches data.sec.gov JSON with a named User-Agent, a rate cap, retries and revalidation.

    `base_url` may point at a test server; a User-Agent is required for any http(s) base URL that
    no mirror serves, so tests exercise the same rule as production. `mirrors` (URL prefix ->
    folder, as in the sources file) and `file://` base URLs read from disk and need no User-Agent.
    """

    def __init__(
        self,
        user_agent: str | None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        archives_url: str = DEFAULT_ARCHIVES_URL,
        cache_dir: str | Path | None = None,
        max_requests_per_second: float = 10.0,
        max_retries: int = 3,
        backoff_seconds: float = 1.0,
        max_retry_after_seconds: float = 60.0,
        timeout_seconds: float = 20.0,
        mirrors: Mapping[str, Path] | None = None,
        allow_private_hosts: tuple[str, ...] = (),
        max_bytes: int = MAX_DOCUMENT_BYTES,
        request_deadline_seconds: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.archives_url = archives_url.rstrip("/")
        self.mirrors = sorted_mirrors(mirrors)
        self.max_bytes = max_bytes
        self.request_deadline_seconds = request_deadline_seconds
        base_is_mirrored = any(
            prefix.startswith(self.base_url + "/") or self.base_url.startswith(prefix)
            for prefix in self.mirrors
        )
        # A given User-Agent is always checked, so a bad one fails on the offline sample too
        # instead of first on the live run.
        self.user_agent: str | None = None
        if (user_agent or "").strip() or (_is_live(self.base_url) and not base_is_mirrored):
            self.user_agent = validate_user_agent(user_agent)
        self._limiter = _RateLimiter(max_requests_per_second, clock, sleep)
        self._cache = ConditionalCache(Path(cache_dir)) if cache_dir is not None else None
        headers = {"Accept-Encoding": "gzip, deflate", "Accept": "application/json"}
        if self.user_agent:
            headers["User-Agent"] = self.user_agent
        self._http = HttpCore(
            AddressPolicy.allowing(allow_private_hosts),
            headers=headers,
            timeout_seconds=timeout_seconds,
            retry=RetryPolicy(max_retries, backoff_seconds, max_retry_after_seconds),
            before_attempt=lambda _url: self._limiter.wait(),
            sleep=sleep,
        )

    @classmethod
    def from_sources(cls, config: SourcesConfig, **overrides: Any) -> SecClient:
        """A client set up from a sources file: its User-Agent, mirrors, cache and retries."""
        settings: dict[str, Any] = {
            "cache_dir": config.cache_dir / "sec" if config.cache_dir else None,
            "mirrors": config.mirrors,
            "max_retries": config.politeness.max_retries,
            "backoff_seconds": config.politeness.backoff_seconds,
            "timeout_seconds": config.politeness.timeout_seconds,
            "allow_private_hosts": config.politeness.allow_private_hosts,
        }
        settings.update(overrides)
        return cls(config.sec_user_agent, **settings)

    def companyfacts_url(self, cik: int) -> str:
        return companyfacts_url(cik, self.base_url)

    def submissions_url(self, cik: int) -> str:
        return submissions_url(cik, self.base_url)

    def companyfacts(self, cik: int) -> SecResponse:
        """All XBRL facts of a filer; the body is checked to be a companyfacts JSON object."""
        return self.get(self.companyfacts_url(cik), required_keys=("cik", "facts"))

    def submissions(self, cik: int) -> SecResponse:
        """A filer's profile and recent filings; the body is checked to be a submissions object."""
        return self.get(self.submissions_url(cik), required_keys=("cik", "filings"))

    def get(
        self,
        url: str,
        required_keys: tuple[str, ...] = (),
        *,
        expect_json: bool = True,
        max_bytes: int | None = None,
    ) -> SecResponse:
        """Any SEC JSON URL (e.g. a sources file's own companyfacts URL), with the same rules;
        with `expect_json=False` any document (a filing's exhibit), up to `max_bytes`.

        Raises SecFetchError (SecForbiddenError on 403) when it cannot be fetched and
        SecResponseError when the body is not a JSON object with `required_keys`; in both cases
        the cache keeps its previous good copy.
        """
        limit = min(max_bytes, self.max_bytes) if max_bytes is not None else self.max_bytes
        try:
            # The sources file names every URL this client reads.
            local = local_path(url, self.mirrors, trusted=True)
        except LocalPathError as exc:
            raise SecFetchError(url, exc.reason) from exc
        if local is not None:
            if not local.is_file():
                raise SecFetchError(
                    url, "HTTP 404 not found (no such file in the local mirror)", 404
                )
            if local.stat().st_size > limit:
                raise SecFetchError(url, f"larger than {limit} bytes")
            content = local.read_bytes()
            if expect_json:
                _check_json(url, content, 200, required_keys)
            return SecResponse(url, 200, content, from_cache=False, fetched_at=_utcnow())
        if not _is_live(url):
            raise SecFetchError(url, "unsupported URL scheme")
        if self.user_agent is None:
            # Only reachable when the base URL is mirrored but this URL is not: still never send
            # an anonymous request to a live server.
            raise SecUserAgentError(f"{url} is not mirrored and {_USER_AGENT_HELP}")
        return self._get_http(url, required_keys if expect_json else None, limit)

    def _get_http(
        self, url: str, required_keys: tuple[str, ...] | None, max_bytes: int
    ) -> SecResponse:
        def accept(response: HttpResponse) -> None:
            # Checked before caching: a truncated or HTML error body must not replace a good copy.
            if required_keys is not None:
                _check_json(url, response.content, response.status, required_keys)

        try:
            response = self._http.get(
                url,
                max_bytes=max_bytes,
                deadline=Deadline(self.request_deadline_seconds),
                cache=self._cache,
                accept=accept,
            )
        except FetchError as exc:
            raise SecFetchError(url, exc.reason, exc.status) from exc
        status = response.status
        if status == 403:
            raise SecForbiddenError(
                url,
                f"HTTP 403 Forbidden (User-Agent sent: {self.user_agent!r}); {_USER_AGENT_HELP}",
                403,
            )
        if status >= 400:
            raise SecFetchError(url, f"HTTP {status} {response.reason_phrase}".strip(), status)
        return SecResponse(
            url,
            status,
            response.content,
            from_cache=response.from_cache,
            fetched_at=response.fetched_at,
            final_url=response.final_url,
        )


def _check_json(url: str, content: bytes, status: int, required_keys: tuple[str, ...]) -> None:
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SecResponseError(url, f"body is not valid JSON ({exc})", status) from exc
    if not isinstance(document, dict):
        raise SecResponseError(url, "body is JSON but not an object", status)
    missing = [key for key in required_keys if key not in document]
    if missing:
        raise SecResponseError(url, f"JSON lacks {', '.join(map(repr, missing))}", status)
