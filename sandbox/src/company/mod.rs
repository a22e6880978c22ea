//! The synthetic company: real companies behind the records, and what each system holds about them.
//!
//! Generation is deterministic for a seed: every random choice comes from one ChaCha8 stream consumed in a
//! fixed order, and "now" is the fixed `as_of` day, never the clock. First a business history is drawn per
//! company (is it in the CRM, did it buy, which plan, when did it expand or churn); then each system renders
//! its own records from that one history, so the numbers agree the way real ones do.

mod names;
mod netsuite;
mod salesforce;
mod stripe;
mod warehouse;

use chrono::{Datelike, Days, Months, NaiveDate};
use rand::Rng;
use rand::SeedableRng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::data::Database;
use crate::stripe::store::StripeStore;

pub(crate) use names::{FIRST_NAMES, LAST_NAMES};

/// What to generate.
#[derive(Debug, Clone)]
pub struct CompanyConfig {
    /// The random seed: the same seed gives the same company, record for record.
    pub seed: u64,
    /// Number of real companies (accounts).
    pub scale: usize,
    /// The last day of history ("today" in the data).
    pub as_of: NaiveDate,
    /// Extra custom fields on Salesforce `Account` (`Legacy_Integration_Attribute_001__c`, ...), as a
    /// long-lived org accumulates: with a few hundred, a `SELECT` of every field no longer fits in a URL.
    pub account_custom_fields: usize,
}

impl Default for CompanyConfig {
    fn default() -> Self {
        CompanyConfig {
            seed: 42,
            scale: 500,
            as_of: DEFAULT_AS_OF,
            account_custom_fields: 0,
        }
    }
}

/// The fixed "today" of the default data set, so that a seed gives the same data whenever it runs.
pub const DEFAULT_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 10, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The subscription plans: (name, USD monthly price in cents).
pub(crate) const PLANS: &[(&str, i64)] = &[
    ("Starter", 4_900),
    ("Growth", 19_900),
    ("Business", 49_900),
    ("Enterprise", 199_900),
];

/// Billing currencies other than USD: (code, units per USD, zero-decimal).
pub(crate) const CURRENCIES: &[(&str, f64, bool)] = &[
    ("usd", 1.0, false),
    ("eur", 0.92, false),
    ("gbp", 0.79, false),
    ("jpy", 150.0, true),
];

/// A real company: the ground truth behind the records.
#[derive(Debug, Clone)]
pub struct RealCompany {
    /// `co_0001`.
    pub id: String,
    /// Canonical name, without legal suffix.
    pub name: String,
    /// Legal suffix (`Inc`, `GmbH`).
    pub suffix: &'static str,
    /// Web domain.
    pub domain: String,
    /// Industry.
    pub industry: &'static str,
    /// ISO country code.
    pub country: &'static str,
    /// Head count.
    pub employees: i64,
    /// Billing currency (lowercase, as Stripe writes it).
    pub currency: &'static str,
    /// First contact.
    pub since: NaiveDate,
    /// Whether the CRM knows it.
    pub in_salesforce: bool,
    /// Whether finance knows it.
    pub in_netsuite: bool,
    /// Its subscription, if it ever bought.
    pub subscription: Option<Subscription>,
}

/// A company's subscription history.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// Index into [`PLANS`].
    pub plan: usize,
    /// Billed yearly rather than monthly.
    pub annual: bool,
    /// First day.
    pub start: NaiveDate,
    /// Seats at start.
    pub quantity: i64,
    /// An expansion: (day, new seat count).
    pub expansion: Option<(NaiveDate, i64)>,
    /// Day it was canceled, if it churned.
    pub canceled: Option<NaiveDate>,
    /// Stripe status today: active, trialing, past_due or canceled.
    pub status: &'static str,
    /// Invoiced with terms (`send_invoice`) rather than charged to a card.
    pub invoiced: bool,
}

/// One record of the ground truth: this source record stands for that real company.
#[derive(Debug, Clone, Serialize)]
pub struct TruthRecord {
    /// `salesforce`, `stripe`, `netsuite` or `warehouse`.
    pub api: &'static str,
    /// `Account`, `customer`, `workspace`.
    pub object: &'static str,
    /// The record's id in that source.
    pub id: String,
    /// The [`RealCompany::id`].
    pub company: String,
}

/// Everything the sandbox serves.
#[derive(Debug, Clone)]
pub struct Company {
    /// How it was generated.
    pub config: CompanyConfig,
    /// The real companies.
    pub companies: Vec<RealCompany>,
    /// Salesforce objects: User, Account, Contact, Opportunity.
    pub salesforce: Database,
    /// Stripe objects.
    pub stripe: StripeStore,
    /// NetSuite tables: customer, vendor, item, transaction, transactionline, ...
    pub netsuite: Database,
    /// Warehouse tables: workspace, usage_daily, support_ticket, cloud_cost, fx_rate.
    pub warehouse: Database,
    /// Which source record is which real company.
    pub truth: Vec<TruthRecord>,
}

