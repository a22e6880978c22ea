//! Natural-language questions to SQL over the ontology: personas, confidence, trends, dashboards.
//!
//! A question is parsed ([`parse`]) into a typed [`SemanticQuery`] whose every name is checked against the
//! semantic model ([`model`]) and the values learned from the data ([`Vocabulary`]), then compiled
//! ([`compile`]) to SQL: never free-form SQL from text. It is deterministic and offline. It does not run
//! queries: the server hands the SQL to the engine like any client's, and the answer's trend and dashboard
//! widgets are more SQL to run. It may depend on `aos-ontology` only.

pub mod audit;
pub mod compile;
pub mod llm;
pub mod model;
pub mod parse;
pub mod query;
pub mod time;
pub mod vocab;

use chrono::NaiveDate;
use serde::Serialize;

pub use crate::parse::{Intent, Parsed};
pub use crate::query::{Invalid, SemanticQuery};
pub use crate::time::{Grain, Period};
pub use crate::vocab::Vocabulary;

/// A question NLQ refuses to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Nothing asked.
    #[error("the question is empty")]
    Empty,
    /// Longer than [`MAX_QUESTION`].
    #[error("the question is longer than {MAX_QUESTION} characters")]
    TooLong,
    /// An unknown persona.
    #[error("unknown persona {0:?}: use cfo, cro, coo or cto")]
    UnknownPersona(String),
    /// The parser panicked on the question: a bug, reported instead of dropping the client's connection.
    #[error("the NLQ failed on this question, which is a bug: {0}")]
    Failed(String),
}

/// What `read` returns, or [`Error::Failed`] with the panic's message if it panics. `read` only reads
/// shared state (the vocabulary), so nothing is left half-changed for the next question.
fn unless_it_panics<T>(read: impl FnOnce() -> T) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        Error::Failed(message)
    })
}

/// The longest question read, in characters.
pub const MAX_QUESTION: usize = 1000;

/// How sure NLQ is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Every word mapped, nothing assumed that changes the figure.
    High,
    /// An answer, with assumptions worth reading.
    Medium,
    /// No answer: clarifications instead.
    Low,
}

/// A score in 0..=1, its level and the reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Confidence {
    /// 1 is certain.
    pub score: f64,
    /// The level the score falls in.
    pub level: Level,
    /// What lowered it.
    pub reasons: Vec<String>,
}

impl Confidence {
    /// Below high, for `reason`, of an answer that is given (never low: it has its SQL already).
    fn lower(&mut self, reason: String) {
        self.score = ((self.score - 0.21).max(0.5) * 100.0).round() / 100.0;
        if self.score < 0.8 {
            self.level = Level::Medium;
        }
        self.reasons.push(reason);
    }

    fn from_notes(notes: &[parse::Note]) -> Self {
        let penalty: f64 = notes.iter().map(|n| n.penalty).sum();
        let score = ((1.0 - penalty).clamp(0.0, 1.0) * 100.0).round() / 100.0;
        let level = if score >= 0.8 {
            Level::High
        } else if score >= 0.5 {
            Level::Medium
        } else {
            Level::Low
        };
        Confidence {
            score,
            level,
            reasons: notes.iter().map(|n| n.reason.clone()).collect(),
        }
    }
}

/// The SQL of a trend and the periods it compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPlan {
    /// The metric.
    pub metric: &'static str,
    /// One row: `current`, `previous`.
    pub sql: String,
    /// The period measured.
    pub period: Period,
    /// The one compared with.
    pub previous_period: Period,
}

/// Direction of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// More than 1% higher.
    Up,
    /// More than 1% lower.
    Down,
    /// Within 1%.
    Flat,
}

/// A metric's change against the prior comparable period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// The metric.
    pub metric: &'static str,
    /// Up, down or flat.
    pub direction: Direction,
    /// Its value in the period.
    pub current: Option<f64>,
    /// Its value in the previous period.
    pub previous: Option<f64>,
    /// `current - previous`.
    pub change: Option<f64>,
    /// The change as a fraction of `previous`.
    pub change_pct: Option<f64>,
    /// Whether the change is good news for this metric.
    pub good: Option<bool>,
    /// The period measured.
    pub period: Period,
    /// The period compared with.
    pub previous_period: Period,
}

