//! Schema `ontology` (and `metrics`): the canonical tables, compiled from the ontology folder into
//! DataFusion views over the sources, and the accounts that entity resolution builds.
//!
//! Each fact table is a view: per `[[from]]` block, an inner `SELECT` of the mapped expressions over the
//! source table (so DataFusion pushes a filter on a canonical column down to the source's own column, into
//! its SOQL, Stripe parameters, SuiteQL or remote SQL), joined to `ontology.account_source` for
//! `account_id` and to `ontology.fx_rate` for money in the reporting currency; the blocks are `UNION ALL`ed.
//! Every expression is planned at start-up: an unknown column, a bad expression or a type that cannot be
//! converted fails naming the file, the table, the source and the column.
//!
//! `account` and `account_source` are computed on refresh (start-up, then every `refresh_interval`): the
//! company records of `account.toml` are read, resolved (`aos_ontology::resolve`), corrected by
//! `overrides.toml`, and swapped in. Queries never run entity resolution.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use aos_ontology::model::{self, ColumnType, Table};
use aos_ontology::resolve::{self, Record};
use aos_ontology::spec::{self, Spec};
use async_trait::async_trait;
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Builder, Int64Builder, RecordBatch, StringArray,
    StringBuilder, TimestampMicrosecondBuilder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType, Field, Int64Type, Schema, SchemaRef, TimeUnit, TimestampMicrosecondType,
};
use datafusion::catalog::{MemorySchemaProvider, SchemaProvider, Session, TableProvider};
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::datasource::{TableType, ViewTable};
use datafusion::error::{DataFusionError, Result as DataFusionResult};
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::prelude::SessionContext;
use futures::TryStreamExt;
use serde::Deserialize;

use crate::accelerate::Accelerations;
use crate::{CATALOG, Error, Result};

/// The `[ontology]` section of `aos.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OntologyConfig {
    /// The folder of mapping and metric files (relative to the config file).
    pub dir: PathBuf,
    /// How often accounts are resolved again from the sources (default 1 hour; `"0s"`: only at start-up).
    #[serde(default = "default_refresh", with = "humantime_serde")]
    pub refresh_interval: Duration,
}

fn default_refresh() -> Duration {
    Duration::from_secs(3600)
}

/// Timestamps of the ontology: microseconds, UTC.
fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        ColumnType::Money | ColumnType::OriginalMoney => DataType::Decimal128(18, 2),
        ColumnType::Boolean => DataType::Boolean,
        ColumnType::Date => DataType::Date32,
        ColumnType::Timestamp => timestamp_type(),
    }
}

/// `expr` converted to `ty` in SQL, unless `actual` already is `ty`.
fn converted(expr: &str, actual: &DataType, ty: ColumnType) -> String {
    let wanted = arrow_type(ty);
    if *actual == wanted {
        return format!("({expr})");
    }
    match ty {
        ColumnType::Timestamp => {
            format!("arrow_cast(({expr}), 'Timestamp(Microsecond, Some(\"UTC\"))')")
        }
        ColumnType::Money | ColumnType::OriginalMoney => {
            format!("CAST(round(CAST(({expr}) AS DOUBLE), 2) AS DECIMAL(18,2))")
        }
        ColumnType::Text => format!("CAST(({expr}) AS VARCHAR)"),
        ColumnType::Integer => format!("CAST(({expr}) AS BIGINT)"),
        ColumnType::Float => format!("CAST(({expr}) AS DOUBLE)"),
        ColumnType::Boolean => format!("CAST(({expr}) AS BOOLEAN)"),
        ColumnType::Date => format!("CAST(({expr}) AS DATE)"),
    }
}

/// A SQL string literal.
fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The ontology of one engine: its spec and the tables refresh fills.
pub(crate) struct Ontology {
    spec: Spec,
    account: Arc<RefreshableTable>,
    account_source: Arc<RefreshableTable>,
    vendor: Arc<RefreshableTable>,
    vendor_source: Arc<RefreshableTable>,
    fx_rate: Arc<RefreshableTable>,
    fx_query: String,
    /// (source, SELECT of its company records with the columns of `ACCOUNT_INPUT_COLUMNS` it maps).
    account_queries: Vec<(String, String)>,
    /// (source, SELECT of its vendor records with the columns of `VENDOR_INPUT_COLUMNS` it maps).
    vendor_queries: Vec<(String, String)>,
}

impl std::fmt::Debug for Ontology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ontology")
            .field("dir", &self.spec.dir)
            .finish_non_exhaustive()
    }
}

