"""Event coding on held-out real news: hand-coded VOA sentences, through `diplowire tag`.

    python -m eval.events_heldout [--gold FILE] [--context sentence|story]
                                  [--min-confidence low|medium|high] [--errors K] [--json OUT]

The gold set (eval/data/voa/events_gold.jsonl, described in EVENTS_GOLD.md) holds real
Voice of America sentences, some with no codable event, coded blind by one annotator and
never used to tune the coder. Every sentence goes through the `diplowire tag` command, as a
user would run it, and is scored per sentence:

  root     predicted vs gold CAMEO root codes (a multiset per sentence)
  dyad     (source country, target country, root) triples; an IGO is its code (IGOUNO),
           an actor without a country is None on both sides
  spurious predicted events that match no gold event, per gold event
  AUC      how well the events' confidence ranks those matching a gold dyad above the others

--context story tags each whole story (as the pipeline tags an article) and scores the events
of the sentences that overlap a gold sentence; the default tags each gold sentence alone.
Stories come from the stories.jsonl beside the gold file (eval/data/voa/voa_stories.jsonl for
the VOA set) for records with a story_id, and from the Fundus pages in ../shared for records
with a page.

--min-confidence drops gold events the annotator marked less sure (and predicted events
matching only them are then not counted as spurious either).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Optional

from eval import FUNDUS_DIR, PROJECT_ROOT, load_records
from eval.event_metrics import NON_COUNTRY, canonical_country, precision_recall_f1
from transforms.text import sentences

DEFAULT_GOLD = PROJECT_ROOT / "eval" / "data" / "voa" / "events_gold.jsonl"
VOA_STORIES = PROJECT_ROOT / "eval" / "data" / "voa" / "voa_stories.jsonl"
CONFIDENCE = {"low": 0, "medium": 1, "high": 2}
EXIT_NO_DATA = 2


def actor_key(country: Optional[str], code: Optional[str] = None) -> Optional[str]:
    """How an actor is compared: its country; an IGO or other non-country actor by code."""
    if country and country[:3].upper() not in NON_COUNTRY:
        return canonical_country(country[:3])
    value = (country or code or "").upper()
    if value[:3] in NON_COUNTRY:
        return value[:6]
    return None


def gold_triples(record: dict, min_confidence: int) -> tuple[list[tuple], list[tuple]]:
    """(kept, dropped) gold events of a record as (source, target, root) triples."""
    kept, dropped = [], []
    for event in record["events"]:
        triple = (actor_key(event.get("source_country")), actor_key(event.get("target_country")),
                  event["root_code"])
        sure = CONFIDENCE.get(event.get("confidence", "high"), 2) >= min_confidence
        (kept if sure else dropped).append(triple)
    return kept, dropped


def predicted_triples(tagged: dict) -> list[tuple]:
    return [(actor_key(e.get("source_country"), e.get("source")),
             actor_key(e.get("target_country"), e.get("target")), e["root_code"])
            for e in tagged["events"]]


def matched(gold: list, predicted: list) -> int:
    """Size of the multiset intersection."""
    return sum((Counter(gold) & Counter(predicted)).values())


def tag_through_cli(records: list[dict]) -> dict[str, dict]:
    """`diplowire tag` over {"id", "text", "published"?} records, by id."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "documents.jsonl"
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"],
                                            "date": r.get("published")}) + "\n"
                                for r in records), encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "pipelines.cli", "tag", str(path)],
                             check=True, capture_output=True, text=True, cwd=PROJECT_ROOT).stdout
    return {t["id"]: t for t in map(json.loads, out.splitlines()) if "id" in t}


class MissingStories(Exception):
    pass


