"""The bundled hand-coded event sets (eval/data/*/events_*.jsonl, and the second codings of
some in eval/data/*/second_coding/) are well formed: every sentence is where its record says in
its story, and every code is a CAMEO code."""
import pathlib

import pytest

from eval import load_records
from transforms.dictionaries import load_cameo_codes

DATA = pathlib.Path(__file__).parent.parent / "eval" / "data"
GOLD_SETS = sorted(DATA.glob("*/events_*.jsonl")) + sorted(DATA.glob("*/second_coding/*.jsonl"))
CONFIDENCES = {"high", "medium", "low"}


def stories_beside(path):
    folder = path.parent.parent if path.parent.name == "second_coding" else path.parent
    for name in ("stories.jsonl", "voa_stories.jsonl"):
        if (folder / name).is_file():
            return {s["id"]: s for s in load_records(folder / name)}
    return None


def set_name(path):
    return str(path.parent.relative_to(DATA) / path.stem)


def test_every_bundled_set_is_found():
    assert {p.parent.name for p in GOLD_SETS} >= {"voa", "sample_dev", "fundus_dev",
                                                   "fundus_dev2", "wire_dev", "wire_dev2",
                                                   "wire_dev3", "second_coding"}


@pytest.mark.parametrize("path", GOLD_SETS, ids=set_name)
def test_records_are_unique_and_coded_with_cameo_codes(path):
    codes = load_cameo_codes()
    records = load_records(path)
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        for event in record["events"]:
            assert event["event_code"] in codes, (record["id"], event["event_code"])
            assert event["root_code"] == event["event_code"][:2], record["id"]
            assert event.get("confidence", "high") in CONFIDENCES, record["id"]


@pytest.mark.parametrize("path", [p for p in GOLD_SETS if stories_beside(p)],
                         ids=set_name)
def test_every_sentence_is_in_its_story_with_its_date(path):
    stories = stories_beside(path)
    for record in load_records(path):
        story = stories[record["story_id"]]
        assert record["text"] in story["text"], record["id"]
        if record.get("published") and story.get("published"):
            assert story["published"][:10] == record["published"][:10], record["id"]
