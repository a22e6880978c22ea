//! Stripe: products, prices, customers, subscriptions, invoices and charges, in minor units.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{Value as Json, json};

use super::names::{self, FREE_MAIL, Style};
use super::{
    CURRENCIES, CompanyConfig, PLANS, RealCompany, TruthRecord, base62, person, unit_amount, unix,
};
use crate::stripe::store::{StripeObject, StripeStore};

/// An invoice as finance sees it, for NetSuite to mirror.
#[derive(Debug, Clone)]
pub(crate) struct InvoiceFact {
    pub(crate) company: usize,
    pub(crate) id: String,
    pub(crate) day: NaiveDate,
    pub(crate) due: NaiveDate,
    pub(crate) amount: i64,
    pub(crate) currency: &'static str,
    pub(crate) status: &'static str,
    pub(crate) plan: usize,
    pub(crate) seats: i64,
    pub(crate) annual: bool,
}

/// The generated Stripe account.
pub(crate) struct Billing {
    pub(crate) store: StripeStore,
    pub(crate) invoices: Vec<InvoiceFact>,
    /// The main customer id of each company that has one.
    pub(crate) customer_of: Vec<Option<String>>,
}

fn object(id: String, created: i64, body: Json) -> StripeObject {
    let body = match body {
        Json::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    StripeObject::new(id, created, body)
}

pub(crate) fn generate(
    rng: &mut ChaCha8Rng,
    config: &CompanyConfig,
    companies: &[RealCompany],
    truth: &mut Vec<TruthRecord>,
) -> Billing {
    let as_of = config.as_of;
    let mut store = StripeStore::default();
    let catalog_created = unix(as_of - Days::new(1000), 9 * 3600);

    // Products and their prices: one per plan x interval x currency.
    let mut prices: Vec<(usize, bool, &str, Json)> = Vec::new();
    for (p, (plan, _)) in PLANS.iter().enumerate() {
        let product_id = format!("prod_{}", base62(rng, 14));
        let mut default_price = Json::Null;
        for annual in [false, true] {
            for &(currency, _, _) in CURRENCIES {
                let id = format!("price_{}", base62(rng, 24));
                let amount = unit_amount(p, currency, annual);
                let interval = if annual { "year" } else { "month" };
                let body = json!({
                    "id": id, "object": "price", "active": true, "billing_scheme": "per_unit",
                    "created": catalog_created, "currency": currency, "livemode": false,
                    "lookup_key": format!("{}_{interval}_{currency}", plan.to_lowercase()),
                    "metadata": {}, "nickname": format!("{plan} {interval}ly ({})", currency.to_uppercase()),
                    "product": product_id,
                    "recurring": {"interval": interval, "interval_count": 1, "usage_type": "licensed"},
                    "tax_behavior": "unspecified", "type": "recurring",
                    "unit_amount": amount, "unit_amount_decimal": amount.to_string(),
                });
                if !annual && currency == "usd" {
                    default_price = json!(id);
                }
                store.push("price", object(id, catalog_created, body.clone()));
                prices.push((p, annual, currency, body));
            }
        }
        let body = json!({
            "id": product_id, "object": "product", "active": true, "created": catalog_created,
            "default_price": default_price, "description": format!("AutonomOS {plan} plan, per seat"),
            "livemode": false, "metadata": {}, "name": format!("AutonomOS {plan}"), "type": "service",
            "updated": catalog_created, "url": Json::Null,
        });
        store.push("product", object(product_id, catalog_created, body));
    }
    let price_of = |plan: usize, annual: bool, currency: &str| {
        prices
            .iter()
            .find(|(p, a, c, _)| *p == plan && *a == annual && *c == currency)
            .map(|x| x.3.clone())
            .unwrap_or(Json::Null)
    };

    let mut invoices = Vec::new();
    let mut customer_of = vec![None; companies.len()];
    for (index, company) in companies.iter().enumerate() {
        let Some(sub) = &company.subscription else {
            // A few sign up and never pay.
            if rng.random_bool(0.05) {
                let created = unix(company.since, rng.random_range(0..86_400));
                let id = customer(rng, &mut store, company, created, truth);
                customer_of[index] = Some(id);
            }
            continue;
        };
        let anchor = rng.random_range(0..24) * 3600;
        let created = unix(sub.start, anchor) - 300;
        let customer_id = customer(rng, &mut store, company, created, truth);
        customer_of[index] = Some(customer_id.clone());
        if rng.random_bool(0.03) {
            // A second billing contact created a second customer for the same company.
            let later = created + rng.random_range(86_400..30 * 86_400);
            customer(rng, &mut store, company, later, truth);
        }

        let currency = company.currency;
        let price = price_of(sub.plan, sub.annual, currency);
        let unit = price.get("unit_amount").and_then(Json::as_i64).unwrap_or(0);
        let sub_id = format!("sub_{}", base62(rng, 24));
        let collection = if sub.invoiced {
            "send_invoice"
        } else {
            "charge_automatically"
        };
        let prefix = base62(rng, 8).to_uppercase();
        let mut periods = sub.periods(as_of);
        if sub.status == "trialing" {
            periods.truncate(1);
        }
        let mut latest_invoice = Json::Null;
        let last = periods.len().saturating_sub(1);
        let mut number = 0;
        for (i, &(from, to, seats)) in periods.iter().enumerate() {
            let trial = sub.status == "trialing";
            let amount = if trial { 0 } else { unit * seats };
            let mut status = "paid";
            if i == last && sub.status == "past_due" {
                status = "open";
            } else if i == last && sub.canceled.is_some() && rng.random_bool(0.3) {
                status = "uncollectible";
            } else if sub.invoiced && from + Days::new(30) > as_of {
                status = "open";
            }
            let created_at = unix(from, anchor);
            let spec = |status: &'static str, created: i64, number: usize| InvoiceSpec {
                company: index,
                customer: &customer_id,
                subscription: &sub_id,
                currency,
                price: &price,
                seats,
                amount,
                from,
                to,
                created,
                status,
                collection,
                number: format!("{prefix}-{number:04}"),
                reason: if i == 0 {
                    "subscription_create"
                } else {
                    "subscription_cycle"
                },
                plan: sub.plan,
                annual: sub.annual,
            };
            let mut reissue_delay = 0;
            if status == "paid" && !trial && rng.random_bool(0.02) {
                // Issued wrong, voided, and issued again an hour later.
                number += 1;
                invoice(
                    rng,
                    &mut store,
                    &mut invoices,
                    spec("void", created_at, number),
                );
                reissue_delay = 3600;
            }
            number += 1;
            let id = invoice(
                rng,
                &mut store,
                &mut invoices,
                spec(status, created_at + reissue_delay, number),
            );
            latest_invoice = json!(id);
        }

        let (period_start, period_end) = periods
            .last()
            .map_or((sub.start, sub.start), |p| (p.0, p.1));
        let seats = sub.seats_now();
        let trial_end = (sub.status == "trialing").then(|| unix(sub.start + Days::new(14), anchor));
        let item = json!({
            "id": format!("si_{}", base62(rng, 14)), "object": "subscription_item",
            "created": unix(sub.start, anchor), "metadata": {}, "price": price, "quantity": seats,
            "subscription": sub_id,
        });
        let body = json!({
            "id": sub_id, "object": "subscription",
            "billing_cycle_anchor": unix(sub.start, anchor),
            "cancel_at": Json::Null, "cancel_at_period_end": false,
            "canceled_at": sub.canceled.map(|d| unix(d, anchor)),
            "collection_method": collection, "created": unix(sub.start, anchor), "currency": currency,
            "current_period_end": unix(period_end, anchor), "current_period_start": unix(period_start, anchor),
            "customer": customer_id,
            "days_until_due": if sub.invoiced { json!(30) } else { Json::Null },
            "ended_at": sub.canceled.map(|d| unix(d, anchor)),
            "items": {"object": "list", "data": [item], "has_more": false, "total_count": 1,
                      "url": format!("/v1/subscription_items?subscription={sub_id}")},
            "latest_invoice": latest_invoice, "livemode": false, "metadata": {}, "quantity": seats,
            "start_date": unix(sub.start, anchor), "status": sub.status,
            "trial_end": trial_end, "trial_start": trial_end.map(|_| unix(sub.start, anchor)),
        });
        store.push(
            "subscription",
            object(sub_id, unix(sub.start, anchor), body),
        );
    }
    store.finish();
    Billing {
        store,
        invoices,
        customer_of,
    }
}

