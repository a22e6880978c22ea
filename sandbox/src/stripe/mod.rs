//! The simulated Stripe API: list and retrieve for customers, products, prices, subscriptions, invoices and
//! charges, with cursor paging, `created` ranges, per-resource filters, `expand[]`, and Stripe's errors.
// Handlers return early with a ready `Response` as their error; it is large, and that is fine here.
#![allow(clippy::result_large_err)]

pub(crate) mod store;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value as Json, json};

use crate::server::{Served, Shared};
use store::{RESOURCES, StripeObject, StripeStore};

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v1/{resource}", get(list))
        .route("/v1/{resource}/{id}", get(retrieve))
}

/// A Stripe error: `{"error": {"type", "code"?, "message", "param"?}}`.
fn error(
    status: StatusCode,
    kind: &str,
    code: Option<&str>,
    message: &str,
    param: Option<&str>,
) -> Response {
    let mut e = serde_json::Map::new();
    if let Some(code) = code {
        e.insert("code".into(), json!(code));
        e.insert(
            "doc_url".into(),
            json!(format!(
                "https://stripe.com/docs/error-codes/{}",
                code.replace('_', "-")
            )),
        );
    }
    e.insert("message".into(), json!(message));
    if let Some(param) = param {
        e.insert("param".into(), json!(param));
    }
    e.insert("type".into(), json!(kind));
    (status, axum::Json(json!({"error": e}))).into_response()
}

fn invalid(message: &str, param: Option<&str>) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        None,
        message,
        param,
    )
}

/// 429 with Stripe's rate-limit error.
pub(crate) fn rate_limited() -> Response {
    error(
        StatusCode::TOO_MANY_REQUESTS,
        "invalid_request_error",
        Some("rate_limit"),
        "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
        None,
    )
}

/// A 5xx with Stripe's `api_error`.
pub(crate) fn api_error(status: StatusCode) -> Response {
    error(
        status,
        "api_error",
        None,
        "An unknown error occurred while processing your request.",
        None,
    )
}

/// 404 for a path Stripe does not serve.
pub(crate) fn unrecognized_url(method: &Method, path: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "invalid_request_error",
        None,
        &format!(
            "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
        ),
        None,
    )
}

/// Bearer or Basic auth with the secret key.
fn authorize(headers: &HeaderMap) -> Result<(), Response> {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
    else {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            None,
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
            None,
        ));
    };
    let key = if let Some(token) = value.strip_prefix("Bearer ") {
        token.trim().to_owned()
    } else if let Some(basic) = value.strip_prefix("Basic ") {
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, basic.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(|s| s.split(':').next().unwrap_or_default().to_owned())
            .unwrap_or_default()
    } else {
        String::new()
    };
    if key == crate::STRIPE_API_KEY {
        return Ok(());
    }
    let shown: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Err(error(
        StatusCode::UNAUTHORIZED,
        "invalid_request_error",
        None,
        &format!(
            "Invalid API Key provided: {}****{shown}",
            key.chars().take(8).collect::<String>()
        ),
        None,
    ))
}

fn object_of(resource: &str) -> Option<&'static str> {
    RESOURCES.iter().find(|r| r.0 == resource).map(|r| r.1)
}

/// A `created`-style range: `created=N` or `created[gt|gte|lt|lte]=N`.
#[derive(Debug, Default)]
struct Range {
    gt: Option<i64>,
    gte: Option<i64>,
    lt: Option<i64>,
    lte: Option<i64>,
    eq: Option<i64>,
}

impl Range {
    fn contains(&self, v: i64) -> bool {
        self.gt.is_none_or(|x| v > x)
            && self.gte.is_none_or(|x| v >= x)
            && self.lt.is_none_or(|x| v < x)
            && self.lte.is_none_or(|x| v <= x)
            && self.eq.is_none_or(|x| v == x)
    }

