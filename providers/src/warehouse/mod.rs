//! `kind = "postgres"`, `kind = "mysql"` and `kind = "sqlite"`: SQL databases whose whole single-source subplans run remotely.
//!
//! Tables are `datafusion-federation` tables: the federation optimizer cuts out every part of a plan that
//! only reads one database (filters, projections, aggregates, joins, ORDER BY, LIMIT) and DataFusion's
//! unparser writes it in the database's dialect. `executor.rs` runs that SQL (the one place where remote
//! SQL is executed) and reads a large single-table scan as key ranges over several connections;
//! `postgres.rs`, `mysql.rs` and `sqlite.rs` discover tables and stream rows as Arrow.

mod executor;
mod mysql;
mod postgres;
mod sqlite;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::common::TableReference;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::sql::unparser::dialect::Dialect as UnparserDialect;
use datafusion_federation::FederatedTableProviderAdaptor;
use datafusion_federation::sql::{RemoteTableRef, SQLFederationProvider, SQLTableSource};
use serde::Deserialize;

pub use mysql::MySqlConfig;
pub use postgres::PostgresConfig;
pub use sqlite::SqliteConfig;

use crate::{Error, Result, Secrets};
use executor::{RemoteExecutor, SharedExecutor};

/// The schemas of one SQL source, each with its tables, named as DESIGN §4 says: the default remote
/// schema (`public`, `main`) takes the source's name, any other remote schema `s` becomes `<source>_<s>`.
pub struct SqlSchemas(pub Vec<(String, NamedTables)>);

/// Tables by name.
pub type NamedTables = Vec<(String, Arc<dyn TableProvider>)>;

/// Connects a `postgres` source and discovers its tables.
pub async fn connect_postgres(config: &PostgresConfig, secrets: &Secrets) -> Result<SqlSchemas> {
    let database = postgres::PostgresDatabase::connect(config, secrets).await?;
    build(&config.name, config.scan.clone(), Arc::new(database)).await
}

/// Connects a `mysql` source (MySQL or MariaDB) and discovers its tables.
pub async fn connect_mysql(config: &MySqlConfig, secrets: &Secrets) -> Result<SqlSchemas> {
    let database = mysql::MySqlDatabase::connect(config, secrets).await?;
    build(&config.name, config.scan.clone(), Arc::new(database)).await
}

/// Opens a `sqlite` source (read-only) and discovers its tables.
pub async fn connect_sqlite(config: &SqliteConfig, base_dir: &Path) -> Result<SqlSchemas> {
    let database = sqlite::SqliteDatabase::open(config, base_dir)?;
    build(&config.name, config.scan.clone(), Arc::new(database)).await
}

/// How a large table is read when a query scans it whole (no aggregate, join, ORDER BY or LIMIT pushed).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParallelScan {
    /// Connections one scan reads over, each a range of the table's integer primary key (default 4;
    /// 1 turns parallel reads off).
    #[serde(default = "default_connections")]
    pub connections: usize,
    /// Tables estimated smaller than this are read over one connection (default 500,000 rows).
    #[serde(default = "default_min_rows")]
    pub min_rows: u64,
}

impl Default for ParallelScan {
    fn default() -> Self {
        Self {
            connections: default_connections(),
            min_rows: default_min_rows(),
        }
    }
}

fn default_connections() -> usize {
    4
}

fn default_min_rows() -> u64 {
    500_000
}

/// One table the database has, as discovery found it.
#[derive(Debug, Clone)]
pub(crate) struct RemoteTable {
    /// The remote schema (`public`, `main`, ...).
    pub schema: String,
    /// The remote table name, exactly as the database spells it.
    pub name: String,
    /// Arrow schema of its columns, in the database's order.
    pub columns: SchemaRef,
    /// A single-column integer primary key, which parallel scans split into ranges.
    pub integer_key: Option<String>,
    /// The database's row estimate (0 when unknown).
    pub estimated_rows: u64,
}