/// Reads the folder, registers schema `ontology` (and `metrics`) and checks every mapping by planning it.
pub(crate) async fn register(
    context: &SessionContext,
    config: &OntologyConfig,
    base_dir: &std::path::Path,
    accelerations: &Accelerations,
) -> Result<Arc<Ontology>> {
    let dir = base_dir.join(&config.dir);
    let spec = spec::load(&dir).map_err(|e| Error::Ontology(e.to_string()))?;
    let catalog = context.catalog(CATALOG).ok_or_else(|| Error::Config {
        key: "catalog".into(),
        message: format!("catalog {CATALOG} is missing"),
    })?;
    let schema = Arc::new(MemorySchemaProvider::new());
    catalog.register_schema("ontology", Arc::clone(&schema) as Arc<dyn SchemaProvider>)?;

    let account = Arc::new(RefreshableTable::new(table_schema(&model::ACCOUNT)));
    let account_source = Arc::new(RefreshableTable::new(table_schema(&model::ACCOUNT_SOURCE)));
    schema.register_table(
        "account".into(),
        Arc::clone(&account) as Arc<dyn TableProvider>,
    )?;
    schema.register_table(
        "account_source".into(),
        Arc::clone(&account_source) as Arc<dyn TableProvider>,
    )?;
    let vendor = Arc::new(RefreshableTable::new(table_schema(&model::VENDOR)));
    let vendor_source = Arc::new(RefreshableTable::new(table_schema(&model::VENDOR_SOURCE)));
    schema.register_table(
        "vendor".into(),
        Arc::clone(&vendor) as Arc<dyn TableProvider>,
    )?;
    schema.register_table(
        "vendor_source".into(),
        Arc::clone(&vendor_source) as Arc<dyn TableProvider>,
    )?;

    let file_of = |name: &str| dir.join(format!("{name}.toml")).display().to_string();
    let fx_rate = Arc::new(RefreshableTable::new(Arc::new(Schema::new(vec![
        Field::new("currency", DataType::Utf8, true),
        Field::new("rate", DataType::Float64, true),
    ]))));
    schema.register_table(
        "fx_rate".into(),
        Arc::clone(&fx_rate) as Arc<dyn TableProvider>,
    )?;
    let fx_query = fx_sql(&spec);
    check_plans(context, &fx_query, &file_of("ontology"), "fx_rate", "fx").await?;

    // The company and vendor records each source contributes.
    let account_queries = record_queries(
        context,
        &spec.accounts,
        spec::ACCOUNT_INPUT_COLUMNS,
        &file_of("account"),
        "account",
    )
    .await?;
    let vendor_queries = record_queries(
        context,
        &spec.vendors,
        spec::VENDOR_INPUT_COLUMNS,
        &file_of("vendor"),
        "vendor",
    )
    .await?;

    let views = Views {
        context,
        accelerations,
    };
    for mapping in &spec.mappings {
        let file = mapping.file.display().to_string();
        let mut branches = Vec::new();
        let mut mirrors = Vec::new();
        // The blocks whose copies are also told by their values: (branch index, its mirror).
        let mut by_values = Vec::new();
        for from in &mapping.from {
            let mirrored = match &from.mirror {
                Some(mirror) => Some(mirrored_ids(mapping, from, mirror, &file)?),
                None => None,
            };
            branches.push(
                branch_sql(
                    context,
                    &spec,
                    mapping.table,
                    from,
                    mirrored
                        .as_ref()
                        .map(|(ids, id)| (ids.as_str(), id.as_str())),
                    &file,
                )
                .await?,
            );
            if let (Some(mirror), Some((ids, id))) = (&from.mirror, &mirrored) {
                mirrors.push(mirror_sql(from, mirror, ids, id)?);
                if !mirror.same.is_empty() {
                    by_values.push((branches.len() - 1, mirror));
                }
            }
        }
        for (at, mirror) in by_values {
            // (`mirrored_ids` made sure the system of record's block exists.)
            let Some(system) = mapping
                .from
                .iter()
                .position(|f| f.source == mirror.of && f.mirror.is_none())
            else {
                continue;
            };
            let (kept, copies) =
                copies_by_values(mapping.table, &branches[at], &branches[system], mirror);
            check_plans(context, &kept, &file, mapping.table.name, &mirror.of).await?;
            branches[at] = kept;
            mirrors.push(copies);
        }
        if !mirrors.is_empty() {
            let name = format!("{}_mirror", mapping.table.name);
            views
                .register(
                    "ontology",
                    &schema,
                    &name,
                    &mirrors.join(" UNION ALL "),
                    &file,
                )
                .await?;
        }
        let sql = if branches.is_empty() {
            empty_sql(mapping.table)
        } else {
            branches.join(" UNION ALL ")
        };
        views
            .register("ontology", &schema, mapping.table.name, &sql, &file)
            .await?;
    }
    for table in model::FACT_TABLES {
        if !schema.table_exist(table.name) {
            views
                .register(
                    "ontology",
                    &schema,
                    table.name,
                    &empty_sql(table),
                    "built-in",
                )
                .await?;
        }
    }
    if let Some(sql) = unlisted_sql(&spec) {
        views
            .register(
                "ontology",
                &schema,
                "unlisted_values",
                &sql,
                &file_of("values"),
            )
            .await?;
    }
    if let Some(sql) = spellings_sql(&spec) {
        views
            .register(
                "ontology",
                &schema,
                "value_spellings",
                &sql,
                &file_of("values"),
            )
            .await?;
    }
    if let Some(health) = &spec.health {
        let file = file_of("health");
        let columns: Vec<String> = model::HEALTH
            .columns
            .iter()
            .map(|c| format!("CAST({} AS {}) AS {}", c.name, sql_type(c.ty), c.name))
            .collect();
        for (name, sql) in [
            ("health", health.current_sql()),
            ("health_history", health.history_sql()),
        ] {
            let wrapped = format!("SELECT {} FROM ({sql}) AS health", columns.join(", "));
            views
                .register("ontology", &schema, name, &wrapped, &file)
                .await?;
        }
    }

    if !spec.metrics.is_empty() {
        let metrics = Arc::new(MemorySchemaProvider::new());
        catalog.register_schema("metrics", Arc::clone(&metrics) as Arc<dyn SchemaProvider>)?;
        let file = file_of("metrics");
        for metric in &spec.metrics {
            views
                .register("metrics", &metrics, &metric.name, &metric.sql, &file)
                .await?;
        }
    }

    Ok(Arc::new(Ontology {
        spec,
        account,
        account_source,
        vendor,
        vendor_source,
        fx_rate,
        fx_query,
        account_queries,
        vendor_queries,
    }))
}

/// The query of `ontology.fx_rate (currency, rate)`: the latest rate of each currency, and 1 for the
/// reporting one. It is materialised on refresh.
fn fx_sql(spec: &Spec) -> String {
    let reporting = literal(&spec.settings.reporting_currency.to_uppercase());
    match &spec.settings.fx {
        Some(fx) => format!(
            "SELECT currency, rate FROM (\
               SELECT upper(CAST({currency} AS VARCHAR)) AS currency, CAST({rate} AS DOUBLE) AS rate, \
                      row_number() OVER (PARTITION BY upper(CAST({currency} AS VARCHAR)) ORDER BY {date} DESC) AS latest \
               FROM {table} WHERE upper(CAST({currency} AS VARCHAR)) <> {reporting}) AS rates \
             WHERE latest = 1 \
             UNION ALL SELECT {reporting} AS currency, CAST(1.0 AS DOUBLE) AS rate",
            currency = fx.currency,
            rate = fx.rate,
            date = fx.date,
            table = fx.table,
        ),
        None => format!("SELECT {reporting} AS currency, CAST(1.0 AS DOUBLE) AS rate"),
    }
}

