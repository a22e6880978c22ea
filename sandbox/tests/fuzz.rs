//! Thousands of malformed and hostile SOQL, SuiteQL and Stripe inputs: each gets the API's own error body
//! (or a normal answer), never a panic, a 500 or a dropped connection.

use futures::StreamExt;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::start;

const SOQL: &[&str] = &[
    "SELECT Id, Name, Account.Name FROM Contact WHERE LastName = 'O\\'Brien' ORDER BY Name LIMIT 10",
    "SELECT COUNT() FROM Opportunity WHERE (Amount > 1000 OR Probability < 20) AND CloseDate >= 2025-01-01",
    "SELECT StageName, SUM(Amount) total FROM Opportunity GROUP BY StageName ORDER BY SUM(Amount) DESC",
    "SELECT Id FROM Account WHERE Name LIKE 'A\\%b%' AND Industry NOT IN ('Retail', null) OFFSET 5",
    "SELECT Id, CreatedDate FROM User WHERE CreatedDate > 2024-01-01T00:00:00Z AND IsActive = true",
];

const SUITEQL: &[&str] = &[
    "SELECT t.id, t.tranid, BUILTIN.DF(t.entity) AS who FROM transaction t WHERE t.type = 'CustInvc' ORDER BY t.id",
    "SELECT c.companyname, COUNT(*) AS n FROM customer c LEFT JOIN transaction t ON t.entity = c.id GROUP BY c.companyname",
    "SELECT id FROM transaction WHERE trandate BETWEEN TO_DATE('2025-01-01', 'YYYY-MM-DD') AND TO_DATE('2025-12-31', 'YYYY-MM-DD')",
    "SELECT NVL(email, 'none') AS e, TO_CHAR(datecreated, 'YYYY-MM-DD') FROM customer WHERE companyname LIKE 'A%' AND ROWNUM <= 5",
    "SELECT id FROM customer WHERE id IN (1001, 1002) OR email IS NULL ORDER BY 1 DESC",
];

const STRIPE: &[&str] = &[
    "/v1/invoices?limit=5&status=paid&created[gte]=1700000000&expand[]=data.customer",
    "/v1/subscriptions?status=all&limit=3&expand[]=data.latest_invoice",
    "/v1/customers?email=billing%40acme.com&limit=100",
    "/v1/charges?limit=2&starting_after=ch_123",
];

const NASTY: &[&str] = &[
    "'",
    "''",
    "\\",
    "\\'",
    "\"",
    "(",
    ")",
    "((((",
    "))))",
    "%",
    "_",
    ",",
    ".",
    "=",
    "!=",
    "<>",
    "<=",
    "*",
    "--",
    "/*",
    "*/",
    ";",
    " OR ",
    " AND ",
    " NOT ",
    " IN ",
    " LIKE ",
    " NULL ",
    "\u{0}",
    "\u{1F600}",
    "é",
    "\u{202E}",
    "\n",
    "\t",
    " SELECT ",
    " FROM ",
    " WHERE ",
    "2025-13-45",
    "9999999999999999999999",
    "-",
    "1e309",
    "\\u12",
    "\\uZZZZ",
    "[",
    "]",
    "&",
    "#",
    "?",
    "%00",
    "%ZZ",
    "limit=",
    "expand[]=",
    "created[gt]=",
    "starting_after=",
];

/// A random edit of `seed`: insert, delete, duplicate or truncate.
fn mutate(rng: &mut ChaCha8Rng, seed: &str) -> String {
    let mut s: Vec<char> = seed.chars().collect();
    for _ in 0..rng.random_range(1..4) {
        let at = rng.random_range(0..=s.len());
        match rng.random_range(0..5) {
            0 | 1 => {
                let nasty = NASTY[rng.random_range(0..NASTY.len())];
                s.splice(at..at, nasty.chars());
            }
            2 if !s.is_empty() => {
                let end = (at + rng.random_range(1..8)).min(s.len());
                s.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + rng.random_range(1..20)).min(s.len());
                let piece: Vec<char> = s[at.min(end)..end].to_vec();
                s.splice(at..at, piece);
            }
            _ => s.truncate(at),
        }
    }
    s.into_iter().collect()
}

