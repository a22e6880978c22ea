//! `ARRAY(SELECT ...)`, PostgreSQL's array constructor from a subquery.

use datafusion::sql::sqlparser::ast::{
    Expr, Function, FunctionArguments, OrderBy, OrderByKind, SelectItem, Value,
};

use super::Rule;
use super::ast::{function, single_column_select};

/// `ARRAY(SELECT e FROM ... ORDER BY k)`, PostgreSQL's array constructor from a subquery, as
/// `(SELECT array_agg(e ORDER BY k) FROM ...)`. One difference remains: over no rows PostgreSQL gives
/// an empty array and `array_agg` gives NULL.
#[derive(Debug)]
pub(crate) struct ArrayFromSubquery;

impl Rule for ArrayFromSubquery {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let Expr::Function(Function {
            name,
            args: FunctionArguments::Subquery(query),
            ..
        }) = expr
        else {
            return;
        };
        if !name.to_string().eq_ignore_ascii_case("array") {
            return;
        }
        let mut query = query.clone();
        let order_by = query.order_by.take();
        let Some((select, element)) = single_column_select(&mut query) else {
            return;
        };
        let order_by = match order_by {
            None => vec![],
            Some(OrderBy {
                kind: OrderByKind::Expressions(exprs),
                ..
            }) => exprs
                .into_iter()
                .map(|mut o| {
                    // `ORDER BY 1` names the selected column.
                    if matches!(&o.expr, Expr::Value(v) if v.value == Value::Number("1".into(), false))
                    {
                        o.expr = element.clone();
                    }
                    o
                })
                .collect(),
            Some(_) => return,
        };
        select.projection = vec![SelectItem::UnnamedExpr(function(
            "array_agg",
            vec![element],
            order_by,
        ))];
        *expr = Expr::Subquery(query);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn array_constructors_become_ordered_array_agg() {
        insta::assert_snapshot!(
            rewritten(
                "SELECT ARRAY(SELECT b.rolname FROM m JOIN b ON m.roleid = b.oid WHERE m.member = r.oid ORDER BY 1) AS memberof FROM r"
            ),
            @"SELECT (SELECT array_agg(b.rolname ORDER BY b.rolname) FROM m JOIN b ON m.roleid = b.oid WHERE m.member = r.oid) AS memberof FROM r"
        );
        // A shape it cannot express stays, for DataFusion to refuse by name.
        let grouped = "SELECT ARRAY(SELECT x FROM t GROUP BY x) FROM r";
        assert_eq!(rewritten(grouped), grouped);
    }
}
