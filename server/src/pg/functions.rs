//! PostgreSQL functions clients call while connecting, which DataFusion lacks or answers differently.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int32Array, Int64Array, StringArray, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::arrow::error::ArrowError;
use datafusion::common::{ScalarValue, cast::as_string_array, exec_err, not_impl_err};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::ReturnFieldArgs;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, ColumnarValue, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, TypeSignature, Volatility, create_udf,
};
use pgwire::api::Type;

/// The name of [`ScalarSubqueryValue`], which `super::rewrite` wraps around the column of a scalar
/// subquery.
pub(crate) const SCALAR_SUBQUERY_VALUE: &str = "scalar_subquery_value";

/// The name of [`like_escape`], which `super::rewrite` puts around a LIKE pattern with its own escape
/// character.
pub(crate) const LIKE_ESCAPE: &str = "like_escape";

/// `like_escape(pattern, escape)`: a LIKE pattern written with escape character `escape`, rewritten
/// with the backslash (the only one DataFusion takes), meaning the same.
fn like_escape() -> ScalarUDF {
    create_udf(
        LIKE_ESCAPE,
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(|args| {
            let arrays = ColumnarValue::values_to_arrays(args)?;
            let patterns = as_string_array(&arrays[0])?;
            let escapes = as_string_array(&arrays[1])?;
            let mut out = Vec::with_capacity(patterns.len());
            for (pattern, escape) in patterns.iter().zip(escapes.iter()) {
                let (Some(pattern), Some(escape)) = (pattern, escape) else {
                    out.push(None);
                    continue;
                };
                let mut chars = escape.chars();
                let escape = match (chars.next(), chars.next()) {
                    (escape, None) => escape,
                    _ => {
                        return exec_err!(
                            "invalid escape string: {escape:?} is more than one character"
                        );
                    }
                };
                out.push(Some(rescape(pattern, escape)));
            }
            let array: ArrayRef = Arc::new(StringArray::from(out));
            if args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_))) {
                Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                    &array, 0,
                )?))
            } else {
                Ok(ColumnarValue::Array(array))
            }
        }),
    )
}

/// `pattern` with escape character `escape` (none for `ESCAPE ''`, as in PostgreSQL) rewritten with the
/// backslash.
fn rescape(pattern: &str, escape: Option<char>) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if Some(c) == escape {
            out.push('\\');
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

/// The Arrow extension that marks a text column as JSON, so pgwire describes it as `json`.
pub(crate) const JSON_EXTENSION: &str = "arrow.json";

/// The text field of a `json` value: Utf8 marked with the canonical `arrow.json` extension.
fn json_field(name: &str) -> FieldRef {
    let metadata = HashMap::from([(
        "ARROW:extension:name".to_string(),
        JSON_EXTENSION.to_string(),
    )]);
    Arc::new(Field::new(name, DataType::Utf8, true).with_metadata(metadata))
}

/// Whether `field` holds JSON text.
pub(crate) fn is_json(field: &Field) -> bool {
    field.extension_type_name() == Some(JSON_EXTENSION)
}

/// `CAST(x AS json)`, written `json_text(CAST(x AS text))` by the `JsonCast` rewrite: the text, checked
/// to be JSON (a data exception otherwise), in a field marked as JSON.
#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonText {
    signature: Signature,
}

impl ScalarUDFImpl for JsonText {
    fn name(&self) -> &str {
        JSON_TEXT
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(json_field(self.name()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let check = |text: &str| match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Ok(()),
            // A data exception (SQLSTATE 22000), as a cast that cannot parse its input.
            Err(e) => Err(DataFusionError::from(ArrowError::ParseError(format!(
                "invalid input syntax for type json: {e}"
            )))),
        };
        match args.args.as_slice() {
            [ColumnarValue::Scalar(value)] => {
                if let ScalarValue::Utf8(Some(text)) = value {
                    check(text)?;
                }
                Ok(ColumnarValue::Scalar(value.clone()))
            }
            [ColumnarValue::Array(array)] => {
                for text in as_string_array(array)?.iter().flatten() {
                    check(text)?;
                }
                Ok(ColumnarValue::Array(Arc::clone(array)))
            }
            _ => exec_err!("{JSON_TEXT} takes one text argument"),
        }
    }
}

/// The name of [`JsonText`].
pub(crate) const JSON_TEXT: &str = "json_text";

/// `json_build_object(key, value, ...)`: a JSON object (as text marked as JSON), keys in argument order,
/// SQL NULL values as JSON `null`.
#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonBuildObject {
    signature: Signature,
}

