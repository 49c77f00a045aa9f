"""The same work on a Dask distributed cluster: one task per WARC file, or per host for ``scrape``.

Nothing of Dask is imported until :func:`extract_on_dask` or :func:`scrape_on_dask` runs, so a run
without ``--dask`` never pays for it (the ``[dask]`` extra installs it).

Each task is one *shard*: one archive, or every URL of one host (so one host is scraped by one
task at a time and per-host politeness holds across the cluster). A task runs the local engine
(:func:`~scraper.pipeline.extract_archives` or :func:`~scraper.pipeline.scrape`) with one extraction
thread into a private directory ``OUTPUT/.parts/<name>.<attempt>/``, then renames its files into
``OUTPUT`` under names taken from its input::

    articles-<name>.jsonl   comments-<name>.jsonl   errors-<name>.jsonl
    articles-<name>-000001.parquet   ...            (with --format parquet)

so ``read_json_auto('OUTPUT/articles-*.jsonl')`` and ``read_parquet('OUTPUT/articles-*.parquet')``
read the shards as one dataset. Only after the files are in place does the client append the shard
to ``OUTPUT/manifest.jsonl`` (one line per finished input, with its counts and files). A re-run
skips what the manifest lists and redoes the rest: the input of a worker that died, or of a run
that was stopped.

Dask may run a task twice (its worker died, or only seemed to). Attempts are idempotent: an
attempt holds the shard's lock file (``OUTPUT/.parts/<name>.lock``, ``flock``) while it runs, so
attempts of one shard take turns; each one writes a whole new set of files and replaces the
published set, removing any file of the old set it did not write. The last finished attempt wins
and no record is written twice. Archives and OUTPUT must be on a filesystem every worker sees at
the same path (one machine, or NFS); paths are made absolute before they are sent.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import queue
import re
import shutil
import socket
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

import attrs
import orjson

from scraper.errors import ExportError, InputError
from scraper.pipeline import ArchiveFilter, Stop, Summary, is_url
from scraper.settings import DEFAULT, Settings

__all__ = ["MANIFEST", "Shard", "ShardDone", "extract_on_dask", "run_shard", "scrape_on_dask"]

log = logging.getLogger(__name__)

MANIFEST = "manifest.jsonl"
# Attempts' private directories and the shards' lock files, inside OUTPUT.
PARTS = ".parts"
# Seconds to wait for the scheduler to answer before giving up with a one-line error.
CONNECT_TIMEOUT = 10.0
# How often the client looks at the stop flag while tasks run, in seconds.
_POLL_SECONDS = 0.1
# The shard of local files (and of URLs without a host) in scrape_on_dask.
FILES = "files"
_INSTALL = "pip install 'scraper[dask]'"
# A file the local engine writes, as named in its own directory: kind, then the rest of the name.
_ENGINE_FILE = re.compile(r"(articles|comments|errors)(\.jsonl|-\d+\.parquet)")
_ATTEMPT = re.compile(r"(.+)\.[0-9a-f]{32}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WARC_SUFFIX = re.compile(r"\.warc(\.gz)?$", re.IGNORECASE)
# Longest shard name taken from an input; a longer one is cut and gets a hash of the whole.
_NAME_CHARS = 80


@attrs.frozen
class Shard:
    """One task: what to read and where its files go; plain data, sent to a worker."""

    name: str  # files are <kind>-<name>.jsonl and <kind>-<name>-<n>.parquet
    input: str  # the archive's absolute path, or the host key (FILES for local files)
    sources: tuple[str, ...]  # what the engine reads: the archive, or the host's URLs in the order given
    output: str  # absolute path of OUTPUT
    settings: Settings
    formats: tuple[str, ...]
    only: ArchiveFilter | None  # extract the archive with this filter; None: scrape the sources
    warc: str | None = None  # scrape: also keep the fetched responses as WARC in this directory (absolute)

    @property
    def digest(self) -> str:
        """Names this shard's work: a manifest line counts as done only for the same sources and filter."""
        what = orjson.dumps([self.input, list(self.sources), repr(self.only)])
        return hashlib.sha256(what).hexdigest()[:16]