def stories_of(records: list[dict], by_id: Optional[dict[str, dict]] = None,
               pages: Optional[dict[str, dict]] = None, stories_file: Path = VOA_STORIES
               ) -> tuple[list[dict], dict[str, tuple[str, int]]]:
    """The whole stories the gold sentences come from, and each record's (story id, offset
    of its text in the story). Stories by id (VOA's unless `stories_file` says otherwise)
    and Fundus pages (by file name) are read from their files unless given."""
    stories: dict[str, dict] = {}
    where: dict[str, tuple[str, int]] = {}
    for record in records:
        if "story_id" in record:
            if by_id is None:
                by_id = {s["id"]: s for s in map(json.loads, stories_file.read_text(
                    encoding="utf-8").splitlines()) if s}
            story = by_id[record["story_id"]]
            key, text, date = story["id"], story["text"], story["published"][:10]
            offset = text.find(record["text"])
        elif "page" in record:
            if pages is None:
                truth = FUNDUS_DIR / "ground_truth.json"
                if not truth.is_file():
                    raise MissingStories(f"the Fundus pages are absent: no {truth}")
                pages = json.loads(truth.read_text(encoding="utf-8"))
            body = pages[record["page"]]["body"]
            key, text, date = record["page"], "\n".join(body), record.get("published")
            paragraph_start = sum(len(p) + 1 for p in body[:record["paragraph"]])
            offset = paragraph_start + body[record["paragraph"]].find(record["text"])
        else:
            raise MissingStories(f"record {record['id']} names no story_id or page")
        if offset < 0 or text[offset:offset + len(record["text"])] != record["text"]:
            raise MissingStories(f"record {record['id']}: its text is not in its story")
        stories[key] = {"id": key, "text": text, "published": date}
        where[record["id"]] = (key, offset)
    return list(stories.values()), where


def events_in_context(records: list[dict], stories: list[dict],
                      where: dict[str, tuple[str, int]], tagged: dict[str, dict]
                      ) -> dict[str, dict]:
    """Each gold record's events: those of the story's sentences that overlap it most."""
    text_of = {s["id"]: s["text"] for s in stories}
    by_record: dict[str, dict] = {r["id"]: {"events": []} for r in records}
    for story_id, story in tagged.items():
        spans = [(start, start + len(sentence)) for start, sentence
                 in sentences(text_of[story_id])]
        members = [(r["id"], where[r["id"]][1], where[r["id"]][1] + len(r["text"]))
                   for r in records if where[r["id"]][0] == story_id]
        for event in story["events"]:
            start, end = spans[event["sentence_index"]]
            overlaps = [(min(end, m_end) - max(start, m_start), record_id)
                        for record_id, m_start, m_end in members]
            overlap, record_id = max(overlaps, default=(0, None))
            if overlap > 0:
                by_record[record_id]["events"].append(event)
    return by_record


def tag_records(records: list[dict], gold: Path, context: str) -> dict[str, dict]:
    """The tagger's events for each gold record, by id: each sentence tagged alone, or (context
    "story") each whole story tagged and its events given to the records they overlap."""
    if context != "story":
        return tag_through_cli(records)
    # A gold set of its own stories keeps them beside it (eval/data/sample_dev).
    beside = gold.parent / "stories.jsonl"
    stories, where = stories_of(records,
                                stories_file=beside if beside.is_file() else VOA_STORIES)
    return events_in_context(records, stories, where, tag_through_cli(stories))


def confidence_auc(records: list[dict], tagged: dict[str, dict]) -> Optional[float]:
    """How well the coder's confidence ranks its events: the chance that an event matching a
    gold event (dyad and root) has a higher confidence than one that does not (ties count
    half). None when either kind is missing; events without a confidence are left out."""
    right, wrong = [], []
    for record in records:
        gold = Counter(gold_triples(record, 0)[0])
        events = tagged[record["id"]]["events"]
        for triple, event in zip(predicted_triples(tagged[record["id"]]), events):
            matches = gold[triple] > 0
            gold[triple] -= matches
            if isinstance(event.get("confidence"), (int, float)):
                (right if matches else wrong).append(event["confidence"])
    if not right or not wrong:
        return None
    wins = sum((r > w) + 0.5 * (r == w) for r in right for w in wrong)
    return wins / (len(right) * len(wrong))


