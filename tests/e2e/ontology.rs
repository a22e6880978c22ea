//! The canonical ontology of `aos demo`: accounts resolved across Salesforce, Stripe and NetSuite against
//! the sandbox's ground truth, every canonical table against the sandbox's own records, metrics computed
//! independently from the generated company, and pushdown through the ontology's views.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use aos_sandbox::{Company, CompanyConfig};
use aos_tests::{Aos, text_rows};
use chrono::Datelike;

fn sandbox_url(aos: &Aos) -> String {
    aos.banner
        .lines()
        .find_map(|l| l.trim().strip_prefix("sandbox: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no sandbox line:\n{}", aos.banner))
        .to_owned()
}

async fn one(client: &tokio_postgres::Client, sql: &str) -> String {
    let rows = text_rows(client, sql).await;
    rows.first()
        .and_then(|r| r.first().cloned().flatten())
        .unwrap_or_else(|| panic!("{sql}: no value in {rows:?}"))
}

async fn number(client: &tokio_postgres::Client, sql: &str) -> f64 {
    let text = one(client, sql).await;
    text.parse()
        .unwrap_or_else(|e| panic!("{sql}: {text:?} is not a number: {e}"))
}

fn close(got: f64, want: f64, what: &str) {
    let tolerance = 1e-6_f64.max(want.abs() * 1e-9) + 0.011;
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: aos says {got}, the sandbox's records say {want}"
    );
}

#[tokio::test]
async fn accounts_match_the_ground_truth() {
    let aos = Aos::demo();
    let client = aos.connect().await;
    let truth: Vec<serde_json::Value> =
        reqwest::get(format!("{}/_sandbox/truth", sandbox_url(&aos)))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let company_of: HashMap<(String, String), String> = truth
        .iter()
        .filter(|t| {
            ["salesforce", "stripe", "netsuite", "warehouse"]
                .contains(&t["api"].as_str().unwrap_or(""))
        })
        .map(|t| {
            (
                (
                    t["api"].as_str().unwrap_or_default().to_string(),
                    t["id"].as_str().unwrap_or_default().to_string(),
                ),
                t["company"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let rows = text_rows(
        &client,
        "SELECT source, source_id, account_id FROM ontology.account_source",
    )
    .await;
    assert_eq!(
        rows.len(),
        company_of.len(),
        "every company record is resolved once"
    );
    let records: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            let key = (
                r[0].clone().unwrap_or_default(),
                r[1].clone().unwrap_or_default(),
            );
            let company = company_of
                .get(&key)
                .unwrap_or_else(|| panic!("{key:?} is not in the ground truth"))
                .clone();
            (company, r[2].clone().unwrap_or_default())
        })
        .collect();
    // Pairwise precision and recall over all pairs of records.
    let (mut true_pos, mut predicted, mut actual) = (0u64, 0u64, 0u64);
    for (i, (company_a, account_a)) in records.iter().enumerate() {
        for (company_b, account_b) in &records[i + 1..] {
            let same_company = company_a == company_b;
            let same_account = account_a == account_b;
            actual += u64::from(same_company);
            predicted += u64::from(same_account);
            true_pos += u64::from(same_company && same_account);
        }
    }
    let precision = true_pos as f64 / predicted.max(1) as f64;
    let recall = true_pos as f64 / actual.max(1) as f64;
    // A workspace is linked when its account holds a record of its company from another system.
    let sources: Vec<String> = rows
        .iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect();
    let mut with_others: HashSet<(&String, &String)> = HashSet::new();
    for ((company, account), source) in records.iter().zip(&sources) {
        if source != "warehouse" {
            with_others.insert((company, account));
        }
    }
    let workspaces: Vec<&(String, String)> = records
        .iter()
        .zip(&sources)
        .filter(|(_, source)| *source == "warehouse")
        .map(|(record, _)| record)
        .collect();
    let linked = workspaces
        .iter()
        .filter(|(company, account)| with_others.contains(&(company, account)))
        .count();
    let linked_share = linked as f64 / workspaces.len().max(1) as f64;
    println!(
        "entity resolution on the sandbox: precision {precision:.4}, recall {recall:.4} ({actual} true pairs); \
         workspaces linked {linked}/{} ({linked_share:.4})",
        workspaces.len()
    );
    assert!(workspaces.len() > 300, "{} workspaces", workspaces.len());
    assert!(
        linked_share >= 0.97,
        "{linked}/{} workspaces linked",
        workspaces.len()
    );
    assert!(
        precision >= 0.99,
        "precision {precision:.4} (recall {recall:.4})"
    );
    assert!(
        recall >= 0.97,
        "recall {recall:.4} (precision {precision:.4})"
    );

    // account: one row per resolved account, named and listing its sources.
    let accounts: HashSet<&String> = records.iter().map(|(_, a)| a).collect();
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.account").await as usize,
        accounts.len()
    );
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.account WHERE name IS NULL OR sources IS NULL OR account_id NOT LIKE 'acc_%'"
        )
        .await,
        "0"
    );
    // Scores and rules explain each match.
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.account_source WHERE match_score < 0 OR match_score > 1 \
             OR match_rule NOT IN ('alone', 'exact_name', 'domain', 'name', 'contained', 'acronym')"
        )
        .await,
        "0"
    );
}

/// The demo's company, generated again here from the same seed, to compute expected figures without aos.
fn company() -> Company {
    Company::generate(&CompanyConfig::default())
}

fn column<'a>(
    table: &'a aos_sandbox::Table,
    row: &'a [aos_sandbox::Value],
    name: &str,
) -> &'a aos_sandbox::Value {
    let i = table
        .column(name)
        .unwrap_or_else(|| panic!("{} has no {name}", table.name));
    &row[i]
}

