"""Syndication evaluation: cluster metrics on hand-computed cases, the development-set generator
on a tiny inline ground truth, the commands with a fake transforms.syndication (no ../shared)."""
import itertools
import json
import os
import random
import subprocess
import sys
import types
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bench import syndication as bench
from eval import syndication as ev
from eval import syndication_devset as ds
from eval.cluster_metrics import bcubed_scores, pairwise_counts, pairwise_scores
from transforms.syndication import Assignment, Doc

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Metrics

def test_perfect_clustering_scores_one_whatever_the_labels():
    gold = {"a": 1, "b": 1, "c": 2, "d": 3}
    pred = {"a": "x", "b": "x", "c": "y", "d": "z"}
    assert pairwise_scores(gold, pred) == (1.0, 1.0, 1.0)
    assert bcubed_scores(gold, pred) == (1.0, 1.0, 1.0)


def test_all_singletons():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {k: k for k in gold}
    # No predicted link: precision 1 by convention, none of the 3 gold links found.
    assert pairwise_counts(gold, pred) == (0, 0, 3)
    assert pairwise_scores(gold, pred) == (1.0, 0.0, 0.0)
    # B-cubed recall: a, b, c each 1/3 of their cluster, d 1/1 -> (1/3 * 3 + 1) / 4 = 0.5.
    p, r, f = bcubed_scores(gold, pred)
    assert (p, r) == pytest.approx((1.0, 0.5))
    assert f == pytest.approx(2 / 3)


def test_one_wrong_merge():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    pred = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    # Predicted links ab ac bc, of which ab is right; gold links ab cd.
    assert pairwise_counts(gold, pred) == (1, 3, 2)
    p, r, f = pairwise_scores(gold, pred)
    assert (p, r, f) == pytest.approx((1 / 3, 1 / 2, 0.4))
    # B-cubed precision a 2/3, b 2/3, c 1/3, d 1 -> 2/3; recall a 1, b 1, c 1/2, d 1/2 -> 3/4.
    p, r, f = bcubed_scores(gold, pred)
    assert (p, r, f) == pytest.approx((2 / 3, 3 / 4, 12 / 17))


def test_an_unassigned_item_counts_as_a_singleton():
    gold = {"a": 1, "b": 1}
    assert pairwise_scores(gold, {"a": "X"}) == pairwise_scores(gold, {"a": "X", "b": "Y"})


def test_pairwise_counts_match_enumerating_pairs():
    rng = random.Random(3)
    items = range(60)
    gold = {i: rng.randrange(12) for i in items}
    pred = {i: rng.randrange(9) for i in items}
    pairs = list(itertools.combinations(items, 2))
    assert pairwise_counts(gold, pred) == (
        sum(gold[a] == gold[b] and pred[a] == pred[b] for a, b in pairs),
        sum(pred[a] == pred[b] for a, b in pairs), sum(gold[a] == gold[b] for a, b in pairs))


# Development set

PARAGRAPHS = [
    "BRUSSELS (Wire) - European Union ministers on Monday agreed a new package of sanctions "
    "against Russia, officials said. The measures target banks and energy companies.",
    "“We will not stand by,” said Kaja Kallas. The ministers also discussed support for Ukraine "
    "during a long meeting in Brussels.",
    "The plan still needs the approval of Hungary, which has blocked several previous packages, "
    "according to diplomats.",
    "Viktor Orban said that Hungary would study the proposal carefully before the summit.",
    "On Tuesday, the European Commission will present the legal texts to member countries.",
]


def ground_truth(tmp_path, pages=8):
    truth = {}
    for i in range(pages):
        body = [f"Story {i}: " + p for p in PARAGRAPHS[:3 + i % 3]] + ["[Photo: a caption]"]
        truth[f"Outlet{i % 3}_{i}.html.gz"] = {
            "body": body, "url": f"https://outlet{i % 3}.example/news/eu-sanctions-story-{i}",
            "crawl_date": f"2024-02-{20 + i % 4} 1{i}:00:00.123456"}
    (tmp_path / "ground_truth.json").write_text(json.dumps(truth))
    return tmp_path


