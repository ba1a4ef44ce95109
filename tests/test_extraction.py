from schemas.rows import ArticleRow, DeadLetterRow
from tests.webfixtures import PARAGRAPHS, article_html
from transforms.extraction import (ExtractArticleFn, article_row, content_hash, extract_article,
                                   published_at)
from transforms.records import FeedEntry, FetchedPage

URL = "http://www.news.example/world/talks.html"


def page(html, final_url=URL, feed_published="2025-08-12T09:31:00+00:00"):
    entry = FeedEntry(entry_url=URL, link=URL + "?utm_source=rss", feed_url="http://f.example/rss",
                      title="Feed title", published_at=feed_published, summary=None)
    return FetchedPage(entry=entry, final_url=final_url, status=200, content_type="text/html",
                       body=html.encode(), fetched_at="2025-08-12T10:00:00+00:00")


def test_extracts_body_without_furniture():
    extracted = extract_article(article_html("Talks resume", canonical=URL), URL)
    assert all(p in extracted.text for p in PARAGRAPHS)
    assert "cookies" not in extracted.text and "Section 3" not in extracted.text
    assert "Copyright" not in extracted.text
    assert extracted.title == "Talks resume"
    assert extracted.date == "2025-08-12"
    assert extracted.language == "en"
    assert extracted.canonical_url == URL


def test_language_detected_for_non_english():
    spanish = ["Los ministros de Asuntos Exteriores se reunieron el martes en Ginebra y "
               "acordaron reanudar las conversaciones sobre un alto el fuego duradero."] * 3
    assert extract_article(article_html("Reunión", spanish, lang="es"), URL).language == "es"


def test_article_row_fields():
    row = article_row(page(article_html("Talks resume", canonical=URL + "?utm_campaign=x")),
                      extract_article(article_html("Talks resume", canonical=URL), URL))
    assert isinstance(row, ArticleRow)
    assert (row.url, row.canonical_url, row.outlet) == (URL, URL, "news.example")
    assert row.published_at == "2025-08-12T09:30:00+00:00" and row.published_at_source == "page"
    assert row.ingest_date == "2025-08-12" and row.word_count == len(row.body.split())
    assert row.content_hash == content_hash(row.body.upper() + "  ")


def test_cross_outlet_canonical_keeps_copy_on_its_own_outlet():
    original = "http://www.wire.example/original.html"
    html = article_html("Talks resume", canonical=original)
    row = article_row(page(html), extract_article(html, URL))
    assert row.canonical_url == URL and row.outlet == "news.example"
    assert row.declared_canonical_url == original


def test_empty_page_is_dead_letter():
    html = article_html("Nothing here", paragraphs=[])
    row = article_row(page(html), extract_article(html, URL))
    assert isinstance(row, DeadLetterRow)
    assert (row.stage, row.error_type, row.url) == ("extract", "empty_body", URL)


def test_page_with_only_headline_lists_is_empty():
    headlines = "".join(
        f"<li><a href='/s/{i}'>Leaders gather in the capital for talks on the future of the "
        f"regional trade pact number {i}</a></li>" for i in range(12))
    html = article_html("Live: summit countdown", paragraphs=[]).replace(
        "<aside class=\"related\">", f"<section><h2>Most read</h2><ul>{headlines}</ul></section>"
        "<aside class=\"related\">")
    row = article_row(page(html), extract_article(html, URL))
    assert isinstance(row, DeadLetterRow) and row.error_type == "empty_body"


def test_list_article_is_kept():
    nominees = [f"Nominee number {i} for best album" for i in range(40)]
    html = article_html("The nominations in full", paragraphs=nominees)
    assert isinstance(article_row(page(html), extract_article(html, URL)), ArticleRow)


def test_published_at_precedence():
    page_stamp = "2025-08-12T14:30:00+00:00"
    feed = "2025-08-12T09:31:00+00:00"
    assert published_at("2025-08-12", page_stamp, feed) == (page_stamp, "page")
    assert published_at("2025-08-12", None, feed) == (feed, "feed")
    # a local evening date is the next day in UTC: still the same publication
    assert published_at("2025-08-11", None, feed) == (feed, "feed")
    assert published_at("2025-08-05", None, feed) == ("2025-08-05T00:00:00+00:00", "page")
    assert published_at(None, None, feed) == (feed, "feed")
    assert published_at(None, None, None) == (None, None)


def test_page_timestamp_converted_to_utc():
    html = article_html("Talks", published="2025-08-15T22:45:00-05:00")
    extracted = extract_article(html, URL)
    assert extracted.date == "2025-08-15"
    assert extracted.published == "2025-08-16T03:45:00+00:00"


def test_dofn_routes_outputs():
    fn = ExtractArticleFn()
    fn.setup()
    [good] = list(fn.process(page(article_html("Talks resume"))))
    assert isinstance(good, ArticleRow)
    [bad] = list(fn.process(page(article_html("Empty", paragraphs=[]))))
    assert bad.tag == "dead_letters" and bad.value.error_type == "empty_body"


def test_implausible_page_timestamps_are_ignored_not_fatal():
    from transforms.extraction import published_timestamp_of
    from trafilatura.utils import load_html
    for stamp in ("2999-05-01T10:00:00Z", "0001-01-01T00:30:00+01:00", "not a date"):
        tree = load_html(article_html("Talks", published=stamp))
        assert published_timestamp_of(tree, None) is None, stamp
    tree = load_html(article_html("Talks", published="2025-08-15T22:45:00-05:00"))
    assert published_timestamp_of(tree, None) == "2025-08-16T03:45:00+00:00"


def test_extraction_on_worker_processes_gives_the_same_rows_and_dead_letters():
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
    from apache_beam.testing.util import assert_that, equal_to

    from transforms.extraction import ExtractArticles, extract_page

    pages = [page(article_html(f"Talks round {n}"), final_url=f"{URL}?n={n}") for n in range(6)]
    pages.append(page(article_html("Empty", paragraphs=[]), final_url=f"{URL}?empty"))
    expected = [extract_page(p) for p in pages]
    with BeamTestPipeline(options=PipelineOptions(runner="FnApiRunner")) as pipeline:
        extracted = (pipeline | beam.Create(pages)
                     | ExtractArticles(processes=2))
        assert_that(extracted["articles"] | "Ids" >> beam.Map(lambda r: r.article_id),
                    equal_to([r.article_id for r in expected if isinstance(r, ArticleRow)]),
                    label="Articles")
        assert_that(extracted["dead_letters"] | "Reasons" >> beam.Map(lambda d: d.error_type),
                    equal_to(["empty_body"]), label="DeadLetters")


def test_an_article_that_cannot_be_sketched_is_a_dead_letter_not_a_failed_run(monkeypatch):
    from transforms import analysis

    def sketch(doc):
        raise OverflowError("a hash ran over")

    monkeypatch.setattr(analysis.syn, "sketch", sketch)
    row, result = analysis.extract_and_analyse(page(article_html("Talks resume",
                                                                 canonical=URL)))
    assert result is None
    assert (row.stage, row.url, row.error_type, row.message, row.feed_url) == (
        "extract", URL, "analysis_failed", "OverflowError: a hash ran over",
        "http://f.example/rss")
    assert row.excerpt
