//! The typed semantic query a question is parsed into (and an LLM is asked for), and its validation
//! against the semantic model and the values learned from the data.

use serde::{Deserialize, Serialize};

use crate::model::{self, Reach};
use crate::time::{Grain, Period};
use crate::vocab::Vocabulary;

/// What a question asks, in the semantic model's terms. Nothing here is SQL: names are checked by
/// [`SemanticQuery::validate`] and the compiler builds every piece of SQL itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SemanticQuery {
    /// Metric names ([`model::METRICS`]).
    pub metrics: Vec<String>,
    /// Dimension names to break down by ([`model::DIMENSIONS`]).
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// A breakdown over time.
    #[serde(default)]
    pub grain: Option<Grain>,
    /// Conditions on dimensions or numbers.
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// With a percentage or share: conditions on the whole the share is of, where `filters` pick the
    /// part ("what share of our software spend went to Snowflake": software is the whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub whole: Vec<Filter>,
    /// The period the metrics are computed over (none: all time, or now for a snapshot).
    #[serde(default)]
    pub time: Option<Period>,
    /// A period to compare with: each metric gets a second column `<metric>_compared`.
    #[serde(default)]
    pub compare: Option<Period>,
    /// Order of the rows by the first metric.
    #[serde(default)]
    pub order: Option<Order>,
    /// At most this many rows.
    #[serde(default)]
    pub limit: Option<u32>,
    /// Answer with the records the first metric counts (their name, and their amount if they have one),
    /// ranked by `order` and cut at `limit`, instead of the metric's figure: "the largest open deal",
    /// "list the healthcare accounts". Only for metrics over a table with a name ([`RECORD_TABLES`]).
    #[serde(default)]
    pub records: bool,
    /// Records listed by name alone, no measure having been asked or ranked by ("which at-risk deals
    /// are worth more than 100k").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub names_only: bool,
    /// Another aggregation of the first metric's records than its own.
    #[serde(default)]
    pub aggregation: Option<Aggregation>,
    /// The event that places the records in time when it is not the metric's own: the column of one
    /// of the metric table's [`model::EVENTS`] (`close_date` for "deals closing this month").
    #[serde(default)]
    pub event: Option<String>,
    /// What records are ranked by when it is not their table's own amount: `employees` for "the 10
    /// largest accounts by employees". Only with `records` of accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_by: Option<NumberField>,
    /// Rank the records by when they happened (the metric's time column) instead of their amount:
    /// "the oldest open tickets" (`order` ascending), "the most recent invoices" (descending).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_time: bool,
    /// With `records`: list the accounts the records belong to, once each, instead of the records
    /// ("technology accounts with open deals").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub accounts: bool,
    /// Count the rows of the breakdown instead of listing them: "how many customers have more than 20
    /// tickets" counts the accounts of the breakdown by account that pass the threshold.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub count_rows: bool,
    /// Count the distinct values of this dimension among the first metric's records instead of the
    /// metric: "how many industries are our accounts in", "how many reps own deals".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<String>,
    /// The percentage change (0-100) of the one metric from the `compare` period to `time`: "revenue
    /// growth in Q3 vs Q3 last year, in percent".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub growth: bool,
    /// The change of the one metric from the `compare` period to `time`, in its own unit: "the increase
    /// in software spend from H1 2025 to H1 2026, in dollars".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub difference: bool,
    /// The first of two metrics less the second, in their one unit: "how much more did we bring in
    /// than we spent", "revenue minus spend", "how many more deals did we win than lose".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub net: bool,
    /// The first of two metrics over the second: "2025 costs / 2025 revenue", "API calls per dollar
    /// of MRR", "open pipeline as a multiple of last quarter's bookings".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ratio: bool,
    /// Only the values of the breakdown the first metric's records have, no figure: "which plan is
    /// Acme on", "who owns the Acme account".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub values: bool,
    /// With `records`: only the ids of the records' accounts (the inside of a [`Filter::Records`]).
    #[serde(skip)]
    pub account_ids: bool,
    /// With [`Aggregation::Average`] and one breakdown: the average of the breakdown's figures, one
    /// number ("average bookings per rep": each rep's bookings, averaged over the reps).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_group: bool,
    /// With [`Aggregation::Average`] and a grain: each period's average of its records' own amounts
    /// ("average invoice amount by month"), not the average of the periods' figures.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_record: bool,
    /// Invoice amounts in the currency they were made out in ("how many yen did JPY invoices come
    /// to"), not the reporting currency: with one currency filtered, or a breakdown by currency.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub original_currency: bool,
    /// With `records`: columns asked of each record beside its own ("open deals with their owner and
    /// close date"): a dimension of the records' table itself, the date column of one of its events,
    /// or `account`, the name of the account each belongs to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// With the share of the one top row ("which vendor is our largest cost, and what share of spend
    /// is it"): that row's name beside its share.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub named: bool,
    /// With a share by one breakdown of a metric counting records in a state: how the records in
    /// that state spread over the rows ("what fraction of open deals is in each stage"), not each
    /// row's rate of the state.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub spread: bool,
    /// The one figure asked, divided by a number said ("tickets opened this year divided by the 10
    /// months elapsed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divided_by: Option<f64>,
}

