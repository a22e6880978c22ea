//! `aos`: the AutonomOS server and command-line tool.
//!
//! This crate is the thin outer layer: it parses the command line and the config file, starts the engine,
//! and serves it over the Postgres wire protocol and HTTP. Planning, execution and sources live in
//! `aos-engine` and `aos-providers`; wire codes (SQLSTATE, HTTP status) are decided only here.

mod app;
mod config;
mod demo;
mod error;
mod flight;
mod http;
mod nlq;
mod output;
mod pg;
mod wire;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use futures::StreamExt;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
pub(crate) use crate::error::Error;
use crate::output::{Encoder, Format};

/// AutonomOS: one SQL engine over your SaaS APIs, warehouses and files, served over the Postgres wire
/// protocol and HTTP.
#[derive(Debug, Parser)]
#[command(name = "aos", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sources of a config file over pgwire (psql, BI tools) and HTTP.
    Serve(ServeArgs),
    /// Run the embedded demo: starts the simulated SaaS APIs, writes their company's warehouse and a config
    /// under --data-dir, then serves it.
    Demo(DemoArgs),
    /// Run one query against the sources of a config file and print the result.
    Query(QueryArgs),
    /// Ask one question in English over the ontology: prints the SQL, the answer and the confidence.
    Nlq(NlqArgs),
    /// Refresh the accelerated copy of a table now, in the server running a config file (asked at its
    /// `server.http_listen`, as `POST /v1/refresh`).
    Refresh(RefreshArgs),
    /// Entity resolution over a CSV of company records (columns id, name and optionally domain, email,
    /// website, country): writes id,cluster_id,score, one row per record, the cluster named by its smallest id.
    Resolve(ResolveArgs),
    /// Serve only the simulated Salesforce, Stripe and NetSuite APIs (for tests, benchmarks and trying
    /// connectors), with a synthetic company whose ground truth is at /_sandbox/truth.
    Sandbox(SandboxArgs),
}

#[derive(Debug, Args)]
struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free port).
    #[arg(long, value_name = "P", default_value_t = 8089)]
    port: u16,
    /// Random seed: the same seed serves the same company, record for record.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// Number of real companies behind the records.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    scale: u64,
    /// Latency added to every API request, in milliseconds.
    #[arg(long, value_name = "L", default_value_t = 0)]
    latency_ms: u64,
    /// Extra custom fields on Salesforce Account, as long-lived orgs have (a few hundred make a
    /// `SELECT` of every field longer than a URL may be).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=2_000))]
    account_custom_fields: u64,
    /// Write an aos.toml whose sources point at this sandbox, FILE.env with its credentials, and the
    /// Salesforce JWT key beside them.
    #[arg(long, value_name = "FILE")]
    write_config: Option<PathBuf>,
}

/// Where the config comes from.
#[derive(Debug, Args)]
struct ConfigArgs {
    /// The config file (TOML; see the README's config reference).
    #[arg(long, value_name = "FILE")]
    config: PathBuf,
    /// A file of KEY=VALUE lines loaded into the environment before `*_env` settings are read
    /// (variables already set win). Default: the config's path with `.env` appended (`aos.toml.env`,
    /// as `aos demo` and `aos sandbox --write-config` write it), when that file exists.
    #[arg(long, value_name = "FILE")]
    env_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// Override the pgwire port of `server.pg_listen` (0 picks a free port).
    #[arg(long, value_name = "N")]
    pg_port: Option<u16>,
    /// Override the HTTP port of `server.http_listen` (0 picks a free port).
    #[arg(long, value_name = "N")]
    http_port: Option<u16>,
    /// Override the Flight SQL port of `server.flight_listen` (0 picks a free port).
    #[arg(long, value_name = "N")]
    flight_port: Option<u16>,
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// Folder for the demo's data and config.
    #[arg(long, value_name = "DIR", default_value = "aos-data")]
    data_dir: PathBuf,
    /// pgwire port (0 picks a free port).
    #[arg(long, value_name = "N", default_value_t = 5433)]
    pg_port: u16,
    /// HTTP port (0 picks a free port).
    #[arg(long, value_name = "N", default_value_t = 8088)]
    http_port: u16,
    /// Flight SQL port (0 picks a free port).
    #[arg(long, value_name = "N", default_value_t = 50051)]
    flight_port: u16,
    /// Port of the simulated Salesforce, Stripe and NetSuite APIs (0 picks a free port).
    #[arg(long, value_name = "N", default_value_t = 8089)]
    sandbox_port: u16,
}

#[derive(Debug, Args)]
struct ResolveArgs {
    /// The records (CSV with a header row).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Where to write the clusters (CSV).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct QueryArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The SQL to run.
    sql: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
struct RefreshArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The accelerated table, `schema.table` (e.g. `ontology.revenue`, `stripe.invoice`).
    table: String,
    /// The server's HTTP port, when it was started with `--http-port`.
    #[arg(long, value_name = "N")]
    http_port: Option<u16>,
}

