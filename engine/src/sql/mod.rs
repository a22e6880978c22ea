//! The one SQL front end every protocol calls (pgwire, HTTP, Flight SQL, `aos query`): a query's text
//! goes in, a plan comes out, with the same meaning and the same errors whichever port it came from.
//!
//! In order: parse with the PostgreSQL dialect; refuse what would write ([`refuse_writes`]); apply the
//! rewrite rules ([`rules`]); expand `nlq('...')` ([`nlq`]); plan with DataFusion; and, when DataFusion
//! cannot plan a catalog query at all, plan its known empty equivalent instead ([`known_empty`]).
//!
//! The engine registers the functions the rules call. A front end may add rules of its own
//! ([`crate::Engine::add_compatibility_rules`], pgwire's catalog rules), which then apply on every port.

pub(crate) mod json;
mod known_empty;
mod nlq;
pub(crate) mod rules;

use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{DataFrame, SQLOptions, SessionContext};
use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::Statement;
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
use datafusion::sql::sqlparser::parser::Parser;

pub use json::{JSON_EXTENSION, is_json};
pub use rules::ast::function as call;
pub use rules::{Rule, Step};

use crate::{Engine, Error, Freshness, Result};

/// The parser, rules and fallback of one engine.
#[derive(Debug)]
pub(crate) struct Frontend {
    rules: rules::Rules,
    known_empty: known_empty::KnownEmpty,
}

impl Frontend {
    /// The front end of `context`, whose functions the rules need are registered here.
    pub(crate) fn new(context: &SessionContext) -> Self {
        for udf in json::functions() {
            context.register_udf(udf);
        }
        context.register_udf(rules::like_escape::like_escape());
        context.register_udaf(rules::single_value_subquery::scalar_subquery_value());
        let aggregates = context
            .state()
            .aggregate_functions()
            .keys()
            .map(|name| name.to_ascii_lowercase())
            .collect();
        Self {
            rules: rules::Rules::new(aggregates),
            known_empty: known_empty::KnownEmpty::new(),
        }
    }

    pub(crate) fn add_compatibility(&mut self, steps: impl IntoIterator<Item = Step>) {
        self.rules.add_compatibility(steps);
    }
}

/// Refuses statements that would change data or the session every client shares (DDL, DML, COPY, ...).
/// Queries, `EXPLAIN`, `SHOW` and the session statements a wire protocol answers itself (`SET`,
/// transactions, cursors) pass.
pub fn refuse_writes(statement: &Statement) -> Result<()> {
    let allowed = matches!(
        statement,
        Statement::Query(_)
            | Statement::Explain { .. }
            | Statement::ExplainTable { .. }
            | Statement::Set(_)
            | Statement::Reset(_)
            | Statement::ShowVariable { .. }
            | Statement::ShowVariables { .. }
            | Statement::ShowTables { .. }
            | Statement::ShowColumns { .. }
            | Statement::ShowSchemas { .. }
            | Statement::StartTransaction { .. }
            | Statement::Commit { .. }
            | Statement::Rollback { .. }
            | Statement::Savepoint { .. }
            | Statement::ReleaseSavepoint { .. }
            | Statement::Declare { .. }
            | Statement::Fetch { .. }
            | Statement::Close { .. }
            | Statement::Discard { .. }
            | Statement::Deallocate { .. }
    );
    if allowed {
        return Ok(());
    }
    let text = statement.to_string();
    let verb: String = text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    Err(Error::ReadOnly(format!(
        "cannot execute {verb}: aos serves read-only queries"
    )))
}

/// What a client may plan on the shared session: queries only.
pub(crate) fn read_only() -> SQLOptions {
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
}

impl Engine {
    /// The statements of `sql`, parsed as PostgreSQL and rewritten for DataFusion.
    pub fn parse(&self, sql: &str) -> Result<Vec<Statement>> {
        let statements = Parser::parse_sql(&PostgreSqlDialect {}, sql)?;
        Ok(statements
            .into_iter()
            .map(|s| self.frontend.rules.rewrite(s))
            .collect())
    }

    /// Adds a front end's rewrite rules (pgwire's catalog compatibility), which then apply to every
    /// statement on every port, after the general rules and before the engine's own.
    pub fn add_compatibility_rules(&mut self, steps: impl IntoIterator<Item = Step>) {
        self.frontend.add_compatibility(steps);
    }

