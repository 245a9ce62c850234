"""Tables flattened into text ("公司 | 2024年实际 | 2025年计划｜中国移动 | 1640 | 1512｜…").

A table is read as one sentence per cell: the row's names, the column header, the title and the
value, with the unit the title or header states ("单位：亿元", "(RMB)", "（EFLOPS）"). The
extractor then reads each of those sentences like any other, so entity, metric, period and tense
come from the same rules as in running text.
"""

from __future__ import annotations

import re

_ROW_SEPARATOR = re.compile(r"｜|\s;\s|；|\n")
_CELL_SEPARATOR = re.compile(r"\s*\|\s*")
_NUMBER = re.compile(r"\d")
_UNIT_IN_TITLE = re.compile(
    r"[（(]\s*(?:单位|單位|unit|units)?\s*[:：]?\s*([^()（）]{1,12})\s*[)）]", re.I
)
_GROWTH_HEADER = re.compile(r"同比|年增|增速|增长率|YoY|y/y|growth", re.I)
_MONEY_UNITS = ("亿元", "万元", "亿美元", "亿港元", "亿欧元", "万亿元", "元", "美元")
_PREFIX_UNITS = {
    "RMB": "RMB ",
    "USD": "$",
    "US$": "$",
    "$": "$",
    "HK$": "HK$",
    "EUR": "€",
    "€": "€",
}
_SUFFIX_UNITS = ("EFLOPS", "PFLOPS", "MW", "GW", "兆瓦", "吉瓦")
_YEAR_LABEL = re.compile(r"^(20\d{2})\s*([EeFf])?$")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in _CELL_SEPARATOR.split(row.strip().strip("|"))]


def _unit(text: str) -> str | None:
    for match in _UNIT_IN_TITLE.finditer(text):
        candidate = match.group(1).strip()
        if candidate in _PREFIX_UNITS or candidate in _MONEY_UNITS or candidate in _SUFFIX_UNITS:
            return candidate
        for unit in (*_MONEY_UNITS, *_SUFFIX_UNITS):
            if candidate.endswith(unit):
                return unit
    return None


def _with_unit(value: str, unit: str | None) -> str:
    if not unit or not re.fullmatch(
        r"[~约近+]?\s*[\d.,]+\s*(?:bn|billion|mn|million|tn|亿|万)?", value
    ):
        return value
    if unit in _PREFIX_UNITS:
        return _PREFIX_UNITS[unit] + value.lstrip("~")
    return value + unit


def _label(cell: str, chinese: bool) -> str:
    year = _YEAR_LABEL.match(cell)
    if year:
        estimate = bool(year.group(2))
        if chinese:
            return f"{year.group(1)}年" + ("(预测)" if estimate else "")
        return f"in {year.group(1)}" + (" (estimate)" if estimate else "")
    return cell


def _strip_units(text: str) -> str:
    """Drop "(单位：亿元)" and "(RMB)" (they go onto the values); keep "(FP16)"."""
    return _UNIT_IN_TITLE.sub(lambda m: "" if _unit(m.group(0)) else m.group(0), text).strip()


def table_sentences(text: str) -> list[str]:
    """One sentence per value cell of a flattened table; [] when the text is not a table."""
    if text.count("|") + text.count("｜") < 4:
        return []
    rows = [r for r in _ROW_SEPARATOR.split(text) if r.strip()]
    if len(rows) < 3:
        return []
    title_parts: list[str] = []
    header: list[str] | None = None
    body: list[list[str]] = []
    for row in rows:
        cells = _cells(row)
        if header is None:
            if len(cells) >= 2 and not any(
                _NUMBER.search(c) and not re.search(r"20\d{2}", c) for c in cells[1:]
            ):
                header = cells
            else:
                title_parts.append(row.strip())
            continue
        if len(cells) == len(header):
            body.append(cells)
    if header is None or len(body) < 1:
        return []
    chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    title = " ".join(title_parts)
    table_unit = _unit(title) or _unit(header[0])
    sentences = []
    growth_columns = [j for j, h in enumerate(header) if j and _GROWTH_HEADER.search(h)]
    for cells in body:
        names = [c for j, c in enumerate(cells) if j and not _NUMBER.search(c)]
        label = " ".join([*names, _label(cells[0], chinese)])
        for j, cell in enumerate(cells):
            if j == 0 or j in growth_columns or not _NUMBER.search(cell):
                continue
            column = header[j]
            value = _with_unit(cell, _unit(column) or table_unit)
            parts = [_strip_units(title), _strip_units(column), label]
            sentence = " ".join(p for p in parts if p) + (": " if not chinese else "为") + value
            # A growth column speaks of the value column just before it.
            growth = (
                cells[j + 1] if j + 1 in growth_columns and _NUMBER.search(cells[j + 1]) else None
            )
            if growth:
                pct = growth.lstrip("+")
                sentence += f",同比增长{pct}" if chinese else f", up {pct}"
            sentences.append(sentence + ("。" if chinese else "."))
    return sentences
