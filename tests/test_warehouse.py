import duckdb
import pytest

from schemas.tables import ARTICLES, DEAD_LETTERS
from transforms.dead_letters import dead_letter
from transforms.warehouse import WarehouseSpec, ensure_tables, upsert_rows


def test_upsert_is_idempotent_and_replaces_by_key(tmp_path):
    path = str(tmp_path / "w" / "test.duckdb")
    ensure_tables(path)
    first = dead_letter("fetch", "http://a.example/1", "http_404", "HTTP 404",
                        occurred_at="2025-08-12T10:00:00+00:00")
    again = first._replace(message="HTTP 404 again", occurred_at="2025-08-13T10:00:00+00:00",
                           ingest_date="2025-08-13")
    other = dead_letter("fetch", "http://a.example/2", "http_404", "HTTP 404")
    assert upsert_rows(path, DEAD_LETTERS, [first, other]) == 2
    assert upsert_rows(path, DEAD_LETTERS, [again, again]) == 1
    with duckdb.connect(path, read_only=True) as connection:
        rows = connection.execute(
            "SELECT url, message FROM dead_letters ORDER BY url").fetchall()
    assert rows == [("http://a.example/1", "HTTP 404 again"), ("http://a.example/2", "HTTP 404")]


def test_a_growing_row_is_never_replaced_by_an_older_smaller_version(tmp_path):
    # A stream writes a story's row each time a copy arrives; writes can land out of order.
    from schemas.rows import StoryRow
    from schemas.tables import STORIES
    path = str(tmp_path / "w.duckdb")
    ensure_tables(path)

    def version(n):
        return StoryRow(story_id="s1", story_date="2025-08-15", lead_article_id="a",
                        lead_url="http://a.example/a", lead_outlet="a.example", title="T",
                        first_published_at=None, last_published_at=None, num_articles=n,
                        num_sources=n, outlets=",".join(f"o{i}" for i in range(n)))

    upsert_rows(path, STORIES, [version(3)])
    upsert_rows(path, STORIES, [version(2)])          # late, older: ignored
    upsert_rows(path, STORIES, [version(4), version(1)])  # in one batch: the larger wins
    upsert_rows(path, STORIES, [version(4)._replace(title="T2")])  # same size: replaces
    with duckdb.connect(path, read_only=True) as connection:
        assert connection.execute("SELECT num_articles, title FROM stories").fetchall() == [
            (4, "T2")]


def test_ensure_tables_creates_every_table(tmp_path):
    path = str(tmp_path / "t.duckdb")
    ensure_tables(path)
    ensure_tables(path)
    with duckdb.connect(path, read_only=True) as connection:
        names = {r[0] for r in connection.execute("SHOW TABLES").fetchall()}
    assert {ARTICLES.name, DEAD_LETTERS.name} <= names


@pytest.mark.parametrize("spec", ["duckdb", "sqlite:/x.db", "duckdb:"])
def test_bad_warehouse_spec(spec):
    with pytest.raises(ValueError):
        WarehouseSpec.parse(spec)


def test_concurrent_upserts_of_overlapping_keys_all_land(tmp_path):
    import concurrent.futures
    path = str(tmp_path / "c.duckdb")
    ensure_tables(path)
    rows = [dead_letter("fetch", f"http://a.example/{i}", "http_404", "HTTP 404",
                        occurred_at="2025-08-12T10:00:00+00:00") for i in range(50)]
    batches = [rows[i:i + 20] for i in range(0, 50, 5)]  # every key in several batches
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda batch: upsert_rows(path, DEAD_LETTERS, batch), batches))
    with duckdb.connect(path, read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM dead_letters").fetchone() == (50,)