/// For each `account.toml` or `vendor.toml` block: its source and the `SELECT` of its records with
/// `columns` (unmapped ones NULL), planned to name any mistake.
async fn record_queries(
    context: &SessionContext,
    blocks: &[spec::AccountSource],
    columns: &[(&str, ColumnType)],
    file: &str,
    table: &str,
) -> Result<Vec<(String, String)>> {
    let mut queries = Vec::new();
    for block in blocks {
        let from = &block.from;
        let mut select = Vec::new();
        let mut lookups = String::new();
        for (name, ty) in columns {
            let sql = match from.columns.get(*name) {
                Some(spec_column @ spec::ColumnSpec::Lookup { .. }) => {
                    let (join, value) =
                        lookup(context, file, table, from, (name, *ty), spec_column).await?;
                    lookups.push_str(&join);
                    value
                }
                Some(spec::ColumnSpec::Expr(expr)) => {
                    let actual = plan_column(context, file, table, from, name, expr).await?;
                    converted(expr, &actual, *ty)
                }
                Some(spec::ColumnSpec::Minor { .. }) => {
                    return Err(mapping_error(
                        file,
                        table,
                        &from.source,
                        name,
                        "minor units apply to money columns only",
                    ));
                }
                None => typed_null(*ty),
            };
            select.push(format!("{sql} AS {name}"));
        }
        let query = format!(
            "SELECT {} FROM {}{lookups}{}",
            select.join(", "),
            from_clause(from),
            where_clause(from)
        );
        check_plans(context, &query, file, table, &from.source).await?;
        queries.push((from.source.clone(), query));
    }
    Ok(queries)
}

/// A text column's value put in its list (`values.toml`): a known spelling, without case or surrounding
/// spaces, becomes its canonical value; any other value stays as it is.
fn listed(expr: &str, list: &std::collections::BTreeMap<String, Vec<String>>) -> String {
    let mut arms = String::new();
    for (canonical, spellings) in list {
        let mut keys: Vec<String> = spellings
            .iter()
            .chain(std::iter::once(canonical))
            .map(|s| literal(&s.trim().to_lowercase()))
            .collect();
        keys.sort();
        keys.dedup();
        arms.push_str(&format!(
            " WHEN lower(trim({expr})) IN ({}) THEN {}",
            keys.join(", "),
            literal(canonical)
        ));
    }
    format!("CASE{arms} ELSE {expr} END")
}

/// `ontology.unlisted_values`: per listed column, the values outside its list and how many rows hold each.
fn unlisted_sql(spec: &Spec) -> Option<String> {
    let parts: Vec<String> = spec
        .values
        .lists
        .iter()
        .map(|((table, column), list)| {
            let canonical: Vec<String> = list.keys().map(|v| literal(v)).collect();
            format!(
                "SELECT {} AS table_name, {} AS column_name, \"{column}\" AS value, count(*) AS \"rows\" \
                 FROM aos.ontology.\"{table}\" WHERE \"{column}\" IS NOT NULL AND \"{column}\" NOT IN ({}) \
                 GROUP BY \"{column}\"",
                literal(table),
                literal(column),
                canonical.join(", ")
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" UNION ALL "))
}

/// `ontology.value_spellings`: per listed column, each canonical value and the spellings its list gives
/// it (the names people use too: NLQ reads "hosting" as `Cloud infrastructure`).
fn spellings_sql(spec: &Spec) -> Option<String> {
    let rows: Vec<String> = spec
        .values
        .lists
        .iter()
        .flat_map(|((table, column), list)| {
            list.iter().flat_map(move |(value, spellings)| {
                spellings.iter().map(move |spelling| {
                    format!(
                        "({}, {}, {}, {})",
                        literal(table),
                        literal(column),
                        literal(value),
                        literal(spelling)
                    )
                })
            })
        })
        .collect();
    (!rows.is_empty()).then(|| {
        format!(
            "SELECT * FROM (VALUES {}) AS t(table_name, column_name, value, spelling)",
            rows.join(", ")
        )
    })
}

/// For a block that mirrors another (`mirror = { of, id }`): the query of the system of record's ids
/// (`__sor_id`) and this block's expression of the id it mirrors.
fn mirrored_ids(
    mapping: &spec::Mapping,
    from: &spec::From,
    mirror: &spec::Mirror,
    file: &str,
) -> Result<(String, String)> {
    let fail =
        |message: String| mapping_error(file, mapping.table.name, &from.source, "mirror", &message);
    let system = mapping
        .from
        .iter()
        .find(|f| f.source == mirror.of && f.mirror.is_none())
        .ok_or_else(|| {
            fail(format!(
                "no block of source {:?} that mirrors nothing: `of` names the system of record's block in this file",
                mirror.of
            ))
        })?;
    let Some(spec::ColumnSpec::Expr(system_id)) = system.columns.get("source_id") else {
        return Err(fail(format!(
            "the {:?} block maps no `source_id` to match the mirrored ids against",
            mirror.of
        )));
    };
    let ids = format!(
        "SELECT DISTINCT CAST(({system_id}) AS VARCHAR) AS __sor_id FROM {}{}",
        from_clause(system),
        where_clause(system)
    );
    Ok((ids, format!("CAST(({}) AS VARCHAR)", mirror.id)))
}

/// `ontology.<table>_mirror`'s rows of one mirroring block: each row of the block that mirrors a record
/// of the system of record, with that record's id.
fn mirror_sql(from: &spec::From, mirror: &spec::Mirror, ids: &str, id: &str) -> Result<String> {
    let source_id = match from.columns.get("source_id") {
        Some(spec::ColumnSpec::Expr(expr)) => format!("CAST(({expr}) AS VARCHAR)"),
        _ => "CAST(NULL AS VARCHAR)".to_string(),
    };
    Ok(format!(
        "SELECT {} AS source, {source_id} AS source_id, {} AS mirror_of, __sor.__sor_id AS mirror_of_id \
         FROM {} JOIN ({ids}) AS __sor ON __sor.__sor_id = {id}{}",
        literal(&from.source),
        literal(&mirror.of),
        from_clause(from),
        where_clause(from)
    ))
}

/// A mirroring block's rows whose id named no record of the system of record, matched to its records
/// by the values of `mirror.same` (one copy to one record: the n-th row with some values to the n-th
/// record with them). Returns the block's rows that copy nothing (the table's) and the copies' rows of
/// `ontology.<table>_mirror`.
fn copies_by_values(
    table: &Table,
    branch: &str,
    system: &str,
    mirror: &spec::Mirror,
) -> (String, String) {
    let keys: Vec<String> = mirror
        .same
        .iter()
        .enumerate()
        .map(|(i, expr)| format!("({expr}) AS __k{i}"))
        .collect();
    let partition: Vec<String> = mirror.same.iter().map(|expr| format!("({expr})")).collect();
    let numbered = |sql: &str| {
        format!(
            "SELECT *, {}, row_number() OVER (PARTITION BY {} ORDER BY source_id) AS __copy FROM ({sql}) AS __r",
            keys.join(", "),
            partition.join(", ")
        )
    };
    let on: Vec<String> = (0..keys.len())
        .map(|i| format!("__o.__k{i} = __m.__k{i}"))
        .chain(std::iter::once("__o.__copy = __m.__copy".to_string()))
        .collect();
    let matched = format!(
        "FROM ({}) AS __m LEFT JOIN (SELECT source_id AS __sor_id, {}, row_number() OVER (PARTITION BY {} ORDER BY source_id) AS __copy FROM ({system}) AS __s) AS __o ON {}",
        numbered(branch),
        keys.join(", "),
        partition.join(", "),
        on.join(" AND ")
    );
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("__m.\"{}\"", c.name))
        .collect();
    let kept = format!(
        "SELECT {} {matched} WHERE __o.__sor_id IS NULL",
        columns.join(", ")
    );
    let copies = format!(
        "SELECT __m.source AS source, __m.source_id AS source_id, {} AS mirror_of, __o.__sor_id AS mirror_of_id {matched} WHERE __o.__sor_id IS NOT NULL",
        literal(&mirror.of)
    );
    (kept, copies)
}

