//! The ontology folder: mapping files, metrics and overrides, read and checked for shape.
//!
//! ```text
//! ontology/
//!   ontology.toml       reporting currency and the FX table
//!   account.toml        the company records of each source that entity resolution turns into accounts
//!   vendor.toml         the vendor records of each source, resolved into vendors the same way (optional)
//!   opportunity.toml    one file per canonical fact table: [[from]] blocks, one per source table
//!   subscription.toml   ...
//!   health.toml         `sql` over the days of `{as_of}`, `as_of`, `history`: ontology.health and its history
//!   metrics.toml        [[metric]] name, description, sql
//!   overrides.toml      [[merge]] / [[split]] of source records (optional)
//!   values.toml         [list] columns = ["table.column"], values = { canonical = [spellings] } (optional)
//! ```
//!
//! Whether the expressions are valid SQL over the source tables is checked by the engine, which plans
//! them; every error names the file, the table and the column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{self, ColumnType, Table};

/// An ontology folder that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct SpecError {
    /// The file at fault (or the folder).
    pub file: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// `ontology.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The currency money columns are reported in (default USD).
    #[serde(default = "default_currency")]
    pub reporting_currency: String,
    /// Where exchange rates come from.
    pub fx: Option<FxTable>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            reporting_currency: default_currency(),
            fx: None,
        }
    }
}

fn default_currency() -> String {
    "USD".into()
}

/// A table of exchange rates: the latest rate of each currency converts money columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FxTable {
    /// `schema.table`.
    pub table: String,
    /// Its column holding the ISO currency code.
    pub currency: String,
    /// Its column holding the reporting currency's units per unit of that currency.
    pub rate: String,
    /// Its column holding the rate's date: the latest one is used.
    pub date: String,
}

/// How a canonical column is computed from a source row.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// A SQL expression over the source table's columns.
    Expr(String),
    /// An integer amount in minor units (cents), divided by 10^(the currency's exponent).
    Minor {
        /// The SQL expression of the minor-unit amount.
        minor: String,
    },
    /// A name looked up in a reference table of the same source: `owner = { lookup = "user", key =
    /// "id", on = "owner_id", value = "name" }` is the name of the user whose `id` is the row's
    /// `owner_id` (NULL when there is none). Text columns only.
    Lookup {
        /// The reference table, in the same source's schema.
        lookup: String,
        /// Its key column (SQL over the reference table).
        key: String,
        /// The row's reference to it (SQL over the source table).
        on: String,
        /// What to read from it (SQL over the reference table).
        value: String,
    },
}

/// One `[[from]]` block: how one source table fills a canonical table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct From {
    /// The source (its name in aos.toml); also the rows' `source`.
    pub source: String,
    /// The table in that source's schema, or a whole SQL `FROM` clause (joins included).
    pub table: String,
    /// A SQL row filter.
    #[serde(rename = "where")]
    pub filter: Option<String>,
    /// SQL expression of the id of the company record the row belongs to, in `account_source`.
    pub account: Option<String>,
    /// The source whose company records `account` refers to (default: `source`).
    pub account_source: Option<String>,
    /// SQL expression of the id of the vendor record the row belongs to, in `vendor_source` (same source).
    pub vendor: Option<String>,
    /// This block's rows may stand for records of another source's block (the system of record) of
    /// the same table, as NetSuite invoices synced from Stripe do: those rows are lineage
    /// (`ontology.<table>_mirror`), not more rows of the table.
    pub mirror: Option<Mirror>,
    /// Canonical column -> how to compute it.
    #[serde(default)]
    pub columns: BTreeMap<String, ColumnSpec>,
}

/// `mirror = { of = "stripe", id = "t.externalid" }`: a row whose `id` is the `source_id` of a record
/// of the `of` block mirrors that record.
///
/// With `same = ["account_id", "currency", "amount_original", "CAST(issued_at AS DATE)"]`, a row whose id
/// names no record (a copy synced without its external id) still mirrors a record of the `of` block
/// that has the same values of those expressions over the canonical columns, one copy for one record.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mirror {
    /// The source of the system of record's block in the same file.
    pub of: String,
    /// SQL expression of the id of the system of record's record this row mirrors (NULL: none).
    pub id: String,
    /// SQL expressions over the canonical columns that identify the record a row copies when its id
    /// names none (empty: only the id does).
    #[serde(default)]
    pub same: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    from: Vec<From>,
}

