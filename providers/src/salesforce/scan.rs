//! The table and its scan: one SOQL query per scan, its pages streamed into record batches as they arrive.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate};
use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Decimal128Builder, Float64Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result as DfResult};
use datafusion::datasource::TableType;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    ChildrenPropertiesMode, DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning,
    PlanProperties, ReplaceChildrenOptions, SendableRecordBatchStream,
};
use serde_json::Value as Json;

use super::client::SalesforceClient;
use super::pushdown::{Pushed, translate};
use super::schema::{Kind, SObject, SfField};

/// One Salesforce object as a table.
#[derive(Debug)]
pub(crate) struct SalesforceTable {
    client: Arc<SalesforceClient>,
    object: SObject,
}

impl fmt::Debug for SalesforceClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SalesforceClient")
            .field("source", &self.source())
            .finish_non_exhaustive()
    }
}

impl SalesforceTable {
    pub(crate) fn new(client: Arc<SalesforceClient>, object: SObject) -> SalesforceTable {
        SalesforceTable { client, object }
    }
}

#[async_trait]
impl TableProvider for SalesforceTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.object.schema)
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
            .map(|f| match translate(f, &self.object) {
                Some(Pushed { exact: true, .. }) => TableProviderFilterPushDown::Exact,
                Some(_) => TableProviderFilterPushDown::Inexact,
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
        let indices: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.object.fields.len()).collect(),
        };
        let schema = Arc::new(self.object.schema.project(&indices)?);
        let fields: Vec<SfField> = indices
            .iter()
            .filter_map(|&i| self.object.fields.get(i).cloned())
            .collect();
        let pushed: Vec<Pushed> = filters
            .iter()
            .filter_map(|f| translate(f, &self.object))
            .collect();
        let all_exact = pushed.len() == filters.len() && pushed.iter().all(|p| p.exact);
        let select = if fields.is_empty() {
            "COUNT()".to_owned()
        } else {
            fields
                .iter()
                .map(|f| f.api_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut soql = format!("SELECT {select} FROM {}", self.object.name);
        if !pushed.is_empty() {
            let conditions: Vec<&str> = pushed.iter().map(|p| p.soql.as_str()).collect();
            soql.push_str(" WHERE ");
            soql.push_str(&conditions.join(" AND "));
        }
        // A limit is a promise of rows: only when SOQL filters exactly as SQL does.
        if let Some(n) = limit.filter(|_| all_exact) {
            soql.push_str(&format!(" LIMIT {n}"));
        }
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Ok(Arc::new(SalesforceScanExec {
            client: Arc::clone(&self.client),
            object: self.object.name.clone(),
            soql,
            fields,
            schema,
            properties: Arc::new(properties),
        }))
    }
}

/// Runs one SOQL query and streams its pages.
#[derive(Debug)]
pub(crate) struct SalesforceScanExec {
    client: Arc<SalesforceClient>,
    object: String,
    soql: String,
    fields: Vec<SfField>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl DisplayAs for SalesforceScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SalesforceScanExec: source={}, soql={}",
            self.client.source(),
            self.soql
        )
    }
}

impl ExecutionPlan for SalesforceScanExec {
    fn name(&self) -> &'static str {
        "SalesforceScanExec"
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
        let first = format!(
            "/services/data/v{}/query?q={}",
            self.client.api_version,
            form_urlencoded::byte_serialize(self.soql.as_bytes()).collect::<String>()
        );
        let state = Pages {
            client: Arc::clone(&self.client),
            object: self.object.clone(),
            fields: self.fields.clone(),
            schema: Arc::clone(&self.schema),
            next: Some(first),
            expected: None,
            received: 0,
        };
        let stream = futures::stream::try_unfold(state, |mut state| async move {
            let Some(path) = state.next.take() else {
                return Ok(None);
            };
            let batch = state.fetch(&path).await?;
            Ok(Some((batch, state)))
        });
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            Arc::clone(&self.schema),
            stream,
        )))
    }
}

/// The paging state of one scan.
struct Pages {
    client: Arc<SalesforceClient>,
    object: String,
    fields: Vec<SfField>,
    schema: SchemaRef,
    next: Option<String>,
    expected: Option<u64>,
    received: u64,
}

