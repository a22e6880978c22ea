//! Control and observation: faults, latency, stats, reset, drift, ground truth and determinism.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{start, start_with};

#[tokio::test]
async fn injected_faults_use_each_apis_error_envelope() {
    let api = start().await;
    let token = api.sf_token().await;
    for code in ["500", "503"] {
        api.control(json!({"fault_rate": 1.0, "faults": [code]}))
            .await;
        let (status, body) = api.soql(&token, "SELECT Id FROM User", None).await;
        assert_eq!(status.as_str(), code);
        assert!(body[0]["errorCode"].is_string(), "{body}");
        let (status, body) = api.stripe("/v1/customers").await;
        assert_eq!(status.as_str(), code);
        assert_eq!(body["error"]["type"], json!("api_error"));
        let (status, body) = api.suiteql("SELECT id FROM item", 10, 0).await;
        assert_eq!(status.as_str(), code);
        assert!(body["o:errorDetails"][0]["o:errorCode"].is_string());
    }
    api.control(json!({"fault_rate": 1.0, "faults": ["truncate"]}))
        .await;
    let response = api
        .http
        .get(api.url("/v1/customers?limit=5"))
        .bearer_auth(aos_sandbox::STRIPE_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "a truncated body must not parse: {text}"
    );

    api.control(json!({"fault_rate": 1.0, "faults": ["stall"], "stall_ms": 2_000}))
        .await;
    let stalled = api
        .http
        .get(api.url("/v1/products"))
        .bearer_auth(aos_sandbox::STRIPE_API_KEY)
        .timeout(std::time::Duration::from_millis(300))
        .send()
        .await;
    assert!(stalled.is_err_and(|e| e.is_timeout()));

    // Bad control settings are refused.
    for bad in [
        json!({"fault_rate": 2.0}),
        json!({"faults": ["gremlins"]}),
        json!({"latency": 5}),
        json!([1]),
    ] {
        let response = api
            .http
            .post(api.url("/_sandbox/control"))
            .json(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }

    // Reset restores the start-up behaviour.
    api.http
        .post(api.url("/_sandbox/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.stripe("/v1/products").await.0, StatusCode::OK);
}

#[tokio::test]
async fn latency_is_added_to_every_request() {
    let api = start().await;
    api.control(json!({"latency_ms": 150})).await;
    let started = Instant::now();
    assert_eq!(api.stripe("/v1/products").await.0, StatusCode::OK);
    assert!(started.elapsed().as_millis() >= 150);
}

#[tokio::test]
async fn stats_log_what_each_api_was_asked_and_reset_clears_it() {
    let api = start().await;
    let token = api.sf_token().await;
    api.http
        .post(api.url("/_sandbox/reset"))
        .send()
        .await
        .unwrap();
    let (_, body) = api.soql(&token, "SELECT Id FROM User", None).await;
    let users = body["records"].as_array().unwrap().len();
    api.stripe("/v1/customers?limit=7&email=nobody%40example.com")
        .await;
    api.stripe("/v1/customers?limit=7").await;
    api.suiteql("SELECT id FROM item", 3, 0).await;

    let stats = api.stats().await;
    assert_eq!(
        stats["totals"],
        json!({"salesforce": 1, "stripe": 2, "netsuite": 1})
    );
    let requests = stats["requests"].as_array().unwrap();
    let find = |api_name: &str| {
        requests
            .iter()
            .filter(|r| r["api"] == json!(api_name))
            .cloned()
            .collect::<Vec<Value>>()
    };
    let sf = &find("salesforce")[0];
    assert_eq!(sf["query"], json!("SELECT Id FROM User"));
    assert_eq!(sf["rows"], json!(users));
    assert_eq!(sf["method"], json!("GET"));
    assert_eq!(sf["path"], json!("/services/data/v59.0/query"));
    let stripe = find("stripe");
    assert_eq!(
        stripe[0]["query"],
        json!("limit=7&email=nobody%40example.com")
    );
    assert_eq!(stripe[0]["rows"], json!(0));
    assert_eq!(stripe[1]["rows"], json!(7));
    let ns = &find("netsuite")[0];
    assert_eq!(ns["query"], json!("SELECT id FROM item"));
    assert_eq!(ns["rows"], json!(3));
    assert_eq!(ns["status"], json!(200));

    api.http
        .post(api.url("/_sandbox/reset"))
        .send()
        .await
        .unwrap();
    let stats = api.stats().await;
    assert_eq!(
        stats["totals"],
        json!({"salesforce": 0, "stripe": 0, "netsuite": 0})
    );
    assert_eq!(stats["requests"], json!([]));
}

#[tokio::test]
async fn drift_changes_what_every_api_returns_until_reset() {
    let api = start().await;
    let drift = |body: Value| {
        let http = api.http.clone();
        let url = api.url("/_sandbox/drift");
        async move { http.post(url).json(&body).send().await.unwrap().status() }
    };
    assert_eq!(drift(json!({"api": "stripe", "object": "customer", "op": "rename", "field": "email", "to": "billing_email"})).await, StatusCode::OK);
    let (_, body) = api.stripe("/v1/customers?limit=1").await;
    assert!(
        body["data"][0].get("email").is_none() && body["data"][0]["billing_email"].is_string(),
        "{body}"
    );

    assert_eq!(
        drift(json!({"api": "netsuite", "object": "customer", "op": "drop", "field": "email"}))
            .await,
        StatusCode::OK
    );
    let (status, body) = api.suiteql("SELECT email FROM customer", 5, 0).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    assert_eq!(drift(json!({"api": "netsuite", "object": "item", "op": "add", "field": "custitem_tier", "type": "string"})).await, StatusCode::OK);
    assert_eq!(
        api.suiteql("SELECT custitem_tier FROM item", 5, 0).await.0,
        StatusCode::OK
    );

    assert_eq!(drift(json!({"api": "salesforce", "object": "Account", "op": "retype", "field": "NumberOfEmployees", "type": "string"})).await, StatusCode::OK);
    let token = api.sf_token().await;
    let (_, body) = api
        .soql(
            &token,
            "SELECT NumberOfEmployees FROM Account WHERE NumberOfEmployees != null LIMIT 1",
            None,
        )
        .await;
    assert!(
        body["records"][0]["NumberOfEmployees"].is_string(),
        "{body}"
    );

    for bad in [
        json!({"api": "stripe", "object": "customer", "op": "rename", "field": "nope", "to": "x"}),
        json!({"api": "salesforce", "object": "Nope", "op": "drop", "field": "Name"}),
        json!({"api": "netsuite", "object": "item", "op": "explode", "field": "id"}),
        json!({"api": "netsuite", "object": "item", "op": "rename", "field": "itemid", "to": "bad name; drop"}),
        json!({"api": "zendesk", "object": "x", "op": "drop", "field": "y"}),
    ] {
        assert_eq!(drift(bad.clone()).await, StatusCode::BAD_REQUEST, "{bad}");
    }

    api.http
        .post(api.url("/_sandbox/reset"))
        .send()
        .await
        .unwrap();
    let (_, body) = api.stripe("/v1/customers?limit=1").await;
    assert!(body["data"][0]["email"].is_string());
}

#[tokio::test]
async fn the_ground_truth_covers_every_company_record() {
    let api = start().await;
    let truth: Vec<Value> = api
        .http
        .get(api.url("/_sandbox/truth"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let company = api.sandbox.company();
    let by_api = |name: &str| truth.iter().filter(|t| t["api"] == json!(name)).count();
    assert_eq!(
        by_api("salesforce"),
        company.salesforce.table("Account").unwrap().rows.len()
    );
    assert_eq!(by_api("stripe"), company.stripe.list("customer").len());
    assert_eq!(
        by_api("netsuite"),
        company.netsuite.table("customer").unwrap().rows.len()
    );
    let real: HashSet<&str> = company.companies.iter().map(|c| c.id.as_str()).collect();
    assert!(
        truth
            .iter()
            .all(|t| real.contains(t["company"].as_str().unwrap()))
    );

    // Some companies are everywhere, some are missing from a system, some have two Stripe customers.
    let mut systems: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut stripe_customers: HashMap<&str, usize> = HashMap::new();
    for t in &truth {
        systems
            .entry(t["company"].as_str().unwrap())
            .or_default()
            .insert(t["api"].as_str().unwrap());
        if t["api"] == json!("stripe") {
            *stripe_customers
                .entry(t["company"].as_str().unwrap())
                .or_default() += 1;
        }
    }
    assert!(systems.values().any(|s| s.len() >= 3));
    assert!(systems.values().any(|s| !s.contains("netsuite")));
    assert!(systems.values().any(|s| !s.contains("salesforce")));
    let big = start_with(500, 42).await;
    let big_truth: Vec<Value> = big
        .http
        .get(big.url("/_sandbox/truth"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in big_truth.iter().filter(|t| t["api"] == json!("stripe")) {
        *counts.entry(t["company"].as_str().unwrap()).or_default() += 1;
    }
    assert!(
        counts.values().any(|&n| n > 1),
        "a company with two Stripe customers"
    );
    assert_eq!(big.sandbox.company().companies.len(), 500);
}

#[tokio::test]
async fn the_same_seed_serves_the_same_company() {
    let (a, b, c) = (
        start_with(80, 7).await,
        start_with(80, 7).await,
        start_with(80, 8).await,
    );
    let snapshot = |api: &crate::Api| {
        let http = api.http.clone();
        let base = api.base.clone();
        async move {
            let get = |path: &str| {
                let http = http.clone();
                let url = format!("{base}{path}");
                async move {
                    http.get(url)
                        .bearer_auth(aos_sandbox::STRIPE_API_KEY)
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap()
                }
            };
            (
                get("/v1/invoices?limit=100").await,
                get("/_sandbox/truth").await,
            )
        }
    };
    let (sa, sb, sc) = (snapshot(&a).await, snapshot(&b).await, snapshot(&c).await);
    assert_eq!(sa, sb);
    assert_ne!(sa.0, sc.0);
    let ta = a.sf_token().await;
    let tb = b.sf_token().await;
    let q =
        "SELECT Id, Name, Amount, CloseDate, Account.Name FROM Opportunity ORDER BY CloseDate, Id";
    assert_eq!(a.soql(&ta, q, None).await.1, b.soql(&tb, q, None).await.1);
    let q = "SELECT * FROM transaction ORDER BY id";
    assert_eq!(
        a.suiteql(q, 1000, 0).await.1["items"],
        b.suiteql(q, 1000, 0).await.1["items"]
    );
}
