//! Aggregates run in NetSuite: an optimizer rule that turns
//! `Aggregate(group by columns; count/sum/min/max of columns) <- [Projection of columns] <- TableScan` of
//! one NetSuite table, with every filter pushed into the scan, into one SuiteQL `GROUP BY` query, so that
//! `SELECT count(*) FROM netsuite.transaction WHERE type = 'CustInvc'` is one request instead of a scan.
//!
//! Only what SuiteQL computes exactly as DataFusion does is pushed: `count(*)`, `count([DISTINCT] col)`,
//! `sum` of integers and amounts, `min`/`max` of numbers, text and dates (not `avg`, whose decimal
//! precision differs, nor aggregates with FILTER or ORDER BY). Anything else leaves the plan as it is.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, Result as DfResult, TableReference};
use datafusion::datasource::{TableType, provider_as_source, source_as_provider};
use datafusion::logical_expr::{
    Aggregate, Expr, LogicalPlan, LogicalPlanBuilder, Projection, TableScan,
};
use datafusion::optimizer::{OptimizerConfig, OptimizerRule};
use datafusion::physical_plan::ExecutionPlan;

use super::client::NetSuiteClient;
use super::scan::{NetSuiteScanExec, NetSuiteTable, Paging, Selected, SuiteQuery};
use super::schema::ColumnType;

/// The rule; the engine adds it to its optimizer once, for every NetSuite source.
#[derive(Debug, Default)]
pub struct AggregatePushdown;

impl OptimizerRule for AggregatePushdown {
    fn name(&self) -> &str {
        "netsuite_aggregate_pushdown"
    }

    fn rewrite(
        &self,
        plan: LogicalPlan,
        _config: &dyn OptimizerConfig,
    ) -> DfResult<Transformed<LogicalPlan>> {
        plan.transform_up(|node| match &node {
            LogicalPlan::Aggregate(aggregate) => match pushed(aggregate)? {
                Some(replacement) => Ok(Transformed::yes(replacement)),
                None => Ok(Transformed::no(node)),
            },
            _ => Ok(Transformed::no(node)),
        })
    }
}

