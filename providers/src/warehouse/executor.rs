//! Runs the SQL the federation optimizer wrote for a database, naming the source in every error, and reads
//! a large single-table scan as key ranges over several connections.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{Array, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::error::{DataFusionError, Result as DataFusionResult};
use datafusion::execution::SendableRecordBatchStream;
use datafusion::physical_plan::PhysicalExpr;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, Ident, SelectItem, SetExpr, Statement, TableFactor, Value,
};
use datafusion::sql::sqlparser::parser::Parser;
use datafusion::sql::unparser::dialect::Dialect as UnparserDialect;
use datafusion_federation::sql::SQLExecutor;
use futures::TryStreamExt;

use super::{Database, ParallelScan, RemoteTable};

/// The federation executor of one SQL source.
pub(crate) struct RemoteExecutor {
    source_name: String,
    database: Arc<dyn Database>,
    /// (remote schema, table) of every table a scan may split, with its key column.
    split_keys: HashMap<(String, String), String>,
    default_schema: String,
    quote: char,
    connections: usize,
}

impl RemoteExecutor {
    pub(crate) fn new(
        source_name: &str,
        database: Arc<dyn Database>,
        tables: &[RemoteTable],
        scan: ParallelScan,
    ) -> Self {
        let split_keys = tables
            .iter()
            .filter(|t| scan.connections > 1 && t.estimated_rows >= scan.min_rows)
            .filter_map(|t| {
                let key = t.integer_key.clone()?;
                Some(((t.schema.clone(), t.name.clone()), key))
            })
            .collect();
        Self {
            source_name: source_name.to_string(),
            default_schema: database.default_schema().to_string(),
            quote: database.identifier_quote(),
            database,
            split_keys,
            connections: scan.connections,
        }
    }

    fn error(&self, message: impl std::fmt::Display) -> DataFusionError {
        DataFusionError::External(
            format!(
                "source '{}' ({}): {message}",
                self.source_name,
                self.database.kind()
            )
            .into(),
        )
    }

