"""Records passed between pipeline stages (warehouse rows live in schemas.rows)."""
from __future__ import annotations

from typing import NamedTuple, Optional

import apache_beam as beam


class FeedSource(NamedTuple):
    """One configured feed."""
    url: str
    outlet: Optional[str] = None
    max_entries: Optional[int] = None
    poll_interval: Optional[float] = None  # seconds between polls when streaming


class FeedEntry(NamedTuple):
    """One entry of a feed, identified by its normalised link."""
    entry_url: str           # normalised link: the entry's identity
    link: str                # link as the feed gave it
    feed_url: str
    title: Optional[str]
    published_at: Optional[str]  # ISO 8601 UTC
    summary: Optional[str]


class FetchedPage(NamedTuple):
    """An entry's page as served, after redirects."""
    entry: FeedEntry
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str          # ISO 8601 UTC


for _record in (FeedSource, FeedEntry, FetchedPage):
    beam.coders.registry.register_coder(_record, beam.coders.RowCoder)
