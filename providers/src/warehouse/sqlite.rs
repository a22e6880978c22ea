//! SQLite files, opened read-only: each query runs on its own connection on a blocking thread and streams
//! Arrow batches as it goes, so several queries (and the ranges of a parallel scan) read at once.
//!
//! Column types come from the declared types, with SQLite's affinity rules plus the names warehouses use
//! for dates and times: `DATE` is a `date`, `DATETIME`/`TIMESTAMP` a `timestamp`, both stored as ISO text.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{
    ArrayBuilder, ArrayRef, BinaryBuilder, BooleanBuilder, Date32Builder, Float64Builder,
    Int64Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::error::DataFusionError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::sql::sqlparser::ast::{
    DataType as SqlType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, Ident, ObjectName, Statement, Value, visit_expressions_mut,
};
use datafusion::sql::sqlparser::dialect::SQLiteDialect as SqliteParser;
use datafusion::sql::unparser::Unparser;
use datafusion::sql::unparser::dialect::{
    CharacterLengthStyle, DateFieldExtractStyle, Dialect as UnparserDialect, DistinctFromStyle,
    SqliteDialect,
};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use serde::Deserialize;

use super::{Database, ParallelScan, RemoteTable};
use crate::{Error, Result};

/// DataFusion's SQLite dialect, except that a cast to a date is written `CAST(x AS DATE)` (not `AS
/// TEXT`, which keeps a timestamp's time) for [`SqliteDatabase::rewrite`] to turn into `date(x)`.
struct SqliteDates(SqliteDialect);

impl UnparserDialect for SqliteDates {
    fn supports_qualify(&self) -> bool {
        self.0.supports_qualify()
    }

    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.0.identifier_quote_style(identifier)
    }

    fn date_field_extract_style(&self) -> DateFieldExtractStyle {
        self.0.date_field_extract_style()
    }

    fn date32_cast_dtype(&self) -> SqlType {
        SqlType::Date
    }

    fn character_length_style(&self) -> CharacterLengthStyle {
        self.0.character_length_style()
    }

    fn distinct_from_style(&self) -> DistinctFromStyle {
        self.0.distinct_from_style()
    }

    fn supports_column_alias_in_table_alias(&self) -> bool {
        self.0.supports_column_alias_in_table_alias()
    }

    fn timestamp_cast_dtype(&self, unit: &TimeUnit, tz: &Option<Arc<str>>) -> SqlType {
        self.0.timestamp_cast_dtype(unit, tz)
    }

    fn scalar_function_to_sql_overrides(
        &self,
        unparser: &Unparser,
        name: &str,
        args: &[datafusion::logical_expr::Expr],
    ) -> datafusion::error::Result<Option<Expr>> {
        self.0
            .scalar_function_to_sql_overrides(unparser, name, args)
    }
}

/// Rows per Arrow batch.
const BATCH_ROWS: usize = 8192;

/// Settings of a `sqlite` source (`kind = "sqlite"` in `aos.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqliteConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// The database file (relative to the config file's folder). It is opened read-only, never created.
    pub path: String,
    /// How long a query waits for a writer's lock (default 5s).
    #[serde(default = "default_busy_timeout", with = "humantime_serde")]
    pub busy_timeout: Duration,
    /// How a whole-table scan is read in parallel.
    #[serde(default)]
    pub scan: ParallelScan,
}

fn default_busy_timeout() -> Duration {
    Duration::from_secs(5)
}

/// One SQLite file.
#[derive(Debug)]
pub(crate) struct SqliteDatabase {
    path: PathBuf,
    busy_timeout: Duration,
}

impl SqliteDatabase {
    /// Checks that the file is a readable SQLite database.
    pub(crate) fn open(config: &SqliteConfig, base_dir: &Path) -> Result<Self> {
        let path = base_dir.join(&config.path);
        let database = Self {
            path,
            busy_timeout: config.busy_timeout,
        };
        database
            .connection()
            .and_then(|c| {
                c.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
                    .map_err(|e| e.to_string())
            })
            .map_err(|message| Error::Config {
                source_name: config.name.clone(),
                message: format!("path {:?}: {message}", config.path),
            })?;
        Ok(database)
    }

