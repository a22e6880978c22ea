//! What each Stripe list resource looks like as a table: its columns (where each comes from in the JSON
//! object, and its type) and the list filters Stripe accepts for it.
//!
//! Amounts are integers in the currency's minor unit; each becomes two columns: `<name>` as
//! `decimal(20, 3)` in major units (converted with the currency's exponent: 0 for JPY, 3 for KWD, else 2)
//! and `<name>_minor` with the integer Stripe sent. Nested objects are JSON text, and the fields people
//! filter and join on are flattened beside them (`address_country`, `price_id`, `paid_at`).

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

/// Precision and scale of money columns: three decimals hold every currency's minor unit.
pub(crate) const MONEY_PRECISION: u8 = 20;
pub(crate) const MONEY_SCALE: i8 = 3;

/// How a column's values are read from the JSON object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Text,
    Int,
    Bool,
    /// Unix seconds -> timestamp (UTC).
    Time,
    /// Minor units -> decimal major units, with the currency found at this path of the object.
    Money(Vec<Step>),
    /// Minor units as sent.
    MoneyMinor,
    /// Any JSON value, as its text.
    Json,
}

/// One step of a path into a JSON object: a key, or an index into an array.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// One column of a resource's table.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(crate) name: String,
    /// Where the value is; a missing first key means Stripe changed the object (an error), a missing or
    /// null step further in means the value is null.
    pub(crate) path: Vec<Step>,
    pub(crate) kind: Kind,
}

/// A filter parameter of a list endpoint that an SQL equality on a column can become.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListFilter {
    pub(crate) column: &'static str,
    pub(crate) param: &'static str,
    /// Stripe's answer equals SQL's (else DataFusion filters again).
    pub(crate) exact: bool,
    /// The values Stripe accepts (anything else would be a 400, and matches no row anyway).
    pub(crate) values: Option<&'static [&'static str]>,
}

/// One list resource: `GET /v1/<path>` and `GET /v1/<path>/<id>`.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    /// Table name: the object name (`invoice`).
    pub(crate) table: String,
    /// URL segment (`invoices`).
    pub(crate) path: String,
    pub(crate) columns: Vec<Column>,
    pub(crate) filters: Vec<ListFilter>,
    /// Timestamp columns Stripe filters by range (`created[gte]=`): `created`, and `due_date` on invoices.
    pub(crate) ranges: Vec<&'static str>,
    /// Stripe leaves canceled subscriptions out of a list unless asked for `status=all`.
    pub(crate) all_statuses_param: bool,
    pub(crate) schema: SchemaRef,
}

/// The tables a source has unless configured otherwise.
pub(crate) const DEFAULT_TABLES: &[&str] = &[
    "customer",
    "product",
    "price",
    "subscription",
    "invoice",
    "charge",
];

const SUBSCRIPTION_STATUSES: &[&str] = &[
    "active",
    "past_due",
    "unpaid",
    "canceled",
    "incomplete",
    "incomplete_expired",
    "trialing",
    "paused",
];
const INVOICE_STATUSES: &[&str] = &["draft", "open", "paid", "uncollectible", "void"];

fn path(dotted: &'static str) -> Vec<Step> {
    dotted
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s.parse() {
            Ok(i) => Step::Index(i),
            Err(_) => Step::Key(s),
        })
        .collect()
}

/// Columns under construction.
#[derive(Default)]
struct Columns(Vec<Column>);

impl Columns {
    fn add(mut self, name: &str, at: &'static str, kind: Kind) -> Self {
        self.0.push(Column {
            name: name.to_owned(),
            path: path(at),
            kind,
        });
        self
    }
    fn text(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.add(n, n, Kind::Text))
    }
    fn int(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.add(n, n, Kind::Int))
    }
    fn bool(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.add(n, n, Kind::Bool))
    }
    fn time(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.add(n, n, Kind::Time))
    }
    fn json(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.add(n, n, Kind::Json))
    }
    /// `<name>` in major units and `<name>_minor`, for an amount at `at` in the currency at `currency`.
    fn money(self, name: &str, at: &'static str, currency: &'static str) -> Self {
        self.add(name, at, Kind::Money(path(currency))).add(
            &format!("{name}_minor"),
            at,
            Kind::MoneyMinor,
        )
    }
    fn amounts(self, names: &[&'static str]) -> Self {
        names.iter().fold(self, |c, n| c.money(n, n, "currency"))
    }
}

