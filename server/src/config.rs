//! `aos.toml`: reading, typing and checking the config file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use aos_engine::{AccelerationConfig, EngineConfig, OntologyConfig, SourceConfig};
use serde::Deserialize;

/// The whole config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// Listen addresses and TLS.
    #[serde(default)]
    pub(crate) server: ServerConfig,
    /// Query limits.
    #[serde(default)]
    pub(crate) engine: EngineConfig,
    /// The sources, each becoming one SQL schema.
    #[serde(default, rename = "source")]
    pub(crate) sources: Vec<SourceConfig>,
    /// The canonical ontology: its folder of mappings and metrics.
    pub(crate) ontology: Option<OntologyConfig>,
    /// The tables served from accelerated copies.
    #[serde(default)]
    pub(crate) accelerate: Vec<AccelerationConfig>,
    /// Natural-language questions.
    #[serde(default)]
    pub(crate) nlq: NlqConfig,
}

/// The `[nlq]` section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NlqConfig {
    /// The day questions are relative to ("last quarter"); default: the latest day of `ontology.usage`
    /// (the declared metrics' "now"), or the current date when there is none.
    pub(crate) today: Option<chrono::NaiveDate>,
    /// An OpenAI-compatible API base (`http://127.0.0.1:11434/v1`): with `model`, questions the parser
    /// is not confident about are also put to this LLM.
    pub(crate) base_url: Option<String>,
    /// The LLM's model name.
    pub(crate) model: Option<String>,
    /// The environment variable holding the LLM's API key (none: no key is sent).
    pub(crate) api_key_env: Option<String>,
    /// The longest wait for the LLM (default 20 s).
    #[serde(default, with = "humantime_serde")]
    pub(crate) timeout: Option<std::time::Duration>,
}

impl NlqConfig {
    /// The LLM to ask, if one is configured, with its key read from the environment.
    pub(crate) fn llm(&self) -> Result<Option<aos_nlq::llm::LlmConfig>, String> {
        let (Some(base_url), Some(model)) = (&self.base_url, &self.model) else {
            return Ok(None);
        };
        let api_key = match &self.api_key_env {
            Some(var) => Some(
                std::env::var(var)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        format!(
                            "nlq.api_key_env names environment variable {var}, which is not set"
                        )
                    })?,
            ),
            None => None,
        };
        Ok(Some(aos_nlq::llm::LlmConfig {
            base_url: base_url.clone(),
            model: model.clone(),
            api_key,
            timeout: self.timeout.unwrap_or(std::time::Duration::from_secs(20)),
        }))
    }
}

/// The `[server]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServerConfig {
    /// Postgres wire protocol address (default `127.0.0.1:5433`).
    #[serde(default = "default_pg_listen")]
    pub(crate) pg_listen: SocketAddr,
    /// HTTP address (default `127.0.0.1:8088`).
    #[serde(default = "default_http_listen")]
    pub(crate) http_listen: SocketAddr,
    /// Arrow Flight SQL address (default `127.0.0.1:50051`).
    #[serde(default = "default_flight_listen")]
    pub(crate) flight_listen: SocketAddr,
    /// PEM certificate chain: with `tls_key`, pgwire clients may use TLS (`sslmode=require`).
    pub(crate) tls_cert: Option<PathBuf>,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1) for `tls_cert`.
    pub(crate) tls_key: Option<PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            pg_listen: default_pg_listen(),
            http_listen: default_http_listen(),
            flight_listen: default_flight_listen(),
            tls_cert: None,
            tls_key: None,
        }
    }
}

fn default_pg_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 5433))
}

fn default_http_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8088))
}

fn default_flight_listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 50051))
}

/// A config file that cannot be used. Displays as one line naming the file, the key and the problem.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub(crate) struct ConfigError {
    path: PathBuf,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(path: &Path, message: impl std::fmt::Display) -> Self {
        Self {
            path: path.to_path_buf(),
            message: one_line(&message.to_string()),
        }
    }
}