/// The plan that reads `aggregate`'s result from NetSuite, if it can.
fn pushed(aggregate: &Aggregate) -> DfResult<Option<LogicalPlan>> {
    // The scan, through at most one projection of plain columns (renaming nothing).
    let (scan, renames): (&TableScan, Option<&Projection>) = match aggregate.input.as_ref() {
        LogicalPlan::TableScan(scan) => (scan, None),
        LogicalPlan::Projection(p) => match p.input.as_ref() {
            LogicalPlan::TableScan(scan) => (scan, Some(p)),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    if scan.fetch.is_some() {
        return Ok(None);
    }
    let Ok(provider) = source_as_provider(&scan.source) else {
        return Ok(None);
    };
    let Some(table) = provider.downcast_ref::<NetSuiteTable>() else {
        return Ok(None);
    };
    // A column the aggregate reads, as the SuiteQL table's column.
    let column_of = |expr: &Expr| -> Option<(String, ColumnType)> {
        let Expr::Column(c) = expr else {
            return None;
        };
        let name = match renames {
            None => c.name.clone(),
            Some(p) => {
                let index = p.schema.index_of_column(c).ok()?;
                match p.expr.get(index)? {
                    Expr::Column(inner) => inner.name.clone(),
                    _ => return None,
                }
            }
        };
        let ty = table.table.column_type(&name)?;
        Some((name, ty))
    };

    let mut select = Vec::new();
    let mut group_by = Vec::new();
    for (i, expr) in aggregate.group_expr.iter().enumerate() {
        let Some((name, ty)) = column_of(expr) else {
            return Ok(None);
        };
        let key = format!("g{i}");
        select.push(item(&name, ty, &key, output_type(aggregate, select.len())));
        group_by.push(name);
    }
    for (i, expr) in aggregate.aggr_expr.iter().enumerate() {
        let inner = match expr {
            Expr::Alias(alias) => alias.expr.as_ref(),
            other => other,
        };
        let Expr::AggregateFunction(function) = inner else {
            return Ok(None);
        };
        let params = &function.params;
        if params.filter.is_some() || !params.order_by.is_empty() || params.args.len() != 1 {
            return Ok(None);
        }
        let key = format!("a{i}");
        let data_type = output_type(aggregate, select.len());
        let argument = &params.args[0];
        let sql = match (function.func.name(), argument, params.distinct) {
            ("count", Expr::Literal(v, _), false) if !v.is_null() => "COUNT(*)".to_owned(),
            ("count", arg, distinct) => {
                let Some((name, _)) = column_of(arg) else {
                    return Ok(None);
                };
                let distinct = if distinct { "DISTINCT " } else { "" };
                format!("COUNT({distinct}{name})")
            }
            ("sum", arg, false) => match column_of(arg) {
                Some((name, ColumnType::Integer | ColumnType::Currency | ColumnType::Float)) => {
                    format!("SUM({name})")
                }
                _ => return Ok(None),
            },
            (f @ ("min" | "max"), arg, _) => match column_of(arg) {
                Some((_, ColumnType::Boolean)) | None => return Ok(None),
                Some((name, ColumnType::DateTime)) => format!(
                    "TO_CHAR({}({name}), 'YYYY-MM-DD HH24:MI:SS')",
                    f.to_ascii_uppercase()
                ),
                Some((name, _)) => format!("{}({name})", f.to_ascii_uppercase()),
            },
            _ => return Ok(None),
        };
        select.push(Selected {
            expr: format!("{sql} AS {key}"),
            key,
            data_type,
        });
    }
    let conditions = scan
        .filters
        .iter()
        .map(|f| super::pushdown::translate(f, &table.table))
        .collect::<Option<Vec<_>>>();
    let Some(conditions) = conditions else {
        return Ok(None);
    };
    // A stable order, so that pages of groups neither repeat nor skip one.
    let order_by = group_by.clone();
    let query = SuiteQuery {
        from: table.table.name.clone(),
        select,
        conditions,
        group_by,
        order_by,
        keyset: false,
    };
    let schema = Arc::new(Schema::new(
        aggregate
            .schema
            .fields()
            .iter()
            .map(|f| Field::new(f.name(), f.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    let pushed = Arc::new(PushedAggregate {
        client: Arc::clone(&table.client),
        query,
        schema,
        paging: table.paging,
    });
    let alias = TableReference::bare("netsuite_aggregate");
    let scan =
        LogicalPlanBuilder::scan(alias.clone(), provider_as_source(pushed), None)?.build()?;
    // Give every column back the name and qualifier the aggregate gave it.
    let exprs = aggregate
        .schema
        .iter()
        .map(|(qualifier, field)| {
            let column = Expr::Column(Column::new(Some(alias.clone()), field.name()));
            column.alias_qualified(qualifier.cloned(), field.name())
        })
        .collect::<Vec<_>>();
    Ok(Some(
        LogicalPlanBuilder::from(scan).project(exprs)?.build()?,
    ))
}

/// A grouped column in the select list (datetimes with their time).
fn item(name: &str, ty: ColumnType, key: &str, data_type: DataType) -> Selected {
    let expr = match ty {
        ColumnType::DateTime => format!("TO_CHAR({name}, 'YYYY-MM-DD HH24:MI:SS') AS {key}"),
        _ => format!("{name} AS {key}"),
    };
    Selected {
        expr,
        key: key.to_owned(),
        data_type,
    }
}

fn output_type(aggregate: &Aggregate, index: usize) -> DataType {
    aggregate.schema.field(index).data_type().clone()
}

/// The result of one pushed aggregate query, as a table.
#[derive(Debug)]
struct PushedAggregate {
    client: Arc<NetSuiteClient>,
    query: SuiteQuery,
    schema: SchemaRef,
    paging: Paging,
}

#[async_trait]
impl TableProvider for PushedAggregate {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Temporary
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> DfResult<Arc<dyn ExecutionPlan>> {
        let output: Vec<usize> = match projection {
            Some(p) => p.clone(),
            None => (0..self.schema.fields().len()).collect(),
        };
        // The projected items first; the others stay in the query (GROUP BY needs its columns).
        let mut query = self.query.clone();
        let mut select: Vec<Selected> = output.iter().map(|&i| query.select[i].clone()).collect();
        select.extend(
            (0..query.select.len())
                .filter(|i| !output.contains(i))
                .map(|i| query.select[i].clone()),
        );
        query.select = select;
        let schema = Arc::new(self.schema.project(&output)?);
        Ok(Arc::new(NetSuiteScanExec::new(
            Arc::clone(&self.client),
            query,
            schema,
            limit,
            self.paging,
        )))
    }
}