    /// When `sql` reads one splittable table whole (columns only: no WHERE, aggregate, DISTINCT, GROUP BY,
    /// ORDER BY or LIMIT), the statement and the table's key column. A filtered scan is read over one
    /// connection: its rows may sit in one key range, and finding out would cost a query of its own.
    fn splittable(&self, sql: &str) -> Option<(Statement, String, String)> {
        let dialect = self.database.parser_dialect();
        let mut statements = Parser::parse_sql(dialect.as_ref(), sql).ok()?;
        if statements.len() != 1 {
            return None;
        }
        let statement = statements.pop()?;
        let Statement::Query(query) = &statement else {
            return None;
        };
        if query.with.is_some()
            || query.order_by.is_some()
            || query.limit_clause.is_some()
            || query.fetch.is_some()
        {
            return None;
        }
        let SetExpr::Select(select) = query.body.as_ref() else {
            return None;
        };
        let plain_column =
            |e: &Expr| matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_));
        let columns_only = select.projection.iter().all(|item| match item {
            SelectItem::UnnamedExpr(e)
            | SelectItem::ExprWithAlias { expr: e, .. }
            | SelectItem::ExprWithAliases { expr: e, .. } => plain_column(e),
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..) => true,
        });
        let simple = select.selection.is_none()
            && select.distinct.is_none()
            && select.top.is_none()
            && select.having.is_none()
            && select.qualify.is_none()
            && select.from.len() == 1
            && select.from.iter().all(|f| f.joins.is_empty())
            && matches!(&select.group_by, datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty());
        if !columns_only || !simple {
            return None;
        }
        let TableFactor::Table {
            name, args: None, ..
        } = &select.from.first()?.relation
        else {
            return None;
        };
        let parts: Vec<String> = name
            .0
            .iter()
            .map(|p| p.as_ident().map(|i| i.value.clone()))
            .collect::<Option<_>>()?;
        let (schema, table) = match parts.as_slice() {
            [table] => (self.default_schema.to_string(), table.clone()),
            [schema, table] => (schema.clone(), table.clone()),
            _ => return None,
        };
        let key = self.split_keys.get(&(schema, table))?.clone();
        let from = name.to_string();
        Some((statement, key, from))
    }

    /// `identifier` quoted for this database, inner quotes doubled.
    fn quoted(&self, identifier: &str) -> String {
        let q = self.quote;
        format!("{q}{}{q}", identifier.replace(q, &format!("{q}{q}")))
    }

    /// `statement` restricted to `lo <= key < hi` (`hi = None`: no upper bound).
    fn with_range(
        statement: &Statement,
        key: &str,
        quote: char,
        lo: i64,
        hi: Option<i64>,
    ) -> Option<String> {
        let mut statement = statement.clone();
        let Statement::Query(query) = &mut statement else {
            return None;
        };
        let SetExpr::Select(select) = query.body.as_mut() else {
            return None;
        };
        let column = || Expr::Identifier(Ident::with_quote(quote, key));
        let number = |n: i64| Expr::value(Value::Number(n.to_string(), false));
        let mut range = Expr::BinaryOp {
            left: Box::new(column()),
            op: BinaryOperator::GtEq,
            right: Box::new(number(lo)),
        };
        if let Some(hi) = hi {
            range = Expr::BinaryOp {
                left: Box::new(range),
                op: BinaryOperator::And,
                right: Box::new(Expr::BinaryOp {
                    left: Box::new(column()),
                    op: BinaryOperator::Lt,
                    right: Box::new(number(hi)),
                }),
            };
        }
        select.selection = Some(match select.selection.take() {
            Some(existing) => Expr::BinaryOp {
                left: Box::new(Expr::Nested(Box::new(existing))),
                op: BinaryOperator::And,
                right: Box::new(range),
            },
            None => range,
        });
        Some(statement.to_string())
    }

    /// The key's smallest and largest value (`None` for an empty table).
    async fn key_bounds(&self, key: &str, from: &str) -> DataFusionResult<Option<(i64, i64)>> {
        let schema = Arc::new(Schema::new(vec![
            Field::new("lo", DataType::Int64, true),
            Field::new("hi", DataType::Int64, true),
        ]));
        let key = self.quoted(key);
        let sql = format!("SELECT MIN({key}) AS lo, MAX({key}) AS hi FROM {from}");
        let stream = self
            .database
            .query(sql, Arc::clone(&schema))
            .await
            .map_err(|e| self.error(e))?;
        let batches: Vec<_> = stream.try_collect().await?;
        let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
            return Ok(None);
        };
        let value = |i: usize| -> DataFusionResult<Option<i64>> {
            let column = cast(batch.column(i), &DataType::Int64)?;
            let column = column
                .as_any()
                .downcast_ref::<Int64Array>()
                .ok_or_else(|| self.error("MIN/MAX of the key is not an integer"))?;
            Ok((!column.is_null(0)).then(|| column.value(0)))
        };
        Ok(value(0)?.zip(value(1)?))
    }

    async fn run(
        self: Arc<Self>,
        sql: String,
        schema: SchemaRef,
    ) -> DataFusionResult<SendableRecordBatchStream> {
        let split = match self.splittable(&sql) {
            Some((statement, key, from)) => self
                .key_bounds(&key, &from)
                .await?
                .map(|bounds| (statement, key, bounds)),
            None => None,
        };
        let Some((statement, key, (lo, hi))) = split else {
            return self.query(sql, schema).await;
        };
        let parts = self.connections as i128;
        let width = ((i128::from(hi) - i128::from(lo)) / parts).max(1);
        let mut queries = Vec::new();
        let mut start = lo;
        for part in 1..=parts {
            let end = i64::try_from(i128::from(lo) + width * part).ok();
            let end = if part == parts || end.is_none_or(|e| e > hi) {
                None
            } else {
                end
            };
            queries.extend(Self::with_range(&statement, &key, self.quote, start, end));
            match end {
                Some(end) => start = end,
                None => break,
            }
        }
        tracing::debug!(source = %self.source_name, parts = queries.len(), "reading a scan in key ranges");
        for sql in &queries {
            tracing::debug!(source = %self.source_name, %sql, "remote query");
        }
        let streams = self
            .database
            .query_all(queries, Arc::clone(&schema))
            .await
            .map_err(|e| self.error(e))?;
        let executor = Arc::clone(&self);
        let merged = futures::stream::select_all(streams).map_err(move |e| executor.error(e));
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, merged)))
    }

    async fn query(
        self: Arc<Self>,
        sql: String,
        schema: SchemaRef,
    ) -> DataFusionResult<SendableRecordBatchStream> {
        tracing::debug!(source = %self.source_name, %sql, "remote query");
        let stream = self
            .database
            .query(sql, Arc::clone(&schema))
            .await
            .map_err(|e| self.error(e))?;
        let executor = Arc::clone(&self);
        let stream = stream.map_err(move |e| executor.error(e));
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

/// [`RemoteExecutor`] as datafusion-federation's executor (which needs an owned handle to stream from).
pub(crate) struct SharedExecutor(pub(crate) Arc<RemoteExecutor>);

#[async_trait]
impl SQLExecutor for SharedExecutor {
    fn name(&self) -> &str {
        self.0.database.kind()
    }

    fn compute_context(&self) -> Option<String> {
        Some(format!(
            "{}:{}",
            self.0.source_name,
            self.0.database.compute_context()
        ))
    }

    fn dialect(&self) -> Arc<dyn UnparserDialect> {
        self.0.database.unparser_dialect()
    }

    fn ast_analyzer(&self) -> Option<datafusion_federation::sql::AstAnalyzer> {
        let database = Arc::clone(&self.0.database);
        Some(Box::new(move |mut statement| {
            database.rewrite(&mut statement);
            Ok(statement)
        }))
    }

    fn execute(
        &self,
        query: &str,
        schema: SchemaRef,
        _filters: &[Arc<dyn PhysicalExpr>],
    ) -> DataFusionResult<SendableRecordBatchStream> {
        let run = Arc::clone(&self.0).run(query.to_string(), Arc::clone(&schema));
        let stream = futures::stream::once(run).try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }

    async fn table_names(&self) -> DataFusionResult<Vec<String>> {
        Err(DataFusionError::NotImplemented(
            "tables are discovered when the source connects".into(),
        ))
    }

    async fn get_table_schema(&self, table_name: &str) -> DataFusionResult<SchemaRef> {
        Err(self.0.error(format!(
            "no schema lookup for {table_name}: tables are discovered when the source connects"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_anded_with_the_existing_filter() {
        let sql = r#"SELECT "big"."id", "big"."region" FROM "public"."big" WHERE ("big"."region" = 'a' OR "big"."id" > 3)"#;
        let statement = Parser::parse_sql(
            &datafusion::sql::sqlparser::dialect::PostgreSqlDialect {},
            sql,
        )
        .ok()
        .and_then(|mut s| s.pop());
        let Some(statement) = statement else {
            panic!("does not parse: {sql}");
        };
        let ranged = RemoteExecutor::with_range(&statement, "id", '"', -5, Some(10));
        assert_eq!(
            ranged.as_deref(),
            Some(
                r#"SELECT "big"."id", "big"."region" FROM "public"."big" WHERE (("big"."region" = 'a' OR "big"."id" > 3)) AND "id" >= -5 AND "id" < 10"#
            )
        );
    }
}
