//! Salesforce: OAuth client credentials, SOQL over `query` with `nextRecordsUrl` paging, describe, errors.

use std::collections::HashSet;

use aos_sandbox::Value as Cell;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{json_of, start};

#[tokio::test]
async fn client_credentials_issue_a_token_for_the_instance() {
    let api = start().await;
    let token_url = api.url("/services/oauth2/token");
    for (form, error) in [
        (
            vec![
                ("grant_type", "password"),
                ("client_id", "aos-sandbox"),
                ("client_secret", "aos-sandbox-secret"),
            ],
            "unsupported_grant_type",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "nope"),
                ("client_secret", "aos-sandbox-secret"),
            ],
            "invalid_client_id",
        ),
        (
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "aos-sandbox"),
                ("client_secret", "wrong"),
            ],
            "invalid_client",
        ),
    ] {
        let (status, body) =
            json_of(api.http.post(&token_url).form(&form).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"], json!(error), "{body}");
        assert!(body["error_description"].is_string());
    }
    let (status, body) = json_of(
        api.http
            .post(&token_url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", "aos-sandbox"),
                ("client_secret", "aos-sandbox-secret"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["instance_url"], json!(api.base));
    assert_eq!(body["token_type"], json!("Bearer"));
    assert!(body["issued_at"].as_str().unwrap().parse::<u64>().is_ok());

    // Without a valid token: 401 INVALID_SESSION_ID, in Salesforce's array body.
    for token in ["", "00Dbogus"] {
        let (status, body) = api.soql(token, "SELECT Id FROM Account", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body[0]["errorCode"], json!("INVALID_SESSION_ID"), "{body}");
    }
}

#[tokio::test]
async fn tokens_expire() {
    let api = start().await;
    api.control(json!({"token_ttl_s": 1})).await;
    let token = api.sf_token().await;
    assert_eq!(
        api.soql(&token, "SELECT Id FROM User", None).await.0,
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, body) = api.soql(&token, "SELECT Id FROM User", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body[0]["errorCode"], json!("INVALID_SESSION_ID"));
}

#[tokio::test]
async fn paging_returns_every_record_once_even_when_they_share_a_timestamp() {
    let api = start().await;
    let token = api.sf_token().await;
    let company = api.sandbox.company();
    let contacts = company.salesforce.table("Contact").unwrap();
    let deleted = contacts.column("IsDeleted").unwrap();
    let live = contacts
        .rows
        .iter()
        .filter(|r| r[deleted] != Cell::Bool(true))
        .count();
    assert!(live > 250, "need several pages: {live}");

    let (records, pages, total) = api
        .soql_all(&token, "SELECT Id, Name, Account.Name FROM Contact", 200)
        .await;
    assert_eq!(total, live);
    assert_eq!(records.len(), live);
    assert!(
        pages.len() >= 2 && pages.iter().all(|&n| n <= 200),
        "{pages:?}"
    );
    let ids: HashSet<&str> = records.iter().map(|r| r["Id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), live, "a record was repeated");
    assert_eq!(records[0]["attributes"]["type"], json!("Contact"));
    assert!(records[0]["Account"]["Name"].is_string() || records[0]["Account"].is_null());

    // Many accounts share one SystemModstamp (a mass update): ordering by it must still page exactly.
    let (records, _, total) = api
        .soql_all(
            &token,
            "SELECT Id, SystemModstamp FROM Account ORDER BY SystemModstamp",
            200,
        )
        .await;
    let stamps: Vec<&str> = records
        .iter()
        .map(|r| r["SystemModstamp"].as_str().unwrap())
        .collect();
    let distinct: HashSet<&&str> = stamps.iter().collect();
    assert!(
        distinct.len() + 20 < stamps.len(),
        "expected shared timestamps"
    );
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]));
    let ids: HashSet<&str> = records.iter().map(|r| r["Id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), total);
    assert_eq!(
        total,
        company.salesforce.table("Account").unwrap().rows.len()
    );

    // queryAll also returns deleted rows.
    let (status, body) = json_of(
        api.http
            .get(api.url("/services/data/v59.0/queryAll"))
            .query(&[("q", "SELECT COUNT() FROM Contact")])
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["totalSize"], json!(contacts.rows.len()));

    // A bad locator.
    let response = api
        .http
        .get(api.url("/services/data/v59.0/query/01gBAD-200"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("INVALID_QUERY_LOCATOR"));
}

#[tokio::test]
async fn soql_filters_mean_what_salesforce_means() {
    let api = start().await;
    let token = api.sf_token().await;
    let company = api.sandbox.company();
    let opps = company.salesforce.table("Opportunity").unwrap();
    let col = |name: &str| opps.column(name).unwrap();
    let (won, amount, close, stage) = (
        col("IsWon"),
        col("Amount"),
        col("CloseDate"),
        col("StageName"),
    );

    // Case-insensitive string equality.
    let expected_won = opps
        .rows
        .iter()
        .filter(|r| r[won] == Cell::Bool(true))
        .count();
    let (_, body) = api
        .soql(
            &token,
            "SELECT COUNT() FROM Opportunity WHERE StageName = 'closed won'",
            None,
        )
        .await;
    assert_eq!(body["totalSize"], json!(expected_won), "{body}");

    // Numbers, unquoted dates, AND, IN, ORDER BY, LIMIT.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let expected: Vec<&Vec<Cell>> = opps
        .rows
        .iter()
        .filter(|r| r[amount].as_f64().is_some_and(|a| a > 20_000.0))
        .filter(|r| matches!(r[close], Cell::Date(d) if d >= day))
        .filter(|r| matches!(&r[stage], Cell::Text(s) if s == "Closed Won" || s == "Closed Lost"))
        .collect();
    let q = "SELECT Id, Amount, CloseDate FROM Opportunity WHERE Amount > 20000 AND CloseDate >= 2026-01-01 \
             AND StageName IN ('Closed Won', 'closed lost') ORDER BY Amount DESC, Id LIMIT 5000";
    let (records, _, total) = api.soql_all(&token, q, 2000).await;
    assert_eq!(total, expected.len());
    let amounts: Vec<f64> = records
        .iter()
        .map(|r| r["Amount"].as_f64().unwrap())
        .collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]));

    // != keeps nulls (SOQL has no three-valued logic).
    let accounts = company.salesforce.table("Account").unwrap();
    let industry = accounts.column("Industry").unwrap();
    let not_tech = accounts
        .rows
        .iter()
        .filter(|r| r[industry] != Cell::Text("Technology".into()))
        .count();
    let (_, body) = api
        .soql(
            &token,
            "SELECT COUNT() FROM Account WHERE Industry != 'technology'",
            None,
        )
        .await;
    assert_eq!(body["totalSize"], json!(not_tech));
    assert!(
        accounts.rows.iter().any(|r| r[industry].is_null()),
        "the data should have null industries"
    );

    // Escapes: a backslash-escaped quote is a literal quote; LIKE is case-insensitive.
    let (status, body) = api
        .soql(
            &token,
            r"SELECT Id FROM Contact WHERE LastName = 'O\'Brien'",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = api
        .soql(&token, "SELECT Id FROM Account WHERE Name LIKE '%A%'", None)
        .await;
    assert_eq!(status, StatusCode::OK);

    // An aggregate with GROUP BY.
    let (status, body) = api
        .soql(
            &token,
            "SELECT StageName, COUNT(Id) n FROM Opportunity GROUP BY StageName",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let counted: u64 = body["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["n"].as_u64().unwrap())
        .sum();
    assert_eq!(counted as usize, opps.rows.len());
}

#[tokio::test]
async fn bad_soql_gets_salesforce_errors() {
    let api = start().await;
    let token = api.sf_token().await;
    for (q, code) in [
        (
            "SELECT Id FROM Contact WHERE LastName = 'O''Brien'",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Id FROM Account WHERE Name = 'a' AND Industry = 'b' OR Type = 'c'",
            "MALFORMED_QUERY",
        ),
        (
            "SELECT Id FROM Account WHERE Name = 'unterminated",
            "MALFORMED_QUERY",
        ),
        ("SELECT Id, Nme FROM Account", "INVALID_FIELD"),
        ("SELECT Id FROM Acount", "INVALID_TYPE"),
        (
            "SELECT Id FROM Opportunity WHERE CloseDate > '2025-01-01'",
            "INVALID_FIELD",
        ),
        (
            "SELECT Id FROM Account WHERE Name = \"x\"",
            "MALFORMED_QUERY",
        ),
        ("DELETE FROM Account", "MALFORMED_QUERY"),
    ] {
        let (status, body) = api.soql(&token, q, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{q}: {body}");
        assert_eq!(body[0]["errorCode"], json!(code), "{q}: {body}");
        assert!(body[0]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, body) = json_of(
        api.http
            .get(api.url("/services/data/v59.0/query"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body[0]["errorCode"], json!("MALFORMED_QUERY"));

    // Every response carries the API usage, errors included.
    for (q, bearer) in [
        ("SELECT Id FROM User", token.as_str()),
        ("SELECT", token.as_str()),
        ("SELECT Id FROM User", "expired"),
    ] {
        let response = api
            .http
            .get(api.url("/services/data/v59.0/query"))
            .query(&[("q", q)])
            .bearer_auth(bearer)
            .send()
            .await
            .unwrap();
        let usage = response.headers()["sforce-limit-info"]
            .to_str()
            .unwrap()
            .to_owned();
        let (used, limit) = usage
            .strip_prefix("api-usage=")
            .and_then(|u| u.split_once('/'))
            .unwrap();
        assert!(
            used.parse::<u64>().unwrap() > 0 && limit.parse::<u64>().unwrap() > 0,
            "{usage}"
        );
    }
}

#[tokio::test]
async fn describe_lists_fields_and_answers_304_until_drift() {
    let api = start().await;
    let token = api.sf_token().await;
    let url = api.url("/services/data/v59.0/sobjects/Account/describe");
    let response = api.http.get(&url).bearer_auth(&token).send().await.unwrap();
    let last_modified = response.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    let (status, body) = json_of(response).await;
    assert_eq!(status, StatusCode::OK);
    let fields = body["fields"].as_array().unwrap();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"] == json!(name))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(field("Id")["soapType"], json!("tns:ID"));
    assert_eq!(field("AnnualRevenue")["type"], json!("currency"));
    assert_eq!(field("OwnerId")["referenceTo"], json!(["User"]));
    assert_eq!(field("OwnerId")["relationshipName"], json!("Owner"));
    assert_eq!(field("Region__c")["custom"], json!(true));
    for key in [
        "name",
        "type",
        "soapType",
        "nillable",
        "label",
        "custom",
        "filterable",
    ] {
        assert!(fields.iter().all(|f| f.get(key).is_some()), "{key}");
    }

    let unchanged = api
        .http
        .get(&url)
        .bearer_auth(&token)
        .header("If-Modified-Since", &last_modified)
        .send()
        .await
        .unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let drift = json!({"api": "salesforce", "object": "Account", "op": "rename", "field": "Industry", "to": "Sector__c"});
    let response = api
        .http
        .post(api.url("/_sandbox/drift"))
        .json(&drift)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let changed = api
        .http
        .get(&url)
        .bearer_auth(&token)
        .header("If-Modified-Since", &last_modified)
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(changed).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Sector__c") && !names.contains(&"Industry"),
        "{names:?}"
    );
    let (status, body) = api.soql(&token, "SELECT Industry FROM Account", None).await;
    assert_eq!(
        (status, body[0]["errorCode"].clone()),
        (StatusCode::BAD_REQUEST, json!("INVALID_FIELD"))
    );

    let missing = api
        .http
        .get(api.url("/services/data/v59.0/sobjects/Nope/describe"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(missing).await.1[0]["errorCode"], json!("NOT_FOUND"));
}

#[tokio::test]
async fn the_org_limit_is_enforced() {
    let api = start().await;
    let token = api.sf_token().await;
    api.control(json!({"salesforce_api_limit": 3})).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, body) = api.soql(&token, "SELECT Id FROM User", None).await;
        if status == StatusCode::FORBIDDEN {
            assert_eq!(body[0]["errorCode"], json!("REQUEST_LIMIT_EXCEEDED"));
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 403, 403]);
}

#[tokio::test]
async fn the_collections_retrieve_returns_records_by_id_in_the_order_asked() {
    let api = start().await;
    let token = api.sf_token().await;
    let company = api.sandbox.company();
    let accounts = company.salesforce.table("Account").unwrap();
    let name = accounts.column("Name").unwrap();
    let id_of = |i: usize| accounts.rows[i][0].as_text().unwrap().to_owned();
    let url = api.url("/services/data/v59.0/composite/sobjects/Account");
    let body =
        json!({"ids": [id_of(7), "001000000000000AAA", id_of(2)], "fields": ["Name", "Industry"]});
    let (status, records) = json_of(
        api.http
            .post(&url)
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{records}");
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["Id"], json!(id_of(7)));
    assert_eq!(
        records[0]["Name"],
        json!(accounts.rows[7][name].as_text().unwrap())
    );
    assert_eq!(records[0]["attributes"]["type"], json!("Account"));
    assert!(records[0].get("Industry").is_some());
    assert_eq!(records[1], Value::Null);
    assert_eq!(
        records[2]["Name"],
        json!(accounts.rows[2][name].as_text().unwrap())
    );

    let bad = json!({"ids": [id_of(1)], "fields": ["Name", "Nope__c"]});
    let (status, error) = json_of(
        api.http
            .post(&url)
            .bearer_auth(&token)
            .json(&bad)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error[0]["errorCode"], json!("INVALID_FIELD"));
    assert!(error[0]["message"].as_str().unwrap().contains("Nope__c"));

    let too_many: Vec<String> = (0..2001).map(|_| id_of(1)).collect();
    let (status, _) = json_of(
        api.http
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"ids": too_many, "fields": ["Name"]}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, error) = json_of(api.http.post(&url).json(&body).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error[0]["errorCode"], json!("INVALID_SESSION_ID"));
}
