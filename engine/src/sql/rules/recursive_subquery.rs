//! A scalar subquery over a recursive CTE started by an outer column (asyncpg's introspection).

use datafusion::sql::sqlparser::ast::{
    Expr, Ident, OrderByKind, Query, SelectItem, SetExpr, Value,
};

use super::Rule;
use super::ast::{and_all, from_qualifiers, function, is_outer_column, mentions, split_and};

/// A scalar subquery over a recursive CTE whose starting rows are picked by an outer column, taking the
/// top row (asyncpg's domain base type, `(WITH RECURSIVE r(..) AS (SELECT .. FROM t2 WHERE t2.k =
/// outer.x UNION ALL SELECT .. FROM t2, r WHERE ..) SELECT v FROM r ORDER BY d DESC LIMIT 1)`), which
/// DataFusion cannot decorrelate. It is run once for every starting row instead, each row of the CTE
/// carrying the key it started from, and the subquery picks the outer row's: `(WITH RECURSIVE r(..,
/// root) AS (SELECT .., t2.k FROM t2 UNION ALL SELECT .., r.root FROM t2, r WHERE ..) SELECT
/// first_value(v ORDER BY d DESC) FROM r WHERE root = outer.x)`: the same value, NULL when there is no
/// row, and an aggregate DataFusion can decorrelate.
#[derive(Debug)]
pub(crate) struct RecursiveSubqueryForAllRows;

/// The column that carries a recursive CTE's starting key.
const RECURSION_ROOT: &str = "aos_recursion_root";

impl Rule for RecursiveSubqueryForAllRows {
    fn rewrite_expr(&self, expr: &mut Expr) {
        if let Expr::Subquery(query) = expr
            && let Some(rewritten) = recursive_for_all_rows(query)
        {
            **query = rewritten;
        }
    }
}

