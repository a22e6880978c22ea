//! tokio-postgres: the extended protocol with typed parameters, SQLSTATEs, cancel, streaming.

use std::time::Duration;

use aos_tests::{Aos, TestConfig};
use futures::{StreamExt, TryStreamExt};
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

/// The server's message of a failed query.
fn message(error: &tokio_postgres::Error) -> String {
    error
        .as_db_error()
        .map(|e| e.message().to_string())
        .unwrap_or_else(|| error.to_string())
}

/// A query that runs for minutes unless stopped.
const ENDLESS: &str = "SELECT count(*) FROM range(100000000000)";

#[tokio::test]
async fn typed_parameters_in_the_extended_protocol() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;

    let row = client
        .query_one(
            "SELECT item_id, name, price FROM lake.items WHERE item_id = $1",
            &[&42i64],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 42);
    assert_eq!(row.get::<_, String>(1), "item 42");
    assert_eq!(row.get::<_, f64>(2), 21.0);

    let rows = client
        .query(
            "SELECT item_id FROM lake.items WHERE name = $1 OR price > $2 ORDER BY item_id",
            &[&"item 7", &49_999.0f64],
        )
        .await
        .unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(ids, vec![7, 99_999, 100_000]);

    // A prepared statement reused with different values.
    let statement = client
        .prepare("SELECT count(*) FROM lake.people WHERE active = $1")
        .await
        .unwrap();
    let active: i64 = client.query_one(&statement, &[&true]).await.unwrap().get(0);
    let inactive: i64 = client
        .query_one(&statement, &[&false])
        .await
        .unwrap()
        .get(0);
    assert_eq!((active, inactive), (333, 667));
}

#[tokio::test]
async fn errors_carry_sqlstate_and_the_connection_stays_usable() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    let cases: [(&str, &SqlState); 6] = [
        ("SELEC 1", &SqlState::SYNTAX_ERROR),
        ("SELECT * FROM lake.nope", &SqlState::UNDEFINED_TABLE),
        ("SELECT nope FROM lake.items", &SqlState::UNDEFINED_COLUMN),
        ("SELECT no_such_function(1)", &SqlState::UNDEFINED_FUNCTION),
        (
            "CREATE TABLE t (a INT)",
            &SqlState::READ_ONLY_SQL_TRANSACTION,
        ),
        (
            "SET datafusion.runtime.memory_limit = '100G'",
            &SqlState::CANT_CHANGE_RUNTIME_PARAM,
        ),
    ];
    for (sql, expected) in cases {
        let simple = client.simple_query(sql).await.expect_err(sql);
        assert_eq!(
            simple.code(),
            Some(expected),
            "simple protocol, {sql}: {simple:?}"
        );
        let extended = client.query(sql, &[]).await.expect_err(sql);
        assert_eq!(
            extended.code(),
            Some(expected),
            "extended protocol, {sql}: {extended:?}"
        );
        let one: i64 = client
            .query_one("SELECT count(*) FROM lake.people", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(one, 1000, "connection unusable after {sql}");
    }
}

#[tokio::test]
async fn unknown_database_is_refused() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let conninfo = format!(
        "host=127.0.0.1 port={} dbname=postgres user=aos",
        aos.pg_port
    );
    let error = tokio_postgres::connect(&conninfo, tokio_postgres::NoTls)
        .await
        .err()
        .expect("connected");
    assert_eq!(
        error.code(),
        Some(&SqlState::INVALID_CATALOG_NAME),
        "{error:?}"
    );
}

#[tokio::test]
async fn cancel_stops_a_running_query_and_others_keep_being_served() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    let other = aos.connect().await;
    let token = client.cancel_token();
    let running = tokio::spawn(async move { client.simple_query(ENDLESS).await });

    // Another connection is served while the long query runs.
    let count: i64 = other
        .query_one("SELECT count(*) FROM lake.items", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(count, aos_tests::ITEMS);

    // Cancel until the query stops (the first request may arrive before the query has started).
    let stopped = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            token.cancel_query(tokio_postgres::NoTls).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            if running.is_finished() {
                break running.await.unwrap();
            }
        }
    })
    .await
    .expect("the query was not canceled");
    let error = stopped.expect_err("an endless query finished");
    assert_eq!(error.code(), Some(&SqlState::QUERY_CANCELED), "{error:?}");
    assert_eq!(message(&error), "canceling statement due to user request");
}

#[tokio::test]
async fn statement_timeout_stops_a_query() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    client
        .simple_query("SET statement_timeout = 300")
        .await
        .unwrap();
    let error = client
        .simple_query(ENDLESS)
        .await
        .expect_err("endless query finished");
    assert_eq!(error.code(), Some(&SqlState::QUERY_CANCELED), "{error:?}");
    assert!(message(&error).contains("statement timeout"), "{error:?}");
    let one: i64 = client
        .query_one("SELECT 1::BIGINT", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(one, 1);
}

#[tokio::test]
async fn server_query_timeout_applies_and_sessions_cannot_lift_it() {
    let aos = Aos::serve_fixture(TestConfig::new().engine("query_timeout", "400ms")).await;
    let client = aos.connect().await;
    let error = client
        .simple_query(ENDLESS)
        .await
        .expect_err("endless query finished");
    assert_eq!(error.code(), Some(&SqlState::QUERY_CANCELED), "{error:?}");
    assert_eq!(
        message(&error),
        "canceling statement due to statement timeout (400ms)"
    );
    // A longer session timeout does not lift the server's limit.
    client
        .simple_query("SET statement_timeout = '3600s'")
        .await
        .unwrap();
    let error = client
        .simple_query(ENDLESS)
        .await
        .expect_err("endless query finished");
    assert_eq!(
        message(&error),
        "canceling statement due to statement timeout (400ms)"
    );
}

#[tokio::test]
async fn rows_stream_before_the_last_is_computed() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    // Ten billion rows: a server that buffered the result would never answer.
    let first = tokio::time::timeout(Duration::from_secs(60), async {
        let params: [&(dyn ToSql + Sync); 0] = [];
        let rows = client
            .query_raw("SELECT value FROM range(10000000000)", params)
            .await
            .unwrap();
        rows.take(5000).try_collect::<Vec<_>>().await
    })
    .await
    .expect("no rows arrived: the result is not streamed")
    .unwrap();
    assert_eq!(first.len(), 5000);
    assert_eq!(first[0].get::<_, i64>(0), 0);
}

#[tokio::test]
async fn version_is_parseable_by_drivers() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    let version: String = client
        .query_one("SELECT version()", &[])
        .await
        .unwrap()
        .get(0);
    assert!(version.starts_with("PostgreSQL 16.6 "), "{version}");
    let qualified: String = client
        .query_one("SELECT pg_catalog.version()", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(qualified, version);
    let rows = client
        .simple_query("SHOW server_version_num")
        .await
        .unwrap();
    let num = rows.iter().find_map(|m| match m {
        tokio_postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
        _ => None,
    });
    assert_eq!(num.as_deref(), Some("160006"));
}
