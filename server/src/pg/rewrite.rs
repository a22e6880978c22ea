//! Rewrites of PostgreSQL SQL that DataFusion cannot plan as written, applied to the parsed statement
//! (never to the query text), each one meaning exactly what PostgreSQL means.
//!
//! datafusion-pg-catalog's `PostgresCompatibilityParser` also replaces every correlated subquery in a
//! select list by `NULL` and adds `LIMIT 1` to the others (`RemoveSubqueryFromProjection`), which turns
//! `SELECT name, (SELECT count(*) FROM o WHERE o.account_id = a.account_id) FROM a` into a column of
//! NULLs. [`SqlParser`] applies that crate's other rules and these instead.

use std::collections::HashSet;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::sql::sqlparser::ast::helpers::attached_token::AttachedToken;
use datafusion::sql::sqlparser::ast::{
    AccessExpr, CaseWhen, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArgumentList, FunctionArguments, Ident, ObjectName, OrderBy, OrderByExpr, OrderByKind,
    Query, Select, SelectItem, SetExpr, Statement, Value, Visit, VisitMut, Visitor, VisitorMut,
};
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion_pg_catalog::sql::rules::{
    AliasDuplicatedProjectionRewrite, CurrentUserVariableToSessionUserFunctionCall,
    FixArrayLiteral, FixVersionColumnName, PrependUnqualifiedPgTableName,
    ResolveUnqualifiedIdentifier, RewriteArrayAnyAllOperation, RewritePgCatalogOperator,
    RewriteRegCastToSubquery, SqlStatementRewriteRule, StripCallableQualifier, StripCollate,
};

use super::functions::{JSON_TEXT, LIKE_ESCAPE, SCALAR_SUBQUERY_VALUE};

/// Parses PostgreSQL SQL and rewrites each statement into SQL DataFusion plans with PostgreSQL's meaning.
pub(crate) struct SqlParser {
    rules: Vec<Arc<dyn SqlStatementRewriteRule>>,
}

impl fmt::Debug for SqlParser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlParser")
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl SqlParser {
    /// A parser whose rewrites know `aggregates`, the names of the session's aggregate functions.
    pub(crate) fn new(aggregates: HashSet<String>) -> Self {
        let rules: Vec<Arc<dyn SqlStatementRewriteRule>> = vec![
            Arc::new(AliasDuplicatedProjectionRewrite),
            Arc::new(ResolveUnqualifiedIdentifier),
            Arc::new(RewriteArrayAnyAllOperation),
            Arc::new(PrependUnqualifiedPgTableName),
            Arc::new(StripCallableQualifier),
            Arc::new(FixArrayLiteral),
            Arc::new(CurrentUserVariableToSessionUserFunctionCall),
            Arc::new(StripCollate),
            Arc::new(RewritePgCatalogOperator),
            Arc::new(CatalogProcedureNames),
            Arc::new(ComputedRegclass),
            Arc::new(RewriteRegCastToSubquery::new()),
            Arc::new(JsonCast),
            Arc::new(LikeEscape),
            Arc::new(NameDuplicateColumns),
            Arc::new(UnnestExpandArray),
            Arc::new(CatalogArrayLiterals),
            Arc::new(FieldAccess),
            Arc::new(RecursiveSubqueryForAllRows),
            Arc::new(CorrelatedEquivalents),
            Arc::new(ArrayFromSubquery),
            Arc::new(SingleValueSubquery { aggregates }),
            Arc::new(FixVersionColumnName),
        ];
        Self { rules }
    }

    /// The statements of `sql`, rewritten.
    pub(crate) fn parse(&self, sql: &str) -> Result<Vec<Statement>, ParserError> {
        let statements = Parser::parse_sql(&PostgreSqlDialect {}, sql)?;
        Ok(statements.into_iter().map(|s| self.rewrite(s)).collect())
    }

    fn rewrite(&self, statement: Statement) -> Statement {
        self.rules
            .iter()
            .fold(statement, |statement, rule| rule.rewrite(statement))
    }
}

