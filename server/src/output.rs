//! Result encodings shared by HTTP and `aos query`: JSON, CSV, Arrow IPC stream, and a text table.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::arrow::json::writer::{EncoderOptions, make_encoder};
use datafusion::arrow::util::pretty::pretty_format_batches;

/// A result encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// `{"columns":[{"name","type"}],"rows":[[...]]}`, with PostgreSQL type names (`int8`, `text`, ...).
    Json,
    /// CSV with a header row.
    Csv,
    /// Arrow IPC stream.
    Arrow,
    /// An aligned text table (collects the whole result first).
    Table,
}

impl Format {
    /// The media type of this encoding.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Arrow => "application/vnd.apache.arrow.stream",
            Self::Table => "text/plain; charset=utf-8",
        }
    }
}

/// The PostgreSQL name of a column type, as psql shows it over pgwire; Arrow's name where none fits.
fn type_name(data_type: &datafusion::arrow::datatypes::DataType) -> String {
    match datafusion_postgres::arrow_pg::datatypes::into_pg_type(data_type) {
        Ok(pg_type) => pg_type.name().to_string(),
        Err(_) => data_type.to_string(),
    }
}

/// Encodes a result batch by batch: `begin`, then `batch` for each batch, then `finish`.
pub(crate) enum Encoder {
    Json {
        rows_written: bool,
    },
    Csv {
        header_written: bool,
    },
    Arrow(Box<StreamWriter<Vec<u8>>>),
    Table {
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
    },
}

impl Encoder {
    /// Starts encoding a result of `schema`; returns the encoder and the bytes that open the output.
    pub(crate) fn begin(format: Format, schema: &SchemaRef) -> Result<(Self, Vec<u8>), ArrowError> {
        let mut out = Vec::new();
        let encoder = match format {
            Format::Json => {
                let columns: Vec<serde_json::Value> = schema
                    .fields()
                    .iter()
                    .map(
                        |f| serde_json::json!({"name": f.name(), "type": type_name(f.data_type())}),
                    )
                    .collect();
                out.extend_from_slice(b"{\"columns\":");
                serde_json::to_writer(&mut out, &columns)
                    .map_err(|e| ArrowError::JsonError(e.to_string()))?;
                out.extend_from_slice(b",\"rows\":[");
                Self::Json {
                    rows_written: false,
                }
            }
            Format::Csv => {
                // An empty batch writes just the header, so an empty result still names its columns.
                csv::WriterBuilder::new()
                    .with_header(true)
                    .build(&mut out)
                    .write(&RecordBatch::new_empty(Arc::clone(schema)))?;
                Self::Csv {
                    header_written: true,
                }
            }
            Format::Arrow => {
                let mut writer = StreamWriter::try_new(Vec::new(), schema)?;
                out = std::mem::take(writer.get_mut());
                Self::Arrow(Box::new(writer))
            }
            Format::Table => Self::Table {
                schema: Arc::clone(schema),
                batches: Vec::new(),
            },
        };
        Ok((encoder, out))
    }

    /// Encodes one batch; returns the bytes to send (none for a table, which is printed at the end).
    pub(crate) fn batch(&mut self, batch: &RecordBatch) -> Result<Vec<u8>, ArrowError> {
        let mut out = Vec::new();
        match self {
            Self::Json { rows_written } => {
                let options = EncoderOptions::default();
                let fields = batch.schema().fields().clone();
                let mut encoders = fields
                    .iter()
                    .zip(batch.columns())
                    .map(|(field, column)| make_encoder(field, column.as_ref(), &options))
                    .collect::<Result<Vec<_>, _>>()?;
                for row in 0..batch.num_rows() {
                    if *rows_written {
                        out.push(b',');
                    }
                    *rows_written = true;
                    out.push(b'[');
                    for (i, encoder) in encoders.iter_mut().enumerate() {
                        if i > 0 {
                            out.push(b',');
                        }
                        if encoder.is_null(row) {
                            out.extend_from_slice(b"null");
                        } else {
                            encoder.encode(row, &mut out);
                        }
                    }
                    out.push(b']');
                }
            }
            Self::Csv { header_written } => {
                csv::WriterBuilder::new()
                    .with_header(!*header_written)
                    .build(&mut out)
                    .write(batch)?;
                *header_written = true;
            }
            Self::Arrow(writer) => {
                writer.write(batch)?;
                out = std::mem::take(writer.get_mut());
            }
            Self::Table { batches, .. } => batches.push(batch.clone()),
        }
        Ok(out)
    }

    /// Closes the output; returns its last bytes.
    pub(crate) fn finish(&mut self) -> Result<Vec<u8>, ArrowError> {
        match self {
            Self::Json { .. } => Ok(b"]}\n".to_vec()),
            Self::Csv { .. } => Ok(Vec::new()),
            Self::Arrow(writer) => {
                writer.finish()?;
                Ok(std::mem::take(writer.get_mut()))
            }
            Self::Table { schema, batches } => {
                let table = if batches.is_empty() {
                    pretty_format_batches(&[RecordBatch::new_empty(Arc::clone(schema))])?
                } else {
                    pretty_format_batches(batches)?
                };
                let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
                Ok(format!(
                    "{table}\n({rows} row{})\n",
                    if rows == 1 { "" } else { "s" }
                )
                .into_bytes())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Decimal128Array, Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    fn encode(format: Format) -> String {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("name", DataType::Utf8, true),
            Field::new("amount", DataType::Decimal128(10, 2), true),
        ]));
        let batch = RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(Int64Array::from(vec![1, 2])),
                Arc::new(StringArray::from(vec![Some("a \"q\""), None])),
                Arc::new(
                    Decimal128Array::from(vec![Some(1234), None])
                        .with_precision_and_scale(10, 2)
                        .unwrap_or_else(|e| panic!("{e}")),
                ),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (mut encoder, mut out) =
            Encoder::begin(format, &schema).unwrap_or_else(|e| panic!("{e}"));
        out.extend(encoder.batch(&batch).unwrap_or_else(|e| panic!("{e}")));
        out.extend(encoder.batch(&batch).unwrap_or_else(|e| panic!("{e}")));
        out.extend(encoder.finish().unwrap_or_else(|e| panic!("{e}")));
        String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn json_rows_are_arrays_with_nulls_and_exact_decimals() {
        let value: serde_json::Value =
            serde_json::from_str(&encode(Format::Json)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            value["columns"][2],
            serde_json::json!({"name": "amount", "type": "numeric"})
        );
        assert_eq!(value["rows"][0], serde_json::json!([1, "a \"q\"", 12.34]));
        assert_eq!(value["rows"][1], serde_json::json!([2, null, null]));
        assert_eq!(value["rows"].as_array().map(Vec::len), Some(4));
    }

    #[test]
    fn csv_has_one_header() {
        assert_eq!(
            encode(Format::Csv),
            "id,name,amount\n1,\"a \"\"q\"\"\",12.34\n2,,\n1,\"a \"\"q\"\"\",12.34\n2,,\n"
        );
    }
}
