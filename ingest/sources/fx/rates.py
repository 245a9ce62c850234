"""ECB euro foreign exchange reference rates: the daily file and the history file.

Both come as CSV (or the ZIP the ECB serves them in), wide: one row per day, one column per
currency, in units of currency per euro.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime


class FxParseError(ValueError):
    pass


@dataclass(frozen=True)
class FxRate:
    rate_date: date
    currency: str
    units_per_eur: float


def _parse_date(value: str) -> date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise FxParseError(f"unrecognised date {value!r}")


def parse_ecb_rates(content: bytes) -> list[FxRate]:
    """Rates of an ECB reference-rate file (CSV or ZIP); N/A and blank cells are skipped."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = [n for n in archive.namelist() if n.endswith(".csv")]
            if not names:
                raise FxParseError("ZIP holds no CSV file")
            content = archive.read(names[0])
    text = content.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration as exc:
        raise FxParseError("empty rates file") from exc
    if not header or header[0] != "Date":
        raise FxParseError("not an ECB rates file: first column is not Date")
    rates = []
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = _parse_date(row[0])
        for currency, cell in zip(header[1:], row[1:], strict=False):
            cell = cell.strip()
            if not currency or not cell or cell == "N/A":
                continue
            try:
                rates.append(FxRate(day, currency, float(cell)))
            except ValueError as exc:
                raise FxParseError(f"{day} {currency}: not a number {cell!r}") from exc
    if not rates:
        raise FxParseError("no rates in file")
    return [*rates, *(FxRate(d, "EUR", 1.0) for d in sorted({r.rate_date for r in rates}))]
