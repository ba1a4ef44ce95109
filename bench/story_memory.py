"""Benchmark of the streaming story memory: what each remembered document costs.

    python -m bench.story_memory [--size 3000] [--seed N] [--per-day 2000] [--json OUT]

The stream folds copies into stories with one `StoryMemory` under one key
(transforms/story_memory.py), so its size per remembered document decides how many articles a
day one worker can remember for the ttl. The corpus is bench.syndication's (real news text,
20% syndicated copies) with stories of 20-28 sentences, about 500 words (the tagging
benchmark's articles have 600), fed in order of publication, each document seen when
published; the ttl is long enough that nothing is forgotten.

Reported per remembered document:
- live memory: tracemalloc's growth over a traced run (the documents themselves excluded);
- state: the pickled `Remembered` records, what the keyed bags hold;
- time: milliseconds per document in an untraced run, and to rebuild the memory from state;
- baseline: the UTF-8 bytes of the document's title and text, measured on the same corpus, so
  the memory reads as a multiple of the text it remembers.
Copy recall (the share of copies put in their original's story) shows the figures are for a
memory that still does its job.

State written per document: the same corpus through `RememberStoriesFn` with in-process
state that counts the pickled bytes written, its ttl a third of the corpus's span and its
sweeps ttl / 72 apart (3 days and 1 h, the defaults), its timer fired as the watermark
reaches it. Baseline, measured in the same run: the single bag of earlier releases, which
each sweep rewrote with every document still remembered.
"""
from __future__ import annotations

import argparse
import gc
import json
import pickle
import sys
import time
import tracemalloc
from pathlib import Path

from bench import syndication as corpus_bench

TTL_SECONDS = 10 ** 9  # nothing expires within the corpus
SENTENCES_PER_STORY = (20, 28)


def seen_at(doc) -> float:
    from transforms.syndication import _published_or_none
    return _published_or_none(doc.published).timestamp()


def fill(docs: list):
    from transforms.story_memory import StoryMemory
    memory = StoryMemory(TTL_SECONDS)
    stories = {doc.id: memory.assign(doc, seen_at(doc)).story_id for doc in docs}
    return memory, stories


def measure(docs: list, copies) -> dict:
    from transforms.story_memory import StoryMemory
    from transforms.syndication import lead_order
    docs = sorted(docs, key=lead_order)  # each seen when published
    gc.collect()
    started = time.perf_counter()
    memory, stories = fill(docs)
    seconds = time.perf_counter() - started
    found = sum(1 for cid, _, key, _ in copies if stories.get(key) == stories.get(cid))

    state = [pickle.dumps(record) for record in memory.remembered()]
    records = [pickle.loads(blob) for blob in state]
    started = time.perf_counter()
    StoryMemory.from_records(records, TTL_SECONDS)
    rebuild_seconds = time.perf_counter() - started
    footprint = memory.footprint()
    del memory, records

    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    traced, _ = fill(docs)
    gc.collect()
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    n = len(docs)
    text_bytes = sum(len((d.title or "").encode()) + len((d.text or "").encode()) for d in docs)
    words = sum(len((d.text or "").split()) for d in docs)
    return {"documents": n, "copies": len(copies),
            "copy_recall": found / len(copies) if copies else 1.0,
            "ms_per_document": 1000 * seconds / n,
            "rebuild_seconds": rebuild_seconds,
            "memory_bytes_per_document": (after - before) / n,
            "state_bytes_per_document": sum(map(len, state)) / n,
            "text_bytes_per_document": text_bytes / n,
            "words_per_document": words / n,
            "bucket_entries_per_document": footprint.bucket_entries / n,
            "features": footprint.features}


class _CountingBag:
    """A bag state cell that counts the pickled bytes written to it."""

    def __init__(self) -> None:
        self.items: list = []
        self.bytes_written = 0

    def add(self, item) -> None:
        self.items.append(item)
        self.bytes_written += len(pickle.dumps(item))

    def read(self) -> list:
        return list(self.items)

    def clear(self) -> None:
        self.items = []


class _Cell:
    value = None

    def read(self):
        return self.value

    def write(self, value) -> None:
        self.value = value


class _Timer:
    when = None

    def set(self, when) -> None:
        self.when = when


def _article(doc):
    from schemas.rows import ArticleRow
    published = doc.published
    return ArticleRow(
        article_id=doc.id, url=doc.url, canonical_url=doc.url, declared_canonical_url=None,
        final_url=doc.url, feed_url="bench", outlet=doc.outlet, title=doc.title, author=None,
        published_at=published, published_at_source="page", fetched_at=published,
        language="en", body=doc.text, word_count=len(doc.text.split()), content_hash="",
        story_id=None, is_story_lead=None, similarity_to_lead=None,
        ingest_date=published[:10])