fn function(name: &str, args: Vec<Expr>, order_by: Vec<OrderByExpr>) -> Expr {
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
fn single_column_select(query: &mut Query) -> Option<(&mut Select, Expr)> {
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

/// `ARRAY(SELECT e FROM ... ORDER BY k)`, PostgreSQL's array constructor from a subquery, as
/// `(SELECT array_agg(e ORDER BY k) FROM ...)`. One difference remains: over no rows PostgreSQL gives
/// an empty array and `array_agg` gives NULL.
#[derive(Debug)]
struct ArrayFromSubquery;

impl SqlStatementRewriteRule for ArrayFromSubquery {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut ArrayFromSubquery);
        statement
    }
}

impl VisitorMut for ArrayFromSubquery {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let Expr::Function(Function {
            name,
            args: FunctionArguments::Subquery(query),
            ..
        }) = expr
        else {
            return ControlFlow::Continue(());
        };
        if !name.to_string().eq_ignore_ascii_case("array") {
            return ControlFlow::Continue(());
        }
        let mut query = query.clone();
        let order_by = query.order_by.take();
        let Some((select, element)) = single_column_select(&mut query) else {
            return ControlFlow::Continue(());
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
            Some(_) => return ControlFlow::Continue(()),
        };
        select.projection = vec![SelectItem::UnnamedExpr(function(
            "array_agg",
            vec![element],
            order_by,
        ))];
        *expr = Expr::Subquery(query);
        ControlFlow::Continue(())
    }
}

/// A scalar subquery that selects one plain column, `(SELECT c.relkind FROM pg_class c WHERE c.oid =
/// t.typrelid)`, as `(SELECT scalar_subquery_value(c.relkind) FROM ...)`: DataFusion plans correlated
/// scalar subqueries only over an aggregate, and this one keeps PostgreSQL's rule of at most one row
/// (more is an error, none is NULL).
#[derive(Debug)]
struct SingleValueSubquery {
    aggregates: HashSet<String>,
}

impl SqlStatementRewriteRule for SingleValueSubquery {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut SingleValueVisitor { rule: self });
        statement
    }
}

struct SingleValueVisitor<'a> {
    rule: &'a SingleValueSubquery,
}

impl VisitorMut for SingleValueVisitor<'_> {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let Expr::Subquery(query) = expr else {
            return ControlFlow::Continue(());
        };
        let aggregates = &self.rule.aggregates;
        let Some((select, value)) = single_column_select(query) else {
            return ControlFlow::Continue(());
        };
        if calls_aggregate(&value, aggregates) {
            return ControlFlow::Continue(());
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
            return ControlFlow::Continue(());
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
        ControlFlow::Continue(())
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

/// A scalar subquery over a recursive CTE whose starting rows are picked by an outer column, taking the
/// top row (asyncpg's domain base type, `(WITH RECURSIVE r(..) AS (SELECT .. FROM t2 WHERE t2.k =
/// outer.x UNION ALL SELECT .. FROM t2, r WHERE ..) SELECT v FROM r ORDER BY d DESC LIMIT 1)`), which
/// DataFusion cannot decorrelate. It is run once for every starting row instead, each row of the CTE
/// carrying the key it started from, and the subquery picks the outer row's: `(WITH RECURSIVE r(..,
/// root) AS (SELECT .., t2.k FROM t2 UNION ALL SELECT .., r.root FROM t2, r WHERE ..) SELECT
/// first_value(v ORDER BY d DESC) FROM r WHERE root = outer.x)`: the same value, NULL when there is no
/// row, and an aggregate DataFusion can decorrelate.
#[derive(Debug)]
struct RecursiveSubqueryForAllRows;

/// The column that carries a recursive CTE's starting key.
const RECURSION_ROOT: &str = "aos_recursion_root";

impl SqlStatementRewriteRule for RecursiveSubqueryForAllRows {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut RecursiveSubqueryForAllRows);
        statement
    }
}

impl VisitorMut for RecursiveSubqueryForAllRows {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Subquery(query) = expr
            && let Some(rewritten) = recursive_for_all_rows(query)
        {
            **query = rewritten;
        }
        ControlFlow::Continue(())
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

/// `CAST(x AS json)` / `x::jsonb` as `json_text(CAST(x AS text))`: DataFusion has no JSON type, so JSON
/// is text, checked and marked as JSON by `json_text` (pgwire then describes the column as `json`).
#[derive(Debug)]
struct JsonCast;

impl SqlStatementRewriteRule for JsonCast {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut JsonCast);
        statement
    }
}

