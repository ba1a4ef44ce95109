"""Polling feeds again and again: a schedule per feed, conditional GET, and a memory of the
entries already seen, so each new entry is emitted once.

`FeedMemory` and `after_poll` are plain data and a plain function; `PollDueFeedsFn` keeps
one FeedMemory per feed in Beam keyed state. "Now" is the timestamp of the tick element
that asks for a poll, so the schedule follows the pipeline's clock (PeriodicImpulse in a
run, TestStream in tests) rather than the worker's.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable, Optional

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp
from apache_beam.utils import shared

from transforms import dead_letters, progress
from transforms.feeds import FeedPoll, poll_feed
from transforms.http import HttpClient, HttpPolicy
from transforms.records import FeedEntry, FeedSource
from transforms.rollups import ended_early

DEFAULT_POLL_INTERVAL = 300.0          # GDELT's cadence is 15 minutes; most feeds allow 5
MAX_BACKOFF = 3600.0                   # a failing feed is still tried every hour
SEEN_TTL = 3 * 24 * 3600.0             # remember an entry 3 days after it was last listed


@dataclasses.dataclass(frozen=True)
class FeedMemory:
    """What a feed's poller remembers between polls."""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    # entry URL (or dead-letter URL) -> when it was last listed, in epoch seconds
    seen: dict = dataclasses.field(default_factory=dict)
    failures: int = 0                  # consecutive failed polls
    next_poll_at: float = 0.0
    # the keys the last full (not 304) answer listed, which a 304 lists again; None in a
    # memory written before this field existed
    listed: Optional[frozenset] = None


def is_due(memory: FeedMemory, now: float) -> bool:
    return now >= memory.next_poll_at


def backoff(interval: float, failures: int, max_backoff: float = MAX_BACKOFF) -> float:
    """Seconds until the next poll of a feed that failed `failures` times in a row."""
    return min(max_backoff, interval * 2 ** failures)


def after_poll(memory: FeedMemory, poll: FeedPoll, now: float, *,
               interval: float = DEFAULT_POLL_INTERVAL, ttl: float = SEEN_TTL,
               max_backoff: float = MAX_BACKOFF) -> tuple[FeedMemory, list]:
    """The feed's memory after a poll, and the poll's items not seen before.

    An entry is new if it is not remembered; it is remembered until `ttl` after the last
    poll that listed it, so an entry that stays in a feed is never emitted twice and one
    that left the feed is forgotten eventually. A 304 lists nothing but means the feed is
    unchanged, so what the last full answer listed is listed again (not everything
    remembered: entries that left the feed must still age out while it answers 304). A
    failed poll keeps the memory and backs off exponentially."""
    if poll.failed:
        failures = memory.failures + 1
        return (dataclasses.replace(memory, failures=failures,
                                    next_poll_at=now + backoff(interval, failures, max_backoff)),
                list(poll.items))
    if not poll.not_modified:
        listed = frozenset(_identity(item) for item in poll.items)
    elif memory.listed is not None:
        listed = memory.listed
    else:  # a memory from an older release: all it remembers may still be listed
        listed = frozenset(memory.seen)
    seen = {key: when for key, when in memory.seen.items() if now - when <= ttl}
    new = [item for item in poll.items if _identity(item) not in seen]
    seen.update((key, now) for key in listed)
    return FeedMemory(poll.etag, poll.last_modified, seen, 0, now + interval, listed), new


def _identity(item) -> str:
    return item.entry_url if isinstance(item, FeedEntry) else item.url


class PollDueFeedsFn(beam.DoFn):
    """(feed URL, FeedSource) ticks -> new FeedEntry (main) and dead letters, polling each
    feed only when it is due and emitting each entry once."""

    MEMORY = ReadModifyWriteStateSpec("feed_memory", PickleCoder())

    def __init__(self, policy: HttpPolicy, shared_client: shared.Shared, *,
                 interval: float = DEFAULT_POLL_INTERVAL, ttl: float = SEEN_TTL,
                 max_backoff: float = MAX_BACKOFF):
        self._policy = policy
        self._shared_client = shared_client
        self._interval = interval
        self._ttl = ttl
        self._max_backoff = max_backoff

    def setup(self):
        self._client = self._shared_client.acquire(lambda: HttpClient(self._policy))

    def process(self, keyed: tuple[str, FeedSource], now=beam.DoFn.TimestampParam,
                memory_state=beam.DoFn.StateParam(MEMORY)) -> Iterable:
        _, source = keyed
        memory = memory_state.read() or FeedMemory()
        now = float(now)
        if not is_due(memory, now):
            return
        poll = poll_feed(self._client, source, etag=memory.etag,
                         last_modified=memory.last_modified)
        memory, new_items = after_poll(memory, poll, now,
                                       interval=source.poll_interval or self._interval,
                                       ttl=self._ttl, max_backoff=self._max_backoff)
        memory_state.write(memory)
        progress.count("feeds_polled")
        if poll.not_modified:
            progress.count("feeds_not_modified")
        if poll.failed:
            progress.count("feeds_failed")
        for item in new_items:
            if isinstance(item, FeedEntry):
                progress.count("entries_seen")
                yield item
            else:
                yield dead_letters.tagged(item)


class FirstListingFn(beam.DoFn):
    """(entry URL, FeedEntry) -> the entry, the first time any feed lists it.

    Feeds remember their own entries; an article listed by two feeds (a section feed and
    the front page) still comes from both, at different polls. Keyed by the entry's URL,
    this lets one listing through and remembers the URL for `ttl` seconds of event time."""

    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())
    FORGET = TimerSpec("forget", TimeDomain.WATERMARK)

    def __init__(self, ttl: float = SEEN_TTL):
        self._ttl = ttl

    def process(self, keyed: tuple[str, FeedEntry], timestamp=beam.DoFn.TimestampParam,
                seen=beam.DoFn.StateParam(SEEN),
                forget=beam.DoFn.TimerParam(FORGET)) -> Iterable[FeedEntry]:
        if seen.read():
            progress.count("entries_listed_again")
            return
        seen.write(True)
        forget.set(Timestamp.of(float(timestamp) + self._ttl))
        yield keyed[1]

    @on_timer(FORGET)
    def forget(self, fire_at=beam.DoFn.TimestampParam, seen=beam.DoFn.StateParam(SEEN)):
        if not ended_early(fire_at, self._ttl):  # see transforms/rollups.py
            seen.clear()
