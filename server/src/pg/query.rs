//! Query handling: datafusion-postgres plans and encodes; every result stream is guarded by the query's
//! cancel token and timeout, and statements that would change the shared session are refused.

use std::sync::Arc;
use std::time::Duration;

use aos_engine::{CATALOG, Engine, Interrupted, QueryGuard, guarded};
use async_trait::async_trait;
use datafusion::common::{DFSchema, ParamValues};
use datafusion::logical_expr::{EmptyRelation, LogicalPlan};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::{Set, Statement};
use datafusion_pg_catalog::pg_catalog::context::EmptyContextProvider;
use datafusion_postgres::hooks::cursor::CursorStatementHook;
use datafusion_postgres::hooks::set_show::SetShowHook;
use datafusion_postgres::hooks::transactions::TransactionStatementHook;
use datafusion_postgres::hooks::{HookClient, QueryHook};
use datafusion_postgres::{DfSessionService, Parser};
use futures::Sink;
use pgwire::api::portal::{Portal, PortalExecutionState};
use pgwire::api::query::{
    ExtendedQueryHandler, SimpleQueryHandler, send_execution_response, send_query_response,
};
use pgwire::api::results::{QueryResponse, Response, Tag};
use pgwire::api::store::{Entry, PortalStore};
use pgwire::api::{ClientInfo, ClientPortalStore, DEFAULT_NAME, PgWireConnectionState};
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};
use pgwire::messages::PgWireBackendMessage;
use pgwire::messages::extendedquery::Execute;

use super::cancel::CurrentQuery;

/// Where datafusion-postgres keeps a session's `SET statement_timeout`, in milliseconds.
const STATEMENT_TIMEOUT_KEY: &str = "statement_timeout_ms";

/// Registers what Postgres clients expect of the catalog: `pg_catalog`, a parseable `version()` and the
/// functions drivers call on connect.
pub(crate) fn install_catalog(context: &SessionContext) -> Result<(), String> {
    datafusion_pg_catalog::setup_pg_catalog(context, CATALOG, EmptyContextProvider)
        .map_err(|e| format!("cannot set up pg_catalog: {e}"))?;
    context.register_udf(super::functions::version());
    context.register_udf(super::functions::to_regtype());
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
            Arc::new(ServerVersion),
            Arc::new(CursorStatementHook),
            Arc::new(SetShowHook),
            Arc::new(TransactionStatementHook),
        ];
        Self {
            inner: DfSessionService::new_with_hooks(Arc::clone(engine.context()), hooks),
            engine,
        }
    }

    /// The guard of a query starting now on `client`'s connection: its cancel token, and the shorter of
    /// the session's `statement_timeout` and the server's query timeout.
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
        // A session may tighten the server's limit, never lift it.
        let timeout = match (session_timeout, self.engine.query_timeout()) {
            (Some(session), Some(server)) => Some(session.min(server)),
            (session, server) => session.or(server),
        };
        QueryGuard::new(cancel, timeout)
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
            let mut rows_guarded = QueryResponse::new(
                query.row_schema(),
                guarded(rows, guard.clone(), interrupted),
            );
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
        let responses = guard
            .run(
                SimpleQueryHandler::do_query(&self.inner, client, query),
                interrupted,
            )
            .await?;
        Ok(responses
            .into_iter()
            .map(|r| guard_response(r, &guard))
            .collect())
    }
}

#[async_trait]
impl ExtendedQueryHandler for QueryService {
    type Statement = <DfSessionService as ExtendedQueryHandler>::Statement;
    type QueryParser = Parser;

    fn query_parser(&self) -> Arc<Self::QueryParser> {
        self.inner.query_parser()
    }

    /// Executes a portal. pgwire 0.41 collects every row of a portal executed without a row limit into
    /// memory before sending any, so a query result is streamed here instead; limited fetches (cursors,
    /// JDBC `setFetchSize`) and repeated executes keep pgwire's portal handling.
    async fn on_execute<C>(&self, client: &mut C, message: Execute) -> PgWireResult<()>
    where
        C: ClientInfo + ClientPortalStore + Sink<PgWireBackendMessage> + Unpin + Send + Sync,
        C::PortalStore: PortalStore<Statement = Self::Statement>,
        C::Error: std::fmt::Debug,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        let portal_name = message.name.as_deref().unwrap_or(DEFAULT_NAME);
        let portal = match client.portal_store().get_portal(portal_name) {
            Some(Entry::Value(portal)) if message.max_rows == 0 => portal,
            _ => return self._on_execute(client, message).await,
        };
        let is_query = matches!(
            &portal.statement.statement.1,
            Some((Statement::Query(_), _))
        );
        let not_started = matches!(*portal.state().lock().await, PortalExecutionState::Initial);
        if !is_query || !not_started {
            return self._on_execute(client, message).await;
        }
        if !matches!(client.state(), PgWireConnectionState::ReadyForQuery) {
            return Err(PgWireError::NotReadyForQuery);
        }
        client.set_state(PgWireConnectionState::QueryInProgress);
        match ExtendedQueryHandler::do_query(self, client, portal.as_ref(), 0).await? {
            Response::Query(results) => send_query_response(client, results, false).await?,
            Response::Execution(tag) => send_execution_response(client, tag).await?,
            _ => {
                return Err(PgWireError::UserError(Box::new(ErrorInfo::new(
                    "ERROR".into(),
                    "XX000".into(),
                    "a query answered with an unexpected response".into(),
                ))));
            }
        }
        *portal.state().lock().await = PortalExecutionState::Finished;
        client.set_state(PgWireConnectionState::ReadyForQuery);
        Ok(())
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
        let response = guard
            .run(
                ExtendedQueryHandler::do_query(&self.inner, client, portal, max_rows),
                interrupted,
            )
            .await?;
        Ok(guard_response(response, &guard))
    }
}

