//! The query engine: builds a DataFusion `SessionContext` from the config and runs queries on it.
//!
//! It registers every configured source under catalog `aos` (one schema per source, named by the source),
//! owns the one SQL front end every protocol calls ([`sql`]: parse, rewrite, `nlq()`, plan), answers
//! questions in English ([`Engine::ask`]), enforces the limits (a spilling memory pool, a per-query timeout, cancellation) and classifies errors into
//! [`ErrorKind`]s that the protocol front ends map to SQLSTATEs and HTTP statuses. It knows nothing of wire
//! protocols and does not read config files: the server does.

mod accelerate;
mod ask;
mod config;
mod error;
mod federation;
mod guard;
mod ontology;
mod results;
mod session;
mod sources;
pub mod sql;

pub use accelerate::{AccelerationConfig, Freshness, RefreshMode, RefreshReport, Storage};
pub use ask::{Answer, Dashboard, NlqOptions, Table, Widget};
pub use config::{EngineConfig, SourceConfig};
pub use error::{Error, ErrorKind, Result};
pub use guard::{Interrupted, QueryGuard, guarded};
pub use ontology::{OntologyConfig, cast_batch};
pub use session::{CATALOG, DEFAULT_SCHEMA, Engine};
