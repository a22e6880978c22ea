//! Arrow Flight SQL with arrow-flight's own `FlightSqlServiceClient`: statements, metadata, prepared
//! statements, split results and errors, compared with what pgwire returns for the same SQL.

use std::sync::Arc;

use aos_tests::{Aos, postgres_text, text_rows};
use arrow_flight::sql::client::FlightSqlServiceClient;
use arrow_flight::sql::{CommandGetDbSchemas, CommandGetTables, SqlInfo};
use arrow_flight::{FlightInfo, decode::FlightRecordBatchStream};
use datafusion::arrow::array::{Array, AsArray, Int64Array, RecordBatch};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::prelude::SessionContext;
use futures::TryStreamExt;
use tonic::transport::Channel;

async fn client(aos: &Aos) -> FlightSqlServiceClient<Channel> {
    let channel = Channel::from_shared(aos.flight_url())
        .unwrap()
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect to Flight SQL: {e}"));
    FlightSqlServiceClient::new(channel)
}

/// Every batch of every endpoint of `info`, each endpoint read on its own stream.
async fn fetch(client: &mut FlightSqlServiceClient<Channel>, info: FlightInfo) -> Vec<RecordBatch> {
    let mut batches = Vec::new();
    for endpoint in info.endpoint {
        let ticket = endpoint.ticket.expect("an endpoint without a ticket");
        let stream: FlightRecordBatchStream = client.do_get(ticket).await.unwrap();
        batches.extend(stream.try_collect::<Vec<_>>().await.unwrap());
    }
    batches
}

/// Rows as PostgreSQL's text format writes them (Arrow's cast to text, with PostgreSQL's spelling of
/// times and booleans), sorted.
fn text_of(batches: &[RecordBatch]) -> Vec<Vec<Option<String>>> {
    let mut rows = Vec::new();
    for batch in batches {
        let columns: Vec<_> = batch
            .columns()
            .iter()
            .map(|c| (c.data_type().clone(), cast(c, &DataType::Utf8).unwrap()))
            .collect();
        for row in 0..batch.num_rows() {
            rows.push(
                columns
                    .iter()
                    .map(|(data_type, c)| {
                        let c = c.as_string::<i32>();
                        (!c.is_null(row)).then(|| postgres_text(data_type, c.value(row)))
                    })
                    .collect(),
            );
        }
    }
    rows.sort();
    rows
}

/// The same query's rows over pgwire, in its text format, sorted.
async fn pgwire_text(aos: &Aos, sql: &str) -> Vec<Vec<Option<String>>> {
    let mut rows = text_rows(&aos.connect().await, sql).await;
    rows.sort();
    rows
}