impl TrendPlan {
    /// The trend, from the values the SQL returned.
    pub fn trend(&self, current: Option<f64>, previous: Option<f64>) -> Trend {
        let change = current.zip(previous).map(|(c, p)| c - p);
        let change_pct = change
            .zip(previous)
            .and_then(|(c, p)| (p != 0.0).then(|| c / p.abs()));
        let direction = match (change, change_pct) {
            (_, Some(pct)) if pct > 0.01 => Direction::Up,
            (_, Some(pct)) if pct < -0.01 => Direction::Down,
            (Some(c), None) if c > 0.0 => Direction::Up,
            (Some(c), None) if c < 0.0 => Direction::Down,
            _ => Direction::Flat,
        };
        let higher_is_better = model::metric(self.metric).is_some_and(|m| m.higher_is_better);
        let good = match direction {
            Direction::Flat => None,
            Direction::Up => Some(higher_is_better),
            Direction::Down => Some(!higher_is_better),
        };
        Trend {
            metric: self.metric,
            direction,
            current,
            previous,
            change,
            change_pct,
            good,
            period: self.period.clone(),
            previous_period: self.previous_period.clone(),
        }
    }
}

/// The kind of a dashboard widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WidgetKind {
    /// One figure with its trend.
    Kpi,
    /// A metric over time.
    Line,
    /// A metric by a dimension.
    Bar,
    /// Rows.
    Table,
}

/// A widget to fill: its query, SQL and place on a 12-column grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WidgetPlan {
    /// Its kind.
    pub kind: WidgetKind,
    /// Its title.
    pub title: String,
    /// What it shows.
    pub semantic_query: SemanticQuery,
    /// The SQL of its data.
    pub sql: String,
    /// Its trend, for KPI cards.
    pub trend: Option<TrendPlan>,
    /// Column, from 0.
    pub x: u32,
    /// Row, from 0.
    pub y: u32,
    /// Width in columns.
    pub w: u32,
    /// Height in rows.
    pub h: u32,
}

/// A dashboard to fill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardPlan {
    /// Its title.
    pub title: String,
    /// Whose.
    pub persona: &'static str,
    /// Its widgets, in reading order.
    pub widgets: Vec<WidgetPlan>,
}

/// What NLQ made of a question: SQL to run, or clarifications.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interpretation {
    /// The semantic query (none when the question could not be mapped).
    pub semantic_query: Option<SemanticQuery>,
    /// The SQL answering it (none at low confidence).
    pub sql: Option<String>,
    /// How sure.
    pub confidence: Confidence,
    /// The trend to compute, for a metric answer over a period.
    pub trend: Option<TrendPlan>,
    /// The dashboard to fill, for an overview question.
    pub dashboard: Option<DashboardPlan>,
    /// At low confidence: questions NLQ can answer, closest first.
    pub clarifications: Vec<String>,
    /// What the SQL computes, in words (when there is SQL).
    pub computed: Option<String>,
}

/// The NLQ service: the vocabulary learned from the data and the day questions are relative to.
#[derive(Debug, Clone)]
pub struct Nlq {
    vocabulary: Vocabulary,
    today: NaiveDate,
}

impl Nlq {
    /// NLQ over `vocabulary`, with "today" (for "last quarter", "year to date") being `today`.
    pub fn new(vocabulary: Vocabulary, today: NaiveDate) -> Self {
        Nlq { vocabulary, today }
    }

