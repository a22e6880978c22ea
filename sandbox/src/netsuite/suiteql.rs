//! SuiteQL, the Oracle-flavoured SQL of NetSuite's `POST /services/rest/query/v1/suiteql`, over the sandbox tables.
//!
//! The query is parsed with `sqlparser`, translated into a small expression IR (`Ex`) with every column resolved to
//! a position in the joined row, then evaluated: FROM/JOIN (a hash join on an equality between the new table and the
//! earlier ones, a nested loop otherwise), WHERE with Oracle's ROWNUM, GROUP BY/HAVING with aggregates, the select
//! list, DISTINCT, ORDER BY and OFFSET/FETCH. Hostile input gives a [`SuiteQlError`], never a panic: query length,
//! expression depth, join size and total evaluation work are bounded, AND/OR chains are flattened iteratively, and
//! evaluation runs on its own thread with a large stack, because `sqlparser` drops a long `a+a+...` chain recursively.

use std::cell::Cell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Utc};
use sqlparser::ast::{self, BinaryOperator, Expr, Statement};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

use crate::data::{Database, FieldType, Table, Value};

/// Longest accepted query text, in characters.
const MAX_QUERY_CHARS: usize = 100_000;
/// Deepest accepted expression nesting (an AND/OR chain counts as one level).
const MAX_DEPTH: usize = 100;
/// Most candidate row pairs one join may examine.
const MAX_PAIRS: u64 = 5_000_000;
/// Most rows one join may produce.
const MAX_ROWS: usize = 500_000;
/// Most evaluation steps one query may take.
const MAX_STEPS: u64 = 50_000_000;
/// Stack size of the evaluation thread.
const STACK_BYTES: usize = 64 << 20;
/// What every error detail starts with.
const PREFIX: &str =
    "Invalid search query. Detailed unprocessed description follows. Search error occurred: ";
/// The value of a missing cell.
static NULL: Value = Value::Null;

/// A SuiteQL error, answered with HTTP 400 in NetSuite's envelope; `detail` goes in `o:errorDetails[0].detail`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SuiteQlError {
    /// NetSuite's `o:errorCode`.
    pub(crate) code: &'static str,
    /// The human-readable description.
    pub(crate) detail: String,
}

/// The full result of a query; the caller pages it with limit/offset.
#[derive(Debug)]
pub(crate) struct QueryOutput {
    /// Lowercase column names, in select-list order.
    pub(crate) columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub(crate) rows: Vec<Vec<Value>>,
}

/// Results in this module.
type Res<T> = Result<T, SuiteQlError>;

/// An `INVALID_PARAMETER` error with `msg` after NetSuite's standard prefix.
fn fail(msg: &str) -> SuiteQlError {
    SuiteQlError {
        code: "INVALID_PARAMETER",
        detail: format!("{PREFIX}{msg}"),
    }
}
/// A syntax error or an unsupported construct, named by `what`.
fn unsupported(what: &str) -> SuiteQlError {
    fail(&format!("Invalid or unsupported search. ({what})"))
}
/// An unknown column.
fn unknown(name: &str) -> SuiteQlError {
    fail(&format!(
        "Unknown identifier '{name}'. Identifier may be misspelled or may not be accessible due to insufficient \
         permissions."
    ))
}
/// Too much work.
fn too_expensive() -> SuiteQlError {
    fail("Query is too expensive.")
}
/// A text that is not a date.
fn bad_date() -> SuiteQlError {
    fail("Invalid date value.")
}
/// An arithmetic result out of range.
fn overflow() -> SuiteQlError {
    fail("Numeric overflow.")
}

/// Parses, validates and evaluates `q` against `db`.
pub(crate) fn run(q: &str, db: &Database) -> Result<QueryOutput, SuiteQlError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(unsupported("query longer than 100000 characters"));
    }
    // Only a long query can build an AST deep enough to need the big stack (sqlparser drops long operator
    // chains recursively); short ones, nearly all of them, run here without a thread.
    if q.len() <= INLINE_QUERY_BYTES {
        evaluate(q, db)
    } else {
        run_on_big_stack(q, db)
    }
}

/// Queries up to this long are evaluated on the caller's stack.
const INLINE_QUERY_BYTES: usize = 2_000;

/// Runs [`evaluate`] on a thread with a large stack.
fn run_on_big_stack(q: &str, db: &Database) -> Res<QueryOutput> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("suiteql".to_owned())
            .stack_size(STACK_BYTES);
        match thread.spawn_scoped(scope, move || evaluate(q, db)) {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(fail("Internal error."))),
            Err(_) => Err(fail("Internal error.")),
        }
    })
}

/// Parses one SELECT statement, plans it and executes it.
fn evaluate(q: &str, db: &Database) -> Res<QueryOutput> {
    let dialect = GenericDialect {};
    let statements = Parser::new(&dialect)
        .with_recursion_limit(64)
        .try_with_sql(q)
        .and_then(|mut p| p.parse_statements())
        .map_err(|e| unsupported(&e.to_string().chars().take(200).collect::<String>()))?;
    let [statement] = statements.as_slice() else {
        return Err(unsupported(if statements.is_empty() {
            "empty query"
        } else {
            "more than one statement"
        }));
    };
    let plan = build_plan(statement, db)?;
    execute(
        &plan,
        &Cx {
            db,
            steps: Cell::new(0),
        },
    )
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Evaluation of a comparison.
impl CmpOp {
    /// Whether an ordering of the operands satisfies the operator.
    fn test(self, o: Ordering) -> bool {
        match self {
            CmpOp::Eq => o.is_eq(),
            CmpOp::Ne => o.is_ne(),
            CmpOp::Lt => o.is_lt(),
            CmpOp::Le => o.is_le(),
            CmpOp::Gt => o.is_gt(),
            CmpOp::Ge => o.is_ge(),
        }
    }
}

/// An arithmetic operator or `||`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ArOp {
    Add,
    Sub,
    Mul,
    Div,
    Concat,
}

/// A scalar function: TO_DATE, TO_CHAR, NVL, COALESCE, UPPER, LOWER, ABS, ROUND, TRUNC.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Func {
    ToDate,
    ToChar,
    Nvl,
    Coalesce,
    Upper,
    Lower,
    Abs,
    Round,
    Trunc,
}

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AggKind {
    Count,
    Sum,
    Avg,
    Min,
    Max,
}

/// One aggregate call; `arg` is `None` for `COUNT(*)`.
#[derive(Debug, Clone, PartialEq)]
struct AggSpec {
    kind: AggKind,
    distinct: bool,
    arg: Option<Ex>,
}

/// A translated expression. `Col` indexes the row it is evaluated on: the joined row (whose last cell is ROWNUM),
/// or after GROUP BY the group row (key values, then aggregate values). The flags of `IsNull`, `In`, `Between` and
/// `Like` negate them. `Case` has an optional operand (simple CASE), WHEN/THEN arms and an ELSE. `Df` is
/// `BUILTIN.DF` with the index in `Database::tables` of the referenced table. `Agg` is an aggregate by index,
/// rewritten to a group-row column before evaluation.
#[derive(Debug, Clone, PartialEq)]
enum Ex {
    Col(usize),
    Lit(Value),
    And(Vec<Ex>),
    Or(Vec<Ex>),
    Not(Box<Ex>),
    Cmp(CmpOp, Box<Ex>, Box<Ex>),
    Arith(ArOp, Box<Ex>, Box<Ex>),
    Neg(Box<Ex>),
    IsNull(Box<Ex>, bool),
    In(Box<Ex>, Vec<Ex>, bool),
    Between(Box<Ex>, Box<Ex>, Box<Ex>, bool),
    Like(Box<Ex>, Box<Ex>, bool),
    Case(Option<Box<Ex>>, Vec<(Ex, Ex)>, Option<Box<Ex>>),
    Call(Func, Vec<Ex>),
    Df(Box<Ex>, Option<usize>),
    Agg(usize),
}

/// Traversal.
impl Ex {
    /// The direct subexpressions.
    fn children(&self) -> Vec<&Ex> {
        match self {
            Ex::Col(_) | Ex::Lit(_) | Ex::Agg(_) => Vec::new(),
            Ex::And(v) | Ex::Or(v) | Ex::Call(_, v) => v.iter().collect(),
            Ex::Not(a) | Ex::Neg(a) | Ex::IsNull(a, _) | Ex::Df(a, _) => vec![&**a],
            Ex::Cmp(_, a, b) | Ex::Arith(_, a, b) | Ex::Like(a, b, _) => vec![&**a, &**b],
            Ex::In(a, v, _) => std::iter::once(&**a).chain(v.iter()).collect(),
            Ex::Between(a, b, c, _) => vec![&**a, &**b, &**c],
            Ex::Case(subject, arms, other) => {
                let arms = arms.iter().flat_map(|(c, r)| [c, r]);
                subject
                    .as_deref()
                    .into_iter()
                    .chain(arms)
                    .chain(other.as_deref())
                    .collect()
            }
        }
    }

    /// The direct subexpressions, mutably.
    fn children_mut(&mut self) -> Vec<&mut Ex> {
        match self {
            Ex::Col(_) | Ex::Lit(_) | Ex::Agg(_) => Vec::new(),
            Ex::And(v) | Ex::Or(v) | Ex::Call(_, v) => v.iter_mut().collect(),
            Ex::Not(a) | Ex::Neg(a) | Ex::IsNull(a, _) | Ex::Df(a, _) => vec![&mut **a],
            Ex::Cmp(_, a, b) | Ex::Arith(_, a, b) | Ex::Like(a, b, _) => vec![&mut **a, &mut **b],
            Ex::In(a, v, _) => std::iter::once(&mut **a).chain(v.iter_mut()).collect(),
            Ex::Between(a, b, c, _) => vec![&mut **a, &mut **b, &mut **c],
            Ex::Case(subject, arms, other) => {
                let arms = arms.iter_mut().flat_map(|(c, r)| [c, r]);
                subject
                    .as_deref_mut()
                    .into_iter()
                    .chain(arms)
                    .chain(other.as_deref_mut())
                    .collect()
            }
        }
    }
}

/// The lowest and highest column an expression reads, if any (iterative).
fn col_span(ex: &Ex) -> Option<(usize, usize)> {
    let mut span: Option<(usize, usize)> = None;
    let mut stack = vec![ex];
    while let Some(e) = stack.pop() {
        if let Ex::Col(i) = e {
            span = Some(span.map_or((*i, *i), |(lo, hi)| (lo.min(*i), hi.max(*i))));
        }
        stack.extend(e.children());
    }
    span
}

/// Rewrites an expression over the joined row into one over the group row: GROUP BY expressions become key columns
/// and aggregates become aggregate columns; any other column reference is an error.
fn bind(ex: &mut Ex, keys: &[Ex]) -> Res<()> {
    if let Some(i) = keys.iter().position(|k| k == &*ex) {
        *ex = Ex::Col(i);
        return Ok(());
    }
    match ex {
        Ex::Col(_) => return Err(unsupported("not a GROUP BY expression")),
        Ex::Agg(j) => {
            let col = keys.len() + *j;
            *ex = Ex::Col(col);
            return Ok(());
        }
        _ => {}
    }
    ex.children_mut()
        .into_iter()
        .try_for_each(|c| bind(c, keys))
}

/// A FROM/JOIN table: lowercase alias (or name), the table, the position of its first column in the joined row.
struct Source<'a> {
    alias: String,
    table: &'a Table,
    offset: usize,
}

/// How one table joins the ones before it: LEFT or inner, the ON condition (none for a cross join) and, for a hash
/// join, the equality's side over the earlier tables and its side over the new table.
struct JoinStep {
    left: bool,
    on: Option<Ex>,
    hash: Option<(Ex, Ex)>,
}

/// Where an ORDER BY key comes from: an output column or an expression over the row.
enum OrderSrc {
    Out(usize),
    Ex(Ex),
}

/// One ORDER BY key.
struct OrderItem {
    src: OrderSrc,
    desc: bool,
    nulls_first: bool,
}

/// A validated query. `width` is the joined row's width (ROWNUM is the cell after it); `grouped` is set by GROUP BY,
/// aggregates or HAVING; `having`, `proj` and `order` are then over the group row.
struct Plan<'a> {
    sources: Vec<Source<'a>>,
    joins: Vec<JoinStep>,
    width: usize,
    filter: Option<Ex>,
    grouped: bool,
    keys: Vec<Ex>,
    aggs: Vec<AggSpec>,
    having: Option<Ex>,
    proj: Vec<Ex>,
    columns: Vec<String>,
    order: Vec<OrderItem>,
    distinct: bool,
    offset: usize,
    fetch: Option<usize>,
}

