//! The warehouse: product workspaces and their daily usage, support tickets, cloud cost and FX rates.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::names::{self, Style};
use super::stripe::Billing;
use super::{CompanyConfig, PLANS, RealCompany, TruthRecord, person};
use crate::data::{Database, Field, FieldType as T, Table, Value};

const SUBJECTS: &[&str] = &[
    "Cannot log in",
    "Export is slow",
    "Invoice question",
    "API returns 500",
    "Dashboard not loading",
    "Add more seats",
    "SSO setup",
    "Data looks wrong",
    "Feature request",
    "Cancel subscription",
];

const PRIORITIES: &[(&str, i64)] = &[("urgent", 4), ("high", 8), ("normal", 24), ("low", 72)];

const CLOUD_SERVICES: &[(&str, &str, &str, f64)] = &[
    ("aws", "EC2", "platform", 620.0),
    ("aws", "S3", "platform", 140.0),
    ("aws", "RDS", "platform", 310.0),
    ("aws", "CloudFront", "web", 55.0),
    ("aws", "Lambda", "data", 40.0),
    ("gcp", "BigQuery", "data", 180.0),
    ("gcp", "GKE", "ml", 120.0),
    ("gcp", "Cloud Storage", "data", 35.0),
];

pub(crate) fn generate(
    rng: &mut ChaCha8Rng,
    config: &CompanyConfig,
    companies: &[RealCompany],
    billing: &Billing,
    truth: &mut Vec<TruthRecord>,
) -> Database {
    let as_of = config.as_of;
    let year_ago = as_of - Days::new(365);
    let mut workspace = Table::new(
        "workspace",
        vec![
            Field::new("workspace_id", T::Id),
            Field::new("name", T::String),
            Field::new("domain", T::String),
            Field::new("plan", T::String),
            Field::new("stripe_customer_id", T::String),
            Field::new("created_at", T::DateTime),
        ],
    );
    let mut usage = Table::new(
        "usage_daily",
        vec![
            Field::new("day", T::Date),
            Field::new("workspace_id", T::String),
            Field::new("active_users", T::Int),
            Field::new("api_calls", T::Int),
            Field::new("storage_gb", T::Double),
        ],
    );
    let mut tickets = Table::new(
        "support_ticket",
        vec![
            Field::new("ticket_id", T::Id),
            Field::new("workspace_id", T::String),
            Field::new("requester_email", T::Email),
            Field::new("subject", T::String),
            Field::new("priority", T::String),
            Field::new("status", T::String),
            Field::new("opened_at", T::DateTime),
            Field::new("first_response_at", T::DateTime),
            Field::new("resolved_at", T::DateTime),
            Field::new("sla_hours", T::Int),
        ],
    );
    let mut next_ticket = 0i64;
    let mut next_workspace = 0;
    for (index, company) in companies.iter().enumerate() {
        let free = company.subscription.is_none() && rng.random_bool(0.1);
        if company.subscription.is_none() && !free {
            continue;
        }
        next_workspace += 1;
        let id = format!("ws_{next_workspace:05}");
        let start = company
            .subscription
            .as_ref()
            .map_or(company.since, |s| s.start);
        let plan = company
            .subscription
            .as_ref()
            .and_then(|s| PLANS.get(s.plan))
            .map_or("Free", |p| p.0);
        let stripe_id = billing
            .customer_of
            .get(index)
            .cloned()
            .flatten()
            .filter(|_| rng.random_bool(0.6));
        workspace.push(vec![
            id.clone().into(),
            names::variant(rng, &company.name, company.suffix, Style::Crm).into(),
            rng.random_bool(0.9).then(|| company.domain.clone()).into(),
            plan.into(),
            stripe_id.into(),
            chrono::DateTime::from_timestamp(super::unix(start, rng.random_range(0..86_400)), 0)
                .into(),
        ]);
        truth.push(TruthRecord {
            api: "warehouse",
            object: "workspace",
            id: id.clone(),
            company: company.id.clone(),
        });

        let seats = company
            .subscription
            .as_ref()
            .map_or(2, |s| s.seats_now())
            .max(1);
        let end = company
            .subscription
            .as_ref()
            .and_then(|s| s.canceled)
            .unwrap_or(as_of);
        let declining = company
            .subscription
            .as_ref()
            .is_some_and(|s| s.canceled.is_some() || s.status == "past_due");
        let mut day = start.max(year_ago);
        while day <= end {
            let to_end = (end - day).num_days() as f64;
            let health = if declining {
                (to_end / 90.0).clamp(0.15, 1.0)
            } else {
                1.0
            };
            let weekday = chrono::Datelike::weekday(&day).number_from_monday() <= 5;
            let users = ((seats as f64 * 3.0 * health * if weekday { 1.0 } else { 0.3 })
                * rng.random_range(0.6..1.1))
            .round() as i64;
            usage.push(vec![
                day.into(),
                id.clone().into(),
                Value::Int(users),
                Value::Int(users * rng.random_range(20..400)),
                Value::Float(
                    ((seats as f64 * 1.5 + (day - start).num_days() as f64 * 0.01) * 100.0).round()
                        / 100.0,
                ),
            ]);
            day = day + Days::new(1);
        }

        let months = ((end - start.max(year_ago)).num_days() / 30).max(0);
        let per_month = if declining { 2.0 } else { 0.7 };
        for _ in 0..((months as f64 * per_month * rng.random_range(0.5..1.5)) as i64) {
            next_ticket += 1;
            let span = (end - start.max(year_ago)).num_days().max(1) as u64;
            let opened = super::unix(
                start.max(year_ago) + Days::new(rng.random_range(0..span)),
                rng.random_range(0..86_400),
            );
            let &(priority, sla) = PRIORITIES.choose(rng).unwrap_or(&("normal", 24));
            let response = opened + rng.random_range(600..(sla * 3600 * 3 / 2).max(601));
            let recent = opened > super::unix(as_of, 0) - 5 * 86_400;
            let resolved = (!recent || rng.random_bool(0.3))
                .then(|| response + rng.random_range(3600..5 * 86_400));
            let status = match resolved {
                Some(_) if rng.random_bool(0.7) => "closed",
                Some(_) => "solved",
                None if rng.random_bool(0.5) => "pending",
                None => "open",
            };
            let (first, last) = person(rng);
            tickets.push(vec![
                Value::Int(next_ticket),
                id.clone().into(),
                format!("{}@{}", names::mailbox(first, last), company.domain).into(),
                SUBJECTS.choose(rng).copied().into(),
                priority.into(),
                status.into(),
                chrono::DateTime::from_timestamp(opened, 0).into(),
                chrono::DateTime::from_timestamp(response, 0).into(),
                resolved
                    .and_then(|r| chrono::DateTime::from_timestamp(r, 0))
                    .into(),
                Value::Int(sla),
            ]);
        }
    }

    let mut cost = Table::new(
        "cloud_cost",
        vec![
            Field::new("day", T::Date),
            Field::new("provider", T::String),
            Field::new("service", T::String),
            Field::new("team", T::String),
            Field::new("cost_usd", T::Double),
        ],
    );
    let mut day = year_ago;
    while day <= as_of {
        let growth = 1.0 + (day - year_ago).num_days() as f64 / 365.0 * 0.3;
        for (provider, service, team, daily) in CLOUD_SERVICES {
            cost.push(vec![
                day.into(),
                (*provider).into(),
                (*service).into(),
                (*team).into(),
                Value::Float(
                    (daily * growth * rng.random_range(0.85..1.15) * 100.0).round() / 100.0,
                ),
            ]);
        }
        day = day + Days::new(1);
    }

    let mut fx = Table::new(
        "fx_rate",
        vec![
            Field::new("day", T::Date),
            Field::new("currency", T::String),
            Field::new("usd_per_unit", T::Double),
        ],
    );
    let mut rates: [(&str, f64); 3] = [
        ("EUR", 1.0 / 0.92),
        ("GBP", 1.0 / 0.79),
        ("JPY", 1.0 / 150.0),
    ];
    let mut day: NaiveDate = as_of - Days::new(730);
    while day <= as_of {
        for (code, rate) in &mut rates {
            *rate *= 1.0 + rng.random_range(-0.004..0.004);
            fx.push(vec![
                day.into(),
                (*code).into(),
                Value::Float((*rate * 1_000_000.0).round() / 1_000_000.0),
            ]);
        }
        day = day + Days::new(1);
    }

    let mut db = Database::default();
    db.add(workspace);
    db.add(usage);
    db.add(tickets);
    db.add(cost);
    db.add(fx);
    db
}
