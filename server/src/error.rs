use std::net::SocketAddr;
use std::path::PathBuf;

use crate::config::ConfigError;

/// Why a command failed. Each displays as one line saying what to fix.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// The config file is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The `--env-file` could not be loaded.
    #[error("{}: {message}", path.display())]
    EnvFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The engine could not be built from the config (a source, a limit, a secret).
    #[error("{}: {error}", config.display())]
    Engine {
        /// The config file the settings came from.
        config: PathBuf,
        /// The engine's error.
        error: Box<aos_engine::Error>,
    },
    /// A listener could not be bound.
    #[error(
        "cannot listen for {what} on {addr}: {source} (is another server using the port? choose another)"
    )]
    Listen {
        /// Which protocol.
        what: &'static str,
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The TLS certificate or key is unusable.
    #[error("TLS: {0}")]
    Tls(String),
    /// The server could not be set up.
    #[error("{0}")]
    Startup(String),
    /// A query failed (`aos query`).
    #[error("{0}")]
    Query(String),
    /// The demo could not write its data or config.
    #[error("demo: {0}")]
    Demo(String),
    /// Writing output failed.
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}
