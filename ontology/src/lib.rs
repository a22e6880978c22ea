//! The canonical business ontology: canonical tables, mapping specs, metric definitions and entity resolution.
//!
//! It never depends on other `aos` crates.

pub mod resolve;
