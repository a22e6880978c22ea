//! An accelerated table: its copies, their refresh, and its scan.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock, Weak};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::ScalarValue;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::datasource::{MemTable, TableType, provider_as_source};
use datafusion::error::{DataFusionError, Result as DataFusionResult};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryPool, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::functions_aggregate::expr_fn::max;
use datafusion::logical_expr::expr_rewriter::unnormalize_cols;
use datafusion::logical_expr::{
    Expr, JoinType, LogicalPlanBuilder, TableProviderFilterPushDown, lit,
};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties, displayable,
};
use datafusion::prelude::{SessionContext, ident};

use crate::{Error, Result, cast_batch};

use super::{AccelerationConfig, RefreshMode, Storage};

/// A version of a table's copy.
#[derive(Debug)]
pub(super) struct Copy {
    pub(super) version: u64,
    /// When the read that made it started: the copy holds at least what the source held then.
    pub(super) taken_at: SystemTime,
    /// How long that refresh took.
    pub(super) duration: Duration,
    pub(super) rows: usize,
    pub(super) bytes: usize,
    pub(super) data: CopyData,
    /// The copy's memory, counted in the engine's pool while any query still reads it.
    pub(super) _reservation: Option<MemoryReservation>,
}

#[derive(Debug)]
pub(super) enum CopyData {
    /// Batches split into partitions.
    Memory(Vec<Vec<RecordBatch>>),
    /// A Parquet file, read through a listing table (projection, filters and row-group pruning).
    Disk {
        path: PathBuf,
        table: Arc<ListingTable>,
    },
}

impl Copy {
    /// The copy as a table, for a refresh to read it.
    pub(super) fn table(&self, schema: &SchemaRef) -> DataFusionResult<Arc<dyn TableProvider>> {
        Ok(match &self.data {
            CopyData::Memory(partitions) => {
                Arc::new(MemTable::try_new(Arc::clone(schema), partitions.clone())?)
            }
            CopyData::Disk { table, .. } => Arc::clone(table) as Arc<dyn TableProvider>,
        })
    }

    pub(super) fn age(&self) -> Duration {
        SystemTime::now()
            .duration_since(self.taken_at)
            .unwrap_or_default()
    }

    pub(super) fn describe(&self) -> String {
        let place = match &self.data {
            CopyData::Memory(_) => "in memory".to_string(),
            CopyData::Disk { path, .. } => format!("in {}", path.display()),
        };
        format!(
            "copy v{} taken {} ({} old), {} rows {place}",
            self.version,
            timestamp(self.taken_at),
            age_text(self.age()),
            self.rows
        )
    }
}

/// What a table's refreshes have done.
#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) copy: Option<Arc<Copy>>,
    /// For a view: the requests a live read of the whole view sends, found at the last refresh.
    pub(super) live_requests: Option<String>,
    /// The last failed refresh: when, and why.
    pub(super) last_error: Option<(SystemTime, String)>,
    pub(super) last_version: u64,
}

/// What one refresh did.
#[derive(Debug, Clone)]
pub struct RefreshReport {
    /// `schema.table`.
    pub table: String,
    /// The copy's new version.
    pub version: u64,
    /// Rows in the copy.
    pub rows: usize,
    /// Bytes of the copy (in memory, or of its Parquet file).
    pub bytes: usize,
    /// How long the refresh took.
    pub duration: Duration,
}

/// A table served from its accelerated copy, or from its source before the first copy exists.
pub(crate) struct AcceleratedTable {
    pub(super) me: Weak<AcceleratedTable>,
    /// `schema.table`.
    pub(super) name: String,
    pub(super) config: AccelerationConfig,
    pub(super) live: Arc<dyn TableProvider>,
    pub(super) schema: SchemaRef,
    /// For a view: the tables it reads, shown by `EXPLAIN` as what a live read would ask.
    pub(super) reads: Option<String>,
    pub(super) state: RwLock<State>,
    /// One refresh at a time.
    pub(super) refreshing: tokio::sync::Mutex<()>,
    pub(super) shared: Arc<Shared>,
}

