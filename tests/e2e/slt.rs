//! SQL behaviour checked by files: every `.slt` file under `tests/slt/` runs over pgwire, HTTP and Flight
//! SQL against the same server, and must pass identically on each (the engine owns the SQL, so a port
//! that answers differently is a bug). `tests/slt/*.slt` run over the fixture lake; `tests/slt/demo/`
//! over the demo's ontology (`nlq()`).
//!
//! Values are compared in PostgreSQL's text format: pgwire's simple protocol writes it, and the Arrow
//! results of HTTP and Flight SQL are written the same way here. An error is compared by its message.
//! `AOS_SLT_COMPLETE=1` rewrites each file's expected output from pgwire's answers (then check the diff).

use std::fmt;
use std::path::{Path, PathBuf};

use aos_tests::{Aos, TestConfig, db_message};
use arrow_flight::decode::FlightRecordBatchStream;
use arrow_flight::sql::client::FlightSqlServiceClient;
use async_trait::async_trait;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::ipc::reader::StreamReader;
use futures::TryStreamExt;
use sqllogictest::{AsyncDB, DBOutput, DefaultColumnType, Runner};
use tokio_postgres::SimpleQueryMessage;
use tonic::transport::Channel;

/// What a port answered instead of rows: the server's message.
#[derive(Debug)]
struct PortError(String);

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PortError {}

type Output = Result<DBOutput<DefaultColumnType>, PortError>;

fn rows_output(width: usize, rows: Vec<Vec<String>>) -> DBOutput<DefaultColumnType> {
    DBOutput::Rows {
        types: vec![DefaultColumnType::Any; width],
        rows,
    }
}

/// A cell as the files write it: `NULL`, `(empty)` for the empty string, else the text.
fn cell(text: Option<&str>) -> String {
    match text {
        None => "NULL".into(),
        Some("") => "(empty)".into(),
        Some(text) => text.into(),
    }
}

/// pgwire, simple protocol: PostgreSQL's own text format.
struct Pgwire(tokio_postgres::Client);

#[async_trait]
impl AsyncDB for Pgwire {
    type Error = PortError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Output {
        let messages = self
            .0
            .simple_query(sql)
            .await
            .map_err(|e| PortError(db_message(&e)))?;
        let mut width = None;
        let mut rows = Vec::new();
        for message in messages {
            match message {
                SimpleQueryMessage::RowDescription(columns) => width = Some(columns.len()),
                SimpleQueryMessage::Row(row) => {
                    width = Some(row.len());
                    rows.push((0..row.len()).map(|i| cell(row.get(i))).collect());
                }
                _ => {}
            }
        }
        Ok(match width {
            Some(width) => rows_output(width, rows),
            None => DBOutput::StatementComplete(0),
        })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "pgwire"
    }

    async fn sleep(duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// HTTP `POST /v1/query`, answered as an Arrow IPC stream.
struct Http {
    client: reqwest::Client,
    url: String,
}

#[async_trait]
impl AsyncDB for Http {
    type Error = PortError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Output {
        let response = self
            .client
            .post(&self.url)
            .header("Accept", "application/vnd.apache.arrow.stream")
            .json(&serde_json::json!({ "sql": sql }))
            .send()
            .await
            .map_err(|e| PortError(format!("HTTP request failed: {e}")))?;
        let ok = response.status().is_success();
        let body = response
            .bytes()
            .await
            .map_err(|e| PortError(format!("HTTP body: {e}")))?;
        if !ok {
            let error: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| PortError(format!("HTTP error body is not JSON: {e}")))?;
            let message = error["error"]["message"].as_str().unwrap_or("?");
            return Err(PortError(message.to_string()));
        }
        let reader = StreamReader::try_new(std::io::Cursor::new(body), None)
            .map_err(|e| PortError(format!("Arrow stream: {e}")))?;
        let width = reader.schema().fields().len();
        let batches = reader
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PortError(format!("Arrow stream: {e}")))?;
        Ok(rows_output(width, postgres_rows(&batches)))
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "http"
    }

