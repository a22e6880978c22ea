//! Stripe: secret-key auth, newest-first cursor paging, filters, expand, and Stripe's error bodies.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{json_of, start};

/// Every object of a list, following `starting_after`; also the number of requests.
async fn walk(api: &crate::Api, path: &str, limit: usize) -> (Vec<Value>, usize) {
    let mut out: Vec<Value> = Vec::new();
    let mut requests = 0;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{sep}limit={limit}");
        if let Some(last) = out.last() {
            url.push_str(&format!("&starting_after={}", last["id"].as_str().unwrap()));
        }
        let (status, body) = api.stripe(&url).await;
        requests += 1;
        assert_eq!(status, StatusCode::OK, "{url}: {body}");
        assert_eq!(body["object"], json!("list"));
        let data = body["data"].as_array().unwrap();
        assert!(data.len() <= limit);
        out.extend(data.iter().cloned());
        if body["has_more"] != json!(true) {
            return (out, requests);
        }
    }
}

#[tokio::test]
async fn secret_key_auth_bearer_or_basic() {
    let api = start().await;
    let (status, body) =
        json_of(api.http.get(api.url("/v1/customers")).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["type"], json!("invalid_request_error"));
    let (status, body) = json_of(
        api.http
            .get(api.url("/v1/customers"))
            .bearer_auth("sk_test_wrong")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Invalid API Key")
    );
    let basic = api
        .http
        .get(api.url("/v1/customers?limit=1"))
        .basic_auth(aos_sandbox::STRIPE_API_KEY, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), StatusCode::OK);
}

#[tokio::test]
async fn cursor_paging_is_exact_newest_first_and_survives_shared_timestamps() {
    let api = start().await;
    let company = api.sandbox.company();
    let invoices = company.stripe.list("invoice");
    let created: Vec<i64> = invoices.iter().map(|o| o.created).collect();
    let distinct: HashSet<&i64> = created.iter().collect();
    assert!(
        distinct.len() < created.len(),
        "the data should have invoices sharing a timestamp"
    );

    let (all, requests) = walk(&api, "/v1/invoices", 100).await;
    assert_eq!(all.len(), invoices.len());
    assert_eq!(
        requests,
        invoices.len().div_ceil(100),
        "one request per page, no empty last page"
    );
    let ids: HashSet<&str> = all.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "an invoice was repeated");
    let times: Vec<i64> = all.iter().map(|o| o["created"].as_i64().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");

    // Small pages across a window of shared timestamps.
    let day = times[times.len() / 2];
    let window = format!(
        "/v1/invoices?created[gte]={}&created[lte]={}",
        day - 86_400 * 20,
        day
    );
    let (small, _) = walk(&api, &window, 3).await;
    let expected = all
        .iter()
        .filter(|o| (day - 86_400 * 20..=day).contains(&o["created"].as_i64().unwrap()))
        .count();
    assert_eq!(small.len(), expected);
    assert_eq!(
        small
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect::<HashSet<_>>()
            .len(),
        expected
    );

    // Backwards with ending_before gives the objects just newer than the cursor, in the same order.
    let pivot = all[250]["id"].as_str().unwrap();
    let (_, body) = api
        .stripe(&format!("/v1/invoices?limit=10&ending_before={pivot}"))
        .await;
    let back: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    let forward: Vec<&str> = all[240..250]
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(back, forward);
    assert_eq!(body["has_more"], json!(true));
}

