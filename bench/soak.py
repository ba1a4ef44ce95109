"""Soak benchmark of the streaming run: synthetic feed churn on the loopback replay server for
a long run, sampling freshness, memory and state size over time.

    python -m bench.soak [--minutes 30] [--feeds 10] [--every 20] [--poll-interval 30]
                         [--state-ttl 300]

Each of --feeds synthetic feeds (samples.replay.ChurnFeed) gains a new entry every --every
seconds, linking to a ~600-word article built from the sample's sentences, published at
the moment it appears. The streaming pipeline polls them every --poll-interval seconds on
Prism and forgets state after --state-ttl seconds (short here, so that the run reaches the
steady state in which memory must stay flat).

Reported every minute: articles written, freshness p95 (seconds from an entry's appearance
to its row being written), the story memory's size (documents remembered minus forgotten),
and the resident memory of this process (the SDK harness, with the story memory's cache) and
of the Prism runner process (which holds keyed state). At the end: freshness p50/p95 against
two poll intervals, and memory growth after the ttl was first reached.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import tempfile
import threading
import time

from bench.bounded import machine
from pipelines import streaming
from samples.replay import ChurnFeed, ReplayServer
from transforms import progress

SAMPLE_EVERY = float(os.environ.get("DIPLOWIRE_SOAK_SAMPLE_EVERY", 60))


def rss_mib(pid: int) -> float:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def prism_pids() -> list[int]:
    """Prism runner processes started by this process."""
    pids = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"prism" in cmdline:
            pids.append(int(entry.name))
    return pids


def sample(started: float) -> dict:
    counts = progress.snapshot()
    n = progress.NAMESPACE
    p95 = progress.percentile("freshness_seconds", 95)
    return {
        "minute": round((time.monotonic() - started) / 60, 1),
        "articles": counts.get(f"{n}/articles_written", 0),
        "freshness_p95_s": round(p95, 1) if p95 is not None else None,
        "stories_remembered": (counts.get(f"{n}/story_articles_remembered", 0)
                               - counts.get(f"{n}/story_articles_forgotten", 0)),
        "harness_rss_mib": round(rss_mib(os.getpid()), 1),
        "prism_rss_mib": round(sum(rss_mib(pid) for pid in prism_pids()), 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--every", type=float, default=20.0,
                        help="seconds between new entries of one feed")
    parser.add_argument("--poll-interval", type=float, default=30.0)
    parser.add_argument("--state-ttl", type=float, default=300.0)
    parser.add_argument("--json", type=pathlib.Path, help="also write the samples here")
    args = parser.parse_args(argv)

    # Feeds publish at slightly different rates (0.8x to 1.2x --every), so appearances drift
    # against the polls as on a live web instead of always landing on the same phase.
    churn = [ChurnFeed(f"churn{i}.example", seed=i,
                       every=args.every * (0.8 + 0.4 * i / max(1, args.feeds - 1)))
             for i in range(args.feeds)]
    samples: list[dict] = []
    stop = threading.Event()
    print(f"machine: {machine()}")
    print(f"churn: {args.feeds} feeds, a new entry about every {args.every:g} s each "
          f"({args.feeds * 60 / args.every:.0f} articles/min); poll interval "
          f"{args.poll_interval:g} s; state ttl {args.state_ttl:g} s; {args.minutes:g} min")
    with tempfile.TemporaryDirectory(prefix="diplowire-soak-") as tmp:
        root = pathlib.Path(tmp)
        (root / "web").mkdir()
        feeds = root / "feeds.txt"
        feeds.write_text("".join(f"{c.feed_url}\n" for c in churn))
        with ReplayServer(root / "web", churn=churn) as server:
            argv = ["--streaming", "--duration", str(args.minutes * 60),
                    "--poll_interval", str(args.poll_interval),
                    "--state_ttl", str(args.state_ttl), "--feeds", str(feeds),
                    "--warehouse", f"duckdb:{root / 'soak.duckdb'}",
                    "--allow_network", "127.0.0.1/32", "--per_host_interval", "0"]
            argv += [f"--resolve={host}={target}" for host, target in server.resolve_rules()]
            started = time.monotonic()

            def sampler():
                while not stop.wait(SAMPLE_EVERY):
                    samples.append(sample(started))
                    print(json.dumps(samples[-1]), flush=True)

            thread = threading.Thread(target=sampler, daemon=True)
            thread.start()
            try:
                summary = streaming.run(argv, report_progress=False)
            finally:
                stop.set()
                thread.join()
    print(summary.text())
    p50 = progress.percentile("freshness_seconds", 50)
    p95 = progress.percentile("freshness_seconds", 95)
    bound = 2 * args.poll_interval
    print(f"freshness: p50 {p50:.1f} s, p95 {p95:.1f} s from appearance to row "
          f"(two poll intervals: {bound:g} s) -> {'within' if p95 <= bound else 'OVER'}")
    steady = [s for s in samples if s["minute"] * 60 >= 2 * args.state_ttl]
    if len(steady) >= 2:
        for key in ("harness_rss_mib", "prism_rss_mib", "stories_remembered"):
            first, last = steady[0][key], steady[-1][key]
            print(f"{key}: {first} at minute {steady[0]['minute']}, {last} at minute "
                  f"{steady[-1]['minute']} (after twice the ttl)")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "args": vars(args) | {
            "json": None}, "samples": samples, "freshness_p50_s": p50,
            "freshness_p95_s": p95}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
