"""How well the relevance gates separate pages worth mining from the rest, on labelled sets:
headlines (the listing gate, before fetching), the project's off-topic pages and the real pages
with facts (the text gate, after parsing). Recall is the share of relevant items kept; removed is
the share of irrelevant items dropped. `infratrack eval` prints these.

The real headlines are public pages' titles, labelled by hand: `ingest/relevance/data/real_titles.jsonl`
holds each page's URL, the search query that finds it, the day it was retrieved, its language,
its label and why; the titles themselves (third-party text) live outside the repo, one per file,
in `real_titles/` of the machine's cache (see `ingest.local_cache`). On a new machine, run each
line's query through the search tool's `pages` corpus, take the result with that URL and write
its headline to `real_title_file(url)`; the headlines not cached are counted, not scored."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.local_cache import cache_root, url_file
from ingest.relevance import Relevance, judge, judge_listing

LABELS_DIR = Path(__file__).resolve().parent / "data"
TITLES_FILE = LABELS_DIR / "labelled_titles.tsv"
IRRELEVANT_PAGES_FILE = LABELS_DIR / "irrelevant_pages.tsv"
REAL_TITLES_FILE = LABELS_DIR / "real_titles.jsonl"
RELEVANT, IRRELEVANT = "relevant", "irrelevant"
REAL_TITLE_FIELDS = ("url", "query", "retrieved", "lang", "label", "why")
REAL_TITLE_LANGS = frozenset({"en", "zh"})
# A headline is a line of text; a cached file longer than this is not one, and is not read whole.
MAX_TITLE_BYTES = 1_000


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


@dataclass(frozen=True)
class RealTitles:
    items: list[Labelled]  # the labelled headlines cached on this machine
    missing: list[str]  # URLs of the labelled headlines that are not


def real_titles_cache() -> Path:
    return cache_root() / "real_titles"


def real_title_file(url: str, cache: Path | None = None) -> Path:
    return url_file(cache or real_titles_cache(), url)


def real_titles(path: Path = REAL_TITLES_FILE, cache: Path | None = None) -> RealTitles:
    """The real headlines with their labels, those whose title is cached here, and the URLs of
    the others. A malformed line or cached title raises ValueError naming it."""
    items: list[Labelled] = []
    missing: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        entry = _real_title_entry(f"{path.name}:{number}", line)
        if entry["url"] in seen:
            raise ValueError(f"{path.name}:{number}: {entry['url']!r} is listed twice")
        seen.add(entry["url"])
        title_file = real_title_file(entry["url"], cache)
        if not title_file.is_file():
            missing.append(entry["url"])
            continue
        items.append(Labelled(entry["label"], entry["lang"], _cached_title(title_file), None))
    return RealTitles(items, missing)


def _real_title_entry(where: str, line: str) -> dict[str, str]:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"{where}: not JSON ({error.msg})") from None
    if not isinstance(entry, dict) or set(entry) != set(REAL_TITLE_FIELDS):
        raise ValueError(f"{where}: expected an object with exactly {', '.join(REAL_TITLE_FIELDS)}")
    if not all(isinstance(entry[name], str) and entry[name].strip() for name in entry):
        raise ValueError(f"{where}: every field must be a non-empty string")
    if not entry["url"].startswith(("https://", "http://")):
        raise ValueError(f"{where}: url {entry['url']!r} is not http(s)")
    if entry["label"] not in (RELEVANT, IRRELEVANT):
        raise ValueError(f"{where}: unknown label {entry['label']!r}")
    if entry["lang"] not in REAL_TITLE_LANGS:
        raise ValueError(f"{where}: unknown lang {entry['lang']!r}")
    try:
        date.fromisoformat(entry["retrieved"])
    except ValueError:
        raise ValueError(f"{where}: retrieved {entry['retrieved']!r} is not a date") from None
    return entry


def _cached_title(path: Path) -> str:
    with path.open("rb") as handle:
        raw = handle.read(MAX_TITLE_BYTES + 1)
    if len(raw) > MAX_TITLE_BYTES:
        raise ValueError(f"{path}: longer than {MAX_TITLE_BYTES} bytes, not a headline")
    try:
        title = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8") from None
    if not title or "\n" in title or "\r" in title:
        raise ValueError(f"{path}: expected one headline on one line")
    return title


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


def relevance_figures(
    real_page_texts: list[tuple[str, str]], real_headlines: Sequence[Labelled] = ()
) -> list[GateFigures]:
    """Every gate on every labelled set; `real_page_texts` are (lang, text) of real pages that
    carry labelled facts (all relevant), when their texts are on this machine, and
    `real_headlines` the labelled real headlines cached here (see `real_titles`)."""
    titles = labelled_titles()
    real = [Labelled(RELEVANT, lang, None, text) for lang, text in real_page_texts]
    figures = _listing_figures("headlines", titles)
    if real_headlines:
        figures += _listing_figures("real headlines", real_headlines)
    figures.append(measure("text (after parse)", "headlines", titles, judge))
    pages = real + irrelevant_pages()
    figures.append(measure("text (after parse)", "real + off-topic pages", pages, judge))
    return figures


def _listing_figures(name: str, headlines: Sequence[Labelled]) -> list[GateFigures]:
    """The listing gate on a set of headlines, all of them and each language apart."""
    figures = [measure("listing (before fetch)", name, headlines, judge_listing)]
    for lang in sorted({h.lang for h in headlines}):
        subset = [h for h in headlines if h.lang == lang]
        figures.append(measure("listing (before fetch)", f"{name} {lang}", subset, judge_listing))
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
