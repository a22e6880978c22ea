//! `_pg_expandarray(a)` (pgjdbc's primary keys and indexes), unnested.

use aos_engine::sql::{Rule, call as function};
use datafusion::sql::sqlparser::ast::Expr;

/// `_pg_expandarray(a)` is set-returning in PostgreSQL; ours returns the rows as a list, unnested here.
#[derive(Debug)]
pub(super) struct UnnestExpandArray;

impl Rule for UnnestExpandArray {
    fn rewrite_expr(&self, expr: &mut Expr) {
        if let Expr::Function(f) = expr
            && f.name.to_string().eq_ignore_ascii_case("_pg_expandarray")
        {
            *expr = function("unnest", vec![expr.clone()], vec![]);
        }
    }
}
