//! Many pgwire clients at once on `aos demo`: each of `CLIENTS` clients runs the same five ordinary
//! statements (a lake count, a warehouse group-by, `metrics.mrr`, an `ontology.account` filter, a syntax
//! error) one after another. Prints the statements' p50 and p99 (target p99 <= 1 s), the unexpected errors
//! (target 0), and the SaaS API requests the sandbox served against those of one client alone running
//! the same statements (target <= 1.1x): the peer is the minimum number of round trips.
//!
//! Run it with `benches/run concurrency`, or alone after `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench concurrency`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::{connect, percentile, start_demo};

const CLIENTS: usize = 200;

/// The statements each client runs, and whether each should fail.
const MIX: &[(&str, bool)] = &[
    ("SELECT count(*) FROM lake.usage_daily", false),
    (
        "SELECT plan, count(*) FROM warehouse.workspace GROUP BY 1 ORDER BY 1",
        false,
    ),
    ("SELECT mrr FROM metrics.mrr", false),
    (
        "SELECT name FROM ontology.account WHERE country = 'DE' ORDER BY name",
        false,
    ),
    ("SELEC 1", true),
];

/// The SaaS API requests the sandbox served since its last reset.
async fn saas_requests(http: &reqwest::Client, sandbox: &str) -> usize {
    let stats: Value = http
        .get(format!("{sandbox}/_sandbox/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["requests"].as_array().map_or(0, Vec::len)
}

async fn reset(http: &reqwest::Client, sandbox: &str) {
    http.post(format!("{sandbox}/_sandbox/reset"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
}

/// Runs the mix on one client: each statement's time, and the unexpected outcomes.
async fn run_mix(client: &tokio_postgres::Client) -> (Vec<Duration>, Vec<String>) {
    let mut times = Vec::new();
    let mut errors = Vec::new();
    for (sql, fails) in MIX {
        let started = Instant::now();
        let result = client.simple_query(sql).await;
        times.push(started.elapsed());
        match (result, fails) {
            (Ok(_), false) | (Err(_), true) => {}
            (Ok(_), true) => errors.push(format!("{sql}: succeeded")),
            (Err(e), false) => errors.push(format!("{sql}: {e}")),
        }
    }
    (times, errors)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let http = reqwest::Client::new();
        let (_demo, ports) = start_demo(&dir.path().join("data"), &http).await;
        let sandbox = format!("http://127.0.0.1:{}", ports.sandbox);
        let conninfo = format!("host=127.0.0.1 port={} user=aos dbname=aos", ports.pg);

        // One client alone: warms up, and counts the requests the mix needs.
        let alone = connect(&conninfo).await;
        let (_, errors) = run_mix(&alone).await;
        assert!(errors.is_empty(), "{errors:?}");
        reset(&http, &sandbox).await;
        let started = Instant::now();
        let (alone_times, _) = run_mix(&alone).await;
        let alone_took = started.elapsed();
        let one = saas_requests(&http, &sandbox).await;

        let mut clients = Vec::new();
        for _ in 0..CLIENTS {
            clients.push(connect(&conninfo).await);
        }
        reset(&http, &sandbox).await;
        let started = Instant::now();
        let results = futures::future::join_all(clients.iter().map(run_mix)).await;
        let took = started.elapsed();
        let together = saas_requests(&http, &sandbox).await;

        let mut times: Vec<Duration> = results.iter().flat_map(|(t, _)| t.clone()).collect();
        times.sort();
        let errors: Vec<&String> = results.iter().flat_map(|(_, e)| e).collect();
        let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
        println!(
            "one client alone: the mix in {:.2} s ({}), {one} SaaS API requests",
            alone_took.as_secs_f64(),
            alone_times
                .iter()
                .map(|t| format!("{:.0} ms", t.as_secs_f64() * 1e3))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!(
            "{CLIENTS} clients at once: {} statements in {:.1} s, p50 {:.0} ms, p99 {:.0} ms (target p99 <= 1000 ms: {})",
            times.len(),
            took.as_secs_f64(),
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            if p99 <= Duration::from_secs(1) {
                "met"
            } else {
                "missed"
            }
        );
        println!(
            "{CLIENTS} clients at once: {} unexpected errors (target 0){}",
            errors.len(),
            errors
                .first()
                .map(|e| format!(", the first: {e}"))
                .unwrap_or_default()
        );
        let ratio = together as f64 / one.max(1) as f64;
        println!(
            "{CLIENTS} clients at once: {together} SaaS API requests, {ratio:.2}x one client's {one} (target <= 1.10x: {})",
            if ratio <= 1.1 { "met" } else { "missed" }
        );
    });
}
