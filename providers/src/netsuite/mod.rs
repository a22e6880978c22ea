//! `kind = "netsuite"`: NetSuite tables through SuiteQL (SuiteTalk REST).
//!
//! `auth.rs` signs each request with token-based auth (OAuth 1.0a, HMAC-SHA256), or `m2m.rs` signs in with
//! OAuth 2.0 machine-to-machine (a JWT client assertion) for a bearer token; `client.rs` posts SuiteQL
//! and maps NetSuite's errors; `schema.rs` types the text SuiteQL answers; `pushdown.rs` translates filters
//! (with `suiteql_string`, the one escaping function); `scan.rs` pages through a query concurrently;
//! `aggregate.rs` is the optimizer rule that runs `count/sum/min/max ... GROUP BY` in NetSuite.

mod aggregate;
mod auth;
mod client;
mod m2m;
mod pushdown;
mod scan;
mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datafusion::catalog::TableProvider;
use serde::Deserialize;

pub use aggregate::AggregatePushdown;
pub use pushdown::suiteql_string;

use crate::http::{HttpClient, HttpSettings};
use crate::{Error, Result, SecretSetting, Secrets};
use auth::TokenAuth;
use client::{Auth, NetSuiteClient};
use m2m::{MachineToMachine, SigningKey};
use scan::{NetSuiteTable, Paging};
use schema::{ColumnType, SuiteTable};

/// Settings of a `netsuite` source (`kind = "netsuite"` in `aos.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetSuiteConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// The account id (`1234567`, `1234567_SB1`): the OAuth realm.
    pub account_id: String,
    /// `https://<account>.suitetalk.api.netsuite.com`.
    pub base_url: String,
    /// Token-based authentication: environment variables holding the integration's consumer key and
    /// secret and the access token's id and secret. Set these four, or the three OAuth 2.0 settings below.
    #[serde(default)]
    pub consumer_key_env: Option<String>,
    /// See `consumer_key_env`.
    #[serde(default)]
    pub consumer_secret_env: Option<String>,
    /// See `consumer_key_env`.
    #[serde(default)]
    pub token_id_env: Option<String>,
    /// See `consumer_key_env`.
    #[serde(default)]
    pub token_secret_env: Option<String>,
    /// OAuth 2.0 machine-to-machine: environment variable holding the integration's client id.
    #[serde(default)]
    pub client_id_env: Option<String>,
    /// The id NetSuite gave the uploaded certificate (the client assertion's `kid`).
    #[serde(default)]
    pub certificate_id: Option<String>,
    /// PEM file of the certificate's private key (RSA signs PS256, P-256 ES256), relative to the config
    /// file's folder.
    #[serde(default)]
    pub private_key_file: Option<PathBuf>,
    /// Tables to expose (default `customer`, `vendor`, `item`, `transaction`, `transactionline`); any
    /// SuiteQL table with an integer `id` works.
    #[serde(default = "default_tables")]
    pub tables: Vec<String>,
    /// Column types of other tables, `{ table = { column = "text|integer|float|currency|boolean|date|datetime" } }`;
    /// a table not described here or built in is typed from a sample of its rows.
    #[serde(default)]
    pub columns: BTreeMap<String, BTreeMap<String, String>>,
    /// Requests in flight at once: the account's concurrency limit (default 5, a developer account's).
    #[serde(default = "default_concurrency")]
    pub max_concurrency: usize,
    /// Rows per page, 1..=1000 (default 1000).
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Rows one SuiteQL query returns at most (NetSuite's cap, 100,000); longer reads continue by id range.
    #[serde(default = "default_max_rows")]
    pub max_rows_per_query: usize,
    /// Requests per second at most (default: no limit beyond `max_concurrency`).
    pub max_requests_per_s: Option<f64>,
    /// Time allowed for one HTTP request.
    #[serde(default = "default_timeout", with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Retries of a failed request (SuiteQL only reads).
    #[serde(default = "default_retries")]
    pub max_retries: u32,
}

fn default_tables() -> Vec<String> {
    schema::DEFAULT_TABLES
        .iter()
        .map(|t| (*t).to_owned())
        .collect()
}

fn default_concurrency() -> usize {
    5
}

fn default_page_size() -> usize {
    1000
}

fn default_max_rows() -> usize {
    scan::MAX_ROWS_PER_QUERY
}

fn default_timeout() -> Duration {
    Duration::from_secs(60)
}

fn default_retries() -> u32 {
    4
}

impl NetSuiteConfig {
    /// The secrets this source needs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        [
            ("consumer_key_env", &self.consumer_key_env),
            ("consumer_secret_env", &self.consumer_secret_env),
            ("token_id_env", &self.token_id_env),
            ("token_secret_env", &self.token_secret_env),
            ("client_id_env", &self.client_id_env),
        ]
        .into_iter()
        .filter_map(|(key, var)| {
            var.as_ref().map(|var| SecretSetting {
                key,
                var: var.clone(),
            })
        })
        .collect()
    }
}

/// A SuiteQL identifier we write into queries unquoted: lowercase letters, digits and `_`.
fn identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A connected NetSuite account.
pub struct NetSuiteSource {
    client: Arc<NetSuiteClient>,
    tables: Vec<SuiteTable>,
    paging: Paging,
}