impl Company {
    /// Generates the company for `config`.
    pub fn generate(config: &CompanyConfig) -> Company {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let companies = real_companies(&mut rng, config);
        let mut truth = Vec::new();
        let sf = salesforce::generate(&mut rng, config, &companies, &mut truth);
        let st = stripe::generate(&mut rng, config, &companies, &mut truth);
        let netsuite = netsuite::generate(&mut rng, config, &companies, &st, &sf.won, &mut truth);
        let warehouse = warehouse::generate(&mut rng, config, &companies, &st, &mut truth);
        Company {
            config: config.clone(),
            companies,
            salesforce: sf.database,
            stripe: st.store,
            netsuite,
            warehouse,
            truth,
        }
    }
}

const COUNTRIES: &[(&str, f64)] = &[
    ("US", 0.52),
    ("GB", 0.10),
    ("DE", 0.08),
    ("FR", 0.05),
    ("NL", 0.04),
    ("CA", 0.05),
    ("JP", 0.05),
    ("AU", 0.04),
    ("ES", 0.03),
    ("BR", 0.02),
    ("IN", 0.02),
];

fn real_companies(rng: &mut ChaCha8Rng, config: &CompanyConfig) -> Vec<RealCompany> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(config.scale);
    let as_of = config.as_of;
    while out.len() < config.scale {
        let brand = *names::BRANDS.choose(rng).unwrap_or(&"Acme");
        let &(trade, industry) = names::TRADES
            .choose(rng)
            .unwrap_or(&("Systems", "Technology"));
        let name = if seen.len() < names::BRANDS.len() * names::TRADES.len() / 3 {
            format!("{brand} {trade}")
        } else {
            let q = names::QUALIFIERS.choose(rng).unwrap_or(&"Global");
            format!("{brand} {q} {trade}")
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let country = pick_weighted(rng, COUNTRIES);
        let suffix = *names::legal_suffixes(country).choose(rng).unwrap_or(&"Inc");
        let tld = match country {
            "GB" => "co.uk",
            "DE" => "de",
            "FR" => "fr",
            "NL" => "nl",
            "JP" => "co.jp",
            "AU" => "com.au",
            _ => "com",
        };
        let domain = format!("{}.{tld}", names::domain_stem(&name));
        // Log-uniform head count, 10 to 20,000.
        let employees = (10f64 * 2000f64.powf(rng.random::<f64>())).round() as i64;
        let currency = match country {
            "DE" | "FR" | "NL" | "ES" if rng.random_bool(0.5) => "eur",
            "GB" if rng.random_bool(0.6) => "gbp",
            "JP" if rng.random_bool(0.7) => "jpy",
            _ => "usd",
        };
        let since = as_of - Days::new(rng.random_range(30..900));
        let id = format!("co_{:04}", out.len() + 1);
        let in_salesforce = rng.random_bool(0.92);
        let subscription = (rng.random_bool(if in_salesforce { 0.72 } else { 0.9 }))
            .then(|| subscription(rng, as_of, employees, since));
        let in_netsuite = match &subscription {
            Some(_) => rng.random_bool(0.88),
            None => rng.random_bool(0.06),
        };
        out.push(RealCompany {
            id,
            name,
            suffix,
            domain,
            industry,
            country,
            employees,
            currency,
            since,
            in_salesforce,
            in_netsuite,
            subscription,
        });
    }
    out
}

fn subscription(
    rng: &mut ChaCha8Rng,
    as_of: NaiveDate,
    employees: i64,
    since: NaiveDate,
) -> Subscription {
    let plan = match employees {
        e if e < 50 => rng.random_range(0..2),
        e if e < 500 => rng.random_range(1..3),
        e if e < 3000 => rng.random_range(1..4),
        _ => rng.random_range(2..4),
    };
    let annual = rng.random_bool(0.25);
    let earliest = (as_of - Months::new(24)).max(since);
    let span = (as_of - earliest).num_days().max(10);
    let start = earliest + Days::new(rng.random_range(0..span as u64));
    let quantity = rng.random_range(1..=(employees / 20).clamp(1, 40));
    let age = (as_of - start).num_days();
    let roll: f64 = rng.random();
    let (status, canceled) = if age <= 14 && roll < 0.6 {
        ("trialing", None)
    } else if roll < 0.14 && age > 90 {
        let cancel = start + Days::new(rng.random_range(60..age as u64));
        ("canceled", Some(cancel))
    } else if roll < 0.20 {
        ("past_due", None)
    } else {
        ("active", None)
    };
    let expansion = (status != "trialing" && age > 120 && rng.random_bool(0.25)).then(|| {
        let end = canceled.unwrap_or(as_of);
        let day = start + Days::new(rng.random_range(60..(end - start).num_days().max(61) as u64));
        (
            day.min(end),
            quantity + rng.random_range(1..=quantity.max(2)),
        )
    });
    Subscription {
        plan,
        annual,
        start,
        quantity,
        expansion: expansion.filter(|(d, _)| *d < canceled.unwrap_or(as_of)),
        canceled,
        status,
        invoiced: plan == 3 && rng.random_bool(0.6),
    }
}

