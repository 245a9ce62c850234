import json

import pytest

from ingest.sources.config import SourcesConfigError, load_sources
from ingest.sources.fx.rates import FxParseError, parse_ecb_rates
from ingest.sources.news.feeds import FeedParseError, parse_feed
from ingest.sources.sec.companyfacts import SecParseError, parse_companyfacts

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://a.example/1.html</link><pubDate>Mon, 24 Feb 2025 10:00:00 +0800</pubDate></item>
<item><title>B</title><link>/2.html</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>C</title><link rel="alternate" href="https://c.example/3.html"/><published>2025-02-05T08:00:00Z</published></entry></feed>"""


def test_rss_and_atom_items():
    rss = parse_feed(RSS, "https://a.example/feed.xml")
    assert [i.url for i in rss] == ["https://a.example/1.html", "https://a.example/2.html"]
    assert rss[0].published_at.isoformat() == "2025-02-24T10:00:00+08:00"
    (atom,) = parse_feed(ATOM, "https://c.example/atom")
    assert (atom.url, atom.title) == ("https://c.example/3.html", "C")


def test_a_page_that_is_not_a_feed_is_an_error():
    with pytest.raises(FeedParseError):
        parse_feed(b"<html><body>hello</body></html>", "https://x.example/")


def test_sample_feeds_link_every_sample_page(sample_dir):
    urls = set()
    for feed in (sample_dir / "feeds").glob("*.xml"):
        urls |= {i.url for i in parse_feed(feed.read_bytes(), "https://feeds.sample.example/")}
    assert len(urls) >= 32


def test_ecb_history_and_daily_files(sample_dir):
    history = parse_ecb_rates((sample_dir / "fx" / "eurofxref-hist.csv").read_bytes())
    daily = parse_ecb_rates((sample_dir / "fx" / "eurofxref.csv").read_bytes())
    usd = {r.rate_date.isoformat(): r.units_per_eur for r in history if r.currency == "USD"}
    assert len(usd) > 700
    assert {r.currency for r in daily} >= {"USD", "CNY", "HKD", "EUR"}
    assert not any(r.currency == "CYP" for r in history)  # N/A cells are skipped


def test_not_an_ecb_file():
    with pytest.raises(FxParseError):
        parse_ecb_rates(b"when,what\n1,2\n")


def test_companyfacts_keeps_every_vintage(sample_dir):
    vintages = parse_companyfacts((sample_dir / "sec" / "CIK0000789019.json").read_bytes())
    capex = [v for v in vintages if v.tag == "PaymentsToAcquirePropertyPlantAndEquipment"]
    fy2025 = [
        v
        for v in capex
        if v.period_end.isoformat() == "2025-06-30" and v.period_start.isoformat() == "2024-07-01"
    ]
    assert {v.value for v in fy2025} == {64_551_000_000}
    assert len({v.accn for v in fy2025}) >= 1
    assert all(v.tag != "EntityCommonStockSharesOutstanding" for v in vintages)


def test_malformed_companyfacts_is_a_clear_error():
    with pytest.raises(SecParseError, match="not valid JSON"):
        parse_companyfacts(b'{"cik": 1, "facts": ')
    with pytest.raises(SecParseError, match="lacks"):
        parse_companyfacts(json.dumps({"hello": 1}).encode())


def test_sources_files_load():
    from tests.conftest import REPO_ROOT

    default = load_sources(REPO_ROOT / "sources" / "default.yml")
    assert default.is_offline and len(default.sec_filers) == 8 and len(default.feeds) == 3
    live = load_sources(REPO_ROOT / "sources" / "live.yml")
    assert not live.is_offline
    assert live.sec_filers[0].url == "https://data.sec.gov/api/xbrl/companyfacts/CIK0000789019.json"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("news: [", "not valid YAML"),
        ("- a\n- b\n", "mapping"),
        ("nonsense: 1\n", r"sources.yml:1: nonsense: unknown key"),
        ("name: x\n", "lists no sources"),
        (
            "sec:\n  companyfacts:\n    - {url: ./a.json}\n",
            r":3: sec.companyfacts.0.cik: Field required",
        ),
        (
            "news:\n  feeds: [https://a.example/f.xml]\n  feedz: []\n",
            r":3: news.feedz: unknown key",
        ),
        (
            "news:\n  feeds: https://a.example/f.xml\n",
            r":2: news.feeds: Input should be a valid list",
        ),
        (
            "news:\n  feeds: [https://a.example/f.xml]\npoliteness:\n  timeout_seconds: -1\n",
            r":4: politeness.timeout_seconds: Input should be greater than 0",
        ),
        (
            "news:\n  feeds: [https://a.example/f.xml]\npoliteness: {max_bytes: .inf}\n",
            r":3: politeness.max_bytes: Input should be a valid integer",
        ),
        (
            "news:\n  feeds: [https://a.example/f.xml]\npoliteness: {request_deadline_seconds: .nan}\n",
            r"politeness.request_deadline_seconds: Input should be a finite number",
        ),
        (
            "news:\n  articles:\n    - javascript:alert(1)\n",
            r":3: news.articles.0: URL scheme 'javascript'",
        ),
        ("news:\n  articles:\n    - www.example.com/a.html\n", r"neither a URL nor a path"),
        ("news:\n  articles: ['https:///nohost']\n", r"has no host"),
        ("mirrors: {'ftp://x/': ./x}\nnews: {feeds: [https://a.example/f]}\n", r"mirror prefix"),
        ("name: '../../etc'\nnews: {feeds: [https://a.example/f]}\n", r"name: String should match"),
    ],
)
def test_bad_sources_file(tmp_path, content, message):
    path = tmp_path / "sources.yml"
    path.write_text(content)
    with pytest.raises(SourcesConfigError, match=message):
        load_sources(path)


def test_missing_sources_file(tmp_path):
    with pytest.raises(SourcesConfigError, match="not found"):
        load_sources(tmp_path / "nope.yml")


RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://r.example/"><title>r</title></channel>
<item rdf:about="https://r.example/a"><title><![CDATA[Capex <b>plan</b>]]></title>
<link>https://r.example/a</link><dc:date>2025-03-04T09:30:00+08:00</dc:date></item></rdf:RDF>"""
ATOM_WITH_BASE = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"
xml:base="https://b.example/news/"><title>b</title>
<entry><title>D</title><link href="2025/d.html"/><updated>2025-02-06T08:00:00Z</updated></entry>
<entry><title>no link</title></entry></feed>"""


def test_rss_1_0_and_atom_with_a_base_address():
    (item,) = parse_feed(RDF, "https://r.example/feed.rdf")
    assert item.url == "https://r.example/a"
    assert item.published_at.isoformat() == "2025-03-04T09:30:00+08:00"
    (entry,) = parse_feed(ATOM_WITH_BASE, "https://other.example/atom")
    assert entry.url == "https://b.example/news/2025/d.html"
    assert entry.published_at.isoformat() == "2025-02-06T08:00:00+00:00"


def test_a_feed_declaring_entities_is_refused_before_parsing():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss version="2.0"></rss>'
    with pytest.raises(FeedParseError, match="entities"):
        parse_feed(bomb, "https://x.example/")
