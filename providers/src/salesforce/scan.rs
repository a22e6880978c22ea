//! The table and its scan: one SOQL query per scan, its pages streamed into record batches as they arrive.
//! Fields that would make the query's URL too long are fetched for each page by Id instead (one `POST`).
//!
//! Every filter `pushdown.rs` can translate is pushed and declared Exact: the ones SOQL answers inexactly
//! (case-insensitive text) are re-checked here on each page. So a LIMIT reaches the scan and goes into the
//! SOQL; when re-checks are involved the query pages by `ORDER BY Id`, and if the re-check leaves the answer
//! short, the scan continues after the last Id with a larger LIMIT.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate};
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, BooleanBuilder, Date32Builder, Decimal128Builder,
    Float64Builder, Int64Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::filter_record_batch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DFSchema, DataFusionError, Result as DfResult};
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
use super::pushdown::translate;
use super::schema::{Kind, SObject, SfField};
use crate::filters::unqualified;

/// Rows asked for at most when a short keyset answer is continued.
const MAX_CONTINUATION: usize = 2000;

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
                Some(_) => TableProviderFilterPushDown::Exact,
                None => TableProviderFilterPushDown::Unsupported,
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let output: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.object.fields.len()).collect(),
        };
        let mut conditions = Vec::new();
        let mut recheck = Vec::new();
        let mut condition_bytes = 0;
        for filter in filters {
            // The optimizer may simplify a pushed filter after the fact: `Name IS NOT NULL` on a
            // required field becomes `true`, which every row meets.
            if crate::filters::is_true(filter) {
                continue;
            }
            let Some(pushed) = translate(filter, &self.object) else {
                recheck.push(unqualified(filter)?);
                continue;
            };
            // Conditions past the URL's room for them (a long IN list) are checked here instead.
            condition_bytes += encoded_len(&pushed.soql) + encoded_len(" AND ");
            if !pushed.exact || condition_bytes > MAX_CONDITION_BYTES {
                recheck.push(unqualified(filter)?);
            }
            if condition_bytes <= MAX_CONDITION_BYTES {
                conditions.push(pushed.soql);
            }
        }
        // Fetch what the output needs, then what only the re-check reads, then the Id when paging by it.
        let mut fetch = output.clone();
        for expr in &recheck {
            for column in expr.column_refs() {
                let index = self.object.schema.index_of(&column.name)?;
                if !fetch.contains(&index) {
                    fetch.push(index);
                }
            }
        }
        let keyset = limit.is_some() && !recheck.is_empty();
        if keyset {
            let id = self
                .object
                .fields
                .iter()
                .position(|f| f.api_name == "Id")
                .ok_or_else(|| {
                    DataFusionError::Internal(format!(
                        "object {} has no Id field",
                        self.object.name
                    ))
                })?;
            if !fetch.contains(&id) {
                fetch.push(id);
            }
        }
        let fetch_schema = Arc::new(self.object.schema.project(&fetch)?);
        let schema = Arc::new(self.object.schema.project(&output)?);
        let predicate = match recheck.into_iter().reduce(Expr::and) {
            Some(expr) => {
                let df_schema = DFSchema::try_from(fetch_schema.as_ref().clone())?;
                Some(state.create_physical_expr(expr, &df_schema)?)
            }
            None => None,
        };
        let mut query = Query {
            object: self.object.name.clone(),
            fields: fetch
                .iter()
                .filter_map(|&i| self.object.fields.get(i).cloned())
                .collect(),
            in_soql: Vec::new(),
            conditions,
            limit,
            keyset,
            api_version: self.client.api_version.clone(),
        };
        query.fit_url();
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Ok(Arc::new(SalesforceScanExec {
            client: Arc::clone(&self.client),
            query,
            predicate,
            fetch_schema,
            schema,
            properties: Arc::new(properties),
        }))
    }
}

/// The longest path and query a request may have. Salesforce answers 414 past 16,384 bytes; the rest is
/// room for the host and for what a continuation adds.
const MAX_URL_BYTES: usize = 15_000;

/// The part of the URL the pushed conditions may take; the filters beyond it are checked by the scan.
const MAX_CONDITION_BYTES: usize = 8_000;

