"""Tables flattened into text ("公司 | 2024年实际 | 2025年计划｜中国移动 | 1640 | 1512｜…").

A table is read as one sentence per cell: the row's names, the column header, the title and the
value, with the unit the title or header states ("单位：亿元", "(RMB)", "（EFLOPS）"; see `units`). The
extractor then reads each of those sentences like any other, so entity, metric, period and tense
come from the same rules as in running text.
"""

from __future__ import annotations

import re

from ingest.extract.units import heading_unit, with_unit, without_unit_statements

_ROW_SEPARATOR = re.compile(r"｜|\s;\s|；|\n")
_CELL_SEPARATOR = re.compile(r"\s*\|\s*")
_NUMBER = re.compile(r"\d")
_GROWTH_HEADER = re.compile(r"同比|年增|增速|增长率|YoY|y/y|growth", re.I)
_YEAR_LABEL = re.compile(r"^(20\d{2})\s*([EeFf])?$")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in _CELL_SEPARATOR.split(row.strip().strip("|"))]


def _label(cell: str, chinese: bool) -> str:
    year = _YEAR_LABEL.match(cell)
    if year:
        estimate = bool(year.group(2))
        if chinese:
            return f"{year.group(1)}年" + ("(预测)" if estimate else "")
        return f"in {year.group(1)}" + (" (estimate)" if estimate else "")
    return cell


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
    table_unit = heading_unit(title) or heading_unit(header[0])
    sentences = []
    growth_columns = [j for j, h in enumerate(header) if j and _GROWTH_HEADER.search(h)]
    for cells in body:
        names = [c for j, c in enumerate(cells) if j and not _NUMBER.search(c)]
        label = " ".join([*names, _label(cells[0], chinese)])
        for j, cell in enumerate(cells):
            if j == 0 or j in growth_columns or not _NUMBER.search(cell):
                continue
            column = header[j]
            unit = heading_unit(column) or table_unit
            value = with_unit(cell, unit) if unit else cell
            parts = [without_unit_statements(title), without_unit_statements(column), label]
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
