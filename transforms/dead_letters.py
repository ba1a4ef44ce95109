"""Dead-letter rows: every input that cannot become a row is recorded with a reason."""
from __future__ import annotations

from typing import Optional

from apache_beam import pvalue

from schemas.rows import DeadLetterRow
from transforms import progress
from transforms.clock import date_of, utc_now_iso
from transforms.urls import stable_id

DEAD_LETTERS = "dead_letters"  # tag of every stage's dead-letter output
_EXCERPT_CHARS = 500


def dead_letter(stage: str, url: str, error_type: str, message: str, *,
                feed_url: Optional[str] = None, http_status: Optional[int] = None,
                excerpt: Optional[str] = None, occurred_at: Optional[str] = None
                ) -> DeadLetterRow:
    occurred_at = occurred_at or utc_now_iso()
    return DeadLetterRow(
        dead_letter_id=stable_id(stage, url, error_type),
        stage=stage,
        url=url,
        feed_url=feed_url,
        error_type=error_type,
        http_status=http_status,
        message=message,
        excerpt=excerpt[:_EXCERPT_CHARS] if excerpt else None,
        occurred_at=occurred_at,
        ingest_date=date_of(occurred_at),
    )


def tagged(row: DeadLetterRow) -> pvalue.TaggedOutput:
    """Count the dead letter and route it to the DEAD_LETTERS output."""
    progress.count(f"{row.stage}.{row.error_type}", namespace=progress.DEAD_LETTER_NAMESPACE)
    return pvalue.TaggedOutput(DEAD_LETTERS, row)