/// Ids one sObject Collections retrieve may name.
const MAX_RETRIEVE_IDS: usize = 2_000;

/// The length of `text` once form-encoded into a URL.
fn encoded_len(text: &str) -> usize {
    form_urlencoded::byte_serialize(text.as_bytes())
        .map(str::len)
        .sum()
}

/// What a scan asks Salesforce: one SOQL query and, for fields that do not fit in its URL, a retrieve by Id
/// of each page.
#[derive(Debug, Clone)]
struct Query {
    object: String,
    /// Every field fetched, in the order of the fetch schema.
    fields: Vec<SfField>,
    /// Whether each of `fields` is selected by the SOQL; the others come from the retrieve. Empty when all
    /// fit in the SOQL.
    in_soql: Vec<bool>,
    conditions: Vec<String>,
    limit: Option<usize>,
    /// Re-checked filters and a limit: page by `ORDER BY Id` so that a short answer can be continued.
    keyset: bool,
    api_version: String,
}

impl Query {
    /// Moves the fields that would make the query's URL too long (a `SELECT *` of an object with hundreds
    /// of fields) out of the SOQL and into a retrieve by Id.
    fn fit_url(&mut self) {
        let longest = self.path(&self.soql(
            Some("001000000000000AAA"),
            self.limit.map(|_| MAX_RETRIEVE_IDS),
        ));
        if longest.len() <= MAX_URL_BYTES {
            return;
        }
        let mut used = longest.len()
            - self
                .fields
                .iter()
                .map(|f| encoded_len(&f.api_name) + encoded_len(", "))
                .sum::<usize>()
            + encoded_len("Id, ");
        self.in_soql = self
            .fields
            .iter()
            .map(|f| {
                let fits = f.api_name == "Id"
                    || used + encoded_len(&f.api_name) + encoded_len(", ") <= MAX_URL_BYTES;
                if fits {
                    used += encoded_len(&f.api_name) + encoded_len(", ");
                }
                fits
            })
            .collect();
    }

    /// The fields fetched through the retrieve.
    fn retrieved(&self) -> impl Iterator<Item = &SfField> {
        self.fields
            .iter()
            .zip(&self.in_soql)
            .filter_map(|(f, &soql)| (!soql).then_some(f))
    }

    /// The request path of a SOQL query.
    fn path(&self, soql: &str) -> String {
        format!(
            "/services/data/v{}/query?q={}",
            self.api_version,
            form_urlencoded::byte_serialize(soql.as_bytes()).collect::<String>()
        )
    }

    /// The SOQL asking for `limit` rows, after Id `after` if given.
    fn soql(&self, after: Option<&str>, limit: Option<usize>) -> String {
        let select = if self.fields.is_empty() {
            "COUNT()".to_owned()
        } else {
            let mut names: Vec<&str> = self
                .fields
                .iter()
                .enumerate()
                .filter(|(i, _)| self.in_soql.get(*i).copied().unwrap_or(true))
                .map(|(_, f)| f.api_name.as_str())
                .collect();
            if !self.in_soql.is_empty() && !names.contains(&"Id") {
                names.insert(0, "Id");
            }
            names.join(", ")
        };
        let mut soql = format!("SELECT {select} FROM {}", self.object);
        let mut conditions = self.conditions.clone();
        if let Some(id) = after {
            conditions.push(format!("Id > {}", super::soql_string(id)));
        }
        if !conditions.is_empty() {
            soql.push_str(" WHERE ");
            soql.push_str(&conditions.join(" AND "));
        }
        if self.keyset {
            soql.push_str(" ORDER BY Id");
        }
        if let Some(n) = limit {
            soql.push_str(&format!(" LIMIT {n}"));
        }
        soql
    }
}

