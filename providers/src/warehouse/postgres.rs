//! PostgreSQL (and Supabase, Neon, RDS, ...): a `bb8` pool of `tokio-postgres` connections from
//! datafusion-table-providers, which also maps column types to Arrow and decodes rows.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::TableReference;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect as PostgresParser;
use datafusion::sql::unparser::dialect::{Dialect as UnparserDialect, PostgreSqlDialect};
use datafusion_table_providers_common::UnsupportedTypeAction;
use datafusion_table_providers_common::sql::db_connection_pool::dbconnection::{
    AsyncDbConnection, DbConnection,
};
use datafusion_table_providers_common::sql::db_connection_pool::{DbConnectionPool, JoinPushDown};
use datafusion_table_providers_postgres::conn::PostgresPooledConnection;
use datafusion_table_providers_postgres::pool::PostgresConnectionPool;
use futures::StreamExt;
use secrecy::SecretString;
use serde::Deserialize;

use super::{Database, EndpointSettings, ParallelScan, RemoteTable, compact};
use crate::{Error, Result, SecretSetting, Secrets};

/// Settings of a `postgres` source (`kind = "postgres"` in `aos.toml`).
///
/// Give either `url_env` (an environment variable holding `postgres://user:password@host:port/db`) or
/// the parts `host`, `port`, `user`, `database` and `password_env`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostgresConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// Environment variable holding the connection URL (it may carry the password).
    pub url_env: Option<String>,
    /// Server host name or address.
    pub host: Option<String>,
    /// Server port (default 5432).
    pub port: Option<u16>,
    /// User to connect as.
    pub user: Option<String>,
    /// Database to connect to.
    pub database: Option<String>,
    /// Environment variable holding the password.
    pub password_env: Option<String>,
    /// Remote schemas to expose (default: every schema except PostgreSQL's own).
    pub schemas: Option<Vec<String>>,
    /// Connections the pool keeps open at most (default 8).
    #[serde(default = "default_pool_size")]
    pub pool_size: u32,
    /// `disable`, `prefer` (the default, as libpq), `require`, `verify-ca` or `verify-full`; overrides the
    /// URL's `sslmode`.
    pub tls: Option<String>,
    /// PEM file of the certificate authority that signed the server's certificate (`verify-*` modes).
    pub tls_root_cert: Option<String>,
    /// How a whole-table scan is read in parallel.
    #[serde(default)]
    pub scan: ParallelScan,
}

fn default_pool_size() -> u32 {
    8
}

impl PostgresConfig {
    /// The secrets this source reads, as (config key, environment variable) pairs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        super::secret_settings(&self.url_env, &self.password_env)
    }

    /// The connection parameters datafusion-table-providers' pool takes.
    fn pool_params(&self, secrets: &Secrets) -> Result<HashMap<String, SecretString>> {
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
            schemes: &["postgres", "postgresql"],
            example: "postgres://user:password@host:port/database",
            default_port: 5432,
            database_required: true,
        }
        .resolve(secrets)?;
        let mut params = HashMap::new();
        let mut set = |key: &str, value: String| {
            params.insert(key.to_string(), SecretString::from(value));
        };
        let mut tls = self.tls.clone();
        let mut root_cert = self.tls_root_cert.clone();
        for (key, value) in endpoint.options {
            match key.as_str() {
                "sslmode" if tls.is_none() => tls = Some(value),
                "sslrootcert" if root_cert.is_none() => root_cert = Some(value),
                "sslmode" | "sslrootcert" => {}
                other => {
                    return Err(error(format!(
                        "the URL in {} has parameter {other:?}; only sslmode and sslrootcert are understood",
                        self.url_env.as_deref().unwrap_or("url_env")
                    )));
                }
            }
        }
        set("host", endpoint.host);
        set("port", endpoint.port.to_string());
        if let Some(user) = endpoint.user {
            set("user", user);
        }
        if let Some(password) = endpoint.password {
            set("pass", password);
        }
        if let Some(database) = endpoint.database {
            set("db", database);
        }
        let tls = tls.unwrap_or_else(|| "prefer".into()).to_lowercase();
        if !["disable", "prefer", "require", "verify-ca", "verify-full"].contains(&tls.as_str()) {
            return Err(error(format!(
                "tls = {tls:?} is not one of disable, prefer, require, verify-ca, verify-full"
            )));
        }
        set("sslmode", tls);
        if let Some(cert) = root_cert {
            set("sslrootcert", cert);
        }
        if self.pool_size == 0 {
            return Err(error("pool_size must be at least 1".into()));
        }
        if self.scan.connections > self.pool_size as usize {
            return Err(error(format!(
                "scan.connections = {} is more than pool_size = {}: a scan holds all its connections at once",
                self.scan.connections, self.pool_size
            )));
        }
        set("connection_pool_size", self.pool_size.to_string());
        // Timestamps cross the wire as UTC, and literals without a zone are read as UTC.
        set("options", "-c TimeZone=UTC".into());
        Ok(params)
    }
}

