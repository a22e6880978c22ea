//! Tables of `pg_catalog` that datafusion-pg-catalog declares with types clients cannot query, laid
//! over its schema: every other table is its own.
//!
//! `pg_policy.polroles` is an `oid[]` in PostgreSQL and `pg_statistic_ext.stxkind` a `char[]`, which
//! psql's `\d` reads with `= ANY (...)`; datafusion-pg-catalog 0.19 declares both text, so those
//! queries cannot be planned.
//!
//! `pg_attribute` is datafusion-pg-catalog's, with the type of each column taken from its Arrow field:
//! upstream 0.19 writes `atttypmod = -1` for every column (so `numeric(18,2)` reads as `numeric` in
//! psql's `\d`, SQLAlchemy's inspector and JDBC's `getColumns`), and `text` as the type of every array
//! other than `int4[]` and `text[]`.

use std::collections::HashMap;
use std::sync::{Arc, Weak};

use async_trait::async_trait;
use datafusion::arrow::array::{ArrayRef, Int32Array, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::{CatalogProvider, SchemaProvider, Session, TableProvider};
use datafusion::common::DFSchema;
use datafusion::common::cast::{as_int16_array, as_int32_array, as_string_array};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::datasource::{TableType, ViewTable};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{EmptyRelation, Expr, LogicalPlan};
use datafusion::physical_plan::{ExecutionPlan, collect};
use datafusion::prelude::SessionContext;
use datafusion_postgres::arrow_pg::datatypes::into_pg_type;
use pgwire::api::Type;

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
    // datafusion-pg-catalog builds its tables synchronously; `table` is async only by the trait.
    let attributes = futures::executor::block_on(inner.table("pg_attribute"))
        .map_err(|e| format!("cannot read pg_catalog.pg_attribute: {e}"))?
        .ok_or_else(|| "pg_catalog.pg_attribute is missing".to_string())?;
    let pg_attribute = PgAttribute {
        upstream: Arc::clone(&inner),
        attributes,
        catalog: Arc::downgrade(&catalog),
    };
    let tables = HashMap::from([
        ("pg_policy".to_string(), empty(pg_policy)?),
        ("pg_statistic_ext".to_string(), empty(pg_statistic_ext)?),
        (
            "pg_attribute".to_string(),
            Arc::new(pg_attribute) as Arc<dyn TableProvider>,
        ),
    ]);
    catalog
        .register_schema("pg_catalog", Arc::new(Overlay { inner, tables }))
        .map_err(|e| format!("cannot lay over pg_catalog: {e}"))?;
    Ok(())
}

/// `pg_attribute` with `atttypid`, `attndims` and `atttypmod` of every column taken from its Arrow
/// field; the rest is datafusion-pg-catalog's.
#[derive(Debug)]
struct PgAttribute {
    /// datafusion-pg-catalog's `pg_catalog`, for `pg_class` and `pg_namespace`.
    upstream: Arc<dyn SchemaProvider>,
    /// datafusion-pg-catalog's `pg_attribute`.
    attributes: Arc<dyn TableProvider>,
    /// The catalog whose tables are described (weak: that catalog holds this table).
    catalog: Weak<dyn CatalogProvider>,
}

/// A column's type as `pg_attribute` states it: `atttypid`, `attndims`, `atttypmod`.
type ColumnType = (i32, i32, i32);

impl PgAttribute {
    async fn upstream_rows(&self, state: &dyn Session, table: &str) -> Result<Vec<RecordBatch>> {
        let provider =
            self.upstream.table(table).await?.ok_or_else(|| {
                DataFusionError::Internal(format!("pg_catalog.{table} is missing"))
            })?;
        rows(state, provider.as_ref()).await
    }

    /// The type of every column of every table in the catalog, by (schema, table).
    async fn column_types(&self) -> Result<HashMap<(String, String), Vec<Option<ColumnType>>>> {
        let mut types = HashMap::new();
        let Some(catalog) = self.catalog.upgrade() else {
            return Ok(types);
        };
        for schema_name in catalog.schema_names() {
            let Some(schema) = catalog.schema(&schema_name) else {
                continue;
            };
            for table_name in schema.table_names() {
                // A table that cannot be opened keeps upstream's description.
                let Ok(Some(table)) = schema.table(&table_name).await else {
                    continue;
                };
                let columns = table
                    .schema()
                    .fields()
                    .iter()
                    .map(|field| column_type(field.data_type()))
                    .collect();
                types.insert((schema_name.clone(), table_name), columns);
            }
        }
        Ok(types)
    }
}