/// An aggregation asked for in words ("average", "per customer", "what percentage").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The average amount of the records ("the average open deal").
    Average,
    /// The metric divided by the number of distinct accounts it counts ("MRR per customer").
    PerAccount,
    /// The percentage (0-100) of the records that meet the filters ("what % of tickets are urgent"),
    /// or of the metric's amount ("what % of MRR is from the US"); the filters choose the share
    /// instead of narrowing the records.
    Percentage,
    /// [`Aggregation::Percentage`] as a fraction (0-1), asked as a share, fraction or proportion
    /// without "percent": "what share of tickets are urgent".
    Share,
    /// The median amount of the records ("the median deal size").
    Median,
    /// A ratio given as a percentage (0-100): "the SLA breach percentage", "churn in percent".
    AsPercentage,
    /// The day of the latest record ("when did Zenith Foods last open a ticket", "the date of the
    /// most recent invoice"), by the event asked or the metric's time column.
    Latest,
    /// The day of the first record ("when did we win our first deal").
    Earliest,
    /// The largest amount of the records ("the max deal size", "the maximum resolution time"), or
    /// with a grain the largest period's figure ("max DAU in September": the busiest day's).
    Maximum,
    /// The smallest, as [`Aggregation::Maximum`] is the largest.
    Minimum,
}

impl SemanticQuery {
    /// Whether it asks for the share of the whole that its top rows hold: "what % of MRR do our five
    /// largest customers account for" (a percentage or share, one breakdown ranked and cut).
    pub fn top_share(&self) -> bool {
        matches!(
            self.aggregation,
            Some(Aggregation::Percentage | Aggregation::Share)
        ) && self.limit.is_some()
            && self.order == Some(Order::Desc)
            && self.dimensions.len() == 1
            && self.grain.is_none()
            && self.metrics.len() == 1
            && !self.records
    }

    /// Whether it asks for each row's share of the whole: "what share of revenue came in each
    /// currency" (a percentage or share of one breakdown, nothing picked by a filter, of a metric
    /// that is no state's count: "the share of tickets that breached SLA, by priority" is each row's rate).
    pub fn row_share(&self) -> bool {
        matches!(
            self.aggregation,
            Some(Aggregation::Percentage | Aggregation::Share)
        ) && self.limit.is_none()
            && self.filters.is_empty()
            && self.dimensions.len() == 1
            && self.grain.is_none()
            && self.compare.is_none()
            && self.metrics.len() == 1
            && !self.records
            && (self.spread || self.metrics.iter().all(|m| model::share_of(m).is_none()))
    }
}

impl Aggregation {
    /// Whether it applies to `metric`'s records: an average of an amount (or, over a grain, of the
    /// periods' figures), a figure per account of a fact with accounts, a percentage picked by a
    /// filter or by the state the metric counts.
    pub fn fits(self, metric: &model::Metric, grain: bool, filtered: bool) -> bool {
        match (self, metric.source) {
            (
                Aggregation::Average | Aggregation::Maximum | Aggregation::Minimum,
                model::Source::Fact { time, .. },
            ) if grain => time.is_some(),
            (
                Aggregation::Maximum | Aggregation::Minimum,
                model::Source::Fact {
                    amount, aggregate, ..
                },
            ) => amount.is_some() || aggregate.starts_with("avg("),
            (Aggregation::Average, model::Source::Fact { amount, .. }) => amount.is_some(),
            (
                Aggregation::Median,
                model::Source::Fact {
                    amount, aggregate, ..
                },
            ) => (amount.is_some() || aggregate.starts_with("avg(")) && !grain,
            (
                Aggregation::AsPercentage,
                model::Source::Fact { .. } | model::Source::View { .. },
            ) => metric.unit == model::Unit::Ratio,
            (Aggregation::PerAccount, model::Source::Fact { table, .. }) => {
                !["cost", "account"].contains(&table)
            }
            (Aggregation::Latest | Aggregation::Earliest, model::Source::Fact { time, .. }) => {
                time.is_some() && !grain
            }
            (
                Aggregation::Percentage | Aggregation::Share,
                model::Source::Fact {
                    aggregate, amount, ..
                },
            ) => {
                let counts = aggregate == "count(*)";
                let accounts = aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED);
                (filtered || model::share_of(metric.name).is_some())
                    && (counts || accounts || amount.is_some())
            }
            _ => false,
        }
    }
}

/// Whether `column` is a column of the records of `metric` (over `table`): the account they belong
/// to, a dimension of their own, an event's date, or one of the columns they are always listed with
/// ([`RECORD_TABLES`]).
pub fn own_column(metric: &model::Metric, table: &str, column: &str) -> bool {
    let alias = format!(" AS {column}");
    // (The account a record belongs to: "deals with their owner and account".)
    (column == "account" && !matches!(table, "account" | "cost"))
        || model::event(table, column).is_some()
        || model::dimension(column).is_some_and(|d| model::reach(metric, d) == Some(Reach::Local))
        || RECORD_TABLES
            .iter()
            .any(|(t, columns, _)| *t == table && columns.iter().any(|c| c.ends_with(&alias)))
}

