"""What the bounded and the streaming run share before they start: the runner, the feed list
(or the bundled sample, served on 127.0.0.1), and how a failed run is reported."""
from __future__ import annotations

import contextlib
import logging
import os
from typing import Optional

from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions

from pipelines.options import DiplowireOptions
from transforms.feed_sources import load_feed_sources

_LOGGER = logging.getLogger(__name__)
_PRISM_CACHE = os.path.expanduser("~/.apache_beam/cache/prism/bin")
PROVISION_HINT = ("build it offline with `make prism` (deploy/local/provision_prism.sh), "
                  "or give --prism_location")


class PipelineFailed(RuntimeError):
    """The pipeline started and then failed (as opposed to bad options or feed lists)."""


def prism_available(options: PipelineOptions) -> bool:
    if options.get_all_options().get("prism_location"):
        return True
    return os.path.isdir(_PRISM_CACHE) and any(
        name.startswith("apache_beam-") for name in os.listdir(_PRISM_CACHE))


def choose_runner(options: PipelineOptions, *, streaming: bool) -> None:
    """Bounded, without --runner: DirectRunner's in-process batch engine (FnApiRunner); on
    the sample it took 8 s against 11 s on Prism, for the same rows. An explicit
    DirectRunner tries Prism first and downloads it when missing; offline that attempt only
    fails, so without a provisioned Prism it also goes to FnApiRunner.

    Streaming: DirectRunner runs it on Prism (FnApiRunner is not a streaming runner), so
    Prism must be provisioned; that is checked here rather than failing inside Beam."""
    standard = options.view_as(StandardOptions)
    if streaming:
        if standard.runner in (None, "DirectRunner", "PrismRunner"):
            if not prism_available(options):
                raise ValueError(f"streaming runs locally on Beam's Prism runner, which is not "
                                 f"provisioned: {PROVISION_HINT}")
            standard.runner = "PrismRunner"
        return
    if standard.runner is None or (standard.runner == "DirectRunner"
                                   and not prism_available(options)):
        _LOGGER.info("running on DirectRunner's in-process batch engine (FnApiRunner)")
        standard.runner = "FnApiRunner"


LOCAL_RUNNERS = ("FnApiRunner", "DirectRunner", "PrismRunner")


def runs_here(options: PipelineOptions) -> bool:
    """Whether the chosen runner runs the pipeline on this machine (not Dataflow, Flink)."""
    return options.view_as(StandardOptions).runner in LOCAL_RUNNERS


@contextlib.contextmanager
def feed_list(options: DiplowireOptions, *, release_every: Optional[float] = None):
    """The configured feed list, or the bundled sample served on 127.0.0.1 for the run.
    With `release_every` (streaming on the sample), the sample's entries appear in its feeds
    one after another, that many seconds apart, as a live web's would."""
    if options.feeds:
        yield load_feed_sources(options.feeds)
        return
    from samples import FEEDS_FILE, WEB_DIR
    from samples.replay import ReplayServer, sample_release_schedule
    release = sample_release_schedule(release_every) if release_every else None
    with ReplayServer(WEB_DIR, release=release) as server:
        # Only configuration differs from a live run: the sample's hosts resolve to the
        # local replay server, which is the one loopback address allowed.
        options.resolve = list(options.resolve) + [
            f"{host}={target}" for host, target in server.resolve_rules()]
        options.allow_network = list(options.allow_network) + ["127.0.0.1/32"]
        options.per_host_interval = 0.0
        _LOGGER.info("replaying the bundled sample on 127.0.0.1:%d", server.port)
        yield load_feed_sources(str(FEEDS_FILE))
