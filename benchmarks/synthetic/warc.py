"""The synthetic corpus as gzip WARC files, one per day, named and laid out like Common Crawl's
CC-NEWS: a warcinfo record, then a request and a response record per article.

Each host becomes a fictional domain (127.0.0.7 -> news-07.synthetic.example) in the records'
WARC-Target-URI. Record ids are derived from the corpus and the URI, and warcio's gzip members
carry no timestamp, so the same corpus gives the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.synthetic.corpus import SyntheticArticle, SyntheticCorpus

USER_AGENT = "infratrack-synthetic/1.0"
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://synthetic.example/infratrack-corpus")


def warc_name(day: date) -> str:
    return f"CC-NEWS-{day:%Y%m%d}000000-00000.warc.gz"


def domain_of(host: str) -> str:
    return f"news-{int(host.rsplit('.', 1)[1]):02d}.synthetic.example"


def target_uri(article: SyntheticArticle) -> str:
    return f"https://{domain_of(article.host)}{article.path}"


def _warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _record_id(corpus: SyntheticCorpus, *parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_ID_NAMESPACE, '|'.join((repr(corpus), *parts)))}>"


def _write_day(writer: WARCWriter, corpus: SyntheticCorpus, day: date, name: str) -> None:
    info = StatusAndHeaders("", [], protocol=writer.warc_version)
    info.add_header("WARC-Type", "warcinfo")
    info.add_header("WARC-Record-ID", _record_id(corpus, name))
    info.add_header("WARC-Filename", name)
    info.add_header("WARC-Date", _warc_date(datetime.combine(day, time(), tzinfo=UTC)))
    fields = (
        f"software: {USER_AGENT}\r\n"
        "format: WARC File Format 1.0\r\n"
        f"isPartOf: CC-NEWS-synthetic\r\n"
        f"description: {corpus!r}\r\n"
    ).encode()
    writer.write_record(
        writer.create_warc_record(
            "", "warcinfo", warc_headers=info, payload=BytesIO(fields), length=len(fields)
        )
    )
    for article in corpus.articles_on(day):
        uri = target_uri(article)
        common = {"WARC-Date": _warc_date(article.published_at), "WARC-IP-Address": article.host}
        response_id = _record_id(corpus, uri, "response")
        response_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", format_datetime(article.published_at.astimezone(UTC), usegmt=True)),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(article.html))),
            ],
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            uri,
            "response",
            payload=BytesIO(article.html),
            length=len(article.html),
            http_headers=response_headers,
            warc_headers_dict={**common, "WARC-Record-ID": response_id},
        )
        request_headers = StatusAndHeaders(
            f"GET {article.path} HTTP/1.1",
            [("Host", domain_of(article.host)), ("User-Agent", USER_AGENT)],
            protocol="HTTP/1.1",
            is_http_request=True,
        )
        request = writer.create_warc_record(
            uri,
            "request",
            http_headers=request_headers,
            warc_headers_dict={
                **common,
                "WARC-Record-ID": _record_id(corpus, uri, "request"),
                "WARC-Concurrent-To": response_id,
            },
        )
        writer.write_record(request)
        writer.write_record(response)


def write_warcs(
    corpus: SyntheticCorpus, folder: str | Path, days: Iterable[date] | None = None
) -> list[Path]:
    """One CC-NEWS-style WARC file per day (all the corpus's days by default) in `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    corpus_days = corpus.days()
    chosen = corpus_days if days is None else list(days)
    outside = [d for d in chosen if d not in corpus_days]
    if outside:
        raise ValueError(
            f"days outside the corpus ({corpus_days[0]}..{corpus_days[-1]}): {outside}"
        )
    paths = []
    for day in chosen:
        path = folder / warc_name(day)
        partial = path.with_name(path.name + ".part")
        with partial.open("wb") as out:
            _write_day(WARCWriter(out, gzip=True), corpus, day, path.name)
        partial.replace(path)
        paths.append(path)
    return paths
