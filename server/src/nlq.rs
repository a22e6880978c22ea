//! Natural-language questions, answered: `aos-nlq` turns a question into SQL, this module runs that SQL
//! (and the trend's and each dashboard widget's) on the engine like any client's query, and shapes the
//! answer for `POST /v1/nlq`, `aos nlq` and `SELECT * FROM nlq('...')` over pgwire.
//!
//! The vocabulary (dimension values: industries, stages, countries, plans, vendors, account names) and
//! "today" (the latest day of `ontology.usage`, as the declared metrics use, unless `[nlq] today` is set)
//! are learned from the data on the first question.

use std::ops::ControlFlow;
use std::sync::Arc;

use aos_engine::Engine;
use aos_nlq::llm::Llm;
use aos_nlq::{Interpretation, Level, Nlq, TrendPlan, Vocabulary, WidgetPlan};
use chrono::NaiveDate;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::sql::sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, Ident, Statement, TableAlias, TableFactor, Value, VisitMut,
    VisitorMut,
};
use datafusion::sql::sqlparser::dialect::PostgreSqlDialect;
use datafusion::sql::sqlparser::parser::Parser;
use futures::TryStreamExt;
use serde_json::json;
use tokio_util::sync::CancellationToken;

use crate::config::NlqConfig;
use crate::output::{Encoder, Format};