/// Refuses statements that would change the session every client shares (DDL, DML, COPY, ...), and
/// acknowledges savepoints, which drivers open on their own (SQLAlchemy does) and which have nothing to
/// protect in a read-only session.
struct ReadOnly;

impl ReadOnly {
    fn savepoint_tag(statement: &Statement) -> Option<&'static str> {
        match statement {
            Statement::Savepoint { .. } => Some("SAVEPOINT"),
            Statement::ReleaseSavepoint { .. } => Some("RELEASE"),
            _ => None,
        }
    }

    fn check(statement: &Statement) -> Option<PgWireError> {
        if let Statement::Set(Set::SingleAssignment { variable, .. }) = statement {
            let name = variable.to_string().to_ascii_lowercase();
            if name.starts_with("datafusion.") {
                // datafusion-postgres would apply it to the session every client shares.
                return Some(PgWireError::UserError(Box::new(ErrorInfo::new(
                    "ERROR".into(),
                    "55P02".into(),
                    format!(
                        "cannot SET {name}: engine settings are server-wide; set them in aos.toml"
                    ),
                ))));
            }
        }
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
        let verb: String = text
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
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
        if let Some(tag) = Self::savepoint_tag(statement) {
            return Some(Ok(Response::Execution(Tag::new(tag))));
        }
        Self::check(statement).map(Err)
    }

    async fn handle_extended_parse_query(
        &self,
        statement: &Statement,
        _context: &SessionContext,
        _client: &(dyn ClientInfo + Send + Sync),
    ) -> Option<PgWireResult<LogicalPlan>> {
        if Self::savepoint_tag(statement).is_some() {
            let nothing = EmptyRelation {
                produce_one_row: false,
                schema: Arc::new(DFSchema::empty()),
            };
            return Some(Ok(LogicalPlan::EmptyRelation(nothing)));
        }
        Self::check(statement).map(Err)
    }

    async fn handle_extended_query(
        &self,
        statement: &Statement,
        _plan: &LogicalPlan,
        _params: &ParamValues,
        _context: &SessionContext,
        _client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        Self::savepoint_tag(statement).map(|tag| Ok(Response::Execution(Tag::new(tag))))
    }
}

/// Answers `SHOW server_version` and `SHOW server_version_num` with the version the startup reported
/// (datafusion-postgres would answer with DataFusion's own version, which drivers cannot parse).
struct ServerVersion;

impl ServerVersion {
    /// The SQL that answers `statement`, if it asks for the server version.
    fn answer(statement: &Statement) -> Option<String> {
        let Statement::ShowVariable { variable } = statement else {
            return None;
        };
        let [name] = variable.as_slice() else {
            return None;
        };
        let value = match name.value.to_ascii_lowercase().as_str() {
            "server_version" => super::server_version(),
            "server_version_num" => super::server_version_num(),
            _ => return None,
        };
        Some(format!(
            "SELECT '{value}' AS {}",
            name.value.to_ascii_lowercase()
        ))
    }

    async fn plan(context: &SessionContext, sql: &str) -> PgWireResult<LogicalPlan> {
        context
            .state()
            .create_logical_plan(sql)
            .await
            .map_err(|e| PgWireError::ApiError(Box::new(e)))
    }
}

#[async_trait]
impl QueryHook for ServerVersion {
    async fn handle_simple_query(
        &self,
        statement: &Statement,
        context: &SessionContext,
        client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        let sql = Self::answer(statement)?;
        let frame = match context.sql(&sql).await {
            Ok(frame) => frame,
            Err(e) => return Some(Err(PgWireError::ApiError(Box::new(e)))),
        };
        let options = Arc::new(pgwire::types::format::FormatOptions::from_client_metadata(
            client.metadata(),
        ));
        let format = pgwire::api::portal::Format::UnifiedText;
        Some(
            datafusion_postgres::arrow_pg::datatypes::df::encode_dataframe(
                frame,
                &format,
                Some(options),
            )
            .await
            .map(Response::Query),
        )
    }

    async fn handle_extended_parse_query(
        &self,
        statement: &Statement,
        context: &SessionContext,
        _client: &(dyn ClientInfo + Send + Sync),
    ) -> Option<PgWireResult<LogicalPlan>> {
        let sql = Self::answer(statement)?;
        Some(Self::plan(context, &sql).await)
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
