"""Polling feeds repeatedly: schedule, backoff, seen-entry memory, conditional GET, and the
stateful poller under TestStream."""
import hashlib
import http.server
import threading

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.test_stream import TestStream as BeamTestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils import shared

from tests.webfixtures import rss
from transforms import dead_letters
from transforms.feed_schedule import (FeedMemory, FirstListingFn, PollDueFeedsFn, after_poll,
                                      backoff, is_due)
from transforms.feeds import FeedPoll, poll_feed
from transforms.http import HttpClient, HttpPolicy
from transforms.records import FeedEntry, FeedSource

FEED = "http://feeds.a.example/rss"


def entry(n):
    return FeedEntry(f"http://a.example/{n}", f"http://a.example/{n}", FEED, f"T{n}", None, None)


def test_new_entries_are_emitted_once_and_remembered_while_listed():
    memory, new = after_poll(FeedMemory(), FeedPoll([entry(1), entry(2)], '"v1"'), 0.0,
                             interval=60)
    assert new == [entry(1), entry(2)] and memory.next_poll_at == 60 and memory.etag == '"v1"'
    memory, new = after_poll(memory, FeedPoll([entry(2), entry(3)], '"v2"'), 60.0, interval=60)
    assert new == [entry(3)]
    # unchanged feed (304): nothing new, what the feed lists stays remembered, and entry 1,
    # last listed at 0, is forgotten at ttl
    memory, new = after_poll(memory, FeedPoll([], '"v2"', not_modified=True), 120.0,
                             interval=60, ttl=100)
    assert new == [] and set(memory.seen) == {e.entry_url for e in (entry(2), entry(3))}


def test_an_entry_that_left_the_feed_ages_out_while_the_feed_answers_304():
    memory, _ = after_poll(FeedMemory(), FeedPoll([entry(1), entry(2)], '"v1"'), 0.0, ttl=100)
    memory, _ = after_poll(memory, FeedPoll([entry(2)], '"v2"'), 50.0, ttl=100)
    for now in (100.0, 150.0, 200.0):
        memory, new = after_poll(memory, FeedPoll([], '"v2"', not_modified=True), now, ttl=100)
        assert new == []
    assert set(memory.seen) == {entry(2).entry_url}  # entry 1 left at 50 and is forgotten
    # the feed changes and still lists entry 2: it was refreshed by every 304, so not new
    _, new = after_poll(memory, FeedPoll([entry(2), entry(3)], '"v3"'), 260.0, ttl=100)
    assert new == [entry(3)]


def test_a_memory_from_an_older_release_treats_all_it_remembers_as_listed_on_a_304():
    from apache_beam.coders import PickleCoder
    written = FeedMemory(etag='"v1"', seen={entry(1).entry_url: 0.0})
    del written.__dict__["listed"]  # as state pickled before the field existed holds it
    coder = PickleCoder()
    old = coder.decode(coder.encode(written))
    assert "listed" not in old.__dict__ and old.listed is None
    memory, _ = after_poll(old, FeedPoll([], '"v1"', not_modified=True), 90.0, ttl=100)
    assert memory.seen == {entry(1).entry_url: 90.0}
    assert memory.listed == {entry(1).entry_url}


def test_an_entry_is_forgotten_ttl_after_it_left_the_feed():
    memory, _ = after_poll(FeedMemory(), FeedPoll([entry(1), entry(2)]), 0.0, ttl=100)
    memory, new = after_poll(memory, FeedPoll([entry(2)]), 50.0, ttl=100)
    assert new == []
    memory, new = after_poll(memory, FeedPoll([entry(2)]), 140.0, ttl=100)
    assert entry(1).entry_url not in memory.seen and entry(2).entry_url in memory.seen
    # entry 1 reappears after it was forgotten: it is new again
    _, new = after_poll(memory, FeedPoll([entry(1), entry(2)]), 150.0, ttl=100)
    assert new == [entry(1)]


def test_failing_feed_backs_off_exponentially_and_keeps_its_memory():
    failure = FeedPoll([dead_letters.dead_letter("poll", FEED, "http_503", "HTTP 503")],
                       failed=True)
    memory, _ = after_poll(FeedMemory(), FeedPoll([entry(1)], '"v1"'), 0.0, interval=60)
    memory, out = after_poll(memory, failure, 60.0, interval=60, max_backoff=500)
    assert [d.error_type for d in out] == ["http_503"]
    assert (memory.failures, memory.next_poll_at, memory.etag) == (1, 180.0, '"v1"')
    memory, _ = after_poll(memory, failure, 180.0, interval=60, max_backoff=500)
    assert memory.next_poll_at == 180.0 + 240.0
    assert backoff(60, 5, 500) == 500
    assert not is_due(memory, 419.0) and is_due(memory, 420.0)
    memory, new = after_poll(memory, FeedPoll([entry(1), entry(2)]), 420.0, interval=60)
    assert (memory.failures, new) == (0, [entry(2)])


