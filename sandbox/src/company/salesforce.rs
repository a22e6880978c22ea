//! Salesforce: User (owners), Account, Contact and Opportunity.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;

use super::names::{self, Style};
use super::{CompanyConfig, PLANS, RealCompany, TruthRecord, person};
use crate::data::{Database, Field, FieldType as T, Table, Value};

/// A won opportunity, which finance mirrors as a sales order.
#[derive(Debug, Clone)]
pub(crate) struct WonDeal {
    /// Index into the companies.
    pub(crate) company: usize,
    /// Close date.
    pub(crate) close: NaiveDate,
    /// Amount in USD.
    pub(crate) amount: f64,
    /// Opportunity name.
    pub(crate) name: String,
}

/// The generated org.
pub(crate) struct Org {
    pub(crate) database: Database,
    pub(crate) won: Vec<WonDeal>,
}

const OPEN_STAGES: &[(&str, f64)] = &[
    ("Prospecting", 10.0),
    ("Qualification", 20.0),
    ("Needs Analysis", 40.0),
    ("Proposal/Price Quote", 60.0),
    ("Negotiation/Review", 80.0),
];

const TITLES: &[&str] = &[
    "CFO",
    "VP Finance",
    "Controller",
    "CTO",
    "VP Engineering",
    "Head of Data",
    "COO",
    "IT Manager",
    "Procurement Lead",
    "Director of Operations",
];

const LEAD_SOURCES: &[&str] = &[
    "Web",
    "Partner Referral",
    "Trade Show",
    "Outbound",
    "Webinar",
];

/// A Salesforce id: 15 characters (key prefix, pod, counter) plus the 3-character case checksum.
pub(crate) fn sf_id(prefix: &str, n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut counter = [b'0'; 9];
    let mut v = n;
    for slot in counter.iter_mut().rev() {
        *slot = DIGITS[(v % 62) as usize];
        v /= 62;
    }
    let mut id = format!("{prefix}5g0{}", String::from_utf8_lossy(&counter));
    let bytes: Vec<u8> = id.bytes().collect();
    const CHECK: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    for chunk in bytes.chunks(5) {
        let bits = chunk
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_ascii_uppercase())
            .fold(0usize, |acc, (i, _)| acc | (1 << i));
        id.push(CHECK[bits] as char);
    }
    id
}

fn at(day: NaiveDate, rng: &mut ChaCha8Rng) -> DateTime<Utc> {
    let secs = rng.random_range(8 * 3600..19 * 3600);
    day.and_hms_opt(0, 0, 0)
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.and_utc())
        + chrono::Duration::seconds(secs)
}

fn audit_fields() -> Vec<Field> {
    vec![
        Field::new("CreatedDate", T::DateTime).required(),
        Field::new("LastModifiedDate", T::DateTime).required(),
        Field::new("SystemModstamp", T::DateTime).required(),
    ]
}

