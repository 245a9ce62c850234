"""Peak memory and wall time of a whole refresh (`infratrack refresh`, raw steps, dbt, publish)
against the hostile loopback site: a 256 MB gzip bomb, 50 MB pages, a drip-feed, a redirect to
the metadata address and the rest of tests/fetch/hostile_site.py, measured by /usr/bin/time -v.
Target: peak resident memory under 500 MB."""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.measure import run_measured  # noqa: E402
from tests.fetch import hostile_site  # noqa: E402
from tests.fetch.loopback import LoopbackServer  # noqa: E402

TARGET_PEAK_MB = 500


def main() -> None:
    hostile_site.gzip_bomb()
    with tempfile.TemporaryDirectory() as folder, LoopbackServer() as server:
        data = Path(folder)
        site = hostile_site.serve(server, data / "mirror")
        sources = data / "hostile.yml"
        sources.write_text(site.sources_yaml())
        env = dict(
            os.environ, INFRATRACK_DATA_DIR=str(data / "data"), DAGSTER_HOME=str(data / "dh")
        )
        result = run_measured(
            [
                str(Path(sys.executable).parent / "infratrack"),
                "refresh",
                "--quiet",
                "--job",
                "refresh_news",
                "--sources",
                str(sources),
            ],
            env,
            ROOT,
        )
    elapsed, peak_kb = result.seconds, result.peak_mb * 1024
    errors = len(re.findall(r": (?:fetch|parse|feed): ", result.stderr))
    if result.returncode != 0:
        print(result.stderr[-12000:])
    verdict = "within" if peak_kb / 1024 < TARGET_PEAK_MB else "OVER"
    print(
        f"refresh[hostile]: exit {result.returncode}, {elapsed:.1f} s, peak RSS {peak_kb / 1024:.0f} MB "
        f"({verdict} the {TARGET_PEAK_MB} MB target), {errors} pages recorded as failures"
    )


if __name__ == "__main__":
    main()