class ConditionalFeedServer:
    """Serves one RSS feed with an ETag and Last-Modified; answers 304 when unchanged."""

    def __init__(self):
        self.items = []
        self.statuses = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = rss(server.items).encode()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    server.statuses.append(304)
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                server.statuses.append(200)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Fri, 15 Aug 2025 10:00:00 GMT")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    @property
    def policy(self):
        port = self._httpd.server_address[1]
        return HttpPolicy(allowed_networks=("127.0.0.1/32",), per_host_interval=0,
                          resolve=(("feeds.a.example", f"127.0.0.1:{port}"),))

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def feed_server():
    server = ConditionalFeedServer()
    yield server
    server.close()


def test_conditional_get_returns_not_modified_until_the_feed_changes(feed_server):
    client = HttpClient(feed_server.policy)
    source = FeedSource(FEED)
    feed_server.items = [{"title": "One", "link": "http://a.example/1"}]
    first = poll_feed(client, source)
    assert [e.entry_url for e in first.entries] == ["http://a.example/1"] and first.etag
    assert first.last_modified == "Fri, 15 Aug 2025 10:00:00 GMT"
    again = poll_feed(client, source, etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.items == [] and again.etag == first.etag
    feed_server.items.append({"title": "Two", "link": "http://a.example/2"})
    changed = poll_feed(client, source, etag=first.etag)
    assert len(changed.entries) == 2 and changed.etag != first.etag
    assert feed_server.statuses == [200, 304, 200]


# The runner pickles the pipeline's functions, so they reach the test's server by name.
_LIVE = {}


def _add_entry_two_after_first_tick(tick, timestamp=beam.DoFn.TimestampParam):
    items = _LIVE["server"].items
    if timestamp > 0 and not any(i["link"].endswith("/2") for i in items):
        items.append({"title": "Two", "link": "http://a.example/2"})
    return tick


@pytest.mark.streaming
def test_stateful_poller_under_test_stream(feed_server):
    # Ticks at t=0, 30, 60, 120 with a 60 s interval: polls at 0, 60 and 120 only; the
    # entry added before t=60 is emitted then, and nothing is emitted twice.
    feed_server.items = [{"title": "One", "link": "http://a.example/1"}]
    source = FeedSource(FEED, poll_interval=60.0)

    _LIVE["server"] = feed_server
    ticks = (BeamTestStream()
             .add_elements([TimestampedValue((FEED, source), 0)])
             .advance_watermark_to(10)
             .add_elements([TimestampedValue((FEED, source), 30)])
             .advance_watermark_to(40)
             .add_elements([TimestampedValue((FEED, source), 60)])
             .advance_watermark_to(70)
             .add_elements([TimestampedValue((FEED, source), 120)])
             .advance_watermark_to_infinity())
    options = PipelineOptions(streaming=True)
    with BeamTestPipeline(runner=BundleBasedDirectRunner(), options=options) as pipeline:
        polled = (pipeline | ticks
                  | "ChangeFeedAfterFirstTick" >> beam.Map(_add_entry_two_after_first_tick)
                  | beam.ParDo(PollDueFeedsFn(feed_server.policy, shared.Shared()))
                  .with_outputs(dead_letters.DEAD_LETTERS, main="entries"))
        assert_that(polled.entries | beam.Map(
            lambda e, ts=beam.DoFn.TimestampParam: (e.entry_url, float(ts))),
            equal_to([("http://a.example/1", 0.0), ("http://a.example/2", 60.0)]))
    # polls at 0 (200), 60 (200: the feed changed), 120 (304: unchanged)
    assert feed_server.statuses == [200, 200, 304]


@pytest.mark.streaming
def test_an_entry_listed_by_two_feeds_goes_through_once_until_forgotten():
    other_feed = entry(1)._replace(feed_url="http://feeds.a.example/front")
    stream = (BeamTestStream()
              .add_elements([TimestampedValue((entry(1).entry_url, entry(1)), 0)])
              .advance_watermark_to(10)
              .add_elements([TimestampedValue((other_feed.entry_url, other_feed), 20)])
              .advance_watermark_to(200)  # past the ttl: forgotten
              .add_elements([TimestampedValue((other_feed.entry_url, other_feed), 300)])
              .advance_watermark_to_infinity())
    with BeamTestPipeline(runner=BundleBasedDirectRunner(),
                          options=PipelineOptions(streaming=True)) as pipeline:
        passed = (pipeline | stream | beam.ParDo(FirstListingFn(ttl=100))
                  | beam.Map(lambda e, ts=beam.DoFn.TimestampParam: (e.feed_url, float(ts))))
        assert_that(passed, equal_to([(FEED, 0.0), ("http://feeds.a.example/front", 300.0)]))
