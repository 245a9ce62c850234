"""A story as the HTML page a news site would serve: head metadata, navigation, the article and a
footer, so that the pipeline has to find the article text among the site's chrome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape

from benchmarks.synthetic.writing import Story


@dataclass(frozen=True)
class _Chrome:
    lang: str
    site: str
    sections: tuple[str, ...]
    byline: str
    related: str
    related_links: tuple[str, ...]
    footer: tuple[str, ...]
    rights: str


_CHROME = {
    "en": _Chrome(
        lang="en",
        site="Synthetic Wire {number}",
        sections=("Home", "Markets", "Technology", "Companies", "Opinion"),
        byline="By the {site} staff",
        related="More from {site}",
        related_links=("Markets wrap", "Technology briefing", "Letters to the editor"),
        footer=("About us", "Contact", "Privacy", "Terms of use"),
        rights="All rights reserved.",
    ),
    "zh": _Chrome(
        lang="zh-CN",
        site="合成资讯{number}",
        sections=("首页", "财经", "科技", "公司", "评论"),
        byline="{site}记者",
        related="{site}更多报道",
        related_links=("市场综述", "科技早报", "读者来信"),
        footer=("关于我们", "联系我们", "隐私政策", "使用条款"),
        rights="版权所有",
    ),
}


def site_name(language: str, number: int) -> str:
    return _CHROME[language].site.format(number=f"{number:02d}")


def _links(labels: tuple[str, ...], prefix: str) -> str:
    return "".join(
        f'<li><a href="{prefix}{n}/">{escape(label)}</a></li>' for n, label in enumerate(labels)
    )


@lru_cache(maxsize=1024)
def _chrome(language: str, site_number: int, year: int) -> tuple[str, str, str]:
    """The site's masthead and navigation, its aside and footer, and the byline's prefix: the
    same on every page of a host."""
    chrome = _CHROME[language]
    site = site_name(language, site_number)
    header = (
        f'<header><div class="masthead"><a href="/">{escape(site)}</a></div>\n'
        f"<nav><ul>{_links(chrome.sections, '/section-')}</ul></nav></header>"
    )
    footer = (
        f"<aside><h3>{escape(chrome.related.format(site=site))}</h3>\n"
        f"<ul>{_links(chrome.related_links, '/related-')}</ul></aside>\n</main>\n"
        f"<footer><ul>{_links(chrome.footer, '/about-')}</ul>\n"
        f"<p>© {year} {escape(site)}. {escape(chrome.rights)}</p></footer>"
    )
    return header, footer, escape(chrome.byline.format(site=site))


def render_page(story: Story, language: str, site_number: int, published: datetime) -> bytes:
    """The page, UTF-8 encoded; `published` must be timezone-aware."""
    site = escape(site_name(language, site_number))
    header, footer, byline = _chrome(language, site_number, published.year)
    title = escape(story.title)
    stamp = published.isoformat(timespec="seconds")
    body = "\n".join(
        f"<h2>{escape(p[3:])}</h2>" if p.startswith("## ") else f"<p>{escape(p)}</p>"
        for p in story.paragraphs
    )
    page = f"""<!DOCTYPE html>
<html lang="{_CHROME[language].lang}">
<head>
<meta charset="utf-8">
<title>{title} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{stamp}">
</head>
<body>
{header}
<main>
<article>
<h1>{title}</h1>
<p class="byline">{byline} · <time datetime="{stamp}">{published:%Y-%m-%d %H:%M}</time></p>
{body}
</article>
{footer}
</body>
</html>
"""
    return page.encode("utf-8")
