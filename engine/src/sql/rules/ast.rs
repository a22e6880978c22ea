//! What the rules share: building a function call, and reading a subquery's shape (its single selected
//! expression, its own tables, which columns come from the outer query).

use std::collections::HashSet;
use std::ops::ControlFlow;

use datafusion::sql::sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause, FunctionArgumentList,
    FunctionArguments, Ident, ObjectName, OrderByExpr, Query, Select, SelectItem, SetExpr, Visit,
    Visitor,
};

/// A call of function `name` with `args` (and `ORDER BY` inside the call when `order_by` is not empty).
pub fn function(name: &str, args: Vec<Expr>, order_by: Vec<OrderByExpr>) -> Expr {
    let clauses = if order_by.is_empty() {
        vec![]
    } else {
        vec![FunctionArgumentClause::OrderBy(order_by)]
    };
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses,
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// The one expression a subquery selects, when it is a plain `SELECT expr FROM ... WHERE ...` (no
/// grouping, DISTINCT, LIMIT or set operation), with the select itself.
pub(crate) fn single_column_select(query: &mut Query) -> Option<(&mut Select, Expr)> {
    if query.limit_clause.is_some() || query.fetch.is_some() || query.with.is_some() {
        return None;
    }
    let SetExpr::Select(select) = query.body.as_mut() else {
        return None;
    };
    let grouped = !matches!(
        &select.group_by,
        datafusion::sql::sqlparser::ast::GroupByExpr::Expressions(exprs, _) if exprs.is_empty()
    );
    if grouped || select.having.is_some() || select.distinct.is_some() {
        return None;
    }
    let [item] = select.projection.as_slice() else {
        return None;
    };
    let expr = match item {
        SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. } => expr.clone(),
        _ => return None,
    };
    Some((select, expr))
}

/// The name PostgreSQL gives the column of `item`: its alias, else the column or function it names.
pub(crate) fn postgres_column_name(item: &SelectItem, value: &Expr) -> Option<Ident> {
    match (item, value) {
        (SelectItem::ExprWithAlias { alias, .. }, _) => Some(alias.clone()),
        (_, Expr::Identifier(ident)) => Some(ident.clone()),
        (_, Expr::CompoundIdentifier(idents)) => idents.last().cloned(),
        (_, Expr::Function(f)) => f.name.0.last().and_then(|part| part.as_ident()).cloned(),
        _ => None,
    }
}

/// Whether `expr` is a column qualified by a table that is not among `inner` (the [`from_qualifiers`]
/// of a subquery): `a.attname` or `pg_catalog.pg_attribute.attname`.
pub(crate) fn is_outer_column(inner: &HashSet<String>, expr: &Expr) -> bool {
    match expr {
        Expr::CompoundIdentifier(idents) if idents.len() >= 2 => {
            !inner.contains(&idents[idents.len() - 2].value.to_ascii_lowercase())
        }
        _ => false,
    }
}

/// The names (aliases, else table names) a select's FROM clause defines, lower-cased.
pub(crate) fn from_qualifiers(select: &Select) -> HashSet<String> {
    use datafusion::sql::sqlparser::ast::TableFactor;
    let mut names = HashSet::new();
    let mut add = |factor: &TableFactor| match factor {
        TableFactor::Table { alias: Some(a), .. } | TableFactor::Derived { alias: Some(a), .. } => {
            names.insert(a.name.value.to_ascii_lowercase());
        }
        TableFactor::Table { name, .. } => {
            if let Some(last) = name.0.last().and_then(|p| p.as_ident()) {
                names.insert(last.value.to_ascii_lowercase());
            }
        }
        _ => {}
    };
    for table in &select.from {
        add(&table.relation);
        for join in &table.joins {
            add(&join.relation);
        }
    }
    names
}

/// The conjuncts of `expr`, an AND of conditions, appended to `out`.
pub(crate) fn split_and(expr: Expr, out: &mut Vec<Expr>) {
    match expr {
        Expr::BinaryOp {
            left,
            op: datafusion::sql::sqlparser::ast::BinaryOperator::And,
            right,
        } => {
            split_and(*left, out);
            split_and(*right, out);
        }
        Expr::Nested(inner)
            if matches!(
                inner.as_ref(),
                Expr::BinaryOp {
                    op: datafusion::sql::sqlparser::ast::BinaryOperator::And,
                    ..
                }
            ) =>
        {
            split_and(*inner, out)
        }
        other => out.push(other),
    }
}

/// Whether `expr` holds a qualified column for which `pick` is true (outside nested subqueries).
pub(crate) fn mentions(expr: &Expr, pick: &dyn Fn(&Expr) -> bool) -> bool {
    struct Finder<'a>(&'a dyn Fn(&Expr) -> bool, usize);
    impl Visitor for Finder<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.1 += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.1 -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if self.1 == 0 && matches!(expr, Expr::CompoundIdentifier(_)) && (self.0)(expr) {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        }
    }
    Visit::visit(expr, &mut Finder(pick, 0)).is_break()
}

/// Removes from a subquery's WHERE the conditions that read only outer columns, and returns them
/// joined by AND.
pub(crate) fn take_outer_only_conditions(query: &mut Query) -> Option<Expr> {
    let SetExpr::Select(select) = query.body.as_mut() else {
        return None;
    };
    let inner = from_qualifiers(select);
    let is_outer = |e: &Expr| is_outer_column(&inner, e);
    let mut conjuncts = Vec::new();
    split_and(select.selection.take()?, &mut conjuncts);
    let (outer, rest): (Vec<Expr>, Vec<Expr>) = conjuncts.into_iter().partition(|c| {
        mentions(c, &is_outer) && !mentions(c, &|e| !is_outer(e)) && !has_unqualified_column(c)
    });
    select.selection = and_all(rest);
    and_all(outer)
}

/// The AND of `conjuncts`, `None` when there are none.
pub(crate) fn and_all(conjuncts: Vec<Expr>) -> Option<Expr> {
    conjuncts.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: datafusion::sql::sqlparser::ast::BinaryOperator::And,
        right: Box::new(right),
    })
}

/// Whether `expr` names an unqualified column (outside nested subqueries).
pub(crate) fn has_unqualified_column(expr: &Expr) -> bool {
    struct Finder;
    impl Visitor for Finder {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            ControlFlow::Break(())
        }
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if matches!(expr, Expr::Identifier(_)) {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        }
    }
    Visit::visit(expr, &mut Finder).is_break()
}
