//! SOQL for the simulated Salesforce REST API (`GET /services/data/vXX.X/query?q=...`).
//!
//! A char-based lexer, a recursive-descent parser, a resolver that checks names and literal types against the
//! [`Database`] schema, and an evaluator with Salesforce's semantics: two-valued null logic, case-insensitive text,
//! parent relationship paths, aggregates with `GROUP BY`. Hostile input gives a [`SoqlError`], never a panic:
//! AND/OR chains are parsed iteratively into n-ary nodes, parentheses and NOT nest at most 32 levels, relationship
//! paths are at most 5 levels deep, sorting uses a total order and LIKE matching is O(pattern × text).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use serde_json::{Map, Value as Json};

use crate::data::{Database, Field, FieldType, Table, Value};

/// Longest query accepted, in characters.
const MAX_QUERY_CHARS: usize = 100_000;
/// Deepest nesting of parentheses and NOT in a WHERE clause.
const MAX_DEPTH: usize = 32;
/// Most names in a field path: five parent relationships and the field.
const MAX_PATH_PARTS: usize = 6;
/// Largest OFFSET Salesforce accepts.
const MAX_OFFSET: usize = 2000;
const MALFORMED: &str = "MALFORMED_QUERY";
const INVALID_FIELD: &str = "INVALID_FIELD";
const INVALID_TYPE: &str = "INVALID_TYPE";
const OUT_OF_RANGE: &str = "NUMBER_OUTSIDE_VALID_RANGE";
/// Words that cannot start a field path or be an alias.
const RESERVED: &[&str] = &[
    "AND", "ASC", "BY", "DESC", "EXCLUDES", "FALSE", "FIRST", "FOR", "FROM", "GROUP", "HAVING",
    "IN", "INCLUDES", "LAST", "LIKE", "LIMIT", "NOT", "NULL", "NULLS", "OFFSET", "OR", "ORDER",
    "SELECT", "TRUE", "TYPEOF", "USING", "WHERE", "WITH",
];
/// The value of a missing cell or of a field behind a null reference.
static NULL: Value = Value::Null;

/// A SOQL error, answered as `[{"message": ..., "errorCode": ...}]` with HTTP 400.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SoqlError {
    /// Salesforce's `errorCode` (`MALFORMED_QUERY`, `INVALID_FIELD`, ...).
    pub(crate) code: &'static str,
    /// Salesforce's `message`, starting `ERROR at Row:R:Column:C` where a position is known.
    pub(crate) message: String,
}

impl SoqlError {
    /// An error at a position in the query.
    fn at(pos: Pos, code: &'static str, detail: impl fmt::Display) -> SoqlError {
        SoqlError {
            code,
            message: format!("ERROR at Row:{}:Column:{}\n{detail}", pos.row, pos.col),
        }
    }
}

/// A `MALFORMED_QUERY` error at `pos`.
fn malformed(pos: Pos, detail: impl fmt::Display) -> SoqlError {
    SoqlError::at(pos, MALFORMED, detail)
}

/// The answer to a query: `totalSize` and every record (the caller pages them).
#[derive(Debug)]
pub(crate) struct QueryOutput {
    /// `totalSize`: the number of records after OFFSET and LIMIT; for `COUNT()`, the count.
    pub(crate) total_size: usize,
    /// The records as Salesforce's JSON (empty for `COUNT()`).
    pub(crate) records: Vec<Json>,
}

/// Parses, validates and evaluates `soql` against `db`. `version` is the API version in URLs ("v59.0").
/// `include_deleted` is true for `queryAll` (rows whose `IsDeleted` field is true are otherwise skipped).
pub(crate) fn run(
    soql: &str,
    db: &Database,
    version: &str,
    include_deleted: bool,
) -> Result<QueryOutput, SoqlError> {
    if soql.chars().nth(MAX_QUERY_CHARS).is_some() {
        let message =
            format!("Query is too long: a query may have at most {MAX_QUERY_CHARS} characters");
        return Err(SoqlError {
            code: MALFORMED,
            message,
        });
    }
    evaluate(soql, db, version, include_deleted)
}

/// The sObject Collections retrieve: the records with these `ids`, each with `fields`, in the order of the
/// ids; `null` for an id that names no live record.
pub(crate) fn retrieve(
    db: &Database,
    object: &str,
    ids: &[String],
    fields: &[String],
    version: &str,
) -> Result<Vec<Json>, SoqlError> {
    let not_found = || SoqlError {
        code: "NOT_FOUND",
        message: "The requested resource does not exist".to_owned(),
    };
    let table = db.table(object).ok_or_else(not_found)?;
    // Every record names its Id, asked for or not.
    let with_id = fields.iter().any(|f| f.eq_ignore_ascii_case("Id"));
    let refs = fields
        .iter()
        .map(String::as_str)
        .chain((!with_id).then_some("Id"))
        .map(|name| {
            let col = table.column(name).ok_or_else(|| SoqlError {
                code: INVALID_FIELD,
                message: format!("No such column '{name}' on entity '{}'", table.name),
            })?;
            Ok(FieldRef {
                hops: Vec::new(),
                col,
                field: &table.fields[col],
            })
        })
        .collect::<Result<Vec<_>, SoqlError>>()?;
    let deleted = table.column("IsDeleted");
    Ok(ids
        .iter()
        .map(|id| {
            table
                .row_by_id(&Value::Text(id.clone()))
                .filter(|row| deleted.is_none_or(|i| row.get(i) != Some(&Value::Bool(true))))
                .map_or(Json::Null, |row| render_row(table, row, &refs, version))
        })
        .collect())
}

/// [`run`] without the length limit.
fn evaluate(
    soql: &str,
    db: &Database,
    version: &str,
    include_deleted: bool,
) -> Result<QueryOutput, SoqlError> {
    let chars: Vec<char> = soql.chars().collect();
    let query = parse(&chars)?;
    let compiled = compile(&query, db)?;
    Ok(execute(&compiled, version, include_deleted))
}

// ----------------------------------------------------------------------------------------------------------------
// Lexer

/// A 1-based position in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    row: usize,
    col: usize,
}

/// One character of a string literal: in LIKE, `%` and `_` are wildcards unless escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LikeChar {
    Lit(char),
    Many,
    One,
}

/// A literal as written. `like_escape` marks a string that used `\%` or `\_`, which only LIKE accepts.
#[derive(Debug, Clone)]
enum Lit {
    Null,
    Bool(bool),
    Num(f64),
    Str {
        chars: Vec<LikeChar>,
        like_escape: bool,
    },
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
}

/// A token: a name or keyword, a literal (`null`, `true` and `false` are names), punctuation, or the end.
#[derive(Debug, Clone)]
enum Tok {
    Ident(String),
    Lit(Lit),
    Sym(&'static str),
    Eof,
}

/// A token with its position and source text (for error messages).
#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    pos: Pos,
    text: String,
}

/// Splits a query into tokens, one `char` at a time.
struct Lexer<'s> {
    chars: &'s [char],
    i: usize,
    pos: Pos,
}

