"""The crawl state: one SQLite file (WAL) that makes runs incremental and crash-safe.

Tables (times are epoch seconds, UTC):

    sources   feeds and sitemaps: validators (ETag, Last-Modified), the index that lists a child
              sitemap and the lastmod it gives, failures and next try
    pages     every article URL ever discovered: newest lastmod / published date seen, validators
              and content hash of the last fetch, status, failures and ``next_try_at`` -- a page
              is due when ``next_try_at <= now`` (new: 0, changed lastmod: 0, failed: backoff)
    emitted   keys of every line written to articles.jsonl / comments.jsonl (see record_key)
    outputs   byte size of each output file at the last commit (the reconcile checkpoint)
    robots    robots.txt answers per origin, reused for ``robots_ttl``
    robots_outages  origins whose robots.txt is unreachable: since when, and whether the crawl
              gave up waiting (reported in errors.jsonl)
    runs      one row per run: start, end, outcome, counts

One transaction per completed page or listing: output lines are appended first, then the page's
row, the emitted keys and the output sizes are committed together. A run killed in between leaves
lines past the recorded sizes; :meth:`State.reconcile` reads those back on the next start, so
nothing is written twice and nothing written is lost. Only one process uses a state file at a
time: :func:`hold_lock` takes an exclusive ``flock`` on a lock file next to it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import orjson

from scraper.errors import StateError
from scraper.export import record_key

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    parent TEXT,                   -- the sitemap index that lists it; NULL for a configured source
    listed_lastmod REAL,           -- lastmod its index gives it
    seen_run INTEGER,              -- last run whose index listing still had it
    kind TEXT,                     -- rss | atom | sitemap | sitemapindex
    etag TEXT,
    last_modified TEXT,
    fetched_at REAL,               -- last 200 or 304
    fetched_lastmod REAL,          -- listed_lastmod at that fetch
    failures INTEGER NOT NULL DEFAULT 0,
    next_try_at REAL,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS sources_parent ON sources (parent);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,          -- canonical form of the discovered URL
    site TEXT NOT NULL,
    host TEXT NOT NULL,            -- politeness key: host[:port]
    source TEXT NOT NULL,          -- feed or sitemap that listed it first
    discovered_at REAL NOT NULL,
    lastmod REAL,                  -- newest sitemap lastmod / feed updated date seen
    published_at REAL,             -- the listing's date, then the article's own
    status TEXT NOT NULL,          -- new | done | failed | dead | blocked
    next_try_at REAL,              -- due when <= now; NULL: not due
    fetched_at REAL,
    fetched_lastmod REAL,          -- lastmod when last fetched
    etag TEXT,
    last_modified TEXT,
    article_id TEXT,
    content_hash TEXT,             -- of the last article fetched
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS pages_due ON pages (next_try_at);
CREATE INDEX IF NOT EXISTS pages_published ON pages (published_at);
CREATE TABLE IF NOT EXISTS emitted (key BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outputs (file TEXT PRIMARY KEY, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY,
    status INTEGER,
    body TEXT,
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS robots_outages (
    origin TEXT PRIMARY KEY,
    since REAL NOT NULL,           -- first failed fetch of this outage
    reported INTEGER NOT NULL DEFAULT 0  -- 1 once giving up was written to errors.jsonl
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    finished_at REAL,
    outcome TEXT,                  -- ok | failures | interrupted | crashed (never finished)
    summary TEXT                   -- JSON counts
);
"""

# Listing entries are upserted with this statement; a lastmod that moved makes a page due again.
_UPSERT_PAGE = """
INSERT INTO pages (url, site, host, source, discovered_at, lastmod, published_at, status, next_try_at)
VALUES (:url, :site, :host, :source, :now, :lastmod, :published, 'new', 0)
ON CONFLICT (url) DO UPDATE SET
    site = excluded.site,
    lastmod = CASE WHEN excluded.lastmod > coalesce(pages.lastmod, -1) THEN excluded.lastmod ELSE pages.lastmod END,
    published_at = coalesce(pages.published_at, excluded.published_at),
    next_try_at = CASE
        WHEN excluded.lastmod > coalesce(pages.lastmod, -1) AND pages.status IN ('done', 'failed', 'dead') THEN 0
        ELSE pages.next_try_at END,
    failures = CASE
        WHEN excluded.lastmod > coalesce(pages.lastmod, -1) AND pages.status IN ('failed', 'dead') THEN 0
        ELSE pages.failures END,
    status = CASE
        WHEN excluded.lastmod > coalesce(pages.lastmod, -1) AND pages.status = 'dead' THEN 'failed'
        ELSE pages.status END
"""

