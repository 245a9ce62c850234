"""Parse RSS and Atom feeds into the article links they announce, with feedparser (which knows
the dialects: RSS 0.9x, 1.0 and 2.0, Atom 0.3 and 1.0, their date formats and xml:base)."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser


class FeedParseError(ValueError):
    pass


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    published_at: datetime | None
    summary: str | None


def _date(value: str | None) -> datetime | None:
    """The item's own date string, read with its UTC offset (feedparser's parsed dates are UTC)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(entry: Any, key: str) -> str | None:
    value = entry.get(key)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def parse_feed(content: bytes, feed_url: str) -> list[FeedItem]:
    """Items of an RSS or Atom feed, links resolved against the feed's URL."""
    # No real feed declares entities; an entity expansion ("billion laughs") attack does, and
    # feedparser's fallback parser would expand them.
    if b"<!ENTITY" in content:
        raise FeedParseError("the feed declares XML entities; refused")
    parsed = feedparser.parse(
        content,
        response_headers={"content-location": feed_url},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise FeedParseError(f"not a feed: {reason}")
    items = []
    for entry in parsed.entries:
        link = _text(entry, "link") or (entry.get("id") if entry.get("guidislink") else None)
        if not link:
            continue
        items.append(
            FeedItem(
                url=urllib.parse.urljoin(feed_url, link),
                title=_text(entry, "title"),
                published_at=_date(_text(entry, "published") or _text(entry, "updated")),
                summary=_text(entry, "summary"),
            )
        )
    return items