    fn connection(&self) -> Result<Connection, String> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| format!("cannot open {}: {e}", self.path.display()))?;
        connection
            .busy_timeout(self.busy_timeout)
            .map_err(|e| e.to_string())?;
        Ok(connection)
    }

    fn discover_blocking(&self) -> Result<Vec<RemoteTable>, String> {
        let connection = self.connection()?;
        let mut statement = connection
            .prepare(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') \
                 AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| e.to_string())?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let mut columns = Vec::new();
            let mut key = Vec::new();
            let mut info = connection
                .prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)")
                .map_err(|e| e.to_string())?;
            let mut rows = info.query([&name]).map_err(|e| e.to_string())?;
            while let Some(row) = rows.next().map_err(|e| e.to_string())? {
                let column: String = row.get(0).map_err(|e| e.to_string())?;
                let declared: String = row.get(1).unwrap_or_default();
                let not_null: bool = row.get(2).unwrap_or(false);
                let pk: i64 = row.get(3).unwrap_or(0);
                let data_type = arrow_type(&declared);
                if pk > 0 {
                    key.push((column.clone(), data_type.clone()));
                }
                columns.push(Field::new(column, data_type, !not_null || pk > 0));
            }
            let integer_key = match key.as_slice() {
                [(column, DataType::Int64)] => Some(column.clone()),
                _ => None,
            };
            // The key's span estimates the rows from the index ends, without reading the table (a
            // `count(*)` of every big table would scan it at start-up).
            let estimated_rows = match &integer_key {
                Some(key) => connection
                    .query_row(
                        &format!(
                            "SELECT max({k}) - min({k}) + 1 FROM {t}",
                            k = quote(key),
                            t = quote(&name)
                        ),
                        [],
                        |r| r.get::<_, Option<i64>>(0),
                    )
                    .map_or(0, |n| n.map_or(0, |n| u64::try_from(n).unwrap_or(0))),
                None => 0,
            };
            tables.push(RemoteTable {
                schema: "main".into(),
                name,
                columns: Arc::new(Schema::new(columns)),
                integer_key,
                estimated_rows,
            });
        }
        Ok(tables)
    }
}

/// An identifier in double quotes, inner quotes doubled.
fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// The Arrow type of a declared column type, by SQLite's affinity rules (section 3.1 of "Datatypes In
/// SQLite"), with `DATE`, `DATETIME`/`TIMESTAMP` and `BOOL*` recognised first.
fn arrow_type(declared: &str) -> DataType {
    let t = declared.to_ascii_uppercase();
    if t.starts_with("BOOL") {
        DataType::Boolean
    } else if t == "DATE" {
        DataType::Date32
    } else if t.starts_with("DATETIME") || t.starts_with("TIMESTAMP") {
        DataType::Timestamp(TimeUnit::Microsecond, None)
    } else if t.contains("INT") {
        DataType::Int64
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        DataType::Utf8
    } else if t.contains("BLOB") {
        DataType::Binary
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        DataType::Float64
    } else if t.is_empty() {
        DataType::Utf8
    } else {
        // NUMERIC affinity (DECIMAL, NUMERIC, ...): stored as integer or real.
        DataType::Float64
    }
}

#[async_trait]
impl Database for SqliteDatabase {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    fn compute_context(&self) -> String {
        self.path.display().to_string()
    }

    fn default_schema(&self) -> &str {
        "main"
    }

    fn unparser_dialect(&self) -> Arc<dyn UnparserDialect> {
        Arc::new(SqliteDates(SqliteDialect {}))
    }

