//! `aos demo`: a sample data set served the same way `aos serve` serves a user's config.
//!
//! Until the sandbox company lands, the demo is a small lake of Parquet, CSV and NDJSON files written with
//! DataFusion itself (deterministic: the same files on every run), plus the `aos.toml` that serves them.

use std::path::Path;

use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::SessionContext;

use crate::Error;
use crate::app::Server;
use crate::config::Config;

/// Marks a lake folder the demo wrote, so it never overwrites a folder it did not create.
const MARKER: &str = ".aos-demo";

/// The demo's tables: (file under `lake/`, SQL that generates it).
const TABLES: &[(&str, &str)] = &[
    (
        "customers.parquet",
        "SELECT value AS customer_id,
                'Customer ' || lpad(CAST(value AS VARCHAR), 5, '0') AS name,
                make_array('US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'CA')[value % 8 + 1] AS country,
                make_array('software', 'retail', 'finance', 'health', 'media')[value % 5 + 1] AS industry,
                CAST(10 + (value * 7919) % 5000 AS INT) AS employees,
                CAST(to_timestamp_seconds(1640995200 + (value % 1000) * 86400) AS DATE) AS signed_up_on
         FROM generate_series(1, 2000)",
    ),
    (
        "orders.csv",
        "SELECT value AS order_id,
                1 + (value * 31) % 2000 AS customer_id,
                CAST(((value * 7919) % 100000) / 100.0 AS DECIMAL(12, 2)) AS amount,
                make_array('paid', 'paid', 'paid', 'open', 'refunded')[value % 5 + 1] AS status,
                to_timestamp_seconds(1704067200 + value * 613) AS ordered_at
         FROM generate_series(1, 50000)",
    ),
    (
        "events/2024-01.ndjson",
        "SELECT value AS event_id, 1 + (value * 17) % 2000 AS customer_id,
                make_array('login', 'export', 'query', 'invite')[value % 4 + 1] AS action,
                to_timestamp_seconds(1704067200 + value * 60) AS at
         FROM generate_series(1, 20000)",
    ),
    (
        "events/2024-02.ndjson",
        "SELECT value AS event_id, 1 + (value * 17) % 2000 AS customer_id,
                make_array('login', 'export', 'query', 'invite')[value % 4 + 1] AS action,
                to_timestamp_seconds(1704067200 + value * 60) AS at
         FROM generate_series(20001, 40000)",
    ),
];

/// Writes the data set and config under `data_dir`, serves them, and prints how to connect.
pub(crate) async fn run(data_dir: &Path, pg_port: u16, http_port: u16) -> Result<(), Error> {
    write_lake(&data_dir.join("lake")).await?;
    let config_path = data_dir.join("aos.toml");
    let config_text = format!(
        "# Written by `aos demo`. Copy it as a starting point for your own aos.toml.\n\
         [server]\npg_listen = \"127.0.0.1:{pg_port}\"\nhttp_listen = \"127.0.0.1:{http_port}\"\n\n\
         [engine]\nmemory_limit = \"1GiB\"\nquery_timeout = \"5m\"\n\n\
         [[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"   # relative to this file\n"
    );
    std::fs::write(&config_path, config_text)
        .map_err(|e| Error::Demo(format!("cannot write {}: {e}", config_path.display())))?;
    let config = Config::load(&config_path)?;
    let server = Server::start(&config, &config_path).await?;
    println!("aos demo is ready: tables lake.customers, lake.orders and lake.events");
    println!(
        "  psql:   psql \"host={} port={} dbname=aos user=aos\"",
        server.pg_addr.ip(),
        server.pg_addr.port()
    );
    println!(
        "  HTTP:   curl -s http://{}/v1/query -d '{{\"sql\": \"select country, count(*) from lake.customers group by 1\"}}'",
        server.http_addr
    );
    println!("  config: {}", config_path.display());
    println!("pgwire listening on {}", server.pg_addr);
    println!("HTTP listening on http://{}", server.http_addr);
    println!("Press Ctrl-C to stop.");
    server.run_until_stopped().await;
    Ok(())
}

async fn write_lake(lake: &Path) -> Result<(), Error> {
    let error = |what: &str, e: &dyn std::fmt::Display| Error::Demo(format!("{what}: {e}"));
    if lake.exists() {
        if !lake.join(MARKER).exists() {
            return Err(Error::Demo(format!(
                "{} exists and was not written by the demo; choose another --data-dir",
                lake.display()
            )));
        }
        std::fs::remove_dir_all(lake)
            .map_err(|e| error(&format!("cannot clear {}", lake.display()), &e))?;
    }
    std::fs::create_dir_all(lake.join("events"))
        .map_err(|e| error(&format!("cannot create {}", lake.display()), &e))?;
    std::fs::write(lake.join(MARKER), "written by aos demo\n")
        .map_err(|e| error("cannot write marker", &e))?;

    let ctx = SessionContext::new();
    for (file, sql) in TABLES {
        let path = lake.join(file);
        let path_text = path.to_string_lossy();
        let frame = ctx.sql(sql).await.map_err(|e| error(file, &e))?;
        let options = DataFrameWriteOptions::new().with_single_file_output(true);
        let written = if file.ends_with(".parquet") {
            frame.write_parquet(&path_text, options, None).await
        } else if file.ends_with(".csv") {
            frame.write_csv(&path_text, options, None).await
        } else {
            frame.write_json(&path_text, options, None).await
        };
        written.map_err(|e| error(&format!("cannot write {}", path.display()), &e))?;
    }
    Ok(())
}
