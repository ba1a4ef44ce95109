"""Folding articles into stories in the pipeline: the Beam transform agrees with
`syndication.cluster` (which `diplowire dedup` runs), story rows describe their copies, and
one story's events are counted once however many outlets carry it."""

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from samples import article_pages
from schemas.rows import ArticleRow, EventRow
from transforms import syndication as syn
from transforms.dead_letters import DEAD_LETTERS
from transforms.events import CodeEvents, EventShare, roll_up
from transforms.extraction import article_row, extract_article
from transforms.records import FeedEntry, FetchedPage
from transforms.stories import (FoldStories, doc_of, fold_in_memory, keyed_by_story,
                                story_row)
from transforms.urls import stable_id

def assert_folds_as_cluster_does(articles, expected_stories):
    """FoldStories in a pipeline assigns every article the story and similarity that
    cluster() assigns it, exactly one lead per story, and one story row per story."""
    expected = {a.id: (a.story_id, a.similarity)
                for a in syn.cluster([doc_of(r) for r in articles])}
    story_ids = sorted({story for story, _ in expected.values()})
    assert len(story_ids) == expected_stories
    with BeamTestPipeline(options=PipelineOptions(runner="FnApiRunner")) as pipeline:
        folded = pipeline | beam.Create(articles) | FoldStories()
        assert_that(folded["articles"] | "Assigned" >> beam.Map(
            lambda r: (r.article_id, (r.story_id, r.similarity_to_lead))),
            equal_to(list(expected.items())), label="SameAsCluster")
        assert_that(folded["articles"] | "Leads" >> beam.Filter(lambda r: r.is_story_lead)
                    | "LeadStories" >> beam.Map(lambda r: (r.story_id, r.similarity_to_lead)),
                    equal_to([(story, 1.0) for story in story_ids]), label="OneLeadPerStory")
        assert_that(folded["stories"] | "StoryIds" >> beam.Map(lambda s: s.story_id),
                    equal_to(story_ids), label="OneRowPerStory")
        # and the whole rows equal the in-process fold the benchmarks use as baseline
        stamped, stories = fold_in_memory(articles)
        assert_that(folded["articles"], equal_to(stamped), label="SameArticleRows")
        assert_that(folded["stories"], equal_to(stories), label="SameStoryRows")


def sample_articles():
    rows = []
    for entry, body in article_pages():
        url = entry["final_url"]
        feed_entry = FeedEntry(url, url, entry["feed_urls"][0], entry["title"],
                               entry["published_at"], None)
        page = FetchedPage(feed_entry, url, 200, "text/html", body, "2025-08-20T00:00:00Z")
        rows.append(article_row(page, extract_article(body, url)))
    return rows


@pytest.fixture(scope="module")
def sample():
    return sample_articles()


def test_pipeline_folds_the_sample_exactly_as_cluster_does(sample):
    # the 17 syndicated copies (the seed's rewrite among them) join their originals
    assert len(sample) == 67
    assert_folds_as_cluster_does(sample, expected_stories=50)


def test_pipeline_folds_a_mass_syndicated_story_through_oversized_buckets():
    # 80 copies of one story (more than MAX_BUCKET): buckets fall back to neighbour pairs,
    # and both the pipeline and cluster() still chain every copy into one story.
    paragraphs = [f"Paragraph {i} of the wire story says the talks in Geneva ran for {i} hours "
                  f"and that delegates from {i + 3} countries attended the session."
                  for i in range(10)]
    articles = [article(f"copy{n:02d}", f"outlet{n % 9}.example",
                        "\n".join(paragraphs + [f"Reporting desk {n} added local context."]),
                        "Geneva talks run long", f"2025-08-12T{n % 24:02d}:{n % 60:02d}:00Z")
                for n in range(80)]
    assert len(articles) > syn.MAX_BUCKET
    assert_folds_as_cluster_does(articles, expected_stories=1)


