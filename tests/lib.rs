#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Harness of the end-to-end tests: starts the real `aos` binary and hands out real clients.
//!
//! Every test gets its own server process on free ports (port 0), with its own temporary folder, so tests
//! run in parallel and never share state. The process is killed when the handle drops.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use datafusion::arrow::datatypes::DataType;
use datafusion::config::TableParquetOptions;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::SessionContext;

/// The `aos` binary built beside this test executable (`cargo test --workspace` builds it).
pub fn aos_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    // target/debug/deps/e2e-<hash> -> target/debug/aos
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let bin = dir.join("aos");
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p aos-server` (scripts/test does)",
        bin.display()
    );
    bin
}

/// The output of one `aos query --config <config> <args...>` (logs off) with extra environment `env`.
pub struct QueryOutput {
    /// Whether it exited with success.
    pub ok: bool,
    /// What it printed (the result).
    pub stdout: String,
    /// Its error line, trimmed.
    pub stderr: String,
}

/// Runs `aos query --config <config> <args...>`: the CLI's way of starting every source and running one
/// statement, used to check start-up errors.
pub fn aos_query(config: &Path, args: &[&str], env: &[(&str, &str)]) -> QueryOutput {
    let output = Command::new(aos_binary())
        .arg("query")
        .arg("--config")
        .arg(config)
        .args(args)
        .envs(env.iter().copied())
        .env("AOS_LOG", "off")
        .output()
        .unwrap_or_else(|e| panic!("cannot run aos: {e}"));
    QueryOutput {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).trim().to_string(),
    }
}

/// An `aos.toml` for a test, built by key rather than written as TOML text, so that sections merge
/// (a test's `[engine]` settings join the harness's) and values are quoted correctly. Plans are made on
/// 2 partitions unless a test says otherwise, so they print the same on every machine.
#[derive(Debug, Clone)]
pub struct TestConfig {
    server: toml::Table,
    engine: toml::Table,
    sources: Vec<toml::Table>,
}

impl Default for TestConfig {
    fn default() -> Self {
        let mut engine = toml::Table::new();
        engine.insert("target_partitions".into(), toml::Value::Integer(2));
        Self {
            server: toml::Table::new(),
            engine,
            sources: Vec::new(),
        }
    }
}

impl TestConfig {
    /// The harness's defaults: no sources, `engine.target_partitions = 2`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `engine.<key>`.
    pub fn engine(mut self, key: &str, value: impl Into<toml::Value>) -> Self {
        self.engine.insert(key.into(), value.into());
        self
    }

    /// Sets `server.<key>`.
    pub fn server(mut self, key: &str, value: impl Into<toml::Value>) -> Self {
        self.server.insert(key.into(), value.into());
        self
    }

    /// Adds a `[[source]]` with these string settings.
    pub fn source(mut self, settings: &[(&str, &str)]) -> Self {
        self.sources.push(
            settings
                .iter()
                .map(|(k, v)| ((*k).to_string(), toml::Value::String((*v).to_string())))
                .collect(),
        );
        self
    }

    /// The config file's text.
    pub fn to_toml(&self) -> String {
        let mut root = toml::Table::new();
        if !self.server.is_empty() {
            root.insert("server".into(), toml::Value::Table(self.server.clone()));
        }
        if !self.engine.is_empty() {
            root.insert("engine".into(), toml::Value::Table(self.engine.clone()));
        }
        root.insert(
            "source".into(),
            toml::Value::Array(
                self.sources
                    .iter()
                    .cloned()
                    .map(toml::Value::Table)
                    .collect(),
            ),
        );
        toml::to_string(&root).unwrap_or_else(|e| panic!("test config: {e}"))
    }
}

/// A running `aos` process and the ports it listens on.
pub struct Aos {
    child: Child,
    /// The pgwire port.
    pub pg_port: u16,
    /// The HTTP port.
    pub http_port: u16,
    /// The Flight SQL port.
    pub flight_port: u16,
    /// Everything stdout printed up to readiness.
    pub banner: String,
    dir: tempfile::TempDir,
}

impl Aos {
    /// `aos serve` of `config` with source `lake` over the fixture lake (see [`write_fixture_lake`]).
    pub async fn serve_fixture(config: TestConfig) -> Self {
        let dir = tempdir();
        write_fixture_lake(&dir.path().join("lake")).await;
        let config = config.source(&[("name", "lake"), ("kind", "files"), ("url", "lake")]);
        Self::serve_in(dir, &config.to_toml(), &[])
    }

    /// `aos serve` with config `config` (relative paths resolve in a fresh temporary folder) and extra
    /// environment variables `env`.
    pub fn serve(config: &str, env: &[(&str, &str)]) -> Self {
        Self::serve_in(tempdir(), config, env)
    }

    /// [`Aos::serve`] with `files` (name, contents) written beside the config first.
    pub fn serve_with_files(config: &str, env: &[(&str, &str)], files: &[(&str, &str)]) -> Self {
        let dir = tempdir();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text)
                .unwrap_or_else(|e| panic!("write {name}: {e}"));
        }
        Self::serve_in(dir, config, env)
    }

    /// `aos serve` with the config file at `path` (relative paths resolve beside it).
    pub fn serve_config(path: &Path, env: &[(&str, &str)]) -> Self {
        Self::serve_path(tempdir(), path, env)
    }

    fn serve_in(dir: tempfile::TempDir, config: &str, env: &[(&str, &str)]) -> Self {
        let path = dir.path().join("aos.toml");
        std::fs::write(&path, config).unwrap_or_else(|e| panic!("write config: {e}"));
        Self::serve_path(dir, &path, env)
    }

    /// `aos serve --config path` on free ports; `dir` lives as long as the server.
    fn serve_path(dir: tempfile::TempDir, path: &Path, env: &[(&str, &str)]) -> Self {
        let args = [
            "serve",
            "--config",
            &path.to_string_lossy(),
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--flight-port",
            "0",
        ];
        Self::start(dir, &args.map(String::from), env)
    }

    /// `aos demo` into a fresh data folder (`data` in [`Aos::dir`]).
    pub fn demo() -> Self {
        Self::demo_in("data")
    }

    /// `aos demo` writing its data into folder `data` of [`Aos::dir`].
    pub fn demo_in(data: &str) -> Self {
        let dir = tempdir();
        let data = dir.path().join(data).to_string_lossy().to_string();
        let args = [
            "demo",
            "--data-dir",
            &data,
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--flight-port",
            "0",
            "--sandbox-port",
            "0",
        ];
        Self::start(dir, &args.map(String::from), &[])
    }

    /// Starts `aos` with `args` and waits (at most a minute) until it prints its three listen addresses.
    fn start(dir: tempfile::TempDir, args: &[String], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(aos_binary())
            .args(args)
            .envs(env.iter().copied())
            // `AOS_TEST_LOG=debug cargo test ... -- --nocapture` shows the server's log.
            .env(
                "AOS_LOG",
                std::env::var("AOS_TEST_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start aos: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let (mut pg_port, mut http_port, mut flight_port) = (None, None, None);
        let mut banner = String::new();
        while pg_port.is_none() || http_port.is_none() || flight_port.is_none() {
            let line = match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => line,
                Err(_) => {
                    let _ = child.kill();
                    panic!("aos {args:?} did not become ready; it printed:\n{banner}");
                }
            };
            banner.push_str(&line);
            banner.push('\n');
            if let Some(addr) = line.strip_prefix("pgwire listening on ") {
                pg_port = addr.rsplit(':').next().and_then(|p| p.parse().ok());
            }
            if let Some(addr) = line.strip_prefix("HTTP listening on http://") {
                http_port = addr.rsplit(':').next().and_then(|p| p.parse().ok());
            }
            if let Some(addr) = line.strip_prefix("Flight SQL listening on grpc://") {
                flight_port = addr.rsplit(':').next().and_then(|p| p.parse().ok());
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        Self {
            child,
            pg_port: pg_port.unwrap_or(0),
            http_port: http_port.unwrap_or(0),
            flight_port: flight_port.unwrap_or(0),
            banner,
            dir,
        }
    }

    /// The libpq connection string of the pgwire endpoint.
    pub fn conninfo(&self) -> String {
        format!("host=127.0.0.1 port={} dbname=aos user=aos", self.pg_port)
    }

    /// A connected tokio-postgres client.
    pub async fn connect(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.conninfo(), tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("connect: {e}"));
        tokio::spawn(connection);
        client
    }

    /// The Flight SQL endpoint (`http://127.0.0.1:<port>`; `grpc://` for ADBC).
    pub fn flight_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.flight_port)
    }

    /// The URL of an HTTP path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http_port)
    }

    /// The process's temporary folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `psql` against this server with `args`; returns (success, stdout, stderr).
    pub fn psql(&self, args: &[&str]) -> (bool, String, String) {
        let output = Command::new("psql")
            .arg("-X")
            .arg(self.conninfo())
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run psql (scripts/test installs it): {e}"));
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

impl Drop for Aos {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's error message (the database error's text, else the client error).
pub fn db_message(error: &tokio_postgres::Error) -> String {
    error
        .as_db_error()
        .map(|e| e.message().to_owned())
        .unwrap_or_else(|| error.to_string())
}

/// Rows of a simple query as text, first column to last.
pub async fn text_rows(client: &tokio_postgres::Client, sql: &str) -> Vec<Vec<Option<String>>> {
    client
        .simple_query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {}", db_message(&e)))
        .iter()
        .filter_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_owned)).collect())
            }
            _ => None,
        })
        .collect()
}

