"""The Definitions' executor comes from INFRATRACK_EXECUTOR; celery URLs are checked before any
process writes them into the module dagster-celery workers import."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.defs.executors import (
    BACKEND_ENV,
    BROKER_ENV,
    EXECUTOR_ENV,
    ExecutorConfigError,
    celery_settings,
    executor_from_env,
    executor_name,
)


def _resolved_config(executor: dg.ExecutorDefinition) -> dict:
    result = executor.config_schema.resolve_config({})
    assert result.success
    return result.value["config"]


@pytest.mark.parametrize(
    ("value", "name"),
    [(None, "in_process"), ("", "in_process"), ("multiprocess", "multiprocess")],
)
def test_the_executor_is_the_one_the_environment_names(monkeypatch, value, name):
    if value is None:
        monkeypatch.delenv(EXECUTOR_ENV, raising=False)
    else:
        monkeypatch.setenv(EXECUTOR_ENV, value)
    assert executor_from_env().name == name


def test_celery_defaults_to_redis_on_this_machine(monkeypatch):
    monkeypatch.setenv(EXECUTOR_ENV, "celery")
    monkeypatch.delenv(BROKER_ENV, raising=False)
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    executor = executor_from_env()
    assert executor.name == "celery"
    config = _resolved_config(executor)
    assert (config["broker"], config["backend"]) == (
        "redis://127.0.0.1:6379/0",
        "redis://127.0.0.1:6379/1",
    )


def test_celery_urls_from_the_environment_are_passed_by_reference(monkeypatch):
    """The run config the UI shows names the variable, never the password in the URL."""
    monkeypatch.setenv(EXECUTOR_ENV, "celery")
    monkeypatch.setenv(BROKER_ENV, "redis://:s3cret@broker.internal:6380/2")
    monkeypatch.setenv(BACKEND_ENV, "rpc://")
    executor = executor_from_env()
    assert "s3cret" not in repr(executor.config_schema._config_fn({}))
    config = _resolved_config(executor)
    assert config["broker"] == "redis://:s3cret@broker.internal:6380/2"
    assert config["backend"] == "rpc://"


@pytest.mark.parametrize("value", ["Celery", "celery ", "dask", "in_process;rm -rf /", "k8s"])
def test_an_unknown_executor_is_refused_with_the_choices(value):
    with pytest.raises(ExecutorConfigError, match="in_process, multiprocess, celery"):
        executor_name({EXECUTOR_ENV: value})


@pytest.mark.parametrize(
    ("broker", "reason"),
    [
        # A quote or a line break would end the string dagster-celery writes into the worker's
        # config module (`broker_url = '...'`) and run what follows as code.
        ("redis://x'\nimport os; os.system('id')\n#", "may not hold"),
        ("redis://127.0.0.1:6379/0\nbroker_url = 'evil'", "may not hold"),
        ('redis://127.0.0.1:6379/0"', "may not hold"),
        ("redis://127.0.0.1:6379/0\\", "may not hold"),
        ("redis://127.0.0.1 :6379/0", "may not hold"),
        ("redis://hôte:6379/0", "may not hold"),
        ("file:///etc/passwd", "must start with one of"),
        ("127.0.0.1:6379", "must start with one of"),
        ("redis://" + "a" * 3000, "at most 2048"),
    ],
)
def test_a_hostile_broker_url_is_refused(broker, reason):
    with pytest.raises(ExecutorConfigError, match=reason) as failure:
        celery_settings({BROKER_ENV: broker})
    assert BROKER_ENV in str(failure.value)


def test_the_backend_takes_only_result_backends():
    with pytest.raises(ExecutorConfigError, match=BACKEND_ENV):
        celery_settings({BACKEND_ENV: "amqp://guest@127.0.0.1//"})


def test_a_percent_encoded_password_is_a_valid_url():
    settings = celery_settings({BROKER_ENV: "rediss://:p%27w%0A@127.0.0.1:6380/0"})
    assert settings.broker == "rediss://:p%27w%0A@127.0.0.1:6380/0"


def test_a_refused_url_stops_the_definitions_from_loading(monkeypatch):
    monkeypatch.setenv(EXECUTOR_ENV, "celery")
    monkeypatch.setenv(BROKER_ENV, "redis://x'")
    with pytest.raises(ExecutorConfigError):
        executor_from_env()
