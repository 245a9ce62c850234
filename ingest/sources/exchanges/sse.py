"""Shanghai Stock Exchange: the URL of its company bulletin query, and a defensive reading of it.

The query (`/security/stock/queryCompanyBulletin.do` on query.sse.com.cn, behind the site's
periodic-report page) answers JSONP, `jsonpCallback({...})`, only to a request whose Referer is
on www.sse.com.cn. The object holds the bulletins twice, as `result` and as `pageHelp.data`,
with `pageHelp.total` the count of all that match; each bulletin has `SECURITY_CODE`, `TITLE`,
`SSEDATE` ("yyyy-mm-dd", sometimes with a time), `URL` (a path of the PDF on static.sse.com.cn)
and `BULLETIN_TYPE` ("年报", "半年报", "第一季度季报" ...). Asked with reportType2=DQBG it lists
periodic reports only; which of those are full reports is the title's to say, by the rule HKEX
titles follow (data/results_titles.tsv: 摘要, a report's summary, is excluded).

The answer is written by a server we do not control: anything of the wrong type, too large,
dated outside the period asked for, or linking off the PDF host is refused, record by record.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from datetime import date, datetime

from ingest.sources.exchanges.hkex import (
    MAX_RECORDS,
    Announcement,
    AnnouncementList,
    AnnouncementListError,
    exchange_link,
    is_results_title,
    read_json,
    unwrap_jsonp,
)

DEFAULT_QUERY_URL = "https://query.sse.com.cn"
DEFAULT_STATIC_URL = "https://static.sse.com.cn"
# The query answers nothing (or an error page) to a request from off the exchange's site.
REQUEST_HEADERS = {"Referer": "https://www.sse.com.cn/disclosure/listedinfo/regular/"}
EXCHANGE = "SSE"
# One page of the answer: a year of one issuer's periodic reports is about a dozen bulletins
# (four reports, their summaries, English versions), so one page holds any period of a few years.
PAGE_SIZE = 100
# "Periodic reports" (定期报告): annual, half-year and quarterly reports and their summaries.
_PERIODIC_REPORTS = "DQBG"
_SECURITY_TYPES = "0101,120100,020100,020200,120200"
_SSE_CODE = re.compile(r"^\d{6}$")
_SSE_DATE = re.compile(r"^(?P<d>\d{4}-\d{2}-\d{2})(?: \d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$")
# The file name of a bulletin's PDF ("600941_20260422_AB12.pdf") is its id on the exchange.
_FILE_ID = re.compile(r"/(?P<id>[A-Za-z0-9][A-Za-z0-9_-]{0,99})\.pdf$", re.I)
_RECORD_FIELDS = ("SECURITY_CODE", "TITLE", "SSEDATE", "URL")
_MAX_FIELD_CHARS = 2000


def bulletin_query_url(query_url: str, sse_code: str, from_date: date, to_date: date) -> str:
    """The query for one stock's periodic reports filed from `from_date` to `to_date`."""
    query = urllib.parse.urlencode(
        {
            "jsonCallBack": "jsonpCallback",
            "isPagination": "true",
            "productId": sse_code,
            "keyWord": "",
            "securityType": _SECURITY_TYPES,
            "reportType2": _PERIODIC_REPORTS,
            "reportType": "ALL",
            "beginDate": from_date.isoformat(),
            "endDate": to_date.isoformat(),
            "pageHelp.pageSize": str(PAGE_SIZE),
            "pageHelp.pageNo": "1",
            "pageHelp.beginPage": "1",
            "pageHelp.cacheSize": "1",
            "pageHelp.endPage": "1",
        }
    )
    return f"{query_url.rstrip('/')}/security/stock/queryCompanyBulletin.do?{query}"


def _records(document: object) -> tuple[list[object], object]:
    """The bulletins of an answer and the count of all that match (None when not stated)."""
    if not isinstance(document, dict):
        raise AnnouncementListError("bulletin answer is not an object")
    page = document.get("pageHelp")
    page = page if isinstance(page, dict) else {}
    records = document.get("result")
    if records is None:
        records = page.get("data")
    if records is None:
        records = []
    if not isinstance(records, list):
        raise AnnouncementListError("bulletin answer's result is not a list")
    return records, page.get("total")


def _filing_date(value: str, from_date: date, to_date: date) -> date:
    match = _SSE_DATE.match(value.strip())
    if match is None:
        raise ValueError(f"SSEDATE {value[:30]!r} is not a date")
    filed = datetime.strptime(match.group("d"), "%Y-%m-%d").date()
    # Asked for a period, the exchange answers within it: any other date is not to be trusted.
    if not from_date <= filed <= to_date:
        raise ValueError(f"SSEDATE {filed} is outside the period asked for")
    return filed


def _file_id(url: str) -> str:
    match = _FILE_ID.search(urllib.parse.urlsplit(url).path)
    if match is None:
        raise ValueError(f"the PDF's file name is no id: {url[-100:]!r}")
    return match.group("id")


def parse_bulletins(
    body: bytes,
    issuer: str,
    sse_code: str,
    from_date: date,
    to_date: date,
    static_url: str = DEFAULT_STATIC_URL,
) -> AnnouncementList:
    """The full periodic reports of one stock in a bulletin-query answer (JSONP or JSON). Other
    stocks' records and other bulletins are left out; malformed, off-host or out-of-period
    records are refused."""
    if not _SSE_CODE.match(sse_code):
        raise ValueError(f"{sse_code!r} is not an SSE stock code")
    records, total = _records(read_json(unwrap_jsonp(body)))
    found: list[Announcement] = []
    refused: list[str] = []
    if len(records) > MAX_RECORDS:
        refused.append(f"the answer lists {len(records)} bulletins; only {MAX_RECORDS} are read")
    elif isinstance(total, int) and not isinstance(total, bool) and total > len(records):
        refused.append(f"the answer lists {len(records)} of {total} bulletins; narrow the period")
    for record in records[:MAX_RECORDS]:
        if not isinstance(record, dict):
            refused.append("a record that is not an object")
            continue
        fields = {k: record.get(k) for k in _RECORD_FIELDS}
        text = {
            k: v for k, v in fields.items() if isinstance(v, str) and len(v) <= _MAX_FIELD_CHARS
        }
        if len(text) < len(fields):
            refused.append(f"record {str(fields['URL'])[-60:]!r}: a field is missing or no text")
            continue
        if text["SECURITY_CODE"].strip() != sse_code:
            continue
        title = " ".join(html.unescape(re.sub(r"<[^>]{0,200}>", " ", text["TITLE"])).split())
        if not is_results_title(title):
            continue
        try:
            url = exchange_link(static_url, text["URL"])
            file_id = _file_id(url)
            filed = _filing_date(text["SSEDATE"], from_date, to_date)
        except ValueError as exc:
            refused.append(f"record {text['URL'][-60:]!r}: {exc}")
            continue
        found.append(Announcement(issuer, sse_code, file_id, title, url, filed, EXCHANGE))
    return AnnouncementList(found, refused)
