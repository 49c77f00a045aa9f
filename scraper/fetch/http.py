"""Fetch pages over HTTP: one retry policy, bounded bodies, errors from our own tree.

``Fetcher`` (sync) and ``AsyncFetcher`` only move bytes. Every decision lives in ``_Policy`` and is
shared: URL checks, redirects, status classification, Retry-After, backoff, content types, size
limits and error messages.

Bodies are read raw and decompressed here rather than by httpx: httpx inflates each network read in
one call, so a 64 KB read of a gzip bomb becomes 64 MB at once. ``_Inflater`` produces at most
``_STEP`` bytes per step, so memory stays near ``max_bytes`` whatever the compression ratio.
Redirects are followed here too, because httpx reads every redirect body whole; so is a page's
``<meta http-equiv="refresh">`` that sends the browser on at once (:mod:`scraper.fetch.refresh`,
``MAX_REFRESHES`` in a row), each hop a fetch of its own.

``settings.timeout`` bounds a whole attempt (connecting, headers and body), not each read: a server
that trickles one byte a second cannot hold a fetch past it. The async fetcher runs each attempt
under ``asyncio.timeout``; the sync one passes a deadline to its network streams through a context
variable, so every connect, write and read waits at most until the deadline (``_DeadlineBackend``).
``settings.read_timeout`` still ends a silent connection early, so a retry can start sooner.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.message
import email.utils
import functools
import logging
import random
import re
import select
import socket
import ssl
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any, Protocol, TypeVar

import attrs
import httpcore
import httpx
import tenacity

from scraper.fetch.encoding import binary_kind
from scraper.fetch.refresh import refresh_target
from scraper.errors import (
    FetchError,
    InvalidURL,
    PermanentFetchError,
    TransientFetchError,
)
from scraper.normalize import split_url
from scraper.settings import DEFAULT, Settings

__all__ = ["RETRYABLE_STATUSES", "AsyncFetcher", "Fetcher", "Page", "parse_retry_after"]

log = logging.getLogger(__name__)

# Statuses worth another attempt; every other non-2xx status (except 304) is final.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Meta refreshes followed in a row (each a fetch of its own, with its own redirects and retries); a page
# that refreshes on after that many is returned as it is.
MAX_REFRESHES = 3

_SCHEMES = frozenset({"http", "https"})
# Most bytes one inflate step may produce; bounds memory above max_bytes.
_STEP = 64 * 1024
# Only the codings _decoder_for can decode within the size cap.
_ACCEPT_ENCODING = "gzip, deflate"
_INFLATE_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_DELAY_SECONDS = re.compile(r"\d+", re.ASCII)

_RetryingT = TypeVar("_RetryingT", tenacity.Retrying, tenacity.AsyncRetrying)

# When the sync attempt running in this thread must be done (time.monotonic()); None outside one.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("scraper_fetch_deadline", default=None)


def utc_now() -> datetime:
    """The default clock: now, in UTC."""
    return datetime.now(timezone.utc)


def _lowercase_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _tz_aware(_instance: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"Page.{attribute.name} must be timezone-aware, got {value!r}")


@attrs.frozen(kw_only=True)
class Page:
    """One fetched response: a 2xx page, or a 304 answer to a conditional request."""

    url: str  # final URL, after redirects
    requested_url: str  # the URL given to fetch()
    status: int  # 2xx, or 304 (then body is empty)
    headers: Mapping[str, str] = attrs.field(converter=_lowercase_keys)  # as received; names lower-cased
    body: bytes  # decompressed
    charset: str | None  # charset parameter of the Content-Type header, if any
    fetched_at: datetime = attrs.field(validator=_tz_aware)  # when the body was complete, UTC
    attempts: int  # 1 unless retries were needed
    # The response head as received, for archiving (WARC): protocol, reason phrase, and every header
    # with its name's case, in order, repeats kept (latin-1 decoded, as HTTP/1.1 sends bytes).
    http_version: str = "HTTP/1.1"
    reason: str = ""
    raw_headers: tuple[tuple[str, str], ...] = ()


def _refresh(page: Page) -> str | None:
    """Where a 200 page's ``<meta http-equiv="refresh">`` sends the browser at once (see :mod:`scraper.fetch.refresh`)."""
    return refresh_target(page.body, page.url) if page.status == 200 and page.body else None