impl VisitorMut for JsonCast {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        use datafusion::sql::sqlparser::ast::DataType;
        if let Expr::Cast { data_type, .. } = expr
            && matches!(data_type, DataType::JSON | DataType::JSONB)
        {
            *data_type = DataType::Text;
            let text = std::mem::replace(expr, Expr::Value(Value::Null.with_empty_span()));
            *expr = function(JSON_TEXT, vec![text], vec![]);
        }
        ControlFlow::Continue(())
    }
}

/// `x LIKE p ESCAPE '/'` (SQLAlchemy's inspector) as `x LIKE like_escape(p, '/')`: DataFusion takes
/// only the backslash as escape character, so the pattern is re-escaped with it.
#[derive(Debug)]
struct LikeEscape;

impl SqlStatementRewriteRule for LikeEscape {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut LikeEscape);
        statement
    }
}

impl VisitorMut for LikeEscape {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
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
            return ControlFlow::Continue(());
        };
        let Some(escape) = escape_char.as_ref() else {
            return ControlFlow::Continue(());
        };
        let Value::SingleQuotedString(text) = &escape.value else {
            return ControlFlow::Continue(());
        };
        if text == "\\" {
            return ControlFlow::Continue(());
        }
        let escape = Expr::Value(Value::SingleQuotedString(text.clone()).with_empty_span());
        **pattern = function(LIKE_ESCAPE, vec![pattern.as_ref().clone(), escape], vec![]);
        *escape_char = None;
        ControlFlow::Continue(())
    }
}

/// `SELECT pubname, NULL, NULL`: PostgreSQL allows output columns of the same name, DataFusion does
/// not; a repeated unnamed expression gets an alias (`?column?_2`), the first keeps its name.
#[derive(Debug)]
struct NameDuplicateColumns;

impl SqlStatementRewriteRule for NameDuplicateColumns {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut NameDuplicateColumns);
        statement
    }
}

impl VisitorMut for NameDuplicateColumns {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
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
        ControlFlow::Continue(())
    }
}

/// `_pg_expandarray(a)` is set-returning in PostgreSQL; ours returns the rows as a list, unnested here.
#[derive(Debug)]
struct UnnestExpandArray;

impl SqlStatementRewriteRule for UnnestExpandArray {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut UnnestExpandArray);
        statement
    }
}

impl VisitorMut for UnnestExpandArray {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Function(f) = expr
            && f.name.to_string().eq_ignore_ascii_case("_pg_expandarray")
        {
            *expr = function("unnest", vec![expr.clone()], vec![]);
        }
        ControlFlow::Continue(())
    }
}

/// PostgreSQL catalog columns of array type, which clients compare with array literals written as
/// text (`pol.polroles = '{0}'`, psql's `\d`).
const CATALOG_ARRAY_COLUMNS: &[&str] = &["polroles"];

/// `catalog_array_column = '{a,b}'` as `... = ARRAY[a, b]`: PostgreSQL reads the text as an array of
/// the column's type; DataFusion cannot compare a list with text. Only the catalog's own array columns
/// are rewritten, by name.
#[derive(Debug)]
struct CatalogArrayLiterals;

impl SqlStatementRewriteRule for CatalogArrayLiterals {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut CatalogArrayLiterals);
        statement
    }
}

impl VisitorMut for CatalogArrayLiterals {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        use datafusion::sql::sqlparser::ast::{Array, BinaryOperator};
        let Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq | BinaryOperator::NotEq,
            right,
        } = expr
        else {
            return ControlFlow::Continue(());
        };
        let is_catalog_array = |e: &Expr| match e {
            Expr::Identifier(ident) => CATALOG_ARRAY_COLUMNS.contains(&ident.value.as_str()),
            Expr::CompoundIdentifier(idents) => idents
                .last()
                .is_some_and(|i| CATALOG_ARRAY_COLUMNS.contains(&i.value.as_str())),
            _ => false,
        };
        let literal = if is_catalog_array(left) {
            right
        } else if is_catalog_array(right) {
            left
        } else {
            return ControlFlow::Continue(());
        };
        let Expr::Value(value) = literal.as_ref() else {
            return ControlFlow::Continue(());
        };
        let Value::SingleQuotedString(text) = &value.value else {
            return ControlFlow::Continue(());
        };
        let Some(inner) = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
            return ControlFlow::Continue(());
        };
        let elements = inner
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| Expr::Value(Value::Number(e.to_string(), false).with_empty_span()))
            .collect();
        if inner.split(',').all(|e| e.trim().parse::<i64>().is_ok()) {
            **literal = Expr::Array(Array {
                elem: elements,
                named: true,
            });
        }
        ControlFlow::Continue(())
    }
}