/// The translator from `sqlparser` expressions to `Ex`. Inside an ON condition only the first `visible` sources are
/// in scope; `agg_ok` and `rownum_ok` say whether aggregates and ROWNUM are allowed; `now` is SYSDATE.
struct Tr<'a> {
    db: &'a Database,
    sources: Vec<Source<'a>>,
    visible: usize,
    width: usize,
    aggs: Vec<AggSpec>,
    agg_ok: bool,
    rownum_ok: bool,
    now: Value,
}

/// Translation of expressions.
impl Tr<'_> {
    /// Translates one expression; `depth` counts the nesting so far.
    fn expr(&mut self, e: &Expr, depth: usize) -> Res<Ex> {
        if depth > MAX_DEPTH {
            return Err(unsupported("expression nested too deeply"));
        }
        let d = depth + 1;
        Ok(match e {
            Expr::Identifier(id) => self.column(None, id)?,
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [table, column] => self.column(Some(table), column)?,
                _ => {
                    return Err(unknown(
                        &parts
                            .iter()
                            .map(|p| p.value.as_str())
                            .collect::<Vec<_>>()
                            .join("."),
                    ));
                }
            },
            Expr::Value(v) => Ex::Lit(literal(&v.value)?),
            Expr::Nested(inner) => self.expr(inner, d)?,
            Expr::UnaryOp { op, expr } => match op {
                ast::UnaryOperator::Not => Ex::Not(self.boxed(expr, d)?),
                ast::UnaryOperator::Minus => Ex::Neg(self.boxed(expr, d)?),
                ast::UnaryOperator::Plus => self.expr(expr, d)?,
                _ => return Err(unsupported("unary operator")),
            },
            Expr::BinaryOp { left, op, right } => self.binary(left, op, right, d)?,
            Expr::IsNull(x) => Ex::IsNull(self.boxed(x, d)?, false),
            Expr::IsNotNull(x) => Ex::IsNull(self.boxed(x, d)?, true),
            Expr::InList {
                expr,
                list,
                negated,
                ..
            } => Ex::In(self.boxed(expr, d)?, self.list(list, d)?, *negated),
            Expr::Between {
                expr,
                negated,
                low,
                high,
                ..
            } => Ex::Between(
                self.boxed(expr, d)?,
                self.boxed(low, d)?,
                self.boxed(high, d)?,
                *negated,
            ),
            Expr::Like {
                negated,
                any: false,
                expr,
                pattern,
                escape_char: None,
                ..
            } => Ex::Like(self.boxed(expr, d)?, self.boxed(pattern, d)?, *negated),
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let subject = operand.as_deref().map(|o| self.boxed(o, d)).transpose()?;
                let mut arms = Vec::with_capacity(conditions.len());
                for when in conditions {
                    arms.push((self.expr(&when.condition, d)?, self.expr(&when.result, d)?));
                }
                Ex::Case(
                    subject,
                    arms,
                    else_result
                        .as_deref()
                        .map(|e| self.boxed(e, d))
                        .transpose()?,
                )
            }
            Expr::Function(f) => self.function(f, d)?,
            Expr::Subquery(_) | Expr::Exists { .. } | Expr::InSubquery { .. } => {
                return Err(unsupported("subquery"));
            }
            _ => return Err(unsupported("expression")),
        })
    }

    /// Translates one expression into a box.
    fn boxed(&mut self, e: &Expr, d: usize) -> Res<Box<Ex>> {
        self.expr(e, d).map(Box::new)
    }

    /// Translates a list of expressions.
    fn list(&mut self, es: &[Expr], d: usize) -> Res<Vec<Ex>> {
        es.iter().map(|e| self.expr(e, d)).collect()
    }

    /// Resolves a bare or qualified column name among the tables in scope (or ROWNUM, SYSDATE).
    fn column(&self, table: Option<&ast::Ident>, column: &ast::Ident) -> Res<Ex> {
        let qualifier = table.map(|t| t.value.to_lowercase());
        let mut found = None;
        for s in self.sources.iter().take(self.visible) {
            if qualifier.as_ref().is_some_and(|q| *q != s.alias) {
                continue;
            }
            if let Some(i) = s.table.column(&column.value) {
                if found.is_some() {
                    return Err(fail(&format!("Ambiguous column name '{}'.", column.value)));
                }
                found = Some(s.offset + i);
            }
        }
        let bare = table.is_none();
        match found {
            Some(i) => Ok(Ex::Col(i)),
            None if bare && self.rownum_ok && column.value.eq_ignore_ascii_case("rownum") => {
                Ok(Ex::Col(self.width))
            }
            None if bare && column.value.eq_ignore_ascii_case("sysdate") => {
                Ok(Ex::Lit(self.now.clone()))
            }
            None => Err(unknown(&match table {
                Some(t) => format!("{}.{}", t.value, column.value),
                None => column.value.clone(),
            })),
        }
    }

    /// Translates a binary operation; AND/OR chains are flattened without recursion.
    fn binary(&mut self, left: &Expr, op: &BinaryOperator, right: &Expr, d: usize) -> Res<Ex> {
        if matches!(op, BinaryOperator::And | BinaryOperator::Or) {
            let mut terms = Vec::new();
            for t in flatten(left, right, op) {
                terms.push(self.expr(t, d)?);
            }
            return Ok(if *op == BinaryOperator::And {
                Ex::And(terms)
            } else {
                Ex::Or(terms)
            });
        }
        let (l, r) = (self.boxed(left, d)?, self.boxed(right, d)?);
        Ok(match op {
            BinaryOperator::Eq => Ex::Cmp(CmpOp::Eq, l, r),
            BinaryOperator::NotEq => Ex::Cmp(CmpOp::Ne, l, r),
            BinaryOperator::Lt => Ex::Cmp(CmpOp::Lt, l, r),
            BinaryOperator::LtEq => Ex::Cmp(CmpOp::Le, l, r),
            BinaryOperator::Gt => Ex::Cmp(CmpOp::Gt, l, r),
            BinaryOperator::GtEq => Ex::Cmp(CmpOp::Ge, l, r),
            BinaryOperator::Plus => Ex::Arith(ArOp::Add, l, r),
            BinaryOperator::Minus => Ex::Arith(ArOp::Sub, l, r),
            BinaryOperator::Multiply => Ex::Arith(ArOp::Mul, l, r),
            BinaryOperator::Divide => Ex::Arith(ArOp::Div, l, r),
            BinaryOperator::StringConcat => Ex::Arith(ArOp::Concat, l, r),
            _ => return Err(unsupported(&format!("operator {op}"))),
        })
    }

    /// Translates a function call: an aggregate, `BUILTIN.DF` or a scalar function.
    fn function(&mut self, f: &ast::Function, d: usize) -> Res<Ex> {
        let mut parts = Vec::new();
        for part in &f.name.0 {
            let ast::ObjectNamePart::Identifier(id) = part else {
                return Err(unsupported("function name"));
            };
            parts.push(id.value.to_lowercase());
        }
        let name = parts.join(".");
        let plain = f.filter.is_none()
            && f.over.is_none()
            && f.null_treatment.is_none()
            && f.within_group.is_empty();
        if !plain || f.uses_odbc_syntax || !matches!(f.parameters, ast::FunctionArguments::None) {
            return Err(unsupported(&format!("{name} clause")));
        }
        let (distinct, args): (bool, Vec<&ast::FunctionArgExpr>) = match &f.args {
            ast::FunctionArguments::None => (false, Vec::new()),
            ast::FunctionArguments::List(list) if list.clauses.is_empty() => {
                let mut args = Vec::with_capacity(list.args.len());
                for a in &list.args {
                    let ast::FunctionArg::Unnamed(x) = a else {
                        return Err(unsupported("named argument"));
                    };
                    args.push(x);
                }
                (
                    matches!(
                        list.duplicate_treatment,
                        Some(ast::DuplicateTreatment::Distinct)
                    ),
                    args,
                )
            }
            _ => return Err(unsupported(&format!("arguments of {name}"))),
        };
        let kind = match name.as_str() {
            "count" => Some(AggKind::Count),
            "sum" => Some(AggKind::Sum),
            "avg" => Some(AggKind::Avg),
            "min" => Some(AggKind::Min),
            "max" => Some(AggKind::Max),
            _ => None,
        };
        if let Some(kind) = kind {
            if !self.agg_ok {
                return Err(unsupported("aggregate function not allowed here"));
            }
            let arg = match args.as_slice() {
                [ast::FunctionArgExpr::Wildcard] if kind == AggKind::Count && !distinct => None,
                [ast::FunctionArgExpr::Expr(e)] => {
                    self.agg_ok = false;
                    let arg = self.expr(e, d);
                    self.agg_ok = true;
                    Some(arg?)
                }
                _ => return Err(unsupported(&format!("arguments of {name}"))),
            };
            let spec = AggSpec {
                kind,
                distinct,
                arg,
            };
            let i = self
                .aggs
                .iter()
                .position(|a| *a == spec)
                .unwrap_or(self.aggs.len());
            if i == self.aggs.len() {
                self.aggs.push(spec);
            }
            return Ok(Ex::Agg(i));
        }
        let mut exprs = Vec::with_capacity(args.len());
        for a in &args {
            let (ast::FunctionArgExpr::Expr(e), false) = (a, distinct) else {
                return Err(unsupported(&format!("arguments of {name}")));
            };
            exprs.push(self.expr(e, d)?);
        }
        if name == "builtin.df" {
            let (Some(arg), true) = (exprs.pop(), exprs.is_empty()) else {
                return Err(unsupported("arguments of builtin.df"));
            };
            let target = if let Ex::Col(i) = arg {
                self.reference_target(i)
            } else {
                None
            };
            return Ok(Ex::Df(Box::new(arg), target));
        }
        let (func, arity) = match name.as_str() {
            "to_date" => (Func::ToDate, 1..=2),
            "to_char" => (Func::ToChar, 1..=2),
            "nvl" => (Func::Nvl, 2..=2),
            "coalesce" => (Func::Coalesce, 1..=usize::MAX),
            "upper" => (Func::Upper, 1..=1),
            "lower" => (Func::Lower, 1..=1),
            "abs" => (Func::Abs, 1..=1),
            "round" => (Func::Round, 1..=2),
            "trunc" => (Func::Trunc, 1..=2),
            _ => return Err(unsupported(&format!("function {name}"))),
        };
        if !arity.contains(&exprs.len()) {
            return Err(unsupported(&format!("number of arguments of {name}")));
        }
        Ok(Ex::Call(func, exprs))
    }

    /// The index in `Database::tables` of the table a reference column points at.
    fn reference_target(&self, col: usize) -> Option<usize> {
        let src = self
            .sources
            .iter()
            .find(|s| col >= s.offset && col < s.offset + s.table.fields.len())?;
        let field = src
            .table
            .fields
            .get(col - src.offset)
            .filter(|f| f.ty == FieldType::Reference)?;
        let target = field.reference_to.as_deref()?;
        self.db
            .tables()
            .iter()
            .position(|t| t.name.eq_ignore_ascii_case(target))
    }
}

/// The terms of a chain of one AND/OR operator, left to right, without recursion.
fn flatten<'e>(left: &'e Expr, right: &'e Expr, op: &BinaryOperator) -> Vec<&'e Expr> {
    let mut out = Vec::new();
    let mut stack = vec![right, left];
    while let Some(e) = stack.pop() {
        match e {
            Expr::BinaryOp {
                left: l,
                op: o,
                right: r,
            } if o == op => {
                stack.push(&**r);
                stack.push(&**l);
            }
            _ => out.push(e),
        }
    }
    out
}

/// A literal; Oracle's empty string is NULL.
fn literal(v: &ast::Value) -> Res<Value> {
    Ok(match v {
        ast::Value::Number(n, _) => match parse_num(&n.to_string()) {
            Some(Num::I(i)) => Value::Int(i),
            Some(Num::F(f)) => Value::Float(f),
            None => return Err(unsupported("number literal")),
        },
        ast::Value::SingleQuotedString(s) if s.is_empty() => Value::Null,
        ast::Value::SingleQuotedString(s) => Value::Text(s.clone()),
        ast::Value::Null => Value::Null,
        ast::Value::Boolean(b) => Value::Bool(*b),
        _ => return Err(unsupported("literal")),
    })
}

/// A non-negative integer literal (OFFSET, FETCH, ORDER BY position).
fn row_count(e: &Expr) -> Res<usize> {
    match e {
        Expr::Value(v) => match &v.value {
            ast::Value::Number(n, _) => n.to_string().parse().map_err(|_| unsupported("row count")),
            _ => Err(unsupported("row count")),
        },
        _ => Err(unsupported("row count")),
    }
}