#[tokio::test]
async fn statements_metadata_and_prepared_statements_over_the_demo() {
    let aos = Aos::demo();
    let mut flight = client(&aos).await;

    // A demo table and an ontology table: exactly pgwire's rows.
    for table in ["warehouse.workspace", "ontology.account"] {
        let info = flight
            .execute(format!("SELECT * FROM {table}"), None)
            .await
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        let schema = Schema::try_from(info.clone()).unwrap();
        let batches = fetch(&mut flight, info).await;
        assert!(
            batches
                .iter()
                .all(|b| b.schema().fields() == schema.fields())
        );
        let rows = text_of(&batches);
        assert!(!rows.is_empty(), "{table} is empty");
        let want = pgwire_text(&aos, &format!("SELECT * FROM {table}")).await;
        assert_eq!(rows.len(), want.len(), "{table}");
        if let Some((got, want)) = rows.iter().zip(&want).find(|(a, b)| a != b) {
            panic!("{table}: {got:?} over Flight SQL, {want:?} over pgwire");
        }
    }

    // Metadata: catalogs, schemas, tables with their schemas, table types, server info.
    let info = flight.get_catalogs().await.unwrap();
    let catalogs = text_of(&fetch(&mut flight, info).await);
    assert!(
        catalogs.contains(&vec![Some("aos".to_string())]),
        "{catalogs:?}"
    );

    let info = flight
        .get_db_schemas(CommandGetDbSchemas {
            catalog: Some("aos".into()),
            db_schema_filter_pattern: None,
        })
        .await
        .unwrap();
    let schemas: Vec<String> = text_of(&fetch(&mut flight, info).await)
        .into_iter()
        .filter_map(|r| r[1].clone())
        .collect();
    for wanted in ["ontology", "warehouse", "salesforce", "stripe", "netsuite"] {
        assert!(schemas.iter().any(|s| s == wanted), "{wanted}: {schemas:?}");
    }

    let info = flight
        .get_tables(CommandGetTables {
            catalog: Some("aos".into()),
            db_schema_filter_pattern: Some("ontology".into()),
            table_name_filter_pattern: Some("acc%".into()),
            table_types: vec![],
            include_schema: true,
        })
        .await
        .unwrap();
    let tables = concat(fetch(&mut flight, info).await);
    let names = tables.column(2).as_string::<i32>();
    assert!(
        names
            .iter()
            .all(|n| n.is_some_and(|n| n.starts_with("acc")))
    );
    let row = (0..names.len())
        .find(|&i| names.value(i) == "account")
        .unwrap_or_else(|| panic!("no ontology.account: {tables:?}"));
    let ipc = tables
        .column_by_name("table_schema")
        .unwrap()
        .as_binary::<i32>();
    let account = arrow_flight::IpcMessage(ipc.value(row).to_vec().into());
    let account = Schema::try_from(account).unwrap();
    assert!(account.field_with_name("account_id").is_ok(), "{account:?}");

    let info = flight.get_table_types().await.unwrap();
    let types = text_of(&fetch(&mut flight, info).await);
    assert!(types.contains(&vec![Some("VIEW".to_string())]), "{types:?}");

    let info = flight
        .get_sql_info(vec![
            SqlInfo::FlightSqlServerName,
            SqlInfo::FlightSqlServerReadOnly,
        ])
        .await
        .unwrap();
    assert_eq!(concat(fetch(&mut flight, info).await).num_rows(), 2);

    // A prepared statement with a parameter, run twice with two bindings.
    let sql = "SELECT account_id, name FROM ontology.account WHERE employees > $1";
    let mut prepared = flight.prepare(sql.to_string(), None).await.unwrap();
    let parameters = prepared.parameter_schema().unwrap().clone();
    assert_eq!(parameters.fields().len(), 1, "{parameters:?}");
    let pg = aos.connect().await;
    for threshold in [1000_i64, 5000] {
        let field = Field::new("$1", DataType::Int64, true);
        let batch = RecordBatch::try_new(
            Arc::new(Schema::new(vec![field])),
            vec![Arc::new(Int64Array::from(vec![threshold]))],
        )
        .unwrap();
        prepared.set_parameters(batch).unwrap();
        let info = prepared.execute().await.unwrap();
        let rows = text_of(&fetch(&mut flight, info).await);
        let mut want = text_rows(
            &pg,
            &format!("SELECT account_id, name FROM ontology.account WHERE employees > {threshold}"),
        )
        .await;
        want.sort();
        assert!(!want.is_empty());
        assert_eq!(rows, want, "employees > {threshold}");
    }
    prepared.close().await.unwrap();

    // Errors carry a gRPC code and a message naming what was wrong; the server keeps serving.
    let error = flight
        .execute("SELECT * FROM ontology.nope".into(), None)
        .await
        .unwrap_err()
        .to_string();
    // tonic prints the code by its description.
    assert!(
        error.contains("Some requested entity was not found") && error.contains("nope"),
        "{error}"
    );
    let error = flight
        .execute("SELEC 1".into(), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("Client specified an invalid argument"),
        "{error}"
    );
    let error = flight
        .execute("CREATE TABLE t (x INT)".into(), None)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("The caller does not have permission"),
        "{error}"
    );
    let info = flight
        .execute("SELECT 1 AS one".into(), None)
        .await
        .unwrap();
    assert_eq!(
        text_of(&fetch(&mut flight, info).await),
        vec![vec![Some("1".into())]]
    );
}

fn concat(batches: Vec<RecordBatch>) -> RecordBatch {
    let schema = batches[0].schema();
    concat_batches(&schema, &batches).unwrap()
}

