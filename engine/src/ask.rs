//! Natural-language questions, answered by the engine: `aos-nlq` turns a question into SQL, and this
//! module runs that SQL (and the trend's and each dashboard widget's) like any client's query. The same
//! service expands `nlq('...')` in SQL on every port.
//!
//! The vocabulary (dimension values: industries, stages, countries, plans, vendors, account names) and
//! "today" (the latest day of `ontology.usage`, as the declared metrics use, unless set) are learned from
//! the data on the first question.

use aos_nlq::llm::Llm;
use aos_nlq::{
    Confidence, DashboardPlan, Interpretation, Level, Nlq, SemanticQuery, Trend, TrendPlan,
    Vocabulary, WidgetKind, WidgetPlan,
};
use chrono::NaiveDate;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::ScalarValue;
use futures::TryStreamExt;
use tokio_util::sync::CancellationToken;

use crate::{Engine, Error, Result};

/// How the engine answers questions: the day they are relative to, and the LLM asked when the parser is
/// not confident.
#[derive(Debug, Default)]
pub struct NlqOptions {
    /// "Today" for relative periods; learned from the data when unset.
    pub today: Option<NaiveDate>,
    /// The optional LLM backend.
    pub llm: Option<Llm>,
}

/// Rows of one query: its schema and batches.
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns.
    pub schema: SchemaRef,
    /// The rows.
    pub batches: Vec<RecordBatch>,
}

impl Table {
    /// The value in `column` of the first row, as a number.
    fn first_number(&self, column: usize) -> Option<f64> {
        let batch = self.batches.iter().find(|b| b.num_rows() > 0)?;
        if column >= batch.num_columns() {
            return None;
        }
        let value = ScalarValue::try_from_array(batch.column(column), 0).ok()?;
        match value.cast_to(&DataType::Float64).ok()? {
            ScalarValue::Float64(v) => v,
            _ => None,
        }
    }
}

/// The answer to one question.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The question as asked.
    pub question: String,
    /// The persona it was asked as.
    pub persona: Option<String>,
    /// The SQL that answers it; none when the question was not understood well enough.
    pub sql: Option<String>,
    /// What the SQL computes, in words, so the asker can check it is what they meant.
    pub computed: Option<String>,
    /// What the question was understood to ask.
    pub semantic_query: Option<SemanticQuery>,
    /// The rows of `sql`.
    pub table: Option<Table>,
    /// How sure the answer is, and why.
    pub confidence: Confidence,
    /// The figure against the period before, when one figure was asked for.
    pub trend: Option<Trend>,
    /// The dashboard of an overview question.
    pub dashboard: Option<Dashboard>,
    /// What the asker may have meant, when the answer is not confident.
    pub clarifications: Vec<String>,
}

/// A dashboard: widgets on a 12-column grid.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Its title.
    pub title: String,
    /// The persona it is made for.
    pub persona: &'static str,
    /// Its widgets.
    pub widgets: Vec<Widget>,
}

/// One widget of a [`Dashboard`], with its rows.
#[derive(Debug, Clone)]
pub struct Widget {
    /// KPI, line, bar or table.
    pub kind: WidgetKind,
    /// Its title.
    pub title: String,
    /// The SQL it shows.
    pub sql: String,
    /// What it computes.
    pub semantic_query: SemanticQuery,
    /// The rows of `sql`.
    pub table: Table,
    /// The trend of a KPI.
    pub trend: Option<Trend>,
    /// Grid column.
    pub x: u32,
    /// Grid row.
    pub y: u32,
    /// Width in columns.
    pub w: u32,
    /// Height in rows.
    pub h: u32,
}

/// The NLQ service of one engine.
pub(crate) struct Ask {
    options: NlqOptions,
    nlq: tokio::sync::OnceCell<Nlq>,
}

impl Ask {
    pub(crate) fn new(options: NlqOptions) -> Self {
        Self {
            options,
            nlq: tokio::sync::OnceCell::new(),
        }
    }

    /// The NLQ, its vocabulary learned from the data on first use.
    async fn nlq(&self, engine: &Engine) -> Result<&Nlq> {
        self.nlq.get_or_try_init(|| self.learn(engine)).await
    }

    async fn learn(&self, engine: &Engine) -> Result<Nlq> {
        let has_ontology = engine
            .context()
            .catalog(crate::CATALOG)
            .and_then(|c| c.schema("ontology"))
            .is_some();
        if !has_ontology {
            return Err(Error::NlqUnavailable(
                "natural-language questions need the ontology: add an [ontology] section to the config".into(),
            ));
        }
        let mut vocabulary = Vocabulary::new();
        for d in aos_nlq::model::DIMENSIONS.iter().filter(|d| d.learned) {
            let values = strings(&table(engine, &d.values_sql()).await?);
            let known = d.known.iter().map(|v| (*v).to_string());
            vocabulary.learn(d.name, values.into_iter().chain(known));
        }
        for (dimension, sql) in aos_nlq::model::ALIASES {
            let rows = table(engine, sql).await?;
            vocabulary.learn_aliases(dimension, pairs(&rows));
        }
        // The spellings the ontology's value lists give each value ("hosting", "SaaS", "R&D").
        let has_spellings = engine
            .context()
            .catalog(crate::CATALOG)
            .and_then(|c| c.schema("ontology"))
            .is_some_and(|s| s.table_exist("value_spellings"));
        for d in aos_nlq::model::DIMENSIONS
            .iter()
            .filter(|d| d.learned && has_spellings)
        {
            let sql = format!(
                "SELECT spelling, value FROM ontology.value_spellings WHERE table_name = {} AND column_name = {}",
                aos_nlq::compile::sql_string(d.table),
                aos_nlq::compile::sql_string(d.column)
            );
            vocabulary.learn_aliases(d.name, pairs(&table(engine, &sql).await?));
        }
        let today = match self.options.today {
            Some(day) => day,
            None => strings(
                &table(
                    engine,
                    "SELECT CAST(max(day) AS VARCHAR) FROM ontology.usage",
                )
                .await?,
            )
            .first()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        };
        tracing::info!(%today, "NLQ vocabulary learned");
        Ok(Nlq::new(vocabulary, today))
    }

