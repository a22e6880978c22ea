//! Query handling: datafusion-postgres plans and encodes; every result stream is guarded by the query's
//! cancel token and timeout, and statements that would change the shared session are refused.

use std::sync::Arc;
use std::time::Duration;

use aos_engine::{Engine, Interrupted, QueryGuard, guarded};
use async_trait::async_trait;
use datafusion::common::{DFSchema, ParamValues};
use datafusion::logical_expr::{EmptyRelation, LogicalPlan};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::{Set, Statement};
use datafusion_postgres::DfSessionService;
use datafusion_postgres::arrow_pg::datatypes::{arrow_schema_to_pg_fields, encode_recordbatch};
use datafusion_postgres::hooks::cursor::CursorStatementHook;
use datafusion_postgres::hooks::set_show::SetShowHook;
use datafusion_postgres::hooks::transactions::TransactionStatementHook;
use datafusion_postgres::hooks::{HookClient, QueryHook};
use futures::{Sink, SinkExt, StreamExt};
use pgwire::api::portal::Format;
use pgwire::api::portal::{Portal, PortalExecutionState};
use pgwire::api::query::{
    ExtendedQueryHandler, SimpleQueryHandler, send_execution_response, send_query_response,
};
use pgwire::api::results::{QueryResponse, Response, Tag};
use pgwire::api::store::{Entry, PortalStore};
use pgwire::api::{ClientInfo, ClientPortalStore, DEFAULT_NAME, PgWireConnectionState};
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};
use pgwire::messages::PgWireBackendMessage;
use pgwire::messages::data::DataRow;
use pgwire::messages::extendedquery::Execute;
use pgwire::types::format::FormatOptions;

use super::cancel::CurrentQuery;
use aos_engine::sql::is_json;

use super::describe::describe_json;
use super::parser::QueryParser;
use super::settings::{STATEMENT_TIMEOUT_KEY, Settings, freshness};

/// The simple and extended query handler.
pub(crate) struct QueryService {
    inner: DfSessionService,
    parser: Arc<QueryParser>,
    hooks: Vec<Arc<dyn QueryHook>>,
    engine: Arc<Engine>,
}

impl QueryService {
    pub(crate) fn new(engine: Arc<Engine>) -> Self {
        let hooks: Vec<Arc<dyn QueryHook>> = vec![
            Arc::new(ReadOnly),
            Arc::new(Settings),
            Arc::new(CursorStatementHook),
            Arc::new(SetShowHook),
            Arc::new(TransactionStatementHook),
        ];
        let context = Arc::clone(engine.context());
        let inner = DfSessionService::new_with_hooks(context, hooks.clone());
        let parser = Arc::new(QueryParser::new(
            Arc::clone(&engine),
            inner.query_parser(),
            hooks.clone(),
        ));
        Self {
            inner,
            parser,
            hooks,
            engine,
        }
    }

    /// The guard of a query starting now on `client`'s connection: its cancel token, and the session's
    /// `statement_timeout` (the engine keeps the shorter of it and the server's).
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
        self.engine.session_guard(cancel, session_timeout)
    }
}

