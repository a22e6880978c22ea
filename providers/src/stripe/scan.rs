//! The table and its scan.
//!
//! A scan is one of:
//! - **retrieve**: `id = ...` / `id IN (...)` fetch each object by id, concurrently;
//! - **limited**: with a LIMIT, one cursor (`starting_after`) with pages of `min(limit, 100)`, stopped as
//!   soon as the limit is met;
//! - **sliced**: otherwise the `created` range is split into half-open slices fetched concurrently. Stripe
//!   cursors are sequential, so a single cursor over 12,000 objects is 120 round trips one after another.
//!   A full page of a slice shows how densely objects lie in time: the cursor continues over the next
//!   stretch expected to fill one page (from the page's oldest second `t`, so objects sharing `t` are
//!   neither lost nor repeated), and the older rest is cut into fresh slices of the same width plus the
//!   oldest remainder, which splits itself the same way when its first page comes back. Slices are
//!   disjoint whole-second ranges, and within one the cursor decides, so no object is read twice or
//!   missed, however many share one second.
//!
//! Pages are converted to Arrow as they arrive and streamed; any failed page fails the query.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, BooleanArray, BooleanBuilder, Decimal128Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::filter_record_batch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::{RecordBatch, RecordBatchOptions};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DFSchema, DataFusionError, Result as DfResult};
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
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::Value as Json;

use super::client::{Page, StripeClient};
use super::pushdown::{Pushed, translate};
use super::tables::{Kind, MONEY_PRECISION, MONEY_SCALE, Resource, Step, currency_exponent};
use crate::filters::unqualified;
use crate::http::url_component;

/// A new slice is cut to hold this share of a page, so that most are read in one request.
const SLICE_FILL: f64 = 0.9;

/// One Stripe list resource as a table.
#[derive(Debug)]
pub(crate) struct StripeTable {
    client: Arc<StripeClient>,
    resource: Arc<Resource>,
    /// Requests one scan keeps in flight.
    concurrency: usize,
    /// Objects per page (Stripe's `limit`, 1..=100).
    page_size: usize,
}

impl StripeTable {
    pub(crate) fn new(
        client: Arc<StripeClient>,
        resource: Resource,
        concurrency: usize,
        page_size: usize,
    ) -> StripeTable {
        StripeTable {
            client,
            resource: Arc::new(resource),
            concurrency: concurrency.max(1),
            page_size: page_size.clamp(1, 100),
        }
    }
}

#[async_trait]
impl TableProvider for StripeTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.resource.schema)
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
            .map(|f| match translate(f, &self.resource) {
                Some(p) if p.exact() => TableProviderFilterPushDown::Exact,
                Some(_) => TableProviderFilterPushDown::Inexact,
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
            None => (0..self.resource.columns.len()).collect(),
        };
        let mut request = Request::default();
        // Filters declared Exact that the requests cannot express after all (two values for one
        // parameter, or anything beside an id lookup): checked here.
        let mut local = Vec::new();
        for filter in filters {
            match translate(filter, &self.resource) {
                Some(Pushed::Range { column, lo, hi }) => request.narrow(column, lo, hi),
                Some(Pushed::Param {
                    param,
                    value,
                    exact,
                }) => match request.params.iter().find(|(p, _)| *p == param) {
                    Some((_, v)) if *v != value => {
                        if exact {
                            local.push(filter.clone());
                        }
                    }
                    Some(_) => {}
                    None => request.params.push((param, value)),
                },
                Some(Pushed::Ids(ids)) => {
                    request.ids = Some(match request.ids.take() {
                        None => ids,
                        Some(known) => known.into_iter().filter(|i| ids.contains(i)).collect(),
                    });
                }
                Some(Pushed::Nothing) => request.nothing = true,
                None => local.push(filter.clone()),
            }
        }
        if request.ids.is_some() {
            // A retrieve ignores list parameters: every filter is checked on the objects.
            local = filters.to_vec();
        }
        let mut fetch = output.clone();
        for expr in &local {
            for column in expr.column_refs() {
                let index = self.resource.schema.index_of(&column.name)?;
                if !fetch.contains(&index) {
                    fetch.push(index);
                }
            }
        }
        let fetch_schema = Arc::new(self.resource.schema.project(&fetch)?);
        let schema = Arc::new(self.resource.schema.project(&output)?);
        let predicate = match local.iter().map(unqualified).reduce(|a, b| Ok(a?.and(b?))) {
            Some(expr) => {
                let df_schema = DFSchema::try_from(fetch_schema.as_ref().clone())?;
                Some(state.create_physical_expr(expr?, &df_schema)?)
            }
            None => None,
        };
        let properties = PlanProperties::new(
            EquivalenceProperties::new(Arc::clone(&schema)),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Incremental,
            Boundedness::Bounded,
        );
        Ok(Arc::new(StripeScanExec {
            scan: Arc::new(Scan {
                client: Arc::clone(&self.client),
                resource: Arc::clone(&self.resource),
                request,
                limit,
                concurrency: self.concurrency,
                page: self.page_size,
                fetch,
                fetch_schema,
                predicate,
                output_width: output.len(),
            }),
            schema,
            properties: Arc::new(properties),
        }))
    }
}