fn filter(column: &'static str, exact: bool) -> ListFilter {
    ListFilter {
        column,
        param: column,
        exact,
        values: None,
    }
}

fn status(values: &'static [&'static str]) -> ListFilter {
    ListFilter {
        column: "status",
        param: "status",
        exact: true,
        values: Some(values),
    }
}

/// The resource behind table `table`: one of [`DEFAULT_TABLES`], or any other list resource of the usual
/// shape (`refund` -> `/v1/refunds`) with the columns every Stripe object has and the whole object as JSON.
pub(crate) fn resource(table: &str) -> Resource {
    let common = Columns::default().text(&["id"]);
    let (columns, filters, ranges): (Columns, Vec<ListFilter>, Vec<&'static str>) = match table {
        "customer" => (
            common
                .text(&["name", "email", "description", "phone", "currency"])
                .add("address_country", "address.country", Kind::Text)
                .add("address_postal_code", "address.postal_code", Kind::Text)
                .amounts(&["balance"])
                .bool(&["delinquent", "livemode"])
                .text(&["invoice_prefix", "tax_exempt"])
                .time(&["created"])
                .json(&["address", "metadata"]),
            vec![filter("email", true)],
            vec!["created"],
        ),
        "product" => (
            common
                .text(&["name", "description", "type", "default_price", "url"])
                .bool(&["active", "livemode"])
                .time(&["created", "updated"])
                .json(&["metadata"]),
            vec![filter("active", true)],
            vec!["created"],
        ),
        "price" => (
            common
                .text(&[
                    "product",
                    "nickname",
                    "lookup_key",
                    "currency",
                    "type",
                    "billing_scheme",
                    "tax_behavior",
                ])
                .amounts(&["unit_amount"])
                .add("recurring_interval", "recurring.interval", Kind::Text)
                .add(
                    "recurring_interval_count",
                    "recurring.interval_count",
                    Kind::Int,
                )
                .add("recurring_usage_type", "recurring.usage_type", Kind::Text)
                .bool(&["active", "livemode"])
                .time(&["created"])
                .json(&["recurring", "metadata"]),
            vec![
                filter("active", true),
                filter("product", true),
                filter("type", true),
                // Stripe may match `USD` to `usd`; SQL does not.
                filter("currency", false),
            ],
            vec!["created"],
        ),
        "subscription" => (
            common
                .text(&["customer", "status", "currency", "collection_method"])
                .add("price_id", "items.data.0.price.id", Kind::Text)
                .add("product_id", "items.data.0.price.product", Kind::Text)
                .add(
                    "price_interval",
                    "items.data.0.price.recurring.interval",
                    Kind::Text,
                )
                .add(
                    "price_interval_count",
                    "items.data.0.price.recurring.interval_count",
                    Kind::Int,
                )
                .money(
                    "price_unit_amount",
                    "items.data.0.price.unit_amount",
                    "items.data.0.price.currency",
                )
                .int(&["quantity"])
                .add("item_count", "items.total_count", Kind::Int)
                .text(&["latest_invoice"])
                .bool(&["cancel_at_period_end", "livemode"])
                .int(&["days_until_due"])
                .time(&[
                    "created",
                    "start_date",
                    "billing_cycle_anchor",
                    "current_period_start",
                    "current_period_end",
                    "trial_start",
                    "trial_end",
                    "cancel_at",
                    "canceled_at",
                    "ended_at",
                ])
                .json(&["items", "metadata"]),
            vec![
                filter("customer", true),
                status(SUBSCRIPTION_STATUSES),
                filter("collection_method", true),
                // Stripe matches a subscription with this price on any item; the column is the first item's.
                ListFilter {
                    column: "price_id",
                    param: "price",
                    exact: false,
                    values: None,
                },
            ],
            vec!["created"],
        ),
        "invoice" => (
            common
                .text(&[
                    "customer",
                    "subscription",
                    "status",
                    "number",
                    "currency",
                    "collection_method",
                    "billing_reason",
                    "charge",
                ])
                .amounts(&[
                    "total",
                    "subtotal",
                    "amount_due",
                    "amount_paid",
                    "amount_remaining",
                ])
                .bool(&["paid", "livemode"])
                .time(&["created", "due_date", "period_start", "period_end"])
                .add(
                    "finalized_at",
                    "status_transitions.finalized_at",
                    Kind::Time,
                )
                .add("paid_at", "status_transitions.paid_at", Kind::Time)
                .add("voided_at", "status_transitions.voided_at", Kind::Time)
                .json(&["lines", "status_transitions", "metadata"]),
            vec![
                filter("customer", true),
                status(INVOICE_STATUSES),
                filter("subscription", true),
                filter("collection_method", true),
            ],
            vec!["created", "due_date"],
        ),
        "charge" => (
            common
                .text(&["customer", "invoice", "status", "currency", "description"])
                .amounts(&["amount", "amount_captured", "amount_refunded"])
                .bool(&["paid", "captured", "refunded", "livemode"])
                .text(&["failure_code", "failure_message"])
                .time(&["created"])
                .json(&["metadata"]),
            vec![filter("customer", true)],
            vec!["created"],
        ),
        _ => (
            common
                .time(&["created"])
                .bool(&["livemode"])
                .add("object", "", Kind::Json),
            Vec::new(),
            vec!["created"],
        ),
    };
    let columns = columns.0;
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|c| Field::new(&c.name, data_type(&c.kind), c.name != "id"))
            .collect::<Vec<_>>(),
    ));
    Resource {
        table: table.to_owned(),
        path: format!("{table}s"),
        all_statuses_param: table == "subscription",
        columns,
        filters,
        ranges,
        schema,
    }
}

