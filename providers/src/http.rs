//! The HTTP client every REST provider shares: timeouts, retries with exponential backoff and jitter (for
//! idempotent calls, on connection errors, timeouts, 429, 5xx and unreadable bodies, honouring
//! `Retry-After`), a circuit breaker, a concurrency limit and a request-rate limit per source, a
//! response-size guard, shared in-flight reads (identical idempotent requests made while one is in
//! flight wait for its response instead of asking again), and a tracing span per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::FutureExt;
use futures::future::{BoxFuture, WeakShared};
use reqwest::header::HeaderMap;
use reqwest::{RequestBuilder, StatusCode};
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::{Error, Result};

/// How a source's client behaves.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Time allowed for one attempt, body included.
    pub timeout: Duration,
    /// Attempts after the first, for idempotent calls.
    pub max_retries: u32,
    /// First backoff; doubles per retry, with jitter, up to `max_backoff`.
    pub base_backoff: Duration,
    /// Longest wait between attempts (also caps `Retry-After`).
    pub max_backoff: Duration,
    /// Requests in flight at once for this source.
    pub max_concurrency: usize,
    /// Requests started per second at most (attempts evenly spaced); None for no limit.
    pub max_requests_per_s: Option<f64>,
    /// Largest response body accepted.
    pub max_response_bytes: usize,
    /// Consecutive failed calls that open the circuit.
    pub breaker_threshold: u32,
    /// How long an open circuit refuses calls before letting one probe through.
    pub breaker_cooldown: Duration,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(30),
            max_retries: 4,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_concurrency: 8,
            max_requests_per_s: None,
            max_response_bytes: 256 << 20,
            breaker_threshold: 5,
            breaker_cooldown: Duration::from_secs(30),
        }
    }
}

/// A response read in full.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// Status code.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Bytes,
}

impl HttpResponse {
    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

#[derive(Debug)]
enum Breaker {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen,
}

/// One source's HTTP client.
#[derive(Debug)]
pub struct HttpClient {
    source: String,
    client: reqwest::Client,
    settings: HttpSettings,
    /// At most `max_concurrency` requests in flight. A permit is waited for and held by a spawned task
    /// that reads the whole response, never by the caller's future: a scan that is not being polled
    /// (its consumer is busy with another input of the same query) must not keep the source's permits
    /// from the scan it waits for.
    permits: Arc<Semaphore>,
    breaker: Mutex<Breaker>,
    /// When the next attempt may start, under `max_requests_per_s`.
    next_slot: Mutex<Instant>,
    /// Idempotent attempts in flight, by what they ask: an identical one waits for that response.
    /// Weak, so an attempt every caller gave up on (and aborted) is never joined.
    in_flight: Arc<InFlight>,
    /// Numbers the attempts in `in_flight`, so one removes only its own entry.
    attempts: std::sync::atomic::AtomicU64,
}

/// What makes two requests the same: method, URL (query included) and body. Every request of one client
/// carries the same credentials.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RequestKey {
    method: reqwest::Method,
    url: String,
    body: Option<Bytes>,
}

/// One attempt, which identical concurrent callers share.
type SharedAttempt = BoxFuture<'static, Result<HttpResponse, Failure>>;

/// The attempts in flight, by request, each with its number.
type InFlight = Mutex<HashMap<RequestKey, (u64, WeakShared<SharedAttempt>)>>;

/// Why one attempt failed, and whether another may succeed.
#[derive(Clone)]
struct Failure {
    message: String,
    retry_after: Option<Duration>,
}

