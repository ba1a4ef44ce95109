"""Rolling roll-ups in a stream: each new input re-emits the row built from all inputs of its
key so far, and a key's inputs are dropped ttl after its last one."""
import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.test_stream import TestStream as BeamTestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue

from schemas.rows import EventRow
from transforms.events import EventShare, roll_up
from transforms.rollups import RollUpFn

pytestmark = pytest.mark.streaming

HOUR = 3600.0


def share(article_id, outlet, date="2025-08-15"):
    row = EventRow(
        event_id="e1", event_date=date, article_id=article_id, story_id="s1",
        actor1_code="USAGOV", actor1_name="Trump", actor1_country_code="USA",
        actor1_type_code="PERSON", actor2_code="RUSGOV", actor2_name="Putin",
        actor2_country_code="RUS", actor2_type_code="PERSON", event_code="040",
        event_base_code="040", event_root_code="04", quad_class=1, goldstein_scale=1.0,
        num_mentions=1, num_sources=1, num_articles=1, source_url=f"http://{outlet}/{article_id}",
        first_seen_at=f"{date}T12:00:00Z", confidence=0.7)
    return "e1", EventShare(row, outlet)


def test_event_counts_grow_as_copies_arrive_hours_apart_and_restart_after_expiry():
    ttl = 24 * HOUR
    stream = (BeamTestStream()
              .add_elements([TimestampedValue(share("a", "wire.example"), 0)])
              .advance_watermark_to(2 * HOUR)
              .add_elements([TimestampedValue(share("b", "herald.example"), 3 * HOUR)])
              .advance_watermark_to(5 * HOUR)
              # a copy delivered twice counts once
              .add_elements([TimestampedValue(share("b", "herald.example"), 6 * HOUR)])
              .advance_watermark_to(7 * HOUR)
              .add_elements([TimestampedValue(share("c", "wire.example"), 8 * HOUR)])
              # past ttl after the last share: the event's shares are dropped ...
              .advance_watermark_to(8 * HOUR + ttl + 1)
              # ... and a late copy starts counting afresh
              .add_elements([TimestampedValue(share("d", "ledger.example", "2025-08-17"),
                                              8 * HOUR + ttl + 2)])
              .advance_watermark_to_infinity())
    with BeamTestPipeline(runner=BundleBasedDirectRunner(),
                          options=PipelineOptions(streaming=True)) as pipeline:
        rows = (pipeline | stream
                | beam.ParDo(RollUpFn(roll_up, ttl, "events"))
                | beam.Map(lambda e, ts=beam.DoFn.TimestampParam: (
                    float(ts) / HOUR, e.num_articles, e.num_sources, e.article_id)))
        assert_that(rows, equal_to([
            (0.0, 1, 1, "a"),
            (3.0, 2, 2, "a"),
            (6.0, 2, 2, "a"),
            (8.0, 3, 2, "a"),
            ((8 * HOUR + ttl + 2) / HOUR, 1, 1, "d"),
        ]))


def test_a_timer_firing_ahead_of_the_wall_clock_is_the_end_of_a_run_not_an_expiry():
    from transforms.rollups import ended_early
    assert ended_early(1_000.0, 3 * 24 * 3600, now=lambda: 500.0)
    assert not ended_early(1_000.0, 3 * 24 * 3600, now=lambda: 1_000.0)
    assert not ended_early(1_000.0, 3 * 24 * 3600, now=lambda: 2_000.0)


def test_a_timer_due_a_few_seconds_ahead_of_a_clock_behind_is_an_expiry():
    # Otherwise the state of its key would stay forever: the timer does not fire again.
    from transforms.rollups import ended_early
    assert not ended_early(1_000.0, 3 * 24 * 3600, now=lambda: 995.0)
    # with a ttl of minutes, the allowance shrinks to a tenth of it
    assert ended_early(1_000.0, 30.0, now=lambda: 995.0)
    assert not ended_early(1_000.0, 30.0, now=lambda: 998.0)
