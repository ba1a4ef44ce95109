"""Scores for event coding against gold sentences and gold documents: plain functions on labels.

Sentence-level sets have one gold event per sentence. A sentence is a true positive when some
predicted event carries the gold label (a root code, a PLOVER type); every predicted event that
does not carry it is spurious (a false positive); a gold sentence without a matching event is a
false negative. Further events with the gold label in the same sentence (reciprocal events, a
compound actor coded twice) are neither. A predicted label of None means the event lies outside
the scheme being scored (CAMEO roots 01 and 02 have no PLOVER type): it is counted apart, as
`unscored`, and is neither a match nor spurious.

Document-level classification takes one label per document and scores it per gold label.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, NamedTuple, Optional, Protocol, Sequence

NONE_LABEL = "NONE"

# Three-letter codes that are not countries: gold codes starting with one of them are compared
# as whole codes (a prefix of the predicted actor code), not as countries.
NON_COUNTRY = frozenset({
    "IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "ISM",
    # CAMEO regions
    "AFR", "ASA", "BLK", "BAL", "CAU", "CFR", "CAS", "CEU", "EIN", "EAF", "EEU", "EUR", "LAM",
    "MEA", "MDT", "NAF", "NAM", "PGS", "SCN", "SAM", "SAS", "SAF", "SEA", "WAF", "WST", "DEV",
    "CRB",
})

# Country codes written two ways: the PLOVER gold records use ISO 3166 alpha-3 with a few typos,
# the CAMEO/Phoenix dictionaries use ISO codes with a few older ones. Both sides go through
# this table before they are compared.
COUNTRY_ALIASES = {
    "JAP": "JPN",   # gold typo ("Tokyo", "Japan", "Japanese Prime Minister")
    "ITL": "ITA",   # gold typo ("Italy")
    "VTN": "VNM",   # gold typo ("Vietnamese-led forces")
    "TMP": "TLS",   # Phoenix codes East Timor TMP, the gold (ISO) TLS
    "ROM": "ROU",   # older CAMEO code for Romania
}


class MatchCounts(NamedTuple):
    sentences: int     # gold sentences (one gold event each)
    tp: int            # sentences with a matching predicted event
    fp: int            # predicted events that do not match (spurious)
    fn: int            # sentences without a matching predicted event
    events: int        # predicted events, all of them
    unscored: int      # predicted events outside the scheme (label None)
    no_event: int      # sentences with no predicted event at all


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def precision_recall_f1(tp: int, fp: int, gold: int) -> Scores:
    precision, recall = ratio(tp, tp + fp), ratio(tp, gold)
    return Scores(precision, recall, f1_score(precision, recall))


def sentence_counts(sentences: Iterable[tuple[str, Sequence[Optional[str]]]]) -> MatchCounts:
    """Counts over (gold label, predicted labels) pairs, one pair per gold sentence."""
    n = tp = fp = events = unscored = no_event = 0
    for gold, predicted in sentences:
        n += 1
        events += len(predicted)
        no_event += not predicted
        unscored += sum(label is None for label in predicted)
        tp += gold in predicted
        fp += sum(label is not None and label != gold for label in predicted)
    return MatchCounts(n, tp, fp, n - tp, events, unscored, no_event)


def match_scores(counts: MatchCounts) -> dict:
    """Precision, recall, F1 and spurious events per gold event, with the counts."""
    p, r, f1 = precision_recall_f1(counts.tp, counts.fp, counts.sentences)
    return {**counts._asdict(), "precision": p, "recall": r, "f1": f1,
            "spurious_per_gold": ratio(counts.fp, counts.sentences)}


def exact_accuracy(sentences: Iterable[tuple[str, Sequence[Optional[str]]]]) -> float:
    """Fraction of gold sentences where some predicted label equals the gold label."""
    pairs = list(sentences)
    return ratio(sum(gold in predicted for gold, predicted in pairs), len(pairs))


def per_label(sentences: Iterable[tuple[str, Sequence[Optional[str]]]]) -> dict[str, dict]:
    """Per gold label: gold sentences, matched sentences, recall; and per predicted label the
    spurious events carrying it."""
    gold_n: Counter = Counter()
    matched: Counter = Counter()
    spurious: Counter = Counter()
    for gold, predicted in sentences:
        gold_n[gold] += 1
        matched[gold] += gold in predicted
        spurious.update(label for label in predicted if label is not None and label != gold)
    labels = sorted(set(gold_n) | set(spurious))
    return {label: {"gold": gold_n[label], "tp": matched[label],
                    "recall": ratio(matched[label], gold_n[label]),
                    "spurious": spurious[label]} for label in labels}


# Actors

class ActorLike(Protocol):
    code: str
    country: Optional[str]


def canonical_country(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    code = code.upper()
    return COUNTRY_ALIASES.get(code, code)


def predicted_country(actor: ActorLike) -> Optional[str]:
    """The actor's country, or the first three letters of its code when it names a country."""
    if actor.country:
        return canonical_country(actor.country)
    prefix = (actor.code or "")[:3].upper()
    return canonical_country(prefix) if len(prefix) == 3 and prefix not in NON_COUNTRY else None