/// The tables whose records can be listed: (table, the columns a person wants of each record, as
/// `expression AS name` over the fact `f` and its account `a`, the column to rank them by).
pub const RECORD_TABLES: &[(&str, &[&str], Option<&str>)] = &[
    ("account", &["f.name AS name"], None),
    (
        "opportunity",
        &["f.name AS name", "f.amount AS amount"],
        Some("amount"),
    ),
    // An invoice or a subscription is named by its customer; the measure is its amount.
    (
        "revenue",
        &["a.name AS account", "f.amount AS amount"],
        Some("amount"),
    ),
    (
        "ticket",
        &[
            "f.source_id AS ticket",
            "a.name AS account",
            "f.priority AS priority",
            "f.opened_at AS opened_at",
        ],
        None,
    ),
    (
        "subscription",
        &["a.name AS account", "f.mrr AS mrr"],
        Some("mrr"),
    ),
];

/// Metrics that count the rows of a listing view, with the view, the columns and order of those rows:
/// "which accounts are at risk" reads the accounts of `metrics.at_risk_accounts` with their reasons.
pub const RECORD_VIEWS: &[(&str, &str, &str, &str)] = &[
    (
        "at_risk_accounts",
        "at_risk_accounts",
        "name, score, reason, mrr_at_risk",
        "mrr_at_risk DESC, name ASC",
    ),
    (
        "deals_at_risk",
        "deals_at_risk",
        "name, account, amount, close_date, reason",
        "amount DESC NULLS LAST, name ASC",
    ),
];

/// The [`RECORD_VIEWS`] entry of `metric`: its view, columns and order.
pub fn record_view(metric: &str) -> Option<(&'static str, &'static str, &'static str)> {
    RECORD_VIEWS
        .iter()
        .find(|(m, _, _, _)| *m == metric)
        .map(|(_, view, columns, order)| (*view, *columns, *order))
}

/// The [`RECORD_TABLES`] entry of `table`.
pub fn record_table(
    table: &str,
) -> Option<&'static (&'static str, &'static [&'static str], Option<&'static str>)> {
    RECORD_TABLES.iter().find(|(t, _, _)| *t == table)
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Largest first.
    Desc,
    /// Smallest first.
    Asc,
}

/// A condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Filter {
    /// The dimension is (or, negated, is not) one of the values.
    Values {
        /// The dimension's name.
        dimension: String,
        /// The values, as they are in the data.
        values: Vec<String>,
        /// `NOT IN` rather than `IN`.
        #[serde(default)]
        negated: bool,
    },
    /// The dimension has no value ("accounts without an owner").
    Missing {
        /// The dimension's name.
        dimension: String,
    },
    /// The dimension has a value ("leaving out costs with no department").
    Present {
        /// The dimension's name.
        dimension: String,
    },
    /// The records have no date for an event ("open invoices with no due date").
    Undated {
        /// The event's column ([`crate::model::Event::column`]) on the metric's table.
        event: String,
    },
    /// The records have a date for an event ("invoices that have a due date").
    Dated {
        /// The event's column ([`crate::model::Event::column`]) on the metric's table.
        event: String,
    },
    /// The account has (or, negated, has none of) the records `metric` counts, meeting `filters`
    /// in `time`: "customers with open tickets", "accounts without a deal this year". Only for
    /// metrics whose records belong to accounts, on either side.
    Records {
        /// The metric whose records are looked for.
        metric: String,
        /// Conditions on those records (no `records` filter of their own).
        #[serde(default)]
        filters: Vec<Filter>,
        /// The period those records fall in.
        #[serde(default)]
        time: Option<Period>,
        /// Has none of them rather than some.
        #[serde(default)]
        negated: bool,
    },
    /// The records are also in the state another metric of the same records counts ("open tickets
    /// that breached their SLA": open, and breached): only for states that are independent facts of a
    /// record ([`crate::model::COMBINED_STATES`]).
    Also {
        /// The metric whose condition the records meet too.
        metric: String,
    },
    /// A number compared with a constant.
    Number {
        /// `amount` (the metric's amount column) or `employees` (the account's).
        field: NumberField,
        /// The comparison.
        op: Comparison,
        /// The constant.
        value: f64,
    },
}

/// The most days a deal can be asked to have been idle.
pub const MAX_IDLE_DAYS: f64 = 36_500.0;

/// The numbers a filter can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberField {
    /// The metric's amount (a deal's, an invoice's, a cost's).
    Amount,
    /// The account's number of employees.
    Employees,
    /// The first metric's figure for each row of a breakdown: "customers with more than 20
    /// tickets" keeps the customers whose count of tickets is over 20.
    Measure,
    /// The number of records behind each row of a breakdown: "win rate by rep, reps with at least
    /// 40 closed deals" keeps the reps whose rate counts at least 40 deals.
    Records,
    /// Whole days since a deal's last activity: "open deals with no activity in the last 60 days"
    /// are those idle more than 60 days (their last activity before today's date less 60 days).
    IdleDays,
    /// Whole days since each record began (an invoice was issued, a ticket opened, a deal or an
    /// account created): "invoices more than 90 days old" were issued before today's date less 90
    /// days.
    AgeDays,
    /// Hours from a ticket's opening to its resolution: "tickets that took more than 72 hours to
    /// resolve" (an unresolved ticket has none).
    ResolutionHours,
    /// A deal's probability of closing, as a fraction (0-1): "deals with a probability of 60% or more".
    Probability,
}

