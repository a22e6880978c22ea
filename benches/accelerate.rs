//! Accelerated copies, two measures printed as ratios in one run:
//!
//! 1. The CFO dashboard over `POST /v1/nlq` on `aos demo` (whose canonical tables are accelerated), warm
//!    (its results kept by the result cache after the first): p50 and p99 (target p50 <= 300 ms), and
//!    the first, computed from the copies, against the same dashboard's queries read live once.
//! 2. A point lookup and an aggregate on a 1,000,000-row table accelerated in memory, against the same
//!    query on the same data as a local Parquet file (the table's source, read with
//!    `/* aos.freshness = 'live' */`), both through `POST /v1/query` of one `aos serve` without a result
//!    cache (so the copy is scanned every time): p50 ratio (target <= 1.2x).
//!
//! Run it with `benches/run accelerate`, or alone after `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench accelerate`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::SessionContext;
use serde_json::{Value, json};
use support::{percentile, query, serve, start_demo};

const DASHBOARD_ROUNDS: usize = 20;
const QUERY_ROUNDS: usize = 15;
const ROWS: u64 = 1_000_000;

/// The time of each of `rounds` runs of `run`, sorted.
async fn timed<F, Fut>(rounds: usize, mut run: F) -> Vec<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        run().await;
        times.push(started.elapsed());
    }
    times.sort();
    times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn dashboard(http: &reqwest::Client) {
    let dir = tempfile::tempdir().unwrap();
    let (_demo, ports) = start_demo(&dir.path().join("data"), http).await;
    let base = format!("http://127.0.0.1:{}", ports.http);
    let ask = || async {
        let answer: Value = http
            .post(format!("{base}/v1/nlq"))
            .json(&json!({"question": "CFO dashboard"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let widgets = answer["dashboard"]["widgets"].as_array().unwrap();
        assert!(!widgets.is_empty(), "{answer}");
        widgets.clone()
    };
    let started = Instant::now();
    let widgets = ask().await;
    let first = started.elapsed();
    let times = timed(DASHBOARD_ROUNDS, || async {
        ask().await;
    })
    .await;
    // The same widgets' SQL read live, once each, for comparison.
    let started = Instant::now();
    for widget in &widgets {
        if let Some(sql) = widget["sql"].as_str() {
            http.post(format!("{base}/v1/query"))
                .json(&json!({"sql": sql, "freshness": "live"}))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
        }
    }
    let live = started.elapsed();
    let p50 = percentile(&times, 0.5);
    println!(
        "CFO dashboard over POST /v1/nlq, from copies: first {:.0} ms, then p50 {:.0} ms, p99 {:.0} ms \
         (target p50 <= 300 ms: {}); its {} widgets' SQL read live: {:.0} ms ({:.0}x the first)",
        ms(first),
        ms(p50),
        ms(percentile(&times, 0.99)),
        if p50 <= Duration::from_millis(300) {
            "met"
        } else {
            "missed"
        },
        widgets.len(),
        ms(live),
        live.as_secs_f64() / first.as_secs_f64().max(1e-9)
    );
}

async fn million_rows(http: &reqwest::Client) {
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    std::fs::create_dir_all(&lake).unwrap();
    let ctx = SessionContext::new();
    ctx.sql(&support::wide_rows(ROWS))
        .await
        .unwrap()
        .write_parquet(
            &lake.join("big.parquet").to_string_lossy(),
            DataFrameWriteOptions::new().with_single_file_output(true),
            None,
        )
        .await
        .unwrap();
    let config = dir.path().join("aos.toml");
    std::fs::write(
        &config,
        // No result cache: this measures scanning the copy, not answering from kept results.
        "[engine]\nmemory_limit = \"4GiB\"\nresult_cache = \"0B\"\n\n[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n\n\
         [[accelerate]]\ntable = \"lake.big\"\n",
    )
    .unwrap();
    let (_aos, base) = serve(&config, &[], http).await;
    for (what, sql) in [
        ("point lookup", "SELECT * FROM lake.big WHERE id = 777777"),
        (
            "aggregate",
            "SELECT status, count(*), sum(amount), avg(quantity) FROM lake.big GROUP BY status ORDER BY status",
        ),
    ] {
        let live = format!("/* aos.freshness = 'live' */ {sql}");
        if std::env::var_os("AOS_BENCH_EXPLAIN").is_some() {
            for q in [sql.to_string(), live.clone()] {
                println!(
                    "{:?}",
                    query(http, &base, &format!("EXPLAIN ANALYZE {q}")).await
                );
            }
        }
        assert_eq!(
            query(http, &base, sql).await,
            query(http, &base, &live).await
        );
        let copy_times = timed(QUERY_ROUNDS, || async {
            query(http, &base, sql).await;
        })
        .await;
        let file_times = timed(QUERY_ROUNDS, || async {
            query(http, &base, &live).await;
        })
        .await;
        let (copy, file) = (percentile(&copy_times, 0.5), percentile(&file_times, 0.5));
        let ratio = copy.as_secs_f64() / file.as_secs_f64();
        println!(
            "{what} on {ROWS} rows: accelerated copy p50 {:.1} ms, the Parquet file p50 {:.1} ms, \
             ratio {ratio:.2} (target <= 1.20: {})",
            ms(copy),
            ms(file),
            if ratio <= 1.2 { "met" } else { "missed" }
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        dashboard(&http).await;
        million_rows(&http).await;
    });
}