    fn set(&mut self, op: Option<&str>, value: &str, param: &str) -> Result<(), Response> {
        let v: i64 = value
            .parse()
            .map_err(|_| invalid(&format!("Invalid integer: {value}"), Some(param)))?;
        let slot = match op {
            None => &mut self.eq,
            Some("gt") => &mut self.gt,
            Some("gte") => &mut self.gte,
            Some("lt") => &mut self.lt,
            Some("lte") => &mut self.lte,
            Some(_) => {
                return Err(invalid(
                    &format!("Received unknown parameter: {param}"),
                    Some(param),
                ));
            }
        };
        *slot = Some(v);
        Ok(())
    }
}

/// The parameters of a list request.
#[derive(Debug, Default)]
struct ListParams {
    limit: usize,
    starting_after: Option<String>,
    ending_before: Option<String>,
    created: Range,
    due_date: Range,
    filters: Vec<(String, String)>,
    expand: Vec<String>,
}

/// Filters each resource accepts besides the common ones.
fn filters_of(object: &str) -> &'static [&'static str] {
    match object {
        "customer" => &["email"],
        "product" => &["active"],
        "price" => &["active", "currency", "product", "type"],
        "subscription" => &["customer", "status", "price", "collection_method"],
        "invoice" => &["customer", "status", "subscription", "collection_method"],
        "charge" => &["customer", "payment_intent"],
        _ => &[],
    }
}

const SUBSCRIPTION_STATUSES: &[&str] = &[
    "active",
    "past_due",
    "unpaid",
    "canceled",
    "incomplete",
    "incomplete_expired",
    "trialing",
    "paused",
    "all",
    "ended",
];
const INVOICE_STATUSES: &[&str] = &["draft", "open", "paid", "uncollectible", "void"];

/// Splits `created[gt]` into (`created`, Some(`gt`)).
fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('[') {
        Some((base, rest)) => (base, rest.strip_suffix(']')),
        None => (key, None),
    }
}

fn parse_list_params(object: &str, raw: &str) -> Result<ListParams, Response> {
    let mut p = ListParams {
        limit: 10,
        ..ListParams::default()
    };
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let (base, sub) = split_key(&key);
        match (base, sub) {
            ("limit", None) => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| invalid(&format!("Invalid integer: {value}"), Some("limit")))?;
                if !(1..=100).contains(&n) {
                    return Err(invalid(
                        "Invalid limit: must be between 1 and 100",
                        Some("limit"),
                    ));
                }
                p.limit = n as usize;
            }
            ("starting_after", None) => p.starting_after = Some(value.into_owned()),
            ("ending_before", None) => p.ending_before = Some(value.into_owned()),
            ("created", op) => p.created.set(op, &value, &key)?,
            ("due_date", op) if object == "invoice" => p.due_date.set(op, &value, &key)?,
            ("expand", Some(_)) => p.expand.push(value.into_owned()),
            (name, None) if filters_of(object).contains(&name) => {
                if name == "status" {
                    let allowed = if object == "subscription" {
                        SUBSCRIPTION_STATUSES
                    } else {
                        INVOICE_STATUSES
                    };
                    if !allowed.contains(&value.as_ref()) {
                        return Err(invalid(
                            &format!("Invalid status: must be one of {}", allowed.join(", ")),
                            Some("status"),
                        ));
                    }
                }
                p.filters.push((name.to_owned(), value.into_owned()));
            }
            _ => {
                return Err(invalid(
                    &format!("Received unknown parameter: {key}"),
                    Some(&key),
                ));
            }
        }
    }
    if p.starting_after.is_some() && p.ending_before.is_some() {
        return Err(invalid(
            "You may only specify one of these parameters: ending_before, starting_after.",
            None,
        ));
    }
    Ok(p)
}

