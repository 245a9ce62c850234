import json
from datetime import date

import pytest

from ingest.sources.news.article import (
    MIN_MAIN_TEXT_LENGTH,
    ParseError,
    detect_language,
    information_length,
    parse_article,
)
from ingest.sources.news.encoding import declared_encoding, decode


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


FLASH_ZH = "新华社快讯：截至6月底，中国电信智算规模达到35EFLOPS，较年初增长逾四成。"
FRAGMENT_EN = "Read more: AI cloud spending rises again"


def _page(body: str, charset: str = "utf-8") -> str:
    return (
        f"<html><head><meta charset='{charset}'><title>t</title></head>"
        f"<body><article><p>{body}</p></article></body></html>"
    )


def test_text_length_is_counted_in_information_not_characters():
    assert len(FLASH_ZH) == len(FRAGMENT_EN) == 40
    assert information_length(FLASH_ZH) >= MIN_MAIN_TEXT_LENGTH > information_length(FRAGMENT_EN)


def test_a_forty_character_chinese_flash_lands():
    html, _ = decode(_page(FLASH_ZH, "gbk").encode("gbk"))
    article = parse_article(html)
    assert article.language == "zh"
    assert "35EFLOPS" in article.main_text


def test_a_forty_character_english_fragment_is_not_an_article():
    with pytest.raises(ParseError, match="no article text"):
        parse_article(_page(FRAGMENT_EN + "."))
