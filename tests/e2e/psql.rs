//! The `psql` binary: meta-commands, errors, Ctrl-C.

use std::process::{Command, Stdio};
use std::time::Duration;

use aos_tests::Aos;

#[tokio::test]
async fn meta_commands_list_databases_schemas_tables_and_columns() {
    let aos = Aos::serve_fixture("").await;
    let run = |command: &str| {
        let (ok, out, err) = aos.psql(&["-v", "ON_ERROR_STOP=1", "-c", command]);
        assert!(ok, "{command} failed: {err}");
        out
    };
    let databases = run("\\l");
    assert!(
        databases
            .lines()
            .any(|l| l.trim_start().starts_with("aos ")),
        "{databases}"
    );
    let schemas = run("\\dn");
    assert!(schemas.contains("lake"), "{schemas}");
    let tables = run("\\dt lake.*");
    for table in ["items", "people", "logs"] {
        assert!(
            tables.contains(&format!(" lake   | {table}")),
            "{table} missing from:\n{tables}"
        );
    }
    let columns = run("\\d lake.items");
    for (column, pg_type) in [
        ("item_id", "bigint"),
        ("name", "text"),
        ("bucket", "integer"),
        ("price", "double precision"),
    ] {
        let line = columns
            .lines()
            .find(|l| l.trim_start().starts_with(column))
            .unwrap_or_else(|| panic!("{column} missing:\n{columns}"));
        assert!(line.contains(pg_type), "{column} is not {pg_type}: {line}");
    }
    let version = run("SELECT version()");
    assert!(version.contains("PostgreSQL 16.6"), "{version}");
}

#[tokio::test]
async fn errors_show_sqlstate_and_the_session_goes_on() {
    let aos = Aos::serve_fixture("").await;
    let (_, out, err) = aos.psql(&[
        "-v",
        "VERBOSITY=verbose",
        "-c",
        "SELECT * FROM lake.nope",
        "-c",
        "SELECT count(*) AS n FROM lake.people",
    ]);
    assert!(err.contains("ERROR:  42P01"), "{err}");
    assert!(
        out.contains("1000"),
        "the second command did not run: {out}"
    );
}

#[tokio::test]
async fn ctrl_c_cancels_the_running_query() {
    let aos = Aos::serve_fixture("").await;
    let child = Command::new("psql")
        .arg("-X")
        .arg(aos.conninfo())
        .args(["-c", "SELECT count(*) FROM range(100000000000)"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("psql");
    let pid = child.id().to_string();
    // Give psql time to connect and send the query, then press Ctrl-C until it gives up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let output = tokio::task::spawn_blocking(move || child.wait_with_output());
    tokio::pin!(output);
    let output = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let _ = Command::new("kill").args(["-INT", &pid]).status();
            tokio::select! {
                out = &mut output => break out,
                () = tokio::time::sleep(Duration::from_millis(500)) => {}
            }
        }
    })
    .await
    .expect("Ctrl-C did not stop the query")
    .unwrap()
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("canceling statement due to user request"),
        "psql said: {stderr}"
    );
}
