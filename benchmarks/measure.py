"""A command run under `/usr/bin/time -v`: its wall time and the peak memory of its largest process."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

_PEAK = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float
    returncode: int
    stderr: str


def run_measured(command: list[str], env: dict[str, str], cwd: Path) -> Measured:
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak = _PEAK.search(result.stderr)
    return Measured(
        elapsed,
        int(peak.group(1)) / 1024 if peak else float("nan"),
        result.returncode,
        result.stderr,
    )
