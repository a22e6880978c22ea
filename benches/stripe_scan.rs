//! `SELECT count(*), sum(total) FROM stripe.invoice` over at least 12,000 invoices, with the sandbox adding
//! 100 ms to every request and enforcing Stripe's live rate limit (100 requests/s). One cursor would need
//! one round trip per page of 100, one after another: the target is at most 0.3 x (pages x 100 ms), reached
//! by reading `created` slices concurrently. Prints the time, the request count, the 429s and the ratio.
//!
//! (Stripe invoices have no `amount` field; `total` is the invoice amount.)
//!
//! Run it with `benches/run` (which builds an optimised `aos` first), or alone after
//! `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench stripe_scan`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{connect, free_port, sibling_binary};

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};

const LATENCY_MS: u64 = 100;
const RATE_LIMIT: u32 = 100;
const RUNS: usize = 3;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            company: CompanyConfig { scale: 2_700, ..CompanyConfig::default() },
            control: Control { latency_ms: LATENCY_MS, rate_limit_per_s: RATE_LIMIT, ..Control::default() },
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let company = sandbox.company();
        let invoices = company.stripe.list("invoice");
        assert!(invoices.len() >= 12_000, "only {} invoices", invoices.len());
        let total: i64 = invoices.iter().map(|o| o.body["total"].as_i64().unwrap()).sum();
        let pages = invoices.len().div_ceil(100);

        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("aos.toml");
        std::fs::write(
            &config,
            format!(
                "[server]\npg_listen = \"127.0.0.1:{port}\"\nhttp_listen = \"127.0.0.1:{}\"\nflight_listen = \"127.0.0.1:0\"\n\n\
                 [[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_API_KEY\"\n\
                 tables = [\"invoice\"]\nmax_requests_per_s = {RATE_LIMIT}\n",
                free_port(),
                sandbox.base_url()
            ),
        )
        .unwrap();
        let mut aos = Command::new(sibling_binary("aos"))
            .args(["serve", "--config"])
            .arg(&config)
            .env("STRIPE_API_KEY", aos_sandbox::STRIPE_API_KEY)
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
            // Clears the counters; the latency and rate limit it started with stay.
            http.post(format!("{}/_sandbox/reset", sandbox.base_url())).send().await.unwrap();
            let started = Instant::now();
            let row = client
                .query_one("SELECT count(*), sum(total_minor) FROM stripe.invoice", &[])
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(row.get::<_, i64>(0) as usize, invoices.len());
            assert_eq!(row.get::<_, i64>(1), total);
            let stats: serde_json::Value =
                http.get(format!("{}/_sandbox/stats", sandbox.base_url())).send().await.unwrap().json().await.unwrap();
            requests = stats["totals"]["stripe"].as_u64().unwrap();
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
        let sequential = Duration::from_millis(LATENCY_MS * pages as u64);
        println!(
            "stripe_scan: count(*), sum(total) over {} invoices, {LATENCY_MS} ms per request, sandbox limit {RATE_LIMIT} requests/s",
            invoices.len()
        );
        println!(
            "  aos {:.2} s (median of {RUNS}), {requests} requests ({pages} pages minimum), {throttled} answered 429; \
             sequential {pages} pages x {LATENCY_MS} ms = {:.2} s; ratio {:.2} (target <= 0.3)",
            median.as_secs_f64(),
            sequential.as_secs_f64(),
            median.as_secs_f64() / sequential.as_secs_f64()
        );
    });
}
