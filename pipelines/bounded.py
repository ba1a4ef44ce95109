"""The bounded run: one poll of every feed, then fetch, extract, fold copies into stories, code
events and write; ends by itself."""
from __future__ import annotations

import datetime

import os
import time
from typing import Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.utils import shared

from pipelines.launch import PipelineFailed, choose_runner, feed_list, runs_here
from pipelines.options import DiplowireOptions
from pipelines.progress_report import ProgressTicker, RunSummary, summarise
from pipelines.writing import write_tables
from transforms.dead_letters import DEAD_LETTERS
from transforms.events import CodeEvents
from transforms.extraction import ExtractArticles, worker_context
from transforms.feeds import PollFeeds
from transforms.fetch import FetchArticles
from transforms.records import FeedSource
from transforms.stories import FoldStories


def build_pipeline(pipeline: beam.Pipeline, options: DiplowireOptions,
                   sources: Sequence[FeedSource]) -> dict[str, beam.PCollection]:
    """Wire feeds -> entries -> pages -> articles -> stories -> events -> warehouse; returns
    the rows of every table by table name."""
    policy = options.http_policy()
    client = shared.Shared()  # one HTTP client (pools, robots cache, limits) per worker
    polled = (pipeline
              | "ReadFeedList" >> beam.Create(list(sources))
              | "PollFeeds" >> PollFeeds(policy, client))
    fetched = polled["entries"] | "FetchArticles" >> FetchArticles(
        policy, client, threads=options.fetch_threads)
    # Extraction's workers also sketch and tag each article (transforms.analysis), so
    # folding and coding take their results rather than doing that work again.
    extracted = fetched["pages"] | "ExtractArticles" >> ExtractArticles(
        options.extract_processes or 1, analyse=True)
    folded = extracted["articles"] | "FoldStories" >> FoldStories(extracted["features"])
    coded = folded["articles"] | "CodeEvents" >> CodeEvents(tags=extracted["tags"])
    dead_letters = ((polled[DEAD_LETTERS], fetched[DEAD_LETTERS], extracted[DEAD_LETTERS],
                     coded[DEAD_LETTERS])
                    | "CollectDeadLetters" >> beam.Flatten())
    rows = {"articles": folded["articles"], "dead_letters": dead_letters,
            "stories": folded["stories"], "events": coded["events"], "mentions": coded["mentions"],
            "entities": coded["entities"]}
    write_tables(rows, options.warehouse_spec())
    return rows


def run(argv: Optional[Sequence[str]] = None, *, report_progress: bool = True) -> RunSummary:
    pipeline_options = PipelineOptions(list(argv or []))
    options = pipeline_options.view_as(DiplowireOptions)
    choose_runner(pipeline_options, streaming=False)
    if options.extract_processes is None:
        options.extract_processes = os.cpu_count() or 1  # a local run: use every core
    if options.extract_processes > 1 and runs_here(pipeline_options):
        worker_context()  # the workers' libraries load while the pipeline is built
    warehouse = options.warehouse_spec()
    started = time.monotonic()
    # Rows this run codes carry fetch times from now on; older ones of its articles are stale.
    run_started_at = datetime.datetime.now(datetime.timezone.utc)
    with feed_list(options) as sources:
        warehouse.prepare()
        pipeline = beam.Pipeline(options=pipeline_options)
        build_pipeline(pipeline, options, sources)
        with ProgressTicker(len(sources), enabled=report_progress):
            try:
                result = pipeline.run()
                result.wait_until_finish()
            except Exception as exc:
                # Beam re-raises a worker's exception as its own type; a failed run is not
                # a usage error, whatever that type.
                raise PipelineFailed(f"{type(exc).__name__}: {exc}") from exc
    return summarise(result, warehouse, time.monotonic() - started, len(sources),
                     reconciled=warehouse.reconcile(run_started_at))


__all__ = ["PipelineFailed", "build_pipeline", "run"]