/// One PostgreSQL database behind a connection pool.
pub(crate) struct PostgresDatabase {
    pool: Arc<PostgresConnectionPool>,
    /// Held while taking connections from the pool: a scan in key ranges takes all of its connections
    /// in one turn, so two scans can never each hold part of the pool waiting for the rest. It also
    /// keeps bb8 0.9 to one waiter at a time (two waiters can lose a wake-up on its `Notify` and time
    /// out with a connection idle).
    checkout: tokio::sync::Mutex<()>,
    schemas: Option<Vec<String>>,
}

impl std::fmt::Debug for PostgresDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresDatabase")
            .field("context", &self.compute_context())
            .finish()
    }
}

impl PostgresDatabase {
    /// Opens the pool, which connects once to check the address, credentials and TLS settings.
    pub(crate) async fn connect(config: &PostgresConfig, secrets: &Secrets) -> Result<Self> {
        let params = config.pool_params(secrets)?;
        let pool = PostgresConnectionPool::new(params)
            .await
            .map_err(|e| Error::Remote {
                source_name: config.name.clone(),
                message: format!("cannot connect to PostgreSQL: {}", compact(&e.to_string())),
            })?
            .with_unsupported_type_action(UnsupportedTypeAction::Warn);
        Ok(Self {
            pool: Arc::new(pool),
            checkout: tokio::sync::Mutex::new(()),
            schemas: config.schemas.clone(),
        })
    }
}

/// Tables and views of the exposed schemas, each with its row estimate and single-column integer primary
/// key. A table never analysed has `reltuples = -1`: its size on disk gives the estimate instead.
const DISCOVER: &str = "
SELECT n.nspname::text, c.relname::text,
       (CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE pg_relation_size(c.oid) / 64 END)::bigint,
       (SELECT a.attname::text
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnkeyatts = 1
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype))
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND NOT c.relispartition
   AND n.nspname <> 'information_schema'
   AND n.nspname NOT LIKE 'pg\\_%'
   AND has_table_privilege(c.oid, 'SELECT')
   AND ($1::text[] IS NULL OR n.nspname = ANY($1))
 ORDER BY 1, 2";

#[async_trait]
impl Database for PostgresDatabase {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    fn compute_context(&self) -> String {
        match self.pool.join_push_down() {
            JoinPushDown::AllowedFor(context) => context,
            JoinPushDown::Disallow => format!("{:p}", Arc::as_ptr(&self.pool)),
        }
    }

    fn default_schema(&self) -> &str {
        "public"
    }

    fn unparser_dialect(&self) -> Arc<dyn UnparserDialect> {
        Arc::new(PostgreSqlDialect {})
    }

    fn parser_dialect(&self) -> Box<dyn datafusion::sql::sqlparser::dialect::Dialect> {
        Box::new(PostgresParser {})
    }

