"""HKEXnews: the URLs of its stock-id look-up and title search, and a defensive reading of both.

The title search (`/search/titleSearchServlet.do`, behind the site's title search page) answers
`{"result": "<a JSON array as a string>", "hasNextRow": ..., "recordCnt": ...}`; each record has
`NEWS_ID`, `STOCK_CODE`, `TITLE`, `DATE_TIME` ("dd/mm/yyyy HH:MM"), `FILE_TYPE` and `FILE_LINK`
(a path on the exchange's host). The look-up (`/search/prefix.do`) answers JSONP
`callback({"stockInfo": [{"stockId": 7609, "code": "00700", ...}]});`. Both are written by a
server we do not control: anything of the wrong type, too large, or linking off the exchange's
host is refused, record by record.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from ingest.sources.exchanges.issuers import data_rows

DEFAULT_BASE_URL = "https://www1.hkexnews.hk"
MAX_LIST_BYTES = 5_000_000
MAX_RECORDS = 2_000
# "Announcements and Notices" (t1code 10000): results announcements are filed there; the
# title tells which of them are results (data/results_titles.tsv).
_ANNOUNCEMENTS_T1CODE = "10000"
_JSONP = re.compile(r"^\s*[A-Za-z_$][\w$]*\s*\((?P<body>.*)\)\s*;?\s*$", re.S)
_NEWS_ID = re.compile(r"^\d{1,20}$")
_STOCK_CODE = re.compile(r"\d{1,5}")
_RECORD_FIELDS = ("NEWS_ID", "STOCK_CODE", "TITLE", "DATE_TIME", "FILE_LINK")


class AnnouncementListError(ValueError):
    """The list or look-up answer is not what the exchange sends."""


@dataclass(frozen=True)
class Announcement:
    issuer: str
    stock_code: str
    announcement_id: str
    title: str
    url: str
    filing_date: date
    exchange: str = "HKEX"  # the exchange that lists it: "HKEX" or "SSE"


@dataclass(frozen=True)
class AnnouncementList:
    announcements: list[Announcement]
    # One reason per record refused (a link off the exchange's host, a malformed field), and
    # one when the answer held more records than were read.
    refused: list[str]


def stock_id_url(base_url: str, hkex_code: str, language: str = "EN") -> str:
    query = urllib.parse.urlencode(
        {
            "callback": "callback",
            "lang": language,
            "type": "A",
            "name": str(int(hkex_code)),
            "market": "SEHK",
        }
    )
    return f"{base_url.rstrip('/')}/search/prefix.do?{query}"


def title_search_url(
    base_url: str, stock_id: int, from_date: date, to_date: date, language: str = "EN"
) -> str:
    query = urllib.parse.urlencode(
        {
            "sortDir": "0",
            "sortByOptions": "DateTime",
            "category": "0",
            "market": "SEHK",
            "stockId": str(stock_id),
            "documentType": "-1",
            "fromDate": from_date.strftime("%Y%m%d"),
            "toDate": to_date.strftime("%Y%m%d"),
            "title": "",
            "searchType": "0",
            "t1code": _ANNOUNCEMENTS_T1CODE,
            "t2Gcode": "-2",
            "t2code": "-2",
            "rowRange": "200",
            "lang": language,
        }
    )
    return f"{base_url.rstrip('/')}/search/titleSearchServlet.do?{query}"


def read_json(body: bytes) -> object:
    """The JSON document of an answer; AnnouncementListError when too large or not JSON."""
    if len(body) > MAX_LIST_BYTES:
        raise AnnouncementListError(f"answer larger than {MAX_LIST_BYTES} bytes")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise AnnouncementListError(f"not JSON ({type(exc).__name__})") from exc


def unwrap_jsonp(body: bytes) -> bytes:
    """The JSON inside a JSONP answer (`callback({...});`), or the body as it is."""
    if len(body) > MAX_LIST_BYTES:
        raise AnnouncementListError(f"answer larger than {MAX_LIST_BYTES} bytes")
    text = body.decode("utf-8", errors="replace")
    match = _JSONP.match(text)
    return (match.group("body") if match else text).encode()


def parse_stock_id(body: bytes, hkex_code: str) -> int:
    """The exchange's internal id of the stock with this code, from the look-up's JSONP."""
    document = read_json(unwrap_jsonp(body))
    infos = document.get("stockInfo") if isinstance(document, dict) else None
    if not isinstance(infos, list):
        raise AnnouncementListError("look-up answer has no stockInfo list")
    for info in infos[:MAX_RECORDS]:
        if not isinstance(info, dict) or str(info.get("code", "")).zfill(5) != hkex_code:
            continue
        stock_id = info.get("stockId")
        if isinstance(stock_id, int) and not isinstance(stock_id, bool) and 0 < stock_id < 10**9:
            return stock_id
        raise AnnouncementListError(f"stock {hkex_code}: stockId {stock_id!r} is not an id")
    raise AnnouncementListError(f"stock {hkex_code} is not in the look-up answer")


@lru_cache(maxsize=1)
def _title_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = data_rows("results_titles.tsv")
    include = tuple(w.casefold() for kind, w in rows if kind == "include")
    exclude = tuple(w.casefold() for kind, w in rows if kind == "exclude")
    return include, exclude


def is_results_title(title: str) -> bool:
    folded = " ".join(title.casefold().split())
    include, exclude = _title_words()
    return any(w in folded for w in include) and not any(w in folded for w in exclude)


def _stock_codes(value: str) -> set[str]:
    # A record filed for several lines of stock lists each code ("00700<br/>80700").
    return {code.zfill(5) for code in _STOCK_CODE.findall(value)}


def exchange_link(base_url: str, value: str) -> str:
    """The absolute URL of a record's link to its PDF, resolved against the exchange's `base_url`;
    ValueError when it leaves that host (or its scheme) or names no PDF."""
    base = urllib.parse.urlsplit(base_url)
    url = urllib.parse.urljoin(base_url.rstrip("/") + "/", value.strip())
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != base.scheme or parts.netloc.lower() != base.netloc.lower():
        raise ValueError(f"links off the exchange's host: {value[:100]!r}")
    if not parts.path.lower().endswith(".pdf"):
        raise ValueError(f"links to no PDF: {value[:100]!r}")
    return url


def parse_title_search(
    body: bytes, issuer: str, hkex_code: str, base_url: str = DEFAULT_BASE_URL
) -> AnnouncementList:
    """The results announcements of one stock in a title-search answer (other stocks' records
    and other announcements are left out; malformed or off-host records are refused)."""
    document = read_json(body)
    if not isinstance(document, dict) or "result" not in document:
        raise AnnouncementListError("title-search answer is not an object with a result")
    records = document["result"]
    if isinstance(records, str):
        records = read_json(records.encode())
    if records is None:
        records = []
    if not isinstance(records, list):
        raise AnnouncementListError("title-search result is not a list")
    found: list[Announcement] = []
    refused: list[str] = []
    for record in records[:MAX_RECORDS]:
        if not isinstance(record, dict):
            refused.append("a record that is not an object")
            continue
        fields = {k: record.get(k) for k in _RECORD_FIELDS}
        text = {k: v for k, v in fields.items() if isinstance(v, str) and len(v) <= 2000}
        if len(text) < len(fields):
            refused.append(f"record {str(fields['NEWS_ID'])[:30]!r}: a field is missing or no text")
            continue
        if hkex_code not in _stock_codes(text["STOCK_CODE"]):
            continue
        title = " ".join(html.unescape(re.sub(r"<[^>]{0,200}>", " ", text["TITLE"])).split())
        if not is_results_title(title):
            continue
        news_id = text["NEWS_ID"].strip()
        try:
            if not _NEWS_ID.match(news_id):
                raise ValueError(f"NEWS_ID {news_id[:30]!r} is not a number")
            filed = datetime.strptime(text["DATE_TIME"].strip(), "%d/%m/%Y %H:%M").date()
            url = exchange_link(base_url, text["FILE_LINK"])
        except ValueError as exc:
            refused.append(f"record {news_id[:30]!r}: {exc}")
            continue
        found.append(Announcement(issuer, hkex_code, news_id, title, url, filed))
    return AnnouncementList(found, refused)
