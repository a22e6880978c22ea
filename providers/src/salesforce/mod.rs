//! `kind = "salesforce"`: Salesforce objects as tables, read through the REST API with SOQL.
//!
//! `connect` authenticates (OAuth 2.0 client credentials or the JWT bearer flow, `auth.rs`), describes each configured object and turns its
//! fields into an Arrow schema (`schema.rs`). A scan turns the projection, the filters it can push
//! (`pushdown.rs`) and, when the answer stays exact, the limit into one SOQL query, and streams its pages
//! (`scan.rs`), following `nextRecordsUrl`. `client.rs` holds the token and maps Salesforce's errors.

mod auth;
mod client;
mod pushdown;
mod scan;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datafusion::catalog::TableProvider;
use serde::Deserialize;

pub use pushdown::soql_string;

use crate::http::{HttpClient, HttpSettings};
use crate::{Result, SecretSetting, Secrets};
use auth::Credentials;
use client::SalesforceClient;

/// Settings of a `salesforce` source (`kind = "salesforce"` in `aos.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalesforceConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// Where tokens come from: `https://login.salesforce.com`, `https://<domain>.my.salesforce.com`.
    pub login_url: String,
    /// Environment variable holding the connected app's client id (its consumer key).
    pub client_id_env: String,
    /// Environment variable holding the connected app's client secret: signs in with the client credentials
    /// flow. Set this, or `username` and `private_key_file`.
    #[serde(default)]
    pub client_secret_env: Option<String>,
    /// The user the JWT bearer flow signs in as (the assertion's `sub`).
    #[serde(default)]
    pub username: Option<String>,
    /// PEM file of the RSA private key whose certificate the connected app holds, for the JWT bearer flow;
    /// relative to the config file's folder.
    #[serde(default)]
    pub private_key_file: Option<PathBuf>,
    /// The JWT's `aud`. Default: `https://login.salesforce.com` (`https://test.salesforce.com` for sandbox
    /// orgs) when `login_url` is on salesforce.com, else `login_url`.
    #[serde(default)]
    pub jwt_audience: Option<String>,
    /// REST API version (default `59.0`).
    #[serde(default = "default_api_version")]
    pub api_version: String,
    /// Objects to expose, by API name (default Account, Contact, Opportunity, User); each becomes a table
    /// named in snake_case (`OpportunityLineItem` -> `opportunity_line_item`, `Invoice__c` -> `invoice__c`).
    #[serde(default = "default_objects")]
    pub objects: Vec<String>,
    /// Records per page asked for (`Sforce-Query-Options: batchSize`, 200..2000).
    #[serde(default = "default_batch_size")]
    pub batch_size: u32,
    /// Time allowed for one HTTP request.
    #[serde(default = "default_timeout", with = "humantime_serde")]
    pub request_timeout: Duration,
    /// Retries of a failed idempotent request.
    #[serde(default = "default_retries")]
    pub max_retries: u32,
}

fn default_api_version() -> String {
    "59.0".into()
}

fn default_objects() -> Vec<String> {
    ["Account", "Contact", "Opportunity", "User"]
        .map(String::from)
        .to_vec()
}

fn default_batch_size() -> u32 {
    2000
}

fn default_timeout() -> Duration {
    Duration::from_secs(30)
}

fn default_retries() -> u32 {
    4
}

impl SalesforceConfig {
    /// The secrets this source needs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        let mut settings = vec![SecretSetting {
            key: "client_id_env",
            var: self.client_id_env.clone(),
        }];
        if let Some(var) = &self.client_secret_env {
            settings.push(SecretSetting {
                key: "client_secret_env",
                var: var.clone(),
            });
        }
        settings
    }
}

/// A connected Salesforce org.
pub struct SalesforceSource {
    client: Arc<SalesforceClient>,
    objects: Vec<String>,
}

impl SalesforceSource {
    /// Authenticates against the org; a relative `private_key_file` is read from `base_dir`.
    pub async fn connect(
        config: &SalesforceConfig,
        secrets: &Secrets,
        base_dir: &Path,
    ) -> Result<SalesforceSource> {
        let credentials = Credentials::from_config(config, secrets, base_dir)?;
        if !(200..=2000).contains(&config.batch_size) {
            return Err(crate::Error::Config {
                source_name: config.name.clone(),
                message: format!(
                    "batch_size must be between 200 and 2000, not {}",
                    config.batch_size
                ),
            });
        }
        let http = HttpClient::new(
            &config.name,
            HttpSettings {
                timeout: config.request_timeout,
                max_retries: config.max_retries,
                ..HttpSettings::default()
            },
        )?;
        let client = SalesforceClient::new(
            &config.name,
            http,
            config.login_url.trim_end_matches('/'),
            &config.api_version,
            credentials,
            config.batch_size,
        );
        client.token().await?;
        Ok(SalesforceSource {
            client: Arc::new(client),
            objects: config.objects.clone(),
        })
    }

    /// One table per configured object, described now.
    pub async fn tables(&self) -> Result<Vec<(String, Arc<dyn TableProvider>)>> {
        let mut tables = Vec::new();
        for object in &self.objects {
            let described = schema::describe(&self.client, object).await?;
            let name = schema::snake_case(&described.name);
            let table: Arc<dyn TableProvider> = Arc::new(scan::SalesforceTable::new(
                Arc::clone(&self.client),
                described,
            ));
            tables.push((name, table));
        }
        Ok(tables)
    }
}
