//! The Postgres wire protocol front end, on `datafusion-postgres` and `pgwire`.
//!
//! Protocol work only: the engine's SQL front end parses and plans every statement (the same as on the
//! HTTP and Flight SQL ports); datafusion-postgres encodes results and runs its session hooks (SET,
//! SHOW, transactions, cursors). This module adds a startup that checks the database name and reports a
//! parseable `server_version`, cancellation and timeouts that cover the whole streamed result,
//! parameter fixes, and SQLSTATEs for errors. `catalog/` is what clients expect of `pg_catalog`,
//! installed into the engine so that it holds on every port.

mod cancel;
mod catalog;
mod describe;
mod params;
mod parser;
mod query;
mod settings;
mod startup;
mod tls;

use std::sync::Arc;

use aos_engine::{Engine, ErrorKind};
use pgwire::api::{ClientInfo, ErrorHandler, PgWireServerHandlers};
use pgwire::error::{ErrorInfo, PgWireError};
use tokio::net::TcpListener;

use crate::wire::{client_message, wire_error};
pub(crate) use catalog::install as install_catalog;
pub(crate) use tls::tls_acceptor;

/// The PostgreSQL version clients see. Drivers (JDBC, asyncpg, SQLAlchemy) parse a version number from it.
pub(crate) const PG_VERSION: &str = "16.6";

/// `server_version` as reported at startup: the number first, like a distribution's PostgreSQL.
pub(crate) fn server_version() -> String {
    format!("{PG_VERSION} (AutonomOS {})", env!("CARGO_PKG_VERSION"))
}

/// `server_version_num`: major * 10000 + minor, as PostgreSQL reports it.
pub(crate) fn server_version_num() -> String {
    let (major, minor) = PG_VERSION.split_once('.').unwrap_or((PG_VERSION, "0"));
    let major: u32 = major.parse().unwrap_or(16);
    let minor: u32 = minor.parse().unwrap_or(0);
    (major * 10000 + minor).to_string()
}

/// What `select version()` answers, in PostgreSQL's own shape.
pub(crate) fn version_string() -> String {
    format!(
        "PostgreSQL {PG_VERSION} (AutonomOS {} on Apache DataFusion {}) on {}-{}, 64-bit",
        env!("CARGO_PKG_VERSION"),
        datafusion::DATAFUSION_VERSION,
        std::env::consts::ARCH,
        std::env::consts::OS,
    )
}

/// All pgwire handlers of one server.
pub(crate) struct PgHandlers {
    query: Arc<query::QueryService>,
    startup: Arc<startup::Startup>,
    cancel: Arc<cancel::CancelRegistry>,
}

impl PgHandlers {
    /// Handlers over `engine` (with the catalog installed: [`install_catalog`]).
    pub(crate) fn new(engine: Arc<Engine>) -> Self {
        let cancel = Arc::new(cancel::CancelRegistry::default());
        Self {
            query: Arc::new(query::QueryService::new(engine)),
            startup: Arc::new(startup::Startup::new(Arc::clone(&cancel))),
            cancel,
        }
    }
}

impl PgWireServerHandlers for PgHandlers {
    fn simple_query_handler(&self) -> Arc<impl pgwire::api::query::SimpleQueryHandler> {
        Arc::clone(&self.query)
    }

    fn extended_query_handler(&self) -> Arc<impl pgwire::api::query::ExtendedQueryHandler> {
        Arc::clone(&self.query)
    }

    fn startup_handler(&self) -> Arc<impl pgwire::api::auth::StartupHandler> {
        Arc::clone(&self.startup)
    }

    fn error_handler(&self) -> Arc<impl ErrorHandler> {
        Arc::new(SqlStateErrors)
    }

    fn cancel_handler(&self) -> Arc<impl pgwire::api::cancel::CancelHandler> {
        Arc::clone(&self.cancel)
    }
}

/// Turns engine and DataFusion errors into `ERROR`s with the right SQLSTATE.
struct SqlStateErrors;

impl ErrorHandler for SqlStateErrors {
    fn on_error<C>(&self, _client: &C, error: &mut PgWireError)
    where
        C: ClientInfo,
    {
        let info = match error {
            PgWireError::ApiError(inner) => {
                let wire = wire_error(ErrorKind::of(inner.as_ref()));
                ErrorInfo::new(
                    "ERROR".into(),
                    wire.sqlstate.into(),
                    client_message(inner.as_ref()),
                )
            }
            PgWireError::QueryCanceled => ErrorInfo::new(
                "ERROR".into(),
                wire_error(ErrorKind::Canceled).sqlstate.into(),
                aos_engine::Interrupted::Canceled.to_string(),
            ),
            _ => return,
        };
        tracing::debug!(sqlstate = %info.code, message = %info.message, "query failed");
        *error = PgWireError::UserError(Box::new(info));
    }
}

/// Accepts pgwire connections on `listener` until the task is dropped; each connection runs on its own task,
/// so one client's failure never reaches another.
pub(crate) async fn serve(
    listener: TcpListener,
    handlers: Arc<PgHandlers>,
    tls: Option<pgwire::tokio::TlsAcceptor>,
) {
    loop {
        match listener.accept().await {
            Ok((socket, peer)) => {
                let handlers = Arc::clone(&handlers);
                let tls = tls.clone();
                tokio::spawn(async move {
                    if let Err(error) = pgwire::tokio::process_socket(socket, tls, handlers).await {
                        tracing::debug!(%peer, %error, "pgwire connection ended with an error");
                    }
                });
            }
            Err(error) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!(%error, "cannot accept a pgwire connection");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    }
}