impl ScalarUDFImpl for JsonBuildObject {
    fn name(&self) -> &str {
        "json_build_object"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn return_field_from_args(&self, _args: ReturnFieldArgs) -> Result<FieldRef> {
        Ok(json_field(self.name()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        if !args.args.len().is_multiple_of(2) {
            return exec_err!("json_build_object: argument list must have even number of elements");
        }
        // Every argument as an array of the batch's length (a literal repeats on every row).
        let arrays = args
            .args
            .iter()
            .map(|arg| arg.to_array(args.number_rows))
            .collect::<Result<Vec<_>>>()?;
        let mut objects = Vec::with_capacity(args.number_rows);
        for row in 0..args.number_rows {
            let mut object = serde_json::Map::new();
            for (i, pair) in arrays.chunks(2).enumerate() {
                let key = ScalarValue::try_from_array(&pair[0], row)?;
                let key = match key {
                    k if k.is_null() => {
                        return exec_err!(
                            "json_build_object: argument {}: key must not be null",
                            2 * i + 1
                        );
                    }
                    ScalarValue::Utf8(Some(k))
                    | ScalarValue::LargeUtf8(Some(k))
                    | ScalarValue::Utf8View(Some(k)) => k,
                    other => other.to_string(),
                };
                let value = ScalarValue::try_from_array(&pair[1], row)?;
                object.insert(key, json_value(&value));
            }
            objects.push(Some(serde_json::Value::Object(object).to_string()));
        }
        Ok(ColumnarValue::Array(Arc::new(StringArray::from(objects))))
    }
}

/// A SQL value as JSON, the way PostgreSQL's `to_json` writes the common types.
fn json_value(value: &ScalarValue) -> serde_json::Value {
    use serde_json::Value as Json;
    if value.is_null() {
        return Json::Null;
    }
    match value {
        ScalarValue::Boolean(Some(b)) => Json::Bool(*b),
        ScalarValue::Int8(Some(v)) => (*v).into(),
        ScalarValue::Int16(Some(v)) => (*v).into(),
        ScalarValue::Int32(Some(v)) => (*v).into(),
        ScalarValue::Int64(Some(v)) => (*v).into(),
        ScalarValue::UInt8(Some(v)) => (*v).into(),
        ScalarValue::UInt16(Some(v)) => (*v).into(),
        ScalarValue::UInt32(Some(v)) => (*v).into(),
        ScalarValue::UInt64(Some(v)) => (*v).into(),
        ScalarValue::Float32(Some(v)) => {
            serde_json::Number::from_f64(f64::from(*v)).map_or(Json::Null, Json::Number)
        }
        ScalarValue::Float64(Some(v)) => {
            serde_json::Number::from_f64(*v).map_or(Json::Null, Json::Number)
        }
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Json::String(s.clone()),
        // Decimals are JSON numbers (the same value; trailing zeros are not kept).
        ScalarValue::Decimal128(..) | ScalarValue::Decimal256(..) => {
            let text = value.to_string();
            serde_json::from_str(&text).unwrap_or(Json::String(text))
        }
        other => Json::String(other.to_string()),
    }
}

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
        like_escape(),
        ScalarUDF::from(JsonBuildObject {
            signature: Signature::variadic_any(Volatility::Stable),
        }),
        ScalarUDF::from(JsonText {
            signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
        }),
        ScalarUDF::from(ExpandArray {
            signature: Signature::any(1, Volatility::Immutable),
        }),
    ]
}

/// `information_schema._pg_expandarray(array)`, which pgjdbc's `getPrimaryKeys` and `getIndexInfo`
/// call over `pg_index.indkey`: in PostgreSQL a set-returning function of `(x, n)` rows, one per
/// element. Here it returns them as a list, and `super::rewrite` unnests each call, so that rows come
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
                match super::settings::default_value(name) {
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
            Some(name) => match super::settings::default_value(name) {
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

/// `scalar_subquery_value(x)`: the value of at most one row, NULL for none, an error for more; what a
/// scalar subquery means in PostgreSQL, as an aggregate, so DataFusion can decorrelate the subquery.
pub(crate) fn scalar_subquery_value() -> AggregateUDF {
    AggregateUDF::from(ScalarSubqueryValue {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct ScalarSubqueryValue {
    signature: Signature,
}

impl AggregateUDFImpl for ScalarSubqueryValue {
    fn name(&self) -> &str {
        SCALAR_SUBQUERY_VALUE
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(SingleValue {
            value: ScalarValue::try_from(args.return_field.data_type())?,
            rows: 0,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Arc::new(Field::new("value", args.return_type().clone(), true)),
            Arc::new(Field::new("rows", DataType::UInt64, false)),
        ])
    }
}

#[derive(Debug)]
struct SingleValue {
    value: ScalarValue,
    rows: u64,
}

impl SingleValue {
    fn add(&mut self, rows: u64, value: impl FnOnce() -> Result<ScalarValue>) -> Result<()> {
        if rows == 0 {
            return Ok(());
        }
        self.rows += rows;
        if self.rows > 1 {
            return exec_err!("more than one row returned by a subquery used as an expression");
        }
        self.value = value()?;
        Ok(())
    }
}

impl Accumulator for SingleValue {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let array = &values[0];
        self.add(array.len() as u64, || ScalarValue::try_from_array(array, 0))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(rows) = states[1].as_any().downcast_ref::<UInt64Array>() else {
            return exec_err!("scalar_subquery_value: bad state");
        };
        for (i, n) in rows.iter().enumerate() {
            self.add(n.unwrap_or(0), || {
                ScalarValue::try_from_array(&states[0], i)
            })?;
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![
            self.value.clone(),
            ScalarValue::UInt64(Some(self.rows)),
        ])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(self.value.clone())
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.value.size()
    }
}

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
    fn like_patterns_are_reescaped_with_backslashes() {
        assert_eq!(rescape("pg/_%", Some('/')), "pg\\_%");
        assert_eq!(rescape("a\\b//c", Some('/')), "a\\\\b\\/c");
        assert_eq!(rescape("a\\_", None), "a\\\\_");
    }

    #[tokio::test]
    async fn json_objects_are_built_in_argument_order() {
        let context = datafusion::prelude::SessionContext::new();
        for udf in client_functions() {
            context.register_udf(udf);
        }
        let sql = "SELECT json_build_object('b', 1, 'a', NULL, 'q', 'it''s', 't', true, 'd', \
                   CAST('1.50' AS DECIMAL(5,2)), 'n', column1) FROM (VALUES (2), (NULL)) t";
        let batches = context.sql(sql).await.unwrap().collect().await.unwrap();
        let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches).unwrap();
        assert!(
            text.to_string()
                .contains(r#"{"b":1,"a":null,"q":"it's","t":true,"d":1.5,"n":2}"#)
                && text.to_string().contains(r#""n":null}"#),
            "{text}"
        );
        let odd = context.sql("SELECT json_build_object('a')").await.unwrap();
        let error = odd.collect().await.unwrap_err().to_string();
        assert!(error.contains("even number"), "{error}");
        let null_key = context
            .sql("SELECT json_build_object(NULL, 1)")
            .await
            .unwrap();
        let error = null_key.collect().await.unwrap_err().to_string();
        assert!(error.contains("key must not be null"), "{error}");
    }

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
