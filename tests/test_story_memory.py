"""Folding stories as documents arrive: StoryMemory on plain documents, and
FoldStoriesStreaming on a TestStream, with event time driving expiry."""
from __future__ import annotations

import datetime as dt
import math
import pickle
import random
import threading

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.direct.direct_runner import BundleBasedDirectRunner
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.test_stream import TestStream as BeamTestStream
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms.window import TimestampedValue
from apache_beam.utils.timestamp import Timestamp

from schemas.rows import ArticleRow
from tests.test_stories import article, sample_articles
from tests.test_syndication import ORIGINAL, OTHER, WIRE, doc
from transforms import progress, story_memory
from transforms import syndication as syn
from transforms.stories import doc_of
from transforms.story_memory import (DEFAULT_TTL_SECONDS, Footprint, FoldStoriesStreaming,
                                     RememberStoriesFn, StoryMemory)

HOUR = 3600.0
T0 = dt.datetime(2025, 8, 12, 9, tzinfo=dt.timezone.utc).timestamp()

LIGHT = (ORIGINAL.replace("GENEVA (Wire) — ", "").replace("neighbourly", "neighborly")
         .replace("$2.3 billion", "2.3 billion dollars") + "\nWire contributed to this report.")
TRUNCATED = "\n".join(WIRE[:6] + [
    "Local hauliers said they would wait for the first week of traffic before sending their "
    "own lorries, and the town council said it would review parking near the approach road.",
    "This story was originally published by Wire."])


def partition(assignments) -> set[frozenset[str]]:
    """Stories as sets of document ids: what two foldings agree on whatever their leads."""
    stories: dict[str, set[str]] = {}
    for a in assignments:
        stories.setdefault(a.story_id, set()).add(a.id)
    return {frozenset(ids) for ids in stories.values()}


# ---- StoryMemory ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_docs():
    """The bundled sample's documents, earliest first."""
    return sorted((doc_of(a) for a in sample_articles()), key=syn.lead_order)


def test_light_and_truncated_copies_arriving_later_join_the_first_copys_story():
    memory = StoryMemory()
    first = memory.assign(doc("orig", ORIGINAL), T0)
    light = memory.assign(doc("light", LIGHT, title="Kessel crossing to reopen",
                              published="2025-08-12T11:00:00Z"), T0 + 2 * HOUR)
    truncated = memory.assign(doc("trunc", TRUNCATED, published="2025-08-12T14:00:00Z"),
                              T0 + 5 * HOUR)
    assert first == syn.Assignment("orig", syn.story_id("orig"), 1.0)
    assert light.story_id == truncated.story_id == first.story_id
    assert light.similarity > 0.7 and 0 < truncated.similarity < 1
    assert len(memory) == 3


def test_a_different_story_on_the_same_topic_and_day_starts_its_own():
    memory = StoryMemory()
    memory.assign(doc("deal", ORIGINAL), T0)
    protest = memory.assign(doc("protest", OTHER, title="Stranded lorry drivers protest at "
                                                        "Kessel crossing"), T0 + HOUR)
    assert protest == syn.Assignment("protest", syn.story_id("protest"), 1.0)


def test_the_first_copy_seen_leads_even_when_an_earlier_one_arrives_later():
    # The bounded run would make "orig" (published first) the lead; a stream cannot take
    # back an assignment it emitted, so the copy seen first keeps the lead.
    memory = StoryMemory()
    memory.assign(doc("light", LIGHT, published="2025-08-12T11:00:00Z"), T0)
    late_original = memory.assign(doc("orig", ORIGINAL, published="2025-08-12T09:00:00Z"),
                                  T0 + HOUR)
    assert late_original.story_id == syn.story_id("light") and late_original.similarity < 1
    bounded = syn.cluster([doc("light", LIGHT, published="2025-08-12T11:00:00Z"),
                           doc("orig", ORIGINAL)])
    assert {a.story_id for a in bounded} == {syn.story_id("orig")}


def test_a_bridging_copy_joins_the_earlier_story_and_does_not_merge_them():
    # "front" and "back" share little; "whole" overlaps both. Seen whole-last, the bounded
    # run's union-find makes one story; the stream has already emitted two.
    front = doc("front", "\n".join(WIRE[:8]), published="2025-08-12T10:00:00Z")
    back = doc("back", "\n".join(WIRE[4:]), published="2025-08-12T11:00:00Z")
    whole = doc("whole", ORIGINAL, published="2025-08-12T12:00:00Z")
    memory = StoryMemory()
    assigned = [memory.assign(d, T0 + i * HOUR) for i, d in enumerate([front, back, whole])]
    assert [a.story_id for a in assigned] == [syn.story_id(x) for x in ("front", "back", "front")]
    assert len(partition(syn.cluster([front, back, whole]))) == 1


