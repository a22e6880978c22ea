//! Simulated Salesforce, Stripe and NetSuite APIs over one HTTP port, serving a synthetic company whose ground
//! truth is known, for the demo, tests and benchmarks.
//!
//! The simulators are worth exactly as much as they are faithful: each speaks the real service's protocol on
//! every point a connector depends on (auth, paging, query language, error bodies, limits; see
//! `API-FACTS.md`), so a provider is coded against the sandbox exactly as against the real service. The
//! sandbox is never a test double inside a provider: it is a separate server reached over real HTTP.
//!
//! - [`Company`] generates the data, deterministically for a seed ([`CompanyConfig`]).
//! - [`Sandbox::start`] serves it: Salesforce under `/services/oauth2/` and `/services/data/`, NetSuite under
//!   `/services/rest/`, Stripe under `/v1/`, and control endpoints under `/_sandbox/`.
//! - [`write_warehouse`] writes the warehouse tables as a SQLite file and Parquet files.
//!
//! This crate must not depend on other `aos` crates.

mod company;
mod data;
mod drift;
mod netsuite;
mod salesforce;
mod server;
mod stripe;
mod warehouse;

pub use company::{Company, CompanyConfig, DEFAULT_AS_OF, RealCompany, Subscription, TruthRecord};
pub use data::{Database, Field, FieldType, Table, Value};
pub use server::{Control, Sandbox, SandboxConfig};
pub use stripe::store::{StripeObject, StripeStore};
pub use warehouse::{WarehouseFiles, write_warehouse};

/// Salesforce connected-app client id.
pub const SALESFORCE_CLIENT_ID: &str = "aos-sandbox";
/// Salesforce connected-app client secret.
pub const SALESFORCE_CLIENT_SECRET: &str = "aos-sandbox-secret";
/// The Salesforce user the JWT bearer flow signs in as (the assertion's `sub`).
pub const SALESFORCE_USERNAME: &str = "integration@aos-sandbox.example.com";
/// The private key (PKCS#8 PEM) whose certificate the sandbox's connected app holds, for the JWT bearer
/// flow. A published test key: it signs in to the sandbox and nothing else.
pub const SALESFORCE_JWT_KEY_PEM: &str = include_str!("salesforce/jwt_key.pem");
/// The file name [`aos_config`]'s commented JWT settings expect the key under, beside the config.
pub const SALESFORCE_JWT_KEY_FILE: &str = "salesforce-jwt-key.pem";
/// Stripe secret key.
pub const STRIPE_API_KEY: &str = "sk_test_aos_sandbox";
/// NetSuite account id (the OAuth `realm`).
pub const NETSUITE_ACCOUNT_ID: &str = "AOS_SANDBOX";
/// NetSuite integration consumer key.
pub const NETSUITE_CONSUMER_KEY: &str = "aos-consumer";
/// NetSuite integration consumer secret.
pub const NETSUITE_CONSUMER_SECRET: &str = "aos-consumer-secret";
/// NetSuite access token id.
pub const NETSUITE_TOKEN_ID: &str = "aos-token";
/// NetSuite access token secret.
pub const NETSUITE_TOKEN_SECRET: &str = "aos-token-secret";
/// NetSuite OAuth 2.0 machine-to-machine integration's client id.
pub const NETSUITE_M2M_CLIENT_ID: &str = "aos-m2m-client";
/// The id of the certificate the machine-to-machine integration holds (the assertion's `kid`).
pub const NETSUITE_CERTIFICATE_ID: &str = "aos-sandbox-certificate";
/// The certificate's private key (PKCS#8 PEM, RSA): the same published test key as
/// [`SALESFORCE_JWT_KEY_PEM`]. It signs in to the sandbox and nothing else.
pub const NETSUITE_M2M_KEY_PEM: &str = SALESFORCE_JWT_KEY_PEM;

/// Sandbox errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listener could not bind.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// Writing the warehouse failed.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        message: String,
    },
}

/// The `aos.toml` sources that point at a sandbox at `base_url`, and the matching `KEY=VALUE` env file.
pub fn aos_config(base_url: &str) -> (String, String) {
    let config = format!(
        r#"# Sources served by `aos sandbox` at {base_url}. Secrets are in the .env file beside this one.

[[source]]
name = "salesforce"
kind = "salesforce"
login_url = "{base_url}"
client_id_env = "SF_CLIENT_ID"
client_secret_env = "SF_CLIENT_SECRET"
# Or the JWT bearer flow: instead of client_secret_env,
# username = "{SALESFORCE_USERNAME}"
# private_key_file = "{SALESFORCE_JWT_KEY_FILE}"
objects = ["Account", "Contact", "Opportunity", "User"]

[[source]]
name = "stripe"
kind = "stripe"
api_base = "{base_url}"
api_key_env = "STRIPE_API_KEY"

[[source]]
name = "netsuite"
kind = "netsuite"
account_id = "{NETSUITE_ACCOUNT_ID}"
base_url = "{base_url}"
consumer_key_env = "NS_CONSUMER_KEY"
consumer_secret_env = "NS_CONSUMER_SECRET"
token_id_env = "NS_TOKEN_ID"
token_secret_env = "NS_TOKEN_SECRET"
"#
    );
    let env = format!(
        "SF_CLIENT_ID={SALESFORCE_CLIENT_ID}\nSF_CLIENT_SECRET={SALESFORCE_CLIENT_SECRET}\n\
         STRIPE_API_KEY={STRIPE_API_KEY}\n\
         NS_CONSUMER_KEY={NETSUITE_CONSUMER_KEY}\nNS_CONSUMER_SECRET={NETSUITE_CONSUMER_SECRET}\n\
         NS_TOKEN_ID={NETSUITE_TOKEN_ID}\nNS_TOKEN_SECRET={NETSUITE_TOKEN_SECRET}\n"
    );
    (config, env)
}

/// An OAuth 1.0a `Authorization` header for `POST url` to the sandbox's NetSuite API, signed (HMAC-SHA256)
/// with the sandbox credentials; `nonce` must be unique and `timestamp` (Unix seconds) current. For
/// benchmarks and manual use: a NetSuite provider signs with its own code, as it would for the real service.
pub fn netsuite_authorization(url: &str, nonce: &str, timestamp: i64) -> String {
    netsuite::oauth1::authorization(url, nonce, timestamp)
}

/// A human summary of where each API is and its credentials, as `aos sandbox` prints it.
pub fn describe(base_url: &str) -> String {
    format!(
        "Salesforce  {base_url}/services/oauth2/token  client_id={SALESFORCE_CLIENT_ID} client_secret={SALESFORCE_CLIENT_SECRET} \
         (or JWT bearer: username={SALESFORCE_USERNAME}, key {SALESFORCE_JWT_KEY_FILE})\n\
         Stripe      {base_url}/v1/  api_key={STRIPE_API_KEY}\n\
         NetSuite    {base_url}/services/rest/query/v1/suiteql  account={NETSUITE_ACCOUNT_ID} \
         consumer={NETSUITE_CONSUMER_KEY}/{NETSUITE_CONSUMER_SECRET} token={NETSUITE_TOKEN_ID}/{NETSUITE_TOKEN_SECRET}\n\
         Control     {base_url}/_sandbox/control  drift  reset  stats  truth"
    )
}
