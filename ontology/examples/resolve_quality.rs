//! Resolves a labelled CSV (`id,name,cluster` and optionally `domain,email,website,country`) and prints
//! B-cubed and pairwise precision, recall and F1 against its `cluster` column, with the pairs it got wrong.
//!
//! `cargo run --release -p aos-ontology --example resolve_quality -- FILE.csv [--errors N]`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::HashMap;

use aos_ontology::resolve::{Record, Settings, measure, name_tokens, resolve};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .expect("usage: resolve_quality FILE.csv [--errors N]");
    let errors: usize = args
        .iter()
        .position(|a| a == "--errors")
        .and_then(|i| args.get(i + 1))
        .map_or(0, |n| n.parse().expect("--errors N"));
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name);
    let (id, name, cluster) = (
        at("id").unwrap(),
        at("name").unwrap(),
        at("cluster").unwrap(),
    );
    let domains: Vec<usize> = ["domain", "email", "website"]
        .iter()
        .filter_map(|c| at(c))
        .collect();
    let country = at("country");
    let mut records = Vec::new();
    let mut truth = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        records.push(Record {
            id: row[id].to_string(),
            name: row[name].to_string(),
            domains: domains
                .iter()
                .map(|&i| row[i].to_string())
                .filter(|d| !d.is_empty())
                .collect(),
            country: country
                .map(|i| row[i].to_string())
                .filter(|c| !c.is_empty()),
        });
        truth.push(row[cluster].to_string());
    }
    let predicted: Vec<usize> = resolve(&records, &Settings::default())
        .into_iter()
        .map(|m| m.cluster)
        .collect();
    let q = measure(&truth, &predicted);
    let clusters = truth.iter().collect::<std::collections::HashSet<_>>().len();
    println!(
        "{path}: {} records, {clusters} true clusters, {} predicted\n  B-cubed  P {:.3} R {:.3} F1 {:.3}\n  pairwise P {:.3} R {:.3} F1 {:.3}",
        records.len(),
        predicted
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len(),
        q.bcubed_precision,
        q.bcubed_recall,
        q.bcubed_f1(),
        q.pair_precision,
        q.pair_recall,
        q.pair_f1()
    );
    if errors == 0 {
        return;
    }
    let show = |i: usize| {
        format!(
            "{:?} [{}]",
            records[i].name,
            name_tokens(&records[i].name).join(" ")
        )
    };
    // Records merged with another company, and records kept apart from their own (first member).
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    let mut merged = Vec::new();
    let mut missed = Vec::new();
    let mut first_predicted: HashMap<usize, usize> = HashMap::new();
    for i in 0..records.len() {
        let leader = *first_predicted.entry(predicted[i]).or_insert(i);
        if truth[leader] != truth[i] {
            merged.push(format!("  wrongly with {} : {}", show(leader), show(i)));
        }
        let own = *first_of.entry(truth[i].as_str()).or_insert(i);
        if predicted[own] != predicted[i] {
            missed.push(format!("  missed {} ~ {}", show(own), show(i)));
        }
    }
    println!("merged wrongly: {}", merged.len());
    merged.iter().take(errors).for_each(|l| println!("{l}"));
    println!("kept apart: {}", missed.len());
    missed.iter().take(errors).for_each(|l| println!("{l}"));
}
