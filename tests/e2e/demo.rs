//! `aos demo`: ready to query over psql and HTTP, with the connection line it prints, and the sandbox APIs.

use aos_tests::Aos;

#[tokio::test]
async fn demo_serves_its_data_over_psql_and_http() {
    let aos = Aos::demo();
    assert!(
        aos.banner.contains("psql \"host=127.0.0.1"),
        "no psql line:\n{}",
        aos.banner
    );
    assert!(
        aos.dir().join("data/aos.toml").exists(),
        "the demo config was not written"
    );
    assert!(aos.dir().join("data/warehouse/warehouse.db").exists());

    let (ok, out, err) = aos.psql(&[
        "-c",
        "SELECT count(DISTINCT workspace_id) FROM warehouse.usage_daily",
        "-c",
        "\\dt warehouse.*",
    ]);
    assert!(ok, "{err}");
    for table in [
        "workspace",
        "usage_daily",
        "support_ticket",
        "cloud_cost",
        "fx_rate",
    ] {
        assert!(out.contains(table), "{table} missing:\n{out}");
    }

    let body: serde_json::Value = reqwest::Client::new()
        .post(aos.url("/v1/query"))
        .json(&serde_json::json!({"sql": "SELECT count(*) AS n FROM warehouse.workspace"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let workspaces = body["rows"][0][0].as_i64().unwrap();
    assert!(workspaces > 300, "{body}");

    // The sandbox APIs run beside it; the warehouse describes the same company as their ground truth.
    let sandbox = aos
        .banner
        .lines()
        .find_map(|l| l.trim().strip_prefix("sandbox: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no sandbox line:\n{}", aos.banner))
        .to_owned();
    let truth: Vec<serde_json::Value> = reqwest::get(format!("{sandbox}/_sandbox/truth"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let in_truth = truth
        .iter()
        .filter(|t| t["api"] == serde_json::json!("warehouse"))
        .count();
    assert_eq!(in_truth as i64, workspaces);

    // The salesforce source reads the sandbox's Salesforce API.
    let accounts = truth
        .iter()
        .filter(|t| t["api"] == serde_json::json!("salesforce"))
        .count();
    let (ok, out, err) = aos.psql(&["-At", "-c", "SELECT count(*) FROM salesforce.account"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), accounts.to_string());

    // The stripe source reads the sandbox's Stripe API.
    let customers = truth
        .iter()
        .filter(|t| t["api"] == serde_json::json!("stripe"))
        .count();
    let (ok, out, err) = aos.psql(&["-At", "-c", "SELECT count(*) FROM stripe.customer"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), customers.to_string());

    // The netsuite source reads the sandbox's NetSuite API.
    let customers = truth
        .iter()
        .filter(|t| t["api"] == serde_json::json!("netsuite"))
        .count();
    let (ok, out, err) = aos.psql(&["-At", "-c", "SELECT count(*) FROM netsuite.customer"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), customers.to_string());
}

/// The `aos query` and `aos nlq` lines of the README's shell blocks, as printed.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .unwrap_or_else(|e| panic!("README.md: {e}"));
    let mut in_shell = false;
    let mut commands = Vec::new();
    for line in readme.lines() {
        if line.starts_with("```") {
            in_shell = line == "```sh";
            continue;
        }
        if in_shell && (line.starts_with("aos query ") || line.starts_with("aos nlq ")) {
            commands.push(line.to_string());
        }
    }
    commands
}

#[tokio::test]
async fn readme_commands_work_as_printed_after_aos_demo() {
    let commands = readme_commands();
    assert!(
        commands.iter().any(|c| c.starts_with("aos query "))
            && commands.iter().any(|c| c.starts_with("aos nlq ")),
        "the README shows no `aos query` or `aos nlq` line: {commands:?}"
    );
    // The demo as the README runs it: its data in ./aos-data, the commands run from the same folder.
    let demo = Aos::demo_in("aos-data");
    let bin_dir = aos_tests::aos_binary()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in &commands {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(demo.dir())
            .env("PATH", &path)
            // Logs on, written to a pipe: they must be plain text.
            .env("AOS_LOG", "info")
            // Nothing of the test's environment may stand in for what the demo wrote.
            .env_remove("SF_CLIENT_ID")
            .env_remove("STRIPE_API_KEY")
            .output()
            .unwrap_or_else(|e| panic!("{command}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{command} failed:\n{stderr}\n{stdout}"
        );
        assert!(!stdout.trim().is_empty(), "{command} printed nothing");
        assert!(
            !stderr.contains('\u{1b}'),
            "{command} wrote colour codes into a pipe:\n{stderr}"
        );
    }
}
