"""Article extraction with trafilatura: body, title, author, date, language, canonical URL.

`extract_article` is the one extraction function: the pipeline's ExtractArticles
stage, `diplowire extract` and the extraction evaluation all call it.
"""
from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import gc
import hashlib
import multiprocessing
import multiprocessing.forkserver
import re
from typing import Iterable, NamedTuple, Optional, Union
from urllib.parse import urljoin

import apache_beam as beam
from apache_beam.utils.windowed_value import WindowedValue
import py3langid
import trafilatura
from trafilatura.utils import load_html

from schemas.rows import ArticleRow, DeadLetterRow
from transforms import dead_letters, progress
from transforms.clock import date_of
from transforms.records import FetchedPage
from transforms.urls import normalize_url, outlet_of, stable_id

STAGE = "extract"
_LANGUAGE_SAMPLE_CHARS = 1000
_SHORT_PRECISE_WORDS = 250
# A page has no article when its text has few words in sentences (trafilatura's fallbacks
# return menus and headline lists from article-less pages) and the precision-first pass
# found no main content block either (which keeps list articles, e.g. award nominees).
_MIN_PROSE_WORDS = 25
_MIN_CORE_WORDS = 50
_PROSE_LINE_WORDS = 6
_SENTENCE_ENDINGS = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":", ";")
_CANONICAL_XPATHS = (
    "//head/link[@rel='canonical']/@href",
    "//head/meta[@property='og:url']/@content",
    "//head/meta[@name='og:url']/@content",
)


_EARLIEST_NEWS = dt.datetime(1995, 1, 1, tzinfo=dt.timezone.utc)
_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='article:published_time']/@content",
    "//time[@itemprop='datePublished']/@datetime",
)


class ExtractedArticle(NamedTuple):
    canonical_url: Optional[str]
    title: Optional[str]
    author: Optional[str]
    date: Optional[str]       # YYYY-MM-DD as found in the page (htmldate)
    text: str
    language: Optional[str]
    published: Optional[str] = None  # full timestamp from the page's metadata, ISO UTC
    core_words: int = 0  # words the precision-first pass found in the main content block


def canonical_url_of(tree, base_url: Optional[str]) -> Optional[str]:
    """rel=canonical, else og:url, resolved against the page URL and normalised."""
    for xpath in _CANONICAL_XPATHS:
        for value in tree.xpath(xpath):
            value = value.strip()
            if not value:
                continue
            absolute = urljoin(base_url or "", value)
            if absolute.startswith(("http://", "https://")):
                return normalize_url(absolute)
    return None


def published_timestamp_of(tree, page_date: Optional[str]) -> Optional[str]:
    """The page's publication time with time of day and offset, in UTC, when its metadata
    states one that agrees with the page date (htmldate keeps only the day)."""
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            try:
                stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
                if stamp.tzinfo is None or (page_date and stamp.date().isoformat() != page_date):
                    continue
                utc = stamp.astimezone(dt.timezone.utc)
            except (ValueError, OverflowError):
                continue
            # Without a page date to agree with, only a plausible news timestamp will do.
            if not page_date and not (_EARLIEST_NEWS <= utc <= dt.datetime.now(dt.timezone.utc)
                                      + dt.timedelta(days=1)):
                continue
            return utc.isoformat(timespec="seconds")
    return None


def detect_language(text: str) -> Optional[str]:
    if not text.strip():
        return None
    language, _ = py3langid.classify(text[:_LANGUAGE_SAMPLE_CHARS])
    return language


def _bare_extraction(tree, url: Optional[str], **options):
    return trafilatura.bare_extraction(
        tree, url=url, include_comments=False, with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%d"},
        **options)


