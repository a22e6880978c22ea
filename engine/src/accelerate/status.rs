//! `system.accelerations`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, Int64Builder, RecordBatch, StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::TableType;
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::error::Result as DataFusionResult;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;

use super::Accelerations;

/// `system.accelerations`: one row per accelerated table, read when queried.
#[derive(Debug)]
pub(super) struct StatusTable {
    pub(super) accelerations: Arc<Accelerations>,
}

fn status_schema() -> SchemaRef {
    let time = DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()));
    Arc::new(Schema::new(vec![
        Field::new("table_name", DataType::Utf8, false),
        Field::new("mode", DataType::Utf8, false),
        Field::new("storage", DataType::Utf8, false),
        Field::new("version", DataType::Int64, true),
        Field::new("rows", DataType::Int64, true),
        Field::new("bytes", DataType::Int64, true),
        Field::new("last_refresh", time.clone(), true),
        Field::new("refresh_ms", DataType::Int64, true),
        Field::new("age_s", DataType::Int64, true),
        Field::new("last_error", DataType::Utf8, true),
        Field::new("last_error_at", time.clone(), true),
        Field::new("next_refresh", time, true),
        Field::new("refresh_interval_s", DataType::Int64, false),
        Field::new("max_staleness_s", DataType::Int64, true),
    ]))
}

fn micros(at: SystemTime) -> i64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_micros()).unwrap_or(i64::MAX))
}

fn seconds(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

impl StatusTable {
    fn batch(&self) -> DataFusionResult<RecordBatch> {
        let mut name = StringBuilder::new();
        let mut mode = StringBuilder::new();
        let mut storage = StringBuilder::new();
        let mut version = Int64Builder::new();
        let mut rows = Int64Builder::new();
        let mut bytes = Int64Builder::new();
        let mut refreshed = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut refresh_ms = Int64Builder::new();
        let mut age = Int64Builder::new();
        let mut error = StringBuilder::new();
        let mut error_at = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut next = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        let mut interval = Int64Builder::new();
        let mut staleness = Int64Builder::new();
        for table in self.accelerations.tables() {
            let (copy, last_error) = match table.state.read() {
                Ok(state) => (state.copy.clone(), state.last_error.clone()),
                Err(_) => (None, None),
            };
            name.append_value(&table.name);
            mode.append_value(table.config.mode.name());
            storage.append_value(table.config.storage.name());
            version.append_option(copy.as_ref().map(|c| c.version as i64));
            rows.append_option(copy.as_ref().map(|c| c.rows as i64));
            bytes.append_option(copy.as_ref().map(|c| c.bytes as i64));
            refreshed.append_option(copy.as_ref().map(|c| micros(c.taken_at)));
            refresh_ms.append_option(
                copy.as_ref()
                    .map(|c| i64::try_from(c.duration.as_millis()).unwrap_or(i64::MAX)),
            );
            age.append_option(copy.as_ref().map(|c| seconds(c.age())));
            error.append_option(last_error.as_ref().map(|(_, e)| e.as_str()));
            error_at.append_option(last_error.as_ref().map(|(at, _)| micros(*at)));
            next.append_option(table.next_refresh().map(micros));
            interval.append_value(seconds(table.config.refresh_interval));
            staleness.append_option(table.config.max_staleness.map(seconds));
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(name.finish()),
            Arc::new(mode.finish()),
            Arc::new(storage.finish()),
            Arc::new(version.finish()),
            Arc::new(rows.finish()),
            Arc::new(bytes.finish()),
            Arc::new(refreshed.finish()),
            Arc::new(refresh_ms.finish()),
            Arc::new(age.finish()),
            Arc::new(error.finish()),
            Arc::new(error_at.finish()),
            Arc::new(next.finish()),
            Arc::new(interval.finish()),
            Arc::new(staleness.finish()),
        ];
        Ok(RecordBatch::try_new(status_schema(), columns)?)
    }
}

#[async_trait]
impl TableProvider for StatusTable {
    fn schema(&self) -> SchemaRef {
        status_schema()
    }

    fn table_type(&self) -> TableType {
        TableType::View
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        let source = MemorySourceConfig::try_new(
            &[vec![self.batch()?]],
            status_schema(),
            projection.cloned(),
        )?
        .with_limit(limit);
        Ok(datafusion::datasource::source::DataSourceExec::from_data_source(source))
    }
}
