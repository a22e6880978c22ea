-- Tableau over psqlODBC (UseDeclareFetch=1, Fetch=2048): connect-time queries, then a result read
-- through a cursor WITH HOLD. Source: psqlodbc connection.c, convert.c.
SHOW DateStyle
-- next message
SET DateStyle = 'ISO';show transaction_isolation
-- next message
select oid, typbasetype from pg_type where typname = 'lo'
-- next message
BEGIN;declare "SQL_CUR000001DB5D2F8590" cursor with hold for SELECT CAST("account"."industry" AS TEXT) AS "industry"
        FROM "ontology"."account" "account"
        GROUP BY 1
        ORDER BY 1 ASC NULLS FIRST;fetch 2048 in "SQL_CUR000001DB5D2F8590"
-- next message
fetch 2048 in "SQL_CUR000001DB5D2F8590"
-- next message
close "SQL_CUR000001DB5D2F8590";commit