def extract_article(html: Union[bytes, str], url: Optional[str] = None
                    ) -> Optional[ExtractedArticle]:
    """Extract an article from a page; None if the page cannot be parsed as HTML."""
    tree = load_html(html)
    if tree is None:
        return None
    canonical = canonical_url_of(tree, url)
    # Precision-first extraction drops footers and teasers that the default keeps, but on
    # live blogs and multi-part pages it can keep only a fragment; when it returns little
    # and the default returns much more, the default is right. (On the Fundus pages this
    # scored 4-shingle F1 0.956 against 0.948 for the default alone; see eval/.)
    document = _bare_extraction(tree, url, favor_precision=True)
    text = (document.text or "") if document else ""
    core_words = len(text.split())
    if core_words < _SHORT_PRECISE_WORDS:
        default = _bare_extraction(tree, url)
        if default is not None and len(default.text or "") > 2 * len(text):
            document = default
    if document is None:
        return ExtractedArticle(canonical, None, None, None, "", None)
    text = (document.text or "").strip()
    return ExtractedArticle(
        canonical_url=canonical,
        title=document.title,
        author=document.author,
        date=document.date,
        text=text,
        language=detect_language(text),
        published=published_timestamp_of(tree, document.date),
        core_words=core_words,
    )


def prose_words(text: str) -> int:
    """Words in lines that read as sentences: long enough and ending like one. Menus,
    headline lists and captions, which fallbacks return from article-less pages, don't."""
    total = 0
    for line in text.splitlines():
        line = line.strip()
        words = len(line.split())
        if words >= _PROSE_LINE_WORDS and line.endswith(_SENTENCE_ENDINGS):
            total += words
    return total