/// `regproc` columns of the catalog, which datafusion-pg-catalog holds as the procedure's name.
const CATALOG_PROCEDURE_COLUMNS: &[&str] = &[
    "typinput",
    "typoutput",
    "typreceive",
    "typsend",
    "typmodin",
    "typmodout",
    "typanalyze",
    "typsubscript",
];

/// `pg_type.typinput = 'pg_catalog.array_in'::regproc` (pgjdbc's type cache) as a comparison of
/// names: PostgreSQL compares the procedures, and the catalog here names them (`array_in`).
#[derive(Debug)]
struct CatalogProcedureNames;

impl SqlStatementRewriteRule for CatalogProcedureNames {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut CatalogProcedureNames);
        statement
    }
}

impl VisitorMut for CatalogProcedureNames {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        use datafusion::sql::sqlparser::ast::BinaryOperator;
        let Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq | BinaryOperator::NotEq,
            right,
        } = expr
        else {
            return ControlFlow::Continue(());
        };
        let is_procedure_column = |e: &Expr| match e {
            Expr::Identifier(ident) => CATALOG_PROCEDURE_COLUMNS.contains(&ident.value.as_str()),
            Expr::CompoundIdentifier(idents) => idents
                .last()
                .is_some_and(|i| CATALOG_PROCEDURE_COLUMNS.contains(&i.value.as_str())),
            _ => false,
        };
        let other = if is_procedure_column(left) {
            right
        } else if is_procedure_column(right) {
            left
        } else {
            return ControlFlow::Continue(());
        };
        // `pg_proc.oid = a.typreceive` (Npgsql's type loading): the procedure by its name.
        if let Expr::CompoundIdentifier(idents) = other.as_mut()
            && idents.len() == 2
            && idents[1].value.eq_ignore_ascii_case("oid")
        {
            idents[1] = Ident::new("proname");
            return ControlFlow::Continue(());
        }
        let Expr::Cast {
            expr: operand,
            data_type,
            ..
        } = other.as_ref()
        else {
            return ControlFlow::Continue(());
        };
        let is_regproc = data_type
            .to_string()
            .to_ascii_lowercase()
            .trim_start_matches("pg_catalog.")
            == "regproc";
        let Expr::Value(value) = operand.as_ref() else {
            return ControlFlow::Continue(());
        };
        if let (true, Value::SingleQuotedString(name)) = (is_regproc, &value.value) {
            let name = name.strip_prefix("pg_catalog.").unwrap_or(name).to_string();
            **other = Expr::Value(Value::SingleQuotedString(name).with_empty_span());
        }
        ControlFlow::Continue(())
    }
}

/// `CAST(format('%I.%I', s, t) AS regclass)` (Metabase): a relation named by a computed string, as a
/// lookup in `pg_class` (NULL when there is none). datafusion-pg-catalog rewrites only literal names;
/// a column operand (`c.oid::regclass`) means the other direction and stays.
#[derive(Debug)]
struct ComputedRegclass;

impl SqlStatementRewriteRule for ComputedRegclass {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut ComputedRegclass);
        statement
    }
}

impl VisitorMut for ComputedRegclass {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let Expr::Cast {
            expr: operand,
            data_type,
            ..
        } = expr
        else {
            return ControlFlow::Continue(());
        };
        let is_regclass = data_type
            .to_string()
            .to_ascii_lowercase()
            .trim_start_matches("pg_catalog.")
            == "regclass";
        if !is_regclass || !matches!(operand.as_ref(), Expr::Function(_) | Expr::BinaryOp { .. }) {
            return ControlFlow::Continue(());
        }
        // aos owns no sequences, so `pg_get_serial_sequence(...)::regclass` (SQLAlchemy) is NULL, and
        // needs no lookup (which DataFusion could not plan inside a correlated subquery).
        if let Expr::Function(call) = operand.as_ref()
            && call
                .name
                .0
                .last()
                .and_then(|part| part.as_ident())
                .is_some_and(|name| name.value.eq_ignore_ascii_case("pg_get_serial_sequence"))
        {
            *expr = Expr::Value(Value::Null.with_empty_span());
            return ControlFlow::Continue(());
        }
        let lookup = format!(
            "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid \
             WHERE quote_ident(n.nspname) || '.' || quote_ident(c.relname) = ({operand}) \
             OR (n.nspname = current_schema() AND quote_ident(c.relname) = ({operand}))"
        );
        if let Ok(mut statements) = Parser::parse_sql(&PostgreSqlDialect {}, &lookup)
            && let Some(Statement::Query(query)) = statements.pop()
        {
            *expr = Expr::Subquery(query);
        }
        ControlFlow::Continue(())
    }
}