impl HttpClient {
    /// A client for source `source`.
    pub fn new(source: &str, settings: HttpSettings) -> Result<HttpClient> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| Error::Remote {
                source_name: source.to_owned(),
                message: format!("cannot build an HTTP client: {e}"),
            })?;
        Ok(HttpClient {
            source: source.to_owned(),
            client,
            permits: Arc::new(Semaphore::new(settings.max_concurrency.max(1))),
            settings,
            breaker: Mutex::new(Breaker::Closed { failures: 0 }),
            next_slot: Mutex::new(Instant::now()),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
            attempts: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// The underlying client, to build requests with.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends the request `build` makes (called again for each attempt) and reads the whole body.
    ///
    /// Idempotent calls are retried on connection errors, timeouts, 429, 5xx, and successful responses whose
    /// body `accept` rejects (e.g. truncated JSON); other statuses are returned for the caller to interpret. `endpoint`
    /// names the call in logs and errors.
    pub async fn send(
        &self,
        endpoint: &str,
        idempotent: bool,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
        accept: impl Fn(&HttpResponse) -> bool,
    ) -> Result<HttpResponse> {
        self.admit()?;
        let span = tracing::info_span!(
            "http",
            source = %self.source,
            endpoint,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            bytes = tracing::field::Empty,
            retries = tracing::field::Empty,
        );
        let started = Instant::now();
        let mut attempt = 0u32;
        let result = async {
            loop {
                match self.attempt(&build, idempotent).await {
                    Ok(response)
                        if !retryable_status(response.status)
                            && (accept(&response) || !response.status.is_success()) =>
                    {
                        return Ok(response);
                    }
                    // 429, 5xx, or a success whose body is unreadable (cut off).
                    Ok(response) => {
                        let failure = Failure {
                            message: describe_status(&response),
                            retry_after: retry_after(&response.headers),
                        };
                        if !idempotent || attempt >= self.settings.max_retries {
                            return Err(failure.message);
                        }
                        self.back_off(attempt, failure.retry_after).await;
                    }
                    Err(failure) => {
                        if !idempotent || attempt >= self.settings.max_retries {
                            return Err(failure.message);
                        }
                        tracing::debug!(attempt, "retrying after: {}", failure.message);
                        self.back_off(attempt, failure.retry_after).await;
                    }
                }
                attempt += 1;
            }
        }
        .instrument(span.clone())
        .await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        span.record("retries", attempt);
        match result {
            Ok(response) => {
                span.record("status", response.status.as_u16());
                span.record("bytes", response.body.len());
                self.record(response.status.is_server_error());
                Ok(response)
            }
            Err(message) => {
                self.record(true);
                let retries = if attempt > 0 {
                    format!(" (after {attempt} retries)")
                } else {
                    String::new()
                };
                Err(self.error(endpoint, format!("{message}{retries}")))
            }
        }
    }

    /// [`HttpClient::send`] for JSON APIs: a successful response must parse as JSON (else it is retried as
    /// cut off). Returns the response with its body parsed once, if it is JSON.
    pub async fn send_json(
        &self,
        endpoint: &str,
        idempotent: bool,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> Result<(HttpResponse, Option<serde_json::Value>)> {
        let parsed = Mutex::new(None);
        let response = self
            .send(
                endpoint,
                idempotent,
                build,
                |r| match serde_json::from_slice(&r.body) {
                    Ok(value) => {
                        *parsed
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(value);
                        true
                    }
                    Err(_) => false,
                },
            )
            .await?;
        let parsed = parsed
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok((response, parsed))
    }

    /// One attempt: the request sent and its response read. An idempotent request identical to one in
    /// flight waits for that one's response instead ("200 dashboards read Stripe once").
    async fn attempt(
        &self,
        build: &impl Fn(&reqwest::Client) -> RequestBuilder,
        idempotent: bool,
    ) -> Result<HttpResponse, Failure> {
        let request = build(&self.client).timeout(self.settings.timeout);
        // A body that is a stream cannot be compared: such a request is never shared.
        let key = idempotent
            .then(|| request.try_clone()?.build().ok())
            .flatten()
            .and_then(|r| {
                let body = match r.body() {
                    Some(body) => Some(Bytes::copy_from_slice(body.as_bytes()?)),
                    None => None,
                };
                Some(RequestKey {
                    method: r.method().clone(),
                    url: r.url().to_string(),
                    body,
                })
            });
        let Some(key) = key else {
            self.pace().await;
            return self.spawn_attempt(request).await;
        };
        let shared = {
            let mut in_flight = self
                .in_flight
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            match in_flight.get(&key).and_then(|(_, weak)| weak.upgrade()) {
                Some(shared) => shared,
                None => {
                    let id = self
                        .attempts
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    // The rate-limit slot is taken now, by the one request that is sent.
                    let slot = self.reserve_slot(Instant::now());
                    let attempt = self.spawn_attempt(request);
                    let registry = Arc::clone(&self.in_flight);
                    let done = key.clone();
                    let future: SharedAttempt = async move {
                        if let Some(slot) = slot {
                            tokio::time::sleep_until(slot.into()).await;
                        }
                        let result = attempt.await;
                        // Later identical requests ask again: they want what is there now.
                        let mut registry = registry
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        if registry.get(&done).is_some_and(|(n, _)| *n == id) {
                            registry.remove(&done);
                        }
                        result
                    }
                    .boxed();
                    let shared = future.shared();
                    if let Some(weak) = shared.downgrade() {
                        in_flight.insert(key, (id, weak));
                    }
                    shared
                }
            }
        };
        shared.await
    }

    /// Sends `request` from a spawned task and reads the whole response.
    fn spawn_attempt(
        &self,
        request: RequestBuilder,
    ) -> impl std::future::Future<Output = Result<HttpResponse, Failure>> + Send + 'static {
        let limit = self.settings.max_response_bytes;
        let permits = Arc::clone(&self.permits);
        async move {
            // The spawned task waits for the permit, not the caller: the semaphore hands a released
            // permit to the first waiter at once, and a waiter inside a scan that is not being polled
            // (its consumer reads another input) would hold it, and every other scan of the source
            // behind it, forever.
            let mut task = AbortOnDrop(tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.map_err(|_| Failure {
                    message: "client closed".into(),
                    retry_after: None,
                })?;
                read_response(request, limit).await
            }));
            match (&mut task.0).await {
                Ok(result) => result,
                Err(e) => Err(Failure {
                    message: format!("the request task failed: {e}"),
                    retry_after: None,
                }),
            }
        }
    }
    /// Waits for this attempt's turn under `max_requests_per_s`: attempts start at least `1 / rate` apart,
    /// so no one-second window holds more than `rate` of them.
    async fn pace(&self) {
        if let Some(slot) = self.reserve_slot(Instant::now()) {
            tokio::time::sleep_until(slot.into()).await;
        }
    }

    /// The start time of an attempt asking at `now`, or None when the rate is not limited.
    fn reserve_slot(&self, now: Instant) -> Option<Instant> {
        let rate = self.settings.max_requests_per_s.filter(|r| *r > 0.0)?;
        let interval = Duration::from_secs_f64(1.0 / rate);
        let mut next = self
            .next_slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = (*next).max(now);
        *next = slot + interval;
        Some(slot)
    }

    async fn back_off(&self, attempt: u32, retry_after: Option<Duration>) {
        let exponential = self
            .settings
            .base_backoff
            .saturating_mul(1u32 << attempt.min(16));
        let jitter = 0.5 + rand::random::<f64>() * 0.5;
        let wait = retry_after
            .unwrap_or_else(|| exponential.mul_f64(jitter))
            .min(self.settings.max_backoff);
        tokio::time::sleep(wait).await;
    }

    /// Refuses the call while the circuit is open; lets one probe through once the cooldown is over.
    fn admit(&self) -> Result<()> {
        let mut breaker = self
            .breaker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match *breaker {
            Breaker::Closed { .. } => Ok(()),
            Breaker::Open { until } if Instant::now() >= until => {
                *breaker = Breaker::HalfOpen;
                Ok(())
            }
            Breaker::Open { until } => Err(self.error(
                "circuit breaker",
                format!(
                    "the source failed {} times in a row; calls are paused for another {} s",
                    self.settings.breaker_threshold,
                    until.saturating_duration_since(Instant::now()).as_secs() + 1
                ),
            )),
            Breaker::HalfOpen => Err(self.error(
                "circuit breaker",
                "a probe request is testing whether the source recovered".into(),
            )),
        }
    }

    fn record(&self, failed: bool) {
        let mut breaker = self
            .breaker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *breaker = match (&*breaker, failed) {
            (_, false) => Breaker::Closed { failures: 0 },
            (Breaker::Closed { failures }, true)
                if failures + 1 < self.settings.breaker_threshold =>
            {
                Breaker::Closed {
                    failures: failures + 1,
                }
            }
            (_, true) => Breaker::Open {
                until: Instant::now() + self.settings.breaker_cooldown,
            },
        };
    }

    fn error(&self, endpoint: &str, message: String) -> Error {
        Error::Remote {
            source_name: self.source.clone(),
            message: format!("{endpoint}: {message}"),
        }
    }
}

