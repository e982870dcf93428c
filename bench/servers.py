"""Starting and stopping the servers under test, and reading their memory from /proc."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> None:
        stop_process(self.process, timeout)


def spawn(
    command: Sequence[str], env: dict[str, str], log: Path, cwd: Path
) -> subprocess.Popen[bytes]:
    """A process of ours, its output in `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as handle:
        return subprocess.Popen(
            list(command),
            env=env,
            cwd=cwd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us; we stop it in order
        )


def stop_process(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """SIGTERM, then SIGKILL after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def start(
    name: str, command: Sequence[str], env: dict[str, str], port: int, log: Path, cwd: Path
) -> Server:
    return Server(name=name, process=spawn(command, env, log, cwd), port=port, log=log)


def wait_ready(server: Server, path: str = "/health", timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.base_url + path, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{server.name} not ready after {timeout:g} s:\n{server.log_tail()}")


# -- /proc -------------------------------------------------------------------------------------


def _cpu_ticks() -> tuple[int, int]:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def busy_cores(seconds: float) -> float:
    """How many cores' worth of CPU the whole machine used over `seconds`."""
    busy0, total0 = _cpu_ticks()
    time.sleep(seconds)
    busy1, total1 = _cpu_ticks()
    cores = os.cpu_count() or 1
    return cores * (busy1 - busy0) / max(1, total1 - total0)


def _process_ticks(pid: int) -> int:
    """utime + stime of a process (all its threads) and of the children it has waited for
    (short-lived ones, such as extraction processes, end between two samples), in clock ticks;
    0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0
    return sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            todo += children(current)
    return found


def _cmdline_has(pid: str, marker: bytes) -> bool:
    try:
        return marker in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@dataclass(frozen=True)
class CpuSample:
    other_cores: float  # what other programs used meanwhile, in cores
    server_seconds: float  # CPU of the server under test (and its children)
    postgres_seconds: float  # CPU of the benchmark's PostgreSQL processes
    ours_seconds: float = 0.0  # CPU of everything of ours (servers, workers, wrk, PostgreSQL)


class CpuMonitor:
    """Where the CPU went during a measurement.

    Ours: this process and its descendants (servers, wrk), the processes of `roots` (the
    embedded PostgreSQL) and their descendants, and any process whose command line names
    `marker` (PostgreSQL backends show their database in their title). The rest of the
    machine's busy time belongs to someone else and makes the figures lower and noisier.
    """

    def __init__(self, roots: Callable[[], list[int]], marker: str) -> None:
        self.roots = roots
        self.marker = marker.encode()
        self._start: tuple[int, int, dict[int, int], float] | None = None

    def _postgres(self) -> set[int]:
        pids: set[int] = set()
        for root in self.roots():
            pids.update(_tree(root))
        pids.update(
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _cmdline_has(p.name, self.marker)
        )
        return pids

    def _ours(self) -> dict[int, int]:
        pids = set(_tree(os.getpid())) | self._postgres()
        return {pid: _process_ticks(pid) for pid in pids}

    @staticmethod
    def _reaped() -> float:
        times = os.times()
        return times.children_user + times.children_system

    def start(self) -> None:
        busy, total = _cpu_ticks()
        self._start = (busy, total, self._ours(), self._reaped())

    def stop(self, server_pid: int | None = None) -> CpuSample:
        assert self._start is not None, "start() first"
        busy0, total0, ours0, reaped0 = self._start
        busy1, total1 = _cpu_ticks()
        ours1, reaped1 = self._ours(), self._reaped()
        hz = os.sysconf("SC_CLK_TCK")

        def used(pids: set[int]) -> int:
            return sum(ours1[p] - ours0.get(p, 0) for p in pids if p in ours1)

        ours = used(set(ours1)) + round((reaped1 - reaped0) * hz)  # + wrk runs that ended
        wall = (total1 - total0) / (os.cpu_count() or 1)
        server = used(set(_tree(server_pid))) if server_pid else 0
        return CpuSample(
            other_cores=max(0.0, (busy1 - busy0 - ours) / max(1.0, wall)),
            server_seconds=server / hz,
            postgres_seconds=used(self._postgres()) / hz,
            ours_seconds=ours / hz,
        )


def memory_kib(pid: int) -> dict[str, int]:
    """VmHWM (peak resident set) and VmRSS of a process, in KiB."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            figures[key] = int(value.split()[0])
    return figures


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def is_multiprocessing_helper(pid: int) -> bool:
    """A forkserver or resource tracker that multiprocessing started (their command lines say
    so): helpers of the API process, not servers of its own."""
    return _cmdline_has(str(pid), b"from multiprocessing.")


def listening_pids(port: int) -> list[int]:
    """The processes holding the TCP socket that listens on 127.0.0.1:port."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{inode}]")
    owners = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                owners.append(int(proc.name))
    return owners


def api_processes(server_pid: int, port: int) -> list[int]:
    """The processes that serve requests: those of the server's tree holding its listening
    socket, less uvicorn's supervisor when it has workers (with one worker, the server itself)."""
    tree = set(_tree(server_pid))
    holders = sorted(p for p in listening_pids(port) if p in tree)
    workers = [p for p in holders if p != server_pid]
    return workers or holders


class PeakMemory:
    """The peak resident set (VmHWM: the kernel's own high-water mark, so nothing between two
    samples is missed) of every API process of every server measured, read just before the
    server stops: the whole bench, hostile uploads included. Extraction processes are children
    of a forkserver, not API processes: their own limit caps them."""

    def __init__(self) -> None:
        self.by_server: dict[str, dict[int, dict[str, int]]] = {}

    def record(self, name: str, server: Server) -> None:
        figures = {}
        for pid in api_processes(server.process.pid, server.port):
            with contextlib.suppress(OSError):
                figures[pid] = memory_kib(pid)
        self.by_server[name] = figures

    def peak_mib(self) -> float | None:
        peaks = [f["VmHWM"] for figures in self.by_server.values() for f in figures.values()]
        return round(max(peaks) / 1024, 1) if peaks else None

    def to_dict(self) -> dict[str, dict[str, dict[str, int]]]:
        return {
            name: {str(pid): f for pid, f in figures.items()}
            for name, figures in self.by_server.items()
        }

    def line(self) -> str:
        parts = []
        for name, figures in self.by_server.items():
            each = ", ".join(f"{f['VmHWM'] / 1024:.0f}" for f in figures.values())
            parts.append(f"{name}: {each or 'n/a'}")
        return "peak RSS (VmHWM) of each API process, MiB: " + "; ".join(parts)