#[tokio::test]
async fn canonical_tables_hold_what_the_sources_hold() {
    let aos = Aos::demo();
    let client = aos.connect().await;
    let company = company();

    // Opportunities: every Salesforce opportunity, with its account resolved.
    let opportunities = company.salesforce.table("Opportunity").unwrap();
    let live: Vec<&Vec<aos_sandbox::Value>> = opportunities
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                column(opportunities, r, "IsDeleted"),
                aos_sandbox::Value::Bool(true)
            )
        })
        .collect();
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.opportunity").await as usize,
        live.len()
    );
    let amount: f64 = live
        .iter()
        .filter_map(|r| column(opportunities, r, "Amount").as_f64())
        .sum();
    close(
        number(&client, "SELECT sum(amount) FROM ontology.opportunity").await,
        amount,
        "opportunity amount",
    );
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.opportunity WHERE account_id IS NULL"
        )
        .await,
        "0"
    );

    // Revenue from Stripe: every non-draft invoice, amounts in the invoice's currency and in USD.
    let invoices: Vec<_> = company
        .stripe
        .list("invoice")
        .iter()
        .filter(|i| i.str_field("status") != Some("draft"))
        .collect();
    assert_eq!(
        number(
            &client,
            "SELECT count(*) FROM ontology.revenue WHERE source = 'stripe'"
        )
        .await as usize,
        invoices.len()
    );
    for currency in ["usd", "eur", "jpy"] {
        let (minor, exponent) = (
            invoices
                .iter()
                .filter(|i| i.str_field("currency") == Some(currency))
                .filter_map(|i| i.body.get("total").and_then(serde_json::Value::as_i64))
                .sum::<i64>(),
            if currency == "jpy" { 1.0 } else { 100.0 },
        );
        close(
            number(
                &client,
                &format!(
                    "SELECT coalesce(sum(amount_original), 0) FROM ontology.revenue \
                     WHERE source = 'stripe' AND currency = '{}'",
                    currency.to_uppercase()
                ),
            )
            .await,
            minor as f64 / exponent,
            &format!("{currency} invoice totals"),
        );
    }
    // USD amounts are not converted; others use the latest rate of the warehouse's fx_rate table.
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.revenue WHERE currency = 'USD' AND amount <> amount_original"
        )
        .await,
        "0"
    );
    let fx = company.warehouse.table("fx_rate").unwrap();
    let latest_eur = fx
        .rows
        .iter()
        .filter(|r| column(fx, r, "currency").as_text() == Some("EUR"))
        .max_by_key(|r| format!("{:?}", column(fx, r, "day")))
        .and_then(|r| column(fx, r, "usd_per_unit").as_f64())
        .unwrap();
    close(
        number(
            &client,
            "SELECT rate FROM ontology.fx_rate WHERE currency = 'EUR'",
        )
        .await,
        latest_eur,
        "latest EUR rate",
    );
    close(
        number(
            &client,
            "SELECT sum(CAST(amount AS DOUBLE) - round(CAST(amount_original AS DOUBLE) * (SELECT rate FROM ontology.fx_rate WHERE currency = 'EUR'), 2)) \
             FROM ontology.revenue WHERE currency = 'EUR'",
        )
        .await,
        0.0,
        "EUR converted at the latest rate",
    );

    // Revenue from NetSuite: its customer invoices copy Stripe's. Most carry the Stripe invoice's id
    // (`externalid`); the others are told by customer, currency, amount and day. Every copy is lineage
    // of its Stripe row, paired one to one, never a row of its own.
    let transactions = company.netsuite.table("transaction").unwrap();
    let stripe_ids: HashSet<&str> = invoices.iter().filter_map(|i| i.str_field("id")).collect();
    let copies: Vec<&Vec<aos_sandbox::Value>> = transactions
        .rows
        .iter()
        .filter(|r| column(transactions, r, "type").as_text() == Some("CustInvc"))
        .collect();
    let linked = |r: &Vec<aos_sandbox::Value>| {
        column(transactions, r, "externalid")
            .as_text()
            .filter(|id| stripe_ids.contains(id))
            .map(str::to_string)
    };
    let unlinked = copies.iter().filter(|r| linked(r).is_none()).count();
    assert!(
        copies.len() > 1000 && unlinked > 100,
        "{} copies, {unlinked} without the Stripe id",
        copies.len()
    );
    // The ground truth's company of each customer record, and each Stripe invoice's company, day and total.
    let company_of: HashMap<(&str, String), &str> = company
        .truth
        .iter()
        .map(|t| ((t.api, t.id.clone()), t.company.as_str()))
        .collect();
    let text = |v: &aos_sandbox::Value| match v {
        aos_sandbox::Value::Int(i) => i.to_string(),
        other => other.as_text().unwrap_or_default().to_string(),
    };
    let originals: HashMap<&str, (Option<&str>, chrono::NaiveDate, i64)> = invoices
        .iter()
        .filter_map(|i| {
            let minor = i.body.get("total")?.as_i64()?;
            let cents = if i.str_field("currency") == Some("jpy") {
                minor * 100
            } else {
                minor
            };
            let day = stripe_instant(&i.body["created"])?.date();
            let customer = i.str_field("customer")?.to_string();
            Some((
                i.str_field("id")?,
                (company_of.get(&("stripe", customer)).copied(), day, cents),
            ))
        })
        .collect();
    let rows = client
        .query(
            "SELECT source_id, mirror_of_id FROM ontology.revenue_mirror WHERE source = 'netsuite'",
            &[],
        )
        .await
        .unwrap();
    let paired: HashMap<String, String> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let mut told = 0;
    for r in &copies {
        let id = text(column(transactions, r, "id"));
        let Some(original) = paired.get(&id) else {
            continue;
        };
        match linked(r) {
            Some(external) => assert_eq!(*original, external, "NetSuite invoice {id}"),
            None => {
                told += 1;
                let (owner, day, cents) = originals[original.as_str()];
                let own = company_of
                    .get(&("netsuite", text(column(transactions, r, "entity"))))
                    .copied();
                let total = column(transactions, r, "foreigntotal").as_f64().unwrap();
                assert!(
                    owner.is_some()
                        && owner == own
                        && Some(day)
                            == instant(column(transactions, r, "trandate")).map(|t| t.date())
                        && (cents as f64 - total * 100.0).abs() < 0.5,
                    "NetSuite invoice {id} paired with Stripe invoice {original}, not its copy"
                );
            }
        }
    }
    assert_eq!(
        paired.len(),
        paired.values().collect::<HashSet<_>>().len(),
        "one copy for one Stripe invoice"
    );
    // Those left are copies whose customer entity resolution did not join to the Stripe one's account.
    let left = number(
        &client,
        "SELECT count(*) FROM ontology.revenue WHERE source = 'netsuite'",
    )
    .await as usize;
    assert_eq!(
        left + paired.len(),
        copies.len(),
        "no NetSuite invoice lost"
    );
    assert!(
        told > unlinked * 9 / 10 && left * 20 < unlinked,
        "{told} of {unlinked} copies without the Stripe id told by their values, {left} left"
    );
    // One row per invoice: no Stripe invoice is counted twice.
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.revenue r JOIN ontology.revenue_mirror m \
             ON r.source = m.source AND r.source_id = m.source_id"
        )
        .await,
        "0"
    );

    // Subscriptions: every Stripe subscription.
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.subscription").await as usize,
        company.stripe.list("subscription").len()
    );

    // Cost: NetSuite vendor bills and the cloud cost export.
    let bills = transactions
        .rows
        .iter()
        .filter(|r| column(transactions, r, "type").as_text() == Some("VendBill"))
        .count();
    let cloud = company.warehouse.table("cloud_cost").unwrap();
    assert_eq!(
        number(
            &client,
            "SELECT count(*) FROM ontology.cost WHERE source = 'netsuite'"
        )
        .await as usize,
        bills
    );
    assert_eq!(
        number(
            &client,
            "SELECT count(*) FROM ontology.cost WHERE source = 'warehouse'"
        )
        .await as usize,
        cloud.rows.len()
    );
    let cloud_total: f64 = cloud
        .rows
        .iter()
        .filter_map(|r| column(cloud, r, "cost_usd").as_f64())
        .sum();
    close(
        number(
            &client,
            "SELECT sum(amount) FROM ontology.cost WHERE source = 'warehouse' AND category = 'Cloud infrastructure'",
        )
        .await,
        cloud_total,
        "cloud cost",
    );
    // One category list and one department list (values.toml) across NetSuite and the export.
    assert_eq!(
        text_rows(
            &client,
            "SELECT DISTINCT category FROM ontology.cost ORDER BY 1"
        )
        .await,
        [
            "Cloud infrastructure",
            "Facilities",
            "Office supplies",
            "Professional services",
            "Software"
        ]
        .map(|c| vec![Some(c.to_string())])
    );
    assert_eq!(
        text_rows(
            &client,
            "SELECT DISTINCT department FROM ontology.cost WHERE department IS NOT NULL ORDER BY 1"
        )
        .await,
        [["Data"], ["Engineering"]].map(|d| vec![Some(d[0].to_string())])
    );
    assert_eq!(
        one(&client, "SELECT count(*) FROM ontology.unlisted_values").await,
        "0"
    );
    // One vendor per real vendor: the export's `aws` (an acronym) and `gcp` (an override) are
    // NetSuite's Amazon Web Services and Google Cloud, and every cost row names a vendor.
    let vendors = company.netsuite.table("vendor").unwrap();
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.vendor").await as usize,
        vendors.rows.len()
    );
    assert_eq!(
        text_rows(
            &client,
            "SELECT source_id, v.name FROM ontology.vendor_source s JOIN ontology.vendor v USING (vendor_id) \
             WHERE s.source = 'warehouse' ORDER BY 1"
        )
        .await,
        [["aws", "Amazon Web Services"], ["gcp", "Google Cloud"]]
            .map(|r| r.map(|v| Some(v.to_string())).to_vec())
    );
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.cost c LEFT JOIN ontology.vendor v USING (vendor_id) \
             WHERE v.vendor_id IS NULL OR c.vendor <> v.name"
        )
        .await,
        "0"
    );
    assert_eq!(
        one(
            &client,
            "SELECT count(DISTINCT source) FROM ontology.cost WHERE vendor = 'Amazon Web Services'"
        )
        .await,
        "2"
    );

    // Usage: three metrics per warehouse row; tickets: one per support ticket.
    let usage = company.warehouse.table("usage_daily").unwrap();
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.usage").await as usize,
        3 * usage.rows.len()
    );
    let tickets = company.warehouse.table("support_ticket").unwrap();
    assert_eq!(
        number(&client, "SELECT count(*) FROM ontology.ticket").await as usize,
        tickets.rows.len()
    );

    // Health: one row per customer, with a band that follows the score, and its history by month.
    assert_eq!(
        one(
            &client,
            "SELECT count(*) FROM ontology.health \
             WHERE (score >= 80) <> (band = 'green') OR (score < 60) <> (band = 'red') \
             OR (score < 100 AND (drivers IS NULL OR drivers = ''))"
        )
        .await,
        "0"
    );
    assert_eq!(
        one(
            &client,
            "SELECT count(DISTINCT as_of) FROM ontology.health_history"
        )
        .await,
        "13"
    );
}

