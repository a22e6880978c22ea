//! The table, and the execution of one SuiteQL query.
//!
//! A scan sends `SELECT <projection> FROM <table> WHERE <pushed filters> ORDER BY id` (a stable order, so
//! pages neither repeat nor skip rows). A whole read asks for the first page and, at once, the id span and
//! row count, then reads the rest as id ranges expected to hold a page each, concurrently (within the source's concurrency limit), in order:
//! each request touches only its range, never nears NetSuite's 100,000-row cap, and needs no offset. With
//! a LIMIT the scan pages by offset from the start instead (the limit is the page size, and paging stops
//! when it is met), continuing with `AND id > <last id>` past the row cap. Aggregates reach here too, as
//! queries built by `aggregate.rs` (paged by offset over their GROUP BY order).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Decimal128Builder, Float64Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef, TimeUnit};
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::datasource::TableType;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchReceiverStreamBuilder;
use datafusion::physical_plan::{
    ChildrenPropertiesMode, DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning,
    PlanProperties, ReplaceChildrenOptions, SendableRecordBatchStream,
};
use futures::StreamExt;
use serde_json::Value as Json;

use super::client::NetSuiteClient;
use super::pushdown::translate;
use super::schema::{ColumnType, SuiteTable, parse_date};

/// Rows one SuiteQL query returns at most.
pub(crate) const MAX_ROWS_PER_QUERY: usize = 100_000;

/// How a source reads: shared by its tables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Paging {
    /// Rows per page (SuiteQL's `limit`, at most 1000).
    pub(crate) page_size: usize,
    /// Pages fetched at once.
    pub(crate) concurrency: usize,
    /// Rows one query may return before the scan continues by id.
    pub(crate) max_rows: usize,
}

/// One SuiteQL table.
#[derive(Debug)]
pub(crate) struct NetSuiteTable {
    pub(crate) client: Arc<NetSuiteClient>,
    pub(crate) table: SuiteTable,
    pub(crate) paging: Paging,
}

#[async_trait]
impl TableProvider for NetSuiteTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.table.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DfResult<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| match translate(f, &self.table) {
                Some(_) => TableProviderFilterPushDown::Exact,
                None => TableProviderFilterPushDown::Unsupported,
            })
            .collect())
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let output: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.table.columns.len()).collect(),
        };
        // The optimizer may simplify a pushed filter to `true` (`IS NOT NULL` on a required column).
        let conditions = filters
            .iter()
            .filter(|f| !crate::filters::is_true(f))
            .map(|f| {
                translate(f, &self.table).ok_or_else(|| {
                    DataFusionError::Internal(format!("filter {f} was not pushable"))
                })
            })
            .collect::<DfResult<Vec<_>>>()?;
        let mut select: Vec<Selected> = output
            .iter()
            .map(|&i| {
                let (name, ty) = &self.table.columns[i];
                Selected::column(name, *ty)
            })
            .collect();
        // The id: for the order, and to continue past the row cap.
        let id_index = select.iter().position(|s| s.key == "id");
        if id_index.is_none() {
            select.push(Selected::column("id", ColumnType::Integer));
        }
        let query = SuiteQuery {
            from: self.table.name.clone(),
            select,
            conditions,
            group_by: Vec::new(),
            order_by: vec!["id".to_owned()],
            keyset: true,
        };
        let schema = Arc::new(self.table.schema.project(&output)?);
        Ok(Arc::new(NetSuiteScanExec::new(
            Arc::clone(&self.client),
            query,
            schema,
            limit,
            self.paging,
        )))
    }
}

/// One item of a select list: the SuiteQL expression, the key it comes back under, and its Arrow type.
#[derive(Debug, Clone)]
pub(crate) struct Selected {
    pub(crate) expr: String,
    /// Lowercase: SuiteQL answers keys in lowercase.
    pub(crate) key: String,
    pub(crate) data_type: DataType,
}

impl Selected {
    pub(crate) fn column(name: &str, ty: ColumnType) -> Selected {
        let expr = match ty {
            // The default format of a datetime drops its time.
            ColumnType::DateTime => format!("TO_CHAR({name}, 'YYYY-MM-DD HH24:MI:SS') AS {name}"),
            _ => name.to_owned(),
        };
        Selected {
            expr,
            key: name.to_ascii_lowercase(),
            data_type: ty.data_type(),
        }
    }
}

/// A SuiteQL query over one table.
#[derive(Debug, Clone)]
pub(crate) struct SuiteQuery {
    pub(crate) from: String,
    pub(crate) select: Vec<Selected>,
    pub(crate) conditions: Vec<String>,
    pub(crate) group_by: Vec<String>,
    pub(crate) order_by: Vec<String>,
    /// Ordered by a unique `id` that is selected: past the row cap, continue with `id > last`.
    pub(crate) keyset: bool,
}

