//! The sandbox's own targets: generating the scale-500 company takes under 2 s, and each simulated API serves
//! at least 2,000 requests/s on loopback with no latency injected.
//!
//! Run it with `cargo bench --profile quick-release -p aos-benches --bench sandbox` (or `benches/run`). The
//! load comes from this process (4 concurrent reqwest clients), so the rates include the client's own cost:
//! they are lower bounds. `AOS_BENCH_SECONDS` sets the time per API (default 3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use aos_sandbox::{Company, CompanyConfig, Control, Sandbox, SandboxConfig};

const WORKERS: usize = 4;

fn main() {
    let seconds: u64 = std::env::var("AOS_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let config = CompanyConfig::default();
    let mut generation = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let company = Company::generate(&config);
        generation.push(started.elapsed());
        std::hint::black_box(company);
    }
    let generation = generation.into_iter().min().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    aos_sandbox::write_warehouse(&Company::generate(&config), dir.path()).unwrap();
    let warehouse = started.elapsed();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let rates = runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            control: Control { netsuite_concurrency: WORKERS, ..Control::default() },
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let base = sandbox.base_url();
        let http = reqwest::Client::new();
        let token: serde_json::Value = http
            .post(format!("{base}/services/oauth2/token"))
            .form(&[("grant_type", "client_credentials"), ("client_id", aos_sandbox::SALESFORCE_CLIENT_ID), ("client_secret", aos_sandbox::SALESFORCE_CLIENT_SECRET)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["access_token"].as_str().unwrap().to_owned();
        let nonce = Arc::new(AtomicU64::new(0));
        let mut rates = Vec::new();
        for api in ["salesforce", "stripe", "netsuite"] {
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let served = Arc::new(AtomicU64::new(0));
            let bytes = Arc::new(AtomicU64::new(0));
            let mut workers = Vec::new();
            for _ in 0..WORKERS {
                let (http, base, token, nonce, served, bytes) = (http.clone(), base.clone(), token.clone(), Arc::clone(&nonce), Arc::clone(&served), Arc::clone(&bytes));
                workers.push(tokio::spawn(async move {
                    while Instant::now() < deadline {
                        let request = match api {
                            "salesforce" => http
                                .get(format!("{base}/services/data/v59.0/query"))
                                .query(&[("q", "SELECT Id, Name, Industry, AnnualRevenue FROM Account WHERE Industry = 'Technology' ORDER BY Name LIMIT 100")])
                                .bearer_auth(&token),
                            "stripe" => http.get(format!("{base}/v1/invoices?limit=100&status=paid")).bearer_auth(aos_sandbox::STRIPE_API_KEY),
                            _ => {
                                let url = format!("{base}/services/rest/query/v1/suiteql?limit=100&offset=0");
                                let n = nonce.fetch_add(1, Ordering::Relaxed);
                                let auth = aos_sandbox::netsuite_authorization(&url, &format!("bench{n}"), chrono::Utc::now().timestamp());
                                http.post(url)
                                    .header("Authorization", auth)
                                    .header("Prefer", "transient")
                                    .json(&serde_json::json!({"q": "SELECT id, companyname, email FROM customer WHERE isinactive = 'F' ORDER BY id"}))
                            }
                        };
                        let response = request.send().await.unwrap();
                        assert!(response.status().is_success(), "{api}: {}", response.status());
                        bytes.fetch_add(response.bytes().await.unwrap().len() as u64, Ordering::Relaxed);
                        served.fetch_add(1, Ordering::Relaxed);
                    }
                }));
            }
            let started = Instant::now();
            for w in workers {
                w.await.unwrap();
            }
            let n = served.load(Ordering::Relaxed);
            rates.push((api, n as f64 / started.elapsed().as_secs_f64(), bytes.load(Ordering::Relaxed) / n.max(1)));
        }
        sandbox.stop().await;
        rates
    });

    println!(
        "sandbox benchmark (scale {}, seed {})",
        config.scale, config.seed
    );
    println!(
        "  generate company   {:>8.0} ms   target < 2000 ms   ratio {:.2}",
        generation.as_secs_f64() * 1e3,
        generation.as_secs_f64() / 2.0
    );
    println!(
        "  write warehouse    {:>8.0} ms   (SQLite + Parquet, not part of the target)",
        warehouse.as_secs_f64() * 1e3
    );
    for (api, rate, size) in rates {
        println!(
            "  {api:<18} {rate:>8.0} req/s   target >= 2000 req/s   ratio {:.2}   ({size} bytes per response)",
            rate / 2000.0
        );
    }
}
