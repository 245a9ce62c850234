"""SEC XBRL companyfacts: parse every vintage of the capex and revenue concepts we track.

A figure repeats across 10-Qs, 10-Ks and amendments (the prior-year comparatives of each
filing); each repetition is a vintage with its own accession number and filing date, and all
of them land in raw so "as first reported" and "latest" can both be told.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from ingest.reference import REFERENCE_DIR


class SecParseError(ValueError):
    pass


@dataclass(frozen=True)
class SecFactVintage:
    cik: int
    entity_name: str
    taxonomy: str
    tag: str
    unit: str
    period_start: date | None
    period_end: date
    value: float
    accn: str
    fy: int | None
    fp: str | None
    form: str
    filed: date
    frame: str | None


@lru_cache(maxsize=1)
def tracked_tags(reference_dir: Path = REFERENCE_DIR) -> frozenset[tuple[str, str]]:
    """(taxonomy, tag) pairs listed in the `sec_tag_map` seed."""
    with (reference_dir / "sec_tag_map.csv").open(encoding="utf-8") as handle:
        return frozenset((row["taxonomy"], row["tag"]) for row in csv.DictReader(handle))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def parse_companyfacts(
    content: bytes, tags: frozenset[tuple[str, str]] | None = None
) -> list[SecFactVintage]:
    """Every vintage of the tracked tags in a companyfacts document."""
    try:
        document = json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SecParseError(f"companyfacts is not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or "facts" not in document or "cik" not in document:
        raise SecParseError("companyfacts JSON lacks 'cik' or 'facts'")
    tags = tracked_tags() if tags is None else tags
    cik = int(document["cik"])
    name = str(document.get("entityName", ""))
    vintages = []
    for taxonomy, concepts in document["facts"].items():
        for tag, concept in concepts.items():
            if (taxonomy, tag) not in tags:
                continue
            for unit, rows in concept.get("units", {}).items():
                for row in rows:
                    try:
                        vintages.append(
                            SecFactVintage(
                                cik=cik,
                                entity_name=name,
                                taxonomy=taxonomy,
                                tag=tag,
                                unit=unit,
                                period_start=_date(row.get("start")),
                                period_end=date.fromisoformat(row["end"]),
                                value=float(row["val"]),
                                accn=str(row["accn"]),
                                fy=int(row["fy"]) if row.get("fy") is not None else None,
                                fp=row.get("fp"),
                                form=str(row["form"]),
                                filed=date.fromisoformat(row["filed"]),
                                frame=row.get("frame"),
                            )
                        )
                    except (KeyError, TypeError, ValueError) as exc:
                        raise SecParseError(f"{tag} {unit}: malformed fact row ({exc})") from exc
    return vintages