fn hostile() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        // SOQL travels in the URL: these stay under what an HTTP client can send (64 KiB); the OR chain is over
        // the 16 KiB a URL may have, which is answered with 414.
        format!(
            "SELECT Id FROM Account WHERE {}Name = 'x'{}",
            "(".repeat(2_000),
            ")".repeat(2_000)
        ),
        format!(
            "SELECT Id FROM Account WHERE {}",
            vec!["Name = 'x'"; 1_500].join(" OR ")
        ),
        format!(
            "SELECT Id FROM Account WHERE {}",
            vec!["Name = 'x'"; 500].join(" OR ")
        ),
        format!(
            "SELECT id FROM customer WHERE {}",
            vec!["id = 1"; 8_000].join(" OR ")
        ),
        format!(
            "SELECT id FROM customer WHERE {}id = 1{}",
            "(".repeat(5_000),
            ")".repeat(5_000)
        ),
        format!(
            "SELECT id FROM customer WHERE {}",
            "NOT ".repeat(10_000) + "id = 1"
        ),
        format!(
            "SELECT Id FROM Account WHERE {}",
            "NOT ".repeat(3_000) + "Name = 'x'"
        ),
        format!(
            "SELECT Id FROM Account WHERE Name LIKE '{}b'",
            "%a".repeat(1_000)
        ),
        format!(
            "SELECT id FROM customer WHERE companyname LIKE '{}b'",
            "%a".repeat(2_000)
        ),
        format!(
            "SELECT Id FROM Account WHERE Name = '{}'",
            "x".repeat(20_000)
        ),
        format!(
            "SELECT id FROM customer WHERE companyname = '{}'",
            "x".repeat(200_000)
        ),
        "SELECT id FROM customer c JOIN transaction t ON 1 = 1 JOIN transactionline l ON 1 = 1"
            .into(),
    ]
}

#[tokio::test]
async fn malformed_and_hostile_input_gets_the_real_error_body() {
    let api = start().await;
    let token = api.sf_token().await;
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut cases: Vec<(&str, String)> = Vec::new();
    for _ in 0..1_500 {
        let seed = SOQL[rng.random_range(0..SOQL.len())];
        cases.push(("soql", mutate(&mut rng, seed)));
        let seed = SUITEQL[rng.random_range(0..SUITEQL.len())];
        cases.push(("suiteql", mutate(&mut rng, seed)));
    }
    for _ in 0..1_000 {
        let seed = STRIPE[rng.random_range(0..STRIPE.len())];
        cases.push(("stripe", mutate(&mut rng, seed)));
    }
    for h in hostile() {
        // An HTTP client cannot send a URL over 64 KiB at all; longer SOQL is only sent as SuiteQL.
        if h.len() < 20_000 {
            cases.push(("soql", h.clone()));
        }
        cases.push(("suiteql", h));
    }
    let total = cases.len();
    let api = &api;
    let token = token.as_str();
    let failures: Vec<String> = futures::stream::iter(cases)
        .map(|(kind, input)| async move {
            let response = match kind {
                "soql" => {
                    api.http
                        .get(api.url("/services/data/v59.0/query"))
                        .query(&[("q", &input)])
                        .bearer_auth(token)
                        .send()
                        .await
                }
                "suiteql" => {
                    let url = api.url("/services/rest/query/v1/suiteql?limit=5");
                    api.http
                        .post(&url)
                        .header(
                            "Authorization",
                            crate::oauth_header(&url, &crate::Signing::default()),
                        )
                        .header("Prefer", "transient")
                        .json(&json!({"q": input}))
                        .send()
                        .await
                }
                _ => {
                    let path: String = input
                        .chars()
                        .filter(|c| !c.is_control() && *c != ' ' && *c != '#')
                        .collect();
                    let path = if path.starts_with("/v1/") {
                        path
                    } else {
                        format!("/v1/{path}")
                    };
                    api.http
                        .get(api.url(&path))
                        .bearer_auth(aos_sandbox::STRIPE_API_KEY)
                        .send()
                        .await
                }
            };
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    return Some(format!(
                        "{kind} {input:.200}: transport error {:.200}",
                        e.to_string()
                    ));
                }
            };
            let status = response.status();
            if kind == "soql" && status == StatusCode::URI_TOO_LONG {
                // Too long for a URL: refused before Salesforce reads it, as a load balancer would.
                return None;
            }
            let body: Value = match response.json().await {
                Ok(b) => b,
                Err(e) => {
                    return Some(format!(
                        "{kind} {input:.200}: {status} with a non-JSON body ({e})"
                    ));
                }
            };
            let envelope_ok = match (kind, status) {
                (_, StatusCode::OK) => true,
                ("soql", StatusCode::BAD_REQUEST) => {
                    body[0]["errorCode"].is_string() && body[0]["message"].is_string()
                }
                ("suiteql", StatusCode::BAD_REQUEST) => {
                    body["o:errorDetails"][0]["o:errorCode"] == json!("INVALID_PARAMETER")
                }
                ("stripe", StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND) => {
                    body["error"]["type"] == json!("invalid_request_error")
                }
                _ => false,
            };
            (!envelope_ok)
                .then(|| format!("{kind} {input:.200}: {status} {:.300}", body.to_string()))
        })
        .buffer_unordered(8)
        .filter_map(|f| async move { f })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "{} of {total} inputs failed, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The server is still healthy afterwards.
    assert_eq!(api.stripe("/v1/products").await.0, StatusCode::OK);
}
