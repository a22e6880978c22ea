//! The sandbox driven over real HTTP by a generic client (reqwest), as a connector would drive the real
//! services. One test binary; one module per API plus control, fuzzing and the warehouse files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod control;
mod fuzz;
mod netsuite;
mod salesforce;
mod stripe;
mod warehouse;

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A running sandbox and a plain HTTP client.
pub(crate) struct Api {
    pub(crate) sandbox: Sandbox,
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
}

/// A sandbox of 150 companies (seed 42) on a free port.
pub(crate) async fn start() -> Api {
    start_with(150, 42).await
}

pub(crate) async fn start_with(scale: usize, seed: u64) -> Api {
    let sandbox = Sandbox::start(SandboxConfig {
        company: CompanyConfig {
            scale,
            seed,
            ..CompanyConfig::default()
        },
        control: Control {
            netsuite_concurrency: 64,
            ..Control::default()
        },
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    Api {
        sandbox,
        http: reqwest::Client::new(),
        base,
    }
}

pub(crate) async fn json_of(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text:.300}"));
    (status, body)
}

const OAUTH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, OAUTH).to_string()
}

/// How to sign a NetSuite request (the right credentials by default).
pub(crate) struct Signing<'a> {
    pub(crate) consumer_secret: &'a str,
    pub(crate) token_secret: &'a str,
    pub(crate) method: &'a str,
    pub(crate) realm: &'a str,
    pub(crate) nonce: String,
    pub(crate) timestamp: i64,
}

impl Default for Signing<'_> {
    fn default() -> Self {
        static NONCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NONCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Signing {
            consumer_secret: aos_sandbox::NETSUITE_CONSUMER_SECRET,
            token_secret: aos_sandbox::NETSUITE_TOKEN_SECRET,
            method: "HMAC-SHA256",
            realm: aos_sandbox::NETSUITE_ACCOUNT_ID,
            nonce: format!("nonce{n}x{}", std::process::id()),
            timestamp: chrono::Utc::now().timestamp(),
        }
    }
}

/// An OAuth 1.0a `Authorization` header for `POST url` (RFC 5849, written independently of the sandbox's).
pub(crate) fn oauth_header(url: &str, s: &Signing<'_>) -> String {
    let (base_url, query) = url.split_once('?').unwrap_or((url, ""));
    let ts = s.timestamp.to_string();
    let oauth = [
        ("oauth_consumer_key", aos_sandbox::NETSUITE_CONSUMER_KEY),
        ("oauth_token", aos_sandbox::NETSUITE_TOKEN_ID),
        ("oauth_signature_method", s.method),
        ("oauth_timestamp", ts.as_str()),
        ("oauth_nonce", s.nonce.as_str()),
        ("oauth_version", "1.0"),
    ];
    let mut params: Vec<(String, String)> = oauth.iter().map(|(k, v)| (enc(k), enc(v))).collect();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        params.push((enc(&k), enc(&v)));
    }
    params.sort();
    let normalized: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let base = format!("POST&{}&{}", enc(base_url), enc(&normalized.join("&")));
    let key = format!("{}&{}", enc(s.consumer_secret), enc(s.token_secret));
    let tag = ring::hmac::sign(
        &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes()),
        base.as_bytes(),
    );
    let signature =
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, tag.as_ref());
    let mut header = format!("OAuth realm=\"{}\"", s.realm);
    for (k, v) in oauth {
        header.push_str(&format!(", {k}=\"{}\"", enc(v)));
    }
    header.push_str(&format!(", oauth_signature=\"{}\"", enc(&signature)));
    header
}

impl Api {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) async fn sf_token(&self) -> String {
        let (status, body) = json_of(
            self.http
                .post(self.url("/services/oauth2/token"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", aos_sandbox::SALESFORCE_CLIENT_ID),
                    ("client_secret", aos_sandbox::SALESFORCE_CLIENT_SECRET),
                ])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// `GET /services/data/v59.0/query?q=...` with an optional batch size.
    pub(crate) async fn soql(
        &self,
        token: &str,
        q: &str,
        batch: Option<usize>,
    ) -> (StatusCode, Value) {
        let mut request = self
            .http
            .get(self.url("/services/data/v59.0/query"))
            .query(&[("q", q)])
            .bearer_auth(token);
        if let Some(n) = batch {
            request = request.header("Sforce-Query-Options", format!("batchSize={n}"));
        }
        json_of(request.send().await.unwrap()).await
    }

    /// Every record of a SOQL query, following `nextRecordsUrl`; also returns the page sizes.
    pub(crate) async fn soql_all(
        &self,
        token: &str,
        q: &str,
        batch: usize,
    ) -> (Vec<Value>, Vec<usize>, usize) {
        let (status, mut body) = self.soql(token, q, Some(batch)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let total = body["totalSize"].as_u64().unwrap() as usize;
        let mut records = Vec::new();
        let mut pages = Vec::new();
        loop {
            let page = body["records"].as_array().unwrap().clone();
            pages.push(page.len());
            records.extend(page);
            if body["done"] == json!(true) {
                break;
            }
            let next = body["nextRecordsUrl"].as_str().unwrap().to_owned();
            let (status, next_body) = json_of(
                self.http
                    .get(self.url(&next))
                    .bearer_auth(token)
                    .header("Sforce-Query-Options", format!("batchSize={batch}"))
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{next_body}");
            body = next_body;
        }
        (records, pages, total)
    }

    /// `GET /v1/...` with the secret key.
    pub(crate) async fn stripe(&self, path_and_query: &str) -> (StatusCode, Value) {
        json_of(
            self.http
                .get(self.url(path_and_query))
                .bearer_auth(aos_sandbox::STRIPE_API_KEY)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// `POST` a SuiteQL query to `url` (which carries limit/offset), signed as `signing` says.
    pub(crate) async fn suiteql_at(
        &self,
        url: &str,
        q: &str,
        signing: &Signing<'_>,
    ) -> (StatusCode, Value) {
        json_of(
            self.http
                .post(url)
                .header("Authorization", oauth_header(url, signing))
                .header("Prefer", "transient")
                .json(&json!({"q": q}))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub(crate) async fn suiteql(
        &self,
        q: &str,
        limit: usize,
        offset: usize,
    ) -> (StatusCode, Value) {
        let url = self.url(&format!(
            "/services/rest/query/v1/suiteql?limit={limit}&offset={offset}"
        ));
        self.suiteql_at(&url, q, &Signing::default()).await
    }

    pub(crate) async fn control(&self, settings: Value) {
        let response = self
            .http
            .post(self.url("/_sandbox/control"))
            .json(&settings)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{}",
            response.text().await.unwrap()
        );
    }

    pub(crate) async fn stats(&self) -> Value {
        json_of(
            self.http
                .get(self.url("/_sandbox/stats"))
                .send()
                .await
                .unwrap(),
        )
        .await
        .1
    }
}
