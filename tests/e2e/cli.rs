//! The `aos` command line: help, bad flags, bad configs, and `aos query`.

use std::process::{Command, Output};

use aos_tests::{aos_binary, tempdir};

fn aos(args: &[&str]) -> Output {
    Command::new(aos_binary())
        .args(args)
        .env("AOS_LOG", "off")
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a failed run printed exactly one line to stderr, containing every one of `parts`.
fn assert_one_line_error(output: &Output, parts: &[&str]) {
    assert!(!output.status.success(), "succeeded");
    let text = stderr(output);
    assert_eq!(text.trim_end().lines().count(), 1, "not one line: {text}");
    for part in parts {
        assert!(text.contains(part), "{part:?} missing from: {text}");
    }
}

#[test]
fn every_command_has_help() {
    for (args, flag) in [
        (vec!["--help"], "serve"),
        (vec!["serve", "--help"], "--config"),
        (vec!["demo", "--help"], "--data-dir"),
        (vec!["query", "--help"], "--format"),
        (vec!["sandbox", "--help"], "--write-config"),
    ] {
        let output = aos(&args);
        assert!(output.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains(flag),
            "{args:?}"
        );
    }
}

#[test]
fn a_bad_flag_is_one_line() {
    assert_one_line_error(
        &aos(&["serve", "--config", "x.toml", "--frobnicate"]),
        &["--frobnicate"],
    );
    assert_one_line_error(
        &aos(&["query", "--config", "x.toml", "--format", "xml", "SELECT 1"]),
        &["xml"],
    );
    assert_one_line_error(&aos(&["sandbox", "--scale", "0"]), &["--scale"]);
    assert_one_line_error(&aos(&["sandbox", "--port", "http"]), &["--port"]);
}

#[test]
fn config_mistakes_name_the_file_and_the_key() {
    let dir = tempdir();
    let path = dir.path().join("aos.toml");
    let p = path.to_string_lossy().to_string();

    assert_one_line_error(
        &aos(&["serve", "--config", &p]),
        &[&p, "cannot read config file"],
    );

    std::fs::write(
        &path,
        "[server]\npg_listen = \"127.0.0.1:0\"\nhttp_port = 1\n",
    )
    .unwrap();
    assert_one_line_error(
        &aos(&["serve", "--config", &p]),
        &[&p, "line 3", "unknown field `http_port`"],
    );

    std::fs::write(&path, "[server]\npg_listen = \"localhost\"\n").unwrap();
    assert_one_line_error(&aos(&["serve", "--config", &p]), &[&p, "server.pg_listen"]);

    std::fs::write(
        &path,
        "[[source]]\nname = \"Lake\"\nkind = \"files\"\nurl = \".\"\n",
    )
    .unwrap();
    assert_one_line_error(
        &aos(&["serve", "--config", &p]),
        &[&p, "source[0].name", "snake_case"],
    );

    std::fs::write(
        &path,
        "[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"s3://bucket/x\"\nsecret_access_key_env = \"AOS_TEST_UNSET_SECRET\"\n",
    )
    .unwrap();
    assert_one_line_error(
        &aos(&["serve", "--config", &p]),
        &[
            &p,
            "source 'lake'",
            "secret_access_key_env",
            "AOS_TEST_UNSET_SECRET",
            "not set",
        ],
    );
}

#[test]
fn env_file_provides_secrets() {
    let dir = tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::create_dir(dir.path().join("lake")).unwrap();
    std::fs::write(dir.path().join("lake/t.csv"), "a\n1\n").unwrap();
    // A local folder needs no secret; the setting is only checked for being set.
    std::fs::write(&path, "[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\nsession_token_env = \"AOS_TEST_TOKEN\"\n").unwrap();
    let env = dir.path().join("aos.env");
    std::fs::write(&env, "AOS_TEST_TOKEN=abc\n").unwrap();
    let p = path.to_string_lossy();
    let without = aos(&["query", "--config", &p, "SELECT 1"]);
    assert_one_line_error(&without, &["AOS_TEST_TOKEN"]);
    let with = aos(&[
        "query",
        "--config",
        &p,
        "--env-file",
        &env.to_string_lossy(),
        "SELECT a FROM lake.t",
        "--format",
        "csv",
    ]);
    assert!(with.status.success(), "{}", stderr(&with));
    assert_eq!(String::from_utf8_lossy(&with.stdout), "a\n1\n");
}

#[tokio::test]
async fn query_prints_table_csv_and_json() {
    let dir = tempdir();
    aos_tests::write_fixture_lake(&dir.path().join("lake")).await;
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        "[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n",
    )
    .unwrap();
    let p = path.to_string_lossy().to_string();
    let sql = "SELECT person_id, name FROM lake.people ORDER BY person_id LIMIT 2";

    let table = aos(&["query", "--config", &p, sql]);
    assert!(table.status.success(), "{}", stderr(&table));
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("| person_id | name     |") && table.contains("| 2         | person 2 |"),
        "{table}"
    );
    assert!(table.contains("(2 rows)"), "{table}");

    let csv = aos(&["query", "--config", &p, "--format", "csv", sql]);
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout),
        "person_id,name\n1,person 1\n2,person 2\n"
    );

    let json = aos(&["query", "--config", &p, "--format", "json", sql]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        value["rows"],
        serde_json::json!([[1, "person 1"], [2, "person 2"]])
    );

    assert_one_line_error(
        &aos(&["query", "--config", &p, "SELECT * FROM lake.nope"]),
        &["lake.nope", "not found"],
    );
}

/// `aos sandbox` prints its URL and credentials, writes a config and env file pointing at itself, and
/// serves all three APIs until stopped.
#[tokio::test]
async fn sandbox_serves_the_apis_and_writes_a_config_for_them() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let dir = tempdir();
    let config = dir.path().join("aos.toml");
    let mut child = Command::new(aos_binary())
        .args([
            "sandbox",
            "--port",
            "0",
            "--scale",
            "40",
            "--seed",
            "3",
            "--write-config",
        ])
        .arg(&config)
        .env("AOS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = String::new();
    let base = loop {
        let line = lines.next().unwrap().unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.split_once(" listening on ") {
            break rest.1.trim().to_owned();
        }
    };
    for _ in 0..4 {
        printed.push_str(&lines.next().unwrap().unwrap());
        printed.push('\n');
    }
    for credential in [
        "aos-sandbox-secret",
        "sk_test_aos_sandbox",
        "AOS_SANDBOX",
        "aos-token-secret",
    ] {
        assert!(
            printed.contains(credential),
            "{credential} not printed:\n{printed}"
        );
    }
    let written = std::fs::read_to_string(&config).unwrap();
    assert!(
        written.contains(&format!("login_url = \"{base}\"")),
        "{written}"
    );
    assert!(written.contains("kind = \"netsuite\"") && written.contains("kind = \"stripe\""));
    let env = std::fs::read_to_string(dir.path().join("aos.toml.env")).unwrap();
    assert!(env.contains("STRIPE_API_KEY=sk_test_aos_sandbox"), "{env}");

    let http = reqwest::Client::new();
    let index: serde_json::Value = http
        .get(format!("{base}/_sandbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(index["scale"], serde_json::json!(40));
    assert_eq!(index["seed"], serde_json::json!(3));
    let customers: serde_json::Value = http
        .get(format!("{base}/v1/customers?limit=3"))
        .bearer_auth("sk_test_aos_sandbox")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(customers["data"].as_array().map(Vec::len), Some(3));
    child.kill().unwrap();
    child.wait().unwrap();
}