/// Whether a join is LEFT, and its ON condition.
fn join_kind(op: &ast::JoinOperator) -> Res<(bool, Option<&Expr>)> {
    use sqlparser::ast::{JoinConstraint as C, JoinOperator as J};
    Ok(match op {
        J::Join(C::On(e)) | J::Inner(C::On(e)) => (false, Some(e)),
        J::Left(C::On(e)) | J::LeftOuter(C::On(e)) => (true, Some(e)),
        J::CrossJoin(C::None) => (false, None),
        _ => return Err(unsupported("join type")),
    })
}

/// The table and lowercase alias of a FROM/JOIN item.
fn table_source<'a>(db: &'a Database, factor: &ast::TableFactor) -> Res<(&'a Table, String)> {
    let ast::TableFactor::Table {
        name,
        alias,
        args: None,
        with_hints,
        ..
    } = factor
    else {
        return Err(unsupported("subquery or table function in FROM"));
    };
    let ([ast::ObjectNamePart::Identifier(id)], true) = (name.0.as_slice(), with_hints.is_empty())
    else {
        return Err(unsupported("table name"));
    };
    let table = db
        .table(&id.value)
        .ok_or_else(|| fail(&format!("Record '{}' was not found.", id.value)))?;
    match alias {
        Some(a) if !a.columns.is_empty() => Err(unsupported("table alias column list")),
        Some(a) => Ok((table, a.name.value.to_lowercase())),
        None => Ok((table, id.value.to_lowercase())),
    }
}

/// Rejects `*` with options (EXCLUDE, EXCEPT, ...).
fn plain_wildcard(o: &ast::WildcardAdditionalOptions) -> Res<()> {
    let plain = o.opt_ilike.is_none() && o.opt_exclude.is_none() && o.opt_except.is_none();
    if plain && o.opt_replace.is_none() && o.opt_rename.is_none() && o.opt_alias.is_none() {
        Ok(())
    } else {
        Err(unsupported("wildcard options"))
    }
}

/// Appends every column of a source to the select list.
fn expand(src: &Source<'_>, proj: &mut Vec<Ex>, columns: &mut Vec<String>) {
    for (i, f) in src.table.fields.iter().enumerate() {
        proj.push(Ex::Col(src.offset + i));
        columns.push(f.name.to_lowercase());
    }
}

/// The output column called `name`, if exactly one is.
fn unique_column(columns: &[String], name: &str) -> Option<usize> {
    let name = name.to_lowercase();
    let mut hits = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == name)
        .map(|(i, _)| i);
    match (hits.next(), hits.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}

/// An equality conjunct of `on` usable for a hash join of the table whose columns are `lo..hi`: its side over the
/// earlier tables and its side over the new table. An equality with a constant is used only if there is no other.
fn pick_hash(on: &Ex, lo: usize, hi: usize) -> Option<(Ex, Ex)> {
    let conjuncts: Vec<&Ex> = match on {
        Ex::And(v) => v.iter().collect(),
        e => vec![e],
    };
    let mut with_constant: Option<(Ex, Ex)> = None;
    for c in conjuncts {
        let Ex::Cmp(CmpOp::Eq, a, b) = c else {
            continue;
        };
        for (old, new) in [(&**a, &**b), (&**b, &**a)] {
            let new_ok = col_span(new).is_some_and(|(first, last)| first >= lo && last < hi);
            match col_span(old) {
                Some((_, last)) if new_ok && last < lo => return Some((old.clone(), new.clone())),
                None if new_ok && with_constant.is_none() => {
                    with_constant = Some((old.clone(), new.clone()))
                }
                _ => {}
            }
        }
    }
    with_constant
}

/// Validates a statement and translates it into a [`Plan`].
fn build_plan<'a>(statement: &Statement, db: &'a Database) -> Res<Plan<'a>> {
    let Statement::Query(query) = statement else {
        return Err(unsupported("only SELECT is allowed"));
    };
    let q: &ast::Query = query;
    if q.with.is_some() || !q.locks.is_empty() || q.for_clause.is_some() || q.settings.is_some() {
        return Err(unsupported("query clause"));
    }
    if q.format_clause.is_some() || !q.pipe_operators.is_empty() {
        return Err(unsupported("query clause"));
    }
    let offset = match &q.limit_clause {
        None => 0,
        Some(ast::LimitClause::LimitOffset {
            limit: None,
            offset: Some(o),
            limit_by,
        }) if limit_by.is_empty() => row_count(&o.value)?,
        Some(_) => return Err(unsupported("LIMIT")),
    };
    let fetch = match &q.fetch {
        None => None,
        Some(f) if f.with_ties || f.percent => {
            return Err(unsupported("FETCH WITH TIES or PERCENT"));
        }
        Some(f) => Some(f.quantity.as_ref().map_or(Ok(1), row_count)?),
    };
    let ast::SetExpr::Select(select) = &*q.body else {
        return Err(unsupported("set operation or subquery"));
    };
    let s: &ast::Select = select;
    let odd =
        s.top.is_some() || s.select_modifiers.is_some() || s.exclude.is_some() || s.into.is_some();
    let odd =
        odd || !s.lateral_views.is_empty() || s.prewhere.is_some() || !s.connect_by.is_empty();
    let odd =
        odd || !s.cluster_by.is_empty() || !s.distribute_by.is_empty() || !s.sort_by.is_empty();
    let odd =
        odd || !s.named_window.is_empty() || s.qualify.is_some() || s.value_table_mode.is_some();
    if odd || !matches!(s.flavor, ast::SelectFlavor::Standard) || s.projection.is_empty() {
        return Err(unsupported("SELECT clause"));
    }
    let distinct = match &s.distinct {
        None | Some(ast::Distinct::All) => false,
        Some(ast::Distinct::Distinct) => true,
        Some(ast::Distinct::On(_)) => return Err(unsupported("DISTINCT ON")),
    };

    // FROM; a comma-separated item is a cross join.
    let mut rels: Vec<(&ast::TableFactor, bool, Option<&Expr>)> = Vec::new();
    for twj in &s.from {
        rels.push((&twj.relation, false, None));
        for j in &twj.joins {
            let (left, on) = join_kind(&j.join_operator)?;
            rels.push((&j.relation, left, on));
        }
    }
    if rels.is_empty() {
        return Err(unsupported("missing FROM"));
    }
    let mut sources = Vec::with_capacity(rels.len());
    let mut width = 0usize;
    for (factor, _, _) in &rels {
        let (table, alias) = table_source(db, factor)?;
        sources.push(Source {
            alias,
            table,
            offset: width,
        });
        width += table.fields.len();
    }
    let now = Value::DateTime(Utc::now());
    let mut tr = Tr {
        db,
        sources,
        visible: 0,
        width,
        aggs: Vec::new(),
        agg_ok: false,
        rownum_ok: false,
        now,
    };
    let mut joins = Vec::with_capacity(rels.len());
    for (k, (_, left, on)) in rels.iter().enumerate().skip(1) {
        tr.visible = k + 1;
        let on = on.map(|e| tr.expr(e, 0)).transpose()?;
        let (lo, hi) = tr
            .sources
            .get(k)
            .map_or((0, 0), |s| (s.offset, s.offset + s.table.fields.len()));
        let hash = on.as_ref().and_then(|c| pick_hash(c, lo, hi));
        joins.push(JoinStep {
            left: *left,
            on,
            hash,
        });
    }
    tr.visible = tr.sources.len();
    tr.rownum_ok = true;
    let filter = s.selection.as_ref().map(|e| tr.expr(e, 0)).transpose()?;
    let keys = match &s.group_by {
        ast::GroupByExpr::Expressions(exprs, modifiers) if modifiers.is_empty() => {
            tr.list(exprs, 0)?
        }
        _ => return Err(unsupported("GROUP BY form")),
    };

    tr.agg_ok = true;
    let (mut proj, mut columns, mut unnamed) = (Vec::new(), Vec::new(), 0usize);
    for item in &s.projection {
        match item {
            ast::SelectItem::Wildcard(o) => {
                plain_wildcard(o)?;
                tr.sources
                    .iter()
                    .for_each(|src| expand(src, &mut proj, &mut columns));
            }
            ast::SelectItem::QualifiedWildcard(
                ast::SelectItemQualifiedWildcardKind::ObjectName(name),
                o,
            ) => {
                plain_wildcard(o)?;
                let [ast::ObjectNamePart::Identifier(q)] = name.0.as_slice() else {
                    return Err(unsupported("qualified wildcard"));
                };
                let alias = q.value.to_lowercase();
                let matching: Vec<&Source<'_>> =
                    tr.sources.iter().filter(|s| s.alias == alias).collect();
                if matching.is_empty() {
                    return Err(unknown(&format!("{}.*", q.value)));
                }
                matching
                    .into_iter()
                    .for_each(|src| expand(src, &mut proj, &mut columns));
            }
            ast::SelectItem::UnnamedExpr(e) => {
                columns.push(match e {
                    Expr::Identifier(id) => id.value.to_lowercase(),
                    Expr::CompoundIdentifier(parts) => parts
                        .last()
                        .map(|p| p.value.to_lowercase())
                        .unwrap_or_default(),
                    _ => {
                        unnamed += 1;
                        format!("expr{unnamed}")
                    }
                });
                proj.push(tr.expr(e, 0)?);
            }
            ast::SelectItem::ExprWithAlias { expr, alias } => {
                proj.push(tr.expr(expr, 0)?);
                columns.push(alias.value.to_lowercase());
            }
            _ => return Err(unsupported("select item")),
        }
    }
    let mut having = s.having.as_ref().map(|e| tr.expr(e, 0)).transpose()?;

    let mut order = Vec::new();
    if let Some(ob) = &q.order_by {
        let ast::OrderByKind::Expressions(items) = &ob.kind else {
            return Err(unsupported("ORDER BY ALL"));
        };
        if ob.interpolate.is_some() {
            return Err(unsupported("INTERPOLATE"));
        }
        for item in items {
            if item.with_fill.is_some() {
                return Err(unsupported("WITH FILL"));
            }
            let named = match &item.expr {
                Expr::Identifier(id) => unique_column(&columns, &id.value),
                _ => None,
            };
            let src = match (&item.expr, named) {
                (_, Some(i)) => OrderSrc::Out(i),
                (Expr::Value(v), None) if matches!(v.value, ast::Value::Number(..)) => {
                    let p = row_count(&item.expr)
                        .ok()
                        .filter(|p| (1..=columns.len()).contains(p));
                    OrderSrc::Out(
                        p.ok_or_else(|| unsupported("ORDER BY position out of range"))? - 1,
                    )
                }
                (e, None) => OrderSrc::Ex(tr.expr(e, 0)?),
            };
            let desc = item.options.asc == Some(false);
            order.push(OrderItem {
                src,
                desc,
                nulls_first: item.options.nulls_first.unwrap_or(desc),
            });
        }
    }

    let grouped = !keys.is_empty() || !tr.aggs.is_empty() || having.is_some();
    if grouped {
        for e in proj.iter_mut().chain(having.as_mut()) {
            bind(e, &keys)?;
        }
        for o in order.iter_mut() {
            if let OrderSrc::Ex(e) = &mut o.src {
                bind(e, &keys)?;
            }
        }
    }
    if distinct {
        for o in order.iter_mut() {
            let pos = match &o.src {
                OrderSrc::Ex(e) => Some(proj.iter().position(|p| p == e)),
                OrderSrc::Out(_) => None,
            };
            if let Some(i) = pos {
                o.src =
                    OrderSrc::Out(i.ok_or_else(|| {
                        unsupported("ORDER BY item not in the SELECT DISTINCT list")
                    })?);
            }
        }
    }
    let (sources, aggs) = (tr.sources, tr.aggs);
    Ok(Plan {
        sources,
        joins,
        width,
        filter,
        grouped,
        keys,
        aggs,
        having,
        proj,
        columns,
        order,
        distinct,
        offset,
        fetch,
    })
}

/// Evaluation context: the database (for `BUILTIN.DF`) and the work done so far.
struct Cx<'a> {
    db: &'a Database,
    steps: Cell<u64>,
}

/// Work accounting.
impl Cx<'_> {
    /// Counts `n` units of work; errors once the query has done too much.
    fn tick(&self, n: u64) -> Res<()> {
        let s = self.steps.get().saturating_add(n);
        self.steps.set(s);
        if s > MAX_STEPS {
            Err(too_expensive())
        } else {
            Ok(())
        }
    }
}