fn data_type(kind: &Kind) -> DataType {
    match kind {
        Kind::Text | Kind::Json => DataType::Utf8,
        Kind::Int | Kind::MoneyMinor => DataType::Int64,
        Kind::Bool => DataType::Boolean,
        Kind::Time => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        Kind::Money(_) => DataType::Decimal128(MONEY_PRECISION, MONEY_SCALE),
    }
}

/// Digits after the decimal point in a currency's major unit, as Stripe counts them.
pub(crate) fn currency_exponent(currency: &str) -> u32 {
    const ZERO: &[&str] = &[
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
        "xaf", "xof", "xpf",
    ];
    const THREE: &[&str] = &["bhd", "jod", "kwd", "omr", "tnd"];
    let currency = currency.to_ascii_lowercase();
    if ZERO.contains(&currency.as_str()) {
        0
    } else if THREE.contains(&currency.as_str()) {
        3
    } else {
        2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_table_has_unique_snake_case_columns_and_valid_filters() {
        for table in DEFAULT_TABLES.iter().chain(&["refund"]) {
            let r = resource(table);
            let mut names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
            assert!(names.iter().all(|n| {
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            }));
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), r.columns.len(), "{table}");
            for f in &r.filters {
                assert!(
                    r.columns.iter().any(|c| c.name == f.column),
                    "{table}.{}",
                    f.column
                );
            }
            for range in &r.ranges {
                let c = r.columns.iter().find(|c| c.name == *range).unwrap();
                assert_eq!(c.kind, Kind::Time);
            }
        }
        assert_eq!(resource("balance_transaction").path, "balance_transactions");
    }

    #[test]
    fn exponents_follow_stripe() {
        assert_eq!(currency_exponent("jpy"), 0);
        assert_eq!(currency_exponent("KRW"), 0);
        assert_eq!(currency_exponent("kwd"), 3);
        assert_eq!(currency_exponent("usd"), 2);
        assert_eq!(currency_exponent("eur"), 2);
    }
}
