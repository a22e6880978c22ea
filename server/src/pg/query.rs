//! Query handling: datafusion-postgres plans and encodes; every result stream is guarded by the query's
//! cancel token and timeout, and statements that would change the shared session are refused.

use std::sync::Arc;
use std::time::Duration;

use aos_engine::{CATALOG, Engine, Interrupted, QueryGuard, guarded};
use async_trait::async_trait;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ParamValues, ScalarValue};
use datafusion::logical_expr::{ColumnarValue, LogicalPlan, Volatility, create_udf};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::Statement;
use datafusion_pg_catalog::pg_catalog::context::EmptyContextProvider;
use datafusion_postgres::hooks::cursor::CursorStatementHook;
use datafusion_postgres::hooks::set_show::SetShowHook;
use datafusion_postgres::hooks::transactions::TransactionStatementHook;
use datafusion_postgres::hooks::{HookClient, QueryHook};
use datafusion_postgres::{DfSessionService, Parser};
use futures::Sink;
use pgwire::api::portal::Portal;
use pgwire::api::query::{ExtendedQueryHandler, SimpleQueryHandler};
use pgwire::api::results::{QueryResponse, Response};
use pgwire::api::store::PortalStore;
use pgwire::api::{ClientInfo, ClientPortalStore};
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};
use pgwire::messages::PgWireBackendMessage;

use super::cancel::CurrentQuery;

/// Where datafusion-postgres keeps a session's `SET statement_timeout`, in milliseconds.
const STATEMENT_TIMEOUT_KEY: &str = "statement_timeout_ms";

/// Registers what Postgres clients expect of the catalog: `pg_catalog` and a parseable `version()`.
pub(crate) fn install_catalog(context: &SessionContext) -> Result<(), String> {
    datafusion_pg_catalog::setup_pg_catalog(context, CATALOG, EmptyContextProvider)
        .map_err(|e| format!("cannot set up pg_catalog: {e}"))?;
    let version = ScalarValue::Utf8(Some(super::version_string()));
    context.register_udf(create_udf(
        "version",
        vec![],
        DataType::Utf8,
        Volatility::Stable,
        Arc::new(move |_| Ok(ColumnarValue::Scalar(version.clone()))),
    ));
    Ok(())
}

/// The simple and extended query handler.
pub(crate) struct QueryService {
    inner: DfSessionService,
    engine: Arc<Engine>,
}

impl QueryService {
    pub(crate) fn new(engine: Arc<Engine>) -> Self {
        let hooks: Vec<Arc<dyn QueryHook>> = vec![
            Arc::new(ReadOnly),
            Arc::new(CursorStatementHook),
            Arc::new(SetShowHook),
            Arc::new(TransactionStatementHook),
        ];
        Self { inner: DfSessionService::new_with_hooks(Arc::clone(engine.context()), hooks), engine }
    }

    /// The guard of a query starting now on `client`'s connection: its cancel token, and the session's
    /// `statement_timeout` or else the server's query timeout.
    fn guard<C: ClientInfo>(&self, client: &C) -> QueryGuard {
        let cancel = client
            .session_extensions()
            .get::<Arc<CurrentQuery>>()
            .map(|current| current.start())
            .unwrap_or_default();
        let session_timeout = client
            .metadata()
            .get(STATEMENT_TIMEOUT_KEY)
            .and_then(|ms| ms.parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        QueryGuard::new(cancel, session_timeout.or(self.engine.query_timeout()))
    }
}

fn interrupted(reason: Interrupted) -> PgWireError {
    PgWireError::ApiError(Box::new(reason))
}

/// Puts `guard` on a response's row stream, so cancel and timeout reach rows still being computed.
fn guard_response(response: Response, guard: &QueryGuard) -> Response {
    match response {
        Response::Query(mut query) => {
            let rows = std::mem::replace(query.data_rows(), Box::pin(futures::stream::empty()));
            let mut rows_guarded = QueryResponse::new(query.row_schema(), guarded(rows, guard.clone(), interrupted));
            rows_guarded.set_command_tag(query.command_tag());
            Response::Query(rows_guarded)
        }
        other => other,
    }
}

#[async_trait]
impl SimpleQueryHandler for QueryService {
    async fn do_query<C>(&self, client: &mut C, query: &str) -> PgWireResult<Vec<Response>>
    where
        C: ClientInfo + ClientPortalStore + Sink<PgWireBackendMessage> + Unpin + Send + Sync,
        C::PortalStore: PortalStore,
        C::Error: std::fmt::Debug,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        let guard = self.guard(client);
        tracing::debug!(sql = query, "simple query");
        let responses = guard.run(SimpleQueryHandler::do_query(&self.inner, client, query), interrupted).await?;
        Ok(responses.into_iter().map(|r| guard_response(r, &guard)).collect())
    }
}

