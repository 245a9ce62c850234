"""A query result in the formats `infratrack sql` writes: a table that fits the terminal, CSV,
JSON lines, Markdown and Parquet."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table

from ingest.land.atomic import replacing

if TYPE_CHECKING:
    import pyarrow as pa

TEXT_FORMATS = ("table", "csv", "json", "markdown")
FORMATS = (*TEXT_FORMATS, "parquet")
# A text column wider than this is cut with an ellipsis in the terminal table; the other formats
# keep every character.
MAX_TEXT_WIDTH = 48
GROUP_FROM = 10_000
MIN_TEXT_WIDTH = 6


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def display_number(value: int | float | Decimal) -> str:
    """Thousands grouped from 10,000 up (a year stays 2025); whole numbers without decimals,
    others to six significant digits."""
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= GROUP_FROM else str(value)
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    if number.is_integer() or abs(number) >= 1e5:
        return f"{number:,.0f}" if abs(number) >= GROUP_FROM else f"{number:.0f}"
    return f"{number:,.6g}" if abs(number) >= GROUP_FROM else f"{number:.6g}"


def _display(value: Any) -> str:
    if value is None:
        return ""
    if _is_number(value):
        return display_number(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def render_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    width: int | None,
    row_count: bool = True,
) -> str:
    """A table for a terminal `width` columns wide (the terminal's own when None), followed by
    its number of rows unless `row_count` is false."""
    numeric = [
        any(_is_number(row[i]) for row in rows)
        and all(row[i] is None or _is_number(row[i]) for row in rows)
        for i in range(len(columns))
    ]
    cells = [[_display(v) for v in row] for row in rows]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for index, (name, is_number) in enumerate(zip(columns, numeric, strict=True)):
        widest = max([len(row[index]) for row in cells], default=0)
        table.add_column(
            name,
            justify="right" if is_number else "left",
            no_wrap=True,
            overflow="ellipsis",
            # A narrow terminal squeezes the text columns; a number is never cut.
            min_width=widest if is_number else min(widest, MIN_TEXT_WIDTH),
            max_width=None if is_number else MAX_TEXT_WIDTH,
        )
    for row in cells:
        table.add_row(*row)
    buffer = io.StringIO()
    # No colour codes and no markup: cells are data (a "[b]" in a title is text, not bold).
    console = Console(file=buffer, width=width, no_color=True, highlight=False, emoji=False)
    console.print(table, markup=False)
    if row_count:
        console.print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})", markup=False)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def render_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, list | tuple) else v
            for v in row
        )
    return buffer.getvalue()


def render_json_lines(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    return "".join(
        json.dumps(
            {c: _plain(v) for c, v in zip(columns, row, strict=True)},
            ensure_ascii=False,
            default=str,
        )
        + "\n"
        for row in rows
    )


def _markdown_cell(value: Any) -> str:
    return _display(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    numeric = [
        all(row[i] is None or _is_number(row[i]) for row in rows) for i in range(len(columns))
    ]
    lines = [
        "| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
        "|" + "|".join("---:" if n and rows else "---" for n in numeric) + "|",
    ]
    lines += ["| " + " | ".join(_markdown_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_text(
    fmt: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int | None = None
) -> str:
    if fmt == "table":
        return render_table(columns, rows, width)
    if fmt == "csv":
        return render_csv(columns, rows)
    if fmt == "json":
        return render_json_lines(columns, rows)
    if fmt == "markdown":
        return render_markdown(columns, rows)
    raise ValueError(f"not a text format: {fmt}")


def write_parquet(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq  # only this format needs it: `sql` starts faster without

    with replacing(path) as temporary:
        pq.write_table(table, temporary)
