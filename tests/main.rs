//! End-to-end tests: the real `aos` binary, driven by psql, tokio-postgres, psycopg, curl-like HTTP, Flight SQL
//! and its own command line. One test binary; one module per interface.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "e2e/accelerate.rs"]
mod accelerate;
#[path = "e2e/bi_tools.rs"]
mod bi_tools;
#[path = "e2e/cli.rs"]
mod cli;
#[path = "e2e/demo.rs"]
mod demo;
#[path = "e2e/files.rs"]
mod files;
#[path = "e2e/flight.rs"]
mod flight;
#[path = "e2e/http.rs"]
mod http;
#[path = "e2e/jdbc.rs"]
mod jdbc;
#[path = "e2e/limits.rs"]
mod limits;
#[path = "e2e/netsuite.rs"]
mod netsuite;
#[path = "e2e/nlq.rs"]
mod nlq;
#[path = "e2e/node.rs"]
mod node;
#[path = "e2e/ontology.rs"]
mod ontology;
#[path = "e2e/postgres.rs"]
mod postgres;
#[path = "e2e/psql.rs"]
mod psql;
#[path = "e2e/python.rs"]
mod python;
#[path = "e2e/s3.rs"]
mod s3;
#[path = "e2e/salesforce.rs"]
mod salesforce;
#[path = "e2e/slt.rs"]
mod slt;
#[path = "e2e/stripe.rs"]
mod stripe;
#[path = "e2e/tls.rs"]
mod tls;
#[path = "e2e/warehouse.rs"]
mod warehouse;
#[path = "e2e/wire.rs"]
mod wire;
