from schemas.rows import DeadLetterRow
from tests.webfixtures import rss, write_web
from transforms.feeds import (PollFeedFn, parse_feed,
                              readable_character_references)
from transforms.http import HttpPolicy
from transforms.records import FeedEntry, FeedSource

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Wire</title><id>urn:wire</id><updated>2025-08-15T10:00:00Z</updated>
<entry><title>Summit opens</title><id>urn:1</id><link rel="alternate" href="http://wire.example/a?utm_medium=feed"/>
<updated>2025-08-15T09:00:00+02:00</updated><summary>s</summary></entry>
<entry><title>No link</title><id>urn:2</id><updated>2025-08-15T09:00:00Z</updated></entry>
</feed>"""

RDF = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://c.example/"><title>C</title><link>http://c.example/</link>
<description>d</description></channel>
<item rdf:about="http://c.example/x.html"><title>X</title><link>http://c.example/x.html</link>
<dc:date>2025-08-16T08:30:00Z</dc:date></item></rdf:RDF>"""


def test_rss2_entries():
    body = rss([{"title": "T", "link": "http://a.example/1", "date": "Fri, 15 Aug 2025 10:00:00 GMT"}])
    [entry] = parse_feed(body.encode(), FeedSource("http://a.example/rss"))
    assert entry == FeedEntry(entry_url="http://a.example/1", link="http://a.example/1",
                              feed_url="http://a.example/rss", title="T",
                              published_at="2025-08-15T10:00:00+00:00", summary=None)


def test_atom_entries_normalised_and_linkless_entry_is_dead_letter():
    entry, dead = parse_feed(ATOM.encode(), FeedSource("http://wire.example/atom"))
    assert entry.entry_url == "http://wire.example/a"
    assert entry.published_at == "2025-08-15T07:00:00+00:00"
    assert isinstance(dead, DeadLetterRow) and dead.error_type == "entry_without_link"


def test_rdf_entries():
    [entry] = parse_feed(RDF.encode(), FeedSource("http://c.example/rdf"))
    assert (entry.entry_url, entry.published_at) == ("http://c.example/x.html",
                                                     "2025-08-16T08:30:00+00:00")


def test_unparseable_feed_is_one_dead_letter():
    [dead] = parse_feed(b"<html><body>Service unavailable</body>",
                        FeedSource("http://a.example/rss"))
    assert (dead.stage, dead.url, dead.error_type) == ("poll", "http://a.example/rss",
                                                       "feed_unparseable")
    assert "Service unavailable" in dead.excerpt


def test_max_entries():
    body = rss([{"title": str(i), "link": f"http://a.example/{i}"} for i in range(5)])
    assert len(parse_feed(body.encode(), FeedSource("http://a.example/rss", max_entries=2))) == 2


def test_poll_dofn_fetches_over_loopback(tmp_path, serve):
    server = serve(write_web(tmp_path, {
        "http://feeds.a.example/rss.xml": rss([{"title": "One", "link": "http://www.a.example/1"}]),
    }))
    fn = PollFeedFn(HttpPolicy(resolve=server.resolve_rules(), allowed_networks=("127.0.0.1/32",),
                               per_host_interval=0.0), __import__("apache_beam").utils.shared.Shared())
    fn.setup()
    [entry] = list(fn.process(FeedSource("http://feeds.a.example/rss.xml")))
    assert entry.entry_url == "http://www.a.example/1"
    [dead] = list(fn.process(FeedSource("http://feeds.a.example/missing.xml")))
    assert (dead.tag, dead.value.error_type) == ("dead_letters", "http_404")


def test_malformed_entry_link_is_a_dead_letter_and_the_rest_is_read():
    body = rss([{"title": "Bad", "link": "http://bad.example:99999/a"},
                {"title": "Good", "link": "http://a.example/1"}])
    dead, good = parse_feed(body.encode(), FeedSource("http://a.example/rss"))
    assert (dead.error_type, dead.stage) == ("invalid_url", "poll")
    assert good.entry_url == "http://a.example/1"


def test_character_references_feedparser_cannot_take_do_not_cost_the_feed():
    # A surrogate reference makes feedparser raise (kurtmckee/feedparser#599): the feed
    # was one dead letter at every poll. An emoji written as a surrogate pair is read as
    # the emoji; a lone surrogate or a reference past U+10FFFF becomes U+FFFD.
    body = rss([{"title": "Summit &#55357;&#56832; opens", "link": "http://a.example/1"},
                {"title": "Lone &#xD800; and &#1114112; and &#0000000000000065;",
                 "link": "http://a.example/2"},
                {"title": "Plain &#233;t&#xE9; &amp;#55357;", "link": "http://a.example/3"}])
    smile, lone, plain = parse_feed(body.encode(), FeedSource("http://a.example/rss"))
    assert smile.title == "Summit \U0001F600 opens"
    assert lone.title == "Lone \ufffd and \ufffd and A"
    assert plain.title == "Plain été &#55357;"


def test_a_feed_without_unreadable_references_is_handed_over_unchanged():
    body = rss([{"title": "Caf&#233; &#x1F600;", "link": "http://a.example/1"}]).encode()
    assert readable_character_references(body) is body
    assert readable_character_references(b"no references") == b"no references"
