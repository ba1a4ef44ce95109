import pytest

from transforms.feed_sources import FeedListError, load_feed_sources
from transforms.records import FeedSource


def test_plain_list(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# world\nhttp://a.example/rss\n\nhttps://b.example/atom.xml\nhttp://a.example/rss\n")
    assert load_feed_sources(str(path)) == [FeedSource("http://a.example/rss"),
                                             FeedSource("https://b.example/atom.xml")]


def test_yaml_with_options(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - http://a.example/rss\n"
                    "  - {url: 'http://b.example/feed', outlet: B News, max_entries: 5}\n"
                    "  - {url: 'http://c.example/feed', enabled: false}\n")
    assert load_feed_sources(str(path)) == [
        FeedSource("http://a.example/rss"),
        FeedSource("http://b.example/feed", outlet="B News", max_entries=5)]


def test_opml_nested_outlines(tmp_path):
    path = tmp_path / "subs.opml"
    path.write_text("""<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head>
<body><outline text="World"><outline text="A" title="A Times" type="rss"
 xmlUrl="http://a.example/rss"/></outline><outline text="B" xmlUrl="https://b.example/atom"/>
</body></opml>""")
    assert load_feed_sources(str(path)) == [FeedSource("http://a.example/rss", outlet="A Times"),
                                             FeedSource("https://b.example/atom", outlet="B")]


@pytest.mark.parametrize("name,text,message", [
    ("f.txt", "ftp://a.example/x\n", "not an http\\(s\\) URL"),
    ("f.yaml", "feeds:\n  - {url: 'http://a.example', colour: red}\n", "unknown keys"),
    ("f.yaml", "feeds: [\n", "invalid YAML"),
    ("f.yaml", "feeds:\n  - {url: 'http://a.example', max_entries: 0}\n", "positive integer"),
    ("f.opml", "<opml><body>", "invalid OPML"),
    ("f.txt", "# nothing\n", "no feeds listed"),
])
def test_bad_lists_say_where_and_why(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(FeedListError, match=message):
        load_feed_sources(str(path))


def test_missing_file():
    with pytest.raises(FeedListError, match="not found"):
        load_feed_sources("/nonexistent/feeds.yaml")