/// The `SELECT` of one `[[from]]` block, with the canonical columns in order.
///
/// The mapped expressions are computed over the source table's rows, joined (left) to a renamed projection
/// of `account_source` and `fx_rate`, so that only plain scans, joins and the block's own filter reach a
/// SQL source's federated query and the expressions (casts, conversions) stay in DataFusion.
async fn branch_sql(
    context: &SessionContext,
    spec: &Spec,
    table: &'static Table,
    from: &spec::From,
    mirrored: Option<(&str, &str)>,
    file: &str,
) -> Result<String> {
    let currency = match from.columns.get("currency") {
        Some(spec::ColumnSpec::Expr(expr)) => Some(format!("({expr})")),
        _ => None,
    };
    // Each mapped column's expression, converted to its canonical type (money: in its own currency).
    let mut mapped: HashMap<&str, String> = HashMap::new();
    // The joins of looked-up names (owners, plans).
    let mut lookups = String::new();
    for column in table.columns {
        if matches!(column.name, "account_id" | "source" | "amount_original") {
            continue;
        }
        let Some(spec_column) = from.columns.get(column.name) else {
            continue;
        };
        let expr = match spec_column {
            spec::ColumnSpec::Lookup { .. } => {
                let (join, value) = lookup(
                    context,
                    file,
                    table.name,
                    from,
                    (column.name, column.ty),
                    spec_column,
                )
                .await?;
                lookups.push_str(&join);
                mapped.insert(column.name, value);
                continue;
            }
            spec::ColumnSpec::Expr(expr) => expr.clone(),
            spec::ColumnSpec::Minor { minor } => {
                let Some(currency) = &currency else {
                    return Err(mapping_error(
                        file,
                        table.name,
                        &from.source,
                        column.name,
                        "`minor` needs the `currency` column mapped",
                    ));
                };
                format!(
                    "CAST(({minor}) AS DOUBLE) / {}",
                    spec::minor_unit_divisor_sql(currency)
                )
            }
        };
        let actual = plan_column(context, file, table.name, from, column.name, &expr).await?;
        let ty = match column.ty {
            ColumnType::Money => ColumnType::OriginalMoney,
            other => other,
        };
        if ty != ColumnType::Text
            && !datafusion::arrow::compute::can_cast_types(&actual, &arrow_type(ty))
        {
            return Err(mapping_error(
                file,
                table.name,
                &from.source,
                column.name,
                &format!("is {actual}, which cannot become {}", arrow_type(ty)),
            ));
        }
        mapped.insert(column.name, converted(&expr, &actual, ty));
    }
    if let Some(account) = &from.account {
        plan_column(context, file, table.name, from, "account", account).await?;
    }

    let reporting = literal(&spec.settings.reporting_currency.to_uppercase());
    let mut select = Vec::new();
    let mut needs_fx = false;
    for column in table.columns {
        let sql = match (column.name, column.ty) {
            ("account_id", _) if from.account.is_some() => "__acct.__account_id".to_string(),
            ("vendor_id", _) if from.vendor.is_some() => "__vend.__vendor_id".to_string(),
            // The resolved vendor's name; the source's own when its record was not read.
            ("vendor", _) if from.vendor.is_some() => format!(
                "coalesce(__vend.__vendor_name, {})",
                mapped
                    .get("vendor")
                    .cloned()
                    .unwrap_or_else(|| typed_null(ColumnType::Text))
            ),
            ("source", _) => literal(&from.source),
            ("amount_original", _) if mapped.contains_key("amount") => mapped["amount"].clone(),
            (name, ColumnType::Money) if mapped.contains_key(name) => {
                needs_fx = true;
                let amount = &mapped[name];
                let currency = mapped.get("currency").cloned().unwrap_or_default();
                format!(
                    "CASE WHEN {currency} = {reporting} THEN {amount} \
                     ELSE CAST(round(CAST({amount} AS DOUBLE) * __fx.__rate, 2) AS DECIMAL(18,2)) END"
                )
            }
            (name, _) => match (mapped.get(name), spec.values.list(table.name, name)) {
                (Some(sql), Some(list)) => listed(sql, list),
                (Some(sql), None) => sql.clone(),
                (None, _) => typed_null(column.ty),
            },
        };
        select.push(format!("{sql} AS \"{}\"", column.name));
    }
    if needs_fx && !mapped.contains_key("currency") {
        return Err(mapping_error(
            file,
            table.name,
            &from.source,
            "currency",
            "money columns need the record's currency mapped",
        ));
    }
    let mut sql = format!(
        "SELECT {} FROM {}{lookups}",
        select.join(", "),
        from_clause(from)
    );
    if let Some(account) = &from.account {
        let account_source = from.account_source.as_deref().unwrap_or(&from.source);
        sql.push_str(&format!(
            " LEFT JOIN (SELECT source AS __source, source_id AS __source_id, account_id AS __account_id \
               FROM aos.ontology.account_source) AS __acct \
             ON __acct.__source = {} AND __acct.__source_id = CAST(({account}) AS VARCHAR)",
            literal(account_source)
        ));
    }
    if let Some(vendor) = &from.vendor {
        if !table.columns.iter().any(|c| c.name == "vendor_id") {
            return Err(mapping_error(
                file,
                table.name,
                &from.source,
                "vendor",
                "`vendor` links rows to vendors; this table has no vendor_id",
            ));
        }
        plan_column(context, file, table.name, from, "vendor", vendor).await?;
        sql.push_str(&format!(
            " LEFT JOIN (SELECT s.source AS __vsource, s.source_id AS __vsource_id, s.vendor_id AS __vendor_id, \
               v.name AS __vendor_name FROM aos.ontology.vendor_source s \
               JOIN aos.ontology.vendor v ON v.vendor_id = s.vendor_id) AS __vend \
             ON __vend.__vsource = {} AND __vend.__vsource_id = CAST(({vendor}) AS VARCHAR)",
            literal(&from.source)
        ));
    }
    if needs_fx {
        sql.push_str(&format!(
            " LEFT JOIN (SELECT currency AS __currency, rate AS __rate FROM aos.ontology.fx_rate) AS __fx \
             ON __fx.__currency = {}",
            mapped.get("currency").cloned().unwrap_or_default()
        ));
    }
    match mirrored {
        // Rows that mirror a record of the system of record are not rows of the table.
        Some((ids, id)) => {
            sql.push_str(&format!(
                " LEFT JOIN ({ids}) AS __sor ON __sor.__sor_id = {id} WHERE __sor.__sor_id IS NULL"
            ));
            if let Some(filter) = &from.filter {
                sql.push_str(&format!(" AND ({filter})"));
            }
        }
        None => sql.push_str(&where_clause(from)),
    }
    check_plans(context, &sql, file, table.name, &from.source).await?;
    Ok(sql)
}

