//! The sandbox's one HTTP port: routing, simulated latency, faults and throttling, and the request log.
//!
//! Every API request passes through [`observe`]: it applies the control settings (latency, rate limit,
//! injected faults) in front of the API handler, then records what was asked and how many records were
//! served. Handlers report that through a [`Served`] response extension.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::company::{Company, CompanyConfig};
use crate::{Error, netsuite, salesforce, stripe};

/// How the sandbox starts.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where to listen; port 0 picks a free port.
    pub listen: SocketAddr,
    /// The synthetic company.
    pub company: CompanyConfig,
    /// Initial control settings (latency, faults, rate limit, ...).
    pub control: Control,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            company: CompanyConfig::default(),
            control: Control::default(),
        }
    }
}

/// Behaviour that tests and benchmarks change at runtime through `POST /_sandbox/control`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Control {
    /// Added to every API request, in milliseconds.
    pub latency_ms: u64,
    /// Share of API requests (0.0..=1.0) that get an injected fault.
    pub fault_rate: f64,
    /// Which faults to inject: any of `500`, `503`, `stall`, `truncate`.
    pub faults: Vec<String>,
    /// How long a stalled request hangs before it is answered, in milliseconds.
    pub stall_ms: u64,
    /// Requests per second per API before throttling (Stripe and NetSuite 429, Salesforce
    /// `REQUEST_LIMIT_EXCEEDED`); 0 means unlimited.
    pub rate_limit_per_s: u32,
    /// The Salesforce org's API request allowance (`Sforce-Limit-Info`), after which every request gets
    /// 403 `REQUEST_LIMIT_EXCEEDED`.
    pub salesforce_api_limit: u64,
    /// Lifetime of a Salesforce access token, in seconds.
    pub token_ttl_s: u64,
    /// NetSuite's account-wide concurrency limit: requests in flight beyond it get 429.
    pub netsuite_concurrency: usize,
}

impl Default for Control {
    fn default() -> Self {
        Control {
            latency_ms: 0,
            fault_rate: 0.0,
            faults: vec![
                "500".into(),
                "503".into(),
                "stall".into(),
                "truncate".into(),
            ],
            stall_ms: 30_000,
            rate_limit_per_s: 0,
            salesforce_api_limit: 1_000_000,
            token_ttl_s: 7_200,
            netsuite_concurrency: 5,
        }
    }
}

/// Which simulated API a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Api {
    Salesforce,
    Stripe,
    Netsuite,
}

impl Api {
    fn of(path: &str) -> Option<Api> {
        if path.starts_with("/services/rest/") || path == "/services/rest" {
            Some(Api::Netsuite)
        } else if path.starts_with("/services/") {
            Some(Api::Salesforce)
        } else if path.starts_with("/v1/") || path == "/v1" {
            Some(Api::Stripe)
        } else {
            None
        }
    }
}

/// What a handler served, attached to its response for the request log.
#[derive(Debug, Clone, Default)]
pub(crate) struct Served {
    /// The SOQL, SuiteQL or Stripe query string received.
    pub(crate) query: Option<String>,
    /// Records returned.
    pub(crate) rows: usize,
}

/// One entry of `GET /_sandbox/stats`.
#[derive(Debug, Clone, Serialize)]
struct RequestLog {
    api: Api,
    method: String,
    path: String,
    query: Option<String>,
    status: u16,
    rows: usize,
}

/// The log keeps this many most recent requests; totals count all of them.
const LOG_CAPACITY: usize = 50_000;

#[derive(Debug, Default)]
struct Stats {
    totals: HashMap<Api, u64>,
    requests: VecDeque<RequestLog>,
}

/// Shared state of a running sandbox.
pub(crate) struct Shared {
    pub(crate) original: Arc<Company>,
    pub(crate) company: RwLock<Arc<Company>>,
    initial_control: Control,
    pub(crate) control: RwLock<Control>,
    stats: Mutex<Stats>,
    rate: Mutex<HashMap<Api, (u64, u32)>>,
    fault_rng: Mutex<ChaCha8Rng>,
    pub(crate) salesforce: salesforce::State,
    pub(crate) netsuite: netsuite::State,
    netsuite_in_flight: AtomicUsize,
    started: Instant,
}