def article(article_id, outlet, body, title, published, declared=None, fetched=None):
    url = f"http://www.{outlet}/news/{article_id}.html"
    fetched = fetched or published
    return ArticleRow(
        article_id=stable_id(url), url=url, canonical_url=url, declared_canonical_url=declared,
        final_url=url, feed_url=f"http://www.{outlet}/feed.xml", outlet=outlet, title=title,
        author=None, published_at=published, published_at_source="page", fetched_at=fetched,
        language="en", body=body, word_count=len(body.split()), content_hash=stable_id(body),
        story_id=None, is_story_lead=None, similarity_to_lead=None, ingest_date=fetched[:10])


WIRE_STORY = [
    "Russian President Vladimir Putin met U.S. President Donald Trump at a military base in "
    "Anchorage, Alaska, on Friday for nearly three hours of talks.",
    "The two leaders did not announce a ceasefire in Ukraine after the summit ended.",
    "Officials described the discussions as constructive but said no agreement had been signed.",
    "The meeting was the first between the two presidents on American soil since 2019.",
    "Analysts in Washington and Moscow said the outcome left the war's main questions open.",
    "The delegations included foreign ministers and senior economic advisers from both sides.",
]


def test_one_story_from_five_outlets_is_one_event_with_five_sources_and_five_mentions():
    outlets = ["wire.example", "herald.example", "ledger.example", "compass.example",
               "courier.example"]
    articles = [article(f"putin-trump-{i}", outlet,
                        "\n".join(WIRE_STORY + [f"This report was republished by {outlet}."]),
                        "Putin and Trump meet in Alaska", f"2025-08-15T{18 + i}:00:00Z")
                for i, outlet in enumerate(outlets)]
    with BeamTestPipeline(options=PipelineOptions(runner="FnApiRunner")) as pipeline:
        folded = pipeline | beam.Create(articles) | FoldStories()
        assert_that(folded["stories"] | "Stories" >> beam.Map(
            lambda s: (s.num_articles, s.num_sources, s.lead_article_id)),
            equal_to([(5, 5, articles[0].article_id)]), label="OneStory")
        coded = folded["articles"] | CodeEvents()
        meetings = (coded["events"]
                    | "Meetings" >> beam.Filter(lambda e: e.event_root_code == "04")
                    | "MeetingCounts" >> beam.Map(lambda e: (
                        e.actor1_country_code, e.actor2_country_code, e.num_mentions,
                        e.num_articles, e.num_sources, e.article_id, e.event_date)))
        assert_that(meetings, equal_to([
            ("RUS", "USA", 5, 5, 5, articles[0].article_id, "2025-08-15")]), label="OneMeeting")
        meeting_ids = coded["events"] | "MeetingIds" >> beam.Filter(
            lambda e: e.event_root_code == "04") | "Ids" >> beam.Map(lambda e: e.event_id)
        meeting_mentions = coded["mentions"] | "MeetingMentions" >> beam.Filter(
            lambda m, ids: m.event_id in ids, ids=beam.pvalue.AsList(meeting_ids))
        assert_that(meeting_mentions | "MentionOutlets" >> beam.Map(
            lambda m: (m.outlet, m.sentence_index)),
            equal_to([(outlet, 0) for outlet in outlets]), label="FiveMentions")
        # every event of the story is counted once, with all five outlets behind it
        assert_that(coded["events"] | "Counts" >> beam.Map(
            lambda e: (e.num_articles, e.num_sources)) | beam.Distinct(),
            equal_to([(5, 5)]), label="AllEventsOnce")


