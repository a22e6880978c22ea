//! A validated [`SemanticQuery`] to SQL over schemas `ontology` and `metrics`.
//!
//! Each metric is aggregated on its own fact table first (one subquery per metric and period), joined to
//! `ontology.account` only many-to-one, and the per-metric results are then joined on the breakdown keys:
//! no fact is ever joined to another fact, so nothing is counted twice. Every value written into the SQL
//! goes through [`sql_string`] or is a number or date the compiler formats itself.

use std::fmt::Write;

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{self, Metric, Reach, Source};
use crate::query::{
    Aggregation, Comparison, Filter, NumberField, Order, SemanticQuery, history, record_table,
    record_view,
};
use crate::time::{Grain, Period};

/// `value` as a SQL string literal: in single quotes, each quote doubled. The only way a text value
/// enters NLQ's SQL.
pub fn sql_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// The literal for `day` compared with `expr`: a timestamp for timestamp columns, else a date.
fn day_literal(expr: &str, day: NaiveDate) -> String {
    let column = expr.strip_prefix("f.").unwrap_or("");
    let timestamp = [
        "issued_at",
        "created_at",
        "opened_at",
        "started_at",
        "canceled_at",
        "paid_at",
        "due_at",
        "resolved_at",
    ]
    .contains(&column);
    if timestamp {
        format!("TIMESTAMP '{day} 00:00:00'")
    } else {
        format!("DATE '{day}'")
    }
}

/// Where `dim` is read for `metric`'s records: on the fact (`f`) or on its account (`a`, which then
/// needs the account join); the join naming its ids, if it has one, is added to `labels`.
fn dimension_alias(
    metric: &Metric,
    dim: &model::Dimension,
    past: bool,
    join: &mut bool,
    labels: &mut Vec<String>,
) -> String {
    let alias = match model::reach(metric, dim) {
        Some(Reach::Account) => {
            *join = true;
            "a".to_string()
        }
        // "revenue by plan": through the account's latest row of the dimension's table, one per account.
        Some(Reach::AccountSet)
            if let Some((order, current)) = model::latest_per_account(dim.table) =>
        {
            // Over a period already over, the latest row of each account, current or not (the plan
            // then of a customer who left since); else its current one.
            let current = if past { "TRUE" } else { current };
            let alias = format!("l_{}", dim.name);
            let latest = format!(
                " LEFT JOIN (SELECT account_id, {column} FROM (SELECT d.account_id, d.{column}, \
                 row_number() OVER (PARTITION BY d.account_id ORDER BY d.{order} DESC) AS n \
                 FROM ontology.{table} d WHERE d.account_id IS NOT NULL AND {current}) latest \
                 WHERE n = 1) {alias} ON {alias}.account_id = f.account_id",
                column = dim.column,
                table = dim.table,
            );
            if !labels.contains(&latest) {
                labels.push(latest);
            }
            alias
        }
        _ => "f".to_string(),
    };
    if let Some(label) = dim.join(&alias).filter(|j| !labels.contains(j)) {
        labels.push(label);
    }
    alias
}

/// `sql` with each invoice's amount (`f.amount`) in the currency it was made out in.
fn in_own_currency(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 18);
    let mut rest = sql;
    while let Some(at) = rest.find("f.amount") {
        let (before, after) = rest.split_at(at + "f.amount".len());
        out.push_str(before);
        if !after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            out.push_str("_original");
        } else if let Some(after_paid) = after.strip_prefix("_paid")
            && !after_paid.starts_with(|c: char| c.is_alphanumeric() || c == '_')
        {
            // The part paid, at the invoice's own rate (both amounts are in USD).
            out.push_str("_paid * f.amount_original / nullif(f.amount, 0)");
            rest = after_paid;
            continue;
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The aggregate of metrics that count accounts ("customers"): their records are the accounts.
pub const ACCOUNTS_COUNTED: &str = "count(DISTINCT f.account_id)";

/// One metric over one period: a subquery with the breakdown keys and one value column.
struct Measure<'a> {
    metric: &'static Metric,
    period: Option<&'a Period>,
    alias: String,
}

