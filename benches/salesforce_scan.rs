//! `SELECT count(*), sum(amount) FROM salesforce.opportunity` over at least 20,000 opportunities, with the
//! sandbox adding 100 ms to every request and 2,000-record pages: the floor is one round trip per page, so
//! the target is at most 1.2 x (pages x 100 ms). Prints the time, the request count and the ratio.
//!
//! Run it with `benches/run` (which builds an optimised `aos` first), or alone after
//! `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench salesforce_scan`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{connect, free_port, sibling_binary};

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};

const LATENCY_MS: u64 = 100;
const RUNS: usize = 3;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            company: CompanyConfig { scale: 12_000, ..CompanyConfig::default() },
            control: Control { latency_ms: LATENCY_MS, ..Control::default() },
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let opportunities = sandbox.company().salesforce.table("Opportunity").unwrap().rows.len();
        assert!(opportunities >= 20_000, "only {opportunities} opportunities");
        let pages = opportunities.div_ceil(2000);

        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let config = dir.path().join("aos.toml");
        std::fs::write(
            &config,
            format!(
                "[server]\npg_listen = \"127.0.0.1:{port}\"\nhttp_listen = \"127.0.0.1:{}\"\nflight_listen = \"127.0.0.1:0\"\n\n\
                 [[source]]\nname = \"salesforce\"\nkind = \"salesforce\"\nlogin_url = \"{}\"\n\
                 client_id_env = \"SF_CLIENT_ID\"\nclient_secret_env = \"SF_CLIENT_SECRET\"\nobjects = [\"Opportunity\"]\n",
                free_port(),
                sandbox.base_url()
            ),
        )
        .unwrap();
        let mut aos = Command::new(sibling_binary("aos"))
            .args(["serve", "--config"])
            .arg(&config)
            .env("SF_CLIENT_ID", aos_sandbox::SALESFORCE_CLIENT_ID)
            .env("SF_CLIENT_SECRET", aos_sandbox::SALESFORCE_CLIENT_SECRET)
            .env("AOS_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let conninfo = format!("host=127.0.0.1 port={port} dbname=aos user=aos");
        let client = connect(&conninfo).await;

        let http = reqwest::Client::new();
        let mut times = Vec::new();
        let mut requests = 0;
        for _ in 0..RUNS {
            http.post(format!("{}/_sandbox/reset", sandbox.base_url())).send().await.unwrap();
            let started = Instant::now();
            let row = client
                .query_one("SELECT count(*), CAST(sum(amount) AS DOUBLE PRECISION) FROM salesforce.opportunity", &[])
                .await
                .unwrap();
            times.push(started.elapsed());
            assert_eq!(row.get::<_, i64>(0) as usize, opportunities);
            let stats: serde_json::Value =
                http.get(format!("{}/_sandbox/stats", sandbox.base_url())).send().await.unwrap().json().await.unwrap();
            requests = stats["totals"]["salesforce"].as_u64().unwrap();
        }
        aos.kill().unwrap();
        aos.wait().unwrap();
        times.sort();
        let median = times[times.len() / 2];
        let floor = Duration::from_millis(LATENCY_MS * pages as u64);
        println!("salesforce_scan: count(*), sum(amount) over {opportunities} opportunities, {LATENCY_MS} ms per request");
        println!(
            "  aos {:.2} s (median of {RUNS}), {requests} requests; floor {pages} pages x {LATENCY_MS} ms = {:.2} s; ratio {:.2} (target <= 1.2)",
            median.as_secs_f64(),
            floor.as_secs_f64(),
            median.as_secs_f64() / floor.as_secs_f64()
        );
    });
}
