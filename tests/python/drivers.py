"""Real Python drivers against a running aos server.

psycopg 3: typed server-side parameters, SQLSTATE errors on a connection that stays usable, cancel.
SQLAlchemy and asyncpg: they parse a PostgreSQL version from the server and must accept ours.

Usage: drivers.py PORT  (the server serves the test fixture lake as schema `lake`)
"""

import asyncio
import datetime
import decimal
import sys
import threading

import asyncpg
import asyncpg.introspection
import psycopg
import sqlalchemy
from psycopg import errors
from psycopg.types.json import Json, Jsonb


def check_psycopg(conninfo):
    with psycopg.connect(conninfo, autocommit=True) as conn:
        assert conn.info.server_version == 160006, conn.info.server_version

        row = conn.execute(
            "SELECT item_id, name, price FROM lake.items WHERE item_id = %s AND name = %s", (42, "item 42")
        ).fetchone()
        assert row == (42, "item 42", 21.0), row
        (n,) = conn.execute("SELECT count(*) FROM lake.items WHERE price > %s", (49999.0,)).fetchone()
        assert n == 2, n
        (active,) = conn.execute("SELECT count(*) FROM lake.people WHERE active = %s", (True,)).fetchone()
        assert active == 333, active

        # JSON parameters (psycopg's Json and Jsonb) and json results, in text and binary: the same value
        # comes back, typed json (OID 114), and so does a NULL. Text that is not JSON is a data exception.
        value = {"k": [1, 2], "s": "Zoë's"}
        for binary in (False, True):
            with conn.cursor(binary=binary) as cur:
                for wrap in (Json, Jsonb):
                    cur.execute("SELECT %s::json AS j, %s::json AS n", (wrap(value), None))
                    assert cur.fetchone() == (value, None), (binary, wrap)
                    assert [d.type_code for d in cur.description] == [114, 114], cur.description
                cur.execute("SELECT CAST('[1, {\"a\": null}]' AS json) AS j FROM lake.items LIMIT 3")
                assert cur.fetchall() == [([1, {"a": None}],)] * 3
                cur.execute(
                    "SELECT CAST('\"' || name || '\"' AS json) AS j FROM lake.items WHERE item_id IN (41, 42) ORDER BY 1"
                )
                assert cur.fetchall() == [("item 41",), ("item 42",)]
                cur.execute("SELECT json_build_object('k', 1, 'id', item_id) AS o FROM lake.items WHERE item_id IN (41, 42)")
                assert sorted(r[0]["id"] for r in cur.fetchall()) == [41, 42]
                cur.execute("SELECT json_build_object('k', 1) AS o FROM lake.items LIMIT 2")
                assert cur.fetchall() == [({"k": 1},)] * 2
        # A recursive subquery started by the outer row and taking its deepest row (asyncpg's domain base
        # type lookup has this shape): item i's chain runs i, i + 10, i + 20, i + 30.
        rows = conn.execute(
            """SELECT i.item_id, (WITH RECURSIVE chain(n, depth) AS (
                   SELECT x.item_id AS n, 0 AS depth FROM lake.items x WHERE x.item_id = i.item_id
                   UNION ALL
                   SELECT x.item_id AS n, c.depth + 1 AS depth FROM lake.items x, chain c
                   WHERE x.item_id = c.n + 10 AND c.depth < 3)
                 SELECT n FROM chain ORDER BY depth DESC LIMIT 1) AS last
               FROM lake.items i WHERE i.item_id <= 5 ORDER BY 1"""
        ).fetchall()
        assert rows == [(i, i + 30) for i in range(1, 6)], rows
        # What asyncpg sends around it: set_config answers a value the setting already has, and refuses a change.
        assert conn.execute("SELECT current_setting('jit'), set_config('jit', 'off', false)").fetchone() == ("off", "off")
        try:
            conn.execute("SELECT set_config('statement_timeout', '5s', false)")
        except errors.FeatureNotSupported as e:
            assert "use SET" in str(e), str(e)
        else:
            raise AssertionError("set_config changed a setting")
        # asyncpg's own type introspection query plans and answers (an array type and its element).
        types = conn.execute(
            asyncpg.introspection.INTRO_LOOKUP_TYPES_13.replace("$1", "%s"), ([1016, 20],)
        ).fetchall()
        int8_array = [t for t in types if t[0] == 1016]
        assert int8_array and int8_array[0][2] == "_int8" and int8_array[0][5] == 20, types
        assert {t[2] for t in types} == {"_int8", "int8"}, types

        # Arrays as parameters and results, with NULL elements and a comma inside a string.
        for binary in (False, True):
            with conn.cursor(binary=binary) as cur:
                cur.execute("SELECT %s::bigint[] AS i, %s::text[] AS t", ([1, None, 3], ["a", "b,c", None]))
                assert cur.fetchone() == ([1, None, 3], ["a", "b,c", None]), binary
                assert [d.type_code for d in cur.description] == [1016, 1009], cur.description
        try:
            conn.execute("SELECT CAST(name AS json) FROM lake.items")
        except errors.DataException as e:
            assert "json" in str(e), str(e)
        else:
            raise AssertionError("text that is not JSON was cast to json")

        for sql, expected in [
            ("SELEC 1", errors.SyntaxError),
            ("SELECT * FROM lake.nope", errors.UndefinedTable),
            ("SELECT nope FROM lake.items", errors.UndefinedColumn),
        ]:
            try:
                conn.execute(sql)
            except expected:
                pass
            else:
                raise AssertionError(f"{sql} did not raise {expected.__name__}")
            assert conn.execute("SELECT 1").fetchone() == (1,), "connection unusable after an error"

        done = threading.Event()

        def cancel_until_done():
            while not done.wait(0.2):
                conn.cancel()

        canceller = threading.Thread(target=cancel_until_done)
        canceller.start()
        try:
            conn.execute("SELECT count(*) FROM range(100000000000)")
            raise AssertionError("an endless query finished")
        except errors.QueryCanceled:
            pass
        finally:
            done.set()
            canceller.join()
        assert conn.execute("SELECT 1").fetchone() == (1,), "connection unusable after cancel"


