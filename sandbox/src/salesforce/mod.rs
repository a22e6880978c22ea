//! The simulated Salesforce REST API: OAuth 2.0 client credentials and the JWT bearer flow, SOQL query with
//! `nextRecordsUrl` paging, `queryAll`, `sobjects`, `describe` and the sObject Collections retrieve, with
//! Salesforce's error bodies and `Sforce-Limit-Info`.
// Handlers return early with a ready `Response` as their error; it is large, and that is fine here.
#![allow(clippy::result_large_err)]

mod jwt;
mod soql;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::{Path, RawQuery, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value as Json, json};

use crate::data::{FieldType, Table};
use crate::server::{Served, Shared, base_url, lock};

/// At most this many open query cursors; the oldest is forgotten first (its locator becomes invalid).
const MAX_CURSORS: usize = 2_000;

/// Open query cursors: the records of each query, by locator id, oldest first.
#[derive(Default)]
struct Cursors {
    records: HashMap<String, Arc<Vec<Json>>>,
    order: VecDeque<String>,
}

/// Salesforce-side state: tokens, query cursors, API usage and schema change times.
pub(crate) struct State {
    /// Requests counted against the org's allowance.
    pub(crate) api_usage: AtomicU64,
    tokens: Mutex<HashMap<String, Instant>>,
    cursors: Mutex<Cursors>,
    next_cursor: AtomicU64,
    schema_changed: Mutex<HashMap<String, SystemTime>>,
    rng: Mutex<ChaCha8Rng>,
}

impl Default for State {
    fn default() -> Self {
        let seed = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        State {
            api_usage: AtomicU64::new(0),
            tokens: Mutex::default(),
            cursors: Mutex::default(),
            next_cursor: AtomicU64::new(0),
            schema_changed: Mutex::default(),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed)),
        }
    }
}

impl State {
    /// Forgets usage, cursors and schema change times (tokens stay valid).
    pub(crate) fn reset(&self) {
        self.api_usage.store(0, Ordering::Relaxed);
        *lock(&self.cursors) = Default::default();
        lock(&self.schema_changed).clear();
    }

    /// Records that `object`'s describe changed now.
    pub(crate) fn schema_changed(&self, object: &str) {
        lock(&self.schema_changed).insert(object.to_ascii_lowercase(), SystemTime::now());
    }
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/services/oauth2/token", post(token))
        .route("/services/data", get(versions))
        .route("/services/data/", get(versions))
        .route("/services/data/{version}/query", get(query))
        .route("/services/data/{version}/queryAll", get(query_all))
        .route("/services/data/{version}/query/{locator}", get(query_more))
        .route(
            "/services/data/{version}/queryAll/{locator}",
            get(query_more),
        )
        .route("/services/data/{version}/sobjects", get(sobjects))
        .route(
            "/services/data/{version}/composite/sobjects/{object}",
            post(retrieve),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/describe",
            get(describe),
        )
}

/// Salesforce's error body: `[{"message", "errorCode"}]`.
pub(crate) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(json!([{"message": message, "errorCode": code}])),
    )
        .into_response()
}

fn oauth_error(error: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

async fn token(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |key: &str| form.get(key).map(String::as_str);
    match field("grant_type") {
        Some("client_credentials") => {
            if field("client_id") != Some(crate::SALESFORCE_CLIENT_ID) {
                return oauth_error("invalid_client_id", "client identifier invalid");
            }
            if field("client_secret") != Some(crate::SALESFORCE_CLIENT_SECRET) {
                return oauth_error("invalid_client", "invalid client credentials");
            }
        }
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer") => {
            if let Err((error, description)) =
                jwt::verify(field("assertion").unwrap_or_default(), &base_url(&headers))
            {
                return oauth_error(error, description);
            }
        }
        Some(_) | None => return oauth_error("unsupported_grant_type", "grant type not supported"),
    }
    let secret: String = {
        let mut rng = lock(&shared.salesforce.rng);
        (0..40)
            .map(|_| {
                const A: &[u8] =
                    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._";
                A[rng.random_range(0..A.len())] as char
            })
            .collect()
    };
    let access_token = format!("00D5g000004AOSB!{secret}");
    let ttl = Duration::from_secs(shared.control().token_ttl_s);
    {
        let mut tokens = lock(&shared.salesforce.tokens);
        let now = Instant::now();
        tokens.retain(|_, expiry| *expiry > now);
        tokens.insert(access_token.clone(), now + ttl);
    }
    let issued_at = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let instance_url = base_url(&headers);
    axum::Json(json!({
        "access_token": access_token,
        "instance_url": instance_url,
        "id": format!("{instance_url}/id/00D5g000004AOSBEA0/0055g0000000001AAA"),
        "token_type": "Bearer",
        "issued_at": issued_at.to_string(),
        "signature": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &secret.as_bytes()[..32]),
    }))
    .into_response()
}

