"""Fetching article pages for feed entries, concurrently and politely."""
from __future__ import annotations

import concurrent.futures
from typing import Iterable, Union

import apache_beam as beam
from apache_beam.utils import shared

from schemas.rows import DeadLetterRow
from transforms import dead_letters, progress
from transforms.clock import utc_now_iso
from transforms.http import FetchError, HttpClient, HttpPolicy
from transforms.records import FeedEntry, FetchedPage

STAGE = "fetch"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})


def fetch_page(client: HttpClient, entry: FeedEntry) -> Union[FetchedPage, DeadLetterRow]:
    """The entry's page, or a dead letter saying why it could not be had as HTML."""
    try:
        response = client.get(entry.link)
    except FetchError as exc:
        return dead_letters.dead_letter(STAGE, entry.entry_url, exc.error_type, exc.message,
                                        feed_url=entry.feed_url, http_status=exc.status)
    except Exception as exc:  # an unforeseen failure costs this entry, not the run
        return dead_letters.dead_letter(STAGE, entry.entry_url, "fetch_failed",
                                        f"{type(exc).__name__}: {exc}", feed_url=entry.feed_url)
    body = response.body
    looks_binary = body[:5] == b"%PDF-" or b"\x00" in body[:1024]
    if response.content_type not in HTML_TYPES or looks_binary:
        return dead_letters.dead_letter(
            STAGE, entry.entry_url, "unsupported_content_type",
            f"{response.final_url} is {response.content_type or 'binary'}, not HTML",
            feed_url=entry.feed_url, http_status=response.status)
    return FetchedPage(entry=entry, final_url=response.final_url, status=response.status,
                       content_type=response.content_type, body=body,
                       fetched_at=utc_now_iso())


class FetchPagesFn(beam.DoFn):
    """Fetches a batch of entries on a thread pool; the client's per-host limits keep
    it polite while different hosts proceed in parallel."""

    def __init__(self, policy: HttpPolicy, shared_client: shared.Shared, threads: int):
        self._policy = policy
        self._shared_client = shared_client
        self._threads = threads

    def setup(self):
        self._client = self._shared_client.acquire(lambda: HttpClient(self._policy))
        self._pool = concurrent.futures.ThreadPoolExecutor(self._threads,
                                                           thread_name_prefix="fetch")

    def process(self, batch: list[FeedEntry]) -> Iterable:
        for result in self._pool.map(lambda e: fetch_page(self._client, e), batch):
            if isinstance(result, FetchedPage):
                progress.count("pages_fetched")
                yield result
            else:
                yield dead_letters.tagged(result)

    def teardown(self):
        self._pool.shutdown(wait=False, cancel_futures=True)


class FetchArticles(beam.PTransform):
    """FeedEntry -> FetchedPage, plus dead letters."""

    def __init__(self, policy: HttpPolicy, shared_client: shared.Shared, threads: int = 16):
        super().__init__()
        self._policy = policy
        self._shared_client = shared_client
        self._threads = threads

    def expand(self, entries):
        fetched = (
            entries
            | "Spread" >> beam.Reshuffle()
            | "Batch" >> beam.BatchElements(min_batch_size=1, max_batch_size=4 * self._threads)
            | "Fetch" >> beam.ParDo(FetchPagesFn(self._policy, self._shared_client,
                                                 self._threads))
            .with_outputs(dead_letters.DEAD_LETTERS, main="pages")
        )
        return {"pages": fetched.pages, dead_letters.DEAD_LETTERS: fetched[dead_letters.DEAD_LETTERS]}
