"""HTTP and local fetching with timeouts, retries, per-host politeness and offline mirrors.

Every feed and page read goes through `Fetcher`, so politeness (User-Agent, delay per host,
robots.txt, concurrency) is set in one place, from the sources file; retries, caps, deadlines and
the address guard are the HTTP core's (`ingest/http/client.py`), shared with the SEC client.

What a stranger's document links to is untrusted: only `http(s)` URLs, every hop checked. A
`file://` URL is read only when the sources file names it itself; a mirror serves files only from
inside its own folder.
"""

from __future__ import annotations

import itertools
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

import httpx

from ingest.http.body import BodyError, Deadline, read_body
from ingest.http.client import (
    RETRYABLE_STATUSES,
    WEB_SCHEMES,
    FetchError,
    HttpCore,
    HttpCoreClient,
    RetryPolicy,
    retry_delay,
    utcnow,
)
from ingest.http.guard import AddressBlockedError, AddressPolicy
from ingest.http.local import LocalPathError, local_path, sorted_mirrors
from ingest.http.politeness import Politeness
from ingest.http.robots import (
    ALLOW_ALL,
    MAX_CRAWL_DELAY_SECONDS,
    RobotsRules,
    rules_for_response,
    unreachable,
)

__all__ = ["RETRYABLE_STATUSES", "FetchError", "FetchResult", "Fetcher", "retry_delay"]

_T = TypeVar("_T")
_R = TypeVar("_R")

# robots.txt is small by nature; a large one is a mistake or an attack, and is treated as absent.
MAX_ROBOTS_BYTES = 512_000


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None
    fetched_at: datetime
    headers: dict[str, str] = field(default_factory=dict)


class HostPacer:
    """Spaces request starts to one host at least its delay apart, across threads.

    Each caller reserves the host's next free slot under a lock and sleeps outside it, so
    requests to other hosts are never held up by a slow one.
    """

    def __init__(self, sleep: Callable[[float], None], clock: Callable[[], float] = time.monotonic):
        self._sleep = sleep
        self._clock = clock
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, delay: float) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        if slot > now:
            self._sleep(slot - now)


def interleave_by_host(urls: Iterable[_T], host_of: Callable[[_T], str]) -> list[_T]:
    """Round-robin over hosts, so a bounded pool works on many hosts at once instead of queueing
    behind the one host that lists the most pages."""
    queues: dict[str, deque[_T]] = {}
    for item in urls:
        queues.setdefault(host_of(item), deque()).append(item)
    ordered: list[_T] = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return ordered


class Fetcher(HttpCoreClient):
    """Fetches `http(s)://` URLs, and local files the sources file names; many at once with
    `fetch_many`, at most `max_concurrency` in flight and each host no faster than its delay.

    `mirrors` maps a URL prefix to a local folder: the bundled sample corpus keeps the real-looking
    URLs of its pages (they are what analysts see as the source) while the bytes come from disk.
    """

    def __init__(
        self,
        politeness: Politeness | None = None,
        mirrors: dict[str, Path] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.politeness = politeness or Politeness()
        self.mirrors = sorted_mirrors(mirrors)
        self._pacer = HostPacer(sleep)
        self._robots: dict[str, RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()
        self._http = HttpCore(
            AddressPolicy.allowing(self.politeness.allow_private_hosts),
            headers={"User-Agent": self.politeness.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout_seconds=self.politeness.timeout_seconds,
            retry=RetryPolicy(self.politeness.max_retries, self.politeness.backoff_seconds),
            max_redirects=self.politeness.max_redirects,
            before_attempt=self._wait_for_host,
            sleep=sleep,
        )

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
        response = self._http.get(
            url, max_bytes=self.politeness.max_bytes, deadline=deadline, headers=headers
        )
        if response.status >= 400:
            raise FetchError(
                url, f"HTTP {response.status} {response.reason_phrase}".strip(), response.status
            )
        return FetchResult(
            url=url,
            final_url=response.final_url,
            status=response.status,
            content=response.content,
            content_type=response.headers.get("content-type"),
            fetched_at=response.fetched_at,
            headers=dict(response.headers),
        )

    def fetch_many(
        self,
        requests: Iterable[tuple[str, bool]],
        then: Callable[[str, FetchResult], _R] | None = None,
    ) -> Iterator[tuple[str, _R | FetchResult | FetchError]]:
        """Each (url, trusted) fetched, yielded as it completes with its result or its error.

        At most `max_concurrency` fetches run at once and at most twice that many results wait
        to be consumed, so memory does not grow with the number of URLs. `then(url, result)`
        runs in the fetching thread on each success (parsing, say), so that work overlaps the
        other fetches' waits; what it returns is yielded in place of the result.
        """
        fetch = partial(self._fetch_or_error, then=then)
        ordered = interleave_by_host(requests, lambda request: _host(request[0]))
        workers = self.politeness.max_concurrency
        if workers == 1:
            for url, trusted in ordered:
                yield url, fetch(url, trusted)
            return
        pending: set[Future] = set()
        urls: dict[Future, str] = {}
        queue = iter(ordered)
        with ThreadPoolExecutor(workers, thread_name_prefix="fetch") as pool:
            try:
                for url, trusted in itertools.islice(queue, 2 * workers):
                    future = pool.submit(fetch, url, trusted)
                    pending.add(future)
                    urls[future] = url
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield urls.pop(future), future.result()
                        for url, trusted in itertools.islice(queue, 1):
                            follow = pool.submit(fetch, url, trusted)
                            pending.add(follow)
                            urls[follow] = url
            finally:
                for future in pending:
                    future.cancel()

    def _fetch_or_error(
        self, url: str, trusted: bool, then: Callable[[str, FetchResult], _R] | None = None
    ) -> _R | FetchResult | FetchError:
        try:
            result = self.fetch(url, trusted=trusted)
        except FetchError as exc:
            return exc
        return then(url, result) if then is not None else result

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
        origin = _origin(url)
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        # One read per origin even when many threads reach a new host at once.
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(url, origin, deadline)
        return self._robots[origin]

    def _read_robots(self, url: str, origin: str, deadline: Deadline) -> RobotsRules:
        try:
            with self._http.stream(origin + "/robots.txt") as response:
                body = (
                    read_body(response, MAX_ROBOTS_BYTES, deadline)
                    if 200 <= response.status_code < 300
                    else None
                )
                return rules_for_response(response.status_code, body)
        except BodyError:
            return ALLOW_ALL
        except httpx.HTTPError as exc:
            return unreachable(type(exc).__name__)
        except AddressBlockedError as exc:
            raise FetchError(url, str(exc)) from exc

    def _host_delay(self, url: str) -> float:
        """The politeness delay, or the host's robots.txt Crawl-delay when that is longer."""
        rules = self._robots.get(_origin(url))
        crawl_delay = rules.crawl_delay(self.politeness.user_agent) if rules else None
        return max(self.politeness.delay_per_host_seconds, crawl_delay or 0.0)

    def _wait_for_host(self, url: str) -> None:
        self._pacer.wait(_host(url), self._host_delay(url))

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
            fetched_at=utcnow(),
        )


def _host(url: str) -> str:
    return urllib.parse.urlparse(url).netloc


def _origin(url: str) -> str:
    parts = urllib.parse.urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"
