"""Fetcher and AsyncFetcher against a real local server that injects faults.

No test waits: sleeps are recorded instead of slept, the backoff jitter is pinned to its ceiling,
and the clock is fixed. Only stall tests spend real time, bounded by a 0.2 s client timeout.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import random
import socket
import ssl
import tracemalloc
import zlib
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, TypeVar

import attrs
import httpcore
import httpx
import pytest
from servers import (
    Conditional,
    LocalServer,
    MiB,
    Reply,
    Reset,
    Stall,
    Trickle,
    compressed_zeros,
    gzip_bomb,
    html,
    huge,
    raw,
    redirect,
    reset_mid_body,
    retry_after,
    server,  # noqa: F401  (pytest fixture)
    status,
    truncated,
)

from scraper.errors import FetchError, PermanentFetchError, TransientFetchError
from scraper.fetch import AsyncFetcher, Fetcher, Page, parse_retry_after
from scraper.fetch.http import _charset, _PooledStream
from scraper.settings import DEFAULT

T = TypeVar("T")
NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
# Stall tests: small enough to be quick, large enough that a loaded machine answers a normal request.
SHORT_TIMEOUT = 0.2


class Ceiling(random.Random):
    """Full jitter pinned to its upper bound, so backoff delays are exact."""

    def uniform(self, a: float, b: float) -> float:
        return b


def make_fetcher(sleeps: list[float], **changes: Any) -> Fetcher:
    return Fetcher(attrs.evolve(DEFAULT, **changes), sleep=sleeps.append, clock=lambda: NOW, rng=Ceiling())


def make_async_fetcher(sleeps: list[float], **changes: Any) -> AsyncFetcher:
    async def record(seconds: float) -> None:
        sleeps.append(seconds)

    return AsyncFetcher(attrs.evolve(DEFAULT, **changes), sleep=record, clock=lambda: NOW, rng=Ceiling())


def fetch(
    url: str, sleeps: list[float] | None = None, *, headers: dict[str, str] | None = None, **changes: Any
) -> Page:
    with make_fetcher([] if sleeps is None else sleeps, **changes) as fetcher:
        return fetcher.fetch(url, headers=headers)


def fetch_async(url: str, sleeps: list[float] | None = None, **changes: Any) -> Page:
    async def main() -> Page:
        async with make_async_fetcher([] if sleeps is None else sleeps, **changes) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(main())


def failure(call: Callable[[], object]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        call()
    return caught.value


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


# Success, headers, request shape.


def test_returns_page_with_body_headers_and_charset(server: LocalServer) -> None:
    url = server.route("/story", html("<p>café</p>", charset="utf-8", headers=[("X-Custom", "Yes")]))

    page = fetch(url)

    assert (page.url, page.requested_url, page.status, page.attempts) == (url, url, 200, 1)
    assert page.body == "<p>café</p>".encode()
    assert page.charset == "utf-8"
    assert type(page.headers) is dict
    assert page.headers["x-custom"] == "Yes"
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.fetched_at == NOW


def test_sends_project_user_agent(server: LocalServer) -> None:
    url = server.route("/ua", html("ok"))

    fetch(url)

    sent = server.requests_to("/ua")[0].headers
    assert sent["user-agent"] == DEFAULT.user_agent
    assert sent["accept-encoding"] == "gzip, deflate"
    assert sent["accept"].startswith("text/html, application/xhtml+xml")


def test_extra_headers_are_sent(server: LocalServer) -> None:
    url = server.route("/h", html("ok"))

    fetch(url, headers={"If-None-Match": '"abc"', "Accept-Language": "de"})

    sent = server.requests_to("/h")[0].headers
    assert (sent["if-none-match"], sent["accept-language"]) == ('"abc"', "de")


def test_request_headers_keep_their_order_and_a_callers_accept_replaces_ours() -> None:
    sent: list[list[tuple[bytes, bytes]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(list(request.headers.raw))
        return httpx.Response(200, html="ok")

    with Fetcher(transport=httpx.MockTransport(handler)) as fetcher:
        fetcher.fetch("https://example.com/a", headers={"User-Agent": "bot", "If-None-Match": '"x"'})
        fetcher.fetch("https://example.com/b", headers={"accept": "text/plain", "User-Agent": "bot"})

    names = [[name.lower() for name, _ in headers] for headers in sent]
    assert names[0][-3:] == [b"accept", b"user-agent", b"if-none-match"]
    assert dict(sent[0])[b"User-Agent"] == b"bot"
    assert [value for name, value in sent[1] if name.lower() == b"accept"] == [b"text/plain"]


def _cookie_handler(seen: list[str | None]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("cookie"))
        if request.url.path == "/login":
            return httpx.Response(200, html="ok", headers=[("Set-Cookie", "session=abc; Path=/")])
        return httpx.Response(200, html="ok")

    return handler


def test_cookies_a_response_sets_are_sent_with_later_requests() -> None:
    seen: list[str | None] = []
    with Fetcher(transport=httpx.MockTransport(_cookie_handler(seen))) as fetcher:
        for path in ("/before", "/login", "/after", "/later"):
            fetcher.fetch(f"https://example.com{path}")
    assert seen == [None, None, "session=abc", "session=abc"]


def test_async_cookies_a_response_sets_are_sent_with_later_requests() -> None:
    seen: list[str | None] = []

    async def main() -> None:
        async with AsyncFetcher(transport=httpx.MockTransport(_cookie_handler(seen))) as fetcher:
            for path in ("/before", "/login", "/after"):
                await fetcher.fetch(f"https://example.com{path}")

    run(main())
    assert seen == [None, None, "session=abc"]


def test_timeouts_come_from_settings() -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, html=".")

    with Fetcher(attrs.evolve(DEFAULT, timeout=3.5), transport=httpx.MockTransport(handler)) as fetcher:
        fetcher.fetch("https://news.example/")

    assert seen == [{"connect": 3.5, "read": 3.5, "write": 3.5, "pool": 3.5}]


# Retries on statuses.


def test_retries_503_then_returns_page(server: LocalServer) -> None:
    url = server.route("/flaky", status(503), status(503), html("<p>ok</p>"))
    sleeps: list[float] = []

    page = fetch(url, sleeps)

    assert (page.status, page.body, page.attempts) == (200, b"<p>ok</p>", 3)
    assert server.hits("/flaky") == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(server: LocalServer, code: int) -> None:
    url = server.route("/r", status(code), html("ok"))

    assert fetch(url).attempts == 2


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410, 451, 501])
def test_404_is_not_retried(server: LocalServer, code: int) -> None:
    url = server.route("/gone", status(code))
    sleeps: list[float] = []

    error = failure(lambda: fetch(url, sleeps))

    assert isinstance(error, PermanentFetchError)
    assert (error.kind, error.status, error.attempts, error.url) == ("http_status", code, 1, url)
    assert str(error) == f"GET {url} returned {code}; not retried"
    assert server.hits("/gone") == 1
    assert sleeps == []


def test_permanent_status_after_retries_counts_attempts(server: LocalServer) -> None:
    url = server.route("/then-404", status(503), status(404))

    error = failure(lambda: fetch(url))

    assert (type(error), error.status, error.attempts) == (PermanentFetchError, 404, 2)


def test_gives_up_after_max_attempts_with_fetch_error(server: LocalServer) -> None:
    url = server.route("/down", status(503))
    sleeps: list[float] = []

    error = failure(lambda: fetch(url, sleeps))

    assert type(error) is TransientFetchError
    assert (error.kind, error.status, error.attempts, error.url) == ("http_status", 503, 4, url)
    assert str(error) == f"GET {url} returned 503 after 4 attempts"
    assert server.hits("/down") == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_retries_setting_sets_attempts(server: LocalServer) -> None:
    url = server.route("/down", status(500))

    error = failure(lambda: fetch(url, retries=0))

    assert (error.attempts, server.hits("/down")) == (1, 1)
    assert str(error) == f"GET {url} returned 500 after 1 attempt"


def test_give_up_message_names_last_retry_after(server: LocalServer) -> None:
    url = server.route("/busy", retry_after("120"))

    error = failure(lambda: fetch(url))

    assert str(error) == f"GET {url} returned 503 after 4 attempts (last Retry-After: 120s)"


def test_retries_are_logged_with_url_attempt_and_reason(server: LocalServer, caplog: pytest.LogCaptureFixture) -> None:
    url = server.route("/flaky", status(502), html("ok"))

    with caplog.at_level(logging.WARNING, logger="scraper.fetch"):
        fetch(url)

    assert [record.getMessage() for record in caplog.records] == [
        f"GET {url} returned 502 on attempt 1 of 4; retrying in 0.5s"
    ]


# Retry-After and backoff.


def test_honours_retry_after_seconds(server: LocalServer) -> None:
    url = server.route("/slow-down", retry_after("7", code=429), html("ok"))
    sleeps: list[float] = []

    fetch(url, sleeps)

    assert sleeps == [7.0]


def test_retry_after_http_date(server: LocalServer) -> None:
    when = format_datetime(NOW + timedelta(seconds=30), usegmt=True)
    url = server.route("/later", retry_after(when), html("ok"))
    sleeps: list[float] = []

    fetch(url, sleeps)

    assert sleeps == [30.0]


def test_retry_after_in_the_past_means_no_wait(server: LocalServer) -> None:
    url = server.route("/late", retry_after(format_datetime(NOW - timedelta(hours=1), usegmt=True)), html("ok"))
    sleeps: list[float] = []

    fetch(url, sleeps)

    assert sleeps == [0.0]


def test_retry_after_is_capped(server: LocalServer) -> None:
    url = server.route("/nap", retry_after("3600"), retry_after("3600"), html("ok"))
    sleeps: list[float] = []

    fetch(url, sleeps, retry_after_cap=60.0)

    assert sleeps == [60.0, 60.0]


def test_invalid_retry_after_falls_back_to_backoff(server: LocalServer) -> None:
    url = server.route("/odd", retry_after("soon"), html("ok"))
    sleeps: list[float] = []

    fetch(url, sleeps)

    assert sleeps == [0.5]


def test_backoff_doubles_up_to_backoff_max(server: LocalServer) -> None:
    url = server.route("/down", status(503))
    sleeps: list[float] = []

    failure(lambda: fetch(url, sleeps, retries=5, backoff_base=1.0, backoff_max=5.0))

    assert sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_backoff_jitter_is_full_and_seeded(server: LocalServer) -> None:
    url = server.route("/down", status(503))
    runs: list[list[float]] = []
    for _ in range(2):
        sleeps: list[float] = []
        with Fetcher(attrs.evolve(DEFAULT, retries=6), sleep=sleeps.append, rng=random.Random(7)) as fetcher:
            failure(lambda: fetcher.fetch(url))
        runs.append(sleeps)

    assert runs[0] == runs[1]
    ceilings = [0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert all(0.0 <= slept <= ceiling for slept, ceiling in zip(runs[0], ceilings, strict=True))
    assert runs[0] != ceilings


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 120 ", 120.0),
        ("0", 0.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        ("Sat, 01 Mar 2025 12:01:00 GMT", 60.0),
        ("Sat, 01 Mar 2025 11:00:00 GMT", 0.0),
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        ("٣", None),  # a non-ASCII digit
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, NOW) == seconds


# Connection faults.


def test_connection_reset_is_retried(server: LocalServer) -> None:
    url = server.route("/reset", Reset(), html("ok"))

    page = fetch(url)

    assert (page.body, page.attempts) == (b"ok", 2)


def test_reset_in_the_middle_of_the_body_is_retried(server: LocalServer) -> None:
    url = server.route("/cut", reset_mid_body(), html("whole"))

    page = fetch(url)

    assert (page.body, page.attempts) == (b"whole", 2)


def test_repeated_resets_give_up_as_connection_error(server: LocalServer) -> None:
    url = server.route("/reset", Reset())

    error = failure(lambda: fetch(url, retries=2))

    assert type(error) is TransientFetchError
    assert (error.kind, error.status, error.attempts) == ("connection", None, 3)
    assert isinstance(error.__cause__, httpx.TransportError)
    assert str(error).startswith(f"GET {url} failed with a connection error (")
    assert str(error).endswith(") after 3 attempts")


def test_refused_connection_is_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more.

    error = failure(lambda: fetch(f"http://127.0.0.1:{port}/", retries=1))

    assert (type(error), error.kind, error.attempts) == (TransientFetchError, "connection", 2)


def test_stall_times_out(server: LocalServer) -> None:
    url = server.route("/stall", Stall())

    error = failure(lambda: fetch(url, timeout=SHORT_TIMEOUT, retries=1))

    assert type(error) is TransientFetchError
    assert (error.kind, error.status, error.attempts) == ("timeout", None, 2)
    assert server.hits("/stall") == 2
    assert str(error) == f"GET {url} did not complete within the 0.2s timeout after 2 attempts"


def test_silence_longer_than_the_read_timeout_times_out_before_the_deadline(server: LocalServer) -> None:
    url = server.route("/stall", Stall())

    error = failure(lambda: fetch(url, timeout=30.0, read_timeout=SHORT_TIMEOUT, retries=0))

    assert str(error) == f"GET {url} timed out (ReadTimeout: timed out) after 1 attempt"


def test_a_trickling_body_is_cut_off_at_the_whole_request_deadline(server: LocalServer) -> None:
    # Every read returns a byte well within the read timeout; only the deadline can end the fetch.
    url = server.route("/trickle", Trickle(interval=0.02))

    error = failure(lambda: fetch(url, timeout=0.5, read_timeout=5.0, retries=0))

    assert (type(error), error.kind, error.attempts) == (TransientFetchError, "timeout", 1)
    assert "did not complete within the 0.5s timeout" in str(error)


def test_async_trickling_body_is_cut_off_at_the_whole_request_deadline(server: LocalServer) -> None:
    url = server.route("/trickle", Trickle(interval=0.02))

    error = failure(lambda: fetch_async(url, timeout=0.5, read_timeout=5.0, retries=0))

    assert (type(error), error.kind, error.attempts) == (TransientFetchError, "timeout", 1)
    assert "did not complete within the 0.5s timeout" in str(error)


def test_each_retry_gets_its_own_deadline(server: LocalServer) -> None:
    url = server.route("/trickle", Trickle(interval=0.02), html("<p>ok</p>"))

    page = fetch(url, timeout=0.5, read_timeout=5.0, retries=1)

    assert (page.body, page.attempts) == (b"<p>ok</p>", 2)


def test_stall_in_the_middle_of_the_body_times_out(server: LocalServer) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>"
    url = server.route("/drip", Stall(prefix=head), html("recovered"))

    page = fetch(url, timeout=SHORT_TIMEOUT)

    assert (page.body, page.attempts) == (b"recovered", 2)


def test_tls_verification_failure_is_not_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed: self-signed certificate")
        except ssl.SSLError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    sleeps: list[float] = []
    with Fetcher(transport=httpx.MockTransport(handler), sleep=sleeps.append) as fetcher:
        error = failure(lambda: fetcher.fetch("https://self-signed.example/"))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "connection", 1)
    assert "not retried" in str(error)


# Redirects.


def test_redirect_chain_followed_and_final_url_kept(server: LocalServer) -> None:
    start = server.route("/a", redirect("/b", code=301))
    server.route("/b", redirect(server.url("/c"), code=302))
    server.route("/c", redirect("d", code=307))
    server.route("/d", redirect("/e?x=1", code=308))
    server.route("/e", html("here"))

    page = fetch(start)

    assert (page.url, page.requested_url, page.body) == (server.url("/e?x=1"), start, b"here")
    assert [request.target for request in server.requests] == ["/a", "/b", "/c", "/d", "/e?x=1"]


def test_redirects_up_to_the_limit_are_followed(server: LocalServer) -> None:
    for hop in range(3):
        server.route(f"/hop{hop}", redirect(f"/hop{hop + 1}"))
    server.route("/hop3", html("end"))

    assert fetch(server.url("/hop0"), max_redirects=3).body == b"end"


def test_redirect_loop_fails(server: LocalServer) -> None:
    url = server.route("/loop/a", redirect("/loop/b"))
    server.route("/loop/b", redirect("/loop/a"))

    error = failure(lambda: fetch(url, max_redirects=4))

    assert isinstance(error, PermanentFetchError)
    assert (error.kind, error.attempts) == ("too_many_redirects", 1)
    assert len(server.requests) == 5
    assert str(error) == f"GET {url} was redirected more than 4 times (last to {server.url('/loop/b')})"


def stub(content: str) -> str:
    """A page that sends the browser on with a meta refresh ``content``."""
    return f'<html><head><meta http-equiv="Refresh" content="{content}"><title>Moved</title></head><body><a href="#">Continue</a></body></html>'


@pytest.mark.parametrize("fetcher", [fetch, fetch_async], ids=["sync", "async"])
def test_a_meta_refresh_that_leaves_at_once_is_followed_like_a_redirect(server: LocalServer, fetcher) -> None:
    start = server.route("/moved", html(stub("0; url=/story?id=7")))
    server.route("/story", html("<p>the story</p>"))

    page = fetcher(start)

    assert (page.url, page.requested_url, page.body) == (server.url("/story?id=7"), start, b"<p>the story</p>")


@pytest.mark.parametrize("content", ["300; url=/story", "30", "0; url=#top", "0; url=ftp://files.example/a", "0; url=http://[::1"])
def test_a_reload_a_slow_refresh_or_an_unusable_target_is_not_followed(server: LocalServer, content: str) -> None:
    start = server.route("/live", html(stub(content)))
    server.route("/story", html("<p>the story</p>"))

    page = fetch(start)

    assert page.url == start and [r.target for r in server.requests] == ["/live"]


def test_refreshes_in_a_loop_stop_after_max_refreshes(server: LocalServer) -> None:
    from scraper.fetch.http import MAX_REFRESHES

    start = server.route("/r/a", html(stub("0; url=/r/b")))
    server.route("/r/b", html(stub("0; url=/r/a")))

    page = fetch(start)

    assert len(server.requests) == 1 + MAX_REFRESHES and page.requested_url == start


def test_redirect_to_ftp_fails_cleanly(server: LocalServer) -> None:
    url = server.route("/to-ftp", redirect("ftp://files.example/report.pdf", code=301))

    error = failure(lambda: fetch(url))

    assert isinstance(error, PermanentFetchError)
    assert (error.kind, error.status, error.attempts) == ("bad_response", 301, 1)
    assert "ftp://files.example/report.pdf" in str(error)


@pytest.mark.parametrize("location", ["http://[::1", "http://[::1]:99999/x", "http://news.example:-1/", "/a\x7fb"])
def test_invalid_location_fails_as_bad_response_and_is_not_retried(server: LocalServer, location: str) -> None:
    url = server.route("/moved", Reply(302, (("Location", location), ("Content-Length", "0"))))

    error = failure(lambda: fetch(url))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "bad_response", 1)
    assert server.hits("/moved") == 1
    assert str(error).startswith(f"GET {url} was redirected to an invalid Location")


def test_async_invalid_location_fails_as_bad_response(server: LocalServer) -> None:
    url = server.route("/moved", redirect("http://[::1"))

    error = failure(lambda: fetch_async(url))

    assert (error.kind, error.attempts) == ("bad_response", 1)
    assert server.hits("/moved") == 1


def test_status_error_after_redirect_names_where_it_happened(server: LocalServer) -> None:
    url = server.route("/moved", redirect("/missing"))

    error = failure(lambda: fetch(url))

    assert str(error) == f"GET {url} returned 404 at {server.url('/missing')}; not retried"


# Size limits and content encoding.


def test_gzip_bomb_fails_as_too_large_without_reading_whole(server: LocalServer) -> None:
    url = server.route("/bomb", gzip_bomb(20 * MiB))
    compressed_zeros(20 * MiB)  # built (and cached) before measuring
    with make_fetcher([], max_bytes=MiB) as fetcher:
        tracemalloc.start()
        try:
            error = failure(lambda: fetcher.fetch(url))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert isinstance(error, PermanentFetchError)
    assert (error.kind, error.attempts) == ("too_large", 1)
    assert "max_bytes=1048576" in str(error)
    assert peak < 3 * MiB


def test_huge_chunked_body_fails_as_too_large(server: LocalServer) -> None:
    url = server.route("/huge", huge(50 * MiB))

    error = failure(lambda: fetch(url, max_bytes=MiB))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "too_large", 1)


def test_max_bytes_can_be_raised_per_call(server: LocalServer) -> None:
    url = server.route("/sitemap.xml", raw("application/xml", b"<urlset>" + b" " * 2000 + b"</urlset>"))

    with make_fetcher([], max_bytes=1000) as fetcher:
        assert failure(lambda: fetcher.fetch(url, accept=("application/xml",))).kind == "too_large"
        assert len(fetcher.fetch(url, accept=("application/xml",), max_bytes=5000).body) == 2017


def test_body_of_exactly_max_bytes_is_accepted(server: LocalServer) -> None:
    ok = server.route("/fits", Reply(200, (("Content-Type", "text/html"),), b"x" * 1000))
    too_big = server.route("/over", Reply(200, (("Content-Type", "text/html"),), b"x" * 1001))

    assert len(fetch(ok, max_bytes=1000).body) == 1000
    assert failure(lambda: fetch(too_big, max_bytes=1000)).kind == "too_large"


def test_large_content_length_is_refused_before_reading(server: LocalServer) -> None:
    url = server.route("/big", Reply(200, (("Content-Type", "text/html"),), bytes(2 * MiB)))

    error = failure(lambda: fetch(url, max_bytes=MiB))

    assert error.kind == "too_large"
    assert str(error) == f"GET {url} announced {2 * MiB} bytes (Content-Length), more than max_bytes={MiB}"


@pytest.mark.parametrize(
    ("coding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        ("identity", lambda data: data),
    ],
)
def test_compressed_body_is_decompressed(server: LocalServer, coding: str, compress: Callable[[bytes], bytes]) -> None:
    text = b"<html><body>" + b"<p>news</p>" * 5000 + b"</body></html>"
    headers = (("Content-Type", "text/html"), ("Content-Encoding", coding))
    url = server.route("/z", Reply(200, headers, compress(text)))

    page = fetch(url)

    assert page.body == text
    assert page.headers["content-encoding"] == coding


def test_corrupt_gzip_fails_as_bad_response(server: LocalServer) -> None:
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    url = server.route("/corrupt", Reply(200, headers, b"this is not gzip at all"))

    error = failure(lambda: fetch(url))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "bad_response", 1)


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_truncated_compressed_stream_fails_as_bad_response(server: LocalServer, coding: str) -> None:
    text = b"<html><body>" + b"<p>the whole story, paragraph by paragraph</p>" * 2000 + b"</body></html>"
    whole = gzip.compress(text) if coding == "gzip" else zlib.compress(text)
    # Content-Length matches the bytes sent: only the compressed stream shows the body is cut short.
    headers = (("Content-Type", "text/html"), ("Content-Encoding", coding))
    url = server.route("/cut", Reply(200, headers, whole[: len(whole) // 2]))

    error = failure(lambda: fetch(url))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "bad_response", 1)
    assert "truncated" in str(error)


def test_async_truncated_gzip_fails_as_bad_response(server: LocalServer) -> None:
    whole = gzip.compress(b"<p>story</p>" * 5000)
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    url = server.route("/cut", Reply(200, headers, whole[:-20]))

    assert failure(lambda: fetch_async(url)).kind == "bad_response"


def test_body_shorter_than_its_content_length_fails_as_bad_response(server: LocalServer) -> None:
    url = server.route("/short", truncated(b"<html><body><p>the first half", declared=5000), html("<p>whole</p>"))

    error = failure(lambda: fetch(url))

    assert (type(error), error.kind, error.status, error.attempts) == (PermanentFetchError, "bad_response", 200, 1)
    assert "incomplete body" in str(error)


def test_async_body_shorter_than_its_content_length_fails_as_bad_response(server: LocalServer) -> None:
    url = server.route("/short", truncated(b"<p>half", declared=5000))

    assert failure(lambda: fetch_async(url)).kind == "bad_response"


def test_unsupported_content_encoding_fails_as_bad_response(server: LocalServer) -> None:
    url = server.route("/br", Reply(200, (("Content-Type", "text/html"), ("Content-Encoding", "br")), b"\x8b\x02"))

    error = failure(lambda: fetch(url))

    assert error.kind == "bad_response"
    assert "'br'" in str(error)


# Content types.


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", "text/plain"])
def test_pdf_fails_as_not_html(server: LocalServer, content_type: str) -> None:
    url = server.route("/file", raw(content_type, b"%PDF-1.7 ..."))

    error = failure(lambda: fetch(url))

    assert isinstance(error, PermanentFetchError)
    assert (error.kind, error.status, error.attempts) == ("not_html", 200, 1)
    assert str(error) == (
        f"GET {url} returned Content-Type {content_type}; expected one of text/html, application/xhtml+xml"
    )


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj" + bytes(range(256)) * 8, "a PDF document"),
        (PNG, "a PNG image"),
        (b"PK\x03\x04" + bytes(200), "a zip archive"),
        (gzip.compress(b"<p>x</p>" * 100), "gzip-compressed data"),
        (bytes(range(256)) * 16, "binary data"),
    ],
    ids=["pdf", "png", "zip", "gzip", "control-bytes"],
)
def test_binary_body_labelled_html_fails_as_not_html(server: LocalServer, body: bytes, kind: str) -> None:
    url = server.route("/story", raw("text/html; charset=utf-8", body))

    error = failure(lambda: fetch(url))

    assert (type(error), error.kind, error.status, error.attempts) == (PermanentFetchError, "not_html", 200, 1)
    assert str(error) == f"GET {url} sent {kind}, not HTML (labelled text/html)"


def test_async_binary_body_labelled_html_fails_as_not_html(server: LocalServer) -> None:
    url = server.route("/story", raw("text/html", PNG))

    assert failure(lambda: fetch_async(url)).kind == "not_html"


def test_utf16_page_without_bom_is_not_taken_for_binary(server: LocalServer) -> None:
    body = "<html><body><p>Grüße, ünïcode text</p></body></html>".encode("utf-16-le")
    url = server.route("/u16", raw("text/html; charset=utf-16le", body))

    assert fetch(url).body == body


def test_binary_bodies_are_fine_when_the_caller_accepts_them(server: LocalServer) -> None:
    url = server.route("/sitemap.xml.gz", raw("application/gzip", gzip.compress(b"<urlset/>")))

    with make_fetcher([]) as fetcher:
        page = fetcher.fetch(url, accept=("application/gzip",))

    assert gzip.decompress(page.body) == b"<urlset/>"


@pytest.mark.parametrize(
    "content_type", ["text/html", "TEXT/HTML; charset=UTF-8", "application/xhtml+xml", "text/html;charset=x"]
)
def test_html_types_are_accepted(server: LocalServer, content_type: str) -> None:
    url = server.route("/page", raw(content_type, b"<p>ok</p>"))

    assert fetch(url).body == b"<p>ok</p>"


def test_missing_content_type_is_accepted(server: LocalServer) -> None:
    url = server.route("/bare", Reply(200, (), b"<p>bare</p>"))

    assert fetch(url).body == b"<p>bare</p>"


def test_accept_parameter_fetches_feeds_and_robots(server: LocalServer) -> None:
    feed = server.route("/feed", raw("application/rss+xml", b"<rss/>"))
    robots = server.route("/robots.txt", raw("text/plain", b"User-agent: *"))

    with make_fetcher([]) as fetcher:
        assert fetcher.fetch(feed, accept=("application/rss+xml", "application/xml")).body == b"<rss/>"
        assert fetcher.fetch(robots, accept=("text/*",)).body == b"User-agent: *"
        assert fetcher.fetch(feed, accept=("*/*",)).status == 200
        assert failure(lambda: fetcher.fetch(robots, accept=("application/xml",))).kind == "not_html"

    assert server.requests_to("/feed")[0].headers["accept"] == "application/rss+xml, application/xml, */*;q=0.8"


# Input checks.


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example/report.pdf",
        "file:///etc/passwd",
        "mailto:desk@news.example",
        "javascript:alert(1)",
        "news.example/no-scheme",
        "http://",
        "http://[::1",
        "http:/one-slash",
        "",
    ],
)
def test_ftp_url_is_bad_input(url: str) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200)

    with Fetcher(transport=httpx.MockTransport(handler)) as fetcher:
        error = failure(lambda: fetcher.fetch(url))

    assert (type(error), error.kind, error.attempts) == (PermanentFetchError, "bad_input", 0)
    assert requests == []


# Conditional requests.


def test_conditional_request_returns_304_page(server: LocalServer) -> None:
    url = server.route("/cond", Conditional(html("<p>v1</p>"), etag='"v1"'))

    with make_fetcher([]) as fetcher:
        first = fetcher.fetch(url)
        second = fetcher.fetch(url, headers={"If-None-Match": first.headers["etag"]})

    assert (first.status, first.body) == (200, b"<p>v1</p>")
    assert (second.status, second.body, second.attempts, second.charset) == (304, b"", 1, None)
    assert second.headers["etag"] == '"v1"'
    assert server.requests_to("/cond")[1].headers["if-none-match"] == '"v1"'


def test_if_modified_since_returns_304_page(server: LocalServer) -> None:
    stamp = "Sat, 01 Mar 2025 10:00:00 GMT"
    url = server.route("/cond", Conditional(html("<p>v1</p>"), last_modified=stamp))

    page = fetch(url, headers={"If-Modified-Since": stamp})

    assert (page.status, page.body) == (304, b"")


def test_changed_etag_returns_full_page(server: LocalServer) -> None:
    url = server.route("/cond", Conditional(html("<p>v2</p>"), etag='"v2"'))

    page = fetch(url, headers={"If-None-Match": '"v1"'})

    assert (page.status, page.body, page.headers["etag"]) == (200, b"<p>v2</p>", '"v2"')


# AsyncFetcher: the same policy over httpx.AsyncClient.


def test_async_retries_503_then_returns_page(server: LocalServer) -> None:
    url = server.route("/flaky", status(503), status(503), html("<p>ok</p>"))
    sleeps: list[float] = []

    page = fetch_async(url, sleeps)

    assert (page.body, page.attempts, sleeps) == (b"<p>ok</p>", 3, [0.5, 1.0])


def test_async_gives_up_after_max_attempts_with_fetch_error(server: LocalServer) -> None:
    url = server.route("/busy", retry_after("3600"))
    sleeps: list[float] = []

    error = failure(lambda: fetch_async(url, sleeps))

    assert type(error) is TransientFetchError
    assert (error.kind, error.status, error.attempts) == ("http_status", 503, 4)
    assert str(error) == f"GET {url} returned 503 after 4 attempts (last Retry-After: 3600s)"
    assert sleeps == [120.0, 120.0, 120.0]


def test_async_404_is_not_retried(server: LocalServer) -> None:
    url = server.route("/gone", status(404))

    error = failure(lambda: fetch_async(url))

    assert (type(error), error.status, error.attempts, server.hits("/gone")) == (PermanentFetchError, 404, 1, 1)


def test_async_connection_reset_is_retried(server: LocalServer) -> None:
    url = server.route("/reset", Reset(), reset_mid_body(), html("ok"))

    assert fetch_async(url).attempts == 3


def test_async_stall_times_out(server: LocalServer) -> None:
    url = server.route("/stall", Stall())

    error = failure(lambda: fetch_async(url, timeout=SHORT_TIMEOUT, retries=0))

    assert (type(error), error.kind, error.attempts) == (TransientFetchError, "timeout", 1)


def test_async_redirect_chain_followed_and_final_url_kept(server: LocalServer) -> None:
    start = server.route("/a", redirect("/b"))
    server.route("/b", redirect("/c", code=301))
    server.route("/c", html("end"))

    page = fetch_async(start)

    assert (page.url, page.requested_url, page.body) == (server.url("/c"), start, b"end")


def test_async_redirect_loop_fails(server: LocalServer) -> None:
    url = server.route("/loop", redirect("/loop"))

    assert failure(lambda: fetch_async(url, max_redirects=2)).kind == "too_many_redirects"


def test_async_gzip_bomb_fails_as_too_large(server: LocalServer) -> None:
    url = server.route("/bomb", gzip_bomb(20 * MiB))

    error = failure(lambda: fetch_async(url, max_bytes=MiB))

    assert (type(error), error.kind) == (PermanentFetchError, "too_large")


def test_async_pdf_fails_as_not_html(server: LocalServer) -> None:
    url = server.route("/doc.pdf", raw("application/pdf", b"%PDF"))

    assert failure(lambda: fetch_async(url)).kind == "not_html"


def test_async_conditional_request_returns_304_page(server: LocalServer) -> None:
    url = server.route("/cond", Conditional(html("<p>v1</p>"), etag='"v1"'))

    async def main() -> Page:
        async with make_async_fetcher([]) as fetcher:
            return await fetcher.fetch(url, headers={"If-None-Match": '"v1"'})

    page = run(main())

    assert (page.status, page.body) == (304, b"")


def test_async_ftp_url_is_bad_input() -> None:
    async def main() -> Page:
        async with AsyncFetcher() as fetcher:
            return await fetcher.fetch("ftp://files.example/x")

    assert failure(lambda: run(main())).kind == "bad_input"


def test_async_concurrent_fetches_keep_their_own_attempts(server: LocalServer) -> None:
    flaky = [server.route(f"/flaky/{n}", status(503), html(f"page {n}")) for n in range(15)]
    steady = [server.route(f"/steady/{n}", html(f"page {n}")) for n in range(15)]
    sleeps: list[float] = []

    async def main() -> list[Page]:
        async with make_async_fetcher(sleeps) as fetcher:
            return await asyncio.gather(*(fetcher.fetch(url) for url in flaky + steady))

    pages = run(main())

    assert [page.attempts for page in pages] == [2] * 15 + [1] * 15
    assert [page.body for page in pages] == [f"page {n}".encode() for n in range(15)] * 2
    assert sleeps == [0.5] * 15



def test_async_connection_closed_by_the_server_while_idle_is_not_reused() -> None:
    """The pool sees that an idle kept-alive connection was closed by the server (its socket reads
    as readable) and opens a new one, so the next fetch does not fail, even without retries."""
    connections = 0
    closed = asyncio.Event()

    async def answer_once(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.readuntil(b"\r\n\r\n")
        body = f"<html><body><p>connection {connections}</p></body></html>".encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))  # fmt: skip
        await writer.drain()
        writer.close()  # without "Connection: close": the client keeps it as idle
        await writer.wait_closed()
        closed.set()

    async def main() -> list[bytes]:
        server = await asyncio.start_server(answer_once, "127.0.0.1", 0)
        url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        bodies = []
        async with server, AsyncFetcher(attrs.evolve(DEFAULT, retries=0)) as fetcher:
            for _ in range(2):
                closed.clear()
                bodies.append((await fetcher.fetch(url)).body)
                await closed.wait()
                await asyncio.sleep(0.05)  # the FIN reaches the client's socket
        return bodies

    assert run(main()) == [b"<html><body><p>connection 1</p></body></html>",
                           b"<html><body><p>connection 2</p></body></html>"]  # fmt: skip


def test_pooled_stream_reports_a_socket_readable_once_data_or_its_end_arrives() -> None:
    ours, theirs = socket.socketpair()

    class Stream(httpcore.AsyncNetworkStream):
        def get_extra_info(self, info: str) -> Any:
            return ours if info == "socket" else None

    stream = _PooledStream(Stream())
    try:
        quiet = stream.get_extra_info("is_readable")
        theirs.close()
        ended = stream.get_extra_info("is_readable")
    finally:
        ours.close()

    assert (quiet, ended) == (False, True)
    assert stream.get_extra_info("is_readable") is True  # closed here too: nothing to reuse


@pytest.mark.parametrize(
    "content_type",
    [None, "text/html", "text/html; charset=utf-8", "text/html;charset=ISO-8859-1", 'text/html; charset="windows-1252"',
     "text/html; charset=", "text/html; foo=bar; charset=UTF-8 ", "text/html; charset*=utf-8''latin-1", "garbage;;; charset"],
)  # fmt: skip
def test_charset_is_read_as_httpx_reads_it(content_type: str | None) -> None:
    response = httpx.Response(200, headers={} if content_type is None else {"Content-Type": content_type})

    assert _charset(content_type) == response.charset_encoding


def test_async_fetcher_goes_on_after_a_request_that_failed_before_getting_a_connection(server: LocalServer) -> None:
    """Requests enter the connection pool one at a time (AsyncFetcher._send); a failed one lets the next in."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    refused = f"http://127.0.0.1:{closed.getsockname()[1]}/"
    closed.close()
    pages = [server.route(f"/page/{n}", html(f"page {n}")) for n in range(20)]

    async def main() -> tuple[FetchError, list[bytes]]:
        async with make_async_fetcher([], retries=0) as fetcher:
            with pytest.raises(FetchError) as caught:
                await asyncio.wait_for(fetcher.fetch(refused), 10)
            got = await asyncio.wait_for(asyncio.gather(*(fetcher.fetch(url) for url in pages)), 10)
            return caught.value, [page.body for page in got]

    error, bodies = run(main())

    assert error.kind == "connection"
    assert bodies == [f"page {n}".encode() for n in range(20)]
