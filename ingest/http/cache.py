"""Bodies kept with their validators (ETag, Last-Modified), so a second read of a large document
costs a 304 instead of the whole document again."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx


@dataclass(frozen=True)
class CachedCopy:
    content: bytes
    meta: dict[str, Any]

    def validators(self) -> dict[str, str]:
        headers = {}
        if self.meta.get("etag"):
            headers["If-None-Match"] = self.meta["etag"]
        if self.meta.get("last_modified"):
            headers["If-Modified-Since"] = self.meta["last_modified"]
        return headers


class ConditionalCache:
    """Body + validators per URL, written atomically; a torn or missing pair is no cache."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.directory / f"{key}.body", self.directory / f"{key}.meta.json"

    def load(self, url: str) -> CachedCopy | None:
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        # The body is written before its meta; a crash between the two leaves a mismatch, and
        # revalidating a body the validators don't describe would serve the wrong bytes on 304.
        if not isinstance(meta, dict) or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        if not (meta.get("etag") or meta.get("last_modified")):
            return None
        return CachedCopy(body, meta)

    def store(self, url: str, content: bytes, headers: httpx.Headers, fetched_at: datetime) -> None:
        body_path, meta_path = self._paths(url)
        meta = {
            "url": url,
            "etag": headers.get("ETag"),
            "last_modified": headers.get("Last-Modified"),
            "sha256": hashlib.sha256(content).hexdigest(),
            "fetched_at": fetched_at.isoformat(),
        }
        self._write(body_path, content)
        self._write(meta_path, json.dumps(meta, indent=1).encode("utf-8"))

    def _write(self, path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
