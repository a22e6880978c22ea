//! Accelerated copies of tables (`[[accelerate]]`): a source table or a canonical table read whole into
//! a local copy (Arrow in memory, or Parquet on local disk so that a restart serves at once), refreshed
//! `full` or `append` on an interval and on demand, and queries served from the copy.
//!
//! Each refresh makes a new version of the copy and swaps it in whole: a query holds the version it
//! started with, so it never mixes two refreshes, and a refresh that fails keeps the previous copy.
//! Freshness is the user's: `max_staleness` per table (an older copy is refreshed before it is served,
//! and is an error naming the table when the source cannot be read), stale-while-revalidate (a copy
//! past its interval is served while a refresh runs), stale-if-error (a copy is served when its source
//! is down, with a notice saying how old it is), and `aos.freshness = 'live'` per session or per query
//! ([`live_plan`]) to read the sources directly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, Int64Builder, RecordBatch, StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, ScalarValue};
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::datasource::{
    MemTable, TableType, ViewTable, provider_as_source, source_as_provider,
};
use datafusion::error::{DataFusionError, Result as DataFusionResult};
use datafusion::execution::memory_pool::{MemoryConsumer, MemoryPool, MemoryReservation};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::functions_aggregate::expr_fn::max;
use datafusion::logical_expr::{
    Expr, JoinType, LogicalPlan, LogicalPlanBuilder, TableProviderFilterPushDown, lit,
};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::arrow::arrow_reader::{ArrowReaderMetadata, ArrowReaderOptions};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties, displayable,
};
use datafusion::prelude::{SessionContext, ident};
use serde::Deserialize;

use crate::{Error, Result, cast_batch};

/// One `[[accelerate]]` of `aos.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccelerationConfig {
    /// The table, `schema.table` (`stripe.invoice`, `ontology.revenue`), or `schema.*` for every table
    /// of a schema (for `ontology`: the canonical tables and views it defines).
    pub table: String,
    /// `full` (default): each refresh reads the whole table; `append`: only the rows whose `cursor` is
    /// at least the copy's greatest.
    #[serde(default)]
    pub mode: RefreshMode,
    /// With `append`: the column that grows as rows arrive or change (Salesforce `system_modstamp`,
    /// Stripe `created`, NetSuite `lastmodifieddate`).
    pub cursor: Option<String>,
    /// With `append`: the column that identifies a row; a row read again replaces its earlier copy.
    /// Without it rows are taken to be append-only.
    pub key: Option<String>,
    /// How often the copy is refreshed (default 10 minutes; `"0s"`: only on demand).
    #[serde(default = "default_refresh_interval", with = "humantime_serde")]
    pub refresh_interval: Duration,
    /// The oldest copy a query may read. An older one is refreshed first; when the source cannot be
    /// read, the query fails naming the table. Default: any age (a copy is served, with a notice,
    /// however long its source is down).
    #[serde(default, with = "humantime_serde::option")]
    pub max_staleness: Option<Duration>,
    /// `memory` (default): Arrow batches held within `engine.memory_limit`; `disk`: a Parquet file
    /// under `engine.acceleration_dir`, served at once after a restart.
    #[serde(default)]
    pub storage: Storage,
}

fn default_refresh_interval() -> Duration {
    Duration::from_secs(600)
}

/// How a copy is refreshed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefreshMode {
    /// The whole table, every time.
    #[default]
    Full,
    /// The rows at or past the copy's greatest cursor value.
    Append,
}

impl RefreshMode {
    fn name(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Append => "append",
        }
    }
}

/// Where a copy is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    /// Arrow batches in memory, counted in the engine's memory pool.
    #[default]
    Memory,
    /// A Parquet file on local disk.
    Disk,
}

impl Storage {
    fn name(self) -> &'static str {
        match self {
            Self::Memory => "memory",
            Self::Disk => "disk",
        }
    }
}

/// Which data a query reads: an accelerated table's copy (the default) or its source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Freshness {
    /// Copies where a table has one, within each table's `max_staleness`.
    #[default]
    Default,
    /// The sources, always.
    Live,
}

