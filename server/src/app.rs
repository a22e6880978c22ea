//! A running server: the engine behind pgwire, HTTP and Flight SQL listeners.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use aos_engine::{Engine, NlqOptions};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::Error;
use crate::config::{Config, ConfigError, ServerConfig};
use crate::{flight, http, pg};

/// The listeners of a started server, with their bound addresses (useful when configured with port 0).
pub(crate) struct Server {
    pub(crate) pg_addr: SocketAddr,
    pub(crate) http_addr: SocketAddr,
    pub(crate) flight_addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Server {
    /// Builds the engine for `config` (read from `config_path`) and starts serving it.
    pub(crate) async fn start(config: &Config, config_path: &Path) -> Result<Self, Error> {
        let engine = Arc::new(build_engine(config, config_path, true).await?);
        Self::start_with(engine, &config.server).await
    }

    async fn start_with(engine: Arc<Engine>, server: &ServerConfig) -> Result<Self, Error> {
        let tls = match (&server.tls_cert, &server.tls_key) {
            (Some(cert), Some(key)) => Some(pg::tls_acceptor(cert, key).map_err(Error::Tls)?),
            _ => None,
        };
        let handlers = Arc::new(pg::PgHandlers::new(Arc::clone(&engine)));
        let pg_listener = bind("pgwire", server.pg_listen).await?;
        let http_listener = bind("HTTP", server.http_listen).await?;
        let pg_addr = pg_listener.local_addr().map_err(|source| Error::Listen {
            what: "pgwire",
            addr: server.pg_listen,
            source,
        })?;
        let http_addr = http_listener.local_addr().map_err(|source| Error::Listen {
            what: "HTTP",
            addr: server.http_listen,
            source,
        })?;
        let flight_listener = bind("Flight SQL", server.flight_listen).await?;
        let flight_addr = flight_listener
            .local_addr()
            .map_err(|source| Error::Listen {
                what: "Flight SQL",
                addr: server.flight_listen,
                source,
            })?;
        let flight = flight::FlightSql::new(Arc::clone(&engine)).map_err(Error::Startup)?;
        let tasks = vec![
            tokio::spawn(pg::serve(pg_listener, handlers, tls)),
            tokio::spawn(async move {
                if let Err(error) = flight::serve(flight_listener, flight).await {
                    tracing::error!(%error, "Flight SQL server stopped");
                }
            }),
            tokio::spawn(async move {
                if let Err(error) = http::serve(http_listener, engine).await {
                    tracing::error!(%error, "HTTP server stopped");
                }
            }),
        ];
        tracing::info!(%pg_addr, %http_addr, %flight_addr, "serving");
        Ok(Self {
            pg_addr,
            http_addr,
            flight_addr,
            tasks,
        })
    }

    /// Serves until Ctrl-C (SIGINT) or SIGTERM.
    pub(crate) async fn run_until_stopped(self) {
        stop_signal().await;
        tracing::info!("stopping");
        for task in self.tasks {
            task.abort();
        }
    }
}

/// Waits for Ctrl-C (SIGINT) or SIGTERM.
pub(crate) async fn stop_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}

/// Builds the engine of `config`, resolving relative paths against the config file's folder, with
/// its NLQ settings and the PostgreSQL catalog installed (so every port and `aos query` accept the
/// same SQL).
///
/// Without `accelerate` (one-shot commands, `aos query` and `aos nlq`), `[[accelerate]]` is left out: one
/// answer reads the sources live rather than first copying every accelerated table.
pub(crate) async fn build_engine(
    config: &Config,
    config_path: &Path,
    accelerate: bool,
) -> Result<Engine, Error> {
    let llm = match config
        .nlq
        .llm()
        .map_err(|e| Error::Config(ConfigError::new(config_path, e)))?
    {
        Some(llm) => Some(
            aos_nlq::llm::Llm::new(&llm)
                .map_err(|e| Error::Config(ConfigError::new(config_path, e.to_string())))?,
        ),
        None => None,
    };
    let mut engine = Engine::new(
        &config.engine,
        &config.sources,
        config.ontology.as_ref(),
        if accelerate { &config.accelerate } else { &[] },
        &Config::base_dir(config_path),
    )
    .await
    .map_err(|error| Error::Engine {
        config: config_path.to_path_buf(),
        error: Box::new(error),
    })?
    .with_nlq(NlqOptions {
        today: config.nlq.today,
        llm,
    });
    pg::install_catalog(&mut engine).map_err(Error::Startup)?;
    Ok(engine)
}

async fn bind(what: &'static str, addr: SocketAddr) -> Result<TcpListener, Error> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Listen { what, addr, source })
}