    fn parser_dialect(&self) -> Box<dyn datafusion::sql::sqlparser::dialect::Dialect> {
        Box::new(SqliteParser {})
    }

    /// `CAST(x AS DATE)` is numeric in SQLite (`CAST('2026-10-19' AS DATE)` is `2026`), so a date
    /// filter compared ISO text with a number: it becomes `date(x)`, the ISO text of the day (and of a
    /// timestamp's day, where `CAST(x AS TEXT)` would have kept the time and missed the last day).
    fn rewrite(&self, statement: &mut Statement) {
        let _ = visit_expressions_mut(statement, |expr| {
            if let Expr::Cast {
                expr: inner,
                data_type: SqlType::Date,
                ..
            } = expr
            {
                let argument = std::mem::replace(inner.as_mut(), Expr::value(Value::Null));
                *expr = Expr::Function(Function {
                    name: ObjectName::from(vec![Ident::new("date")]),
                    uses_odbc_syntax: false,
                    parameters: FunctionArguments::None,
                    args: FunctionArguments::List(FunctionArgumentList {
                        duplicate_treatment: None,
                        args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(argument))],
                        clauses: vec![],
                    }),
                    filter: None,
                    null_treatment: None,
                    over: None,
                    within_group: vec![],
                });
            }
            ControlFlow::<()>::Continue(())
        });
    }

    async fn discover(&self) -> Result<Vec<RemoteTable>, String> {
        let database = Self {
            path: self.path.clone(),
            busy_timeout: self.busy_timeout,
        };
        tokio::task::spawn_blocking(move || database.discover_blocking())
            .await
            .map_err(|e| e.to_string())?
    }

    async fn query(
        &self,
        sql: String,
        schema: SchemaRef,
    ) -> Result<SendableRecordBatchStream, String> {
        let connection = self.connection()?;
        let (sender, mut receiver) = tokio::sync::mpsc::channel(2);
        let stream_schema = Arc::clone(&schema);
        // Prepare first, so that a bad statement is an error of the query, not of its first batch.
        let (ready_sender, ready) = tokio::sync::oneshot::channel();
        tokio::task::spawn_blocking(move || {
            read(&connection, &sql, &schema, &sender, ready_sender);
        });
        ready.await.map_err(|e| e.to_string())??;
        let stream = futures::stream::poll_fn(move |cx| receiver.poll_recv(cx));
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            stream_schema,
            stream,
        )))
    }
}

type BatchSender = tokio::sync::mpsc::Sender<Result<RecordBatch, DataFusionError>>;

/// Runs `sql` and sends its rows in batches until done, failed, or nobody listens any more.
fn read(
    connection: &Connection,
    sql: &str,
    schema: &SchemaRef,
    sender: &BatchSender,
    ready: tokio::sync::oneshot::Sender<Result<(), String>>,
) {
    let mut statement = match connection.prepare(sql) {
        Ok(statement) => statement,
        Err(e) => {
            let _ = ready.send(Err(e.to_string()));
            return;
        }
    };
    if statement.column_count() != schema.fields().len() {
        let _ = ready.send(Err(format!(
            "the query returns {} columns where {} were expected",
            statement.column_count(),
            schema.fields().len()
        )));
        return;
    }
    let mut rows = match statement.query([]) {
        Ok(rows) => rows,
        Err(e) => {
            let _ = ready.send(Err(e.to_string()));
            return;
        }
    };
    let _ = ready.send(Ok(()));
    let mut builders = Builders::new(schema);
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                let appended = (0..schema.fields().len()).try_for_each(|i| {
                    let value = row.get_ref(i).map_err(|e| e.to_string())?;
                    builders.append(i, value)
                });
                if let Err(e) = appended {
                    let _ = sender.blocking_send(Err(DataFusionError::Execution(e)));
                    return;
                }
                if builders.rows == BATCH_ROWS {
                    let batch = builders.finish(schema);
                    if sender.blocking_send(batch).is_err() {
                        return;
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                let _ = sender.blocking_send(Err(DataFusionError::Execution(e.to_string())));
                return;
            }
        }
    }
    if builders.rows > 0 {
        let _ = sender.blocking_send(builders.finish(schema));
    }
}