/// What the executor needs from one database kind.
#[async_trait]
pub(crate) trait Database: Send + Sync + fmt::Debug {
    /// `postgres` or `sqlite`: the federation provider's name.
    fn kind(&self) -> &'static str;
    /// What makes two tables joinable in one remote query (the same server and database).
    fn compute_context(&self) -> String;
    /// The remote schema whose tables appear directly under the source's schema.
    fn default_schema(&self) -> &str;
    /// The character that quotes identifiers in this database's SQL.
    fn identifier_quote(&self) -> char {
        '"'
    }
    /// The dialect DataFusion's unparser writes the remote SQL in.
    fn unparser_dialect(&self) -> Arc<dyn UnparserDialect>;
    /// Rewrites the unparsed statement where the dialect cannot say it (SQLite has no date type).
    fn rewrite(&self, _statement: &mut datafusion::sql::sqlparser::ast::Statement) {}
    /// The dialect the executor parses that SQL back with, to read a scan in key ranges.
    fn parser_dialect(&self) -> Box<dyn datafusion::sql::sqlparser::dialect::Dialect>;
    /// Every table (and view) in the exposed schemas.
    async fn discover(&self) -> Result<Vec<RemoteTable>, String>;
    /// Runs `sql` and streams its rows as `schema`.
    async fn query(
        &self,
        sql: String,
        schema: SchemaRef,
    ) -> Result<SendableRecordBatchStream, String>;
    /// Runs every query of `queries` at once, each over its own connection (a scan read in key ranges).
    async fn query_all(
        &self,
        queries: Vec<String>,
        schema: SchemaRef,
    ) -> Result<Vec<SendableRecordBatchStream>, String> {
        futures::future::try_join_all(
            queries
                .into_iter()
                .map(|sql| self.query(sql, Arc::clone(&schema))),
        )
        .await
    }
}

/// The secrets a SQL source reads: the URL (which may carry the password) or the password alone.
fn secret_settings(
    url_env: &Option<String>,
    password_env: &Option<String>,
) -> Vec<crate::SecretSetting> {
    [("url_env", url_env), ("password_env", password_env)]
        .into_iter()
        .filter_map(|(key, var)| {
            var.as_ref().map(|var| crate::SecretSetting {
                key,
                var: var.clone(),
            })
        })
        .collect()
}

/// How a SQL source's settings name its server: `url_env`, or `host` and the other parts.
struct EndpointSettings<'a> {
    source_name: &'a str,
    url_env: Option<&'a str>,
    host: Option<&'a str>,
    port: Option<u16>,
    user: Option<&'a str>,
    database: Option<&'a str>,
    /// URL schemes accepted (`postgres`, `postgresql`).
    schemes: &'a [&'a str],
    /// The URL's shape, for messages (`postgres://user:password@host:port/database`).
    example: &'a str,
    default_port: u16,
    /// Whether `database` must be set beside `host`.
    database_required: bool,
}

/// Where a SQL source connects.
struct Endpoint {
    host: String,
    port: u16,
    user: Option<String>,
    password: Option<String>,
    database: Option<String>,
    /// The URL's query parameters, for the kind to check.
    options: Vec<(String, String)>,
}

impl EndpointSettings<'_> {
    fn error(&self, message: String) -> Error {
        Error::Config {
            source_name: self.source_name.to_string(),
            message,
        }
    }

    /// Reads the URL from `secrets` (never shown in a message: it may hold a password) or the parts.
    fn resolve(&self, secrets: &Secrets) -> Result<Endpoint> {
        match (secrets.get("url_env"), self.host) {
            (Some(url), None) => {
                if self.user.is_some() || self.database.is_some() || self.port.is_some() {
                    return Err(self
                        .error("set either url_env or host/port/user/database, not both".into()));
                }
                let url_var = self.url_env.unwrap_or("url_env");
                let url = url::Url::parse(url)
                    .ok()
                    .filter(|u| self.schemes.contains(&u.scheme()))
                    .ok_or_else(|| {
                        self.error(format!("{url_var} must hold a URL {}", self.example))
                    })?;
                let decode = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                let host = url
                    .host_str()
                    .ok_or_else(|| self.error(format!("the URL in {url_var} has no host")))?;
                let database = decode(url.path().trim_start_matches('/'));
                Ok(Endpoint {
                    host: host.trim_matches(['[', ']']).to_string(),
                    port: url.port().unwrap_or(self.default_port),
                    user: Some(decode(url.username())).filter(|u| !u.is_empty()),
                    password: url.password().map(decode),
                    database: Some(database).filter(|d| !d.is_empty()),
                    options: url
                        .query_pairs()
                        .map(|(k, v)| (k.into_owned(), v.into_owned()))
                        .collect(),
                })
            }
            (None, Some(host)) => {
                let user = self
                    .user
                    .ok_or_else(|| self.error("user is required with host".into()))?;
                if self.database_required && self.database.is_none() {
                    return Err(self.error("database is required with host".into()));
                }
                Ok(Endpoint {
                    host: host.to_string(),
                    port: self.port.unwrap_or(self.default_port),
                    user: Some(user.to_string()),
                    password: secrets.get("password_env").map(str::to_string),
                    database: self.database.map(str::to_string),
                    options: Vec::new(),
                })
            }
            (Some(_), Some(_)) => {
                Err(self.error("set either url_env or host/port/user/database, not both".into()))
            }
            (None, None) => Err(self.error(format!(
                "set url_env (a variable holding {}) or host, user and database",
                self.example
            ))),
        }
    }
}

