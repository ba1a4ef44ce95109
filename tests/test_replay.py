"""The replay server's time-released entries, synthetic churn feeds and conditional GET.

Time is a fake clock the tests move by hand; nothing sleeps. Requests go over loopback
HTTP with http.client, so these tests depend only on samples/replay.py."""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
from urllib.parse import urlsplit

import feedparser
import pytest

from samples import MANIFEST_FILE, WEB_DIR
from samples.replay import (ChurnFeed, ReplayServer, sample_release_schedule,
                            staggered_release)
from tests.webfixtures import article_html, rss, write_web
from transforms.extraction import extract_article

START = 1_756_728_000.0  # 2025-09-01T12:00:00Z: a real past date, as page dates must be

RSS_FEED = "http://feeds.meridian-times.example/diplomacy.xml"
ATOM_FEED = "http://news.eastwire.example/feeds/world.xml"
RDF_FEED = "http://www.continental-ledger.example/rdf/foreign-affairs.xml"
OTHER_FEED = "http://www.harbourpost.example/feeds/international.xml"


class FakeClock:
    def __init__(self, now: float = START):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def replay(clock):
    """replay(root=WEB_DIR, **options) starts a server on the fake clock, stopped after."""
    servers = []

    def start(root=WEB_DIR, **options):
        server = ReplayServer(root, clock=clock, **options).__enter__()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def get(server: ReplayServer, url: str, headers: dict | None = None):
    """(status, lower-cased headers, body) of GET url from the server."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Host": parts.hostname, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def feed_links(server: ReplayServer, url: str) -> list[str]:
    status, _, body = get(server, url)
    assert status == 200
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [entry.link for entry in parsed.entries]


def recorded(url: str) -> bytes:
    parts = urlsplit(url)
    return (WEB_DIR / parts.hostname / parts.path.lstrip("/")).read_bytes()


def recorded_links(url: str) -> list[str]:
    return [entry.link for entry in feedparser.parse(recorded(url)).entries]


def manifest_entries() -> list[dict]:
    return json.loads(MANIFEST_FILE.read_text())["entries"]


# -- time-released entries -------------------------------------------------------------------

def test_staggered_release_accepts_links_and_manifest_entries():
    assert staggered_release(["a", "b", "c"], start=5, every=10) == {"a": 5, "b": 15, "c": 25}
    entries = manifest_entries()[:2]
    assert staggered_release(entries) == {entries[0]["url"]: 0.0, entries[1]["url"]: 60.0}


def test_sample_release_schedule_releases_the_manifest_in_publication_order():
    entries = manifest_entries()
    schedule = sample_release_schedule(30, start=10)
    assert list(schedule) == [entry["url"] for entry in entries]
    assert list(schedule.values()) == [10 + 30 * n for n in range(len(entries))]


def test_entries_appear_on_schedule(replay, clock):
    first, second, *_ = recorded_links(ATOM_FEED)
    server = replay(release=staggered_release([first, second], start=30, every=30))
    assert first not in feed_links(server, ATOM_FEED)
    assert second not in feed_links(server, ATOM_FEED)
    clock.advance(29.9)
    assert first not in feed_links(server, ATOM_FEED)
    clock.advance(0.1)
    links = feed_links(server, ATOM_FEED)
    assert first in links and second not in links
    clock.advance(30)
    assert feed_links(server, ATOM_FEED) == recorded_links(ATOM_FEED)
    # Everything released: the recording is served byte for byte again.
    assert get(server, ATOM_FEED)[2] == recorded(ATOM_FEED)


def test_article_pages_stay_reachable_while_their_entry_is_held(replay):
    link = recorded_links(ATOM_FEED)[0]
    server = replay(release={link: 3600})
    assert link not in feed_links(server, ATOM_FEED)
    assert get(server, link)[0] == 200


def test_feeds_that_do_not_list_a_held_entry_are_served_as_recorded(replay):
    server = replay(release={recorded_links(ATOM_FEED)[0]: 3600})
    assert get(server, OTHER_FEED)[2] == recorded(OTHER_FEED)


@pytest.mark.parametrize("feed_url", [RSS_FEED, ATOM_FEED, RDF_FEED], ids=["rss2", "atom", "rdf"])
def test_a_held_entry_leaves_and_rejoins_each_feed_format(replay, feed_url):
    all_links = recorded_links(feed_url)
    held = all_links[1]
    server = replay()
    server.hold(held)
    assert feed_links(server, feed_url) == [link for link in all_links if link != held]
    if feed_url == RDF_FEED:  # the channel's table of contents drops it too
        assert held.encode() not in get(server, feed_url)[2]
    server.release_now(held)
    assert feed_links(server, feed_url) == all_links
    assert get(server, feed_url)[2] == recorded(feed_url)


def test_held_feed_keeps_its_declaration_and_layout(replay):
    server = replay()
    server.hold(recorded_links(RSS_FEED)[-1])  # the last item: its tail closes the channel
    body = get(server, RSS_FEED)[2]
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<rss ')
    assert body.endswith(b"    </item>\n  </channel>\n</rss>\n")


def test_a_manifest_link_also_holds_its_tracking_variant(replay):
    # The Meridian world feed lists this story with utm_* parameters; the manifest without.
    entry = next(e for e in manifest_entries() if e["fault"] == "tracking_duplicate")
    world = "http://feeds.meridian-times.example/world.xml"
    server = replay(release=staggered_release([entry], start=60))
    for feed_url in entry["feed_urls"]:
        assert not any(link.startswith(entry["url"]) for link in feed_links(server, feed_url))
    server.release_now(entry["url"])
    assert any(link.startswith(entry["url"] + "?utm_") for link in feed_links(server, world))


def test_hold_overrides_the_schedule_until_released(replay, clock):
    link = recorded_links(RSS_FEED)[0]
    server = replay(release={link: 10})
    server.hold(link)
    clock.advance(20)
    assert link not in feed_links(server, RSS_FEED)
    server.release_now(link)
    assert link in feed_links(server, RSS_FEED)


# -- conditional GET -------------------------------------------------------------------------

def test_conditional_get_answers_304_until_a_release(replay, clock):
    link = recorded_links(RSS_FEED)[0]
    server = replay(release={link: 120})
    status, headers, body = get(server, RSS_FEED)
    assert status == 200 and headers["etag"] and headers["last-modified"]
    etag, last_modified = headers["etag"], headers["last-modified"]

    status, headers, body = get(server, RSS_FEED, {"If-None-Match": etag})
    assert (status, body, headers["etag"]) == (304, b"", etag)
    assert "content-length" not in headers
    status, _, _ = get(server, RSS_FEED, {"If-Modified-Since": last_modified})
    assert status == 304

    clock.advance(120)
    status, headers, body = get(server, RSS_FEED, {"If-None-Match": etag,
                                                   "If-Modified-Since": last_modified})
    assert status == 200 and headers["etag"] != etag and link.encode() in body
    assert headers["last-modified"] == email.utils.formatdate(START + 120, usegmt=True)
    status, _, _ = get(server, RSS_FEED, {"If-Modified-Since": last_modified})
    assert status == 200
    assert get(server, RSS_FEED, {"If-None-Match": headers["etag"]})[0] == 304
    # The server records conditional requests like any other.
    assert server.web.requests[-1][2]["If-None-Match"] == headers["etag"]


def test_static_feeds_carry_their_files_mtime(replay):
    server = replay()
    status, headers, body = get(server, OTHER_FEED)
    assert status == 200 and body == recorded(OTHER_FEED)
    parts = urlsplit(OTHER_FEED)
    mtime = (WEB_DIR / parts.hostname / parts.path.lstrip("/")).stat().st_mtime
    assert headers["last-modified"] == email.utils.formatdate(int(mtime), usegmt=True)
    assert get(server, OTHER_FEED, {"If-None-Match": f'"x", {headers["etag"]}'})[0] == 304
    assert get(server, OTHER_FEED, {"If-None-Match": '"other"'})[0] == 200


def test_pages_are_served_without_validators(tmp_path, replay):
    root = write_web(tmp_path, {"http://plain.example/a.html": article_html("A"),
                                "http://plain.example/feed.xml": rss([])})
    server = replay(root)
    status, headers, _ = get(server, "http://plain.example/a.html")
    assert status == 200 and "etag" not in headers
    assert "etag" in get(server, "http://plain.example/feed.xml")[1]


# -- synthetic churn -------------------------------------------------------------------------

def churn_feed(server: ReplayServer, churn: ChurnFeed):
    status, _, body = get(server, churn.feed_url)
    assert status == 200
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed.entries


def test_churn_feed_grows_and_drops_old_entries(tmp_path, replay, clock):
    churn = ChurnFeed("churn.example", every=60, keep=5)
    server = replay(write_web(tmp_path, {}), churn=[churn])
    assert "churn.example" in dict(server.resolve_rules())
    assert [e.link for e in churn_feed(server, churn)] == [churn.story_url(0)]
    clock.advance(4 * 60)
    assert [e.link for e in churn_feed(server, churn)] == [
        churn.story_url(i) for i in (4, 3, 2, 1, 0)]
    clock.advance(3 * 60 + 59)
    entries = churn_feed(server, churn)
    assert [e.link for e in entries] == [churn.story_url(i) for i in (7, 6, 5, 4, 3)]
    for entry, i in zip(entries, (7, 6, 5, 4, 3)):
        assert email.utils.parsedate_to_datetime(entry.published).timestamp() == START + 60 * i
    # Pages of entries that have appeared stay up; later ones do not exist yet.
    assert get(server, churn.story_url(0))[0] == 200
    assert get(server, churn.story_url(8))[0] == 404


def test_churn_pages_extract_as_articles_published_when_they_appeared(tmp_path, replay, clock):
    churn = ChurnFeed("churn.example", every=30, keep=50, backlog=2)
    server = replay(write_web(tmp_path, {}), churn=[churn])
    clock.advance(95)
    entries = churn_feed(server, churn)
    assert len(entries) == 6  # two from the backlog, one at the start, three since
    texts = set()
    for entry in entries:
        status, headers, body = get(server, entry.link)
        assert status == 200 and headers["content-type"].startswith("text/html")
        article = extract_article(body, entry.link)
        appeared = dt.datetime.fromtimestamp(
            email.utils.parsedate_to_datetime(entry.published).timestamp(), dt.timezone.utc)
        assert article.published == appeared.isoformat()
        assert len(article.text.split()) >= 300
        assert article.title == entry.title and article.language == "en"
        assert article.canonical_url == entry.link
        texts.add(article.text)
    assert len(texts) == len(entries)  # every page is its own article


def test_churn_is_deterministic_given_seed_and_clock():
    same = ChurnFeed(seed=7), ChurnFeed(seed=7)
    assert same[0].feed_xml(600, START) == same[1].feed_xml(600, START)
    assert same[0].story_html(3, START) == same[1].story_html(3, START)
    assert ChurnFeed(seed=8).story_html(3, START) != same[0].story_html(3, START)


def test_churn_feed_supports_conditional_get(tmp_path, replay, clock):
    churn = ChurnFeed("churn.example", every=60)
    server = replay(write_web(tmp_path, {}), churn=[churn])
    _, headers, _ = get(server, churn.feed_url)
    assert headers["last-modified"] == email.utils.formatdate(START, usegmt=True)
    clock.advance(59)
    assert get(server, churn.feed_url, {"If-None-Match": headers["etag"]})[0] == 304
    clock.advance(1)
    status, new_headers, _ = get(server, churn.feed_url, {"If-None-Match": headers["etag"]})
    assert status == 200 and new_headers["etag"] != headers["etag"]
    assert new_headers["last-modified"] == email.utils.formatdate(START + 60, usegmt=True)