#[derive(Debug, Args)]
struct NlqArgs {
    #[command(flatten)]
    config: ConfigArgs,
    /// The question, e.g. "what's our MRR?".
    question: String,
    /// Who asks: cfo, cro, coo or cto (sets the defaults of vague questions and dashboards).
    #[arg(long, value_name = "P")]
    persona: Option<String>,
    /// Print the whole answer as JSON (as POST /v1/nlq returns it).
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let rendered = e.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            eprintln!("{first} (see 'aos --help')");
            return ExitCode::from(2);
        }
    };
    let quiet = matches!(cli.command, Command::Query(_));
    init_logging(if quiet { "warn" } else { "info" });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("AOS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only on a terminal: a log written to a file or a pipe is plain text.
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

fn run(cli: Cli) -> Result<(), Error> {
    // The environment is changed only here, before the runtime starts any thread.
    let config = match &cli.command {
        Command::Serve(args) => Some(load(&args.config)?),
        Command::Query(args) => Some(load(&args.config)?),
        Command::Nlq(args) => Some(load(&args.config)?),
        Command::Refresh(args) => Some(load(&args.config)?),
        Command::Demo(_) => {
            // The demo's sources read the sandbox's fixed, public test credentials from the environment,
            // like any `*_env` secret (variables already set win).
            let (_, env) = aos_sandbox::aos_config("");
            dotenvy::from_read(std::io::Cursor::new(env)).map_err(|e| Error::EnvFile {
                path: PathBuf::from("<sandbox credentials>"),
                message: e.to_string(),
            })?;
            None
        }
        Command::Sandbox(_) => None,
        Command::Resolve(args) => return resolve(args),
    };
    // Planning recurses over the plan tree (deeper still in unoptimised builds): give workers room, so a
    // deep query is planned instead of aborting the process.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .map_err(|e| Error::Startup(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        match (cli.command, config) {
            (Command::Serve(args), Some(mut config)) => {
                if let Some(port) = args.pg_port {
                    config.server.pg_listen.set_port(port);
                }
                if let Some(port) = args.http_port {
                    config.server.http_listen.set_port(port);
                }
                if let Some(port) = args.flight_port {
                    config.server.flight_listen.set_port(port);
                }
                let server = app::Server::start(&config, &args.config.config).await?;
                println!("pgwire listening on {}", server.pg_addr);
                println!("HTTP listening on http://{}", server.http_addr);
                println!("Flight SQL listening on grpc://{}", server.flight_addr);
                server.run_until_stopped().await;
                Ok(())
            }
            (Command::Query(args), Some(config)) => {
                query(&config, &args.config.config, &args.sql, args.format).await
            }
            (Command::Nlq(args), Some(config)) => ask(&config, &args).await,
            (Command::Refresh(args), Some(config)) => refresh(&config, &args).await,
            (Command::Sandbox(args), _) => sandbox(args).await,
            (Command::Demo(args), _) => {
                demo::run(
                    &args.data_dir,
                    args.pg_port,
                    args.http_port,
                    args.flight_port,
                    args.sandbox_port,
                )
                .await
            }
            _ => Err(Error::Startup("no config loaded".into())),
        }
    })
}

/// `aos resolve`: clusters the records of a CSV file.
fn resolve(args: &ResolveArgs) -> Result<(), Error> {
    let open =
        |path: &PathBuf, e: std::io::Error| Error::Startup(format!("{}: {e}", path.display()));
    let input = std::fs::File::open(&args.input).map_err(|e| open(&args.input, e))?;
    let output = std::fs::File::create(&args.out).map_err(|e| open(&args.out, e))?;
    let started = std::time::Instant::now();
    let summary = aos_ontology::resolve::resolve_csv(
        std::io::BufReader::new(input),
        std::io::BufWriter::new(output),
        &aos_ontology::resolve::Settings::default(),
    )
    .map_err(|e| Error::Startup(format!("{}: {e}", args.input.display())))?;
    println!(
        "{} records resolved into {} clusters in {:.1} s: {}",
        summary.records,
        summary.clusters,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(())
}

/// `aos sandbox`: serves the simulated APIs until Ctrl-C.
async fn sandbox(args: SandboxArgs) -> Result<(), Error> {
    let config = aos_sandbox::SandboxConfig {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], args.port)),
        company: aos_sandbox::CompanyConfig {
            seed: args.seed,
            scale: args.scale as usize,
            account_custom_fields: args.account_custom_fields as usize,
            ..aos_sandbox::CompanyConfig::default()
        },
        control: aos_sandbox::Control {
            latency_ms: args.latency_ms,
            ..aos_sandbox::Control::default()
        },
    };
    let sandbox = aos_sandbox::Sandbox::start(config)
        .await
        .map_err(|e| Error::Startup(e.to_string()))?;
    let base = sandbox.base_url();
    if let Some(path) = &args.write_config {
        let (config, env) = aos_sandbox::aos_config(&base);
        let mut env_path = path.clone().into_os_string();
        env_path.push(".env");
        let env_path = PathBuf::from(env_path);
        let key_path = path.with_file_name(aos_sandbox::SALESFORCE_JWT_KEY_FILE);
        let files = [
            (path, config.as_str()),
            (&env_path, env.as_str()),
            (&key_path, aos_sandbox::SALESFORCE_JWT_KEY_PEM),
        ];
        for (file, text) in files {
            std::fs::write(file, text)
                .map_err(|e| Error::Startup(format!("cannot write {}: {e}", file.display())))?;
        }
        println!(
            "wrote {}, {} and {}",
            path.display(),
            env_path.display(),
            key_path.display()
        );
    }
    println!(
        "aos sandbox (seed {}, scale {}) listening on {base}",
        args.seed, args.scale
    );
    println!("{}", aos_sandbox::describe(&base));
    app::stop_signal().await;
    sandbox.stop().await;
    Ok(())
}

