"""Polling feeds: fetch, parse with feedparser, emit entries; unreadable feeds are dead letters."""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple, Optional, Union

import apache_beam as beam
import feedparser
from apache_beam.utils import shared

from schemas.rows import DeadLetterRow
from transforms import dead_letters, progress
from transforms.clock import iso_from_struct
from transforms.http import FetchError, HttpClient, HttpPolicy
from transforms.records import FeedEntry, FeedSource
from transforms.urls import normalize_url

STAGE = "poll"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")


# A numeric character reference to a UTF-16 surrogate or past U+10FFFF makes feedparser
# raise instead of reading the feed (kurtmckee/feedparser#599), so one such title would
# cost every entry of the feed at every poll. Emoji written as a surrogate pair
# ("&#55357;&#56832;", as some publishing tools do) become the character they mean; any
# other such reference becomes U+FFFD, as an HTML parser reads it.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_REPLACEMENT_REF = b"&#xFFFD;"


def _code_point(ref: re.Match) -> int:
    hex_digits, decimal_digits = ref.groups()
    digits = (hex_digits or decimal_digits).lstrip(b"0") or b"0"
    if len(digits) > 8:  # past U+10FFFF in either base, and int() would balk at thousands
        return -1
    return int(digits, 16 if hex_digits else 10)


def _is_high_surrogate(code_point: int) -> bool:
    return 0xD800 <= code_point <= 0xDBFF


def _is_low_surrogate(code_point: int) -> bool:
    return 0xDC00 <= code_point <= 0xDFFF


def readable_character_references(body: bytes) -> bytes:
    """The feed with every numeric character reference feedparser cannot take replaced by
    one it can; a feed without such references comes back as it is."""
    if b"&#" not in body:
        return body
    parts, copied_to = [], 0
    refs = list(_CHAR_REF.finditer(body))
    i = 0
    while i < len(refs):
        ref, code_point = refs[i], _code_point(refs[i])
        following = refs[i + 1] if i + 1 < len(refs) else None
        if (_is_high_surrogate(code_point) and following is not None
                and following.start() == ref.end()
                and _is_low_surrogate(low := _code_point(following))):
            pair = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00)
            parts += [body[copied_to:ref.start()], b"&#x%X;" % pair]
            copied_to, i = following.end(), i + 2
            continue
        if not 0 <= code_point <= 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
            parts += [body[copied_to:ref.start()], _REPLACEMENT_REF]
            copied_to = ref.end()
        i += 1
    return b"".join(parts + [body[copied_to:]]) if parts else body


def _entry_link(entry) -> Optional[str]:
    link = entry.get("link")
    if link:
        return link
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return candidate["href"]
    guid = entry.get("id", "")
    return guid if guid.startswith(("http://", "https://")) else None


def parse_feed(body: bytes, source: FeedSource, *, final_url: Optional[str] = None,
               content_type: str = "", occurred_at: Optional[str] = None
               ) -> list[Union[FeedEntry, DeadLetterRow]]:
    """Entries of a feed document, and dead letters for the feed or for entries without links."""
    parsed = feedparser.parse(readable_character_references(body), response_headers={
        "content-location": final_url or source.url, "content-type": content_type})
    # A malformed feed that still yields linked entries is used (feedparser is lenient
    # on purpose); one that yields nothing usable is a dead letter for the feed.
    usable = [e for e in parsed.entries if _entry_link(e)]
    if not usable and (parsed.bozo or not parsed.version):
        reason = parsed.get("bozo_exception") or "no feed format recognised"
        return [dead_letters.dead_letter(
            STAGE, source.url, "feed_unparseable", f"cannot read feed: {reason}",
            excerpt=body[:500].decode("utf-8", "replace"), occurred_at=occurred_at)]
    results: list[Union[FeedEntry, DeadLetterRow]] = []
    entries = parsed.entries[:source.max_entries] if source.max_entries else parsed.entries
    for index, entry in enumerate(entries):
        link = _entry_link(entry)
        if not link or not link.startswith(("http://", "https://")):
            results.append(dead_letters.dead_letter(
                STAGE, f"{source.url}#entry-{index}", "entry_without_link",
                f"entry {index} ({entry.get('title', 'untitled')!r}) has no http(s) link",
                feed_url=source.url, occurred_at=occurred_at))
            continue
        try:
            entry_url = normalize_url(link)
        except ValueError as exc:  # e.g. a port out of range
            results.append(dead_letters.dead_letter(
                STAGE, f"{source.url}#entry-{index}", "invalid_url",
                f"entry {index} link {link!r} is malformed: {exc}",
                feed_url=source.url, excerpt=link, occurred_at=occurred_at))
            continue
        results.append(FeedEntry(
            entry_url=entry_url,
            link=link,
            feed_url=source.url,
            title=entry.get("title"),
            published_at=iso_from_struct(entry.get("published_parsed")
                                         or entry.get("updated_parsed")),
            summary=entry.get("summary"),
        ))
    return results