/// Why a question got no answer.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AskError {
    /// The question itself (empty, too long, unknown persona).
    #[error(transparent)]
    Question(#[from] aos_nlq::Error),
    /// NLQ cannot run here.
    #[error("{0}")]
    Unavailable(String),
    /// A query NLQ ran failed.
    #[error(transparent)]
    Query(#[from] aos_engine::Error),
}

/// The NLQ service over one engine.
pub(crate) struct Ask {
    engine: Arc<Engine>,
    today: Option<NaiveDate>,
    llm: Option<Llm>,
    nlq: tokio::sync::OnceCell<Nlq>,
}

impl Ask {
    /// NLQ over `engine` as `config` sets it up: the day questions are relative to, and the LLM asked
    /// when the parser is not confident. An unset API key variable is an error.
    pub(crate) fn new(engine: Arc<Engine>, config: &NlqConfig) -> Result<Self, String> {
        let llm = match config.llm()? {
            Some(llm) => Some(Llm::new(&llm).map_err(|e| e.to_string())?),
            None => None,
        };
        Ok(Ask {
            engine,
            today: config.today,
            llm,
            nlq: tokio::sync::OnceCell::new(),
        })
    }

    /// The NLQ, its vocabulary learned from the data on first use.
    pub(crate) async fn nlq(&self) -> Result<&Nlq, AskError> {
        self.nlq.get_or_try_init(|| self.learn()).await
    }

    async fn learn(&self) -> Result<Nlq, AskError> {
        let has_ontology = self
            .engine
            .context()
            .catalog(aos_engine::CATALOG)
            .and_then(|c| c.schema("ontology"))
            .is_some();
        if !has_ontology {
            return Err(AskError::Unavailable(
                "natural-language questions need the ontology: add an [ontology] section to the config".into(),
            ));
        }
        let mut vocabulary = Vocabulary::new();
        for d in aos_nlq::model::DIMENSIONS.iter().filter(|d| d.learned) {
            let values = self.strings(&d.values_sql()).await?;
            vocabulary.learn(d.name, values);
        }
        let today = match self.today {
            Some(day) => day,
            None => self
                .strings("SELECT CAST(max(day) AS VARCHAR) FROM ontology.usage")
                .await?
                .first()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        };
        tracing::info!(%today, "NLQ vocabulary learned");
        Ok(Nlq::new(vocabulary, today))
    }

    async fn batches(
        &self,
        sql: &str,
    ) -> Result<(datafusion::arrow::datatypes::SchemaRef, Vec<RecordBatch>), AskError> {
        let stream = self
            .engine
            .execute(sql, self.engine.guard(CancellationToken::new()))
            .await?;
        let schema = stream.schema();
        let batches = stream
            .try_collect()
            .await
            .map_err(aos_engine::Error::from)?;
        Ok((schema, batches))
    }

    async fn strings(&self, sql: &str) -> Result<Vec<String>, AskError> {
        let (_, batches) = self.batches(sql).await?;
        let mut out = Vec::new();
        for batch in &batches {
            let column = batch.column(0);
            for row in 0..batch.num_rows() {
                if column.is_valid(row)
                    && let Ok(s) = array_value_to_string(column, row)
                {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }

    /// The columns (`[{name, type}]`) and rows (arrays of JSON values) of `sql`.
    pub(crate) async fn rows(
        &self,
        sql: &str,
    ) -> Result<(serde_json::Value, serde_json::Value), AskError> {
        let (schema, batches) = self.batches(sql).await?;
        let encoded = encode(&schema, &batches)
            .map_err(|e| AskError::Unavailable(format!("cannot encode the answer: {e}")))?;
        let mut value: serde_json::Value = serde_json::from_slice(&encoded)
            .map_err(|e| AskError::Unavailable(format!("cannot encode the answer: {e}")))?;
        Ok((value["columns"].take(), value["rows"].take()))
    }

    /// The whole answer to `question`, as `POST /v1/nlq` returns it.
    pub(crate) async fn answer(
        &self,
        question: &str,
        persona: Option<&str>,
    ) -> Result<serde_json::Value, AskError> {
        let interpretation = self.interpret(question, persona).await?;
        self.run(question, persona, interpretation).await
    }

    /// What the parser makes of `question`; when it is not confident and an LLM is configured, what the
    /// LLM proposes instead, if that passes the same validation. The LLM failing or proposing nothing
    /// valid leaves the parser's answer, with the reason added.
    pub(crate) async fn interpret(
        &self,
        question: &str,
        persona: Option<&str>,
    ) -> Result<Interpretation, AskError> {
        let nlq = self.nlq().await?;
        let mut parsed = nlq.interpret(question, persona)?;
        let Some(llm) = &self.llm else {
            return Ok(parsed);
        };
        if parsed.confidence.level != Level::Low || parsed.dashboard.is_some() {
            return Ok(parsed);
        }
        let persona = persona.and_then(aos_nlq::model::persona);
        let proposer = format!("the LLM ({})", llm.model());
        let reason = match llm
            .propose(question, persona, nlq.vocabulary(), nlq.today())
            .await
        {
            Ok(query) => {
                let proposed = nlq.plan_proposal(query, &proposer);
                if proposed.confidence.level != Level::Low {
                    return Ok(proposed);
                }
                format!(
                    "{proposer} proposed no usable query: {}",
                    proposed.confidence.reasons.join("; ")
                )
            }
            Err(e) => {
                tracing::warn!(error = %e, "NLQ: the LLM gave no proposal");
                e.to_string()
            }
        };
        parsed.confidence.reasons.push(reason);
        Ok(parsed)
    }

    async fn run(
        &self,
        question: &str,
        persona: Option<&str>,
        i: Interpretation,
    ) -> Result<serde_json::Value, AskError> {
        let mut answer = json!({
            "question": question,
            "persona": persona,
            "sql": i.sql,
            "semantic_query": i.semantic_query,
            "columns": [],
            "rows": [],
            "confidence": i.confidence,
        });
        if let Some(sql) = &i.sql {
            let (columns, rows) = self.rows(sql).await?;
            answer["columns"] = columns;
            answer["rows"] = rows;
        }
        if let Some(plan) = &i.trend {
            answer["trend"] = self.trend(plan).await?;
        }
        if let Some(dashboard) = &i.dashboard {
            let mut widgets = Vec::new();
            for w in &dashboard.widgets {
                widgets.push(self.widget(w, &i.confidence).await?);
            }
            answer["dashboard"] = json!({
                "title": dashboard.title,
                "persona": dashboard.persona,
                "widgets": widgets,
            });
        }
        if !i.clarifications.is_empty() {
            answer["clarifications"] = json!(i.clarifications);
        }
        Ok(answer)
    }

    async fn trend(&self, plan: &TrendPlan) -> Result<serde_json::Value, AskError> {
        let (_, rows) = self.rows(&plan.sql).await?;
        let value = |k: usize| rows.get(0).and_then(|r| r.get(k)).and_then(number);
        Ok(json!(plan.trend(value(0), value(1))))
    }

    async fn widget(
        &self,
        w: &WidgetPlan,
        confidence: &aos_nlq::Confidence,
    ) -> Result<serde_json::Value, AskError> {
        let (columns, rows) = self.rows(&w.sql).await?;
        let trend = match &w.trend {
            Some(plan) => self.trend(plan).await?,
            None => serde_json::Value::Null,
        };
        Ok(json!({
            "kind": w.kind,
            "title": w.title,
            "sql": w.sql,
            "semantic_query": w.semantic_query,
            "columns": columns,
            "rows": rows,
            "confidence": confidence,
            "trend": trend,
            "x": w.x, "y": w.y, "w": w.w, "h": w.h,
        }))
    }
}

fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn encode(
    schema: &datafusion::arrow::datatypes::SchemaRef,
    batches: &[RecordBatch],
) -> Result<Vec<u8>, datafusion::arrow::error::ArrowError> {
    let (mut encoder, mut out) = Encoder::begin(Format::Json, schema)?;
    for batch in batches {
        out.extend(encoder.batch(batch)?);
    }
    out.extend(encoder.finish()?);
    Ok(out)
}

/// Whether `statement` reads the table function `nlq(...)`.
pub(crate) fn mentions_nlq(statement: &mut Statement) -> bool {
    struct Find(bool);
    impl VisitorMut for Find {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            if nlq_question(factor).is_some() {
                self.0 = true;
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        }
    }
    let mut find = Find(false);
    let _ = statement.visit(&mut find);
    find.0
}

/// `Some(argument)` for a factor `nlq(argument)`.
fn nlq_question(factor: &TableFactor) -> Option<Result<String, String>> {
    let TableFactor::Table {
        name,
        args: Some(args),
        ..
    } = factor
    else {
        return None;
    };
    let last = name.0.last()?.as_ident()?;
    if !last.value.eq_ignore_ascii_case("nlq") {
        return None;
    }
    let question = match args.args.as_slice() {
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Value(v)))] => match &v.value {
            Value::SingleQuotedString(s) => Ok(s.clone()),
            Value::DollarQuotedString(d) => Ok(d.value.clone()),
            _ => Err(NLQ_ARGUMENT.to_string()),
        },
        _ => Err(NLQ_ARGUMENT.to_string()),
    };
    Some(question)
}

const NLQ_ARGUMENT: &str =
    "nlq() takes the question as one string literal, e.g. nlq('what is our MRR?')";

/// Replaces each `nlq('question')` in `statement` with the subquery answering it. A question NLQ is not
/// confident about is an error carrying its clarifications, never a guess.
pub(crate) async fn expand(ask: &Ask, statement: &mut Statement) -> Result<(), String> {
    struct Questions(Vec<Result<String, String>>);
    impl VisitorMut for Questions {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            self.0.extend(nlq_question(factor));
            ControlFlow::Continue(())
        }
    }
    let mut questions = Questions(Vec::new());
    let _ = statement.visit(&mut questions);
    let mut subqueries = Vec::new();
    for question in questions.0 {
        subqueries.push(subquery(ask, question?).await?);
    }

    struct Expand(std::vec::IntoIter<Box<datafusion::sql::sqlparser::ast::Query>>);
    impl VisitorMut for Expand {
        type Break = ();
        fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
            if nlq_question(factor).is_none() {
                return ControlFlow::Continue(());
            }
            let Some(query) = self.0.next() else {
                return ControlFlow::Break(());
            };
            let alias = match factor {
                TableFactor::Table { alias, .. } => alias.take(),
                _ => None,
            };
            *factor = TableFactor::Derived {
                lateral: false,
                subquery: query,
                alias: Some(alias.unwrap_or(TableAlias {
                    explicit: true,
                    name: Ident::new("nlq"),
                    columns: Vec::new(),
                    at: None,
                })),
                sample: None,
            };
            ControlFlow::Continue(())
        }
    }
    let _ = statement.visit(&mut Expand(subqueries.into_iter()));
    Ok(())
}