def test_a_copy_arriving_after_the_ttl_starts_a_new_story():
    memory = StoryMemory(ttl_seconds=6 * HOUR)
    memory.assign(doc("orig", ORIGINAL), T0)
    assert memory.next_expiry() == T0 + 6 * HOUR
    assert memory.expire(T0 + 6 * HOUR - 1) == 0 and len(memory) == 1
    assert memory.expire(T0 + 6 * HOUR) == 1 and len(memory) == 0
    late = memory.assign(doc("light", LIGHT), T0 + 7 * HOUR)
    assert late == syn.Assignment("light", syn.story_id("light"), 1.0)


def test_the_default_ttl_is_three_days():
    assert StoryMemory().ttl_seconds == DEFAULT_TTL_SECONDS == 3 * 24 * HOUR


def test_memory_is_empty_again_once_everything_expired(sample_docs):
    memory = StoryMemory(ttl_seconds=HOUR)
    for i, d in enumerate(sample_docs):
        memory.assign(d, T0 + i * 60)
    full = memory.footprint()
    assert full.documents == len(sample_docs) and full.bucket_entries > full.documents
    assert memory.expire(T0 + HOUR + 30 * 60) == 31  # seen at minutes 0..30
    half = memory.footprint()
    assert 0 < half.bucket_entries < full.bucket_entries and 0 < half.features < full.features
    memory.expire(T0 + 3 * HOUR)
    assert memory.footprint() == Footprint(0, 0, 0) and len(memory) == 0
    assert memory.next_expiry() is None and memory.remembered() == []


def test_redelivery_returns_the_first_answer_and_remembers_nothing_more():
    memory = StoryMemory()
    memory.assign(doc("orig", ORIGINAL), T0)
    light = memory.assign(doc("light", LIGHT), T0 + HOUR)
    before = memory.footprint()
    assert memory.assign(doc("light", LIGHT), T0 + 2 * HOUR) == light
    assert memory.assign(doc("orig", OTHER), T0 + 3 * HOUR).story_id == syn.story_id("orig")
    assert memory.footprint() == before
    assert memory.record("light").seen_at == T0 + HOUR  # re-delivery does not postpone expiry


def test_a_memory_rebuilt_from_its_records_answers_as_the_live_one(sample_docs):
    live = StoryMemory()
    for i, d in enumerate(sample_docs[:40]):
        live.assign(d, T0 + i)
    records = live.remembered()
    # in any order, some twice: a bag promises neither order nor a single copy
    rebuilt = StoryMemory.from_records(random.Random(1).sample(records, len(records))
                                       + records[:3])
    assert rebuilt.footprint() == live.footprint() and rebuilt.remembered() == records
    for i, d in enumerate(sample_docs[40:], start=40):
        assert rebuilt.assign(d, T0 + i) == live.assign(d, T0 + i)
    assert rebuilt.footprint() == live.footprint()


def test_remembered_documents_share_their_features_and_keep_machine_word_signatures():
    # What keeps a remembered document near 49 KiB, not 89 (python -m bench.story_memory):
    # one copy of each feature string, however many documents have it, and a signature of
    # 64-bit words, not int objects; the state written to the bag is the compact record too.
    memory = StoryMemory()
    memory.assign(doc("orig", ORIGINAL), T0)
    memory.assign(doc("protest", OTHER), T0 + HOUR)
    a, b = memory.record("orig").fingerprint, memory.record("protest").fingerprint
    shared = a.words & b.words
    assert shared
    copies = {id(w) for w in a.words if w in shared} | {id(w) for w in b.words if w in shared}
    assert len(copies) == len(shared)
    signature = memory.record("orig").sketch.signature
    assert signature.itemsize == 8 and list(signature) == list(syn.sketch(doc("o", ORIGINAL))
                                                              .signature)
    memory.expire(T0 + DEFAULT_TTL_SECONDS + 2 * HOUR)
    assert memory._canonical == {}  # forgotten with the last document that had them


def test_records_written_before_compaction_rebuild_the_same_memory(sample_docs):
    # Bags written by earlier releases hold tuple signatures and unshared strings.
    live = StoryMemory()
    for i, d in enumerate(sample_docs[:40]):
        live.assign(d, T0 + i)
    old = [r._replace(sketch=r.sketch._replace(signature=tuple(r.sketch.signature)))
           for r in live.remembered()]
    # each record pickled alone, as the bag's coder does: no string shared between them
    rebuilt = StoryMemory.from_records([pickle.loads(pickle.dumps(r)) for r in old])
    assert rebuilt.remembered() == live.remembered()
    assert isinstance(rebuilt.record(old[0].id).sketch.signature, type(
        live.record(old[0].id).sketch.signature))
    for i, d in enumerate(sample_docs[40:], start=40):
        assert rebuilt.assign(d, T0 + i) == live.assign(d, T0 + i)


