from transforms.urls import is_tracking_param, normalize_url, outlet_of, stable_id


def test_normalize_strips_tracking_fragment_default_port_and_sorts_query():
    assert normalize_url("HTTP://News.Example.COM:80/a/b?utm_source=rss&z=1&a=2&fbclid=x#top") \
        == "http://news.example.com/a/b?a=2&z=1"


def test_normalize_keeps_meaningful_query_and_nondefault_port():
    assert normalize_url("https://e.com:8443/story?id=42") == "https://e.com:8443/story?id=42"
    assert normalize_url("https://e.com") == "https://e.com/"


def test_tracking_params():
    assert is_tracking_param("UTM_Campaign") and is_tracking_param("gclid")
    assert not is_tracking_param("id") and not is_tracking_param("page")


def test_outlet_is_registered_domain():
    assert outlet_of("https://news.bbc.co.uk/world") == "bbc.co.uk"
    assert outlet_of("https://www.nytimes.com/2025/x.html") == "nytimes.com"
    assert outlet_of("http://feeds.meridian-times.example/world.xml") == "meridian-times.example"
    assert outlet_of("http://127.0.0.1:8000/x") == "127.0.0.1"


def test_stable_id_is_deterministic_and_distinct():
    assert stable_id("a", "b") == stable_id("a", "b") != stable_id("ab")
    assert len(stable_id("x")) == 16
