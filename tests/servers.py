"""A real HTTP server on 127.0.0.1 that misbehaves on request, for fetch and crawl tests.

Each path gets a script of responders: the n-th request to the path gets the n-th responder, and
the last one repeats. Every request is recorded. Nothing here sleeps except a stall, which waits on
an Event that shutdown sets, with a bounded timeout, so no server thread outlives its test for long.

    def test_retries(server):
        server.route("/flaky", status(503), status(503), html("<p>ok</p>"))
        page = fetcher.fetch(server.url("/flaky"))
        assert server.hits("/flaky") == 3

Import the ``server`` fixture into a test module (``from servers import server``; pytest puts
tests/ on sys.path, as for conftest.py), or use ``with serve() as server:`` directly.
"""

from __future__ import annotations

import functools
import gzip
import io
import socket
import struct
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest

# Longest a stalled response waits before giving up by itself; far above any client timeout in tests.
STALL_SECONDS = 5.0
# How long an idle keep-alive connection is kept open by the server.
IDLE_SECONDS = 10.0
# How often serve_forever checks for shutdown; the default 0.5 s would slow every test's teardown.
POLL_SECONDS = 0.02
MiB = 1024 * 1024


@attrs.frozen
class Request:
    """One request as the server saw it; header names are lower-cased."""

    method: str
    path: str  # without the query string
    target: str  # as sent: path and query
    headers: Mapping[str, str]


class Responder:
    """Base class: writes one response (or misbehaves) for one request."""

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        raise NotImplementedError


@attrs.frozen
class Reply(Responder):
    """A normal response; ``chunks`` (a factory, called per request) makes it chunked and lazy."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    chunks: Callable[[], Iterable[bytes]] | None = None

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        handler.send_response(self.status)
        for name, value in self.headers:
            handler.send_header(name, value)
        if self.chunks is not None:
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            _write_chunked(handler, self.chunks())
            return
        if self.status not in (204, 304) and not self._has("content-length"):
            handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body)

    def _has(self, name: str) -> bool:
        return any(key.lower() == name for key, _ in self.headers)


@attrs.frozen
class Reset(Responder):
    """Write ``prefix`` (e.g. headers and half a body), then reset the connection (RST, not FIN)."""

    prefix: bytes = b""

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        if self.prefix:
            handler.wfile.write(self.prefix)
        handler.reset_connection()


@attrs.frozen
class Stall(Responder):
    """Send nothing (or only ``prefix``) until shutdown or ``seconds`` pass, then close."""

    seconds: float = STALL_SECONDS
    prefix: bytes = b""

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        if self.prefix:
            handler.wfile.write(self.prefix)
        stopping.wait(self.seconds)
        handler.close_connection = True


@attrs.frozen
class Hold(Responder):
    """``reply`` once the test sets ``release`` (or at shutdown, or after ``seconds``)."""

    release: threading.Event
    reply: Reply
    seconds: float = STALL_SECONDS

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        for _ in range(int(self.seconds / POLL_SECONDS)):  # bounded; wakes on release or shutdown
            if self.release.wait(POLL_SECONDS) or stopping.is_set():
                break
        self.reply.respond(handler, stopping)


@attrs.frozen
class Trickle(Responder):
    """Headers announcing ``length`` bytes, then one byte every ``interval`` seconds until shutdown.

    Each read the client makes returns quickly, so only a deadline on the whole request ends it.
    """

    length: int = 1_000_000
    interval: float = 0.05

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(self.length))
        handler.end_headers()
        for _ in range(self.length):  # bounded; ends at once on shutdown
            handler.wfile.write(b"x")
            handler.wfile.flush()
            if stopping.wait(self.interval):
                break
        handler.close_connection = True


@attrs.frozen
class Conditional(Responder):
    """``reply`` with an ETag / Last-Modified; 304 when If-None-Match or If-Modified-Since matches."""

    reply: Reply
    etag: str | None = None
    last_modified: str | None = None

    def respond(self, handler: _Handler, stopping: threading.Event) -> None:
        validators = tuple((n, v) for n, v in (("ETag", self.etag), ("Last-Modified", self.last_modified)) if v)
        if self._matches(handler):
            Reply(304, validators).respond(handler, stopping)
        else:
            attrs.evolve(self.reply, headers=self.reply.headers + validators).respond(handler, stopping)

    def _matches(self, handler: _Handler) -> bool:
        tags = [tag.strip() for tag in handler.headers.get("If-None-Match", "").split(",")]
        if self.etag is not None and (self.etag in tags or "*" in tags):
            return True
        since = handler.headers.get("If-Modified-Since")
        return self.last_modified is not None and since == self.last_modified


# Helpers that build responders.


def html(
    text: str, *, status: int = 200, charset: str | None = "utf-8", headers: Iterable[tuple[str, str]] = ()
) -> Reply:
    """An HTML page encoded with ``charset`` (utf-8 if None), declared in Content-Type unless None."""
    content_type = "text/html" if charset is None else f"text/html; charset={charset}"
    body = text.encode(charset or "utf-8")
    return Reply(status, (("Content-Type", content_type), *headers), body)


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (no longer in /proc, or a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
    except OSError:
        return True


def story(n: int) -> str:
    """A small article page numbered ``n``: a headline and two paragraphs, enough to be extracted."""
    return (
        f"<html lang=en><head><title>Story {n} | Paper</title></head><body><article><h1>Story {n}</h1>"
        f"<p>Paragraph one of story {n}, long enough to count as the text of an article.</p>"
        f"<p>Paragraph two of story {n}, with a little more to say about what happened.</p>"
        "</article></body></html>"
    )


def status(code: int, *, headers: Iterable[tuple[str, str]] = ()) -> Reply:
    """A short plain-text response with this status."""
    return Reply(code, (("Content-Type", "text/plain"), *headers), f"status {code}\n".encode())


def retry_after(value: str, *, code: int = 503) -> Reply:
    """A 503 (or 429) carrying a Retry-After header, in seconds or as an HTTP-date."""
    return status(code, headers=[("Retry-After", value)])


def redirect(location: str, *, code: int = 302) -> Reply:
    return Reply(code, (("Location", location), ("Content-Length", "0")))


def raw(content_type: str, body: bytes, *, headers: Iterable[tuple[str, str]] = ()) -> Reply:
    """Any bytes with any Content-Type (pdf, png, xml, ...)."""
    return Reply(200, (("Content-Type", content_type), *headers), body)


def huge(total: int = 50 * MiB, *, content_type: str = "text/html") -> Reply:
    """``total`` zero bytes, chunked with no Content-Length, generated while sending."""
    return Reply(200, (("Content-Type", content_type),), chunks=functools.partial(zeros, total))


def gzip_bomb(size: int = 20 * MiB) -> Reply:
    """A small gzip body (about size/1000 bytes) that inflates to ``size`` zero bytes."""
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    return Reply(200, headers, compressed_zeros(size))


def zeros(total: int, step: int = 64 * 1024) -> Iterator[bytes]:
    """``total`` zero bytes in pieces of ``step``, never holding more than one piece."""
    piece = bytes(step)
    for start in range(0, total, step):
        yield piece[: min(step, total - start)]


@functools.cache
def compressed_zeros(size: int) -> bytes:
    """gzip of ``size`` zero bytes, compressed piece by piece and cached."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as stream:
        for piece in zeros(size, MiB):
            stream.write(piece)
    return buffer.getvalue()