/// Runs a plan.
fn execute(plan: &Plan<'_>, cx: &Cx<'_>) -> Res<QueryOutput> {
    let Some((first, rest)) = plan.sources.split_first() else {
        return Err(unsupported("missing FROM"));
    };
    // Without joins, the conditions that do not read ROWNUM are checked on each stored row before it is
    // copied, as an index would (`WHERE id BETWEEN ...` reads only its range). A row they reject would be
    // rejected by the full WHERE below; an error here just keeps the row for it.
    let early: Vec<&Ex> = match &plan.filter {
        Some(filter) if rest.is_empty() => {
            let terms = match filter {
                Ex::And(terms) => terms.iter().collect(),
                other => vec![other],
            };
            terms
                .into_iter()
                .filter(|t| !reads_column(t, plan.width))
                .collect()
        }
        _ => Vec::new(),
    };
    let mut rows = Vec::with_capacity(first.table.rows.len());
    for r in &first.table.rows {
        cx.tick(1)?;
        if early.iter().any(|t| match integer_test(t, r) {
            Some(passes) => !passes,
            None => matches!(
                eval(t, r, cx).and_then(|v| truth(&v)),
                Ok(Some(false) | None)
            ),
        }) {
            continue;
        }
        let mut row = r.clone();
        row.resize(first.table.fields.len(), Value::Null);
        rows.push(row);
    }
    for (src, step) in rest.iter().zip(&plan.joins) {
        rows = join(rows, src, step, cx)?;
    }

    // WHERE; ROWNUM is one more than the rows accepted before (Oracle: before GROUP BY and ORDER BY).
    let slot = plan.width;
    let mut kept: Vec<Vec<Value>> = Vec::new();
    for mut row in rows {
        row.resize(slot + 1, Value::Null);
        if let Some(filter) = &plan.filter {
            if let Some(cell) = row.get_mut(slot) {
                *cell = Value::Int(kept.len() as i64 + 1);
            }
            if truth(&eval(filter, &row, cx)?)? != Some(true) {
                continue;
            }
        }
        kept.push(row);
    }
    for (i, row) in kept.iter_mut().enumerate() {
        if let Some(cell) = row.get_mut(slot) {
            *cell = Value::Int(i as i64 + 1);
        }
    }
    let rows = if plan.grouped {
        group(&kept, plan, cx)?
    } else {
        kept
    };

    let mut items: Vec<(Vec<Value>, Vec<Value>)> = Vec::with_capacity(rows.len());
    for row in &rows {
        let out = plan
            .proj
            .iter()
            .map(|e| eval(e, row, cx))
            .collect::<Res<Vec<_>>>()?;
        let extra = plan.order.iter().map(|o| match &o.src {
            OrderSrc::Ex(e) => eval(e, row, cx),
            OrderSrc::Out(_) => Ok(Value::Null),
        });
        items.push((out, extra.collect::<Res<Vec<_>>>()?));
    }
    if plan.distinct {
        let mut seen = HashSet::new();
        items.retain(|(out, _)| seen.insert(out.iter().map(key).collect::<Vec<_>>()));
    }
    if !plan.order.is_empty() {
        items.sort_by(|a, b| compare_items(a, b, &plan.order));
    }
    let rows = items
        .into_iter()
        .skip(plan.offset)
        .take(plan.fetch.unwrap_or(usize::MAX))
        .map(|(o, _)| o)
        .collect();
    Ok(QueryOutput {
        columns: plan.columns.clone(),
        rows,
    })
}

/// `col BETWEEN a AND b` or `col <op> n` over an integer column and integer literals, decided without
/// evaluating (no copies): the common shape of a paged read by id. None for anything else.
fn integer_test(ex: &Ex, row: &[Value]) -> Option<bool> {
    let int = |e: &Ex| match e {
        Ex::Lit(Value::Int(i)) => Some(*i),
        _ => None,
    };
    let column = |e: &Ex| match e {
        Ex::Col(c) => match row.get(*c) {
            Some(Value::Int(v)) => Some(Some(*v)),
            Some(Value::Null) | None => Some(None),
            Some(_) => None,
        },
        _ => None,
    };
    match ex {
        Ex::Between(e, lo, hi, negated) => {
            let v = column(e)?;
            let (lo, hi) = (int(lo)?, int(hi)?);
            // NULL BETWEEN ... is unknown: the row is rejected either way.
            Some(v.is_some_and(|v| (lo <= v && v <= hi) != *negated))
        }
        Ex::Cmp(op, l, r) => {
            let v = column(l)?;
            let n = int(r)?;
            Some(v.is_some_and(|v| op.test(v.cmp(&n))))
        }
        _ => None,
    }
}

/// Whether `ex` reads column `col` (ROWNUM is the column after the row's own).
fn reads_column(ex: &Ex, col: usize) -> bool {
    matches!(ex, Ex::Col(c) if *c == col) || ex.children().iter().any(|c| reads_column(c, col))
}

/// Joins one more table to the rows so far (each as wide as `src.offset`).
fn join(
    left_rows: Vec<Vec<Value>>,
    src: &Source<'_>,
    step: &JoinStep,
    cx: &Cx<'_>,
) -> Res<Vec<Vec<Value>>> {
    let table = src.table;
    let end = src.offset + table.fields.len();
    let mut index: HashMap<Key, Vec<usize>> = HashMap::new();
    if let Some((_, new_side)) = &step.hash {
        let mut scratch = vec![Value::Null; src.offset];
        for (i, r) in table.rows.iter().enumerate() {
            scratch.truncate(src.offset);
            scratch.extend_from_slice(r);
            scratch.resize(end, Value::Null);
            if let Some(k) = join_key(&eval(new_side, &scratch, cx)?) {
                index.entry(k).or_default().push(i);
            }
        }
    } else if (left_rows.len() as u64).saturating_mul(table.rows.len() as u64) > MAX_PAIRS {
        return Err(too_expensive());
    }
    let all: Vec<usize> = if step.hash.is_none() {
        (0..table.rows.len()).collect()
    } else {
        Vec::new()
    };
    let (mut out, mut pairs) = (Vec::new(), 0u64);
    for left in left_rows {
        let candidates: &[usize] = match &step.hash {
            Some((old_side, _)) => {
                match join_key(&eval(old_side, &left, cx)?).and_then(|k| index.get(&k)) {
                    Some(v) => v,
                    None => &[],
                }
            }
            None => &all,
        };
        pairs += candidates.len() as u64;
        if pairs > MAX_PAIRS {
            return Err(too_expensive());
        }
        let mut matched = false;
        for r in candidates.iter().filter_map(|&i| table.rows.get(i)) {
            let mut row = left.clone();
            row.extend_from_slice(r);
            row.resize(end, Value::Null);
            if step
                .on
                .as_ref()
                .map_or(Ok(Some(true)), |on| truth(&eval(on, &row, cx)?))?
                == Some(true)
            {
                matched = true;
                out.push(row);
            }
        }
        if step.left && !matched {
            let mut row = left;
            row.resize(end, Value::Null);
            out.push(row);
        }
        if out.len() > MAX_ROWS {
            return Err(too_expensive());
        }
    }
    Ok(out)
}

/// Running state of one aggregate in one group: values counted, integer and fractional sums (and whether any value
/// was fractional), MIN/MAX so far, values seen (for DISTINCT).
struct Acc {
    n: i64,
    isum: i128,
    fsum: f64,
    float: bool,
    best: Value,
    seen: HashSet<Key>,
}

/// Accumulation.
impl Acc {
    /// An empty accumulator.
    fn new() -> Acc {
        Acc {
            n: 0,
            isum: 0,
            fsum: 0.0,
            float: false,
            best: Value::Null,
            seen: HashSet::new(),
        }
    }

    /// Adds one value (nulls are ignored; `COUNT(*)` passes a non-null).
    fn add(&mut self, spec: &AggSpec, v: Value) -> Res<()> {
        if v.is_null() || (spec.distinct && !self.seen.insert(key(&v))) {
            return Ok(());
        }
        self.n += 1;
        match spec.kind {
            AggKind::Count => {}
            AggKind::Sum | AggKind::Avg => match to_num(&v)? {
                Some(Num::I(i)) => self.isum = self.isum.saturating_add(i128::from(i)),
                Some(Num::F(f)) => (self.fsum, self.float) = (self.fsum + f, true),
                None => {}
            },
            AggKind::Min | AggKind::Max => {
                let o = if self.best.is_null() {
                    Ordering::Equal
                } else {
                    sort_cmp(&v, &self.best)
                };
                let wanted = if spec.kind == AggKind::Min {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                if self.best.is_null() || o == wanted {
                    self.best = v;
                }
            }
        }
        Ok(())
    }

    /// The aggregate's value.
    fn finish(self, kind: AggKind) -> Value {
        match kind {
            AggKind::Count => Value::Int(self.n),
            AggKind::Min | AggKind::Max => self.best,
            _ if self.n == 0 => Value::Null,
            AggKind::Sum if self.float => Value::Float(self.isum as f64 + self.fsum),
            AggKind::Sum => {
                i64::try_from(self.isum).map_or(Value::Float(self.isum as f64), Value::Int)
            }
            AggKind::Avg => Value::Float((self.isum as f64 + self.fsum) / self.n as f64),
        }
    }
}

/// Groups rows by the GROUP BY keys, computes the aggregates and applies HAVING; returns the group rows.
fn group(rows: &[Vec<Value>], plan: &Plan<'_>, cx: &Cx<'_>) -> Res<Vec<Vec<Value>>> {
    let fresh = || plan.aggs.iter().map(|_| Acc::new()).collect::<Vec<_>>();
    let mut index: HashMap<Vec<Key>, usize> = HashMap::new();
    let mut groups: Vec<(Vec<Value>, Vec<Acc>)> = Vec::new();
    for row in rows {
        let values = plan
            .keys
            .iter()
            .map(|k| eval(k, row, cx))
            .collect::<Res<Vec<_>>>()?;
        let id: Vec<Key> = values.iter().map(key).collect();
        let g = if let Some(&g) = index.get(&id) {
            g
        } else {
            index.insert(id, groups.len());
            groups.push((values, fresh()));
            groups.len() - 1
        };
        let Some((_, accs)) = groups.get_mut(g) else {
            continue;
        };
        for (spec, acc) in plan.aggs.iter().zip(accs.iter_mut()) {
            let v = spec
                .arg
                .as_ref()
                .map_or(Ok(Value::Bool(true)), |a| eval(a, row, cx))?;
            acc.add(spec, v)?;
        }
    }
    if plan.keys.is_empty() && groups.is_empty() {
        groups.push((Vec::new(), fresh()));
    }
    let mut out = Vec::with_capacity(groups.len());
    for (mut values, accs) in groups {
        values.extend(
            plan.aggs
                .iter()
                .zip(accs)
                .map(|(spec, acc)| acc.finish(spec.kind)),
        );
        if let Some(h) = &plan.having
            && truth(&eval(h, &values, cx)?)? != Some(true)
        {
            continue;
        }
        out.push(values);
    }
    Ok(out)
}

/// Orders two output rows by the ORDER BY keys (a total order, so sorting cannot panic).
fn compare_items(
    a: &(Vec<Value>, Vec<Value>),
    b: &(Vec<Value>, Vec<Value>),
    order: &[OrderItem],
) -> Ordering {
    for (i, o) in order.iter().enumerate() {
        let (x, y) = match &o.src {
            OrderSrc::Out(j) => (a.0.get(*j), b.0.get(*j)),
            OrderSrc::Ex(_) => (a.1.get(i), b.1.get(i)),
        };
        let (x, y) = (x.unwrap_or(&NULL), y.unwrap_or(&NULL));
        let ord = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) if o.nulls_first => Ordering::Less,
            (true, false) => Ordering::Greater,
            (false, true) if o.nulls_first => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) if o.desc => sort_cmp(x, y).reverse(),
            (false, false) => sort_cmp(x, y),
        };
        if ord.is_ne() {
            return ord;
        }
    }
    Ordering::Equal
}