/// `health.toml`: the health of every account as of any days.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Health {
    /// The health as of each day of the relation `{as_of}` (one column, `day`): one row per account and
    /// day, with the columns of [`model::HEALTH`].
    pub sql: String,
    /// The query of today's day for `ontology.health` (default `SELECT current_date AS day`).
    #[serde(default = "Health::today")]
    pub as_of: String,
    /// The query of the days of `ontology.health_history` (default: the first day of each of the 12
    /// months before today's month, and of today's month).
    #[serde(default)]
    pub history: Option<String>,
}

impl Health {
    /// Where `sql` reads its days.
    pub const AS_OF: &'static str = "{as_of}";

    fn today() -> String {
        "SELECT current_date AS day".to_string()
    }

    /// `sql` over today's day.
    pub fn current_sql(&self) -> String {
        self.sql.replace(Self::AS_OF, &format!("({})", self.as_of))
    }

    /// `sql` over the days of the history.
    pub fn history_sql(&self) -> String {
        let days = self.history.clone().unwrap_or_else(|| {
            format!(
                "SELECT CAST(unnest(generate_series(\
                 CAST(date_trunc('month', today) AS DATE) - INTERVAL '12 months', \
                 CAST(date_trunc('month', today) AS DATE), INTERVAL '1 month')) AS DATE) AS day \
                 FROM (SELECT max(day) AS today FROM ({}) AS as_of) AS today",
                self.as_of
            )
        });
        self.sql.replace(Self::AS_OF, &format!("({days})"))
    }
}

/// The company records of one source, for entity resolution (`account.toml`).
#[derive(Debug, Clone)]
pub struct AccountSource {
    /// The `[[from]]` block; its columns are [`ACCOUNT_INPUT_COLUMNS`].
    pub from: From,
}

/// Columns an `account.toml` block may map.
pub const ACCOUNT_INPUT_COLUMNS: &[(&str, ColumnType)] = &[
    ("source_id", ColumnType::Text),
    ("name", ColumnType::Text),
    ("domain", ColumnType::Text),
    ("email", ColumnType::Text),
    ("website", ColumnType::Text),
    ("country", ColumnType::Text),
    ("industry", ColumnType::Text),
    ("employees", ColumnType::Integer),
    ("owner", ColumnType::Text),
    ("owner_id", ColumnType::Text),
    ("created_at", ColumnType::Timestamp),
];

/// Columns a `vendor.toml` block may map.
pub const VENDOR_INPUT_COLUMNS: &[(&str, ColumnType)] = &[
    ("source_id", ColumnType::Text),
    ("name", ColumnType::Text),
    ("domain", ColumnType::Text),
    ("email", ColumnType::Text),
    ("website", ColumnType::Text),
    ("category", ColumnType::Text),
];

/// A canonical fact table and the blocks that fill it.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// The file it was read from.
    pub file: PathBuf,
    /// The canonical table.
    pub table: &'static Table,
    /// One block per source table.
    pub from: Vec<From>,
}

/// A metric: a named query over the ontology.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// The view's name in schema `metrics`.
    pub name: String,
    /// What it measures, for people and for NLQ.
    pub description: String,
    /// The query.
    pub sql: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsFile {
    #[serde(default)]
    metric: Vec<Metric>,
}

/// Manual corrections of entity resolution, by `source:source_id`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Each group's records are one account, whatever the matcher says.
    #[serde(default)]
    pub merge: Vec<Group>,
    /// Each listed record is an account of its own (split out of its cluster).
    #[serde(default)]
    pub split: Vec<Group>,
    /// Each group's vendor records are one vendor.
    #[serde(default)]
    pub vendor_merge: Vec<Group>,
    /// Each listed vendor record is a vendor of its own.
    #[serde(default)]
    pub vendor_split: Vec<Group>,
}

/// A list of `source:source_id` records.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// `source:source_id` of each record.
    pub records: Vec<String>,
}

/// Everything in an ontology folder.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// The folder.
    pub dir: PathBuf,
    /// `ontology.toml`.
    pub settings: Settings,
    /// `account.toml`.
    pub accounts: Vec<AccountSource>,
    /// `vendor.toml`: the vendor records of each source, resolved into `ontology.vendor`.
    pub vendors: Vec<AccountSource>,
    /// The fact tables' mappings.
    pub mappings: Vec<Mapping>,
    /// `health.toml`.
    pub health: Option<Health>,
    /// `metrics.toml`.
    pub metrics: Vec<Metric>,
    /// `overrides.toml`.
    pub overrides: Overrides,
    /// `values.toml`.
    pub values: Values,
}

