"""The command line's side of the workbench: check the arguments, say what
happens on stderr, set the exit code. `hetong serve` and
`hetong review --db DB --out DIR`."""

from __future__ import annotations

import getpass
import ipaddress
import socket
import sys
from pathlib import Path

import duckdb

from hetong.pipeline.store import readers, storage

__all__ = ["export_command", "serve_command"]


def _fail(code: int, message: str) -> int:
    print(message, file=sys.stderr)
    return code


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(db: Path, *, host: str, port: int, reviewer: str | None) -> int:
    """Run the workbench until Ctrl-C. Exit 2 when the database cannot be
    opened or the port is not a port."""
    if not Path(db).is_file():
        return _fail(2, f"no such database file: {db} (import contracts first: hetong ingest FOLDER --db {db})")
    if not 0 < port < 65536:
        return _fail(2, f"--port {port} is not a TCP port (1–65535)")
    from hetong.pipeline.serve.app import create_app

    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
    if not _loopback(host):
        print(
            f"warning: serving on {host}, not on this machine only: anyone who can reach {host}:{port} "
            "can read the contracts and record decisions",
            file=sys.stderr,
        )
        hosts = ["*"]
    try:
        app = create_app(db, reviewer=reviewer or _user(), allowed_hosts=hosts)
    except (duckdb.Error, storage.MigrationError, OSError, readers.DatabaseBusy) as exc:
        return _fail(2, f"cannot open database {db}: {exc}")
    if problem := _port_problem(host, port):
        return _fail(2, problem)
    import uvicorn

    shown = f"[{host}]" if ":" in host else host
    print(f"hetong serve: {db} on http://{shown}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except OSError as exc:  # uvicorn reports a busy port and exits itself; this is the rest
        return _fail(2, f"cannot listen on {host}:{port}: {exc}")
    return 0


def _port_problem(host: str, port: int) -> str | None:
    """Why the workbench cannot listen on host:port (taken, not an address
    of this machine), found by binding once before anything is served."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as exc:
        return f"cannot listen on {host}:{port}: {exc.strerror or exc} (give another --port)"
    return None


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def export_command(db: Path, out: Path, *, lang: str) -> int:
    """Write the static site. Exit 0; 2 when the database cannot be opened or
    the folder cannot be written."""
    from hetong.pipeline.store.export import folder_problem
    from hetong.pipeline.serve.export import export_site

    if not Path(db).is_file():
        return _fail(2, f"no such database file: {db}")
    if problem := folder_problem(Path(out)):
        return _fail(2, problem)
    try:
        readers.open_for_reading(db).close()  # migrate a database made by an older hetong, once
        summary = export_site(db, out, lang=lang)
    except (duckdb.Error, storage.MigrationError, readers.DatabaseBusy) as exc:
        return _fail(2, f"cannot open database {db}: {exc}")
    except OSError as exc:
        return _fail(2, f"cannot write {out}: {exc}")
    for problem in summary.problems:
        print(problem, file=sys.stderr)
    print(
        f"{out}/index.html: {summary.contracts} contracts, {summary.pages} page images "
        "(open index.html in a browser; no server needed)",
        file=sys.stderr,
    )
    return 0
