"""A PDF's pages as text and tables, read with pdfplumber.

Each page's tables are found from their ruling lines; the page's running text is what lies
outside them, so a table's figures are read once, as cells with their row and column labels.
The bytes come from a stranger: anything that does not start as a PDF, does not parse, or has
more pages than any results announcement is refused with a PdfError.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import pdfplumber

PDF_MAGIC = b"%PDF-"
MAX_PAGES = 400


class PdfError(ValueError):
    """The bytes are not a PDF this reader can read."""


@dataclass(frozen=True)
class PdfPage:
    number: int  # 1-based
    text: str  # the running text, outside the tables
    tables: list[list[list[str]]]  # rows of cells; an empty cell is ""


def _cell(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _outside(boxes: list[tuple[float, float, float, float]]):
    def keep(obj: dict) -> bool:
        x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
        y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    return keep


def read_pdf(content: bytes) -> list[PdfPage]:
    """The pages of a PDF; PdfError when the bytes are not a readable PDF."""
    if not content.startswith(PDF_MAGIC):
        raise PdfError("not a PDF (it does not start with %PDF-)")
    # pdfminer logs every oddity of a damaged file as a warning; the PdfError says enough.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise PdfError(f"{len(pdf.pages)} pages, more than {MAX_PAGES}")
            if not pdf.pages:
                raise PdfError("a PDF without pages")
            pages = []
            for number, page in enumerate(pdf.pages, start=1):
                found = page.find_tables()
                tables = [[[_cell(c) for c in row] for row in table.extract()] for table in found]
                text = page.filter(_outside([t.bbox for t in found])).extract_text() or ""
                pages.append(PdfPage(number, text, [t for t in tables if t]))
            return pages
    except PdfError:
        raise
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise PdfError(f"unreadable PDF ({type(exc).__name__}: {str(exc)[:200]})") from exc