impl Shared {
    /// The current data (after any drift).
    pub(crate) fn company(&self) -> Arc<Company> {
        match self.company.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The current control settings.
    pub(crate) fn control(&self) -> Control {
        match self.control.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the state stays usable).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Generates the company and serves the three APIs on `config.listen`.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, Error> {
        let company = Arc::new(Company::generate(&config.company));
        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|source| Error::Bind {
                addr: config.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| Error::Bind {
            addr: config.listen,
            source,
        })?;
        let shared = Arc::new(Shared {
            original: Arc::clone(&company),
            company: RwLock::new(company),
            initial_control: config.control.clone(),
            control: RwLock::new(config.control),
            stats: Mutex::default(),
            rate: Mutex::default(),
            fault_rng: Mutex::new(ChaCha8Rng::seed_from_u64(config.company.seed)),
            salesforce: salesforce::State::default(),
            netsuite: netsuite::State::default(),
            netsuite_in_flight: AtomicUsize::new(0),
            started: Instant::now(),
        });
        let app = router(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = served.await {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        Ok(Sandbox {
            addr,
            shared,
            stop: Some(stop),
            task,
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the base URL of all three APIs.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The data served (after any drift).
    pub fn company(&self) -> Arc<Company> {
        self.shared.company()
    }

    /// Stops serving and waits for the server task to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let apis = Router::new()
        .merge(salesforce::routes())
        .merge(stripe::routes())
        .merge(netsuite::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), observe));
    Router::new()
        .route("/_sandbox", get(index))
        .route("/_sandbox/control", post(set_control).get(get_control))
        .route("/_sandbox/drift", post(drift))
        .route("/_sandbox/stripe/{object}", post(add_stripe_object))
        .route("/_sandbox/reset", post(reset))
        .route("/_sandbox/stats", get(stats))
        .route("/_sandbox/truth", get(truth))
        .merge(apis)
        .with_state(shared)
}

/// Unknown paths, answered in the envelope of the API whose prefix they use.
async fn not_found(method: Method, uri: axum::http::Uri) -> Response {
    let path = uri.path();
    match Api::of(path) {
        Some(Api::Salesforce) => salesforce::error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        ),
        Some(Api::Stripe) => stripe::unrecognized_url(&method, path),
        Some(Api::Netsuite) => netsuite::error(
            StatusCode::NOT_FOUND,
            "NONEXISTENT_ID",
            &format!("Record or resource not found: {path}"),
        ),
        None => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"error": format!("no such path: {path}")})),
        )
            .into_response(),
    }
}

/// Applies latency, throttling and faults around an API request, then logs it.
async fn observe(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let Some(api) = Api::of(&path) else {
        return next.run(request).await;
    };
    let method = request.method().to_string();
    let control = shared.control();
    let mut response = serve(&shared, api, &path, &control, request, next).await;
    // Salesforce reports the org's API usage on every response (but not on the OAuth endpoints).
    if api == Api::Salesforce && !path.starts_with("/services/oauth2/") {
        let used = shared.salesforce.api_usage.load(Ordering::Relaxed);
        if let Ok(v) = HeaderValue::from_str(&format!(
            "api-usage={used}/{}",
            control.salesforce_api_limit
        )) {
            response.headers_mut().insert("sforce-limit-info", v);
        }
    }
    log(&shared, api, method, path, response)
}

/// The API's answer, after the simulated limits and faults have had their say.
async fn serve(
    shared: &Shared,
    api: Api,
    path: &str,
    control: &Control,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().to_string().len() > 16_384 {
        return (StatusCode::URI_TOO_LONG, "URI Too Long").into_response();
    }
    let _in_flight = if api == Api::Netsuite {
        let guard = InFlight::enter(&shared.netsuite_in_flight);
        if guard.count > control.netsuite_concurrency.max(1) {
            return netsuite::error(
                StatusCode::TOO_MANY_REQUESTS,
                "CONCURRENCY_LIMIT_EXCEEDED",
                "Concurrent request limit exceeded. Request blocked.",
            );
        }
        Some(guard)
    } else {
        None
    };
    if control.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(control.latency_ms)).await;
    }
    if let Some(response) = throttle(shared, api, path, control) {
        return response;
    }
    let fault = pick_fault(shared, control);
    match fault.as_deref() {
        Some("500") => return server_error(api, StatusCode::INTERNAL_SERVER_ERROR),
        Some("503") => return server_error(api, StatusCode::SERVICE_UNAVAILABLE),
        Some("stall") => tokio::time::sleep(Duration::from_millis(control.stall_ms)).await,
        _ => {}
    }
    let response = next.run(request).await;
    if fault.as_deref() == Some("truncate") {
        truncate(response).await
    } else {
        response
    }
}

/// Counts requests in flight; decrements when dropped.
struct InFlight<'a> {
    counter: &'a AtomicUsize,
    count: usize,
}

