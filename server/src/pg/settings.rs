//! PostgreSQL run-time settings as clients see them: `SHOW`, `SET`, `current_setting()`.
//!
//! Drivers and BI tools read settings on connect (`SHOW standard_conforming_strings`, `SHOW TRANSACTION
//! ISOLATION LEVEL`, `current_setting('server_version_num')`) and parse the answers, so each has the
//! value and spelling PostgreSQL 16 gives. A session's `SET` is kept in its connection's metadata
//! (never in the `SessionContext`, which every connection shares). An unknown name is an error naming
//! it (42704), as in PostgreSQL, never an empty answer.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{DFSchema, ParamValues};
use datafusion::logical_expr::{EmptyRelation, LogicalPlan};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::{Expr, Set, Statement, Value};
use datafusion_postgres::hooks::{HookClient, QueryHook};
use futures::stream;
use pgwire::api::ClientInfo;
use pgwire::api::Type;
use pgwire::api::results::{DataRowEncoder, FieldFormat, FieldInfo, QueryResponse, Response, Tag};
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};

/// The session's choice between accelerated copies and sources: `'default'` or `'live'`.
pub(crate) const FRESHNESS: &str = "aos.freshness";

/// The freshness `client`'s session asked for with `SET aos.freshness`.
pub(crate) fn freshness(client: &(dyn ClientInfo + Send + Sync)) -> aos_engine::Freshness {
    client
        .metadata()
        .get(FRESHNESS)
        .and_then(|value| aos_engine::Freshness::parse(value).ok())
        .unwrap_or_default()
}

/// Where datafusion-postgres keeps a session's `SET statement_timeout`, in milliseconds.
pub(crate) const STATEMENT_TIMEOUT_KEY: &str = "statement_timeout_ms";

/// Settings datafusion-postgres's own `SET` hook applies (to the connection's output format and
/// timeout); this module leaves their `SET` to it and answers their `SHOW`.
const SET_BY_DATAFUSION_POSTGRES: &[&str] = &[
    "statement_timeout",
    "datestyle",
    "bytea_output",
    "intervalstyle",
    "application_name",
    "extra_float_digits",
    "search_path",
    "timezone",
    "time zone",
];

/// Startup parameters a client sends, which `DISCARD ALL` keeps (they are the session's defaults).
const STARTUP_PARAMETERS: &[&str] = &["application_name", "client_encoding", "user", "database"];

/// The server's value of `name` (case-insensitive), before any `SET`.
pub(crate) fn default_value(name: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let value = match name.as_str() {
        "server_version" => super::server_version(),
        "server_version_num" => super::server_version_num(),
        "server_encoding" | "client_encoding" => "UTF8".into(),
        "standard_conforming_strings" | "integer_datetimes" => "on".into(),
        "datestyle" => "ISO, MDY".into(),
        "intervalstyle" => "postgres".into(),
        "timezone" | "log_timezone" => "UTC".into(),
        "transaction_isolation" | "default_transaction_isolation" => "read committed".into(),
        // Every query is read-only (DDL, DML and COPY are refused).
        "transaction_read_only" | "default_transaction_read_only" => "on".into(),
        "transaction_deferrable" | "default_transaction_deferrable" => "off".into(),
        "is_superuser" | "session_authorization" => match name.as_str() {
            "is_superuser" => "off".into(),
            _ => "aos".into(),
        },
        "application_name" => String::new(),
        "extra_float_digits" => "1".into(),
        "bytea_output" => "hex".into(),
        "search_path" => "\"$user\", public".into(),
        "statement_timeout" | "lock_timeout" | "idle_in_transaction_session_timeout" => "0".into(),
        "max_identifier_length" => "63".into(),
        "max_index_keys" => "32".into(),
        "block_size" => "8192".into(),
        "lc_collate" | "lc_ctype" | "lc_messages" | "lc_monetary" | "lc_numeric" | "lc_time" => {
            "C.UTF-8".into()
        }
        "client_min_messages" => "notice".into(),
        "default_text_search_config" => "pg_catalog.english".into(),
        "escape_string_warning" | "backslash_quote" => match name.as_str() {
            "escape_string_warning" => "on".into(),
            _ => "safe_encoding".into(),
        },
        // Copies or sources (`aos_engine::Freshness`).
        FRESHNESS => "default".into(),
        // aos compiles no queries just in time.
        "jit" => "off".into(),
        "row_security" | "synchronize_seqscans" => "on".into(),
        "max_connections" => "100".into(),
        "data_directory_mode" => "0700".into(),
        "in_hot_standby" => "off".into(),
        "ssl" => "off".into(),
        "work_mem" => "4MB".into(),
        "tcp_keepalives_idle" | "tcp_keepalives_interval" | "tcp_keepalives_count" => "0".into(),
        _ => return None,
    };
    Some(value)
}