/// Evaluates an expression over a row.
fn eval(ex: &Ex, row: &[Value], cx: &Cx<'_>) -> Res<Value> {
    cx.tick(1)?;
    let b = |v: Option<bool>| v.map_or(Value::Null, Value::Bool);
    Ok(match ex {
        Ex::Col(i) => row.get(*i).cloned().unwrap_or(Value::Null),
        Ex::Lit(v) => v.clone(),
        Ex::And(terms) | Ex::Or(terms) => {
            // AND stops at the first false, OR at the first true; otherwise any unknown makes the result unknown.
            let decisive = matches!(ex, Ex::Or(_));
            let mut unknown = false;
            for t in terms {
                match truth(&eval(t, row, cx)?)? {
                    Some(v) if v == decisive => return Ok(Value::Bool(decisive)),
                    Some(_) => {}
                    None => unknown = true,
                }
            }
            b((!unknown).then_some(!decisive))
        }
        Ex::Not(e) => b(truth(&eval(e, row, cx)?)?.map(|v| !v)),
        Ex::Cmp(op, l, r) => {
            b(compare(&eval(l, row, cx)?, &eval(r, row, cx)?)?.map(|o| op.test(o)))
        }
        Ex::Arith(op, l, r) => arith(*op, eval(l, row, cx)?, eval(r, row, cx)?)?,
        Ex::Neg(e) => match to_num(&eval(e, row, cx)?)? {
            None => Value::Null,
            Some(Num::I(i)) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
            Some(Num::F(f)) => Value::Float(-f),
        },
        Ex::IsNull(e, negated) => Value::Bool(eval(e, row, cx)?.is_null() != *negated),
        Ex::In(e, list, negated) => {
            let v = eval(e, row, cx)?;
            if v.is_null() {
                return Ok(Value::Null);
            }
            let mut unknown = false;
            for item in list {
                match compare(&v, &eval(item, row, cx)?)? {
                    Some(Ordering::Equal) => return Ok(Value::Bool(!*negated)),
                    None => unknown = true,
                    Some(_) => {}
                }
            }
            b((!unknown).then_some(*negated))
        }
        Ex::Between(e, lo, hi, negated) => {
            let v = eval(e, row, cx)?;
            let ge = compare(&v, &eval(lo, row, cx)?)?.map(Ordering::is_ge);
            let le = compare(&v, &eval(hi, row, cx)?)?.map(Ordering::is_le);
            let inside = match (ge, le) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            };
            b(inside.map(|v| v != *negated))
        }
        Ex::Like(e, p, negated) => match (to_text(&eval(e, row, cx)?), to_text(&eval(p, row, cx)?))
        {
            (Some(t), Some(p)) => Value::Bool(like_match(&t, &p, cx)? != *negated),
            _ => Value::Null,
        },
        Ex::Case(subject, arms, other) => {
            let subject = subject.as_deref().map(|s| eval(s, row, cx)).transpose()?;
            for (c, r) in arms {
                let hit = match &subject {
                    Some(v) => compare(v, &eval(c, row, cx)?)? == Some(Ordering::Equal),
                    None => truth(&eval(c, row, cx)?)? == Some(true),
                };
                if hit {
                    return eval(r, row, cx);
                }
            }
            other
                .as_deref()
                .map_or(Ok(Value::Null), |e| eval(e, row, cx))?
        }
        Ex::Call(f, args) => call(
            *f,
            args.iter()
                .map(|a| eval(a, row, cx))
                .collect::<Res<Vec<_>>>()?,
        )?,
        Ex::Df(e, target) => display(eval(e, row, cx)?, *target, cx.db),
        Ex::Agg(_) => return Err(unsupported("aggregate function not allowed here")),
    })
}

/// A condition's truth value: `Some(bool)`, or `None` for unknown (NULL).
fn truth(v: &Value) -> Res<Option<bool>> {
    match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Null => Ok(None),
        _ => Err(unsupported("condition expected")),
    }
}

/// `BUILTIN.DF`: a reference's display value (the referenced row's display field), else the value as text.
fn display(v: Value, target: Option<usize>, db: &Database) -> Value {
    if v.is_null() {
        return Value::Null;
    }
    if let Some(table) = target.and_then(|i| db.tables().get(i)) {
        let Some(row) = table.row_by_id(&v) else {
            return Value::Null;
        };
        if let Some(col) = table.display_field.as_deref().and_then(|f| table.column(f)) {
            return row
                .get(col)
                .and_then(to_text)
                .map_or(Value::Null, Value::Text);
        }
    }
    to_text(&v).map_or(Value::Null, Value::Text)
}

/// Oracle's LIKE (`%` any run, `_` any one character), case-sensitive. Each `%`-separated segment is matched at its
/// leftmost position, which is O(text × pattern) at worst; the work is counted.
fn like_match(text: &str, pattern: &str, cx: &Cx<'_>) -> Res<bool> {
    let t: Vec<char> = text.chars().collect();
    let parts: Vec<Vec<Option<char>>> = pattern
        .split('%')
        .map(|s| s.chars().map(|c| (c != '_').then_some(c)).collect())
        .collect();
    cx.tick((t.len() + parts.len()) as u64)?;
    let seg_at = |seg: &[Option<char>], at: usize| {
        t.get(at..at + seg.len())
            .is_some_and(|w| seg.iter().zip(w).all(|(p, c)| p.is_none_or(|p| p == *c)))
    };
    let (Some((first, rest)), Some(last)) = (parts.split_first(), parts.last()) else {
        return Ok(false);
    };
    if rest.is_empty() {
        return Ok(first.len() == t.len() && seg_at(first.as_slice(), 0));
    }
    if parts.iter().map(Vec::len).sum::<usize>() > t.len() || !seg_at(first.as_slice(), 0) {
        return Ok(false);
    }
    let end = t.len() - last.len();
    let mut pos = first.len();
    for seg in rest
        .get(..rest.len() - 1)
        .unwrap_or_default()
        .iter()
        .filter(|s| !s.is_empty())
    {
        let mut at = pos;
        loop {
            if at + seg.len() > end {
                return Ok(false);
            }
            cx.tick(seg.len() as u64)?;
            if seg_at(seg.as_slice(), at) {
                break;
            }
            at += 1;
        }
        pos = at + seg.len();
    }
    Ok(pos <= end && seg_at(last.as_slice(), end))
}

/// A number: an integer or a float.
#[derive(Debug, Clone, Copy)]
enum Num {
    I(i64),
    F(f64),
}

/// Conversion.
impl Num {
    /// As a float.
    fn f(self) -> f64 {
        match self {
            Num::I(i) => i as f64,
            Num::F(f) => f,
        }
    }
}

/// The number in an Int or Float.
fn num(v: &Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(*i)),
        Value::Float(f) => Some(Num::F(*f)),
        _ => None,
    }
}

/// Parses a finite number.
fn parse_num(t: &str) -> Option<Num> {
    let t = t.trim();
    t.parse::<i64>()
        .ok()
        .map(Num::I)
        .or_else(|| t.parse::<f64>().ok().filter(|f| f.is_finite()).map(Num::F))
}

/// A value as a number for arithmetic (text is converted, as Oracle does); `None` for NULL.
fn to_num(v: &Value) -> Res<Option<Num>> {
    match v {
        Value::Null => Ok(None),
        Value::Text(t) => parse_num(t)
            .map(Some)
            .ok_or_else(|| fail("Invalid number.")),
        other => num(other)
            .map(Some)
            .ok_or_else(|| unsupported("number expected")),
    }
}

/// Compares floats, NaN last.
fn float_cmp(x: f64, y: f64) -> Ordering {
    x.partial_cmp(&y)
        .unwrap_or_else(|| x.is_nan().cmp(&y.is_nan()))
}

/// Compares numbers exactly (an integer with a float without rounding the integer).
fn num_cmp(a: Num, b: Num) -> Ordering {
    let int_float = |i: i64, f: f64| {
        if f.is_nan() || f >= 9_223_372_036_854_775_808.0 {
            Ordering::Less
        } else if f < -9_223_372_036_854_775_808.0 {
            Ordering::Greater
        } else {
            i.cmp(&(f.trunc() as i64))
                .then_with(|| float_cmp(0.0, f - f.trunc()))
        }
    };
    match (a, b) {
        (Num::I(x), Num::I(y)) => x.cmp(&y),
        (Num::F(x), Num::F(y)) => float_cmp(x, y),
        (Num::I(x), Num::F(y)) => int_float(x, y),
        (Num::F(x), Num::I(y)) => int_float(y, x).reverse(),
    }
}

/// A date or instant as a naive UTC date-time (a date is midnight).
fn ts(v: &Value) -> Option<NaiveDateTime> {
    match v {
        Value::Date(d) => Some(d.and_time(NaiveTime::MIN)),
        Value::DateTime(t) => Some(t.naive_utc()),
        _ => None,
    }
}

/// Parses NetSuite's M/D/YYYY, ISO YYYY-MM-DD, or an ISO date-time.
fn parse_date(t: &str) -> Option<NaiveDateTime> {
    let t = t.trim();
    let mdy = || -> Option<NaiveDate> {
        let mut it = t.split('/');
        let (m, d, y) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    if let Some(d) = mdy().or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()) {
        return Some(d.and_time(NaiveTime::MIN));
    }
    let iso = |f: &str| NaiveDateTime::parse_from_str(t, f).ok();
    iso("%Y-%m-%d %H:%M:%S")
        .or_else(|| iso("%Y-%m-%dT%H:%M:%S"))
        .or_else(|| DateTime::parse_from_rfc3339(t).ok().map(|x| x.naive_utc()))
}

/// Compares text with a number or a date, converting the text.
fn text_vs(t: &str, other: &Value) -> Res<Ordering> {
    if let Some(y) = ts(other) {
        return parse_date(t).map(|x| x.cmp(&y)).ok_or_else(bad_date);
    }
    if let Some(y) = num(other) {
        return parse_num(t)
            .map(|x| num_cmp(x, y))
            .ok_or_else(|| fail("Invalid number."));
    }
    Err(unsupported("incomparable types"))
}

/// NetSuite's boolean literals, 'T' and 'F'.
fn text_bool(t: &str) -> Res<bool> {
    match t {
        "T" => Ok(true),
        "F" => Ok(false),
        _ => Err(unsupported("boolean values are 'T' and 'F'")),
    }
}

/// SQL comparison: `None` if either side is NULL, an error for incomparable types.
fn compare(a: &Value, b: &Value) -> Res<Option<Ordering>> {
    if a.is_null() || b.is_null() {
        return Ok(None);
    }
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return Ok(Some(num_cmp(x, y)));
    }
    if let (Some(x), Some(y)) = (ts(a), ts(b)) {
        return Ok(Some(x.cmp(&y)));
    }
    Ok(Some(match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Bool(x), Value::Text(t)) => x.cmp(&text_bool(t)?),
        (Value::Text(t), Value::Bool(y)) => text_bool(t)?.cmp(y),
        (Value::Text(t), other) => text_vs(t, other)?,
        (other, Value::Text(t)) => text_vs(t, other)?.reverse(),
        _ => return Err(unsupported("incomparable types")),
    }))
}

/// A total order over non-null values for ORDER BY, MIN and MAX: booleans, numbers, text, dates.
fn sort_cmp(a: &Value, b: &Value) -> Ordering {
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return num_cmp(x, y);
    }
    if let (Some(x), Some(y)) = (ts(a), ts(b)) {
        return x.cmp(&y);
    }
    let rank = |v: &Value| match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Float(_) => 2,
        Value::Text(_) => 3,
        Value::Date(_) | Value::DateTime(_) => 4,
    };
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// A hashable form of a value, equal exactly when the values are (numbers by value, dates as instants).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Nan,
    Text(String),
    Time(NaiveDateTime),
}

/// The key of a float: integral ones equal the integer's.
fn float_key(f: f64) -> Key {
    if f.is_nan() {
        Key::Nan
    } else if f.fract() == 0.0 && (-9.0e18..=9.0e18).contains(&f) {
        Key::Int(f as i64)
    } else {
        Key::Float(f.to_bits())
    }
}

/// The key of a value, for GROUP BY and DISTINCT.
fn key(v: &Value) -> Key {
    match v {
        Value::Null => Key::Null,
        Value::Bool(b) => Key::Bool(*b),
        Value::Int(i) => Key::Int(*i),
        Value::Float(f) => float_key(*f),
        Value::Text(s) => Key::Text(s.clone()),
        Value::Date(_) | Value::DateTime(_) => ts(v).map_or(Key::Null, Key::Time),
    }
}

/// A hash-join key, coarser than SQL equality (text reading as a number or date becomes one, booleans 'T'/'F') so
/// that equal values share a key; the ON condition is then checked exactly. NULL never joins.
fn join_key(v: &Value) -> Option<Key> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => Key::Text(String::from(if *b { "T" } else { "F" })),
        Value::Text(t) => match (parse_num(t), parse_date(t)) {
            (Some(Num::I(i)), _) => Key::Int(i),
            (Some(Num::F(f)), _) => float_key(f),
            (None, Some(d)) => Key::Time(d),
            (None, None) => Key::Text(t.clone()),
        },
        other => key(other),
    })
}