async fn subquery(
    ask: &Ask,
    question: String,
) -> Result<Box<datafusion::sql::sqlparser::ast::Query>, String> {
    let interpretation = ask
        .interpret(&question, None)
        .await
        .map_err(|e| e.to_string())?;
    let Some(sql) = interpretation.sql else {
        let mut message = format!(
            "NLQ is not confident about {question:?} ({})",
            interpretation.confidence.reasons.join("; ")
        );
        if !interpretation.clarifications.is_empty() {
            message.push_str(&format!(
                "; did you mean: {}",
                interpretation.clarifications.join(" | ")
            ));
        }
        if interpretation.dashboard.is_some() {
            message = format!(
                "{question:?} asks for a dashboard: ask POST /v1/nlq, or ask for one figure"
            );
        }
        return Err(message);
    };
    let mut statements = Parser::parse_sql(&PostgreSqlDialect {}, &sql)
        .map_err(|e| format!("NLQ compiled SQL that does not parse ({e}): {sql}"))?;
    match statements.pop() {
        Some(Statement::Query(query)) if statements.is_empty() => Ok(query),
        _ => Err(format!(
            "NLQ compiled something other than one query: {sql}"
        )),
    }
}

/// An answer for a terminal: the SQL, the rows, the confidence, the trend or the clarifications.
pub(crate) fn render(answer: &serde_json::Value) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let confidence = &answer["confidence"];
    let table = |out: &mut String, columns: &serde_json::Value, rows: &serde_json::Value| {
        let names: Vec<String> = columns
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["name"].as_str().unwrap_or("").to_string())
            .collect();
        let _ = writeln!(out, "{}", names.join(" | "));
        for row in rows.as_array().into_iter().flatten() {
            let cells: Vec<String> = row
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => "NULL".into(),
                    v => v.to_string(),
                })
                .collect();
            let _ = writeln!(out, "{}", cells.join(" | "));
        }
    };
    if let Some(sql) = answer["sql"].as_str() {
        let _ = writeln!(out, "SQL: {sql}\n");
        table(&mut out, &answer["columns"], &answer["rows"]);
    }
    if let Some(dashboard) = answer.get("dashboard") {
        let _ = writeln!(
            out,
            "{}",
            dashboard["title"].as_str().unwrap_or("dashboard")
        );
        for w in dashboard["widgets"].as_array().into_iter().flatten() {
            let _ = writeln!(
                out,
                "\n## {} ({})",
                w["title"].as_str().unwrap_or(""),
                w["kind"].as_str().unwrap_or("")
            );
            table(&mut out, &w["columns"], &w["rows"]);
        }
    }
    let _ = writeln!(
        out,
        "\nconfidence: {} ({})",
        confidence["level"].as_str().unwrap_or("?"),
        confidence["score"]
    );
    for reason in confidence["reasons"].as_array().into_iter().flatten() {
        let _ = writeln!(out, "  - {}", reason.as_str().unwrap_or(""));
    }
    if let Some(trend) = answer.get("trend") {
        let _ = writeln!(
            out,
            "trend: {} ({} vs {} in {})",
            trend["direction"].as_str().unwrap_or("?"),
            trend["current"],
            trend["previous"],
            trend["previous_period"]["label"]
                .as_str()
                .unwrap_or("the period before")
        );
    }
    if let Some(options) = answer.get("clarifications") {
        let _ = writeln!(out, "did you mean:");
        for o in options.as_array().into_iter().flatten() {
            let _ = writeln!(out, "  - {}", o.as_str().unwrap_or(""));
        }
    }
    out.trim_end().to_string()
}
