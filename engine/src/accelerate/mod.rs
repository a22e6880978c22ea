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

mod status;
mod table;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};
use std::time::{Duration, SystemTime};

use datafusion::catalog::TableProvider;
use datafusion::common::tree_node::{Transformed, TreeNodeRecursion};
use datafusion::datasource::{ViewTable, provider_as_source, source_as_provider};
use datafusion::error::Result as DataFusionResult;
use datafusion::execution::memory_pool::MemoryPool;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionContext;
use serde::Deserialize;

use crate::{Error, Result};

use status::StatusTable;
pub(crate) use table::AcceleratedTable;
pub use table::RefreshReport;
use table::Shared;

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
    live(plan).map(|t| t.data)
}

/// [`live_plan`], saying whether anything was rewritten.
fn live(plan: LogicalPlan) -> DataFusionResult<Transformed<LogicalPlan>> {
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
            let rewritten = live(view.into_owned())?;
            if !rewritten.transformed {
                return Ok(Transformed::no(LogicalPlan::TableScan(scan)));
            }
            let definition = provider.get_table_definition().map(str::to_string);
            scan.source = provider_as_source(Arc::new(ViewTable::new(rewritten.data, definition)));
            return Ok(Transformed::yes(LogicalPlan::TableScan(scan)));
        }
        Ok(Transformed::no(LogicalPlan::TableScan(scan)))
    })
}

/// The accelerated tables `plan` scans, through subqueries and views.
fn accelerated_scans(plan: &LogicalPlan) -> Vec<Arc<AcceleratedTable>> {
    let mut found = Vec::new();
    let _ = plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node
            && let Ok(provider) = source_as_provider(&scan.source)
        {
            if let Some(table) = provider.downcast_ref::<AcceleratedTable>() {
                found.extend(table.me.upgrade());
            } else if let Some(view) = provider.get_logical_plan() {
                found.extend(accelerated_scans(&view));
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}

/// What a query of `plan` should be told about the copies it reads: each one served although its
/// last refresh failed, with its age.
pub(crate) fn notices(plan: &LogicalPlan) -> Vec<String> {
    let mut notices: Vec<String> = accelerated_scans(plan)
        .iter()
        .filter_map(|t| t.notice())
        .collect();
    notices.sort();
    notices.dedup();
    notices
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use datafusion::arrow::array::RecordBatch;

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
        // A refresh that fails (the file no longer parses) keeps the copy, and queries are told.
        std::fs::write(&file, "id,at,v\n6,not a number,f\n").unwrap();
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
