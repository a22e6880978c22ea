//! PostgreSQL functions clients call while connecting, which DataFusion lacks or answers differently.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int32Array, Int64Array, StringArray};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{ScalarValue, cast::as_string_array, exec_err, not_impl_err};
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, TypeSignature,
    Volatility, create_udf,
};
use pgwire::api::Type;

/// The functions psql, JDBC, SQLAlchemy, Metabase and the other clients call on top of what
/// datafusion-pg-catalog registers.
pub(crate) fn client_functions() -> Vec<ScalarUDF> {
    let always_true = |name: &str| {
        create_udf(
            name,
            vec![DataType::Int32],
            DataType::Boolean,
            Volatility::Stable,
            Arc::new(|args| map_rows(args, |_| ScalarValue::Boolean(Some(true)))),
        )
    };
    // aos stores no comments and knows no sizes of remote tables: these answer NULL, as PostgreSQL does
    // for an object without a comment.
    let unknown = |name: &str, args: Vec<DataType>, result: DataType| {
        ScalarUDF::from(Unknown {
            name: name.to_string(),
            signature: Signature::any(args.len(), Volatility::Stable),
            result,
        })
    };
    vec![
        version(),
        to_regtype(),
        // Every type and function aos lists is on the search path.
        always_true("pg_type_is_visible"),
        always_true("pg_function_is_visible"),
        unknown(
            "obj_description",
            vec![DataType::Int32, DataType::Utf8],
            DataType::Utf8,
        ),
        unknown(
            "col_description",
            vec![DataType::Int32, DataType::Int32],
            DataType::Utf8,
        ),
        unknown(
            "shobj_description",
            vec![DataType::Int32, DataType::Utf8],
            DataType::Utf8,
        ),
        unknown("pg_table_size", vec![DataType::Int32], DataType::Int64),
        unknown("pg_indexes_size", vec![DataType::Int32], DataType::Int64),
        unknown("pg_database_size", vec![DataType::Utf8], DataType::Int64),
        unknown(
            "pg_get_function_result",
            vec![DataType::Int32],
            DataType::Utf8,
        ),
        unknown(
            "pg_get_function_arguments",
            vec![DataType::Int32],
            DataType::Utf8,
        ),
        // aos has no sequences: NULL, as PostgreSQL answers for a column that owns none.
        unknown(
            "pg_get_serial_sequence",
            vec![DataType::Utf8, DataType::Utf8],
            DataType::Utf8,
        ),
        pg_size_pretty(),
        current_setting(),
        set_config(),
        ScalarUDF::from(ExpandArray {
            signature: Signature::any(1, Volatility::Immutable),
        }),
    ]
}

/// `information_schema._pg_expandarray(array)`, which pgjdbc's `getPrimaryKeys` and `getIndexInfo`
/// call over `pg_index.indkey`: in PostgreSQL a set-returning function of `(x, n)` rows, one per
/// element. Here it returns them as a list, and `the `UnnestExpandArray` rule` unnests each call, so that rows come
/// out as in PostgreSQL. `indkey` is an `int2vector`, text (`"1 2"`) in datafusion-pg-catalog.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ExpandArray {
    signature: Signature,
}

impl ExpandArray {
    fn row_fields() -> datafusion::arrow::datatypes::Fields {
        vec![
            Field::new("x", DataType::Int32, true),
            Field::new("n", DataType::Int32, true),
        ]
        .into()
    }

    fn list_type() -> DataType {
        DataType::List(Arc::new(Field::new_list_field(
            DataType::Struct(Self::row_fields()),
            true,
        )))
    }

    fn elements(value: &ScalarValue) -> Result<Option<Vec<Option<i32>>>> {
        if value.is_null() {
            return Ok(None);
        }
        match value {
            ScalarValue::Utf8(Some(text)) | ScalarValue::LargeUtf8(Some(text)) => {
                let text = text.trim().trim_start_matches('{').trim_end_matches('}');
                text.split([' ', ','])
                    .filter(|part| !part.is_empty())
                    .map(|part| match part.parse::<i32>() {
                        Ok(x) => Ok(Some(x)),
                        Err(_) => exec_err!("_pg_expandarray: {part:?} is not an integer"),
                    })
                    .collect::<Result<Vec<_>>>()
                    .map(Some)
            }
            ScalarValue::List(list) => {
                let elements = list.value(0);
                (0..elements.len())
                    .map(|i| {
                        match ScalarValue::try_from_array(&elements, i)?
                            .cast_to(&DataType::Int32)?
                        {
                            ScalarValue::Int32(x) => Ok(x),
                            _ => Ok(None),
                        }
                    })
                    .collect::<Result<Vec<_>>>()
                    .map(Some)
            }
            other => exec_err!("_pg_expandarray expects an array, not {other}"),
        }
    }
}