impl<'a> InFlight<'a> {
    fn enter(counter: &'a AtomicUsize) -> InFlight<'a> {
        let count = counter.fetch_add(1, Ordering::SeqCst) + 1;
        InFlight { counter, count }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.counter.fetch_sub(1, Ordering::SeqCst);
    }
}

fn throttle(shared: &Shared, api: Api, path: &str, control: &Control) -> Option<Response> {
    // Token requests do not count against the org's API allowance.
    if api == Api::Salesforce && !path.starts_with("/services/oauth2/") {
        let used = shared.salesforce.api_usage.fetch_add(1, Ordering::Relaxed) + 1;
        if used > control.salesforce_api_limit {
            return Some(salesforce::error(
                StatusCode::FORBIDDEN,
                "REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.",
            ));
        }
    }
    if control.rate_limit_per_s == 0 {
        return None;
    }
    let second = shared.started.elapsed().as_secs();
    let over = {
        let mut rate = lock(&shared.rate);
        let entry = rate.entry(api).or_insert((second, 0));
        if entry.0 != second {
            *entry = (second, 0);
        }
        entry.1 += 1;
        entry.1 > control.rate_limit_per_s
    };
    over.then(|| match api {
        Api::Stripe => stripe::rate_limited(),
        Api::Netsuite => netsuite::error(
            StatusCode::TOO_MANY_REQUESTS,
            "CONCURRENCY_LIMIT_EXCEEDED",
            "Concurrent request limit exceeded. Request blocked.",
        ),
        Api::Salesforce => salesforce::error(
            StatusCode::FORBIDDEN,
            "REQUEST_LIMIT_EXCEEDED",
            "ConcurrentPerOrgLongTxn Limit exceeded.",
        ),
    })
}

fn pick_fault(shared: &Shared, control: &Control) -> Option<String> {
    if control.fault_rate <= 0.0 || control.faults.is_empty() {
        return None;
    }
    let mut rng = lock(&shared.fault_rng);
    if rng.random::<f64>() >= control.fault_rate {
        return None;
    }
    let i = rng.random_range(0..control.faults.len());
    control.faults.get(i).cloned()
}

fn server_error(api: Api, status: StatusCode) -> Response {
    match api {
        Api::Salesforce => salesforce::error(
            status,
            "SERVER_UNAVAILABLE",
            "The server is temporarily unavailable.",
        ),
        Api::Stripe => stripe::api_error(status),
        Api::Netsuite => {
            netsuite::error(status, "UNEXPECTED_ERROR", "An unexpected error occurred.")
        }
    }
}

/// Cuts the body in half: a connection that drops mid-response, as the client sees it.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

fn log(shared: &Shared, api: Api, method: String, path: String, response: Response) -> Response {
    let served = response
        .extensions()
        .get::<Served>()
        .cloned()
        .unwrap_or_default();
    let entry = RequestLog {
        api,
        method,
        path,
        query: served.query,
        status: response.status().as_u16(),
        rows: served.rows,
    };
    let mut stats = lock(&shared.stats);
    *stats.totals.entry(api).or_default() += 1;
    if stats.requests.len() >= LOG_CAPACITY {
        stats.requests.pop_front();
    }
    stats.requests.push_back(entry);
    response
}

async fn index(State(shared): State<Arc<Shared>>, headers: axum::http::HeaderMap) -> Response {
    let base = base_url(&headers);
    let company = shared.company();
    axum::Json(json!({
        "salesforce": {"login_url": base, "client_id": crate::SALESFORCE_CLIENT_ID,
                       "client_secret": crate::SALESFORCE_CLIENT_SECRET},
        "stripe": {"api_base": base, "api_key": crate::STRIPE_API_KEY},
        "netsuite": {"base_url": base, "account_id": crate::NETSUITE_ACCOUNT_ID,
                     "consumer_key": crate::NETSUITE_CONSUMER_KEY, "consumer_secret": crate::NETSUITE_CONSUMER_SECRET,
                     "token_id": crate::NETSUITE_TOKEN_ID, "token_secret": crate::NETSUITE_TOKEN_SECRET},
        "seed": company.config.seed, "scale": company.config.scale, "as_of": company.config.as_of.to_string(),
    }))
    .into_response()
}

/// `http://<Host header>`: the base URL as the client reached it.
pub(crate) fn base_url(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": message.into()})),
    )
        .into_response()
}

async fn get_control(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(shared.control()).into_response()
}

async fn set_control(State(shared): State<Arc<Shared>>, body: bytes::Bytes) -> Response {
    // Merge the given keys into the current settings; unknown keys are errors.
    let current = serde_json::to_value(shared.control()).unwrap_or_default();
    let patch: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(_) => return bad_request("control body must be a JSON object"),
        Err(e) => return bad_request(format!("control body is not JSON: {e}")),
    };
    let mut merged = current;
    if let (Some(m), Some(p)) = (merged.as_object_mut(), patch.as_object()) {
        for (k, v) in p {
            m.insert(k.clone(), v.clone());
        }
    }
    let control: Control = match serde_json::from_value(merged) {
        Ok(c) => c,
        Err(e) => return bad_request(format!("bad control setting: {e}")),
    };
    if !(0.0..=1.0).contains(&control.fault_rate) {
        return bad_request("fault_rate must be between 0.0 and 1.0");
    }
    if let Some(f) = control
        .faults
        .iter()
        .find(|f| !["500", "503", "stall", "truncate"].contains(&f.as_str()))
    {
        return bad_request(format!(
            "unknown fault {f:?}: use 500, 503, stall or truncate"
        ));
    }
    match shared.control.write() {
        Ok(mut c) => *c = control.clone(),
        Err(poisoned) => *poisoned.into_inner() = control.clone(),
    }
    axum::Json(control).into_response()
}