/// The SQL answering `q`, relative to `today` (for snapshot metrics' history).
pub fn compile(q: &SemanticQuery, today: NaiveDate) -> String {
    let metrics: Vec<&'static Metric> = q.metrics.iter().filter_map(|m| model::metric(m)).collect();
    if q.records
        && let Some(metric) = metrics.first()
    {
        return records_sql(metric, q, today);
    }
    // "tickets this year divided by the 10 months elapsed": the figure, over the number.
    if let (Some(divisor), [metric]) = (q.divided_by, metrics.as_slice()) {
        let whole = SemanticQuery {
            divided_by: None,
            ..q.clone()
        };
        let name = metric.name;
        return format!(
            "SELECT CAST({name} AS DOUBLE) / {divisor:?} AS {name} FROM ({}) whole",
            compile(&whole, today)
        );
    }
    // A share in percent (0-100) or as a fraction (0-1), as asked, of the rows of the breakdown.
    let scale = share_scale(q);
    let rows = || SemanticQuery {
        aggregation: None,
        ..q.clone()
    };
    // "what % of MRR do our five largest customers account for": the top rows' sum over the whole's.
    if q.top_share()
        && let Some(metric) = metrics.first()
    {
        let whole = SemanticQuery {
            aggregation: None,
            dimensions: Vec::new(),
            order: None,
            limit: None,
            ..q.clone()
        };
        let name = metric.name;
        let whole = compile(&whole, today);
        if q.named
            && q.limit == Some(1)
            && let [dimension] = q.dimensions.as_slice()
        {
            return format!(
                "SELECT ranked.{dimension}, {scale}CAST(ranked.{name} AS DOUBLE) / CAST(nullif((SELECT {name} FROM ({whole}) everything), 0) AS DOUBLE) AS {name}_share FROM ({}) ranked",
                compile(&rows(), today)
            );
        }
        return format!(
            "SELECT {scale}CAST(sum(ranked.{name}) AS DOUBLE) / CAST(nullif((SELECT {name} FROM ({whole}) everything), 0) AS DOUBLE) AS {name}_share FROM ({}) ranked",
            compile(&rows(), today)
        );
    }
    // "what share of revenue came in each currency": each row's figure over all rows'.
    if q.row_share()
        && let (Some(metric), [dimension]) = (metrics.first(), q.dimensions.as_slice())
    {
        let name = metric.name;
        return format!(
            "SELECT {dimension}, {scale}CAST({name} AS DOUBLE) / CAST(nullif(sum({name}) OVER (), 0) AS DOUBLE) AS {name}_share FROM ({}) rows ORDER BY {name}_share DESC NULLS LAST, {dimension} ASC NULLS LAST",
            compile(&rows(), today)
        );
    }
    // "revenue growth in Q3 vs Q3 last year, in percent": the change from the compared period.
    if (q.growth || q.difference)
        && let Some(metric) = metrics.first()
    {
        // (A growth asked as a share is a fraction of the earlier figure, not a percentage.)
        let fraction = q.growth && q.aggregation == Some(Aggregation::Share);
        let both = SemanticQuery {
            growth: false,
            difference: false,
            aggregation: if fraction { None } else { q.aggregation },
            ..q.clone()
        };
        let scale = if fraction { "" } else { "100.0 * " };
        let name = metric.name;
        let figure = if q.growth {
            format!(
                "{scale}(CAST({name} AS DOUBLE) - CAST({name}_compared AS DOUBLE)) / CAST(nullif({name}_compared, 0) AS DOUBLE) AS {name}_growth"
            )
        } else {
            format!("{name} - {name}_compared AS {name}_change")
        };
        return per_row(q, &figure, &compile(&both, today), "compared");
    }
    // "how much more did we bring in than we spent": the first figure less the second; "2025 costs /
    // 2025 revenue": the first over the second.
    if (q.net || q.ratio)
        && let [first, second] = metrics.as_slice()
    {
        let both = SemanticQuery {
            net: false,
            ratio: false,
            order: None,
            limit: None,
            ..q.clone()
        };
        let (a, b) = (first.name, second.name);
        let figure = if q.net {
            format!("{a} - {b} AS {a}_less_{b}")
        } else {
            format!("CAST({a} AS DOUBLE) / CAST(nullif({b}, 0) AS DOUBLE) AS {a}_per_{b}")
        };
        return per_row(q, &figure, &compile(&both, today), "figures");
    }
    // "which plan is Acme on": the breakdown's values, no figure.
    if q.values
        && let Some(metric) = metrics.first()
    {
        let mut sql = unaliased_sql(metric, q, today);
        // ("list the industries": the values there are, no blank among them.)
        if let ([dimension], true) = (q.dimensions.as_slice(), q.filters.is_empty()) {
            return format!("SELECT * FROM ({sql}) v WHERE v.{dimension} IS NOT NULL ORDER BY 1");
        }
        let keys: Vec<String> = (1..=q.dimensions.len()).map(|i| i.to_string()).collect();
        let _ = write!(sql, " ORDER BY {}", keys.join(", "));
        return sql;
    }
    // "how many customers have more than 20 tickets": the rows of the breakdown, counted.
    if q.count_rows {
        let rows = SemanticQuery {
            count_rows: false,
            order: None,
            limit: None,
            ..q.clone()
        };
        let name = q.dimensions.first().map_or("rows", String::as_str);
        return format!(
            "SELECT count(*) AS {name}_count FROM ({}) breakdown",
            compile(&rows, today)
        );
    }
    // "average monthly revenue", "average bookings per rep": the average of the figures of each
    // period, or of each value of the breakdown.
    let of_periods = match q.aggregation {
        Some(Aggregation::Average) => Some("avg"),
        // ("max DAU in September": the busiest day's.)
        Some(Aggregation::Maximum) if q.grain.is_some() => Some("max"),
        Some(Aggregation::Minimum) if q.grain.is_some() => Some("min"),
        _ => None,
    };
    if let Some(of_periods) = of_periods
        && ((q.grain.is_some() && !q.per_record) || q.per_group)
        && let Some(metric) = metrics.first()
    {
        let per_period = SemanticQuery {
            aggregation: None,
            per_group: false,
            order: None,
            limit: None,
            ..q.clone()
        };
        let name = metric.name;
        let inner = compile(&per_period, today);
        if q.dimensions.is_empty() || q.per_group {
            return format!("SELECT {of_periods}({name}) AS {name} FROM ({inner}) per_period");
        }
        // "average daily active users by country": each country's average day.
        let dimensions = q.dimensions.join(", ");
        let direction = match q.order {
            Some(Order::Asc) => "ASC",
            Some(Order::Desc) | None => "DESC",
        };
        let limit = q.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        return format!(
            "SELECT {dimensions}, {of_periods}({name}) AS {name} FROM ({inner}) per_period \
             GROUP BY {dimensions} ORDER BY {name} {direction} NULLS LAST, {dimensions}{limit}"
        );
    }
    let mut measures = Vec::new();
    for m in &metrics {
        // "how many industries": the column says what was counted.
        let alias = match (&q.distinct, q.aggregation) {
            (Some(d), _) => format!("distinct_{d}"),
            (None, Some(Aggregation::Latest)) => format!("latest_{}", m.name),
            (None, Some(Aggregation::Earliest)) => format!("first_{}", m.name),
            (None, _) => m.name.to_string(),
        };
        measures.push(Measure {
            metric: m,
            period: q.time.as_ref(),
            alias,
        });
    }
    if let Some(compare) = &q.compare {
        for m in &metrics {
            measures.push(Measure {
                metric: m,
                period: Some(compare),
                alias: format!("{}_compared", m.name),
            });
        }
    }
    let mut keys: Vec<String> = Vec::new();
    if let Some(g) = q.grain {
        keys.push(g.name().to_string());
    }
    keys.extend(q.dimensions.iter().cloned());
    let first = measures
        .first()
        .map(|m| m.alias.clone())
        .unwrap_or_default();
    let order = order_by(q, &keys, &first);

    if measures.len() == 1 {
        let mut sql = measure_sql(&measures[0], q, today);
        sql.push_str(&order);
        return sql;
    }
    let mut sql = String::from("WITH ");
    for (i, m) in measures.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "m{} AS ({})", i + 1, measure_sql(m, q, today));
    }
    sql.push_str(" SELECT ");
    let mut select = Vec::new();
    for k in &keys {
        let sources: Vec<String> = (1..=measures.len()).map(|i| format!("m{i}.{k}")).collect();
        select.push(format!("coalesce({}) AS {k}", sources.join(", ")));
    }
    for (i, m) in measures.iter().enumerate() {
        select.push(format!("m{}.{}", i + 1, m.alias));
    }
    sql.push_str(&select.join(", "));
    sql.push_str(" FROM m1");
    for i in 2..=measures.len() {
        if keys.is_empty() {
            let _ = write!(sql, " CROSS JOIN m{i}");
        } else {
            let on: Vec<String> = keys
                .iter()
                .map(|k| {
                    let left: Vec<String> = (1..i).map(|j| format!("m{j}.{k}")).collect();
                    let left = if left.len() == 1 {
                        left[0].clone()
                    } else {
                        format!("coalesce({})", left.join(", "))
                    };
                    // In parentheses: the SQL parser reads `a IS NOT DISTINCT FROM b AND c` as
                    // `a IS NOT DISTINCT FROM (b AND c)`.
                    format!("({left} IS NOT DISTINCT FROM m{i}.{k})")
                })
                .collect();
            let _ = write!(sql, " FULL JOIN m{i} ON {}", on.join(" AND "));
        }
    }
    sql.push_str(&order);
    sql
}

/// `figure` computed on each row of `inner` (the rows of `q`'s breakdown, or its one row), beside the
/// breakdown's keys and in their order.
fn per_row(q: &SemanticQuery, figure: &str, inner: &str, alias: &str) -> String {
    let mut keys: Vec<String> = q.grain.iter().map(|g| g.name().to_string()).collect();
    keys.extend(q.dimensions.iter().cloned());
    let mut select = keys.clone();
    select.push(figure.to_string());
    let mut sql = format!("SELECT {} FROM ({inner}) {alias}", select.join(", "));
    if !keys.is_empty() {
        let _ = write!(sql, " ORDER BY {}", keys.join(", "));
    }
    sql
}

