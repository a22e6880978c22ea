//! Python drivers (psycopg 3, SQLAlchemy, asyncpg, ADBC Flight SQL) from the virtual environment
//! `scripts/test` creates.

use std::path::PathBuf;

use aos_tests::{Aos, TestConfig};

#[tokio::test]
async fn psycopg_sqlalchemy_and_asyncpg() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("AOS_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../target/venv/bin/python"));
    assert!(
        python.exists(),
        "{} is missing: run scripts/test, which creates it",
        python.display()
    );
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let output = tokio::process::Command::new(&python)
        .arg(root.join("python/drivers.py"))
        .arg(aos.pg_port.to_string())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "drivers.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("asyncpg ok"), "{stdout}");
}

/// Runs `tests/python/<script>` with `args` in the test virtual environment; its stdout, once it succeeded.
async fn run_python(script: &str, args: &[String]) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let output = tokio::process::Command::new(aos_tests::python())
        .arg(root.join("python").join(script))
        .args(args)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The ADBC Flight SQL driver (`adbc-driver-flightsql`) over the demo, value for value against psycopg.
#[tokio::test]
async fn adbc_flight_sql_returns_what_pgwire_returns() {
    let aos = Aos::demo();
    let args = [aos.flight_port.to_string(), aos.pg_port.to_string()];
    let stdout = run_python("flight.py", &args).await;
    assert!(stdout.contains("adbc ok"), "{stdout}");
}

/// psycopg 3 (text and binary, auto-prepared statements, TypeInfo), SQLAlchemy's inspector and asyncpg
/// over the demo's ontology: catalog introspection and parameterized queries.
#[tokio::test]
async fn python_drivers_introspect_and_query_the_ontology() {
    let aos = Aos::demo();
    let stdout = run_python("demo_drivers.py", &[aos.pg_port.to_string()]).await;
    assert!(stdout.contains("asyncpg ok"), "{stdout}");
}
