import gzip
import json

from pipelines.cli import main
from tests.webfixtures import PARAGRAPHS, article_html


def test_extract_prints_one_json_line_per_file(tmp_path, capsys):
    plain = tmp_path / "a.html"
    plain.write_text(article_html("Talks resume", canonical="http://news.example/a"))
    packed = tmp_path / "b.html.gz"
    packed.write_bytes(gzip.compress(article_html("Second", canonical="http://news.example/b").encode()))
    assert main(["extract", str(plain), str(packed)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["url"] for line in lines] == ["http://news.example/a", "http://news.example/b"]
    assert set(lines[0]) >= {"url", "title", "text", "author", "date", "language"}
    assert PARAGRAPHS[0] in lines[0]["text"] and lines[1]["title"] == "Second"


def test_extract_reports_unreadable_files_and_fails(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.html")]) == 1
    assert "error" in json.loads(capsys.readouterr().out)


def test_run_rejects_bad_feed_list(tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("not a url\n")
    assert main(["run", "--feeds", str(feeds), "--warehouse", f"duckdb:{tmp_path}/w.duckdb"]) == 2
    assert "not an http(s) URL" in capsys.readouterr().err


def test_unknown_command(capsys):
    assert main(["frobnicate"]) == 2


def test_tag_reads_json_lines_and_writes_events_and_entities(tmp_path, capsys):
    documents = tmp_path / "docs.jsonl"
    documents.write_text(
        json.dumps({"id": "a", "text": "President Donald Trump met Vladimir Putin in Alaska.",
                    "date": "2025-08-15T10:00:00Z"}) + "\n"
        + json.dumps({"id": "b", "text": "Nothing happened."}) + "\n"
        + "not json\n")
    assert main(["tag", str(documents)]) == 1  # the bad line is reported, the others coded
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first = lines[0]
    assert first["id"] == "a"
    [event] = first["events"]
    assert {k: event[k] for k in ("source", "target", "root_code", "quad_class",
                                  "sentence_index")} == {
        "source": "USAGOV", "target": "RUSGOV", "root_code": "04", "quad_class": 1,
        "sentence_index": 0}
    assert {"event_code", "goldstein", "confidence"} <= set(event)
    assert {e["code"] for e in first["entities"]} >= {"USAGOV", "RUSGOV"}
    assert lines[1] == {"id": "b", "events": [], "entities": []}
    assert lines[2]["line"] == 3 and "error" in lines[2]


def test_tag_writes_no_source_for_an_attacker_no_one_names(tmp_path, capsys):
    documents = tmp_path / "docs.jsonl"
    documents.write_text(json.dumps({"id": "a", "text": "Three car bombs were detonated in"
                                     " Baghdad on Sunday."}) + "\n")
    assert main(["tag", str(documents)]) == 0
    [event] = json.loads(capsys.readouterr().out)["events"]
    assert (event["source"], event["source_country"], event["source_text"],
            event["source_implied"]) == (None, None, None, True)
    assert (event["target"], event["root_code"]) == ("IRQ", "18")


def test_run_reports_a_failed_pipeline_with_exit_1(monkeypatch, capsys):
    from pipelines import bounded

    def fail(argv):
        raise bounded.PipelineFailed("ValueError: boom in a worker")

    monkeypatch.setattr(bounded, "run", fail)
    assert main(["run"]) == 1
    assert "the pipeline failed: ValueError: boom" in capsys.readouterr().err


def test_query_lists_the_analyst_queries_and_refuses_unknown_ones(capsys, tmp_path):
    assert main(["query"]) == 0
    listed = capsys.readouterr().out
    assert "top_stories\t" in listed and "country_pair_goldstein\t" in listed
    from transforms.warehouse import ensure_tables
    ensure_tables(str(tmp_path / "w.duckdb"))
    assert main(["query", "nope", "--warehouse", f"duckdb:{tmp_path / 'w.duckdb'}"]) == 2
    assert "no analyst query 'nope'" in capsys.readouterr().err
    assert main(["query", "top_stories", "--warehouse", f"duckdb:{tmp_path / 'w.duckdb'}"]) == 0
    assert capsys.readouterr().out.startswith("story_id\tstory_date\ttitle")


def test_reconcile_fixes_a_warehouse_after_a_failed_run(tmp_path, capsys):
    from tests import test_reconcile as scenario
    from transforms.warehouse import ensure_tables
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)
    scenario.write(path, scenario.first_version())
    scenario.write(path, scenario.first_version()._replace(
        body=scenario.MEETING, fetched_at=scenario.SECOND_FETCH,
        ingest_date=scenario.SECOND_FETCH[:10]))
    assert main(["reconcile", "--since", "2025-08-16T09:00:00Z",
                 "--warehouse", f"duckdb:{path}"]) == 0
    out = capsys.readouterr().out
    assert "stale mentions removed   2" in out and "orphan events removed    1" in out
    assert main(["reconcile", "--since", "yesterday", "--warehouse", f"duckdb:{path}"]) == 2


def test_tag_reports_each_document_it_cannot_tag_and_codes_the_rest(tmp_path, capsys,
                                                                     coder_fails_on):
    coder_fails_on("breaks")
    documents = tmp_path / "docs.jsonl"
    met = "Putin met Trump in Alaska."
    documents.write_text("\n".join(json.dumps(d) for d in (
        {"id": 1, "text": None}, {"id": 2, "text": met, "date": 20250815},
        {"id": 3, "text": met, "date": "last week"}, ["not", "an", "object"],
        {"id": 4, "text": "This one breaks the coder."},
        {"id": 5, "text": met, "date": "2025-08-15T10:00:00Z"})) + "\n")
    assert main(["tag", str(documents)]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line.get("line"), line.get("id")) for line in lines] == [
        (1, None), (2, None), (3, None), (4, None), (5, 4), (None, 5)]
    assert all(line["file"] == str(documents) for line in lines[:5])
    assert '"text" must be a string' in lines[0]["error"]
    assert '"date" must be an ISO 8601 date' in lines[1]["error"]
    assert "last week" in lines[2]["error"]
    assert "expected a JSON object, not list" in lines[3]["error"]
    assert lines[4]["error"] == "tagging failed: IndexError: a rule ran off the end"
    assert [e["root_code"] for e in lines[5]["events"]] == ["04"]