impl NumberField {
    /// What the number is of, in words.
    pub fn said(self) -> &'static str {
        match self {
            NumberField::Amount => "amount",
            NumberField::Employees => "employees",
            NumberField::Measure => "the figure of each row",
            NumberField::Records => "the records of each row",
            NumberField::IdleDays => "days since the last activity",
            NumberField::AgeDays => "age in days",
            NumberField::ResolutionHours => "hours to resolve",
            NumberField::Probability => "probability",
        }
    }

    /// The one table whose records have the number, when only one does.
    fn only_of(self) -> Option<&'static str> {
        match self {
            NumberField::IdleDays | NumberField::Probability => Some("opportunity"),
            NumberField::ResolutionHours => Some("ticket"),
            NumberField::Amount
            | NumberField::Employees
            | NumberField::Measure
            | NumberField::Records
            | NumberField::AgeDays => None,
        }
    }
}

/// A numeric comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    /// `>`.
    #[serde(rename = ">")]
    Greater,
    /// `>=`.
    #[serde(rename = ">=")]
    AtLeast,
    /// `<`.
    #[serde(rename = "<")]
    Less,
    /// `<=`.
    #[serde(rename = "<=")]
    AtMost,
}

impl Comparison {
    /// The SQL operator.
    pub fn sql(self) -> &'static str {
        match self {
            Comparison::Greater => ">",
            Comparison::AtLeast => ">=",
            Comparison::Less => "<",
            Comparison::AtMost => "<=",
        }
    }
}

/// Why a semantic query cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// No metric.
    #[error("the question names no metric")]
    NoMetric,
    /// An unknown metric name.
    #[error("unknown metric {0:?}")]
    UnknownMetric(String),
    /// An unknown dimension name.
    #[error("unknown dimension {0:?}")]
    UnknownDimension(String),
    /// A dimension the metric cannot be broken down or filtered by.
    #[error("{metric} cannot be {how} by {dimension}")]
    Unreachable {
        /// The metric.
        metric: String,
        /// The dimension.
        dimension: String,
        /// "broken down" or "filtered".
        how: &'static str,
    },
    /// A value not in the data.
    #[error("{dimension} has no value {value:?} in the data")]
    UnknownValue {
        /// The dimension.
        dimension: String,
        /// The value.
        value: String,
    },
    /// A declared metric view asked for a breakdown, filter or period.
    #[error("{0} is declared as one company-wide figure: it has no breakdowns, filters or periods")]
    WholeOnly(String),
    /// A snapshot metric asked for a period it does not keep history for.
    #[error("{0} is a figure as of now: the sources keep no history of it for a past period")]
    NoHistory(String),
    /// A number filter that does not apply.
    #[error("{metric} has no {field} to compare")]
    NoNumber {
        /// The metric.
        metric: String,
        /// The field.
        field: &'static str,
    },
    /// An empty or reversed period, or a limit out of range.
    #[error("{0}")]
    Shape(String),
}

/// The most rows a semantic query may ask for.
pub const MAX_LIMIT: u32 = 1000;