/// The records `metric` counts, with the columns of [`crate::query::RECORD_TABLES`], ranked by their
/// amount as asked, else by their first columns.
fn records_sql(metric: &'static Metric, q: &SemanticQuery, today: NaiveDate) -> String {
    // The whole list of a listing view, with its reasons: "which deals are at risk?"; or the rows
    // over a threshold on the figure it ranks by ("at-risk accounts with over $10k MRR at risk").
    let thresholds: Vec<(Comparison, f64)> = q
        .filters
        .iter()
        .filter_map(|f| match f {
            Filter::Number {
                field: NumberField::Measure,
                op,
                value,
            } => Some((*op, *value)),
            _ => None,
        })
        .collect();
    if let Some((view, columns, order)) = record_view(metric.name)
        && thresholds.len() == q.filters.len()
        && q.time.is_none()
        && q.rank_by.is_none()
    {
        // ("tickets from at-risk accounts": the ids of the accounts the view lists.)
        if q.account_ids {
            return format!("SELECT account_id FROM metrics.{view}");
        }
        // ("the 5 largest deals at risk": each with the figure it is ranked by, not the whole row.)
        let ranked_by = order.split_whitespace().next().unwrap_or("name");
        let columns = if ranked_by != "name" && (q.limit.is_some() || !thresholds.is_empty()) {
            format!("name, {ranked_by}")
        } else {
            columns.to_string()
        };
        let wheres: Vec<String> = thresholds
            .iter()
            .map(|(op, value)| format!("{ranked_by} {} {value}", op.sql()))
            .collect();
        let mut sql = format!("SELECT {columns} FROM metrics.{view}");
        if !wheres.is_empty() {
            let _ = write!(sql, " WHERE {}", wheres.join(" AND "));
        }
        let _ = write!(sql, " ORDER BY {order}");
        if let Some(limit) = q.limit {
            let _ = write!(sql, " LIMIT {limit}");
        }
        return sql;
    }
    let counts_accounts = q.accounts
        || matches!(metric.source, Source::Fact { aggregate, .. } if aggregate.starts_with(ACCOUNTS_COUNTED));
    let record = metric
        .table()
        .filter(|_| !counts_accounts)
        .and_then(record_table);
    // Ranked by when the records happened: the event asked for ("by creation date"), else their own.
    let event = q
        .event
        .as_deref()
        .zip(metric.table())
        .and_then(|(e, table)| model::event(table, e));
    let time = match metric.source {
        Source::Fact { time, .. } if q.by_time && !counts_accounts => event
            .map(|e| format!("f.{}", e.column))
            .or(time.map(str::to_string)),
        _ => None,
    };
    let rank = match q.rank_by {
        _ if time.is_some() => time,
        Some(NumberField::Employees) => Some("employees".to_string()),
        _ if q.names_only => None,
        _ => record.and_then(|(_, _, rank)| rank.map(str::to_string)),
    };
    let first = record
        .and_then(|(_, columns, _)| columns.first())
        .and_then(|c| c.rsplit(" AS ").next())
        .unwrap_or("name");
    let mut sql = unaliased_sql(metric, q, today);
    // Records with a measure come largest first unless asked otherwise ("open deals with their
    // amounts"); those without one, by every column.
    let order = q
        .order
        .or((q.rank_by.is_none() && !q.by_time).then_some(Order::Desc));
    match (rank, order) {
        (Some(rank), Some(order)) => {
            let dir = match order {
                Order::Desc => "DESC",
                Order::Asc => "ASC",
            };
            let _ = write!(sql, " ORDER BY {rank} {dir} NULLS LAST, {first} ASC");
        }
        _ => {
            // Every column, in order: the same list every time.
            let width = record.map_or(1, |(table, _, _)| record_columns(table, q).len().max(1));
            let positions: Vec<String> = (1..=width).map(|i| i.to_string()).collect();
            let _ = write!(sql, " ORDER BY {}", positions.join(", "));
        }
    }
    if let Some(limit) = q.limit {
        let _ = write!(sql, " LIMIT {limit}");
    }
    sql
}

/// How a share is written: in percent (0-100) when asked so, else as a fraction (0-1).
fn share_scale(q: &SemanticQuery) -> &'static str {
    if q.aggregation == Some(Aggregation::Share) {
        ""
    } else {
        "100.0 * "
    }
}

/// The columns listed of each record of `table` ([`crate::query::RECORD_TABLES`]): its measure only
/// when asked for or ranked by, else its name alone.
fn record_columns(table: &str, q: &SemanticQuery) -> &'static [&'static str] {
    match record_table(table) {
        Some((_, columns, Some(_))) if q.names_only => &columns[..1.min(columns.len())],
        Some((_, columns, _)) => columns,
        None => &[],
    }
}

/// `metric`'s one subquery over the period of `q`, whose columns need no alias (records, values).
fn unaliased_sql(metric: &'static Metric, q: &SemanticQuery, today: NaiveDate) -> String {
    measure_sql(
        &Measure {
            metric,
            period: q.time.as_ref(),
            alias: String::new(),
        },
        q,
        today,
    )
}