impl Freshness {
    /// The value of setting `aos.freshness`: `live` or `default`.
    pub fn parse(value: &str) -> Result<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "live" => Ok(Self::Live),
            "default" | "" => Ok(Self::Default),
            other => Err(Error::Config {
                key: "aos.freshness".into(),
                message: format!("{other:?} is not a freshness: use 'live' or 'default'"),
            }),
        }
    }

    /// The freshness a query asks for in a leading comment, `/* aos.freshness = 'live' */ SELECT ...`.
    pub fn hinted(sql: &str) -> Option<Self> {
        let comment = sql.trim_start().strip_prefix("/*")?;
        let (comment, _) = comment.split_once("*/")?;
        let (name, value) = comment.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("aos.freshness") {
            return None;
        }
        Self::parse(value.trim().trim_matches(|c| c == '\'' || c == '"')).ok()
    }
}

/// A version of a table's copy.
#[derive(Debug)]
struct Copy {
    version: u64,
    /// When the read that made it started: the copy holds at least what the source held then.
    taken_at: SystemTime,
    /// How long that refresh took.
    duration: Duration,
    rows: usize,
    bytes: usize,
    data: CopyData,
    /// The copy's memory, counted in the engine's pool while any query still reads it.
    _reservation: Option<MemoryReservation>,
}

#[derive(Debug)]
enum CopyData {
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
    fn table(&self, schema: &SchemaRef) -> DataFusionResult<Arc<dyn TableProvider>> {
        Ok(match &self.data {
            CopyData::Memory(partitions) => {
                Arc::new(MemTable::try_new(Arc::clone(schema), partitions.clone())?)
            }
            CopyData::Disk { table, .. } => Arc::clone(table) as Arc<dyn TableProvider>,
        })
    }

    fn age(&self) -> Duration {
        SystemTime::now()
            .duration_since(self.taken_at)
            .unwrap_or_default()
    }

