//! The simulated NetSuite SuiteTalk REST API: `POST /services/rest/query/v1/suiteql` with OAuth 1.0a TBA,
//! `limit`/`offset` paging with `links` and `hasMore`, lowercase keys, text values and "T"/"F" booleans.

mod m2m;
pub(crate) mod oauth1;
mod suiteql;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{RawQuery, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value as Json, json};

use crate::data::Value;
use crate::server::{Served, Shared, base_url, lock};

const PATH: &str = "/services/rest/query/v1/suiteql";
const TOKEN_PATH: &str = "/services/rest/auth/oauth2/v1/token";

/// NetSuite-side state: nonces seen recently (a nonce is good once), and the OAuth 2.0 tokens issued, with
/// their expiry.
#[derive(Default)]
pub(crate) struct State {
    nonces: Mutex<HashMap<String, i64>>,
    tokens: Mutex<HashMap<String, i64>>,
}

impl State {
    /// Forgets seen nonces and issued tokens.
    pub(crate) fn reset(&self) {
        lock(&self.nonces).clear();
        lock(&self.tokens).clear();
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(PATH, post(suiteql))
        .route(TOKEN_PATH, post(token))
}

/// OAuth 2.0 client credentials with a JWT client assertion (machine-to-machine).
async fn token(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |key: &str| form.get(key).map(String::as_str);
    let refuse = |error: &str, description: &str| {
        (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": error, "error_description": description})),
        )
            .into_response()
    };
    if field("grant_type") != Some("client_credentials") {
        return refuse(
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    if field("client_assertion_type")
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return refuse(
            "invalid_request",
            "client_assertion_type must be jwt-bearer",
        );
    }
    let url = format!("{}{TOKEN_PATH}", base_url(&headers));
    if let Err((error, description)) =
        m2m::verify(field("client_assertion").unwrap_or_default(), &url)
    {
        return refuse(error, description);
    }
    let mut bytes = [0u8; 20];
    if ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).is_err() {
        return refuse("server_error", "no randomness for a token");
    }
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let now = chrono::Utc::now().timestamp();
    lock(&shared.netsuite.tokens).insert(token.clone(), now + 3600);
    axum::Json(json!({"access_token": token, "expires_in": "3600", "token_type": "bearer"}))
        .into_response()
}

/// NetSuite's error body: `{"type", "title", "status", "o:errorDetails": [{"detail", "o:errorCode"}]}`.
pub(crate) fn error(status: StatusCode, code: &str, detail: &str) -> Response {
    let section = match status.as_u16() {
        400 => "section-15.5.1",
        401 => "section-15.5.2",
        403 => "section-15.5.4",
        404 => "section-15.5.5",
        405 => "section-15.5.6",
        429 => "section-4",
        503 => "section-15.6.4",
        _ => "section-15.6.1",
    };
    let rfc = if status.as_u16() == 429 {
        "rfc6585"
    } else {
        "rfc9110"
    };
    let body = json!({
        "type": format!("https://www.rfc-editor.org/rfc/{rfc}.html#{section}"),
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "o:errorDetails": [{"detail": detail, "o:errorCode": code}],
    });
    (status, axum::Json(body)).into_response()
}

fn bad_request(detail: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "INVALID_PARAMETER", detail)
}