/// One Arrow builder per column, converting SQLite's dynamic values to the column's type.
struct Builders {
    columns: Vec<Column>,
    rows: usize,
}

enum Column {
    Int(Int64Builder),
    Float(Float64Builder),
    Bool(BooleanBuilder),
    Text(StringBuilder),
    Blob(BinaryBuilder),
    Date(Date32Builder),
    Timestamp(TimestampMicrosecondBuilder),
}

impl Builders {
    /// One builder per column, by the kind of value SQLite stores for the column's type; `finish` casts
    /// to the exact type (a federated query may ask for `Utf8View`, `Decimal128`, `Int32`, ...).
    fn new(schema: &Schema) -> Self {
        let columns = schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                t if t.is_integer() => Column::Int(Int64Builder::with_capacity(BATCH_ROWS)),
                t if t.is_floating()
                    || matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..)) =>
                {
                    Column::Float(Float64Builder::with_capacity(BATCH_ROWS))
                }
                DataType::Boolean => Column::Bool(BooleanBuilder::with_capacity(BATCH_ROWS)),
                DataType::Binary | DataType::LargeBinary | DataType::BinaryView => {
                    Column::Blob(BinaryBuilder::new())
                }
                DataType::Date32 | DataType::Date64 => {
                    Column::Date(Date32Builder::with_capacity(BATCH_ROWS))
                }
                DataType::Timestamp(_, tz) => Column::Timestamp(
                    TimestampMicrosecondBuilder::with_capacity(BATCH_ROWS)
                        .with_timezone_opt(tz.clone()),
                ),
                _ => Column::Text(StringBuilder::new()),
            })
            .collect();
        Self { columns, rows: 0 }
    }

    fn append(&mut self, index: usize, value: ValueRef<'_>) -> Result<(), String> {
        let Some(column) = self.columns.get_mut(index) else {
            return Err(format!("no column {index}"));
        };
        if index == 0 {
            self.rows += 1;
        }
        let mismatch = |expected: &str| {
            format!(
                "column {} holds {:?} where {expected} was expected",
                index + 1,
                value.data_type()
            )
        };
        match (column, value) {
            (Column::Int(b), ValueRef::Null) => b.append_null(),
            (Column::Float(b), ValueRef::Null) => b.append_null(),
            (Column::Bool(b), ValueRef::Null) => b.append_null(),
            (Column::Text(b), ValueRef::Null) => b.append_null(),
            (Column::Blob(b), ValueRef::Null) => b.append_null(),
            (Column::Date(b), ValueRef::Null) => b.append_null(),
            (Column::Timestamp(b), ValueRef::Null) => b.append_null(),
            (Column::Int(b), ValueRef::Integer(i)) => b.append_value(i),
            (Column::Int(b), ValueRef::Real(f)) if f.fract() == 0.0 => b.append_value(f as i64),
            (Column::Int(_), _) => return Err(mismatch("an integer")),
            (Column::Float(b), ValueRef::Real(f)) => b.append_value(f),
            (Column::Float(b), ValueRef::Integer(i)) => b.append_value(i as f64),
            (Column::Float(_), _) => return Err(mismatch("a number")),
            (Column::Bool(b), ValueRef::Integer(i)) => b.append_value(i != 0),
            (Column::Bool(_), _) => return Err(mismatch("0 or 1")),
            (Column::Text(b), ValueRef::Text(t)) => b.append_value(String::from_utf8_lossy(t)),
            (Column::Text(b), ValueRef::Integer(i)) => b.append_value(i.to_string()),
            (Column::Text(b), ValueRef::Real(f)) => b.append_value(f.to_string()),
            (Column::Text(_), ValueRef::Blob(_)) => return Err(mismatch("text")),
            (Column::Blob(b), ValueRef::Blob(v)) => b.append_value(v),
            (Column::Blob(b), ValueRef::Text(v)) => b.append_value(v),
            (Column::Blob(_), _) => return Err(mismatch("a blob")),
            (Column::Date(b), ValueRef::Text(t)) => {
                let text = std::str::from_utf8(t).map_err(|_| mismatch("a date"))?;
                let date = NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d")
                    .map_err(|_| mismatch("a YYYY-MM-DD date"))?;
                b.append_value(days_since_epoch(date));
            }
            (Column::Date(_), _) => return Err(mismatch("a YYYY-MM-DD date")),
            (Column::Timestamp(b), ValueRef::Text(t)) => {
                let text = std::str::from_utf8(t).map_err(|_| mismatch("a timestamp"))?;
                b.append_value(parse_timestamp(text).ok_or_else(|| mismatch("a timestamp"))?);
            }
            (Column::Timestamp(b), ValueRef::Integer(seconds)) => {
                b.append_value(seconds.saturating_mul(1_000_000));
            }
            (Column::Timestamp(_), _) => return Err(mismatch("a timestamp")),
        }
        Ok(())
    }

    fn finish(&mut self, schema: &SchemaRef) -> Result<RecordBatch, DataFusionError> {
        self.rows = 0;
        let arrays = self
            .columns
            .iter_mut()
            .zip(schema.fields())
            .map(|(c, field)| {
                let array = match c {
                    Column::Int(b) => ArrayBuilder::finish(b),
                    Column::Float(b) => ArrayBuilder::finish(b),
                    Column::Bool(b) => ArrayBuilder::finish(b),
                    Column::Text(b) => ArrayBuilder::finish(b),
                    Column::Blob(b) => ArrayBuilder::finish(b),
                    Column::Date(b) => ArrayBuilder::finish(b),
                    Column::Timestamp(b) => ArrayBuilder::finish(b),
                };
                if array.data_type() == field.data_type() {
                    Ok(array)
                } else {
                    cast(&array, field.data_type())
                }
            })
            .collect::<Result<Vec<ArrayRef>, _>>()?;
        Ok(RecordBatch::try_new(Arc::clone(schema), arrays)?)
    }
}

