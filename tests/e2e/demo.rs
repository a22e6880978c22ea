//! `aos demo`: ready to query over psql and HTTP, with the connection line it prints.

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

    let (ok, out, err) = aos.psql(&[
        "-c",
        "SELECT count(*) FROM lake.customers",
        "-c",
        "\\dt lake.*",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("2000"), "{out}");
    for table in ["customers", "orders", "events"] {
        assert!(out.contains(table), "{table} missing:\n{out}");
    }

    let body: serde_json::Value = reqwest::Client::new()
        .post(aos.url("/v1/query"))
        .json(&serde_json::json!({"sql": "SELECT count(*) AS n FROM lake.orders WHERE status = 'open'"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["rows"], serde_json::json!([[10000]]));
}
