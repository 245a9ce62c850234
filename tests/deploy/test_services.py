"""The deploy stack's fixtures skip, with the reason, on a machine that lacks a piece of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy import services


def test_redis_skips_when_redis_server_is_not_installed(monkeypatch, tmp_path):
    monkeypatch.setattr(services.shutil, "which", lambda _name: None)
    with (
        pytest.raises(pytest.skip.Exception, match="redis-server not found"),
        services.redis_server(tmp_path),
    ):
        pass


def test_workers_skip_when_dagster_celery_is_not_installed(monkeypatch, tmp_path):
    monkeypatch.setattr(services, "BIN_DIR", tmp_path / "no-venv" / "bin")
    with (
        pytest.raises(pytest.skip.Exception, match="dagster-celery not found"),
        services.celery_workers({}, tmp_path / "logs"),
    ):
        pass


def test_redis_skips_with_its_log_when_it_cannot_start(monkeypatch, tmp_path):
    """A server that exits at once (here: a stand-in that refuses to start) is a skip that says
    why, after the retries, not a hang."""
    fake = tmp_path / "redis-server"
    fake.write_text(
        '#!/bin/sh\necho \'FATAL: cannot bind\' > "$(dirname "$0")/redis.log"\nexit 1\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(services.shutil, "which", lambda _name: str(fake))
    with (
        pytest.raises(
            pytest.skip.Exception, match="redis-server did not start: FATAL: cannot bind"
        ),
        services.redis_server(tmp_path),
    ):
        pass


def test_the_instance_home_is_the_shipped_deploy_config(tmp_path: Path):
    env = services.instance_home(tmp_path / "home", "postgresql://postgres@127.0.0.1:6543/dagster")
    assert (tmp_path / "home" / "dagster.yaml").read_text() == (
        services.DEPLOY_DIR / "dagster.yaml"
    ).read_text()
    assert env["INFRATRACK_PG_PORT"] == "6543"
    assert env["INFRATRACK_PG_DB"] == "dagster"
    assert env["INFRATRACK_PG_PASSWORD"] == ""
