//! `CAST(<computed name> AS regclass)`, looked up in `pg_class`.

use aos_engine::sql::Rule;
use datafusion::sql::sqlparser::ast::{Expr, Statement, Value};
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
use datafusion::sql::sqlparser::parser::Parser;

/// `CAST(format('%I.%I', s, t) AS regclass)` (Metabase): a relation named by a computed string, as a
/// lookup in `pg_class` (NULL when there is none). datafusion-pg-catalog rewrites only literal names;
/// a column operand (`c.oid::regclass`) means the other direction and stays.
#[derive(Debug)]
pub(super) struct ComputedRegclass;

impl Rule for ComputedRegclass {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let Expr::Cast {
            expr: operand,
            data_type,
            ..
        } = expr
        else {
            return;
        };
        let is_regclass = data_type
            .to_string()
            .to_ascii_lowercase()
            .trim_start_matches("pg_catalog.")
            == "regclass";
        if !is_regclass || !matches!(operand.as_ref(), Expr::Function(_) | Expr::BinaryOp { .. }) {
            return;
        }
        // aos owns no sequences, so `pg_get_serial_sequence(...)::regclass` (SQLAlchemy) is NULL, and
        // needs no lookup (which DataFusion could not plan inside a correlated subquery).
        if let Expr::Function(call) = operand.as_ref()
            && call
                .name
                .0
                .last()
                .and_then(|part| part.as_ident())
                .is_some_and(|name| name.value.eq_ignore_ascii_case("pg_get_serial_sequence"))
        {
            *expr = Expr::Value(Value::Null.with_empty_span());
            return;
        }
        let lookup = format!(
            "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid \
             WHERE quote_ident(n.nspname) || '.' || quote_ident(c.relname) = ({operand}) \
             OR (n.nspname = current_schema() AND quote_ident(c.relname) = ({operand}))"
        );
        if let Ok(mut statements) = Parser::parse_sql(&PostgreSqlDialect {}, &lookup)
            && let Some(Statement::Query(query)) = statements.pop()
        {
            *expr = Expr::Subquery(query);
        }
    }
}
