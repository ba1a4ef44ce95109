"""The default run on the bundled sample, reconciled against the sample's manifest."""
import collections
import json
import subprocess
import sys

import duckdb
import pytest

from pipelines import bounded
from samples import MANIFEST_FILE
from transforms.warehouse import WarehouseSpec

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def manifest():
    return json.loads(MANIFEST_FILE.read_text())


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("sample") / "diplowire.duckdb"
    first = bounded.run(["--warehouse", f"duckdb:{warehouse}"], report_progress=False)
    return warehouse, first


def _query(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_sample_has_the_promised_shape(manifest):
    formats = {f["format"] for f in manifest["feeds"]}
    assert formats == {"rss2", "atom", "rdf"}
    entries = manifest["entries"]
    articles = [e for e in entries if e["outcome"] == "article"]
    assert len(articles) >= 60
    assert len({e["url"].split("/")[2].split(".", 1)[1] for e in articles}) >= 6
    assert sum(1 for e in entries if e["copy_kind"] not in (None, "original")) >= 10
    assert any(e["language"] != "en" for e in articles)


def test_every_entry_is_one_article_or_one_dead_letter(sample_run, manifest):
    warehouse, _ = sample_run
    articles = {url: language for url, language in
                _query(warehouse, "SELECT url, language FROM articles")}
    dead = {(stage, url): reason for stage, url, reason in
            _query(warehouse, "SELECT stage, url, error_type FROM dead_letters")}
    for entry in manifest["entries"]:
        if entry["outcome"] == "article":
            assert entry["url"] in articles, entry["url"]
            assert articles[entry["url"]] == entry["language"], entry["url"]
        else:
            assert dead.get((entry["stage"], entry["url"])) == entry["reason"], entry["url"]
    unreadable = [f for f in manifest["feeds"] if not f["readable"]]
    for feed in unreadable:
        assert dead.get(("poll", feed["url"])) == feed["reason"]
    expected_articles = sum(e["outcome"] == "article" for e in manifest["entries"])
    expected_dead = len(manifest["entries"]) - expected_articles + len(unreadable)
    assert len(articles) == expected_articles
    assert len(dead) == expected_dead


def test_summary_counts_match_the_warehouse(sample_run, manifest):
    warehouse, summary = sample_run
    assert summary.counters["feeds_polled"] == len(manifest["feeds"])
    assert summary.counters["articles_written"] == summary.warehouse_rows["articles"]
    assert sum(summary.dead_letters.values()) == summary.warehouse_rows["dead_letters"]
    assert "articles written" in summary.text()


def test_every_coded_row_reaches_the_warehouse(sample_run):
    warehouse, summary = sample_run
    for table in ("stories", "events", "mentions", "entities"):
        assert summary.warehouse_rows[table] > 0
        assert summary.counters[f"{table}_written"] == summary.warehouse_rows[table], table
    orphans = _query(warehouse, "SELECT count(*) FROM mentions LEFT JOIN events USING (event_id) "
                                "WHERE events.event_id IS NULL")
    assert orphans == [(0,)]


def test_syndicated_copies_form_their_stories(sample_run, manifest):
    warehouse, _ = sample_run
    story_of = dict(_query(warehouse, "SELECT url, story_id FROM articles"))
    gold: dict[str, set] = {}
    for entry in manifest["entries"]:
        if entry["outcome"] == "article":
            gold.setdefault(entry["story"], set()).add(story_of[entry["url"]])
    # each gold story is one story in the warehouse, and no two gold stories share one
    assert all(len(found) == 1 for found in gold.values()), gold
    assert len({next(iter(found)) for found in gold.values()}) == len(gold)
    rewrite = next(e for e in manifest["entries"] if e["copy_kind"] == "rewrite")
    original = next(e for e in manifest["entries"]
                    if e["story"] == rewrite["story"] and e["copy_kind"] == "original")
    assert story_of[rewrite["url"]] == story_of[original["url"]]  # the seed's rewrite
    stories = _query(warehouse, "SELECT s.story_id, s.num_articles, count(a.article_id), "
                                "s.num_sources, count(DISTINCT a.outlet) FROM stories s "
                                "JOIN articles a USING (story_id) GROUP BY ALL")
    assert len(stories) == len(gold)
    assert all(row[1] == row[2] and row[3] == row[4] for row in stories), stories


def test_events_count_each_story_once(sample_run):
    warehouse, _ = sample_run
    # An event's counts are those of its mentions, and all its articles are one story.
    mismatched = _query(warehouse, """
        SELECT e.event_id FROM events e JOIN mentions m USING (event_id)
        JOIN articles a ON a.article_id = m.article_id
        GROUP BY e.event_id, e.num_mentions, e.num_articles, e.num_sources
        HAVING e.num_mentions != count(*) OR e.num_articles != count(DISTINCT m.article_id)
            OR e.num_sources != count(DISTINCT m.outlet) OR count(DISTINCT a.story_id) != 1""")
    assert mismatched == []
    assert _query(warehouse, "SELECT max(num_sources) FROM events") == [(4,)]


def test_second_run_writes_no_duplicates(sample_run):
    warehouse, first = sample_run
    again = bounded.run(["--warehouse", f"duckdb:{warehouse}"], report_progress=False)
    assert again.warehouse_rows == first.warehouse_rows


def test_make_run_command_prints_progress_and_summary(tmp_path):
    # What `make run` executes, as a user would see it.
    result = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "run", "--warehouse",
         f"duckdb:{tmp_path / 'w.duckdb'}"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "feeds " in result.stderr and "fetched" in result.stderr  # progress lines
    for label in ("feeds polled", "entries seen", "articles written", "dead letters", "elapsed"):
        assert label in result.stdout


def test_analyst_queries_on_the_sample(sample_run):
    warehouse, _ = sample_run
    spec = WarehouseSpec.parse(f"duckdb:{warehouse}")

    def rows(name):
        columns, values = spec.run_query(name)
        return [dict(zip(columns, v)) for v in values]

    top = rows("top_stories")
    assert top[0]["num_sources"] == 4 and top[0]["title"].startswith("Trump and Putin end Alaska")
    assert [r["num_sources"] for r in top] == sorted((r["num_sources"] for r in top), reverse=True)
    assert len(top) == len(_query(warehouse, "SELECT story_id FROM stories"))

    # In a bounded run the roll-up is exact: live counts equal the stored ones.
    live = {r["event_id"]: (r["num_mentions"], r["num_articles"], r["num_sources"])
            for r in rows("events_live")}
    stored = {e: (m, a, s) for e, m, a, s in _query(
        warehouse, "SELECT event_id, num_mentions, num_articles, num_sources FROM events")}
    assert live == stored

    dyads = rows("daily_dyad_counts")
    assert sum(r["events"] for r in dyads) == _query(
        warehouse, "SELECT count(*) FROM events WHERE actor1_country_code IS NOT NULL "
                   "AND actor2_country_code IS NOT NULL")[0][0]

    index = {(r["week"], r["country_a"], r["country_b"]): r for r in rows("country_pair_goldstein")}
    pair = [(g, n) for g, n, a, b in _query(
        warehouse, "SELECT goldstein_scale, num_sources, actor1_country_code, "
                   "actor2_country_code FROM events WHERE event_date BETWEEN '2025-08-11' AND "
                   "'2025-08-17'") if {a, b} == {"RUS", "UKR"}]
    expected = round(sum(g * n for g, n in pair) / sum(n for _, n in pair), 2)
    week = next(k for k in index if k[1:] == ("RUS", "UKR") and str(k[0]) == "2025-08-11")
    assert index[week]["goldstein_index"] == expected and index[week]["events"] == len(pair)

    lead_outlet = dict(_query(warehouse, "SELECT story_id, lead_outlet FROM stories"))
    copies = collections.Counter(
        (lead_outlet[story], outlet) for story, outlet, lead in _query(
            warehouse, "SELECT story_id, outlet, is_story_lead FROM articles")
        if not lead and outlet != lead_outlet[story])
    assert {(r["original_outlet"], r["republished_by"]): r["copies"]
            for r in rows("outlet_republishing")} == dict(copies)
