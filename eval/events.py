"""Event-coding quality of `transforms.tagging.tag_text` on three gold sets.

    python -m eval.events {cameo,plover,ngec,all} [--data DIR] [--json OUT] [--limit N] [--errors K]

cameo   The CAMEO codebook's example sentences (cameo/cameo-codes.csv): one gold event per
        sentence, no actors. Scored by root code (P/R/F1, spurious events per gold event) and
        by exact full code and base code.
plover  PLOVER_GSR_CAMEO.json (eval/events/): 322 CAMEO-manual sentences with a PLOVER v0.5
        event type and gold source and target actors. Predicted CAMEO codes become PLOVER
        types through CAMEO2PLOVER-2021.txt; the gold's v0.5 types are renamed to the 2021
        types (PLOVER_V05_TO_2021). Scored by type, and on the actors: source country, target
        country and dyad of the best-matching predicted event. The records carry no CAMEO
        code, so root codes are scored only if a record has one (a "cameo" field).
ngec    ngec_synthetic_dev.csv (eval/events/): 3,595 synthetic stories with one PLOVER type
        each. A document's predicted type is the PLOVER type of its most frequent predicted
        event root (ties: the root seen first; NONE without events); scored by accuracy,
        macro-F1 over the gold labels and per-label P/R/F1.

A sentence-level set counts a sentence as a true positive when some predicted event matches
its gold event; every predicted event that does not match is spurious; events of CAMEO roots
01 and 02 have no PLOVER type and are counted apart (not spurious) in the PLOVER scores.
--limit N scores N items of each set, evenly spaced through the file (the files are grouped
by label, so the first N would not be representative). DIR defaults to ../shared/data beside
the project. Exit status: 0 done, 2 data absent, 3 tagger not available yet.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

from eval.event_metrics import (COUNTRY_ALIASES, NONE_LABEL, actor_counts, actor_scores,
                                best_event, classification_scores, document_label,
                                document_label_by_type, exact_accuracy, match_scores, per_label,
                                sentence_counts)
from transforms import tagging
from eval import SHARED_DATA

DEFAULT_DATA = SHARED_DATA
CAMEO_CODES = Path("cameo") / "cameo-codes.csv"
CAMEO2PLOVER = Path("cameo") / "CAMEO2PLOVER-2021.txt"
PLOVER_GSR = Path("eval") / "events" / "PLOVER_GSR_CAMEO.json"
NGEC_DEV = Path("eval") / "events" / "ngec_synthetic_dev.csv"
SETS = ("cameo", "plover", "ngec")
SET_FILES = {"cameo": (CAMEO_CODES,), "plover": (CAMEO2PLOVER, PLOVER_GSR),
             "ngec": (CAMEO2PLOVER, NGEC_DEV)}
EXIT_NO_DATA = 2
EXIT_NO_TAGGER = 3
PROGRESS_EVERY = 500
SHOWN_TAGGER_ERRORS = 3
FAILING_START = 20      # tag_text raising on each of the first 20 texts means it cannot run

# PLOVER v0.5 (the gold records, 2016) → PLOVER 2021 (CAMEO2PLOVER-2021.txt, the NGEC labels).
# 2021 merged INVESTIGATE and DISAPPROVE into ACCUSE, renamed DEMAND to REQUEST and folded
# FIGHT (conventional military force, CAMEO 19/20) into ASSAULT. COOPERATION is the name in the
# older CAMEO-PLOV table. Every other v0.5 type keeps its name.
PLOVER_V05_TO_2021 = {
    "AGREE": "AGREE", "CONSULT": "CONSULT", "SUPPORT": "SUPPORT", "CONCEDE": "CONCEDE",
    "COOPERATE": "COOPERATE", "COOPERATION": "COOPERATE", "AID": "AID", "RETREAT": "RETREAT",
    "INVESTIGATE": "ACCUSE", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "REJECT": "REJECT",
    "THREATEN": "THREATEN", "PROTEST": "PROTEST", "MOBILIZE": "MOBILIZE",
    "SANCTION": "SANCTION", "COERCE": "COERCE", "ASSAULT": "ASSAULT", "FIGHT": "ASSAULT",
}

# cameo-codes.csv went through UTF-8 → MacRoman → cp1252 → Latin-1: "’" reads "\x82Äô".
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LOST = {"C\u00ac? ankaya": "\u00c7ankaya"}     # 1233: a "Ç" the round trip could not keep
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_NOTE = re.compile(r"\s*\bNote:.*\Z", re.S)
_PLACEHOLDER = re.compile(r"^NEED EXAMPLE\b", re.I)


class CameoExample(NamedTuple):
    code: str
    root: str
    name: str
    sentence: str


class GsrRecord(NamedTuple):
    id: str
    text: str
    date: Optional[str]
    event_v05: str
    event: str                 # PLOVER 2021 type
    sources: list[str]         # gold actor codes
    targets: list[str]
    cameo: Optional[str]       # a CAMEO code, when the record carries one


class NgecDoc(NamedTuple):
    index: int
    text: str
    label: str
    mode: str
    title: str


class TaggerUnavailable(Exception):
    pass


# Gold data

def fix_mojibake(text: str) -> str:
    """Repairs cameo-codes.csv's mis-encoded punctuation and makes quotes ASCII."""
    def repair(match: re.Match) -> str:
        run = match.group()
        try:
            return run.replace("\x82", "\u201a").encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run
    for bad, good in _LOST.items():
        text = text.replace(bad, good)
    return _NON_ASCII.sub(repair, text).translate(_QUOTES)


