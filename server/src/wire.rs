//! Where engine error kinds become wire codes: SQLSTATE for pgwire, status and code for HTTP, the gRPC
//! status code for Flight SQL.

use aos_engine::ErrorKind;
use tonic::Code;

/// How one kind of error is reported on each protocol.
pub(crate) struct WireError {
    /// The PostgreSQL SQLSTATE.
    pub(crate) sqlstate: &'static str,
    /// The HTTP status.
    pub(crate) http_status: u16,
    /// The stable, readable code in HTTP error bodies.
    pub(crate) code: &'static str,
    /// The gRPC status code (Flight SQL).
    pub(crate) grpc: Code,
}

/// The one mapping of error kinds onto the wire.
pub(crate) fn wire_error(kind: ErrorKind) -> WireError {
    let (sqlstate, http_status, code, grpc) = match kind {
        ErrorKind::Syntax => ("42601", 400, "syntax_error", Code::InvalidArgument),
        ErrorKind::UndefinedTable => ("42P01", 400, "undefined_table", Code::NotFound),
        ErrorKind::UndefinedColumn => ("42703", 400, "undefined_column", Code::NotFound),
        ErrorKind::UndefinedFunction => ("42883", 400, "undefined_function", Code::NotFound),
        ErrorKind::InvalidQuery => ("42000", 400, "invalid_query", Code::InvalidArgument),
        ErrorKind::DataException => ("22000", 400, "data_exception", Code::InvalidArgument),
        ErrorKind::NotSupported => ("0A000", 400, "feature_not_supported", Code::Unimplemented),
        ErrorKind::ReadOnly => ("25006", 400, "read_only", Code::PermissionDenied),
        ErrorKind::Canceled => ("57014", 400, "query_canceled", Code::Cancelled),
        ErrorKind::TimedOut => ("57014", 408, "query_timeout", Code::DeadlineExceeded),
        ErrorKind::ResourcesExhausted => ("53200", 503, "out_of_memory", Code::ResourceExhausted),
        ErrorKind::Source => ("58000", 502, "source_error", Code::Unavailable),
        ErrorKind::BadQuestion => ("22023", 400, "bad_question", Code::InvalidArgument),
        ErrorKind::NlqUnavailable => ("55000", 503, "nlq_unavailable", Code::FailedPrecondition),
        ErrorKind::Internal => ("XX000", 500, "internal_error", Code::Internal),
    };
    WireError {
        sqlstate,
        http_status,
        code,
        grpc,
    }
}

/// The message of an error as clients see it: one line, no backtrace.
pub(crate) fn client_message(error: &(dyn std::error::Error + 'static)) -> String {
    let text = match error.downcast_ref::<datafusion::error::DataFusionError>() {
        // Ours or a source's error, passed through DataFusion: its own words, without "External error".
        Some(datafusion::error::DataFusionError::External(inner)) => {
            return client_message(inner.as_ref());
        }
        Some(e) => e.strip_backtrace(),
        None => error.to_string(),
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as an HTTP header or gRPC metadata value may carry it: printable ASCII, anything else `?`.
pub(crate) fn header_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}
