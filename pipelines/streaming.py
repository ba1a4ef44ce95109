"""The streaming run: poll every feed on its own schedule, for --duration seconds or until
stopped, and write rows as they come.

    ticks -> feeds due -> new entries -> pages -> articles -> stories -> events -> warehouse

PeriodicImpulse drives polling; PollDueFeedsFn keeps per feed its schedule, validators and
the entries already seen, and FirstListingFn lets an entry listed by several feeds through
once (keyed state). Fetching and extraction are the bounded run's
transforms, windowed by poll tick so that extraction's one-row-per-article grouping fires
each tick. Story folding and the roll-ups of events and stories then run in the global
window with keyed state that expires after --state_ttl (transforms.story_memory,
transforms.rollups): what a batch computes over all input, a stream keeps current.
"""
from __future__ import annotations

import datetime

import os
import time
from typing import Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, PortableOptions
from apache_beam.transforms import window
from apache_beam.transforms.periodicsequence import PeriodicImpulse
from apache_beam.utils import shared

from pipelines.launch import PipelineFailed, choose_runner, feed_list
from pipelines.options import DiplowireOptions
from pipelines.progress_report import ProgressTicker, RunSummary, summarise
from pipelines.writing import write_tables
from schemas.rows import ArticleRow
from transforms.dead_letters import DEAD_LETTERS
from transforms.events import CodeEvents
from transforms.extraction import ExtractArticles
from transforms.feed_schedule import FirstListingFn, PollDueFeedsFn
from transforms.fetch import FetchArticles
from transforms.records import FeedEntry, FeedSource
from transforms.rollups import RollUpFn
from transforms.stories import keyed_by_story, story_row
from transforms.story_memory import FoldStoriesStreaming

# The sample, when streamed, shows one new entry this often (seconds).
SAMPLE_RELEASE_EVERY = 2.0


def poll_tick(sources: Sequence[FeedSource], default_interval: float) -> float:
    """How often to ask which feeds are due: a quarter of the shortest poll interval, so a
    feed is polled at most a quarter interval late, between 1 s and 60 s."""
    shortest = min((s.poll_interval or default_interval) for s in sources)
    return min(60.0, max(1.0, shortest / 4))


def build_streaming_pipeline(pipeline: beam.Pipeline, options: DiplowireOptions,
                             sources: Sequence[FeedSource], *, start: float,
                             stop: Optional[float]) -> dict[str, beam.PCollection]:
    """Wire the streaming run; returns the rows of every table by table name."""
    policy = options.http_policy()
    client = shared.Shared()
    tick = poll_tick(sources, options.poll_interval)
    ttl = options.state_ttl
    feeds = [(s.url, s) for s in sources]
    impulse = (PeriodicImpulse(start_timestamp=start, stop_timestamp=stop, fire_interval=tick)
               if stop is not None else
               PeriodicImpulse(start_timestamp=start, fire_interval=tick))
    polled = (pipeline
              | "PollTicks" >> impulse
              | "FeedsPerTick" >> beam.FlatMap(lambda _: feeds).with_output_types(
                  tuple[str, FeedSource])
              | "PollDueFeeds" >> beam.ParDo(PollDueFeedsFn(
                  policy, client, interval=options.poll_interval, ttl=ttl,
                  max_backoff=options.max_poll_backoff))
              .with_outputs(DEAD_LETTERS, main="entries"))
    entries = (polled.entries
               | "KeyByEntryUrl" >> beam.Map(lambda e: (e.entry_url, e)).with_output_types(
                   tuple[str, FeedEntry])
               | "FirstListingOnly" >> beam.ParDo(FirstListingFn(ttl))
               | "WindowByTick" >> beam.WindowInto(window.FixedWindows(tick)))
    fetched = entries | "FetchArticles" >> FetchArticles(policy, client,
                                                         threads=options.fetch_threads)
    extracted = fetched["pages"] | "ExtractArticles" >> ExtractArticles(
        options.extract_processes or 1)
    articles = extracted["articles"] | "IntoGlobalWindow" >> beam.WindowInto(
        window.GlobalWindows())
    # Forgetting runs in sweeps, one timer firing for all that is due rather than one per
    # article: hourly, or ten times per ttl when that is shorter (a short ttl is meant to
    # bound memory).
    folding = articles | "FoldStories" >> FoldStoriesStreaming(
        ttl_seconds=ttl, sweep_seconds=min(3600.0, ttl / 10))
    folded = folding["articles"]
    stories = (folded
               | "KeyByStory" >> beam.Map(keyed_by_story).with_output_types(
                   tuple[str, ArticleRow])
               | "RollUpStories" >> beam.ParDo(RollUpFn(story_row, ttl, "stories")))
    coded = folded | "CodeEvents" >> CodeEvents(rolling_ttl=ttl)
    dead_letters = [collection | f"DeadLettersIntoGlobalWindow{n}" >> beam.WindowInto(
                        window.GlobalWindows())
                    for n, collection in enumerate((polled[DEAD_LETTERS], fetched[DEAD_LETTERS],
                                                    extracted[DEAD_LETTERS], folding[DEAD_LETTERS],
                                                    coded[DEAD_LETTERS]))]
    rows = {"articles": folded,
            "dead_letters": dead_letters | "CollectDeadLetters" >> beam.Flatten(),
            "stories": stories, "events": coded["events"], "mentions": coded["mentions"],
            "entities": coded["entities"]}
    write_tables(rows, options.warehouse_spec())
    return rows


