"""Articles per second through extraction on one core, for 3-5 KB news articles.

Two sets, both stitched into documents of 3-5 KB (UTF-8): "news" from the bundled sample pages'
main text (the figure density of real coverage: a few facts per article), and "dense" from the
labelled passages (a figure in nearly every sentence: a worst case). Target: 200 articles/s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from ingest.evaluate.sets import CORPUS_DIR
from ingest.extract import assemble, cues, extract_facts
from ingest.sources.news.article import parse_article
from ingest.sources.news.encoding import decode

ROOT = Path(__file__).resolve().parents[1]


def _news_texts() -> list[tuple[str, date]]:
    texts = []
    for line in (
        (ROOT / "sources" / "sample" / "expected_facts.jsonl").read_text("utf-8").splitlines()
    ):
        page = json.loads(line)
        html, _ = decode(
            (
                ROOT / "sources" / "sample" / "sites" / page["url"].removeprefix("https://")
            ).read_bytes()
        )
        texts.append((parse_article(html).main_text, date.fromisoformat(page["published"])))
    return texts


def _dense_texts() -> list[tuple[str, date]]:
    texts = []
    for corpus in sorted(CORPUS_DIR.glob("*.jsonl")):
        for line in corpus.read_text("utf-8").splitlines():
            row = json.loads(line)
            texts.append((row["text"], date.fromisoformat(row["published"])))
    return texts


def articles(
    texts: list[tuple[str, date]], min_bytes: int = 3000, max_bytes: int = 5000
) -> list[tuple[str, date]]:
    """Documents of 3-5 KB built from whole texts, in a fixed order (repeatable)."""
    built, parts, size, published = [], [], 0, None
    for text, day in texts:
        if size + len(text.encode()) > max_bytes and size >= min_bytes:
            built.append(("\n".join(parts), published))
            parts, size = [], 0
        parts.append(text)
        size += len(text.encode()) + 1
        published = published if parts[:-1] else day
    return built


def measure(docs: list[tuple[str, date]], rounds: int) -> tuple[float, int]:
    rates = []
    facts = 0
    for _ in range(rounds):
        # Per-sentence caches would make later rounds read sentences they have seen: clear them.
        for cache in (
            assemble._breaks,
            assemble._spans,
            assemble._asides,
            assemble._sidelined_spans,
            assemble._descriptive_asides,
            cues._folded,
        ):
            cache.cache_clear()
        start = time.perf_counter()
        facts = sum(len(extract_facts(text, day)) for text, day in docs)
        rates.append(len(docs) / (time.perf_counter() - start))
    return statistics.median(rates), facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    extract_facts(
        "阿里巴巴宣布投入3800亿元。", date(2025, 2, 24)
    )  # load lexicons outside the timing
    for name, texts in (("news", _news_texts()), ("dense", _dense_texts())):
        docs = articles(texts)
        rate, facts = measure(docs, args.rounds)
        sizes = [len(t.encode()) for t, _ in docs]
        print(
            f"extract[{name}]: {rate:.0f} articles/s on one core (median of {args.rounds} rounds; "
            f"{len(docs)} articles of {min(sizes)}-{max(sizes)} bytes, mean {statistics.mean(sizes):.0f}; "
            f"{facts / len(docs):.1f} facts per article)"
        )


if __name__ == "__main__":
    main()
