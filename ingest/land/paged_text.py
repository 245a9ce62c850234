"""How a PDF's pages are kept in one text (raw_documents.main_text), and read back.

The one rule: pages are joined by a form feed, so the page of a character is one more than the
form feeds before it. A page is its running text, then each of its tables as a block between a
line `[table]` and a line `[/table]`, one row per line, cells joined by ` | ` (a `|` inside a
cell becomes `/`). The extraction step reads the same text back: the running text with the table
blocks blanked out (offsets kept) for the sentence extractor, and the tables row by row with the
offsets of each row, which become a fact's evidence span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_BREAK = "\f"
TABLE_OPEN = "[table]"
TABLE_CLOSE = "[/table]"
CELL_SEPARATOR = " | "
_TABLE_BLOCK = re.compile(
    rf"^{re.escape(TABLE_OPEN)}\n(?P<rows>.*?)^{re.escape(TABLE_CLOSE)}$", re.M | re.S
)


@dataclass(frozen=True)
class StoredRow:
    start: int  # offsets in the whole text
    end: int
    cells: list[str]


@dataclass(frozen=True)
class StoredTable:
    page: int
    start: int
    rows: list[StoredRow]


def _clean(cell: str) -> str:
    return " ".join(cell.replace("|", "/").replace(PAGE_BREAK, " ").split())


# A line of a page's own text that reads like a block marker must not open a table.
_MARKER_LINE = re.compile(rf"^\s*(?:{re.escape(TABLE_OPEN)}|{re.escape(TABLE_CLOSE)})\s*$", re.M)


def page_text(text: str, tables: Sequence[Sequence[Sequence[str]]]) -> str:
    """One page as stored: its running text, then its tables."""
    running = _MARKER_LINE.sub(lambda m: m.group(0).replace("[", "(").replace("]", ")"), text)
    parts = [running.replace(PAGE_BREAK, "\n").rstrip()]
    for table in tables:
        rows = [CELL_SEPARATOR.join(_clean(c) for c in row) for row in table]
        parts.append("\n".join([TABLE_OPEN, *rows, TABLE_CLOSE]))
    return "\n\n".join(p for p in parts if p)


def join_pages(pages: Sequence[str]) -> str:
    return PAGE_BREAK.join(pages)


def page_at(text: str, offset: int) -> int:
    """The 1-based page of the character at `offset`."""
    return text.count(PAGE_BREAK, 0, max(offset, 0)) + 1


def running_text(text: str) -> str:
    """The text with the table blocks and page breaks blanked (newlines kept), same length, so
    an offset in it is an offset in the stored text."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _TABLE_BLOCK.sub(blank, text).replace(PAGE_BREAK, "\n")


def stored_tables(text: str) -> list[StoredTable]:
    tables = []
    for block in _TABLE_BLOCK.finditer(text):
        rows = []
        position = block.start("rows")
        for line in block.group("rows").splitlines(keepends=True):
            body = line.rstrip("\n")
            rows.append(StoredRow(position, position + len(body), body.split(CELL_SEPARATOR)))
            position += len(line)
        tables.append(StoredTable(page_at(text, block.start()), block.start(), rows))
    return tables
