use std::path::PathBuf;
use std::time::Duration;

use aos_providers::SecretSetting;
use aos_providers::files::FilesConfig;
use aos_providers::netsuite::NetSuiteConfig;
use aos_providers::salesforce::SalesforceConfig;
use aos_providers::stripe::StripeConfig;
use aos_providers::warehouse::{MySqlConfig, PostgresConfig, SqliteConfig};
use bytesize::ByteSize;
use serde::Deserialize;

/// The `[engine]` section of `aos.toml`: resource limits of query execution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    /// Memory all running queries may hold together before operators spill to disk or fail (default 2 GiB).
    #[serde(default = "default_memory_limit")]
    pub memory_limit: ByteSize,
    /// Longest a query may run, planning and streaming included (default 5 minutes; `"0s"` means no limit).
    #[serde(default = "default_query_timeout", with = "humantime_serde")]
    pub query_timeout: Duration,
    /// Folder for spill files (default: the system temporary folder).
    pub spill_dir: Option<PathBuf>,
    /// Partitions a query is split into (default: the number of CPU cores).
    pub target_partitions: Option<usize>,
    /// Folder of the accelerated copies kept on disk (`storage = "disk"`; default `accelerations`
    /// beside the config file).
    pub acceleration_dir: Option<PathBuf>,
    /// Memory for the results of repeated queries over accelerated copies (default 64 MiB; `"0B"`: no
    /// result cache).
    #[serde(default = "default_result_cache")]
    pub result_cache: ByteSize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            memory_limit: default_memory_limit(),
            query_timeout: default_query_timeout(),
            spill_dir: None,
            target_partitions: None,
            acceleration_dir: None,
            result_cache: default_result_cache(),
        }
    }
}

fn default_memory_limit() -> ByteSize {
    ByteSize::gib(2)
}

fn default_result_cache() -> ByteSize {
    ByteSize::mib(64)
}

fn default_query_timeout() -> Duration {
    Duration::from_secs(300)
}

/// One `[[source]]` of `aos.toml`, by its `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceConfig {
    /// Parquet, CSV and NDJSON files in a local folder or an S3 prefix.
    Files(FilesConfig),
    /// A Salesforce org, through the REST API and SOQL.
    Salesforce(SalesforceConfig),
    /// A Stripe account, through its list API.
    Stripe(StripeConfig),
    /// A NetSuite account, through SuiteQL.
    #[serde(rename = "netsuite")]
    NetSuite(NetSuiteConfig),
    /// A PostgreSQL database (also Supabase and other PostgreSQL services), with whole-subplan pushdown.
    Postgres(PostgresConfig),
    /// A MySQL or MariaDB database, with whole-subplan pushdown.
    #[serde(rename = "mysql")]
    MySql(MySqlConfig),
    /// A SQLite file, read-only, with whole-subplan pushdown.
    Sqlite(SqliteConfig),
}

impl SourceConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub fn name(&self) -> &str {
        match self {
            Self::Files(c) => &c.name,
            Self::Salesforce(c) => &c.name,
            Self::Stripe(c) => &c.name,
            Self::NetSuite(c) => &c.name,
            Self::Postgres(c) => &c.name,
            Self::MySql(c) => &c.name,
            Self::Sqlite(c) => &c.name,
        }
    }

    /// The source's kind, as written in the config.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Files(_) => "files",
            Self::Salesforce(_) => "salesforce",
            Self::Stripe(_) => "stripe",
            Self::NetSuite(_) => "netsuite",
            Self::Postgres(_) => "postgres",
            Self::MySql(_) => "mysql",
            Self::Sqlite(_) => "sqlite",
        }
    }

    /// The secrets the source needs, as (config key, environment variable) pairs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        match self {
            Self::Files(c) => c.secret_settings(),
            Self::Salesforce(c) => c.secret_settings(),
            Self::Stripe(c) => c.secret_settings(),
            Self::NetSuite(c) => c.secret_settings(),
            Self::Postgres(c) => c.secret_settings(),
            Self::MySql(c) => c.secret_settings(),
            Self::Sqlite(_) => Vec::new(),
        }
    }
}