/// `(row).field`, PostgreSQL's field selection from a composite value, as `get_field(row, 'field')`.
#[derive(Debug)]
struct FieldAccess;

impl SqlStatementRewriteRule for FieldAccess {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut FieldAccess);
        statement
    }
}

impl VisitorMut for FieldAccess {
    type Break = ();

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        let Expr::CompoundFieldAccess { root, access_chain } = expr else {
            return ControlFlow::Continue(());
        };
        let mut fields = Vec::with_capacity(access_chain.len());
        for access in access_chain.iter() {
            match access {
                AccessExpr::Dot(Expr::Identifier(field)) => fields.push(field.value.clone()),
                _ => return ControlFlow::Continue(()),
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
        ControlFlow::Continue(())
    }
}

/// The name PostgreSQL gives the column of `item`: its alias, else the column or function it names.
fn postgres_column_name(item: &SelectItem, value: &Expr) -> Option<Ident> {
    match (item, value) {
        (SelectItem::ExprWithAlias { alias, .. }, _) => Some(alias.clone()),
        (_, Expr::Identifier(ident)) => Some(ident.clone()),
        (_, Expr::CompoundIdentifier(idents)) => idents.last().cloned(),
        (_, Expr::Function(f)) => f.name.0.last().and_then(|part| part.as_ident()).cloned(),
        _ => None,
    }
}

/// In a subquery's WHERE, a condition that mixes the subquery's own columns with the outer query's,
/// other than by `=`, is one DataFusion cannot decorrelate. Where another condition of the same AND
/// equates the outer column to an inner expression (`c.oid = a.attcollation`), the outer column is
/// replaced by that expression (`a.attcollation <> t.typcollation` becomes `c.oid <> t.typcollation`):
/// the same rows pass, since a row failing the equality fails the whole AND.
#[derive(Debug)]
struct CorrelatedEquivalents;

impl SqlStatementRewriteRule for CorrelatedEquivalents {
    fn rewrite(&self, mut statement: Statement) -> Statement {
        let _ = VisitMut::visit(&mut statement, &mut CorrelatedEquivalents);
        statement
    }
}

impl VisitorMut for CorrelatedEquivalents {
    type Break = ();