def check_sqlalchemy(port):
    engine = sqlalchemy.create_engine(f"postgresql+psycopg://aos@127.0.0.1:{port}/aos")
    with engine.connect() as conn:
        assert engine.dialect.server_version_info[:2] == (16, 6), engine.dialect.server_version_info
        n = conn.execute(sqlalchemy.text("SELECT count(*) FROM lake.people WHERE person_id <= :n"), {"n": 10}).scalar()
        assert n == 10, n
    inspector = sqlalchemy.inspect(engine)
    assert "lake" in inspector.get_schema_names(), inspector.get_schema_names()
    tables = inspector.get_table_names(schema="lake")
    assert {"items", "people", "logs"} <= set(tables), tables
    columns = {c["name"]: str(c["type"]) for c in inspector.get_columns("items", schema="lake")}
    assert columns.get("item_id") == "BIGINT" and columns.get("name") == "TEXT", columns
    engine.dispose()


async def check_asyncpg(port):
    conn = await asyncpg.connect(host="127.0.0.1", port=port, user="aos", database="aos")
    try:
        version = conn.get_server_version()
        # asyncpg reads PostgreSQL >= 10 as major.0.micro, as for a real 16.6 server.
        assert (version.major, version.micro) == (16, 6), version
        n = await conn.fetchval("SELECT count(*) FROM lake.people WHERE active = $1", True)
        assert n == 333, n
        # asyncpg sends and reads every value in binary. (Not arrays: asyncpg learns array types from
        # its own introspection query, a correlated recursive CTE that aos cannot plan.)
        sent = (
            decimal.Decimal("-12345.67"),
            datetime.date(2024, 2, 29),
            datetime.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=datetime.timezone.utc),
            True,
            "it's é",
        )
        row = await conn.fetchrow(
            "SELECT $1::numeric, $2::date, $3::timestamptz, $4::bool, $5::text, NULL::text",
            *sent,
        )
        assert tuple(row) == sent + (None,), tuple(row)
    finally:
        await conn.close()


def main():
    port = int(sys.argv[1])
    check_psycopg(f"host=127.0.0.1 port={port} dbname=aos user=aos")
    print("psycopg ok")
    check_sqlalchemy(port)
    print("sqlalchemy ok")
    asyncio.run(check_asyncpg(port))
    print("asyncpg ok")


if __name__ == "__main__":
    main()
