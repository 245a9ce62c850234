"""Why a Dagster run failed, in one line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def failure_reason(events: Sequence[Any]) -> str:
    """The innermost error of the last failure among Dagster events, in one line (the cause says
    what happened; Dagster's own wrappers only say that a step failed)."""
    for event in reversed(events):
        if not event.is_failure:
            continue
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None:
            error = error.cause
        if error is not None and error.message.strip():
            return error.message.strip().splitlines()[0].split(": ", 1)[-1]
        if event.message:
            return event.message.strip().splitlines()[0]
    return "see the Dagster UI for the run log"