impl Lexer<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i.saturating_add(k)).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.pos = Pos {
                row: self.pos.row + 1,
                col: 1,
            }
        } else {
            self.pos.col += 1
        }
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek(0) == Some(c);
        if hit {
            self.bump();
        }
        hit
    }

    fn skip_digits(&mut self) {
        while self.peek(0).is_some_and(|d| d.is_ascii_digit()) {
            self.bump();
        }
    }

    /// Consumes exactly `n` (at most 4) decimal digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0;
        for k in 0..n {
            v = v * 10 + self.peek(k)?.to_digit(10)?;
        }
        for _ in 0..n {
            self.bump();
        }
        Some(v)
    }

    /// Every token, ending with [`Tok::Eof`].
    fn tokens(mut self) -> Result<Vec<Token>, SoqlError> {
        let mut out = Vec::new();
        loop {
            while self.peek(0).is_some_and(char::is_whitespace) {
                self.bump();
            }
            let (start, pos) = (self.i, self.pos);
            let Some(c) = self.peek(0) else {
                out.push(Token {
                    tok: Tok::Eof,
                    pos,
                    text: "<EOF>".to_owned(),
                });
                return Ok(out);
            };
            let tok = if c.is_ascii_alphabetic() || c == '_' {
                let mut name = String::new();
                while let Some(c) = self
                    .peek(0)
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    name.push(c);
                    self.bump();
                }
                Tok::Ident(name)
            } else if c.is_ascii_digit()
                || (c == '-' && self.peek(1).is_some_and(|d| d.is_ascii_digit()))
            {
                Tok::Lit(self.number(pos)?)
            } else if c == '\'' {
                Tok::Lit(self.string(pos)?)
            } else {
                Tok::Sym(self.symbol(pos)?)
            };
            let text = self
                .chars
                .get(start..self.i)
                .unwrap_or_default()
                .iter()
                .collect();
            out.push(Token { tok, pos, text });
        }
    }

    /// `-?digits[.digits]`, or a date `YYYY-MM-DD` or dateTime `YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm)`.
    fn number(&mut self, pos: Pos) -> Result<Lit, SoqlError> {
        let shape = |k: usize, c: Option<char>| {
            if k == 4 || k == 7 {
                c == Some('-')
            } else {
                c.is_some_and(|d| d.is_ascii_digit())
            }
        };
        if (0..10).all(|k| shape(k, self.peek(k))) {
            return self.date(pos);
        }
        let start = self.i;
        self.eat('-');
        self.skip_digits();
        if self.peek(0) == Some('.') && self.peek(1).is_some_and(|d| d.is_ascii_digit()) {
            self.bump();
            self.skip_digits();
        }
        let text: String = self
            .chars
            .get(start..self.i)
            .unwrap_or_default()
            .iter()
            .collect();
        text.parse()
            .map(Lit::Num)
            .map_err(|_| malformed(pos, format!("unexpected token: '{text}'")))
    }

    fn date(&mut self, pos: Pos) -> Result<Lit, SoqlError> {
        let y = self.digits(4);
        self.bump();
        let m = self.digits(2);
        self.bump();
        let d = self.digits(2);
        let date = y
            .zip(m)
            .zip(d)
            .and_then(|((y, m), d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d));
        let date = date.ok_or_else(|| malformed(pos, "invalid date literal"))?;
        if !self.eat('T') && !self.eat('t') {
            return Ok(Lit::Date(date));
        }
        self.time_part(date)
            .map(Lit::DateTime)
            .ok_or_else(|| malformed(pos, "invalid dateTime literal"))
    }

    /// The `hh:mm:ss[.fff](Z|+hh:mm|-hh:mm)` after a date's `T`, as a UTC instant.
    fn time_part(&mut self, date: NaiveDate) -> Option<DateTime<Utc>> {
        let h = self.digits(2)?;
        self.eat(':').then_some(())?;
        let mi = self.digits(2)?;
        self.eat(':').then_some(())?;
        let s = self.digits(2)?;
        let mut nanos = 0u32;
        if self.eat('.') {
            let mut n = 0u32;
            while let Some(d) = self.peek(0).and_then(|c| c.to_digit(10)) {
                self.bump();
                if n < 9 {
                    nanos = nanos * 10 + d;
                    n += 1;
                }
            }
            if n == 0 {
                return None;
            }
            nanos *= 10u32.pow(9 - n);
        }
        let offset = match self.bump()? {
            'Z' | 'z' => 0,
            sign @ ('+' | '-') => {
                let oh = self.digits(2)?;
                self.eat(':');
                let om = self.digits(2)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
                if sign == '-' { -secs } else { secs }
            }
            _ => return None,
        };
        let local = NaiveDateTime::new(date, NaiveTime::from_hms_nano_opt(h, mi, s, nanos)?);
        let instant = FixedOffset::east_opt(offset)?
            .from_local_datetime(&local)
            .single()?;
        Some(instant.with_timezone(&Utc))
    }

    /// A single-quoted string with backslash escapes (`''` is not an escape).
    fn string(&mut self, pos: Pos) -> Result<Lit, SoqlError> {
        let unterminated = move || {
            malformed(
                pos,
                "unterminated string literal: a string must end with a single quote",
            )
        };
        self.bump();
        let (mut chars, mut like_escape) = (Vec::new(), false);
        loop {
            let esc_pos = self.pos;
            match self.bump().ok_or_else(unterminated)? {
                '\'' => return Ok(Lit::Str { chars, like_escape }),
                '%' => chars.push(LikeChar::Many),
                '_' => chars.push(LikeChar::One),
                '\\' => {
                    let e = self.bump().ok_or_else(unterminated)?;
                    let c = match e {
                        '\'' | '"' | '\\' => e,
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        '%' | '_' => {
                            like_escape = true;
                            e
                        }
                        'u' => self.unicode_escape().ok_or_else(|| {
                            malformed(esc_pos, "Invalid string literal: \\u needs four hex digits")
                        })?,
                        _ => {
                            let detail = format!(
                                "Invalid string literal: illegal character sequence '\\{e}'"
                            );
                            return Err(malformed(esc_pos, detail));
                        }
                    };
                    chars.push(LikeChar::Lit(c));
                }
                c => chars.push(LikeChar::Lit(c)),
            }
        }
    }

    /// The four hex digits after `\u`.
    fn unicode_escape(&mut self) -> Option<char> {
        let mut v = 0u32;
        for _ in 0..4 {
            v = v * 16 + self.bump()?.to_digit(16)?;
        }
        char::from_u32(v)
    }

    /// Punctuation and comparison operators.
    fn symbol(&mut self, pos: Pos) -> Result<&'static str, SoqlError> {
        let Some(c) = self.bump() else {
            return Err(malformed(pos, "unexpected token: '<EOF>'"));
        };
        let sym = match (c, self.peek(0)) {
            ('(', _) => "(",
            (')', _) => ")",
            (',', _) => ",",
            ('.', _) => ".",
            ('=', _) => "=",
            ('!', Some('=')) => "!=",
            ('<', Some('=')) => "<=",
            ('<', Some('>')) => "<>",
            ('>', Some('=')) => ">=",
            ('<', _) => "<",
            ('>', _) => ">",
            ('"', _) => {
                return Err(malformed(
                    pos,
                    "unexpected token: '\"' (strings take single quotes)",
                ));
            }
            _ => return Err(malformed(pos, format!("unexpected token: '{c}'"))),
        };
        if sym.len() == 2 {
            self.bump();
        }
        Ok(sym)
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Syntax tree and parser

/// A field path as written (`Name`, `Account.Owner.Name`) and where it starts.
#[derive(Debug)]
struct Path {
    parts: Vec<String>,
    pos: Pos,
}

/// An aggregate function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AggFn {
    Count,
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
}

impl AggFn {
    const ALL: [(&'static str, AggFn); 6] = [
        ("COUNT", AggFn::Count),
        ("COUNT_DISTINCT", AggFn::CountDistinct),
        ("SUM", AggFn::Sum),
        ("AVG", AggFn::Avg),
        ("MIN", AggFn::Min),
        ("MAX", AggFn::Max),
    ];

    fn from_name(name: &str) -> Option<AggFn> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }

    fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| *n)
    }
}

/// A field or an aggregate of one.
#[derive(Debug)]
enum Expr {
    Field(Path),
    Agg(AggFn, Path),
}

/// One entry of the SELECT list; only aggregates take an alias.
#[derive(Debug)]
struct SelectItem {
    expr: Expr,
    alias: Option<String>,
}

/// The SELECT list: `COUNT()` or fields and aggregates.
#[derive(Debug)]
enum Select {
    CountAll,
    Items(Vec<SelectItem>),
}

/// One ORDER BY entry.
#[derive(Debug)]
struct OrderItem {
    expr: Expr,
    desc: bool,
    nulls_first: Option<bool>,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A WHERE condition; AND/OR chains are flat and nesting is bounded by [`MAX_DEPTH`].
#[derive(Debug)]
enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    Cmp {
        path: Path,
        op: Op,
        lit: (Lit, Pos),
    },
    In {
        path: Path,
        negated: bool,
        lits: Vec<(Lit, Pos)>,
    },
    Like {
        path: Path,
        pattern: Vec<LikeChar>,
    },
}

/// A parsed query.
#[derive(Debug)]
struct Query {
    select: Select,
    object: String,
    object_pos: Pos,
    filter: Option<Cond>,
    group_by: Vec<Path>,
    order_by: Vec<OrderItem>,
    limit: Option<usize>,
    offset: usize,
}

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// Lexes and parses a query.
fn parse(chars: &[char]) -> Result<Query, SoqlError> {
    let toks = Lexer {
        chars,
        i: 0,
        pos: Pos { row: 1, col: 1 },
    }
    .tokens()?;
    let eof = Token {
        tok: Tok::Eof,
        pos: toks.last().map_or(Pos { row: 1, col: 1 }, |t| t.pos),
        text: "<EOF>".into(),
    };
    Parser { toks, i: 0, eof }.query()
}

/// A recursive-descent parser over the tokens.
struct Parser {
    toks: Vec<Token>,
    i: usize,
    eof: Token,
}

impl Parser {
    fn peek_at(&self, k: usize) -> &Token {
        self.toks.get(self.i.saturating_add(k)).unwrap_or(&self.eof)
    }

    fn peek(&self) -> &Token {
        self.peek_at(0)
    }