impl std::fmt::Debug for AcceleratedTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceleratedTable")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// What every accelerated table of an engine shares.
pub(super) struct Shared {
    pub(super) context: OnceLock<Weak<SessionContext>>,
    pub(super) pool: Arc<dyn MemoryPool>,
    pub(super) dir: PathBuf,
}

impl AcceleratedTable {
    pub(super) fn context(&self) -> DataFusionResult<Arc<SessionContext>> {
        self.shared
            .context
            .get()
            .and_then(Weak::upgrade)
            .ok_or_else(|| DataFusionError::Internal("the engine is shutting down".into()))
    }

    /// The version of the copy a query planned now reads without refreshing it first, if any.
    pub(crate) fn serving_version(&self) -> Option<u64> {
        let copy = self.current()?;
        let too_old = self
            .config
            .max_staleness
            .is_some_and(|limit| copy.age() > limit);
        (!too_old).then_some(copy.version)
    }

    pub(super) fn current(&self) -> Option<Arc<Copy>> {
        self.state.read().ok().and_then(|s| s.copy.clone())
    }

    /// The notice a query served from this copy gets: the copy's age, when its last refresh failed.
    pub(super) fn notice(&self) -> Option<String> {
        let state = self.state.read().ok()?;
        let copy = state.copy.as_ref()?;
        let (at, error) = state.last_error.as_ref()?;
        (*at >= copy.taken_at).then(|| {
            format!(
                "{} served from its copy taken {} ({} old): refreshing it failed: {error}",
                self.name,
                timestamp(copy.taken_at),
                age_text(copy.age())
            )
        })
    }

    /// The copy a query reads now, after the freshness rules: `None` to read the source.
    pub(super) async fn copy_for_query(self: &Arc<Self>) -> DataFusionResult<Option<Arc<Copy>>> {
        let Some(copy) = self.current() else {
            return Ok(None);
        };
        let age = copy.age();
        if let Some(limit) = self.config.max_staleness
            && age > limit
        {
            let _turn = self.refreshing.lock().await;
            // Another query's refresh may have run while this one waited.
            if let Some(newer) = self.current().filter(|c| c.age() <= limit) {
                return Ok(Some(newer));
            }
            return match self.refresh_locked().await {
                Ok(_) => Ok(self.current()),
                Err(e) => Err(DataFusionError::External(Box::new(Error::Stale(format!(
                    "{}: its copy is {} old, more than max_staleness {}, and refreshing it failed: {e}",
                    self.name,
                    age_text(age),
                    age_text(limit)
                ))))),
            };
        }
        let interval = self.config.refresh_interval;
        let due = self
            .next_refresh()
            .is_some_and(|due| due <= SystemTime::now());
        if !interval.is_zero() && age > interval && due {
            // Stale while revalidating: this query reads the copy, a refresh runs beside it (not
            // before the retry delay after a failed one, so a source that is down is not asked by
            // every query).
            let table = Arc::clone(self);
            tokio::spawn(async move {
                if let Ok(_turn) = table.refreshing.try_lock() {
                    table.log(table.refresh_locked().await);
                }
            });
        }
        Ok(Some(copy))
    }

    /// Refreshes the copy now, after any refresh already running.
    pub(crate) async fn refresh(&self) -> Result<RefreshReport> {
        let _turn = self.refreshing.lock().await;
        let report = self.refresh_locked().await;
        self.log(report.clone());
        report.map_err(Error::Refresh)
    }

    pub(super) fn log(&self, report: std::result::Result<RefreshReport, String>) {
        match report {
            Ok(r) => tracing::info!(
                table = %r.table,
                version = r.version,
                rows = r.rows,
                bytes = r.bytes,
                ms = r.duration.as_millis() as u64,
                "copy refreshed"
            ),
            Err(e) => {
                tracing::warn!(table = %self.name, error = %e, "copy refresh failed; keeping the previous copy")
            }
        }
    }

