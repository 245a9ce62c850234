"""How well the relevance gates separate pages worth mining from the rest, on labelled sets:
headlines (the listing gate, before fetching), the project's off-topic pages and the real pages
with facts (the text gate, after parsing). Recall is the share of relevant items kept; removed is
the share of irrelevant items dropped. `infratrack eval` prints these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.relevance import Relevance, judge, judge_listing

LABELS_DIR = Path(__file__).resolve().parent / "data"
TITLES_FILE = LABELS_DIR / "labelled_titles.tsv"
IRRELEVANT_PAGES_FILE = LABELS_DIR / "irrelevant_pages.tsv"
RELEVANT, IRRELEVANT = "relevant", "irrelevant"


@dataclass(frozen=True)
class Labelled:
    label: str
    lang: str
    title: str | None
    text: str | None


@dataclass(frozen=True)
class GateFigures:
    gate: str
    items: str
    relevant: int
    kept: int  # relevant items the gate let through
    irrelevant: int
    removed: int  # irrelevant items it dropped

    @property
    def recall(self) -> float | None:
        return self.kept / self.relevant if self.relevant else None

    @property
    def removed_share(self) -> float | None:
        return self.removed / self.irrelevant if self.irrelevant else None


def _rows(path: Path, columns: int) -> list[list[str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise ValueError(f"{path.name}:{number}: expected {columns} tab-separated fields")
        rows.append(fields)
    return rows


def labelled_titles(path: Path = TITLES_FILE) -> list[Labelled]:
    rows = _rows(path, 3)
    for label, _, _ in rows:
        if label not in (RELEVANT, IRRELEVANT):
            raise ValueError(f"{path.name}: unknown label {label!r}")
    return [Labelled(label, lang, title, None) for label, lang, title in rows]


def irrelevant_pages(path: Path = IRRELEVANT_PAGES_FILE) -> list[Labelled]:
    return [Labelled(IRRELEVANT, lang, title, text) for _, lang, title, text in _rows(path, 4)]


def measure(
    gate: str,
    items_name: str,
    items: Iterable[Labelled],
    decide: Callable[[str | None, str | None], Relevance],
) -> GateFigures:
    counts = {RELEVANT: [0, 0], IRRELEVANT: [0, 0]}  # label -> [items, let through]
    for item in items:
        counts[item.label][0] += 1
        counts[item.label][1] += decide(item.title, item.text).relevant
    (relevant, kept), (irrelevant, let_through) = counts[RELEVANT], counts[IRRELEVANT]
    return GateFigures(gate, items_name, relevant, kept, irrelevant, irrelevant - let_through)


def relevance_figures(real_page_texts: list[tuple[str, str]]) -> list[GateFigures]:
    """Every gate on every labelled set; `real_page_texts` are (lang, text) of real pages that
    carry labelled facts (all relevant), when their texts are on this machine."""
    titles = labelled_titles()
    real = [Labelled(RELEVANT, lang, None, text) for lang, text in real_page_texts]
    figures = [measure("listing (before fetch)", "headlines", titles, judge_listing)]
    for lang in sorted({t.lang for t in titles}):
        subset = [t for t in titles if t.lang == lang]
        figures.append(
            measure("listing (before fetch)", f"headlines {lang}", subset, judge_listing)
        )
    figures.append(measure("text (after parse)", "headlines", titles, judge))
    pages = real + irrelevant_pages()
    figures.append(measure("text (after parse)", "real + off-topic pages", pages, judge))
    return figures


def format_figures(figures: list[GateFigures]) -> str:
    def share(value: float | None) -> str:
        return f"{value:.3f}" if value is not None else "  -  "

    lines = ["relevance filter: recall of relevant items kept, share of irrelevant ones removed"]
    for f in figures:
        lines.append(
            f"  {f.gate:<22} {f.items:<24} recall {share(f.recall)} ({f.kept}/{f.relevant})"
            f"   removed {share(f.removed_share)} ({f.removed}/{f.irrelevant})"
        )
    return "\n".join(lines)
