"""The crawl state: one SQLite file (WAL) that makes runs incremental and crash-safe.

Tables (times are epoch seconds, UTC):

    sources   feeds and sitemaps: validators (ETag, Last-Modified), the index that lists a child
              sitemap and the lastmod it gives, failures and next try
    pages     every article URL ever discovered: newest lastmod / published date seen, validators
              and content hash of the last fetch, status, failures and ``next_try_at`` -- a page
              is due when ``next_try_at <= now`` (new: 0, changed lastmod: 0, failed: backoff)
    emitted   keys of every article and comment written (see record_key): claimed in the
              transaction that commits its page
    pending   claims an output does not durably hold yet: written to a Parquet part that is
              not finished (lost=0), or found missing by reconcile and to be written again (lost=1)
    outputs   the exporter's mark at the last commit (the reconcile checkpoint): byte size of
              each JSONL file, number of the newest finished Parquet part of each kind
    robots    robots.txt answers per origin, reused for ``robots_ttl``
    robots_outages  origins whose robots.txt is unreachable: since when, and whether the crawl
              gave up waiting (reported in errors.jsonl)
    runs      one row per run: start, end, outcome, counts

One transaction per completed page or listing: records are written to the exporter first, then
the page's row, the emitted keys and the exporter's mark are committed together. The state never
reads the output itself; it asks the exporter (``mark``, ``keys_since``). A run killed in between
leaves records past the recorded mark; :meth:`State.reconcile` learns their keys on the next
start, so nothing is written twice and nothing written is lost.

A deferred output (Parquet) holds this run's records in an unfinished part until it closes. Its
claims are kept in ``pending`` with their page until :meth:`State.settle` (called after the
exporter closed); if the run is killed first, the part is removed by the exporter and reconcile
finds those claims missing: they are marked lost and their pages requeued, and the next fetch
writes the records again to the outputs that lost them only (JSONL already has them).

Only one process uses a state file at a time: :func:`hold_lock` takes an exclusive ``flock`` on
a lock file next to it.
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
from typing import TYPE_CHECKING, Any

import attrs

from scraper.errors import StateError

if TYPE_CHECKING:
    from scraper.export import Exporters

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
    source TEXT NOT NULL,          -- of the feeds and sitemaps that list it, the one whose URL sorts first
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
CREATE TABLE IF NOT EXISTS pending (
    key BLOB NOT NULL,             -- an emitted key an output does not durably hold (yet)
    output TEXT NOT NULL,          -- format name: parquet
    page TEXT,                     -- the page that wrote it; requeued if it is lost
    lost INTEGER NOT NULL,         -- 0: written this run, durable once the output closes; 1: to write again
    PRIMARY KEY (key, output)
) WITHOUT ROWID;
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
# A page several listings give (a feed and a sitemap) keeps the listing whose URL sorts first as its
# source: the listings of a run are read concurrently, and the record must not depend on which
# answered first.
_UPSERT_PAGE = """
INSERT INTO pages (url, site, host, source, discovered_at, lastmod, published_at, status, next_try_at)
VALUES (:url, :site, :host, :source, :now, :lastmod, :published, 'new', 0)
ON CONFLICT (url) DO UPDATE SET
    site = excluded.site,
    source = min(pages.source, excluded.source),
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
        self._floor: dict[str, int] = {}  # output -> position before records whose transaction rolled back
        self.outputs: tuple[str, ...] = ("jsonl",)  # the formats this run writes (set by reconcile)
        self.deferred: frozenset[str] = frozenset()  # those whose records are durable only once closed
        # whether pending may hold lost claims of a page (only reconcile makes them); page_written skips its delete if not
        self._lost_pages = True

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

    def reconcile(self, exporter: Exporters) -> int:
        """Match the state with what ``exporter`` durably holds; return how many keys were learned.

        Call after the exporter has opened its files (which cuts a torn tail and removes
        unfinished parts). Three things happen, in one transaction:

        - records written after the last checkpoint whose page never committed are learned
          (claimed), so the page's next fetch does not write them again; a format that does
          not hold such a record gets it when the page is fetched again;
        - claims still pending for a deferred format (Parquet) that it does not hold -- the run
          was killed before the part was finished -- are marked lost and their pages requeued
          (validators dropped, so the fetch is not answered 304): nothing claimed is lost for good;
        - the new checkpoint is stored.
        """
        self.outputs = exporter.names
        self.deferred = exporter.deferred
        mark = dict(self.db.execute("SELECT file, size FROM outputs").fetchall())
        with self.transaction() as db:
            db.execute("DROP TABLE IF EXISTS temp.tail")
            db.execute("CREATE TEMP TABLE tail (key BLOB NOT NULL, output TEXT NOT NULL, PRIMARY KEY (key, output)) WITHOUT ROWID")
            db.executemany("INSERT OR IGNORE INTO temp.tail (key, output) VALUES (?, ?)",
                           ((key, output) for output, key in exporter.keys_since(mark)))  # fmt: skip
            # a format lacking a record another one wrote gets it on the page's next fetch
            db.executemany(
                """INSERT OR IGNORE INTO pending (key, output, page, lost)
                   SELECT DISTINCT t.key, ?, NULL, 1 FROM temp.tail t
                   WHERE t.key NOT IN (SELECT key FROM emitted)
                     AND NOT EXISTS (SELECT 1 FROM temp.tail o WHERE o.key = t.key AND o.output = ?)""",
                ((output, output) for output in self.outputs),
            )
            learned = db.execute("INSERT OR IGNORE INTO emitted (key) SELECT DISTINCT key FROM temp.tail").rowcount
            db.execute("DELETE FROM pending WHERE lost = 0 AND EXISTS"
                       " (SELECT 1 FROM temp.tail t WHERE t.key = pending.key AND t.output = pending.output)")  # fmt: skip
            requeued = db.execute(
                """UPDATE pages SET next_try_at = 0, etag = NULL, last_modified = NULL
                   WHERE url IN (SELECT page FROM pending WHERE lost = 0)"""
            ).rowcount
            lost = db.execute("UPDATE pending SET lost = 1 WHERE lost = 0").rowcount
            lost_pages = db.execute("SELECT EXISTS (SELECT 1 FROM pending WHERE lost = 1 AND page IS NOT NULL)").fetchone()
            self._lost_pages = bool(lost_pages[0])
            db.execute("DROP TABLE temp.tail")
            self.checkpoint(db, exporter)
        if learned:
            log.info("reconciled %d records written after the last checkpoint", learned)
        if lost:
            log.warning("%d records claimed by a run that was killed before its output was finished are written again; "
                        "%d pages requeued", lost, requeued)  # fmt: skip
        return learned

    @contextmanager
    def output_transaction(self, exporter: Exporters) -> Iterator[sqlite3.Connection]:
        """A transaction around writing records to ``exporter``; its checkpoint is committed with it.

        The exporter is flushed (a page is finished) before the commit. If the transaction rolls
        back after records were written (an error mid-page), those records are in the output but
        their keys are not in ``emitted``: later checkpoints are held back to before them, so the
        next start reads them again instead of skipping past them.
        """
        before = exporter.mark()
        try:
            with self.transaction() as db:
                yield db
                exporter.flush()
                self.checkpoint(db, exporter)
        except BaseException:
            for name, position in exporter.mark().items():
                start = before.get(name, 0)
                if position > start:
                    self._floor[name] = min(self._floor.get(name, start), start)
            raise

    def checkpoint(self, db: sqlite3.Connection, exporter: Exporters) -> None:
        """Record ``exporter``'s mark (held back by any rolled-back writes); inside a transaction."""
        rows = [(name, min(position, self._floor.get(name, position))) for name, position in exporter.mark().items()]
        db.executemany("INSERT OR REPLACE INTO outputs (file, size) VALUES (?, ?)", rows)

    def settle(self, exporter: Exporters) -> None:
        """The exporter closed cleanly: deferred outputs are finished, so their pending claims are durable."""
        with self.transaction() as db:
            db.execute("DELETE FROM pending WHERE lost = 0")
            self.checkpoint(db, exporter)

    def claim(self, db: sqlite3.Connection, key: bytes, page: str | None = None) -> tuple[str, ...]:
        """The outputs to write the record of ``key`` to, now claimed; call inside the write's transaction.

        All outputs for a key never emitted; for a key already emitted, only the outputs that
        lost it (see :meth:`reconcile`); else none (an empty, false tuple). Claims for deferred
        outputs stay pending with their ``page`` until :meth:`settle`.
        """
        new = db.execute("INSERT OR IGNORE INTO emitted (key) VALUES (?)", (key,)).rowcount == 1
        if new:
            targets = self.outputs
        else:
            lost = {row[0] for row in db.execute("SELECT output FROM pending WHERE key = ? AND lost = 1", (key,))}
            targets = tuple(output for output in self.outputs if output in lost)
        for output in targets:
            if output in self.deferred:
                db.execute("INSERT OR REPLACE INTO pending (key, output, page, lost) VALUES (?, ?, ?, 0)", (key, output, page))
            elif not new:  # pending rows are only ever made for emitted keys: a new key has none to clear
                db.execute("DELETE FROM pending WHERE key = ? AND output = ?", (key, output))
        return targets

    def page_written(self, db: sqlite3.Connection, page: str) -> None:
        """``page`` was fetched and its records claimed: records it lost that it no longer has
        (its content changed since) are not waited for any more."""
        if not self._lost_pages:
            return
        db.execute("DELETE FROM pending WHERE page = ? AND lost = 1 AND output IN (SELECT value FROM json_each(?))",
                   (page, json.dumps(self.outputs)))  # fmt: skip

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

