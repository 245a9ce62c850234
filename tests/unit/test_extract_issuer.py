"""The extractor on an issuer's own release: figures in sentences that name no one are the
issuer's, "we" and "本公司" are the issuer, outlooks are plans, fiscal periods are the issuer's.
Each case is also read as news (no issuer), which must stay as it was."""

from datetime import UTC, date, datetime

from ingest.extract import extract_facts
from ingest.extract.batch import extract_batch


def facts(text: str, published: date, issuer: str | None) -> list[tuple]:
    return [
        (f.entity, f.metric, f.value, f.bound, f.period, f.kind)
        for f in extract_facts(text, published, issuer=issuer)
    ]


def test_a_sentence_naming_no_company_is_the_issuers():
    text = "Capital expenditures were $22.4 billion in the second quarter."
    assert facts(text, date(2025, 7, 23), None) == []
    assert facts(text, date(2025, 7, 23), "Alphabet") == [
        ("Alphabet", "capex", 22_400_000_000, "exact", "2025Q2", "actual")
    ]


def test_we_expect_is_the_issuers_guidance_not_an_analysts_forecast():
    text = (
        "We expect full-year 2025 capital expenditures, including principal payments on "
        "finance leases, to be in the range of $66-72 billion."
    )
    as_release = facts(text, date(2025, 7, 30), "Meta")
    assert as_release == [
        ("Meta", "capex", 66_000_000_000, "at_least", "2025", "plan"),
        ("Meta", "capex", 72_000_000_000, "at_most", "2025", "plan"),
    ]
    # In news "we expect" is a broker's voice: read as news, the figure is no plan of Meta's.
    as_news = extract_facts(f"Meta reported results. {text}", date(2025, 7, 30))
    assert {f.kind for f in as_news} == {"forecast"}


def test_an_outlook_without_we_is_a_plan():
    text = "Full-year 2025 capital expenditures are expected to be in the range of $64-72 billion."
    assert [f[5] for f in facts(text, date(2025, 4, 30), "Meta")] == ["plan", "plan"]
    outlook = "Outlook: full-year capital expenditures of $75 billion."
    assert facts(outlook, date(2025, 2, 4), "Alphabet") == [
        ("Alphabet", "capex", 75_000_000_000, "exact", "2025", "plan")
    ]


def test_the_company_is_the_issuer_not_a_firm_called_company():
    text = (
        "The Company invested $9.1 billion in property and equipment during the first quarter "
        "of 2025."
    )
    assert [f[0] for f in facts(text, date(2025, 4, 30), "Meta")] == ["Meta"]
    assert [f.entity for f in extract_facts(text, date(2025, 4, 30))] != ["Meta"]


def test_fiscal_periods_follow_the_issuers_calendar():
    # Microsoft's year ends in June: in July 2025 "the fourth quarter" is fiscal 2025's.
    reported = (
        "Capital expenditures including finance leases were $24.2 billion in the fourth quarter."
    )
    assert facts(reported, date(2025, 7, 30), "Microsoft") == [
        ("Microsoft", "capex", 24_200_000_000, "exact", "FY2025Q4", "actual")
    ]
    outlook = "We now expect fiscal year 2026 capital expenditures of about $110 billion."
    assert facts(outlook, date(2025, 7, 30), "Microsoft") == [
        ("Microsoft", "capex", 110_000_000_000, "approx", "FY2026", "plan")
    ]


def test_chinese_self_references_are_the_issuer():
    plan = "我们预计2025年资本开支约为1200亿元人民币。"
    assert facts(plan, date(2025, 3, 19), None) == []
    assert facts(plan, date(2025, 3, 19), "Tencent") == [
        ("Tencent", "capex", 120_000_000_000, "approx", "2025", "plan")
    ]
    reported = "本公司第四季度资本开支为366亿元。"
    assert facts(reported, date(2025, 3, 19), "Tencent") == [
        ("Tencent", "capex", 36_600_000_000, "exact", "2024Q4", "actual")
    ]


def test_a_named_company_keeps_its_figure_in_a_release():
    text = "Nvidia said its data center revenue was $35.6 billion in the quarter."
    found = facts(text, date(2025, 2, 26), "Meta")
    assert found and {f[0] for f in found} == {"Nvidia"}


def test_the_batch_reads_press_releases_with_their_issuer_and_news_without():
    text = "Capital expenditures were $22.4 billion in the second quarter."
    base = {"main_text": text, "published_on": date(2025, 7, 23), "fetched_at": None}
    documents = [
        {**base, "document_id": "r", "source_type": "press_release", "subject_entity": "Alphabet"},
        # A news page with a subject (none today) is still read as news.
        {**base, "document_id": "n", "source_type": "news", "subject_entity": "Alphabet"},
    ]
    rows, failures = extract_batch(documents, datetime(2025, 7, 24, tzinfo=UTC))
    assert failures == []
    assert [(r["document_id"], r["entity"]) for r in rows] == [("r", "Alphabet")]
