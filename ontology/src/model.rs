//! The canonical tables of schema `ontology` (DESIGN §4): their columns and types.

/// The type of a canonical column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// `text`.
    Text,
    /// `bigint`.
    Integer,
    /// `double precision`.
    Float,
    /// `decimal(18,2)` in the reporting currency (mappings give it in the record's own currency).
    Money,
    /// `decimal(18,2)` in the record's own currency.
    OriginalMoney,
    /// `boolean`.
    Boolean,
    /// `date`.
    Date,
    /// `timestamp` (UTC).
    Timestamp,
}

/// One column of a canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
}

/// One canonical table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// Its name in schema `ontology`.
    pub name: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// Whether each row belongs to an account (an `account_id` resolved from the mapping's `account`).
    pub has_account: bool,
    /// Whether rows carry `source` and `source_id`.
    pub has_source: bool,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn c(name: &'static str, ty: ColumnType) -> Column {
    Column { name, ty }
}

use ColumnType::{Boolean, Date, Float, Integer, Money, OriginalMoney, Text, Timestamp};

/// `ontology.account`: one row per real company, built by entity resolution.
pub const ACCOUNT: Table = Table {
    name: "account",
    columns: &[
        c("account_id", Text),
        c("name", Text),
        c("domain", Text),
        c("industry", Text),
        c("country", Text),
        c("employees", Integer),
        c("owner", Text),
        c("owner_id", Text),
        c("owner_source", Text),
        c("created_at", Timestamp),
        c("sources", Text),
    ],
    has_account: false,
    has_source: false,
};

/// `ontology.account_source`: which account each source's company record belongs to.
pub const ACCOUNT_SOURCE: Table = Table {
    name: "account_source",
    columns: &[
        c("account_id", Text),
        c("source", Text),
        c("source_id", Text),
        c("source_name", Text),
        c("match_score", Float),
        c("match_rule", Text),
    ],
    has_account: false,
    has_source: false,
};

/// `ontology.vendor`: one row per real vendor, built by entity resolution of `vendor.toml`'s records.
pub const VENDOR: Table = Table {
    name: "vendor",
    columns: &[
        c("vendor_id", Text),
        c("name", Text),
        c("category", Text),
        c("sources", Text),
    ],
    has_account: false,
    has_source: false,
};

/// `ontology.vendor_source`: which vendor each source's vendor record belongs to.
pub const VENDOR_SOURCE: Table = Table {
    name: "vendor_source",
    columns: &[
        c("vendor_id", Text),
        c("source", Text),
        c("source_id", Text),
        c("source_name", Text),
        c("match_score", Float),
        c("match_rule", Text),
    ],
    has_account: false,
    has_source: false,
};

/// The canonical fact tables, filled by mappings.
pub const FACT_TABLES: &[Table] = &[
    Table {
        name: "opportunity",
        columns: &[
            c("opportunity_id", Text),
            c("account_id", Text),
            c("name", Text),
            c("stage", Text),
            c("amount", Money),
            c("currency", Text),
            c("amount_original", OriginalMoney),
            c("probability", Float),
            c("is_closed", Boolean),
            c("is_won", Boolean),
            c("close_date", Date),
            c("created_at", Timestamp),
            c("last_activity_at", Timestamp),
            c("owner", Text),
            c("owner_id", Text),
            c("source", Text),
            c("source_id", Text),
        ],
        has_account: true,
        has_source: true,
    },
    Table {
        name: "subscription",
        columns: &[
            c("subscription_id", Text),
            c("account_id", Text),
            c("status", Text),
            c("plan", Text),
            c("plan_id", Text),
            c("mrr", Money),
            c("currency", Text),
            c("started_at", Timestamp),
            c("canceled_at", Timestamp),
            c("current_period_end", Timestamp),
            c("source", Text),
            c("source_id", Text),
        ],
        has_account: true,
        has_source: true,
    },
    Table {
        name: "revenue",
        columns: &[
            c("revenue_id", Text),
            c("account_id", Text),
            c("kind", Text),
            c("status", Text),
            c("amount", Money),
            c("amount_paid", Money),
            c("currency", Text),
            c("amount_original", OriginalMoney),
            c("issued_at", Timestamp),
            c("due_at", Timestamp),
            c("paid_at", Timestamp),
            c("source", Text),
            c("source_id", Text),
        ],
        has_account: true,
        has_source: true,
    },
    Table {
        name: "cost",
        columns: &[
            c("cost_id", Text),
            c("vendor", Text),
            c("vendor_id", Text),
            c("category", Text),
            c("department", Text),
            c("amount", Money),
            c("currency", Text),
            c("amount_original", OriginalMoney),
            c("incurred_on", Date),
            c("source", Text),
            c("source_id", Text),
        ],
        has_account: false,
        has_source: true,
    },
    Table {
        name: "usage",
        columns: &[
            c("account_id", Text),
            c("metric", Text),
            c("quantity", Float),
            c("day", Date),
            c("source", Text),
        ],
        has_account: true,
        has_source: false,
    },
    Table {
        name: "ticket",
        columns: &[
            c("ticket_id", Text),
            c("account_id", Text),
            c("priority", Text),
            c("status", Text),
            c("opened_at", Timestamp),
            c("resolved_at", Timestamp),
            c("sla_hours", Integer),
            c("sla_breached", Boolean),
            c("source", Text),
            c("source_id", Text),
        ],
        has_account: true,
        has_source: true,
    },
];

/// `ontology.health`: derived from the other tables by a query, not mapped from sources.
pub const HEALTH: Table = Table {
    name: "health",
    columns: &[
        c("account_id", Text),
        c("score", Float),
        c("band", Text),
        c("drivers", Text),
        c("as_of", Date),
    ],
    has_account: false,
    has_source: false,
};

/// `ontology.health_history`: the health of each account on each day of its history (the first day of
/// each month by default), the columns of [`HEALTH`].
pub const HEALTH_HISTORY: Table = Table {
    name: "health_history",
    columns: HEALTH.columns,
    has_account: false,
    has_source: false,
};

/// The fact table, `health` or `health_history` named `name`.
pub fn mapped_table(name: &str) -> Option<&'static Table> {
    FACT_TABLES
        .iter()
        .chain([&HEALTH, &HEALTH_HISTORY])
        .find(|t| t.name == name)
}
