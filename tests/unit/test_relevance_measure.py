"""The relevance figures `infratrack eval` prints: computed from the labelled sets, consistent
with each other, and the listing gate's recall on the headlines at least 0.95."""

from __future__ import annotations

import pytest

from ingest.relevance.measure import (
    IRRELEVANT,
    RELEVANT,
    format_figures,
    irrelevant_pages,
    labelled_titles,
    relevance_figures,
)

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
