"""The labelled sets the extractor is scored on, and where they live: the development corpus and
the held-out passages (`data/corpus`, `data/holdout`), the real pages' gold facts (`data/real`,
their texts in a cache outside the repository), the bundled sample pages of the repository's
sources, and the stored baseline figures.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.local_cache import cache_root, url_file

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_DIR = DATA_DIR / "corpus"
HOLDOUT_DIR = DATA_DIR / "holdout"
REAL_DIR = DATA_DIR / "real"
# The F1 figures a test holds the extractor to (`infratrack eval --write-baseline` rewrites them).
BASELINE_FILE = DATA_DIR / "baseline.json"
# The bundled sample pages belong to the repository's sources, not to the package: a checkout
# scores them, an installed package goes without.
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sources" / "sample"
REAL_CACHE_ENV = "INFRATRACK_REAL_PAGES_CACHE"


@dataclass
class Passage:
    id: str
    published: date
    lang: str
    text: str
    facts: list[dict]
    style: str = ""


def load_passages(paths: Iterable[Path]) -> list[Passage]:
    passages = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            passages.append(
                Passage(
                    row["id"],
                    date.fromisoformat(row["published"]),
                    row["lang"],
                    row["text"],
                    row["facts"],
                    row.get("style", ""),
                )
            )
    return passages


def corpus_passages(folder: Path = CORPUS_DIR) -> list[Passage]:
    return load_passages(sorted(folder.glob("*.jsonl")))


def sample_passages(sample_dir: Path = SAMPLE_DIR) -> list[Passage]:
    """The bundled sample pages, parsed as the pipeline parses them, with their expected facts."""
    from ingest.sources.news.article import parse_article
    from ingest.sources.news.encoding import decode

    passages = []
    for line in (sample_dir / "expected_facts.jsonl").read_text("utf-8").splitlines():
        page = json.loads(line)
        html, _ = decode((sample_dir / "sites" / page["url"].removeprefix("https://")).read_bytes())
        passages.append(
            Passage(
                page["url"],
                date.fromisoformat(page["published"]),
                page["lang"],
                parse_article(html).main_text,
                page["facts"],
            )
        )
    return passages


def real_pages_cache() -> Path:
    """Where the real pages' texts live: never in the repo (third-party prose), rebuilt on a new
    machine from each page's URL and query with the search tool."""
    configured = os.environ.get(REAL_CACHE_ENV)
    if configured:
        return Path(configured)
    return cache_root() / "real_pages"


def real_page_file(url: str, cache: Path | None = None) -> Path:
    return url_file(cache or real_pages_cache(), url)


@dataclass
class RealSet:
    passages: list[Passage]
    missing: list[dict]


def real_sets(folder: Path = REAL_DIR, cache: Path | None = None) -> dict[str, RealSet]:
    """The real pages, by split ("real": tuned on; "real-holdout": only ever scored), with the
    pages whose text is not cached on this machine."""
    sets = {"real": RealSet([], []), "real-holdout": RealSet([], [])}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            page = json.loads(line)
            target = sets["real-holdout" if page["split"] == "holdout" else "real"]
            text_file = real_page_file(page["url"], cache)
            if not text_file.is_file():
                target.missing.append(page)
                continue
            target.passages.append(
                Passage(
                    page["id"],
                    date.fromisoformat(page["published"]),
                    page["lang"],
                    text_file.read_text(encoding="utf-8"),
                    page["facts"],
                    page.get("genre", ""),
                )
            )
    return sets


def evaluation_sets(sample_dir: Path = SAMPLE_DIR) -> dict[str, list[Passage]]:
    """dev: the labelled corpus the extractor is tuned on; sample: the bundled pages (in a
    checkout of the repository); holdout: passages written apart from the extractor and never
    used to tune it (when present)."""
    sets = {"dev": corpus_passages()}
    if (sample_dir / "expected_facts.jsonl").is_file():
        sets["sample"] = sample_passages(sample_dir)
    if HOLDOUT_DIR.exists() and any(HOLDOUT_DIR.glob("*.jsonl")):
        sets["holdout"] = corpus_passages(HOLDOUT_DIR)
    return sets
