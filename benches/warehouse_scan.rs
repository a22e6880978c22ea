//! A PostgreSQL table of 10,000,000 rows read through aos's `postgres` source, against PostgreSQL itself in
//! the same run:
//!
//! 1. `SELECT region, sum(amount) FROM warehouse.big GROUP BY 1` through aos, against the same statement
//!    run in PostgreSQL (target: at most 1.1 x; aos should send the whole aggregate there).
//! 2. `SELECT * FROM warehouse.big` streamed through aos's pgwire to a client that counts the rows,
//!    against `COPY big TO STDOUT` streamed from PostgreSQL to a client that counts the bytes (target: at
//!    most 1.5 x; aos reads the table as key ranges over several connections).
//!
//! Run it with `benches/run warehouse_scan`. `AOS_BENCH_ROWS` and `AOS_BENCH_RUNS` change the size (default
//! 10,000,000 rows) and the number of timed runs (default 3); the medians are compared.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aos_tests::{Postgres, tempdir};
use futures::{StreamExt, TryStreamExt};
use support::{connect, free_port, sibling_binary};

const AGGREGATE: &str = "SELECT region, sum(amount) FROM big GROUP BY 1 ORDER BY 1";

#[tokio::main]
async fn main() {
    let rows: u64 = env_or("AOS_BENCH_ROWS", 10_000_000);
    let runs: usize = env_or("AOS_BENCH_RUNS", 3);

    let postgres = Postgres::start(
        "-c shared_buffers=1GB -c log_statement=none -c max_parallel_workers_per_gather=2",
    );
    let direct = postgres.connect().await;
    let load = Instant::now();
    direct
        .batch_execute(&format!(
            "CREATE TABLE big (id bigint PRIMARY KEY, region text NOT NULL, amount numeric(12,2) NOT NULL,
                               customer_id int NOT NULL, ordered_on date NOT NULL);
             INSERT INTO big SELECT g, (ARRAY['amer','emea','apac','latam','anz','nordics','dach','uki'])[1 + g % 8],
                    (g % 100000) / 100.0, g % 50000, DATE '2020-01-01' + (g % 2000)::int
               FROM generate_series(1, {rows}) g;"
        ))
        .await
        .unwrap();
    direct.batch_execute("VACUUM ANALYZE big").await.unwrap();
    eprintln!(
        "loaded {rows} rows into PostgreSQL in {:.1} s",
        load.elapsed().as_secs_f64()
    );

    let dir = tempdir();
    let aos_port = free_port();
    let config = dir.path().join("aos.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\npg_listen = \"127.0.0.1:{aos_port}\"\nhttp_listen = \"127.0.0.1:{}\"\nflight_listen = \"127.0.0.1:0\"\n\n\
             [[source]]\nname = \"warehouse\"\nkind = \"postgres\"\nurl_env = \"WAREHOUSE_URL\"\ntls = \"disable\"\n",
            free_port()
        ),
    )
    .unwrap();
    let aos_bin = sibling_binary("aos");
    let mut aos = Command::new(&aos_bin)
        .args(["serve", "--config"])
        .arg(&config)
        .env("AOS_LOG", "warn")
        .env("WAREHOUSE_URL", postgres.url())
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", aos_bin.display()));
    let through_aos = connect(&format!(
        "host=127.0.0.1 port={aos_port} dbname=aos user=aos"
    ))
    .await;

    // Same answers, and warm caches on both sides.
    let aggregate_aos = AGGREGATE.replace("FROM big", "FROM warehouse.big");
    let want = rows_of(&direct, AGGREGATE).await;
    assert_eq!(rows_of(&through_aos, &aggregate_aos).await, want);
    assert_eq!(count_rows(&through_aos).await, rows);
    assert!(copy_bytes(&direct).await > 0);

    let (mut agg_aos, mut agg_pg, mut scan_aos, mut scan_pg) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        agg_aos.push(timed(rows_of(&through_aos, &aggregate_aos)).await);
        agg_pg.push(timed(rows_of(&direct, AGGREGATE)).await);
        scan_aos.push(timed(count_rows(&through_aos)).await);
        scan_pg.push(timed(copy_bytes(&direct)).await);
    }
    let aggregate_ratio = report(
        &format!("GROUP BY over {rows} rows"),
        "PostgreSQL's own statement",
        &mut agg_aos,
        &mut agg_pg,
        1.1,
    );
    let scan_ratio = report(
        &format!("full scan of {rows} rows x 5 columns"),
        "COPY big TO STDOUT",
        &mut scan_aos,
        &mut scan_pg,
        1.5,
    );
    println!("warehouse_scan: aggregate ratio {aggregate_ratio:.2}, scan ratio {scan_ratio:.2}");
    let _ = aos.kill();
    let _ = aos.wait();
}

/// Every row of `sql`, as text, through the simple query protocol.
async fn rows_of(client: &tokio_postgres::Client, sql: &str) -> Vec<Vec<Option<String>>> {
    aos_tests::text_rows(client, sql).await
}

/// Streams `SELECT * FROM warehouse.big` and counts the rows as they arrive.
async fn count_rows(client: &tokio_postgres::Client) -> u64 {
    let stream = client
        .query_raw("SELECT * FROM warehouse.big", std::iter::empty::<i32>())
        .await
        .unwrap();
    stream
        .try_fold(0u64, |n, _row| async move { Ok(n + 1) })
        .await
        .unwrap()
}

/// Streams `COPY big TO STDOUT` and counts the bytes.
async fn copy_bytes(client: &tokio_postgres::Client) -> usize {
    let stream = client.copy_out("COPY big TO STDOUT").await.unwrap();
    let mut stream = std::pin::pin!(stream);
    let mut bytes = 0;
    while let Some(chunk) = stream.next().await {
        bytes += chunk.unwrap().len();
    }
    bytes
}

async fn timed<T>(work: impl std::future::Future<Output = T>) -> Duration {
    let start = Instant::now();
    std::hint::black_box(work.await);
    start.elapsed()
}

fn report(what: &str, peer: &str, aos: &mut [Duration], pg: &mut [Duration], target: f64) -> f64 {
    let (a, p) = (median(aos), median(pg));
    let ratio = a.as_secs_f64() / p.as_secs_f64();
    println!("warehouse_scan: {what}, median of {} runs", aos.len());
    println!("  aos          {:>8.3} s", a.as_secs_f64());
    println!("  {peer:<12} {:>8.3} s", p.as_secs_f64());
    println!(
        "  ratio aos / PostgreSQL = {ratio:.2} (target <= {target:.1}: {})",
        if ratio <= target { "met" } else { "MISSED" }
    );
    ratio
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
