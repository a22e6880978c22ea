//! Where engine error kinds become wire codes: SQLSTATE for pgwire, status and code for HTTP.

use aos_engine::ErrorKind;

/// How one kind of error is reported on each protocol.
pub(crate) struct WireError {
    /// The PostgreSQL SQLSTATE.
    pub(crate) sqlstate: &'static str,
    /// The HTTP status.
    pub(crate) http_status: u16,
    /// The stable, readable code in HTTP error bodies.
    pub(crate) code: &'static str,
}

/// The one mapping of error kinds onto the wire.
pub(crate) fn wire_error(kind: ErrorKind) -> WireError {
    let (sqlstate, http_status, code) = match kind {
        ErrorKind::Syntax => ("42601", 400, "syntax_error"),
        ErrorKind::UndefinedTable => ("42P01", 400, "undefined_table"),
        ErrorKind::UndefinedColumn => ("42703", 400, "undefined_column"),
        ErrorKind::UndefinedFunction => ("42883", 400, "undefined_function"),
        ErrorKind::InvalidQuery => ("42000", 400, "invalid_query"),
        ErrorKind::DataException => ("22000", 400, "data_exception"),
        ErrorKind::NotSupported => ("0A000", 400, "feature_not_supported"),
        ErrorKind::ReadOnly => ("25006", 400, "read_only"),
        ErrorKind::Canceled => ("57014", 400, "query_canceled"),
        ErrorKind::TimedOut => ("57014", 408, "query_timeout"),
        ErrorKind::ResourcesExhausted => ("53200", 503, "out_of_memory"),
        ErrorKind::Source => ("58000", 502, "source_error"),
        ErrorKind::Internal => ("XX000", 500, "internal_error"),
    };
    WireError {
        sqlstate,
        http_status,
        code,
    }
}

/// The message of an error as clients see it: one line, no backtrace.
pub(crate) fn client_message(error: &(dyn std::error::Error + 'static)) -> String {
    let text = match error.downcast_ref::<datafusion::error::DataFusionError>() {
        Some(e) => e.strip_backtrace(),
        None => error.to_string(),
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
