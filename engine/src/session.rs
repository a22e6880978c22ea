use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use datafusion::error::DataFusionError;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::disk_manager::{DiskManagerBuilder, DiskManagerMode};
use datafusion::execution::memory_pool::{FairSpillPool, TrackConsumersPool};
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::execution::session_state::SessionStateBuilder;
use datafusion::optimizer::Optimizer;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext};
use datafusion_federation::FederatedQueryPlanner;
use tokio_util::sync::CancellationToken;

use crate::accelerate::{self, AccelerationConfig, Accelerations, RefreshReport};
use crate::ask::{Ask, NlqOptions};
use crate::federation::{FederateSqlSources, PushIntoFederatedSql};
use crate::ontology::{self, Ontology, OntologyConfig};
use crate::results::ResultCache;
use crate::sql::Frontend;

use crate::{
    EngineConfig, Error, Freshness, Interrupted, QueryGuard, Result, SourceConfig, guarded, sources,
};

/// The catalog all tables live in; also the Postgres database name.
pub const CATALOG: &str = "aos";
/// The schema unqualified names resolve in. It holds no tables: every source has its own schema.
pub const DEFAULT_SCHEMA: &str = "public";

/// A configured query engine: one DataFusion session over all sources, with its limits.
pub struct Engine {
    pub(crate) context: Arc<SessionContext>,
    query_timeout: Option<Duration>,
    pub(crate) frontend: Frontend,
    pub(crate) ask: Ask,
    accelerations: Arc<Accelerations>,
    pub(crate) results: Arc<ResultCache>,
}