def original(paragraphs=tuple(PARAGRAPHS)):
    return ds.Original("Wire_1", "Wire", "https://wire.example/a", "EU agrees new sanctions",
                       paragraphs, datetime(2024, 2, 26, 9, tzinfo=timezone.utc))


def test_devset_is_deterministic_given_the_seed(tmp_path):
    data = ground_truth(tmp_path)
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    ds.build_to(data, a, 5)
    ds.build_to(data, b, 5)
    ds.build_to(data, c, 6)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_devset_does_not_depend_on_string_hashing(tmp_path):
    data = ground_truth(tmp_path)
    outs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}.jsonl"
        subprocess.run([sys.executable, "-m", "eval.syndication_devset", "--data", str(data),
                        "--out", str(out), "--seed", "5"], cwd=PROJECT_ROOT, check=True,
                       capture_output=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_devset_records_and_labels(tmp_path):
    out = tmp_path / "dev.jsonl"
    meta = ds.build_to(ground_truth(tmp_path), out, 5)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert meta["documents"] == len(records)
    assert ds.meta_path(out).is_file()
    assert {r["kind"] for r in records} <= {"original", *ds.COPY_KINDS}
    assert len({r["id"] for r in records}) == len(records)
    originals = {r["story"]: r for r in records if r["kind"] == "original"}
    assert len(originals) == 8
    assert all("[Photo" not in r["text"] for r in records)    # optional paragraphs left out
    for r in records:
        assert set(r) == {"id", "title", "text", "url", "outlet", "published", "story", "kind",
                          "topic"}
        if r["kind"] != "original":
            o = originals[r["story"]]
            delay = (datetime.fromisoformat(r["published"].replace("Z", "+00:00"))
                     - datetime.fromisoformat(o["published"].replace("Z", "+00:00")))
            assert timedelta(hours=1) <= delay <= timedelta(hours=24)
            assert r["outlet"] != o["outlet"] and r["url"] != o["url"]
            assert r["topic"] == o["topic"]
    topics = {}
    for o in originals.values():
        if o["topic"]:
            topics.setdefault(o["topic"], []).append(o)
    assert topics and all(len(pair) == 2 for pair in topics.values())
    for a, b in topics.values():
        assert a["story"] != b["story"] and a["published"][:10] == b["published"][:10]


def test_copy_kinds():
    o, rng = original(), random.Random(1)
    outlet = ds.COPY_OUTLETS[0]
    texts = {kind: ds.make_copy(o, kind, outlet, rng) for kind in ds.COPY_KINDS}
    paragraphs = {k: c["text"].split("\n") for k, c in texts.items()}
    assert texts["exact"]["text"] == "\n".join(o.paragraphs)
    assert texts["exact"]["title"] == o.title and texts["exact"]["outlet"] == "Global Wire"
    light = paragraphs["light"]
    assert texts["light"]["title"] != o.title
    assert " — " in light[0] and light[1:len(o.paragraphs)] == list(o.paragraphs[1:])
    assert len(light) > len(o.paragraphs)                     # footer(s)
    truncated = paragraphs["truncated"]
    assert 2 <= len(truncated) - 1 <= 4 and truncated[:-1] == list(o.paragraphs[:len(truncated) - 1])
    assert truncated[-1] not in o.paragraphs
    reordered = paragraphs["reordered"]
    assert reordered[0] == o.paragraphs[0] and sorted(reordered) == sorted(o.paragraphs)
    assert reordered != list(o.paragraphs)
    change = ds.shingle_change(texts["exact"]["text"], texts["reworded"]["text"])
    assert change > 0.2          # this text is dense in rule triggers


def test_short_originals_get_no_truncated_or_reordered_copy():
    assert ds.kinds_possible(original(tuple(PARAGRAPHS[:2]))) == (
        "exact", "light", "truncated", "reworded")
    assert ds.kinds_possible(original(tuple(PARAGRAPHS[:1]))) == ("exact", "light", "reworded")


@pytest.mark.parametrize("before, after", [
    ("The talks failed, said John Smith.", "John Smith stated the talks failed."),
    ("“We will stay,” Smith said.", "Smith stated: “We will stay.”"),
    ("The prices rose, according to the ministry.",
     "According to the ministry, the prices rose."),
    ("Smith said that the talks failed.", "The talks failed, Smith stated."),
    ("In March, the group met in New York.", "The organisation met in New York in March."),
    ("It was very big.", "It was major."),
])
def test_reword_rules(before, after):
    assert ds.reword_sentence(before) == after


def test_sentences_keep_abbreviations_and_quotes():
    assert ds.sentences("Mr. Khan won on Feb. 8 in a poll. “It is done.” He left.") == [
        "Mr. Khan won on Feb. 8 in a poll.", "“It is done.”", "He left."]


def test_devset_without_data_exits_2(tmp_path, capsys):
    assert ds.main(["--data", str(tmp_path), "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "Syndication devset data absent:" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


# The evaluation command, with a fake clusterer

def fake_module(monkeypatch, story_of):
    # An oracle or a deliberately wrong clusterer in place of the real one; the real
    # record types keep the evaluation honest about the interface.
    module = types.SimpleNamespace(
        Doc=Doc, cluster=lambda docs: [Assignment(d.id, story_of(d), 1.0) for d in docs])
    monkeypatch.setitem(sys.modules, "transforms.syndication", module)
    import transforms
    monkeypatch.setattr(transforms, "syndication", module, raising=False)


def test_eval_with_an_oracle_and_with_singletons(tmp_path, monkeypatch, capsys):
    dev = tmp_path / "dev.jsonl"
    ds.build_to(ground_truth(tmp_path), dev, 5)
    fake_module(monkeypatch, lambda d: d.id.split("/")[0])      # the gold story
    assert ev.main(["--input", str(dev), "--json", str(tmp_path / "o.json")]) == 0
    figures = json.loads((tmp_path / "o.json").read_text())
    assert figures["pairwise"]["f1"] == 1.0 and figures["bcubed"]["f1"] == 1.0
    assert all(k["recall"] == 1.0 for k in figures["recall_by_kind"].values())
    assert figures["hard_negatives"]["false_merges"] == 0 and figures["hard_negatives"]["pairs"]
    out = capsys.readouterr().out
    assert "Reproduce: python -m eval.syndication_devset" in out and "--seed 5" in out

    fake_module(monkeypatch, lambda d: d.id)                    # every document alone
    figures = ev.score(ev.load_records(dev), ev.predict(ev.load_records(dev),
                       sys.modules["transforms.syndication"].cluster, Doc)[0])
    assert figures["pairwise"]["recall"] == 0.0
    assert all(k["recall"] == 0.0 for k in figures["recall_by_kind"].values())


def test_eval_counts_a_merged_hard_negative_pair():
    records = [
        {"id": "a/original", "story": "a", "kind": "original", "topic": "t"},
        {"id": "a/exact", "story": "a", "kind": "exact", "topic": "t"},
        {"id": "b/original", "story": "b", "kind": "original", "topic": "t"},
        {"id": "c/original", "story": "c", "kind": "original", "topic": None},
    ]
    figures = ev.score(records, {"a/original": 1, "a/exact": 2, "b/original": 2,
                                 "c/original": 3})
    assert figures["hard_negatives"] == {"pairs": 1, "false_merges": 1,
                                         "merged_pairs": [["a", "b"]]}
    assert figures["recall_by_kind"]["exact"] == {"found": 0, "copies": 1, "recall": 0.0}


def test_eval_with_a_missing_input_exits_2(tmp_path, capsys):
    assert ev.main(["--input", str(tmp_path / "none.jsonl")]) == 2
    assert "No labelled set" in capsys.readouterr().err


# Benchmark corpus

def test_bench_corpus_and_run():
    bodies = [{"title": "t", "url": f"https://o{i}.example/a", "outlet": f"o{i}.example",
               "paragraphs": [f"Story {i}: " + p for p in PARAGRAPHS]} for i in range(3)]
    stories, copies = bench.corpus(50, bodies, 1, 2000)
    assert (len(stories), len(copies)) == (40, 10)
    docs = bench.to_docs(stories, copies, Doc)
    assert len({d.text for d in docs[:40]}) == 40
    oracle = {cid: key for cid, _, key, _ in copies}
    result = bench.run(50, docs, copies,
                       lambda ds_: [Assignment(d.id, oracle.get(d.id, d.id), 1.0) for d in ds_],
                       memory=True)
    assert result["copy_recall"] == 1.0 and result["clusters"] == 40
    assert result["peak_mib"] is not None


def test_story_memory_bench_measures_a_memory_that_folds_the_copies():
    from bench import story_memory as memory_bench
    bodies = [{"title": "t", "url": f"https://o{i}.example/a", "outlet": f"o{i}.example",
               "paragraphs": [f"Story {i}: " + p for p in PARAGRAPHS]} for i in range(3)]
    stories, copies = bench.corpus(40, bodies, 1, 2000, (3, 5))
    result = memory_bench.measure(bench.to_docs(stories, copies, Doc), copies)
    assert result["documents"] == 40 and result["copies"] == 8
    assert result["copy_recall"] > 0.5
    assert result["memory_bytes_per_document"] > result["state_bytes_per_document"] > 0
    assert 0 < result["words_per_document"] < result["text_bytes_per_document"]


# Held-out stories from JSON lines, scored through `diplowire dedup`

def stories_jsonl(tmp_path, count=6):
    path = tmp_path / "stories.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = " ".join(f"Story {i}: {p}" for p in PARAGRAPHS)  # flattened, as VOA's are
            out.write(json.dumps({"id": str(100 + i), "url": f"https://www.voa.example/a/{i}.html",
                                  "title": f"Story {i} on EU sanctions",
                                  "published": f"2025-03-1{i % 4} 08:30:00Z", "text": text}) + "\n")
    return path


def test_stories_from_json_lines_are_cut_into_paragraphs_of_three_sentences(tmp_path):
    originals = ds.load_originals_jsonl(stories_jsonl(tmp_path))
    assert len(originals) == 6
    first = originals[0]
    assert (first.key, first.outlet, first.title) == ("voa.example-100", "voa.example",
                                                       "Story 0 on EU sanctions")
    assert first.published == datetime(2025, 3, 10, 8, 30, tzinfo=timezone.utc)
    said = [s for p in first.paragraphs for s in ds.sentences(p)]
    assert len(first.paragraphs) == -(-len(said) // ds.SENTENCES_PER_PARAGRAPH) > 1
    assert " ".join(first.paragraphs).startswith("Story 0: BRUSSELS (Wire)")


def test_eval_through_the_dedup_command(tmp_path):
    dev = tmp_path / "heldout.jsonl"
    assert ds.build_to(stories_jsonl(tmp_path), dev, 5)["stories"] == 6
    report = subprocess.run([sys.executable, "-m", "eval.syndication", "--input", str(dev),
                             "--through-cli", "--json", str(tmp_path / "f.json")],
                            cwd=PROJECT_ROOT, check=True, capture_output=True, text=True).stdout
    assert "diplowire dedup took" in report and "--through-cli" in report
    figures = json.loads((tmp_path / "f.json").read_text())
    assert figures["unassigned"] == 0 and figures["documents"] == len(dev.read_text().splitlines())
