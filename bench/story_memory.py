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
- state: the pickled `Remembered` records, what the keyed bag holds and a sweep rewrites;
- time: milliseconds per document in an untraced run, and to rebuild the memory from state;
- baseline: the UTF-8 bytes of the document's title and text, measured on the same corpus, so
  the memory reads as a multiple of the text it remembers.
Copy recall (the share of copies put in their original's story) shows the figures are for a
memory that still does its job.
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
    result = measure(corpus_bench.to_docs(stories, copies, Doc), copies)

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
    print(f"Reproduce: python -m bench.story_memory --size {args.size} --seed {args.seed} "
          f"--per-day {args.per_day}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine(), **result}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
