//! Rewrites of PostgreSQL SQL that DataFusion cannot plan as written, applied to the parsed statement
//! (never to the query text), each one meaning exactly what PostgreSQL means. One rule per file, each
//! with its tests; the functions a rule calls live beside it.
//!
//! A rule implements [`Rule`]: it rewrites one expression (after its own sub-expressions were) or one
//! query (before its parts are), and the one walk here ([`Rule::rewrite`]) visits the statement.
//!
//! datafusion-pg-catalog's `PostgresCompatibilityParser` also replaces every correlated subquery in a
//! select list by `NULL` and adds `LIMIT 1` to the others (`RemoveSubqueryFromProjection`), which turns
//! `SELECT name, (SELECT count(*) FROM o WHERE o.account_id = a.account_id) FROM a` into a column of
//! NULLs. [`Rules`] applies that crate's other general rules and ours instead.

mod array_from_subquery;
pub(crate) mod ast;
mod correlated_equivalents;
mod duplicate_columns;
mod field_access;
pub(crate) mod json_cast;
pub(crate) mod like_escape;
mod recursive_subquery;
pub(crate) mod single_value_subquery;

use std::collections::HashSet;
use std::convert::Infallible;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::sql::sqlparser::ast::{Expr, Query, Statement, VisitMut, VisitorMut};
use datafusion_pg_catalog::sql::rules::{
    AliasDuplicatedProjectionRewrite, CurrentUserVariableToSessionUserFunctionCall,
    FixArrayLiteral, FixVersionColumnName, ResolveUnqualifiedIdentifier,
    RewriteArrayAnyAllOperation, RewritePgCatalogOperator, SqlStatementRewriteRule,
    StripCallableQualifier, StripCollate,
};

/// One rewrite of parsed SQL. Implement [`Rule::rewrite_expr`] or [`Rule::rewrite_query`] (or both);
/// [`Rule::rewrite`] walks the whole statement calling them, subqueries included.
pub trait Rule: Send + Sync + fmt::Debug {
    /// Rewrites `expr`, after its own sub-expressions were rewritten.
    fn rewrite_expr(&self, _expr: &mut Expr) {}

    /// Rewrites `query` before its parts (its expressions, its subqueries) are visited.
    fn rewrite_query(&self, _query: &mut Query) {}

    /// Rewrites `statement`: by default, every query and expression in it.
    fn rewrite(&self, statement: &mut Statement) {
        let _ = VisitMut::visit(statement, &mut Walk(self));
    }
}

/// The one visitor every rule shares.
struct Walk<'a, R: ?Sized>(&'a R);

impl<R: Rule + ?Sized> VisitorMut for Walk<'_, R> {
    type Break = Infallible;

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<Infallible> {
        self.0.rewrite_query(query);
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<Infallible> {
        self.0.rewrite_expr(expr);
        ControlFlow::Continue(())
    }
}

/// One step of [`Rules`]: ours, or one of datafusion-pg-catalog's (which take the statement by value).
#[derive(Debug, Clone)]
pub enum Step {
    /// A [`Rule`].
    Rule(Arc<dyn Rule>),
    /// A datafusion-pg-catalog rule.
    Upstream(Arc<dyn SqlStatementRewriteRule>),
}

impl Step {
    /// `statement`, rewritten by this step.
    pub fn apply(&self, mut statement: Statement) -> Statement {
        match self {
            Step::Rule(rule) => {
                rule.rewrite(&mut statement);
                statement
            }
            Step::Upstream(rule) => rule.rewrite(statement),
        }
    }
}

/// The rules the engine applies to every statement, in order: datafusion-pg-catalog's general ones,
/// then the front ends' compatibility rules ([`Rules::add_compatibility`]), then ours.
pub(crate) struct Rules {
    general: Vec<Step>,
    compatibility: Vec<Step>,
    ours: Vec<Step>,
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rules")
            .field("general", &self.general.len())
            .field("compatibility", &self.compatibility.len())
            .field("ours", &self.ours.len())
            .finish()
    }
}

impl Rules {
    /// The rules, knowing `aggregates`, the names of the session's aggregate functions.
    pub(crate) fn new(aggregates: HashSet<String>) -> Self {
        let upstream = |rule: Arc<dyn SqlStatementRewriteRule>| Step::Upstream(rule);
        let ours = |rule: Arc<dyn Rule>| Step::Rule(rule);
        Self {
            general: vec![
                upstream(Arc::new(AliasDuplicatedProjectionRewrite)),
                upstream(Arc::new(ResolveUnqualifiedIdentifier)),
                upstream(Arc::new(RewriteArrayAnyAllOperation)),
                upstream(Arc::new(StripCallableQualifier)),
                upstream(Arc::new(FixArrayLiteral)),
                upstream(Arc::new(CurrentUserVariableToSessionUserFunctionCall)),
                upstream(Arc::new(StripCollate)),
                upstream(Arc::new(RewritePgCatalogOperator)),
            ],
            compatibility: Vec::new(),
            ours: vec![
                ours(Arc::new(json_cast::JsonCast)),
                ours(Arc::new(like_escape::LikeEscape)),
                ours(Arc::new(duplicate_columns::NameDuplicateColumns)),
                ours(Arc::new(field_access::FieldAccess)),
                ours(Arc::new(recursive_subquery::RecursiveSubqueryForAllRows)),
                ours(Arc::new(correlated_equivalents::CorrelatedEquivalents)),
                ours(Arc::new(array_from_subquery::ArrayFromSubquery)),
                ours(Arc::new(single_value_subquery::SingleValueSubquery::new(
                    aggregates,
                ))),
                upstream(Arc::new(FixVersionColumnName)),
            ],
        }
    }

    /// Adds a front end's rules (the pgwire catalog's), applied after the general ones, before ours.
    pub(crate) fn add_compatibility(&mut self, rules: impl IntoIterator<Item = Step>) {
        self.compatibility.extend(rules);
    }

    /// `statement`, rewritten by every rule in order.
    pub(crate) fn rewrite(&self, statement: Statement) -> Statement {
        self.general
            .iter()
            .chain(&self.compatibility)
            .chain(&self.ours)
            .fold(statement, |statement, step| step.apply(statement))
    }
}

/// Test helpers: SQL through the rules, back to text.
#[cfg(test)]
pub(crate) mod testing {
    use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
    use datafusion::sql::sqlparser::parser::Parser;

    use super::Rules;

    /// `sql` parsed and rewritten by the engine's rules, statements joined by `; `.
    pub(crate) fn rewritten(sql: &str) -> String {
        let aggregates = ["count", "max", "array_agg", "sum"]
            .map(String::from)
            .into_iter()
            .collect();
        let rules = Rules::new(aggregates);
        Parser::parse_sql(&PostgreSqlDialect {}, sql)
            .unwrap()
            .into_iter()
            .map(|s| rules.rewrite(s).to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }
}