class _Cookies(httpx.Cookies):
    """The client's cookie jar, that skips responses setting no cookie before httpx reads their headers.

    ``httpx.Cookies.extract_cookies`` copies every response's headers into an ``email.message.Message``
    and builds a ``urllib`` request for ``http.cookiejar``, which then finds no Set-Cookie header
    (nearly every page): about 4 % of a crawl's main-process CPU, for nothing.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        headers = response.headers
        if "set-cookie" in headers or "set-cookie2" in headers:
            super().extract_cookies(response)


def _lazy_cookies(client: httpx.Client | httpx.AsyncClient) -> None:
    """Give ``client`` a _Cookies jar, the same jar inside (httpx has no public way to pass a
    Cookies subclass: its setter wraps the value in a plain Cookies); as in _deadline_transport,
    a later httpx laid out otherwise keeps its own."""
    cookies = getattr(client, "_cookies", None)
    if type(cookies) is httpx.Cookies:
        client._cookies = _Cookies(cookies.jar)  # type: ignore[union-attr]


@attrs.define
class _Call:
    """One fetch() call: what was asked, and how many attempts it has made so far."""

    url: str
    target: httpx.URL  # ``url`` as parsed by _Policy._check_url, so it is parsed once per call
    headers: Mapping[str, str] | httpx.Headers  # added to the client's headers by httpx
    accept: tuple[str, ...]
    max_bytes: int
    truncate: bool = False  # keep the first max_bytes and stop reading, instead of failing
    sniff: bool = False  # refuse bodies whose first bytes are not text (PDF, images, archives) as not_html
    attempts: int = 0
    deadline: float = 0.0  # time.monotonic() by which the current attempt must be done


@attrs.frozen
class _Failure:
    """A retryable outcome of one attempt; ``what`` completes the sentence "GET <url> ..."."""

    kind: str  # timeout | connection | http_status
    what: str
    status: int | None = None
    retry_after: float | None = None  # seconds the server asked for, before capping
    cause: BaseException | None = None


_Outcome = Page | _Failure


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or HTTP-date); None if absent or invalid."""
    if value is None:
        return None
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


class _Decoder(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]: ...

    def flush(self) -> Iterator[bytes]: ...


