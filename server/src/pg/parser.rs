//! The extended protocol's statement parser: the engine's front end parses, the query hooks take the
//! session statements, the engine plans the rest. Parameter and result descriptions come from
//! datafusion-postgres's parser, which reads them off the plan.

use std::sync::Arc;

use aos_engine::{Engine, Freshness};
use async_trait::async_trait;
use datafusion::logical_expr::LogicalPlan;
use datafusion::sql::sqlparser::ast::Statement;
use datafusion_postgres::{Parser, QueryHook};
use pgwire::api::portal::Format;
use pgwire::api::results::FieldInfo;
use pgwire::api::{ClientInfo, Type};
use pgwire::error::{PgWireError, PgWireResult};

use super::settings::freshness;

/// A prepared statement: its SQL, and the statement with its plan.
pub(crate) type Prepared = (String, Option<(Statement, LogicalPlan)>);

fn engine_error(error: aos_engine::Error) -> PgWireError {
    PgWireError::ApiError(Box::new(error))
}

/// Parses and plans extended-protocol statements the way the simple protocol does: through the
/// engine's SQL front end, after the hooks.
pub(crate) struct QueryParser {
    engine: Arc<Engine>,
    describe: Arc<Parser>,
    hooks: Vec<Arc<dyn QueryHook>>,
}

impl QueryParser {
    /// A parser over `engine`; `describe` answers parameter and result types.
    pub(crate) fn new(
        engine: Arc<Engine>,
        describe: Arc<Parser>,
        hooks: Vec<Arc<dyn QueryHook>>,
    ) -> Self {
        Self {
            engine,
            describe,
            hooks,
        }
    }

    /// The statements of `sql`, as the engine parses and rewrites them.
    pub(crate) fn parse(&self, sql: &str) -> PgWireResult<Vec<Statement>> {
        self.engine.parse(sql).map_err(engine_error)
    }

    /// The engine's plan of `statement`, the `index`th statement of `sql`.
    pub(crate) async fn plan(
        &self,
        sql: &str,
        index: usize,
        statement: Statement,
        freshness: Freshness,
    ) -> PgWireResult<LogicalPlan> {
        self.engine
            .plan_statement(sql, index, statement, freshness)
            .await
            .map_err(engine_error)
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
                .handle_extended_parse_query(&statement, self.engine.context(), client)
                .await
            {
                return Ok(Some((sql, Some((statement, plan?)))));
            }
        }
        let plan = self
            .plan(original, 0, statement.clone(), freshness(client))
            .await?;
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
            (_, Some((_, plan))) => Ok(super::describe::describe_json(
                plan.schema().as_arrow(),
                fields,
            )),
            _ => Ok(fields),
        }
    }
}
