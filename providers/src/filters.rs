//! What every provider's filter translation needs: literals out of expressions, and filters made ready to
//! compile against a scan's own schema.

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, Result as DfResult, ScalarValue};
use datafusion::logical_expr::Expr;

/// The value of a non-null literal.
pub(crate) fn literal(expr: &Expr) -> Option<ScalarValue> {
    match expr {
        Expr::Literal(v, _) if !v.is_null() => Some(v.clone()),
        _ => None,
    }
}

/// Whether `filter` is the literal `true`: the optimizer may simplify a filter it already pushed into a
/// scan (`IS NOT NULL` on a required column), and every row meets it.
pub(crate) fn is_true(filter: &Expr) -> bool {
    matches!(filter, Expr::Literal(ScalarValue::Boolean(Some(true)), _))
}

/// The text of a string value.
pub(crate) fn text(value: &ScalarValue) -> Option<String> {
    match value {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
        _ => None,
    }
}

/// A filter with its columns stripped of table qualifiers, to compile against a scan's fetch schema.
pub(crate) fn unqualified(expr: &Expr) -> DfResult<Expr> {
    Ok(expr
        .clone()
        .transform_up(|e| {
            Ok(match e {
                Expr::Column(c) if c.relation.is_some() => {
                    Transformed::yes(Expr::Column(Column::new_unqualified(c.name)))
                }
                other => Transformed::no(other),
            })
        })?
        .data)
}
