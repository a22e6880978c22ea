//! What every benchmark needs: the optimised `aos` built beside it, free loopback ports, and a pgwire client
//! once `aos` is up.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// A binary built beside this bench executable (target/<profile>/deps/bench -> target/<profile>/name).
pub(crate) fn sibling_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(Path::parent).unwrap().join(name);
    assert!(
        bin.exists(),
        "{} is missing: run benches/run, which builds it",
        bin.display()
    );
    bin
}

// Each bench compiles this file on its own; not every one needs a port.
#[allow(unused_imports)]
pub(crate) use aos_tests::free_port;

/// A tokio-postgres client of the `aos` at `conninfo`, retried while it starts (up to a minute).
// Each bench compiles this file on its own; not every one connects over pgwire.
#[allow(dead_code)]
pub(crate) async fn connect(conninfo: &str) -> tokio_postgres::Client {
    for _ in 0..600 {
        if let Ok((client, connection)) =
            tokio_postgres::connect(conninfo, tokio_postgres::NoTls).await
        {
            tokio::spawn(connection);
            return client;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aos did not start");
}

/// `rows` rows of the 8-column table the streaming benchmarks read: integers, a double, text, a boolean
/// and a timestamp.
// Each bench compiles this file on its own; not every one reads this table.
#[allow(dead_code)]
pub(crate) fn wide_rows(rows: u64) -> String {
    format!(
        "SELECT value AS id, CAST(value % 50000 AS INT) AS customer_id, (value % 100000) / 100.0 AS amount,
                value % 17 AS quantity, 'customer name ' || (value % 50000) AS name,
                make_array('paid', 'open', 'void', 'uncollectible')[value % 4 + 1] AS status,
                value % 3 = 0 AS active, to_timestamp_seconds(1700000000 + value * 37) AS created_at
         FROM generate_series(1, {rows})"
    )
}

/// A running `aos`, killed when dropped.
// Each bench compiles this file on its own; not every one starts `aos` over HTTP.
#[allow(dead_code)]
pub(crate) struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the optimised `aos` with `args` and extra environment `env`, logging warnings only.
#[allow(dead_code)]
pub(crate) fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
    Running(
        Command::new(sibling_binary("aos"))
            .args(args)
            .envs(env.iter().copied())
            .env("AOS_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// Waits (up to two minutes) until the `aos` at `base` answers `/healthz`.
#[allow(dead_code)]
pub(crate) async fn ready(http: &reqwest::Client, base: &str) {
    for _ in 0..1200 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("aos at {base} did not start");
}

/// The rows of `sql` through `POST /v1/query` of the `aos` at `base`.
#[allow(dead_code)]
pub(crate) async fn query(http: &reqwest::Client, base: &str, sql: &str) -> Vec<Vec<Value>> {
    let body: Value = http
        .post(format!("{base}/v1/query"))
        .json(&json!({"sql": sql}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    serde_json::from_value(body["rows"].clone()).unwrap_or_else(|_| panic!("{sql}: {body}"))
}

/// The value at fraction `p` (0 to 1) of `sorted`.
#[allow(dead_code)]
pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The optimised `aos serve --config config` with environment `env`, its HTTP API on a free port (pgwire
/// and Flight SQL on any), once it answers `/healthz`; and that API's base URL.
#[allow(dead_code)]
pub(crate) async fn serve(
    config: &Path,
    env: &[(&str, &str)],
    http: &reqwest::Client,
) -> (Running, String) {
    let port = free_port();
    let aos = start(
        &[
            "serve",
            "--config",
            config.to_str().unwrap(),
            "--pg-port",
            "0",
            "--flight-port",
            "0",
            "--http-port",
            &port.to_string(),
        ],
        env,
    );
    let base = format!("http://127.0.0.1:{port}");
    ready(http, &base).await;
    (aos, base)
}

/// The loopback ports of a demo started by [`start_demo`].
#[allow(dead_code)]
pub(crate) struct DemoPorts {
    pub(crate) pg: u16,
    pub(crate) http: u16,
    pub(crate) sandbox: u16,
}

/// The optimised `aos demo`, writing under `data_dir`, on free loopback ports (Flight SQL on any),
/// once it answers `/healthz`.
#[allow(dead_code)]
pub(crate) async fn start_demo(data_dir: &Path, http: &reqwest::Client) -> (Running, DemoPorts) {
    let ports = DemoPorts {
        pg: free_port(),
        http: free_port(),
        sandbox: free_port(),
    };
    let demo = start(
        &[
            "demo",
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--pg-port",
            &ports.pg.to_string(),
            "--flight-port",
            "0",
            "--http-port",
            &ports.http.to_string(),
            "--sandbox-port",
            &ports.sandbox.to_string(),
        ],
        &[],
    );
    ready(http, &format!("http://127.0.0.1:{}", ports.http)).await;
    (demo, ports)
}
