"""The SSE bulletin query's answer read defensively: only the stock's full periodic reports are
listed; off-host, malformed or out-of-period records are refused; hostile answers are errors."""

import json
from datetime import date

import pytest

from ingest.sources.exchanges.hkex import MAX_RECORDS, AnnouncementListError, is_results_title
from ingest.sources.exchanges.sse import bulletin_query_url, parse_bulletins

STATIC = "https://static.sse.com.cn"
FROM, TO = date(2026, 1, 1), date(2026, 12, 31)
PDF = "/disclosure/listedinfo/announcement/c/new/2026-04-21/600941_20260421_AB12.pdf"


def bulletin(**fields) -> dict:
    base = {
        "SECURITY_CODE": "600941",
        "SECURITY_NAME": "中国移动",
        "TITLE": "中国移动2026年第一季度报告",
        "SSEDATE": "2026-04-21",
        "URL": PDF,
        "BULLETIN_TYPE": "第一季度季报",
    }
    return {**base, **fields}


def answer(records, total: int | None = None) -> bytes:
    page = {"pageNo": 1, "total": len(records) if total is None else total, "data": records}
    body = json.dumps({"pageHelp": page, "result": records}, ensure_ascii=False)
    return f"jsonpCallback12345({body})".encode()


def parse(body: bytes):
    return parse_bulletins(body, "China Mobile", "600941", FROM, TO, STATIC)


def test_full_periodic_reports_of_the_stock_are_listed():
    body = answer(
        [
            bulletin(),
            bulletin(TITLE="中国移动2025年年度报告", SSEDATE="2026-03-19 00:00:00", URL="/a/n.pdf"),
            bulletin(TITLE="中国移动2025年年度报告摘要", URL="/a/nzy.pdf"),
            bulletin(TITLE="中国移动关于召开2025年度业绩说明会的公告", URL="/a/m.pdf"),
            bulletin(TITLE="关于2025年年度报告的更正公告", URL="/a/c.pdf"),
            bulletin(SECURITY_CODE="601728", TITLE="中国电信2026年第一季度报告", URL="/a/t.pdf"),
        ]
    )
    listed = parse(body)
    assert [(a.announcement_id, a.filing_date) for a in listed.announcements] == [
        ("600941_20260421_AB12", date(2026, 4, 21)),
        ("n", date(2026, 3, 19)),
    ]
    first = listed.announcements[0]
    assert (first.issuer, first.stock_code, first.exchange) == ("China Mobile", "600941", "SSE")
    assert first.url == STATIC + PDF
    assert listed.refused == []


def test_plain_json_and_the_page_data_alone_are_read():
    body = json.dumps({"pageHelp": {"data": [bulletin()]}}).encode()
    assert [a.announcement_id for a in parse(body).announcements] == ["600941_20260421_AB12"]
    assert parse(b'{"result": null, "pageHelp": null}').announcements == []


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("https://evil.example/x.pdf", "off the exchange"),
        ("//evil.example/x.pdf", "off the exchange"),
        ("https://www.sse.com.cn/x.pdf", "off the exchange"),
        ("http://static.sse.com.cn/x.pdf", "off the exchange"),
        ("javascript:alert(1)", "off the exchange"),
        ("/disclosure/page.html", "no PDF"),
        ("/disclosure/%2e%2e.pdf", "no id"),
    ],
)
def test_links_off_the_pdf_host_or_to_no_pdf_are_refused(link, reason):
    listed = parse(answer([bulletin(URL=link)]))
    assert listed.announcements == []
    assert len(listed.refused) == 1 and reason in listed.refused[0]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"SSEDATE": "21/04/2026"}, "not a date"),
        ({"SSEDATE": "2026-02-30"}, "does not match|day is out of range"),
        ({"SSEDATE": "1899-01-01"}, "outside the period"),
        ({"SSEDATE": "9999-12-31"}, "outside the period"),
        ({"TITLE": None}, "no text"),
        ({"URL": 7}, "no text"),
        ({"SECURITY_CODE": 600941}, "no text"),
        ({"TITLE": "年度报告" * 1000}, "no text"),
    ],
)
def test_malformed_records_are_refused_one_by_one(fields, reason):
    listed = parse(answer([bulletin(**fields), bulletin(URL="/a/good.pdf")]))
    assert [a.announcement_id for a in listed.announcements] == ["good"]
    assert len(listed.refused) == 1
    assert any(part in listed.refused[0] for part in reason.split("|"))


def test_records_that_are_not_objects_are_refused():
    listed = parse(answer(["row", 5, None, bulletin()]))
    assert len(listed.announcements) == 1 and len(listed.refused) == 3


def test_a_huge_array_is_read_only_up_to_the_cap_and_says_so():
    records = [bulletin(URL=f"/a/{i}.pdf") for i in range(MAX_RECORDS + 500)]
    listed = parse(answer(records))
    assert len(listed.announcements) == MAX_RECORDS
    assert listed.refused == [
        f"the answer lists {MAX_RECORDS + 500} bulletins; only {MAX_RECORDS} are read"
    ]


def test_an_answer_holding_part_of_the_matches_says_so():
    listed = parse(answer([bulletin()], total=250))
    assert len(listed.announcements) == 1
    assert listed.refused == ["the answer lists 1 of 250 bulletins; narrow the period"]


@pytest.mark.parametrize(
    "body",
    [
        b"<html>busy</html>",
        b"jsonpCallback(5)",
        b"[]",
        b'jsonpCallback({"result": {"0": {}}})',
        b'{"pageHelp": {"data": "x"}}',
        b"alert(document.cookie)",
        b"jsonpCallback(" + b"[" * 100_000 + b")",
        b'{"result": "' + b"x" * 6_000_000 + b'"}',
    ],
    ids=[
        "html",
        "number",
        "array",
        "result-object",
        "data-string",
        "script",
        "deep-nesting",
        "oversize",
    ],
)
def test_hostile_answers_are_errors(body):
    with pytest.raises(AnnouncementListError):
        parse(body)


def test_a_code_that_is_not_an_sse_code_is_refused():
    with pytest.raises(ValueError, match="not an SSE stock code"):
        parse_bulletins(answer([]), "China Mobile", "00941", FROM, TO)


@pytest.mark.parametrize(
    ("title", "is_report"),
    [
        ("中国移动2025年年度报告", True),
        ("中国移动2026年半年度报告", True),
        ("中国移动2026年第一季度报告", True),
        ("中国移动2026年第三季度报告", True),
        ("中国移动2025年年度报告摘要", False),
        ("中国移动2026年半年度报告摘要", False),
        ("中国移动关于2025年年度报告披露的提示性公告", False),
        ("中国移动年度报告信息披露重大差错责任追究制度", False),
    ],
)
def test_a_share_report_titles(title, is_report):
    assert is_results_title(title) is is_report


def test_query_url():
    url = bulletin_query_url("https://query.sse.com.cn/", "600941", FROM, TO)
    assert url.startswith("https://query.sse.com.cn/security/stock/queryCompanyBulletin.do?")
    for part in ("productId=600941", "beginDate=2026-01-01", "endDate=2026-12-31"):
        assert part in url
    assert "reportType2=DQBG" in url and "jsonCallBack=jsonpCallback" in url