impl SemanticQuery {
    /// What the query computes, in words, so a person can see at once whether it is what they asked:
    /// "Open pipeline: sum of amount over opportunities where NOT is_closed; all time".
    pub fn describe(&self) -> String {
        let metrics: Vec<String> = self
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .map(model::Metric::describe)
            .collect();
        let mut out = match self.aggregation {
            // (Said with the growth below.)
            Some(Aggregation::Share) if self.growth => String::new(),
            Some(Aggregation::Average) if self.grain.is_some() && !self.per_record => {
                "average over the periods below of ".to_string()
            }
            Some(Aggregation::Average) if self.per_group => {
                format!(
                    "average over the {} values of ",
                    self.dimensions.join(" and ")
                )
            }
            Some(Aggregation::Average) => "average amount of the records of ".to_string(),
            Some(Aggregation::PerAccount) => "per distinct account: ".to_string(),
            Some(Aggregation::Percentage) => {
                "percentage (0-100) meeting the conditions below, of the records of ".to_string()
            }
            Some(Aggregation::Share) => {
                "fraction (0-1) meeting the conditions below, of the records of ".to_string()
            }
            Some(Aggregation::Median) => "median amount of the records of ".to_string(),
            Some(Aggregation::Maximum) => "largest amount of the records of ".to_string(),
            Some(Aggregation::Minimum) => "smallest amount of the records of ".to_string(),
            Some(Aggregation::AsPercentage) => "as a percentage (0-100): ".to_string(),
            Some(Aggregation::Latest) => "the day of the latest of the records of ".to_string(),
            Some(Aggregation::Earliest) => "the day of the first of the records of ".to_string(),
            None => String::new(),
        };
        if let Some(d) = &self.distinct {
            out += &format!("number of distinct {d} values among ");
        }
        if self.count_rows {
            out += "number of rows of: ";
        }
        if self.values {
            out += &format!("the {} values of ", self.dimensions.join(" and "));
        }
        if self.growth && self.aggregation == Some(Aggregation::Share) {
            out += "change as a fraction (0-1) of the compared period's figure, of ";
        } else if self.growth {
            out += "percentage change (0-100) from the compared period of ";
        }
        if self.difference {
            out += "change from the compared period of ";
        }
        if self.net {
            out += "the difference: ";
        }
        if self.ratio {
            out += "the ratio: ";
        }
        out += &if self.records {
            let first = metrics.first().cloned().unwrap_or_default();
            format!("the records counted by {first}, one row each")
        } else if self.net {
            metrics.join("; less ")
        } else if self.ratio {
            metrics.join("; over ")
        } else {
            metrics.join("; and ")
        };
        if !self.dimensions.is_empty() {
            out.push_str(&format!("; by {}", self.dimensions.join(" and ")));
        }
        if let Some(grain) = self.grain {
            out.push_str(&format!("; by {}", grain.name()));
        }
        if let Some(event) = &self.event {
            out.push_str(&format!("; in time by {event}"));
        }
        if !self.whole.is_empty() {
            let whole = SemanticQuery {
                filters: self.whole.clone(),
                ..SemanticQuery::default()
            };
            // (Its conditions only: the whole has no period of its own.)
            let described = whole.describe();
            let conditions = described
                .split("; all time")
                .next()
                .unwrap_or_default()
                .trim_start_matches([';', ' ']);
            out.push_str(&format!("; out of those with {conditions}"));
        }
        for f in &self.filters {
            match f {
                Filter::Values {
                    dimension,
                    values,
                    negated,
                } => out.push_str(&format!(
                    "; {dimension}{} {} {}",
                    // (A kind only a name records says where it was read from.)
                    match model::dimension(dimension) {
                        Some(d) if d.name_suffix => format!(" (the end of its {})", d.column),
                        _ => String::new(),
                    },
                    if *negated { "not in" } else { "in" },
                    values.join(", ")
                )),
                Filter::Missing { dimension } => out.push_str(&format!("; no {dimension}")),
                Filter::Present { dimension } => out.push_str(&format!("; with a {dimension}")),
                Filter::Undated { event } => out.push_str(&format!("; no {event}")),
                Filter::Dated { event } => out.push_str(&format!("; with a {event}")),
                Filter::Also { metric } => {
                    if let Some(model::Source::Fact { filter, .. }) =
                        model::metric(metric).map(|m| m.source)
                    {
                        out.push_str(&format!("; also {}", filter.replace("f.", "")));
                    }
                }
                Filter::Records {
                    metric,
                    filters,
                    time,
                    negated,
                } => {
                    let records = SemanticQuery {
                        metrics: vec![metric.clone()],
                        filters: filters.clone(),
                        time: time.clone(),
                        records: true,
                        ..SemanticQuery::default()
                    };
                    out.push_str(&format!(
                        "; whose account has {} [{}]",
                        if *negated { "none of" } else { "some of" },
                        records.describe()
                    ));
                }
                Filter::Number { field, op, value } => {
                    out.push_str(&format!("; {} {} {value}", field.said(), op.sql()));
                }
            }
        }
        match &self.time {
            Some(p) if !p.label.is_empty() => {
                out.push_str(&format!("; {} ({} to {})", p.label, p.start, p.end))
            }
            Some(p) => out.push_str(&format!("; {} to {}", p.start, p.end)),
            None => out.push_str("; all time, or now for a snapshot"),
        }
        if let Some(c) = &self.compare {
            out.push_str(&format!(
                "; compared with {} ({} to {})",
                c.label, c.start, c.end
            ));
        }
        if let Some(d) = self.divided_by {
            out.push_str(&format!("; divided by {d}"));
        }
        match (self.order, self.limit) {
            (Some(Order::Asc), Some(n)) => out.push_str(&format!("; the bottom {n}")),
            (_, Some(n)) => out.push_str(&format!("; the top {n}")),
            (Some(Order::Asc), None) => out.push_str("; smallest first"),
            (Some(Order::Desc), None) => out.push_str("; largest first"),
            (None, None) => {}
        }
        out
    }

