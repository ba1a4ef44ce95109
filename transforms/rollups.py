"""Rows that sum up many inputs, kept current while a stream runs.

A batch run groups all of an event's shares (or a story's copies) and builds its row once. A
stream cannot wait for "all": `RollUpFn` keeps every input of a key in keyed state and, each
time one arrives, emits the row rebuilt from all of them. Rows have deterministic IDs, so the
warehouse's upsert leaves the latest, most complete version. State is dropped `ttl_seconds`
of event time after the key's last input, like the story memory it follows, so it stays
bounded however long the job runs.

When a bounded-duration run ends, the watermark jumps to the end of time and fires every
timer at once, and on Prism an input was seen to reach its key after that (its story row
then lost the copies before it). A timer that fires well before its time on the wall clock
(the inputs are timestamped with wall-clock time when polled) is that jump, not an expiry,
and leaves the state alone: it goes with the job anyway. "Well before" allows for workers'
clocks differing a little (`ended_early`).
"""
from __future__ import annotations

import time
from typing import Callable, Iterable, Sequence

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp

from transforms import progress


class RollUpFn(beam.DoFn):
    """(key, input) -> build(all inputs of the key so far), once per input."""

    INPUTS = BagStateSpec("inputs", PickleCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, build: Callable[[Sequence], object], ttl_seconds: float, name: str):
        self._build = build
        self._ttl = ttl_seconds
        self._name = name  # for the metrics: "<name>_rolled_up", "<name>_expired"

    def process(self, keyed, timestamp=beam.DoFn.TimestampParam,
                inputs=beam.DoFn.StateParam(INPUTS),
                expiry=beam.DoFn.TimerParam(EXPIRY)) -> Iterable:
        _, value = keyed
        inputs.add(value)
        # Each input pushes the expiry back: a key lives ttl after its last input.
        expiry.set(Timestamp.of(float(timestamp) + self._ttl))
        progress.count(f"{self._name}_rolled_up")
        yield self._build(list(inputs.read()))

    @on_timer(EXPIRY)
    def expire(self, fire_at=beam.DoFn.TimestampParam, inputs=beam.DoFn.StateParam(INPUTS)):
        if ended_early(fire_at, self._ttl):
            return
        inputs.clear()
        progress.count(f"{self._name}_expired")


# Element timestamps come from the clock of the worker that made them, timers are judged on
# this worker's: a timer due less than this ahead of this clock is time passing on a clock
# slightly behind. Treated as the end of a run, its state would never be cleared: the timer
# does not fire again.
CLOCK_SKEW_SECONDS = 60.0


def ended_early(fire_at, ttl_seconds: float, now: Callable[[], float] = time.time) -> bool:
    """Whether an event-time expiry timer, set `ttl_seconds` after its key's last input,
    fired well ahead of the wall clock: the watermark's jump at the end of a run, not the
    passing of time. The allowance for clock skew is at most a tenth of the ttl, so that a
    short ttl (a soak's minutes) still tells the end of a run apart."""
    return float(fire_at) > now() + min(CLOCK_SKEW_SECONDS, ttl_seconds / 10)
