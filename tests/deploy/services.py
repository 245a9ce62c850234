"""The deploy stack for tests, on 127.0.0.1 in temporary folders: Redis, a Dagster instance on a
test PostgreSQL (tests/serve/postgres_server.py) configured by the shipped deploy/dagster.yaml, and
dagster-celery workers started the way deploy/start.sh starts them. Each piece is a context manager
that skips with the reason when its binary is missing or it does not come up, and stops what it
started (workers by their process group, nothing by name).

`run_job` runs a job of the project's Definitions from a fresh process, as a run worker would: the
executor is chosen when orchestration.definitions is imported, so this test process, which may
have imported it already with the default executor, cannot be the one that runs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.serve.postgres_server import free_port, log_tail

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DIR = REPO_ROOT / "deploy"
BIN_DIR = Path(sys.executable).parent
START_ATTEMPTS = 3
REDIS_START_TIMEOUT_S = 10.0
# Each worker imports the whole code location (dagster, dagster-dbt, the dbt manifest) before it
# answers, and the machine may be busy.
WORKER_START_TIMEOUT_S = 120.0
WORKER_STOP_TIMEOUT_S = 20.0
RUN_TIMEOUT_S = 300


@dataclass(frozen=True)
class Worker:
    """A dagster-celery worker: its name in celery (`name@host`), its process group, its log."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def process_group(self) -> int:
        return self.process.pid


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    success: bool


def _stop_process_group(process: subprocess.Popen[bytes], timeout: float) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)
    # The worker's pool children share its group and may outlive the main process by a moment.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1).ping())
    except redis.RedisError:
        return False


@contextlib.contextmanager
def redis_server(root: Path) -> Iterator[str]:
    """Start redis-server without persistence in `root`; yield `redis://127.0.0.1:PORT`."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not found: install Debian's redis-server package")
    root.mkdir(parents=True, exist_ok=True)
    log = root / "redis.log"
    failure = ""
    for _ in range(START_ATTEMPTS):
        # Another process may take the probed port before the server binds it: try again.
        port = free_port()
        url = f"redis://127.0.0.1:{port}"
        process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(root),
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(log),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + REDIS_START_TIMEOUT_S
        while process.poll() is None and time.monotonic() < deadline:
            if _redis_answers(url):
                try:
                    yield url
                finally:
                    _stop_process_group(process, WORKER_STOP_TIMEOUT_S)
                return
            time.sleep(0.1)
        _stop_process_group(process, WORKER_STOP_TIMEOUT_S)
        failure = log_tail(log)
    pytest.skip(f"redis-server did not start: {failure}")


def instance_home(home: Path, postgres_url: str) -> dict[str, str]:
    """A DAGSTER_HOME holding deploy/dagster.yaml; the environment that points it at the server
    of `postgres_url`."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEPLOY_DIR / "dagster.yaml", home / "dagster.yaml")
    parts = urlsplit(postgres_url)
    return {
        "DAGSTER_HOME": str(home),
        "INFRATRACK_PG_HOST": parts.hostname or "127.0.0.1",
        "INFRATRACK_PG_PORT": str(parts.port or 5432),
        "INFRATRACK_PG_USER": parts.username or "postgres",
        "INFRATRACK_PG_PASSWORD": parts.password or "",
        "INFRATRACK_PG_DB": parts.path.lstrip("/") or "postgres",
    }


def celery_environment(redis_url: str) -> dict[str, str]:
    return {
        "INFRATRACK_EXECUTOR": "celery",
        "INFRATRACK_CELERY_BROKER": f"{redis_url}/0",
        "INFRATRACK_CELERY_BACKEND": f"{redis_url}/1",
    }


def _answering(broker: str, names: Sequence[str]) -> set[str]:
    from celery import Celery

    app = Celery("infratrack-tests", broker=broker)
    try:
        replies = app.control.ping(destination=list(names), timeout=1.0)
    except Exception:  # the broker may refuse while it starts; the deadline decides
        return set()
    finally:
        app.close()
    return {name for reply in replies for name in reply}


@contextlib.contextmanager
def celery_workers(env: Mapping[str, str], log_dir: Path, count: int = 2) -> Iterator[list[Worker]]:
    """Start `count` dagster-celery workers of one step at a time each, with `env` (DAGSTER_HOME,
    the data folder, the broker) and the repository as working directory; yield them once each
    answers a ping through the broker."""
    launcher = BIN_DIR / "dagster-celery"
    if not launcher.exists():
        pytest.skip(f"{launcher.name} not found in this environment: run `make prepare`")
    log_dir.mkdir(parents=True, exist_ok=True)
    host = socket.gethostname()
    workers: list[Worker] = []
    try:
        for index in range(1, count + 1):
            name = f"infratrack-test-{index}"
            log = log_dir / f"{name}.log"
            with log.open("wb") as sink:
                process = subprocess.Popen(
                    worker_command(name),
                    cwd=REPO_ROOT,
                    env=_with_venv_on_path({**os.environ, **env}),
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            workers.append(Worker(f"{name}@{host}", process, log))
        names = [worker.name for worker in workers]
        deadline = time.monotonic() + WORKER_START_TIMEOUT_S
        while _answering(env["INFRATRACK_CELERY_BROKER"], names) != set(names):
            dead = [worker for worker in workers if worker.process.poll() is not None]
            if dead or time.monotonic() > deadline:
                culprit = dead[0] if dead else workers[0]
                reason = "exited" if dead else f"did not answer in {WORKER_START_TIMEOUT_S:g} s"
                pytest.skip(f"celery worker {culprit.name} {reason}: {log_tail(culprit.log, 8)}")
            time.sleep(1.0)
        yield workers
    finally:
        for worker in workers:
            _stop_process_group(worker.process, WORKER_STOP_TIMEOUT_S)


def _with_venv_on_path(env: dict[str, str]) -> dict[str, str]:
    """dagster-celery starts the worker as `celery` found on PATH: make it this environment's."""
    return {**env, "PATH": f"{BIN_DIR}{os.pathsep}{env.get('PATH', '')}"}


def worker_command(name: str) -> list[str]:
    """How deploy/start.sh starts a worker: one step at a time, the code location imported once
    before the pool forks (not on each worker's first step), its broker from deploy/celery.yaml."""
    return [
        str(BIN_DIR / "dagster-celery"),
        "worker",
        "start",
        "--app",
        "dagster_celery.app",
        "--config-yaml",
        str(DEPLOY_DIR / "celery.yaml"),
        "--name",
        name,
        "--includes",
        "orchestration.definitions",
        "--loglevel",
        "INFO",
        "--",
        "--concurrency=1",
    ]


def run_job(
    env: Mapping[str, str],
    job: str,
    select: Sequence[str] = (),
    tags: Mapping[str, str] | None = None,
) -> RunOutcome:
    """Run `job` (optionally only the assets `select`, as `a/b` keys) in a fresh process with
    `env`, through `dagster.execute_job`; the run's own outcome."""
    command = [sys.executable, "-m", "tests.deploy.run_job", job]
    for key in select:
        command += ["--select", key]
    for key, value in (tags or {}).items():
        command += ["--tag", f"{key}={value}"]
    result = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"run_job {job} exited {result.returncode}: {result.stderr[-2000:]}")
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    return RunOutcome(run_id=outcome["run_id"], success=outcome["success"])
