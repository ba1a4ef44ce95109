"""Text-overlap metrics for body extraction.

The primary metric is the one of ScrapingHub's article-extraction-benchmark: bags of
4-word shingles, each document normalised to weigh the same, precision and recall
averaged over documents. ROUGE-LSum F1 is secondary: it is what the Fundus paper
publishes (trafilatura 93.62, Fundus 97.69), so it lets our figures be set beside theirs.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, NamedTuple, Sequence

SHINGLE_SIZE = 4
_WORD = re.compile(r"\w+")
# rouge-score's default tokenizer: lower-case, then ASCII letters and digits only, so
# "César" gives "c", "sar". Kept as is because the published figures were made with it.
_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


class Counts(NamedTuple):
    """Shingle tp, fp, fn of one document, normalised to sum to 1 (or all zero)."""
    tp: float
    fp: float
    fn: float


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


def tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter:
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < size:
        # A short text is still content: one shorter shingle rather than none.
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


def shingle_counts(true: str, pred: str, size: int = SHINGLE_SIZE) -> Counts:
    true_bag, pred_bag = shingles(true, size), shingles(pred, size)
    tp = fp = fn = 0
    for shingle in true_bag.keys() | pred_bag.keys():
        t, p = true_bag[shingle], pred_bag[shingle]
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total == 0:
        return Counts(0.0, 0.0, 0.0)
    # Normalised so that a long article does not outweigh a short one.
    return Counts(tp / total, fp / total, fn / total)


def precision(c: Counts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    if c.tp == 0 and c.fp == 0:
        return 0.0
    return c.tp / (c.tp + c.fp)


def recall(c: Counts) -> float:
    if c.fp == 0 and c.fn == 0:
        return 1.0
    if c.tp == 0 and c.fn == 0:
        return 0.0
    return c.tp / (c.tp + c.fn)


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def document_scores(c: Counts) -> Scores:
    p, r = precision(c), recall(c)
    return Scores(p, r, f1(p, r))


def corpus_scores(counts: Iterable[Counts]) -> Scores:
    """Mean per-document precision and recall; F1 of those two means.

    A document with nothing predicted has no precision, and one with nothing to find no
    recall: each is left out of that mean only.
    """
    counts = list(counts)
    ps = [precision(c) for c in counts if c.tp + c.fp > 0]
    rs = [recall(c) for c in counts if c.tp + c.fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return Scores(p, r, f1(p, r))


# ROUGE-LSum (summary-level LCS, Lin 2004), as rouge-score's rougeLsum computes it.

def rouge_units(text: str) -> list[list[str]]:
    """Newline-separated units (paragraphs here), each a list of rouge tokens."""
    return [_ROUGE_TOKEN.findall(line.lower()) for line in text.split("\n") if line]


def _lcs_indices(ref: Sequence[str], cand: Sequence[str]) -> list[int]:
    """Indices into ref of one longest common subsequence; rouge-score's tie-breaking."""
    rows, cols = len(ref), len(cand)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        above, row, token = table[i - 1], table[i], ref[i - 1]
        for j in range(1, cols + 1):
            if token == cand[j - 1]:
                row[j] = above[j - 1] + 1
            else:
                row[j] = above[j] if above[j] >= row[j - 1] else row[j - 1]
    picked = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if ref[i - 1] == cand[j - 1]:
            picked.append(i - 1)
            i -= 1
            j -= 1
        elif table[i][j - 1] > table[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return picked


def union_lcs(ref: list[str], cand_units: list[list[str]]) -> list[str]:
    """Tokens of ref that are in an LCS with some candidate unit, in ref order."""
    if ref in cand_units:
        # An identical unit covers the whole of ref; saves the quadratic work on the
        # paragraphs an extractor got exactly right, which are most of them.
        return list(ref)
    vocabulary = set(ref)
    covered: set[int] = set()
    for cand in cand_units:
        if vocabulary.isdisjoint(cand):
            continue
        covered.update(_lcs_indices(ref, cand))
    return [ref[i] for i in sorted(covered)]


def rouge_lsum_from_unions(ref_units: list[list[str]], unions: list[list[str]],
                           cand_units: list[list[str]]) -> Scores:
    """The counting step of summary-level LCS, given union_lcs of each ref unit.

    Split out so that several references (with and without optional paragraphs) can
    share the quadratic LCS work: a union depends only on its ref unit.
    """
    m = sum(map(len, ref_units))
    n = sum(map(len, cand_units))
    if not ref_units or not cand_units or m == 0 or n == 0:
        return Scores(0.0, 0.0, 0.0)
    ref_left = Counter(t for unit in ref_units for t in unit)
    cand_left = Counter(t for unit in cand_units for t in unit)
    hits = 0
    for union in unions:
        for token in union:
            # A token counts at most as often as it occurs on either side.
            if ref_left[token] > 0 and cand_left[token] > 0:
                hits += 1
                ref_left[token] -= 1
                cand_left[token] -= 1
    p, r = hits / n, hits / m
    return Scores(p, r, f1(p, r))


def rouge_lsum(true: str, pred: str) -> Scores:
    ref_units, cand_units = rouge_units(true), rouge_units(pred)
    unions = [union_lcs(unit, cand_units) for unit in ref_units]
    return rouge_lsum_from_unions(ref_units, unions, cand_units)
