"""RSS 2.0 feeds of a synthetic host's articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    published_at: datetime


def render_rss(title: str, link: str, items: Iterable[FeedItem]) -> bytes:
    """An RSS 2.0 document, UTF-8 encoded, items in the order given."""
    entries = "".join(
        "<item>"
        f"<title>{escape(item.title)}</title>"
        f"<link>{escape(item.url)}</link>"
        f'<guid isPermaLink="true">{escape(item.url)}</guid>'
        f"<pubDate>{format_datetime(item.published_at)}</pubDate>"
        "</item>\n"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0"><channel>\n'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(title)}</description>\n"
        f"{entries}"
        "</channel></rss>\n"
    ).encode()