impl ScalarUDFImpl for ExpandArray {
    fn name(&self) -> &str {
        "_pg_expandarray"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(Self::list_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        use datafusion::arrow::array::Int32Builder;
        use datafusion::arrow::array::{ListBuilder, StructBuilder};
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let mut builder = ListBuilder::new(StructBuilder::from_fields(Self::row_fields(), 0))
            .with_field(Arc::new(Field::new_list_field(
                DataType::Struct(Self::row_fields()),
                true,
            )));
        for i in 0..arrays[0].len() {
            match Self::elements(&ScalarValue::try_from_array(&arrays[0], i)?)? {
                None => builder.append(false),
                Some(elements) => {
                    let rows = builder.values();
                    for (n, x) in elements.into_iter().enumerate() {
                        let n = i32::try_from(n + 1).unwrap_or(i32::MAX);
                        let Some(xs) = rows.field_builder::<Int32Builder>(0) else {
                            return exec_err!("_pg_expandarray: row builder");
                        };
                        xs.append_option(x);
                        let Some(ns) = rows.field_builder::<Int32Builder>(1) else {
                            return exec_err!("_pg_expandarray: row builder");
                        };
                        ns.append_value(n);
                        rows.append(true);
                    }
                    builder.append(true);
                }
            }
        }
        Ok(ColumnarValue::Array(Arc::new(builder.finish())))
    }
}

/// A function whose answer aos does not know for any argument (a comment, a remote size): NULL of its
/// type, whatever the argument types (clients pass oids as int4 or int8).
#[derive(Debug, PartialEq, Eq, Hash)]
struct Unknown {
    name: String,
    signature: Signature,
    result: DataType,
}

impl ScalarUDFImpl for Unknown {
    fn name(&self) -> &str {
        &self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(self.result.clone())
    }

    fn invoke_with_args(&self, _: ScalarFunctionArgs) -> Result<ColumnarValue> {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from(&self.result)?))
    }
}

/// Applies `f` to every row of the first argument.
fn map_rows(
    args: &[ColumnarValue],
    f: impl Fn(&ScalarValue) -> ScalarValue,
) -> Result<ColumnarValue> {
    match args.first() {
        Some(ColumnarValue::Scalar(value)) => Ok(ColumnarValue::Scalar(f(value))),
        Some(ColumnarValue::Array(array)) => {
            let values = (0..array.len())
                .map(|i| ScalarValue::try_from_array(array, i).map(|v| f(&v)))
                .collect::<Result<Vec<_>>>()?;
            Ok(ColumnarValue::Array(ScalarValue::iter_to_array(values)?))
        }
        None => exec_err!("missing argument"),
    }
}

/// `pg_size_pretty(bigint)`: bytes in PostgreSQL's units (bytes, kB, MB, GB, TB, PB; 1024 apart,
/// rounded half up, switching units at 10240 of the smaller one).
fn pg_size_pretty() -> ScalarUDF {
    create_udf(
        "pg_size_pretty",
        vec![DataType::Int64],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(|args| {
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let Some(sizes) = arrays[0].as_any().downcast_ref::<Int64Array>() else {
                return exec_err!("pg_size_pretty expects a bigint");
            };
            let pretty: StringArray = sizes.iter().map(|s| s.map(size_pretty)).collect();
            Ok(ColumnarValue::Array(Arc::new(pretty)))
        }),
    )
}

fn size_pretty(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    let mut size = bytes;
    if size.unsigned_abs() < 10 * 1024 {
        return format!("{size} bytes");
    }
    for (i, unit) in UNITS.iter().enumerate() {
        // Halve first and round, as PostgreSQL does, so 10239.5 kB is 10240 kB.
        let half = size / 512;
        let rounded = (half + half.signum()) / 2;
        if rounded.unsigned_abs() < 10 * 1024 || i == UNITS.len() - 1 {
            return format!("{rounded} {unit}");
        }
        size /= 1024;
    }
    format!("{bytes} bytes")
}

