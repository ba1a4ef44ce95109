"""Syndication dedup: unit tests on small inline stories, and the bundled sample end to end."""
from __future__ import annotations

import hashlib
import itertools
import json
import pathlib
import subprocess
import sys

import pytest

from transforms import syndication as S

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

# An invented wire story (12 paragraphs, ~420 words) and its variants.
WIRE = [
    "GENEVA (Wire) — Negotiators from Estaria and Norvania agreed on Tuesday to reopen the "
    "Kessel river crossing for commercial traffic from 1 September, ending a closure that has "
    "lasted 14 months and stranded hundreds of lorries on both sides of the border.",
    "The agreement, reached after three days of talks hosted by the Swiss foreign ministry, "
    "also sets up a joint customs office at the crossing and a hotline between the two "
    "interior ministries to deal with incidents before they escalate.",
    "Estarian Foreign Minister Helena Marsk told reporters that the deal was \"a first step "
    "towards normal neighbourly relations\" and thanked Swiss mediators for their patience.",
    "Her Norvanian counterpart, Tomas Avelund, said the reopening would be reviewed after six "
    "months and that freight volumes would be capped at 400 lorries a day during a trial phase.",
    "Trade across the Kessel crossing was worth about $2.3 billion a year before the closure, "
    "according to figures from the regional chamber of commerce, most of it grain, fertiliser "
    "and building materials moving north.",
    "The crossing was shut after a shooting incident involving border guards in June of last "
    "year, which each side blamed on the other. An inquiry led by a retired Swiss judge has "
    "not yet published its findings.",
    "Farmers' groups in southern Norvania welcomed the news, saying the closure had forced "
    "them to send produce on a detour of more than 600 kilometres through a third country.",
    "Opposition lawmakers in Estaria criticised the deal as too generous, arguing that the "
    "government had dropped its demand for compensation for damage to customs buildings.",
    "Diplomats in Geneva said the talks had nearly collapsed on Monday evening over the "
    "wording of a clause on the return of seized vehicles, before a compromise was found.",
    "Under the compromise, vehicles seized since the closure will be returned within 60 days "
    "once their owners prove that customs duties were paid.",
    "The two governments said technical teams would meet again in Kessel next week to agree "
    "on staffing for the joint office and opening hours at the crossing.",
    "The European Union, which has funded a new bridge at the crossing, said in a statement "
    "that it stood ready to support the implementation of the agreement.",
]
ORIGINAL = "\n".join(WIRE)
TITLE = "Estaria and Norvania agree to reopen Kessel border crossing"

# Same topic, same day, same people, different story.
OTHER = "\n".join([
    "KESSEL (Wire) — Hundreds of lorry drivers stranded at the Kessel river crossing staged a "
    "protest on Tuesday, blocking the approach road for several hours to demand food and "
    "water while talks between Estaria and Norvania continued in Geneva.",
    "Police said the protest was peaceful and that the road was cleared by early evening. "
    "Drivers said some of them had waited for weeks in car parks near the border with little "
    "information about when they could move on.",
    "A local charity has been handing out meals twice a day, but its coordinator said supplies "
    "were running low and asked the regional government for help with fuel for generators.",
    "Estarian Foreign Minister Helena Marsk, speaking by phone from Geneva, said the government "
    "understood the drivers' frustration and promised that emergency supplies would arrive.",
    "Norvanian officials said some drivers had been allowed to turn back with their cargo, "
    "but that others refused because their loads would spoil before reaching another route.",
    "Union leaders said they would continue the protests every day until the drivers' "
    "situation was resolved, and called on the European Union to send humanitarian aid.",
    "Residents of nearby villages said the queues had brought noise and rubbish but that many "
    "families had opened their homes to let drivers wash and charge their phones.",
    "The regional governor visited the car parks in the afternoon and announced that portable "
    "toilets and a medical tent would be set up by the weekend.",
])


def doc(id, text, title=TITLE, published="2025-08-12T09:00:00Z", url=None):
    return S.Doc(id, title, text, url=url, published=published)


def stories(assignments):
    return {a.id: a.story_id for a in assignments}


