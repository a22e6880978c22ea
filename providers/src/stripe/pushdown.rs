//! Filters -> Stripe list parameters.
//!
//! What Stripe can do, and so what is pushed:
//! - timestamp ranges on `created` (and `due_date` on invoices): `> >= < <= = BETWEEN` become
//!   `created[gte]` / `created[lt]` in whole seconds, Exact (the column holds whole seconds);
//! - equality on a resource's filter parameters (`customer`, `status`, `subscription`, `email`, ...), Exact
//!   where Stripe's matching is SQL's (ids, statuses, `email`, which Stripe matches case-sensitively) and
//!   Inexact where it is looser (a subscription's `price`, a price's `currency`);
//! - `id = '...'` and `id IN (...)`: retrieve calls instead of a list, Exact.
//!
//! Every value placed in a URL goes through [`crate::http::url_component`].

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator};

use super::tables::{Kind, Resource};
use crate::filters::{literal, text};

/// Ids one scan retrieves at most; a longer `IN` list stays in DataFusion.
pub(crate) const MAX_RETRIEVE_IDS: usize = 100;

/// What one filter becomes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pushed {
    /// `column` within `[lo, hi)` Unix seconds (either end open).
    Range {
        column: &'static str,
        lo: Option<i64>,
        hi: Option<i64>,
    },
    /// `param=value`.
    Param {
        param: &'static str,
        value: String,
        exact: bool,
    },
    /// The objects with these ids.
    Ids(Vec<String>),
    /// No row can match (e.g. `created = '2025-01-01 00:00:00.5'`).
    Nothing,
}

impl Pushed {
    pub(crate) fn exact(&self) -> bool {
        !matches!(self, Pushed::Param { exact: false, .. })
    }
}

/// Translates one filter, or None if it stays in DataFusion.
pub(crate) fn translate(expr: &Expr, resource: &Resource) -> Option<Pushed> {
    match expr {
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (name, value, op) = match (column(left), column(right)) {
                (Some(c), None) => (c, literal(right)?, *op),
                (None, Some(c)) => (c, literal(left)?, op.swap()?),
                _ => return None,
            };
            compare(resource, name, op, &value)
        }
        Expr::Between(Between {
            expr,
            negated: false,
            low,
            high,
        }) => {
            // `>= low AND <= high`.
            let range = range_column(resource, column(expr)?)?;
            let (low, low_fraction) = seconds(&literal(low)?)?;
            let (high, _) = seconds(&literal(high)?)?;
            Some(Pushed::Range {
                column: range,
                lo: Some(low + i64::from(low_fraction)),
                hi: Some(high + 1),
            })
        }
        Expr::InList(list) if !list.negated => {
            if column(&list.expr)? != "id"
                || list.list.is_empty()
                || list.list.len() > MAX_RETRIEVE_IDS
            {
                return None;
            }
            let ids: Option<Vec<String>> = list.list.iter().map(|v| text(&literal(v)?)).collect();
            Some(Pushed::Ids(ids?))
        }
        Expr::Column(c) => {
            // A boolean filter column on its own: `WHERE active`.
            let f = resource.filters.iter().find(|f| f.column == c.name)?;
            let is_bool = resource
                .columns
                .iter()
                .any(|col| col.name == c.name && col.kind == Kind::Bool);
            is_bool.then(|| Pushed::Param {
                param: f.param,
                value: "true".into(),
                exact: f.exact,
            })
        }
        _ => None,
    }
}

fn compare(resource: &Resource, name: &str, op: Operator, value: &ScalarValue) -> Option<Pushed> {
    if let Some(range) = range_column(resource, name) {
        let (s, fraction) = seconds(value)?;
        // The column holds whole seconds: turn every bound into [lo, hi).
        let (lo, hi) = match op {
            Operator::Gt => (Some(s + 1), None),
            Operator::GtEq => (Some(if fraction { s + 1 } else { s }), None),
            Operator::Lt => (None, Some(if fraction { s + 1 } else { s })),
            Operator::LtEq => (None, Some(s + 1)),
            Operator::Eq if fraction => return Some(Pushed::Nothing),
            Operator::Eq => (Some(s), Some(s + 1)),
            _ => return None,
        };
        return Some(Pushed::Range {
            column: range,
            lo,
            hi,
        });
    }
    if op != Operator::Eq {
        return None;
    }
    if name == "id" {
        return Some(Pushed::Ids(vec![text(value)?]));
    }
    let filter = resource.filters.iter().find(|f| f.column == name)?;
    let value = match value {
        ScalarValue::Boolean(Some(b)) => b.to_string(),
        other => text(other)?,
    };
    if let Some(allowed) = filter.values
        && !allowed.contains(&value.as_str())
    {
        // Stripe would refuse the value (400); SQL finds no row with it.
        return Some(Pushed::Nothing);
    }
    Some(Pushed::Param {
        param: filter.param,
        value,
        exact: filter.exact,
    })
}

/// The range-filterable column `name`, if it is one.
fn range_column(resource: &Resource, name: &str) -> Option<&'static str> {
    resource.ranges.iter().copied().find(|r| *r == name)
}

