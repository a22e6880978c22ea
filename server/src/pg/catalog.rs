//! Tables of `pg_catalog` that datafusion-pg-catalog declares with types clients cannot query, laid
//! over its schema: every other table is its own.
//!
//! `pg_policy.polroles` is an `oid[]` in PostgreSQL and `pg_statistic_ext.stxkind` a `char[]`, which
//! psql's `\d` reads with `= ANY (...)`; datafusion-pg-catalog 0.19 declares both text, so those
//! queries cannot be planned.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::catalog::{SchemaProvider, TableProvider};
use datafusion::common::DFSchema;
use datafusion::datasource::ViewTable;
use datafusion::error::Result;
use datafusion::logical_expr::{EmptyRelation, LogicalPlan};
use datafusion::prelude::SessionContext;

/// `pg_catalog` as datafusion-pg-catalog builds it, with some tables replaced.
#[derive(Debug)]
struct Overlay {
    inner: Arc<dyn SchemaProvider>,
    tables: HashMap<String, Arc<dyn TableProvider>>,
}

#[async_trait]
impl SchemaProvider for Overlay {
    fn table_names(&self) -> Vec<String> {
        self.inner.table_names()
    }

    async fn table(&self, name: &str) -> Result<Option<Arc<dyn TableProvider>>> {
        match self.tables.get(name) {
            Some(table) => Ok(Some(Arc::clone(table))),
            None => self.inner.table(name).await,
        }
    }

    fn table_exist(&self, name: &str) -> bool {
        self.tables.contains_key(name) || self.inner.table_exist(name)
    }
}

/// Lays the corrected tables over `catalog`'s `pg_catalog` schema.
pub(crate) fn overlay_pg_catalog(context: &SessionContext, catalog: &str) -> Result<(), String> {
    let catalog = context
        .catalog(catalog)
        .ok_or_else(|| format!("catalog {catalog} is missing"))?;
    let inner = catalog
        .schema("pg_catalog")
        .ok_or_else(|| "pg_catalog is missing".to_string())?;
    let oid = || Field::new("oid", DataType::Int32, false);
    let list = |item: DataType| DataType::List(Arc::new(Field::new_list_field(item, true)));
    // Row-level security policies: aos has none (it is read-only and has no per-row grants yet).
    let pg_policy = Schema::new(vec![
        oid(),
        Field::new("polname", DataType::Utf8, false),
        Field::new("polrelid", DataType::Int32, false),
        Field::new("polcmd", DataType::Utf8, false),
        Field::new("polpermissive", DataType::Boolean, false),
        Field::new("polroles", list(DataType::Int32), false),
        Field::new("polqual", DataType::Utf8, true),
        Field::new("polwithcheck", DataType::Utf8, true),
    ]);
    // A view of an empty relation rather than an empty table: the optimizer then knows there are no
    // rows, and drops whatever a query computes per row (psql's per-policy ARRAY(...) of roles, a
    // subquery DataFusion could not decorrelate).
    let empty = |schema: Schema| -> Result<Arc<dyn TableProvider>, String> {
        let schema = DFSchema::try_from(schema).map_err(|e| e.to_string())?;
        let plan = LogicalPlan::EmptyRelation(EmptyRelation {
            produce_one_row: false,
            schema: Arc::new(schema),
        });
        Ok(Arc::new(ViewTable::new(plan, None)) as Arc<dyn TableProvider>)
    };
    // Extended statistics: none (aos keeps no statistics objects). `stxkind` is a char[].
    let pg_statistic_ext = Schema::new(vec![
        oid(),
        Field::new("stxrelid", DataType::Int32, false),
        Field::new("stxname", DataType::Utf8, false),
        Field::new("stxnamespace", DataType::Int32, false),
        Field::new("stxowner", DataType::Int32, false),
        Field::new("stxstattarget", DataType::Int32, true),
        Field::new("stxkeys", list(DataType::Int16), false),
        Field::new("stxkind", list(DataType::Utf8), false),
        Field::new("stxexprs", DataType::Utf8, true),
    ]);
    let tables = HashMap::from([
        ("pg_policy".to_string(), empty(pg_policy)?),
        ("pg_statistic_ext".to_string(), empty(pg_statistic_ext)?),
    ]);
    catalog
        .register_schema("pg_catalog", Arc::new(Overlay { inner, tables }))
        .map_err(|e| format!("cannot lay over pg_catalog: {e}"))?;
    Ok(())
}