async fn versions() -> Response {
    let list: Vec<Json> = (55..=62)
        .map(|v| json!({"label": format!("API {v}.0"), "url": format!("/services/data/v{v}.0"), "version": format!("{v}.0")}))
        .collect();
    axum::Json(list).into_response()
}

/// Checks `Authorization: Bearer <token>` against issued, unexpired tokens.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("OAuth "))
        })
        .map(str::trim);
    let valid = token.is_some_and(|t| {
        lock(&shared.salesforce.tokens)
            .get(t)
            .is_some_and(|expiry| *expiry > Instant::now())
    });
    if valid {
        Ok(())
    } else {
        Err(error(
            StatusCode::UNAUTHORIZED,
            "INVALID_SESSION_ID",
            "Session expired or invalid",
        ))
    }
}

/// `v59.0` -> Ok; anything that is not a served API version is NOT_FOUND, as Salesforce answers.
fn check_version(version: &str) -> Result<(), Response> {
    let ok = version
        .strip_prefix('v')
        .and_then(|v| v.strip_suffix(".0"))
        .and_then(|v| v.parse::<u32>().ok())
        .is_some_and(|v| (20..=62).contains(&v));
    if ok {
        Ok(())
    } else {
        Err(error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        ))
    }
}

/// `Sforce-Query-Options: batchSize=N`, clamped to 200..=2000 (default 2000).
fn batch_size(headers: &HeaderMap) -> usize {
    headers
        .get("sforce-query-options")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.split(',')
                .filter_map(|kv| kv.trim().strip_prefix("batchSize="))
                .find_map(|n| n.trim().parse::<usize>().ok())
        })
        .map_or(2000, |n| n.clamp(200, 2000))
}

async fn query(
    AxState(shared): AxState<Arc<Shared>>,
    Path(version): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    run_query(&shared, &version, raw, &headers, false)
}

async fn query_all(
    AxState(shared): AxState<Arc<Shared>>,
    Path(version): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    run_query(&shared, &version, raw, &headers, true)
}

fn run_query(
    shared: &Shared,
    version: &str,
    raw: Option<String>,
    headers: &HeaderMap,
    all: bool,
) -> Response {
    if let Err(r) = authorize(shared, headers).and_then(|()| check_version(version)) {
        return r;
    }
    let q = raw.as_deref().and_then(|raw| {
        form_urlencoded::parse(raw.as_bytes())
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
    });
    let Some(q) = q.filter(|q| !q.trim().is_empty()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "MALFORMED_QUERY",
            "A query string has to be specified",
        );
    };
    let company = shared.company();
    let output = match soql::run(&q, &company.salesforce, version, all) {
        Ok(o) => o,
        Err(e) => {
            let mut response = error(StatusCode::BAD_REQUEST, e.code, &e.message);
            response.extensions_mut().insert(Served {
                query: Some(q),
                rows: 0,
            });
            return response;
        }
    };
    let records = Arc::new(output.records);
    let mut response = page(
        shared,
        version,
        records,
        output.total_size,
        0,
        batch_size(headers),
        all,
        None,
    );
    if let Some(served) = response.extensions_mut().get_mut::<Served>() {
        served.query = Some(q);
    }
    response
}

