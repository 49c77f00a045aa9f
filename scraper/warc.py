"""WARC files in and out: fetched pages written as request/response records, pages read back.

``WarcWriter`` writes WARC/1.1 records through warcio (record layout, record ids, sha1 digests)
into rotating ``.warc.gz`` files, one gzip member per record, so any record can be read alone from
its offset. A file is written as ``<name>.warc.gz.open`` and renamed when it is closed: a file
without ``.open`` is complete, one with it was left by a killed run (every record in it before the
torn tail is still readable).

Bodies are stored as the page holds them: decompressed and unchunked. So the stored HTTP headers
say what the stored bytes are: ``Content-Encoding``, ``Transfer-Encoding`` and ``Content-Length``
are dropped, the originals are kept as ``X-Crawler-Content-Encoding``, ``X-Crawler-Transfer-Encoding``
and ``X-Crawler-Content-Length`` (the names Common Crawl uses for the same rewrite), and a new
``Content-Length`` gives the stored body's length.

A ``Page`` does not keep all a WARC can say, so: the status line is ``HTTP/1.1 <status> <standard
reason phrase>`` (the version and phrase received are not kept), header names are the lower-cased
ones the page holds and repeated headers are joined by ", " (as httpx joins them), and the
``request`` record holds only the request line and ``Host`` for the final URL (the headers sent and
the redirects before it are not kept). Header values that are not ASCII are percent-encoded by
warcio (RFC 8187), as WARC HTTP headers must be bytes.

``iter_warc`` is our own streaming reader rather than warcio's ``ArchiveIterator``: a WARC from
elsewhere can be corrupt (a bad gzip member, garbage between records, a wrong Content-Length, a torn
end), and the reader must report each such record as a ``WarcProblem``, find the next record and go
on, with memory bounded on any input. warcio's iterator raises at the first bad record and cannot
go on from there, and reads lines of any length. Here every line and header block has a size cap, bodies have
``max_bytes``, and gzip is inflated in steps.

Where a record starts (``offset``): in a ``.warc.gz`` the offset of the gzip member it starts in
(for one member per record, as we and Common Crawl write, the record's own offset); in a ``.warc``
the offset of its first byte.
"""

from __future__ import annotations

import email.message
import http
import io
import logging
import os
import re
import sys
import threading
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import attrs
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper import __version__
from scraper.errors import ExportError, InputError
from scraper.normalize import hostname, split_url
from scraper.settings import DEFAULT

if TYPE_CHECKING:
    from scraper.fetch.http import Page

__all__ = ["WarcPage", "WarcProblem", "WarcRef", "WarcSpan", "WarcWriter", "iter_warc", "warc_spans"]

log = logging.getLogger(__name__)

# Media types (of the HTTP Content-Type, or a resource record's) read as pages.
HTML_TYPES = frozenset(DEFAULT.html_types)
# Largest WARC or HTTP header block read; a longer one is not a header block.
_MAX_HEADER_BYTES = 64 * 1024
# Bytes read from the file, and most bytes one inflate step may produce: bounds memory.
_STEP = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
# HTTP headers that describe the bytes on the wire, not the stored body; kept under these names.
_WIRE_HEADERS = {
    "content-encoding": "X-Crawler-Content-Encoding",
    "transfer-encoding": "X-Crawler-Transfer-Encoding",
    "content-length": "X-Crawler-Content-Length",
}
_WARC_DATE = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(Z|[+-]\d\d:?\d\d)", re.ASCII
)
_STATUS_LINE = re.compile(rb"HTTP/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t].*)?", re.ASCII | re.DOTALL)
_VERSION_LINE = re.compile(rb"WARC/\d\.\d{1,2}\r?\n", re.ASCII)
_DIGITS = re.compile(rb"\d{1,19}", re.ASCII)
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")
_INFLATE_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def warc_date(when: datetime) -> str:
    """``when`` as a WARC-Date: UTC, with microseconds when it has any (WARC/1.1 allows them)."""
    when = when.astimezone(timezone.utc)
    fraction = f".{when.microsecond:06d}" if when.microsecond else ""
    return f"{when.year:04d}-{when:%m-%dT%H:%M:%S}{fraction}Z"  # %Y does not pad years before 1000


def parse_warc_date(value: str) -> datetime | None:
    """A WARC-Date value as a tz-aware datetime; None if it is not one."""
    match = _WARC_DATE.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    if zone == "Z":
        tz = timezone.utc
    else:
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        tz_minutes = int(digits[:2]) * 60 + int(digits[2:])
        if tz_minutes >= 24 * 60:
            return None
        tz = timezone(sign * timedelta(minutes=tz_minutes))
    try:
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            int((fraction or "0")[:6].ljust(6, "0")), tzinfo=tz,
        )  # fmt: skip
    except ValueError:
        return None