def test_a_rebuild_leaves_out_what_was_forgotten_and_keeps_the_last_of_a_record_held_twice(
        sample_docs):
    live = StoryMemory(6 * HOUR)
    for i, d in enumerate(sample_docs[:6]):
        live.assign(d, T0 + i * HOUR)
    records = live.remembered()
    assert live.expire(T0 + 8 * HOUR) == 3  # seen at T0, T0 + 1 h and T0 + 2 h
    assert live.forgotten_seen_through == T0 + 2 * HOUR
    again = records[-1]._replace(arrival=records[-1].arrival + 10, seen_at=T0 + 9 * HOUR)
    rebuilt = StoryMemory.from_records(records + [again], 6 * HOUR, live.forgotten_seen_through)
    assert [r.id for r in rebuilt.remembered()] == [r.id for r in records[3:]]
    assert rebuilt.record(again.id).seen_at == again.seen_at


def test_a_bucket_of_one_keeps_its_id_alone_and_its_order_through_changes():
    buckets = story_memory._Buckets()
    buckets.add(["k", "k"], "a")
    assert list(buckets.get("k")) == ["a"] and buckets.entries == 1
    buckets.add(["k"], "b")
    buckets.add(["k"], "c")
    assert list(buckets.get("k")) == ["a", "b", "c"] and list(reversed(buckets.get("k")))[0] == "c"
    buckets.remove(["k"], "a")
    buckets.remove(["k"], "c")
    assert list(buckets.get("k")) == ["b"] and buckets._members["k"] == "b"
    buckets.add(["k"], "d")
    assert list(buckets.get("k")) == ["b", "d"]
    buckets.remove(["k", "missing"], "b")
    buckets.remove(["k"], "b")  # no longer there
    buckets.remove(["k"], "d")
    assert buckets.get("k") == () and buckets._members == {} and buckets.entries == 0


def test_a_mass_syndicated_story_chains_through_capped_buckets():
    # More copies than MAX_BUCKET: each later copy meets only the most recent NEIGHBOURS of
    # an oversized bucket, and still joins the one story.
    paragraphs = [f"Paragraph {i} of the wire story says the talks in Geneva ran for {i} hours "
                  f"and that delegates from {i + 3} countries attended the session."
                  for i in range(10)]
    memory = StoryMemory()
    assigned = [memory.assign(doc(f"copy{n:02d}", "\n".join(
        paragraphs + [f"Reporting desk {n} added local context."])), T0 + n * 60)
        for n in range(80)]
    assert len(assigned) > syn.MAX_BUCKET
    assert {a.story_id for a in assigned} == {syn.story_id("copy00")}


def test_the_sample_fed_earliest_first_folds_exactly_as_cluster_does(sample_docs):
    # 17 copies join their originals, the machine-translated seed by the rewrite signal alone
    memory = StoryMemory()
    streamed = [memory.assign(d, T0 + i) for i, d in enumerate(sample_docs)]
    bounded = syn.cluster(sample_docs)
    # the same leads, so the same story ids and similarities, not only the same partition
    assert sorted(streamed) == sorted(bounded)
    assert len(partition(streamed)) == 50


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sample_in_any_order_folds_into_the_same_stories(sample_docs, seed):
    # The leads differ (the first copy seen leads) but on the sample no copy bridges two
    # stories, so the stories themselves are the same.
    shuffled = random.Random(seed).sample(sample_docs, len(sample_docs))
    memory = StoryMemory()
    streamed = [memory.assign(d, T0 + i) for i, d in enumerate(shuffled)]
    assert partition(streamed) == partition(syn.cluster(sample_docs))


# ---- FoldStoriesStreaming on a TestStream --------------------------------------------------


def streaming_pipeline():
    return BeamTestPipeline(runner=BundleBasedDirectRunner(),
                            options=PipelineOptions(streaming=True))


def wire_article(article_id, outlet, body, published):
    return article(article_id, outlet, body, "Estaria and Norvania agree to reopen Kessel "
                                             "border crossing", published)


def kessel_protest_and_copy(kessel_at: str, protest_at: str, copy_at: str):
    """The wire story's original, an unrelated wire story and a lighter copy of the
    original by another outlet, published at the given times."""
    return (wire_article("kessel", "wire.example", ORIGINAL, kessel_at),
            wire_article("protest", "wire.example", OTHER, protest_at),
            wire_article("kessel-light", "herald.example", LIGHT, copy_at))


def stamped(rows):
    return rows | beam.Map(lambda r: (r.article_id, r.story_id, r.is_story_lead))


def run_counting(pipeline) -> dict[str, int]:
    """Run and return the diplowire counters. They are read from the process-local tally
    that transforms.progress keeps beside Beam metrics: in streaming, the direct runner
    reports a stateful DoFn's counters from its first bundle only (Beam 2.77)."""
    progress.reset()
    pipeline.run().wait_until_finish()
    prefix = progress.NAMESPACE + "/"
    return {name[len(prefix):]: n for name, n in progress.snapshot().items()
            if name.startswith(prefix)}


