import pytest

from tests.webfixtures import article_html, write_web
from transforms import http
from transforms.http import (AddressGuard, FetchError, HostThrottle, HttpClient, HttpPolicy,
                             Resolver, _retry_after_seconds)

PAGE = "http://www.news.example/world/story.html"


def client_for(server, sleeps=None, **overrides):
    policy = HttpPolicy(resolve=server.resolve_rules(), allowed_networks=("127.0.0.1/32",),
                        per_host_interval=0.0, backoff_seconds=0.01, **overrides)
    return HttpClient(policy, sleep=(sleeps.append if sleeps is not None else lambda s: None))


@pytest.fixture
def web(tmp_path, serve):
    root = write_web(tmp_path, {
        PAGE: article_html("Ministers meet"),
        "http://www.news.example/robots.txt": "User-agent: *\nDisallow: /members/\n",
        "http://www.news.example/members/secret.html": article_html("Members only"),
        "http://www.news.example/flaky.html": article_html("Flaky"),
        "http://www.news.example/busy.html": article_html("Busy"),
        "http://www.news.example/big.html": "x" * 50_000,
    }, routes=[
        {"url": "http://www.news.example/r1", "kind": "redirect", "status": 301,
         "location": "http://www.news.example/r2"},
        {"url": "http://www.news.example/r2", "kind": "redirect", "status": 302,
         "location": "/world/story.html"},
        {"url": "http://www.news.example/loop", "kind": "redirect", "status": 302,
         "location": "http://www.news.example/loop"},
        {"url": "http://www.news.example/to-private", "kind": "redirect", "status": 302,
         "location": "http://10.0.0.7/admin"},
        {"url": "http://www.news.example/to-metadata", "kind": "redirect", "status": 302,
         "location": "http://169.254.169.254/latest/meta-data/"},
        {"url": "http://www.news.example/flaky.html", "kind": "fail_first", "status": 500,
         "times": 2},
        {"url": "http://www.news.example/busy.html", "kind": "fail_first", "status": 429,
         "times": 1, "retry_after": 3},
        {"url": "http://www.news.example/down.html", "kind": "fail_first", "status": 503,
         "times": 99},
    ])
    return serve(root)


def test_fetches_with_product_user_agent_and_host_header(web):
    response = client_for(web).get(PAGE)
    assert response.status == 200 and b"Ministers meet" in response.body
    host, path, headers = web.web.requests[-1]
    assert (host, path) == ("www.news.example", "/world/story.html")
    assert headers["User-Agent"].startswith("diplowire/")


def test_pools_beyond_the_cap_are_closed_least_recently_used_first(web, monkeypatch):
    monkeypatch.setattr(http, "_MAX_POOLS", 2)
    client = client_for(web)
    first = client._pool("http", "127.0.0.2", 80, "a.example")
    second = client._pool("http", "127.0.0.3", 80, "b.example")
    assert client._pool("http", "127.0.0.2", 80, "a.example") is first  # now the most recent
    third = client._pool("http", "127.0.0.4", 80, "c.example")
    assert second.pool is None, "the least recently used pool is closed"
    assert first.pool is not None and third.pool is not None and len(client._pools) == 2
    # fetching goes on, through a new pool that evicts another
    assert client.get(PAGE).status == 200 and len(client._pools) == 2


def test_a_pool_evicted_before_its_request_is_replaced_not_a_failure(web):
    client = client_for(web)
    real_pool = client._pool
    handed_out = []

    def evicted_first(*key):
        pool = real_pool(*key)
        if not handed_out:
            handed_out.append(pool)
            client._pools.clear()  # as if 256 other pools had been made meanwhile
            pool.close()
        return pool
    client._pool = evicted_first
    response = client.get(PAGE)  # robots.txt first, through the evicted pool
    assert response.status == 200 and b"Ministers meet" in response.body
    assert handed_out and handed_out[0].pool is None


def test_follows_redirect_chain_and_reports_hops(web):
    response = client_for(web).get("http://www.news.example/r1")
    assert response.final_url == PAGE
    assert response.redirects == ("http://www.news.example/r1", "http://www.news.example/r2")


def test_redirect_limit(web):
    with pytest.raises(FetchError) as error:
        client_for(web, max_redirects=3).get("http://www.news.example/loop")
    assert error.value.error_type == "too_many_redirects"


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata"])
def test_redirect_to_private_or_metadata_address_is_refused(web, path):
    seen_before = len(web.web.requests)
    with pytest.raises(FetchError) as error:
        client_for(web).get("http://www.news.example" + path)
    assert error.value.error_type == "blocked_address"
    # robots.txt and the redirecting page were requested; nothing else was contacted
    assert [p for _, p, _ in list(web.web.requests)[seen_before:]] in (
        [path], ["/robots.txt", path])


