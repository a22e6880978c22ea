//! Streaming `SELECT *` of a 1,000,000-row, 8-column table to `psql` (output to /dev/null): aos serving a
//! Parquet file against PostgreSQL 15 serving the same rows from a table, on this machine, in this run.
//!
//! Run it with `benches/run` (which builds an optimised `aos` first). `AOS_BENCH_ROWS` and `AOS_BENCH_RUNS`
//! change the size (default 1,000,000 rows) and the number of timed runs (default 5). It prints the median
//! of each and the ratio aos / PostgreSQL (the target is <= 1.0).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{free_port, sibling_binary};

use aos_tests::{Postgres, tempdir};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::SessionContext;

const COLUMNS: &str = "id BIGINT, customer_id INT, amount DOUBLE PRECISION, quantity BIGINT, name TEXT, \
                       status TEXT, active BOOLEAN, created_at TIMESTAMP";

fn main() {
    let rows: u64 = env_or("AOS_BENCH_ROWS", 1_000_000);
    let runs: usize = env_or("AOS_BENCH_RUNS", 5);
    let dir = tempdir();
    let root = dir.path();
    let lake = root.join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    let csv = root.join("wide.csv");
    tokio::runtime::Runtime::new().unwrap().block_on(write_data(
        rows,
        &lake.join("wide.parquet"),
        &csv,
    ));

    let aos_port = free_port();
    let config = root.join("aos.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\npg_listen = \"127.0.0.1:{aos_port}\"\nhttp_listen = \"127.0.0.1:{}\"\nflight_listen = \"127.0.0.1:0\"\n\n\
             [[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n",
            free_port()
        ),
    )
    .unwrap();
    let aos_bin = sibling_binary("aos");
    let mut aos = Command::new(&aos_bin)
        .args(["serve", "--config"])
        .arg(&config)
        .env("AOS_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", aos_bin.display()));
    let aos_conn = format!("host=127.0.0.1 port={aos_port} dbname=aos user=aos");
    wait_ready(&aos_conn);

    let postgres = Postgres::start("-c shared_buffers=256MB -c log_statement=none");
    let pg_conn = format!(
        "host=127.0.0.1 port={} dbname=postgres user=postgres",
        postgres.port
    );
    psql(&pg_conn, &format!("CREATE TABLE wide ({COLUMNS})"));
    psql(
        &pg_conn,
        &format!(
            "\\copy wide FROM '{}' WITH (FORMAT csv, HEADER true)",
            csv.display()
        ),
    );
    psql(&pg_conn, "VACUUM ANALYZE wide");

    let aos_sql = "SELECT * FROM lake.wide";
    let pg_sql = "SELECT * FROM wide";
    // Warm both caches and check both return every row.
    assert_eq!(count(&aos_conn, "SELECT count(*) FROM lake.wide"), rows);
    assert_eq!(count(&pg_conn, "SELECT count(*) FROM wide"), rows);
    time_select(&aos_conn, aos_sql);
    time_select(&pg_conn, pg_sql);

    let (mut aos_times, mut pg_times) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        aos_times.push(time_select(&aos_conn, aos_sql));
        pg_times.push(time_select(&pg_conn, pg_sql));
    }
    let (aos_median, pg_median) = (median(&mut aos_times), median(&mut pg_times));
    let ratio = aos_median.as_secs_f64() / pg_median.as_secs_f64();
    println!(
        "pgwire_stream: SELECT * of {rows} rows x 8 columns to psql > /dev/null, median of {runs} runs"
    );
    println!(
        "  aos         {:>8.3} s   (runs: {})",
        aos_median.as_secs_f64(),
        show(&aos_times)
    );
    println!(
        "  postgres 15 {:>8.3} s   (runs: {})",
        pg_median.as_secs_f64(),
        show(&pg_times)
    );
    println!(
        "  ratio aos / postgres = {ratio:.2} (target <= 1.00: {})",
        if ratio <= 1.0 { "met" } else { "MISSED" }
    );

    let _ = aos.kill();
    let _ = aos.wait();
}

/// Writes the same rows as Parquet (for aos) and CSV (for PostgreSQL's COPY).
async fn write_data(rows: u64, parquet: &Path, csv: &Path) {
    let ctx = SessionContext::new();
    let single = || DataFrameWriteOptions::new().with_single_file_output(true);
    let frame = ctx.sql(&support::wide_rows(rows)).await.unwrap();
    frame
        .clone()
        .write_parquet(&parquet.to_string_lossy(), single(), None)
        .await
        .unwrap();
    frame
        .write_csv(&csv.to_string_lossy(), single(), None)
        .await
        .unwrap();
}

fn psql(conninfo: &str, command: &str) {
    let output = Command::new("psql")
        .args(["-X", "-v", "ON_ERROR_STOP=1", conninfo, "-c", command])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn count(conninfo: &str, sql: &str) -> u64 {
    let output = Command::new("psql")
        .args(["-X", "-At", conninfo, "-c", sql])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// One `psql -c "SELECT ..." > /dev/null`, timed from start to exit.
fn time_select(conninfo: &str, sql: &str) -> Duration {
    let start = Instant::now();
    let status = Command::new("psql")
        .args(["-X", "-At", conninfo, "-c", sql])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{sql} failed");
    start.elapsed()
}

fn wait_ready(conninfo: &str) {
    for _ in 0..600 {
        let ok = Command::new("psql")
            .args(["-X", conninfo, "-c", "SELECT 1"])
            .output()
            .map(|o| o.status.success());
        if ok.unwrap_or(false) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("aos did not start");
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn show(times: &[Duration]) -> String {
    times
        .iter()
        .map(|t| format!("{:.3}", t.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