@attrs.frozen
class ShardDone:
    """What a finished task reports back to the client; becomes one manifest line."""

    name: str
    input: str
    digest: str
    sources: int
    articles: int
    comments: int
    failed: int
    duplicates: int
    files: tuple[str, ...]  # the shard's files in OUTPUT, after the rename
    complete: bool  # False when the input could not be read at all: not written to the manifest

    def line(self) -> bytes:
        data = attrs.asdict(self, filter=lambda field, _: field.name != "complete")
        data["finished_at"] = datetime.now(timezone.utc).isoformat()
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)


# -- the client ----------------------------------------------------------------------------------


def extract_on_dask(
    address: str,
    archives: Sequence[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    formats: Sequence[str] = ("jsonl",),
    only: ArchiveFilter = ArchiveFilter(),
) -> Summary:
    """Extract WARC files on the Dask cluster at ``address``, one task per file, into shards of ``output``.

    Each task extracts with one thread (``settings.workers`` does not apply: the cluster's worker
    threads are the parallelism). Archives already in ``output``'s manifest are skipped. A task that
    fails for good (its worker died ``allowed-failures`` times) counts as one failed source and is
    redone by the next run. Raises InputError when Dask is missing or the scheduler cannot be reached.
    """
    paths = list(dict.fromkeys(os.path.abspath(archive) for archive in archives))
    labels = {path: _WARC_SUFFIX.sub("", Path(path).name) for path in paths}
    return _run(address, output, [(path, labels[path], (path,)) for path in paths], settings, formats, only)


def scrape_on_dask(
    address: str,
    sources: Sequence[str],
    output: str | Path,
    settings: Settings = DEFAULT,
    *,
    formats: Sequence[str] = ("jsonl",),
    warc: str | Path | None = None,
) -> Summary:
    """Scrape ``sources`` on the Dask cluster at ``address``, one task per host, into shards of ``output``.

    One host's URLs go to one task, in the order given, so ``settings.per_host`` and ``delay`` hold
    for the whole cluster. Local files and directories (and URLs without a host) make one shard,
    ``files``. A host whose shard is already in the manifest for the same URLs is skipped; for other
    URLs its shard is extended, records already there not being written again, as a local scrape does.

    With ``warc`` (a directory every worker sees), each task also keeps its fetched responses there,
    as ``scrape --warc`` does: files ``scraper-<name>-<UTC time>-<serial>.warc.gz`` and the shard's
    index ``warc-index-<name>.jsonl``, published only when the task finishes (a task that dies leaves
    nothing there; its retry fetches again).
    """
    from scraper.normalize import host_key

    groups: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        host = host_key(source) if is_url(source) else ""
        groups[host or FILES].append(source if is_url(source) or not source.strip() else os.path.abspath(source))
    work = [(host, host, tuple(group)) for host, group in groups.items()]
    warc_dir = None
    if warc is not None:
        warc_dir = Path(warc).absolute()
        _make_directory(warc_dir)
    return _run(address, output, work, settings, formats, None, warc=str(warc_dir) if warc_dir else None)


def _run(
    address: str,
    output: str | Path,
    work: list[tuple[str, str, tuple[str, ...]]],
    settings: Settings,
    formats: Sequence[str],
    only: ArchiveFilter | None,
    *,
    warc: str | None = None,
) -> Summary:
    """Run ``(input, label, sources)`` shards on the cluster; the manifest decides what is left to do."""
    from scraper.export import open_exporters

    open_exporters(formats, output)  # an unknown format is a usage error before anything starts
    distributed = _import_distributed()
    directory = Path(output).absolute()
    _make_directory(directory / PARTS)
    summary = Summary()
    with _Manifest(directory) as manifest:
        names = shard_names([(input_, label) for input_, label, _ in work], manifest.owners())
        shards = [Shard(name=names[input_], input=input_, sources=sources, output=str(directory),
                        settings=settings, formats=tuple(formats), only=only, warc=warc) for input_, _, sources in work]  # fmt: skip
        todo = [shard for shard in shards if not manifest.has(shard)]
        if len(todo) < len(shards):
            log.warning("%d of %d inputs already finished (%s), skipped", len(shards) - len(todo), len(shards),
                        directory / MANIFEST)  # fmt: skip
        remove_leftovers(directory)
        if not todo:
            return summary
        with _connect(distributed, address) as client:
            _gather(client, todo, manifest, summary)
    return summary


def _gather(client: Any, todo: list[Shard], manifest: _Manifest, summary: Summary) -> None:
    """Submit every shard, write each finished one to the manifest; SIGINT/SIGTERM cancel the rest."""
    done: queue.SimpleQueue[Any] = queue.SimpleQueue()
    stop = Stop()
    pending = {}
    with stop.handling_signals():
        for shard in todo:
            future = client.submit(run_shard, shard, key=f"scraper-{shard.name}-{uuid.uuid4().hex}", pure=False)
            pending[future.key] = (future, shard)
            future.add_done_callback(done.put)
        while pending and not stop.event.is_set():
            try:
                future = done.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
            _, shard = pending.pop(future.key)
            _settle(future, shard, manifest, summary)
    if pending:
        client.cancel([future for future, _ in pending.values()])
        summary.interrupted = stop.signal
        summary.left = sum(len(shard.sources) for _, shard in pending.values())
        log.warning("%s: %d inputs not finished; run again to do them", stop.reason, len(pending))


def _settle(future: Any, shard: Shard, manifest: _Manifest, summary: Summary) -> None:
    if future.status != "finished":  # "error", or "cancelled"/"lost" when the scheduler lost it
        problem = future.exception() if future.status == "error" else None
        reason = f"{type(problem).__name__}: {problem}" if problem is not None else future.status
        summary.failed += 1
        log.warning("%s: the task failed on the cluster (%s); run again to redo it", shard.input, reason)
        return
    result: ShardDone = future.result()
    summary.sources += result.sources
    summary.articles += result.articles
    summary.comments += result.comments
    summary.failed += result.failed
    summary.duplicates += result.duplicates
    if result.complete:
        manifest.add(result)


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise InputError(f"--dask needs Dask's distributed scheduler, which is not installed: {_INSTALL}") from exc
    return distributed


@contextmanager
def _connect(distributed: Any, address: str) -> Iterator[Any]:
    """A Client of the scheduler at ``address``; InputError in one line when it cannot be reached."""
    from distributed.comm.addressing import parse_address, parse_host_port

    hint = "is `dask scheduler` running there? give its address as tcp://HOST:8786"
    try:
        scheme, location = parse_address(address)
        if scheme == "tcp":  # fail at once on a refused connection, instead of retrying for the whole timeout
            host, port = parse_host_port(location)
            socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}; {hint}", source=address) from exc
    try:
        yield client
    finally:
        client.close()


