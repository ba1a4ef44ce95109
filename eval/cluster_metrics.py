"""Scores of a clustering against gold clusters: plain functions on {item: label} mappings.

Pairwise: every unordered pair of items in the same predicted cluster is a predicted link,
every pair in the same gold cluster a gold link; precision = correct links / predicted links,
recall = correct links / gold links. The counts come from cluster sizes (n choose 2 summed over
clusters and over gold x predicted intersections), so no pair is enumerated. With no predicted
link precision is 1.0 (nothing wrongly merged); with no gold link recall is 1.0.

B-cubed (Bagga and Baldwin 1998): per item, precision = |its predicted cluster ∩ its gold
cluster| / |its predicted cluster|, recall = the same over |its gold cluster|; both averaged over
items. Also computed from the intersection sizes.

Items present in only one of the two mappings are scored as singletons on the other side.
"""
from __future__ import annotations

from collections import Counter
from typing import Hashable, Mapping, NamedTuple


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _aligned(gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]):
    """(gold label, predicted label) per item; a missing label becomes a unique singleton."""
    out = []
    for item in gold.keys() | pred.keys():
        g = gold[item] if item in gold else ("<unlabelled>", item)
        p = pred[item] if item in pred else ("<unassigned>", item)
        out.append((("g", g), ("p", p)))
    return out


def _sizes(gold, pred):
    both = _aligned(gold, pred)
    return (Counter(g for g, _ in both), Counter(p for _, p in both), Counter(both), len(both))


def pairwise_counts(gold: Mapping, pred: Mapping) -> tuple[int, int, int]:
    """(correct links, predicted links, gold links)."""
    gold_sizes, pred_sizes, joint, _ = _sizes(gold, pred)
    return (sum(_pairs(n) for n in joint.values()), sum(_pairs(n) for n in pred_sizes.values()),
            sum(_pairs(n) for n in gold_sizes.values()))


def pairwise_scores(gold: Mapping, pred: Mapping) -> Scores:
    correct, predicted, true = pairwise_counts(gold, pred)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    return Scores(precision, recall, f1(precision, recall))


def bcubed_scores(gold: Mapping, pred: Mapping) -> Scores:
    gold_sizes, pred_sizes, joint, items = _sizes(gold, pred)
    if not items:
        return Scores(1.0, 1.0, 1.0)
    # Each of the n items of an intersection scores n/|cluster|: n*n/|cluster| together.
    precision = sum(n * n / pred_sizes[p] for (g, p), n in joint.items()) / items
    recall = sum(n * n / gold_sizes[g] for (g, p), n in joint.items()) / items
    return Scores(precision, recall, f1(precision, recall))
