"""Agreement between codings (eval/agreement.py) on hand-made cases, and the bundled second
codings cover their gold sets."""
import json

import pytest

from eval import agreement as ag


def event(src, tgt, code):
    return {"source_country": src, "target_country": tgt, "event_code": code,
            "root_code": code[:2]}


def records(*events_per_sentence):
    return [{"id": f"s{i}", "text": f"sentence {i}", "events": list(events)}
            for i, events in enumerate(events_per_sentence)]


FIRST = ag.coding_of(records([event("USA", "RUS", "040")], [event("UKR", "RUS", "112")], []))
SECOND = ag.coding_of(records([event("USA", "RUS", "040"), event("RUS", "USA", "040")],
                              [event("RUS", "UKR", "111")], [event("CHN", None, "010")]))


def test_pair_f1_counts_matches_and_is_symmetric():
    root = ag.pair_f1(FIRST, SECOND, ag.PROJECTIONS["root"])
    # matched: 04 in s0, 11 in s1; events: 2 against 4
    assert (root["matched"], root["events"]) == (2, [2, 4])
    assert root["f1"] == pytest.approx(2 * 2 / 6)
    assert ag.pair_f1(SECOND, FIRST, ag.PROJECTIONS["root"])["f1"] == root["f1"]
    dyad = ag.pair_f1(FIRST, SECOND, ag.PROJECTIONS["dyad"])
    assert dyad["matched"] == 1   # only USA->RUS 04; the 11 has its actors reversed


def test_identical_codings_agree_fully_and_empty_ones_too():
    assert ag.pair_f1(FIRST, FIRST, ag.PROJECTIONS["dyad"])["f1"] == 1.0
    empty = {"s0": []}
    assert ag.pair_f1(empty, empty, ag.PROJECTIONS["root"])["f1"] == 1.0


def test_codings_of_different_sentences_are_refused():
    with pytest.raises(ValueError):
        ag.pair_f1(FIRST, {"s0": []}, ag.PROJECTIONS["root"])


def test_majority_keeps_what_two_of_three_codings_give():
    third = ag.coding_of(records([event("USA", "RUS", "042")], [], [event("CHN", None, "010")]))
    consensus = ag.majority([FIRST, SECOND, third], ag.PROJECTIONS["root"])
    assert consensus == {"s0": ["04"], "s1": ["11"], "s2": ["01"]}
    dyads = ag.majority([FIRST, SECOND, third], ag.PROJECTIONS["dyad"])
    assert dyads == {"s0": [("USA", "RUS", "04")], "s1": [], "s2": [("CHN", None, "01")]}


def test_agreement_scores_the_tagger_against_each_coding_and_the_majority():
    third = ag.coding_of(records([event("USA", "RUS", "040")], [], []))
    humans = {"first": FIRST, "A": SECOND, "B": third}
    tagger = {"s0": [("USA", "RUS", "04")], "s1": [], "s2": []}
    result = ag.agreement(humans, tagger)
    assert set(result["pairs"]["root"]["by_pair"]) == {"first~A", "first~B", "A~B"}
    assert result["tagger"]["dyad"]["by_pair"]["tagger~B"]["f1"] == 1.0
    dyads = result["tagger"]["dyad"]["by_pair"].values()
    assert result["tagger"]["dyad"]["mean"] == pytest.approx(sum(s["f1"] for s in dyads) / 3)
    # the majority is USA->RUS 04 alone (11 is in two codings at root level only)
    assert result["majority"]["dyad"]["f1"] == 1.0
    assert result["majority"]["root"]["f1"] == pytest.approx(2 * 1 / 3)


def test_a_second_coding_of_other_sentences_is_refused(tmp_path):
    gold = tmp_path / "events_gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records([], [])))
    (tmp_path / "second_coding").mkdir()
    (tmp_path / "second_coding" / "A.jsonl").write_text(json.dumps(records([])[0]) + "\n")
    with pytest.raises(ValueError, match="does not code the sentences"):
        ag.second_codings(gold)


@pytest.mark.parametrize("name", sorted(ag.SETS))
def test_bundled_second_codings_cover_their_gold_sets(name):
    codings = ag.second_codings(ag.SETS[name])
    assert len(codings) >= 2, f"{name}: two second codings are bundled"
