"""The issuers whose exchange announcements are read, and their stock codes (data/issuers.tsv)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Issuer:
    name: str  # canonical, as in the companies seed and the extractor
    hkex_code: str  # five digits, zero-padded
    sse_code: str | None


def data_rows(file_name: str) -> list[list[str]]:
    """The tab-separated rows of a data file, comments and blank lines skipped."""
    text = (DATA_DIR / file_name).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=1)
def issuers() -> dict[str, Issuer]:
    return {name: Issuer(name, hkex, sse or None) for name, hkex, sse in data_rows("issuers.tsv")}


def issuer(name: str) -> Issuer:
    """The issuer of a canonical name; KeyError naming the known ones otherwise."""
    try:
        return issuers()[name]
    except KeyError:
        known = ", ".join(sorted(issuers()))
        raise KeyError(f"{name!r} is not a tracked exchange issuer (known: {known})") from None
