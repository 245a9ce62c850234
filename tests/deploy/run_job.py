"""Run one job of the project's Definitions with `dagster.execute_job`, as a run worker would, in
the instance of $DAGSTER_HOME on the executor of $INFRATRACK_EXECUTOR; print the run's id and
outcome as one JSON line. Started by tests/deploy/services.py `run_job` in a fresh process.

    python -m tests.deploy.run_job JOB [--select raw/raw_fx_rates ...] [--tag key=value ...]
"""

from __future__ import annotations

import argparse
import json
import sys


def _tag(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"a tag is key=value, not {text!r}")
    return key, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_job")
    parser.add_argument("job")
    parser.add_argument("--select", action="append", default=[], help="an asset key, a/b")
    parser.add_argument("--tag", action="append", default=[], type=_tag)
    args = parser.parse_args(argv)

    import dagster as dg

    from orchestration.definitions import reconstructable_job

    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(
            reconstructable_job(args.job),
            instance=instance,
            asset_selection=[dg.AssetKey.from_user_string(key) for key in args.select] or None,
            tags=dict(args.tag) or None,
            raise_on_error=False,
        )
        print(json.dumps({"run_id": result.run_id, "success": result.success}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
