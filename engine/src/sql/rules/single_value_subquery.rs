//! Correlated scalar subqueries that select one value, as an aggregate DataFusion can decorrelate.

use std::collections::HashSet;
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    CaseWhen, Expr, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments, Ident,
    ObjectName, Query, SelectItem, SetExpr, Value, Visit, VisitMut, Visitor, VisitorMut,
};

use datafusion::arrow::array::{Array, ArrayRef, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{ScalarValue, exec_err};
use datafusion::error::Result;
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, Volatility,
};

use super::Rule;
use super::ast::{
    and_all, from_qualifiers, function, has_unqualified_column, is_outer_column, mentions,
    postgres_column_name, single_column_select, take_outer_only_conditions,
};

/// A scalar subquery that selects one plain column, `(SELECT c.relkind FROM pg_class c WHERE c.oid =
/// t.typrelid)`, as `(SELECT scalar_subquery_value(c.relkind) FROM ...)`: DataFusion plans correlated
/// scalar subqueries only over an aggregate, and this one keeps PostgreSQL's rule of at most one row
/// (more is an error, none is NULL).
#[derive(Debug)]
pub(crate) struct SingleValueSubquery {
    aggregates: HashSet<String>,
}

impl SingleValueSubquery {
    /// The rule, knowing `aggregates`, the names of the session's aggregate functions (a subquery
    /// that already aggregates is one row).
    pub(crate) fn new(aggregates: HashSet<String>) -> Self {
        Self { aggregates }
    }
}

impl Rule for SingleValueSubquery {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let Expr::Subquery(query) = expr else {
            return;
        };
        let aggregates = &self.aggregates;
        let Some((select, value)) = single_column_select(query) else {
            return;
        };
        if calls_aggregate(&value, aggregates) {
            return;
        }
        let inner = from_qualifiers(select);
        let is_outer = |e: &Expr| is_outer_column(&inner, e);
        if mentions(&value, &is_outer) && !has_unqualified_column(&value) {
            // DataFusion cannot decorrelate outer columns in what a subquery selects (SQLAlchemy's
            // `SELECT json_build_object(..., a.attidentity = 'a', 'start', s.seqstart, ...)`): the
            // value is computed outside, from one subquery per inner column it reads, when a row exists.
            *expr = select_outside(query, value, &|e: &Expr| {
                matches!(e, Expr::CompoundIdentifier(_)) && !is_outer(e)
            });
            return;
        }
        let wrapped = function(SCALAR_SUBQUERY_VALUE, vec![value.clone()], vec![]);
        select.projection = vec![match postgres_column_name(&select.projection[0], &value) {
            Some(alias) => SelectItem::ExprWithAlias {
                expr: wrapped,
                alias,
            },
            None => SelectItem::UnnamedExpr(wrapped),
        }];
        // The order of at most one row does not matter, and ORDER BY would now name ungrouped columns.
        query.order_by = None;
        // Conditions on the outer row alone (psql's `AND a.atthasdef`) decide whether there is a row at
        // all: `CASE WHEN cond THEN (subquery) END` means the same and DataFusion can decorrelate it.
        let outer_only = take_outer_only_conditions(query);
        if let Some(condition) = outer_only {
            *expr = Expr::Case {
                case_token: AttachedToken::empty(),
                end_token: AttachedToken::empty(),
                operand: None,
                conditions: vec![CaseWhen {
                    condition,
                    result: expr.clone(),
                }],
                else_result: None,
            };
        }
    }
}