# --- writing -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WarcRef:
    """Where a record went: enough to read it back without scanning the file."""

    file: str  # file name (without directory), as it is named once closed: no ".open"
    record_id: str  # WARC-Record-ID, "<urn:uuid:...>"
    offset: int  # byte offset of the record's gzip member in the file
    length: int  # bytes of that gzip member
    url: str  # WARC-Target-URI


class _GzipMembers:
    """A file object for warcio that turns each record (ended by warcio's ``flush()``) into one gzip member."""

    def __init__(self, file: BinaryIO, level: int) -> None:
        self._file = file
        self._level = level
        self._zip = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)

    def write(self, data: bytes) -> int:
        self._file.write(self._zip.compress(data))
        return len(data)

    def flush(self) -> None:
        self._file.write(self._zip.flush())
        self._zip = zlib.compressobj(self._level, zlib.DEFLATED, zlib.MAX_WBITS | 16)


class WarcWriter:
    """Fetched pages into rotating ``<prefix>-<UTC time>-<serial>.warc.gz`` files in ``directory``.

    Each file starts with a ``warcinfo`` record; each page becomes a ``request`` and a ``response``
    record that name each other in ``WARC-Concurrent-To``. A file is closed once it reaches
    ``max_bytes`` (so it exceeds it by at most one page), and the next one is opened on the next
    write. Records are flushed to the OS after every page; ``close()`` syncs and renames the file.
    Writes are serialized by a lock, so one writer may be shared by threads.
    """

    def __init__(
        self,
        directory: str | os.PathLike[str],
        *,
        prefix: str = "scraper",
        max_bytes: int = 1_000_000_000,
        info: Mapping[str, str] | None = None,
        compresslevel: int = 6,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.info = dict(info or {})  # extra warcinfo fields (operator, robots policy, isPartOf...)
        # gzip level: on 300 wcxb pages 6 takes 3.4 ms a page for 19% of the size, 1 takes 1.4 ms for 23%,
        # 9 (warcio's own) 5.3 ms for 19%
        self.compresslevel = compresslevel
        self.clock = clock
        self.files: list[Path] = []  # every file closed so far, by its final name
        self._lock = threading.Lock()
        self._serial = 0
        self._file: BinaryIO | None = None
        self._path = Path()  # final name of the open file
        self._records: WARCWriter | None = None  # builds the records of the open file
        self._warcinfo_id = ""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(
                f"cannot create the WARC directory {self.directory}: {exc.strerror or exc}", path=str(self.directory)
            ) from exc

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, page: Page) -> WarcRef:
        """Write ``page``'s request and response records; where the response went."""
        return self._locked(lambda: self._write(page))

    def write_metadata(self, about: WarcRef, fields: Mapping[str, str]) -> WarcRef:
        """A ``metadata`` record on an earlier response (``WARC-Refers-To``), such as the article extracted from it.

        ``fields`` become ``name: value`` lines (``application/warc-fields``). The record may land in
        a later file than the response: record ids are unique across files.
        """
        return self._locked(lambda: self._write_metadata(about, fields))

    def close(self) -> None:
        """Close the current file (sync, then drop ``.open``); writing again opens a new one."""
        with self._lock:
            try:
                self._close()
            except OSError as exc:
                raise ExportError(
                    f"cannot close {self._open_path()}: {exc.strerror or exc}", path=str(self._open_path())
                ) from exc

    def _open_path(self) -> Path:
        return self._path.with_name(self._path.name + ".open")

    def _locked(self, write: Callable[[], WarcRef]) -> WarcRef:
        """Run one write under the lock: open a file if none is, flush, rotate past max_bytes."""
        with self._lock:
            try:
                if self._file is None:
                    self._open()
                ref = write()
                assert self._file is not None
                self._file.flush()
                if self._file.tell() >= self.max_bytes:
                    self._close()
            except OSError as exc:
                self._abandon()
                raise ExportError(
                    f"cannot write {self._open_path()}: {exc.strerror or exc}", path=str(self._open_path())
                ) from exc
            return ref

    def _write(self, page: Page) -> WarcRef:
        assert self._file is not None and self._records is not None
        request_id, response_id = _record_id(), _record_id()
        date = warc_date(page.fetched_at)
        common = {"WARC-Date": date, "WARC-Warcinfo-ID": self._warcinfo_id}
        request = self._records.create_warc_record(
            page.url,
            "request",
            http_headers=_request_headers(page.url),
            warc_headers_dict={
                "WARC-Type": "request",
                "WARC-Record-ID": request_id,
                **common,
                "WARC-Concurrent-To": response_id,
            },
        )
        response = self._records.create_warc_record(
            page.url,
            "response",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            http_headers=_response_headers(page, len(page.body)),
            warc_headers_dict={
                "WARC-Type": "response",
                "WARC-Record-ID": response_id,
                **common,
                "WARC-Concurrent-To": request_id,
            },
        )
        self._records.write_record(request)
        offset = self._file.tell()
        self._records.write_record(response)
        return WarcRef(
            file=self._path.name, record_id=response_id, offset=offset, length=self._file.tell() - offset, url=page.url
        )

    def _write_metadata(self, about: WarcRef, fields: Mapping[str, str]) -> WarcRef:
        assert self._file is not None and self._records is not None
        record_id = _record_id()
        payload = "".join(f"{_field(name)}: {_header_value(value)}\r\n" for name, value in fields.items()).encode()
        record = self._records.create_warc_record(
            about.url,
            "metadata",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Type": "metadata",
                "WARC-Record-ID": record_id,
                "WARC-Date": warc_date(self.clock()),
                "WARC-Warcinfo-ID": self._warcinfo_id,
                "WARC-Refers-To": about.record_id,
            },
        )
        offset = self._file.tell()
        self._records.write_record(record)
        return WarcRef(
            file=self._path.name, record_id=record_id, offset=offset, length=self._file.tell() - offset, url=about.url
        )

    def _open(self) -> None:
        stamp = self.clock().astimezone(timezone.utc).strftime("%Y%m%d%H%M%S%f")
        while True:
            self._path = self.directory / f"{self.prefix}-{stamp}-{self._serial:05d}.warc.gz"
            self._serial += 1
            if self._path.exists():
                continue
            try:
                self._file = open(self._open_path(), "xb")  # noqa: SIM115 (closed by _close)
                break
            except FileExistsError:
                continue
        self._records = WARCWriter(_GzipMembers(self._file, self.compresslevel), gzip=False, warc_version="1.1")
        fields = {
            "software": f"scraper/{__version__}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            **self.info,
        }
        warcinfo = self._records.create_warcinfo_record(self._path.name, fields)
        self._warcinfo_id = warcinfo.rec_headers.get_header("WARC-Record-ID")
        self._records.write_record(warcinfo)
        self._file.flush()

    def _abandon(self) -> None:
        """After a failed write: leave the file as ``.open`` (its last record may be torn); the next write starts a new one."""
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError:
                log.warning("cannot close %s after a failed write", self._open_path())

    def _close(self) -> None:
        if self._file is None:
            return
        file, self._file = self._file, None
        try:
            file.flush()
            os.fsync(file.fileno())
        finally:
            file.close()
        os.replace(self._open_path(), self._path)
        self.files.append(self._path)


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _field(name: str) -> str:
    """A warc-fields name that cannot break its line."""
    return _header_value(name).replace(":", "-")