impl Pages {
    async fn fetch(&mut self, path: &str) -> DfResult<RecordBatch> {
        let endpoint = format!("query {}", self.object);
        let body = self.client.get(path, &endpoint).await?;
        let total = body["totalSize"]
            .as_u64()
            .ok_or_else(|| self.error("a query page has no totalSize".into()))?;
        let expected = *self.expected.get_or_insert(total);
        let records = body["records"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let done = body["done"].as_bool().unwrap_or(true);
        if self.fields.is_empty() {
            // SELECT COUNT(): the answer is totalSize, with no records and no paging.
            self.received = expected;
            let options = RecordBatchOptions::new()
                .with_row_count(Some(usize::try_from(total).unwrap_or(usize::MAX)));
            return Ok(RecordBatch::try_new_with_options(
                Arc::clone(&self.schema),
                vec![],
                &options,
            )?);
        }
        self.received += records.len() as u64;
        if done {
            if self.received != expected {
                return Err(self.error(format!(
                    "the query returned {} of the {expected} records it announced; refusing a partial result",
                    self.received
                )));
            }
        } else {
            let next = body["nextRecordsUrl"].as_str().ok_or_else(|| {
                self.error("a page says more records follow but has no nextRecordsUrl".into())
            })?;
            self.next = Some(next.to_owned());
        }
        self.batch(records)
    }

    fn error(&self, message: String) -> DataFusionError {
        self.client
            .error(format!("{}: {message}", self.object))
            .into()
    }

    fn batch(&self, records: &[Json]) -> DfResult<RecordBatch> {
        let columns = self
            .fields
            .iter()
            .zip(self.schema.fields())
            .map(|(field, arrow)| self.column(field, arrow.data_type(), records))
            .collect::<DfResult<Vec<ArrayRef>>>()?;
        Ok(RecordBatch::try_new(Arc::clone(&self.schema), columns)?)
    }

    fn column(
        &self,
        field: &SfField,
        data_type: &DataType,
        records: &[Json],
    ) -> DfResult<ArrayRef> {
        let name = &field.api_name;
        let mut values = Vec::with_capacity(records.len());
        for record in records {
            match record.get(name) {
                Some(v) => values.push(v),
                None => {
                    return Err(self.error(format!(
                        "field {name} is missing from the records Salesforce returned; its schema changed (run the describe again)"
                    )));
                }
            }
        }
        let wrong = |v: &Json| {
            self.error(format!(
                "field {name}: expected a {:?} value, got {v}; its type changed in Salesforce",
                field.kind
            ))
        };
        Ok(match (field.kind, data_type) {
            (Kind::Id | Kind::Text, _) => {
                let mut b = StringBuilder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::String(s) => b.append_value(s),
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Boolean, _) => {
                let mut b = BooleanBuilder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::Bool(x) => b.append_value(*x),
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Int, _) => {
                let mut b = Int64Builder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::Number(n) => b.append_value(
                            n.as_i64()
                                .or_else(|| n.as_f64().map(|f| f as i64))
                                .ok_or_else(|| wrong(v))?,
                        ),
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Double, _) => {
                let mut b = Float64Builder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::Number(n) => b.append_option(n.as_f64()),
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Decimal, DataType::Decimal128(precision, scale)) => {
                let mut b =
                    Decimal128Builder::new().with_precision_and_scale(*precision, *scale)?;
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::Number(n) => {
                            b.append_value(decimal(&n.to_string(), *scale).ok_or_else(|| wrong(v))?)
                        }
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Date, _) => {
                let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                let mut b = Date32Builder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::String(s) => {
                            let d =
                                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| wrong(v))?;
                            b.append_value((d - epoch).num_days() as i32);
                        }
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::DateTime, _) => {
                let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        Json::String(s) => {
                            let t = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z")
                                .map_err(|_| wrong(v))?;
                            b.append_value(t.timestamp_micros());
                        }
                        other => return Err(wrong(other)),
                    }
                }
                Arc::new(b.finish())
            }
            (Kind::Decimal, other) => {
                return Err(self.error(format!("field {name}: unexpected column type {other}")));
            }
        })
    }
}

/// A JSON number's text as a decimal with `scale` digits after the point (rounded half away from zero).
fn decimal(text: &str, scale: i8) -> Option<i128> {
    let scale = u32::try_from(scale).ok()?;
    if text.contains(['e', 'E']) {
        let f: f64 = text.parse().ok()?;
        return Some((f * 10f64.powi(scale as i32)).round() as i128);
    }
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut value: i128 = int.parse().ok()?;
    let mut frac_digits = frac.chars();
    for _ in 0..scale {
        let d = frac_digits.next().map_or(Some(0), |c| c.to_digit(10))?;
        value = value.checked_mul(10)?.checked_add(i128::from(d))?;
    }
    if frac_digits
        .next()
        .and_then(|c| c.to_digit(10))
        .is_some_and(|d| d >= 5)
    {
        value += 1;
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_keep_their_digits() {
        assert_eq!(decimal("1500.0", 2), Some(150_000));
        assert_eq!(decimal("1500", 2), Some(150_000));
        assert_eq!(decimal("-0.125", 2), Some(-13));
        assert_eq!(decimal("12.345", 0), Some(12));
        assert_eq!(decimal("1e3", 2), Some(100_000));
        assert_eq!(decimal("abc", 2), None);
    }
}