#[tokio::test]
async fn metrics_agree_with_the_sandbox_records() {
    let aos = Aos::demo();
    let client = aos.connect().await;
    let company = company();

    let opportunities = company.salesforce.table("Opportunity").unwrap();
    let flag = |r: &[aos_sandbox::Value], name: &str| {
        matches!(
            column(opportunities, r, name),
            aos_sandbox::Value::Bool(true)
        )
    };
    let live: Vec<&Vec<aos_sandbox::Value>> = opportunities
        .rows
        .iter()
        .filter(|r| !flag(r, "IsDeleted"))
        .collect();
    let amount =
        |r: &[aos_sandbox::Value]| column(opportunities, r, "Amount").as_f64().unwrap_or(0.0);
    let open: f64 = live
        .iter()
        .filter(|r| !flag(r, "IsClosed"))
        .map(|r| amount(r))
        .sum();
    close(
        number(&client, "SELECT open_pipeline FROM metrics.open_pipeline").await,
        open,
        "open pipeline",
    );
    let weighted: f64 = live
        .iter()
        .filter(|r| !flag(r, "IsClosed"))
        .map(|r| {
            amount(r)
                * column(opportunities, r, "Probability")
                    .as_f64()
                    .unwrap_or(0.0)
                / 100.0
        })
        .sum();
    close(
        number(
            &client,
            "SELECT weighted_pipeline FROM metrics.weighted_pipeline",
        )
        .await,
        (weighted * 100.0).round() / 100.0,
        "weighted pipeline",
    );
    let closed: Vec<_> = live.iter().filter(|r| flag(r, "IsClosed")).collect();
    let won = closed.iter().filter(|r| flag(r, "IsWon")).count();
    close(
        number(&client, "SELECT win_rate FROM metrics.win_rate").await,
        won as f64 / closed.len() as f64,
        "win rate",
    );

    // MRR: active and past-due subscriptions, per month, in USD at the latest rates.
    let fx = company.warehouse.table("fx_rate").unwrap();
    let rate = |currency: &str| -> f64 {
        if currency == "USD" {
            return 1.0;
        }
        fx.rows
            .iter()
            .filter(|r| column(fx, r, "currency").as_text() == Some(currency))
            .max_by_key(|r| format!("{:?}", column(fx, r, "day")))
            .and_then(|r| column(fx, r, "usd_per_unit").as_f64())
            .unwrap_or(f64::NAN)
    };
    let mut mrr = 0.0;
    for s in company.stripe.list("subscription") {
        if !matches!(s.str_field("status"), Some("active" | "past_due")) {
            continue;
        }
        let item = &s.body["items"]["data"][0];
        let price = &item["price"];
        let currency = price["currency"]
            .as_str()
            .unwrap_or_default()
            .to_uppercase();
        let exponent = if currency == "JPY" { 1.0 } else { 100.0 };
        let unit = price["unit_amount"].as_f64().unwrap_or(0.0) / exponent;
        let quantity = item["quantity"].as_f64().unwrap_or(1.0);
        let interval = price["recurring"]["interval"].as_str().unwrap_or("month");
        let count = price["recurring"]["interval_count"].as_f64().unwrap_or(1.0);
        let per_month = match interval {
            "year" => 1.0 / 12.0,
            "week" => 52.0 / 12.0,
            "day" => 365.0 / 12.0,
            _ => 1.0,
        };
        let monthly = unit * quantity * per_month / count;
        let monthly = (monthly * 100.0).round() / 100.0;
        mrr += if currency == "USD" {
            monthly
        } else {
            (monthly * rate(&currency) * 100.0).round() / 100.0
        };
    }
    let got = number(&client, "SELECT mrr FROM metrics.mrr").await;
    assert!(
        (got - mrr).abs() <= 0.01 * company.stripe.list("subscription").len() as f64,
        "mrr: aos {got}, sandbox {mrr}"
    );
    close(
        number(&client, "SELECT arr FROM metrics.arr").await,
        12.0 * got,
        "arr = 12 x mrr",
    );

    // MRR by month ends at today's MRR, and each month's change is the sum of its movements.
    let months = text_rows(
        &client,
        "SELECT month, mrr, new, expansion, contraction, churn FROM metrics.mrr_movements ORDER BY month",
    )
    .await;
    let value = |row: &[Option<String>], i: usize| -> f64 {
        row[i].as_deref().unwrap_or("0").parse().unwrap_or(f64::NAN)
    };
    assert!(months.len() >= 12, "{months:?}");
    close(
        value(months.last().unwrap(), 1),
        got,
        "the last month's MRR is today's",
    );
    for pair in months.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        close(
            value(after, 1) - value(before, 1),
            value(after, 2) + value(after, 3) + value(after, 4) + value(after, 5),
            &format!("movements of {:?}", after[0]),
        );
    }
    let retention = text_rows(&client, "SELECT nrr, grr FROM metrics.nrr").await;
    let (nrr, grr) = (value(&retention[0], 0), value(&retention[0], 1));
    assert!(
        grr > 0.0 && grr <= 1.0 && nrr >= grr,
        "nrr {nrr}, grr {grr}"
    );

    // SLA breach rate over the warehouse's tickets.
    let tickets = company.warehouse.table("support_ticket").unwrap();
    let breached = tickets
        .rows
        .iter()
        .filter(|r| {
            let hours = column(tickets, r, "sla_hours").as_f64().unwrap_or(0.0);
            match (
                column(tickets, r, "first_response_at"),
                column(tickets, r, "opened_at"),
            ) {
                (aos_sandbox::Value::DateTime(first), aos_sandbox::Value::DateTime(opened)) => {
                    (*first - *opened).num_seconds() as f64 > hours * 3600.0
                }
                // Never answered: breached.
                _ => true,
            }
        })
        .count();
    close(
        number(
            &client,
            "SELECT sla_breach_rate FROM metrics.sla_breach_rate",
        )
        .await,
        breached as f64 / tickets.rows.len() as f64,
        "SLA breach rate",
    );

    // Average deal size: the mean amount of won opportunities.
    let won_amounts: Vec<f64> = live
        .iter()
        .filter(|r| flag(r, "IsWon"))
        .map(|r| amount(r))
        .collect();
    close(
        number(
            &client,
            "SELECT average_deal_size FROM metrics.average_deal_size",
        )
        .await,
        won_amounts.iter().sum::<f64>() / won_amounts.len() as f64,
        "average deal size",
    );

    // Overdue receivables: open Stripe invoices due before the last day of data, unpaid part in USD.
    let as_of = company
        .config
        .as_of
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let mut overdue = 0.0;
    let mut overdue_count = 0usize;
    for invoice in company.stripe.list("invoice") {
        let due = invoice
            .body
            .get("due_date")
            .and_then(serde_json::Value::as_i64);
        if invoice.str_field("status") != Some("open") || due.is_none_or(|d| d >= as_of) {
            continue;
        }
        let currency = invoice
            .str_field("currency")
            .unwrap_or_default()
            .to_uppercase();
        let exponent = if currency == "JPY" { 1.0 } else { 100.0 };
        let major = |field: &str| {
            invoice
                .body
                .get(field)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0)
                / exponent
        };
        let usd = |v: f64| {
            if currency == "USD" {
                v
            } else {
                (v * rate(&currency) * 100.0).round() / 100.0
            }
        };
        overdue += usd(major("total")) - usd(major("amount_paid"));
        overdue_count += 1;
    }
    let got = number(
        &client,
        "SELECT overdue_receivables FROM metrics.overdue_receivables",
    )
    .await;
    assert!(
        (got - overdue).abs() <= 0.011 * (overdue_count.max(1) as f64),
        "overdue receivables: aos {got}, sandbox {overdue}"
    );
    assert_eq!(
        number(&client, "SELECT invoices FROM metrics.overdue_receivables").await as usize,
        overdue_count
    );

    // Sales cycle: mean days from creation to close of won opportunities.
    let cycles: Vec<f64> = live
        .iter()
        .filter(|r| flag(r, "IsWon"))
        .filter_map(|r| {
            match (
                column(opportunities, r, "CreatedDate"),
                column(opportunities, r, "CloseDate"),
            ) {
                (aos_sandbox::Value::DateTime(created), aos_sandbox::Value::Date(closed)) => {
                    Some((*closed - created.date_naive()).num_days() as f64)
                }
                _ => None,
            }
        })
        .collect();
    close(
        number(
            &client,
            "SELECT sales_cycle_days FROM metrics.sales_cycle_days",
        )
        .await,
        cycles.iter().sum::<f64>() / cycles.len() as f64,
        "sales cycle days",
    );

    // Gross margin over the 365 days up to the last day of usage data: paid Stripe revenue (USD) less
    // cloud cost, over that revenue.
    let usage = company.warehouse.table("usage_daily").unwrap();
    let last_day = usage
        .rows
        .iter()
        .filter_map(|r| match column(usage, r, "day") {
            aos_sandbox::Value::Date(d) => Some(*d),
            _ => None,
        })
        .max()
        .unwrap();
    let end = last_day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let start = end - 365 * 86_400;
    let mut revenue = 0.0;
    for invoice in company.stripe.list("invoice") {
        if invoice.str_field("status") != Some("paid")
            || invoice.created <= start
            || invoice.created > end
        {
            continue;
        }
        let currency = invoice
            .str_field("currency")
            .unwrap_or_default()
            .to_uppercase();
        let exponent = if currency == "JPY" { 1.0 } else { 100.0 };
        let paid = invoice
            .body
            .get("amount_paid")
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0)
            / exponent;
        revenue += if currency == "USD" {
            paid
        } else {
            (paid * rate(&currency) * 100.0).round() / 100.0
        };
    }
    let cloud = company.warehouse.table("cloud_cost").unwrap();
    let cogs: f64 = cloud
        .rows
        .iter()
        .filter(|r| matches!(column(cloud, r, "day"), aos_sandbox::Value::Date(d) if *d > last_day - chrono::Days::new(365) && *d <= last_day))
        .filter_map(|r| column(cloud, r, "cost_usd").as_f64())
        .sum();
    let margin = number(&client, "SELECT gross_margin FROM metrics.gross_margin").await;
    assert!(
        (margin - (revenue - cogs) / revenue).abs() < 1e-6,
        "gross margin: aos {margin}, sandbox {}",
        (revenue - cogs) / revenue
    );

    // DSO: open receivables over the revenue invoiced in the last 90 days, times 90 (Stripe, USD).
    let (mut open_receivables, mut invoiced) = (0.0, 0.0);
    for invoice in company.stripe.list("invoice") {
        let status = invoice.str_field("status").unwrap_or_default();
        if invoice.created > end || !matches!(status, "open" | "paid" | "void" | "uncollectible") {
            continue;
        }
        let currency = invoice
            .str_field("currency")
            .unwrap_or_default()
            .to_uppercase();
        let exponent = if currency == "JPY" { 1.0 } else { 100.0 };
        let usd = |field: &str| {
            let v = invoice
                .body
                .get(field)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0)
                / exponent;
            if currency == "USD" {
                v
            } else {
                (v * rate(&currency) * 100.0).round() / 100.0
            }
        };
        if status == "open" {
            open_receivables += usd("total") - usd("amount_paid");
        }
        if invoice.created > end - 90 * 86_400 && matches!(status, "open" | "paid") {
            invoiced += usd("total");
        }
    }
    let dso = number(&client, "SELECT dso FROM metrics.dso").await;
    assert!(
        (dso - open_receivables / invoiced * 90.0).abs() < 1e-6,
        "dso: aos {dso}, sandbox {}",
        open_receivables / invoiced * 90.0
    );

    // Retention, with the ground truth's companies as accounts (entity resolution groups them almost
    // the same way): logo churn over 12 months, and NRR and GRR from month-end MRR.
    let company_of: HashMap<&str, &str> = company
        .truth
        .iter()
        .filter(|t| t.api == "stripe")
        .map(|t| (t.id.as_str(), t.company.as_str()))
        .collect();
    let day_end = end;
    let year = 365 * 86_400;
    let live_at = |s: &aos_sandbox::StripeObject, t: i64, strict_start: bool| {
        let started = s
            .body
            .get("start_date")
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(i64::MAX);
        let canceled = s
            .body
            .get("canceled_at")
            .and_then(serde_json::Value::as_i64);
        (if strict_start {
            started < t
        } else {
            started <= t
        }) && canceled.is_none_or(|c| c > t || (strict_start && c >= t))
    };
    let owner = |s: &aos_sandbox::StripeObject| {
        s.str_field("customer")
            .and_then(|c| company_of.get(c).copied())
    };
    let subscriptions = company.stripe.list("subscription");
    let at_start: HashSet<&str> = subscriptions
        .iter()
        .filter(|s| live_at(s, day_end - year, false))
        .filter_map(owner)
        .collect();
    let still: HashSet<&str> = subscriptions
        .iter()
        .filter(|s| live_at(s, day_end, false))
        .filter_map(owner)
        .collect();
    let churned = at_start.iter().filter(|c| !still.contains(*c)).count();
    let logo_churn = number(&client, "SELECT logo_churn FROM metrics.logo_churn").await;
    let expected = churned as f64 / at_start.len() as f64;
    assert!(
        (logo_churn - expected).abs() < 0.02,
        "logo churn: aos {logo_churn}, ground truth {expected}"
    );

    let monthly = |s: &aos_sandbox::StripeObject| -> f64 {
        let item = &s.body["items"]["data"][0];
        let price = &item["price"];
        let currency = price["currency"]
            .as_str()
            .unwrap_or_default()
            .to_uppercase();
        let exponent = if currency == "JPY" { 1.0 } else { 100.0 };
        let per_month = match price["recurring"]["interval"].as_str().unwrap_or("month") {
            "year" => 1.0 / 12.0,
            "week" => 52.0 / 12.0,
            "day" => 365.0 / 12.0,
            _ => 1.0,
        };
        let value = price["unit_amount"].as_f64().unwrap_or(0.0) / exponent
            * item["quantity"].as_f64().unwrap_or(1.0)
            * per_month
            / price["recurring"]["interval_count"].as_f64().unwrap_or(1.0);
        let value = (value * 100.0).round() / 100.0;
        if currency == "USD" {
            value
        } else {
            (value * rate(&currency) * 100.0).round() / 100.0
        }
    };
    let month_end = |months_back: i32| {
        let first = last_day.with_day(1).unwrap();
        let next = first.checked_add_months(chrono::Months::new(1)).unwrap();
        let bound = next
            .checked_sub_months(chrono::Months::new(months_back as u32))
            .unwrap();
        bound.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp()
    };
    let mrr_by_company = |bound: i64| {
        let mut by: HashMap<&str, f64> = HashMap::new();
        for s in subscriptions {
            if matches!(
                s.str_field("status"),
                Some("trialing" | "incomplete" | "incomplete_expired")
            ) || !live_at(s, bound, true)
            {
                continue;
            }
            if let Some(c) = owner(s) {
                *by.entry(c).or_default() += monthly(s);
            }
        }
        by
    };
    let (now, then) = (mrr_by_company(month_end(0)), mrr_by_company(month_end(12)));
    let base: f64 = then.values().sum();
    let kept: f64 = then
        .keys()
        .map(|c| now.get(c).copied().unwrap_or(0.0))
        .sum();
    let capped: f64 = then
        .iter()
        .map(|(c, v)| now.get(c).copied().unwrap_or(0.0).min(*v))
        .sum();
    let (nrr, grr) = (kept / base, capped / base);
    let got_nrr = number(&client, "SELECT nrr FROM metrics.nrr").await;
    let got_grr = number(&client, "SELECT grr FROM metrics.nrr").await;
    assert!(
        (got_nrr - nrr).abs() < 0.02,
        "nrr: aos {got_nrr}, ground truth {nrr}"
    );
    assert!(
        (got_grr - grr).abs() < 0.02,
        "grr: aos {got_grr}, ground truth {grr}"
    );
}

