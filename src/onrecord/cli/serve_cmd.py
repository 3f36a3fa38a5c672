"""``onrecord serve``: the REST API and web pages over a corpus.

Listens on 127.0.0.1 unless told otherwise. Any other address needs a token (``--token``
or ``$ONRECORD_TOKEN``): every correction then needs it, and ``--private`` makes every
read need it too. On loopback the server also refuses requests whose Host header names
another machine, so a web page cannot reach it through DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from onrecord.errors import OnrecordError
from onrecord.store import resolve_url

MIN_TOKEN = 12
# Measured with benchmarks/web_load.py at 10,000 articles on SQLite: one or two requests
# at a time per process served the most pages with the shortest waits; anyio's default
# of 40 spent a fifth of the CPU on threads taking turns on the interpreter lock.
PAGE_THREADS = 2
MAX_DEFAULT_WORKERS = 8
console = Console(stderr=True, highlight=False)


def default_workers() -> int:
    """One worker per core, up to ``MAX_DEFAULT_WORKERS``: each holds its own database
    connections, and a PostgreSQL server allows 100 by default."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_options(host: str, token: str | None, private: bool) -> str | None:
    """Why these options are refused, or None when they are fine."""
    if token is not None and len(token) < MIN_TOKEN:
        return f"The token must be at least {MIN_TOKEN} characters: a short one can be guessed."
    if not is_loopback(host) and not token:
        return (
            f"Serving on {host} lets other machines in: give a token with --token or "
            "$ONRECORD_TOKEN (corrections will need it), or keep the default 127.0.0.1."
        )
    if private and not token:
        return "--private needs a token (--token or $ONRECORD_TOKEN): no one could read otherwise."
    return None


def serve_command(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="SQLite file or postgresql:// URL (default: $ONRECORD_DB or ./onrecord.db)"
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="ONRECORD_TOKEN",
            show_envvar=True,
            help="Token that corrections need (required off loopback).",
        ),
    ] = None,
    private: Annotated[bool, typer.Option("--private", help="Reads need the token too.")] = False,
    topics: Annotated[
        Path | None,
        typer.Option("--topics", help="JSON file of extra topics (env ONRECORD_TOPICS)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Worker processes (default: one per core, at most 8).",
            show_default=False,
        ),
    ] = None,
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Requests each worker works on at once (more helps a slow database server).",
        ),
    ] = PAGE_THREADS,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Browse, verify and correct who said what: a REST API and web pages."""
    problem = check_options(host, token, private)
    if problem:
        console.print(f"[red]{escape(problem)}[/red]")
        raise typer.Exit(2)
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url[10:]).exists():
        console.print(
            f"[red]No corpus at {escape(url[10:])}: store articles first "
            "(onrecord ingest ... --db / onrecord load --db).[/red]"
        )
        raise typer.Exit(1)
    try:
        import uvicorn

        from onrecord.api import create_app
        from onrecord.api.security import loopback_hosts
    except ImportError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    hosts = loopback_hosts(host) if is_loopback(host) else None
    try:
        app = create_app(
            url,
            token=token,
            private=private,
            allowed_hosts=hosts,
            topics_file=str(topics) if topics else None,
            threads=threads,
            warm=True,
        )
    except OnrecordError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    shown = f"[{host}]" if ":" in host else host
    mode = "private, token required" if private else ("token for writes" if token else "local")
    console.print(f"Serving {escape(url)} at http://{escape(shown)}:{port}/ ({mode})")
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": False,
    }
    workers = workers or default_workers()
    if workers == 1:
        uvicorn.run(app, **options)
        return
    # Each worker process builds its own app from the environment; they share the key
    # that signs forms, so a form served by one worker is accepted by another.
    _export_settings(url, token, private, hosts, topics, threads)
    from onrecord.api.processes import Workers, reuse_port_sockets

    config = uvicorn.Config("onrecord.api.app:app_from_env", factory=True, **options)
    try:
        Workers(config, reuse_port_sockets(host, port, workers)).run()
    except OnrecordError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc


def _export_settings(
    url: str,
    token: str | None,
    private: bool,
    hosts: frozenset[str] | None,
    topics: Path | None,
    threads: int,
) -> None:
    from onrecord.api import app as web

    os.environ[web.ENV_DB] = url
    os.environ[web.ENV_THREADS] = str(threads)
    os.environ[web.ENV_PRIVATE] = "1" if private else "0"
    os.environ[web.ENV_SECRET] = secrets.token_hex(32)
    if token:
        os.environ["ONRECORD_TOKEN"] = token
    if hosts is not None:
        os.environ[web.ENV_HOSTS] = ",".join(sorted(hosts))
    if topics:
        os.environ["ONRECORD_TOPICS"] = str(topics)
