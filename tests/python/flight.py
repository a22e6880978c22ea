"""The ADBC Flight SQL driver against a running aos server, compared with pgwire (psycopg).

Fetches a demo table and an ontology table, lists catalogs, schemas, tables and their schemas through
the metadata calls, and runs a prepared statement with a parameter.

Usage: flight.py FLIGHT_PORT PG_PORT  (the server runs the demo)
"""

import sys

import adbc_driver_flightsql.dbapi as flight_sql
import psycopg


def same_rows(got, want, what):
    got = sorted((tuple(row.values()) for row in got), key=repr)
    want = sorted((tuple(row) for row in want), key=repr)
    assert len(got) == len(want), f"{what}: {len(got)} rows over Flight SQL, {len(want)} over pgwire"
    for a, b in zip(got, want):
        assert a == b, f"{what}: {a!r} over Flight SQL, {b!r} over pgwire"


def main():
    flight_port, pg_port = sys.argv[1], sys.argv[2]
    pg = psycopg.connect(f"host=127.0.0.1 port={pg_port} dbname=aos user=aos")
    # aos is read-only and has no transactions: autocommit is what it does.
    with flight_sql.connect(f"grpc://127.0.0.1:{flight_port}", autocommit=True) as conn:
        for table in ("warehouse.workspace", "ontology.account"):
            with conn.cursor() as cur:
                cur.execute(f"SELECT * FROM {table}")
                got = cur.fetch_arrow_table().to_pylist()
            want = pg.execute(f"SELECT * FROM {table}").fetchall()
            assert want, f"{table} is empty"
            same_rows(got, want, table)

        info = conn.adbc_get_info()
        assert info.get("vendor_name") == "AutonomOS", info

        objects = conn.adbc_get_objects(depth="tables", catalog_filter="aos").read_all().to_pylist()
        schemas = {
            schema["db_schema_name"]: {t["table_name"] for t in schema["db_schema_tables"] or []}
            for catalog in objects
            for schema in catalog["catalog_db_schemas"] or []
        }
        assert "account" in schemas.get("ontology", set()), schemas.keys()
        assert "workspace" in schemas.get("warehouse", set()), schemas.keys()
        account = conn.adbc_get_table_schema("account", catalog_filter="aos", db_schema_filter="ontology")
        assert "account_id" in account.names, account
        assert "VIEW" in conn.adbc_get_table_types(), conn.adbc_get_table_types()

        sql = "SELECT account_id, name FROM ontology.account WHERE employees > $1"
        with conn.cursor() as cur:
            for threshold in (1000, 5000):
                cur.execute(sql, parameters=(threshold,))
                got = cur.fetch_arrow_table().to_pylist()
                want = pg.execute(sql.replace("$1", "%s"), (threshold,)).fetchall()
                assert want, threshold
                same_rows(got, want, f"employees > {threshold}")
    print("adbc ok")


if __name__ == "__main__":
    main()