    /// What the parser makes of `question`; when it is not confident and an LLM is configured, what the
    /// LLM proposes instead, if that passes the same validation. The LLM failing or proposing nothing
    /// valid leaves the parser's answer, with the reason added.
    pub(crate) async fn interpret(
        &self,
        engine: &Engine,
        question: &str,
        persona: Option<&str>,
    ) -> Result<Interpretation> {
        let nlq = self.nlq(engine).await?;
        let mut parsed = nlq.interpret(question, persona)?;
        let Some(llm) = &self.options.llm else {
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

    /// The whole answer to `question`: its rows, trend and dashboard computed.
    pub(crate) async fn answer(
        &self,
        engine: &Engine,
        question: &str,
        persona: Option<&str>,
    ) -> Result<Answer> {
        let i = self.interpret(engine, question, persona).await?;
        let table = match &i.sql {
            Some(sql) => Some(table(engine, sql).await?),
            None => None,
        };
        let trend = match &i.trend {
            Some(plan) => Some(trend(engine, plan).await?),
            None => None,
        };
        let dashboard = match i.dashboard {
            Some(plan) => Some(dashboard(engine, plan).await?),
            None => None,
        };
        Ok(Answer {
            question: question.to_string(),
            persona: persona.map(str::to_string),
            sql: i.sql,
            computed: i.computed,
            semantic_query: i.semantic_query,
            table,
            confidence: i.confidence,
            trend,
            dashboard,
            clarifications: i.clarifications,
        })
    }

    /// The SQL answering `question` inside another statement (`nlq('...')`). A question NLQ is not
    /// confident about is an error carrying its clarifications, never a guess.
    pub(crate) async fn sql_for(&self, engine: &Engine, question: &str) -> Result<String> {
        let interpretation = self.interpret(engine, question, None).await?;
        if interpretation.dashboard.is_some() {
            return Err(Error::NotAnswered(format!(
                "{question:?} asks for a dashboard: ask POST /v1/nlq, or ask for one figure"
            )));
        }
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
            return Err(Error::NotAnswered(message));
        };
        Ok(sql)
    }
}

impl std::fmt::Debug for Ask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ask")
            .field("today", &self.options.today)
            .field("llm", &self.options.llm.as_ref().map(Llm::model))
            .finish_non_exhaustive()
    }
}

/// The rows of `sql`, SQL the NLQ compiled itself: planned by DataFusion directly (it needs none of
/// the front end's rewrites, and holds no `nlq()`), under the server's timeout.
async fn table(engine: &Engine, sql: &str) -> Result<Table> {
    let guard = engine.guard(CancellationToken::new());
    let frame = guard
        .run(
            engine
                .context()
                .sql_with_options(sql, crate::sql::read_only()),
            crate::session::interrupted,
        )
        .await?;
    let stream = engine.execute_frame(frame, guard).await?;
    let schema = stream.schema();
    let batches = stream.try_collect().await.map_err(Error::from)?;
    Ok(Table { schema, batches })
}

/// The rows whose first two columns are both non-null, as text.
fn pairs(table: &Table) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for batch in table.batches.iter().filter(|b| b.num_columns() >= 2) {
        let (first, second) = (batch.column(0), batch.column(1));
        for row in 0..batch.num_rows() {
            if let (true, true, Ok(a), Ok(b)) = (
                first.is_valid(row),
                second.is_valid(row),
                array_value_to_string(first, row),
                array_value_to_string(second, row),
            ) {
                out.push((a, b));
            }
        }
    }
    out
}

/// The non-null values of the first column, as text.
fn strings(table: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for batch in &table.batches {
        let column = batch.column(0);
        for row in 0..batch.num_rows() {
            if column.is_valid(row)
                && let Ok(s) = array_value_to_string(column, row)
            {
                out.push(s);
            }
        }
    }
    out
}

async fn trend(engine: &Engine, plan: &TrendPlan) -> Result<Trend> {
    let rows = table(engine, &plan.sql).await?;
    Ok(plan.trend(rows.first_number(0), rows.first_number(1)))
}

async fn dashboard(engine: &Engine, plan: DashboardPlan) -> Result<Dashboard> {
    let mut widgets = Vec::with_capacity(plan.widgets.len());
    for w in plan.widgets {
        widgets.push(widget(engine, w).await?);
    }
    Ok(Dashboard {
        title: plan.title,
        persona: plan.persona,
        widgets,
    })
}

async fn widget(engine: &Engine, w: WidgetPlan) -> Result<Widget> {
    let table = table(engine, &w.sql).await?;
    let trend = match &w.trend {
        Some(plan) => Some(trend(engine, plan).await?),
        None => None,
    };
    Ok(Widget {
        kind: w.kind,
        title: w.title,
        sql: w.sql,
        semantic_query: w.semantic_query,
        table,
        trend,
        x: w.x,
        y: w.y,
        w: w.w,
        h: w.h,
    })
}