def content_hash(text: str) -> str:
    """Hash of the body with case and whitespace folded: equal bodies, equal hashes."""
    normalised = re.sub(r"\s+", " ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def published_at(page_date: Optional[str], page_timestamp: Optional[str],
                 feed_published: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(timestamp, source). The page's own timestamp wins. With only a day from the page,
    the feed's timestamp gives the time when it falls within a day of it (the page's day
    is local, the feed's UTC); otherwise the page's day stands, then the feed's date."""
    if page_timestamp:
        return page_timestamp, "page"
    if page_date and feed_published:
        gap = dt.date.fromisoformat(feed_published[:10]) - dt.date.fromisoformat(page_date)
        if abs(gap.days) <= 1:
            return feed_published, "feed"
    if page_date:
        return f"{page_date}T00:00:00+00:00", "page"
    if feed_published:
        return feed_published, "feed"
    return None, None


def article_row(page: FetchedPage, extracted: Optional[ExtractedArticle]
                ) -> Union[ArticleRow, DeadLetterRow]:
    entry = page.entry
    if extracted is None:
        return dead_letters.dead_letter(STAGE, entry.entry_url, "not_html",
                                        f"{page.final_url} could not be parsed as HTML",
                                        feed_url=entry.feed_url, http_status=page.status)
    words = len(extracted.text.split())
    prose = prose_words(extracted.text)
    if prose < _MIN_PROSE_WORDS and extracted.core_words < _MIN_CORE_WORDS:
        return dead_letters.dead_letter(
            STAGE, entry.entry_url, "empty_body",
            f"no article body found at {page.final_url} "
            f"({words} words extracted, {prose} in sentences)",
            feed_url=entry.feed_url, http_status=page.status,
            excerpt=extracted.text or None)
    served_at = normalize_url(page.final_url)
    declared = extracted.canonical_url
    # A syndicated copy often declares the original outlet's URL as canonical; the copy
    # is still its own article on its own outlet, so identity stays on the serving outlet.
    same_outlet = declared is not None and outlet_of(declared) == outlet_of(served_at)
    canonical = declared if same_outlet else served_at
    timestamp, source = published_at(extracted.date, extracted.published, entry.published_at)
    return ArticleRow(
        article_id=stable_id(canonical),
        url=entry.entry_url,
        canonical_url=canonical,
        declared_canonical_url=declared,
        final_url=page.final_url,
        feed_url=entry.feed_url,
        outlet=outlet_of(canonical),
        title=extracted.title or entry.title,
        author=extracted.author,
        published_at=timestamp,
        published_at_source=source,
        fetched_at=page.fetched_at,
        language=extracted.language,
        body=extracted.text,
        word_count=words,
        content_hash=content_hash(extracted.text),
        story_id=None,
        is_story_lead=None,
        similarity_to_lead=None,
        ingest_date=date_of(page.fetched_at),
    )


def extract_page(page: FetchedPage) -> Union[ArticleRow, DeadLetterRow]:
    """A fetched page -> its article row, or a dead letter saying why there is none."""
    try:
        extracted = extract_article(page.body, page.final_url)
    except Exception as exc:  # a page that breaks the extractor must not stop the run
        return dead_letters.dead_letter(STAGE, page.entry.entry_url, "extraction_failed",
                                        f"{type(exc).__name__}: {exc}",
                                        feed_url=page.entry.feed_url)
    return article_row(page, extracted)


def warm_up() -> None:
    # Loads the language model once per process instead of on the first article.
    py3langid.classify("warm up")


def warm_up_worker(warm=warm_up) -> None:
    """A worker process's initializer: warm up, then exempt what that loaded (the language
    model, tagging's dictionaries) from garbage collection, which otherwise walks it on
    every full collection and again when the process exits (0.5 s per worker)."""
    warm()
    gc.freeze()


def _outputs(result, analysed: bool) -> Iterable:
    """The Extract ParDo's outputs for one page's result: an ArticleRow (or, `analysed`,
    an (ArticleRow, Analysis) pair) to the main output, a dead letter to its own."""
    row = result[0] if analysed else result
    if isinstance(row, ArticleRow):
        progress.count("articles_extracted")
        yield result
    else:
        yield dead_letters.tagged(row)


def _work(analyse: bool):
    """The per-page function and the per-process warm-up, both picklable (the process pool
    calls them). transforms.analysis is imported here: it imports this module."""
    if not analyse:
        return extract_page, warm_up
    from transforms.analysis import extract_and_analyse, warm_up_analysis
    return extract_and_analyse, warm_up_analysis


# What the fork server loads before it forks workers: everything analysis needs, or for
# extraction alone, its libraries (the language model then loads in each worker).
ANALYSIS_PRELOAD = "transforms.worker_preload"
EXTRACTION_PRELOAD = __name__


def worker_context(preload: str = ANALYSIS_PRELOAD) -> multiprocessing.context.BaseContext:
    """The multiprocessing context of the extraction pool, its fork server started: the
    server loads `preload` (seconds of CPU) while the caller goes on, so a run that calls
    this before it builds its pipeline has its workers ready sooner. The server is one per
    process: the first call's preload is the one it keeps."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    multiprocessing.forkserver.ensure_running()
    return context


class ExtractArticleFn(beam.DoFn):
    def __init__(self, analyse: bool = False):
        self._analyse = analyse

    def setup(self):
        self._extract, warm = _work(self._analyse)
        warm()

    def process(self, page: FetchedPage) -> Iterable:
        yield from _outputs(self._extract(page), self._analyse)


class ExtractInProcessesFn(beam.DoFn):
    """Extracts pages on a pool of worker processes: trafilatura holds the GIL, so this is
    how one SDK harness uses more than one core (DirectRunner runs the whole pipeline in
    one process). Not forked from the harness, which has threads: forked from a fork
    server, a single-threaded process that has loaded what the workers need once
    (transforms.worker_preload when it analyses).

    Pages go to the pool as they arrive and their rows come out when done, in arrival
    order, each with its page's timestamp and window: this process goes on fetching while
    the pool extracts, instead of waiting for a batch's slowest page. At most
    IN_FLIGHT_PER_PROCESS pages per worker process wait; finish_bundle waits for the rest."""

    IN_FLIGHT_PER_PROCESS = 32

    def __init__(self, processes: int, analyse: bool = False):
        self._processes = processes
        self._analyse = analyse

    def setup(self):
        self._extract, warm = _work(self._analyse)
        context = worker_context(ANALYSIS_PRELOAD if self._analyse else EXTRACTION_PRELOAD)
        self._pool = concurrent.futures.ProcessPoolExecutor(
            self._processes, mp_context=context, initializer=warm_up_worker, initargs=(warm,))

    def start_bundle(self):
        self._pending: collections.deque = collections.deque()

    def process(self, page: FetchedPage, timestamp=beam.DoFn.TimestampParam,
                window=beam.DoFn.WindowParam) -> Iterable:
        self._pending.append((self._pool.submit(self._extract, page),
                              WindowedValue(None, timestamp, (window,))))
        limit = self.IN_FLIGHT_PER_PROCESS * self._processes
        while self._pending and (len(self._pending) > limit or self._pending[0][0].done()):
            yield from self._emit(*self._pending.popleft())

    def finish_bundle(self) -> Iterable:
        while self._pending:
            yield from self._emit(*self._pending.popleft())

    def _emit(self, future, windowed: WindowedValue) -> Iterable:
        for output in _outputs(future.result(), self._analyse):
            if isinstance(output, beam.pvalue.TaggedOutput):
                yield beam.pvalue.TaggedOutput(output.tag, windowed.with_value(output.value))
            else:
                yield windowed.with_value(output)

    def teardown(self):
        self._pool.shutdown(wait=True, cancel_futures=True)


def _first_listing(rows: Iterable[ArticleRow]) -> ArticleRow:
    return min(rows, key=lambda r: (r.url, r.feed_url))


def _first_listing_analysed(pairs: Iterable[tuple]) -> tuple:
    return min(pairs, key=lambda pair: (pair[0].url, pair[0].feed_url))


class ExtractArticles(beam.PTransform):
    """FetchedPage -> ArticleRow, one per canonical URL, plus dead letters; with
    `processes` > 1, pages are extracted on that many worker processes.

    With `analyse`, the workers also compute each article's sketch, fingerprint and tags
    (transforms.analysis), output as "features" ((article_id, (Sketch, Fingerprint)), for
    FoldStories) and "tags" ((article_id, TagResult, None or a dead letter: see
    events.tags_of), for CodeEvents), of the same row that "articles" keeps for the
    article."""

    def __init__(self, processes: int = 1, analyse: bool = False):
        super().__init__()
        self._processes = processes
        self._analyse = analyse

    def expand(self, pages):
        if self._processes > 1:
            extract = ExtractInProcessesFn(self._processes, self._analyse)
        else:
            extract = ExtractArticleFn(self._analyse)
        extracted = pages | "Extract" >> beam.ParDo(extract).with_outputs(
            dead_letters.DEAD_LETTERS, main="articles")
        outputs = {dead_letters.DEAD_LETTERS: extracted[dead_letters.DEAD_LETTERS]}
        if not self._analyse:
            outputs["articles"] = (
                extracted.articles
                | "KeyByArticleId" >> beam.WithKeys(lambda r: r.article_id)
                | "OneRowPerArticle" >> beam.CombinePerKey(_first_listing)
                | "DropKeys" >> beam.Values().with_output_types(ArticleRow))
            return outputs
        unique = (extracted.articles
                  | "KeyByArticleId" >> beam.WithKeys(lambda pair: pair[0].article_id)
                  | "OneRowPerArticle" >> beam.CombinePerKey(_first_listing_analysed))
        outputs["articles"] = unique | "DropKeys" >> beam.MapTuple(
            lambda _, pair: pair[0]).with_output_types(ArticleRow)
        outputs["features"] = unique | "Features" >> beam.MapTuple(
            lambda article_id, pair: (article_id, (pair[1].sketch, pair[1].fingerprint)))
        outputs["tags"] = unique | "Tags" >> beam.MapTuple(
            lambda article_id, pair: (article_id, pair[1].tags))
        return outputs
