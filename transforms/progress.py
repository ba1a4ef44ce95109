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


def count(name: str, n: int = 1, namespace: str = NAMESPACE) -> None:
    Metrics.counter(namespace, name).inc(n)
    with _lock:
        _local[f"{namespace}/{name}"] += n


def snapshot() -> dict[str, int]:
    with _lock:
        return dict(_local)


def reset() -> None:
    with _lock:
        _local.clear()
