//! What PostgreSQL clients expect of the catalog, installed into the engine so that it holds on every
//! port: `pg_catalog` (datafusion-pg-catalog's, with our [`overlay`]), the functions drivers and BI
//! tools call while connecting ([`functions`]), and the rewrites of catalog-only SQL (regclass casts,
//! procedure names, catalog array columns, `_pg_expandarray`), one per file.

mod array_literals;
mod computed_regclass;
mod expand_array;
pub(crate) mod functions;
mod overlay;
mod procedure_names;

use std::sync::Arc;

use aos_engine::sql::Step;
use aos_engine::{CATALOG, Engine};
use datafusion::sql::sqlparser::ast::{BinaryOperator, Expr};
use datafusion_pg_catalog::pg_catalog::context::EmptyContextProvider;
use datafusion_pg_catalog::sql::rules::{PrependUnqualifiedPgTableName, RewriteRegCastToSubquery};

/// The other operand of `expr` when it is `column = other` or `column <> other` (either way round)
/// and `column` names one of `columns` (bare or qualified).
fn compared_with<'a>(expr: &'a mut Expr, columns: &[&str]) -> Option<&'a mut Expr> {
    let Expr::BinaryOp {
        left,
        op: BinaryOperator::Eq | BinaryOperator::NotEq,
        right,
    } = expr
    else {
        return None;
    };
    let names = |e: &Expr| match e {
        Expr::Identifier(ident) => columns.contains(&ident.value.as_str()),
        Expr::CompoundIdentifier(idents) => idents
            .last()
            .is_some_and(|i| columns.contains(&i.value.as_str())),
        _ => false,
    };
    if names(left) {
        Some(right.as_mut())
    } else if names(right) {
        Some(left.as_mut())
    } else {
        None
    }
}

/// Registers `pg_catalog`, the client functions and the catalog rewrites in `engine`.
pub(crate) fn install(engine: &mut Engine) -> Result<(), String> {
    let context = engine.context();
    datafusion_pg_catalog::setup_pg_catalog(context, CATALOG, EmptyContextProvider)
        .map_err(|e| format!("cannot set up pg_catalog: {e}"))?;
    overlay::overlay_pg_catalog(context, CATALOG)?;
    for udf in functions::client_functions() {
        context.register_udf(udf);
    }
    // PostgreSQL's format('%I.%I', schema, table), which Metabase casts to regclass.
    context.register_udf(datafusion_pg_functions::string::format::create_format_udf());
    engine.add_compatibility_rules(rules());
    Ok(())
}

/// The catalog rewrites, in order.
fn rules() -> Vec<Step> {
    vec![
        Step::Upstream(Arc::new(PrependUnqualifiedPgTableName)),
        Step::Rule(Arc::new(procedure_names::CatalogProcedureNames)),
        Step::Rule(Arc::new(computed_regclass::ComputedRegclass)),
        Step::Upstream(Arc::new(RewriteRegCastToSubquery::new())),
        Step::Rule(Arc::new(array_literals::CatalogArrayLiterals)),
        Step::Rule(Arc::new(expand_array::UnnestExpandArray)),
    ]
}

#[cfg(test)]
mod tests {
    use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
    use datafusion::sql::sqlparser::parser::Parser;

    /// `sql` through the catalog rules alone.
    fn rewritten(sql: &str) -> String {
        let steps = super::rules();
        Parser::parse_sql(&PostgreSqlDialect {}, sql)
            .unwrap()
            .into_iter()
            .map(|s| steps.iter().fold(s, |s, step| step.apply(s)).to_string())
            .collect::<Vec<_>>()
            .join("; ")
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
    fn expanded_arrays_are_unnested() {
        assert_eq!(
            rewritten("SELECT (_pg_expandarray(i.indkey)).n FROM pg_index i"),
            "SELECT (unnest(_pg_expandarray(i.indkey))).n FROM pg_catalog.pg_index i"
        );
    }
}