pub(crate) fn generate(
    rng: &mut ChaCha8Rng,
    config: &CompanyConfig,
    companies: &[RealCompany],
    truth: &mut Vec<TruthRecord>,
) -> Org {
    let as_of = config.as_of;
    // A mass update (a data-quality job) stamps many records with one SystemModstamp.
    let mass_update = at(as_of - Days::new(20), rng);

    let mut users = Table::new(
        "User",
        [
            vec![
                Field::new("Id", T::Id),
                Field::new("Username", T::String).required(),
                Field::new("Name", T::String).required(),
                Field::new("FirstName", T::String),
                Field::new("LastName", T::String).required(),
                Field::new("Email", T::Email).required(),
                Field::new("Title", T::String),
                Field::new("IsActive", T::Boolean),
            ],
            audit_fields(),
        ]
        .concat(),
    )
    .with_display("Name");
    let mut owners = Vec::new();
    for i in 0..14u64 {
        let (first, last) = person(rng);
        let id = sf_id("005", i + 1);
        let created = at(as_of - Days::new(rng.random_range(700..1100)), rng);
        let mailbox = names::mailbox(first, last);
        users.push(vec![
            id.clone().into(),
            format!("{mailbox}{i}@aos-demo.example").into(),
            format!("{first} {last}").into(),
            first.into(),
            last.into(),
            format!("{mailbox}@aos-demo.example").into(),
            (if i == 0 {
                "Sales Operations"
            } else {
                "Account Executive"
            })
            .into(),
            Value::Bool(i < 12),
            created.into(),
            created.into(),
            created.into(),
        ]);
        if i > 0 {
            owners.push(id);
        }
    }

    let mut accounts = Table::new(
        "Account",
        [
            vec![
                Field::new("Id", T::Id),
                Field::new("IsDeleted", T::Boolean),
                Field::new("Name", T::String).required(),
                Field::new("Type", T::Picklist),
                Field::new("Industry", T::Picklist),
                Field::new("BillingCountry", T::String),
                Field::new("Website", T::Url),
                Field::new("Phone", T::Phone),
                Field::new("NumberOfEmployees", T::Int),
                Field::new("AnnualRevenue", T::Currency),
                Field::reference("OwnerId", "User").required(),
                Field::new("Region__c", T::Picklist),
            ],
            audit_fields(),
        ]
        .concat(),
    )
    .with_display("Name");
    let mut contacts = Table::new(
        "Contact",
        [
            vec![
                Field::new("Id", T::Id),
                Field::new("IsDeleted", T::Boolean),
                Field::reference("AccountId", "Account"),
                Field::new("FirstName", T::String),
                Field::new("LastName", T::String).required(),
                Field::new("Name", T::String).required(),
                Field::new("Email", T::Email),
                Field::new("Title", T::String),
                Field::reference("OwnerId", "User").required(),
            ],
            audit_fields(),
        ]
        .concat(),
    )
    .with_display("Name");
    let mut opportunities = Table::new(
        "Opportunity",
        [
            vec![
                Field::new("Id", T::Id),
                Field::new("IsDeleted", T::Boolean),
                Field::reference("AccountId", "Account"),
                Field::new("Name", T::String).required(),
                Field::new("StageName", T::Picklist).required(),
                Field::new("Amount", T::Currency),
                Field::new("Probability", T::Percent),
                Field::new("CloseDate", T::Date).required(),
                Field::new("Type", T::Picklist),
                Field::new("LeadSource", T::Picklist),
                Field::new("IsClosed", T::Boolean),
                Field::new("IsWon", T::Boolean),
                Field::reference("OwnerId", "User").required(),
            ],
            audit_fields(),
        ]
        .concat(),
    )
    .with_display("Name");

    let mut won = Vec::new();
    let (mut n_account, mut n_contact, mut n_opp) = (0u64, 0u64, 0u64);
    for (index, company) in companies.iter().enumerate() {
        if !company.in_salesforce {
            continue;
        }
        n_account += 1;
        let id = sf_id("001", n_account);
        let owner = owners.choose(rng).cloned().unwrap_or_default();
        let name = names::variant(rng, &company.name, company.suffix, Style::Crm);
        let created = at(company.since, rng);
        let modified = if rng.random_bool(0.3) {
            mass_update
        } else {
            at(
                company.since
                    + Days::new(
                        rng.random_range(0..=(as_of - company.since).num_days().max(0) as u64),
                    ),
                rng,
            )
        };
        let region = match company.country {
            "US" | "CA" | "BR" => "AMER",
            "JP" | "AU" | "IN" => "APAC",
            _ => "EMEA",
        };
        let kind = if company.subscription.is_some() {
            "Customer - Direct"
        } else {
            "Prospect"
        };
        accounts.push(vec![
            id.clone().into(),
            Value::Bool(false),
            name.clone().into(),
            kind.into(),
            rng.random_bool(0.93).then_some(company.industry).into(),
            rng.random_bool(0.95)
                .then_some(country_name(company.country))
                .into(),
            rng.random_bool(0.9)
                .then(|| format!("https://www.{}", company.domain))
                .into(),
            rng.random_bool(0.7)
                .then(|| {
                    format!(
                        "+1 555 {:03} {:04}",
                        rng.random_range(100..999),
                        rng.random_range(0..9999)
                    )
                })
                .into(),
            rng.random_bool(0.85).then_some(company.employees).into(),
            rng.random_bool(0.6)
                .then(|| {
                    (company.employees as f64 * rng.random_range(80_000.0..250_000.0) / 1000.0)
                        .round()
                        * 1000.0
                })
                .into(),
            owner.clone().into(),
            region.into(),
            created.into(),
            modified.into(),
            modified.into(),
        ]);
        truth.push(TruthRecord {
            api: "salesforce",
            object: "Account",
            id: id.clone(),
            company: company.id.clone(),
        });

        for _ in 0..rng.random_range(1..=4) {
            n_contact += 1;
            let (first, last) = person(rng);
            let created = at(company.since + Days::new(rng.random_range(0..30)), rng);
            let deleted = rng.random_bool(0.03);
            contacts.push(vec![
                sf_id("003", n_contact).into(),
                Value::Bool(deleted),
                id.clone().into(),
                first.into(),
                last.into(),
                format!("{first} {last}").into(),
                rng.random_bool(0.9)
                    .then(|| format!("{}@{}", names::mailbox(first, last), company.domain))
                    .into(),
                TITLES.choose(rng).copied().into(),
                owner.clone().into(),
                created.into(),
                created.into(),
                created.into(),
            ]);
        }

        let mut opp = |name: String,
                       stage: &str,
                       prob: f64,
                       amount: f64,
                       close: NaiveDate,
                       kind: &str,
                       rng: &mut ChaCha8Rng| {
            n_opp += 1;
            let created = at(close - Days::new(rng.random_range(14..120)), rng);
            let closed = stage.starts_with("Closed");
            let modified = if closed { at(close, rng) } else { created };
            opportunities.push(vec![
                sf_id("006", n_opp).into(),
                Value::Bool(false),
                id.clone().into(),
                name.into(),
                stage.into(),
                Value::Float(amount),
                Value::Float(prob),
                close.into(),
                kind.into(),
                LEAD_SOURCES.choose(rng).copied().into(),
                Value::Bool(closed),
                Value::Bool(stage == "Closed Won"),
                owner.clone().into(),
                created.into(),
                modified.into(),
                modified.into(),
            ]);
        };

        if let Some(sub) = &company.subscription {
            let monthly = PLANS.get(sub.plan).map_or(0, |p| p.1) as f64 / 100.0;
            let plan = PLANS.get(sub.plan).map_or("Plan", |p| p.0);
            let close = sub.start - Days::new(rng.random_range(2..30));
            let amount = 12.0 * monthly * sub.quantity as f64;
            let opp_name = format!("{name} - {plan} - New");
            won.push(WonDeal {
                company: index,
                close,
                amount,
                name: opp_name.clone(),
            });
            opp(
                opp_name,
                "Closed Won",
                100.0,
                amount,
                close,
                "New Business",
                rng,
            );
            if let Some((day, seats)) = sub.expansion {
                let close = day - Days::new(rng.random_range(1..10));
                let amount = 12.0 * monthly * (seats - sub.quantity) as f64;
                let opp_name = format!("{name} - {plan} - Expansion");
                won.push(WonDeal {
                    company: index,
                    close,
                    amount,
                    name: opp_name.clone(),
                });
                opp(
                    opp_name,
                    "Closed Won",
                    100.0,
                    amount,
                    close,
                    "Existing Business",
                    rng,
                );
            }
            if let Some(day) = sub.canceled {
                let amount = 12.0 * monthly * sub.seats_now() as f64;
                opp(
                    format!("{name} - Renewal"),
                    "Closed Lost",
                    0.0,
                    amount,
                    day,
                    "Existing Business",
                    rng,
                );
            }
        }
        for _ in 0..rng.random_range(0..=2) {
            let amount = (rng.random_range(5_000.0..150_000.0f64) / 100.0).round() * 100.0;
            let created_ago = rng.random_range(0..700u64);
            let close = as_of - Days::new(created_ago) + Days::new(rng.random_range(20..150));
            if close <= as_of {
                opp(
                    format!("{name} - New Business"),
                    "Closed Lost",
                    0.0,
                    amount,
                    close,
                    "New Business",
                    rng,
                );
            } else {
                let &(stage, prob) = OPEN_STAGES.choose(rng).unwrap_or(&("Prospecting", 10.0));
                opp(
                    format!("{name} - New Business"),
                    stage,
                    prob,
                    amount,
                    close,
                    "New Business",
                    rng,
                );
            }
        }
    }

    add_custom_fields(&mut accounts, config.account_custom_fields, as_of);
    let mut database = Database::default();
    database.add(users);
    database.add(accounts);
    database.add(contacts);
    database.add(opportunities);
    Org { database, won }
}

