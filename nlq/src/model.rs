//! The semantic model NLQ answers from: metrics (how each figure is computed over the ontology),
//! dimensions (what a figure can be broken down or filtered by) and personas.
//!
//! Metrics over one fact table are composable: the compiler adds dimensions, filters and a time range to
//! their aggregate. Metrics declared only as a view in schema `metrics` (churn, NRR, DSO, ...) are answered
//! whole, as declared, and refuse breakdowns.

/// What a metric's values are, for formatting and for the trend's "good" direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// USD.
    Money,
    /// A fraction between 0 and 1.
    Ratio,
    /// A number of things.
    Count,
    /// A number of days.
    Days,
    /// A number of hours.
    Hours,
}

/// How a metric is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An aggregate over one canonical table, aliased `f`.
    Fact {
        /// The table in schema `ontology`.
        table: &'static str,
        /// The aggregate expression over `f`.
        aggregate: &'static str,
        /// The metric's own condition over `f` (`TRUE` if none).
        filter: &'static str,
        /// The column that places a row in time, if the metric is a flow over time. `None` is a
        /// snapshot (the state now): a time range does not apply.
        time: Option<&'static str>,
        /// The column compared by "over 50k" and the like.
        amount: Option<&'static str>,
    },
    /// A monthly flow read from a declared view with a `month` column (the first day of each month):
    /// summed over the months of a period, or over each month, quarter or year of a breakdown; the
    /// current month when no period is asked.
    Monthly {
        /// The view in schema `metrics`.
        view: &'static str,
        /// The expression over its columns.
        column: &'static str,
    },
    /// A declared metric view, read whole.
    View {
        /// The view in schema `metrics`.
        view: &'static str,
        /// Its column.
        column: &'static str,
    },
}

/// A metric NLQ knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metric {
    /// Its name: the result column and the semantic query's reference.
    pub name: &'static str,
    /// A title for answers and widgets.
    pub title: &'static str,
    /// The phrases that name it (lowercase, words separated by one space).
    pub phrases: &'static [&'static str],
    /// How it is computed.
    pub source: Source,
    /// Its unit.
    pub unit: Unit,
    /// Whether a rise is good news.
    pub higher_is_better: bool,
}

impl Metric {
    /// What it computes, in words: "sum of amount of opportunities where NOT is_closed".
    pub fn describe(&self) -> String {
        match self.source {
            Source::View { view, .. } => format!("{} (the view metrics.{view})", self.title),
            Source::Monthly { view, column } => {
                format!(
                    "{}: sum of {column} over the months of metrics.{view}",
                    self.title
                )
            }
            Source::Fact {
                table,
                aggregate,
                filter,
                ..
            } => {
                let records = match table {
                    "opportunity" => "opportunities",
                    "subscription" => "subscriptions",
                    "revenue" => "invoices and payments",
                    "ticket" => "tickets",
                    "cost" => "costs",
                    "account" => "accounts",
                    other => other,
                };
                // ("close_date < today": the day asked, which the SQL writes as a date.)
                let plain = |sql: &str| sql.replace("f.", "").replace("{today}", "today");
                let share = aggregate
                    .split("CASE WHEN ")
                    .nth(1)
                    .and_then(|rest| rest.split(" THEN").next());
                if aggregate.contains(" / ") {
                    let of = match share {
                        Some(_) => format!("share of {records}"),
                        None => format!("ratio over {records}"),
                    };
                    let mut out = format!("{}: {of}", self.title);
                    if filter != "TRUE" {
                        out.push_str(&format!(" where {}", plain(filter)));
                    }
                    if let Some(condition) = share {
                        out.push_str(&format!(" for which {}", plain(condition)));
                    }
                    return out;
                }
                let how = if aggregate.contains("count(DISTINCT") {
                    format!("number of distinct accounts with {records}")
                } else if aggregate.starts_with("count(") {
                    format!("number of {records}")
                } else if let Some(rest) = aggregate.split("sum(").nth(1) {
                    // (Up to the parenthesis that closes the sum: "CAST(amount AS DOUBLE) * probability".)
                    let mut depth = 0;
                    let end = rest
                        .char_indices()
                        .find(|&(_, c)| {
                            depth += match c {
                                '(' => 1,
                                ')' => -1,
                                _ => 0,
                            };
                            depth < 0
                        })
                        .map_or(rest.len(), |(at, _)| at);
                    format!("sum of {} over {records}", plain(&rest[..end]))
                } else if aggregate.contains("avg(") {
                    format!("average over {records}")
                } else {
                    format!("{} over {records}", self.title.to_lowercase())
                };
                if filter == "TRUE" {
                    format!("{}: {how}", self.title)
                } else {
                    format!("{}: {how} where {}", self.title, plain(filter))
                }
            }
        }
    }

    /// Whether `other` aggregates the same column of the same records' table the same way (the MRR
    /// of all live subscriptions and of the past-due ones), whatever their conditions.
    pub fn same_kind(&self, other: &Metric) -> bool {
        match (self.source, other.source) {
            (
                Source::Fact {
                    table: t1,
                    aggregate: a1,
                    ..
                },
                Source::Fact {
                    table: t2,
                    aggregate: a2,
                    ..
                },
            ) => t1 == t2 && a1 == a2,
            _ => false,
        }
    }

    /// Whether it is an average or a ratio of its records ("average deal size", "win rate"): a
    /// figure that does not grow with the length of its period, unlike a count or a sum.
    pub fn is_average(&self) -> bool {
        match self.source {
            Source::Fact { aggregate, .. } => {
                aggregate.contains("avg(") || aggregate.contains(" / ")
            }
            Source::View { .. } | Source::Monthly { .. } => false,
        }
    }

    /// The fact table of a composable metric.
    pub fn table(&self) -> Option<&'static str> {
        match self.source {
            Source::Fact { table, .. } => Some(table),
            Source::View { .. } | Source::Monthly { .. } => None,
        }
    }

    /// Whether it counts what is open now (the pipeline): a dashboard's period does not narrow it,
    /// only a period asked for does ("pipeline closing in Q4").
    pub fn is_open_now(&self) -> bool {
        matches!(
            self.source,
            Source::Fact { filter, .. } if filter.starts_with("NOT f.is_closed")
        )
    }

    /// Whether it counts what falls due ahead (the pipeline's close dates, renewals): a month named
    /// without its year that has passed this year is next year's.
    pub fn looks_ahead(&self) -> bool {
        self.is_open_now()
            || matches!(
                self.source,
                Source::Fact {
                    time: Some("f.current_period_end"),
                    ..
                }
            )
    }

    /// Whether a time range applies to it.
    pub fn has_time(&self) -> bool {
        matches!(
            self.source,
            Source::Fact { time: Some(_), .. } | Source::Monthly { .. }
        )
    }

    /// The expression that dates the records of a fact metric (`f.close_date`), if it has one.
    pub fn time_expr(&self) -> Option<&'static str> {
        match self.source {
            Source::Fact { time, .. } => time,
            Source::View { .. } | Source::Monthly { .. } => None,
        }
    }
}

const fn fact(
    table: &'static str,
    aggregate: &'static str,
    filter: &'static str,
    time: Option<&'static str>,
    amount: Option<&'static str>,
) -> Source {
    Source::Fact {
        table,
        aggregate,
        filter,
        time,
        amount,
    }
}

/// Revenue: paid invoices, from every source (a NetSuite invoice that mirrors a Stripe one is lineage,
/// not a row of `ontology.revenue`).
const PAID_INVOICE: &str = "f.kind = 'invoice' AND f.status = 'paid'";
const OVERDUE: &str = "f.kind = 'invoice' AND f.status = 'open' AND f.due_at < {today}";
const ACTIVE_SUBSCRIPTION: &str = "f.status IN ('active', 'past_due')";

/// An account at risk: a row of the declared view `metrics.at_risk_accounts`, so that its accounts
/// break down, filter and list like any other ("at-risk accounts by industry").
const AT_RISK_ACCOUNT: &str = "f.account_id IN (SELECT account_id FROM metrics.at_risk_accounts)";

/// A deal at risk: an open opportunity listed by the declared view `metrics.deals_at_risk`.
const AT_RISK_DEAL: &str =
    "NOT f.is_closed AND f.opportunity_id IN (SELECT opportunity_id FROM metrics.deals_at_risk)";

