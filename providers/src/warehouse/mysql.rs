//! MySQL and MariaDB: datafusion-table-providers' `mysql_async` pool and its type mapping and row
//! conversion; the queries themselves run here, unchanged (that crate's own query path strips every `"`
//! from the SQL, which would alter string literals).

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::TableReference;
use datafusion::error::DataFusionError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::sql::sqlparser::dialect::MySqlDialect as MySqlParser;
use datafusion::sql::unparser::dialect::{Dialect as UnparserDialect, MySqlDialect};
use datafusion_table_providers_common::sql::db_connection_pool::dbconnection::AsyncDbConnection;
use datafusion_table_providers_common::sql::db_connection_pool::{DbConnectionPool, JoinPushDown};
use datafusion_table_providers_mysql::arrow_sql_gen::rows_to_arrow;
use datafusion_table_providers_mysql::pool::MySQLConnectionPool;
use futures::StreamExt;
use mysql_async::prelude::Queryable;
use mysql_async::{Params, Row};
use secrecy::SecretString;
use serde::Deserialize;

use super::{Database, EndpointSettings, ParallelScan, RemoteTable, compact};
use crate::{Error, Result, SecretSetting, Secrets};

/// Rows converted to Arrow at a time.
const CHUNK_ROWS: usize = 4096;

/// Settings of a `mysql` source (`kind = "mysql"` in `aos.toml`): MySQL or MariaDB.
///
/// Give either `url_env` (an environment variable holding `mysql://user:password@host:port/database`) or
/// the parts `host`, `port`, `user`, `database` and `password_env`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MySqlConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// Environment variable holding the connection URL (it may carry the password).
    pub url_env: Option<String>,
    /// Server host name or address.
    pub host: Option<String>,
    /// Server port (default 3306).
    pub port: Option<u16>,
    /// User to connect as.
    pub user: Option<String>,
    /// The database whose tables appear under the source's name.
    pub database: Option<String>,
    /// Environment variable holding the password.
    pub password_env: Option<String>,
    /// Other databases on the server to expose, as `<source>_<database>` (default: none).
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Connections the pool keeps open at most (default 8).
    #[serde(default = "default_pool_size")]
    pub pool_size: u32,
    /// `disabled`, `preferred` (the default) or `required`.
    pub tls: Option<String>,
    /// How a whole-table scan is read in parallel.
    #[serde(default)]
    pub scan: ParallelScan,
}

fn default_pool_size() -> u32 {
    8
}

impl MySqlConfig {
    /// The secrets this source reads, as (config key, environment variable) pairs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        super::secret_settings(&self.url_env, &self.password_env)
    }

    /// The connection parameters of datafusion-table-providers' pool, and the default database.
    fn pool_params(&self, secrets: &Secrets) -> Result<(HashMap<String, SecretString>, String)> {
        let error = |message: String| Error::Config {
            source_name: self.name.clone(),
            message,
        };
        let endpoint = EndpointSettings {
            source_name: &self.name,
            url_env: self.url_env.as_deref(),
            host: self.host.as_deref(),
            port: self.port,
            user: self.user.as_deref(),
            database: self.database.as_deref(),
            schemes: &["mysql", "mariadb"],
            example: "mysql://user:password@host:port/database",
            default_port: 3306,
            database_required: false,
        }
        .resolve(secrets)?;
        let mut params = HashMap::new();
        let mut set = |key: &str, value: String| {
            params.insert(key.to_string(), SecretString::from(value));
        };
        let mut tls = self.tls.clone();
        for (key, value) in endpoint.options {
            match key.as_str() {
                "ssl-mode" | "sslmode" if tls.is_none() => tls = Some(value),
                "ssl-mode" | "sslmode" => {}
                other => {
                    return Err(error(format!(
                        "the URL in {} has parameter {other:?}; only ssl-mode is understood",
                        self.url_env.as_deref().unwrap_or("url_env")
                    )));
                }
            }
        }
        set("host", endpoint.host);
        set("tcp_port", endpoint.port.to_string());
        set("user", endpoint.user.unwrap_or_default());
        if let Some(password) = endpoint.password {
            set("pass", password);
        }
        let database = endpoint.database.unwrap_or_default();
        if database.is_empty() {
            return Err(error(
                "name the database (in the URL's path or `database`)".into(),
            ));
        }
        set("db", database.clone());
        let tls = tls.unwrap_or_else(|| "preferred".into()).to_lowercase();
        if !["disabled", "preferred", "required"].contains(&tls.as_str()) {
            return Err(error(format!(
                "tls = {tls:?} is not one of disabled, preferred, required"
            )));
        }
        set("sslmode", tls);
        if self.pool_size == 0 {
            return Err(error("pool_size must be at least 1".into()));
        }
        if self.scan.connections > self.pool_size as usize {
            return Err(error(format!(
                "scan.connections = {} is more than pool_size = {}: a scan holds all its connections at once",
                self.scan.connections, self.pool_size
            )));
        }
        set("pool_max", self.pool_size.to_string());
        Ok((params, database))
    }
}