fn matches(object: &str, o: &StripeObject, p: &ListParams) -> bool {
    if !p.created.contains(o.created) {
        return false;
    }
    if object == "invoice"
        && (p.due_date.gt.is_some()
            || p.due_date.gte.is_some()
            || p.due_date.lt.is_some()
            || p.due_date.lte.is_some()
            || p.due_date.eq.is_some())
        && !o
            .body
            .get("due_date")
            .and_then(Json::as_i64)
            .is_some_and(|d| p.due_date.contains(d))
    {
        return false;
    }
    let mut status_given = false;
    for (name, value) in &p.filters {
        let ok = match name.as_str() {
            "status" if object == "subscription" => {
                status_given = true;
                let s = o.str_field("status").unwrap_or_default();
                match value.as_str() {
                    "all" => true,
                    "ended" => s == "canceled" || s == "incomplete_expired",
                    v => s == v,
                }
            }
            "price" => o
                .body
                .get("items")
                .and_then(|i| i.get("data"))
                .and_then(Json::as_array)
                .is_some_and(|items| {
                    items.iter().any(|it| {
                        it.get("price")
                            .and_then(|p| p.get("id"))
                            .and_then(Json::as_str)
                            == Some(value)
                    })
                }),
            "active" => {
                o.body
                    .get("active")
                    .and_then(Json::as_bool)
                    .map(|b| b.to_string())
                    .as_deref()
                    == Some(value.as_str())
            }
            // Exact and case-sensitive, like Stripe's email filter; ids compare exactly too.
            field => match o.body.get(field) {
                Some(Json::String(s)) => s == value,
                Some(Json::Object(expanded)) => {
                    expanded.get("id").and_then(Json::as_str) == Some(value)
                }
                _ => false,
            },
        };
        if !ok {
            return false;
        }
    }
    // Without a status filter, canceled subscriptions are left out.
    !(object == "subscription" && !status_given && o.str_field("status") == Some("canceled"))
}

async fn list(
    State(shared): State<Arc<Shared>>,
    Path(resource): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let path = format!("/v1/{resource}");
    let Some(object) = object_of(&resource) else {
        return unrecognized_url(&Method::GET, &path);
    };
    let raw = raw.unwrap_or_default();
    let served = Served {
        query: Some(raw.clone()),
        rows: 0,
    };
    let p = match parse_list_params(object, &raw) {
        Ok(p) => p,
        Err(mut r) => {
            r.extensions_mut().insert(served);
            return r;
        }
    };
    let company = shared.company();
    let store = &company.stripe;
    let all = store.list(object);

    let cursor = |id: &str, param: &str| -> Result<usize, Response> {
        match store.get(id) {
            Some((name, i, _)) if name == object => Ok(i),
            _ => Err(error(
                StatusCode::BAD_REQUEST,
                "invalid_request_error",
                Some("resource_missing"),
                &format!("No such {object}: '{id}'"),
                Some(param),
            )),
        }
    };
    let (data, has_more) = if let Some(id) = &p.ending_before {
        let end = match cursor(id, "ending_before") {
            Ok(i) => i,
            Err(mut r) => {
                r.extensions_mut().insert(served);
                return r;
            }
        };
        // The `limit` matching objects just newer than the cursor, still newest first.
        let mut picked: Vec<&StripeObject> = Vec::with_capacity(p.limit);
        let mut more = false;
        for o in all[..end].iter().rev() {
            if matches(object, o, &p) {
                if picked.len() == p.limit {
                    more = true;
                    break;
                }
                picked.push(o);
            }
        }
        picked.reverse();
        (picked, more)
    } else {
        let start = match &p.starting_after {
            Some(id) => match cursor(id, "starting_after") {
                Ok(i) => i + 1,
                Err(mut r) => {
                    r.extensions_mut().insert(served);
                    return r;
                }
            },
            None => 0,
        };
        let mut picked = Vec::with_capacity(p.limit);
        let mut more = false;
        for o in all.get(start..).unwrap_or_default() {
            if matches(object, o, &p) {
                if picked.len() == p.limit {
                    more = true;
                    break;
                }
                picked.push(o);
            }
        }
        (picked, more)
    };

    let mut paths = Vec::with_capacity(p.expand.len());
    for path in &p.expand {
        let Some(rest) = path.strip_prefix("data.") else {
            let mut r = invalid(
                &format!(
                    "This property cannot be expanded ({path}). You may want to try expanding 'data.{path}' instead."
                ),
                Some("expand"),
            );
            r.extensions_mut().insert(served);
            return r;
        };
        paths.push(rest);
    }
    // Written by hand around each object's pre-rendered body: a page of 100 invoices is ~200 KB of JSON.
    let mut text =
        String::with_capacity(data.iter().map(|o| o.rendered().len() + 1).sum::<usize>() + 128);
    text.push_str(r#"{"object":"list","data":["#);
    for (i, o) in data.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        if paths.is_empty() {
            text.push_str(o.rendered());
            continue;
        }
        let mut body = Json::Object(o.body.clone());
        for rest in &paths {
            if let Err(mut r) = expand(&mut body, rest, store) {
                r.extensions_mut().insert(served);
                return r;
            }
        }
        text.push_str(&body.to_string());
    }
    text.push_str(&format!(
        r#"],"has_more":{has_more},"url":{}}}"#,
        Json::String(path)
    ));
    let mut response = ([(header::CONTENT_TYPE, "application/json")], text).into_response();
    response.extensions_mut().insert(Served {
        rows: data.len(),
        ..served
    });
    response
}

