//! NetSuite's SuiteQL endpoint: `POST /services/rest/query/v1/suiteql?limit=&offset=` with
//! `Prefer: transient`, each request signed (TBA) or carrying an OAuth 2.0 bearer token (fetched again
//! once on a 401); NetSuite's error body mapped to an error naming its `o:errorCode`.

use std::fmt;

use serde_json::{Value as Json, json};

use super::auth::TokenAuth;
use super::m2m::MachineToMachine;
use crate::http::HttpClient;
use crate::{Error, Result};

const PATH: &str = "/services/rest/query/v1/suiteql";

/// How requests are authenticated.
pub(crate) enum Auth {
    /// Token-based authentication: each request signed.
    Tba(TokenAuth),
    /// OAuth 2.0 machine-to-machine: a bearer token.
    M2m(MachineToMachine),
}

/// One NetSuite account.
pub(crate) struct NetSuiteClient {
    source: String,
    http: HttpClient,
    url: String,
    auth: Auth,
}

impl fmt::Debug for NetSuiteClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetSuiteClient")
            .field("source", &self.source)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// One page of a SuiteQL result.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) items: Vec<Json>,
    pub(crate) has_more: bool,
    /// Rows the whole query has.
    pub(crate) total: usize,
}

impl NetSuiteClient {
    pub(crate) fn new(source: &str, http: HttpClient, base_url: &str, auth: Auth) -> Self {
        NetSuiteClient {
            source: source.to_owned(),
            http,
            url: format!("{}{PATH}", base_url.trim_end_matches('/')),
            auth,
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

    /// Rows `offset..offset + limit` of `suiteql`. A SuiteQL query only reads, so it is retried.
    pub(crate) async fn query(&self, suiteql: &str, limit: usize, offset: usize) -> Result<Page> {
        let params = [("limit", limit.to_string()), ("offset", offset.to_string())];
        let url = format!("{}?limit={limit}&offset={offset}", self.url);
        let body = json!({ "q": suiteql });
        let mut stale: Option<String> = None;
        let (response, json) = loop {
            let bearer = match &self.auth {
                Auth::M2m(m2m) => Some(
                    m2m.bearer(&self.http, &self.source, stale.as_deref())
                        .await?,
                ),
                Auth::Tba(_) => None,
            };
            let (response, json) =
                self.http
                    .send_json("POST suiteql", true, |c| {
                        let request = c.post(&url).header("Prefer", "transient").json(&body);
                        match (&self.auth, &bearer) {
                            (Auth::Tba(tba), _) => request
                                .header("Authorization", tba.header("POST", &self.url, &params)),
                            (Auth::M2m(_), Some(token)) => request.bearer_auth(token),
                            (Auth::M2m(_), None) => request,
                        }
                    })
                    .await?;
            if response.status == reqwest::StatusCode::UNAUTHORIZED
                && bearer.is_some()
                && stale.is_none()
            {
                // The token expired or was revoked: one new token, one more try.
                stale = bearer;
                continue;
            }
            break (response, json);
        };
        if !response.status.is_success() {
            let detail = json
                .as_ref()
                .and_then(|b| b["o:errorDetails"].get(0).cloned())
                .unwrap_or(Json::Null);
            let code = detail["o:errorCode"].as_str().unwrap_or("UNKNOWN");
            let message = detail["detail"].as_str().unwrap_or("no detail");
            let hint = if response.status == reqwest::StatusCode::UNAUTHORIZED {
                "; check the account id (realm) and the four token-based-auth secrets"
            } else {
                ""
            };
            return Err(self.error(format!(
                "SuiteQL answered {} {code}: {message}{hint} (query: {})",
                response.status.as_u16(),
                shorten(suiteql)
            )));
        }
        let json = json.ok_or_else(|| self.error("the SuiteQL response is not JSON".into()))?;
        let (Some(Json::Array(items)), Some(has_more)) =
            (json.get("items").cloned(), json["hasMore"].as_bool())
        else {
            return Err(self.error("the SuiteQL response has no items or hasMore".into()));
        };
        let total = json["totalResults"]
            .as_u64()
            .map_or(offset + items.len(), |t| t as usize);
        Ok(Page {
            items,
            has_more,
            total,
        })
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(300) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_owned(),
    }
}
