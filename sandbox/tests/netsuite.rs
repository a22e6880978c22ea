//! NetSuite: OAuth 1.0a TBA actually verified, SuiteQL with limit/offset paging and links, text values.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;

use crate::{Signing, json_of, start};

#[tokio::test]
async fn tba_signatures_are_verified() {
    let api = start().await;
    let url = api.url("/services/rest/query/v1/suiteql?limit=5");
    let q = "SELECT id FROM customer";
    let ok = api.suiteql_at(&url, q, &Signing::default()).await;
    assert_eq!(ok.0, StatusCode::OK, "{}", ok.1);

    let cases = [
        Signing {
            token_secret: "wrong",
            ..Signing::default()
        },
        Signing {
            consumer_secret: "wrong",
            ..Signing::default()
        },
        Signing {
            method: "HMAC-SHA1",
            ..Signing::default()
        },
        Signing {
            realm: "OTHER_ACCOUNT",
            ..Signing::default()
        },
        Signing {
            timestamp: chrono::Utc::now().timestamp() - 3_600,
            ..Signing::default()
        },
    ];
    for signing in &cases {
        let (status, body) = api.suiteql_at(&url, q, signing).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(
            body["o:errorDetails"][0]["o:errorCode"],
            json!("INVALID_LOGIN")
        );
        assert_eq!(body["status"], json!(401));
    }
    // The query parameters are part of the signature: a request signed for limit=5 cannot ask for limit=6.
    let signed_for_5 = crate::oauth_header(&url, &Signing::default());
    let response = api
        .http
        .post(api.url("/services/rest/query/v1/suiteql?limit=6"))
        .header("Authorization", signed_for_5)
        .header("Prefer", "transient")
        .json(&json!({"q": q}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // A nonce is good once.
    let once = Signing::default();
    assert_eq!(api.suiteql_at(&url, q, &once).await.0, StatusCode::OK);
    assert_eq!(
        api.suiteql_at(
            &url,
            q,
            &Signing {
                nonce: once.nonce.clone(),
                ..Signing::default()
            }
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    // No header at all.
    let (status, _) = json_of(
        api.http
            .post(&url)
            .header("Prefer", "transient")
            .json(&json!({"q": q}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn paging_follows_links_without_loss_or_repeats() {
    let api = start().await;
    let company = api.sandbox.company();
    let customers = company.netsuite.table("customer").unwrap().rows.len();
    assert!(customers > 60, "{customers}");
    let q = "SELECT id, companyname, isinactive, datecreated FROM customer ORDER BY id";
    let mut url = api.url("/services/rest/query/v1/suiteql?limit=25&offset=0");
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let (status, body) = api.suiteql_at(&url, q, &Signing::default()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["totalResults"], json!(customers));
        pages += 1;
        let items = body["items"].as_array().unwrap();
        assert_eq!(body["count"], json!(items.len()));
        for item in items {
            assert!(item["links"].is_array());
            ids.push(item["id"].as_str().unwrap().to_owned());
            assert!(
                matches!(item["isinactive"].as_str(), Some("T" | "F")),
                "{item}"
            );
            let date = item["datecreated"].as_str().unwrap();
            assert!(date.split('/').count() == 3, "dates are M/D/YYYY: {date}");
        }
        let next = body["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == json!("next"));
        match next {
            Some(link) => {
                assert_eq!(body["hasMore"], json!(true));
                url = link["href"].as_str().unwrap().to_owned();
            }
            None => {
                assert_eq!(body["hasMore"], json!(false));
                break;
            }
        }
    }
    assert_eq!(pages, customers.div_ceil(25));
    assert_eq!(ids.len(), customers);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), customers);
}

#[tokio::test]
async fn suiteql_joins_groups_and_filters() {
    let api = start().await;
    let company = api.sandbox.company();
    let transactions = company.netsuite.table("transaction").unwrap();
    let kind = transactions.column("type").unwrap();
    let invoices = transactions
        .rows
        .iter()
        .filter(|r| r[kind] == aos_sandbox::Value::Text("CustInvc".into()))
        .count();

    let (status, body) = api
        .suiteql(
            "SELECT t.type AS kind, COUNT(*) AS n FROM transaction t GROUP BY t.type ORDER BY kind",
            1000,
            0,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let items = body["items"].as_array().unwrap();
    let inv = items
        .iter()
        .find(|i| i["kind"] == json!("CustInvc"))
        .unwrap();
    assert_eq!(inv["n"], json!(invoices.to_string()));

    // Lines joined to their transaction, mainline only, with a date range.
    let q = "SELECT t.tranid, tl.netamount FROM transaction t JOIN transactionline tl ON tl.transaction = t.id \
             WHERE t.type = 'VendBill' AND tl.mainline = 'T' AND t.trandate BETWEEN TO_DATE('2026-01-01', 'YYYY-MM-DD') \
             AND TO_DATE('2026-06-30', 'YYYY-MM-DD') ORDER BY t.id";
    let (status, body) = api.suiteql(q, 1000, 0).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let n = body["totalResults"].as_u64().unwrap();
    assert!(n > 50, "{body}");

    // Case-sensitive LIKE and IS NULL.
    let (status, body) = api
        .suiteql(
            "SELECT COUNT(*) AS n FROM customer WHERE url IS NULL",
            10,
            0,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["items"][0]["n"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
}

#[tokio::test]
async fn bad_requests_get_netsuite_errors() {
    let api = start().await;
    for (q, needle) in [
        ("SELECT nosuchcolumn FROM customer", "Unknown identifier"),
        ("SELECT id FROM nosuchtable", "was not found"),
        ("SELECT id FROM customer LIMIT 5", "Invalid"),
        ("SELEC id FROM customer", "Invalid"),
        ("DELETE FROM customer", "Invalid"),
    ] {
        let (status, body) = api.suiteql(q, 10, 0).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert_eq!(
            body["o:errorDetails"][0]["o:errorCode"],
            json!("INVALID_PARAMETER"),
            "{q}: {body}"
        );
        assert!(
            body["o:errorDetails"][0]["detail"]
                .as_str()
                .unwrap()
                .contains(needle),
            "{q}: {body}"
        );
        assert_eq!(body["title"], json!("Bad Request"));
    }
    let (status, _) = api.suiteql("SELECT id FROM customer", 1001, 0).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let url = api.url("/services/rest/query/v1/suiteql?limit=5");
    let response = api
        .http
        .post(&url)
        .header(
            "Authorization",
            crate::oauth_header(&url, &Signing::default()),
        )
        .json(&json!({"q": "SELECT id FROM customer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "Prefer: transient is required"
    );
}

#[tokio::test]
async fn the_account_concurrency_limit_answers_429() {
    let api = start().await;
    api.control(json!({"netsuite_concurrency": 1, "latency_ms": 300}))
        .await;
    let calls = (0..4).map(|_| api.suiteql("SELECT id FROM item", 10, 0));
    let results = futures::future::join_all(calls).await;
    let limited: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(!limited.is_empty(), "{results:?}");
    assert!(results.iter().any(|(s, _)| *s == StatusCode::OK));
    assert_eq!(limited[0].1["status"], json!(429));
}
