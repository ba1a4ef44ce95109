"""The bounded pipeline over a small loopback web, checked with Beam's assert_that."""
import apache_beam as beam
import duckdb
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from pipelines.bounded import build_pipeline
from pipelines.options import DiplowireOptions
from tests.webfixtures import article_html, rss, write_web
from transforms.records import FeedSource

pytestmark = pytest.mark.e2e

A = "http://www.a.example"


@pytest.fixture
def web(tmp_path, serve):
    files = {
        f"{A}/feed.xml": rss([
            {"title": "One", "link": f"{A}/one.html?utm_source=rss"},
            {"title": "Two", "link": f"{A}/two.html"},
            {"title": "Gone", "link": f"{A}/gone.html"},
            {"title": "Moved", "link": f"{A}/old-two"},
        ]),
        "http://feeds.b.example/b.xml": rss([{"title": "One again", "link": f"{A}/one.html"}]),
        "http://feeds.b.example/broken.xml": "<rss><channel><item><title>unterminated",
        f"{A}/one.html": article_html("One", canonical=f"{A}/one.html"),
        f"{A}/two.html": article_html("Two", canonical=f"{A}/two.html"),
    }
    routes = [{"url": f"{A}/old-two", "kind": "redirect", "status": 301,
               "location": f"{A}/two.html"}]
    return serve(write_web(tmp_path / "web", files, routes))


def options_for(server, warehouse):
    argv = ["--warehouse", f"duckdb:{warehouse}", "--allow_network", "127.0.0.1/32",
            "--per_host_interval", "0"]
    argv += [f"--resolve={h}={t}" for h, t in server.resolve_rules()]
    return PipelineOptions(argv, runner="FnApiRunner")


def test_rows_and_dead_letters(web, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    options = options_for(web, warehouse)
    sources = [FeedSource(f"{A}/feed.xml"), FeedSource("http://feeds.b.example/b.xml"),
               FeedSource("http://feeds.b.example/broken.xml")]
    with BeamTestPipeline(options=options) as pipeline:
        outputs = build_pipeline(pipeline, options.view_as(DiplowireOptions), sources)
        urls = outputs["articles"] | "ArticleUrls" >> beam.Map(
            lambda r: (r.url, r.canonical_url, r.outlet))
        reasons = outputs["dead_letters"] | "Reasons" >> beam.Map(
            lambda r: (r.stage, r.url, r.error_type))
        # old-two redirects to two.html: a second listing of the same article, one row.
        assert_that(urls, equal_to([
            (f"{A}/one.html", f"{A}/one.html", "a.example"),
            (f"{A}/old-two", f"{A}/two.html", "a.example"),
        ]), label="Articles")
        assert_that(reasons, equal_to([
            ("fetch", f"{A}/gone.html", "http_404"),
            ("poll", "http://feeds.b.example/broken.xml", "feed_unparseable"),
        ]), label="DeadLetters")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert connection.execute("SELECT count(*) FROM dead_letters").fetchone()[0] == 2


def test_an_article_the_coder_fails_on_keeps_its_row_and_becomes_a_dead_letter(
        web, tmp_path, coder_fails_on):
    coder_fails_on("")  # every text
    warehouse = tmp_path / "w.duckdb"
    options = options_for(web, warehouse)
    with BeamTestPipeline(options=options) as pipeline:
        outputs = build_pipeline(pipeline, options.view_as(DiplowireOptions),
                                 [FeedSource(f"{A}/feed.xml")])
        reasons = outputs["dead_letters"] | "Reasons" >> beam.Map(
            lambda r: (r.stage, r.url, r.error_type, r.message))
        failed = "IndexError: a rule ran off the end"
        assert_that(reasons, equal_to([
            ("fetch", f"{A}/gone.html", "http_404", f"HTTP 404 from {A}/gone.html"),
            ("tag", f"{A}/one.html", "tagging_failed", failed),
            ("tag", f"{A}/old-two", "tagging_failed", failed),
        ]), label="DeadLetters")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert connection.execute("SELECT count(*) FROM events").fetchone()[0] == 0
