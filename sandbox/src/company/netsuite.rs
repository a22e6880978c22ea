//! NetSuite: customers, vendors, items, and transactions (invoices, vendor bills, sales orders) with lines.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::names::{self, Style};
use super::salesforce::WonDeal;
use super::stripe::Billing;
use super::{
    CURRENCIES, CompanyConfig, PLANS, RealCompany, TruthRecord, month_start, to_major, unit_amount,
};
use crate::data::{Database, Field, FieldType as T, Table, Value};

const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Marketing",
    "Customer Success",
    "G&A",
];

/// Vendors: (name, category, monthly USD, approved by IT, months of history, department).
const VENDORS: &[(&str, &str, f64, bool, u32, usize)] = &[
    (
        "Amazon Web Services",
        "Cloud Infrastructure",
        42_000.0,
        true,
        24,
        0,
    ),
    ("Google Cloud", "Cloud Infrastructure", 9_000.0, true, 24, 0),
    (
        "Microsoft Azure",
        "Cloud Infrastructure",
        3_500.0,
        true,
        14,
        0,
    ),
    ("Cloudflare", "Cloud Infrastructure", 1_200.0, true, 24, 0),
    ("Datadog", "Software", 6_500.0, true, 24, 0),
    ("Snowflake", "Software", 12_000.0, true, 20, 0),
    ("Slack Technologies", "Software", 2_800.0, true, 24, 4),
    ("Zoom Video Communications", "Software", 900.0, true, 24, 4),
    ("Atlassian", "Software", 2_100.0, true, 24, 0),
    ("GitHub", "Software", 1_900.0, true, 24, 0),
    ("Okta", "Software", 1_500.0, true, 24, 4),
    ("HubSpot", "Software", 3_200.0, true, 24, 2),
    ("Salesforce", "Software", 7_800.0, true, 24, 1),
    ("DocuSign", "Software", 600.0, true, 24, 1),
    ("Notion Labs", "Software", 450.0, true, 18, 4),
    ("Figma", "Software", 750.0, true, 22, 0),
    ("1Password", "Software", 300.0, true, 24, 4),
    ("Loom", "Software", 180.0, false, 8, 1),
    ("Miro", "Software", 240.0, false, 6, 2),
    ("Canva", "Software", 120.0, false, 9, 2),
    ("Grammarly", "Software", 90.0, false, 5, 3),
    ("Calendly", "Software", 80.0, false, 7, 1),
    ("Airtable", "Software", 220.0, false, 4, 3),
    ("OpenAI", "Software", 600.0, false, 6, 0),
    ("WeWork", "Facilities", 14_000.0, true, 24, 4),
    ("Deloitte", "Professional Services", 8_000.0, true, 24, 4),
    ("Staples", "Office Supplies", 400.0, true, 24, 4),
];

/// Expense items, by vendor category.
const EXPENSE_ITEMS: &[(&str, &str)] = &[
    ("Cloud Infrastructure", "Cloud Services"),
    ("Software", "Software Subscription"),
    ("Facilities", "Facilities"),
    ("Professional Services", "Professional Services"),
    ("Office Supplies", "Office Supplies"),
];

struct Ids {
    transaction: i64,
    line: i64,
}

struct Tables {
    transactions: Table,
    lines: Table,
}

struct Line {
    item: i64,
    quantity: f64,
    rate: f64,
    amount: f64,
    department: Option<i64>,
}

struct Tran<'a> {
    kind: &'static str,
    prefix: &'static str,
    day: NaiveDate,
    entity: i64,
    status: &'static str,
    currency: i64,
    rate: f64,
    due: Option<NaiveDate>,
    memo: String,
    external: Option<&'a str>,
    lines: Vec<Line>,
}

fn stamp(day: NaiveDate, rng: &mut ChaCha8Rng) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.and_utc())
        + chrono::Duration::seconds(rng.random_range(7 * 3600..20 * 3600))
}