/// A column looked up in a reference table of the source (`owner = { lookup = "user", ... }`): the
/// join that brings the value in and the value's expression, after checking that the column is text
/// and both sides plan.
async fn lookup(
    context: &SessionContext,
    file: &str,
    table: &str,
    from: &spec::From,
    (name, ty): (&str, ColumnType),
    spec_column: &spec::ColumnSpec,
) -> Result<(String, String)> {
    let fail = |message: &str| mapping_error(file, table, &from.source, name, message);
    let spec::ColumnSpec::Lookup {
        lookup,
        key,
        on,
        value,
    } = spec_column
    else {
        return Err(fail("not a lookup"));
    };
    if ty != ColumnType::Text {
        return Err(fail("a lookup fills text columns only"));
    }
    if lookup.is_empty()
        || !lookup
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(fail(&format!(
            "lookup {lookup:?} must name a table of source {}",
            from.source
        )));
    }
    plan_column(context, file, table, from, name, on).await?;
    let reference = format!(
        "SELECT CAST(({key}) AS VARCHAR) AS __key, CAST(({value}) AS VARCHAR) AS __value FROM {}.{lookup}",
        from.source
    );
    context.sql(&reference).await.map_err(|e| {
        fail(&format!(
            "the lookup in {}.{lookup}: {}",
            from.source,
            first_line(&e)
        ))
    })?;
    let alias = format!("__lookup_{name}");
    Ok((
        format!(" LEFT JOIN ({reference}) AS {alias} ON {alias}.__key = CAST(({on}) AS VARCHAR)"),
        format!("{alias}.__value"),
    ))
}

fn from_clause(from: &spec::From) -> String {
    let bare = from
        .table
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if bare {
        format!("{}.{}", from.source, from.table)
    } else {
        from.table.clone()
    }
}

fn where_clause(from: &spec::From) -> String {
    from.filter
        .as_ref()
        .map(|f| format!(" WHERE ({f})"))
        .unwrap_or_default()
}

fn empty_sql(table: &Table) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("{} AS \"{}\"", typed_null(c.ty), c.name))
        .collect();
    format!("SELECT {} WHERE false", columns.join(", "))
}

/// A NULL of the column type.
fn typed_null(ty: ColumnType) -> String {
    match ty {
        ColumnType::Timestamp => {
            "arrow_cast(NULL, 'Timestamp(Microsecond, Some(\"UTC\"))')".to_string()
        }
        other => format!("CAST(NULL AS {})", sql_type(other)),
    }
}

fn sql_type(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::Text => "VARCHAR",
        ColumnType::Integer => "BIGINT",
        ColumnType::Float => "DOUBLE",
        ColumnType::Money | ColumnType::OriginalMoney => "DECIMAL(18,2)",
        ColumnType::Boolean => "BOOLEAN",
        ColumnType::Date => "DATE",
        ColumnType::Timestamp => "TIMESTAMP",
    }
}

fn mapping_error(file: &str, table: &str, source: &str, column: &str, message: &str) -> Error {
    Error::Ontology(format!(
        "{file}: table {table}, source {source}, column {column}: {message}"
    ))
}

/// Plans `SELECT expr FROM <from> WHERE <filter>` and returns the expression's type.
async fn plan_column(
    context: &SessionContext,
    file: &str,
    table: &str,
    from: &spec::From,
    column: &str,
    expr: &str,
) -> Result<DataType> {
    let sql = format!(
        "SELECT {expr} AS value FROM {}{}",
        from_clause(from),
        where_clause(from)
    );
    let plan = context
        .state()
        .create_logical_plan(&sql)
        .await
        .map_err(|e| mapping_error(file, table, &from.source, column, &first_line(&e)))?;
    Ok(plan.schema().field(0).data_type().clone())
}

async fn check_plans(
    context: &SessionContext,
    sql: &str,
    file: &str,
    table: &str,
    source: &str,
) -> Result<()> {
    context
        .state()
        .create_logical_plan(sql)
        .await
        .map(|_| ())
        .map_err(|e| {
            Error::Ontology(format!(
                "{file}: table {table}, source {source}: {}",
                first_line(&e)
            ))
        })
}

fn first_line(e: &DataFusionError) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// Registers the ontology's views, each behind its accelerated copy when `[[accelerate]]` names it.
struct Views<'a> {
    context: &'a SessionContext,
    accelerations: &'a Accelerations,
}