def example_sentence(raw: str) -> Optional[str]:
    """The example sentence without the coder's note; None for NA and placeholders."""
    if raw is None or raw.strip() in ("", "NA"):
        return None
    sentence = _NOTE.sub("", fix_mojibake(raw)).strip()
    return sentence if sentence and not _PLACEHOLDER.match(sentence) else None


def load_cameo_examples(path: Path) -> list[CameoExample]:
    examples = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sentence = example_sentence(row.get("example", ""))
            code = (row.get("code") or "").strip()
            if sentence and code:
                examples.append(CameoExample(code, code[:2], fix_mojibake(row.get("name", "")),
                                             sentence))
    return examples


def load_cameo_names(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["code"].strip(): fix_mojibake(row.get("name", "")) for row in csv.DictReader(f)}


def load_cameo_plover(path: Path) -> dict[str, str]:
    """CAMEO code → PLOVER 2021 type. Two-digit lines head sections; where a root heads two
    sections (08: CONCEDE, 08: RETREAT) the first stays, for codes missing from the table."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*(\d{2,4})\s*:\s*([A-Z]+)\s*(?:,|#|$)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    return table


def plover_type(code: Optional[str], table: dict[str, str]) -> Optional[str]:
    """The PLOVER type of a CAMEO code: the code's own line, else its base's, else its root's."""
    if not code:
        return None
    for key in (code, code[:3], code[:2]):
        if key in table:
            return table[key]
    return None


def _actor_codes(value) -> list[str]:
    if not isinstance(value, list):
        return []           # absent, null, "" and one stray string ("diplomatic")
    return [a["code"].strip() for a in value if isinstance(a, dict) and a.get("code")]


def load_plover_gsr(path: Path) -> list[GsrRecord]:
    records = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        if r.get("event") == "DOCUMENT" or not r.get("text"):
            continue
        v05 = r["event"].strip().upper()
        if v05 not in PLOVER_V05_TO_2021:
            raise ValueError(f"{path}: record {r.get('id')} has PLOVER type {v05!r}, "
                             "which PLOVER_V05_TO_2021 does not map")
        cameo = next((str(r[k]).strip() for k in ("cameo", "cameoCode", "cameo_code", "CAMEO")
                      if r.get(k)), None)
        records.append(GsrRecord(r.get("id", f"#{len(records)}"), r["text"].strip(),
                                 r.get("date") or None, v05, PLOVER_V05_TO_2021[v05],
                                 _actor_codes(r.get("source")), _actor_codes(r.get("target")),
                                 cameo))
    return records


def load_ngec(path: Path) -> list[NgecDoc]:
    with path.open(encoding="utf-8", newline="") as f:
        return [NgecDoc(i, row["text"], row["label"].strip(), (row.get("mode") or "").strip(),
                        row.get("title") or "")
                for i, row in enumerate(csv.DictReader(f))]


def missing_files(data: Path, sets: Iterable[str]) -> list[Path]:
    needed = dict.fromkeys(p for name in sets for p in SET_FILES[name])
    return [data / p for p in needed if not (data / p).is_file()]


