//! The result cache: the rows of a query that read only versioned data (accelerated copies, the
//! ontology's in-memory tables), kept under its plan and the version of every table it read, so a
//! repeated query (a dashboard opened again) is answered without running; a refresh makes a new
//! version, hence a new key. Queries that read a source live, a catalog, or call a function whose
//! answer may change (`now()`, `random()`) are never cached. Bounded by bytes (`moka`).

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::datasource::source_as_provider;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::logical_expr::{Expr, LogicalPlan, Volatility};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use futures::StreamExt;

use crate::accelerate::AcceleratedTable;
use crate::ontology::RefreshableTable;

/// A plan's text and the versions of the tables it read.
type Key = (String, Vec<(String, u64)>);

/// A kept result: its schema and its batches.
type Kept = Arc<(SchemaRef, Vec<RecordBatch>)>;

/// A result too big to keep: it would push out many smaller ones.
const MAX_RESULT_BYTES: usize = 16 * 1024 * 1024;

pub(crate) struct ResultCache {
    /// `None` when no memory is given to it.
    cache: Option<moka::sync::Cache<Key, Kept>>,
}

impl std::fmt::Debug for ResultCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultCache")
            .field("entries", &self.cache.as_ref().map(|c| c.entry_count()))
            .finish()
    }
}

impl ResultCache {
    /// A cache of at most `bytes` of results (0: none kept).
    pub(crate) fn new(bytes: u64) -> Self {
        Self {
            cache: (bytes > 0).then(|| {
                moka::sync::Cache::builder()
                    .max_capacity(bytes)
                    .weigher(|_key: &Key, kept: &Kept| {
                        let bytes: usize =
                            kept.1.iter().map(RecordBatch::get_array_memory_size).sum();
                        u32::try_from(bytes).unwrap_or(u32::MAX)
                    })
                    .build()
            }),
        }
    }

    #[cfg(test)]
    pub(crate) fn run_pending_tasks(&self) {
        if let Some(cache) = &self.cache {
            cache.run_pending_tasks();
        }
    }

    #[cfg(test)]
    pub(crate) fn entries(&self) -> u64 {
        self.cache.as_ref().map_or(0, |c| c.entry_count())
    }

    /// The key of `plan`, when its result may be kept.
    pub(crate) fn key(&self, plan: &LogicalPlan) -> Option<Key> {
        self.cache.as_ref()?;
        let mut versions = Vec::new();
        versions_read(plan, &mut versions)?;
        Some((plan.display_indent().to_string(), versions))
    }

    /// The kept result of `key`, as a stream.
    pub(crate) fn get(&self, key: &Key) -> Option<SendableRecordBatchStream> {
        let kept = self.cache.as_ref()?.get(key)?;
        let schema = Arc::clone(&kept.0);
        let rows = futures::stream::iter((0..kept.1.len()).map(move |i| Ok(kept.1[i].clone())));
        Some(Box::pin(RecordBatchStreamAdapter::new(schema, rows)))
    }

    /// `stream`, whose rows are kept under `key` when it ends without an error.
    pub(crate) fn keep(
        self: &Arc<Self>,
        key: Key,
        stream: SendableRecordBatchStream,
    ) -> SendableRecordBatchStream {
        let schema = stream.schema();
        let cache = Arc::clone(self);
        let state = (stream, Vec::new(), 0usize, Some(key));
        let rows =
            futures::stream::unfold(state, move |(mut stream, mut kept, mut bytes, mut key)| {
                let cache = Arc::clone(&cache);
                async move {
                    match stream.next().await {
                        Some(Ok(batch)) => {
                            if key.is_some() {
                                bytes += batch.get_array_memory_size();
                                if bytes > MAX_RESULT_BYTES {
                                    key = None;
                                    kept = Vec::new();
                                } else {
                                    kept.push(batch.clone());
                                }
                            }
                            Some((Ok(batch), (stream, kept, bytes, key)))
                        }
                        Some(Err(e)) => Some((Err(e), (stream, Vec::new(), 0, None))),
                        None => {
                            if let (Some(key), Some(cache)) = (key, &cache.cache) {
                                cache.insert(key, Arc::new((stream.schema(), kept)));
                            }
                            None
                        }
                    }
                }
            });
        Box::pin(RecordBatchStreamAdapter::new(schema, rows))
    }
}

/// Adds the versions of the tables `plan` reads (through subqueries and views) to `versions`; `None`
/// when it reads anything unversioned or calls a function that is not immutable.
fn versions_read(plan: &LogicalPlan, versions: &mut Vec<(String, u64)>) -> Option<()> {
    let mut cacheable = true;
    let _ = plan.apply_with_subqueries(|node| {
        let changing = node.expressions().iter().any(|e| {
            e.exists(|e| {
                Ok(matches!(e, Expr::ScalarFunction(f)
                    if f.func.signature().volatility != Volatility::Immutable))
            })
            .unwrap_or(true)
        });
        if changing {
            cacheable = false;
            return Ok(TreeNodeRecursion::Stop);
        }
        if let LogicalPlan::TableScan(scan) = node {
            let version = source_as_provider(&scan.source)
                .ok()
                .and_then(|provider| table_version(&provider, versions));
            match version {
                Some(version) => versions.push((scan.table_name.to_string(), version)),
                None => {
                    cacheable = false;
                    return Ok(TreeNodeRecursion::Stop);
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    cacheable.then_some(())
}

/// The version of a table's data, or, for a view, 0 after adding the versions of what it reads.
fn table_version(
    provider: &Arc<dyn TableProvider>,
    versions: &mut Vec<(String, u64)>,
) -> Option<u64> {
    if let Some(table) = provider.downcast_ref::<AcceleratedTable>() {
        return table.serving_version();
    }
    if let Some(table) = provider.downcast_ref::<RefreshableTable>() {
        return Some(table.version());
    }
    let view = provider.get_logical_plan()?;
    versions_read(&view, versions)?;
    Some(0)
}