# The run's work list: new and changed pages first, then retries, then refreshes; hosts interleaved.
_BUILD_QUEUE = """
INSERT INTO temp.queue (url, reason)
SELECT url, reason FROM (
    SELECT url, reason, prio, day,
           row_number() OVER (PARTITION BY host, prio ORDER BY day DESC) AS turn
    FROM (
        SELECT url, host,
               CASE WHEN status IN ('new', 'done') THEN 0 ELSE 1 END AS prio,
               CASE status WHEN 'done' THEN 'changed' ELSE status END AS reason,
               coalesce(lastmod, published_at, discovered_at) AS day
        FROM pages WHERE next_try_at <= :now
        UNION ALL
        SELECT url, host, 2, 'refresh', coalesce(published_at, lastmod)
        FROM pages
        WHERE :since IS NOT NULL AND published_at >= :since AND status = 'done' AND next_try_at IS NULL
    )
    WHERE url IN (SELECT url FROM pages WHERE site IN (SELECT value FROM json_each(:sites)))
)
ORDER BY prio, turn, day DESC
LIMIT :limit
"""


@attrs.frozen
class QueuedPage:
    """One page of the run's work list, with what the state knows about it."""

    url: str
    reason: str  # new | changed | failed | blocked | refresh
    site: str
    host: str
    source: str
    etag: str | None
    last_modified: str | None
    failures: int


