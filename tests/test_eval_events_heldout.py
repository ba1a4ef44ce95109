"""Scoring of the held-out event evaluation on hand-made cases (no gold file needed)."""
import json
import subprocess
import sys
from pathlib import Path

from eval import events_heldout as ho


def record(id_, events):
    return {"id": id_, "text": "t", "published": "2025-03-14", "events": events}


def gold(src, tgt, code, confidence="high"):
    return {"source_country": src, "target_country": tgt, "event_code": code,
            "root_code": code[:2], "confidence": confidence}


def tagged(*events):
    return {"events": [{"source": s, "source_country": sc, "target": t, "target_country": tc,
                        "root_code": root} for s, sc, t, tc, root in events]}


def test_actor_keys_compare_countries_and_igos():
    assert ho.actor_key("usa") == "USA"
    assert ho.actor_key(None, "IGOUNOKID") == "IGOUNO"
    assert ho.actor_key("IGOUNO") == "IGOUNO"
    assert ho.actor_key(None, "MEDIA") is None and ho.actor_key(None) is None


def test_root_and_dyad_scores_and_spurious_events():
    records = [record("a", [gold("USA", "RUS", "040")]),
               record("b", [gold("UKR", "RUS", "112")]),
               record("c", []),
               record("d", [gold("IRN", "ISR", "138", "low")])]
    predictions = {
        "a": tagged(("USAGOV", "USA", "RUSGOV", "RUS", "04")),        # right
        "b": tagged(("RUS", "RUS", "UKR", "UKR", "11")),              # root right, dyad wrong
        "c": tagged(("CHN", "CHN", None, None, "01")),                # spurious
        "d": tagged(("IRN", "IRN", "ISR", "ISR", "13")),              # matches an unsure event
    }
    all_events = ho.score(records, predictions, ho.CONFIDENCE["low"])
    assert (all_events["root"]["tp"], all_events["root"]["fp"], all_events["root"]["gold"]) == (3, 1, 3)
    assert (all_events["dyad"]["tp"], all_events["dyad"]["fp"]) == (2, 2)
    assert all_events["dyad"]["spurious_per_gold"] == 2 / 3
    sure = ho.score(records, predictions, ho.CONFIDENCE["medium"])
    # the low-confidence event leaves the gold, and its match is not counted as spurious
    assert (sure["root"]["tp"], sure["root"]["fp"], sure["root"]["gold"]) == (2, 1, 2)
    assert [e["id"] for e in sure["errors"]] == ["b", "c", "d"]


def test_confidence_auc_is_the_chance_a_right_event_outranks_a_wrong_one():
    records = [record("a", [gold("USA", "RUS", "040")]), record("b", [])]

    def with_confidence(confidence, *events):
        result = tagged(*events)
        for event, value in zip(result["events"], confidence):
            event["confidence"] = value
        return result
    right = ("USAGOV", "USA", "RUSGOV", "RUS", "04")
    wrong = ("CHN", "CHN", None, None, "01")
    ranked = {"a": with_confidence([0.9, 0.5], right, wrong), "b": with_confidence([0.7], wrong)}
    assert ho.confidence_auc(records, ranked) == 1.0
    # the same event twice matches the gold event once; ties count half
    tied = {"a": with_confidence([0.5, 0.5], right, right), "b": with_confidence([0.7], wrong)}
    # right [0.5] against wrong [0.5 (the repeat), 0.7]: (0.5 + 0) / 2
    assert ho.confidence_auc(records, tied) == 0.25
    assert ho.confidence_auc([records[1]], {"b": with_confidence([0.7], wrong)}) is None


def test_command_runs_the_tag_command_on_a_gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({
        "id": "s1", "published": "2025-08-15", "text":
        "President Donald Trump met Russian President Vladimir Putin in Alaska on Friday.",
        "events": [gold("USA", "RUS", "040")]}) + "\n")
    out = subprocess.run([sys.executable, "-m", "eval.events_heldout", "--gold", str(path),
                          "--json", str(tmp_path / "r.json")], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout
    assert "each sentence alone): 1 sentences" in out
    result = json.loads((tmp_path / "r.json").read_text())
    assert result["root"]["gold"] == 1 and result["root"]["tp"] + result["root"]["fp"] >= 1


def test_missing_gold_exits_2(tmp_path, capsys):
    assert ho.main(["--gold", str(tmp_path / "none.jsonl")]) == 2
    assert "absent" in capsys.readouterr().err


def test_story_context_scores_the_events_of_the_sentence_in_its_story():
    story = ("Talks opened in Geneva. President Donald Trump met Russian President Vladimir "
             "Putin in Alaska on Friday. He later criticized Ukraine.")
    records = [{"id": "s1", "story_id": "x", "text": "Talks opened in Geneva.", "events": []},
               {"id": "s2", "story_id": "x", "text": "He later criticized Ukraine.",
                "events": [gold("USA", "UKR", "111")]}]
    stories, where = ho.stories_of(records, by_id={"x": {"id": "x", "text": story,
                                                       "published": "2025-08-15"}})
    assert where == {"s1": ("x", 0), "s2": ("x", story.index("He later"))}
    # Events of the middle sentence belong to no gold record; "He" is Trump in context.
    tagged = {"x": {"events": [
        {"sentence_index": 1, "source_country": "USA", "target_country": "RUS",
         "root_code": "04"},
        {"sentence_index": 2, "source_country": "USA", "target_country": "UKR",
         "root_code": "11"}]}}
    by_record = ho.events_in_context(records, stories, where, tagged)
    assert [e["root_code"] for e in by_record["s1"]["events"]] == []
    assert [e["root_code"] for e in by_record["s2"]["events"]] == ["11"]


def test_story_context_needs_the_story_text(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "s1", "text": "t", "events": []}) + "\n")
    assert ho.main(["--gold", str(path), "--context", "story"]) == 2


def test_a_gold_set_with_its_own_stories_reads_them_from_beside_it(tmp_path):
    story = "Talks opened in Geneva. Russia criticized Ukraine on Friday."
    (tmp_path / "stories.jsonl").write_text(
        json.dumps({"id": "own", "text": story, "published": "2025-08-15"}) + "\n")
    record = {"id": "s1", "story_id": "own", "text": "Russia criticized Ukraine on Friday.",
              "events": [gold("RUS", "UKR", "111")]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(record) + "\n")
    out = tmp_path / "r.json"
    assert ho.main(["--gold", str(tmp_path / "gold.jsonl"), "--context", "story",
                    "--json", str(out)]) == 0
    assert json.loads(out.read_text())["root"]["gold"] == 1