/// `POST`s `body` to the sandbox's `path` (`/_sandbox/control`, `drift`, `reset`) and checks it was taken.
pub async fn sandbox_post(sandbox: &aos_sandbox::Sandbox, path: &str, body: serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", sandbox.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.text().await.unwrap()
    );
}

/// The sandbox's `GET /_sandbox/stats`: request totals per API and the request log.
pub async fn sandbox_stats(sandbox: &aos_sandbox::Sandbox) -> serde_json::Value {
    reqwest::get(format!("{}/_sandbox/stats", sandbox.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The rows of an `EXPLAIN [ANALYZE]` as text: one line per plan row, its type then the plan.
pub async fn explain(client: &tokio_postgres::Client, sql: &str) -> String {
    let rows = client
        .simple_query(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    rows.iter()
        .filter_map(|message| match message {
            tokio_postgres::SimpleQueryMessage::Row(row) => Some(format!(
                "{} {}",
                row.get(0).unwrap_or(""),
                row.get(1).unwrap_or("")
            )),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Python of the virtual environment `scripts/test` creates (or `AOS_TEST_PYTHON`).
pub fn python() -> PathBuf {
    let python = std::env::var_os("AOS_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run scripts/test, which creates it",
        python.display()
    );
    python
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"))
}

/// Rows in the fixture's `items` table.
pub const ITEMS: i64 = 100_000;
/// Rows per Parquet row group in `items`.
pub const ITEMS_PER_ROW_GROUP: i64 = 10_000;

/// Writes the fixture lake: `items.parquet` (100,000 rows in 10 row groups, sorted by `item_id`),
/// `people.csv` (1,000 rows) and `logs/` (two NDJSON files of 500 rows each).
pub async fn write_fixture_lake(lake: &Path) {
    std::fs::create_dir_all(lake.join("logs")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let ctx = SessionContext::new();
    let single = || DataFrameWriteOptions::new().with_single_file_output(true);
    let items = ctx
        .sql(&format!(
            "SELECT value AS item_id, 'item ' || value AS name, CAST(value % 7 AS INT) AS bucket,
                    value * 0.5 AS price
             FROM generate_series(1, {ITEMS}) ORDER BY value"
        ))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut parquet = TableParquetOptions::default();
    parquet.global.max_row_group_size = usize::try_from(ITEMS_PER_ROW_GROUP).unwrap_or(10_000);
    items
        .write_parquet(
            &lake.join("items.parquet").to_string_lossy(),
            single(),
            Some(parquet),
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let people = ctx
        .sql("SELECT value AS person_id, 'person ' || value AS name, value % 3 = 0 AS active FROM generate_series(1, 1000)")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    people
        .write_csv(&lake.join("people.csv").to_string_lossy(), single(), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for (file, from) in [("a.ndjson", 1), ("b.ndjson", 501)] {
        let logs = ctx
            .sql(&format!("SELECT value AS log_id, 'level' || (value % 3) AS level FROM generate_series({from}, {})", from + 499))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        logs.write_json(
            &lake.join("logs").join(file).to_string_lossy(),
            single(),
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A throwaway PostgreSQL server: `initdb` on a temporary folder, started on a free loopback port with
/// every statement logged, stopped and deleted on drop. Runs as the `postgres` user when we are root
/// (PostgreSQL refuses to run as root).
pub struct Postgres {
    dir: tempfile::TempDir,
    /// The server's port on 127.0.0.1.
    pub port: u16,
}

impl Postgres {
    /// Starts a server with `extra` settings (`-c name=value ...`) appended to its command line.
    pub fn start(extra: &str) -> Self {
        let dir = tempdir();
        let data = dir.path().join("pgdata");
        let as_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout == b"0\n");
        if as_root {
            std::fs::create_dir(&data).unwrap();
            for path in [dir.path(), data.as_path()] {
                assert!(
                    Command::new("chown")
                        .args(["postgres:postgres"])
                        .arg(path)
                        .status()
                        .unwrap()
                        .success()
                );
            }
        }
        let run = |program: &str, args: &[&str]| {
            let binary = postgres_binary(program);
            let output = if as_root {
                Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(&binary)
                    .args(args)
                    .output()
            } else {
                Command::new(&binary).args(args).output()
            }
            .unwrap_or_else(|e| panic!("{}: {e}", binary.display()));
            assert!(
                output.status.success(),
                "{program} {args:?}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        };
        let data_s = data.to_string_lossy().to_string();
        run(
            "initdb",
            &[
                "-D",
                &data_s,
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "--encoding=UTF8",
                "--locale=C",
            ],
        );
        // Passwords for the wrong-password tests: trust on the socket, scram on TCP.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
        )
        .unwrap();
        let port = free_port();
        let options = format!(
            "-p {port} -k {data_s} -c listen_addresses=127.0.0.1 -c fsync=off -c log_statement=all \
             -c log_destination=stderr -c logging_collector=off {extra}"
        );
        run(
            "pg_ctl",
            &[
                "-D",
                &data_s,
                "-o",
                &options,
                "-w",
                "-l",
                &format!("{data_s}/server.log"),
                "start",
            ],
        );
        Self { dir, port }
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres` (trusted: no password).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A tokio-postgres client, as the superuser.
    pub async fn connect(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(
            &format!(
                "host=127.0.0.1 port={} user=postgres dbname=postgres",
                self.port
            ),
            tokio_postgres::NoTls,
        )
        .await
        .unwrap_or_else(|e| panic!("connect to the test PostgreSQL: {e}"));
        tokio::spawn(connection);
        client
    }

    /// Everything the server logged so far, statements included (`log_statement=all`).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pgdata/server.log")).unwrap_or_default()
    }

    /// The statements the server received after `mark` bytes of log: simple queries (`statement: ...`) and
    /// executions of prepared ones (`execute <name>: ...`).
    pub fn statements_since(&self, mark: usize) -> Vec<String> {
        let log = self.log();
        log.get(mark..)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let (_, rest) = l.split_once("LOG:  ")?;
                if let Some(sql) = rest.strip_prefix("statement: ") {
                    return Some(sql.to_string());
                }
                let (_, sql) = rest.strip_prefix("execute ")?.split_once(": ")?;
                Some(sql.to_string())
            })
            .collect()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.dir.path().join("pgdata");
        let pg_ctl = postgres_binary("pg_ctl");
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&pg_ctl)
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "stop"])
            .output();
        let _ = Command::new(&pg_ctl)
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// A PostgreSQL server program: on the PATH, else in Debian's `/usr/lib/postgresql/<version>/bin`.
pub fn postgres_binary(program: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(program))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.is_file());
    let debian = || {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin").join(program))
            .filter(|p| p.is_file())
            .collect();
        versions.sort();
        versions.pop()
    };
    on_path.or_else(debian).unwrap_or_else(|| {
        panic!("{program} not found: install PostgreSQL (scripts/test installs it from Debian)")
    })
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port: {e}"))
}

/// A throwaway MariaDB server (MySQL-compatible): `mariadb-install-db` on a temporary folder, started on a
/// free loopback port with the general query log on, stopped on drop. User `aos`, password `secret`, may do
/// anything; database `shop` exists.
pub struct MariaDb {
    dir: tempfile::TempDir,
    child: Child,
    /// The server's port on 127.0.0.1.
    pub port: u16,
}

impl MariaDb {
    /// Starts a server (panics if MariaDB is not installed: scripts/test installs it from Debian).
    pub fn start() -> Self {
        let dir = tempdir();
        let data = dir.path().join("data");
        let user = if Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout == b"0\n")
        {
            "root".to_string()
        } else {
            std::env::var("USER").unwrap_or_else(|_| "nobody".into())
        };
        let install = Command::new("mariadb-install-db")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--user={user}"))
            .args(["--auth-root-authentication-method=normal", "--skip-test-db"])
            .output()
            .unwrap_or_else(|e| {
                panic!("mariadb-install-db: {e} (scripts/test installs mariadb-server)")
            });
        assert!(
            install.status.success(),
            "mariadb-install-db: {}",
            String::from_utf8_lossy(&install.stderr)
        );
        let port = free_port();
        let socket = dir.path().join("sock");
        // Debian puts the server in /usr/sbin, which a non-root PATH may lack.
        let mariadbd = if Path::new("/usr/sbin/mariadbd").exists() {
            "/usr/sbin/mariadbd"
        } else {
            "mariadbd"
        };
        let child = Command::new(mariadbd)
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--port={port}"))
            .arg("--bind-address=127.0.0.1")
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--user={user}"))
            .arg("--general-log=1")
            .arg(format!(
                "--general-log-file={}",
                dir.path().join("general.log").display()
            ))
            .arg(format!(
                "--log-error={}",
                dir.path().join("error.log").display()
            ))
            .arg(format!("--pid-file={}", dir.path().join("pid").display()))
            .args(["--skip-log-bin", "--innodb-buffer-pool-size=64M"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{mariadbd}: {e} (scripts/test installs mariadb-server)"));
        let server = Self { dir, child, port };
        for _ in 0..100 {
            if server.client(&["-e", "SELECT 1"]).status.success() {
                server.sql(
                    "CREATE DATABASE shop; CREATE USER 'aos'@'%' IDENTIFIED BY 'secret'; \
                     GRANT ALL ON *.* TO 'aos'@'%';",
                );
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "MariaDB did not start: {}",
            std::fs::read_to_string(server.dir.path().join("error.log")).unwrap_or_default()
        );
    }

    fn client(&self, args: &[&str]) -> std::process::Output {
        Command::new("mariadb")
            .arg("--no-defaults")
            .arg(format!(
                "--socket={}",
                self.dir.path().join("sock").display()
            ))
            .args(["-uroot", "--batch", "--skip-column-names"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("mariadb client: {e}"))
    }

    /// Runs `sql` as root and returns its rows, tab-separated values (`NULL` for null).
    pub fn sql(&self, sql: &str) -> Vec<Vec<String>> {
        let output = self.client(&["-e", sql]);
        assert!(
            output.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect()
    }

    /// `mysql://aos:secret@127.0.0.1:<port>/shop`.
    pub fn url(&self) -> String {
        format!("mysql://aos:secret@127.0.0.1:{}/shop", self.port)
    }

    /// The general query log's length, to read only what follows with [`MariaDb::statements_since`].
    pub fn log_len(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("general.log"))
            .map(|l| l.len())
            .unwrap_or(0)
    }

    /// The statements the server ran (`Query` and `Execute` lines) after `mark` bytes of the general log.
    pub fn statements_since(&self, mark: usize) -> Vec<String> {
        let log = std::fs::read_to_string(self.dir.path().join("general.log")).unwrap_or_default();
        log.get(mark..)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let (_, rest) = l
                    .split_once(" Query\t")
                    .or_else(|| l.split_once(" Execute\t"))?;
                Some(rest.to_string())
            })
            .collect()
    }
}

impl Drop for MariaDb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A value Arrow's cast wrote as `text` (for a column of `data_type`), as PostgreSQL's text format
/// writes it: times with a space and microseconds (and `+00` when zoned), booleans as `t`/`f`.
pub fn postgres_text(data_type: &DataType, text: &str) -> String {
    match data_type {
        DataType::Timestamp(_, zone) => {
            // pgwire writes microseconds always: `2025-08-09 07:46:49.000000`.
            let text = text.replacen('T', " ", 1);
            let text = text.trim_end_matches('Z').trim_end_matches("+00:00");
            let (seconds, fraction) = text.split_once('.').unwrap_or((text, ""));
            let zone = if zone.is_some() { "+00" } else { "" };
            format!("{seconds}.{fraction:0<6}{zone}")
        }
        DataType::Boolean => if text == "true" { "t" } else { "f" }.to_string(),
        _ => text.to_string(),
    }
}
