//! Engine limits: the memory pool spills what can spill and refuses what cannot.

use aos_tests::{Aos, TestConfig};
use tokio_postgres::error::SqlState;

#[tokio::test]
async fn memory_limit_spills_sorts_and_refuses_unbounded_aggregates() {
    let aos = Aos::serve_fixture(TestConfig::new().engine("memory_limit", "24MiB")).await;
    let client = aos.connect().await;

    // A sort bigger than the pool spills to disk and still answers correctly.
    let row = client
        .query_one(
            "SELECT count(*), min(k), max(k) FROM (SELECT value * 7919 % 4000000 AS k, repeat('x', 40) AS pad
               FROM range(4000000) ORDER BY k, pad)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 4_000_000);

    // Collecting millions of strings into one array cannot spill: a clean error, not a crash.
    let error = client
        .query_one(
            "SELECT array_agg(repeat('y', 100)) FROM range(5000000)",
            &[],
        )
        .await
        .expect_err("array_agg of 500 MB fit into 24 MiB");
    assert_eq!(error.code(), Some(&SqlState::OUT_OF_MEMORY), "{error:?}");

    // The server goes on.
    let one: i64 = client
        .query_one("SELECT count(*) FROM lake.people", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(one, 1000);
}
