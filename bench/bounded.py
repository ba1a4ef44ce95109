"""Benchmark of the bounded run: the Beam pipeline vs the same functions in a plain loop and in
a plain 2-process pool, on the same loopback corpus, in the same run.

    python -m bench.bounded [--pages 2000] [--source sample|fundus|both]
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import multiprocessing
import json
import os
import pathlib
import platform
import tempfile
import time
from typing import Iterator, Optional

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions

from bench import corpus
from pipelines import bounded
from pipelines.options import DiplowireOptions
from samples.replay import ReplayServer
from schemas.rows import ArticleRow, DeadLetterRow
from schemas.tables import TABLES
from transforms.analysis import warm_up_analysis
from transforms.events import EventShare, code_article, roll_up
from transforms.extraction import article_row, extract_article, warm_up_worker
from transforms.feed_sources import load_feed_sources
from transforms.feeds import poll_feed
from transforms.fetch import fetch_page
from transforms.http import HttpClient, HttpPolicy
from transforms.records import FeedEntry, FetchedPage
from transforms.stories import fold_in_memory
from transforms.warehouse import (DUCKDB_BATCH_ROWS, WarehouseSpec, ensure_tables,
                                  upsert_rows)


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


STAGES = ("poll", "fetch", "extract", "fold", "code", "write")
# Once per process, before any article: what the pipeline's extraction workers do first
# (transforms.extraction.warm_up_worker: load the language model and the tagging
# dictionaries, then exempt them from garbage collection). Reported apart from the stages.
WARM_UP = "warm_up"


def _extract(page):
    """A fetched page (or its dead letter) -> ArticleRow or DeadLetterRow."""
    if not isinstance(page, FetchedPage):
        return page
    return article_row(page, extract_article(page.body, page.final_url))


def plain_run(feeds_file: str, policy: HttpPolicy, warehouse: str, processes: int = 1,
              stage_cpu: Optional[dict] = None) -> int:
    """The pipeline's functions (poll, fetch, extract, fold stories, code events, upsert)
    without Beam: one after another in this process, or with extraction and event coding
    (the CPU-heavy, per-article steps) on a pool of `processes` worker processes. The
    process that extracts and codes warms up first, as the pipeline's workers do.
    `stage_cpu` collects this process's CPU seconds per stage (all of the work when
    processes == 1), and of the warm-up (WARM_UP)."""
    stage_cpu = {} if stage_cpu is None else stage_cpu
    clock = time.process_time

    def timed(stage, started):
        stage_cpu[stage] = stage_cpu.get(stage, 0.0) + clock() - started

    pool = multiprocessing.get_context("fork").Pool(
        processes, initializer=warm_up_worker, initargs=(warm_up_analysis,)) \
        if processes > 1 else None
    mapper = (lambda fn, items: pool.map(fn, items, chunksize=8)) if pool else \
        (lambda fn, items: list(map(fn, items)))
    try:
        if pool is None:
            started = clock()
            warm_up_worker(warm_up_analysis)
            timed(WARM_UP, started)
        started = clock()
        client = HttpClient(policy)
        seen: dict[str, FeedEntry] = {}
        dead = []
        for source in load_feed_sources(feeds_file):
            for item in poll_feed(client, source).items:
                if isinstance(item, FeedEntry):
                    seen.setdefault(item.entry_url, item)
                else:
                    dead.append(item)
        timed("poll", started)
        started = clock()
        pages = [fetch_page(client, entry) for entry in seen.values()]
        timed("fetch", started)
        started = clock()
        articles = {}
        for row in mapper(_extract, pages):
            if isinstance(row, ArticleRow):
                articles.setdefault(row.article_id, row)
            else:
                dead.append(row)
        timed("extract", started)
        started = clock()
        rows, stories = fold_in_memory(list(articles.values()))
        timed("fold", started)
        started = clock()
        shares: dict[str, list[EventShare]] = collections.defaultdict(list)
        coded: dict[str, list] = {"mentions": [], "entities": []}
        for article, tables in zip(rows, mapper(code_article, rows)):
            if isinstance(tables, DeadLetterRow):
                dead.append(tables)
            elif tables:
                events, coded_mentions, coded_entities = tables
                for event in events:
                    shares[event.event_id].append(EventShare(event, article.outlet))
                coded["mentions"].extend(coded_mentions)
                coded["entities"].extend(coded_entities)
        coded["events"] = [roll_up(event_shares) for event_shares in shares.values()]
        timed("code", started)
        started = clock()
        ensure_tables(warehouse)
        for name, table_rows in {"articles": rows, "dead_letters": dead, "stories": stories,
                                 **coded}.items():
            for start in range(0, len(table_rows), DUCKDB_BATCH_ROWS):
                upsert_rows(warehouse, TABLES[name], table_rows[start:start + DUCKDB_BATCH_ROWS])
        timed("write", started)
        return len(rows)
    finally:
        if pool:
            pool.close()
            pool.join()


def _serve(root: pathlib.Path, conn) -> None:
    with ReplayServer(root) as server:
        conn.send(server.resolve_rules())
        conn.recv()  # until told to stop


@contextlib.contextmanager
def replay_server_process(root: pathlib.Path) -> Iterator[tuple[tuple[str, str], ...]]:
    """The recorded web served from a process of its own; yields its resolve rules. In this
    process, its threads' CPU would count as the fetch stage's (process_time is the whole
    process's), and forking the plain pool would copy a process with running threads."""
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("spawn").Process(
        target=_serve, args=(root, child), name="replay-server", daemon=True)
    server.start()
    child.close()  # so that a server that dies before it answers ends recv() with EOFError
    try:
        try:
            rules = parent.recv()
        except EOFError:
            raise SystemExit("the replay server process failed to start (see its error "
                             "above)") from None
        yield rules
    finally:
        if server.is_alive():
            parent.send("stop")
        server.join(10)


def _timed_pipeline(root: pathlib.Path, common: list[str], name: str, extra: list[str]):
    warehouse = root / f"{name}.duckdb"
    started = time.perf_counter()
    summary = bounded.run(["--feeds", str(root / "web" / "feeds.txt"),
                           "--warehouse", f"duckdb:{warehouse}"] + common + extra,
                          report_progress=False)
    return summary.warehouse_rows, time.perf_counter() - started


def _timed_plain(root: pathlib.Path, policy: HttpPolicy, name: str, processes: int,
                 stage_cpu: Optional[dict] = None):
    warehouse = root / f"{name}.duckdb"
    started = time.perf_counter()
    plain_run(str(root / "web" / "feeds.txt"), policy, str(warehouse), processes, stage_cpu)
    seconds = time.perf_counter() - started
    return WarehouseSpec.parse(f"duckdb:{warehouse}").row_counts(), seconds


# The Beam configurations measured: DirectRunner's in-process engine as `diplowire run` uses
# it, and the same engine with two SDK worker processes.
PIPELINE_CONFIGS = {
    "pipeline": [],
    "pipeline_2_processes": ["--direct_num_workers=2", "--direct_running_mode=multi_processing"],
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--source", choices=("sample", "fundus", "both"), default="both")
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

    runs: dict[str, tuple[dict, float]] = {}
    stage_cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="diplowire-bench-") as tmp:
        root = pathlib.Path(tmp)
        shape = corpus.build(root / "web", pages, args.pages)
        print(f"machine: {machine()}")
        print(f"corpus: {json.dumps(shape)} from {args.source} pages")
        with replay_server_process(root / "web") as resolve_rules:
            common = ["--allow_network", "127.0.0.1/32", "--per_host_interval", "0",
                      "--per_host_concurrency", "8"]
            common += [f"--resolve={h}={t}" for h, t in resolve_rules]
            policy = PipelineOptions(common).view_as(DiplowireOptions).http_policy()
            for name, extra in PIPELINE_CONFIGS.items():
                runs[name] = _timed_pipeline(root, common, name, extra)
            runs["plain_loop"] = _timed_plain(root, policy, "loop", 1, stage_cpu)
            runs["plain_pool_2"] = _timed_plain(root, policy, "pool", 2)

    expected = runs["plain_loop"][0]
    figures = {"machine": machine(), "corpus": shape, "runs": {}}
    for name, (rows, seconds) in runs.items():
        rate = rows["articles"] / seconds
        figures["runs"][name] = {"articles": rows["articles"], "seconds": round(seconds, 2),
                                 "articles_per_second": round(rate, 2),
                                 "same_rows_as_loop": rows == expected}
        print(f"{name:<22} {rows['articles']} articles in {seconds:6.1f} s = "
              f"{rate:6.1f} articles/s" + ("" if rows == expected else f"  MISMATCH {rows}"))
    total_cpu = sum(stage_cpu[stage] for stage in STAGES)
    figures["stage_cpu_seconds"] = {k: round(v, 2) for k, v in stage_cpu.items()}
    print("CPU per stage (plain loop, one process): " + ", ".join(
        f"{stage} {stage_cpu[stage]:.1f} s ({stage_cpu[stage] / total_cpu:.0%})"
        for stage in STAGES if stage in stage_cpu)
        + f"; warm-up once per process {stage_cpu[WARM_UP]:.1f} s")
    outside = 1 - stage_cpu["extract"] / total_cpu
    # The warm-up is once per process, not per article; counted as if it were, outside
    # extraction (most of it is the tagging dictionaries), the share is this much higher.
    with_warm_up = ((total_cpu - stage_cpu["extract"] + stage_cpu[WARM_UP])
                    / (total_cpu + stage_cpu[WARM_UP]))
    figures["outside_extraction"] = round(outside, 4)
    figures["outside_extraction_with_warm_up"] = round(with_warm_up, 4)
    print(f"everything but extraction: {outside:.1%} of the CPU "
          f"({with_warm_up:.1%} with the warm-up counted outside extraction)")
    rate = {name: f["articles_per_second"] for name, f in figures["runs"].items()}
    figures["ratio_to_loop"] = round(rate["pipeline"] / rate["plain_loop"], 3)
    best = max(PIPELINE_CONFIGS, key=lambda name: rate[name])
    figures["ratio_to_pool"] = round(rate["pipeline"] / rate["plain_pool_2"], 3)
    figures["best_pipeline_ratio_to_pool"] = {best: round(rate[best] / rate["plain_pool_2"], 3)}
    print(f"ratio_to_loop: {figures['ratio_to_loop']}")
    print(f"best Beam configuration: {best}, {figures['best_pipeline_ratio_to_pool'][best]} "
          f"of the pool")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print(f"ratio_to_pool: {figures['ratio_to_pool']}")
    return 0 if all(f["same_rows_as_loop"] for f in figures["runs"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