impl Views<'_> {
    /// Registers `sql` as view `name` of `schema` (`ontology` or `metrics`).
    async fn register(
        &self,
        schema_name: &str,
        schema: &MemorySchemaProvider,
        name: &str,
        sql: &str,
        file: &str,
    ) -> Result<()> {
        let plan = self
            .context
            .state()
            .create_logical_plan(sql)
            .await
            .map_err(|e| Error::Ontology(format!("{file}: {name}: {}", first_line(&e))))?;
        let view = Arc::new(ViewTable::new(plan, Some(sql.to_string())));
        let table = self
            .accelerations
            .wrap(&format!("{schema_name}.{name}"), view)?;
        schema.register_table(name.to_string(), table)?;
        Ok(())
    }
}

fn table_schema(table: &Table) -> SchemaRef {
    Arc::new(Schema::new(
        table
            .columns
            .iter()
            .map(|c| Field::new(c.name, arrow_type(c.ty), c.name != "account_id"))
            .collect::<Vec<_>>(),
    ))
}

/// What a refresh found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RefreshSummary {
    /// Company records read from the sources.
    pub(crate) records: usize,
    /// Accounts they resolved into.
    pub(crate) accounts: usize,
}

/// One company record read for resolution.
#[derive(Debug)]
struct CompanyRecord {
    source: String,
    source_id: String,
    name: String,
    domains: Vec<String>,
    country: Option<String>,
    industry: Option<String>,
    employees: Option<i64>,
    owner: Option<String>,
    owner_id: Option<String>,
    /// A vendor's category.
    category: Option<String>,
    created_at: Option<i64>,
}

impl Ontology {
    /// Reads every source's company records, resolves them and swaps in `account` and `account_source`.
    pub(crate) async fn refresh(&self, context: &SessionContext) -> Result<RefreshSummary> {
        let rates: Vec<RecordBatch> = context
            .sql(&self.fx_query)
            .await?
            .execute_stream()
            .await?
            .try_collect()
            .await?;
        let schema = self.fx_rate.schema();
        let rates = rates
            .iter()
            .map(|b| {
                let columns = vec![
                    cast(b.column(0), &DataType::Utf8)?,
                    cast(b.column(1), &DataType::Float64)?,
                ];
                RecordBatch::try_new(Arc::clone(&schema), columns)
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let rates = datafusion::arrow::compute::concat_batches(&schema, &rates)?;
        self.fx_rate.replace(rates);
        let overrides = &self.spec.overrides;
        let (records, memberships, clusters) = resolve_records(
            context,
            &self.account_queries,
            &overrides.merge,
            &overrides.split,
        )
        .await?;

        let mut account_rows = AccountRows::default();
        let mut source_rows = SourceRows::default();
        for members in &clusters {
            let Some(&anchor) = members.first() else {
                continue;
            };
            let anchor_record = &records[anchor];
            let id = account_id(&anchor_record.source, &anchor_record.source_id);
            let first = |f: &dyn Fn(&CompanyRecord) -> Option<String>| {
                members.iter().find_map(|&i| f(&records[i]))
            };
            // The owner of the first record that has one (the CRM's, by account.toml's order).
            let owner = members
                .iter()
                .map(|&i| &records[i])
                .find(|r| r.owner.is_some() || r.owner_id.is_some())
                .map(|r| {
                    (
                        r.owner.as_deref(),
                        r.owner_id.as_deref(),
                        Some(r.source.as_str()),
                    )
                })
                .unwrap_or_default();
            let sources: BTreeSet<&str> = members
                .iter()
                .map(|&i| records[i].source.as_str())
                .collect();
            account_rows.push(
                &id,
                &anchor_record.name,
                first(&|r| r.domains.iter().find_map(|d| resolve::registered_domain(d))).as_deref(),
                first(&|r| r.industry.clone()).as_deref(),
                first(&|r| r.country.clone()).as_deref(),
                members.iter().find_map(|&i| records[i].employees),
                owner,
                members.iter().filter_map(|&i| records[i].created_at).min(),
                &sources.into_iter().collect::<Vec<_>>().join(","),
            );
            for &i in members {
                let r = &records[i];
                source_rows.push(&id, r, memberships[i].score, memberships[i].rule);
            }
        }
        self.account
            .replace(account_rows.finish(self.account.schema())?);
        self.account_source
            .replace(source_rows.finish(self.account_source.schema())?);
        self.refresh_vendors(context).await?;
        Ok(RefreshSummary {
            records: records.len(),
            accounts: clusters.len(),
        })
    }

    /// Reads every source's vendor records, resolves them like company records (with `vendor_merge` and
    /// `vendor_split` of `overrides.toml`) and swaps in `vendor` and `vendor_source`.
    async fn refresh_vendors(&self, context: &SessionContext) -> Result<()> {
        let overrides = &self.spec.overrides;
        let (records, memberships, clusters) = resolve_records(
            context,
            &self.vendor_queries,
            &overrides.vendor_merge,
            &overrides.vendor_split,
        )
        .await?;
        let (mut ids, mut names, mut categories, mut sources) = (
            StringBuilder::new(),
            StringBuilder::new(),
            StringBuilder::new(),
            StringBuilder::new(),
        );
        let mut source_rows = SourceRows::default();
        for members in &clusters {
            let Some(&anchor) = members.first() else {
                continue;
            };
            let anchor = &records[anchor];
            let id = entity_id("ven", &anchor.source, &anchor.source_id);
            ids.append_value(&id);
            names.append_value(&anchor.name);
            categories.append_option(
                members
                    .iter()
                    .find_map(|&i| records[i].category.as_deref())
                    .map(|c| self.spec.values.canonical("vendor", "category", c)),
            );
            let listed: BTreeSet<&str> = members
                .iter()
                .map(|&i| records[i].source.as_str())
                .collect();
            sources.append_value(listed.into_iter().collect::<Vec<_>>().join(","));
            for &i in members {
                source_rows.push(&id, &records[i], memberships[i].score, memberships[i].rule);
            }
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(ids.finish()),
            Arc::new(names.finish()),
            Arc::new(categories.finish()),
            Arc::new(sources.finish()),
        ];
        self.vendor
            .replace(RecordBatch::try_new(self.vendor.schema(), columns)?);
        self.vendor_source
            .replace(source_rows.finish(self.vendor_source.schema())?);
        Ok(())
    }
}

/// Reads the records of `queries` (account.toml's or vendor.toml's blocks), resolves them and applies
/// the overrides `merge` and `split`: the records, each one's membership, and the clusters of record
/// indexes, each led by its anchor (the first block's source first, then the smallest id), ordered by
/// their first record.
async fn resolve_records(
    context: &SessionContext,
    queries: &[(String, String)],
    merge: &[spec::Group],
    split: &[spec::Group],
) -> Result<(
    Vec<CompanyRecord>,
    Vec<resolve::Membership>,
    Vec<Vec<usize>>,
)> {
    let mut records = Vec::new();
    for (source, sql) in queries {
        let frame = context.sql(sql).await?;
        let batches: Vec<RecordBatch> = frame.execute_stream().await?.try_collect().await?;
        for batch in &batches {
            read_company_records(source, batch, &mut records)?;
        }
    }
    let inputs: Vec<Record> = records
        .iter()
        .map(|r| Record {
            id: format!("{}:{}", r.source, r.source_id),
            name: r.name.clone(),
            domains: r.domains.clone(),
            country: r.country.clone(),
        })
        .collect();
    let mut memberships = resolve::resolve(&inputs, &resolve::Settings::default());
    apply_overrides(&inputs, &mut memberships, merge, split);

    // Source priority: the order of the file's blocks.
    let priority: HashMap<&str, usize> = queries
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (s.as_str(), i))
        .collect();
    let mut clusters: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, m) in memberships.iter().enumerate() {
        clusters.entry(m.cluster).or_default().push(i);
    }
    let mut clusters: Vec<Vec<usize>> = clusters.into_values().collect();
    for members in &mut clusters {
        members.sort_by_key(|&i| {
            let r = &records[i];
            (
                priority
                    .get(r.source.as_str())
                    .copied()
                    .unwrap_or(usize::MAX),
                r.source_id.clone(),
            )
        });
    }
    clusters.sort_by_key(|m| m.first().copied());
    Ok((records, memberships, clusters))
}