/// With `SET aos.freshness = 'live'`, a filter on a canonical column reaches each source's request.
#[tokio::test]
async fn ontology_filters_reach_the_sources() {
    let aos = Aos::demo();
    let client = aos.connect().await;
    // The demo serves the canonical tables from copies; read live, a filter reaches each source.
    let copied = format!(
        "{:?}",
        text_rows(
            &client,
            "EXPLAIN SELECT * FROM ontology.opportunity WHERE close_date >= DATE '2025-01-01'"
        )
        .await
    );
    assert!(
        copied.contains("AcceleratedScan: ontology.opportunity: copy v1")
            && copied.contains("salesforce.opportunity")
            && copied.contains("asking (whole): ")
            && copied.contains("FROM Opportunity"),
        "{copied}"
    );
    client
        .batch_execute("SET aos.freshness = 'live'")
        .await
        .unwrap();
    let plan = |sql: &'static str| {
        let client = &client;
        async move { format!("{:?}", text_rows(client, &format!("EXPLAIN {sql}")).await) }
    };
    let soql =
        plan("SELECT * FROM ontology.opportunity WHERE close_date >= DATE '2025-01-01'").await;
    assert!(soql.contains("CloseDate >= 2025-01-01"), "{soql}");
    let stripe = plan("SELECT * FROM ontology.revenue WHERE source = 'stripe' AND issued_at >= TIMESTAMP '2026-01-01 00:00:00'").await;
    assert!(stripe.contains("created[gte]=1767225600"), "{stripe}");
    let suiteql = plan("SELECT * FROM ontology.cost WHERE source = 'netsuite' AND incurred_on >= DATE '2026-01-01'").await;
    assert!(
        suiteql.contains("trandate >= TO_DATE('2026-01-01'"),
        "{suiteql}"
    );
    let sqlite = plan("SELECT * FROM ontology.ticket WHERE priority = 'urgent'").await;
    assert!(
        sqlite.contains("base_sql=") && sqlite.contains("'urgent'"),
        "{sqlite}"
    );
}

