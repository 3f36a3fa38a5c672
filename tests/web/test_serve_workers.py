"""``onrecord serve --workers N``: N real server processes sharing one port.

Each worker has its own listening socket (``SO_REUSEPORT``), so connections opened
together are spread over the workers instead of all landing on the one that woke first.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from onrecord.api.processes import port_problem, reuse_port_sockets
from tests.web.test_browser import Server

CONNECTIONS = 20


def _second_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "onrecord", "serve", "--db", str(db), "--port", str(port),
               "--workers", "2", "--log-level", "warning"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "ONRECORD_TOKEN"}
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)


@pytest.fixture
def served(db: Path, tmp_path: Path) -> Iterator[Server]:
    running = Server(db, tmp_path / "server.log", "--workers", "2")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _workers(server: Server) -> list[psutil.Process]:
    """The server's worker processes: the children that listen on a TCP port."""
    assert server.process is not None
    found = []
    for child in psutil.Process(server.process.pid).children():
        try:
            if any(c.status == psutil.CONN_LISTEN for c in child.net_connections("tcp")):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _requests_at_once(port: int, workers: list[psutil.Process]) -> dict[int, int]:
    """Opens ``CONNECTIONS`` connections while the ``workers`` are paused, so that all of
    them wait to be accepted at once (as when a team opens the app together, or a busy
    server's clients reconnect), then asks one page on each, keeping them open; returns
    how many of them each worker process holds."""
    for worker in workers:
        worker.suspend()
    try:
        sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(CONNECTIONS)]
    finally:
        for worker in workers:
            worker.resume()
    try:
        request = f"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        for sock in sockets:
            sock.sendall(request)
        for sock in sockets:
            sock.settimeout(30)
            assert sock.recv(64).startswith(b"HTTP/1.1 200")
        ours = {sock.getsockname()[1] for sock in sockets}
        held: dict[int, int] = {}
        for conn in psutil.net_connections("tcp"):
            mine = conn.raddr and conn.raddr.port in ours and conn.pid is not None
            if conn.status == psutil.CONN_ESTABLISHED and conn.laddr.port == port and mine:
                held[conn.pid] = held.get(conn.pid, 0) + 1
        return held
    finally:
        for sock in sockets:
            sock.close()


def test_connections_opened_together_reach_every_worker(served: Server) -> None:
    workers = _workers(served)
    assert len(workers) == 2
    held = _requests_at_once(served.port, workers)
    assert sum(held.values()) == CONNECTIONS
    # With one shared socket the first worker to wake took all 20; spread by the kernel,
    # both hold some (all 20 on one of two sockets: a chance of one in half a million).
    assert set(held) == {w.pid for w in workers}, held


def test_a_second_server_on_the_port_is_refused(served: Server, db: Path, tmp_path: Path) -> None:
    log = tmp_path / "second.log"
    second = _second_server(db, served.port, log)
    try:
        assert second.wait(timeout=60) == 1
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert f"Port {served.port} on 127.0.0.1 is in use" in log.read_text()


def test_a_dead_worker_is_replaced_on_its_socket(served: Server) -> None:
    victim, survivor = _workers(served)
    os.kill(victim.pid, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _workers(served)
        if len(workers) == 2 and victim.pid not in {w.pid for w in workers}:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the killed worker was not replaced")
    # Every connection is answered: none is left on a socket nobody accepts from.
    held = _requests_at_once(served.port, workers)
    assert sum(held.values()) == CONNECTIONS
    assert survivor.pid in {w.pid for w in workers}
    assert served.process is not None and served.process.poll() is None


def test_workers_stop_when_the_server_is_killed_outright(served: Server) -> None:
    workers = _workers(served)
    assert len(workers) == 2 and served.process is not None
    served.process.kill()  # SIGKILL: the parent can stop no one itself
    served.process.wait()
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers still running: {[w.pid for w in alive]}"
    assert port_problem("127.0.0.1", served.port) is None, "the port is still held"


def test_an_address_that_cannot_be_served_on_is_named() -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine.
    problem = port_problem("192.0.2.1", 8080)
    assert problem is not None and problem.startswith("Cannot listen on 192.0.2.1:8080")


def test_connections_on_a_worker_socket_send_without_waiting_for_acks() -> None:
    """A connection accepted on a worker's socket has Nagle's algorithm off, as uvicorn's
    own sockets do: with it on, a response written as head and body waited for the
    client's delayed ACK (~40 ms) on every request after the first of a connection."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (listening,) = reuse_port_sockets("127.0.0.1", port, 1)
    accepted: list[int] = []

    class Record(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            accepted.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def serve_one() -> None:
        server = await asyncio.get_running_loop().create_server(Record, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if accepted:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(serve_one())
    assert accepted and accepted[0] != 0