    fn pre_visit_query(&mut self, query: &mut Query) -> ControlFlow<()> {
        let SetExpr::Select(select) = query.body.as_mut() else {
            return ControlFlow::Continue(());
        };
        let Some(selection) = select.selection.take() else {
            return ControlFlow::Continue(());
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
        ControlFlow::Continue(())
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

/// The names (aliases, else table names) a select's FROM clause defines, lower-cased.
/// Whether `expr` is a column qualified by a table that is not among `inner` (the [`from_qualifiers`]
/// of a subquery): `a.attname` or `pg_catalog.pg_attribute.attname`.
fn is_outer_column(inner: &HashSet<String>, expr: &Expr) -> bool {
    match expr {
        Expr::CompoundIdentifier(idents) if idents.len() >= 2 => {
            !inner.contains(&idents[idents.len() - 2].value.to_ascii_lowercase())
        }
        _ => false,
    }
}

fn from_qualifiers(select: &Select) -> HashSet<String> {
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

fn split_and(expr: Expr, out: &mut Vec<Expr>) {
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
fn mentions(expr: &Expr, pick: &dyn Fn(&Expr) -> bool) -> bool {
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
fn take_outer_only_conditions(query: &mut Query) -> Option<Expr> {
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

fn and_all(conjuncts: Vec<Expr>) -> Option<Expr> {
    conjuncts.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: datafusion::sql::sqlparser::ast::BinaryOperator::And,
        right: Box::new(right),
    })
}

fn has_unqualified_column(expr: &Expr) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(sql: &str) -> String {
        let aggregates = ["count", "max", "array_agg", "sum"]
            .map(String::from)
            .into_iter()
            .collect();
        let parser = SqlParser::new(aggregates);
        parser
            .parse(sql)
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn correlated_subqueries_keep_their_meaning() {
        assert_eq!(
            rewritten("SELECT a.name, (SELECT o.stage FROM o WHERE o.id = a.id ORDER BY 1) FROM a"),
            "SELECT a.name, (SELECT scalar_subquery_value(o.stage) AS stage FROM o WHERE o.id = a.id) FROM a"
        );
        // Already one row: left as written.
        let counted = "SELECT a.name, (SELECT count(*) FROM o WHERE o.id = a.id) AS n FROM a";
        assert_eq!(rewritten(counted), counted);
        let limited = "SELECT (SELECT o.stage FROM o LIMIT 1) FROM a";
        assert_eq!(rewritten(limited), limited);
        // Only aggregates of the subquery itself count.
        assert_eq!(
            rewritten(
                "SELECT (SELECT (SELECT max(x) FROM b) + o.v FROM o WHERE o.id = a.id) FROM a"
            ),
            "SELECT (SELECT scalar_subquery_value((SELECT max(x) FROM b) + o.v) FROM o WHERE o.id = a.id) FROM a"
        );
        // In WHERE too, as psql's \dT and pgjdbc's getTypeInfo write it.
        assert_eq!(
            rewritten(
                "SELECT t.typname FROM pg_type t WHERE t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_class c WHERE c.oid = t.typrelid)"
            ),
            "SELECT t.typname FROM pg_catalog.pg_type t WHERE t.typrelid = 0 OR (SELECT scalar_subquery_value(c.relkind = 'c') FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid)"
        );
    }

    #[test]
    fn a_recursive_subquery_started_by_an_outer_column_runs_for_all_rows() {
        // asyncpg's domain base type.
        let sql = "SELECT t.oid, (WITH RECURSIVE typebases(oid, depth) AS (\
                   SELECT t2.typbasetype AS oid, 0 AS depth FROM pg_type t2 WHERE t2.oid = t.oid \
                   UNION ALL SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth FROM pg_type t2, typebases tb \
                   WHERE tb.oid = t2.oid AND t2.typbasetype <> 0) \
                   SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1) AS basetype FROM pg_type t";
        assert_eq!(
            rewritten(sql),
            "SELECT t.oid, (WITH RECURSIVE typebases (oid, depth, aos_recursion_root) AS (\
             SELECT t2.typbasetype AS oid, 0 AS depth, t2.oid AS aos_recursion_root FROM pg_catalog.pg_type t2 \
             UNION ALL SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth, tb.aos_recursion_root AS aos_recursion_root \
             FROM pg_catalog.pg_type t2, typebases tb WHERE tb.oid = t2.oid AND t2.typbasetype <> 0) \
             SELECT first_value(oid ORDER BY depth DESC) FROM typebases WHERE aos_recursion_root = t.oid) AS basetype \
             FROM pg_catalog.pg_type t"
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

    #[test]
    fn outer_columns_in_mixed_conditions_are_replaced_by_their_inner_equals() {
        // psql's \d column query.
        assert_eq!(
            rewritten(
                "SELECT (SELECT c.collname FROM pg_collation c, pg_type t WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation FROM pg_attribute a"
            ),
            "SELECT (SELECT scalar_subquery_value(c.collname) AS collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND c.oid <> t.typcollation) AS attcollation FROM pg_catalog.pg_attribute a"
        );
        // psql's default-value lookup: the outer-only condition decides whether to look.
        assert_eq!(
            rewritten(
                "SELECT (SELECT pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) FROM pg_attribute a"
            ),
            "SELECT CASE WHEN a.atthasdef THEN (SELECT scalar_subquery_value(pg_get_expr(d.adbin, d.adrelid, true)) AS pg_get_expr FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum) END FROM pg_catalog.pg_attribute a"
        );
        // Without an equality to lean on, nothing changes.
        let plain = "SELECT (SELECT count(*) FROM t WHERE t.x < a.x) FROM a";
        assert_eq!(rewritten(plain), plain);
    }

    #[test]
    fn catalog_columns_compare_with_their_own_representation() {
        assert_eq!(
            rewritten("SELECT typinput = 'pg_catalog.array_in'::regproc AS is_array FROM pg_type"),
            "SELECT typinput = 'array_in' AS is_array FROM pg_catalog.pg_type"
        );
        assert_eq!(
            rewritten("SELECT 1 FROM pg_type a JOIN pg_proc ON pg_proc.oid = a.typreceive"),
            "SELECT 1 FROM pg_catalog.pg_type a JOIN pg_catalog.pg_proc ON pg_proc.proname = a.typreceive"
        );
        assert_eq!(
            rewritten("SELECT pol.polroles = '{0}' FROM pg_policy pol"),
            "SELECT pol.polroles = ARRAY[0] FROM pg_catalog.pg_policy pol"
        );
    }

    #[test]
    fn computed_relation_names_are_looked_up() {
        let lookup = rewritten("SELECT CAST(format('%I.%I', s, t) AS regclass) FROM x");
        assert!(lookup.contains("FROM pg_catalog.pg_class c"), "{lookup}");
        assert_eq!(
            rewritten(
                "SELECT 1 FROM s WHERE seqrelid = CAST(CAST(pg_catalog.pg_get_serial_sequence('t', a) AS REGCLASS) AS OID)"
            ),
            "SELECT 1 FROM s WHERE seqrelid = CAST(NULL AS OID)"
        );
    }

    #[test]
    fn outer_columns_in_the_selected_value_are_read_outside() {
        assert_eq!(
            rewritten(
                "SELECT (SELECT f(a.k = 'a', s.x, s.x + s.y) FROM s WHERE a.k <> '' AND s.id = a.id) FROM a"
            ),
            "SELECT CASE WHEN a.k <> '' AND (SELECT count(*) FROM s WHERE s.id = a.id) > 0 \
             THEN f(a.k = 'a', (SELECT scalar_subquery_value(s.x) FROM s WHERE s.id = a.id), \
             (SELECT scalar_subquery_value(s.x) FROM s WHERE s.id = a.id) + \
             (SELECT scalar_subquery_value(s.y) FROM s WHERE s.id = a.id)) END FROM a"
        );
        // SQLAlchemy qualifies every column with schema and table.
        assert_eq!(
            rewritten(
                "SELECT (SELECT d.x FROM pg_catalog.d WHERE pg_catalog.d.id = pg_catalog.a.id AND pg_catalog.a.h) FROM pg_catalog.a"
            ),
            "SELECT CASE WHEN pg_catalog.a.h THEN (SELECT scalar_subquery_value(d.x) AS x FROM pg_catalog.d \
             WHERE pg_catalog.d.id = pg_catalog.a.id) END FROM pg_catalog.a"
        );
    }

    #[test]
    fn like_escape_characters_become_backslashes() {
        assert_eq!(
            rewritten("SELECT 1 FROM n WHERE nspname NOT LIKE 'pg/_' || '%' ESCAPE '/'"),
            "SELECT 1 FROM n WHERE nspname NOT LIKE like_escape('pg/_' || '%', '/')"
        );
        let plain = "SELECT 1 FROM n WHERE nspname LIKE 'a\\_%' ESCAPE '\\'";
        assert_eq!(rewritten(plain), plain);
    }

    #[test]
    fn composite_fields_are_struct_fields() {
        assert_eq!(
            rewritten("SELECT (f(x)).n, (r.keys).x FROM r"),
            "SELECT get_field(f(x), 'n'), get_field(r.keys, 'x') FROM r"
        );
    }

    #[test]
    fn array_constructors_become_ordered_array_agg() {
        assert_eq!(
            rewritten(
                "SELECT ARRAY(SELECT b.rolname FROM m JOIN b ON m.roleid = b.oid WHERE m.member = r.oid ORDER BY 1) AS memberof FROM r"
            ),
            "SELECT (SELECT array_agg(b.rolname ORDER BY b.rolname) FROM m JOIN b ON m.roleid = b.oid WHERE m.member = r.oid) AS memberof FROM r"
        );
        // A shape it cannot express stays, for DataFusion to refuse by name.
        let grouped = "SELECT ARRAY(SELECT x FROM t GROUP BY x) FROM r";
        assert_eq!(rewritten(grouped), grouped);
    }
}
