"""Benchmark of event tagging: articles per second on one core, 600-word articles.

    python -m bench.tagging [--articles 500] [--words 600]

Articles are cut from the sample's article bodies (extracted with the pipeline's own
function) to the given length, so their sentences are real diplomacy news.

The tagger and its tokenizer run as built: compiled by Cython when setup.py could (`make
bench` builds them), else as Python source; the first line says which. A compiled tagger is
also timed as source, tokenizer included, over the same articles, so the run shows what
compiling gives.

Two more baselines are measured in the same run, because this machine's speed varies between
sittings (the same commit has run 3.3x slower on one day than on another):
- extraction: `extract_article` over the sample's article pages, the step that tagging
  follows in the pipeline; tagging should cost a small fraction of it;
- a fixed pure-Python loop, to compare figures of different sittings.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bench.bounded import machine
from bench.corpus import sample_article_pages
from transforms.extraction import extract_article, warm_up_worker
from transforms import tagging
from transforms import text as tokenizer
from transforms.compiled import load_sources

LOOP_ADDITIONS = 10_000_000


def articles_of(words: int, pages: list[tuple[str, bytes]]) -> list[str]:
    bodies = [extract_article(html, url).text for url, html in pages]
    stream = " ".join(bodies).split()
    # Overlapping windows keep sentence starts varied while every article has `words` words.
    step = max(1, words // 3)
    return [" ".join(stream[i:i + words]) for i in range(0, len(stream) - words, step)]


def tagging_seconds(tagger, texts: list[str]) -> tuple[list[float], int]:
    """(seconds per text, events found) of a tagging module's tag_text over the texts."""
    tagger.default_lexicon()
    timings, events = [], 0
    for text in texts:
        started = time.perf_counter()
        events += len(tagger.tag_text(text, "2025-08-17").events)
        timings.append(time.perf_counter() - started)
    return timings, events


def python_loop_seconds(repeats: int = 3) -> float:
    """The fastest of a few runs of a fixed pure-Python loop: the machine's speed now."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        total = 0
        for i in range(LOOP_ADDITIONS):
            total += i
        best = min(best, time.perf_counter() - started)
    return best


def extraction_rate(pages: list[tuple[str, bytes]], rounds: int = 3) -> tuple[float, int]:
    """(pages/s, median words per page) of the pipeline's extraction over the pages."""
    warm_up_worker()
    words = [len(extract_article(html, url).text.split()) for url, html in pages]
    started = time.perf_counter()
    for _ in range(rounds):
        for url, html in pages:
            extract_article(html, url)
    return rounds * len(pages) / (time.perf_counter() - started), int(statistics.median(words))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    tagging.default_lexicon()
    load_seconds = time.perf_counter() - started
    pages = sample_article_pages()
    pool = articles_of(args.words, pages)
    texts = [pool[i % len(pool)] for i in range(args.articles)]
    timings, events = tagging_seconds(tagging, texts)
    total = sum(timings)
    rate = len(texts) / total
    source_rate = None
    if tagging.COMPILED:
        source = load_sources()["transforms.tagging"]
        source_timings, source_events = tagging_seconds(source, texts)
        if source_events != events:
            raise SystemExit(f"the compiled tagger found {events} events, its source "
                             f"{source_events}: rebuild it (make)")
        source_rate = len(texts) / sum(source_timings)
    extracted, page_words = extraction_rate(pages)
    loop = python_loop_seconds()
    print("tagger: " + (f"compiled by Cython ({tagging.__file__})" if tagging.COMPILED else
                        "Python source (not compiled: see setup.py)")
          + (", tokenizer compiled" if tokenizer.COMPILED else ", tokenizer as source"))
    print(f"machine: {machine()}")
    print(f"python loop of {LOOP_ADDITIONS:,} additions: {loop:.2f} s (the machine's speed "
          "in this sitting)")
    print(f"dictionaries loaded and indexed in {load_seconds:.2f} s (once per worker)")
    print(f"tagged {len(texts)} articles of {args.words} words in {total:.2f} s on one core: "
          f"{rate:.1f} articles/s, median {1000 * statistics.median(timings):.1f} ms, "
          f"{events / len(texts):.1f} events/article")
    if source_rate:
        print(f"baseline, the same tagger and tokenizer as Python source: "
              f"{source_rate:.1f} articles/s; "
              f"compiled_over_source_speed: {rate / source_rate:.2f}")
    print(f"baseline, extraction of the sample pages (median {page_words} words): "
          f"{extracted:.1f} pages/s on one core")
    print(f"tagging_over_extraction_time: {extracted / rate:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