def test_copies_arriving_hours_apart_join_one_story_in_a_stream():
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    light = wire_article("kessel-light", "herald.example", LIGHT, "2025-08-12T13:00:00Z")
    truncated = wire_article("kessel-short", "ledger.example", TRUNCATED, "2025-08-13T08:00:00Z")
    other = wire_article("protest", "wire.example", OTHER, "2025-08-12T10:00:00Z")
    events = (BeamTestStream(coder=beam.coders.registry.get_coder(ArticleRow))
              .advance_watermark_to(T0)
              .add_elements([TimestampedValue(original, T0)])
              .advance_watermark_to(T0 + HOUR)
              .add_elements([TimestampedValue(other, T0 + HOUR)])
              .advance_watermark_to(T0 + 4 * HOUR)
              .add_elements([TimestampedValue(light, T0 + 4 * HOUR)])
              .advance_watermark_to(T0 + 23 * HOUR)
              .add_elements([TimestampedValue(truncated, T0 + 23 * HOUR)])
              .advance_watermark_to_infinity())
    story = syn.story_id(original.article_id)
    pipeline = streaming_pipeline()
    folded = (pipeline | events | FoldStoriesStreaming())["articles"]
    assert_that(stamped(folded), equal_to([
        (original.article_id, story, True), (light.article_id, story, False),
        (truncated.article_id, story, False),
        (other.article_id, syn.story_id(other.article_id), True)]))
    counts = run_counting(pipeline)
    assert counts["stories_started"] == 2 and counts["story_articles_remembered"] == 4
    assert "story_memory_rebuilt" not in counts  # the live memory served every element
    # at the end of the stream the watermark passes every expiry, and every copy is forgotten
    assert counts["story_articles_forgotten"] == 4


def test_after_the_watermark_passes_the_ttl_a_copy_starts_a_new_story():
    ttl = 6 * HOUR
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    copy = wire_article("kessel-light", "herald.example", LIGHT, "2025-08-12T11:00:00Z")
    late_copy = wire_article("kessel-late", "ledger.example", LIGHT + "\nUpdated.",
                             "2025-08-12T18:00:00Z")
    events = (BeamTestStream(coder=beam.coders.registry.get_coder(ArticleRow))
              .advance_watermark_to(T0)
              .add_elements([TimestampedValue(original, T0)])
              .advance_watermark_to(T0 + 2 * HOUR)
              .add_elements([TimestampedValue(copy, T0 + 2 * HOUR)])
              # past both copies' expiry (seen + ttl, swept on the hour): the timer fires
              .advance_watermark_to(T0 + 2 * HOUR + ttl + HOUR + 1)
              .add_elements([TimestampedValue(late_copy, T0 + 9 * HOUR)])
              .advance_watermark_to_infinity())
    pipeline = streaming_pipeline()
    folded = (pipeline | events | FoldStoriesStreaming(ttl_seconds=ttl))["articles"]
    first_story = syn.story_id(original.article_id)
    assert_that(stamped(folded), equal_to([
        (original.article_id, first_story, True), (copy.article_id, first_story, False),
        (late_copy.article_id, syn.story_id(late_copy.article_id), True)]))
    counts = run_counting(pipeline)
    assert counts["stories_started"] == 2 and counts["story_articles_remembered"] == 3
    assert counts["story_articles_forgotten"] == 3


# ---- RememberStoriesFn's live memory against its state -------------------------------------


class Bag:
    def __init__(self):
        self.items = []
        self.added = 0  # records written, over the bag's life

    def add(self, item):
        self.items.append(item)
        self.added += 1

    def read(self):
        return list(self.items)

    def clear(self):
        self.items = []


class Cell:
    def __init__(self):
        self.value = None

    def read(self):
        return self.value

    def write(self, value):
        self.value = value


class Timer:
    when = None

    def set(self, when):
        self.when = when


class KeyState:
    """One key's state and timer, as the runner hands them to RememberStoriesFn."""

    def __init__(self):
        self.legacy = Bag()
        self.slots = [Bag() for _ in range(story_memory.REMEMBERED_SLOTS)]
        self.written, self.forgotten_seen_through, self.expiry = Cell(), Cell(), Timer()

    def params(self) -> dict:
        return {"legacy": self.legacy, **{f"slot_{i}": bag for i, bag in enumerate(self.slots)},
                "written": self.written, "forgotten_seen_through": self.forgotten_seen_through,
                "expiry": self.expiry}

    def records(self) -> list:
        return [r for bag in [self.legacy, *self.slots] for r in bag.read()]

    def ids(self) -> list[str]:
        return [r.id for r in sorted(self.records(), key=lambda r: r.arrival)]

    def added(self) -> int:
        return sum(bag.added for bag in [self.legacy, *self.slots])

    def snapshot(self) -> tuple:
        return ([list(bag.items) for bag in [self.legacy, *self.slots]], self.written.value,
                self.forgotten_seen_through.value, self.expiry.when)

    def restore(self, snapshot: tuple) -> None:
        """Back to the snapshot: the runner dropped a failed bundle's writes."""
        items, self.written.value, self.forgotten_seen_through.value, self.expiry.when = snapshot
        for bag, kept in zip([self.legacy, *self.slots], items):
            bag.items = list(kept)


