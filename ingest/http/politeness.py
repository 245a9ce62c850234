"""How the pipeline behaves towards the sites it reads, and the limits it holds them to.

Set per sources file (`politeness:`); every value is validated on construction, so a negative
timeout or an infinite size cap is an error before any request is sent.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field
from pydantic.dataclasses import dataclass

# Decoded bytes of one page: news pages are well under 2 MB, and parsing a 20 MB page takes
# minutes and a gigabyte. The fetcher's default cap and `infratrack extract`'s limit.
MAX_DOCUMENT_BYTES = 5_000_000

PositiveSeconds = Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)]
NonNegativeSeconds = Annotated[float, Field(ge=0, le=86_400, allow_inf_nan=False)]


@dataclass(frozen=True, config=ConfigDict(extra="forbid", strict=True))
class Politeness:
    user_agent: Annotated[str, Field(min_length=1, max_length=300)] = (
        "infratrack/0.1 (+https://github.com/infratrack)"
    )
    # Each connect and each read.
    timeout_seconds: PositiveSeconds = 20.0
    # The whole of one fetch (retries, redirects and every read): a server that drips bytes
    # inside the per-read timeout is cut off here.
    request_deadline_seconds: PositiveSeconds = 60.0
    delay_per_host_seconds: NonNegativeSeconds = 1.0
    # Fetches in flight at once, over all hosts; one host still gets one request per delay.
    max_concurrency: Annotated[int, Field(ge=1, le=64)] = 8
    max_retries: Annotated[int, Field(ge=0, le=10)] = 3
    backoff_seconds: NonNegativeSeconds = 1.0
    max_bytes: Annotated[int, Field(gt=0, le=500_000_000)] = MAX_DOCUMENT_BYTES
    max_redirects: Annotated[int, Field(ge=0, le=20)] = 5
    respect_robots: bool = True
    # `host` or `host:port` entries that may resolve to loopback or private addresses (the tests
    # serve from 127.0.0.1); every other host must resolve to public addresses only.
    allow_private_hosts: Annotated[
        tuple[Annotated[str, Field(min_length=1, strict=True)], ...], Field(strict=False)
    ] = ()