#[allow(clippy::too_many_arguments)]
fn page(
    shared: &Shared,
    version: &str,
    records: Arc<Vec<Json>>,
    total: usize,
    offset: usize,
    batch: usize,
    all: bool,
    cursor: Option<&str>,
) -> Response {
    let end = (offset + batch).min(records.len());
    let slice = records.get(offset..end).unwrap_or_default().to_vec();
    let rows = slice.len();
    let mut body = serde_json::Map::new();
    body.insert("totalSize".into(), json!(total));
    body.insert("done".into(), json!(end >= records.len()));
    if end < records.len() {
        let id = match cursor {
            Some(id) => id.to_owned(),
            None => {
                let n = shared
                    .salesforce
                    .next_cursor
                    .fetch_add(1, Ordering::Relaxed)
                    + 1;
                let id = format!("01g5g{n:010}AOS");
                let mut cursors = lock(&shared.salesforce.cursors);
                if cursors.order.len() >= MAX_CURSORS
                    && let Some(old) = cursors.order.pop_front()
                {
                    cursors.records.remove(&old);
                }
                cursors.records.insert(id.clone(), Arc::clone(&records));
                cursors.order.push_back(id.clone());
                id
            }
        };
        let kind = if all { "queryAll" } else { "query" };
        body.insert(
            "nextRecordsUrl".into(),
            json!(format!("/services/data/{version}/{kind}/{id}-{end}")),
        );
    }
    body.insert("records".into(), Json::Array(slice));
    let mut response = axum::Json(Json::Object(body)).into_response();
    response
        .extensions_mut()
        .insert(Served { query: None, rows });
    response
}

async fn query_more(
    AxState(shared): AxState<Arc<Shared>>,
    Path((version, locator)): Path<(String, String)>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    if let Err(r) = authorize(&shared, &headers).and_then(|()| check_version(&version)) {
        return r;
    }
    let invalid = || {
        error(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        )
    };
    let Some((id, offset)) = locator.rsplit_once('-') else {
        return invalid();
    };
    let Ok(offset) = offset.parse::<usize>() else {
        return invalid();
    };
    let Some(records) = lock(&shared.salesforce.cursors).records.get(id).cloned() else {
        return invalid();
    };
    if offset == 0 || offset >= records.len() {
        return invalid();
    }
    let all = uri.path().contains("/queryAll/");
    let total = records.len();
    page(
        &shared,
        &version,
        records,
        total,
        offset,
        batch_size(&headers),
        all,
        Some(id),
    )
}

async fn sobjects(
    AxState(shared): AxState<Arc<Shared>>,
    Path(version): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&shared, &headers).and_then(|()| check_version(&version)) {
        return r;
    }
    let company = shared.company();
    let list: Vec<Json> = company
        .salesforce
        .tables()
        .iter()
        .map(|t| {
            json!({"name": t.name, "label": t.name, "keyPrefix": key_prefix(&t.name), "queryable": true,
                   "custom": t.name.ends_with("__c"),
                   "urls": {"describe": format!("/services/data/{version}/sobjects/{}/describe", t.name)}})
        })
        .collect();
    axum::Json(json!({"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": list})).into_response()
}

/// Ids one sObject Collections retrieve may name.
const MAX_RETRIEVE_IDS: usize = 2_000;

/// `POST /composite/sobjects/<Object>` with `{"ids": [...], "fields": [...]}`: records by id, with field
/// lists too long for a URL.
async fn retrieve(
    AxState(shared): AxState<Arc<Shared>>,
    Path((version, object)): Path<(String, String)>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    if let Err(r) = authorize(&shared, &headers).and_then(|()| check_version(&version)) {
        return r;
    }
    #[derive(serde::Deserialize)]
    struct Request {
        ids: Vec<String>,
        fields: Vec<String>,
    }
    let request: Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "JSON_PARSER_ERROR",
                &format!("Cannot deserialize the request: {e}"),
            );
        }
    };
    if request.ids.is_empty() || request.ids.len() > MAX_RETRIEVE_IDS {
        return error(
            StatusCode::BAD_REQUEST,
            "INVALID_FIELD",
            &format!("Between 1 and {MAX_RETRIEVE_IDS} ids are allowed"),
        );
    }
    let company = shared.company();
    match soql::retrieve(
        &company.salesforce,
        &object,
        &request.ids,
        &request.fields,
        &version,
    ) {
        Ok(records) => {
            let rows = records.iter().filter(|r| !r.is_null()).count();
            let mut response = axum::Json(records).into_response();
            response
                .extensions_mut()
                .insert(Served { query: None, rows });
            response
        }
        Err(e) if e.code == "NOT_FOUND" => error(StatusCode::NOT_FOUND, e.code, &e.message),
        Err(e) => error(StatusCode::BAD_REQUEST, e.code, &e.message),
    }
}

