//! The HTTP front end: `GET /healthz`, `POST /v1/query`, `POST /v1/nlq` and `POST /v1/refresh`.

use std::sync::Arc;

use aos_engine::{Engine, ErrorKind, Freshness};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use datafusion::execution::SendableRecordBatchStream;
use futures::StreamExt;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::output::{Encoder, Format};
use crate::wire::{client_message, wire_error};

/// The body of `POST /v1/query`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryRequest {
    sql: String,
    /// `live` reads the sources instead of accelerated copies (as `SET aos.freshness = 'live'`).
    #[serde(default)]
    freshness: Option<String>,
}

/// The body of `POST /v1/refresh`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshRequest {
    /// `schema.table`.
    table: String,
}

/// The header carrying each notice about the accelerated copies a query read (how old, and why).
pub(crate) const NOTICE_HEADER: &str = "aos-notice";

/// The body of `POST /v1/nlq`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NlqRequest {
    question: String,
    #[serde(default)]
    persona: Option<String>,
}

#[derive(Clone)]
struct Services {
    engine: Arc<Engine>,
}

/// Serves HTTP on `listener` until the task is dropped.
pub(crate) async fn serve(listener: TcpListener, engine: Arc<Engine>) -> std::io::Result<()> {
    // Without TCP_NODELAY a response written in pieces (head, rows, end) waits on the client's delayed
    // ACK: 40 ms added to a query that took one.
    let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
    });
    axum::serve(listener, router(engine)).await
}

fn router(engine: Arc<Engine>) -> Router {
    Router::new()
        .route(
            "/healthz",
            get(|| async { axum::Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/v1/query", post(query))
        .route("/v1/nlq", post(nlq))
        .route("/v1/refresh", post(refresh))
        .fallback(|| async {
            error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such endpoint; see GET /healthz, POST /v1/query, POST /v1/nlq and POST /v1/refresh"
                    .into(),
            )
        })
        .with_state(Services { engine })
}

async fn nlq(State(services): State<Services>, body: Bytes) -> Response {
    let request: NlqRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "the body must be a JSON object {{\"question\": \"...\", \"persona\": \"cfo\"}}: {e}"
                ),
            );
        }
    };
    let answer = match services
        .engine
        .ask(&request.question, request.persona.as_deref())
        .await
    {
        Ok(answer) => answer,
        Err(e) => return query_error(&e),
    };
    match crate::nlq::answer_json(&answer) {
        Ok(body) => axum::Json(body).into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            format!("cannot encode the answer: {e}"),
        ),
    }
}

async fn refresh(State(services): State<Services>, body: Bytes) -> Response {
    let request: RefreshRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the body must be a JSON object {{\"table\": \"schema.table\"}}: {e}"),
            );
        }
    };
    match services.engine.refresh(&request.table).await {
        Ok(report) => axum::Json(serde_json::json!({
            "table": report.table,
            "version": report.version,
            "rows": report.rows,
            "bytes": report.bytes,
            "duration_ms": u64::try_from(report.duration.as_millis()).unwrap_or(u64::MAX),
        }))
        .into_response(),
        Err(e) => query_error(&e),
    }
}

async fn query(State(services): State<Services>, headers: HeaderMap, body: Bytes) -> Response {
    let engine = services.engine;
    let request: QueryRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!(
                    "the body must be a JSON object {{\"sql\": \"...\", \"freshness\": \"live\"}}: {e}"
                ),
            );
        }
    };
    let freshness = match request.freshness.as_deref().map(Freshness::parse) {
        None => Freshness::Default,
        Some(Ok(freshness)) => freshness,
        Some(Err(e)) => return error(StatusCode::BAD_REQUEST, "bad_request", e.to_string()),
    };
    let format = negotiate(&headers);
    // Dropping the response body (the client went away) drops the stream, which stops the query.
    let (stream, notices) = match engine
        .execute_with(
            &request.sql,
            freshness,
            engine.guard(CancellationToken::new()),
        )
        .await
    {
        Ok(started) => started,
        Err(e) => return query_error(&e),
    };
    let mut response = stream_response(stream, format).await;
    for notice in notices {
        if let Ok(value) = HeaderValue::from_str(&crate::wire::header_text(&notice)) {
            response.headers_mut().append(NOTICE_HEADER, value);
        }
    }
    response
}

/// JSON unless the client asks for CSV or Arrow.
fn negotiate(headers: &HeaderMap) -> Format {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("application/vnd.apache.arrow.stream") {
        Format::Arrow
    } else if accept.contains("text/csv") {
        Format::Csv
    } else {
        Format::Json
    }
}

/// Streams the result. The first batch is awaited before answering, so an error that shows up at once gets
/// a proper status; a later error aborts the body, which the client sees as an incomplete response, never as
/// a complete one.
async fn stream_response(mut stream: SendableRecordBatchStream, format: Format) -> Response {
    let first = match stream.next().await {
        Some(Err(e)) => return query_error(&e),
        first => first.and_then(Result::ok),
    };
    let (encoder, head) = match Encoder::begin(format, &stream.schema()) {
        Ok(begun) => begun,
        Err(e) => return query_error(&e),
    };
    let state = BodyState {
        stream,
        encoder,
        first,
        done: false,
    };
    let body = futures::stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(head)) })
        .chain(futures::stream::unfold(state, BodyState::next_chunk));
    let mut response = Response::new(Body::from_stream(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    response
}

struct BodyState {
    stream: SendableRecordBatchStream,
    encoder: Encoder,
    first: Option<datafusion::arrow::array::RecordBatch>,
    done: bool,
}

impl BodyState {
    async fn next_chunk(mut self) -> Option<(Result<Bytes, std::io::Error>, Self)> {
        if self.done {
            return None;
        }
        let batch = match self.first.take() {
            Some(batch) => Ok(Some(batch)),
            None => self.stream.next().await.transpose(),
        };
        let chunk = match batch {
            Ok(Some(batch)) => self.encoder.batch(&batch).map_err(std::io::Error::other),
            Ok(None) => {
                self.done = true;
                self.encoder.finish().map_err(std::io::Error::other)
            }
            Err(e) => {
                tracing::warn!(error = %client_message(&e), "query failed while streaming; aborting the response");
                Err(std::io::Error::other(e))
            }
        };
        if chunk.is_err() {
            self.done = true;
        }
        Some((chunk.map(Bytes::from), self))
    }
}

fn query_error(e: &(dyn std::error::Error + 'static)) -> Response {
    let wire = wire_error(ErrorKind::of(e));
    let status =
        StatusCode::from_u16(wire.http_status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    error(status, wire.code, client_message(e))
}

fn error(status: StatusCode, code: &str, message: String) -> Response {
    (
        status,
        axum::Json(serde_json::json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}