# -- shard names and the manifest ----------------------------------------------------------------


def shard_name(label: str) -> str:
    """``label`` (an archive's name without .warc.gz, or a host) as a file name part: [A-Za-z0-9._-]."""
    name = _UNSAFE.sub("_", label).strip("._-") or "input"
    if len(name) > _NAME_CHARS:
        name = f"{name[:_NAME_CHARS]}-{_hash(label)}"
    return name


def shard_names(inputs: Sequence[tuple[str, str]], owners: dict[str, str]) -> dict[str, str]:
    """Each input's shard name: its label made safe, plus a hash of the input when two inputs share a name.

    ``owners`` maps the names in the manifest to their input, so an input keeps the name it was
    finished under and a new input never takes a name that is already someone else's.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for input_, label in dict(inputs).items():
        by_name[shard_name(label)].append(input_)
    names = {}
    for name, members in by_name.items():
        owner = owners.get(name)
        if owner in members or (owner is None and len(members) == 1):
            keeper = owner if owner is not None else members[0]
            names[keeper] = name
            members = [m for m in members if m != keeper]
        for member in members:
            names[member] = f"{name}-{_hash(member)}"
    return names


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


class _Manifest:
    """``OUTPUT/manifest.jsonl``: finished inputs, one whole line each; held with ``flock`` by one client."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / MANIFEST
        self._file: IO[bytes] | None = None
        self._lines: list[dict[str, Any]] = []

    def __enter__(self) -> _Manifest:
        from scraper.export.jsonl import iter_lines, repair_tail

        try:
            self._file = open(self.path, "ab")  # noqa: SIM115 - closed by __exit__
        except OSError as exc:
            raise ExportError(f"cannot open {self.path}: {exc.strerror or exc}", path=str(self.path)) from exc
        try:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._file.close()
            raise InputError(f"another --dask run is writing to {self.path.parent} ({self.path} is locked); "
                             "wait for it or give another output directory", kind="locked") from exc  # fmt: skip
        repair_tail(self.path)
        self._lines = list(iter_lines(self.path))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()  # releases the lock
            self._file = None

    def owners(self) -> dict[str, str]:
        return {line["name"]: line["input"] for line in self._lines if isinstance(line.get("name"), str) and isinstance(line.get("input"), str)}

    def has(self, shard: Shard) -> bool:
        return any(line.get("name") == shard.name and line.get("digest") == shard.digest for line in self._lines)

    def add(self, done: ShardDone) -> None:
        """Append ``done``'s line and sync it: the shard counts as finished from here on."""
        assert self._file is not None
        try:
            self._file.write(done.line())
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise ExportError(f"cannot write {self.path}: {exc.strerror or exc}", path=str(self.path)) from exc
        self._lines.append({"name": done.name, "input": done.input, "digest": done.digest})


