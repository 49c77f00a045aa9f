"""The --dask path: one task per WARC file (or per host), shards named by input, a manifest of finished inputs.

Runs on a LocalCluster of 2 worker processes, and on a real ``dask scheduler`` with ``dask worker``
processes started here on 127.0.0.1, one of which is killed while its task runs.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import attrs
import orjson
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from servers import html, server  # noqa: F401

distributed = pytest.importorskip("distributed")

from scraper.cli import main  # noqa: E402
from scraper.distributed import (  # noqa: E402
    MANIFEST,
    PARTS,
    Shard,
    _Manifest,
    extract_on_dask,
    run_shard,
    scrape_on_dask,
    shard_name,
    shard_names,
)
from scraper.errors import ExportError, InputError  # noqa: E402
from scraper.fetch.http import Page  # noqa: E402
from scraper.pipeline import ArchiveFilter, extract_archives, scrape  # noqa: E402
from scraper.settings import DEFAULT  # noqa: E402
from scraper.warc import WarcWriter  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "html").rglob("*.html"))
ONE = attrs.evolve(DEFAULT, workers=1)
FETCHED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
# Longest any wait here may take (cluster start, a run); a test that hits it fails instead of hanging.
WAIT_SECONDS = 45.0


def page_url(page: Path) -> str:
    expected = orjson.loads(page.with_name(page.stem + ".expected.json").read_bytes())
    return expected["article"]["url"]


def make_warcs(directory: Path, count: int) -> list[str]:
    """``count`` WARC files news-<i>.warc.gz holding the fixture pages between them, each page once."""
    directory.mkdir(parents=True, exist_ok=True)
    archives = []
    for i in range(count):
        with WarcWriter(directory / f"w{i}", clock=lambda: FETCHED_AT) as writer:
            for path in PAGES[i::count]:
                url = page_url(path)
                writer.write(Page(url=url, requested_url=url, status=200, headers={"content-type": "text/html; charset=utf-8"},
                                  body=path.read_bytes(), charset="utf-8", fetched_at=FETCHED_AT, attempts=1))  # fmt: skip
        [written] = writer.files
        archives.append(str(written.rename(directory / f"news-{i}.warc.gz")))
    return archives


def lines(paths) -> list[dict]:
    return [orjson.loads(line) for path in sorted(paths) for line in Path(path).read_bytes().splitlines()]


def records(directory: Path, kind: str, pattern: str) -> list[dict]:
    """Every record of ``kind`` in the files matching ``pattern``, without fetched_at, sorted."""
    found = [{k: v for k, v in line.items() if k != "fetched_at"} for line in lines(directory.glob(pattern.format(kind=kind)))]
    return sorted(found, key=lambda r: orjson.dumps(r, option=orjson.OPT_SORT_KEYS))


def manifest(directory: Path) -> list[dict]:
    return lines([directory / MANIFEST]) if (directory / MANIFEST).exists() else []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 worker processes with one thread each, on 127.0.0.1, no dashboard."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as local:  # fmt: skip
        yield local.scheduler_address


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    return make_warcs(tmp_path_factory.mktemp("warcs"), 4)


# -- a LocalCluster ------------------------------------------------------------------------------


def test_local_cluster_writes_one_shard_per_archive_equal_to_a_local_run(cluster, archives, tmp_path):
    out = tmp_path / "out"
    summary = extract_on_dask(cluster, archives, out, formats=("jsonl", "parquet"))
    assert (summary.articles, summary.comments, summary.failed, summary.exit_code) == (10, 47, 0, 0)

    names = [f"news-{i}" for i in range(4)]
    assert sorted(p.name for p in out.glob("*.jsonl")) == sorted(
        [MANIFEST] + [f"{kind}-{name}.jsonl" for kind in ("articles", "comments", "errors") for name in names])
    assert sorted(p.name for p in out.glob("articles-*.parquet")) == [f"articles-{name}-000001.parquet" for name in names]
    done = manifest(out)
    assert sorted(line["name"] for line in done) == names
    assert sorted(line["input"] for line in done) == sorted(archives)
    assert sum(line["articles"] for line in done) == 10
    assert all((out / file).is_file() for line in done for file in line["files"])
    assert not [p for p in (out / PARTS).iterdir() if p.is_dir()]  # no attempt directory left behind

    local = tmp_path / "local"
    extract_archives(archives, local, ONE)
    for kind in ("articles", "comments"):
        assert records(out, kind, "{kind}-*.jsonl") == records(local, kind, "{kind}.jsonl")

    import duckdb

    ids = [row[0] for row in duckdb.sql(f"select id from read_json_auto('{out}/articles-*.jsonl')").fetchall()]
    assert len(ids) == len(set(ids)) == 10
    assert duckdb.sql(f"select count(distinct id), count(*) from read_parquet('{out}/articles-*.parquet')").fetchall() == [(10, 10)]
    assert duckdb.sql(f"select count(*) from read_json_auto('{out}/comments-*.jsonl')").fetchall() == [(47,)]


def test_a_rerun_skips_finished_inputs_and_redoes_a_lost_one(cluster, archives, tmp_path):
    out = tmp_path / "out"
    extract_on_dask(cluster, archives, out)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("articles-*.jsonl")}

    again = extract_on_dask(cluster, archives, out)
    assert (again.sources, again.articles) == (0, 0)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("articles-*.jsonl")} == before

    # news-2 as a worker that died would leave it: files half there, no manifest line, its attempt directory.
    (out / MANIFEST).write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in manifest(out) if line["name"] != "news-2"))
    (out / "comments-news-2.jsonl").unlink()
    leftover = out / PARTS / f"news-2.{'0' * 32}"
    leftover.mkdir()
    (leftover / "articles.jsonl").write_bytes(b'{"id": "half"}\n')

    redo = extract_on_dask(cluster, archives, out)
    expected = len(lines([out / "articles-news-2.jsonl"]))
    assert redo.articles == expected and redo.sources == expected
    assert not leftover.exists()
    assert sorted(line["name"] for line in manifest(out)) == [f"news-{i}" for i in range(4)]
    ids = Counter(record["id"] for record in lines(out.glob("articles-*.jsonl")))
    assert len(ids) == 10 and set(ids.values()) == {1}


def test_an_unreadable_archive_is_an_error_and_stays_out_of_the_manifest(cluster, archives, tmp_path):
    out = tmp_path / "out"
    missing = str(tmp_path / "gone.warc.gz")
    summary = extract_on_dask(cluster, [archives[0], missing], out)
    assert summary.failed == 1 and summary.exit_code == 1
    assert [line["name"] for line in manifest(out)] == ["news-0"]
    [error] = lines([out / "errors-gone.jsonl"])
    assert error["source"] == missing


def test_scrape_on_dask_gives_each_host_one_shard(cluster, server, tmp_path):  # noqa: F811
    urls = [server.route(f"/{p.parent.name}/{p.stem}", html(p.read_text("utf-8"))) for p in PAGES[:4]]
    files = str(ROOT / "fixtures" / "html" / "future")
    out = tmp_path / "out"
    first = scrape_on_dask(cluster, urls[:2], out)
    assert (first.articles, first.failed) == (2, 0)
    summary = scrape_on_dask(cluster, [*urls, files], out)  # the host's shard is extended, not replaced
    assert (summary.articles, summary.duplicates, summary.failed) == (4, 2, 0)
    written = [article["url"] for article in lines(out.glob("articles-*.jsonl"))]
    assert len(written) == len(set(written)) == 6
    host = re.sub(r"[^A-Za-z0-9._-]", "_", urls[0].split("/")[2])
    assert sorted(p.name for p in out.glob("articles-*.jsonl")) == [f"articles-{host}.jsonl", "articles-files.jsonl"]
    assert {line["input"] for line in manifest(out)} == {"files", urls[0].split("/")[2]}
    assert [server.hits(f"/{p.parent.name}/{p.stem}") for p in PAGES[:4]] == [2, 2, 1, 1]  # a new URL list: the host again

    again = scrape_on_dask(cluster, [*urls, files], out)
    assert again.sources == 0 and [server.hits(f"/{p.parent.name}/{p.stem}") for p in PAGES[:4]] == [2, 2, 1, 1]

    local = tmp_path / "local"
    scrape([*urls, files], local, ONE)
    assert records(out, "articles", "{kind}-*.jsonl") == records(local, "articles", "{kind}.jsonl")


def test_scrape_with_warc_on_dask_keeps_each_hosts_responses_and_index(cluster, server, tmp_path):  # noqa: F811
    urls = [server.route(f"/{p.parent.name}/{p.stem}", html(p.read_text("utf-8"))) for p in PAGES[:4]]
    out, warc = tmp_path / "out", tmp_path / "warc"
    result = CliRunner().invoke(main, ["-q", "scrape", *urls[:3], "-o", str(out), "--warc", str(warc), "--dask", cluster])
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(main, ["-q", "scrape", *urls, "-o", str(out), "--warc", str(warc), "--dask", cluster])
    assert again.exit_code == 0, again.output  # the host's shard is extended: its index keeps the first run's lines

    host = re.sub(r"[^A-Za-z0-9._-]", "_", urls[0].split("/")[2])
    assert sorted(p.name for p in warc.iterdir() if not p.name.endswith(".warc.gz")) == [f"warc-index-{host}.jsonl"]
    archives = sorted(warc.glob(f"scraper-{host}-*.warc.gz"))
    assert archives and archives == sorted(warc.glob("*.warc.gz"))  # every file is the shard's, none left open
    index = lines([warc / f"warc-index-{host}.jsonl"])
    articles = lines(out.glob("articles-*.jsonl"))
    assert len(articles) == 4 and sorted(line["id"] for line in index) == sorted([a["id"] for a in articles[:3]] * 2 + [articles[3]["id"]])
    for line in index:  # each line points at the response it was extracted from
        with open(warc / line["warc_file"], "rb") as handle:
            handle.seek(line["warc_offset"])
            record = gzip.decompress(handle.read(line["warc_length"]))
        assert line["warc_record_id"].encode() in record and line["url"].encode() in record

    code, text = extract_cli(archives, tmp_path / "again")
    assert code == 0, text
    same = [(a["id"], a["content_hash"], a["url"]) for a in lines([tmp_path / "again" / "articles.jsonl"])]
    assert sorted(same) == sorted((a["id"], a["content_hash"], a["url"]) for a in articles)  # re-extracted without refetching


def extract_cli(archives: list[Path], output: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-q", "extract", *map(str, archives), "-o", str(output), "--workers", "1"])
    return result.exit_code, result.output


# -- attempts, names, errors (no cluster) -------------------------------------------------------


def test_a_second_attempt_of_a_task_replaces_the_first_without_duplicates(archives, tmp_path):
    out = tmp_path / "out"
    shard = Shard(name="news-1", input=archives[1], sources=(archives[1],), output=str(out), settings=ONE,
                  formats=("jsonl", "parquet"), only=ArchiveFilter())  # fmt: skip
    (out / PARTS).mkdir(parents=True)  # as the client makes it
    first = run_shard(shard)
    (out / "articles-news-1-000002.parquet").write_bytes((out / "articles-news-1-000001.parquet").read_bytes())  # an older, longer set
    dead = out / PARTS / f"news-1.{'a' * 32}"
    dead.mkdir()
    second = run_shard(shard)
    assert first.files == second.files
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(second.files)
    assert not dead.exists()
    import duckdb

    assert duckdb.sql(f"select count(*), count(distinct id) from read_parquet('{out}/articles-*.parquet')").fetchall() == [(second.articles,) * 2]
    assert len(lines([out / "articles-news-1.jsonl"])) == second.articles > 0


def test_a_worker_that_does_not_see_the_output_directory_fails_instead_of_writing_elsewhere(archives, tmp_path):
    shard = Shard(name="news-0", input=archives[0], sources=(archives[0],), output=str(tmp_path / "elsewhere"),
                  settings=ONE, formats=("jsonl",), only=ArchiveFilter())  # fmt: skip
    with pytest.raises(ExportError, match="every worker sees at the same path"):
        run_shard(shard)
    assert not (tmp_path / "elsewhere").exists()


def test_a_worker_that_does_not_see_the_warc_directory_fails_before_fetching(server, tmp_path):  # noqa: F811
    url = server.route("/page", html(PAGES[0].read_text("utf-8")))
    out = tmp_path / "out"
    (out / PARTS).mkdir(parents=True)
    shard = Shard(name="host", input="host", sources=(url,), output=str(out), settings=ONE, formats=("jsonl",),
                  only=None, warc=str(tmp_path / "elsewhere"))  # fmt: skip
    with pytest.raises(ExportError, match="every worker sees at the same path"):
        run_shard(shard)
    assert server.hits("/page") == 0 and not list(out.glob("*.jsonl"))


def test_shard_names_are_safe_and_two_inputs_never_share_one(tmp_path):
    assert shard_name("CC-NEWS-20240101.warc") == "CC-NEWS-20240101.warc"
    assert shard_name("example.com:8080") == "example.com_8080"
    assert shard_name("[::1]:8080") == "1_8080"
    assert shard_name("../..") == "input"
    names = shard_names([("/a/x.warc.gz", "x"), ("/b/x.warc.gz", "x"), ("/c/y.warc.gz", "y")], {})
    assert names["/c/y.warc.gz"] == "y"
    assert names["/a/x.warc.gz"] != names["/b/x.warc.gz"] and all(n.startswith("x-") for n in (names["/a/x.warc.gz"], names["/b/x.warc.gz"]))
    # The manifest's owner keeps its name; a newcomer with the same name gets another.
    names = shard_names([("/a/x.warc.gz", "x"), ("/b/x.warc.gz", "x")], {"x": "/a/x.warc.gz"})
    assert names["/a/x.warc.gz"] == "x" and names["/b/x.warc.gz"].startswith("x-")
    assert shard_names([("/b/x.warc.gz", "x")], {"x": "/a/x.warc.gz"})["/b/x.warc.gz"].startswith("x-")


@given(st.text())
def test_any_label_gives_a_plain_file_name(label):
    name = shard_name(label)
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._-]*", name) and len(name) <= 89


def test_two_clients_cannot_write_one_output(tmp_path):
    with _Manifest(tmp_path), pytest.raises(InputError, match="another --dask run") as caught:
        with _Manifest(tmp_path):
            pass
    assert caught.value.kind == "locked"


def test_an_unreachable_scheduler_is_a_one_line_usage_error(archives, tmp_path):
    for address in (f"tcp://127.0.0.1:{free_port()}", "nonsense"):
        result = CliRunner().invoke(main, ["extract", archives[0], "-o", str(tmp_path / "out"), "--dask", address])
        assert result.exit_code == 2, result.output
        assert f"cannot reach the Dask scheduler at {address}" in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_without_dask_installed_the_error_says_how_to_install_it(archives, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(InputError, match=r"pip install 'scraper\[dask\]'"):
        extract_on_dask("tcp://127.0.0.1:8786", archives, tmp_path / "out")


def test_without_dask_option_nothing_of_dask_is_imported(archives, tmp_path):
    program = textwrap.dedent(f"""
        import sys
        import scraper.cli, scraper.pipeline
        try:
            scraper.cli.main(["extract", {archives[0]!r}, "-o", {str(tmp_path / "out")!r}, "--workers", "1"])
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed")))
    """)
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=WAIT_SECONDS, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert (tmp_path / "out" / "articles.jsonl").stat().st_size > 0


# -- a real scheduler and workers ----------------------------------------------------------------


class RealCluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, each stopped by its own pid."""

    def __init__(self, directory: Path, workers: int, preload: Path | None = None) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.directory = directory
        self.scheduler = self._start("scheduler", [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                                   "--port", str(self.port), "--no-dashboard", "--dashboard-address", "127.0.0.1:0"])  # fmt: skip
        extra = ["--preload", str(preload)] if preload else []
        self.workers = [
            self._start(f"worker{i}", [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--host", "127.0.0.1",
                                       "--nthreads", "1", "--no-nanny", "--no-dashboard", "--death-timeout", "30", *extra])  # fmt: skip
            for i in range(workers)
        ]

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.directory / f"{name}.log", "wb")  # noqa: SIM115 - the child holds it
        with log:
            return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory)

    def wait_ready(self) -> None:
        """Poll the scheduler until every worker has joined; bounded by WAIT_SECONDS."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            assert self.scheduler.poll() is None, (self.directory / "scheduler.log").read_text()
            try:
                with distributed.Client(self.address, timeout=2, set_as_default=False) as client:
                    client.wait_for_workers(len(self.workers), timeout=deadline - time.monotonic())
                    return
            except OSError:
                time.sleep(0.1)  # the scheduler is not listening yet: poll again
        raise AssertionError(f"the cluster at {self.address} did not start within {WAIT_SECONDS} s")

    def stop(self) -> None:
        """SIGTERM to the workers, then to the scheduler (a worker losing its scheduler while it stops may
        hang); SIGKILL to any that has not exited within 10 s."""
        for group in (self.workers, [self.scheduler]):
            for process in group:
                if process.poll() is None:
                    os.kill(process.pid, signal.SIGTERM)
            for process in group:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)


def cli_extract(address: str, archives: list[str], out: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scraper", "extract", *archives, "-o", str(out), "--dask", address],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)  # fmt: skip


def test_cli_extract_on_a_real_scheduler_and_two_workers(archives, tmp_path):
    real = RealCluster(tmp_path, workers=2)
    try:
        real.wait_ready()
        run = cli_extract(real.address, archives, tmp_path / "out")
        _, stderr = run.communicate(timeout=WAIT_SECONDS)
    finally:
        real.stop()
    assert run.returncode == 0, stderr
    assert "10 sources: 10 articles, 47 comments, 0 failed" in stderr and "Traceback" not in stderr
    assert sorted(line["name"] for line in manifest(tmp_path / "out")) == [f"news-{i}" for i in range(4)]
    assert records(tmp_path / "out", "articles", "{kind}-*.jsonl") == records(extract_local(archives, tmp_path), "articles", "{kind}.jsonl")


def extract_local(archives: list[str], tmp_path: Path) -> Path:
    extract_archives(archives, tmp_path / "local", ONE)
    return tmp_path / "local"


def wait_for_barrier(started: Path, run: subprocess.Popen) -> int:
    """The pid of the worker process that holds news-0's first attempt; bounded by WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not (started.exists() and started.read_text()):
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "no worker started news-0"
        time.sleep(0.05)
    return int(started.read_text())