def test_normalise_folds_case_accents_punctuation_and_house_style():
    assert S.normalise("Zürich’s CAFÉ: U.S. tariffs, 5 per cent!") == \
        ["zurichs", "cafe", "us", "tariffs", "5", "percent"]
    assert S.normalise("7%") == S.normalise("7 percent")


def test_signatures_are_deterministic_across_processes():
    words = S.normalise(ORIGINAL)
    here = S.minhash(S.shingles(words))
    code = ("import sys; from transforms import syndication as S; "
            "print(S.minhash(S.shingles(S.normalise(sys.stdin.read())))[:8])")
    # A fresh interpreter with a different hash seed must give the same signature.
    out = subprocess.run([sys.executable, "-c", code], input=ORIGINAL, capture_output=True,
                         text=True, cwd=ROOT, env={"PYTHONHASHSEED": "123"}, check=True)
    assert out.stdout.strip() == str(here[:8])
    assert len(here) == S.NUM_PERM and all(0 <= v < 2**64 for v in here)
    assert S.lsh_keys(here) == S.lsh_keys(S.minhash(S.shingles(words)))
    assert len(S.lsh_keys(here)) == S.BANDS


def test_similarity_estimates_jaccard_and_containment():
    a = S.shingles(S.normalise(ORIGINAL))
    half = a[:len(a) // 2]
    sim = S.similarity(S.minhash(a), S.minhash(half), len(a), len(half))
    assert abs(sim.jaccard - 0.5) < 0.15
    assert sim.containment > 0.85
    assert S.similarity(S.minhash([]), S.minhash([]), 0, 0).score == 0.0


def test_exact_duplicate_by_body_hash_and_by_canonical_url():
    out = stories(S.cluster([
        doc("a", ORIGINAL),
        doc("b", ORIGINAL.upper().replace(",", " ,"), title="Other headline"),
        doc("c", OTHER, url="https://wire.example/kessel?utm_source=x"),
        doc("d", "Short stub.", url="https://wire.example/kessel"),
        doc("e", "", url="https://wire.example/"),   # a site root is no identity
        doc("f", "", url="https://wire.example/"),   # and empty bodies are not duplicates
    ]))
    assert out["a"] == out["b"]
    assert out["c"] == out["d"] != out["a"]
    assert out["e"] != out["f"]


def test_light_edit_matches():
    light = ORIGINAL.replace("GENEVA (Wire) — ", "").replace("neighbourly", "neighborly") \
        .replace("$2.3 billion", "2.3 billion dollars") + "\nWire contributed to this report."
    out = S.cluster([doc("orig", ORIGINAL), doc("light", light, title="Kessel crossing to reopen",
                                                 published="2025-08-12T11:00:00Z")])
    assert out[0].story_id == out[1].story_id
    assert out[1].similarity > 0.7


def test_truncated_copy_with_local_boilerplate_matches_by_containment():
    truncated = "\n".join(WIRE[:6] + [
        "Local hauliers said they would wait for the first week of traffic before sending "
        "their own lorries, and the town council said it would review parking near the "
        "approach road.", "This story was originally published by Wire."])
    a, b = S.sketch(doc("o", ORIGINAL)), S.sketch(doc("t", truncated))
    matched, sim = S.near_duplicate(a, b)
    assert matched and sim.containment > sim.jaccard
    out = stories(S.cluster([doc("o", ORIGINAL), doc("t", truncated)]))
    assert out["o"] == out["t"]


def test_reordered_paragraphs_match():
    order = [3, 0, 2, 1, 5, 4, 8, 7, 6, 9, 11, 10]
    reordered = "\n".join(WIRE[i] for i in order)
    out = stories(S.cluster([doc("o", ORIGINAL), doc("r", reordered)]))
    assert out["o"] == out["r"]


def test_same_topic_same_day_different_story_stays_apart():
    a, b = doc("deal", ORIGINAL), doc("protest", OTHER, title="Stranded lorry drivers protest "
                                                              "at Kessel crossing")
    assert not S.near_duplicate(S.sketch(a), S.sketch(b))[0]
    assert not S.rewrite_match(a, b)
    out = stories(S.cluster([a, b]))
    assert out["deal"] != out["protest"]


def test_rewrite_signal_needs_features_window_and_title():
    rewrite = (
        "Estaria, Norvania to reopen Kessel border crossing\n"
        "Estaria and Norvania have agreed that the Kessel river crossing will reopen to "
        "commercial traffic on 1 September, after 14 months during which it was closed, "
        "negotiators said Tuesday in Geneva.\n"
        "Helena Marsk, foreign minister of Estaria, called the deal \"a first step towards "
        "normal neighbourly relations\". Tomas Avelund of Norvania said the reopening would be "
        "reviewed after six months, with 400 lorries a day allowed during a trial phase.\n"
        "Before the closure the Kessel crossing carried trade of some $2.3 billion a year. "
        "Seized vehicles are to be given back within 60 days. The European Union, which "
        "financed a bridge at Kessel, promised support. Swiss mediators hosted the talks, and "
        "a retired Swiss judge leads an inquiry into the June shooting.")
    a = doc("orig", ORIGINAL)
    b = doc("rw", rewrite, title="Kessel border crossing to reopen, Estaria and Norvania agree",
            published="2025-08-12T20:00:00Z")
    assert S.rewrite_match(a, b)
    assert not S.rewrite_match(a, b._replace(published="2025-08-16T09:00:00Z"))  # outside 48 h
    assert not S.rewrite_match(a, b._replace(published=None))                    # undated
    other_lead = ("Opposition lawmakers in Estaria criticised the government on Tuesday over "
                  "the terms of the deal.\n" + rewrite.split("\n", 2)[2])
    assert not S.rewrite_match(a, b._replace(title="Opposition criticises government",
                                             text=other_lead))  # other headline and lead
    keys_a = S.rewrite_keys(S.fingerprint(a), a.published, None, 0)
    keys_b = S.rewrite_keys(S.fingerprint(b), b.published, None, 0)
    assert keys_a and set(keys_a) & set(keys_b)


def test_rewrite_bucket_pairs_one_copy_per_alike_group():
    # Three outlets carry story a, three carry story b: one pair decides, not nine.
    def member(doc_id, text, title="t", minute=0):
        d = doc(doc_id, text, title=title, published=f"2025-08-12T09:{minute:02d}:00Z")
        sk, fp = S.sketch(d), S.fingerprint(d)
        return S.RewriteMember(S.lead_order(d), doc_id, sk.content_hash,
                               S.rewrite_alike_key(sk, fp, d.published))

    members = ([member(f"a{i}", ORIGINAL) for i in range(3)]
               + [member(f"b{i}", OTHER) for i in range(3)])
    assert list(S.rewrite_pairs_across_copies("n:x|1", members)) == [(("a0", "b0"), "n:x")]
    # A copy with its own headline or time is not alike: it is paired on its own, but never
    # with a copy of its own body (their exact key links them).
    retitled = member("a9", ORIGINAL, title="other headline", minute=5)
    pairs = {p for p, _ in S.rewrite_pairs_across_copies("n:x|1", members + [retitled])}
    assert pairs == {("a0", "b0"), ("b0", "a9")}
    # Nor is a copy of one body hash whose quotes or capitals differ: its fingerprint does.
    unquoted = member("a8", ORIGINAL.replace('"', ""), minute=1)
    assert unquoted.body == members[0].body and unquoted.alike != members[0].alike
    pairs = {p for p, _ in S.rewrite_pairs_across_copies("n:x|1", members + [unquoted])}
    assert pairs == {("a0", "b0"), ("b0", "a8")}
    # The size of the whole bucket, not of its alike groups, decides that it is too common.
    crowd = [member(f"c{i}", ORIGINAL) for i in range(S.MAX_BUCKET + 1)]
    assert not list(S.rewrite_pairs_across_copies("n:x|1", crowd))


def test_clusters_are_transitive_and_lead_is_earliest():
    # b overlaps a (first 8 paragraphs) and c (last 8), a and c overlap little.
    a = doc("a", "\n".join(WIRE[:8]), published="2025-08-12T12:00:00Z")
    b = doc("b", ORIGINAL, published="2025-08-12T09:00:00Z")
    c = doc("c", "\n".join(WIRE[4:]), published="2025-08-12T15:00:00+02:00")
    unrelated = doc("u", OTHER)
    out = S.cluster([a, b, c, unrelated])
    ids = stories(out)
    assert ids["a"] == ids["b"] == ids["c"] != ids["u"]
    assert ids["a"] == S.story_id("b")  # the earliest copy leads
    sims = {x.id: x.similarity for x in out}
    assert sims["b"] == 1.0 and 0 < sims["a"] < 1
    # ties on time go to the smallest id; undated copies never lead a dated one
    same_time = S.cluster([doc("z", ORIGINAL), doc("y", ORIGINAL)])
    assert {x.story_id for x in same_time} == {S.story_id("y")}
    undated = S.cluster([doc("a", ORIGINAL, published=None), doc("b", ORIGINAL)])
    assert {x.story_id for x in undated} == {S.story_id("b")}


def test_story_ids_stable_and_independent_of_input_order():
    docs = [doc("x1", ORIGINAL), doc("x2", "\n".join(WIRE[:7]), published="2025-08-13T00:00Z"),
            doc("x3", OTHER)]
    first = S.cluster(docs)
    second = S.cluster(list(reversed(docs)))
    assert sorted(first) == sorted(second)
    assert S.story_id("x1") == hashlib.sha256(b"x1").hexdigest()[:16]


# ---- the bundled sample, end to end --------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    from samples import article_pages
    from transforms.extraction import extract_article

    manifest = json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    for entry, html in article_pages():
        url = entry["final_url"]
        article = extract_article(html, url)
        rows.append((S.Doc(url, article.title or "", article.text, article.canonical_url or url,
                           entry["outlet"], article.published or entry["published_at"]),
                     entry["story"], entry["copy_kind"]))
    return rows, manifest["hard_negative_pairs"]


@pytest.mark.parametrize("use_urls", [True, False], ids=["with-urls", "text-only"])
def test_sample_pairwise_precision_and_recall(sample, use_urls):
    rows, hard_negatives = sample
    docs = [d if use_urls else d._replace(url=None) for d, _, _ in rows]
    assigned = stories(S.cluster(docs))
    found = {kind: [0, 0] for kind in ("light", "truncated", "reordered", "rewrite")}
    false_pairs = []
    for (a, story_a, kind_a), (b, story_b, kind_b) in itertools.combinations(rows, 2):
        together = assigned[a.id] == assigned[b.id]
        if story_a != story_b:
            if together:
                false_pairs.append((story_a, story_b))
            continue
        kind = kind_b if kind_a == "original" else kind_a if kind_b == "original" else None
        if kind:
            found[kind][0] += together
            found[kind][1] += 1
    assert false_pairs == []
    assert found["light"][0] == found["light"][1] == 10
    assert found["truncated"][0] == found["truncated"][1]
    assert found["reordered"][0] == found["reordered"][1]
    assert found["rewrite"] == [1, 1]  # the machine-translated seed, by the rewrite signal
    for x, y in hard_negatives:
        assert {assigned[d.id] for d, s, _ in rows if s == x}.isdisjoint(
            {assigned[d.id] for d, s, _ in rows if s == y})


def test_dedup_command(tmp_path, capsys):
    from pipelines.cli import main

    lines = [json.dumps({"id": "a", "title": TITLE, "text": ORIGINAL,
                         "published": "2025-08-12T09:00:00Z"}),
             json.dumps({"id": "b", "title": TITLE, "text": "\n".join(WIRE[:7]),
                         "published": "2025-08-12T10:00:00Z"}),
             "not json",
             json.dumps({"id": "c", "title": "x"}),
             json.dumps({"id": "d", "title": "Protest", "text": OTHER})]
    source, target = tmp_path / "docs.jsonl", tmp_path / "clusters.jsonl"
    source.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert main(["dedup", "--input", str(source), "--output", str(target)]) == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "line 4" in err and "'text'" in err
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "d"]
    assert out[0]["story_id"] == out[1]["story_id"] == S.story_id("a") != out[2]["story_id"]
    assert out[0]["similarity"] == 1.0 and set(out[0]) == {"id", "story_id", "similarity"}
    source.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert main(["dedup", "--input", str(source), "--output", str(target)]) == 0