/// `SHOW ALL`'s names, in PostgreSQL's order (alphabetical).
const ALL: &[&str] = &[
    "application_name",
    "block_size",
    "bytea_output",
    "client_encoding",
    "client_min_messages",
    "datestyle",
    "default_transaction_isolation",
    "default_transaction_read_only",
    "extra_float_digits",
    "integer_datetimes",
    "intervalstyle",
    "is_superuser",
    "lc_collate",
    "lc_ctype",
    "max_identifier_length",
    "search_path",
    "server_encoding",
    "server_version",
    "server_version_num",
    "standard_conforming_strings",
    "statement_timeout",
    "timezone",
    "transaction_isolation",
    "transaction_read_only",
];

fn unknown(name: &str) -> PgWireError {
    PgWireError::UserError(Box::new(ErrorInfo::new(
        "ERROR".into(),
        "42704".into(),
        format!("unrecognized configuration parameter \"{name}\""),
    )))
}

/// `name`'s value in the session of `client`: its `SET`, else the startup parameter, else the default.
fn session_value(client: &(dyn ClientInfo + Send + Sync), name: &str) -> Option<String> {
    let metadata = client.metadata();
    match name {
        "statement_timeout" => {
            return Some(
                metadata
                    .get(STATEMENT_TIMEOUT_KEY)
                    .map(|ms| format!("{ms}ms"))
                    .unwrap_or_else(|| "0".into()),
            );
        }
        "timezone" => {
            if let Some(tz) = metadata
                .get("timezone")
                .or_else(|| metadata.get("TimeZone"))
            {
                return Some(tz.clone());
            }
        }
        _ => {}
    }
    let custom = name.contains('.');
    if default_value(name).is_some() || custom {
        // SET keeps lower-case names; startup parameters keep the client's spelling (DateStyle).
        let set = metadata.get(name).or_else(|| {
            metadata
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        });
        if let Some(value) = set {
            return Some(value.clone());
        }
    }
    default_value(name)
}

/// The setting a `SHOW` names, lower-cased, if `statement` is one.
fn shown(statement: &Statement) -> Option<String> {
    let Statement::ShowVariable { variable } = statement else {
        return None;
    };
    let words: Vec<String> = variable
        .iter()
        .map(|v| v.value.to_ascii_lowercase())
        .collect();
    Some(match words.join(" ").as_str() {
        "transaction isolation level" => "transaction_isolation".into(),
        "time zone" => "timezone".into(),
        other => other.into(),
    })
}

/// Answers `SHOW` and the `SET`s of settings datafusion-postgres does not know; see the module doc.
pub(crate) struct Settings;

impl Settings {
    /// The rows `SHOW name` answers: `(column, [(name, value)])`.
    fn show(
        client: &(dyn ClientInfo + Send + Sync),
        name: &str,
    ) -> PgWireResult<(String, Vec<Vec<String>>)> {
        if name == "all" {
            let rows = ALL
                .iter()
                .map(|n| {
                    vec![
                        (*n).to_string(),
                        session_value(client, n).unwrap_or_default(),
                    ]
                })
                .collect();
            return Ok(("all".into(), rows));
        }
        let value = session_value(client, name).ok_or_else(|| unknown(name))?;
        Ok((name.into(), vec![vec![value]]))
    }

    fn show_schema(name: &str) -> Vec<String> {
        if name == "all" {
            vec!["name".into(), "setting".into()]
        } else {
            vec![name.into()]
        }
    }

    fn response(columns: Vec<String>, rows: Vec<Vec<String>>) -> Response {
        let fields: Arc<Vec<FieldInfo>> = Arc::new(
            columns
                .into_iter()
                .map(|c| FieldInfo::new(c, None, None, Type::TEXT, FieldFormat::Text))
                .collect(),
        );
        let encoded: Vec<_> = rows
            .into_iter()
            .map(|row| {
                let mut encoder = DataRowEncoder::new(Arc::clone(&fields));
                for value in &row {
                    encoder.encode_field(&Some(value.as_str()))?;
                }
                Ok(encoder.take_row())
            })
            .collect();
        Response::Query(QueryResponse::new(fields, Box::pin(stream::iter(encoded))))
    }