def fold(fn, state, row, seen_at):
    """One element through the DoFn, with `state` a KeyState."""
    [out] = fn.process((0, row), timestamp=Timestamp.of(seen_at), **state.params())
    return out.story_id, out.is_story_lead


def sweep(fn, state, when):
    """The expiry timer of the key firing at `when`."""
    list(fn.forget_expired(key=0, timestamp=Timestamp.of(when), **state.params()))


def live_memory(fn) -> StoryMemory:
    [live] = [live for (step, _), live in story_memory._LIVE_MEMORIES.items()
              if step == fn._step]
    return live.memory


def test_the_live_memory_is_rebuilt_when_state_moved_on_without_it():
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    light = wire_article("kessel-light", "herald.example", LIGHT, "2025-08-12T13:00:00Z")
    story = syn.story_id(original.article_id)
    fn = RememberStoriesFn(ttl_seconds=6 * HOUR)

    # A bundle that folded the original failed: the runner dropped its state writes, the
    # live memory kept the original. The retry must not see it.
    assert fold(fn, KeyState(), original, T0) == (story, True)
    assert fold(fn, KeyState(), light, T0 + HOUR) == (syn.story_id(light.article_id), True)

    # Committed state on a worker that restarted (no live memory): rebuilt from the bags.
    state = KeyState()
    fold(fn, state, original, T0)
    restarted = pickle.loads(pickle.dumps(fn))
    story_memory._LIVE_MEMORIES.clear()
    progress.reset()
    assert fold(restarted, state, light, T0 + HOUR) == (story, False)
    assert progress.snapshot()[f"{progress.NAMESPACE}/story_memory_rebuilt"] == 1
    assert state.ids() == [original.article_id, light.article_id]
    assert state.expiry.when == Timestamp.of(T0 + 6 * HOUR)  # swept on the hour

    # The expiry timer forgets the original, clears the bag that held only it, and sets
    # itself to the next expiry.
    sweep(restarted, state, T0 + 6 * HOUR)
    assert state.ids() == [light.article_id]
    assert state.forgotten_seen_through.read() == T0  # seen 6 h before the sweep
    assert state.expiry.when == Timestamp.of(T0 + 7 * HOUR)


def test_a_live_memory_left_idle_is_dropped_and_its_key_rebuilt_from_state(monkeypatch):
    # A key moved to another worker never says so: this process's copy of its memory is
    # dropped once idle, and if the key does come back it is rebuilt from its state.
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    light = wire_article("kessel-light", "herald.example", LIGHT, "2025-08-12T13:00:00Z")
    clock = [1000.0]
    monkeypatch.setattr(story_memory, "_monotonic", lambda: clock[0])
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    fn, state = RememberStoriesFn(ttl_seconds=6 * HOUR), KeyState()
    fold(fn, state, original, T0)
    idle = story_memory.LIVE_MEMORY_IDLE_SECONDS
    clock[0] += idle - 1
    assert story_memory.forget_idle_memories(clock[0]) == 0
    fold(fn, state, light, T0 + HOUR)  # a use that writes state: idle again from here
    clock[0] += idle - 1
    fold(fn, state, light, T0 + HOUR)  # a re-delivery, which writes nothing, is a use too
    clock[0] += idle - 1
    assert story_memory.forget_idle_memories(clock[0]) == 0
    clock[0] += 1
    assert story_memory.forget_idle_memories(clock[0]) == 1
    assert story_memory._LIVE_MEMORIES == {}
    progress.reset()
    third = wire_article("kessel-third", "post.example", LIGHT.replace("Wire", "Post"),
                         "2025-08-12T15:00:00Z")
    assert fold(fn, state, third, T0 + 2 * HOUR) == (syn.story_id(original.article_id), False)
    assert progress.snapshot()[f"{progress.NAMESPACE}/story_memory_rebuilt"] == 1


def test_setup_starts_one_idle_sweeper_per_process():
    for _ in range(3):
        RememberStoriesFn().setup()
    sweepers = [t for t in threading.enumerate() if t.name == "diplowire-story-memory-idle"]
    assert len(sweepers) == 1 and sweepers[0].daemon


@pytest.fixture
def folding_fails_for(monkeypatch):
    """Make folding raise for the given article, after its features were counted."""
    failing_ids = set()
    real_matches = StoryMemory._matches

    def matches(memory, doc, *args):
        if doc.id in failing_ids:
            raise IndexError("a bucket ran out")
        return real_matches(memory, doc, *args)

    monkeypatch.setattr(StoryMemory, "_matches", matches)
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    return lambda article: failing_ids.add(article.article_id)


