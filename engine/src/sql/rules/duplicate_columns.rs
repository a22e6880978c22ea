//! Output columns of the same name, which PostgreSQL allows and DataFusion does not.

use std::collections::HashSet;

use datafusion::sql::sqlparser::ast::{Expr, Ident, Query, SelectItem, SetExpr};

use super::Rule;

/// `SELECT pubname, NULL, NULL`: PostgreSQL allows output columns of the same name, DataFusion does
/// not; a repeated unnamed expression gets an alias (`?column?_2`), the first keeps its name.
#[derive(Debug)]
pub(crate) struct NameDuplicateColumns;

impl Rule for NameDuplicateColumns {
    fn rewrite_query(&self, query: &mut Query) {
        fn name_selects(body: &mut SetExpr) {
            match body {
                SetExpr::Select(select) => {
                    let mut seen = HashSet::new();
                    for (i, item) in select.projection.iter_mut().enumerate() {
                        let SelectItem::UnnamedExpr(expr) = item else {
                            continue;
                        };
                        if seen.insert(expr.to_string()) {
                            continue;
                        }
                        let base = match expr {
                            Expr::Identifier(ident) => ident.value.clone(),
                            Expr::CompoundIdentifier(idents) => {
                                idents.last().map(|i| i.value.clone()).unwrap_or_default()
                            }
                            _ => "?column?".into(),
                        };
                        *item = SelectItem::ExprWithAlias {
                            expr: expr.clone(),
                            alias: Ident::with_quote('"', format!("{base}_{}", i + 1)),
                        };
                    }
                }
                SetExpr::SetOperation { left, right, .. } => {
                    name_selects(left);
                    name_selects(right);
                }
                _ => {}
            }
        }
        name_selects(&mut query.body);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn repeated_unnamed_columns_get_names() {
        insta::assert_snapshot!(
            rewritten("SELECT pubname, NULL, NULL, pubname FROM p"),
            @"SELECT pubname, NULL, NULL AS \"?column?_3\", pubname AS \"pubname_4\" FROM p"
        );
    }
}
