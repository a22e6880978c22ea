//! Catalog array columns compared with array literals written as text.

use aos_engine::sql::Rule;
use datafusion::sql::sqlparser::ast::{Expr, Value};

/// PostgreSQL catalog columns of array type, which clients compare with array literals written as
/// text (`pol.polroles = '{0}'`, psql's `\d`).
const CATALOG_ARRAY_COLUMNS: &[&str] = &["polroles"];

/// `catalog_array_column = '{a,b}'` as `... = ARRAY[a, b]`: PostgreSQL reads the text as an array of
/// the column's type; DataFusion cannot compare a list with text. Only the catalog's own array columns
/// are rewritten, by name.
#[derive(Debug)]
pub(super) struct CatalogArrayLiterals;

impl Rule for CatalogArrayLiterals {
    fn rewrite_expr(&self, expr: &mut Expr) {
        use datafusion::sql::sqlparser::ast::Array;
        let Some(literal) = super::compared_with(expr, CATALOG_ARRAY_COLUMNS) else {
            return;
        };
        let Expr::Value(value) = &*literal else {
            return;
        };
        let Value::SingleQuotedString(text) = &value.value else {
            return;
        };
        let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
            return;
        };
        let elements = inner
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| Expr::Value(Value::Number(e.to_string(), false).with_empty_span()))
            .collect();
        if inner.split(',').all(|e| e.trim().parse::<i64>().is_ok()) {
            *literal = Expr::Array(Array {
                elem: elements,
                named: true,
            });
        }
    }
}