    /// The logical plan of `statement`, the `index`th statement of `sql` as [`Engine::parse`] returned
    /// it: writes refused, `nlq('...')` expanded, planned read-only.
    ///
    /// A few catalog queries of psql and pgcli cannot be planned by DataFusion at all (`\d`'s
    /// publication footer calls `generate_series` over a correlated column). datafusion-pg-catalog
    /// keeps a list of them with equivalent queries over the objects aos never has (publications,
    /// policies, ...), which answer no rows. That list is used here, and only when DataFusion could not
    /// plan the statement and the replacement is such an empty answer.
    ///
    /// With `freshness` live (or a leading `/* aos.freshness = 'live' */` in `sql`), accelerated tables
    /// are read from their sources instead of their copies.
    pub async fn plan_statement(
        &self,
        sql: &str,
        index: usize,
        mut statement: Statement,
        freshness: Freshness,
    ) -> Result<LogicalPlan> {
        refuse_writes(&statement)?;
        nlq::expand(self, &mut statement).await?;
        let state = self.context.state();
        let plan = match state
            .statement_to_plan(DfStatement::Statement(Box::new(statement)))
            .await
        {
            Ok(plan) => plan,
            Err(error) => match self.frontend.known_empty.replacement(sql, index) {
                Some(replacement) => {
                    tracing::debug!(%replacement, "catalog query answered by its empty equivalent");
                    state
                        .statement_to_plan(DfStatement::Statement(Box::new(replacement)))
                        .await?
                }
                None => return Err(error.into()),
            },
        };
        read_only().verify_plan(&plan)?;
        match Freshness::hinted(sql).unwrap_or(freshness) {
            Freshness::Live => Ok(crate::accelerate::live_plan(plan)?),
            Freshness::Default => Ok(plan),
        }
    }

    /// Plans `sql`, which must hold exactly one read-only statement, without running it: its schema,
    /// its parameters (`$1`), and a frame for [`Engine::execute_frame`].
    pub async fn plan(&self, sql: &str) -> Result<DataFrame> {
        self.plan_with(sql, Freshness::Default).await
    }

    /// [`Engine::plan`], reading accelerated tables as `freshness` says.
    pub async fn plan_with(&self, sql: &str, freshness: Freshness) -> Result<DataFrame> {
        let mut statements = self.parse(sql)?;
        let statement = match statements.len() {
            1 => statements.remove(0),
            0 => return Err(Error::Statement("the query is empty".into())),
            n => {
                return Err(Error::Statement(format!(
                    "one statement at a time, please: this text holds {n}"
                )));
            }
        };
        let plan = self.plan_statement(sql, 0, statement, freshness).await?;
        Ok(self.context.execute_logical_plan(plan).await?)
    }

    /// The NLQ's answer to `question`, asked as `persona` (cfo, cro, coo, cto): the SQL, its rows,
    /// the confidence, the trend or the dashboard.
    pub async fn ask(&self, question: &str, persona: Option<&str>) -> Result<crate::Answer> {
        self.ask.answer(self, question, persona).await
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::{Engine, EngineConfig, ErrorKind};

    /// An engine without sources, planning on 2 partitions so plans print the same everywhere.
    async fn engine() -> Engine {
        let config = EngineConfig {
            target_partitions: Some(2),
            ..EngineConfig::default()
        };
        Engine::new(&config, &[], None, &[], Path::new("."))
            .await
            .unwrap()
    }

    async fn plan(engine: &Engine, sql: &str) -> String {
        let frame = engine
            .plan(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        frame.logical_plan().display_indent().to_string()
    }

    async fn error_kind(engine: &Engine, sql: &str) -> ErrorKind {
        let error = engine
            .plan(sql)
            .await
            .err()
            .unwrap_or_else(|| panic!("{sql} planned"));
        ErrorKind::of(&error)
    }

    #[tokio::test]
    async fn postgres_sql_is_planned_through_the_rules() {
        let engine = engine().await;
        insta::assert_snapshot!(
            "json_cast",
            plan(&engine, "SELECT '{\"a\":1}'::json AS j").await
        );
        insta::assert_snapshot!(
            "array_subquery",
            plan(&engine, "SELECT ARRAY(SELECT 1) AS a").await
        );
        insta::assert_snapshot!(
            "like_escape",
            plan(&engine, "SELECT 'a_b' LIKE 'a/_b' ESCAPE '/' AS m").await
        );
    }

    #[tokio::test]
    async fn what_is_not_one_read_only_query_is_refused_by_kind() {
        let engine = engine().await;
        for sql in [
            "INSERT INTO t VALUES (1)",
            "CREATE TABLE t (a INT)",
            "DROP TABLE t",
            "COPY t TO 'x'",
            "SET datafusion.execution.batch_size = 1",
        ] {
            assert_eq!(error_kind(&engine, sql).await, ErrorKind::ReadOnly, "{sql}");
        }
        assert_eq!(error_kind(&engine, "SELEKT 1").await, ErrorKind::Syntax);
        assert_eq!(error_kind(&engine, "").await, ErrorKind::Syntax);
        assert_eq!(
            error_kind(&engine, "SELECT 1; SELECT 2").await,
            ErrorKind::Syntax
        );
    }

    #[tokio::test]
    async fn nlq_needs_the_ontology_and_one_literal_question() {
        let engine = engine().await;
        assert_eq!(
            error_kind(&engine, "SELECT * FROM nlq('what is our MRR?')").await,
            ErrorKind::NlqUnavailable
        );
        assert_eq!(
            error_kind(&engine, "SELECT * FROM nlq(1)").await,
            ErrorKind::BadQuestion
        );
        assert_eq!(
            ErrorKind::of(&engine.ask("what is our MRR?", None).await.err().unwrap()),
            ErrorKind::NlqUnavailable
        );
    }
}
