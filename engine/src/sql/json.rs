//! JSON in a SQL engine without a JSON type: text, checked, marked with the `arrow.json` extension so
//! the front ends describe it as `json`; `json_build_object()`.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::StringArray;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::arrow::error::ArrowError;
use datafusion::common::{ScalarValue, cast::as_string_array, exec_err};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};

/// `json_text()` and `json_build_object()`.
pub(crate) fn functions() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(JsonBuildObject {
            signature: Signature::variadic_any(Volatility::Stable),
        }),
        ScalarUDF::from(JsonText {
            signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
        }),
    ]
}

/// The Arrow extension that marks a text column as JSON, so pgwire describes it as `json`.
pub const JSON_EXTENSION: &str = "arrow.json";

/// The text field of a `json` value: Utf8 marked with the canonical `arrow.json` extension.
pub(crate) fn json_field(name: &str) -> FieldRef {
    let metadata = HashMap::from([(
        "ARROW:extension:name".to_string(),
        JSON_EXTENSION.to_string(),
    )]);
    Arc::new(Field::new(name, DataType::Utf8, true).with_metadata(metadata))
}

/// Whether `field` holds JSON text.
pub fn is_json(field: &Field) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn json_objects_are_built_in_argument_order() {
        let context = datafusion::prelude::SessionContext::new();
        for udf in functions() {
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
}
