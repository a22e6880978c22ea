//! `nlq('question')` in a statement's FROM: replaced, before planning, by the subquery that answers the
//! question, so `SELECT * FROM nlq('...')` means the same on every port.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, Ident, Query, Statement, TableAlias, TableFactor, Value,
    VisitMut, VisitorMut,
};
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
use datafusion::sql::sqlparser::parser::Parser;

use crate::{Engine, Error, Result};

const NLQ_ARGUMENT: &str =
    "nlq() takes the question as one string literal, e.g. nlq('what is our MRR?')";

/// The questions of the `nlq(...)` calls in `statement`, in order (an argument that is not one string
/// literal is an error).
fn questions(statement: &mut Statement) -> Vec<Result<String>> {
    struct Questions(Vec<Result<String>>);
    impl VisitorMut for Questions {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            self.0.extend(question(factor));
            ControlFlow::Continue(())
        }
    }
    let mut found = Questions(Vec::new());
    let _ = statement.visit(&mut found);
    found.0
}

/// `Some(question)` for a factor `nlq(question)`.
fn question(factor: &TableFactor) -> Option<Result<String>> {
    let TableFactor::Table {
        name,
        args: Some(args),
        ..
    } = factor
    else {
        return None;
    };
    let last = name.0.last()?.as_ident()?;
    if !last.value.eq_ignore_ascii_case("nlq") {
        return None;
    }
    let refused = || Err(Error::NotAnswered(NLQ_ARGUMENT.to_string()));
    let question = match args.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] => match &v.value {
            Value::SingleQuotedString(s) => Ok(s.clone()),
            Value::DollarQuotedString(d) => Ok(d.value.clone()),
            _ => refused(),
        },
        _ => refused(),
    };
    Some(question)
}

/// Replaces each `nlq('question')` in `statement` with the subquery answering it.
pub(crate) async fn expand(engine: &Engine, statement: &mut Statement) -> Result<()> {
    let questions = questions(statement);
    if questions.is_empty() {
        return Ok(());
    }
    let mut subqueries = Vec::with_capacity(questions.len());
    for question in questions {
        let sql = engine.ask.sql_for(engine, &question?).await?;
        subqueries.push(parse_query(&sql)?);
    }

    struct Expand(std::vec::IntoIter<Box<Query>>);
    impl VisitorMut for Expand {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            if question(factor).is_none() {
                return ControlFlow::Continue(());
            }
            let Some(query) = self.0.next() else {
                return ControlFlow::Break(());
            };
            let alias = match factor {
                TableFactor::Table { alias, .. } => alias.take(),
                _ => None,
            };
            *factor = TableFactor::Derived {
                lateral: false,
                subquery: query,
                alias: Some(alias.unwrap_or(TableAlias {
                    explicit: true,
                    name: Ident::new("nlq"),
                    columns: Vec::new(),
                    at: None,
                })),
                sample: None,
            };
            ControlFlow::Continue(())
        }
    }
    let _ = statement.visit(&mut Expand(subqueries.into_iter()));
    Ok(())
}

fn parse_query(sql: &str) -> Result<Box<Query>> {
    let mut statements = Parser::parse_sql(&PostgreSqlDialect {}, sql).map_err(|e| {
        Error::Internal(format!("NLQ compiled SQL that does not parse ({e}): {sql}"))
    })?;
    match statements.pop() {
        Some(Statement::Query(query)) if statements.is_empty() => Ok(query),
        _ => Err(Error::Internal(format!(
            "NLQ compiled something other than one query: {sql}"
        ))),
    }
}
