import duckdb

from schemas.bigquery import schema_json
from schemas.duckdb import create_table_sql
from schemas.rows import ROW_TYPES
from schemas.tables import TABLES


def test_row_types_follow_tables():
    for name, table in TABLES.items():
        assert ROW_TYPES[name]._fields == table.field_names


def test_duckdb_ddl_matches_schema():
    connection = duckdb.connect()
    for table in TABLES.values():
        connection.execute(create_table_sql(table))
        columns = connection.execute(
            "SELECT column_name, is_nullable FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position", [table.name]).fetchall()
        assert [c for c, _ in columns] == list(table.field_names)
        assert [n == "NO" for _, n in columns] == [f.required for f in table.fields]


def test_bigquery_json_matches_schema():
    for table in TABLES.values():
        fields = schema_json(table)
        assert [f["name"] for f in fields] == list(table.field_names)
        assert all(f["description"] for f in fields)
        assert table.partition_field and table.clustering


def test_committed_deploy_schema_files_are_current():
    from schemas.export import generated_files
    for path, content in generated_files().items():
        assert path.read_text() == content, f"{path} is stale: run python -m schemas.export"