    fn sym_at(&self, k: usize) -> Option<&'static str> {
        match &self.peek_at(k).tok {
            Tok::Sym(s) => Some(*s),
            _ => None,
        }
    }

    fn ident(&self) -> Option<&str> {
        match &self.peek().tok {
            Tok::Ident(s) => Some(s.as_str()),
            _ => None,
        }
    }

    /// Moves to the next token, never past the end.
    fn advance(&mut self) {
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
    }

    fn is_kw(&self, kw: &str) -> bool {
        self.ident().is_some_and(|s| s.eq_ignore_ascii_case(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.is_kw(kw);
        if hit {
            self.advance();
        }
        hit
    }

    fn eat_sym(&mut self, sym: &str) -> bool {
        let hit = self.sym_at(0) == Some(sym);
        if hit {
            self.advance();
        }
        hit
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SoqlError> {
        if self.eat_kw(kw) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_sym(&mut self, sym: &str) -> Result<(), SoqlError> {
        if self.eat_sym(sym) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn unexpected(&self) -> SoqlError {
        let t = self.peek();
        malformed(t.pos, format!("unexpected token: '{}'", t.text))
    }

    /// One or more items separated by commas.
    fn list<T>(
        &mut self,
        item: fn(&mut Parser) -> Result<T, SoqlError>,
    ) -> Result<Vec<T>, SoqlError> {
        let mut items = vec![item(self)?];
        while self.eat_sym(",") {
            items.push(item(self)?);
        }
        Ok(items)
    }

    /// `SELECT ... FROM ... [WHERE] [GROUP BY] [ORDER BY] [LIMIT] [OFFSET]`.
    fn query(&mut self) -> Result<Query, SoqlError> {
        self.expect_kw("SELECT")?;
        let select = self.select_list()?;
        self.expect_kw("FROM")?;
        let object_pos = self.peek().pos;
        let object = match self.ident() {
            // `Order` and `Group` are objects as well as keywords.
            Some(s)
                if !is_reserved(s)
                    || ["ORDER", "GROUP"].iter().any(|k| k.eq_ignore_ascii_case(s)) =>
            {
                s.to_owned()
            }
            _ => return Err(self.unexpected()),
        };
        self.advance();
        let filter = if self.eat_kw("WHERE") {
            Some(self.cond(0)?)
        } else {
            None
        };
        let mut group_by = Vec::new();
        if self.eat_kw("GROUP") {
            self.expect_kw("BY")?;
            group_by = self.list(Parser::path)?;
        }
        let mut order_by = Vec::new();
        if self.eat_kw("ORDER") {
            self.expect_kw("BY")?;
            order_by = self.list(Parser::order_item)?;
        }
        let limit = if self.eat_kw("LIMIT") {
            Some(self.count_arg()?.0)
        } else {
            None
        };
        let mut offset = 0;
        if self.eat_kw("OFFSET") {
            let (n, pos) = self.count_arg()?;
            if n > MAX_OFFSET {
                return Err(SoqlError::at(
                    pos,
                    OUT_OF_RANGE,
                    "Maximum SOQL offset allowed is 2000",
                ));
            }
            offset = n;
        }
        if !matches!(self.peek().tok, Tok::Eof) {
            return Err(self.unexpected());
        }
        Ok(Query {
            select,
            object,
            object_pos,
            filter,
            group_by,
            order_by,
            limit,
            offset,
        })
    }

    /// `COUNT()` or a list of fields and aggregates.
    fn select_list(&mut self) -> Result<Select, SoqlError> {
        let mut items = Vec::new();
        loop {
            if self.is_kw("COUNT") && self.sym_at(1) == Some("(") && self.sym_at(2) == Some(")") {
                let pos = self.peek().pos;
                for _ in 0..3 {
                    self.advance();
                }
                if !items.is_empty() || !self.is_kw("FROM") {
                    return Err(malformed(
                        pos,
                        "COUNT() cannot be combined with other fields",
                    ));
                }
                return Ok(Select::CountAll);
            }
            let expr = self.expr()?;
            let alias = match (&expr, self.ident()) {
                (Expr::Agg(..), Some(s)) if !is_reserved(s) => Some(s.to_owned()),
                _ => None,
            };
            if alias.is_some() {
                self.advance();
            }
            items.push(SelectItem { expr, alias });
            if !self.eat_sym(",") {
                return Ok(Select::Items(items));
            }
        }
    }

    /// A field path or `AGG(path)`.
    fn expr(&mut self) -> Result<Expr, SoqlError> {
        let func = if self.sym_at(1) == Some("(") {
            self.ident().map(AggFn::from_name)
        } else {
            None
        };
        match func {
            None => Ok(Expr::Field(self.path()?)),
            // FIELDS(...), TYPEOF, subqueries and other functions.
            Some(None) => {
                self.advance();
                Err(self.unexpected())
            }
            Some(Some(func)) => {
                self.advance();
                self.advance();
                let path = self.path()?;
                self.expect_sym(")")?;
                Ok(Expr::Agg(func, path))
            }
        }
    }

    /// `Name` or `Account.Owner.Name`.
    fn path(&mut self) -> Result<Path, SoqlError> {
        let pos = self.peek().pos;
        let mut parts: Vec<String> = Vec::new();
        loop {
            let name = match self.ident() {
                Some(s) if !parts.is_empty() || !is_reserved(s) => s.to_owned(),
                _ => return Err(self.unexpected()),
            };
            self.advance();
            parts.push(name);
            if !self.eat_sym(".") {
                return Ok(Path { parts, pos });
            }
        }
    }

    /// `expr [ASC|DESC] [NULLS FIRST|NULLS LAST]`.
    fn order_item(&mut self) -> Result<OrderItem, SoqlError> {
        let expr = self.expr()?;
        let desc = self.eat_kw("DESC");
        if !desc {
            self.eat_kw("ASC");
        }
        let mut nulls_first = None;
        if self.eat_kw("NULLS") {
            if self.eat_kw("FIRST") {
                nulls_first = Some(true);
            } else if self.eat_kw("LAST") {
                nulls_first = Some(false);
            } else {
                return Err(self.unexpected());
            }
        }
        Ok(OrderItem {
            expr,
            desc,
            nulls_first,
        })
    }

    /// A non-negative integer for LIMIT or OFFSET (saturating; huge values are simply large).
    fn count_arg(&mut self) -> Result<(usize, Pos), SoqlError> {
        let t = self.peek();
        if !matches!(t.tok, Tok::Lit(Lit::Num(_))) || !t.text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.unexpected());
        }
        let n = t.text.bytes().fold(0usize, |n, b| {
            n.saturating_mul(10).saturating_add(usize::from(b - b'0'))
        });
        let pos = t.pos;
        self.advance();
        Ok((n, pos))
    }

    /// `term ((AND term)* | (OR term)*)`, iteratively; mixing AND and OR at one level is an error.
    fn cond(&mut self, depth: usize) -> Result<Cond, SoqlError> {
        let first = self.term(depth)?;
        let Some(kw) = self.joiner() else {
            return Ok(first);
        };
        let mut terms = vec![first];
        while let Some(next) = self.joiner() {
            if next != kw {
                return Err(self.unexpected());
            }
            self.advance();
            terms.push(self.term(depth)?);
        }
        Ok(if kw == "AND" {
            Cond::And(terms)
        } else {
            Cond::Or(terms)
        })
    }

    /// The AND or OR at the current token, if any.
    fn joiner(&self) -> Option<&'static str> {
        ["AND", "OR"].into_iter().find(|kw| self.is_kw(kw))
    }

    /// `NOT term`, `( cond )` or a field predicate.
    fn term(&mut self, depth: usize) -> Result<Cond, SoqlError> {
        if (self.is_kw("NOT") || self.sym_at(0) == Some("(")) && depth >= MAX_DEPTH {
            let detail = format!(
                "Query is nested too deeply: at most {MAX_DEPTH} levels of parentheses and NOT"
            );
            return Err(malformed(self.peek().pos, detail));
        }
        if self.eat_kw("NOT") {
            return Ok(Cond::Not(Box::new(self.term(depth + 1)?)));
        }
        if self.eat_sym("(") {
            let inner = self.cond(depth + 1)?;
            self.expect_sym(")")?;
            return Ok(inner);
        }
        let path = self.path()?;
        let op = match self.sym_at(0) {
            Some("=") => Some(Op::Eq),
            Some("!=" | "<>") => Some(Op::Ne),
            Some("<") => Some(Op::Lt),
            Some("<=") => Some(Op::Le),
            Some(">") => Some(Op::Gt),
            Some(">=") => Some(Op::Ge),
            _ => None,
        };
        if let Some(op) = op {
            self.advance();
            return Ok(Cond::Cmp {
                path,
                op,
                lit: self.literal()?,
            });
        }
        if self.eat_kw("LIKE") {
            let pattern = match &self.peek().tok {
                Tok::Lit(Lit::Str { chars, .. }) => chars.clone(),
                _ => return Err(self.unexpected()),
            };
            self.advance();
            return Ok(Cond::Like { path, pattern });
        }
        let negated = self.eat_kw("NOT");
        if !self.eat_kw("IN") {
            return Err(self.unexpected());
        }
        self.expect_sym("(")?;
        let lits = self.list(Parser::literal)?;
        self.expect_sym(")")?;
        Ok(Cond::In {
            path,
            negated,
            lits,
        })
    }

    fn literal(&mut self) -> Result<(Lit, Pos), SoqlError> {
        let t = self.peek();
        let lit = match &t.tok {
            Tok::Lit(lit) => lit.clone(),
            Tok::Ident(s) if s.eq_ignore_ascii_case("null") => Lit::Null,
            Tok::Ident(s) if s.eq_ignore_ascii_case("true") => Lit::Bool(true),
            Tok::Ident(s) if s.eq_ignore_ascii_case("false") => Lit::Bool(false),
            _ => return Err(self.unexpected()),
        };
        let pos = t.pos;
        self.advance();
        Ok((lit, pos))
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Name resolution and type checking

/// One parent relationship step: the reference column, the relationship's API name and the parent table.
#[derive(Debug, Clone)]
struct Hop<'a> {
    col: usize,
    rel: String,
    target: &'a Table,
}

/// A resolved field path.
#[derive(Debug, Clone)]
struct FieldRef<'a> {
    hops: Vec<Hop<'a>>,
    col: usize,
    field: &'a Field,
}

impl FieldRef<'_> {
    /// Whether the field's text compares case-insensitively.
    fn ci(&self) -> bool {
        case_insensitive(self.field.ty)
    }

    /// Whether both paths reach the same column through the same relationships.
    fn same(&self, other: &FieldRef<'_>) -> bool {
        self.col == other.col
            && self.hops.len() == other.hops.len()
            && self
                .hops
                .iter()
                .zip(&other.hops)
                .all(|(a, b)| a.col == b.col)
    }
}

/// Sort direction and null placement of one ORDER BY entry.
#[derive(Debug, Clone, Copy)]
struct Dir {
    desc: bool,
    nulls_first: bool,
}

/// A type-checked WHERE condition.
enum Pred<'a> {
    And(Vec<Pred<'a>>),
    Or(Vec<Pred<'a>>),
    Not(Box<Pred<'a>>),
    Cmp {
        f: FieldRef<'a>,
        op: Op,
        lit: Value,
    },
    In {
        f: FieldRef<'a>,
        negated: bool,
        lits: Vec<Value>,
    },
    Like {
        f: FieldRef<'a>,
        pattern: Vec<LikeChar>,
    },
}

/// An output column of an aggregate query: a GROUP BY field (by index) or an aggregate (by alias or `exprN`).
enum AggCol<'a> {
    Group {
        idx: usize,
        name: String,
    },
    Agg {
        key: String,
        func: AggFn,
        f: FieldRef<'a>,
    },
}

/// An ORDER BY entry of an aggregate query.
enum GroupOrder<'a> {
    Group(usize),
    Agg(AggFn, FieldRef<'a>),
}

/// What a query computes.
enum Plan<'a> {
    /// `SELECT COUNT()`: only `totalSize`.
    Count { group_by: Vec<FieldRef<'a>> },
    /// Plain records.
    Rows {
        fields: Vec<FieldRef<'a>>,
        order: Vec<(FieldRef<'a>, Dir)>,
    },
    /// `AggregateResult` records.
    Groups {
        group_by: Vec<FieldRef<'a>>,
        cols: Vec<AggCol<'a>>,
        order: Vec<(GroupOrder<'a>, Dir)>,
    },
}

/// A query checked against the schema.
struct Compiled<'a> {
    table: &'a Table,
    filter: Option<Pred<'a>>,
    plan: Plan<'a>,
    limit: Option<usize>,
    offset: usize,
}

/// Checks a parsed query against `db`.
fn compile<'a>(q: &Query, db: &'a Database) -> Result<Compiled<'a>, SoqlError> {
    let Some(table) = db.table(&q.object) else {
        let detail = format!(
            "sObject type '{}' is not supported. If you are attempting to use a custom object, be sure to append \
             the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate \
             names.",
            q.object
        );
        return Err(SoqlError::at(q.object_pos, INVALID_TYPE, detail));
    };
    let r = Resolver { db, table };
    let plan = match &q.select {
        Select::CountAll => {
            for o in &q.order_by {
                r.expr(&o.expr)?;
            }
            Plan::Count {
                group_by: r.paths(&q.group_by)?,
            }
        }
        Select::Items(items)
            if q.group_by.is_empty() && items.iter().all(|i| matches!(i.expr, Expr::Field(_))) =>
        {
            r.rows(items, &q.order_by)?
        }
        Select::Items(items) => r.groups(items, q)?,
    };
    let filter = match &q.filter {
        Some(c) => Some(r.cond(c)?),
        None => None,
    };
    Ok(Compiled {
        table,
        filter,
        plan,
        limit: q.limit,
        offset: q.offset,
    })
}