impl NetSuiteSource {
    /// Checks the settings, signs in (one query) and types every table; a relative `private_key_file` is
    /// read from `base_dir`.
    pub async fn connect(
        config: &NetSuiteConfig,
        secrets: &Secrets,
        base_dir: &Path,
    ) -> Result<NetSuiteSource> {
        let error = |message: String| Error::Config {
            source_name: config.name.clone(),
            message,
        };
        let secret = |key: &str| {
            secrets
                .get(key)
                .map(str::to_owned)
                .ok_or_else(|| error(format!("{key} is not resolved")))
        };
        url::Url::parse(&config.base_url)
            .map_err(|e| error(format!("base_url {:?} is not a URL: {e}", config.base_url)))?;
        if config.account_id.is_empty() {
            return Err(error("account_id is empty".into()));
        }
        if !(1..=1000).contains(&config.page_size) {
            return Err(error(format!(
                "page_size must be between 1 and 1000, not {}",
                config.page_size
            )));
        }
        if !(1..=scan::MAX_ROWS_PER_QUERY).contains(&config.max_rows_per_query) {
            return Err(error(format!(
                "max_rows_per_query must be between 1 and {}, not {}",
                scan::MAX_ROWS_PER_QUERY,
                config.max_rows_per_query
            )));
        }
        if config.max_concurrency == 0 {
            return Err(error("max_concurrency must be at least 1".into()));
        }
        if config.tables.is_empty() {
            return Err(error("tables is empty".into()));
        }
        for table in config.tables.iter().chain(config.columns.keys()) {
            if !identifier(table) {
                return Err(error(format!(
                    "{table:?} is not a SuiteQL table name (lowercase letters, digits, _)"
                )));
            }
        }
        if let Some(table) = config.columns.keys().find(|t| !config.tables.contains(t)) {
            return Err(error(format!(
                "columns.{table}: the table is not in tables"
            )));
        }
        let tba = [
            &config.consumer_key_env,
            &config.consumer_secret_env,
            &config.token_id_env,
            &config.token_secret_env,
        ]
        .map(Option::is_some);
        let m2m = [
            config.client_id_env.is_some(),
            config.certificate_id.is_some(),
            config.private_key_file.is_some(),
        ];
        let auth = match (tba, m2m) {
            ([true, true, true, true], [false, false, false]) => Auth::Tba(TokenAuth {
                realm: config.account_id.clone(),
                consumer_key: secret("consumer_key_env")?,
                consumer_secret: secret("consumer_secret_env")?,
                token_id: secret("token_id_env")?,
                token_secret: secret("token_secret_env")?,
            }),
            ([false, false, false, false], [true, true, true]) => {
                let file = config.private_key_file.as_deref().unwrap_or(Path::new(""));
                let path = base_dir.join(file);
                let pem = std::fs::read(&path)
                    .map_err(|e| error(format!("private_key_file {}: {e}", path.display())))?;
                let key = SigningKey::from_pem(&pem)
                    .map_err(|m| error(format!("private_key_file {}: {m}", path.display())))?;
                Auth::M2m(MachineToMachine::new(
                    secret("client_id_env")?,
                    config.certificate_id.clone().unwrap_or_default(),
                    &config.base_url,
                    key,
                ))
            }
            _ => {
                return Err(error(
                    "set either the four token-based auth settings (consumer_key_env, consumer_secret_env, \
                     token_id_env, token_secret_env) or the three OAuth 2.0 ones (client_id_env, \
                     certificate_id, private_key_file)"
                        .into(),
                ));
            }
        };
        let http = HttpClient::new(
            &config.name,
            HttpSettings {
                timeout: config.request_timeout,
                max_retries: config.max_retries,
                max_concurrency: config.max_concurrency,
                max_requests_per_s: config.max_requests_per_s,
                ..HttpSettings::default()
            },
        )?;
        let client = Arc::new(NetSuiteClient::new(
            &config.name,
            http,
            &config.base_url,
            auth,
        ));
        let mut tables = Vec::new();
        for name in &config.tables {
            let columns = match (config.columns.get(name), schema::built_in(name)) {
                (Some(declared), _) => declared
                    .iter()
                    .map(|(column, ty)| {
                        if !identifier(column) {
                            return Err(error(format!(
                                "columns.{name}.{column}: not a SuiteQL column name"
                            )));
                        }
                        let ty = ColumnType::parse(ty).ok_or_else(|| {
                            error(format!(
                                "columns.{name}.{column}: unknown type {ty:?} (text, integer, float, currency, boolean, date, datetime)"
                            ))
                        })?;
                        Ok((column.clone(), ty))
                    })
                    .collect::<Result<Vec<_>>>()?,
                (None, Some(columns)) => columns,
                (None, None) => {
                    let sample = client
                        .query(&format!("SELECT * FROM {name} ORDER BY id"), 200, 0)
                        .await?;
                    schema::discover(&sample.items)
                }
            };
            if !columns
                .iter()
                .any(|(c, t)| c == "id" && *t == ColumnType::Integer)
            {
                return Err(error(format!(
                    "table {name} has no integer id column to page by"
                )));
            }
            tables.push(SuiteTable::new(name, columns));
        }
        // Signs in: a wrong secret fails here, once, with NetSuite's INVALID_LOGIN.
        client
            .query(
                &format!("SELECT id FROM {} ORDER BY id", tables[0].name),
                1,
                0,
            )
            .await?;
        Ok(NetSuiteSource {
            client,
            tables,
            paging: Paging {
                page_size: config.page_size,
                concurrency: config.max_concurrency,
                max_rows: config.max_rows_per_query,
            },
        })
    }

    /// One table per configured SuiteQL table.
    pub fn tables(&self) -> Vec<(String, Arc<dyn TableProvider>)> {
        self.tables
            .iter()
            .map(|table| {
                let provider: Arc<dyn TableProvider> = Arc::new(NetSuiteTable {
                    client: Arc::clone(&self.client),
                    table: table.clone(),
                    paging: self.paging,
                });
                (table.name.clone(), provider)
            })
            .collect()
    }
}
