//! `aos demo`: the sandbox company served the same way `aos serve` serves a user's config.
//!
//! It starts the simulated Salesforce, Stripe and NetSuite APIs (`aos-sandbox`) on loopback, writes the
//! company's warehouse (a SQLite file and Parquet files) under `--data-dir`, writes the `aos.toml` that
//! serves it, and serves that config: the `salesforce`, `stripe` and `netsuite` sources read the sandbox's
//! APIs, and the warehouse is served from its SQLite file (and, as `lake`, from its Parquet files).

use std::net::SocketAddr;
use std::path::Path;

use crate::Error;
use crate::app::Server;
use crate::config::Config;

/// The demo's ontology: mappings of the sandbox's systems onto the canonical tables, and its metrics.
const ONTOLOGY_FILES: &[(&str, &str)] = &[
    (
        "ontology.toml",
        include_str!("../demo-ontology/ontology.toml"),
    ),
    (
        "account.toml",
        include_str!("../demo-ontology/account.toml"),
    ),
    (
        "opportunity.toml",
        include_str!("../demo-ontology/opportunity.toml"),
    ),
    (
        "subscription.toml",
        include_str!("../demo-ontology/subscription.toml"),
    ),
    (
        "revenue.toml",
        include_str!("../demo-ontology/revenue.toml"),
    ),
    ("cost.toml", include_str!("../demo-ontology/cost.toml")),
    ("usage.toml", include_str!("../demo-ontology/usage.toml")),
    ("ticket.toml", include_str!("../demo-ontology/ticket.toml")),
    ("health.toml", include_str!("../demo-ontology/health.toml")),
    ("values.toml", include_str!("../demo-ontology/values.toml")),
    ("vendor.toml", include_str!("../demo-ontology/vendor.toml")),
    (
        "overrides.toml",
        include_str!("../demo-ontology/overrides.toml"),
    ),
    (
        "metrics.toml",
        include_str!("../demo-ontology/metrics.toml"),
    ),
];

