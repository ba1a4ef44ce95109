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
    assert row.published_at == "2025-08-12T09:31:00+00:00" and row.published_at_source == "page"
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


def test_published_at_precedence():
    assert published_at("2025-08-12", "2025-08-12T09:31:00+00:00") == (
        "2025-08-12T09:31:00+00:00", "page")
    assert published_at("2025-08-11", "2025-08-12T09:31:00+00:00") == (
        "2025-08-11T00:00:00+00:00", "page")
    assert published_at(None, "2025-08-12T09:31:00+00:00") == ("2025-08-12T09:31:00+00:00", "feed")
    assert published_at(None, None) == (None, None)


def test_dofn_routes_outputs():
    fn = ExtractArticleFn()
    fn.setup()
    [good] = list(fn.process(page(article_html("Talks resume"))))
    assert isinstance(good, ArticleRow)
    [bad] = list(fn.process(page(article_html("Empty", paragraphs=[]))))
    assert bad.tag == "dead_letters" and bad.value.error_type == "empty_body"