    /// A refresh, run while holding `refreshing`; a failure is recorded and keeps the previous copy.
    pub(super) async fn refresh_locked(&self) -> std::result::Result<RefreshReport, String> {
        let started = SystemTime::now();
        let clock = std::time::Instant::now();
        match self.read_new_copy(started, clock).await {
            Ok(copy) => {
                let copy = Arc::new(copy);
                let report = RefreshReport {
                    table: self.name.clone(),
                    version: copy.version,
                    rows: copy.rows,
                    bytes: copy.bytes,
                    duration: copy.duration,
                };
                let requests = match &self.reads {
                    Some(_) => self.view_requests().await,
                    None => None,
                };
                let previous = match self.state.write() {
                    Ok(mut state) => {
                        state.last_error = None;
                        state.live_requests = requests.or(state.live_requests.take());
                        state.last_version = copy.version;
                        state.copy.replace(Arc::clone(&copy))
                    }
                    Err(_) => None,
                };
                if let Some(previous) = previous {
                    self.remove_older_files(&previous);
                }
                Ok(report)
            }
            Err(e) => {
                let message = e.to_string();
                if let Ok(mut state) = self.state.write() {
                    state.last_error = Some((SystemTime::now(), message.clone()));
                }
                Err(message)
            }
        }
    }

    pub(super) async fn read_new_copy(
        &self,
        started: SystemTime,
        clock: std::time::Instant,
    ) -> DataFusionResult<Copy> {
        let context = self.context()?;
        let previous = self.current();
        let live = context.read_table(Arc::clone(&self.live))?;
        let batches = match (self.config.mode, &previous, &self.config.cursor) {
            (RefreshMode::Append, Some(previous), Some(cursor)) => {
                self.appended(&context, previous, live, cursor).await?
            }
            _ => live.collect().await?,
        };
        let batches = batches
            .iter()
            .filter(|b| b.num_rows() > 0)
            .map(|b| cast_batch(b, &self.schema))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let rows = batches.iter().map(RecordBatch::num_rows).sum();
        let version = self
            .state
            .read()
            .map(|s| s.last_version + 1)
            .unwrap_or_default();
        let (data, bytes, reservation) = match self.config.storage {
            Storage::Memory => {
                let bytes = batches.iter().map(RecordBatch::get_array_memory_size).sum();
                let reservation = MemoryConsumer::new(format!("accelerated copy of {}", self.name))
                    .register(&self.shared.pool);
                reservation.try_grow(bytes).map_err(|e| {
                    DataFusionError::ResourcesExhausted(format!(
                        "the copy of {} needs {} bytes, more than engine.memory_limit leaves: {e}",
                        self.name, bytes
                    ))
                })?;
                let partitions = context.state().config().target_partitions().max(1);
                let mut split = vec![Vec::new(); partitions.min(batches.len()).max(1)];
                let count = split.len();
                for (i, batch) in batches.into_iter().enumerate() {
                    split[i % count].push(batch);
                }
                (CopyData::Memory(split), bytes, Some(reservation))
            }
            Storage::Disk => {
                let path = self.file(version);
                let schema = Arc::clone(&self.schema);
                let written = path.clone();
                let bytes = tokio::task::spawn_blocking(move || {
                    write_parquet(&written, &schema, &batches, started)
                })
                .await
                .map_err(|e| DataFusionError::External(Box::new(e)))??;
                let table = listing_table(&path, &self.schema)?;
                (CopyData::Disk { path, table }, bytes, None)
            }
        };
        Ok(Copy {
            version,
            taken_at: started,
            duration: clock.elapsed(),
            rows,
            bytes,
            data,
            _reservation: reservation,
        })
    }

