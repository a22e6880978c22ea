//! Optional help from an LLM behind any OpenAI-compatible chat-completions endpoint (OpenAI, a local
//! Ollama or vLLM, a gateway): asked for the [`SemanticQuery`] of a question the parser is not confident
//! about, as one JSON object. Its answer is only a proposal: it is parsed into the same typed query and
//! validated exactly like the parser's ([`crate::Nlq::plan_proposal`]) before anything is compiled, so the
//! model never writes SQL and never names a table, column or value the model does not know.

use std::fmt::Write;
use std::time::Duration;

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::ReqwestService;
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs, ResponseFormat,
};
use chrono::NaiveDate;

use crate::model::{self, Persona};
use crate::query::SemanticQuery;
use crate::vocab::Vocabulary;

/// Where the LLM is and how long to wait for it.
#[derive(Debug, Clone)]
pub struct LlmConfig {
    /// The API base, up to and including the version (`http://127.0.0.1:11434/v1`).
    pub base_url: String,
    /// The model to ask.
    pub model: String,
    /// The bearer key, if the endpoint wants one.
    pub api_key: Option<String>,
    /// The longest wait for one answer.
    pub timeout: Duration,
}

/// Why the LLM gave no usable proposal.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// The HTTP client could not be built.
    #[error("cannot set up the LLM client: {0}")]
    Client(String),
    /// The request failed: unreachable, timed out, or answered with an error status.
    #[error("the LLM at {base_url} failed: {message}")]
    Request {
        /// The endpoint.
        base_url: String,
        /// What went wrong.
        message: String,
    },
    /// The answer had no message.
    #[error("the LLM answered with no message")]
    Empty,
    /// The message was not a semantic query.
    #[error("the LLM's answer is not a semantic query ({reason}): {text}")]
    NotAQuery {
        /// Why it does not parse.
        reason: String,
        /// What it said (shortened).
        text: String,
    },
}

/// A client of one chat-completions endpoint.
#[derive(Debug, Clone)]
pub struct Llm {
    client: Client<OpenAIConfig>,
    model: String,
    base_url: String,
}

impl Llm {
    /// A client for `config`. Requests are not retried: a question waits at most one timeout.
    pub fn new(config: &LlmConfig) -> Result<Self, LlmError> {
        let base_url = config.base_url.trim_end_matches('/').to_string();
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| LlmError::Client(e.to_string()))?;
        let mut openai = OpenAIConfig::new().with_api_base(&base_url);
        // Never the process's OPENAI_API_KEY by accident: the key is the configured one or none.
        openai = openai.with_api_key(config.api_key.clone().unwrap_or_default());
        let client = Client::with_config(openai)
            .with_http_client(http.clone())
            .with_http_service(ReqwestService::new(http));
        Ok(Llm {
            client,
            model: config.model.clone(),
            base_url,
        })
    }

    /// The model asked.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Asks for the semantic query of `question`.
    pub async fn propose(
        &self,
        question: &str,
        persona: Option<&Persona>,
        vocabulary: &Vocabulary,
        today: NaiveDate,
    ) -> Result<SemanticQuery, LlmError> {
        let request = CreateChatCompletionRequestArgs::default()
            .model(&self.model)
            .messages(vec![
                ChatCompletionRequestSystemMessage::from(instructions(vocabulary, today)).into(),
                ChatCompletionRequestUserMessage::from(user_message(question, persona)).into(),
            ])
            .temperature(0.0_f32)
            .response_format(ResponseFormat::JsonObject)
            .build()
            .map_err(|e| self.failed(&e))?;
        let response = self
            .client
            .chat()
            .create(request)
            .await
            .map_err(|e| self.failed(&e))?;
        let text = response
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or(LlmError::Empty)?;
        parse_proposal(&text)
    }

    fn failed(&self, e: &OpenAIError) -> LlmError {
        let message = match e {
            OpenAIError::ApiError(api) => api.to_string(),
            e => e.to_string(),
        };
        LlmError::Request {
            base_url: self.base_url.clone(),
            message,
        }
    }
}

