//! Filters -> SOQL. Each filter is pushed only if SOQL's answer is the SQL answer (Exact) or a superset of
//! it that DataFusion re-filters (Inexact); anything else stays in DataFusion (Unsupported).
//!
//! SOQL differs from SQL in two ways that matter: text comparison is case-insensitive (so `=`, `IN` and
//! `LIKE` on text are Inexact, and `!=`, `<`, `NOT` on text cannot be pushed at all: they would drop rows),
//! and it has no three-valued logic (`!=`, `NOT IN` and `NOT` keep null rows, so they are Inexact).

use chrono::{DateTime, NaiveDate};
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{BinaryExpr, Cast, Expr, Like, Operator};

use super::schema::{Kind, SObject, SfField};
use crate::filters::literal;

/// A SOQL string literal: `value` in single quotes, escaped so no value can end the literal or change the
/// query (`\'`, `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as `\uXXXX`).
pub fn soql_string(value: &str) -> String {
    format!("'{}'", escape(value, false))
}

fn escape(value: &str, like: bool) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '%' | '_' if like => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A SQL LIKE pattern (escape character `\`) as a SOQL LIKE literal, or None if it cannot be expressed.
fn like_pattern(pattern: &str) -> Option<String> {
    let mut out = String::from("'");
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '%' | '_' => out.push(c),
            '\\' => {
                let next = chars.next()?;
                out.push_str(&escape(&next.to_string(), true));
            }
            c => out.push_str(&escape(&c.to_string(), true)),
        }
    }
    out.push('\'');
    Some(out)
}

/// A pushed filter: its SOQL and whether SOQL's answer equals SQL's.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pushed {
    pub(crate) soql: String,
    pub(crate) exact: bool,
}

/// Translates one filter, or None if it must stay in DataFusion.
pub(crate) fn translate(expr: &Expr, object: &SObject) -> Option<Pushed> {
    translate_depth(expr, object, 0)
}

fn translate_depth(expr: &Expr, object: &SObject, depth: usize) -> Option<Pushed> {
    if depth > 32 {
        return None;
    }
    match expr {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: op @ (Operator::And | Operator::Or),
            right,
        }) => {
            let l = translate_depth(left, object, depth + 1)?;
            let r = translate_depth(right, object, depth + 1)?;
            let word = if *op == Operator::And { "AND" } else { "OR" };
            Some(Pushed {
                soql: format!("({} {word} {})", l.soql, r.soql),
                exact: l.exact && r.exact,
            })
        }
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (field, value, op) = match (column(left, object), column(right, object)) {
                (Some(f), None) => (f, literal(right)?, *op),
                (None, Some(f)) => (f, literal(left)?, op.swap()?),
                _ => return None,
            };
            compare(field, op, &value)
        }
        Expr::Not(inner) => {
            let inner = translate_depth(inner, object, depth + 1)?;
            // NOT keeps rows where the inner test is null-false: a superset, so Inexact; only over exact tests.
            inner.exact.then(|| Pushed {
                soql: format!("(NOT {})", inner.soql),
                exact: false,
            })
        }
        Expr::IsNull(e) => column(e, object).map(|f| Pushed {
            soql: format!("{} = null", f.api_name),
            exact: true,
        }),
        Expr::IsNotNull(e) => column(e, object).map(|f| Pushed {
            soql: format!("{} != null", f.api_name),
            exact: true,
        }),
        Expr::Column(_) => {
            let f = column(expr, object).filter(|f| f.kind == Kind::Boolean)?;
            Some(Pushed {
                soql: format!("{} = true", f.api_name),
                exact: true,
            })
        }
        Expr::InList(list) => {
            let field = column(&list.expr, object)?;
            if list.list.is_empty() || list.list.len() > 200 {
                return None;
            }
            let values: Option<Vec<String>> = list
                .list
                .iter()
                .map(|v| format_value(field, &literal(v)?))
                .collect();
            let values = values?;
            let case_insensitive = matches!(field.kind, Kind::Text)
                || (field.kind == Kind::Id && values.iter().any(|v| v.len() != 20));
            if list.negated {
                // NOT IN keeps nulls (superset), but a case-insensitive NOT IN would drop rows.
                (!case_insensitive).then(|| Pushed {
                    soql: format!("{} NOT IN ({})", field.api_name, values.join(", ")),
                    exact: false,
                })
            } else {
                Some(Pushed {
                    soql: format!("{} IN ({})", field.api_name, values.join(", ")),
                    exact: !case_insensitive,
                })
            }
        }
        Expr::Like(Like {
            negated: false,
            expr,
            pattern,
            escape_char,
            case_insensitive,
        }) => {
            let field = column(expr, object).filter(|f| f.kind == Kind::Text)?;
            if escape_char.is_some_and(|c| c != '\\') {
                return None;
            }
            let Expr::Literal(
                ScalarValue::Utf8(Some(p))
                | ScalarValue::LargeUtf8(Some(p))
                | ScalarValue::Utf8View(Some(p)),
                _,
            ) = pattern.as_ref()
            else {
                return None;
            };
            let soql = like_pattern(p)?;
            // SOQL LIKE ignores case: that is ILIKE exactly, and a superset of LIKE.
            Some(Pushed {
                soql: format!("{} LIKE {soql}", field.api_name),
                exact: *case_insensitive,
            })
        }
        _ => None,
    }
}

/// The field a column (or a widening numeric cast of one) refers to, if it can be filtered on.
fn column<'a>(expr: &Expr, object: &'a SObject) -> Option<&'a SfField> {
    let (name, cast) = match expr {
        Expr::Column(c) => (&c.name, false),
        Expr::Cast(Cast { expr, field }) if field.data_type().is_numeric() => match expr.as_ref() {
            Expr::Column(c) => (&c.name, true),
            _ => return None,
        },
        _ => return None,
    };
    let index = object.schema.index_of(name).ok()?;
    let field = object.fields.get(index)?;
    let numeric = matches!(field.kind, Kind::Int | Kind::Double | Kind::Decimal);
    (field.filterable && (!cast || numeric)).then_some(field)
}

fn compare(field: &SfField, op: Operator, value: &ScalarValue) -> Option<Pushed> {
    let text = format_value(field, value)?;
    let symbol = match op {
        Operator::Eq => "=",
        Operator::NotEq => "!=",
        Operator::Lt => "<",
        Operator::LtEq => "<=",
        Operator::Gt => ">",
        Operator::GtEq => ">=",
        _ => return None,
    };
    let full_id = field.kind == Kind::Id && text.len() == 20;
    let exact = match (field.kind, op) {
        (Kind::Text, Operator::Eq) => false,
        (Kind::Id, Operator::Eq) => full_id,
        // Case-insensitive inequality and ordering would drop rows SQL keeps.
        (Kind::Text, _) => return None,
        (Kind::Id, Operator::NotEq) if full_id => false,
        (Kind::Id, _) => return None,
        // SOQL's != keeps nulls.
        (_, Operator::NotEq) => false,
        _ => true,
    };
    Some(Pushed {
        soql: format!("{} {symbol} {text}", field.api_name),
        exact,
    })
}

/// A literal written for `field`'s type, or None if the types do not match (SOQL would refuse it).
fn format_value(field: &SfField, value: &ScalarValue) -> Option<String> {
    use ScalarValue as S;
    Some(match (field.kind, value) {
        (
            Kind::Text | Kind::Id,
            S::Utf8(Some(s)) | S::LargeUtf8(Some(s)) | S::Utf8View(Some(s)),
        ) => soql_string(s),
        (Kind::Boolean, S::Boolean(Some(b))) => b.to_string(),
        (Kind::Int | Kind::Double | Kind::Decimal, v) => number(v)?,
        (Kind::Date, S::Date32(Some(days))) => (NaiveDate::from_ymd_opt(1970, 1, 1)?
            + chrono::Days::new(u64::try_from(*days).ok()?))
        .to_string(),
        (Kind::DateTime, S::TimestampSecond(Some(v), _)) => datetime(*v * 1_000_000)?,
        (Kind::DateTime, S::TimestampMillisecond(Some(v), _)) => datetime(*v * 1_000)?,
        (Kind::DateTime, S::TimestampMicrosecond(Some(v), _)) => datetime(*v)?,
        (Kind::DateTime, S::TimestampNanosecond(Some(v), _)) if v % 1_000 == 0 => {
            datetime(*v / 1_000)?
        }
        _ => return None,
    })
}

fn number(value: &ScalarValue) -> Option<String> {
    use ScalarValue as S;
    Some(match value {
        S::Int8(Some(v)) => v.to_string(),
        S::Int16(Some(v)) => v.to_string(),
        S::Int32(Some(v)) => v.to_string(),
        S::Int64(Some(v)) => v.to_string(),
        S::UInt8(Some(v)) => v.to_string(),
        S::UInt16(Some(v)) => v.to_string(),
        S::UInt32(Some(v)) => v.to_string(),
        S::UInt64(Some(v)) => v.to_string(),
        S::Float32(Some(v)) if v.is_finite() => v.to_string(),
        S::Float64(Some(v)) if v.is_finite() => v.to_string(),
        S::Decimal128(Some(v), _, scale) => {
            let scale = u32::try_from(*scale).ok()?;
            let divisor = 10i128.checked_pow(scale)?;
            let (int, frac) = (v / divisor, (v % divisor).abs());
            let sign = if *v < 0 && int == 0 { "-" } else { "" };
            if scale == 0 {
                format!("{v}")
            } else {
                format!("{sign}{int}.{frac:0width$}", width = scale as usize)
            }
        }
        _ => return None,
    })
}

/// Microseconds since the epoch as a SOQL datetime literal (whole milliseconds only).
fn datetime(micros: i64) -> Option<String> {
    if micros % 1_000 != 0 {
        return None;
    }
    let t = DateTime::from_timestamp_micros(micros)?;
    Some(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::prelude::{col, lit};

    use super::*;

    fn account() -> SObject {
        let fields = [
            ("Id", Kind::Id, DataType::Utf8),
            ("Name", Kind::Text, DataType::Utf8),
            ("NumberOfEmployees", Kind::Int, DataType::Int64),
            ("IsDeleted", Kind::Boolean, DataType::Boolean),
            ("CreatedDate", Kind::Date, DataType::Date32),
        ];
        SObject {
            name: "Account".into(),
            fields: fields
                .iter()
                .map(|(n, k, _)| SfField {
                    api_name: (*n).into(),
                    kind: *k,
                    filterable: true,
                })
                .collect(),
            schema: Arc::new(Schema::new(
                fields
                    .iter()
                    .map(|(n, _, t)| {
                        Field::new(super::super::schema::snake_case(n), t.clone(), true)
                    })
                    .collect::<Vec<_>>(),
            )),
        }
    }

    #[test]
    fn hostile_strings_stay_inside_the_literal() {
        for (value, soql) in [
            ("O'Brien", r"'O\'Brien'"),
            (r"back\slash", r"'back\\slash'"),
            ("' OR Name != '", r"'\' OR Name != \''"),
            (r"\' OR 1=1 --", r"'\\\' OR 1=1 --'"),
            ("line\nbreak\ttab\r", r"'line\nbreak\ttab\r'"),
            ("quote\"s", r#"'quote\"s'"#),
            ("nul\u{0}bell\u{7}", r"'nul\u0000bell\u0007'"),
            ("ünïcødé 😀 %_", "'ünïcødé 😀 %_'"),
        ] {
            assert_eq!(soql_string(value), soql, "{value:?}");
        }
        assert_eq!(
            like_pattern("100\\%_off%").as_deref(),
            Some(r"'100\%_off%'")
        );
        assert_eq!(like_pattern("it's_%").as_deref(), Some(r"'it\'s_%'"));
    }

    #[test]
    fn exactness_follows_soql_semantics() {
        let a = account();
        let t = |e: Expr| translate(&e, &a);
        assert_eq!(
            t(col("name").eq(lit("Acme"))),
            Some(Pushed {
                soql: "Name = 'Acme'".into(),
                exact: false
            })
        );
        assert_eq!(t(col("name").not_eq(lit("Acme"))), None);
        assert_eq!(t(col("name").lt(lit("B"))), None);
        assert_eq!(
            t(col("number_of_employees").gt(lit(50i64))),
            Some(Pushed {
                soql: "NumberOfEmployees > 50".into(),
                exact: true
            })
        );
        assert_eq!(
            t(col("number_of_employees").not_eq(lit(5i64))).map(|p| p.exact),
            Some(false)
        );
        assert_eq!(
            t(col("id").eq(lit("0015g0000000001AAA"))).map(|p| p.exact),
            Some(true)
        );
        assert_eq!(
            t(col("id").eq(lit("0015g0000000001"))).map(|p| p.exact),
            Some(false)
        );
        assert_eq!(
            t(col("is_deleted")),
            Some(Pushed {
                soql: "IsDeleted = true".into(),
                exact: true
            })
        );
        assert_eq!(
            t(col("name").is_null()),
            Some(Pushed {
                soql: "Name = null".into(),
                exact: true
            })
        );
        let or = col("number_of_employees")
            .lt(lit(10i64))
            .or(col("name").eq(lit("x")));
        assert_eq!(
            t(or),
            Some(Pushed {
                soql: "(NumberOfEmployees < 10 OR Name = 'x')".into(),
                exact: false
            })
        );
        assert_eq!(
            t(col("name").eq(lit(5i64))),
            None,
            "a number against a text field is not pushed"
        );
        assert_eq!(
            t(lit(5i64).lt(col("number_of_employees"))).map(|p| p.soql),
            Some("NumberOfEmployees > 5".into())
        );
        assert_eq!(t(Expr::Not(Box::new(col("name").eq(lit("x"))))), None);
        assert_eq!(
            t(col("name").like(lit("Ac%"))).map(|p| (p.soql, p.exact)),
            Some(("Name LIKE 'Ac%'".into(), false))
        );
        assert_eq!(
            t(col("name").ilike(lit("ac%"))).map(|p| p.exact),
            Some(true)
        );
    }
}