fn customer(
    rng: &mut ChaCha8Rng,
    store: &mut StripeStore,
    company: &RealCompany,
    created: i64,
    truth: &mut Vec<TruthRecord>,
) -> String {
    let id = format!("cus_{}", base62(rng, 14));
    let (first, last) = person(rng);
    let email = match rng.random_range(0..100) {
        0..70 => format!("billing@{}", company.domain),
        70..85 => format!("{}@{}", names::mailbox(first, last), company.domain),
        _ => format!(
            "{}{}@{}",
            names::mailbox(first, last),
            rng.random_range(1..99),
            FREE_MAIL[rng.random_range(0..FREE_MAIL.len())]
        ),
    };
    let name = names::variant(rng, &company.name, company.suffix, Style::Billing);
    let body = json!({
        "id": id, "object": "customer", "address": {"country": company.country},
        "balance": 0, "created": created, "currency": company.currency,
        "delinquent": company.subscription.as_ref().is_some_and(|s| s.status == "past_due"),
        "description": Json::Null, "email": email, "invoice_prefix": base62(rng, 8).to_uppercase(),
        "livemode": false, "metadata": {}, "name": name, "phone": Json::Null,
        "preferred_locales": [], "tax_exempt": "none",
    });
    store.push("customer", object(id.clone(), created, body));
    truth.push(TruthRecord {
        api: "stripe",
        object: "customer",
        id: id.clone(),
        company: company.id.clone(),
    });
    id
}

