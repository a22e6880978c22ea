//! Stripe's HTTP API: Bearer auth with the secret key, a pinned `Stripe-Version`, list pages and
//! retrieves, Stripe's error body mapped to an error naming its type and code.

use std::fmt;

use serde_json::Value as Json;

use crate::http::{HttpClient, HttpResponse};
use crate::{Error, Result};

/// One Stripe account.
pub(crate) struct StripeClient {
    source: String,
    http: HttpClient,
    api_base: String,
    api_key: String,
    version: String,
}

impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the key.
        f.debug_struct("StripeClient")
            .field("source", &self.source)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// One page of a list.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) data: Vec<Json>,
    pub(crate) has_more: bool,
}

impl StripeClient {
    pub(crate) fn new(
        source: &str,
        http: HttpClient,
        api_base: &str,
        api_key: String,
        version: String,
    ) -> StripeClient {
        StripeClient {
            source: source.to_owned(),
            http,
            api_base: api_base.trim_end_matches('/').to_owned(),
            api_key,
            version,
        }
    }

    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    pub(crate) fn error(&self, message: String) -> Error {
        Error::Remote {
            source_name: self.source.clone(),
            message,
        }
    }

    /// `GET /v1/<path>?<query>`: one page of a list.
    pub(crate) async fn list(&self, path: &str, query: &str) -> Result<Page> {
        let endpoint = format!("GET /v1/{path}");
        let (response, body) = self.get(&format!("/v1/{path}?{query}"), &endpoint).await?;
        let body = self.read(&endpoint, response, body)?;
        let (Some(Json::Array(data)), Some(has_more)) = (
            body.get("data").cloned(),
            body.get("has_more").and_then(Json::as_bool),
        ) else {
            return Err(self.error(format!(
                "{endpoint}: the answer is not a list (no data or has_more)"
            )));
        };
        Ok(Page { data, has_more })
    }

    /// Checks the key with a one-object list of `path`: an answer refusing the request (a wrong key, a
    /// restricted key, an unknown `Stripe-Version`) is an error; an API that cannot be reached now is
    /// only logged, so that a server starts, and serves its accelerated copies, while Stripe is down.
    pub(crate) async fn check_key(&self, path: &str) -> Result<()> {
        let endpoint = format!("GET /v1/{path}");
        let problem = match self.get(&format!("/v1/{path}?limit=1"), &endpoint).await {
            Ok((response, body)) if response.status.is_client_error() => {
                return self.read(&endpoint, response, body).map(|_| ());
            }
            Ok((response, _)) if response.status.is_success() => return Ok(()),
            Ok((response, _)) => format!("HTTP {}", response.status),
            Err(e) => e.to_string(),
        };
        tracing::warn!(source = %self.source, error = %problem, "Stripe cannot be reached at start; its tables are read when it answers");
        Ok(())
    }

    /// `GET /v1/<path>/<id>`: one object, or None if Stripe has no such object of this type.
    pub(crate) async fn retrieve(&self, path: &str, id: &str) -> Result<Option<Json>> {
        let endpoint = format!("GET /v1/{path}/{{id}}");
        let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
        let (response, body) = self.get(&format!("/v1/{path}/{id}"), &endpoint).await?;
        if response.status == reqwest::StatusCode::NOT_FOUND
            && body.as_ref().is_some_and(|b| {
                b["error"]["code"] == "resource_missing" || b["error"]["param"] == "id"
            })
        {
            return Ok(None);
        }
        self.read(&endpoint, response, body).map(Some)
    }

    async fn get(
        &self,
        path_and_query: &str,
        endpoint: &str,
    ) -> Result<(HttpResponse, Option<Json>)> {
        let url = format!("{}{path_and_query}", self.api_base);
        self.http
            .send_json(endpoint, true, |c| {
                c.get(&url)
                    .bearer_auth(&self.api_key)
                    .header("Stripe-Version", &self.version)
            })
            .await
    }

    fn read(&self, endpoint: &str, response: HttpResponse, body: Option<Json>) -> Result<Json> {
        if response.status.is_success() {
            return body.ok_or_else(|| self.error(format!("{endpoint}: the response is not JSON")));
        }
        let error = body.as_ref().map(|b| &b["error"]);
        let field = |key: &str| {
            error
                .and_then(|e| e[key].as_str())
                .map(str::to_owned)
                .unwrap_or_default()
        };
        let (kind, code, message) = (field("type"), field("code"), field("message"));
        let kind = if kind.is_empty() {
            "unknown error".to_owned()
        } else {
            kind
        };
        let code = if code.is_empty() {
            String::new()
        } else {
            format!(" ({code})")
        };
        let hint = match response.status.as_u16() {
            401 => "; check the key that api_key_env names",
            403 => "; the key lacks permission (a restricted key?)",
            _ => "",
        };
        Err(self.error(format!(
            "{endpoint}: Stripe answered {} {kind}{code}: {message}{hint}",
            response.status.as_u16()
        )))
    }
}