/// A database client's error on one line: datafusion-table-providers' messages run over several lines and
/// end in a link to a manual.
pub(crate) fn compact(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("For details, refer to")
                && !l.starts_with("Report a bug")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a driver's error says the connection itself failed (closed, reset, an I/O error) rather than
/// the statement: such a failure says nothing about the table being read.
fn connection_lost(message: &str) -> bool {
    let message = message.to_lowercase();
    [
        "connection closed",
        "connection to the server is closed",
        "connection reset",
        "broken pipe",
        "input/output error",
        "unexpected eof",
    ]
    .iter()
    .any(|m| message.contains(m))
}

async fn build(
    source_name: &str,
    scan: ParallelScan,
    database: Arc<dyn Database>,
) -> Result<SqlSchemas> {
    if scan.connections == 0 {
        return Err(Error::Config {
            source_name: source_name.to_string(),
            message: "scan.connections must be at least 1".into(),
        });
    }
    let tables = database.discover().await.map_err(|message| Error::Remote {
        source_name: source_name.to_string(),
        message: format!("cannot list the database's tables: {message}"),
    })?;
    let default_schema = database.default_schema().to_string();
    let executor = Arc::new(RemoteExecutor::new(
        source_name,
        Arc::clone(&database),
        &tables,
        scan,
    ));
    let provider = Arc::new(SQLFederationProvider::new(Arc::new(SharedExecutor(
        executor,
    ))));

    let mut schemas: Vec<(String, NamedTables)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for table in tables {
        let schema_name = if table.schema == default_schema {
            source_name.to_string()
        } else {
            format!("{source_name}_{}", table.schema.to_lowercase())
        };
        let remote = if table.schema == default_schema && database.kind() != "postgres" {
            TableReference::bare(table.name.clone())
        } else {
            TableReference::partial(table.schema.clone(), table.name.clone())
        };
        let source = SQLTableSource::new_with_schema(
            Arc::clone(&provider),
            RemoteTableRef::from(remote),
            Arc::clone(&table.columns),
        );
        let provider: Arc<dyn TableProvider> =
            Arc::new(FederatedTableProviderAdaptor::new(Arc::new(source)));
        let slot = *index.entry(schema_name.clone()).or_insert_with(|| {
            schemas.push((schema_name, Vec::new()));
            schemas.len() - 1
        });
        if let Some((_, tables)) = schemas.get_mut(slot) {
            tables.push((table.name.to_lowercase(), provider));
        }
    }
    Ok(SqlSchemas(schemas))
}

#[cfg(test)]
mod tests {
    use super::connection_lost;

    #[test]
    fn a_lost_connection_is_told_from_a_table_error() {
        assert!(connection_lost(
            "Input/output error: Driver error: `Connection to the server is closed.'"
        ));
        assert!(connection_lost(
            "error communicating with the server: connection reset by peer"
        ));
        assert!(!connection_lost("unsupported data type: geometry"));
        assert!(!connection_lost("permission denied for table orders"));
    }
}
