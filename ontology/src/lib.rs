//! The canonical business ontology: canonical tables, mapping specs, metric definitions and entity resolution.
//!
//! Empty for now: the ontology issue fills it. It must never depend on other `aos` crates.