    /// An `append` refresh: the previous copy's rows before its greatest cursor value (and, with a key,
    /// not read again), then every source row at or past that value. The rows at the greatest value are
    /// read again rather than kept, so rows that arrived with the same value since are not lost, and
    /// none is repeated.
    pub(super) async fn appended(
        &self,
        context: &SessionContext,
        previous: &Copy,
        live: datafusion::prelude::DataFrame,
        cursor: &str,
    ) -> DataFusionResult<Vec<RecordBatch>> {
        let old = context.read_table(previous.table(&self.schema)?)?;
        let greatest = old
            .clone()
            .aggregate(vec![], vec![max(ident(cursor)).alias("greatest")])?
            .collect()
            .await?;
        let greatest = match greatest.first() {
            Some(batch) if batch.num_rows() > 0 => ScalarValue::try_from_array(batch.column(0), 0)?,
            _ => ScalarValue::Null,
        };
        if greatest.is_null() {
            return live.collect().await;
        }
        let new = live
            .filter(ident(cursor).gt_eq(lit(greatest.clone())))?
            .collect()
            .await?;
        let mut kept = old.filter(ident(cursor).lt(lit(greatest)).or(ident(cursor).is_null()))?;
        if let Some(key) = &self.config.key
            && !new.is_empty()
        {
            let keys = context
                .read_batches(new.clone())?
                .select(vec![ident(key).alias("__aos_key")])?;
            kept = kept.join(
                keys,
                JoinType::LeftAnti,
                &[key.as_str()],
                &["__aos_key"],
                None,
            )?;
        }
        let mut batches = kept.collect().await?;
        batches.extend(new);
        Ok(batches)
    }

    pub(super) fn file(&self, version: u64) -> PathBuf {
        self.shared
            .dir
            .join(format!("{}.{version}.parquet", self.name))
    }