impl Engine {
    /// Builds the session: memory pool and spilling, then every source's tables under its schema.
    ///
    /// Relative paths in source settings are resolved against `base_dir` (the config file's folder).
    /// With `ontology`, schema `ontology` (and `metrics`) is compiled from its folder and accounts are
    /// resolved once before this returns, then again every `refresh_interval` in the background.
    /// The tables `accelerate` names are served from copies whose first refresh is taken before this
    /// returns (or loaded from disk), then kept fresh in the background.
    pub async fn new(
        config: &EngineConfig,
        sources: &[SourceConfig],
        ontology: Option<&OntologyConfig>,
        accelerate: &[AccelerationConfig],
        base_dir: &Path,
    ) -> Result<Self> {
        let memory_limit =
            usize::try_from(config.memory_limit.as_u64()).map_err(|_| Error::Config {
                key: "engine.memory_limit".into(),
                message: format!(
                    "{} does not fit this machine's address space",
                    config.memory_limit
                ),
            })?;
        let pool = TrackConsumersPool::new(
            FairSpillPool::new(memory_limit),
            NonZeroUsize::MIN.saturating_add(4),
        );
        let disk = match &config.spill_dir {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(Error::Config {
                        key: "engine.spill_dir".into(),
                        message: format!("{} is not a folder", dir.display()),
                    });
                }
                DiskManagerBuilder::default()
                    .with_mode(DiskManagerMode::Directories(vec![dir.clone()]))
            }
            None => DiskManagerBuilder::default().with_mode(DiskManagerMode::OsTmpDirectory),
        };
        let pool: Arc<dyn datafusion::execution::memory_pool::MemoryPool> = Arc::new(pool);
        let accelerations = Accelerations::new(
            accelerate,
            base_dir.join(
                config
                    .acceleration_dir
                    .as_deref()
                    .unwrap_or(Path::new("accelerations")),
            ),
            Arc::clone(&pool),
        )?;
        let runtime = RuntimeEnvBuilder::new()
            .with_memory_pool(pool)
            .with_disk_manager_builder(disk)
            .build_arc()?;

        let mut session = SessionConfig::new()
            .with_default_catalog_and_schema(CATALOG, DEFAULT_SCHEMA)
            .with_create_default_catalog_and_schema(true)
            .with_information_schema(true);
        if let Some(partitions) = config.target_partitions {
            if partitions == 0 {
                return Err(Error::Config {
                    key: "engine.target_partitions".into(),
                    message: "must be at least 1".into(),
                });
            }
            session = session.with_target_partitions(partitions);
        }
        // `timestamptz` (a cast, `now()`) is an instant in UTC, as the sources' timestamps are and as
        // PostgreSQL clients expect; without a session zone DataFusion makes it a zone-less timestamp.
        session.options_mut().execution.time_zone = Some("UTC".into());
        // Evaluate filters inside the Parquet decoder (late materialisation), cheapest first.
        session.options_mut().execution.parquet.pushdown_filters = true;
        session.options_mut().execution.parquet.reorder_filters = true;

        // DataFusion's rules, with SQL-database federation after subqueries became joins (as
        // datafusion-federation places it), then our pushdowns into SQL databases and NetSuite.
        let mut rules = Optimizer::new().rules;
        let federate_at = rules
            .iter()
            .position(|r| r.name() == "scalar_subquery_to_join")
            .map_or(0, |p| p + 1);
        rules.insert(federate_at, Arc::new(FederateSqlSources::default()));
        rules.push(Arc::new(PushIntoFederatedSql));
        // Runs `count/sum/min/max ... GROUP BY` over one NetSuite table in NetSuite.
        rules.push(Arc::new(aos_providers::netsuite::AggregatePushdown));
        let state = SessionStateBuilder::new()
            .with_config(session)
            .with_runtime_env(runtime)
            .with_default_features()
            .with_optimizer_rules(rules)
            .with_query_planner(Arc::new(FederatedQueryPlanner::new()))
            .build();
        let context = SessionContext::new_with_state(state);
        let frontend = Frontend::new(&context);
        sources::register(&context, sources, base_dir, &accelerations).await?;
        let context = Arc::new(context);
        let mut refresh_ontology = None;
        if let Some(settings) = ontology {
            let ontology = ontology::register(&context, settings, base_dir, &accelerations).await?;
            let summary = ontology.refresh(&context).await?;
            tracing::info!(
                records = summary.records,
                accounts = summary.accounts,
                "accounts resolved"
            );
            if !settings.refresh_interval.is_zero() {
                refresh_ontology = Some((ontology, settings.refresh_interval));
            }
        }
        accelerations.check_matched()?;
        let system = Arc::new(datafusion::catalog::MemorySchemaProvider::new());
        datafusion::catalog::SchemaProvider::register_table(
            system.as_ref(),
            "accelerations".into(),
            accelerations.status_table(),
        )?;
        context
            .catalog(CATALOG)
            .ok_or_else(|| Error::Internal(format!("catalog {CATALOG} is missing")))?
            .register_schema("system", system)?;
        accelerations.start(&context).await;
        if let Some((ontology, interval)) = refresh_ontology {
            spawn_refresh(
                Arc::downgrade(&context),
                ontology,
                Arc::clone(&accelerations),
                interval,
            );
        }
        Ok(Self {
            accelerations,
            results: Arc::new(ResultCache::new(config.result_cache.as_u64())),
            context,
            query_timeout: Some(config.query_timeout).filter(|t| !t.is_zero()),
            frontend,
            ask: Ask::new(NlqOptions::default()),
        })
    }

    /// How questions in English are answered (`Engine::ask`, `nlq('...')`): the day they are relative
    /// to and the optional LLM. Without this, "today" is learned from the data and no LLM is asked.
    pub fn with_nlq(mut self, options: NlqOptions) -> Self {
        self.ask = Ask::new(options);
        self
    }

    /// The shared DataFusion session (for the pgwire front end and pg_catalog).
    pub fn context(&self) -> &Arc<SessionContext> {
        &self.context
    }

    /// The configured per-query timeout, if any.
    pub fn query_timeout(&self) -> Option<Duration> {
        self.query_timeout
    }

    /// A guard with the configured timeout, fired early by `cancel`.
    pub fn guard(&self, cancel: CancellationToken) -> QueryGuard {
        QueryGuard::new(cancel, self.query_timeout)
    }

    /// A guard for a client session whose own limit is `session_timeout` (PostgreSQL's
    /// `statement_timeout`): the shorter of it and the server's, since a session may tighten the
    /// server's limit, never lift it.
    pub fn session_guard(
        &self,
        cancel: CancellationToken,
        session_timeout: Option<Duration>,
    ) -> QueryGuard {
        let timeout = match (session_timeout, self.query_timeout) {
            (Some(session), Some(server)) => Some(session.min(server)),
            (session, server) => session.or(server),
        };
        QueryGuard::new(cancel, timeout)
    }

    /// Refreshes the accelerated copy of `table` (`schema.table`) now.
    pub async fn refresh(&self, table: &str) -> Result<RefreshReport> {
        self.accelerations.refresh(table).await
    }

    /// What a client running `plan` should be told about the accelerated copies it reads: each copy
    /// served although refreshing it failed, with its age (a pgwire NOTICE, an HTTP header, Flight
    /// metadata).
    pub fn notices(&self, plan: &datafusion::logical_expr::LogicalPlan) -> Vec<String> {
        accelerate::notices(plan)
    }

    /// Plans and starts one read-only query, returning its rows as a stream bounded by `guard`.
    ///
    /// DDL, DML and session statements are refused: the session is shared by every client.
    pub async fn execute(&self, sql: &str, guard: QueryGuard) -> Result<SendableRecordBatchStream> {
        let (stream, _) = self.execute_with(sql, Freshness::Default, guard).await?;
        Ok(stream)
    }

    /// [`Engine::execute`] reading accelerated tables as `freshness` says; with the notices about the
    /// copies the query reads ([`Engine::notices`]).
    pub async fn execute_with(
        &self,
        sql: &str,
        freshness: Freshness,
        guard: QueryGuard,
    ) -> Result<(SendableRecordBatchStream, Vec<String>)> {
        let frame = guard
            .run(self.plan_with(sql, freshness), interrupted_error)
            .await?;
        let notices = self.notices(frame.logical_plan());
        Ok((self.execute_frame(frame, guard).await?, notices))
    }

    /// Starts a frame from [`Engine::plan`] (its parameters bound), bounded by `guard`.
    pub async fn execute_frame(
        &self,
        frame: DataFrame,
        guard: QueryGuard,
    ) -> Result<SendableRecordBatchStream> {
        // A repeated query over copies that have not changed is answered from the result cache.
        let key = self.results.key(frame.logical_plan());
        if let Some(rows) = key.as_ref().and_then(|key| self.results.get(key)) {
            return Ok(rows);
        }
        let stream = guard.run(frame.execute_stream(), interrupted).await?;
        let stream = match key {
            Some(key) => self.results.keep(key, stream),
            None => stream,
        };
        let schema = stream.schema();
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            guarded(stream, guard, interrupted),
        )))
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("query_timeout", &self.query_timeout)
            .finish_non_exhaustive()
    }
}

/// Refreshes the ontology every `interval` while the engine lives, then the copies of the canonical
/// tables (their `account_id`s come from the accounts); a failed refresh keeps the previous accounts
/// and is logged.
fn spawn_refresh(
    context: std::sync::Weak<SessionContext>,
    ontology: Arc<Ontology>,
    accelerations: Arc<Accelerations>,
    interval: Duration,
) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(interval).await;
            let Some(context) = context.upgrade() else {
                return;
            };
            match ontology.refresh(&context).await {
                Ok(summary) => {
                    tracing::info!(
                        records = summary.records,
                        accounts = summary.accounts,
                        "accounts resolved"
                    );
                    accelerations.refresh_schema("ontology").await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "ontology refresh failed; keeping the previous accounts")
                }
            }
        }
    });
}

fn interrupted_error(reason: Interrupted) -> Error {
    Error::DataFusion(interrupted(reason))
}

pub(crate) fn interrupted(reason: Interrupted) -> DataFusionError {
    DataFusionError::External(Box::new(reason))
}
