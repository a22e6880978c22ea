//! PostgreSQL functions clients call while connecting, which DataFusion lacks or answers differently.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int32Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, cast::as_string_array};
use datafusion::error::Result;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use pgwire::api::Type;

/// `version()`: PostgreSQL's shape, so drivers (SQLAlchemy, asyncpg, JDBC) parse a version from it.
pub(crate) fn version() -> ScalarUDF {
    let version = ScalarValue::Utf8(Some(super::version_string()));
    create_udf(
        "version",
        vec![],
        DataType::Utf8,
        Volatility::Stable,
        Arc::new(move |_| Ok(ColumnarValue::Scalar(version.clone()))),
    )
}

/// `to_regtype(name)`: the OID of a built-in type by name or SQL alias, NULL for any other name (as for a
/// type that is not installed). SQLAlchemy's psycopg dialect calls it on connect to look for `hstore`.
pub(crate) fn to_regtype() -> ScalarUDF {
    create_udf(
        "to_regtype",
        vec![DataType::Utf8],
        DataType::Int32,
        Volatility::Stable,
        Arc::new(to_regtype_impl),
    )
}

fn to_regtype_impl(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let arrays = ColumnarValue::values_to_arrays(args)?;
    let names = as_string_array(&arrays[0])?;
    let oids: Int32Array = names
        .iter()
        .map(|name| name.and_then(builtin_type_oid))
        .collect();
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let array: ArrayRef = Arc::new(oids);
    if scalar {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &array, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(array))
    }
}

/// The OID of a built-in type, by its catalog name or a common SQL alias (case-insensitive).
fn builtin_type_oid(name: &str) -> Option<i32> {
    let name = name.trim().to_ascii_lowercase();
    let name = name.strip_prefix("pg_catalog.").unwrap_or(&name);
    let canonical = match name {
        "boolean" => "bool",
        "bigint" => "int8",
        "smallint" => "int2",
        "integer" | "int" => "int4",
        "real" => "float4",
        "double precision" => "float8",
        "character varying" => "varchar",
        "character" => "bpchar",
        "decimal" => "numeric",
        "timestamp without time zone" => "timestamp",
        "timestamp with time zone" => "timestamptz",
        "time without time zone" => "time",
        other => other,
    };
    let builtins = [
        Type::BOOL,
        Type::BYTEA,
        Type::CHAR,
        Type::NAME,
        Type::INT8,
        Type::INT2,
        Type::INT4,
        Type::TEXT,
        Type::OID,
        Type::JSON,
        Type::XML,
        Type::FLOAT4,
        Type::FLOAT8,
        Type::BPCHAR,
        Type::VARCHAR,
        Type::DATE,
        Type::TIME,
        Type::TIMESTAMP,
        Type::TIMESTAMPTZ,
        Type::INTERVAL,
        Type::NUMERIC,
        Type::UUID,
        Type::JSONB,
        Type::REGTYPE,
        Type::REGCLASS,
        Type::REGPROC,
    ];
    builtins
        .iter()
        .find(|t| t.name() == canonical)
        .and_then(|t| i32::try_from(t.oid()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::StringArray;

    #[test]
    fn builtin_names_and_aliases_resolve() {
        assert_eq!(builtin_type_oid("int4"), Some(23));
        assert_eq!(builtin_type_oid("Integer"), Some(23));
        assert_eq!(builtin_type_oid("pg_catalog.text"), Some(25));
        assert_eq!(builtin_type_oid("double precision"), Some(701));
        assert_eq!(builtin_type_oid("hstore"), None);
        let names = StringArray::from(vec![Some("bool"), None, Some("nope")]);
        let out = to_regtype_impl(&[ColumnarValue::Array(Arc::new(names))]).unwrap();
        let ColumnarValue::Array(out) = out else {
            panic!("scalar")
        };
        let out = out.as_any().downcast_ref::<Int32Array>().unwrap();
        assert_eq!(out.iter().collect::<Vec<_>>(), vec![Some(16), None, None]);
    }
}