async fn retrieve(
    State(shared): State<Arc<Shared>>,
    Path((resource, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&headers) {
        return r;
    }
    let Some(object) = object_of(&resource) else {
        return unrecognized_url(&Method::GET, &format!("/v1/{resource}/{id}"));
    };
    let raw = raw.unwrap_or_default();
    let served = Served {
        query: Some(raw.clone()),
        rows: 0,
    };
    let company = shared.company();
    let store = &company.stripe;
    let found = match store.get(&id) {
        Some((name, _, o)) if name == object => o,
        _ => {
            let mut r = error(
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                Some("resource_missing"),
                &format!("No such {object}: '{id}'"),
                Some("id"),
            );
            r.extensions_mut().insert(served);
            return r;
        }
    };
    let mut body = Json::Object(found.body.clone());
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let result = match split_key(&key) {
            ("expand", Some(_)) => expand(&mut body, &value, store),
            _ => Err(invalid(
                &format!("Received unknown parameter: {key}"),
                Some(&key),
            )),
        };
        if let Err(mut r) = result {
            r.extensions_mut().insert(served);
            return r;
        }
    }
    let mut response = axum::Json(body).into_response();
    response
        .extensions_mut()
        .insert(Served { rows: 1, ..served });
    response
}

/// Fields that hold the id of another object and can be expanded.
const EXPANDABLE: &[&str] = &[
    "customer",
    "subscription",
    "invoice",
    "latest_invoice",
    "product",
    "default_price",
    "charge",
];

/// Replaces the id at `path` (`customer`, `invoice.subscription`) with the object, up to 4 levels.
fn expand(body: &mut Json, path: &str, store: &StripeStore) -> Result<(), Response> {
    let parts: Vec<&str> = path.split('.').collect();
    if parts.len() > 4 {
        return Err(invalid(
            &format!("You cannot expand more than 4 levels of a property. Property: {path}"),
            Some("expand"),
        ));
    }
    let mut node = body;
    for part in parts {
        let cannot = || {
            invalid(
                &format!("This property cannot be expanded ({part})."),
                Some("expand"),
            )
        };
        if !EXPANDABLE.contains(&part) {
            return Err(cannot());
        }
        let slot = node.get_mut(part).ok_or_else(cannot)?;
        if let Json::String(id) = slot {
            match store.get(id) {
                Some((_, _, o)) => *slot = Json::Object(o.body.clone()),
                None => return Err(cannot()),
            }
        }
        if slot.is_null() {
            return Ok(());
        }
        node = slot;
    }
    Ok(())
}