def measure_state_writes(docs: list, sweeps_per_ttl: int = 72) -> dict:
    """Bytes of state written per document by RememberStoriesFn, and by the single bag
    that every sweep rewrote, over the same stream and sweeps."""
    from apache_beam.utils.timestamp import Timestamp

    from transforms import story_memory
    from transforms.syndication import lead_order
    docs = sorted(docs, key=lead_order)
    times = [seen_at(d) for d in docs]
    ttl = (times[-1] - times[0]) / 3
    fn = story_memory.RememberStoriesFn(ttl_seconds=ttl, sweep_seconds=ttl / sweeps_per_ttl)
    slots = [_CountingBag() for _ in range(story_memory.REMEMBERED_SLOTS)]
    state = {"legacy": _CountingBag(), **{f"slot_{i}": b for i, b in enumerate(slots)},
             "written": _Cell(), "forgotten_seen_through": _Cell(), "expiry": _Timer()}
    record_bytes: dict[str, int] = {}
    one_bag_bytes = sweeps = 0
    held_ratios = []  # documents in state over documents remembered, after each sweep
    story_memory._LIVE_MEMORIES.clear()
    for doc, when in zip(docs, times):
        timer = state["expiry"]
        while timer.when is not None and float(timer.when) <= when:
            fired, timer.when = timer.when, None
            list(fn.forget_expired(key=0, timestamp=fired, **state))
            sweeps += 1
            [live] = story_memory._LIVE_MEMORIES.values()
            # the single bag was cleared and written again with every survivor
            one_bag_bytes += sum(record_bytes[r.id] for r in live.memory.remembered())
            if float(fired) >= times[0] + ttl and len(live.memory):
                held_ratios.append(sum(len(b.items) for b in slots) / len(live.memory))
        list(fn.process((0, _article(doc)), timestamp=Timestamp.of(when), **state))
        [live] = story_memory._LIVE_MEMORIES.values()
        record = live.memory.record(doc.id)
        record_bytes[doc.id] = len(pickle.dumps(record))
        one_bag_bytes += record_bytes[doc.id]
    slotted_bytes = sum(bag.bytes_written for bag in slots)
    story_memory._LIVE_MEMORIES.clear()
    n = len(docs)
    return {"ttl_hours": ttl / 3600, "sweeps": sweeps,
            "one_bag_state_written_per_document": one_bag_bytes / n,
            "slotted_state_written_per_document": slotted_bytes / n,
            "state_held_over_remembered_mean": sum(held_ratios) / len(held_ratios),
            "state_held_over_remembered_max": max(held_ratios)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.story_memory", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=3000, help="documents (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=2000,
                        help="documents published per day (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    args = parser.parse_args(argv)

    from bench.bounded import machine
    from transforms.syndication import Doc
    bodies = corpus_bench.sample_bodies() + corpus_bench.devset_bodies()
    stories, copies = corpus_bench.corpus(args.size, bodies, args.seed, args.per_day,
                                          SENTENCES_PER_STORY)
    docs = corpus_bench.to_docs(stories, copies, Doc)
    result = measure(docs, copies)
    result.update(measure_state_writes(docs))

    r = result
    print(f"Machine: {machine()}")
    print(f"Corpus: {r['documents']} documents ({r['copies']} syndicated copies), "
          f"{args.per_day} a day, {r['words_per_document']:.0f} words "
          f"({r['text_bytes_per_document']:.0f} bytes) of text each")
    print(f"time: {r['ms_per_document']:.2f} ms per document; rebuild from state "
          f"{r['rebuild_seconds']:.2f} s")
    print(f"copy recall: {r['copy_recall']:.3f}")
    print(f"bucket entries per document: {r['bucket_entries_per_document']:.0f}; "
          f"distinct features: {r['features']}")
    print(f"state per document: {r['state_bytes_per_document'] / 1024:.1f} KiB "
          f"({r['state_bytes_per_document'] / r['text_bytes_per_document']:.1f}x its text)")
    print(f"memory per document: {r['memory_bytes_per_document'] / 1024:.1f} KiB "
          f"({r['memory_bytes_per_document'] / r['text_bytes_per_document']:.1f}x its text)")
    slotted, one_bag = (r["slotted_state_written_per_document"],
                        r["one_bag_state_written_per_document"])
    print(f"state written per document, ttl {r['ttl_hours']:.1f} h, {r['sweeps']} sweeps: "
          f"{slotted / 1024:.1f} KiB in slotted bags; baseline, one bag rewritten at every "
          f"sweep: {one_bag / 1024:.1f} KiB ({one_bag / slotted:.0f}x as much)")
    print(f"documents in state per document remembered, after the ttl: mean "
          f"{r['state_held_over_remembered_mean']:.2f}, max "
          f"{r['state_held_over_remembered_max']:.2f} (baseline: 1.00)")
    print(f"Reproduce: python -m bench.story_memory --size {args.size} --seed {args.seed} "
          f"--per-day {args.per_day}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine(), **result}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
