//! `aos resolve` on 1,000,000 synthetic company records (target: under 60 s on 2 cores, peak memory under
//! 4 GiB), with pairwise precision, recall and F1 against the generator's truth; and Splink (DuckDB
//! backend) on the same records when it is installed in `target/venv` (`pip install splink`).
//!
//! Run it with `benches/run resolve`. `AOS_BENCH_RECORDS` changes the size; `AOS_BENCH_KEEP=file.csv`
//! keeps the records with their true company (for the `resolve_quality` example).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng as StdRng;
use support::sibling_binary;

const TRADES: &[&str] = &[
    "Analytics",
    "Logistics",
    "Systems",
    "Health",
    "Foods",
    "Energy",
    "Robotics",
    "Software",
    "Media",
    "Capital",
    "Labs",
    "Networks",
    "Dynamics",
    "Biotech",
    "Retail",
    "Solutions",
    "Technologies",
    "Consulting",
    "Motors",
    "Pharma",
    "Security",
    "Cloud",
    "Data",
    "Studios",
    "Freight",
    "Materials",
    "Financial",
    "Insurance",
    "Telecom",
    "International",
    "Group",
    "Holdings",
    "Partners",
];
const SUFFIXES: &[(&str, &[&str])] = &[
    ("US", &["Inc", "Inc.", "Corp", "LLC"]),
    ("GB", &["Ltd", "Limited"]),
    ("DE", &["GmbH", "AG"]),
    ("FR", &["S.A.", "SAS"]),
    ("NL", &["B.V.", "N.V."]),
    ("JP", &["K.K.", "Co., Ltd."]),
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ven", "tor", "sil", "bar", "nex", "qua", "zen", "mor", "pla", "dri",
    "fen", "gal", "hol", "jin", "kor", "lum", "nor", "ost", "pra", "rin", "sel", "tan", "ul",
    "vio", "wex", "yar", "bel", "cor", "dal", "eri", "fal", "gor", "hex", "ira", "jor", "kel",
];

fn brand(rng: &mut StdRng) -> String {
    let n = rng.random_range(3..=4);
    let word: String = (0..n)
        .map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())])
        .collect();
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn typo(rng: &mut StdRng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() < 4 {
        return name.to_string();
    }
    let i = rng.random_range(1..chars.len() - 1);
    if !chars[i].is_alphabetic() || !chars[i + 1].is_alphabetic() {
        return name.to_string();
    }
    match rng.random_range(0..3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => chars.insert(i, chars[i]),
    }
    chars.into_iter().collect()
}

/// Writes `n` records of about `n / 3` companies; returns each record's company.
fn generate(n: usize, path: &Path) -> Vec<u32> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, "id,name,email,country").unwrap();
    let mut truth = Vec::with_capacity(n);
    let mut company = 0u32;
    while truth.len() < n {
        company += 1;
        let canonical = format!(
            "{} {}",
            brand(&mut rng),
            TRADES[rng.random_range(0..TRADES.len())]
        );
        let (country, suffixes) = SUFFIXES[rng.random_range(0..SUFFIXES.len())];
        let domain: String = canonical
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(char::to_lowercase)
            .collect::<String>()
            + ".com";
        let records = rng.random_range(1..=5).min(n - truth.len());
        for _ in 0..records {
            let suffix = suffixes[rng.random_range(0..suffixes.len())];
            let name = match rng.random_range(0..10) {
                0..=2 => canonical.clone(),
                3 => format!("{canonical} {suffix}"),
                4 => format!("{canonical}, {suffix}").to_uppercase(),
                5 => format!("The {canonical}"),
                6 => canonical.to_lowercase().replace(' ', "-"),
                7 => typo(&mut rng, &canonical),
                8 => format!("{} {suffix}", typo(&mut rng, &canonical)),
                _ => format!("{canonical} {suffix}"),
            };
            let email = match rng.random_range(0..4) {
                0 => format!("billing@{domain}"),
                1 => format!("user{}@gmail.com", rng.random_range(0..100_000)),
                _ => String::new(),
            };
            let id = truth.len();
            writeln!(file, "{id},\"{name}\",{email},{country}").unwrap();
            truth.push(company);
        }
    }
    file.flush().unwrap();
    truth
}

