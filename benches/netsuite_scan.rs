//! Reading about 50,000 NetSuite transaction lines (`SELECT avg(quantity), avg(netamount), count(*) FROM
//! netsuite.transactionline`: `avg` is not pushed, so every line is read) with the sandbox adding 100 ms to
//! every request and allowing 5 requests at once (a developer account's limit). Pages hold 1,000 rows, so
//! the floor is pages / 5 x 100 ms; the target is at most 1.3 x that. Prints the time, the request count,
//! the 429s and the ratio.
//!
//! Run it with `benches/run` (which builds an optimised `aos` first), or alone after
//! `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench netsuite_scan`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{connect, free_port, sibling_binary};

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};

const LATENCY_MS: u64 = 100;
const CONCURRENCY: usize = 5;
const RUNS: usize = 3;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            company: CompanyConfig { scale: 5_400, ..CompanyConfig::default() },
            control: Control {
                latency_ms: LATENCY_MS,
                netsuite_concurrency: CONCURRENCY,
                ..Control::default()
            },
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let lines = sandbox.company().netsuite.table("transactionline").unwrap().rows.len();
        assert!(lines >= 50_000, "only {lines} transaction lines");
        let pages = lines.div_ceil(1000);

        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("aos.toml");
        std::fs::write(
            &config,
            format!(
                "[server]\npg_listen = \"127.0.0.1:{port}\"\nhttp_listen = \"127.0.0.1:{}\"\nflight_listen = \"127.0.0.1:0\"\n\n\
                 [[source]]\nname = \"netsuite\"\nkind = \"netsuite\"\naccount_id = \"{}\"\nbase_url = \"{}\"\n\
                 consumer_key_env = \"NS_CK\"\nconsumer_secret_env = \"NS_CS\"\ntoken_id_env = \"NS_TK\"\n\
                 token_secret_env = \"NS_TS\"\ntables = [\"transactionline\"]\nmax_concurrency = {CONCURRENCY}\n",
                free_port(),
                aos_sandbox::NETSUITE_ACCOUNT_ID,
                sandbox.base_url()
            ),
        )
        .unwrap();
        let mut aos = Command::new(sibling_binary("aos"))
            .args(["serve", "--config"])
            .arg(&config)
            .env("NS_CK", aos_sandbox::NETSUITE_CONSUMER_KEY)
            .env("NS_CS", aos_sandbox::NETSUITE_CONSUMER_SECRET)
            .env("NS_TK", aos_sandbox::NETSUITE_TOKEN_ID)
            .env("NS_TS", aos_sandbox::NETSUITE_TOKEN_SECRET)
            .env("AOS_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let conninfo = format!("host=127.0.0.1 port={port} dbname=aos user=aos");
        let client = connect(&conninfo).await;

        let http = reqwest::Client::new();
        let mut times = Vec::new();
        let (mut requests, mut throttled) = (0, 0);
        for _ in 0..RUNS {
            // Clears the counters; the latency and concurrency limit it started with stay.
            http.post(format!("{}/_sandbox/reset", sandbox.base_url())).send().await.unwrap();
            let started = Instant::now();
            let row = client
                .query_one(
                    "SELECT avg(quantity), avg(netamount), count(*) FROM netsuite.transactionline",
                    &[],
                )
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(row.get::<_, i64>(2) as usize, lines);
            let stats: serde_json::Value =
                http.get(format!("{}/_sandbox/stats", sandbox.base_url())).send().await.unwrap().json().await.unwrap();
            requests = stats["totals"]["netsuite"].as_u64().unwrap();
            throttled = stats["requests"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["status"] == serde_json::json!(429))
                .count();
        }
        aos.kill().unwrap();
        aos.wait().unwrap();
        times.sort();
        let median = times[times.len() / 2];
        let floor = Duration::from_millis(LATENCY_MS * pages.div_ceil(CONCURRENCY) as u64);
        println!(
            "netsuite_scan: {lines} transaction lines read, {LATENCY_MS} ms per request, {CONCURRENCY} requests at once"
        );
        println!(
            "  aos {:.2} s (median of {RUNS}), {requests} requests ({pages} pages), {throttled} answered 429; \
             floor {pages} pages / {CONCURRENCY} x {LATENCY_MS} ms = {:.2} s; ratio {:.2} (target <= 1.3)",
            median.as_secs_f64(),
            floor.as_secs_f64(),
            median.as_secs_f64() / floor.as_secs_f64()
        );
    });
}
