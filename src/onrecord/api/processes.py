"""Several server processes on one port, each with a listening socket of its own.

uvicorn's own ``--workers`` share one listening socket, and asyncio accepts every
connection waiting on it in one go: connections that arrive together (a team opening
the app at nine, the half-dozen a browser opens at once) land on whichever worker woke
first and stay there, kept alive, while the other workers idle. Measured with 20
clients and two workers, all 20 connections sat in one process, so the server used one
core of two. Here every worker has its own socket bound with ``SO_REUSEPORT``, and
Linux spreads new connections over the sockets (by a hash of each connection's
addresses; BSD and macOS accept the option but do not spread).

The parent binds the sockets and keeps them, so a worker that dies is replaced on the
same socket and the connections queued on it wait instead of being refused. Worker
processes are uvicorn's own (``uvicorn.supervisors.multiprocess.Process``); only the
socket each one is given differs, and on Linux each asks the kernel to stop it when the
parent dies (``PR_SET_PDEATHSIG``): a parent killed outright used to leave its workers
serving the port, and the next ``onrecord serve`` found it in use.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import signal
import socket
import sys
import threading
from types import FrameType

from uvicorn.config import STARTUP_FAILURE, Config
from uvicorn.supervisors.multiprocess import Process

from onrecord.errors import OnrecordError

logger = logging.getLogger("uvicorn.error")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
CHECK_EVERY = 0.5  # seconds between checks that each worker is alive
BACKLOG = 2048


def _address(host: str, port: int) -> tuple[socket.AddressFamily, tuple[str, int]]:
    """The socket family and address uvicorn itself would bind ``host`` to."""
    if ":" in host:
        return socket.AF_INET6, (host.strip("[]"), port)
    return socket.AF_INET, (host, port)


def port_problem(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be served on (in use, not allowed, no such address), or
    None. Asked before binding with ``SO_REUSEPORT``, which would otherwise let a second
    ``onrecord serve`` share the port with the first and silently take half its
    connections."""
    family, address = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return f"Port {port} on {host} is in use: choose another with --port."
            if error.errno == errno.EACCES:
                return (
                    f"Port {port} on {host} may not be bound by this user (ports below 1024 "
                    "need privileges): choose another with --port."
                )
            return f"Cannot listen on {host}:{port}: {error.strerror or error}."
    return None


def reuse_port_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on ``host:port``, all bound with ``SO_REUSEPORT``."""
    if not hasattr(socket, "SO_REUSEPORT"):
        raise OnrecordError("This system has no SO_REUSEPORT: serve with --workers 1.")
    problem = port_problem(host, port)
    if problem:
        raise OnrecordError(problem)
    family, address = _address(host, port)
    sockets = []
    for _ in range(count):
        # Named TCP, not left to the default 0: asyncio turns Nagle's algorithm off only
        # on connections of a socket that says it is TCP, and with it on, every response
        # after the first on a kept-alive connection waited ~40 ms for a delayed ACK
        # (uvicorn writes the head and the body apart).
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class _Worker(Process):
    """uvicorn's worker process, stopped by the kernel if the parent dies first."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        super().__init__(config, sockets)
        self.parent_pid = os.getpid()

    def target(self, sockets: list[socket.socket] | None = None) -> None:  # pragma: no cover
        # Runs in the worker: covered by tests that run real processes.
        if sys.platform.startswith("linux"):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != self.parent_pid:  # the parent died before the call
                return
        super().target(sockets)


class Workers:
    """Runs one uvicorn worker process per socket until told to stop, replacing any
    that dies (a worker that fails before it serves stops them all: its replacement
    would fail the same way)."""

    def __init__(self, config: Config, sockets: list[socket.socket]) -> None:
        self.config = config
        self.sockets = sockets
        self.processes: list[Process] = []
        self.stop = threading.Event()
        self.failed = False

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            self.processes = [self._start(sock) for sock in self.sockets]
            while not self.stop.wait(CHECK_EVERY):
                self._replace_dead()
        finally:
            for process in self.processes:
                process.terminate()
            for process in self.processes:
                process.join()
            for sock in self.sockets:
                sock.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if self.failed:
            raise OnrecordError("A server worker failed to start; see the log above.")

    def _start(self, sock: socket.socket) -> Process:
        process = _Worker(self.config, [sock])
        process.start()
        return process

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stop.set()

    def _replace_dead(self) -> None:
        for index, process in enumerate(self.processes):
            if self.stop.is_set():
                return
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()  # hung, or already gone
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                logger.error("Worker [%s] failed to start; stopping.", process.pid)
                self.failed = True
                self.stop.set()
                return
            logger.warning("Worker [%s] died; starting another on its socket.", process.pid)
            self.processes[index] = self._start(self.sockets[index])