/// Resolves names against the queried object.
struct Resolver<'a> {
    db: &'a Database,
    table: &'a Table,
}

impl<'a> Resolver<'a> {
    /// Resolves a path, following parent relationships (`Account.Name`, `Foo__r.Bar__c`).
    fn path(&self, p: &Path) -> Result<FieldRef<'a>, SoqlError> {
        let mut parts: &[String] = &p.parts;
        // The object's own name may prefix a path: `Contact.Account.Name` on Contact.
        if let Some((first, rest)) = parts.split_first()
            && !rest.is_empty()
            && first.eq_ignore_ascii_case(&self.table.name)
            && relationship_column(self.table, first).is_none()
        {
            parts = rest;
        }
        let Some((last, rels)) = parts.split_last().filter(|_| parts.len() <= MAX_PATH_PARTS)
        else {
            return Err(malformed(
                p.pos,
                "A field path can follow at most 5 levels of parent relationships",
            ));
        };
        let mut table = self.table;
        let mut hops = Vec::new();
        for rel in rels {
            let hop = relationship_column(table, rel).and_then(|col| {
                let field = table.fields.get(col)?;
                let target = self.db.table(field.reference_to.as_deref()?)?;
                Some(Hop {
                    col,
                    rel: relationship_name(&field.name),
                    target,
                })
            });
            let Some(hop) = hop else {
                let detail = format!(
                    "Didn't understand relationship '{rel}' in field path. If you are attempting to use a custom \
                     relationship, be sure to append the '__r' after the custom relationship name. Please reference \
                     your WSDL or the describe call for the appropriate names."
                );
                return Err(SoqlError::at(p.pos, INVALID_FIELD, detail));
            };
            table = hop.target;
            hops.push(hop);
        }
        let Some((col, field)) = table
            .column(last)
            .and_then(|col| table.fields.get(col).map(|f| (col, f)))
        else {
            let detail = format!(
                "No such column '{last}' on entity '{}'. If you are attempting to use a custom field, be sure to \
                 append the '__c' after the custom field name. Please reference your WSDL or the describe call for \
                 the appropriate names.",
                table.name
            );
            return Err(SoqlError::at(p.pos, INVALID_FIELD, detail));
        };
        Ok(FieldRef { hops, col, field })
    }

    fn paths(&self, ps: &[Path]) -> Result<Vec<FieldRef<'a>>, SoqlError> {
        ps.iter().map(|p| self.path(p)).collect()
    }

    /// The argument of an aggregate; SUM and AVG need a number.
    fn agg(&self, func: AggFn, p: &Path) -> Result<FieldRef<'a>, SoqlError> {
        let f = self.path(p)?;
        if matches!(func, AggFn::Sum | AggFn::Avg) && !f.field.ty.is_numeric() {
            let detail = format!(
                "field {} does not support aggregate operator {}",
                f.field.name,
                func.name()
            );
            return Err(SoqlError::at(p.pos, INVALID_FIELD, detail));
        }
        Ok(f)
    }

    fn expr(&self, e: &Expr) -> Result<FieldRef<'a>, SoqlError> {
        match e {
            Expr::Field(p) => self.path(p),
            Expr::Agg(func, p) => self.agg(*func, p),
        }
    }

    /// A plain query: the selected fields and the ORDER BY fields.
    fn rows(&self, items: &[SelectItem], order_by: &[OrderItem]) -> Result<Plan<'a>, SoqlError> {
        let fields = items
            .iter()
            .map(|i| self.expr(&i.expr))
            .collect::<Result<_, _>>()?;
        let mut order = Vec::new();
        for o in order_by {
            if let Expr::Agg(_, p) = &o.expr {
                return Err(malformed(
                    p.pos,
                    "Ordering by an aggregate needs an aggregate query or GROUP BY",
                ));
            }
            order.push((self.expr(&o.expr)?, dir(o)));
        }
        Ok(Plan::Rows { fields, order })
    }

    /// An aggregate query: every plain field must be grouped.
    fn groups(&self, items: &[SelectItem], q: &Query) -> Result<Plan<'a>, SoqlError> {
        let group_by = self.paths(&q.group_by)?;
        let mut cols = Vec::new();
        let mut unnamed = 0;
        for item in items {
            cols.push(match &item.expr {
                Expr::Field(p) => {
                    let f = self.path(p)?;
                    AggCol::Group {
                        idx: group_index(&group_by, &f, p.pos)?,
                        name: f.field.name.clone(),
                    }
                }
                Expr::Agg(func, p) => {
                    let key = item.alias.clone().unwrap_or_else(|| {
                        unnamed += 1;
                        format!("expr{}", unnamed - 1)
                    });
                    AggCol::Agg {
                        key,
                        func: *func,
                        f: self.agg(*func, p)?,
                    }
                }
            });
        }
        let mut order = Vec::new();
        for o in &q.order_by {
            let key = match &o.expr {
                Expr::Field(p) => GroupOrder::Group(group_index(&group_by, &self.path(p)?, p.pos)?),
                Expr::Agg(func, p) => GroupOrder::Agg(*func, self.agg(*func, p)?),
            };
            order.push((key, dir(o)));
        }
        Ok(Plan::Groups {
            group_by,
            cols,
            order,
        })
    }

    /// Resolves and type-checks a WHERE condition (recursion bounded by the parser's depth limit).
    fn cond(&self, c: &Cond) -> Result<Pred<'a>, SoqlError> {
        Ok(match c {
            Cond::And(v) => Pred::And(v.iter().map(|c| self.cond(c)).collect::<Result<_, _>>()?),
            Cond::Or(v) => Pred::Or(v.iter().map(|c| self.cond(c)).collect::<Result<_, _>>()?),
            Cond::Not(c) => Pred::Not(Box::new(self.cond(c)?)),
            Cond::Cmp { path, op, lit } => {
                let f = self.path(path)?;
                Pred::Cmp {
                    lit: literal_for(f.field, lit)?,
                    f,
                    op: *op,
                }
            }
            Cond::In {
                path,
                negated,
                lits,
            } => {
                let f = self.path(path)?;
                let lits = lits
                    .iter()
                    .map(|l| literal_for(f.field, l))
                    .collect::<Result<_, _>>()?;
                Pred::In {
                    f,
                    negated: *negated,
                    lits,
                }
            }
            Cond::Like { path, pattern } => {
                let f = self.path(path)?;
                if !f.field.ty.is_text() {
                    let detail = format!(
                        "invalid operator on field '{}': LIKE only applies to text",
                        f.field.name
                    );
                    return Err(SoqlError::at(path.pos, INVALID_FIELD, detail));
                }
                let mut lowered = Vec::with_capacity(pattern.len());
                for &c in pattern {
                    match c {
                        LikeChar::Lit(ch) => lowered.extend(ch.to_lowercase().map(LikeChar::Lit)),
                        wildcard => lowered.push(wildcard),
                    }
                }
                Pred::Like {
                    f,
                    pattern: lowered,
                }
            }
        })
    }
}

/// The direction of an ORDER BY entry: nulls first ascending and last descending unless told.
fn dir(o: &OrderItem) -> Dir {
    Dir {
        desc: o.desc,
        nulls_first: o.nulls_first.unwrap_or(!o.desc),
    }
}

