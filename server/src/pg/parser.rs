//! The extended protocol's statement parser: our rewrites ([`SqlParser`]), then the query hooks, then
//! DataFusion's planner. Parameter and result descriptions come from datafusion-postgres's parser, which
//! reads them off the plan.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::Statement;
use datafusion_postgres::{Parser, QueryHook};
use pgwire::api::portal::Format;
use pgwire::api::results::FieldInfo;
use pgwire::api::{ClientInfo, Type};
use pgwire::error::{PgWireError, PgWireResult};

use datafusion::sql::sqlparser::ast::{Expr, SetExpr, Value};
use datafusion_pg_catalog::sql::PostgresCompatibilityParser;

use super::rewrite::SqlParser;

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

/// A prepared statement: its SQL, and the statement with its plan.
pub(crate) type Prepared = (String, Option<(Statement, LogicalPlan)>);

fn nlq_error(code: &str, message: String) -> PgWireError {
    PgWireError::UserError(Box::new(pgwire::error::ErrorInfo::new(
        "ERROR".into(),
        code.into(),
        message,
    )))
}

/// Parses and plans extended-protocol statements the way the simple protocol does.
pub(crate) struct QueryParser {
    context: Arc<SessionContext>,
    sql: SqlParser,
    known_empty: PostgresCompatibilityParser,
    describe: Arc<Parser>,
    hooks: Vec<Arc<dyn QueryHook>>,
    ask: Arc<crate::nlq::Ask>,
}

impl QueryParser {
    /// A parser over `context`'s catalog; `describe` answers parameter and result types.
    pub(crate) fn new(
        context: Arc<SessionContext>,
        describe: Arc<Parser>,
        hooks: Vec<Arc<dyn QueryHook>>,
        ask: Arc<crate::nlq::Ask>,
    ) -> Self {
        let aggregates = context
            .state()
            .aggregate_functions()
            .keys()
            .map(|name| name.to_ascii_lowercase())
            .collect();
        Self {
            context,
            sql: SqlParser::new(aggregates),
            known_empty: PostgresCompatibilityParser::new(),
            describe,
            hooks,
            ask,
        }
    }

    /// The statements of `sql`, rewritten for DataFusion.
    pub(crate) fn parse(&self, sql: &str) -> PgWireResult<Vec<Statement>> {
        self.sql
            .parse(sql)
            .map_err(|e| PgWireError::ApiError(Box::new(e)))
    }

    /// The logical plan of `statement`, the `index`th statement of `sql`.
    ///
    /// A few catalog queries of psql and pgcli cannot be planned by DataFusion at all (`\d`'s
    /// publication footer calls `generate_series` over a correlated column). datafusion-pg-catalog
    /// keeps a list of them with equivalent queries over the objects aos never has (publications,
    /// policies, ...), which answer no rows. That list is used here, and only when DataFusion could not
    /// plan the statement and the replacement is such an empty answer (`WHERE false`), since that
    /// crate's other rewrites change what queries mean (see `rewrite`).
    pub(crate) async fn plan(
        &self,
        sql: &str,
        index: usize,
        mut statement: Statement,
    ) -> PgWireResult<LogicalPlan> {
        if crate::nlq::mentions_nlq(&mut statement) {
            self.ask
                .nlq()
                .await
                .map_err(|e| nlq_error("55000", e.to_string()))?;
            crate::nlq::expand(&self.ask, &mut statement)
                .await
                .map_err(|e| nlq_error("22023", e))?;
        }
        let state = self.context.state();
        match state
            .statement_to_plan(DfStatement::Statement(Box::new(statement)))
            .await
        {
            Ok(plan) => Ok(plan),
            Err(error) => {
                let replacement = self
                    .known_empty
                    .parse(sql)
                    .ok()
                    .and_then(|mut statements| {
                        (index < statements.len()).then(|| statements.swap_remove(index))
                    })
                    .filter(answers_no_rows);
                match replacement {
                    Some(replacement) => {
                        tracing::debug!(%replacement, "catalog query answered by its empty equivalent");
                        state
                            .statement_to_plan(DfStatement::Statement(Box::new(replacement)))
                            .await
                            .map_err(|e| PgWireError::ApiError(Box::new(e)))
                    }
                    None => Err(PgWireError::ApiError(Box::new(error))),
                }
            }
        }
    }
}

#[async_trait]
impl pgwire::api::stmt::QueryParser for QueryParser {
    type Statement = Prepared;

    async fn parse_sql<C>(
        &self,
        client: &C,
        sql: &str,
        _types: &[Option<Type>],
    ) -> PgWireResult<Option<Prepared>>
    where
        C: ClientInfo + Unpin + Send + Sync,
    {
        let mut statements = self.parse(sql)?;
        if statements.is_empty() {
            return Ok(None);
        }
        if statements.len() > 1 {
            return Err(PgWireError::UserError(Box::new(
                pgwire::error::ErrorInfo::new(
                    "ERROR".into(),
                    "42601".into(),
                    "cannot insert multiple commands into a prepared statement".into(),
                ),
            )));
        }
        let statement = statements.remove(0);
        let original = sql;
        let sql = statement.to_string();
        for hook in &self.hooks {
            if let Some(plan) = hook
                .handle_extended_parse_query(&statement, &self.context, client)
                .await
            {
                return Ok(Some((sql, Some((statement, plan?)))));
            }
        }
        let plan = self.plan(original, 0, statement.clone()).await?;
        Ok(Some((sql, Some((statement, plan)))))
    }

    fn get_parameter_types(&self, statement: &Prepared) -> PgWireResult<Vec<Type>> {
        self.describe.get_parameter_types(statement)
    }

    fn get_result_schema(
        &self,
        statement: &Prepared,
        column_format: Option<&Format>,
    ) -> PgWireResult<Vec<FieldInfo>> {
        let fields = self.describe.get_result_schema(statement, column_format)?;
        match statement {
            (_, Some((_, plan))) => Ok(super::query::describe_json(
                plan.schema().as_arrow(),
                fields,
            )),
            _ => Ok(fields),
        }
    }
}