#[tokio::test]
async fn a_table_of_several_files_is_served_as_several_endpoints() {
    let dir = aos_tests::tempdir();
    let events = dir.path().join("lake/events");
    std::fs::create_dir_all(&events).unwrap();
    let context = SessionContext::new();
    for (part, (from, to)) in [(1, 5000), (5001, 12000)].into_iter().enumerate() {
        context
            .sql(&format!(
                "SELECT value AS id, value % 7 AS kind FROM generate_series({from}, {to})"
            ))
            .await
            .unwrap()
            .write_parquet(
                &events
                    .join(format!("part-{part}.parquet"))
                    .to_string_lossy(),
                datafusion::dataframe::DataFrameWriteOptions::new(),
                None,
            )
            .await
            .unwrap();
    }
    // One file of ten row groups, split into byte ranges, written by pyarrow (whose files DataFusion's
    // scans would share out between partitions at run time).
    let ids = dir.path().join("lake/ids.parquet");
    let script = format!(
        "import pyarrow as pa, pyarrow.parquet as pq\n\
         ids = range(1, 1000001)\n\
         pq.write_table(pa.table({{'id': pa.array(ids, pa.int64()), 'name': [f'n{{i}}' for i in ids]}}), {:?}, \
         row_group_size=100000, compression='none')\n",
        ids.display()
    );
    let written = std::process::Command::new(aos_tests::python())
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let config = format!(
        "[engine]\ntarget_partitions = 2\n\n[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"{}\"\n",
        dir.path().join("lake").display()
    );
    let aos = Aos::serve(&config, &[]);
    let mut flight = client(&aos).await;

    let info = flight
        .execute(
            "SELECT id, kind FROM lake.events WHERE kind <> 3".into(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(info.endpoint.len(), 2, "{info:?}");
    let batches = fetch(&mut flight, info).await;
    let mut ids: Vec<i64> = batches
        .iter()
        .flat_map(|b| {
            let ids = cast(b.column(0), &DataType::Int64).unwrap();
            ids.as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .values()
                .to_vec()
        })
        .collect();
    ids.sort_unstable();
    let want: Vec<i64> = (1..=12000).filter(|i| i % 7 != 3).collect();
    assert_eq!(ids, want);

    let info = flight
        .execute("SELECT id FROM lake.ids".into(), None)
        .await
        .unwrap();
    assert_eq!(info.endpoint.len(), 2, "{info:?}");
    let mut ids: Vec<i64> = fetch(&mut flight, info)
        .await
        .iter()
        .flat_map(|b| {
            b.column(0)
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .values()
                .to_vec()
        })
        .collect();
    ids.sort_unstable();
    assert_eq!(ids.len(), 1_000_000, "every row exactly once");
    assert!(ids.iter().copied().eq(1..=1_000_000));

    // Strings are sent as Utf8 (not the views DataFusion reads Parquet into), as the FlightInfo says.
    let info = flight
        .execute("SELECT id, name FROM lake.ids WHERE id <= 3".into(), None)
        .await
        .unwrap();
    let announced = info.clone().try_decode_schema().unwrap();
    assert_eq!(announced.field(1).data_type(), &DataType::Utf8);
    let batches = fetch(&mut flight, info).await;
    assert!(
        batches
            .iter()
            .all(|b| b.schema().fields() == announced.fields())
    );
    assert_eq!(
        text_of(&batches),
        vec![
            vec![Some("1".into()), Some("n1".into())],
            vec![Some("2".into()), Some("n2".into())],
            vec![Some("3".into()), Some("n3".into())]
        ]
    );

    // Anything that must see every row at once (here ORDER BY) stays one ordered endpoint.
    let info = flight
        .execute(
            "SELECT id FROM lake.events ORDER BY id DESC LIMIT 3".into(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(info.endpoint.len(), 1);
    assert!(info.ordered);
    assert_eq!(
        text_of(&fetch(&mut flight, info).await),
        vec![
            vec![Some("11998".into())],
            vec![Some("11999".into())],
            vec![Some("12000".into())]
        ]
    );
}
