"""Turn fetched bytes into text, honouring the charset a page declares.

Chinese portals still serve GBK/GB2312 pages, often declared only in a <meta> tag; GB2312 and GBK
are decoded as GB18030, their superset, because pages labelled GB2312 routinely contain GBK-only
characters.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)

_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(name.lower(), _SUPERSETS.get(codec, codec))


def declared_encoding(content: bytes, content_type: str | None = None) -> str | None:
    """The charset from the Content-Type header, a BOM, a <meta> tag or an XML declaration."""
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match and (name := _canonical(match.group(1))):
            return name
    head = content[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        found = pattern.search(head)
        if found and (name := _canonical(found.group(1).decode("ascii", "ignore"))):
            return name
    return None


def decode(content: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding used).

    A declared charset wins when the bytes decode cleanly under it; otherwise UTF-8, then GB18030
    are tried, and as a last resort UTF-8 with replacement characters.
    """
    declared = declared_encoding(content, content_type)
    candidates = [c for c in (declared, "utf-8", "gb18030") if c]
    for encoding in dict.fromkeys(candidates):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.lstrip("\ufeff"), encoding
    return content.decode("utf-8", errors="replace"), "utf-8-replace"
