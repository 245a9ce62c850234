"""Reading a response body under a decoded-size cap and an overall deadline.

httpx decodes gzip in whole chunks, so one 64 KB chunk of a compression bomb can become 64 MB
before any size check; the decoder here asks zlib for at most the bytes still allowed. The
deadline is checked between reads, so a server that drips a byte every few seconds (each read
well inside the per-read timeout) is cut off at the deadline plus at most one read timeout.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator

import httpx


class BodyError(Exception):
    """The body broke a limit or could not be decoded; `reason` is short and human."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Deadline:
    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()

    def expired(self) -> bool:
        return self.remaining() <= 0


class BodyTooLarge(BodyError):
    """The body decodes to more bytes than allowed."""


class _Identity:
    def decompress(self, data: bytes, max_length: int) -> bytes:
        return data

    @property
    def unconsumed_tail(self) -> bytes:
        return b""


def _decoder(content_encoding: str):
    encoding = content_encoding.strip().lower()
    if encoding in {"", "identity"}:
        return _Identity()
    if encoding in {"gzip", "x-gzip"}:
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        # Servers send both zlib-wrapped and raw deflate under this name; 32 + MAX_WBITS detects
        # zlib or gzip, and the rare raw deflate body is reported as corrupt.
        return zlib.decompressobj(32 + zlib.MAX_WBITS)
    raise BodyError(f"unsupported Content-Encoding {content_encoding!r}")


def decode_capped(raw_chunks: Iterable[bytes], content_encoding: str, max_bytes: int) -> bytes:
    """The body the raw (content-encoded) chunks decode to; BodyTooLarge as soon as it passes
    `max_bytes`, so at most `max_bytes + 1` decoded bytes are ever held, BodyError when the
    encoding is unknown or the compressed stream is corrupt."""
    decoder = _decoder(content_encoding)
    parts: list[bytes] = []
    size = 0
    for chunk in raw_chunks:
        pending = chunk
        while pending:
            allowed = max_bytes - size + 1
            try:
                piece = decoder.decompress(pending, allowed)
            except zlib.error as exc:
                raise BodyError(f"corrupt compressed body ({exc})") from exc
            pending = decoder.unconsumed_tail
            size += len(piece)
            if size > max_bytes:
                raise BodyTooLarge(f"response larger than {max_bytes} bytes once decoded")
            parts.append(piece)
            if not piece and pending:
                break
    return b"".join(parts)


def read_body(response: httpx.Response, max_bytes: int, deadline: Deadline) -> bytes:
    """The decoded body of a streamed response, or BodyError when it would exceed `max_bytes`
    decoded bytes or outlive the deadline."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyError(f"response of {int(declared)} bytes is larger than {max_bytes} bytes")
    return decode_capped(
        _raw_chunks(response, deadline), response.headers.get("content-encoding", ""), max_bytes
    )


def _raw_chunks(response: httpx.Response, deadline: Deadline) -> Iterator[bytes]:
    try:
        # No chunk size: httpx would gather that many bytes before yielding, waiting out a drip.
        for chunk in response.iter_raw():
            yield chunk
            if deadline.expired():
                raise BodyError(
                    f"response not complete within the {deadline.seconds:g} s request deadline"
                )
    except httpx.TimeoutException as exc:
        raise BodyError("timed out reading the response body") from exc
    except httpx.HTTPError as exc:
        raise BodyError(f"response body broken off ({type(exc).__name__})") from exc