/// The position of `f` in the GROUP BY list.
fn group_index(group_by: &[FieldRef<'_>], f: &FieldRef<'_>, pos: Pos) -> Result<usize, SoqlError> {
    let detail = || {
        malformed(
            pos,
            format!("Field must be grouped or aggregated: {}", f.field.name),
        )
    };
    group_by.iter().position(|g| g.same(f)).ok_or_else(detail)
}

/// The reference column behind a relationship name: `Account` -> `AccountId`, `Foo__r` -> `Foo__c`.
fn relationship_column(table: &Table, rel: &str) -> Option<usize> {
    let lower = rel.to_ascii_lowercase();
    let name = lower
        .strip_suffix("__r")
        .map_or_else(|| format!("{lower}id"), |base| format!("{base}__c"));
    let col = table.column(&name)?;
    (table.fields.get(col)?.ty == FieldType::Reference).then_some(col)
}

/// The relationship name of a reference field in API case: `AccountId` -> `Account`, `Foo__c` -> `Foo__r`.
fn relationship_name(field: &str) -> String {
    if let Some(base) = field.strip_suffix("__c") {
        return format!("{base}__r");
    }
    ["Id", "ID", "id"]
        .iter()
        .find_map(|s| field.strip_suffix(s))
        .unwrap_or(field)
        .to_owned()
}

/// Checks a literal against a field's type and converts it to a value.
fn literal_for(field: &Field, (lit, pos): &(Lit, Pos)) -> Result<Value, SoqlError> {
    let ty = field.ty;
    let value = match lit {
        Lit::Null => Some(Value::Null),
        Lit::Str {
            like_escape: true, ..
        } if ty.is_text() => {
            return Err(malformed(
                *pos,
                "Invalid string literal: \\% and \\_ are only valid in a LIKE pattern",
            ));
        }
        Lit::Str { chars, .. } if ty.is_text() => Some(Value::Text(
            chars
                .iter()
                .map(|c| match c {
                    LikeChar::Lit(ch) => *ch,
                    LikeChar::Many => '%',
                    LikeChar::One => '_',
                })
                .collect(),
        )),
        Lit::Num(n) if ty.is_numeric() => Some(Value::Float(*n)),
        Lit::Bool(b) if ty == FieldType::Boolean => Some(Value::Bool(*b)),
        Lit::Date(d) if ty == FieldType::Date => Some(Value::Date(*d)),
        Lit::DateTime(t) if ty == FieldType::DateTime => Some(Value::DateTime(*t)),
        _ => None,
    };
    value.ok_or_else(|| {
        let type_name = match ty {
            FieldType::Int => "integer",
            FieldType::Double | FieldType::Currency | FieldType::Percent => "double",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "dateTime",
            _ => "string",
        };
        let not = if type_name == "string" { "" } else { "not " };
        let detail = format!(
            "value of filter criterion for field '{}' must be of type {type_name} and should {not}be enclosed in \
             quotes",
            field.name
        );
        SoqlError::at(*pos, INVALID_FIELD, detail)
    })
}

/// Whether text of this type compares case-insensitively (ids and references compare exactly).
fn case_insensitive(ty: FieldType) -> bool {
    matches!(
        ty,
        FieldType::String
            | FieldType::Picklist
            | FieldType::Email
            | FieldType::Url
            | FieldType::Phone
    )
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

// ----------------------------------------------------------------------------------------------------------------
// Evaluation

/// The value of a field path on a row; null when a reference on the way is null or dangling.
fn get<'a>(row: &'a [Value], f: &FieldRef<'a>) -> &'a Value {
    let mut cur = row;
    for hop in &f.hops {
        let id = cur.get(hop.col).unwrap_or(&NULL);
        let parent = if id.is_null() {
            None
        } else {
            hop.target.row_by_id(id)
        };
        match parent {
            Some(parent) => cur = parent,
            None => return &NULL,
        }
    }
    cur.get(f.col).unwrap_or(&NULL)
}

/// Compares two values of a field's type; `None` when either is null or they are not comparable.
fn compare(a: &Value, b: &Value, ty: FieldType) -> Option<Ordering> {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => Some(if case_insensitive(ty) {
            lower(x).cmp(&lower(y))
        } else {
            x.cmp(y)
        }),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::DateTime(x), Value::DateTime(y)) => Some(x.cmp(y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// SOQL equality: null equals only null; a 15-character id matches its 18-character form.
fn values_eq(a: &Value, b: &Value, ty: FieldType) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Text(x), Value::Text(y)) if matches!(ty, FieldType::Id | FieldType::Reference) => {
            x == y
                || (x.len() == 18 && y.len() == 15 && x.starts_with(y.as_str()))
                || (x.len() == 15 && y.len() == 18 && y.starts_with(x.as_str()))
        }
        _ => compare(a, b, ty) == Some(Ordering::Equal),
    }
}

/// Evaluates a condition on a row with Salesforce's two-valued logic: a null field fails `=`, `<`, `>`, IN and
/// LIKE, and passes `!=` and NOT IN.
fn eval(p: &Pred<'_>, row: &[Value]) -> bool {
    match p {
        Pred::And(v) => v.iter().all(|p| eval(p, row)),
        Pred::Or(v) => v.iter().any(|p| eval(p, row)),
        Pred::Not(p) => !eval(p, row),
        Pred::Cmp { f, op, lit } => {
            let (v, ty) = (get(row, f), f.field.ty);
            match op {
                Op::Eq => values_eq(v, lit, ty),
                Op::Ne => !values_eq(v, lit, ty),
                Op::Lt => compare(v, lit, ty) == Some(Ordering::Less),
                Op::Le => matches!(compare(v, lit, ty), Some(Ordering::Less | Ordering::Equal)),
                Op::Gt => compare(v, lit, ty) == Some(Ordering::Greater),
                Op::Ge => matches!(
                    compare(v, lit, ty),
                    Some(Ordering::Greater | Ordering::Equal)
                ),
            }
        }
        Pred::In { f, negated, lits } => {
            let v = get(row, f);
            lits.iter().any(|l| values_eq(v, l, f.field.ty)) != *negated
        }
        Pred::Like { f, pattern } => match get(row, f) {
            Value::Text(s) => like_match(
                pattern,
                &s.chars().flat_map(char::to_lowercase).collect::<Vec<_>>(),
            ),
            _ => false,
        },
    }
}

/// Wildcard matching without recursion: O(pattern × text), backtracking only to the last `%`.
fn like_match(pattern: &[LikeChar], text: &[char]) -> bool {
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&c) = text.get(t) {
        let step = match pattern.get(p) {
            Some(LikeChar::Many) => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(LikeChar::One) => true,
            Some(LikeChar::Lit(x)) => *x == c,
            None => false,
        };
        if step {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|c| *c == LikeChar::Many))
}

/// A sort and grouping key with a total order; text is lowercased for case-insensitive fields.
#[derive(Debug)]
enum Key {
    Null,
    Bool(bool),
    Num(f64),
    Text(String),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
}

fn key_of(v: &Value, ci: bool) -> Key {
    match v {
        Value::Null => Key::Null,
        Value::Bool(b) => Key::Bool(*b),
        Value::Int(i) => Key::Num(*i as f64),
        Value::Float(f) => Key::Num(*f),
        Value::Text(s) => Key::Text(if ci { lower(s) } else { s.clone() }),
        Value::Date(d) => Key::Date(*d),
        Value::DateTime(t) => Key::DateTime(*t),
    }
}