    /// Checks every name against the model and every value against what was learned from the data.
    /// The parser's output and an LLM's both go through here before anything is compiled.
    pub fn validate(&self, vocabulary: &Vocabulary) -> Result<(), Invalid> {
        if self.metrics.is_empty() {
            return Err(Invalid::NoMetric);
        }
        // The whole's conditions are checked as the filters are.
        if !self.whole.is_empty() {
            let mut all = self.clone();
            all.filters = self.whole.iter().chain(&self.filters).cloned().collect();
            all.whole.clear();
            all.validate(vocabulary)?;
        }
        if self.metrics.len() > 8 || self.dimensions.len() > 3 || self.filters.len() > 16 {
            return Err(Invalid::Shape(
                "too many metrics, dimensions or filters".into(),
            ));
        }
        for p in self.time.iter().chain(&self.compare) {
            if p.start >= p.end {
                return Err(Invalid::Shape(format!(
                    "the period {} .. {} is empty",
                    p.start, p.end
                )));
            }
        }
        if self.compare.is_some() && self.time.is_none() {
            return Err(Invalid::Shape(
                "a comparison needs a period to compare".into(),
            ));
        }
        if let Some(d) = self.divided_by {
            if !d.is_finite() || d == 0.0 {
                return Err(Invalid::Shape(format!("cannot divide by {d}")));
            }
            let one_figure = self.metrics.len() == 1
                && self.dimensions.is_empty()
                && self.grain.is_none()
                && self.compare.is_none()
                && self.aggregation.is_none()
                && !self.records
                && self.distinct.is_none();
            if !one_figure {
                return Err(Invalid::Shape(
                    "a figure divided by a number applies to one figure".into(),
                ));
            }
        }
        if self.limit.is_some_and(|l| l == 0 || l > MAX_LIMIT) {
            return Err(Invalid::Shape(format!("a limit must be 1..={MAX_LIMIT}")));
        }
        // (A growth as a share is the change as a fraction of the earlier figure.)
        if let Some(aggregation) = self.aggregation
            && !(self.growth && aggregation == Aggregation::Share)
        {
            let metric = self.metrics.first().and_then(|m| model::metric(m));
            let fits = metric.is_some_and(|m| {
                aggregation.fits(m, self.grain.is_some(), !self.filters.is_empty())
            }) || self.top_share()
                || self.row_share();
            // ("the average won deal in Q3 vs Q2": each period's average, side by side.)
            let per_period = matches!(
                aggregation,
                Aggregation::Average
                    | Aggregation::Median
                    | Aggregation::Maximum
                    | Aggregation::Minimum
                    | Aggregation::PerAccount
            ) && !self.growth
                && !self.difference;
            if !fits
                || self.metrics.len() > 1
                || self.records
                || (self.compare.is_some() && !per_period)
            {
                return Err(Invalid::Shape(format!(
                    "{aggregation:?} applies to one metric over records (with a condition for a percentage)"
                )));
            }
        }
        if self.by_time
            && (!self.records
                || self
                    .metrics
                    .first()
                    .and_then(|m| model::metric(m))
                    .is_none_or(|m| !m.has_time()))
        {
            return Err(Invalid::Shape(
                "ranking by time applies to a list of records that happen in time".into(),
            ));
        }
        // A record's columns are its table's own: a dimension of it, or an event's date.
        if !self.columns.is_empty() {
            let table = self
                .metrics
                .first()
                .and_then(|m| model::metric(m))
                .and_then(|m| m.table().map(|t| (m, t)));
            for column in &self.columns {
                let own = table.is_some_and(|(metric, table)| own_column(metric, table, column));
                if !self.records || !own {
                    return Err(Invalid::Shape(format!(
                        "\"{column}\" is no column of the records listed"
                    )));
                }
            }
        }
        // Amounts in their own currency add up only within one currency.
        if self.original_currency {
            let one_currency = self.dimensions.iter().any(|d| d == "currency")
                || self.filters.iter().any(|f| {
                    matches!(f, Filter::Values { dimension, values, negated: false }
                        if dimension == "currency" && values.len() == 1)
                });
            let of_invoices = self.metrics.iter().all(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(
                        m.source,
                        model::Source::Fact {
                            table: "revenue",
                            ..
                        }
                    )
                })
            });
            if !one_currency || !of_invoices {
                return Err(Invalid::Shape(
                    "amounts in their own currency are those of invoices in one currency".into(),
                ));
            }
        }
        let per_row = self.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure | NumberField::Records,
                    ..
                }
            )
        });
        if !self.whole.is_empty()
            && (!matches!(
                self.aggregation,
                Some(Aggregation::Percentage | Aggregation::Share)
            ) || self.records
                || self.filters.is_empty())
        {
            return Err(Invalid::Shape(
                "conditions on the whole apply to a share picked by other conditions".into(),
            ));
        }
        if self.names_only && !self.records {
            return Err(Invalid::Shape(
                "names only applies to a list of records".into(),
            ));
        }
        if matches!(self.grain, Some(Grain::Day | Grain::Week))
            && self.metrics.iter().any(|m| history(m))
        {
            return Err(Invalid::Shape(
                "MRR, ARR and paying customers have a history by month, not finer".into(),
            ));
        }
        if (self.growth || self.difference)
            && (self.compare.is_none()
                || (self.growth && self.difference)
                || self.metrics.len() != 1
                || self.records
                || self
                    .aggregation
                    .is_some_and(|a| !(self.growth && a == Aggregation::Share))
                || self.values)
        {
            return Err(Invalid::Shape(
                "a growth or a change is of one metric between two periods".into(),
            ));
        }
        let one_unit = match self.metrics.as_slice() {
            [a, b] => model::metric(a)
                .zip(model::metric(b))
                .is_some_and(|(a, b)| a.unit == b.unit),
            _ => false,
        };
        // A difference and a ratio are of two figures, each over the one period.
        let more_than_two_figures = self.compare.is_some()
            || self.growth
            || self.difference
            || self.records
            || self.aggregation.is_some()
            || self.values
            || self.count_rows;
        if self.net && (!one_unit || more_than_two_figures) {
            return Err(Invalid::Shape(
                "a difference is of two metrics in one unit, over one period".into(),
            ));
        }
        if self.ratio && (self.metrics.len() != 2 || self.net || more_than_two_figures) {
            return Err(Invalid::Shape(
                "a ratio is of two metrics over one period".into(),
            ));
        }
        if self.values
            && (self.dimensions.is_empty()
                || self.metrics.len() > 1
                || self.records
                || self.aggregation.is_some()
                || self.compare.is_some()
                || self.count_rows)
        {
            return Err(Invalid::Shape(
                "the values of a breakdown are of one metric's records".into(),
            ));
        }
        if self.count_rows && (self.dimensions.is_empty() || self.records) {
            return Err(Invalid::Shape(
                "counting rows applies to a breakdown".into(),
            ));
        }
        // (A listing view's rows have their own figure: "at-risk accounts with over $10k at risk".)
        let view_rows = self.records
            && self.dimensions.is_empty()
            && self.metrics.len() == 1
            && self.metrics.iter().all(|m| record_view(m).is_some());
        if per_row
            && !view_rows
            && (self.dimensions.is_empty() && self.grain.is_none() || self.records)
        {
            return Err(Invalid::Shape(
                "a threshold on a figure applies to the rows of a breakdown".into(),
            ));
        }
        if self.rank_by == Some(NumberField::Employees)
            && (!self.records
                || self
                    .metrics
                    .first()
                    .and_then(|m| model::metric(m))
                    .and_then(model::Metric::table)
                    != Some("account"))
        {
            return Err(Invalid::Shape(
                "ranking by employees applies to a list of accounts".into(),
            ));
        }
        if self.records {
            let first = self.metrics.first();
            let table = first
                .and_then(|m| model::metric(m))
                .and_then(model::Metric::table);
            let listable = table.is_some_and(|t| record_table(t).is_some())
                || first.is_some_and(|m| record_view(m).is_some());
            if !listable
                || self.metrics.len() > 1
                || !self.filters.is_empty() && table.is_none()
                || !self.dimensions.is_empty()
                || self.grain.is_some()
                || self.compare.is_some()
            {
                return Err(Invalid::Shape(
                    "records can be listed only for accounts, opportunities, invoices, tickets, subscriptions and accounts or deals at risk, one metric, no breakdown".into(),
                ));
            }
        }
        for name in &self.metrics {
            let metric = model::metric(name).ok_or_else(|| Invalid::UnknownMetric(name.clone()))?;
            if let Some(event) = &self.event
                && metric
                    .table()
                    .is_none_or(|t| model::event(t, event).is_none())
            {
                return Err(Invalid::Shape(format!(
                    "{} has no event {event:?} to place it in time",
                    metric.title
                )));
            }
            let breakdown = !self.dimensions.is_empty() || !self.filters.is_empty();
            match metric.source {
                model::Source::View { .. } => {
                    if breakdown || self.time.is_some() || self.grain.is_some() {
                        return Err(Invalid::WholeOnly(metric.title.into()));
                    }
                }
                model::Source::Monthly { .. } => {
                    if breakdown {
                        return Err(Invalid::WholeOnly(metric.title.into()));
                    }
                    if matches!(self.grain, Some(Grain::Day | Grain::Week)) {
                        return Err(Invalid::Shape(format!(
                            "{} is kept per month: no daily or weekly breakdown",
                            metric.title
                        )));
                    }
                }
                model::Source::Fact { time, amount, .. } => {
                    if time.is_none() && self.time.is_some() && !history(metric.name) {
                        return Err(Invalid::NoHistory(metric.title.into()));
                    }
                    if time.is_none() && self.grain.is_some() && !history(metric.name) {
                        return Err(Invalid::NoHistory(metric.title.into()));
                    }
                    if history(metric.name)
                        && (self.time.is_some() || self.grain.is_some())
                        && breakdown
                    {
                        return Err(Invalid::WholeOnly(format!("{} over time", metric.title)));
                    }
                    for f in &self.filters {
                        if let Filter::Number {
                            field: NumberField::Amount,
                            ..
                        } = f
                            && amount.is_none()
                        {
                            return Err(Invalid::NoNumber {
                                metric: metric.title.into(),
                                field: "amount",
                            });
                        }
                    }
                }
            }
            for d in &self.dimensions {
                let dimension =
                    model::dimension(d).ok_or_else(|| Invalid::UnknownDimension(d.clone()))?;
                let through_latest = model::reach(metric, dimension) == Some(Reach::AccountSet)
                    && model::latest_per_account(dimension.table).is_some();
                if !through_latest
                    && !matches!(
                        model::reach(metric, dimension),
                        Some(Reach::Local | Reach::Account)
                    )
                {
                    return Err(Invalid::Unreachable {
                        metric: metric.title.into(),
                        dimension: d.clone(),
                        how: "broken down",
                    });
                }
            }
            let local = |d: &str, how: &'static str| {
                let dimension =
                    model::dimension(d).ok_or_else(|| Invalid::UnknownDimension(d.to_string()))?;
                match model::reach(metric, dimension) {
                    Some(Reach::Local | Reach::Account) => Ok(()),
                    _ => Err(Invalid::Unreachable {
                        metric: metric.title.into(),
                        dimension: d.to_string(),
                        how,
                    }),
                }
            };
            if let Some(d) = &self.distinct {
                local(d, "counted")?;
                if self.records || self.aggregation.is_some() || self.metrics.len() > 1 {
                    return Err(Invalid::Shape(
                        "a count of distinct values applies to one metric's records".into(),
                    ));
                }
            }
            for f in &self.filters {
                match f {
                    Filter::Missing { dimension } | Filter::Present { dimension } => {
                        local(dimension, "filtered")?
                    }
                    Filter::Also { metric: other } => {
                        if !model::combined_states(metric.name, other) {
                            return Err(Invalid::Shape(format!(
                                "{} cannot also be {other}",
                                metric.title
                            )));
                        }
                    }
                    Filter::Undated { event } | Filter::Dated { event } => {
                        if metric
                            .table()
                            .and_then(|t| model::event(t, event))
                            .is_none()
                        {
                            return Err(Invalid::Shape(format!(
                                "{} has no date {event}",
                                metric.title
                            )));
                        }
                    }
                    Filter::Records {
                        metric: of,
                        filters,
                        time,
                        ..
                    } => {
                        let inner =
                            model::metric(of).ok_or_else(|| Invalid::UnknownMetric(of.clone()))?;
                        // (The accounts the at-risk view lists are accounts too.)
                        let belongs = |m: &model::Metric| {
                            m.table()
                                .is_some_and(|t| !["cost", "vendor", "account"].contains(&t))
                                || m.name == "at_risk_accounts"
                        };
                        let nested = filters.iter().any(|f| matches!(f, Filter::Records { .. }));
                        // (Costs and vendors belong to no account.)
                        let outer_of_accounts = metric
                            .table()
                            .is_some_and(|t| !matches!(t, "cost" | "vendor"));
                        if !belongs(inner) || !outer_of_accounts || nested {
                            return Err(Invalid::Shape(format!(
                                "{} cannot be filtered by the accounts' {}",
                                metric.title, inner.title
                            )));
                        }
                        SemanticQuery {
                            metrics: vec![of.clone()],
                            filters: filters.clone(),
                            time: time.clone(),
                            ..SemanticQuery::default()
                        }
                        .validate(vocabulary)?;
                    }
                    Filter::Values {
                        dimension, values, ..
                    } => {
                        let dim = model::dimension(dimension)
                            .ok_or_else(|| Invalid::UnknownDimension(dimension.clone()))?;
                        if model::reach(metric, dim).is_none() {
                            return Err(Invalid::Unreachable {
                                metric: metric.title.into(),
                                dimension: dimension.clone(),
                                how: "filtered",
                            });
                        }
                        if values.is_empty() {
                            return Err(Invalid::Shape(format!(
                                "a filter on {dimension} has no values"
                            )));
                        }
                        for v in values {
                            if !vocabulary.knows(dim.name, v) {
                                return Err(Invalid::UnknownValue {
                                    dimension: dimension.clone(),
                                    value: v.clone(),
                                });
                            }
                        }
                    }
                    Filter::Number {
                        field: NumberField::Employees,
                        value,
                        ..
                    } => {
                        let account = model::dimension("industry").ok_or(Invalid::NoMetric)?;
                        if model::reach(metric, account).is_none() {
                            return Err(Invalid::NoNumber {
                                metric: metric.title.into(),
                                field: "employees",
                            });
                        }
                        if !value.is_finite() {
                            return Err(Invalid::Shape(
                                "a number filter needs a finite number".into(),
                            ));
                        }
                    }
                    // ("accounts where the amount is over 1000": accounts have no amount.)
                    Filter::Number {
                        field: NumberField::Amount,
                        ..
                    } if matches!(metric.source, model::Source::Fact { amount: None, .. }) => {
                        return Err(Invalid::NoNumber {
                            metric: metric.title.into(),
                            field: NumberField::Amount.said(),
                        });
                    }
                    Filter::Number { field, .. }
                        if field.only_of().is_some_and(|t| metric.table() != Some(t)) =>
                    {
                        return Err(Invalid::NoNumber {
                            metric: metric.title.into(),
                            field: field.said(),
                        });
                    }
                    Filter::Number {
                        field: NumberField::AgeDays,
                        ..
                    } if metric.table().and_then(model::born).is_none() => {
                        return Err(Invalid::NoNumber {
                            metric: metric.title.into(),
                            field: "age in days",
                        });
                    }
                    // (A proposal's number becomes a day: within a century.)
                    Filter::Number {
                        field: NumberField::IdleDays | NumberField::AgeDays,
                        value,
                        ..
                    } if !(0.0..=MAX_IDLE_DAYS).contains(value) => {
                        return Err(Invalid::Shape(format!(
                            "a number of days must be between 0 and {MAX_IDLE_DAYS}"
                        )));
                    }
                    Filter::Number { value, .. } => {
                        if !value.is_finite() {
                            return Err(Invalid::Shape(
                                "a number filter needs a finite number".into(),
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// Whether a snapshot metric has a history: MRR and ARR by month (`metrics.mrr_movements`), paying
/// customers on any day (from their subscriptions' starts and cancellations).
pub fn history(metric: &str) -> bool {
    matches!(metric, "mrr" | "arr" | "customers")
}