impl Config {
    /// Reads and checks `path`.
    pub(crate) fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(path, format!("cannot read config file: {e}")))?;
        Self::parse(path, &text)
    }

    /// Parses config `text`; `path` is only used in error messages.
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let deserializer = toml::de::Deserializer::parse(text)
            .map_err(|e| ConfigError::new(path, describe(text, "", &e)))?;
        let config: Config = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let key = e.path().to_string();
            ConfigError::new(path, describe(text, &key, e.inner()))
        })?;
        config
            .check()
            .map_err(|message| ConfigError::new(path, message))?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        let tls: Result<(), String> = match (&self.server.tls_cert, &self.server.tls_key) {
            (Some(_), None) => {
                Err("server.tls_cert: is set but server.tls_key is not; set both or neither".into())
            }
            (None, Some(_)) => {
                Err("server.tls_key: is set but server.tls_cert is not; set both or neither".into())
            }
            _ => Ok(()),
        };
        tls?;
        match (&self.nlq.base_url, &self.nlq.model) {
            (Some(_), None) => {
                Err("nlq.base_url: is set but nlq.model is not; set both to use an LLM".into())
            }
            (None, Some(_)) => {
                Err("nlq.model: is set but nlq.base_url is not; set both to use an LLM".into())
            }
            (Some(url), Some(_))
                if !(url.starts_with("http://") || url.starts_with("https://")) =>
            {
                Err(format!(
                    "nlq.base_url: {url:?} is not an http:// or https:// URL"
                ))
            }
            _ if self.nlq.api_key_env.is_some() && self.nlq.base_url.is_none() => {
                Err("nlq.api_key_env: is set but no LLM is (set nlq.base_url and nlq.model)".into())
            }
            _ => Ok(()),
        }
    }

    /// The folder relative paths in the config are resolved against.
    pub(crate) fn base_dir(path: &Path) -> PathBuf {
        match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }
}

/// `line N: key: message`, from a TOML error and the serde path of the failing key.
fn describe(text: &str, key: &str, error: &toml::de::Error) -> String {
    // An unknown key's span is its whole table: point at the key itself.
    let unknown = error
        .message()
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next());
    let position = error.span().map(|span| {
        let key_at = unknown.and_then(|name| {
            let mut offset = span.start;
            text.get(span.start..)?
                .split_inclusive('\n')
                .find_map(|line| {
                    let found = line
                        .trim_start()
                        .strip_prefix(name)
                        .is_some_and(|rest| rest.trim_start().starts_with('='));
                    let at = offset;
                    offset += line.len();
                    found.then_some(at)
                })
        });
        key_at.unwrap_or(span.start)
    });
    let line = position.map(|at| text.get(..at).unwrap_or(text).matches('\n').count() + 1);
    let mut out = String::new();
    if let Some(line) = line {
        out.push_str(&format!("line {line}: "));
    }
    if !key.is_empty() && key != "." {
        out.push_str(key);
        out.push_str(": ");
    }
    out.push_str(error.message().trim());
    out
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        Config::parse(Path::new("aos.toml"), text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn defaults_are_loopback() {
        let config = Config::parse(Path::new("aos.toml"), "").ok();
        assert_eq!(
            config.map(|c| c.server.pg_listen.to_string()).as_deref(),
            Some("127.0.0.1:5433")
        );
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let error = error_of("[server]\npg_listen = \"127.0.0.1:1\"\npg_lisen = \"x\"\n");
        assert!(error.starts_with("aos.toml: line 3: "), "{error}");
        assert!(error.contains("unknown field `pg_lisen`"), "{error}");
        assert!(!error.contains('\n'));
    }

    #[test]
    fn bad_value_names_the_key() {
        let error = error_of("[server]\npg_listen = \"not an address\"\n");
        assert!(error.contains("server.pg_listen"), "{error}");
    }

    #[test]
    fn unknown_source_kind_is_named() {
        let error = error_of("[[source]]\nname = \"x\"\nkind = \"oracle\"\n");
        assert!(
            error.contains("source[0]") && error.contains("oracle"),
            "{error}"
        );
    }

    #[test]
    fn unknown_source_setting_is_named() {
        let error =
            error_of("[[source]]\nname = \"x\"\nkind = \"files\"\nurl = \".\"\nbucket = \"b\"\n");
        assert!(error.contains("unknown field `bucket`"), "{error}");
    }

    #[test]
    fn bad_engine_limits_are_named() {
        assert!(error_of("[engine]\nquery_timeout = \"soon\"\n").contains("engine.query_timeout"));
        assert!(error_of("[engine]\nmemory_limit = \"lots\"\n").contains("engine.memory_limit"));
    }

    #[test]
    fn tls_needs_both_halves() {
        assert!(error_of("[server]\ntls_cert = \"c.pem\"\n").contains("server.tls_key"));
    }

    #[test]
    fn syntax_error_is_one_line() {
        let error = error_of("[server\n");
        assert!(error.starts_with("aos.toml: line 1: "), "{error}");
        assert!(!error.contains('\n'));
    }
}