/// `overrides.toml` over one kind of records: merges first, then splits.
fn apply_overrides(
    inputs: &[Record],
    memberships: &mut [resolve::Membership],
    merge: &[spec::Group],
    split: &[spec::Group],
) {
    let index: HashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for group in merge {
        let members: Vec<usize> = group
            .records
            .iter()
            .filter_map(|r| index.get(r.as_str()).copied())
            .collect();
        let Some(&target) = members.first().map(|&i| &memberships[i].cluster) else {
            continue;
        };
        let absorbed: BTreeSet<usize> = members.iter().map(|&i| memberships[i].cluster).collect();
        for m in memberships.iter_mut() {
            if absorbed.contains(&m.cluster) {
                m.cluster = target;
            }
        }
        for &i in &members {
            memberships[i].score = 1.0;
            memberships[i].rule = "override_merge";
        }
    }
    for group in split {
        for record in &group.records {
            if let Some(&i) = index.get(record.as_str()) {
                memberships[i] = resolve::Membership {
                    cluster: i,
                    score: 1.0,
                    rule: "override_split",
                };
            }
        }
    }
}

/// A stable account id: a hash of the anchor record (`acc_` and 16 hex digits, FNV-1a).
fn account_id(source: &str, source_id: &str) -> String {
    entity_id("acc", source, source_id)
}

/// A stable id of a resolved entity: `prefix_` and the FNV-1a hash of its anchor record.
fn entity_id(prefix: &str, source: &str, source_id: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in source.bytes().chain([b':']).chain(source_id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{prefix}_{hash:016x}")
}

fn read_company_records(
    source: &str,
    batch: &RecordBatch,
    out: &mut Vec<CompanyRecord>,
) -> Result<()> {
    // The columns of the record query; an account's or a vendor's, so any may be absent.
    let text = |name: &str| -> Result<Option<StringArray>> {
        batch
            .column_by_name(name)
            .map(|column| Ok(cast(column, &DataType::Utf8)?.as_string::<i32>().clone()))
            .transpose()
    };
    let (ids, names, domains, emails, websites, countries, industries, owners, owner_ids) = (
        text("source_id")?,
        text("name")?,
        text("domain")?,
        text("email")?,
        text("website")?,
        text("country")?,
        text("industry")?,
        text("owner")?,
        text("owner_id")?,
    );
    let categories = text("category")?;
    let employees = batch
        .column_by_name("employees")
        .map(|c| cast(c, &DataType::Int64))
        .transpose()?;
    let created = batch
        .column_by_name("created_at")
        .map(|c| {
            cast(
                c,
                &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            )
        })
        .transpose()?;
    let value = |a: &Option<StringArray>, i: usize| {
        a.as_ref()
            .filter(|a| !a.is_null(i))
            .map(|a| a.value(i).trim().to_string())
            .filter(|v| !v.is_empty())
    };
    for i in 0..batch.num_rows() {
        let Some(source_id) = value(&ids, i) else {
            continue;
        };
        out.push(CompanyRecord {
            source: source.to_string(),
            source_id,
            name: value(&names, i).unwrap_or_default(),
            domains: [&domains, &emails, &websites]
                .iter()
                .filter_map(|a| value(a, i))
                .collect(),
            country: value(&countries, i).map(|c| country_code(&c)),
            industry: value(&industries, i),
            employees: employees.as_ref().and_then(|a| {
                let a = a.as_primitive::<Int64Type>();
                (!a.is_null(i)).then(|| a.value(i))
            }),
            owner: value(&owners, i),
            owner_id: value(&owner_ids, i),
            category: value(&categories, i),
            created_at: created.as_ref().and_then(|a| {
                let a = a.as_primitive::<TimestampMicrosecondType>();
                (!a.is_null(i)).then(|| a.value(i))
            }),
        });
    }
    Ok(())
}

/// An ISO 3166 alpha-2 code for a country name or code (`United States` -> `US`); unknown names pass
/// through upper-cased.
fn country_code(value: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("UNITED STATES", "US"),
        ("UNITED STATES OF AMERICA", "US"),
        ("USA", "US"),
        ("UNITED KINGDOM", "GB"),
        ("UK", "GB"),
        ("GREAT BRITAIN", "GB"),
        ("GERMANY", "DE"),
        ("DEUTSCHLAND", "DE"),
        ("FRANCE", "FR"),
        ("SPAIN", "ES"),
        ("ITALY", "IT"),
        ("NETHERLANDS", "NL"),
        ("THE NETHERLANDS", "NL"),
        ("BELGIUM", "BE"),
        ("SWITZERLAND", "CH"),
        ("AUSTRIA", "AT"),
        ("SWEDEN", "SE"),
        ("NORWAY", "NO"),
        ("DENMARK", "DK"),
        ("FINLAND", "FI"),
        ("IRELAND", "IE"),
        ("PORTUGAL", "PT"),
        ("POLAND", "PL"),
        ("CANADA", "CA"),
        ("MEXICO", "MX"),
        ("BRAZIL", "BR"),
        ("ARGENTINA", "AR"),
        ("JAPAN", "JP"),
        ("CHINA", "CN"),
        ("INDIA", "IN"),
        ("SINGAPORE", "SG"),
        ("AUSTRALIA", "AU"),
        ("NEW ZEALAND", "NZ"),
        ("SOUTH KOREA", "KR"),
        ("KOREA", "KR"),
        ("ISRAEL", "IL"),
        ("SOUTH AFRICA", "ZA"),
        ("UNITED ARAB EMIRATES", "AE"),
    ];
    let upper = value.trim().to_uppercase();
    NAMES
        .iter()
        .find(|(name, _)| *name == upper)
        .map_or(upper.clone(), |(_, code)| (*code).to_string())
}