def test_an_article_the_coder_fails_on_is_a_dead_letter_and_the_others_are_coded(
        coder_fails_on):
    coder_fails_on("breaks the coder")
    body = "\n".join(WIRE_STORY)
    fine = article("putin-trump", "wire.example", body, "Putin and Trump meet",
                   "2025-08-15T18:00:00Z")
    broken = article("broken", "herald.example", body + "\nThis line breaks the coder.",
                     "Putin and Trump meet", "2025-08-15T19:00:00Z")
    with BeamTestPipeline(options=PipelineOptions(runner="FnApiRunner")) as pipeline:
        coded = pipeline | beam.Create([fine, broken]) | CodeEvents()
        assert_that(coded[DEAD_LETTERS] | "Reasons" >> beam.Map(
            lambda d: (d.stage, d.url, d.error_type, d.message, d.feed_url)),
            equal_to([("tag", broken.url, "tagging_failed",
                       "IndexError: a rule ran off the end", broken.feed_url)]),
            label="DeadLetter")
        assert_that(coded["events"] | "Articles" >> beam.Map(lambda e: e.article_id)
                    | beam.Distinct(), equal_to([fine.article_id]), label="OthersCoded")


def test_roll_up_counts_distinct_articles_and_outlets_and_keeps_the_earliest_report():
    def share(article_id, outlet, date, mentions, confidence):
        row = EventRow(
            event_id="e", event_date=date, article_id=article_id, story_id="s",
            actor1_code="USA", actor1_name="Washington", actor1_country_code="USA",
            actor1_type_code="GPE", actor2_code="RUS", actor2_name="Moscow",
            actor2_country_code="RUS", actor2_type_code="GPE", event_code="040",
            event_base_code="040", event_root_code="04", quad_class=1, goldstein_scale=1.0,
            num_mentions=mentions, num_sources=1, num_articles=1,
            source_url=f"http://{outlet}/{article_id}", first_seen_at=f"{date}T12:00:00Z",
            confidence=confidence)
        return EventShare(row, outlet)

    event = roll_up([share("b", "two.example", "2025-08-16", 2, 0.6),
                     share("a", "one.example", "2025-08-15", 1, 0.5),
                     share("c", "one.example", "2025-08-17", 3, 0.9),
                     share("c", "one.example", "2025-08-17", 3, 0.9)])  # delivered twice
    assert (event.article_id, event.event_date, event.source_url) == (
        "a", "2025-08-15", "http://one.example/a")
    assert (event.num_mentions, event.num_articles, event.num_sources) == (6, 3, 2)
    assert event.confidence == 0.9 and event.first_seen_at == "2025-08-15T12:00:00Z"


def test_story_row_describes_its_copies():
    lead = article("a", "wire.example", "Text.", "Lead title", "2025-08-15T10:00:00Z")
    copies = [lead._replace(story_id="s1", is_story_lead=True, similarity_to_lead=1.0),
              article("b", "herald.example", "Text.", "Copy", "2025-08-16T09:00:00Z")._replace(
                  story_id="s1", is_story_lead=False, similarity_to_lead=0.9),
              article("c", "wire.example", "Text.", "Copy", None,
                      fetched="2025-08-17T00:00:00Z")._replace(
                  story_id="s1", is_story_lead=False, similarity_to_lead=0.8)]
    story = story_row(list(reversed(copies)))
    assert story.story_id == "s1" and story.lead_article_id == lead.article_id
    assert (story.story_date, story.title, story.lead_outlet) == (
        "2025-08-15", "Lead title", "wire.example")
    assert (story.first_published_at, story.last_published_at) == (
        "2025-08-15T10:00:00Z", "2025-08-16T09:00:00Z")
    assert (story.num_articles, story.num_sources) == (3, 2)
    assert story.outlets == "wire.example,herald.example"


def test_copies_are_grouped_into_stories_without_their_bodies():
    stamped, [story] = fold_in_memory([article("a1", "a.example", " ".join(WIRE_STORY), "T",
                                               "2025-08-15T10:00:00+00:00")])
    key, copy = keyed_by_story(stamped[0])
    assert key == story.story_id and copy.body == "" and stamped[0].body
    assert story_row([copy]) == story
