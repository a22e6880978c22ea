//! Simulated Salesforce, Stripe and NetSuite APIs plus a synthetic company, for the demo, tests and benches.
//!
//! Empty for now: the sandbox issue fills it. It must never depend on other `aos` crates.