async fn suiteql(
    AxState(shared): AxState<Arc<Shared>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    let query: Vec<(String, String)> =
        form_urlencoded::parse(raw.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let base = base_url(&headers);
    let now = chrono::Utc::now().timestamp();
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok());
    let bearer = authorization.and_then(|h| h.strip_prefix("Bearer "));
    let authorized = authorization
        .ok_or(oauth1::Rejected::Missing("Authorization"))
        .and_then(|h| oauth1::verify(h, "POST", &format!("{base}{PATH}"), &query, now));
    let signed_in = match bearer {
        Some(token) => lock(&shared.netsuite.tokens)
            .get(token.trim())
            .is_some_and(|expires| *expires > now),
        None => authorized.as_ref().is_ok_and(|h| {
            let nonce = h.params.get("oauth_nonce").cloned().unwrap_or_default();
            let mut nonces = lock(&shared.netsuite.nonces);
            if nonces.len() > 100_000 {
                nonces.retain(|_, t| now - *t <= 600);
            }
            nonces.insert(nonce, now).is_none()
        }),
    };
    if let (None, Err(why)) = (bearer, &authorized) {
        tracing::debug!("netsuite: rejected login: {why:?}");
    }
    if !signed_in {
        return error(
            StatusCode::UNAUTHORIZED,
            "INVALID_LOGIN",
            "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.",
        );
    }

    let transient = headers
        .get("prefer")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| {
            h.split(',')
                .any(|p| p.trim().eq_ignore_ascii_case("transient"))
        });
    if !transient {
        return bad_request(
            "Invalid request header. The header 'Prefer: transient' is required for SuiteQL queries.",
        );
    }
    let mut limit = 1000usize;
    let mut offset = 0usize;
    for (k, v) in &query {
        match k.as_str() {
            "limit" => match v.parse::<usize>() {
                Ok(n) if (1..=1000).contains(&n) => limit = n,
                _ => {
                    return bad_request(&format!(
                        "Invalid value '{v}' for query parameter 'limit'. The value must be an integer between 1 and 1000."
                    ));
                }
            },
            "offset" => match v.parse::<usize>() {
                Ok(n) => offset = n,
                Err(_) => {
                    return bad_request(&format!(
                        "Invalid value '{v}' for query parameter 'offset'. The value must be a non-negative integer."
                    ));
                }
            },
            other => return bad_request(&format!("Invalid query parameter name: {other}.")),
        }
    }
    let q = match serde_json::from_slice::<Json>(&body) {
        Ok(Json::Object(mut m)) => match m.remove("q") {
            Some(Json::String(q)) => q,
            _ => {
                return bad_request(
                    "Invalid content in the request body. The 'q' property with a SuiteQL query is required.",
                );
            }
        },
        _ => {
            return bad_request(
                "Invalid content in the request body. The body must be a JSON object.",
            );
        }
    };
    let served = Served {
        query: Some(q.clone()),
        rows: 0,
    };

    let company = shared.company();
    let output = match suiteql::run(&q, &company.netsuite) {
        Ok(o) => o,
        Err(e) => {
            let mut r = error(StatusCode::BAD_REQUEST, e.code, &e.detail);
            r.extensions_mut().insert(served);
            return r;
        }
    };
    let total = output.rows.len();
    let end = offset.saturating_add(limit).min(total);
    let items: Vec<Json> = output
        .rows
        .get(offset.min(total)..end)
        .unwrap_or_default()
        .iter()
        .map(|row| {
            let mut item = serde_json::Map::new();
            item.insert("links".into(), json!([]));
            for (column, value) in output.columns.iter().zip(row) {
                if let Some(text) = render(value) {
                    item.insert(column.clone(), Json::String(text));
                }
            }
            Json::Object(item)
        })
        .collect();
    let has_more = end < total;
    let url = |o: usize| format!("{base}{PATH}?limit={limit}&offset={o}");
    let mut links = Vec::new();
    if offset > 0 {
        links.push(json!({"rel": "previous", "href": url(offset.saturating_sub(limit))}));
        links.push(json!({"rel": "first", "href": url(0)}));
    }
    if has_more {
        links.push(json!({"rel": "next", "href": url(end)}));
    }
    if total > 0 {
        links.push(json!({"rel": "last", "href": url((total - 1) / limit * limit)}));
    }
    links.push(json!({"rel": "self", "href": url(offset)}));
    let rows = items.len();
    let mut response = axum::Json(json!({
        "links": links, "count": rows, "hasMore": has_more, "items": items,
        "offset": offset, "totalResults": total,
    }))
    .into_response();
    response.extensions_mut().insert(Served { rows, ..served });
    response
}

/// How SuiteQL's REST endpoint writes a value: text, "T"/"F", dates as M/D/YYYY; null is left out.
fn render(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => if *b { "T" } else { "F" }.to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Date(d) => d.format("%-m/%-d/%Y").to_string(),
        Value::DateTime(t) => t.format("%-m/%-d/%Y").to_string(),
    })
}
