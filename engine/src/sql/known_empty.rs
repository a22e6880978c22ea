//! Catalog queries DataFusion cannot plan, answered by their known empty equivalents.

use datafusion::sql::sqlparser::ast::{Expr, SetExpr, Statement, Value};
use datafusion_pg_catalog::sql::PostgresCompatibilityParser;

/// datafusion-pg-catalog's list of client catalog queries (psql's, pgcli's) with equivalents over the
/// objects aos never has (publications, policies, ...).
pub(crate) struct KnownEmpty(PostgresCompatibilityParser);

impl std::fmt::Debug for KnownEmpty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KnownEmpty")
    }
}

impl KnownEmpty {
    pub(crate) fn new() -> Self {
        Self(PostgresCompatibilityParser::new())
    }

    /// The equivalent of the `index`th statement of `sql`, when it is one that answers no rows
    /// (`WHERE false`): that crate's other rewrites change what queries mean, so only those are used.
    pub(crate) fn replacement(&self, sql: &str, index: usize) -> Option<Statement> {
        let mut statements = self.0.parse(sql).ok()?;
        (index < statements.len())
            .then(|| statements.swap_remove(index))
            .filter(answers_no_rows)
    }
}

/// Whether `statement` is a query each of whose selects has `WHERE false`.
fn answers_no_rows(statement: &Statement) -> bool {
    fn empty(body: &SetExpr) -> bool {
        match body {
            SetExpr::Select(select) => matches!(
                &select.selection,
                Some(Expr::Value(v)) if v.value == Value::Boolean(false)
            ),
            SetExpr::SetOperation { left, right, .. } => empty(left) && empty(right),
            SetExpr::Query(query) => empty(&query.body),
            _ => false,
        }
    }
    matches!(statement, Statement::Query(query) if empty(&query.body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_empty_equivalents_are_used() {
        let known = KnownEmpty::new();
        assert!(known.replacement("SELECT 1", 0).is_none());
        assert!(known.replacement("SELECT 1", 3).is_none());
        assert!(known.replacement("not sql", 0).is_none());
    }
}