    async fn sleep(duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// Flight SQL `CommandStatementQuery`, every endpoint fetched in order.
struct Flight(FlightSqlServiceClient<Channel>);

#[async_trait]
impl AsyncDB for Flight {
    type Error = PortError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Output {
        let info = self
            .0
            .execute(sql.to_string(), None)
            .await
            .map_err(|e| PortError(flight_message(e)))?;
        let width = info
            .clone()
            .try_decode_schema()
            .map_err(|e| PortError(e.to_string()))?
            .fields()
            .len();
        let mut batches = Vec::new();
        for endpoint in info.endpoint {
            let Some(ticket) = endpoint.ticket else {
                return Err(PortError("an endpoint without a ticket".into()));
            };
            let stream: FlightRecordBatchStream = self
                .0
                .do_get(ticket)
                .await
                .map_err(|e| PortError(flight_message(e)))?;
            batches.extend(
                stream
                    .try_collect::<Vec<_>>()
                    .await
                    .map_err(|e| PortError(flight_message(e)))?,
            );
        }
        Ok(rows_output(width, postgres_rows(&batches)))
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "flight"
    }

    async fn sleep(duration: std::time::Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// The message of a Flight SQL client error: the server's status message when it sent one.
fn flight_message(error: arrow_flight::error::FlightError) -> String {
    use arrow_flight::error::FlightError;
    match error {
        FlightError::Tonic(status) => status.message().to_string(),
        FlightError::Arrow(datafusion::arrow::error::ArrowError::ExternalError(e)) => {
            match e.downcast_ref::<tonic::Status>() {
                Some(status) => status.message().to_string(),
                None => e.to_string(),
            }
        }
        other => other.to_string(),
    }
}

/// Arrow rows in PostgreSQL's text format, as pgwire writes them.
fn postgres_rows(batches: &[RecordBatch]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for batch in batches {
        for row in 0..batch.num_rows() {
            rows.push(
                batch
                    .columns()
                    .iter()
                    .map(|column| cell(postgres_text(column.as_ref(), row).as_deref()))
                    .collect(),
            );
        }
    }
    rows
}

/// One value of `column` in PostgreSQL's text format, `None` for NULL.
fn postgres_text(column: &dyn Array, row: usize) -> Option<String> {
    // Logical nulls: a `NullArray` (`SELECT NULL`) has no validity buffer.
    if column
        .logical_nulls()
        .is_some_and(|nulls| nulls.is_null(row))
    {
        return None;
    }
    let data_type = column.data_type();
    if let DataType::List(_) | DataType::LargeList(_) = data_type {
        let values = match data_type {
            DataType::List(_) => column.as_list::<i32>().value(row),
            _ => column.as_list::<i64>().value(row),
        };
        let elements: Vec<String> = (0..values.len())
            .map(|i| match postgres_text(values.as_ref(), i) {
                None => "NULL".into(),
                Some(text) => array_element(values.data_type(), text),
            })
            .collect();
        return Some(format!("{{{}}}", elements.join(",")));
    }
    let slice = column.slice(row, 1);
    let text = cast(&slice, &DataType::Utf8).ok()?;
    Some(aos_tests::postgres_text(
        data_type,
        text.as_string::<i32>().value(0),
    ))
}

/// An array element as PostgreSQL writes it: text quoted when it holds what would be ambiguous.
fn array_element(data_type: &DataType, text: String) -> String {
    let textual = matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    );
    let needs_quotes = text.is_empty()
        || text.eq_ignore_ascii_case("null")
        || text
            .chars()
            .any(|c| c.is_whitespace() || "{},\"\\".contains(c));
    if textual && needs_quotes {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text
    }
}

/// The `.slt` files directly under `folder`, sorted.
fn slt_files(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("slt")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "slt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .slt files in {}", dir.display());
    files
}

/// Runs every file of `folder` over the three ports of `aos`; panics with every failure.
async fn run_files(aos: &Aos, folder: &str) {
    let complete = std::env::var_os("AOS_SLT_COMPLETE").is_some();
    let mut failures = Vec::new();
    for file in slt_files(folder) {
        let name = file.display().to_string();
        if complete {
            let conninfo = aos.conninfo();
            let mut runner = Runner::new(move || pgwire(conninfo.clone()));
            runner
                .update_test_file(
                    &file,
                    " ",
                    sqllogictest::default_validator,
                    sqllogictest::default_normalizer,
                    sqllogictest::default_column_validator,
                )
                .await
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            continue;
        }
        let conninfo = aos.conninfo();
        let mut over_pgwire = Runner::new(move || pgwire(conninfo.clone()));
        if let Err(e) = over_pgwire.run_file_async(&file).await {
            failures.push(format!("pgwire, {e}"));
        }
        let url = aos.url("/v1/query");
        let mut over_http = Runner::new(move || {
            let url = url.clone();
            async move {
                Ok(Http {
                    client: reqwest::Client::new(),
                    url,
                })
            }
        });
        if let Err(e) = over_http.run_file_async(&file).await {
            failures.push(format!("HTTP, {e}"));
        }
        let flight_url = aos.flight_url();
        let mut over_flight = Runner::new(move || flight(flight_url.clone()));
        if let Err(e) = over_flight.run_file_async(&file).await {
            failures.push(format!("Flight SQL, {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

async fn pgwire(conninfo: String) -> Result<Pgwire, PortError> {
    let (client, connection) = tokio_postgres::connect(&conninfo, tokio_postgres::NoTls)
        .await
        .map_err(|e| PortError(e.to_string()))?;
    tokio::spawn(connection);
    Ok(Pgwire(client))
}

async fn flight(url: String) -> Result<Flight, PortError> {
    let channel = Channel::from_shared(url)
        .map_err(|e| PortError(e.to_string()))?
        .connect()
        .await
        .map_err(|e| PortError(e.to_string()))?;
    Ok(Flight(FlightSqlServiceClient::new(channel)))
}

#[tokio::test]
async fn slt_files_pass_identically_on_every_port() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    run_files(&aos, "").await;
}

#[tokio::test]
async fn slt_files_over_the_demo_pass_identically_on_every_port() {
    let (_demo, aos) = super::nlq::cached_demo("", &[]);
    run_files(&aos, "demo").await;
}
