"""The executor of the Definitions, chosen from the environment in this one place.

`INFRATRACK_EXECUTOR` is `in_process` (the default: one machine, one process, no import cost per
step), `multiprocess` (a process per step on this machine) or `celery` (steps go to celery workers
through a broker: `INFRATRACK_CELERY_BROKER`, results come back through `INFRATRACK_CELERY_BACKEND`).
Jobs that pin their own executor (the warehouse writers in jobs.py) keep it whatever this says.

The celery URLs are checked here, before any process uses them: dagster-celery writes the worker's
broker and backend into a Python module it imports (`broker_url = '...'`), so a URL carrying a
quote or a line break would be code run by every worker.
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import dagster as dg

EXECUTOR_ENV = "INFRATRACK_EXECUTOR"
BROKER_ENV = "INFRATRACK_CELERY_BROKER"
BACKEND_ENV = "INFRATRACK_CELERY_BACKEND"
DEFAULT_EXECUTOR = "in_process"
EXECUTOR_NAMES = ("in_process", "multiprocess", "celery")
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
DEFAULT_BACKEND = "redis://127.0.0.1:6379/1"
BROKER_SCHEMES = frozenset({"redis", "rediss", "amqp", "amqps", "pyamqp"})
BACKEND_SCHEMES = frozenset({"redis", "rediss", "rpc"})
# What a URL may hold: no quotes, backslashes, whitespace or control characters. Anything else
# (a password with such characters) is percent-encoded, as URLs want anyway.
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&()*+,;=%")
MAX_URL_LENGTH = 2048


class ExecutorConfigError(ValueError):
    """The environment names an unknown executor or an unusable celery URL."""


@dataclass(frozen=True)
class CelerySettings:
    broker: str
    backend: str


def _checked_url(name: str, value: str, schemes: frozenset[str]) -> str:
    if not value or len(value) > MAX_URL_LENGTH:
        raise ExecutorConfigError(f"{name} must be a URL of at most {MAX_URL_LENGTH} characters")
    bad = sorted({c for c in value if c not in URL_CHARACTERS})
    if bad:
        raise ExecutorConfigError(
            f"{name} holds characters a URL may not hold unencoded: {''.join(bad)!r}"
        )
    scheme = urlsplit(value).scheme
    if scheme not in schemes:
        raise ExecutorConfigError(
            f"{name} must start with one of {', '.join(f'{s}://' for s in sorted(schemes))}, "
            f"not {scheme + '://' if scheme else 'no scheme'}"
        )
    return value


def celery_settings(environ: Mapping[str, str] | None = None) -> CelerySettings:
    """The broker and result backend of the celery executor, checked."""
    env = os.environ if environ is None else environ
    return CelerySettings(
        broker=_checked_url(BROKER_ENV, env.get(BROKER_ENV) or DEFAULT_BROKER, BROKER_SCHEMES),
        backend=_checked_url(BACKEND_ENV, env.get(BACKEND_ENV) or DEFAULT_BACKEND, BACKEND_SCHEMES),
    )


def executor_name(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    name = env.get(EXECUTOR_ENV) or DEFAULT_EXECUTOR
    if name not in EXECUTOR_NAMES:
        raise ExecutorConfigError(
            f"{EXECUTOR_ENV} must be one of {', '.join(EXECUTOR_NAMES)}, not {name!r}"
        )
    return name


def executor_from_env() -> dg.ExecutorDefinition:
    """The executor `INFRATRACK_EXECUTOR` names, configured."""
    name = executor_name()
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    env = os.environ
    settings = celery_settings(env)
    # Imported only here: celery and kombu cost import time every other process need not pay.
    from dagster_celery import celery_executor

    # A URL set in the environment is passed as a reference to it, so a password in it is never
    # shown in the UI's run config; the defaults are plain values.
    return celery_executor.configured(
        {
            "broker": {"env": BROKER_ENV} if env.get(BROKER_ENV) else settings.broker,
            "backend": {"env": BACKEND_ENV} if env.get(BACKEND_ENV) else settings.backend,
        }
    )
