"""A throwaway PostgreSQL server for tests: a fresh cluster in a temporary folder, listening only on
127.0.0.1 on a free port, trusting local connections, stopped and deleted afterwards.

Tests that need it skip (with the reason) when the server binaries are missing or the server does
not start, so the suite still runs on a machine without PostgreSQL.
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
from contextlib import contextmanager
from pathlib import Path

import pytest

START_ATTEMPTS = 3
COMMAND_TIMEOUT_S = 60
# Durability is worthless for a cluster deleted after the tests, and fsync costs seconds.
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: pg_config's, Debian's newest, or PATH's."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and result.stdout.strip():
            candidates.append(Path(result.stdout.strip()))
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(Path(path).parent.name) if Path(path).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(Path(path) for path in debian)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    return next(
        (
            folder
            for folder in candidates
            if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))
        ),
        None,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def log_tail(log: Path, lines: int = 5) -> str:
    if not log.exists():
        return "(no server log)"
    return " | ".join(log.read_text(errors="replace").strip().splitlines()[-lines:])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a PostgreSQL server; yield its URL (`postgresql://postgres@127.0.0.1:PORT/postgres`)."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found: install Debian's postgresql package")
    as_user: list[str] = []
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root.
        runuser = shutil.which("runuser")
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            owner = None
        if runuser is None or owner is None:
            pytest.skip("running as root needs runuser and a postgres user to start PostgreSQL")
        as_user = [runuser, "-u", "postgres", "--"]

    # Not pytest's tmp_path: that is private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="infratrack-pg-"))
    data = root / "data"
    log = root / "server.log"
    started = False
    try:
        if owner is not None:
            os.chown(root, owner.pw_uid, owner.pw_gid)

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [*as_user, *args],
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            )

        init = run(
            str(bindir / "initdb"),
            "--pgdata",
            str(data),
            "--username",
            "postgres",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        if init.returncode != 0:
            pytest.skip(f"initdb failed: {' '.join(init.stderr.split())[-400:]}")
        conf = data / "postgresql.conf"
        base_conf = conf.read_text()
        settings = {**SERVER_SETTINGS, "unix_socket_directories": f"'{root}'"}

        port = 0
        failure = ""
        for _ in range(START_ATTEMPTS):
            # Another process may take the probed port before the server binds it: try again.
            port = free_port()
            lines = [f"{name} = {value}" for name, value in {**settings, "port": port}.items()]
            conf.write_text(base_conf + "\n" + "\n".join(lines) + "\n")
            start = run(
                str(bindir / "pg_ctl"),
                "--pgdata",
                str(data),
                "--log",
                str(log),
                "--wait",
                "--timeout",
                "30",
                "start",
            )
            if start.returncode == 0:
                started = True
                break
            failure = log_tail(log) or start.stderr
        if not started:
            pytest.skip(f"the PostgreSQL server did not start: {failure}")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                [
                    *as_user,
                    str(bindir / "pg_ctl"),
                    "--pgdata",
                    str(data),
                    "--mode",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
                timeout=COMMAND_TIMEOUT_S,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)
