//! Remote data sources as DataFusion tables, one module per source kind.
//!
//! A provider module turns a typed config (deserialized from `aos.toml`) plus the secrets the engine has
//! resolved for it into `Arc<dyn TableProvider>`s. Providers know nothing of the engine, the ontology or the
//! server: they must not read environment variables, register themselves anywhere, or map errors to wire codes.

mod error;
pub mod files;
mod filters;
pub mod http;
pub mod netsuite;
pub mod salesforce;
mod secrets;
pub mod stripe;
pub mod warehouse;

pub use error::{Error, Result};
pub use secrets::{SecretSetting, Secrets};