impl QueryService {
    /// Tells the client, in NOTICE messages, about the accelerated copies `plan` reads although their
    /// sources could not be read (how old each is).
    async fn send_notices<C>(&self, client: &mut C, plan: &LogicalPlan) -> PgWireResult<()>
    where
        C: Sink<PgWireBackendMessage> + Unpin + Send,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        for notice in self.engine.notices(plan) {
            let info = ErrorInfo::new("WARNING".into(), "01000".into(), notice);
            client
                .feed(PgWireBackendMessage::NoticeResponse(info.into()))
                .await?;
        }
        Ok(())
    }

    /// Runs the statements of one simple-protocol query: each goes to the first hook that takes it,
    /// else is planned and executed; results are text.
    async fn simple<C>(
        &self,
        client: &mut C,
        query: &str,
        guard: &QueryGuard,
    ) -> PgWireResult<Vec<Response>>
    where
        C: ClientInfo + ClientPortalStore + Sink<PgWireBackendMessage> + Unpin + Send + Sync,
        C::PortalStore: PortalStore,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        let statements = self.parser.parse(query)?;
        if statements.is_empty() {
            return Ok(vec![Response::EmptyQuery]);
        }
        let context = self.engine.context();
        let mut responses = Vec::with_capacity(statements.len());
        'statements: for (index, statement) in statements.into_iter().enumerate() {
            for hook in &self.hooks {
                if let Some(response) = hook.handle_simple_query(&statement, context, client).await
                {
                    responses.push(response?);
                    continue 'statements;
                }
            }
            let plan = self
                .parser
                .plan(query, index, statement, freshness(client))
                .await?;
            self.send_notices(client, &plan).await?;
            let frame = context
                .execute_logical_plan(plan)
                .await
                .map_err(|e| PgWireError::ApiError(Box::new(e)))?;
            let options = Arc::new(FormatOptions::from_client_metadata(client.metadata()));
            let schema = frame.schema().as_arrow().clone();
            // Through the engine, so a repeated query over unchanged copies comes from its cache.
            let rows = self
                .engine
                .execute_frame(frame, guard.clone())
                .await
                .map_err(|e| PgWireError::ApiError(Box::new(e)))?;
            let mut encoded = encode_rows(&schema, rows, options)?;
            if schema.fields().iter().any(|field| is_json(field)) {
                let fields = describe_json(&schema, encoded.row_schema().as_ref().clone());
                let rows =
                    std::mem::replace(encoded.data_rows(), Box::pin(futures::stream::empty()));
                let mut described = QueryResponse::new(Arc::new(fields), rows);
                described.set_command_tag(encoded.command_tag());
                encoded = described;
            }
            responses.push(Response::Query(encoded));
        }
        Ok(responses)
    }
}

/// Rows of a result as pgwire text rows (what datafusion-postgres's `encode_dataframe` does, from a
/// stream the engine started).
fn encode_rows(
    schema: &datafusion::arrow::datatypes::Schema,
    rows: datafusion::execution::SendableRecordBatchStream,
    options: Arc<FormatOptions>,
) -> PgWireResult<QueryResponse> {
    let fields = Arc::new(arrow_schema_to_pg_fields(
        schema,
        &Format::UnifiedText,
        Some(options),
    )?);
    let encoder_fields = Arc::clone(&fields);
    let rows = rows
        .map(move |batch| {
            let encoded: Box<dyn Iterator<Item = PgWireResult<DataRow>> + Send + Sync> = match batch
            {
                Ok(batch) => encode_recordbatch(Arc::clone(&encoder_fields), batch),
                Err(e) => Box::new(std::iter::once(Err(PgWireError::ApiError(Box::new(e))))),
            };
            futures::stream::iter(encoded)
        })
        .flatten();
    Ok(QueryResponse::new(fields, rows))
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
            .run(self.simple(client, query, &guard), interrupted)
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
    type QueryParser = QueryParser;

    fn query_parser(&self) -> Arc<Self::QueryParser> {
        Arc::clone(&self.parser)
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
        if let Some((_, plan)) = &portal.statement.statement.1 {
            self.send_notices(client, plan).await?;
        }
        let coerced = super::params::decodable(portal)?;
        let portal = coerced.as_ref().unwrap_or(portal);
        let response = guard
            .run(
                ExtendedQueryHandler::do_query(&self.inner, client, portal, max_rows),
                interrupted,
            )
            .await?;
        Ok(guard_response(response, &guard))
    }
}

/// Refuses statements that would change the session every client shares (the engine's
/// `refuse_writes`, and `SET datafusion.*`), and acknowledges savepoints, which drivers open on their own (SQLAlchemy does) and which have nothing to
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
        aos_engine::sql::refuse_writes(statement)
            .err()
            .map(|e| PgWireError::ApiError(Box::new(e)))
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
