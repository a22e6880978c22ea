//! The canonical business ontology: canonical tables (`model`), the ontology folder of mappings, metrics
//! and overrides (`spec`), and entity resolution (`resolve`).
//!
//! It never depends on other `aos` crates: the engine plans what is declared here.

pub mod model;
pub mod resolve;
pub mod spec;