/// One MySQL database (and the other databases exposed beside it) behind a connection pool.
pub(crate) struct MySqlDatabase {
    pool: Arc<MySQLConnectionPool>,
    database: String,
    schemas: Vec<String>,
}

impl std::fmt::Debug for MySqlDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MySqlDatabase")
            .field("database", &self.database)
            .finish()
    }
}

impl MySqlDatabase {
    /// Opens the pool, which connects once to check the address, credentials and database.
    pub(crate) async fn connect(config: &MySqlConfig, secrets: &Secrets) -> Result<Self> {
        let (params, database) = config.pool_params(secrets)?;
        let pool = MySQLConnectionPool::new(params)
            .await
            .map_err(|e| Error::Remote {
                source_name: config.name.clone(),
                message: format!("cannot connect to MySQL: {}", compact(&e.to_string())),
            })?;
        Ok(Self {
            pool: Arc::new(pool),
            database,
            schemas: config.schemas.clone(),
        })
    }
}

#[async_trait]
impl Database for MySqlDatabase {
    fn kind(&self) -> &'static str {
        "mysql"
    }

    fn compute_context(&self) -> String {
        match self.pool.join_push_down() {
            JoinPushDown::AllowedFor(context) => context,
            JoinPushDown::Disallow => format!("{:p}", Arc::as_ptr(&self.pool)),
        }
    }

    fn default_schema(&self) -> &str {
        &self.database
    }

    fn identifier_quote(&self) -> char {
        '`'
    }

    fn unparser_dialect(&self) -> Arc<dyn UnparserDialect> {
        Arc::new(MySqlDialect {})
    }

    fn parser_dialect(&self) -> Box<dyn datafusion::sql::sqlparser::dialect::Dialect> {
        Box::new(MySqlParser {})
    }

    async fn discover(&self) -> Result<Vec<RemoteTable>, String> {
        let connection = self
            .pool
            .connect_direct()
            .await
            .map_err(|e| compact(&e.to_string()))?;
        let mut wanted = vec![self.database.clone()];
        wanted.extend(self.schemas.iter().cloned());
        let placeholders = vec!["?"; wanted.len()].join(", ");
        // Tables and views with the row estimate, and each table's primary key columns and their types.
        let (tables, keys): (
            Vec<(String, String, Option<u64>)>,
            Vec<(String, String, String, String)>,
        ) = {
            let mut conn = connection.conn.lock().await;
            let tables = conn
                .exec(
                    format!(
                        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES \
                         WHERE TABLE_SCHEMA IN ({placeholders}) ORDER BY 1, 2"
                    ),
                    wanted.clone(),
                )
                .await
                .map_err(|e| mysql_error(&e))?;
            let keys = conn
                .exec(
                    format!(
                        "SELECT TABLE_SCHEMA, TABLE_NAME, GROUP_CONCAT(COLUMN_NAME), MAX(DATA_TYPE) \
                         FROM information_schema.COLUMNS WHERE COLUMN_KEY = 'PRI' \
                         AND TABLE_SCHEMA IN ({placeholders}) GROUP BY 1, 2 HAVING COUNT(*) = 1"
                    ),
                    wanted.clone(),
                )
                .await
                .map_err(|e| mysql_error(&e))?;
            (tables, keys)
        };
        for schema in &self.schemas {
            if !tables.iter().any(|(s, _, _)| s == schema) {
                return Err(format!(
                    "database {schema:?} (in `schemas`) has no table this user may read, or does not exist"
                ));
            }
        }
        let integer_keys: HashMap<(String, String), String> = keys
            .into_iter()
            .filter(|(_, _, _, ty)| {
                matches!(
                    ty.to_lowercase().as_str(),
                    "tinyint" | "smallint" | "mediumint" | "int" | "bigint"
                )
            })
            .map(|(schema, table, column, _)| ((schema, table), column))
            .collect();
        let mut result = Vec::with_capacity(tables.len());
        let mut connection = connection;
        for (schema, name, rows) in tables {
            let reference = TableReference::partial(schema.clone(), name.clone());
            let mut columns = connection.get_schema(&reference).await;
            // A connection lost on the way is not the table's fault: once more on a new one.
            if let Err(e) = &columns
                && super::connection_lost(&e.to_string())
            {
                tracing::warn!(table = %reference, error = %e, "connection lost listing columns; reconnecting");
                connection = self
                    .pool
                    .connect_direct()
                    .await
                    .map_err(|e| compact(&e.to_string()))?;
                columns = connection.get_schema(&reference).await;
            }
            let columns = match columns {
                Ok(columns) => columns,
                Err(e) if super::connection_lost(&e.to_string()) => {
                    return Err(format!(
                        "the connection was lost reading the columns of {reference}: {}",
                        compact(&e.to_string())
                    ));
                }
                Err(e) => {
                    tracing::warn!(table = %reference, error = %e, "table skipped: its columns cannot be read");
                    continue;
                }
            };
            result.push(RemoteTable {
                integer_key: integer_keys.get(&(schema.clone(), name.clone())).cloned(),
                schema,
                name,
                columns,
                estimated_rows: rows.unwrap_or(0),
            });
        }
        Ok(result)
    }

    async fn query(
        &self,
        sql: String,
        schema: SchemaRef,
    ) -> Result<SendableRecordBatchStream, String> {
        let connection = self
            .pool
            .connect_direct()
            .await
            .map_err(|e| compact(&e.to_string()))?;
        let (sender, mut receiver) = tokio::sync::mpsc::channel(2);
        let (ready_sender, ready) = tokio::sync::oneshot::channel();
        let projected = Some(Arc::clone(&schema));
        tokio::spawn(async move {
            let mut conn = connection.conn.lock().await;
            let mut result = match conn.exec_iter(sql, Params::Empty).await {
                Ok(result) => result,
                Err(e) => {
                    let _ = ready_sender.send(Err(mysql_error(&e)));
                    return;
                }
            };
            let rows = match result.stream::<Row>().await {
                Ok(Some(rows)) => rows,
                Ok(None) => {
                    let _ = ready_sender.send(Err("the statement returned no result set".into()));
                    return;
                }
                Err(e) => {
                    let _ = ready_sender.send(Err(mysql_error(&e)));
                    return;
                }
            };
            let _ = ready_sender.send(Ok(()));
            let mut rows = rows;
            let mut chunk: Vec<Row> = Vec::with_capacity(CHUNK_ROWS);
            loop {
                let next = rows.next().await;
                let done = match next {
                    Some(Ok(row)) => {
                        chunk.push(row);
                        if chunk.len() < CHUNK_ROWS {
                            continue;
                        }
                        false
                    }
                    Some(Err(e)) => {
                        let _ = sender
                            .send(Err(DataFusionError::Execution(mysql_error(&e))))
                            .await;
                        return;
                    }
                    None => true,
                };
                if !chunk.is_empty() {
                    let batch = rows_to_arrow(&chunk, &projected)
                        .map_err(|e| DataFusionError::Execution(compact(&e.to_string())));
                    chunk.clear();
                    let failed = batch.is_err();
                    if sender.send(batch).await.is_err() || failed {
                        return;
                    }
                }
                if done {
                    return;
                }
            }
        });
        ready.await.map_err(|e| e.to_string())??;
        let stream = futures::stream::poll_fn(move |cx| receiver.poll_recv(cx));
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

fn mysql_error(e: &mysql_async::Error) -> String {
    match e {
        mysql_async::Error::Server(server) => {
            format!(
                "ERROR {} ({}): {}",
                server.code, server.state, server.message
            )
        }
        other => other.to_string(),
    }
}
