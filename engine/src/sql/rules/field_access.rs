//! `(row).field`, PostgreSQL's field selection from a composite value.

use datafusion::sql::sqlparser::ast::{AccessExpr, Expr, Value};

use super::Rule;
use super::ast::function;

/// `(row).field`, PostgreSQL's field selection from a composite value, as `get_field(row, 'field')`.
#[derive(Debug)]
pub(crate) struct FieldAccess;

impl Rule for FieldAccess {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let Expr::CompoundFieldAccess { root, access_chain } = expr else {
            return;
        };
        let mut fields = Vec::with_capacity(access_chain.len());
        for access in access_chain.iter() {
            match access {
                AccessExpr::Dot(Expr::Identifier(field)) => fields.push(field.value.clone()),
                _ => return,
            }
        }
        let mut value = root.as_ref().clone();
        while let Expr::Nested(inner) = value {
            value = *inner;
        }
        for field in fields {
            let name = Expr::Value(Value::SingleQuotedString(field).with_empty_span());
            value = function("get_field", vec![value, name], vec![]);
        }
        *expr = value;
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn composite_fields_are_struct_fields() {
        insta::assert_snapshot!(
            rewritten("SELECT (f(x)).n, (r.keys).x FROM r"),
            @"SELECT get_field(f(x), 'n'), get_field(r.keys, 'x') FROM r"
        );
    }
}