def test_loopback_refused_unless_allowed(web):
    policy = HttpPolicy(resolve=web.resolve_rules(), per_host_interval=0.0)
    with pytest.raises(FetchError) as error:
        HttpClient(policy).get(PAGE)
    assert error.value.error_type == "blocked_address"
    assert "loopback" in error.value.message


@pytest.mark.parametrize("address,kind", [
    ("10.1.2.3", "private"), ("192.168.1.1", "private"), ("172.16.0.1", "private"),
    ("127.0.0.1", "loopback"), ("169.254.10.1", "link-local"),
    ("169.254.169.254", "metadata"), ("100.100.100.200", "metadata"), ("::1", "loopback"),
    ("fd00:ec2::254", "metadata"), ("0.0.0.0", "reserved"),
    ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "metadata"),
    ("2002:a00:1::1", "private"),
])
def test_guard_refuses_non_public_addresses(address, kind):
    with pytest.raises(FetchError) as error:
        AddressGuard().check(address, "host")
    assert kind in error.value.message


def test_guard_allows_public_and_explicitly_allowed():
    AddressGuard().check("93.184.216.34", "example.com")
    AddressGuard(("10.0.0.0/8",)).check("10.1.2.3", "intranet")


def test_resolver_overrides_and_wildcards():
    resolver = Resolver((("*.example", "127.0.0.1:8080"), ("a.test", "[::1]:81")))
    assert resolver.resolve("www.news.example", 80) == [("127.0.0.1", 8080)]
    assert resolver.resolve("a.test", 80) == [("::1", 81)]
    assert resolver.resolve("192.0.2.1", 80) == [("192.0.2.1", 80)]


def test_private_literal_host_refused_before_any_connection():
    with pytest.raises(FetchError) as error:
        HttpClient(HttpPolicy(obey_robots=False)).get("http://10.0.0.1/feed.xml")
    assert error.value.error_type == "blocked_address"


def test_retries_5xx_with_backoff_then_succeeds(web):
    sleeps = []
    response = client_for(web, sleeps).get("http://www.news.example/flaky.html")
    assert response.status == 200
    assert sleeps == [0.01, 0.02]


def test_429_honours_retry_after(web):
    sleeps = []
    assert client_for(web, sleeps).get("http://www.news.example/busy.html").status == 200
    assert sleeps == [3.0]


def test_retry_after_beyond_cap_gives_up(web):
    with pytest.raises(FetchError) as error:
        client_for(web, max_retry_after=1.0).get("http://www.news.example/busy.html")
    assert error.value.error_type == "http_429"


def test_gives_up_after_max_retries(web):
    sleeps = []
    with pytest.raises(FetchError) as error:
        client_for(web, sleeps, max_retries=2).get("http://www.news.example/down.html")
    assert error.value.error_type == "http_503" and len(sleeps) == 2


def test_404_is_not_retried(web):
    sleeps = []
    with pytest.raises(FetchError) as error:
        client_for(web, sleeps).get("http://www.news.example/nothing.html")
    assert (error.value.error_type, error.value.status, sleeps) == ("http_404", 404, [])


def test_body_size_cap(web):
    with pytest.raises(FetchError) as error:
        client_for(web, max_bytes=10_000).get("http://www.news.example/big.html")
    assert error.value.error_type == "too_large"


def test_robots_txt_disallow_and_ignore(web):
    with pytest.raises(FetchError) as error:
        client_for(web).get("http://www.news.example/members/secret.html")
    assert error.value.error_type == "robots_disallowed"
    assert client_for(web, obey_robots=False).get(
        "http://www.news.example/members/secret.html").status == 200


def test_robots_missing_allows_everything(tmp_path, serve):
    server = serve(write_web(tmp_path, {"http://plain.example/a.html": article_html("A")}))
    assert client_for(server).get("http://plain.example/a.html").status == 200


def test_robots_crawl_delay_spaces_requests_to_the_host(tmp_path, serve):
    server = serve(write_web(tmp_path, {
        "http://slow.example/robots.txt": "User-agent: *\nCrawl-delay: 5\n",
        "http://slow.example/a.html": article_html("A"),
        "http://slow.example/b.html": article_html("B")}))
    sleeps = []
    client = client_for(server, sleeps)
    client.get("http://slow.example/a.html")
    client.get("http://slow.example/b.html")
    assert sleeps and 4.0 < sleeps[-1] <= 5.0


def test_unsupported_scheme():
    with pytest.raises(FetchError) as error:
        HttpClient().get("ftp://example.com/file")
    assert error.value.error_type == "unsupported_scheme"


