"""Entry point of the Dataflow Flex Template (deploy/dataflow): build the bounded or streaming
pipeline from the template's parameters and submit it, without waiting for it to finish.

    python -m pipelines.dataflow_main --feeds gs://BUCKET/feeds.yaml \
        --warehouse bigquery:PROJECT.DATASET [--streaming=true] [pipeline options]

The template launcher passes every parameter as --name=value, so the boolean flags
(--streaming, --ignore_robots) are also accepted as --name=true/false here.
"""
from __future__ import annotations

import logging
import sys
import time
from typing import Optional, Sequence

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipelines.bounded import build_pipeline
from pipelines.options import DiplowireOptions
from pipelines.streaming import build_streaming_pipeline
from transforms.feed_sources import load_feed_sources

BOOLEAN_FLAGS = ("streaming", "ignore_robots")


def normalise_boolean_flags(argv: Sequence[str]) -> list[str]:
    """--flag=true -> --flag, --flag=false -> (nothing), for the flags Beam and diplowire
    declare as store_true."""
    out = []
    for arg in argv:
        name, sep, value = arg.partition("=")
        if sep and name.lstrip("-") in BOOLEAN_FLAGS:
            if value.strip().lower() in ("true", "1", "yes"):
                out.append(name)
            elif value.strip().lower() not in ("false", "0", "no", ""):
                raise ValueError(f"{name}: expected true or false, not {value!r}")
            continue
        out.append(arg)
    return out


def build(pipeline_options: PipelineOptions) -> beam.Pipeline:
    """The job as the template parameters describe it (not yet run)."""
    options = pipeline_options.view_as(DiplowireOptions)
    if not options.feeds:
        raise ValueError("--feeds is required on Dataflow: a feed list on gs:// or in the image")
    warehouse = options.warehouse_spec()
    if warehouse.kind != "bigquery":
        raise ValueError("on Dataflow, --warehouse must be bigquery:PROJECT.DATASET "
                         "(a DuckDB file on a worker's disk would be lost)")
    sources = load_feed_sources(options.feeds)
    pipeline = beam.Pipeline(options=pipeline_options)
    if pipeline_options.view_as(StandardOptions).streaming:
        start = time.time()
        build_streaming_pipeline(pipeline, options, sources, start=start,
                                 stop=start + options.duration if options.duration else None)
    else:
        build_pipeline(pipeline, options, sources)
    return pipeline


def submit(argv: Sequence[str]):
    pipeline_options = PipelineOptions(normalise_boolean_flags(argv))
    pipeline = build(pipeline_options)
    if not pipeline_options.get_all_options().get("dry_run"):
        # Tables are created by the launcher, before any worker writes.
        pipeline_options.view_as(DiplowireOptions).warehouse_spec().prepare()
    return pipeline.run()


def main(argv: Optional[Sequence[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO)
    result = submit(list(sys.argv[1:] if argv is None else argv))
    job_id = getattr(result, "job_id", None)
    logging.info("submitted job %s", job_id() if callable(job_id) else "(not on Dataflow)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
