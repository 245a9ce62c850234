"""Main text, title, publication date and language of a news page.

trafilatura finds the article body among navigation, ads, related links and comments; htmldate
finds the publication date. Both are wrapped so a page they cannot read fails with `ParseError`
instead of landing an empty document.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

# trafilatura and htmldate log every page they find hard at WARNING; our own errors say enough.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# A page with less body text than this is a paywall, a login wall or an index page, not an
# article. Measured in Latin-character equivalents (see `information_length`).
MIN_MAIN_TEXT_LENGTH = 120
# A Chinese character carries about as much text as four English letters (roughly 9.5 bits of
# entropy against 2.3 per letter), so a 40-character news flash counts like a 150-letter one.
CJK_CHARACTER_WEIGHT = 4

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ZH_DATE = re.compile(r"(20\d{2})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})")


class ParseError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedArticle:
    title: str | None
    published_on: date | None
    language: str
    main_text: str


def detect_language(text: str) -> str:
    """`zh` when CJK characters make up a fifth of the letters, else `en`."""
    letters = sum(ch.isalpha() for ch in text[:5000])
    cjk = len(_CJK.findall(text[:5000]))
    return "zh" if letters and cjk / letters > 0.2 else "en"


def information_length(text: str) -> int:
    """Length in Latin-character equivalents: spaces are not counted, CJK characters count
    `CJK_CHARACTER_WEIGHT` each."""
    cjk = len(_CJK_WIDE.findall(text))
    visible = sum(not ch.isspace() for ch in text)
    return visible - cjk + cjk * CJK_CHARACTER_WEIGHT


def _strings(element: lxml_html.HtmlElement) -> list[str]:
    return [text.strip() for text in element.itertext() if text.strip()]


def _title(html: str) -> str | None:
    # lxml directly: BeautifulSoup's tree cost a quarter of a page's parse for one title.
    try:
        document = lxml_html.document_fromstring(
            html.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError):
        return None
    for attribute, name in (("property", "og:title"), ("name", "title")):
        for tag in document.iter("meta"):
            if tag.get(attribute) == name and tag.get("content"):
                return str(tag.get("content")).strip()
    heading = next(document.iter("h1"), None)
    if heading is not None:
        return " ".join(_strings(heading)) or None
    title = next(document.iter("title"), None)
    return "".join(_strings(title)) if title is not None else None


def _published_on(html: str, main_text: str) -> date | None:
    found = find_date(html, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    if found:
        return date.fromisoformat(found)
    for text in (html, main_text):
        match = _ZH_DATE.search(text)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def parse_article(html: str, url: str | None = None) -> ParsedArticle:
    """Parse one news page; raises `ParseError` when it holds no article text."""
    try:
        main_text = trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise ParseError(f"main text extraction failed: {exc}") from exc
    main_text = (main_text or "").strip()
    if information_length(main_text) < MIN_MAIN_TEXT_LENGTH:
        raise ParseError(f"no article text found ({len(main_text)} characters of main text)")
    return ParsedArticle(
        title=_title(html),
        published_on=_published_on(html, main_text),
        language=detect_language(main_text),
        main_text=main_text,
    )