def score(records: list[dict], tagged: dict[str, dict], min_confidence: int) -> dict:
    counts = {"root": Counter(), "dyad": Counter()}
    errors = []
    gold_events = 0
    for record in records:
        kept, dropped = gold_triples(record, min_confidence)
        predicted = predicted_triples(tagged[record["id"]])
        # Predictions that only match a dropped (unsure) gold event are set aside.
        unsure = matched(dropped, predicted)
        for name, project in (("root", lambda t: t[2]), ("dyad", lambda t: t)):
            gold_side = [project(t) for t in kept]
            predicted_side = [project(t) for t in predicted]
            tp = matched(gold_side, predicted_side)
            counts[name]["tp"] += tp
            counts[name]["fp"] += max(0, len(predicted_side) - tp - unsure)
            counts[name]["gold"] += len(gold_side)
        gold_events += len(kept)
        if Counter(kept) != Counter(predicted):
            errors.append({"id": record["id"], "text": record["text"], "gold": kept,
                           "predicted": predicted})
    result = {"sentences": len(records), "gold_events": gold_events,
              "sentences_without_events": sum(1 for r in records if not r["events"])}
    for name, c in counts.items():
        s = precision_recall_f1(c["tp"], c["fp"], c["gold"])
        result[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                        "tp": c["tp"], "fp": c["fp"], "gold": c["gold"],
                        "spurious_per_gold": c["fp"] / c["gold"] if c["gold"] else 0.0}
    result["errors"] = errors
    result["confidence_auc"] = confidence_auc(records, tagged)
    return result


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.events_heldout", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--context", choices=("sentence", "story"), default="sentence",
                        help="tag each gold sentence alone, or whole stories (default: "
                             "%(default)s)")
    parser.add_argument("--min-confidence", choices=tuple(CONFIDENCE), default="low")
    parser.add_argument("--errors", type=int, default=0, metavar="K",
                        help="list K sentences where coder and gold disagree")
    parser.add_argument("--json", type=Path, metavar="OUT")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"Held-out event gold absent: no {args.gold}.", file=sys.stderr)
        return EXIT_NO_DATA
    records = load_records(args.gold)
    try:
        tagged = tag_records(records, args.gold, args.context)
    except MissingStories as exc:
        print(f"Cannot score in story context: {exc}.", file=sys.stderr)
        return EXIT_NO_DATA
    result = score(records, tagged, CONFIDENCE[args.min_confidence])
    print(f"Event coding through `diplowire tag` ({args.gold.name}, each "
          f"{'sentence alone' if args.context == 'sentence' else 'sentence in its story'}): "
          f"{result['sentences']} sentences "
          f"({result['sentences_without_events']} without events), {result['gold_events']} "
          f"gold events (confidence >= {args.min_confidence})")
    print(f"{'':<6} {'precision':>9} {'recall':>7} {'F1':>7} {'spurious/gold':>14}")
    for name in ("root", "dyad"):
        s = result[name]
        print(f"{name:<6} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>7.3f} "
              f"{s['spurious_per_gold']:>14.2f}")
    if result["confidence_auc"] is not None:
        print(f"confidence ranks events matching a gold dyad above the others (all gold "
              f"events): AUC {result['confidence_auc']:.2f}")
    for error in result["errors"][:args.errors]:
        print(f"\n{error['id']}: {error['text']}\n  gold      {error['gold']}\n"
              f"  predicted {error['predicted']}")
    flags = f" --gold {args.gold}" if args.gold != DEFAULT_GOLD else ""
    flags += f" --context {args.context}" if args.context != "sentence" else ""
    flags += f" --min-confidence {args.min_confidence}" if args.min_confidence != "low" else ""
    print(f"\nReproduce: python -m eval.events_heldout{flags}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