def test_http_proxy_option_sends_requests_through_proxy(web):
    # The replay server also answers absolute-form requests, as a forward proxy does. The
    # target is still resolved and checked here first (the override stands in for DNS).
    policy = HttpPolicy(proxy=f"http://127.0.0.1:{web.port}", per_host_interval=0.0,
                        obey_robots=False, resolve=web.resolve_rules(),
                        allowed_networks=("127.0.0.1/32",))
    response = HttpClient(policy).get(PAGE)
    assert b"Ministers meet" in response.body
    assert web.web.requests[-1][:2] == ("www.news.example", "/world/story.html")


def test_proxy_does_not_bypass_the_address_check(web):
    # A name this machine cannot resolve cannot be checked, so it is not handed to the proxy.
    policy = HttpPolicy(proxy=f"http://127.0.0.1:{web.port}", per_host_interval=0.0,
                        obey_robots=False, allowed_networks=("127.0.0.1/32",))
    seen = len(web.web.requests)
    with pytest.raises(FetchError) as error:
        HttpClient(policy).get("http://metadata.invalid/computeMetadata/v1/")
    assert error.value.error_type == "dns_error" and len(web.web.requests) == seen


@pytest.mark.parametrize("url", ["http://www.news.example:99999/a", "http://[bad/a",
                                 "http://a..b.example/"])
def test_malformed_urls_are_fetch_errors_not_crashes(web, url):
    with pytest.raises(FetchError) as error:
        client_for(web).get(url)
    assert error.value.error_type in ("invalid_url", "dns_error")


def test_robots_5xx_is_retried_after_minutes_not_a_day(tmp_path, serve):
    root = write_web(tmp_path, {"http://flaky.example/a.html": article_html("A")},
                     routes=[{"url": "http://flaky.example/robots.txt", "kind": "fail_first",
                              "status": 503, "times": 1}])
    (root / "flaky.example" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    server = serve(root)
    now = [0.0]
    client = client_for(server)
    client._robots._clock = lambda: now[0]
    with pytest.raises(FetchError) as error:
        client.get("http://flaky.example/a.html")
    assert error.value.error_type == "robots_disallowed"
    now[0] += 301
    assert client.get("http://flaky.example/a.html").status == 200


class FakeClock:
    """A clock that sleeping moves on, with the sleeps it was asked for."""

    def __init__(self):
        self.now = 0.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def throttle(self, interval):
        return HostThrottle(concurrency=1, interval=interval, clock=lambda: self.now,
                            sleep=self.sleep)


def test_throttle_spaces_requests_to_one_host():
    clock = FakeClock()
    throttle = clock.throttle(interval=2.0)
    for _ in range(3):
        throttle.run("a.example", lambda: None)
    throttle.run("b.example", lambda: None)
    assert clock.slept == [2.0, 2.0]


def test_throttle_forgets_idle_hosts_beyond_its_cap_but_keeps_spacing_busy_ones(monkeypatch):
    monkeypatch.setattr(http, "_THROTTLE_MAX_HOSTS", 2)
    clock = FakeClock()
    throttle = clock.throttle(interval=2.0)
    throttle.run("a.example", lambda: None)
    clock.now += 5.0                               # a's next start has come: a is idle
    throttle.run("b.example", lambda: None)        # b's next start is still ahead
    throttle.run("c.example", lambda: None)        # over the cap: a is forgotten
    assert len(throttle) == 2
    throttle.run("b.example", lambda: None)        # b was kept, so it is still spaced
    assert clock.slept == [2.0]


def test_retry_after_http_date():
    assert _retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470) == 10
    assert _retry_after_seconds("soon") is None
    assert _retry_after_seconds("²") is None


def test_robots_cache_forgets_the_least_recently_asked_origin_beyond_its_cap(monkeypatch):
    monkeypatch.setattr(http, "_ROBOTS_MAX_ORIGINS", 2)
    fetched = []

    def fetch(url):
        fetched.append(url)
        return http.Response(url, url, 200, {}, b"User-agent: *\nDisallow: /private/\n")
    robots = http.RobotsCache(fetch, "diplowire")
    assert robots.allowed("http://a.example/news") and not robots.allowed(
        "http://b.example/private/x")
    assert robots.allowed("http://A.example/other")  # same origin, any case: no new fetch
    robots.allowed("http://c.example/")               # b is the least recently asked
    assert len(robots) == 2
    robots.allowed("http://a.example/again")
    assert fetched == ["http://a.example/robots.txt", "http://b.example/robots.txt",
                       "http://c.example/robots.txt"]
    robots.allowed("http://b.example/")               # forgotten: fetched again
    assert fetched[-1] == "http://b.example/robots.txt" and len(robots) == 2