    /// The day questions are relative to.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The vocabulary.
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Interprets `question`, asked by `persona` (`cfo`, `cro`, `coo`, `cto`) if given.
    pub fn interpret(
        &self,
        question: &str,
        persona: Option<&str>,
    ) -> Result<Interpretation, Error> {
        let question = question.trim();
        if question.is_empty() {
            return Err(Error::Empty);
        }
        if question.chars().count() > MAX_QUESTION {
            return Err(Error::TooLong);
        }
        let persona = match persona.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Some(model::persona(p).ok_or_else(|| Error::UnknownPersona(p.to_string()))?),
            None => None,
        };
        unless_it_panics(|| {
            let parsed = parse::parse(&self.vocabulary, question, persona, self.today);
            let mut interpretation = self.plan(parsed, persona);
            if let Some(sql) = &interpretation.sql {
                let unasked = interpretation
                    .semantic_query
                    .as_ref()
                    .map(|q| audit::unasked(question, q))
                    .unwrap_or_default();
                for reason in audit::unanswered(question, sql).into_iter().chain(unasked) {
                    interpretation.confidence.lower(reason);
                }
            }
            interpretation
        })
    }

    /// Plans the answer to a parsed question (the parser's, or a semantic query from elsewhere wrapped in
    /// [`Parsed`]): validates it, then compiles it, its trend or its dashboard.
    pub fn plan(&self, parsed: Parsed, persona: Option<&'static model::Persona>) -> Interpretation {
        let mut notes = parsed.notes;
        if let Intent::Dashboard { persona, topic } = parsed.intent {
            let dashboard = self.dashboard(persona, topic, parsed.query.time.clone());
            let confidence = Confidence::from_notes(&notes);
            return Interpretation {
                semantic_query: None,
                sql: None,
                confidence,
                trend: None,
                dashboard: Some(dashboard),
                clarifications: Vec::new(),
                computed: None,
            };
        }
        let valid = if parsed.unanswerable || !parsed.options.is_empty() {
            Err(None)
        } else {
            parsed.query.validate(&self.vocabulary).map_err(Some)
        };
        if let Err(Some(invalid)) = &valid {
            notes.push(parse::Note {
                penalty: 1.0,
                reason: invalid.to_string(),
            });
        }
        let confidence = Confidence::from_notes(&notes);
        if valid.is_err() || confidence.level == Level::Low {
            let clarifications = self.clarifications(&parsed.query, &parsed.options, persona);
            return Interpretation {
                semantic_query: (!parsed.query.metrics.is_empty()).then_some(parsed.query),
                sql: None,
                confidence: Confidence {
                    level: Level::Low,
                    score: confidence.score.min(0.49),
                    ..confidence
                },
                trend: None,
                dashboard: None,
                clarifications,
                computed: None,
            };
        }
        let sql = compile::compile(&parsed.query, self.today);
        // A trend compares the metric's own figure: not records, nor another aggregation of them.
        let plain = parsed.query.aggregation.is_none() && !parsed.query.records;
        let trend = (parsed.query.metrics.len() == 1 && plain)
            .then(|| self.trend(&parsed.query))
            .flatten();
        Interpretation {
            sql: Some(sql),
            computed: Some(parsed.query.describe()),
            semantic_query: Some(parsed.query),
            confidence,
            trend,
            dashboard: None,
            clarifications: Vec::new(),
        }
    }

    /// Plans the answer to a semantic query proposed by `proposer` (an LLM) for a question the parser
    /// was not confident about: validated exactly like the parser's output, and never above medium
    /// confidence, since nothing checked that it means what was asked.
    pub fn plan_proposal(&self, query: SemanticQuery, proposer: &str) -> Interpretation {
        let parsed = Parsed {
            query,
            intent: Intent::Answer,
            notes: vec![parse::Note {
                penalty: 0.3,
                reason: format!("interpreted by {proposer}, not by the parser"),
            }],
            options: Vec::new(),
            unanswerable: false,
        };
        self.plan(parsed, None)
    }

    fn trend(&self, q: &SemanticQuery) -> Option<TrendPlan> {
        let metric = model::metric(q.metrics.first()?)?;
        let (sql, period, previous_period) = compile::trend_sql(q, self.today)?;
        Some(TrendPlan {
            metric: metric.name,
            sql,
            period,
            previous_period,
        })
    }

    /// Questions NLQ can answer, for a question it could not: the meanings of an ambiguous term, the
    /// breakdowns a metric has, or the asker's headline figures.
    fn clarifications(
        &self,
        q: &SemanticQuery,
        options: &[&'static str],
        persona: Option<&'static model::Persona>,
    ) -> Vec<String> {
        let ask = |m: &str| {
            let title = model::metric(m).map_or(m.to_string(), |m| m.title.to_string());
            format!(
                "What is our {}?",
                title
                    .to_lowercase()
                    .replace("mrr", "MRR")
                    .replace("arr", "ARR")
            )
        };
        let mut out: Vec<String> = options.iter().map(|m| ask(m)).collect();
        for m in q.metrics.iter().filter_map(|m| model::metric(m)) {
            let breakdowns: Vec<&str> = model::DIMENSIONS
                .iter()
                .filter(|d| {
                    matches!(
                        model::reach(m, d),
                        Some(model::Reach::Local | model::Reach::Account)
                    )
                })
                .map(|d| d.name)
                .collect();
            if m.has_time() {
                out.push(format!("{} by month over the last 12 months", m.title));
            }
            out.extend(
                breakdowns
                    .iter()
                    .take(3)
                    .map(|d| format!("{} by {d}", m.title)),
            );
            if breakdowns.is_empty() {
                out.push(ask(m.name));
            }
        }
        if out.is_empty() {
            let persona = persona.unwrap_or(&model::PERSONAS[0]);
            out.extend(persona.metrics.iter().take(4).map(|m| ask(m)));
            out.push(format!("Show the {} dashboard", persona.title));
        }
        out.dedup();
        out
    }

    fn dashboard(
        &self,
        persona: &'static model::Persona,
        topic: Option<&'static str>,
        period: Option<Period>,
    ) -> DashboardPlan {
        // ("how is our pipeline looking for Q4": the open deals closing in a period asked that is not
        // over yet; otherwise those open now.)
        let ahead = period.as_ref().is_some_and(|p| p.end > self.today);
        let period = period.or_else(|| time::to_date(self.today, Grain::Year, "year to date"));
        let chart_period = period
            .clone()
            .filter(|p| (p.end - p.start).num_days() > 62)
            .or_else(|| time::trailing(self.today, 12, Grain::Month, "last 12 months"));
        let mut kpis: Vec<&'static str> = topic.into_iter().collect();
        kpis.extend(persona.metrics.iter().filter(|m| Some(**m) != topic));
        let mut widgets = Vec::new();
        let kpi_query = |m: &str| {
            let metric = model::metric(m);
            SemanticQuery {
                metrics: vec![m.to_string()],
                time: metric
                    .filter(|m| m.has_time() && (ahead || !m.is_open_now()))
                    .and(period.clone()),
                ..SemanticQuery::default()
            }
        };
        for (i, m) in kpis.iter().enumerate() {
            let q = kpi_query(m);
            let i = u32::try_from(i).unwrap_or(0);
            widgets.push(self.widget(WidgetKind::Kpi, q, (i % 4) * 3, (i / 4) * 2, 3, 2));
        }
        let mut y = u32::try_from(kpis.len().div_ceil(4)).unwrap_or(0) * 2;
        let mut charts: Vec<(WidgetKind, SemanticQuery)> = Vec::new();
        for m in persona.trends {
            let has_time = model::metric(m).is_some_and(|m| m.has_time());
            charts.push((
                WidgetKind::Line,
                SemanticQuery {
                    metrics: vec![(*m).to_string()],
                    grain: Some(Grain::Month),
                    time: has_time.then(|| chart_period.clone()).flatten(),
                    ..SemanticQuery::default()
                },
            ));
        }
        for (m, d) in persona.breakdowns {
            let mut q = kpi_query(m);
            q.dimensions = vec![(*d).to_string()];
            q.limit = Some(10);
            q.order = Some(query::Order::Desc);
            charts.push((WidgetKind::Bar, q));
        }
        for (i, (kind, q)) in charts.into_iter().enumerate() {
            let x = if i % 2 == 0 { 0 } else { 6 };
            widgets.push(self.widget(kind, q, x, y, 6, 4));
            if i % 2 == 1 {
                y += 4;
            }
        }
        if widgets.len() % 2 == 1 {
            y += 4;
        }
        let table_metric = topic
            .or(persona.trends.first().copied())
            .unwrap_or("revenue");
        let mut q = kpi_query(table_metric);
        let by_account = model::metric(table_metric)
            .zip(model::dimension("account"))
            .and_then(|(m, d)| model::reach(m, d));
        if by_account == Some(model::Reach::Account) {
            q.dimensions = vec!["account".into()];
            q.limit = Some(10);
            q.order = Some(query::Order::Desc);
            widgets.push(self.widget(WidgetKind::Table, q, 0, y, 12, 5));
        }
        let title = match (&period, topic) {
            (_, Some(t)) => format!(
                "{} overview",
                model::metric(t).map_or(t.to_string(), |m| m.title.to_string())
            ),
            (Some(p), None) => format!("{} dashboard: {}", persona.title, p.label),
            (None, None) => format!("{} dashboard", persona.title),
        };
        DashboardPlan {
            title,
            persona: persona.name,
            widgets,
        }
    }

    fn widget(
        &self,
        kind: WidgetKind,
        q: SemanticQuery,
        x: u32,
        y: u32,
        w: u32,
        h: u32,
    ) -> WidgetPlan {
        let metric = q.metrics.first().and_then(|m| model::metric(m));
        let mut title = metric.map_or(String::new(), |m| m.title.to_string());
        if let Some(d) = q.dimensions.first() {
            title = format!("{title} by {d}");
        } else if let Some(g) = q.grain {
            title = format!("{title} by {}", g.name());
        }
        if let Some(p) = &q.time {
            title = format!("{title}, {}", p.label);
        }
        let trend = (kind == WidgetKind::Kpi).then(|| self.trend(&q)).flatten();
        WidgetPlan {
            kind,
            title,
            sql: compile::compile(&q, self.today),
            semantic_query: q,
            trend,
            x,
            y,
            w,
            h,
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng, seq::IndexedRandom};

    use super::*;

    #[test]
    fn a_panic_is_an_error_that_carries_its_message() {
        assert_eq!(unless_it_panics(|| 7), Ok(7));
        assert_eq!(
            unless_it_panics(|| -> u8 { panic!("index 3 is out of bounds") }),
            Err(Error::Failed("index 3 is out of bounds".into()))
        );
    }

    #[test]
    fn a_dashboard_narrows_the_open_pipeline_to_a_period_not_over() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let nlq = Nlq::new(Vocabulary::new(), today);
        let pipeline_sql = |question: &str| {
            let asked = nlq.interpret(question, None).ok();
            let widgets = asked.and_then(|i| i.dashboard).map(|d| d.widgets);
            widgets
                .into_iter()
                .flatten()
                .find(|w| {
                    w.semantic_query.metrics == ["open_pipeline"] && w.kind == WidgetKind::Kpi
                })
                .map(|w| w.sql)
                .unwrap_or_default()
        };
        let q4 = pipeline_sql("How is our pipeline looking for Q4?");
        assert!(q4.contains("f.close_date >= DATE '2026-10-01'"), "{q4}");
        let past = pipeline_sql("CRO dashboard for last quarter");
        assert!(
            past.contains("NOT f.is_closed") && !past.contains("close_date"),
            "{past}"
        );
    }

    /// The questions of the development sets.
    fn development_questions() -> Vec<String> {
        let mut questions = Vec::new();
        for set in [
            include_str!("../eval/dev.toml"),
            include_str!("../eval/dev-untuned.toml"),
        ] {
            let Ok(set) = set.parse::<toml::Table>() else {
                panic!("an evaluation set is not TOML");
            };
            for cases in set.values().filter_map(toml::Value::as_array) {
                for case in cases {
                    let asked = case.get("questions").and_then(toml::Value::as_array);
                    for q in asked.into_iter().flatten().filter_map(toml::Value::as_str) {
                        questions.push(q.to_string());
                    }
                }
            }
        }
        questions
    }

    /// Words in any order, questions cut and joined, questions shuffled: whatever they make of them, the
    /// parser and planner answer or decline, and never fail.
    #[test]
    fn mixed_up_questions_are_read_without_failing() {
        let questions = development_questions();
        assert!(questions.len() > 1000, "{} questions", questions.len());
        let words: Vec<&str> = questions
            .iter()
            .flat_map(|q| q.split_whitespace())
            .collect();
        let mut vocabulary = Vocabulary::new();
        vocabulary.learn("country", ["US".to_string(), "DE".into()]);
        vocabulary.learn("plan", ["Pro".to_string(), "Enterprise".into()]);
        vocabulary.learn("account", ["Polaris Labs".to_string()]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let nlq = Nlq::new(vocabulary, today);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(21);
        for _ in 0..1500 {
            let (Some(a), Some(b)) = (questions.choose(&mut rng), questions.choose(&mut rng))
            else {
                continue;
            };
            let (a, b): (Vec<&str>, Vec<&str>) = (
                a.split_whitespace().collect(),
                b.split_whitespace().collect(),
            );
            let question = match rng.random_range(0..3) {
                0 => (0..rng.random_range(1..15))
                    .filter_map(|_| words.choose(&mut rng).copied())
                    .collect::<Vec<_>>()
                    .join(" "),
                1 => {
                    let (i, j) = (rng.random_range(0..=a.len()), rng.random_range(0..=b.len()));
                    [&a[..i], &b[j..]].concat().join(" ")
                }
                _ => {
                    let mut a = a.clone();
                    rand::seq::SliceRandom::shuffle(a.as_mut_slice(), &mut rng);
                    a.join(" ")
                }
            };
            if let Err(Error::Failed(panic)) = nlq.interpret(&question, None) {
                panic!("{question:?} made the NLQ fail: {panic}");
            }
        }
    }
}