#[async_trait]
impl ExtendedQueryHandler for QueryService {
    type Statement = <DfSessionService as ExtendedQueryHandler>::Statement;
    type QueryParser = Parser;

    fn query_parser(&self) -> Arc<Self::QueryParser> {
        self.inner.query_parser()
    }

    async fn do_query<C>(
        &self,
        client: &mut C,
        portal: &Portal<Self::Statement>,
        max_rows: usize,
    ) -> PgWireResult<Response>
    where
        C: ClientInfo + ClientPortalStore + Sink<PgWireBackendMessage> + Unpin + Send + Sync,
        C::PortalStore: PortalStore<Statement = Self::Statement>,
        C::Error: std::fmt::Debug,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        let guard = self.guard(client);
        tracing::debug!(sql = %portal.statement.statement.0, "extended query");
        let response =
            guard.run(ExtendedQueryHandler::do_query(&self.inner, client, portal, max_rows), interrupted).await?;
        Ok(guard_response(response, &guard))
    }
}

/// Refuses statements that would change the session every client shares (DDL, DML, COPY, ...).
struct ReadOnly;

impl ReadOnly {
    fn check(statement: &Statement) -> Option<PgWireError> {
        let allowed = matches!(
            statement,
            Statement::Query(_)
                | Statement::Explain { .. }
                | Statement::ExplainTable { .. }
                | Statement::Set(_)
                | Statement::Reset(_)
                | Statement::ShowVariable { .. }
                | Statement::ShowVariables { .. }
                | Statement::ShowTables { .. }
                | Statement::ShowColumns { .. }
                | Statement::ShowSchemas { .. }
                | Statement::StartTransaction { .. }
                | Statement::Commit { .. }
                | Statement::Rollback { .. }
                | Statement::Declare { .. }
                | Statement::Fetch { .. }
                | Statement::Close { .. }
                | Statement::Discard { .. }
                | Statement::Deallocate { .. }
        );
        if allowed {
            return None;
        }
        let text = statement.to_string();
        let verb: String = text.split_whitespace().take(2).collect::<Vec<_>>().join(" ").to_uppercase();
        Some(PgWireError::UserError(Box::new(ErrorInfo::new(
            "ERROR".into(),
            "25006".into(),
            format!("cannot execute {verb}: aos serves read-only queries"),
        ))))
    }
}

#[async_trait]
impl QueryHook for ReadOnly {
    async fn handle_simple_query(
        &self,
        statement: &Statement,
        _context: &SessionContext,
        _client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        Self::check(statement).map(Err)
    }

    async fn handle_extended_parse_query(
        &self,
        statement: &Statement,
        _context: &SessionContext,
        _client: &(dyn ClientInfo + Send + Sync),
    ) -> Option<PgWireResult<LogicalPlan>> {
        Self::check(statement).map(Err)
    }

    async fn handle_extended_query(
        &self,
        _statement: &Statement,
        _plan: &LogicalPlan,
        _params: &ParamValues,
        _context: &SessionContext,
        _client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        None
    }
}