/// `current_setting(name [, missing_ok])`: the server's value of a PostgreSQL setting; an unknown name
/// is an error unless `missing_ok` (then NULL), as in PostgreSQL.
/// `set_config(name, value, is_local)`, which asyncpg calls to turn `jit` off around its type
/// introspection: setting a value the setting already has (aos has no JIT, so `jit` is `off`) answers
/// it; any other change is refused (SQLSTATE 0A000), since a function cannot change the connection's
/// settings: `SET` does.
fn set_config() -> ScalarUDF {
    create_udf(
        "set_config",
        vec![DataType::Utf8, DataType::Utf8, DataType::Boolean],
        DataType::Utf8,
        Volatility::Volatile,
        Arc::new(|args| {
            let rows = args
                .iter()
                .find_map(|arg| match arg {
                    ColumnarValue::Array(array) => Some(array.len()),
                    ColumnarValue::Scalar(_) => None,
                })
                .unwrap_or(1);
            let arrays = args
                .iter()
                .map(|arg| arg.to_array(rows))
                .collect::<Result<Vec<_>>>()?;
            let names = as_string_array(&arrays[0])?;
            let values = as_string_array(&arrays[1])?;
            let mut out = Vec::with_capacity(rows);
            for (name, value) in names.iter().zip(values.iter()) {
                let (Some(name), Some(value)) = (name, value) else {
                    out.push(None);
                    continue;
                };
                match super::super::settings::default_value(name) {
                    None => return exec_err!("unrecognized configuration parameter \"{name}\""),
                    Some(current) if current.eq_ignore_ascii_case(value) => out.push(Some(current)),
                    Some(current) => {
                        return not_impl_err!(
                            "set_config cannot change {name} (it is {current}): use SET {name} = ..."
                        );
                    }
                }
            }
            Ok(ColumnarValue::Array(Arc::new(StringArray::from(out))))
        }),
    )
}

fn current_setting() -> ScalarUDF {
    ScalarUDF::from(CurrentSetting {
        signature: Signature::one_of(
            vec![
                TypeSignature::Exact(vec![DataType::Utf8]),
                TypeSignature::Exact(vec![DataType::Utf8, DataType::Boolean]),
            ],
            Volatility::Stable,
        ),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct CurrentSetting {
    signature: Signature,
}

impl ScalarUDFImpl for CurrentSetting {
    fn name(&self) -> &str {
        "current_setting"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        current_setting_impl(&args.args)
    }
}

fn current_setting_impl(args: &[ColumnarValue]) -> Result<ColumnarValue> {
    let arrays = ColumnarValue::values_to_arrays(args)?;
    let names = as_string_array(&arrays[0])?;
    let missing_ok = arrays
        .get(1)
        .and_then(|a| ScalarValue::try_from_array(a, 0).ok())
        .is_some_and(|v| v == ScalarValue::Boolean(Some(true)));
    let mut values = Vec::with_capacity(names.len());
    for name in names.iter() {
        let value = match name {
            None => None,
            Some(name) => match super::super::settings::default_value(name) {
                Some(value) => Some(value),
                None if missing_ok => None,
                None => return exec_err!("unrecognized configuration parameter \"{name}\""),
            },
        };
        values.push(value);
    }
    let array: ArrayRef = Arc::new(StringArray::from(values));
    if args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_))) {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            &array, 0,
        )?))
    } else {
        Ok(ColumnarValue::Array(array))
    }
}

/// `version()`: PostgreSQL's shape, so drivers (SQLAlchemy, asyncpg, JDBC) parse a version from it.
pub(crate) fn version() -> ScalarUDF {
    let version = ScalarValue::Utf8(Some(super::super::version_string()));
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
    fn sizes_print_like_postgres() {
        assert_eq!(size_pretty(0), "0 bytes");
        assert_eq!(size_pretty(10239), "10239 bytes");
        assert_eq!(size_pretty(10240), "10 kB");
        assert_eq!(size_pretty(7_000_000), "6836 kB");
        assert_eq!(size_pretty(10_485_760), "10 MB");
        assert_eq!(size_pretty(-20480), "-20 kB");
    }

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
