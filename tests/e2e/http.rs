//! HTTP: `/healthz` and `/v1/query` in JSON, CSV and Arrow, with errors as JSON.

use std::time::Duration;

use aos_tests::{Aos, TestConfig};
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::ipc::reader::StreamReader;
use serde_json::{Value, json};

async fn post(aos: &Aos, body: Value, accept: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .post(aos.url("/v1/query"))
        .json(&body);
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn healthz_answers() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let response = reqwest::get(aos.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"status": "ok"})
    );
}

#[tokio::test]
async fn query_answers_json_csv_and_arrow() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let sql =
        json!({"sql": "SELECT item_id, name FROM lake.items WHERE item_id <= 3 ORDER BY item_id"});

    let response = post(&aos, sql.clone(), None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({
            "columns": [{"name": "item_id", "type": "int8"}, {"name": "name", "type": "text"}],
            "rows": [[1, "item 1"], [2, "item 2"], [3, "item 3"]],
        })
    );

    let csv = post(&aos, sql.clone(), Some("text/csv"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv, "item_id,name\n1,item 1\n2,item 2\n3,item 3\n");

    let arrow = post(&aos, sql, Some("application/vnd.apache.arrow.stream")).await;
    assert_eq!(
        arrow.headers()["content-type"],
        "application/vnd.apache.arrow.stream"
    );
    let bytes = arrow.bytes().await.unwrap();
    let batches: Vec<RecordBatch> = StreamReader::try_new(std::io::Cursor::new(bytes), None)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<i64> = batches
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
        .collect();
    assert_eq!(ids, vec![1, 2, 3]);
}

#[tokio::test]
async fn empty_results_still_name_their_columns() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let sql = json!({"sql": "SELECT item_id FROM lake.items WHERE item_id < 0"});
    let body = post(&aos, sql.clone(), None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        body,
        json!({"columns": [{"name": "item_id", "type": "int8"}], "rows": []})
    );
    assert_eq!(
        post(&aos, sql, Some("text/csv"))
            .await
            .text()
            .await
            .unwrap(),
        "item_id\n"
    );
}

#[tokio::test]
async fn mistakes_are_4xx_with_a_json_error() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let cases = [
        (json!({"sql": "SELEC 1"}), 400, "syntax_error"),
        (
            json!({"sql": "SELECT * FROM lake.nope"}),
            400,
            "undefined_table",
        ),
        (
            json!({"sql": "SELECT nope FROM lake.items"}),
            400,
            "undefined_column",
        ),
        (json!({"sql": "DROP TABLE lake.items"}), 400, "read_only"),
        (json!({"query": "SELECT 1"}), 400, "bad_request"),
    ];
    for (body, status, code) in cases {
        let response = post(&aos, body.clone(), None).await;
        assert_eq!(response.status(), status, "{body}");
        let error = response.json::<Value>().await.unwrap();
        assert_eq!(error["error"]["code"], code, "{body}: {error}");
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{error}"
        );
    }
    let not_json = reqwest::Client::new()
        .post(aos.url("/v1/query"))
        .body("SELECT 1")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(reqwest::get(aos.url("/nope")).await.unwrap().status(), 404);
    // The server is still fine.
    assert_eq!(
        post(&aos, json!({"sql": "SELECT 1"}), None).await.status(),
        200
    );
}

#[tokio::test]
async fn results_stream_before_the_last_row_is_computed() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let first = tokio::time::timeout(Duration::from_secs(60), async {
        let mut response = post(
            &aos,
            json!({"sql": "SELECT value FROM range(10000000000)"}),
            Some("text/csv"),
        )
        .await;
        assert_eq!(response.status(), 200);
        let mut received = Vec::new();
        while received.len() < 100_000 {
            received.extend(response.chunk().await.unwrap().expect("body ended"));
        }
        received
    })
    .await
    .expect("no rows arrived: the result is not streamed");
    assert!(String::from_utf8_lossy(&first).starts_with("value\n0\n1\n2\n"));
}