fn days_since_epoch(date: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX)
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]`, with a `T` or a space, as microseconds since the epoch.
fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim_end_matches('Z');
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d"]
        .iter()
        .find_map(|format| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .or_else(|| {
                    NaiveDate::parse_from_str(text, format)
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                })
        })
        .map(|t| t.and_utc().timestamp_micros())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_follow_sqlite_affinity() {
        assert_eq!(arrow_type("INTEGER"), DataType::Int64);
        assert_eq!(arrow_type("BIGINT"), DataType::Int64);
        assert_eq!(arrow_type("varchar(20)"), DataType::Utf8);
        assert_eq!(arrow_type("DOUBLE PRECISION"), DataType::Float64);
        assert_eq!(arrow_type("DECIMAL(10,2)"), DataType::Float64);
        assert_eq!(arrow_type(""), DataType::Utf8);
        assert_eq!(arrow_type("DATE"), DataType::Date32);
        assert_eq!(
            arrow_type("TIMESTAMP"),
            DataType::Timestamp(TimeUnit::Microsecond, None)
        );
        assert_eq!(arrow_type("boolean"), DataType::Boolean);
    }

    #[test]
    fn timestamps_parse_with_a_space_or_a_t() {
        assert_eq!(parse_timestamp("1970-01-01 00:00:01"), Some(1_000_000));
        assert_eq!(parse_timestamp("1970-01-01T00:00:01.5Z"), Some(1_500_000));
        assert_eq!(parse_timestamp("1970-01-02"), Some(86_400_000_000));
        assert_eq!(parse_timestamp("yesterday"), None);
    }
}
