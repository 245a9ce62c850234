"""Parse RSS 2.0 and Atom feeds into the article links they announce."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedParseError(ValueError):
    pass


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None
    published_at: datetime | None
    summary: str | None


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _date(value: str | None) -> datetime | None:
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


def parse_feed(content: bytes, feed_url: str) -> list[FeedItem]:
    """Items of an RSS or Atom feed, links resolved against the feed's URL."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedParseError(f"not a well-formed feed: {exc}") from exc
    if root is None:
        raise FeedParseError("empty feed")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        # No real feed declares entities; an entity expansion ("billion laughs") attack does.
        raise FeedParseError("the feed declares XML entities; refused")
    if root.tag == f"{ATOM}feed":
        return [_atom_item(entry, feed_url) for entry in root.iter(f"{ATOM}entry")]
    if root.tag in {
        "rss",
        "{http://purl.org/rss/1.0/}RDF",
        "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
    }:
        items = [
            el for el in root.iter() if isinstance(el.tag, str) and el.tag.split("}")[-1] == "item"
        ]
        return [i for i in (_rss_item(item, feed_url) for item in items) if i.url]
    raise FeedParseError(f"unknown feed root element <{root.tag}>")


def _rss_item(item: etree._Element, feed_url: str) -> FeedItem:
    def child(name: str) -> etree._Element | None:
        for el in item:
            if isinstance(el.tag, str) and el.tag.split("}")[-1] == name:
                return el
        return None

    link = _text(child("link")) or _text(child("guid")) or ""
    published = _text(child("pubDate")) or _text(child("date"))
    return FeedItem(
        url=urllib.parse.urljoin(feed_url, link),
        title=_text(child("title")),
        published_at=_date(published),
        summary=_text(child("description")),
    )


def _atom_item(entry: etree._Element, feed_url: str) -> FeedItem:
    href = ""
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate":
            href = link.get("href", "")
            break
    return FeedItem(
        url=urllib.parse.urljoin(feed_url, href),
        title=_text(entry.find(f"{ATOM}title")),
        published_at=_date(
            _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
        ),
        summary=_text(entry.find(f"{ATOM}summary")),
    )
