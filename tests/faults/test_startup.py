"""Start-up checks and true reasons (issue 12, item 5): a store that cannot be written
or has no room fails before extraction with a message, not a traceback; unreadable
inputs, symbolic link loops and HTML nested too deep say so; file names print as they
are; ``--out -`` is standard output everywhere."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from onrecord.store import open_corpus
from tests.faults.helpers import Run, cli, stored_texts, write_good

NOBODY = 65534


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="onrecord-faults-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_nobody(*args: str, cwd: Path) -> Run:
    """``onrecord ARGS`` run as the unprivileged user ``nobody`` (permissions do not stop
    root, and tests run as root on CI), in a forked copy of this process: the Python
    install may not be readable by ``nobody``, so the command is first run once as root
    on a scratch copy of its inputs, to import every module it needs."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to run a command as another user")
    warm = Path(tempfile.mkdtemp(prefix="onrecord-warm-"))
    try:
        [path] = write_good(warm, "w.txt")
        cli("ingest", str(path), "--db", str(warm / "w.db"), "--workers", "1")
        cli("ingest", str(warm), "--out", "-", "--no-extract")
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, send the result back, exit at once
        try:
            os.close(read)
            os.chdir(cwd)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            run = cli(*args)
            payload = [run.code, run.stdout, run.stderr]
        except BaseException as exc:
            payload = [99, "", f"{type(exc).__name__}: {exc}"]
        with os.fdopen(write, "w") as out:
            out.write(json.dumps(payload))
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as source:
        code, stdout, stderr = json.loads(source.read())
    os.waitpid(pid, 0)
    return Run(code, stdout, stderr)


def test_read_only_sqlite_store_fails_before_extraction(shared_dir: Path) -> None:
    db = shared_dir / "corpus.db"
    open_corpus(str(db)).close()
    db.chmod(0o644)  # root's, so nobody may read but not write it
    write_good(shared_dir, "a.txt")
    done = as_nobody("ingest", "a.txt", "--db", str(db), "--workers", "1", cwd=shared_dir)
    assert done.code == 1
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 3
    assert "corpus" in done.stderr and "article(s) read" not in done.stderr


def test_read_only_postgres_store_fails_before_extraction(pg_server: str, tmp_path: Path) -> None:
    name = "readonly_" + os.urandom(4).hex()
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{pg_server}/{name}"
    open_corpus(url).close()
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    [path] = write_good(tmp_path, "a.txt")
    run = cli("ingest", str(path), "--db", url)
    assert run.code == 1
    assert "cannot be written" in run.stderr and "read-only" in run.stderr
    assert "article(s) read" not in run.stderr


def test_a_store_without_room_fails_before_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    [path] = write_good(tmp_path, "a.txt")
    monkeypatch.setenv("ONRECORD_MIN_FREE_BYTES", str(10**18))  # more than any disk has
    run = cli("ingest", str(path), "--db", str(tmp_path / "c.db"))
    assert run.code == 1
    assert "MB free on the disk of" in run.stderr and "article(s) read" not in run.stderr


def test_unreadable_files_and_folders_say_so(shared_dir: Path) -> None:
    folder = shared_dir / "in"
    folder.mkdir()
    folder.chmod(0o755)
    for path in write_good(folder, "a.txt", "m-locked.txt", "z.txt"):
        path.chmod(0o644)
    (folder / "m-locked.txt").chmod(0o600)
    secret = folder / "n-secret"
    secret.mkdir()
    write_good(secret, "hidden.txt")
    secret.chmod(0o700)
    done = as_nobody("ingest", "in", "--out", "-", "--no-extract", cwd=shared_dir)
    assert done.code == 0, done.stderr
    assert "in/m-locked.txt: cannot read: permission denied" in done.stderr
    assert "in/n-secret: cannot read folder: permission denied" in done.stderr
    assert len(done.stdout.splitlines()) == 2  # a.txt and z.txt


def test_symbolic_link_loops_and_dangling_links_say_so(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_good(folder, "a.txt", "z.txt")
    (folder / "m-loop").symlink_to(folder)
    (folder / "n-gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ping").symlink_to(tmp_path / "pong")
    (tmp_path / "pong").symlink_to(tmp_path / "ping")
    run = cli("ingest", str(folder), str(tmp_path / "ping"), "--out", "-", "--no-extract")
    assert run.code == 0, run.stderr
    assert f"{folder / 'm-loop'}: symbolic link loop" in run.stderr
    assert f"{folder / 'n-gone.txt'}: broken symbolic link" in run.stderr
    assert f"{tmp_path / 'ping'}: symbolic link loop" in run.stderr
    assert len(run.stdout.splitlines()) == 2


def test_html_nested_too_deep_says_so(tmp_path: Path) -> None:
    page = "<p>The minister said on Monday that the plan would go ahead as announced.</p>"
    deep = "<html><body>" + "<div>" * 300 + page + "</div>" * 300 + "</body></html>"
    folder = tmp_path / "in"
    folder.mkdir()
    write_good(folder, "a.txt", "z.txt")
    (folder / "m-deep.html").write_text(deep)
    run = cli("ingest", str(folder), "--out", "-", "--no-extract")
    assert re.search(f"{re.escape(str(folder / 'm-deep.html'))}: HTML nested 3\\d\\d elements "
                     "deep, more than the 255 levels", run.stderr)  # fmt: skip
    assert len(run.stdout.splitlines()) == 2


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_file_names_print_as_they_are(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_good(folder, "a.txt")
    names = ("[draft].txt", "[/bold].txt", "[red]x[/red].txt")  # "/": a folder "[", ...
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    args = ["--out", "-", "--no-extract"] if command == "ingest" else []
    run = cli(command, str(folder), *args)
    assert run.code == 0, run.stderr
    for name in names:
        assert f"{folder / name}: empty file" in run.stderr


def test_export_out_dash_is_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    monkeypatch.chdir(tmp_path)
    [path] = write_good(tmp_path, "a.txt")
    assert cli("ingest", str(path), "--db", store_url, "--no-extract").code == 0
    run = cli("export", "--out", "-", "--table", "articles", "--db", store_url)
    assert run.code == 0, run.stderr
    assert not (tmp_path / "-").exists()
    assert len(run.stdout.splitlines()) == 1 and run.stdout.startswith("{")
    assert len(stored_texts(store_url)) == 1