class FeedPoll(NamedTuple):
    """What one poll of a feed gave."""
    items: list  # FeedEntry and DeadLetterRow
    etag: Optional[str] = None           # validators to send with the next poll
    last_modified: Optional[str] = None
    not_modified: bool = False           # 304: nothing changed since the validators
    failed: bool = False                 # the feed itself could not be read

    @property
    def entries(self) -> list[FeedEntry]:
        return [item for item in self.items if isinstance(item, FeedEntry)]


def poll_feed(client: HttpClient, source: FeedSource, *, etag: Optional[str] = None,
              last_modified: Optional[str] = None) -> FeedPoll:
    """Fetch and parse one feed, conditionally when validators are given. Feeds are
    subscribed to explicitly, so robots.txt is not consulted for them (as feed readers
    do); article pages are checked."""
    try:
        response = client.get(source.url, check_robots=False, accept=FEED_ACCEPT,
                              etag=etag, last_modified=last_modified)
    except FetchError as exc:
        return FeedPoll([dead_letters.dead_letter(STAGE, source.url, exc.error_type,
                                                  exc.message, http_status=exc.status)],
                        failed=True)
    except Exception as exc:  # an unforeseen failure costs this feed, not the run
        return FeedPoll([dead_letters.dead_letter(STAGE, source.url, "poll_failed",
                                                  f"{type(exc).__name__}: {exc}")], failed=True)
    validators = (response.headers.get("etag"), response.headers.get("last-modified"))
    if response.status == 304:
        return FeedPoll([], etag or validators[0], last_modified or validators[1],
                        not_modified=True)
    try:
        items = parse_feed(response.body, source, final_url=response.final_url,
                           content_type=response.headers.get("content-type", ""))
    except Exception as exc:
        items = [dead_letters.dead_letter(STAGE, source.url, "poll_failed",
                                          f"{type(exc).__name__}: {exc}")]
    failed = any(not isinstance(i, FeedEntry) and i.url == source.url for i in items)
    return FeedPoll(items, *validators, failed=failed)


def count_poll(poll: FeedPoll) -> Iterable:
    """The poll's items as a DoFn yields them (dead letters tagged), counted."""
    progress.count("feeds_polled")
    if poll.failed:
        progress.count("feeds_failed")
    for item in poll.items:
        if isinstance(item, FeedEntry):
            progress.count("entries_seen")
            yield item
        else:
            yield dead_letters.tagged(item)


class PollFeedFn(beam.DoFn):
    def __init__(self, policy: HttpPolicy, shared_client: shared.Shared):
        self._policy = policy
        self._shared_client = shared_client

    def setup(self):
        self._client = self._shared_client.acquire(lambda: HttpClient(self._policy))

    def process(self, source: FeedSource) -> Iterable:
        yield from count_poll(poll_feed(self._client, source))


def _earliest(entries: Iterable[FeedEntry]) -> FeedEntry:
    # Deterministic choice among listings of one link: earliest date, then feed URL.
    return min(entries, key=lambda e: (e.published_at or "9999", e.feed_url, e.link))


class PollFeeds(beam.PTransform):
    """FeedSource -> unique FeedEntry (one per normalised link), plus dead letters."""

    def __init__(self, policy: HttpPolicy, shared_client: shared.Shared):
        super().__init__()
        self._policy = policy
        self._shared_client = shared_client

    def expand(self, sources):
        polled = (
            sources
            | "Spread" >> beam.Reshuffle()
            | "Poll" >> beam.ParDo(PollFeedFn(self._policy, self._shared_client))
            .with_outputs(dead_letters.DEAD_LETTERS, main="entries")
        )
        unique = (
            polled.entries
            | "KeyByLink" >> beam.WithKeys(lambda e: e.entry_url)
            | "OneListingPerLink" >> beam.CombinePerKey(_earliest)
            | "DropKeys" >> beam.Values()
        )
        return {"entries": unique, dead_letters.DEAD_LETTERS: polled[dead_letters.DEAD_LETTERS]}
