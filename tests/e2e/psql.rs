//! The `psql` binary: meta-commands, errors, Ctrl-C.

use std::process::{Command, Stdio};
use std::time::Duration;

use aos_tests::{Aos, TestConfig};

#[tokio::test]
async fn meta_commands_list_databases_schemas_tables_and_columns() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
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

/// psql's describe commands over the demo (they run correlated subqueries, `ARRAY(...)` and
/// `OPERATOR(pg_catalog.~)` against pg_catalog), and the subqueries users write keeping their values.
#[tokio::test]
async fn describe_commands_and_correlated_subqueries_over_the_demo() {
    let aos = Aos::demo();
    let run = |command: &str| {
        let (ok, out, err) = aos.psql(&["-v", "ON_ERROR_STOP=1", "-c", command]);
        assert!(ok, "{command} failed: {err}");
        out
    };
    let account = run("\\d ontology.account");
    assert!(account.contains("Table \"ontology.account\""), "{account}");
    for (column, pg_type) in [
        ("account_id", "text"),
        ("employees", "bigint"),
        ("created_at", "timestamp with time zone"),
    ] {
        let line = account
            .lines()
            .find(|l| l.trim_start().starts_with(column))
            .unwrap_or_else(|| panic!("{column} missing:\n{account}"));
        assert!(line.contains(pg_type), "{column} is not {pg_type}: {line}");
    }
    let revenue = run("\\d ontology.revenue");
    assert!(revenue.contains("View \"ontology.revenue\""), "{revenue}");
    let amount = revenue
        .lines()
        .find(|l| l.trim_start().starts_with("amount "))
        .unwrap_or_else(|| panic!("amount missing:\n{revenue}"));
    assert!(amount.contains("numeric(18,2)"), "{amount}");
    let tables = run("\\dt ontology.*");
    assert!(tables.contains(" ontology | account "), "{tables}");
    let views = run("\\dv metrics.*");
    assert!(views.contains(" metrics | mrr "), "{views}");
    for command in [
        "\\du",
        "\\df",
        "\\dT",
        "\\l+",
        "\\dt+ ontology.*",
        "\\d metrics.mrr",
    ] {
        run(command);
    }

    // A correlated subquery per row: every account's opportunity count, checked against a join.
    let per_row = run(
        "SELECT sum(n) FROM (SELECT (SELECT count(*) FROM ontology.opportunity o \
         WHERE o.account_id = a.account_id) AS n FROM ontology.account a) t",
    );
    let joined = run(
        "SELECT count(*) FROM ontology.opportunity o JOIN ontology.account a ON o.account_id = a.account_id",
    );
    let number = |out: &str| -> i64 {
        out.lines()
            .filter_map(|l| l.trim().parse().ok())
            .next()
            .unwrap_or_else(|| panic!("no number in {out}"))
    };
    assert_eq!(number(&per_row), number(&joined));
    assert!(number(&joined) > 100, "{joined}");
    // An unaggregated scalar subquery is one value per row, and more than one row is an error.
    let single = run(
        "SELECT count(*) FROM ontology.account a WHERE (SELECT s.source_id FROM ontology.account_source s \
         WHERE s.account_id = a.account_id AND s.source = 'salesforce') IS NOT NULL",
    );
    assert!(number(&single) > 100, "{single}");
    let (ok, _, err) = aos.psql(&[
        "-c",
        "SELECT (SELECT s.source FROM ontology.account_source s WHERE s.account_id = a.account_id) \
         FROM ontology.account a WHERE a.sources LIKE '%,%'",
    ]);
    assert!(!ok && err.contains("more than one row"), "{err}");
}

/// Settings as drivers and BI tools read them: PostgreSQL's spellings, unknown names refused.
#[tokio::test]
async fn settings_answer_like_postgres() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let (ok, out, err) = aos.psql(&[
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        "SHOW standard_conforming_strings",
        "-c",
        "SHOW TRANSACTION ISOLATION LEVEL",
        "-c",
        "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
        "-c",
        "SELECT current_setting('server_version_num')::int / 100",
        "-c",
        "SET application_name = 'grafana'",
        "-c",
        "SHOW application_name",
        "-c",
        "SET client_min_messages = warning",
        "-c",
        "SHOW client_min_messages",
        "-c",
        "SHOW server_version",
    ]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        &lines[..7],
        [
            "on",
            "read committed",
            "SET",
            "1600",
            "SET",
            "grafana",
            "SET"
        ],
        "{out}"
    );
    assert_eq!(lines[7], "warning", "{out}");
    assert!(lines[8].starts_with("16.6 (AutonomOS"), "{out}");
    let (ok, _, err) = aos.psql(&["-v", "VERBOSITY=verbose", "-c", "SHOW no_such_setting"]);
    assert!(
        !ok && err.contains("42704") && err.contains("no_such_setting"),
        "{err}"
    );
}

#[tokio::test]
async fn errors_show_sqlstate_and_the_session_goes_on() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
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
    let aos = Aos::serve_fixture(TestConfig::new()).await;
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
