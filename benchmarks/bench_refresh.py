"""Wall time and peak memory of a full refresh of the sample sources into a fresh data folder
(cold: everything lands), then of a second refresh (warm: nothing new lands, dbt rebuilds)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "infratrack"), "refresh", "--quiet"],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = dict(
            os.environ, INFRATRACK_DATA_DIR=folder, DAGSTER_HOME=str(Path(folder) / "dagster_home")
        )
        cold = run(env)
        warm = run(env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"refresh[sample]: cold {cold:.1f} s, warm {warm:.1f} s, peak memory of a refresh process {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
