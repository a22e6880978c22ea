//! `kind = "stripe"`: Stripe list resources as tables, read through the REST API.
//!
//! `tables.rs` says what each resource looks like as a table (typed columns, amounts in major units beside
//! the raw minor units, nested objects as JSON with the fields people filter on flattened); `pushdown.rs`
//! turns filters into list parameters (`created` ranges, per-resource equality filters, retrieves by id);
//! `scan.rs` pages through the list, in concurrent `created` slices when there is no LIMIT; `client.rs`
//! authenticates, pins the API version and maps Stripe's errors. Throttling (429), faults and retries are
//! `providers::http`'s, with a request-rate limit per source.

mod client;
mod pushdown;
mod scan;
mod tables;

use std::sync::Arc;
use std::time::Duration;

use datafusion::catalog::TableProvider;
use serde::Deserialize;

use crate::http::{HttpClient, HttpSettings};
use crate::{Error, Result, SecretSetting, Secrets};
use client::StripeClient;

/// Settings of a `stripe` source (`kind = "stripe"` in `aos.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripeConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// Base URL of the API (default `https://api.stripe.com`).
    #[serde(default = "default_api_base")]
    pub api_base: String,
    /// Environment variable holding the secret (or restricted read-only) key.
    pub api_key_env: String,
    /// The `Stripe-Version` every request pins (default `2024-06-20`), so the objects' shape cannot change
    /// under the tables.
    #[serde(default = "default_version")]
    pub stripe_version: String,
    /// Tables to expose, by object name (default `customer`, `product`, `price`, `subscription`,
    /// `invoice`, `charge`). Any other list resource of the usual shape works too (`refund` reads
    /// `/v1/refunds`) with columns `id`, `created`, `livemode` and the whole `object` as JSON.
    #[serde(default = "default_tables")]
    pub tables: Vec<String>,
    /// Requests per second at most (default 25 for test-mode keys, 100 for live keys: Stripe's limits).
    pub max_requests_per_s: Option<f64>,
    /// Objects per list page (Stripe's `limit`, 1..=100; default 100).
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// Requests one scan keeps in flight (default 8).
    #[serde(default = "default_concurrency")]
    pub max_concurrency: usize,
    /// Time allowed for one HTTP request.
    #[serde(default = "default_timeout", with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Retries of a failed request (all Stripe reads are idempotent).
    #[serde(default = "default_retries")]
    pub max_retries: u32,
}

fn default_api_base() -> String {
    "https://api.stripe.com".into()
}

fn default_version() -> String {
    "2024-06-20".into()
}

fn default_tables() -> Vec<String> {
    tables::DEFAULT_TABLES
        .iter()
        .map(|t| (*t).to_owned())
        .collect()
}

fn default_page_size() -> usize {
    100
}

fn default_concurrency() -> usize {
    8
}

fn default_timeout() -> Duration {
    Duration::from_secs(30)
}

fn default_retries() -> u32 {
    4
}

impl StripeConfig {
    /// The secrets this source needs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        vec![SecretSetting {
            key: "api_key_env",
            var: self.api_key_env.clone(),
        }]
    }
}

/// A connected Stripe account.
pub struct StripeSource {
    client: Arc<StripeClient>,
    tables: Vec<String>,
    concurrency: usize,
    page_size: usize,
}

impl StripeSource {
    /// Checks the settings and the key (one list request of one object).
    pub async fn connect(config: &StripeConfig, secrets: &Secrets) -> Result<StripeSource> {
        let error = |message: String| Error::Config {
            source_name: config.name.clone(),
            message,
        };
        let key = secrets
            .get("api_key_env")
            .ok_or_else(|| error("api_key_env is not resolved".into()))?
            .to_owned();
        url::Url::parse(&config.api_base)
            .map_err(|e| error(format!("api_base {:?} is not a URL: {e}", config.api_base)))?;
        if config.tables.is_empty() {
            return Err(error("tables is empty".into()));
        }
        for table in &config.tables {
            let valid = table.starts_with(|c: char| c.is_ascii_lowercase())
                && table
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(error(format!(
                    "tables: {table:?} is not a Stripe object name (lowercase, e.g. \"invoice\")"
                )));
            }
        }
        if !(1..=100).contains(&config.page_size) {
            return Err(error(format!(
                "page_size must be between 1 and 100, not {}",
                config.page_size
            )));
        }
        if config.max_concurrency == 0 {
            return Err(error("max_concurrency must be at least 1".into()));
        }
        let rate = match config.max_requests_per_s {
            Some(r) if r.is_finite() && r > 0.0 => r,
            Some(r) => {
                return Err(error(format!(
                    "max_requests_per_s must be a positive number, not {r}"
                )));
            }
            // Stripe's documented limits: 25 requests/s in test mode, 100 in live mode.
            None if key.starts_with("sk_test_") || key.starts_with("rk_test_") => 25.0,
            None => 100.0,
        };
        let http = HttpClient::new(
            &config.name,
            HttpSettings {
                timeout: config.request_timeout,
                max_retries: config.max_retries,
                max_concurrency: config.max_concurrency,
                max_requests_per_s: Some(rate),
                ..HttpSettings::default()
            },
        )?;
        let client = StripeClient::new(
            &config.name,
            http,
            &config.api_base,
            key,
            config.stripe_version.clone(),
        );
        client
            .check_key(&tables::resource(&config.tables[0]).path)
            .await?;
        Ok(StripeSource {
            client: Arc::new(client),
            tables: config.tables.clone(),
            concurrency: config.max_concurrency,
            page_size: config.page_size,
        })
    }

    /// One table per configured resource.
    pub fn tables(&self) -> Vec<(String, Arc<dyn TableProvider>)> {
        self.tables
            .iter()
            .map(|name| {
                let table: Arc<dyn TableProvider> = Arc::new(scan::StripeTable::new(
                    Arc::clone(&self.client),
                    tables::resource(name),
                    self.concurrency,
                    self.page_size,
                ));
                (name.clone(), table)
            })
            .collect()
    }
}