impl SuiteQuery {
    /// The SuiteQL, for the rows after id `after` if given.
    pub(crate) fn text(&self, after: Option<i64>) -> String {
        self.text_where(after.map(|id| format!("id > {id}")))
    }

    /// The smallest and largest id and the number of rows the query selects, as `lo`, `hi` and `n`.
    fn id_stats(&self) -> String {
        let mut sql = format!(
            "SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM {}",
            self.from
        );
        if !self.conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&self.conditions.join(" AND "));
        }
        sql
    }

    /// The SuiteQL with one more condition.
    fn text_where(&self, extra: Option<String>) -> String {
        let select = self
            .select
            .iter()
            .map(|s| s.expr.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let mut sql = format!("SELECT {select} FROM {}", self.from);
        let mut conditions = self.conditions.clone();
        conditions.extend(extra);
        if !conditions.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conditions.join(" AND "));
        }
        if !self.group_by.is_empty() {
            sql.push_str(" GROUP BY ");
            sql.push_str(&self.group_by.join(", "));
        }
        if !self.order_by.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&self.order_by.join(", "));
        }
        sql
    }
}

/// Runs one [`SuiteQuery`] and streams its rows.
#[derive(Debug)]
pub(crate) struct NetSuiteScanExec {
    run: Arc<Run>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

#[derive(Debug)]
struct Run {
    client: Arc<NetSuiteClient>,
    query: SuiteQuery,
    limit: Option<usize>,
    paging: Paging,
    /// Output columns: the first ones of the select list.
    width: usize,
    schema: SchemaRef,
}

impl NetSuiteScanExec {
    pub(crate) fn new(
        client: Arc<NetSuiteClient>,
        query: SuiteQuery,
        schema: SchemaRef,
        limit: Option<usize>,
        paging: Paging,
    ) -> NetSuiteScanExec {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        NetSuiteScanExec {
            run: Arc::new(Run {
                client,
                width: schema.fields().len(),
                schema: Arc::clone(&schema),
                query,
                limit,
                paging,
            }),
            schema,
            properties: Arc::new(properties),
        }
    }
}

impl Run {
    fn error(&self, message: String) -> DataFusionError {
        self.client
            .error(format!("{}: {message}", self.query.from))
            .into()
    }

    async fn run(
        self: Arc<Self>,
        tx: tokio::sync::mpsc::Sender<DfResult<RecordBatch>>,
    ) -> DfResult<()> {
        if self.query.keyset && self.limit.is_none() {
            return self.run_by_id_ranges(tx).await;
        }
        let page_size = self.paging.page_size;
        let mut emitted = 0usize;
        let mut after = None;
        loop {
            let sql = self.query.text(after);
            let wanted = self.limit.map(|n| n.saturating_sub(emitted));
            let first_size = wanted.map_or(page_size, |w| w.clamp(1, page_size));
            let first = self.client.query(&sql, first_size, 0).await?;
            let capped = first.total > self.paging.max_rows;
            let mut readable = first.total.min(self.paging.max_rows);
            if let Some(w) = wanted {
                readable = readable.min(w);
            }
            let mut last_id = self.last_id(&first.items)?;
            let fetched = first.items.len();
            emitted += fetched;
            if tx.send(self.batch(&first.items)).await.is_err() {
                return Ok(());
            }
            if first.has_more && fetched > 0 {
                let offsets: Vec<usize> = (fetched..readable).step_by(page_size).collect();
                let mut pages = futures::stream::iter(offsets)
                    .map(|offset| {
                        let run = Arc::clone(&self);
                        let sql = sql.clone();
                        async move {
                            let size = page_size.min(readable - offset);
                            run.client.query(&sql, size, offset).await
                        }
                    })
                    .buffered(self.paging.concurrency);
                while let Some(page) = pages.next().await {
                    let page = page?;
                    if let Some(id) = self.last_id(&page.items)? {
                        last_id = Some(id);
                    }
                    emitted += page.items.len();
                    if tx.send(self.batch(&page.items)).await.is_err() {
                        return Ok(());
                    }
                }
            }
            let more_wanted = self.limit.is_none_or(|n| emitted < n);
            match last_id {
                Some(id) if capped && self.query.keyset && more_wanted => after = Some(id),
                _ if capped && more_wanted => {
                    return Err(self.error(format!(
                        "the query has {} rows, more than the {} NetSuite returns, and cannot be continued by id",
                        first.total, self.paging.max_rows
                    )));
                }
                _ => return Ok(()),
            }
        }
    }