/// A total order on keys, so sorting never sees an inconsistent comparator.
fn key_cmp(a: &Key, b: &Key) -> Ordering {
    let rank = |k: &Key| match k {
        Key::Null => 0,
        Key::Bool(_) => 1,
        Key::Num(_) => 2,
        Key::Text(_) => 3,
        Key::Date(_) => 4,
        Key::DateTime(_) => 5,
    };
    match (a, b) {
        (Key::Bool(x), Key::Bool(y)) => x.cmp(y),
        (Key::Num(x), Key::Num(y)) => x.total_cmp(y),
        (Key::Text(x), Key::Text(y)) => x.cmp(y),
        (Key::Date(x), Key::Date(y)) => x.cmp(y),
        (Key::DateTime(x), Key::DateTime(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Compares ORDER BY keys: nulls first or last as asked, the rest ascending or descending.
fn order_cmp(a: &[Key], b: &[Key], dirs: &[Dir]) -> Ordering {
    for ((x, y), d) in a.iter().zip(b).zip(dirs) {
        let nulls = if d.nulls_first {
            Ordering::Less
        } else {
            Ordering::Greater
        };
        let o = match (x, y) {
            (Key::Null, Key::Null) => Ordering::Equal,
            (Key::Null, _) => nulls,
            (_, Key::Null) => nulls.reverse(),
            _ if d.desc => key_cmp(x, y).reverse(),
            _ => key_cmp(x, y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Runs a compiled query.
fn execute<'a>(c: &Compiled<'a>, version: &str, include_deleted: bool) -> QueryOutput {
    let table: &'a Table = c.table;
    let deleted = if include_deleted {
        None
    } else {
        table.column("IsDeleted")
    };
    let rows: Vec<&'a [Value]> = table
        .rows
        .iter()
        .map(Vec::as_slice)
        .filter(|row| deleted.is_none_or(|i| row.get(i) != Some(&Value::Bool(true))))
        .filter(|row| c.filter.as_ref().is_none_or(|p| eval(p, row)))
        .collect();
    let limit = c.limit.unwrap_or(usize::MAX);
    let (records, count) = match &c.plan {
        Plan::Count { group_by } => {
            let n = if group_by.is_empty() {
                rows.len()
            } else {
                group_rows(&rows, group_by).len()
            };
            (Vec::new(), n.saturating_sub(c.offset).min(limit))
        }
        Plan::Rows { fields, order } => {
            let mut keyed: Vec<(Vec<Key>, &'a [Value])> = rows
                .into_iter()
                .map(|row| {
                    (
                        order
                            .iter()
                            .map(|(f, _)| key_of(get(row, f), f.ci()))
                            .collect::<Vec<_>>(),
                        row,
                    )
                })
                .collect();
            let dirs: Vec<Dir> = order.iter().map(|(_, d)| *d).collect();
            keyed.sort_by(|a, b| order_cmp(&a.0, &b.0, &dirs));
            let page = keyed.into_iter().skip(c.offset).take(limit);
            let records: Vec<Json> = page
                .map(|(_, row)| render_row(table, row, fields, version))
                .collect();
            let n = records.len();
            (records, n)
        }
        Plan::Groups {
            group_by,
            cols,
            order,
        } => {
            let groups = if group_by.is_empty() {
                vec![rows]
            } else {
                group_rows(&rows, group_by)
            };
            let mut keyed: Vec<(Vec<Key>, Json)> = groups
                .iter()
                .map(|g| {
                    let keys: Vec<Key> = order
                        .iter()
                        .map(|(o, _)| group_order_key(o, g, group_by))
                        .collect();
                    (keys, render_group(g, group_by, cols))
                })
                .collect();
            let dirs: Vec<Dir> = order.iter().map(|(_, d)| *d).collect();
            keyed.sort_by(|a, b| order_cmp(&a.0, &b.0, &dirs));
            let records: Vec<Json> = keyed
                .into_iter()
                .skip(c.offset)
                .take(limit)
                .map(|(_, r)| r)
                .collect();
            let n = records.len();
            (records, n)
        }
    };
    QueryOutput {
        total_size: count,
        records,
    }
}

/// Splits rows into groups by their GROUP BY keys, in order of first appearance.
fn group_rows<'a>(rows: &[&'a [Value]], group_by: &[FieldRef<'a>]) -> Vec<Vec<&'a [Value]>> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<&'a [Value]>> = Vec::new();
    for &row in rows {
        let key: Vec<Key> = group_by
            .iter()
            .map(|f| key_of(get(row, f), f.ci()))
            .collect();
        let i = *index.entry(format!("{key:?}")).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        if let Some(g) = groups.get_mut(i) {
            g.push(row);
        }
    }
    groups
}

/// The value of GROUP BY field `idx` for a group, taken from its first row.
fn group_value<'a>(rows: &[&'a [Value]], group_by: &[FieldRef<'a>], idx: usize) -> &'a Value {
    match (rows.first(), group_by.get(idx)) {
        (Some(&row), Some(f)) => get(row, f),
        _ => &NULL,
    }
}

fn group_order_key<'a>(o: &GroupOrder<'a>, rows: &[&'a [Value]], group_by: &[FieldRef<'a>]) -> Key {
    match o {
        GroupOrder::Group(idx) => key_of(
            group_value(rows, group_by, *idx),
            group_by.get(*idx).is_some_and(|f| f.ci()),
        ),
        GroupOrder::Agg(func, f) => key_of(&aggregate(*func, f, rows), f.ci()),
    }
}

/// Computes an aggregate over a group's rows; nulls are ignored, SUM and AVG of nothing are null.
fn aggregate<'a>(func: AggFn, f: &FieldRef<'a>, rows: &[&'a [Value]]) -> Value {
    let values = rows.iter().map(|&row| get(row, f)).filter(|v| !v.is_null());
    let count = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
    match func {
        AggFn::Count => count(values.count()),
        AggFn::CountDistinct => count(
            values
                .map(|v| format!("{:?}", key_of(v, f.ci())))
                .collect::<HashSet<_>>()
                .len(),
        ),
        AggFn::Sum | AggFn::Avg => {
            let (mut sum, mut n, mut int_sum) = (0.0f64, 0usize, Some(0i64));
            for v in values {
                let Some(x) = v.as_f64() else { continue };
                sum += x;
                n += 1;
                int_sum = match (int_sum, v) {
                    (Some(s), Value::Int(i)) => s.checked_add(*i),
                    _ => None,
                };
            }
            match (func, int_sum) {
                _ if n == 0 => Value::Null,
                (AggFn::Sum, Some(s)) if f.field.ty == FieldType::Int => Value::Int(s),
                (AggFn::Sum, _) => Value::Float(sum),
                _ => Value::Float(sum / n as f64),
            }
        }
        AggFn::Min | AggFn::Max => {
            let want = if func == AggFn::Min {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let mut best: Option<(&Value, Key)> = None;
            for v in values {
                let k = key_of(v, f.ci());
                if best.as_ref().is_none_or(|(_, b)| key_cmp(&k, b) == want) {
                    best = Some((v, k));
                }
            }
            best.map_or(Value::Null, |(v, _)| v.clone())
        }
    }
}

// ----------------------------------------------------------------------------------------------------------------
// JSON rendering

/// A new record object holding only `attributes` (type and URL).
fn attributes(table: &Table, row: &[Value], version: &str) -> Map<String, Json> {
    let id = match row.first() {
        Some(Value::Text(s)) => s.clone(),
        Some(Value::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let url = format!("/services/data/{version}/sobjects/{}/{id}", table.name);
    let mut attrs = Map::new();
    attrs.insert("type".to_owned(), Json::String(table.name.clone()));
    attrs.insert("url".to_owned(), Json::String(url));
    let mut m = Map::new();
    m.insert("attributes".to_owned(), Json::Object(attrs));
    m
}

fn render_row(table: &Table, row: &[Value], fields: &[FieldRef<'_>], version: &str) -> Json {
    let mut m = attributes(table, row, version);
    for f in fields {
        render_field(&mut m, row, &f.hops, f, version);
    }
    Json::Object(m)
}

/// Inserts a field, nesting parent records (`"Account": {"attributes": ..., "Name": ...}`) along its path.
fn render_field(
    m: &mut Map<String, Json>,
    row: &[Value],
    hops: &[Hop<'_>],
    f: &FieldRef<'_>,
    version: &str,
) {
    let Some((hop, rest)) = hops.split_first() else {
        m.insert(
            f.field.name.clone(),
            to_json(row.get(f.col).unwrap_or(&NULL)),
        );
        return;
    };
    let id = row.get(hop.col).unwrap_or(&NULL);
    let parent = if id.is_null() {
        None
    } else {
        hop.target.row_by_id(id)
    };
    match parent {
        None => {
            m.entry(hop.rel.clone()).or_insert(Json::Null);
        }
        Some(parent) => {
            let record = || Json::Object(attributes(hop.target, parent, version));
            let entry = m.entry(hop.rel.clone()).or_insert_with(record);
            if let Json::Object(sub) = entry {
                render_field(sub, parent, rest, f, version);
            }
        }
    }
}

fn render_group<'a>(rows: &[&'a [Value]], group_by: &[FieldRef<'a>], cols: &[AggCol<'a>]) -> Json {
    let mut attrs = Map::new();
    attrs.insert(
        "type".to_owned(),
        Json::String("AggregateResult".to_owned()),
    );
    let mut m = Map::new();
    m.insert("attributes".to_owned(), Json::Object(attrs));
    for col in cols {
        let (key, value) = match col {
            AggCol::Group { idx, name } => (name, group_value(rows, group_by, *idx).clone()),
            AggCol::Agg { key, func, f } => (key, aggregate(*func, f, rows)),
        };
        m.insert(key.clone(), to_json(&value));
    }
    Json::Object(m)
}

fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A value as Salesforce renders it in JSON (dateTimes as `2024-01-31T12:00:00.000+0000`).
fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::Text(s) => Json::String(s.clone()),
        Value::Date(d) => Json::String(format_date(*d)),
        Value::DateTime(t) => {
            let millis = (t.nanosecond() / 1_000_000).min(999);
            let date = format_date(t.date_naive());
            Json::String(format!(
                "{date}T{:02}:{:02}:{:02}.{millis:03}+0000",
                t.hour(),
                t.minute(),
                t.second()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn id(prefix: &str, n: u32) -> String {
        format!("{prefix}{n:012}AAA")
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Users Alice and Bob; five accounts (the fourth deleted); three contacts (the third without an account).
    fn db() -> Database {
        let mut user = Table::new(
            "User",
            vec![
                Field::new("Id", FieldType::Id),
                Field::new("Name", FieldType::String),
            ],
        );
        user.push(vec![id("005", 1).into(), "Alice".into()]);
        user.push(vec![id("005", 2).into(), "Bob".into()]);
        let mut account = Table::new(
            "Account",
            vec![
                Field::new("Id", FieldType::Id),
                Field::new("Name", FieldType::String),
                Field::new("Industry", FieldType::Picklist),
                Field::new("AnnualRevenue", FieldType::Currency),
                Field::new("NumberOfEmployees", FieldType::Int),
                Field::new("CreatedDate", FieldType::DateTime),
                Field::new("LastActivityDate", FieldType::Date),
                Field::new("IsDeleted", FieldType::Boolean),
                Field::reference("OwnerId", "User"),
            ],
        );
        let rows = [
            (
                "Acme",
                Some("Tech"),
                Some(1_000_000.0),
                100,
                (1, 0),
                Some(day(2024, 2, 1)),
                false,
                Some(1),
            ),
            (
                "Globex",
                None,
                Some(500_000.0),
                50,
                (2, 12),
                None,
                false,
                Some(2),
            ),
            (
                "initech",
                Some("tech"),
                None,
                10,
                (3, 0),
                None,
                false,
                Some(1),
            ),
            (
                "Deleted Co",
                Some("Retail"),
                Some(1.0),
                1,
                (4, 0),
                None,
                true,
                Some(1),
            ),
            (
                "O'Brien Ltd",
                Some("Retail"),
                Some(2_000_000.0),
                200,
                (5, 0),
                None,
                false,
                None,
            ),
        ];
        for (n, (name, industry, revenue, employees, (d, h), last, deleted, owner)) in
            (1..).zip(rows)
        {
            let created = day(2024, 1, d).and_hms_opt(h, 0, 0).unwrap().and_utc();
            account.push(vec![
                id("001", n).into(),
                name.into(),
                industry.into(),
                revenue.into(),
                Value::Int(employees),
                created.into(),
                last.into(),
                deleted.into(),
                owner.map(|o| id("005", o)).into(),
            ]);
        }
        let mut contact = Table::new(
            "Contact",
            vec![
                Field::new("Id", FieldType::Id),
                Field::new("LastName", FieldType::String),
                Field::reference("AccountId", "Account"),
            ],
        );
        for (n, (last, acc)) in
            (1..).zip([("Smith", Some(1)), ("Jones", Some(2)), ("Orphan", None)])
        {
            contact.push(vec![
                id("003", n).into(),
                last.into(),
                acc.map(|a| id("001", a)).into(),
            ]);
        }
        let mut db = Database::default();
        db.add(user);
        db.add(account);
        db.add(contact);
        db
    }

    fn query(soql: &str) -> Result<QueryOutput, SoqlError> {
        run(soql, &db(), "v59.0", false)
    }

    fn ok(soql: &str) -> QueryOutput {
        query(soql).unwrap_or_else(|e| panic!("{soql}: {e:?}"))
    }

    fn err(soql: &str) -> SoqlError {
        match query(soql) {
            Ok(out) => panic!("{soql}: expected an error, got {:?}", out.records),
            Err(e) => e,
        }
    }

    /// The `key` of every record as text ("<null>" for null).
    fn column(soql: &str, key: &str) -> Vec<String> {
        ok(soql)
            .records
            .iter()
            .map(|r| r[key].as_str().unwrap_or("<null>").to_owned())
            .collect()
    }

    /// The names of the accounts matching a WHERE condition.
    fn wher(cond: &str) -> Vec<String> {
        column(&format!("SELECT Name FROM Account WHERE {cond}"), "Name")
    }

    fn where_err(cond: &str) -> SoqlError {
        err(&format!("SELECT Name FROM Account WHERE {cond}"))
    }

    fn keys(record: &Json) -> Vec<&str> {
        record
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    #[test]
    fn fields_take_the_schema_case_and_values_render_like_salesforce() {
        let out = ok("select name, INDUSTRY from account where name = 'ACME'");
        assert_eq!(out.total_size, 1);
        let rec = &out.records[0];
        assert_eq!(keys(rec), ["attributes", "Name", "Industry"]);
        assert_eq!(rec["Name"], "Acme");
        let url = "/services/data/v59.0/sobjects/Account/001000000000001AAA";
        assert_eq!(rec["attributes"], json!({"type": "Account", "url": url}));
        let out = ok(
            "SELECT CreatedDate, LastActivityDate, AnnualRevenue, NumberOfEmployees, IsDeleted FROM Account",
        );
        let rec = &out.records[0];
        assert_eq!(rec["CreatedDate"], "2024-01-01T00:00:00.000+0000");
        assert_eq!(rec["LastActivityDate"], "2024-02-01");
        assert_eq!(rec["AnnualRevenue"], 1_000_000.0);
        assert_eq!(rec["NumberOfEmployees"], 100);
        assert_eq!(rec["IsDeleted"], false);
        assert!(out.records[1]["LastActivityDate"].is_null());
    }

    #[test]
    fn where_operators() {
        assert_eq!(wher("NumberOfEmployees > 50"), ["Acme", "O'Brien Ltd"]);
        assert_eq!(
            wher("NumberOfEmployees >= 50"),
            ["Acme", "Globex", "O'Brien Ltd"]
        );
        assert_eq!(wher("NumberOfEmployees < 50"), ["initech"]);
        assert_eq!(wher("NumberOfEmployees <= 50"), ["Globex", "initech"]);
        assert_eq!(wher("NumberOfEmployees = 100"), ["Acme"]);
        assert_eq!(
            wher("NumberOfEmployees != 100"),
            ["Globex", "initech", "O'Brien Ltd"]
        );
        assert_eq!(
            wher("NumberOfEmployees <> 100"),
            ["Globex", "initech", "O'Brien Ltd"]
        );
        assert_eq!(wher("NumberOfEmployees IN (10, 50)"), ["Globex", "initech"]);
        assert_eq!(
            wher("NumberOfEmployees NOT IN (10, 50)"),
            ["Acme", "O'Brien Ltd"]
        );
        assert_eq!(
            wher("AnnualRevenue > -1.5"),
            ["Acme", "Globex", "O'Brien Ltd"]
        );
        assert_eq!(wher("LastActivityDate = 2024-02-01"), ["Acme"]);
        assert_eq!(
            wher("CreatedDate < 2024-01-02T08:00:00-05:00"),
            ["Acme", "Globex"]
        );
        assert_eq!(
            wher("CreatedDate >= 2024-01-03T00:00:00.000Z"),
            ["initech", "O'Brien Ltd"]
        );
        assert_eq!(wher("IsDeleted = false").len(), 4);
        assert_eq!(wher("Id = '001000000000001AAA'"), ["Acme"]);
        assert_eq!(wher("Id = '001000000000001'"), ["Acme"]);
        assert!(wher("Id = '001000000000001aaa'").is_empty());
        assert_eq!(wher("Owner.Name = 'alice'"), ["Acme", "initech"]);
    }

    #[test]
    fn nulls_and_case_follow_salesforce() {
        assert_eq!(wher("Industry != 'Tech'"), ["Globex", "O'Brien Ltd"]);
        assert_eq!(wher("Industry = 'TECH'"), ["Acme", "initech"]);
        assert_eq!(wher("Industry = null"), ["Globex"]);
        assert_eq!(wher("Industry != null"), ["Acme", "initech", "O'Brien Ltd"]);
        assert_eq!(wher("NOT Industry = 'Tech'"), ["Globex", "O'Brien Ltd"]);
        assert_eq!(
            wher("Industry NOT IN ('retail')"),
            ["Acme", "Globex", "initech"]
        );
        assert_eq!(
            wher("Industry IN ('retail', null)"),
            ["Globex", "O'Brien Ltd"]
        );
        assert!(wher("AnnualRevenue < 0").is_empty());
        assert!(wher("Name = null AND LastActivityDate != null").is_empty());
    }

    #[test]
    fn like_patterns() {
        assert_eq!(wher("Name LIKE 'a%'"), ["Acme"]);
        assert_eq!(wher("Name LIKE '_LOBEX'"), ["Globex"]);
        assert_eq!(wher("Name LIKE '%TECH'"), ["initech"]);
        assert_eq!(wher("Name LIKE 'acm_'"), ["Acme"]);
        assert_eq!(wher("Name LIKE '%'").len(), 4);
        assert_eq!(wher(r"Name LIKE 'o\'b%'"), ["O'Brien Ltd"]);
        assert_eq!(
            wher("NOT Name LIKE 'a%'"),
            ["Globex", "initech", "O'Brien Ltd"]
        );
        assert!(wher(r"Name LIKE 'Acme\%'").is_empty());
        assert!(wher(&format!("Name LIKE '{}b'", "%a".repeat(200))).is_empty());
        assert!(!like_match(
            &[LikeChar::Many, LikeChar::Lit('b')],
            &['a'; 5000]
        ));
        assert_eq!(where_err(r"Name = 'Acme\%'").code, MALFORMED);
        assert_eq!(where_err("NumberOfEmployees LIKE '1%'").code, INVALID_FIELD);
    }

    #[test]
    fn string_escapes() {
        assert_eq!(wher(r"Name = 'O\'Brien Ltd'"), ["O'Brien Ltd"]);
        assert_eq!(wher(r"Name = '\u0041cme'"), ["Acme"]);
        assert!(wher(r#"Name = 'tab\there\n\r\b\f\\\"'"#).is_empty());
        let e = where_err("Name = 'O''Brien Ltd'");
        assert_eq!(e.code, MALFORMED);
        assert!(
            e.message
                .starts_with("ERROR at Row:1:Column:42\nunexpected token: "),
            "{}",
            e.message
        );
        let bad = [
            r"Name = 'a\qb'",
            r#"Name = "Acme""#,
            "Name = 'Acme",
            r"Name = 'x\",
            r"Name = '\u00'",
        ];
        for bad in bad.into_iter().chain([r"Name = '\uD800'"]) {
            assert_eq!(where_err(bad).code, MALFORMED, "{bad}");
        }
    }

    #[test]
    fn and_or_need_parentheses_to_mix() {
        assert_eq!(
            where_err("Name = 'Acme' AND Industry = 'Tech' OR Name = 'Globex'").code,
            MALFORMED
        );
        assert_eq!(
            where_err("Name = 'Acme' OR Name = 'Globex' AND Industry = null").code,
            MALFORMED
        );
        assert_eq!(
            wher("Name = 'Acme' AND (Industry = 'Tech' OR Name = 'Globex')"),
            ["Acme"]
        );
        assert_eq!(
            wher("(Name = 'Acme' AND Industry = 'Tech') OR Name = 'Globex'"),
            ["Acme", "Globex"]
        );
        assert_eq!(
            wher("NOT (Name = 'Acme' OR Name = 'Globex')"),
            ["initech", "O'Brien Ltd"]
        );
        assert_eq!(
            wher("Name = 'Acme' or Name = 'Globex' OR Name = 'initech'"),
            ["Acme", "Globex", "initech"]
        );
    }

    #[test]
    fn literals_must_match_the_field_type() {
        let cases = [
            (
                "CreatedDate > 2024-01-01",
                "field 'CreatedDate' must be of type dateTime and should not be enclosed",
            ),
            (
                "LastActivityDate = '2024-02-01'",
                "field 'LastActivityDate' must be of type date and should not be",
            ),
            (
                "Name = 5",
                "value of filter criterion for field 'Name' must be of type string and should be enclosed in",
            ),
            ("NumberOfEmployees = '5'", "must be of type integer"),
            ("AnnualRevenue = true", "must be of type double"),
            ("IsDeleted = 'false'", "must be of type boolean"),
            ("Industry IN ('Tech', 1)", "must be of type string"),
        ];
        for (cond, message) in cases {
            let e = where_err(cond);
            assert_eq!(e.code, INVALID_FIELD, "{cond}");
            assert!(e.message.contains(message), "{cond}: {}", e.message);
        }
        assert_eq!(err("SELECT SUM(Name) FROM Account").code, INVALID_FIELD);
    }

    #[test]
    fn unknown_objects_fields_and_relationships() {
        let e = err("SELECT Id FROM Foo");
        assert_eq!(e.code, INVALID_TYPE);
        let expected = "ERROR at Row:1:Column:16\nsObject type 'Foo' is not supported.";
        assert!(e.message.starts_with(expected), "{}", e.message);
        let e = err("SELECT Foo FROM Account");
        assert_eq!(e.code, INVALID_FIELD);
        let expected = "ERROR at Row:1:Column:8\nNo such column 'Foo' on entity 'Account'. If you are attempting";
        assert!(e.message.starts_with(expected), "{}", e.message);
        assert_eq!(
            err("SELECT Id FROM Account WHERE Bar = 1").code,
            INVALID_FIELD
        );
        assert!(
            err("SELECT Foo.Name FROM Contact")
                .message
                .contains("Didn't understand relationship 'Foo' in field")
        );
        assert!(
            err("SELECT LastName.Name FROM Contact")
                .message
                .contains("relationship 'LastName'")
        );
        assert!(
            err("SELECT Account.Foo FROM Contact")
                .message
                .contains("No such column 'Foo' on entity 'Account'")
        );
        assert!(
            err("SELECT Id\nFROM Foo")
                .message
                .starts_with("ERROR at Row:2:Column:6\n")
        );
    }

    #[test]
    fn parent_relationships_nest() {
        let out = ok("SELECT LastName, account.name, Account.Industry FROM Contact");
        assert_eq!(out.total_size, 3);
        let first = &out.records[0];
        assert_eq!(keys(first), ["attributes", "LastName", "Account"]);
        assert_eq!(keys(&first["Account"]), ["attributes", "Name", "Industry"]);
        let url = "/services/data/v59.0/sobjects/Account/001000000000001AAA";
        let expected = json!({"attributes": {"type": "Account", "url": url}, "Name": "Acme", "Industry": "Tech"});
        assert_eq!(first["Account"], expected);
        assert!(out.records[2]["Account"].is_null());
        let two = ok("SELECT Account.Owner.Name FROM Contact WHERE Account.Name = 'acme'");
        assert_eq!(two.records[0]["Account"]["Owner"]["Name"], "Alice");
        let last_names = |soql: &str| column(soql, "LastName");
        assert_eq!(
            last_names("SELECT LastName FROM Contact WHERE Account.Name != 'Acme'"),
            ["Jones", "Orphan"]
        );
        assert_eq!(
            last_names("SELECT LastName FROM Contact WHERE Contact.Account.Industry = 'TECH'"),
            ["Smith"]
        );
        assert_eq!(
            last_names("SELECT LastName FROM Contact ORDER BY Account.Name DESC"),
            ["Jones", "Smith", "Orphan"]
        );
    }

    #[test]
    fn order_by_places_nulls_and_ignores_case() {
        let names = |tail: &str| column(&format!("SELECT Name FROM Account {tail}"), "Name");
        assert_eq!(names(""), ["Acme", "Globex", "initech", "O'Brien Ltd"]);
        assert_eq!(
            names("ORDER BY Industry"),
            ["Globex", "O'Brien Ltd", "Acme", "initech"]
        );
        assert_eq!(
            names("ORDER BY Industry DESC"),
            ["Acme", "initech", "O'Brien Ltd", "Globex"]
        );
        assert_eq!(
            names("ORDER BY Industry ASC NULLS LAST"),
            ["O'Brien Ltd", "Acme", "initech", "Globex"]
        );
        assert_eq!(
            names("ORDER BY AnnualRevenue DESC NULLS FIRST"),
            ["initech", "O'Brien Ltd", "Acme", "Globex"]
        );
        assert_eq!(
            names("ORDER BY Name DESC"),
            ["O'Brien Ltd", "initech", "Globex", "Acme"]
        );
        assert_eq!(
            names("ORDER BY Industry, Name DESC"),
            ["Globex", "O'Brien Ltd", "initech", "Acme"]
        );
    }

    #[test]
    fn limit_and_offset() {
        let out = ok("SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1");
        assert_eq!(out.total_size, 2);
        assert_eq!(out.records[0]["Name"], "Globex");
        assert_eq!(out.records[1]["Name"], "initech");
        assert_eq!(ok("SELECT Name FROM Account LIMIT 0").total_size, 0);
        assert_eq!(ok("SELECT Name FROM Account OFFSET 10").total_size, 0);
        assert_eq!(ok("SELECT Name FROM Account OFFSET 2000").total_size, 0);
        assert_eq!(
            ok("SELECT Name FROM Account LIMIT 99999999999999999999999999").total_size,
            4
        );
        let e = err("SELECT Name FROM Account OFFSET 2001");
        assert_eq!(e.code, OUT_OF_RANGE);
        assert!(e.message.contains("Maximum SOQL offset allowed is 2000"));
        for bad in [
            "LIMIT -1",
            "LIMIT 1.5",
            "LIMIT abc",
            "LIMIT",
            "OFFSET -3",
            "LIMIT 1 LIMIT 2",
        ] {
            assert_eq!(
                err(&format!("SELECT Name FROM Account {bad}")).code,
                MALFORMED,
                "{bad}"
            );
        }
    }

    #[test]
    fn count_star_and_query_all() {
        let out = ok("SELECT COUNT() FROM Account");
        assert_eq!((out.total_size, out.records.len()), (4, 0));
        assert_eq!(
            run("SELECT COUNT() FROM Account", &db(), "v59.0", true)
                .unwrap()
                .total_size,
            5
        );
        assert_eq!(
            ok("select count() from Account where Industry = 'TECH'").total_size,
            2
        );
        assert_eq!(ok("SELECT COUNT() FROM Account LIMIT 1").total_size, 1);
        assert_eq!(
            ok("SELECT COUNT() FROM Account GROUP BY Industry").total_size,
            3
        );
        assert_eq!(err("SELECT COUNT(), Name FROM Account").code, MALFORMED);
        assert_eq!(err("SELECT Name, COUNT() FROM Account").code, MALFORMED);
        let all = run(
            "SELECT Name FROM Account WHERE IsDeleted = true",
            &db(),
            "v59.0",
            true,
        )
        .unwrap();
        assert_eq!(all.records[0]["Name"], "Deleted Co");
    }

    #[test]
    fn aggregates_with_group_by_aliases_and_expr_names() {
        let out = ok(
            "SELECT Industry, COUNT(Id) cnt, SUM(NumberOfEmployees), MAX(AnnualRevenue) FROM Account \
                      GROUP BY Industry ORDER BY COUNT(Id) DESC, Industry",
        );
        assert_eq!(out.total_size, 3);
        assert_eq!(
            keys(&out.records[0]),
            ["attributes", "Industry", "cnt", "expr0", "expr1"]
        );
        let row = |industry: Json, cnt: i64, sum: i64, max: f64| {
            let attributes = json!({"type": "AggregateResult"});
            json!({"attributes": attributes, "Industry": industry, "cnt": cnt, "expr0": sum, "expr1": max})
        };
        let tech = row(json!("Tech"), 2, 110, 1e6);
        assert_eq!(
            out.records,
            [
                tech,
                row(Json::Null, 1, 50, 5e5),
                row(json!("Retail"), 1, 200, 2e6)
            ]
        );

        let out = ok(
            "SELECT COUNT(Id), AVG(NumberOfEmployees) avgSize, COUNT_DISTINCT(Industry), MIN(Name), MAX(Name) \
                      FROM Account",
        );
        assert_eq!(out.total_size, 1);
        let rec = &out.records[0];
        assert_eq!(
            keys(rec),
            ["attributes", "expr0", "avgSize", "expr1", "expr2", "expr3"]
        );
        assert_eq!(rec["expr0"], 4);
        assert_eq!(rec["avgSize"], 90.0);
        assert_eq!(rec["expr1"], 2);
        assert_eq!(rec["expr2"], "Acme");
        assert_eq!(rec["expr3"], "O'Brien Ltd");

        let empty = ok("SELECT SUM(NumberOfEmployees), MIN(Name) FROM Account WHERE Name = 'zzz'");
        assert_eq!(empty.total_size, 1);
        assert!(empty.records[0]["expr0"].is_null() && empty.records[0]["expr1"].is_null());
        let by_parent = "SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name";
        assert_eq!(column(by_parent, "Name"), ["Acme", "Globex", "<null>"]);
        assert_eq!(
            column("SELECT Industry FROM Account GROUP BY Industry", "Industry"),
            ["Tech", "<null>", "Retail"]
        );
        let e = err("SELECT Name, COUNT(Id) FROM Account");
        assert_eq!(e.code, MALFORMED);
        assert!(
            e.message
                .ends_with("Field must be grouped or aggregated: Name"),
            "{}",
            e.message
        );
        assert_eq!(
            err("SELECT Industry FROM Account GROUP BY Industry ORDER BY Name").code,
            MALFORMED
        );
        assert_eq!(
            err("SELECT Industry FROM Account GROUP BY Industry HAVING COUNT(Id) > 1").code,
            MALFORMED
        );
    }

    #[test]
    fn deep_nesting_and_long_chains_do_not_overflow() {
        let nested = |n: usize| format!("{}Name = 'Acme'{}", "(".repeat(n), ")".repeat(n));
        assert_eq!(where_err(&nested(10_000)).code, MALFORMED);
        assert_eq!(where_err(&"NOT ".repeat(10_000)).code, MALFORMED);
        assert_eq!(wher(&nested(32)), ["Acme"]);
        assert_eq!(where_err(&nested(33)).code, MALFORMED);
        assert_eq!(
            wher(&format!("{}Name = 'Acme'", "NOT NOT ".repeat(16))),
            ["Acme"]
        );
        let ors: Vec<String> = (0..50_000)
            .map(|i| format!("NumberOfEmployees = {i}"))
            .collect();
        let soql = format!("SELECT Name FROM Account WHERE {}", ors.join(" OR "));
        assert!(err(&soql).message.contains("Query is too long"));
        assert_eq!(
            evaluate(&soql, &db(), "v59.0", false).unwrap().total_size,
            4
        );
        let ands: Vec<String> = (0..50_000).map(|i| format!("Name != 'x{i}'")).collect();
        let soql = format!("SELECT Name FROM Account WHERE {}", ands.join(" AND "));
        assert_eq!(
            evaluate(&soql, &db(), "v59.0", false).unwrap().total_size,
            4
        );
    }

    #[test]
    fn hostile_input_gives_errors_not_panics() {
        let bad = [
            "",
            "   ",
            "SELECT",
            "SELECT Id",
            "SELECT Id FROM",
            "SELECT FROM Account",
            "SELECT Id FROM Account WHERE",
            "é",
            "\\",
            "'",
            "\u{0}",
            "SELECT Ä FROM Account",
            "SELECT Id FROM Account WHERE Name = 'é\\",
            "SELECT Id FROM Account WHERE CreatedDate > LAST_N_DAYS:30",
            "SELECT FIELDS(ALL) FROM Account",
            "SELECT Id, (SELECT Id FROM Contacts) FROM Account",
            "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)",
            "SELECT Id FROM Account WITH SECURITY_ENFORCED",
            "SELECT Id FROM Account FOR UPDATE",
            "SELECT TYPEOF Owner WHEN User THEN Name END FROM Account",
            "SELECT Id FROM Account WHERE Name = 'a' extra",
            "SELECT Id FROM Account WHERE CreatedDate > 2024-13-45T99:99:99Z",
            "SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00",
            "SELECT Id FROM Account WHERE Name ! 'a'",
            "SELECT Id FROM Account ORDER BY",
            "SELECT Id FROM Account ORDER BY Name NULLS",
            "SELECT COUNT( FROM Account",
            "SELECT Id FROM Account.Name",
            "SELECT Id FROM Account WHERE Name IN ()",
            "SELECT Id FROM Account WHERE Name NOT LIKE 'a'",
            "SELECT Id,, Name FROM Account",
            "SELECT Id FROM Account WHERE Name = 'a' AND",
            "SELECT Id FROM Account WHERE ()",
            "SELECT Account.Account.Account.Account.Account.Account.Name FROM Contact",
        ];
        for soql in bad {
            assert!(query(soql).is_err(), "{soql:?} should fail");
        }
        for soql in [
            "SELECT Id FROM Account WHERE NumberOfEmployees = 99999999999999999999999",
            "SELECT Name FROM Account WHERE Name LIKE '%é_%'",
            "SELECT Name FROM Account WHERE Name = 'Ünïcödé ✓ 日本'",
        ] {
            assert!(query(soql).is_ok(), "{soql:?}");
        }
    }
}
