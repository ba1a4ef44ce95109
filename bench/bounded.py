"""Benchmark of the bounded run: the Beam pipeline vs a plain Python loop over the same
functions, on the same loopback corpus, in the same process and run.

    python -m bench.bounded [--pages 1000] [--source sample|fundus|both]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import platform
import tempfile
import time

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from bench import corpus
from pipelines import bounded
from pipelines.options import DiplowireOptions
from samples.replay import ReplayServer
from schemas.rows import ArticleRow
from schemas.tables import TABLES
from transforms.events import EventShare, code_article, roll_up
from transforms.extraction import article_row, extract_article
from transforms.feed_sources import load_feed_sources
from transforms.feeds import poll_feed
from transforms.fetch import fetch_page
from transforms.http import HttpClient, HttpPolicy
from transforms.records import FeedEntry, FetchedPage
from transforms.stories import fold_in_memory
from transforms.warehouse import WarehouseSpec, ensure_tables, upsert_rows


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"Beam {beam.__version__}")


def plain_loop(feeds_file: str, policy: HttpPolicy, warehouse: str) -> int:
    """The same functions (poll, fetch, extract, fold stories, code events, upsert), one
    after another, without Beam."""
    client = HttpClient(policy)
    seen: dict[str, FeedEntry] = {}
    dead = []
    for source in load_feed_sources(feeds_file):
        for item in poll_feed(client, source).items:
            if isinstance(item, FeedEntry):
                seen.setdefault(item.entry_url, item)
            else:
                dead.append(item)
    articles = {}
    for entry in seen.values():
        page = fetch_page(client, entry)
        row = (article_row(page, extract_article(page.body, page.final_url))
               if isinstance(page, FetchedPage) else page)
        if isinstance(row, ArticleRow):
            articles.setdefault(row.article_id, row)
        else:
            dead.append(row)
    rows, stories = fold_in_memory(list(articles.values()))
    shares: dict[str, list[EventShare]] = collections.defaultdict(list)
    coded: dict[str, list] = {"mentions": [], "entities": []}
    for article in rows:
        tables = code_article(article)
        if tables:
            events, coded_mentions, coded_entities = tables
            for event in events:
                shares[event.event_id].append(EventShare(event, article.outlet))
            coded["mentions"].extend(coded_mentions)
            coded["entities"].extend(coded_entities)
    coded["events"] = [roll_up(event_shares) for event_shares in shares.values()]
    ensure_tables(warehouse)
    for name, table_rows in {"articles": rows, "dead_letters": dead, "stories": stories,
                             **coded}.items():
        for start in range(0, len(table_rows), 500):
            upsert_rows(warehouse, TABLES[name], table_rows[start:start + 500])
    return len(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--source", choices=("sample", "fundus", "both"), default="sample")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures here")
    args = parser.parse_args(argv)

    pages = []
    if args.source in ("sample", "both"):
        pages += corpus.sample_article_pages()
    if args.source in ("fundus", "both"):
        real = corpus.fundus_pages()
        if not real:
            print(f"note: real pages not found at {corpus.FUNDUS_DIR}; using the sample only")
        pages += real

    with tempfile.TemporaryDirectory(prefix="diplowire-bench-") as tmp:
        root = pathlib.Path(tmp)
        shape = corpus.build(root / "web", pages, args.pages)
        print(f"machine: {machine()}")
        print(f"corpus: {json.dumps(shape)} from {args.source} pages")
        with ReplayServer(root / "web") as server:
            common = ["--allow_network", "127.0.0.1/32", "--per_host_interval", "0",
                      "--per_host_concurrency", "8"]
            common += [f"--resolve={h}={t}" for h, t in server.resolve_rules()]
            started = time.perf_counter()
            summary = bounded.run(["--feeds", str(root / "web" / "feeds.txt"),
                                   "--warehouse", f"duckdb:{root / 'pipeline.duckdb'}"] + common,
                                  report_progress=False)
            pipeline_seconds = time.perf_counter() - started
            pipeline_articles = summary.warehouse_rows["articles"]

            policy = PipelineOptions(common).view_as(DiplowireOptions).http_policy()
            started = time.perf_counter()
            loop_articles = plain_loop(str(root / "web" / "feeds.txt"), policy,
                                       str(root / "loop.duckdb"))
            loop_seconds = time.perf_counter() - started
            loop_rows = WarehouseSpec.parse(f"duckdb:{root / 'loop.duckdb'}").row_counts()

    pipeline_rate = pipeline_articles / pipeline_seconds
    loop_rate = loop_articles / loop_seconds
    figures = {
        "machine": machine(), "corpus": shape,
        "pipeline": {"articles": pipeline_articles, "seconds": round(pipeline_seconds, 2),
                     "articles_per_second": round(pipeline_rate, 2)},
        "plain_loop": {"articles": loop_articles, "seconds": round(loop_seconds, 2),
                       "articles_per_second": round(loop_rate, 2)},
        "ratio_to_loop": round(pipeline_rate / loop_rate, 3),
    }
    print(f"pipeline (Beam, {summary.counters.get('pages_fetched', 0)} pages fetched): "
          f"{pipeline_articles} articles in {pipeline_seconds:.1f} s = {pipeline_rate:.1f} articles/s")
    print(f"plain loop (same functions, one process): {loop_articles} articles in "
          f"{loop_seconds:.1f} s = {loop_rate:.1f} articles/s")
    if loop_rows != summary.warehouse_rows:
        print(f"MISMATCH: the pipeline wrote {summary.warehouse_rows}, the loop {loop_rows}")
    print(f"ratio_to_loop: {figures['ratio_to_loop']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0 if loop_rows == summary.warehouse_rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
