"""Benchmark of event tagging: articles per second on one core, 600-word articles.

    python -m bench.tagging [--articles 500] [--words 600]

Articles are cut from the sample's article bodies (extracted with the pipeline's own
function) to the given length, so their sentences are real diplomacy news.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bench.bounded import machine
from bench.corpus import sample_article_pages
from transforms.extraction import extract_article
from transforms.tagging import default_lexicon, tag_text


def articles_of(words: int) -> list[str]:
    bodies = [extract_article(html, url).text for url, html in sample_article_pages()]
    stream = " ".join(bodies).split()
    # Overlapping windows keep sentence starts varied while every article has `words` words.
    step = max(1, words // 3)
    return [" ".join(stream[i:i + words]) for i in range(0, len(stream) - words, step)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    default_lexicon()
    load_seconds = time.perf_counter() - started
    pool = articles_of(args.words)
    texts = [pool[i % len(pool)] for i in range(args.articles)]
    timings, events = [], 0
    for text in texts:
        started = time.perf_counter()
        events += len(tag_text(text, "2025-08-17").events)
        timings.append(time.perf_counter() - started)
    total = sum(timings)
    print(f"machine: {machine()}")
    print(f"dictionaries loaded and indexed in {load_seconds:.2f} s (once per worker)")
    print(f"tagged {len(texts)} articles of {args.words} words in {total:.2f} s on one core: "
          f"{len(texts) / total:.1f} articles/s, median {1000 * statistics.median(timings):.1f} ms, "
          f"{events / len(texts):.1f} events/article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