/// Writes the demo's ontology files into `dir`, replacing earlier copies (a user's edits to them are kept
/// only until the next `aos demo`).
fn write_ontology(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Demo(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in ONTOLOGY_FILES {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| Error::Demo(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Marks a warehouse folder the demo wrote, so it never overwrites a folder it did not create.
const MARKER: &str = ".aos-demo";

/// Starts the sandbox, writes the warehouse and config under `data_dir`, serves them, and prints how to
/// connect.
pub(crate) async fn run(
    data_dir: &Path,
    pg_port: u16,
    http_port: u16,
    flight_port: u16,
    sandbox_port: u16,
) -> Result<(), Error> {
    let sandbox = aos_sandbox::Sandbox::start(aos_sandbox::SandboxConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], sandbox_port)),
        ..aos_sandbox::SandboxConfig::default()
    })
    .await
    .map_err(|e| Error::Demo(e.to_string()))?;
    let company = sandbox.company();
    let warehouse = data_dir.join("warehouse");
    prepare(&warehouse)?;
    tokio::task::spawn_blocking(move || aos_sandbox::write_warehouse(&company, &warehouse))
        .await
        .map_err(|e| Error::Demo(format!("writing the warehouse failed: {e}")))?
        .map_err(|e| Error::Demo(e.to_string()))?;

    write_ontology(&data_dir.join("ontology"))?;
    let config_path = data_dir.join("aos.toml");
    let config_text = format!(
        "# Written by `aos demo`. Copy it as a starting point for your own aos.toml.\n\
         # The simulated Salesforce, Stripe and NetSuite APIs of this demo are at {}.\n\
         [server]\npg_listen = \"127.0.0.1:{pg_port}\"\nhttp_listen = \"127.0.0.1:{http_port}\"\n\
         flight_listen = \"127.0.0.1:{flight_port}\"\n\n\
         [engine]\nmemory_limit = \"1GiB\"\nquery_timeout = \"5m\"\n\n\
         [[source]]\nname = \"warehouse\"\nkind = \"sqlite\"\npath = \"warehouse/warehouse.db\"   # relative to this file\n\n\
         [[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"warehouse/parquet\"   # the same tables as Parquet files\n\n\
         [[source]]\nname = \"salesforce\"\nkind = \"salesforce\"\nlogin_url = \"{}\"\n\
         client_id_env = \"SF_CLIENT_ID\"\nclient_secret_env = \"SF_CLIENT_SECRET\"\n\n\
         [[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_API_KEY\"\n\n\
         [[source]]\nname = \"netsuite\"\nkind = \"netsuite\"\naccount_id = \"{}\"\nbase_url = \"{}\"\n\
         consumer_key_env = \"NS_CONSUMER_KEY\"\nconsumer_secret_env = \"NS_CONSUMER_SECRET\"\n\
         token_id_env = \"NS_TOKEN_ID\"\ntoken_secret_env = \"NS_TOKEN_SECRET\"\n\
         tables = [\"customer\", \"vendor\", \"item\", \"transaction\", \"transactionline\", \"currency\"]\n\n\
         [ontology]\ndir = \"ontology\"   # the canonical tables' mappings and the metrics\n\n\
         # The canonical tables served from copies in memory, refreshed every 5 minutes (and by\n\
         # `aos refresh --config aos.toml ontology.revenue`); `SET aos.freshness = 'live'` reads the APIs.\n\
         [[accelerate]]\ntable = \"ontology.*\"\nrefresh_interval = \"5m\"\n",
        sandbox.base_url(),
        sandbox.base_url(),
        sandbox.base_url(),
        aos_sandbox::NETSUITE_ACCOUNT_ID,
        sandbox.base_url()
    );
    std::fs::write(&config_path, config_text)
        .map_err(|e| Error::Demo(format!("cannot write {}: {e}", config_path.display())))?;
    // The sandbox's public test credentials beside the config, where `aos serve|query|nlq --config`
    // look for them, so the README's commands work against the running demo as printed.
    let env_path = data_dir.join("aos.toml.env");
    std::fs::write(&env_path, aos_sandbox::aos_config(&sandbox.base_url()).1)
        .map_err(|e| Error::Demo(format!("cannot write {}: {e}", env_path.display())))?;
    let config = Config::load(&config_path)?;
    let server = Server::start(&config, &config_path).await?;
    println!(
        "aos demo is ready: salesforce.account, .contact, .opportunity, .user (the sandbox's Salesforce API); \
         stripe.customer, .product, .price, .subscription, .invoice, .charge (its Stripe API); \
         netsuite.customer, .vendor, .item, .transaction, .transactionline (its NetSuite API); warehouse.workspace, .usage_daily, .support_ticket, .cloud_cost, .fx_rate (a SQLite file); the same tables as Parquet files in lake"
    );
    println!(
        "  psql:   psql \"host={} port={} dbname=aos user=aos\"",
        server.pg_addr.ip(),
        server.pg_addr.port()
    );
    println!(
        "  HTTP:   curl -s http://{}/v1/query -d '{{\"sql\": \"select plan, count(*) from warehouse.workspace group by 1\"}}'",
        server.http_addr
    );
    println!(
        "  Flight SQL: grpc://{} (ADBC, pyarrow.flight, JDBC's Flight SQL driver)",
        server.flight_addr
    );
    println!("  config: {}", config_path.display());
    println!(
        "  sandbox: {} (Salesforce, Stripe and NetSuite APIs; credentials at {}/_sandbox)",
        sandbox.base_url(),
        sandbox.base_url()
    );
    println!("pgwire listening on {}", server.pg_addr);
    println!("HTTP listening on http://{}", server.http_addr);
    println!("Flight SQL listening on grpc://{}", server.flight_addr);
    println!("Press Ctrl-C to stop.");
    server.run_until_stopped().await;
    Ok(())
}

/// Makes sure `dir` is ours to (re)write: absent, or written by an earlier demo.
fn prepare(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        if !dir.join(MARKER).exists() {
            return Err(Error::Demo(format!(
                "{} exists and was not written by the demo; choose another --data-dir",
                dir.display()
            )));
        }
        std::fs::remove_dir_all(dir)
            .map_err(|e| Error::Demo(format!("cannot clear {}: {e}", dir.display())))?;
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Demo(format!("cannot create {}: {e}", dir.display())))?;
    std::fs::write(dir.join(MARKER), "written by aos demo\n")
        .map_err(|e| Error::Demo(format!("cannot write {}: {e}", dir.join(MARKER).display())))
}
