//! Filters -> SuiteQL conditions.
//!
//! SuiteQL is Oracle SQL: three-valued logic, case-sensitive text comparison (binary collation) and LIKE
//! with `%` and `_`, so what translates is Exact. Literals are written by type: text through
//! [`suiteql_string`] (the one escaping function), numbers as numbers, booleans as `'T'`/`'F'`, dates and
//! times through `TO_DATE`. What does not translate stays in DataFusion.

use chrono::{DateTime, NaiveDate};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Like, Operator};

use super::schema::{ColumnType, SuiteTable};
use crate::filters::{literal, text};

/// Oracle refuses an IN list longer than this.
const MAX_IN_LIST: usize = 1000;

/// A SuiteQL string literal: `value` in single quotes, each `'` doubled, so no value can end the literal.
pub fn suiteql_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The SuiteQL condition equal to `expr`, or None if it must stay in DataFusion.
pub(crate) fn translate(expr: &Expr, table: &SuiteTable) -> Option<String> {
    translate_depth(expr, table, 0)
}

fn translate_depth(expr: &Expr, table: &SuiteTable, depth: usize) -> Option<String> {
    if depth > 32 {
        return None;
    }
    match expr {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: op @ (Operator::And | Operator::Or),
            right,
        }) => {
            let l = translate_depth(left, table, depth + 1)?;
            let r = translate_depth(right, table, depth + 1)?;
            let word = if *op == Operator::And { "AND" } else { "OR" };
            Some(format!("({l} {word} {r})"))
        }
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (name, ty, value, op) = match (column(left, table), column(right, table)) {
                (Some((n, t)), None) => (n, t, literal(right)?, *op),
                (None, Some((n, t))) => (n, t, literal(left)?, op.swap()?),
                _ => return None,
            };
            let symbol = match op {
                Operator::Eq => "=",
                Operator::NotEq => "<>",
                Operator::Lt => "<",
                Operator::LtEq => "<=",
                Operator::Gt => ">",
                Operator::GtEq => ">=",
                _ => return None,
            };
            Some(format!("{name} {symbol} {}", format_value(ty, &value)?))
        }
        Expr::Not(inner) => Some(format!(
            "(NOT {})",
            translate_depth(inner, table, depth + 1)?
        )),
        Expr::IsNull(e) => column(e, table).map(|(n, _)| format!("{n} IS NULL")),
        Expr::IsNotNull(e) => column(e, table).map(|(n, _)| format!("{n} IS NOT NULL")),
        Expr::Column(_) => {
            let (name, ty) = column(expr, table)?;
            (ty == ColumnType::Boolean).then(|| format!("{name} = 'T'"))
        }
        Expr::InList(list) => {
            let (name, ty) = column(&list.expr, table)?;
            if list.list.is_empty() || list.list.len() > MAX_IN_LIST {
                return None;
            }
            let values: Option<Vec<String>> = list
                .list
                .iter()
                .map(|v| format_value(ty, &literal(v)?))
                .collect();
            let not = if list.negated { "NOT " } else { "" };
            Some(format!("{name} {not}IN ({})", values?.join(", ")))
        }
        Expr::Between(Between {
            expr,
            negated,
            low,
            high,
        }) => {
            let (name, ty) = column(expr, table)?;
            let low = format_value(ty, &literal(low)?)?;
            let high = format_value(ty, &literal(high)?)?;
            let not = if *negated { "NOT " } else { "" };
            Some(format!("{name} {not}BETWEEN {low} AND {high}"))
        }
        Expr::Like(Like {
            negated,
            expr,
            pattern,
            escape_char: None,
            case_insensitive: false,
        }) => {
            let (name, ty) = column(expr, table)?;
            let pattern = text(&literal(pattern)?)?;
            // SQL's LIKE escapes with `\`; SuiteQL's has no escape character without ESCAPE.
            if ty != ColumnType::Text || pattern.contains('\\') {
                return None;
            }
            let not = if *negated { "NOT " } else { "" };
            Some(format!("{name} {not}LIKE {}", suiteql_string(&pattern)))
        }
        _ => None,
    }
}

/// A plain column of the table, with its type.
fn column<'a>(expr: &'a Expr, table: &SuiteTable) -> Option<(&'a str, ColumnType)> {
    match expr {
        Expr::Column(c) => Some((c.name.as_str(), table.column_type(&c.name)?)),
        _ => None,
    }
}

/// A literal compared with a column of type `ty`, as SuiteQL.
pub(crate) fn format_value(ty: ColumnType, value: &ScalarValue) -> Option<String> {
    match (ty, value) {
        (ColumnType::Text, v) => text(v).map(|s| suiteql_string(&s)),
        (ColumnType::Boolean, ScalarValue::Boolean(Some(b))) => {
            Some(if *b { "'T'" } else { "'F'" }.to_owned())
        }
        (ColumnType::Integer | ColumnType::Float | ColumnType::Currency, v) => number(v),
        (ColumnType::Date, ScalarValue::Date32(Some(days))) => {
            let day = NaiveDate::from_num_days_from_ce_opt(*days + 719_163)?;
            Some(format!(
                "TO_DATE('{}', 'YYYY-MM-DD')",
                day.format("%Y-%m-%d")
            ))
        }
        (ColumnType::DateTime, v) => {
            let micros = match v {
                ScalarValue::TimestampSecond(Some(s), _) => s.checked_mul(1_000_000)?,
                ScalarValue::TimestampMillisecond(Some(ms), _) => ms.checked_mul(1_000)?,
                ScalarValue::TimestampMicrosecond(Some(us), _) => *us,
                ScalarValue::TimestampNanosecond(Some(ns), _) => {
                    (ns % 1_000 == 0).then_some(ns / 1_000)?
                }
                _ => return None,
            };
            // TO_DATE has whole seconds.
            if micros % 1_000_000 != 0 {
                return None;
            }
            let t = DateTime::from_timestamp_micros(micros)?;
            Some(format!(
                "TO_DATE('{}', 'YYYY-MM-DD HH24:MI:SS')",
                t.format("%Y-%m-%d %H:%M:%S")
            ))
        }
        _ => None,
    }
}