#[tokio::test]
async fn resolve_command_clusters_a_csv() {
    let dir = aos_tests::tempdir();
    let input = dir.path().join("records.csv");
    std::fs::write(
        &input,
        "id,name,email,website,country\n\
         1,Northwind Analytics,,northwindanalytics.com,US\n\
         2,NORTHWIND ANALYTICS INC,ap@northwindanalytics.com,,US\n\
         3,The Northwind Analytics,maya@gmail.com,,US\n\
         4,Apex Labs GmbH,,,DE\n\
         5,apex labs,,,DE\n\
         6,Zenith Studios,,,FR\n",
    )
    .unwrap();
    let out = dir.path().join("clusters.csv");
    let status = Command::new(aos_tests::aos_binary())
        .args(["resolve", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let clusters: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let mut parts = l.split(',');
            (
                parts.next().unwrap().to_string(),
                parts.next().unwrap().to_string(),
            )
        })
        .collect();
    let of = |id: &str| clusters.iter().find(|(i, _)| i == id).unwrap().1.clone();
    assert_eq!(of("2"), of("1"));
    assert_eq!(of("3"), of("1"));
    assert_eq!(of("5"), of("4"));
    assert_ne!(of("4"), of("1"));
    assert_eq!(of("6"), "6");

    // A bad file: one line naming the problem, non-zero exit.
    std::fs::write(&input, "id,label\n1,x\n").unwrap();
    let output = Command::new(aos_tests::aos_binary())
        .args(["resolve", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown column \"label\""), "{stderr}");
}

/// `aos query` over the fixture lake with an ontology folder holding `files`; its exit status and stderr.
async fn query_with_ontology(files: &[(&str, &str)]) -> (bool, String) {
    let output = ontology_query(files, "SELECT count(*) FROM ontology.cost").await;
    (output.ok, output.stderr)
}