/// `value` percent-encoded (RFC 3986) for a URL path segment, a query component or an OAuth 1.0a signature
/// base string: everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX`, so no
/// value can add a parameter, a path step or a fragment.
pub fn url_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

fn describe_status(response: &HttpResponse) -> String {
    let body = String::from_utf8_lossy(&response.body);
    let body: String = body.chars().take(300).collect();
    if retryable_status(response.status) {
        format!("HTTP {}: {body}", response.status)
    } else {
        format!(
            "HTTP {} with an unreadable body (truncated or not JSON): {body}",
            response.status
        )
    }
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        format!("cannot connect: {e}")
    } else if e.is_body() || e.is_decode() {
        format!("the response body was cut off: {e}")
    } else {
        e.to_string()
    }
}

/// `Retry-After` in seconds (the HTTP-date form is rare for APIs and treated as absent).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Aborts the task when the caller's future is dropped (the query was cancelled).
struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Sends `request` and reads its whole body, up to `limit` bytes.
async fn read_response(request: RequestBuilder, limit: usize) -> Result<HttpResponse, Failure> {
    let failure = |message: String| Failure {
        message,
        retry_after: None,
    };
    let mut response = request
        .send()
        .await
        .map_err(|e| failure(describe_reqwest(&e)))?;
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(Failure {
            message: format!("response larger than {limit} bytes"),
            retry_after: None,
        });
    }
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| failure(describe_reqwest(&e)))?
    {
        if body.len() + chunk.len() > limit {
            return Err(failure(format!("response larger than {limit} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: Bytes::from(body),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::*;

    /// A loopback server answering each connection with the next scripted `(status, extra headers, body)`
    /// (the last one repeats); returns its URL and the number of requests served.
    async fn server(script: Vec<(u16, &'static str, String)>) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        let served = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&served);
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let n = count.fetch_add(1, Ordering::SeqCst);
                let (status, headers, body) = script[n.min(script.len() - 1)].clone();
                let mut request = vec![0u8; 4096];
                let _ = socket.read(&mut request).await;
                let response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            }
        });
        (url, served)
    }

    fn client(settings: HttpSettings) -> HttpClient {
        HttpClient::new(
            "test",
            HttpSettings {
                base_backoff: Duration::from_millis(1),
                ..settings
            },
        )
        .unwrap()
    }

    async fn get(client: &HttpClient, url: &str, idempotent: bool) -> Result<HttpResponse> {
        client
            .send("GET /x", idempotent, |c| c.get(url), |r| r.json().is_some())
            .await
    }

    #[tokio::test]
    async fn retries_5xx_429_and_unreadable_bodies_then_succeeds() {
        let (url, served) = server(vec![
            (503, "", "busy".into()),
            (429, "Retry-After: 0\r\n", "slow down".into()),
            (200, "", "{\"cut".into()),
            (200, "", "{\"ok\": true}".into()),
        ])
        .await;
        let response = get(&client(HttpSettings::default()), &url, true)
            .await
            .unwrap();
        assert_eq!(response.json().unwrap()["ok"], serde_json::json!(true));
        assert_eq!(served.load(Ordering::SeqCst), 4);
    }

    /// A caller that asks for a request and is then not polled again (a scan whose consumer reads another
    /// input of the query) must not end up holding the source's only permit.
    #[tokio::test]
    async fn a_caller_that_stops_polling_keeps_no_permit() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = vec![0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    let body = "{\"ok\": true}";
                    let response = format!(
                        "HTTP/1.1 200 X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        });
        let one = Arc::new(client(HttpSettings {
            max_concurrency: 1,
            ..HttpSettings::default()
        }));
        // Three different requests (identical ones would share one response). The first holds the only
        // permit for 200 ms.
        let (url_a, url_b, url_c) = (format!("{url}?a"), format!("{url}?b"), format!("{url}?c"));
        let first = tokio::spawn({
            let one = Arc::clone(&one);
            async move { get(&one, &url_a, true).await.is_ok() }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        // A second caller asks, then is never polled again.
        let mut stalled = Box::pin(get(&one, &url_b, true));
        let _ = tokio::time::timeout(Duration::from_millis(20), &mut stalled).await;
        // A third gets the permit once the first (and the second's own request) are done.
        let third = tokio::time::timeout(Duration::from_secs(10), get(&one, &url_c, true)).await;
        assert!(
            matches!(third, Ok(Ok(_))),
            "the third request waited for a permit held by a caller nobody polls"
        );
        assert!(first.await.unwrap());
        drop(stalled);
    }

    /// A loopback server that answers every request after `delay`, counting them.
    async fn slow_server(delay: Duration) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        let served = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&served);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let count = Arc::clone(&count);
                tokio::spawn(async move {
                    let mut request = vec![0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    count.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(delay).await;
                    let body = "{\"ok\": true}";
                    let response = format!(
                        "HTTP/1.1 200 X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        });
        (url, served)
    }

    /// Identical idempotent requests made while one is in flight share its response; a request made after
    /// it is answered asks again, and requests that are not idempotent are never shared.
    #[tokio::test]
    async fn identical_reads_in_flight_are_sent_once() {
        let (url, served) = slow_server(Duration::from_millis(300)).await;
        let shared = client(HttpSettings::default());
        let answers = futures::future::join_all((0..20).map(|_| get(&shared, &url, true))).await;
        assert!(answers.iter().all(|a| a.is_ok()), "{answers:?}");
        assert_eq!(served.load(Ordering::SeqCst), 1);
        // Later, the source is asked again: what it says now.
        get(&shared, &url, true).await.unwrap();
        assert_eq!(served.load(Ordering::SeqCst), 2);
        // Another URL is another request.
        get(&shared, &format!("{url}?other"), true).await.unwrap();
        assert_eq!(served.load(Ordering::SeqCst), 3);
        let answers = futures::future::join_all((0..5).map(|_| get(&shared, &url, false))).await;
        assert!(answers.iter().all(|a| a.is_ok()));
        assert_eq!(served.load(Ordering::SeqCst), 8);
    }

    /// Callers that give up on a shared request do not leave it behind: the next identical request is
    /// sent afresh, and one caller giving up does not fail the others.
    #[tokio::test]
    async fn a_shared_read_abandoned_by_every_caller_is_not_joined() {
        let (url, served) = slow_server(Duration::from_millis(300)).await;
        let shared = client(HttpSettings::default());
        let gave_up =
            tokio::time::timeout(Duration::from_millis(50), get(&shared, &url, true)).await;
        assert!(gave_up.is_err());
        let (kept, dropped) = tokio::join!(get(&shared, &url, true), async {
            tokio::time::timeout(Duration::from_millis(50), get(&shared, &url, true)).await
        });
        assert!(kept.is_ok() && dropped.is_err());
        assert_eq!(served.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn url_components_cannot_break_out() {
        assert_eq!(url_component("cus_Ab9-._~"), "cus_Ab9-._~");
        assert_eq!(url_component("a&limit=1#x"), "a%26limit%3D1%23x");
        assert_eq!(url_component("../customers/x?y"), "..%2Fcustomers%2Fx%3Fy");
        assert_eq!(url_component("é 'q'\n"), "%C3%A9%20%27q%27%0A");
        assert_eq!(url_component("created[gte]"), "created%5Bgte%5D");
        assert_eq!(url_component("%2F+"), "%252F%2B");
    }

    #[test]
    fn the_rate_limit_spaces_attempts_evenly() {
        let limited = client(HttpSettings {
            max_requests_per_s: Some(20.0),
            ..HttpSettings::default()
        });
        let now = Instant::now();
        let slots: Vec<Instant> = (0..25)
            .map(|_| limited.reserve_slot(now).unwrap())
            .collect();
        assert_eq!(slots[0], now);
        for pair in slots.windows(2) {
            assert_eq!(pair[1] - pair[0], Duration::from_millis(50));
        }
        // No one-second window holds more than 20 starts.
        for (i, start) in slots.iter().enumerate() {
            let within = slots[i..]
                .iter()
                .filter(|s| **s < *start + Duration::from_secs(1))
                .count();
            assert!(within <= 20, "{within}");
        }
        // After a quiet spell the next attempt starts at once.
        let later = now + Duration::from_secs(10);
        assert_eq!(limited.reserve_slot(later), Some(later));
        assert_eq!(client(HttpSettings::default()).reserve_slot(now), None);
    }

    #[tokio::test]
    async fn client_errors_are_returned_and_non_idempotent_calls_are_not_retried() {
        let (url, served) = server(vec![(404, "", "{\"error\": 1}".into())]).await;
        let response = get(&client(HttpSettings::default()), &url, true)
            .await
            .unwrap();
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        assert_eq!(served.load(Ordering::SeqCst), 1);

        let (url, served) = server(vec![(503, "", "busy".into())]).await;
        let error = get(&client(HttpSettings::default()), &url, false)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("source 'test'") && error.to_string().contains("503"),
            "{error}"
        );
        assert_eq!(served.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn retries_are_bounded_and_the_error_says_how_many() {
        let (url, served) = server(vec![(500, "", "down".into())]).await;
        let settings = HttpSettings {
            max_retries: 2,
            ..HttpSettings::default()
        };
        let error = get(&client(settings), &url, true)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("after 2 retries") && error.contains("500"),
            "{error}"
        );
        assert_eq!(served.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn the_circuit_opens_after_repeated_failures_and_half_opens_to_probe() {
        let (url, served) = server(vec![
            (500, "", "down".into()),
            (500, "", "down".into()),
            (200, "", "{}".into()),
        ])
        .await;
        let settings = HttpSettings {
            max_retries: 0,
            breaker_threshold: 2,
            breaker_cooldown: Duration::from_millis(200),
            ..HttpSettings::default()
        };
        let client = client(settings);
        assert!(get(&client, &url, true).await.is_err());
        assert!(get(&client, &url, true).await.is_err());
        let refused = get(&client, &url, true).await.unwrap_err().to_string();
        assert!(refused.contains("circuit breaker"), "{refused}");
        assert_eq!(
            served.load(Ordering::SeqCst),
            2,
            "an open circuit sends nothing"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert!(
            get(&client, &url, true).await.is_ok(),
            "the probe succeeds and closes the circuit"
        );
        assert!(get(&client, &url, true).await.is_ok());
    }

    #[tokio::test]
    async fn oversized_responses_are_refused() {
        let (url, _) = server(vec![(200, "", "x".repeat(1000))]).await;
        let settings = HttpSettings {
            max_retries: 0,
            max_response_bytes: 100,
            ..HttpSettings::default()
        };
        let error = get(&client(settings), &url, true)
            .await
            .unwrap_err()
            .to_string();
        assert!(error.contains("larger than 100 bytes"), "{error}");
    }
}
