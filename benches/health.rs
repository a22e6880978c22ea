//! The health score backtested: `ontology.health_history` of `aos demo` scores the customers of the first
//! day of each month of the last year; each scored customer that has no live subscription 90 days later
//! churned. Prints the AUC of the score for "churns within 90 days" (target at least 0.80), with the
//! precision and recall of the red band and of red and yellow together, and the same AUC for the active
//! users' 30-day trend alone, the signal most churn scores start from, as a peer.
//!
//! Only days with 60 days of usage before them and 90 days of outcome after them are scored.
//!
//! Run it with `benches/run health`, or alone after `cargo build --profile quick-release -p aos-server`:
//! `cargo bench --profile quick-release -p aos-benches --bench health`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::Value;
use std::collections::HashMap;
use support::{query, start_demo};

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

fn day(v: &Value) -> NaiveDate {
    text(v).unwrap()[..10].parse().unwrap()
}

fn moment(v: &Value) -> Option<NaiveDateTime> {
    text(v).map(|t| {
        NaiveDateTime::parse_from_str(&t[..19].replace('T', " "), "%Y-%m-%d %H:%M:%S").unwrap()
    })
}

/// The probability that a random churner scores as riskier than a random customer who stayed (ties
/// count half); `risk` is higher for riskier.
fn auc(scored: &[(f64, bool)]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (p, _) in scored.iter().filter(|s| s.1) {
        for (n, _) in scored.iter().filter(|s| !s.1) {
            pairs += 1.0;
            wins += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    wins / pairs
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
        let base = format!("http://127.0.0.1:{}", ports.http);

        let span = query(
            &http,
            &base,
            "SELECT CAST(min(day) AS VARCHAR), CAST(max(day) AS VARCHAR) FROM ontology.usage",
        )
        .await;
        let (first, last) = (day(&span[0][0]), day(&span[0][1]));
        let mut subscriptions: HashMap<String, Vec<(NaiveDateTime, Option<NaiveDateTime>)>> =
            HashMap::new();
        for row in query(
            &http,
            &base,
            "SELECT account_id, CAST(started_at AS VARCHAR), CAST(canceled_at AS VARCHAR) \
             FROM ontology.subscription WHERE account_id IS NOT NULL",
        )
        .await
        {
            subscriptions
                .entry(text(&row[0]).unwrap().to_string())
                .or_default()
                .push((moment(&row[1]).unwrap(), moment(&row[2])));
        }
        // Active users over the last 30 days against the 30 before, per account and day scored.
        let trend: HashMap<(String, NaiveDate), f64> = query(
            &http,
            &base,
            "SELECT h.account_id, CAST(h.as_of AS VARCHAR), \
               sum(CASE WHEN u.day > h.as_of - INTERVAL '30 days' THEN u.quantity ELSE 0 END), \
               sum(CASE WHEN u.day <= h.as_of - INTERVAL '30 days' THEN u.quantity ELSE 0 END) \
             FROM ontology.health_history h JOIN ontology.usage u ON u.account_id = h.account_id \
               AND u.metric = 'active_users' AND u.day <= h.as_of AND u.day > h.as_of - INTERVAL '60 days' \
             GROUP BY h.account_id, h.as_of",
        )
        .await
        .iter()
        .map(|r| {
            let (recent, prior) = (r[2].as_f64().unwrap_or(0.0), r[3].as_f64().unwrap_or(0.0));
            let fall = if prior > 0.0 { 1.0 - recent / prior } else { 0.0 };
            ((text(&r[0]).unwrap().to_string(), day(&r[1])), fall)
        })
        .collect();

        let history = query(
            &http,
            &base,
            "SELECT account_id, CAST(as_of AS VARCHAR), score, band FROM ontology.health_history",
        )
        .await;
        let mut scored = Vec::new();
        let mut peer = Vec::new();
        let mut bands: HashMap<String, (usize, usize)> = HashMap::new();
        let mut days = std::collections::BTreeSet::new();
        for row in &history {
            let (account, as_of) = (text(&row[0]).unwrap(), day(&row[1]));
            if as_of - TimeDelta::days(60) < first || as_of + TimeDelta::days(90) > last {
                continue;
            }
            let horizon = (as_of + TimeDelta::days(90)).and_hms_opt(0, 0, 0).unwrap();
            let alive = subscriptions.get(account).is_some_and(|subs| {
                subs.iter()
                    .any(|(start, end)| *start <= horizon && end.is_none_or(|e| e > horizon))
            });
            let churned = !alive;
            let score = row[2].as_f64().unwrap();
            scored.push((-score, churned));
            peer.push((
                trend
                    .get(&(account.to_string(), as_of))
                    .copied()
                    .unwrap_or(0.0),
                churned,
            ));
            let band = bands.entry(text(&row[3]).unwrap().to_string()).or_default();
            band.0 += 1;
            band.1 += usize::from(churned);
            days.insert(as_of);
        }
        let churners = scored.iter().filter(|s| s.1).count();
        println!(
            "health backtest: {} customer-months over {} days scored ({} .. {}), {churners} churned within 90 days",
            scored.len(),
            days.len(),
            days.first().unwrap(),
            days.last().unwrap()
        );
        let score_auc = auc(&scored);
        println!(
            "AUC {score_auc:.3} (target >= 0.80: {}); active users' 30-day trend alone: AUC {:.3}",
            if score_auc >= 0.80 { "met" } else { "MISSED" },
            auc(&peer)
        );
        let (red, red_churned) = bands.get("red").copied().unwrap_or_default();
        let (yellow, yellow_churned) = bands.get("yellow").copied().unwrap_or_default();
        let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
        println!(
            "red band: {red} scored, precision {:.3}, recall {:.3}; red or yellow: {} scored, precision {:.3}, recall {:.3}",
            share(red_churned, red),
            share(red_churned, churners),
            red + yellow,
            share(red_churned + yellow_churned, red + yellow),
            share(red_churned + yellow_churned, churners)
        );
    });
}
