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