/// `(SELECT f(outer, inner) FROM ... WHERE ...)` as `CASE WHEN (SELECT count(*) FROM ... WHERE ...) > 0
/// THEN f(outer, (SELECT scalar_subquery_value(inner) FROM ... WHERE ...)) END`: the same value (NULL
/// without a row, an error for two), with only inner columns selected in each subquery.
fn select_outside(query: &Query, mut value: Expr, is_inner: &dyn Fn(&Expr) -> bool) -> Expr {
    let selecting = |item: Expr| {
        let mut query = query.clone();
        query.order_by = None;
        if let SetExpr::Select(select) = query.body.as_mut() {
            select.projection = vec![SelectItem::UnnamedExpr(item)];
        }
        let outer_only = take_outer_only_conditions(&mut query);
        (Expr::Subquery(Box::new(query)), outer_only)
    };
    struct Replace<'a> {
        is_inner: &'a dyn Fn(&Expr) -> bool,
        selecting: &'a dyn Fn(Expr) -> (Expr, Option<Expr>),
        depth: usize,
    }
    impl VisitorMut for Replace<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &mut Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &mut Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
            if self.depth == 0 && (self.is_inner)(expr) {
                let column = function(SCALAR_SUBQUERY_VALUE, vec![expr.clone()], vec![]);
                *expr = (self.selecting)(column).0;
            }
            ControlFlow::Continue(())
        }
    }
    let _ = VisitMut::visit(
        &mut value,
        &mut Replace {
            is_inner,
            selecting: &selecting,
            depth: 0,
        },
    );
    let count = Expr::Function(datafusion::sql::sqlparser::ast::Function {
        name: ObjectName::from(vec![Ident::new("count")]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![FunctionArg::Unnamed(FunctionArgExpr::Wildcard)],
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    });
    let (rows, outer_only) = selecting(count);
    let exists = Expr::BinaryOp {
        left: Box::new(rows),
        op: datafusion::sql::sqlparser::ast::BinaryOperator::Gt,
        right: Box::new(Expr::Value(
            Value::Number("0".into(), false).with_empty_span(),
        )),
    };
    Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: vec![CaseWhen {
            condition: and_all(outer_only.into_iter().chain([exists]).collect())
                .unwrap_or_else(|| Expr::Value(Value::Boolean(true).with_empty_span())),
            result: value,
        }],
        else_result: None,
    }
}

/// Whether `expr` calls an aggregate function outside any subquery of its own (it is then already one
/// row per group).
fn calls_aggregate(expr: &Expr, aggregates: &HashSet<String>) -> bool {
    struct Finder<'a> {
        aggregates: &'a HashSet<String>,
        depth: usize,
    }
    impl Visitor for Finder<'_> {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            if self.depth > 0 {
                return ControlFlow::Continue(());
            }
            match expr {
                Expr::Function(f) if f.over.is_none() => {
                    let name = f
                        .name
                        .0
                        .last()
                        .and_then(|part| part.as_ident())
                        .map(|ident| ident.value.to_ascii_lowercase())
                        .unwrap_or_default();
                    if self.aggregates.contains(&name) {
                        return ControlFlow::Break(());
                    }
                    ControlFlow::Continue(())
                }
                _ => ControlFlow::Continue(()),
            }
        }
    }
    let mut finder = Finder {
        aggregates,
        depth: 0,
    };
    Visit::visit(expr, &mut finder).is_break()
}

/// The name of [`ScalarSubqueryValue`], which [`SingleValueSubquery`] wraps around the column of a scalar
/// subquery.
pub(crate) const SCALAR_SUBQUERY_VALUE: &str = "scalar_subquery_value";