def evenly_spaced(items: list, limit: Optional[int]) -> list:
    if limit is None or limit >= len(items):
        return items
    return [items[i * len(items) // limit] for i in range(max(limit, 0))]


# Tagging

class Tagged(NamedTuple):
    events: list
    error: Optional[str]


def tag_all(texts: Sequence[str], dates: Sequence[Optional[str]], label: str) -> list[Tagged]:
    """tag_text on each text; a text whose tagging raises counts as one without events.

    NotImplementedError, or an error on each of the first FAILING_START texts (dictionaries
    not built, say), raises TaggerUnavailable."""
    results = []
    start = time.perf_counter()
    for i, (text, date) in enumerate(zip(texts, dates), 1):
        try:
            results.append(Tagged(list(tagging.tag_text(text, date).events), None))
        except NotImplementedError as exc:
            raise TaggerUnavailable(f"it raised NotImplementedError ({exc})") from exc
        except Exception as exc:  # noqa: BLE001 - reported with the figures
            results.append(Tagged([], f"{type(exc).__name__}: {exc}"))
        if i == min(FAILING_START, len(texts)) and all(r.error for r in results):
            raise TaggerUnavailable(f"it raised on each of the first {i} texts, "
                                    f"the first time {results[0].error}")
        if i % PROGRESS_EVERY == 0:
            print(f"[{label}] {i}/{len(texts)} tagged, {time.perf_counter() - start:.1f} s",
                  file=sys.stderr, flush=True)
    return results


def _root(event) -> str:
    return event.root_code or (event.event_code or "")[:2]


def _errors_summary(tagged: Sequence[Tagged], ids: Sequence[str]) -> dict:
    failed = [(i, t.error) for i, t in zip(ids, tagged) if t.error]
    return {"count": len(failed), "first": [f"{i}: {e}" for i, e in failed[:SHOWN_TAGGER_ERRORS]]}


def _actor(actor) -> str:
    if actor is None:
        return "-"
    return f"{actor.code or '?'}({actor.text})"


def describe(event, names: dict[str, str], table: Optional[dict[str, str]] = None) -> str:
    name = names.get(event.event_code, "")
    plover = f" [{plover_type(event.event_code, table) or '-'}]" if table is not None else ""
    return (f"{event.event_code} {name}{plover} verb '{event.verb}' "
            f"{_actor(event.source)} -> {_actor(event.target)}")


def spread(items: Sequence, key: Callable, k: int) -> list:
    """Up to k items taken round-robin across key groups, so examples span the labels."""
    groups: dict = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    chosen, queues = [], list(groups.values())
    while len(chosen) < k and any(queues):
        for queue in queues:
            if queue and len(chosen) < k:
                chosen.append(queue.pop(0))
    return chosen


# The three sets

def evaluate_cameo(examples: list[CameoExample], names: dict[str, str], errors: int = 0) -> dict:
    start = time.perf_counter()
    tagged = tag_all([e.sentence for e in examples], [None] * len(examples), "cameo")
    seconds = time.perf_counter() - start
    roots = [(ex.root, [_root(ev) for ev in t.events]) for ex, t in zip(examples, tagged)]
    result = {
        "sentences": len(examples),
        "match_by_root": match_scores(sentence_counts(roots)),
        "full_code_accuracy": exact_accuracy(
            (ex.code, [ev.event_code for ev in t.events]) for ex, t in zip(examples, tagged)),
        "base_code_accuracy": exact_accuracy(
            (ex.code[:3], [ev.base_code or ev.event_code[:3] for ev in t.events])
            for ex, t in zip(examples, tagged)),
        "per_root": per_label(roots),
        "seconds": seconds,
        "ms_per_sentence": 1000 * seconds / max(len(examples), 1),
        "tagger_errors": _errors_summary(tagged, [ex.code for ex in examples]),
    }
    if errors:
        gold = lambda ex: f"{ex.code} {ex.name}"    # noqa: E731
        misses = [{"sentence": ex.sentence, "gold": gold(ex),
                   "predicted": [describe(ev, names) for ev in t.events]}
                  for ex, t in zip(examples, tagged) if ex.root not in map(_root, t.events)]
        spurious = [{"sentence": ex.sentence, "gold": gold(ex), "predicted": describe(ev, names)}
                    for ex, t in zip(examples, tagged) for ev in t.events if _root(ev) != ex.root]
        result["examples"] = {
            "misses": spread(misses, lambda m: m["gold"][:2], errors),
            "spurious": spread(spurious, lambda s: s["predicted"][:2], errors)}
    return result


def evaluate_plover(records: list[GsrRecord], table: dict[str, str], names: dict[str, str],
                    errors: int = 0) -> dict:
    start = time.perf_counter()
    tagged = tag_all([r.text for r in records], [r.date for r in records], "plover")
    seconds = time.perf_counter() - start
    labels = [[plover_type(ev.event_code, table) for ev in t.events] for t in tagged]
    pairs = [(r.event, ls) for r, ls in zip(records, labels)]
    best = [best_event(r.event, r.sources, r.targets, t.events, ls)
            for r, t, ls in zip(records, tagged, labels)]
    result = {
        "sentences": len(records),
        "gold_types_v05": dict(Counter(r.event_v05 for r in records).most_common()),
        "gold_types_2021": dict(Counter(r.event for r in records).most_common()),
        "match_by_type": match_scores(sentence_counts(pairs)),
        "per_type": per_label(pairs),
        "only_unscored_events": sum(bool(ls) and all(x is None for x in ls) for ls in labels),
        "actors": actor_scores(actor_counts(
            (r.sources, r.targets, b) for r, b in zip(records, best))),
        "seconds": seconds,
        "ms_per_sentence": 1000 * seconds / max(len(records), 1),
        "tagger_errors": _errors_summary(tagged, [r.id for r in records]),
    }
    with_code = [(r, t) for r, t in zip(records, tagged) if r.cameo]
    result["match_by_root"] = (match_scores(sentence_counts(
        (r.cameo[:2], [_root(ev) for ev in t.events]) for r, t in with_code))
        if with_code else None)
    if errors:
        def gold(r: GsrRecord) -> str:
            return (f"{r.event} (v0.5 {r.event_v05}) {'+'.join(r.sources) or '-'} -> "
                    f"{'+'.join(r.targets) or '-'}")
        misses = [{"id": r.id, "sentence": r.text, "gold": gold(r),
                   "predicted": [describe(ev, names, table) for ev in t.events]}
                  for r, t, ls in zip(records, tagged, labels) if r.event not in ls]
        spurious = [{"id": r.id, "sentence": r.text, "gold": gold(r),
                     "predicted": describe(ev, names, table), "type": label}
                    for r, t, ls in zip(records, tagged, labels)
                    for ev, label in zip(t.events, ls) if label is not None and label != r.event]
        result["examples"] = {"misses": spread(misses, lambda m: m["gold"].split()[0], errors),
                              "spurious": spread(spurious, lambda s: s["type"], errors)}
    return result


def evaluate_ngec(docs: list[NgecDoc], table: dict[str, str], names: dict[str, str],
                  errors: int = 0) -> dict:
    start = time.perf_counter()
    tagged = tag_all([d.text for d in docs], [None] * len(docs), "ngec")
    seconds = time.perf_counter() - start
    typed = [[(_root(ev), plover_type(ev.event_code, table)) for ev in t.events] for t in tagged]
    predicted = [document_label(events) for events in typed]
    by_type = [document_label_by_type([label for _, label in events]) for events in typed]
    gold = [d.label for d in docs]
    scores = classification_scores(gold, predicted)
    alternative = classification_scores(gold, by_type)
    by_mode: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d, p in zip(docs, predicted):
        key = f"{d.label}/{d.mode or '-'}"
        by_mode[key][0] += 1
        by_mode[key][1] += d.label == p
    result = {
        **scores,
        "by_type_vote": {"accuracy": alternative["accuracy"],
                         "macro_f1": alternative["macro_f1"]},
        "gold_among_predicted_types": sum(
            g in {label for _, label in events} for g, events in zip(gold, typed))
        / max(len(docs), 1),
        "no_event": sum(not t.events for t in tagged),
        "only_unscored_events": sum(bool(ev) and all(x is None for _, x in ev) for ev in typed),
        "events_per_document": sum(len(t.events) for t in tagged) / max(len(docs), 1),
        "accuracy_by_label_mode": {k: {"documents": n, "correct": c, "accuracy": c / n}
                                   for k, (n, c) in sorted(by_mode.items())},
        "seconds": seconds,
        "ms_per_document": 1000 * seconds / max(len(docs), 1),
        "tagger_errors": _errors_summary(tagged, [f"row {d.index}" for d in docs]),
    }
    if errors:
        wrong = [{"row": d.index, "text": d.text[:300].replace("\n", " ") + " ...",
                  "gold": f"{d.label}/{d.mode or '-'}", "predicted": p,
                  "events": [describe(ev, names, table) for ev in t.events[:6]]}
                 for d, t, p in zip(docs, tagged, predicted) if p != d.label]
        result["examples"] = {
            "misses": spread([w for w in wrong if w["predicted"] == NONE_LABEL] or wrong,
                             lambda w: w["gold"].split("/")[0], errors),
            "spurious": spread([w for w in wrong if w["predicted"] != NONE_LABEL],
                               lambda w: w["predicted"], errors)}
    return result


# Report

def _command(name: str, data: Path, limit: Optional[int]) -> str:
    parts = ["python -m eval.events", name]
    if data != DEFAULT_DATA.resolve():
        parts.append(f"--data {data}")
    if limit is not None:
        parts.append(f"--limit {limit}")
    return " ".join(parts)


def _match_row(label: str, m: dict) -> str:
    return (f"  {label:<16} {m['tp']:>5} {m['fp']:>5} {m['fn']:>5} {m['sentences']:>5} "
            f"{m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
            f"{m['spurious_per_gold']:>9.2f}")


_MATCH_HEADER = (f"  {'match':<16} {'TP':>5} {'FP':>5} {'FN':>5} {'gold':>5} "
                 f"{'P':>6} {'R':>6} {'F1':>6} {'spur/gold':>9}")


def _per_label_lines(table: dict[str, dict], names: dict[str, str]) -> list[str]:
    lines = [f"  {'label':<34} {'gold':>5} {'TP':>5} {'recall':>6} {'spurious':>8}"]
    for label, v in table.items():
        name = f"{label} {names.get(label, '')}".strip()[:34]
        lines.append(f"  {name:<34} {v['gold']:>5} {v['tp']:>5} {v['recall']:>6.2f} "
                     f"{v['spurious']:>8}")
    return lines


def _tagger_error_lines(result: dict) -> list[str]:
    errors = result["tagger_errors"]
    if not errors["count"]:
        return []
    return [f"  tag_text raised on {errors['count']} items (scored as no events); first: "
            + "; ".join(errors["first"])]


def _example_lines(result: dict) -> list[str]:
    examples = result.get("examples")
    if not examples:
        return []
    lines = []
    for kind, title in (("misses", "Misses (gold event not found)"),
                        ("spurious", "Spurious events / wrong labels")):
        lines.append(f"\n  {title}: {len(examples[kind])}")
        for ex in examples[kind]:
            text = ex.get("sentence") or ex.get("text")
            lines.append(f"  - {text}")
            lines.append(f"      gold:      {ex['gold']}")
            predicted = ex["predicted"]
            if isinstance(predicted, list):
                lines.append("      predicted: " + ("; ".join(predicted) or "(none)"))
            else:
                lines.append(f"      predicted: {predicted}")
            if "events" in ex:
                lines.append("      events:    " + ("; ".join(ex["events"]) or "(none)"))
    return lines


def report_cameo(result: dict, data: Path, limit: Optional[int], names: dict[str, str]) -> str:
    m = result["match_by_root"]
    lines = [f"CAMEO codebook examples: {result['sentences']} sentences, one gold event each "
             f"({data / CAMEO_CODES})",
             f"  {_command('cameo', data, limit)}",
             _MATCH_HEADER, _match_row("root code", m),
             f"  full-code exact accuracy {result['full_code_accuracy']:.3f} · base code "
             f"{result['base_code_accuracy']:.3f} · no event predicted {m['no_event']} · "
             f"{m['events']} events · {result['ms_per_sentence']:.1f} ms/sentence",
             *_tagger_error_lines(result), "", *_per_label_lines(result["per_root"], names),
             *_example_lines(result)]
    return "\n".join(lines)


def report_plover(result: dict, data: Path, limit: Optional[int]) -> str:
    m, a = result["match_by_type"], result["actors"]
    lines = [f"PLOVER gold records: {result['sentences']} sentences with PLOVER v0.5 types "
             f"renamed to 2021 ({data / PLOVER_GSR})",
             f"  {_command('plover', data, limit)}",
             _MATCH_HEADER, _match_row("PLOVER type", m)]
    if result["match_by_root"]:
        lines.append(_match_row("root code", result["match_by_root"]))
    lines += [
        f"  no event predicted {m['no_event']} · only root 01/02 events "
        f"{result['only_unscored_events']} · {m['events']} events, {m['unscored']} of roots "
        f"01/02 (no PLOVER type, not counted spurious) · {result['ms_per_sentence']:.1f} "
        "ms/sentence",
        f"  actors of the best-matching event: source country {a['source_accuracy']:.3f} "
        f"({a['source_correct']}/{a['source_gold']}) · target {a['target_accuracy']:.3f} "
        f"({a['target_correct']}/{a['target_gold']}) · dyad {a['dyad_accuracy']:.3f} "
        f"({a['dyad_correct']}/{a['dyad_gold']})",
        *_tagger_error_lines(result),
        "  v0.5 → 2021: " + ", ".join(f"{k}→{v}" for k, v in PLOVER_V05_TO_2021.items()
                                     if k != v and k != "COOPERATION"),
        "", *_per_label_lines(result["per_type"], {}), *_example_lines(result)]
    return "\n".join(lines)


def report_ngec(result: dict, data: Path, limit: Optional[int]) -> str:
    lines = [f"NGEC synthetic stories: {result['documents']} documents, one PLOVER type each "
             f"({data / NGEC_DEV})",
             f"  {_command('ngec', data, limit)}",
             f"  accuracy {result['accuracy']:.3f} · macro-F1 {result['macro_f1']:.3f} · "
             f"predicted NONE {result['none_predicted']} (no event {result['no_event']}, "
             f"only root 01/02 events {result['only_unscored_events']}) · "
             f"{result['events_per_document']:.1f} events/doc · "
             f"{result['ms_per_document']:.0f} ms/doc",
             f"  by most frequent PLOVER type instead of root: accuracy "
             f"{result['by_type_vote']['accuracy']:.3f} · macro-F1 "
             f"{result['by_type_vote']['macro_f1']:.3f} · gold type among any predicted event "
             f"{result['gold_among_predicted_types']:.3f}",
             *_tagger_error_lines(result), "",
             f"  {'label':<12} {'gold':>5} {'pred':>5} {'TP':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for label, v in result["per_label"].items():
        lines.append(f"  {label:<12} {v['support']:>5} {v['predicted']:>5} {v['tp']:>5} "
                     f"{v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}")
    lines += _example_lines(result)
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.events", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=(*SETS, "all"), help="gold set to score")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, metavar="DIR",
                        help="shared data directory (default: %(default)s)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write all figures here")
    parser.add_argument("--limit", type=int, metavar="N",
                        help="score N items of each set, evenly spaced (default: all)")
    parser.add_argument("--errors", type=int, default=0, metavar="K",
                        help="print K missed gold events and K spurious events per set")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")

    data = args.data.resolve()
    sets = SETS if args.set == "all" else (args.set,)
    missing = missing_files(data, sets)
    if missing:
        print("Event evaluation data absent: "
              + ", ".join(str(p) for p in missing)
              + " not found. Pass --data DIR to point at the shared data directory "
              "(with cameo/ and eval/events/).", file=sys.stderr)
        return EXIT_NO_DATA

    names = load_cameo_names(data / CAMEO_CODES)
    table = load_cameo_plover(data / CAMEO2PLOVER) if (data / CAMEO2PLOVER).is_file() else {}
    results: dict[str, dict] = {}
    try:
        for name in sets:
            if name == "cameo":
                examples = evenly_spaced(load_cameo_examples(data / CAMEO_CODES), args.limit)
                results[name] = evaluate_cameo(examples, names, args.errors)
                print(report_cameo(results[name], data, args.limit, names))
            elif name == "plover":
                records = evenly_spaced(load_plover_gsr(data / PLOVER_GSR), args.limit)
                results[name] = evaluate_plover(records, table, names, args.errors)
                print(report_plover(results[name], data, args.limit))
            else:
                docs = evenly_spaced(load_ngec(data / NGEC_DEV), args.limit)
                results[name] = evaluate_ngec(docs, table, names, args.errors)
                print(report_ngec(results[name], data, args.limit))
            print()
    except TaggerUnavailable as exc:
        print(f"tagger not available yet: transforms.tagging.tag_text cannot run: {exc}.",
              file=sys.stderr)
        return EXIT_NO_TAGGER

    if args.json:
        args.json.write_text(json.dumps({
            "data": str(data), "limit": args.limit,
            "commands": {name: _command(name, data, args.limit) for name in results},
            "mappings": {"plover_v05_to_2021": PLOVER_V05_TO_2021,
                         "country_aliases": COUNTRY_ALIASES,
                         "cameo_to_plover_2021": table},
            "sets": results,
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
