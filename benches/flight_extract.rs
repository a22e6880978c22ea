//! Extracting a 10,000,000-row, 8-column table (a Parquet file served by aos): Arrow Flight SQL (arrow-flight's
//! client, every endpoint read on its own stream, in parallel) against pgwire (psycopg 3 fetching the same
//! `SELECT *` into Python rows, in text and in binary, its faster way counting), the same aos, on this
//! machine, in this run. Both times include connecting.
//!
//! Run it with `benches/run flight_extract` (which builds an optimised `aos` first); psycopg comes from the
//! `target/venv` that `scripts/test` creates. `AOS_BENCH_ROWS` and `AOS_BENCH_RUNS` change the size (default
//! 10,000,000 rows) and the number of timed runs (default 3). It prints the median of each, the ratio
//! pgwire / Flight SQL (target >= 5) and Flight SQL's throughput in MB/s of Arrow IPC bodies received (target
//! >= 500).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use arrow_flight::decode::FlightRecordBatchStream;
use arrow_flight::error::FlightError;
use arrow_flight::sql::client::FlightSqlServiceClient;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::SessionContext;
use futures::{StreamExt, TryStreamExt};
use support::{free_port, sibling_binary};
use tonic::transport::Channel;

const SQL: &str = "SELECT * FROM lake.wide";

fn main() {
    let rows: u64 = env_or("AOS_BENCH_ROWS", 10_000_000);
    let runs: usize = env_or("AOS_BENCH_RUNS", 3);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = aos_tests::tempdir();
    let lake = dir.path().join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    runtime.block_on(async {
        SessionContext::new()
            .sql(&support::wide_rows(rows))
            .await
            .unwrap()
            .write_parquet(
                &lake.join("wide.parquet").to_string_lossy(),
                DataFrameWriteOptions::new().with_single_file_output(true),
                None,
            )
            .await
            .unwrap();
    });

    let (pg_port, flight_port) = (free_port(), free_port());
    let config = dir.path().join("aos.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\npg_listen = \"127.0.0.1:{pg_port}\"\nhttp_listen = \"127.0.0.1:0\"\n\
             flight_listen = \"127.0.0.1:{flight_port}\"\n\n\
             [[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n"
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
    let conninfo = format!("host=127.0.0.1 port={pg_port} dbname=aos user=aos");
    runtime.block_on(support::connect(&conninfo));

    let python = aos_tests::python();
    // Warm both paths and check both return every row.
    let (flight_rows, _, endpoints) = runtime.block_on(extract(flight_port));
    assert_eq!(flight_rows, rows);
    let (pg_rows, _) = psycopg(&python, &conninfo, false);
    assert_eq!(pg_rows, rows);

    let (mut flight_times, mut text_times, mut binary_times, mut bytes) =
        (Vec::new(), Vec::new(), Vec::new(), 0);
    for _ in 0..runs {
        let start = Instant::now();
        let (_, received, _) = runtime.block_on(extract(flight_port));
        flight_times.push(start.elapsed());
        bytes = received;
        text_times.push(psycopg(&python, &conninfo, false).1);
        binary_times.push(psycopg(&python, &conninfo, true).1);
    }
    let flight = median(&mut flight_times);
    let (text, binary) = (median(&mut text_times), median(&mut binary_times));
    let pg = text.min(binary);
    let ratio = pg.as_secs_f64() / flight.as_secs_f64();
    let throughput = bytes as f64 / 1e6 / flight.as_secs_f64();
    println!(
        "flight_extract: {SQL} of {rows} rows x 8 columns, median of {runs} runs ({endpoints} Flight endpoints)"
    );
    println!(
        "  Flight SQL {:>8.3} s   (runs: {})   {:.0} MB of Arrow IPC",
        flight.as_secs_f64(),
        show(&flight_times),
        bytes as f64 / 1e6
    );
    println!(
        "  psycopg    {:>8.3} s   (runs: {})   text",
        text.as_secs_f64(),
        show(&text_times)
    );
    println!(
        "  psycopg    {:>8.3} s   (runs: {})   binary",
        binary.as_secs_f64(),
        show(&binary_times)
    );
    println!(
        "  ratio pgwire / Flight SQL = {ratio:.1} (target >= 5: {})",
        if ratio >= 5.0 { "met" } else { "MISSED" }
    );
    println!(
        "  Flight SQL throughput = {throughput:.0} MB/s (target >= 500: {})",
        if throughput >= 500.0 { "met" } else { "MISSED" }
    );
    let _ = aos.kill();
    let _ = aos.wait();
}

/// Every endpoint of `SELECT *`, each on its own connection at once: (rows, IPC body bytes, endpoints).
async fn extract(port: u16) -> (u64, usize, usize) {
    let channel = Channel::from_shared(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut client = FlightSqlServiceClient::new(channel);
    let info = client.execute(SQL.to_string(), None).await.unwrap();
    let bytes = Arc::new(AtomicUsize::new(0));
    let endpoints = info.endpoint.len();
    let parts = info.endpoint.into_iter().map(|endpoint| {
        let mut client = client.clone();
        let bytes = Arc::clone(&bytes);
        tokio::spawn(async move {
            let ticket = endpoint.ticket.unwrap();
            let data = client
                .inner_mut()
                .do_get(ticket)
                .await
                .unwrap()
                .into_inner()
                .map_err(FlightError::from)
                .inspect_ok(move |data| {
                    bytes.fetch_add(data.data_body.len(), Ordering::Relaxed);
                });
            let mut batches = FlightRecordBatchStream::new_from_flight_data(data);
            let mut rows = 0;
            while let Some(batch) = batches.next().await {
                rows += batch.unwrap().num_rows() as u64;
            }
            rows
        })
    });
    let rows = futures::future::try_join_all(parts).await.unwrap();
    (rows.iter().sum(), bytes.load(Ordering::Relaxed), endpoints)
}

/// psycopg 3 fetching every row into Python tuples with its default client-side cursor (the whole result
/// read by libpq, then converted 100,000 rows at a time), in text or binary: (rows, time measured inside
/// Python, connecting included).
fn psycopg(python: &std::path::Path, conninfo: &str, binary: bool) -> (u64, Duration) {
    let binary = if binary { "True" } else { "False" };
    let script = format!(
        "import time, psycopg\n\
         start = time.perf_counter()\n\
         with psycopg.connect({conninfo:?}) as conn:\n\
         \x20   cur = conn.cursor(binary={binary})\n\
         \x20   cur.execute({SQL:?})\n\
         \x20   rows = 0\n\
         \x20   while batch := cur.fetchmany(100000):\n\
         \x20       rows += len(batch)\n\
         print(rows, time.perf_counter() - start)\n"
    );
    let output = Command::new(python).args(["-c", &script]).output().unwrap();
    assert!(
        output.status.success(),
        "psycopg: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let mut parts = text.split_whitespace();
    let rows = parts.next().unwrap().parse().unwrap();
    let seconds: f64 = parts.next().unwrap().parse().unwrap();
    (rows, Duration::from_secs_f64(seconds))
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