fn add(rng: &mut ChaCha8Rng, ids: &mut Ids, tables: &mut Tables, tran: Tran<'_>) {
    ids.transaction += 1;
    let id = ids.transaction;
    let total: f64 = tran.lines.iter().map(|l| l.amount).sum();
    let created = stamp(tran.day, rng);
    tables.transactions.push(vec![
        Value::Int(id),
        format!("{}{}", tran.prefix, id).into(),
        tran.kind.into(),
        tran.day.into(),
        Value::Int(tran.entity),
        tran.status.into(),
        Value::Float((total * 100.0).round() / 100.0),
        Value::Int(tran.currency),
        Value::Float(tran.rate),
        tran.due.into(),
        tran.memo.into(),
        tran.external.map(str::to_owned).into(),
        created.into(),
        created.into(),
    ]);
    ids.line += 1;
    tables.lines.push(vec![
        Value::Int(ids.line),
        Value::Int(id),
        Value::Int(0),
        Value::Bool(true),
        Value::Null,
        Value::Null,
        Value::Null,
        Value::Float((total * 100.0).round() / 100.0),
        Value::Null,
        Value::Null,
    ]);
    for (n, line) in tran.lines.into_iter().enumerate() {
        ids.line += 1;
        tables.lines.push(vec![
            Value::Int(ids.line),
            Value::Int(id),
            Value::Int(n as i64 + 1),
            Value::Bool(false),
            Value::Int(line.item),
            Value::Float(line.quantity),
            Value::Float(line.rate),
            Value::Float((line.amount * 100.0).round() / 100.0),
            line.department.map(Value::Int).unwrap_or(Value::Null),
            Value::Null,
        ]);
    }
}