    /// Removes the Parquet files of versions before `previous` (which a running query may still read).
    pub(super) fn remove_older_files(&self, previous: &Copy) {
        if self.config.storage != Storage::Disk {
            return;
        }
        for (version, path) in copy_files(&self.shared.dir, &self.name) {
            if version < previous.version {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Loads the newest Parquet copy a previous run left, if any.
    pub(super) fn load_from_disk(&self) -> Result<bool> {
        if self.config.storage != Storage::Disk {
            return Ok(false);
        }
        let mut files = copy_files(&self.shared.dir, &self.name);
        files.sort();
        let Some((version, path)) = files.pop() else {
            return Ok(false);
        };
        for (_, older) in files {
            let _ = std::fs::remove_file(older);
        }
        let file = std::fs::File::open(&path)
            .map_err(|e| Error::Internal(format!("{}: {e}", path.display())))?;
        let parquet = ArrowReaderMetadata::load(&file, ArrowReaderOptions::default())
            .map_err(|e| DataFusionError::ParquetError(Box::new(e)))?;
        // A copy of another shape (the table's columns changed since) is not served.
        let same_shape = parquet.schema().fields().len() == self.schema.fields().len()
            && parquet
                .schema()
                .fields()
                .iter()
                .zip(self.schema.fields())
                .all(|(a, b)| a.name() == b.name() && a.data_type() == b.data_type());
        if !same_shape {
            tracing::warn!(table = %self.name, file = %path.display(), "the copy on disk has other columns than the table; refreshing");
            return Ok(false);
        }
        let metadata = parquet.metadata().file_metadata();
        let taken_at = metadata
            .key_value_metadata()
            .and_then(|kv| kv.iter().find(|kv| kv.key == TAKEN_AT_KEY))
            .and_then(|kv| kv.value.as_deref()?.parse::<u64>().ok())
            .map(|micros| SystemTime::UNIX_EPOCH + Duration::from_micros(micros));
        let Some(taken_at) = taken_at else {
            return Ok(false);
        };
        let rows = usize::try_from(metadata.num_rows()).unwrap_or_default();
        let bytes = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
        let table = listing_table(&path, &self.schema)?;
        if let Ok(mut state) = self.state.write() {
            state.last_version = version;
            state.copy = Some(Arc::new(Copy {
                version,
                taken_at,
                duration: Duration::ZERO,
                rows,
                bytes,
                data: CopyData::Disk { path, table },
                _reservation: None,
            }));
        }
        Ok(true)
    }

    /// When the refresh loop should next refresh.
    pub(super) fn next_refresh(&self) -> Option<SystemTime> {
        let interval = self.config.refresh_interval;
        if interval.is_zero() {
            return None;
        }
        let state = self.state.read().ok()?;
        let retry = interval.min(Duration::from_secs(60));
        Some(match (&state.copy, &state.last_error) {
            (Some(copy), Some((failed, _))) if *failed >= copy.taken_at => *failed + retry,
            (Some(copy), _) => copy.taken_at + interval,
            (None, Some((failed, _))) => *failed + retry,
            (None, None) => SystemTime::now(),
        })
    }

    /// What a live read of this table would ask, for `EXPLAIN`.
    pub(super) async fn live_request(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> String {
        if let Some(reads) = &self.reads {
            let requests = self.state.read().ok().and_then(|s| s.live_requests.clone());
            return match requests {
                Some(requests) => format!("a view of {reads}, asking (whole): {requests}"),
                None => format!("a view of {reads}"),
            };
        }
        // A listing table's scan lists its files (an S3 request): name them instead.
        if let Some(files) = self.live.downcast_ref::<ListingTable>() {
            let paths: Vec<String> = files.table_paths().iter().map(|p| p.to_string()).collect();
            return format!("files at {}", paths.join(", "));
        }
        match self.live.scan(state, projection, filters, limit).await {
            Ok(plan) => displayable(plan.as_ref())
                .one_line()
                .to_string()
                .trim()
                .to_string(),
            Err(_) => self.name.clone(),
        }
    }

    /// For a view: what a live read of all of it asks its sources (the leaves of its physical plan,
    /// every copy it reads replaced by its source), for `EXPLAIN`.
    async fn view_requests(&self) -> Option<String> {
        let context = self.context().ok()?;
        let plan = context.read_table(Arc::clone(&self.live)).ok()?;
        let plan = super::live_plan(plan.logical_plan().clone()).ok()?;
        let physical = context
            .execute_logical_plan(plan)
            .await
            .ok()?
            .create_physical_plan()
            .await
            .ok()?;
        let mut leaves = Vec::new();
        let mut pending = vec![physical];
        while let Some(node) = pending.pop() {
            if node.children().is_empty() {
                let line = displayable(node.as_ref()).one_line().to_string();
                let line = line.trim().to_string();
                if !leaves.contains(&line) {
                    leaves.push(line);
                }
            }
            pending.extend(node.children().into_iter().cloned());
        }
        Some(leaves.join("; "))
    }

    /// Reads the source, as if the table had no copy: the optimizer pushes the scan's projection,
    /// filters and limit into it (and a SQL source's federation applies).
    pub(super) async fn live_scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        let filters = unnormalize_cols(filters.iter().cloned());
        let plan = LogicalPlanBuilder::scan_with_filters_fetch(
            self.name.as_str(),
            provider_as_source(Arc::clone(&self.live)),
            projection.cloned(),
            filters,
            limit,
        )?
        .build()?;
        state.create_physical_plan(&plan).await
    }
}

const TAKEN_AT_KEY: &str = "aos.taken_at_us";

/// Writes `batches` to `path` (through a temporary file renamed into place); returns its size.
fn write_parquet(
    path: &Path,
    schema: &SchemaRef,
    batches: &[RecordBatch],
    taken_at: SystemTime,
) -> DataFusionResult<usize> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let micros = taken_at
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros();
    let properties = WriterProperties::builder()
        .set_key_value_metadata(Some(vec![KeyValue::new(
            TAKEN_AT_KEY.to_string(),
            micros.to_string(),
        )]))
        .build();
    let temporary = path.with_extension("parquet.tmp");
    let file = std::fs::File::create(&temporary)?;
    let mut writer = ArrowWriter::try_new(file, Arc::clone(schema), Some(properties))?;
    for batch in batches {
        writer.write(batch)?;
    }
    writer.close()?;
    std::fs::rename(&temporary, path)?;
    Ok(std::fs::metadata(path).map_or(0, |m| m.len() as usize))
}

/// A listing table over one Parquet file.
fn listing_table(path: &Path, schema: &SchemaRef) -> DataFusionResult<Arc<ListingTable>> {
    let absolute = std::path::absolute(path)?;
    let url = ListingTableUrl::parse(format!("file://{}", absolute.display()))?;
    let options =
        ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
    let config = ListingTableConfig::new(url)
        .with_listing_options(options)
        .with_schema(Arc::clone(schema));
    Ok(Arc::new(ListingTable::try_new(config)?))
}

/// The Parquet copies of `table` in `dir`, as (version, path).
fn copy_files(dir: &Path, table: &str) -> Vec<(u64, PathBuf)> {
    let prefix = format!("{table}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = name
                .strip_prefix(&prefix)?
                .strip_suffix(".parquet")?
                .parse()
                .ok()?;
            Some((version, entry.path()))
        })
        .collect()
}

fn timestamp(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn age_text(age: Duration) -> String {
    humantime::format_duration(Duration::from_secs(age.as_secs())).to_string()
}

#[async_trait]
impl TableProvider for AcceleratedTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        self.live.table_type()
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> DataFusionResult<Vec<TableProviderFilterPushDown>> {
        Ok(vec![TableProviderFilterPushDown::Inexact; filters.len()])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        // The freshness rules may start a refresh beside the query, which needs the table's `Arc`.
        let this = self
            .me
            .upgrade()
            .ok_or_else(|| DataFusionError::Internal(format!("{} was dropped", self.name)))?;
        let Some(copy) = this.copy_for_query().await? else {
            return self.live_scan(state, projection, filters, limit).await;
        };
        let input = match &copy.data {
            CopyData::Memory(partitions) => {
                let source = MemorySourceConfig::try_new(
                    partitions,
                    Arc::clone(&self.schema),
                    projection.cloned(),
                )?
                .with_limit(limit);
                datafusion::datasource::source::DataSourceExec::from_data_source(source)
                    as Arc<dyn ExecutionPlan>
            }
            CopyData::Disk { table, .. } => table.scan(state, projection, filters, limit).await?,
        };
        let live = self.live_request(state, projection, filters, limit).await;
        Ok(Arc::new(CopyScanExec::new(
            input,
            format!("{}: {}; live: {live}", self.name, copy.describe()),
            copy,
        )))
    }
}

/// A scan of a copy: the copy's own scan, which `EXPLAIN` shows under the copy's version, age and the
/// live request it stands for. It holds the copy, so a refresh never frees what a query still reads.
#[derive(Debug)]
struct CopyScanExec {
    input: Arc<dyn ExecutionPlan>,
    label: String,
    copy: Arc<Copy>,
}

impl CopyScanExec {
    fn new(input: Arc<dyn ExecutionPlan>, label: String, copy: Arc<Copy>) -> Self {
        Self { input, label, copy }
    }
}

impl DisplayAs for CopyScanExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "AcceleratedScan: {}", self.label)
    }
}

impl ExecutionPlan for CopyScanExec {
    fn name(&self) -> &str {
        "AcceleratedScan"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.input.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(
            &Arc<dyn datafusion::physical_plan::PhysicalExpr>,
        ) -> DataFusionResult<TreeNodeRecursion>,
    ) -> DataFusionResult<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        mut children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        match (children.pop(), children.is_empty()) {
            (Some(input), true) => Ok(Arc::new(CopyScanExec {
                input,
                label: self.label.clone(),
                copy: Arc::clone(&self.copy),
            })),
            _ => Err(DataFusionError::Internal(
                "AcceleratedScan takes one input".into(),
            )),
        }
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> DataFusionResult<SendableRecordBatchStream> {
        self.input.execute(partition, context)
    }
}