class _Identity:
    """The decoder for bodies sent without Content-Encoding."""

    def decode(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Inflater:
    """gzip / zlib / raw deflate decoding in steps of at most ``_STEP`` output bytes."""

    def __init__(self, wbits: int) -> None:
        self._zlib = zlib.decompressobj(wbits)
        # "deflate" is zlib-wrapped by the spec but raw deflate on some servers; decide on the first bytes.
        self._may_be_raw = wbits == zlib.MAX_WBITS

    def decode(self, data: bytes) -> Iterator[bytes]:
        while data and not self._zlib.eof:
            piece = self._first_step(data) if self._may_be_raw else self._zlib.decompress(data, _STEP)
            yield piece
            data = self._zlib.unconsumed_tail

    def flush(self) -> Iterator[bytes]:
        yield self._zlib.flush()
        if not self._zlib.eof:
            raise zlib.error("the compressed stream ends before its end marker: the body is truncated")

    def _first_step(self, data: bytes) -> bytes:
        self._may_be_raw = False
        try:
            return self._zlib.decompress(data, _STEP)
        except zlib.error:
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._zlib.decompress(data, _STEP)


def _codings(content_encoding: str) -> list[str]:
    """The content codings applied to a body, in order; identity is no coding."""
    codings = (coding.strip().lower() for coding in content_encoding.split(","))
    return [coding for coding in codings if coding not in ("", "identity")]


def _decoder_for(content_encoding: str) -> _Decoder | None:
    """The decoder for a Content-Encoding value; None when we cannot decode it."""
    codings = _codings(content_encoding)
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in _INFLATE_WBITS:
        return _Inflater(_INFLATE_WBITS[codings[0]])
    return None


def _clip(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    """``timeout`` shortened to the current attempt's deadline; raises ``expired`` once it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired("the request did not complete before its deadline")
    return remaining if timeout is None else min(timeout, remaining)


class _DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every read, write and TLS handshake ends by the attempt's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, clipped))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync network backend, with every connection honouring ``_DEADLINE``."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:  # fmt: skip
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, clipped, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, clipped, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def _deadline_transport() -> httpx.HTTPTransport:
    """httpx's default transport, its connection pool's network backend wrapped in _DeadlineBackend.

    httpx has no public way to pass a network backend, so the pool's one attribute is replaced;
    test_fetch checks the deadline against a server that trickles its body. Should a later httpx
    lay its pool out otherwise, the plain transport is used and the deadline is checked between
    body chunks only (``_Policy.check_deadline``).
    """
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    else:  # pragma: no cover - depends on the installed httpx
        log.warning("this httpx has no pool network backend to wrap; --timeout is checked between reads only")
    return transport


def _is_readable(sock: socket.socket) -> bool:
    """Whether a read would return at once: data, or the b"" of a connection the server closed."""
    fd = sock.fileno()
    if fd < 0:
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class _PooledStream(httpcore.AsyncNetworkStream):
    """An async network stream that answers ``get_extra_info("is_readable")`` from its socket, looked up once.

    httpcore's pool asks every idle connection whether its socket is readable (closed by the server)
    each time a request enters or leaves the pool; anyio answers by building a dict of all of the
    socket's typed attributes first, which was a tenth of a crawl's main-process CPU. The answer is
    the same: a ``poll`` of the socket (or True when it has no socket, like httpcore).
    """

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._socket: socket.socket | None = stream.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _PooledStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return True if self._socket is None else _is_readable(self._socket)
        return self._stream.get_extra_info(info)


class _PooledBackend(httpcore.AsyncNetworkBackend):
    """httpcore's async network backend, its streams wrapped in _PooledStream."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:  # fmt: skip
        return _PooledStream(await self._backend.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        return _PooledStream(await self._backend.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


def _pooled_transport() -> httpx.AsyncHTTPTransport:
    """httpx's default async transport, its connection pool's network backend wrapped in _PooledBackend.

    As in _deadline_transport, the pool's one attribute is replaced (httpx has no public way to pass
    a network backend); should a later httpx lay its pool out otherwise, the plain transport is used.
    """
    transport = httpx.AsyncHTTPTransport()
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = _PooledBackend(backend)  # type: ignore[union-attr]
    return transport


class _Body:
    """Collects decoded body bytes and fails as soon as they exceed the size cap."""

    def __init__(self, decoder: _Decoder, limit: int, error: Callable[[str, str], FetchError], *, truncate: bool = False) -> None:
        self._decoder = decoder
        self._limit = limit
        self._error = error
        self._truncate = truncate
        self._pieces: list[bytes] = []
        self._size = 0
        self.full = False  # truncate: the first ``limit`` bytes are in; the rest is not read

    def feed(self, raw: bytes) -> None:
        """Decode one raw network chunk."""
        self._keep_all(self._decoder.decode(raw))

    def finish(self) -> bytes:
        """Flush the decoder and return the whole decoded body; a compressed stream must be complete."""
        if not self.full:
            self._keep_all(self._decoder.flush())
        return b"".join(self._pieces)

    def _keep_all(self, pieces: Iterator[bytes]) -> None:
        try:
            for piece in pieces:
                self._keep(piece)
                if self.full:
                    break
        except zlib.error as exc:
            raise self._error("bad_response", f"sent a body that cannot be decompressed ({exc})") from exc

    def _keep(self, piece: bytes) -> None:
        if self.full:
            return
        self._size += len(piece)
        if self._size > self._limit and self._truncate:
            self._pieces.append(piece[: len(piece) - (self._size - self._limit)])
            self.full = True
            return
        if self._size > self._limit:
            raise self._error("too_large", f"sent a body larger than max_bytes={self._limit} after decompression")
        self._pieces.append(piece)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _count(attempts: int) -> str:
    return f"{attempts} attempt" if attempts == 1 else f"{attempts} attempts"


def _media_type(response: httpx.Response) -> str | None:
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media or None


@functools.lru_cache(maxsize=256)
def _charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value, read as ``httpx.Response.charset_encoding`` reads it.

    Cached: building an ``email.message.Message`` for every page cost about 20 µs, and a crawl sees
    few distinct Content-Type values.
    """
    if content_type is None:
        return None
    message = email.message.Message()
    message["content-type"] = content_type
    return message.get_content_charset(failobj=None)


def _accepts(accept: tuple[str, ...], media: str | None) -> bool:
    """A missing Content-Type is accepted; ``*/*`` and ``type/*`` work as wildcards."""
    return media is None or media in accept or "*/*" in accept or f"{media.split('/')[0]}/*" in accept


def _is_tls_verify_failure(exc: BaseException) -> bool:
    """True if a certificate check failed somewhere in the exception's cause chain (retrying cannot help)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _raw_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body as sent, in network chunks; a transport may hand back a response already read
    (httpx.MockTransport does), and then its content is already decoded."""
    return iter((response.content,)) if response.is_stream_consumed else response.iter_raw()


async def _araw_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """The async twin of ``_raw_chunks``."""
    if response.is_stream_consumed:
        yield response.content
        return
    async for chunk in response.aiter_raw():
        yield chunk


def _replay(first: _Outcome, attempt: Callable[[_Call], _Outcome]) -> Callable[[_Call], _Outcome]:
    """``attempt`` for the tenacity loop, its first call answered with ``first``.

    fetch() makes the first attempt itself and builds the loop only when it failed: building it
    cost about 40 us a page, and nearly every page is fetched at once. The loop then goes on as if
    it had made that attempt (its wait, its log line, the attempts left).
    """
    pending = [first]

    def replayed(call: _Call) -> _Outcome:
        return pending.pop() if pending else attempt(call)

    return replayed


def _areplay(first: _Outcome, attempt: Callable[[_Call], Awaitable[_Outcome]]) -> Callable[[_Call], Awaitable[_Outcome]]:
    """The async twin of ``_replay``."""
    pending = [first]

    async def replayed(call: _Call) -> _Outcome:
        return pending.pop() if pending else await attempt(call)

    return replayed


def _last_outcome(state: tenacity.RetryCallState) -> _Outcome:
    """Called by tenacity when attempts run out: hand back the last failure instead of a RetryError."""
    assert state.outcome is not None
    return state.outcome.result()  # type: ignore[no-any-return]


@attrs.frozen
class _Policy:
    """Every decision a fetch makes, shared by Fetcher and AsyncFetcher."""

    settings: Settings
    rng: random.Random
    clock: Callable[[], datetime]

    def client_headers(self) -> dict[str, str]:
        return {"User-Agent": self.settings.user_agent, "Accept-Encoding": _ACCEPT_ENCODING}

    def timeout(self) -> httpx.Timeout:
        """Per-operation timeouts; the whole attempt is bounded by ``settings.timeout`` besides."""
        return httpx.Timeout(min(self.settings.read_timeout, self.settings.timeout))

    def start(
        self, url: str, headers: Mapping[str, str] | None, accept: tuple[str, ...] | None, max_bytes: int | None,
        truncate: bool = False,
    ) -> _Call:
        """Check the URL before any I/O and prepare the call; None means "as in Settings"."""
        target = self._check_url(url)
        types = self.settings.html_types if accept is None else accept
        request_headers: dict[str, str] | httpx.Headers = {"Accept": ", ".join((*types, "*/*;q=0.8"))}
        if headers and type(headers) is dict and all(type(name) is str and name.lower() != "accept" for name in headers):
            request_headers.update(headers)  # as httpx.Headers would merge them; the client builds one anyway
        elif headers:  # the caller's Accept replaces ours, case aside; other mappings keep their repeats
            request_headers = httpx.Headers(request_headers)
            request_headers.update(headers)
        limit = self.settings.max_bytes if max_bytes is None else max_bytes
        sniff = accept is None  # pages: a body that starts like a PDF or an image is not HTML
        return _Call(url=url, target=target, headers=request_headers, accept=types, max_bytes=limit, truncate=truncate, sniff=sniff)

    def begin_attempt(self, call: _Call) -> None:
        call.attempts += 1
        call.deadline = time.monotonic() + self.settings.timeout

    def check_deadline(self, call: _Call) -> None:
        """Between body chunks: a transport without _DeadlineBackend (a proxy, a test transport) still stops."""
        if time.monotonic() > call.deadline:
            raise httpx.ReadTimeout("the request did not complete before its deadline")

    def bad_location(self, call: _Call, exc: InvalidURL) -> PermanentFetchError:
        """A redirect whose Location cannot be a URL: the server's fault, and retrying cannot fix it."""
        what = f"was redirected to an invalid Location {exc.url!r}; not followed"
        return self._permanent(call, "bad_response", what)

    def truncated(self, call: _Call, response: httpx.Response, exc: httpx.RemoteProtocolError) -> PermanentFetchError:
        """The connection closed before the body its headers announced was complete."""
        what = f"sent an incomplete body ({_one_line(exc)}); not retried"
        return self._body_error(call, response, "bad_response", what)

    def retrying(self, call: _Call, retrying_class: type[_RetryingT], sleep: Callable[[float], Any]) -> _RetryingT:
        """The tenacity loop: retry on _Failure results, return the last one when attempts run out."""
        return retrying_class(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1),
            retry=tenacity.retry_if_result(lambda outcome: isinstance(outcome, _Failure)),
            wait=self._wait,
            sleep=sleep,
            before_sleep=functools.partial(self._log_retry, call),
            retry_error_callback=_last_outcome,
        )

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after ``attempt`` failed: Retry-After up to the cap, else full-jitter backoff."""
        if retry_after is not None:
            return min(retry_after, self.settings.retry_after_cap)
        ceiling = self.settings.backoff_base * 2.0 ** min(attempt - 1, 64)
        return self.rng.uniform(0.0, min(ceiling, self.settings.backoff_max))

    def redirect(self, call: _Call, response: httpx.Response, redirects: int) -> httpx.Request:
        """The next request of a redirect chain, after ``redirects`` redirects were followed."""
        target = response.next_request
        assert target is not None, "only called for redirect responses"
        if redirects >= self.settings.max_redirects:
            raise self._permanent(
                call, "too_many_redirects",
                f"was redirected more than {self.settings.max_redirects} times (last to {target.url})",
                response.status_code,
            )  # fmt: skip
        if target.url.scheme not in _SCHEMES:
            raise self._permanent(
                call, "bad_response",
                f"returned {response.status_code} to {target.url}, which is not http(s) and is not followed",
                response.status_code,
            )  # fmt: skip
        return target

    def check(self, call: _Call, response: httpx.Response) -> _Failure | None:
        """Classify the final response before its body is read: None means read the body."""
        status = response.status_code
        if status in RETRYABLE_STATUSES:
            retry_after = parse_retry_after(response.headers.get("retry-after"), self.clock())
            return _Failure("http_status", f"returned {status}{_at(call, response)}", status, retry_after)
        if status == 304:
            return None
        if not 200 <= status < 300:
            raise self._permanent(call, "http_status", f"returned {status}{_at(call, response)}; not retried", status)
        self._check_content_type(call, response)
        self._check_content_length(call, response)
        return None

    def body(self, call: _Call, response: httpx.Response) -> _Body:
        """A size-capped collector for this response's decoded body."""
        encoding = "" if response.is_stream_consumed else response.headers.get("content-encoding", "")
        decoder = _decoder_for(encoding)
        if decoder is None:
            raise self._permanent(call, "bad_response", f"sent Content-Encoding {encoding!r}, which is not supported")
        return _Body(decoder, call.max_bytes, functools.partial(self._body_error, call, response), truncate=call.truncate)

    def page(self, call: _Call, response: httpx.Response, body: bytes) -> Page:
        kind = binary_kind(body) if call.sniff else None
        if kind is not None:
            media = _media_type(response) or "no Content-Type"
            raise self._body_error(call, response, "not_html", f"sent {kind}, not HTML (labelled {media})")
        return Page(
            url=str(response.url),
            requested_url=call.url,
            status=response.status_code,
            headers=response.headers,
            body=body,
            charset=_charset(response.headers.get("content-type")),
            fetched_at=self.clock(),
            attempts=call.attempts,
            http_version=response.http_version,
            reason=response.reason_phrase,
            raw_headers=tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in response.headers.raw),
        )

    def transport_failure(self, call: _Call, exc: httpx.TransportError) -> _Failure:
        """A retryable failure for timeouts and connection errors; raises for the rest."""
        if isinstance(exc, httpx.TimeoutException):
            if time.monotonic() >= call.deadline:
                return _Failure("timeout", f"did not complete within the {self.settings.timeout:g}s timeout", cause=exc)
            return _Failure("timeout", f"timed out ({_one_line(exc)})", cause=exc)
        if _is_tls_verify_failure(exc):
            what = f"failed TLS verification ({_one_line(exc)}); not retried"
            raise self._permanent(call, "connection", what) from exc
        if isinstance(exc, (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError)):
            return _Failure("connection", f"failed with a connection error ({_one_line(exc)})", cause=exc)
        raise self._permanent(call, "bad_input", f"could not be sent ({_one_line(exc)})") from exc

    def conclude(self, call: _Call, outcome: _Outcome) -> Page:
        """Return the page, or raise TransientFetchError for the failure that outlasted every retry."""
        if isinstance(outcome, Page):
            return outcome
        note = "" if outcome.retry_after is None else f" (last Retry-After: {outcome.retry_after:.0f}s)"
        raise TransientFetchError(
            f"GET {call.url} {outcome.what} after {_count(call.attempts)}{note}",
            url=call.url,
            kind=outcome.kind,
            status=outcome.status,
            attempts=call.attempts,
        ) from outcome.cause

    def _check_url(self, url: str) -> httpx.URL:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            what = f"refused: not a valid URL ({exc})"
            raise PermanentFetchError(f"GET {url!r} {what}", url=str(url), kind="bad_input", attempts=0) from exc
        if parsed.scheme not in _SCHEMES or not parsed.host:
            what = "refused: only absolute http(s) URLs can be fetched"
            raise PermanentFetchError(f"GET {url!r} {what}", url=url, kind="bad_input", attempts=0)
        return parsed

    def _check_content_type(self, call: _Call, response: httpx.Response) -> None:
        media = _media_type(response)
        if not _accepts(call.accept, media):
            expected = ", ".join(call.accept)
            what = f"returned Content-Type {media}{_at(call, response)}; expected one of {expected}"
            raise self._permanent(call, "not_html", what, response.status_code)

    def _check_content_length(self, call: _Call, response: httpx.Response) -> None:
        """Refuse early when an uncompressed body announces more than the cap."""
        length = response.headers.get("content-length", "")
        identity = not _codings(response.headers.get("content-encoding", ""))
        if identity and not call.truncate and length.isdigit() and int(length) > call.max_bytes:
            where = _at(call, response)
            what = f"announced {length} bytes (Content-Length){where}, more than max_bytes={call.max_bytes}"
            raise self._permanent(call, "too_large", what, response.status_code)

    def _body_error(self, call: _Call, response: httpx.Response, kind: str, what: str) -> FetchError:
        return self._permanent(call, kind, f"{what}{_at(call, response)}", response.status_code)

    def _permanent(self, call: _Call, kind: str, what: str, status: int | None = None) -> PermanentFetchError:
        message = f"GET {call.url} {what}"
        return PermanentFetchError(message, url=call.url, kind=kind, status=status, attempts=call.attempts)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        assert state.outcome is not None
        failure: _Failure = state.outcome.result()
        return self.delay(state.attempt_number, failure.retry_after)

    def _log_retry(self, call: _Call, state: tenacity.RetryCallState) -> None:
        assert state.outcome is not None
        failure: _Failure = state.outcome.result()
        log.warning(
            "GET %s %s on attempt %d of %d; retrying in %.1fs",
            call.url, failure.what, state.attempt_number, self.settings.retries + 1, state.upcoming_sleep,
        )  # fmt: skip


def _check_location(response: httpx.Response) -> None:
    """Response hook: raise InvalidURL for a redirect whose Location is not a usable URL.

    httpx would raise RemoteProtocolError, which looks like a dropped connection and gets retried.
    """
    if not response.has_redirect_location:
        return
    location = response.headers["location"]
    try:
        split_url(str(response.request.url.join(location)))
    except httpx.InvalidURL as exc:
        raise InvalidURL(f"malformed Location {location!r}: {exc}", url=location) from exc


async def _acheck_location(response: httpx.Response) -> None:
    _check_location(response)


def _at(call: _Call, response: httpx.Response) -> str:
    """Where the response came from, when redirects led away from the requested URL."""
    return "" if response.url == call.target else f" at {response.url}"


class Fetcher:
    """Fetches pages with one ``httpx.Client``; use as a context manager."""

    def __init__(
        self,
        settings: Settings = DEFAULT,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self._policy = _Policy(settings, rng or random.Random(), clock)
        self._sleep = sleep
        self._client = httpx.Client(
            headers=self._policy.client_headers(),
            timeout=self._policy.timeout(),
            follow_redirects=False,
            transport=_deadline_transport() if transport is None else transport,
            event_hooks={"response": [_check_location]},
        )
        _lazy_cookies(self._client)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> Page:
        """GET ``url`` with retries, following redirects.

        ``headers`` are added to the request (e.g. If-None-Match: a 304 answer comes back as a Page
        with status 304 and an empty body). ``accept`` replaces ``settings.html_types`` for this call
        (feeds, sitemaps, robots.txt; ``"*/*"`` and ``"text/*"`` work as wildcards), and ``max_bytes``
        replaces ``settings.max_bytes``; with ``truncate`` a longer body is cut to its first ``max_bytes``
        (robots.txt) instead of failing as too_large. Raises PermanentFetchError or TransientFetchError.
        """
        page = self._fetch(url, headers, accept, max_bytes, truncate)
        for _ in range(MAX_REFRESHES if accept is None else 0):  # pages only: a feed's refresh is no redirect
            target = _refresh(page)
            if target is None:
                break
            page = attrs.evolve(self._fetch(target, None, accept, max_bytes, truncate), requested_url=url)
        return page

    def _fetch(
        self, url: str, headers: Mapping[str, str] | None, accept: tuple[str, ...] | None, max_bytes: int | None, truncate: bool
    ) -> Page:
        call = self._policy.start(url, headers, accept, max_bytes, truncate)
        first = self._attempt(call)
        if isinstance(first, Page):
            return first
        retrying = self._policy.retrying(call, tenacity.Retrying, self._sleep)
        return self._policy.conclude(call, retrying(_replay(first, self._attempt), call))

    def _attempt(self, call: _Call) -> _Outcome:
        self._policy.begin_attempt(call)
        token = _DEADLINE.set(call.deadline)
        try:
            return self._exchange(call)
        except httpx.TransportError as exc:
            return self._policy.transport_failure(call, exc)
        except InvalidURL as exc:
            raise self._policy.bad_location(call, exc) from exc
        finally:
            _DEADLINE.reset(token)

    def _exchange(self, call: _Call) -> _Outcome:
        response = self._follow_redirects(call)
        try:
            failure = self._policy.check(call, response)
            if failure is not None:
                return failure
            body = self._policy.body(call, response)
            try:
                for chunk in _raw_chunks(response):
                    body.feed(chunk)
                    if body.full:
                        break
                    self._policy.check_deadline(call)
            except httpx.RemoteProtocolError as exc:
                raise self._policy.truncated(call, response, exc) from exc
            return self._policy.page(call, response, body.finish())
        finally:
            response.close()

    def _follow_redirects(self, call: _Call) -> httpx.Response:
        request = self._client.build_request("GET", call.target, headers=call.headers)
        response = self._client.send(request, stream=True)
        redirects = 0
        while response.next_request is not None:  # set by httpx for 301, 302, 303, 307, 308 with a Location
            response.close()
            response = self._client.send(self._policy.redirect(call, response, redirects), stream=True)
            redirects += 1
        return response


class AsyncFetcher:
    """The asyncio twin of Fetcher, over one ``httpx.AsyncClient``; safe for many concurrent fetches."""

    def __init__(
        self,
        settings: Settings = DEFAULT,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self._policy = _Policy(settings, rng or random.Random(), clock)
        self._sleep = sleep
        self._entry = asyncio.Lock()  # see _send
        self._client = httpx.AsyncClient(
            headers=self._policy.client_headers(),
            timeout=self._policy.timeout(),
            follow_redirects=False,
            transport=_pooled_transport() if transport is None else transport,
            event_hooks={"response": [_acheck_location]},
        )
        _lazy_cookies(self._client)

    async def __aenter__(self) -> AsyncFetcher:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> Page:
        """Same contract as ``Fetcher.fetch``."""
        page = await self._fetch(url, headers, accept, max_bytes, truncate)
        for _ in range(MAX_REFRESHES if accept is None else 0):
            target = _refresh(page)
            if target is None:
                break
            page = attrs.evolve(await self._fetch(target, None, accept, max_bytes, truncate), requested_url=url)
        return page

    async def _fetch(
        self, url: str, headers: Mapping[str, str] | None, accept: tuple[str, ...] | None, max_bytes: int | None, truncate: bool
    ) -> Page:
        call = self._policy.start(url, headers, accept, max_bytes, truncate)
        first = await self._attempt(call)
        if isinstance(first, Page):
            return first
        retrying = self._policy.retrying(call, tenacity.AsyncRetrying, self._sleep)
        return self._policy.conclude(call, await retrying(_areplay(first, self._attempt), call))

    async def _attempt(self, call: _Call) -> _Outcome:
        self._policy.begin_attempt(call)
        try:
            async with asyncio.timeout(self._policy.settings.timeout):
                return await self._exchange(call)
        except TimeoutError as exc:
            return self._policy.transport_failure(call, httpx.TimeoutException(str(exc) or "deadline"))
        except httpx.TransportError as exc:
            return self._policy.transport_failure(call, exc)
        except InvalidURL as exc:
            raise self._policy.bad_location(call, exc) from exc

    async def _exchange(self, call: _Call) -> _Outcome:
        response = await self._follow_redirects(call)
        try:
            failure = self._policy.check(call, response)
            if failure is not None:
                return failure
            body = self._policy.body(call, response)
            try:
                async for chunk in _araw_chunks(response):
                    body.feed(chunk)
                    if body.full:
                        break
            except httpx.RemoteProtocolError as exc:
                raise self._policy.truncated(call, response, exc) from exc
            return self._policy.page(call, response, body.finish())
        finally:
            await response.aclose()

    async def _follow_redirects(self, call: _Call) -> httpx.Response:
        request = self._client.build_request("GET", call.target, headers=call.headers)
        response = await self._send(request)
        redirects = 0
        while response.next_request is not None:  # set by httpx for 301, 302, 303, 307, 308 with a Location
            await response.aclose()
            response = await self._send(self._policy.redirect(call, response, redirects))
            redirects += 1
        return response

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send ``request``, one request at a time entering the connection pool.

        httpcore's pool hands an idle connection to a request, but the connection stays idle until
        that request's task runs again; requests entering meanwhile get the same connection, and
        all but one go round the pool again (ConnectionNotAvailable), each pass scanning every
        connection. A crawl launching several pages at once went round 2.6 times a page. The
        entry is held until the request's first trace event (``extensions["trace"]``, public in
        httpcore): from then on, the connection is its own (busy, or a new one connecting).
        """
        await self._entry.acquire()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._entry.release()

        async def trace(_event: str, _info: object) -> None:
            release()
            # httpcore reads the extension afresh for each event: without it, the request's
            # other events (about ten) skip the callback instead of awaiting a no-op
            request.extensions.pop("trace", None)

        request.extensions["trace"] = trace
        try:
            return await self._client.send(request, stream=True)
        finally:
            release()