def test_a_document_whose_folding_fails_is_a_dead_letter_its_own_story_and_forgotten(
        folding_fails_for):
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    failing = wire_article("kessel-bad", "bad.example", LIGHT, "2025-08-12T10:00:00Z")
    light = wire_article("kessel-light", "herald.example", LIGHT, "2025-08-12T13:00:00Z")
    folding_fails_for(failing)
    fn, state = RememberStoriesFn(ttl_seconds=6 * HOUR), KeyState()
    fold(fn, state, original, T0)
    dead, kept = fn.process((0, failing), timestamp=Timestamp.of(T0 + HOUR), **state.params())
    assert (dead.stage, dead.url, dead.error_type) == (
        "fold", failing.url, "story_assignment_failed")
    assert dead.message.startswith("IndexError: a bucket ran out")
    assert (kept.story_id, kept.is_story_lead, kept.similarity_to_lead) == (
        syn.story_id(failing.article_id), True, 1.0)
    assert state.ids() == [original.article_id]
    assert story_memory._LIVE_MEMORIES == {}  # the half-changed memory is gone
    # The next copy folds as though the failing document had never come, counts included.
    assert fold(fn, state, light, T0 + 2 * HOUR) == (syn.story_id(original.article_id), False)
    assert live_memory(fn)._frequencies == StoryMemory.from_records(
        state.records(), 6 * HOUR)._frequencies


def test_fold_stories_streaming_routes_a_failed_folding_to_its_dead_letters(
        folding_fails_for):
    original = wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z")
    failing = wire_article("kessel-bad", "bad.example", LIGHT, "2025-08-12T10:00:00Z")
    folding_fails_for(failing)
    events = (BeamTestStream(coder=beam.coders.registry.get_coder(ArticleRow))
              .advance_watermark_to(T0)
              .add_elements([TimestampedValue(original, T0)])
              .advance_watermark_to(T0 + HOUR)
              .add_elements([TimestampedValue(failing, T0 + HOUR)])
              .advance_watermark_to_infinity())
    pipeline = streaming_pipeline()
    folding = pipeline | events | FoldStoriesStreaming()
    assert_that(stamped(folding["articles"]), equal_to([
        (original.article_id, syn.story_id(original.article_id), True),
        (failing.article_id, syn.story_id(failing.article_id), True)]), label="Articles")
    assert_that(folding["dead_letters"] | beam.Map(lambda d: (d.stage, d.url, d.error_type)),
                equal_to([("fold", failing.url, "story_assignment_failed")]),
                label="DeadLetters")
    progress.reset()
    pipeline.run().wait_until_finish()
    assert progress.snapshot()[
        f"{progress.DEAD_LETTER_NAMESPACE}/fold.story_assignment_failed"] == 1


def stream_of_copies(n: int, seed: int, disordered: bool = False
                     ) -> list[tuple[float, ArticleRow]]:
    """n articles seen over days, copies of the sample's so that stories form and expire:
    (seen_at, article), in order of arrival. `disordered` adds late articles (seen up to two
    days before they arrive) and re-deliveries of earlier ones."""
    rng = random.Random(seed)
    sample = sample_articles()
    seen_at, arrivals = T0, []
    for i in range(n):
        seen_at += rng.uniform(0, 40 * 60)
        if disordered and arrivals and rng.random() < 0.1:
            arrivals.append(rng.choice(arrivals))  # delivered again
            continue
        base = sample[rng.randrange(len(sample))]
        late = rng.uniform(0, 48 * HOUR) if disordered and rng.random() < 0.1 else 0.0
        arrivals.append((seen_at - late, base._replace(
            article_id=f"copy-{i}", canonical_url=f"{base.canonical_url}?copy={i}",
            declared_canonical_url=None)))
    return arrivals


def rebuilt_from(state: KeyState, ttl: float) -> StoryMemory:
    cutoff = state.forgotten_seen_through.read()
    return StoryMemory.from_records(state.records(), ttl,
                                    -math.inf if cutoff is None else cutoff)


def run_slotted(arrivals, *, ttl, lag, seed, fail_rate=0.0, fn=None, state=None,
                reference=None):
    """Feed the arrivals to RememberStoriesFn, its timer firing as a watermark `lag` behind
    them would fire it, its live memory dropped now and then (a restart) and, at
    `fail_rate`, a bundle failing (its state writes dropped, the live memory not) before
    it is retried; beside a StoryMemory that sees the same arrivals and expiries once.
    Checks at every step that the answers agree and what the state holds. Returns
    (fn, state, reference), to go on from."""
    rng = random.Random(seed)
    fn = fn or RememberStoriesFn(ttl_seconds=ttl, sweep_seconds=HOUR)
    state, reference = state or KeyState(), reference or StoryMemory(ttl)
    slot_seconds = story_memory.slot_seconds_for(ttl, HOUR)
    watermark = -math.inf

    def failing_first(step):
        if rng.random() < fail_rate:
            kept = state.snapshot()
            step()
            state.restore(kept)
        return step()

    for seen_at, row in arrivals:
        watermark = max(watermark, seen_at - lag)
        while state.expiry.when is not None and float(state.expiry.when) <= watermark:
            when = float(state.expiry.when)
            state.expiry.when = None

            def fire(when=when):
                sweep(fn, state, when)
            failing_first(fire)
            reference.expire(when)
            # a bag holds no document forgotten more than a slot before the sweep
            assert all(r.seen_at + ttl > when - slot_seconds for r in state.records())
        if rng.random() < 0.1:
            story_memory._LIVE_MEMORIES.clear()  # the worker restarted
        story = failing_first(lambda: fold(fn, state, row, seen_at))[0]
        assert story == reference.assign(doc_of(row), seen_at).story_id
        # the state holds every document the live memory does, and rebuilds it
        assert {r.id for r in live_memory(fn).remembered()} <= set(state.ids())
        assert [r.id for r in rebuilt_from(state, ttl).remembered()] == [
            r.id for r in reference.remembered()]
    return fn, state, reference


