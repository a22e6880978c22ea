//! `CAST(x AS json)`: JSON as checked text, marked as JSON.

use datafusion::sql::sqlparser::ast::{Expr, Value};

use super::Rule;
use super::ast::function;
use crate::sql::json::JSON_TEXT;

/// `CAST(x AS json)` / `x::jsonb` as `json_text(CAST(x AS text))`: DataFusion has no JSON type, so JSON
/// is text, checked and marked as JSON by `json_text` (pgwire then describes the column as `json`).
#[derive(Debug)]
pub(crate) struct JsonCast;

impl Rule for JsonCast {
    fn rewrite_expr(&self, expr: &mut Expr) {
        use datafusion::sql::sqlparser::ast::DataType;
        if let Expr::Cast { data_type, .. } = expr
            && matches!(data_type, DataType::JSON | DataType::JSONB)
        {
            *data_type = DataType::Text;
            let text = std::mem::replace(expr, Expr::Value(Value::Null.with_empty_span()));
            *expr = function(JSON_TEXT, vec![text], vec![]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn json_casts_are_checked_text() {
        insta::assert_snapshot!(
            rewritten("SELECT '{\"a\":1}'::json, CAST(x AS jsonb) FROM t"),
            @"SELECT json_text('{\"a\":1}'::TEXT), json_text(CAST(x AS TEXT)) FROM t"
        );
    }
}
