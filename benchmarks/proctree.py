"""Whole-process measurement for the benchmarks: one command, its process tree sampled from /proc.

A command runs under a tiny launcher process, so that its ``ru_maxrss`` is not inflated by the
benchmark's own memory (on Linux a spawned child's ``ru_maxrss`` starts from its parent's RSS), while
this process samples the launcher's whole tree every 20 ms: per process the peak RSS (``VmHWM``), CPU
time and time spent waiting for a CPU, and the largest sum of the tree's current RSS. The tree
matters: a crawl or an extraction with workers is several processes, and the main process's own
peak says nothing about its workers'. Linux only (/proc).
"""

from __future__ import annotations

import compileall
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

MIB = 1024 * 1024
SAMPLE_EVERY = 0.02  # seconds between two /proc samples of the measured process tree
# Largest run time of any one measured command; a run past it is killed and reported.
RUN_TIMEOUT = 3600.0
LAUNCHER = (
    "import json, resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "with open(sys.argv[1], 'w') as fh:\n"
    "    json.dump({'code': code, 'maxrss': usage.ru_maxrss * 1024, 'cpu': usage.ru_utime + usage.ru_stime}, fh)\n"
)


# -- measuring a process tree ----------------------------------------------------------------------


@attrs.define
class Measured:
    """One command run to its end: times, exit code and memory of its process tree."""

    wall: float  # seconds, start to exit, start-up included
    code: int
    cpu: float  # CPU seconds of the tree (the larger of getrusage and the /proc samples: both can miss a little)
    main_cpu: float  # CPU seconds of the command's own process (the rest: its workers, forkserver, cluster)
    others: float  # cores busy with work outside the tree, on average over the run (a shared machine)
    main_wait: float  # seconds the command's own process was runnable but waiting for a CPU (/proc/PID/schedstat)
    rest_wait: float  # the same, summed over the rest of the tree (workers, forkserver, cluster)
    maxrss: int  # bytes: ru_maxrss of the launcher's children (the largest single process of the tree)
    main_hwm: int  # bytes: VmHWM of the command's own process
    largest_hwm: int  # bytes: the largest VmHWM of any one process of the tree
    tree_hwm: int  # bytes: sum of every process's VmHWM (an upper bound of the tree's peak)
    tree_rss: int  # bytes: largest sampled sum of the tree's current RSS
    processes: int  # processes seen in the tree
    stderr: str  # its tail, for errors
    extra: dict[str, Any] = attrs.Factory(dict)  # what the command printed as JSON on its last stderr line


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(p) for p in fh.read().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo and len(seen) < 1000:  # bounded: a tree larger than this is a bug in what we run
        current = todo.pop()
        seen.append(current)
        todo += _children(current)
    return seen


def _status(pid: int) -> tuple[int, int, float, float]:
    """(VmHWM bytes, VmRSS bytes, CPU seconds, seconds waited for a CPU) of a live process; zeros once it is gone."""
    hwm = rss = 0
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) * 1024
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{pid}/schedstat") as fh:
            wait = int(fh.read().split()[1]) / 1e9
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        return 0, 0, 0.0, 0.0
    return hwm, rss, cpu, wait


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (every core, every process) since boot."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def compile_sources(env: dict[str, str] | None = None) -> None:
    """Compile the project's modules to bytecode (``__pycache__``), as an install does.

    pip compiles a package's modules when it installs it, and a normal environment writes the bytecode
    of an editable install on its first run. An environment with PYTHONDONTWRITEBYTECODE set (this
    project's sandbox) writes none, so every measured process would compile ``scraper`` from source
    again: about 0.1 s of CPU per process, start-up that no installed tool (trafilatura, Scrapy) pays.
    The ``scraper`` package of each PYTHONPATH entry the command gets is compiled too (an A/B run).
    """
    roots = [Path(__file__).resolve().parent.parent]
    roots += [Path(entry) for entry in (env or os.environ).get("PYTHONPATH", "").split(os.pathsep) if entry]
    for root in roots:
        if (root / "scraper").is_dir():
            compileall.compile_dir(root / "scraper", quiet=1)


def measure(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` under the launcher and watch its process tree until it exits (its Python
    modules compiled first: :func:`compile_sources`)."""
    compile_sources(env)
    with tempfile.TemporaryDirectory(prefix="scale-run-") as tmp:
        report, errors_path = Path(tmp) / "usage.json", Path(tmp) / "stderr"
        with open(errors_path, "wb") as errors:
            busy_before = _machine_busy()
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(report), *command],
                                    cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)  # fmt: skip
            hwm: dict[int, int] = {}
            cpu: dict[int, float] = {}
            waits: dict[int, float] = {}
            tree_rss = 0
            main_pid = 0
            while proc.poll() is None:
                if time.perf_counter() - started > RUN_TIMEOUT:
                    for pid in reversed(_tree(proc.pid)):  # the launcher and what it started, children first
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    break
                pids = _tree(proc.pid)[1:]  # not the launcher itself
                if pids and not main_pid:
                    main_pid = pids[0]
                total = 0
                for pid in pids:
                    h, r, c, w = _status(pid)
                    hwm[pid] = max(hwm.get(pid, 0), h)
                    cpu[pid] = max(cpu.get(pid, 0.0), c)
                    waits[pid] = max(waits.get(pid, 0.0), w)
                    total += r
                tree_rss = max(tree_rss, total)
                try:
                    proc.wait(timeout=SAMPLE_EVERY)
                except subprocess.TimeoutExpired:
                    pass
            proc.wait()
            wall = time.perf_counter() - started
            busy = _machine_busy() - busy_before
        stderr = errors_path.read_text(encoding="utf-8", errors="replace")
        usage = json.loads(report.read_text()) if report.is_file() else {"code": -9, "maxrss": 0, "cpu": 0.0}
    extra: dict[str, Any] = {}
    for line in reversed(stderr.strip().splitlines()[-5:]):
        if line.startswith("{"):
            try:
                extra = json.loads(line)
            except ValueError:
                pass
            break
    tree_cpu = max(usage["cpu"], sum(cpu.values()))
    return Measured(wall=wall, code=usage["code"], cpu=tree_cpu, main_cpu=cpu.get(main_pid, 0.0),
                    others=max(0.0, busy - tree_cpu) / wall, main_wait=waits.get(main_pid, 0.0),
                    rest_wait=sum(waits.values()) - waits.get(main_pid, 0.0), maxrss=usage["maxrss"],
                    main_hwm=hwm.get(main_pid, 0), largest_hwm=max(hwm.values(), default=0), tree_hwm=sum(hwm.values()), tree_rss=tree_rss,
                    processes=len(hwm), stderr=stderr[-3000:], extra=extra)  # fmt: skip
