import json
from datetime import date

import pytest

from ingest.article import ParseError, detect_language, parse_article
from ingest.encoding import declared_encoding, decode


def sample_page(sample_dir, url: str) -> bytes:
    return (sample_dir / "sites" / url.removeprefix("https://")).read_bytes()


def expected_pages(sample_dir) -> list[dict]:
    return [
        json.loads(line)
        for line in (sample_dir / "expected_facts.jsonl").read_text("utf-8").splitlines()
    ]


def test_every_sample_page_parses_with_its_date_and_language(sample_dir):
    for page in expected_pages(sample_dir):
        html, _ = decode(sample_page(sample_dir, page["url"]))
        article = parse_article(html, page["url"])
        assert article.language == page["lang"], page["url"]
        assert article.published_on == date.fromisoformat(page["published"]), page["url"]
        assert len(article.main_text) > 300, page["url"]


def test_gbk_pages_decode(sample_dir):
    gbk_pages = [p for p in expected_pages(sample_dir) if p["encoding"] == "gbk"]
    assert len(gbk_pages) >= 3
    for page in gbk_pages:
        html, encoding = decode(sample_page(sample_dir, page["url"]))
        assert encoding == "gb18030"
        assert "\ufffd" not in html


def test_main_text_leaves_out_navigation_and_comments(sample_dir):
    page = next(p for p in expected_pages(sample_dir) if p["lang"] == "en")
    html, _ = decode(sample_page(sample_dir, page["url"]))
    text = parse_article(html).main_text
    assert "function(" not in text
    assert "Subscribe" not in text or "newsletter" not in text.lower()


def test_paywall_shell_fails_cleanly(sample_dir):
    shell = (
        sample_dir
        / "sites"
        / "www.cloudpost.example"
        / "premium"
        / "2025"
        / "03"
        / "12"
        / "hyperscaler-capex-math.html"
    )
    with pytest.raises(ParseError, match="no article text"):
        parse_article(shell.read_text("utf-8"))


def test_declared_encodings():
    assert declared_encoding(b'<meta charset="gbk">') == "gb18030"
    assert declared_encoding(b"", "text/html; charset=GB2312") == "gb18030"
    assert declared_encoding(b"\xef\xbb\xbf<html>") == "utf-8"
    assert declared_encoding(b"<html>") is None


def test_undeclared_gbk_is_still_decoded():
    text, encoding = decode("阿里巴巴宣布投资".encode("gbk"))
    assert (text, encoding) == ("阿里巴巴宣布投资", "gb18030")


def test_language_detection():
    assert detect_language("阿里巴巴宣布未来三年将投入3800亿元") == "zh"
    assert detect_language("Microsoft will spend $80 billion") == "en"