BARRIER = """
# Loaded by each worker (--preload; Dask may load it twice): the first attempt at news-0 says which
# process runs it, then waits until the test kills that process or creates the file `release`.
# Later attempts run normally.
import os, time
import scraper.pipeline

_extract = getattr(scraper.pipeline, "unpatched_extract_archives", scraper.pipeline.extract_archives)
scraper.pipeline.unpatched_extract_archives = _extract

def extract_archives(archives, *args, **kwargs):
    if any("news-0" in archive for archive in archives):
        try:
            fd = os.open({started!r}, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            return _extract(archives, *args, **kwargs)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not os.path.exists({release!r}):
            time.sleep(0.05)
    return _extract(archives, *args, **kwargs)

scraper.pipeline.extract_archives = extract_archives
"""


def test_a_worker_killed_mid_task_still_gives_every_input_exactly_once(archives, tmp_path):
    started = tmp_path / "started"
    preload = tmp_path / "barrier.py"
    preload.write_text(BARRIER.format(started=str(started), release=str(tmp_path / "release")))
    real = RealCluster(tmp_path, workers=2, preload=preload)
    out = tmp_path / "out"
    try:
        real.wait_ready()
        run = cli_extract(real.address, archives, out)
        pid = wait_for_barrier(started, run)
        [victim] = [worker for worker in real.workers if worker.pid == pid]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        _, stderr = run.communicate(timeout=WAIT_SECONDS)
    finally:
        real.stop()
    assert run.returncode == 0, stderr
    assert sorted(line["name"] for line in manifest(out)) == [f"news-{i}" for i in range(4)]
    ids = Counter(record["id"] for record in lines(out.glob("articles-*.jsonl")))
    assert len(ids) == 10 and set(ids.values()) == {1}
    comments = Counter(record["id"] for record in lines(out.glob("comments-*.jsonl")))
    assert sum(comments.values()) == 47 and set(comments.values()) == {1}
    assert not [p for p in (out / PARTS).iterdir() if p.is_dir()]  # the killed attempt's directory was removed


