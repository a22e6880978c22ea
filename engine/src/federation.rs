//! Optimizer rules around datafusion-federation, which runs each single-database subplan in its database.
//!
//! [`FederateSqlSources`] runs the federation rule only on plans that read a SQL source, so that queries
//! of other sources never meet its limits (it refuses `IN (subquery)`). The federation rule runs early,
//! before DataFusion pushes filters and projections down; in a query that joins a SQL table with another
//! source, the filters and column lists that DataFusion later pushes towards the SQL table stop at the
//! federated node, which has no inputs. [`PushIntoFederatedSql`] moves them into the node's plan, so the
//! remote SQL carries them and the database returns only the rows and columns the query needs.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::error::Result;
use datafusion::logical_expr::utils::{conjunction, split_conjunction_owned};
use datafusion::logical_expr::{
    Expr, Extension, Filter, Limit, LogicalPlan, Projection, UserDefinedLogicalNode,
};
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};
use datafusion_federation::{FederatedPlanNode, FederationOptimizerRule, get_table_source};

/// The federation rule, applied only to plans that scan a federated (SQL) table.
#[derive(Debug, Default)]
pub(crate) struct FederateSqlSources(FederationOptimizerRule);

impl OptimizerRule for FederateSqlSources {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn supports_rewrite(&self) -> bool {
        true
    }

    fn rewrite(
        &self,
        plan: LogicalPlan,
        config: &dyn OptimizerConfig,
    ) -> Result<Transformed<LogicalPlan>> {
        if reads_federated_table(&plan)? {
            self.0.rewrite(plan, config)
        } else {
            Ok(Transformed::no(plan))
        }
    }
}

/// Whether any table scan in `plan` (subqueries included) reads a federated table.
fn reads_federated_table(plan: &LogicalPlan) -> Result<bool> {
    let mut found = false;
    plan.apply_with_subqueries(|node| {
        if let LogicalPlan::TableScan(scan) = node
            && get_table_source(&scan.source)?.is_some()
        {
            found = true;
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    })?;
    Ok(found)
}

/// Moves a filter, a column projection or a limit that sits directly on a federated node into it.
///
/// The federation rule leaves a column projection at the top of the node's plan (`Projection` over
/// `SubqueryAlias` over `TableScan`). A filter goes under that projection and a projection replaces it, so
/// that the plan keeps the shape DataFusion's unparser writes as one flat `SELECT ... FROM t AS o WHERE ...`.
#[derive(Debug, Default)]
pub(crate) struct PushIntoFederatedSql;

impl OptimizerRule for PushIntoFederatedSql {
    fn name(&self) -> &str {
        "push_into_federated_sql"
    }

    fn apply_order(&self) -> Option<ApplyOrder> {
        Some(ApplyOrder::BottomUp)
    }

    fn supports_rewrite(&self) -> bool {
        true
    }

    fn rewrite(
        &self,
        plan: LogicalPlan,
        _config: &dyn OptimizerConfig,
    ) -> Result<Transformed<LogicalPlan>> {
        let Some(federated) = plan.inputs().first().and_then(|c| federated_node(c)) else {
            return Ok(Transformed::no(plan));
        };
        let inner = &federated.plan;
        let new_inner = match &plan {
            LogicalPlan::Filter(filter) => {
                let (pushed, kept): (Vec<Expr>, Vec<Expr>) =
                    split_conjunction_owned(filter.predicate.clone())
                        .into_iter()
                        .partition(is_portable);
                let Some(pushed) = conjunction(pushed) else {
                    return Ok(Transformed::no(plan));
                };
                let filtered = match column_projection(inner) {
                    // Under the projection: its input has the same columns.
                    Some(projection) => LogicalPlan::Projection(Projection::try_new(
                        projection.expr.clone(),
                        Arc::new(LogicalPlan::Filter(Filter::try_new(
                            pushed,
                            Arc::clone(&projection.input),
                        )?)),
                    )?),
                    None => LogicalPlan::Filter(Filter::try_new(pushed, Arc::new(inner.clone()))?),
                };
                let node = rewrap(federated, filtered);
                return Ok(Transformed::yes(match conjunction(kept) {
                    Some(kept) => LogicalPlan::Filter(Filter::try_new(kept, Arc::new(node))?),
                    None => node,
                }));
            }
            // Not an empty projection (`count(*)`): the unparser would write `SELECT FROM`.
            LogicalPlan::Projection(projection)
                if !projection.expr.is_empty()
                    && projection.expr.iter().all(|e| matches!(e, Expr::Column(_)))
                    && projection.expr.len() < inner.schema().fields().len() =>
            {
                let input = match column_projection(inner) {
                    Some(below) => Arc::clone(&below.input),
                    None => Arc::new(inner.clone()),
                };
                LogicalPlan::Projection(Projection::try_new(projection.expr.clone(), input)?)
            }
            LogicalPlan::Limit(limit) => LogicalPlan::Limit(Limit {
                skip: limit.skip.clone(),
                fetch: limit.fetch.clone(),
                input: Arc::new(inner.clone()),
            }),
            _ => return Ok(Transformed::no(plan)),
        };
        Ok(Transformed::yes(rewrap(federated, new_inner)))
    }
}

/// `plan` when it is a projection of plain columns.
fn column_projection(plan: &LogicalPlan) -> Option<&Projection> {
    match plan {
        LogicalPlan::Projection(p) if p.expr.iter().all(|e| matches!(e, Expr::Column(_))) => {
            Some(p)
        }
        _ => None,
    }
}

fn rewrap(federated: &FederatedPlanNode, plan: LogicalPlan) -> LogicalPlan {
    let node: Arc<dyn UserDefinedLogicalNode> =
        Arc::new(FederatedPlanNode::new(plan, Arc::clone(&federated.planner)));
    LogicalPlan::Extension(Extension { node })
}

fn federated_node(plan: &LogicalPlan) -> Option<&FederatedPlanNode> {
    match plan {
        LogicalPlan::Extension(Extension { node }) => {
            node.as_any().downcast_ref::<FederatedPlanNode>()
        }
        _ => None,
    }
}

/// A predicate on columns every SQL database evaluates as DataFusion does: literals, comparisons, boolean
/// logic, `IN` lists, `BETWEEN`, `LIKE`, null tests and casts. Functions and subqueries stay in DataFusion,
/// and so do predicates without a column (DataFusion folds them and prunes the branch).
fn is_portable(expr: &Expr) -> bool {
    if expr.column_refs().is_empty() {
        return false;
    }
    let mut portable = true;
    let _ = expr.apply(|e| {
        let ok = matches!(
            e,
            Expr::Column(_)
                | Expr::Literal(..)
                | Expr::BinaryExpr(_)
                | Expr::Not(_)
                | Expr::IsNull(_)
                | Expr::IsNotNull(_)
                | Expr::IsTrue(_)
                | Expr::IsFalse(_)
                | Expr::IsNotTrue(_)
                | Expr::IsNotFalse(_)
                | Expr::Between(_)
                | Expr::InList(_)
                | Expr::Cast(_)
        ) || matches!(e, Expr::Like(like) if !like.case_insensitive);
        if ok {
            Ok(TreeNodeRecursion::Continue)
        } else {
            portable = false;
            Ok(TreeNodeRecursion::Stop)
        }
    });
    portable
}
