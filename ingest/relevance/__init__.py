"""Whether a page is about AI / data-centre infrastructure, cloud or compute, or big-tech capex,
decided from its title and text before anything is extracted from it.

A page is relevant when it names one strong term (data centre, GPU, capex, 算力, 数据中心, ...), a
topic word (AI, cloud, chips, 人工智能) together with a tracked company or a figure unit (billion,
GW, 亿元), or a finance word (revenue, investment, 投资) together with a tracked company. The terms
are data (`data/terms.tsv`, the extractor's accelerator names and the company reference data);
see `lexicon`. `measure` scores the gates on the labelled headlines and pages in `data/`.

The collect steps call it before fetching and before landing, so it must not import
`ingest.http`, `ingest.sources` or `ingest.land`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.relevance.lexicon import COMPANY, lexicon

# Relevance shows early: the title and the start of the text are read, at most this many
# characters in all, so a hostile multi-megabyte page costs no more than a long article.
MAX_JUDGED_CHARS = 200_000
# The kinds of term that let a listing (a headline and its snippet) through to fetching.
LISTING_LEADS = frozenset({"topic", "finance", COMPANY})


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str
    matched: tuple[str, ...]  # every term found, as listed, in order of first appearance


def judge(title: str | None, text: str | None) -> Relevance:
    """Whether the page with this title and text is worth mining, and why."""
    found = _found_in(title, text)
    by_kind: dict[str, list[str]] = {}
    for term, kind in found.items():
        by_kind.setdefault(kind, []).append(term)
    matched = tuple(found)
    strong = by_kind.get("strong", [])
    topic = by_kind.get("topic", [])
    finance = by_kind.get("finance", [])
    context = by_kind.get(COMPANY, [])
    if strong:
        return Relevance(True, f"matched: {', '.join(strong)}", matched)
    if topic and (context or by_kind.get("figure")):
        with_what = context or by_kind["figure"]
        return Relevance(True, f"matched: {', '.join(topic)} with {', '.join(with_what)}", matched)
    if finance and context:
        return Relevance(True, f"matched: {', '.join(finance)} with {', '.join(context)}", matched)
    if topic or finance:
        weak = ", ".join(topic + finance)
        return Relevance(False, f"weak terms only ({weak}), no tracked company or figure", matched)
    return Relevance(False, "no AI-infrastructure terms in title or text", matched)


def judge_listing(title: str | None, snippet: str | None) -> Relevance:
    """Whether an item a feed or a news index lists is worth fetching, from its title and snippet.

    More lenient than `judge`: a headline is a few words, so any AI, cloud, chip, finance or
    company term lets the page through, and only a listing with none of them is dropped. The
    page's text is judged by `judge` once fetched."""
    verdict = judge(title, snippet)
    if verdict.relevant:
        return verdict
    found = _found_in(title, snippet)
    leads = [term for term, kind in found.items() if kind in LISTING_LEADS]
    if leads:
        return Relevance(True, f"listing names: {', '.join(leads)}", verdict.matched)
    return Relevance(False, f"listing: {verdict.reason}", verdict.matched)


def _found_in(title: str | None, text: str | None) -> dict[str, str]:
    """Term as listed -> its kind, for every term in the title, then the text, in order of first
    appearance. The two are scanned apart, so a title's last word never joins the text's first."""
    found: dict[str, str] = {}
    budget = MAX_JUDGED_CHARS
    for part in (title, text):
        if part is not None and not isinstance(part, str):
            raise TypeError(f"title and text must be str or None, not {type(part).__name__}")
        if not part or budget <= 0:
            continue
        content = part[:budget]
        budget -= len(content)
        for term, kind in lexicon().find(content):
            found.setdefault(term, kind)
    return found