def test_slotted_state_rebuilds_the_live_memory_and_a_sweep_writes_no_record(monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    ttl = 6 * HOUR
    arrivals = stream_of_copies(240, seed=7)
    progress.reset()
    _, state, _ = run_slotted(arrivals, ttl=ttl, lag=0, seed=1)
    counts = progress.snapshot()
    assert counts[f"{progress.NAMESPACE}/story_articles_forgotten"] > len(arrivals) / 2
    assert counts[f"{progress.NAMESPACE}/story_memory_rebuilt"] > 10
    assert counts[f"{progress.NAMESPACE}/stories_started"] < len(arrivals)  # copies met
    # every document was written once, when it came, and sweeps only cleared bags
    assert state.added() == len(arrivals)
    assert f"{progress.NAMESPACE}/story_memory_slots_rewritten" not in counts
    # what state holds beyond the memory is at most a slot and a sweep of documents
    last_seen = arrivals[-1][0]
    held_for = ttl + story_memory.slot_seconds_for(ttl, HOUR) + HOUR
    assert all(r.seen_at > last_seen - held_for for r in state.records())


def test_slotted_state_stays_bounded_when_the_watermark_lags_a_slots_reuse(monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    ttl = 6 * HOUR
    lag = 3 * story_memory.slot_seconds_for(ttl, HOUR)
    progress.reset()
    run_slotted(stream_of_copies(240, seed=8), ttl=ttl, lag=lag, seed=2)
    assert progress.snapshot()[f"{progress.NAMESPACE}/story_memory_slots_rewritten"] > 0


def test_slotted_state_holds_through_failed_bundles_late_and_redelivered_documents(
        monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    progress.reset()
    run_slotted(stream_of_copies(240, seed=9, disordered=True), ttl=6 * HOUR, lag=HOUR,
                seed=3, fail_rate=0.2)
    counts = progress.snapshot()
    assert counts[f"{progress.NAMESPACE}/story_memory_rebuilt"] > 40  # after each failure


@pytest.mark.parametrize("ttl_hours,new_ttl_hours,seed", [
    (24, 6, 10), (24, 6, 11), (6, 24, 11), (6, 24, 12), (6, 12, 12), (6, 12, 13)])
def test_a_job_updated_with_another_ttl_answers_alike_after_any_restart(
        monkeypatch, ttl_hours, new_ttl_hours, seed):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    arrivals = stream_of_copies(240, seed=seed, disordered=True)
    _, state, reference = run_slotted(arrivals[:150], ttl=ttl_hours * HOUR, lag=0, seed=seed,
                                      fail_rate=0.1)
    story_memory._LIVE_MEMORIES.clear()  # the updated job starts on a new worker
    ttl = new_ttl_hours * HOUR
    reference.ttl_seconds = ttl
    run_slotted(arrivals[150:], ttl=ttl, lag=0, seed=seed + 1, fail_rate=0.1, state=state,
                reference=reference, fn=RememberStoriesFn(ttl_seconds=ttl, sweep_seconds=HOUR))


def state_of_the_single_bag_release(other_seen_at: float):
    """A key's state as the release with one bag left it, remembering the wire story's
    original (seen at T0) and another story; and a copy of the original to come next."""
    original, other, light = kessel_protest_and_copy(
        "2025-08-12T09:00:00Z", "2025-08-12T10:00:00Z", "2025-08-12T13:00:00Z")
    before = StoryMemory(6 * HOUR)
    before.assign(doc_of(original), T0)
    before.assign(doc_of(other), other_seen_at)
    state = KeyState()
    for record in before.remembered():
        state.legacy.add(record)
    state.written.write("token-of-the-earlier-release")
    return state, original, other, light


def test_the_one_bag_of_earlier_releases_is_moved_into_slots_on_first_use(monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    state, original, other, light = state_of_the_single_bag_release(T0 + 2 * HOUR)
    fn = RememberStoriesFn(ttl_seconds=6 * HOUR)
    assert fold(fn, state, light, T0 + 4 * HOUR) == (syn.story_id(original.article_id), False)
    assert state.legacy.read() == []
    assert state.ids() == [original.article_id, other.article_id, light.article_id]
    slot_seconds = story_memory.slot_seconds_for(6 * HOUR, HOUR)
    for slot, bag in enumerate(state.slots):
        assert all(story_memory.slot_of(r.seen_at, slot_seconds) == slot for r in bag.read())


def test_a_move_out_of_the_one_bag_in_a_failed_bundle_is_made_again(monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    state, original, other, light = state_of_the_single_bag_release(T0 + 5 * HOUR)
    fn = RememberStoriesFn(ttl_seconds=6 * HOUR)
    # The first use is a sweep that forgets nothing; its bundle fails.
    kept = state.snapshot()
    sweep(fn, state, T0 + 5 * HOUR)
    state.restore(kept)
    assert state.legacy.read() != []
    progress.reset()
    assert fold(fn, state, light, T0 + 5.5 * HOUR) == (syn.story_id(original.article_id), False)
    assert progress.snapshot()[f"{progress.NAMESPACE}/story_memory_rebuilt"] == 1
    assert state.legacy.read() == []
    assert state.ids() == [original.article_id, other.article_id, light.article_id]


def test_a_late_document_after_an_update_raising_the_ttl_is_judged_alike_after_a_restart(
        monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    late, other, copy = kessel_protest_and_copy(
        "2025-08-12T02:00:00Z", "2025-08-12T09:00:00Z", "2025-08-12T15:00:00Z")

    def answers(restart_before_late: bool):
        story_memory._LIVE_MEMORIES.clear()
        state = KeyState()
        fold(RememberStoriesFn(ttl_seconds=6 * HOUR), state, other, T0)
        story_memory._LIVE_MEMORIES.clear()  # updated to a 12 h ttl, on a new worker
        updated = RememberStoriesFn(ttl_seconds=12 * HOUR)
        sweep(updated, state, T0 + 6 * HOUR)  # the old timer: nothing is due any more
        if restart_before_late:
            story_memory._LIVE_MEMORIES.clear()
        # seen 13 h before the sweep: forgotten had it come in time, under either ttl
        return (fold(updated, state, late, T0 - 7 * HOUR),
                fold(updated, state, copy, T0 + 6.5 * HOUR), state.ids())

    assert answers(False) == answers(True)
    assert answers(False)[2] == [other.article_id, copy.article_id]


def test_a_document_fetched_again_once_forgotten_answers_alike_after_a_restart(monkeypatch):
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    fetched_twice, neighbour, copy = kessel_protest_and_copy(
        "2025-08-12T09:00:00Z", "2025-08-12T09:10:00Z", "2025-08-12T22:00:00Z")

    def answers(restart_before_copy: bool):
        story_memory._LIVE_MEMORIES.clear()
        fn, state = RememberStoriesFn(ttl_seconds=6 * HOUR), KeyState()
        fold(fn, state, fetched_twice, T0)
        fold(fn, state, neighbour, T0 + 600)  # in the same slot: the bag outlives the first
        sweep(fn, state, T0 + 6 * HOUR)
        fold(fn, state, fetched_twice, T0 + 6.5 * HOUR)  # remembered anew; a bag holds both
        story_memory._LIVE_MEMORIES.clear()  # updated to a 12 h ttl, on a new worker
        fn = RememberStoriesFn(ttl_seconds=12 * HOUR)
        for when in (T0 + 7 * HOUR, T0 + 12 * HOUR):
            sweep(fn, state, when)
        if restart_before_copy:
            story_memory._LIVE_MEMORIES.clear()
        return fold(fn, state, copy, T0 + 13 * HOUR)

    slot_seconds = story_memory.slot_seconds_for(6 * HOUR, HOUR)
    assert story_memory.slot_of(T0, slot_seconds) == story_memory.slot_of(T0 + 600, slot_seconds)
    assert answers(False) == answers(True) == (syn.story_id(fetched_twice.article_id), False)


def test_a_sweep_whose_time_is_not_a_whole_microsecond_still_forgets_what_is_due(monkeypatch):
    # A timer holds microseconds: a sweep rounded down fired just before its document was
    # due, forgot nothing and was set again to the same time, for ever.
    monkeypatch.setattr(story_memory, "_LIVE_MEMORIES", {})
    ttl = 333.3
    sweep_seconds = ttl / 10
    rng = random.Random(2)
    while True:  # a document due just after its sweep time truncated to microseconds
        k = math.ceil((T0 + rng.uniform(0, 1e6)) / sweep_seconds)
        seen_at = float(Timestamp.of(k * sweep_seconds - ttl + rng.randrange(-3, 4) * 1e-6))
        truncated = float(Timestamp.of(math.ceil((seen_at + ttl) / sweep_seconds)
                                       * sweep_seconds))
        if seen_at + ttl > truncated:
            break
    fn, state = RememberStoriesFn(ttl_seconds=ttl, sweep_seconds=sweep_seconds), KeyState()
    fold(fn, state, wire_article("kessel", "wire.example", ORIGINAL, "2025-08-12T09:00:00Z"),
         seen_at)
    fired = state.expiry.when
    state.expiry.when = None
    list(fn.forget_expired(key=0, timestamp=fired, **state.params()))  # as the runner fires it
    assert len(live_memory(fn)) == 0 and state.expiry.when is None
