"""How far the tagger is from human agreement: independent codings of the same sentences.

    python -m eval.agreement [--set voa|wire3] [--context sentence|story] [--json OUT]

A gold set coded by one annotator says how well the tagger agrees with that annotator, not how
well any coder could. For the sets below, further annotators coded the same selected sentences
blind, under the same rules (eval/data/<set>/second_coding/, README.md there), without the
first coding or any tagger output. This command scores every pair of codings against each
other and the tagger against every coding:

  root     CAMEO root codes per sentence (multisets)
  dyad     (source country, target country, root) triples per sentence, as
           `python -m eval.events_heldout` compares them

F1 between two codings is 2 * matched / (events of one + events of the other): it does not
depend on which side is called gold, so every pair is scored once and all events count,
whatever their confidence. The mean over human pairs is the agreement the tagger can be held
to; the mean of the tagger against each human coding is its figure on the same footing.
"Majority" is an adjudication-free consensus: the events at least two of three codings give a
sentence.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Optional

from eval import PROJECT_ROOT, load_records
from eval.events_heldout import (EXIT_NO_DATA, MissingStories, gold_triples, matched,
                                 predicted_triples, tag_records)

DATA = PROJECT_ROOT / "eval" / "data"
SETS = {
    "voa": DATA / "voa" / "events_gold.jsonl",
    "wire3": DATA / "wire_dev3" / "events_dev.jsonl",
}
TAGGER = "tagger"
PROJECTIONS: dict[str, Callable[[tuple], object]] = {
    "root": lambda triple: triple[2],
    "dyad": lambda triple: triple,
}

Coding = dict[str, list[tuple]]   # sentence id -> (source, target, root) triples


def coding_of(records: list[dict]) -> Coding:
    return {r["id"]: gold_triples(r, 0)[0] for r in records}


def pair_f1(one: Coding, other: Coding, project: Callable[[tuple], object]) -> dict:
    """F1 of two codings of the same sentences against each other, with its counts."""
    if one.keys() != other.keys():
        raise ValueError("the two codings cover different sentences")
    both = size_one = size_other = 0
    for sentence_id, events in one.items():
        labels_one = [project(e) for e in events]
        labels_other = [project(e) for e in other[sentence_id]]
        both += matched(labels_one, labels_other)
        size_one += len(labels_one)
        size_other += len(labels_other)
    total = size_one + size_other
    return {"f1": 2 * both / total if total else 1.0, "matched": both,
            "events": [size_one, size_other]}


def majority(codings: list[Coding], project: Callable[[tuple], object]) -> Coding:
    """Per sentence, each label as many times as a majority of the codings give it at least."""
    needed = len(codings) // 2 + 1
    consensus: Coding = {}
    for sentence_id in codings[0]:
        counts = [Counter(map(project, coding[sentence_id])) for coding in codings]
        labels = set().union(*counts)
        consensus[sentence_id] = [
            label for label in sorted(labels, key=repr)
            for _ in range(sorted((c[label] for c in counts), reverse=True)[needed - 1])]
    return consensus


def second_codings(gold: Path) -> dict[str, list[dict]]:
    """The further codings beside a gold set, by coder name (file stem), checked to cover
    exactly the gold set's sentences with the same text."""
    records = {r["id"]: r["text"] for r in load_records(gold)}
    codings = {}
    for path in sorted((gold.parent / "second_coding").glob("*.jsonl")):
        coded = load_records(path)
        if {r["id"]: r["text"] for r in coded} != records:
            raise ValueError(f"{path} does not code the sentences of {gold}")
        codings[path.stem] = coded
    return codings


def agreement(humans: dict[str, Coding], tagger: Optional[Coding]) -> dict:
    """Pairwise F1 among human codings ("pairs", by "coder~coder"), the tagger against each
    ("tagger", by coder), each with its mean, and the tagger against the majority; per
    projection (root, dyad)."""
    result: dict = {"pairs": {}, "tagger": {}, "majority": {}}
    for name, project in PROJECTIONS.items():
        result["pairs"][name] = with_mean({
            f"{a}~{b}": pair_f1(humans[a], humans[b], project)
            for a, b in itertools.combinations(humans, 2)})
        if tagger is None:
            continue
        result["tagger"][name] = with_mean({
            f"{TAGGER}~{coder}": pair_f1(tagger, coding, project)
            for coder, coding in humans.items()})
        if len(humans) >= 3:
            # Majority labels are projected already, so they are compared as they are.
            consensus = majority(list(humans.values()), project)
            result["majority"][name] = pair_f1(
                {k: [project(t) for t in v] for k, v in tagger.items()}, consensus,
                lambda label: label)
    return result


def with_mean(scores: dict[str, dict]) -> dict:
    values = [s["f1"] for s in scores.values()]
    return {"by_pair": scores, "mean": sum(values) / len(values) if values else 0.0}


def print_report(result: dict, set_name: str, sentences: int, context: str) -> None:
    print(f"Agreement on {set_name}: {sentences} sentences, each coding scored against each "
          f"other (F1; tagger: {context} context)")
    for name in PROJECTIONS:
        print(f"\n{name}")
        human = result["pairs"][name]["mean"]
        groups = [("human pairs, mean", result["pairs"][name], "")]
        if name in result["tagger"]:
            mean = result["tagger"][name]["mean"]
            groups.append(("tagger~human, mean", result["tagger"][name],
                           f"  ({mean / human if human else 0:.2f} of human agreement)"))
        for label, group, remark in groups:
            for pair, s in group["by_pair"].items():
                print(f"  {pair:<22} {s['f1']:.3f}  ({s['matched']} matched of "
                      f"{s['events'][0]} / {s['events'][1]})")
            print(f"  {label:<22} {group['mean']:.3f}{remark}")
        if name in result["majority"]:
            print(f"  {'tagger~majority':<22} {result['majority'][name]['f1']:.3f}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.agreement", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=tuple(SETS), default="voa")
    parser.add_argument("--context", choices=("sentence", "story"), default="sentence",
                        help="tag each sentence alone, or whole stories (default: %(default)s)")
    parser.add_argument("--no-tagger", action="store_true",
                        help="score the human codings only")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    gold = SETS[args.set]
    records = load_records(gold)
    humans = {"first": coding_of(records)}
    humans.update({name: coding_of(coded) for name, coded in second_codings(gold).items()})
    if len(humans) < 2:
        print(f"No second coding beside {gold}: nothing to compare.", file=sys.stderr)
        return EXIT_NO_DATA
    tagger = None
    if not args.no_tagger:
        try:
            tagged = tag_records(records, gold, args.context)
        except MissingStories as exc:
            print(f"Cannot tag in story context: {exc}.", file=sys.stderr)
            return EXIT_NO_DATA
        tagger = {r["id"]: predicted_triples(tagged[r["id"]]) for r in records}
    result = agreement(humans, tagger)
    print_report(result, args.set, len(records), args.context)
    flags = f" --set {args.set}" if args.set != "voa" else ""
    flags += f" --context {args.context}" if args.context != "sentence" else ""
    print(f"\nReproduce: python -m eval.agreement{flags}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=list) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