/// Loads `--env-file` (else `<config>.env` when it exists) into the environment, then reads the
/// config.
fn load(args: &ConfigArgs) -> Result<Config, Error> {
    let env_file = args.env_file.clone().or_else(|| {
        let mut beside = args.config.clone().into_os_string();
        beside.push(".env");
        Some(PathBuf::from(beside)).filter(|path| path.is_file())
    });
    if let Some(path) = &env_file {
        dotenvy::from_path(path).map_err(|e| Error::EnvFile {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    Ok(Config::load(&args.config)?)
}

/// `aos refresh`: asks the running server to refresh a table's copy, and prints what it did.
async fn refresh(config: &Config, args: &RefreshArgs) -> Result<(), Error> {
    let mut addr = config.server.http_listen;
    if let Some(port) = args.http_port {
        addr.set_port(port);
    }
    let url = format!("http://{addr}/v1/refresh");
    let response = reqwest::Client::new()
        .post(&url)
        .json(&serde_json::json!({"table": args.table}))
        .send()
        .await
        .map_err(|e| {
            Error::Query(format!(
                "cannot reach the aos server at {addr} ({e}); is `aos serve --config {}` running?",
                args.config.config.display()
            ))
        })?;
    let ok = response.status().is_success();
    let body: serde_json::Value = response
        .json()
        .await
        .map_err(|e| Error::Query(format!("{url} answered something other than JSON: {e}")))?;
    if !ok {
        let message = body["error"]["message"]
            .as_str()
            .map_or_else(|| body.to_string(), str::to_string);
        return Err(Error::Query(message));
    }
    println!(
        "{}: version {}, {} rows, {} bytes, refreshed in {} ms",
        body["table"].as_str().unwrap_or(&args.table),
        body["version"],
        body["rows"],
        body["bytes"],
        body["duration_ms"]
    );
    Ok(())
}

/// `aos nlq`: answers one question.
async fn ask(config: &Config, args: &NlqArgs) -> Result<(), Error> {
    let engine = app::build_engine(config, &args.config.config, false).await?;
    let answer = engine
        .ask(&args.question, args.persona.as_deref())
        .await
        .map_err(|e| Error::Query(wire::client_message(&e)))?;
    let text = if args.json {
        let body = nlq::answer_json(&answer).map_err(|e| Error::Query(e.to_string()))?;
        serde_json::to_string_pretty(&body).map_err(|e| Error::Query(e.to_string()))?
    } else {
        nlq::render(&answer)
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    stdout.flush()?;
    Ok(())
}

/// `aos query`: runs `sql` and streams the encoded result to stdout.
async fn query(
    config: &Config,
    config_path: &Path,
    sql: &str,
    format: Format,
) -> Result<(), Error> {
    let engine = app::build_engine(config, config_path, false).await?;
    let mut stream = engine
        .execute(sql, engine.guard(CancellationToken::new()))
        .await
        .map_err(|e| Error::Query(wire::client_message(&e)))?;
    let (mut encoder, head) =
        Encoder::begin(format, &stream.schema()).map_err(|e| Error::Query(e.to_string()))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&head)?;
    while let Some(batch) = stream.next().await {
        let batch = batch.map_err(|e| Error::Query(wire::client_message(&e)))?;
        stdout.write_all(
            &encoder
                .batch(&batch)
                .map_err(|e| Error::Query(e.to_string()))?,
        )?;
    }
    stdout.write_all(&encoder.finish().map_err(|e| Error::Query(e.to_string()))?)?;
    stdout.flush()?;
    Ok(())
}