    async fn discover(&self) -> Result<Vec<RemoteTable>, String> {
        let conn = {
            let _one_waiter = self.checkout.lock().await;
            self.pool.connect_direct().await
        }
        .map_err(|e| compact(&e.to_string()))?;
        let rows = conn
            .conn
            .query(DISCOVER, &[&self.schemas])
            .await
            .map_err(|e| postgres_error(&e))?;
        if let Some(wanted) = &self.schemas {
            for schema in wanted {
                if !rows.iter().any(|r| r.get::<_, String>(0) == *schema) {
                    return Err(format!(
                        "schema {schema:?} (in `schemas`) has no table this user may read, or does not exist"
                    ));
                }
            }
        }
        let mut tables = Vec::with_capacity(rows.len());
        let mut conn = conn;
        for row in rows {
            let schema: String = row.get(0);
            let name: String = row.get(1);
            let reference = TableReference::partial(schema.clone(), name.clone());
            let mut columns = conn.get_schema(&reference).await;
            // A connection lost on the way is not the table's fault: once more on a new one.
            if let Err(e) = &columns
                && super::connection_lost(&e.to_string())
            {
                tracing::warn!(table = %reference, error = %e, "connection lost listing columns; reconnecting");
                conn = {
                    let _one_waiter = self.checkout.lock().await;
                    self.pool.connect_direct().await
                }
                .map_err(|e| compact(&e.to_string()))?;
                columns = conn.get_schema(&reference).await;
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
            tables.push(RemoteTable {
                schema,
                name,
                columns,
                estimated_rows: u64::try_from(row.get::<_, i64>(2)).unwrap_or(0),
                integer_key: row.get(3),
            });
        }
        Ok(tables)
    }

    async fn query(
        &self,
        sql: String,
        schema: SchemaRef,
    ) -> Result<SendableRecordBatchStream, String> {
        let conn = {
            let _turn = self.checkout.lock().await;
            self.pool.connect().await
        }
        .map_err(|e| compact(&e.to_string()))?;
        stream_rows(conn, sql, schema).await
    }

    async fn query_all(
        &self,
        queries: Vec<String>,
        schema: SchemaRef,
    ) -> Result<Vec<SendableRecordBatchStream>, String> {
        let mut conns = Vec::with_capacity(queries.len());
        {
            let _turn = self.checkout.lock().await;
            for _ in &queries {
                conns.push(
                    self.pool
                        .connect()
                        .await
                        .map_err(|e| compact(&e.to_string()))?,
                );
            }
        }
        futures::future::try_join_all(
            conns
                .into_iter()
                .zip(queries)
                .map(|(conn, sql)| stream_rows(conn, sql, Arc::clone(&schema))),
        )
        .await
    }
}

type PooledConnection = Box<
    dyn DbConnection<PostgresPooledConnection, &'static (dyn tokio_postgres::types::ToSql + Sync)>,
>;

/// Runs `sql` on `conn` and streams its rows; the connection goes back to the pool when the stream
/// ends or is dropped. (Returned earlier, with rows still to read, the next statement sent on it
/// would wait behind them: a scan whose ranges shared a connection waited on itself until bb8 gave
/// up.)
async fn stream_rows(
    conn: PooledConnection,
    sql: String,
    schema: SchemaRef,
) -> Result<SendableRecordBatchStream, String> {
    let Some(client) = conn.as_async() else {
        return Err("the PostgreSQL connection is not asynchronous".into());
    };
    let rows = client
        .query_arrow(&sql, &[], Some(Arc::clone(&schema)))
        .await
        .map_err(|e| compact(&e.to_string()))?;
    let rows = rows.map(move |batch| {
        let _held_until_the_rows_are_read = &conn;
        batch
    });
    Ok(Box::pin(RecordBatchStreamAdapter::new(schema, rows)))
}

fn postgres_error(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}