@attrs.frozen
class SourceRow:
    """What the state knows about one feed or sitemap."""

    url: str
    site: str
    parent: str | None
    kind: str | None
    etag: str | None
    last_modified: str | None
    listed_lastmod: float | None
    failures: int
    next_try_at: float | None


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def hold_lock(path: Path, what: str) -> Iterator[None]:
    """Hold an exclusive, non-blocking ``flock`` on ``path`` for the block; StateError(kind="locked") if taken.

    The kernel drops the lock when the process ends, however it ends, so a killed crawl never
    leaves a stale lock behind.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StateError(f"cannot create lock file {path}: {exc.strerror or exc}", path=str(path)) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise StateError(
                f"another crawl (pid {holder}) is using {what}; this run exits without doing anything. "
                f"Runs that overlap in cron are expected to stop here.",
                path=str(path), kind="locked",
            ) from None  # fmt: skip
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class State:
    """The SQLite state of a crawl; open with :meth:`open`, close with :meth:`close`.

    Not thread-safe; the crawl uses it from its event loop only, and never awaits inside a
    transaction.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path
        self.run_id = 0
        self._floor: dict[str, int] = {}  # file -> offset before lines whose transaction rolled back

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> State:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot open crawl state {path}: {exc}", path=str(path)) from exc
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                db.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) != SCHEMA_VERSION:
                raise StateError(
                    f"{path} is crawl state schema {row[0]}, this scraper reads {SCHEMA_VERSION}; "
                    f"use a matching scraper version or another --state file",
                    path=str(path),
                )
        except sqlite3.Error as exc:
            db.close()
            raise StateError(f"{path} is not a usable crawl state file ({exc}); give another --state", path=str(path)) from exc
        except StateError:
            db.close()
            raise
        return cls(db, path)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back if the block raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, now: float) -> int:
        with self.transaction() as db:
            db.execute("UPDATE runs SET outcome = 'crashed' WHERE finished_at IS NULL")
            self.run_id = db.execute("INSERT INTO runs (started_at) VALUES (?)", (now,)).lastrowid or 0
        return self.run_id

    def finish_run(self, now: float, outcome: str, counts: dict[str, Any]) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?",
                (now, outcome, json.dumps(counts, sort_keys=True), self.run_id),
            )

    def last_run(self) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT id, started_at, finished_at, outcome, summary FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return {"id": row[0], "started_at": row[1], "finished_at": row[2], "outcome": row[3],
                "summary": json.loads(row[4]) if row[4] else None}  # fmt: skip

    # -- output checkpoint -----------------------------------------------------------------

    def reconcile(self, files: dict[str, Path]) -> int:
        """Learn the keys of lines written after the last commit; return how many were new.

        Call after the exporter has opened the files (which cuts a torn tail). A file shorter
        than its checkpoint was rotated or truncated by someone else: it is read from the start.
        """
        learned = 0
        sizes = dict(self.db.execute("SELECT file, size FROM outputs").fetchall())
        with self.transaction() as db:
            for kind, path in files.items():
                size = _size(path)
                start = sizes.get(path.name, 0)
                if size < start:
                    log.warning("%s is shorter than at the last checkpoint (%d < %d bytes); reading it from the start", path, size, start)
                    start = 0
                if kind in ("article", "comment") and size > start:
                    learned += self._learn(db, kind, path, start)
                db.execute("INSERT OR REPLACE INTO outputs (file, size) VALUES (?, ?)", (path.name, size))
        if learned:
            log.info("reconciled %d records written after the last checkpoint", learned)
        return learned

    def _learn(self, db: sqlite3.Connection, kind: str, path: Path, start: int) -> int:
        learned = 0
        with open(path, "rb") as handle:
            handle.seek(start)
            for line in handle:
                try:
                    data = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                key = record_key(kind, data) if isinstance(data, dict) else None
                if key is not None:
                    learned += db.execute("INSERT OR IGNORE INTO emitted (key) VALUES (?)", (key,)).rowcount
        return learned

    @contextmanager
    def output_transaction(self, files: Iterable[Path]) -> Iterator[sqlite3.Connection]:
        """A transaction around appending lines to ``files``; their sizes are committed with it.

        If it rolls back after lines were appended (an error mid-page), those lines are in the
        files but their keys are not in ``emitted``: later checkpoints are held back to before
        them, so the next start reads them again instead of skipping past them.
        """
        files = list(files)
        before = {path: _size(path) for path in files}
        try:
            with self.transaction() as db:
                yield db
                self.checkpoint(db, files)
        except BaseException:
            for path, size in before.items():
                if _size(path) > size:
                    self._floor[path.name] = min(self._floor.get(path.name, size), size)
            raise

    def checkpoint(self, db: sqlite3.Connection, files: Iterable[Path]) -> None:
        """Record the size of ``files`` (held back by any rolled-back writes); inside a transaction."""
        rows = []
        for path in files:
            size = _size(path)
            rows.append((path.name, min(size, self._floor.get(path.name, size))))
        db.executemany("INSERT OR REPLACE INTO outputs (file, size) VALUES (?, ?)", rows)

    def claim(self, db: sqlite3.Connection, key: bytes) -> bool:
        """True if ``key`` was not emitted yet (and is now); call inside the write's transaction."""
        return db.execute("INSERT OR IGNORE INTO emitted (key) VALUES (?)", (key,)).rowcount == 1

    def emitted_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM emitted").fetchone()[0])

    # -- sources ---------------------------------------------------------------------------

    def source(self, url: str) -> SourceRow | None:
        row = self.db.execute(
            "SELECT url, site, parent, kind, etag, last_modified, listed_lastmod, failures, next_try_at"
            " FROM sources WHERE url = ?",
            (url,),
        ).fetchone()
        return SourceRow(*row) if row else None

    def add_root(self, url: str, site: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sources (url, site) VALUES (?, ?)"
                " ON CONFLICT (url) DO UPDATE SET site = excluded.site, parent = NULL",
                (url, site),
            )

    def add_children(self, db: sqlite3.Connection, parent: str, site: str, children: Iterable[tuple[str, float | None]]) -> None:
        """Record the sitemaps an index lists now; the ones it no longer lists are forgotten."""
        db.executemany(
            "INSERT INTO sources (url, site, parent, listed_lastmod, seen_run) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET parent = excluded.parent, listed_lastmod = excluded.listed_lastmod,"
            " seen_run = excluded.seen_run WHERE sources.parent IS NOT NULL",
            ((url, site, parent, lastmod, self.run_id) for url, lastmod in children),
        )
        db.execute("DELETE FROM sources WHERE parent = ? AND seen_run IS NOT ?", (parent, self.run_id))

    def due_children(self, parent: str, now: float, recheck_before: float, limit: int) -> list[str]:
        """Child sitemaps of ``parent`` to fetch: new, lastmod moved, or no lastmod and not checked lately."""
        rows = self.db.execute(
            """SELECT url FROM sources
               WHERE parent = ? AND coalesce(next_try_at, 0) <= ?
                 AND (fetched_at IS NULL OR listed_lastmod > coalesce(fetched_lastmod, -1)
                      OR (listed_lastmod IS NULL AND fetched_at < ?))
               ORDER BY listed_lastmod DESC LIMIT ?""",
            (parent, now, recheck_before, limit),
        ).fetchall()
        return [row[0] for row in rows]

    def source_fetched(self, db: sqlite3.Connection, url: str, kind: str | None, etag: str | None,
                       last_modified: str | None, now: float, *, keep_validators: bool = True) -> None:
        """A 200 or 304 for a source. ``keep_validators=False`` forgets them (listing read partly)."""
        if not keep_validators:
            etag = last_modified = None
        db.execute(
            """UPDATE sources SET kind = coalesce(?, kind), etag = ?, last_modified = ?, fetched_at = ?,
                   fetched_lastmod = listed_lastmod, failures = 0, next_try_at = NULL, last_error = NULL
               WHERE url = ?""",
            (kind, etag, last_modified, now, url),
        )

    def source_failed(self, db: sqlite3.Connection, url: str, message: str, next_try_at: float) -> None:
        db.execute(
            "UPDATE sources SET failures = failures + 1, next_try_at = ?, last_error = ? WHERE url = ?",
            (next_try_at, message, url),
        )

    # -- pages -----------------------------------------------------------------------------

    def discover(self, db: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> None:
        """Upsert listing entries (keys: url, site, host, source, now, lastmod, published)."""
        db.executemany(_UPSERT_PAGE, rows)

    def build_queue(self, now: float, refresh_since: float | None, limit: int | None, sites: Iterable[str]) -> int:
        """Fill the run's work list (a temp table, on disk like the rest) with the due pages of
        ``sites`` (a site removed from the config is not crawled any more); return its length."""
        params = {"now": now, "since": refresh_since, "limit": -1 if limit is None else limit,
                  "sites": json.dumps(sorted(sites))}  # fmt: skip
        with self.transaction() as db:
            db.execute("DROP TABLE IF EXISTS temp.queue")
            db.execute("CREATE TEMP TABLE queue (seq INTEGER PRIMARY KEY, url TEXT NOT NULL, reason TEXT NOT NULL)")
            db.execute(_BUILD_QUEUE, params)
        return int(self.db.execute("SELECT count(*) FROM temp.queue").fetchone()[0])

    def queued(self, batch: int = 256) -> Iterator[list[QueuedPage]]:
        """The work list in batches, in order; only one batch is in memory at a time."""
        last = 0
        while True:
            rows = self.db.execute(
                """SELECT q.seq, q.url, q.reason, p.site, p.host, p.source, p.etag, p.last_modified, p.failures
                   FROM temp.queue q JOIN pages p ON p.url = q.url
                   WHERE q.seq > ? ORDER BY q.seq LIMIT ?""",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [QueuedPage(*row[1:]) for row in rows]

    def page_fetched(self, db: sqlite3.Connection, url: str, now: float, *, etag: str | None,
                     last_modified: str | None, article_id: str | None = None,
                     content_hash: str | None = None, published_at: float | None = None) -> None:
        """A 200 (with the article's id, hash and date) or a 304 (without) for a page."""
        db.execute(
            """UPDATE pages SET status = 'done', next_try_at = NULL, fetched_at = ?, fetched_lastmod = lastmod,
                   etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
                   article_id = coalesce(?, article_id), content_hash = coalesce(?, content_hash),
                   published_at = coalesce(?, published_at), failures = 0, last_error = NULL
               WHERE url = ?""",
            (now, etag, last_modified, article_id, content_hash, published_at, url),
        )

    def page_failed(self, db: sqlite3.Connection, url: str, message: str, *, failures: int, next_try_at: float | None) -> None:
        """A failed attempt; ``next_try_at=None`` gives the page up (status dead)."""
        db.execute(
            "UPDATE pages SET status = ?, failures = ?, next_try_at = ?, last_error = ? WHERE url = ?",
            ("dead" if next_try_at is None else "failed", failures, next_try_at, message, url),
        )

    def page_blocked(self, db: sqlite3.Connection, url: str, next_try_at: float) -> None:
        db.execute("UPDATE pages SET status = 'blocked', next_try_at = ? WHERE url = ?", (next_try_at, url))

    def page_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, count(*) FROM pages GROUP BY status").fetchall())

    # -- robots.txt ------------------------------------------------------------------------

    def robots(self, origin: str) -> tuple[int | None, str | None, float] | None:
        row = self.db.execute("SELECT status, body, fetched_at FROM robots WHERE origin = ?", (origin,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def save_robots(self, origin: str, status: int | None, body: str | None, now: float) -> None:
        """An answer from the origin; it ends an outage."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO robots (origin, status, body, fetched_at) VALUES (?, ?, ?, ?)",
                       (origin, status, body, now))  # fmt: skip
            db.execute("DELETE FROM robots_outages WHERE origin = ?", (origin,))

    def robots_unreachable(self, origin: str, now: float) -> tuple[float, bool]:
        """Record a failed robots.txt fetch; returns since when it fails, and whether that was reported."""
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO robots_outages (origin, since) VALUES (?, ?)", (origin, now))
            since, reported = db.execute("SELECT since, reported FROM robots_outages WHERE origin = ?", (origin,)).fetchone()
        return since, bool(reported)

    def robots_reported(self, db: sqlite3.Connection, origin: str) -> None:
        """Giving up on the outage was reported; call in the transaction that writes the report."""
        db.execute("UPDATE robots_outages SET reported = 1 WHERE origin = ?", (origin,))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
