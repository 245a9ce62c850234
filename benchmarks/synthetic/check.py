"""Whether the pipeline reads back what a synthetic article states: its page parsed as the
pipeline parses pages (`ingest.sources.news.article.parse_article`), its text read by the extractor, and each
intended fact looked for among the extracted ones."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from benchmarks.synthetic.corpus import SyntheticArticle
from benchmarks.synthetic.writing import SyntheticFact
from ingest.extract import Fact, extract_facts
from ingest.sources.news.article import ParseError, parse_article


@dataclass
class FactCheck:
    intended: int = 0
    found: int = 0
    # Extracted facts no template intended (off-topic pages included).
    unintended: int = 0
    unparsed_pages: int = 0
    missed_by_template: Counter[str] = field(default_factory=Counter)
    intended_by_template: Counter[str] = field(default_factory=Counter)

    @property
    def share_found(self) -> float:
        return self.found / self.intended if self.intended else 0.0


def _same(intended: SyntheticFact, extracted: Fact) -> bool:
    return (
        extracted.entity == intended.entity
        and extracted.metric == intended.metric
        and extracted.unit == intended.unit
        and extracted.period == intended.period
        and extracted.bound == intended.bound
        and math.isclose(extracted.value, intended.value, rel_tol=1e-9)
        and (
            extracted.yoy == intended.yoy
            if extracted.yoy is None or intended.yoy is None
            else math.isclose(extracted.yoy, intended.yoy, rel_tol=1e-9)
        )
    )


def extracted_facts(article: SyntheticArticle) -> list[Fact] | None:
    """What the pipeline extracts from the article's page; None when the page does not parse."""
    try:
        parsed = parse_article(article.html.decode("utf-8"))
    except ParseError:
        return None
    return extract_facts(parsed.main_text, parsed.published_on or article.day)


def check_articles(articles: Iterable[SyntheticArticle]) -> FactCheck:
    check = FactCheck()
    for article in articles:
        extracted = extracted_facts(article)
        if extracted is None:
            check.unparsed_pages += 1
            extracted = []
        matched: set[int] = set()
        for fact in article.facts:
            check.intended += 1
            check.intended_by_template[fact.template] += 1
            hit = next(
                (n for n, e in enumerate(extracted) if n not in matched and _same(fact, e)), None
            )
            if hit is None:
                check.missed_by_template[fact.template] += 1
            else:
                check.found += 1
                matched.add(hit)
        check.unintended += len(extracted) - len(matched)
    return check