#[tokio::test]
async fn filters_and_expand() {
    let api = start().await;
    let company = api.sandbox.company();
    let subs = company.stripe.list("subscription");
    let customer = subs[0].str_field("customer").unwrap().to_owned();

    // Invoices of one customer, by status.
    let (mine, _) = walk(&api, &format!("/v1/invoices?customer={customer}"), 100).await;
    assert!(!mine.is_empty() && mine.iter().all(|o| o["customer"] == json!(customer)));
    let (paid, _) = walk(
        &api,
        &format!("/v1/invoices?customer={customer}&status=paid"),
        100,
    )
    .await;
    assert_eq!(
        paid.len(),
        mine.iter().filter(|o| o["status"] == json!("paid")).count()
    );

    // Canceled subscriptions are left out unless asked for.
    let canceled = subs
        .iter()
        .filter(|s| s.str_field("status") == Some("canceled"))
        .count();
    assert!(canceled > 0);
    let (default, _) = walk(&api, "/v1/subscriptions", 100).await;
    let (all, _) = walk(&api, "/v1/subscriptions?status=all", 100).await;
    assert_eq!(default.len(), subs.len() - canceled);
    assert_eq!(all.len(), subs.len());

    // Email is exact and case-sensitive.
    let customers = company.stripe.list("customer");
    let email = customers[0].str_field("email").unwrap();
    let (_, body) = api
        .stripe(&format!("/v1/customers?email={}", urlencode(email)))
        .await;
    assert!(!body["data"].as_array().unwrap().is_empty());
    let (_, body) = api
        .stripe(&format!(
            "/v1/customers?email={}",
            urlencode(&email.to_uppercase())
        ))
        .await;
    assert_eq!(body["data"], json!([]));

    // Expand the customer of each invoice in a list, and on retrieve.
    let (status, body) = api
        .stripe("/v1/invoices?limit=3&expand[]=data.customer&expand[]=data.subscription")
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for inv in body["data"].as_array().unwrap() {
        assert_eq!(inv["customer"]["object"], json!("customer"));
        assert_eq!(inv["subscription"]["object"], json!("subscription"));
    }
    let id = body["data"][0]["id"].as_str().unwrap();
    let (_, one) = api
        .stripe(&format!("/v1/invoices/{id}?expand[]=customer"))
        .await;
    assert_eq!(one["customer"]["object"], json!("customer"));

    // JPY amounts are whole yen; others are cents.
    let (_, prices) = api.stripe("/v1/prices?limit=100&currency=jpy").await;
    let yen = prices["data"].as_array().unwrap();
    assert!(
        !yen.is_empty()
            && yen
                .iter()
                .all(|p| p["unit_amount"].as_i64().unwrap() % 100 == 0
                    && p["unit_amount"].as_i64().unwrap() < 10_000_000)
    );
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn bad_requests_get_stripe_errors() {
    let api = start().await;
    let (_, list) = api.stripe("/v1/customers?limit=1").await;
    let id = list["data"][0]["id"].as_str().unwrap().to_owned();
    for (url, status, param) in [
        ("/v1/customers?limit=0", 400, Some("limit")),
        ("/v1/customers?limit=101", 400, Some("limit")),
        ("/v1/customers?limit=ten", 400, Some("limit")),
        (
            "/v1/customers?created[gt]=yesterday",
            400,
            Some("created[gt]"),
        ),
        (
            "/v1/customers?created[between]=1",
            400,
            Some("created[between]"),
        ),
        ("/v1/customers?colour=red", 400, Some("colour")),
        ("/v1/subscriptions?status=happy", 400, Some("status")),
        (
            "/v1/customers?starting_after=cus_nope",
            400,
            Some("starting_after"),
        ),
        ("/v1/customers/cus_nope", 404, Some("id")),
        ("/v1/widgets", 404, None),
        ("/v1/invoices?expand[]=customer", 400, Some("expand")),
        ("/v1/invoices?expand[]=data.email", 400, Some("expand")),
    ] {
        let (got, body) = api.stripe(url).await;
        assert_eq!(got.as_u16(), status, "{url}: {body}");
        assert_eq!(
            body["error"]["type"],
            json!("invalid_request_error"),
            "{url}: {body}"
        );
        assert!(body["error"]["message"].is_string());
        if let Some(param) = param {
            assert_eq!(body["error"]["param"], json!(param), "{url}: {body}");
        }
    }
    let (status, body) = api
        .stripe(&format!(
            "/v1/customers?starting_after={id}&ending_before={id}"
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only specify one")
    );
}

#[tokio::test]
async fn throttling_answers_429() {
    let api = start().await;
    api.control(json!({"rate_limit_per_s": 5})).await;
    let mut codes = Vec::new();
    for _ in 0..12 {
        let (status, body) = api.stripe("/v1/products").await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(body["error"]["code"], json!("rate_limit"));
        }
        codes.push(status.as_u16());
    }
    assert!(codes.contains(&429) && codes.contains(&200), "{codes:?}");
}
