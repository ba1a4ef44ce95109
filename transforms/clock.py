"""Timestamps as the warehouse stores them."""
from __future__ import annotations

import datetime as dt
import time
from typing import Optional


def utc_now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def iso_from_struct(value: Optional[time.struct_time]) -> Optional[str]:
    """feedparser's UTC struct_time -> ISO 8601 string."""
    if not value:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return None


def date_of(iso_timestamp: str) -> str:
    return iso_timestamp[:10]


def epoch_of(iso_timestamp: str) -> float:
    """ISO 8601 (naive means UTC) -> seconds since the epoch."""
    when = dt.datetime.fromisoformat(iso_timestamp.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.timestamp()
