use datafusion::error::DataFusionError;

/// Errors raised while connecting to a source or reading from it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The source's settings are unusable (bad URL, contradictory options).
    #[error("source '{source_name}': {message}")]
    Config {
        /// The source's name in the config.
        source_name: String,
        /// What is wrong and, where possible, how to fix it.
        message: String,
    },
    /// Listing or reading the source's objects failed.
    #[error("source '{source_name}': {message}: {error}")]
    ObjectStore {
        /// The source's name in the config.
        source_name: String,
        /// What was being done.
        message: String,
        /// The underlying object store error.
        #[source]
        error: object_store::Error,
    },
    /// DataFusion rejected a table definition (schema inference, format options).
    #[error("source '{source_name}', table '{table}': {error}")]
    Table {
        /// The source's name in the config.
        source_name: String,
        /// The table being built.
        table: String,
        /// The underlying error.
        #[source]
        error: DataFusionError,
    },
    /// A remote API failed or answered something unusable.
    #[error("source '{source_name}': {message}")]
    Remote {
        /// The source's name in the config.
        source_name: String,
        /// What failed and why.
        message: String,
    },
}

/// Result alias for provider operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for DataFusionError {
    fn from(e: Error) -> Self {
        match e {
            Error::Table { error, .. } => error,
            other => DataFusionError::External(Box::new(other)),
        }
    }
}