/// A value as text, as Oracle converts it implicitly (dates as NetSuite shows them); `None` for NULL.
fn to_text(v: &Value) -> Option<String> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => String::from(if *b { "T" } else { "F" }),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Text(s) => s.clone(),
        Value::Date(d) => format!("{}/{}/{}", d.month(), d.day(), d.year()),
        Value::DateTime(t) => {
            let (pm, h) = t.hour12();
            let half = if pm { "pm" } else { "am" };
            format!(
                "{}/{}/{} {}:{:02} {}",
                t.month(),
                t.day(),
                t.year(),
                h,
                t.minute(),
                half
            )
        }
    })
}

/// Arithmetic, date arithmetic in days, and `||` (NULL concatenates as empty, as in Oracle).
fn arith(op: ArOp, a: Value, b: Value) -> Res<Value> {
    if op == ArOp::Concat {
        return Ok(match (to_text(&a), to_text(&b)) {
            (None, None) => Value::Null,
            (x, y) => Value::Text(x.unwrap_or_default() + &y.unwrap_or_default()),
        });
    }
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    match (ts(&a), ts(&b)) {
        (Some(x), Some(y)) if op == ArOp::Sub => {
            let ms = x.signed_duration_since(y).num_milliseconds();
            let both_dates = matches!((&a, &b), (Value::Date(_), Value::Date(_)));
            return Ok(if both_dates {
                Value::Int(ms / 86_400_000)
            } else {
                Value::Float(ms as f64 / 86_400_000.0)
            });
        }
        (Some(_), None) if matches!(op, ArOp::Add | ArOp::Sub) => {
            return shift(&a, to_num(&b)?, op == ArOp::Sub);
        }
        (None, Some(_)) if op == ArOp::Add => return shift(&b, to_num(&a)?, false),
        (None, None) => {}
        _ => return Err(unsupported("date arithmetic")),
    }
    let (Some(x), Some(y)) = (to_num(&a)?, to_num(&b)?) else {
        return Ok(Value::Null);
    };
    if let (Num::I(p), Num::I(q)) = (x, y) {
        let exact = match op {
            ArOp::Add => p.checked_add(q),
            ArOp::Sub => p.checked_sub(q),
            ArOp::Mul => p.checked_mul(q),
            ArOp::Div if q != 0 && p.checked_rem(q) == Some(0) => p.checked_div(q),
            _ => None,
        };
        if let Some(r) = exact {
            return Ok(Value::Int(r));
        }
    }
    let (p, q) = (x.f(), y.f());
    let r = match op {
        ArOp::Add => p + q,
        ArOp::Sub => p - q,
        ArOp::Mul => p * q,
        ArOp::Div if q == 0.0 => return Err(fail("Division by zero.")),
        ArOp::Div => p / q,
        ArOp::Concat => return Err(unsupported("concatenation")),
    };
    if r.is_finite() {
        Ok(Value::Float(r))
    } else {
        Err(overflow())
    }
}

/// A date or instant moved by a number of days.
fn shift(t: &Value, days: Option<Num>, negate: bool) -> Res<Value> {
    let Some(days) = days else {
        return Ok(Value::Null);
    };
    let bad = || fail("Date out of range.");
    if let (Value::Date(d), Num::I(n)) = (t, days) {
        let n = if negate {
            n.checked_neg().ok_or_else(bad)?
        } else {
            n
        };
        let delta = TimeDelta::try_days(n).ok_or_else(bad)?;
        return d.checked_add_signed(delta).map(Value::Date).ok_or_else(bad);
    }
    let ms = days.f() * if negate { -86_400_000.0 } else { 86_400_000.0 };
    if !ms.is_finite() || ms.abs() > 1.0e17 {
        return Err(bad());
    }
    let delta = TimeDelta::try_milliseconds(ms.round() as i64).ok_or_else(bad)?;
    let moved = ts(t).and_then(|base| base.checked_add_signed(delta));
    moved.map(|x| Value::DateTime(x.and_utc())).ok_or_else(bad)
}

/// ROUND or TRUNC of a number to `places` decimals; an integer when `places <= 0`.
fn round_num(x: Num, places: i64, trunc: bool) -> Res<Value> {
    if let Num::I(i) = x
        && places >= 0
    {
        return Ok(Value::Int(i));
    }
    let p = 10f64.powi(places.clamp(-30, 30) as i32);
    let scaled = x.f() * p;
    let r = (if trunc {
        scaled.trunc()
    } else {
        scaled.round()
    }) / p;
    if !r.is_finite() {
        return Err(overflow());
    }
    Ok(if places <= 0 && r.abs() < 9.0e18 {
        Value::Int(r as i64)
    } else {
        Value::Float(r)
    })
}

/// One element of an Oracle date mask.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    Lit(char),
}

/// Parses a date mask such as `YYYY-MM-DD"T"HH24:MI:SS` (case-insensitive; `HH` is read as `HH24`, `FM` ignored).
fn parse_mask(mask: &str) -> Res<Vec<Tok>> {
    // Mask elements by name; longer names first where one is a prefix of another.
    const NAMES: [(&str, Option<Tok>); 8] = [
        ("YYYY", Some(Tok::Year)),
        ("HH24", Some(Tok::Hour)),
        ("HH", Some(Tok::Hour)),
        ("MM", Some(Tok::Month)),
        ("MI", Some(Tok::Minute)),
        ("DD", Some(Tok::Day)),
        ("SS", Some(Tok::Second)),
        ("FM", None),
    ];
    let c: Vec<char> = mask.chars().collect();
    let at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, x)| c.get(i + k).is_some_and(|y| y.eq_ignore_ascii_case(&x)))
    };
    let (mut out, mut i) = (Vec::new(), 0);
    while let Some(&ch) = c.get(i) {
        if let Some(&(name, tok)) = NAMES.iter().find(|entry| at(i, entry.0)) {
            out.extend(tok);
            i += name.len();
        } else if ch == '"' {
            let literal = c
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|x| **x != '"');
            let before = out.len();
            out.extend(literal.map(|x| Tok::Lit(*x)));
            i += out.len() - before + 2;
        } else if ch.is_alphanumeric() && !ch.eq_ignore_ascii_case(&'t') {
            return Err(unsupported("date format"));
        } else {
            out.push(Tok::Lit(ch));
            i += 1;
        }
    }
    Ok(out)
}

/// `TO_DATE(text, mask)`: a Date, or a DateTime when the mask has time fields.
fn to_date(text: &str, mask: &[Tok]) -> Res<Value> {
    let s: Vec<char> = text.trim().chars().collect();
    let (mut pos, mut year, mut timed) = (0usize, None, false);
    let mut f = [1u32, 1, 0, 0, 0]; // month, day, hour, minute, second
    for tok in mask {
        let (slot, max) = match tok {
            Tok::Lit(c) => {
                match s.get(pos) {
                    Some(x) if x == c || (!x.is_alphanumeric() && !c.is_alphanumeric()) => pos += 1,
                    _ => return Err(bad_date()),
                }
                continue;
            }
            Tok::Year => (usize::MAX, 4),
            Tok::Month => (0, 2),
            Tok::Day => (1, 2),
            Tok::Hour => (2, 2),
            Tok::Minute => (3, 2),
            Tok::Second => (4, 2),
        };
        let (start, mut n) = (pos, 0u32);
        while let Some(digit) = s
            .get(pos)
            .and_then(|c| c.to_digit(10))
            .filter(|_| pos - start < max)
        {
            n = n * 10 + digit;
            pos += 1;
        }
        if pos == start {
            return Err(bad_date());
        }
        match f.get_mut(slot) {
            Some(cell) => *cell = n,
            None => year = Some(n as i32),
        }
        timed |= slot >= 2 && slot != usize::MAX;
    }
    let [month, day, hour, minute, second] = f;
    let year = year.unwrap_or_else(|| Utc::now().year());
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .filter(|_| pos == s.len())
        .ok_or_else(bad_date)?;
    if !timed {
        return Ok(Value::Date(date));
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second).ok_or_else(bad_date)?;
    Ok(Value::DateTime(date.and_time(time).and_utc()))
}

/// `TO_CHAR(date, mask)`.
fn format_mask(t: NaiveDateTime, mask: &[Tok]) -> String {
    let mut out = String::new();
    for tok in mask {
        match tok {
            Tok::Year => out.push_str(&format!("{:04}", t.year())),
            Tok::Month => out.push_str(&format!("{:02}", t.month())),
            Tok::Day => out.push_str(&format!("{:02}", t.day())),
            Tok::Hour => out.push_str(&format!("{:02}", t.hour())),
            Tok::Minute => out.push_str(&format!("{:02}", t.minute())),
            Tok::Second => out.push_str(&format!("{:02}", t.second())),
            Tok::Lit(c) => out.push(*c),
        }
    }
    out
}

/// `TO_CHAR(number, mask)` for masks of `9`, `0`, `,` and `.`: the digits after `.` give the decimals.
fn to_char_number(n: Num, mask: &str) -> Res<String> {
    let upper = mask.trim().to_ascii_uppercase();
    let body = upper.strip_prefix("FM").unwrap_or(upper.as_str());
    if body.is_empty() || !body.chars().all(|c| matches!(c, '9' | '0' | '.' | ',')) {
        return Err(unsupported("TO_CHAR number format"));
    }
    let decimals = body
        .split_once('.')
        .map_or(0, |(_, d)| d.chars().filter(|c| *c != ',').count())
        .min(20);
    Ok(match n {
        Num::I(i) if decimals == 0 => i.to_string(),
        _ => format!(
            "{:.*}",
            decimals,
            (n.f() * 10f64.powi(decimals as i32)).round() / 10f64.powi(decimals as i32)
        ),
    })
}

/// Evaluates a scalar function (arity was checked when translating).
fn call(f: Func, args: Vec<Value>) -> Res<Value> {
    let mut it = args.into_iter();
    let a = it.next().unwrap_or(Value::Null);
    let b = it.next();
    let text = |v: Option<String>| v.map_or(Value::Null, Value::Text);
    Ok(match f {
        Func::Nvl | Func::Coalesce => std::iter::once(a)
            .chain(b)
            .chain(it)
            .find(|v| !v.is_null())
            .unwrap_or(Value::Null),
        Func::Upper => text(to_text(&a).map(|t| t.to_uppercase())),
        Func::Lower => text(to_text(&a).map(|t| t.to_lowercase())),
        Func::Abs => match to_num(&a)? {
            None => Value::Null,
            Some(Num::I(i)) => Value::Int(i.checked_abs().ok_or_else(overflow)?),
            Some(Num::F(x)) => Value::Float(x.abs()),
        },
        Func::Trunc if ts(&a).is_some() => {
            if !b
                .as_ref()
                .and_then(to_text)
                .is_none_or(|unit| unit.eq_ignore_ascii_case("DD"))
            {
                return Err(unsupported("TRUNC format"));
            }
            ts(&a).map_or(Value::Null, |t| Value::Date(t.date()))
        }
        Func::Round | Func::Trunc => {
            let places = match b.as_ref().map(to_num).transpose()? {
                None => 0,
                Some(None) => return Ok(Value::Null),
                Some(Some(Num::I(i))) => i,
                Some(Some(Num::F(x))) => x as i64,
            };
            match to_num(&a)? {
                None => Value::Null,
                Some(x) => round_num(x, places, f == Func::Trunc)?,
            }
        }
        Func::ToDate => match (a, b.as_ref().map(to_text)) {
            (Value::Null, _) | (_, Some(None)) => Value::Null,
            (a @ (Value::Date(_) | Value::DateTime(_)), _) => a,
            (Value::Text(t), None) => {
                let d = parse_date(&t).ok_or_else(bad_date)?;
                if d.time() == NaiveTime::MIN {
                    Value::Date(d.date())
                } else {
                    Value::DateTime(d.and_utc())
                }
            }
            (Value::Text(t), Some(Some(mask))) => to_date(&t, &parse_mask(&mask)?)?,
            _ => return Err(unsupported("TO_DATE argument")),
        },
        Func::ToChar => match (ts(&a), num(&a), b.as_ref().map(to_text)) {
            _ if a.is_null() => Value::Null,
            (_, _, Some(None)) => Value::Null,
            (Some(t), _, Some(Some(m))) => Value::Text(format_mask(t, &parse_mask(&m)?)),
            (None, Some(n), Some(Some(m))) => Value::Text(to_char_number(n, &m)?),
            _ => text(to_text(&a)),
        },
    })
}

