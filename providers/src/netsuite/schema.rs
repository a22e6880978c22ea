//! SuiteQL tables as Arrow schemas. SuiteQL answers every value as text (lowercase keys, `"T"`/`"F"`
//! booleans, dates as `M/D/YYYY`, nulls left out), so each column has a declared type: built in for the
//! default tables, from the config for others (`[source.columns.<table>]`), else discovered from a sample
//! of rows.

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use serde_json::Value as Json;

/// Scale of `currency` columns.
pub(crate) const MONEY_SCALE: i8 = 2;

/// How a column's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    Text,
    Integer,
    Float,
    /// Amounts: `decimal(20, 2)`.
    Currency,
    Boolean,
    /// Days (`M/D/YYYY`).
    Date,
    /// Date and time, read with `TO_CHAR(col, 'YYYY-MM-DD HH24:MI:SS')` (NetSuite's default format drops the
    /// time).
    DateTime,
}

impl ColumnType {
    /// The names the config uses.
    pub(crate) fn parse(name: &str) -> Option<ColumnType> {
        Some(match name {
            "text" | "string" => ColumnType::Text,
            "integer" | "int" | "id" => ColumnType::Integer,
            "float" | "double" | "number" => ColumnType::Float,
            "currency" | "decimal" => ColumnType::Currency,
            "boolean" | "bool" => ColumnType::Boolean,
            "date" => ColumnType::Date,
            "datetime" | "timestamp" => ColumnType::DateTime,
            _ => return None,
        })
    }

    pub(crate) fn data_type(self) -> DataType {
        match self {
            ColumnType::Text => DataType::Utf8,
            ColumnType::Integer => DataType::Int64,
            ColumnType::Float => DataType::Float64,
            ColumnType::Currency => DataType::Decimal128(20, MONEY_SCALE),
            ColumnType::Boolean => DataType::Boolean,
            ColumnType::Date => DataType::Date32,
            ColumnType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        }
    }
}

/// One SuiteQL table.
#[derive(Debug, Clone)]
pub(crate) struct SuiteTable {
    pub(crate) name: String,
    /// Columns in schema order (lowercase SuiteQL names).
    pub(crate) columns: Vec<(String, ColumnType)>,
    pub(crate) schema: SchemaRef,
}

impl SuiteTable {
    pub(crate) fn new(name: &str, columns: Vec<(String, ColumnType)>) -> SuiteTable {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, t)| Field::new(n, t.data_type(), n != "id"))
                .collect::<Vec<_>>(),
        ));
        SuiteTable {
            name: name.to_owned(),
            columns,
            schema,
        }
    }

    pub(crate) fn column_type(&self, name: &str) -> Option<ColumnType> {
        self.columns
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| *t)
    }
}

/// The tables a source has unless configured otherwise.
pub(crate) const DEFAULT_TABLES: &[&str] = &[
    "customer",
    "vendor",
    "item",
    "transaction",
    "transactionline",
];

/// The built-in columns of a default table.
pub(crate) fn built_in(table: &str) -> Option<Vec<(String, ColumnType)>> {
    use ColumnType::*;
    let columns: &[(&str, ColumnType)] = match table {
        "customer" => &[
            ("id", Integer),
            ("entityid", Text),
            ("companyname", Text),
            ("email", Text),
            ("url", Text),
            ("phone", Text),
            ("subsidiary", Integer),
            ("currency", Integer),
            ("terms", Text),
            ("datecreated", DateTime),
            ("lastmodifieddate", DateTime),
            ("isinactive", Boolean),
        ],
        "vendor" => &[
            ("id", Integer),
            ("entityid", Text),
            ("companyname", Text),
            ("email", Text),
            ("category", Text),
            ("currency", Integer),
            ("datecreated", DateTime),
            ("lastmodifieddate", DateTime),
            ("isinactive", Boolean),
        ],
        "item" => &[
            ("id", Integer),
            ("itemid", Text),
            ("displayname", Text),
            ("itemtype", Text),
            ("baseprice", Currency),
            ("isinactive", Boolean),
        ],
        "transaction" => &[
            ("id", Integer),
            ("tranid", Text),
            ("type", Text),
            ("trandate", Date),
            ("entity", Integer),
            ("status", Text),
            ("foreigntotal", Currency),
            ("currency", Integer),
            ("exchangerate", Float),
            ("duedate", Date),
            ("memo", Text),
            ("externalid", Text),
            ("createddate", DateTime),
            ("lastmodifieddate", DateTime),
        ],
        "transactionline" => &[
            ("id", Integer),
            ("transaction", Integer),
            ("linesequencenumber", Integer),
            ("mainline", Boolean),
            ("item", Integer),
            ("quantity", Float),
            ("rate", Currency),
            ("netamount", Currency),
            ("department", Integer),
            ("memo", Text),
        ],
        _ => return None,
    };
    Some(columns.iter().map(|(n, t)| ((*n).to_owned(), *t)).collect())
}

/// Column types guessed from sample rows (SuiteQL's JSON items): a column is the narrowest type every
/// value it has fits; `links` is NetSuite's, not a column.
pub(crate) fn discover(items: &[Json]) -> Vec<(String, ColumnType)> {
    let mut seen: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for item in items {
        let Some(object) = item.as_object() else {
            continue;
        };
        for (key, value) in object {
            if key == "links" {
                continue;
            }
            let values = seen.entry(key.to_ascii_lowercase()).or_default();
            if let Some(text) = value.as_str() {
                values.push(text);
            }
        }
    }
    let mut columns: Vec<(String, ColumnType)> = seen
        .into_iter()
        .map(|(name, values)| {
            let all = |f: &dyn Fn(&str) -> bool| !values.is_empty() && values.iter().all(|v| f(v));
            let ty = if all(&|v| v.parse::<i64>().is_ok()) {
                ColumnType::Integer
            } else if all(&|v| v.parse::<f64>().is_ok()) {
                ColumnType::Float
            } else if all(&|v| v == "T" || v == "F") {
                ColumnType::Boolean
            } else if all(&|v| parse_date(v).is_some()) {
                ColumnType::Date
            } else {
                ColumnType::Text
            };
            (name, ty)
        })
        .collect();
    // `id` first, as in the built-in tables.
    columns.sort_by_key(|(n, _)| n != "id");
    columns
}

/// `M/D/YYYY` (NetSuite's default date format) or `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%m/%d/%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn discovery_picks_the_narrowest_type_every_value_fits() {
        let items = [
            json!({"links": [], "id": "1", "amount": "10.5", "flag": "T", "day": "1/31/2025", "name": "A"}),
            json!({"links": [], "id": "2", "amount": "3", "flag": "F", "day": "12/1/2024", "name": "7"}),
            json!({"links": [], "id": "3"}),
        ];
        assert_eq!(
            discover(&items),
            [
                ("id".to_owned(), ColumnType::Integer),
                ("amount".to_owned(), ColumnType::Float),
                ("day".to_owned(), ColumnType::Date),
                ("flag".to_owned(), ColumnType::Boolean),
                ("name".to_owned(), ColumnType::Text),
            ]
        );
    }

    #[test]
    fn dates_in_both_formats() {
        assert_eq!(
            parse_date("1/31/2025"),
            chrono::NaiveDate::from_ymd_opt(2025, 1, 31)
        );
        assert_eq!(
            parse_date("2025-01-31"),
            chrono::NaiveDate::from_ymd_opt(2025, 1, 31)
        );
        assert_eq!(parse_date("31/1/2025"), None);
    }
}
