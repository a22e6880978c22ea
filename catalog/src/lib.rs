//! Persistent metadata (sources, drift events, users) through sqlx: SQLite by default, Postgres in production.
//!
//! Empty for now: nothing is persisted yet. It must never depend on other `aos` crates.
