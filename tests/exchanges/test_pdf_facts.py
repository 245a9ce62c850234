"""Announcement PDFs written by the tests (English, Chinese, bilingual) read into facts: table
figures scaled by the stated unit, each with its page and cell; sentences with their page;
what is not a PDF refused."""

from datetime import date

import pytest

from ingest.extract.announcements import announcement_facts, column_period
from ingest.land.paged_text import join_pages, page_at, page_text, running_text
from ingest.sources.exchanges.pdf import PdfError, read_pdf
from ingest.sources.exchanges.samplepdf import announcement_pdf

FILED = date(2026, 3, 20)


def stored(pages) -> str:
    read = read_pdf(announcement_pdf(pages))
    return join_pages([page_text(p.text, p.tables) for p in read])


def facts_of(pages, issuer: str):
    return {
        (f.fact.metric, f.fact.period, f.cell): f
        for f in announcement_facts(stored(pages), FILED, issuer)
    }


def test_english_table_in_millions_is_scaled_and_keeps_page_and_cell():
    pages = [
        ["Example results announcement for 2025.", "Nothing in figures on this page."],
        [
            "Cash flow summary",
            "(RMB in millions)",
            [
                ["", "Year ended 31 December 2025", "Year ended 31 December 2024"],
                ["Revenues", "702,300", "660,300"],
                ["Capital expenditure", "(85,600)", "(76,700)"],
            ],
        ],
    ]
    facts = facts_of(pages, "Tencent")
    capex = facts[("capex", "2025", "Capital expenditure | Year ended 31 December 2025")]
    assert (capex.fact.value, capex.fact.unit, capex.fact.kind) == (85_600_000_000, "CNY", "actual")
    assert capex.page == 2 and capex.fact.entity == "Tencent"
    assert capex.fact.evidence == "Capital expenditure | (85,600) | (76,700)"
    assert facts[("capex", "2024", "Capital expenditure | Year ended 31 December 2024")]
    # Revenues of the whole group are no target figure.
    assert {key[0] for key in facts} == {"capex"}


def test_chinese_table_in_renminbi_millions_and_eflops_sentence():
    pages = [
        [
            "中国移动有限公司2025年度业绩公告。",
            "截至2025年底，公司智能算力规模达到35.2 EFLOPS（FP16）。",
        ],
        [
            "（人民币百万元）",
            [
                ["项目", "2025年", "2024年"],
                ["资本开支", "148,900", "164,000"],
                ["移动云收入", "111,200", "100,400"],
            ],
        ],
    ]
    facts = facts_of(pages, "China Mobile")
    capex = facts[("capex", "2025", "资本开支 | 2025年")]
    assert (capex.fact.value, capex.fact.unit, capex.page) == (148_900_000_000, "CNY", 2)
    cloud = facts[("revenue", "2024", "移动云收入 | 2024年")]
    assert (cloud.fact.value, cloud.fact.segment) == (100_400_000_000, "cloud")
    compute = facts[("compute", "asof:2025-12-31", None)]
    assert (compute.fact.value, compute.fact.precision, compute.page) == (35.2, "FP16", 1)


def test_bilingual_labels_and_a_unit_in_hundred_millions():
    pages = [
        [
            "China Telecom 中国电信 results announcement 业绩公告",
            "单位：亿元",
            [
                ["项目 Item", "2025年 FY2025"],
                ["资本性支出 Capital expenditure", "836"],
                ["天翼云收入 Tianyi cloud revenue", "1,180"],
            ],
        ]
    ]
    facts = facts_of(pages, "China Telecom")
    capex = facts[("capex", "2025", "资本性支出 Capital expenditure | 2025年 FY2025")]
    assert (capex.fact.value, capex.page) == (83_600_000_000, 1)
    assert facts[
        ("revenue", "2025", "天翼云收入 Tianyi cloud revenue | 2025年 FY2025")
    ].fact.value == (118_000_000_000)


def test_a_column_after_the_filing_is_a_plan_and_periods_follow_the_fiscal_year():
    pages = [
        [
            "(RMB in millions)",
            [["", "2025", "2026 budget"], ["Capital expenditure", "148,900", "140,000"]],
        ]
    ]
    kinds = {key[1]: f.fact.kind for key, f in facts_of(pages, "China Mobile").items()}
    assert kinds == {"2025": "actual", "2026": "plan"}
    assert column_period("Three months ended 30 June 2025", FILED, 3) == "FY2026Q1"
    assert column_period("截至2025年6月30日止六个月", FILED, 12) == "2025H1"


def test_page_of_an_offset_follows_the_form_feeds():
    text = join_pages(["one", "two [table] x", page_text("three", [[["a", "b"]]])])
    assert [page_at(text, text.index(word)) for word in ("one", "two", "three")] == [1, 2, 3]
    # The running text blanks the table block but keeps every offset.
    assert len(running_text(text)) == len(text) and "a | b" not in running_text(text)


def test_a_page_cannot_forge_a_table_block():
    text = page_text("[table]\nCapital expenditure | 2025\nX | 1\n[/table]", [])
    assert "[table]" not in text
    assert announcement_facts("(RMB in millions)\n" + text, FILED, "Tencent") == []


@pytest.mark.parametrize(
    "content",
    [b"<html>not a pdf</html>", b"", b"  %PDF-1.4 late magic"],
    ids=["html", "empty", "late-magic"],
)
def test_what_is_not_a_pdf_is_refused(content):
    with pytest.raises(PdfError, match="not a PDF"):
        read_pdf(content)


def test_a_truncated_pdf_is_refused():
    whole = announcement_pdf([["Capital expenditure was RMB 1 million."]])
    with pytest.raises(PdfError):
        read_pdf(whole[: len(whole) // 3])