fn key_prefix(object: &str) -> &'static str {
    match object {
        "Account" => "001",
        "Contact" => "003",
        "User" => "005",
        "Opportunity" => "006",
        _ => "a00",
    }
}

async fn describe(
    AxState(shared): AxState<Arc<Shared>>,
    Path((version, object)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&shared, &headers).and_then(|()| check_version(&version)) {
        return r;
    }
    let company = shared.company();
    let Some(table) = company.salesforce.table(&object) else {
        return error(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        );
    };
    let changed = lock(&shared.salesforce.schema_changed)
        .get(&table.name.to_ascii_lowercase())
        .copied()
        .unwrap_or_else(|| {
            let day = company
                .config
                .as_of
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp());
            SystemTime::UNIX_EPOCH + Duration::from_secs(day.max(0) as u64)
        });
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| httpdate::parse_http_date(h).ok());
    // HTTP dates have whole seconds: compare at that precision.
    let whole = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    if since.is_some_and(|s| whole(changed) <= whole(s)) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let mut response = axum::Json(describe_body(table, &company.salesforce)).into_response();
    if let Ok(v) = httpdate::fmt_http_date(changed).parse() {
        response.headers_mut().insert(header::LAST_MODIFIED, v);
    }
    response
}

fn describe_body(table: &Table, db: &crate::data::Database) -> Json {
    let fields: Vec<Json> = table
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (length, precision, scale) = match f.ty {
                FieldType::Id | FieldType::Reference => (18, 0, 0),
                t if t.is_text() => (255, 0, 0),
                FieldType::Currency => (0, 18, 2),
                FieldType::Double | FieldType::Percent => (0, 18, 0),
                FieldType::Int => (0, 9, 0),
                _ => (0, 0, 0),
            };
            let picklist: Vec<Json> = if f.ty == FieldType::Picklist {
                let mut values: Vec<&str> = table.rows.iter().filter_map(|r| r.get(i).and_then(|v| v.as_text())).collect();
                values.sort_unstable();
                values.dedup();
                values.iter().take(100).map(|v| json!({"active": true, "label": v, "value": v, "defaultValue": false})).collect()
            } else {
                Vec::new()
            };
            let relationship = f.reference_to.as_ref().map(|_| {
                f.name
                    .strip_suffix("__c")
                    .map(|base| format!("{base}__r"))
                    .unwrap_or_else(|| f.name.trim_end_matches("Id").to_owned())
            });
            json!({
                "name": f.name, "label": f.label, "type": f.ty.describe_type(), "soapType": f.ty.soap_type(),
                "nillable": f.nillable, "custom": f.custom, "filterable": true, "sortable": true,
                "length": length, "precision": precision, "scale": scale,
                "referenceTo": f.reference_to.iter().filter(|t| db.table(t).is_some()).collect::<Vec<_>>(),
                "relationshipName": relationship, "picklistValues": picklist,
                "createable": f.ty != FieldType::Id, "updateable": f.ty != FieldType::Id,
                "unique": false, "externalId": false, "calculated": false, "defaultValue": Json::Null,
            })
        })
        .collect();
    json!({
        "name": table.name, "label": table.name, "labelPlural": format!("{}s", table.name),
        "keyPrefix": key_prefix(&table.name), "custom": table.name.ends_with("__c"),
        "queryable": true, "retrieveable": true, "searchable": true,
        "fields": fields, "childRelationships": [],
    })
}