/// `scalar_subquery_value(x)`: the value of at most one row, NULL for none, an error for more; what a
/// scalar subquery means in PostgreSQL, as an aggregate, so DataFusion can decorrelate the subquery.
pub(crate) fn scalar_subquery_value() -> AggregateUDF {
    AggregateUDF::from(ScalarSubqueryValue {
        signature: Signature::any(1, Volatility::Immutable),
    })
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct ScalarSubqueryValue {
    signature: Signature,
}

impl AggregateUDFImpl for ScalarSubqueryValue {
    fn name(&self) -> &str {
        SCALAR_SUBQUERY_VALUE
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, arg_types: &[DataType]) -> Result<DataType> {
        Ok(arg_types.first().cloned().unwrap_or(DataType::Null))
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(SingleValue {
            value: ScalarValue::try_from(args.return_field.data_type())?,
            rows: 0,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(vec![
            Arc::new(Field::new("value", args.return_type().clone(), true)),
            Arc::new(Field::new("rows", DataType::UInt64, false)),
        ])
    }
}

#[derive(Debug)]
struct SingleValue {
    value: ScalarValue,
    rows: u64,
}

impl SingleValue {
    fn add(&mut self, rows: u64, value: impl FnOnce() -> Result<ScalarValue>) -> Result<()> {
        if rows == 0 {
            return Ok(());
        }
        self.rows += rows;
        if self.rows > 1 {
            return exec_err!("more than one row returned by a subquery used as an expression");
        }
        self.value = value()?;
        Ok(())
    }
}

impl Accumulator for SingleValue {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let array = &values[0];
        self.add(array.len() as u64, || ScalarValue::try_from_array(array, 0))
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Some(rows) = states[1].as_any().downcast_ref::<UInt64Array>() else {
            return exec_err!("scalar_subquery_value: bad state");
        };
        for (i, n) in rows.iter().enumerate() {
            self.add(n.unwrap_or(0), || {
                ScalarValue::try_from_array(&states[0], i)
            })?;
        }
        Ok(())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![
            self.value.clone(),
            ScalarValue::UInt64(Some(self.rows)),
        ])
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(self.value.clone())
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self) + self.value.size()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::rewritten;

    #[test]
    fn correlated_subqueries_keep_their_meaning() {
        insta::assert_snapshot!(
            rewritten("SELECT a.name, (SELECT o.stage FROM o WHERE o.id = a.id ORDER BY 1) FROM a"),
            @"SELECT a.name, (SELECT scalar_subquery_value(o.stage) AS stage FROM o WHERE o.id = a.id) FROM a"
        );
        // Already one row: left as written.
        let counted = "SELECT a.name, (SELECT count(*) FROM o WHERE o.id = a.id) AS n FROM a";
        assert_eq!(rewritten(counted), counted);
        let limited = "SELECT (SELECT o.stage FROM o LIMIT 1) FROM a";
        assert_eq!(rewritten(limited), limited);
        // Only aggregates of the subquery itself count.
        insta::assert_snapshot!(
            rewritten(
                "SELECT (SELECT (SELECT max(x) FROM b) + o.v FROM o WHERE o.id = a.id) FROM a"
            ),
            @"SELECT (SELECT scalar_subquery_value((SELECT max(x) FROM b) + o.v) FROM o WHERE o.id = a.id) FROM a"
        );
        // In WHERE too, as psql's \dT and pgjdbc's getTypeInfo write it.
        insta::assert_snapshot!(
            rewritten(
                "SELECT t.typname FROM pg_type t WHERE t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_class c WHERE c.oid = t.typrelid)"
            ),
            @"SELECT t.typname FROM pg_type t WHERE t.typrelid = 0 OR (SELECT scalar_subquery_value(c.relkind = 'c') FROM pg_class c WHERE c.oid = t.typrelid)"
        );
    }

    #[test]
    fn outer_columns_in_the_selected_value_are_read_outside() {
        insta::assert_snapshot!(
            rewritten(
                "SELECT (SELECT f(a.k = 'a', s.x, s.x + s.y) FROM s WHERE a.k <> '' AND s.id = a.id) FROM a"
            ),
            @"SELECT CASE WHEN a.k <> '' AND (SELECT count(*) FROM s WHERE s.id = a.id) > 0 \
             THEN f(a.k = 'a', (SELECT scalar_subquery_value(s.x) FROM s WHERE s.id = a.id), \
             (SELECT scalar_subquery_value(s.x) FROM s WHERE s.id = a.id) + \
             (SELECT scalar_subquery_value(s.y) FROM s WHERE s.id = a.id)) END FROM a"
        );
        // SQLAlchemy qualifies every column with schema and table.
        insta::assert_snapshot!(
            rewritten(
                "SELECT (SELECT d.x FROM pg_catalog.d WHERE pg_catalog.d.id = pg_catalog.a.id AND pg_catalog.a.h) FROM pg_catalog.a"
            ),
            @"SELECT CASE WHEN pg_catalog.a.h THEN (SELECT scalar_subquery_value(d.x) AS x FROM pg_catalog.d \
             WHERE pg_catalog.d.id = pg_catalog.a.id) END FROM pg_catalog.a"
        );
    }
}
