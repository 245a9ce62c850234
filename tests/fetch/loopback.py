"""A real HTTP server on 127.0.0.1 with hand-written responses, for tests of the fetch layer."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Response = tuple[int, dict[str, str], bytes]
# The fetch layer refuses loopback addresses unless the host is allowed, as a sources file would.
LOOPBACK_HOSTS = ("127.0.0.1",)


class LoopbackServer:
    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], Response]] = {}
        # Handlers that write the whole response themselves: dripped, truncated or chunked bodies.
        self.raw_routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                raw = server.raw_routes.get(self.path)
                if raw is not None:
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        raw(self)
                    return
                route = server.routes.get(self.path)
                status, headers, body = route(self) if route else (404, {}, b"not found")
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(
        self, path: str, status: int = 200, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.routes[path] = lambda _handler: (status, headers or {}, body)

    def sequence(self, path: str, responses: list[Response]) -> None:
        """Answer each request with the next response, repeating the last."""
        remaining = list(responses)

        def answer(_handler: BaseHTTPRequestHandler) -> Response:
            return remaining.pop(0) if len(remaining) > 1 else remaining[0]

        self.routes[path] = answer

    def slow(self, path: str, seconds: float, body: bytes = b"late") -> None:
        def answer(_handler: BaseHTTPRequestHandler) -> Response:
            time.sleep(seconds)
            return 200, {}, body

        self.routes[path] = answer

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