def actor_correct(gold_codes: Sequence[str], actor: Optional[ActorLike]) -> bool:
    """Whether a predicted actor agrees with any of the gold actor codes.

    Country codes compare on the country (the gold code's first three letters against the
    predicted actor's country); non-country codes (IGO, NGO, IMG ...) compare whole: the gold
    code must begin the predicted code, so a bare gold "IGO" accepts IGOUNO, IGONAT ...
    """
    if actor is None:
        return False
    country = predicted_country(actor)
    code = (actor.code or "").upper()
    for gold in gold_codes:
        gold = gold.upper()
        if gold[:3] in NON_COUNTRY:
            if code.startswith(gold):
                return True
        elif country is not None and canonical_country(gold[:3]) == country:
            return True
    return False


class EventLike(Protocol):
    source: Optional[ActorLike]
    target: Optional[ActorLike]


def best_event(gold_label: str, gold_sources: Sequence[str], gold_targets: Sequence[str],
               events: Sequence[EventLike], labels: Sequence[Optional[str]]) -> Optional[EventLike]:
    """The predicted event that best matches a gold event: among the events carrying the gold
    label if there are any, else among all events, the one with most actors right (source,
    target); ties go to the earliest."""
    candidates = [e for e, label in zip(events, labels) if label == gold_label] or list(events)
    best, best_score = None, -1
    for event in candidates:
        score = (actor_correct(gold_sources, event.source)
                 + actor_correct(gold_targets, event.target))
        if score > best_score:
            best, best_score = event, score
    return best


class ActorCounts(NamedTuple):
    source_correct: int
    source_gold: int      # gold events with at least one source actor
    target_correct: int
    target_gold: int      # gold events with at least one target actor
    dyad_correct: int
    dyad_gold: int        # gold events with both


def actor_counts(items: Iterable[tuple[Sequence[str], Sequence[str], Optional[EventLike]]]
                 ) -> ActorCounts:
    """Counts over (gold source codes, gold target codes, best predicted event or None)."""
    sc = sn = tc = tn = dc = dn = 0
    for sources, targets, event in items:
        s_ok = bool(sources) and event is not None and actor_correct(sources, event.source)
        t_ok = bool(targets) and event is not None and actor_correct(targets, event.target)
        if sources:
            sn += 1
            sc += s_ok
        if targets:
            tn += 1
            tc += t_ok
        if sources and targets:
            dn += 1
            dc += s_ok and t_ok
    return ActorCounts(sc, sn, tc, tn, dc, dn)


def actor_scores(counts: ActorCounts) -> dict:
    return {**counts._asdict(),
            "source_accuracy": ratio(counts.source_correct, counts.source_gold),
            "target_accuracy": ratio(counts.target_correct, counts.target_gold),
            "dyad_accuracy": ratio(counts.dyad_correct, counts.dyad_gold)}


# Documents

def document_label(events: Sequence[tuple[str, Optional[str]]]) -> str:
    """A document's type from its events, given as (root code, PLOVER type) in text order.

    Events without a PLOVER type are left out. The most frequent root wins (ties: the root
    seen first); the document's type is the PLOVER type of that root's first event (roots 08,
    16, 17 split across types, so the event's full code decides). NONE when nothing is left.
    """
    typed = [(root, label) for root, label in events if label is not None]
    if not typed:
        return NONE_LABEL
    counts = Counter(root for root, _ in typed)
    top = max(counts.values())
    root = next(r for r, _ in typed if counts[r] == top)
    return next(label for r, label in typed if r == root)


def document_label_by_type(labels: Sequence[Optional[str]]) -> str:
    """Alternative rule: the most frequent PLOVER type (ties: the first seen), NONE if none."""
    typed = [label for label in labels if label is not None]
    if not typed:
        return NONE_LABEL
    counts = Counter(typed)
    top = max(counts.values())
    return next(label for label in typed if counts[label] == top)


def classification_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Accuracy, macro-F1 over the gold labels and per-label P/R/F1 for one label per item.

    Macro-F1 averages over the labels that occur in the gold; a prediction of a label that is
    not a gold label (NONE) costs recall only.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    gold_n, pred_n, tp = Counter(gold), Counter(predicted), Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, predicted):
        tp[g] += g == p
        confusion[g][p] += 1
    labels = {}
    for label in sorted(gold_n):
        precision, recall = ratio(tp[label], pred_n[label]), ratio(tp[label], gold_n[label])
        labels[label] = {"support": gold_n[label], "predicted": pred_n[label], "tp": tp[label],
                         "precision": precision, "recall": recall,
                         "f1": f1_score(precision, recall)}
    return {
        "documents": len(gold),
        "accuracy": ratio(sum(tp.values()), len(gold)),
        "macro_f1": ratio(sum(v["f1"] for v in labels.values()), len(labels)),
        "none_predicted": pred_n[NONE_LABEL],
        "per_label": labels,
        "confusion": {g: dict(c.most_common()) for g, c in sorted(confusion.items())},
    }