fn order_by(q: &SemanticQuery, keys: &[String], first: &str) -> String {
    let mut out = String::new();
    if q.limit.is_some() || q.order.is_some() || (!q.dimensions.is_empty() && q.grain.is_none()) {
        let dir = match q.order.unwrap_or(Order::Desc) {
            Order::Desc => "DESC",
            Order::Asc => "ASC",
        };
        let _ = write!(out, " ORDER BY {first} {dir} NULLS LAST");
        for k in keys {
            let _ = write!(out, ", {k} ASC NULLS LAST");
        }
    } else if !keys.is_empty() {
        out.push_str(" ORDER BY ");
        out.push_str(
            &keys
                .iter()
                .map(|k| format!("{k} ASC NULLS LAST"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(limit) = q.limit {
        let _ = write!(out, " LIMIT {limit}");
    }
    out
}

/// The month (its first day) whose MRR stands for `period`: its last month begun by `today`.
fn last_month(period: &Period, today: NaiveDate) -> NaiveDate {
    let last = period
        .end
        .checked_sub_days(Days::new(1))
        .unwrap_or(period.end)
        .min(today);
    last.with_day(1).unwrap_or(last)
}

/// ` WHERE` the months beginning in `period`, if any.
fn months_within(period: Option<&Period>) -> String {
    period
        .map(|p| {
            format!(
                " WHERE month >= DATE '{}' AND month < DATE '{}'",
                p.start, p.end
            )
        })
        .unwrap_or_default()
}

/// The unit a monthly history is grouped by for `grain`: months hold no finer figures.
fn month_or_longer(grain: Grain) -> &'static str {
    match grain {
        Grain::Quarter | Grain::Year => grain.name(),
        Grain::Day | Grain::Week | Grain::Month => "month",
    }
}

/// The paying customers at the end of the period (up to today), or at the end of each month of it: the
/// accounts with a subscription that was not a trial, had started and was not cancelled yet.
fn customers_then(m: &Measure<'_>, q: &SemanticQuery, today: NaiveDate) -> String {
    const PAID: &str = "f.status NOT IN ('trialing', 'incomplete', 'incomplete_expired')";
    let live_at = |day: &str| {
        format!("f.started_at < {day} AND (f.canceled_at IS NULL OR f.canceled_at >= {day})")
    };
    let tomorrow = today.succ_opt().unwrap_or(today);
    match (q.grain, m.period) {
        (Some(grain), period) => {
            // Each month's end (or today, for this month): the first day after it; a quarter or a
            // year is its last month's.
            let g = grain.name();
            let months = format!(
                "SELECT max(month) AS month FROM metrics.mrr_movements{} GROUP BY date_trunc('{}', month)",
                months_within(period),
                month_or_longer(grain)
            );
            let after = format!(
                "least(CAST(months.month + INTERVAL '1 month' AS TIMESTAMP), TIMESTAMP '{tomorrow} 00:00:00')"
            );
            format!(
                "SELECT CAST(date_trunc('{}', months.month) AS DATE) AS {g}, count(DISTINCT f.account_id) AS {} \
                 FROM ({months}) months JOIN ontology.subscription f ON {PAID} AND {} GROUP BY 1",
                month_or_longer(grain),
                m.alias,
                live_at(&after)
            )
        }
        (None, Some(p)) => {
            let after = p.end.min(tomorrow);
            format!(
                "SELECT count(DISTINCT f.account_id) AS {} FROM ontology.subscription f WHERE {PAID} AND {}",
                m.alias,
                live_at(&format!("TIMESTAMP '{after} 00:00:00'"))
            )
        }
        (None, None) => String::new(),
    }
}

fn measure_sql(m: &Measure<'_>, q: &SemanticQuery, today: NaiveDate) -> String {
    let metric = m.metric;
    match metric.source {
        Source::View { view, column } => {
            let value = match q.aggregation {
                Some(Aggregation::AsPercentage) => format!("100.0 * {column}"),
                _ => column.to_string(),
            };
            format!("SELECT {value} AS {} FROM metrics.{view}", m.alias)
        }
        Source::Monthly { view, column } => {
            let mut conditions = Vec::new();
            match m.period {
                // The months that begin in the period, and the month it begins in.
                Some(p) => conditions.push(format!(
                    "month >= DATE '{}' AND month < DATE '{}'",
                    p.start.with_day(1).unwrap_or(p.start),
                    p.end
                )),
                None if q.grain.is_none() => conditions.push(format!(
                    "month = DATE '{}'",
                    today.with_day(1).unwrap_or(today)
                )),
                None => {}
            }
            let filter = if conditions.is_empty() {
                String::new()
            } else {
                format!(" WHERE {}", conditions.join(" AND "))
            };
            let value = format!("CAST(coalesce(sum({column}), 0) AS DECIMAL(18,2))");
            match q.grain {
                Some(g) => format!(
                    "SELECT CAST(date_trunc('{g}', month) AS DATE) AS {g}, {value} AS {} FROM metrics.{view}{filter} GROUP BY 1",
                    m.alias,
                    g = g.name()
                ),
                None => format!("SELECT {value} AS {} FROM metrics.{view}{filter}", m.alias),
            }
        }
        Source::Fact { .. }
            if history(metric.name) && (m.period.is_some() || q.grain.is_some()) =>
        {
            if metric.name == "customers" {
                return customers_then(m, q, today);
            }
            let value = if metric.name == "arr" {
                "CAST(12 * mrr AS DECIMAL(18,2))"
            } else {
                "mrr"
            };
            match (q.grain, m.period) {
                // Each month's figure; a quarter's or a year's is its last month's.
                (Some(grain), period) => {
                    let within = months_within(period);
                    let trunc = month_or_longer(grain);
                    format!(
                        "SELECT CAST(date_trunc('{trunc}', month) AS DATE) AS {}, {value} AS {} \
                         FROM metrics.mrr_movements WHERE month IN (SELECT max(month) FROM \
                         metrics.mrr_movements{within} GROUP BY date_trunc('{trunc}', month))",
                        grain.name(),
                        m.alias
                    )
                }
                (None, Some(p)) => format!(
                    "SELECT {value} AS {} FROM metrics.mrr_movements WHERE month = DATE '{}'",
                    m.alias,
                    last_month(p, today)
                ),
                (None, None) => String::new(),
            }
        }
        Source::Fact {
            table,
            aggregate,
            filter,
            time,
            amount,
        } => {
            // "how many yen did the JPY invoices come to": the amounts they were made out in.
            let own = |sql: &str| {
                if q.original_currency && table == "revenue" {
                    in_own_currency(sql)
                } else {
                    sql.to_string()
                }
            };
            let (aggregate, amount) = (own(aggregate), amount.map(own));
            let (aggregate, amount) = (aggregate.as_str(), amount.as_deref());
            // A period over before today: breakdowns through an account read its rows of then.
            let past = m.period.is_some_and(|p| p.end <= today);
            // "deals closing this month": the event asked for places the records in time.
            let time = match q.event.as_deref().and_then(|e| model::event(table, e)) {
                Some(event) if time.is_some() => Some(event.expr),
                _ => time,
            };
            // A flow over all of time: conditions through an account read every row of it (else its
            // current ones). (The accounts themselves are as they are now: "Business plan customers"
            // are on it today.)
            let every_row = m.period.is_none() && time.is_some() && table != "account";
            let mut select = Vec::new();
            let mut join = false;
            // The joins naming ids (plans, owners), after the account join they may need.
            let mut labels: Vec<String> = Vec::new();
            if let (Some(g), Some(t)) = (q.grain, time) {
                select.push(match g {
                    Grain::Day => format!("CAST({t} AS DATE) AS day"),
                    g => format!(
                        "CAST(date_trunc('{}', {t}) AS DATE) AS {}",
                        g.name(),
                        g.name()
                    ),
                });
            }
            let mut ranked = Vec::new();
            for d in &q.dimensions {
                let Some(dim) = model::dimension(d) else {
                    continue;
                };
                let alias = dimension_alias(metric, dim, past, &mut join, &mut labels);
                select.push(format!("{} AS {}", dim.expr(&alias), dim.name));
                // A ranking lists known things: "top 5 accounts" leaves out rows of no account; a
                // breakdown by what accounts have elsewhere ("revenue by plan") leaves out the
                // records of accounts with none.
                let elsewhere = matches!(model::reach(metric, dim), Some(Reach::AccountSet));
                if q.limit.is_some() || elsewhere {
                    ranked.push(format!("{} IS NOT NULL", dim.expr(&alias)));
                }
            }
            let mut groups = select.len();
            // The figure each row of a breakdown is compared with ("more than 20 tickets").
            let mut having: Option<String> = None;
            let mut thresholds: Vec<String> = Vec::new();
            if q.records && q.account_ids {
                select = vec!["f.account_id".to_string()];
                groups = 0;
            } else if q.records
                && (q.accounts || aggregate.starts_with(ACCOUNTS_COUNTED))
                && table != "account"
            {
                // "list our customers in France": the accounts the metric counts, once each; with the
                // day of an event asked ("which accounts cancelled, and when"), once per day.
                select = vec!["a.name AS name".to_string()];
                for column in &q.columns {
                    if model::event(table, column).is_some() {
                        select.push(format!("CAST(f.{column} AS DATE) AS {column}"));
                    }
                }
                join = true;
                groups = select.len();
            } else if q.records {
                let columns = record_columns(table, q);
                select = columns.iter().map(|c| own(c)).collect();
                // "open deals with their owner and close date": the columns asked, after its own.
                for column in &q.columns {
                    // ("name, owner, amount": a column of its own, moved where it was asked.)
                    let alias = format!(" AS {column}");
                    // (An invoice's account named first stays its name.)
                    if column == "account" && select.iter().any(|c| c.ends_with(&alias)) {
                        continue;
                    }
                    if let Some(at) = select.iter().position(|c| c.ends_with(&alias)) {
                        let item = select.remove(at);
                        select.push(item);
                        continue;
                    }
                    let expr = match model::dimension(column) {
                        _ if column == "account" && table != "account" => {
                            join = true;
                            "a.name".to_string()
                        }
                        Some(dim) if model::event(table, column).is_none() => dim.expr("f"),
                        _ => format!("f.{column}"),
                    };
                    let item = format!("{expr} AS {column}");
                    if !select.contains(&item) {
                        select.push(item);
                    }
                }
                // "the oldest open deals and their creation dates": the time asked for, not the amount.
                if q.by_time
                    && let Some(event) = q.event.as_deref().and_then(|e| model::event(table, e))
                {
                    let item = format!("f.{} AS {}", event.column, event.column);
                    if select.contains(&item) {
                        select.retain(|c| !c.ends_with(" AS amount"));
                    }
                    for column in &mut select {
                        if column.ends_with(" AS amount") {
                            column.clone_from(&item);
                        }
                    }
                }
                if q.rank_by == Some(NumberField::Employees) {
                    select.push("f.employees AS employees".to_string());
                }
                // "which accounts are in the yellow band": each with the score that places it there.
                let by_band = q
                    .filters
                    .iter()
                    .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "band"));
                if table == "account" && by_band {
                    select.push(
                        "(SELECT max(h.score) FROM ontology.health h WHERE h.account_id = f.account_id) \
                         AS score"
                            .to_string(),
                    );
                }
                join |= columns.iter().any(|c| c.starts_with("a."));
                groups = 0;
            } else if q.values {
                // The breakdown's columns alone, grouped: each value once.
            } else {
                let aggregate = match q.aggregation {
                    _ if q.distinct.is_some() => {
                        match q.distinct.as_deref().and_then(model::dimension) {
                            Some(dim) => {
                                let alias =
                                    dimension_alias(metric, dim, past, &mut join, &mut labels);
                                format!("count(DISTINCT {})", dim.expr(&alias))
                            }
                            None => "NULL".to_string(),
                        }
                    }
                    Some(Aggregation::Average) => format!("avg({})", amount.unwrap_or("NULL")),
                    // "the median resolution time": the median of what the metric averages.
                    Some(Aggregation::Median) => match amount {
                        Some(amount) => format!("median({amount})"),
                        None => aggregate.replacen("avg(", "median(", 1),
                    },
                    // "the max resolution time": the largest of what the metric averages.
                    Some(Aggregation::Maximum) => match amount {
                        Some(amount) => format!("max({amount})"),
                        None => aggregate.replacen("avg(", "max(", 1),
                    },
                    Some(Aggregation::Minimum) => match amount {
                        Some(amount) => format!("min({amount})"),
                        None => aggregate.replacen("avg(", "min(", 1),
                    },
                    Some(Aggregation::AsPercentage) => format!("100.0 * ({aggregate})"),
                    Some(Aggregation::Latest) => {
                        format!("CAST(max({}) AS DATE)", time.unwrap_or("NULL"))
                    }
                    Some(Aggregation::Earliest) => {
                        format!("CAST(min({}) AS DATE)", time.unwrap_or("NULL"))
                    }
                    Some(Aggregation::PerAccount) => format!(
                        "CAST({aggregate} AS DOUBLE) / CAST(nullif(count(DISTINCT f.account_id), 0) AS DOUBLE)"
                    ),
                    // Filled in below, from the filters.
                    Some(Aggregation::Percentage | Aggregation::Share) | None => {
                        aggregate.to_string()
                    }
                };
                having = Some(aggregate.clone());
                select.push(format!("{aggregate} AS {}", m.alias));
            }
            let share_at = select.len() - 1;
            // "what percentage of tickets breached their SLA": the state's records out of all of them.
            let whole = match q.aggregation {
                Some(Aggregation::Percentage | Aggregation::Share) if q.filters.is_empty() => {
                    model::share_of(metric.name)
                }
                _ => None,
            };
            // "subscriptions by status", "tickets by status": broken down by a column its own condition
            // picks, a count shows every value of it.
            let own_columns: Vec<String> = q
                .dimensions
                .iter()
                .filter_map(|d| model::dimension(d))
                .filter(|dim| dim.table == table || dim.also_on.contains(&table))
                .map(|dim| format!("f.{} ", dim.column))
                .collect();
            let kept: Vec<&str> = filter
                .split(" AND ")
                .filter(|c| !own_columns.iter().any(|own| c.starts_with(own.as_str())))
                .collect();
            // (A figure such as MRR keeps its definition: "MRR by status" is of live subscriptions.)
            let filter: String = if own_columns.is_empty()
                || filter.contains("(SELECT")
                || aggregate != "count(*)"
            {
                filter.to_string()
            } else if kept.is_empty() {
                "TRUE".to_string()
            } else {
                kept.join(" AND ")
            };
            let filter = filter.as_str();
            // "what fraction of subscriptions are canceled": when the whole named is the state's
            // opposite (live ones), the whole is every record.
            let complement = whole.is_some_and(|w| {
                model::STATES
                    .iter()
                    .any(|s| s.count == metric.name && s.opposite.is_some_and(|(o, _)| o == w.name))
            });
            let mut conditions = match whole.map(|w| w.source) {
                Some(model::Source::Fact { .. }) if complement => vec!["TRUE".to_string()],
                Some(model::Source::Fact { filter: all, .. }) => vec![on_day(all, today)],
                _ => vec![on_day(filter, today)],
            };
            conditions.append(&mut ranked);
            if q.account_ids {
                conditions.push("f.account_id IS NOT NULL".to_string());
            }
            let base = conditions.len();
            if whole.is_some() {
                conditions.push(on_day(filter, today));
            }
            if let (Some(p), Some(t)) = (m.period, time) {
                // What has happened ("created this year") has happened by today; only what is planned
                // (a deal's close date, an invoice's due date) lies ahead.
                let planned = ["f.close_date", "f.due_at", "f.current_period_end"].contains(&t);
                let end = match today.succ_opt() {
                    Some(tomorrow) if !planned && p.start <= today => p.end.min(tomorrow),
                    _ => p.end,
                };
                conditions.push(format!(
                    "{t} >= {} AND {t} < {}",
                    day_literal(t, p.start),
                    day_literal(t, end)
                ));
            }
            // The whole's own conditions first ("of our software spend"), then the filters.
            let whole_from = conditions.len();
            let mut whole_to = whole_from;
            for (k, f) in q.whole.iter().chain(&q.filters).enumerate() {
                if k == q.whole.len() {
                    whole_to = conditions.len();
                }
                match f {
                    Filter::Values {
                        dimension,
                        values,
                        negated,
                    } => {
                        let Some(dim) = model::dimension(dimension) else {
                            continue;
                        };
                        let list = values
                            .iter()
                            .map(|v| sql_string(v))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let mut local = |alias: &str| {
                            if let Some(join) = dim.join(alias).filter(|j| !labels.contains(j)) {
                                labels.push(join);
                            }
                            dim.is_in(alias, &list)
                        };
                        // "Enterprise vs Business customers' tickets": filtered by the same account's
                        // latest row the breakdown reads.
                        if model::reach(metric, dim) == Some(Reach::AccountSet)
                            && model::latest_per_account(dim.table).is_some()
                            && q.dimensions.iter().any(|d| d == dimension)
                        {
                            let alias = dimension_alias(metric, dim, past, &mut join, &mut labels);
                            let condition = dim.is_in(&alias, &list);
                            conditions.push(if *negated {
                                format!("NOT coalesce({condition}, false)")
                            } else {
                                condition
                            });
                            continue;
                        }
                        let condition = match model::reach(metric, dim) {
                            Some(Reach::Local) => local("f"),
                            Some(Reach::Account) => {
                                join = true;
                                local("a")
                            }
                            // Through the account's one row of another table: "accounts not in the
                            // green band" have a band, and it is not green (an account with no band
                            // is neither).
                            _ if dim.one_per_account => {
                                let not = if *negated { "NOT " } else { "" };
                                conditions.push(format!(
                                    "f.account_id IN (SELECT d.account_id FROM ontology.{} d{} WHERE d.account_id IS NOT NULL AND {not}{})",
                                    dim.table,
                                    dim.join("d").unwrap_or_default(),
                                    dim.is_in("d", &list)
                                ));
                                continue;
                            }
                            // Through the account's other records, several each: "accounts not on
                            // the Enterprise plan" have no Enterprise subscription; now, or over a
                            // period already over, a current one ("tickets from Enterprise customers
                            // this year", "API calls of Business plan customers last month": the
                            // plan's customers as they are named today).
                            _ => format!(
                                "f.account_id IN (SELECT d.account_id FROM ontology.{} d{} WHERE d.account_id IS NOT NULL AND {}{})",
                                dim.table,
                                dim.join("d").unwrap_or_default(),
                                model::latest_per_account(dim.table)
                                    .filter(|_| !every_row)
                                    .map(|(_, current)| format!("{current} AND "))
                                    .unwrap_or_default(),
                                dim.is_in("d", &list)
                            ),
                        };
                        conditions.push(if *negated {
                            format!("NOT coalesce({condition}, false)")
                        } else {
                            condition
                        });
                    }
                    Filter::Records {
                        metric: of,
                        filters,
                        time,
                        negated,
                    } => {
                        let Some(of_metric) = model::metric(of) else {
                            continue;
                        };
                        let records = SemanticQuery {
                            metrics: vec![of.clone()],
                            filters: filters.clone(),
                            time: time.clone(),
                            records: true,
                            account_ids: true,
                            ..SemanticQuery::default()
                        };
                        let ids = unaliased_sql(of_metric, &records, today);
                        conditions.push(if *negated {
                            format!("NOT coalesce(f.account_id IN ({ids}), false)")
                        } else {
                            format!("f.account_id IN ({ids})")
                        });
                    }
                    Filter::Also { metric: other } => {
                        if let Some(model::Source::Fact { filter, .. }) =
                            model::metric(other).map(|m| m.source)
                        {
                            conditions.push(on_day(filter, today));
                        }
                    }
                    Filter::Undated { event } => {
                        if let Some(e) = model::event(table, event) {
                            conditions.push(format!("{} IS NULL", e.expr));
                        }
                    }
                    Filter::Dated { event } => {
                        if let Some(e) = model::event(table, event) {
                            conditions.push(format!("{} IS NOT NULL", e.expr));
                        }
                    }
                    Filter::Missing { dimension } => {
                        let Some(dim) = model::dimension(dimension) else {
                            continue;
                        };
                        let alias = dimension_alias(metric, dim, past, &mut join, &mut labels);
                        // A label's name is missing when its id is: the id is what says "none".
                        conditions.push(format!("{alias}.{} IS NULL", dim.column));
                    }
                    Filter::Present { dimension } => {
                        let Some(dim) = model::dimension(dimension) else {
                            continue;
                        };
                        let alias = dimension_alias(metric, dim, past, &mut join, &mut labels);
                        conditions.push(format!("{alias}.{} IS NOT NULL", dim.column));
                    }
                    Filter::Number {
                        field: field @ (NumberField::Measure | NumberField::Records),
                        op,
                        value,
                    } => {
                        // Each row's figure, or its number of records, compared.
                        if let Some(figure) = &having
                            && q.metrics.first().is_some_and(|f| f == metric.name)
                        {
                            let compared = match field {
                                NumberField::Records => "count(*)",
                                _ => figure.as_str(),
                            };
                            // ("reps with a win rate below 55%": a ratio is at most 1, so 55 is 55%,
                            // unless the figure is in percent already.)
                            let value = if *field == NumberField::Measure
                                && metric.unit == model::Unit::Ratio
                                && q.aggregation != Some(Aggregation::AsPercentage)
                                && *value > 1.0
                            {
                                value / 100.0
                            } else {
                                *value
                            };
                            thresholds.push(format!("{compared} {} {}", op.sql(), number(value)));
                        }
                    }
                    Filter::Number {
                        field: NumberField::IdleDays,
                        op,
                        value,
                    } => {
                        // Idle N days: the last activity before the day N days ago (validated to
                        // lie within `MAX_IDLE_DAYS`).
                        let Some(day) = chrono::TimeDelta::try_days(value.round() as i64)
                            .and_then(|days| today.checked_sub_signed(days))
                        else {
                            continue;
                        };
                        let before = matches!(op, Comparison::Greater | Comparison::AtLeast);
                        conditions.push(format!(
                            "f.last_activity_at {} TIMESTAMP '{day} 00:00:00'",
                            if before { "<" } else { ">=" }
                        ));
                    }
                    Filter::Number {
                        field: NumberField::AgeDays,
                        op,
                        value,
                    } => {
                        // N days old: began on a day before the day N days ago (validated to lie
                        // within `MAX_IDLE_DAYS`).
                        let Some(born) = model::born(table) else {
                            continue;
                        };
                        let Some(day) = chrono::TimeDelta::try_days(value.round() as i64)
                            .and_then(|days| today.checked_sub_signed(days))
                        else {
                            continue;
                        };
                        let next = day.succ_opt().unwrap_or(day);
                        let (cmp, day) = match op {
                            Comparison::Greater => ("<", day),
                            Comparison::AtLeast => ("<", next),
                            Comparison::Less => (">=", next),
                            Comparison::AtMost => (">=", day),
                        };
                        let column = format!("f.{born}");
                        let literal = day_literal(&column, day);
                        conditions.push(format!("{column} {cmp} {literal}"));
                    }
                    Filter::Number {
                        field: NumberField::ResolutionHours,
                        op,
                        value,
                    } => {
                        conditions.push(format!(
                            "CAST(date_part('epoch', f.resolved_at - f.opened_at) AS DOUBLE) / 3600.0 {} {}",
                            op.sql(),
                            number(*value)
                        ));
                    }
                    Filter::Number { field, op, value } => {
                        let column = match field {
                            NumberField::Measure
                            | NumberField::Records
                            | NumberField::IdleDays
                            | NumberField::AgeDays
                            | NumberField::ResolutionHours => {
                                continue;
                            }
                            NumberField::Amount => amount.unwrap_or("NULL").to_string(),
                            NumberField::Probability => "f.probability".to_string(),
                            NumberField::Employees if table == "account" => {
                                "f.employees".to_string()
                            }
                            NumberField::Employees => {
                                join = true;
                                "a.employees".to_string()
                            }
                        };
                        conditions.push(format!("{column} {} {}", op.sql(), number(*value)));
                    }
                }
            }
            if matches!(
                q.aggregation,
                Some(Aggregation::Percentage | Aggregation::Share)
            ) && !q.records
            {
                let scale = share_scale(q);
                // The filters pick the share: out of WHERE, into the average; the period and the
                // whole's own conditions stay.
                let of_whole: Vec<String> = conditions[whole_from..whole_to].to_vec();
                let share: Vec<String> = conditions.drain(base..).collect();
                let period: Vec<String> = share
                    .iter()
                    .filter(|c| {
                        time.is_some_and(|t| c.starts_with(&format!("{t} >= ")))
                            || of_whole.contains(c)
                    })
                    .cloned()
                    .collect();
                let picked: Vec<String> =
                    share.into_iter().filter(|c| !period.contains(c)).collect();
                conditions.extend(period);
                // A condition with a subquery cannot sit in a CASE: its subquery joins as a mark.
                let picked: Vec<String> = picked
                    .iter()
                    .map(|c| subqueries_as_marks(c, &mut labels))
                    .collect();
                let accounts = aggregate.starts_with(ACCOUNTS_COUNTED);
                select[share_at] = match amount.filter(|_| aggregate != "count(*)") {
                    // "what fraction of our customers are in healthcare": of the accounts counted.
                    _ if accounts => format!(
                        "{scale}CAST(count(DISTINCT CASE WHEN {} THEN f.account_id END) AS DOUBLE) / CAST(nullif(count(DISTINCT f.account_id), 0) AS DOUBLE) AS {}",
                        picked.join(" AND "),
                        m.alias
                    ),
                    // "what % of MRR is from the US": of the amount, not of the records.
                    Some(amount) => format!(
                        "{scale}CAST(sum(CASE WHEN {} THEN {amount} ELSE 0 END) AS DOUBLE) / CAST(nullif(sum({amount}), 0) AS DOUBLE) AS {}",
                        picked.join(" AND "),
                        m.alias
                    ),
                    None => format!(
                        "{scale}avg(CASE WHEN {} THEN 1.0 ELSE 0.0 END) AS {}",
                        picked.join(" AND "),
                        m.alias
                    ),
                };
            }
            let mut sql = format!("SELECT {} FROM ontology.{table} f", select.join(", "));
            if join && table != "account" {
                sql.push_str(" LEFT JOIN ontology.account a ON a.account_id = f.account_id");
            }
            for label in &labels {
                sql.push_str(label);
            }
            // (A condition said twice, "top industries where industry is not null", is written once.)
            let mut written: Vec<String> = Vec::new();
            for c in conditions {
                if c != "TRUE" && !written.contains(&c) {
                    written.push(c);
                }
            }
            if !written.is_empty() {
                let _ = write!(sql, " WHERE {}", written.join(" AND "));
            }
            if groups > 0 {
                let positions: Vec<String> = (1..=groups).map(|i| i.to_string()).collect();
                let _ = write!(sql, " GROUP BY {}", positions.join(", "));
                if !thresholds.is_empty() {
                    let _ = write!(sql, " HAVING {}", thresholds.join(" AND "));
                }
            }
            sql
        }
    }
}

/// `condition` with each `expr IN (SELECT column FROM ...)` read through a join instead: the subquery's
/// distinct values join as `mark<n>` and the condition asks whether the row found one (`mark1.k IS NOT NULL`).
/// A condition kept in a `CASE` ("what share of MRR is at risk") cannot hold a subquery.
fn subqueries_as_marks(condition: &str, joins: &mut Vec<String>) -> String {
    const IN_SELECT: &str = " IN (SELECT ";
    let mut out = String::new();
    let mut rest = condition;
    while let Some(at) = rest.find(IN_SELECT) {
        // The expression before " IN": the last word ("f.account_id").
        let before = &rest[..at];
        let expr_start = before.rfind([' ', '(']).map_or(0, |i| i + 1);
        let expr = &before[expr_start..];
        // The subquery: up to the parenthesis that closes "(SELECT", outside quotes.
        let open = at + " IN ".len();
        let mut depth = 0usize;
        let mut quoted = false;
        let mut close = None;
        for (i, c) in rest[open..].char_indices() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(open + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            break;
        };
        let subquery = &rest[open + 1..close];
        let Some((column, from)) = subquery
            .strip_prefix("SELECT ")
            .and_then(|s| s.split_once(" FROM "))
        else {
            break;
        };
        let mark = format!("mark{}", joins.len() + 1);
        joins.push(format!(
            " LEFT JOIN (SELECT DISTINCT {column} AS k FROM {from}) {mark} ON {mark}.k = {expr}"
        ));
        out.push_str(&before[..expr_start]);
        let _ = write!(out, "{mark}.k IS NOT NULL");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A metric's condition on the day the question is asked: `{today}` is that day ("deals past their
/// close date").
fn on_day(filter: &str, today: NaiveDate) -> String {
    filter.replace("{today}", &format!("DATE '{today}'"))
}

/// The SQL of a trend: one row, columns `current` and `previous`, for the first metric over the
/// question's period (cut at today) and the comparable period before; and the two periods. `None` when
/// the metric has no history to compare.
pub fn trend_sql(q: &SemanticQuery, today: NaiveDate) -> Option<(String, Period, Period)> {
    let metric = model::metric(q.metrics.first()?)?;
    let base = SemanticQuery {
        metrics: vec![metric.name.to_string()],
        filters: q.filters.clone(),
        event: q.event.clone(),
        ..SemanticQuery::default()
    };
    if matches!(metric.name, "mrr" | "arr") {
        // MRR: the last month of the period (or this month) against the month before.
        let month = match &q.time {
            Some(p) => last_month(p, today),
            None => today.with_day(1)?,
        };
        let previous = month.checked_sub_months(chrono::Months::new(1))?;
        let current_p = Period::new(
            month,
            month.checked_add_months(chrono::Months::new(1))?,
            month.format("%B %Y").to_string(),
        );
        let previous_p = Period::new(previous, month, previous.format("%B %Y").to_string());
        let value = if metric.name == "arr" {
            "CAST(12 * mrr AS DECIMAL(18,2))"
        } else {
            "mrr"
        };
        let sql = format!(
            "SELECT (SELECT {value} FROM metrics.mrr_movements WHERE month = DATE '{month}') AS current, \
             (SELECT {value} FROM metrics.mrr_movements WHERE month = DATE '{previous}') AS previous"
        );
        return Some((sql, current_p, previous_p));
    }
    if !metric.has_time() {
        return None;
    }
    // Against the period asked to compare with, else the one before.
    let (current, previous) = match (&q.time, &q.compare) {
        (Some(time), Some(compare)) => (time.clone(), compare.clone()),
        _ => q.time.as_ref()?.prior(today)?,
    };
    let measure = |p: &Period| {
        measure_sql(
            &Measure {
                metric,
                period: Some(p),
                alias: "v".into(),
            },
            &base,
            today,
        )
    };
    let sql = format!(
        "SELECT c.v AS current, p.v AS previous FROM ({}) c CROSS JOIN ({}) p",
        measure(&current),
        measure(&previous)
    );
    Some((sql, current, previous))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Comparison;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_in_their_own_currency_include_the_part_paid() {
        assert_eq!(
            in_own_currency("sum(f.amount - f.amount_paid) + max(f.amount_paid)"),
            "sum(f.amount_original - f.amount_paid * f.amount_original / nullif(f.amount, 0)) + \
             max(f.amount_paid * f.amount_original / nullif(f.amount, 0))"
        );
        assert_eq!(in_own_currency("count(f.amounts)"), "count(f.amounts)");
    }

    #[test]
    fn a_subquery_in_a_share_joins_as_a_mark() {
        let mut joins = Vec::new();
        let condition = "NOT f.is_closed AND f.account_id IN (SELECT d.account_id FROM \
                         ontology.account d WHERE d.name IN ('Acme (EU)', 'O''Brien'))";
        assert_eq!(
            subqueries_as_marks(condition, &mut joins),
            "NOT f.is_closed AND mark1.k IS NOT NULL"
        );
        assert_eq!(
            joins,
            [
                " LEFT JOIN (SELECT DISTINCT d.account_id AS k FROM ontology.account d WHERE \
              d.name IN ('Acme (EU)', 'O''Brien')) mark1 ON mark1.k = f.account_id"
            ]
        );
        // Nothing to join: the condition as it was.
        assert_eq!(
            subqueries_as_marks("f.band IN ('red')", &mut joins),
            "f.band IN ('red')"
        );
        assert_eq!(joins.len(), 1);
    }

    #[test]
    fn a_string_value_cannot_break_out_of_its_literal() {
        assert_eq!(sql_string("O'Brien"), "'O''Brien'");
        assert_eq!(
            sql_string("x'); DROP TABLE t; --"),
            "'x''); DROP TABLE t; --'"
        );
        assert_eq!(sql_string("\\'"), "'\\'''");
        assert_eq!(sql_string(""), "''");
        let q = SemanticQuery {
            metrics: vec!["revenue".into()],
            filters: vec![Filter::Values {
                dimension: "account".into(),
                values: vec!["a' OR '1'='1".into()],
                negated: false,
            }],
            ..Default::default()
        };
        let sql = compile(&q, d("2026-10-31"));
        assert!(sql.contains("a.name IN ('a'' OR ''1''=''1')"), "{sql}");
    }

    #[test]
    fn facts_are_aggregated_apart_then_joined_on_the_keys() {
        let q = SemanticQuery {
            metrics: vec!["revenue".into(), "open_pipeline".into()],
            dimensions: vec!["industry".into()],
            filters: vec![
                Filter::Values {
                    dimension: "country".into(),
                    values: vec!["DE".into()],
                    negated: false,
                },
                Filter::Number {
                    field: NumberField::Amount,
                    op: Comparison::Greater,
                    value: 50_000.0,
                },
            ],
            time: Some(Period::new(
                d("2026-07-01"),
                d("2026-10-01"),
                "last quarter",
            )),
            ..Default::default()
        };
        let sql = compile(&q, d("2026-10-31"));
        assert_eq!(
            sql,
            "WITH m1 AS (SELECT a.industry AS industry, CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2)) AS revenue \
             FROM ontology.revenue f LEFT JOIN ontology.account a ON a.account_id = f.account_id \
             WHERE f.kind = 'invoice' AND f.status = 'paid' \
             AND f.issued_at >= TIMESTAMP '2026-07-01 00:00:00' AND f.issued_at < TIMESTAMP '2026-10-01 00:00:00' \
             AND a.country IN ('DE') AND f.amount > 50000 GROUP BY 1), \
             m2 AS (SELECT a.industry AS industry, CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2)) AS open_pipeline \
             FROM ontology.opportunity f LEFT JOIN ontology.account a ON a.account_id = f.account_id \
             WHERE NOT f.is_closed AND f.close_date >= DATE '2026-07-01' AND f.close_date < DATE '2026-10-01' \
             AND a.country IN ('DE') AND f.amount > 50000 GROUP BY 1) \
             SELECT coalesce(m1.industry, m2.industry) AS industry, m1.revenue, m2.open_pipeline \
             FROM m1 FULL JOIN m2 ON (m1.industry IS NOT DISTINCT FROM m2.industry) \
             ORDER BY revenue DESC NULLS LAST, industry ASC NULLS LAST"
        );
    }

    #[test]
    fn accounts_without_records_and_one_accounts_values() {
        let q = SemanticQuery {
            metrics: vec!["customers".into()],
            filters: vec![Filter::Records {
                metric: "tickets".into(),
                filters: vec![Filter::Values {
                    dimension: "priority".into(),
                    values: vec!["urgent".into()],
                    negated: false,
                }],
                time: Some(Period::new(d("2026-01-01"), d("2027-01-01"), "this year")),
                negated: true,
            }],
            ..Default::default()
        };
        assert_eq!(
            compile(&q, d("2026-10-31")),
            "SELECT count(DISTINCT f.account_id) AS customers FROM ontology.subscription f \
             WHERE f.status IN ('active', 'past_due') AND NOT coalesce(f.account_id IN \
             (SELECT f.account_id FROM ontology.ticket f WHERE f.account_id IS NOT NULL \
             AND f.opened_at >= TIMESTAMP '2026-01-01 00:00:00' AND f.opened_at < TIMESTAMP '2026-11-01 00:00:00' \
             AND f.priority IN ('urgent')), false)"
        );
        let q = SemanticQuery {
            metrics: vec!["accounts".into()],
            dimensions: vec!["owner".into()],
            filters: vec![Filter::Values {
                dimension: "account".into(),
                values: vec!["O'Brien Labs".into()],
                negated: false,
            }],
            values: true,
            ..Default::default()
        };
        assert_eq!(
            compile(&q, d("2026-10-31")),
            "SELECT f.owner AS owner FROM ontology.account f WHERE f.name IN ('O''Brien Labs') GROUP BY 1 ORDER BY 1"
        );
    }

    #[test]
    fn other_facts_filter_through_an_account_set_and_mrr_has_a_monthly_history() {
        let q = SemanticQuery {
            metrics: vec!["accounts".into()],
            filters: vec![Filter::Values {
                dimension: "plan".into(),
                values: vec!["AutonomOS Enterprise".into()],
                negated: true,
            }],
            ..Default::default()
        };
        assert_eq!(
            compile(&q, d("2026-10-31")),
            "SELECT count(*) AS accounts FROM ontology.account f WHERE NOT coalesce(f.account_id IN \
             (SELECT d.account_id FROM ontology.subscription d \
             WHERE d.account_id IS NOT NULL AND d.status IN ('active', 'past_due') \
             AND d.plan IN ('AutonomOS Enterprise')), false)"
        );
        let q = SemanticQuery {
            metrics: vec!["mrr".into()],
            time: Some(Period::new(d("2026-01-01"), d("2027-01-01"), "this year")),
            ..Default::default()
        };
        assert_eq!(
            compile(&q, d("2026-10-31")),
            "SELECT mrr AS mrr FROM metrics.mrr_movements WHERE month = DATE '2026-10-01'"
        );
        let (sql, current, previous) = trend_sql(&q, d("2026-10-31")).unwrap();
        assert!(
            sql.contains("DATE '2026-10-01'") && sql.contains("DATE '2026-09-01'"),
            "{sql}"
        );
        assert_eq!(
            (current.start, previous.start),
            (d("2026-10-01"), d("2026-09-01"))
        );
    }
}