/// `sql` over the fixture lake with the ontology folder `files`.
async fn ontology_query(files: &[(&str, &str)], sql: &str) -> aos_tests::QueryOutput {
    let dir = aos_tests::tempdir();
    aos_tests::write_fixture_lake(&dir.path().join("lake")).await;
    std::fs::create_dir(dir.path().join("ontology")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("ontology").join(name), text).unwrap();
    }
    let config = dir.path().join("aos.toml");
    std::fs::write(
        &config,
        "[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n\n[ontology]\ndir = \"ontology\"\n",
    )
    .unwrap();
    aos_tests::aos_query(&config, &[sql], &[])
}

#[tokio::test]
async fn listed_values_are_canonical_and_others_reported() {
    let cost = "[[from]]\nsource = \"lake\"\ntable = \"people\"\n[from.columns]\n\
                cost_id = \"CAST(person_id AS VARCHAR)\"\n\
                category = \"CASE WHEN person_id % 3 = 0 THEN 'SaaS' WHEN person_id % 3 = 1 THEN ' software ' ELSE 'Travel' END\"\n";
    let values = "[category]\ncolumns = [\"cost.category\"]\nvalues = { \"Software\" = [\"SaaS\", \"subscriptions\"] }\n";
    let output = ontology_query(
        &[("cost.toml", cost), ("values.toml", values)],
        "SELECT category, count(*) FROM ontology.cost GROUP BY 1 ORDER BY 1",
    )
    .await;
    assert!(output.ok, "{}", output.stderr);
    assert!(
        output.stdout.contains("Software") && output.stdout.contains("667"),
        "{}",
        output.stdout
    );
    assert!(output.stdout.contains("Travel"), "{}", output.stdout);
    let output = ontology_query(
        &[("cost.toml", cost), ("values.toml", values)],
        "SELECT table_name, column_name, value, \"rows\" FROM ontology.unlisted_values",
    )
    .await;
    assert!(output.ok, "{}", output.stderr);
    assert!(
        output.stdout.contains("Travel") && output.stdout.contains("333"),
        "{}",
        output.stdout
    );
    // A list of a column that is not a text column a source fills.
    let output = ontology_query(
        &[
            ("cost.toml", cost),
            (
                "values.toml",
                "[money]\ncolumns = [\"cost.amount\"]\nvalues = { x = [] }\n",
            ),
        ],
        "SELECT 1",
    )
    .await;
    assert!(
        !output.ok
            && output.stderr.contains("values.toml")
            && output.stderr.contains("cost.amount"),
        "{}",
        output.stderr
    );
}

#[tokio::test]
async fn mapping_mistakes_stop_startup_naming_file_table_and_column() {
    let mapping = |column: &str| {
        format!(
            "[[from]]\nsource = \"lake\"\ntable = \"people\"\n[from.columns]\ncost_id = \"CAST(person_id AS VARCHAR)\"\n{column}\n"
        )
    };
    // A valid mapping works.
    let (ok, stderr) = query_with_ontology(&[("cost.toml", &mapping("vendor = \"name\""))]).await;
    assert!(ok, "{stderr}");
    for (column, wanted) in [
        ("vendor = \"no_such_column\"", "column vendor"),
        ("vendor = \"name +\"", "column vendor"),
        ("incurred_on = \"active\"", "column incurred_on"),
        ("colour = \"name\"", "column colour"),
    ] {
        let (ok, stderr) = query_with_ontology(&[("cost.toml", &mapping(column))]).await;
        assert!(!ok, "{column} was accepted");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("cost.toml")
                && stderr.contains("table cost")
                && stderr.contains(wanted),
            "{column}: {stderr}"
        );
    }
    // A file that names no canonical table.
    let (ok, stderr) = query_with_ontology(&[("costs.toml", "")]).await;
    assert!(!ok && stderr.contains("costs.toml"), "{stderr}");
    // A mirror of a system that has no block in the file.
    let (ok, stderr) = query_with_ontology(&[(
        "cost.toml",
        "[[from]]\nsource = \"lake\"\ntable = \"people\"\nmirror = { of = \"netsuite\", id = \"name\" }\n\
         [from.columns]\ncost_id = \"CAST(person_id AS VARCHAR)\"\nvendor = \"name\"\n",
    )])
    .await;
    assert!(
        !ok && stderr.contains("cost.toml") && stderr.contains("\"netsuite\""),
        "{stderr}"
    );
    // A health query that does not read its days from `{as_of}`.
    let (ok, stderr) = query_with_ontology(&[(
        "health.toml",
        "sql = \"SELECT 'a' AS account_id, 1.0 AS score, 'green' AS band, '' AS drivers, current_date AS as_of\"\n",
    )])
    .await;
    assert!(
        !ok && stderr.contains("health.toml") && stderr.contains("{as_of}"),
        "{stderr}"
    );
}

#[tokio::test]
async fn overrides_force_merges_and_splits() {
    let dir = aos_tests::tempdir();
    std::fs::create_dir_all(dir.path().join("crm")).unwrap();
    std::fs::create_dir_all(dir.path().join("billing")).unwrap();
    std::fs::write(
        dir.path().join("crm/companies.csv"),
        "id,name,website,country\nc1,Northwind Analytics,northwindanalytics.com,US\nc2,Apex Labs,apexlabs.de,DE\nc3,Zenith Studios,,FR\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("billing/customers.csv"),
        "id,name,email,country\nb1,NORTHWIND ANALYTICS INC,ap@northwindanalytics.com,US\nb2,Apex Laboratories GmbH,,DE\nb3,Zenith Studios SA,,FR\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("ontology")).unwrap();
    std::fs::write(
        dir.path().join("ontology/account.toml"),
        "[[from]]\nsource = \"crm\"\ntable = \"companies\"\n[from.columns]\nsource_id = \"id\"\nname = \"name\"\nwebsite = \"website\"\ncountry = \"country\"\n\n\
         [[from]]\nsource = \"billing\"\ntable = \"customers\"\n[from.columns]\nsource_id = \"id\"\nname = \"name\"\nemail = \"email\"\ncountry = \"country\"\n",
    )
    .unwrap();
    let config = "[[source]]\nname = \"crm\"\nkind = \"files\"\nurl = \"crm\"\n\n\
                  [[source]]\nname = \"billing\"\nkind = \"files\"\nurl = \"billing\"\n\n\
                  [ontology]\ndir = \"ontology\"\nrefresh_interval = \"0s\"\n";
    let accounts = |dir: &std::path::Path| {
        let output = aos_tests::aos_query(
            &dir.join("aos.toml"),
            &[
                "--format",
                "csv",
                "SELECT source || ':' || source_id, account_id, match_rule FROM ontology.account_source ORDER BY 1",
            ],
            &[],
        );
        assert!(output.ok, "{}", output.stderr);
        let text = output.stdout;
        text.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
            })
            .collect::<HashMap<String, (String, String)>>()
    };
    std::fs::write(dir.path().join("aos.toml"), config).unwrap();
    let before = accounts(dir.path());
    // The matcher: Northwind by domain and name, Zenith by name; "Apex Laboratories" is not "Apex Labs"
    // by name alone (Laboratories becomes Labs: it is).
    assert_eq!(before["crm:c1"].0, before["billing:b1"].0);
    assert_eq!(before["crm:c3"].0, before["billing:b3"].0);
    // The account id is the hash of the CRM record (the first block), stable across runs.
    assert_eq!(accounts(dir.path())["crm:c1"].0, before["crm:c1"].0);

    std::fs::write(
        dir.path().join("ontology/overrides.toml"),
        "[[split]]\nrecords = [\"billing:b3\"]\n\n[[merge]]\nrecords = [\"crm:c2\", \"crm:c3\"]\n",
    )
    .unwrap();
    let after = accounts(dir.path());
    assert_ne!(after["crm:c3"].0, after["billing:b3"].0, "split");
    assert_eq!(after["billing:b3"].1, "override_split");
    assert_eq!(after["crm:c2"].0, after["crm:c3"].0, "merge");
    assert_eq!(after["crm:c2"].1, "override_merge");
    assert_eq!(
        after["crm:c1"].0, before["crm:c1"].0,
        "untouched accounts keep their id"
    );
}