fn column(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Column(c) => Some(&c.name),
        _ => None,
    }
}

/// A timestamp literal as (whole Unix seconds rounded down, whether it had a fraction of a second).
fn seconds(value: &ScalarValue) -> Option<(i64, bool)> {
    let (v, per_second): (i64, i64) = match value {
        ScalarValue::TimestampSecond(Some(v), _) => (*v, 1),
        ScalarValue::TimestampMillisecond(Some(v), _) => (*v, 1_000),
        ScalarValue::TimestampMicrosecond(Some(v), _) => (*v, 1_000_000),
        ScalarValue::TimestampNanosecond(Some(v), _) => (*v, 1_000_000_000),
        _ => return None,
    };
    Some((v.div_euclid(per_second), v.rem_euclid(per_second) != 0))
}

#[cfg(test)]
mod tests {
    use datafusion::logical_expr::{col, lit};

    use super::super::tables::resource;
    use super::*;

    fn ts(micros: i64) -> Expr {
        lit(ScalarValue::TimestampMicrosecond(
            Some(micros),
            Some("UTC".into()),
        ))
    }

    fn range(lo: Option<i64>, hi: Option<i64>) -> Option<Pushed> {
        Some(Pushed::Range {
            column: "created",
            lo,
            hi,
        })
    }

    #[test]
    fn time_bounds_become_half_open_whole_seconds() {
        let invoice = resource("invoice");
        let t = |e: Expr| translate(&e, &invoice);
        let s = 1_700_000_000i64;
        let exact = s * 1_000_000;
        let fraction = exact + 500_000;
        assert_eq!(t(col("created").gt(ts(exact))), range(Some(s + 1), None));
        assert_eq!(t(col("created").gt(ts(fraction))), range(Some(s + 1), None));
        assert_eq!(t(col("created").gt_eq(ts(exact))), range(Some(s), None));
        assert_eq!(
            t(col("created").gt_eq(ts(fraction))),
            range(Some(s + 1), None)
        );
        assert_eq!(t(col("created").lt(ts(exact))), range(None, Some(s)));
        assert_eq!(t(col("created").lt(ts(fraction))), range(None, Some(s + 1)));
        assert_eq!(t(col("created").lt_eq(ts(exact))), range(None, Some(s + 1)));
        assert_eq!(
            t(col("created").lt_eq(ts(fraction))),
            range(None, Some(s + 1))
        );
        assert_eq!(t(col("created").eq(ts(exact))), range(Some(s), Some(s + 1)));
        assert_eq!(t(col("created").eq(ts(fraction))), Some(Pushed::Nothing));
        // Literal on the left.
        assert_eq!(t(ts(exact).lt(col("created"))), range(Some(s + 1), None));
        assert_eq!(
            t(col("created").between(ts(fraction), ts(exact + 3_000_000))),
            range(Some(s + 1), Some(s + 4))
        );
        assert_eq!(
            t(col("created").between(ts(exact), ts(fraction))),
            range(Some(s), Some(s + 1))
        );
        // Negative times round down.
        assert_eq!(
            t(col("created").gt_eq(ts(-1_500_000))),
            range(Some(-1), None)
        );
        assert_eq!(
            t(col("due_date").lt(ts(exact))),
            Some(Pushed::Range {
                column: "due_date",
                lo: None,
                hi: Some(s)
            })
        );
        assert_eq!(t(col("created").not_eq(ts(exact))), None);
        assert_eq!(t(col("period_end").gt(ts(exact))), None);
    }

    #[test]
    fn equalities_on_filter_parameters_and_ids() {
        let invoice = resource("invoice");
        let t = |e: Expr| translate(&e, &invoice);
        assert_eq!(
            t(col("customer").eq(lit("cus_1"))),
            Some(Pushed::Param {
                param: "customer",
                value: "cus_1".into(),
                exact: true
            })
        );
        assert_eq!(t(col("status").eq(lit("all"))), Some(Pushed::Nothing));
        assert_eq!(t(col("customer").not_eq(lit("cus_1"))), None);
        assert_eq!(t(col("number").eq(lit("X-1"))), None);
        assert_eq!(
            t(col("id").eq(lit("in_1"))),
            Some(Pushed::Ids(vec!["in_1".into()]))
        );
        assert_eq!(
            t(col("id").in_list(vec![lit("in_1"), lit("in_2")], false)),
            Some(Pushed::Ids(vec!["in_1".into(), "in_2".into()]))
        );
        assert_eq!(t(col("id").in_list(vec![lit("in_1")], true)), None);

        let subscription = resource("subscription");
        let pushed = translate(&col("price_id").eq(lit("price_1")), &subscription).unwrap();
        assert!(!pushed.exact());
        let product = resource("product");
        assert_eq!(
            translate(&col("active"), &product),
            Some(Pushed::Param {
                param: "active",
                value: "true".into(),
                exact: true
            })
        );
        assert_eq!(
            translate(&col("active").eq(lit(false)), &product),
            Some(Pushed::Param {
                param: "active",
                value: "false".into(),
                exact: true
            })
        );
    }
}
