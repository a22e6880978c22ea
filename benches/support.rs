//! What every benchmark needs: the optimised `aos` built beside it, free loopback ports, and a pgwire client
//! once `aos` is up.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// A binary built beside this bench executable (target/<profile>/deps/bench -> target/<profile>/name).
pub(crate) fn sibling_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(Path::parent).unwrap().join(name);
    assert!(
        bin.exists(),
        "{} is missing: run benches/run, which builds it",
        bin.display()
    );
    bin
}

// Each bench compiles this file on its own; not every one needs a port.
#[allow(unused_imports)]
pub(crate) use aos_tests::free_port;

/// A tokio-postgres client of the `aos` at `conninfo`, retried while it starts (up to a minute).
// Each bench compiles this file on its own; not every one connects over pgwire.
#[allow(dead_code)]
pub(crate) async fn connect(conninfo: &str) -> tokio_postgres::Client {
    for _ in 0..600 {
        if let Ok((client, connection)) =
            tokio_postgres::connect(conninfo, tokio_postgres::NoTls).await
        {
            tokio::spawn(connection);
            return client;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aos did not start");
}

/// `rows` rows of the 8-column table the streaming benchmarks read: integers, a double, text, a boolean
/// and a timestamp.
// Each bench compiles this file on its own; not every one reads this table.
#[allow(dead_code)]
pub(crate) fn wide_rows(rows: u64) -> String {
    format!(
        "SELECT value AS id, CAST(value % 50000 AS INT) AS customer_id, (value % 100000) / 100.0 AS amount,
                value % 17 AS quantity, 'customer name ' || (value % 50000) AS name,
                make_array('paid', 'open', 'void', 'uncollectible')[value % 4 + 1] AS status,
                value % 3 = 0 AS active, to_timestamp_seconds(1700000000 + value * 37) AS created_at
         FROM generate_series(1, {rows})"
    )
}