#[tokio::test]
async fn accounts_are_resolved_again_on_refresh() {
    let dir = aos_tests::tempdir();
    let crm = dir.path().join("crm");
    std::fs::create_dir_all(&crm).unwrap();
    std::fs::write(
        crm.join("companies.csv"),
        "id,name\nc1,Northwind Analytics\nc2,Apex Labs\n",
    )
    .unwrap();
    let ontology = dir.path().join("ontology");
    std::fs::create_dir(&ontology).unwrap();
    std::fs::write(
        ontology.join("account.toml"),
        "[[from]]\nsource = \"crm\"\ntable = \"companies\"\n[from.columns]\nsource_id = \"id\"\nname = \"name\"\n",
    )
    .unwrap();
    let config = format!(
        "[[source]]\nname = \"crm\"\nkind = \"files\"\nurl = \"{}\"\n\n[ontology]\ndir = \"{}\"\nrefresh_interval = \"1s\"\n",
        crm.display(),
        ontology.display()
    );
    let aos = Aos::serve(&config, &[]);
    let client = aos.connect().await;
    let count = "SELECT count(*) FROM ontology.account";
    assert_eq!(one(&client, count).await, "2");
    let northwind = one(
        &client,
        "SELECT account_id FROM ontology.account_source WHERE source_id = 'c1'",
    )
    .await;

    // A new company, and a second record of an existing one, appear after the next refresh.
    std::fs::write(
        crm.join("companies.csv"),
        "id,name\nc1,Northwind Analytics\nc2,Apex Labs\nc3,Zenith Studios\nc4,NORTHWIND ANALYTICS INC\n",
    )
    .unwrap();
    let mut accounts = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        accounts = one(&client, count).await;
        if accounts == "3" {
            break;
        }
    }
    assert_eq!(accounts, "3");
    assert_eq!(
        one(
            &client,
            "SELECT count(DISTINCT account_id) FROM ontology.account_source WHERE source_id IN ('c1', 'c4')"
        )
        .await,
        "1"
    );
    assert_eq!(
        one(
            &client,
            "SELECT account_id FROM ontology.account_source WHERE source_id = 'c4'"
        )
        .await,
        northwind,
        "the account keeps its id across refreshes"
    );
}

/// An instant of a sandbox record (a day is its midnight, UTC; text as the warehouse writes it).
fn instant(v: &aos_sandbox::Value) -> Option<chrono::NaiveDateTime> {
    match v {
        aos_sandbox::Value::DateTime(t) => Some(t.naive_utc()),
        aos_sandbox::Value::Date(d) => d.and_hms_opt(0, 0, 0),
        aos_sandbox::Value::Text(t) => chrono::NaiveDateTime::parse_from_str(
            t.get(..19)?,
            if t.contains('T') {
                "%Y-%m-%dT%H:%M:%S"
            } else {
                "%Y-%m-%d %H:%M:%S"
            },
        )
        .ok()
        .or_else(|| {
            t.get(..10)?
                .parse::<chrono::NaiveDate>()
                .ok()?
                .and_hms_opt(0, 0, 0)
        }),
        _ => None,
    }
}

/// A Stripe timestamp (seconds since the epoch) as an instant.
fn stripe_instant(v: &serde_json::Value) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp(v.as_i64()?, 0).map(|t| t.naive_utc())
}