def _header_value(value: str) -> str:
    """A header value that cannot break the record: line breaks become spaces."""
    return value.replace("\r", " ").replace("\n", " ")


def _request_headers(url: str) -> StatusAndHeaders:
    """The request line and Host: all a Page tells of the request (see the module docstring)."""
    parts = split_url(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return StatusAndHeaders(
        f"{_header_value(target)} HTTP/1.1", [("Host", _header_value(parts.netloc.rpartition("@")[2]))], protocol="GET"
    )


def _response_headers(page: Page, length: int) -> StatusAndHeaders:
    """Status line and headers as received, rewritten to describe the stored (decoded) body.

    A page that kept its raw head gives names in their case, in order, repeats kept; one that did
    not (made by hand) gives its lower-cased headers and the standard reason phrase.
    """
    status = page.status
    reason = getattr(page, "reason", "")
    if not reason:
        try:
            reason = http.HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    headers: Iterable[tuple[str, str]] = getattr(page, "raw_headers", ()) or page.headers.items()
    protocol = getattr(page, "http_version", "") or "HTTP/1.1"
    stored: list[tuple[str, str]] = []
    wire: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() in _WIRE_HEADERS:
            wire.append((_WIRE_HEADERS[name.lower()], _header_value(value)))
        else:
            stored.append((name, _header_value(value)))
    stored += wire
    stored.append(("Content-Length", str(length)))
    return StatusAndHeaders(f"{status} {reason}".rstrip(), stored, protocol=protocol)


# --- reading -------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WarcPage:
    """One HTML page read from a WARC record: what extraction needs, and where it came from."""

    url: str  # WARC-Target-URI
    status: int | None  # HTTP status; None for a resource record
    headers: Mapping[str, str]  # HTTP headers, names lower-cased, repeated ones joined by ", "
    body: bytes  # payload, unchunked and decompressed
    charset: str | None  # charset parameter of the Content-Type, if any
    fetched_at: datetime  # WARC-Date, tz-aware
    record_id: str  # WARC-Record-ID, "<urn:uuid:...>"
    file: str  # the path as given to iter_warc
    offset: int  # where the record starts (see the module docstring)
    truncated: str | None = None  # WARC-Truncated reason (length, time...): the body is incomplete

    @property
    def source(self) -> str:
        return f"{self.file}#{self.offset}"


@attrs.frozen(kw_only=True)
class WarcProblem:
    """A record that could not be read; the run reports it and goes on."""

    source: str  # "<file>#<offset>"
    message: str  # one line
    kind: str = "bad_record"  # bad_record | truncated | too_large: the errors.jsonl "error" value
    url: str | None = None  # WARC-Target-URI, when the record got that far


@attrs.define
class WarcSpan:
    """A part of one WARC file that a reader takes on alone: the records that start in ``[start, end)``.

    ``start`` is where a record starts (0, or an offset from :func:`warc_spans`); ``end`` None runs to
    the end of the file. Once :func:`iter_warc` has read the span, ``stop`` is where the first record
    past it starts (the file's size at its end), so readers of consecutive spans can check that
    they met: the next span is right only if it starts at ``stop``.
    """

    start: int = 0
    end: int | None = None
    stop: int | None = None


def warc_spans(path: str | os.PathLike[str], size: int) -> list[WarcSpan]:
    """Cut a ``.warc.gz`` into consecutive spans of about ``size`` compressed bytes, at record starts.

    A cut is the first gzip member at or after each ``size`` step whose data inflates to a WARC
    version line, found by reading a little around the step, not by inflating the file. A plain
    ``.warc`` (a body may hold a line that looks like a record start), a file gzipped as one member,
    or one that cannot be read, is one span. Raises nothing.
    """
    try:
        with open(path, "rb") as raw:
            if raw.read(2) != _GZIP_MAGIC[:2]:
                return [WarcSpan()]
            total = _size_of(raw)
            starts = [0]
            while starts[-1] + size < total:
                found = _next_record_start(raw, starts[-1] + size - 1, gzipped=True)
                if found is None:
                    break
                starts.append(found)
    except OSError:
        return [WarcSpan()]
    ends: list[int | None] = [*starts[1:], None]
    return [WarcSpan(start, end) for start, end in zip(starts, ends, strict=True)]


class _Bad(Exception):  # never leaves this module: iter_warc turns it into a WarcProblem
    """A record is unreadable; ``resync`` says the reader must look for the next record start."""

    def __init__(self, message: str, *, kind: str = "bad_record", resync: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.resync = resync


class _Stream:
    """The decompressed bytes of a WARC file, with line and block reads whose memory is bounded.

    In a gzip file each member is read on its own: with ``cross=False`` reads stop at the end of
    the current member, so a record that claims more bytes than its member holds is caught there;
    ``next_member()`` then lets reading go on.
    """

    def __init__(self, raw: BinaryIO, gzipped: bool) -> None:
        self.raw = raw
        self.gzipped = gzipped
        self.eof = False
        self.record_offset = 0  # offset of the record being read, for problems
        self.member_start = 0  # file offset of the current gzip member
        self._buf = b""
        self._pos = 0
        self._buf_offset = 0  # file offset of _buf[0] (plain files)
        self._pending = b""  # raw bytes not yet inflated (gzip)
        self._pending_offset = 0  # file offset of _pending[0]
        self._inflate: zlib._Decompress | None = None  # None between members
        self._in_member = False  # bytes of a member were read, and next_member() was not called since
        self._fresh = False  # the next unread byte is the first byte of a member
        self.consumed = 0  # bytes read or skipped so far: shows that reading moves on

    def offset(self) -> int:
        """The file offset a record starting at the next unread byte is known by."""
        return self.member_start if self.gzipped else self._buf_offset + self._pos

    def at_member_start(self) -> bool:
        return self.gzipped and self._fresh

    def buffered(self) -> int:
        return len(self._buf) - self._pos

    def next_member(self) -> None:
        """Let reads go on into the next gzip member."""
        self._in_member = False

    def fill(self, cross: bool = True) -> bool:
        """Get more bytes into the buffer; False at the end of the file (or of the member, unless ``cross``)."""
        if self._pos:
            self._buf_offset += self._pos
            self._buf, self._pos = self._buf[self._pos :], 0
        return self._fill_gzip(cross) if self.gzipped else self._fill_plain()

    def _fill_plain(self) -> bool:
        data = self.raw.read(_STEP)
        if not data:
            self.eof = True
            return False
        self._buf += data
        return True

    def _fill_gzip(self, cross: bool) -> bool:
        while True:
            if self._inflate is None:
                if self._in_member and not cross:
                    return False
                if not self._pending and not self._read_raw():
                    return False
                self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self.member_start = self._pending_offset
                self._in_member = True
                self._fresh = not self._buf
            if not self._pending and not self._read_raw():
                self._inflate = None  # nothing more will come of this member
                raise _Bad("the file ends inside a gzip member: it is truncated", kind="truncated", resync=False)
            out = self._inflate.decompress(self._pending, _STEP)  # zlib.error: the member is corrupt
            rest = self._inflate.unused_data if self._inflate.eof else self._inflate.unconsumed_tail
            self._pending_offset += len(self._pending) - len(rest)
            self._pending = rest
            if self._inflate.eof:
                self._inflate = None
            if out:
                self._buf += out
                return True

    def _read_raw(self) -> bool:
        self._pending = self.raw.read(_STEP)
        self.eof = not self._pending
        return not self.eof

    def readline(self, limit: int, cross: bool = True) -> bytes:
        """The next line with its end (without one only at the end); raises _Bad past ``limit`` bytes."""
        searched = 0
        while True:
            end = self._buf.find(b"\n", self._pos + searched)
            if end >= 0:
                line = self._buf[self._pos : end + 1]
                self._pos = end + 1
                self.consumed += len(line)
                self._fresh = False
                return line
            searched = len(self._buf) - self._pos
            if searched > limit:
                raise _Bad(f"no line end within {limit} bytes where a header line should be")
            if not self.fill(cross):
                line = self._buf[self._pos :]
                self._pos = len(self._buf)
                self.consumed += len(line)
                self._fresh = self._fresh and not line
                return line

    def read(self, size: int, cross: bool = True) -> bytes:
        """``size`` bytes, or fewer at the end of the file (or member, unless ``cross``)."""
        pieces = []
        while size > 0:
            if self._pos >= len(self._buf) and not self.fill(cross):
                break
            piece = self._buf[self._pos : self._pos + size]
            self._pos += len(piece)
            self.consumed += len(piece)
            size -= len(piece)
            pieces.append(piece)
            self._fresh = False
        return b"".join(pieces)

    def skip(self, size: int, cross: bool = True) -> int:
        """Skip ``size`` bytes without holding them; the number skipped."""
        skipped = 0
        while skipped < size:
            if self._pos >= len(self._buf) and not self.fill(cross):
                break
            take = min(size - skipped, len(self._buf) - self._pos)
            self._pos += take
            self.consumed += take
            skipped += take
            self._fresh = False
        return skipped

    def peek(self, size: int, cross: bool = True) -> bytes:
        while len(self._buf) - self._pos < size and self.fill(cross):
            pass
        return self._buf[self._pos : self._pos + size]

    def skip_to_version_line(self) -> bool:
        """Skip to the next ``WARC/1.x`` line, across members; False if there is none."""
        while True:
            found = self._buf.find(b"WARC/", self._pos)
            while found >= 0:
                if _VERSION_LINE.match(self._buf, found):
                    self._advance(found - self._pos)
                    return True
                found = self._buf.find(b"WARC/", found + 1)
            if self.gzipped and self._inflate is None:  # the member is used up: start the next one afresh
                self._advance(len(self._buf) - self._pos)
                self.next_member()
            else:  # a version line may begin in the last bytes
                self._advance(max(0, len(self._buf) - self._pos - 15))
            if not self.fill():
                return False

    def _advance(self, size: int) -> None:
        if size:
            self._pos += size
            self.consumed += size
            self._fresh = False

    def seek(self, offset: int) -> None:
        """Start reading afresh at file offset ``offset``."""
        self.raw.seek(offset)
        self._buf, self._pos, self._buf_offset = b"", 0, offset
        self._pending, self._pending_offset = b"", offset
        self._inflate = None
        self._in_member = False
        self.eof = False


def _size_of(raw: BinaryIO) -> int:
    return os.fstat(raw.fileno()).st_size


def _find(raw: BinaryIO, start: int, marker: bytes) -> int | None:
    """The offset of the next ``marker`` at or after ``start`` in ``raw``; None if there is none."""
    raw.seek(start)
    offset, tail = start, b""
    while True:
        data = raw.read(_STEP)
        if not data:
            return None
        window = tail + data
        found = window.find(marker)
        if found >= 0:
            return offset - len(tail) + found
        tail = window[-(len(marker) - 1) :]
        offset += len(data)


def _starts_warc_member(raw: BinaryIO, offset: int) -> bool:
    """Whether a gzip member starting at ``offset`` inflates to something that begins like a WARC record."""
    raw.seek(offset)
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    out = b""
    while len(out) < 5:
        data = inflate.unconsumed_tail or raw.read(_STEP)
        if not data or inflate.eof:
            return False
        try:
            out += inflate.decompress(data, 5 - len(out))
        except zlib.error:
            return False
    return out.startswith(b"WARC/")


def _next_record_start(raw: BinaryIO, after: int, gzipped: bool) -> int | None:
    """The offset of the next plausible record start after ``after``: a gzip member or a WARC/ line."""
    position = after + 1
    while True:
        found = _find(raw, position, _GZIP_MAGIC if gzipped else b"WARC/")
        if found is None:
            return None
        if _starts_warc_member(raw, found) if gzipped else _starts_warc_line(raw, found):
            return found
        position = found + 1


def _starts_warc_line(raw: BinaryIO, offset: int) -> bool:
    raw.seek(offset)
    return _VERSION_LINE.match(raw.read(16)) is not None


def _headers(block: bytes) -> list[tuple[str, str]]:
    """``Name: value`` lines (continuation lines folded in) as (lower-cased name, value) pairs."""
    fields: list[tuple[str, str]] = []
    for line in block.split(b"\n"):
        line = line.rstrip(b"\r")
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {_text(line.strip())}")
            continue
        name, colon, value = line.partition(b":")
        if not colon or not name.strip():
            raise _Bad(f"bad header line {_show(line)}")
        fields.append((_text(name.strip()).lower(), _text(value.strip())))
    return fields


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _show(data: bytes, size: int = 40) -> str:
    """A short printable form of outside bytes, for a one-line message."""
    text = repr(data[:size])
    return text + ("..." if len(data) > size else "")


def _joined(fields: list[tuple[str, str]]) -> dict[str, str]:
    joined: dict[str, str] = {}
    for name, value in fields:
        joined[name] = f"{joined[name]}, {value}" if name in joined else value
    return joined


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_type_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type, read as httpx reads it for a live Page."""
    if not content_type:
        return None
    message = email.message.Message()
    message["content-type"] = content_type
    try:
        return message.get_content_charset(failobj=None)
    except (LookupError, UnicodeError, ValueError):
        return None


@attrs.frozen
class _Filter:
    hosts: tuple[str, ...]
    since: datetime | None
    until: datetime | None

    def wants_url(self, url: str) -> bool:
        if not self.hosts:
            return True
        host = hostname(url)
        return any(host == want or host.endswith("." + want) for want in self.hosts)

    def wants_date(self, when: datetime) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when < self.until)


def _aware(when: datetime | None) -> datetime | None:
    return when.replace(tzinfo=timezone.utc) if when is not None and when.utcoffset() is None else when


def iter_warc(
    path: str | os.PathLike[str],
    *,
    hosts: Iterable[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    max_bytes: int = DEFAULT.max_bytes,
    span: WarcSpan | None = None,
) -> Iterator[WarcPage | WarcProblem]:
    """Stream the HTML pages of a ``.warc`` or ``.warc.gz`` file, and a problem for each bad record.

    With ``span``, only the records that start inside it, and ``span.stop`` is set at the end.

    Pages are ``response`` records with a 2xx HTTP status (what a live fetch gives the pipeline)
    and ``resource`` records, either one only with an HTML media type. ``hosts`` keeps pages whose
    host is one of them or a subdomain; ``since <= WARC-Date < until`` (a naive datetime is UTC).
    A body over ``max_bytes`` (after decompression) is a ``too_large`` problem. Raises only
    ``InputError``, for a file that cannot be opened.
    """
    name = os.fspath(path)
    try:
        raw = open(name, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise InputError(f"cannot read the WARC file {name}: {exc.strerror or exc}", source=name) from exc
    if isinstance(hosts, str):
        hosts = (hosts,)
    wanted = _Filter(tuple(h.strip().lower().rstrip(".") for h in hosts if h.strip()), _aware(since), _aware(until))
    with raw:
        try:
            first = raw.read(2)
            raw.seek(0)
        except OSError as exc:
            raise InputError(f"cannot read the WARC file {name}: {exc.strerror or exc}", source=name) from exc
        if not first:
            yield WarcProblem(source=f"{name}#0", message=f"{name} is empty: no WARC records")
            return
        try:
            yield from _records(raw, name, wanted, max_bytes, gzipped=first == _GZIP_MAGIC[:2], span=span or WarcSpan())
        except OSError as exc:
            raise InputError(f"cannot read the WARC file {name}: {exc.strerror or exc}", source=name) from exc


def _records(
    raw: BinaryIO, name: str, wanted: _Filter, max_bytes: int, *, gzipped: bool, span: WarcSpan
) -> Iterator[WarcPage | WarcProblem]:
    stream = _Stream(raw, gzipped)
    stream.seek(span.start)
    end = sys.maxsize if span.end is None else span.end
    scan = False  # look for the next record inside the decompressed stream first
    while True:
        url = None
        before = stream.consumed
        try:
            if scan and not stream.skip_to_version_line():
                span.stop = _size_of(raw)
                return
            scan = False
            record = _Record.read(stream)
            if record is None or record.offset >= end:
                span.stop = _size_of(raw) if record is None else record.offset
                return
            url = record.url
            page = record.page(name, wanted, max_bytes)
        except zlib.error as exc:  # only the stream's inflating raises it (bodies are decoded in _decode)
            start = stream.member_start
            if start >= end:  # the next span's record: its reader reports it
                span.stop = start
                return
            resume = _next_record_start(raw, start, gzipped=True)
            message, kind = f"corrupt gzip data ({exc})", "bad_record"
        except _Bad as exc:
            start = stream.record_offset
            if start >= end:
                span.stop = start
                return
            message, kind = exc.message, exc.kind
            # In a plain file a record "truncated" by the end of the file may have had a wrong Content-Length.
            if exc.resync or (kind == "truncated" and not gzipped) or stream.consumed == before:
                if gzipped and stream.consumed > before:
                    # go on with the next WARC/1.x line: in the rest of this member (a whole-file .warc.gz
                    # holds every record in one) or in the next one
                    yield WarcProblem(source=f"{name}#{start}", message=message, kind=kind, url=url)
                    scan = True
                    continue
                resume = _next_record_start(raw, start, gzipped)
            elif stream.eof and not stream.buffered():
                resume = None
            else:
                yield WarcProblem(source=f"{name}#{start}", message=message, kind=kind, url=url)
                if kind == "truncated" and stream.eof:  # what is left is the rest of the same torn record
                    span.stop = _size_of(raw)
                    return
                continue
        else:
            if page is not None:
                yield page
            continue
        if resume is not None:
            message += f"; going on at offset {resume}"
        yield WarcProblem(source=f"{name}#{start}", message=message, kind=kind, url=url)
        if resume is None:
            span.stop = _size_of(raw)
            return
        stream.seek(resume)


@attrs.define
class _Record:
    """One WARC record whose header block has been read; its block is next in the stream."""

    stream: _Stream
    offset: int
    whole_member: bool  # the record starts a gzip member: its block may not run past that member
    headers: dict[str, str]
    declared: int  # Content-Length
    url: str | None
    left: int = 0  # block bytes not read yet

    @classmethod
    def read(cls, stream: _Stream) -> _Record | None:
        """The next record, its header block read; None at the end of the file."""
        while True:
            if stream.gzipped and not stream.buffered() and not stream.fill(cross=False):
                if stream.eof:
                    return None
                stream.next_member()
                continue
            stream.record_offset = offset = stream.offset()
            whole = stream.at_member_start()
            line = stream.readline(_MAX_HEADER_BYTES, cross=not whole)
            if line.strip():
                break
            if not line and stream.eof:
                return None
        if not line.startswith(b"WARC/"):
            raise _Bad(f"not a WARC record: it starts with {_show(line)}")
        block = b""
        while True:
            field = stream.readline(_MAX_HEADER_BYTES, cross=not whole)
            if not field.endswith(b"\n"):
                if stream.eof:
                    raise _Bad(
                        "the file ends inside a WARC header block: it is truncated", kind="truncated", resync=False
                    )
                raise _Bad("the gzip member ends inside a WARC header block")
            if not field.strip():
                break
            block += field
            if len(block) > _MAX_HEADER_BYTES:
                raise _Bad(f"a WARC header block is longer than {_MAX_HEADER_BYTES} bytes")
        headers = _joined(_headers(block))
        url = headers.get("warc-target-uri", "").strip().removeprefix("<").removesuffix(">") or None
        length = headers.get("content-length", "").strip()
        if not _DIGITS.fullmatch(length.encode("utf-8")):
            raise _Bad(f"bad WARC Content-Length {length[:40]!r}")
        return cls(stream, offset, whole, headers, int(length), url, int(length))

    def page(self, name: str, wanted: _Filter, max_bytes: int) -> WarcPage | None:
        """The page this record holds, or None when it is not one we want; reads the whole block."""
        kind = self.headers.get("warc-type", "").lower()
        page = None
        try:
            if kind in ("response", "resource") and not self.url:
                raise _Bad(f"a {kind} record without WARC-Target-URI", resync=False)
            if kind in ("response", "resource") and self.url and wanted.wants_url(self.url):
                fetched_at = self._date()
                if wanted.wants_date(fetched_at):
                    page = self._page(kind, fetched_at, name, max_bytes)
        except _Bad as exc:
            if not exc.resync:
                self._finish()  # a short or torn record is the better report
            raise
        self._finish()
        return page

    def _finish(self) -> None:
        """Skip what is left of the block and check that a line end follows it."""
        skipped = self.stream.skip(self.left, cross=not self.whole_member)
        if skipped < self.left:
            missing = self.left - skipped
            if self.stream.eof:
                raise _Bad(
                    f"the file ends {missing} bytes before the record's end: it is truncated",
                    kind="truncated",
                    resync=False,
                )
            raise _Bad(
                f"the gzip member ends {missing} bytes before the record's Content-Length {self.declared}", resync=False
            )
        self.left = 0
        after = self.stream.peek(2, cross=not self.whole_member)
        if after and not (after.startswith(b"\n") or after == b"\r\n"):
            raise _Bad(f"Content-Length {self.declared} is wrong: the block is followed by {_show(after)}")

    def _date(self) -> datetime:
        raw = self.headers.get("warc-date", "")
        when = parse_warc_date(raw)
        if when is None:
            raise _Bad(f"bad WARC-Date {raw[:40]!r}", resync=False)
        return when

    def _page(self, kind: str, fetched_at: datetime, name: str, max_bytes: int) -> WarcPage | None:
        status: int | None = None
        if kind == "response":
            if _media_type(self.headers.get("content-type")) not in ("application/http", "") or not self.left:
                return None  # a response record that is not HTTP (dns:, ftp:...), or an empty one
            status, headers = self._http_head()
        else:
            headers = {"content-type": self.headers.get("content-type", "")}
        if _media_type(headers.get("content-type")) not in HTML_TYPES or (
            status is not None and not 200 <= status < 300
        ):
            return None
        if self.left > max_bytes + _MAX_HEADER_BYTES:  # room for chunk framing
            raise _Bad(
                f"the body is {self.left} bytes, over the {max_bytes}-byte limit", kind="too_large", resync=False
            )
        body = self.stream.read(self.left, cross=not self.whole_member)
        self.left -= len(body)
        if self.left:
            return None  # _finish reports the short record
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = _dechunk(body)
        body = _decode(body, headers.get("content-encoding", ""), max_bytes)
        if len(body) > max_bytes:
            raise _Bad(f"the body is over the {max_bytes}-byte limit once decoded", kind="too_large", resync=False)
        return WarcPage(
            url=self.url or "",
            status=status,
            headers=headers,
            body=body,
            charset=content_type_charset(headers.get("content-type")),
            fetched_at=fetched_at,
            record_id=self.headers.get("warc-record-id", ""),
            file=name,
            offset=self.offset,
            truncated=self.headers.get("warc-truncated") or None,
        )

    def _http_head(self) -> tuple[int, dict[str, str]]:
        """The HTTP status and headers at the start of the block."""
        block = b""
        status: int | None = None
        while True:
            line = self.stream.readline(min(_MAX_HEADER_BYTES, self.left), cross=not self.whole_member)
            if len(line) > self.left:
                raise _Bad("the HTTP header block runs past the record's Content-Length")
            self.left -= len(line)
            if not line.endswith(b"\n"):
                raise _Bad("the HTTP header block has no end", resync=False)  # _finish may say truncated first
            if status is None:
                match = _STATUS_LINE.fullmatch(line.rstrip(b"\r\n"))
                if match is None:
                    raise _Bad(f"bad HTTP status line {_show(line)}", resync=False)
                status = int(match.group(1))
                continue
            if not line.strip():
                break
            block += line
            if len(block) > _MAX_HEADER_BYTES:
                raise _Bad(f"an HTTP header block is longer than {_MAX_HEADER_BYTES} bytes", resync=False)
        try:
            return status, _joined(_headers(block))
        except _Bad as exc:
            raise _Bad(f"bad HTTP headers: {exc.message}", resync=False) from None


def _dechunk(body: bytes) -> bytes:
    """The body of a chunked message; the body as it is when it does not start chunked (stored dechunked)."""
    pieces: list[bytes] = []
    position = 0
    while True:
        size_line = _CHUNK_SIZE.match(body, position)
        if size_line is None:
            return b"".join(pieces) + body[position:] if pieces else body  # keep what follows bad framing
        size = int(size_line.group(1), 16)
        position = size_line.end()
        if size == 0:
            return b"".join(pieces)
        if position + size > len(body):
            pieces.append(body[position:])  # a torn last chunk: keep what is there
            return b"".join(pieces)
        pieces.append(body[position : position + size])
        position += size
        if body.startswith(b"\r\n", position):
            position += 2
        elif body.startswith(b"\n", position):
            position += 1


def _decode(body: bytes, content_encoding: str, max_bytes: int) -> bytes:
    """The body with its Content-Encoding undone, at most ``max_bytes`` + 1 bytes of it."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip().lower() not in ("", "identity")]
    for coding in reversed(codings):
        if coding not in _INFLATE_WBITS:
            raise _Bad(f"unsupported Content-Encoding {coding[:40]!r}", resync=False)
        if coding != "deflate" and not body.startswith(b"\x1f\x8b"):
            continue  # stored decoded under its original header, as some archivers do
        body = _inflate(body, _INFLATE_WBITS[coding], max_bytes)
    return body


def _inflate(body: bytes, wbits: int, max_bytes: int) -> bytes:
    for bits in (wbits, -zlib.MAX_WBITS) if wbits == zlib.MAX_WBITS else (wbits,):
        inflate = zlib.decompressobj(bits)
        try:
            out = inflate.decompress(body, max_bytes + 1)
        except zlib.error as exc:
            problem = exc
            continue
        return out
    if wbits == zlib.MAX_WBITS:
        return body  # deflate that is neither zlib nor raw: stored decoded
    raise _Bad(f"the gzip-encoded body cannot be decoded ({problem})", resync=False)
