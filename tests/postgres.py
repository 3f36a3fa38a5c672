"""A real PostgreSQL server for the tests that need one, started once per session.

The server is started from Debian's binaries (``/usr/lib/postgresql/*/bin``, or
``initdb``/``pg_ctl`` on PATH) in a temporary folder, on a free local port, and stopped
at the end. Tests run as root on CI, and PostgreSQL refuses to run as root, so the
server then runs as the ``postgres`` user through ``runuser``.

Without the binaries the PostgreSQL tests are skipped with the reason, except when ``CI``
is set: there they fail, so a CI machine missing PostgreSQL cannot pass quietly.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or "
    "on PATH: install them with `apt-get install postgresql`"
)


def _pg_bindir() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()],
    )
    if found:
        return Path(found[-1]).parent
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A running PostgreSQL server for the session; yields its base URL."""
    bindir = _pg_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING, pytrace=False)
        pytest.skip(MISSING)
    base = Path(tempfile.mkdtemp(prefix="onrecord-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o700)
    data, port = base / "data", _free_port()

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
            pytest.fail(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}\n{log}")

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E",
        "UTF8", "--locale=C", "--no-sync")  # fmt: skip
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
    )
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w",
        "-t", "60", "-o", options, "start")  # fmt: skip
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)
