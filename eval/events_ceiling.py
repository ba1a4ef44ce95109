"""How much of a gold set the coder could reach by choosing better among what it finds.

    python -m eval.events_ceiling [--gold FILE ...]

The coder first finds candidates in a sentence: the verbs (and verb phrases) its dictionaries
code, and the actors they name; then its rules choose among them. A gold event is within
reach when its root is the code of some candidate verb of its sentence (or of an event the
coder outputs for it with the story as context), and its dyad is within reach when, besides,
both its actors are among the sentence's actors (or are left unnamed in the gold). Gold
events out of reach can only be found by finding more: a better choice among the candidates
cannot find them. Within reach is an upper bound: one candidate verb reaches every gold
event of its root in the sentence (a joint act coded both ways, a compound target), as the
coder's own events of one verb can. On the other side, a root the rules derive from a verb's
context (intent 03 from "will meet", rejection 12 from negated cooperation, demand 10 from
"must") counts only where the coder outputs it; the "+context" column also counts the roots
rules derive (02, 03, 10, 12, 13) as within reach of any sentence with a candidate verb, an
upper bound on that side. The default runs every bundled hand-coded set; each line gives the
share of gold events whose root (dyad) the coder outputs, and the shares within reach.

Between the two, "coded" counts the gold events whose root (dyad) is that of an event the
coder coded from the sentence's candidates (tagged alone) before choosing, or output: what
re-ranking the coder's own events could win (an upper bound like reach: one coded event
counts for every gold event it matches). A candidate verb whose actors the coder did not
find, or did not place as source and target, is within reach but not coded.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

from eval import PROJECT_ROOT, load_records
from eval.events_heldout import (MissingStories, actor_key, gold_triples, predicted_triples,
                                 tag_records)
from transforms.tagging import default_lexicon, find_actors, find_verbs, tag_text
from transforms.text import tokens

BUNDLED = sorted((PROJECT_ROOT / "eval" / "data").glob("*/events_*.jsonl"))
# Roots the rules derive from a verb's context rather than from its own code: appeal and
# demand ("said B should / must"), intent, rejection (negated cooperation), threat.
CONTEXT_ROOTS = frozenset({"02", "03", "10", "12", "13"})


def reach(records: list[dict], tagged: dict[str, dict]) -> Counter:
    """Counts of gold events: all, output by the coder and within reach, root and dyad."""
    lexicon = default_lexicon()
    counts: Counter = Counter()
    for record in records:
        gold, _ = gold_triples(record, 0)
        if not gold:
            continue
        toks = tokens(record["text"])
        actors = find_actors(record["text"], toks, lexicon, record.get("published"), {})
        predicted = predicted_triples(tagged[record["id"]])
        considered: list = []
        tag_text(record["text"], record.get("published"), lexicon, considered)
        coded = set(predicted) | {
            (actor_key(e.source.country, e.source.code),
             actor_key(e.target.country, e.target.code) if e.target else None, e.root_code)
            for e in considered}
        coded_roots = {root for _, _, root in coded}
        verbs = find_verbs(toks, lexicon, actors)
        roots = {verb.code[:2] for verb in verbs} | {root for _, _, root in predicted}
        with_context = roots | (CONTEXT_ROOTS if verbs else frozenset())
        keys = {actor_key(a.country, a.code) for a in actors} | {None}
        keys |= {actor for source, target, _ in predicted for actor in (source, target)}
        output = Counter(predicted)
        output_roots = Counter(root for _, _, root in predicted)
        for source, target, root in gold:
            counts["gold"] += 1
            if output_roots[root] > 0:
                output_roots[root] -= 1
                counts["root_output"] += 1
            if output[(source, target, root)] > 0:
                output[(source, target, root)] -= 1
                counts["dyad_output"] += 1
            counts["root_coded"] += root in coded_roots
            counts["dyad_coded"] += (source, target, root) in coded
            counts["root_reach"] += root in roots
            counts["root_reach_context"] += root in with_context
            named = source in keys and target in keys
            counts["dyad_reach"] += root in roots and named
            counts["dyad_reach_context"] += root in with_context and named
    return counts


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.events_ceiling", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, nargs="+", default=BUNDLED)
    args = parser.parse_args(argv)
    print(f"{'gold set':<34} {'events':>6} {'root: output':>13} {'coded':>6} {'reach':>6} "
          f"{'+context':>9} {'dyad: output':>13} {'coded':>6} {'reach':>6} {'+context':>9}")
    for gold in args.gold:
        records = load_records(gold)
        try:
            tagged = tag_records(records, gold, "story")
        except MissingStories as exc:
            print(f"{gold.parent.name:<34} skipped: {exc}")
            continue
        c = reach(records, tagged)
        n = c["gold"] or 1
        print(f"{gold.parent.name + '/' + gold.name:<34} {c['gold']:>6} "
              f"{c['root_output'] / n:>13.2f} {c['root_coded'] / n:>6.2f} "
              f"{c['root_reach'] / n:>6.2f} {c['root_reach_context'] / n:>9.2f} "
              f"{c['dyad_output'] / n:>13.2f} {c['dyad_coded'] / n:>6.2f} "
              f"{c['dyad_reach'] / n:>6.2f} {c['dyad_reach_context'] / n:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