pub(crate) fn generate(
    rng: &mut ChaCha8Rng,
    config: &CompanyConfig,
    companies: &[RealCompany],
    billing: &Billing,
    won: &[WonDeal],
    truth: &mut Vec<TruthRecord>,
) -> Database {
    let as_of = config.as_of;
    let mut db = Database::default();

    let mut currency = Table::new(
        "currency",
        vec![
            Field::new("id", T::Id),
            Field::new("name", T::String),
            Field::new("symbol", T::String),
            Field::new("exchangerate", T::Double),
        ],
    )
    .with_display("name");
    let currency_names = ["US Dollar", "Euro", "British Pound", "Japanese Yen"];
    for (i, &(code, per_usd, _)) in CURRENCIES.iter().enumerate() {
        currency.push(vec![
            Value::Int(i as i64 + 1),
            currency_names.get(i).copied().unwrap_or(code).into(),
            code.to_uppercase().into(),
            Value::Float((1.0 / per_usd * 10_000.0).round() / 10_000.0),
        ]);
    }
    let currency_id = |code: &str| {
        CURRENCIES
            .iter()
            .position(|c| c.0 == code)
            .map_or(1, |i| i as i64 + 1)
    };

    let mut department = Table::new(
        "department",
        vec![Field::new("id", T::Id), Field::new("name", T::String)],
    )
    .with_display("name");
    for (i, name) in DEPARTMENTS.iter().enumerate() {
        department.push(vec![Value::Int(i as i64 + 1), (*name).into()]);
    }

    let mut item = Table::new(
        "item",
        vec![
            Field::new("id", T::Id),
            Field::new("itemid", T::String),
            Field::new("displayname", T::String),
            Field::new("itemtype", T::Picklist),
            Field::new("baseprice", T::Currency),
            Field::new("isinactive", T::Boolean),
        ],
    )
    .with_display("itemid");
    let mut next_item = 100;
    let mut plan_items = Vec::new();
    for (p, (plan, _)) in PLANS.iter().enumerate() {
        for annual in [false, true] {
            next_item += 1;
            let suffix = if annual { "Y" } else { "M" };
            item.push(vec![
                Value::Int(next_item),
                format!("AOS-{}-{suffix}", plan.to_uppercase()).into(),
                format!(
                    "AutonomOS {plan} ({})",
                    if annual { "annual" } else { "monthly" }
                )
                .into(),
                "Service".into(),
                Value::Float(unit_amount(p, "usd", annual) as f64 / 100.0),
                Value::Bool(false),
            ]);
            plan_items.push((p, annual, next_item));
        }
    }
    let mut expense_items = Vec::new();
    for (category, name) in EXPENSE_ITEMS {
        next_item += 1;
        item.push(vec![
            Value::Int(next_item),
            (*name).into(),
            (*name).into(),
            "NonInvtPart".into(),
            Value::Null,
            Value::Bool(false),
        ]);
        expense_items.push((*category, next_item));
    }

    let mut entity = Table::new(
        "entity",
        vec![
            Field::new("id", T::Id),
            Field::new("entityid", T::String),
            Field::new("altname", T::String),
            Field::new("type", T::Picklist),
        ],
    )
    .with_display("altname");
    let mut customer = Table::new(
        "customer",
        vec![
            Field::new("id", T::Id),
            Field::new("entityid", T::String),
            Field::new("companyname", T::String),
            Field::new("email", T::Email),
            Field::new("url", T::Url),
            Field::new("phone", T::Phone),
            Field::new("subsidiary", T::Int),
            Field::reference("currency", "currency"),
            Field::new("terms", T::Picklist),
            Field::new("datecreated", T::DateTime),
            Field::new("lastmodifieddate", T::DateTime),
            Field::new("isinactive", T::Boolean),
        ],
    )
    .with_display("companyname");
    let mut customer_of = vec![None; companies.len()];
    let mut next_customer = 1000;
    for (index, company) in companies.iter().enumerate() {
        if !company.in_netsuite {
            continue;
        }
        next_customer += 1;
        let name = names::variant(rng, &company.name, company.suffix, Style::Finance);
        let start = company
            .subscription
            .as_ref()
            .map_or(company.since, |s| s.start);
        let created = stamp(start, rng);
        let modified = stamp(
            start + Days::new(rng.random_range(0..=(as_of - start).num_days().max(0) as u64)),
            rng,
        );
        let entityid = format!("CUS{next_customer}");
        let inactive = company
            .subscription
            .as_ref()
            .is_some_and(|s| s.canceled.is_some())
            && rng.random_bool(0.5);
        customer.push(vec![
            Value::Int(next_customer),
            entityid.clone().into(),
            name.clone().into(),
            rng.random_bool(0.85)
                .then(|| format!("ap@{}", company.domain))
                .into(),
            rng.random_bool(0.6)
                .then(|| format!("www.{}", company.domain))
                .into(),
            Value::Null,
            Value::Int(1),
            Value::Int(currency_id(company.currency)),
            (if company.subscription.as_ref().is_some_and(|s| s.invoiced) {
                "Net 30"
            } else {
                "Due on receipt"
            })
            .into(),
            created.into(),
            modified.into(),
            Value::Bool(inactive),
        ]);
        entity.push(vec![
            Value::Int(next_customer),
            entityid.into(),
            name.into(),
            "CustJob".into(),
        ]);
        customer_of[index] = Some(next_customer);
        truth.push(TruthRecord {
            api: "netsuite",
            object: "customer",
            id: next_customer.to_string(),
            company: company.id.clone(),
        });
    }

    let mut vendor = Table::new(
        "vendor",
        vec![
            Field::new("id", T::Id),
            Field::new("entityid", T::String),
            Field::new("companyname", T::String),
            Field::new("email", T::Email),
            Field::new("category", T::Picklist),
            Field::reference("currency", "currency"),
            Field::new("datecreated", T::DateTime),
            Field::new("lastmodifieddate", T::DateTime),
            Field::new("isinactive", T::Boolean),
        ],
    )
    .with_display("companyname");
    let mut vendor_ids = Vec::new();
    for (i, (name, category, _, _, months, _)) in VENDORS.iter().enumerate() {
        let id = 5001 + i as i64;
        let since = as_of
            .checked_sub_months(Months::new(*months))
            .unwrap_or(as_of);
        let created = stamp(since, rng);
        let entityid = format!("VEN{id}");
        vendor.push(vec![
            Value::Int(id),
            entityid.clone().into(),
            (*name).into(),
            format!("billing@{}.com", names::domain_stem(name)).into(),
            (*category).into(),
            Value::Int(1),
            created.into(),
            created.into(),
            Value::Bool(false),
        ]);
        entity.push(vec![
            Value::Int(id),
            entityid.into(),
            (*name).into(),
            "Vendor".into(),
        ]);
        vendor_ids.push(id);
    }

    let mut tables = Tables {
        transactions: Table::new(
            "transaction",
            vec![
                Field::new("id", T::Id),
                Field::new("tranid", T::String),
                Field::new("type", T::Picklist),
                Field::new("trandate", T::Date),
                Field::reference("entity", "entity"),
                Field::new("status", T::Picklist),
                Field::new("foreigntotal", T::Currency),
                Field::reference("currency", "currency"),
                Field::new("exchangerate", T::Double),
                Field::new("duedate", T::Date),
                Field::new("memo", T::String),
                Field::new("externalid", T::String),
                Field::new("createddate", T::DateTime),
                Field::new("lastmodifieddate", T::DateTime),
            ],
        )
        .with_display("tranid"),
        lines: Table::new(
            "transactionline",
            vec![
                Field::new("id", T::Id),
                Field::reference("transaction", "transaction"),
                Field::new("linesequencenumber", T::Int),
                Field::new("mainline", T::Boolean),
                Field::reference("item", "item"),
                Field::new("quantity", T::Double),
                Field::new("rate", T::Currency),
                Field::new("netamount", T::Currency),
                Field::reference("department", "department"),
                Field::new("memo", T::String),
            ],
        ),
    };
    let mut ids = Ids {
        transaction: 10_000,
        line: 0,
    };

    // Sales orders for won deals, in the org currency (USD).
    for deal in won {
        let Some(entity_id) = customer_of.get(deal.company).copied().flatten() else {
            continue;
        };
        let Some(sub) = companies
            .get(deal.company)
            .and_then(|c| c.subscription.as_ref())
        else {
            continue;
        };
        let item = plan_items
            .iter()
            .find(|(p, a, _)| *p == sub.plan && *a == sub.annual)
            .map_or(101, |x| x.2);
        add(
            rng,
            &mut ids,
            &mut tables,
            Tran {
                kind: "SalesOrd",
                prefix: "SO",
                day: deal.close,
                entity: entity_id,
                status: "G",
                currency: 1,
                rate: 1.0,
                due: None,
                memo: deal.name.clone(),
                external: None,
                lines: vec![Line {
                    item,
                    quantity: 1.0,
                    rate: deal.amount,
                    amount: deal.amount,
                    department: Some(2),
                }],
            },
        );
    }

    // Customer invoices mirror Stripe's, for the customers finance knows (voided ones are not mirrored).
    for fact in &billing.invoices {
        let Some(entity_id) = customer_of.get(fact.company).copied().flatten() else {
            continue;
        };
        if fact.status == "void" || fact.amount == 0 || fact.day > as_of {
            continue;
        }
        let item = plan_items
            .iter()
            .find(|(p, a, _)| *p == fact.plan && *a == fact.annual)
            .map_or(101, |x| x.2);
        let total = to_major(fact.amount, fact.currency);
        let rate = to_major(fact.amount / fact.seats.max(1), fact.currency);
        let external = rng.random_bool(0.85).then_some(fact.id.as_str());
        add(
            rng,
            &mut ids,
            &mut tables,
            Tran {
                kind: "CustInvc",
                prefix: "INV",
                day: fact.day,
                entity: entity_id,
                status: if fact.status == "paid" { "B" } else { "A" },
                currency: currency_id(fact.currency),
                rate: (1.0 / super::usd_rate(fact.currency) * 10_000.0).round() / 10_000.0,
                due: Some(
                    fact.due
                        .max(fact.day + Days::new(if fact.due > fact.day { 0 } else { 15 })),
                ),
                memo: String::new(),
                external,
                lines: vec![Line {
                    item,
                    quantity: fact.seats as f64,
                    rate,
                    amount: total,
                    department: None,
                }],
            },
        );
    }

    // Vendor bills: monthly SaaS, cloud and office spend; unapproved apps come in as expensed card spend.
    for (i, (name, category, monthly, approved, months, dept)) in VENDORS.iter().enumerate() {
        let item = expense_items
            .iter()
            .find(|(c, _)| c == category)
            .map_or(next_item, |x| x.1);
        for m in (0..*months).rev() {
            let Some(month) = month_start(as_of).checked_sub_months(Months::new(m)) else {
                continue;
            };
            let day = month + Days::new(rng.random_range(0..5));
            if day > as_of {
                continue;
            }
            let growth = 1.0 + 0.02 * (*months - m) as f64;
            let amount = (monthly * growth * rng.random_range(0.9..1.1) * 100.0).round() / 100.0;
            let memo = if *approved {
                format!("{name} - {}", month.format("%B %Y"))
            } else {
                format!("Expensed on corporate card: {name}")
            };
            add(
                rng,
                &mut ids,
                &mut tables,
                Tran {
                    kind: "VendBill",
                    prefix: "BILL",
                    day,
                    entity: vendor_ids.get(i).copied().unwrap_or(5001),
                    status: if day + Days::new(30) < as_of {
                        "B"
                    } else {
                        "A"
                    },
                    currency: 1,
                    rate: 1.0,
                    due: Some(day + Days::new(30)),
                    memo,
                    external: None,
                    lines: vec![Line {
                        item,
                        quantity: 1.0,
                        rate: amount,
                        amount,
                        department: Some(*dept as i64 + 1),
                    }],
                },
            );
        }
    }

    db.add(currency);
    db.add(department);
    db.add(item);
    db.add(entity);
    db.add(customer);
    db.add(vendor);
    db.add(tables.transactions);
    db.add(tables.lines);
    db
}