# -- the task ------------------------------------------------------------------------------------


def run_shard(shard: Shard) -> ShardDone:
    """One task, on a worker: the engine into a private directory, then its files renamed into place.

    Attempts of one shard take turns on its lock file; each one replaces the whole published set
    of files. A ``scrape`` shard starts from the published files, so a host scraped again is
    extended, as a local scrape extends its output.
    """
    from scraper.pipeline import extract_archives, scrape

    output = Path(shard.output)
    parts = output / PARTS
    if not parts.is_dir():  # made by the client: not there, this worker does not see the client's files
        raise ExportError(f"{output} (with its {PARTS} directory) is not on this worker ({socket.gethostname()}); "
                          "the output directory must be on a filesystem every worker sees at the same path", path=str(output))  # fmt: skip
    with _locked(parts / f"{shard.name}.lock"):
        for attempt in _attempts(parts, shard.name):  # left by an attempt that died: nobody holds the lock
            shutil.rmtree(attempt, ignore_errors=True)
        work = parts / f"{shard.name}.{uuid.uuid4().hex}"
        _make_directory(work)
        try:
            settings = attrs.evolve(shard.settings, workers=1)
            if shard.only is None:
                for path, local in published(output, shard.name):
                    shutil.copyfile(path, work / local)
                archive = _warc_work(shard, work)
                summary = scrape(shard.sources, work, settings, formats=shard.formats, warc=archive,
                                 warc_prefix=f"scraper-{shard.name}")  # fmt: skip
                if archive is not None:
                    _publish_warc(archive, shard)
                complete = True
            else:
                complete = all(os.path.isfile(source) for source in shard.sources)
                summary = extract_archives(shard.sources, work, settings, formats=shard.formats, only=shard.only)
            files = publish(work, output, shard.name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return ShardDone(name=shard.name, input=shard.input, digest=shard.digest, sources=summary.sources,
                     articles=summary.articles, comments=summary.comments, failed=summary.failed,
                     duplicates=summary.duplicates, files=files, complete=complete)  # fmt: skip


def _warc_index(shard: Shard) -> Path:
    assert shard.warc is not None
    return Path(shard.warc) / f"warc-index-{shard.name}.jsonl"


def _warc_work(shard: Shard, work: Path) -> Path | None:
    """The attempt's private WARC directory, holding the shard's index so far (None: no ``--warc``)."""
    from scraper.pipeline import WarcLog

    if shard.warc is None:
        return None
    if not os.path.isdir(shard.warc):
        raise ExportError(f"the WARC directory {shard.warc} is not on this worker ({socket.gethostname()}); "
                          "it must be on a filesystem every worker sees at the same path", path=shard.warc)  # fmt: skip
    archive = work / "warc"
    _make_directory(archive)
    if _warc_index(shard).is_file():
        shutil.copyfile(_warc_index(shard), archive / WarcLog.INDEX)
    return archive


def _publish_warc(archive: Path, shard: Shard) -> None:
    """Move a finished attempt's WARC files into the shared directory, then replace the shard's index.

    The files first: an index line never names a file that is not there yet.
    """
    from scraper.pipeline import WarcLog

    target = Path(shard.warc or "")
    try:
        for path in sorted(archive.glob("*.warc.gz")):
            shutil.move(path, target / path.name)
        index = archive / WarcLog.INDEX
        if index.is_file():
            staged = target / f".{_warc_index(shard).name}.{uuid.uuid4().hex}"
            shutil.copyfile(index, staged)
            os.replace(staged, _warc_index(shard))
    except OSError as exc:
        raise ExportError(f"cannot move the WARC files of {shard.name} into {target}: {exc.strerror or exc}",
                          path=str(target)) from exc  # fmt: skip
    _sync_directory(target)


def published(output: Path, name: str) -> list[tuple[Path, str]]:
    """The files of shard ``name`` in ``output``, each with the name the engine gives it in its own directory."""
    pattern = re.compile(rf"(articles|comments|errors)-{re.escape(name)}(\.jsonl|-\d+\.parquet)")
    found = []
    for path in output.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_file():
            found.append((path, match[1] + match[2]))
    return sorted(found)


def publish(work: Path, output: Path, name: str) -> tuple[str, ...]:
    """Rename the engine's files in ``work`` into ``output`` as shard ``name``; drop old files of the shard.

    Each rename is atomic, so a reader sees either the old file or the new one, whole.
    """
    moved = []
    for path in sorted(work.iterdir()):
        match = _ENGINE_FILE.fullmatch(path.name)
        if match and path.is_file():
            target = output / f"{match[1]}-{name}{match[2]}"
            try:
                os.replace(path, target)
            except OSError as exc:
                raise ExportError(f"cannot move {path} to {target}: {exc.strerror or exc}", path=str(target)) from exc
            moved.append(target.name)
    for path, _ in published(output, name):
        if path.name not in moved:  # a part the new set does not have
            path.unlink(missing_ok=True)
    _sync_directory(output)
    return tuple(moved)


def remove_leftovers(output: Path) -> None:
    """Remove the private directories of attempts that died (their shard's lock is free)."""
    parts = output / PARTS
    if not parts.is_dir():
        return
    for path in sorted(parts.iterdir()):
        match = _ATTEMPT.fullmatch(path.name)
        if match is None or not path.is_dir():
            continue
        try:
            with _locked(parts / f"{match[1]}.lock", wait=False):
                shutil.rmtree(path, ignore_errors=True)
                log.info("removed %s, left by a task whose worker died", path)
        except BlockingIOError:
            continue  # an attempt is still running there


def _attempts(parts: Path, name: str) -> list[Path]:
    return [path for path in parts.iterdir() if (m := _ATTEMPT.fullmatch(path.name)) and m[1] == name and path.is_dir()]


@contextmanager
def _locked(path: Path, *, wait: bool = True) -> Iterator[None]:
    """Hold ``flock`` on ``path``; BlockingIOError at once if another holds it and not ``wait``."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


def _make_directory(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the directory {path}: {exc.strerror or exc}", path=str(path)) from exc


def _sync_directory(directory: Path) -> None:
    """Make the renames in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # a filesystem that cannot sync a directory: the renames are still atomic
    finally:
        os.close(fd)