/// [`RecursiveSubqueryForAllRows`] of `query`, when it has exactly that shape.
fn recursive_for_all_rows(query: &Query) -> Option<Query> {
    use datafusion::sql::sqlparser::ast::{
        LimitClause, SetOperator, TableAliasColumnDef, TableFactor,
    };
    // Most subqueries are not recursive: leave them before copying anything.
    if !query.with.as_ref().is_some_and(|w| w.recursive) || query.limit_clause.is_none() {
        return None;
    }
    let mut query = query.clone();
    // LIMIT 1 after one ORDER BY key.
    let Some(LimitClause::LimitOffset {
        limit: Some(Expr::Value(limit)),
        offset: None,
        limit_by,
    }) = &query.limit_clause
    else {
        return None;
    };
    if limit.value != Value::Number("1".into(), false) || !limit_by.is_empty() {
        return None;
    }
    let order = match query.order_by.as_ref().map(|o| &o.kind) {
        Some(OrderByKind::Expressions(keys)) if keys.len() == 1 => keys.clone(),
        _ => return None,
    };
    // WITH RECURSIVE of one CTE: anchor UNION [ALL] recursive term, both plain selects.
    let with = query.with.as_mut().filter(|w| w.recursive)?;
    let [cte] = with.cte_tables.as_mut_slice() else {
        return None;
    };
    let cte_name = cte.alias.name.value.to_ascii_lowercase();
    let SetExpr::SetOperation {
        op: SetOperator::Union,
        left,
        right,
        ..
    } = cte.query.body.as_mut()
    else {
        return None;
    };
    let (SetExpr::Select(anchor), SetExpr::Select(step)) = (left.as_mut(), right.as_mut()) else {
        return None;
    };
    // The anchor is picked by exactly one `inner = outer` condition; nothing else reads outer columns.
    let inner = from_qualifiers(anchor);
    let is_outer = |e: &Expr| is_outer_column(&inner, e);
    let mut conjuncts = Vec::new();
    split_and(anchor.selection.take()?, &mut conjuncts);
    let mut key = None;
    let mut rest = Vec::new();
    for conjunct in conjuncts {
        let equated = match &conjunct {
            Expr::BinaryOp {
                left,
                op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq,
                right,
            } => match (is_outer(left), is_outer(right)) {
                (false, true) if !mentions(left, &is_outer) => {
                    Some((left.as_ref().clone(), right.as_ref().clone()))
                }
                (true, false) if !mentions(right, &is_outer) => {
                    Some((right.as_ref().clone(), left.as_ref().clone()))
                }
                _ => None,
            },
            _ => None,
        };
        match equated {
            Some(pair) if key.is_none() => key = Some(pair),
            _ if mentions(&conjunct, &is_outer) => return None,
            _ => rest.push(conjunct),
        }
    }
    let (inner_key, outer_key) = key?;
    if anchor.projection.iter().any(|item| match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
            mentions(e, &is_outer)
        }
        _ => true,
    }) {
        return None;
    }
    // The recursive term reads the CTE once, by a name its select can qualify.
    let step_inner = from_qualifiers(step);
    let mut reference = None;
    for table in &step.from {
        for factor in
            std::iter::once(&table.relation).chain(table.joins.iter().map(|j| &j.relation))
        {
            if let TableFactor::Table { name, alias, .. } = factor
                && name.0.len() == 1
                && name.0[0]
                    .as_ident()
                    .is_some_and(|i| i.value.eq_ignore_ascii_case(&cte_name))
            {
                if reference.is_some() {
                    return None;
                }
                reference = Some(
                    alias
                        .as_ref()
                        .map_or_else(|| Ident::new(cte_name.clone()), |a| a.name.clone()),
                );
            }
        }
    }
    let reference = reference?;
    if step
        .selection
        .as_ref()
        .is_some_and(|c| mentions(c, &|e| is_outer_column(&step_inner, e)))
    {
        return None;
    }
    // The final select: one value from the CTE alone, no WHERE, GROUP BY or DISTINCT.
    let SetExpr::Select(last) = query.body.as_ref() else {
        return None;
    };
    let [item] = last.projection.as_slice() else {
        return None;
    };
    let value = match item {
        SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e.clone(),
        _ => return None,
    };
    let grouped = !matches!(
        &last.group_by,
        datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(exprs, _) if exprs.is_empty()
    );
    let reads_only_cte = matches!(
        last.from.as_slice(),
        [table] if table.joins.is_empty() && matches!(
            &table.relation,
            TableFactor::Table { name, .. } if name.0.len() == 1
                && name.0[0].as_ident().is_some_and(|i| i.value.eq_ignore_ascii_case(&cte_name))
        )
    );
    if last.selection.is_some() || grouped || last.distinct.is_some() || !reads_only_cte {
        return None;
    }

    // Rewrite: the anchor starts from every row and carries its key, the step carries it on.
    anchor.selection = and_all(rest);
    anchor.projection.push(SelectItem::ExprWithAlias {
        expr: inner_key,
        alias: Ident::new(RECURSION_ROOT),
    });
    step.projection.push(SelectItem::ExprWithAlias {
        expr: Expr::CompoundIdentifier(vec![reference, Ident::new(RECURSION_ROOT)]),
        alias: Ident::new(RECURSION_ROOT),
    });
    if !cte.alias.columns.is_empty() {
        cte.alias.columns.push(TableAliasColumnDef {
            name: Ident::new(RECURSION_ROOT),
            data_type: None,
        });
    }
    let SetExpr::Select(last) = query.body.as_mut() else {
        return None;
    };
    last.projection = vec![SelectItem::UnnamedExpr(function(
        "first_value",
        vec![value],
        order,
    ))];
    last.selection = Some(Expr::BinaryOp {
        left: Box::new(Expr::Identifier(Ident::new(RECURSION_ROOT))),
        op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq,
        right: Box::new(outer_key),
    });
    query.order_by = None;
    query.limit_clause = None;
    Some(query)
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn a_recursive_subquery_started_by_an_outer_column_runs_for_all_rows() {
        // asyncpg's domain base type.
        let sql = "SELECT t.oid, (WITH RECURSIVE typebases(oid, depth) AS (\
                   SELECT t2.typbasetype AS oid, 0 AS depth FROM pg_type t2 WHERE t2.oid = t.oid \
                   UNION ALL SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth FROM pg_type t2, typebases tb \
                   WHERE tb.oid = t2.oid AND t2.typbasetype <> 0) \
                   SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1) AS basetype FROM pg_type t";
        insta::assert_snapshot!(
            rewritten(sql),
            @"SELECT t.oid, (WITH RECURSIVE typebases (oid, depth, aos_recursion_root) AS (\
             SELECT t2.typbasetype AS oid, 0 AS depth, t2.oid AS aos_recursion_root FROM pg_type t2 \
             UNION ALL SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth, tb.aos_recursion_root AS aos_recursion_root \
             FROM pg_type t2, typebases tb WHERE tb.oid = t2.oid AND t2.typbasetype <> 0) \
             SELECT first_value(oid ORDER BY depth DESC) FROM typebases WHERE aos_recursion_root = t.oid) AS basetype \
             FROM pg_type t"
        );
        // Other shapes are left as written: no LIMIT 1, or a second outer condition.
        for other in [
            sql.replace(" LIMIT 1", ""),
            sql.replace(
                "WHERE t2.oid = t.oid",
                "WHERE t2.oid = t.oid AND t2.typname = t.typname",
            ),
        ] {
            assert!(!rewritten(&other).contains("aos_recursion_root"), "{other}");
        }
    }
}