fn number(value: &ScalarValue) -> Option<String> {
    Some(match value {
        ScalarValue::Int8(Some(v)) => v.to_string(),
        ScalarValue::Int16(Some(v)) => v.to_string(),
        ScalarValue::Int32(Some(v)) => v.to_string(),
        ScalarValue::Int64(Some(v)) => v.to_string(),
        ScalarValue::UInt8(Some(v)) => v.to_string(),
        ScalarValue::UInt16(Some(v)) => v.to_string(),
        ScalarValue::UInt32(Some(v)) => v.to_string(),
        ScalarValue::UInt64(Some(v)) => v.to_string(),
        ScalarValue::Float64(Some(v)) if v.is_finite() => format!("{v:?}"),
        ScalarValue::Float32(Some(v)) if v.is_finite() => format!("{v:?}"),
        ScalarValue::Decimal128(Some(v), _, scale) => decimal_text(*v, *scale),
        _ => return None,
    })
}

/// A Decimal128 value as plain decimal text.
fn decimal_text(value: i128, scale: i8) -> String {
    if scale <= 0 {
        return (value * 10i128.pow(scale.unsigned_abs() as u32)).to_string();
    }
    let divisor = 10i128.pow(scale as u32);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / divisor as u128,
        abs % divisor as u128,
        width = scale as usize
    )
}

#[cfg(test)]
mod tests {
    use datafusion::logical_expr::{col, lit};

    use super::super::schema::{SuiteTable, built_in};
    use super::*;

    fn transaction() -> SuiteTable {
        SuiteTable::new("transaction", built_in("transaction").unwrap())
    }

    #[test]
    fn hostile_strings_stay_literals() {
        for (value, sql) in [
            ("O'Brien", "'O''Brien'"),
            (
                "'; DELETE FROM customer --",
                "'''; DELETE FROM customer --'",
            ),
            ("''", "''''''"),
            ("a\\'b", "'a\\''b'"),
            ("line\nbreak", "'line\nbreak'"),
            ("日本語 ünïcödé", "'日本語 ünïcödé'"),
            ("100% _x_", "'100% _x_'"),
        ] {
            assert_eq!(suiteql_string(value), sql);
            // Outside the quotes, the literal has no quote of its own.
            let inner = &sql[1..sql.len() - 1];
            assert!(!inner.replace("''", "").contains('\''), "{sql}");
        }
    }

    #[test]
    fn filters_translate_by_column_type() {
        let t = transaction();
        let tr = |e: Expr| translate(&e, &t);
        assert_eq!(
            tr(col("type").eq(lit("CustInvc"))).as_deref(),
            Some("type = 'CustInvc'")
        );
        assert_eq!(tr(col("id").gt(lit(5i64))).as_deref(), Some("id > 5"));
        assert_eq!(
            tr(lit(5i64).lt_eq(col("entity"))).as_deref(),
            Some("entity >= 5")
        );
        assert_eq!(
            tr(col("foreigntotal").gt_eq(lit(ScalarValue::Decimal128(Some(-12345), 20, 2))))
                .as_deref(),
            Some("foreigntotal >= -123.45")
        );
        assert_eq!(
            tr(col("trandate").gt_eq(lit(ScalarValue::Date32(Some(20_089))))).as_deref(),
            Some("trandate >= TO_DATE('2025-01-01', 'YYYY-MM-DD')")
        );
        assert_eq!(
            tr(col("createddate").lt(lit(ScalarValue::TimestampMicrosecond(
                Some(1_735_689_600_000_000),
                Some("UTC".into())
            ))))
            .as_deref(),
            Some("createddate < TO_DATE('2025-01-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS')")
        );
        assert_eq!(
            tr(col("createddate").lt(lit(ScalarValue::TimestampMicrosecond(
                Some(1_735_689_600_000_001),
                None
            )))),
            None
        );
        assert_eq!(
            tr(col("status").in_list(vec![lit("A"), lit("B'")], true)).as_deref(),
            Some("status NOT IN ('A', 'B''')")
        );
        assert_eq!(
            tr(col("memo").like(lit("%O'Neil_"))).as_deref(),
            Some("memo LIKE '%O''Neil_'")
        );
        assert_eq!(tr(col("memo").like(lit("100\\%"))), None);
        assert_eq!(tr(col("memo").ilike(lit("a%"))), None);
        assert_eq!(
            tr(col("id").between(lit(1i64), lit(9i64))).as_deref(),
            Some("id BETWEEN 1 AND 9")
        );
        assert_eq!(
            tr(col("memo").is_null().or(col("type").not_eq(lit("X")))).as_deref(),
            Some("(memo IS NULL OR type <> 'X')")
        );
        assert_eq!(
            tr(Expr::Not(Box::new(col("id").eq(lit(1i64))))).as_deref(),
            Some("(NOT id = 1)")
        );
        // An unknown column, a function of a column, a type mismatch: not pushed.
        assert_eq!(tr(col("nope").eq(lit(1i64))), None);
        assert_eq!(tr(col("id").eq(lit("1"))), None);
        assert_eq!(tr(col("memo").eq(lit(1i64))), None);
    }
}