async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    *lock(&shared.stats) = Stats::default();
    lock(&shared.rate).clear();
    match shared.control.write() {
        Ok(mut c) => *c = shared.initial_control.clone(),
        Err(poisoned) => *poisoned.into_inner() = shared.initial_control.clone(),
    }
    match shared.company.write() {
        Ok(mut c) => *c = Arc::clone(&shared.original),
        Err(poisoned) => *poisoned.into_inner() = Arc::clone(&shared.original),
    }
    shared.salesforce.reset();
    shared.netsuite.reset();
    axum::Json(json!({"reset": true})).into_response()
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let stats = lock(&shared.stats);
    let total = |api| stats.totals.get(&api).copied().unwrap_or(0);
    axum::Json(json!({
        "totals": {"salesforce": total(Api::Salesforce), "stripe": total(Api::Stripe), "netsuite": total(Api::Netsuite)},
        "requests": stats.requests,
    }))
    .into_response()
}

async fn truth(State(shared): State<Arc<Shared>>) -> Response {
    axum::Json(&shared.company().truth).into_response()
}

/// `POST /_sandbox/stripe/{object}`: a new Stripe object arrives, with the JSON body given (which must
/// hold its `id` and its `created` time in Unix seconds), as if created through the API at that time;
/// tests use it to add objects that share a second with existing ones.
async fn add_stripe_object(
    State(shared): State<Arc<Shared>>,
    axum::extract::Path(object): axum::extract::Path<String>,
    body: bytes::Bytes,
) -> Response {
    if !stripe::store::RESOURCES
        .iter()
        .any(|(_, name, _)| *name == object)
    {
        return bad_request(format!("unknown Stripe object {object:?}"));
    }
    let mut fields: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(&body)
    {
        Ok(fields) => fields,
        Err(e) => return bad_request(format!("the body must be a JSON object: {e}")),
    };
    let (Some(id), Some(created)) = (
        fields
            .get("id")
            .and_then(|v| v.as_str())
            .map(str::to_string),
        fields.get("created").and_then(serde_json::Value::as_i64),
    ) else {
        return bad_request("the object needs a string \"id\" and an integer \"created\"");
    };
    fields.insert("object".into(), json!(object));
    let mut guard = match shared.company.write() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let company = Arc::make_mut(&mut guard);
    company
        .stripe
        .push(&object, crate::StripeObject::new(id, created, fields));
    company.stripe.finish();
    axum::Json(json!({"added": object})).into_response()
}

/// `POST /_sandbox/drift`: `{"api", "object", "op": "rename"|"add"|"drop"|"retype", "field", "to"?, "type"?}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Drift {
    api: String,
    object: String,
    op: String,
    field: String,
    to: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
}

async fn drift(State(shared): State<Arc<Shared>>, body: bytes::Bytes) -> Response {
    let drift: Drift = match serde_json::from_slice(&body) {
        Ok(d) => d,
        Err(e) => return bad_request(format!("bad drift request: {e}")),
    };
    let mut guard = match shared.company.write() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let company = Arc::make_mut(&mut guard);
    let result = match drift.api.as_str() {
        "salesforce" => {
            let r = crate::drift::table(
                &mut company.salesforce,
                &drift.object,
                &drift.op,
                &drift.field,
                drift.to.as_deref(),
                drift.ty.as_deref(),
            );
            if r.is_ok() {
                shared.salesforce.schema_changed(&drift.object);
            }
            r
        }
        "netsuite" => crate::drift::table(
            &mut company.netsuite,
            &drift.object,
            &drift.op,
            &drift.field,
            drift.to.as_deref(),
            drift.ty.as_deref(),
        ),
        "stripe" => crate::drift::stripe(
            &mut company.stripe,
            &drift.object,
            &drift.op,
            &drift.field,
            drift.to.as_deref(),
            drift.ty.as_deref(),
        ),
        other => Err(format!(
            "unknown api {other:?}: use salesforce, stripe or netsuite"
        )),
    };
    match result {
        Ok(()) => axum::Json(
            json!({"applied": {"api": drift.api, "object": drift.object, "op": drift.op,
            "field": drift.field, "to": drift.to, "type": drift.ty}}),
        )
        .into_response(),
        Err(e) => bad_request(e),
    }
}