/// Tests over a small customer/transaction database.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Field;

    /// A UTC date-time value.
    fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> Value {
        Value::DateTime(
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap()
                .and_utc(),
        )
    }

    /// A date value.
    fn date(y: i32, m: u32, d: u32) -> Value {
        Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// A text value.
    fn text(s: &str) -> Value {
        Value::Text(s.to_owned())
    }

    /// customer, transaction and transactionline, with nulls, a dangling reference and mixed-case names.
    fn db() -> Database {
        use crate::data::FieldType as T;
        use crate::data::Value::{Bool, Float, Int, Null};
        let mut customer = Table::new(
            "customer",
            vec![
                Field::new("id", T::Id),
                Field::new("companyname", T::String),
                Field::new("email", T::Email),
                Field::new("datecreated", T::DateTime),
                Field::new("isinactive", T::Boolean),
            ],
        )
        .with_display("companyname");
        customer.push(vec![
            Int(1),
            text("Acme Corp"),
            text("ap@acme.com"),
            dt(2024, 1, 15, 10, 0, 0),
            Bool(false),
        ]);
        customer.push(vec![
            Int(2),
            text("Beta LLC"),
            Null,
            dt(2024, 3, 1, 0, 0, 0),
            Bool(false),
        ]);
        customer.push(vec![
            Int(3),
            text("acme labs"),
            text("x@acme.io"),
            dt(2023, 12, 31, 23, 59, 59),
            Bool(true),
        ]);
        customer.push(vec![
            Int(4),
            text("O'Brien & Co"),
            Null,
            dt(2025, 2, 1, 8, 30, 0),
            Bool(false),
        ]);
        let mut transaction = Table::new(
            "transaction",
            vec![
                Field::new("id", T::Id),
                Field::new("tranid", T::String),
                Field::new("type", T::Picklist),
                Field::new("trandate", T::Date),
                Field::reference("entity", "customer"),
                Field::new("foreigntotal", T::Currency),
                Field::new("status", T::Picklist),
            ],
        );
        for (id, tranid, ty, day, entity, total, status) in [
            (
                10,
                "INV-10",
                "CustInvc",
                date(2024, 1, 31),
                Int(1),
                Float(100.0),
                text("Open"),
            ),
            (
                11,
                "INV-11",
                "CustInvc",
                date(2024, 2, 15),
                Int(1),
                Float(250.5),
                text("Paid"),
            ),
            (
                12,
                "SO-12",
                "SalesOrd",
                date(2024, 3, 1),
                Int(2),
                Null,
                text("Pending"),
            ),
            (
                13,
                "INV-13",
                "CustInvc",
                date(2024, 12, 31),
                Int(3),
                Float(40.0),
                Null,
            ),
            (
                14,
                "BILL-14",
                "VendBill",
                Null,
                Null,
                Float(10.0),
                text("Open"),
            ),
        ] {
            transaction.push(vec![
                Int(id),
                text(tranid),
                text(ty),
                day,
                entity,
                total,
                status,
            ]);
        }
        let mut line = Table::new(
            "transactionline",
            vec![
                Field::new("id", T::Id),
                Field::reference("transaction", "transaction"),
                Field::new("mainline", T::Boolean),
                Field::new("netamount", T::Currency),
            ],
        );
        for (id, tx, main, amount) in [
            (100, 10, true, Float(100.0)),
            (101, 10, false, Float(60.0)),
            (102, 10, false, Float(40.0)),
            (103, 11, true, Float(250.5)),
            (104, 12, true, Null),
            (105, 99, false, Float(5.0)),
        ] {
            line.push(vec![Int(id), Int(tx), Bool(main), amount]);
        }
        let mut db = Database::default();
        db.add(customer);
        db.add(transaction);
        db.add(line);
        db
    }

    /// Runs a query that must succeed.
    fn ok(sql: &str) -> QueryOutput {
        run(sql, &db()).unwrap_or_else(|e| panic!("{sql}: {}", e.detail))
    }

    /// Runs a query that must fail with INVALID_PARAMETER; returns the detail.
    fn err(sql: &str) -> String {
        let e = run(sql, &db())
            .err()
            .unwrap_or_else(|| panic!("{sql}: expected an error"));
        assert_eq!(e.code, "INVALID_PARAMETER");
        assert!(e.detail.starts_with(PREFIX), "{}", e.detail);
        e.detail
    }

    /// The integer first column of a successful query.
    fn ids(sql: &str) -> Vec<i64> {
        let first = |r: &Vec<Value>| match r.first() {
            Some(Value::Int(i)) => *i,
            other => panic!("{sql}: {other:?}"),
        };
        ok(sql).rows.iter().map(first).collect()
    }

    /// One column of a result.
    fn column(out: &QueryOutput, i: usize) -> Vec<Value> {
        out.rows.iter().map(|r| r[i].clone()).collect()
    }

    /// Output column names, `*`, `alias.*` and number results.
    #[test]
    fn columns_are_lowercase_with_aliases_and_expr_numbers() {
        let out = ok(
            "SELECT ID, CompanyName AS Name, id + 1, UPPER(companyname) AS up, 'x' FROM Customer WHERE id = 1",
        );
        assert_eq!(out.columns, ["id", "name", "expr1", "up", "expr2"]);
        assert_eq!(
            out.rows,
            [vec![
                Value::Int(1),
                text("Acme Corp"),
                Value::Int(2),
                text("ACME CORP"),
                text("x")
            ]]
        );
        let out = ok("SELECT * FROM customer WHERE id = 1");
        assert_eq!(
            out.columns,
            ["id", "companyname", "email", "datecreated", "isinactive"]
        );
        let out = ok(
            "SELECT t.*, c.companyname FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.id = 10",
        );
        assert_eq!(
            (out.columns.len(), out.rows[0][7].clone()),
            (8, text("Acme Corp"))
        );
        let out = ok(
            "SELECT 7 / 2 AS h, 6 / 2 AS w, ROUND(250.5) AS r, ROUND(250.56, 1) AS r1, ABS(-3) AS a \
                      FROM customer WHERE id = 1",
        );
        let want = [
            Value::Float(3.5),
            Value::Int(3),
            Value::Int(251),
            Value::Float(250.6),
            Value::Int(3),
        ];
        assert_eq!(out.rows, [want.to_vec()]);
    }

    /// Every WHERE operator, with SQL's three-valued NULL logic.
    #[test]
    fn where_operators_and_three_valued_nulls() {
        let q = |w: &str| ids(&format!("SELECT id FROM transaction WHERE {w} ORDER BY id"));
        assert_eq!(q("foreigntotal > 50"), [10, 11]);
        assert_eq!(q("foreigntotal <> 100"), [11, 13, 14]);
        assert_eq!(q("foreigntotal != 100"), [11, 13, 14]);
        assert_eq!(q("foreigntotal < 40"), [14]);
        assert_eq!(q("foreigntotal <= 40"), [13, 14]);
        assert_eq!(q("foreigntotal >= 250.5"), [11]);
        assert_eq!(q("foreigntotal = 40"), [13]);
        assert_eq!(q("NOT (foreigntotal > 50)"), [13, 14]);
        assert_eq!(q("foreigntotal > 50 OR status = 'Open'"), [10, 11, 14]);
        assert_eq!(q("foreigntotal > 50 AND status = 'Open'"), [10]);
        assert_eq!(q("foreigntotal IS NULL"), [12]);
        assert_eq!(q("foreigntotal IS NOT NULL"), [10, 11, 13, 14]);
        assert_eq!(q("type IN ('SalesOrd', 'VendBill')"), [12, 14]);
        assert_eq!(q("type NOT IN ('CustInvc')"), [12, 14]);
        assert!(q("type NOT IN ('x', NULL)").is_empty());
        assert_eq!(q("foreigntotal BETWEEN 40 AND 100"), [10, 13]);
        assert_eq!(q("foreigntotal NOT BETWEEN 40 AND 100"), [11, 14]);
        assert!(q("status = NULL").is_empty());
        assert_eq!(q("id = '11'"), [11]);
        assert_eq!(q("foreigntotal * 2 - 1 = 199"), [10]);
        assert_eq!(q("foreigntotal / 4 = 25"), [10]);
        assert_eq!(q("-id = -10"), [10]);
        assert_eq!(q("tranid || '-' || status = 'INV-10-Open'"), [10]);
        assert_eq!(
            q("CASE WHEN foreigntotal > 100 THEN 'big' ELSE 'small' END = 'big'"),
            [11]
        );
        assert_eq!(q("CASE type WHEN 'SalesOrd' THEN 1 ELSE 0 END = 1"), [12]);
        assert_eq!(q("NVL(foreigntotal, 0) = 0"), [12]);
        assert!(err("SELECT id FROM customer WHERE isinactive = 5").contains("incomparable"));
    }

    /// Integer conditions decided on the stored rows (before copying) give what full evaluation gives
    /// (`id + 0` is not decided early), with NULLs, negation and ROWNUM.
    #[test]
    fn early_integer_conditions_agree_with_evaluation() {
        let q = |w: &str| ids(&format!("SELECT id FROM transaction WHERE {w} ORDER BY id"));
        for (early, evaluated) in [
            ("id BETWEEN 11 AND 13", "id + 0 BETWEEN 11 AND 13"),
            ("id NOT BETWEEN 11 AND 13", "id + 0 NOT BETWEEN 11 AND 13"),
            ("id > 11", "id + 0 > 11"),
            ("id >= 11", "id + 0 >= 11"),
            ("id < 12", "id + 0 < 12"),
            ("id <= 12", "id + 0 <= 12"),
            ("id = 13", "id + 0 = 13"),
            ("id <> 13", "id + 0 <> 13"),
            ("id > 10 AND ROWNUM <= 2", "id + 0 > 10 AND ROWNUM <= 2"),
            (
                "id BETWEEN 10 AND 14 AND foreigntotal > 50",
                "id + 0 BETWEEN 10 AND 14 AND foreigntotal > 50",
            ),
        ] {
            assert_eq!(q(early), q(evaluated), "{early}");
        }
        assert_eq!(q("id BETWEEN 11 AND 13"), [11, 12, 13]);
        assert_eq!(q("id > 10 AND ROWNUM <= 2"), [11, 12]);
    }

    /// LIKE is case-sensitive and its matcher handles `%` and `_`.
    #[test]
    fn like_is_case_sensitive() {
        let q = |w: &str| ids(&format!("SELECT id FROM customer WHERE {w} ORDER BY id"));
        assert_eq!(q("companyname LIKE 'Acme%'"), [1]);
        assert_eq!(q("companyname LIKE '%acme%'"), [3]);
        assert_eq!(q("companyname LIKE '_eta%'"), [2]);
        assert_eq!(q("companyname NOT LIKE '%a%'"), [1, 4]);
        assert_eq!(q("companyname LIKE '%'"), [1, 2, 3, 4]);
        assert_eq!(q("email LIKE '%'"), [1, 3]);
        assert_eq!(q("UPPER(companyname) LIKE 'ACME%'"), [1, 3]);
        assert_eq!(q("companyname LIKE 'A%C%p'"), [1]);
        let db = Database::default();
        let cx = Cx {
            db: &db,
            steps: Cell::new(0),
        };
        assert!(like_match("abcabc", "%b_a%", &cx).unwrap());
        assert!(!like_match("ab", "a%b%b", &cx).unwrap());
        assert!(like_match("aXbXb", "a%b%b", &cx).unwrap());
    }

    /// The `''` escape, NetSuite's 'T'/'F' booleans and NVL.
    #[test]
    fn quotes_booleans_and_nvl() {
        assert_eq!(
            ids("SELECT id FROM customer WHERE companyname = 'O''Brien & Co'"),
            [4]
        );
        assert_eq!(
            ok("SELECT 'it''s' AS s FROM customer WHERE id = 1").rows,
            [vec![text("it's")]]
        );
        assert_eq!(
            ok("SELECT COUNT(*) AS n FROM transactionline WHERE mainline = 'T'").rows,
            [vec![Value::Int(3)]]
        );
        assert_eq!(
            ok("SELECT COUNT(*) AS n FROM transactionline WHERE mainline = 'F'").rows,
            [vec![Value::Int(3)]]
        );
        let out = ok("SELECT NVL(email, 'none') AS e FROM customer ORDER BY id");
        assert_eq!(
            column(&out, 0),
            [
                text("ap@acme.com"),
                text("none"),
                text("x@acme.io"),
                text("none")
            ]
        );
    }

    /// TO_DATE, TO_CHAR, TRUNC, date literals, BETWEEN and date arithmetic.
    #[test]
    fn dates() {
        let q = |w: &str| ids(&format!("SELECT id FROM transaction WHERE {w} ORDER BY id"));
        assert_eq!(
            q("trandate >= TO_DATE('2024-02-01', 'YYYY-MM-DD')"),
            [11, 12, 13]
        );
        let range = "TO_DATE('01/01/2024', 'MM/DD/YYYY') AND TO_DATE('2024-02-15', 'YYYY-MM-DD')";
        assert_eq!(q(&format!("trandate BETWEEN {range}")), [10, 11]);
        assert_eq!(q(&format!("trandate NOT BETWEEN {range}")), [12, 13]);
        assert_eq!(q("trandate = '1/31/2024'"), [10]);
        assert_eq!(q("trandate > '2024-12-01'"), [13]);
        assert_eq!(q("trandate < SYSDATE"), [10, 11, 12, 13]);
        assert!(
            err("SELECT id FROM transaction WHERE trandate = 'garbage'")
                .contains("Invalid date value")
        );
        let c = |w: &str| ids(&format!("SELECT id FROM customer WHERE {w} ORDER BY id"));
        assert_eq!(c("datecreated < TO_DATE('2024-01-01', 'YYYY-MM-DD')"), [3]);
        assert_eq!(
            c("datecreated >= TO_DATE('2024-03-01 00:00:00', 'YYYY-MM-DD HH24:MI:SS')"),
            [2, 4]
        );
        assert_eq!(
            c("TRUNC(datecreated) = TO_DATE('2024-01-15', 'YYYY-MM-DD')"),
            [1]
        );
        let out = ok(
            "SELECT TO_CHAR(trandate, 'YYYY/MM/DD') AS d, TO_CHAR(datecreated, 'YYYY-MM-DD\"T\"HH24:MI:SS') AS ts, \
                      trandate + 1 AS nxt FROM transaction t JOIN customer c ON c.id = t.entity WHERE t.id = 10",
        );
        assert_eq!(
            out.rows,
            [vec![
                text("2024/01/31"),
                text("2024-01-15T10:00:00"),
                date(2024, 2, 1)
            ]]
        );
    }

    /// JOIN and LEFT JOIN (hash path) with GROUP BY, HAVING, DISTINCT and aggregates.
    #[test]
    fn joins_group_by_and_aggregates() {
        use crate::data::Value::{Float, Int, Null};
        let out = ok(
            "SELECT c.companyname, COUNT(*) AS n, SUM(t.foreigntotal) AS total FROM transaction t \
                      JOIN customer c ON t.entity = c.id GROUP BY c.companyname ORDER BY total DESC",
        );
        assert_eq!(out.columns, ["companyname", "n", "total"]);
        let want = [
            vec![text("Beta LLC"), Int(1), Null],
            vec![text("Acme Corp"), Int(2), Float(350.5)],
            vec![text("acme labs"), Int(1), Float(40.0)],
        ];
        assert_eq!(out.rows, want);
        let out = ok(
            "SELECT c.id, COUNT(t.id) AS n FROM customer c LEFT JOIN transaction t ON t.entity = c.id \
                      GROUP BY c.id ORDER BY c.id",
        );
        assert_eq!(
            out.rows,
            [[1, 2], [2, 1], [3, 1], [4, 0]].map(|[a, b]| vec![Int(a), Int(b)])
        );
        let out = ok(
            "SELECT t.tranid, tl.netamount FROM transactionline tl JOIN transaction t ON tl.transaction = t.id \
                      LEFT JOIN customer c ON c.id = t.entity WHERE tl.mainline = 'F' ORDER BY tl.id",
        );
        assert_eq!(
            out.rows,
            [
                vec![text("INV-10"), Float(60.0)],
                vec![text("INV-10"), Float(40.0)]
            ]
        );
        let out = ok(
            "SELECT MIN(trandate), MAX(foreigntotal), AVG(foreigntotal), COUNT(DISTINCT type), \
                      COUNT(foreigntotal) FROM transaction",
        );
        assert_eq!(
            out.rows,
            [vec![
                date(2024, 1, 31),
                Float(250.5),
                Float(100.125),
                Int(3),
                Int(4)
            ]]
        );
        assert_eq!(
            ok("SELECT COUNT(*) FROM customer WHERE id > 100").rows,
            [vec![Int(0)]]
        );
        let out =
            ok("SELECT entity, COUNT(*) AS n FROM transaction GROUP BY entity HAVING COUNT(*) > 1");
        assert_eq!(out.rows, [vec![Int(1), Int(2)]]);
        let out = ok("SELECT DISTINCT type FROM transaction ORDER BY type");
        assert_eq!(
            column(&out, 0),
            [text("CustInvc"), text("SalesOrd"), text("VendBill")]
        );
        err("SELECT companyname, COUNT(*) FROM customer");
        assert!(
            err("SELECT id FROM transaction t JOIN customer c ON t.entity = c.id").contains("'id'")
        );

        let db = db();
        let plan = |sql: &str| {
            let statements = Parser::new(&GenericDialect {})
                .try_with_sql(sql)
                .unwrap()
                .parse_statements()
                .unwrap();
            build_plan(&statements[0], &db).unwrap().joins[0]
                .hash
                .is_some()
        };
        assert!(plan(
            "SELECT c.id FROM customer c LEFT JOIN transaction t ON t.entity = c.id AND t.type = 'CustInvc'"
        ));
        assert!(plan(
            "SELECT c.id FROM customer c JOIN transaction t ON t.type = 'CustInvc' AND c.id = t.entity"
        ));
        assert!(!plan(
            "SELECT c.id FROM customer c JOIN transaction t ON t.entity < c.id"
        ));
    }

    /// ORDER BY with Oracle's null placement, by alias and by position.
    #[test]
    fn order_by_nulls_alias_and_position() {
        assert_eq!(
            ids("SELECT id, foreigntotal FROM transaction ORDER BY foreigntotal"),
            [14, 13, 10, 11, 12]
        );
        assert_eq!(
            ids("SELECT id, foreigntotal FROM transaction ORDER BY foreigntotal DESC"),
            [12, 11, 10, 13, 14]
        );
        assert_eq!(
            ids("SELECT id FROM transaction ORDER BY foreigntotal ASC NULLS FIRST"),
            [12, 14, 13, 10, 11]
        );
        assert_eq!(
            ids("SELECT id FROM transaction ORDER BY foreigntotal DESC NULLS LAST"),
            [11, 10, 13, 14, 12]
        );
        assert_eq!(
            ids("SELECT id FROM transaction ORDER BY tranid"),
            [14, 10, 11, 13, 12]
        );
        assert_eq!(
            ids("SELECT id, tranid AS t FROM transaction ORDER BY t DESC"),
            [12, 13, 11, 10, 14]
        );
        assert_eq!(
            ids("SELECT id, tranid FROM transaction ORDER BY 2"),
            [14, 10, 11, 13, 12]
        );
        err("SELECT id, tranid FROM transaction ORDER BY 3");
        err("SELECT DISTINCT type FROM transaction ORDER BY id");
    }

    /// ROWNUM applies before ORDER BY; FETCH FIRST and OFFSET after it; LIMIT is rejected.
    #[test]
    fn rownum_and_fetch() {
        assert_eq!(
            ids("SELECT id FROM transaction WHERE ROWNUM <= 2"),
            [10, 11]
        );
        assert_eq!(
            ids(
                "SELECT id FROM transaction WHERE type = 'CustInvc' AND ROWNUM <= 2 ORDER BY id DESC"
            ),
            [11, 10]
        );
        assert!(ids("SELECT id FROM transaction WHERE ROWNUM > 1").is_empty());
        let out = ok("SELECT ROWNUM AS rn, id FROM transaction WHERE id > 11");
        assert_eq!(column(&out, 0), [1, 2, 3].map(Value::Int));
        assert_eq!(
            ids("SELECT id FROM transaction ORDER BY id DESC FETCH FIRST 2 ROWS ONLY"),
            [14, 13]
        );
        assert_eq!(
            ids("SELECT id FROM transaction ORDER BY id OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY"),
            [11, 12]
        );
        assert!(err("SELECT id FROM customer LIMIT 1").contains("Invalid or unsupported search"));
    }

    /// BUILTIN.DF shows a reference's display field, or the value as text.
    #[test]
    fn builtin_df() {
        let out = ok("SELECT id, BUILTIN.DF(entity) FROM transaction ORDER BY id");
        assert_eq!(out.columns, ["id", "expr1"]);
        let names = [
            text("Acme Corp"),
            text("Acme Corp"),
            text("Beta LLC"),
            text("acme labs"),
            Value::Null,
        ];
        assert_eq!(column(&out, 1), names);
        let out = ok(
            "SELECT BUILTIN.DF(transaction) AS t, BUILTIN.DF(mainline) AS m FROM transactionline \
                      WHERE id IN (100, 105) ORDER BY id",
        );
        assert_eq!(
            out.rows,
            [vec![text("10"), text("T")], vec![Value::Null, text("F")]]
        );
        let out = ok(
            "SELECT BUILTIN.DF(entity) AS name, COUNT(*) AS n FROM transaction WHERE entity IS NOT NULL \
                      GROUP BY BUILTIN.DF(entity) ORDER BY n DESC, name",
        );
        assert_eq!(
            column(&out, 0),
            [text("Acme Corp"), text("Beta LLC"), text("acme labs")]
        );
        assert_eq!(column(&out, 1), [2, 1, 1].map(Value::Int));
    }

    /// NetSuite's error details for unknown tables and columns and unsupported queries.
    #[test]
    fn errors() {
        assert_eq!(
            err("SELECT * FROM foo"),
            format!("{PREFIX}Record 'foo' was not found.")
        );
        let unknown = "Unknown identifier 'nosuch'. Identifier may be misspelled or may not be accessible due to \
                       insufficient permissions.";
        assert_eq!(
            err("SELECT nosuch FROM customer"),
            format!("{PREFIX}{unknown}")
        );
        assert!(err("SELECT c.nosuch FROM customer c").contains("Unknown identifier 'c.nosuch'"));
        for sql in [
            "SELECT id FROM customer; SELECT id FROM customer",
            "DELETE FROM customer",
            "SELECT id FROM customer UNION SELECT id FROM transaction",
            "SELECT id FROM (SELECT id FROM customer)",
            "SELECT id FROM customer WHERE id IN (SELECT entity FROM transaction)",
            "SELECT id FROM customer WHERE COUNT(*) > 1",
            "SELECT id FROM customer WHERE id / 0 = 1",
            "SELECT id FROM customer WHERE companyname",
            "SELECT id FROM customer WHERE isinactive = 'yes'",
        ] {
            err(sql);
        }
    }

    /// Garbage, deep nesting and very long OR chains give errors or results, never a panic.
    #[test]
    fn hostile_input_gives_clean_errors() {
        for sql in [
            "",
            "SELECT",
            "   ;  ",
            "SELECT ☃ FROM 😀 WHERE ñ = 'é",
            "\u{0}\u{FFFF}𝕏 ∑∫ 'unterminated",
        ] {
            err(sql);
        }
        err(&format!(
            "SELECT id FROM customer WHERE id = {}1{}",
            "(".repeat(3000),
            ")".repeat(3000)
        ));
        err(&format!(
            "SELECT id FROM customer WHERE id = 1{}",
            "+0".repeat(500)
        ));
        err(&"x".repeat(MAX_QUERY_CHARS + 1));
        // 12000 OR terms fit the length limit; 20000 do not, but evaluate fine past it.
        let chain =
            |n: usize| format!("SELECT id FROM customer WHERE {}id=1", "id=0 OR ".repeat(n));
        assert_eq!(ids(&chain(12_000)), [1]);
        err(&chain(20_000));
        assert_eq!(
            run_on_big_stack(&chain(20_000), &db()).unwrap().rows,
            [vec![Value::Int(1)]]
        );
    }

    /// Joins that would examine or produce too many rows are refused.
    #[test]
    fn joins_are_bounded() {
        let mut big = Table::new(
            "big",
            vec![
                Field::new("id", FieldType::Id),
                Field::new("v", FieldType::Int),
            ],
        );
        for i in 0..3000 {
            big.push(vec![Value::Int(i), Value::Int(i % 7)]);
        }
        let mut db = Database::default();
        db.add(big);
        for on in ["a.v < b.v", "a.v = b.v"] {
            let sql = format!("SELECT COUNT(*) FROM big a JOIN big b ON {on}");
            let e = run(&sql, &db).unwrap_err();
            assert!(e.detail.contains("too expensive"), "{sql}: {}", e.detail);
        }
        let out = run("SELECT COUNT(*) FROM big a JOIN big b ON a.id = b.id", &db).unwrap();
        assert_eq!(out.rows, [vec![Value::Int(3000)]]);
    }
}