/// `health.toml`'s score of every company with a live subscription on the latest usage day, computed
/// from the generated company's own records: (company, score, MRR counted by `metrics.mrr`'s rule
/// being left aside).
fn health_from_the_records(company: &Company) -> HashMap<String, f64> {
    use chrono::TimeDelta;
    let company_of: HashMap<(&str, &str), &str> = company
        .truth
        .iter()
        .map(|t| ((t.api, t.id.as_str()), t.company.as_str()))
        .collect();
    let usage = company.warehouse.table("usage_daily").unwrap();
    let today = usage
        .rows
        .iter()
        .filter_map(|r| instant(column(usage, r, "day")))
        .max()
        .unwrap();
    let day = |days: i64| today - TimeDelta::days(days);
    let of_workspace = |r: &[aos_sandbox::Value], table: &aos_sandbox::Table| {
        column(table, r, "workspace_id")
            .as_text()
            .and_then(|w| company_of.get(&("warehouse", w)).copied())
    };
    let of_customer = |c: &serde_json::Value| {
        c.as_str()
            .and_then(|c| company_of.get(&("stripe", c)).copied())
    };

    // Customers: a subscription started and not cancelled on the day.
    let mut customers: HashSet<&str> = HashSet::new();
    let mut cancelled: HashMap<&str, u32> = HashMap::new();
    for s in company.stripe.list("subscription") {
        let Some(owner) = of_customer(&s.body["customer"]) else {
            continue;
        };
        let started = stripe_instant(&s.body["start_date"]);
        let ended = stripe_instant(&s.body["canceled_at"]);
        if started.is_some_and(|t| t <= today) && ended.is_none_or(|t| t > today) {
            customers.insert(owner);
        }
        if ended.is_some_and(|t| t <= today && t > day(90)) {
            *cancelled.entry(owner).or_default() += 1;
        }
    }
    // Active users in the last 7 and 30 days and the 30 before; API calls in the last 30 and the 30 before.
    let mut users: HashMap<&str, [f64; 5]> = HashMap::new();
    for r in &usage.rows {
        let (Some(owner), Some(at)) = (of_workspace(r, usage), instant(column(usage, r, "day")))
        else {
            continue;
        };
        if at > today || at <= day(60) {
            continue;
        }
        let active = column(usage, r, "active_users").as_f64().unwrap_or(0.0);
        let calls = column(usage, r, "api_calls").as_f64().unwrap_or(0.0);
        let sums = users.entry(owner).or_default();
        if at > day(7) {
            sums[0] += active;
        }
        if at > day(30) {
            sums[1] += active;
            sums[3] += calls;
        } else {
            sums[2] += active;
            sums[4] += calls;
        }
    }
    // Tickets opened in the last 90 days: urgent or high, breaching their SLA, others.
    let tickets = company.warehouse.table("support_ticket").unwrap();
    let mut support: HashMap<&str, [u32; 3]> = HashMap::new();
    for r in &tickets.rows {
        let (Some(owner), Some(opened)) = (
            of_workspace(r, tickets),
            instant(column(tickets, r, "opened_at")),
        ) else {
            continue;
        };
        if opened > today || opened <= day(90) {
            continue;
        }
        let counts = support.entry(owner).or_default();
        let priority = column(tickets, r, "priority").as_text().unwrap_or_default();
        if matches!(priority, "urgent" | "high") {
            counts[0] += 1;
        } else {
            counts[2] += 1;
        }
        let sla = column(tickets, r, "sla_hours").as_f64().unwrap_or(0.0);
        let breached = instant(column(tickets, r, "first_response_at"))
            .is_none_or(|answered| (answered - opened).num_seconds() as f64 > sla * 3600.0);
        counts[1] += u32::from(breached);
    }
    // Invoices overdue on the day, failed payments in the last 90 days.
    let mut overdue: HashMap<&str, u32> = HashMap::new();
    for i in company.stripe.list("invoice") {
        let Some(owner) = of_customer(&i.body["customer"]) else {
            continue;
        };
        let status = i.str_field("status").unwrap_or_default();
        let issued = stripe_instant(&i.body["created"]);
        let due = stripe_instant(&i.body["due_date"]);
        let paid = stripe_instant(&i.body["status_transitions"]["paid_at"]);
        if !matches!(status, "void" | "draft")
            && issued.is_some_and(|t| t <= today)
            && due.is_some_and(|t| t < today)
            && paid.is_none_or(|t| t > today)
        {
            *overdue.entry(owner).or_default() += 1;
        }
    }
    let mut failed: HashMap<&str, u32> = HashMap::new();
    for c in company.stripe.list("charge") {
        let Some(owner) = of_customer(&c.body["customer"]) else {
            continue;
        };
        let at = stripe_instant(&c.body["created"]);
        if c.str_field("status") == Some("failed") && at.is_some_and(|t| t <= today && t > day(90))
        {
            *failed.entry(owner).or_default() += 1;
        }
    }

    let fall = |recent: f64, prior: f64| {
        if prior > 0.0 {
            (1.0 - recent / prior).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    customers
        .iter()
        .map(|&c| {
            let u = users.get(c).copied().unwrap_or_default();
            let usage_penalty = (40.0 * fall(u[0] * 30.0 / 7.0, u[2])
                + 20.0 * fall(u[1], u[2])
                + 10.0 * fall(u[3], u[4]))
            .round();
            let s = support.get(c).copied().unwrap_or_default();
            let support_penalty = 3 * s[0].min(5) + 3 * s[1].min(5) + s[2].min(10);
            let n = |m: &HashMap<&str, u32>| m.get(c).copied().unwrap_or(0);
            let billing_penalty =
                5 * n(&overdue).min(3) + 5 * n(&failed).min(3) + 10 * n(&cancelled).min(2);
            (
                c.to_string(),
                100.0 - usage_penalty - f64::from(support_penalty + billing_penalty),
            )
        })
        .collect()
}

#[tokio::test]
async fn accounts_and_deals_at_risk_agree_with_the_sandbox_records() {
    let aos = Aos::demo();
    let client = aos.connect().await;
    let company = company();
    let company_of: HashMap<(&str, &str), &str> = company
        .truth
        .iter()
        .map(|t| ((t.api, t.id.as_str()), t.company.as_str()))
        .collect();
    // Each account stands for the company most of its records belong to.
    let mut votes: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for r in text_rows(
        &client,
        "SELECT account_id, source, source_id FROM ontology.account_source",
    )
    .await
    {
        let (account, source, id) = (
            r[0].clone().unwrap_or_default(),
            r[1].clone().unwrap_or_default(),
            r[2].clone().unwrap_or_default(),
        );
        if let Some(c) = company_of.get(&(source.as_str(), id.as_str())) {
            *votes
                .entry(account)
                .or_default()
                .entry(c.to_string())
                .or_default() += 1;
        }
    }
    let company_of_account = |account: &str| -> String {
        votes[account]
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse((*c).clone())))
            .map(|(c, _)| c.clone())
            .unwrap()
    };

    let expected = health_from_the_records(&company);
    let health = text_rows(
        &client,
        "SELECT account_id, score, band FROM ontology.health",
    )
    .await;
    let mut mismatched = Vec::new();
    for r in &health {
        let c = company_of_account(r[0].as_deref().unwrap());
        let score: f64 = r[1].as_deref().unwrap().parse().unwrap();
        if expected.get(&c) != Some(&score) {
            let want = expected.get(&c).copied();
            mismatched.push((c, score, want));
        }
    }
    // Entity resolution is not perfect (recall 0.98 on the sandbox): a company split over two accounts
    // may lose some of its signals. Nearly every score must match.
    assert!(
        mismatched.len() * 50 <= health.len(),
        "{} of {} health scores differ from the records': {mismatched:?}",
        mismatched.len(),
        health.len()
    );
    assert_eq!(health.len(), expected.len(), "one health row per customer");

    // At risk: the red band, below 60.
    let at_risk = text_rows(
        &client,
        "SELECT account_id, score, reason, mrr_at_risk FROM metrics.at_risk_accounts",
    )
    .await;
    let got: HashSet<String> = at_risk
        .iter()
        .map(|r| company_of_account(r[0].as_deref().unwrap()))
        .collect();
    let want: HashSet<String> = expected
        .iter()
        .filter(|(_, s)| **s < 60.0)
        .map(|(c, _)| c.clone())
        .collect();
    assert!(want.len() >= 10, "{} companies at risk", want.len());
    let agree = got.intersection(&want).count();
    assert!(
        agree * 20 >= want.len() * 19 && agree * 20 >= got.len() * 19,
        "at risk: aos {got:?}, records {want:?}"
    );
    for r in &at_risk {
        assert!(
            r[2].as_deref().is_some_and(|reason| !reason.is_empty()),
            "{r:?} has no reason"
        );
        assert!(
            r[3].as_deref().unwrap_or("0").parse::<f64>().unwrap() >= 0.0,
            "{r:?}"
        );
    }

    // Deals at risk: open opportunities of those companies, past their close date, or unchanged for 30
    // days, on the latest usage day.
    let usage = company.warehouse.table("usage_daily").unwrap();
    let today = usage
        .rows
        .iter()
        .filter_map(|r| instant(column(usage, r, "day")))
        .max()
        .unwrap();
    let opportunities = company.salesforce.table("Opportunity").unwrap();
    let flag = |r: &[aos_sandbox::Value], name: &str| {
        matches!(
            column(opportunities, r, name),
            aos_sandbox::Value::Bool(true)
        )
    };
    let want: HashSet<String> = opportunities
        .rows
        .iter()
        .filter(|r| !flag(r, "IsDeleted") && !flag(r, "IsClosed"))
        .filter(|r| {
            let owner = column(opportunities, r, "AccountId")
                .as_text()
                .and_then(|a| company_of.get(&("salesforce", a)));
            let at_risk = owner.is_some_and(|c| want.contains(*c));
            let slipped = instant(column(opportunities, r, "CloseDate")).is_some_and(|d| d < today);
            let stalled = instant(column(opportunities, r, "LastModifiedDate"))
                .is_some_and(|d| d < today - chrono::TimeDelta::days(30));
            at_risk || slipped || stalled
        })
        .filter_map(|r| column(opportunities, r, "Id").as_text().map(String::from))
        .collect();
    let got: HashSet<String> = text_rows(
        &client,
        "SELECT opportunity_id, reason FROM metrics.deals_at_risk",
    )
    .await
    .iter()
    .map(|r| {
        assert!(r[1].as_deref().is_some_and(|x| !x.is_empty()), "{r:?}");
        r[0].as_deref()
            .unwrap()
            .trim_start_matches("salesforce:")
            .to_string()
    })
    .collect();
    assert!(want.len() >= 5, "{} deals at risk", want.len());
    let agree = got.intersection(&want).count();
    assert!(
        agree * 20 >= want.len() * 19 && agree * 20 >= got.len() * 19,
        "deals at risk: aos {got:?}, records {want:?}"
    );
}
