"""Benchmark of syndication clustering: time and peak memory of cluster() by corpus size.

    python -m bench.syndication [--sizes 1000,4000,16000] [--seed N] [--per-day 2000]
                                [--no-memory]

Corpora are synthetic but made of real news text: the bodies of the sample pages
(samples/manifest.json entries with outcome 'article', extracted with the pipeline's own
extract_article; cached in bench/out/) and, when present, the originals of the syndication
development set or the Fundus ground truth. 80% of the documents are new "stories": 4-12
sentences drawn from all bodies, with a quarter of their words swapped for words drawn from the
same text (so that no two are the same and their shingles are mostly their own); 20% are
syndicated copies of those stories, made by eval.syndication_devset.make_copy (exact, light,
truncated, reordered, reworded), published 1-24 h after. Publication times spread at
--per-day documents a day, so a bigger corpus covers more days, as a real archive would.

Time is the wall time of one cluster() call. Peak memory is tracemalloc's peak of Python
allocations (numpy's included) during a second, traced call, above what was allocated before it
(the corpus itself is not counted); tracing slows code down, so that call is not the timed one.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

from eval import syndication_devset as devset
from eval.syndication_devset import COPY_KINDS, COPY_OUTLETS, Original, kinds_possible, make_copy

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CACHE = PROJECT_ROOT / "bench/out/syndication_bodies.json"
COPY_SHARE = 0.2
WORD_SWAP = 0.25
TARGET_RATIO = 20


def sample_bodies() -> list[dict]:
    """{title, paragraphs, outlet, url} of every sample article page, extracted once and cached."""
    from samples import MANIFEST_FILE
    stamp = MANIFEST_FILE.stat().st_mtime
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if cached.get("manifest_mtime") == stamp:
            return cached["bodies"]
    from bench.corpus import sample_article_pages
    from transforms.extraction import extract_article
    bodies = []
    for url, html in sample_article_pages():
        article = extract_article(html, url)
        if article and article.text:
            bodies.append({"title": article.title or "", "url": url,
                           "outlet": url.split("/")[2],
                           "paragraphs": [p for p in article.text.split("\n") if p.strip()]})
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps({"manifest_mtime": stamp, "bodies": bodies}), encoding="utf-8")
    return bodies


def devset_bodies() -> list[dict]:
    """Originals of the development set if built, else of the Fundus ground truth, else none."""
    if devset.DEFAULT_OUT.is_file():
        with devset.DEFAULT_OUT.open(encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        return [{"title": r["title"], "url": r["url"], "outlet": r["outlet"],
                 "paragraphs": r["text"].split("\n")} for r in records if r["kind"] == "original"]
    if (devset.DEFAULT_DATA / "ground_truth.json").is_file():
        return [{"title": o.title, "url": o.url, "outlet": o.outlet, "paragraphs": list(o.paragraphs)}
                for o in devset.load_originals(devset.DEFAULT_DATA)]
    return []


def corpus(size: int, bodies: list[dict], seed: int, per_day: int,
           sentences_per_story: tuple[int, int] = (4, 12)):
    """(docs as Original, copies as (Original, original key, kind)) for `size` documents,
    each story of between the given numbers of sentences."""
    rng = random.Random(seed)
    sentences = [s for b in bodies for p in b["paragraphs"] for s in devset.sentences(p)]
    words = [w for s in sentences for w in s.split()]
    outlets = sorted({b["outlet"] for b in bodies})
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    span_minutes = max(1, size * 24 * 60 // per_day)
    stories = []
    for i in range(size - round(size * COPY_SHARE)):
        paragraphs, chosen = [], rng.sample(sentences, rng.randint(*sentences_per_story))
        chosen = [" ".join(rng.choice(words) if rng.random() < WORD_SWAP else w
                           for w in s.split()) for s in chosen]
        while chosen:
            take = rng.randint(1, 3)
            paragraphs.append(" ".join(chosen[:take]))
            chosen = chosen[take:]
        outlet = rng.choice(outlets)
        stories.append(Original(f"s{i}", outlet, f"https://{outlet}/story/{i}",
                                " ".join(paragraphs[0].split()[:10]), tuple(paragraphs),
                                start + timedelta(minutes=rng.randrange(span_minutes))))
    copies = []
    for j in range(size - len(stories)):
        original = rng.choice(stories)
        kind = rng.choice(kinds_possible(original))
        copy = make_copy(original, kind, rng.choice(COPY_OUTLETS), rng)
        copies.append((f"c{j}", copy, original.key, kind))
    return stories, copies


def to_docs(stories, copies, doc_type) -> list:
    docs = [doc_type(o.key, o.title, "\n".join(o.paragraphs), o.url, o.outlet,
                     o.published.strftime("%Y-%m-%dT%H:%M:%SZ")) for o in stories]
    docs += [doc_type(cid, c["title"], c["text"], c["url"], c["outlet"], c["published"])
             for cid, c, _, _ in copies]
    return docs


def run(size: int, docs: list, copies, cluster, memory: bool) -> dict:
    gc.collect()
    started = time.perf_counter()
    assignments = cluster(docs)
    seconds = time.perf_counter() - started
    story = {a.id: a.story_id for a in assignments}
    found = sum(1 for cid, _, key, _ in copies if cid in story and story.get(key) == story[cid])
    result = {"size": size, "seconds": seconds, "docs_per_second": size / seconds,
              "clusters": len(set(story.values())), "copies": len(copies),
              "copy_recall": found / len(copies) if copies else 1.0, "peak_mib": None}
    if memory:
        del assignments
        gc.collect()
        tracemalloc.start()
        before, _ = tracemalloc.get_traced_memory()
        cluster(docs)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["peak_mib"] = (peak - before) / 2**20
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.syndication", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,4000,16000",
                        help="comma-separated corpus sizes (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=2000,
                        help="documents published per day (default: %(default)s)")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced memory run")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))

    from bench.bounded import machine
    from transforms.syndication import Doc, cluster
    bodies = sample_bodies()
    extra = devset_bodies()
    print(f"Machine: {machine()}")
    print(f"Text: {len(bodies)} sample bodies + {len(extra)} development-set bodies; "
          f"{COPY_SHARE:.0%} syndicated copies ({', '.join(COPY_KINDS)}); "
          f"{args.per_day} documents a day")
    results = []
    for size in sizes:
        stories, copies = corpus(size, bodies + extra, args.seed, args.per_day)
        results.append(run(size, to_docs(stories, copies, Doc), copies, cluster,
                           not args.no_memory))
    print(f"\n{'docs':>7} {'seconds':>9} {'docs/s':>9} {'peak MiB':>9} {'clusters':>9} "
          f"{'copy recall':>11}")
    for r in results:
        peak = "-" if r["peak_mib"] is None else f"{r['peak_mib']:.1f}"
        print(f"{r['size']:>7} {r['seconds']:>9.2f} {r['docs_per_second']:>9.0f} {peak:>9} "
              f"{r['clusters']:>9} {r['copy_recall']:>11.3f}")
    ratio = None
    if len(results) > 1:
        first, last = results[0], results[-1]
        ratio = last["seconds"] / first["seconds"]
        print(f"\ntime({last['size']})/time({first['size']}) = {ratio:.1f} for "
              f"{last['size'] / first['size']:.0f}x the documents (target <= {TARGET_RATIO})")
    print("Peak memory: tracemalloc peak during a second, traced cluster() call, corpus excluded.")
    print(f"Reproduce: python -m bench.syndication --sizes {','.join(map(str, sizes))} "
          f"--seed {args.seed} --per-day {args.per_day}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": machine(), "results": results,
                                         "ratio": ratio}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
