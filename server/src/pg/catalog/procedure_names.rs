//! `regproc` columns compared by procedure name.

use aos_engine::sql::Rule;
use datafusion::sql::sqlparser::ast::{Expr, Ident, Value};

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
pub(super) struct CatalogProcedureNames;

impl Rule for CatalogProcedureNames {
    fn rewrite_expr(&self, expr: &mut Expr) {
        let Some(other) = super::compared_with(expr, CATALOG_PROCEDURE_COLUMNS) else {
            return;
        };
        // `pg_proc.oid = a.typreceive` (Npgsql's type loading): the procedure by its name.
        if let Expr::CompoundIdentifier(idents) = &mut *other
            && idents.len() == 2
            && idents[1].value.eq_ignore_ascii_case("oid")
        {
            idents[1] = Ident::new("proname");
            return;
        }
        let Expr::Cast {
            expr: operand,
            data_type,
            ..
        } = &*other
        else {
            return;
        };
        let is_regproc = data_type
            .to_string()
            .to_ascii_lowercase()
            .trim_start_matches("pg_catalog.")
            == "regproc";
        let Expr::Value(value) = operand.as_ref() else {
            return;
        };
        if let (true, Value::SingleQuotedString(name)) = (is_regproc, &value.value) {
            let name = name.strip_prefix("pg_catalog.").unwrap_or(name).to_string();
            *other = Expr::Value(Value::SingleQuotedString(name).with_empty_span());
        }
    }
}