/// What the pushed filters ask of Stripe.
#[derive(Debug, Clone, Default)]
struct Request {
    /// Equality parameters (`customer=cus_...`).
    params: Vec<(&'static str, String)>,
    /// Timestamp ranges, `[lo, hi)` Unix seconds, per column.
    ranges: Vec<(&'static str, Option<i64>, Option<i64>)>,
    /// Objects to retrieve by id instead of listing.
    ids: Option<Vec<String>>,
    /// The filters contradict each other or name impossible values: no request at all.
    nothing: bool,
}

impl Request {
    fn narrow(&mut self, column: &'static str, lo: Option<i64>, hi: Option<i64>) {
        match self.ranges.iter_mut().find(|r| r.0 == column) {
            Some(range) => {
                range.1 = range.1.max(lo);
                range.2 = match (range.2, hi) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            None => self.ranges.push((column, lo, hi)),
        }
    }

    fn created(&self) -> (Option<i64>, Option<i64>) {
        self.ranges
            .iter()
            .find(|r| r.0 == "created")
            .map_or((None, None), |r| (r.1, r.2))
    }

    fn matches_nothing(&self) -> bool {
        self.nothing
            || self.ids.as_ref().is_some_and(Vec::is_empty)
            || self
                .ranges
                .iter()
                .any(|(_, lo, hi)| matches!((lo, hi), (Some(lo), Some(hi)) if lo >= hi))
    }
}

/// One slice of a listing: `created` in `[lo, hi)`, after the object `after` if continuing.
#[derive(Debug, Clone)]
struct Slice {
    lo: Option<i64>,
    hi: Option<i64>,
    after: Option<String>,
}

/// Everything a running scan needs, shared by its tasks.
#[derive(Debug)]
struct Scan {
    client: Arc<StripeClient>,
    resource: Arc<Resource>,
    request: Request,
    limit: Option<usize>,
    concurrency: usize,
    /// Objects per page.
    page: usize,
    /// Columns converted: the output's first, then what only the local predicate reads.
    fetch: Vec<usize>,
    fetch_schema: SchemaRef,
    predicate: Option<Arc<dyn PhysicalExpr>>,
    output_width: usize,
}

impl Scan {
    /// The list parameters of a request for `slice` with pages of `page` objects, as (key, value).
    fn params(&self, slice: &Slice, page: usize) -> Vec<(String, String)> {
        let mut params: Vec<(String, String)> = self
            .request
            .params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        if self.resource.all_statuses_param && !params.iter().any(|(k, _)| k == "status") {
            params.push(("status".into(), "all".into()));
        }
        for (column, lo, hi) in &self.request.ranges {
            let (lo, hi) = if *column == "created" {
                (slice.lo, slice.hi)
            } else {
                (*lo, *hi)
            };
            if let Some(lo) = lo {
                params.push((format!("{column}[gte]"), lo.to_string()));
            }
            if let Some(hi) = hi {
                params.push((format!("{column}[lt]"), hi.to_string()));
            }
        }
        if !self.request.ranges.iter().any(|r| r.0 == "created") {
            if let Some(lo) = slice.lo {
                params.push(("created[gte]".into(), lo.to_string()));
            }
            if let Some(hi) = slice.hi {
                params.push(("created[lt]".into(), hi.to_string()));
            }
        }
        if let Some(after) = &slice.after {
            params.push(("starting_after".into(), after.clone()));
        }
        params.push(("limit".into(), page.to_string()));
        params
    }

    fn whole(&self) -> Slice {
        let (lo, hi) = self.request.created();
        Slice {
            lo,
            hi,
            after: None,
        }
    }

    fn page_size(&self) -> usize {
        self.limit.map_or(self.page, |n| n.clamp(1, self.page))
    }

    async fn list(&self, slice: &Slice, page: usize) -> DfResult<Page> {
        let query = self
            .params(slice, page)
            .iter()
            .map(|(k, v)| format!("{}={}", url_component(k), url_component(v)))
            .collect::<Vec<_>>()
            .join("&");
        Ok(self.client.list(&self.resource.path, &query).await?)
    }

    fn error(&self, message: String) -> DataFusionError {
        self.client
            .error(format!("{}: {message}", self.resource.table))
            .into()
    }

    /// Produces every batch of the scan into `tx`.
    async fn run(
        self: Arc<Self>,
        tx: tokio::sync::mpsc::Sender<DfResult<RecordBatch>>,
    ) -> DfResult<()> {
        if self.request.matches_nothing() {
            return Ok(());
        }
        // A send fails when the consumer is gone (the query ended or was cancelled): stop quietly.
        let send = async |batch: RecordBatch| tx.send(Ok(batch)).await.is_ok();
        if let Some(ids) = &self.request.ids {
            let mut seen = HashSet::new();
            let ids: Vec<String> = ids.iter().filter(|id| seen.insert(*id)).cloned().collect();
            let objects: Vec<Json> = futures::stream::iter(ids)
                .map(|id| {
                    let scan = Arc::clone(&self);
                    async move { scan.client.retrieve(&scan.resource.path, &id).await }
                })
                .buffered(self.concurrency)
                .collect::<Vec<_>>()
                .await
                .into_iter()
                .filter_map(Result::transpose)
                .collect::<Result<_, _>>()?;
            send(self.batch(&objects)?).await;
            return Ok(());
        }
        if let Some(limit) = self.limit {
            let mut slice = self.whole();
            let mut emitted = 0;
            loop {
                let page = self.list(&slice, self.page_size()).await?;
                let batch = self.batch(&page.data)?;
                emitted += batch.num_rows();
                if !send(batch).await {
                    return Ok(());
                }
                if !page.has_more || emitted >= limit {
                    return Ok(());
                }
                slice.after = Some(self.last_id(&page)?.0);
            }
        }
        let mut queue = VecDeque::from([self.whole()]);
        let mut running = FuturesUnordered::new();
        loop {
            while running.len() < self.concurrency
                && let Some(slice) = queue.pop_front()
            {
                let scan = Arc::clone(&self);
                running.push(async move {
                    let page = scan.list(&slice, scan.page).await;
                    page.map(|p| (slice, p))
                });
            }
            let Some(done) = running.next().await else {
                return Ok(());
            };
            let (slice, page) = done?;
            if page.has_more {
                for next in self.split(&slice, &page)?.into_iter().rev() {
                    queue.push_front(next);
                }
            }
            if !send(self.batch(&page.data)?).await {
                return Ok(());
            }
        }
    }

    /// The id and `created` of a page's last (oldest) object.
    fn last_id(&self, page: &Page) -> DfResult<(String, i64)> {
        let last = page
            .data
            .last()
            .ok_or_else(|| self.error("Stripe said has_more but sent an empty page".into()))?;
        match (last["id"].as_str(), last["created"].as_i64()) {
            (Some(id), Some(created)) => Ok((id.to_owned(), created)),
            _ => Err(self.error(format!(
                "an object without an id or created time: {}",
                text_prefix(last)
            ))),
        }
    }

    /// What is left of `slice` after a full `page` whose oldest object was created at second `t`: the
    /// cursor continues over `[t - width, t + 1)` (objects sharing second `t` included), and the older rest
    /// is cut into fresh slices of `width`, expected to fill about one page each, from the newest end, plus
    /// the oldest remainder, which splits itself the same way when its first page comes back.
    fn split(&self, slice: &Slice, page: &Page) -> DfResult<Vec<Slice>> {
        let (last_id, oldest) = self.last_id(page)?;
        let newest = page
            .data
            .first()
            .and_then(|o| o["created"].as_i64())
            .unwrap_or(oldest);
        let span = (newest - oldest + 1) as f64;
        let share = page.data.len() as f64 / self.page as f64;
        let width = ((span * SLICE_FILL / share.max(0.01)) as i64).max(1);
        let floor = slice.lo.unwrap_or(i64::MIN);
        let mut hi = match oldest.checked_sub(width) {
            Some(lo) if lo > floor => lo,
            _ => floor,
        };
        let mut next = vec![Slice {
            lo: (hi > floor).then_some(hi).or(slice.lo),
            hi: Some(oldest + 1),
            after: Some(last_id),
        }];
        let mut pieces = Vec::new();
        while pieces.len() + 1 < self.concurrency && hi.saturating_sub(width) > floor {
            pieces.push(Slice {
                lo: Some(hi - width),
                hi: Some(hi),
                after: None,
            });
            hi -= width;
        }
        if hi > floor {
            // The older remainder first: it is the scan's critical path.
            next.push(Slice {
                lo: slice.lo,
                hi: Some(hi),
                after: None,
            });
        }
        next.extend(pieces);
        Ok(next)
    }

    /// The output batch of `objects`: converted, filtered by the local predicate, cut to the limit.
    fn batch(&self, objects: &[Json]) -> DfResult<RecordBatch> {
        let columns = self
            .fetch
            .iter()
            .map(|&i| self.column(i, objects))
            .collect::<DfResult<Vec<ArrayRef>>>()?;
        let options = RecordBatchOptions::new().with_row_count(Some(objects.len()));
        let batch =
            RecordBatch::try_new_with_options(Arc::clone(&self.fetch_schema), columns, &options)?;
        let batch = match &self.predicate {
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
        Ok(batch.project(&(0..self.output_width).collect::<Vec<_>>())?)
    }

    fn column(&self, index: usize, objects: &[Json]) -> DfResult<ArrayRef> {
        let column = &self.resource.columns[index];
        let name = &column.name;
        let table = &self.resource.table;
        let mut values = Vec::with_capacity(objects.len());
        for object in objects {
            values.push(lookup(object, &column.path).ok_or_else(|| {
                self.error(format!(
                    "the {table} objects Stripe returned have no field '{}' (column {name}); the API changed (renamed or removed field, or another Stripe-Version)",
                    path_text(&column.path)
                ))
            })?);
        }
        let wrong = |v: &Json| {
            self.error(format!(
                "column {name}: expected {} at '{}', got {}; the field's type changed in Stripe",
                expected(&column.kind),
                path_text(&column.path),
                text_prefix(v)
            ))
        };
        Ok(match &column.kind {
            Kind::Text => {
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
            Kind::Json => {
                let mut b = StringBuilder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        other => b.append_value(other.to_string()),
                    }
                }
                Arc::new(b.finish())
            }
            Kind::Bool => {
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
            Kind::Int | Kind::MoneyMinor => {
                let mut b = Int64Builder::new();
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        other => b.append_value(other.as_i64().ok_or_else(|| wrong(other))?),
                    }
                }
                Arc::new(b.finish())
            }
            Kind::Time => {
                let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
                for v in values {
                    match v {
                        Json::Null => b.append_null(),
                        other => b.append_value(
                            other
                                .as_i64()
                                .and_then(|s| s.checked_mul(1_000_000))
                                .ok_or_else(|| wrong(other))?,
                        ),
                    }
                }
                Arc::new(b.finish())
            }
            Kind::Money(currency_path) => {
                let mut b = Decimal128Builder::new()
                    .with_precision_and_scale(MONEY_PRECISION, MONEY_SCALE)?;
                for (v, object) in values.into_iter().zip(objects) {
                    if v.is_null() {
                        b.append_null();
                        continue;
                    }
                    let minor = v.as_i64().ok_or_else(|| wrong(v))?;
                    let currency = match lookup(object, currency_path) {
                        Some(Json::String(c)) => c.as_str(),
                        // Stripe leaves the currency unset where nothing was ever billed.
                        Some(Json::Null) if minor == 0 => "usd",
                        other => {
                            return Err(self.error(format!(
                                "column {name}: the amount {minor} has no currency at '{}' ({})",
                                path_text(currency_path),
                                other.map_or_else(|| "missing".to_owned(), text_prefix)
                            )));
                        }
                    };
                    let factor = 10i128.pow(MONEY_SCALE as u32 - currency_exponent(currency));
                    b.append_value(i128::from(minor) * factor);
                }
                Arc::new(b.finish())
            }
        })
    }
}

/// The value at `path` in `object`: None if the first key is missing (the object changed shape), JSON
/// null if a later step is missing or null.
fn lookup<'a>(object: &'a Json, path: &[Step]) -> Option<&'a Json> {
    const NULL: &Json = &Json::Null;
    let Some((first, rest)) = path.split_first() else {
        return Some(object);
    };
    let mut node = match first {
        Step::Key(k) => object.get(*k)?,
        Step::Index(i) => object.get(*i)?,
    };
    for step in rest {
        node = match step {
            Step::Key(k) => node.get(*k).unwrap_or(NULL),
            Step::Index(i) => node.get(*i).unwrap_or(NULL),
        };
    }
    Some(node)
}

