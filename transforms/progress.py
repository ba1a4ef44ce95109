"""Counters that feed both Beam metrics and the local progress line.

Beam metrics are the record of a run (Dataflow shows them; the CLI reads them
from the result). In-process runners only report them at the end, so the same
increments also go to a process-local tally that the CLI prints while the
pipeline runs. On remote workers the local tally is simply unused.
"""
from __future__ import annotations

import collections
import threading

from apache_beam.metrics import Metrics

NAMESPACE = "diplowire"
DEAD_LETTER_NAMESPACE = "dead_letters"

_lock = threading.Lock()
_local: collections.Counter = collections.Counter()
# The latest observations per distribution, for percentiles while the run goes (Beam's
# distributions keep only min, max, sum and count).
_OBSERVATIONS_KEPT = 10_000
_observations: dict[str, collections.deque] = {}


def count(name: str, n: int = 1, namespace: str = NAMESPACE) -> None:
    Metrics.counter(namespace, name).inc(n)
    with _lock:
        _local[f"{namespace}/{name}"] += n


def observe(name: str, value: float, namespace: str = NAMESPACE) -> None:
    """One observation of a distribution, e.g. a row's freshness in seconds."""
    Metrics.distribution(namespace, name).update(int(value))
    with _lock:
        _observations.setdefault(f"{namespace}/{name}",
                                 collections.deque(maxlen=_OBSERVATIONS_KEPT)).append(value)


def percentile(name: str, q: float, namespace: str = NAMESPACE):
    """The q-th percentile (0..100) of the latest observations of `name`; None if none."""
    with _lock:
        values = sorted(_observations.get(f"{namespace}/{name}", ()))
    if not values:
        return None
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def snapshot() -> dict[str, int]:
    with _lock:
        return dict(_local)


def reset() -> None:
    with _lock:
        _local.clear()
        _observations.clear()
