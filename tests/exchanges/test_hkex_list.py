"""The HKEX look-up and title-search answers read defensively: other stocks and other
announcements left out, off-host or malformed records refused, hostile JSON an error."""

import json
from datetime import date

import pytest

from ingest.sources.exchanges.hkex import (
    AnnouncementListError,
    is_results_title,
    parse_stock_id,
    parse_title_search,
    title_search_url,
)

BASE = "https://www1.hkexnews.hk"


def record(**fields) -> dict:
    base = {
        "NEWS_ID": "1",
        "STOCK_CODE": "00700",
        "TITLE": "ANNUAL RESULTS ANNOUNCEMENT FOR THE YEAR ENDED 31 DECEMBER 2025",
        "DATE_TIME": "18/03/2026 16:30",
        "FILE_LINK": "/listedco/listconews/sehk/2026/0318/1.pdf",
        "FILE_TYPE": "PDF",
    }
    return {**base, **fields}


def answer(records) -> bytes:
    return json.dumps({"result": json.dumps(records), "hasNextRow": False}).encode()


def test_results_announcements_of_the_stock_are_listed():
    body = answer(
        [
            record(),
            record(NEWS_ID="2", TITLE="DATE OF BOARD MEETING"),
            record(NEWS_ID="3", STOCK_CODE="00941"),
            record(NEWS_ID="4", TITLE="POLL RESULTS OF THE ANNUAL GENERAL MEETING"),
            record(NEWS_ID="5", STOCK_CODE="00700<br/>80700", TITLE="2025年中期業績公告"),
        ]
    )
    listed = parse_title_search(body, "Tencent", "00700", BASE)
    assert [(a.announcement_id, a.filing_date) for a in listed.announcements] == [
        ("1", date(2026, 3, 18)),
        ("5", date(2026, 3, 18)),
    ]
    assert listed.announcements[0].url == BASE + "/listedco/listconews/sehk/2026/0318/1.pdf"
    assert listed.refused == []


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("https://evil.example/x.pdf", "off the exchange"),
        ("//evil.example/x.pdf", "off the exchange"),
        ("http://www1.hkexnews.hk/x.pdf", "off the exchange"),
        ("javascript:alert(1)", "off the exchange"),
        ("/listedco/page.html", "no PDF"),
    ],
)
def test_links_off_the_exchange_or_to_no_pdf_are_refused(link, reason):
    listed = parse_title_search(answer([record(FILE_LINK=link)]), "Tencent", "00700", BASE)
    assert listed.announcements == []
    assert len(listed.refused) == 1 and reason in listed.refused[0]


@pytest.mark.parametrize(
    "fields",
    [{"NEWS_ID": "1 OR 1=1"}, {"DATE_TIME": "2026-03-18"}, {"TITLE": None}, {"FILE_LINK": 7}],
)
def test_malformed_records_are_refused_one_by_one(fields):
    body = answer([record(**fields), record(NEWS_ID="9")])
    listed = parse_title_search(body, "Tencent", "00700", BASE)
    assert [a.announcement_id for a in listed.announcements] == ["9"]
    assert len(listed.refused) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<html>busy</html>",
        b'{"result": 5}',
        b"[]",
        b'{"result": "not json"}',
        b"[" * 100_000,
        b'{"result": "' + b"x" * 6_000_000 + b'"}',
    ],
    ids=["html", "result-number", "array", "result-not-json", "deep-nesting", "oversize"],
)
def test_hostile_list_answers_are_errors(body):
    with pytest.raises(AnnouncementListError):
        parse_title_search(body, "Tencent", "00700", BASE)


def test_stock_id_from_the_jsonp_lookup():
    body = (
        b'callback({"stockInfo":[{"stockId":1,"code":"00070"},{"stockId":7609,"code":"00700"}]});'
    )
    assert parse_stock_id(body, "00700") == 7609
    with pytest.raises(AnnouncementListError):
        parse_stock_id(b'callback({"stockInfo":[{"stockId":"7609","code":"00700"}]});', "00700")
    with pytest.raises(AnnouncementListError):
        parse_stock_id(b"alert(document.cookie)", "00700")


def test_title_words_and_url():
    assert is_results_title("截至2025年12月31日止年度业绩公告")
    assert not is_results_title("VOTING RESULTS OF THE EGM / POLL RESULTS")
    url = title_search_url(BASE, 7609, date(2025, 1, 1), date(2025, 12, 31))
    assert url.startswith(BASE + "/search/titleSearchServlet.do?") and "stockId=7609" in url
    assert "fromDate=20250101" in url and "toDate=20251231" in url