/// Runs one scan's SOQL and streams its pages.
#[derive(Debug)]
pub(crate) struct SalesforceScanExec {
    client: Arc<SalesforceClient>,
    query: Query,
    /// The pushed filters SOQL answers inexactly, re-checked on each page.
    predicate: Option<Arc<dyn PhysicalExpr>>,
    /// The fields fetched: the output's first, then what only the re-check or the paging needs.
    fetch_schema: SchemaRef,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl DisplayAs for SalesforceScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let soql = self.query.soql(None, self.query.limit);
        write!(
            f,
            "SalesforceScanExec: source={}, soql={soql}",
            self.client.source()
        )?;
        let retrieved: Vec<&str> = self
            .query
            .retrieved()
            .map(|f| f.api_name.as_str())
            .collect();
        if !retrieved.is_empty() {
            write!(
                f,
                ", retrieve_by_id={} fields ({}, ...)",
                retrieved.len(),
                retrieved[0]
            )?;
        }
        if let Some(p) = &self.predicate {
            write!(f, ", recheck={p}")?;
        }
        Ok(())
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
        let state = Pages {
            client: Arc::clone(&self.client),
            query: self.query.clone(),
            predicate: self.predicate.clone(),
            fetch_schema: Arc::clone(&self.fetch_schema),
            schema: Arc::clone(&self.schema),
            next: None,
            started: false,
            expected: 0,
            received: 0,
            emitted: 0,
            asked: self.query.limit,
            last_id: None,
        };
        let stream = futures::stream::try_unfold(state, |mut state| async move {
            Ok(state.next_batch().await?.map(|batch| (batch, state)))
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
    query: Query,
    predicate: Option<Arc<dyn PhysicalExpr>>,
    fetch_schema: SchemaRef,
    schema: SchemaRef,
    /// The next page of the current SOQL query.
    next: Option<String>,
    started: bool,
    /// Records the current SOQL query announced, and returned so far.
    expected: u64,
    received: u64,
    /// Rows passed on.
    emitted: usize,
    /// The LIMIT of the current SOQL query.
    asked: Option<usize>,
    /// The last Id seen, to continue a keyset query.
    last_id: Option<String>,
}

impl Pages {
    /// The next batch, or None when the scan is complete.
    async fn next_batch(&mut self) -> DfResult<Option<RecordBatch>> {
        if self.query.limit.is_some_and(|n| self.emitted >= n) {
            return Ok(None);
        }
        let path = match self.next.take() {
            Some(path) => path,
            None if !self.started => {
                self.started = true;
                self.query_path(None)
            }
            None => {
                // The SOQL query is done. If it filled its LIMIT there may be more matching rows beyond it,
                // and the re-check left the answer short: continue after the last Id, asking for more.
                let filled = self.asked.is_some_and(|n| self.received as usize >= n);
                let Some(last) = self.last_id.clone().filter(|_| self.query.keyset && filled)
                else {
                    return Ok(None);
                };
                self.asked = self.asked.map(|n| (n * 2).clamp(1, MAX_CONTINUATION));
                self.query_path(Some(&last))
            }
        };
        let records = self.fetch(&path).await?;
        let batch = self.batch(&records)?;
        self.finish(batch).map(Some)
    }

    fn query_path(&mut self, after: Option<&str>) -> String {
        self.expected = 0;
        self.received = 0;
        self.query.path(&self.query.soql(after, self.asked))
    }

    /// Fetches one page; checks that a finished query returned every record it announced.
    async fn fetch(&mut self, path: &str) -> DfResult<Vec<Json>> {
        let endpoint = format!("query {}", self.query.object);
        let mut body = self.client.get(path, &endpoint).await?;
        let total = body["totalSize"]
            .as_u64()
            .ok_or_else(|| self.error("a query page has no totalSize".into()))?;
        if self.received == 0 {
            self.expected = total;
        }
        if self.query.fields.is_empty() {
            // SELECT COUNT(): the answer is totalSize, with no records and no paging.
            self.received = total;
            return Ok(vec![Json::Null; usize::try_from(total).unwrap_or(0)]);
        }
        let done = body["done"].as_bool().unwrap_or(true);
        let records = match body.get_mut("records").map(Json::take) {
            Some(Json::Array(records)) => records,
            _ => return Err(self.error("a query page has no records".into())),
        };
        self.received += records.len() as u64;
        if done {
            if self.received != self.expected {
                return Err(self.error(format!(
                    "the query returned {} of the {} records it announced; refusing a partial result",
                    self.received, self.expected
                )));
            }
        } else {
            let next = body["nextRecordsUrl"].as_str().ok_or_else(|| {
                self.error("a page says more records follow but has no nextRecordsUrl".into())
            })?;
            self.next = Some(next.to_owned());
        }
        if let Some(id) = records.last().and_then(|r| r["Id"].as_str()) {
            self.last_id = Some(id.to_owned());
        }
        self.retrieve(records).await
    }

    /// Adds the fields left out of the SOQL to `records`, fetched by Id (sObject Collections, `POST` so the
    /// field list is not limited by a URL). A record deleted in between is left out, as a scan starting a
    /// moment later would.
    async fn retrieve(&self, mut records: Vec<Json>) -> DfResult<Vec<Json>> {
        let fields: Vec<&str> = self
            .query
            .retrieved()
            .map(|f| f.api_name.as_str())
            .collect();
        if fields.is_empty() || records.is_empty() {
            return Ok(records);
        }
        let path = format!(
            "/services/data/v{}/composite/sobjects/{}",
            self.client.api_version, self.query.object
        );
        let endpoint = format!("retrieve {}", self.query.object);
        let mut found: HashMap<String, Json> = HashMap::with_capacity(records.len());
        for chunk in records.chunks(MAX_RETRIEVE_IDS) {
            let ids = chunk
                .iter()
                .map(|r| {
                    r["Id"].as_str().ok_or_else(|| {
                        self.error("a record of the query has no Id to retrieve it by".into())
                    })
                })
                .collect::<DfResult<Vec<&str>>>()?;
            let mut asked = fields.clone();
            asked.push("Id");
            let body = serde_json::json!({"ids": ids, "fields": asked});
            let answer = self.client.post_read(&path, &body, &endpoint).await?;
            let Json::Array(answer) = answer else {
                return Err(self.error("the retrieve did not answer a list of records".into()));
            };
            for mut record in answer.into_iter().filter(|r| !r.is_null()) {
                let id = record["Id"].as_str().map(str::to_owned).ok_or_else(|| {
                    self.error("a record of the retrieve has no Id to match it by".into())
                })?;
                found.insert(id, record.take());
            }
        }
        records.retain_mut(|record| {
            let Some(mut extra) = record["Id"].as_str().and_then(|id| found.remove(id)) else {
                return false;
            };
            if let (Json::Object(record), Json::Object(extra)) = (record, &mut extra) {
                for field in &fields {
                    if let Some(value) = extra.remove(*field) {
                        record.insert((*field).to_owned(), value);
                    }
                }
            }
            true
        });
        Ok(records)
    }

    /// Re-checks the inexact filters, applies the limit and keeps the output columns.
    fn finish(&mut self, batch: RecordBatch) -> DfResult<RecordBatch> {
        let mut batch = match &self.predicate {
            Some(p) => {
                let mask = p.evaluate(&batch)?.into_array(batch.num_rows())?;
                let mask = mask
                    .as_any()
                    .downcast_ref::<BooleanArray>()
                    .ok_or_else(|| {
                        DataFusionError::Internal("a filter did not evaluate to booleans".into())
                    })?;
                filter_record_batch(&batch, mask)?
            }
            None => batch,
        };
        if let Some(n) = self.query.limit {
            batch = batch.slice(0, batch.num_rows().min(n.saturating_sub(self.emitted)));
        }
        self.emitted += batch.num_rows();
        let width = self.schema.fields().len();
        Ok(batch.project(&(0..width).collect::<Vec<_>>())?)
    }

    fn error(&self, message: String) -> DataFusionError {
        self.client
            .error(format!("{}: {message}", self.query.object))
            .into()
    }

    fn batch(&self, records: &[Json]) -> DfResult<RecordBatch> {
        let columns = self
            .query
            .fields
            .iter()
            .zip(self.fetch_schema.fields())
            .map(|(field, arrow)| self.column(field, arrow.data_type(), records))
            .collect::<DfResult<Vec<ArrayRef>>>()?;
        let options = RecordBatchOptions::new().with_row_count(Some(records.len()));
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.fetch_schema),
            columns,
            &options,
        )?)
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
