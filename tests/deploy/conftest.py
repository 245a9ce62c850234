"""The deploy stack as module-scoped fixtures: PostgreSQL, Redis, a Dagster instance on the
PostgreSQL, a data folder, and celery workers that import the project with that environment.

A test module that uses `celery_workers` gets the whole stack for its tests, started once; a
test that needs a fresh data folder or instance asks for the pieces it needs in its own module.
"""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import pytest

from tests.deploy import services
from tests.serve.postgres_server import postgres_server


@pytest.fixture(scope="module")
def deploy_postgres() -> Iterator[str]:
    """The URL of a fresh PostgreSQL server (trusting local connections)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="module")
def deploy_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`redis://127.0.0.1:PORT` of a fresh Redis: the broker on database 0, results on 1."""
    with services.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def deploy_env(
    tmp_path_factory: pytest.TempPathFactory, deploy_postgres: str, deploy_redis: str
) -> Iterator[dict[str, str]]:
    """The environment of every process of the stack (workers, runs, this test process): the
    instance on PostgreSQL, a data folder of its own, the celery executor on the Redis broker."""
    root = tmp_path_factory.mktemp("deploy")
    env = {
        **services.instance_home(root / "dagster_home", deploy_postgres),
        **services.celery_environment(deploy_redis),
        "INFRATRACK_DATA_DIR": str(root / "data"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        # The instance's tables, made once here: processes that start at once on an empty
        # database each try to create them, and all but one fail (deploy/start.sh migrates first).
        dg.DagsterInstance.get().dispose()
        yield env


@pytest.fixture(scope="module")
def celery_workers(
    deploy_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[services.Worker]]:
    with services.celery_workers(deploy_env, tmp_path_factory.mktemp("worker-logs")) as workers:
        yield workers


@pytest.fixture(scope="module")
def deploy_instance(deploy_env: dict[str, str]) -> Iterator[dg.DagsterInstance]:
    """The Dagster instance of the stack (on the PostgreSQL server), for reading runs and events."""
    with dg.DagsterInstance.get() as instance:
        yield instance
