"""Progress while a run goes, and its summary at the end."""
from __future__ import annotations

import dataclasses
import sys
import threading
import time
from typing import Optional

from transforms import progress


@dataclasses.dataclass
class RunSummary:
    feeds_listed: int
    counters: dict[str, int]
    dead_letters: dict[str, int]          # "stage.error_type" -> count in this run
    warehouse_rows: dict[str, int]        # table -> rows in the warehouse after the run
    elapsed_seconds: float
    # streaming: freshness percentiles (seconds from publication to row written)
    freshness: Optional[dict[str, float]] = None
    # rows the post-run reconciliation changed (schemas.reconcile), by statement
    reconciled: Optional[dict[str, int]] = None

    def text(self) -> str:
        c = self.counters
        if self.freshness is not None:  # a streaming run polls each feed many times
            polled = (f"polls             {c.get('feeds_polled', 0)} of {self.feeds_listed} "
                      f"feeds ({c.get('feeds_not_modified', 0)} not modified, "
                      f"{c.get('feeds_failed', 0)} failed)")
        else:
            polled = (f"feeds polled      {c.get('feeds_polled', 0)} of {self.feeds_listed} "
                      f"({c.get('feeds_failed', 0)} unreadable)")
        lines = [
            polled,
            f"entries seen      {c.get('entries_seen', 0)} listings",
            f"pages fetched     {c.get('pages_fetched', 0)}",
            f"articles written  {c.get('articles_written', 0)} in "
            f"{c.get('stories_written', 0)} stories",
            f"events coded      {c.get('events_written', 0)} from "
            f"{c.get('articles_tagged', 0)} English articles "
            f"({c.get('mentions_written', 0)} mentions, {c.get('entities_written', 0)} entities)",
        ]
        if self.freshness is not None:
            # A stream re-writes a story's and an event's row as copies arrive.
            lines[3:5] = [
                f"articles written  {c.get('articles_written', 0)}; story rows "
                f"{c.get('stories_written', 0)} upserted as copies arrived",
                f"events coded      {c.get('events_written', 0)} event rows upserted from "
                f"{c.get('articles_tagged', 0)} English articles "
                f"({c.get('mentions_written', 0)} mentions, "
                f"{c.get('entities_written', 0)} entities)",
            ]
        lines += [
            f"dead letters      {sum(self.dead_letters.values())}",
        ]
        for key, count in sorted(self.dead_letters.items()):
            stage, _, reason = key.partition(".")
            lines.append(f"  {stage:<8} {reason:<28} {count}")
        if self.reconciled and any(self.reconciled.values()):
            lines.append("reconciled        " + ", ".join(
                f"{name.replace('_', ' ')} {count}"
                for name, count in self.reconciled.items() if count))
        lines.append("warehouse now     " + ", ".join(
            f"{table} {rows}" for table, rows in self.warehouse_rows.items()))
        if self.freshness:
            lines.append("freshness         " + ", ".join(
                f"{name} {_duration(value)}" for name, value in self.freshness.items())
                + " from publication to row")
        lines.append(f"elapsed           {self.elapsed_seconds:.1f} s")
        return "\n".join(lines)


def _metric_counters(result) -> dict[str, int]:
    totals: dict[str, int] = {}
    for counter in result.metrics().query()["counters"]:
        value = counter.committed if counter.committed is not None else counter.attempted
        key = f"{counter.key.metric.namespace}/{counter.key.metric.name}"
        totals[key] = totals.get(key, 0) + int(value or 0)
    return totals


def summarise(result, warehouse, elapsed: float, feeds_listed: int,
              streaming: bool = False, reconciled: Optional[dict[str, int]] = None
              ) -> RunSummary:
    totals = _metric_counters(result)
    counters = {k.split("/", 1)[1]: v for k, v in totals.items()
                if k.startswith(progress.NAMESPACE + "/")}
    dead = {k.split("/", 1)[1]: v for k, v in totals.items()
            if k.startswith(progress.DEAD_LETTER_NAMESPACE + "/")}
    freshness = None
    if streaming:
        freshness = {f"p{q}": progress.percentile("freshness_seconds", q) for q in (50, 95)}
        freshness = {k: v for k, v in freshness.items() if v is not None}
    return RunSummary(feeds_listed, counters, dead, warehouse.row_counts(), elapsed,
                      freshness, reconciled)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"


class ProgressTicker:
    """Prints one status line every few seconds while the pipeline runs in this process."""

    def __init__(self, feeds: int, enabled: bool = True, every: float = 2.0, stream=None,
                 streaming: bool = False):
        self._feeds = feeds
        self._streaming = streaming
        self._enabled = enabled
        self._every = every
        self._stream = stream or sys.stderr
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._started = 0.0

    def line(self) -> str:
        s = progress.snapshot()
        n = progress.NAMESPACE
        dead = sum(v for k, v in s.items() if k.startswith(progress.DEAD_LETTER_NAMESPACE))
        p95 = progress.percentile("freshness_seconds", 95)
        # Freshness only means something while streaming, where entries are minutes old.
        fresh = f" · freshness p95 {_duration(p95)}" if self._streaming and p95 is not None else ""
        polled = (f"polls {s.get(f'{n}/feeds_polled', 0)}" if self._streaming
                  else f"feeds {s.get(f'{n}/feeds_polled', 0)}/{self._feeds}")
        return (f"[{time.monotonic() - self._started:5.1f}s] "
                f"{polled} · "
                f"entries {s.get(f'{n}/entries_seen', 0)} · "
                f"fetched {s.get(f'{n}/pages_fetched', 0)} · "
                f"extracted {s.get(f'{n}/articles_extracted', 0)} · "
                f"written {s.get(f'{n}/articles_written', 0)} · "
                f"events {s.get(f'{n}/events_written', 0)} · "
                f"dead letters {dead}{fresh}")

    def _loop(self):
        last = None
        while not self._stop.wait(self._every):
            current = self.line()
            if current.split("] ", 1)[1] != last:
                print(current, file=self._stream, flush=True)
                last = current.split("] ", 1)[1]

    def __enter__(self):
        progress.reset()
        self._started = time.monotonic()
        if self._enabled:
            self._thread = threading.Thread(target=self._loop, daemon=True, name="progress")
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread:
            self._thread.join()
            print(self.line(), file=self._stream, flush=True)
