//! The org connection: an access token fetched once and shared, refreshed once on `INVALID_SESSION_ID`, and
//! Salesforce's error bodies turned into errors that say what happened.

use serde_json::Value as Json;
use tokio::sync::RwLock;

use super::auth::Credentials;
use crate::http::{HttpClient, HttpResponse};
use crate::{Error, Result};

#[derive(Clone)]
struct Token {
    access_token: String,
    instance_url: String,
}

/// Talks to one org.
pub(crate) struct SalesforceClient {
    source: String,
    http: HttpClient,
    login_url: String,
    pub(crate) api_version: String,
    credentials: Credentials,
    pub(crate) batch_size: u32,
    token: RwLock<Option<Token>>,
}

impl SalesforceClient {
    pub(crate) fn new(
        source: &str,
        http: HttpClient,
        login_url: &str,
        api_version: &str,
        credentials: Credentials,
        batch_size: u32,
    ) -> SalesforceClient {
        SalesforceClient {
            source: source.to_owned(),
            http,
            login_url: login_url.to_owned(),
            api_version: api_version.trim_start_matches('v').to_owned(),
            credentials,
            batch_size,
            token: RwLock::new(None),
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

    /// Fetches a token if there is none.
    pub(crate) async fn token(&self) -> Result<()> {
        if self.token.read().await.is_none() {
            self.refresh(None).await?;
        }
        Ok(())
    }

    /// Fetches a new token, unless another task already replaced `stale`.
    async fn refresh(&self, stale: Option<&str>) -> Result<Token> {
        let mut slot = self.token.write().await;
        if let Some(current) = slot.as_ref()
            && stale.is_some_and(|s| s != current.access_token)
        {
            return Ok(current.clone());
        }
        let url = format!("{}/services/oauth2/token", self.login_url);
        let form = self.credentials.token_form().map_err(|m| self.error(m))?;
        let (response, body) = self
            .http
            .send_json("oauth2/token", true, |c| c.post(&url).form(&form))
            .await?;
        let body = body.unwrap_or(Json::Null);
        if !response.status.is_success() {
            return Err(self.error(format!(
                "authentication failed ({}): {} {}",
                response.status,
                body["error"].as_str().unwrap_or("unknown error"),
                body["error_description"].as_str().unwrap_or_default()
            )));
        }
        let (Some(access_token), Some(instance_url)) =
            (body["access_token"].as_str(), body["instance_url"].as_str())
        else {
            return Err(self.error("the token response has no access_token or instance_url".into()));
        };
        let token = Token {
            access_token: access_token.to_owned(),
            instance_url: instance_url.trim_end_matches('/').to_owned(),
        };
        *slot = Some(token.clone());
        Ok(token)
    }

    /// `GET` a path of the instance (`/services/data/...`) and returns its JSON; refreshes the token once on
    /// 401; any other non-2xx answer is an error naming Salesforce's `errorCode` and message.
    pub(crate) async fn get(&self, path_and_query: &str, endpoint: &str) -> Result<Json> {
        self.call(path_and_query, None, endpoint).await
    }

    /// `POST`s a read that does not fit in a URL (the sObject Collections retrieve), as [`Self::get`] does;
    /// it changes nothing, so it is retried like a `GET`.
    pub(crate) async fn post_read(&self, path: &str, body: &Json, endpoint: &str) -> Result<Json> {
        self.call(path, Some(body), endpoint).await
    }

    async fn call(
        &self,
        path_and_query: &str,
        body: Option<&Json>,
        endpoint: &str,
    ) -> Result<Json> {
        let mut token = match self.token.read().await.clone() {
            Some(t) => t,
            None => self.refresh(None).await?,
        };
        for attempt in 0..2 {
            let url = format!("{}{path_and_query}", token.instance_url);
            let batch = format!("batchSize={}", self.batch_size);
            let bearer = token.access_token.clone();
            let (response, json) = self
                .http
                .send_json(endpoint, true, |c| match body {
                    None => c
                        .get(&url)
                        .bearer_auth(&bearer)
                        .header("Sforce-Query-Options", &batch),
                    Some(body) => c.post(&url).bearer_auth(&bearer).json(body),
                })
                .await?;
            if response.status == reqwest::StatusCode::UNAUTHORIZED && attempt == 0 {
                token = self.refresh(Some(&bearer)).await?;
                continue;
            }
            return self.read(endpoint, response, json);
        }
        Err(self.error(format!(
            "{endpoint}: the org refused a fresh token (INVALID_SESSION_ID)"
        )))
    }

    fn read(&self, endpoint: &str, response: HttpResponse, body: Option<Json>) -> Result<Json> {
        if response.status.is_success() {
            return body.ok_or_else(|| self.error(format!("{endpoint}: the response is not JSON")));
        }
        let first = body.as_ref().and_then(|b| b.get(0));
        let code = first
            .and_then(|e| e["errorCode"].as_str())
            .unwrap_or("UNKNOWN");
        let message = first
            .and_then(|e| e["message"].as_str())
            .unwrap_or("no message");
        if code == "REQUEST_LIMIT_EXCEEDED" {
            let usage = response
                .headers
                .get("sforce-limit-info")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("api-usage unknown");
            return Err(self.error(format!(
                "the org's API request limit is spent ({usage}): {message}; wait for the 24-hour window to roll or raise the limit"
            )));
        }
        Err(self.error(format!(
            "{endpoint}: Salesforce answered {} {code}: {message}",
            response.status.as_u16()
        )))
    }
}
