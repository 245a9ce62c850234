"""Unit statements: a line or heading that says what unit the bare figures after it are in.

Reports and tables state the unit once ("单位：亿元", "(in millions)", "（人民币百万元）") and then
give bare figures ("腾讯 770", "Capital expenditures 22,600"). The statements the extractor knows
are data (`data/unit_lines.tsv`); a bare figure under one is rewritten with the unit written out,
so the figure is read like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

UNIT_LINES_FILE = Path(__file__).parent / "data" / "unit_lines.tsv"


@dataclass(frozen=True)
class Unit:
    before: str  # "$", "RMB " or ""
    after: str  # " million", "亿元"


@lru_cache(maxsize=1)
def _statements() -> dict[str, Unit]:
    rows = [
        line.split("\t")
        for line in UNIT_LINES_FILE.read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {words.casefold(): Unit(before, after) for words, before, after in rows}


@lru_cache(maxsize=1)
def _statement_pattern() -> re.Pattern[str]:
    words = sorted(_statements(), key=len, reverse=True)
    return re.compile(
        r"^\s*[(（]?\s*(?:(?:单位|單位|units?|amounts?|figures?)\s*[:：]?\s*)?("
        + "|".join(re.escape(w) for w in words)
        + r")\s*[)）]?\s*[.。]?\s*$",
        re.I,
    )


def unit_statement(text: str) -> Unit | None:
    """The unit a line that is only a unit statement names; None for any other line."""
    match = _statement_pattern().match(text)
    return _statements()[match.group(1).casefold()] if match else None


def heading_unit(text: str) -> Unit | None:
    """The unit a bracketed statement in a heading names ("资本开支（单位：亿元）")."""
    for match in re.finditer(r"[(（][^()（）]{1,30}[)）]", text):
        unit = unit_statement(match.group(0))
        if unit is not None:
            return unit
    return None


# A figure's digits, and the words after them that make it no bare figure: a percentage, a
# multiple, a unit of power or compute, or a Chinese unit, counter or date word.
_DIGITS = r"(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NOT_BARE_AFTER = r"%|percent|[kMG]W|[EP]FLOPS|times\b|x\b|美元|港元"
_COUNTERS = "千百元年月日个家台张块颗座倍季"
# A bare figure: digits with no unit, scale or count word after them, and not part of a date
# (2024-07-02, 7/2), a list marker (1、), a percentage or a longer number.
_BARE_FIGURE = re.compile(
    rf"(?<![A-Za-z0-9_.,$€¥£/-])(?<!\d:){_DIGITS}(?!\d|[,.]\d|[-/:]\d|、)"
    rf"(?!\s*(?:{_NOT_BARE_AFTER}|[A-Za-z]*illion|bn\b|mn\b|tn\b|[亿万{_COUNTERS}]))",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")


# Under a currency alone ("(RMB)") a figure keeps its scale word: "3,800亿" is RMB 3,800亿.
_UNPRICED_FIGURE = re.compile(
    rf"(?<![A-Za-z0-9_.,$€¥£]){_DIGITS}(?!\d|[,.]\d)(?!\s*(?:{_NOT_BARE_AFTER}|[{_COUNTERS}]))",
    re.I,
)


def with_unit(text: str, unit: Unit) -> str:
    """The text with each bare figure written with the unit; years stay as they are."""

    def rewrite(match: re.Match[str]) -> str:
        number = match.group("n")
        if _YEAR.fullmatch(number):
            return number
        return f"{unit.before}{number}{unit.after}"

    pattern = _BARE_FIGURE if unit.after else _UNPRICED_FIGURE
    return pattern.sub(rewrite, text)


def has_bare_figure(text: str) -> bool:
    return any(not _YEAR.fullmatch(m.group("n")) for m in _BARE_FIGURE.finditer(text))


def without_unit_statements(text: str) -> str:
    """A heading without its bracketed unit statements ("资本开支（单位：亿元）" → "资本开支")."""
    return re.sub(
        r"[(（][^()（）]{1,30}[)）]",
        lambda m: "" if unit_statement(m.group(0)) else m.group(0),
        text,
    ).strip()
