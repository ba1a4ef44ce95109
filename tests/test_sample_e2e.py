"""The default run on the bundled sample, reconciled against the sample's manifest."""
import json
import subprocess
import sys

import duckdb
import pytest

from pipelines import bounded
from samples import MANIFEST_FILE

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
    for table in ("events", "mentions", "entities"):
        assert summary.warehouse_rows[table] > 0
        assert summary.counters[f"{table}_written"] == summary.warehouse_rows[table], table
    orphans = _query(warehouse, "SELECT count(*) FROM mentions LEFT JOIN events USING (event_id) "
                                "WHERE events.event_id IS NULL")
    assert orphans == [(0,)]


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
