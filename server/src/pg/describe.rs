//! Result descriptions: arrow-pg describes every Utf8 column as `text`; columns marked as JSON by the
//! engine are `json` here.

use aos_engine::sql::is_json;
use datafusion::arrow::datatypes::Schema;
use pgwire::api::Type;
use pgwire::api::results::FieldInfo;

/// `fields`, arrow-pg's description of `schema`, with the columns that hold JSON text described as
/// `json` (arrow-pg describes every Utf8 column as `text`); their values are the same bytes in text and
/// binary format.
pub(crate) fn describe_json(schema: &Schema, fields: Vec<FieldInfo>) -> Vec<FieldInfo> {
    fields
        .into_iter()
        .zip(schema.fields())
        .map(|(info, field)| {
            if is_json(field) && *info.datatype() == Type::TEXT {
                FieldInfo::new(
                    info.name().to_string(),
                    info.table_id(),
                    info.column_id(),
                    Type::JSON,
                    info.format(),
                )
                .with_type_size(-1)
            } else {
                info
            }
        })
        .collect()
}
