"""Syndication clustering on the labelled development set.

    python -m eval.syndication [--input FILE] [--through-cli] [--json OUT]

Runs transforms.syndication.cluster on every document of the set (by default the file written
by `python -m eval.syndication_devset`, built first when missing), or with --through-cli the
`diplowire dedup` command on the file, and scores the predicted stories against the gold
`story` labels:

  pairwise P/R/F1   over pairs of documents in the same predicted / gold cluster
  B-cubed P/R/F1    per document, averaged (see eval/cluster_metrics.py)
  recall per kind   share of (original, copy of that kind) pairs in one predicted cluster
  false merges      hard-negative story pairs (same topic and day, different stories) of which
                    some document of one is in a predicted cluster with some document of the other
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Callable, Optional

from eval import load_records
from eval import syndication_devset as devset
from eval.cluster_metrics import bcubed_scores, pairwise_counts, pairwise_scores

MAX_LISTED = 10


def predict(records: list[dict], cluster: Callable, doc_type) -> tuple[dict, float]:
    """({doc id: predicted story id}, seconds taken by cluster())."""
    docs = [doc_type(r["id"], r["title"], r["text"], r.get("url"), r.get("outlet"),
                     r.get("published")) for r in records]
    started = time.perf_counter()
    assignments = cluster(docs)
    seconds = time.perf_counter() - started
    return {a.id: a.story_id for a in assignments}, seconds


def predict_through_cli(path: Path) -> tuple[dict, float]:
    """({doc id: predicted story id}, seconds) from `diplowire dedup` run on the file."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clusters.jsonl"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipelines.cli", "dedup", "--input", str(path),
                        "--output", str(out)], check=True, cwd=devset.PROJECT_ROOT)
        seconds = time.perf_counter() - started
        return {r["id"]: r["story_id"] for r in load_records(out)}, seconds


def score(records: list[dict], pred: dict) -> dict:
    gold = {r["id"]: r["story"] for r in records}
    originals = {r["story"]: r["id"] for r in records if r["kind"] == "original"}

    def together(a, b):
        return a in pred and b in pred and pred[a] == pred[b]

    found, missed = defaultdict(int), defaultdict(list)
    for r in records:
        if r["kind"] == "original":
            continue
        if together(originals[r["story"]], r["id"]):
            found[r["kind"]] += 1
        else:
            missed[r["kind"]].append(r["id"])
    kinds = sorted(found.keys() | missed.keys())
    recall_by_kind = {k: {"found": found[k], "copies": found[k] + len(missed[k]),
                          "recall": found[k] / (found[k] + len(missed[k]))} for k in kinds}

    predicted_of_story, stories_of_topic = defaultdict(set), defaultdict(set)
    for r in records:
        predicted_of_story[r["story"]].add(pred.get(r["id"], ("<unassigned>", r["id"])))
        if r.get("topic"):
            stories_of_topic[r["topic"]].add(r["story"])
    hard_pairs = [pair for topic in sorted(stories_of_topic)
                  for pair in combinations(sorted(stories_of_topic[topic]), 2)]
    merged = [list(p) for p in hard_pairs if predicted_of_story[p[0]] & predicted_of_story[p[1]]]

    correct, predicted_links, gold_links = pairwise_counts(gold, pred)
    return {
        "documents": len(records), "gold_stories": len(set(gold.values())),
        "predicted_stories": len(set(pred.values())),
        "unassigned": sum(1 for r in records if r["id"] not in pred),
        "pairwise": pairwise_scores(gold, pred)._asdict(),
        "pairwise_links": {"correct": correct, "predicted": predicted_links, "gold": gold_links},
        "bcubed": bcubed_scores(gold, pred)._asdict(),
        "recall_by_kind": recall_by_kind,
        "missed_copies": {k: v[:MAX_LISTED] for k, v in sorted(missed.items()) if v},
        "hard_negatives": {"pairs": len(hard_pairs), "false_merges": len(merged),
                           "merged_pairs": merged},
    }


def reproduce_command(path: Path, flags: str = "") -> str:
    command = f"python -m eval.syndication --input {devset.relative(path)}{flags}"
    meta = devset.meta_path(path)
    if meta.is_file():
        command = json.loads(meta.read_text())["command"] + " && " + command
    return command


def _print_report(path: Path, figures: dict, seconds: float, clusterer: str = "cluster()",
                  flags: str = "") -> None:
    f = figures
    print(f"Syndication clustering on {path}: {f['documents']} documents, "
          f"{f['gold_stories']} gold stories, {f['predicted_stories']} predicted "
          f"({f['unassigned']} documents unassigned); {clusterer} took {seconds:.2f} s")
    print(f"{'':<10} {'precision':>9} {'recall':>7} {'F1':>7}")
    for name in ("pairwise", "bcubed"):
        s = f[name]
        print(f"{name:<10} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f}")
    links = f["pairwise_links"]
    print(f"pairwise links: {links['correct']} correct, {links['predicted']} predicted, "
          f"{links['gold']} gold")
    print("\nRecall of original-copy pairs per kind")
    for kind, k in f["recall_by_kind"].items():
        print(f"  {kind:<10} {k['found']:>4}/{k['copies']:<4} {k['recall']:.4f}")
    hard = f["hard_negatives"]
    print(f"\nHard negatives: {hard['false_merges']} of {hard['pairs']} story pairs merged"
          + "".join(f"\n  {a} + {b}" for a, b in hard["merged_pairs"]))
    for kind, ids in f["missed_copies"].items():
        print(f"missed {kind}: {', '.join(ids)}")
    print(f"\nReproduce: {reproduce_command(path, flags)}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.syndication", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, default=devset.DEFAULT_OUT, metavar="FILE",
                        help="labelled JSON-lines set (default: %(default)s, built if missing)")
    parser.add_argument("--through-cli", action="store_true",
                        help="cluster with the `diplowire dedup` command, as a user would")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write all figures here")
    args = parser.parse_args(argv)

    if not args.input.is_file():
        if args.input.resolve() != devset.DEFAULT_OUT.resolve():
            print(f"No labelled set at {args.input}.", file=sys.stderr)
            return devset.EXIT_NO_DATA
        print(f"Building the development set first: {args.input}", file=sys.stderr)
        if devset.build_to(devset.DEFAULT_DATA, args.input, devset.DEFAULT_SEED) is None:
            return devset.EXIT_NO_DATA

    records = load_records(args.input)
    if args.through_cli:
        pred, seconds = predict_through_cli(args.input)
    else:
        from transforms import syndication   # imported late: the metrics work without it
        pred, seconds = predict(records, syndication.cluster, syndication.Doc)
    figures = score(records, pred)
    _print_report(args.input, figures, seconds, "diplowire dedup" if args.through_cli
                  else "cluster()", " --through-cli" if args.through_cli else "")
    if args.json:
        args.json.write_text(json.dumps({"input": str(args.input), "cluster_seconds": seconds,
                                         "command": reproduce_command(args.input), **figures},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