def truncated(body: bytes, declared: int, *, headers: Iterable[tuple[str, str]] = ()) -> Reply:
    """Headers announcing ``declared`` bytes, then only ``body`` and an orderly close."""
    return Reply(200, (("Content-Type", "text/html"), ("Content-Length", str(declared)), ("Connection", "close"), *headers), body)


def reset_mid_body(declared: int = 100_000, sent: bytes = b"<html><body>partial") -> Reset:
    """Headers announcing ``declared`` bytes, a little of the body, then a reset."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {declared}\r\n\r\n".encode()
    return Reset(head + sent)


# The server.


class LocalServer:
    """Routes, request log and lifecycle of one threaded server; see the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._routes: dict[str, list[Responder]] = {}
        self._served: dict[str, int] = {}
        self._requests: list[Request] = []
        self.stopping = threading.Event()
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(POLL_SECONDS,), name="test-http-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, *script: Responder) -> str:
        """Serve ``script`` at ``path`` (the last responder repeats); returns the full URL."""
        if not script:
            raise ValueError("route() needs at least one responder")
        with self._lock:
            self._routes[path] = list(script)
            self._served[path] = 0
        return self.url(path)

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def hits(self, path: str) -> int:
        return len(self.requests_to(path))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Wake stalled handlers, stop accepting, end open connections, close the listening socket."""
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.hang_up()
        self._httpd.server_close()
        self._thread.join(timeout=IDLE_SECONDS)

    def _next_responder(self, handler: _Handler) -> Responder:
        path = urlsplit(handler.path).path
        with self._lock:
            self._requests.append(_recorded(handler, path))
            script = self._routes.get(path)
            if script is None:
                return status(404)
            index = min(self._served[path], len(script) - 1)
            self._served[path] += 1
            return script[index]

    def _dispatch(self, handler: _Handler) -> None:
        responder = self._next_responder(handler)
        try:
            responder.respond(handler, self.stopping)
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True  # the client gave up, as tests of size limits expect


@contextmanager
def serve() -> Iterator[LocalServer]:
    """Run a LocalServer for the duration of the block."""
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh LocalServer per test."""
    with serve() as running:
        yield running


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops SYNs when tests open many connections at once, and the
    # client then waits a full second for its SYN retry.
    request_queue_size = 128
    owner: LocalServer

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        # Without this, every small response waits ~40 ms for the client's delayed ACK.
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._open_lock:
            self._open.add(connection)
        return connection, address

    def close_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().close_request(request)

    def hang_up(self) -> None:
        """End idle keep-alive connections, so their handler threads finish now."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        """Stay quiet about clients that hang up; report anything else."""
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    server: _HTTPServer

    def do_GET(self) -> None:
        self.server.owner._dispatch(self)

    def reset_connection(self) -> None:
        """Close with SO_LINGER 0, so the client sees a reset rather than an orderly close."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()  # the file holds a reference: the socket only really closes without it
        self.connection.close()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request logging."""


def _recorded(handler: _Handler, path: str) -> Request:
    headers = {name.lower(): value for name, value in handler.headers.items()}
    return Request(method=handler.command, path=path, target=handler.path, headers=headers)


def _write_chunked(handler: _Handler, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        if chunk:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    handler.wfile.write(b"0\r\n\r\n")