/// `values.toml`: named lists of values (a category taxonomy, a department list), each with the
/// canonical text columns it applies to and, per canonical value, the spellings sources use for it:
///
/// ```toml
/// [category]
/// columns = ["cost.category", "vendor.category"]
/// values = { "Cloud infrastructure" = ["cloud", "Cloud Infrastructure"] }
/// ```
///
/// A source value is matched without case or surrounding spaces; a value outside the list is kept as
/// it is and reported in `ontology.unlisted_values`.
#[derive(Debug, Clone, Default)]
pub struct Values {
    /// (table, column) -> canonical value -> its spellings.
    pub lists: BTreeMap<(String, String), BTreeMap<String, Vec<String>>>,
}

impl Values {
    /// The list of `table.column`, if it has one.
    pub fn list(&self, table: &str, column: &str) -> Option<&BTreeMap<String, Vec<String>>> {
        self.lists.get(&(table.to_string(), column.to_string()))
    }

    /// `value` as its list for `table.column` names it: the canonical value of a known spelling (without
    /// case or surrounding spaces), else `value` itself.
    pub fn canonical<'a>(&'a self, table: &str, column: &str, value: &'a str) -> &'a str {
        let key = value.trim().to_lowercase();
        self.list(table, column)
            .and_then(|list| {
                list.iter().find(|(canonical, spellings)| {
                    canonical.trim().to_lowercase() == key
                        || spellings.iter().any(|s| s.trim().to_lowercase() == key)
                })
            })
            .map_or(value, |(canonical, _)| canonical.as_str())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueList {
    /// `table.column` of each canonical column the list applies to.
    columns: Vec<String>,
    /// Canonical value -> the spellings sources use for it.
    values: BTreeMap<String, Vec<String>>,
}

fn read_values(path: &Path) -> Result<Values, SpecError> {
    let file: BTreeMap<String, ValueList> = read(path)?;
    let mut values = Values::default();
    for (name, list) in file {
        for target in &list.columns {
            let fail = |why: &str| SpecError {
                file: path.to_path_buf(),
                message: format!("[{name}]: {target:?} {why}"),
            };
            let (table_name, column) = target
                .split_once('.')
                .ok_or_else(|| fail("is not table.column"))?;
            let table = model::FACT_TABLES
                .iter()
                .chain([&model::VENDOR])
                .find(|t| t.name == table_name)
                .ok_or_else(|| fail("names no canonical fact table or vendor"))?;
            let text = table
                .columns
                .iter()
                .any(|c| c.name == column && c.ty == ColumnType::Text);
            if !text || column == "source" || column.ends_with("_id") {
                return Err(fail("is not a text column a source fills"));
            }
            values.lists.insert(
                (table_name.to_string(), column.to_string()),
                list.values.clone(),
            );
        }
    }
    Ok(values)
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, SpecError> {
    let error = |message: String| SpecError {
        file: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let document = toml::Deserializer::parse(&text).map_err(|e| error(e.to_string()))?;
    serde_path_to_error::deserialize(document)
        .map_err(|e| error(format!("at `{}`: {}", e.path(), e.inner())))
}

/// Reads and checks the folder `dir`.
pub fn load(dir: &Path) -> Result<Spec, SpecError> {
    let folder_error = |message: String| SpecError {
        file: dir.to_path_buf(),
        message,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| folder_error(format!("cannot read the ontology folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    entries.sort();
    let mut spec = Spec {
        dir: dir.to_path_buf(),
        ..Spec::default()
    };
    for path in entries {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        match stem.as_str() {
            "ontology" => spec.settings = read(&path)?,
            "metrics" => spec.metrics = read::<MetricsFile>(&path)?.metric,
            "overrides" => spec.overrides = read(&path)?,
            "values" => spec.values = read_values(&path)?,
            "health" => {
                let health: Health = read(&path)?;
                if !health.sql.contains(Health::AS_OF) {
                    return Err(SpecError {
                        file: path.clone(),
                        message: format!(
                            "`sql` must read the days it scores from {} (a relation with one column, `day`)",
                            Health::AS_OF
                        ),
                    });
                }
                spec.health = Some(health);
            }
            entity @ ("account" | "vendor") => {
                let (columns, into) = if entity == "account" {
                    (ACCOUNT_INPUT_COLUMNS, &mut spec.accounts)
                } else {
                    (VENDOR_INPUT_COLUMNS, &mut spec.vendors)
                };
                let file: MappingFile = read(&path)?;
                for from in file.from {
                    if from.mirror.is_some() || from.vendor.is_some() {
                        return Err(SpecError {
                            file: path.clone(),
                            message: format!(
                                "{}: `mirror` and `vendor` apply to fact tables; {entity} records are resolved",
                                from.source
                            ),
                        });
                    }
                    check_columns(&path, entity, &from, |name| {
                        columns.iter().any(|(c, _)| *c == name)
                    })?;
                    if !from.columns.contains_key("source_id") || !from.columns.contains_key("name")
                    {
                        return Err(SpecError {
                            file: path.clone(),
                            message: format!(
                                "table {entity}, source {}: columns `source_id` and `name` are required",
                                from.source
                            ),
                        });
                    }
                    into.push(AccountSource { from });
                }
            }
            other => {
                let table = model::FACT_TABLES
                    .iter()
                    .find(|t| t.name == other)
                    .ok_or_else(|| SpecError {
                        file: path.clone(),
                        message: format!(
                            "no canonical table is named {other:?}; the files are ontology, account, vendor, {}, health, metrics, overrides and values",
                            model::FACT_TABLES
                                .iter()
                                .map(|t| t.name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })?;
                let file: MappingFile = read(&path)?;
                for from in &file.from {
                    check_columns(&path, table.name, from, |name| {
                        table.column(name).is_some()
                            && !matches!(name, "account_id" | "source" | "amount_original")
                    })?;
                    if table.has_account && from.account.is_none() {
                        return Err(SpecError {
                            file: path.clone(),
                            message: format!(
                                "table {}, source {}: `account` (the id of the row's company record) is required",
                                table.name, from.source
                            ),
                        });
                    }
                }
                spec.mappings.push(Mapping {
                    file: path,
                    table,
                    from: file.from,
                });
            }
        }
    }
    let mut names = std::collections::HashSet::new();
    for metric in &spec.metrics {
        let valid = metric.name.starts_with(|c: char| c.is_ascii_lowercase())
            && metric
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid || !names.insert(metric.name.clone()) {
            return Err(SpecError {
                file: dir.join("metrics.toml"),
                message: format!(
                    "metric name {:?} is not a unique lowercase snake_case identifier",
                    metric.name
                ),
            });
        }
    }
    Ok(spec)
}

fn check_columns(
    path: &Path,
    table: &str,
    from: &From,
    known: impl Fn(&str) -> bool,
) -> Result<(), SpecError> {
    for name in from.columns.keys() {
        if !known(name) {
            return Err(SpecError {
                file: path.to_path_buf(),
                message: format!(
                    "table {table}, source {}, column {name}: not a column this file may map",
                    from.source
                ),
            });
        }
    }
    Ok(())
}

/// `10^exponent` of an ISO currency: how many minor units make one unit (JPY 1, KWD 1000, most 100).
pub fn minor_unit_divisor_sql(currency_sql: &str) -> String {
    format!(
        "(CASE upper({currency_sql}) \
         WHEN 'BIF' THEN 1 WHEN 'CLP' THEN 1 WHEN 'DJF' THEN 1 WHEN 'GNF' THEN 1 WHEN 'ISK' THEN 1 \
         WHEN 'JPY' THEN 1 WHEN 'KMF' THEN 1 WHEN 'KRW' THEN 1 WHEN 'PYG' THEN 1 WHEN 'RWF' THEN 1 \
         WHEN 'UGX' THEN 1 WHEN 'VND' THEN 1 WHEN 'VUV' THEN 1 WHEN 'XAF' THEN 1 WHEN 'XOF' THEN 1 \
         WHEN 'XPF' THEN 1 WHEN 'BHD' THEN 1000 WHEN 'JOD' THEN 1000 WHEN 'KWD' THEN 1000 \
         WHEN 'OMR' THEN 1000 WHEN 'TND' THEN 1000 ELSE 100 END)"
    )
}