def test_a_stopped_run_leaves_the_unfinished_inputs_to_the_next_run(archives, tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    preload = tmp_path / "barrier.py"
    preload.write_text(BARRIER.format(started=str(started), release=str(release)))
    real = RealCluster(tmp_path, workers=2, preload=preload)
    out = tmp_path / "out"
    try:
        real.wait_ready()
        run = cli_extract(real.address, archives, out)
        wait_for_barrier(started, run)
        run.send_signal(signal.SIGINT)
        _, stopped = run.communicate(timeout=WAIT_SECONDS)
        release.touch()  # the cancelled attempt goes on (Dask does not stop a running task); the re-run's waits for it
        again = cli_extract(real.address, archives, out)
        _, stderr = again.communicate(timeout=WAIT_SECONDS)
    finally:
        real.stop()
    assert run.returncode == 130, stopped
    assert "stopped by SIGINT" in stopped and "Traceback" not in stopped
    assert again.returncode == 0, stderr
    assert sorted(line["name"] for line in manifest(out)) == [f"news-{i}" for i in range(4)]
    assert [line["name"] for line in manifest(out)].count("news-0") == 1
    ids = Counter(record["id"] for record in lines(out.glob("articles-*.jsonl")))
    assert len(ids) == 10 and set(ids.values()) == {1}
