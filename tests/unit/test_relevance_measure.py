"""The relevance figures `infratrack eval` prints: computed from the labelled sets, consistent
with each other, and the listing gate's recall on the headlines at least 0.95; and the loader of
the real headlines (labels in the repo, titles in the machine's cache) and its guards."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ingest.evaluate.sets import real_page_file, real_pages_cache
from ingest.relevance.measure import (
    IRRELEVANT,
    MAX_TITLE_BYTES,
    REAL_TITLES_FILE,
    RELEVANT,
    Labelled,
    RealTitles,
    format_figures,
    irrelevant_pages,
    labelled_titles,
    real_title_file,
    real_titles,
    real_titles_cache,
    relevance_figures,
)
from orchestration.cli import _print_relevance

REAL_TEXTS = [("en", "The operator will build a 300 MW data centre."), ("zh", "智算中心投产")]


def test_the_headline_set_is_labelled_in_both_languages():
    titles = labelled_titles()
    for label in (RELEVANT, IRRELEVANT):
        assert {t.lang for t in titles if t.label == label} == {"en", "zh", "zh-hant"}


def test_the_figures_are_consistent_counts_of_the_labelled_sets():
    figures = {(f.gate, f.items): f for f in relevance_figures(REAL_TEXTS)}
    titles = labelled_titles()
    listing = figures[("listing (before fetch)", "headlines")]
    assert listing.relevant == sum(t.label == RELEVANT for t in titles)
    assert listing.irrelevant == sum(t.label == IRRELEVANT for t in titles)
    by_language = [f for (gate, items), f in figures.items() if items.startswith("headlines ")]
    assert sum(f.kept for f in by_language) == listing.kept
    assert sum(f.removed for f in by_language) == listing.removed
    pages = figures[("text (after parse)", "real + off-topic pages")]
    assert (pages.relevant, pages.kept) == (2, 2)
    assert pages.irrelevant == len(irrelevant_pages())
    for f in figures.values():
        assert 0 <= f.kept <= f.relevant and 0 <= f.removed <= f.irrelevant
    # The listing gate is the lenient one: it keeps at least what the text gate keeps.
    assert listing.kept >= figures[("text (after parse)", "headlines")].kept
    assert listing.recall is not None and listing.recall >= 0.95


def test_the_report_shows_each_figure():
    text = format_figures(relevance_figures(REAL_TEXTS))
    assert "recall 1.000 (2/2)" in text
    assert text.count("removed") == 1 + len(relevance_figures(REAL_TEXTS))


def test_a_malformed_labels_file_names_the_line(tmp_path):
    path = tmp_path / "labelled_titles.tsv"
    path.write_text("# header\nrelevant\ten\tGPU\nrelevant en GPU\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"labelled_titles\.tsv:3: expected 3"):
        labelled_titles(path)
    path.write_text("maybe\ten\tGPU\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label 'maybe'"):
        labelled_titles(path)


EN_URL = "https://news.example.com/2026/hyperscaler-campus"
ZH_URL = "https://zh.example.cn/a/1"
UNCACHED_URL = "https://news.example.com/2026/uncached"


def _line(url: str, lang: str = "en", label: str = RELEVANT, **changes: object) -> str:
    entry: dict[str, object] = {
        "url": url,
        "query": "data center campus",
        "retrieved": "2026-11-29",
        "lang": lang,
        "label": label,
        "why": "written for this test",
    }
    entry.update(changes)
    return json.dumps(entry, ensure_ascii=False)


def _labels_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "real_titles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_real_headlines_are_read_from_the_cache_and_the_uncached_counted(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    real_title_file(EN_URL, cache).write_text("Operator plans a 300 MW campus\n", encoding="utf-8")
    real_title_file(ZH_URL, cache).write_text("周末电影票房创新高", encoding="utf-8")
    path = _labels_file(
        tmp_path,
        _line(EN_URL),
        "",
        _line(ZH_URL, lang="zh", label=IRRELEVANT),
        _line(UNCACHED_URL, label=IRRELEVANT),
    )
    headlines = real_titles(path, cache)
    assert headlines.items == [
        Labelled(RELEVANT, "en", "Operator plans a 300 MW campus", None),
        Labelled(IRRELEVANT, "zh", "周末电影票房创新高", None),
    ]
    assert headlines.missing == [UNCACHED_URL]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"url": "https://a.example/1", ', "not JSON"),
        ('["https://a.example/1", "en"]', "expected an object with exactly"),
        (_line("https://a.example/1", extra="field"), "expected an object with exactly"),
        ('{"url": "https://a.example/1"}', "expected an object with exactly"),
        (_line("https://a.example/1", label="maybe"), "unknown label 'maybe'"),
        (_line("https://a.example/1", lang="fr"), "unknown lang 'fr'"),
        (_line("https://a.example/1", why=""), "every field must be a non-empty string"),
        (_line("https://a.example/1", label=1), "every field must be a non-empty string"),
        (_line("javascript:alert(1)"), "is not http"),
        (_line("https://a.example/1", retrieved="yesterday"), "is not a date"),
        (_line(EN_URL), "is listed twice"),
    ],
)
def test_a_hostile_line_is_refused_with_its_place(tmp_path, line, error):
    path = _labels_file(tmp_path, _line(EN_URL), line)
    with pytest.raises(ValueError, match=rf"real_titles\.jsonl:2: .*{re.escape(error)}"):
        real_titles(path, tmp_path)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"First line\nsecond line\n", "one headline on one line"),
        (b"  \n", "one headline on one line"),
        (b"\xff\xfe not text", "not UTF-8"),
        (b"x" * (MAX_TITLE_BYTES + 1), f"longer than {MAX_TITLE_BYTES} bytes"),
    ],
)
def test_a_cached_file_that_is_not_one_headline_is_refused(tmp_path, content, error):
    real_title_file(EN_URL, tmp_path).write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(error)):
        real_titles(_labels_file(tmp_path, _line(EN_URL)), tmp_path)


def test_real_headlines_share_the_cache_root_with_the_real_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("INFRATRACK_REAL_PAGES_CACHE", raising=False)
    assert real_titles_cache() == tmp_path / "infratrack" / "real_titles"
    assert real_pages_cache() == tmp_path / "infratrack" / "real_pages"
    digest = hashlib.sha1(EN_URL.encode("utf-8")).hexdigest()
    assert real_title_file(EN_URL) == tmp_path / "infratrack" / "real_titles" / f"{digest}.txt"
    assert real_page_file(EN_URL).name == f"{digest}.txt"


def test_the_committed_real_headlines_are_labelled_in_both_languages(tmp_path):
    # An empty cache: every line is parsed and checked, none is scored.
    headlines = real_titles(cache=tmp_path)
    assert headlines.items == []
    lines = REAL_TITLES_FILE.read_text(encoding="utf-8").splitlines()
    assert len(headlines.missing) == len(lines) >= 100
    entries = [json.loads(line) for line in lines]
    for lang in ("en", "zh"):
        for label in (RELEVANT, IRRELEVANT):
            count = sum(e["lang"] == lang and e["label"] == label for e in entries)
            assert count >= 25, (lang, label, count)


def test_the_real_headlines_get_listing_figures_of_their_own():
    headlines = [
        Labelled(RELEVANT, "en", "Utility signs power deal for a new data centre", None),
        Labelled(RELEVANT, "en", "Bakery opens second shop", None),
        Labelled(IRRELEVANT, "en", "Rain and clouds this weekend", None),
        Labelled(RELEVANT, "zh", "智算中心二期开工", None),
        Labelled(IRRELEVANT, "zh", "春节档票房创新高", None),
    ]
    figures = {f.items: f for f in relevance_figures(REAL_TEXTS, headlines)}
    real = figures["real headlines"]
    assert (real.relevant, real.kept, real.irrelevant, real.removed) == (3, 2, 2, 2)
    assert (figures["real headlines en"].kept, figures["real headlines en"].relevant) == (1, 2)
    assert (figures["real headlines zh"].kept, figures["real headlines zh"].removed) == (1, 1)
    # With no real headline cached, the report has no row for them.
    assert not any(f.items.startswith("real headlines") for f in relevance_figures([]))


def test_eval_says_how_many_real_headlines_are_not_cached(monkeypatch, capsys):
    cached = [Labelled(RELEVANT, "en", "Hyperscaler doubles its data center spending", None)]
    monkeypatch.setattr(
        "ingest.relevance.measure.real_titles",
        lambda: RealTitles(cached, ["https://a.example/1", "https://a.example/2"]),
    )
    _print_relevance({})
    printed = capsys.readouterr().out
    assert "real headlines           recall 1.000 (1/1)" in printed
    assert "2 of 3 real headlines not cached on this machine" in printed