/// The semantic query in an LLM's message: a JSON object, possibly inside a Markdown code fence.
pub fn parse_proposal(text: &str) -> Result<SemanticQuery, LlmError> {
    let trimmed = text.trim();
    let json = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|t| t.strip_suffix("```"))
        .unwrap_or(trimmed);
    serde_json::from_str(json).map_err(|e| LlmError::NotAQuery {
        reason: e.to_string(),
        text: trimmed.chars().take(200).collect(),
    })
}

fn user_message(question: &str, persona: Option<&Persona>) -> String {
    match persona {
        Some(p) => format!("Asked by the {}: {question}", p.title),
        None => question.to_string(),
    }
}

/// The system message: the JSON shape, and every metric, dimension and learned value it may use.
fn instructions(vocabulary: &Vocabulary, today: NaiveDate) -> String {
    let mut out = format!(
        "You translate business questions into a JSON semantic query. Today is {today}. Answer with one \
         JSON object and nothing else, of this shape (omit what the question does not ask):\n\
         {{\"metrics\": [metric names], \"dimensions\": [dimension names to group by], \
         \"grain\": \"day\"|\"week\"|\"month\"|\"quarter\"|\"year\", \
         \"filters\": [{{\"kind\": \"values\", \"dimension\": name, \"values\": [values exactly as listed], \
         \"negated\": false}} or {{\"kind\": \"number\", \"field\": \"amount\"|\"employees\", \
         \"op\": \">\"|\">=\"|\"<\"|\"<=\", \"value\": number}}], \
         \"time\": {{\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD (the day after the last)\", \
         \"label\": words}}, \"compare\": a period like time, \"order\": \"desc\"|\"asc\", \
         \"limit\": number}}\n\
         Use only the names and values below. If the question cannot be answered with them, answer \
         {{\"metrics\": []}}.\n\nMetrics:\n"
    );
    for m in model::METRICS {
        let _ = writeln!(
            out,
            "- {}: {}{}",
            m.name,
            m.title,
            if m.has_time() {
                " (takes a time range)"
            } else {
                " (a figure as of now)"
            }
        );
    }
    out.push_str("\nDimensions, with their values:\n");
    for d in model::DIMENSIONS {
        let values: Vec<&str> = vocabulary
            .values(d.name)
            .take(40)
            .map(String::as_str)
            .collect();
        if values.is_empty() {
            let _ = writeln!(out, "- {}", d.name);
        } else {
            let _ = writeln!(out, "- {}: {}", d.name, values.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposals_are_read_from_json_or_a_code_fence() {
        let q = parse_proposal(r#"{"metrics": ["mrr"]}"#).unwrap_or_default();
        assert_eq!(q.metrics, vec!["mrr"]);
        let q = parse_proposal("```json\n{\"metrics\": [\"arr\"], \"limit\": 3}\n```")
            .unwrap_or_default();
        assert_eq!((q.metrics, q.limit), (vec!["arr".to_string()], Some(3)));
    }

    #[test]
    fn anything_but_a_semantic_query_is_refused() {
        for text in [
            "SELECT * FROM ontology.account",
            r#"{"metrics": ["mrr"], "sql": "DROP TABLE x"}"#,
            r#"{"metrics": "mrr"}"#,
            "",
        ] {
            assert!(
                matches!(parse_proposal(text), Err(LlmError::NotAQuery { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn instructions_list_the_model_and_the_learned_values() {
        let mut vocabulary = Vocabulary::new();
        vocabulary.learn("industry", ["Healthcare".to_string()]);
        let text = instructions(&vocabulary, NaiveDate::MIN);
        assert!(text.contains("- mrr: "), "{text}");
        assert!(text.contains("- industry: Healthcare"), "{text}");
    }
}
