use datafusion::arrow::error::ArrowError;
use datafusion::error::DataFusionError;
use datafusion::sql::sqlparser::parser::ParserError;

use crate::Interrupted;

/// Errors building the engine or running a query.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A setting is unusable; `key` names it.
    #[error("{key}: {message}")]
    Config {
        /// The offending key, e.g. `source[2].name` or `engine.spill_dir`.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// A secret's environment variable is not set.
    #[error("source '{source_name}': {key} names environment variable {var}, which is not set")]
    MissingSecret {
        /// The source's name.
        source_name: String,
        /// The config key, e.g. `secret_access_key_env`.
        key: &'static str,
        /// The environment variable.
        var: String,
    },
    /// A source could not be connected or its tables read.
    #[error(transparent)]
    Source(#[from] aos_providers::Error),
    /// The ontology folder is unusable: a file, a mapping (naming file, table, source and column), a metric.
    #[error("ontology: {0}")]
    Ontology(String),
    /// Planning or running a query failed.
    #[error(transparent)]
    DataFusion(#[from] DataFusionError),
    /// The SQL does not parse.
    #[error(transparent)]
    Parse(#[from] ParserError),
    /// The statement would write: the engine is read-only.
    #[error("{0}")]
    ReadOnly(String),
    /// The text holds no statement, or more than one where one is expected.
    #[error("{0}")]
    Statement(String),
    /// The question itself is unusable (empty, too long, unknown persona).
    #[error(transparent)]
    Question(#[from] aos_nlq::Error),
    /// NLQ could not answer a question inside SQL (`nlq('...')`): not confident, or a bad argument.
    #[error("{0}")]
    NotAnswered(String),
    /// NLQ cannot run on this engine (no ontology).
    #[error("{0}")]
    NlqUnavailable(String),
    /// An accelerated copy is older than its table's `max_staleness` and its source cannot be read.
    #[error("{0}")]
    Stale(String),
    /// Refreshing an accelerated copy failed (the previous copy is kept).
    #[error("{0}")]
    Refresh(String),
    /// A refresh named a table that has no accelerated copy.
    #[error("{0}")]
    NotAccelerated(String),
    /// A bug: something the engine built itself is wrong.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<ArrowError> for Error {
    fn from(e: ArrowError) -> Self {
        Error::DataFusion(e.into())
    }
}

/// Result alias for engine operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an error is, for the front ends to map onto SQLSTATEs and HTTP statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The SQL does not parse.
    Syntax,
    /// A table (or schema) does not exist.
    UndefinedTable,
    /// A column does not exist.
    UndefinedColumn,
    /// A function does not exist or has no matching signature.
    UndefinedFunction,
    /// Any other mistake in the query (types, ambiguity, ...).
    InvalidQuery,
    /// A value could not be computed (division by zero, a bad cast).
    DataException,
    /// The query uses something the engine does not support.
    NotSupported,
    /// The statement would change data or the shared session (DDL, DML, SET): the engine is read-only.
    ReadOnly,
    /// The client canceled the query.
    Canceled,
    /// The query ran past its timeout.
    TimedOut,
    /// The query needed more memory than the limit allows.
    ResourcesExhausted,
    /// A source failed (unreachable, bad answer).
    Source,
    /// A question in English that cannot be answered as asked.
    BadQuestion,
    /// Natural-language questions are not available on this engine.
    NlqUnavailable,
    /// A bug or an unexpected state of the engine.
    Internal,
}

impl ErrorKind {
    /// Classifies any error raised while planning or running a query.
    pub fn of(error: &(dyn std::error::Error + 'static)) -> Self {
        if let Some(e) = error.downcast_ref::<DataFusionError>() {
            return Self::of_datafusion(e);
        }
        if let Some(e) = error.downcast_ref::<Error>() {
            return match e {
                Error::DataFusion(e) => Self::of_datafusion(e),
                Error::Source(_) | Error::Stale(_) | Error::Refresh(_) => Self::Source,
                Error::NotAccelerated(_) => Self::UndefinedTable,
                Error::Parse(_) | Error::Statement(_) => Self::Syntax,
                Error::ReadOnly(_) => Self::ReadOnly,
                Error::Question(aos_nlq::Error::Failed(_)) => Self::Internal,
                Error::Question(_) | Error::NotAnswered(_) => Self::BadQuestion,
                Error::NlqUnavailable(_) => Self::NlqUnavailable,
                Error::Config { .. }
                | Error::MissingSecret { .. }
                | Error::Ontology(_)
                | Error::Internal(_) => Self::Internal,
            };
        }
        if error.downcast_ref::<ParserError>().is_some() {
            return Self::Syntax;
        }
        if let Some(e) = error.downcast_ref::<Interrupted>() {
            return e.kind();
        }
        if let Some(e) = error.downcast_ref::<ArrowError>() {
            return Self::of_arrow(e);
        }
        if error.downcast_ref::<aos_providers::Error>().is_some() {
            return Self::Source;
        }
        Self::Internal
    }

    fn of_datafusion(error: &DataFusionError) -> Self {
        match error.find_root() {
            DataFusionError::SQL(..) => Self::Syntax,
            DataFusionError::SchemaError(e, _) => match e.as_ref() {
                datafusion::common::SchemaError::FieldNotFound { .. } => Self::UndefinedColumn,
                _ => Self::InvalidQuery,
            },
            DataFusionError::Plan(message) => {
                // Raised by `SQLOptions` for what `Engine::execute` refuses.
                if [
                    "DDL not supported",
                    "DML not supported",
                    "Statement not supported",
                ]
                .iter()
                .any(|refused| message.starts_with(refused))
                {
                    Self::ReadOnly
                } else if message.starts_with("table '") && message.ends_with("not found") {
                    Self::UndefinedTable
                } else if message.starts_with("Invalid function")
                    || message.contains("No function matches")
                {
                    Self::UndefinedFunction
                } else {
                    Self::InvalidQuery
                }
            }
            DataFusionError::NotImplemented(_) => Self::NotSupported,
            DataFusionError::ResourcesExhausted(_) => Self::ResourcesExhausted,
            DataFusionError::ArrowError(e, _) => Self::of_arrow(e),
            DataFusionError::External(e) => Self::of(e.as_ref()),
            DataFusionError::Execution(message) if message.contains("Divide by zero") => {
                Self::DataException
            }
            DataFusionError::Collection(errors) => {
                errors.first().map_or(Self::Internal, Self::of_datafusion)
            }
            _ => Self::Internal,
        }
    }

    fn of_arrow(error: &ArrowError) -> Self {
        match error {
            ArrowError::DivideByZero
            | ArrowError::CastError(_)
            | ArrowError::ParseError(_)
            | ArrowError::ComputeError(_)
            | ArrowError::ArithmeticOverflow(_) => Self::DataException,
            ArrowError::ExternalError(e) => Self::of(e.as_ref()),
            _ => Self::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::SessionContext;

    async fn kind_of(sql: &str) -> ErrorKind {
        let ctx = SessionContext::new();
        match ctx.sql(sql).await {
            Err(e) => ErrorKind::of(&e),
            Ok(df) => match df.collect().await {
                Err(e) => ErrorKind::of(&e),
                Ok(_) => panic!("{sql} succeeded"),
            },
        }
    }

    #[tokio::test]
    async fn query_mistakes_are_classified() {
        assert_eq!(kind_of("selec 1").await, ErrorKind::Syntax);
        assert_eq!(
            kind_of("select * from nope").await,
            ErrorKind::UndefinedTable
        );
        assert_eq!(
            kind_of("select nope from (select 1 as a)").await,
            ErrorKind::UndefinedColumn
        );
        assert_eq!(
            kind_of("select no_such_fn(1)").await,
            ErrorKind::UndefinedFunction
        );
        assert_eq!(kind_of("select 1 / 0").await, ErrorKind::DataException);
    }

    #[test]
    fn interruptions_are_classified() {
        let canceled = DataFusionError::External(Box::new(Interrupted::Canceled));
        assert_eq!(ErrorKind::of(&canceled), ErrorKind::Canceled);
    }
}