/// Every metric, in the order clarifications list them.
pub const METRICS: &[Metric] = &[
    Metric {
        name: "revenue",
        title: "Revenue",
        phrases: &[
            "how much have we made",
            "brought in",
            "bring in",
            "bringing in",
            "brings in",
            "revenue",
            "revenues",
            "paid revenue",
            "income",
            "how much did we make",
            "how much money did we make",
            "earnings",
            "turnover",
        ],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            PAID_INVOICE,
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    // What customers paid, when they paid it.
    Metric {
        name: "collections",
        title: "Cash collected",
        phrases: &[
            "collected revenue",
            "cash collected",
            "cash received",
            "cash receipts",
            "receipts",
            "collected",
            "collect",
            "collections",
            "payments received",
            "total payments",
            "pay us",
            "paid us",
            "pays us",
        ],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount_paid), 0) AS DECIMAL(18,2))",
            PAID_INVOICE,
            Some("f.paid_at"),
            Some("f.amount_paid"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "billings",
        title: "Billings",
        phrases: &[
            "how much did we bill",
            "amount billed",
            "billings",
            "billed",
            "invoiced",
            "invoiced amount",
            "amount invoiced",
            "did we invoice",
            "do we invoice",
            "we invoice",
        ],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.kind = 'invoice'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "invoices",
        title: "Invoices",
        phrases: &["invoices", "invoice count", "number of invoices"],
        source: fact(
            "revenue",
            "count(*)",
            "f.kind = 'invoice'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "mrr",
        title: "MRR",
        phrases: &[
            "mrr",
            "mmr",
            "monthly recurring revenue",
            "monthly recurring value",
            "pay us per month",
            "pays us per month",
            "pay per month",
            "pays per month",
            "paying per month",
            "recurring revenue",
            "monthly revenue run rate",
            "subscription revenue",
        ],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            ACTIVE_SUBSCRIPTION,
            None,
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "arr",
        title: "ARR",
        phrases: &[
            "annualized recurring revenue",
            "annualised recurring revenue",
            "arr",
            "annual recurring revenue",
            "annualized revenue",
            "annual run rate",
            "run rate",
        ],
        source: fact(
            "subscription",
            "CAST(coalesce(12 * sum(f.mrr), 0) AS DECIMAL(18,2))",
            ACTIVE_SUBSCRIPTION,
            None,
            // ("customers with $500k or more in ARR": each subscription's ARR.)
            Some("12 * f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "customers",
        title: "Paying customers",
        phrases: &[
            "customers",
            "customer",
            "paying customers",
            "customer base",
            "paying accounts",
            "paying companies",
            "paying clients",
            "paying logos",
            // Investors' word for a paying customer.
            "logos",
            "logo count",
            "active customers",
            "live customers",
            "live accounts",
            "subscribers",
            "clients",
            "customer count",
        ],
        source: fact(
            "subscription",
            "count(DISTINCT f.account_id)",
            ACTIVE_SUBSCRIPTION,
            None,
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "subscriptions",
        title: "Active subscriptions",
        phrases: &[
            "subscriptions",
            "active subscriptions",
            "subscription count",
            // Active or past due: what is live.
            "live subscriptions",
            "live subscription",
        ],
        source: fact(
            "subscription",
            "count(*)",
            ACTIVE_SUBSCRIPTION,
            None,
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "accounts",
        title: "Accounts",
        phrases: &[
            "accounts",
            "account count",
            "companies",
            "number of accounts",
        ],
        source: fact("account", "count(*)", "TRUE", Some("f.created_at"), None),
        unit: Unit::Count,
        higher_is_better: true,
    },
    // The accounts' own employees (`ontology.account.employees`), not ours: no HR data is read.
    Metric {
        name: "employees",
        title: "Employees",
        phrases: &[
            "employees",
            "employee count",
            "headcount",
            "number of employees",
        ],
        source: fact(
            "account",
            "coalesce(sum(f.employees), 0)",
            "TRUE",
            None,
            Some("f.employees"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "open_pipeline",
        title: "Open pipeline",
        phrases: &[
            "pipeline",
            "open pipeline",
            "pipe",
            "open opportunities value",
            "pipeline value",
            "sales pipeline",
        ],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "NOT f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "weighted_pipeline",
        title: "Weighted pipeline",
        phrases: &[
            "weighted pipeline",
            "probability weighted pipeline",
            "forecast pipeline",
            "expected pipeline",
            "expected value",
            "expected revenue",
            "amount times probability",
            "amount x probability",
            "amount multiplied by probability",
            "amount probability",
            "sum of amount times probability",
        ],
        source: fact(
            "opportunity",
            "CAST(round(coalesce(sum(CAST(f.amount AS DOUBLE) * f.probability), 0), 2) AS DECIMAL(18,2))",
            "NOT f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "open_opportunities",
        title: "Open opportunities",
        phrases: &[
            "open opportunities",
            "open deals",
            "open opps",
            "deals in pipeline",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            "NOT f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "bookings",
        title: "Bookings",
        phrases: &[
            "booked",
            "sold",
            "how much did we book",
            "book",
            "bookings",
            "booked",
            "closed won",
            "won revenue",
            "closed won revenue",
            "won amount",
        ],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "won_deals",
        title: "Deals won",
        phrases: &[
            "deals did we win",
            "deals we won",
            "deals have we won",
            "won deals",
            "deals won",
            "wins",
            "closed won deals",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            "f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "opportunities",
        title: "Opportunities created",
        phrases: &[
            "opportunities",
            "opportunity",
            "deals",
            "opps",
            "new opportunities",
            "deals created",
            "opportunities created",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            "TRUE",
            Some("CAST(f.created_at AS DATE)"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "win_rate",
        title: "Win rate",
        phrases: &[
            "percentage of deals do we win",
            "percentage of deals we win",
            "share of deals we win",
            "win rate",
            "close rate",
            "win ratio",
            "win percentage",
            "conversion rate",
        ],
        source: fact(
            "opportunity",
            "CAST(sum(CASE WHEN f.is_won THEN 1 ELSE 0 END) AS DOUBLE) / CAST(nullif(count(*), 0) AS DOUBLE)",
            "f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "loss_rate",
        title: "Loss rate",
        phrases: &["loss rate", "lost rate", "loss ratio", "loss percentage"],
        source: fact(
            "opportunity",
            "CAST(sum(CASE WHEN NOT f.is_won THEN 1 ELSE 0 END) AS DOUBLE) / CAST(nullif(count(*), 0) AS DOUBLE)",
            "f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Ratio,
        higher_is_better: false,
    },
    Metric {
        name: "average_deal_size",
        title: "Average deal size",
        phrases: &[
            "average won deal",
            "average deal size",
            "avg deal size",
            "deal size",
            "average deal",
            "average contract value",
            "acv",
            "mean deal size",
        ],
        source: fact(
            "opportunity",
            "CAST(avg(f.amount) AS DECIMAL(18,2))",
            "f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "sales_cycle_days",
        title: "Sales cycle (days)",
        phrases: &[
            "average sales cycle",
            "sales cycle in days",
            "sales cycle",
            "sales cycle length",
            "cycle length",
            "time to close",
            "days to close",
            "sales cycle days",
        ],
        source: fact(
            "opportunity",
            "avg(CAST(f.close_date - CAST(f.created_at AS DATE) AS DOUBLE))",
            "f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Days,
        higher_is_better: false,
    },
    // The win probability of the open pipeline, each deal weighted by its amount ("the amount-weighted
    // average probability"; read from an average probability and a word of weighting).
    Metric {
        name: "weighted_probability",
        title: "Amount-weighted win probability",
        phrases: &[],
        source: fact(
            "opportunity",
            "CAST(sum(CAST(f.amount AS DOUBLE) * f.probability) AS DOUBLE) / CAST(nullif(sum(CAST(f.amount AS DOUBLE)), 0) AS DOUBLE)",
            "NOT f.is_closed",
            Some("f.close_date"),
            None,
        ),
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    // The days lost deals stayed open: "how long did the deals we lost take to close" (read from the
    // sales cycle and the word "lost").
    Metric {
        name: "lost_cycle_days",
        title: "Days to close, lost deals",
        phrases: &[],
        source: fact(
            "opportunity",
            "avg(CAST(f.close_date - CAST(f.created_at AS DATE) AS DOUBLE))",
            "f.is_closed AND NOT f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Days,
        higher_is_better: false,
    },
    Metric {
        name: "spend",
        title: "Spend",
        phrases: &[
            "spend",
            "spending",
            "spent",
            "costs",
            "cost",
            "expenses",
            "expense",
            "opex",
            "fees",
            "vendor spend",
            "pay for",
            "paid for",
            "pay vendors",
            "paid vendors",
            "we pay",
            "we paid",
            "did we pay",
            "do we pay",
            "have we paid",
        ],
        source: fact(
            "cost",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "TRUE",
            Some("f.incurred_on"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    // The lines of `ontology.cost`: a vendor bill from NetSuite, a day's cost of one service from the
    // warehouse's cost export ("how many software bills came in", "rows in the cost export").
    Metric {
        name: "cost_records",
        title: "Cost records",
        phrases: &[
            "cost line items",
            "line items",
            "bill count",
            "number of bills",
        ],
        source: fact(
            "cost",
            "count(*)",
            "TRUE",
            Some("f.incurred_on"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "tickets",
        title: "Support tickets",
        phrases: &[
            "tickets",
            "ticket",
            "support tickets",
            "support cases",
            "cases",
            "ticket volume",
            "support volume",
        ],
        source: fact("ticket", "count(*)", "TRUE", Some("f.opened_at"), None),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "sla_breach_rate",
        title: "SLA breach rate",
        phrases: &[
            "share of tickets breach sla",
            "tickets breach sla",
            "sla breach rate",
            "sla breaches rate",
            "sla breach",
            "breach rate",
            "sla performance",
            "meeting slas",
            "meeting sla",
            "meeting our slas",
            "meet slas",
            "meet our slas",
            "doing on slas",
        ],
        source: fact(
            "ticket",
            "CAST(sum(CASE WHEN f.sla_breached THEN 1 ELSE 0 END) AS DOUBLE) / CAST(nullif(count(*), 0) AS DOUBLE)",
            "TRUE",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Ratio,
        higher_is_better: false,
    },
    // Active users are counted per account and day: summed over the accounts of a day ("active users
    // today"); over longer periods the sum counts user-days.
    Metric {
        name: "active_users",
        title: "Active users",
        phrases: &[
            "active users",
            "active user count",
            "active user",
            "daily active users",
            "dau",
            "users active",
        ],
        source: fact(
            "usage",
            "CAST(coalesce(sum(f.quantity), 0) AS BIGINT)",
            "f.metric = 'active_users'",
            Some("f.day"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    // The accounts (workspaces, resolved to their accounts) with an active user on some day of the
    // period: "how many active accounts this month", "active workspaces by plan".
    Metric {
        name: "active_accounts",
        title: "Active accounts",
        phrases: &[
            "active accounts",
            "active account",
            "accounts active",
            "accounts with active users",
        ],
        source: fact(
            "usage",
            "count(DISTINCT f.account_id)",
            "f.metric = 'active_users' AND f.quantity > 0",
            Some("f.day"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    // Like active users, a level of each day.
    Metric {
        name: "storage_gb",
        title: "Storage (GB)",
        phrases: &[
            "storage",
            "storage used",
            "storage usage",
            "gb of storage",
            "gb stored",
            "data stored",
            "gigabytes",
            "gigabytes of storage",
            "storage gb",
            "storage in gb",
        ],
        source: fact(
            "usage",
            "CAST(coalesce(sum(f.quantity), 0) AS DOUBLE)",
            "f.metric = 'storage_gb'",
            Some("f.day"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "api_calls",
        title: "API calls",
        phrases: &[
            "api calls",
            "api",
            "api usage",
            "api requests",
            "usage",
            "product usage",
        ],
        source: fact(
            "usage",
            "CAST(coalesce(sum(f.quantity), 0) AS BIGINT)",
            "f.metric = 'api_calls' AND f.quantity > 0",
            Some("f.day"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "overdue_receivables",
        title: "Overdue receivables",
        phrases: &[
            "overdue receivables",
            "overdue invoices",
            "overdue",
            "past due invoices",
            "receivables overdue",
            "ar overdue",
        ],
        // Still unpaid after the day they were due (`{today}`: the day asked), as the view
        // `metrics.overdue_receivables` declares them, so that they can be filtered, broken down and listed.
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount - f.amount_paid), 0) AS DECIMAL(18,2))",
            OVERDUE,
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "dso",
        title: "DSO",
        phrases: &[
            "dso",
            "days sales outstanding",
            "days to collect",
            "collection days",
        ],
        source: Source::View {
            view: "dso",
            column: "dso",
        },
        unit: Unit::Days,
        higher_is_better: false,
    },
    Metric {
        name: "gross_margin",
        title: "Gross margin",
        phrases: &["gross margin", "margin", "gross margins", "gm"],
        source: Source::View {
            view: "gross_margin",
            column: "gross_margin",
        },
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "logo_churn",
        title: "Logo churn",
        phrases: &[
            "churn",
            "logo churn",
            "churn rate",
            "customer churn",
            "attrition",
        ],
        source: Source::View {
            view: "logo_churn",
            column: "logo_churn",
        },
        unit: Unit::Ratio,
        higher_is_better: false,
    },
    Metric {
        name: "logo_retention",
        title: "Logo retention",
        phrases: &[
            "logo retention",
            "logo retention rate",
            "customer retention",
            "customer retention rate",
            "retention of customers",
            "customers retained",
        ],
        source: Source::View {
            view: "logo_churn",
            column: "1 - logo_churn",
        },
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "nrr",
        title: "Net revenue retention",
        phrases: &[
            "nrr",
            "net revenue retention",
            "net retention",
            "net dollar retention",
            "ndr",
        ],
        source: Source::View {
            view: "nrr",
            column: "nrr",
        },
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "grr",
        title: "Gross revenue retention",
        phrases: &[
            "grr",
            "gross revenue retention",
            "gross retention",
            "gross dollar retention",
        ],
        source: Source::View {
            view: "nrr",
            column: "grr",
        },
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "health_score",
        title: "Health score",
        phrases: &[
            "health score",
            "health scores",
            "health",
            "how healthy",
            "account health",
            "customer health",
        ],
        source: fact("health", "avg(f.score)", "TRUE", None, Some("f.score")),
        unit: Unit::Count,
        higher_is_better: true,
    },
    // The accounts scored today, counted by their health ("accounts by health band").
    Metric {
        name: "scored_accounts",
        title: "Accounts scored",
        phrases: &[
            "scored accounts",
            "health scored accounts",
            "accounts with a health score",
        ],
        source: fact("health", "count(DISTINCT f.account_id)", "TRUE", None, None),
        unit: Unit::Count,
        higher_is_better: false,
    },
    // The monthly history of the health scores (`ontology.health_history`, taken on each month's first
    // day): asked for, not named, when a health question names a past period ([`HEALTH_HISTORY`]).
    Metric {
        name: "health_score_then",
        title: "Health score (monthly history)",
        phrases: &[],
        source: fact(
            "health_history",
            "avg(f.score)",
            "TRUE",
            Some("f.as_of"),
            Some("f.score"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "scored_accounts_then",
        title: "Accounts scored (monthly history)",
        phrases: &[],
        source: fact(
            "health_history",
            "count(DISTINCT f.account_id)",
            "TRUE",
            Some("f.as_of"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "vendors",
        title: "Vendors",
        phrases: &[
            "vendors",
            "number of vendors",
            "vendor count",
            "suppliers",
            "number of suppliers",
            "tools",
        ],
        source: fact("vendor", "count(*)", "TRUE", None, None),
        unit: Unit::Count,
        higher_is_better: false,
    },
    // At risk: the records the declared views `metrics.at_risk_accounts` and `metrics.deals_at_risk`
    // list, counted and summed like any others (by owner, industry, ...); "which accounts are at risk"
    // lists the views' rows with their reasons (`query::RECORD_VIEWS`).
    Metric {
        name: "at_risk_accounts",
        title: "Accounts at risk",
        phrases: &[
            "accounts at risk",
            "at risk accounts",
            "customers at risk",
            "at risk customers",
            "companies at risk",
            "accounts at risk of churning",
            "customers at risk of churning",
            "accounts likely to churn",
            "customers likely to churn",
            "likely to churn",
            "at risk of churning",
            "at risk of churn",
            "churn risk",
            "churn risks",
            "risky accounts",
        ],
        source: fact("account", "count(*)", AT_RISK_ACCOUNT, None, None),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "mrr_at_risk",
        title: "MRR at risk",
        phrases: &[
            "mrr at risk",
            "revenue at risk",
            "recurring revenue at risk",
            "at risk mrr",
            "at risk revenue",
        ],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.status IN ('active', 'past_due') AND f.account_id IN \
             (SELECT account_id FROM metrics.at_risk_accounts)",
            None,
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "deals_at_risk",
        title: "Deals at risk",
        phrases: &[
            "deals at risk",
            "at risk deals",
            "opportunities at risk",
            "at risk opportunities",
            "opps at risk",
            "risky deals",
            "risky opportunities",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            AT_RISK_DEAL,
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "pipeline_at_risk",
        title: "Pipeline at risk",
        phrases: &[
            "pipeline at risk",
            "at risk pipeline",
            "value of deals at risk",
            "amount of deals at risk",
        ],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            AT_RISK_DEAL,
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    // Records in a state ([`STATES`]): asked for by a state word next to the entity's noun.
    Metric {
        name: "lost_deals",
        title: "Deals lost",
        phrases: &[
            "lost deals",
            "deals lost",
            "closed lost",
            "closed lost deals",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            "f.is_closed AND NOT f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "lost_amount",
        title: "Value of deals lost",
        phrases: &[
            "lost revenue",
            "lost bookings",
            "amount lost",
            "value lost",
            "lost value",
            "lost amount",
            "dollars lost",
        ],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.is_closed AND NOT f.is_won",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    // The value of deals in any state, asked as the value of "the deals" ([`COUNT_AND_VALUE`]).
    Metric {
        name: "opportunity_value",
        title: "Value of deals",
        phrases: &[],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "TRUE",
            Some("CAST(f.created_at AS DATE)"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    // Still open after the day they were to close (`{today}`: the day asked).
    Metric {
        name: "slipped_deals",
        title: "Slipped deals",
        phrases: &[
            "slipped deals",
            "deals that slipped",
            "deals past their close date",
            "deals past close date",
            "overdue deals",
        ],
        source: fact(
            "opportunity",
            "count(*)",
            "NOT f.is_closed AND f.close_date < {today}",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "slipped_pipeline",
        title: "Value of slipped deals",
        phrases: &["slipped pipeline"],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "NOT f.is_closed AND f.close_date < {today}",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "canceled_subscriptions",
        title: "Subscriptions canceled",
        phrases: &[
            "canceled subscriptions",
            "cancelled subscriptions",
            "cancellations",
        ],
        source: fact(
            "subscription",
            "count(*)",
            "f.canceled_at IS NOT NULL",
            Some("f.canceled_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "canceled_mrr",
        title: "MRR of subscriptions canceled",
        phrases: &[],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.canceled_at IS NOT NULL",
            Some("f.canceled_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "open_tickets",
        title: "Open tickets",
        phrases: &["open tickets", "unresolved tickets", "tickets open"],
        source: fact(
            "ticket",
            "count(*)",
            "f.resolved_at IS NULL",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "breached_tickets",
        title: "Tickets that breached their SLA",
        phrases: &[
            "breached tickets",
            "tickets breached",
            "sla breaches",
            "sla misses",
            "breaches",
            "sla violations",
        ],
        source: fact(
            "ticket",
            "count(*)",
            "f.sla_breached",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "unpaid_invoices",
        title: "Unpaid invoices",
        phrases: &["unpaid invoices", "open invoices", "outstanding invoices"],
        source: fact(
            "revenue",
            "count(*)",
            "f.kind = 'invoice' AND f.status = 'open'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "void_invoices",
        title: "Void invoices",
        phrases: &[
            "void invoices",
            "voided invoices",
            "cancelled invoices",
            "canceled invoices",
        ],
        source: fact(
            "revenue",
            "count(*)",
            "f.kind = 'invoice' AND f.status = 'void'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "void_amount",
        title: "Voided invoice amount",
        phrases: &["voided amount", "amount voided"],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.kind = 'invoice' AND f.status = 'void'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "uncollectible_invoices",
        title: "Uncollectible invoices",
        phrases: &["uncollectible invoices", "bad debt invoices"],
        source: fact(
            "revenue",
            "count(*)",
            "f.kind = 'invoice' AND f.status = 'uncollectible'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "uncollectible_amount",
        title: "Uncollectible invoice amount",
        phrases: &["bad debt", "uncollectible amount", "amount written off"],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.kind = 'invoice' AND f.status = 'uncollectible'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "unpaid_amount",
        title: "Unpaid invoice amount",
        phrases: &[
            "unpaid amount",
            "amount unpaid",
            "outstanding amount",
            "outstanding balance",
            "accounts receivable",
            "receivables",
            "ar balance",
            "owe us",
            "owed to us",
            "still owed",
        ],
        source: fact(
            "revenue",
            "CAST(coalesce(sum(f.amount - f.amount_paid), 0) AS DECIMAL(18,2))",
            "f.kind = 'invoice' AND f.status = 'open'",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "closed_deals",
        title: "Deals closed (won or lost)",
        phrases: &["won or lost", "deals won or lost", "closed won or lost"],
        source: fact(
            "opportunity",
            "count(*)",
            "f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "closed_amount",
        title: "Value of deals closed (won or lost)",
        phrases: &[],
        source: fact(
            "opportunity",
            "CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2))",
            "f.is_closed",
            Some("f.close_date"),
            Some("f.amount"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "resolved_tickets",
        title: "Tickets resolved",
        phrases: &["resolved tickets", "closed tickets", "solved tickets"],
        source: fact(
            "ticket",
            "count(*)",
            "f.resolved_at IS NOT NULL",
            Some("f.resolved_at"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "resolution_hours",
        title: "Time to resolve (hours)",
        phrases: &[
            "resolution time",
            "time to resolve",
            "time to resolution",
            "time to close tickets",
            "mttr",
            "mean time to resolution",
            "mean time to resolve",
            "ticket resolution time",
            "ticket resolution",
            "resolution",
        ],
        source: fact(
            "ticket",
            "avg(CAST(date_part('epoch', f.resolved_at - f.opened_at) AS DOUBLE) / 3600.0)",
            "f.resolved_at IS NOT NULL",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Hours,
        higher_is_better: false,
    },
    // The same, in days ("average days to resolve"): [`HOURS_AND_DAYS`].
    Metric {
        name: "resolution_days",
        title: "Time to resolve (days)",
        phrases: &[],
        source: fact(
            "ticket",
            "avg(CAST(date_part('epoch', f.resolved_at - f.opened_at) AS DOUBLE) / 86400.0)",
            "f.resolved_at IS NOT NULL",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Days,
        higher_is_better: false,
    },
    // How long customers take to pay: from an invoice's issue to its payment, in days.
    Metric {
        name: "days_to_pay",
        title: "Days to pay",
        phrases: &[
            "days to pay",
            "time to pay",
            "time to payment",
            "days to payment",
            "payment time",
        ],
        source: fact(
            "revenue",
            "avg(CAST(date_part('epoch', f.paid_at - f.issued_at) AS DOUBLE) / 86400.0)",
            "f.kind = 'invoice' AND f.status = 'paid' AND f.paid_at IS NOT NULL",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Days,
        higher_is_better: false,
    },
    // Paid, but after the day they were due.
    Metric {
        name: "late_paid_invoices",
        title: "Invoices paid late",
        phrases: &[
            "paid late",
            "late payments",
            "late paid invoices",
            "invoices paid late",
            "paid after the due date",
            "paid after their due date",
            "paid past due",
        ],
        source: fact(
            "revenue",
            "count(*)",
            "f.kind = 'invoice' AND f.status = 'paid' AND f.paid_at > f.due_at",
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "new_subscriptions",
        title: "Subscriptions started",
        phrases: &[
            "new subscriptions",
            "subscriptions started",
            "subscriptions created",
        ],
        source: fact(
            "subscription",
            "count(*)",
            "TRUE",
            Some("f.started_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "new_customers",
        title: "New customers",
        phrases: &[
            "new customers",
            "new logos",
            "new clients",
            "customers acquired",
            "customer acquisition",
            "customers added",
            "customers we acquired",
            "customers we added",
            "customers we won",
            "acquired customers",
            "newly acquired customers",
            "customers did we add",
            "customers did we acquire",
            "customers did we sign",
            "customers did we win",
            "customers signed",
            "signed customers",
            "customers we signed",
        ],
        // Accounts whose first paid subscription started in the period.
        source: fact(
            "subscription",
            "count(DISTINCT f.account_id)",
            "f.status NOT IN ('trialing', 'incomplete', 'incomplete_expired') AND f.started_at = (SELECT min(s.started_at) FROM ontology.subscription s WHERE s.account_id = f.account_id AND s.status NOT IN ('trialing', 'incomplete', 'incomplete_expired'))",
            Some("f.started_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "past_due_subscriptions",
        title: "Past-due subscriptions",
        phrases: &["past due subscriptions", "delinquent subscriptions"],
        source: fact(
            "subscription",
            "count(*)",
            "f.status = 'past_due'",
            None,
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "past_due_customers",
        title: "Customers past due",
        phrases: &[
            "past due customers",
            "delinquent customers",
            "customers past due",
            "past due accounts",
            "delinquent accounts",
        ],
        source: fact(
            "subscription",
            "count(DISTINCT f.account_id)",
            "f.status = 'past_due'",
            None,
            None,
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    Metric {
        name: "past_due_mrr",
        title: "MRR of past-due subscriptions",
        phrases: &[],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.status = 'past_due'",
            None,
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "past_due_arr",
        title: "ARR of past-due subscriptions",
        phrases: &[],
        source: fact(
            "subscription",
            "CAST(coalesce(12 * sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.status = 'past_due'",
            None,
            Some("12 * f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "overdue_invoices",
        title: "Overdue invoices",
        phrases: &["number of overdue invoices"],
        source: fact(
            "revenue",
            "count(*)",
            OVERDUE,
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
    // MRR movements: the monthly flows of `metrics.mrr_movements` (contraction and churn are negative
    // there; asked for as "MRR lost", they are given as positive amounts).
    Metric {
        name: "new_mrr",
        title: "New MRR",
        phrases: &[
            "new mrr",
            "mrr from new customers",
            "new business mrr",
            "new recurring revenue",
            "new monthly recurring revenue",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "new",
        },
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "expansion_mrr",
        title: "Expansion MRR",
        phrases: &[
            "expansion mrr",
            "mrr expansion",
            "upsell mrr",
            "upsells",
            "expansion revenue",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "expansion",
        },
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "contraction_mrr",
        title: "Contraction MRR",
        phrases: &[
            "contraction mrr",
            "mrr contraction",
            "downgrades",
            "downgrade mrr",
            "mrr lost to downgrades",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "-contraction",
        },
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "churned_mrr",
        title: "Churned MRR",
        phrases: &[
            "churned mrr",
            "mrr churn",
            "mrr churned",
            "mrr lost to churn",
            "lost mrr",
            "mrr lost",
            "mrr we lost",
            "revenue churn",
            "canceled mrr",
            "cancelled mrr",
            "canceled subscription mrr",
            "cancelled subscription mrr",
            "canceled sub mrr",
            "cancelled sub mrr",
            "mrr canceled",
            "mrr of canceled subscriptions",
            "mrr of cancelled subscriptions",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "-churn",
        },
        unit: Unit::Money,
        higher_is_better: false,
    },
    Metric {
        name: "net_new_mrr",
        title: "Net new MRR",
        phrases: &[
            "net new mrr",
            "net mrr change",
            "net new recurring revenue",
            "net mrr added",
            "net mrr did we add",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "new + expansion + contraction + churn",
        },
        unit: Unit::Money,
        higher_is_better: true,
    },
    // Its yearly twin: twelve times the monthly movements.
    Metric {
        name: "net_new_arr",
        title: "Net new ARR",
        phrases: &[
            "net new arr",
            "net arr change",
            "net new annual recurring revenue",
        ],
        source: Source::Monthly {
            view: "mrr_movements",
            column: "12 * (new + expansion + contraction + churn)",
        },
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "sla_compliance_rate",
        title: "SLA compliance rate",
        phrases: &[
            "sla compliance",
            "sla compliance rate",
            "sla attainment",
            "sla hit rate",
            "share of tickets within sla",
        ],
        source: fact(
            "ticket",
            "CAST(sum(CASE WHEN f.sla_breached THEN 0 ELSE 1 END) AS DOUBLE) / CAST(nullif(count(*), 0) AS DOUBLE)",
            "TRUE",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Ratio,
        higher_is_better: true,
    },
    Metric {
        name: "tickets_within_sla",
        title: "Tickets within their SLA",
        phrases: &[
            "tickets within sla",
            "tickets within their sla",
            "tickets that met sla",
        ],
        source: fact(
            "ticket",
            "count(*)",
            "NOT f.sla_breached",
            Some("f.opened_at"),
            None,
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "paid_invoices",
        title: "Paid invoices",
        phrases: &[
            "paid invoices",
            "invoices paid",
            "settled invoices",
            "invoice payments",
            "number of payments",
        ],
        source: fact(
            "revenue",
            "count(*)",
            PAID_INVOICE,
            Some("f.issued_at"),
            Some("f.amount"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "trialing_subscriptions",
        title: "Trial subscriptions",
        phrases: &[
            "trial subscriptions",
            "trialing subscriptions",
            "trials",
            "free trials",
        ],
        source: fact(
            "subscription",
            "count(*)",
            "f.status = 'trialing'",
            Some("f.started_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "trial_mrr",
        title: "MRR in trials",
        phrases: &["trial mrr", "mrr in trials", "mrr in trial"],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.status = 'trialing'",
            Some("f.started_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    // Live subscriptions whose current period ends in the period asked: up for renewal then.
    Metric {
        name: "trial_arr",
        title: "ARR in trials",
        phrases: &["trial arr", "arr in trials", "arr in trial"],
        source: fact(
            "subscription",
            "CAST(coalesce(12 * sum(f.mrr), 0) AS DECIMAL(18,2))",
            "f.status = 'trialing'",
            Some("f.started_at"),
            Some("12 * f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "renewals",
        title: "Subscriptions up for renewal",
        phrases: &[
            "renewals",
            "subscriptions up for renewal",
            "up for renewal",
            "renewing subscriptions",
            "subscriptions renewing",
            "due for renewal",
        ],
        source: fact(
            "subscription",
            "count(*)",
            ACTIVE_SUBSCRIPTION,
            Some("f.current_period_end"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: true,
    },
    Metric {
        name: "renewal_mrr",
        title: "MRR up for renewal",
        phrases: &[
            "renewal mrr",
            "mrr up for renewal",
            "mrr due for renewal",
            "renewing mrr",
            "mrr renewing",
            "mrr renewal",
            "mrr comes up for renewal",
            "mrr coming up for renewal",
        ],
        source: fact(
            "subscription",
            "CAST(coalesce(sum(f.mrr), 0) AS DECIMAL(18,2))",
            ACTIVE_SUBSCRIPTION,
            Some("f.current_period_end"),
            Some("f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "renewal_arr",
        title: "ARR up for renewal",
        phrases: &[
            "renewal arr",
            "arr up for renewal",
            "arr due for renewal",
            "renewing arr",
            "arr renewing",
            "arr renewal",
            "arr comes up for renewal",
            "arr coming up for renewal",
        ],
        source: fact(
            "subscription",
            "CAST(coalesce(12 * sum(f.mrr), 0) AS DECIMAL(18,2))",
            ACTIVE_SUBSCRIPTION,
            Some("f.current_period_end"),
            Some("12 * f.mrr"),
        ),
        unit: Unit::Money,
        higher_is_better: true,
    },
    Metric {
        name: "churned_customers",
        title: "Customers churned",
        phrases: &[
            "churned customers",
            "lost customers",
            "customers lost",
            "customers churned",
        ],
        source: fact(
            "subscription",
            "count(DISTINCT f.account_id)",
            "f.canceled_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ontology.subscription s WHERE s.account_id = f.account_id AND s.status IN ('active', 'past_due', 'trialing'))",
            Some("f.canceled_at"),
            Some("f.mrr"),
        ),
        unit: Unit::Count,
        higher_is_better: false,
    },
];

/// A state a record can be in, named by a word next to its entity's noun ("deals we lost", "tickets
/// still open", "subscriptions cancelled in 2025"): a question about the entity's records with the
/// state's word asks for the state's metrics. Words are matched by their Snowball stem, so every form
/// counts ("cancelled", "canceled", "cancellations"), or, where a stem would be ambiguous, as written
/// ("closed" is a state, "closing" is when).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    /// The stems of the words that name the state.
    pub stems: &'static [&'static str],
    /// Words that name the state only in this form.
    pub words: &'static [&'static str],
    /// Words of its stems that do not name it ("opened" says when, not that it still is).
    pub except: &'static [&'static str],
    /// The metrics that name the entity's records, the generic one ("all deals") first.
    pub entity: &'static [&'static str],
    /// The metric counting the records in this state.
    pub count: &'static str,
    /// The metric summing their value, if they have one.
    pub value: Option<&'static str>,
    /// Where the word is read one way of several, what was assumed (never a confident answer).
    pub assumed: Option<&'static str>,
    /// The records *not* in this state, as (count metric, value metric), when that is one state itself:
    /// "tickets not resolved" are the open ones. `None`: "not" leaves several readings ("deals we did
    /// not win" may be lost or still open).
    pub opposite: Option<(&'static str, Option<&'static str>)>,
    /// The records not in this state *yet* ("deals not won yet" are still open), when [`State::opposite`]
    /// is not them.
    pub not_yet: Option<(&'static str, Option<&'static str>)>,
}

impl State {
    /// Whether `word` (whose stem is `stem`) names this state.
    pub fn named_by(&self, word: &str, stem: &str) -> bool {
        (self.stems.contains(&stem) && !self.except.contains(&word)) || self.words.contains(&word)
    }
}

/// Pairs of states of one kind of record that are independent facts of it, so that a record can be in
/// both: "open tickets that breached their SLA" (whether a ticket is resolved and whether it met its
/// SLA are separate). A won deal cannot have slipped, nor a paid invoice be overdue: those are not here.
pub const COMBINED_STATES: &[(&str, &str)] = &[
    ("open_tickets", "breached_tickets"),
    ("open_tickets", "tickets_within_sla"),
    ("resolved_tickets", "breached_tickets"),
    ("resolved_tickets", "tickets_within_sla"),
];

/// Whether the records of metrics `a` and `b` can be in both states at once ([`COMBINED_STATES`]).
pub fn combined_states(a: &str, b: &str) -> bool {
    COMBINED_STATES
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// Every [`State`].
pub const STATES: &[State] = &[
    // "accounts at risk", "how much MRR is at risk", "which deals are at risk".
    State {
        stems: &["risk", "riski"],
        words: &[],
        except: &[],
        entity: &["accounts", "customers", "mrr", "arr", "revenue"],
        count: "at_risk_accounts",
        value: Some("mrr_at_risk"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["risk", "riski"],
        words: &[],
        except: &[],
        entity: &["opportunities", "open_opportunities", "open_pipeline"],
        count: "deals_at_risk",
        value: Some("pipeline_at_risk"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["open", "still", "pend", "unclos", "activ"],
        words: &[],
        except: &["opened", "opening"],
        entity: &["opportunities", "won_deals", "bookings", "lost_deals"],
        count: "open_opportunities",
        value: Some("open_pipeline"),
        assumed: None,
        opposite: Some(("closed_deals", Some("closed_amount"))),
        not_yet: None,
    },
    State {
        stems: &[],
        words: &["closed"],
        except: &[],
        entity: &["opportunities", "open_opportunities"],
        count: "won_deals",
        value: Some("bookings"),
        assumed: Some("read \"closed\" deals as won ones (\"won or lost\" counts both)"),
        opposite: Some(("open_opportunities", Some("open_pipeline"))),
        not_yet: None,
    },
    State {
        stems: &["slip"],
        words: &[],
        except: &[],
        entity: &["opportunities", "open_opportunities", "open_pipeline"],
        count: "slipped_deals",
        value: Some("slipped_pipeline"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["lost", "lose"],
        words: &[],
        except: &[],
        // ("how much pipeline did we lose": the value of the deals lost.)
        entity: &[
            "opportunities",
            "won_deals",
            "bookings",
            "open_opportunities",
            "open_pipeline",
        ],
        count: "lost_deals",
        value: Some("lost_amount"),
        assumed: None,
        opposite: None,
        not_yet: Some(("open_opportunities", Some("open_pipeline"))),
    },
    State {
        stems: &["won", "win"],
        words: &[],
        except: &[],
        entity: &["opportunities", "open_opportunities", "lost_deals"],
        count: "won_deals",
        value: Some("bookings"),
        assumed: None,
        opposite: None,
        not_yet: Some(("open_opportunities", Some("open_pipeline"))),
    },
    State {
        stems: &["cancel", "churn", "termin"],
        words: &[],
        except: &[],
        entity: &["subscriptions"],
        count: "canceled_subscriptions",
        value: None,
        assumed: None,
        opposite: Some(("subscriptions", Some("mrr"))),
        not_yet: None,
    },
    State {
        stems: &["churn", "cancel", "lost", "lose", "leav"],
        words: &["left"],
        except: &[],
        entity: &["customers", "accounts"],
        count: "churned_customers",
        value: None,
        assumed: Some(
            "counted as churned the customers with a subscription canceled in the period and none active now",
        ),
        opposite: Some(("customers", None)),
        not_yet: None,
    },
    State {
        stems: &["past", "delinqu", "overdu", "late"],
        words: &[],
        except: &[],
        entity: &["subscriptions", "mrr"],
        count: "past_due_subscriptions",
        value: Some("past_due_mrr"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    // After the subscriptions' state: "the share of MRR past due" is of the subscriptions' MRR.
    State {
        stems: &["past", "delinqu", "behind"],
        words: &[],
        except: &[],
        entity: &["customers"],
        count: "past_due_customers",
        value: Some("past_due_mrr"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["open", "still", "unresolv", "unsolv", "outstand"],
        words: &[],
        except: &["opened", "opening"],
        entity: &["tickets", "sla_breach_rate", "breached_tickets"],
        count: "open_tickets",
        value: None,
        assumed: None,
        opposite: Some(("resolved_tickets", None)),
        not_yet: None,
    },
    // A help desk's "pending" is also one status of the unresolved tickets (waiting on the customer).
    State {
        stems: &["pend"],
        words: &[],
        except: &[],
        entity: &["tickets", "sla_breach_rate", "breached_tickets"],
        count: "open_tickets",
        value: None,
        assumed: Some(
            "read \"pending\" tickets as every unresolved one (a help desk's status \"pending\" is only some of them)",
        ),
        opposite: Some(("resolved_tickets", None)),
        not_yet: None,
    },
    State {
        stems: &["resolv", "solv", "fix"],
        words: &["closed"],
        except: &[],
        entity: &["tickets", "open_tickets"],
        count: "resolved_tickets",
        value: None,
        assumed: None,
        opposite: Some(("open_tickets", None)),
        not_yet: None,
    },
    State {
        stems: &["breach", "miss", "violat", "late", "overdu", "sla"],
        words: &[],
        except: &[],
        entity: &["tickets", "open_tickets"],
        count: "breached_tickets",
        value: None,
        assumed: None,
        opposite: Some(("tickets_within_sla", None)),
        not_yet: None,
    },
    State {
        stems: &["overdu", "late", "past"],
        words: &[],
        except: &[],
        entity: &["invoices", "billings", "unpaid_invoices", "unpaid_amount"],
        count: "overdue_invoices",
        value: Some("overdue_receivables"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["unpaid", "open", "outstand", "still", "owe"],
        words: &[],
        except: &["opened", "opening"],
        entity: &["invoices", "billings", "revenue"],
        count: "unpaid_invoices",
        value: Some("unpaid_amount"),
        assumed: None,
        opposite: Some(("paid_invoices", Some("revenue"))),
        not_yet: None,
    },
    State {
        stems: &["paid"],
        words: &[],
        except: &[],
        entity: &["invoices", "billings", "unpaid_invoices", "unpaid_amount"],
        count: "paid_invoices",
        value: Some("revenue"),
        assumed: None,
        opposite: Some(("unpaid_invoices", Some("unpaid_amount"))),
        not_yet: None,
    },
    // "how many invoices were voided", "how much is in uncollectible invoices".
    State {
        stems: &["void"],
        words: &[],
        except: &[],
        entity: &["invoices", "billings"],
        count: "void_invoices",
        value: Some("void_amount"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["uncollect"],
        // "invoices written off".
        words: &["uncollectible", "uncollectable", "written"],
        except: &[],
        entity: &["invoices", "billings"],
        count: "uncollectible_invoices",
        value: Some("uncollectible_amount"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &["trial"],
        words: &[],
        except: &[],
        entity: &["subscriptions", "mrr"],
        count: "trialing_subscriptions",
        value: Some("trial_mrr"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
    State {
        stems: &[],
        words: &["met"],
        except: &[],
        entity: &["tickets", "open_tickets", "resolved_tickets"],
        count: "tickets_within_sla",
        value: None,
        assumed: None,
        opposite: Some(("breached_tickets", None)),
        not_yet: None,
    },
    // "how much MRR did we lose to churn", "MRR lost last month".
    State {
        stems: &["churn", "lost", "lose", "cancel"],
        words: &[],
        except: &[],
        entity: &["mrr", "arr"],
        count: "churned_mrr",
        value: Some("churned_mrr"),
        assumed: None,
        opposite: None,
        not_yet: None,
    },
];

/// The records a state's count is a share of: "what percentage of tickets breached their SLA" is
/// breached tickets out of all tickets. The metric `name` counts the records in a state, and the
/// state's generic metric counts all of them, over the same table.
pub fn share_of(name: &str) -> Option<&'static Metric> {
    let counted = |m: &Metric| {
        matches!(m.source, Source::Fact { aggregate, .. }
            if aggregate == "count(*)" || aggregate == "count(DISTINCT f.account_id)")
    };
    let same_count = |a: &Metric, b: &Metric| match (a.source, b.source) {
        (Source::Fact { aggregate: x, .. }, Source::Fact { aggregate: y, .. }) => x == y,
        _ => false,
    };
    let amount = |m: &Metric| match m.source {
        Source::Fact {
            aggregate, amount, ..
        } if aggregate.contains("sum(") => amount,
        _ => None,
    };
    if let Some(state) = STATES.iter().find(|s| s.count == name) {
        let (part, whole) = (metric(name)?, metric(state.entity.first()?)?);
        return (counted(part)
            && counted(whole)
            && same_count(part, whole)
            && part.table() == whole.table())
        .then_some(whole);
    }
    // "what percentage of MRR is past due": the state's amount out of the amount of all its records,
    // for an amount that is only ever a part (revenue is a whole of its own: unpaid revenue is a part).
    // ("what share of October's billings is still unpaid": the unpaid amount is a part of the billed
    // amount, though overdue amounts are a part of it in turn.)
    if let Some((_, whole)) = SHARE_WHOLES.iter().find(|(part, _)| *part == name) {
        return metric(whole);
    }
    if STATES.iter().any(|s| s.entity.contains(&name)) {
        return None;
    }
    let state = STATES.iter().find(|s| s.value == Some(name))?;
    let part = metric(name)?;
    state.entity.iter().filter_map(|e| metric(e)).find(|whole| {
        whole.table() == part.table() && amount(whole).is_some() && amount(whole) == amount(part)
    })
}

/// Amounts that are a part of another and also a whole of their own parts: (the part, its whole).
const SHARE_WHOLES: &[(&str, &str)] = &[("unpaid_amount", "billings")];

/// An event that places a record in time, named by a verb ("deals closing this month", "tickets
/// resolved last week"): a period asked with it applies to the event's column rather than to the
/// metric's own. Words are matched as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// The canonical table.
    pub table: &'static str,
    /// The words that name it.
    pub words: &'static [&'static str],
    /// The column (the semantic query's `event`).
    pub column: &'static str,
    /// The column as a date or timestamp expression over `f`.
    pub expr: &'static str,
    /// The metric measuring how long the record took to reach the event, if one does.
    pub duration: Option<&'static str>,
    /// The metric counting the records the event happened to in a period, for a snapshot of the same
    /// records asked over a period ("how many subscriptions started this year").
    pub flow: Option<&'static str>,
}

/// The rate at which a state occurs, by the metric counting the records in that state: "how often do
/// tickets breach their SLA".
pub const RATES: &[(&str, &str)] = &[
    ("breached_tickets", "sla_breach_rate"),
    ("won_deals", "win_rate"),
    ("lost_deals", "loss_rate"),
];

/// Tables an account has several rows of, the column that says which is its latest, and the rows that
/// hold now: a breakdown through the account ("revenue by plan") takes the value of the account's
/// latest current row (its live subscription's plan; an account with none has no plan now), or over a
/// period already over, of its latest row (the plan of a customer who left since).
pub const LATEST_PER_ACCOUNT: &[(&str, &str, &str)] = &[(
    "subscription",
    "started_at",
    "d.status IN ('active', 'past_due')",
)];

/// The column ordering `table`'s rows of one account, latest first, and the condition of its current
/// rows, if a breakdown may go through it.
pub fn latest_per_account(table: &str) -> Option<(&'static str, &'static str)> {
    LATEST_PER_ACCOUNT
        .iter()
        .find(|(t, _, _)| *t == table)
        .map(|(_, order, current)| (*order, *current))
}

/// Health figures of today and their monthly history: a health question over a past period is
/// answered from the history ("red accounts on September 1st", "Acme's health score in June").
pub const HEALTH_HISTORY: &[(&str, &str)] = &[
    ("health_score", "health_score_then"),
    ("scored_accounts", "scored_accounts_then"),
    ("accounts", "scored_accounts_then"),
    ("customers", "scored_accounts_then"),
];

/// The declared figures computed over the 12 months up to today (their views' definitions).
pub const TRAILING_YEAR: &[&str] = &["logo_churn", "logo_retention", "gross_margin", "nrr", "grr"];

/// Every [`Event`].
pub const EVENTS: &[Event] = &[
    Event {
        table: "opportunity",
        words: &[
            "close", "closes", "closing", "closed", "win", "won", "winning", "due", "expected",
            "lose", "lost",
        ],
        column: "close_date",
        expr: "f.close_date",
        duration: Some("sales_cycle_days"),
        flow: None,
    },
    Event {
        table: "opportunity",
        words: &[
            "created",
            "creation",
            "opened",
            "added",
            "sourced",
            "generated",
            "entered",
        ],
        column: "created_at",
        expr: "CAST(f.created_at AS DATE)",
        duration: None,
        flow: None,
    },
    Event {
        table: "ticket",
        words: &[
            "opened",
            "raised",
            "created",
            "filed",
            "submitted",
            "logged",
            "came",
            "received",
        ],
        column: "opened_at",
        expr: "f.opened_at",
        duration: None,
        flow: None,
    },
    Event {
        table: "ticket",
        words: &[
            "resolve",
            "resolved",
            "resolving",
            "solve",
            "solved",
            "close",
            "closed",
            "closing",
            "fix",
            "fixed",
            "fixing",
        ],
        column: "resolved_at",
        expr: "f.resolved_at",
        duration: Some("resolution_hours"),
        flow: None,
    },
    Event {
        table: "revenue",
        words: &["issued", "sent", "billed", "invoiced", "raised", "created"],
        column: "issued_at",
        expr: "f.issued_at",
        duration: None,
        flow: None,
    },
    Event {
        table: "revenue",
        words: &["due"],
        column: "due_at",
        expr: "f.due_at",
        duration: None,
        flow: None,
    },
    // An invoice's own date ("invoices issued this year").
    Event {
        table: "revenue",
        words: &["issued", "raised", "sent"],
        column: "issued_at",
        expr: "f.issued_at",
        duration: None,
        flow: None,
    },
    Event {
        table: "revenue",
        words: &["paid", "pay", "pays", "collected", "settled", "received"],
        column: "paid_at",
        expr: "f.paid_at",
        duration: Some("days_to_pay"),
        flow: None,
    },
    Event {
        table: "subscription",
        words: &[
            "started",
            "start",
            "began",
            "signed",
            "created",
            "subscribed",
        ],
        column: "started_at",
        expr: "f.started_at",
        duration: None,
        flow: Some("new_subscriptions"),
    },
    Event {
        table: "subscription",
        words: &[
            "canceled",
            "cancelled",
            "cancel",
            "cancellation",
            "churned",
            "churn",
            "ended",
            "terminated",
            "left",
            "lost",
        ],
        column: "canceled_at",
        expr: "f.canceled_at",
        duration: None,
        flow: Some("canceled_subscriptions"),
    },
    Event {
        table: "account",
        words: &[
            "created",
            "added",
            "add",
            "signed",
            "acquired",
            "onboarded",
            "joined",
            "opened",
        ],
        column: "created_at",
        expr: "f.created_at",
        duration: None,
        flow: None,
    },
];

/// The column that dates when a record of `table` began: its age is the days since.
pub fn born(table: &str) -> Option<&'static str> {
    Some(match table {
        "opportunity" | "account" => "created_at",
        "ticket" => "opened_at",
        "revenue" => "issued_at",
        "subscription" => "started_at",
        "cost" => "incurred_on",
        _ => return None,
    })
}

/// The event of `table` whose column is `column`.
pub fn event(table: &str, column: &str) -> Option<&'static Event> {
    EVENTS
        .iter()
        .find(|e| e.table == table && e.column == column)
}

/// Whether `word` names an event of some table.
pub fn names_an_event(word: &str) -> bool {
    EVENTS.iter().any(|e| e.words.contains(&word))
}

/// The event of `table` that `word` names.
pub fn event_named(table: &str, word: &str) -> Option<&'static Event> {
    EVENTS
        .iter()
        .find(|e| e.table == table && e.words.contains(&word))
}

/// Pairs of metrics over the same records: (the count, the value). "How many" asks for the first,
/// "how much" or "the value of" for the second, whichever one the noun named.
pub const COUNT_AND_VALUE: &[(&str, &str)] = &[
    ("won_deals", "bookings"),
    ("open_opportunities", "open_pipeline"),
    ("lost_deals", "lost_amount"),
    ("slipped_deals", "slipped_pipeline"),
    ("opportunities", "opportunity_value"),
    ("invoices", "billings"),
    ("unpaid_invoices", "unpaid_amount"),
    ("closed_deals", "closed_amount"),
    ("past_due_subscriptions", "past_due_mrr"),
    ("overdue_invoices", "overdue_receivables"),
    ("void_invoices", "void_amount"),
    ("uncollectible_invoices", "uncollectible_amount"),
    ("deals_at_risk", "pipeline_at_risk"),
    ("trialing_subscriptions", "trial_mrr"),
    ("past_due_customers", "past_due_mrr"),
    ("renewals", "renewal_mrr"),
    ("paid_invoices", "revenue"),
    ("churned_customers", "churned_mrr"),
    ("at_risk_accounts", "mrr_at_risk"),
    ("cost_records", "spend"),
    // ("how many of our customers are green, yellow and red": the accounts scored, counted.)
    ("scored_accounts", "health_score"),
];

/// Rates and the count of the records they are the rate of: "SLA breach count" asks the second.
pub const RATE_AND_COUNT: &[(&str, &str)] = &[
    ("sla_breach_rate", "breached_tickets"),
    ("win_rate", "won_deals"),
    ("loss_rate", "lost_deals"),
    ("logo_churn", "churned_customers"),
];

/// The records behind a monthly figure, listed when its accounts are asked for: "which customers
/// churned this month, with their MRR" lists the subscriptions cancelled then.
pub const RECORDS_BEHIND: &[(&str, &str)] = &[
    ("churned_mrr", "canceled_subscriptions"),
    ("canceled_mrr", "canceled_subscriptions"),
    ("new_mrr", "new_subscriptions"),
];

/// Monthly figures of subscriptions and their yearly twins: "past-due ARR" is twelve times the MRR of
/// the same subscriptions.
pub const MONTHLY_AND_YEARLY: &[(&str, &str)] = &[
    ("mrr", "arr"),
    ("past_due_mrr", "past_due_arr"),
    ("trial_mrr", "trial_arr"),
    ("renewal_mrr", "renewal_arr"),
    ("net_new_mrr", "net_new_arr"),
];

/// Durations in hours and their twins in days: "mean resolution time in days" asks the second.
pub const HOURS_AND_DAYS: &[(&str, &str)] = &[("resolution_hours", "resolution_days")];

/// The yearly twin of the monthly figure `name` ([`MONTHLY_AND_YEARLY`]).
pub fn yearly(name: &str) -> Option<&'static str> {
    MONTHLY_AND_YEARLY
        .iter()
        .find(|(monthly, _)| *monthly == name)
        .map(|(_, yearly)| *yearly)
}

/// The [`RECORDS_BEHIND`] metric `name`.
pub fn records_behind(name: &str) -> Option<&'static str> {
    RECORDS_BEHIND
        .iter()
        .find(|(figure, _)| *figure == name)
        .map(|(_, records)| *records)
}

/// The metric named `name`.
pub fn metric(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// Where a dimension's column lives, seen from a metric's fact table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dimension {
    /// Its name: the result column and the semantic query's reference.
    pub name: &'static str,
    /// The phrases that name it after "by", "per" or "top N" (lowercase).
    pub phrases: &'static [&'static str],
    /// The canonical table holding the column (`account` for account attributes).
    pub table: &'static str,
    /// The column.
    pub column: &'static str,
    /// Whether its values are learned from the data (and then recognised in questions as filters).
    pub learned: bool,
    /// Where the column is an id, the table naming it: results and filters use the name.
    pub label: Option<Label>,
    /// Values the model defines, known even when no record has them yet (the health bands).
    pub known: &'static [&'static str],
    /// Other tables with the same column, meaning the same for their own records (a deal's owner).
    pub also_on: &'static [&'static str],
    /// Whether its table has one row per account (health): "accounts not in the green band" are the
    /// accounts whose band is another. Otherwise an account may have several rows (subscriptions), and
    /// "accounts not on the Enterprise plan" are those with no Enterprise subscription.
    pub one_per_account: bool,
    /// Whether the column lists several values, comma-separated (the systems holding an account): a
    /// value matches when it is listed.
    pub listed: bool,
    /// Whether the value is what the column ends with after its last " - ": a deal's kind, which only
    /// its name records ("Acme - Growth - Expansion"). Learned only when several records share it.
    pub name_suffix: bool,
}

/// The table that names a dimension's ids (Stripe products for plans, Salesforce users for owners).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    /// The qualified table (`stripe.product`).
    pub table: &'static str,
    /// Its id column, joined to the dimension's column.
    pub key: &'static str,
    /// Its name column.
    pub name: &'static str,
}

/// The nouns naming one record of `table`, said after a kind of it ("renewal deals").
pub fn record_nouns(table: &str) -> &'static [&'static str] {
    match table {
        "opportunity" => &[
            "deal",
            "deals",
            "opportunity",
            "opportunities",
            "opp",
            "opps",
        ],
        _ => &[],
    }
}

/// The fewest records that must end their name with a kind for it to be one ([`Dimension::name_suffix`]).
const MIN_NAME_SUFFIX_RECORDS: usize = 5;
/// The most kinds learned from names: the commonest first.
const MAX_NAME_SUFFIXES: usize = 20;

impl Dimension {
    /// The value expression over the table aliased `alias`: its column, or the label's name.
    pub fn expr(&self, alias: &str) -> String {
        match self.label {
            Some(l) => format!("{alias}_{}.{}", self.name, l.name),
            None if self.name_suffix => format!("split_part({alias}.{}, ' - ', -1)", self.column),
            None => format!("{alias}.{}", self.column),
        }
    }

    /// The condition that its value over the table aliased `alias` is one of `list` (SQL literals,
    /// comma-separated); for a listed column, that one of them is listed.
    pub fn is_in(&self, alias: &str, list: &str) -> String {
        if self.listed {
            format!(
                "array_has_any(string_to_array({}, ','), make_array({list}))",
                self.expr(alias)
            )
        } else {
            format!("{} IN ({list})", self.expr(alias))
        }
    }

    /// The join that `expr(alias)` needs, if any.
    pub fn join(&self, alias: &str) -> Option<String> {
        self.label.map(|l| {
            format!(
                " LEFT JOIN {table} {alias}_{name} ON {alias}_{name}.{key} = {alias}.{column}",
                table = l.table,
                name = self.name,
                key = l.key,
                column = self.column
            )
        })
    }

    /// The SQL listing the values it takes in the data, on its own table and (for a column of its
    /// own, no label) the other tables it is on: the warehouse is a source of costs only.
    pub fn values_sql(&self) -> String {
        let expr = self.expr("d");
        // A kind said at the end of names is one only when several records end with it, out of a
        // handful: names with no such convention say no kinds.
        if self.name_suffix {
            return format!(
                "SELECT v FROM (SELECT {expr} AS v, count(*) AS n FROM ontology.{table} d \
                 WHERE d.{column} LIKE '% - %' GROUP BY 1) kinds WHERE n >= {min} ORDER BY n DESC \
                 LIMIT {max}",
                table = self.table,
                column = self.column,
                min = MIN_NAME_SUFFIX_RECORDS,
                max = MAX_NAME_SUFFIXES,
            );
        }
        let mut tables = vec![self.table];
        if self.label.is_none() {
            tables.extend(self.also_on);
        }
        let each = tables
            .iter()
            .map(|table| {
                format!(
                    "SELECT CAST({expr} AS VARCHAR) AS v FROM ontology.{table} d{} WHERE {expr} IS NOT NULL",
                    self.join("d").unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ");
        format!("SELECT DISTINCT v FROM ({each}) learned LIMIT 10000")
    }
}

/// Where the other names of a dimension's values are: (dimension, a query of (alias, value) pairs). The
/// names each source gives a resolved vendor or account are names people use for it.
pub const ALIASES: &[(&str, &str)] = &[
    (
        "vendor",
        "SELECT DISTINCT s.source_name, v.name FROM ontology.vendor_source s \
         JOIN ontology.vendor v ON v.vendor_id = s.vendor_id LIMIT 10000",
    ),
    (
        "account",
        "SELECT DISTINCT s.source_name, a.name FROM ontology.account_source s \
         JOIN ontology.account a ON a.account_id = s.account_id LIMIT 100000",
    ),
];

/// Every dimension.
pub const DIMENSIONS: &[Dimension] = &[
    Dimension {
        name: "industry",
        phrases: &[
            "industry",
            "industries",
            "vertical",
            "verticals",
            "sector",
            "sectors",
            "segment",
        ],
        table: "account",
        column: "industry",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "country",
        phrases: &[
            "country",
            "countries",
            "geo",
            "geography",
            "region",
            "regions",
            "market",
            "markets",
        ],
        table: "account",
        column: "country",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "account",
        phrases: &[
            "account",
            "accounts",
            "customer",
            "customers",
            "client",
            "clients",
            "company",
            "companies",
            "logo",
            "logos",
        ],
        table: "account",
        column: "name",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "owner",
        phrases: &[
            "owner",
            "owners",
            "account owner",
            "account owners",
            "rep",
            "reps",
            "sales rep",
            "sales reps",
            "salesperson",
            "salespeople",
            "account executive",
            "account executives",
        ],
        table: "account",
        column: "owner",
        learned: true,
        label: None,
        known: &[],
        also_on: &["opportunity"],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "stage",
        phrases: &[
            "stage",
            "stages",
            "deal stage",
            "sales stage",
            "pipeline stage",
        ],
        table: "opportunity",
        column: "stage",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    // A deal's kind ("expansion deals", "renewal opportunities"), which only its name says: learned
    // from the names' common endings.
    Dimension {
        name: "deal_kind",
        phrases: &[
            "deal kind",
            "deal type",
            "kind of deal",
            "type of deal",
            "opportunity type",
            "opportunity kind",
        ],
        table: "opportunity",
        column: "name",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: true,
    },
    Dimension {
        name: "plan",
        phrases: &[
            "plan",
            "plans",
            "tier",
            "tiers",
            "product",
            "products",
            "pricing plan",
        ],
        table: "subscription",
        column: "plan",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "vendor",
        phrases: &[
            "vendor",
            "vendors",
            "supplier",
            "suppliers",
            "provider",
            "providers",
        ],
        table: "cost",
        column: "vendor",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "category",
        phrases: &[
            "category",
            "categories",
            "cost category",
            "expense category",
            "spend category",
        ],
        table: "cost",
        column: "category",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "department",
        phrases: &[
            "department",
            "departments",
            "team",
            "teams",
            "cost center",
            "cost centers",
        ],
        table: "cost",
        column: "department",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    // The state a subscription, ticket or invoice is in, as its source names it; not learned, so that
    // "open" and "past due" stay the state words of [`STATES`].
    Dimension {
        name: "status",
        phrases: &[
            "status",
            "statuses",
            "each status",
            "billing status",
            "subscription status",
            "ticket status",
            "invoice status",
        ],
        table: "subscription",
        column: "status",
        learned: false,
        label: None,
        known: &[],
        also_on: &["ticket", "revenue"],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    // The currency a record was made out in ("invoices in GBP", "billings by currency"); amounts
    // stay in the reporting currency.
    Dimension {
        name: "currency",
        phrases: &[
            "currency",
            "currencies",
            "billing currency",
            "invoice currency",
            "each currency",
        ],
        table: "revenue",
        column: "currency",
        learned: true,
        label: None,
        known: &[],
        also_on: &["opportunity", "subscription", "cost"],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    // The system a record came from ("revenue from Stripe", "spend booked in NetSuite", "by source
    // system"). Not on deals: a deal's "lead source" is another thing, which the model does not hold.
    Dimension {
        name: "source",
        phrases: &[
            "source system",
            "source systems",
            "system of record",
            "billing system",
            "source",
            "sources",
        ],
        table: "revenue",
        column: "source",
        learned: true,
        label: None,
        known: &[],
        also_on: &["cost", "subscription"],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    // The systems that hold an account ("Salesforce accounts not in Stripe", "customers with no
    // NetSuite record"): the account's own `sources`, read by the parser from the systems' names when
    // the question is about accounts (never a breakdown: an account is in several).
    Dimension {
        name: "system",
        phrases: &[],
        table: "account",
        column: "sources",
        learned: false,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: true,
        listed: true,
        name_suffix: false,
    },
    // Accounts' web domains: asked after as missing ("accounts with no domain").
    Dimension {
        name: "domain",
        phrases: &["domain", "domains", "website", "web domain"],
        table: "account",
        column: "domain",
        learned: false,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: true,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "priority",
        phrases: &["priority", "priorities", "severity", "ticket priority"],
        table: "ticket",
        column: "priority",
        learned: true,
        label: None,
        known: &[],
        also_on: &[],
        one_per_account: false,
        listed: false,
        name_suffix: false,
    },
    Dimension {
        name: "band",
        phrases: &[
            "health band",
            "health bands",
            "health",
            "band",
            "bands",
            "health status",
        ],
        table: "health",
        column: "band",
        learned: true,
        label: None,
        known: &["green", "yellow", "red"],
        also_on: &["health_history"],
        one_per_account: true,
        listed: false,
        name_suffix: false,
    },
];

/// The dimension named `name`.
pub fn dimension(name: &str) -> Option<&'static Dimension> {
    DIMENSIONS.iter().find(|d| d.name == name)
}

/// How a dimension is reached from a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A column of the fact itself: `f.<column>`.
    Local,
    /// An account attribute, through `JOIN ontology.account a ON a.account_id = f.account_id` (one account
    /// per fact row: no fan-out).
    Account,
    /// Only as a filter: `f.account_id IN (SELECT account_id FROM ontology.<table> WHERE ...)`, never a
    /// breakdown (a fact row does not belong to one value of another fact's column).
    AccountSet,
}

/// How `dimension` is reached from `metric`, or `None` if it is not.
pub fn reach(metric: &Metric, dimension: &Dimension) -> Option<Reach> {
    let table = metric.table()?;
    // A table reaches accounts when its rows carry an account id (`health` too).
    let carries_account = |name: &str| {
        aos_ontology::model::mapped_table(name)
            .is_some_and(|t| t.has_account || t.column("account_id").is_some())
    };
    let has_account = table == "account" || carries_account(table);
    if dimension.table == table || dimension.also_on.contains(&table) {
        Some(Reach::Local)
    } else if dimension.table == "account" && has_account {
        Some(Reach::Account)
    } else if has_account && carries_account(dimension.table) {
        Some(Reach::AccountSet)
    } else {
        None
    }
}

/// A persona: who asks, what they lead with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Persona {
    /// Its name (`cfo`, `cro`, `coo`, `cto`).
    pub name: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The metrics its dashboard leads with, first the headline.
    pub metrics: &'static [&'static str],
    /// The figures charted over time on its dashboard.
    pub trends: &'static [&'static str],
    /// The breakdowns its dashboard shows: (metric, dimension).
    pub breakdowns: &'static [(&'static str, &'static str)],
}

/// The personas of DESIGN §1.
pub const PERSONAS: &[Persona] = &[
    Persona {
        name: "cfo",
        title: "CFO",
        metrics: &[
            "arr",
            "mrr",
            "revenue",
            "gross_margin",
            "dso",
            "overdue_receivables",
            "nrr",
        ],
        trends: &["revenue", "spend"],
        breakdowns: &[("revenue", "industry"), ("spend", "category")],
    },
    Persona {
        name: "cro",
        title: "CRO",
        metrics: &[
            "bookings",
            "open_pipeline",
            "weighted_pipeline",
            "win_rate",
            "average_deal_size",
            "sales_cycle_days",
        ],
        trends: &["bookings"],
        breakdowns: &[("open_pipeline", "stage"), ("bookings", "industry")],
    },
    Persona {
        name: "coo",
        title: "COO",
        metrics: &[
            "customers",
            "logo_churn",
            "nrr",
            "tickets",
            "sla_breach_rate",
            "spend",
        ],
        trends: &["tickets", "spend"],
        breakdowns: &[("tickets", "priority"), ("spend", "department")],
    },
    Persona {
        name: "cto",
        title: "CTO",
        metrics: &["api_calls", "sla_breach_rate", "tickets", "spend"],
        trends: &["api_calls", "tickets"],
        breakdowns: &[("spend", "vendor"), ("tickets", "priority")],
    },
];

/// The persona named `name` (case-insensitive).
pub fn persona(name: &str) -> Option<&'static Persona> {
    PERSONAS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_metric_and_dimension_names_real_ontology_columns() {
        for m in METRICS {
            if let Source::Fact { table, .. } = m.source {
                assert!(
                    table == "account"
                        || table == "vendor"
                        || aos_ontology::model::mapped_table(table).is_some(),
                    "{}: no table {table}",
                    m.name
                );
            }
        }
        for d in DIMENSIONS {
            let table = if d.table == "account" {
                Some(&aos_ontology::model::ACCOUNT)
            } else {
                aos_ontology::model::mapped_table(d.table)
            };
            assert!(
                table.and_then(|t| t.column(d.column)).is_some(),
                "{}: no column {}.{}",
                d.name,
                d.table,
                d.column
            );
        }
        for p in PERSONAS {
            for m in p.metrics.iter().chain(p.trends) {
                assert!(metric(m).is_some(), "{}: no metric {m}", p.name);
            }
            for (m, d) in p.breakdowns {
                let (m, d) = (metric(m).unwrap(), dimension(d).unwrap());
                assert_eq!(reach(m, d).map(|r| r != Reach::AccountSet), Some(true));
            }
        }
    }

    #[test]
    fn dimensions_reach_facts_without_fan_out() {
        let revenue = metric("revenue").unwrap();
        assert_eq!(
            reach(revenue, dimension("industry").unwrap()),
            Some(Reach::Account)
        );
        assert_eq!(
            reach(revenue, dimension("plan").unwrap()),
            Some(Reach::AccountSet)
        );
        assert_eq!(reach(revenue, dimension("vendor").unwrap()), None);
        assert_eq!(
            reach(metric("spend").unwrap(), dimension("industry").unwrap()),
            None
        );
        assert_eq!(
            reach(metric("accounts").unwrap(), dimension("country").unwrap()),
            Some(Reach::Local)
        );
        assert_eq!(
            reach(metric("dso").unwrap(), dimension("country").unwrap()),
            None
        );
    }
}