struct InvoiceSpec<'a> {
    company: usize,
    customer: &'a str,
    subscription: &'a str,
    currency: &'static str,
    price: &'a Json,
    seats: i64,
    amount: i64,
    from: NaiveDate,
    to: NaiveDate,
    created: i64,
    status: &'static str,
    collection: &'static str,
    number: String,
    reason: &'static str,
    plan: usize,
    annual: bool,
}

fn invoice(
    rng: &mut ChaCha8Rng,
    store: &mut StripeStore,
    facts: &mut Vec<InvoiceFact>,
    spec: InvoiceSpec<'_>,
) -> String {
    let id = format!("in_{}", base62(rng, 24));
    let paid = spec.status == "paid";
    let due = spec.from
        + Days::new(if spec.collection == "send_invoice" {
            30
        } else {
            0
        });
    let paid_at = paid.then(|| {
        if spec.collection == "send_invoice" {
            spec.created + rng.random_range(3..28) * 86_400
        } else {
            spec.created + 3600
        }
    });
    let mut charge_id = Json::Null;
    let charge_failed = spec.status == "open" && spec.collection == "charge_automatically";
    if spec.amount > 0 && (paid || charge_failed) {
        let cid = format!("ch_{}", base62(rng, 24));
        let created = paid_at.unwrap_or(spec.created + 3600);
        let refunded = paid && rng.random_bool(0.01);
        let body = json!({
            "id": cid, "object": "charge", "amount": spec.amount,
            "amount_captured": if paid { spec.amount } else { 0 },
            "amount_refunded": if refunded { spec.amount } else { 0 },
            "captured": paid, "created": created, "currency": spec.currency, "customer": spec.customer,
            "description": "Subscription update", "failure_code": if paid { Json::Null } else { json!("card_declined") },
            "failure_message": if paid { Json::Null } else { json!("Your card was declined.") },
            "invoice": id, "livemode": false, "metadata": {}, "paid": paid, "refunded": refunded,
            "status": if paid { "succeeded" } else { "failed" },
        });
        store.push("charge", object(cid.clone(), created, body));
        charge_id = json!(cid);
    }
    let line = json!({
        "id": format!("il_{}", base62(rng, 24)), "object": "line_item", "amount": spec.amount,
        "currency": spec.currency, "description": format!("{} seat(s)", spec.seats),
        "period": {"start": unix(spec.from, spec.created.rem_euclid(86_400)), "end": unix(spec.to, spec.created.rem_euclid(86_400))},
        "price": spec.price, "quantity": spec.seats, "subscription": spec.subscription, "type": "subscription",
    });
    let remaining = if paid || spec.status == "void" {
        0
    } else {
        spec.amount
    };
    let body = json!({
        "id": id, "object": "invoice", "amount_due": spec.amount,
        "amount_paid": if paid { spec.amount } else { 0 }, "amount_remaining": remaining,
        "billing_reason": spec.reason, "charge": charge_id, "collection_method": spec.collection,
        "created": spec.created, "currency": spec.currency, "customer": spec.customer,
        "due_date": if spec.collection == "send_invoice" { json!(unix(due, 0)) } else { Json::Null },
        "lines": {"object": "list", "data": [line], "has_more": false, "total_count": 1,
                  "url": format!("/v1/invoices/{id}/lines")},
        "livemode": false, "metadata": {}, "number": spec.number, "paid": paid,
        "period_end": unix(spec.to, spec.created.rem_euclid(86_400)),
        "period_start": unix(spec.from, spec.created.rem_euclid(86_400)),
        "status": spec.status,
        "status_transitions": {"finalized_at": spec.created, "paid_at": paid_at,
                               "voided_at": if spec.status == "void" { json!(spec.created + 1800) } else { Json::Null },
                               "marked_uncollectible_at": if spec.status == "uncollectible" { json!(spec.created + 30 * 86_400) } else { Json::Null }},
        "subscription": spec.subscription, "subtotal": spec.amount, "total": spec.amount,
    });
    store.push("invoice", object(id.clone(), spec.created, body));
    facts.push(InvoiceFact {
        company: spec.company,
        id: id.clone(),
        day: spec.from,
        due,
        amount: spec.amount,
        currency: spec.currency,
        status: spec.status,
        plan: spec.plan,
        seats: spec.seats,
        annual: spec.annual,
    });
    id
}