/// Pairwise precision, recall and F1 of `clusters` (record -> cluster label) against `truth`.
fn score(truth: &[u32], clusters: &[String]) -> (f64, f64, f64) {
    let mut by_truth: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, &t) in truth.iter().enumerate() {
        by_truth.entry(t).or_default().push(i);
    }
    let mut by_cluster: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        by_cluster.entry(c.as_str()).or_default().push(i);
    }
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let actual: f64 = by_truth.values().map(|m| pairs(m.len())).sum();
    let predicted: f64 = by_cluster.values().map(|m| pairs(m.len())).sum();
    let mut both = 0.0;
    for members in by_cluster.values() {
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for &i in members {
            *counts.entry(truth[i]).or_default() += 1;
        }
        both += counts.values().map(|&n| pairs(n)).sum::<f64>();
    }
    let precision = both / predicted.max(1.0);
    let recall = both / actual.max(1.0);
    (
        precision,
        recall,
        2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE),
    )
}

/// Runs `command`, sampling its resident memory; returns (elapsed, peak RSS in bytes, success).
fn measured(mut command: Command) -> (Duration, u64, bool) {
    let start = Instant::now();
    let mut child = command.spawn().unwrap();
    let mut peak = 0u64;
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            for line in status.lines() {
                if let Some(kb) = line.strip_prefix("VmHWM:") {
                    let kb: u64 = kb.trim().trim_end_matches("kB").trim().parse().unwrap_or(0);
                    peak = peak.max(kb * 1024);
                }
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (start.elapsed(), peak, status.success())
}

fn read_clusters(path: &Path, n: usize, column: usize) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut clusters = vec![String::new(); n];
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let id: usize = fields[0].trim_matches('"').parse().unwrap();
        clusters[id] = fields[column].trim_matches('"').to_string();
    }
    clusters
}

fn main() {
    let n: usize = std::env::var("AOS_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = aos_tests::tempdir();
    let input = dir.path().join("records.csv");
    let truth = generate(n, &input);
    let companies = truth.last().copied().unwrap_or(0);
    println!("resolve: {n} records of {companies} synthetic companies");
    // `AOS_BENCH_KEEP=labelled.csv` keeps the records with their true company, for
    // `cargo run --release -p aos-ontology --example resolve_quality -- labelled.csv --errors 20`.
    if let Ok(keep) = std::env::var("AOS_BENCH_KEEP") {
        let records = std::fs::read_to_string(&input).unwrap();
        let mut lines = records.lines();
        let mut labelled = format!("{},cluster\n", lines.next().unwrap_or_default());
        for (line, company) in lines.zip(&truth) {
            labelled.push_str(&format!("{line},{company}\n"));
        }
        std::fs::write(&keep, labelled).unwrap();
    }

    let out = dir.path().join("clusters.csv");
    let mut command = Command::new(sibling_binary("aos"));
    command
        .args(["resolve", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out);
    let (elapsed, peak, ok) = measured(command);
    assert!(ok, "aos resolve failed");
    let (p, r, f1) = score(&truth, &read_clusters(&out, n, 1));
    println!(
        "  aos resolve  {:>7.1} s  peak {:>6.0} MiB  precision {p:.4} recall {r:.4} F1 {f1:.4}  (target: < 60 s, < 4096 MiB: {})",
        elapsed.as_secs_f64(),
        peak as f64 / 1048576.0,
        if elapsed.as_secs() < 60 && peak < 4 << 30 {
            "met"
        } else {
            "MISSED"
        }
    );

    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/venv/bin/python");
    let has_splink = Command::new(&python)
        .args(["-c", "import splink"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_splink {
        println!(
            "  splink       not installed: target/venv/bin/pip install splink, then run again"
        );
        return;
    }
    let splink_out = dir.path().join("splink.csv");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("splink_resolve.py");
    let mut command = Command::new(&python);
    command
        .arg(&script)
        .arg(&input)
        .arg(&splink_out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let (elapsed, peak, ok) = measured(command);
    if !ok {
        println!("  splink       failed: run benches/splink_resolve.py by hand to see why");
        return;
    }
    let (p, r, f1) = score(&truth, &read_clusters(&splink_out, n, 1));
    println!(
        "  splink       {:>7.1} s  peak {:>6.0} MiB  precision {p:.4} recall {r:.4} F1 {f1:.4}",
        elapsed.as_secs_f64(),
        peak as f64 / 1048576.0
    );
}