#[derive(Default)]
struct AccountRows {
    id: StringBuilder,
    name: StringBuilder,
    domain: StringBuilder,
    industry: StringBuilder,
    country: StringBuilder,
    employees: Int64Builder,
    owner: StringBuilder,
    owner_id: StringBuilder,
    owner_source: StringBuilder,
    created_at: TimestampMicrosecondBuilder,
    sources: StringBuilder,
}

impl AccountRows {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: &str,
        name: &str,
        domain: Option<&str>,
        industry: Option<&str>,
        country: Option<&str>,
        employees: Option<i64>,
        (owner, owner_id, owner_source): (Option<&str>, Option<&str>, Option<&str>),
        created_at: Option<i64>,
        sources: &str,
    ) {
        self.id.append_value(id);
        self.name.append_value(name);
        self.domain.append_option(domain);
        self.industry.append_option(industry);
        self.country.append_option(country);
        self.employees.append_option(employees);
        self.owner.append_option(owner);
        self.owner_id.append_option(owner_id);
        self.owner_source.append_option(owner_source);
        self.created_at.append_option(created_at);
        self.sources.append_value(sources);
    }

    fn finish(mut self, schema: SchemaRef) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.name.finish()),
            Arc::new(self.domain.finish()),
            Arc::new(self.industry.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.employees.finish()),
            Arc::new(self.owner.finish()),
            Arc::new(self.owner_id.finish()),
            Arc::new(self.owner_source.finish()),
            Arc::new(self.created_at.finish().with_timezone("UTC")),
            Arc::new(self.sources.finish()),
        ];
        Ok(RecordBatch::try_new(schema, columns)?)
    }
}

#[derive(Default)]
struct SourceRows {
    account_id: StringBuilder,
    source: StringBuilder,
    source_id: StringBuilder,
    source_name: StringBuilder,
    score: Float64Builder,
    rule: StringBuilder,
}

impl SourceRows {
    fn push(&mut self, account_id: &str, record: &CompanyRecord, score: f64, rule: &str) {
        self.account_id.append_value(account_id);
        self.source.append_value(&record.source);
        self.source_id.append_value(&record.source_id);
        self.source_name.append_value(&record.name);
        self.score.append_value(score);
        self.rule.append_value(rule);
    }

    fn finish(mut self, schema: SchemaRef) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.account_id.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.source_id.finish()),
            Arc::new(self.source_name.finish()),
            Arc::new(self.score.finish()),
            Arc::new(self.rule.finish()),
        ];
        Ok(RecordBatch::try_new(schema, columns)?)
    }
}

/// An in-memory table whose rows a refresh replaces at once; queries see the old rows or the new, never a
/// mix.
#[derive(Debug)]
pub(crate) struct RefreshableTable {
    schema: SchemaRef,
    batches: RwLock<Arc<Vec<RecordBatch>>>,
    /// Replacements so far: a cached result names the version it read.
    version: std::sync::atomic::AtomicU64,
}

impl RefreshableTable {
    fn new(schema: SchemaRef) -> Self {
        Self {
            schema,
            batches: RwLock::new(Arc::new(Vec::new())),
            version: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn replace(&self, batch: RecordBatch) {
        if let Ok(mut batches) = self.batches.write() {
            *batches = Arc::new(vec![batch]);
            self.version
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// The version of the rows a scan starting now reads.
    pub(crate) fn version(&self) -> u64 {
        self.version.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[async_trait]
impl TableProvider for RefreshableTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> DataFusionResult<Arc<dyn ExecutionPlan>> {
        let batches = self
            .batches
            .read()
            .map(|b| Arc::clone(&b))
            .map_err(|_| DataFusionError::Internal("refreshable table lock poisoned".into()))?;
        let plan = MemorySourceConfig::try_new_exec(
            &[batches.as_ref().clone()],
            Arc::clone(&self.schema),
            projection.cloned(),
        )?;
        Ok(plan)
    }
}

/// `batch` with `schema`'s field types, its columns cast where they differ (the columns in order,
/// one per field of `schema`).
pub fn cast_batch(
    batch: &RecordBatch,
    schema: &SchemaRef,
) -> std::result::Result<RecordBatch, datafusion::arrow::error::ArrowError> {
    if batch.schema().fields() == schema.fields() {
        return Ok(batch.clone());
    }
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(column, field)| {
            if column.data_type() == field.data_type() {
                Ok(Arc::clone(column))
            } else {
                datafusion::arrow::compute::cast(column, field.data_type())
            }
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_stable_hashes() {
        assert_eq!(
            account_id("salesforce", "001"),
            account_id("salesforce", "001")
        );
        assert_ne!(account_id("salesforce", "001"), account_id("stripe", "001"));
        assert_eq!(account_id("a", "b").len(), 20);
    }

    #[test]
    fn country_names_become_codes() {
        assert_eq!(country_code("United States"), "US");
        assert_eq!(country_code("gb"), "GB");
        assert_eq!(country_code("Atlantis"), "ATLANTIS");
    }
}