/// `(atttypid, attndims, atttypmod)` of a column of `data_type`; `None` where aos has no PostgreSQL type
/// for it (upstream's row is kept).
fn column_type(data_type: &DataType) -> Option<ColumnType> {
    let pg_type = into_pg_type(data_type).ok()?;
    let oid = i32::try_from(pg_type.oid()).ok()?;
    let dims = match pg_type.kind() {
        postgres_types::Kind::Array(_) => 1,
        _ => 0,
    };
    let typmod = match (data_type, pg_type) {
        // PostgreSQL's numeric typmod: ((precision << 16) | scale) + VARHDRSZ.
        (DataType::Decimal128(p, s) | DataType::Decimal256(p, s), Type::NUMERIC) if *s >= 0 => {
            ((i32::from(*p) << 16) | i32::from(*s)) + 4
        }
        _ => -1,
    };
    Some((oid, dims, typmod))
}

#[async_trait]
impl TableProvider for PgAttribute {
    fn schema(&self) -> SchemaRef {
        self.attributes.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::View
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let types = self.column_types().await?;
        let mut relations = HashMap::new();
        let namespaces = self.upstream_rows(state, "pg_namespace").await?;
        let mut namespace_names = HashMap::new();
        for batch in &namespaces {
            let oids = as_int32_array(column(batch, "oid")?)?;
            let names = as_string_array(column(batch, "nspname")?)?;
            for row in 0..batch.num_rows() {
                namespace_names.insert(oids.value(row), names.value(row).to_string());
            }
        }
        for batch in &self.upstream_rows(state, "pg_class").await? {
            let oids = as_int32_array(column(batch, "oid")?)?;
            let names = as_string_array(column(batch, "relname")?)?;
            let namespaces = as_int32_array(column(batch, "relnamespace")?)?;
            for row in 0..batch.num_rows() {
                if let Some(schema) = namespace_names.get(&namespaces.value(row)) {
                    let key = (schema.clone(), names.value(row).to_string());
                    if let Some(columns) = types.get(&key) {
                        relations.insert(oids.value(row), columns);
                    }
                }
            }
        }
        let mut batches = Vec::new();
        for batch in rows(state, self.attributes.as_ref()).await? {
            let relids = as_int32_array(column(&batch, "attrelid")?)?;
            let attnums = as_int16_array(column(&batch, "attnum")?)?;
            let upstream_typid = as_int32_array(column(&batch, "atttypid")?)?;
            let upstream_dims = as_int32_array(column(&batch, "attndims")?)?;
            let upstream_typmod = as_int32_array(column(&batch, "atttypmod")?)?;
            let (mut typids, mut dims, mut typmods) = (Vec::new(), Vec::new(), Vec::new());
            for row in 0..batch.num_rows() {
                let ours = relations.get(&relids.value(row)).and_then(|columns| {
                    let index = usize::try_from(attnums.value(row)).ok()?.checked_sub(1)?;
                    columns.get(index).copied().flatten()
                });
                let (typid, dim, typmod) = ours.unwrap_or((
                    upstream_typid.value(row),
                    upstream_dims.value(row),
                    upstream_typmod.value(row),
                ));
                typids.push(typid);
                dims.push(dim);
                typmods.push(typmod);
            }
            let replaced: [(&str, ArrayRef); 3] = [
                ("atttypid", Arc::new(Int32Array::from(typids))),
                ("attndims", Arc::new(Int32Array::from(dims))),
                ("atttypmod", Arc::new(Int32Array::from(typmods))),
            ];
            let mut columns = batch.columns().to_vec();
            for (name, array) in replaced {
                let index = batch.schema().index_of(name)?;
                columns[index] = array;
            }
            batches.push(RecordBatch::try_new(batch.schema(), columns)?);
        }
        Ok(MemorySourceConfig::try_new_exec(
            &[batches],
            self.schema(),
            projection.cloned(),
        )?)
    }
}

/// Every row of `table`.
async fn rows(state: &dyn Session, table: &dyn TableProvider) -> Result<Vec<RecordBatch>> {
    let plan = table.scan(state, None, &[], None).await?;
    collect(plan, state.task_ctx()).await
}

fn column<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a ArrayRef> {
    batch
        .column_by_name(name)
        .ok_or_else(|| DataFusionError::Internal(format!("pg_catalog column {name} is missing")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_columns_keep_precision_and_scale() {
        assert_eq!(
            column_type(&DataType::Decimal128(18, 2)),
            Some((1700, 0, (18 << 16 | 2) + 4))
        );
        assert_eq!(column_type(&DataType::Int64), Some((20, 0, -1)));
        let list = DataType::List(Arc::new(Field::new_list_field(DataType::Int64, true)));
        assert_eq!(column_type(&list), Some((1016, 1, -1)));
    }
}