fn path_text(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => (*k).to_owned(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Text => "a string",
        Kind::Bool => "a boolean",
        Kind::Int => "an integer",
        Kind::Time => "Unix seconds",
        Kind::Money(_) | Kind::MoneyMinor => "an integer amount",
        Kind::Json => "JSON",
    }
}

fn text_prefix(value: &Json) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

/// The scan of one Stripe table.
#[derive(Debug)]
pub(crate) struct StripeScanExec {
    scan: Arc<Scan>,
    schema: SchemaRef,
    properties: Arc<PlanProperties>,
}

impl DisplayAs for StripeScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scan = &self.scan;
        let path = &scan.resource.path;
        write!(f, "StripeScanExec: source={}, ", scan.client.source())?;
        if scan.request.matches_nothing() {
            write!(f, "no request (the filters match no object)")?;
        } else if let Some(ids) = &scan.request.ids {
            write!(f, "GET /v1/{path}/{{id}} for {}", ids.join(", "))?;
        } else {
            let params: Vec<String> = scan
                .params(&scan.whole(), scan.page_size())
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            write!(f, "GET /v1/{path}?{}", params.join("&"))?;
            match scan.limit {
                Some(n) => write!(f, ", stops after {n} rows")?,
                None => write!(
                    f,
                    ", sliced by created, {} requests at a time",
                    scan.concurrency
                )?,
            }
        }
        if let Some(p) = &scan.predicate {
            write!(f, ", recheck={p}")?;
        }
        Ok(())
    }
}

impl ExecutionPlan for StripeScanExec {
    fn name(&self) -> &'static str {
        "StripeScanExec"
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
        builder.spawn(Arc::clone(&self.scan).run(tx));
        Ok(builder.build())
    }
}
