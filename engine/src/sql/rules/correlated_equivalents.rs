//! Mixed outer and inner conditions in a correlated subquery, rewritten over equated columns.

use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{Expr, Query, SetExpr, VisitMut, VisitorMut};

use super::Rule;
use super::ast::{and_all, from_qualifiers, is_outer_column, mentions, split_and};

/// In a subquery's WHERE, a condition that mixes the subquery's own columns with the outer query's,
/// other than by `=`, is one DataFusion cannot decorrelate. Where another condition of the same AND
/// equates the outer column to an inner expression (`c.oid = a.attcollation`), the outer column is
/// replaced by that expression (`a.attcollation <> t.typcollation` becomes `c.oid <> t.typcollation`):
/// the same rows pass, since a row failing the equality fails the whole AND.
#[derive(Debug)]
pub(crate) struct CorrelatedEquivalents;

impl Rule for CorrelatedEquivalents {
    fn rewrite_query(&self, query: &mut Query) {
        let SetExpr::Select(select) = query.body.as_mut() else {
            return;
        };
        let Some(selection) = select.selection.take() else {
            return;
        };
        let inner = from_qualifiers(select);
        let is_outer = |e: &Expr| is_outer_column(&inner, e);
        let mut conjuncts = Vec::new();
        split_and(selection, &mut conjuncts);
        // outer column -> the inner expression it equals
        let mut equivalents: Vec<(Expr, Expr)> = Vec::new();
        for conjunct in &conjuncts {
            if let Expr::BinaryOp {
                left,
                op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq,
                right,
            } = conjunct
            {
                let (outer, other) = match (is_outer(left), is_outer(right)) {
                    (true, false) => (left, right),
                    (false, true) => (right, left),
                    _ => continue,
                };
                if !mentions(other, &is_outer) {
                    equivalents.push((outer.as_ref().clone(), other.as_ref().clone()));
                }
            }
        }
        if !equivalents.is_empty() {
            for conjunct in &mut conjuncts {
                let is_equivalence = equivalents.iter().any(|(outer, inner)| {
                    matches!(conjunct, Expr::BinaryOp { left, op: datafusion::sql::sqlparser::ast::BinaryOperator::Eq, right }
                        if (left.as_ref() == outer && right.as_ref() == inner)
                            || (right.as_ref() == outer && left.as_ref() == inner))
                });
                let mixed = mentions(conjunct, &is_outer) && mentions(conjunct, &|e| !is_outer(e));
                if is_equivalence || !mixed {
                    continue;
                }
                let _ = VisitMut::visit(conjunct, &mut Substitute(&equivalents));
            }
        }
        select.selection = and_all(conjuncts);
    }
}

struct Substitute<'a>(&'a [(Expr, Expr)]);

impl VisitorMut for Substitute<'_> {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Some((_, inner)) = self.0.iter().find(|(outer, _)| outer == expr) {
            *expr = inner.clone();
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn outer_columns_in_mixed_conditions_are_replaced_by_their_inner_equals() {
        // psql's \d column query.
        insta::assert_snapshot!(
            rewritten(
                "SELECT (SELECT c.collname FROM pg_collation c, pg_type t WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation FROM pg_attribute a"
            ),
            @"SELECT (SELECT scalar_subquery_value(c.collname) AS collname FROM pg_collation c, pg_type t WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND c.oid <> t.typcollation) AS attcollation FROM pg_attribute a"
        );
        // psql's default-value lookup: the outer-only condition decides whether to look.
        insta::assert_snapshot!(
            rewritten(
                "SELECT (SELECT pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) FROM pg_attribute a"
            ),
            @"SELECT CASE WHEN a.atthasdef THEN (SELECT scalar_subquery_value(pg_get_expr(d.adbin, d.adrelid, true)) AS pg_get_expr FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) END FROM pg_attribute a"
        );
        // Without an equality to lean on, nothing changes.
        let plain = "SELECT (SELECT count(*) FROM t WHERE t.x < a.x) FROM a";
        assert_eq!(rewritten(plain), plain);
    }
}