/// Appends `count` custom fields to `table` (text, number, checkbox, date in turn), each row's value a
/// function of its position so that the random stream, and so every other record, stays the same.
fn add_custom_fields(table: &mut Table, count: usize, as_of: NaiveDate) {
    for k in 1..=count {
        let ty = [T::String, T::Double, T::Boolean, T::Date][k % 4];
        let name = format!("Legacy_Integration_Attribute_{k:03}__c");
        table.fields.push(Field::new(&name, ty));
        for (r, row) in table.rows.iter_mut().enumerate() {
            let value = if ty != T::Boolean && (r + k) % 11 == 0 {
                Value::Null
            } else {
                match ty {
                    T::String => Value::Text(format!("attr {k} of row {r}")),
                    T::Double => Value::Float(((r * 31 + k * 7) % 1000) as f64 / 4.0),
                    T::Boolean => Value::Bool((r + k) % 3 == 0),
                    _ => Value::Date(as_of - Days::new(((r * 7 + k) % 365) as u64)),
                }
            };
            row.push(value);
        }
    }
}

/// Salesforce stores billing countries as names.
fn country_name(code: &str) -> &'static str {
    match code {
        "US" => "United States",
        "GB" => "United Kingdom",
        "DE" => "Germany",
        "FR" => "France",
        "NL" => "Netherlands",
        "CA" => "Canada",
        "JP" => "Japan",
        "AU" => "Australia",
        "ES" => "Spain",
        "BR" => "Brazil",
        "IN" => "India",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::sf_id;

    #[test]
    fn ids_have_eighteen_characters_and_a_case_checksum() {
        let id = sf_id("001", 1);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("0015g0000000001"));
        // No uppercase letters in the first 15 characters: every checksum character is 'A'.
        assert!(id.ends_with("AAA"));
        let id = sf_id("001", 62 * 10 + 36);
        assert_eq!(&id[..15], "0015g00000000Aa");
        assert_eq!(&id[15..], "AAI");
    }
}