    /// `SET`s this hook answers: transaction characteristics, and settings datafusion-postgres would
    /// otherwise try on the shared DataFusion session. `None` for the ones datafusion-postgres applies.
    fn set(statement: &Statement) -> Option<Result<Option<(String, String)>, PgWireError>> {
        let Statement::Set(set) = statement else {
            return None;
        };
        match set {
            // SET SESSION CHARACTERISTICS AS TRANSACTION ... / SET TRANSACTION ...: every
            // transaction here reads one consistent answer per query; nothing to change.
            Set::SetTransaction { .. } => Some(Ok(None)),
            Set::SingleAssignment {
                variable, values, ..
            } => {
                let name = variable.to_string().to_ascii_lowercase();
                if SET_BY_DATAFUSION_POSTGRES.contains(&name.as_str())
                    || name.starts_with("datafusion.")
                {
                    return None;
                }
                if default_value(&name).is_none() && !name.contains('.') {
                    return Some(Err(unknown(&name)));
                }
                let value = values
                    .iter()
                    .map(|v| match v {
                        Expr::Value(v) => match &v.value {
                            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => {
                                s.clone()
                            }
                            other => other.to_string(),
                        },
                        Expr::Identifier(ident) => ident.value.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                if name == FRESHNESS
                    && let Err(e) = aos_engine::Freshness::parse(&value)
                {
                    return Some(Err(PgWireError::UserError(Box::new(ErrorInfo::new(
                        "ERROR".into(),
                        "22023".into(),
                        e.to_string(),
                    )))));
                }
                Some(Ok(Some((name, value))))
            }
            _ => None,
        }
    }
}

#[async_trait]
impl QueryHook for Settings {
    async fn handle_simple_query(
        &self,
        statement: &Statement,
        _context: &SessionContext,
        client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        if let Some(name) = shown(statement) {
            return Some(
                Self::show(client, &name)
                    .map(|(column, rows)| Self::response(Self::show_schema(&column), rows)),
            );
        }
        if let Statement::Discard { object_type } = statement {
            // A pooled connection handed to its next user (Npgsql, pgbouncer): the session's own
            // settings go back to the server's.
            let metadata = client.metadata_mut();
            metadata.remove(STATEMENT_TIMEOUT_KEY);
            metadata.remove("timezone");
            metadata.retain(|name, _| {
                default_value(name).is_none()
                    || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    || STARTUP_PARAMETERS.contains(&name.as_str())
            });
            return Some(Ok(Response::Execution(Tag::new(&format!(
                "DISCARD {object_type}"
            )))));
        }
        match Self::set(statement)? {
            Err(e) => Some(Err(e)),
            Ok(assignment) => {
                if let Some((name, value)) = assignment {
                    client.metadata_mut().insert(name, value);
                }
                Some(Ok(Response::Execution(Tag::new("SET"))))
            }
        }
    }

    async fn handle_extended_parse_query(
        &self,
        statement: &Statement,
        _context: &SessionContext,
        client: &(dyn ClientInfo + Send + Sync),
    ) -> Option<PgWireResult<LogicalPlan>> {
        if matches!(statement, Statement::Discard { .. }) {
            return Some(
                DFSchema::try_from(Schema::empty())
                    .map(|schema| {
                        LogicalPlan::EmptyRelation(EmptyRelation {
                            produce_one_row: false,
                            schema: Arc::new(schema),
                        })
                    })
                    .map_err(|e| PgWireError::ApiError(Box::new(e))),
            );
        }
        let schema = if let Some(name) = shown(statement) {
            if let Err(e) = Self::show(client, &name) {
                return Some(Err(e));
            }
            let fields: Vec<Field> = Self::show_schema(&name)
                .into_iter()
                .map(|c| Field::new(c, DataType::Utf8, false))
                .collect();
            Schema::new(fields)
        } else {
            match Self::set(statement)? {
                Err(e) => return Some(Err(e)),
                Ok(_) => Schema::empty(),
            }
        };
        Some(
            DFSchema::try_from(schema)
                .map(|schema| {
                    LogicalPlan::EmptyRelation(EmptyRelation {
                        produce_one_row: false,
                        schema: Arc::new(schema),
                    })
                })
                .map_err(|e| PgWireError::ApiError(Box::new(e))),
        )
    }

    async fn handle_extended_query(
        &self,
        statement: &Statement,
        _plan: &LogicalPlan,
        _params: &ParamValues,
        context: &SessionContext,
        client: &mut dyn HookClient,
    ) -> Option<PgWireResult<Response>> {
        self.handle_simple_query(statement, context, client).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_postgres_spellings() {
        assert_eq!(
            default_value("Server_Version_Num").as_deref(),
            Some("160006")
        );
        assert_eq!(
            default_value("transaction_isolation").as_deref(),
            Some("read committed")
        );
        assert_eq!(
            default_value("standard_conforming_strings").as_deref(),
            Some("on")
        );
        assert_eq!(default_value("no_such_setting"), None);
        for name in ALL {
            assert!(default_value(name).is_some(), "{name}");
        }
    }
}
