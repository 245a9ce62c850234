"""Benchmark figures, printed and kept in benchmarks/results.md, one section per benchmark, each
with the size of the machine that measured it (figures from another machine are not comparable)."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = (
    "# Benchmark results\n\n"
    "Written by `make bench` (each benchmark replaces its own section). Figures are measurements "
    "on the machine named in each section, never assertions of the test suite.\n"
)


def machine() -> str:
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, {memory_gib:.0f} GiB, {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load:.1f} at the start"
    )


def record(name: str, lines: list[str], started_machine: str | None = None) -> None:
    """Print the figures and replace the section `name` of results.md with them."""
    for line in lines:
        print(line)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"## {name}\n\n_{when}; {started_machine or machine()}_\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\n"
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _match: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
