//! Writes the warehouse tables as a SQLite database and as Parquet files, the way a company's usage and
//! support data sits in a warehouse or a lake.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow::datatypes::{DataType, Field as ArrowField, Schema, TimeUnit};
use arrow::record_batch::RecordBatch;
use chrono::{Datelike, NaiveDate};
use parquet::arrow::ArrowWriter;

use crate::data::{FieldType, Table, Value};
use crate::{Company, Error};

/// Where [`write_warehouse`] put the files.
#[derive(Debug, Clone)]
pub struct WarehouseFiles {
    /// The SQLite database, one table per warehouse table.
    pub sqlite: PathBuf,
    /// The folder of Parquet files, one `<table>.parquet` per table.
    pub parquet_dir: PathBuf,
    /// The table names.
    pub tables: Vec<String>,
}

/// Writes `dir/warehouse.db` and `dir/parquet/<table>.parquet`, replacing earlier copies.
pub fn write_warehouse(company: &Company, dir: &Path) -> Result<WarehouseFiles, Error> {
    let parquet_dir = dir.join("parquet");
    std::fs::create_dir_all(&parquet_dir).map_err(|e| write_error(&parquet_dir, e))?;
    let sqlite = dir.join("warehouse.db");
    let tmp = dir.join("warehouse.db.tmp");
    let _ = std::fs::remove_file(&tmp);
    write_sqlite(company.warehouse.tables(), &tmp).map_err(|e| write_error(&sqlite, e))?;
    std::fs::rename(&tmp, &sqlite).map_err(|e| write_error(&sqlite, e))?;
    let mut tables = Vec::new();
    for table in company.warehouse.tables() {
        let path = parquet_dir.join(format!("{}.parquet", table.name));
        write_parquet(table, &path).map_err(|e| write_error(&path, e))?;
        tables.push(table.name.clone());
    }
    Ok(WarehouseFiles {
        sqlite,
        parquet_dir,
        tables,
    })
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// The type a column is stored as: an id column holding integers is an integer column.
fn storage_type(table: &Table, i: usize) -> FieldType {
    let ty = table.fields.get(i).map_or(FieldType::String, |f| f.ty);
    let holds_ints = table
        .rows
        .first()
        .and_then(|r| r.get(i))
        .is_some_and(|v| matches!(v, Value::Int(_)));
    if ty == FieldType::Id && holds_ints {
        FieldType::Int
    } else {
        ty
    }
}

/// The declared type: SQLite stores dates and times as ISO text, and `DATE`/`TIMESTAMP` say which is which.
fn sqlite_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Int => "INTEGER",
        FieldType::Boolean => "BOOLEAN",
        FieldType::Double | FieldType::Currency | FieldType::Percent => "REAL",
        FieldType::Date => "DATE",
        FieldType::DateTime => "TIMESTAMP",
        _ => "TEXT",
    }
}

fn write_sqlite(tables: &[Table], path: &Path) -> Result<(), rusqlite::Error> {
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    for table in tables {
        let columns: Vec<String> = table
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let key = if i == 0 && f.ty == FieldType::Id {
                    " PRIMARY KEY"
                } else {
                    ""
                };
                format!(
                    "\"{}\" {}{key}",
                    f.name,
                    sqlite_type(storage_type(table, i))
                )
            })
            .collect();
        tx.execute_batch(&format!(
            "CREATE TABLE \"{}\" ({});",
            table.name,
            columns.join(", ")
        ))?;
        let placeholders = vec!["?"; table.fields.len()].join(", ");
        let mut insert = tx.prepare(&format!(
            "INSERT INTO \"{}\" VALUES ({placeholders})",
            table.name
        ))?;
        for row in &table.rows {
            let params: Vec<rusqlite::types::Value> = row.iter().map(sqlite_value).collect();
            insert.execute(rusqlite::params_from_iter(params))?;
        }
    }
    tx.commit()
}

fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        Value::Null => S::Null,
        Value::Bool(b) => S::Integer(i64::from(*b)),
        Value::Int(i) => S::Integer(*i),
        Value::Float(f) => S::Real(*f),
        Value::Text(s) => S::Text(s.clone()),
        Value::Date(d) => S::Text(d.to_string()),
        Value::DateTime(t) => S::Text(t.format("%Y-%m-%d %H:%M:%S").to_string()),
    }
}

fn arrow_type(ty: FieldType) -> DataType {
    match ty {
        FieldType::Int => DataType::Int64,
        FieldType::Double | FieldType::Currency | FieldType::Percent => DataType::Float64,
        FieldType::Boolean => DataType::Boolean,
        FieldType::Date => DataType::Date32,
        FieldType::DateTime => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        _ => DataType::Utf8,
    }
}

fn write_parquet(
    table: &Table,
    path: &Path,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let schema = Arc::new(Schema::new(
        table
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                ArrowField::new(
                    &f.name,
                    arrow_type(storage_type(table, i)),
                    f.nillable || f.ty != FieldType::Id,
                )
            })
            .collect::<Vec<_>>(),
    ));
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let columns: Vec<ArrayRef> = table
        .fields
        .iter()
        .enumerate()
        .map(|(i, _)| -> ArrayRef {
            let values = table.rows.iter().map(|r| r.get(i).unwrap_or(&Value::Null));
            match arrow_type(storage_type(table, i)) {
                DataType::Int64 => {
                    let mut b = Int64Builder::new();
                    values.for_each(|v| {
                        b.append_option(if let Value::Int(x) = v {
                            Some(*x)
                        } else {
                            None
                        })
                    });
                    Arc::new(b.finish())
                }
                DataType::Float64 => {
                    let mut b = Float64Builder::new();
                    values.for_each(|v| b.append_option(v.as_f64()));
                    Arc::new(b.finish())
                }
                DataType::Boolean => {
                    let mut b = BooleanBuilder::new();
                    values.for_each(|v| {
                        b.append_option(if let Value::Bool(x) = v {
                            Some(*x)
                        } else {
                            None
                        })
                    });
                    Arc::new(b.finish())
                }
                DataType::Date32 => {
                    let mut b = Date32Builder::new();
                    values.for_each(|v| {
                        b.append_option(if let Value::Date(d) = v {
                            Some(d.num_days_from_ce() - epoch.num_days_from_ce())
                        } else {
                            None
                        })
                    });
                    Arc::new(b.finish())
                }
                DataType::Timestamp(..) => {
                    let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
                    values.for_each(|v| {
                        b.append_option(if let Value::DateTime(t) = v {
                            Some(t.timestamp_micros())
                        } else {
                            None
                        })
                    });
                    Arc::new(b.finish())
                }
                _ => {
                    let mut b = StringBuilder::new();
                    values.for_each(|v| b.append_option(v.as_text()));
                    Arc::new(b.finish())
                }
            }
        })
        .collect();
    let batch = RecordBatch::try_new(Arc::clone(&schema), columns)?;
    let file = std::fs::File::create(path)?;
    let mut writer = ArrowWriter::try_new(file, schema, None)?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(())
}
