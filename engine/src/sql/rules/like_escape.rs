//! `LIKE ... ESCAPE 'c'` with another escape character than the backslash.

use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{ScalarValue, cast::as_string_array, exec_err};
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::sql::sqlparser::ast::{Expr, Value};
use std::sync::Arc;

use super::Rule;
use super::ast::function;

/// `x LIKE p ESCAPE '/'` (SQLAlchemy's inspector) as `x LIKE like_escape(p, '/')`: DataFusion takes
/// only the backslash as escape character, so the pattern is re-escaped with it.
#[derive(Debug)]
pub(crate) struct LikeEscape;

impl Rule for LikeEscape {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let (Expr::Like {
            pattern,
            escape_char,
            ..
        }
        | Expr::ILike {
            pattern,
            escape_char,
            ..
        }) = expr
        else {
            return;
        };
        let Some(escape) = escape_char.as_ref() else {
            return;
        };
        let Value::SingleQuotedString(text) = &escape.value else {
            return;
        };
        if text == "\\" {
            return;
        }
        let escape = Expr::Value(Value::SingleQuotedString(text.clone()).with_empty_span());
        **pattern = function(LIKE_ESCAPE, vec![pattern.as_ref().clone(), escape], vec![]);
        *escape_char = None;
    }
}

/// The name of [`like_escape`], which [`LikeEscape`] puts around a LIKE pattern with its own escape
/// character.
pub(crate) const LIKE_ESCAPE: &str = "like_escape";

/// `like_escape(pattern, escape)`: a LIKE pattern written with escape character `escape`, rewritten
/// with the backslash (the only one DataFusion takes), meaning the same.
pub(crate) fn like_escape() -> ScalarUDF {
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

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;
    use super::rescape;

    #[test]
    fn like_patterns_are_reescaped_with_backslashes() {
        assert_eq!(rescape("pg/_%", Some('/')), "pg\\_%");
        assert_eq!(rescape("a\\b//c", Some('/')), "a\\\\b\\/c");
        assert_eq!(rescape("a\\_", None), "a\\\\_");
    }

    #[test]
    fn like_escape_characters_become_backslashes() {
        insta::assert_snapshot!(
            rewritten("SELECT 1 FROM n WHERE nspname NOT LIKE 'pg/_' || '%' ESCAPE '/'"),
            @"SELECT 1 FROM n WHERE nspname NOT LIKE like_escape('pg/_' || '%', '/')"
        );
        let plain = "SELECT 1 FROM n WHERE nspname LIKE 'a\\_%' ESCAPE '\\'";
        assert_eq!(rewritten(plain), plain);
    }
}