    fn describe(&self) -> String {
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
struct State {
    copy: Option<Arc<Copy>>,
    /// The last failed refresh: when, and why.
    last_error: Option<(SystemTime, String)>,
    last_version: u64,
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
    me: Weak<AcceleratedTable>,
    /// `schema.table`.
    name: String,
    config: AccelerationConfig,
    live: Arc<dyn TableProvider>,
    schema: SchemaRef,
    /// For a view: the tables it reads, shown by `EXPLAIN` as what a live read would ask.
    reads: Option<String>,
    state: RwLock<State>,
    /// One refresh at a time.
    refreshing: tokio::sync::Mutex<()>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for AcceleratedTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcceleratedTable")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// What every accelerated table of an engine shares.
struct Shared {
    context: OnceLock<Weak<SessionContext>>,
    pool: Arc<dyn MemoryPool>,
    dir: PathBuf,
}

impl AcceleratedTable {
    fn context(&self) -> DataFusionResult<Arc<SessionContext>> {
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

    fn current(&self) -> Option<Arc<Copy>> {
        self.state.read().ok().and_then(|s| s.copy.clone())
    }

    /// The notice a query served from this copy gets: the copy's age, when its last refresh failed.
    fn notice(&self) -> Option<String> {
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
    async fn copy_for_query(self: &Arc<Self>) -> DataFusionResult<Option<Arc<Copy>>> {
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
        if !interval.is_zero() && age > interval {
            // Stale while revalidating: this query reads the copy, a refresh runs beside it.
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

    fn log(&self, report: std::result::Result<RefreshReport, String>) {
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
    async fn refresh_locked(&self) -> std::result::Result<RefreshReport, String> {
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
                let previous = match self.state.write() {
                    Ok(mut state) => {
                        state.last_error = None;
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

    async fn read_new_copy(
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
    async fn appended(
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
        if let Some(key) = &self.config.key {
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

    fn file(&self, version: u64) -> PathBuf {
        self.shared
            .dir
            .join(format!("{}.{version}.parquet", self.name))
    }

    /// Removes the Parquet files of versions before `previous` (which a running query may still read).
    fn remove_older_files(&self, previous: &Copy) {
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
    fn load_from_disk(&self) -> Result<bool> {
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
    fn next_refresh(&self) -> Option<SystemTime> {
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
    async fn live_request(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> String {
        if let Some(reads) = &self.reads {
            return format!("a view of {reads}");
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

    /// Reads the source, as if the table had no copy: the optimizer pushes the scan's projection,
    /// filters and limit into it (and a SQL source's federation applies).
    async fn live_scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        let filters = filters
            .iter()
            .map(|f| unqualified(f.clone()))
            .collect::<DataFusionResult<Vec<_>>>()?;
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

/// `expr` with its columns' table qualifiers removed.
fn unqualified(expr: Expr) -> DataFusionResult<Expr> {
    expr.transform(|e| match e {
        Expr::Column(c) => Ok(Transformed::yes(Expr::Column(Column::new_unqualified(
            c.name,
        )))),
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
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

/// The `[[accelerate]]` tables of an engine, in the order they were registered: a canonical table
/// after the source tables it reads, `health` after the facts. That is the order of first refreshes.
pub(crate) struct Accelerations {
    configs: Vec<AccelerationConfig>,
    matched: Mutex<Vec<bool>>,
    tables: Mutex<Vec<Arc<AcceleratedTable>>>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Accelerations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accelerations")
            .field("configs", &self.configs)
            .finish_non_exhaustive()
    }
}

impl Accelerations {
    /// Checks the configs; copies on disk go under `dir`, copies in memory count in `pool`.
    pub(crate) fn new(
        configs: &[AccelerationConfig],
        dir: PathBuf,
        pool: Arc<dyn MemoryPool>,
    ) -> Result<Arc<Self>> {
        for (index, config) in configs.iter().enumerate() {
            let error = |key: &str, message: String| Error::Config {
                key: format!("accelerate[{index}].{key}"),
                message,
            };
            let valid = config
                .table
                .split_once('.')
                .is_some_and(|(schema, table)| !schema.is_empty() && !table.is_empty());
            if !valid {
                return Err(error(
                    "table",
                    format!(
                        "{:?} is not schema.table (e.g. \"stripe.invoice\", \"ontology.*\")",
                        config.table
                    ),
                ));
            }
            match (config.mode, &config.cursor, &config.key) {
                (RefreshMode::Append, None, _) => {
                    return Err(error(
                        "cursor",
                        "mode = \"append\" needs the column that grows as rows arrive \
                         (e.g. system_modstamp, created, lastmodifieddate)"
                            .into(),
                    ));
                }
                (RefreshMode::Full, Some(_), _) | (RefreshMode::Full, _, Some(_)) => {
                    return Err(error(
                        if config.cursor.is_some() {
                            "cursor"
                        } else {
                            "key"
                        },
                        "only mode = \"append\" reads a cursor or a key".into(),
                    ));
                }
                _ => {}
            }
            if config.table.ends_with(".*") && config.cursor.is_some() {
                return Err(error(
                    "table",
                    "a cursor is a column of one table: name the table instead of schema.*".into(),
                ));
            }
        }
        Ok(Arc::new(Self {
            configs: configs.to_vec(),
            matched: Mutex::new(vec![false; configs.len()]),
            tables: Mutex::default(),
            shared: Arc::new(Shared {
                context: OnceLock::new(),
                pool,
                dir,
            }),
        }))
    }

    /// The config that accelerates `name` (`schema.table`): its own entry, else its schema's `.*`.
    fn config_for(&self, name: &str) -> Option<(usize, &AccelerationConfig)> {
        let schema = name.split_once('.').map(|(s, _)| s)?;
        let wildcard = format!("{schema}.*");
        let mut entries = self.configs.iter().enumerate();
        entries
            .clone()
            .find(|(_, c)| c.table == name)
            .or_else(|| entries.find(|(_, c)| c.table == wildcard))
    }

    /// `live` itself, or its accelerated table when a config names `name` (`schema.table`).
    pub(crate) fn wrap(
        &self,
        name: &str,
        live: Arc<dyn TableProvider>,
    ) -> Result<Arc<dyn TableProvider>> {
        let Some((index, config)) = self.config_for(name) else {
            return Ok(live);
        };
        let schema = live.schema();
        for (key, column) in [("cursor", &config.cursor), ("key", &config.key)] {
            if let Some(column) = column
                && schema.field_with_name(column).is_err()
            {
                let columns: Vec<&str> =
                    schema.fields().iter().map(|f| f.name().as_str()).collect();
                return Err(Error::Config {
                    key: format!("accelerate[{index}].{key}"),
                    message: format!(
                        "{name} has no column {column:?} (its columns: {})",
                        columns.join(", ")
                    ),
                });
            }
        }
        if let Ok(mut matched) = self.matched.lock() {
            matched[index] = true;
        }
        let reads = live.get_logical_plan().map(|plan| {
            let mut tables = BTreeSet::new();
            let _ = plan.apply_with_subqueries(|node| {
                if let LogicalPlan::TableScan(scan) = node {
                    tables.insert(scan.table_name.to_string());
                }
                Ok(TreeNodeRecursion::Continue)
            });
            tables.into_iter().collect::<Vec<_>>().join(", ")
        });
        let table = Arc::new_cyclic(|me| AcceleratedTable {
            me: Weak::clone(me),
            name: name.to_string(),
            config: config.clone(),
            live,
            schema,
            reads,
            state: RwLock::default(),
            refreshing: tokio::sync::Mutex::new(()),
            shared: Arc::clone(&self.shared),
        });
        if let Ok(mut tables) = self.tables.lock() {
            tables.push(Arc::clone(&table));
        }
        Ok(table)
    }

    /// An error for an `[[accelerate]]` that names no table.
    pub(crate) fn check_matched(&self) -> Result<()> {
        let matched = self.matched.lock().map(|m| m.clone()).unwrap_or_default();
        match matched.iter().position(|m| !m) {
            Some(index) => Err(Error::Config {
                key: format!("accelerate[{index}].table"),
                message: format!(
                    "no table {} to accelerate (a source's tables, or ontology.<table>)",
                    self.configs[index].table
                ),
            }),
            None => Ok(()),
        }
    }

    fn tables(&self) -> Vec<Arc<AcceleratedTable>> {
        self.tables.lock().map(|t| t.clone()).unwrap_or_default()
    }

    /// Takes the first copies (a disk copy left by a previous run is served as it is), in order, then
    /// refreshes each table on its interval while the engine lives. A table whose first refresh fails
    /// reads its source until a refresh succeeds.
    pub(crate) async fn start(&self, context: &Arc<SessionContext>) {
        let _ = self.shared.context.set(Arc::downgrade(context));
        for table in self.tables() {
            match table.load_from_disk() {
                Ok(true) => tracing::info!(table = %table.name, "copy loaded from disk"),
                Ok(false) => {
                    let _ = table.refresh().await;
                }
                Err(e) => {
                    tracing::warn!(table = %table.name, error = %e, "copy on disk unreadable; refreshing");
                    let _ = table.refresh().await;
                }
            }
        }
        for table in self.tables() {
            if !table.config.refresh_interval.is_zero() {
                spawn_refresh_loop(Arc::downgrade(&table));
            }
        }
    }

    /// Refreshes `name` (`schema.table`) now.
    pub(crate) async fn refresh(&self, name: &str) -> Result<RefreshReport> {
        let table = self
            .tables()
            .into_iter()
            .find(|t| t.name == name)
            .ok_or_else(|| {
                let names: Vec<String> = self.tables().iter().map(|t| t.name.clone()).collect();
                Error::NotAccelerated(if names.is_empty() {
                    format!("{name} is not accelerated: no table is")
                } else {
                    format!(
                        "{name} is not accelerated (accelerated tables: {})",
                        names.join(", ")
                    )
                })
            })?;
        table.refresh().await
    }

    /// Refreshes every accelerated table of `schema`, in order (the canonical tables after accounts
    /// were resolved again).
    pub(crate) async fn refresh_schema(&self, schema: &str) {
        let prefix = format!("{schema}.");
        for table in self.tables() {
            if table.name.starts_with(&prefix) && table.current().is_some() {
                let _ = table.refresh().await;
            }
        }
    }

    /// `system.accelerations`.
    pub(crate) fn status_table(self: &Arc<Self>) -> Arc<dyn TableProvider> {
        Arc::new(StatusTable {
            accelerations: Arc::clone(self),
        })
    }
}

/// Refreshes the table whenever it is due, while it exists.
fn spawn_refresh_loop(table: Weak<AcceleratedTable>) {
    tokio::spawn(async move {
        loop {
            let Some(due) = table.upgrade().and_then(|t| t.next_refresh()) else {
                return;
            };
            let wait = due.duration_since(SystemTime::now()).unwrap_or_default();
            tokio::time::sleep(wait.max(Duration::from_millis(100))).await;
            let Some(table) = table.upgrade() else {
                return;
            };
            if table.next_refresh().is_some_and(|d| d <= SystemTime::now()) {
                let _ = table.refresh().await;
            }
        }
    });
}

/// The plan reading sources instead of copies (`aos.freshness = 'live'`): every scan of an accelerated
/// table, in the plan, its subqueries and the views it reads, scans the table's source instead.
pub(crate) fn live_plan(plan: LogicalPlan) -> DataFusionResult<LogicalPlan> {
    plan.transform_up_with_subqueries(|node| {
        let LogicalPlan::TableScan(mut scan) = node else {
            return Ok(Transformed::no(node));
        };
        let Ok(provider) = source_as_provider(&scan.source) else {
            return Ok(Transformed::no(LogicalPlan::TableScan(scan)));
        };
        if let Some(accelerated) = provider.downcast_ref::<AcceleratedTable>() {
            scan.source = provider_as_source(Arc::clone(&accelerated.live));
            return Ok(Transformed::yes(LogicalPlan::TableScan(scan)));
        }
        if let Some(view) = provider.get_logical_plan() {
            if !reads_accelerated(&view, true) {
                return Ok(Transformed::no(LogicalPlan::TableScan(scan)));
            }
            let rewritten = live_plan(view.into_owned())?;
            let definition = provider.get_table_definition().map(str::to_string);
            scan.source = provider_as_source(Arc::new(ViewTable::new(rewritten, definition)));
            return Ok(Transformed::yes(LogicalPlan::TableScan(scan)));
        }
        Ok(Transformed::no(LogicalPlan::TableScan(scan)))
    })
    .map(|t| t.data)
}

/// Whether `plan` (with its views when `deep`) scans an accelerated table.
fn reads_accelerated(plan: &LogicalPlan, deep: bool) -> bool {
    !accelerated_scans(plan, deep).is_empty()
}

/// The accelerated tables `plan` scans, through subqueries and (when `deep`) views.
fn accelerated_scans(plan: &LogicalPlan, deep: bool) -> Vec<Arc<AcceleratedTable>> {
    let mut found = Vec::new();
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node
            && let Ok(provider) = source_as_provider(&scan.source)
        {
            if let Some(table) = provider.downcast_ref::<AcceleratedTable>() {
                found.extend(table.me.upgrade());
            } else if deep && let Some(view) = provider.get_logical_plan() {
                found.extend(accelerated_scans(&view, deep));
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

/// What a query of `plan` should be told about the copies it reads: each one served although its
/// last refresh failed, with its age.
pub(crate) fn notices(plan: &LogicalPlan) -> Vec<String> {
    let mut notices: Vec<String> = accelerated_scans(plan, true)
        .iter()
        .filter_map(|t| t.notice())
        .collect();
    notices.sort();
    notices.dedup();
    notices
}

/// `system.accelerations`: one row per accelerated table, read when queried.
#[derive(Debug)]
struct StatusTable {
    accelerations: Arc<Accelerations>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, EngineConfig, SourceConfig};

    fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
        toml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    /// An engine over folder `dir` as source `lake`, accelerating as `accelerate` (TOML) says.
    async fn engine(dir: &Path, accelerate: &str) -> Result<Engine> {
        #[derive(Deserialize)]
        struct Entries {
            accelerate: Vec<AccelerationConfig>,
        }
        let entries: Entries = parse(accelerate);
        let source: SourceConfig = parse(&format!(
            "kind = \"files\"\nname = \"lake\"\nurl = \"{}\"",
            dir.display()
        ));
        let config = EngineConfig {
            target_partitions: Some(2),
            ..EngineConfig::default()
        };
        Engine::new(&config, &[source], None, &entries.accelerate, dir).await
    }

    async fn rows(engine: &Engine, sql: &str) -> Vec<String> {
        let stream = engine
            .execute(
                sql,
                engine.guard(tokio_util::sync::CancellationToken::new()),
            )
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let batches: Vec<RecordBatch> = futures::TryStreamExt::try_collect(stream)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)
            .map(|t| t.to_string())
            .unwrap_or_default();
        // The header is the first row.
        text.lines()
            .filter(|l| l.starts_with("| "))
            .skip(1)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[tokio::test]
    async fn repeated_queries_are_answered_from_the_result_cache_until_a_refresh() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.csv");
        std::fs::write(&file, "id,at\n1,10\n2,20\n").unwrap();
        let engine = engine(
            dir.path(),
            "[[accelerate]]\ntable = \"lake.events\"\nrefresh_interval = \"0s\"",
        )
        .await
        .unwrap();
        let kept = |engine: &Engine| {
            engine.results.run_pending_tasks();
            engine.results.entries()
        };
        let sql = "SELECT count(*) AS n, sum(at) AS total FROM lake.events";
        let first = rows(&engine, sql).await;
        assert_eq!(first, ["| 2 | 30 |"]);
        assert_eq!(kept(&engine), 1);
        assert_eq!(rows(&engine, sql).await, first);
        assert_eq!(kept(&engine), 1);
        // Read live, or with a function whose answer changes, nothing is kept.
        rows(&engine, &format!("/* aos.freshness = 'live' */ {sql}")).await;
        rows(&engine, "SELECT count(*), now() FROM lake.events").await;
        assert_eq!(kept(&engine), 1);
        // A refresh is a new version: the next answer is computed again, from the new copy.
        std::fs::write(&file, "id,at\n1,10\n2,20\n3,30\n").unwrap();
        assert_eq!(rows(&engine, sql).await, first);
        engine.refresh("lake.events").await.unwrap();
        assert_eq!(rows(&engine, sql).await, ["| 3 | 60 |"]);
        assert_eq!(kept(&engine), 2);
    }

    #[tokio::test]
    async fn mistakes_in_an_accelerate_entry_name_the_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("events.csv"), "id,at\n1,10\n").unwrap();
        for (entry, expected) in [
            (
                "table = \"events\"",
                "accelerate[0].table: \"events\" is not schema.table",
            ),
            (
                "table = \"lake.events\"\nmode = \"append\"",
                "accelerate[0].cursor: mode = \"append\" needs",
            ),
            (
                "table = \"lake.events\"\ncursor = \"at\"",
                "accelerate[0].cursor: only mode = \"append\"",
            ),
            (
                "table = \"lake.events\"\nmode = \"append\"\ncursor = \"when\"",
                "accelerate[0].cursor: lake.events has no column \"when\" (its columns: id, at)",
            ),
            (
                "table = \"lake.missing\"",
                "accelerate[0].table: no table lake.missing to accelerate",
            ),
        ] {
            let error = engine(dir.path(), &format!("[[accelerate]]\n{entry}"))
                .await
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.starts_with(expected), "{entry}: {error}");
        }
    }

    #[tokio::test]
    async fn an_append_refresh_rereads_the_newest_cursor_value_and_replaces_rows_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("events.csv");
        std::fs::write(&file, "id,at,v\n1,10,a\n2,20,b\n3,20,c\n").unwrap();
        let engine = engine(
            dir.path(),
            "[[accelerate]]\ntable = \"lake.events\"\nmode = \"append\"\ncursor = \"at\"\nkey = \"id\"\n\
             refresh_interval = \"0s\"",
        )
        .await
        .unwrap();
        let sql = "SELECT id, at, v FROM lake.events ORDER BY id";
        assert_eq!(
            rows(&engine, sql).await,
            ["| 1 | 10 | a |", "| 2 | 20 | b |", "| 3 | 20 | c |"]
        );
        // A row arrives in the newest value (a tie), another after it, and row 1 changes (its cursor
        // moves past); the copy does not see them until it is refreshed.
        std::fs::write(&file, "id,at,v\n1,40,a2\n2,20,b\n3,20,c\n4,20,d\n5,30,e\n").unwrap();
        assert_eq!(rows(&engine, sql).await.len(), 3);
        let report = engine.refresh("lake.events").await.unwrap();
        assert_eq!((report.version, report.rows), (2, 5));
        assert_eq!(
            rows(&engine, sql).await,
            [
                "| 1 | 40 | a2 |",
                "| 2 | 20 | b |",
                "| 3 | 20 | c |",
                "| 4 | 20 | d |",
                "| 5 | 30 | e |"
            ]
        );
        // Read live, the same rows.
        let live = format!("/* aos.freshness = 'live' */ {sql}");
        assert_eq!(rows(&engine, &live).await, rows(&engine, sql).await);
        // A refresh that fails keeps the copy, and queries are told.
        std::fs::remove_file(&file).unwrap();
        assert!(engine.refresh("lake.events").await.is_err());
        assert_eq!(rows(&engine, sql).await.len(), 5);
        let plan = engine.plan(sql).await.unwrap();
        let notices = engine.notices(plan.logical_plan());
        assert!(
            notices.len() == 1 && notices[0].starts_with("lake.events served from its copy taken"),
            "{notices:?}"
        );
    }

    #[test]
    fn freshness_is_set_or_hinted() {
        assert_eq!(Freshness::parse("LIVE").ok(), Some(Freshness::Live));
        assert_eq!(Freshness::parse("default").ok(), Some(Freshness::Default));
        assert!(Freshness::parse("yesterday").is_err());
        assert_eq!(
            Freshness::hinted("/* aos.freshness = 'live' */ SELECT 1"),
            Some(Freshness::Live)
        );
        assert_eq!(
            Freshness::hinted("SELECT 1 /* aos.freshness = 'live' */"),
            None
        );
        assert_eq!(Freshness::hinted("/* a comment */ SELECT 1"), None);
    }
}
