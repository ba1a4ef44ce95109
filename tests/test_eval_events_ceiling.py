"""The reach of the coder's candidates (eval/events_ceiling.py) on a hand-made case."""
from eval import events_ceiling as ceiling

SENTENCE = "President Donald Trump met Russian President Vladimir Putin in Alaska on Friday."


def gold(src, tgt, code):
    return {"source_country": src, "target_country": tgt, "event_code": code,
            "root_code": code[:2], "confidence": "high"}


RECORDS = [{"id": "a", "text": SENTENCE, "published": "2025-08-15",
            "events": [gold("USA", "RUS", "040"), gold("USA", "RUS", "190"),
                       gold("USA", "CHN", "040")]},
           {"id": "b", "text": "Nothing happened.", "events": []}]


def test_a_gold_event_is_within_reach_when_a_candidate_verb_and_its_actors_are_found():
    counts = ceiling.reach(RECORDS, {"a": {"events": []}, "b": {"events": []}})
    # "met" is a candidate of root 04: both 04 events are within reach at root level, only
    # the USA-RUS one at dyad level (China is not named); nothing codes 19 here
    assert (counts["gold"], counts["root_reach"], counts["dyad_reach"]) == (3, 2, 1)
    assert counts["root_reach_context"] == 2  # 19 is no root the rules derive from context
    assert counts["root_output"] == counts["dyad_output"] == 0
    # the coder weighs (and outputs, tagged alone) USA-RUS 04: coded, whatever it output here
    assert (counts["root_coded"], counts["dyad_coded"]) == (2, 1)


def test_output_events_count_once_per_gold_event():
    tagged = {"a": {"events": [{"source": "USAGOV", "source_country": "USA",
                                "target": "RUSGOV", "target_country": "RUS",
                                "root_code": "04"}]},
              "b": {"events": []}}
    counts = ceiling.reach(RECORDS, tagged)
    assert (counts["root_output"], counts["dyad_output"]) == (1, 1)


def test_a_candidate_verb_with_no_actor_is_within_reach_but_not_coded():
    # "met" is a candidate verb of the gold root, but the sentence names no actor
    records = [{"id": "a", "text": "Talks were held and leaders met.", "events": [
        gold("USA", "RUS", "040")]}]
    counts = ceiling.reach(records, {"a": {"events": []}})
    assert (counts["root_reach"], counts["root_coded"], counts["dyad_coded"]) == (1, 0, 0)


def test_a_root_rules_derive_from_context_is_within_reach_with_context_only():
    records = [{"id": "a", "text": SENTENCE, "published": "2025-08-15",
                "events": [gold("USA", "RUS", "036")]}]
    counts = ceiling.reach(records, {"a": {"events": []}})
    assert (counts["root_reach"], counts["root_reach_context"]) == (0, 1)
