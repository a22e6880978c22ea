//! Natural-language questions: every question of the evaluation set (`nlq/eval/dev.toml`) asked again
//! and again. Question to SQL is timed in process (the parser, validation and compiler over the vocabulary
//! learned from the demo's data); question to answer is timed through `POST /v1/nlq` of an `aos serve` of
//! the demo's config (the canonical tables served from their accelerated copies). Prints p50 and p99 against the targets: SQL p50 <= 5 ms and p99 <= 20 ms; answer p50 <= 50 ms.
//!
//! Run it with `benches/run nlq` (which builds an optimised `aos` first), or alone after
//! `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench nlq`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::{Duration, Instant};

use aos_nlq::{Nlq, Vocabulary};
use serde_json::json;
use support::{percentile, query, serve, start_demo};

const SQL_ROUNDS: usize = 20;
const ANSWER_ROUNDS: usize = 3;

fn report(what: &str, mut times: Vec<Duration>, targets: &[(&str, f64, f64)]) {
    times.sort();
    for (name, p, target_ms) in targets {
        let ms = percentile(&times, *p).as_secs_f64() * 1000.0;
        let target = if target_ms.is_finite() {
            let verdict = if ms <= *target_ms { "met" } else { "MISSED" };
            format!(" (target <= {target_ms} ms: {verdict})")
        } else {
            String::new()
        };
        println!(
            "{what} {name}: {ms:.2} ms over {} questions{target}",
            times.len()
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../nlq/eval/dev.toml");
        let eval: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut questions: Vec<(String, Option<String>)> = Vec::new();
        for group in ["case", "unanswerable"] {
            for case in eval[group].as_array().unwrap() {
                let persona = case
                    .get("persona")
                    .and_then(|p| p.as_str())
                    .map(String::from);
                for q in case["questions"].as_array().unwrap() {
                    questions.push((q.as_str().unwrap().to_string(), persona.clone()));
                }
            }
        }

        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let http = reqwest::Client::new();
        let (_demo, ports) = start_demo(&data, &http).await;
        let sandbox_port = ports.sandbox;

        // The demo's config, served from copies of the canonical tables.
        let cached = data.join("aos.toml");
        let secrets = aos_sandbox::aos_config(&format!("http://127.0.0.1:{sandbox_port}")).1;
        let env: Vec<(&str, &str)> = secrets.lines().filter_map(|l| l.split_once('=')).collect();
        let (_aos, base) = serve(&cached, &env, &http).await;

        // Question to SQL, in process, over the vocabulary the server learns.
        let mut vocabulary = Vocabulary::new();
        for d in aos_nlq::model::DIMENSIONS.iter().filter(|d| d.learned) {
            let values = query(&http, &base, &d.values_sql()).await;
            vocabulary.learn(
                d.name,
                values
                    .iter()
                    .filter_map(|r| r.first()?.as_str().map(String::from))
                    .chain(d.known.iter().map(|v| (*v).to_string())),
            );
        }
        let today = query(
            &http,
            &base,
            "SELECT CAST(max(day) AS VARCHAR) FROM ontology.usage",
        )
        .await;
        let today = today[0][0].as_str().unwrap().parse().unwrap();
        let nlq = Nlq::new(vocabulary, today);
        let mut times = Vec::new();
        for _ in 0..SQL_ROUNDS {
            for (q, persona) in &questions {
                let started = Instant::now();
                let answer = nlq.interpret(q, persona.as_deref()).unwrap();
                times.push(started.elapsed());
                std::hint::black_box(answer);
            }
        }
        report(
            "question to SQL",
            times,
            &[("p50", 0.5, 5.0), ("p99", 0.99, 20.0)],
        );

        // Question to answer, over HTTP; the first round also learns the vocabulary, so it is not timed.
        let mut times = Vec::new();
        for round in 0..=ANSWER_ROUNDS {
            for (q, persona) in &questions {
                let started = Instant::now();
                let response = http
                    .post(format!("{base}/v1/nlq"))
                    .json(&json!({"question": q, "persona": persona}))
                    .send()
                    .await
                    .unwrap();
                assert!(response.status().is_success(), "{q}");
                let _ = response.bytes().await.unwrap();
                if round > 0 {
                    times.push(started.elapsed());
                }
            }
        }
        report(
            "question to answer (POST /v1/nlq)",
            times,
            &[("p50", 0.5, 50.0), ("p99", 0.99, f64::INFINITY)],
        );
    });
}
