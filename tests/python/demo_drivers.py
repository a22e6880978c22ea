"""psycopg 3, SQLAlchemy and asyncpg against `aos demo`: each introspects the catalog the way the tool does
and runs parameterized queries on the ontology, compared with what the same query returns over text.

Usage: demo_drivers.py PORT
"""

import asyncio
import datetime
import decimal
import sys

import asyncpg
import psycopg
import sqlalchemy


def check_psycopg(conninfo):
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # Text results, server-side parameters sent with OID 0 (unknown).
        text_rows = conn.execute(
            "SELECT account_id, name, employees FROM ontology.account WHERE employees > %s ORDER BY account_id",
            (1000,),
        ).fetchall()
        assert len(text_rows) > 10, len(text_rows)
        # The same in binary format (parameters and results).
        with conn.cursor(binary=True) as cur:
            cur.execute(
                "SELECT account_id, name, employees FROM ontology.account WHERE employees > %s ORDER BY account_id",
                (1000,),
            )
            assert cur.fetchall() == text_rows
            cur.execute(
                "SELECT count(*), sum(amount) FROM ontology.revenue WHERE source = %s AND issued_at >= %s",
                ("stripe", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)),
            )
            n, total = cur.fetchone()
            assert n > 0 and isinstance(total, decimal.Decimal), (n, total)
        # Describe before bind: a prepared statement run more than the auto-prepare threshold.
        for _ in range(6):
            (n2,) = conn.execute(
                "SELECT count(*) FROM ontology.revenue WHERE source = %s AND issued_at >= %s",
                ("stripe", datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)),
                prepare=True,
            ).fetchone()
            assert n2 == n, (n2, n)
        # A Python int or float against a numeric column (psycopg binds them as int2/4/8 and float8), in text
        # and binary, counts what the same literal counts.
        for literal, value in [("10000", 10000), ("2500.5", 2500.5), ("0", 0)]:
            (expected,) = conn.execute(f"SELECT count(*) FROM ontology.opportunity WHERE amount > {literal}").fetchone()
            assert expected > 0, literal
            for binary in (False, True):
                with conn.cursor(binary=binary) as cur:
                    cur.execute("SELECT count(*) FROM ontology.opportunity WHERE amount > %s", (value,))
                    assert cur.fetchone() == (expected,), (value, binary, expected)
        # A value the column's numeric(18,2) cannot hold exactly is refused, never rounded.
        for value in (decimal.Decimal("10.005"), 10.005, 10**17):
            try:
                conn.execute("SELECT count(*) FROM ontology.opportunity WHERE amount > %s", (value,))
            except psycopg.errors.InvalidParameterValue as e:
                assert "parameter $1" in str(e) and "numeric(18,2)" in str(e), str(e)
            else:
                raise AssertionError(f"{value!r} was not refused")
        # Catalog introspection as psycopg's TypeInfo does it.
        info = psycopg.types.TypeInfo.fetch(conn, "numeric")
        assert info is not None and info.oid == 1700, info


def check_sqlalchemy(port):
    engine = sqlalchemy.create_engine(f"postgresql+psycopg://aos@127.0.0.1:{port}/aos")
    inspector = sqlalchemy.inspect(engine)
    assert "ontology" in inspector.get_schema_names(), inspector.get_schema_names()
    names = set(inspector.get_table_names(schema="ontology")) | set(inspector.get_view_names(schema="ontology"))
    assert {"account", "opportunity", "revenue", "subscription"} <= names, names
    columns = {c["name"]: c["type"] for c in inspector.get_columns("revenue", schema="ontology")}
    amount = columns.get("amount")
    assert isinstance(amount, sqlalchemy.Numeric) and (amount.precision, amount.scale) == (18, 2), columns
    assert isinstance(columns.get("revenue_id"), sqlalchemy.Text), columns
    assert isinstance(columns.get("issued_at"), sqlalchemy.DateTime) and columns["issued_at"].timezone, columns
    with engine.connect() as conn:
        won = conn.execute(
            sqlalchemy.text("SELECT count(*) FROM ontology.opportunity WHERE is_won = :won AND amount > :amount"),
            {"won": True, "amount": 10000},
        ).scalar()
        assert won > 0, won
    engine.dispose()


async def check_asyncpg(port):
    conn = await asyncpg.connect(host="127.0.0.1", port=port, user="aos", database="aos")
    try:
        tables = await conn.fetch(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1", "ontology"
        )
        assert {"account", "revenue"} <= {r["table_name"] for r in tables}, tables
        rows = await conn.fetch(
            "SELECT opportunity_id, amount, close_date, is_won, created_at FROM ontology.opportunity "
            "WHERE close_date >= $1 AND amount > $2 ORDER BY opportunity_id LIMIT 20",
            datetime.date(2025, 1, 1),
            decimal.Decimal("1000"),
        )
        assert rows, "no opportunities"
        for r in rows:
            assert isinstance(r["amount"], decimal.Decimal) and r["amount"] > 1000, r
            assert isinstance(r["close_date"], datetime.date) and r["close_date"] >= datetime.date(2025, 1, 1), r
            assert isinstance(r["is_won"], bool), r
        # A timestamp without time zone round-trips in binary too.
        sent = datetime.datetime(2024, 2, 29, 23, 59, 58, 123456)
        assert await conn.fetchval("SELECT $1::timestamp", sent) == sent
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