    /// A whole read: the first page and, at the same time, the id span and row count; then the rest as id
    /// ranges expected to hold a page each, read concurrently and passed on in order. Each range reads only
    /// its own rows (cheap for the server, whose primary key is the id, and never near the row cap),
    /// continuing by id if it holds more than a page.
    async fn run_by_id_ranges(
        self: Arc<Self>,
        tx: tokio::sync::mpsc::Sender<DfResult<RecordBatch>>,
    ) -> DfResult<()> {
        let page_size = self.paging.page_size;
        let first_sql = self.query.text(None);
        let stats_sql = self.query.id_stats();
        let (first, stats) = futures::try_join!(
            self.client.query(&first_sql, page_size, 0),
            self.client.query(&stats_sql, 1, 0)
        )?;
        let last = self.last_id(&first.items)?;
        let read = first.items.len();
        if tx.send(self.batch(&first.items)).await.is_err() {
            return Ok(());
        }
        let value = |key: &str| {
            stats
                .items
                .first()
                .and_then(|item| item[key].as_str())
                .and_then(parse_integer)
        };
        let (Some(after), true, Some(hi), Some(rows)) =
            (last, first.has_more, value("hi"), value("n"))
        else {
            return Ok(());
        };
        let left = (rows - read as i64).max(1) as u64;
        let pages = left.div_ceil(page_size as u64) as i64;
        let start = after + 1;
        let width = ((hi - start) / pages + 1).max(1);
        let ranges: Vec<(i64, i64)> = (0..)
            .map(|i| start.saturating_add(i * width))
            .take_while(|lo| *lo <= hi)
            .map(|lo| (lo, lo.saturating_add(width - 1).min(hi)))
            .collect();
        let mut reads = futures::stream::iter(ranges)
            .map(|(lo, hi)| {
                let run = Arc::clone(&self);
                async move { run.read_range(lo, hi).await }
            })
            .buffered(self.paging.concurrency);
        while let Some(items) = reads.next().await {
            if tx.send(self.batch(&items?)).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The rows with `start <= id <= end`, a page at a time.
    async fn read_range(&self, start: i64, end: i64) -> DfResult<Vec<Json>> {
        let mut items = Vec::new();
        let mut after = start - 1;
        loop {
            let sql = self
                .query
                .text_where(Some(format!("id BETWEEN {} AND {end}", after + 1)));
            let page = self.client.query(&sql, self.paging.page_size, 0).await?;
            let last = self.last_id(&page.items)?;
            items.extend(page.items);
            match last {
                Some(id) if page.has_more => after = id,
                _ => return Ok(items),
            }
        }
    }

    /// The id of the last item, when the query is ordered by id.
    fn last_id(&self, items: &[Json]) -> DfResult<Option<i64>> {
        if !self.query.keyset {
            return Ok(None);
        }
        let Some(last) = items.last() else {
            return Ok(None);
        };
        last["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .map(Some)
            .ok_or_else(|| self.error(format!("a row has no integer id: {last}")))
    }

    fn batch(&self, items: &[Json]) -> DfResult<RecordBatch> {
        let columns = self.query.select[..self.width]
            .iter()
            .map(|s| self.column(s, items))
            .collect::<DfResult<Vec<ArrayRef>>>()?;
        let options = RecordBatchOptions::new().with_row_count(Some(items.len()));
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            columns,
            &options,
        )?)
    }

    fn column(&self, selected: &Selected, items: &[Json]) -> DfResult<ArrayRef> {
        let key = &selected.key;
        // NetSuite leaves nulls out of an item.
        let values = items.iter().map(|item| match item.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(self.error(format!("column {key}: expected text, got {other}"))),
        });
        let wrong = |v: &str| {
            self.error(format!(
                "column {key}: {v:?} is not a {} (its type changed in NetSuite, or the configured type is wrong)",
                selected.data_type
            ))
        };
        Ok(match &selected.data_type {
            DataType::Utf8 => {
                let mut b = StringBuilder::new();
                for v in values {
                    b.append_option(v?);
                }
                Arc::new(b.finish())
            }
            DataType::Int64 => {
                let mut b = Int64Builder::new();
                for v in values {
                    b.append_option(
                        v?.map(|v| parse_integer(v).ok_or_else(|| wrong(v)))
                            .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            DataType::Float64 => {
                let mut b = Float64Builder::new();
                for v in values {
                    b.append_option(
                        v?.map(|v| v.parse::<f64>().map_err(|_| wrong(v)))
                            .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            DataType::Decimal128(precision, scale) => {
                let mut b =
                    Decimal128Builder::new().with_precision_and_scale(*precision, *scale)?;
                for v in values {
                    b.append_option(
                        v?.map(|v| parse_decimal(v, *scale).ok_or_else(|| wrong(v)))
                            .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            DataType::Boolean => {
                let mut b = BooleanBuilder::new();
                for v in values {
                    b.append_option(
                        v?.map(|v| match v {
                            "T" => Ok(true),
                            "F" => Ok(false),
                            other => Err(wrong(other)),
                        })
                        .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            DataType::Date32 => {
                let mut b = Date32Builder::new();
                let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                for v in values {
                    b.append_option(
                        v?.map(|v| {
                            parse_date(v)
                                .map(|d| (d - epoch).num_days() as i32)
                                .ok_or_else(|| wrong(v))
                        })
                        .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            DataType::Timestamp(TimeUnit::Microsecond, tz) => {
                let mut b = TimestampMicrosecondBuilder::new().with_timezone_opt(tz.clone());
                for v in values {
                    b.append_option(
                        v?.map(|v| parse_timestamp(v).ok_or_else(|| wrong(v)))
                            .transpose()?,
                    );
                }
                Arc::new(b.finish())
            }
            other => {
                return Err(DataFusionError::Internal(format!(
                    "NetSuite column {key} of type {other}"
                )));
            }
        })
    }
}

/// An integer, also written as a float with no fraction (`"12.0"`, as aggregates may answer).
fn parse_integer(text: &str) -> Option<i64> {
    text.parse().ok().or_else(|| {
        let f: f64 = text.parse().ok()?;
        (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
    })
}

/// Decimal text (`-12.5`, `3`, `1.005`, `1e3`) as an integer at `scale`, rounded half away from zero.
pub(crate) fn parse_decimal(text: &str, scale: i8) -> Option<i128> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().ok()?;
        return f
            .is_finite()
            .then(|| (f * 10f64.powi(i32::from(scale))).round() as i128);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = scale.max(0) as usize;
    let mut value: i128 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let kept: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(scale)
        .collect();
    for digit in kept.bytes() {
        value = value
            .checked_mul(10)?
            .checked_add(i128::from(digit - b'0'))?;
    }
    if fraction.as_bytes().get(scale).is_some_and(|d| *d >= b'5') {
        value += 1;
    }
    Some(if negative { -value } else { value })
}

/// `YYYY-MM-DD HH:MM:SS` (from TO_CHAR) or a bare date, as microseconds since the epoch (UTC).
fn parse_timestamp(text: &str) -> Option<i64> {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .ok()
        .or_else(|| parse_date(text).and_then(|d| d.and_hms_opt(0, 0, 0)))
        .map(|t| t.and_utc().timestamp_micros())
}

impl DisplayAs for NetSuiteScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "NetSuiteScanExec: source={}, suiteql={}",
            self.run.client.source(),
            self.run.query.text(None)
        )?;
        match self.run.limit {
            Some(n) => write!(f, ", limit={n}"),
            None => write!(
                f,
                ", pages of {} ({} at a time)",
                self.run.paging.page_size, self.run.paging.concurrency
            ),
        }
    }
}

impl ExecutionPlan for NetSuiteScanExec {
    fn name(&self) -> &'static str {
        "NetSuiteScanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> DfResult<TreeNodeRecursion>,
    ) -> DfResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        _: Vec<Arc<dyn ExecutionPlan>>,
        _: ReplaceChildrenOptions,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        self.replace_children(
            children,
            ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute),
        )
    }

    fn execute(
        &self,
        _partition: usize,
        _context: Arc<TaskContext>,
    ) -> DfResult<SendableRecordBatchStream> {
        let mut builder = RecordBatchReceiverStreamBuilder::new(Arc::clone(&self.schema), 4);
        let tx = builder.tx();
        builder.spawn(Arc::clone(&self.run).run(tx));
        Ok(builder.build())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly_and_round_half_away_from_zero() {
        assert_eq!(parse_decimal("12.34", 2), Some(1234));
        assert_eq!(parse_decimal("-12.5", 2), Some(-1250));
        assert_eq!(parse_decimal("3", 2), Some(300));
        assert_eq!(parse_decimal(".5", 2), Some(50));
        assert_eq!(parse_decimal("1.005", 2), Some(101));
        assert_eq!(parse_decimal("-1.004", 2), Some(-100));
        assert_eq!(parse_decimal("1e3", 2), Some(100_000));
        assert_eq!(parse_decimal("0.30000000000000004", 2), Some(30));
        assert_eq!(parse_decimal("abc", 2), None);
        assert_eq!(parse_decimal("1.2.3", 2), None);
        assert_eq!(parse_decimal("", 2), None);
        assert_eq!(parse_decimal("-", 2), None);
    }

    #[test]
    fn integers_and_timestamps() {
        assert_eq!(parse_integer("42"), Some(42));
        assert_eq!(parse_integer("42.0"), Some(42));
        assert_eq!(parse_integer("42.5"), None);
        assert_eq!(
            parse_timestamp("2025-01-31 13:45:00"),
            Some(1_738_331_100_000_000)
        );
        assert_eq!(parse_timestamp("1/31/2025"), Some(1_738_281_600_000_000));
        assert_eq!(parse_timestamp("31.1.2025"), None);
    }
}