impl Subscription {
    /// The billing periods from start to today (or cancellation): (start, end, seats).
    pub(crate) fn periods(&self, as_of: NaiveDate) -> Vec<(NaiveDate, NaiveDate, i64)> {
        let step = if self.annual { 12 } else { 1 };
        let end = self.canceled.unwrap_or(as_of);
        let mut out = Vec::new();
        let mut n = 0u32;
        while let Some(from) = self.start.checked_add_months(Months::new(n * step)) {
            if from > end || (from == end && self.canceled.is_some()) {
                break;
            }
            let to = self
                .start
                .checked_add_months(Months::new((n + 1) * step))
                .unwrap_or(from);
            let seats = match self.expansion {
                Some((day, seats)) if day <= from => seats,
                _ => self.quantity,
            };
            out.push((from, to, seats));
            n += 1;
        }
        out
    }

    /// Seats today.
    pub(crate) fn seats_now(&self) -> i64 {
        self.expansion.map_or(self.quantity, |(_, s)| s)
    }
}

/// Price of `plan` in `currency`, in minor units, per month or per year.
pub(crate) fn unit_amount(plan: usize, currency: &str, annual: bool) -> i64 {
    let usd_cents = PLANS.get(plan).map_or(0, |p| p.1) * if annual { 10 } else { 1 };
    let (_, rate, zero_decimal) = CURRENCIES
        .iter()
        .find(|c| c.0 == currency)
        .copied()
        .unwrap_or(("usd", 1.0, false));
    let major = usd_cents as f64 / 100.0 * rate;
    if zero_decimal {
        // Round to 100 yen, as price lists do.
        ((major / 100.0).round() * 100.0) as i64
    } else {
        // Round to whole units, keep the .00.
        (major.round() * 100.0) as i64
    }
}

/// Minor units to major units for `currency`.
pub(crate) fn to_major(amount: i64, currency: &str) -> f64 {
    if CURRENCIES.iter().any(|c| c.0 == currency && c.2) {
        amount as f64
    } else {
        amount as f64 / 100.0
    }
}

/// Units of `currency` per USD.
pub(crate) fn usd_rate(currency: &str) -> f64 {
    CURRENCIES
        .iter()
        .find(|c| c.0 == currency)
        .map_or(1.0, |c| c.1)
}

fn pick_weighted(rng: &mut ChaCha8Rng, items: &[(&'static str, f64)]) -> &'static str {
    let total: f64 = items.iter().map(|i| i.1).sum();
    let mut x = rng.random::<f64>() * total;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items.last().map_or("US", |i| i.0)
}

/// A random person: (first, last).
pub(crate) fn person(rng: &mut ChaCha8Rng) -> (&'static str, &'static str) {
    (
        FIRST_NAMES.choose(rng).copied().unwrap_or("Alex"),
        LAST_NAMES.choose(rng).copied().unwrap_or("Smith"),
    )
}

/// Midnight UTC of `day` plus `seconds`, as Unix seconds.
pub(crate) fn unix(day: NaiveDate, seconds: i64) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        + seconds
}

/// A base-62 string of `n` random characters, as Stripe ids use.
pub(crate) fn base62(rng: &mut ChaCha8Rng, n: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    (0..n)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The first day of `day`'s month.
pub(crate) fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_company_other_seed_other_company() {
        let config = CompanyConfig {
            scale: 60,
            ..CompanyConfig::default()
        };
        let a = Company::generate(&config);
        let b = Company::generate(&config);
        let c = Company::generate(&CompanyConfig { seed: 7, ..config });
        let names = |c: &Company| {
            c.companies
                .iter()
                .map(|c| c.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
        assert_eq!(a.truth.len(), b.truth.len());
        assert_eq!(
            format!("{:?}", a.stripe.list("invoice").first()),
            format!("{:?}", b.stripe.list("invoice").first())
        );
    }

    #[test]
    fn prices_respect_zero_decimal_currencies() {
        assert_eq!(unit_amount(0, "usd", false), 4_900);
        assert_eq!(unit_amount(0, "usd", true), 49_000);
        assert_eq!(unit_amount(0, "jpy", false), 7_400);
        assert_eq!(to_major(7_400, "jpy"), 7_400.0);
        assert_eq!(to_major(4_900, "usd"), 49.0);
    }

    #[test]
    fn periods_follow_the_plan() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap_or_default();
        let sub = Subscription {
            plan: 1,
            annual: false,
            start,
            quantity: 2,
            expansion: Some((NaiveDate::from_ymd_opt(2025, 3, 15).unwrap_or_default(), 5)),
            canceled: None,
            status: "active",
            invoiced: false,
        };
        let periods = sub.periods(NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default());
        assert_eq!(periods.len(), 5);
        assert_eq!(
            periods[1].0,
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap_or_default()
        );
        assert_eq!(periods[1].2, 2);
        assert_eq!(periods[2].2, 5);
    }
}
