//! How an answer to a question in English is shown: the JSON body of `POST /v1/nlq` and `aos nlq
//! --json`, and the text `aos nlq` prints. The engine answers ([`aos_engine::Engine::ask`]); this
//! module only presents its typed [`Answer`].

use aos_engine::{Answer, Table};
use datafusion::arrow::array::Array;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::util::display::array_value_to_string;
use serde_json::{Value, json};

use crate::output::{Encoder, Format};

/// The columns (`[{name, type}]`) and rows (arrays of JSON values) of `table`, encoded as
/// `POST /v1/query` encodes results.
fn columns_and_rows(table: &Table) -> Result<(Value, Value), ArrowError> {
    let (mut encoder, mut out) = Encoder::begin(Format::Json, &table.schema)?;
    for batch in &table.batches {
        out.extend(encoder.batch(batch)?);
    }
    out.extend(encoder.finish()?);
    let mut value: Value =
        serde_json::from_slice(&out).map_err(|e| ArrowError::JsonError(e.to_string()))?;
    Ok((value["columns"].take(), value["rows"].take()))
}

/// The answer as `POST /v1/nlq` returns it.
pub(crate) fn answer_json(answer: &Answer) -> Result<Value, ArrowError> {
    let (columns, rows) = match &answer.table {
        Some(table) => columns_and_rows(table)?,
        None => (json!([]), json!([])),
    };
    let mut body = json!({
        "question": answer.question,
        "persona": answer.persona,
        "sql": answer.sql,
        "computed": answer.computed,
        "semantic_query": answer.semantic_query,
        "columns": columns,
        "rows": rows,
        "confidence": answer.confidence,
    });
    if let Some(trend) = &answer.trend {
        body["trend"] = json!(trend);
    }
    if let Some(dashboard) = &answer.dashboard {
        let mut widgets = Vec::with_capacity(dashboard.widgets.len());
        for w in &dashboard.widgets {
            let (columns, rows) = columns_and_rows(&w.table)?;
            widgets.push(json!({
                "kind": w.kind,
                "title": w.title,
                "sql": w.sql,
                "semantic_query": w.semantic_query,
                "columns": columns,
                "rows": rows,
                "confidence": answer.confidence,
                "trend": w.trend,
                "x": w.x, "y": w.y, "w": w.w, "h": w.h,
            }));
        }
        body["dashboard"] = json!({
            "title": dashboard.title,
            "persona": dashboard.persona,
            "widgets": widgets,
        });
    }
    if !answer.clarifications.is_empty() {
        body["clarifications"] = json!(answer.clarifications);
    }
    Ok(body)
}

/// A table for a terminal: the column names, then one line per row, cells separated by ` | `.
fn write_table(out: &mut String, table: &Table) {
    use std::fmt::Write;
    let names: Vec<&str> = table
        .schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    let _ = writeln!(out, "{}", names.join(" | "));
    for batch in &table.batches {
        for row in 0..batch.num_rows() {
            let cells: Vec<String> = batch
                .columns()
                .iter()
                .map(|column| {
                    if column.is_null(row) {
                        "NULL".to_string()
                    } else {
                        array_value_to_string(column, row).unwrap_or_else(|e| e.to_string())
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", cells.join(" | "));
        }
    }
}

fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "null".to_string(), |v| v.to_string())
}

/// An answer for a terminal: the SQL, the rows, the confidence, the trend or the clarifications.
pub(crate) fn render(answer: &Answer) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if let (Some(sql), Some(table)) = (&answer.sql, &answer.table) {
        let _ = writeln!(out, "SQL: {sql}");
        if let Some(computed) = &answer.computed {
            let _ = writeln!(out, "computed: {computed}");
        }
        let _ = writeln!(out);
        write_table(&mut out, table);
    }
    if let Some(dashboard) = &answer.dashboard {
        let _ = writeln!(out, "{}", dashboard.title);
        for w in &dashboard.widgets {
            let kind = serde_json::to_value(w.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(out, "\n## {} ({kind})", w.title);
            write_table(&mut out, &w.table);
        }
    }
    let confidence = &answer.confidence;
    let level = serde_json::to_value(confidence.level)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let _ = writeln!(out, "\nconfidence: {level} ({})", confidence.score);
    for reason in &confidence.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    if let Some(trend) = &answer.trend {
        let direction = serde_json::to_value(trend.direction)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "trend: {direction} ({} vs {} in {})",
            figure(trend.current),
            figure(trend.previous),
            if trend.previous_period.label.is_empty() {
                "the period before"
            } else {
                &trend.previous_period.label
            }
        );
    }
    if !answer.clarifications.is_empty() {
        let _ = writeln!(out, "did you mean:");
        for option in &answer.clarifications {
            let _ = writeln!(out, "  - {option}");
        }
    }
    out.trim_end().to_string()
}