def _keep_job_streams_open(pipeline_options: PipelineOptions, argv: Sequence[str],
                           duration: Optional[float]) -> None:
    """The portable runner opens the job's state and message streams with
    --job_server_timeout (300 s by default) as their deadline, so a local streaming job
    "fails" after five minutes (seen on Prism: DEADLINE_EXCEEDED). Unless set explicitly,
    the deadline becomes the run's duration plus ten minutes, or ten years."""
    if any(arg.startswith(("--job_server_timeout", "--job-server-timeout")) for arg in argv):
        return
    portable = pipeline_options.view_as(PortableOptions)
    portable.job_server_timeout = int(duration + 600) if duration else 10 * 365 * 24 * 3600


def run(argv: Optional[Sequence[str]] = None, *, report_progress: bool = True) -> RunSummary:
    pipeline_options = PipelineOptions(list(argv or []))
    options = pipeline_options.view_as(DiplowireOptions)
    if options.duration is not None and options.duration <= 0:
        raise ValueError("--duration must be a positive number of seconds")
    choose_runner(pipeline_options, streaming=True)
    if options.extract_processes is None:
        options.extract_processes = os.cpu_count() or 1  # a local run: use every core
    _keep_job_streams_open(pipeline_options, argv or [], options.duration)
    warehouse = options.warehouse_spec()
    started = time.monotonic()
    # Rows this run codes carry fetch times from now on; older ones of its articles are stale.
    run_started_at = datetime.datetime.now(datetime.timezone.utc)
    with feed_list(options, release_every=SAMPLE_RELEASE_EVERY) as sources:
        warehouse.prepare()
        pipeline = beam.Pipeline(options=pipeline_options)
        start = time.time()
        build_streaming_pipeline(pipeline, options, sources, start=start,
                                 stop=start + options.duration if options.duration else None)
        with ProgressTicker(len(sources), enabled=report_progress, streaming=True):
            result = None
            try:
                result = pipeline.run()
                result.wait_until_finish()
            except KeyboardInterrupt:
                if result is not None:
                    result.cancel()
                raise
            except Exception as exc:
                raise PipelineFailed(f"{type(exc).__name__}: {exc}") from exc
    return summarise(result, warehouse, time.monotonic() - started, len(sources),
                     streaming=True, reconciled=warehouse.reconcile(run_started_at))
